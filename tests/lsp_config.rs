//! One configuration for the CLI and the editor: a project's `.codeward.toml` gives the same
//! findings in `codeward scan` and in the language server (the built binary over stdio), a
//! changed file notified with `workspace/didChangeWatchedFiles` changes what is published,
//! editor settings win over the file where they are set, and a broken file keeps the last
//! good configuration in force and is reported.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

use common::Server;

const IP: &str = "python-hardcoded-ip-address";
const MD5: &str = "python-weak-hash-md5-sha1";
const YAML: &str = "python-unsafe-yaml-load";
const AWS: &str = "aws-access-key-id";

/// Every key that decides what is shown: the IP rule (low) is raised above `min-severity`,
/// md5 (medium) lowered below it, yaml.load turned off, `vendor/` left out, `big.py` over
/// the size limit, and test code (`qa/` too) reported in full.
const CONFIG: &str = "min-severity = \"medium\"
max-file-size = 400
ignore = [\"vendor/**\"]
include-tests = true
test-paths = [\"qa/**\"]

[rules]
disable = [\"python-unsafe-yaml-load\"]

[rules.severity]
python-hardcoded-ip-address = \"high\"
python-weak-hash-md5-sha1 = \"low\"
";

/// IP address on line 3 (zero-based), md5 on 6, yaml.load on 9.
const APP_PY: &str = "import hashlib\nimport yaml\n\nSERVER = \"52.14.200.3\"\n\ndef sign(data):\n    return hashlib.md5(data).hexdigest()\n\ndef settings(stream):\n    return yaml.load(stream)\n";

/// An access key on line 2, the IP address on line 5 (a test, not a credential).
const TEST_APP_PY: &str =
    "import hashlib\n\nKEY = \"AKIAZ3MHQ7XL2RPWK4DN\"\n\n\nSERVER = \"52.14.200.3\"\n";

fn write(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
    std::fs::write(path, text).expect("write");
}

fn project() -> tempfile::TempDir {
    let folder = tempfile::tempdir().expect("temp dir");
    let root = folder.path();
    write(root, ".codeward.toml", CONFIG);
    write(root, "app.py", APP_PY);
    write(root, "tests/test_app.py", TEST_APP_PY);
    write(root, "qa/check.py", TEST_APP_PY);
    write(root, "vendor/lib.py", APP_PY);
    write(root, "big.py", &format!("{APP_PY}{}\n", "#".repeat(400)));
    folder
}

const FILES: [&str; 5] = [
    "app.py",
    "big.py",
    "qa/check.py",
    "tests/test_app.py",
    "vendor/lib.py",
];

fn finding(line: u64, rule: &str) -> (u64, String) {
    (line, rule.to_owned())
}

type Findings = BTreeMap<String, Vec<(u64, String)>>;

/// `codeward scan --format json` in `root`: findings by file (zero-based lines, as the
/// server sends them), and the files skipped.
fn cli_scan(root: &Path) -> (Findings, Vec<String>) {
    let output = Command::new(env!("CARGO_BIN_EXE_codeward"))
        .args(["scan", "--format", "json"])
        .current_dir(root)
        .output()
        .expect("runs codeward scan");
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let report: Value = serde_json::from_slice(&output.stdout).expect("json");
    let mut findings = Findings::new();
    for found in report["findings"].as_array().expect("findings") {
        findings
            .entry(found["path"].as_str().expect("path").to_owned())
            .or_default()
            .push((
                found["startLine"].as_u64().expect("line") - 1,
                found["ruleId"].as_str().expect("rule").to_owned(),
            ));
    }
    let skipped = report["skipped"]
        .as_array()
        .expect("skipped")
        .iter()
        .map(|skip| skip["path"].as_str().expect("path").to_owned())
        .collect();
    (findings, skipped)
}

fn start(root: &Path, options: Value) -> Server {
    let capabilities =
        json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}});
    Server::start(root, capabilities, options)
}

/// Opens each of `files` and reads its first diagnostics; files without any are left out.
fn editor_findings(server: &mut Server, root: &Path, files: &[&str]) -> Findings {
    for file in files {
        server.open(&root.join(file), "python");
    }
    files
        .iter()
        .map(|file| ((*file).to_owned(), server.diagnostics(&root.join(file))))
        .filter(|(_, found)| !found.is_empty())
        .collect()
}

fn findings(entries: &[(&str, Vec<(u64, String)>)]) -> Findings {
    entries
        .iter()
        .map(|(file, found)| ((*file).to_owned(), found.clone()))
        .collect()
}

fn watched_change(server: &mut Server, path: &Path) {
    server.backlog.clear();
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": common::uri(path), "type": 2}]}),
    );
}

#[test]
fn the_cli_and_the_editor_give_the_same_findings_for_one_config() {
    let folder = project();
    let root = folder.path();
    let expected = findings(&[
        ("app.py", vec![finding(3, IP)]),
        ("qa/check.py", vec![finding(2, AWS), finding(5, IP)]),
        ("tests/test_app.py", vec![finding(2, AWS), finding(5, IP)]),
    ]);
    let (cli, skipped) = cli_scan(root);
    assert_eq!(cli, expected);
    assert_eq!(skipped, vec!["big.py".to_owned()]);

    let mut server = start(root, json!({"debounceMs": 0}));
    let mut editor = editor_findings(&mut server, root, &FILES);
    // What the CLI skips for its size, the editor says it did not scan.
    assert_eq!(
        editor.remove("big.py"),
        Some(vec![finding(0, "file-too-large")])
    );
    assert_eq!(editor, cli);
    server.stop();
}

#[test]
fn a_changed_config_file_changes_the_published_diagnostics() {
    let folder = project();
    let root = folder.path();
    let mut server = start(root, json!({"debounceMs": 0}));
    let app = root.join("app.py");
    server.open(&app, "python");
    assert_eq!(server.diagnostics(&app), vec![finding(3, IP)]);
    let registrations: Vec<&Value> = server
        .server_requests
        .iter()
        .filter(|request| request["method"] == "client/registerCapability")
        .collect();
    assert_eq!(
        registrations[0]["params"]["registrations"][0]["registerOptions"],
        json!({"watchers": [{"globPattern": "**/.codeward.toml"}, {"globPattern": "**/*.{yaml,yml}"}]})
    );

    let config = root.join(".codeward.toml");
    std::fs::write(
        &config,
        CONFIG.replace("python-weak-hash-md5-sha1 = \"low\"\n", ""),
    )
    .expect("write");
    watched_change(&mut server, &config);
    assert_eq!(
        server.diagnostics(&app),
        vec![finding(3, IP), finding(6, MD5)]
    );

    // A file nearer to the document wins over the one at the root.
    write(
        root,
        "sub/.codeward.toml",
        "[rules]\ndisable = [\"python-hardcoded-ip-address\"]\n",
    );
    write(root, "sub/app.py", APP_PY);
    let nested = root.join("sub/.codeward.toml");
    watched_change(&mut server, &nested);
    assert_eq!(
        server.diagnostics(&app),
        vec![finding(3, IP), finding(6, MD5)]
    );
    let sub_app = root.join("sub/app.py");
    server.open(&sub_app, "python");
    assert_eq!(
        server.diagnostics(&sub_app),
        vec![finding(6, MD5), finding(9, YAML)]
    );
    server.stop();
}

#[test]
fn editor_settings_win_over_the_file_where_they_are_set() {
    let folder = project();
    let root = folder.path();
    let options = json!({"debounceMs": 0, "minSeverity": "info", "includeTests": false, "rules": {"disable": []}});
    let mut server = start(root, options);
    let files = ["app.py", "qa/check.py", "tests/test_app.py"];
    assert_eq!(
        editor_findings(&mut server, root, &files),
        findings(&[
            // md5 keeps the file's severity (low), shown now that the editor says info.
            (
                "app.py",
                vec![finding(3, IP), finding(6, MD5), finding(9, YAML)]
            ),
            // The file's `test-paths` with the editor's `includeTests`.
            ("qa/check.py", vec![finding(2, AWS)]),
            ("tests/test_app.py", vec![finding(2, AWS)]),
        ])
    );

    // Settings that no longer set a key leave it to the file again; a `rules.severity` entry
    // changes its rule only (md5 critical, the IP rule still high from the file).
    server.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"codeward": {"debounceMs": 0, "rules": {"severity": {"python-weak-hash-md5-sha1": "critical"}}}}}),
    );
    let app = root.join("app.py");
    let tests = root.join("tests/test_app.py");
    assert_eq!(
        server.diagnostics(&app),
        vec![finding(3, IP), finding(6, MD5)]
    );
    assert_eq!(
        server.diagnostics(&tests),
        vec![finding(2, AWS), finding(5, IP)]
    );
    assert_eq!(
        server.diagnostics(&root.join("qa/check.py")),
        vec![finding(2, AWS), finding(5, IP)]
    );
    server.stop();
}

#[test]
fn a_broken_config_file_keeps_the_last_good_one_and_is_reported() {
    let folder = project();
    let root = folder.path();
    let mut server = start(root, json!({"debounceMs": 0}));
    let app = root.join("app.py");
    server.open(&app, "python");
    assert_eq!(server.diagnostics(&app), vec![finding(3, IP)]);

    let config = root.join(".codeward.toml");
    std::fs::write(&config, CONFIG.replace("\"medium\"", "\"urgent\"")).expect("write");
    watched_change(&mut server, &config);
    assert_eq!(server.diagnostics(&app), vec![finding(3, IP)]);
    let messages: Vec<Value> = server
        .take("window/showMessage")
        .into_iter()
        .map(|message| message["params"].clone())
        .collect();
    assert_eq!(
        messages,
        vec![json!({
            "type": 1,
            "message": format!(
                "codeward: {}:1: min-severity: `urgent` is not a severity: use info, low, medium, high or critical; the last good version of the file stays in force",
                config.display()
            )
        })]
    );

    // Fixed, the file is in force again.
    std::fs::write(&config, CONFIG.replace("\"medium\"", "\"low\"")).expect("write");
    watched_change(&mut server, &config);
    assert_eq!(
        server.diagnostics(&app),
        vec![finding(3, IP), finding(6, MD5)]
    );
    server.stop();
}

#[test]
fn bad_settings_at_start_are_shown_and_the_file_stays_in_force() {
    let folder = project();
    let root = folder.path();
    let mut server = start(root, json!({"debounceMs": 0, "minSeverity": "severe"}));
    let app = root.join("app.py");
    server.open(&app, "python");
    assert_eq!(server.diagnostics(&app), vec![finding(3, IP)]);
    let messages: Vec<Value> = server
        .take("window/showMessage")
        .into_iter()
        .map(|message| message["params"].clone())
        .collect();
    assert_eq!(
        messages,
        vec![json!({
            "type": 1,
            "message": "codeward: settings not applied: minSeverity: `severe` is not a severity: use info, low, medium, high or critical"
        })]
    );
    server.stop();
}
