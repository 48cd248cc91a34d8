//! The rule file format, exactly as written in YAML; `compile` turns it into matchers.
//!
//! Serde types only: no validation beyond the shape (unknown fields are refused so that a
//! typo is an error, not a silently ignored key), no tree-sitter.

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleSpec {
    pub id: String,
    pub languages: Vec<String>,
    pub severity: String,
    #[serde(default = "default_confidence")]
    pub confidence: String,
    pub message: String,
    pub cwe: Vec<CweSpec>,
    #[serde(default)]
    pub owasp: Vec<String>,
    pub category: String,
    pub remediation: RemediationSpec,
    #[serde(default)]
    pub pattern: Option<SelectorSpec>,
    /// Several queries, each with its own conditions: a match of any is reported.
    #[serde(default)]
    pub patterns: Option<Vec<SelectorSpec>>,
    #[serde(default)]
    pub taint: Option<TaintSpec>,
    #[serde(default)]
    pub secret: Option<SecretSpec>,
    #[serde(default)]
    pub fix: Option<FixSpec>,
    /// Longer explanation for `rules explain` and hover: why this is bad.
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub references: Vec<String>,
}

fn default_confidence() -> String {
    "medium".to_owned()
}

/// `CWE-89` or `89`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum CweSpec {
    Number(u32),
    Text(String),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemediationSpec {
    pub text: String,
    pub url: String,
}

/// A tree-sitter query plus predicates; the node captured as `focus` is the one reported
/// (or, in taint specs, the source, sink or sanitizer).
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SelectorSpec {
    #[serde(default)]
    pub query: Option<String>,
    /// Include the selectors of a named model instead of writing a query.
    #[serde(default)]
    pub model: Option<String>,
    #[serde(default)]
    pub focus: Option<String>,
    #[serde(default, rename = "where")]
    pub conditions: Vec<ConditionSpec>,
    /// Taint sanitizers only: a check that vouches for a value only together with the other
    /// parts of its group, written `group/name` (`local-path/slash`, `local-path/no-double`).
    #[serde(default)]
    pub part: Option<String>,
    /// With `part`: whether the part holds where the check is true (default) or false
    /// (`!x.startsWith("//")` proves `local-path/no-double` when `startsWith` is false).
    #[serde(default)]
    pub when: Option<bool>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConditionSpec {
    #[serde(default)]
    pub capture: Option<String>,
    #[serde(default)]
    pub equals: Option<String>,
    #[serde(default)]
    pub not_equals: Option<String>,
    #[serde(default)]
    pub regex: Option<String>,
    #[serde(default)]
    pub not_regex: Option<String>,
    #[serde(default)]
    pub inside: Option<String>,
    #[serde(default)]
    pub not_inside: Option<String>,
    #[serde(default)]
    pub argument: Option<ArgumentSpec>,
    #[serde(default)]
    pub not_argument: Option<ArgumentSpec>,
    /// A regex one of the capture's resolved qualified names must match.
    #[serde(default)]
    pub qualified: Option<String>,
    /// A regex the static type of the capture's value must match.
    #[serde(default, rename = "type")]
    pub type_: Option<String>,
    /// A regex the static type of the capture's value must not match (an unknown type
    /// passes): `not-type: ^(Object|Array)$` for a value that is not a literal object.
    #[serde(default, rename = "not-type")]
    pub not_type: Option<String>,
    /// What the host the capture's text names must be (see `engine::hosts`).
    #[serde(default)]
    pub host: Option<HostTest>,
    /// The capture's text, without its quotes, has this shape (see `engine::secret_shape`).
    #[serde(default)]
    pub secret_like: Option<SecretShape>,
}

/// What a value must look like to count as a secret (see `engine::secret_shape`).
#[derive(Debug, Deserialize, Clone, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SecretShape {
    /// Minimum Shannon entropy, in bits per character.
    #[serde(default)]
    pub entropy: Option<f64>,
    /// Minimum number of character classes among lower case, upper case, digits, others.
    #[serde(default)]
    pub classes: Option<usize>,
    /// `false`: a value that reads as words (prose, a placeholder, an identifier, constant or
    /// environment-variable name, a template reference, a path or a URL without
    /// credentials) is not a secret.
    #[serde(default = "words_allowed")]
    pub words: bool,
}

fn words_allowed() -> bool {
    true
}

/// Places in a file where a `secret:` rule does not look.
#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum SecretSkip {
    /// Comments (`#`, `//`, `--`, `;` and `/* */`) and Python docstrings.
    Comments,
    /// Documentation files: `.md`, `.markdown`, `.rst`, `.txt`, `.adoc`.
    Documentation,
    /// Translation catalogues: JSON, YAML, `.po` and `.properties` files under a `locale(s)`,
    /// `i18n`, `l10n`, `lang` or `translations` folder.
    Translations,
    /// In program source (Python, JavaScript, TypeScript, Java, Go, C#, Ruby, PHP, Kotlin,
    /// Scala, Rust, Swift, C, C++), a value that is not in quotes: an expression such as
    /// `token = request_token` or `passphrase: process.env.PASSPHRASE`, not a literal.
    Expressions,
}

/// What a `host:` condition asks of the capture's text.
#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum HostTest {
    /// An IP address (alone, with a port, or as the host of a URL) that is routable on the
    /// public internet, and not a version number by its context (`version = "1.7.9.10"`).
    RoutableAddress,
    /// A URL whose host may be another machine: not this machine, not a name reserved for
    /// examples and tests, not a non-routable address, and not an XML namespace or schema URI.
    Remote,
}

/// An argument of a call: by position (from 0) or by keyword, optionally with a regex its
/// text must match.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ArgumentSpec {
    /// The capture holding the call or its argument list; the focus by default.
    #[serde(default)]
    pub of: Option<String>,
    #[serde(default)]
    pub position: Option<usize>,
    #[serde(default)]
    pub keyword: Option<String>,
    #[serde(default)]
    pub regex: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TaintSpec {
    pub sources: Vec<SelectorSpec>,
    pub sinks: Vec<SelectorSpec>,
    #[serde(default)]
    pub sanitizers: Vec<SelectorSpec>,
    /// Extra method names that, called on a variable with a tainted argument, taint it.
    #[serde(default)]
    pub propagators: Vec<String>,
    /// The taint is the value itself (a number from a weak generator), not attacker text:
    /// arithmetic and numeric conversions carry it (comparisons still do not).
    #[serde(default)]
    pub values: bool,
    /// Where a finding is reported: at the sink (default) or at the source, for rules whose
    /// fix goes where the value is made (a weak generator whose output becomes a token).
    #[serde(default)]
    pub report: ReportAt,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReportAt {
    #[default]
    Sink,
    Source,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SecretSpec {
    pub regex: String,
    /// The regex group holding the secret itself; the whole match when absent. In a regex of
    /// alternatives, each with its own group, the first group from this one on that took
    /// part in the match.
    #[serde(default)]
    pub group: Option<usize>,
    /// Minimum Shannon entropy of the secret, in bits per character.
    #[serde(default)]
    pub entropy: Option<f64>,
    /// Minimum number of character classes of the secret (see [`SecretShape::classes`]).
    #[serde(default)]
    pub classes: Option<usize>,
    /// `false`: values that read as words are not secrets (see [`SecretShape::words`]).
    #[serde(default = "words_allowed")]
    pub words: bool,
    /// Where not to look.
    #[serde(default)]
    pub skip: Vec<SecretSkip>,
    /// Words of which one must appear on the line (case-insensitive).
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Regexes that mark a match as a placeholder or example, not a secret.
    #[serde(default)]
    pub allow: Vec<String>,
}

/// A quick fix: replace the `target` capture (the focus by default) with `template`, where
/// `$name` stands for the text of capture `name`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum FixSpec {
    Template(String),
    Full(FullFixSpec),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FullFixSpec {
    #[serde(default)]
    pub target: Option<String>,
    pub template: String,
    #[serde(default)]
    pub description: Option<String>,
}

/// Named selectors that rules include with `model: NAME`, e.g. the request sources of a web
/// framework.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ModelSpec {
    pub model: String,
    pub languages: Vec<String>,
    #[serde(default)]
    pub description: Option<String>,
    pub selectors: Vec<SelectorSpec>,
}
