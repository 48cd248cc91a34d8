//! Go: imports with their package names (the last path element, `v2`-style suffixes skipped)
//! or aliases, dot imports; the types of locals (`var x T`, `x := f()`, composite literals,
//! `&T{}`), parameters and receivers, fields of structs declared in the file; the return
//! types of well-known constructors.

use std::collections::HashMap;

use tree_sitter::Node;

use super::{Bindings, Bound, Resolver, last_before, returned, unquote};
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
    ("text/template.Must", "text/template.Template"),
    ("text/template.ParseFiles", "text/template.Template"),
    ("text/template.ParseGlob", "text/template.Template"),
    ("text/template.ParseFS", "text/template.Template"),
    ("text/template.Template.New", "text/template.Template"),
    ("text/template.Template.Parse", "text/template.Template"),
    (
        "text/template.Template.ParseFiles",
        "text/template.Template",
    ),
    ("text/template.Template.ParseGlob", "text/template.Template"),
    ("text/template.Template.ParseFS", "text/template.Template"),
    ("text/template.Template.Funcs", "text/template.Template"),
    ("text/template.Template.Option", "text/template.Template"),
    ("text/template.Template.Delims", "text/template.Template"),
    ("text/template.Template.Lookup", "text/template.Template"),
    ("html/template.New", "html/template.Template"),
    ("html/template.Must", "html/template.Template"),
    ("html/template.ParseFiles", "html/template.Template"),
    ("html/template.ParseGlob", "html/template.Template"),
    ("html/template.ParseFS", "html/template.Template"),
    ("html/template.Template.Parse", "html/template.Template"),
    ("html/template.Template.Funcs", "html/template.Template"),
    ("gorm.io/gorm.Open", "gorm.io/gorm.DB"),
    ("gorm.io/gorm.DB.Model", "gorm.io/gorm.DB"),
    ("gorm.io/gorm.DB.Table", "gorm.io/gorm.DB"),
    ("gorm.io/gorm.DB.Debug", "gorm.io/gorm.DB"),
    ("gorm.io/gorm.DB.WithContext", "gorm.io/gorm.DB"),
    ("gorm.io/gorm.DB.Session", "gorm.io/gorm.DB"),
    ("gorm.io/gorm.DB.Where", "gorm.io/gorm.DB"),
    ("gorm.io/gorm.DB.Order", "gorm.io/gorm.DB"),
    ("gorm.io/gorm.DB.Limit", "gorm.io/gorm.DB"),
    ("gorm.io/gorm.DB.Joins", "gorm.io/gorm.DB"),
    ("gorm.io/gorm.DB.Select", "gorm.io/gorm.DB"),
    ("log.New", "log.Logger"),
    ("strings.NewReplacer", "strings.Replacer"),
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
            if binding(resolver, node, name, text).is_some() {
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
            resolver.names_of(node.field("function"), text, depth, out);
        }
        "parenthesized_expression" | "pointer_type" => {
            resolver.names_of(node.named_child(0), text, depth, out);
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
        "identifier" => match binding(resolver, node, node_text(node, text), text)? {
            Bound::Typed(kind) => type_name(resolver, kind, text, depth),
            Bound::Value(value) => resolver.type_at(value, text, depth + 1),
            Bound::Role(role) => Some(role.to_owned()),
            Bound::Other => None,
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
            returned(RETURNS, &callees)
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
        "qualified_type" => resolver.first_name_of(kind, text, depth),
        "generic_type" => type_name(resolver, kind.field("type")?, text, depth),
        _ => None,
    }
}

/// The declaration of `name` in scope at `node`: short and long variable declarations before
/// it in enclosing blocks (anywhere at the top level), then parameters and receivers of
/// enclosing functions.
fn binding<'tree>(
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
        let bindings = resolver.bindings(scope, |scope| scope_bindings(scope, text));
        let before = (scope.kind() != "source_file").then_some(position);
        if let Some(found) = last_before(&bindings, name, before) {
            return Some(found);
        }
    }
    None
}

/// The nodes whose children declare names: blocks, cases, statements with an initializer,
/// functions (their parameter lists), the file.
const SCOPES: &[&str] = &[
    "source_file",
    "block",
    "statement_list",
    "function_declaration",
    "method_declaration",
    "func_literal",
    "if_statement",
    "for_statement",
    "expression_switch_statement",
    "type_switch_statement",
    "select_statement",
    "expression_case",
    "type_case",
    "default_case",
    "communication_case",
];

/// The names declared by the children of `scope`.
fn scope_bindings<'tree>(scope: Node<'tree>, text: &str) -> Bindings<'tree> {
    let mut found: Bindings<'tree> = HashMap::new();
    let mut add = |id: Node<'tree>, at: usize, bound: Bound<'tree>| {
        found
            .entry(node_text(id, text).to_owned())
            .or_default()
            .push((at, bound));
    };
    let mut cursor = scope.walk();
    for child in scope.named_children(&mut cursor) {
        let at = child.start_byte();
        match child.kind() {
            "short_var_declaration" => {
                let (Some(left), Some(right)) = (child.field("left"), child.field("right")) else {
                    continue;
                };
                let mut names = left.walk();
                let ids: Vec<Node<'tree>> = left.named_children(&mut names).collect();
                let mut values = right.walk();
                let values: Vec<Node<'tree>> = right.named_children(&mut values).collect();
                for (index, id) in ids.into_iter().enumerate() {
                    // `db, err := sql.Open(...)`: the first name takes the call's first result.
                    let value = if values.len() == 1 && index == 0 {
                        values.first().copied()
                    } else {
                        values.get(index).copied()
                    };
                    add(id, at, value.map_or(Bound::Other, Bound::Value));
                }
            }
            "var_declaration" => {
                let mut inner = child.walk();
                for spec in child.named_children(&mut inner) {
                    if spec.kind() != "var_spec" {
                        continue;
                    }
                    let mut names = spec.walk();
                    let ids = spec.fields("name", &mut names);
                    let values: Vec<Node<'tree>> = match spec.field("value") {
                        Some(list) => {
                            let mut values = list.walk();
                            list.named_children(&mut values).collect()
                        }
                        None => Vec::new(),
                    };
                    for (index, id) in ids.into_iter().enumerate() {
                        let bound = match (spec.field("type"), values.get(index)) {
                            (Some(kind), _) => Bound::Typed(kind),
                            (None, Some(value)) => Bound::Value(*value),
                            (None, None) => Bound::Other,
                        };
                        add(id, at, bound);
                    }
                }
            }
            "parameter_list" => {
                let mut inner = child.walk();
                for parameter in child.named_children(&mut inner) {
                    let mut names = parameter.walk();
                    for id in parameter.fields("name", &mut names) {
                        let bound = parameter.field("type").map_or(Bound::Other, Bound::Typed);
                        add(id, at, bound);
                    }
                }
            }
            _ => {}
        }
    }
    found
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
