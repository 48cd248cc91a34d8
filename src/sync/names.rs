//! Checks scan names and tags before they go into reports, scan records and logs.
//!
//! Names are free text that may reach logs and the team store, so, as the data contract
//! says (rule 7), a name holding an e-mail address or something that looks like a secret is
//! refused. The refusal says why without repeating the name, which may hold the secret.
//! The store's check (`protocol::names`) runs first, so nothing the store would refuse is
//! queued; the secret rules run on top. No IO; shared by `codeward scan --name` and record
//! building.

use crate::engine::{self, CancelToken, Document};
use crate::protocol::names as shared;
use crate::rules::RuleSet;

/// Why `name` may not be used as a scan name or tag, if it may not: the store's own check
/// (`protocol::names`), then the secret rules, which the store does not have.
pub fn problem(name: &str, rules: &RuleSet) -> Option<&'static str> {
    if let Some(reason) = shared::problem(name) {
        return Some(reason);
    }
    let document = Document {
        path: "<scan name>",
        language: None,
        text: name,
    };
    let secret_rules_fire = !engine::scan(&document, rules, &CancelToken::new())
        .findings
        .is_empty();
    secret_rules_fire
        .then_some("looks like it contains a secret; names reach logs and the team store")
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
        check_name("main@3f2a1b9c0d4e", None);
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
        // What the store refuses, the client refuses with the same words.
        check_name(
            "main@3f2a1b9c0d4e5f60718293a4b5c6d7e8f9012345",
            Some("contains 40 or more hexadecimal digits in a row, which may be a secret"),
        );
    }
}
