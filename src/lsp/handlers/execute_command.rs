//! `workspace/executeCommand`: `codeward.scanWorkspace` scans every workspace folder with
//! `$/progress` (each file under its configuration: `ignore`, `max-file-size`, the rules and
//! what is shown), pushes diagnostics for files that are not open, and answers a summary.
//! With sync on, each folder's scan (open files as saved on disk) goes to the store as one
//! record (`lsp::sync`).

use std::sync::Arc;
use std::sync::atomic::Ordering;

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;

use super::initialize::SCAN_WORKSPACE;
use crate::engine::{self, CancelToken, Document as EngineDocument};
use crate::lang::Language;
use crate::lsp::convert;
use crate::lsp::projects;
use crate::lsp::publish;
use crate::lsp::session::Session;
use crate::lsp::sync;
use crate::report::FileReport;
use crate::text::LineIndex;

pub async fn handle(
    session: &Arc<Session>,
    params: ExecuteCommandParams,
) -> Result<Option<LSPAny>> {
    if params.command != SCAN_WORKSPACE {
        return Err(Error::invalid_params(format!(
            "unknown command `{}`",
            params.command
        )));
    }
    let roots = session
        .roots
        .read()
        .unwrap_or_else(|poison| poison.into_inner())
        .clone();
    // Per root: its files (walked on a blocking worker: a large tree takes a while), and
    // whether (and how) its scan is synced.
    let walked_roots = roots.clone();
    let files = tokio::task::spawn_blocking(move || walk(&walked_roots))
        .await
        .map_err(|_| Error {
            code: ErrorCode::InternalError,
            message: "codeward: walking the workspace failed".into(),
            data: None,
        })?;
    let mut syncs = Vec::new();
    for root in &roots {
        // The folder's own `.codeward.toml` decides whether (and how) its scan is synced.
        let at_root = root.join(crate::config::FILE_NAME);
        syncs.push(projects::project(session, Some(&at_root)).await);
    }
    let mut synced_files: Vec<Vec<FileReport>> = vec![Vec::new(); roots.len()];
    let token = ProgressToken::String(format!("codeward-scan-{}", std::process::id()));
    // The spec allows `window/workDoneProgress/create` only to clients that announced
    // `window.workDoneProgress`; others would answer with an error or not at all.
    let supports_progress = session.work_done_progress.load(Ordering::Relaxed)
        && session
            .client
            .create_work_done_progress(token.clone())
            .await
            .is_ok();
    let total = files.len();
    let progress = if supports_progress {
        Some(
            session
                .client
                .progress(token, "codeward: scanning workspace")
                .with_percentage(0)
                .begin()
                .await,
        )
    } else {
        None
    };
    let encoding = session.encoding();
    let mut finding_count = 0usize;
    for (number, (root_index, path)) in files.iter().enumerate() {
        let syncing = syncs[*root_index].config.sync.enabled;
        let Some(uri) = Uri::from_file_path(path) else {
            continue;
        };
        if let Some(progress) = &progress
            && number % 20 == 0
        {
            let percentage = (number * 100 / total.max(1)) as u32;
            progress
                .report_with_message(format!("{number}/{total} files"), percentage)
                .await;
        }
        // Open documents are analysed as they are edited; a synced scan takes them as saved.
        let open = session.documents.contains_key(&uri);
        if open && !syncing {
            continue;
        }
        // Each file under its own configuration, as an editor opening it would have it.
        let project = projects::project(session, Some(path)).await;
        let name = project.name_of(path);
        if project.ignores(&name) {
            continue;
        }
        let relative = session.relative_path(&uri);
        let sync_name = sync::relative_name(&roots[*root_index], path);
        let path = path.clone();
        let uri_for_worker = uri.clone();
        let scanned = tokio::task::spawn_blocking(move || {
            let metadata = std::fs::metadata(&path).ok()?;
            if metadata.len() > project.config.file_size_limit() {
                return None;
            }
            let bytes = std::fs::read(&path).ok()?;
            if bytes[..bytes.len().min(8192)].contains(&0) {
                return None;
            }
            let text = String::from_utf8(bytes).ok()?;
            let language = Language::from_path(&path, text.lines().next().unwrap_or_default());
            let document = EngineDocument {
                path: &relative,
                language,
                text: &text,
            };
            // One scan serves both the diagnostics and the synced report.
            let scan = engine::scan(&document, &project.rules, &CancelToken::new());
            let diagnostics = (!open).then(|| {
                let index = LineIndex::new(&text);
                scan.findings
                    .iter()
                    .filter(|finding| project.keeps(&name, finding))
                    .map(|finding| {
                        convert::diagnostic(
                            &uri_for_worker,
                            None,
                            &index,
                            &text,
                            finding,
                            language,
                            encoding,
                        )
                    })
                    .collect::<Vec<Diagnostic>>()
            });
            let synced = syncing.then(|| sync::filed(&sync_name, &path, &text, scan, &project));
            Some((diagnostics, synced))
        })
        .await
        .ok()
        .flatten();
        let Some((diagnostics, synced)) = scanned else {
            continue;
        };
        synced_files[*root_index].extend(synced);
        if let Some(diagnostics) = diagnostics
            && !diagnostics.is_empty()
        {
            let count = diagnostics.len();
            if publish::unopened(session, &uri, diagnostics) {
                finding_count += count;
            }
        }
    }
    for ((root, project), files) in roots.iter().zip(&syncs).zip(synced_files) {
        let settings = &project.config.sync;
        if settings.enabled {
            let report = sync::report(files, (*project.rules).clone(), project.min_severity());
            sync::submit(session, report, root.clone(), settings.upload_source);
        }
    }
    if let Some(progress) = progress {
        progress
            .finish_with_message(format!("{finding_count} findings in {total} files"))
            .await;
    }
    Ok(Some(serde_json::json!({
        "files": total,
        "findings": finding_count,
    })))
}

/// Every file below each root (but `.git`), with the index of its root.
fn walk(roots: &[std::path::PathBuf]) -> Vec<(usize, std::path::PathBuf)> {
    let mut files = Vec::new();
    for (root_index, root) in roots.iter().enumerate() {
        files.extend(
            ignore::WalkBuilder::new(root)
                .hidden(false)
                .filter_entry(|entry| entry.file_name() != ".git")
                .build()
                .filter_map(|entry| entry.ok())
                .filter(|entry| entry.file_type().is_some_and(|kind| kind.is_file()))
                .map(|entry| (root_index, entry.into_path())),
        );
    }
    files
}
