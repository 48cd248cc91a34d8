//! Analysis off the async runtime: debounce per document, parse incrementally and scan on
//! a blocking worker, and keep the result only if the document has not moved on since.
//! Stale results are dropped here and nowhere else.

use std::sync::Arc;
use std::time::Duration;

use tower_lsp_server::ls_types::{Diagnostic, Uri};

use super::convert::{self, Published};
use super::session::Session;
use crate::engine::{self, CancelToken, Document as EngineDocument};
use crate::text::LineIndex;

/// Schedules an analysis of `uri` after the debounce; a newer edit supersedes it.
pub fn schedule(session: &Arc<Session>, uri: Uri) {
    let Some(generation) = session
        .documents
        .get(&uri)
        .map(|document| document.generation)
    else {
        return;
    };
    let session = Arc::clone(session);
    tokio::spawn(async move {
        let debounce = session.settings().debounce_ms;
        if debounce > 0 {
            tokio::time::sleep(Duration::from_millis(debounce)).await;
        }
        if current_generation(&session, &uri) != Some(generation) {
            return;
        }
        let Some(published) = analyze(&session, &uri, generation).await else {
            return;
        };
        if !session.pulls() {
            session
                .client
                .publish_diagnostics(uri, published.diagnostics, Some(published.version))
                .await;
        }
    });
}

fn current_generation(session: &Session, uri: &Uri) -> Option<u64> {
    session
        .documents
        .get(uri)
        .map(|document| document.generation)
}

/// The current analysis of a document, computing it if the cached one is stale. `None` if
/// the document is closed or keeps changing.
pub async fn current(session: &Arc<Session>, uri: &Uri) -> Option<Published> {
    for _ in 0..5 {
        let (generation, cached) = {
            let document = session.documents.get(uri)?;
            (document.generation, document.published.clone())
        };
        if let Some(cached) = cached
            && cached.generation == generation
        {
            return Some(cached);
        }
        if let Some(published) = analyze(session, uri, generation).await {
            return Some(published);
        }
    }
    None
}

/// Parses and scans the document as of `generation` on a blocking worker.
pub async fn analyze(session: &Arc<Session>, uri: &Uri, generation: u64) -> Option<Published> {
    let settings = session.settings();
    let rules = session.rules();
    let encoding = session.encoding();
    let (rope, old_tree, language, version, cancel, path) = {
        let document = session.documents.get(uri)?;
        if document.generation != generation {
            return None;
        }
        (
            document.rope.clone(),
            document.tree.clone(),
            document.language,
            document.version,
            document.cancel.clone(),
            document.path.clone(),
        )
    };
    let uri_for_worker = uri.clone();
    let min_severity = settings.min_severity();
    let worker = tokio::task::spawn_blocking(move || {
        let size = rope.len_bytes();
        if size > settings.max_file_size {
            return (
                None,
                vec![convert::too_large(size, settings.max_file_size)],
                Vec::new(),
            );
        }
        let text = rope.to_string();
        if text.as_bytes().contains(&0) {
            return (None, Vec::new(), Vec::new());
        }
        let tree = language.and_then(|language| engine::parse(language, &text, old_tree.as_ref()));
        let document = EngineDocument {
            path: &path,
            language,
            text: &text,
        };
        let scan = engine::scan_tree(&document, tree.as_ref(), &rules, &cancel);
        let index = LineIndex::new(&text);
        let findings: Vec<engine::Finding> = scan
            .findings
            .into_iter()
            .filter(|finding| finding.severity >= min_severity)
            .collect();
        let diagnostics: Vec<Diagnostic> = findings
            .iter()
            .map(|finding| {
                convert::diagnostic(&uri_for_worker, &index, &text, finding, language, encoding)
            })
            .collect();
        (tree, diagnostics, findings)
    });
    let (tree, diagnostics, findings) = match worker.await {
        Ok(result) => result,
        Err(error) => {
            tracing_error(session, uri, &error.to_string()).await;
            return None;
        }
    };
    let published = Published {
        version,
        generation,
        diagnostics,
        findings: Arc::new(findings),
    };
    let mut document = session.documents.get_mut(uri)?;
    if document.generation != generation {
        return None;
    }
    if tree.is_some() {
        document.tree = tree;
    }
    document.published = Some(published.clone());
    Some(published)
}

async fn tracing_error(session: &Session, uri: &Uri, message: &str) {
    session
        .client
        .log_message(
            tower_lsp_server::ls_types::MessageType::ERROR,
            format!("codeward: analysis of {} failed: {message}", uri.as_str()),
        )
        .await;
}

/// Starts a new generation: cancels the running analysis and returns the new number.
pub fn bump(document: &mut super::document::Document) -> u64 {
    document.cancel.cancel();
    document.cancel = CancelToken::new();
    document.generation += 1;
    document.generation
}
