//! `rules test`: every rule file checked against the fixtures beside it.
//!
//! Works on a map of path to text, so the same code checks the embedded pack, a user's
//! folder and the test suite's copy. No IO.

use std::collections::BTreeMap;
use std::path::Path;

use super::variants::{self, LabelledCase, SurvivalTable};
use super::{Document, fixture};
use crate::lang::Language;
use crate::rules::{RuleSet, RuleSource};

/// A fixture file beside a rule: its path and text, and the expected fixed text.
struct FixtureFile {
    path: String,
    language: Option<Language>,
    text: String,
    fixed: Option<String>,
}

/// Fixtures of the rule at `rule_path`: sibling files named `<stem>.<ext>` (a language's
/// extension) or `<stem>.fixture.<anything>` (text files, for secret rules), each with an
/// optional `<stem>.fixed.<ext>` holding the text after every fix.
fn fixtures_of(rule_path: &str, files: &BTreeMap<String, String>) -> Vec<FixtureFile> {
    let path = Path::new(rule_path);
    let stem = path
        .file_stem()
        .and_then(|stem| stem.to_str())
        .unwrap_or_default();
    let parent = path
        .parent()
        .map(|parent| parent.display().to_string())
        .unwrap_or_default();
    let prefix = if parent.is_empty() {
        format!("{stem}.")
    } else {
        format!("{parent}/{stem}.")
    };
    let mut found = Vec::new();
    for (candidate, text) in files.range(prefix.clone()..) {
        let Some(rest) = candidate.strip_prefix(&prefix) else {
            break;
        };
        if rest.contains('/') || candidate == rule_path || rest.starts_with("fixed.") {
            continue;
        }
        let language = if let Some(extension) = rest.strip_prefix("fixture.") {
            Language::from_extension(extension).filter(|_| false)
        } else if let Some(language) = Language::from_extension(rest) {
            Some(language)
        } else {
            continue;
        };
        let fixed = files.get(&format!("{prefix}fixed.{rest}")).cloned();
        found.push(FixtureFile {
            path: candidate.clone(),
            language,
            text: text.clone(),
            fixed,
        });
    }
    found
}

/// Whether a rule file is a model (`model:` at the top level) rather than a rule.
pub fn is_model(source: &RuleSource) -> bool {
    source.text.lines().any(|line| line.starts_with("model:"))
}

/// A folder's rule files preceded by the built-in models, so its rules may use them; the
/// folder's own models come later and replace built-in ones of the same name.
pub fn with_builtin_models(folder: Vec<RuleSource>) -> Vec<RuleSource> {
    let mut sources: Vec<RuleSource> = crate::rules::builtin_sources()
        .into_iter()
        .filter(is_model)
        .collect();
    sources.extend(folder);
    sources
}

/// The result of `rules test`, line by line.
#[derive(Debug, Default)]
pub struct TestReport {
    pub lines: Vec<String>,
    pub rules: usize,
    pub fixtures: usize,
    pub passed: usize,
    pub failed: usize,
    /// With variants: survival by language and transformation, and each variant that
    /// failed (`file:line transformation rule`).
    pub survival: SurvivalTable,
    pub variant_failures: Vec<String>,
}

/// Checks each rule among `sources` against its fixtures among `files`; with `variants`,
/// also against the metamorphic variants of each fixture's cases.
pub fn run_tests(
    sources: &[RuleSource],
    files: &BTreeMap<String, String>,
    variants: bool,
) -> TestReport {
    let mut report = TestReport::default();
    let (_, errors) = RuleSet::compile(sources);
    for error in &errors {
        report.lines.push(format!("FAIL {error}"));
        report.failed += 1;
    }
    for source in sources {
        if !files.contains_key(&source.path) {
            continue; // a built-in model brought in for a user folder
        }
        let (set, errors) = RuleSet::compile(std::slice::from_ref(source));
        if !errors.is_empty() {
            // Either reported above, or a rule that needs a model from another file.
            let with_models: Vec<RuleSource> = sources
                .iter()
                .filter(|other| other.path == source.path || is_model(other))
                .cloned()
                .collect();
            let (set, errors) = RuleSet::compile(&with_models);
            if !errors.is_empty() {
                continue;
            }
            check_rule(&set, source, files, variants, &mut report);
            continue;
        }
        check_rule(&set, source, files, variants, &mut report);
    }
    report
}

fn check_rule(
    set: &RuleSet,
    source: &RuleSource,
    files: &BTreeMap<String, String>,
    variants: bool,
    report: &mut TestReport,
) {
    let Some(rule) = set
        .rules()
        .iter()
        .find(|rule| rule.meta.origin == source.path)
    else {
        return; // a model file
    };
    let rule_id = rule.meta.id.clone();
    let only_this =
        set.configured(|candidate| (candidate.meta.id == rule_id).then(|| candidate.clone()));
    report.rules += 1;
    let fixtures = fixtures_of(&source.path, files);
    if fixtures.is_empty() {
        report.failed += 1;
        report.lines.push(format!(
            "FAIL {rule_id}: no fixture beside {} (add {} with `ruleid:` and `ok:` lines)",
            source.path,
            source.path.replace(".yaml", ".<ext>")
        ));
        return;
    }
    for fixture_file in fixtures {
        report.fixtures += 1;
        let document = Document {
            path: &fixture_file.path,
            language: fixture_file.language,
            text: &fixture_file.text,
        };
        let check = fixture::check(
            &only_this,
            &rule_id,
            &document,
            fixture_file.fixed.as_deref(),
        );
        if variants && let Some(language) = fixture_file.language {
            check_variants(&only_this, &rule_id, language, &fixture_file, report);
        }
        if check.passed() {
            report.passed += 1;
            report
                .lines
                .push(format!("ok   {rule_id} {}", fixture_file.path));
            continue;
        }
        report.failed += 1;
        let mut line = format!("FAIL {rule_id} {}", fixture_file.path);
        if !check.mismatch.missed.is_empty() {
            line.push_str(&format!(
                "\n       missed (marked ruleid:, not flagged): lines {:?}",
                check.mismatch.missed
            ));
        }
        if !check.mismatch.unexpected.is_empty() {
            line.push_str(&format!(
                "\n       unexpected (flagged, not marked ruleid:): lines {:?}",
                check.mismatch.unexpected
            ));
        }
        for problem in &check.problems {
            line.push_str(&format!("\n       {problem}"));
        }
        report.lines.push(line);
    }
}

/// The fixture's cases for `rule_id` rewritten by every transformation and scanned again.
fn check_variants(
    rules: &RuleSet,
    rule_id: &str,
    language: Language,
    fixture_file: &FixtureFile,
    report: &mut TestReport,
) {
    let expectations = fixture::expectations(&fixture_file.text, rule_id);
    let cases: Vec<LabelledCase> = expectations
        .flagged
        .iter()
        .map(|line| (*line, true))
        .chain(expectations.clean.iter().map(|line| (*line, false)))
        .map(|(line, flagged)| LabelledCase {
            line,
            label: rule_id.to_owned(),
            flagged,
        })
        .collect();
    variants::check_file(
        rules,
        &fixture_file.path,
        language,
        &fixture_file.text,
        &cases,
        &mut report.survival,
        &mut report.variant_failures,
    );
}
