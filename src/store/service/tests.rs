//! Store operation tests on a real SQLite file: idempotent ingest, closing by scope, metrics,
//! roles, nothing sensitive in clear at rest, and the audit chain catching edits and deletions.

use super::*;
use crate::store::clock::ManualClock;
use crate::store::db::{AuditEvent, SqliteStorage};

struct Fixture {
    _directory: tempfile::TempDir,
    storage: Arc<SqliteStorage>,
    store: Store,
    clock: ManualClock,
}

fn fixture() -> Fixture {
    let directory = tempfile::tempdir().expect("tempdir");
    let storage = Arc::new(SqliteStorage::open(&directory.path().join("store.db")).expect("opens"));
    let clock = ManualClock::new(1_760_000_000);
    let store = Store::new(
        storage.clone(),
        MasterKeys::ephemeral(),
        Arc::new(clock.clone()),
    );
    Fixture {
        _directory: directory,
        storage,
        store,
        clock,
    }
}

fn principal(tenant: &str, role: Role) -> Principal {
    Principal {
        access_key_id: "CWKTEST".into(),
        tenant: tenant.into(),
        role,
    }
}

/// A scan record with one finding per id; `title` varies the content.
pub(crate) fn record_json(
    scan_id: &str,
    scan_name: &str,
    finding_ids: &[&str],
    title: &str,
) -> Vec<u8> {
    let findings: Vec<serde_json::Value> = finding_ids
        .iter()
        .map(|id| {
            serde_json::json!({
                "id": id, "title": title, "severity": "High", "ruleId": "sql-injection",
                "vulnerability": {"filePath": {"path": "app/db.py", "name": "db.py", "startLine": 3,
                  "endLine": 3, "codeSnippet": [{"number": 3, "content": "cursor.execute(SECRET_QUERY + q)"}]}}
            })
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "scanId": scan_id, "scanName": scan_name,
        "scope": {"repository": "github.com/acme/private-repo", "branch": "main", "commit": "abc"},
        "tool": {"name": "codeward", "version": "0.1.0"},
        "startedAt": "2025-12-01T00:00:00Z", "finishedAt": "2025-12-01T00:00:05Z",
        "findings": findings,
    }))
    .expect("serializes")
}

#[test]
fn same_id_same_content_replays_and_other_content_conflicts() {
    let f = fixture();
    let writer = principal("acme", Role::Writer);
    let body = record_json("scan-1", "nightly", &["f1"], "SQL injection");
    let created = f.store.create_scan(&writer, &body).expect("created");
    assert_eq!(created.status, CreateStatus::Created);
    assert_eq!(created.content_hash, hex::encode(Sha256::digest(&body)));
    let replayed = f.store.create_scan(&writer, &body).expect("replayed");
    assert_eq!(
        replayed,
        CreateScanResponse {
            status: CreateStatus::Replayed,
            ..created
        }
    );
    let other = record_json("scan-1", "nightly", &["f1"], "changed");
    let error = f.store.create_scan(&writer, &other).expect_err("conflict");
    assert_eq!(
        error.to_string(),
        "scan scan-1 was already stored with different content; use a new scanId"
    );
}

#[test]
fn findings_missing_from_a_later_scan_of_the_scope_are_closed_and_feed_metrics() {
    let f = fixture();
    let writer = principal("acme", Role::Writer);
    f.store
        .create_scan(
            &writer,
            &record_json("scan-1", "nightly", &["f1", "f2"], "t"),
        )
        .expect("first");
    f.clock.advance(3600);
    f.store
        .create_scan(&writer, &record_json("scan-2", "nightly", &["f2"], "t"))
        .expect("second");
    let ids = |status| {
        let found = f
            .store
            .findings(&writer, Some("nightly"), status)
            .expect("reads");
        found
            .into_iter()
            .map(|finding| (finding.id, finding.status))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        ids(Some(FindingStatus::Open)),
        vec![("f2".to_owned(), FindingStatus::Open)]
    );
    assert_eq!(
        ids(Some(FindingStatus::Closed)),
        vec![("f1".to_owned(), FindingStatus::Closed)]
    );
    assert_eq!(ids(None).len(), 2);
    let metrics = f.store.metrics(&writer).expect("metrics");
    assert_eq!(metrics.mean_time_to_close_seconds, Some(3600.0));
    assert_eq!(metrics.closed_findings, 1);
    assert_eq!(
        metrics.open_findings[1],
        SeverityCount {
            severity: Severity::High,
            count: 1
        }
    );
}

#[test]
fn roles_and_tenants_are_enforced() {
    let f = fixture();
    let writer = principal("acme", Role::Writer);
    f.store
        .create_scan(&writer, &record_json("scan-1", "nightly", &["f1"], "t"))
        .expect("created");
    let reader = principal("acme", Role::Reader);
    let error = f
        .store
        .create_scan(&reader, &record_json("scan-9", "x", &[], "t"))
        .expect_err("forbidden");
    assert_eq!(
        error.to_string(),
        "role reader may not create scans; it needs writer"
    );
    let stranger = principal("globex", Role::Admin);
    assert!(f.store.list_scans(&stranger).expect("lists").is_empty());
    assert!(matches!(
        f.store.get_scan(&stranger, "nightly"),
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        f.store.findings(&stranger, Some("nightly"), None),
        Err(StoreError::NotFound(_))
    ));
    assert!(
        f.store
            .findings(&stranger, None, None)
            .expect("reads")
            .is_empty()
    );
    assert_eq!(
        f.store.finding(&stranger, "nightly", "f1").expect("reads"),
        None
    );
    // The same scan id in another tenant is another scan, not a conflict.
    let globex_writer = principal("globex", Role::Writer);
    let answer = f
        .store
        .create_scan(
            &globex_writer,
            &record_json("scan-1", "nightly", &["f1"], "other"),
        )
        .expect("ok");
    assert_eq!(answer.status, CreateStatus::Created);
}

#[test]
fn nothing_sensitive_is_stored_in_clear() {
    let f = fixture();
    let key = f
        .store
        .create_access_key("acme", Role::Writer)
        .expect("key");
    let writer = principal("acme", Role::Writer);
    f.store
        .create_scan(
            &writer,
            &record_json("scan-1", "nightly-build", &["f1"], "SQL injection"),
        )
        .expect("ok");
    let mut at_rest = Vec::new();
    for table in ["access_keys", "scans", "findings"] {
        for row in f
            .storage
            .raw_query(&format!("SELECT * FROM {table}"))
            .expect("reads")
        {
            at_rest.extend(row);
        }
    }
    let text = String::from_utf8_lossy(&at_rest);
    for needle in [
        key.secret_access_key.as_str(),
        "nightly-build",
        "private-repo",
        "SECRET_QUERY",
        "SQL injection",
    ] {
        assert!(!text.contains(needle), "{needle} is stored in clear");
    }
    let (secret, found) = f
        .store
        .credentials(&key.access_key_id)
        .expect("reads")
        .expect("live");
    assert_eq!(
        (secret, found.tenant),
        (key.secret_access_key, "acme".to_owned())
    );
    f.store
        .revoke_access_key(&key.access_key_id)
        .expect("revokes");
    assert_eq!(
        f.store.credentials(&key.access_key_id).expect("reads"),
        None
    );
}

fn event(n: i64) -> AuditEvent {
    AuditEvent {
        time: 1_760_000_000 + n,
        principal: "CWKTEST".into(),
        tenant: "acme".into(),
        action: "ListScans".into(),
        resource: "/v1/scans".into(),
        source: "127.0.0.1".into(),
        result: "200".into(),
        request_id: format!("req-{n}"),
    }
}

#[test]
fn audit_verify_detects_edited_and_deleted_events() {
    let f = fixture();
    for n in 1..=4 {
        f.store.audit(&event(n)).expect("appends");
    }
    let report = f.store.verify_audit().expect("reads").expect("intact");
    assert_eq!(report.events, 4);
    f.storage
        .raw_execute("UPDATE audit_events SET result = '403' WHERE seq = 2")
        .expect("edits");
    assert_eq!(
        f.store.verify_audit().expect("reads"),
        Err("event 2 was edited".to_owned())
    );
    f.storage
        .raw_execute("UPDATE audit_events SET result = '200' WHERE seq = 2")
        .expect("restores");
    assert!(f.store.verify_audit().expect("reads").is_ok());
    f.storage
        .raw_execute("DELETE FROM audit_events WHERE seq = 3")
        .expect("deletes");
    assert_eq!(
        f.store.verify_audit().expect("reads"),
        Err("event 3 is missing (found 4 next)".to_owned())
    );
}
