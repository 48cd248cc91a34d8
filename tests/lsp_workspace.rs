//! The language server's workspace features driven in-process over a duplex stream, like an
//! editor: `codeward.scanWorkspace` with `$/progress`, settings changes, extra rule folders
//! reloaded on file changes, stale versions, shutdown and exit, and unknown commands.
//!
//! Each test gets its own temporary workspace folder; assertions are on exact URIs, lines,
//! rule ids and messages.

use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream};
use tokio::task::JoinHandle;

struct Client {
    writer: tokio::io::WriteHalf<DuplexStream>,
    reader: BufReader<tokio::io::ReadHalf<DuplexStream>>,
    next_id: i64,
    /// Messages read while waiting for something else.
    backlog: Vec<Value>,
    /// Requests the server sent to the client, in order (all answered with `null`).
    server_requests: Vec<Value>,
}

impl Client {
    /// Starts the server on `root` (as `rootUri` and the one workspace folder) and
    /// initializes it; returns the client and the server's task.
    async fn start(root: &Path, capabilities: Value, options: Value) -> (Client, JoinHandle<()>) {
        let (client_side, server_side) = tokio::io::duplex(1 << 20);
        let (server_read, server_write) = tokio::io::split(server_side);
        let server = tokio::spawn(codeward::lsp::serve(server_read, server_write));
        let (read, writer) = tokio::io::split(client_side);
        let mut client = Client {
            writer,
            reader: BufReader::new(read),
            next_id: 0,
            backlog: Vec::new(),
            server_requests: Vec::new(),
        };
        let root_uri = uri(root);
        let result = client
            .request(
                "initialize",
                json!({
                    "processId": null,
                    "rootUri": root_uri,
                    "workspaceFolders": [{"uri": root_uri, "name": "workspace"}],
                    "capabilities": capabilities,
                    "initializationOptions": options,
                }),
            )
            .await;
        assert_eq!(
            result["capabilities"]["executeCommandProvider"]["commands"],
            json!(["codeward.scanWorkspace"])
        );
        client.notify("initialized", json!({})).await;
        (client, server)
    }

    async fn send(&mut self, message: Value) {
        let body = message.to_string();
        let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        self.writer
            .write_all(frame.as_bytes())
            .await
            .expect("write");
    }

    async fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}))
            .await;
    }

    async fn read(&mut self) -> Value {
        self.read_message()
            .await
            .expect("the server is still serving")
    }

    /// The next message, `None` at the end of the server's output.
    async fn read_message(&mut self) -> Option<Value> {
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            if self.reader.read_line(&mut line).await.expect("read header") == 0 {
                return None;
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
        self.reader.read_exact(&mut body).await.expect("read body");
        Some(serde_json::from_slice(&body).expect("json"))
    }

    /// Reads one message; a request from the server is recorded, answered and skipped.
    async fn next_message(&mut self) -> Option<Value> {
        let message = self.read().await;
        if message.get("method").is_some() && message.get("id").is_some() {
            // registerCapability, window/workDoneProgress/create: accept.
            let id = message["id"].clone();
            self.server_requests.push(message);
            self.send(json!({"jsonrpc": "2.0", "id": id, "result": null}))
                .await;
            return None;
        }
        Some(message)
    }

    /// Reads until `accept` takes a message; keeps the others in the backlog.
    async fn wait_for(&mut self, accept: impl Fn(&Value) -> bool) -> Value {
        if let Some(index) = self.backlog.iter().position(&accept) {
            return self.backlog.remove(index);
        }
        // Generous: compiling the rule pack takes seconds in a debug build on a busy machine.
        let deadline = Duration::from_secs(90);
        tokio::time::timeout(deadline, async {
            loop {
                let Some(message) = self.next_message().await else {
                    continue;
                };
                if accept(&message) {
                    return message;
                }
                self.backlog.push(message);
            }
        })
        .await
        .expect("the server answered in time")
    }

    /// Reads (into the backlog) until the server has sent a request with this method.
    async fn server_request(&mut self, method: &str) {
        let sent = |client: &Client| {
            client
                .server_requests
                .iter()
                .any(|request| request["method"] == method)
        };
        tokio::time::timeout(Duration::from_secs(90), async {
            while !sent(self) {
                if let Some(message) = self.next_message().await {
                    self.backlog.push(message);
                }
            }
        })
        .await
        .expect("the server sent the request in time");
    }

    /// `shutdown` (answered once every push decided before it is handed to the output),
    /// `exit`, and every message not taken yet, up to the end of the server's output; the
    /// server's task has ended.
    async fn finish(mut self, server: JoinHandle<()>) -> Vec<Value> {
        self.request("shutdown", Value::Null).await;
        self.notify("exit", Value::Null).await;
        let mut messages = std::mem::take(&mut self.backlog);
        tokio::time::timeout(Duration::from_secs(5), async {
            while let Some(message) = self.read_message().await {
                messages.push(message);
            }
        })
        .await
        .expect("the server ended its output after exit");
        tokio::time::timeout(Duration::from_secs(5), server)
            .await
            .expect("the server ends after exit")
            .expect("the server task did not panic");
        messages
    }

    /// The whole response (`result` or `error`) to a request.
    async fn request_response(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))
            .await;
        self.wait_for(|message| message["id"] == json!(id) && message.get("method").is_none())
            .await
    }

    async fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_response(method, params).await;
        assert!(response.get("error").is_none(), "{response}");
        response["result"].clone()
    }

    async fn open(&mut self, uri: &str, language_id: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language_id, "version": version, "text": text}}),
        )
        .await;
    }

    async fn configure(&mut self, settings: Value) {
        self.notify(
            "workspace/didChangeConfiguration",
            json!({"settings": settings}),
        )
        .await;
    }

    /// The next pushed diagnostics for `uri` with this `version` (`null` for closed files).
    async fn diagnostics(&mut self, uri: &str, version: Value) -> Vec<(u64, String)> {
        let message = self
            .wait_for(|message| {
                message["method"] == "textDocument/publishDiagnostics"
                    && message["params"]["uri"] == uri
                    && message["params"].get("version").unwrap_or(&Value::Null) == &version
            })
            .await;
        lines(
            message["params"]["diagnostics"]
                .as_array()
                .unwrap_or(&Vec::new()),
        )
    }

    /// Backlog messages with this method, removed from the backlog.
    fn take(&mut self, method: &str) -> Vec<Value> {
        let (taken, kept) = std::mem::take(&mut self.backlog)
            .into_iter()
            .partition(|message| message["method"] == method);
        self.backlog = kept;
        taken
    }

    async fn stop(mut self, server: JoinHandle<()>) {
        self.request("shutdown", Value::Null).await;
        self.notify("exit", Value::Null).await;
        tokio::time::timeout(Duration::from_secs(5), server)
            .await
            .expect("the server ends after exit")
            .expect("the server task did not panic");
    }
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// (line, rule id) of each diagnostic.
fn lines(diagnostics: &[Value]) -> Vec<(u64, String)> {
    diagnostics
        .iter()
        .map(|diagnostic| {
            (
                diagnostic["range"]["start"]["line"]
                    .as_u64()
                    .unwrap_or(u64::MAX),
                diagnostic["code"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn finding(line: u64, rule: &str) -> (u64, String) {
    (line, rule.to_owned())
}

fn write(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
    std::fs::write(path, text).expect("write");
}

const MD5: &str = "python-weak-hash-md5-sha1";
const YAML: &str = "python-unsafe-yaml-load";
const JS_HASH: &str = "javascript-weak-hash-createhash";
const CUSTOM: &str = "custom-python-danger-call";

/// md5 (medium) on line 4, yaml.load (high) on line 7.
const APP_PY: &str = "import hashlib\nimport yaml\n\ndef sign(data):\n    return hashlib.md5(data).hexdigest()\n\ndef settings(stream):\n    return yaml.load(stream)\n";

const ROUTES_JS: &str = "const crypto = require(\"crypto\");\n\nfunction sign(body) {\n  return crypto.createHash(\"md5\").update(body).digest(\"hex\");\n}\n";

/// A workspace that is a git repository (an empty `.git` is enough for `.gitignore`).
fn workspace() -> tempfile::TempDir {
    let folder = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(folder.path().join(".git")).expect(".git");
    folder
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scan_workspace_publishes_each_file_with_progress_and_skips_gitignored_files() {
    let folder = workspace();
    let root = folder.path();
    write(root, ".gitignore", "build/\n");
    write(root, "app.py", APP_PY);
    write(root, "web/routes.js", ROUTES_JS);
    write(root, "build/generated.py", APP_PY);
    let capabilities = json!({"window": {"workDoneProgress": true}});
    let (mut client, server) = Client::start(root, capabilities, json!({"debounceMs": 0})).await;

    let summary = client
        .request(
            "workspace/executeCommand",
            json!({"command": "codeward.scanWorkspace", "arguments": []}),
        )
        .await;
    // `.gitignore` itself is a text file the secret rules read: 3 files.
    assert_eq!(summary, json!({"files": 3, "findings": 3}));
    assert_eq!(
        client
            .diagnostics(&uri(&root.join("app.py")), Value::Null)
            .await,
        vec![finding(4, MD5), finding(7, YAML)]
    );
    assert_eq!(
        client
            .diagnostics(&uri(&root.join("web/routes.js")), Value::Null)
            .await,
        vec![finding(3, JS_HASH)]
    );

    // The server waited for the answer to `create` before its first `$/progress`.
    let creates: Vec<Value> = client
        .server_requests
        .iter()
        .filter(|request| request["method"] == "window/workDoneProgress/create")
        .cloned()
        .collect();
    assert_eq!(creates.len(), 1, "{:?}", client.server_requests);
    let token = creates[0]["params"]["token"].clone();
    let rest = client.finish(server).await;
    // Nothing else was published, to the end of the output.
    assert_eq!(
        of_method(&rest, "textDocument/publishDiagnostics"),
        Vec::<Value>::new()
    );
    let progress: Vec<Value> = of_method(&rest, "$/progress")
        .into_iter()
        .map(|message| {
            assert_eq!(message["params"]["token"], token);
            message["params"]["value"].clone()
        })
        .collect();
    assert_eq!(
        progress,
        vec![
            json!({"kind": "begin", "title": "codeward: scanning workspace", "cancellable": false, "percentage": 0}),
            json!({"kind": "report", "message": "0/3 files", "percentage": 0}),
            json!({"kind": "end", "message": "3 findings in 3 files"}),
        ]
    );
}

/// The messages with this method.
fn of_method(messages: &[Value], method: &str) -> Vec<Value> {
    messages
        .iter()
        .filter(|message| message["method"] == method)
        .cloned()
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scan_workspace_without_progress_support_sends_no_progress() {
    let folder = workspace();
    let root = folder.path();
    write(root, "app.py", APP_PY);
    let (mut client, server) = Client::start(root, json!({}), json!({"debounceMs": 0})).await;
    let summary = client
        .request(
            "workspace/executeCommand",
            json!({"command": "codeward.scanWorkspace"}),
        )
        .await;
    assert_eq!(summary, json!({"files": 1, "findings": 2}));
    assert_eq!(
        client
            .diagnostics(&uri(&root.join("app.py")), Value::Null)
            .await,
        vec![finding(4, MD5), finding(7, YAML)]
    );
    let methods: Vec<&Value> = client
        .server_requests
        .iter()
        .map(|request| &request["method"])
        .collect();
    // Without `workspace.didChangeWatchedFiles.dynamicRegistration` the server registers no
    // watcher, as the spec asks.
    assert_eq!(methods, Vec::<&Value>::new());
    assert_eq!(client.take("$/progress"), Vec::<Value>::new());
    client.stop(server).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn configuration_changes_disable_rules_and_raise_the_minimum_severity() {
    let folder = workspace();
    let root = folder.path();
    let app = uri(&root.join("app.py"));
    let (mut client, server) = Client::start(root, json!({}), json!({"debounceMs": 0})).await;
    client.open(&app, "python", 1, APP_PY).await;
    assert_eq!(
        client.diagnostics(&app, json!(1)).await,
        vec![finding(4, MD5), finding(7, YAML)]
    );

    client
        .configure(json!({"codeward": {"debounceMs": 0, "rules": {"disable": [MD5]}}}))
        .await;
    assert_eq!(
        client.diagnostics(&app, json!(1)).await,
        vec![finding(7, YAML)]
    );

    // Each change replaces the settings: md5 is enabled again, but medium is below "high".
    client
        .configure(json!({"codeward": {"debounceMs": 0, "minSeverity": "high"}}))
        .await;
    assert_eq!(
        client.diagnostics(&app, json!(1)).await,
        vec![finding(7, YAML)]
    );

    client
        .configure(json!({"codeward": {"debounceMs": 0}}))
        .await;
    assert_eq!(
        client.diagnostics(&app, json!(1)).await,
        vec![finding(4, MD5), finding(7, YAML)]
    );

    // A bad value is refused with a message; the settings in force stay.
    client
        .configure(json!({"codeward": {"minSeverity": "severe"}}))
        .await;
    let message = client
        .wait_for(|message| message["method"] == "window/showMessage")
        .await;
    assert_eq!(
        message["params"],
        json!({"type": 1, "message": "codeward: settings not applied: minSeverity: `severe` is not a severity: use info, low, medium, high or critical"})
    );
    client.stop(server).await;
}

const CUSTOM_RULE: &str = "id: custom-python-danger-call
languages: [python]
severity: high
message: danger() runs its argument as a shell command
cwe: [CWE-78]
category: command-injection
remediation:
  text: Call subprocess.run with a list of arguments instead.
  url: https://docs.python.org/3/library/subprocess.html#security-considerations
pattern:
  query: |
    (call function: (identifier) @function) @match
  where:
    - capture: function
      equals: danger
";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn extra_rule_folders_load_and_a_bad_rule_file_costs_only_itself() {
    let folder = workspace();
    let root = folder.path();
    write(root, "team-rules/danger.yaml", CUSTOM_RULE);
    let app = uri(&root.join("app.py"));
    let options = json!({"debounceMs": 0, "extraRules": ["team-rules"]});
    let (mut client, server) = Client::start(root, json!({}), options).await;
    let text = format!("{APP_PY}\ndef run(command):\n    danger(command)\n");
    client.open(&app, "python", 1, &text).await;
    assert_eq!(
        client.diagnostics(&app, json!(1)).await,
        vec![finding(4, MD5), finding(7, YAML), finding(10, CUSTOM)]
    );

    let bad = root.join("team-rules/broken.yaml");
    let broken = CUSTOM_RULE
        .replace("id: custom-python-danger-call", "id: custom-python-broken")
        .replace("severity: high", "severity: extreme");
    std::fs::write(&bad, broken).expect("write");
    client
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": uri(&bad), "type": 1}]}),
        )
        .await;
    assert_eq!(
        client.diagnostics(&app, json!(1)).await,
        vec![finding(4, MD5), finding(7, YAML), finding(10, CUSTOM)]
    );
    // One message for the bad file, to the end of the output.
    let messages: Vec<Value> = of_method(&client.finish(server).await, "window/showMessage")
        .into_iter()
        .map(|message| message["params"].clone())
        .collect();
    assert_eq!(
        messages,
        vec![json!({
            "type": 1,
            "message": format!(
                "codeward: 1 rule file(s) not loaded; the other rules still run.\n{}:3: severity: `extreme` is not one of critical, high, medium, low, info",
                bad.display()
            )
        })]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_with_a_version_that_is_not_newer_are_ignored() {
    let folder = workspace();
    let root = folder.path();
    let app = uri(&root.join("app.py"));
    let (mut client, server) = Client::start(root, json!({}), json!({"debounceMs": 0})).await;
    client
        .open(&app, "python", 5, "import hashlib\nhashlib.md5(b'x')\n")
        .await;
    assert_eq!(
        client.diagnostics(&app, json!(5)).await,
        vec![finding(1, MD5)]
    );

    // Both would comment out the call, if applied.
    for stale in [5, 4] {
        client
            .notify(
                "textDocument/didChange",
                json!({
                    "textDocument": {"uri": app, "version": stale},
                    "contentChanges": [{"range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 0}}, "text": "# "}]
                }),
            )
            .await;
    }
    let hover = client
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": app}, "position": {"line": 1, "character": 2}}),
        )
        .await;
    let markdown = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(
        markdown.starts_with(&format!(
            "**MD5 and SHA-1 are broken for security use; collisions are practical** `{MD5}`"
        )),
        "{hover}"
    );

    client
        .notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": app, "version": 6},
                "contentChanges": [{"range": {"start": {"line": 0, "character": 14}, "end": {"line": 0, "character": 14}}, "text": "\n"}]
            }),
        )
        .await;
    assert_eq!(
        client.diagnostics(&app, json!(6)).await,
        vec![finding(2, MD5)]
    );
    // The stale changes published nothing.
    assert_eq!(
        client.take("textDocument/publishDiagnostics"),
        Vec::<Value>::new()
    );
    client.stop(server).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_then_exit_ends_the_server() {
    let folder = workspace();
    let (mut client, server) =
        Client::start(folder.path(), json!({}), json!({"debounceMs": 0})).await;
    assert_eq!(client.request("shutdown", Value::Null).await, Value::Null);
    client.notify("exit", Value::Null).await;
    tokio::time::timeout(Duration::from_secs(5), server)
        .await
        .expect("the server ends after exit")
        .expect("the server task did not panic");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_command_is_an_error_and_the_server_keeps_serving() {
    let folder = workspace();
    let root = folder.path();
    let app = uri(&root.join("app.py"));
    let (mut client, server) = Client::start(root, json!({}), json!({"debounceMs": 0})).await;
    let response = client
        .request_response(
            "workspace/executeCommand",
            json!({"command": "codeward.doesNotExist", "arguments": []}),
        )
        .await;
    assert_eq!(
        response["error"],
        json!({"code": -32602, "message": "unknown command `codeward.doesNotExist`"})
    );
    client.open(&app, "python", 1, APP_PY).await;
    assert_eq!(
        client.diagnostics(&app, json!(1)).await,
        vec![finding(4, MD5), finding(7, YAML)]
    );
    let hover = client
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": app}, "position": {"line": 7, "character": 12}}),
        )
        .await;
    let markdown = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(
        markdown.starts_with(
            "**yaml.load without a safe Loader can construct arbitrary Python objects** `python-unsafe-yaml-load`"
        ),
        "{hover}"
    );
    client.stop(server).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pull_client_never_sees_pushed_and_pulled_findings_together() {
    let folder = workspace();
    let root = folder.path();
    write(root, "app.py", APP_PY);
    let app = uri(&root.join("app.py"));
    let capabilities = json!({
        "textDocument": {"diagnostic": {"dynamicRegistration": false}},
        "workspace": {"diagnostics": {"refreshSupport": true}}
    });
    let (mut client, server) = Client::start(root, capabilities, json!({"debounceMs": 0})).await;
    client
        .request(
            "workspace/executeCommand",
            json!({"command": "codeward.scanWorkspace"}),
        )
        .await;
    // Files that are not open are pushed (a pull client does not ask for them)...
    assert_eq!(
        client.diagnostics(&app, Value::Null).await,
        vec![finding(4, MD5), finding(7, YAML)]
    );
    // ...and cleared once the client opens one and pulls it instead.
    client.open(&app, "python", 1, APP_PY).await;
    assert_eq!(client.diagnostics(&app, Value::Null).await, Vec::new());
    assert_eq!(
        pull(&mut client, &app).await,
        vec![finding(4, MD5), finding(7, YAML)]
    );
    // New settings: the client is asked to pull again, and gets the new answer.
    client
        .configure(json!({"debounceMs": 0, "rules": {"disable": [MD5]}}))
        .await;
    client.server_request("workspace/diagnostic/refresh").await;
    assert_eq!(pull(&mut client, &app).await, vec![finding(7, YAML)]);
    // Nothing more was pushed, to the end of the output.
    assert_eq!(
        of_method(
            &client.finish(server).await,
            "textDocument/publishDiagnostics"
        ),
        Vec::<Value>::new()
    );
}

/// The diagnostics a pull client gets for `uri` (`textDocument/diagnostic`).
async fn pull(client: &mut Client, uri: &str) -> Vec<(u64, String)> {
    let report = client
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    lines(report["items"].as_array().expect("items"))
}
