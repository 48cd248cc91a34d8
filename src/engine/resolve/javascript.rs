//! JavaScript and TypeScript: ES imports (default, namespace, named with aliases), CommonJS
//! `require` (whole, destructured with renames, a member of it), `node:` module names; names
//! bound to a function or module; the types of values from `new X()`, TypeScript annotations
//! and the return types of well-known factories.

use std::collections::HashMap;

use tree_sitter::Node;

use super::{Bindings, Bound, Resolver, last_before, returned, unquote};
use crate::engine::fields::Fields;
use crate::engine::pattern::node_text;

/// What well-known factories return.
const RETURNS: &[(&str, &str)] = &[
    ("mysql.createConnection", "mysql.Connection"),
    ("mysql.createPool", "mysql.Pool"),
    ("mysql2.createConnection", "mysql2.Connection"),
    ("mysql2.createPool", "mysql2.Pool"),
    ("mysql2/promise.createConnection", "mysql2.Connection"),
    ("mysql2/promise.createPool", "mysql2.Pool"),
    ("crypto.createHash", "crypto.Hash"),
    ("ldapjs.createClient", "ldapjs.Client"),
];

/// The module a `require("x")` or import source names, without the `node:` scheme.
fn module_name(literal: &str) -> &str {
    let name = unquote(literal);
    name.strip_prefix("node:").unwrap_or(name)
}

pub(super) fn imports(root: Node<'_>, text: &str, imports: &mut HashMap<String, String>) {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        match node.kind() {
            "import_statement" => es_import(node, text, imports),
            "variable_declarator" => {
                if let (Some(name), Some(value)) = (node.field("name"), node.field("value"))
                    && let Some(module) = required(value, text)
                {
                    match name.kind() {
                        "object_pattern" => destructured(name, &module, text, imports),
                        // `const cp = require("child_process")`: as `import * as cp`
                        "identifier" => {
                            imports.insert(node_text(name, text).to_owned(), module);
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
    }
}

fn es_import(node: Node<'_>, text: &str, imports: &mut HashMap<String, String>) {
    let Some(source) = node.field("source") else {
        return;
    };
    let module = module_name(node_text(source, text)).to_owned();
    let mut cursor = node.walk();
    let Some(clause) = node
        .named_children(&mut cursor)
        .find(|child| child.kind() == "import_clause")
    else {
        return;
    };
    let mut cursor = clause.walk();
    for part in clause.named_children(&mut cursor) {
        match part.kind() {
            "identifier" => {
                imports.insert(node_text(part, text).to_owned(), module.clone());
            }
            "namespace_import" => {
                if let Some(local) = part.named_child(0) {
                    imports.insert(node_text(local, text).to_owned(), module.clone());
                }
            }
            "named_imports" => {
                let mut inner = part.walk();
                for specifier in part.named_children(&mut inner) {
                    let Some(name) = specifier.field("name") else {
                        continue;
                    };
                    let local = specifier.field("alias").unwrap_or(name);
                    imports.insert(
                        node_text(local, text).to_owned(),
                        format!("{module}.{}", unquote(node_text(name, text))),
                    );
                }
            }
            _ => {}
        }
    }
}

/// `{ exec, spawn: run } = require("child_process")`: each local name to `module.key`.
fn destructured(
    pattern: Node<'_>,
    module: &str,
    text: &str,
    imports: &mut HashMap<String, String>,
) {
    let mut cursor = pattern.walk();
    for part in pattern.named_children(&mut cursor) {
        match part.kind() {
            "shorthand_property_identifier_pattern" => {
                let name = node_text(part, text);
                imports.insert(name.to_owned(), format!("{module}.{name}"));
            }
            "pair_pattern" => {
                if let (Some(key), Some(value)) = (part.field("key"), part.field("value"))
                    && value.kind() == "identifier"
                {
                    imports.insert(
                        node_text(value, text).to_owned(),
                        format!("{module}.{}", unquote(node_text(key, text))),
                    );
                }
            }
            _ => {}
        }
    }
}

/// The module of `require("x")`, or of `require("x").member` as `x.member`.
fn required(value: Node<'_>, text: &str) -> Option<String> {
    match value.kind() {
        "call_expression" => {
            let function = value.field("function")?;
            if node_text(function, text) != "require" {
                return None;
            }
            let arguments = value.field("arguments")?;
            let first = arguments.named_child(0)?;
            (first.kind() == "string").then(|| module_name(node_text(first, text)).to_owned())
        }
        "member_expression" => {
            let module = required(value.field("object")?, text)?;
            Some(format!(
                "{module}.{}",
                node_text(value.field("property")?, text)
            ))
        }
        "await_expression" | "parenthesized_expression" => required(value.named_child(0)?, text),
        _ => None,
    }
}

pub(super) fn names<'tree>(
    resolver: &Resolver<'tree>,
    node: Node<'tree>,
    text: &str,
    depth: usize,
    out: &mut Vec<String>,
) {
    match node.kind() {
        "identifier" | "type_identifier" => {
            let name = node_text(node, text);
            if let Some(imported) = resolver.import(name) {
                out.push(imported.to_owned());
                return;
            }
            match binding(resolver, node, name, text) {
                Some(Bound::Value(value)) => {
                    if let Some(module) = required(value, text) {
                        out.push(module);
                    } else if matches!(value.kind(), "identifier" | "member_expression") {
                        resolver.names_into(value, text, depth + 1, out);
                    } else if let Some(wrapped) = wrapped_function(resolver, value, text, depth) {
                        // `const run = util.promisify(cp.exec)`: calling `run` calls `exec`.
                        resolver.names_into(wrapped, text, depth + 1, out);
                    } else {
                        out.push(name.to_owned());
                    }
                }
                Some(Bound::Typed(_) | Bound::Other | Bound::Role(_)) | None => {
                    out.push(name.to_owned())
                }
            }
        }
        "member_expression" | "nested_type_identifier" => {
            let (object, member) = if node.kind() == "member_expression" {
                (node.field("object"), node.field("property"))
            } else {
                (node.field("module"), node.field("name"))
            };
            let (Some(object), Some(member)) = (object, member) else {
                return;
            };
            resolver.member_names(object, node_text(member, text), ".", text, depth, out);
        }
        "call_expression" => {
            if let Some(module) = required(node, text) {
                out.push(module);
            } else if let Some(function) = node.field("function") {
                resolver.names_into(function, text, depth + 1, out);
            }
        }
        "new_expression" => {
            resolver.names_of(node.field("constructor"), text, depth, out);
        }
        "parenthesized_expression" | "await_expression" | "non_null_expression" => {
            resolver.names_of(node.named_child(0), text, depth, out);
        }
        _ => {}
    }
}

/// The function that `value` wraps without changing what it does with its arguments:
/// `util.promisify(f)`, `f.bind(receiver)`.
fn wrapped_function<'tree>(
    resolver: &Resolver<'tree>,
    value: Node<'tree>,
    text: &str,
    depth: usize,
) -> Option<Node<'tree>> {
    if value.kind() != "call_expression" {
        return None;
    }
    let function = value.field("function")?;
    let arguments = value.field("arguments")?;
    if function.kind() == "member_expression"
        && function
            .field("property")
            .is_some_and(|property| node_text(property, text) == "bind")
    {
        return function.field("object");
    }
    let mut names = Vec::new();
    resolver.names_into(function, text, depth + 1, &mut names);
    names
        .iter()
        .any(|name| name == "util.promisify")
        .then(|| arguments.named_child(0))
        .flatten()
}

pub(super) fn type_of<'tree>(
    resolver: &Resolver<'tree>,
    node: Node<'tree>,
    text: &str,
    depth: usize,
) -> Option<String> {
    match node.kind() {
        "identifier" => match binding(resolver, node, node_text(node, text), text)? {
            Bound::Typed(annotation) => first_name(resolver, annotation, text, depth),
            Bound::Value(value) => resolver.type_at(value, text, depth + 1),
            Bound::Role(role) => Some(role.to_owned()),
            Bound::Other => None,
        },
        "new_expression" => first_name(resolver, node.field("constructor")?, text, depth),
        "call_expression" => {
            let mut callees = Vec::new();
            names(resolver, node, text, depth, &mut callees);
            returned(RETURNS, &callees).or_else(|| map_entry_type(resolver, node, text, depth))
        }
        // `list[0]` of `const list = [value]`: the element's type.
        "subscript_expression" => {
            let array = literal_of(resolver, node.field("object")?, text, "array")?;
            let index: usize = node_text(node.field("index")?, text).parse().ok()?;
            let mut cursor = array.walk();
            let element = array
                .named_children(&mut cursor)
                .filter(|child| child.kind() != "comment")
                .nth(index)?;
            resolver.type_at(element, text, depth + 1)
        }
        "parenthesized_expression" | "await_expression" | "non_null_expression" => {
            resolver.type_at(node.named_child(0)?, text, depth + 1)
        }
        "as_expression" => first_name(resolver, node.named_child(1)?, text, depth),
        // Literals: what a response helper serialises as JSON rather than sending as text.
        "object" => Some("Object".to_owned()),
        "array" => Some("Array".to_owned()),
        "string" | "template_string" => Some("string".to_owned()),
        _ => None,
    }
}

/// The literal of `kind` (`array`, `object`, `new_expression`) a local name holds.
fn literal_of<'tree>(
    resolver: &Resolver<'tree>,
    name: Node<'tree>,
    text: &str,
    kind: &str,
) -> Option<Node<'tree>> {
    if name.kind() != "identifier" {
        return None;
    }
    match binding(resolver, name, node_text(name, text), text)? {
        Bound::Value(value) if value.kind() == kind => Some(value),
        _ => None,
    }
}

/// `map.get("k")` of `const map = new Map([["k", value]])`: the entry's type.
fn map_entry_type<'tree>(
    resolver: &Resolver<'tree>,
    call: Node<'tree>,
    text: &str,
    depth: usize,
) -> Option<String> {
    let function = call.field("function")?;
    if function.kind() != "member_expression"
        || node_text(function.field("property")?, text) != "get"
    {
        return None;
    }
    let key = call.field("arguments")?.named_child(0)?;
    if key.kind() != "string" {
        return None;
    }
    let created = literal_of(resolver, function.field("object")?, text, "new_expression")?;
    if node_text(created.field("constructor")?, text) != "Map" {
        return None;
    }
    let entries = created.field("arguments")?.named_child(0)?;
    if entries.kind() != "array" {
        return None;
    }
    let mut cursor = entries.walk();
    let value = entries.named_children(&mut cursor).find_map(|entry| {
        let pair = (entry.kind() == "array").then_some(entry)?;
        let (first, second) = (pair.named_child(0)?, pair.named_child(1)?);
        (first.kind() == "string"
            && unquote(node_text(first, text)) == unquote(node_text(key, text)))
        .then_some(second)
    })?;
    resolver.type_at(value, text, depth + 1)
}

/// The type named by an annotation, a generic type or a constructor.
fn first_name<'tree>(
    resolver: &Resolver<'tree>,
    node: Node<'tree>,
    text: &str,
    depth: usize,
) -> Option<String> {
    let inner = match node.kind() {
        "type_annotation" => node.named_child(0)?,
        _ => node,
    };
    let inner = match inner.kind() {
        "generic_type" => inner.field("name").or_else(|| inner.named_child(0))?,
        _ => inner,
    };
    resolver.first_name_of(inner, text, depth)
}

/// The declaration of `name` in scope at `node`: declarations in enclosing blocks before it,
/// then the parameters of enclosing functions.
pub(super) fn binding<'tree>(
    resolver: &Resolver<'tree>,
    node: Node<'tree>,
    name: &str,
    text: &str,
) -> Option<Bound<'tree>> {
    let position = node.start_byte();
    for scope in super::ancestors(resolver.root, node) {
        if !SCOPES.contains(&scope.kind()) {
            continue;
        }
        let bindings = resolver.bindings(scope, |scope| {
            scope_bindings(scope, text, resolver.imports_koa())
        });
        if let Some(found) = last_before(&bindings, name, Some(position)) {
            return Some(found);
        }
    }
    None
}

/// The nodes whose children declare names: blocks, functions (their parameters), loops with
/// a declaration, cases, exports, the program.
const SCOPES: &[&str] = &[
    "program",
    "statement_block",
    "function_declaration",
    "generator_function_declaration",
    "function_expression",
    "function",
    "arrow_function",
    "method_definition",
    "for_statement",
    "for_in_statement",
    "switch_case",
    "switch_default",
    "export_statement",
];

/// Methods that register a route handler: `app.get(path, handler)`, `router.post(...)`,
/// `app.use(handler)` in Express, Fastify and the Koa routers.
const ROUTE_METHODS: &[&str] = &[
    "get", "post", "put", "patch", "delete", "del", "all", "use", "options", "head",
];

/// What the parameters of `function` hold, by position, when its place says: a route
/// handler's request and response (Fastify's request and reply are used the same way), or
/// Koa's context when the file imports Koa; a Hapi route's `handler`; the socket of a
/// server's `connection` callback (Socket.IO, ws, net); an exported Lambda `handler`.
fn handler_roles(function: Node<'_>, text: &str, koa: bool) -> &'static [&'static str] {
    if !matches!(
        function.kind(),
        "arrow_function" | "function_expression" | "function" | "function_declaration"
    ) {
        return &[];
    }
    if let Some(method) = registered_by(function, text) {
        return match method {
            "on" | "once" => {
                let event = function
                    .parent()
                    .and_then(|arguments| arguments.named_child(0))
                    .filter(|event| event.kind() == "string")
                    .map(|event| unquote(node_text(event, text)));
                match event {
                    Some("connection" | "connect") => {
                        &["socket.Connection", "http.IncomingMessage"]
                    }
                    _ => &[],
                }
            }
            _ if koa => &["koa.Context"],
            _ => &[
                "express.Request",
                "express.Response",
                "express.NextFunction",
            ],
        };
    }
    if is_hapi_handler(function, text) {
        return &["hapi.Request", "hapi.ResponseToolkit"];
    }
    if is_lambda_handler(function, text) {
        return &["aws_lambda.Event", "aws_lambda.Context"];
    }
    &[]
}

/// The method `function` is passed to as an argument, `app.get(path, function)`, when it
/// registers a route handler or an event listener.
fn registered_by<'a>(function: Node<'_>, text: &'a str) -> Option<&'a str> {
    let method = function
        .parent()
        .filter(|parent| parent.kind() == "arguments")
        .and_then(|arguments| arguments.parent())
        .filter(|call| call.kind() == "call_expression")
        .and_then(|call| call.field("function"))
        .filter(|callee| callee.kind() == "member_expression")
        .and_then(|callee| callee.field("property"))
        .map(|method| node_text(method, text))?;
    (ROUTE_METHODS.contains(&method) || matches!(method, "on" | "once")).then_some(method)
}

/// `server.route({ method, path, handler: (request, h) => ... })`, also inside an array
/// of routes or an `options` object.
fn is_hapi_handler(function: Node<'_>, text: &str) -> bool {
    let Some(pair) = function.parent().filter(|parent| parent.kind() == "pair") else {
        return false;
    };
    if pair
        .field("key")
        .is_none_or(|key| node_text(key, text) != "handler")
    {
        return false;
    }
    let mut current = pair.parent();
    for _ in 0..4 {
        let Some(node) = current else {
            return false;
        };
        if node.kind() == "arguments" {
            return node
                .parent()
                .and_then(|call| call.field("function"))
                .filter(|callee| callee.kind() == "member_expression")
                .and_then(|callee| callee.field("property"))
                .is_some_and(|method| node_text(method, text) == "route");
        }
        current = node.parent();
    }
    false
}

/// `exports.handler = async (event, context) => ...`, `module.exports.handler = ...`,
/// `export const handler = ...`, `export async function handler(event)`: the entry point
/// a Lambda function is configured with by default.
fn is_lambda_handler(function: Node<'_>, text: &str) -> bool {
    let Some(parent) = function.parent() else {
        return false;
    };
    match parent.kind() {
        "assignment_expression" => parent.field("left").is_some_and(|left| {
            matches!(
                node_text(left, text),
                "exports.handler" | "module.exports.handler"
            )
        }),
        "variable_declarator" => {
            parent
                .field("name")
                .is_some_and(|name| node_text(name, text) == "handler")
                && parent
                    .parent()
                    .and_then(|declaration| declaration.parent())
                    .is_some_and(|export| export.kind() == "export_statement")
        }
        // Not `export default function handler(req, res)`: a Next.js API route.
        "export_statement" => {
            !node_text(parent, text).starts_with("export default")
                && function
                    .field("name")
                    .is_some_and(|name| node_text(name, text) == "handler")
        }
        _ => false,
    }
}

/// The names declared by the children of `scope`: `const`/`let`/`var` declarators and the
/// parameters of a function (typed ones with their annotation, a route handler's by their
/// place).
fn scope_bindings<'tree>(scope: Node<'tree>, text: &str, koa: bool) -> Bindings<'tree> {
    let mut found: Bindings<'tree> = HashMap::new();
    let roles = handler_roles(scope, text, koa);
    if let Some(parameter) = scope
        .field("parameter")
        .filter(|parameter| parameter.kind() == "identifier")
    {
        // `req => ...`
        let bound = roles.first().map_or(Bound::Other, |role| Bound::Role(role));
        found
            .entry(node_text(parameter, text).to_owned())
            .or_default()
            .push((parameter.start_byte(), bound));
    }
    let mut cursor = scope.walk();
    for child in scope.named_children(&mut cursor) {
        let at = child.start_byte();
        let mut inner = child.walk();
        match child.kind() {
            "lexical_declaration" | "variable_declaration" => {
                for declarator in child.named_children(&mut inner) {
                    let Some(id) = declarator.field("name") else {
                        continue;
                    };
                    if id.kind() != "identifier" {
                        continue;
                    }
                    let bound = declarator
                        .field("type")
                        .map(Bound::Typed)
                        .or_else(|| declarator.field("value").map(Bound::Value))
                        .unwrap_or(Bound::Other);
                    found
                        .entry(node_text(id, text).to_owned())
                        .or_default()
                        .push((at, bound));
                }
            }
            "formal_parameters" => {
                let parameters: Vec<Node<'tree>> = child
                    .named_children(&mut inner)
                    .filter(|parameter| parameter.kind() != "comment")
                    .collect();
                for (position, parameter) in parameters.into_iter().enumerate() {
                    let id = match parameter.kind() {
                        "identifier" => Some(parameter),
                        "required_parameter" | "optional_parameter" => parameter.field("pattern"),
                        "assignment_pattern" => parameter.field("left"),
                        _ => None,
                    };
                    let Some(id) = id.filter(|id| id.kind() == "identifier") else {
                        continue;
                    };
                    // A parameter without a type hides any outer binding.
                    let bound = match (parameter.field("type"), roles.get(position)) {
                        (Some(annotation), _) => Bound::Typed(annotation),
                        (None, Some(role)) => Bound::Role(role),
                        (None, None) => Bound::Other,
                    };
                    found
                        .entry(node_text(id, text).to_owned())
                        .or_default()
                        .push((at, bound));
                }
            }
            _ => {}
        }
    }
    found
}
