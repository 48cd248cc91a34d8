//! The built `codeward lsp`, driven over its stdin and stdout as an editor drives it: send
//! requests and notifications, answer the server's requests, and wait for what it sends.
//! To show that something was never sent, [`Server::finish`] collects everything the server
//! sent up to the end of its output.

#![allow(
    dead_code,
    reason = "each test file uses the part of the client it needs; `expect` would fail in the others"
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// Generous: the rule pack compiles in seconds in a debug build on a busy machine.
const TIMEOUT: Duration = Duration::from_secs(90);

pub struct Server {
    child: Child,
    stdin: ChildStdin,
    messages: mpsc::Receiver<Value>,
    next_id: i64,
    /// Messages read while waiting for something else, in order.
    pub backlog: Vec<Value>,
    /// Requests the server sent (each answered with `null`), in order.
    pub server_requests: Vec<Value>,
    /// The answer to `initialize`.
    pub initialize: Value,
}

impl Server {
    /// Starts `codeward lsp` and initializes it with `root` as its one workspace folder.
    pub fn start(root: &Path, capabilities: Value, options: Value) -> Server {
        Server::start_with_env(root, capabilities, options, &[])
    }

    /// [`Server::start`], with these environment variables set for the server.
    pub fn start_with_env(
        root: &Path,
        capabilities: Value,
        options: Value,
        env: &[(&str, &str)],
    ) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_codeward"))
            .arg("lsp")
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawns codeward lsp");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let (sender, messages) = mpsc::channel();
        std::thread::spawn(move || read_messages(stdout, &sender));
        let mut server = Server {
            child,
            stdin,
            messages,
            next_id: 0,
            backlog: Vec::new(),
            server_requests: Vec::new(),
            initialize: Value::Null,
        };
        let root_uri = uri(root);
        server.initialize = server.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root_uri,
                "workspaceFolders": [{"uri": root_uri, "name": "project"}],
                "capabilities": capabilities,
                "initializationOptions": options,
            }),
        );
        server.notify("initialized", json!({}));
        server
    }

    fn send(&mut self, message: &Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("writes");
        self.stdin.flush().expect("flushes");
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_response(method, params);
        assert!(response.get("error").is_none(), "{response}");
        response["result"].clone()
    }

    /// The whole response (`result` or `error`) to a request.
    pub fn request_response(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.response(id)
    }

    /// Sends a request without waiting for its answer; returns its id.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// The whole response to the request `id`.
    pub fn response(&mut self, id: i64) -> Value {
        self.wait_for(|message| message["id"] == json!(id) && message.get("method").is_none())
    }

    /// `shutdown` (answered once every push the server decided on before is handed to its
    /// output), `exit`, and every message the server sent that was not taken yet, up to
    /// the end of its output, in order.
    pub fn finish(mut self) -> Vec<Value> {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let mut messages = std::mem::take(&mut self.backlog);
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline
                .checked_duration_since(Instant::now())
                .expect("the server ended its output in time");
            match self.messages.recv_timeout(left) {
                Ok(message) => messages.push(message),
                Err(mpsc::RecvTimeoutError::Disconnected) => return messages,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    panic!("the server did not end its output after exit")
                }
            }
        }
    }

    /// The first message `accept` takes, from the backlog or read now; the others read on
    /// the way go to the backlog, and the server's requests are answered.
    pub fn wait_for(&mut self, accept: impl Fn(&Value) -> bool) -> Value {
        if let Some(index) = self.backlog.iter().position(&accept) {
            return self.backlog.remove(index);
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline
                .checked_duration_since(Instant::now())
                .expect("the server answered in time");
            let message = self
                .messages
                .recv_timeout(left)
                .expect("the server answered in time");
            if message.get("method").is_some() && message.get("id").is_some() {
                let id = message["id"].clone();
                self.server_requests.push(message);
                self.send(&json!({"jsonrpc": "2.0", "id": id, "result": null}));
                continue;
            }
            if accept(&message) {
                return message;
            }
            self.backlog.push(message);
        }
    }

    pub fn open(&mut self, path: &Path, language_id: &str) {
        let text = std::fs::read_to_string(path).expect("reads the document");
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri(path), "languageId": language_id, "version": 1, "text": text}}),
        );
    }

    /// The next diagnostics published for `path`, as (line, rule id) pairs.
    pub fn diagnostics(&mut self, path: &Path) -> Vec<(u64, String)> {
        let uri = uri(path);
        let message = self.wait_for(|message| {
            message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
        });
        lines(
            message["params"]["diagnostics"]
                .as_array()
                .unwrap_or(&Vec::new()),
        )
    }

    /// Backlog messages with this method, taken out of the backlog.
    pub fn take(&mut self, method: &str) -> Vec<Value> {
        let (taken, kept) = std::mem::take(&mut self.backlog)
            .into_iter()
            .partition(|message| message["method"] == method);
        self.backlog = kept;
        taken
    }

    /// `shutdown`, `exit`, and the process ends.
    pub fn stop(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if self.child.try_wait().expect("waits").is_some() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        panic!("the server did not end after exit");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // A failed test must not leave the process behind.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn read_messages(mut stdout: BufReader<std::process::ChildStdout>, sender: &mpsc::Sender<Value>) {
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
}

pub fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// (line, rule id) of each diagnostic; lines zero-based, as LSP sends them.
pub fn lines(diagnostics: &[Value]) -> Vec<(u64, String)> {
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
