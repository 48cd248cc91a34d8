//! A real store over TLS (a test CA from rcgen) on its own runtime, a client folder, and the
//! `codeward` binary run with the environment pointed at them.

use std::borrow::BorrowMut;
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Arc;

use codeward::protocol::ScanSummary;
use codeward::store::service::{NewAccessKey, Principal};
use codeward::store::{self, ApiConfig, Role, RunningServer, Store, SystemClock, Transport};
use codeward::sync::credentials::{Secret, StoreCredentials};
use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};

pub struct StoreHarness {
    pub runtime: tokio::runtime::Runtime,
    pub directory: tempfile::TempDir,
    pub server: Option<RunningServer>,
    pub store: Arc<Store>,
    pub key: NewAccessKey,
    pub ca_path: PathBuf,
    pub ca_pem: String,
    pub cert_path: PathBuf,
    pub key_path: PathBuf,
}

fn test_ca_and_server_cert(directory: &Path) -> (String, PathBuf, PathBuf) {
    let ca_key = KeyPair::generate().expect("key");
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("params");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca_cert = ca_params.self_signed(&ca_key).expect("ca");
    let issuer = Issuer::new(ca_params, ca_key);
    let server_key = KeyPair::generate().expect("key");
    let params = CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])
        .expect("params");
    let server_cert = params.signed_by(&server_key, &issuer).expect("signed");
    let (cert_path, key_path) = (directory.join("server.pem"), directory.join("server.key"));
    std::fs::write(&cert_path, server_cert.pem()).expect("writes");
    std::fs::write(&key_path, server_key.serialize_pem()).expect("writes");
    (ca_cert.pem(), cert_path, key_path)
}

fn generous_limits() -> ApiConfig {
    ApiConfig {
        rate_per_second: 1000.0,
        rate_burst: 1000.0,
        ..ApiConfig::default()
    }
}

impl StoreHarness {
    pub fn start() -> StoreHarness {
        StoreHarness::start_with(generous_limits())
    }

    pub fn start_with(config: ApiConfig) -> StoreHarness {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let directory = tempfile::tempdir().expect("tempdir");
        let (ca_pem, cert_path, key_path) = test_ca_and_server_cert(directory.path());
        let ca_path = directory.path().join("ca.pem");
        std::fs::write(&ca_path, &ca_pem).expect("writes");
        let store = Arc::new(
            store::open_store(&directory.path().join("data"), Arc::new(SystemClock))
                .expect("opens"),
        );
        let key = store
            .create_access_key("acme", Role::Writer)
            .expect("creates a key");
        let mut harness = StoreHarness {
            runtime,
            directory,
            server: None,
            store,
            key,
            ca_path,
            ca_pem,
            cert_path,
            key_path,
        };
        harness.serve_with("127.0.0.1:0".parse().expect("addr"), config);
        harness
    }

    /// (Re)starts the server on `listen`.
    pub fn serve(&mut self, listen: SocketAddr) {
        self.serve_with(listen, generous_limits());
    }

    fn serve_with(&mut self, listen: SocketAddr, config: ApiConfig) {
        let tls = store::tls_config(&self.cert_path, &self.key_path).expect("tls");
        let server = self
            .runtime
            .block_on(store::start(
                self.store.clone(),
                listen,
                Transport::Tls(Box::new(tls)),
                config,
            ))
            .expect("starts");
        self.server = Some(server);
    }

    pub fn stop(&mut self) {
        if let Some(server) = self.server.take() {
            self.runtime.block_on(server.shutdown()).expect("stops");
        }
    }

    pub fn addr(&self) -> SocketAddr {
        self.server.as_ref().expect("running").local_addr
    }

    pub fn endpoint(&self) -> String {
        format!("https://127.0.0.1:{}", self.addr().port())
    }

    pub fn credentials(&self, endpoint: &str) -> StoreCredentials {
        StoreCredentials {
            endpoint: endpoint.to_owned(),
            access_key_id: self.key.access_key_id.clone(),
            secret_access_key: Secret::new(self.key.secret_access_key.clone()),
            tenant: None,
            ca_cert_pem: Some(self.ca_pem.clone()),
            insecure_loopback_http: false,
        }
    }

    fn principal(&self) -> Principal {
        Principal {
            access_key_id: self.key.access_key_id.clone(),
            tenant: self.key.tenant.clone(),
            role: Role::Reader,
        }
    }

    /// The record stored under `scan_name`, as JSON text, read in-process.
    pub fn stored_record(&self, scan_name: &str) -> String {
        let (_, record) = self
            .store
            .get_scan(&self.principal(), scan_name)
            .expect("reads");
        serde_json::to_string(&record).expect("serializes")
    }

    /// The scans in the store, read in-process (not through the client under test).
    pub fn stored_scans(&self) -> Vec<ScanSummary> {
        self.store.list_scans(&self.principal()).expect("lists")
    }

    pub fn client_dir(&self) -> PathBuf {
        self.directory.path().join("client")
    }

    /// `codeward ARGS` with CI credentials for `endpoint` and no keyring reachable.
    pub fn codeward(&self, endpoint: &str, args: &[&str]) -> Command {
        let mut command = bare_codeward(&self.directory.path().join("home"), args);
        command
            .env("CODEWARD_DATA_DIR", self.client_dir())
            .env("CODEWARD_ENDPOINT", endpoint)
            .env("CODEWARD_ACCESS_KEY_ID", &self.key.access_key_id)
            .env("CODEWARD_SECRET_ACCESS_KEY", &self.key.secret_access_key)
            .env("CODEWARD_CA_CERT", &self.ca_path)
            .env("CODEWARD_SYNC_WAIT", "0");
        command
    }
}

/// `codeward ARGS` with a clean environment: HOME set, no credentials, D-Bus unreachable.
pub fn bare_codeward(home: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_codeward"));
    command
        .args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            format!("unix:path={}", home.join("no-bus").display()),
        )
        .stdin(Stdio::null());
    command
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(command: impl BorrowMut<Command>) -> Run {
    run_with_stdin(command, None)
}

pub fn run_with_stdin(mut command: impl BorrowMut<Command>, stdin: Option<&str>) -> Run {
    let command = command.borrow_mut();
    if stdin.is_some() {
        command.stdin(Stdio::piped());
    }
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns codeward");
    if let Some(text) = stdin {
        // A command refused for its arguments may exit before it reads its input.
        if let Err(error) = child
            .stdin
            .take()
            .expect("stdin")
            .write_all(text.as_bytes())
        {
            assert_eq!(
                error.kind(),
                std::io::ErrorKind::BrokenPipe,
                "writes stdin: {error}"
            );
        }
    }
    let Output {
        status,
        stdout,
        stderr,
    } = child.wait_with_output().expect("runs");
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

/// A small project: a git work tree with one Python file holding findings and a secret.
pub const PROJECT_SECRET: &str = "Zq8xV2mK9pL4rT7wN3bY6cH1jF5dS0gA";

pub fn project(folder: &Path) -> PathBuf {
    let root = folder.join("project");
    std::fs::create_dir_all(root.join(".git/refs/heads")).expect("mkdir");
    std::fs::create_dir_all(root.join("app")).expect("mkdir");
    std::fs::write(root.join(".git/HEAD"), "ref: refs/heads/main\n").expect("writes");
    std::fs::write(
        root.join(".git/refs/heads/main"),
        "0123456789abcdef0123456789abcdef01234567\n",
    )
    .expect("writes");
    std::fs::write(
        root.join(".git/config"),
        "[remote \"origin\"]\n\turl = https://deploy:hunter2token@git.example/acme/app.git\n",
    )
    .expect("writes");
    std::fs::write(
        root.join("app/db.py"),
        format!(
            "import yaml\n\npassword = \"{PROJECT_SECRET}\"\n\n\ndef load(data):\n    return yaml.load(data)\n"
        ),
    )
    .expect("writes");
    root
}

/// Every file under `folder`, for the "the secret is on no disk" checks.
/// (rule id, path, first line) of each finding, sorted: what a test compares.
pub fn rule_path_line(findings: &[codeward::protocol::Finding]) -> Vec<(String, String, u32)> {
    let mut seen: Vec<(String, String, u32)> = findings
        .iter()
        .map(|finding| {
            let file = &finding.vulnerability.file_path;
            (finding.rule_id.clone(), file.path.clone(), file.start_line)
        })
        .collect();
    seen.sort();
    seen
}

pub fn files_containing(folder: &Path, needle: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![folder.to_owned()];
    while let Some(next) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&next) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(bytes) = std::fs::read(&path)
                && bytes
                    .windows(needle.len())
                    .any(|window| window == needle.as_bytes())
            {
                found.push(path);
            }
        }
    }
    found
}
