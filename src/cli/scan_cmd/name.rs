//! Checks a `--name` before it goes into reports and scan records: the rules live in
//! `sync::names`, shared with record building; this maps a refusal to a usage error (exit 2).

use crate::cli::CliError;
use crate::rules::RuleSet;

/// `sync::names::problem` as the usage error the CLI reports (exit 2).
pub fn check(name: &str, rules: &RuleSet) -> Result<(), CliError> {
    match crate::sync::names::problem(name, rules) {
        Some(reason) => Err(CliError::Usage(format!(
            "--name refused: the scan name {reason}"
        ))),
        None => Ok(()),
    }
}
