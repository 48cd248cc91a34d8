//! Sync end to end: the `codeward` binary and the sync library against the real store over
//! TLS (a test CA), with faults in between and the client killed mid-delivery; the language
//! server syncing on save and on workspace scans (`sync/lsp.rs`).
//!
//! Tests named `keyring_*` need a Secret Service on the session bus and are ignored by a plain
//! `cargo test`; `scripts/keyring-session.sh` runs them inside a private D-Bus session with a
//! real, unlocked gnome-keyring (see scripts/test-all.sh).

#[path = "sync/fault.rs"]
mod fault;
#[path = "sync/harness.rs"]
mod harness;
#[path = "sync/keyring.rs"]
mod keyring;
#[path = "sync/kill.rs"]
mod kill;
#[path = "sync/lsp.rs"]
mod lsp;

use std::time::{Duration, Instant};

use codeward::protocol::{CreateStatus, Finding, ScanRecord, Scope, Tool};
use codeward::sync::client::{ClientConfig, StoreClient};
use codeward::sync::deliver::{self, Backoff, DeliveryOptions, DeliveryReport};
use codeward::sync::outbox::{Outbox, OutboxKey, State};
use fault::Fault;
use harness::{PROJECT_SECRET, StoreHarness, bare_codeward, run, run_with_stdin};

#[test]
fn scan_sync_delivers_the_record_and_findings_read_back() {
    let harness = StoreHarness::start();
    let project = harness::project(harness.directory.path());
    let project_arg = project.to_str().expect("utf-8");
    let endpoint = harness.endpoint();
    let scan = run(harness.codeward(
        &endpoint,
        &[
            "scan",
            project_arg,
            "--format",
            "json",
            "--sync",
            "--name",
            "nightly",
        ],
    ));
    assert_eq!(scan.code, 1, "{}", scan.stderr);
    let stderr: Vec<&str> = scan.stderr.lines().collect();
    assert_eq!(stderr.len(), 2, "{}", scan.stderr);
    assert!(stderr[0].starts_with("sync: record ") && stderr[0].ends_with(" queued (3 findings)"));
    assert_eq!(
        stderr[1],
        "sync: 1 delivered (1 created, 0 replayed), 0 pending, 0 dead-lettered"
    );

    let stored = harness.stored_scans();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].scan_name, "nightly");
    assert_eq!(stored[0].finding_count, 3);

    let listed = run(harness.codeward(
        &endpoint,
        &["findings", "list", "--scan", "nightly", "--format", "json"],
    ));
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    let findings: Vec<Finding> = serde_json::from_str(&listed.stdout).expect("json");
    let seen = harness::rule_path_line(&findings);
    assert_eq!(
        seen,
        vec![
            ("hardcoded-secret-assignment".into(), "app/db.py".into(), 3),
            ("python-hardcoded-password".into(), "app/db.py".into(), 3),
            ("python-unsafe-yaml-load".into(), "app/db.py".into(), 7),
        ]
    );
    assert!(!listed.stdout.contains(PROJECT_SECRET), "{}", listed.stdout);

    let text = run(harness.codeward(&endpoint, &["findings", "list"]));
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert_eq!(text.stdout.lines().count(), 3, "{}", text.stdout);

    let scans = run(harness.codeward(&endpoint, &["scans", "list", "--format", "json"]));
    let summaries: Vec<codeward::protocol::ScanSummary> =
        serde_json::from_str(&scans.stdout).expect("json");
    assert_eq!(summaries, stored);

    let status = run(harness.codeward(&endpoint, &["sync", "--status"]));
    assert_eq!(status.stdout, "outbox: 0 pending, 0 dead-lettered\n");

    // The record's scope: repository from the remote without its credentials, branch, commit.
    let record = harness
        .runtime
        .block_on(client(&harness, &endpoint).findings(Some("nightly"), "All"))
        .expect("reads");
    assert_eq!(record.len(), 3);
    let stored_record = harness.stored_record("nightly");
    let record: ScanRecord = serde_json::from_str(&stored_record).expect("record");
    assert_eq!(
        record.scope,
        Scope {
            repository: "git.example/acme/app".into(),
            branch: "main".into(),
            commit: "0123456789abcdef0123456789abcdef01234567".into(),
        }
    );
    assert_eq!(
        record.findings[0].vulnerability.file_path.code_snippet[0].content,
        "password = \"Zq8x********\""
    );
    let secret = &harness.key.secret_access_key;
    for text in [&stored_record, &listed.stdout] {
        assert!(!text.contains(PROJECT_SECRET));
        assert!(!text.contains("hunter2token"));
        assert!(!text.contains(secret.as_str()));
    }
    for output in [
        &scan.stdout,
        &scan.stderr,
        &listed.stdout,
        &text.stdout,
        &scans.stdout,
    ] {
        assert!(!output.contains(secret.as_str()));
        assert!(!output.contains("hunter2token"));
    }
    assert_eq!(
        harness::files_containing(&harness.client_dir(), secret),
        Vec::<std::path::PathBuf>::new()
    );
    assert_eq!(
        harness::files_containing(&harness.client_dir(), PROJECT_SECRET),
        Vec::<std::path::PathBuf>::new()
    );
}

fn client(harness: &StoreHarness, endpoint: &str) -> StoreClient {
    StoreClient::new(
        &harness.credentials(endpoint),
        ClientConfig {
            region: "local".into(),
            connect_timeout: Duration::from_secs(2),
            request_timeout: Duration::from_secs(2),
        },
    )
    .expect("client")
}

#[test]
fn endpoints_that_are_not_https_or_carry_credentials_are_refused() {
    let home = tempfile::tempdir().expect("tempdir");
    for (endpoint, message) in [
        (
            "http://store.example:8443",
            "error: --endpoint: the endpoint must use https://; plain http:// is allowed only to a loopback address with --insecure-loopback-http\n",
        ),
        (
            "https://CWKID:hunter2@store.example:8443",
            "error: --endpoint: credentials in the endpoint URL are refused; give the access key at the prompt, on stdin, or in CODEWARD_ACCESS_KEY_ID and CODEWARD_SECRET_ACCESS_KEY\n",
        ),
    ] {
        let login = run_with_stdin(
            &mut bare_codeward(home.path(), &["login", "--endpoint", endpoint]),
            Some("CWKID\nsecret\n"),
        );
        assert_eq!((login.code, login.stderr.as_str()), (2, message));
    }
}

/// The silent bus is a D-Bus address on a Unix socket.
#[cfg(unix)]
#[test]
fn an_unanswering_keyring_is_given_up_within_3_seconds() {
    let home = tempfile::tempdir().expect("tempdir");
    let socket = home.path().join("silent-bus");
    // A bus that accepts connections and never says a word.
    let listener = std::os::unix::net::UnixListener::bind(&socket).expect("binds");
    let holder = std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().take(4) {
            held.push(stream);
        }
        held
    });
    for args in [&["whoami"][..], &["logout"], &["sync", "--status"]] {
        let started = Instant::now();
        let mut command = bare_codeward(home.path(), args);
        command.env(
            "DBUS_SESSION_BUS_ADDRESS",
            format!("unix:path={}", socket.display()),
        );
        let outcome = run(&mut command);
        let elapsed = started.elapsed();
        assert_eq!(
            (outcome.code, outcome.stderr.as_str()),
            (
                3,
                "error: the OS keyring did not answer within 3 s; start and unlock a Secret Service keyring (for example gnome-keyring-daemon), or set CODEWARD_ENDPOINT, CODEWARD_ACCESS_KEY_ID and CODEWARD_SECRET_ACCESS_KEY\n"
            ),
            "{args:?}"
        );
        assert!(
            elapsed >= Duration::from_millis(2900) && elapsed < Duration::from_millis(4500),
            "{args:?} took {elapsed:?}"
        );
    }
    drop(holder);
}

#[test]
fn no_keyring_says_what_to_do() {
    let home = tempfile::tempdir().expect("tempdir");
    let started = Instant::now();
    let outcome = run(&mut bare_codeward(home.path(), &["whoami"]));
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(outcome.code, 3);
    assert!(
        outcome.stderr.starts_with("error: the OS keyring is not reachable (")
            && outcome.stderr.ends_with("); start and unlock a Secret Service keyring (for example gnome-keyring-daemon), or set CODEWARD_ENDPOINT, CODEWARD_ACCESS_KEY_ID and CODEWARD_SECRET_ACCESS_KEY\n"),
        "{}",
        outcome.stderr
    );
}

#[test]
fn ci_credentials_from_the_environment_and_whoami_asks_the_store() {
    let harness = StoreHarness::start();
    let endpoint = harness.endpoint();
    let whoami = run(harness.codeward(&endpoint, &["whoami"]));
    assert_eq!(
        (whoami.code, whoami.stderr.as_str()),
        (0, ""),
        "{}",
        whoami.stderr
    );
    assert_eq!(
        whoami.stdout,
        format!(
            "endpoint: {endpoint}\naccess key id: {}\ntenant: acme\nrole: writer\ncredentials from: the environment (CODEWARD_*)\n",
            harness.key.access_key_id
        )
    );
    assert!(!whoami.stdout.contains(&harness.key.secret_access_key));
    // The call is signed like every other: a wrong secret is refused, and whoami says so.
    let mut wrong = harness.codeward(&endpoint, &["whoami"]);
    wrong.env("CODEWARD_SECRET_ACCESS_KEY", "not-the-secret");
    let wrong = run(&mut wrong);
    assert_eq!(
        (wrong.code, wrong.stderr.as_str()),
        (
            0,
            "warning: cannot ask the store who this is: the store refused the request: HTTP 401 SignatureDoesNotMatch: the signature does not match; check the secret key and the signing method\n"
        )
    );
    assert_eq!(
        wrong.stdout,
        format!(
            "endpoint: {endpoint}\naccess key id: {}\ntenant: unknown\nrole: unknown\ncredentials from: the environment (CODEWARD_*)\n",
            harness.key.access_key_id
        )
    );
    let mut partial = bare_codeward(harness.directory.path(), &["whoami"]);
    partial.env("CODEWARD_ENDPOINT", "https://store.example");
    let partial = run(&mut partial);
    assert_eq!(
        (partial.code, partial.stderr.as_str()),
        (
            3,
            "error: set all of CODEWARD_ENDPOINT, CODEWARD_ACCESS_KEY_ID and CODEWARD_SECRET_ACCESS_KEY, or none; CODEWARD_ACCESS_KEY_ID is missing\n"
        )
    );
}

#[test]
fn records_wait_while_the_store_is_down_and_refused_ones_are_dead_lettered() {
    let mut harness = StoreHarness::start();
    let project = harness::project(harness.directory.path());
    let project_arg = project.to_str().expect("utf-8");
    let endpoint = harness.endpoint();
    let listen = harness.addr();
    harness.stop();
    let scan = run(harness.codeward(
        &endpoint,
        &["scan", project_arg, "--sync", "--name", "offline"],
    ));
    assert_eq!(scan.code, 1, "{}", scan.stderr);
    let lines: Vec<&str> = scan.stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{}", scan.stderr);
    let record_id = lines[0]
        .strip_prefix("sync: record ")
        .and_then(|rest| rest.strip_suffix(" queued (3 findings)"))
        .expect("queued line");
    assert_eq!(
        lines[1],
        format!(
            "warning: record {record_id} stays in the outbox: the store is unreachable: cannot connect: Connection refused (os error 111)"
        )
    );
    assert_eq!(
        lines[2],
        "sync: 0 delivered (0 created, 0 replayed), 1 pending, 0 dead-lettered"
    );

    let status = run(harness.codeward(&endpoint, &["sync", "--status"]));
    assert_eq!(
        status.stdout,
        format!(
            "outbox: 1 pending, 0 dead-lettered\npending  {record_id}  offline  3 findings  1 attempts  last error: the store is unreachable: cannot connect: Connection refused (os error 111)\n"
        )
    );

    harness.serve(listen);
    let sync = run(harness.codeward(&endpoint, &["sync"]));
    assert_eq!(sync.code, 0, "{}", sync.stderr);
    assert_eq!(
        sync.stderr,
        "sync: 1 delivered (1 created, 0 replayed), 0 pending, 0 dead-lettered\n"
    );
    assert_eq!(harness.stored_scans().len(), 1);
}

#[test]
fn a_refused_record_is_dead_lettered_and_shown() {
    let harness = StoreHarness::start();
    let project = harness::project(harness.directory.path());
    let project_arg = project.to_str().expect("utf-8");
    let endpoint = harness.endpoint();
    let reader = harness
        .store
        .create_access_key("acme", codeward::store::Role::Reader)
        .expect("creates a key");
    let as_reader = |args: &[&str]| {
        let mut command = harness.codeward(&endpoint, args);
        command
            .env("CODEWARD_ACCESS_KEY_ID", &reader.access_key_id)
            .env("CODEWARD_SECRET_ACCESS_KEY", &reader.secret_access_key);
        run(&mut command)
    };
    let scan = as_reader(&["scan", project_arg, "--sync", "--name", "nightly"]);
    assert_eq!(scan.code, 1, "{}", scan.stderr);
    let lines: Vec<&str> = scan.stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{}", scan.stderr);
    let record_id = lines[0]
        .strip_prefix("sync: record ")
        .and_then(|rest| rest.strip_suffix(" queued (3 findings)"))
        .expect("queued line");
    let refusal =
        "HTTP 403 AccessDeniedException: role reader may not create scans; it needs writer";
    assert_eq!(
        lines[1],
        format!("error: the store refused record {record_id}; it is dead-lettered: {refusal}")
    );
    assert_eq!(
        lines[2],
        "sync: 0 delivered (0 created, 0 replayed), 0 pending, 1 dead-lettered"
    );
    let status = as_reader(&["sync", "--status"]);
    assert_eq!(
        status.stdout,
        format!(
            "outbox: 0 pending, 1 dead-lettered\ndead     {record_id}  nightly  3 findings  1 attempts  error: {refusal}\n"
        )
    );
    let sync = as_reader(&["sync"]);
    assert_eq!(
        (sync.code, sync.stderr.as_str()),
        (
            3,
            "sync: 0 delivered (0 created, 0 replayed), 0 pending, 1 dead-lettered\nerror: 1 records not delivered; see `codeward sync --status`\n"
        )
    );
    // With a writer key for the same outbox the record goes through after a requeue; the outbox
    // key is derived from the secret in CI, so the reader's outbox is opened with the reader's.
    assert_eq!(harness.stored_scans().len(), 0);
}

fn sample_record(index: usize, findings: usize) -> ScanRecord {
    let finding = |number: usize| -> Finding {
        serde_json::from_value(serde_json::json!({
            "id": format!("f{index}x{number}"), "title": "Unsafe YAML load", "severity": "High",
            "ruleId": "python-unsafe-yaml-load", "description": "x".repeat(200),
            "vulnerability": {"filePath": {"path": "app/db.py", "name": "db.py",
                "startLine": number, "endLine": number}}
        }))
        .expect("finding")
    };
    ScanRecord {
        scan_id: codeward::sync::record::new_record_id(),
        scan_name: format!("batch {index}"),
        scope: Scope {
            repository: "acme/app".into(),
            branch: format!("b{index}"),
            commit: String::new(),
        },
        tool: Tool {
            name: "codeward".into(),
            version: "0.1.0".into(),
            ruleset_hash: String::new(),
        },
        started_at: "2025-12-01T00:00:00Z".into(),
        finished_at: "2025-12-01T00:00:05Z".into(),
        metadata: Default::default(),
        tags: vec![],
        findings: (1..=findings).map(finding).collect(),
    }
}

/// One record in a fresh outbox, one delivery run through `endpoint` with no in-run retry.
fn deliver_once(
    harness: &StoreHarness,
    outbox: &Outbox,
    endpoint: &str,
    timeout: Duration,
) -> DeliveryReport {
    let client = StoreClient::new(
        &harness.credentials(endpoint),
        ClientConfig {
            region: "local".into(),
            connect_timeout: timeout,
            request_timeout: timeout,
        },
    )
    .expect("client");
    let options = DeliveryOptions {
        backoff: Backoff {
            base: Duration::from_millis(10),
            cap: Duration::from_millis(50),
        },
        deadline: Duration::ZERO,
        only_due: false,
    };
    harness
        .runtime
        .block_on(deliver::deliver(outbox, &client, &options))
        .expect("delivers")
}

fn check_fault(fault_endpoint: impl FnOnce(&StoreHarness) -> String, expected_reason: &str) {
    let harness = StoreHarness::start();
    let folder = tempfile::tempdir().expect("tempdir");
    let outbox = Outbox::open(folder.path(), OutboxKey::new("test", [9; 32])).expect("opens");
    let record = sample_record(1, 60);
    outbox.enqueue(&record).expect("enqueues");
    let endpoint = fault_endpoint(&harness);
    let started = Instant::now();
    let report = deliver_once(&harness, &outbox, &endpoint, Duration::from_secs(1));
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(
        report,
        DeliveryReport {
            retrying: vec![(record.scan_id.clone(), expected_reason.to_owned())],
            ..DeliveryReport::default()
        }
    );
    let status = outbox.status().expect("status");
    assert_eq!(status.len(), 1);
    assert_eq!(
        (
            status[0].state,
            status[0].attempts,
            status[0].last_error.as_deref()
        ),
        (State::Pending, 1, Some(expected_reason))
    );
    assert_eq!(outbox.integrity_check().expect("checks"), "ok");

    // Once the store answers, the same bytes go through; a replay if the faulty run had
    // reached the store, a creation if not. Either way: one scan.
    let report = deliver_once(
        &harness,
        &outbox,
        &harness.endpoint(),
        Duration::from_secs(5),
    );
    assert_eq!(report.delivered.len(), 1, "{report:?}");
    assert_eq!(report.delivered[0].0, record.scan_id);
    assert!(outbox.status().expect("status").is_empty());
    let stored = harness.stored_scans();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].scan_id, record.scan_id);
    assert_eq!(stored[0].finding_count, 60);
}

#[test]
fn fault_store_down() {
    check_fault(
        |_| {
            let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("binds");
            let port = closed.local_addr().expect("addr").port();
            drop(closed);
            format!("https://127.0.0.1:{port}")
        },
        "the store is unreachable: cannot connect: Connection refused (os error 111)",
    );
}

#[test]
fn fault_store_slow() {
    check_fault(
        |harness| {
            let proxy = fault::proxy(&harness.runtime, harness.addr(), Fault::Hang);
            format!("https://127.0.0.1:{}", proxy.addr.port())
        },
        "the store is unreachable: timed out: operation timed out",
    );
}

#[test]
fn fault_connection_reset_mid_body() {
    check_fault(
        |harness| {
            // Past the TLS handshake and the headers, inside the ~30 KB body.
            let proxy = fault::proxy(
                &harness.runtime,
                harness.addr(),
                Fault::ResetAfter { bytes: 12_000 },
            );
            format!("https://127.0.0.1:{}", proxy.addr.port())
        },
        "the store is unreachable: connection failed: Connection reset by peer (os error 104)",
    );
}

#[test]
fn fault_200_with_a_wrong_body() {
    check_fault(
        |harness| {
            let addr =
                fault::wrong_body_server(&harness.runtime, &harness.cert_path, &harness.key_path);
            format!("https://127.0.0.1:{}", addr.port())
        },
        "the store's answer does not echo the record id and content hash",
    );
}

#[test]
fn a_replayed_record_is_deleted_and_not_duplicated() {
    let harness = StoreHarness::start();
    let folder = tempfile::tempdir().expect("tempdir");
    let outbox = Outbox::open(folder.path(), OutboxKey::new("test", [9; 32])).expect("opens");
    let record = sample_record(1, 1);
    outbox.enqueue(&record).expect("enqueues");
    let body = outbox.due(None).expect("due").remove(0).body;
    // The store got it before (an answer lost on the way back).
    let first = harness
        .runtime
        .block_on(client(&harness, &harness.endpoint()).create_scan(&record.scan_id, &body))
        .expect("creates");
    assert_eq!(first.status, CreateStatus::Created);
    let report = deliver_once(
        &harness,
        &outbox,
        &harness.endpoint(),
        Duration::from_secs(5),
    );
    assert_eq!(
        report.delivered,
        vec![(record.scan_id.clone(), CreateStatus::Replayed)]
    );
    assert_eq!(harness.stored_scans().len(), 1);
}

#[test]
fn background_sync_queues_and_delivers_without_blocking_the_caller() {
    use codeward::sync::background::{BackgroundSync, SyncEvent, SyncJob};
    let harness = StoreHarness::start();
    let project = harness::project(harness.directory.path());
    let text = std::fs::read_to_string(project.join("app/db.py")).expect("reads");
    let (rules, _) = codeward::rules::builtin();
    let document = codeward::engine::Document {
        path: "app/db.py",
        language: codeward::lang::Language::from_path(std::path::Path::new("app/db.py"), ""),
        text: &text,
    };
    let scan = codeward::engine::scan(&document, &rules, &codeward::engine::CancelToken::new());
    let report = codeward::report::Report {
        scan_name: None,
        rules,
        root_uri: None,
        min_severity: codeward::rules::Severity::Info,
        files: vec![codeward::report::FileReport::new(
            "app/db.py",
            &text,
            scan,
            codeward::rules::Severity::Info,
        )],
        skipped: vec![],
    };
    let credentials = harness.credentials(&harness.endpoint());
    let outbox_dir = harness.client_dir();
    let connect = move || {
        let outbox = Outbox::open(&outbox_dir, OutboxKey::new("test", [3; 32]))
            .map_err(|error| error.to_string())?;
        Ok((credentials.clone(), outbox))
    };
    let (sender, events) = std::sync::mpsc::channel();
    let sync = BackgroundSync::start_with(Box::new(connect), move |event| {
        let _ = sender.send(event);
    })
    .expect("starts");
    let started = Instant::now();
    sync.submit(SyncJob {
        report,
        scan_root: project.clone(),
        scan_name: None,
        tags: vec!["editor".into()],
        started_at: std::time::SystemTime::now(),
        upload_source: false,
    });
    assert!(started.elapsed() < Duration::from_millis(50));
    let wait = Duration::from_secs(30);
    let queued = events.recv_timeout(wait).expect("queued");
    let SyncEvent::Queued {
        record_id,
        findings,
    } = queued
    else {
        panic!("expected Queued, got {queued:?}");
    };
    assert_eq!(findings, 3);
    assert_eq!(
        events.recv_timeout(wait).expect("delivered"),
        SyncEvent::Delivered {
            delivered: 1,
            pending: 0,
            dead: 0
        }
    );
    let stored = harness.stored_scans();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].scan_id, record_id);
    // The default name is REPOSITORY:BRANCH, read from .git without its credentials.
    assert_eq!(stored[0].scan_name, "git.example/acme/app:main");
}

#[test]
fn a_throttled_store_is_retried_no_sooner_than_retry_after() {
    // One request per 2 s with no burst: the second call in a row gets 429, Retry-After: 2.
    let harness = StoreHarness::start_with(codeward::store::ApiConfig {
        rate_per_second: 0.5,
        rate_burst: 1.0,
        ..codeward::store::ApiConfig::default()
    });
    let folder = tempfile::tempdir().expect("tempdir");
    let outbox = Outbox::open(folder.path(), OutboxKey::new("test", [9; 32])).expect("opens");
    let first = sample_record(1, 1);
    let second = sample_record(2, 1);
    outbox.enqueue(&first).expect("enqueues");
    outbox.enqueue(&second).expect("enqueues");
    let client = client(&harness, &harness.endpoint());
    let options = DeliveryOptions {
        backoff: Backoff {
            base: Duration::from_millis(10),
            cap: Duration::from_millis(20),
        },
        deadline: Duration::from_secs(10),
        only_due: false,
    };
    let started = Instant::now();
    let report = harness
        .runtime
        .block_on(deliver::deliver(&outbox, &client, &options))
        .expect("delivers");
    let elapsed = started.elapsed();
    assert_eq!(
        report.delivered,
        vec![
            (first.scan_id.clone(), CreateStatus::Created),
            (second.scan_id.clone(), CreateStatus::Created)
        ]
    );
    // The 10-20 ms backoff alone would have retried at once; the store asked for 2 s.
    assert!(elapsed >= Duration::from_millis(1900), "{elapsed:?}");
    assert!(outbox.status().expect("status").is_empty());
    assert_eq!(harness.stored_scans().len(), 2);
}

#[test]
fn a_scan_name_the_store_refuses_is_refused_by_the_client_in_the_same_words() {
    let harness = StoreHarness::start();
    let project = harness::project(harness.directory.path());
    let endpoint = harness.endpoint();
    let name = "main@0123456789abcdef0123456789abcdef01234567";
    let reason = "the scan name contains 40 or more hexadecimal digits in a row, which may be a secret; names reach logs and the team store. For a commit id use its first 12 digits: the record's scope keeps the full commit";
    let scan = run(harness.codeward(
        &endpoint,
        &[
            "scan",
            project.to_str().expect("utf-8"),
            "--sync",
            "--name",
            name,
        ],
    ));
    assert_eq!(
        (scan.code, scan.stderr.as_str()),
        (2, format!("error: --name refused: {reason}\n").as_str())
    );
    // The store, sent the same name by another client, refuses it with the same words.
    let mut record = sample_record(1, 1);
    record.scan_name = name.into();
    let body = serde_json::to_vec(&record).expect("json");
    let refused = harness
        .runtime
        .block_on(client(&harness, &endpoint).create_scan(&record.scan_id, &body))
        .expect_err("refused");
    assert_eq!(
        refused,
        codeward::sync::client::CallError::Rejected {
            status: 400,
            code: "ValidationException".into(),
            message: reason.into(),
        }
    );
    assert_eq!(harness.stored_scans(), vec![]);
    let short = run(harness.codeward(
        &endpoint,
        &[
            "scan",
            project.to_str().expect("utf-8"),
            "--sync",
            "--name",
            "main@0123456789ab",
        ],
    ));
    assert_eq!(short.code, 1, "{}", short.stderr);
    assert_eq!(harness.stored_scans()[0].scan_name, "main@0123456789ab");
}

#[test]
fn scan_sync_upload_source_stores_the_masked_source_readable_through_the_api() {
    use codeward::protocol::{SourceBundle, SourceFile};
    let harness = StoreHarness::start();
    let project = harness::project(harness.directory.path());
    let project_arg = project.to_str().expect("utf-8");
    let endpoint = harness.endpoint();
    let alone = run(harness.codeward(&endpoint, &["scan", project_arg, "--upload-source"]));
    assert_eq!(alone.code, 2, "{}", alone.stderr);
    assert!(
        alone
            .stderr
            .starts_with("error: the following required arguments were not provided:\n  --sync"),
        "{}",
        alone.stderr
    );

    let scan = run(harness.codeward(
        &endpoint,
        &[
            "scan",
            project_arg,
            "--sync",
            "--upload-source",
            "--name",
            "with-source",
        ],
    ));
    assert_eq!(scan.code, 1, "{}", scan.stderr);
    assert!(
        scan.stderr
            .ends_with("sync: 1 delivered (1 created, 0 replayed), 0 pending, 0 dead-lettered\n"),
        "{}",
        scan.stderr
    );
    let plain = run(harness.codeward(
        &endpoint,
        &["scan", project_arg, "--sync", "--name", "plain"],
    ));
    assert_eq!(plain.code, 1, "{}", plain.stderr);
    let scans = harness.stored_scans();
    let id_of = |name: &str| {
        scans
            .iter()
            .find(|scan| scan.scan_name == name)
            .expect("stored")
            .scan_id
            .clone()
    };
    let client = client(&harness, &endpoint);
    let uploaded = harness
        .runtime
        .block_on(client.source(&id_of("with-source")))
        .expect("reads the source");
    let bundle: SourceBundle = serde_json::from_slice(&uploaded).expect("a source bundle");
    let text = std::fs::read_to_string(project.join("app/db.py")).expect("reads");
    assert_eq!(
        bundle,
        SourceBundle {
            files: vec![SourceFile {
                path: "app/db.py".into(),
                content: text.replace(PROJECT_SECRET, "Zq8x********"),
            }]
        }
    );
    // Without the flag no source is uploaded.
    let missing = harness
        .runtime
        .block_on(client.source(&id_of("plain")))
        .expect_err("no source");
    assert_eq!(
        missing,
        codeward::sync::client::CallError::Rejected {
            status: 404,
            code: "ResourceNotFoundException".into(),
            message: format!("uploaded source of scan {} not found", id_of("plain")),
        }
    );
    assert_eq!(
        harness::files_containing(&harness.client_dir(), PROJECT_SECRET),
        Vec::<std::path::PathBuf>::new()
    );
}
