//! The engine's own matcher for structural patterns against tree-sitter's query cursor:
//! for every query part of the built-in pack, over every rule fixture and corpus file of its
//! language, both must find exactly the same sets of captures.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use codeward::engine::structural;
use codeward::lang::Language;
use codeward::rules::structural::{Pattern, compile};
use tree_sitter::{Query, QueryCursor, StreamingIterator, Tree};

/// A match as comparable data: (local capture, start, end, kind id), sorted.
type Key = Vec<(u32, usize, usize, u16)>;

fn files(root: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(root).expect("read folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, found);
        } else if path
            .extension()
            .is_some_and(|extension| extension != "yaml")
        {
            found.push(path);
        }
    }
}

/// The tree-sitter query of `source` and the engine's patterns compiled from it, with the
/// query's capture numbers.
fn compiled(grammar: &tree_sitter::Language, source: &str) -> (Query, Vec<Pattern>) {
    let query = Query::new(grammar, source).expect("compiles");
    let names = query.capture_names();
    let local = |name: &str| {
        names
            .iter()
            .position(|known| *known == name)
            .map(|index| index as u32)
    };
    let patterns = compile(grammar, source, local).expect("in the subset");
    (query, patterns)
}

fn key<'tree>(captures: impl IntoIterator<Item = (u32, tree_sitter::Node<'tree>)>) -> Key {
    let mut key: Key = captures
        .into_iter()
        .map(|(index, node)| (index, node.start_byte(), node.end_byte(), node.kind_id()))
        .collect();
    key.sort_unstable();
    key
}

#[test]
fn structural_matching_equals_the_query_cursor_on_the_whole_pack() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    files(&root.join("rules"), &mut paths);
    files(&root.join("tests/corpus"), &mut paths);
    // Leaked so that trees and nodes can live in plain collections for the whole test.
    let mut sources: BTreeMap<Language, Vec<(PathBuf, &'static str, &'static Tree)>> =
        BTreeMap::new();
    for path in paths {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Some(language) = Language::from_path(&path, text.lines().next().unwrap_or_default())
        else {
            continue;
        };
        let text: &'static str = Box::leak(text.into_boxed_str());
        let Some(tree) = codeward::engine::parse(language, text, None) else {
            continue;
        };
        let tree: &'static Tree = Box::leak(Box::new(tree));
        sources
            .entry(language)
            .or_default()
            .push((path, text, tree));
    }
    assert!(sources.values().map(Vec::len).sum::<usize>() > 300);

    let (rules, errors) = codeward::rules::builtin();
    assert!(errors.is_empty(), "{errors:?}");
    let mut seen = BTreeSet::new();
    let (mut structural_parts, mut cursor_parts, mut compared_matches) = (0, 0, 0usize);
    for rule in rules.rules() {
        for part in rule.parts() {
            if !seen.insert((part.language, part.source.clone())) {
                continue;
            }
            let grammar = part.language.grammar();
            let Some(patterns) = compile(&grammar, &part.source, |name| part.capture_index(name))
            else {
                eprintln!("by the query cursor: {:?} {}", part.language, part.source);
                cursor_parts += 1;
                continue;
            };
            structural_parts += 1;
            // Loading the pack leaves this check to this test for its structural parts.
            let query = Query::new(&grammar, &part.source).expect("the pack compiles");
            assert_eq!(patterns.len(), query.pattern_count(), "{}", part.source);
            let names = query.capture_names();
            for (path, text, tree) in sources.get(&part.language).into_iter().flatten() {
                let mut expected = BTreeSet::new();
                let mut cursor = QueryCursor::new();
                let mut matches = cursor.matches(&query, tree.root_node(), text.as_bytes());
                while let Some(found) = matches.next() {
                    expected.insert(key(found.captures().iter().map(|capture| {
                        let local = part
                            .capture_index(names[capture.index as usize])
                            .expect("a capture of the part");
                        (local, capture.node)
                    })));
                }
                let mut actual = BTreeSet::new();
                let mut walk = tree.walk();
                loop {
                    for pattern in &patterns {
                        for captures in structural::matches(pattern, walk.node(), text) {
                            actual.insert(key(captures));
                        }
                    }
                    if walk.goto_first_child() {
                        continue;
                    }
                    while !walk.goto_next_sibling() {
                        if !walk.goto_parent() {
                            break;
                        }
                    }
                    if walk.node() == tree.root_node() {
                        break;
                    }
                }
                assert_eq!(
                    actual,
                    expected,
                    "rule {} part {:?} on {}",
                    rule.meta.id,
                    part.source,
                    path.display()
                );
                compared_matches += expected.len();
            }
        }
    }
    eprintln!(
        "{structural_parts} parts matched structurally, {cursor_parts} by the query cursor, \
         {compared_matches} matches compared"
    );
    assert!(compared_matches > 1000);
    // The fast path must stay the common one: a change that pushes the pack out of the
    // subset shows here.
    assert!(
        structural_parts * 10 >= (structural_parts + cursor_parts) * 9,
        "{structural_parts} structural, {cursor_parts} by the cursor"
    );
}

/// The dispatching walk (root kinds, the one-field pre-check, wildcard roots) against the
/// query cursor on queries the pack does not have: wildcard and mixed roots, anonymous
/// nodes, negated fields, predicates on captures one branch does not bind.
#[test]
fn the_dispatching_walk_equals_the_query_cursor_on_mixed_roots() {
    let text = "import os\n\
                def handler(request, *args):\n\
                \x20   name = request.args.get('name')  # comment\n\
                \x20   os.system('ls ' + name)\n\
                \x20   print(name, os.path.join('a', name), f(x=1))\n\
                \x20   return [name, (1, 2)]\n";
    let language = Language::Python;
    let grammar = language.grammar();
    let tree = codeward::engine::parse(language, text, None).expect("parses");
    for source in [
        "[(call function: (attribute) @f) (_) @any]",
        "[(call function: (identifier) @f) \"(\" @paren]",
        "_ @node",
        "(function_definition name: (identifier) @n !return_type)",
        "(call function: [(identifier) @f (attribute attribute: (identifier) @f)] (#match? @f \"^(print|system)$\") arguments: (argument_list . (_) @first))",
        "[(call function: (attribute object: (identifier) @o) (#eq? @o \"os\")) (call function: (identifier) @g)] @call",
        "(argument_list (_) @a . (_) @b .)",
        "((identifier) @name (#any-of? @name \"name\" \"os\"))",
        "(function_definition parameters: (parameters (identifier) @p (list_splat_pattern) @rest))",
        "(call function: [(identifier) @f (attribute)] (#eq? @f \"print\")) @call",
        "(call function: (attribute object: (_) @o attribute: (identifier) @m) (#any-of? @m \"join\" \"system\"))",
        "(call arguments: (argument_list (identifier) @x) (#eq? @x \"name\"))",
        "(call function: (identifier) @f (#not-eq? @f \"print\"))",
    ] {
        let (query, patterns) = compiled(&grammar, source);
        let mut expected = BTreeSet::new();
        let mut cursor = QueryCursor::new();
        let mut matches = cursor.matches(&query, tree.root_node(), text.as_bytes());
        while let Some(found) = matches.next() {
            expected.insert(key(found
                .captures()
                .iter()
                .map(|capture| (capture.index, capture.node))));
        }
        let mut dispatch = structural::Dispatch::default();
        dispatch.add(0, patterns, None);
        let mut actual = BTreeSet::new();
        let mut duplicates = 0;
        dispatch.run(
            tree.root_node(),
            text,
            || false,
            |_, captures| {
                if !actual.insert(key(captures)) {
                    duplicates += 1;
                }
            },
        );
        assert!(!expected.is_empty(), "{source}");
        assert_eq!(actual, expected, "{source}");
        assert_eq!(duplicates, 0, "{source}");
    }
}

/// A part's users' text tests given to the walk (checked as soon as a capture is bound, and
/// used to pick a call's candidates by its callee's name) change nothing in what the match
/// table keeps (the matches that pass one user's tests), with or without a key.
#[test]
fn the_walk_with_users_tests_keeps_what_filtering_afterwards_keeps() {
    use codeward::rules::TextTest;
    use codeward::rules::query::Filter;
    let text = "import os, subprocess\n\
                os.system('ls ' + name)\n\
                system(name)\n\
                subprocess.run('a')\n\
                run(b)\n\
                popen(c, d)\n\
                os.path.join('a', name)\n\
                f(x=1)\n";
    let language = Language::Python;
    let grammar = language.grammar();
    let tree = codeward::engine::parse(language, text, None).expect("parses");
    let source = "(call function: [(identifier) @f (attribute attribute: (identifier) @f)] arguments: (argument_list . (_) @a)) @call";
    let local = |name: &str| {
        ["f", "a", "call"]
            .iter()
            .position(|known| *known == name)
            .map(|index| index as u32)
    };
    let words = |list: &[&str]| TextTest::OneOf(list.iter().map(|word| word.to_string()).collect());
    let regex = |pattern: &str| TextTest::Regex(regex::Regex::new(pattern).expect("regex"));
    let cases: Vec<(Vec<Filter>, Vec<&str>)> = vec![
        // One user, a list of callee names.
        (
            vec![vec![(0, words(&["system", "popen"]))]],
            vec!["os.system('ls ' + name)", "system(name)", "popen(c, d)"],
        ),
        // Two users: a name and a first argument; a name alone.
        (
            vec![
                vec![(0, TextTest::Equals("run".into())), (1, regex("^'"))],
                vec![(0, words(&["join"]))],
            ],
            vec!["subprocess.run('a')", "os.path.join('a', name)"],
        ),
        // A user without a test on the callee: every call is a candidate.
        (
            vec![vec![(0, words(&["system"]))], vec![(1, regex("^[a-c]$"))]],
            vec![
                "os.system('ls ' + name)",
                "system(name)",
                "run(b)",
                "popen(c, d)",
            ],
        ),
        // A test that is not a word list: checked on binding, no key.
        (
            vec![vec![(0, regex("^(sys|po)"))]],
            vec!["os.system('ls ' + name)", "system(name)", "popen(c, d)"],
        ),
    ];
    for (filters, expected) in cases {
        let wanted = |captures: &structural::Captures<'_>| {
            filters.iter().any(|filter| {
                filter.iter().all(|(capture, test)| {
                    captures
                        .iter()
                        .find(|(index, _)| index == capture)
                        .is_some_and(|(_, node)| test.accepts(&text[node.byte_range()]))
                })
            })
        };
        let kept = |filters: Option<&[Filter]>| {
            let patterns = compile(&grammar, source, local).expect("in the subset");
            let mut dispatch = structural::Dispatch::default();
            dispatch.add(0, patterns, filters);
            let mut kept = Vec::new();
            dispatch.run(
                tree.root_node(),
                text,
                || false,
                |_, captures| {
                    if wanted(&captures) {
                        let call = captures
                            .iter()
                            .find(|(index, _)| *index == 2)
                            .expect("call")
                            .1;
                        kept.push(&text[call.byte_range()]);
                    }
                },
            );
            kept
        };
        assert_eq!(kept(Some(&filters)), expected, "{filters:?}");
        assert_eq!(kept(None), expected, "{filters:?}");
    }
}

/// With the language's qualified forms, a leaf that names a class matches the class written
/// with its package (as an expression, a type and an annotation name), tested as its last
/// part; a leaf whose text is not tested, a field of `this` and a constant do not.
#[test]
fn a_named_class_matches_its_package_qualified_spelling() {
    let text = "class A {\n\
                \x20 @org.example.Audited void f() throws Exception {\n\
                \x20   MessageDigest.getInstance(\"MD5\");\n\
                \x20   java.security.MessageDigest.getInstance(\"MD5\");\n\
                \x20   this.MessageDigest.getInstance(\"MD5\");\n\
                \x20   config.MAX.getInstance(\"MD5\");\n\
                \x20   Object r = new java.util.Random();\n\
                \x20   Object s = new Random();\n\
                \x20   Object t = new java.util.Scanner(System.in);\n\
                \x20 }\n\
                }\n";
    let language = Language::Java;
    let grammar = language.grammar();
    let tree = codeward::engine::parse(language, text, None).expect("parses");
    let found = |source: &str| {
        let (_, patterns) = compiled(&grammar, source);
        let mut dispatch =
            structural::Dispatch::seeing_qualified(&grammar, language.qualified_forms());
        dispatch.add(0, patterns, None);
        let mut lines = Vec::new();
        dispatch.run(
            tree.root_node(),
            text,
            || false,
            |_, captures| {
                // In the order the query names its captures.
                let mut captures = captures.to_vec();
                captures.sort_by_key(|(index, _)| *index);
                let texts: Vec<&str> = captures
                    .iter()
                    .map(|(_, node)| &text[node.byte_range()])
                    .collect();
                lines.push((captures[0].1.start_position().row + 1, texts.join(" | ")));
            },
        );
        lines.sort();
        lines
    };
    assert_eq!(
        found("(method_invocation object: (identifier) @o (#eq? @o \"MessageDigest\")) @call"),
        vec![
            (
                3,
                "MessageDigest | MessageDigest.getInstance(\"MD5\")".to_owned()
            ),
            (
                4,
                "java.security.MessageDigest | java.security.MessageDigest.getInstance(\"MD5\")"
                    .to_owned()
            ),
        ]
    );
    assert_eq!(
        found("(object_creation_expression type: (type_identifier) @t (#eq? @t \"Random\"))"),
        vec![(7, "java.util.Random".to_owned()), (8, "Random".to_owned())]
    );
    assert_eq!(
        found("(marker_annotation name: (identifier) @a (#eq? @a \"Audited\"))"),
        vec![(2, "org.example.Audited".to_owned())]
    );
    // Not tested for its text: stays a simple name.
    assert_eq!(
        found("(object_creation_expression type: (type_identifier) @t)"),
        vec![(8, "Random".to_owned())]
    );
}
