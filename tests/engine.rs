//! The engine's promises: suppressions (used and unused), fingerprints that survive lines
//! moving, a panicking or bad rule costing only itself, cancellation, secrets redacted.

use codeward::engine::{self, CancelToken, Document};
use codeward::lang::Language;
use codeward::rules::{RuleSet, RuleSource};

/// A weak-hash rule written with plain text conditions (the pack's own moves on; these tests
/// are about the engine, so they keep a fixed copy).
const WEAK_HASH: &str = include_str!("engine/weak-hash-by-spelling.yaml");
const AWS_KEY: &str = include_str!("../rules/generic/hardcoded-credentials/aws-access-key-id.yaml");
const ASSIGNMENT: &str =
    include_str!("../rules/generic/hardcoded-credentials/hardcoded-secret-assignment.yaml");

fn rules(sources: &[(&str, &str)]) -> RuleSet {
    let sources: Vec<RuleSource> = sources
        .iter()
        .map(|(path, text)| RuleSource {
            path: (*path).to_owned(),
            text: (*text).to_owned(),
        })
        .collect();
    let (set, errors) = RuleSet::compile(&sources);
    assert_eq!(errors, Vec::new());
    set
}

fn python(text: &str) -> Document<'_> {
    Document {
        path: "app/hashing.py",
        language: Some(Language::Python),
        text,
    }
}

/// (line, rule id) of each finding, one-based lines.
fn check(text: &str, set: &RuleSet, expected: &[(u32, &str)]) -> engine::FileScan {
    let scan = engine::scan(&python(text), set, &CancelToken::new());
    let found: Vec<(u32, &str)> = scan
        .findings
        .iter()
        .map(|finding| (finding.span.start.line + 1, finding.rule.meta.id.as_str()))
        .collect();
    assert_eq!(found, expected);
    scan
}

#[test]
fn suppression_on_the_line_or_above_and_unused_ones_reported() {
    let set = rules(&[("weak.yaml", WEAK_HASH)]);
    let text = "import hashlib\n\
                hashlib.md5(b'a')  # codeward-ignore[python-weak-hash-md5-sha1]: legacy ETag\n\
                # codeward-ignore[python-weak-hash-md5-sha1]: test vector\n\
                hashlib.sha1(b'b')\n\
                hashlib.md5(b'c')\n\
                # codeward-ignore[python-weak-hash-md5-sha1]: nothing here\n\
                x = 1\n";
    let scan = check(text, &set, &[(5, "python-weak-hash-md5-sha1")]);
    assert_eq!(scan.suppressed, 2);
    assert_eq!(
        scan.unused_suppressions,
        vec![engine::UnusedSuppression {
            line: 5,
            rule_id: "python-weak-hash-md5-sha1".to_owned()
        }]
    );
}

#[test]
fn fingerprints_survive_lines_moving_and_differ_for_duplicates() {
    let set = rules(&[("weak.yaml", WEAK_HASH)]);
    let before = "import hashlib\nhashlib.md5(b'a')\nhashlib.md5(b'a')\n";
    let after = "import hashlib\n\n\n# moved\nhashlib.md5( b'a' )\nhashlib.md5(b'a')\n";
    let first = engine::scan(&python(before), &set, &CancelToken::new());
    let second = engine::scan(&python(after), &set, &CancelToken::new());
    let prints = |scan: &engine::FileScan| -> Vec<String> {
        scan.findings
            .iter()
            .map(|finding| finding.fingerprint.clone())
            .collect()
    };
    assert_eq!(prints(&first), prints(&second));
    assert_ne!(prints(&first)[0], prints(&first)[1]);
}

#[test]
fn a_bad_rule_file_costs_only_itself_with_file_line_and_field() {
    let bad = WEAK_HASH.replace("severity: medium", "severity: urgent");
    let sources = [
        RuleSource {
            path: "bad.yaml".to_owned(),
            text: bad,
        },
        RuleSource {
            path: "aws.yaml".to_owned(),
            text: AWS_KEY.to_owned(),
        },
    ];
    let (set, errors) = RuleSet::compile(&sources);
    assert_eq!(set.rules().len(), 1);
    assert_eq!(
        errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
        vec!["bad.yaml:3: severity: `urgent` is not one of critical, high, medium, low, info"]
    );
}

#[test]
fn a_query_that_does_not_compile_names_the_line() {
    let bad = WEAK_HASH.replace("(call\n", "(call_nonexistent\n");
    let (_, errors) = RuleSet::compile(&[RuleSource {
        path: "r.yaml".to_owned(),
        text: bad,
    }]);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].line, Some(17));
    assert_eq!(errors[0].field, "pattern.query");
    assert!(
        errors[0]
            .message
            .starts_with("the python query does not compile: NodeType error at query line 1"),
        "{}",
        errors[0].message
    );
}

#[test]
fn a_bad_query_costs_only_its_rule_and_the_others_share_one_compiled_query() {
    let bad = WEAK_HASH
        .replace("id: python-weak-hash-md5-sha1", "id: broken-rule")
        .replace("(call\n", "(call_nonexistent\n");
    let (set, errors) = RuleSet::compile(&[
        RuleSource {
            path: "bad.yaml".to_owned(),
            text: bad,
        },
        RuleSource {
            path: "good.yaml".to_owned(),
            text: WEAK_HASH.to_owned(),
        },
    ]);
    assert_eq!(
        errors
            .iter()
            .map(|error| (error.path.as_str(), error.line, error.field.as_str()))
            .collect::<Vec<_>>(),
        vec![("bad.yaml", Some(17), "pattern.query")]
    );
    assert_eq!(set.queries_for(Language::Python).len(), 1);
    check(
        "import hashlib\nhashlib.md5(b'x')\n",
        &set,
        &[(2, "python-weak-hash-md5-sha1")],
    );
}

#[test]
fn unknown_keys_are_refused() {
    let bad = WEAK_HASH.replace("confidence: high", "confidance: high");
    let (_, errors) = RuleSet::compile(&[RuleSource {
        path: "r.yaml".to_owned(),
        text: bad,
    }]);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].line, Some(4));
    assert!(
        errors[0].message.contains("unknown field `confidance`"),
        "{}",
        errors[0].message
    );
}

#[test]
fn cancelled_scans_stop_and_say_so() {
    let set = rules(&[("weak.yaml", WEAK_HASH), ("aws.yaml", AWS_KEY)]);
    let cancel = CancelToken::new();
    cancel.cancel();
    let scan = engine::scan(
        &python("import hashlib\nhashlib.md5(b'a')\n"),
        &set,
        &cancel,
    );
    assert!(scan.cancelled);
    assert!(scan.findings.is_empty());
}

#[test]
fn secrets_are_redacted_in_snippets() {
    let set = rules(&[("aws.yaml", AWS_KEY)]);
    let text = "KEY = 'AKIAZ3MHQ7XL2RPWK4DN'\n";
    let scan = engine::scan(
        &Document {
            path: "settings.py",
            language: Some(Language::Python),
            text,
        },
        &set,
        &CancelToken::new(),
    );
    assert_eq!(scan.findings.len(), 1);
    assert_eq!(
        scan.findings[0].snippet,
        vec![(1, "KEY = 'AKIA********'".to_owned())]
    );
}

#[test]
fn text_files_get_secret_rules_only() {
    let set = rules(&[("weak.yaml", WEAK_HASH), ("aws.yaml", AWS_KEY)]);
    let text = "hashlib.md5(b'a')\naws_key=AKIAZ3MHQ7XL2RPWK4DN\n";
    let scan = engine::scan(
        &Document {
            path: "notes.txt",
            language: None,
            text,
        },
        &set,
        &CancelToken::new(),
    );
    let ids: Vec<(u32, &str)> = scan
        .findings
        .iter()
        .map(|finding| (finding.span.start.line + 1, finding.rule.meta.id.as_str()))
        .collect();
    assert_eq!(ids, vec![(2, "aws-access-key-id")]);
}

/// One-based lines of the findings in the text file at `path`.
fn text_file_lines(set: &RuleSet, path: &str, text: &str) -> Vec<u32> {
    let document = Document {
        path,
        language: None,
        text,
    };
    let scan = engine::scan(&document, set, &CancelToken::new());
    scan.findings
        .iter()
        .map(|finding| finding.span.start.line + 1)
        .collect()
}

#[test]
fn assignment_secrets_are_not_looked_for_in_documentation_translations_or_comments() {
    let set = rules(&[("assignment.yaml", ASSIGNMENT)]);
    let value = "api_key = \"Qz8!mW2kLp7Rt4Vx\"\n";
    assert_eq!(text_file_lines(&set, "deploy/app.env", value), vec![1]);
    assert_eq!(
        text_file_lines(&set, "docs/setup.md", value),
        Vec::<u32>::new()
    );
    assert_eq!(
        text_file_lines(&set, "docs/setup.rst", value),
        Vec::<u32>::new()
    );
    let catalogue = "{\n  \"reset_token\": \"Tq8mW2kLp7Rt4VxZ\"\n}\n";
    assert_eq!(
        text_file_lines(&set, "web/locales/de.json", catalogue),
        Vec::<u32>::new()
    );
    assert_eq!(
        text_file_lines(&set, "web/config/de.json", catalogue),
        vec![2]
    );
    let commented = "# api_key = \"Qz8!mW2kLp7Rt4Vx\"\napi_key = \"Wv3#nT6yHq9Lc2Jd\"\n";
    assert_eq!(text_file_lines(&set, "deploy/app.env", commented), vec![2]);
}

#[test]
fn queries_outside_the_fast_matcher_still_match_through_the_query_cursor() {
    // A quantifier (`*`) keeps this query with tree-sitter's cursor; the weak-hash rule
    // beside it is matched by the engine's own matcher. Both report, each on its lines.
    let quantified = WEAK_HASH
        .replace("id: python-weak-hash-md5-sha1", "id: print-of-many")
        .replace(
            "(call\n      function: (attribute object: (identifier) @module attribute: (identifier) @algorithm)\n      arguments: (argument_list) @arguments) @match",
            "(call\n      function: (identifier) @module\n      arguments: (argument_list (string) (_)* @algorithm) @arguments) @match",
        )
        .replace("equals: hashlib", "equals: print")
        .replace("regex: ^(md5|sha1)$", "regex: ^secret")
        .replace("fix:\n  target: algorithm\n  template: sha256\n  description: Use hashlib.sha256\n", "");
    assert!(quantified.contains("(_)* @algorithm"));
    let set = rules(&[("weak.yaml", WEAK_HASH), ("print.yaml", &quantified)]);
    check(
        "import hashlib\n\
         print('a', secret_value)\n\
         hashlib.md5(b'x')\n\
         print('b', public_value)\n\
         log('c', secret_value)\n",
        &set,
        &[(2, "print-of-many"), (3, "python-weak-hash-md5-sha1")],
    );
}

/// The built-in pack's queries are matched by the engine's own matcher without going
/// through tree-sitter's query analysis (most of the time of loading; `tests/structural.rs`
/// compiles each with tree-sitter instead), while a user's rule file still is analysed: a
/// query that can never match is reported.
#[test]
fn the_pack_skips_query_analysis_and_a_users_rules_do_not() {
    let (pack, errors) = RuleSet::compile(&codeward::rules::builtin_sources());
    assert_eq!(errors, Vec::new());
    for language in Language::ALL {
        for combined in pack.queries_for(language) {
            assert_eq!(combined.query.pattern_count(), 0, "{language}");
        }
    }
    let impossible = WEAK_HASH.replace(
        "arguments: (argument_list) @arguments) @match",
        "arguments: (string) @arguments) @match",
    );
    assert_ne!(impossible, WEAK_HASH);
    let (_, errors) = RuleSet::compile(&[RuleSource {
        path: "r.yaml".to_owned(),
        text: impossible,
    }]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0]
            .message
            .starts_with("the python query does not compile: Structure error"),
        "{}",
        errors[0].message
    );
}

/// `patterns:` gives a rule several queries, each with its own conditions; a node found by
/// more than one is reported once.
#[test]
fn a_rule_with_several_patterns_reports_a_match_of_any_once() {
    let body = WEAK_HASH
        .split_once("pattern:\n")
        .expect("the rule has a pattern")
        .1
        .split_once("fix:\n")
        .expect("and a fix")
        .0;
    // The rule's own query, and a second one for `new("md5")` calls with their own test.
    let first: String = body
        .lines()
        .enumerate()
        .map(|(index, line)| {
            if index == 0 {
                format!("  - {}\n", line.trim_start())
            } else {
                format!("  {line}\n")
            }
        })
        .collect();
    let second = "  - query: |\n      (call\n        function: (attribute attribute: (identifier) @function)\n        arguments: (argument_list . (string) @algorithm)) @match\n    where:\n      - capture: function\n        regex: ^(new|md5)$\n";
    let rule = WEAK_HASH
        .replace(body, &format!("{first}{second}"))
        .replace("pattern:\n", "patterns:\n");
    let rule = rule.split_once("fix:\n").expect("the fix").0.to_owned();
    let set = rules(&[("several.yaml", &rule)]);
    // Line 2: the first query; line 3: the second; line 5: both, reported once; line 6:
    // the first query's condition rules it out and the second does not match it.
    check(
        "import hashlib\n\
         a = hashlib.md5(data)\n\
         b = hashlib.new('md5')\n\
         c = hashlib.sha256(data)\n\
         d = hashlib.md5('salt')\n\
         e = hashlib.sha1(data, usedforsecurity=False)\n",
        &set,
        &[
            (2, "python-weak-hash-md5-sha1"),
            (3, "python-weak-hash-md5-sha1"),
            (5, "python-weak-hash-md5-sha1"),
        ],
    );

    for (text, field, message) in [
        (
            rule.replace(
                "patterns:\n",
                "pattern:\n  query: (call) @match\npatterns:\n",
            ),
            "patterns",
            "give one query as `pattern` or several as `patterns`, not both",
        ),
        (
            format!(
                "{}patterns: []\n",
                WEAK_HASH.split_once("pattern:\n").expect("pattern").0
            ),
            "patterns",
            "give at least one query",
        ),
    ] {
        let (_, errors) = RuleSet::compile(&[RuleSource {
            path: "bad.yaml".to_owned(),
            text,
        }]);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].field, field);
        assert_eq!(errors[0].message, message);
    }
}

const REDIRECT_PARTS: &str = include_str!("engine/redirect-with-check-parts.yaml");

#[test]
fn parts_of_a_check_vouch_for_a_value_only_together() {
    let set = rules(&[("redirect.yaml", REDIRECT_PARTS)]);
    check(
        "\
def is_local(p):
    return p.startswith(\"/\") and not p.startswith(\"//\")

def view():
    a = args.get(\"a\")
    if a.startswith(\"/\") and not a.startswith(\"//\"):
        redirect(a)
    if a.startswith(\"/\"):
        redirect(a)
    if not a.startswith(\"//\"):
        redirect(a)
    b = args.get(\"b\")
    if not b.startswith(\"/\") or b.startswith(\"//\"):
        b = \"/\"
    redirect(b)
    c = args.get(\"c\")
    if not is_local(c):
        return
    redirect(c)
    d = args.get(\"d\")
    if is_local(c):
        redirect(d)
",
        &set,
        &[
            (9, "python-redirect-local-path"),
            (11, "python-redirect-local-path"),
            (22, "python-redirect-local-path"),
        ],
    );
}

#[test]
fn check_parts_are_refused_outside_sanitizers_and_without_a_group() {
    let on_sink = REDIRECT_PARTS.replace(
        "        - {capture: f, equals: redirect}\n",
        "        - {capture: f, equals: redirect}\n      part: local-path/sink\n",
    );
    let no_group = REDIRECT_PARTS.replace("part: local-path/slash", "part: slash");
    let no_part = REDIRECT_PARTS.replace("      part: local-path/not-double\n", "");
    let messages: Vec<String> = [on_sink, no_group, no_part]
        .into_iter()
        .flat_map(|text| {
            RuleSet::compile(&[RuleSource {
                path: "r.yaml".to_owned(),
                text,
            }])
            .1
        })
        .map(|error| format!("{}: {}", error.field, error.message))
        .collect();
    assert_eq!(
        messages,
        vec![
            "taint.sinks[0].part: only sanitizers can be parts of a check",
            "taint.sanitizers[0].part: write the part as `group/name`, not `slash`",
            "taint.sanitizers[1].when: `when` goes with `part`",
        ]
    );
}

const STACK_TRACE: &str =
    include_str!("../rules/python/sensitive-information-leak/python-stack-trace-exposure.yaml");

#[test]
fn a_flow_into_sinks_that_hold_one_another_is_one_finding() {
    let set = rules(&[("stack.yaml", STACK_TRACE)]);
    check(
        "\
import traceback
from flask import Flask, jsonify
app = Flask(__name__)

@app.route(\"/x\")
def x():
    try:
        return run()
    except Exception as exc:
        return jsonify(error=str(exc), trace=traceback.format_exc()), 500
",
        &set,
        &[(10, "python-stack-trace-exposure")],
    );
}
