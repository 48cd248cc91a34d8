//! `codeward rules list | explain | test | parse | variants`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::{CliError, Outcome};
use crate::engine::ruletest::{run_tests, with_builtin_models};
use crate::engine::variants::{self, SurvivalTable, Transform};
use crate::lang::Language;
use crate::rules::{self, RuleError, RuleSet, RuleSource};

/// Rule files under `dir`, sorted by path.
pub fn read_rule_dir(dir: &Path) -> Result<Vec<RuleSource>, CliError> {
    if !dir.is_dir() {
        return Err(CliError::Usage(format!(
            "rule folder {} does not exist or is not a folder",
            dir.display()
        )));
    }
    let mut sources = Vec::new();
    for entry in ignore::WalkBuilder::new(dir)
        .standard_filters(false)
        .build()
    {
        let entry = entry.with_context(|| format!("reading rule folder {}", dir.display()))?;
        let path = entry.path();
        if entry.file_type().is_some_and(|kind| kind.is_file()) && rules::is_rule_file(path) {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading rule file {}", path.display()))?;
            sources.push(RuleSource {
                path: path.display().to_string(),
                text,
            });
        }
    }
    sources.sort_by(|left, right| left.path.cmp(&right.path));
    Ok(sources)
}

/// The built-in pack plus extra folders; any bad rule file is a usage error (exit 2).
/// Queries are built per language when a file of that language is first scanned (a Go
/// project never pays for TypeScript), except with extra folders: their queries are all
/// checked now, so that a bad one is reported before anything runs.
pub fn load_rules(extra_dirs: &[PathBuf]) -> Result<RuleSet, CliError> {
    let mut sources = rules::builtin_sources();
    for dir in extra_dirs {
        sources.extend(read_rule_dir(dir)?);
    }
    let (set, errors) = if extra_dirs.is_empty() {
        RuleSet::compile_lazy(&sources)
    } else {
        RuleSet::compile(&sources)
    };
    if !errors.is_empty() {
        return Err(rule_errors(&errors));
    }
    Ok(set)
}

pub fn rule_errors(errors: &[RuleError]) -> CliError {
    let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
    CliError::Usage(format!(
        "{} rule file{} could not be loaded:\n  {}",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" },
        lines.join("\n  ")
    ))
}

pub fn list(extra_dirs: &[PathBuf], json: bool) -> Result<Outcome, CliError> {
    let set = load_rules(extra_dirs)?;
    let mut out = std::io::stdout().lock();
    if json {
        let metas: Vec<&rules::RuleMeta> = set.rules().iter().map(|rule| &rule.meta).collect();
        serde_json::to_writer_pretty(&mut out, &metas).context("writing the rule list")?;
        writeln!(out).context("writing the rule list")?;
    } else {
        for rule in set.rules() {
            let meta = &rule.meta;
            writeln!(
                out,
                "{:<48} {:<9} CWE-{:<5} {:<24} {}",
                meta.id,
                meta.severity,
                meta.cwe[0],
                meta.languages.join(","),
                meta.message
            )
            .context("writing the rule list")?;
        }
        writeln!(out, "{} rules", set.rules().len()).context("writing the rule list")?;
    }
    Ok(Outcome::Clean)
}

pub fn explain(rule_id: &str, extra_dirs: &[PathBuf]) -> Result<Outcome, CliError> {
    let set = load_rules(extra_dirs)?;
    let rule = set.get(rule_id).ok_or_else(|| {
        CliError::Usage(format!(
            "no rule `{rule_id}`; `codeward rules list` shows the ids"
        ))
    })?;
    let meta = &rule.meta;
    let cwe: Vec<String> = meta.cwe.iter().map(|cwe| format!("CWE-{cwe}")).collect();
    let mut text = format!(
        "{id}\n{message}\n\nseverity: {severity}   confidence: {confidence:?}   {cwe}   category: {category}\nlanguages: {languages}\n",
        id = meta.id,
        message = meta.message,
        severity = meta.severity,
        confidence = meta.confidence,
        cwe = cwe.join(", "),
        category = meta.category,
        languages = meta.languages.join(", "),
    );
    if let Some(description) = &meta.description {
        text.push_str(&format!("\n{description}\n"));
    }
    text.push_str(&format!(
        "\nRemediation: {}\n{}\n",
        meta.remediation.text, meta.remediation.url
    ));
    for reference in &meta.references {
        text.push_str(&format!("{reference}\n"));
    }
    if let Some(fix) = &rule.fix {
        text.push_str(&format!("\nQuick fix: {}\n", fix.description));
    }
    print!("{text}");
    Ok(Outcome::Clean)
}

/// Every file under `dir` (or the embedded pack), by path, as text.
fn read_tree(dir: Option<&Path>) -> Result<BTreeMap<String, String>, CliError> {
    let mut files = BTreeMap::new();
    match dir {
        None => {
            for source in rules::builtin_sources() {
                files.insert(source.path.clone(), source.text);
            }
            for path in rules::builtin_paths() {
                if let Some(text) = rules::builtin_file(&path) {
                    files.insert(path, text.to_owned());
                }
            }
        }
        Some(dir) => {
            if !dir.is_dir() {
                return Err(CliError::Usage(format!(
                    "rule folder {} does not exist or is not a folder",
                    dir.display()
                )));
            }
            for entry in ignore::WalkBuilder::new(dir)
                .standard_filters(false)
                .build()
            {
                let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
                if entry.file_type().is_some_and(|kind| kind.is_file()) {
                    let text = std::fs::read_to_string(entry.path())
                        .with_context(|| format!("reading {}", entry.path().display()))?;
                    files.insert(entry.path().display().to_string(), text);
                }
            }
        }
    }
    Ok(files)
}

/// The targets of `--variants`.
#[derive(Debug, Clone, Copy)]
pub struct VariantTargets {
    /// The lowest percent of positive variants still reported, per language.
    pub min_survival: f64,
    /// The highest percent of negative variants reported, per language.
    pub max_flips: f64,
}

impl VariantTargets {
    /// Prints the survival table and the failed variants (all of them with `verbose`, the
    /// first few otherwise); says whether every language meets the targets.
    pub fn print(
        &self,
        out: &mut impl Write,
        table: &SurvivalTable,
        failures: &[String],
        verbose: bool,
    ) -> Result<bool, CliError> {
        const SHOWN: usize = 20;
        let shown = if verbose { failures.len() } else { SHOWN };
        for failure in failures.iter().take(shown) {
            writeln!(out, "variant {failure}").context("writing the variant report")?;
        }
        if failures.len() > shown {
            writeln!(
                out,
                "... and {} more failed variants (--verbose lists them all)",
                failures.len() - shown
            )
            .context("writing the variant report")?;
        }
        write!(out, "{}", table.render()).context("writing the variant report")?;
        let missed = table.failures(self.min_survival, self.max_flips);
        for miss in &missed {
            writeln!(out, "FAIL variants {miss}").context("writing the variant report")?;
        }
        Ok(missed.is_empty())
    }
}

pub fn test(
    dir: Option<&Path>,
    verbose: bool,
    variants: Option<VariantTargets>,
) -> Result<Outcome, CliError> {
    let files = read_tree(dir)?;
    let mut sources = rules::rule_sources(&files);
    if dir.is_some() {
        sources = with_builtin_models(sources);
    }
    let report = run_tests(&sources, &files, variants.is_some());
    let mut out = std::io::stdout().lock();
    for line in &report.lines {
        if verbose || !line.starts_with("ok ") {
            writeln!(out, "{line}").context("writing the test report")?;
        }
    }
    writeln!(
        out,
        "{} rules, {} fixtures: {} passed, {} failed",
        report.rules, report.fixtures, report.passed, report.failed
    )
    .context("writing the test report")?;
    let variants_met = match variants {
        Some(targets) => targets.print(
            &mut out,
            &report.survival,
            &report.variant_failures,
            verbose,
        )?,
        None => true,
    };
    if report.failed > 0 || !variants_met {
        Ok(Outcome::Findings)
    } else {
        Ok(Outcome::Clean)
    }
}

/// `rules variants FILE --line N`: each variant of the case on line N, with the lines that
/// hold the case afterwards.
pub fn variants(
    file: &Path,
    line: u32,
    transform: Option<&str>,
    language: Option<&str>,
) -> Result<Outcome, CliError> {
    let (text, language) = read_source(file, language)?;
    let transforms: Vec<Transform> = match transform {
        Some(name) => vec![
            Transform::ALL
                .into_iter()
                .find(|candidate| candidate.name() == name)
                .ok_or_else(|| {
                    CliError::Usage(format!(
                        "`{name}` is not a transformation; one of: {}",
                        Transform::ALL.map(Transform::name).join(", ")
                    ))
                })?,
        ],
        None => Transform::ALL.to_vec(),
    };
    let tree = crate::engine::parse(language, &text, None)
        .ok_or_else(|| CliError::Other(anyhow::anyhow!("the parser gave no tree")))?;
    let mut out = std::io::stdout().lock();
    for transform in transforms {
        let variant = if transform.is_file_wide() {
            variants::file_variant(language, &text, &tree, transform).map(|text| (text, vec![line]))
        } else {
            variants::case_variant(language, &text, &tree, line, transform)
                .map(|variant| (variant.text, variant.lines))
        };
        match variant {
            Some((text, lines)) => writeln!(
                out,
                "=== {} (case on line {})\n{text}",
                transform.name(),
                lines
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None => writeln!(out, "=== {} (does not apply)", transform.name()),
        }
        .context("writing the variants")?;
    }
    Ok(Outcome::Clean)
}

/// A source file and its language: from `--language`, else from its name or first line.
fn read_source(file: &Path, language: Option<&str>) -> Result<(String, Language), CliError> {
    let text = std::fs::read_to_string(file)
        .map_err(|error| CliError::Usage(format!("cannot read {}: {error}", file.display())))?;
    let language = match language {
        Some("tsx") => Language::Tsx,
        Some(name) => Language::from_rule_name(name)
            .map(|grammars| grammars[0])
            .ok_or_else(|| {
                CliError::Usage(format!(
                    "`{name}` is not one of python, javascript, typescript, tsx, java, go"
                ))
            })?,
        None => {
            Language::from_path(file, text.lines().next().unwrap_or_default()).ok_or_else(|| {
                CliError::Usage(format!(
                    "cannot tell the language of {}; pass --language",
                    file.display()
                ))
            })?
        }
    };
    Ok((text, language))
}

pub fn parse(file: &Path, language: Option<&str>) -> Result<Outcome, CliError> {
    let (text, language) = read_source(file, language)?;
    let tree = crate::engine::parse(language, &text, None)
        .ok_or_else(|| CliError::Other(anyhow::anyhow!("the parser gave no tree")))?;
    let mut out = std::io::stdout().lock();
    let resolver = crate::engine::resolve::Resolver::new(language, tree.root_node(), &text);
    print_tree(&mut out, &resolver, tree.root_node(), None, 0, &text)
        .context("writing the tree")?;
    Ok(Outcome::Clean)
}

/// The tree, a node a line, with what `qualified:` (the names of calls, attributes and
/// types) and `type:` conditions see.
fn print_tree<'tree>(
    out: &mut impl Write,
    resolver: &crate::engine::resolve::Resolver<'tree>,
    node: tree_sitter::Node<'tree>,
    field: Option<&str>,
    depth: usize,
    text: &str,
) -> std::io::Result<()> {
    let indent = "  ".repeat(depth);
    let field = field.map(|field| format!("{field}: ")).unwrap_or_default();
    let start = node.start_position();
    let leaf = if node.named_child_count() == 0 {
        let content = &text[node.byte_range()];
        format!(" {content:?}")
    } else {
        String::new()
    };
    let mut resolved = String::new();
    let names = resolver.names(node, text);
    if node.named_child_count() > 0 && !names.is_empty() {
        resolved.push_str(&format!("  qualified: {}", names.join(" | ")));
    }
    if let Some(kind) = resolver.type_of(node, text) {
        resolved.push_str(&format!("  type: {kind}"));
    }
    writeln!(
        out,
        "{indent}{field}({}) [{}:{}]{leaf}{resolved}",
        node.kind(),
        start.row + 1,
        start.column + 1
    )?;
    let mut cursor = node.walk();
    if cursor.goto_first_child() {
        loop {
            let child = cursor.node();
            if child.is_named() {
                print_tree(out, resolver, child, cursor.field_name(), depth + 1, text)?;
            }
            if !cursor.goto_next_sibling() {
                break;
            }
        }
    }
    Ok(())
}
