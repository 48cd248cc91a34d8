//! Tidy checks over the Rust sources in `src/`, `tests/` and `benches/`: rules of the codebase
//! that the compiler on one platform cannot hold.
//!
//! `std::os::unix` compiles only on Unix, so a use of it that is not behind `#[cfg(unix)]`
//! breaks the Windows build, and a Linux build never notices. The check is line based, on the
//! code with comments and literals blanked out: a line that names `os::unix` must be the item
//! right below `#[cfg(unix)]`, lie inside the braces of such an item (a function, an `impl`, a
//! `mod`, a block statement), or be in a file that is a module gated so (`#![cfg(unix)]` at its
//! top, or `#[cfg(unix)] mod name;` in its parent). Only that spelling of the attribute counts.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use regex::Regex;

/// One use of `std::os::unix` outside `#[cfg(unix)]`.
#[derive(Debug, PartialEq, Eq)]
struct Violation {
    /// 1-based.
    line: usize,
    text: String,
}

/// The file's text with comments and the contents of string and character literals replaced
/// by spaces, newlines kept, so lines and braces can be read off the code alone.
fn blank_comments_and_literals(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    let blank = |out: &mut String, c: char| out.push(if c == '\n' { '\n' } else { ' ' });
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                blank(&mut out, chars[i]);
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
            }
        } else if c == 'r'
            && matches!(next, Some('"' | '#'))
            && raw_string_prefix(&chars, i, is_ident)
        {
            let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
            if chars.get(i + 1 + hashes) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            out.push('r');
            out.extend(std::iter::repeat_n('#', hashes));
            out.push('"');
            i += 2 + hashes;
            while i < chars.len() {
                let closes = chars[i] == '"'
                    && chars[i + 1..]
                        .iter()
                        .take(hashes)
                        .filter(|&&h| h == '#')
                        .count()
                        == hashes;
                if closes {
                    out.push('"');
                    out.extend(std::iter::repeat_n('#', hashes));
                    i += 1 + hashes;
                    break;
                }
                blank(&mut out, chars[i]);
                i += 1;
            }
        } else if c == '"' {
            out.push('"');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
                if let Some(&escaped) = chars.get(i) {
                    blank(&mut out, escaped);
                    i += 1;
                }
            }
            out.push('"');
            i += 1;
        } else if c == '\'' && next == Some('\\') {
            // An escaped character literal: '\n', '\'', '\u{7f}'.
            out.push_str("' ");
            i += 2;
            if i < chars.len() {
                out.push(' ');
                i += 1;
            }
            while i < chars.len() && chars[i] != '\'' {
                out.push(' ');
                i += 1;
            }
            out.push('\'');
            i += 1;
        } else if c == '\'' && chars.get(i + 2) == Some(&'\'') {
            out.push_str("' '");
            i += 3;
        } else {
            // Code, and lifetimes ('a), which are code too.
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Whether the `r` at `at` starts a raw string (`r"`, `br"`, `cr#"`) rather than ends a name.
fn raw_string_prefix(chars: &[char], at: usize, is_ident: impl Fn(char) -> bool) -> bool {
    let before = |back: usize| at.checked_sub(back).map(|index| chars[index]);
    match before(1) {
        None => true,
        Some('b' | 'c') => !before(2).is_some_and(&is_ident),
        Some(previous) => !is_ident(previous),
    }
}

/// What the check learns from one file: its violations, and the modules it gates.
#[derive(Debug, Default, PartialEq, Eq)]
struct FileCheck {
    violations: Vec<Violation>,
    /// Names from `#[cfg(unix)] mod name;`.
    gated_modules: Vec<String>,
}

fn check_source(source: &str) -> FileCheck {
    let uses_unix = Regex::new(r"\bos\s*::\s*(\{[^}]*)?\bunix\b").expect("valid regex");
    let gated_mod = Regex::new(r"^(pub(\([^)]*\))?\s+)?mod\s+(\w+)\s*;").expect("valid regex");
    // Items that may hold commas (generics, parameters) before their braces or `;`.
    let item = Regex::new(concat!(
        r#"^(pub(\([^)]*\))?\s+)?((unsafe|async|const|extern(\s+"[^"]*")?)\s+)*"#,
        r"(fn|impl|mod|trait|struct|enum|union|static|const|type|use|let|extern|macro_rules!)\b",
    ))
    .expect("valid regex");
    let code = blank_comments_and_literals(source);
    let mut result = FileCheck::default();
    // Nesting of (), [] and {} together.
    let mut depth = 0usize;
    // Depths at which a gated item's braces were opened: inside them everything is gated.
    let mut gated_scopes: Vec<usize> = Vec::new();
    // A gated item or statement has begun at this depth and has not yet opened its braces
    // or ended; `true` when a comma at that depth ends it (a field, a parameter, an arm).
    let mut gated_header: Option<(usize, bool)> = None;
    // The depth an attribute spanning several lines opened at.
    let mut open_attribute: Option<usize> = None;
    let mut attribute_pending = false;
    let mut whole_file = false;
    for (index, (line, original)) in code.lines().zip(source.lines()).enumerate() {
        let mut rest = line.trim();
        if depth == 0 && rest == "#![cfg(unix)]" {
            whole_file = true;
            continue;
        }
        if open_attribute.is_none() {
            if let Some(after) = rest.strip_prefix("#[cfg(unix)]") {
                attribute_pending = true;
                rest = after.trim_start();
            }
            if rest.starts_with("#[") || rest.starts_with("#![") {
                open_attribute = Some(depth);
            } else if attribute_pending && !rest.is_empty() {
                attribute_pending = false;
                gated_header = Some((depth, !item.is_match(rest)));
                if let Some(name) = gated_mod.captures(rest).and_then(|found| found.get(3)) {
                    result.gated_modules.push(name.as_str().to_owned());
                }
            }
        }
        let gated = whole_file || !gated_scopes.is_empty() || gated_header.is_some();
        if !gated && uses_unix.is_match(line) {
            result.violations.push(Violation {
                line: index + 1,
                text: original.trim().to_owned(),
            });
        }
        for c in rest.chars() {
            match c {
                '(' | '[' | '{' => {
                    if c == '{' && gated_header.is_some_and(|(at, _)| at == depth) {
                        gated_scopes.push(depth);
                        gated_header = None;
                    }
                    depth += 1;
                }
                ')' | ']' | '}' => {
                    depth = depth.saturating_sub(1);
                    if c == '}' && gated_scopes.last() == Some(&depth) {
                        gated_scopes.pop();
                    }
                    if gated_header.is_some_and(|(at, _)| at > depth) {
                        gated_header = None;
                    }
                }
                ';' if gated_header.is_some_and(|(at, _)| at == depth) => gated_header = None,
                ',' if gated_header == Some((depth, true)) => gated_header = None,
                _ => {}
            }
        }
        if open_attribute.is_some_and(|at| depth <= at) {
            open_attribute = None;
        }
    }
    result
}

/// The folder whose files are the submodules of the module in `file`.
fn module_folder(file: &Path) -> PathBuf {
    let parent = file.parent().unwrap_or(Path::new(""));
    match file.file_name().and_then(|name| name.to_str()) {
        Some("mod.rs" | "lib.rs" | "main.rs") => parent.to_owned(),
        _ => file.with_extension(""),
    }
}

fn rust_files_under(folder: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(folder).expect("folder is readable") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files_under(&path, files);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            files.push(path);
        }
    }
}

/// Every violation in `folders` of `root`, as `file:line: text` with paths relative to `root`.
fn check_tree(root: &Path, folders: &[&str]) -> Vec<String> {
    let mut files = Vec::new();
    for folder in folders {
        rust_files_under(&root.join(folder), &mut files);
    }
    files.sort();
    let checks: Vec<(PathBuf, FileCheck)> = files
        .into_iter()
        .map(|path| {
            let source = std::fs::read_to_string(&path).expect("source is UTF-8");
            (path, check_source(&source))
        })
        .collect();
    // A gated `mod name;` gates name.rs and everything in the folder name/.
    let gated: BTreeSet<PathBuf> = checks
        .iter()
        .flat_map(|(path, check)| {
            let folder = module_folder(path);
            check
                .gated_modules
                .iter()
                .flat_map(move |name| [folder.join(format!("{name}.rs")), folder.join(name)])
        })
        .collect();
    let mut report = Vec::new();
    for (path, check) in &checks {
        if gated.iter().any(|gate| path.starts_with(gate)) {
            continue;
        }
        let shown = path.strip_prefix(root).unwrap_or(path);
        for violation in &check.violations {
            report.push(format!(
                "{}:{}: `std::os::unix` outside `#[cfg(unix)]`: {}",
                shown.display().to_string().replace('\\', "/"),
                violation.line,
                violation.text
            ));
        }
    }
    report
}

#[test]
fn std_os_unix_is_used_only_behind_cfg_unix() {
    let report = check_tree(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["src", "tests", "benches"],
    );
    assert!(
        report.is_empty(),
        "the Windows build breaks on these; put them behind #[cfg(unix)] and say what Windows \
         does instead:\n{}",
        report.join("\n")
    );
}

/// The lines of `source` the check flags.
fn check(source: &str, expected_lines: &[usize]) {
    let lines: Vec<usize> = check_source(source)
        .violations
        .iter()
        .map(|violation| violation.line)
        .collect();
    assert_eq!(lines, expected_lines, "{source}");
}

#[test]
fn an_ungated_use_is_flagged() {
    check(
        "use std::fs;\nuse std::os::unix::fs::PermissionsExt;\n",
        &[2],
    );
}

#[test]
fn a_grouped_or_spaced_use_is_flagged() {
    check("use std::os::{raw, unix::fs::PermissionsExt};\n", &[1]);
    check("use std::os;\nfn f() { os :: unix::fs::chown(); }\n", &[2]);
}

#[test]
fn a_use_right_below_the_attribute_is_not_flagged() {
    check(
        "#[cfg(unix)]\nuse std::os::unix::fs::PermissionsExt;\n",
        &[],
    );
    check("#[cfg(unix)] use std::os::unix::fs::PermissionsExt;\n", &[]);
}

#[test]
fn the_attribute_gates_one_item_only() {
    let source = "\
#[cfg(unix)]
use std::os::unix::fs::PermissionsExt;
use std::os::unix::fs::MetadataExt;
";
    check(source, &[3]);
}

#[test]
fn uses_inside_a_gated_item_are_not_flagged_and_after_it_are() {
    let source = "\
#[cfg(unix)]
/// Docs and other attributes may sit between.
#[inline]
fn mode(
    path: &Path,
) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    if true { std::os::unix::fs::chown(path); }
    0
}
fn other() { std::os::unix::fs::chown(); }
";
    check(source, &[11]);
}

#[test]
fn a_gated_block_statement_gates_its_inside() {
    let source = "\
fn f() {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
    }
    use std::os::unix::fs::MetadataExt;
}
";
    check(source, &[6]);
}

#[test]
fn comments_and_literals_are_not_code() {
    let source = r####"
//! Unlike `std::os::unix`, this compiles anywhere.
/* std::os::unix { */
const A: &str = "std::os::unix {";
const B: &str = r#"std::os::unix"# ;
const C: char = '{';
fn f<'a>(x: &'a str) {}
use std::os::unix::fs::PermissionsExt;
"####;
    check(source, &[8]);
}

#[test]
fn a_gated_file_and_a_gated_module_are_not_flagged() {
    check(
        "#![cfg(unix)]\nuse std::os::unix::fs::PermissionsExt;\n",
        &[],
    );
    let parent = check_source("#[cfg(unix)]\npub(crate) mod unix_only;\nmod other;\n");
    assert_eq!(parent.gated_modules, ["unix_only"]);
}

#[test]
fn submodules_live_beside_mod_rs_and_in_a_folder_named_after_other_files() {
    assert_eq!(
        module_folder(Path::new("src/store/mod.rs")),
        Path::new("src/store")
    );
    assert_eq!(
        module_folder(Path::new("src/store/crypto.rs")),
        Path::new("src/store/crypto")
    );
    assert_eq!(module_folder(Path::new("src/lib.rs")), Path::new("src"));
}

#[test]
fn commas_end_a_gated_field_but_not_a_gated_function_header() {
    let source = "\
struct S {
    #[cfg(unix)]
    mode: HashMap<u32, u32>,
    other: std::os::unix::net::UnixStream,
}
#[cfg(unix)]
fn f<A, B>(
    a: A,
    b: B,
) {
    use std::os::unix::fs::PermissionsExt;
}
";
    check(source, &[4]);
}

#[test]
fn an_attribute_over_several_lines_keeps_the_count_of_braces() {
    let source = "\
#[cfg(unix)]
#[expect(
    clippy::needless_pass_by_value,
    reason = \"}\"
)]
fn f() {
    use std::os::unix::fs::PermissionsExt;
}
use std::os::unix::fs::MetadataExt;
";
    check(source, &[9]);
}
