//! The language server driven in-process over a duplex stream, like an editor: open, edit
//! incrementally with non-ASCII text, receive diagnostics, ask for code actions, apply the
//! returned edits and check the exact text and that the finding is gone.

use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream};

struct Client {
    writer: tokio::io::WriteHalf<DuplexStream>,
    reader: BufReader<tokio::io::ReadHalf<DuplexStream>>,
    next_id: i64,
    /// Messages read while waiting for something else.
    backlog: Vec<Value>,
}

impl Client {
    async fn start(capabilities: Value, options: Value) -> Client {
        let (client_side, server_side) = tokio::io::duplex(1 << 20);
        let (server_read, server_write) = tokio::io::split(server_side);
        tokio::spawn(codeward::lsp::serve(server_read, server_write));
        let (read, writer) = tokio::io::split(client_side);
        let mut client = Client {
            writer,
            reader: BufReader::new(read),
            next_id: 0,
            backlog: Vec::new(),
        };
        let root = std::env::temp_dir();
        let result = client
            .request(
                "initialize",
                json!({
                    "processId": null,
                    "rootUri": format!("file://{}", root.display()),
                    "capabilities": capabilities,
                    "initializationOptions": options,
                }),
            )
            .await;
        assert!(
            result["capabilities"]["codeActionProvider"].is_object(),
            "{result}"
        );
        client.notify("initialized", json!({})).await;
        client
    }

    async fn send(&mut self, message: Value) {
        let body = message.to_string();
        let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        self.writer
            .write_all(frame.as_bytes())
            .await
            .expect("write");
    }

    /// Opens `uri` at version 1 with `text`.
    async fn open(&mut self, uri: &str, language_id: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language_id, "version": 1, "text": text}}),
        )
        .await;
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

    /// `shutdown` (answered once every push decided before it is handed to the output),
    /// `exit`, and every message not taken yet, up to the end of the server's output.
    async fn finish(mut self) -> Vec<Value> {
        self.request("shutdown", Value::Null).await;
        self.notify("exit", Value::Null).await;
        let mut messages = std::mem::take(&mut self.backlog);
        tokio::time::timeout(Duration::from_secs(20), async {
            while let Some(message) = self.read_message().await {
                messages.push(message);
            }
        })
        .await
        .expect("the server ended its output after exit");
        messages
    }

    /// Reads until `accept` takes a message; answers server requests on the way.
    async fn wait_for(&mut self, accept: impl Fn(&Value) -> bool) -> Value {
        if let Some(index) = self.backlog.iter().position(&accept) {
            return self.backlog.remove(index);
        }
        let deadline = Duration::from_secs(20);
        tokio::time::timeout(deadline, async {
            loop {
                let message = self.read().await;
                if message.get("method").is_some() && message.get("id").is_some() {
                    // A request from the server (registerCapability, workDoneProgress).
                    let id = message["id"].clone();
                    self.send(json!({"jsonrpc": "2.0", "id": id, "result": null}))
                        .await;
                    continue;
                }
                if accept(&message) {
                    return message;
                }
                self.backlog.push(message);
            }
        })
        .await
        .expect("the server answered in time")
    }

    /// Pushed diagnostics for `uri` at `version` until their (line, rule id) pairs are
    /// `expected`: the whole-file analysis behind the quick one may send a second set.
    /// Returns the (line, rule id) pairs of every set read on the way.
    async fn diagnostics_until(
        &mut self,
        uri: &str,
        version: i64,
        expected: &[(u64, String)],
    ) -> Vec<Vec<(u64, String)>> {
        let mut seen = Vec::new();
        loop {
            let found = lines(&self.diagnostics(uri, version).await);
            let done = found == expected;
            seen.push(found);
            if done {
                return seen;
            }
        }
    }

    async fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))
            .await;
        let response = self.wait_for(|message| message["id"] == json!(id)).await;
        assert!(response.get("error").is_none(), "{response}");
        response["result"].clone()
    }

    /// The next pushed diagnostics for `uri` at `version`.
    async fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let message = self
            .wait_for(|message| {
                message["method"] == "textDocument/publishDiagnostics"
                    && message["params"]["uri"] == uri
                    && message["params"]["version"] == json!(version)
            })
            .await;
        message["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }
}

const URI: &str = "file:///tmp/codeward-lsp-test/app.py";

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

/// Applies LSP text edits (UTF-16 positions) to a text.
fn apply(text: &str, edits: &[Value]) -> String {
    let index = codeward::text::LineIndex::new(text);
    let mut edits: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|edit| {
            let position = |key: &str| codeward::text::Position {
                line: edit["range"][key]["line"].as_u64().unwrap_or_default() as u32,
                column: edit["range"][key]["character"].as_u64().unwrap_or_default() as u32,
            };
            (
                index.offset(text, position("start"), codeward::text::Encoding::Utf16),
                index.offset(text, position("end"), codeward::text::Encoding::Utf16),
                edit["newText"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.0));
    let mut result = text.to_owned();
    for (start, end, new_text) in edits {
        result.replace_range(start..end, &new_text);
    }
    result
}

const SOURCE: &str =
    "import hashlib\n\ndef sign(名前):\n    return hashlib.md5(名前.encode()).hexdigest()\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn push_edit_quick_fix_and_the_finding_is_gone() {
    let mut client = Client::start(json!({}), json!({"debounceMs": 0})).await;
    client.open(URI, "python", SOURCE).await;
    let diagnostics = client.diagnostics(URI, 1).await;
    assert_eq!(
        lines(&diagnostics),
        vec![(3, "python-weak-hash-md5-sha1".to_owned())]
    );
    assert_eq!(diagnostics[0]["source"], "codeward");
    assert_eq!(diagnostics[0]["severity"], 2);
    assert_eq!(
        diagnostics[0]["message"],
        "MD5 and SHA-1 are broken for security use; collisions are practical (CWE-328)"
    );

    // Insert an emoji comment line above (incremental edit), then a second md5 call after
    // CJK text: positions are UTF-16 code units.
    client
        .notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": URI, "version": 2},
                "contentChanges": [
                    {"range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 0}},
                     "text": "# 😀 signing helper\n"},
                    {"range": {"start": {"line": 4, "character": 46}, "end": {"line": 4, "character": 46}},
                     "text": "\n\ndef other(名): return hashlib.sha1(名)"}
                ]
            }),
        )
        .await;
    let text = "import hashlib\n\n# 😀 signing helper\ndef sign(名前):\n    return hashlib.md5(名前.encode()).hexdigest()\n\ndef other(名): return hashlib.sha1(名)\n";
    let diagnostics = client.diagnostics(URI, 2).await;
    assert_eq!(
        lines(&diagnostics),
        vec![
            (4, "python-weak-hash-md5-sha1".to_owned()),
            (6, "python-weak-hash-md5-sha1".to_owned())
        ]
    );
    // The second finding's range in UTF-16: `def other(名): return ` is 21 units.
    assert_eq!(
        diagnostics[1]["range"]["start"],
        json!({"line": 6, "character": 21})
    );

    let actions = client
        .request(
            "textDocument/codeAction",
            json!({
                "textDocument": {"uri": URI},
                "range": diagnostics[0]["range"],
                "context": {"diagnostics": [diagnostics[0]]}
            }),
        )
        .await;
    let titles: Vec<&str> = actions
        .as_array()
        .expect("actions")
        .iter()
        .map(|action| action["title"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        titles,
        vec![
            "Use hashlib.sha256",
            "Suppress python-weak-hash-md5-sha1 on this line",
            "Fix all python-weak-hash-md5-sha1 findings in this file"
        ]
    );
    assert_eq!(actions[0]["isPreferred"], true);
    let edits = actions[0]["edit"]["changes"][URI]
        .as_array()
        .expect("edits")
        .clone();
    let fixed = apply(text, &edits);
    assert_eq!(
        fixed,
        "import hashlib\n\n# 😀 signing helper\ndef sign(名前):\n    return hashlib.sha256(名前.encode()).hexdigest()\n\ndef other(名): return hashlib.sha1(名)\n"
    );
    let suppress = actions[1]["edit"]["changes"][URI]
        .as_array()
        .expect("edits")
        .clone();
    assert_eq!(
        apply(text, &suppress).lines().nth(4),
        Some("    # codeward-ignore[python-weak-hash-md5-sha1]: <reason>")
    );
    let fix_all = actions[2]["edit"]["changes"][URI]
        .as_array()
        .expect("edits")
        .clone();
    assert_eq!(
        apply(text, &fix_all),
        "import hashlib\n\n# 😀 signing helper\ndef sign(名前):\n    return hashlib.sha256(名前.encode()).hexdigest()\n\ndef other(名): return hashlib.sha256(名)\n"
    );

    // Apply the quick fix as the editor would: the finding on line 4 is gone.
    client
        .notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": URI, "version": 3}, "contentChanges": [{"text": fixed}]}),
        )
        .await;
    let diagnostics = client.diagnostics(URI, 3).await;
    assert_eq!(
        lines(&diagnostics),
        vec![(6, "python-weak-hash-md5-sha1".to_owned())]
    );

    let hover = client
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": URI}, "position": {"line": 6, "character": 25}}),
        )
        .await;
    let markdown = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(markdown.starts_with("**MD5 and SHA-1 are broken for security use; collisions are practical** `python-weak-hash-md5-sha1` (medium, [CWE-328]"), "{markdown}");
    assert!(
        markdown.contains("**Remediation:** Use hashlib.sha256"),
        "{markdown}"
    );

    let fix_all = client
        .request(
            "textDocument/codeAction",
            json!({
                "textDocument": {"uri": URI},
                "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                "context": {"diagnostics": [], "only": ["source.fixAll"]}
            }),
        )
        .await;
    assert_eq!(fix_all[0]["kind"], "source.fixAll.codeward");
    let edits = fix_all[0]["edit"]["changes"][URI]
        .as_array()
        .expect("edits")
        .clone();
    assert!(!apply(&fixed, &edits).contains("sha1"));

    client.request("shutdown", Value::Null).await;
    client.notify("exit", Value::Null).await;
}

/// A module of `count` small functions, each hashing with md5 on its second line.
fn functions(count: usize) -> String {
    let mut text = String::from("import hashlib\n\n");
    for index in 0..count {
        text.push_str(&format!(
            "def sign_{index}(value):\n    digest = hashlib.md5(value)\n    return digest\n\n"
        ));
    }
    text
}

/// (line, rule id) of each finding of a fresh scan of `text` with the built-in pack.
fn scanned(text: &str) -> Vec<(u64, String)> {
    scanned_as(text, "app.py", codeward::lang::Language::Python)
}

fn scanned_as(text: &str, path: &str, language: codeward::lang::Language) -> Vec<(u64, String)> {
    let (rules, _) = codeward::rules::builtin();
    let document = codeward::engine::Document {
        path,
        language: Some(language),
        text,
    };
    codeward::engine::scan(&document, &rules, &codeward::engine::CancelToken::new())
        .findings
        .iter()
        .map(|finding| {
            (
                u64::from(finding.span.start.line),
                finding.rule.meta.id.clone(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_rescans_its_definition_and_moves_the_other_findings() {
    let mut client = Client::start(json!({}), json!({"debounceMs": 0})).await;
    let text = functions(6);
    client.open(URI, "python", &text).await;
    let md5 = |lines: &[u64]| -> Vec<(u64, String)> {
        lines
            .iter()
            .map(|line| (*line, "python-weak-hash-md5-sha1".to_owned()))
            .collect()
    };
    assert_eq!(
        lines(&client.diagnostics(URI, 1).await),
        md5(&[3, 7, 11, 15, 19, 23])
    );
    // Two lines into the third function (a second md5 call), then the fifth's `return`
    // line out (the positions of a change follow the changes before it).
    client
        .notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": URI, "version": 2},
                "contentChanges": [
                    {"range": {"start": {"line": 11, "character": 0}, "end": {"line": 11, "character": 0}},
                     "text": "    again = hashlib.md5(value)\n    again = again\n"},
                    {"range": {"start": {"line": 22, "character": 0}, "end": {"line": 23, "character": 0}},
                     "text": ""}
                ]
            }),
        )
        .await;
    let expected = md5(&[3, 7, 11, 13, 17, 21, 24]);
    let edited = {
        let mut lines: Vec<&str> = text.lines().collect();
        lines.insert(11, "    again = again");
        lines.insert(11, "    again = hashlib.md5(value)");
        lines.remove(22);
        lines.join("\n") + "\n"
    };
    assert_eq!(scanned(&edited), expected);
    assert_eq!(lines(&client.diagnostics(URI, 2).await), expected);

    // An edit that breaks the definition: its finding goes, the others stay where they are.
    client
        .notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": URI, "version": 3},
                "contentChanges": [
                    {"range": {"start": {"line": 7, "character": 13}, "end": {"line": 7, "character": 24}},
                     "text": "hashlib.sha256"}
                ]
            }),
        )
        .await;
    assert_eq!(
        lines(&client.diagnostics(URI, 3).await),
        md5(&[3, 11, 13, 17, 21, 24])
    );
    client.request("shutdown", Value::Null).await;
    client.notify("exit", Value::Null).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn suppressions_in_and_just_above_an_edited_definition_still_hold() {
    let mut client = Client::start(json!({}), json!({"debounceMs": 0})).await;
    // The third function's md5 is suppressed from the line above it; the fifth's (a
    // one-line definition) from the line before the definition, outside it.
    let text = functions(6)
        .replace(
            "def sign_2(value):\n",
            "def sign_2(value):\n    # codeward-ignore[python-weak-hash-md5-sha1]: test data\n",
        )
        .replace(
            "def sign_4(value):\n    digest = hashlib.md5(value)\n    return digest\n",
            "# codeward-ignore[python-weak-hash-md5-sha1]: test data\ndef sign_4(value): return hashlib.md5(value)\n",
        );
    client.open(URI, "python", &text).await;
    let opened = scanned(&text);
    assert_eq!(lines(&client.diagnostics(URI, 1).await), opened);
    assert_eq!(opened.len(), 4, "{opened:?}");
    // A space into the one-line definition, a line into the other.
    let mut edited: Vec<String> = text.lines().map(str::to_owned).collect();
    let third = edited
        .iter()
        .position(|line| line == "def sign_2(value):")
        .expect("sign_2");
    let fifth = edited
        .iter()
        .position(|line| line.starts_with("def sign_4"))
        .expect("sign_4");
    client
        .notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": URI, "version": 2},
                "contentChanges": [
                    {"range": {"start": {"line": fifth, "character": 18}, "end": {"line": fifth, "character": 18}},
                     "text": " "},
                    {"range": {"start": {"line": third + 3, "character": 0}, "end": {"line": third + 3, "character": 0}},
                     "text": "    value = value\n"}
                ]
            }),
        )
        .await;
    edited[fifth].insert(18, ' ');
    edited.insert(third + 3, "    value = value".to_owned());
    let edited = edited.join("\n") + "\n";
    let expected: Vec<(u64, String)> = opened
        .iter()
        .map(|(line, rule)| {
            (
                if *line > third as u64 {
                    line + 1
                } else {
                    *line
                },
                rule.clone(),
            )
        })
        .collect();
    assert_eq!(scanned(&edited), expected);
    assert_eq!(lines(&client.diagnostics(URI, 2).await), expected);
    client.request("shutdown", Value::Null).await;
    client.notify("exit", Value::Null).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edited_handler_is_judged_with_the_imports_of_its_file() {
    let mut client = Client::start(json!({}), json!({"debounceMs": 0})).await;
    let text = include_str!("../rules/python/cross-site-scripting/python-reflected-xss.py");
    client.open(URI, "python", text).await;
    assert_eq!(lines(&client.diagnostics(URI, 1).await), scanned(text));
    // A line into `hello`, just below its `def`: its finding needs `from flask import`.
    let into_hello = text
        .lines()
        .position(|line| line == "def hello():")
        .expect("def hello")
        + 1;
    client
        .notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": URI, "version": 2},
                "contentChanges": [
                    {"range": {"start": {"line": into_hello, "character": 0}, "end": {"line": into_hello, "character": 0}},
                     "text": "    name = name.strip()\n"}
                ]
            }),
        )
        .await;
    let mut lines_of_text: Vec<&str> = text.lines().collect();
    lines_of_text.insert(into_hello, "    name = name.strip()");
    let edited = lines_of_text.join("\n") + "\n";
    let expected = scanned(&edited);
    // `return Markup(greeting(name))`, three lines below the inserted one.
    let markup = u64::try_from(into_hello + 3).expect("line");
    assert!(expected.contains(&(markup, "python-reflected-xss".to_owned())));
    assert_eq!(lines(&client.diagnostics(URI, 2).await), expected);
    client.request("shutdown", Value::Null).await;
    client.notify("exit", Value::Null).await;
}

/// A flow from a handler into a helper's sink: only a whole-file analysis sees it.
const FLOW_THROUGH_HELPER: &str = "import os

from flask import Flask, request

app = Flask(__name__)


def run(command):
    return os.system(\"ls \" + command)


@app.route(\"/list\")
def listing():
    folder = request.args.get(\"folder\")
    return str(run(folder))
";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_file_analysis_behind_an_edit_corrects_cross_function_findings() {
    let mut client = Client::start(json!({}), json!({"debounceMs": 0})).await;
    let text = FLOW_THROUGH_HELPER;
    let shell = |line: u64| vec![(line, "python-subprocess-shell-injection".to_owned())];
    client.open(URI, "python", text).await;
    assert_eq!(scanned(text), shell(8));
    assert_eq!(lines(&client.diagnostics(URI, 1).await), shell(8));
    // The handler stops reading the request: the quick analysis of the handler keeps the
    // helper's finding it cannot judge, the whole file drops it.
    client
        .notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": URI, "version": 2},
                "contentChanges": [
                    {"range": {"start": {"line": 13, "character": 13}, "end": {"line": 13, "character": 39}},
                     "text": "\"static\""}
                ]
            }),
        )
        .await;
    let edited = text.replace("request.args.get(\"folder\")", "\"static\"");
    assert_eq!(scanned(&edited), Vec::new());
    assert_eq!(
        client.diagnostics_until(URI, 2, &[]).await,
        vec![shell(8), Vec::new()]
    );
    // Back to the request, then a line into the helper: with two of its three definitions
    // edited, the file is not cheaper to analyse in parts, so the first result of version 3
    // is the whole file's and already has the flow again, moved down.
    client
        .notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": URI, "version": 3},
                "contentChanges": [
                    {"range": {"start": {"line": 13, "character": 13}, "end": {"line": 13, "character": 21}},
                     "text": "request.args.get(\"folder\")"},
                    {"range": {"start": {"line": 8, "character": 0}, "end": {"line": 8, "character": 0}},
                     "text": "    command = command.strip()\n"}
                ]
            }),
        )
        .await;
    let edited = text.replace(
        "    return os.system",
        "    command = command.strip()\n    return os.system",
    );
    assert_eq!(scanned(&edited), shell(9));
    assert_eq!(
        client.diagnostics_until(URI, 3, &shell(9)).await,
        vec![shell(9)]
    );
    client.request("shutdown", Value::Null).await;
    client.notify("exit", Value::Null).await;
}

const ORDER_SERVLET: &str = r#"package com.example.shop;

import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class OrderServlet extends HttpServlet {
    private Connection conn;

    private void runAudit(String sql) throws SQLException {
        Statement st = conn.createStatement();
        st.execute(sql);
    }

    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws Exception {
        String customer = request.getParameter("customer");
        runAudit("SELECT * FROM orders WHERE customer = '" + customer + "'");
    }

    public String fingerprint(byte[] content) throws Exception {
        MessageDigest md = MessageDigest.getInstance("MD5");
        return new String(md.digest(content));
    }
}
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_in_a_java_method_rescans_the_method_and_the_class_follows_behind() {
    const JAVA_URI: &str = "file:///tmp/codeward-lsp-test/OrderServlet.java";
    let mut client = Client::start(json!({}), json!({"debounceMs": 0})).await;
    let scanned = |text: &str| {
        scanned_as(
            text,
            "/tmp/codeward-lsp-test/OrderServlet.java",
            codeward::lang::Language::Java,
        )
    };
    let found = |sql: Option<u64>, md5: u64| {
        let mut found: Vec<(u64, String)> = sql
            .map(|line| (line, "java-sql-injection".to_owned()))
            .into_iter()
            .collect();
        found.push((md5, "java-weak-message-digest".to_owned()));
        found
    };
    let mut text = ORDER_SERVLET.to_owned();
    client.open(JAVA_URI, "java", &text).await;
    assert_eq!(scanned(&text), found(Some(15), 25));
    assert_eq!(
        lines(&client.diagnostics(JAVA_URI, 1).await),
        found(Some(15), 25)
    );
    // A line into `fingerprint`: the method alone is re-scanned, the flow into `runAudit`
    // is carried over, and the result is the whole file's at once.
    let edit = |version: i64, line: u64, inserted: &str| {
        json!({
            "textDocument": {"uri": JAVA_URI, "version": version},
            "contentChanges": [
                {"range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}},
                 "text": inserted}
            ]
        })
    };
    client
        .notify(
            "textDocument/didChange",
            edit(2, 25, "        byte[] copy = content;\n"),
        )
        .await;
    text = text.replace(
        "        MessageDigest md",
        "        byte[] copy = content;\n        MessageDigest md",
    );
    assert_eq!(scanned(&text), found(Some(15), 26));
    assert_eq!(
        client
            .diagnostics_until(JAVA_URI, 2, &found(Some(15), 26))
            .await,
        vec![found(Some(15), 26)]
    );
    // A line into `runAudit`: re-scanned alone it has no source of request data, so the
    // quick result lacks the flow; the whole class behind it finds the flow again.
    client
        .notify(
            "textDocument/didChange",
            edit(3, 15, "        sql = sql.trim();\n"),
        )
        .await;
    text = text.replace(
        "        st.execute(sql);",
        "        sql = sql.trim();\n        st.execute(sql);",
    );
    assert_eq!(scanned(&text), found(Some(16), 27));
    assert_eq!(
        client
            .diagnostics_until(JAVA_URI, 3, &found(Some(16), 27))
            .await,
        vec![found(None, 27), found(Some(16), 27)]
    );
    client.request("shutdown", Value::Null).await;
    client.notify("exit", Value::Null).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pull_clients_get_no_push_and_utf8_when_offered() {
    let capabilities = json!({
        "general": {"positionEncodings": ["utf-8", "utf-16"]},
        "textDocument": {"diagnostic": {"dynamicRegistration": false}}
    });
    let mut client = Client::start(capabilities, json!({"debounceMs": 0})).await;
    client
        .open(
            URI,
            "python",
            "import hashlib\nx = '名前'; hashlib.md5(x)\n",
        )
        .await;
    let report = client
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": URI}}),
        )
        .await;
    assert_eq!(report["kind"], "full");
    let items = report["items"].as_array().expect("items").clone();
    assert_eq!(
        lines(&items),
        vec![(1, "python-weak-hash-md5-sha1".to_owned())]
    );
    // UTF-8 columns: `x = '名前'; ` is 4 + 1 + 6 + 1 + 2 = 14 bytes.
    assert_eq!(
        items[0]["range"]["start"],
        json!({"line": 1, "character": 14})
    );
    // Nothing was pushed, to the end of the server's output.
    let pushed: Vec<Value> = client
        .finish()
        .await
        .into_iter()
        .filter(|message| message["method"] == "textDocument/publishDiagnostics")
        .collect();
    assert_eq!(pushed, Vec::<Value>::new());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_documents_get_one_informational_diagnostic() {
    let mut client = Client::start(json!({}), json!({"debounceMs": 0, "maxFileSize": 64})).await;
    let text = format!("import hashlib\nhashlib.md5(b'x')\n{}\n", "#".repeat(100));
    client.open(URI, "python", &text).await;
    let diagnostics = client.diagnostics(URI, 1).await;
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0]["severity"], 3);
    assert_eq!(
        diagnostics[0]["message"],
        "codeward did not scan this file: 134 bytes is over the limit of 64 (maxFileSize)"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_test_file_shows_only_credentials_unless_tests_are_included() {
    let uri = "file:///tmp/codeward-lsp-test/tests/test_app.py";
    let text = "import hashlib\n\nKEY = \"AKIAZ3MHQ7XL2RPWK4DN\"\n\n\ndef test_digest():\n    assert hashlib.md5(b\"x\").hexdigest()\n";
    let open =
        json!({"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}});
    let mut client = Client::start(json!({}), json!({"debounceMs": 0})).await;
    client.notify("textDocument/didOpen", open.clone()).await;
    assert_eq!(
        lines(&client.diagnostics(uri, 1).await),
        [(2, "aws-access-key-id".to_owned())]
    );
    let mut client = Client::start(json!({}), json!({"debounceMs": 0, "includeTests": true})).await;
    client.notify("textDocument/didOpen", open).await;
    assert_eq!(
        lines(&client.diagnostics(uri, 1).await),
        [
            (2, "aws-access-key-id".to_owned()),
            (6, "python-weak-hash-md5-sha1".to_owned())
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn flow_diagnostics_name_the_other_end_of_the_flow() {
    let mut client = Client::start(json!({}), json!({"debounceMs": 0})).await;
    let text = "\
import random
import sqlite3
from flask import Flask, make_response, request

app = Flask(__name__)
db = sqlite3.connect(\"app.db\")

@app.route(\"/login\")
def login():
    sid = \"%032x\" % random.getrandbits(128)
    resp = make_response(\"ok\")
    resp.set_cookie(\"sid\", sid, secure=True, httponly=True)
    name = request.args.get(\"name\")
    db.execute(\"SELECT * FROM users WHERE name = '\" + name + \"'\")
    return resp
";
    client.open(URI, "python", text).await;
    let diagnostics = client.diagnostics(URI, 1).await;
    assert_eq!(
        lines(&diagnostics),
        vec![
            (9, "python-weak-random-reaches-secret".to_owned()),
            (13, "python-sql-injection".to_owned())
        ]
    );
    let related = |diagnostic: &Value| {
        let info = &diagnostic["relatedInformation"][0];
        (
            info["location"]["range"]["start"].clone(),
            info["message"].clone(),
        )
    };
    assert_eq!(
        related(&diagnostics[0]),
        (
            json!({"line": 11, "character": 27}),
            json!("the value is used here")
        )
    );
    assert_eq!(
        related(&diagnostics[1]),
        (
            json!({"line": 12, "character": 11}),
            json!("untrusted data enters here")
        )
    );
}
