//! Rules: the YAML format, its validation, and the compiled rule set; the built-in pack.
//!
//! No IO: rule files arrive as (path, text) pairs, from the embedded pack or read by the
//! caller. A bad rule file costs that rule only; its error names the file, the line, the
//! field and what to do.

mod awaited;
mod compile;
pub mod format;
pub mod query;
pub mod structural;

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

pub use format::{HostTest, SecretShape, SecretSkip};

pub use compile::{
    ArgumentTest, CheckPart, Condition, FixTemplate, Needles, Resolved, Rule, RuleKind,
    SecretMatcher, Selector, TaintRule, TextTest, prefix_literals,
};

use crate::lang::Language;

/// How bad a finding is; ordered from least to most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub fn parse(text: &str) -> Option<Severity> {
        Some(match text.to_ascii_lowercase().as_str() {
            "info" => Severity::Info,
            "low" => Severity::Low,
            "medium" => Severity::Medium,
            "high" => Severity::High,
            "critical" => Severity::Critical,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// How sure a rule is that a match is a real problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

/// What a rule says about itself: everything but the matcher.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RuleMeta {
    pub id: String,
    pub languages: Vec<String>,
    pub severity: Severity,
    pub confidence: Confidence,
    pub message: String,
    /// CWE numbers; the first is the primary one.
    pub cwe: Vec<u32>,
    pub owasp: Vec<String>,
    pub category: String,
    pub remediation: Remediation,
    pub description: Option<String>,
    pub references: Vec<String>,
    /// The file the rule came from (`builtin:` prefix for the embedded pack).
    pub origin: String,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Remediation {
    pub text: String,
    pub url: String,
}

/// One rule file, as text.
#[derive(Debug, Clone)]
pub struct RuleSource {
    pub path: String,
    pub text: String,
}

/// A rule file that could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}{}: {field}: {message}", line.map(|line| format!(":{line}")).unwrap_or_default())]
pub struct RuleError {
    pub path: String,
    /// One-based line in the file, where known.
    pub line: Option<usize>,
    pub field: String,
    pub message: String,
}

/// The compiled rules, indexed by the language they run on.
#[derive(Debug, Default, Clone)]
pub struct RuleSet {
    rules: Vec<Arc<Rule>>,
    by_language: HashMap<Language, Vec<Arc<Rule>>>,
    /// Rules for any text file: the secret detectors.
    any_text: Vec<Arc<Rule>>,
    /// The plans that build the queries of these rules (one per compile).
    plans: Vec<Arc<query::QueryPlan>>,
}

impl RuleSet {
    /// Compiles every rule it can, the queries of every language included; the others come
    /// back as errors. Later sources override earlier rules with the same id, so a user's
    /// folder can replace a built-in rule.
    pub fn compile(sources: &[RuleSource]) -> (RuleSet, Vec<RuleError>) {
        let (set, mut errors) = RuleSet::compile_lazy(sources);
        let (set, query_errors) = set.prepare(&Language::ALL);
        errors.extend(query_errors);
        (set, errors)
    }

    /// Like [`RuleSet::compile`], but each language's query is built when a file of that
    /// language is first scanned, or by [`RuleSet::prepare`]. Rules whose query does not
    /// compile then find nothing; `prepare` reports them.
    pub fn compile_lazy(sources: &[RuleSource]) -> (RuleSet, Vec<RuleError>) {
        let (rules, errors, _plan) = compile::compile_all(sources);
        let mut by_id: Vec<Arc<Rule>> = Vec::new();
        for rule in rules {
            match by_id.iter().position(|known| known.meta.id == rule.meta.id) {
                Some(index) => by_id[index] = Arc::new(rule),
                None => by_id.push(Arc::new(rule)),
            }
        }
        (RuleSet::from_rules(by_id), errors)
    }

    /// Builds the queries of `languages` now and returns the set without the rules whose
    /// queries do not compile, and their errors (one per bad query).
    pub fn prepare(&self, languages: &[Language]) -> (RuleSet, Vec<RuleError>) {
        let mut failed: HashMap<u32, RuleError> = HashMap::new();
        for plan in &self.plans {
            failed.extend(plan.prepare(languages));
        }
        if failed.is_empty() {
            return (self.clone(), Vec::new());
        }
        let mut errors: Vec<RuleError> = Vec::new();
        let kept = self
            .rules
            .iter()
            .filter(
                |rule| match rule.parts().iter().find_map(|part| failed.get(&part.id)) {
                    Some(error) => {
                        if !errors.contains(error) {
                            errors.push(error.clone());
                        }
                        false
                    }
                    None => true,
                },
            )
            .cloned()
            .collect();
        (RuleSet::from_rules(kept), errors)
    }

    pub fn from_rules(rules: Vec<Arc<Rule>>) -> RuleSet {
        let mut set = RuleSet {
            rules,
            ..RuleSet::default()
        };
        set.rules
            .sort_by(|left, right| left.meta.id.cmp(&right.meta.id));
        for rule in &set.rules {
            match &rule.kind {
                RuleKind::Secret(_) => set.any_text.push(Arc::clone(rule)),
                RuleKind::Pattern(per_language) => {
                    for language in per_language.keys() {
                        set.by_language
                            .entry(*language)
                            .or_default()
                            .push(Arc::clone(rule));
                    }
                }
                RuleKind::Taint(per_language) => {
                    for language in per_language.keys() {
                        set.by_language
                            .entry(*language)
                            .or_default()
                            .push(Arc::clone(rule));
                    }
                }
            }
            for part in rule.parts() {
                let Some(plan) = part.plan() else {
                    continue;
                };
                if !set.plans.iter().any(|known| Arc::ptr_eq(known, &plan)) {
                    set.plans.push(plan);
                }
            }
        }
        set
    }

    /// The combined queries to run over a `language` tree before its rules (built now if
    /// this is the first time).
    pub fn queries_for(&self, language: Language) -> Vec<Arc<query::CombinedQuery>> {
        self.plans
            .iter()
            .filter_map(|plan| plan.combined(language))
            .collect()
    }

    pub fn rules(&self) -> &[Arc<Rule>] {
        &self.rules
    }

    pub fn get(&self, id: &str) -> Option<&Arc<Rule>> {
        self.rules.iter().find(|rule| rule.meta.id == id)
    }

    /// Rules that parse `language` files.
    pub fn for_language(&self, language: Language) -> &[Arc<Rule>] {
        self.by_language
            .get(&language)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// Rules that run on any text file.
    pub fn for_any_text(&self) -> &[Arc<Rule>] {
        &self.any_text
    }

    /// A copy keeping only the rules `keep` accepts, with severities possibly changed.
    pub fn configured(&self, mut adjust: impl FnMut(&Rule) -> Option<Rule>) -> RuleSet {
        let rules = self
            .rules
            .iter()
            .filter_map(|rule| adjust(rule).map(Arc::new))
            .collect();
        RuleSet::from_rules(rules)
    }

    /// A stable hash of the rule set, for scan records: the ids and origins, sorted.
    pub fn fingerprint(&self) -> String {
        use sha2::Digest;
        let mut hasher = sha2::Sha256::new();
        for rule in &self.rules {
            hasher.update(rule.meta.id.as_bytes());
            hasher.update([0]);
            hasher.update(rule.source_hash.as_bytes());
            hasher.update([0]);
        }
        hex(&hasher.finalize())
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut text, byte| {
        let _ = write!(text, "{byte:02x}");
        text
    })
}

/// The rule files compiled into the binary: `rules/**/*.yaml`.
pub fn builtin_sources() -> Vec<RuleSource> {
    let mut sources = Vec::new();
    collect_builtin(&PACK, &mut sources);
    sources.sort_by(|left, right| left.path.cmp(&right.path));
    sources
}

fn collect_builtin(dir: &include_dir::Dir<'_>, sources: &mut Vec<RuleSource>) {
    for file in dir.files() {
        let path = file.path();
        if is_rule_file(path) {
            sources.push(RuleSource {
                path: format!("{BUILTIN_PREFIX}{}", path.display()),
                text: file.contents_utf8().unwrap_or_default().to_owned(),
            });
        }
    }
    for child in dir.dirs() {
        collect_builtin(child, sources);
    }
}

/// How the paths of the embedded pack's files start.
pub(crate) const BUILTIN_PREFIX: &str = "builtin:rules/";

static PACK: include_dir::Dir<'_> = include_dir::include_dir!("$CARGO_MANIFEST_DIR/rules");

/// An embedded file of the pack (rules and fixtures), by its `builtin:rules/...` path.
pub fn builtin_file(path: &str) -> Option<&'static str> {
    let relative = path.strip_prefix(BUILTIN_PREFIX).unwrap_or(path);
    PACK.get_file(relative)
        .and_then(|file| file.contents_utf8())
}

/// The `builtin:rules/...` paths of every embedded file.
pub fn builtin_paths() -> Vec<String> {
    fn walk(dir: &include_dir::Dir<'_>, paths: &mut Vec<String>) {
        for file in dir.files() {
            paths.push(format!("{BUILTIN_PREFIX}{}", file.path().display()));
        }
        for child in dir.dirs() {
            walk(child, paths);
        }
    }
    let mut paths = Vec::new();
    walk(&PACK, &mut paths);
    paths
}

/// The rule and model files among `(path, text)` files, as sources to compile (fixtures and
/// other files left out).
pub fn rule_sources(files: &std::collections::BTreeMap<String, String>) -> Vec<RuleSource> {
    files
        .iter()
        .filter(|(path, _)| is_rule_file(std::path::Path::new(path)))
        .map(|(path, text)| RuleSource {
            path: path.clone(),
            text: text.clone(),
        })
        .collect()
}

/// Whether a path names a rule or model file (`.yaml` or `.yml`, not a fixture).
pub fn is_rule_file(path: &std::path::Path) -> bool {
    matches!(
        path.extension().and_then(|extension| extension.to_str()),
        Some("yaml" | "yml")
    ) && !path
        .file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| name.contains(".fixture."))
}

/// The built-in pack, compiled. Errors here are bugs, caught by the pack tests.
pub fn builtin() -> (RuleSet, Vec<RuleError>) {
    RuleSet::compile(&builtin_sources())
}
