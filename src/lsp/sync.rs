//! Sync from the editor: a saved file, or a workspace scan, becomes a `SyncJob` for the
//! `BackgroundSync` the session holds (started when sync is first used).
//!
//! Nothing here waits on the keyring, the disk or the network: reading `.codeward.toml`
//! and scanning run on a blocking worker, and the job is handed to the sync thread, whose
//! `SyncEvent`s come back as `window/logMessage`. A failure (no credentials, a locked keyring,
//! a refused name) is also shown once with `window/showMessage`; the same failure again is
//! only logged, until a record goes through.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use tower_lsp_server::Client;
use tower_lsp_server::ls_types::MessageType;

use super::session::Session;
use super::settings::SyncSettings;
use crate::config::{self, Config};
use crate::engine::{self, CancelToken, Document as EngineDocument};
use crate::lang::Language;
use crate::report::{FileReport, Report};
use crate::rules::{RuleSet, Severity};
use crate::sync::background::{BackgroundSync, SyncEvent, SyncJob};

/// The sync settings in force for files under `root`: the editor's, else the `[sync]` table
/// of `root/.codeward.toml`, else off. Reads a file: call it off the async workers.
pub fn settings_for(editor: Option<&SyncSettings>, root: &Path) -> Result<SyncSettings, String> {
    if let Some(settings) = editor {
        return Ok(settings.clone());
    }
    let path = root.join(config::FILE_NAME);
    if !path.is_file() {
        return Ok(SyncSettings::default());
    }
    Config::load(&path)
        .map(|config| SyncSettings::from(&config.sync))
        .map_err(|error| error.to_string())
}

/// The workspace folder holding `path`, else the file's own folder.
pub fn root_of(session: &Session, path: &Path) -> PathBuf {
    let roots = session
        .roots
        .read()
        .unwrap_or_else(|poison| poison.into_inner());
    roots
        .iter()
        .find(|root| path.starts_with(root))
        .cloned()
        .or_else(|| path.parent().map(Path::to_path_buf))
        .unwrap_or_default()
}

/// `path` relative to `root`, with forward slashes, as `codeward scan` names it.
pub fn relative_name(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative
        .components()
        .map(|component| component.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Scans `text` as `codeward scan` scans the file `name`: the language from the path.
pub fn file_report(
    name: &str,
    path: &Path,
    text: &str,
    rules: &RuleSet,
    min_severity: Severity,
) -> FileReport {
    let document = EngineDocument {
        path: name,
        language: Language::from_path(path, text.lines().next().unwrap_or_default()),
        text,
    };
    let scan = engine::scan(&document, rules, &CancelToken::new());
    FileReport::new(name, text, scan, min_severity)
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

/// One message for a sync that could not start (a bad `.codeward.toml`); `what` names the
/// file saved or the folder scanned.
pub async fn report_settings_error(session: &Session, what: &Path, error: &str) {
    session
        .client
        .show_message(
            MessageType::ERROR,
            format!("codeward: sync skipped for {}: {error}", what.display()),
        )
        .await;
}

/// The session's sync settings for a root, read off the async workers.
pub async fn settings_for_root(
    session: &Arc<Session>,
    root: &Path,
) -> Result<SyncSettings, String> {
    let editor = session.settings().sync;
    let root = root.to_path_buf();
    tokio::task::spawn_blocking(move || settings_for(editor.as_ref(), &root))
        .await
        .map_err(|error| error.to_string())?
}
