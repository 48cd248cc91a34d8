//! Java: single-type, static and on-demand imports; declared types of locals, fields,
//! parameters, resources and loop variables (`var` through its initializer); `new T()`;
//! casts; the return types of well-known factories and of methods of the same file.

use std::collections::HashMap;

use tree_sitter::Node;

use super::{Resolver, enclosing, returned};
use crate::engine::fields::Fields;
use crate::engine::pattern::node_text;

/// Classes of `java.lang`, imported implicitly.
const JAVA_LANG: &[&str] = &[
    "Boolean",
    "Byte",
    "Character",
    "Class",
    "ClassLoader",
    "Double",
    "Float",
    "Integer",
    "Long",
    "Math",
    "Object",
    "Process",
    "ProcessBuilder",
    "Runtime",
    "Short",
    "StrictMath",
    "String",
    "StringBuffer",
    "StringBuilder",
    "System",
    "Thread",
    "Throwable",
    "Exception",
];

/// Classes that on-demand imports (`import java.util.*;`) bring in, by package: enough to
/// type the receivers the rules ask about.
const PACKAGES: &[(&str, &[&str])] = &[
    (
        "java.util",
        &[
            "Random",
            "Map",
            "HashMap",
            "List",
            "ArrayList",
            "Set",
            "HashSet",
            "Properties",
            "Hashtable",
            "Base64",
            "Scanner",
        ],
    ),
    (
        "java.sql",
        &[
            "Connection",
            "Statement",
            "PreparedStatement",
            "CallableStatement",
            "ResultSet",
            "DriverManager",
        ],
    ),
    (
        "java.security",
        &["MessageDigest", "SecureRandom", "KeyPairGenerator"],
    ),
    (
        "javax.crypto",
        &["Cipher", "KeyGenerator", "Mac", "SecretKeyFactory"],
    ),
    (
        "java.io",
        &[
            "File",
            "FileInputStream",
            "FileOutputStream",
            "FileReader",
            "ObjectInputStream",
            "PrintWriter",
        ],
    ),
    ("java.nio.file", &["Files", "Path", "Paths"]),
    ("java.net", &["URL", "URI", "HttpURLConnection", "Socket"]),
    ("javax.script", &["ScriptEngine", "ScriptEngineManager"]),
    (
        "javax.naming.directory",
        &["DirContext", "InitialDirContext"],
    ),
    (
        "javax.xml.xpath",
        &["XPath", "XPathFactory", "XPathExpression"],
    ),
    ("java.util.logging", &["Logger"]),
    (
        "jakarta.servlet.http",
        &[
            "HttpServletRequest",
            "HttpServletResponse",
            "HttpSession",
            "Cookie",
        ],
    ),
    (
        "javax.servlet.http",
        &[
            "HttpServletRequest",
            "HttpServletResponse",
            "HttpSession",
            "Cookie",
        ],
    ),
];

/// What well-known factories and methods return.
const RETURNS: &[(&str, &str)] = &[
    ("java.lang.Runtime.getRuntime", "java.lang.Runtime"),
    ("java.lang.Runtime.exec", "java.lang.Process"),
    (
        "java.sql.DriverManager.getConnection",
        "java.sql.Connection",
    ),
    ("javax.sql.DataSource.getConnection", "java.sql.Connection"),
    ("DataSource.getConnection", "java.sql.Connection"),
    ("java.sql.Connection.createStatement", "java.sql.Statement"),
    (
        "java.sql.Connection.prepareStatement",
        "java.sql.PreparedStatement",
    ),
    (
        "java.sql.Connection.prepareCall",
        "java.sql.CallableStatement",
    ),
    (
        "java.security.MessageDigest.getInstance",
        "java.security.MessageDigest",
    ),
    ("javax.crypto.Cipher.getInstance", "javax.crypto.Cipher"),
    ("io.jsonwebtoken.Jwts.parser", "io.jsonwebtoken.JwtParser"),
    (
        "io.jsonwebtoken.Jwts.parserBuilder",
        "io.jsonwebtoken.JwtParserBuilder",
    ),
    (
        "io.jsonwebtoken.JwtParserBuilder.build",
        "io.jsonwebtoken.JwtParser",
    ),
    (
        "io.jsonwebtoken.JwtParser.setSigningKey",
        "io.jsonwebtoken.JwtParser",
    ),
    (
        "io.jsonwebtoken.JwtParserBuilder.setSigningKey",
        "io.jsonwebtoken.JwtParserBuilder",
    ),
    (
        "io.jsonwebtoken.JwtParserBuilder.verifyWith",
        "io.jsonwebtoken.JwtParserBuilder",
    ),
    ("javax.crypto.Mac.getInstance", "javax.crypto.Mac"),
    (
        "javax.script.ScriptEngineManager.getEngineByName",
        "javax.script.ScriptEngine",
    ),
    (
        "javax.script.ScriptEngineManager.getEngineByExtension",
        "javax.script.ScriptEngine",
    ),
    (
        "javax.xml.xpath.XPathFactory.newInstance",
        "javax.xml.xpath.XPathFactory",
    ),
    (
        "javax.xml.xpath.XPathFactory.newXPath",
        "javax.xml.xpath.XPath",
    ),
    (
        "java.util.logging.Logger.getLogger",
        "java.util.logging.Logger",
    ),
    ("org.slf4j.LoggerFactory.getLogger", "org.slf4j.Logger"),
    (
        "org.apache.logging.log4j.LogManager.getLogger",
        "org.apache.logging.log4j.Logger",
    ),
    (
        "java.util.concurrent.ThreadLocalRandom.current",
        "java.util.concurrent.ThreadLocalRandom",
    ),
    (
        "jakarta.servlet.http.HttpServletRequest.getSession",
        "jakarta.servlet.http.HttpSession",
    ),
    (
        "javax.servlet.http.HttpServletRequest.getSession",
        "javax.servlet.http.HttpSession",
    ),
    ("java.net.URL.openConnection", "java.net.URLConnection"),
    (
        "java.net.http.HttpClient.newHttpClient",
        "java.net.http.HttpClient",
    ),
];

/// `import a.b.C;` binds `C`; `import static a.b.C.m;` binds `m`; `import a.b.*;` and
/// `import static a.b.C.*;` are star imports.
pub(super) fn imports(
    root: Node<'_>,
    text: &str,
    imports: &mut HashMap<String, String>,
    stars: &mut Vec<String>,
) {
    let mut cursor = root.walk();
    for child in root.named_children(&mut cursor) {
        if child.kind() != "import_declaration" {
            continue;
        }
        let spelled: String = node_text(child, text)
            .trim_start_matches("import")
            .trim_end_matches(';')
            .split_whitespace()
            .filter(|word| *word != "static")
            .collect();
        if let Some(package) = spelled.strip_suffix(".*") {
            stars.push(package.to_owned());
        } else if let Some((_, last)) = spelled.rsplit_once('.') {
            imports.insert(last.to_owned(), spelled.clone());
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
        "identifier" | "type_identifier" => {
            let name = node_text(node, text);
            // A variable keeps its spelling; a class or static import is qualified.
            if declaration(resolver, node, name, text).is_some() {
                out.push(name.to_owned());
            } else {
                out.push(qualify(resolver, name));
            }
        }
        "field_access" | "scoped_identifier" | "scoped_type_identifier" => {
            let (object, member) = match node.kind() {
                "field_access" => (node.field("object"), node.field("field")),
                "scoped_identifier" => (node.field("scope"), node.field("name")),
                _ => (
                    node.named_child(0),
                    node.named_child(node.named_child_count().saturating_sub(1) as u32),
                ),
            };
            let (Some(object), Some(member)) = (object, member) else {
                return;
            };
            if object.kind() == "this" {
                return;
            }
            resolver.member_names(object, node_text(member, text), ".", text, depth, out);
        }
        "method_invocation" => {
            let Some(name) = node.field("name") else {
                return;
            };
            let method = node_text(name, text);
            match node.field("object") {
                Some(object) if object.kind() != "this" => {
                    resolver.member_names(object, method, ".", text, depth, out)
                }
                _ => match resolver.import(method) {
                    Some(imported) => out.push(imported.to_owned()),
                    None => resolver.spelled(method, ".", out),
                },
            }
        }
        "object_creation_expression" => {
            if let Some(kind) = node.field("type") {
                out.push(qualify_type(resolver, node_text(kind, text)));
            }
        }
        "generic_type" | "parenthesized_expression" => {
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
        "identifier" => {
            let declared = declaration(resolver, node, node_text(node, text), text)?;
            declared_type(resolver, declared, text, depth)
        }
        "field_access" => {
            let object = node.field("object")?;
            if object.kind() != "this" {
                return None;
            }
            let field = node.field("field")?;
            let class = enclosing(resolver.root, node, &["class_body", "enum_body"])?;
            let declared = field_in(class, node_text(field, text), text)?;
            declared_type(resolver, declared, text, depth)
        }
        "object_creation_expression" => {
            Some(qualify_type(resolver, node_text(node.field("type")?, text)))
        }
        "method_invocation" => {
            let mut callees = Vec::new();
            names(resolver, node, text, depth, &mut callees);
            if let Some(found) = returned(RETURNS, &callees) {
                return Some(found);
            }
            // A builder that returns its own kind (`StringBuilder.append`) is left out: the
            // rules ask about services, not values.
            let object = node.field("object");
            if object.is_none_or(|object| object.kind() == "this") {
                let method = node_text(node.field("name")?, text);
                return own_method_type(resolver, node, method, text);
            }
            None
        }
        "cast_expression" => Some(qualify_type(resolver, node_text(node.field("type")?, text))),
        "parenthesized_expression" => resolver.type_at(node.named_child(0)?, text, depth + 1),
        "ternary_expression" => resolver.type_at(node.field("consequence")?, text, depth + 1),
        "string_literal" | "text_block" => Some("java.lang.String".to_owned()),
        _ => None,
    }
}

/// A declaration of a variable: its declared type (`None` in a lambda without types) and its
/// initializer if it has one.
#[derive(Debug, Clone, Copy)]
struct Declared<'tree> {
    kind: Option<Node<'tree>>,
    value: Option<Node<'tree>>,
}

fn declared_type<'tree>(
    resolver: &Resolver<'tree>,
    declared: Declared<'tree>,
    text: &str,
    depth: usize,
) -> Option<String> {
    let kind = declared.kind?;
    let spelled = node_text(kind, text);
    if spelled == "var" {
        return resolver.type_at(declared.value?, text, depth + 1);
    }
    Some(qualify_type(resolver, spelled))
}

/// The declaration in scope at `node` of the variable `name`: locals declared before it in
/// enclosing blocks, resources, loop and catch variables, parameters, then fields.
fn declaration<'tree>(
    resolver: &Resolver<'tree>,
    node: Node<'tree>,
    name: &str,
    text: &str,
) -> Option<Declared<'tree>> {
    let position = node.start_byte();
    for scope in super::ancestors(resolver.root, node) {
        let mut cursor = scope.walk();
        let mut found = None;
        for child in scope.named_children(&mut cursor) {
            if child.start_byte() >= position && scope.kind() != "class_body" {
                break;
            }
            match child.kind() {
                "local_variable_declaration" | "field_declaration" => {
                    if let Some(declared) = declarator(child, name, text) {
                        found = Some(declared);
                    }
                }
                "resource" | "formal_parameter" | "spread_parameter" | "catch_formal_parameter"
                    if child
                        .field("name")
                        .is_some_and(|id| node_text(id, text) == name) =>
                {
                    found = Some(Declared {
                        kind: child.field("type").or_else(|| catch_type(child)),
                        value: child.field("value"),
                    });
                }
                "formal_parameters"
                | "resource_specification"
                | "inferred_parameters"
                | "catch_clause" => {
                    if let Some(declared) = in_list(child, name, text) {
                        found = Some(declared);
                    }
                }
                "identifier"
                    if scope.kind() == "lambda_expression" && node_text(child, text) == name =>
                {
                    found = Some(Declared {
                        kind: None,
                        value: None,
                    });
                }
                _ => {}
            }
        }
        if scope.kind() == "enhanced_for_statement"
            && scope
                .field("name")
                .is_some_and(|id| node_text(id, text) == name)
        {
            found = Some(Declared {
                kind: scope.field("type"),
                value: None,
            });
        }
        if found.is_some() {
            return found;
        }
    }
    None
}

/// The declarator of `name` in a local or field declaration.
fn declarator<'tree>(declaration: Node<'tree>, name: &str, text: &str) -> Option<Declared<'tree>> {
    let mut cursor = declaration.walk();
    let declarators = declaration.fields("declarator", &mut cursor);
    declarators.into_iter().find_map(|declarator| {
        (declarator.field("name").map(|id| node_text(id, text)) == Some(name)).then(|| Declared {
            kind: declaration.field("type"),
            value: declarator.field("value"),
        })
    })
}

/// The parameter, resource or catch variable `name` among the children of `list`.
fn in_list<'tree>(list: Node<'tree>, name: &str, text: &str) -> Option<Declared<'tree>> {
    let mut cursor = list.walk();
    let children: Vec<Node<'tree>> = list.named_children(&mut cursor).collect();
    children.into_iter().find_map(|child| {
        let id = match child.kind() {
            "identifier" => Some(child),
            _ => child.field("name"),
        }?;
        (node_text(id, text) == name).then(|| Declared {
            kind: child.field("type").or_else(|| catch_type(child)),
            value: child.field("value"),
        })
    })
}

/// The first type of a catch parameter (`catch (IOException | RuntimeException e)`).
fn catch_type(parameter: Node<'_>) -> Option<Node<'_>> {
    let mut cursor = parameter.walk();
    parameter
        .named_children(&mut cursor)
        .find(|child| child.kind() == "catch_type")
        .and_then(|types| types.named_child(0))
}

/// The field `name` declared in a class body.
fn field_in<'tree>(class: Node<'tree>, name: &str, text: &str) -> Option<Declared<'tree>> {
    let mut cursor = class.walk();
    let children: Vec<Node<'tree>> = class.named_children(&mut cursor).collect();
    children
        .into_iter()
        .filter(|child| child.kind() == "field_declaration")
        .find_map(|child| declarator(child, name, text))
}

/// The declared return type of a method of the enclosing class.
fn own_method_type<'tree>(
    resolver: &Resolver<'tree>,
    call: Node<'tree>,
    method: &str,
    text: &str,
) -> Option<String> {
    let class = enclosing(
        resolver.root,
        call,
        &["class_body", "enum_body", "interface_body"],
    )?;
    let mut cursor = class.walk();
    let children: Vec<Node<'tree>> = class.named_children(&mut cursor).collect();
    children
        .into_iter()
        .filter(|child| child.kind() == "method_declaration")
        .find(|child| {
            child
                .field("name")
                .is_some_and(|id| node_text(id, text) == method)
        })
        .and_then(|declaration| declaration.field("type"))
        .filter(|kind| kind.kind() != "void_type")
        .map(|kind| qualify_type(resolver, node_text(kind, text)))
}

/// A type as written, qualified: generics, array brackets and annotations dropped.
fn qualify_type(resolver: &Resolver<'_>, spelled: &str) -> String {
    let bare: String = spelled
        .split('<')
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .filter(|word| !word.starts_with('@') && *word != "final")
        .collect();
    qualify(
        resolver,
        bare.trim_end_matches("[]").trim_end_matches("..."),
    )
}

/// A simple or dotted name, qualified: through the imports, `java.lang`, the star imports
/// of known packages; a dotted name qualifies its first part.
fn qualify(resolver: &Resolver<'_>, name: &str) -> String {
    if let Some((first, rest)) = name.split_once('.') {
        if first.starts_with(char::is_uppercase) {
            return format!("{}.{rest}", qualify(resolver, first));
        }
        return name.to_owned();
    }
    if let Some(imported) = resolver.import(name) {
        return imported.to_owned();
    }
    if JAVA_LANG.contains(&name) {
        return format!("java.lang.{name}");
    }
    for star in &resolver.stars {
        let known = PACKAGES
            .iter()
            .any(|(package, classes)| package == star && classes.contains(&name));
        if known {
            return format!("{star}.{name}");
        }
    }
    name.to_owned()
}
