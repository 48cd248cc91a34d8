//! Selector matching: run a rule's tree-sitter query and keep the matches whose
//! conditions hold. Shared by pattern rules and by taint specs (sources, sinks, sanitizers).
//!
//! No IO, no state between calls.

use streaming_iterator::StreamingIterator;
use tree_sitter::{Node, Query, QueryCursor};

use crate::rules::{ArgumentTest, Condition, Selector};

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

/// Every match of `selector` under `root` whose conditions hold, in document order and
/// without duplicate focus nodes.
pub fn find<'tree>(selector: &Selector, root: Node<'tree>, text: &str) -> Vec<Match<'tree>> {
    let mut cursor = QueryCursor::new();
    let mut found: Vec<Match<'tree>> = Vec::new();
    let mut inside_ranges: Vec<Option<Vec<(usize, usize)>>> = vec![None; selector.conditions.len()];
    let mut matches = cursor.matches(&selector.query, root, text.as_bytes());
    while let Some(query_match) = matches.next() {
        let captures: Vec<(u32, Node<'tree>)> = query_match
            .captures()
            .iter()
            .map(|capture| (capture.index, capture.node))
            .collect();
        let Some(focus) = captures
            .iter()
            .find(|(index, _)| *index == selector.focus)
            .map(|(_, node)| *node)
        else {
            continue;
        };
        let candidate = Match { focus, captures };
        let accepted = selector
            .conditions
            .iter()
            .enumerate()
            .all(|(index, condition)| {
                holds(condition, &candidate, root, text, &mut inside_ranges[index])
            });
        if accepted && !found.iter().any(|known| known.focus == focus) {
            found.push(candidate);
        }
    }
    found.sort_by_key(|found| (found.focus.start_byte(), found.focus.end_byte()));
    found
}

fn holds(
    condition: &Condition,
    candidate: &Match<'_>,
    root: Node<'_>,
    text: &str,
    inside_cache: &mut Option<Vec<(usize, usize)>>,
) -> bool {
    match condition {
        Condition::Text { capture, test } => candidate
            .capture(*capture)
            .is_some_and(|node| test.accepts(node_text(node, text))),
        Condition::Inside {
            query,
            capture,
            negate,
        } => {
            let ranges =
                inside_cache.get_or_insert_with(|| capture_ranges(query, *capture, root, text));
            let focus = candidate.focus;
            let inside = ranges
                .iter()
                .any(|(start, end)| *start <= focus.start_byte() && focus.end_byte() <= *end);
            inside != *negate
        }
        Condition::Argument { of, test, negate } => {
            let found = candidate
                .capture(*of)
                .is_some_and(|node| argument_matches(node, test, text));
            found != *negate
        }
    }
}

fn capture_ranges(query: &Query, capture: u32, root: Node<'_>, text: &str) -> Vec<(usize, usize)> {
    let mut cursor = QueryCursor::new();
    let mut ranges = Vec::new();
    let mut matches = cursor.matches(query, root, text.as_bytes());
    while let Some(query_match) = matches.next() {
        for found in query_match.captures() {
            if found.index == capture {
                ranges.push((found.node.start_byte(), found.node.end_byte()));
            }
        }
    }
    ranges
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
    node.child_by_field_name("arguments")
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
    let mut cursor = list.walk();
    for child in list.named_children(&mut cursor) {
        match child.kind() {
            "keyword_argument" => {
                let name = child.child_by_field_name("name")?;
                if node_text(name, text) == keyword {
                    return child.child_by_field_name("value");
                }
            }
            "object" => {
                let mut inner = child.walk();
                for pair in child.named_children(&mut inner) {
                    if pair.kind() == "shorthand_property_identifier"
                        && node_text(pair, text) == keyword
                    {
                        return Some(pair);
                    }
                    if pair.kind() != "pair" {
                        continue;
                    }
                    let Some(key) = pair.child_by_field_name("key") else {
                        continue;
                    };
                    let key_text = node_text(key, text).trim_matches(['"', '\'', '`']);
                    if key_text == keyword {
                        return pair.child_by_field_name("value");
                    }
                }
            }
            _ => {}
        }
    }
    None
}

fn argument_matches(node: Node<'_>, test: &ArgumentTest, text: &str) -> bool {
    let Some(list) = argument_list(node) else {
        return false;
    };
    let value = if let Some(keyword) = &test.keyword {
        keyword_argument(list, keyword, text)
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
