//! Checks on the free text of a scan record that reaches clear-text places (logs, audit
//! resources, URLs): ids, scan names and tags. Data contract item 7: e-mail addresses and
//! secrets in names are refused, not stored.
//!
//! A heuristic, not a secret scanner: the sync client redacts secrets in code before a record
//! leaves the machine; this only keeps names clean. No IO.

use std::sync::LazyLock;

use regex::Regex;

use crate::protocol::ScanRecord;

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+").expect("valid regex")
});
/// Access key ids of AWS and codeward, private key headers, and long unbroken tokens.
static SECRET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(AKIA|ASIA|CWK)[A-Z0-9]{16,}|-----BEGIN|[A-Za-z0-9+/=_-]{40,}")
        .expect("valid regex")
});

fn check_name(what: &str, text: &str) -> Result<(), String> {
    if text.is_empty() || text.len() > 256 {
        return Err(format!("{what} must be 1 to 256 characters"));
    }
    if text.chars().any(char::is_control) {
        return Err(format!("{what} must not contain control characters"));
    }
    if EMAIL.is_match(text) {
        return Err(format!(
            "{what} contains an e-mail address; names may reach logs, remove it"
        ));
    }
    if SECRET.is_match(text) {
        return Err(format!(
            "{what} looks like it contains a secret; names may reach logs, remove it"
        ));
    }
    Ok(())
}

/// Refuses a record whose ids, names or tags could leak personal data or secrets.
pub fn check_record(record: &ScanRecord) -> Result<(), String> {
    let id_ok = |id: &str| {
        !id.is_empty()
            && id.len() <= 128
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
    };
    if !id_ok(&record.scan_id) {
        return Err("scanId must be 1 to 128 of A-Z a-z 0-9 - _ . :".into());
    }
    check_name("scanName", &record.scan_name)?;
    for tag in &record.tags {
        check_name("a tag", tag)?;
    }
    if let Some(finding) = record.findings.iter().find(|finding| !id_ok(&finding.id)) {
        return Err(format!(
            "finding id {:?} must be 1 to 128 of A-Z a-z 0-9 - _ . :",
            finding.id
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_name;

    #[test]
    fn names_with_addresses_or_secrets_are_refused() {
        assert_eq!(check_name("scanName", "nightly main"), Ok(()));
        assert_eq!(
            check_name("scanName", "run by jane.doe@example.com"),
            Err("scanName contains an e-mail address; names may reach logs, remove it".into())
        );
        assert_eq!(
            check_name("a tag", "key AKIAIOSFODNN7EXAMPLE"),
            Err("a tag looks like it contains a secret; names may reach logs, remove it".into())
        );
        assert_eq!(
            check_name("scanName", ""),
            Err("scanName must be 1 to 256 characters".into())
        );
    }
}
