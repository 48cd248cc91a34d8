//! Names and types: what a call, attribute or type reference means, whatever its spelling.
//!
//! Per file, the resolver reads the imports once (aliases, static and star imports,
//! `require` bindings); on demand it gives an expression its canonical qualified names
//! (`h.md5` after `import hashlib as h` is `hashlib.md5`; `r.exec` after `Runtime r =
//! Runtime.getRuntime()` is `java.lang.Runtime.exec`) and the static type of a value
//! (declared types of locals, fields and parameters; `new X()`; constructor calls; the return
//! types of known factories). Rules test these with `qualified:` and `type:` conditions, so
//! one rule covers every spelling.
//!
//! No IO; its state is one file's: the import table, the bindings of each scope asked about
//! and the answers already given. A name that cannot be resolved keeps its spelling, so a rule
//! that accepts the short form still matches code without imports.
//! Resolution is local to the tree it is given: the language server resolves the regions it
//! scans (definitions parsed with the file's imports), never the whole file per keystroke.

mod go;
mod java;
mod javascript;
mod python;

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use tree_sitter::Node;

use crate::engine::fields::Fields;
use crate::engine::pattern::node_text;
use crate::engine::structural::Aliases;

use crate::lang::Language;

/// How deep a chain of bindings is followed (`a = b`, `b = c`, ...) before giving up.
const MAX_DEPTH: usize = 8;

/// One file's imports, and the questions asked of its tree.
#[derive(Debug)]
pub struct Resolver<'tree> {
    language: Language,
    root: Node<'tree>,
    /// Local names brought in by imports, each with the qualified name it stands for.
    imports: HashMap<String, String>,
    /// Modules or packages whose every name is imported (`from x import *`, `import a.b.*;`,
    /// Go dot imports).
    stars: Vec<String>,
    /// Imported names that stand for something spelled otherwise, with the last part of
    /// what they stand for: `h` for `import hashlib as h` gives `hashlib`, `run` for
    /// `from subprocess import call as run` gives `call`, `x` for Go's `x "os/exec"` gives
    /// `exec`.
    aliases: HashMap<String, String>,
    /// Answers already given, by node id: many rules ask about the same calls.
    names_cache: RefCell<HashMap<usize, Vec<String>>>,
    types_cache: RefCell<HashMap<usize, Option<String>>>,
    /// Per scope node: the names bound in it, each with its bindings in order, built once
    /// (looking a name up must not walk the scope again for every use).
    scopes: RefCell<HashMap<usize, Rc<Bindings<'tree>>>>,
    /// Per scope (the file, or a Java class body): its functions by name (the first of each
    /// name), each with the position of the parameter it returns unchanged if it is a
    /// relay; built once.
    relays: RefCell<HashMap<usize, Rc<Relays>>>,
}

/// The functions of one scope by name, each with the position of the parameter it returns
/// unchanged, if it does.
type Relays = HashMap<String, Option<usize>>;

/// What a name is bound to at one place.
#[derive(Debug, Clone, Copy)]
enum Bound<'tree> {
    /// The value given by an assignment, declaration or `with ... as`.
    Value(Node<'tree>),
    /// A declared type or annotation.
    Typed(Node<'tree>),
    /// A parameter, loop variable or definition of no known type or value.
    Other,
    /// A parameter whose place says what it holds: the request of a route handler.
    Role(&'static str),
}

/// The bindings of one scope: by name, (start byte, binding) in source order.
type Bindings<'tree> = HashMap<String, Vec<(usize, Bound<'tree>)>>;

/// The last binding of `name` that starts before `before` (any, with `None`).
fn last_before<'tree>(
    bindings: &Bindings<'tree>,
    name: &str,
    before: Option<usize>,
) -> Option<Bound<'tree>> {
    bindings
        .get(name)?
        .iter()
        .rev()
        .find(|(start, _)| before.is_none_or(|before| *start < before))
        .map(|(_, bound)| *bound)
}

impl<'tree> Resolver<'tree> {
    pub fn new(language: Language, root: Node<'tree>, text: &str) -> Resolver<'tree> {
        let mut imports = HashMap::new();
        let mut stars = Vec::new();
        match language {
            Language::Java => java::imports(root, text, &mut imports, &mut stars),
            Language::Python => python::imports(root, text, &mut imports, &mut stars),
            Language::JavaScript | Language::TypeScript | Language::Tsx => {
                javascript::imports(root, text, &mut imports)
            }
            Language::Go => go::imports(root, text, &mut imports, &mut stars),
        }
        let aliases = imports
            .iter()
            .filter_map(|(name, qualified)| {
                let last = qualified.rsplit(['.', '/']).next()?;
                (last != name && !last.is_empty()).then(|| (name.clone(), last.to_owned()))
            })
            .collect();
        Resolver {
            language,
            root,
            aliases,
            imports,
            stars,
            names_cache: RefCell::default(),
            types_cache: RefCell::default(),
            scopes: RefCell::default(),
            relays: RefCell::default(),
        }
    }

    /// The canonical names of `node`, best first: for a call, those of what is called; for a
    /// method call, the receiver's type or module followed by the method's name. Never empty
    /// for a name, attribute or call; empty for other expressions.
    pub fn names(&self, node: Node<'tree>, text: &str) -> Vec<String> {
        if let Some(known) = self.names_cache.borrow().get(&node.id()) {
            return known.clone();
        }
        let mut names = Vec::new();
        self.names_into(node, text, 0, &mut names);
        let mut seen = std::collections::HashSet::new();
        names.retain(|name| seen.insert(name.clone()));
        self.names_cache
            .borrow_mut()
            .insert(node.id(), names.clone());
        names
    }

    /// The node whose text is the last part of every one of `node`'s [`Resolver::names`],
    /// if there is one: the member of a member access (each name is the object's type or
    /// name followed by it), the method of a Java call (a static import binds a method by its
    /// own name). Found without resolving anything, so that a caller can rule a node out
    /// cheaply.
    pub fn last_part(&self, node: Node<'tree>) -> Option<Node<'tree>> {
        let member = match (self.language, node.kind()) {
            (Language::Python, "attribute") => "attribute",
            (Language::JavaScript | Language::TypeScript | Language::Tsx, "member_expression") => {
                "property"
            }
            (Language::Go, "selector_expression") => "field",
            (Language::Java, "method_invocation") => "name",
            _ => return None,
        };
        node.field(member)
    }

    /// The value the name (or relaying call) `node` stands for: its declaration's value in
    /// scope, through names that name other names and helpers that return their argument
    /// (JavaScript and TypeScript: `const options = { secure: true }` for a later
    /// `options`); `None` for other languages, other nodes, and names declared without a value.
    pub fn value_of(&self, node: Node<'tree>, text: &str) -> Option<Node<'tree>> {
        if !matches!(
            self.language,
            Language::JavaScript | Language::TypeScript | Language::Tsx
        ) {
            return None;
        }
        // `const options = defaults;`, `relay(options)` and `const options = relay(defaults)`
        // (a helper that returns its argument) name the value of another name: follow a few.
        let mut current = node;
        let mut moved = false;
        for _ in 0..6 {
            if let Some(argument) = self.relayed_argument(current, text) {
                current = argument;
            } else if let Some(element) = self.element_of(current, text) {
                current = element;
            } else if current.kind() == "identifier" {
                match javascript::binding(self, current, node_text(current, text), text)? {
                    Bound::Value(value) => current = value,
                    _ => return None,
                }
            } else {
                return moved.then_some(current);
            }
            moved = true;
        }
        None
    }

    /// The static type of the value of `node`, qualified where the file says what it is.
    pub fn type_of(&self, node: Node<'tree>, text: &str) -> Option<String> {
        if let Some(known) = self.types_cache.borrow().get(&node.id()) {
            return known.clone();
        }
        let found = self.type_at(node, text, 0);
        self.types_cache
            .borrow_mut()
            .insert(node.id(), found.clone());
        found
    }

    fn names_into(&self, node: Node<'tree>, text: &str, depth: usize, out: &mut Vec<String>) {
        if depth > MAX_DEPTH {
            return;
        }
        match self.language {
            Language::Java => java::names(self, node, text, depth, out),
            Language::Python => python::names(self, node, text, depth, out),
            Language::JavaScript | Language::TypeScript | Language::Tsx => {
                javascript::names(self, node, text, depth, out)
            }
            Language::Go => go::names(self, node, text, depth, out),
        }
    }

    /// The best name of `node`, one level deeper: a type annotation's type, a constructor.
    fn first_name_of(&self, node: Node<'tree>, text: &str, depth: usize) -> Option<String> {
        let mut found = Vec::new();
        self.names_into(node, text, depth + 1, &mut found);
        found.into_iter().next()
    }

    /// The names of `child`, if there is one, one level deeper.
    fn names_of(
        &self,
        child: Option<Node<'tree>>,
        text: &str,
        depth: usize,
        out: &mut Vec<String>,
    ) {
        if let Some(child) = child {
            self.names_into(child, text, depth + 1, out);
        }
    }

    fn type_at(&self, node: Node<'tree>, text: &str, depth: usize) -> Option<String> {
        if depth > MAX_DEPTH {
            return None;
        }
        // A relay's declared return type is a type parameter at best: the argument's is
        // the one that tells.
        if let Some(argument) = self.relayed_argument(node, text) {
            return self.type_at(argument, text, depth + 1);
        }
        match self.language {
            Language::Java => java::type_of(self, node, text, depth),
            Language::Python => python::type_of(self, node, text, depth),
            Language::JavaScript | Language::TypeScript | Language::Tsx => {
                javascript::type_of(self, node, text, depth)
            }
            Language::Go => go::type_of(self, node, text, depth),
        }
    }

    /// What a read from a literal collection under a constant key gives (JavaScript):
    /// `list[0]` of `const list = [a, b]`, `options.flag` or `options["flag"]` of an object
    /// literal, `map.get("k")` of `new Map([["k", v]])`.
    fn element_of(&self, read: Node<'tree>, text: &str) -> Option<Node<'tree>> {
        let named = |node: Node<'tree>| -> Vec<Node<'tree>> {
            let mut cursor = node.walk();
            node.named_children(&mut cursor)
                .filter(|child| child.kind() != "comment")
                .collect()
        };
        let held = |object: Node<'tree>| self.value_of(object, text).unwrap_or(object);
        let property = |object: Node<'tree>, key: &str| {
            named(object).into_iter().find_map(|pair| {
                let name = pair.field("key")?;
                (pair.kind() == "pair" && unquote(node_text(name, text)) == key)
                    .then(|| pair.field("value"))
                    .flatten()
            })
        };
        match read.kind() {
            "subscript_expression" => {
                let collection = held(read.field("object")?);
                let index = read.field("index")?;
                match (collection.kind(), index.kind()) {
                    ("array", "number") => named(collection)
                        .get(node_text(index, text).parse::<usize>().ok()?)
                        .copied(),
                    ("object", "string") => property(collection, unquote(node_text(index, text))),
                    _ => None,
                }
            }
            "member_expression" => {
                let collection = held(read.field("object")?);
                (collection.kind() == "object")
                    .then(|| property(collection, node_text(read.field("property")?, text)))
                    .flatten()
            }
            "call_expression" => {
                let function = read.field("function")?;
                if function.kind() != "member_expression"
                    || node_text(function.field("property")?, text) != "get"
                {
                    return None;
                }
                let key = *named(read.field("arguments")?).first()?;
                if key.kind() != "string" {
                    return None;
                }
                let map = held(function.field("object")?);
                if map.kind() != "new_expression"
                    || node_text(map.field("constructor")?, text) != "Map"
                {
                    return None;
                }
                let entries = *named(map.field("arguments")?).first()?;
                (entries.kind() == "array")
                    .then(|| {
                        named(entries).into_iter().find_map(|entry| {
                            let parts = named(entry);
                            (entry.kind() == "array"
                                && parts.len() == 2
                                && parts[0].kind() == "string"
                                && unquote(node_text(parts[0], text))
                                    == unquote(node_text(key, text)))
                            .then_some(parts[1])
                        })
                    })
                    .flatten()
            }
            _ => None,
        }
    }

    /// For a call of a function of this file that returns one of its parameters unchanged
    /// (`def relay(value): return value`, `func relay[T any](v T) T { return v }`,
    /// `static <T> T relay(T v) { return v; }`), the argument it returns.
    fn relayed_argument(&self, call: Node<'tree>, text: &str) -> Option<Node<'tree>> {
        let (callee, arguments) = match call.kind() {
            "call_expression" | "call" => (call.field("function")?, call.field("arguments")?),
            "method_invocation" if call.field("object").is_none() => {
                (call.field("name")?, call.field("arguments")?)
            }
            _ => return None,
        };
        if callee.kind() != "identifier" {
            return None;
        }
        let name = node_text(callee, text);
        let position = self.relay_position(call, name, text)?;
        let mut cursor = arguments.walk();
        arguments
            .named_children(&mut cursor)
            .filter(|argument| !matches!(argument.kind(), "comment" | "keyword_argument"))
            .nth(position)
    }

    /// The position of the parameter that the function or method `name` returns unchanged,
    /// if it is one declared at the top of the file (Go, Python, JavaScript) or in a class
    /// around `at` (Java).
    fn relay_position(&self, at: Node<'tree>, name: &str, text: &str) -> Option<usize> {
        let scopes: Vec<Node<'tree>> = if self.language == Language::Java {
            ancestors(self.root, at)
                .into_iter()
                .filter(|node| node.kind() == "class_body")
                .collect()
        } else {
            vec![self.root]
        };
        scopes
            .into_iter()
            .find_map(|scope| self.relays_in(scope, text).get(name).copied())
            .flatten()
    }

    /// The functions declared directly in `scope` and what each relays, built the first
    /// time they are asked for.
    fn relays_in(&self, scope: Node<'tree>, text: &str) -> Rc<Relays> {
        if let Some(known) = self.relays.borrow().get(&scope.id()) {
            return Rc::clone(known);
        }
        let mut found = HashMap::new();
        let mut cursor = scope.walk();
        for child in scope.named_children(&mut cursor) {
            let function = match child.kind() {
                "decorated_definition" => child.field("definition"),
                "export_statement" => child.field("declaration"),
                _ => Some(child),
            };
            let Some(function) = function.filter(|function| {
                matches!(
                    function.kind(),
                    "function_declaration" | "function_definition" | "method_declaration"
                )
            }) else {
                continue;
            };
            if let Some(id) = function.field("name") {
                found
                    .entry(node_text(id, text).to_owned())
                    .or_insert_with(|| returned_parameter(function, text));
            }
        }
        let found = Rc::new(found);
        self.relays
            .borrow_mut()
            .insert(scope.id(), Rc::clone(&found));
        found
    }

    /// The bindings of `scope`, built by `build` the first time they are asked for.
    fn bindings(
        &self,
        scope: Node<'tree>,
        build: impl FnOnce(Node<'tree>) -> Bindings<'tree>,
    ) -> Rc<Bindings<'tree>> {
        if let Some(known) = self.scopes.borrow().get(&scope.id()) {
            return Rc::clone(known);
        }
        let mut built = build(scope);
        for bindings in built.values_mut() {
            bindings.sort_by_key(|(start, _)| *start);
        }
        let built = Rc::new(built);
        self.scopes
            .borrow_mut()
            .insert(scope.id(), Rc::clone(&built));
        built
    }

    /// The qualified name an imported local name stands for.
    /// What imported names stand for when the import spells them otherwise (see
    /// `aliases`): rules written against the usual spelling match aliased imports too.
    pub fn aliases(&self) -> Aliases {
        let modules = match self.language {
            Language::Python => self
                .imports
                .iter()
                .filter(|(name, module)| name == module)
                .map(|(name, _)| name.clone())
                .collect(),
            _ => Default::default(),
        };
        Aliases {
            names: self.aliases.clone(),
            modules,
        }
    }

    /// Whether the file imports Koa or one of its routers (their handlers take a context).
    fn imports_koa(&self) -> bool {
        self.imports.values().any(|module| {
            let module = module.split('.').next().unwrap_or_default();
            matches!(module, "koa" | "@koa/router" | "koa-router")
        })
    }

    fn import(&self, name: &str) -> Option<&str> {
        self.imports.get(name).map(String::as_str)
    }

    /// `name` as spelled, then `star.name` for every star import.
    fn spelled(&self, name: &str, separator: &str, out: &mut Vec<String>) {
        out.push(name.to_owned());
        for star in &self.stars {
            out.push(format!("{star}{separator}{name}"));
        }
    }

    /// The names of a member access: the receiver's type followed by `.member` when the
    /// object is a value of known type, else each name of the object followed by `.member`.
    fn member_names(
        &self,
        object: Node<'tree>,
        member: &str,
        separator: &str,
        text: &str,
        depth: usize,
        out: &mut Vec<String>,
    ) {
        if let Some(receiver) = self.type_at(object, text, depth + 1) {
            out.push(format!("{receiver}{separator}{member}"));
            return;
        }
        let mut objects = Vec::new();
        self.names_into(object, text, depth + 1, &mut objects);
        out.extend(
            objects
                .into_iter()
                .map(|name| format!("{name}{separator}{member}")),
        );
    }
}

/// What the first of `callees` (a call's names, best first) found in a table of well-known
/// factories and methods returns.
fn returned(table: &[(&str, &str)], callees: &[String]) -> Option<String> {
    callees.iter().find_map(|callee| {
        table
            .iter()
            .find(|(name, _)| name == callee)
            .map(|(_, returned)| (*returned).to_owned())
    })
}

/// The nearest node at or above `node` (inclusive) whose kind is one of `kinds`.
fn enclosing<'tree>(root: Node<'tree>, node: Node<'tree>, kinds: &[&str]) -> Option<Node<'tree>> {
    std::iter::once(node)
        .chain(ancestors(root, node))
        .find(|here| kinds.contains(&here.kind()))
}

/// The ancestors of `node` under `root`, innermost first, found on one descent from the
/// root. tree-sitter's `parent()` descends from the root on every call, so a walk up by
/// `parent()` costs one descent per level; this costs one in all.
pub(crate) fn ancestors<'tree>(root: Node<'tree>, node: Node<'tree>) -> Vec<Node<'tree>> {
    let mut chain = Vec::new();
    let mut current = root;
    while current.id() != node.id() {
        chain.push(current);
        match current.child_with_descendant(node) {
            Some(next) => current = next,
            // Not under `root`: walk up instead.
            None => {
                return std::iter::successors(node.parent(), Node::parent).collect();
            }
        }
    }
    chain.reverse();
    chain
}

/// A string literal's content without its quotes.
fn unquote(literal: &str) -> &str {
    literal.trim_matches(['"', '\'', '`'])
}

#[cfg(test)]
mod tests;

/// The position of the parameter a function returns unchanged, when its body is that one
/// `return` statement.
fn returned_parameter(function: Node<'_>, text: &str) -> Option<usize> {
    let mut body = function.field("body")?;
    // Go wraps a block's statements in a statement list.
    if body.named_child_count() == 1
        && let Some(list) = body
            .named_child(0)
            .filter(|child| child.kind() == "statement_list")
    {
        body = list;
    }
    let mut cursor = body.walk();
    let statements: Vec<Node<'_>> = body
        .named_children(&mut cursor)
        .filter(|child| child.kind() != "comment")
        .collect();
    let [statement] = statements.as_slice() else {
        return None;
    };
    if statement.kind() != "return_statement" {
        return None;
    }
    let mut value = statement.named_child(0)?;
    if value.kind() == "expression_list" {
        if value.named_child_count() != 1 {
            return None;
        }
        value = value.named_child(0)?;
    }
    if value.kind() != "identifier" {
        return None;
    }
    let returned = node_text(value, text);
    let parameters = function.field("parameters")?;
    let mut names: Vec<&str> = Vec::new();
    let mut walk = parameters.walk();
    for parameter in parameters.named_children(&mut walk) {
        match parameter.kind() {
            "comment" => {}
            // Go: `a, b string` declares two.
            "parameter_declaration" => {
                let mut inner = parameter.walk();
                names.extend(
                    parameter
                        .children_by_field_name("name", &mut inner)
                        .map(|id| node_text(id, text)),
                );
            }
            "identifier" => names.push(node_text(parameter, text)),
            _ => {
                let id = parameter
                    .field("name")
                    .or_else(|| parameter.field("pattern"))
                    .or_else(|| parameter.field("left"))
                    .or_else(|| parameter.named_child(0));
                names.push(id.map_or("", |id| node_text(id, text)));
            }
        }
    }
    names.iter().position(|name| *name == returned)
}
