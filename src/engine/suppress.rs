//! Inline suppressions: `codeward-ignore[rule-id, other-id]: reason` in a comment on the
//! flagged line or on the line above it.
//!
//! Text only: found by a regex on each line, so it works in every language and in config
//! files. Knows nothing of rules beyond their ids.

use std::sync::LazyLock;

use regex::Regex;

static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"codeward-ignore\[([A-Za-z0-9_\-, ]*)\](?::\s*(.*))?").expect("valid regex")
});

/// One `codeward-ignore` comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// Zero-based line of the comment.
    pub line: u32,
    pub rule_ids: Vec<String>,
    pub reason: Option<String>,
}

impl Suppression {
    /// Whether this comment silences `rule_id` on zero-based `line`.
    pub fn covers(&self, rule_id: &str, line: u32) -> bool {
        (self.line == line || self.line + 1 == line) && self.rule_ids.iter().any(|id| id == rule_id)
    }
}

/// Every suppression comment in `text`.
pub fn parse(text: &str) -> Vec<Suppression> {
    if !text.contains("codeward-ignore[") {
        return Vec::new();
    }
    text.lines()
        .enumerate()
        .filter_map(|(line, content)| {
            let captures = MARKER.captures(content)?;
            let rule_ids = captures[1]
                .split(',')
                .map(str::trim)
                .filter(|id| !id.is_empty())
                .map(str::to_owned)
                .collect();
            let reason = captures
                .get(2)
                .map(|reason| reason.as_str().trim().trim_end_matches("*/").trim())
                .filter(|reason| !reason.is_empty())
                .map(str::to_owned);
            Some(Suppression {
                line: line as u32,
                rule_ids,
                reason,
            })
        })
        .collect()
}

/// The comment that suppresses `rule_id` on a line, in the language's comment syntax.
pub fn comment_text(comment_prefix: &str, rule_id: &str) -> String {
    format!("{comment_prefix} codeward-ignore[{rule_id}]: <reason>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_ids_and_reason() {
        let text = "x = 1\n# codeward-ignore[a-rule, b-rule]: test data only\ny = 2";
        assert_eq!(
            parse(text),
            vec![Suppression {
                line: 1,
                rule_ids: vec!["a-rule".to_owned(), "b-rule".to_owned()],
                reason: Some("test data only".to_owned()),
            }]
        );
    }

    #[test]
    fn covers_same_and_next_line_only() {
        let suppression = &parse("/* codeward-ignore[r] */\nflagged();\nnot();")[0];
        assert!(suppression.covers("r", 0));
        assert!(suppression.covers("r", 1));
        assert!(!suppression.covers("r", 2));
        assert!(!suppression.covers("other", 1));
        assert_eq!(suppression.reason, None);
    }
}
