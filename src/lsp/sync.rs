//! Sync from the editor: a saved file, or a workspace scan, becomes a `SyncJob` for the
//! `BackgroundSync` the session holds (started when sync is first used).
//!
//! Nothing here waits on the keyring, the disk or the network: scanning runs on a blocking
//! worker, and the job is handed to the sync thread, whose
//! `SyncEvent`s come back as `window/logMessage`. A failure (no credentials, a locked keyring,
//! a refused name) is also shown once with `window/showMessage`; the same failure again is
//! only logged, until a record goes through.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use tower_lsp_server::Client;
use tower_lsp_server::ls_types::MessageType;

use super::projects::Project;
use super::session::Session;
use crate::engine::{self, CancelToken, Document as EngineDocument};
use crate::lang::Language;
use crate::report::{FileReport, Report};
use crate::rules::{RuleSet, Severity};
use crate::sync::background::{BackgroundSync, SyncEvent, SyncJob};

/// `path` relative to `root`, with forward slashes, as `codeward scan` names it.
pub fn relative_name(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative
        .components()
        .map(|component| component.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Scans `text` as `codeward scan` scans the file `name` under the project's config: the
/// language from the path, findings left out as the config says.
pub fn file_report(name: &str, path: &Path, text: &str, project: &Project) -> FileReport {
    let document = EngineDocument {
        path: name,
        language: Language::from_path(path, text.lines().next().unwrap_or_default()),
        text,
    };
    let scan = engine::scan(&document, &project.rules, &CancelToken::new());
    filed(name, path, text, scan, project)
}

/// The report of a file's scan, findings in test code left out (and counted) as the
/// project's config says, the others at or above its `min-severity`.
pub fn filed(
    name: &str,
    path: &Path,
    text: &str,
    mut scan: engine::FileScan,
    project: &Project,
) -> FileReport {
    let project_name = project.name_of(path);
    let found = scan.findings.len();
    scan.findings
        .retain(|finding| project.test_code_keeps(&project_name, finding));
    let left_out = found - scan.findings.len();
    let mut file = FileReport::new(name, text, scan, project.min_severity());
    file.test_code_left_out = left_out;
    file
}

/// A report of `files` (sorted by path here) for a job.
pub fn report(mut files: Vec<FileReport>, rules: RuleSet, min_severity: Severity) -> Report {
    files.sort_by(|left, right| left.path.cmp(&right.path));
    Report {
        scan_name: None,
        rules,
        root_uri: None,
        min_severity,
        files,
        skipped: Vec::new(),
    }
}

/// Hands a finished scan to the sync thread, starting it on first use.
pub fn submit(session: &Session, report: Report, scan_root: PathBuf, upload_source: bool) {
    let job = SyncJob {
        report,
        scan_root,
        scan_name: None,
        tags: vec!["editor".to_owned()],
        started_at: SystemTime::now(),
        upload_source,
    };
    let mut sync = session
        .sync
        .lock()
        .unwrap_or_else(|poison| poison.into_inner());
    if sync.is_none() {
        let (sender, receiver) = tokio::sync::mpsc::unbounded_channel();
        match BackgroundSync::start(move |event| {
            let _ = sender.send(event);
        }) {
            Ok(started) => {
                tokio::spawn(forward_events(session.client.clone(), receiver));
                *sync = Some(started);
            }
            Err(error) => {
                let client = session.client.clone();
                tokio::spawn(async move {
                    client
                        .show_message(
                            MessageType::ERROR,
                            format!("codeward: sync failed: cannot start the sync thread: {error}"),
                        )
                        .await;
                });
                return;
            }
        }
    }
    if let Some(sync) = sync.as_ref() {
        sync.submit(job);
    }
}

/// Sends each event as `window/logMessage`; a failure also as one `window/showMessage`,
/// not repeated while the same failure repeats.
async fn forward_events(
    client: Client,
    mut events: tokio::sync::mpsc::UnboundedReceiver<SyncEvent>,
) {
    let mut shown: Option<String> = None;
    while let Some(event) = events.recv().await {
        let message = format!("codeward: {event}");
        match &event {
            SyncEvent::Failed(reason) => {
                client.log_message(MessageType::WARNING, &message).await;
                if shown.as_deref() != Some(reason) {
                    client.show_message(MessageType::ERROR, &message).await;
                    shown = Some(reason.clone());
                }
            }
            SyncEvent::Queued { .. } | SyncEvent::Delivered { .. } => {
                client.log_message(MessageType::INFO, &message).await;
                if matches!(event, SyncEvent::Delivered { delivered, .. } if delivered > 0) {
                    shown = None;
                }
            }
        }
    }
}
