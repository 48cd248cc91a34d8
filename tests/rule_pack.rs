//! The built-in pack: every rule compiles, has a fixture, flags exactly its `ruleid:` lines,
//! and every fix produces the `.fixed` text.

use std::collections::BTreeMap;
use std::path::Path;

use codeward::engine::ruletest::{is_model, run_tests, with_builtin_models};
use codeward::rules::{self, RuleSource};

fn files_under(dir: &Path, files: &mut BTreeMap<String, String>) {
    for entry in std::fs::read_dir(dir).expect("rules folder is readable") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            files_under(&path, files);
        } else if let Ok(text) = std::fs::read_to_string(&path) {
            files.insert(path.display().to_string(), text);
        }
    }
}

/// Runs `rules test` over a folder of the repository and fails with its report.
fn check_folder(folder: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let mut files = BTreeMap::new();
    files_under(&root, &mut files);
    let folder: Vec<RuleSource> = files
        .iter()
        .filter(|(path, _)| rules::is_rule_file(Path::new(path)))
        .map(|(path, text)| RuleSource {
            path: path.clone(),
            text: text.clone(),
        })
        .collect();
    let sources = with_builtin_models(folder);
    let report = run_tests(&sources, &files);
    let failures: Vec<&String> = report
        .lines
        .iter()
        .filter(|line| !line.starts_with("ok "))
        .collect();
    assert!(
        failures.is_empty(),
        "{}",
        failures
            .iter()
            .map(|line| line.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert_eq!(report.failed, 0);
    assert!(report.rules > 0 && report.fixtures >= report.rules);
}

#[test]
fn every_rule_passes_its_fixtures() {
    check_folder("rules");
}

/// Dataflow cases per language, beside the pack: assignments, helpers, containers,
/// fields, closures, constants, sanitizers.
#[test]
fn taint_cases_pass() {
    check_folder("tests/taint-cases");
}

#[test]
fn embedded_pack_compiles_without_errors() {
    let (set, errors) = rules::builtin();
    assert_eq!(errors, Vec::new());
    let on_disk = rules::builtin_sources()
        .iter()
        .filter(|source| !is_model(source))
        .count();
    assert_eq!(set.rules().len(), on_disk);
}

#[test]
fn a_rule_without_fixture_fails() {
    let rule = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("rules/python/insecure-hashing/python-weak-hash-md5-sha1.yaml"),
    )
    .expect("rule file");
    let path = "lonely/python-weak-hash-md5-sha1.yaml".to_owned();
    let files = BTreeMap::from([(path.clone(), rule.clone())]);
    let report = run_tests(&[RuleSource { path, text: rule }], &files);
    assert_eq!(report.failed, 1);
    assert_eq!(
        report.lines,
        vec!["FAIL python-weak-hash-md5-sha1: no fixture beside lonely/python-weak-hash-md5-sha1.yaml (add lonely/python-weak-hash-md5-sha1.<ext> with `ruleid:` and `ok:` lines)".to_owned()]
    );
}
