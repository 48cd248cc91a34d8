//! The built `codeward lsp`, driven over its stdin and stdout like an editor, syncing to the
//! real store over TLS with CI credentials (`CODEWARD_*`): on save, on workspace scans, off
//! by default, and one shown message for a failure that repeats.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::harness::{self, PROJECT_SECRET, StoreHarness, bare_codeward};

pub struct LspProcess {
    child: Child,
    stdin: ChildStdin,
    messages: mpsc::Receiver<Value>,
    next_id: i64,
    /// The answer to `initialize`.
    pub initialized: Value,
    /// Every notification received, in order.
    pub seen: Vec<Value>,
}

impl LspProcess {
    /// Starts `command` (a `codeward lsp`) and initializes it on `root`.
    pub fn start(mut command: Command, root: &Path, options: Value) -> LspProcess {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawns codeward lsp");
        let stdin = child.stdin.take().expect("stdin");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let (sender, messages) = mpsc::channel();
        std::thread::spawn(move || {
            loop {
                let mut length = 0usize;
                loop {
                    let mut line = String::new();
                    if stdout.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(value) = line.strip_prefix("Content-Length: ") {
                        length = value.parse().expect("length");
                    }
                }
                let mut body = vec![0u8; length];
                if stdout.read_exact(&mut body).is_err() {
                    return;
                }
                if sender
                    .send(serde_json::from_slice(&body).expect("json"))
                    .is_err()
                {
                    return;
                }
            }
        });
        let mut process = LspProcess {
            child,
            stdin,
            messages,
            next_id: 0,
            initialized: Value::Null,
            seen: Vec::new(),
        };
        let root_uri = uri(root);
        process.initialized = process.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root_uri,
                "workspaceFolders": [{"uri": root_uri, "name": "project"}],
                "capabilities": {},
                "initializationOptions": options,
            }),
        );
        process.notify("initialized", json!({}));
        process
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("writes");
        self.stdin.flush().expect("flushes");
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Reads until `accept` takes a message or `timeout` passes; answers server requests and
    /// keeps every notification in `seen`.
    pub fn wait_for(
        &mut self,
        timeout: Duration,
        accept: impl Fn(&Value) -> bool,
    ) -> Option<Value> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            let message = self.messages.recv_timeout(left).ok()?;
            if message.get("method").is_some() && message.get("id").is_some() {
                let id = message["id"].clone();
                self.send(json!({"jsonrpc": "2.0", "id": id, "result": null}));
                continue;
            }
            if message.get("method").is_some() {
                self.seen.push(message.clone());
            }
            if accept(&message) {
                return Some(message);
            }
        }
    }

    pub fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let response = self
            .wait_for(Duration::from_secs(60), |message| {
                message["id"] == json!(id)
            })
            .expect("the server answered in time");
        assert!(response.get("error").is_none(), "{response}");
        response["result"].clone()
    }

    pub fn open_and_save(&mut self, path: &Path) {
        let text = std::fs::read_to_string(path).expect("reads");
        let document = uri(path);
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": document, "languageId": "python", "version": 1, "text": text}}),
        );
        self.notify(
            "textDocument/didSave",
            json!({"textDocument": {"uri": document}}),
        );
    }

    /// The texts of the `window/logMessage` (or `showMessage`) notifications seen so far.
    pub fn texts(&self, method: &str) -> Vec<String> {
        self.seen
            .iter()
            .filter(|message| message["method"] == method)
            .map(|message| {
                message["params"]["message"]
                    .as_str()
                    .unwrap_or("")
                    .to_owned()
            })
            .collect()
    }

    pub fn stop(mut self) {
        let _ = self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let _ = self.child.wait();
    }
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn is_log(message: &Value, text: &str) -> bool {
    message["method"] == "window/logMessage"
        && message["params"]["message"]
            .as_str()
            .is_some_and(|logged| logged.contains(text))
}

const DELIVERED: &str = "codeward: sync: 1 delivered, 0 pending, 0 dead-lettered";
const WAIT: Duration = Duration::from_secs(60);

/// (rule id, path, start line) of every finding in the store, read through the API.
fn stored_findings(harness: &StoreHarness) -> Vec<(String, String, u32)> {
    let client = super::client(harness, &harness.endpoint());
    let findings = harness
        .runtime
        .block_on(client.findings(None, "All"))
        .expect("reads");
    super::harness::rule_path_line(&findings)
}

fn project_findings() -> Vec<(String, String, u32)> {
    vec![
        ("hardcoded-secret-assignment".into(), "app/db.py".into(), 3),
        ("python-hardcoded-password".into(), "app/db.py".into(), 3),
        ("python-unsafe-yaml-load".into(), "app/db.py".into(), 7),
    ]
}

#[test]
fn lsp_sync_is_off_by_default_and_a_save_syncs_once_it_is_turned_on() {
    let harness = StoreHarness::start();
    let project = harness::project(harness.directory.path());
    let endpoint = harness.endpoint();
    let file = project.join("app/db.py");
    let mut lsp = LspProcess::start(
        harness.codeward(&endpoint, &["lsp"]),
        &project,
        json!({"debounceMs": 0}),
    );
    assert_eq!(
        lsp.initialized["capabilities"]["textDocumentSync"]["save"],
        json!(true)
    );
    lsp.open_and_save(&file);
    // Off: no message about sync arrives and nothing reaches the store.
    assert_eq!(
        lsp.wait_for(Duration::from_secs(3), |message| is_log(message, "sync")),
        None
    );
    assert_eq!(harness.stored_scans(), vec![]);
    assert!(
        !harness.client_dir().exists(),
        "no outbox is created while sync is off"
    );

    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"codeward": {"debounceMs": 0, "sync": {"enabled": true}}}}),
    );
    lsp.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": uri(&file)}}),
    );
    let delivered = lsp.wait_for(WAIT, |message| is_log(message, DELIVERED));
    assert!(delivered.is_some(), "{:?}", lsp.seen);
    let logs = lsp.texts("window/logMessage");
    let queued: Vec<&String> = logs
        .iter()
        .filter(|text| text.starts_with("codeward: sync: record "))
        .collect();
    assert_eq!(queued.len(), 1, "{logs:?}");
    assert!(queued[0].ends_with(" queued (3 findings)"), "{}", queued[0]);
    assert_eq!(lsp.texts("window/showMessage"), Vec::<String>::new());

    // The exact findings, repo-relative, read back through the API.
    assert_eq!(stored_findings(&harness), project_findings());
    let scans = harness.stored_scans();
    assert_eq!(scans.len(), 1);
    assert_eq!(scans[0].scan_name, "git.example/acme/app:main");
    let record = harness.stored_record("git.example/acme/app:main");
    assert!(record.contains("\"tags\":[\"editor\"]"), "{record}");
    assert!(!record.contains(PROJECT_SECRET));
    let secret = harness.key.secret_access_key.clone();
    for text in logs.iter().chain(&lsp.texts("window/showMessage")) {
        assert!(
            !text.contains(&secret) && !text.contains(PROJECT_SECRET),
            "{text}"
        );
    }
    assert_eq!(
        harness::files_containing(&harness.client_dir(), &secret),
        Vec::<std::path::PathBuf>::new()
    );
    lsp.stop();
}

#[test]
fn lsp_workspace_scan_syncs_one_record_with_source_when_the_project_file_says_so() {
    let harness = StoreHarness::start();
    let project = harness::project(harness.directory.path());
    std::fs::write(
        project.join(".codeward.toml"),
        "[sync]\nenabled = true\nupload-source = true\n",
    )
    .expect("writes");
    std::fs::write(
        project.join("app/util.py"),
        "import hashlib\n\n\ndef sign(data):\n    return hashlib.md5(data).hexdigest()\n",
    )
    .expect("writes");
    let endpoint = harness.endpoint();
    let mut lsp = LspProcess::start(
        harness.codeward(&endpoint, &["lsp"]),
        &project,
        json!({"debounceMs": 0}),
    );
    let summary = lsp.request(
        "workspace/executeCommand",
        json!({"command": "codeward.scanWorkspace", "arguments": []}),
    );
    assert_eq!(summary["findings"], 4, "{summary}");
    assert!(
        lsp.wait_for(WAIT, |message| is_log(message, DELIVERED))
            .is_some(),
        "{:?}",
        lsp.seen
    );
    let mut expected = project_findings();
    expected.push(("python-weak-hash-md5-sha1".into(), "app/util.py".into(), 5));
    expected.sort();
    assert_eq!(stored_findings(&harness), expected);
    let scans = harness.stored_scans();
    assert_eq!(scans.len(), 1, "one record for the workspace scan");
    assert_eq!(scans[0].finding_count, 4);
    // `upload-source`: the folder's files, as the record names them, read back from the store.
    let client = super::client(&harness, &endpoint);
    let uploaded = harness
        .runtime
        .block_on(client.source(&scans[0].scan_id))
        .expect("reads the source");
    let bundle: codeward::protocol::SourceBundle =
        serde_json::from_slice(&uploaded).expect("a source bundle");
    let paths: Vec<&str> = bundle.files.iter().map(|file| file.path.as_str()).collect();
    assert_eq!(paths, vec![".codeward.toml", "app/db.py", "app/util.py"]);
    assert!(!String::from_utf8_lossy(&uploaded).contains(PROJECT_SECRET));
    lsp.stop();
}

#[test]
fn lsp_sync_without_credentials_is_shown_once_and_logged_each_time() {
    let home = tempfile::tempdir().expect("tempdir");
    let project = harness::project(home.path());
    let mut lsp = LspProcess::start(
        bare_codeward(home.path(), &["lsp"]),
        &project,
        json!({"debounceMs": 0, "sync": true}),
    );
    let file = project.join("app/db.py");
    lsp.open_and_save(&file);
    let failed = "codeward: sync failed: the OS keyring is not reachable (";
    assert!(
        lsp.wait_for(WAIT, |message| is_log(message, failed))
            .is_some(),
        "{:?}",
        lsp.seen
    );
    lsp.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": uri(&file)}}),
    );
    let second = lsp.wait_for(WAIT, |message| message["method"] == "window/logMessage");
    assert!(
        second.is_some_and(|message| is_log(&message, failed)),
        "{:?}",
        lsp.seen
    );
    lsp.wait_for(Duration::from_millis(500), |_| false);
    let shown = lsp.texts("window/showMessage");
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(
        shown[0].starts_with(failed)
            && shown[0].ends_with("); start and unlock a Secret Service keyring (for example gnome-keyring-daemon), or set CODEWARD_ENDPOINT, CODEWARD_ACCESS_KEY_ID and CODEWARD_SECRET_ACCESS_KEY"),
        "{}",
        shown[0]
    );
    lsp.stop();
}
