//! Secret detection on raw text: a rule's regex, then keyword context and shape filters.
//!
//! Runs on any text file, code or not; no parsing: comments and docstrings are found by
//! their markers alone. Reports the byte range of the secret itself so that reports can
//! redact exactly that.

use crate::engine::secret_shape;
use crate::rules::{SecretMatcher, SecretSkip};

/// Byte ranges of secrets in `text`, the content of the file at `path`.
pub fn find(matcher: &SecretMatcher, path: &str, text: &str) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    if skips_file(&matcher.skip, path) {
        return found;
    }
    let expressions = matcher.skip.contains(&SecretSkip::Expressions) && is_program_source(path);
    let comments = if matcher.skip.contains(&SecretSkip::Comments) {
        comment_ranges(path, text)
    } else {
        Vec::new()
    };
    for captures in matcher.regex.captures_iter(text) {
        // With alternatives, the secret is the given group or the first later one that took
        // part in the match.
        let group = match matcher.group {
            0 => captures.get(0),
            first => (first..captures.len()).find_map(|group| captures.get(group)),
        };
        let Some(secret) = group else {
            continue;
        };
        let whole = captures.get(0).expect("group 0 always matches");
        if !matcher.keywords.is_empty() {
            let line = line_around(text, whole.start(), whole.end()).to_lowercase();
            if !matcher
                .keywords
                .iter()
                .any(|keyword| line.contains(keyword))
            {
                continue;
            }
        }
        if !secret_shape::accepts(&matcher.shape, secret.as_str())
            || (!matcher.shape.words && quoted_text_goes_on(text, secret.range()))
            || (expressions && !quoted(text, secret.range()))
            || comments
                .iter()
                .any(|comment| comment.contains(&secret.start()))
        {
            continue;
        }
        if matcher
            .allow
            .iter()
            .any(|allow| allow.is_match(secret.as_str()) || allow.is_match(whole.as_str()))
        {
            continue;
        }
        found.push(secret.range());
    }
    found
}

/// Whether the secret opens a quoted string that goes on past it with white space: the
/// first word of a sentence (`"Passwort1 vergessen?"`), not a value of its own.
fn quoted_text_goes_on(text: &str, range: std::ops::Range<usize>) -> bool {
    let Some(quote) = text[..range.start].chars().next_back() else {
        return false;
    };
    if quote != '"' && quote != '\'' {
        return false;
    }
    let line_end = text[range.end..]
        .find('\n')
        .map_or(text.len(), |index| range.end + index);
    let rest = &text[range.end..line_end];
    rest.starts_with(char::is_whitespace)
        && rest
            .find(quote)
            .is_some_and(|close| !rest[..close].trim().is_empty())
}

/// Whether the value at `range` is inside a string literal's quotes (or a template's
/// backticks).
fn quoted(text: &str, range: std::ops::Range<usize>) -> bool {
    text[..range.start]
        .chars()
        .next_back()
        .is_some_and(|quote| matches!(quote, '"' | '\'' | '`'))
}

/// Source files of programming languages, where a literal is quoted and anything else
/// after `=` or `:` is an expression.
const PROGRAM_SOURCE: &[&str] = &[
    "py", "pyi", "js", "jsx", "mjs", "cjs", "ts", "tsx", "mts", "cts", "java", "go", "cs", "rb",
    "php", "kt", "kts", "scala", "rs", "swift", "c", "h", "cc", "cpp", "hpp", "groovy",
];

fn is_program_source(path: &str) -> bool {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    name.rsplit_once('.').is_some_and(|(_, extension)| {
        PROGRAM_SOURCE.contains(&extension.to_ascii_lowercase().as_str())
    })
}

const DOCUMENTATION: &[&str] = &["md", "markdown", "rst", "txt", "adoc", "asciidoc"];
const TRANSLATION_FOLDERS: &[&str] = &["locale", "locales", "i18n", "l10n", "lang", "translations"];
const TRANSLATION_FILES: &[&str] = &["json", "yaml", "yml", "po", "properties"];

/// Whether the file at `path` is one of the kinds `skip` names.
fn skips_file(skip: &[SecretSkip], path: &str) -> bool {
    let path = path.replace('\\', "/").to_ascii_lowercase();
    let extension = path.rsplit_once('.').map_or("", |(_, extension)| extension);
    let extension = if extension.contains('/') {
        ""
    } else {
        extension
    };
    let in_translation_folder = path
        .split('/')
        .rev()
        .skip(1)
        .any(|folder| TRANSLATION_FOLDERS.contains(&folder));
    skip.iter().any(|kind| match kind {
        SecretSkip::Comments | SecretSkip::Expressions => false,
        SecretSkip::Documentation => DOCUMENTATION.contains(&extension),
        SecretSkip::Translations => in_translation_folder && TRANSLATION_FILES.contains(&extension),
    })
}

/// Byte ranges of comments and Python docstrings, by their markers: a line comment starts
/// a line or follows white space (so `https://` is not one); a block comment runs to its
/// end marker; a docstring is a triple-quoted string that starts its line.
pub fn comment_ranges(path: &str, text: &str) -> Vec<std::ops::Range<usize>> {
    let extension = path.rsplit_once('.').map_or("", |(_, extension)| extension);
    let python = extension.eq_ignore_ascii_case("py");
    let markers = CommentMarkers::for_extension(extension);
    let slashes = markers != CommentMarkers::Hash;
    let mut ranges = Vec::new();
    let mut offset = 0;
    let mut open_block: Option<(usize, &str)> = None;
    for line in text.split_inclusive('\n') {
        let line_end = offset + line.len();
        let mut start_at = 0;
        if let Some((start, close)) = open_block {
            match line.find(close) {
                Some(index) => {
                    ranges.push(start..offset + index + close.len());
                    open_block = None;
                    start_at = index + close.len();
                }
                None => {
                    offset = line_end;
                    continue;
                }
            }
        }
        let rest = &line[start_at..];
        let trimmed = rest.trim_start();
        let indent = offset + start_at + (rest.len() - trimmed.len());
        if python && (trimmed.starts_with("\"\"\"") || trimmed.starts_with("'''")) {
            let quote = &trimmed[..3];
            match trimmed[3..].find(quote) {
                Some(index) => ranges.push(indent..indent + 3 + index + 3),
                None => open_block = Some((indent, quote)),
            }
            offset = line_end;
            continue;
        }
        if slashes && let Some(index) = rest.find("/*") {
            let start = offset + start_at + index;
            match rest[index + 2..].find("*/") {
                Some(close) => ranges.push(start..start + 2 + close + 2),
                None => open_block = Some((start, "*/")),
            }
        }
        if let Some(index) = line_comment_start(rest, markers) {
            ranges.push(offset + start_at + index..line_end);
        }
        offset = line_end;
    }
    if let Some((start, _)) = open_block {
        ranges.push(start..text.len());
    }
    ranges
}

/// Which markers open a comment in a kind of file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CommentMarkers {
    /// C-like code: `//`, `/* */` (a leading `#` is a private field or a shebang).
    Slashes,
    /// Scripts and configuration: `#`, and `;`, `!` or `--` at the start of a line.
    Hash,
    /// Any other file: both.
    Either,
}

impl CommentMarkers {
    fn for_extension(extension: &str) -> Self {
        match extension.to_ascii_lowercase().as_str() {
            "js" | "jsx" | "mjs" | "cjs" | "ts" | "tsx" | "java" | "go" | "kt" | "scala" | "c"
            | "h" | "cpp" | "cs" | "swift" | "rs" | "dart" | "json5" => Self::Slashes,
            "py" | "rb" | "sh" | "bash" | "yaml" | "yml" | "toml" | "env" | "properties"
            | "ini" | "cfg" | "conf" | "sql" => Self::Hash,
            _ => Self::Either,
        }
    }
}

/// Where a line comment starts in `line`: a marker at the start of the line (after
/// indentation) or after white space.
fn line_comment_start(line: &str, markers: CommentMarkers) -> Option<usize> {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    let (leading, trailing): (&[&str], &[&str]) = match markers {
        CommentMarkers::Slashes => (&["//", "* ", "<!--"], &[" //", "\t//"]),
        CommentMarkers::Hash => (&["#", ";", "!", "--"], &[" #", "\t#"]),
        CommentMarkers::Either => (
            &["#", "//", "* ", "<!--", "--"],
            &[" #", "\t#", " //", "\t//"],
        ),
    };
    if leading.iter().any(|marker| trimmed.starts_with(marker)) || trimmed == "*\n" {
        return Some(indent);
    }
    trailing
        .iter()
        .filter_map(|marker| line.find(marker).map(|index| index + 1))
        .min()
}

fn line_around(text: &str, start: usize, end: usize) -> &str {
    let line_start = text[..start].rfind('\n').map_or(0, |index| index + 1);
    let line_end = text[end..]
        .find('\n')
        .map_or(text.len(), |index| end + index);
    &text[line_start..line_end]
}

/// Shannon entropy in bits per character.
pub fn shannon_entropy(text: &str) -> f64 {
    let mut counts = std::collections::HashMap::new();
    let mut total = 0usize;
    for character in text.chars() {
        *counts.entry(character).or_insert(0usize) += 1;
        total += 1;
    }
    if total == 0 {
        return 0.0;
    }
    counts
        .values()
        .map(|count| {
            let probability = *count as f64 / total as f64;
            -probability * probability.log2()
        })
        .sum()
}

/// The secret with all but its first four characters masked.
pub fn redact(secret: &str) -> String {
    let keep: String = secret.chars().take(4).collect();
    format!("{keep}{}", "*".repeat(8))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entropy_of_uniform_and_repeated_text() {
        assert_eq!(shannon_entropy("aaaa"), 0.0);
        assert!((shannon_entropy("abcd") - 2.0).abs() < 1e-9);
    }

    #[test]
    fn comments_and_docstrings_are_found_by_their_markers() {
        let text = "a = 1  # token = q9\n\"\"\"Doc\nmore\"\"\"\nurl = 'https://x' // note\n";
        let ranges = comment_ranges("app.py", text);
        let spelled: Vec<&str> = ranges.iter().map(|range| &text[range.clone()]).collect();
        assert_eq!(spelled, ["# token = q9\n", "\"\"\"Doc\nmore\"\"\""]);
        let text = "let a = 'https://x'; // token\n/* key\n = v */ b\n";
        let ranges = comment_ranges("app.js", text);
        let spelled: Vec<&str> = ranges.iter().map(|range| &text[range.clone()]).collect();
        assert_eq!(spelled, ["// token\n", "/* key\n = v */"]);
        let text = "  #apiKey = 'q9';\n;(function () {})();\n";
        assert!(comment_ranges("client.js", text).is_empty());
        let text = "; token = q9\n";
        assert_eq!(comment_ranges("app.ini", text), vec![0..text.len()]);
    }

    #[test]
    fn documentation_and_translation_files_are_skipped_when_asked() {
        let all = [SecretSkip::Documentation, SecretSkip::Translations];
        assert!(skips_file(&all, "docs/setup.md"));
        assert!(skips_file(&all, "web/src/locales/de.json"));
        assert!(!skips_file(&all, "config/settings.json"));
        assert!(!skips_file(&[SecretSkip::Comments], "README.md"));
    }

    #[test]
    fn redaction_keeps_four_characters() {
        assert_eq!(redact("AKIAIOSFODNN7EXAMPLE"), "AKIA********");
    }
}
