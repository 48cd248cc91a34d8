//! Constant conditions: branches that can never run.
//!
//! `if (false) { ... }`, `if 7 * 6 > 100:`, `if "x" in "abc":`, the `else` of `if (true)`
//! and the dead arm of a ternary with a constant condition hold code that never runs, so a
//! finding there (or a taint source there) is not a vulnerability. Conditions fold over
//! literals only: booleans, integers, plain strings, `!`/`not`, `&&`/`||`/`and`/`or`,
//! comparisons and integer arithmetic. No IO.

use std::ops::Range;

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
    ranges: Vec<Range<usize>>,
}

impl DeadCode {
    /// Looks at one node: a branch with a constant condition marks its dead arm.
    pub fn visit(&mut self, language: Language, node: Node<'_>, text: &str) {
        let kind = node.kind();
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
        let Some(value) = fold(condition, text) else {
            return;
        };
        let dead = if value.truthy() {
            // Python's `if` may have several `elif`/`else` clauses, all dead.
            if kind == "if_statement" && language == Language::Python {
                let mut cursor = node.walk();
                let clauses: Vec<Node<'_>> = node
                    .children_by_field_name("alternative", &mut cursor)
                    .collect();
                self.ranges.extend(clauses.iter().map(Node::byte_range));
                return;
            }
            alternative
        } else {
            consequence
        };
        if let Some(dead) = dead {
            self.ranges.push(dead.byte_range());
        }
    }

    /// Whether `start..end` lies inside code that never runs.
    pub fn contains(&self, start: usize, end: usize) -> bool {
        self.ranges
            .iter()
            .any(|range| range.start <= start && end <= range.end)
    }

    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }
}

/// The value of a constant expression, or `None` when it is not one.
fn fold(node: Node<'_>, text: &str) -> Option<Value> {
    let field = |name: &str| node.child_by_field_name(name);
    let source = &text[node.byte_range()];
    match node.kind() {
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
                [only] => fold(*only, text),
                _ => None,
            }
        }
        "not_operator" => fold(field("argument")?, text).map(|value| Value::Bool(!value.truthy())),
        "unary_expression" => {
            let operator = &text[field("operator")?.byte_range()];
            let operand = field("argument").or_else(|| field("operand"))?;
            let value = fold(operand, text)?;
            match (operator, value) {
                ("!", value) => Some(Value::Bool(!value.truthy())),
                ("-", Value::Int(value)) => value.checked_neg().map(Value::Int),
                _ => None,
            }
        }
        "boolean_operator" | "binary_expression" | "binary_operator" => {
            let operator = &text[field("operator")?.byte_range()];
            let left = fold(field("left")?, text)?;
            // `false && x` and `true || x` are constant whatever x is.
            match (operator, left.truthy()) {
                ("&&" | "and", false) => return Some(left),
                ("||" | "or", true) => return Some(left),
                _ => {}
            }
            let right = fold(field("right")?, text)?;
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
            let left = fold(*left, text)?;
            let right = fold(*right, text)?;
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
            .map(|range| text[range.clone()].trim().to_owned())
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
