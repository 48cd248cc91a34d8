//! Customer-managed keys, the account configuration endpoint and master key rotation, on both
//! backends.

#[cfg(unix)]
use std::os::unix::fs::PermissionsExt;

use codeward::store::ApiConfig;
use codeward::store::Role;
use codeward::store::db::{IngestOutcome, ScanRow};
use codeward::store::service::Principal;
use serde_json::json;

use super::harness::{Backend, client, error, error_code, ids, record, start};

fn place_customer_key(data_dir: &std::path::Path, key_id: &str, key_hex: &str) {
    let directory = data_dir.join("customer-keys");
    std::fs::create_dir_all(&directory).expect("creates");
    let path = directory.join(format!("{key_id}.key"));
    std::fs::write(&path, key_hex).expect("writes");
    // On Windows the file keeps the ACLs of the temporary folder, and the store does not check.
    #[cfg(unix)]
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
}

const KEY_HEX: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

/// The wrapping key family of every sealed value of `tenant`, by table.
async fn families(harness: &super::harness::Harness, tenant: &str) -> Vec<(String, String)> {
    let tenant = tenant.to_owned();
    harness
        .blocking(move |store| {
            store
                .storage()
                .sealed_cells(Some(&tenant))
                .expect("reads")
                .into_iter()
                .map(|cell| {
                    (
                        cell.table.to_owned(),
                        String::from_utf8_lossy(&cell.sealed[..4]).into_owned(),
                    )
                })
                .collect()
        })
        .await
}

pub async fn a_customer_managed_key_wraps_the_account_data_and_without_it_nothing_reads(
    backend: Backend,
) {
    let harness = start(backend, ApiConfig::default()).await;
    let admin = harness.key("acme", Role::Admin).await;
    let writer = harness.key("acme", Role::Writer).await;
    let globex = harness.key("globex", Role::Writer).await;
    let client = client(&harness.ca_pem, None);
    let first = record("scan-1", "nightly", &["f1"], "SQL injection");
    harness
        .signed(&client, &writer, "POST", "/v1/scans", &first)
        .await;
    let theirs = record("scan-9", "nightly", &["g1"], "other");
    harness
        .signed(&client, &globex, "POST", "/v1/scans", &theirs)
        .await;
    let empty = harness
        .signed(&client, &writer, "GET", "/v1/account/configuration", b"")
        .await;
    assert_eq!(
        (empty.status, empty.body.clone()),
        (200, json!({"encryptionConfig": {}}))
    );

    let configure =
        serde_json::to_vec(&json!({"encryptionConfig": {"kmsKeyId": "cmk-1"}})).expect("json");
    let missing = harness
        .signed(
            &client,
            &admin,
            "PUT",
            "/v1/account/configuration",
            &configure,
        )
        .await;
    assert_eq!(
        error(&missing),
        (
            400,
            "ValidationException",
            "customer-managed key cmk-1 is not available to the store: place it as cmk-1.key \
             (64 hex digits, mode 0600) in the store's customer key directory"
        )
    );
    let as_writer = harness
        .signed(
            &client,
            &writer,
            "PUT",
            "/v1/account/configuration",
            &configure,
        )
        .await;
    assert_eq!(
        error(&as_writer),
        (
            403,
            "AccessDeniedException",
            "role writer may not change the account configuration; it needs admin"
        )
    );

    let data_dir = harness.store_config.data_dir.clone();
    place_customer_key(&data_dir, "cmk-1", KEY_HEX);
    let set = harness
        .signed(
            &client,
            &admin,
            "PUT",
            "/v1/account/configuration",
            &configure,
        )
        .await;
    assert_eq!(
        (set.status, set.body.clone()),
        (200, json!({"encryptionConfig": {"kmsKeyId": "cmk-1"}}))
    );
    // A write sealed for the key the account has just left is not stored.
    let stale = harness
        .blocking(|store| {
            let storage = store.storage();
            let before = storage.row_count("scans").expect("counts");
            let row = ScanRow {
                tenant: "acme".into(),
                scan_id: "stale".into(),
                name_index: "n".into(),
                scope_index: "s".into(),
                content_hash: "h".into(),
                created_at: 1,
                finding_count: 0,
                sealed_record: b"sealed for the master key".to_vec(),
            };
            let outcome = storage.ingest_scan(&row, &[], None).expect("runs");
            (
                outcome,
                storage.row_count("scans").expect("counts") - before,
            )
        })
        .await;
    assert_eq!(stale, (IngestOutcome::KeyChanged, 0));
    let second = record("scan-2", "nightly", &["f1", "f2"], "SQL injection");
    let created = harness
        .signed(&client, &writer, "POST", "/v1/scans", &second)
        .await;
    assert_eq!(created.status, 200);
    // Scans and findings, old and new, are now wrapped by the customer key; access key
    // secrets stay under the master key so that the account can still sign in.
    let mut acme = families(&harness, "acme").await;
    acme.sort();
    acme.dedup();
    assert_eq!(
        acme,
        [
            ("access_keys".to_owned(), "CWE1".to_owned()),
            ("findings".to_owned(), "CWC1".to_owned()),
            ("scans".to_owned(), "CWC1".to_owned()),
        ]
    );
    assert!(
        families(&harness, "globex")
            .await
            .iter()
            .all(|(_, family)| family == "CWE1")
    );
    let open = harness
        .signed(
            &client,
            &writer,
            "GET",
            "/v1/findings?scanName=nightly",
            b"",
        )
        .await;
    assert_eq!(
        ids(&open),
        [
            ("f1".to_owned(), "Open".to_owned()),
            ("f2".to_owned(), "Open".to_owned())
        ]
    );

    // The customer takes the key away: the store cannot read the account's data, and says so.
    let key_file = data_dir.join("customer-keys").join("cmk-1.key");
    std::fs::remove_file(&key_file).expect("removes");
    let unavailable = (
        403,
        "KMSKeyNotAccessibleException",
        "the account's customer-managed key cmk-1 is not available to the store, so the \
         account's data cannot be read; restore cmk-1.key in the customer key directory",
    );
    for (method, target, body) in [
        ("GET", "/v1/findings?scanName=nightly", Vec::new()),
        ("GET", "/v1/scans", Vec::new()),
        ("GET", "/v1/scans/nightly", Vec::new()),
        (
            "POST",
            "/v1/scans",
            record("scan-3", "nightly", &["f1"], "SQL injection"),
        ),
    ] {
        let answer = harness
            .signed(&client, &writer, method, target, &body)
            .await;
        assert_eq!(error(&answer), unavailable, "{method} {target}");
    }
    // Another account is not affected.
    let other = harness
        .signed(&client, &globex, "GET", "/v1/findings", b"")
        .await;
    assert_eq!(ids(&other), [("g1".to_owned(), "Open".to_owned())]);
    // A store process cannot read it either, whatever its master key.
    let reopened = harness.reopen().await;
    let principal = Principal {
        access_key_id: writer.access_key_id.clone(),
        tenant: "acme".into(),
        role: Role::Reader,
    };
    let direct = tokio::task::spawn_blocking(move || {
        reopened
            .findings(&principal, None, None)
            .map(|found| found.len())
            .map_err(|error| error.to_string())
    })
    .await
    .expect("joins");
    assert_eq!(direct, Err(unavailable.2.to_owned()));

    // Restored, it reads again. Moving to another customer key re-wraps every data key under
    // it: the first key is then not needed any more.
    place_customer_key(&data_dir, "cmk-1", KEY_HEX);
    place_customer_key(&data_dir, "cmk-2", &KEY_HEX.replace('0', "f"));
    let to_second =
        serde_json::to_vec(&json!({"encryptionConfig": {"kmsKeyId": "cmk-2"}})).expect("json");
    let moved = harness
        .signed(
            &client,
            &admin,
            "PUT",
            "/v1/account/configuration",
            &to_second,
        )
        .await;
    assert_eq!(moved.status, 200);
    std::fs::remove_file(&key_file).expect("removes");
    let under_second = harness
        .signed(
            &client,
            &writer,
            "GET",
            "/v1/findings?scanName=nightly",
            b"",
        )
        .await;
    assert_eq!(ids(&under_second).len(), 2);
    // Switching back re-wraps everything under the master key.
    let back = serde_json::to_vec(&json!({"encryptionConfig": {}})).expect("json");
    let reset = harness
        .signed(&client, &admin, "PUT", "/v1/account/configuration", &back)
        .await;
    assert_eq!(reset.status, 200);
    std::fs::remove_file(data_dir.join("customer-keys").join("cmk-2.key")).expect("removes");
    assert!(
        families(&harness, "acme")
            .await
            .iter()
            .all(|(_, family)| family == "CWE1")
    );
    let readable = harness
        .signed(
            &client,
            &writer,
            "GET",
            "/v1/findings?scanName=nightly",
            b"",
        )
        .await;
    assert_eq!(ids(&readable).len(), 2);
    let bad_id = serde_json::to_vec(&json!({"encryptionConfig": {"kmsKeyId": "../etc/passwd"}}))
        .expect("json");
    let refused = harness
        .signed(&client, &admin, "PUT", "/v1/account/configuration", &bad_id)
        .await;
    assert_eq!(error_code(&refused), (400, "ValidationException"));
}

pub async fn rotation_rewraps_every_data_key_and_keeps_the_ciphertext(backend: Backend) {
    let harness = start(backend, ApiConfig::default()).await;
    let writer = harness.key("acme", Role::Writer).await;
    let client = client(&harness.ca_pem, None);
    for scan_id in ["scan-1", "scan-2"] {
        let body = record(scan_id, "nightly", &["f1", "f2"], "SQL injection");
        harness
            .signed(&client, &writer, "POST", "/v1/scans", &body)
            .await;
    }
    let before = harness
        .blocking(|store| store.storage().sealed_cells(None).expect("reads"))
        .await;
    let mut rotating = harness.reopen().await;
    let (version, report, after) = tokio::task::spawn_blocking(move || {
        let (version, report) = rotating.rotate_master_key().expect("rotates");
        let after = rotating.storage().sealed_cells(None).expect("reads");
        (version, report, after)
    })
    .await
    .expect("joins");
    assert_eq!(version, 2);
    assert_eq!(report.rewrapped, before.len());
    assert_eq!(before.len(), after.len());
    // Header: magic 4, version 4, wrap nonce 12, wrapped key 48; then the data nonce and
    // ciphertext, which rotation does not touch.
    for (old, new) in before.iter().zip(&after) {
        assert_eq!((old.table, &old.record), (new.table, &new.record));
        assert_eq!(&old.sealed[..8], b"CWE1\0\0\0\x01");
        assert_eq!(&new.sealed[..8], b"CWE1\0\0\0\x02");
        assert_ne!(old.sealed[8..68], new.sealed[8..68]);
        assert_eq!(old.sealed[68..], new.sealed[68..]);
    }
    // A restarted process reads everything with the new key file; the old key is gone.
    let restarted = harness.reopen().await;
    let principal = Principal {
        access_key_id: writer.access_key_id.clone(),
        tenant: "acme".into(),
        role: Role::Reader,
    };
    let read = tokio::task::spawn_blocking(move || {
        let findings = restarted.findings(&principal, None, None).expect("reads");
        let secret = restarted
            .credentials(&principal.access_key_id)
            .expect("reads")
            .map(|(secret, _)| secret);
        (findings.len(), secret)
    })
    .await
    .expect("joins");
    assert_eq!(read, (2, Some(writer.secret_access_key.clone())));
}
