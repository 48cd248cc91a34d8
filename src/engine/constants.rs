//! Constant conditions: branches that can never run.
//!
//! `if (false) { ... }`, `if 7 * 6 > 100:`, `if "x" in "abc":`, the `else` of `if (true)`
//! and the dead arm of a ternary with a constant condition hold code that never runs, so a
//! finding there (or a taint source there) is not a vulnerability. Conditions fold over
//! literals only: booleans, integers, plain strings, `!`/`not`, `&&`/`||`/`and`/`or`,
//! comparisons and integer arithmetic, and over names bound once in the file to such a
//! value (`DEBUG = False` at module level, `const SKIP_TLS = false`, Java's `static final
//! boolean LEGACY = false`, Go's `const insecure = false`). No IO.

use std::ops::Range;

use rustc_hash::FxHashMap as HashMap;

use tree_sitter::Node;

use crate::lang::Language;

/// A folded value.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Value {
    Bool(bool),
    Int(i64),
    Str(String),
    /// `None`, `null`, `undefined`, `nil`.
    Nothing,
}

impl Value {
    fn truthy(&self) -> bool {
        match self {
            Value::Bool(value) => *value,
            Value::Int(value) => *value != 0,
            Value::Str(value) => !value.is_empty(),
            Value::Nothing => false,
        }
    }
}

/// The byte ranges of a file that never run, gathered node by node on the matcher's walk.
#[derive(Debug, Clone, Default)]
pub struct DeadCode {
    /// Each dead range, with the named constants its condition folded.
    ranges: Vec<(Range<usize>, Vec<String>)>,
    /// Names declared at file level with a constant value.
    constants: HashMap<String, Value>,
    /// How often each name is bound anywhere in the file (declared, assigned, a parameter),
    /// by the hash of the name (no allocation on the walk; a collision only adds bindings):
    /// a constant holds only when its declaration is the one binding.
    bindings: HashMap<u64, u32>,
}

impl DeadCode {
    /// Looks at one node: a branch with a constant condition marks its dead arm; a file or
    /// class body declares constants; a binding counts against its name.
    pub fn visit(&mut self, language: Language, node: Node<'_>, text: &str) {
        let kind = node.kind();
        self.count_bindings(language, node, text);
        if matches!(kind, "module" | "program" | "source_file" | "class_body") {
            self.declare(language, node, text);
            return;
        }
        let arms = match kind {
            "if_statement" | "ternary_expression" | "while_statement" | "elif_clause" => {
                let Some(condition) = node.child_by_field_name("condition") else {
                    return;
                };
                (
                    condition,
                    node.child_by_field_name("consequence")
                        .or_else(|| node.child_by_field_name("body")),
                    node.child_by_field_name("alternative"),
                )
            }
            // Python's `a if condition else b`.
            "conditional_expression" => {
                let (Some(consequence), Some(condition), Some(alternative)) = (
                    node.named_child(0),
                    node.named_child(1),
                    node.named_child(2),
                ) else {
                    return;
                };
                (condition, Some(consequence), Some(alternative))
            }
            _ => return,
        };
        let (condition, consequence, alternative) = arms;
        let mut used = Vec::new();
        let Some(value) = fold(condition, text, &self.constants, &mut used) else {
            return;
        };
        let dead = if value.truthy() {
            // Python's `if` may have several `elif`/`else` clauses, all dead.
            if kind == "if_statement" && language == Language::Python {
                let mut cursor = node.walk();
                let clauses: Vec<Node<'_>> = node
                    .children_by_field_name("alternative", &mut cursor)
                    .collect();
                self.ranges.extend(
                    clauses
                        .iter()
                        .map(|clause| (clause.byte_range(), used.clone())),
                );
                return;
            }
            alternative
        } else {
            consequence
        };
        if let Some(dead) = dead {
            self.ranges.push((dead.byte_range(), used));
        }
    }

    /// File-level constants: Python module assignments, JavaScript/TypeScript top-level
    /// `const`, Java `static final` fields, Go `const` specs.
    fn declare(&mut self, language: Language, body: Node<'_>, text: &str) {
        let mut cursor = body.walk();
        let children: Vec<Node<'_>> = body.named_children(&mut cursor).collect();
        let mut declared = Vec::new();
        for child in children {
            match (language, child.kind()) {
                (Language::Python, "expression_statement") => {
                    if let Some(assignment) = child.named_child(0)
                        && assignment.kind() == "assignment"
                    {
                        declared.extend(
                            assignment
                                .child_by_field_name("left")
                                .zip(assignment.child_by_field_name("right")),
                        );
                    }
                }
                (
                    Language::JavaScript | Language::TypeScript,
                    "lexical_declaration" | "export_statement",
                ) => {
                    let declaration = match child.kind() {
                        "export_statement" => match child.child_by_field_name("declaration") {
                            Some(declaration) if declaration.kind() == "lexical_declaration" => {
                                declaration
                            }
                            _ => continue,
                        },
                        _ => child,
                    };
                    let is_const = declaration
                        .child(0)
                        .is_some_and(|keyword| keyword.kind() == "const");
                    if is_const {
                        declarators(declaration, &mut declared);
                    }
                }
                (Language::Java, "field_declaration") => {
                    let mut cursor = child.walk();
                    let modifiers = child
                        .named_children(&mut cursor)
                        .find(|part| part.kind() == "modifiers")
                        .map(|modifiers| &text[modifiers.byte_range()]);
                    let fixed = modifiers.is_some_and(|modifiers| {
                        modifiers.split_whitespace().any(|word| word == "static")
                            && modifiers.split_whitespace().any(|word| word == "final")
                    });
                    if fixed {
                        declarators(child, &mut declared);
                    }
                }
                (Language::Go, "const_declaration") => {
                    let mut cursor = child.walk();
                    let specs: Vec<Node<'_>> = child
                        .named_children(&mut cursor)
                        .filter(|spec| spec.kind() == "const_spec")
                        .collect();
                    for spec in specs {
                        let mut cursor = spec.walk();
                        let names: Vec<Node<'_>> =
                            spec.children_by_field_name("name", &mut cursor).collect();
                        let value = spec
                            .child_by_field_name("value")
                            .filter(|list| list.named_child_count() == 1)
                            .and_then(|list| list.named_child(0));
                        if let ([name], Some(value)) = (&names[..], value) {
                            declared.push((*name, value));
                        }
                    }
                }
                _ => {}
            }
        }
        for (name, value) in declared {
            if name.kind() != "identifier" {
                continue;
            }
            let mut used = Vec::new();
            if let Some(value) = fold(value, text, &self.constants, &mut used) {
                self.constants
                    .insert(text[name.byte_range()].to_owned(), value);
            }
        }
    }

    /// Counts the names a node binds: assignments, declarations, parameters, loop variables.
    fn count_bindings(&mut self, language: Language, node: Node<'_>, text: &str) {
        // Python, JavaScript and Go declare their constants on the root, visited first: a
        // file without any has nothing to count. Java declares them per class body.
        if self.constants.is_empty() && language != Language::Java {
            return;
        }
        let mut bound: Vec<Node<'_>> = Vec::new();
        let field = |name: &str| node.child_by_field_name(name);
        match (language, node.kind()) {
            (
                _,
                "assignment"
                | "augmented_assignment"
                | "assignment_expression"
                | "augmented_assignment_expression"
                | "assignment_statement"
                | "short_var_declaration"
                | "for_statement"
                | "for_in_statement"
                | "for_in_clause"
                | "range_clause",
            ) => bound.extend(field("left")),
            (Language::Python, "named_expression") => bound.extend(field("name")),
            (
                _,
                "variable_declarator"
                | "formal_parameter"
                | "catch_formal_parameter"
                | "enhanced_for_statement"
                | "const_spec"
                | "var_spec"
                | "parameter_declaration"
                | "default_parameter"
                | "typed_default_parameter",
            ) => {
                let mut cursor = node.walk();
                bound.extend(node.children_by_field_name("name", &mut cursor));
            }
            (_, "required_parameter" | "optional_parameter") => bound.extend(field("pattern")),
            (Language::Python, "parameters" | "lambda_parameters")
            | (Language::JavaScript | Language::TypeScript, "formal_parameters") => {
                let mut cursor = node.walk();
                bound.extend(node.named_children(&mut cursor));
            }
            (Language::Python, "typed_parameter") => bound.extend(node.named_child(0)),
            _ => {}
        }
        while let Some(target) = bound.pop() {
            match target.kind() {
                "identifier" => {
                    *self
                        .bindings
                        .entry(name_hash(&text[target.byte_range()]))
                        .or_default() += 1;
                }
                // `a, b = ...`, `x, err := ...`, `[a, b] = ...`
                "pattern_list" | "tuple_pattern" | "expression_list" | "list_pattern"
                | "array_pattern" | "tuple" | "list" => {
                    let mut cursor = target.walk();
                    bound.extend(target.named_children(&mut cursor));
                }
                _ => {}
            }
        }
    }

    /// Whether `start..end` lies inside code that never runs.
    pub fn contains(&self, start: usize, end: usize) -> bool {
        self.ranges.iter().any(|(range, used)| {
            range.start <= start
                && end <= range.end
                && used
                    .iter()
                    .all(|name| self.bindings.get(&name_hash(name)).copied() == Some(1))
        })
    }

    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }
}

fn name_hash(name: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(name)
}

/// The `(name, value)` of each `variable_declarator` of a declaration (JavaScript `const`,
/// Java fields).
fn declarators<'tree>(declaration: Node<'tree>, declared: &mut Vec<(Node<'tree>, Node<'tree>)>) {
    let mut cursor = declaration.walk();
    for declarator in declaration.named_children(&mut cursor) {
        if declarator.kind() == "variable_declarator" {
            declared.extend(
                declarator
                    .child_by_field_name("name")
                    .zip(declarator.child_by_field_name("value")),
            );
        }
    }
}

/// The value of a constant expression, or `None` when it is not one; the named constants it
/// read go to `used`.
fn fold(
    node: Node<'_>,
    text: &str,
    constants: &HashMap<String, Value>,
    used: &mut Vec<String>,
) -> Option<Value> {
    let field = |name: &str| node.child_by_field_name(name);
    let source = &text[node.byte_range()];
    let mut fold = |node: Node<'_>| fold(node, text, constants, used);
    match node.kind() {
        "identifier" => {
            let value = constants.get(source)?;
            used.push(source.to_owned());
            Some(value.clone())
        }
        "true" => Some(Value::Bool(true)),
        "false" => Some(Value::Bool(false)),
        "none" | "null" | "undefined" | "nil" => Some(Value::Nothing),
        "integer" | "number" | "decimal_integer_literal" | "int_literal" => {
            source.replace('_', "").parse().ok().map(Value::Int)
        }
        "string" | "string_literal" | "interpreted_string_literal" | "raw_string_literal" => {
            plain_string(node, source).map(Value::Str)
        }
        "parenthesized_expression" | "expression_statement" => {
            let mut cursor = node.walk();
            let inner: Vec<Node<'_>> = node
                .named_children(&mut cursor)
                .filter(|child| child.kind() != "comment")
                .collect();
            match inner.as_slice() {
                [only] => fold(*only),
                _ => None,
            }
        }
        "not_operator" => fold(field("argument")?).map(|value| Value::Bool(!value.truthy())),
        "unary_expression" => {
            let operator = &text[field("operator")?.byte_range()];
            let operand = field("argument").or_else(|| field("operand"))?;
            let value = fold(operand)?;
            match (operator, value) {
                ("!", value) => Some(Value::Bool(!value.truthy())),
                ("-", Value::Int(value)) => value.checked_neg().map(Value::Int),
                _ => None,
            }
        }
        "boolean_operator" | "binary_expression" | "binary_operator" => {
            let operator = &text[field("operator")?.byte_range()];
            let left = fold(field("left")?)?;
            // `false && x` and `true || x` are constant whatever x is.
            match (operator, left.truthy()) {
                ("&&" | "and", false) => return Some(left),
                ("||" | "or", true) => return Some(left),
                _ => {}
            }
            let right = fold(field("right")?)?;
            binary(operator, left, right)
        }
        "comparison_operator" => {
            let mut cursor = node.walk();
            let children: Vec<Node<'_>> = node.children(&mut cursor).collect();
            let [left, operator @ .., right] = children.as_slice() else {
                return None;
            };
            let operator: Vec<&str> = operator
                .iter()
                .map(|part| &text[part.byte_range()])
                .collect();
            let left = fold(*left)?;
            let right = fold(*right)?;
            binary(&operator.join(" "), left, right)
        }
        _ => None,
    }
}

fn binary(operator: &str, left: Value, right: Value) -> Option<Value> {
    use Value::{Bool, Int, Str};
    Some(match (operator, left, right) {
        ("&&" | "and", left, right) => {
            if left.truthy() {
                right
            } else {
                left
            }
        }
        ("||" | "or", left, right) => {
            if left.truthy() {
                left
            } else {
                right
            }
        }
        ("==" | "===", left, right) => Bool(left == right),
        ("!=" | "!==", left, right) => Bool(left != right),
        ("<", Int(a), Int(b)) => Bool(a < b),
        ("<=", Int(a), Int(b)) => Bool(a <= b),
        (">", Int(a), Int(b)) => Bool(a > b),
        (">=", Int(a), Int(b)) => Bool(a >= b),
        ("+", Int(a), Int(b)) => Int(a.checked_add(b)?),
        ("-", Int(a), Int(b)) => Int(a.checked_sub(b)?),
        ("*", Int(a), Int(b)) => Int(a.checked_mul(b)?),
        ("%", Int(a), Int(b)) if b != 0 => Int(a.checked_rem(b)?),
        ("+", Str(a), Str(b)) => Str(a + &b),
        ("in", Str(a), Str(b)) => Bool(b.contains(&a)),
        ("not in", Str(a), Str(b)) => Bool(!b.contains(&a)),
        _ => return None,
    })
}

/// The content of a string literal with no interpolation and no escapes, or `None`.
fn plain_string(node: Node<'_>, source: &str) -> Option<String> {
    let mut cursor = node.walk();
    if node.named_children(&mut cursor).any(|child| {
        matches!(
            child.kind(),
            "interpolation" | "template_substitution" | "escape_sequence"
        )
    }) {
        return None;
    }
    let quote = source.chars().next()?;
    if !matches!(quote, '"' | '\'' | '`') {
        return None; // a Python prefix (f"", b"", r"")
    }
    let inner = source.strip_prefix(quote)?.strip_suffix(quote)?;
    Some(inner.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dead ranges of a file, as the text they hold.
    fn dead(language: Language, text: &str) -> Vec<String> {
        let tree = crate::engine::parse(language, text, None).expect("parse");
        let mut dead = DeadCode::default();
        for node in crate::engine::variants::descendants(tree.root_node()) {
            dead.visit(language, node, text);
        }
        dead.ranges
            .iter()
            .filter(|(range, _)| dead.contains(range.start, range.end))
            .map(|(range, _)| text[range.clone()].trim().to_owned())
            .collect()
    }

    #[test]
    fn python_constant_branches() {
        let text = "if False:\n    a()\nif 7 * 6 > 100:\n    b()\nelse:\n    c()\nif 'x' in 'abc':\n    d()\nif True:\n    e()\nelif x:\n    f()\nelse:\n    g()\nif x:\n    h()\ny = i() if 0 else j()\nwhile not True:\n    k()\n";
        assert_eq!(
            dead(Language::Python, text),
            [
                "a()",
                "b()",
                "d()",
                "elif x:\n    f()",
                "else:\n    g()",
                "i()",
                "k()"
            ]
        );
    }

    #[test]
    fn names_bound_once_to_a_constant_fold() {
        let text = "DEBUG = False\nLEVEL = 1 + 1\nmode = 'x'\n\ndef f(mode):\n    if DEBUG:\n        a()\n    if LEVEL > 3 or DEBUG:\n        b()\n    if mode == 'x':\n        c()\n    if LATE:\n        d()\n\nLATE = False\n";
        assert_eq!(dead(Language::Python, text), ["a()", "b()", "d()"]);
        // Assigned again anywhere, the name is not a constant.
        let text = "FLAG = False\ndef on():\n    global FLAG\n    FLAG = True\nif FLAG:\n    a()\n";
        assert_eq!(dead(Language::Python, text), Vec::<String>::new());
        let text = "const SKIP = false;\nlet soft = false;\nexport const OFF = !true;\nif (soft) { b(); }\nif (OFF) { c(); }\nif (SKIP) { a(); }\nfunction g(SKIP) { if (SKIP) { d(); } }\n";
        assert_eq!(dead(Language::JavaScript, text), ["{ c(); }"]);
        let text = "const SKIP = false;\nexport const OFF = !true;\nif (SKIP) { a(); }\nif (OFF || SKIP) { c(); }\n";
        assert_eq!(dead(Language::TypeScript, text), ["{ a(); }", "{ c(); }"]);
        let text = "class A { private static final boolean LEGACY = false; private final boolean soft = false; void m() { if (LEGACY) { a(); } if (soft) { b(); } } }";
        assert_eq!(dead(Language::Java, text), ["{ a(); }"]);
        let text = "package p\nconst (\n\tinsecure = false\n\tlimit = 3\n)\nfunc f() {\n\tif insecure {\n\t\ta()\n\t}\n\tif limit > 5 {\n\t\tb()\n\t}\n}\nfunc g(limit int) {}\n";
        assert_eq!(dead(Language::Go, text), ["{\n\t\ta()\n\t}"]);
    }

    #[test]
    fn c_family_constant_branches() {
        let text = "class A { void m() { if (false) { a(); } if (1 + 1 == 3 || false) b(); else c(); if (!true && x) { d(); } int v = true ? e() : f(); if (x) { g(); } } }";
        assert_eq!(
            dead(Language::Java, text),
            ["{ a(); }", "b();", "{ d(); }", "f()"]
        );
        let text = "if (false) { a(); } else { b(); }\nif ('a' === 'a') c(); else d();\nif (`${x}` === 'a') e();\n";
        assert_eq!(dead(Language::JavaScript, text), ["{ a(); }", "else d();"]);
        let text = "package p\nfunc f() {\n\tif false {\n\t\ta()\n\t}\n\tif 2 > 1 {\n\t\tb()\n\t} else {\n\t\tc()\n\t}\n}\n";
        assert_eq!(
            dead(Language::Go, text),
            ["{\n\t\ta()\n\t}", "{\n\t\tc()\n\t}"]
        );
    }
}
