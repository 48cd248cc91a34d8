//! Matching of structural patterns (`rules::structural`): one walk of the tree, and at each
//! node only the patterns whose root may be that node's kind, each checked child by child
//! so that a pattern that does not fit fails at its first step.
//!
//! The results are those of a tree-sitter query cursor on the same text: every distinct set
//! of captures for which the pattern matches and its predicates hold (a test compares the
//! two on the whole pack).

use std::num::NonZeroU16;
use std::rc::Rc;

use tree_sitter::{Node, TreeCursor};

use crate::rules::structural::{Kind, NodePattern, Pattern, Predicate, Step};

/// The captures of one match: (local capture index, node).
pub type Captures<'tree> = Vec<(u32, Node<'tree>)>;

/// Patterns indexed by the kinds their root may have.
#[derive(Debug, Default)]
pub struct Dispatch {
    /// Per kind id: the patterns whose root may be that kind.
    by_kind: Vec<Vec<Candidate>>,
    /// Roots written `(_)` (any named node) or `_` (any node).
    any_named: Vec<Candidate>,
    any: Vec<Candidate>,
    patterns: Vec<Pattern>,
}

/// A pattern to try on a node, with a cheap test that rules most nodes out: kept small and
/// together, so that trying a hundred candidates on a call touches little memory.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    owner: u32,
    index: u32,
    need: Option<Need>,
}

/// The root has a child in `field` of one of `kinds` (the first `count`).
#[derive(Debug, Clone, Copy)]
struct Need {
    field: NonZeroU16,
    count: u8,
    kinds: [u16; 4],
}

impl Need {
    /// What a root alternative needs of its node's children: the first child step with a
    /// field whose patterns are all named kinds (at most four).
    fn of(pattern: &NodePattern) -> Option<Need> {
        pattern.children.iter().find_map(|step| {
            let field = step.field?;
            let mut need = Need {
                field,
                count: 0,
                kinds: [0; 4],
            };
            for alternative in &step.alternatives {
                let Kind::Named(id) = alternative.kind else {
                    return None;
                };
                *need.kinds.get_mut(usize::from(need.count))? = id;
                need.count += 1;
            }
            Some(need)
        })
    }

    fn met(&self, children: &[Child<'_>]) -> bool {
        let kinds = &self.kinds[..usize::from(self.count)];
        children
            .iter()
            .any(|child| child.field == Some(self.field) && kinds.contains(&child.kind))
    }
}

impl Dispatch {
    /// Adds the patterns of `owner` (a part's index in its combined query).
    pub fn add(&mut self, owner: u32, patterns: Vec<Pattern>) {
        for pattern in patterns {
            let index = self.patterns.len() as u32;
            let alternatives = &pattern.root.alternatives;
            let has = |wanted: fn(&Kind) -> bool| {
                alternatives
                    .iter()
                    .any(|alternative| wanted(&alternative.kind))
            };
            // A root that may be any node is tried once per node, from one list only.
            let wildcard = Candidate {
                owner,
                index,
                need: None,
            };
            if has(|kind| matches!(kind, Kind::Any))
                || has(|kind| matches!(kind, Kind::AnyNamed))
                    && has(|kind| matches!(kind, Kind::Anonymous(_)))
            {
                self.any.push(wildcard);
            } else if has(|kind| matches!(kind, Kind::AnyNamed)) {
                self.any_named.push(wildcard);
            } else {
                for (position, alternative) in alternatives.iter().enumerate() {
                    let (Kind::Named(id) | Kind::Anonymous(id)) = alternative.kind else {
                        continue;
                    };
                    if alternatives[..position]
                        .iter()
                        .any(|earlier| earlier.kind == alternative.kind)
                    {
                        continue;
                    }
                    // A need holds for the node only if its kind has no other alternative.
                    let alone = alternatives
                        .iter()
                        .filter(|other| other.kind == alternative.kind)
                        .count()
                        == 1;
                    let id = usize::from(id);
                    if self.by_kind.len() <= id {
                        self.by_kind.resize_with(id + 1, Vec::new);
                    }
                    self.by_kind[id].push(Candidate {
                        owner,
                        index,
                        need: if alone { Need::of(alternative) } else { None },
                    });
                }
            }
            self.patterns.push(pattern);
        }
    }

    /// Calls `found` with the owner and captures of every match in the tree under `root`,
    /// in document order of the matched root; gives up (returning `false`) once `stop`
    /// says so, checked every few hundred nodes.
    pub fn run<'tree>(
        &self,
        root: Node<'tree>,
        text: &str,
        mut stop: impl FnMut() -> bool,
        mut found: impl FnMut(u32, Captures<'tree>),
    ) -> bool {
        let mut cursor = root.walk();
        let mut visited = 0u32;
        let mut results: Vec<Captures<'tree>> = Vec::new();
        let mut context = Context::new(root);
        loop {
            visited = visited.wrapping_add(1);
            if visited.is_multiple_of(256) && stop() {
                return false;
            }
            let node = cursor.node();
            let (kind, named) = (node.kind_id(), node.is_named());
            let by_kind = self
                .by_kind
                .get(usize::from(kind))
                .map(Vec::as_slice)
                .unwrap_or_default();
            let wildcards = if named { &self.any_named[..] } else { &[][..] };
            if !(by_kind.is_empty() && wildcards.is_empty() && self.any.is_empty()) {
                context.cache.clear();
                let children = context.children(node);
                for candidate in by_kind.iter().chain(wildcards).chain(&self.any) {
                    if candidate.need.is_some_and(|need| !need.met(&children)) {
                        continue;
                    }
                    let pattern = &self.patterns[candidate.index as usize];
                    matches_into(&mut context, pattern, node, text, &mut results);
                    for captures in results.drain(..) {
                        found(candidate.owner, captures);
                    }
                }
            }
            if !advance(&mut cursor) {
                return true;
            }
        }
    }
}

/// Moves to the next node in document order (pre-order); `false` at the end of the subtree.
fn advance(cursor: &mut TreeCursor<'_>) -> bool {
    if cursor.goto_first_child() {
        return true;
    }
    loop {
        if cursor.goto_next_sibling() {
            return true;
        }
        if !cursor.goto_parent() {
            return false;
        }
    }
}

/// Every match of a pattern's root step on `node`.
pub fn matches<'tree>(pattern: &Pattern, node: Node<'tree>, text: &str) -> Vec<Captures<'tree>> {
    let mut results = Vec::new();
    matches_into(&mut Context::new(node), pattern, node, text, &mut results);
    results
}

/// Fills `results` with every distinct match of `pattern` on `node` whose predicates hold.
fn matches_into<'tree>(
    context: &mut Context<'tree>,
    pattern: &Pattern,
    node: Node<'tree>,
    text: &str,
    results: &mut Vec<Captures<'tree>>,
) {
    results.clear();
    match_step(
        context,
        &pattern.root,
        node,
        node.kind_id(),
        node.is_named(),
        &mut Vec::new(),
        &mut |_, bound| results.push(bound.clone()),
    );
    dedup(results);
    results.retain(|captures| {
        pattern
            .predicates
            .iter()
            .all(|predicate| holds(predicate, captures, text))
    });
}

fn dedup(results: &mut Vec<Captures<'_>>) {
    if results.len() < 2 {
        return;
    }
    for captures in results.iter_mut() {
        captures.sort_by_key(|(index, node)| (*index, node.id()));
    }
    results.sort_by(|left, right| {
        let key = |captures: &Captures<'_>| -> Vec<(u32, usize)> {
            captures
                .iter()
                .map(|(index, node)| (*index, node.id()))
                .collect()
        };
        key(left).cmp(&key(right))
    });
    results.dedup_by(|left, right| {
        left.len() == right.len()
            && left
                .iter()
                .zip(right.iter())
                .all(|(a, b)| a.0 == b.0 && a.1.id() == b.1.id())
    });
}

/// The continuation of a match: called with the captures bound so far.
type Then<'k, 'tree> = dyn FnMut(&mut Context<'tree>, &mut Captures<'tree>) + 'k;

/// Matches `step` on `node` (the field and anchor are the caller's business) and calls
/// `then` once per way it matches, with its captures pushed on `bound` (and popped after).
fn match_step<'tree>(
    context: &mut Context<'tree>,
    step: &Step,
    node: Node<'tree>,
    kind: u16,
    named: bool,
    bound: &mut Captures<'tree>,
    then: &mut Then<'_, 'tree>,
) {
    for alternative in &step.alternatives {
        if !kind_fits(alternative.kind, kind, named) {
            continue;
        }
        let mark = bound.len();
        bound.extend(alternative.captures.iter().map(|index| (*index, node)));
        bound.extend(step.captures.iter().map(|index| (*index, node)));
        if alternative.children.is_empty() && alternative.negated.is_empty() {
            then(context, bound);
        } else {
            let children = context.children(node);
            let negated_present = children.iter().any(|child| {
                child
                    .field
                    .is_some_and(|field| alternative.negated.contains(&field))
            });
            if !negated_present {
                sequence(context, alternative, 0, &children, 0, None, bound, then);
            }
        }
        bound.truncate(mark);
    }
}

fn kind_fits(kind: Kind, id: u16, named: bool) -> bool {
    match kind {
        Kind::Named(expected) => id == expected && named,
        Kind::Anonymous(expected) => id == expected && !named,
        Kind::AnyNamed => named,
        Kind::Any => true,
    }
}

/// One child of a node, as a query cursor sees it.
#[derive(Clone, Copy)]
struct Child<'tree> {
    node: Node<'tree>,
    kind: u16,
    field: Option<NonZeroU16>,
    named: bool,
}

/// What one root node's candidate patterns share: a tree cursor, and the children of the
/// nodes they looked at (most patterns look at the same few).
struct Context<'tree> {
    cursor: TreeCursor<'tree>,
    cache: Vec<(usize, Rc<[Child<'tree>]>)>,
}

impl<'tree> Context<'tree> {
    fn new(node: Node<'tree>) -> Context<'tree> {
        Context {
            cursor: node.walk(),
            cache: Vec::new(),
        }
    }

    fn children(&mut self, node: Node<'tree>) -> Rc<[Child<'tree>]> {
        if let Some((_, children)) = self.cache.iter().find(|(id, _)| *id == node.id()) {
            return Rc::clone(children);
        }
        let cursor = &mut self.cursor;
        cursor.reset(node);
        let mut children = Vec::with_capacity(node.child_count() as usize);
        if cursor.goto_first_child() {
            loop {
                let child = cursor.node();
                children.push(Child {
                    node: child,
                    kind: child.kind_id(),
                    field: cursor.field_id(),
                    named: child.is_named(),
                });
                if !cursor.goto_next_sibling() {
                    break;
                }
            }
        }
        let children: Rc<[Child<'tree>]> = children.into();
        self.cache.push((node.id(), Rc::clone(&children)));
        children
    }
}

/// Matches the child steps of `pattern` from `step_index` on, each on a later child than
/// the one before.
#[allow(clippy::too_many_arguments)]
fn sequence<'tree>(
    context: &mut Context<'tree>,
    pattern: &NodePattern,
    step_index: usize,
    children: &[Child<'tree>],
    from: usize,
    previous: Option<usize>,
    bound: &mut Captures<'tree>,
    then: &mut Then<'_, 'tree>,
) {
    let Some(step) = pattern.children.get(step_index) else {
        let last_named = previous
            .is_some_and(|previous| !children[previous + 1..].iter().any(|child| child.named));
        if !pattern.anchored_last || last_named {
            then(context, bound);
        }
        return;
    };
    let (start, end) = if step.immediate {
        // The first named child, or the named sibling right after the previous node.
        let start = previous.map_or(0, |previous| previous + 1);
        match (start..children.len()).find(|index| children[*index].named) {
            Some(index) => (index, index + 1),
            None => return,
        }
    } else {
        (from, children.len())
    };
    for (index, child) in children.iter().enumerate().take(end).skip(start) {
        if step.field.is_some() && child.field != step.field {
            continue;
        }
        match_step(
            context,
            step,
            child.node,
            child.kind,
            child.named,
            bound,
            &mut |context, bound| {
                sequence(
                    context,
                    pattern,
                    step_index + 1,
                    children,
                    index + 1,
                    Some(index),
                    bound,
                    then,
                )
            },
        );
    }
}

fn texts<'a>(captures: &Captures<'_>, index: u32, text: &'a str) -> Vec<&'a str> {
    captures
        .iter()
        .filter(|(capture, _)| *capture == index)
        .map(|(_, node)| text.get(node.byte_range()).unwrap_or_default())
        .collect()
}

/// A text predicate as tree-sitter's binding evaluates it: over every node bound to the
/// capture, all of them must agree.
fn holds(predicate: &Predicate, captures: &Captures<'_>, text: &str) -> bool {
    match predicate {
        Predicate::Eq {
            capture,
            value,
            positive,
        } => texts(captures, *capture, text)
            .iter()
            .all(|found| (found == value) == *positive),
        Predicate::Match {
            capture,
            regex,
            positive,
        } => texts(captures, *capture, text)
            .iter()
            .all(|found| regex.is_match(found) == *positive),
        Predicate::AnyOf {
            capture,
            values,
            positive,
        } => texts(captures, *capture, text)
            .iter()
            .all(|found| values.iter().any(|value| value == found) == *positive),
        Predicate::EqCapture {
            left,
            right,
            positive,
        } => {
            let left = texts(captures, *left, text);
            let right = texts(captures, *right, text);
            left.iter()
                .zip(&right)
                .all(|(left, right)| (left == right) == *positive)
                && left.len() == right.len()
        }
    }
}
