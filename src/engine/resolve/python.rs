//! Python: `import a.b as c`, `from a import b as c`, `from a import *`; names bound to a
//! function or module (`run = subprocess.call`); the types of values bound by assignments,
//! `with ... as`, annotated parameters and `self.x = ...` in the class; constructors and the
//! return types of well-known factories.

use std::collections::HashMap;

use tree_sitter::Node;

use super::{Bindings, Bound, Resolver, ancestors, enclosing, last_before, returned};
use crate::engine::fields::Fields;
use crate::engine::pattern::node_text;

/// What well-known factories and methods return.
const RETURNS: &[(&str, &str)] = &[
    ("sqlite3.connect", "sqlite3.Connection"),
    ("sqlite3.Connection.cursor", "sqlite3.Cursor"),
    ("psycopg2.connect", "psycopg2.extensions.connection"),
    (
        "psycopg2.extensions.connection.cursor",
        "psycopg2.extensions.cursor",
    ),
    ("pymysql.connect", "pymysql.connections.Connection"),
    (
        "pymysql.connections.Connection.cursor",
        "pymysql.cursors.Cursor",
    ),
    ("MySQLdb.connect", "MySQLdb.connections.Connection"),
    (
        "MySQLdb.connections.Connection.cursor",
        "MySQLdb.cursors.Cursor",
    ),
    (
        "mysql.connector.connect",
        "mysql.connector.connection.MySQLConnection",
    ),
    (
        "mysql.connector.connection.MySQLConnection.cursor",
        "mysql.connector.cursor.MySQLCursor",
    ),
    ("hashlib.new", "hashlib.Hash"),
    ("hashlib.md5", "hashlib.md5"),
    ("hashlib.sha1", "hashlib.sha1"),
    ("logging.getLogger", "logging.Logger"),
    ("random.Random", "random.Random"),
    ("random.SystemRandom", "random.SystemRandom"),
    ("requests.session", "requests.Session"),
    ("pymongo.MongoClient", "pymongo.MongoClient"),
    ("lxml.etree.XMLParser", "lxml.etree.XMLParser"),
    ("ldap.initialize", "ldap.ldapobject.LDAPObject"),
    ("tarfile.open", "tarfile.TarFile"),
    ("tarfile.TarFile.open", "tarfile.TarFile"),
];

/// Scopes that start a new set of local names.
const SCOPES: &[&str] = &["function_definition", "lambda", "class_definition"];

pub(super) fn imports(
    root: Node<'_>,
    text: &str,
    imports: &mut HashMap<String, String>,
    stars: &mut Vec<String>,
) {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        match node.kind() {
            "import_statement" => {
                let mut cursor = node.walk();
                for name in node.fields("name", &mut cursor) {
                    if name.kind() == "aliased_import" {
                        if let (Some(module), Some(alias)) =
                            (name.field("name"), name.field("alias"))
                        {
                            imports.insert(
                                node_text(alias, text).to_owned(),
                                node_text(module, text).to_owned(),
                            );
                        }
                    } else {
                        // `import a.b` binds `a`, which stands for itself.
                        let spelled = node_text(name, text);
                        let first = spelled.split('.').next().unwrap_or(spelled);
                        imports.insert(first.to_owned(), first.to_owned());
                    }
                }
            }
            "import_from_statement" => {
                let Some(module) = node.field("module_name") else {
                    continue;
                };
                let module = node_text(module, text);
                let mut cursor = node.walk();
                if node
                    .named_children(&mut cursor)
                    .any(|child| child.kind() == "wildcard_import")
                {
                    stars.push(module.to_owned());
                    continue;
                }
                let mut cursor = node.walk();
                for name in node.fields("name", &mut cursor) {
                    let (imported, local) = if name.kind() == "aliased_import" {
                        (name.field("name"), name.field("alias"))
                    } else {
                        (Some(name), Some(name))
                    };
                    if let (Some(imported), Some(local)) = (imported, local) {
                        imports.insert(
                            node_text(local, text).to_owned(),
                            format!("{module}.{}", node_text(imported, text)),
                        );
                    }
                }
            }
            // Imports inside functions and conditional imports count too.
            _ => {
                let mut cursor = node.walk();
                stack.extend(node.named_children(&mut cursor).filter(|child| {
                    !matches!(
                        child.kind(),
                        "expression_statement" | "call" | "string" | "comment"
                    )
                }));
            }
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
        "identifier" => {
            let name = node_text(node, text);
            match binding(resolver, node, name, text) {
                // A name bound to a function or module stands for it; a value keeps its
                // spelling.
                Some(Bound::Value(value)) => {
                    if matches!(value.kind(), "identifier" | "attribute") {
                        resolver.names_into(value, text, depth + 1, out);
                    } else {
                        out.push(name.to_owned());
                    }
                }
                // A definition of the file, or a local of unknown type, as spelled.
                Some(Bound::Other | Bound::Role(_)) => out.push(name.to_owned()),
                Some(Bound::Typed(_)) => out.push(name.to_owned()),
                None => match resolver.import(name) {
                    Some(imported) => out.push(imported.to_owned()),
                    None => resolver.spelled(name, ".", out),
                },
            }
        }
        "attribute" => {
            let (Some(object), Some(attribute)) = (node.field("object"), node.field("attribute"))
            else {
                return;
            };
            resolver.member_names(object, node_text(attribute, text), ".", text, depth, out);
        }
        "call" => {
            resolver.names_of(node.field("function"), text, depth, out);
        }
        "parenthesized_expression" | "await" => {
            resolver.names_of(node.named_child(0), text, depth, out);
        }
        // The constants are names too: `check_hostname = False` names `False`.
        "true" | "false" | "none" => out.push(node_text(node, text).to_owned()),
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
            Bound::Value(value) => resolver.type_at(value, text, depth + 1),
            Bound::Typed(annotation) => first_name(resolver, annotation, text, depth),
            Bound::Role(role) => Some(role.to_owned()),
            Bound::Other => None,
        },
        "attribute" => {
            let object = node.field("object")?;
            let attribute = node_text(node.field("attribute")?, text);
            if node_text(object, text) != "self" {
                return None;
            }
            let class = enclosing(resolver.root, node, &["class_definition"])?;
            let value = self_attribute(class, attribute, text)?;
            resolver.type_at(value, text, depth + 1)
        }
        "call" => {
            let mut callees = Vec::new();
            names(resolver, node, text, depth, &mut callees);
            if let Some(found) = returned(RETURNS, &callees) {
                return Some(found);
            }
            // A call of a class makes one of its instances.
            callees.into_iter().find(|callee| {
                callee
                    .rsplit('.')
                    .next()
                    .is_some_and(|last| last.starts_with(char::is_uppercase))
            })
        }
        "parenthesized_expression" | "await" => {
            resolver.type_at(node.named_child(0)?, text, depth + 1)
        }
        "string" | "concatenated_string" => Some("str".to_owned()),
        _ => None,
    }
}

fn first_name<'tree>(
    resolver: &Resolver<'tree>,
    annotation: Node<'tree>,
    text: &str,
    depth: usize,
) -> Option<String> {
    let inner = if annotation.kind() == "type" {
        annotation.named_child(0)?
    } else {
        annotation
    };
    resolver.first_name_of(inner, text, depth)
}

/// The binding of `name` at `node`: in the enclosing function (before the use), its
/// parameters, then the module's top level.
fn binding<'tree>(
    resolver: &Resolver<'tree>,
    node: Node<'tree>,
    name: &str,
    text: &str,
) -> Option<Bound<'tree>> {
    let position = node.start_byte();
    let scopes = ancestors(resolver.root, node)
        .into_iter()
        // A class body's names are not in scope in its methods.
        .filter(|scope| matches!(scope.kind(), "function_definition" | "lambda"));
    for here in scopes {
        if let Some(body) = here.field("body") {
            let bindings = resolver.bindings(body, |body| scope_bindings(body, text));
            if let Some(found) = last_before(&bindings, name, Some(position)) {
                return Some(found);
            }
        }
        if let Some(found) = here
            .field("parameters")
            .and_then(|list| parameter(list, name, text))
        {
            return Some(found);
        }
    }
    let root = resolver.root;
    let bindings = resolver.bindings(root, |root| scope_bindings(root, text));
    last_before(&bindings, name, Some(position))
}

/// Every binding under `scope`, not looking into nested functions or classes (whose own
/// names are bindings of `scope`).
fn scope_bindings<'tree>(scope: Node<'tree>, text: &str) -> Bindings<'tree> {
    let mut found: Bindings<'tree> = HashMap::new();
    let mut stack = vec![scope];
    while let Some(node) = stack.pop() {
        let bound = match node.kind() {
            "assignment" => node
                .field("left")
                .filter(|left| left.kind() == "identifier")
                .map(|left| {
                    let bound = match node.field("right") {
                        Some(value) => Bound::Value(value),
                        None => Bound::Other,
                    };
                    (left, bound)
                }),
            "as_pattern" => node
                .field("alias")
                .and_then(|alias| Some((alias, Bound::Value(node.named_child(0)?)))),
            "for_statement" => node.field("left").map(|left| (left, Bound::Other)),
            "function_definition" | "class_definition" => {
                node.field("name").map(|id| (id, Bound::Other))
            }
            _ => None,
        };
        if let Some((target, bound)) = bound {
            found
                .entry(node_text(target, text).to_owned())
                .or_default()
                .push((node.start_byte(), bound));
        }
        if node.id() != scope.id() && SCOPES.contains(&node.kind()) {
            continue;
        }
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
    }
    found
}

/// The parameter `name` of a parameter list.
fn parameter<'tree>(list: Node<'tree>, name: &str, text: &str) -> Option<Bound<'tree>> {
    let mut cursor = list.walk();
    let children: Vec<Node<'tree>> = list.named_children(&mut cursor).collect();
    children.into_iter().find_map(|child| match child.kind() {
        "identifier" => (node_text(child, text) == name).then_some(Bound::Other),
        "typed_parameter" => {
            let id = child.named_child(0)?;
            (node_text(id, text) == name).then(|| match child.field("type") {
                Some(annotation) => Bound::Typed(annotation),
                None => Bound::Other,
            })
        }
        "default_parameter" | "typed_default_parameter" => {
            let id = child.field("name")?;
            (node_text(id, text) == name).then(|| match child.field("type") {
                Some(annotation) => Bound::Typed(annotation),
                None => Bound::Other,
            })
        }
        _ => None,
    })
}

/// The value last assigned to `self.attribute` in any method of the class.
fn self_attribute<'tree>(class: Node<'tree>, attribute: &str, text: &str) -> Option<Node<'tree>> {
    let mut found = None;
    let mut stack = vec![class];
    while let Some(node) = stack.pop() {
        if node.kind() == "assignment"
            && let Some(left) = node.field("left")
            && left.kind() == "attribute"
            && left
                .field("object")
                .is_some_and(|object| node_text(object, text) == "self")
            && left
                .field("attribute")
                .is_some_and(|id| node_text(id, text) == attribute)
        {
            found = node.field("right");
        }
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
    }
    found
}
