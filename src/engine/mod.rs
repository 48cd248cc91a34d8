//! The scanning engine: one document and a rule set in, findings and errors out.
//!
//! Pure and synchronous: no IO, no async, no LSP or wire types. Never fails as a whole: a
//! rule that errors or panics is reported in `FileScan::errors` and the others still run.
//! Long work checks the cancel token between rules.

pub mod constants;
pub mod fields;
pub mod fix;
pub mod fixture;
pub mod hosts;
pub mod pattern;
pub mod resolve;
pub mod ruletest;
pub mod secret_shape;
pub mod secrets;
pub mod structural;
pub mod suppress;
pub mod taint;
pub mod variants;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use sha2::Digest;
use tree_sitter::Tree;

use crate::lang::{self, Language};
use crate::rules::{Rule, RuleKind, RuleSet, Severity};
use crate::text::{Encoding, LineIndex, Position};

/// A document to scan: its path (repo-relative where known; it feeds fingerprints), its
/// language (`None`: a text file, secrets only) and its text.
#[derive(Debug, Clone, Copy)]
pub struct Document<'a> {
    pub path: &'a str,
    pub language: Option<Language>,
    pub text: &'a str,
}

/// Shared flag that stops long work early.
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// A range of the document: bytes, and zero-based line/column with UTF-8 byte columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Span {
    pub start_byte: usize,
    pub end_byte: usize,
    pub start: Position,
    pub end: Position,
}

impl Span {
    pub fn new(index: &LineIndex, text: &str, start_byte: usize, end_byte: usize) -> Span {
        Span {
            start_byte,
            end_byte,
            start: index.position(text, start_byte, Encoding::Utf8),
            end: index.position(text, end_byte, Encoding::Utf8),
        }
    }
}

/// Replace `start_byte..end_byte` with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Edit {
    pub start_byte: usize,
    pub end_byte: usize,
    pub replacement: String,
}

/// A set of edits that together remediate one finding.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Fix {
    pub description: String,
    pub edits: Vec<Edit>,
}

/// One problem found in a document.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: Arc<Rule>,
    pub severity: Severity,
    pub message: String,
    pub span: Span,
    /// The source lines of the match (at most five), secrets redacted.
    pub snippet: Vec<(u32, String)>,
    pub fixes: Vec<Fix>,
    /// Stable across lines moving: rule, path and the normalised matched text.
    pub fingerprint: String,
    /// For taint findings: where the tainted value came from.
    pub source: Option<Span>,
    /// For taint findings reported where the value is made (a weak generator): where it is
    /// used.
    pub sink: Option<Span>,
}

/// A `codeward-ignore` comment that silenced nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnusedSuppression {
    pub line: u32,
    pub rule_id: String,
}

/// A rule that could not run on this document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("rule {rule_id} failed on {path}: {message}")]
pub struct EngineError {
    pub rule_id: String,
    pub path: String,
    pub message: String,
}

/// What scanning one document produced.
#[derive(Debug, Clone, Default)]
pub struct FileScan {
    pub findings: Vec<Finding>,
    pub errors: Vec<EngineError>,
    pub unused_suppressions: Vec<UnusedSuppression>,
    pub suppressed: usize,
    pub cancelled: bool,
}

/// Parses `text`, reusing `old` (already `edit`ed) when given.
pub fn parse(language: Language, text: &str, old: Option<&Tree>) -> Option<Tree> {
    lang::parser(language).parse(text, old)
}

/// Parses and scans a document.
pub fn scan(document: &Document<'_>, rules: &RuleSet, cancel: &CancelToken) -> FileScan {
    let tree = document
        .language
        .and_then(|language| parse(language, document.text, None));
    scan_tree(document, tree.as_ref(), rules, cancel)
}

/// Scans a document whose syntax tree is already parsed (`None` for text files).
pub fn scan_tree(
    document: &Document<'_>,
    tree: Option<&Tree>,
    rules: &RuleSet,
    cancel: &CancelToken,
) -> FileScan {
    let index = LineIndex::new(document.text);
    scan_part(document, tree, rules, cancel, &index, None)
}

/// Parses only `ranges` of the text (whole lines, sorted, apart: e.g. a file's imports and
/// one top-level definition): a tree with the document's own positions that holds just
/// those parts. Costs what the ranges cost, not what the file costs.
pub fn parse_ranges(
    language: Language,
    text: &str,
    index: &LineIndex,
    ranges: &[std::ops::Range<usize>],
) -> Option<Tree> {
    let point = |byte: usize| {
        let position = index.position(text, byte, Encoding::Utf8);
        tree_sitter::Point {
            row: position.line as usize,
            column: position.column as usize,
        }
    };
    let ranges: Vec<tree_sitter::Range> = ranges
        .iter()
        .map(|range| tree_sitter::Range {
            start_byte: range.start,
            end_byte: range.end,
            start_point: point(range.start),
            end_point: point(range.end),
        })
        .collect();
    let mut parser = lang::parser(language);
    parser.set_included_ranges(&ranges).ok()?;
    parser.parse(text, None)
}

/// Scans only `regions` of a document (sorted, apart), with `tree` from [`parse_ranges`]
/// and `index` the document's line index: the findings (and unused suppressions) inside
/// them. Rules see what the tree holds: flows through helpers defined elsewhere in the file
/// are not followed. Reads only the regions' text (and the lines around them).
pub fn scan_region(
    document: &Document<'_>,
    tree: Option<&Tree>,
    rules: &RuleSet,
    cancel: &CancelToken,
    index: &LineIndex,
    regions: &[std::ops::Range<usize>],
) -> FileScan {
    scan_part(document, tree, rules, cancel, index, Some(regions))
}

fn scan_part(
    document: &Document<'_>,
    tree: Option<&Tree>,
    rules: &RuleSet,
    cancel: &CancelToken,
    index: &LineIndex,
    regions: Option<&[std::ops::Range<usize>]>,
) -> FileScan {
    let mut scan = FileScan::default();
    let mut raw: Vec<(Arc<Rule>, RawFinding)> = Vec::new();
    // The taint analysis's index of the file is built on the matcher's walk.
    let taint_index = std::cell::OnceCell::new();
    // Branches that never run, found on the same walk.
    let mut dead = constants::DeadCode::default();
    let (code_rules, table) = match (document.language, tree) {
        (Some(language), Some(tree)) => {
            let queries = rules.queries_for(language);
            let table = catch_unwind(AssertUnwindSafe(|| {
                let root = tree.root_node();
                let mut builder = taint::FileIndexBuilder::new(language, root, document.text);
                let (table, visited) = pattern::MatchTable::build_visiting(
                    &queries,
                    root,
                    document.text,
                    cancel,
                    &mut |node| {
                        builder.visit(node);
                        dead.visit(language, node, document.text);
                    },
                );
                if visited {
                    let _ = taint_index.set(builder.finish());
                }
                table
            }));
            match table {
                Ok(table) => (rules.for_language(language), table),
                Err(panic) => {
                    scan.errors.push(EngineError {
                        rule_id: "*".to_owned(),
                        path: document.path.to_owned(),
                        message: format!("matching panicked: {}", panic_message(&panic)),
                    });
                    (&[][..], pattern::MatchTable::default())
                }
            }
        }
        _ => (&[][..], pattern::MatchTable::default()),
    };
    for rule in code_rules.iter().chain(rules.for_any_text()) {
        if cancel.is_cancelled() {
            scan.cancelled = true;
            break;
        }
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let mut found = run_rule(rule, document, tree, &table, &taint_index, cancel, regions);
            if let Some(regions) = regions {
                found.retain(|found| {
                    regions.iter().any(|region| {
                        region.start <= found.start_byte && found.end_byte <= region.end
                    })
                });
            }
            found
        }));
        match outcome {
            Ok(found) => raw.extend(found.into_iter().map(|found| (Arc::clone(rule), found))),
            Err(panic) => scan.errors.push(EngineError {
                rule_id: rule.meta.id.clone(),
                path: document.path.to_owned(),
                message: format!("the rule panicked: {}", panic_message(&panic)),
            }),
        }
    }
    if !dead.is_empty() {
        // A finding in code that never runs, or fed only by a source there, is not one.
        raw.retain(|(_, found)| {
            !dead.contains(found.start_byte, found.end_byte)
                && [found.source, found.sink]
                    .into_iter()
                    .flatten()
                    .all(|(start, end)| !dead.contains(start, end))
        });
    }
    raw.sort_by_key(|(rule, found)| (found.start_byte, found.end_byte, rule.meta.id.clone()));
    let suppressions = match regions {
        None => suppress::parse(document.text),
        Some(regions) => region_suppressions(document.text, index, regions),
    };
    let mut used = vec![false; suppressions.len()];
    let mut ordinals: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (rule, found) in raw {
        let span = Span::new(index, document.text, found.start_byte, found.end_byte);
        if let Some(position) = suppressions
            .iter()
            .position(|suppression| suppression.covers(&rule.meta.id, span.start.line))
        {
            used[position] = true;
            scan.suppressed += 1;
            continue;
        }
        let matched = &document.text[found.start_byte..found.end_byte];
        let base = fingerprint(&rule.meta.id, document.path, matched);
        let ordinal = ordinals.entry(base.clone()).or_default();
        let fingerprint = if *ordinal == 0 {
            base.clone()
        } else {
            fingerprint(&base, &ordinal.to_string(), "")
        };
        *ordinal += 1;
        let redact =
            matches!(rule.kind, RuleKind::Secret(_)).then_some((found.start_byte, found.end_byte));
        scan.findings.push(Finding {
            severity: rule.meta.severity,
            message: rule.meta.message.clone(),
            snippet: snippet(index, document.text, &span, redact),
            fixes: found.fixes,
            fingerprint,
            source: found
                .source
                .map(|(start, end)| Span::new(index, document.text, start, end)),
            sink: found
                .sink
                .map(|(start, end)| Span::new(index, document.text, start, end)),
            span,
            rule,
        });
    }
    for (suppression, used) in suppressions.iter().zip(used) {
        if used {
            continue;
        }
        for rule_id in &suppression.rule_ids {
            scan.unused_suppressions.push(UnusedSuppression {
                line: suppression.line,
                rule_id: rule_id.clone(),
            });
        }
    }
    scan
}

/// The suppression comments on the lines of `regions` and the line around each.
fn region_suppressions(
    text: &str,
    index: &LineIndex,
    regions: &[std::ops::Range<usize>],
) -> Vec<suppress::Suppression> {
    let mut suppressions: Vec<suppress::Suppression> = Vec::new();
    for region in regions {
        let first = index.line_of(region.start).saturating_sub(1);
        let last = index.line_of(region.end) + 1;
        let start = index.line_range(text, first).start;
        let end = index.line_range(text, last).end;
        let found = suppress::parse(text.get(start..end).unwrap_or_default());
        suppressions.extend(found.into_iter().map(|mut suppression| {
            suppression.line += first as u32;
            suppression
        }));
    }
    suppressions.sort_by_key(|suppression| suppression.line);
    suppressions.dedup_by_key(|suppression| suppression.line);
    suppressions
}

/// A match before positions, suppressions and fingerprints are worked out.
#[derive(Debug, Clone)]
pub struct RawFinding {
    pub start_byte: usize,
    pub end_byte: usize,
    pub fixes: Vec<Fix>,
    pub source: Option<(usize, usize)>,
    pub sink: Option<(usize, usize)>,
}

fn run_rule<'a, 'tree>(
    rule: &Rule,
    document: &Document<'a>,
    tree: Option<&'tree Tree>,
    table: &pattern::MatchTable<'tree>,
    taint_index: &'a std::cell::OnceCell<taint::FileIndex<'a, 'tree>>,
    cancel: &CancelToken,
    regions: Option<&[std::ops::Range<usize>]>,
) -> Vec<RawFinding> {
    match &rule.kind {
        RuleKind::Secret(matcher) => {
            let whole = 0..document.text.len();
            let regions = regions.unwrap_or(std::slice::from_ref(&whole));
            regions
                .iter()
                .flat_map(|region| {
                    secrets::find(
                        matcher,
                        document.path,
                        document.text.get(region.clone()).unwrap_or_default(),
                    )
                    .into_iter()
                    .map(|range| RawFinding {
                        start_byte: region.start + range.start,
                        end_byte: region.start + range.end,
                        fixes: Vec::new(),
                        source: None,
                        sink: None,
                    })
                })
                .collect()
        }
        RuleKind::Pattern(per_language) => {
            let (Some(language), Some(_)) = (document.language, tree) else {
                return Vec::new();
            };
            let Some(selectors) = per_language.get(&language) else {
                return Vec::new();
            };
            let mut found_all: Vec<RawFinding> = Vec::new();
            // A node an earlier query of the rule reported is not reported again.
            let mut earlier = std::collections::HashSet::new();
            for selector in selectors.iter() {
                let first_new = found_all.len();
                for found in pattern::find(selector, table, document.text) {
                    let (start_byte, end_byte) = (found.focus.start_byte(), found.focus.end_byte());
                    if earlier.contains(&(start_byte, end_byte)) {
                        continue;
                    }
                    found_all.push(RawFinding {
                        start_byte,
                        end_byte,
                        fixes: rule
                            .fix
                            .as_ref()
                            .and_then(|template| {
                                fix::instantiate(template, selector, &found, document.text)
                            })
                            .into_iter()
                            .collect(),
                        source: None,
                        sink: None,
                    });
                }
                earlier.extend(
                    found_all[first_new..]
                        .iter()
                        .map(|known| (known.start_byte, known.end_byte)),
                );
            }
            found_all
        }
        RuleKind::Taint(per_language) => {
            let (Some(language), Some(tree)) = (document.language, tree) else {
                return Vec::new();
            };
            let Some(spec) = per_language.get(&language) else {
                return Vec::new();
            };
            let found = taint::find(
                spec,
                language,
                table,
                taint_index,
                tree.root_node(),
                document.text,
                cancel,
            );
            if spec.at_source {
                // One finding per source, at the source, with the first sink it reaches.
                let mut seen = std::collections::HashSet::new();
                return found
                    .into_iter()
                    .filter(|found| seen.insert(found.source))
                    .map(|found| RawFinding {
                        start_byte: found.source.0,
                        end_byte: found.source.1,
                        fixes: Vec::new(),
                        source: None,
                        sink: Some(found.sink),
                    })
                    .collect();
            }
            // One finding per place: the first source of a sink, and the innermost of sinks
            // that hold one another (`jsonify(detail=trace)` inside `return jsonify(...), 500`).
            let mut found = found;
            found.sort_by_key(|found| (found.sink.0, std::cmp::Reverse(found.sink.1)));
            found.dedup_by_key(|found| found.sink);
            let nested = |outer: &taint::TaintFinding, inner: &taint::TaintFinding| {
                outer.sink != inner.sink
                    && outer.sink.0 <= inner.sink.0
                    && inner.sink.1 <= outer.sink.1
            };
            let kept: Vec<taint::TaintFinding> = found
                .iter()
                .filter(|outer| !found.iter().any(|inner| nested(outer, inner)))
                .cloned()
                .collect();
            kept.into_iter()
                .map(|found| RawFinding {
                    start_byte: found.sink.0,
                    end_byte: found.sink.1,
                    fixes: Vec::new(),
                    source: Some(found.source),
                    sink: None,
                })
                .collect()
        }
    }
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(text) = panic.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = panic.downcast_ref::<String>() {
        text.clone()
    } else {
        "unknown panic".to_owned()
    }
}

/// SHA-256 over the rule id, the path and the matched text without whitespace, so that
/// re-indenting or re-wrapping a match keeps its fingerprint.
pub fn fingerprint(rule_id: &str, path: &str, matched: &str) -> String {
    let normalised: String = matched.split_whitespace().collect();
    let mut hasher = sha2::Sha256::new();
    for part in [rule_id, path, &normalised] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    crate::rules::hex(&hasher.finalize()[..16])
}

fn snippet(
    index: &LineIndex,
    text: &str,
    span: &Span,
    redact: Option<(usize, usize)>,
) -> Vec<(u32, String)> {
    let first = span.start.line;
    let last = span.end.line.min(first + 4);
    (first..=last)
        .map(|line| {
            let range = index.line_range(text, line as usize);
            let mut content = text[range.clone()].to_owned();
            if let Some((start, end)) = redact {
                let start = start.clamp(range.start, range.end);
                let end = end.clamp(range.start, range.end);
                if start < end {
                    let secret = &text[start..end];
                    content.replace_range(
                        start - range.start..end - range.start,
                        &secrets::redact(secret),
                    );
                }
            }
            (line + 1, content)
        })
        .collect()
}
