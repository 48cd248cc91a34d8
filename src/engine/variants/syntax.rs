//! The node kinds the transformations look for, per language.

use crate::lang::Language;

pub(super) struct Syntax {
    /// Nodes whose children are statements.
    pub blocks: &'static [&'static str],
    /// Functions, lambdas, classes and comprehensions: a value inside one may name what only
    /// exists there, so nothing is moved out of them.
    pub scopes: &'static [&'static str],
    /// Calls and constructor calls.
    pub calls: &'static [&'static str],
    /// Expressions that evaluate a part only sometimes (`&&`/`||` are found by operator).
    pub conditionals: &'static [&'static str],
    /// Statements that must not be moved or wrapped (loops evaluate their header again,
    /// definitions and imports are not values).
    pub fixed: &'static [&'static str],
    /// Arguments that are not plain values (spreads, splats, variadic expansion).
    pub spreads: &'static [&'static str],
    /// Receiver-and-member expressions, with the field that holds the receiver.
    pub members: &'static [(&'static str, &'static str)],
}

pub(super) fn of(language: Language) -> &'static Syntax {
    match language {
        Language::Python => &PYTHON,
        Language::JavaScript | Language::TypeScript | Language::Tsx => &JAVASCRIPT,
        Language::Java => &JAVA,
        Language::Go => &GO,
    }
}

static PYTHON: Syntax = Syntax {
    blocks: &["block", "module"],
    scopes: &[
        "function_definition",
        "class_definition",
        "lambda",
        "list_comprehension",
        "set_comprehension",
        "dictionary_comprehension",
        "generator_expression",
    ],
    calls: &["call"],
    conditionals: &["boolean_operator", "conditional_expression"],
    fixed: &[
        "for_statement",
        "while_statement",
        "function_definition",
        "class_definition",
        "decorated_definition",
        "import_statement",
        "import_from_statement",
        "future_import_statement",
        "global_statement",
        "nonlocal_statement",
        "try_statement",
        "with_statement",
        "match_statement",
        "elif_clause",
        "else_clause",
    ],
    spreads: &["list_splat", "dictionary_splat", "parenthesized_list_splat"],
    members: &[("attribute", "object")],
};

static JAVASCRIPT: Syntax = Syntax {
    blocks: &["statement_block", "program"],
    scopes: &[
        "function_declaration",
        "function_expression",
        "function",
        "generator_function",
        "generator_function_declaration",
        "arrow_function",
        "method_definition",
        "class_body",
        "class_declaration",
    ],
    calls: &["call_expression", "new_expression"],
    conditionals: &["ternary_expression"],
    fixed: &[
        "for_statement",
        "for_in_statement",
        "while_statement",
        "do_statement",
        "function_declaration",
        "generator_function_declaration",
        "class_declaration",
        "import_statement",
        "export_statement",
        "try_statement",
        "switch_statement",
        "labeled_statement",
        "interface_declaration",
        "type_alias_declaration",
        "enum_declaration",
    ],
    spreads: &["spread_element"],
    members: &[("member_expression", "object")],
};

static JAVA: Syntax = Syntax {
    blocks: &["block", "constructor_body", "switch_block_statement_group"],
    scopes: &[
        "lambda_expression",
        "class_body",
        "method_declaration",
        "constructor_declaration",
        "method_reference",
    ],
    calls: &["method_invocation", "object_creation_expression"],
    conditionals: &["ternary_expression"],
    fixed: &[
        "for_statement",
        "enhanced_for_statement",
        "while_statement",
        "do_statement",
        "try_statement",
        "try_with_resources_statement",
        "switch_expression",
        "labeled_statement",
        "local_class_declaration",
        "class_declaration",
        "explicit_constructor_invocation",
        "yield_statement",
    ],
    spreads: &[],
    members: &[("method_invocation", "object"), ("field_access", "object")],
};

static GO: Syntax = Syntax {
    blocks: &["block", "statement_list", "source_file"],
    scopes: &["func_literal", "function_declaration", "method_declaration"],
    calls: &["call_expression"],
    conditionals: &[],
    fixed: &[
        "for_statement",
        "function_declaration",
        "method_declaration",
        "import_declaration",
        "package_clause",
        "type_declaration",
        "const_declaration",
        "var_declaration",
        "labeled_statement",
        "defer_statement",
        "go_statement",
        "select_statement",
        "expression_switch_statement",
        "type_switch_statement",
        "fallthrough_statement",
    ],
    spreads: &["variadic_argument"],
    members: &[("selector_expression", "operand")],
};
