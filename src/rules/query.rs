//! Queries, combined: every query text of a language (rules, models, `inside` conditions)
//! is compiled into one tree-sitter query, so that loading a pack analyses each grammar
//! once and scanning a file walks its tree once, whatever the number of rules.
//!
//! A rule keeps a [`QueryPart`]: its own text, its capture names (local indices, in order
//! of first appearance) and, once the language's query is built, where its patterns sit in
//! the combined query. A [`QueryPlan`] holds the parts of one compile and builds each
//! language's query the first time it is needed (analysing a grammar's queries takes most of
//! the time of loading a pack, so a Python project never pays for TypeScript; the built-in
//! pack's parts within the structural subset skip that analysis altogether). No matching
//! here: that is the engine's job.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};

use tree_sitter::{Query, QueryError};

use super::RuleError;
use crate::lang::Language;

/// The parts of one compile of rule files, and each language's combined query, built once
/// on first use.
#[derive(Debug, Default)]
pub struct QueryPlan {
    parts: Mutex<HashMap<(Language, String), Arc<QueryPart>>>,
    /// Compiled regexes by pattern: rules and the models they share repeat the same ones, and
    /// a clone shares the compiled program and its caches.
    regexes: Mutex<HashMap<String, regex::Regex>>,
    sites: Mutex<HashMap<u32, QuerySite>>,
    built: [OnceLock<Built>; Language::ALL.len()],
}

#[derive(Debug, Default)]
struct Built {
    combined: Option<Arc<CombinedQuery>>,
    errors: Vec<(u32, RuleError)>,
}

/// Where a query text sits in a rule file: the file, the field, and the line of its key.
#[derive(Debug, Clone)]
pub(super) struct QuerySite {
    pub path: String,
    pub field: String,
    pub key_line: Option<usize>,
    pub multiline: bool,
}

impl QuerySite {
    fn error(&self, error: &QueryError, language: Language) -> RuleError {
        RuleError {
            path: self.path.clone(),
            line: self
                .key_line
                .map(|line| line + error.row + usize::from(self.multiline)),
            field: self.field.clone(),
            message: format!(
                "the {language} query does not compile: {:?} error at query line {}, column {}: {}",
                error.kind,
                error.row + 1,
                error.column + 1,
                error.message.lines().next().unwrap_or_default()
            ),
        }
    }
}

impl QueryPlan {
    /// The compiled `pattern`, compiled once per plan.
    pub fn regex(&self, pattern: &str) -> Result<regex::Regex, regex::Error> {
        let mut known = self
            .regexes
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        if let Some(regex) = known.get(pattern) {
            return Ok(regex.clone());
        }
        let regex = regex::Regex::new(pattern)?;
        known.insert(pattern.to_owned(), regex.clone());
        Ok(regex)
    }

    /// The part for a query text, shared by every rule that writes the same text; `site`
    /// (the first writer) is where a compile error is reported.
    pub(super) fn part(
        self: &Arc<Self>,
        language: Language,
        source: &str,
        site: impl FnOnce() -> QuerySite,
    ) -> Arc<QueryPart> {
        let part = Arc::clone(
            self.parts
                .lock()
                .unwrap_or_else(|poison| poison.into_inner())
                .entry((language, source.to_owned()))
                .or_insert_with(|| {
                    Arc::new(QueryPart::new(language, source, Arc::downgrade(self)))
                }),
        );
        self.sites
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
            .entry(part.id)
            .or_insert_with(site);
        part
    }

    /// The combined query of `language`, built on first use (`None`: no part compiles).
    pub fn combined(&self, language: Language) -> Option<Arc<CombinedQuery>> {
        self.build(language).combined.clone()
    }

    /// Builds the queries of `languages` now (in parallel) and returns the errors of the
    /// parts that do not compile, with the part ids they belong to.
    pub fn prepare(&self, languages: &[Language]) -> Vec<(u32, RuleError)> {
        use rayon::prelude::*;
        languages
            .par_iter()
            .flat_map_iter(|language| self.build(*language).errors.clone())
            .collect()
    }

    fn build(&self, language: Language) -> &Built {
        let slot = Language::ALL
            .iter()
            .position(|known| *known == language)
            .expect("every language is in ALL");
        self.built[slot].get_or_init(|| {
            let mut parts: Vec<Arc<QueryPart>> = self
                .parts
                .lock()
                .unwrap_or_else(|poison| poison.into_inner())
                .values()
                .filter(|part| part.language == language)
                .cloned()
                .collect();
            parts.sort_by_key(|part| part.id);
            let sites = self
                .sites
                .lock()
                .unwrap_or_else(|poison| poison.into_inner());
            // The pack's own parts within the structural subset skip tree-sitter's analysis
            // (most of the time of loading a pack): the pack's tests compile each of them
            // with tree-sitter too. A user's rules are always checked by tree-sitter.
            let grammar = language.grammar();
            let (precompiled, checked): (Vec<_>, Vec<_>) = parts
                .into_iter()
                .map(|part| {
                    let builtin = sites
                        .get(&part.id)
                        .is_some_and(|site| site.path.starts_with(super::BUILTIN_PREFIX));
                    let patterns = builtin
                        .then(|| {
                            super::structural::compile(&grammar, &part.source, |name| {
                                part.capture_index(name)
                            })
                        })
                        .flatten();
                    (part, patterns)
                })
                .partition(|(_, patterns)| patterns.is_some());
            let precompiled: Vec<(Arc<QueryPart>, Vec<super::structural::Pattern>)> = precompiled
                .into_iter()
                .filter_map(|(part, patterns)| Some((part, patterns?)))
                .collect();
            let checked: Vec<Arc<QueryPart>> = checked.into_iter().map(|(part, _)| part).collect();
            let failures = combine(language, &checked, precompiled);
            let errors = failures
                .iter()
                .filter_map(|failure| {
                    let site = sites.get(&failure.part)?;
                    Some((failure.part, site.error(&failure.error, language)))
                })
                .collect();
            let combined = self
                .parts
                .lock()
                .unwrap_or_else(|poison| poison.into_inner())
                .values()
                .filter(|part| part.language == language)
                .find_map(|part| part.combined().cloned());
            Built { combined, errors }
        })
    }
}

/// One query text of one language, as a rule or a model wrote it.
#[derive(Debug)]
pub struct QueryPart {
    /// Unique in this process: the key of this part's matches in a match table.
    pub id: u32,
    pub language: Language,
    pub source: String,
    capture_names: Vec<String>,
    plan: Weak<QueryPlan>,
    slot: OnceLock<Slot>,
    users: Mutex<Users>,
}

/// Which matches of a part its users want: all, or those that pass one user's text tests.
#[derive(Debug, Default, Clone)]
enum Users {
    /// No user registered yet: keep everything.
    #[default]
    Unknown,
    All,
    Filtered(Vec<Filter>),
}

/// The text tests of one user of a part: (local capture, test), all must pass.
pub type Filter = Vec<(u32, super::TextTest)>;

/// Where a part sits in its combined query.
#[derive(Debug)]
struct Slot {
    combined: Arc<CombinedQuery>,
}

impl QueryPart {
    fn new(language: Language, source: &str, plan: Weak<QueryPlan>) -> QueryPart {
        static NEXT_ID: AtomicU32 = AtomicU32::new(0);
        let source = match language {
            Language::TypeScript | Language::Tsx => super::awaited::widen(source),
            _ => source.to_owned(),
        };
        let source = source.as_str();
        QueryPart {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            language,
            source: source.to_owned(),
            capture_names: capture_names(source),
            plan,
            slot: OnceLock::new(),
            users: Mutex::new(Users::Unknown),
        }
    }

    /// Records a user of this part and the text tests its matches must pass (none: every
    /// match). Users register when rules compile, before the language's query is built.
    pub(super) fn register_use(&self, filter: Filter) {
        let mut users = self
            .users
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        *users = match std::mem::take(&mut *users) {
            _ if filter.is_empty() => Users::All,
            Users::All => Users::All,
            Users::Unknown => Users::Filtered(vec![filter]),
            Users::Filtered(mut filters) => {
                filters.push(filter);
                Users::Filtered(filters)
            }
        };
    }

    fn filters(&self) -> Option<Vec<Filter>> {
        match &*self
            .users
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
        {
            Users::Filtered(filters) => Some(filters.clone()),
            Users::Unknown | Users::All => None,
        }
    }

    /// The capture names of this text, in order of first appearance: the local indices.
    pub fn capture_names(&self) -> &[String] {
        &self.capture_names
    }

    pub fn capture_index(&self, name: &str) -> Option<u32> {
        self.capture_names
            .iter()
            .position(|known| known == name)
            .map(|index| index as u32)
    }

    /// The combined query this part was compiled into (`None` until it is built, or if
    /// this part did not compile).
    pub fn combined(&self) -> Option<&Arc<CombinedQuery>> {
        self.slot.get().map(|slot| &slot.combined)
    }

    /// The plan that builds this part's query.
    pub fn plan(&self) -> Option<Arc<QueryPlan>> {
        self.plan.upgrade()
    }
}

/// The `@name` captures of a query text, skipping strings and `;` comments.
fn capture_names(source: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut characters = source.char_indices().peekable();
    while let Some((index, character)) = characters.next() {
        match character {
            '"' => {
                while let Some((_, inner)) = characters.next() {
                    match inner {
                        '\\' => {
                            characters.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
            }
            ';' => {
                for (_, inner) in characters.by_ref() {
                    if inner == '\n' {
                        break;
                    }
                }
            }
            '@' => {
                let start = index + 1;
                let mut end = start;
                while let Some((position, inner)) = characters.peek().copied() {
                    if inner.is_alphanumeric() || matches!(inner, '_' | '-' | '.') {
                        end = position + inner.len_utf8();
                        characters.next();
                    } else {
                        break;
                    }
                }
                let name = &source[start..end];
                if !name.is_empty() && !names.iter().any(|known| known == name) {
                    names.push(name.to_owned());
                }
            }
            _ => {}
        }
    }
    names
}

/// The query of one language: many parts, one tree-sitter query, and the parts' patterns
/// that the engine matches itself ([`super::structural`]), disabled in the query.
#[derive(Debug)]
pub struct CombinedQuery {
    pub language: Language,
    pub query: Query,
    /// Whether `query` still has enabled patterns (parts outside the structural subset).
    pub query_enabled: bool,
    pub structural: crate::engine::structural::Dispatch,
    /// Per pattern of `query`: the index of its part in `parts`.
    part_of_pattern: Vec<usize>,
    /// Per part: its id, and per capture of `query`, the part's local index if it has one.
    parts: Vec<(u32, Vec<Option<u32>>)>,
    /// Per part: the text tests of which a match must pass one (`None`: keep every match).
    filters: Vec<Option<Vec<Filter>>>,
}

impl CombinedQuery {
    /// The part id a pattern belongs to, and the map from this query's capture indices to
    /// the part's local ones.
    pub fn part_of(&self, pattern_index: usize) -> (usize, &[Option<u32>]) {
        let index = self.part_of_pattern[pattern_index];
        (index, &self.parts[index].1)
    }

    /// The id of the part at `index`.
    pub fn part_id(&self, index: usize) -> u32 {
        self.parts[index].0
    }

    /// Whether some user of the part at `index` wants a match with these captures (local
    /// indices): it passes all the text tests of one user.
    pub fn wanted(
        &self,
        index: usize,
        captures: &[(u32, tree_sitter::Node<'_>)],
        text: &str,
        aliases: &crate::engine::structural::Aliases,
    ) -> bool {
        let Some(filters) = &self.filters[index] else {
            return true;
        };
        filters.iter().any(|filter| {
            filter.iter().all(|(capture, test)| {
                captures
                    .iter()
                    .find(|(index, _)| index == capture)
                    .is_some_and(|(_, node)| {
                        let spelled = crate::engine::pattern::node_text(*node, text);
                        test.accepts(spelled)
                            || crate::engine::structural::alias_of(aliases, *node, spelled)
                                .is_some_and(|standing_for| test.accepts(standing_for))
                    })
            })
        })
    }
}

/// A part that did not compile, with its own tree-sitter error (rows relative to it).
#[derive(Debug)]
pub struct PartError {
    pub part: u32,
    pub error: QueryError,
}

/// Builds the combined query of `parts` (all of one language) and links each part to it,
/// with the `precompiled` parts (already compiled to structural patterns, not given to
/// tree-sitter). Parts that do not compile are left out and come back as errors; the others
/// still work.
fn combine(
    language: Language,
    parts: &[Arc<QueryPart>],
    precompiled: Vec<(Arc<QueryPart>, Vec<super::structural::Pattern>)>,
) -> Vec<PartError> {
    let mut errors = Vec::new();
    let mut included: Vec<&Arc<QueryPart>> = parts.iter().collect();
    loop {
        if included.is_empty() && precompiled.is_empty() {
            return errors;
        }
        let mut source = String::new();
        let mut offsets = Vec::with_capacity(included.len());
        for part in &included {
            offsets.push(source.len());
            source.push_str(&part.source);
            source.push('\n');
        }
        match Query::new(&language.grammar(), &source) {
            Ok(query) => {
                link(language, query, &included, &offsets, precompiled);
                return errors;
            }
            Err(error) => {
                // Blame the part the error falls in, if it fails alone too (its own error
                // then has rows relative to it); otherwise find every part that fails alone.
                let index = offsets
                    .partition_point(|offset| *offset <= error.offset)
                    .saturating_sub(1);
                let failing: Vec<(usize, QueryError)> =
                    match Query::new(&language.grammar(), &included[index].source) {
                        Err(error) => vec![(index, error)],
                        Ok(_) => included
                            .iter()
                            .enumerate()
                            .filter_map(|(index, part)| {
                                Query::new(&language.grammar(), &part.source)
                                    .err()
                                    .map(|error| (index, error))
                            })
                            .collect(),
                    };
                if failing.is_empty() {
                    // Each compiles alone but not together: report it on the first part.
                    errors.push(PartError {
                        part: included[index].id,
                        error,
                    });
                    included.remove(index);
                    continue;
                }
                for (index, error) in failing.into_iter().rev() {
                    let part = included.remove(index);
                    errors.push(PartError {
                        part: part.id,
                        error,
                    });
                }
            }
        }
    }
}

fn link(
    language: Language,
    mut query: Query,
    included: &[&Arc<QueryPart>],
    offsets: &[usize],
    precompiled: Vec<(Arc<QueryPart>, Vec<super::structural::Pattern>)>,
) {
    let part_of_pattern: Vec<usize> = (0..query.pattern_count())
        .map(|pattern| {
            let start = query.start_byte_for_pattern(pattern);
            offsets
                .partition_point(|offset| *offset <= start)
                .saturating_sub(1)
        })
        .collect();
    let mut parts: Vec<Arc<QueryPart>> = included.iter().map(|part| Arc::clone(part)).collect();
    parts.extend(precompiled.iter().map(|(part, _)| Arc::clone(part)));
    let names = query.capture_names();
    let by_name: HashMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(index, name)| (*name, index))
        .collect();
    let part_maps: Vec<(u32, Vec<Option<u32>>)> = parts
        .iter()
        .map(|part| {
            let mut locals = vec![None; names.len()];
            for (local, name) in part.capture_names.iter().enumerate() {
                if let Some(global) = by_name.get(name.as_str()) {
                    locals[*global] = Some(local as u32);
                }
            }
            (part.id, locals)
        })
        .collect();
    let grammar = language.grammar();
    let mut structural =
        crate::engine::structural::Dispatch::seeing_qualified(&grammar, language.qualified_forms());
    let mut disabled = 0;
    for (index, part) in included.iter().enumerate() {
        let own: Vec<usize> = (0..part_of_pattern.len())
            .filter(|pattern| part_of_pattern[*pattern] == index)
            .collect();
        let Some(patterns) =
            super::structural::compile(&grammar, &part.source, |name| part.capture_index(name))
        else {
            continue;
        };
        if patterns.len() != own.len() {
            continue;
        }
        for pattern in &own {
            query.disable_pattern(*pattern);
        }
        disabled += own.len();
        structural.add(index as u32, patterns, part.filters().as_deref());
    }
    for (offset, (part, patterns)) in precompiled.into_iter().enumerate() {
        let index = included.len() + offset;
        structural.add(index as u32, patterns, part.filters().as_deref());
    }
    let combined = Arc::new(CombinedQuery {
        language,
        query_enabled: disabled < part_of_pattern.len(),
        structural,
        query,
        filters: parts.iter().map(|part| part.filters()).collect(),
        part_of_pattern,
        parts: part_maps,
    });
    for part in parts {
        let _ = part.slot.set(Slot {
            combined: Arc::clone(&combined),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capture_names_skip_strings_and_comments() {
        let names = capture_names(
            "; a @comment\n(call function: (identifier) @name (#eq? @name \"x@y\")) @call.site",
        );
        assert_eq!(names, ["name", "call.site"]);
    }

    #[test]
    fn bad_parts_are_left_out_and_the_rest_link() {
        let part = |source: &str| Arc::new(QueryPart::new(Language::Python, source, Weak::new()));
        let good = part("(call function: (identifier) @f) @call");
        let bad = part("(call\n  (nonsense) @x)");
        let other = part("(string) @s");
        let errors = combine(
            Language::Python,
            &[Arc::clone(&good), Arc::clone(&bad), Arc::clone(&other)],
            Vec::new(),
        );
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].part, bad.id);
        assert_eq!(errors[0].error.row, 1);
        assert!(bad.combined().is_none());
        let combined = good.combined().expect("linked");
        assert!(Arc::ptr_eq(combined, other.combined().expect("linked")));
        assert_eq!(combined.query.pattern_count(), 2);
        let (index, locals) = combined.part_of(1);
        assert_eq!(combined.part_id(index), other.id);
        let s = combined
            .query
            .capture_index_for_name("s")
            .expect("capture s") as usize;
        assert_eq!(locals[s], Some(0));
        let f = combined
            .query
            .capture_index_for_name("f")
            .expect("capture f") as usize;
        assert_eq!(locals[f], None);
    }
}
