//! Rewrites of names that keep every line where it was: locals and parameters renamed,
//! imported names qualified with their module, imports bound to other names.

use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use super::{Edit, Source, descendants};
use crate::lang::Language;

/// Functions whose locals are renamed together (nested functions go with the outermost).
fn functions(language: Language) -> &'static [&'static str] {
    match language {
        Language::Python => &["function_definition"],
        Language::JavaScript | Language::TypeScript | Language::Tsx => &[
            "function_declaration",
            "function_expression",
            "function",
            "arrow_function",
            "method_definition",
            "generator_function",
            "generator_function_declaration",
        ],
        Language::Java => &[
            "method_declaration",
            "constructor_declaration",
            "compact_constructor_declaration",
            "lambda_expression",
        ],
        Language::Go => &["function_declaration", "method_declaration", "func_literal"],
    }
}

/// Every local and parameter of each function renamed `v1`, `v2`, ... Parameters a
/// framework binds by name (decorated Python functions, annotated Java parameters) and the
/// conventional `self`/`cls` keep theirs.
pub(super) fn rename(source: &Source<'_>) -> Vec<Edit> {
    let kinds = functions(source.language);
    let root = source.tree.root_node();
    let imported: HashSet<String> = import_bindings(source)
        .into_iter()
        .map(|binding| binding.name)
        .collect();
    let mut edits = Vec::new();
    for function in descendants(root).into_iter().filter(|node| {
        kinds.contains(&node.kind())
            && !has_ancestor(*node, |ancestor| kinds.contains(&ancestor.kind()))
    }) {
        let mut names: Vec<String> = Vec::new();
        for binding in bindings(source, function, true) {
            let name = source.text_of(binding).to_owned();
            if !names.contains(&name)
                && !imported.contains(&name)
                && !matches!(name.as_str(), "self" | "cls" | "_" | "this" | "arguments")
            {
                names.push(name);
            }
        }
        let mut taken = Vec::new();
        let renamed: HashMap<String, String> = names
            .into_iter()
            .map(|name| (name, source.fresh_name("v", &mut taken)))
            .collect();
        for node in occurrences(source, function) {
            if let Some(new) = renamed.get(source.text_of(node)) {
                edits.push(rename_edit(source, node, new));
            }
        }
    }
    edits
}

/// The edit that makes `node` (an occurrence) say `new`; a shorthand property keeps its key.
fn rename_edit(source: &Source<'_>, node: Node<'_>, new: &str) -> Edit {
    if node.kind().starts_with("shorthand_property_identifier") {
        Edit::replace(node, format!("{}: {new}", source.text_of(node)))
    } else {
        Edit::replace(node, new)
    }
}

/// Names imported from modules written out in full: `flask.request` for `from flask import
/// request`, `java.security.MessageDigest` for an imported `MessageDigest`, `m1.exec` for
/// `const { exec } = require('child_process')`.
pub(super) fn qualify(source: &Source<'_>) -> Vec<Edit> {
    match source.language {
        Language::Java => qualify_java(source),
        Language::Go => Vec::new(), // Go names are always written with their package
        _ => rewrite_imports(source, Rewrite::Qualify),
    }
}

/// Imports bound to new names, and their uses renamed: `import hashlib as mod1`,
/// `from subprocess import call as f1`, `import p1 "os/exec"`, `{ exec: f1 }`.
pub(super) fn alias(source: &Source<'_>) -> Vec<Edit> {
    match source.language {
        Language::Java => Vec::new(), // Java has no import aliases
        _ => rewrite_imports(source, Rewrite::Alias),
    }
}

/// Names bound to a whole module or package (`import os`, `const fs = require('fs')`,
/// `import * as cp from ...`, a Go import): receivers that are not values.
pub(super) fn module_bindings(source: &Source<'_>) -> HashSet<String> {
    import_bindings(source)
        .into_iter()
        .filter(|binding| binding.member.is_none())
        .map(|binding| binding.name)
        .collect()
}

/// One name an import brings in.
struct ImportBinding<'t> {
    /// The name the file uses.
    name: String,
    /// The module or package, as written in the import.
    module: String,
    /// The member imported (`None` for the module itself).
    member: Option<String>,
    /// The import statement.
    statement: Node<'t>,
    /// The node to replace to rebind or drop it: the whole specifier.
    specifier: Node<'t>,
    /// Whether the import already gives its own name (`as x`, `{ a as b }`, `{ a: b }`).
    aliased: bool,
}

fn import_bindings<'t>(source: &Source<'t>) -> Vec<ImportBinding<'t>> {
    let mut found = Vec::new();
    for node in descendants(source.tree.root_node()) {
        match (source.language, node.kind()) {
            (Language::Python, "import_statement") => {
                let mut cursor = node.walk();
                for child in node.named_children(&mut cursor) {
                    let (dotted, alias) = match child.kind() {
                        "aliased_import" => (
                            child.child_by_field_name("name"),
                            child.child_by_field_name("alias"),
                        ),
                        _ => (Some(child), None),
                    };
                    let Some(dotted) = dotted else { continue };
                    let module = source.text_of(dotted).to_owned();
                    if alias.is_none() && module.contains('.') {
                        continue; // `import a.b` binds `a`, not `a.b`
                    }
                    found.push(ImportBinding {
                        name: alias
                            .map_or(module.clone(), |alias| source.text_of(alias).to_owned()),
                        module,
                        member: None,
                        statement: node,
                        specifier: child,
                        aliased: alias.is_some(),
                    });
                }
            }
            (Language::Python, "import_from_statement") => {
                let Some(module) = node.child_by_field_name("module_name") else {
                    continue;
                };
                if module.kind() != "dotted_name" {
                    continue; // relative import
                }
                let mut cursor = node.walk();
                for child in node.children_by_field_name("name", &mut cursor) {
                    let (name, alias) = match child.kind() {
                        "aliased_import" => (
                            child.child_by_field_name("name"),
                            child.child_by_field_name("alias"),
                        ),
                        _ => (Some(child), None),
                    };
                    let Some(name) = name else { continue };
                    let member = source.text_of(name).to_owned();
                    found.push(ImportBinding {
                        name: alias
                            .map_or(member.clone(), |alias| source.text_of(alias).to_owned()),
                        module: source.text_of(module).to_owned(),
                        member: Some(member),
                        statement: node,
                        specifier: child,
                        aliased: alias.is_some(),
                    });
                }
            }
            (Language::JavaScript | Language::TypeScript | Language::Tsx, "import_statement") => {
                javascript_import(source, node, &mut found);
            }
            (
                Language::JavaScript | Language::TypeScript | Language::Tsx,
                "variable_declarator",
            ) => {
                javascript_require(source, node, &mut found);
            }
            (Language::Go, "import_spec") => {
                let Some(path) = node.child_by_field_name("path") else {
                    continue;
                };
                let module = source.text_of(path).trim_matches(['"', '`']).to_owned();
                let named = node.child_by_field_name("name");
                let name = match named {
                    Some(name) => source.text_of(name).to_owned(),
                    None => go_package_name(&module),
                };
                if matches!(name.as_str(), "_" | ".") || name.is_empty() {
                    continue;
                }
                found.push(ImportBinding {
                    name,
                    module,
                    member: None,
                    statement: node,
                    specifier: named.unwrap_or(path),
                    aliased: named.is_some(),
                });
            }
            _ => {}
        }
    }
    found
}

/// The name a Go package is used by: the last segment of its path that is not a major
/// version (`v2`).
fn go_package_name(path: &str) -> String {
    let mut segments = path.rsplit('/');
    let last = segments.next().unwrap_or_default();
    let is_version = last.len() > 1
        && last.starts_with('v')
        && last[1..]
            .chars()
            .all(|character| character.is_ascii_digit());
    let name = if is_version {
        segments.next().unwrap_or(last)
    } else {
        last
    };
    if name
        .chars()
        .all(|character| character.is_alphanumeric() || character == '_')
    {
        name.to_owned()
    } else {
        String::new() // `go-redis`: the package clause decides; leave it alone
    }
}

fn javascript_import<'t>(source: &Source<'t>, node: Node<'t>, found: &mut Vec<ImportBinding<'t>>) {
    let Some(module) = node.child_by_field_name("source") else {
        return;
    };
    let module = source
        .text_of(module)
        .trim_matches(['"', '\'', '`'])
        .to_owned();
    let mut cursor = node.walk();
    if node
        .children(&mut cursor)
        .any(|child| !child.is_named() && source.text_of(child) == "type")
    {
        return; // a TypeScript type-only import binds no value
    }
    let Some(clause) = node
        .named_children(&mut cursor)
        .find(|child| child.kind() == "import_clause")
    else {
        return;
    };
    let mut clause_cursor = clause.walk();
    for part in clause.named_children(&mut clause_cursor) {
        match part.kind() {
            "identifier" => found.push(ImportBinding {
                name: source.text_of(part).to_owned(),
                module: module.clone(),
                member: None,
                statement: node,
                specifier: part,
                aliased: true,
            }),
            "namespace_import" => {
                let mut inner = part.walk();
                if let Some(name) = part
                    .named_children(&mut inner)
                    .find(|child| child.kind() == "identifier")
                {
                    found.push(ImportBinding {
                        name: source.text_of(name).to_owned(),
                        module: module.clone(),
                        member: None,
                        statement: node,
                        specifier: name,
                        aliased: true,
                    });
                }
            }
            "named_imports" => {
                let mut inner = part.walk();
                for specifier in part
                    .named_children(&mut inner)
                    .filter(|child| child.kind() == "import_specifier")
                {
                    let Some(member) = specifier.child_by_field_name("name") else {
                        continue;
                    };
                    let alias = specifier.child_by_field_name("alias");
                    found.push(ImportBinding {
                        name: source.text_of(alias.unwrap_or(member)).to_owned(),
                        module: module.clone(),
                        member: Some(source.text_of(member).to_owned()),
                        statement: node,
                        specifier,
                        aliased: alias.is_some(),
                    });
                }
            }
            _ => {}
        }
    }
}

/// `const x = require('m')` and `const { a, b: c } = require('m')`.
fn javascript_require<'t>(
    source: &Source<'t>,
    declarator: Node<'t>,
    found: &mut Vec<ImportBinding<'t>>,
) {
    let (Some(name), Some(value)) = (
        declarator.child_by_field_name("name"),
        declarator.child_by_field_name("value"),
    ) else {
        return;
    };
    if value.kind() != "call_expression"
        || value
            .child_by_field_name("function")
            .is_none_or(|function| source.text_of(function) != "require")
    {
        return;
    }
    let Some(module) = value
        .child_by_field_name("arguments")
        .and_then(|arguments| arguments.named_child(0))
        .filter(|argument| argument.kind() == "string")
    else {
        return;
    };
    let module = source
        .text_of(module)
        .trim_matches(['"', '\'', '`'])
        .to_owned();
    match name.kind() {
        "identifier" => found.push(ImportBinding {
            name: source.text_of(name).to_owned(),
            module,
            member: None,
            statement: declarator,
            specifier: name,
            aliased: true,
        }),
        "object_pattern" => {
            let mut cursor = name.walk();
            for property in name.named_children(&mut cursor) {
                let (member, local) = match property.kind() {
                    "shorthand_property_identifier_pattern" => (property, property),
                    "pair_pattern" => match (
                        property.child_by_field_name("key"),
                        property.child_by_field_name("value"),
                    ) {
                        (Some(key), Some(value)) if value.kind() == "identifier" => (key, value),
                        _ => continue,
                    },
                    _ => continue,
                };
                found.push(ImportBinding {
                    name: source.text_of(local).to_owned(),
                    module: module.clone(),
                    member: Some(source.text_of(member).to_owned()),
                    statement: declarator,
                    specifier: property,
                    aliased: property.kind() == "pair_pattern",
                });
            }
        }
        _ => {}
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Rewrite {
    Qualify,
    Alias,
}

/// Qualifies or aliases the imports of a Python, JavaScript/TypeScript or Go file. A name
/// the file binds again (a parameter, a local, a definition) is left alone, as is every
/// name of an import that cannot be rewritten whole.
fn rewrite_imports(source: &Source<'_>, rewrite: Rewrite) -> Vec<Edit> {
    let root = source.tree.root_node();
    let imports = import_bindings(source);
    let import_ranges: Vec<std::ops::Range<usize>> = imports
        .iter()
        .map(|binding| binding.statement.byte_range())
        .collect();
    let in_import = |node: Node<'_>| {
        import_ranges
            .iter()
            .any(|range| range.contains(&node.start_byte()))
    };
    let bound_again: HashSet<&str> = bindings(source, root, false)
        .into_iter()
        .filter(|node| !in_import(*node))
        .map(|node| source.text_of(node))
        .chain(definitions(source, root))
        .collect();
    let mut count: HashMap<&str, usize> = HashMap::new();
    for binding in &imports {
        *count.entry(binding.name.as_str()).or_default() += 1;
    }
    let usable = |binding: &ImportBinding<'_>| {
        !bound_again.contains(binding.name.as_str()) && count[binding.name.as_str()] == 1
    };
    let mut taken = Vec::new();
    let mut edits = Vec::new();
    let mut renamed: HashMap<String, String> = HashMap::new();
    match rewrite {
        Rewrite::Alias => {
            for binding in imports.iter().filter(|binding| usable(binding)) {
                let stem = if binding.member.is_some() { "f" } else { "mod" };
                let stem = if source.language == Language::Go {
                    "p"
                } else {
                    stem
                };
                let new = source.fresh_name(stem, &mut taken);
                edits.push(alias_edit(source, binding, &new));
                renamed.insert(binding.name.clone(), new);
            }
        }
        Rewrite::Qualify => {
            // Statement by statement: one that cannot be rewritten whole stays as it is.
            let mut statements: Vec<Node<'_>> =
                imports.iter().map(|binding| binding.statement).collect();
            statements.dedup();
            for statement in statements {
                let members: Vec<&ImportBinding<'_>> = imports
                    .iter()
                    .filter(|binding| binding.statement == statement)
                    .collect();
                let named: Vec<&&ImportBinding<'_>> = members
                    .iter()
                    .filter(|binding| binding.member.is_some())
                    .collect();
                if named.is_empty() || !named.iter().all(|binding| usable(binding)) {
                    continue;
                }
                let Some((edit, namespace)) =
                    qualify_statement(source, statement, &named, &mut taken)
                else {
                    continue;
                };
                edits.push(edit);
                for binding in named {
                    let member = binding.member.clone().unwrap_or_default();
                    renamed.insert(binding.name.clone(), format!("{namespace}.{member}"));
                }
            }
        }
    }
    for node in occurrences(source, root) {
        if in_import(node) {
            continue;
        }
        if let Some(new) = renamed.get(source.text_of(node)) {
            edits.push(rename_edit(source, node, new));
        }
    }
    if renamed.is_empty() {
        return Vec::new();
    }
    edits
}

/// The edit that binds an import to `new`.
fn alias_edit(source: &Source<'_>, binding: &ImportBinding<'_>, new: &str) -> Edit {
    let specifier = binding.specifier;
    match source.language {
        Language::Python => match &binding.member {
            Some(member) => Edit::replace(specifier, format!("{member} as {new}")),
            None => Edit::replace(specifier, format!("{} as {new}", binding.module)),
        },
        Language::Go if binding.aliased => Edit::replace(specifier, new),
        Language::Go => Edit::insert(specifier.start_byte(), format!("{new} ")),
        _ => match (&binding.member, specifier.kind()) {
            (Some(member), "import_specifier") => {
                Edit::replace(specifier, format!("{member} as {new}"))
            }
            (Some(member), _) => Edit::replace(specifier, format!("{member}: {new}")),
            (None, _) => Edit::replace(specifier, new),
        },
    }
}

/// The import statement rewritten to bind the module itself; gives the edit and the name
/// the module goes by.
fn qualify_statement(
    source: &Source<'_>,
    statement: Node<'_>,
    named: &[&&ImportBinding<'_>],
    taken: &mut Vec<String>,
) -> Option<(Edit, String)> {
    let module = named.first()?.module.clone();
    match source.language {
        Language::Python => {
            if module == "__future__" {
                return None;
            }
            let mut cursor = statement.walk();
            if statement
                .named_children(&mut cursor)
                .any(|child| child.kind() == "wildcard_import")
            {
                return None;
            }
            let lines = source.text_of(statement).matches('\n').count();
            let root = module.split('.').next().unwrap_or_default();
            let bound: HashSet<&str> = bindings(source, source.tree.root_node(), false)
                .into_iter()
                .map(|node| source.text_of(node))
                .collect();
            if bound.contains(root) {
                return None;
            }
            Some((
                Edit::replace(statement, format!("import {module}{}", "\n".repeat(lines))),
                module,
            ))
        }
        _ => {
            let namespace = source.fresh_name("m", taken);
            if statement.kind() == "variable_declarator" {
                let pattern = statement.child_by_field_name("name")?;
                let mut cursor = pattern.walk();
                if pattern.named_children(&mut cursor).count() != named.len() {
                    return None; // a default value or a rest element
                }
                return Some((Edit::replace(pattern, namespace.clone()), namespace));
            }
            let mut cursor = statement.walk();
            let clause = statement
                .named_children(&mut cursor)
                .find(|child| child.kind() == "import_clause")?;
            let mut clause_cursor = clause.walk();
            let imports = clause
                .named_children(&mut clause_cursor)
                .find(|child| child.kind() == "named_imports")?;
            Some((
                Edit::replace(imports, format!("* as {namespace}")),
                namespace,
            ))
        }
    }
}

/// Java: every use of a class brought in by a single-type import written with its package.
fn qualify_java(source: &Source<'_>) -> Vec<Edit> {
    let root = source.tree.root_node();
    let mut imported: HashMap<&str, &str> = HashMap::new();
    let mut declared: HashSet<&str> = HashSet::new();
    for node in descendants(root) {
        match node.kind() {
            "import_declaration" => {
                let text = source.text_of(node);
                if text.contains(" static ") || text.contains('*') {
                    continue;
                }
                let mut cursor = node.walk();
                if let Some(name) = node
                    .named_children(&mut cursor)
                    .find(|child| child.kind() == "scoped_identifier")
                {
                    let full = source.text_of(name);
                    if let Some(last) = full.rsplit('.').next() {
                        imported.insert(last, full);
                    }
                }
            }
            "class_declaration"
            | "interface_declaration"
            | "enum_declaration"
            | "record_declaration"
            | "annotation_type_declaration" => {
                if let Some(name) = node.child_by_field_name("name") {
                    declared.insert(source.text_of(name));
                }
            }
            _ => {}
        }
    }
    let locals: HashSet<&str> = bindings(source, root, false)
        .into_iter()
        .map(|node| source.text_of(node))
        .collect();
    let mut edits = Vec::new();
    for node in descendants(root) {
        let text = source.text_of(node);
        let Some(full) = imported.get(text) else {
            continue;
        };
        if declared.contains(text) || locals.contains(text) {
            continue;
        }
        let Some(parent) = node.parent() else {
            continue;
        };
        if has_ancestor(node, |ancestor| {
            matches!(
                ancestor.kind(),
                "import_declaration" | "package_declaration"
            )
        }) {
            continue;
        }
        let is_field = |field: &str| parent.child_by_field_name(field) == Some(node);
        let qualifies = match node.kind() {
            "type_identifier" => {
                parent.kind() != "scoped_type_identifier" || parent.named_child(0) == Some(node)
            }
            "identifier" => match parent.kind() {
                "method_invocation" | "field_access" => is_field("object"),
                "marker_annotation" | "annotation" => is_field("name"),
                _ => false,
            },
            _ => false,
        };
        if qualifies {
            edits.push(Edit::replace(node, *full));
        }
    }
    edits
}

/// Names the file defines at any level: functions, classes.
fn definitions<'t>(source: &Source<'t>, root: Node<'t>) -> Vec<&'t str> {
    descendants(root)
        .into_iter()
        .filter(|node| {
            matches!(
                node.kind(),
                "function_definition"
                    | "class_definition"
                    | "function_declaration"
                    | "class_declaration"
                    | "generator_function_declaration"
            )
        })
        .filter_map(|node| node.child_by_field_name("name"))
        .map(|name| source.text_of(name))
        .collect()
}

fn has_ancestor(node: Node<'_>, test: impl Fn(Node<'_>) -> bool) -> bool {
    let mut current = node.parent();
    while let Some(ancestor) = current {
        if test(ancestor) {
            return true;
        }
        current = ancestor.parent();
    }
    false
}

/// Name nodes under `node` that declare a parameter or a local. With `for_rename`,
/// parameters a framework binds by name are left out.
fn bindings<'t>(source: &Source<'t>, node: Node<'t>, for_rename: bool) -> Vec<Node<'t>> {
    let mut found = Vec::new();
    for current in descendants(node) {
        let field = |name: &str| current.child_by_field_name(name);
        match (source.language, current.kind()) {
            (Language::Python, "parameters" | "lambda_parameters") => {
                let decorated = current.parent().is_some_and(|function| {
                    function
                        .parent()
                        .is_some_and(|parent| parent.kind() == "decorated_definition")
                });
                if for_rename && decorated {
                    continue;
                }
                let mut cursor = current.walk();
                for parameter in current.named_children(&mut cursor) {
                    let name = match parameter.kind() {
                        "identifier" => Some(parameter),
                        "default_parameter" | "typed_default_parameter" => {
                            parameter.child_by_field_name("name")
                        }
                        "typed_parameter" | "list_splat_pattern" | "dictionary_splat_pattern" => {
                            let mut inner = parameter.walk();
                            parameter
                                .named_children(&mut inner)
                                .find(|child| child.kind() == "identifier")
                        }
                        _ => None,
                    };
                    found.extend(name.filter(|name| name.kind() == "identifier"));
                }
            }
            (
                Language::Python,
                "assignment" | "augmented_assignment" | "for_statement" | "for_in_clause",
            ) => {
                if let Some(left) = field("left") {
                    pattern_names(left, &mut found);
                }
            }
            (Language::Python, "as_pattern") => {
                if let Some(alias) = field("alias") {
                    pattern_names(alias, &mut found);
                }
            }
            (Language::Python, "named_expression") => found.extend(field("name")),
            (Language::JavaScript | Language::TypeScript | Language::Tsx, kind) => match kind {
                "formal_parameters" => {
                    let mut cursor = current.walk();
                    for parameter in current.named_children(&mut cursor) {
                        let pattern = parameter
                            .child_by_field_name("pattern")
                            .unwrap_or(parameter);
                        pattern_names(pattern, &mut found);
                    }
                }
                "arrow_function" => {
                    if let Some(parameter) = field("parameter") {
                        pattern_names(parameter, &mut found);
                    }
                }
                "variable_declarator" => {
                    if let Some(name) = field("name") {
                        pattern_names(name, &mut found);
                    }
                }
                "catch_clause" => {
                    if let Some(parameter) = field("parameter") {
                        pattern_names(parameter, &mut found);
                    }
                }
                _ => {}
            },
            (Language::Java, kind) => match kind {
                "formal_parameter" | "catch_formal_parameter" | "spread_parameter" => {
                    let mut cursor = current.walk();
                    let annotated = current.named_children(&mut cursor).any(|child| {
                        child.kind() == "modifiers" && source.text_of(child).contains('@')
                    });
                    if for_rename && annotated {
                        continue;
                    }
                    let name = field("name").or_else(|| {
                        let mut inner = current.walk();
                        current
                            .named_children(&mut inner)
                            .find(|child| child.kind() == "variable_declarator")
                            .and_then(|declarator| declarator.child_by_field_name("name"))
                    });
                    found.extend(name.filter(|name| name.kind() == "identifier"));
                }
                "local_variable_declaration" => {
                    let mut cursor = current.walk();
                    for declarator in current
                        .named_children(&mut cursor)
                        .filter(|child| child.kind() == "variable_declarator")
                    {
                        found.extend(declarator.child_by_field_name("name"));
                    }
                }
                "enhanced_for_statement" | "resource" | "instanceof_expression" => {
                    found.extend(field("name").filter(|name| name.kind() == "identifier"));
                }
                "lambda_expression" => {
                    if let Some(parameters) = field("parameters") {
                        match parameters.kind() {
                            "identifier" => found.push(parameters),
                            "inferred_parameters" => {
                                let mut cursor = parameters.walk();
                                found.extend(
                                    parameters
                                        .named_children(&mut cursor)
                                        .filter(|child| child.kind() == "identifier"),
                                );
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            },
            (Language::Go, kind) => match kind {
                "parameter_declaration"
                | "variadic_parameter_declaration"
                | "var_spec"
                | "const_spec" => {
                    let mut cursor = current.walk();
                    found.extend(
                        current
                            .children_by_field_name("name", &mut cursor)
                            .filter(|name| name.kind() == "identifier"),
                    );
                }
                "short_var_declaration" | "range_clause" => {
                    let is_declaration = current.kind() == "short_var_declaration" || {
                        let mut cursor = current.walk();
                        current
                            .children(&mut cursor)
                            .any(|child| !child.is_named() && source.text_of(child) == ":=")
                    };
                    if let Some(left) = field("left").filter(|_| is_declaration) {
                        let mut cursor = left.walk();
                        found.extend(
                            left.named_children(&mut cursor)
                                .filter(|child| child.kind() == "identifier"),
                        );
                    }
                }
                "type_switch_statement" => {
                    if let Some(alias) = field("alias") {
                        let mut cursor = alias.walk();
                        found.extend(
                            alias
                                .named_children(&mut cursor)
                                .filter(|child| child.kind() == "identifier"),
                        );
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    found
}

/// The names a destructuring pattern (or a plain name) binds.
fn pattern_names<'t>(pattern: Node<'t>, found: &mut Vec<Node<'t>>) {
    match pattern.kind() {
        "identifier" | "shorthand_property_identifier_pattern" => found.push(pattern),
        "pattern_list" | "tuple_pattern" | "list_pattern" | "array_pattern" | "object_pattern"
        | "rest_pattern" | "as_pattern_target" | "list_splat_pattern" => {
            let mut cursor = pattern.walk();
            for child in pattern.named_children(&mut cursor) {
                pattern_names(child, found);
            }
        }
        "pair_pattern" => {
            if let Some(value) = pattern.child_by_field_name("value") {
                pattern_names(value, found);
            }
        }
        "assignment_pattern" | "object_assignment_pattern" => {
            if let Some(left) = pattern.child_by_field_name("left") {
                pattern_names(left, found);
            }
        }
        _ => {}
    }
}

/// Name nodes under `node` that stand for a variable (declared or used), not for a member,
/// a keyword argument, a label or an imported path.
fn occurrences<'t>(source: &Source<'t>, node: Node<'t>) -> Vec<Node<'t>> {
    descendants(node)
        .into_iter()
        .filter(|candidate| is_occurrence(source, *candidate))
        .collect()
}

fn is_occurrence(source: &Source<'_>, node: Node<'_>) -> bool {
    let kind = node.kind();
    let javascript = matches!(
        source.language,
        Language::JavaScript | Language::TypeScript | Language::Tsx
    );
    let go_package = source.language == Language::Go && kind == "package_identifier";
    if !(kind == "identifier"
        || go_package
        || (javascript && kind.starts_with("shorthand_property_identifier")))
    {
        return false;
    }
    let Some(parent) = node.parent() else {
        return false;
    };
    let is_field = |field: &str| parent.child_by_field_name(field) == Some(node);
    match source.language {
        Language::Python => {
            !(matches!(parent.kind(), "attribute") && is_field("attribute")
                || parent.kind() == "keyword_argument" && is_field("name")
                || matches!(parent.kind(), "function_definition" | "class_definition")
                    && is_field("name")
                || parent.kind() == "dotted_name"
                || matches!(parent.kind(), "global_statement" | "nonlocal_statement"))
        }
        Language::JavaScript | Language::TypeScript | Language::Tsx => {
            !matches!(
                parent.kind(),
                "import_specifier" | "export_specifier" | "namespace_import" | "import_clause"
            ) && !(matches!(
                parent.kind(),
                "jsx_opening_element" | "jsx_closing_element" | "jsx_self_closing_element"
            ))
        }
        Language::Java => {
            !(matches!(parent.kind(), "method_invocation") && is_field("name")
                || parent.kind() == "field_access" && is_field("field")
                || matches!(
                    parent.kind(),
                    "method_declaration" | "constructor_declaration" | "class_declaration"
                ) && is_field("name")
                || matches!(
                    parent.kind(),
                    "element_value_pair"
                        | "scoped_identifier"
                        | "marker_annotation"
                        | "annotation"
                        | "labeled_statement"
                        | "break_statement"
                        | "continue_statement"
                ))
        }
        Language::Go => {
            !(parent.kind() == "literal_element"
                && parent.parent().is_some_and(|element| {
                    element.kind() == "keyed_element" && element.named_child(0) == Some(parent)
                }))
        }
    }
}
