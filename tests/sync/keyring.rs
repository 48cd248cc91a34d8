//! With a real Secret Service (gnome-keyring on a private D-Bus session, started by
//! `scripts/keyring-session.sh`): login, whoami, scan --sync, read back, logout.

use std::process::Command;

use crate::harness::{self, PROJECT_SECRET, StoreHarness, run, run_with_stdin};

fn codeward(home: &std::path::Path, data: &std::path::Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_codeward"));
    command
        .args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("CODEWARD_DATA_DIR", data)
        .env("CODEWARD_SYNC_WAIT", "0")
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            std::env::var_os("DBUS_SESSION_BUS_ADDRESS").unwrap_or_default(),
        );
    command
}

#[test]
#[ignore = "needs a Secret Service: scripts/keyring-session.sh cargo test --test sync -- --ignored"]
fn keyring_login_scan_sync_read_back_and_logout() {
    assert!(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
        "run inside scripts/keyring-session.sh"
    );
    let harness = StoreHarness::start();
    let home = harness.directory.path().join("home");
    let data = harness.client_dir();
    std::fs::create_dir_all(&home).expect("mkdir");
    let endpoint = harness.endpoint();
    let ca = harness.ca_path.to_str().expect("utf-8").to_owned();
    let key_id = harness.key.access_key_id.clone();
    let secret = harness.key.secret_access_key.clone();
    let cli = |args: &[&str]| run(&mut codeward(&home, &data, args));

    let wrong = run_with_stdin(
        &mut codeward(
            &home,
            &data,
            &["login", "--endpoint", &endpoint, "--ca-cert", &ca],
        ),
        Some(&format!("{key_id}\nnot-the-secret\n")),
    );
    assert_eq!(
        (wrong.code, wrong.stderr.as_str()),
        (
            3,
            "error: login failed: the store refused the request: HTTP 401 SignatureDoesNotMatch: the signature does not match; check the secret key and the signing method\n"
        )
    );
    let whoami = cli(&["whoami"]);
    assert_eq!(whoami.code, 3);

    let login = run_with_stdin(
        &mut codeward(
            &home,
            &data,
            &["login", "--endpoint", &endpoint, "--ca-cert", &ca],
        ),
        Some(&format!("{key_id}\n{secret}\n")),
    );
    assert_eq!(
        (login.code, login.stderr.as_str()),
        (
            0,
            format!(
                "Logged in to {endpoint} as {key_id}; the credentials are in the OS keyring.\n"
            )
            .as_str()
        )
    );
    let whoami = cli(&["whoami"]);
    assert_eq!(
        (whoami.code, whoami.stdout.as_str()),
        (0, format!("endpoint: {endpoint}\naccess key id: {key_id}\ntenant: acme\nrole: writer\ncredentials from: the OS keyring\n").as_str())
    );

    let project = harness::project(harness.directory.path());
    let scan = cli(&[
        "scan",
        project.to_str().expect("utf-8"),
        "--sync",
        "--name",
        "nightly",
    ]);
    assert_eq!(scan.code, 1, "{}", scan.stderr);
    assert!(
        scan.stderr
            .ends_with("sync: 1 delivered (1 created, 0 replayed), 0 pending, 0 dead-lettered\n"),
        "{}",
        scan.stderr
    );
    let findings = cli(&["findings", "list", "--scan", "nightly"]);
    assert_eq!(findings.code, 0, "{}", findings.stderr);
    let mut lines: Vec<&str> = findings.stdout.lines().collect();
    lines.sort_unstable();
    assert_eq!(
        lines,
        [
            "High     Open   app/db.py:3  hardcoded-secret-assignment  A password, secret or token is assigned a literal high-entropy value",
            "High     Open   app/db.py:3  python-hardcoded-password  A password, secret or API key is written into the source as a string literal",
            "High     Open   app/db.py:7  python-unsafe-yaml-load  yaml.load without a safe Loader can construct arbitrary Python objects",
        ]
    );
    assert_eq!(
        cli(&["sync", "--status"]).stdout,
        "outbox: 0 pending, 0 dead-lettered\n"
    );

    for output in [
        &login.stderr,
        &whoami.stdout,
        &scan.stdout,
        &scan.stderr,
        &findings.stdout,
    ] {
        assert!(!output.contains(secret.as_str()));
    }
    assert_eq!(
        harness::files_containing(harness.directory.path(), &secret),
        Vec::<std::path::PathBuf>::new()
    );
    assert_eq!(
        harness::files_containing(&data, PROJECT_SECRET),
        Vec::<std::path::PathBuf>::new()
    );

    let logout = cli(&["logout"]);
    assert_eq!(
        (logout.code, logout.stderr.as_str()),
        (
            0,
            format!("Logged out: removed the credentials for {endpoint} from the OS keyring.\n")
                .as_str()
        )
    );
    let whoami = cli(&["whoami"]);
    assert_eq!(
        (whoami.code, whoami.stderr.as_str()),
        (
            3,
            "error: not logged in; run `codeward login --endpoint https://HOST:PORT`, or set CODEWARD_ENDPOINT, CODEWARD_ACCESS_KEY_ID and CODEWARD_SECRET_ACCESS_KEY\n"
        )
    );
    let again = cli(&["logout"]);
    assert_eq!(
        again.stderr,
        "Not logged in: no credentials in the OS keyring.\n"
    );
}
