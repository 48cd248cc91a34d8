//! `codeward sync [--status]` and the `scan --sync` hook: queue scan records in the durable
//! outbox, deliver them now, show what is pending or dead-lettered.
//!
//! Printing and exit codes only; records, the outbox and delivery live in `crate::sync`.
//! A record that could not be queued is an error (exit 3); one queued but not yet delivered
//! is a warning: it stays in the outbox for the next `codeward sync`.

use std::path::Path;
use std::time::{Duration, SystemTime};

use clap::Args;

use super::login_cmd::runtime;
use super::{CliError, Outcome};
use crate::protocol::CreateStatus;
use crate::report::Report;
use crate::sync::client::{ClientConfig, StoreClient};
use crate::sync::credentials::{self, Keyring, StoreCredentials};
use crate::sync::deliver::{self, DeliveryOptions, DeliveryReport};
use crate::sync::outbox::{Outbox, OutboxKey, State};
use crate::sync::record::{self, RecordInput};

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// List pending and dead-lettered records instead of delivering.
    #[arg(long)]
    status: bool,
    /// Put dead-lettered records back in the queue before delivering.
    #[arg(long, conflicts_with = "status")]
    requeue_dead: bool,
    /// Keep retrying busy or unreachable stores for up to SECS seconds.
    #[arg(long, default_value_t = 30, value_name = "SECS")]
    wait: u64,
}

fn other(error: impl std::fmt::Display) -> CliError {
    CliError::Other(anyhow::anyhow!("{error}"))
}

/// Credentials, and the outbox opened with its key.
pub(super) fn open() -> Result<(StoreCredentials, Outbox), CliError> {
    let keyring = Keyring::System;
    let (credentials, source) = credentials::resolve(&keyring).map_err(other)?;
    let (key_id, key) = credentials::outbox_key(&keyring, &credentials, source).map_err(other)?;
    let outbox =
        Outbox::open(&crate::sync::data_dir(), OutboxKey::new(key_id, key)).map_err(other)?;
    Ok((credentials, outbox))
}

fn deliver_now(
    credentials: &StoreCredentials,
    outbox: &Outbox,
    wait: Duration,
) -> Result<DeliveryReport, CliError> {
    let client = StoreClient::new(credentials, ClientConfig::default()).map_err(other)?;
    let options = DeliveryOptions {
        deadline: wait,
        ..DeliveryOptions::default()
    };
    runtime()?
        .block_on(deliver::deliver(outbox, &client, &options))
        .map_err(other)
}

/// Prints what the run did and what the outbox holds now; answers how many records remain.
fn print_report(report: &DeliveryReport, outbox: &Outbox) -> Result<usize, CliError> {
    for (record_id, reason) in &report.retrying {
        eprintln!("warning: record {record_id} stays in the outbox: {reason}");
    }
    for (record_id, message) in &report.dead {
        eprintln!("error: the store refused record {record_id}; it is dead-lettered: {message}");
    }
    let created = count(report, CreateStatus::Created);
    let replayed = count(report, CreateStatus::Replayed);
    let entries = outbox.status().map_err(other)?;
    let dead = entries
        .iter()
        .filter(|entry| entry.state == State::Dead)
        .count();
    eprintln!(
        "sync: {} delivered ({created} created, {replayed} replayed), {} pending, {dead} dead-lettered",
        report.delivered.len(),
        entries.len() - dead,
    );
    Ok(entries.len())
}

fn count(report: &DeliveryReport, status: CreateStatus) -> usize {
    report
        .delivered
        .iter()
        .filter(|(_, delivered)| *delivered == status)
        .count()
}

pub fn run(args: SyncArgs) -> Result<Outcome, CliError> {
    let (credentials, outbox) = open()?;
    if args.status {
        return status(&outbox);
    }
    if args.requeue_dead {
        let requeued = outbox.requeue_dead().map_err(other)?;
        eprintln!("sync: {requeued} dead-lettered records requeued");
    }
    let report = deliver_now(&credentials, &outbox, Duration::from_secs(args.wait))?;
    let left = print_report(&report, &outbox)?;
    if left > 0 {
        return Err(other(format!(
            "{left} records not delivered; see `codeward sync --status`"
        )));
    }
    Ok(Outcome::Clean)
}

fn status(outbox: &Outbox) -> Result<Outcome, CliError> {
    let entries = outbox.status().map_err(other)?;
    let dead = entries
        .iter()
        .filter(|entry| entry.state == State::Dead)
        .count();
    println!(
        "outbox: {} pending, {dead} dead-lettered",
        entries.len() - dead
    );
    for entry in &entries {
        let name = entry
            .scan_name
            .as_deref()
            .unwrap_or("(sealed under another outbox key)");
        let findings = entry
            .finding_count
            .map_or_else(String::new, |count| format!("  {count} findings"));
        let (state, label) = match entry.state {
            State::Pending => ("pending", "last error"),
            State::Dead => ("dead", "error"),
        };
        let error = entry
            .last_error
            .as_deref()
            .map_or_else(String::new, |error| format!("  {label}: {error}"));
        println!(
            "{state:<8} {}  {name}{findings}  {} attempts{error}",
            entry.record_id, entry.attempts
        );
    }
    Ok(Outcome::Clean)
}

/// `scan --sync`: queue the record (durably), then try to deliver it. Queueing failures are
/// errors; delivery failures are warnings (the record waits in the outbox).
pub fn after_scan(
    report: &Report,
    scan_root: &Path,
    scan_name: Option<&str>,
    started_at: SystemTime,
    upload_source: bool,
) -> Result<(), CliError> {
    let (credentials, outbox) = open()?;
    let record = record::build(&RecordInput {
        report,
        scan_root,
        scan_name,
        tags: &[],
        started_at,
        finished_at: SystemTime::now(),
    })
    .map_err(|reason| CliError::Usage(format!("--sync refused: {reason}")))?;
    let source = upload_source.then(|| record::source_bundle(report, scan_root));
    outbox
        .enqueue_with_source(&record, source.as_deref())
        .map_err(other)?;
    eprintln!(
        "sync: record {} queued ({} findings)",
        record.scan_id,
        record.findings.len()
    );
    // How long to keep retrying a busy store before leaving the record for `codeward sync`.
    let wait = std::env::var("CODEWARD_SYNC_WAIT")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(10);
    let report = deliver_now(&credentials, &outbox, Duration::from_secs(wait))?;
    print_report(&report, &outbox)?;
    Ok(())
}
