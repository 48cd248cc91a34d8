//! `textDocument/didSave`: when sync is on, the saved file is scanned as `codeward scan` would
//! scan it (paths relative to its workspace folder) and the report goes to the background
//! sync. Returns at once: the work runs on a task of its own (the settings file is read and
//! the file scanned on blocking workers), so later notifications such as `didChange` never
//! wait on it, and the keyring and the network are touched only by the sync thread.

use std::sync::Arc;

use tower_lsp_server::ls_types::DidSaveTextDocumentParams;

use crate::lsp::session::Session;
use crate::lsp::sync;

pub fn handle(session: &Arc<Session>, params: DidSaveTextDocumentParams) {
    tokio::spawn(sync_saved(Arc::clone(session), params));
}

async fn sync_saved(session: Arc<Session>, params: DidSaveTextDocumentParams) {
    let session = &session;
    let uri = params.text_document.uri;
    let Some(path) = uri.to_file_path().map(|path| path.into_owned()) else {
        return;
    };
    let root = sync::root_of(session, &path);
    let settings = match sync::settings_for_root(session, &root).await {
        Ok(settings) => settings,
        Err(error) => return sync::report_settings_error(session, &path, &error).await,
    };
    if !settings.enabled {
        return;
    }
    // The saved text: the open buffer, else the file.
    let text = session
        .documents
        .get(&uri)
        .map(|document| document.rope.to_string());
    let rules = session.loaded_rules().await;
    let min_severity = session.settings().min_severity();
    let scan_root = root.clone();
    let worker = tokio::task::spawn_blocking(move || {
        let text = match text {
            Some(text) => text,
            None => std::fs::read_to_string(&path).ok()?,
        };
        let name = sync::relative_name(&scan_root, &path);
        let file = sync::file_report(&name, &path, &text, &rules, min_severity);
        Some(sync::report(vec![file], (*rules).clone(), min_severity))
    });
    if let Ok(Some(report)) = worker.await {
        sync::submit(session, report, root, settings.upload_source);
    }
}
