//! `codeward rules test --report CORPUS`: how well the rules do on a labelled corpus.
//!
//! Every `ruleid: <label>` line of a corpus file is a positive case and every `ok: <label>`
//! line a negative one; the label is a rule id, a detector family, or a rule id without its
//! language prefix (`stack-trace-exposure` for `java-stack-trace-exposure` and the like, and
//! for the rules whose first CWE is theirs, such as `go-error-details-in-response`). A
//! case counts as flagged when such a rule reports a finding starting on the line. The report gives true and false positive rates and Youden's J per language and per
//! family, and fails when a language misses the targets. It writes nothing but stdout.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::rules_cmd::{VariantTargets, load_rules};
use super::{CliError, Outcome};
use crate::engine::fixture::annotations;
use crate::engine::variants::{self, LabelledCase, SurvivalTable};
use crate::engine::{CancelToken, Document, scan};
use crate::lang::Language;

/// What `--report` checks and prints.
pub struct ReportOptions<'a> {
    pub corpus: &'a Path,
    pub rule_dirs: &'a [PathBuf],
    /// Lowest true positive rate, in percent, a language may have.
    pub min_tpr: f64,
    /// Highest false positive rate, in percent, a language may have.
    pub max_fpr: f64,
    /// List every missed and every wrongly flagged case.
    pub verbose: bool,
    /// Also check the metamorphic variants of every case, with these targets.
    pub variants: Option<VariantTargets>,
}

/// Confusion counts of one group of cases.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    true_positives: usize,
    false_negatives: usize,
    false_positives: usize,
    true_negatives: usize,
}

impl Counts {
    fn add(&mut self, expected: bool, flagged: bool) {
        match (expected, flagged) {
            (true, true) => self.true_positives += 1,
            (true, false) => self.false_negatives += 1,
            (false, true) => self.false_positives += 1,
            (false, false) => self.true_negatives += 1,
        }
    }

    fn positives(&self) -> usize {
        self.true_positives + self.false_negatives
    }

    fn negatives(&self) -> usize {
        self.false_positives + self.true_negatives
    }

    /// Percent of positives flagged; 100 when there are none to flag.
    fn tpr(&self) -> f64 {
        ratio(self.true_positives, self.positives(), 100.0)
    }

    /// Percent of negatives flagged; 0 when there are none.
    fn fpr(&self) -> f64 {
        ratio(self.false_positives, self.negatives(), 0.0)
    }

    fn youden(&self) -> f64 {
        (self.tpr() - self.fpr()) / 100.0
    }
}

fn ratio(part: usize, whole: usize, empty: f64) -> f64 {
    if whole == 0 {
        empty
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

/// One labelled line and whether the rules flagged it.
struct Case {
    path: String,
    line: u32,
    label: String,
    language: &'static str,
    family: String,
    expected: bool,
    flagged: bool,
}

pub fn report(options: &ReportOptions<'_>) -> Result<Outcome, CliError> {
    if !options.corpus.is_dir() {
        return Err(CliError::Usage(format!(
            "corpus folder {} does not exist or is not a folder",
            options.corpus.display()
        )));
    }
    let rules = load_rules(options.rule_dirs)?;
    let families: BTreeSet<&str> = rules
        .rules()
        .iter()
        .map(|rule| rule.meta.category.as_str())
        .collect();
    let family_of_rule: BTreeMap<&str, &str> = rules
        .rules()
        .iter()
        .map(|rule| (rule.meta.id.as_str(), rule.meta.category.as_str()))
        .collect();
    // `stack-trace-exposure` names `java-stack-trace-exposure`, `go-stack-trace-exposure`...:
    // a rule id without its language prefix is a family of its own, and so are the rules
    // whose first CWE is one of those rules' first CWE (`go-error-details-in-response`
    // reports the CWE-209 that `go-stack-trace-exposure` does).
    let first_cwe: BTreeMap<&str, u32> = rules
        .rules()
        .iter()
        .filter_map(|rule| Some((rule.meta.id.as_str(), *rule.meta.cwe.first()?)))
        .collect();
    let mut suffix_cwes: BTreeMap<&str, BTreeSet<u32>> = BTreeMap::new();
    for rule in rules.rules() {
        if let Some((_, suffix)) = rule.meta.id.split_once('-') {
            let cwes = suffix_cwes.entry(suffix).or_default();
            cwes.extend(first_cwe.get(rule.meta.id.as_str()));
        }
    }
    let cancel = CancelToken::new();
    let mut cases = Vec::new();
    let mut unknown_labels = BTreeSet::new();
    let mut unlabelled = Vec::new();
    let mut survival = SurvivalTable::default();
    let mut variant_failures = Vec::new();
    for entry in ignore::WalkBuilder::new(options.corpus)
        .standard_filters(false)
        .build()
    {
        let entry = entry.with_context(|| format!("reading {}", options.corpus.display()))?;
        if !entry.file_type().is_some_and(|kind| kind.is_file()) {
            continue;
        }
        let path = entry.path();
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let Some(language) = Language::from_path(path, text.lines().next().unwrap_or_default())
        else {
            continue;
        };
        let labels = annotations(&text);
        if labels.is_empty() {
            continue;
        }
        let path_text = path.display().to_string();
        let document = Document {
            path: &path_text,
            language: Some(language),
            text: &text,
        };
        let found = scan(&document, &rules, &cancel);
        for error in &found.errors {
            eprintln!("warning: {error}");
        }
        let flagged: BTreeSet<(u32, &str, &str)> = found
            .findings
            .iter()
            .map(|finding| {
                (
                    finding.span.start.line + 1,
                    finding.rule.meta.id.as_str(),
                    finding.rule.meta.category.as_str(),
                )
            })
            .collect();
        let labelled_lines: BTreeSet<u32> = labels.iter().map(|label| label.line).collect();
        for (line, id, _) in &flagged {
            if !labelled_lines.contains(line) {
                unlabelled.push(format!("{path_text}:{line} {id}"));
            }
        }
        if options.variants.is_some() {
            check_variants(
                &rules,
                &path_text,
                language,
                &text,
                &labels,
                &mut survival,
                &mut variant_failures,
            );
        }
        for annotation in labels {
            let family = if families.contains(annotation.label.as_str()) {
                annotation.label.clone()
            } else if let Some(family) = family_of_rule.get(annotation.label.as_str()) {
                (*family).to_owned()
            } else if suffix_cwes.contains_key(annotation.label.as_str()) {
                annotation.label.clone()
            } else {
                unknown_labels.insert(format!(
                    "{path_text}:{} {}",
                    annotation.line, annotation.label
                ));
                continue;
            };
            let hit = flagged.iter().any(|(line, id, category)| {
                *line == annotation.line
                    && (*id == annotation.label
                        || *category == annotation.label
                        || id
                            .split_once('-')
                            .is_some_and(|(_, rest)| rest == annotation.label)
                        || suffix_cwes
                            .get(annotation.label.as_str())
                            .zip(first_cwe.get(*id))
                            .is_some_and(|(cwes, cwe)| cwes.contains(cwe)))
            });
            cases.push(Case {
                path: path_text.clone(),
                line: annotation.line,
                label: annotation.label,
                language: language.rule_name(),
                family,
                expected: annotation.flagged,
                flagged: hit,
            });
        }
    }
    let outcome = print_report(options, &cases, &unknown_labels, &unlabelled)?;
    let Some(targets) = options.variants else {
        return Ok(outcome);
    };
    let met = targets.print(
        &mut std::io::stdout().lock(),
        &survival,
        &variant_failures,
        options.verbose,
    )?;
    Ok(if met { outcome } else { Outcome::Findings })
}

/// The file's labelled cases rewritten by every transformation and scanned again with the
/// whole pack.
fn check_variants(
    rules: &crate::rules::RuleSet,
    path: &str,
    language: Language,
    text: &str,
    labels: &[crate::engine::fixture::Annotation],
    survival: &mut SurvivalTable,
    failures: &mut Vec<String>,
) {
    let cases: Vec<LabelledCase> = labels
        .iter()
        .map(|annotation| LabelledCase {
            line: annotation.line,
            label: annotation.label.clone(),
            flagged: annotation.flagged,
        })
        .collect();
    variants::check_file(rules, path, language, text, &cases, survival, failures);
}

fn print_report(
    options: &ReportOptions<'_>,
    cases: &[Case],
    unknown_labels: &BTreeSet<String>,
    unlabelled: &[String],
) -> Result<Outcome, CliError> {
    let mut by_language: BTreeMap<&str, Counts> = BTreeMap::new();
    let mut by_family: BTreeMap<&str, Counts> = BTreeMap::new();
    let mut by_family_language: BTreeMap<(&str, &str), Counts> = BTreeMap::new();
    let mut total = Counts::default();
    for case in cases {
        by_language
            .entry(case.language)
            .or_default()
            .add(case.expected, case.flagged);
        by_family
            .entry(case.family.as_str())
            .or_default()
            .add(case.expected, case.flagged);
        by_family_language
            .entry((case.family.as_str(), case.language))
            .or_default()
            .add(case.expected, case.flagged);
        total.add(case.expected, case.flagged);
    }
    let mut out = std::io::stdout().lock();
    let mut text = String::new();
    text.push_str(&format!(
        "{} labelled cases in {}: {} vulnerable, {} safe\n\n",
        cases.len(),
        options.corpus.display(),
        total.positives(),
        total.negatives()
    ));
    text.push_str(&table(
        "language",
        by_language.iter().map(|(k, v)| (k.to_string(), *v)),
    ));
    text.push_str(&row("all", &total));
    text.push('\n');
    text.push_str(&table(
        "family",
        by_family.iter().map(|(k, v)| (k.to_string(), *v)),
    ));
    text.push('\n');
    if options.verbose {
        text.push_str(&table(
            "family / language",
            by_family_language
                .iter()
                .map(|((family, language), counts)| (format!("{family} / {language}"), *counts)),
        ));
        text.push('\n');
    }
    let misses: Vec<&Case> = cases
        .iter()
        .filter(|case| case.expected != case.flagged)
        .collect();
    if !misses.is_empty() {
        text.push_str("wrong cases:\n");
        for case in &misses {
            let kind = if case.expected {
                "missed    "
            } else {
                "false alarm"
            };
            text.push_str(&format!(
                "  {kind} {}:{} {}\n",
                case.path, case.line, case.label
            ));
        }
        text.push('\n');
    }
    if options.verbose && !unlabelled.is_empty() {
        text.push_str("findings on lines without a label (not scored):\n");
        for line in unlabelled {
            text.push_str(&format!("  {line}\n"));
        }
        text.push('\n');
    }
    for label in unknown_labels {
        text.push_str(&format!(
            "warning: {label} is neither a rule id nor a family; the case is not scored\n"
        ));
    }
    let failing: Vec<String> = by_language
        .iter()
        .filter(|(_, counts)| counts.tpr() < options.min_tpr || counts.fpr() > options.max_fpr)
        .map(|(language, counts)| {
            format!(
                "{language} (TPR {:.1} %, FPR {:.1} %)",
                counts.tpr(),
                counts.fpr()
            )
        })
        .collect();
    let outcome = if failing.is_empty() && !cases.is_empty() {
        text.push_str(&format!(
            "every language has TPR >= {} % and FPR <= {} %\n",
            options.min_tpr, options.max_fpr
        ));
        Outcome::Clean
    } else if cases.is_empty() {
        text.push_str("no labelled cases found\n");
        Outcome::Findings
    } else {
        text.push_str(&format!(
            "below target (TPR >= {} %, FPR <= {} %): {}\n",
            options.min_tpr,
            options.max_fpr,
            failing.join(", ")
        ));
        Outcome::Findings
    };
    out.write_all(text.as_bytes())
        .context("writing the corpus report")?;
    Ok(outcome)
}

fn table(title: &str, rows: impl Iterator<Item = (String, Counts)>) -> String {
    let mut text = format!(
        "{title:<44} {:>5} {:>5} {:>4} {:>4} {:>4} {:>4} {:>7} {:>7} {:>6}\n",
        "pos", "neg", "TP", "FN", "FP", "TN", "TPR %", "FPR %", "J"
    );
    for (name, counts) in rows {
        text.push_str(&row(&name, &counts));
    }
    text
}

fn row(name: &str, counts: &Counts) -> String {
    format!(
        "{name:<44} {:>5} {:>5} {:>4} {:>4} {:>4} {:>4} {:>7.1} {:>7.1} {:>6.2}\n",
        counts.positives(),
        counts.negatives(),
        counts.true_positives,
        counts.false_negatives,
        counts.false_positives,
        counts.true_negatives,
        counts.tpr(),
        counts.fpr(),
        counts.youden()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_and_youden_follow_the_counts() {
        let mut counts = Counts::default();
        for (expected, flagged) in [(true, true), (true, true), (true, false), (true, true)] {
            counts.add(expected, flagged);
        }
        for (expected, flagged) in [
            (false, false),
            (false, true),
            (false, false),
            (false, false),
        ] {
            counts.add(expected, flagged);
        }
        assert_eq!(
            (counts.tpr(), counts.fpr(), counts.youden()),
            (75.0, 25.0, 0.5)
        );
    }

    #[test]
    fn an_empty_group_scores_as_perfect() {
        let counts = Counts::default();
        assert_eq!((counts.tpr(), counts.fpr()), (100.0, 0.0));
    }
}
