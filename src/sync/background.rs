//! Sync for a long-running host (the language server): scans are queued and delivered on a
//! thread of its own, so the caller never waits on the keyring, the disk or the network.
//!
//! `submit` hands over a finished report and returns at once. The worker turns it into a
//! record (with the masked source bundle when the job opted in), queues it durably, delivers what is due, and tells the host what happened through
//! the callback (which runs on the worker thread: forward it, do not block in it). Between
//! scans it retries what is pending once a minute. No LSP types: the host maps `SyncEvent`
//! to `window/logMessage` or `$/progress`.

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, SystemTime};

use super::client::{ClientConfig, StoreClient};
use super::credentials::{self, Keyring, StoreCredentials};
use super::deliver::{self, DeliveryOptions};
use super::outbox::{Outbox, OutboxKey, State};
use super::record::{self, RecordInput};
use crate::report::Report;

/// A finished scan to queue.
#[derive(Debug)]
pub struct SyncJob {
    pub report: Report,
    /// The folder the report's paths are relative to (the workspace folder).
    pub scan_root: PathBuf,
    pub scan_name: Option<String>,
    pub tags: Vec<String>,
    pub started_at: SystemTime,
    /// Attach the scanned files' source (opt-in): read from `scan_root` when the record is
    /// built, secrets in it masked, kept in the outbox at most 10 days.
    pub upload_source: bool,
}

/// What the worker reports; `Display` is a one-line message for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncEvent {
    Queued {
        record_id: String,
        findings: usize,
    },
    Delivered {
        delivered: usize,
        pending: usize,
        dead: usize,
    },
    /// Nothing was queued or the outbox could not be read: credentials, keyring, disk.
    Failed(String),
}

impl std::fmt::Display for SyncEvent {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SyncEvent::Queued {
                record_id,
                findings,
            } => write!(
                formatter,
                "sync: record {record_id} queued ({findings} findings)"
            ),
            SyncEvent::Delivered {
                delivered,
                pending,
                dead,
            } => write!(
                formatter,
                "sync: {delivered} delivered, {pending} pending, {dead} dead-lettered"
            ),
            SyncEvent::Failed(message) => write!(formatter, "sync failed: {message}"),
        }
    }
}

/// The handle the host keeps; dropping it stops the worker after its current job.
#[derive(Debug)]
pub struct BackgroundSync {
    sender: mpsc::Sender<SyncJob>,
}

/// How often pending records are retried while no scan arrives.
const IDLE_RETRY: Duration = Duration::from_secs(60);

/// Finds the credentials and opens the outbox, each time the worker needs them (a login or
/// logout takes effect without a restart).
pub type Connect = dyn Fn() -> Result<(StoreCredentials, Outbox), String> + Send;

impl BackgroundSync {
    /// Credentials from the environment or the OS keyring, the outbox in the data folder.
    pub fn start(on_event: impl Fn(SyncEvent) + Send + 'static) -> std::io::Result<BackgroundSync> {
        BackgroundSync::start_with(Box::new(open), on_event)
    }

    pub fn start_with(
        connect: Box<Connect>,
        on_event: impl Fn(SyncEvent) + Send + 'static,
    ) -> std::io::Result<BackgroundSync> {
        let (sender, receiver) = mpsc::channel::<SyncJob>();
        std::thread::Builder::new()
            .name("codeward-sync".into())
            .spawn(move || {
                let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                else {
                    on_event(SyncEvent::Failed("cannot start the sync runtime".into()));
                    return;
                };
                loop {
                    match receiver.recv_timeout(IDLE_RETRY) {
                        Ok(job) => run_job(&runtime, &*connect, Some(job), &on_event),
                        Err(mpsc::RecvTimeoutError::Timeout) => {
                            run_job(&runtime, &*connect, None, &on_event);
                        }
                        Err(mpsc::RecvTimeoutError::Disconnected) => return,
                    }
                }
            })?;
        Ok(BackgroundSync { sender })
    }

    /// Queues `job` for the worker; never blocks.
    pub fn submit(&self, job: SyncJob) {
        let _ = self.sender.send(job);
    }
}

fn open() -> Result<(StoreCredentials, Outbox), String> {
    let keyring = Keyring::System;
    let (credentials, source) =
        credentials::resolve(&keyring).map_err(|error| error.to_string())?;
    let (key_id, key) = credentials::outbox_key(&keyring, &credentials, source)
        .map_err(|error| error.to_string())?;
    let outbox = Outbox::open(&super::data_dir(), OutboxKey::new(key_id, key))
        .map_err(|error| error.to_string())?;
    Ok((credentials, outbox))
}

fn run_job(
    runtime: &tokio::runtime::Runtime,
    connect: &Connect,
    job: Option<SyncJob>,
    on_event: &dyn Fn(SyncEvent),
) {
    let (credentials, outbox) = match connect() {
        Ok(opened) => opened,
        // Idle retries stay quiet when sync is not set up.
        Err(message) if job.is_some() => return on_event(SyncEvent::Failed(message)),
        Err(_) => return,
    };
    if let Some(job) = &job {
        let built = record::build(&RecordInput {
            report: &job.report,
            scan_root: &job.scan_root,
            scan_name: job.scan_name.as_deref(),
            tags: &job.tags,
            started_at: job.started_at,
            finished_at: SystemTime::now(),
        });
        let record = match built {
            Ok(record) => record,
            Err(reason) => return on_event(SyncEvent::Failed(reason)),
        };
        let source = job
            .upload_source
            .then(|| record::source_bundle(&job.report, &job.scan_root));
        if let Err(error) = outbox.enqueue_with_source(&record, source.as_deref()) {
            return on_event(SyncEvent::Failed(error.to_string()));
        }
        on_event(SyncEvent::Queued {
            record_id: record.scan_id.clone(),
            findings: record.findings.len(),
        });
    }
    let client = match StoreClient::new(&credentials, ClientConfig::default()) {
        Ok(client) => client,
        Err(error) => return on_event(SyncEvent::Failed(error.to_string())),
    };
    let options = DeliveryOptions {
        only_due: true,
        ..DeliveryOptions::default()
    };
    let report = match runtime.block_on(deliver::deliver(&outbox, &client, &options)) {
        Ok(report) => report,
        Err(error) => return on_event(SyncEvent::Failed(error.to_string())),
    };
    if job.is_none() && report.delivered.is_empty() && report.dead.is_empty() {
        return;
    }
    let entries = outbox.status().unwrap_or_default();
    let dead = entries
        .iter()
        .filter(|entry| entry.state == State::Dead)
        .count();
    on_event(SyncEvent::Delivered {
        delivered: report.delivered.len(),
        pending: entries.len() - dead,
        dead,
    });
}
