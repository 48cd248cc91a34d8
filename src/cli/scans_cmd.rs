//! `codeward scans list` and `codeward findings list`: read back from the store.
//!
//! Signed reads through `sync::client`; printing only. Text is one line per item, JSON is
//! the wire protocol's own shape.

use clap::{Args, ValueEnum};

use super::login_cmd::runtime;
use super::{CliError, Outcome};
use crate::sync::client::{ClientConfig, StoreClient};
use crate::sync::credentials::{self, Keyring};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ReadFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StatusFilter {
    Open,
    Closed,
    All,
}

#[derive(Debug, Args)]
pub struct FindingsArgs {
    /// Only the findings of this scan's scope (its latest record).
    #[arg(long = "scan", value_name = "NAME")]
    scan_name: Option<String>,
    #[arg(long, value_enum, default_value_t = StatusFilter::Open)]
    status: StatusFilter,
    #[arg(long, value_enum, default_value_t = ReadFormat::Text)]
    format: ReadFormat,
}

fn other(error: impl std::fmt::Display) -> CliError {
    CliError::Other(anyhow::anyhow!("{error}"))
}

fn client() -> Result<StoreClient, CliError> {
    let (credentials, _) = credentials::resolve(&Keyring::System).map_err(other)?;
    StoreClient::new(&credentials, ClientConfig::default()).map_err(other)
}

fn json(value: &impl serde::Serialize) -> Result<(), CliError> {
    println!("{}", serde_json::to_string_pretty(value).map_err(other)?);
    Ok(())
}

pub fn scans(format: ReadFormat) -> Result<Outcome, CliError> {
    let client = client()?;
    let scans = runtime()?.block_on(client.list_scans()).map_err(other)?;
    match format {
        ReadFormat::Json => json(&scans)?,
        ReadFormat::Text => {
            for scan in &scans {
                println!(
                    "{}  {}  {} findings  {}",
                    scan.created_at, scan.scan_name, scan.finding_count, scan.scan_id
                );
            }
        }
    }
    Ok(Outcome::Clean)
}

pub fn findings(args: FindingsArgs) -> Result<Outcome, CliError> {
    let client = client()?;
    let status = match args.status {
        StatusFilter::Open => "Open",
        StatusFilter::Closed => "Closed",
        StatusFilter::All => "All",
    };
    let findings = runtime()?
        .block_on(client.findings(args.scan_name.as_deref(), status))
        .map_err(other)?;
    match args.format {
        ReadFormat::Json => json(&findings)?,
        ReadFormat::Text => {
            for finding in &findings {
                let location = &finding.vulnerability.file_path;
                println!(
                    "{:<8} {:<6} {}:{}  {}  {}",
                    finding.severity.as_str(),
                    finding.status.as_str(),
                    location.path,
                    location.start_line,
                    finding.rule_id,
                    finding.title
                );
            }
        }
    }
    Ok(Outcome::Clean)
}
