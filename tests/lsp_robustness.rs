//! The built `codeward lsp` over stdio when things go wrong: a handler that panics (injected
//! through `CODEWARD_LSP_TEST_FAULT`, which nothing but these tests sets) answers its
//! request with `InternalError` and the server serves the next one; `$/cancelRequest`
//! answers a request that would never finish with `RequestCancelled`; results for versions
//! the document has moved past are never published and code actions for them are refused;
//! and pull clients get `workspace/diagnostic`. What must never arrive is checked on the
//! whole output of the server, up to its end after `exit` (`Server::finish`).

mod common;

use std::path::Path;

use serde_json::{Value, json};

use common::{Server, lines, uri};

const MD5: &str = "python-weak-hash-md5-sha1";
const FAULT: &str = "CODEWARD_LSP_TEST_FAULT";
const MD5_HOVER: &str = "**MD5 and SHA-1 are broken for security use; collisions are practical** `python-weak-hash-md5-sha1`";
const APP_PY: &str = "import hashlib\nhashlib.md5(b'x')\n";

fn md5(line: u64) -> (u64, String) {
    (line, MD5.to_owned())
}

/// A project folder holding `app.py`.
fn project() -> tempfile::TempDir {
    let folder = tempfile::tempdir().expect("temp dir");
    std::fs::write(folder.path().join("app.py"), APP_PY).expect("write");
    folder
}

fn start(root: &Path, capabilities: Value, fault: Option<&str>) -> Server {
    let env: Vec<(&str, &str)> = fault.map(|fault| (FAULT, fault)).into_iter().collect();
    Server::start_with_env(root, capabilities, json!({"debounceMs": 0}), &env)
}

fn open(server: &mut Server, uri: &str, version: i64, text: &str) {
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "python", "version": version, "text": text}}),
    );
}

/// Replaces the whole text of `uri`.
fn change(server: &mut Server, uri: &str, version: i64, text: &str) {
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
    );
}

/// The next diagnostics pushed for `uri` at `version`, whole.
fn pushed(server: &mut Server, uri: &str, version: i64) -> Vec<Value> {
    let message = server.wait_for(|message| {
        message["method"] == "textDocument/publishDiagnostics"
            && message["params"]["uri"] == uri
            && message["params"]["version"] == json!(version)
    });
    message["params"]["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn hover(server: &mut Server, uri: &str, line: u64, character: u64) -> Value {
    server.request_response(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
    )
}

/// Messages with this method, their `params`.
fn params_of(messages: &[Value], method: &str) -> Vec<Value> {
    messages
        .iter()
        .filter(|message| message["method"] == method)
        .map(|message| message["params"].clone())
        .collect()
}

fn internal_error_log(method: &str) -> Value {
    json!({
        "type": 1,
        "message": format!("codeward: {method} failed with an internal error (see the server's stderr); the server keeps running"),
    })
}

#[test]
fn a_request_whose_handler_panics_is_answered_internal_error_and_the_next_one_is_served() {
    let folder = project();
    let app = uri(&folder.path().join("app.py"));
    let mut server = start(folder.path(), json!({}), Some("panic:textDocument/hover"));
    open(&mut server, &app, 1, APP_PY);
    assert_eq!(lines(&pushed(&mut server, &app, 1)), vec![md5(1)]);

    let failed = hover(&mut server, &app, 1, 10);
    assert_eq!(
        failed["error"],
        json!({"code": -32603, "message": "codeward: textDocument/hover failed with an internal error"})
    );
    let served = hover(&mut server, &app, 1, 10);
    let markdown = served["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(markdown.starts_with(MD5_HOVER), "{served}");
    // Edits are still analysed after the panic.
    change(&mut server, &app, 2, &format!("\n{APP_PY}"));
    assert_eq!(lines(&pushed(&mut server, &app, 2)), vec![md5(2)]);

    let messages = server.finish();
    assert_eq!(
        params_of(&messages, "window/logMessage"),
        vec![internal_error_log("textDocument/hover")]
    );
}

#[test]
fn a_notification_whose_handler_panics_costs_only_itself() {
    let folder = project();
    let app = uri(&folder.path().join("app.py"));
    let mut server = start(folder.path(), json!({}), Some("panic:textDocument/didOpen"));
    // The first `didOpen` panics: the document is not open, so a hover finds nothing.
    open(&mut server, &app, 1, APP_PY);
    assert_eq!(hover(&mut server, &app, 1, 10)["result"], Value::Null);
    open(&mut server, &app, 2, APP_PY);
    assert_eq!(lines(&pushed(&mut server, &app, 2)), vec![md5(1)]);

    let messages = server.finish();
    assert_eq!(
        params_of(&messages, "window/logMessage"),
        vec![internal_error_log("textDocument/didOpen")]
    );
    assert_eq!(
        params_of(&messages, "textDocument/publishDiagnostics"),
        Vec::<Value>::new(),
        "only the second didOpen published, and it was taken above"
    );
}

#[test]
fn cancel_request_answers_a_request_that_would_never_finish_with_request_cancelled() {
    let folder = project();
    let root = folder.path();
    let mut server = start(root, json!({}), Some("stall:workspace/executeCommand"));
    // Test faults are no command: only the workspace scan is advertised.
    assert_eq!(
        server.initialize["capabilities"]["executeCommandProvider"]["commands"],
        json!(["codeward.scanWorkspace"])
    );
    let scan = json!({"command": "codeward.scanWorkspace", "arguments": []});
    let stalled = server.send_request("workspace/executeCommand", scan.clone());
    server.notify("$/cancelRequest", json!({"id": stalled}));
    assert_eq!(
        server.response(stalled),
        json!({"jsonrpc": "2.0", "id": stalled, "error": {"code": -32800, "message": "Canceled"}})
    );
    // The next scan runs to its end.
    assert_eq!(
        server.request("workspace/executeCommand", scan),
        json!({"files": 1, "findings": 1})
    );
    let app = uri(&root.join("app.py"));
    let messages = server.finish();
    assert_eq!(
        params_of(&messages, "textDocument/publishDiagnostics")
            .iter()
            .map(|params| (
                params["uri"].clone(),
                lines(params["diagnostics"].as_array().expect("diagnostics"))
            ))
            .collect::<Vec<_>>(),
        vec![(json!(app), vec![md5(1)])]
    );
}

/// A module of `count` functions hashing with md5, each on line `offset + 3 + 4 * index`.
fn functions(count: usize, offset: usize) -> (String, Vec<(u64, String)>) {
    let mut text = "#\n".repeat(offset);
    text.push_str("import hashlib\n\n");
    let mut found = Vec::new();
    for index in 0..count {
        text.push_str(&format!(
            "def sign_{index}(value):\n    digest = hashlib.md5(value)\n    return digest\n\n"
        ));
        found.push(md5((offset + 3 + 4 * index) as u64));
    }
    (text, found)
}

#[test]
fn diagnostics_of_an_older_version_are_never_published_after_a_newer_ones() {
    let folder = project();
    let app = uri(&folder.path().join("app.py"));
    let mut server = start(folder.path(), json!({}), None);
    let (v1, found_v1) = functions(300, 0);
    open(&mut server, &app, 1, &v1);
    assert_eq!(lines(&pushed(&mut server, &app, 1)), found_v1);
    // Two whole-file changes back to back: the analysis of version 2 is still running, or
    // has just finished, when version 3 arrives.
    let (v2, _) = functions(300, 1);
    let (v3, found_v3) = functions(299, 2);
    change(&mut server, &app, 2, &v2);
    change(&mut server, &app, 3, &v3);
    assert_eq!(lines(&pushed(&mut server, &app, 3)), found_v3);
    let versions = |messages: &[Value]| -> Vec<(i64, Vec<(u64, String)>)> {
        params_of(messages, "textDocument/publishDiagnostics")
            .iter()
            .map(|params| {
                (
                    params["version"].as_i64().unwrap_or(-1),
                    lines(params["diagnostics"].as_array().expect("diagnostics")),
                )
            })
            .collect()
    };
    // Before version 3's: version 2's, if its analysis finished before the change to 3.
    let before = versions(&server.take("textDocument/publishDiagnostics"));
    assert!(
        before.iter().all(|(version, _)| *version == 2),
        "{before:?}"
    );
    // After it, to the end of the output: at most a whole-file pass of version 3 behind the
    // first result, the same; nothing of version 2.
    let after = versions(&server.finish());
    assert!(
        after
            .iter()
            .all(|(version, found)| *version == 3 && found == &found_v3),
        "{after:?}"
    );
}

#[test]
fn a_code_action_for_diagnostics_of_another_version_is_refused_with_content_modified() {
    let folder = project();
    let app = uri(&folder.path().join("app.py"));
    let mut server = start(folder.path(), json!({}), None);
    open(&mut server, &app, 1, APP_PY);
    let old = pushed(&mut server, &app, 1);
    assert_eq!(lines(&old), vec![md5(1)]);
    server.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": app, "version": 2},
            "contentChanges": [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "# checksums\n"}]
        }),
    );
    let current = pushed(&mut server, &app, 2);
    assert_eq!(lines(&current), vec![md5(2)]);
    let actions = |server: &mut Server, diagnostic: &Value| {
        server.request_response(
            "textDocument/codeAction",
            json!({
                "textDocument": {"uri": app},
                "range": diagnostic["range"],
                "context": {"diagnostics": [diagnostic]}
            }),
        )
    };
    // Version 1's fix would replace line 1, which is now the import.
    assert_eq!(
        actions(&mut server, &old[0])["error"],
        json!({
            "code": -32801,
            "message": format!("codeward: a diagnostic of {MD5} is from another version of the document than 2")
        })
    );
    let answer = actions(&mut server, &current[0]);
    let offered: Vec<(Value, Value)> = answer["result"]
        .as_array()
        .expect("actions")
        .iter()
        .map(|action| {
            (
                action["title"].clone(),
                action["edit"]["changes"][&app].clone(),
            )
        })
        .collect();
    assert_eq!(
        offered,
        vec![
            (
                json!("Use hashlib.sha256"),
                json!([{"range": {"start": {"line": 2, "character": 8}, "end": {"line": 2, "character": 11}}, "newText": "sha256"}])
            ),
            (
                json!(format!("Suppress {MD5} on this line")),
                json!([{"range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 0}}, "newText": format!("# codeward-ignore[{MD5}]: <reason>\n")}])
            ),
        ]
    );
    server.finish();
}

/// (uri, kind, version, diagnostics) of one report of `workspace/diagnostic`.
type Report = (Value, Value, Value, Vec<(u64, String)>);

#[test]
fn workspace_pull_reports_open_documents_unchanged_ones_and_those_closed_since() {
    let folder = project();
    let root = folder.path();
    let (app, clean) = (uri(&root.join("app.py")), uri(&root.join("clean.py")));
    let pull = json!({"textDocument": {"diagnostic": {"dynamicRegistration": false}}});
    let mut server = start(root, pull, None);
    assert_eq!(
        server.initialize["capabilities"]["diagnosticProvider"]["workspaceDiagnostics"],
        json!(true)
    );
    open(&mut server, &app, 1, APP_PY);
    open(&mut server, &clean, 1, "import hashlib\n");
    let workspace = |server: &mut Server, previous: Value| {
        server.request(
            "workspace/diagnostic",
            json!({"previousResultIds": previous}),
        )["items"]
            .as_array()
            .expect("items")
            .clone()
    };
    // The reports, and the result ids to send back.
    let read = |items: &[Value]| {
        let reports: Vec<Report> = items
            .iter()
            .map(|item| {
                (
                    item["uri"].clone(),
                    item["kind"].clone(),
                    item["version"].clone(),
                    lines(item["items"].as_array().unwrap_or(&Vec::new())),
                )
            })
            .collect();
        let ids: Vec<Value> = items
            .iter()
            .map(|item| json!({"uri": item["uri"], "value": item["resultId"]}))
            .collect();
        (reports, Value::Array(ids))
    };

    let (first, ids) = read(&workspace(&mut server, json!([])));
    assert_eq!(
        first,
        vec![
            (json!(app), json!("full"), json!(1), vec![md5(1)]),
            (json!(clean), json!("full"), json!(1), vec![]),
        ]
    );
    let (again, same_ids) = read(&workspace(&mut server, ids.clone()));
    assert_eq!(
        again,
        vec![
            (json!(app), json!("unchanged"), json!(1), vec![]),
            (json!(clean), json!("unchanged"), json!(1), vec![]),
        ]
    );
    assert_eq!(same_ids, ids);

    change(&mut server, &app, 2, &format!("\n{APP_PY}"));
    server.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": clean}}),
    );
    let (after, _) = read(&workspace(&mut server, ids));
    assert_eq!(
        after,
        vec![
            (json!(app), json!("full"), json!(2), vec![md5(2)]),
            (json!(clean), json!("full"), Value::Null, vec![]),
        ]
    );
    let messages = server.finish();
    assert_eq!(
        params_of(&messages, "textDocument/publishDiagnostics"),
        Vec::<Value>::new()
    );
}
