//! What the dataflow walker needs to know about each grammar: which node kinds are
//! functions, calls, assignments, branches and loops, and which fields hold their parts.
//!
//! Data only. Adding a language to taint analysis means adding a profile here.

use crate::lang::Language;

/// An assignment-like node: where the target and the value sit.
#[derive(Debug)]
pub struct AssignmentKind {
    pub kind: &'static str,
    pub target: &'static str,
    pub value: &'static str,
    /// `+=` and friends: the target keeps its old taint too. `None`: look at the
    /// `operator` field.
    pub augmented: Option<bool>,
}

const fn assignment(
    kind: &'static str,
    target: &'static str,
    value: &'static str,
    augmented: Option<bool>,
) -> AssignmentKind {
    AssignmentKind {
        kind,
        target,
        value,
        augmented,
    }
}

#[derive(Debug)]
pub struct Profile {
    pub functions: &'static [&'static str],
    pub calls: &'static [&'static str],
    pub identifiers: &'static [&'static str],
    pub members: &'static [&'static str],
    pub subscripts: &'static [&'static str],
    /// Leaves that are never tainted: literals, `None`, numbers.
    pub literals: &'static [&'static str],
    pub assignments: &'static [AssignmentKind],
    pub ifs: &'static [&'static str],
    pub loops: &'static [&'static str],
    /// For-each loops: (kind, loop variable field, iterable field); Go's range clause too.
    pub for_each: &'static [(&'static str, &'static str, &'static str)],
    pub returns: &'static [&'static str],
    /// Statements after which the path ends: raise, throw, break, continue.
    pub terminators: &'static [&'static str],
    /// Calls that never return, as spelled: `abort(403)`, `sys.exit()`, `log.Fatal(err)`.
    pub exits: &'static [&'static str],
    pub ternaries: &'static [&'static str],
    pub tries: &'static [&'static str],
    pub keyword_arguments: &'static [&'static str],
    /// Functions and methods whose result is never tainted (numbers, lengths, booleans).
    pub clean_calls: &'static [&'static str],
    /// Methods that taint their receiver when given a tainted argument.
    pub propagators: &'static [&'static str],
    /// Names of the receiver parameter of methods (`self`), skipped when mapping arguments.
    pub receivers: &'static [&'static str],
    pub true_literals: &'static [&'static str],
    pub false_literals: &'static [&'static str],
    /// Calls and constructors that parse a URL, as spelled (the last segments of the
    /// callee): a check on the host of what they return is a check on the string parsed.
    pub url_parsers: &'static [&'static str],
    /// Fields and getters of a parsed URL that name its host.
    pub host_fields: &'static [&'static str],
    /// Methods that fill a buffer passed to them with what they read from their receiver
    /// (`in.read(buffer)`, `io.ReadFull(r, buf)`).
    pub read_into: &'static [&'static str],
}

pub fn for_language(language: Language) -> &'static Profile {
    match language {
        Language::Python => &PYTHON,
        Language::JavaScript | Language::TypeScript | Language::Tsx => &JAVASCRIPT,
        Language::Java => &JAVA,
        Language::Go => &GO,
    }
}

static PYTHON: Profile = Profile {
    functions: &["function_definition", "lambda"],
    calls: &["call"],
    identifiers: &["identifier"],
    members: &["attribute"],
    subscripts: &["subscript"],
    literals: &["integer", "float", "none", "true", "false", "comment"],
    assignments: &[
        assignment("assignment", "left", "right", Some(false)),
        assignment("augmented_assignment", "left", "right", Some(true)),
        assignment("named_expression", "name", "value", Some(false)),
    ],
    ifs: &["if_statement"],
    loops: &["for_statement", "while_statement"],
    for_each: &[("for_statement", "left", "right")],
    returns: &["return_statement"],
    terminators: &["raise_statement", "break_statement", "continue_statement"],
    exits: &[
        "abort",
        "flask.abort",
        "sys.exit",
        "exit",
        "quit",
        "os._exit",
    ],
    ternaries: &["conditional_expression"],
    tries: &["try_statement"],
    keyword_arguments: &["keyword_argument"],
    clean_calls: &[
        "int",
        "float",
        "bool",
        "len",
        "abs",
        "round",
        "isinstance",
        "id",
    ],
    propagators: &[
        "append",
        "extend",
        "insert",
        "add",
        "update",
        "setdefault",
        "appendleft",
        "write",
        "put",
    ],
    receivers: &["self", "cls"],
    true_literals: &["true"],
    false_literals: &["false", "none"],
    url_parsers: &["urlparse", "urlsplit"],
    host_fields: &["netloc", "hostname"],
    read_into: &["readinto"],
};

static JAVASCRIPT: Profile = Profile {
    functions: &[
        "function_declaration",
        "function_expression",
        "function",
        "arrow_function",
        "method_definition",
        "generator_function_declaration",
        "generator_function",
    ],
    calls: &["call_expression", "new_expression"],
    identifiers: &["identifier", "shorthand_property_identifier"],
    members: &["member_expression"],
    subscripts: &["subscript_expression"],
    literals: &[
        "number",
        "null",
        "undefined",
        "true",
        "false",
        "regex",
        "comment",
    ],
    assignments: &[
        assignment("variable_declarator", "name", "value", Some(false)),
        assignment("assignment_expression", "left", "right", Some(false)),
        assignment(
            "augmented_assignment_expression",
            "left",
            "right",
            Some(true),
        ),
    ],
    ifs: &["if_statement"],
    loops: &[
        "for_statement",
        "for_in_statement",
        "while_statement",
        "do_statement",
    ],
    for_each: &[("for_in_statement", "left", "right")],
    returns: &["return_statement"],
    terminators: &["throw_statement", "break_statement", "continue_statement"],
    // Koa's ctx.throw (Egg.js: this.ctx.throw) raises an HTTP error.
    exits: &["process.exit", "ctx.throw", "this.ctx.throw"],
    ternaries: &["ternary_expression"],
    tries: &["try_statement"],
    keyword_arguments: &[],
    clean_calls: &[
        "parseInt",
        "parseFloat",
        "Number",
        "Boolean",
        "isNaN",
        "isFinite",
        // The content of a file, not its name: `fs.readFileSync(path)`.
        "readFileSync",
        "readFile",
    ],
    propagators: &["push", "unshift", "set", "add", "append", "write", "splice"],
    receivers: &["this"],
    true_literals: &["true"],
    false_literals: &["false", "null", "undefined"],
    url_parsers: &["URL", "url.parse"],
    host_fields: &["host", "hostname", "origin"],
    read_into: &[],
};

static JAVA: Profile = Profile {
    functions: &[
        "method_declaration",
        "constructor_declaration",
        "lambda_expression",
    ],
    calls: &["method_invocation", "object_creation_expression"],
    identifiers: &["identifier"],
    members: &["field_access"],
    subscripts: &["array_access"],
    literals: &[
        "decimal_integer_literal",
        "hex_integer_literal",
        "decimal_floating_point_literal",
        "null_literal",
        "true",
        "false",
        "character_literal",
        "class_literal",
        "line_comment",
        "block_comment",
    ],
    assignments: &[
        assignment("variable_declarator", "name", "value", Some(false)),
        assignment("assignment_expression", "left", "right", None),
        // try (InputStream in = open(raw)) { ... }
        assignment("resource", "name", "value", Some(false)),
    ],
    ifs: &["if_statement"],
    loops: &[
        "for_statement",
        "enhanced_for_statement",
        "while_statement",
        "do_statement",
    ],
    for_each: &[("enhanced_for_statement", "name", "value")],
    returns: &["return_statement"],
    terminators: &["throw_statement", "break_statement", "continue_statement"],
    exits: &["System.exit"],
    ternaries: &["ternary_expression"],
    tries: &["try_statement", "try_with_resources_statement"],
    keyword_arguments: &[],
    clean_calls: &[
        // InputStream/Reader/Channel read: a count or one byte
        "read",
        "parseInt",
        "parseLong",
        "parseDouble",
        "parseFloat",
        "parseBoolean",
        "size",
        "length",
        "isEmpty",
        "equals",
        "hashCode",
        "contains",
    ],
    propagators: &[
        "add",
        "addAll",
        "put",
        "putAll",
        "append",
        "insert",
        "set",
        "offer",
        "push",
        "setProperty",
    ],
    receivers: &["this"],
    true_literals: &["true"],
    false_literals: &["false", "null_literal"],
    url_parsers: &["URI", "URL", "URI.create"],
    host_fields: &["getHost", "getAuthority"],
    read_into: &["read", "readFully", "readBytes", "readNBytes"],
};

static GO: Profile = Profile {
    functions: &["function_declaration", "method_declaration", "func_literal"],
    calls: &["call_expression"],
    identifiers: &["identifier"],
    members: &["selector_expression"],
    subscripts: &["index_expression", "slice_expression"],
    literals: &[
        "int_literal",
        "float_literal",
        "nil",
        "true",
        "false",
        "comment",
    ],
    assignments: &[
        assignment("short_var_declaration", "left", "right", Some(false)),
        assignment("assignment_statement", "left", "right", None),
        assignment("var_spec", "name", "value", Some(false)),
        assignment("const_spec", "name", "value", Some(false)),
    ],
    ifs: &["if_statement"],
    loops: &["for_statement"],
    for_each: &[("range_clause", "left", "right")],
    returns: &["return_statement"],
    terminators: &["break_statement", "continue_statement", "goto_statement"],
    exits: &[
        "panic",
        "os.Exit",
        "log.Fatal",
        "log.Fatalf",
        "log.Fatalln",
        "log.Panic",
        "log.Panicf",
        "log.Panicln",
    ],
    ternaries: &[],
    tries: &[],
    keyword_arguments: &[],
    clean_calls: &[
        "Atoi",
        "ParseInt",
        "ParseUint",
        "ParseFloat",
        "ParseBool",
        "len",
        "cap",
        // The content or handle of a file, not its name: `os.ReadFile(path)`.
        "ReadFile",
        "Open",
        "OpenFile",
    ],
    propagators: &[
        "WriteString",
        "Write",
        "WriteByte",
        "WriteRune",
        "Set",
        "Add",
    ],
    receivers: &[],
    true_literals: &["true"],
    false_literals: &["false", "nil"],
    url_parsers: &["url.Parse", "url.ParseRequestURI"],
    host_fields: &["Host", "Hostname"],
    read_into: &["Read", "ReadFull", "ReadAtLeast"],
};
