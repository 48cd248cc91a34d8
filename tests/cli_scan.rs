//! `codeward scan` end to end: the built binary on temporary projects with known content.
//!
//! Every test asserts exact flagged `path:line:col` lines, exact messages and exit codes,
//! using rules of the built-in pack (python-weak-hash-md5-sha1, python-sql-injection,
//! aws-access-key-id). Paths are relative because each run starts in the project folder.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

#[path = "cli_scan/reports.rs"]
mod reports;

const WEAK_HASH: &str =
    "import hashlib\n\n\ndef digest(data):\n    return hashlib.md5(data).hexdigest()\n";
const SQL: &str = "from flask import request\n\n\ndef lookup(cursor):\n    name = request.args.get(\"name\")\n    cursor.execute(\"SELECT * FROM users WHERE name = '%s'\" % name)\n";
const AWS_KEY: &str = "AWS_REGION=eu-west-1\nAWS_ACCESS_KEY_ID=AKIAZ3MHQ7XL2RPWK4DN\n";
const HASH_LINE: &str = "app.py:5:12  medium  python-weak-hash-md5-sha1";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// The `path:line:col  severity  rule-id` part of each finding line of a text report.
    fn flagged(&self) -> Vec<String> {
        self.stdout
            .lines()
            .filter(|line| !line.starts_with(' ') && line.matches("  ").count() >= 3)
            .map(|line| line.splitn(4, "  ").take(3).collect::<Vec<_>>().join("  "))
            .collect()
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).expect("stdout is JSON")
    }
}

fn project(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, content) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, content).expect("write");
    }
    dir
}

fn codeward(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_codeward"))
        .arg("scan")
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("codeward runs");
    Run {
        code: output.status.code().expect("exit code"),
        stdout: String::from_utf8(output.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("utf-8 stderr"),
    }
}

/// Runs on a fresh project and checks the exit code and the flagged findings.
fn check(files: &[(&str, &[u8])], args: &[&str], code: i32, expected: &[&str]) -> Run {
    let dir = project(files);
    let run = codeward(dir.path(), args);
    assert_eq!(
        run.flagged(),
        expected,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout,
        run.stderr
    );
    assert_eq!(run.code, code, "stderr:\n{}", run.stderr);
    run
}

#[test]
fn text_report_flags_exact_lines_and_exits_one() {
    let run = check(
        &[
            ("app.py", WEAK_HASH.as_bytes()),
            ("db/query.py", SQL.as_bytes()),
            (".env", AWS_KEY.as_bytes()),
        ],
        &[],
        1,
        &[
            ".env:2:19  high  aws-access-key-id",
            HASH_LINE,
            "db/query.py:6:20  critical  python-sql-injection",
        ],
    );
    assert!(
        run.stdout
            .contains("\n  5 |     return hashlib.md5(data).hexdigest()\n")
    );
    assert!(run.stdout.contains("= remediation: Use hashlib.sha256"));
    assert!(run.stdout.contains("= quick fix: Use hashlib.sha256\n"));
    assert!(
        run.stdout
            .contains("  2 | AWS_ACCESS_KEY_ID=AKIA********\n"),
        "secret redacted"
    );
    assert!(
        run.stdout
            .ends_with("\n3 findings (1 critical, 1 high, 1 medium) in 3 files; 0 files skipped\n")
    );
    assert_eq!(run.stderr, "");
}

#[test]
fn clean_tree_exits_zero() {
    let run = check(&[("ok.py", b"print('hello')\n")], &[], 0, &[]);
    assert_eq!(run.stdout, "0 findings in 1 file; 0 files skipped\n");
}

#[test]
fn gitignore_is_respected_hidden_files_scanned_and_git_skipped() {
    let files: &[(&str, &[u8])] = &[
        (".gitignore", b"build/\n"),
        (".env", AWS_KEY.as_bytes()),
        ("build/app.py", WEAK_HASH.as_bytes()),
        (".git/config", AWS_KEY.as_bytes()),
        ("src/app.py", WEAK_HASH.as_bytes()),
    ];
    check(
        files,
        &[],
        1,
        &[
            ".env:2:19  high  aws-access-key-id",
            "src/app.py:5:12  medium  python-weak-hash-md5-sha1",
        ],
    );
    // A file named on the command line is scanned even though it is ignored.
    check(
        files,
        &["build/app.py"],
        1,
        &["build/app.py:5:12  medium  python-weak-hash-md5-sha1"],
    );
}

#[test]
fn config_ignore_globs_disable_and_severity() {
    let config = "ignore = [\"vendor/\", \"*.min.py\"]\n[rules]\ndisable = [\"aws-access-key-id\"]\n[rules.severity]\npython-weak-hash-md5-sha1 = \"critical\"\n";
    let files: &[(&str, &[u8])] = &[
        (".codeward.toml", config.as_bytes()),
        (".env", AWS_KEY.as_bytes()),
        ("vendor/lib.py", WEAK_HASH.as_bytes()),
        ("bundle.min.py", WEAK_HASH.as_bytes()),
        ("app.py", WEAK_HASH.as_bytes()),
    ];
    check(
        files,
        &[],
        1,
        &["app.py:5:12  critical  python-weak-hash-md5-sha1"],
    );
}

#[test]
fn unreadable_kinds_of_file_are_skipped_with_notes() {
    let dir = project(&[
        ("blob.bin", b"abc\0def"),
        ("latin1.py", b"name = 'caf\xe9'\n"),
        ("app.py", b"x = 1\n"),
    ]);
    let big = std::fs::File::create(dir.path().join("big.py")).expect("create");
    big.set_len(50 * 1024 * 1024).expect("sparse 50 MB file");
    let run = codeward(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stderr,
        "note: skipped big.py: file is 52428800 bytes, over the 1048576-byte limit (max-file-size)\n\
         note: skipped blob.bin: binary file\n\
         note: skipped latin1.py: not valid UTF-8 (byte 11)\n"
    );
    let json = run.json();
    let reasons: Vec<(&str, &str)> = json["skipped"]
        .as_array()
        .expect("skipped")
        .iter()
        .map(|skip| {
            (
                skip["path"].as_str().unwrap_or_default(),
                skip["reason"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        reasons,
        [
            ("big.py", "too-large"),
            ("blob.bin", "binary"),
            ("latin1.py", "invalid-utf8")
        ]
    );
    assert_eq!(
        (
            &json["summary"]["filesScanned"],
            &json["summary"]["filesSkipped"]
        ),
        (&1.into(), &3.into())
    );
}

#[test]
fn max_file_size_comes_from_the_config() {
    let run = check(
        &[
            (".codeward.toml", b"max-file-size = 40\n"),
            ("app.py", WEAK_HASH.as_bytes()),
        ],
        &[],
        0,
        &[],
    );
    assert_eq!(
        run.stderr,
        format!(
            "note: skipped app.py: file is {} bytes, over the 40-byte limit (max-file-size)\n",
            WEAK_HASH.len()
        )
    );
}

#[test]
fn missing_path_is_a_usage_error() {
    let run = check(
        &[("app.py", WEAK_HASH.as_bytes())],
        &["app.py", "nowhere/else.py"],
        2,
        &[],
    );
    assert_eq!(run.stderr, "error: path does not exist: nowhere/else.py\n");
    assert_eq!(run.stdout, "");
}

#[test]
fn malformed_rule_file_names_file_line_and_field() {
    let rule = "id: my-rule\nlanguages: [python]\nseverity: urgent\nconfidence: high\nmessage: m\ncwe: [CWE-1]\ncategory: c\nremediation:\n  text: t\n  url: https://example.com\npattern:\n  query: (call) @match\n";
    let run = check(
        &[
            ("team-rules/bad.yaml", rule.as_bytes()),
            ("app.py", b"x = 1\n"),
        ],
        &["app.py", "--rules", "team-rules"],
        2,
        &[],
    );
    assert_eq!(
        run.stderr,
        "error: 1 rule file could not be loaded:\n  team-rules/bad.yaml:3: severity: `urgent` is not one of critical, high, medium, low, info\n"
    );
}

#[test]
fn config_errors_name_the_file_and_key() {
    let dir = project(&[
        (".codeward.toml", b"min-severity = \"low\"\nmax-size = 3\n"),
        ("app.py", b"x = 1\n"),
    ]);
    let run = codeward(dir.path(), &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with(
            "error: .codeward.toml:2: max-size: unknown field `max-size`, expected one of"
        ),
        "{}",
        run.stderr
    );
    std::fs::write(
        dir.path().join("other.toml"),
        "[rules.severity]\naws-access-key-id = \"urgent\"\n",
    )
    .expect("write");
    let run = codeward(dir.path(), &["--config", "other.toml"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: other.toml:2: rules.severity.aws-access-key-id: `urgent` is not a severity: use info, low, medium, high or critical\n"
    );
    let run = codeward(dir.path(), &["--config", "absent.toml"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (2, "error: config file does not exist: absent.toml\n")
    );
}

#[test]
fn min_severity_thresholds() {
    let files: &[(&str, &[u8])] = &[("app.py", WEAK_HASH.as_bytes())];
    check(files, &["--min-severity", "medium"], 1, &[HASH_LINE]);
    let run = check(files, &["--min-severity", "high"], 0, &[]);
    assert_eq!(run.stdout, "0 findings in 1 file; 0 files skipped\n");
    check(
        &[
            (".codeward.toml", b"min-severity = \"critical\"\n"),
            ("app.py", WEAK_HASH.as_bytes()),
        ],
        &[],
        0,
        &[],
    );
    check(
        &[
            (".codeward.toml", b"min-severity = \"critical\"\n"),
            ("app.py", WEAK_HASH.as_bytes()),
        ],
        &["--min-severity", "low"],
        1,
        &[HASH_LINE],
    );
    let run = check(files, &["--min-severity", "severe"], 2, &[]);
    assert!(
        run.stderr
            .contains("expected one of info, low, medium, high, critical"),
        "{}",
        run.stderr
    );
}

#[test]
fn output_file_is_written_and_failure_to_write_is_exit_three() {
    let dir = project(&[("app.py", WEAK_HASH.as_bytes())]);
    let run = codeward(dir.path(), &["--output", "report.txt"]);
    assert_eq!((run.code, run.stdout.as_str()), (1, ""));
    let written = std::fs::read_to_string(dir.path().join("report.txt")).expect("report written");
    assert!(
        written.starts_with(&format!("app.py\n{HASH_LINE}  MD5")),
        "{written}"
    );
    let run = codeward(
        dir.path(),
        &[
            "app.py",
            "--format",
            "sarif",
            "--output",
            "missing/dir/out.sarif",
        ],
    );
    assert_eq!(run.code, 3);
    assert!(
        run.stderr
            .starts_with("error: cannot write missing/dir/out.sarif"),
        "{}",
        run.stderr
    );
}

#[test]
fn scan_names_with_personal_data_or_secrets_are_refused() {
    let files: &[(&str, &[u8])] = &[("app.py", b"x = 1\n")];
    let run = check(files, &["--name", "jane@example.com nightly"], 2, &[]);
    assert_eq!(
        run.stderr,
        "error: --name refused: the scan name contains an e-mail address; names reach logs and the team store\n"
    );
    let run = check(files, &["--name", "AKIAZ3MHQ7XL2RPWK4DN"], 2, &[]);
    assert_eq!(
        run.stderr,
        "error: --name refused: the scan name looks like it contains a secret; names reach logs and the team store\n"
    );
}

#[test]
fn unused_suppressions_are_warnings() {
    let text = "import hashlib\n# codeward-ignore[python-sql-injection]: not a query\nd = hashlib.md5(b\"x\")  # codeward-ignore[python-weak-hash-md5-sha1]: cache key\n";
    let run = check(
        &[("app.py", text.as_bytes())],
        &[],
        0,
        &["app.py:2  warning  unused-suppression"],
    );
    assert!(
        run.stdout
            .contains("`codeward-ignore[python-sql-injection]` suppresses nothing")
    );
}

const TEAM_RULE: &str = "id: team-no-print\nlanguages: [python]\nseverity: low\nconfidence: high\nmessage: print() left in code\ncwe: [CWE-489]\ncategory: debug-code\nremediation:\n  text: Use logging.\n  url: https://docs.python.org/3/library/logging.html\npattern:\n  query: |\n    (call function: (identifier) @name) @match\n  where:\n    - capture: name\n      equals: print\n";

#[test]
fn extra_rule_folders_from_the_flag_and_the_config() {
    let code: &[u8] = b"def main():\n    print('debug')\n";
    let flagged = ["src/app.py:2:5  low  team-no-print"];
    check(
        &[
            ("team/no-print.yaml", TEAM_RULE.as_bytes()),
            ("src/app.py", code),
        ],
        &["src", "--rules", "team"],
        1,
        &flagged,
    );
    // `extra-rules` is relative to the config file, not to the current folder.
    let dir = project(&[
        ("proj/conf/.codeward.toml", b"extra-rules = [\"../team\"]\n"),
        ("proj/team/no-print.yaml", TEAM_RULE.as_bytes()),
        ("proj/src/app.py", code),
    ]);
    let run = codeward(
        &dir.path().join("proj"),
        &["src", "--config", "conf/.codeward.toml"],
    );
    assert_eq!(
        (run.flagged(), run.code),
        (vec![flagged[0].to_owned()], 1),
        "{}",
        run.stderr
    );
}

#[test]
fn weak_hashes_are_found_under_every_import_spelling() {
    let source = b"import hashlib as h\nfrom hashlib import md5 as digest\nfrom hashlib import sha256\n\n\ndef fingerprint(data):\n    a = h.md5(data)\n    b = digest(data)\n    c = sha256(data)\n    return a, b, c\n";
    check(
        &[("app.py", source)],
        &["."],
        1,
        &[
            "app.py:7:9  medium  python-weak-hash-md5-sha1",
            "app.py:8:9  medium  python-weak-hash-md5-sha1",
        ],
    );
}

#[test]
fn rules_parse_shows_qualified_names_and_types() {
    let dir = project(&[(
        "Run.java",
        b"class Run {\n  void go(String cmd) throws Exception {\n    Runtime r = Runtime.getRuntime();\n    r.exec(cmd);\n  }\n}\n",
    )]);
    let output = Command::new(env!("CARGO_BIN_EXE_codeward"))
        .args(["rules", "parse", "Run.java"])
        .current_dir(dir.path())
        .output()
        .expect("codeward runs");
    let stdout = String::from_utf8(output.stdout).expect("utf-8 stdout");
    let resolved: Vec<&str> = stdout
        .lines()
        .filter(|line| {
            let after = line
                .split_once(") [")
                .map(|(_, after)| after)
                .unwrap_or_default();
            after.contains("  qualified: ") || after.contains("  type: ")
        })
        .map(str::trim)
        .collect();
    assert_eq!(
        resolved,
        [
            "name: (identifier) [2:18] \"cmd\"  type: java.lang.String",
            "name: (identifier) [3:13] \"r\"  type: java.lang.Runtime",
            "value: (method_invocation) [3:17]  qualified: java.lang.Runtime.getRuntime  type: java.lang.Runtime",
            "(method_invocation) [4:5]  qualified: java.lang.Runtime.exec  type: java.lang.Process",
            "object: (identifier) [4:5] \"r\"  type: java.lang.Runtime",
            "(identifier) [4:12] \"cmd\"  type: java.lang.String",
        ],
        "{stdout}"
    );
}

/// A test file with a weak hash and a made-up password (left out by default) and a real key
/// (always reported).
const TEST_FILE: &str = "import hashlib\n\nKEY = \"AKIAZ3MHQ7XL2RPWK4DN\"\n\n\ndef test_digest():\n    assert hashlib.md5(b\"x\").hexdigest()\n    new_password = \"newpass123\"\n";

#[test]
fn findings_in_test_code_are_left_out_except_credentials() {
    let files: &[(&str, &[u8])] = &[
        ("app.py", WEAK_HASH.as_bytes()),
        ("tests/test_app.py", TEST_FILE.as_bytes()),
    ];
    let run = check(
        files,
        &[],
        1,
        &[HASH_LINE, "tests/test_app.py:3:8  high  aws-access-key-id"],
    );
    assert!(
        run.stdout.ends_with(
            "\n2 findings (1 high, 1 medium) in 2 files; 0 files skipped; 3 findings in test code left out (--include-tests)\n"
        ),
        "{}",
        run.stdout
    );
    let all = [
        HASH_LINE,
        "tests/test_app.py:3:8  high  aws-access-key-id",
        "tests/test_app.py:7:12  medium  python-weak-hash-md5-sha1",
        "tests/test_app.py:8:5  high  python-hardcoded-password",
        "tests/test_app.py:8:21  high  hardcoded-secret-assignment",
    ];
    check(files, &["--include-tests"], 1, &all);
    let configured: &[(&str, &[u8])] = &[
        ("app.py", WEAK_HASH.as_bytes()),
        ("tests/test_app.py", TEST_FILE.as_bytes()),
        (".codeward.toml", b"include-tests = true\n"),
    ];
    check(configured, &[], 1, &all);
}

#[test]
fn a_project_declares_its_test_paths_and_sarif_leaves_them_out() {
    let files: &[(&str, &[u8])] = &[
        ("qa/load.py", WEAK_HASH.as_bytes()),
        (".codeward.toml", b"test-paths = [\"qa/**\"]\n"),
    ];
    let dir = project(files);
    let run = codeward(dir.path(), &["--format", "sarif"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["runs"][0]["results"], serde_json::json!([]));
    assert_eq!(
        run.stderr,
        "note: 1 finding in test code left out (--include-tests reports them)\n"
    );
    let bad = project(&[(".codeward.toml", b"test-paths = [\"qa/{x\"]\n")]);
    let run = codeward(bad.path(), &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(".codeward.toml:1: test-paths: "),
        "{}",
        run.stderr
    );
}

#[test]
fn corpus_report_counts_a_label_for_every_rule_of_its_cwe() {
    // `stack-trace-exposure` names `go-stack-trace-exposure` (CWE-209) and so the other
    // CWE-209 rule of the language, `go-error-details-in-response`; a safe line stays safe.
    let dir = project(&[(
        "go/pay.go",
        b"package main\n\nimport \"net/http\"\n\nfunc pay(w http.ResponseWriter, r *http.Request) {\n\tif err := charge(); err != nil {\n\t\t// ruleid: stack-trace-exposure\n\t\thttp.Error(w, err.Error(), http.StatusInternalServerError)\n\t\t// ok: stack-trace-exposure\n\t\thttp.Error(w, \"internal error\", http.StatusInternalServerError)\n\t}\n}\n\nfunc charge() error { return nil }\n",
    )]);
    let output = Command::new(env!("CARGO_BIN_EXE_codeward"))
        .args(["rules", "test", "--report", "."])
        .current_dir(dir.path())
        .output()
        .expect("codeward runs");
    let stdout = String::from_utf8(output.stdout).expect("utf-8 stdout");
    let row: Vec<&str> = stdout
        .lines()
        .find(|line| line.starts_with("go "))
        .expect("a go row")
        .split_whitespace()
        .collect();
    // language, positives, negatives, tp, fn, fp, tn, TPR, FPR, J
    assert_eq!(
        row,
        ["go", "1", "1", "1", "0", "0", "1", "100.0", "0.0", "1.00"],
        "{stdout}"
    );
    assert_eq!(output.status.code(), Some(0), "{stdout}");
}
