//! Validation: rule files in, compiled rules (tree-sitter queries per grammar, regexes) out.
//!
//! Each error names the file, the line of the offending key where it can be found, the
//! field and what to do. No IO; no matching (that is the engine's job).

use std::collections::HashMap;
use std::sync::Arc;

use regex::Regex;

use super::query::{QueryPart, QueryPlan, QuerySite};

use super::format::{
    ArgumentSpec, ConditionSpec, CweSpec, FixSpec, HostTest, ModelSpec, RuleSpec, SecretShape,
    SecretSkip, SecretSpec, SelectorSpec,
};
use super::{Confidence, Remediation, RuleError, RuleMeta, RuleSource, Severity};
use crate::lang::Language;

/// A compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub meta: RuleMeta,
    pub kind: RuleKind,
    pub fix: Option<FixTemplate>,
    /// SHA-256 of the rule file's text, for the rule set hash.
    pub source_hash: String,
}

#[derive(Debug, Clone)]
pub enum RuleKind {
    /// Per language, the queries of the rule: a match of any is reported.
    Pattern(HashMap<Language, Arc<[Selector]>>),
    Taint(HashMap<Language, Arc<TaintRule>>),
    Secret(Arc<SecretMatcher>),
}

/// A query with predicates; `focus` is the capture reported (or used as source/sink).
#[derive(Debug)]
pub struct Selector {
    pub part: Arc<QueryPart>,
    pub focus: u32,
    pub conditions: Vec<Condition>,
    /// A sanitizer that is one part of a combined check (see `format::SelectorSpec::part`).
    pub check: Option<CheckPart>,
}

/// One part of a check that vouches for a value only when every part of its group holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckPart {
    pub group: String,
    pub name: String,
    /// The outcome of the check on which the part holds.
    pub when: bool,
}

#[derive(Debug)]
pub enum Condition {
    Text {
        capture: u32,
        test: TextTest,
    },
    Inside {
        part: Arc<QueryPart>,
        capture: u32,
        negate: bool,
    },
    Argument {
        of: u32,
        test: ArgumentTest,
        negate: bool,
    },
    /// The capture's resolved names or static type (see `engine::resolve`) match `regex`.
    Resolved {
        capture: u32,
        of: Resolved,
        regex: Regex,
        /// The last parts of the only names that match (see [`name_needles`]); `None`: the
        /// pattern accepts names without such a list.
        needles: Option<Needles>,
    },
    /// The host the capture's text names passes `test` (see `engine::hosts`).
    Host {
        capture: u32,
        test: HostTest,
    },
    /// The capture's text without its quotes has the shape (see `engine::secret_shape`).
    SecretLike {
        capture: u32,
        shape: SecretShape,
    },
}

/// The last part of each name that a `qualified:` pattern accepts, when it accepts only a
/// finite set of names: `eval`, `getInstance`, `exec`. A name's last part is what a call
/// spells (the method, the imported function, the aliased function in its import), so a file
/// that holds none of them has no match, and the resolver need not be asked about its calls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Needles {
    pub words: Vec<String>,
    /// The pattern is anchored at both ends (`^...$`): a matching name is one of the listed
    /// names whole, so its last part is one of `words` exactly and is spelled in the file
    /// as a word of its own (an identifier, or a part of an import path between
    /// punctuation). Otherwise a name only contains one of `words` somewhere.
    pub whole: bool,
}

impl Needles {
    /// Whether `text` holds one of the words: as a word of its own when the names are whole
    /// (`exec` is not in `cursor.execute`), else anywhere.
    pub fn found_in(&self, text: &str) -> bool {
        self.words.iter().any(|word| {
            if !self.whole {
                return text.contains(word.as_str());
            }
            let is_word = |character: char| character.is_alphanumeric() || character == '_';
            text.match_indices(word.as_str()).any(|(start, _)| {
                !text[..start].chars().next_back().is_some_and(is_word)
                    && !text[start + word.len()..]
                        .chars()
                        .next()
                        .is_some_and(is_word)
            })
        })
    }

    /// Whether a name whose last part is `last` may match: always, unless the names are whole.
    pub fn admits_last_part(&self, last: &str) -> bool {
        !self.whole || self.words.iter().any(|word| word == last)
    }
}

/// The [`Needles`] of a `qualified:` pattern, if it accepts only a finite set of names.
fn name_needles(pattern: &str) -> Option<Needles> {
    use regex_syntax::hir::Look;
    let hir = regex_syntax::parse(pattern).ok()?;
    let literals = prefix_literals(&hir, 256)?;
    if literals.is_empty() || !literals.iter().all(|(_, exact)| *exact) {
        return None;
    }
    let mut words = Vec::new();
    for (text, _) in &literals {
        let last = text
            .rsplit(['.', '/'])
            .next()
            .filter(|last| !last.is_empty())?;
        if !words.iter().any(|known: &String| known == last) {
            words.push(last.to_owned());
        }
    }
    let properties = hir.properties();
    let whole = properties.look_set_prefix().contains(Look::Start)
        && properties.look_set_suffix().contains(Look::End);
    Some(Needles { words, whole })
}

/// The literal prefixes of every match of `hir` (at most `limit`), each with whether it is
/// the whole match; `None` when they are not finitely many or not all UTF-8.
pub fn prefix_literals(hir: &regex_syntax::hir::Hir, limit: usize) -> Option<Vec<(String, bool)>> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let mut extractor = Extractor::new();
    extractor.kind(ExtractKind::Prefix).limit_total(limit);
    let literals = extractor.extract(hir);
    literals
        .literals()?
        .iter()
        .map(|literal| {
            let text = std::str::from_utf8(literal.as_bytes()).ok()?;
            Some((text.to_owned(), literal.is_exact()))
        })
        .collect()
}

/// What a [`Condition::Resolved`] asks of the resolver.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved {
    /// One of the qualified names of a name, attribute, call or type.
    Names,
    /// The static type of a value.
    Type,
    /// Not the static type of a value: holds when the type is unknown or does not match.
    NotType,
}

#[derive(Debug, Clone)]
pub enum TextTest {
    Equals(String),
    NotEquals(String),
    Regex(Regex),
    NotRegex(Regex),
    /// A regex of the form `^(a|b|c)$` over plain words, tested as a list.
    OneOf(Vec<String>),
    NotOneOf(Vec<String>),
}

impl TextTest {
    pub fn accepts(&self, text: &str) -> bool {
        match self {
            TextTest::Equals(expected) => text == expected,
            TextTest::NotEquals(expected) => text != expected,
            TextTest::Regex(regex) => regex.is_match(text),
            TextTest::NotRegex(regex) => !regex.is_match(text),
            TextTest::OneOf(words) => words.iter().any(|word| word == text),
            TextTest::NotOneOf(words) => !words.iter().any(|word| word == text),
        }
    }

    /// Whether the test rejects what it names (`not-regex`, `not-equals`).
    pub fn is_negative(&self) -> bool {
        matches!(
            self,
            TextTest::NotEquals(_) | TextTest::NotRegex(_) | TextTest::NotOneOf(_)
        )
    }

    /// The words this test accepts, if it accepts only a list of words.
    pub fn words(&self) -> Option<&[String]> {
        match self {
            TextTest::Equals(word) => Some(std::slice::from_ref(word)),
            TextTest::OneOf(words) => Some(words),
            _ => None,
        }
    }
}

/// The words of a regex that only accepts whole words from a list: `^word$` or
/// `^(one|two|three)$`, words of ASCII letters, digits and `_`. Such a regex is tested
/// faster as a list, with the same result.
pub(crate) fn word_alternatives(regex: &str) -> Option<Vec<String>> {
    let inner = regex.strip_prefix('^')?.strip_suffix('$')?;
    // Without parentheses, `^a|b$` means "starts with a, or ends with b": not a list.
    let inner = match inner.strip_prefix('(') {
        Some(rest) => rest.strip_suffix(')')?,
        None if inner.contains('|') => return None,
        None => inner,
    };
    let words: Vec<String> = inner.split('|').map(str::to_owned).collect();
    words
        .iter()
        .all(|word| {
            !word.is_empty()
                && word
                    .chars()
                    .all(|character| character.is_ascii_alphanumeric() || character == '_')
        })
        .then_some(words)
}

#[derive(Debug)]
pub struct ArgumentTest {
    pub position: Option<usize>,
    pub keyword: Option<String>,
    pub regex: Option<Regex>,
}

#[derive(Debug)]
pub struct TaintRule {
    pub sources: Vec<Selector>,
    pub sinks: Vec<Selector>,
    pub sanitizers: Vec<Selector>,
    pub propagators: Vec<String>,
    /// Arithmetic and numeric conversions carry the taint (see `format::TaintSpec::values`).
    pub values: bool,
    /// Findings are reported at the source, with the sink as the related place.
    pub at_source: bool,
}

#[derive(Debug)]
pub struct SecretMatcher {
    pub regex: Regex,
    pub group: usize,
    pub shape: SecretShape,
    pub keywords: Vec<String>,
    pub allow: Vec<Regex>,
    pub skip: Vec<SecretSkip>,
}

#[derive(Debug, Clone)]
pub struct FixTemplate {
    /// The capture replaced; `None` is the focus.
    pub target: Option<String>,
    pub template: String,
    pub description: String,
}

struct Context<'a> {
    path: &'a str,
    text: &'a str,
    plan: &'a Arc<QueryPlan>,
}

impl Context<'_> {
    fn error(&self, field: &str, message: impl Into<String>) -> RuleError {
        let key = field.rsplit(['.', ']']).next().unwrap_or(field);
        let key = key.trim_start_matches('[');
        RuleError {
            path: self.path.to_owned(),
            line: find_key_line(self.text, key),
            field: field.to_owned(),
            message: message.into(),
        }
    }
}

/// One-based line of the first `key:` in a YAML text.
fn find_key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            let trimmed = line.trim_start().trim_start_matches("- ").trim_start();
            trimmed
                .strip_prefix(key)
                .is_some_and(|rest| rest.starts_with(':'))
        })
        .map(|index| index + 1)
}

/// Validates and compiles rule files; the queries of each language are built later, by the
/// returned plan, when first needed.
pub(super) fn compile_all(sources: &[RuleSource]) -> (Vec<Rule>, Vec<RuleError>, Arc<QueryPlan>) {
    let mut errors = Vec::new();
    let mut models: HashMap<String, (ModelSpec, String, String)> = HashMap::new();
    let mut specs = Vec::new();
    for source in sources {
        match parse(source) {
            Ok(Parsed::Rule(spec)) => specs.push((spec, source)),
            Ok(Parsed::Model(model)) => {
                models.insert(
                    model.model.clone(),
                    (model, source.path.clone(), source.text.clone()),
                );
            }
            Err(error) => errors.push(error),
        }
    }
    let mut rules = Vec::new();
    let mut seen: HashMap<String, String> = HashMap::new();
    let plan = Arc::new(QueryPlan::default());
    let mut accepted = Vec::new();
    for (spec, source) in specs {
        if let Some(first) = seen.get(&spec.id)
            && first != &source.path
            && source.path.starts_with("builtin:") == first.starts_with("builtin:")
        {
            let context = Context {
                path: &source.path,
                text: &source.text,
                plan: &plan,
            };
            errors.push(context.error("id", format!("`{}` is also defined in {first}", spec.id)));
            continue;
        }
        seen.insert(spec.id.clone(), source.path.clone());
        accepted.push((spec, source));
    }
    // Compiling queries is the costly part of loading rules: use every core.
    use rayon::prelude::*;
    let compiled: Vec<Result<Rule, RuleError>> = accepted
        .par_iter()
        .map(|(spec, source)| {
            let context = Context {
                path: &source.path,
                text: &source.text,
                plan: &plan,
            };
            compile_rule(spec, &context, &models)
        })
        .collect();
    for result in compiled {
        match result {
            Ok(rule) => rules.push(rule),
            Err(error) => errors.push(error),
        }
    }
    (rules, errors, plan)
}

impl Rule {
    /// Every query part the rule matches with, `inside` conditions included.
    pub fn parts(&self) -> Vec<&Arc<QueryPart>> {
        fn selector_parts<'a>(selector: &'a Selector, parts: &mut Vec<&'a Arc<QueryPart>>) {
            parts.push(&selector.part);
            for condition in &selector.conditions {
                if let Condition::Inside { part, .. } = condition {
                    parts.push(part);
                }
            }
        }
        let mut parts = Vec::new();
        match &self.kind {
            RuleKind::Pattern(per_language) => {
                for selector in per_language.values().flat_map(|selectors| selectors.iter()) {
                    selector_parts(selector, &mut parts);
                }
            }
            RuleKind::Taint(per_language) => {
                for taint in per_language.values() {
                    for selector in taint
                        .sources
                        .iter()
                        .chain(&taint.sinks)
                        .chain(&taint.sanitizers)
                    {
                        selector_parts(selector, &mut parts);
                    }
                }
            }
            RuleKind::Secret(_) => {}
        }
        parts
    }
}

enum Parsed {
    Rule(Box<RuleSpec>),
    Model(ModelSpec),
}

fn parse(source: &RuleSource) -> Result<Parsed, RuleError> {
    let yaml_error = |error: serde_norway::Error| {
        let message = error.to_string();
        let field = message
            .split('`')
            .nth(1)
            .filter(|_| message.contains("field"))
            .unwrap_or("(file)")
            .to_owned();
        RuleError {
            path: source.path.clone(),
            line: error.location().map(|location| location.line()),
            field,
            message: strip_location(&message),
        }
    };
    let value: serde_norway::Value = serde_norway::from_str(&source.text).map_err(yaml_error)?;
    let is_model = value
        .as_mapping()
        .is_some_and(|mapping| mapping.contains_key("model"));
    if is_model {
        serde_norway::from_str(&source.text)
            .map(Parsed::Model)
            .map_err(yaml_error)
    } else {
        serde_norway::from_str(&source.text)
            .map(|spec| Parsed::Rule(Box::new(spec)))
            .map_err(yaml_error)
    }
}

fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message.to_owned(),
    }
}

fn compile_rule(
    spec: &RuleSpec,
    context: &Context<'_>,
    models: &HashMap<String, (ModelSpec, String, String)>,
) -> Result<Rule, RuleError> {
    let id_shape = Regex::new("^[a-z0-9]+(-[a-z0-9]+)*$").expect("valid regex");
    if !id_shape.is_match(&spec.id) {
        return Err(context.error(
            "id",
            "use lower-case words joined by hyphens, naming the flagged pattern",
        ));
    }
    let severity = Severity::parse(&spec.severity).ok_or_else(|| {
        context.error(
            "severity",
            format!(
                "`{}` is not one of critical, high, medium, low, info",
                spec.severity
            ),
        )
    })?;
    let confidence = match spec.confidence.as_str() {
        "high" => Confidence::High,
        "medium" => Confidence::Medium,
        "low" => Confidence::Low,
        other => {
            return Err(context.error(
                "confidence",
                format!("`{other}` is not one of high, medium, low"),
            ));
        }
    };
    if spec.message.trim().is_empty() || spec.message.trim().contains('\n') {
        return Err(context.error("message", "write one line that says what is wrong"));
    }
    if spec.cwe.is_empty() {
        return Err(context.error("cwe", "list at least one CWE, the primary one first"));
    }
    let mut cwe = Vec::new();
    for entry in &spec.cwe {
        let number = match entry {
            CweSpec::Number(number) => Some(*number),
            CweSpec::Text(text) => text
                .strip_prefix("CWE-")
                .unwrap_or(text)
                .parse::<u32>()
                .ok(),
        };
        cwe.push(number.ok_or_else(|| context.error("cwe", "write CWE ids as `CWE-89` or `89`"))?);
    }
    if spec.category.trim().is_empty() {
        return Err(context.error("category", "name the detector family, e.g. sql-injection"));
    }
    if !spec.remediation.url.starts_with("https://") {
        return Err(context.error("remediation.url", "give an https:// reference"));
    }
    let kinds = [
        spec.pattern.is_some() || spec.patterns.is_some(),
        spec.taint.is_some(),
        spec.secret.is_some(),
    ];
    if kinds.iter().filter(|present| **present).count() != 1 {
        return Err(context.error(
            "pattern",
            "a rule has exactly one of `pattern` (or `patterns`), `taint` or `secret`",
        ));
    }
    if spec.pattern.is_some() && spec.patterns.is_some() {
        return Err(context.error(
            "patterns",
            "give one query as `pattern` or several as `patterns`, not both",
        ));
    }
    let kind = if let Some(secret) = &spec.secret {
        if spec.languages != ["generic"] {
            return Err(context.error(
                "languages",
                "secret rules run on every text file: write `languages: [generic]`",
            ));
        }
        RuleKind::Secret(Arc::new(compile_secret(secret, context)?))
    } else {
        let languages = rule_languages(&spec.languages, context)?;
        let specs: Option<Vec<(&SelectorSpec, String)>> = match (&spec.pattern, &spec.patterns) {
            (Some(pattern), _) => Some(vec![(pattern, "pattern".to_owned())]),
            (None, Some(patterns)) if patterns.is_empty() => {
                return Err(context.error("patterns", "give at least one query"));
            }
            (None, Some(patterns)) => Some(
                patterns
                    .iter()
                    .enumerate()
                    .map(|(index, pattern)| (pattern, format!("patterns[{index}]")))
                    .collect(),
            ),
            (None, None) => None,
        };
        if let Some(specs) = specs {
            let mut per_language = HashMap::new();
            for language in languages {
                let mut selectors = Vec::new();
                for (pattern, field) in &specs {
                    let selector =
                        compile_selector(pattern, language, "match", field, context, models)?;
                    let [selector] = <[Selector; 1]>::try_from(selector).map_err(|_| {
                        context.error(
                            &format!("{field}.model"),
                            "a pattern names one query, not a model",
                        )
                    })?;
                    selectors.push(selector);
                }
                per_language.insert(language, Arc::from(selectors));
            }
            RuleKind::Pattern(per_language)
        } else {
            let taint = spec.taint.as_ref().expect("one kind is present");
            if taint.sources.is_empty() || taint.sinks.is_empty() {
                return Err(context.error("taint", "a taint rule needs sources and sinks"));
            }
            let mut per_language = HashMap::new();
            for language in languages {
                let list = |selectors: &[SelectorSpec], focus: &str, field: &str| {
                    let mut compiled = Vec::new();
                    for (index, selector) in selectors.iter().enumerate() {
                        compiled.extend(compile_selector(
                            selector,
                            language,
                            focus,
                            &format!("taint.{field}[{index}]"),
                            context,
                            models,
                        )?);
                    }
                    Ok::<_, RuleError>(compiled)
                };
                per_language.insert(
                    language,
                    Arc::new(TaintRule {
                        sources: list(&taint.sources, "source", "sources")?,
                        sinks: list(&taint.sinks, "sink", "sinks")?,
                        sanitizers: list(&taint.sanitizers, "sanitizer", "sanitizers")?,
                        propagators: taint.propagators.clone(),
                        values: taint.values,
                        at_source: taint.report == super::format::ReportAt::Source,
                    }),
                );
            }
            RuleKind::Taint(per_language)
        }
    };
    let fix = match &spec.fix {
        None => None,
        Some(FixSpec::Template(template)) => Some(FixTemplate {
            target: None,
            template: template.clone(),
            description: format!("Replace with `{template}`"),
        }),
        Some(FixSpec::Full(full)) => Some(FixTemplate {
            target: full.target.clone(),
            template: full.template.clone(),
            description: full
                .description
                .clone()
                .unwrap_or_else(|| format!("Replace with `{}`", full.template)),
        }),
    };
    if let Some(fix) = &fix {
        if !matches!(kind, RuleKind::Pattern(_)) {
            return Err(context.error("fix", "only pattern rules can carry a fix"));
        }
        if let RuleKind::Pattern(per_language) = &kind {
            for selector in per_language.values().flat_map(|selectors| selectors.iter()) {
                let names = selector.part.capture_names();
                let mut wanted: Vec<&str> = template_captures(&fix.template);
                wanted.extend(fix.target.as_deref());
                for name in wanted {
                    if !names.iter().any(|known| known == name) {
                        return Err(context.error(
                            "fix",
                            format!(
                                "`{name}` is not a capture of the query (captures: {})",
                                names.join(", ")
                            ),
                        ));
                    }
                }
            }
        }
    }
    use sha2::Digest;
    let source_hash = super::hex(&sha2::Sha256::digest(context.text.as_bytes()));
    Ok(Rule {
        meta: RuleMeta {
            id: spec.id.clone(),
            languages: spec.languages.clone(),
            severity,
            confidence,
            message: spec.message.trim().to_owned(),
            cwe,
            owasp: spec.owasp.clone(),
            category: spec.category.clone(),
            remediation: Remediation {
                text: spec.remediation.text.trim().to_owned(),
                url: spec.remediation.url.clone(),
            },
            description: spec.description.as_ref().map(|text| text.trim().to_owned()),
            references: spec.references.clone(),
            origin: context.path.to_owned(),
        },
        kind,
        fix,
        source_hash,
    })
}

/// `$name` references in a fix template.
pub fn template_captures(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(index) = rest.find('$') {
        rest = &rest[index + 1..];
        let end = rest
            .find(|character: char| !(character.is_ascii_alphanumeric() || character == '_'))
            .unwrap_or(rest.len());
        if end > 0 {
            names.push(&rest[..end]);
        }
        rest = &rest[end..];
    }
    names
}

fn rule_languages(names: &[String], context: &Context<'_>) -> Result<Vec<Language>, RuleError> {
    if names.is_empty() {
        return Err(context.error("languages", "list the languages the rule applies to"));
    }
    let mut languages = Vec::new();
    for name in names {
        let grammars = Language::from_rule_name(name).ok_or_else(|| {
            context.error(
                "languages",
                format!("`{name}` is not one of python, javascript, typescript, java, go, generic"),
            )
        })?;
        languages.extend_from_slice(grammars);
    }
    Ok(languages)
}

/// The part for a query text: shared with every other rule that writes the same text. It is
/// compiled later, with all the others of its grammar.
fn compile_query(
    source: &str,
    language: Language,
    field: &str,
    context: &Context<'_>,
) -> Arc<QueryPart> {
    context.plan.part(language, source, || {
        let key = field.rsplit('.').next().unwrap_or(field);
        QuerySite {
            path: context.path.to_owned(),
            field: field.to_owned(),
            key_line: find_key_line(context.text, key.split('[').next().unwrap_or(key)),
            multiline: source.contains('\n'),
        }
    })
}

fn compile_selector(
    spec: &SelectorSpec,
    language: Language,
    default_focus: &str,
    field: &str,
    context: &Context<'_>,
    models: &HashMap<String, (ModelSpec, String, String)>,
) -> Result<Vec<Selector>, RuleError> {
    match (&spec.query, &spec.model) {
        (Some(_), Some(_)) | (None, None) => {
            Err(context.error(field, "give either `query` or `model`"))
        }
        (None, Some(model_name)) => {
            let (model, path, text) = models.get(model_name).ok_or_else(|| {
                context.error(
                    &format!("{field}.model"),
                    format!("no model named `{model_name}` is loaded"),
                )
            })?;
            let model_context = Context {
                path,
                text,
                plan: context.plan,
            };
            let applies = model.languages.iter().any(|name| {
                Language::from_rule_name(name).is_some_and(|grammars| grammars.contains(&language))
            });
            if !applies {
                return Err(context.error(
                    &format!("{field}.model"),
                    format!("model `{model_name}` does not cover {language}"),
                ));
            }
            let mut compiled = Vec::new();
            for (index, selector) in model.selectors.iter().enumerate() {
                if selector.model.is_some() {
                    return Err(model_context.error(
                        &format!("selectors[{index}].model"),
                        "models cannot include other models",
                    ));
                }
                compiled.extend(compile_selector(
                    selector,
                    language,
                    default_focus,
                    &format!("selectors[{index}]"),
                    &model_context,
                    models,
                )?);
            }
            Ok(compiled)
        }
        (Some(source), None) => {
            let part = compile_query(source, language, &format!("{field}.query"), context);
            let focus_name = spec.focus.as_deref().unwrap_or(default_focus);
            let focus = part.capture_index(focus_name).ok_or_else(|| {
                context.error(
                    &format!("{field}.query"),
                    format!(
                        "the query has no @{focus_name} capture: capture the node to report as @{focus_name}, or name another with `focus`"
                    ),
                )
            })?;
            let mut conditions = Vec::new();
            for (index, condition) in spec.conditions.iter().enumerate() {
                conditions.push(compile_condition(
                    condition,
                    &part,
                    focus,
                    language,
                    &format!("{field}.where[{index}]"),
                    context,
                )?);
            }
            // The part keeps only the matches some user's text tests accept: most matches
            // of a broad query (any method call) fail them, and are dropped at once.
            part.register_use(
                conditions
                    .iter()
                    .filter_map(|condition| match condition {
                        Condition::Text { capture, test } => Some((*capture, test.clone())),
                        _ => None,
                    })
                    .collect(),
            );
            let check = match (&spec.part, spec.when) {
                (None, None) => None,
                (None, Some(_)) => {
                    return Err(context.error(&format!("{field}.when"), "`when` goes with `part`"));
                }
                (Some(_), _) if default_focus != "sanitizer" => {
                    return Err(context.error(
                        &format!("{field}.part"),
                        "only sanitizers can be parts of a check",
                    ));
                }
                (Some(part), when) => {
                    let Some((group, name)) = part
                        .split_once('/')
                        .filter(|(group, name)| !group.is_empty() && !name.is_empty())
                    else {
                        return Err(context.error(
                            &format!("{field}.part"),
                            format!("write the part as `group/name`, not `{part}`"),
                        ));
                    };
                    Some(CheckPart {
                        group: group.to_string(),
                        name: name.to_string(),
                        when: when.unwrap_or(true),
                    })
                }
            };
            Ok(vec![Selector {
                part,
                focus,
                conditions,
                check,
            }])
        }
    }
}

fn compile_condition(
    spec: &ConditionSpec,
    query: &QueryPart,
    focus: u32,
    language: Language,
    field: &str,
    context: &Context<'_>,
) -> Result<Condition, RuleError> {
    let capture = |name: &str| {
        query.capture_index(name).ok_or_else(|| {
            context.error(
                field,
                format!(
                    "`{name}` is not a capture of the query (captures: {})",
                    query.capture_names().join(", ")
                ),
            )
        })
    };
    let regex = |pattern: &str, key: &str| {
        context.plan.regex(pattern).map_err(|error| {
            context.error(&format!("{field}.{key}"), format!("bad regex: {error}"))
        })
    };
    let tests = [
        spec.equals.is_some(),
        spec.not_equals.is_some(),
        spec.regex.is_some(),
        spec.not_regex.is_some(),
        spec.inside.is_some(),
        spec.not_inside.is_some(),
        spec.argument.is_some(),
        spec.not_argument.is_some(),
        spec.qualified.is_some(),
        spec.type_.is_some(),
        spec.not_type.is_some(),
        spec.host.is_some(),
        spec.secret_like.is_some(),
    ];
    if tests.iter().filter(|present| **present).count() != 1 {
        return Err(context.error(
            field,
            "a condition has exactly one of equals, not-equals, regex, not-regex, inside, not-inside, argument, not-argument, qualified, type, not-type, host, secret-like",
        ));
    }
    if let Some(inside) = spec.inside.as_ref().or(spec.not_inside.as_ref()) {
        let key = if spec.inside.is_some() {
            "inside"
        } else {
            "not-inside"
        };
        let inner = compile_query(inside, language, &format!("{field}.{key}"), context);
        inner.register_use(Vec::new());
        let inner_capture = inner.capture_index("inside").ok_or_else(|| {
            context.error(
                &format!("{field}.{key}"),
                "capture the enclosing node as @inside",
            )
        })?;
        return Ok(Condition::Inside {
            part: inner,
            capture: inner_capture,
            negate: spec.not_inside.is_some(),
        });
    }
    if let Some(argument) = spec.argument.as_ref().or(spec.not_argument.as_ref()) {
        let ArgumentSpec {
            of,
            position,
            keyword,
            regex: pattern,
        } = argument;
        if position.is_some() == keyword.is_some() {
            return Err(context.error(field, "an argument test has either `position` or `keyword`"));
        }
        let of = match of {
            Some(name) => capture(name)?,
            None => focus,
        };
        return Ok(Condition::Argument {
            of,
            test: ArgumentTest {
                position: *position,
                keyword: keyword.clone(),
                regex: pattern
                    .as_deref()
                    .map(|text| regex(text, "regex"))
                    .transpose()?,
            },
            negate: spec.not_argument.is_some(),
        });
    }
    let name = spec
        .capture
        .as_deref()
        .ok_or_else(|| context.error(field, "name the `capture` the test applies to"))?;
    let capture = capture(name)?;
    if let Some(pattern) = &spec.qualified {
        return Ok(Condition::Resolved {
            capture,
            of: Resolved::Names,
            regex: regex(pattern, "qualified")?,
            needles: name_needles(pattern),
        });
    }
    if let Some(test) = spec.host {
        return Ok(Condition::Host { capture, test });
    }
    if let Some(shape) = &spec.secret_like {
        return Ok(Condition::SecretLike {
            capture,
            shape: shape.clone(),
        });
    }
    for (pattern, of, key) in [
        (&spec.type_, Resolved::Type, "type"),
        (&spec.not_type, Resolved::NotType, "not-type"),
    ] {
        if let Some(pattern) = pattern {
            return Ok(Condition::Resolved {
                capture,
                of,
                regex: regex(pattern, key)?,
                needles: None,
            });
        }
    }
    let test = if let Some(text) = &spec.equals {
        TextTest::Equals(text.clone())
    } else if let Some(text) = &spec.not_equals {
        TextTest::NotEquals(text.clone())
    } else if let Some(text) = &spec.regex {
        let compiled = regex(text, "regex")?;
        match word_alternatives(text) {
            Some(words) => TextTest::OneOf(words),
            None => TextTest::Regex(compiled),
        }
    } else {
        let text = spec.not_regex.as_deref().unwrap_or_default();
        let compiled = regex(text, "not-regex")?;
        match word_alternatives(text) {
            Some(words) => TextTest::NotOneOf(words),
            None => TextTest::NotRegex(compiled),
        }
    };
    Ok(Condition::Text { capture, test })
}

fn compile_secret(spec: &SecretSpec, context: &Context<'_>) -> Result<SecretMatcher, RuleError> {
    let regex = Regex::new(&spec.regex)
        .map_err(|error| context.error("secret.regex", format!("bad regex: {error}")))?;
    let group = spec.group.unwrap_or(0);
    if group >= regex.captures_len() {
        return Err(context.error(
            "secret.group",
            format!("the regex has only {} groups", regex.captures_len() - 1),
        ));
    }
    let mut allow = Vec::new();
    for pattern in &spec.allow {
        allow.push(
            Regex::new(pattern)
                .map_err(|error| context.error("secret.allow", format!("bad regex: {error}")))?,
        );
    }
    Ok(SecretMatcher {
        regex,
        group,
        shape: SecretShape {
            entropy: spec.entropy,
            classes: spec.classes,
            words: spec.words,
        },
        keywords: spec
            .keywords
            .iter()
            .map(|word| word.to_lowercase())
            .collect(),
        allow,
        skip: spec.skip.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::word_alternatives;

    #[test]
    fn only_whole_word_lists_are_tested_as_lists() {
        assert_eq!(word_alternatives("^md5$"), Some(vec!["md5".to_owned()]));
        assert_eq!(
            word_alternatives("^(md5|sha1|new_hash)$"),
            Some(vec![
                "md5".to_owned(),
                "sha1".to_owned(),
                "new_hash".to_owned()
            ])
        );
        for regex in [
            "^md5|sha1$",
            "md5",
            "^(md5|sha1)",
            "^(md5|)$",
            "^(?i)md5$",
            "^(md5|sha.)$",
            "^(a)|(b)$",
        ] {
            assert_eq!(word_alternatives(regex), None, "{regex}");
        }
    }
}

#[cfg(test)]
mod needle_tests {
    use super::{Needles, name_needles};

    #[test]
    fn finite_name_patterns_give_the_last_part_of_each_name() {
        // The words, and whether the names are whole.
        type Expected = Option<(&'static [&'static str], bool)>;
        let cases: [(&str, Expected); 8] = [
            (r"^java\.lang\.Runtime\.exec$", Some((&["exec"], true))),
            (
                r"^(java\.security\.)?MessageDigest\.getInstance$",
                Some((&["getInstance"], true)),
            ),
            (r"^hashlib\.(md5|sha1)$", Some((&["md5", "sha1"], true))),
            (
                r"^(builtins\.)?(eval|exec)$",
                Some((&["eval", "exec"], true)),
            ),
            (r"^os/exec\.Command$", Some((&["Command"], true))),
            (r"^hashlib\.md5", Some((&["md5"], false))),
            (r"^math/rand(/v2)?\.(Rand\.)?[A-Z][A-Za-z0-9]*$", None),
            (r"Statement\.", None),
        ];
        for (pattern, expected) in cases {
            let expected = expected.map(|(words, whole)| Needles {
                words: words.iter().map(|word| (*word).to_owned()).collect(),
                whole,
            });
            assert_eq!(name_needles(pattern), expected, "{pattern}");
        }
    }

    #[test]
    fn whole_names_are_found_as_words_only() {
        let needles = |whole| Needles {
            words: vec!["exec".to_owned()],
            whole,
        };
        let cases = [
            ("cursor.execute(query)", true, false),
            ("cursor.execute(query)", false, true),
            ("exec(code)", true, true),
            ("from os import exec as run", true, true),
            ("import \"os/exec\"", true, true),
            ("x = re_exec + exec_y", true, false),
            ("é exec", true, true),
        ];
        for (text, whole, expected) in cases {
            assert_eq!(needles(whole).found_in(text), expected, "{text} {whole}");
        }
        assert!(!needles(true).admits_last_part("execute"));
        assert!(needles(true).admits_last_part("exec"));
        assert!(needles(false).admits_last_part("execute"));
    }
}
