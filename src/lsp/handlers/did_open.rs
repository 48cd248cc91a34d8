//! `textDocument/didOpen`: store the document, schedule its first analysis.

use std::sync::Arc;

use tower_lsp_server::ls_types::DidOpenTextDocumentParams;

use crate::lang::Language;
use crate::lsp::analysis;
use crate::lsp::document::Document;
use crate::lsp::publish;
use crate::lsp::session::Session;

pub fn handle(session: &Arc<Session>, params: DidOpenTextDocumentParams) {
    let item = params.text_document;
    let path = session.relative_path(&item.uri);
    let first_line = item.text.lines().next().unwrap_or_default();
    let language = Language::from_language_id(&item.language_id)
        .or_else(|| Language::from_path(std::path::Path::new(&path), first_line));
    let document = Document::new(&item.text, item.version, language, path);
    session.documents.insert(item.uri.clone(), document);
    if session.pushed.remove(&item.uri).is_some() && session.pulls() {
        // The client pulls this document from now on: clear what the workspace scan pushed.
        publish::clear(session, &item.uri);
    }
    analysis::schedule(session, item.uri);
}
