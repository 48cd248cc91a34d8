//! Secret detection on raw text: a rule's regex, then keyword context and entropy filters.
//!
//! Runs on any text file, code or not; no parsing. Reports the byte range of the secret
//! itself so that reports can redact exactly that.

use crate::rules::SecretMatcher;

/// Byte ranges of secrets in `text`.
pub fn find(matcher: &SecretMatcher, text: &str) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    for captures in matcher.regex.captures_iter(text) {
        let Some(secret) = captures.get(matcher.group) else {
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
        if let Some(minimum) = matcher.entropy
            && shannon_entropy(secret.as_str()) < minimum
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
    fn redaction_keeps_four_characters() {
        assert_eq!(redact("AKIAIOSFODNN7EXAMPLE"), "AKIA********");
    }
}
