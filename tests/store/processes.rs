//! Several `codeward store serve` processes on one PostgreSQL database: they create the schema
//! together, share writes, agree on idempotency and keep one audit chain.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use codeward::store::Role;
use codeward::store::service::NewAccessKey;
use serde_json::Value;

use super::harness::{self, Backend, client, ids, record};

/// A child process killed (by its own handle) when the test ends, however it ends.
struct Server {
    child: Child,
    address: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn codeward(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_codeward"));
    command.args(args);
    command
}

fn serve(database: &str, data_dir: &str, cert: &str, key: &str) -> Server {
    let mut child = codeward(&[
        "store",
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--database",
        database,
        "--data-dir",
        data_dir,
        "--tls-cert",
        cert,
        "--tls-key",
        key,
    ])
    .stderr(Stdio::piped())
    .stdout(Stdio::null())
    .spawn()
    .expect("starts codeward store serve");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let address = loop {
        let line = lines
            .next()
            .expect("the server says where it listens")
            .expect("reads");
        if let Some(address) = line.strip_prefix("codeward store listening on ") {
            break address.to_owned();
        }
    };
    std::thread::spawn(move || lines.for_each(drop));
    Server { child, address }
}

fn create_key(database: &str, data_dir: &str, tenant: &str, role: Role) -> NewAccessKey {
    let output = codeward(&[
        "store",
        "keys",
        "create",
        "--tenant",
        tenant,
        "--role",
        role.as_str(),
        "--format",
        "json",
        "--database",
        database,
        "--data-dir",
        data_dir,
    ])
    .output()
    .expect("runs");
    assert!(output.status.success(), "{output:?}");
    let json: Value = serde_json::from_slice(&output.stdout).expect("json");
    NewAccessKey {
        access_key_id: json["accessKeyId"].as_str().expect("id").to_owned(),
        secret_access_key: json["secretAccessKey"].as_str().expect("secret").to_owned(),
        tenant: tenant.to_owned(),
        role,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn several_store_processes_share_one_postgres() {
    let Some(Backend::Postgres(database)) = harness::fresh_postgres().await else {
        return;
    };
    let directory = tempfile::tempdir().expect("tempdir");
    let (ca_pem, cert, key) = harness::test_ca_and_server_cert(directory.path());
    let data_dir = directory.path().join("keys");
    let (data_dir, cert, key) = (
        data_dir.to_str().expect("utf-8"),
        cert.to_str().expect("utf-8"),
        key.to_str().expect("utf-8"),
    );
    // The first command creates the key files that every process shares.
    let writer = create_key(&database, data_dir, "acme", Role::Writer);
    let servers = [
        serve(&database, data_dir, cert, key),
        serve(&database, data_dir, cert, key),
    ];
    let client = client(&ca_pem, None);
    let call = |server: usize, method: &'static str, target: String, body: Vec<u8>| {
        let client = client.clone();
        let address = servers[server].address.clone();
        let writer = writer.clone();
        async move { harness::signed_call(&client, &address, &writer, method, &target, &body).await }
    };

    // Twenty scans through each process at once, and one scan sent to both at once.
    let mut calls = Vec::new();
    for index in 0..40 {
        let body = record(
            &format!("scan-{index:02}"),
            "nightly",
            &["f1"],
            "SQL injection",
        );
        calls.push(tokio::spawn(call(
            index % 2,
            "POST",
            "/v1/scans".into(),
            body,
        )));
    }
    for server in 0..2 {
        let body = record("twice", "twice", &["f1"], "SQL injection");
        calls.push(tokio::spawn(call(server, "POST", "/v1/scans".into(), body)));
    }
    let mut statuses = Vec::new();
    for handle in calls {
        let answer = handle.await.expect("joins");
        assert_eq!(answer.status, 200, "{}", answer.body);
        statuses.push(answer.body["status"].as_str().unwrap_or("").to_owned());
    }
    let created = statuses
        .iter()
        .filter(|status| *status == "created")
        .count();
    assert_eq!((created, statuses.len() - created), (41, 1));

    // Each process sees what the other wrote; the same content again replays on either.
    for server in 0..2 {
        let list = call(server, "GET", "/v1/scans".into(), Vec::new()).await;
        assert_eq!(
            list.body["summaries"].as_array().map(Vec::len),
            Some(41),
            "server {server}"
        );
        let again = call(
            server,
            "POST",
            "/v1/scans".into(),
            record("scan-00", "nightly", &["f1"], "SQL injection"),
        )
        .await;
        assert_eq!(again.body["status"], "replayed");
    }
    let findings = call(1, "GET", "/v1/findings?scanName=nightly".into(), Vec::new()).await;
    assert_eq!(ids(&findings), [("f1".to_owned(), "Open".to_owned())]);

    // One audit chain, every call in it, intact.
    drop(servers);
    let output = codeward(&[
        "store",
        "audit",
        "verify",
        "--database",
        &database,
        "--data-dir",
        data_dir,
    ])
    .output()
    .expect("runs");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{output:?}");
    assert!(
        text.starts_with("audit log intact: 47 events, head "),
        "{text}"
    );
}

#[test]
fn store_commands_run_the_sweep_rotate_the_master_key_and_check_retention_limits() {
    let directory = tempfile::tempdir().expect("tempdir");
    let data_dir = directory.path().join("data");
    let data_dir = data_dir.to_str().expect("utf-8");
    let run = |args: &[&str]| {
        let mut all = vec!["store"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--data-dir", data_dir]);
        let output = codeward(&all).output().expect("runs");
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    create_key_on(data_dir);
    assert_eq!(
        run(&["purge"]),
        (
            Some(0),
            "purge: deleted 0 expired source uploads, destroyed 0 retention day keys\n".into(),
            String::new()
        )
    );
    assert_eq!(
        run(&["rotate-master-key"]),
        (
            Some(0),
            "master key version 2: re-wrapped 1 data keys (0 under customer keys left as they are)\n"
                .into(),
            String::new()
        )
    );
    let (code, _, stderr) = run(&["purge", "--retention-days", "11"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("--retention-days must be 1 to 10"),
        "{stderr}"
    );
    let (code, _, stderr) = run(&["purge", "--database", "postgres://u:pw@127.0.0.1:1/db"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains(
            "--database: the URL carries a password; put it in CODEWARD_DATABASE_PASSWORD instead"
        ),
        "{stderr}"
    );
    let (code, stdout, _) = run(&["audit", "verify"]);
    assert_eq!(code, Some(0));
    assert!(
        stdout.starts_with("audit log intact: 0 events, head "),
        "{stdout}"
    );
}

fn create_key_on(data_dir: &str) {
    let output = codeward(&[
        "store",
        "keys",
        "create",
        "--tenant",
        "acme",
        "--role",
        "reader",
        "--data-dir",
        data_dir,
    ])
    .output()
    .expect("runs");
    assert!(output.status.success(), "{output:?}");
}
