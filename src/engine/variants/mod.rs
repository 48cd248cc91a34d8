//! Metamorphic variants: each labelled case of a fixture or corpus file rewritten in ways
//! that keep its meaning, so that `rules test --variants` can tell a rule that knows the
//! vulnerability from one that knows how we happened to write it.
//!
//! A variant is new text plus the lines where the case now lives. Transformations that keep
//! every line where it was (renames, qualified and aliased names) rewrite the whole file
//! once, for all its cases; the others work around one case's statement. A transformation
//! that cannot apply to a case (no argument to route, a declaration that cannot be wrapped)
//! gives no variant, and the runner counts it as skipped. No IO.

mod check;
mod names;
mod statements;
mod syntax;

pub use check::{
    Hit, LabelledCase, Survival, SurvivalTable, VariantOutcome, check_cases, check_file,
};

use tree_sitter::{Node, Tree};

use crate::lang::Language;

/// One way of rewriting a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Transform {
    /// Local variables and parameters renamed to neutral names.
    Rename,
    /// Imported names written out with their module or package.
    Qualify,
    /// Imports bound to other names.
    Alias,
    /// The receiver of the call held in a local with a neutral name first.
    HoistReceiver,
    /// Each argument of the call held in a local first.
    Intermediate,
    /// Each argument of the call passed through a helper that returns it.
    Helper,
    /// Each argument of the call stored in a new map under a constant key and read back
    /// under it.
    Map,
    /// Each argument of the call stored as the element of a new list and read back by
    /// its index.
    List,
    /// The statement inside a branch that is always taken.
    TrueBranch,
    /// A positive case's statement inside a branch that is never taken: a look-alike that
    /// must not be reported.
    FalseBranch,
    /// Each argument of a positive case's call stored in a map under one key, a constant
    /// under another, and the other one read: a look-alike that must not be reported,
    /// measured on cases that are no longer reported with constant arguments (flows).
    OtherKey,
}

impl Transform {
    pub const ALL: [Transform; 11] = [
        Transform::Rename,
        Transform::Qualify,
        Transform::Alias,
        Transform::HoistReceiver,
        Transform::Intermediate,
        Transform::Helper,
        Transform::Map,
        Transform::List,
        Transform::TrueBranch,
        Transform::FalseBranch,
        Transform::OtherKey,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Transform::Rename => "rename",
            Transform::Qualify => "qualify",
            Transform::Alias => "alias",
            Transform::HoistReceiver => "hoist-receiver",
            Transform::Intermediate => "intermediate",
            Transform::Helper => "helper",
            Transform::Map => "map",
            Transform::List => "list",
            Transform::OtherKey => "map-other-key",
            Transform::TrueBranch => "true-branch",
            Transform::FalseBranch => "false-branch",
        }
    }

    /// Whether the transformation rewrites the whole file without moving any line.
    pub fn is_file_wide(self) -> bool {
        matches!(
            self,
            Transform::Rename | Transform::Qualify | Transform::Alias
        )
    }

    /// What a case labelled `flagged` must be after the rewrite, or `None` when the
    /// transformation does not apply to such cases (a dead branch turns a positive into a
    /// negative; a negative inside one says nothing).
    pub fn expected(self, flagged: bool) -> Option<bool> {
        match self {
            Transform::FalseBranch | Transform::OtherKey => flagged.then_some(false),
            _ => Some(flagged),
        }
    }
}

/// A case rewritten: the new text and the lines (one-based) that now hold it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub text: String,
    /// Where the case's finding is looked for: the lines inserted before its statement and
    /// the line of the case itself, one-based and ascending. The rest of a statement that
    /// spans lines (a `return` of a JSX tree, a builder chain) may hold other cases.
    pub lines: Vec<u32>,
}

impl Variant {
    fn of(text: &str, edits: Vec<Edit>, case: &statements::Case<'_>, inserted: bool) -> Self {
        let (rewritten, map) = apply(text, edits);
        let start = case.statement.start_byte();
        let own = line_at(&rewritten, map.after(case.anchor));
        let mut lines: Vec<u32> = if inserted {
            (line_at(&rewritten, map.before(start))..line_at(&rewritten, map.after(start)))
                .collect()
        } else {
            Vec::new()
        };
        if !lines.contains(&own) {
            lines.push(own);
        }
        lines.sort_unstable();
        Variant {
            text: rewritten,
            lines,
        }
    }
}

/// The file-wide rewrite of `text` by `transform`, which keeps every line where it was;
/// `None` when there is nothing in the file it applies to.
pub fn file_variant(
    language: Language,
    text: &str,
    tree: &Tree,
    transform: Transform,
) -> Option<String> {
    let source = Source::new(language, text, tree);
    let edits = match transform {
        Transform::Rename => names::rename(&source),
        Transform::Qualify => names::qualify(&source),
        Transform::Alias => names::alias(&source),
        _ => return None,
    };
    if edits.is_empty() {
        return None;
    }
    let (rewritten, _) = apply(text, edits);
    debug_assert_eq!(rewritten.lines().count(), text.lines().count());
    Some(rewritten)
}

/// The rewrite of the case on `line` (one-based) by a statement-level `transform`; `None`
/// when it cannot apply there.
pub fn case_variant(
    language: Language,
    text: &str,
    tree: &Tree,
    line: u32,
    transform: Transform,
) -> Option<Variant> {
    let source = Source::new(language, text, tree);
    let case = statements::Case::find(&source, line)?;
    let edits = match transform {
        Transform::HoistReceiver => statements::hoist_receiver(&source, &case),
        Transform::Intermediate => statements::route(&source, &case, statements::Routing::Local),
        Transform::Helper => statements::helper(&source, &case),
        Transform::Map => statements::route(&source, &case, statements::Routing::Map),
        Transform::List => statements::route(&source, &case, statements::Routing::List),
        Transform::OtherKey => statements::route(&source, &case, statements::Routing::OtherKey),
        Transform::TrueBranch => statements::branch(&source, &case, true),
        Transform::FalseBranch => statements::branch(&source, &case, false),
        _ => return None,
    }?;
    // A finding on the statements that fill the container is one on the value stored, not
    // on the one read: only the case's own line says whether the other key is read.
    let inserted = transform != Transform::OtherKey;
    Some(Variant::of(text, edits, &case, inserted))
}

/// The case on `line` with each argument of its calls replaced by a constant string:
/// whether a case is a flow from those arguments (see [`Transform::OtherKey`]).
pub fn constant_arguments_variant(
    language: Language,
    text: &str,
    tree: &Tree,
    line: u32,
) -> Option<Variant> {
    let source = Source::new(language, text, tree);
    let case = statements::Case::find(&source, line)?;
    let edits = statements::route(&source, &case, statements::Routing::Constant)?;
    Some(Variant::of(text, edits, &case, true))
}

/// What the transformations read: the text, its tree and its language's syntax.
struct Source<'a> {
    pub text: &'a str,
    pub tree: &'a Tree,
    pub syntax: &'static syntax::Syntax,
    pub language: Language,
}

impl<'a> Source<'a> {
    fn new(language: Language, text: &'a str, tree: &'a Tree) -> Self {
        Source {
            text,
            tree,
            syntax: syntax::of(language),
            language,
        }
    }

    pub fn text_of(&self, node: Node<'_>) -> &'a str {
        &self.text[node.byte_range()]
    }

    /// A name that no word of the file uses: `stem1`, `stem2`, ...
    pub fn fresh_name(&self, stem: &str, taken: &mut Vec<String>) -> String {
        let words: std::collections::HashSet<&str> = self
            .text
            .split(|character: char| !(character.is_alphanumeric() || character == '_'))
            .collect();
        let mut number = 1;
        loop {
            let name = format!("{stem}{number}");
            if !words.contains(name.as_str()) && !taken.contains(&name) {
                taken.push(name.clone());
                return name;
            }
            number += 1;
        }
    }
}

/// Every node under `node`, depth first, in source order.
pub(crate) fn descendants(node: Node<'_>) -> Vec<Node<'_>> {
    let mut found = Vec::new();
    let mut cursor = node.walk();
    let mut stack = vec![node];
    while let Some(current) = stack.pop() {
        found.push(current);
        let children: Vec<Node<'_>> = current.children(&mut cursor).collect();
        stack.extend(children.into_iter().rev());
    }
    found
}

/// A replacement of `start..end` by `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Edit {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

impl Edit {
    pub fn insert(at: usize, text: impl Into<String>) -> Self {
        Edit {
            start: at,
            end: at,
            text: text.into(),
        }
    }

    pub fn replace(node: Node<'_>, text: impl Into<String>) -> Self {
        Edit {
            start: node.start_byte(),
            end: node.end_byte(),
            text: text.into(),
        }
    }
}

/// Where an offset of the old text went in the new one.
struct OffsetMap {
    /// (old start, old end, change in length), sorted.
    edits: Vec<(usize, usize, isize)>,
}

impl OffsetMap {
    /// The new offset of `old`, before anything inserted at it.
    fn before(&self, old: usize) -> usize {
        self.shift(old, |start, end| end < old || (start < old && end <= old))
    }

    /// The new offset of `old`, after anything inserted at it.
    fn after(&self, old: usize) -> usize {
        self.shift(old, |_, end| end <= old)
    }

    fn shift(&self, old: usize, counts: impl Fn(usize, usize) -> bool) -> usize {
        let delta: isize = self
            .edits
            .iter()
            .filter(|(start, end, _)| counts(*start, *end))
            .map(|(_, _, delta)| delta)
            .sum();
        (old as isize + delta) as usize
    }
}

/// Applies edits that do not overlap (inserts at one offset keep their order).
fn apply(text: &str, mut edits: Vec<Edit>) -> (String, OffsetMap) {
    edits.sort_by_key(|edit| (edit.start, edit.end));
    let mut out = String::with_capacity(text.len() + 256);
    let mut map = OffsetMap { edits: Vec::new() };
    let mut position = 0;
    for edit in edits {
        if edit.start < position {
            continue; // overlaps the edit before: the first one wins
        }
        out.push_str(&text[position..edit.start]);
        out.push_str(&edit.text);
        map.edits.push((
            edit.start,
            edit.end,
            edit.text.len() as isize - (edit.end - edit.start) as isize,
        ));
        position = edit.end;
    }
    out.push_str(&text[position..]);
    (out, map)
}

/// The one-based line of a byte offset.
fn line_at(text: &str, offset: usize) -> u32 {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|byte| **byte == b'\n')
        .count() as u32
        + 1
}

#[cfg(test)]
mod tests;
