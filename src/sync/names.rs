//! Checks scan names and tags before they go into reports, scan records and logs.
//!
//! Names are free text that may reach logs and the team store, so, as the data contract
//! says (rule 7), a name holding an e-mail address or something that looks like a secret is
//! refused. The refusal says why without repeating the name, which may hold the secret.
//! No IO; shared by `codeward scan --name` and record building.

use std::sync::LazyLock;

use regex::Regex;

use crate::engine::{self, CancelToken, Document};
use crate::rules::RuleSet;

const MAX_NAME_CHARS: usize = 200;

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
        .expect("valid regex")
});

/// Credential-shaped text the secret rules may not cover: assignments and known prefixes.
static CREDENTIAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)(password|passwd|secret|token|api[_-]?key|access[_-]?key)\s*[=:]",
        r"|-----BEGIN [A-Z ]*PRIVATE KEY",
        r"|\b(gh[pousr]_|github_pat_|glpat-|xox[abprs]-|sk-|AKIA|ASIA)[A-Za-z0-9_\-]{8,}",
    ))
    .expect("valid regex")
});

/// Long runs of base64-ish characters.
static TOKEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[A-Za-z0-9+/=]{20,}").expect("valid regex"));

/// Shannon entropy in bits per character.
fn entropy(text: &str) -> f64 {
    let mut counts = std::collections::HashMap::new();
    for character in text.chars() {
        *counts.entry(character).or_insert(0usize) += 1;
    }
    let length = text.chars().count() as f64;
    counts
        .values()
        .map(|&count| {
            let share = count as f64 / length;
            -share * share.log2()
        })
        .sum()
}

/// A random-looking token: long, mixed letters and digits, high entropy, and not a
/// hexadecimal commit id (those are fine in names).
fn looks_random(token: &str) -> bool {
    let has_digit = token.chars().any(|character| character.is_ascii_digit());
    let has_letter = token
        .chars()
        .any(|character| character.is_ascii_alphabetic());
    let hexadecimal = token.chars().all(|character| character.is_ascii_hexdigit());
    has_digit && has_letter && !hexadecimal && entropy(token) >= 3.5
}

/// Why `name` may not be used as a scan name, if it may not.
pub fn problem(name: &str, rules: &RuleSet) -> Option<&'static str> {
    if name.trim().is_empty() {
        return Some("is empty");
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Some("is longer than 200 characters");
    }
    if name.chars().any(char::is_control) {
        return Some("contains control characters");
    }
    if EMAIL.is_match(name) {
        return Some("contains an e-mail address; names reach logs and the team store");
    }
    let document = Document {
        path: "<scan name>",
        language: None,
        text: name,
    };
    let secret_rules_fire = !engine::scan(&document, rules, &CancelToken::new())
        .findings
        .is_empty();
    if secret_rules_fire
        || CREDENTIAL.is_match(name)
        || TOKEN
            .find_iter(name)
            .any(|token| looks_random(token.as_str()))
    {
        return Some("looks like it contains a secret; names reach logs and the team store");
    }
    None
}

/// Checks a scan name and its tags; the error says which and why, without repeating either.
pub fn check_name_and_tags(name: &str, tags: &[String], rules: &RuleSet) -> Result<(), String> {
    if let Some(reason) = problem(name, rules) {
        return Err(format!("the scan name {reason}"));
    }
    for (index, tag) in tags.iter().enumerate() {
        if let Some(reason) = problem(tag, rules) {
            return Err(format!("tag {} {reason}", index + 1));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_name(name: &str, expected: Option<&str>) {
        let (rules, _) = crate::rules::builtin();
        assert_eq!(
            problem(name, &rules).map(|reason| reason.split(';').next().unwrap_or_default()),
            expected,
            "{name}"
        );
    }

    #[test]
    fn ordinary_names_pass() {
        check_name("nightly", None);
        check_name("main@3f2a1b9c0d4e5f60718293a4b5c6d7e8f9012345", None);
        check_name("release-2024-06-01 api-service", None);
    }

    #[test]
    fn personal_data_and_secrets_are_refused() {
        check_name(
            "scan by jane.doe@example.com",
            Some("contains an e-mail address"),
        );
        check_name(
            "deploy AKIAZ3MHQ7XL2RPWK4DN",
            Some("looks like it contains a secret"),
        );
        check_name("token=abc", Some("looks like it contains a secret"));
        check_name(
            "ci wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY",
            Some("looks like it contains a secret"),
        );
        check_name("", Some("is empty"));
    }
}
