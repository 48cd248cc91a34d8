//! Taint analysis: does a value from a source reach a sink without passing a sanitizer?
//!
//! An intra-procedural dataflow walk over the syntax tree, path-insensitive within a
//! branch but joining at merges: assignments (plain, augmented, destructuring), string
//! building (concatenation, f-strings, template literals, format calls), containers and
//! fields (`d[k] = v`, `obj.f = v`, `list.append(v)`), ternaries and branches whose
//! condition folds to a constant, loops (two passes), and returns. Functions defined in the
//! same file get summaries (which parameters flow to the return value and to sinks), so
//! taint crosses helper calls. Closures see the variables of the function around them.
//! No IO; the grammar-specific node kinds live in `profile`.

mod profile;
mod state;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::rc::Rc;

use tree_sitter::Node;

use crate::engine::fields::Fields;

use self::profile::Profile;
use self::state::{Constant, Origin, State, Taint};
use super::CancelToken;
use super::pattern::{self, node_text};
use crate::lang::Language;
use crate::rules::{CheckPart, TaintRule};

/// A sink reached by tainted data: byte ranges of the sink and of the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaintFinding {
    pub sink: (usize, usize),
    pub source: (usize, usize),
}

/// How deep summaries of helper functions may nest before a call is taken as opaque.
const MAX_SUMMARY_DEPTH: usize = 6;

/// What the analysis needs of a file whatever the rule: its functions by name, and where
/// they are called. Built once per file (on the first taint rule that needs it) and shared.
#[derive(Debug, Default)]
pub struct FileIndex<'a, 'tree> {
    functions: HashMap<&'a str, Vec<Node<'tree>>>,
    /// Start bytes of the calls of functions of this file.
    local_calls: Vec<usize>,
}

impl<'a, 'tree> FileIndex<'a, 'tree> {
    /// One walk over the tree under `root`.
    pub fn new(language: Language, root: Node<'tree>, text: &'a str) -> FileIndex<'a, 'tree> {
        let mut builder = FileIndexBuilder::new(language, root, text);
        let mut cursor = root.walk();
        loop {
            builder.visit(cursor.node());
            if !crate::engine::structural::advance(&mut cursor) {
                break;
            }
        }
        builder.finish()
    }
}

/// A [`FileIndex`] built from the nodes of a walk that something else makes (the matcher's):
/// give it every node under the root, in any order, then `finish`.
#[derive(Debug)]
pub struct FileIndexBuilder<'a, 'tree> {
    profile: &'static Profile,
    root: Node<'tree>,
    text: &'a str,
    /// Per kind id: whether it is a function, a call.
    functions: Vec<bool>,
    calls: Vec<bool>,
    index: FileIndex<'a, 'tree>,
    called: Vec<(usize, &'a str)>,
}

impl<'a, 'tree> FileIndexBuilder<'a, 'tree> {
    pub fn new(language: Language, root: Node<'tree>, text: &'a str) -> Self {
        let profile = profile::for_language(language);
        let grammar = language.grammar();
        let kinds = |names: &[&str]| -> Vec<bool> {
            (0..grammar.node_kind_count() as u16)
                .map(|id| {
                    grammar.node_kind_is_named(id)
                        && grammar
                            .node_kind_for_id(id)
                            .is_some_and(|kind| names.contains(&kind))
                })
                .collect()
        };
        FileIndexBuilder {
            profile,
            root,
            text,
            functions: kinds(profile.functions),
            calls: kinds(profile.calls),
            index: FileIndex::default(),
            called: Vec::new(),
        }
    }

    pub fn visit(&mut self, node: Node<'tree>) {
        if !node.is_named() && node != self.root {
            return;
        }
        let kind = usize::from(node.kind_id());
        if self.functions.get(kind).copied().unwrap_or(false)
            && let Some(name) = function_name(self.profile, node, self.text)
        {
            self.index.functions.entry(name).or_default().push(node);
        }
        if self.calls.get(kind).copied().unwrap_or(false)
            && let Some(callee) = node.field("name").or_else(|| node.field("function"))
        {
            let name = match member_name(callee) {
                // Celery's `task.delay(...)` calls `task`.
                Some(member) if node_text(member, self.text) == "delay" => {
                    base_object(callee).map_or("delay", |task| node_text(task, self.text))
                }
                Some(member) => node_text(member, self.text),
                None => node_text(callee, self.text),
            };
            self.called.push((node.start_byte(), name));
        }
    }

    pub fn finish(self) -> FileIndex<'a, 'tree> {
        let mut index = self.index;
        // Definitions of one name are tried from the last written, an enclosing one before
        // those inside it.
        for definitions in index.functions.values_mut() {
            definitions.sort_by_key(|node| (std::cmp::Reverse(node.end_byte()), node.start_byte()));
        }
        index.local_calls = self
            .called
            .into_iter()
            .filter(|(_, name)| index.functions.contains_key(name))
            .map(|(start, _)| start)
            .collect();
        index.local_calls.sort_unstable();
        index
    }
}

/// The name a function is called by: its own, or the variable it is assigned to.
fn function_name<'a>(profile: &Profile, function: Node<'_>, text: &'a str) -> Option<&'a str> {
    if let Some(name) = function.field("name") {
        return Some(node_text(name, text));
    }
    let parent = function.parent()?;
    let assigned = profile
        .assignments
        .iter()
        .find(|assignment| assignment.kind == parent.kind())?;
    let target = parent.field(assigned.target)?;
    profile
        .identifiers
        .contains(&target.kind())
        .then(|| node_text(target, text))
}

/// Every sink of `spec` reached by tainted data in the tree under `root`; `index` is the
/// file's [`FileIndex`], built here if no rule built it yet.
pub fn find<'a, 'tree>(
    spec: &TaintRule,
    language: Language,
    table: &pattern::MatchTable<'tree>,
    index: &'a std::cell::OnceCell<FileIndex<'a, 'tree>>,
    root: Node<'tree>,
    text: &'a str,
    cancel: &CancelToken,
) -> Vec<TaintFinding> {
    // A plain literal holds nothing a source could put there (`require("crypto")`), unless it
    // is itself a source; such sinks are set aside until the sources are known.
    let mut sinks = HashSet::default();
    let mut sink_starts = Vec::new();
    let mut literal_sinks = Vec::new();
    for selector in &spec.sinks {
        for found in pattern::find(selector, table, text) {
            if is_plain_string(found.focus) {
                literal_sinks.push(found.focus);
            } else if sinks.insert(found.focus.id()) {
                sink_starts.push(found.focus.start_byte());
            }
        }
    }
    if sinks.is_empty() && literal_sinks.is_empty() {
        return Vec::new();
    }
    let mut sources = HashMap::default();
    for selector in &spec.sources {
        for found in pattern::find(selector, table, text) {
            sources.insert(
                found.focus.id(),
                (found.focus.start_byte(), found.focus.end_byte()),
            );
        }
    }
    if sources.is_empty() {
        return Vec::new();
    }
    for sink in literal_sinks {
        if sources.contains_key(&sink.id()) && sinks.insert(sink.id()) {
            sink_starts.push(sink.start_byte());
        }
    }
    if sinks.is_empty() {
        return Vec::new();
    }
    let mut sanitizers = HashSet::default();
    let mut checks = CheckParts::default();
    for selector in &spec.sanitizers {
        let part = selector.check.as_ref().map(|check| checks.part(check));
        for found in pattern::find(selector, table, text) {
            match part {
                Some(part) => checks.found.entry(found.focus.id()).or_default().push(part),
                None => {
                    sanitizers.insert(found.focus.id());
                }
            }
        }
    }
    let index = index.get_or_init(|| FileIndex::new(language, root, text));
    sink_starts.extend(&index.local_calls);
    sink_starts.sort_unstable();
    let profile = profile::for_language(language);
    let mut analyzer = Analyzer {
        sink_starts,
        text,
        profile,
        propagators: &spec.propagators,
        values: spec.values,
        sources,
        sinks,
        sanitizers,
        checks,
        guard_depth: std::cell::Cell::new(0),
        functions: &index.functions,
        summaries: HashMap::default(),
        findings: Vec::new(),
        reported: HashSet::default(),
        cancel,
        depth: 0,
    };
    let mut frame = Frame::default();
    analyzer.exec(root, &mut frame);
    analyzer.findings.sort_by_key(|finding| finding.sink);
    analyzer.findings
}

/// What a function does with its parameters, seen from a call site.
#[derive(Debug, Default)]
struct Summary {
    /// Origins of the return value: sources inside the function, or parameter indices.
    returns: Taint,
    /// Sinks inside the function reached by a parameter: (parameter index, sink range).
    parameter_sinks: Vec<(usize, (usize, usize))>,
    /// Whether the first declared parameter is a receiver (`self`), not an argument.
    skips_receiver: bool,
}

/// Variables a condition proves clean, on each outcome.
#[derive(Debug, Default, Clone)]
struct Guard {
    when_true: Vec<String>,
    when_false: Vec<String>,
    /// Parts of combined checks that hold on each outcome: (path, group, part bit).
    parts_true: Vec<(String, usize, u64)>,
    parts_false: Vec<(String, usize, u64)>,
}

impl Guard {
    fn negated(self) -> Guard {
        Guard {
            when_true: self.when_false,
            when_false: self.when_true,
            parts_true: self.parts_false,
            parts_false: self.parts_true,
        }
    }

    /// Adds to each outcome the paths for which every part of a group holds.
    fn completed(mut self, groups: &[u64]) -> Guard {
        fn complete(parts: &[(String, usize, u64)], groups: &[u64], clean: &mut Vec<String>) {
            let mut held: HashMap<(&str, usize), u64> = HashMap::default();
            for (path, group, bit) in parts {
                *held.entry((path.as_str(), *group)).or_default() |= bit;
            }
            for ((path, group), bits) in held {
                if bits == groups[group] && !clean.iter().any(|known| known == path) {
                    clean.push(path.to_string());
                }
            }
        }
        complete(&self.parts_true, groups, &mut self.when_true);
        complete(&self.parts_false, groups, &mut self.when_false);
        self
    }
}

/// The sanitizers of a rule that are parts of combined checks (`part: local-path/slash`):
/// the groups with the bits of all their parts, and the part each matched node is.
#[derive(Debug, Default)]
struct CheckParts {
    groups: Vec<(String, Vec<String>)>,
    /// Per group, the bits of all its parts.
    full: Vec<u64>,
    /// Matched node id -> the parts it is: (group, part bit, the outcome on which it holds).
    found: HashMap<usize, Vec<(usize, u64, bool)>>,
}

impl CheckParts {
    fn part(&mut self, check: &CheckPart) -> (usize, u64, bool) {
        let group = match self
            .groups
            .iter()
            .position(|(name, _)| *name == check.group)
        {
            Some(group) => group,
            None => {
                self.groups.push((check.group.clone(), Vec::new()));
                self.full.push(0);
                self.groups.len() - 1
            }
        };
        let names = &mut self.groups[group].1;
        let index = match names.iter().position(|name| *name == check.name) {
            Some(index) => index,
            None => {
                names.push(check.name.clone());
                names.len() - 1
            }
        };
        let bit = 1u64 << index.min(63);
        self.full[group] |= bit;
        (group, bit, check.when)
    }
}

/// The state of one function under analysis.
#[derive(Debug, Default)]
struct Frame {
    state: State,
    /// Boolean locals that hold a check: `ok := allowed[x]`, `valid = x in SAFE`.
    checks: HashMap<String, Guard>,
    /// Locals that hold a parsed URL, with the path of the string parsed:
    /// `u, err := url.Parse(next)` maps `u` to `next`.
    parses: HashMap<String, String>,
    returns: Taint,
    parameter_sinks: Vec<(usize, (usize, usize))>,
}

struct Analyzer<'a, 'tree> {
    /// Start bytes of every sink node, sorted: functions without one need no walk.
    sink_starts: Vec<usize>,
    text: &'a str,
    profile: &'static Profile,
    propagators: &'a [String],
    /// Arithmetic and numeric conversions carry the taint.
    values: bool,
    sources: HashMap<usize, (usize, usize)>,
    sinks: HashSet<usize>,
    sanitizers: HashSet<usize>,
    checks: CheckParts,
    /// How deep `guard` is in the bodies of helper checks (`if isLocal(x)`).
    guard_depth: std::cell::Cell<usize>,
    functions: &'a HashMap<&'a str, Vec<Node<'tree>>>,
    /// Per function node: `None` while its summary is being computed (recursion).
    summaries: HashMap<usize, Option<Rc<Summary>>>,
    findings: Vec<TaintFinding>,
    reported: HashSet<(usize, usize)>,
    cancel: &'a CancelToken,
    depth: usize,
}

impl<'a, 'tree> Analyzer<'a, 'tree> {
    fn text_of(&self, node: Node<'_>) -> &'a str {
        node_text(node, self.text)
    }

    fn is(&self, node: Node<'_>, kinds: &[&str]) -> bool {
        kinds.contains(&node.kind())
    }

    // ----- statements -----

    fn exec(&mut self, node: Node<'tree>, frame: &mut Frame) {
        if frame.state.terminated || self.cancel.is_cancelled() {
            return;
        }
        let profile = self.profile;
        let kind = node.kind();
        if profile.functions.contains(&kind) {
            self.analyze_in_place(node, frame);
        } else if profile.ifs.contains(&kind) {
            self.exec_if(node, frame);
        } else if profile.loops.contains(&kind) {
            self.exec_loop(node, frame);
        } else if profile.tries.contains(&kind) {
            self.exec_try(node, frame);
        } else if profile.returns.contains(&kind) {
            let taint = self.eval_children(node, frame);
            frame.returns.extend(&taint);
            frame.state.terminated = true;
        } else if profile.terminators.contains(&kind) {
            self.eval_children(node, frame);
            frame.state.terminated = true;
        } else if profile.calls.contains(&kind)
            && node
                .field("function")
                .is_some_and(|callee| profile.exits.contains(&self.text_of(callee)))
        {
            self.eval(node, frame);
            frame.state.terminated = true;
        } else if profile
            .assignments
            .iter()
            .any(|assignment| assignment.kind == kind)
        {
            self.eval(node, frame);
        } else if is_statement_like(kind) {
            let mut cursor = node.walk();
            let children: Vec<Node<'tree>> = node.named_children(&mut cursor).collect();
            for child in children {
                self.exec(child, frame);
            }
        } else {
            self.eval(node, frame);
        }
    }

    fn exec_block(&mut self, node: Option<Node<'tree>>, frame: &mut Frame) {
        if let Some(node) = node {
            self.exec(node, frame);
        }
    }

    fn exec_if(&mut self, node: Node<'tree>, frame: &mut Frame) {
        self.exec_block(node.field("initializer"), frame);
        let condition = node.field("condition");
        let folded = condition.and_then(|condition| {
            self.eval(condition, frame);
            self.fold(condition, &frame.state)
        });
        let mut cursor = node.walk();
        let alternatives = node.fields("alternative", &mut cursor);
        let guard = condition
            .map(|condition| self.guard(condition, frame))
            .unwrap_or_default();
        let mut before = frame.state.clone();
        if folded != Some(false) {
            self.clean_all(&guard.when_true, &mut frame.state);
            self.exec_block(node.field("consequence"), frame);
        }
        self.clean_all(&guard.when_false, &mut before);
        let then_state = std::mem::replace(&mut frame.state, before);
        if folded != Some(true) {
            self.exec_alternatives(&alternatives, frame);
        }
        frame.state = match folded {
            Some(true) => then_state,
            Some(false) => std::mem::take(&mut frame.state),
            None => State::join(then_state, std::mem::take(&mut frame.state)),
        };
    }

    fn exec_alternatives(&mut self, alternatives: &[Node<'tree>], frame: &mut Frame) {
        let Some((first, rest)) = alternatives.split_first() else {
            return;
        };
        match first.kind() {
            "elif_clause" => {
                let condition = first.field("condition");
                let folded = condition.and_then(|condition| {
                    self.eval(condition, frame);
                    self.fold(condition, &frame.state)
                });
                let guard = condition
                    .map(|condition| self.guard(condition, frame))
                    .unwrap_or_default();
                let mut before = frame.state.clone();
                self.clean_all(&guard.when_false, &mut before);
                if folded != Some(false) {
                    self.clean_all(&guard.when_true, &mut frame.state);
                    self.exec_block(first.field("consequence"), frame);
                }
                let then_state = std::mem::replace(&mut frame.state, before);
                if folded != Some(true) {
                    self.exec_alternatives(rest, frame);
                }
                frame.state = match folded {
                    Some(true) => then_state,
                    Some(false) => std::mem::take(&mut frame.state),
                    None => State::join(then_state, std::mem::take(&mut frame.state)),
                };
            }
            "else_clause" => {
                let mut cursor = first.walk();
                let children: Vec<Node<'tree>> = first.named_children(&mut cursor).collect();
                for child in children {
                    self.exec(child, frame);
                }
            }
            _ => self.exec(*first, frame),
        }
    }

    /// What a condition proves when it holds or fails: the variables a sanitizer in it
    /// checked (`if not is_safe(url): return`, `if (!p.startsWith(BASE)) throw ...`).
    fn guard(&self, condition: Node<'tree>, frame: &Frame) -> Guard {
        let kind = condition.kind();
        if kind == "parenthesized_expression" {
            return condition
                .named_child(0)
                .map(|inner| self.guard(inner, frame))
                .unwrap_or_default();
        }
        if self.is(condition, self.profile.identifiers)
            && let Some(check) = frame.checks.get(self.text_of(condition))
        {
            return check.clone();
        }
        // `if not parts.netloc`: a value that fails a truth test is empty, zero or null.
        if self.is(condition, self.profile.identifiers) || self.is(condition, self.profile.members)
        {
            return Guard {
                when_false: self.checked_paths(condition, frame),
                ..Guard::default()
            };
        }
        // `if allowed[x]`: a lookup in a clean map, used as a condition, is membership.
        if self.is(condition, self.profile.subscripts) {
            return Guard {
                when_true: self.looked_up(condition, frame),
                ..Guard::default()
            };
        }
        if let Some(parts) = self.checks.found.get(&condition.id()) {
            let checked = self.checked_names(condition, frame);
            let mut guard = Guard::default();
            for &(group, bit, when) in parts {
                let side = if when {
                    &mut guard.parts_true
                } else {
                    &mut guard.parts_false
                };
                side.extend(checked.iter().map(|path| (path.clone(), group, bit)));
            }
            return guard.completed(&self.checks.full);
        }
        if self.sanitizers.contains(&condition.id()) {
            let checked = self.checked_names(condition, frame);
            // `x not in ALLOWED` and `typeof x !== "string"` check on failing.
            let negated = match kind {
                "comparison_operator" => {
                    let mut cursor = condition.walk();
                    let operators = condition.children(&mut cursor);
                    operators.into_iter().any(|child| child.kind() == "not in")
                }
                "binary_expression" => condition
                    .field("operator")
                    .is_some_and(|operator| matches!(self.text_of(operator), "!==" | "!=")),
                _ => false,
            };
            let (when_true, when_false) = if negated {
                (Vec::new(), checked)
            } else {
                (checked, Vec::new())
            };
            return Guard {
                when_true,
                when_false,
                ..Guard::default()
            };
        }
        if self.is(condition, self.profile.calls)
            && let Some(guard) = self.helper_guard(condition)
        {
            return guard;
        }
        let negated = match kind {
            "not_operator" => condition.field("argument"),
            "unary_expression"
                if condition
                    .field("operator")
                    .is_some_and(|operator| self.text_of(operator) == "!") =>
            {
                condition
                    .field("argument")
                    .or_else(|| condition.field("operand"))
            }
            _ => None,
        };
        if let Some(inner) = negated {
            return self.guard(inner, frame).negated();
        }
        if matches!(kind, "boolean_operator" | "binary_expression") {
            let (Some(left), Some(right), Some(operator)) = (
                condition.field("left"),
                condition.field("right"),
                condition.field("operator"),
            ) else {
                return Guard::default();
            };
            let operator = self.text_of(operator);
            if matches!(operator, "==" | "===" | "!=" | "!==") {
                return self.equality(left, right, operator.starts_with('!'), frame);
            }
            let (left, right) = (self.guard(left, frame), self.guard(right, frame));
            // What both sides prove holds whichever side decided.
            let both = |one: &[String], other: &[String]| -> Vec<String> {
                one.iter()
                    .filter(|name| other.contains(name))
                    .cloned()
                    .collect()
            };
            let guard = match operator {
                "and" | "&&" => Guard {
                    when_false: both(&left.when_false, &right.when_false),
                    when_true: [left.when_true, right.when_true].concat(),
                    parts_true: [left.parts_true, right.parts_true].concat(),
                    parts_false: Vec::new(),
                },
                "or" | "||" => Guard {
                    when_true: both(&left.when_true, &right.when_true),
                    when_false: [left.when_false, right.when_false].concat(),
                    parts_true: Vec::new(),
                    parts_false: [left.parts_false, right.parts_false].concat(),
                },
                _ => Guard::default(),
            };
            return guard.completed(&self.checks.full);
        }
        // Python's `parts.netloc != ""`, `mode == "view"`.
        if kind == "comparison_operator" && condition.named_child_count() == 2 {
            let mut cursor = condition.walk();
            let operators: Vec<&str> = condition
                .children(&mut cursor)
                .filter(|child| !child.is_named())
                .map(|child| self.text_of(child))
                .collect();
            if let ([operator], Some(left), Some(right)) = (
                &operators[..],
                condition.named_child(0),
                condition.named_child(1),
            ) && matches!(*operator, "==" | "!=" | "is" | "is not")
            {
                return self.equality(
                    left,
                    right,
                    operator.contains('!') || operator.contains("not"),
                    frame,
                );
            }
        }
        Guard::default()
    }

    /// `x == "view"`, `u.Host != ""`, `err == nil`: a value equal to a literal is that
    /// literal. The other side is what the comparison fixes when it holds (or, negated, when
    /// it fails).
    fn equality(
        &self,
        left: Node<'tree>,
        right: Node<'tree>,
        negated: bool,
        frame: &Frame,
    ) -> Guard {
        let literal = |node: Node<'tree>| {
            is_plain_string(node)
                || (self.is(node, self.profile.literals) && !node.kind().contains("comment"))
        };
        // `os.path.commonpath([BASE, p]) == BASE`, `secure_filename(name) == name`: a
        // sanitizer's result compared with anything vouches, where they are equal, for what
        // the sanitizer checked.
        let sanitized = [left, right]
            .into_iter()
            .find(|side| self.sanitizers.contains(&side.id()));
        let fixed = if let Some(side) = sanitized {
            self.checked_names(side, frame)
        } else if literal(right) {
            self.checked_paths(left, frame)
        } else if literal(left) {
            self.checked_paths(right, frame)
        } else {
            Vec::new()
        };
        let guard = Guard {
            when_true: fixed,
            ..Guard::default()
        };
        if negated { guard.negated() } else { guard }
    }

    /// The receiver and the name of a call whose callee is `callee`: Java keeps the receiver
    /// in `object`, the others in the callee's member node. `None` for a call on another
    /// expression (`f()(x)`).
    fn receiver_and_name(
        &self,
        call: Node<'tree>,
        callee: Node<'tree>,
    ) -> Option<(Option<Node<'tree>>, Option<Node<'tree>>)> {
        match call.field("object") {
            Some(object) => Some((Some(object), Some(callee))),
            None if self.is(callee, self.profile.members) => {
                Some((base_object(callee), member_name(callee)))
            }
            None if self.is(callee, self.profile.identifiers) => Some((None, Some(callee))),
            None => None,
        }
    }

    /// A call of a helper of this file whose body returns a check (`isLocal(next)` with
    /// `boolean isLocal(String p) { return p.startsWith("/") && ...; }`): what the check
    /// proves of the helper's parameters, it proves of the arguments passed.
    fn helper_guard(&self, call: Node<'tree>) -> Option<Guard> {
        if self.guard_depth.get() >= MAX_SUMMARY_DEPTH {
            return None;
        }
        let callee = call.field("function").or_else(|| call.field("name"))?;
        let (receiver, name) = self.receiver_and_name(call, callee)?;
        let name = name?;
        if receiver
            .is_some_and(|receiver| !self.profile.receivers.contains(&self.text_of(receiver)))
        {
            return None;
        }
        let arguments: Vec<Node<'tree>> = {
            let list = call.field("arguments")?;
            let mut cursor = list.walk();
            list.named_children(&mut cursor)
                .filter(|child| !child.is_extra())
                .collect()
        };
        let function = self.resolve(self.text_of(name), arguments.len())?;
        let (assignments, returned) = returned_expression(function)?;
        let mut parameters = self.parameters(function);
        if receiver.is_some()
            && parameters
                .first()
                .and_then(|names| names.first())
                .is_some_and(|name| self.profile.receivers.contains(&self.text_of(*name)))
        {
            parameters.remove(0);
        }
        // A parameter's path in the helper -> the argument's path at the call.
        let argument_path = |path: &str| -> Option<String> {
            let (root, rest) = match path.find('.') {
                Some(dot) => (&path[..dot], &path[dot..]),
                None => (path, ""),
            };
            let index = parameters
                .iter()
                .position(|names| names.len() == 1 && self.text_of(names[0]) == root)?;
            let argument = self.unwrapped(*arguments.get(index)?);
            (self.is(argument, self.profile.identifiers) || self.is(argument, self.profile.members))
                .then(|| format!("{}{rest}", path_key(self.text_of(argument))))
        };
        self.guard_depth.set(self.guard_depth.get() + 1);
        // `u = urlparse(p)` before the return: a check on `u`'s host is a check on `p`.
        let mut locals = Frame::default();
        for (target, value) in assignments {
            if let Some(origin) = self.parsed_from(value) {
                locals.parses.insert(path_key(self.text_of(target)), origin);
            }
        }
        let inner = self.guard(returned, &locals);
        self.guard_depth.set(self.guard_depth.get() - 1);
        let paths = |paths: Vec<String>| -> Vec<String> {
            paths
                .iter()
                .filter_map(|path| argument_path(path))
                .collect()
        };
        let parts = |parts: Vec<(String, usize, u64)>| -> Vec<(String, usize, u64)> {
            parts
                .into_iter()
                .filter_map(|(path, group, bit)| Some((argument_path(&path)?, group, bit)))
                .collect()
        };
        let guard = Guard {
            when_true: paths(inner.when_true),
            when_false: paths(inner.when_false),
            parts_true: parts(inner.parts_true),
            parts_false: parts(inner.parts_false),
        };
        (!(guard.when_true.is_empty()
            && guard.when_false.is_empty()
            && guard.parts_true.is_empty()
            && guard.parts_false.is_empty()))
        .then_some(guard)
    }

    /// The paths a check on `node` vouches for: a variable or field, and, when `node` is the
    /// host of a parsed URL (`parts.netloc`, `u.Hostname()`, `uri.getHost()`,
    /// `urlparse(x).hostname`), the parsed value and the string it was parsed from.
    fn checked_paths(&self, node: Node<'tree>, frame: &Frame) -> Vec<String> {
        let mut paths = Vec::new();
        let profile = self.profile;
        // `u.Hostname()`, `uri.getHost()`: a getter without arguments stands for its field.
        let field = if self.is(node, profile.calls)
            && node
                .field("arguments")
                .is_none_or(|arguments| arguments.named_child_count() == 0)
        {
            match node.field("function") {
                Some(callee) if self.is(callee, profile.members) => Some(callee),
                // Java: `uri.getHost()` has its receiver and name on the call.
                None if node.field("object").is_some() => Some(node),
                _ => None,
            }
        } else if self.is(node, profile.identifiers) || self.is(node, profile.members) {
            paths.push(path_key(self.text_of(node)));
            self.is(node, profile.members).then_some(node)
        } else {
            None
        };
        let Some(field) = field else {
            return paths;
        };
        let (Some(base), Some(name)) = (
            base_object(field),
            member_name(field).or_else(|| field.field("name")),
        ) else {
            return paths;
        };
        if !profile.host_fields.contains(&self.text_of(name)) {
            return paths;
        }
        if self.is(base, profile.identifiers) || self.is(base, profile.members) {
            let base_path = path_key(self.text_of(base));
            if let Some(origin) = frame.parses.get(&base_path) {
                paths.push(origin.clone());
                paths.push(base_path);
            }
        } else if let Some(origin) = self.parsed_from(base) {
            paths.push(origin);
        }
        paths
    }

    /// The path of the string a URL parser call parses: `next` in `url.Parse(next)`,
    /// `new URL(target, base)`, `urlparse(self.target)`.
    fn parsed_from(&self, call: Node<'tree>) -> Option<String> {
        if !self.is(call, self.profile.calls) {
            return None;
        }
        let callee = call
            .field("function")
            .or_else(|| call.field("constructor"))
            .or_else(|| call.field("type"))
            .map(|callee| self.text_of(callee).to_string())
            .or_else(|| {
                // Java's `URI.create(x)`: receiver and name are fields of the call.
                let name = call.field("name")?;
                Some(match call.field("object") {
                    Some(object) => format!("{}.{}", self.text_of(object), self.text_of(name)),
                    None => self.text_of(name).to_string(),
                })
            })?;
        let parser = self.profile.url_parsers.iter().any(|parser| {
            callee == *parser
                || callee
                    .strip_suffix(parser)
                    .is_some_and(|prefix| prefix.ends_with('.'))
        });
        if !parser {
            return None;
        }
        let first = call.field("arguments")?.named_child(0)?;
        (self.is(first, self.profile.identifiers) || self.is(first, self.profile.members))
            .then(|| path_key(self.text_of(first)))
    }

    /// The keys a lookup in a clean container checks: `allowed[x]` proves `x` is a key of
    /// `allowed` when it holds. A container that holds request data proves nothing.
    fn looked_up(&self, lookup: Node<'tree>, frame: &Frame) -> Vec<String> {
        let Some(base) = base_object(lookup) else {
            return Vec::new();
        };
        let clean = if self.is(base, self.profile.identifiers) {
            !frame.state.get(self.text_of(base)).is_tainted()
        } else if self.is(base, self.profile.members) {
            !frame
                .state
                .get_path(&path_key(self.text_of(base)))
                .is_some_and(|taint| taint.is_tainted())
        } else {
            false
        };
        // `if (req.query[name])`: membership in request data proves nothing either.
        if !clean || self.holds_source(base) || self.sources.contains_key(&lookup.id()) {
            return Vec::new();
        }
        let mut cursor = lookup.walk();
        lookup
            .named_children(&mut cursor)
            .filter(|child| *child != base)
            .flat_map(|node| self.checked_paths(node, frame))
            .collect()
    }

    /// The variables and fields a sanitizing check looks at: its arguments, its receiver,
    /// or its operands.
    fn checked_names(&self, check: Node<'tree>, frame: &Frame) -> Vec<String> {
        let mut candidates: Vec<Node<'tree>> = Vec::new();
        if let Some(list) = check.field("arguments") {
            let mut cursor = list.walk();
            // `is_safe(url=target)`: a keyword argument checks its value.
            candidates.extend(list.named_children(&mut cursor).map(
                |argument| match argument.kind() {
                    "keyword_argument" => argument.field("value").unwrap_or(argument),
                    _ => argument,
                },
            ));
        }
        if let Some(object) = check.field("object") {
            candidates.push(object);
            // `PATTERN.matcher(x).matches()`: the check looks at the receiver's arguments.
            if self.is(object, self.profile.calls)
                && let Some(list) = object.field("arguments")
            {
                let mut cursor = list.walk();
                candidates.extend(list.named_children(&mut cursor));
            }
        }
        if let Some(callee) = check.field("function")
            && self.is(callee, self.profile.members)
            && let Some(base) = base_object(callee)
        {
            candidates.push(base);
        }
        if !self.is(check, self.profile.calls) {
            let mut cursor = check.walk();
            for operand in check.named_children(&mut cursor) {
                // `typeof x === "string"` looks at `x`.
                match operand.kind() {
                    "unary_expression" => candidates.extend(operand.field("argument")),
                    _ => candidates.push(operand),
                }
            }
        }
        // `os.path.commonpath([BASE, target])`: a check of a list literal checks its items.
        let mut items = Vec::new();
        for candidate in &candidates {
            if matches!(candidate.kind(), "list" | "tuple" | "array") {
                let mut cursor = candidate.walk();
                items.extend(candidate.named_children(&mut cursor));
            }
        }
        candidates.extend(items);
        candidates
            .into_iter()
            .map(|node| self.unwrapped(node))
            .flat_map(|node| self.checked_paths(node, frame))
            .collect()
    }

    /// What a check really looks at under a conversion or a default that changes nothing
    /// it proves: `x` in `String(x)`, `str(x)`, `x.toString()`, `(x)`, `x || ""`,
    /// `x ?? ""`, `x or ""`.
    fn unwrapped(&self, mut node: Node<'tree>) -> Node<'tree> {
        for _ in 0..4 {
            let next = match node.kind() {
                "parenthesized_expression" => node.named_child(0),
                "binary_expression" | "boolean_operator" => {
                    let operator = node
                        .field("operator")
                        .map(|operator| self.text_of(operator));
                    let right = node.field("right");
                    if matches!(operator, Some("||" | "??" | "or"))
                        && right.is_some_and(|right| right.kind().contains("string"))
                    {
                        node.field("left")
                    } else {
                        None
                    }
                }
                _ if self.is(node, self.profile.calls) => {
                    let arguments = node.field("arguments");
                    let count = arguments.map_or(0, |list| list.named_child_count());
                    let callee = node.field("function");
                    match callee {
                        Some(callee)
                            if count == 1 && matches!(self.text_of(callee), "String" | "str") =>
                        {
                            arguments.and_then(|list| list.named_child(0))
                        }
                        Some(callee)
                            if count == 0
                                && self.is(callee, self.profile.members)
                                && member_name(callee)
                                    .is_some_and(|name| self.text_of(name) == "toString") =>
                        {
                            base_object(callee)
                        }
                        _ => None,
                    }
                }
                _ => None,
            };
            match next {
                Some(next) => node = next,
                None => break,
            }
        }
        node
    }

    fn clean_all(&self, names: &[String], state: &mut State) {
        for name in names {
            if name.contains('.') {
                state.set_path(name.clone(), Taint::default());
            } else {
                state.set(name, Taint::default());
            }
        }
    }

    fn exec_loop(&mut self, node: Node<'tree>, frame: &mut Frame) {
        let body = node.field("body");
        let mut cursor = node.walk();
        let parts: Vec<Node<'tree>> = node
            .named_children(&mut cursor)
            .filter(|child| Some(*child) != body)
            .collect();
        let before = frame.state.clone();
        for part in parts {
            self.bind_for_each(node, part, frame);
        }
        self.bind_for_each(node, node, frame);
        // A second pass carries taint around the loop; it is needed only if the first
        // pass changed something.
        for _ in 0..2 {
            let entry = frame.state.clone();
            self.exec_block(body, frame);
            frame.state = State::join(entry.clone(), std::mem::take(&mut frame.state));
            if frame.state == entry {
                break;
            }
        }
        frame.state = State::join(before, std::mem::take(&mut frame.state));
    }

    /// Binds the loop variable of a for-each (the loop itself, or Go's range clause).
    fn bind_for_each(&mut self, loop_node: Node<'tree>, part: Node<'tree>, frame: &mut Frame) {
        let spec = self
            .profile
            .for_each
            .iter()
            .find(|(kind, _, _)| *kind == part.kind());
        match spec {
            Some((_, target, iterable)) => {
                let taint = part
                    .field(iterable)
                    .map(|iterable| self.eval(iterable, frame))
                    .unwrap_or_default();
                if let Some(target) = part.field(target) {
                    self.assign(target, taint, None, false, frame);
                }
            }
            None if part != loop_node => self.exec(part, frame),
            None => {}
        }
    }

    fn exec_try(&mut self, node: Node<'tree>, frame: &mut Frame) {
        let mut cursor = node.walk();
        let children: Vec<Node<'tree>> = node.named_children(&mut cursor).collect();
        let is_handler = |kind: &str| kind.contains("except") || kind.contains("catch");
        let is_finally = |kind: &str| kind.contains("finally") || kind == "else_clause";
        let before = frame.state.clone();
        for child in children
            .iter()
            .filter(|child| !is_handler(child.kind()) && !is_finally(child.kind()))
        {
            self.exec(*child, frame);
        }
        for handler in children.iter().filter(|child| is_handler(child.kind())) {
            let after_body = std::mem::take(&mut frame.state);
            frame.state = State::join(before.clone(), after_body.clone());
            frame.state.terminated = false;
            // `catch (E e)`: the caught exception, a source where a rule captures its name.
            if let Some(name) = caught_name(*handler) {
                let mut taint = Taint::default();
                if let Some(range) = self.sources.get(&name.id()) {
                    taint.push(Origin::Source(*range));
                }
                frame.state.set(self.text_of(name), taint);
            }
            self.exec(*handler, frame);
            frame.state = State::join(after_body, std::mem::take(&mut frame.state));
        }
        for finally in children.iter().filter(|child| is_finally(child.kind())) {
            self.exec(*finally, frame);
        }
    }

    // ----- functions -----

    /// Whether a sink, or a call that may reach one, lies inside `node`.
    fn has_sink(&self, node: Node<'_>) -> bool {
        let start = self
            .sink_starts
            .partition_point(|sink| *sink < node.start_byte());
        self.sink_starts
            .get(start)
            .is_some_and(|sink| *sink < node.end_byte())
    }

    /// Analyses a function met while walking its parent: it sees the parent's variables.
    /// Its effects stay inside it, so a function without a sink is skipped.
    fn analyze_in_place(&mut self, function: Node<'tree>, frame: &mut Frame) {
        if self.has_sink(function) {
            self.returns_in_place(function, frame);
        }
    }

    /// Whether a source of this rule lies inside `node`.
    fn holds_source(&self, node: Node<'tree>) -> bool {
        let range = node.start_byte()..node.end_byte();
        self.sources
            .values()
            .any(|(start, end)| range.start <= *start && *end <= range.end)
    }

    /// Runs a function value in place (the enclosing state as its closure) and gives the
    /// taint of what it returns. Its own parameters hold nothing (a source aside), so what
    /// reaches a sink from the closure is the enclosing function's: a helper's parameter that
    /// a callback inside it (`new Promise((resolve) => client.search(base, { filter: ... }))`)
    /// hands to a sink is a sink of the helper.
    fn returns_in_place(&mut self, function: Node<'tree>, frame: &mut Frame) -> Taint {
        let mut inner = Frame {
            state: frame.state.clone(),
            ..Frame::default()
        };
        inner.state.terminated = false;
        self.run_function(function, &mut inner, true);
        frame.parameter_sinks.append(&mut inner.parameter_sinks);
        inner.returns
    }

    fn parameters(&self, function: Node<'tree>) -> Vec<Vec<Node<'tree>>> {
        let Some(list) = function
            .field("parameters")
            .or_else(|| function.field("parameter"))
        else {
            return Vec::new();
        };
        if self.is(list, self.profile.identifiers) {
            return vec![vec![list]];
        }
        let mut cursor = list.walk();
        let mut parameters = Vec::new();
        for child in list.named_children(&mut cursor) {
            if child.is_extra() || child.kind().contains("comment") {
                continue;
            }
            // Go declares several parameters in one node: `a, b string`.
            let mut names_cursor = child.walk();
            let names = child.fields("name", &mut names_cursor);
            if names.len() > 1 {
                parameters.extend(names.into_iter().map(|name| vec![name]));
            } else {
                parameters.push(self.binding_identifiers(child));
            }
        }
        parameters
    }

    /// Identifiers a parameter or destructuring pattern binds.
    fn binding_identifiers(&self, node: Node<'tree>) -> Vec<Node<'tree>> {
        if self.is(node, self.profile.identifiers)
            || node.kind() == "shorthand_property_identifier_pattern"
        {
            return vec![node];
        }
        for field in ["name", "pattern", "left"] {
            if let Some(inner) = node.field(field) {
                return self.binding_identifiers(inner);
            }
        }
        if node.kind().contains("pattern")
            || node.kind().contains("parameter")
            || node.kind().ends_with("_list")
            || node.kind() == "pair_pattern"
        {
            let mut cursor = node.walk();
            let type_node = node.field("type");
            let key_node = node.field("key");
            return node
                .named_children(&mut cursor)
                .filter(|child| Some(*child) != type_node && Some(*child) != key_node)
                .flat_map(|child| self.binding_identifiers(child))
                .collect();
        }
        Vec::new()
    }

    /// Walks a function body with parameters bound symbolically (and to their sources, for
    /// request-handler parameters), collecting what it returns and which sinks they reach.
    /// `in_place`: the function runs where it stands, as a closure of the enclosing frame,
    /// so its parameters are not the parameters a summary speaks of.
    fn run_function(&mut self, function: Node<'tree>, frame: &mut Frame, in_place: bool) {
        for (index, names) in self.parameters(function).into_iter().enumerate() {
            for name in names {
                let mut taint = if in_place {
                    Taint::default()
                } else {
                    Taint::from_origin(Origin::Parameter(index))
                };
                if let Some(range) = self.sources.get(&name.id()) {
                    taint.push(Origin::Source(*range));
                }
                frame.state.set(self.text_of(name), taint);
            }
        }
        let Some(body) = function.field("body") else {
            return;
        };
        if self.is(body, STATEMENT_BLOCKS) || is_statement_like(body.kind()) {
            self.exec(body, frame);
        } else {
            // An expression body: `(x) => x + 1`, Python's `lambda`.
            let taint = self.eval(body, frame);
            frame.returns.extend(&taint);
        }
    }

    fn summary(&mut self, function: Node<'tree>) -> Option<Rc<Summary>> {
        if let Some(known) = self.summaries.get(&function.id()) {
            return known.clone();
        }
        if self.depth >= MAX_SUMMARY_DEPTH {
            return None;
        }
        self.summaries.insert(function.id(), None);
        self.depth += 1;
        let mut frame = Frame::default();
        self.run_function(function, &mut frame, false);
        self.depth -= 1;
        let skips_receiver = self
            .parameters(function)
            .first()
            .and_then(|names| names.first())
            .is_some_and(|name| self.profile.receivers.contains(&self.text_of(*name)));
        let summary = Rc::new(Summary {
            returns: frame.returns,
            parameter_sinks: frame.parameter_sinks,
            skips_receiver,
        });
        self.summaries
            .insert(function.id(), Some(Rc::clone(&summary)));
        Some(summary)
    }

    // ----- expressions -----

    fn eval_children(&mut self, node: Node<'tree>, frame: &mut Frame) -> Taint {
        let mut taint = Taint::default();
        let mut cursor = node.walk();
        let children: Vec<Node<'tree>> = node.named_children(&mut cursor).collect();
        for child in children {
            let child_taint = self.eval(child, frame);
            taint.extend(&child_taint);
        }
        taint
    }

    fn eval(&mut self, node: Node<'tree>, frame: &mut Frame) -> Taint {
        let taint = self.eval_inner(node, frame);
        // A function handed to a sink is code, not data (a tRPC `.query(({ input }) => ...)`).
        if self.sinks.contains(&node.id())
            && taint.is_tainted()
            && !self.profile.functions.contains(&node.kind())
        {
            self.reach_sink(node, &taint, frame);
        }
        taint
    }

    fn reach_sink(&mut self, sink: Node<'tree>, taint: &Taint, frame: &mut Frame) {
        let sink_range = (sink.start_byte(), sink.end_byte());
        for origin in taint.origins() {
            match origin {
                Origin::Source(source) => self.report(sink_range, *source),
                Origin::Parameter(index) => frame.parameter_sinks.push((*index, sink_range)),
            }
        }
    }

    fn report(&mut self, sink: (usize, usize), source: (usize, usize)) {
        if self.reported.insert(sink) {
            self.findings.push(TaintFinding { sink, source });
        }
    }

    fn eval_inner(&mut self, node: Node<'tree>, frame: &mut Frame) -> Taint {
        let id = node.id();
        if self.sanitizers.contains(&id) {
            return Taint::default();
        }
        if let Some(range) = self.sources.get(&id) {
            let mut taint = Taint::from_origin(Origin::Source(*range));
            // Arguments of a source call may hold sinks of their own.
            if self.is(node, self.profile.calls) {
                let inner = self.eval_call(node, frame);
                taint.extend(&inner);
                self.taint_out_parameters(node, "", &taint, frame);
            }
            return taint;
        }
        let profile = self.profile;
        let kind = node.kind();
        if profile.literals.contains(&kind) || is_plain_string(node) {
            return Taint::default();
        }
        if profile.identifiers.contains(&kind) {
            let name = self.text_of(node);
            let taint = frame.state.get(name);
            if taint.is_tainted() {
                return taint;
            }
            // A bare field name in a method body (Java) reads `this.name`.
            return profile
                .receivers
                .iter()
                .find_map(|receiver| frame.state.get_path(&format!("{receiver}.{name}")))
                .unwrap_or_default();
        }
        if is_boolean_or_number(node, self.text) && !(self.values && is_arithmetic(node, self.text))
        {
            // Comparisons, negations, `typeof`, `instanceof`: evaluate for sinks inside, but
            // a boolean or a type name carries no attacker-controlled text.
            self.eval_children(node, frame);
            return Taint::default();
        }
        if let Some(assignment) = profile.assignments.iter().find(|a| a.kind == kind) {
            return self.eval_assignment(node, assignment, frame);
        }
        if profile.functions.contains(&kind) {
            // A function value: its sinks are checked where it stands; and when a source is
            // inside it, what it returns is the value's taint (`Array.from(xs, () =>
            // Math.random())`, `items.map(x => req.query[x])`: the call's result carries it).
            if self.holds_source(node) {
                return self.returns_in_place(node, frame);
            }
            self.analyze_in_place(node, frame);
            return Taint::default();
        }
        if profile.calls.contains(&kind) {
            return self.eval_call(node, frame);
        }
        if profile.members.contains(&kind) {
            if let Some(taint) = frame.state.get_path(&path_key(self.text_of(node))) {
                return taint;
            }
            // `o.k` on a local object built with constant keys: the entry under `k`.
            if let Some(base) = base_object(node).filter(|base| self.is_container_local(*base))
                && let Some(property) =
                    member_name(node).filter(|property| property.kind() == "property_identifier")
                && frame.state.has_keyed(self.text_of(base))
            {
                return frame
                    .state
                    .get_keyed(self.text_of(base), self.text_of(property));
            }
            return match base_object(node) {
                Some(base) => self.eval(base, frame),
                None => Taint::default(),
            };
        }
        if profile.subscripts.contains(&kind) {
            // `m["k"]`, `xs[0]` on a local: the entry under that key.
            if let Some((name, key)) = self.keyed_access(node) {
                return frame.state.get_keyed(name, &key);
            }
            let mut taint = match base_object(node) {
                Some(base) => self.eval(base, frame),
                None => Taint::default(),
            };
            // Evaluate the index too, for sinks inside it. It does not taint the value, except
            // for value flows: an element picked by a weak random index is as guessable as
            // the index (`ALPHABET[Math.floor(Math.random() * n)]`).
            let mut cursor = node.walk();
            let rest: Vec<Node<'tree>> = node
                .named_children(&mut cursor)
                .filter(|child| Some(*child) != base_object(node))
                .collect();
            for child in rest {
                let index = self.eval(child, frame);
                if self.values {
                    taint.extend(&index);
                }
            }
            return taint;
        }
        if profile.ternaries.contains(&kind) {
            return self.eval_ternary(node, frame);
        }
        if profile.keyword_arguments.contains(&kind) || kind == "pair" {
            return match node.field("value") {
                Some(value) => self.eval(value, frame),
                None => self.eval_children(node, frame),
            };
        }
        if kind == "as_pattern" {
            // Python `with open(p) as f` / `except E as e`.
            let mut cursor = node.walk();
            let children: Vec<Node<'tree>> = node.named_children(&mut cursor).collect();
            if let [value, target, ..] = children.as_slice() {
                let mut taint = self.eval(*value, frame);
                // `except E as exc` where a rule captures `exc` as a source.
                let name = match target.kind() {
                    "as_pattern_target" => target.named_child(0),
                    _ => Some(*target),
                };
                if let Some(range) = name.and_then(|name| self.sources.get(&name.id())) {
                    taint.push(Origin::Source(*range));
                }
                self.assign(*target, taint.clone(), None, false, frame);
                return taint;
            }
        }
        self.eval_children(node, frame)
    }

    fn eval_ternary(&mut self, node: Node<'tree>, frame: &mut Frame) -> Taint {
        let (condition, consequence, alternative) = match (
            node.field("condition"),
            node.field("consequence"),
            node.field("alternative"),
        ) {
            (Some(condition), Some(consequence), Some(alternative)) => {
                (condition, consequence, alternative)
            }
            _ => {
                // Python: `body if condition else alternative`.
                let mut cursor = node.walk();
                let children: Vec<Node<'tree>> = node.named_children(&mut cursor).collect();
                let [consequence, condition, alternative] = children.as_slice() else {
                    return self.eval_children(node, frame);
                };
                (*condition, *consequence, *alternative)
            }
        };
        self.eval(condition, frame);
        match self.fold(condition, &frame.state) {
            Some(true) => self.eval(consequence, frame),
            Some(false) => self.eval(alternative, frame),
            None => {
                // `ALLOWED.includes(x) ? x : "/"`: each branch sees what the condition
                // proves on its outcome, and only for the branch.
                let guard = self.guard(condition, frame);
                let mut taint = self.eval_guarded(consequence, &guard.when_true, frame);
                let other = self.eval_guarded(alternative, &guard.when_false, frame);
                taint.extend(&other);
                taint
            }
        }
    }

    /// Evaluates `node` with `clean` proved clean, then restores what they held.
    fn eval_guarded(&mut self, node: Node<'tree>, clean: &[String], frame: &mut Frame) -> Taint {
        if clean.is_empty() {
            return self.eval(node, frame);
        }
        let saved = frame.state.clone();
        self.clean_all(clean, &mut frame.state);
        let taint = self.eval(node, frame);
        frame.state = saved;
        taint
    }

    fn eval_assignment(
        &mut self,
        node: Node<'tree>,
        assignment: &profile::AssignmentKind,
        frame: &mut Frame,
    ) -> Taint {
        let value = node.field(assignment.value);
        let augmented = assignment.augmented.unwrap_or_else(|| {
            node.field("operator")
                .is_some_and(|operator| self.text_of(operator) != "=")
        });
        let mut cursor = node.walk();
        let targets = node.fields(assignment.target, &mut cursor);
        let Some(value) = value else {
            // A declaration without a value clears nothing but binds nothing either.
            return Taint::default();
        };
        // `a, b = x, y` (and Go's `a, b := x, y`): pair the sides up when they line up.
        let target_items = list_items(&targets);
        let value_items = list_items(&[value]);
        self.record_checks(&target_items, &value_items, frame);
        if target_items.len() > 1 && target_items.len() == value_items.len() {
            let mut all = Taint::default();
            for (target, value) in target_items.iter().zip(&value_items) {
                let taint = self.eval(*value, frame);
                let constant = self.constant(*value, &frame.state);
                self.assign(*target, taint.clone(), constant, augmented, frame);
                all.extend(&taint);
            }
            return all;
        }
        if let [target] = target_items[..]
            && !augmented
            && let Some(taint) = self.assign_keyed_literal(target, value, frame)
        {
            return taint;
        }
        let taint = self.eval(value, frame);
        let constant = self.constant(value, &frame.state);
        // Go wraps single targets in a list: `debug := false`.
        let targets = if target_items.len() == 1 {
            target_items
        } else {
            targets
        };
        for target in targets {
            self.assign(target, taint.clone(), constant.clone(), augmented, frame);
        }
        taint
    }

    /// Remembers the locals an assignment makes hold a check (`ok := allowed[x]`,
    /// `_, ok := allowed[x]`, `valid = pattern.fullmatch(x)`) and forgets what the
    /// others held.
    fn record_checks(&self, targets: &[Node<'tree>], values: &[Node<'tree>], frame: &mut Frame) {
        for target in targets {
            if self.is(*target, self.profile.identifiers) || self.is(*target, self.profile.members)
            {
                frame.checks.remove(self.text_of(*target));
                frame.parses.remove(&path_key(self.text_of(*target)));
            }
        }
        // `parts = urlparse(target)`, `u, err := url.Parse(next)`.
        if let ([target] | [target, _], [value]) = (targets, values)
            && (self.is(*target, self.profile.identifiers)
                || self.is(*target, self.profile.members))
            && let Some(origin) = self.parsed_from(*value)
        {
            frame.parses.insert(path_key(self.text_of(*target)), origin);
        }
        let guard = match (targets, values) {
            ([target], [value]) => Some((*target, self.guard(*value, frame))),
            // Go's `_, ok := allowed[x]`: the flag holds what the lookup proves.
            ([_, flag], [value]) if self.is(*value, self.profile.subscripts) => {
                Some((*flag, self.guard(*value, frame)))
            }
            _ => None,
        };
        if let Some((target, guard)) = guard
            && self.is(target, self.profile.identifiers)
            && !(guard.when_true.is_empty() && guard.when_false.is_empty())
        {
            frame.checks.insert(self.text_of(target).to_string(), guard);
        }
    }

    /// Stores `taint` into an assignment target.
    fn assign(
        &mut self,
        target: Node<'tree>,
        taint: Taint,
        constant: Option<Constant>,
        augmented: bool,
        frame: &mut Frame,
    ) {
        let profile = self.profile;
        if profile.identifiers.contains(&target.kind())
            || target.kind() == "shorthand_property_identifier_pattern"
        {
            let name = self.text_of(target);
            if augmented {
                let mut combined = frame.state.get(name);
                combined.extend(&taint);
                frame.state.set(name, combined);
                frame.state.set_constant(name, None);
            } else {
                frame.state.set(name, taint);
                frame.state.set_constant(name, constant);
            }
        } else if profile.members.contains(&target.kind()) {
            let key = path_key(self.text_of(target));
            let mut combined = if augmented {
                frame.state.get_path(&key).unwrap_or_default()
            } else {
                Taint::default()
            };
            combined.extend(&taint);
            frame.state.set_path(key, combined);
        } else if profile.subscripts.contains(&target.kind()) {
            if let Some((name, key)) = self.keyed_access(target) {
                // A write under a constant key replaces that entry only.
                let mut combined = if augmented {
                    frame.state.get_keyed(name, &key)
                } else {
                    Taint::default()
                };
                combined.extend(&taint);
                frame.state.set_keyed(name, &key, combined);
            } else if let Some(base) = base_object(target) {
                // A container write taints the container (a weak update), with its key:
                // `seen[request_value] = true` makes `seen` hold request data.
                let mut combined = self.eval_children_except(target, base, frame);
                combined.extend(&taint);
                self.taint_receiver(base, &combined, frame);
            }
        } else {
            for name in self.binding_identifiers(target) {
                if name != target {
                    self.assign(name, taint.clone(), None, augmented, frame);
                }
            }
        }
    }

    fn eval_children_except(
        &mut self,
        node: Node<'tree>,
        except: Node<'tree>,
        frame: &mut Frame,
    ) -> Taint {
        let mut cursor = node.walk();
        let children: Vec<Node<'tree>> = node
            .named_children(&mut cursor)
            .filter(|child| *child != except)
            .collect();
        let mut taint = Taint::default();
        for child in children {
            taint.extend(&self.eval(child, frame));
        }
        taint
    }

    /// Adds `taint` to a variable or field (weak update).
    fn taint_receiver(&mut self, receiver: Node<'tree>, taint: &Taint, frame: &mut Frame) {
        if !taint.is_tainted() {
            return;
        }
        let profile = self.profile;
        if profile.identifiers.contains(&receiver.kind()) {
            let name = self.text_of(receiver);
            frame.state.add(name, taint);
            frame.state.set_constant(name, None);
        } else if profile.members.contains(&receiver.kind()) {
            let key = path_key(self.text_of(receiver));
            let mut combined = frame.state.get_path(&key).unwrap_or_default();
            combined.extend(taint);
            frame.state.set_path(key, combined);
        } else if profile.subscripts.contains(&receiver.kind())
            && let Some(base) = base_object(receiver)
        {
            self.taint_receiver(base, taint, frame);
        } else if profile.calls.contains(&receiver.kind()) {
            // `sb.append("<li>").append(tainted)`: the builder at the root of the chain.
            let inner = receiver.field("object").or_else(|| {
                receiver
                    .field("function")
                    .filter(|callee| profile.members.contains(&callee.kind()))
                    .and_then(base_object)
            });
            if let Some(inner) = inner {
                self.taint_receiver(inner, taint, frame);
            }
        }
    }

    /// `json.Unmarshal(body, &v)`, `dec.Decode(&v)`: a pointer argument receives the data.
    fn taint_out_parameters(
        &mut self,
        call: Node<'tree>,
        name: &str,
        taint: &Taint,
        frame: &mut Frame,
    ) {
        if !taint.is_tainted() {
            return;
        }
        let reads_into = self.profile.read_into.contains(&name);
        let Some(list) = call.field("arguments") else {
            return;
        };
        let mut cursor = list.walk();
        let targets: Vec<Node<'tree>> = list
            .named_children(&mut cursor)
            .filter_map(|argument| match argument.kind() {
                // Go: `json.Unmarshal(body, &out)`.
                "unary_expression"
                    if argument
                        .field("operator")
                        .is_some_and(|operator| self.text_of(operator) == "&") =>
                {
                    argument.field("operand")
                }
                // Java: `e.printStackTrace(new PrintWriter(buffer))` writes into `buffer`.
                "object_creation_expression"
                    if argument.field("type").is_some_and(|kind| {
                        let name = self.text_of(kind);
                        WRITER_WRAPPERS
                            .iter()
                            .any(|wrapper| name.rsplit('.').next() == Some(*wrapper))
                    }) =>
                {
                    argument
                        .field("arguments")
                        .and_then(|arguments| arguments.named_child(0))
                        .filter(|inner| self.is(*inner, self.profile.identifiers))
                }
                // `in.read(buffer)`, `message.readBytes(raw)`, `io.ReadFull(r, buf)`: the
                // buffer holds what was read.
                "identifier" if reads_into => Some(argument),
                _ => None,
            })
            .collect();
        for target in targets {
            self.taint_receiver(target, taint, frame);
        }
    }

    fn eval_call(&mut self, node: Node<'tree>, frame: &mut Frame) -> Taint {
        let callee = node
            .field("function")
            .or_else(|| node.field("constructor"))
            .or_else(|| node.field("name"))
            .or_else(|| node.field("type"))
            // `await repo.find<T>(q)`: tree-sitter-typescript makes the awaited callee the
            // function (see rules/awaited.rs); the call is still `repo.find`.
            .map(|callee| match callee.kind() {
                "await_expression" => callee.named_child(0).unwrap_or(callee),
                _ => callee,
            });
        let (receiver, name) = match callee
            .map(|callee| (callee, self.receiver_and_name(node, callee)))
        {
            Some((_, Some((receiver, name)))) => (receiver, name.map(|name| self.text_of(name))),
            Some((callee, None)) => {
                // A call on a call or another expression: `f()(x)`, `(a || b)(x)`.
                self.eval(callee, frame);
                (None, None)
            }
            None => (None, None),
        };
        if let Some(taint) = self.keyed_call(node, receiver, name, frame) {
            return taint;
        }
        let receiver_taint = match receiver {
            Some(receiver) => self.eval(receiver, frame),
            None => Taint::default(),
        };
        let arguments_node = node.field("arguments");
        let mut argument_taints = Vec::new();
        if let Some(list) = arguments_node {
            let mut cursor = list.walk();
            let arguments: Vec<Node<'tree>> = list
                .named_children(&mut cursor)
                .filter(|child| !child.is_extra())
                .collect();
            for argument in arguments {
                argument_taints.push(self.eval(argument, frame));
            }
            if self.sinks.contains(&list.id()) {
                let mut all = Taint::default();
                for taint in &argument_taints {
                    all.extend(taint);
                }
                if all.is_tainted() {
                    self.reach_sink(list, &all, frame);
                }
            }
        }
        let name = name.unwrap_or_default();
        if self.profile.clean_calls.contains(&name) && !self.values {
            if self.profile.read_into.contains(&name) {
                // `n = in.read(buffer)`: the count is clean, the buffer holds what was read.
                let mut read = receiver_taint;
                for taint in &argument_taints {
                    read.extend(taint);
                }
                self.taint_out_parameters(node, name, &read, frame);
            }
            return Taint::default();
        }
        // `items.forEach(x => ...)`, `list.stream().map(n -> ...)`: the callback's first
        // parameter holds an element of the receiver.
        if receiver_taint.is_tainted()
            && CALLBACK_METHODS.contains(&name)
            && let Some(list) = arguments_node
        {
            let mut cursor = list.walk();
            let callbacks: Vec<Node<'tree>> = list
                .named_children(&mut cursor)
                .filter(|argument| self.is(*argument, self.profile.functions))
                .collect();
            for callback in callbacks {
                if self.has_sink(callback) {
                    self.analyze_with_first_parameter(callback, &receiver_taint, frame);
                }
            }
        }
        let mut arguments_taint = Taint::default();
        for taint in &argument_taints {
            arguments_taint.extend(taint);
        }
        let is_propagator = self.profile.propagators.contains(&name)
            || self.propagators.iter().any(|extra| extra == name);
        if is_propagator && let Some(receiver) = receiver {
            self.taint_receiver(receiver, &arguments_taint, frame);
        }
        // Celery: `task.delay(a, b)` runs the task function of this file with `(a, b)` in a
        // worker (after `self` for a bound task).
        if name == "delay"
            && let Some(task) = receiver.filter(|task| self.is(*task, self.profile.identifiers))
            && let Some(function) = self.resolve(self.text_of(task), argument_taints.len())
            && let Some(summary) = self.summary(function)
        {
            return self.apply_summary(&summary, true, &argument_taints, frame);
        }
        // A helper defined in this file: apply its summary. Calls on `self`/`this`, plain
        // calls, and method calls whose name only one function of this file has.
        let local_receiver = receiver
            .is_none_or(|receiver| self.profile.receivers.contains(&self.text_of(receiver)));
        let function = if local_receiver {
            self.resolve(name, argument_taints.len())
        } else {
            receiver.and_then(|receiver| {
                self.resolve_unique_method(name)
                    .or_else(|| self.resolve_typed_method(receiver, name))
            })
        };
        if let Some(function) = function
            && let Some(summary) = self.summary(function)
        {
            let mut result =
                self.apply_summary(&summary, receiver.is_some(), &argument_taints, frame);
            if !local_receiver {
                // `job.getSource()`: what an object's method returns may be its own data.
                result.extend(&receiver_taint);
            }
            return result;
        }
        let mut combined = receiver_taint.clone();
        combined.extend(&arguments_taint);
        self.taint_out_parameters(node, name, &combined, frame);
        // `map.get(key)`: a tainted key does not make the stored value tainted.
        if LOOKUP_METHODS.contains(&name) && receiver.is_some() {
            return receiver_taint;
        }
        combined
    }

    /// A local container variable and a constant key, when `node` is `m["k"]` or `xs[0]`.
    fn keyed_access(&self, node: Node<'tree>) -> Option<(&'a str, String)> {
        let base = base_object(node).filter(|base| self.is_container_local(*base))?;
        let index = node.field("subscript").or_else(|| node.field("index"))?;
        Some((self.text_of(base), self.constant_key(index)?))
    }

    /// `m = {"k": v, "j": "c"}` (a Python dictionary or JavaScript object literal whose
    /// keys are all constants, `{ k: v, j }` included) into a local: each entry kept under
    /// its key. `None` (nothing evaluated) for anything else (spreads, computed keys).
    fn assign_keyed_literal(
        &mut self,
        target: Node<'tree>,
        value: Node<'tree>,
        frame: &mut Frame,
    ) -> Option<Taint> {
        if !matches!(value.kind(), "dictionary" | "object") || !self.is_container_local(target) {
            return None;
        }
        let mut cursor = value.walk();
        let pairs: Vec<Node<'tree>> = value
            .named_children(&mut cursor)
            .filter(|child| child.kind() != "comment")
            .collect();
        let mut entries = Vec::with_capacity(pairs.len());
        for pair in &pairs {
            match pair.kind() {
                "pair" => {
                    let key = pair.field("key")?;
                    let key = if key.kind() == "property_identifier" {
                        self.text_of(key).to_owned()
                    } else {
                        self.constant_key(key)?
                    };
                    entries.push((key, Some(pair.field("value")?)));
                }
                // `{ month }`: the local of that name
                "shorthand_property_identifier" => {
                    entries.push((self.text_of(*pair).to_owned(), None));
                }
                _ => return None,
            }
        }
        let name = self.text_of(target);
        let mut all = Taint::default();
        let mut evaluated = Vec::with_capacity(entries.len());
        for (key, value) in entries {
            let taint = match value {
                Some(value) => self.eval(value, frame),
                None => frame.state.get(&key),
            };
            all.extend(&taint);
            evaluated.push((key, taint));
        }
        frame.state.set(name, Taint::default());
        frame.state.set_constant(name, None);
        for (key, taint) in evaluated {
            frame.state.set_keyed(name, &key, taint);
        }
        Some(all)
    }

    /// A plain name that may hold a container: not `self`/`this`, not itself a source or
    /// a sanitised value.
    fn is_container_local(&self, node: Node<'tree>) -> bool {
        self.is(node, self.profile.identifiers)
            && !self.profile.receivers.contains(&self.text_of(node))
            && !self.sources.contains_key(&node.id())
            && !self.sanitizers.contains(&node.id())
    }

    /// The key a constant index or key stands for: a plain string's content, or an
    /// integer (`#0`, so that `m[0]` and `m["0"]` stay apart).
    fn constant_key(&self, node: Node<'tree>) -> Option<String> {
        let text = self.text_of(node);
        if is_plain_string(node) && !text.contains('\\') {
            let quotes: &[char] = &['"', '\'', '`'];
            return Some(text.trim_matches(quotes).to_owned());
        }
        let integer = matches!(
            node.kind(),
            "integer" | "number" | "decimal_integer_literal" | "int_literal"
        ) && text.bytes().all(|byte| byte.is_ascii_digit());
        integer.then(|| format!("#{text}"))
    }

    /// `m.put("k", v)` / `m.set("k", v)` (a write of that entry), `m.get("k")` /
    /// `m.getOrDefault("k", d)` (a read of it) on a local container; `None` for any other
    /// call, which is evaluated as usual.
    fn keyed_call(
        &mut self,
        call: Node<'tree>,
        receiver: Option<Node<'tree>>,
        name: Option<&str>,
        frame: &mut Frame,
    ) -> Option<Taint> {
        let receiver = receiver.filter(|receiver| self.is_container_local(*receiver))?;
        let name = name?;
        if !matches!(name, "put" | "set" | "get" | "getOrDefault") {
            return None;
        }
        let list = call.field("arguments")?;
        if self.sinks.contains(&list.id()) {
            return None;
        }
        let mut cursor = list.walk();
        let arguments: Vec<Node<'tree>> = list
            .named_children(&mut cursor)
            .filter(|child| !child.is_extra() && child.kind() != "comment")
            .collect();
        let key = self.constant_key(*arguments.first()?)?;
        let container = self.text_of(receiver);
        match (name, arguments.len()) {
            ("put" | "set", 2) => {
                let taint = self.eval(arguments[1], frame);
                frame.state.set_keyed(container, &key, taint.clone());
                frame.state.set_constant(container, None);
                // Java's `put` returns the value it replaced; JavaScript's `set` the map.
                Some(if name == "set" {
                    frame.state.get(container)
                } else {
                    Taint::default()
                })
            }
            ("get", 1) => Some(frame.state.get_keyed(container, &key)),
            ("getOrDefault", 2) => {
                let mut taint = frame.state.get_keyed(container, &key);
                taint.extend(&self.eval(arguments[1], frame));
                Some(taint)
            }
            _ => None,
        }
    }

    /// The one method of this file named `name`, if exactly one exists and it is declared
    /// inside a class or with a receiver (Go).
    fn resolve_unique_method(&self, name: &str) -> Option<Node<'tree>> {
        match self.functions.get(name)?.as_slice() {
            [only] if is_method(*only) => Some(*only),
            _ => None,
        }
    }

    /// The method `name` of the class of this file that `receiver` is declared as, when
    /// several classes have a method of that name: `this.svc.search(q)` in a controller whose
    /// constructor takes `private readonly svc: InvoiceService` (TypeScript), or a field
    /// `private final InvoiceService svc;` (Java), or a parameter typed so.
    fn resolve_typed_method(&self, receiver: Node<'tree>, name: &str) -> Option<Node<'tree>> {
        let candidates = self.functions.get(name)?;
        let class = declared_class(receiver, self.text)?;
        candidates
            .iter()
            .find(|function| enclosing_class_name(**function, self.text) == Some(class))
            .copied()
    }

    /// Analyses a callback with its first parameter bound to `taint` (it was already
    /// analysed once, unbound, when its argument was evaluated).
    fn analyze_with_first_parameter(
        &mut self,
        function: Node<'tree>,
        taint: &Taint,
        frame: &Frame,
    ) {
        let Some(names) = self.parameters(function).into_iter().next() else {
            return;
        };
        let Some(body) = function.field("body") else {
            return;
        };
        let mut bound = Frame {
            state: frame.state.clone(),
            ..Frame::default()
        };
        bound.state.terminated = false;
        for name in &names {
            bound.state.set(self.text_of(*name), taint.clone());
        }
        if self.is(body, STATEMENT_BLOCKS) || is_statement_like(body.kind()) {
            self.exec(body, &mut bound);
        } else {
            self.eval(body, &mut bound);
        }
    }

    fn resolve(&self, name: &str, arity: usize) -> Option<Node<'tree>> {
        let candidates = self.functions.get(name)?;
        candidates
            .iter()
            .find(|function| {
                let count = self.parameters(**function).len();
                count == arity || count == arity + 1
            })
            .or_else(|| candidates.first())
            .copied()
    }

    fn apply_summary(
        &mut self,
        summary: &Summary,
        has_receiver: bool,
        argument_taints: &[Taint],
        frame: &mut Frame,
    ) -> Taint {
        // `self.helper(x)` binds `x` to the second declared parameter.
        let offset = usize::from(summary.skips_receiver && has_receiver);
        let argument_for = |parameter: usize| -> Option<&Taint> {
            parameter
                .checked_sub(offset)
                .and_then(|index| argument_taints.get(index))
        };
        let mut result = Taint::default();
        for origin in summary.returns.origins() {
            match origin {
                Origin::Source(_) => result.push(*origin),
                Origin::Parameter(index) => {
                    if let Some(taint) = argument_for(*index) {
                        result.extend(taint);
                    }
                }
            }
        }
        for (parameter, sink) in &summary.parameter_sinks {
            let Some(taint) = argument_for(*parameter) else {
                continue;
            };
            for origin in taint.clone().origins() {
                match origin {
                    Origin::Source(source) => self.report(*sink, *source),
                    Origin::Parameter(index) => frame.parameter_sinks.push((*index, *sink)),
                }
            }
        }
        result
    }

    // ----- constants -----

    fn constant(&self, node: Node<'_>, state: &State) -> Option<Constant> {
        let profile = self.profile;
        let kind = node.kind();
        if profile.true_literals.contains(&kind) {
            return Some(Constant::Bool(true));
        }
        if profile.false_literals.contains(&kind) {
            return Some(Constant::Bool(false));
        }
        if profile.identifiers.contains(&kind) {
            return state.constant(self.text_of(node));
        }
        if kind == "parenthesized_expression"
            || (kind == "expression_list" && node.named_child_count() == 1)
        {
            return node
                .named_child(0)
                .and_then(|inner| self.constant(inner, state));
        }
        if is_plain_string(node) {
            let text = self.text_of(node);
            return Some(Constant::Text(
                text.trim_matches(['"', '\'', '`']).to_owned(),
            ));
        }
        if profile.literals.contains(&kind) && !kind.contains("comment") {
            return Some(Constant::Text(self.text_of(node).to_owned()));
        }
        None
    }

    /// The value of a condition, when it is a constant.
    fn fold(&self, node: Node<'_>, state: &State) -> Option<bool> {
        let kind = node.kind();
        if kind == "parenthesized_expression" {
            return self.fold(node.named_child(0)?, state);
        }
        if kind == "not_operator" {
            return self
                .fold(node.field("argument")?, state)
                .map(|value| !value);
        }
        if kind == "unary_expression" {
            let operator = node.field("operator")?;
            let operand = node.field("argument").or_else(|| node.field("operand"))?;
            return (self.text_of(operator) == "!")
                .then(|| self.fold(operand, state).map(|value| !value))
                .flatten();
        }
        if matches!(
            kind,
            "boolean_operator" | "binary_expression" | "comparison_operator"
        ) {
            let left = node.field("left").or(node.named_child(0))?;
            let right = node.field("right").or(node.named_child(1))?;
            let operator = node
                .field("operator")
                .or_else(|| node.child(1))
                .map(|operator| self.text_of(operator))?;
            return match operator {
                "and" | "&&" => match (self.fold(left, state), self.fold(right, state)) {
                    (Some(false), _) | (_, Some(false)) => Some(false),
                    (Some(true), Some(true)) => Some(true),
                    _ => None,
                },
                "or" | "||" => match (self.fold(left, state), self.fold(right, state)) {
                    (Some(true), _) | (_, Some(true)) => Some(true),
                    (Some(false), Some(false)) => Some(false),
                    _ => None,
                },
                "==" | "===" | "is" => {
                    Some(self.constant(left, state)? == self.constant(right, state)?)
                }
                "!=" | "!==" | "is not" => {
                    Some(self.constant(left, state)? != self.constant(right, state)?)
                }
                _ => None,
            };
        }
        match self.constant(node, state)? {
            Constant::Bool(value) => Some(value),
            Constant::Text(_) => None,
        }
    }
}

/// Java writers that write into the buffer or stream they are given.
const WRITER_WRAPPERS: &[&str] = &[
    "PrintWriter",
    "PrintStream",
    "BufferedWriter",
    "OutputStreamWriter",
];

const STATEMENT_BLOCKS: &[&str] = &["block", "statement_block", "constructor_body"];

/// Methods whose callback receives the elements of the receiver.
const CALLBACK_METHODS: &[&str] = &[
    "forEach",
    "map",
    "filter",
    "flatMap",
    "some",
    "every",
    "find",
    "findIndex",
    "reduce",
    "then",
    "each",
    "peek",
    "anyMatch",
    "allMatch",
];

/// Methods that look a value up by key: the key's taint does not flow to the result.
const LOOKUP_METHODS: &[&str] = &["get", "getOrDefault", "has", "containsKey", "contains"];

/// The name a `catch` binds: `catch (E e)` (Java), `catch (e)` (JavaScript). Python's
/// `except E as exc` binds through its `as_pattern`, evaluated with the handler.
fn caught_name(handler: Node<'_>) -> Option<Node<'_>> {
    if let Some(parameter) = handler.child_by_field_name("parameter") {
        return (parameter.kind() == "identifier").then_some(parameter);
    }
    let mut cursor = handler.walk();
    handler
        .named_children(&mut cursor)
        .find(|child| child.kind() == "catch_formal_parameter")?
        .child_by_field_name("name")
}

/// The expression a function returns after nothing but local assignments: `{ return e; }`,
/// `def f(p): return e`, `(p) => e`, `u = urlparse(p); return u.hostname in HOSTS`. Gives
/// the assignments (target, value) too.
fn returned_expression(function: Node<'_>) -> Option<(Vec<(Node<'_>, Node<'_>)>, Node<'_>)> {
    let mut node = function.field("body")?;
    if !STATEMENT_BLOCKS.contains(&node.kind()) && !is_statement_like(node.kind()) {
        return Some((Vec::new(), node));
    }
    let mut assignments = Vec::new();
    loop {
        let mut cursor = node.walk();
        let statements: Vec<Node<'_>> = node
            .named_children(&mut cursor)
            .filter(|child| !child.is_extra() && !child.kind().contains("comment"))
            .collect();
        let (last, before) = statements.split_last()?;
        for statement in before {
            assignments.push(simple_assignment(*statement)?);
        }
        match last.kind() {
            // Go wraps a block's statements in a list.
            "statement_list" | "block" if before.is_empty() => node = *last,
            "return_statement" => {
                let value = last.named_child(0)?;
                let value = match value.kind() {
                    "expression_list" if value.named_child_count() == 1 => value.named_child(0)?,
                    _ => value,
                };
                return Some((assignments, value));
            }
            _ => return None,
        }
    }
}

/// `x = v` (Python), `const x = v` (JavaScript), `URI x = v;` (Java), `x, err := v` (Go).
fn simple_assignment<'tree>(statement: Node<'tree>) -> Option<(Node<'tree>, Node<'tree>)> {
    let inner = match statement.kind() {
        "expression_statement"
        | "lexical_declaration"
        | "variable_declaration"
        | "local_variable_declaration" => statement
            .named_children(&mut statement.walk())
            .find(|child| matches!(child.kind(), "assignment" | "variable_declarator"))?,
        "short_var_declaration" => statement,
        _ => return None,
    };
    let target = inner.field("left").or_else(|| inner.field("name"))?;
    let value = inner.field("right").or_else(|| inner.field("value"))?;
    let first = |node: Node<'tree>| match node.kind() {
        "expression_list" => node.named_child(0),
        _ => Some(node),
    };
    Some((first(target)?, first(value)?))
}

/// The class name `receiver` (`this.svc`, `svc`) is declared with, found in the parameters
/// of the functions around it and the fields and constructor parameters of its class.
fn declared_class<'a>(receiver: Node<'_>, text: &'a str) -> Option<&'a str> {
    let (name, field_only) = match receiver.kind() {
        "member_expression" | "field_access" => {
            let object = receiver.field("object")?;
            if object.kind() != "this" {
                return None;
            }
            let field = receiver
                .field("property")
                .or_else(|| receiver.field("field"))?;
            (node_text(field, text), true)
        }
        "identifier" => (node_text(receiver, text), false),
        _ => return None,
    };
    let mut ancestor = receiver.parent();
    while let Some(node) = ancestor {
        if node.kind() == "class_body" {
            let mut cursor = node.walk();
            for member in node.named_children(&mut cursor) {
                let found = match member.kind() {
                    // TypeScript `private svc: T;`
                    "public_field_definition" => member
                        .field("name")
                        .filter(|field| node_text(*field, text) == name)
                        .and_then(|_| member.field("type")),
                    // Java `private final T svc;`
                    "field_declaration" => {
                        let mut declarators = member.walk();
                        member
                            .children_by_field_name("declarator", &mut declarators)
                            .any(|declarator| {
                                declarator
                                    .field("name")
                                    .is_some_and(|field| node_text(field, text) == name)
                            })
                            .then(|| member.field("type"))
                            .flatten()
                    }
                    // TypeScript `constructor(private readonly svc: T)`
                    "method_definition"
                        if member
                            .field("name")
                            .is_some_and(|method| node_text(method, text) == "constructor") =>
                    {
                        member
                            .field("parameters")
                            .and_then(|list| parameter_type(list, name, text))
                    }
                    _ => None,
                };
                if let Some(class) = found.and_then(|found| type_name(found, text)) {
                    return Some(class);
                }
            }
            return None;
        }
        if !field_only
            && let Some(list) = node.field("parameters")
            && let Some(class) =
                parameter_type(list, name, text).and_then(|found| type_name(found, text))
        {
            return Some(class);
        }
        ancestor = node.parent();
    }
    None
}

/// The type node of the parameter `name` in a parameter list (TypeScript or Java).
fn parameter_type<'tree>(list: Node<'tree>, name: &str, text: &str) -> Option<Node<'tree>> {
    let mut cursor = list.walk();
    list.named_children(&mut cursor).find_map(|parameter| {
        let named = parameter
            .field("pattern")
            .or_else(|| parameter.field("name"))?;
        (node_text(named, text) == name)
            .then(|| parameter.field("type"))
            .flatten()
    })
}

/// The class a type node names: `T` of `: T`, `T<U>`, `a.b.T`.
fn type_name<'a>(mut node: Node<'_>, text: &'a str) -> Option<&'a str> {
    loop {
        match node.kind() {
            "type_annotation" | "generic_type" => {
                node = node.field("name").or_else(|| node.named_child(0))?
            }
            "scoped_type_identifier" | "nested_type_identifier" => {
                let last = u32::try_from(node.named_child_count().checked_sub(1)?).ok()?;
                node = node.field("name").or_else(|| node.named_child(last))?;
            }
            "type_identifier" | "identifier" => return Some(node_text(node, text)),
            _ => return None,
        }
    }
}

/// The name of the class a function is declared in.
fn enclosing_class_name<'a>(function: Node<'_>, text: &'a str) -> Option<&'a str> {
    let mut ancestor = function.parent();
    while let Some(node) = ancestor {
        if matches!(
            node.kind(),
            "class_declaration" | "class" | "abstract_class_declaration"
        ) {
            return node.field("name").map(|name| node_text(name, text));
        }
        ancestor = node.parent();
    }
    None
}

/// Whether a function is a method: declared in a class body or with a Go receiver.
fn is_method(function: Node<'_>) -> bool {
    if function.field("receiver").is_some() || function.kind() == "method_definition" {
        return true;
    }
    let mut parent = function.parent();
    while let Some(node) = parent {
        match node.kind() {
            "class_definition" | "class_body" | "class_declaration" => return true,
            "block" | "decorated_definition" => parent = node.parent(),
            _ => return false,
        }
    }
    false
}

/// Comparisons, negations, `typeof` and `instanceof`: their value is a boolean or a type
/// name, never attacker-controlled text.
fn is_boolean_or_number(node: Node<'_>, text: &str) -> bool {
    match node.kind() {
        "comparison_operator" | "not_operator" | "instanceof_expression" => true,
        // Java `raw.length` of an array: a count. (Not JavaScript's: `req.body.length` may be
        // any JSON value.)
        "field_access" => node
            .field("field")
            .and_then(|field| text.get(field.byte_range()))
            .is_some_and(|field| field == "length"),
        "unary_expression" => node
            .field("operator")
            .and_then(|operator| text.get(operator.byte_range()))
            .is_some_and(|operator| matches!(operator, "!" | "typeof" | "not" | "-" | "+" | "~")),
        "binary_expression" => node
            .field("operator")
            .and_then(|operator| text.get(operator.byte_range()))
            .is_some_and(|operator| {
                matches!(
                    operator,
                    "==" | "!="
                        | "==="
                        | "!=="
                        | "<"
                        | ">"
                        | "<="
                        | ">="
                        | "instanceof"
                        | "in"
                        | "-"
                        | "*"
                        | "/"
                        | "%"
                )
            }),
        _ => false,
    }
}

/// Arithmetic: `-x`, `a * b`, `n % 10`: a number made from numbers.
fn is_arithmetic(node: Node<'_>, text: &str) -> bool {
    let operator = node
        .field("operator")
        .and_then(|operator| text.get(operator.byte_range()));
    match node.kind() {
        "unary_expression" => matches!(operator, Some("-" | "+" | "~")),
        "binary_expression" => matches!(operator, Some("-" | "*" | "/" | "%")),
        _ => false,
    }
}

fn is_statement_like(kind: &str) -> bool {
    kind.ends_with("statement")
        || kind.ends_with("block")
        || kind.ends_with("clause")
        || kind.ends_with("declaration")
        || kind.ends_with("_body")
        || kind.ends_with("definition")
        || matches!(
            kind,
            "module"
                | "statement_list"
                | "program"
                | "source_file"
                | "class_body"
                | "declaration_list"
                | "var_declaration"
                | "const_declaration"
                | "lexical_declaration"
                | "expression_statement"
                | "decorated_definition"
                | "switch_body"
                | "switch_block"
                | "switch_block_statement_group"
                | "expression_switch_statement"
                | "expression_case"
                | "default_case"
                | "switch_case"
                | "switch_default"
                | "case_clause"
                | "match_statement"
                | "case_block"
        )
}

/// A string literal with no interpolation: clean, and a constant.
fn is_plain_string(node: Node<'_>) -> bool {
    match node.kind() {
        "string_literal"
        | "interpreted_string_literal"
        | "raw_string_literal"
        | "string_fragment"
        | "string_content"
        | "text_block" => {
            let mut cursor = node.walk();
            !node.named_children(&mut cursor).any(|child| {
                child.kind().contains("interpolation") || child.kind().contains("substitution")
            })
        }
        "string" | "template_string" => {
            let mut cursor = node.walk();
            !node.named_children(&mut cursor).any(|child| {
                child.kind() == "interpolation" || child.kind() == "template_substitution"
            })
        }
        _ => false,
    }
}

/// The object of a member or subscript access: `a` in `a.b` and `a[b]`.
fn base_object(node: Node<'_>) -> Option<Node<'_>> {
    ["object", "value", "operand", "array"]
        .iter()
        .find_map(|field| node.field(field))
}

/// The member name of `a.b`.
fn member_name(node: Node<'_>) -> Option<Node<'_>> {
    ["attribute", "property", "field"]
        .iter()
        .find_map(|field| node.field(field))
}

/// The key under which a field path is tracked: its text without whitespace.
fn path_key(text: &str) -> String {
    text.chars()
        .filter(|character| !character.is_whitespace())
        .collect()
}

/// The elements of `a, b` style lists; a single node otherwise.
fn list_items<'tree>(nodes: &[Node<'tree>]) -> Vec<Node<'tree>> {
    if let [single] = nodes
        && matches!(
            single.kind(),
            "expression_list" | "pattern_list" | "tuple_pattern"
        )
    {
        let mut cursor = single.walk();
        return single
            .named_children(&mut cursor)
            .filter(|child| !child.is_extra())
            .collect();
    }
    nodes.to_vec()
}
