//! Rule fixtures: `ruleid:` / `ok:` annotations in a sample file, checked against what a
//! rule reports, and the expected text after applying every fix.
//!
//! An annotation comment alone on a line applies to the next line that is not itself an
//! annotation; at the end of a code line it applies to that line. No IO.

use std::collections::BTreeSet;

/// Lines (one-based) a fixture says must be flagged, and lines it says must not be.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Expectations {
    pub flagged: BTreeSet<u32>,
    pub clean: BTreeSet<u32>,
}

/// Reads the `ruleid: <id>` and `ok: <id>` annotations for `rule_id`.
pub fn expectations(text: &str, rule_id: &str) -> Expectations {
    let mut expectations = Expectations::default();
    let mut pending: Vec<bool> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let number = index as u32 + 1;
        let annotation = annotation(line, rule_id);
        let is_comment_only = annotation.is_some() && is_comment_line(line);
        match annotation {
            Some(flagged) if is_comment_only => pending.push(flagged),
            Some(flagged) => {
                record(&mut expectations, flagged, number);
            }
            None => {
                if is_other_annotation(line) && is_comment_line(line) {
                    continue;
                }
                for flagged in pending.drain(..) {
                    record(&mut expectations, flagged, number);
                }
            }
        }
    }
    expectations
}

fn record(expectations: &mut Expectations, flagged: bool, line: u32) {
    if flagged {
        expectations.flagged.insert(line);
    } else {
        expectations.clean.insert(line);
    }
}

fn is_comment_line(line: &str) -> bool {
    let trimmed = line.trim_start();
    ["#", "//", "/*", "*", "<!--", "--", ";", "{/*"]
        .iter()
        .any(|prefix| trimmed.starts_with(prefix))
}

fn is_other_annotation(line: &str) -> bool {
    line.contains("ruleid:") || line.contains("ok:")
}

/// `Some(true)` for `ruleid: <id>`, `Some(false)` for `ok: <id>`.
fn annotation(line: &str, rule_id: &str) -> Option<bool> {
    for (marker, flagged) in [("ruleid:", true), ("ok:", false)] {
        let mut rest = line;
        while let Some(index) = rest.find(marker) {
            let preceded_by_word = rest[..index]
                .chars()
                .last()
                .is_some_and(|character| character.is_alphanumeric() || character == '-');
            let after = &rest[index + marker.len()..];
            // Stop at the end of the comment: `-->`, `*/`.
            let ids = ["-->", "*/"]
                .iter()
                .filter_map(|end| after.find(end))
                .min()
                .map_or(after, |end| &after[..end]);
            let ids = ids
                .split(|character: char| {
                    !(character.is_alphanumeric() || "-_,".contains(character) || character == ' ')
                })
                .next()
                .unwrap_or_default();
            if !preceded_by_word && ids.split(',').map(str::trim).any(|id| id == rule_id) {
                return Some(flagged);
            }
            rest = after;
        }
    }
    None
}

/// One labelled line of a corpus file: `ruleid: <label>` (a case that must be flagged) or
/// `ok: <label>` (a safe look-alike that must not be), where the label is a rule id or a
/// detector family.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    /// One-based line the annotation applies to.
    pub line: u32,
    pub label: String,
    pub flagged: bool,
}

/// Every annotation of every label in `text`, with the same placement rules as
/// [`expectations`]: alone on a comment line it applies to the next code line, at the end of
/// a code line to that line.
pub fn annotations(text: &str) -> Vec<Annotation> {
    let mut found = Vec::new();
    let mut pending: Vec<(String, bool)> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let number = index as u32 + 1;
        let labels = labels_on(line);
        if !labels.is_empty() && is_comment_line(line) {
            pending.extend(labels);
            continue;
        }
        for (label, flagged) in pending.drain(..).chain(labels) {
            found.push(Annotation {
                line: number,
                label,
                flagged,
            });
        }
    }
    found
}

/// The `(label, flagged)` pairs of the `ruleid:` and `ok:` markers on one line.
fn labels_on(line: &str) -> Vec<(String, bool)> {
    let mut labels = Vec::new();
    for (marker, flagged) in [("ruleid:", true), ("ok:", false)] {
        let mut rest = line;
        while let Some(index) = rest.find(marker) {
            let preceded_by_word = rest[..index]
                .chars()
                .last()
                .is_some_and(|character| character.is_alphanumeric() || character == '-');
            let after = &rest[index + marker.len()..];
            rest = after;
            if preceded_by_word {
                continue;
            }
            let ids = ["-->", "*/"]
                .iter()
                .filter_map(|end| after.find(end))
                .min()
                .map_or(after, |end| &after[..end]);
            let ids = ids
                .split(|character: char| {
                    !(character.is_alphanumeric() || "-_,".contains(character) || character == ' ')
                })
                .next()
                .unwrap_or_default();
            for id in ids.split(',').map(str::trim).filter(|id| !id.is_empty()) {
                // `ok: sql-injection because ...`: the label is the first word.
                let id = id.split(' ').next().unwrap_or_default();
                labels.push((id.to_owned(), flagged));
            }
        }
    }
    labels
}

/// What differs between a fixture's annotations and the lines a rule flagged.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// Marked `ruleid:` but not flagged.
    pub missed: Vec<u32>,
    /// Flagged but not marked `ruleid:` (whether marked `ok:` or not at all).
    pub unexpected: Vec<u32>,
}

impl Mismatch {
    pub fn is_empty(&self) -> bool {
        self.missed.is_empty() && self.unexpected.is_empty()
    }
}

pub fn compare(expectations: &Expectations, flagged_lines: &BTreeSet<u32>) -> Mismatch {
    Mismatch {
        missed: expectations
            .flagged
            .difference(flagged_lines)
            .copied()
            .collect(),
        unexpected: flagged_lines
            .difference(&expectations.flagged)
            .copied()
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comment_lines_apply_to_the_next_code_line() {
        let text = "# ruleid: r\n# ok: other\nbad()\nx = 1  # ok: r\n// ruleid: r, s\nworse()\n";
        let found = expectations(text, "r");
        assert_eq!(found.flagged, BTreeSet::from([3, 6]));
        assert_eq!(found.clean, BTreeSet::from([4]));
    }

    #[test]
    fn html_and_jsx_comments_end_the_id_list() {
        let text = "<!-- ruleid: r -->\n<p>bad</p>\n  {/* ok: r */}\n  <p>fine</p>\n";
        let found = expectations(text, "r");
        assert_eq!(found.flagged, BTreeSet::from([2]));
        assert_eq!(found.clean, BTreeSet::from([4]));
    }

    #[test]
    fn corpus_annotations_carry_their_labels() {
        let text = "# ruleid: sql-injection\nbad()\nfine()  # ok: sql-injection, xss\n";
        let found: Vec<(u32, String, bool)> = annotations(text)
            .into_iter()
            .map(|annotation| (annotation.line, annotation.label, annotation.flagged))
            .collect();
        assert_eq!(
            found,
            vec![
                (2, "sql-injection".to_owned(), true),
                (3, "sql-injection".to_owned(), false),
                (3, "xss".to_owned(), false),
            ]
        );
    }

    #[test]
    fn ids_must_match_exactly() {
        let text = "# ruleid: r-long\nbad()\n";
        assert_eq!(expectations(text, "r"), Expectations::default());
    }
}

/// The outcome of checking one fixture of one rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixtureCheck {
    pub mismatch: Mismatch,
    /// Problems other than wrong lines: no annotations, fixes that do not apply cleanly.
    pub problems: Vec<String>,
}

impl FixtureCheck {
    pub fn passed(&self) -> bool {
        self.mismatch.is_empty() && self.problems.is_empty()
    }
}

/// Runs `rules` (normally one rule) on a fixture and checks its annotations for
/// `rule_id`; with `expected_fixed`, also checks the text after applying every fix, that it
/// parses as well as the original did, and that the fixed findings are gone.
pub fn check(
    rules: &crate::rules::RuleSet,
    rule_id: &str,
    document: &super::Document<'_>,
    expected_fixed: Option<&str>,
) -> FixtureCheck {
    let cancel = super::CancelToken::new();
    let scan = super::scan(document, rules, &cancel);
    let mut problems: Vec<String> = scan.errors.iter().map(ToString::to_string).collect();
    let expectations = expectations(document.text, rule_id);
    if expectations.flagged.is_empty() {
        problems.push(format!("no `ruleid: {rule_id}` annotation"));
    }
    if expectations.clean.is_empty() {
        problems.push(format!("no `ok: {rule_id}` annotation"));
    }
    let findings: Vec<&super::Finding> = scan
        .findings
        .iter()
        .filter(|finding| finding.rule.meta.id == rule_id)
        .collect();
    let flagged: BTreeSet<u32> = findings
        .iter()
        .map(|finding| finding.span.start.line + 1)
        .collect();
    let mismatch = compare(&expectations, &flagged);
    let has_fix = rules.get(rule_id).is_some_and(|rule| rule.fix.is_some());
    match (has_fix, expected_fixed) {
        (true, None) => {
            problems.push("the rule has a fix but no `.fixed` file beside the fixture".to_owned())
        }
        (false, Some(_)) => {
            problems.push("a `.fixed` file exists but the rule has no fix".to_owned())
        }
        (false, None) => {}
        (true, Some(expected)) => {
            let edits: Vec<super::Edit> = findings
                .iter()
                .flat_map(|finding| finding.fixes.iter().take(1))
                .flat_map(|fix| fix.edits.iter().cloned())
                .collect();
            let unfixable = findings
                .iter()
                .filter(|finding| finding.fixes.is_empty())
                .count();
            let fixed = super::fix::apply(document.text, &edits);
            if fixed != expected {
                problems.push(format!(
                    "the fixed text differs from the `.fixed` file:\n{}",
                    first_difference(expected, &fixed)
                ));
            }
            if let Some(language) = document.language {
                let before = super::parse(language, document.text, None);
                let after = super::parse(language, &fixed, None);
                let had_errors = before.is_none_or(|tree| tree.root_node().has_error());
                let has_errors = after.is_none_or(|tree| tree.root_node().has_error());
                if has_errors && !had_errors {
                    problems.push("the fixed text does not parse".to_owned());
                }
            }
            let fixed_document = super::Document {
                text: &fixed,
                ..*document
            };
            let rescan = super::scan(&fixed_document, rules, &cancel);
            let remaining = rescan
                .findings
                .iter()
                .filter(|finding| finding.rule.meta.id == rule_id)
                .count();
            if remaining != unfixable {
                problems.push(format!(
                    "after the fixes {remaining} findings remain; expected {unfixable} (the ones without a fix)"
                ));
            }
        }
    }
    FixtureCheck { mismatch, problems }
}

fn first_difference(expected: &str, actual: &str) -> String {
    for (index, (left, right)) in expected.lines().zip(actual.lines()).enumerate() {
        if left != right {
            return format!(
                "  line {}: expected `{left}`\n  line {}:   actual `{right}`",
                index + 1,
                index + 1
            );
        }
    }
    format!(
        "  expected {} lines, got {}",
        expected.lines().count(),
        actual.lines().count()
    )
}
