//! Selector matching: run a rule's tree-sitter query and keep the matches whose
//! conditions hold. Shared by pattern rules and by taint specs (sources, sinks, sanitizers).
//!
//! No IO, no state between calls.

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::sync::Arc;

use streaming_iterator::StreamingIterator;
use tree_sitter::{Node, QueryCursor};

use crate::engine::fields::Fields;
use crate::engine::hosts;
use crate::engine::secret_shape;

use crate::engine::resolve::Resolver;
use crate::engine::structural::{Aliases, alias_of};
use crate::lang::Language;
use crate::rules::query::CombinedQuery;
use crate::rules::{ArgumentTest, Condition, Needles, Resolved, Selector};

/// One accepted match: the focus node plus every capture, by capture index.
#[derive(Debug, Clone)]
pub struct Match<'tree> {
    pub focus: Node<'tree>,
    pub captures: Vec<(u32, Node<'tree>)>,
}

impl<'tree> Match<'tree> {
    pub fn capture(&self, index: u32) -> Option<Node<'tree>> {
        self.captures
            .iter()
            .find(|(capture, _)| *capture == index)
            .map(|(_, node)| *node)
    }
}

/// The captures of one raw match, by the part's local capture index.
type Captures<'tree> = Vec<(u32, Node<'tree>)>;

/// Every match of every query part on one tree: one walk per combined query (one per
/// grammar, for the built-in pack), whatever the number of rules.
#[derive(Debug, Default)]
pub struct MatchTable<'tree> {
    by_part: HashMap<u32, Vec<Captures<'tree>>>,
    /// The tree walked and its language, for the resolver.
    root: Option<(Language, Node<'tree>)>,
    /// The file's names and types, built when a condition first asks.
    resolver: OnceCell<Option<Resolver<'tree>>>,
    /// Whether the text holds one of a list of words, by the list's address.
    needles: RefCell<HashMap<usize, bool>>,
    /// The file's aliased imports, which text conditions see through.
    aliases: Aliases,
}

impl<'tree> MatchTable<'tree> {
    /// Runs `queries` over the tree under `root` (the structural patterns, then the rest of
    /// each query through a tree-sitter cursor); stops
    /// early, with what it has, once `cancel` is set.
    pub fn build(
        queries: &[Arc<CombinedQuery>],
        root: Node<'tree>,
        text: &str,
        cancel: &crate::engine::CancelToken,
    ) -> MatchTable<'tree> {
        Self::build_visiting(queries, root, text, cancel, &mut |_| {}).0
    }

    /// [`MatchTable::build`], showing every node under `root` to `visit` on the way; the
    /// flag says whether it saw them all (not if there is no query, or on cancel).
    pub fn build_visiting(
        queries: &[Arc<CombinedQuery>],
        root: Node<'tree>,
        text: &str,
        cancel: &crate::engine::CancelToken,
        visit: &mut dyn FnMut(Node<'tree>),
    ) -> (MatchTable<'tree>, bool) {
        let mut table = MatchTable {
            root: queries.first().map(|combined| (combined.language, root)),
            ..MatchTable::default()
        };
        // Aliased imports are seen while matching, so the resolver is built first when the
        // file may have one.
        let aliases = match table.root {
            Some((language, _)) if may_alias(language, text) => table
                .resolver(text)
                .map(Resolver::aliases)
                .unwrap_or_default(),
            _ => Aliases::new(),
        };
        let mut cursor = QueryCursor::new();
        let mut visited = false;
        for combined in queries {
            let visit: &mut dyn FnMut(Node<'tree>) = if visited { &mut |_| {} } else { visit };
            let completed = combined.structural.run_visiting(
                root,
                text,
                &aliases,
                || cancel.is_cancelled(),
                visit,
                |index, captures| {
                    if combined.wanted(index as usize, &captures, text, &aliases) {
                        let id = combined.part_id(index as usize);
                        table.by_part.entry(id).or_default().push(captures);
                    }
                },
            );
            if !completed {
                return (table, false);
            }
            visited = true;
            if !combined.query_enabled {
                continue;
            }
            let mut matches = cursor.matches(&combined.query, root, text.as_bytes());
            while let Some(query_match) = matches.next() {
                if cancel.is_cancelled() {
                    return (table, false);
                }
                let (index, locals) = combined.part_of(query_match.pattern_index);
                let captures: Captures<'tree> = query_match
                    .captures()
                    .iter()
                    .filter_map(|capture| {
                        locals[capture.index as usize].map(|local| (local, capture.node))
                    })
                    .collect();
                if combined.wanted(index, &captures, text, &aliases) {
                    let id = combined.part_id(index);
                    table.by_part.entry(id).or_default().push(captures);
                }
            }
        }
        table.aliases = aliases;
        (table, visited)
    }

    pub fn is_empty(&self) -> bool {
        self.by_part.is_empty()
    }

    /// Whether `text` holds one of `needles`, asked once per list and file.
    fn holds_any(&self, needles: &Needles, text: &str) -> bool {
        let key = needles.words.as_ptr() as usize;
        if let Some(known) = self.needles.borrow().get(&key) {
            return *known;
        }
        let found = needles.found_in(text);
        self.needles.borrow_mut().insert(key, found);
        found
    }

    /// The resolver of the tree this table was built on.
    pub fn resolver(&self, text: &str) -> Option<&Resolver<'tree>> {
        self.resolver
            .get_or_init(|| {
                self.root
                    .map(|(language, root)| Resolver::new(language, root, text))
            })
            .as_ref()
    }

    fn part(&self, id: u32) -> &[Captures<'tree>] {
        self.by_part.get(&id).map(Vec::as_slice).unwrap_or_default()
    }
}

/// Every match of `selector` in `table` whose conditions hold, in document order and
/// without duplicate focus nodes.
pub fn find<'tree>(
    selector: &Selector,
    table: &MatchTable<'tree>,
    text: &str,
) -> Vec<Match<'tree>> {
    let mut found: Vec<Match<'tree>> = Vec::new();
    let mut inside_ranges: Vec<Option<Vec<(usize, usize)>>> = vec![None; selector.conditions.len()];
    for captures in table.part(selector.part.id) {
        let Some(focus) = captures
            .iter()
            .find(|(index, _)| *index == selector.focus)
            .map(|(_, node)| *node)
        else {
            continue;
        };
        let candidate = Match {
            focus,
            captures: captures.clone(),
        };
        let accepted = selector
            .conditions
            .iter()
            .enumerate()
            .all(|(index, condition)| {
                holds(
                    condition,
                    &candidate,
                    table,
                    text,
                    &mut inside_ranges[index],
                )
            });
        if accepted && !found.iter().any(|known| known.focus == focus) {
            found.push(candidate);
        }
    }
    found.sort_by_key(|found| (found.focus.start_byte(), found.focus.end_byte()));
    found
}

fn holds<'tree>(
    condition: &Condition,
    candidate: &Match<'tree>,
    table: &MatchTable<'tree>,
    text: &str,
    inside_cache: &mut Option<Vec<(usize, usize)>>,
) -> bool {
    match condition {
        Condition::Text { capture, test } => candidate.capture(*capture).is_some_and(|node| {
            let spelled = node_text(node, text);
            let accepted = test.accepts(spelled);
            // An aliased import (`import hashlib as h`) is tested as what it stands for
            // too: a rule that says `hashlib` means the module, whatever the file calls it.
            if accepted == test.is_negative()
                && let Some(standing_for) = alias_of(&table.aliases, node, spelled)
            {
                return test.accepts(standing_for);
            }
            accepted
        }),
        Condition::Inside {
            part,
            capture,
            negate,
        } => {
            let ranges = inside_cache.get_or_insert_with(|| {
                table
                    .part(part.id)
                    .iter()
                    .flatten()
                    .filter(|(index, _)| index == capture)
                    .map(|(_, node)| (node.start_byte(), node.end_byte()))
                    .collect()
            });
            let focus = candidate.focus;
            let inside = ranges
                .iter()
                .any(|(start, end)| *start <= focus.start_byte() && focus.end_byte() <= *end);
            inside != *negate
        }
        Condition::Argument { of, test, negate } => {
            let found = candidate
                .capture(*of)
                .is_some_and(|node| argument_matches(node, test, table, text));
            found != *negate
        }
        Condition::Host { capture, test } => candidate
            .capture(*capture)
            .is_some_and(|node| hosts::accepts(*test, node_text(node, text), node, text)),
        Condition::SecretLike { capture, shape } => {
            candidate.capture(*capture).is_some_and(|node| {
                secret_shape::accepts(shape, secret_shape::unquoted(node_text(node, text)))
            })
        }
        Condition::Resolved {
            capture,
            of,
            regex,
            needles,
        } => {
            if let Some(needles) = needles
                && !table.holds_any(needles, text)
            {
                return false;
            }
            let Some(node) = candidate.capture(*capture) else {
                return false;
            };
            let Some(resolver) = table.resolver(text) else {
                return matches!(of, Resolved::NotType);
            };
            // A member access ends every name in its member: a call of `cursor.execute`
            // cannot be `builtins.exec`, whatever `cursor` is.
            if let (Resolved::Names, Some(needles), Some(last)) =
                (of, needles, resolver.last_part(node))
                && !needles.admits_last_part(node_text(last, text))
            {
                return false;
            }
            match of {
                Resolved::Names => resolver
                    .names(node, text)
                    .iter()
                    .any(|name| regex.is_match(name)),
                Resolved::Type => resolver
                    .type_of(node, text)
                    .is_some_and(|kind| regex.is_match(&kind)),
                Resolved::NotType => resolver
                    .type_of(node, text)
                    .is_none_or(|kind| !regex.is_match(&kind)),
            }
        }
    }
}

/// The text of a node; empty if its range is not on char boundaries (never, for valid trees).
pub fn node_text<'text>(node: Node<'_>, text: &'text str) -> &'text str {
    text.get(node.start_byte()..node.end_byte())
        .unwrap_or_default()
}

/// The argument list of a call node, or the node itself if it is one.
pub fn argument_list(node: Node<'_>) -> Option<Node<'_>> {
    if node.kind().ends_with("arguments") || node.kind() == "argument_list" {
        return Some(node);
    }
    node.field("arguments")
}

const KEYWORD_ARGUMENT_KINDS: [&str; 1] = ["keyword_argument"];

/// Positional arguments of a call, without comments and keyword arguments.
pub fn positional_arguments(list: Node<'_>) -> Vec<Node<'_>> {
    let mut cursor = list.walk();
    list.named_children(&mut cursor)
        .filter(|child| {
            !child.is_extra()
                && child.kind() != "comment"
                && !KEYWORD_ARGUMENT_KINDS.contains(&child.kind())
        })
        .collect()
}

/// The value given for `keyword`: a Python keyword argument, or a key of an object literal
/// passed as an argument (JavaScript options objects).
pub fn keyword_argument<'tree>(
    list: Node<'tree>,
    keyword: &str,
    text: &str,
) -> Option<Node<'tree>> {
    keyword_argument_seeing(list, keyword, text, None)
}

/// `keyword_argument`, seeing through a name to the object literal it holds (JavaScript:
/// `const options = { shell: true }; spawn(cmd, args, options)`) when `resolver` is given.
/// A name whose property the file sets elsewhere (`options.shell = ...`) holds the keyword
/// as far as anyone can tell: the name itself is the value.
fn keyword_argument_seeing<'tree>(
    list: Node<'tree>,
    keyword: &str,
    text: &str,
    resolver: Option<&Resolver<'tree>>,
) -> Option<Node<'tree>> {
    let mut cursor = list.walk();
    for child in list.named_children(&mut cursor) {
        if matches!(
            child.kind(),
            "identifier" | "call_expression" | "member_expression" | "subscript_expression"
        ) && let Some(resolver) = resolver
            && let Some(object) = resolver
                .value_of(child, text)
                .filter(|value| value.kind() == "object")
        {
            let name = node_text(child, text);
            if text.contains(&format!("{name}.{keyword}")) {
                return Some(child);
            }
            if let Some(found) = object_property(object, keyword, text) {
                return Some(found);
            }
            continue;
        }
        match child.kind() {
            "keyword_argument" => {
                let name = child.field("name")?;
                if node_text(name, text) == keyword {
                    return child.field("value");
                }
            }
            "object" => {
                if let Some(found) = object_property(child, keyword, text) {
                    return Some(found);
                }
            }
            _ => {}
        }
    }
    None
}

/// The value of the property `keyword` of an object literal (a shorthand property is its
/// own value).
fn object_property<'tree>(object: Node<'tree>, keyword: &str, text: &str) -> Option<Node<'tree>> {
    let mut inner = object.walk();
    for pair in object.named_children(&mut inner) {
        if pair.kind() == "shorthand_property_identifier" && node_text(pair, text) == keyword {
            return Some(pair);
        }
        if pair.kind() != "pair" {
            continue;
        }
        let Some(key) = pair.field("key") else {
            continue;
        };
        let key_text = node_text(key, text).trim_matches(['"', '\'', '`']);
        if key_text == keyword {
            return pair.field("value");
        }
    }
    None
}

fn argument_matches<'tree>(
    node: Node<'tree>,
    test: &ArgumentTest,
    table: &MatchTable<'tree>,
    text: &str,
) -> bool {
    let Some(list) = argument_list(node) else {
        return false;
    };
    let value = if let Some(keyword) = &test.keyword {
        // Only JavaScript and TypeScript options objects are seen through (and only their
        // files need the resolver built for it).
        let sees_names = table.root.is_some_and(|(language, _)| {
            matches!(
                language,
                Language::JavaScript | Language::TypeScript | Language::Tsx
            )
        });
        let resolver = if sees_names {
            table.resolver(text)
        } else {
            None
        };
        keyword_argument_seeing(list, keyword, text, resolver)
    } else {
        let position = test.position.unwrap_or_default();
        positional_arguments(list).get(position).copied()
    };
    match (value, &test.regex) {
        (None, _) => false,
        (Some(_), None) => true,
        (Some(value), Some(regex)) => regex.is_match(node_text(value, text)),
    }
}

/// Whether a file of `language` may bind an import to another name: `as` in Python and ES
/// imports, renamed `require` destructuring, Go import names; or import a whole Python
/// module whose members it may name through it (`import flask`). Java has no aliases.
fn may_alias(language: Language, text: &str) -> bool {
    match language {
        Language::Java => false,
        Language::Go => text.contains("import"),
        Language::Python => {
            text.contains(" as ") || text.starts_with("import ") || text.contains("\nimport ")
        }
        Language::JavaScript | Language::TypeScript | Language::Tsx => {
            text.contains(" as ") || text.contains("require(")
        }
    }
}
