//! Go: imports with their package names (the last path element, `v2`-style suffixes skipped)
//! or aliases, dot imports; the types of locals (`var x T`, `x := f()`, composite literals,
//! `&T{}`), parameters and receivers, fields of structs declared in the file; the return
//! types of well-known constructors.

use std::collections::HashMap;

use tree_sitter::Node;

use super::{Resolver, returned, unquote};
use crate::engine::fields::Fields;
use crate::engine::pattern::node_text;

/// What well-known constructors return (pointers dropped).
const RETURNS: &[(&str, &str)] = &[
    ("database/sql.Open", "database/sql.DB"),
    ("database/sql.DB.Begin", "database/sql.Tx"),
    ("os/exec.Command", "os/exec.Cmd"),
    ("os/exec.CommandContext", "os/exec.Cmd"),
    ("math/rand.New", "math/rand.Rand"),
    ("math/rand/v2.New", "math/rand/v2.Rand"),
    ("crypto/md5.New", "hash.Hash"),
    ("crypto/sha1.New", "hash.Hash"),
    ("text/template.New", "text/template.Template"),
    ("html/template.New", "html/template.Template"),
    ("log.New", "log.Logger"),
];

/// The package name an import path binds: `math/rand/v2` -> `rand`, `gopkg.in/yaml.v3` ->
/// `yaml`, `github.com/go-chi/chi/v5` -> `chi`.
fn package_name(path: &str) -> &str {
    let mut parts = path.rsplit('/');
    let mut last = parts.next().unwrap_or(path);
    if last.len() > 1
        && last.starts_with('v')
        && last[1..].chars().all(|c| c.is_ascii_digit())
        && let Some(before) = parts.next()
    {
        last = before;
    }
    let last = match last.split_once(".v") {
        Some((name, version)) if version.chars().all(|c| c.is_ascii_digit()) => name,
        _ => last,
    };
    last.strip_prefix("go-").unwrap_or(last)
}

pub(super) fn imports(
    root: Node<'_>,
    text: &str,
    imports: &mut HashMap<String, String>,
    stars: &mut Vec<String>,
) {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        match node.kind() {
            "source_file" | "import_declaration" | "import_spec_list" => {
                let mut cursor = node.walk();
                stack.extend(node.named_children(&mut cursor));
            }
            "import_spec" => {
                let Some(path) = node.field("path") else {
                    continue;
                };
                let path = unquote(node_text(path, text));
                match node.field("name").map(|name| node_text(name, text)) {
                    Some(".") => stars.push(path.to_owned()),
                    Some("_") => {}
                    Some(alias) => {
                        imports.insert(alias.to_owned(), path.to_owned());
                    }
                    None => {
                        imports.insert(package_name(path).to_owned(), path.to_owned());
                    }
                }
            }
            _ => {}
        }
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
        "identifier" | "package_identifier" | "type_identifier" => {
            let name = node_text(node, text);
            // A variable keeps its spelling.
            if binding(node, name, text).is_some() {
                out.push(name.to_owned());
                return;
            }
            match resolver.import(name) {
                Some(imported) => out.push(imported.to_owned()),
                None => resolver.spelled(name, ".", out),
            }
        }
        "selector_expression" | "qualified_type" => {
            let (object, member) = if node.kind() == "selector_expression" {
                (node.field("operand"), node.field("field"))
            } else {
                (node.field("package"), node.field("name"))
            };
            let (Some(object), Some(member)) = (object, member) else {
                return;
            };
            resolver.member_names(object, node_text(member, text), ".", text, depth, out);
        }
        "call_expression" => {
            if let Some(function) = node.field("function") {
                resolver.names_into(function, text, depth + 1, out);
            }
        }
        "parenthesized_expression" | "pointer_type" => {
            if let Some(inner) = node.named_child(0) {
                resolver.names_into(inner, text, depth + 1, out);
            }
        }
        _ => {}
    }
}

pub(super) fn type_of<'tree>(
    resolver: &Resolver<'tree>,
    node: Node<'tree>,
    text: &str,
    depth: usize,
) -> Option<String> {
    match node.kind() {
        "identifier" => match binding(node, node_text(node, text), text)? {
            Binding::Typed(kind) => type_name(resolver, kind, text, depth),
            Binding::Value(value) => resolver.type_at(value, text, depth + 1),
        },
        "selector_expression" => {
            // A field of a struct declared in this file.
            let operand = node.field("operand")?;
            let field = node_text(node.field("field")?, text);
            let owner = resolver.type_at(operand, text, depth + 1)?;
            let kind = struct_field(resolver.root, &owner, field, text)?;
            type_name(resolver, kind, text, depth)
        }
        "call_expression" => {
            let mut callees = Vec::new();
            names(resolver, node, text, depth, &mut callees);
            callees
                .iter()
                .find_map(|callee| returned(RETURNS, callee))
                .map(str::to_owned)
        }
        "composite_literal" => type_name(resolver, node.field("type")?, text, depth),
        "unary_expression" | "parenthesized_expression" => resolver.type_at(
            node.field("operand").or_else(|| node.named_child(0))?,
            text,
            depth + 1,
        ),
        _ => None,
    }
}

/// A type as written, qualified, pointers dropped.
fn type_name<'tree>(
    resolver: &Resolver<'tree>,
    kind: Node<'tree>,
    text: &str,
    depth: usize,
) -> Option<String> {
    match kind.kind() {
        "pointer_type" => type_name(resolver, kind.named_child(0)?, text, depth),
        "type_identifier" => Some(node_text(kind, text).to_owned()),
        "qualified_type" => {
            let mut found = Vec::new();
            names(resolver, kind, text, depth, &mut found);
            found.into_iter().next()
        }
        "generic_type" => type_name(resolver, kind.field("type")?, text, depth),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy)]
enum Binding<'tree> {
    Typed(Node<'tree>),
    Value(Node<'tree>),
}

/// The declaration of `name` in scope at `node`: short and long variable declarations before
/// it in enclosing blocks, then parameters and receivers of enclosing functions.
fn binding<'tree>(node: Node<'tree>, name: &str, text: &str) -> Option<Binding<'tree>> {
    let position = node.start_byte();
    let mut current = node.parent();
    while let Some(scope) = current {
        let mut found = None;
        let mut cursor = scope.walk();
        for child in scope.named_children(&mut cursor) {
            if child.start_byte() >= position && scope.kind() != "source_file" {
                break;
            }
            match child.kind() {
                "short_var_declaration" => {
                    if let Some(binding) = short_declaration(child, name, text) {
                        found = Some(binding);
                    }
                }
                "var_declaration" => {
                    let mut inner = child.walk();
                    for spec in child.named_children(&mut inner) {
                        if let Some(binding) = var_spec(spec, name, text) {
                            found = Some(binding);
                        }
                    }
                }
                "parameter_list" => {
                    let mut inner = child.walk();
                    for parameter in child.named_children(&mut inner) {
                        let mut names = parameter.walk();
                        let named = parameter
                            .fields("name", &mut names)
                            .into_iter()
                            .any(|id| node_text(id, text) == name);
                        if named && let Some(kind) = parameter.field("type") {
                            found = Some(Binding::Typed(kind));
                        }
                    }
                }
                _ => {}
            }
        }
        if found.is_some() {
            return found;
        }
        current = scope.parent();
    }
    None
}

fn short_declaration<'tree>(
    declaration: Node<'tree>,
    name: &str,
    text: &str,
) -> Option<Binding<'tree>> {
    let left = declaration.field("left")?;
    let right = declaration.field("right")?;
    let mut cursor = left.walk();
    let at = left
        .named_children(&mut cursor)
        .position(|id| node_text(id, text) == name)?;
    let mut cursor = right.walk();
    let values: Vec<Node<'tree>> = right.named_children(&mut cursor).collect();
    // `db, err := sql.Open(...)`: the first name takes the call's first result.
    let value = if values.len() == 1 && at == 0 {
        values[0]
    } else {
        *values.get(at)?
    };
    Some(Binding::Value(value))
}

fn var_spec<'tree>(spec: Node<'tree>, name: &str, text: &str) -> Option<Binding<'tree>> {
    if spec.kind() != "var_spec" {
        return None;
    }
    let mut cursor = spec.walk();
    let at = spec
        .fields("name", &mut cursor)
        .into_iter()
        .position(|id| node_text(id, text) == name)?;
    if let Some(kind) = spec.field("type") {
        return Some(Binding::Typed(kind));
    }
    let values = spec.field("value")?;
    let mut cursor = values.walk();
    let value = values.named_children(&mut cursor).nth(at)?;
    Some(Binding::Value(value))
}

/// The declared type of `field` in the struct type `owner` declared in the file.
fn struct_field<'tree>(
    root: Node<'tree>,
    owner: &str,
    field: &str,
    text: &str,
) -> Option<Node<'tree>> {
    let mut cursor = root.walk();
    let declarations: Vec<Node<'tree>> = root
        .named_children(&mut cursor)
        .filter(|child| child.kind() == "type_declaration")
        .collect();
    for declaration in declarations {
        let mut inner = declaration.walk();
        for spec in declaration.named_children(&mut inner) {
            if spec.field("name").map(|id| node_text(id, text)) != Some(owner) {
                continue;
            }
            let body = spec.field("type")?;
            let list = body.named_child(0)?;
            let mut fields = list.walk();
            for declared in list.named_children(&mut fields) {
                let mut names = declared.walk();
                if declared
                    .fields("name", &mut names)
                    .into_iter()
                    .any(|id| node_text(id, text) == field)
                {
                    return declared.field("type");
                }
            }
        }
    }
    None
}
