//! `codeward scan`.

use super::{CliError, Outcome};

#[derive(Debug, clap::Args)]
pub struct ScanArgs {}

pub fn run(_args: ScanArgs) -> Result<Outcome, CliError> {
    Err(CliError::Usage("scan is not built yet".to_owned()))
}
