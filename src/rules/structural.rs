//! Structural patterns: the part of the tree-sitter query language that the built-in pack
//! uses, compiled for a matcher that dispatches on the root node's kind.
//!
//! A tree-sitter query cursor advances every in-progress state of every pattern at every
//! node, so a hundred patterns rooted at `call` cost a hundred states per call, carried
//! through the whole call. Most patterns fail on the root's first child (`function:` is not
//! an attribute, the name is not `execute`), which a direct check finds at once. So the
//! queries a rule writes are compiled twice: by tree-sitter (which checks them and reports
//! errors) and, when they stay within this subset, into [`Pattern`]s that the engine
//! matches itself (`engine::structural`); tree-sitter then runs only the rest.
//!
//! The subset: node patterns `(kind ...)`, `(_)`, `_`, anonymous nodes `"("`, fields,
//! alternations `[...]` of single node patterns, captures, anchors `.` next to named-node
//! patterns, negated fields `!name`, a group of one node pattern and its predicates, and the
//! text predicates `#eq?`, `#not-eq?`, `#match?`, `#not-match?`, `#any-of?`, `#not-any-of?`
//! (wherever they are written, they apply to the whole pattern; one on a capture that a
//! match does not bind passes, as in tree-sitter's binding). Anything else (quantifiers,
//! sibling groups, supertypes, `ERROR`/`MISSING`, other predicates) makes
//! [`compile`] answer `None`, and the text stays with tree-sitter: same results, only slower.
//! A test compares both matchers on every part of the pack over every fixture and corpus
//! file.

use std::num::NonZeroU16;

use regex::Regex;

/// One top-level pattern: its alternatives for the root node, the captures on the root,
/// and the text predicates that every match must satisfy.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub root: Step,
    pub predicates: Vec<Predicate>,
}

/// A node pattern: kind, captures, and child steps in order.
#[derive(Debug, Clone)]
pub struct NodePattern {
    pub kind: Kind,
    pub captures: Vec<u32>,
    pub children: Vec<Step>,
    /// `!field`: the node has no child in these fields.
    pub negated: Vec<NonZeroU16>,
    /// `.` after the last child step: it matches the last named child.
    pub anchored_last: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A named node of this (public) symbol.
    Named(u16),
    /// An anonymous node of this symbol: `"("`.
    Anonymous(u16),
    /// `(_)`: any named node.
    AnyNamed,
    /// `_`: any node.
    Any,
}

/// One position in a sequence of children (or the root): a field, an anchor, the node
/// patterns that may fill it, and the captures on the whole position (`[...] @name`).
#[derive(Debug, Clone)]
pub struct Step {
    pub field: Option<NonZeroU16>,
    /// `.` before this step: the first named child, or the named sibling right after the
    /// previous step's node.
    pub immediate: bool,
    pub alternatives: Vec<NodePattern>,
    pub captures: Vec<u32>,
}

#[derive(Debug, Clone)]
pub enum Predicate {
    Eq {
        capture: u32,
        value: String,
        positive: bool,
    },
    EqCapture {
        left: u32,
        right: u32,
        positive: bool,
    },
    Match {
        capture: u32,
        regex: Regex,
        positive: bool,
    },
    AnyOf {
        capture: u32,
        values: Vec<String>,
        positive: bool,
    },
}

impl Predicate {
    /// The capture this predicate tests alone (`None` for one comparing two captures).
    pub fn single_capture(&self) -> Option<u32> {
        match self {
            Predicate::Eq { capture, .. }
            | Predicate::Match { capture, .. }
            | Predicate::AnyOf { capture, .. } => Some(*capture),
            Predicate::EqCapture { .. } => None,
        }
    }

    /// The words this predicate's capture must be one of, if it says so.
    pub fn words(&self) -> Option<&[String]> {
        match self {
            Predicate::Eq {
                value,
                positive: true,
                ..
            } => Some(std::slice::from_ref(value)),
            Predicate::AnyOf {
                values,
                positive: true,
                ..
            } => Some(values),
            _ => None,
        }
    }

    /// Whether the text of one node bound to this predicate's capture passes it (always
    /// for a predicate comparing two captures).
    pub fn holds_for(&self, found: &str) -> bool {
        match self {
            Predicate::Eq {
                value, positive, ..
            } => (found == value) == *positive,
            Predicate::Match {
                regex, positive, ..
            } => regex.is_match(found) == *positive,
            Predicate::AnyOf {
                values, positive, ..
            } => values.iter().any(|value| value == found) == *positive,
            Predicate::EqCapture { .. } => true,
        }
    }
}

impl Pattern {
    /// The most nodes one match can bind to `capture` (alternatives exclude each other).
    pub fn max_bindings(&self, capture: u32) -> usize {
        self.root.max_bindings(capture)
    }
}

impl Step {
    /// The most nodes one match of this step can bind to `capture`.
    pub fn max_bindings(&self, capture: u32) -> usize {
        let own = self
            .captures
            .iter()
            .filter(|index| **index == capture)
            .count();
        own + self
            .alternatives
            .iter()
            .map(|alternative| alternative.max_bindings(capture))
            .max()
            .unwrap_or(0)
    }

    /// Whether every match of this step binds `capture` (the subset has no quantifiers, so
    /// only alternatives can leave it out).
    pub fn binds_always(&self, capture: u32) -> bool {
        self.captures.contains(&capture)
            || !self.alternatives.is_empty()
                && self
                    .alternatives
                    .iter()
                    .all(|alternative| alternative.binds_always(capture))
    }
}

impl NodePattern {
    /// Whether every match of this node pattern binds `capture`.
    pub fn binds_always(&self, capture: u32) -> bool {
        self.captures.contains(&capture)
            || self
                .children
                .iter()
                .any(|child| child.binds_always(capture))
    }

    /// The most nodes one match of this node pattern can bind to `capture`.
    pub fn max_bindings(&self, capture: u32) -> usize {
        let own = self
            .captures
            .iter()
            .filter(|index| **index == capture)
            .count();
        own + self
            .children
            .iter()
            .map(|child| child.max_bindings(capture))
            .sum::<usize>()
    }
}

/// Compiles every top-level pattern of `source`, or `None` if one of them is outside the
/// subset (or does not compile: tree-sitter reports that). `local` maps a capture name to
/// the part's local index.
pub fn compile(
    grammar: &tree_sitter::Language,
    source: &str,
    local: impl Fn(&str) -> Option<u32>,
) -> Option<Vec<Pattern>> {
    let mut parser = Parser {
        grammar,
        text: source,
        at: 0,
        local: &local,
    };
    let mut patterns = Vec::new();
    loop {
        parser.skip_blank();
        if parser.at >= source.len() {
            break;
        }
        let mut predicates = Vec::new();
        let root = parser.step(&mut predicates)?;
        if root.immediate || root.field.is_some() {
            return None;
        }
        patterns.push(Pattern { root, predicates });
    }
    Some(patterns)
}

struct Parser<'a, F> {
    grammar: &'a tree_sitter::Language,
    text: &'a str,
    at: usize,
    local: &'a F,
}

impl<F: Fn(&str) -> Option<u32>> Parser<'_, F> {
    fn peek(&self) -> Option<char> {
        self.text[self.at..].chars().next()
    }

    fn skip_blank(&mut self) {
        while let Some(character) = self.peek() {
            if character.is_whitespace() {
                self.at += character.len_utf8();
            } else if character == ';' {
                match self.text[self.at..].find('\n') {
                    Some(end) => self.at += end + 1,
                    None => self.at = self.text.len(),
                }
            } else {
                break;
            }
        }
    }

    /// Whether a `(` here opens a predicate: `(#name? ...)`.
    fn opens_predicate(&self) -> bool {
        self.text[self.at + 1..].trim_start().starts_with('#')
    }

    fn eat(&mut self, expected: char) -> bool {
        self.skip_blank();
        if self.peek() == Some(expected) {
            self.at += expected.len_utf8();
            true
        } else {
            false
        }
    }

    /// An identifier as tree-sitter scans one (kind, field, predicate and capture names).
    fn identifier(&mut self) -> Option<&str> {
        let start = self.at;
        let first = self.peek()?;
        if !(first.is_alphanumeric() || first == '_' || first == '-') {
            return None;
        }
        while let Some(character) = self.peek() {
            if character.is_alphanumeric() || matches!(character, '_' | '-' | '.' | '?' | '!') {
                self.at += character.len_utf8();
            } else {
                break;
            }
        }
        Some(&self.text[start..self.at])
    }

    /// A string literal, unescaped as tree-sitter does.
    fn string(&mut self) -> Option<String> {
        if !self.eat('"') {
            return None;
        }
        let mut value = String::new();
        let mut characters = self.text[self.at..].char_indices();
        while let Some((offset, character)) = characters.next() {
            match character {
                '"' => {
                    self.at += offset + 1;
                    return Some(value);
                }
                '\n' => return None,
                '\\' => {
                    let (_, escaped) = characters.next()?;
                    value.push(match escaped {
                        'n' => '\n',
                        'r' => '\r',
                        't' => '\t',
                        '0' => '\0',
                        other => other,
                    });
                }
                other => value.push(other),
            }
        }
        None
    }

    fn captures(&mut self) -> Option<Vec<u32>> {
        let mut captures = Vec::new();
        loop {
            self.skip_blank();
            match self.peek() {
                Some('@') => {
                    self.at += 1;
                    let name = self.identifier()?.to_owned();
                    captures.push((self.local)(&name)?);
                }
                Some('*' | '+' | '?') => return None,
                _ => return Some(captures),
            }
        }
    }

    /// One step: an optional field, then a node pattern or an alternation, then captures.
    fn step(&mut self, predicates: &mut Vec<Predicate>) -> Option<Step> {
        self.skip_blank();
        let mut field = None;
        let save = self.at;
        if let Some(name) = self.identifier() {
            let name = name.to_owned();
            if self.eat(':') {
                field = Some(self.grammar.field_id_for_name(&name)?);
            } else {
                self.at = save;
            }
        }
        self.skip_blank();
        if self.peek() == Some('(')
            && self.text[self.at + 1..]
                .trim_start()
                .starts_with(['(', '['])
        {
            // A group: one node pattern or alternation, and predicates; nothing else.
            self.at += 1;
            let mut inner = self.step(predicates)?;
            if inner.field.is_some() {
                return None;
            }
            loop {
                self.skip_blank();
                match self.peek()? {
                    ')' => {
                        self.at += 1;
                        break;
                    }
                    '(' if self.opens_predicate() => {
                        self.at += 1;
                        predicates.push(self.predicate()?);
                    }
                    _ => return None,
                }
            }
            inner.field = field;
            inner.captures.extend(self.captures()?);
            return Some(inner);
        }
        let alternatives = if self.eat('[') {
            let mut alternatives = Vec::new();
            loop {
                self.skip_blank();
                if self.eat(']') {
                    break;
                }
                let mut inner = self.step(predicates)?;
                if inner.field.is_some() {
                    return None;
                }
                // Captures on a branch capture the node that branch matched.
                for mut alternative in inner.alternatives.drain(..) {
                    alternative.captures.extend(&inner.captures);
                    alternatives.push(alternative);
                }
            }
            if alternatives.is_empty() {
                return None;
            }
            alternatives
        } else {
            vec![self.node(predicates)?]
        };
        let captures = self.captures()?;
        Some(Step {
            field,
            immediate: false,
            alternatives,
            captures,
        })
    }

    fn node(&mut self, predicates: &mut Vec<Predicate>) -> Option<NodePattern> {
        self.skip_blank();
        match self.peek()? {
            '"' => {
                let name = self.string()?;
                let id = self.grammar.id_for_node_kind(&name, false);
                (id != 0).then_some(NodePattern {
                    kind: Kind::Anonymous(id),
                    captures: Vec::new(),
                    children: Vec::new(),
                    negated: Vec::new(),
                    anchored_last: false,
                })
            }
            '_' if !self
                .text
                .get(self.at + 1..)
                .and_then(|rest| rest.chars().next())
                .is_some_and(|next| next.is_alphanumeric() || next == '_' || next == '-') =>
            {
                self.at += 1;
                Some(NodePattern {
                    kind: Kind::Any,
                    captures: Vec::new(),
                    children: Vec::new(),
                    negated: Vec::new(),
                    anchored_last: false,
                })
            }
            '(' => {
                self.at += 1;
                self.skip_blank();
                let name = self.identifier()?.to_owned();
                let kind = match name.as_str() {
                    "_" => Kind::AnyNamed,
                    "ERROR" | "MISSING" => return None,
                    _ => {
                        let id = self.grammar.id_for_node_kind(&name, true);
                        if id == 0 || self.grammar.node_kind_is_supertype(id) {
                            return None;
                        }
                        Kind::Named(id)
                    }
                };
                let mut children = Vec::new();
                let mut negated = Vec::new();
                let mut pending_anchor = false;
                let mut anchored_last = false;
                loop {
                    self.skip_blank();
                    match self.peek()? {
                        ')' => {
                            self.at += 1;
                            if pending_anchor {
                                anchored_last = true;
                            }
                            break;
                        }
                        '.' => {
                            self.at += 1;
                            if pending_anchor {
                                return None;
                            }
                            pending_anchor = true;
                        }
                        '!' => {
                            self.at += 1;
                            let name = self.identifier()?.to_owned();
                            negated.push(self.grammar.field_id_for_name(&name)?);
                        }
                        '(' if self.opens_predicate() => {
                            self.at += 1;
                            predicates.push(self.predicate()?);
                        }
                        _ => {
                            let mut step = self.step(predicates)?;
                            if pending_anchor {
                                // Anchors skip anonymous nodes: next to a pattern that may
                                // be one, leave the text to tree-sitter.
                                if step.alternatives.iter().any(|alternative| {
                                    !matches!(alternative.kind, Kind::Named(_) | Kind::AnyNamed)
                                }) {
                                    return None;
                                }
                                step.immediate = true;
                                pending_anchor = false;
                            }
                            children.push(step);
                        }
                    }
                }
                if anchored_last
                    && children.last().is_none_or(|last| {
                        last.alternatives.iter().any(|alternative| {
                            !matches!(alternative.kind, Kind::Named(_) | Kind::AnyNamed)
                        })
                    })
                {
                    return None;
                }
                Some(NodePattern {
                    kind,
                    captures: Vec::new(),
                    children,
                    negated,
                    anchored_last,
                })
            }
            _ => None,
        }
    }

    /// `#name? @capture ...)`, the opening parenthesis already read.
    fn predicate(&mut self) -> Option<Predicate> {
        if !self.eat('#') {
            return None;
        }
        let name = self.identifier()?.to_owned();
        let mut captures = Vec::new();
        let mut strings = Vec::new();
        loop {
            self.skip_blank();
            match self.peek()? {
                ')' => {
                    self.at += 1;
                    break;
                }
                '@' => {
                    self.at += 1;
                    let capture = self.identifier()?.to_owned();
                    if !strings.is_empty() {
                        return None;
                    }
                    captures.push((self.local)(&capture)?);
                }
                '"' => strings.push(self.string()?),
                _ => return None,
            }
        }
        let positive = !name.starts_with("not-");
        match (name.as_str(), captures.as_slice(), strings.as_slice()) {
            ("eq?" | "not-eq?", [capture], [value]) => Some(Predicate::Eq {
                capture: *capture,
                value: value.clone(),
                positive,
            }),
            ("eq?" | "not-eq?", [left, right], []) => Some(Predicate::EqCapture {
                left: *left,
                right: *right,
                positive,
            }),
            ("match?" | "not-match?", [capture], [regex]) => {
                let compiled = Regex::new(regex).ok()?;
                Some(match super::compile::word_alternatives(regex) {
                    Some(values) => Predicate::AnyOf {
                        capture: *capture,
                        values,
                        positive,
                    },
                    None => Predicate::Match {
                        capture: *capture,
                        regex: compiled,
                        positive,
                    },
                })
            }
            ("any-of?" | "not-any-of?", [capture], values) => Some(Predicate::AnyOf {
                capture: *capture,
                values: values.to_vec(),
                positive,
            }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local(name: &str) -> Option<u32> {
        ["method", "sink", "call", "function"]
            .iter()
            .position(|known| *known == name)
            .map(|index| index as u32)
    }

    #[test]
    fn compiles_the_subset() {
        let grammar: tree_sitter::Language = tree_sitter_python::LANGUAGE.into();
        let patterns = compile(
            &grammar,
            "; sinks\n(call\n  function: (attribute attribute: (identifier) @method)\n  (#match? @method \"^(execute|run)\\\\.?$\")\n  arguments: (argument_list . (_) @sink)) @call",
            local,
        )
        .expect("in the subset");
        assert_eq!(patterns.len(), 1);
        let root = &patterns[0].root;
        assert_eq!(root.captures, [2]);
        let call = &root.alternatives[0];
        assert_eq!(
            call.kind,
            Kind::Named(grammar.id_for_node_kind("call", true))
        );
        assert_eq!(call.children.len(), 2);
        assert_eq!(
            call.children[0].field,
            grammar.field_id_for_name("function")
        );
        assert!(call.children[1].alternatives[0].children[0].immediate);
        let Predicate::Match { regex, .. } = &patterns[0].predicates[0] else {
            panic!("a match predicate");
        };
        assert_eq!(regex.as_str(), "^(execute|run)\\.?$");
    }

    #[test]
    fn leaves_the_rest_to_tree_sitter() {
        let grammar: tree_sitter::Language = tree_sitter_python::LANGUAGE.into();
        for source in [
            "(call arguments: (argument_list (_)* @sink))",
            "((call) @call . (comment))",
            "(expression) @sink",
            "(call function: (identifier) @function (#set! kind \"x\"))",
            "(nonsense) @call",
        ] {
            assert!(compile(&grammar, source, local).is_none(), "{source}");
        }
    }
}
