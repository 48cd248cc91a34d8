//! Matching of structural patterns (`rules::structural`): one walk of the tree, and at each
//! node only the patterns whose root may be that node's kind and, among those that ask a
//! capture to be one of a few words (`#eq?`, `#any-of?`, a rule's `where` word list), only
//! those whose word is at that place (a call is tried against the patterns that name its
//! callee). Each is checked child by child, and a capture's text tests as soon as it is
//! bound, so that a pattern that does not fit fails at its first wrong step.
//!
//! The results are those of a tree-sitter query cursor on the same text: every distinct set
//! of captures for which the pattern matches and its predicates hold (a test compares the
//! two on the whole pack).

use std::collections::HashMap;
use std::num::NonZeroU16;

use tree_sitter::{Node, TreeCursor};

use crate::rules::TextTest;
use crate::rules::query::Filter;
use crate::rules::structural::{Kind, NodePattern, Pattern, Predicate, Step};

/// The captures of one match: (local capture index, node).
pub type Captures<'tree> = Vec<(u32, Node<'tree>)>;

/// Patterns indexed by the kinds their root may have.
#[derive(Debug, Default)]
pub struct Dispatch {
    /// Per kind id: the patterns whose root may be that kind.
    by_kind: Vec<KindIndex>,
    /// Roots written `(_)` (any named node) or `_` (any node).
    any_named: Vec<Candidate>,
    any: Vec<Candidate>,
    patterns: Vec<Pattern>,
    /// Per pattern: the tests its captures must pass as soon as they are bound.
    checks: Vec<Vec<Check>>,
    /// (simple name kind, qualified spelling kind, the field it must be in if any): see
    /// [`Dispatch::seeing_qualified`].
    qualified: Vec<(u16, u16, Option<NonZeroU16>)>,
    /// Per pattern: what the file's text must hold for it to match (see `needs_of`).
    needs: Vec<Vec<Vec<u32>>>,
    /// The words of every need, lower-case, by position, and a searcher for all of them.
    words: Vec<String>,
    searcher: std::sync::OnceLock<Option<aho_corasick::AhoCorasick>>,
}

/// What a capture's text must pass when it is bound, so that a match that cannot be kept
/// is given up at that node instead of being completed and thrown away: the pattern's own
/// predicates on that capture alone (every node bound to it), and what the part's users
/// ask of it (some user's tests all accept it; only for a capture that a match binds to one
/// node at most, as the users read one node).
#[derive(Debug, Default)]
struct Check {
    capture: u32,
    predicates: Vec<usize>,
    users: Option<Vec<Vec<TextTest>>>,
}

impl Check {
    /// The checks of `pattern` for a part whose users ask `filters` (`None`: every match
    /// is kept). A capture gets a users' test only if every user tests it: a user who does
    /// not keeps matches whatever its text.
    fn of(pattern: &Pattern, filters: Option<&[Filter]>) -> Vec<Check> {
        let mut checks: Vec<Check> = Vec::new();
        fn entry(checks: &mut Vec<Check>, capture: u32) -> &mut Check {
            match checks.iter().position(|check| check.capture == capture) {
                Some(position) => &mut checks[position],
                None => {
                    checks.push(Check {
                        capture,
                        ..Check::default()
                    });
                    checks.last_mut().expect("just pushed")
                }
            }
        }
        for (index, predicate) in pattern.predicates.iter().enumerate() {
            if let Some(capture) = predicate.single_capture() {
                entry(&mut checks, capture).predicates.push(index);
            }
        }
        let Some(filters) = filters.filter(|filters| !filters.is_empty()) else {
            return checks;
        };
        let mut tested: Vec<u32> = filters[0].iter().map(|(capture, _)| *capture).collect();
        tested.sort_unstable();
        tested.dedup();
        for capture in tested {
            if pattern.max_bindings(capture) > 1 {
                continue;
            }
            let users: Option<Vec<Vec<TextTest>>> = filters
                .iter()
                .map(|filter| {
                    let tests: Vec<TextTest> = filter
                        .iter()
                        .filter(|(tested, _)| *tested == capture)
                        .map(|(_, test)| test.clone())
                        .collect();
                    (!tests.is_empty()).then_some(tests)
                })
                .collect();
            if let Some(users) = users {
                entry(&mut checks, capture).users = Some(users);
            }
        }
        checks
    }

    /// Whether `node`, just bound to this check's capture, passes it: as spelled, or as
    /// what an aliased import stands for.
    fn passes(
        &self,
        predicates: &[Predicate],
        node: Node<'_>,
        text: &str,
        aliases: &Aliases,
    ) -> bool {
        let spelled = crate::engine::pattern::node_text(node, text);
        let passes_as = |found: &str| {
            self.predicates
                .iter()
                .all(|index| predicates[*index].holds_for(found))
                && self.users.as_ref().is_none_or(|users| {
                    users
                        .iter()
                        .any(|tests| tests.iter().all(|test| test.accepts(found)))
                })
        };
        passes_as(spelled) || alias_of(aliases, node, spelled).is_some_and(passes_as)
    }
}

/// The candidates of one root kind, found through the words their captures must be: a
/// hundred patterns rooted at `call` each want a few callee names, so a call is tried only
/// against the patterns that name its callee (and those that name none).
#[derive(Debug, Default)]
struct KindIndex {
    candidates: Vec<Candidate>,
    /// Positions in `candidates` of those without a key, tried on every node of the kind.
    unkeyed: Vec<u32>,
    probes: Vec<Probe>,
}

/// A path of fields from the root, and for each word that the node at its end may be, the
/// positions of the candidates that need that word there.
#[derive(Debug)]
struct Probe {
    path: Vec<NonZeroU16>,
    words: HashMap<String, Vec<u32>>,
    longest: usize,
}

impl KindIndex {
    fn push(&mut self, candidate: Candidate, key: Option<Key>) {
        let position = self.candidates.len() as u32;
        self.candidates.push(candidate);
        let Some(key) = key else {
            self.unkeyed.push(position);
            return;
        };
        for path in key.paths {
            let at = match self.probes.iter().position(|probe| probe.path == path) {
                Some(at) => at,
                None => {
                    self.probes.push(Probe {
                        path,
                        words: HashMap::new(),
                        longest: 0,
                    });
                    self.probes.len() - 1
                }
            };
            let probe = &mut self.probes[at];
            for word in &key.words {
                probe.longest = probe.longest.max(word.len());
                let list = probe.words.entry(word.clone()).or_default();
                if list.last() != Some(&position) {
                    list.push(position);
                }
            }
        }
    }

    /// The positions of the candidates to try on `node`, in order.
    fn select<'tree>(
        &self,
        context: &Context<'tree>,
        node: &Child<'tree>,
        text: &str,
        aliases: &Aliases,
        into: &mut Vec<u32>,
    ) {
        into.clear();
        into.extend_from_slice(&self.unkeyed);
        for probe in &self.probes {
            probe_texts(context, node, &probe.path, text, aliases, &mut |found| {
                if found.len() <= probe.longest
                    && let Some(list) = probe.words.get(found)
                {
                    into.extend_from_slice(list);
                }
            });
        }
        if !self.probes.is_empty() {
            into.sort_unstable();
            into.dedup();
        }
    }
}

/// Calls `found` with the text of every node at the end of `path` (fields) from `node`,
/// and with what it stands for when it is an aliased import.
fn probe_texts<'tree>(
    context: &Context<'tree>,
    node: &Child<'tree>,
    path: &[NonZeroU16],
    text: &str,
    aliases: &Aliases,
    found: &mut dyn FnMut(&str),
) {
    let Some((field, rest)) = path.split_first() else {
        let spelled = crate::engine::pattern::node_text(node.node, text);
        found(spelled);
        if let Some(standing_for) = alias_of(aliases, node.node, spelled) {
            found(standing_for);
        }
        return;
    };
    for child in context.children(node.index) {
        if child.field == Some(*field) {
            probe_texts(context, child, rest, text, aliases, found);
        }
    }
}

/// What the file's imports make names stand for (see `Resolver::aliases`); empty for most
/// files.
#[derive(Debug, Clone, Default)]
pub struct Aliases {
    /// Imported names spelled otherwise than what they stand for, with the last part of it:
    /// `h` for `import hashlib as h`.
    pub names: std::collections::HashMap<String, String>,
    /// Names bound to a whole module in Python (`import flask`, `import Crypto.Cipher`):
    /// `flask.request` stands for `request`, as if it had been imported from `flask`.
    pub modules: std::collections::HashSet<String>,
}

impl Aliases {
    pub fn new() -> Aliases {
        Aliases::default()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty() && self.modules.is_empty()
    }
}

/// What `node`, a name spelled `spelled`, stands for: what an import aliases it to, or,
/// for a class written with its package (Java `java.security.MessageDigest` as an
/// expression, an annotation name or a type), the class's simple name.
pub fn alias_of<'a>(aliases: &'a Aliases, node: Node<'_>, spelled: &'a str) -> Option<&'a str> {
    match node.kind() {
        "identifier" | "package_identifier" if !aliases.names.is_empty() => {
            aliases.names.get(spelled).map(String::as_str)
        }
        "field_access" | "scoped_identifier" | "scoped_type_identifier" => qualified_class(spelled),
        // Python `flask.request`, `Crypto.Cipher.AES`: a module's member by its own name.
        "attribute" if !aliases.modules.is_empty() => {
            let (module, _) = spelled.split_once('.')?;
            let (_, member) = spelled.rsplit_once('.')?;
            (aliases.modules.contains(module)
                && member
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_'))
            .then_some(member)
        }
        _ => None,
    }
}

/// The class name at the end of `spelled` when it is a package-qualified class name:
/// lower-case package parts (not `this` or `super`), then a capitalised name that is not
/// all capitals (a constant such as `config.MAX` is not a class).
fn qualified_class(spelled: &str) -> Option<&str> {
    let (package, class) = spelled.rsplit_once('.')?;
    let word = |part: &str| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
    };
    let package_ok = package.split('.').all(|part| {
        word(part)
            && part.starts_with(|c: char| c.is_ascii_lowercase())
            && !matches!(part, "this" | "super")
    });
    let class_ok = word(class)
        && class.starts_with(|c: char| c.is_ascii_uppercase())
        && class.chars().any(|c| c.is_ascii_lowercase());
    (package_ok && class_ok).then_some(class)
}

/// A necessary condition for a root alternative to match: one of `words` is the text of the
/// node at the end of one of `paths`, where the capture it was derived from is bound.
#[derive(Debug)]
struct Key {
    paths: Vec<Vec<NonZeroU16>>,
    words: Vec<String>,
}

impl Key {
    /// The key of a root alternative: the first capture bound at most once, through fields
    /// only, whose text the checks restrict to a list of words. Users' words hold only for
    /// matches that bind the capture (the others are never kept); a predicate's words hold
    /// only if every match binds it.
    fn of(root: &NodePattern, pattern: &Pattern, checks: &[Check]) -> Option<Key> {
        checks.iter().find_map(|check| {
            if pattern.max_bindings(check.capture) > 1 {
                return None;
            }
            let from_users = check.users.as_ref().and_then(|users| {
                let mut words: Vec<String> = Vec::new();
                for tests in users {
                    words.extend(tests.iter().find_map(TextTest::words)?.iter().cloned());
                }
                Some(words)
            });
            let from_predicates = || {
                check
                    .predicates
                    .iter()
                    .find_map(|index| pattern.predicates[*index].words())
                    .map(<[String]>::to_vec)
            };
            let (words, every) = match from_users {
                Some(words) => (words, false),
                None => (from_predicates()?, true),
            };
            let paths = key_paths(root, check.capture, every)?;
            (!paths.is_empty() && !paths.iter().any(Vec::is_empty)).then_some(Key { paths, words })
        })
    }
}

/// The field paths from `pattern`'s node to the nodes that may be bound to `capture`;
/// `None` if one is reached through a child step without a field, or (with `every`) if
/// some alternative on the way does not bind it.
fn key_paths(pattern: &NodePattern, capture: u32, every: bool) -> Option<Vec<Vec<NonZeroU16>>> {
    if pattern.captures.contains(&capture) {
        return Some(vec![Vec::new()]);
    }
    let step = pattern
        .children
        .iter()
        .find(|step| step.max_bindings(capture) > 0)?;
    let field = step.field?;
    if step.captures.contains(&capture) {
        return Some(vec![vec![field]]);
    }
    let mut paths = Vec::new();
    for alternative in &step.alternatives {
        if alternative.max_bindings(capture) == 0 {
            if every {
                return None;
            }
            continue;
        }
        for path in key_paths(alternative, capture, every)? {
            paths.push(std::iter::once(field).chain(path).collect());
        }
    }
    Some(paths)
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
    /// A dispatch whose patterns also see a name written with its package where they name
    /// it as a simple one: `forms` pairs the kind of a simple name with the kind that spells
    /// it qualified (`Language::qualified_forms`). A leaf step of the simple kind whose
    /// capture is tested for its text (`(identifier) @t (#eq? @t "MessageDigest")`) matches
    /// the qualified node too (`java.security.MessageDigest`), tested as its last part (see
    /// [`alias_of`]); an untested leaf stays as written, so `(identifier) @receiver` does
    /// not start matching `this.field`.
    pub fn seeing_qualified(
        grammar: &tree_sitter::Language,
        forms: &[crate::lang::QualifiedForm],
    ) -> Dispatch {
        let qualified = forms
            .iter()
            .filter_map(|form| {
                let simple = grammar.id_for_node_kind(form.simple, true);
                let qualified = grammar.id_for_node_kind(form.qualified, true);
                let field = match form.field {
                    Some(name) => Some(grammar.field_id_for_name(name)?),
                    None => None,
                };
                (simple != 0 && qualified != 0).then_some((simple, qualified, field))
            })
            .collect();
        Dispatch {
            qualified,
            ..Dispatch::default()
        }
    }

    /// Adds the patterns of `owner` (a part's index in its combined query), whose matches
    /// are kept only if they pass one of `filters` (`None`: all are kept).
    pub fn add(&mut self, owner: u32, patterns: Vec<Pattern>, filters: Option<&[Filter]>) {
        for mut pattern in patterns {
            let checks = Check::of(&pattern, filters);
            if !self.qualified.is_empty() {
                let tested = |capture: u32| {
                    checks.iter().any(|check| {
                        check.capture == capture
                            && (!check.predicates.is_empty() || check.users.is_some())
                    })
                };
                qualify_step(&mut pattern.root, &self.qualified, &tested);
            }
            let needs = self.needs_of(&pattern, &checks);
            self.needs.push(needs);
            self.checks.push(checks);
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
                need: match alternatives.as_slice() {
                    [alone] => Need::of(alone),
                    _ => None,
                },
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
                        self.by_kind.resize_with(id + 1, KindIndex::default);
                    }
                    let checks = self.checks.last().expect("pushed above");
                    self.by_kind[id].push(
                        Candidate {
                            owner,
                            index,
                            need: if alone { Need::of(alternative) } else { None },
                        },
                        alone
                            .then(|| Key::of(alternative, &pattern, checks))
                            .flatten(),
                    );
                }
            }
            self.patterns.push(pattern);
        }
    }

    /// What `pattern`'s text tests ask of the file: for each capture that every match binds,
    /// each predicate and the users' tests on it give words of which the capture's text must
    /// hold one (a regex's prefixes, an equality's value), so the file's text must too, or
    /// the text an import makes a name stand for. Tests that give no such words, or words
    /// too short to rule anything out, ask nothing.
    fn needs_of(&mut self, pattern: &Pattern, checks: &[Check]) -> Vec<Vec<u32>> {
        let mut needs = Vec::new();
        for check in checks {
            if !pattern.root.binds_always(check.capture) {
                continue;
            }
            let mut sets: Vec<Vec<String>> = check
                .predicates
                .iter()
                .filter_map(|index| predicate_words(&pattern.predicates[*index]))
                .collect();
            if let Some(users) = &check.users {
                // Some user's tests all pass: the words of one test of each user, together.
                let words: Option<Vec<String>> = users
                    .iter()
                    .map(|tests| tests.iter().find_map(test_words))
                    .collect::<Option<Vec<_>>>()
                    .map(|sets| sets.concat());
                sets.extend(words);
            }
            for set in sets {
                let ids = set.into_iter().map(|word| self.word_id(word)).collect();
                needs.push(ids);
            }
        }
        needs
    }

    fn word_id(&mut self, word: String) -> u32 {
        match self.words.iter().position(|known| *known == word) {
            Some(at) => at as u32,
            None => {
                self.words.push(word);
                (self.words.len() - 1) as u32
            }
        }
    }

    /// Per pattern, whether the text of `parts` (and what the file's imports make names
    /// stand for) holds what the pattern needs; empty when no pattern needs anything.
    fn live<'t>(&self, parts: impl Iterator<Item = &'t str>, aliases: &'t Aliases) -> Vec<bool> {
        let searcher = self.searcher.get_or_init(|| {
            (!self.words.is_empty()).then(|| {
                aho_corasick::AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .build(&self.words)
                    .expect("the words of the needs build a searcher")
            })
        });
        let Some(searcher) = searcher else {
            return Vec::new();
        };
        let mut present = vec![false; self.words.len()];
        let standing_for = aliases.names.values().map(String::as_str);
        for haystack in parts.chain(standing_for) {
            for found in searcher.find_overlapping_iter(haystack) {
                present[found.pattern().as_usize()] = true;
            }
        }
        self.needs
            .iter()
            .map(|needs| {
                needs
                    .iter()
                    .all(|words| words.iter().any(|word| present[*word as usize]))
            })
            .collect()
    }

    /// Calls `found` with the owner and captures of every match in the tree under `root`,
    /// in document order of the matched root; gives up (returning `false`) once `stop`
    /// says so, checked every few hundred nodes.
    pub fn run<'tree>(
        &self,
        root: Node<'tree>,
        text: &str,
        stop: impl FnMut() -> bool,
        found: impl FnMut(u32, Captures<'tree>),
    ) -> bool {
        self.run_visiting(root, text, &Aliases::new(), stop, &mut |_| {}, found)
    }

    /// [`Dispatch::run`], showing every node of the walk to `visit` too (before its matches).
    pub fn run_visiting<'tree>(
        &self,
        root: Node<'tree>,
        text: &str,
        aliases: &Aliases,
        mut stop: impl FnMut() -> bool,
        visit: &mut dyn FnMut(Node<'tree>),
        mut found: impl FnMut(u32, Captures<'tree>),
    ) -> bool {
        let mut results: Vec<Captures<'tree>> = Vec::new();
        let mut selected: Vec<u32> = Vec::new();
        let context = Context::new(root);
        // Only the text under `root` can be matched: the top-level nodes of a tree parsed
        // from a few ranges of the document (the language server's re-scan) hold just those.
        let mut top = root.walk();
        let parts: Vec<&str> = if root.child_count() == 0 {
            vec![text.get(root.byte_range()).unwrap_or_default()]
        } else {
            root.children(&mut top)
                .map(|child| text.get(child.byte_range()).unwrap_or_default())
                .collect()
        };
        let live = self.live(parts.into_iter(), aliases);
        for (visited, current) in context.nodes.iter().enumerate() {
            if (visited + 1).is_multiple_of(256) && stop() {
                return false;
            }
            let (node, kind, named) = (current.node, current.kind, current.named);
            visit(node);
            let by_kind = self.by_kind.get(usize::from(kind));
            let wildcards = if named { &self.any_named[..] } else { &[][..] };
            if by_kind.is_some_and(|index| !index.candidates.is_empty())
                || !wildcards.is_empty()
                || !self.any.is_empty()
            {
                let children = context.children(current.index);
                let keyed = by_kind.map(|index| {
                    index.select(&context, current, text, aliases, &mut selected);
                    selected
                        .iter()
                        .map(|position| &index.candidates[*position as usize])
                });
                for candidate in keyed
                    .into_iter()
                    .flatten()
                    .chain(wildcards)
                    .chain(&self.any)
                {
                    if candidate.need.is_some_and(|need| !need.met(children))
                        || live
                            .get(candidate.index as usize)
                            .is_some_and(|live| !*live)
                    {
                        continue;
                    }
                    let run = Run {
                        pattern: &self.patterns[candidate.index as usize],
                        checks: &self.checks[candidate.index as usize],
                        text,
                        aliases,
                    };
                    matches_into(&context, &run, current, &mut results);
                    for captures in results.drain(..) {
                        found(candidate.owner, captures);
                    }
                }
            }
        }
        true
    }
}

/// Gives every leaf alternative of `step` (and of the steps below it) whose kind is a
/// simple name of `forms` and whose capture is `tested` an alternative of the kind that
/// spells the name qualified, with the same captures.
fn qualify_step(
    step: &mut Step,
    forms: &[(u16, u16, Option<NonZeroU16>)],
    tested: &dyn Fn(u32) -> bool,
) {
    let Step {
        alternatives,
        captures,
        field,
        ..
    } = step;
    let mut added: Vec<NodePattern> = Vec::new();
    for alternative in alternatives.iter_mut() {
        for child in &mut alternative.children {
            qualify_step(child, forms, tested);
        }
        let Kind::Named(id) = alternative.kind else {
            continue;
        };
        if !alternative.children.is_empty()
            || !alternative.negated.is_empty()
            || !alternative
                .captures
                .iter()
                .chain(captures.iter())
                .any(|capture| tested(*capture))
        {
            continue;
        }
        let applies = |(simple, _, within): &&(u16, u16, Option<NonZeroU16>)| {
            *simple == id && within.is_none_or(|within| *field == Some(within))
        };
        for (_, qualified, _) in forms.iter().filter(applies) {
            let kind = Kind::Named(*qualified);
            if !added.iter().any(|known| known.kind == kind) {
                let mut alternative = alternative.clone();
                alternative.kind = kind;
                added.push(alternative);
            }
        }
    }
    added.retain(|new| !alternatives.iter().any(|known| known.kind == new.kind));
    alternatives.extend(added);
}

/// Moves to the next node in document order (pre-order); `false` at the end of the subtree.
pub(crate) fn advance(cursor: &mut TreeCursor<'_>) -> bool {
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
    let run = Run {
        pattern,
        checks: &Check::of(pattern, None),
        text,
        aliases: &Aliases::new(),
    };
    let context = Context::new(node);
    matches_into(&context, &run, &context.nodes[0], &mut results);
    results
}

/// One pattern being matched: the pattern, its checks, the file's text and aliases.
struct Run<'a> {
    pattern: &'a Pattern,
    checks: &'a [Check],
    text: &'a str,
    aliases: &'a Aliases,
}

impl Run<'_> {
    /// Whether the captures bound from `mark` on pass their checks.
    fn passes(&self, bound: &Captures<'_>, mark: usize) -> bool {
        bound[mark..].iter().all(|(capture, node)| {
            self.checks
                .iter()
                .find(|check| check.capture == *capture)
                .is_none_or(|check| {
                    check.passes(&self.pattern.predicates, *node, self.text, self.aliases)
                })
        })
    }
}

/// Fills `results` with every distinct match of the pattern on `node` whose predicates hold.
fn matches_into<'tree>(
    context: &Context<'tree>,
    run: &Run<'_>,
    node: &Child<'tree>,
    results: &mut Vec<Captures<'tree>>,
) {
    let (pattern, text) = (run.pattern, run.text);
    results.clear();
    match_step(
        context,
        run,
        &pattern.root,
        node,
        &mut Vec::new(),
        &mut |_, bound| results.push(bound.clone()),
    );
    dedup(results);
    // A predicate on one capture was checked on each node as it was bound (`Run::passes`);
    // one comparing two captures needs the whole match.
    results.retain(|captures| {
        pattern.predicates.iter().all(|predicate| match predicate {
            Predicate::EqCapture {
                left,
                right,
                positive,
            } => texts_agree(captures, *left, *right, *positive, text),
            Predicate::Eq { .. } | Predicate::Match { .. } | Predicate::AnyOf { .. } => true,
        })
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
type Then<'k, 'tree> = dyn FnMut(&Context<'tree>, &mut Captures<'tree>) + 'k;

/// Matches `step` on `node` (the field and anchor are the caller's business) and calls
/// `then` once per way it matches, with its captures pushed on `bound` (and popped after).
#[allow(clippy::too_many_arguments)]
fn match_step<'tree>(
    context: &Context<'tree>,
    run: &Run<'_>,
    step: &Step,
    child: &Child<'tree>,
    bound: &mut Captures<'tree>,
    then: &mut Then<'_, 'tree>,
) {
    let (node, kind, named) = (child.node, child.kind, child.named);
    for alternative in &step.alternatives {
        if !kind_fits(alternative.kind, kind, named) {
            continue;
        }
        let mark = bound.len();
        bound.extend(alternative.captures.iter().map(|index| (*index, node)));
        bound.extend(step.captures.iter().map(|index| (*index, node)));
        if bound.len() > mark && !run.passes(bound, mark) {
            bound.truncate(mark);
            continue;
        }
        if alternative.children.is_empty() && alternative.negated.is_empty() {
            then(context, bound);
        } else {
            let children = context.children(child.index);
            let negated_present = children.iter().any(|child| {
                child
                    .field
                    .is_some_and(|field| alternative.negated.contains(&field))
            });
            if !negated_present {
                sequence(context, run, alternative, 0, children, 0, None, bound, then);
            }
        }
        bound.truncate(mark);
    }
}

/// Words shorter than this are in nearly every file: a need made of one asks nothing.
const SHORTEST_WORD: usize = 3;

/// The words of which a text that passes `predicate` holds one, lower-case.
fn predicate_words(predicate: &Predicate) -> Option<Vec<String>> {
    match predicate {
        Predicate::Match {
            regex,
            positive: true,
            ..
        } => regex_words(regex.as_str()),
        _ => plain_words(predicate.words()?),
    }
}

/// The words of which a text that passes `test` holds one, lower-case.
fn test_words(test: &TextTest) -> Option<Vec<String>> {
    match test {
        TextTest::Regex(regex) => regex_words(regex.as_str()),
        _ => plain_words(test.words()?),
    }
}

fn plain_words(words: &[String]) -> Option<Vec<String>> {
    let mut lower: Vec<String> = words.iter().map(|word| word.to_ascii_lowercase()).collect();
    lower.sort_unstable();
    lower.dedup();
    (!lower.is_empty() && lower.iter().all(|word| word.len() >= SHORTEST_WORD)).then_some(lower)
}

/// The prefixes of every match of `pattern` (each match starts with one), when they are
/// finitely many and none is short.
fn regex_words(pattern: &str) -> Option<Vec<String>> {
    let hir = regex_syntax::parse(pattern).ok()?;
    let words: Vec<String> = crate::rules::prefix_literals(&hir, 64)?
        .into_iter()
        .map(|(text, _)| text)
        .collect();
    plain_words(&words)
}

fn kind_fits(kind: Kind, id: u16, named: bool) -> bool {
    match kind {
        Kind::Named(expected) => id == expected && named,
        Kind::Anonymous(expected) => id == expected && !named,
        Kind::AnyNamed => named,
        Kind::Any => true,
    }
}

/// One child of a node, as a query cursor sees it, with its place in the walked tree.
#[derive(Clone, Copy)]
struct Child<'tree> {
    node: Node<'tree>,
    kind: u16,
    field: Option<NonZeroU16>,
    named: bool,
    /// Its position in [`Context::nodes`].
    index: u32,
}

/// The tree under one walk's root read once: every node in document order with its kind,
/// field and children, so that neither the walk nor the patterns tried on each node move a
/// tree cursor again.
struct Context<'tree> {
    /// Every node in pre-order; the root first.
    nodes: Vec<Child<'tree>>,
    /// The children of each node, side by side: those of `nodes[i]` are `kids[spans[i]]`.
    kids: Vec<Child<'tree>>,
    spans: Vec<(u32, u32)>,
}

impl<'tree> Context<'tree> {
    fn new(root: Node<'tree>) -> Context<'tree> {
        let record = |node: Node<'tree>, field, index| Child {
            node,
            kind: node.kind_id(),
            field,
            named: node.is_named(),
            index,
        };
        let mut context = Context {
            nodes: vec![record(root, None, 0)],
            kids: Vec::new(),
            spans: vec![(0, 0)],
        };
        // The children of the nodes on the path to the current one, side by side, and
        // where each open node's children start.
        let mut pending: Vec<Child<'tree>> = Vec::new();
        let mut open: Vec<(u32, usize)> = Vec::new();
        let mut current = 0u32;
        let mut cursor = root.walk();
        let enter = |context: &mut Context<'tree>,
                     pending: &mut Vec<Child<'tree>>,
                     cursor: &TreeCursor<'tree>| {
            let index = context.nodes.len() as u32;
            let child = record(cursor.node(), cursor.field_id(), index);
            context.nodes.push(child);
            context.spans.push((0, 0));
            pending.push(child);
            index
        };
        'walk: loop {
            if cursor.goto_first_child() {
                open.push((current, pending.len()));
                current = enter(&mut context, &mut pending, &cursor);
                continue;
            }
            loop {
                if cursor.goto_next_sibling() {
                    current = enter(&mut context, &mut pending, &cursor);
                    continue 'walk;
                }
                if !cursor.goto_parent() {
                    break 'walk;
                }
                let Some((parent, start)) = open.pop() else {
                    break 'walk;
                };
                let at = context.kids.len() as u32;
                context.kids.extend(pending.drain(start..));
                context.spans[parent as usize] = (at, context.kids.len() as u32 - at);
            }
        }
        context
    }

    /// The children of the node at `index` in [`Context::nodes`].
    fn children(&self, index: u32) -> &[Child<'tree>] {
        let (start, len) = self.spans[index as usize];
        &self.kids[start as usize..(start + len) as usize]
    }
}

/// Matches the child steps of `pattern` from `step_index` on, each on a later child than
/// the one before.
#[allow(clippy::too_many_arguments)]
fn sequence<'tree>(
    context: &Context<'tree>,
    run: &Run<'_>,
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
        match_step(context, run, step, child, bound, &mut |context, bound| {
            sequence(
                context,
                run,
                pattern,
                step_index + 1,
                children,
                index + 1,
                Some(index),
                bound,
                then,
            )
        });
    }
}

fn texts<'a>(captures: &Captures<'_>, index: u32, text: &'a str) -> Vec<&'a str> {
    captures
        .iter()
        .filter(|(capture, _)| *capture == index)
        .map(|(_, node)| text.get(node.byte_range()).unwrap_or_default())
        .collect()
}

/// `#eq? @left @right` as tree-sitter's binding evaluates it: the nodes bound to each, in
/// order, have equal texts (or, negated, all differ), and as many on each side.
fn texts_agree(captures: &Captures<'_>, left: u32, right: u32, positive: bool, text: &str) -> bool {
    let left = texts(captures, left, text);
    let right = texts(captures, right, text);
    left.iter()
        .zip(&right)
        .all(|(left, right)| (left == right) == positive)
        && left.len() == right.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Language;

    /// The patterns of a Python query, and the index of each of its capture names.
    fn compiled(source: &str) -> (Vec<Pattern>, Vec<String>) {
        let grammar = Language::Python.grammar();
        let query = tree_sitter::Query::new(&grammar, source).expect("compiles");
        let names: Vec<String> = query
            .capture_names()
            .iter()
            .map(|name| name.to_string())
            .collect();
        let local = |name: &str| {
            names
                .iter()
                .position(|known| known == name)
                .map(|at| at as u32)
        };
        let patterns =
            crate::rules::structural::compile(&grammar, source, local).expect("in the subset");
        (patterns, names)
    }

    fn dispatch(sources: &[&str]) -> Dispatch {
        let mut dispatch = Dispatch::default();
        for (owner, source) in sources.iter().enumerate() {
            dispatch.add(owner as u32, compiled(source).0, None);
        }
        dispatch
    }

    #[test]
    fn a_pattern_is_live_only_where_the_text_holds_what_its_captures_must_be() {
        let dispatch = dispatch(&[
            // Bound on every match, so the file must hold "system" (any case).
            "(call function: (attribute attribute: (identifier) @f) (#eq? @f \"system\"))",
            // Prefixes of the regex.
            "(call function: (identifier) @f (#match? @f \"^(spawn|fork)[a-z]*$\"))",
            // Only one alternative binds @f: no need.
            "([(call function: (identifier) @f) (string)] (#eq? @f \"nowhere\"))",
            // Too short a word to rule anything out.
            "(call function: (identifier) @f (#eq? @f \"go\"))",
            // A negated test asks nothing.
            "(call function: (identifier) @f (#not-eq? @f \"elsewhere\"))",
        ]);
        let none = Aliases::new();
        assert_eq!(
            dispatch.live(["os.SYSTEM(cmd)\n"].into_iter(), &none),
            [true, false, true, true, true]
        );
        assert_eq!(
            dispatch.live(["forked(x)\n"].into_iter(), &none),
            [false, true, true, true, true]
        );
        // What an import makes a name stand for counts as text of the file.
        let mut aliases = Aliases::new();
        aliases.names.insert("run".to_owned(), "spawnv".to_owned());
        assert_eq!(
            dispatch.live(["run(x)\n"].into_iter(), &aliases),
            [false, true, true, true, true]
        );
    }

    #[test]
    fn the_users_tests_give_needs_when_every_user_has_words() {
        let (patterns, names) = compiled("(call function: (identifier) @f) @call");
        let regex = |pattern: &str| TextTest::Regex(regex::Regex::new(pattern).expect("regex"));
        let with_users = |filters: Vec<Filter>| {
            let mut dispatch = Dispatch::default();
            dispatch.add(0, patterns.clone(), Some(&filters));
            dispatch.live(["print(x)\n"].into_iter(), &Aliases::new())
        };
        let f = names.iter().position(|name| name == "f").expect("capture") as u32;
        // Both users name their words: neither is in the text.
        assert_eq!(
            with_users(vec![
                vec![(f, regex("^eval$"))],
                vec![(
                    f,
                    TextTest::OneOf(vec!["exec".to_owned(), "compile".to_owned()])
                )],
            ]),
            [false]
        );
        // One user's word is.
        assert_eq!(
            with_users(vec![vec![(f, regex("^eval$"))], vec![(f, regex("^pri"))]]),
            [true]
        );
        // A user whose only test is negative keeps any text: no need (and so no words).
        let negative = TextTest::NotRegex(regex::Regex::new("^x").expect("regex"));
        assert_eq!(
            with_users(vec![vec![(f, regex("^eval$"))], vec![(f, negative)]]),
            Vec::<bool>::new()
        );
    }
}
