//! `textDocument/didSave`: when sync is on, the saved file is scanned as `codeward scan` would
//! scan it (paths relative to its workspace folder) and the report goes to the background
//! sync, under the file's configuration (its nearest `.codeward.toml`, the editor's settings on
//! top). Returns at once: the work runs on a task of its own (the file is scanned on a
//! blocking worker), so later notifications such as `didChange` never
//! wait on it, and the keyring and the network are touched only by the sync thread.

use std::sync::Arc;

use tower_lsp_server::ls_types::DidSaveTextDocumentParams;

use crate::lsp::projects;
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
    let project = session.project(&uri).await;
    let sync = &project.config.sync;
    if !sync.enabled {
        return;
    }
    let upload_source = sync.upload_source;
    // The saved text: the open buffer, else the file.
    let text = session
        .documents
        .get(&uri)
        .map(|document| document.rope.to_string());
    let root = projects::folder_of(session, Some(&path));
    let scan_root = root.clone();
    let worker = tokio::task::spawn_blocking(move || {
        let text = match text {
            Some(text) => text,
            None => std::fs::read_to_string(&path).ok()?,
        };
        let name = sync::relative_name(&scan_root, &path);
        let file = sync::file_report(&name, &path, &text, &project);
        Some(sync::report(
            vec![file],
            (*project.rules).clone(),
            project.min_severity(),
        ))
    });
    if let Ok(Some(report)) = worker.await {
        sync::submit(session, report, root, upload_source);
    }
}
