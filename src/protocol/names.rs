//! The one check on scan names and tags, run by the sync client before a record is queued and
//! by the store before it is stored, so the client refuses exactly what the store would.
//!
//! Names and tags are free text that reach logs, audit resources and URLs; data contract item
//! 7 says e-mail addresses and secrets in them are refused, not stored. A refusal says why
//! without repeating the text, which may hold the secret. A heuristic, not a secret scanner:
//! the client also runs its secret rules over names (the store has no rules), and redacts
//! secrets in code before a record leaves the machine. No IO, no engine.

use std::sync::LazyLock;

use regex::Regex;

/// The longest name or tag, in characters.
pub const MAX_NAME_CHARS: usize = 200;

/// The longest run of hexadecimal digits a name may hold: a short commit id.
pub const MAX_HEX_RUN: usize = 39;

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
        .expect("valid regex")
});

/// Credential-shaped text: assignments, private key headers, known key prefixes (AWS and
/// codeward access key ids among them).
static CREDENTIAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)(password|passwd|secret|token|api[_-]?key|access[_-]?key)\s*[=:]",
        r"|-----BEGIN",
        r"|\b(gh[pousr]_|github_pat_|glpat-|xox[abprs]-|sk-)[A-Za-z0-9_\-]{8,}",
        r"|(AKIA|ASIA|CWK)[A-Z0-9]{16,}",
    ))
    .expect("valid regex")
});

/// Runs of token characters: base64, base64url and hex.
static TOKEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[A-Za-z0-9+/=_\-]{20,}").expect("valid regex"));

static HEX_RUN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[0-9A-Fa-f]{40,}").expect("valid regex"));

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

/// A token that looks generated: a part of 20 characters or more with letters and digits,
/// not only hexadecimal digits, and high entropy. The token is also split at `-`, `_`, `/`,
/// `+` and `=`, so that words joined into a branch or path (`feature/add-payment-provider`)
/// are judged word by word; a token without `-` or `_` is judged whole too (base64).
fn looks_random(token: &str) -> bool {
    let whole = (!token.contains(['-', '_'])).then_some(token);
    whole
        .into_iter()
        .chain(token.split(['-', '_', '/', '+', '=']))
        .filter(|part| part.len() >= 20)
        .any(|part| {
            let has_digit = part.chars().any(|character| character.is_ascii_digit());
            let has_letter = part
                .chars()
                .any(|character| character.is_ascii_alphabetic());
            let hexadecimal = part.chars().all(|character| character.is_ascii_hexdigit());
            has_digit && has_letter && !hexadecimal && entropy(part) >= 3.5
        })
}

/// Why `text` may not be a scan name or tag, if it may not: a phrase that follows "the scan
/// name" or "tag N".
pub fn problem(text: &str) -> Option<&'static str> {
    if text.trim().is_empty() {
        return Some("is empty");
    }
    if text.chars().count() > MAX_NAME_CHARS {
        return Some("is longer than 200 characters");
    }
    if text.chars().any(char::is_control) {
        return Some("contains control characters");
    }
    if EMAIL.is_match(text) {
        return Some("contains an e-mail address; names reach logs and the team store");
    }
    if HEX_RUN.is_match(text) {
        return Some(
            "contains 40 or more hexadecimal digits in a row, which may be a secret; names \
             reach logs and the team store. For a commit id use its first 12 digits: the \
             record's scope keeps the full commit",
        );
    }
    if CREDENTIAL.is_match(text)
        || TOKEN
            .find_iter(text)
            .any(|token| looks_random(token.as_str()))
    {
        return Some("looks like it contains a secret; names reach logs and the team store");
    }
    None
}

/// Checks a scan name and its tags; the error says which and why, without repeating either.
pub fn check_name_and_tags(scan_name: &str, tags: &[String]) -> Result<(), String> {
    if let Some(reason) = problem(scan_name) {
        return Err(format!("the scan name {reason}"));
    }
    for (index, tag) in tags.iter().enumerate() {
        if let Some(reason) = problem(tag) {
            return Err(format!("tag {} {reason}", index + 1));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: Option<&str>) {
        assert_eq!(
            problem(text).map(|reason| reason.split(';').next().unwrap_or_default()),
            expected,
            "{text}"
        );
    }

    #[test]
    fn ordinary_names_pass() {
        check("nightly", None);
        check("main@3f2a1b9c0d4e", None);
        check("release-2024-06-01 api-service", None);
        check("git.example/acme/app:feature/login-form", None);
        check("release@v1.2", None);
        check("feature/JIRA-1234-add-payment-provider-integration", None);
    }

    #[test]
    fn personal_data_and_secrets_are_refused() {
        check(
            "scan by jane.doe@example.com",
            Some("contains an e-mail address"),
        );
        check(
            "deploy AKIAZ3MHQ7XL2RPWK4DN",
            Some("looks like it contains a secret"),
        );
        check(
            "key CWKA1B2C3D4E5F6G7H8J9",
            Some("looks like it contains a secret"),
        );
        check("token=abc", Some("looks like it contains a secret"));
        check(
            "ci wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY",
            Some("looks like it contains a secret"),
        );
        check(
            "-----BEGIN RSA PRIVATE KEY",
            Some("looks like it contains a secret"),
        );
        check("", Some("is empty"));
        check(&"n".repeat(201), Some("is longer than 200 characters"));
        check("a\tb", Some("contains control characters"));
    }

    #[test]
    fn a_full_commit_id_is_refused_with_what_to_do_instead() {
        assert_eq!(
            check_name_and_tags("main@3f2a1b9c0d4e5f60718293a4b5c6d7e8f9012345", &[]),
            Err(
                "the scan name contains 40 or more hexadecimal digits in a row, which may be a \
                 secret; names reach logs and the team store. For a commit id use its first 12 \
                 digits: the record's scope keeps the full commit"
                    .to_owned()
            )
        );
        assert_eq!(
            check_name_and_tags("nightly", &["ok".into(), "jane@example.com".into()]),
            Err("tag 2 contains an e-mail address; names reach logs and the team store".into())
        );
    }
}
