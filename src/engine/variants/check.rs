//! Checking labelled cases against their variants, and the survival table.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::{Transform, case_variant, constant_arguments_variant, file_variant};
use crate::engine::{CancelToken, Document, parse, scan};
use crate::lang::Language;
use crate::rules::RuleSet;

/// A labelled line: `ruleid: <label>` (`flagged`) or `ok: <label>`.
#[derive(Debug, Clone)]
pub struct LabelledCase {
    pub line: u32,
    pub label: String,
    pub flagged: bool,
}

/// A finding as the check sees it: its one-based line, rule id and family.
#[derive(Debug, Clone)]
pub struct Hit {
    pub line: u32,
    pub rule: String,
    pub family: String,
}

impl Hit {
    fn matches(&self, label: &str) -> bool {
        self.rule == label || self.family == label
    }
}

/// What one variant of one case gave.
#[derive(Debug, Clone)]
pub struct VariantOutcome {
    pub transform: Transform,
    pub line: u32,
    pub label: String,
    /// What the variant must be.
    pub expected: bool,
    /// What it was; `None` when the transformation could not apply.
    pub flagged: Option<bool>,
}

impl VariantOutcome {
    pub fn failed(&self) -> bool {
        self.flagged.is_some_and(|flagged| flagged != self.expected)
    }
}

/// Rewrites `text` for each of `cases` the original gets right, scans each variant with
/// `scan` and says what it found. Cases the original gets wrong are the plain test's to
/// report, not the variants'.
pub fn check_cases(
    language: Language,
    text: &str,
    cases: &[LabelledCase],
    scan: &dyn Fn(&str) -> Vec<Hit>,
) -> Vec<VariantOutcome> {
    let Some(tree) = parse(language, text, None) else {
        return Vec::new();
    };
    let original = scan(text);
    let hit_on = |hits: &[Hit], label: &str, lines: &[u32]| {
        hits.iter()
            .any(|hit| lines.contains(&hit.line) && hit.matches(label))
    };
    let right: Vec<&LabelledCase> = cases
        .iter()
        .filter(|case| hit_on(&original, &case.label, &[case.line]) == case.flagged)
        .collect();
    let mut outcomes = Vec::new();
    for transform in Transform::ALL {
        if transform.is_file_wide() {
            let variant = file_variant(language, text, &tree, transform);
            let hits = variant.as_deref().map(scan);
            for case in &right {
                let Some(expected) = transform.expected(case.flagged) else {
                    continue;
                };
                outcomes.push(VariantOutcome {
                    transform,
                    line: case.line,
                    label: case.label.clone(),
                    expected,
                    flagged: hits
                        .as_deref()
                        .map(|hits| hit_on(hits, &case.label, &[case.line])),
                });
            }
            continue;
        }
        for case in &right {
            let Some(expected) = transform.expected(case.flagged) else {
                continue;
            };
            // Reading another key says something only of a flow from the arguments: a
            // case still reported with constant arguments is skipped.
            let is_flow = || {
                constant_arguments_variant(language, text, &tree, case.line).is_some_and(
                    |variant| !hit_on(&scan(&variant.text), &case.label, &variant.lines),
                )
            };
            let flagged = (transform != Transform::OtherKey || is_flow())
                .then(|| case_variant(language, text, &tree, case.line, transform))
                .flatten()
                .map(|variant| hit_on(&scan(&variant.text), &case.label, &variant.lines));
            outcomes.push(VariantOutcome {
                transform,
                line: case.line,
                label: case.label.clone(),
                expected,
                flagged,
            });
        }
    }
    outcomes
}

/// Checks the variants of `cases` in the file at `path` with `rules`, adding each outcome
/// to `survival` and each failed one to `failures` (`path:line transformation label: ...`).
pub fn check_file(
    rules: &RuleSet,
    path: &str,
    language: Language,
    text: &str,
    cases: &[LabelledCase],
    survival: &mut SurvivalTable,
    failures: &mut Vec<String>,
) {
    let cancel = CancelToken::new();
    let scan_text = |text: &str| -> Vec<Hit> {
        let document = Document {
            path,
            language: Some(language),
            text,
        };
        scan(&document, rules, &cancel)
            .findings
            .iter()
            .map(|finding| Hit {
                line: finding.span.start.line + 1,
                rule: finding.rule.meta.id.clone(),
                family: finding.rule.meta.category.clone(),
            })
            .collect()
    };
    for outcome in check_cases(language, text, cases, &scan_text) {
        survival.add(language.rule_name(), &outcome);
        if outcome.failed() {
            failures.push(format!(
                "{path}:{} {} {}: {}",
                outcome.line,
                outcome.transform.name(),
                outcome.label,
                if outcome.expected {
                    "no longer reported"
                } else {
                    "now reported"
                }
            ));
        }
    }
}

/// Counts of one group of variants.
#[derive(Debug, Default, Clone, Copy)]
pub struct Survival {
    /// Positive variants measured, and how many were still reported.
    pub positives: usize,
    pub kept: usize,
    /// Negative variants measured, and how many were reported.
    pub negatives: usize,
    pub fired: usize,
    /// Variants the transformation could not make.
    pub skipped: usize,
}

impl Survival {
    pub fn add(&mut self, outcome: &VariantOutcome) {
        match (outcome.expected, outcome.flagged) {
            (_, None) => self.skipped += 1,
            (true, Some(flagged)) => {
                self.positives += 1;
                self.kept += usize::from(flagged);
            }
            (false, Some(flagged)) => {
                self.negatives += 1;
                self.fired += usize::from(flagged);
            }
        }
    }

    /// Percent of positive variants still reported (100 when none were measured).
    pub fn survival(&self) -> f64 {
        if self.positives == 0 {
            100.0
        } else {
            self.kept as f64 * 100.0 / self.positives as f64
        }
    }

    /// Percent of negative variants reported (0 when none were measured).
    pub fn flips(&self) -> f64 {
        if self.negatives == 0 {
            0.0
        } else {
            self.fired as f64 * 100.0 / self.negatives as f64
        }
    }
}

/// Survival by language and transformation, with the per-language totals the gate reads.
#[derive(Debug, Default)]
pub struct SurvivalTable {
    cells: BTreeMap<(&'static str, Transform), Survival>,
    totals: BTreeMap<&'static str, Survival>,
}

impl SurvivalTable {
    pub fn add(&mut self, language: &'static str, outcome: &VariantOutcome) {
        self.cells
            .entry((language, outcome.transform))
            .or_default()
            .add(outcome);
        self.totals.entry(language).or_default().add(outcome);
    }

    pub fn is_empty(&self) -> bool {
        self.totals.is_empty()
    }

    /// Languages whose positives survive less than `min_survival` percent or whose
    /// negatives fire more than `max_flips` percent, with the reason.
    pub fn failures(&self, min_survival: f64, max_flips: f64) -> Vec<String> {
        let mut failures = Vec::new();
        for (language, total) in &self.totals {
            if total.survival() < min_survival {
                failures.push(format!(
                    "{language}: {:.1} % of positive variants still reported, below {min_survival} %",
                    total.survival()
                ));
            }
            if total.flips() > max_flips {
                failures.push(format!(
                    "{language}: {:.1} % of negative variants reported, above {max_flips} %",
                    total.flips()
                ));
            }
        }
        failures
    }

    /// The table: one row per language and transformation, then the language's total.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{:<12} {:<15} {:>17} {:>17} {:>8}",
            "language", "transformation", "positives kept", "negatives fired", "skipped"
        );
        let row = |out: &mut String, language: &str, name: &str, cell: &Survival| {
            let _ = writeln!(
                out,
                "{:<12} {:<15} {:>9} {:>6.1} % {:>9} {:>6.1} % {:>8}",
                language,
                name,
                format!("{}/{}", cell.kept, cell.positives),
                cell.survival(),
                format!("{}/{}", cell.fired, cell.negatives),
                cell.flips(),
                cell.skipped
            );
        };
        for (language, total) in &self.totals {
            for transform in Transform::ALL {
                if let Some(cell) = self.cells.get(&(*language, transform)) {
                    row(&mut out, language, transform.name(), cell);
                }
            }
            row(&mut out, language, "all", total);
        }
        out
    }
}
