//! Rewrites around one case's statement: values held in locals or passed through a helper
//! first, the statement inside a constant branch.

use tree_sitter::Node;

use super::{Edit, Source, descendants, names};
use crate::lang::Language;

/// The statement that holds a labelled line, and the calls on that line that can be
/// rewritten (the outermost ones, outside nested functions and conditional parts).
pub(super) struct Case<'t> {
    pub statement: Node<'t>,
    /// The first byte of the labelled line that is not white space.
    pub anchor: usize,
    calls: Vec<Node<'t>>,
    /// The white space before the statement, when the statement starts its line.
    indent: Option<String>,
}

impl<'t> Case<'t> {
    pub fn find(source: &Source<'t>, line: u32) -> Option<Case<'t>> {
        let line_start = source
            .text
            .split_inclusive('\n')
            .take(line.checked_sub(1)? as usize)
            .map(str::len)
            .sum::<usize>();
        let rest = source.text.get(line_start..)?;
        let first = rest.find(|character: char| !character.is_whitespace())?;
        if rest[..first].contains('\n') {
            return None; // a blank line
        }
        let anchor = line_start + first;
        let root = source.tree.root_node();
        let mut node = root.descendant_for_byte_range(anchor, anchor)?;
        let statement = loop {
            let parent = node.parent()?;
            if node.is_named() && source.syntax.blocks.contains(&parent.kind()) {
                break node;
            }
            node = parent;
        };
        let row = source.text[..anchor].matches('\n').count();
        let calls = outermost_calls(source, statement, row);
        let statement_line_start = source.text[..statement.start_byte()]
            .rfind('\n')
            .map_or(0, |newline| newline + 1);
        let before = &source.text[statement_line_start..statement.start_byte()];
        let indent = before
            .chars()
            .all(|character| character == ' ' || character == '\t')
            .then(|| before.to_owned());
        Some(Case {
            statement,
            anchor,
            calls,
            indent,
        })
    }

    /// The indentation, when the statement can have lines inserted before it.
    fn movable_indent(&self, source: &Source<'_>) -> Option<&str> {
        if source.syntax.fixed.contains(&self.statement.kind()) {
            return None;
        }
        self.indent.as_deref()
    }
}

/// Calls that cover `row` inside `statement`, with no other such call, nested function,
/// conditional part or inner statement between them and the statement.
fn outermost_calls<'t>(source: &Source<'t>, statement: Node<'t>, row: usize) -> Vec<Node<'t>> {
    let mut found = Vec::new();
    let mut stack = vec![statement];
    let mut cursor = statement.walk();
    while let Some(node) = stack.pop() {
        if node.start_position().row > row || node.end_position().row < row {
            continue;
        }
        if node != statement && blocks_movement(source, node) {
            continue;
        }
        if source.syntax.calls.contains(&node.kind()) {
            found.push(node);
            continue;
        }
        let children: Vec<Node<'t>> = node.named_children(&mut cursor).collect();
        stack.extend(children.into_iter().rev());
    }
    found
}

/// Whether a value under `node` may not be evaluated before the statement it is in.
fn blocks_movement(source: &Source<'_>, node: Node<'_>) -> bool {
    let kind = node.kind();
    source.syntax.scopes.contains(&kind)
        || source.syntax.conditionals.contains(&kind)
        || source.syntax.blocks.contains(&kind)
        || kind.ends_with("_statement")
        || kind.ends_with("_clause")
        || is_short_circuit(source, node)
}

fn is_short_circuit(source: &Source<'_>, node: Node<'_>) -> bool {
    node.kind() == "binary_expression"
        && node
            .child_by_field_name("operator")
            .is_some_and(|operator| matches!(source.text_of(operator), "&&" | "||" | "??"))
}

/// The arguments of `call` that are values worth routing: not literals alone, not
/// spreads, with no function inside. Keyword arguments give their value.
fn routable_arguments<'t>(source: &Source<'t>, call: Node<'t>) -> Vec<Node<'t>> {
    let Some(arguments) = call.child_by_field_name("arguments") else {
        return Vec::new();
    };
    let mut cursor = arguments.walk();
    if arguments
        .children(&mut cursor)
        .any(|child| !child.is_named() && source.text_of(child) == "...")
    {
        return Vec::new(); // Go's `f(xs...)`
    }
    let mut found = Vec::new();
    for argument in arguments.named_children(&mut cursor) {
        let value = match argument.kind() {
            "keyword_argument" => match argument.child_by_field_name("value") {
                Some(value) => value,
                None => continue,
            },
            "comment" => continue,
            _ => argument,
        };
        if source.syntax.spreads.contains(&value.kind()) || !is_routable(source, value) {
            continue;
        }
        found.push(value);
    }
    found
}

/// A value that names something (so is not a constant) and holds no function or
/// conditional part.
fn is_routable(source: &Source<'_>, value: Node<'_>) -> bool {
    let nodes = descendants(value);
    nodes
        .iter()
        .any(|node| matches!(node.kind(), "identifier" | "this" | "self"))
        && !nodes.iter().any(|node| {
            source.syntax.scopes.contains(&node.kind())
                || source.syntax.conditionals.contains(&node.kind())
                || is_short_circuit(source, *node)
        })
}

/// `name = value` as a statement of the language, ending with a newline and `indent`.
fn declaration(language: Language, name: &str, value: &str, indent: &str) -> String {
    let statement = match language {
        Language::Python if value.contains('\n') => format!("{name} = ({value})"),
        Language::Python => format!("{name} = {value}"),
        Language::JavaScript | Language::TypeScript | Language::Tsx => {
            format!("const {name} = {value};")
        }
        Language::Java => format!("var {name} = {value};"),
        Language::Go => format!("{name} := {value}"),
    };
    format!("{statement}\n{indent}")
}

/// How [`route`] routes an argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Routing {
    /// Through a local declared just before.
    Local,
    /// Through a map, under one constant key.
    Map,
    /// Through a list, at index 0.
    List,
    /// Into a map under one key, with a constant under another, which is read.
    OtherKey,
    /// Not at all: a constant string instead.
    Constant,
}

/// Each routable argument of the case's calls routed through a local or a container
/// declared just before the statement (or replaced by a constant). Go containers are
/// skipped: they need the value's type.
pub(super) fn route(source: &Source<'_>, case: &Case<'_>, routing: Routing) -> Option<Vec<Edit>> {
    if source.language == Language::Go && !matches!(routing, Routing::Local | Routing::Constant) {
        return None;
    }
    let indent = case.movable_indent(source)?;
    let mut taken = Vec::new();
    let mut edits = Vec::new();
    let mut declarations = String::new();
    for call in &case.calls {
        for argument in routable_arguments(source, *call) {
            if routing == Routing::Constant {
                edits.push(Edit::replace(argument, "\"c\""));
                continue;
            }
            let stem = match routing {
                Routing::Local => "v",
                Routing::List => "list",
                _ => "map",
            };
            let name = source.fresh_name(stem, &mut taken);
            let value = source.text_of(argument);
            if routing == Routing::Local {
                declarations.push_str(&declaration(source.language, &name, value, indent));
                edits.push(Edit::replace(argument, name));
                continue;
            }
            let (statements, read) = container_code(source.language, routing, &name, value);
            for statement in statements {
                declarations.push_str(&statement);
                declarations.push('\n');
                declarations.push_str(indent);
            }
            edits.push(Edit::replace(argument, read));
        }
    }
    if edits.is_empty() {
        return None;
    }
    if !declarations.is_empty() {
        edits.push(Edit::insert(case.statement.start_byte(), declarations));
    }
    Some(edits)
}

/// The statements that fill container `name` with `value`, and the expression that reads
/// it back (or, for `OtherKey`, reads the constant).
fn container_code(
    language: Language,
    routing: Routing,
    name: &str,
    value: &str,
) -> (Vec<String>, String) {
    let value = if language == Language::Python && value.contains('\n') {
        format!("({value})")
    } else {
        value.to_owned()
    };
    match (language, routing) {
        (Language::Python, Routing::Map) => (
            vec![format!("{name} = {{\"k\": {value}}}")],
            format!("{name}[\"k\"]"),
        ),
        (Language::Python, Routing::List) => {
            (vec![format!("{name} = [{value}]")], format!("{name}[0]"))
        }
        (Language::Python, _) => (
            vec![
                format!("{name} = {{}}"),
                format!("{name}[\"k\"] = {value}"),
                format!("{name}[\"j\"] = \"c\""),
            ],
            format!("{name}[\"j\"]"),
        ),
        (Language::Java, Routing::Map) => (
            vec![format!("var {name} = java.util.Map.of(\"k\", {value});")],
            format!("{name}.get(\"k\")"),
        ),
        (Language::Java, Routing::List) => (
            vec![format!("var {name} = java.util.List.of({value});")],
            format!("{name}.get(0)"),
        ),
        (Language::Java, _) => (
            vec![
                format!("java.util.Map<String, String> {name} = new java.util.HashMap<>();"),
                format!("{name}.put(\"k\", {value});"),
                format!("{name}.put(\"j\", \"c\");"),
            ],
            format!("{name}.get(\"j\")"),
        ),
        (_, Routing::Map) => (
            vec![format!("const {name} = new Map([[\"k\", {value}]]);")],
            format!("{name}.get(\"k\")"),
        ),
        (_, Routing::List) => (
            vec![format!("const {name} = [{value}];")],
            format!("{name}[0]"),
        ),
        (_, _) => (
            vec![
                format!("const {name} = new Map();"),
                format!("{name}.set(\"k\", {value});"),
                format!("{name}.set(\"j\", \"c\");"),
            ],
            format!("{name}.get(\"j\")"),
        ),
    }
}

/// Each routable argument of the case's calls passed through a helper defined in the file
/// that returns its argument.
pub(super) fn helper(source: &Source<'_>, case: &Case<'_>) -> Option<Vec<Edit>> {
    let mut taken = Vec::new();
    let name = source.fresh_name("relay", &mut taken);
    let mut edits = Vec::new();
    for call in &case.calls {
        for argument in routable_arguments(source, *call) {
            edits.push(Edit::insert(argument.start_byte(), format!("{name}(")));
            edits.push(Edit::insert(argument.end_byte(), ")"));
        }
    }
    if edits.is_empty() {
        return None;
    }
    edits.push(helper_definition(source, case, &name)?);
    Some(edits)
}

/// The helper's definition: at the end of the file, or (Java) of the enclosing class.
fn helper_definition(source: &Source<'_>, case: &Case<'_>, name: &str) -> Option<Edit> {
    let end_of_file = |definition: String| {
        let separator = if source.text.ends_with('\n') {
            ""
        } else {
            "\n"
        };
        Some(Edit::insert(
            source.text.len(),
            format!("{separator}{definition}"),
        ))
    };
    match source.language {
        Language::Python => end_of_file(format!("\n\ndef {name}(value):\n    return value\n")),
        Language::JavaScript => end_of_file(format!(
            "\nfunction {name}(value) {{\n  return value;\n}}\n"
        )),
        Language::TypeScript | Language::Tsx => end_of_file(format!(
            "\nfunction {name}<T>(value: T): T {{\n  return value;\n}}\n"
        )),
        Language::Go => end_of_file(format!(
            "\nfunc {name}[T any](value T) T {{\n\treturn value\n}}\n"
        )),
        Language::Java => {
            let mut node = case.statement;
            let body = loop {
                node = node.parent()?;
                if node.kind() == "class_body" {
                    break node;
                }
            };
            let closing = body.end_byte().checked_sub(1)?;
            let line_start = source.text[..closing].rfind('\n').map_or(0, |at| at + 1);
            // Before the closing brace's line, or before the brace when code precedes it.
            let (at, lead) = if source.text[line_start..closing].trim().is_empty() {
                (line_start, "")
            } else {
                (closing, "\n")
            };
            Some(Edit::insert(
                at,
                format!(
                    "{lead}    private static <T> T {name}(T value) {{\n        return value;\n    }}\n"
                ),
            ))
        }
    }
}

/// The receivers of the case's calls held in locals with neutral names, declared just
/// before the statement: `r.exec(c)` for `Runtime.getRuntime().exec(c)`.
pub(super) fn hoist_receiver(source: &Source<'_>, case: &Case<'_>) -> Option<Vec<Edit>> {
    let indent = case.movable_indent(source)?;
    let modules = names::module_bindings(source);
    let mut taken = Vec::new();
    let mut edits = Vec::new();
    let mut declarations = String::new();
    for call in &case.calls {
        let Some(receiver) = receiver_of(source, *call) else {
            continue;
        };
        if !hoistable(source, receiver, &modules) {
            continue;
        }
        let name = source.fresh_name("r", &mut taken);
        declarations.push_str(&declaration(
            source.language,
            &name,
            source.text_of(receiver),
            indent,
        ));
        edits.push(Edit::replace(receiver, name));
    }
    if edits.is_empty() {
        return None;
    }
    edits.push(Edit::insert(case.statement.start_byte(), declarations));
    Some(edits)
}

fn receiver_of<'t>(source: &Source<'t>, call: Node<'t>) -> Option<Node<'t>> {
    let member_field = |node: Node<'t>| {
        source
            .syntax
            .members
            .iter()
            .find(|(kind, _)| *kind == node.kind())
            .and_then(|(_, field)| node.child_by_field_name(field))
    };
    member_field(call).or_else(|| member_field(call.child_by_field_name("function")?))
}

/// A receiver that is computed (a call, or a member of a local): not a bare name, not a
/// module's or package's member, not `this`.
fn hoistable(
    source: &Source<'_>,
    receiver: Node<'_>,
    modules: &std::collections::HashSet<String>,
) -> bool {
    let kind = receiver.kind();
    let nodes = descendants(receiver);
    if nodes.iter().any(|node| {
        source.syntax.scopes.contains(&node.kind())
            || source.syntax.conditionals.contains(&node.kind())
            || is_short_circuit(source, *node)
    }) {
        return false;
    }
    if source.syntax.calls.contains(&kind) {
        return true;
    }
    if !source
        .syntax
        .members
        .iter()
        .any(|(member, _)| *member == kind)
    {
        return false;
    }
    // A chain of members with no call: hoist it only when it starts at a local.
    let mut root = receiver;
    while let Some((_, field)) = source
        .syntax
        .members
        .iter()
        .find(|(member, _)| *member == root.kind())
    {
        match root.child_by_field_name(field) {
            Some(inner) => root = inner,
            None => return false,
        }
    }
    match source.language {
        Language::Java => root.kind() == "this",
        _ => root.kind() == "identifier" && !modules.contains(source.text_of(root)),
    }
}

/// The case's statement inside `if (true)` (`taken`) or `if (false)`. A declaration is
/// split so that the name stays visible after the branch: `T x; if (true) { x = v; }`.
pub(super) fn branch(source: &Source<'_>, case: &Case<'_>, taken: bool) -> Option<Vec<Edit>> {
    let indent = case.movable_indent(source)?;
    let statement = case.statement;
    let kind = statement.kind();
    let language = source.language;
    let condition = match (language, taken) {
        (Language::Python, true) => "True",
        (Language::Python, false) => "False",
        (_, true) => "true",
        (_, false) => "false",
    };
    if language == Language::Python {
        let mut edits = vec![Edit::insert(
            statement.start_byte(),
            format!("if {condition}:\n{indent}    "),
        )];
        // Lines after the first move one level in.
        let mut offset = statement.start_byte();
        while let Some(newline) = source.text[offset..statement.end_byte()].find('\n') {
            offset += newline + 1;
            if !source.text[offset..].starts_with('\n') {
                edits.push(Edit::insert(offset, "    "));
            }
        }
        return Some(edits);
    }
    let open = |lead: &str| format!("{lead}if ({condition}) {{\n{indent}    ");
    let open = match language {
        Language::Go => format!("if {condition} {{\n{indent}    "),
        _ => open(""),
    };
    let close = Edit::insert(statement.end_byte(), format!("\n{indent}}}"));
    let plain = matches!(
        kind,
        "expression_statement" | "if_statement" | "assignment_statement" | "inc_statement"
    ) || kind == "dec_statement"
        || kind == "send_statement"
        || (language != Language::Java && language != Language::Go && kind == "return_statement")
        || (language != Language::Java && language != Language::Go && kind == "throw_statement");
    if plain {
        return Some(vec![Edit::insert(statement.start_byte(), open), close]);
    }
    let split = split_declaration(source, statement, taken)?;
    let mut edits = vec![Edit::insert(
        statement.start_byte(),
        format!("{}\n{indent}{open}", split.declaration),
    )];
    edits.extend(split.removals);
    edits.push(close);
    Some(edits)
}

struct Split {
    /// The declaration without its value: `String x;`, `let x;`.
    declaration: String,
    /// What turns the statement into an assignment.
    removals: Vec<Edit>,
}

fn split_declaration(source: &Source<'_>, statement: Node<'_>, taken: bool) -> Option<Split> {
    let mut cursor = statement.walk();
    let declarators: Vec<Node<'_>> = statement
        .named_children(&mut cursor)
        .filter(|child| child.kind() == "variable_declarator")
        .collect();
    let [declarator] = declarators.as_slice() else {
        return None;
    };
    let name = declarator.child_by_field_name("name")?;
    let value = declarator.child_by_field_name("value")?;
    if name.kind() != "identifier" {
        return None; // destructuring
    }
    let remove_before_declarator = Edit {
        start: statement.start_byte(),
        end: declarator.start_byte(),
        text: String::new(),
    };
    match (source.language, statement.kind()) {
        (Language::Java, "local_variable_declaration") => {
            let kind = statement.child_by_field_name("type")?;
            if !taken
                || source.text_of(kind) == "var"
                || value.kind() == "array_initializer"
                || declarator.child_by_field_name("dimensions").is_some()
            {
                // `if (false)` leaves the name unassigned, which Java refuses.
                return None;
            }
            Some(Split {
                declaration: format!(
                    "{} {};",
                    source.text[statement.start_byte()..declarator.start_byte()].trim_end(),
                    source.text_of(name)
                ),
                removals: vec![remove_before_declarator],
            })
        }
        (
            Language::JavaScript | Language::TypeScript | Language::Tsx,
            "lexical_declaration" | "variable_declaration",
        ) => {
            let annotation = declarator.child_by_field_name("type");
            let mut removals = vec![remove_before_declarator];
            if let Some(annotation) = annotation {
                removals.push(Edit::replace(annotation, ""));
            }
            Some(Split {
                declaration: format!(
                    "let {}{};",
                    source.text_of(name),
                    annotation.map_or("", |annotation| source.text_of(annotation))
                ),
                removals,
            })
        }
        _ => None,
    }
}
