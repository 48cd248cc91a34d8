//! `textDocument/didChange`: apply each change to the rope and the tree, in order and
//! before any `.await`; drop versions that are not newer; schedule analysis.

use std::sync::Arc;

use tower_lsp_server::ls_types::DidChangeTextDocumentParams;

use crate::lsp::analysis;
use crate::lsp::convert::from_lsp;
use crate::lsp::session::Session;

pub fn handle(session: &Arc<Session>, params: DidChangeTextDocumentParams) {
    let uri = params.text_document.uri;
    let encoding = session.encoding();
    {
        let Some(mut document) = session.documents.get_mut(&uri) else {
            return;
        };
        if params.text_document.version <= document.version {
            return;
        }
        for change in &params.content_changes {
            let range = change
                .range
                .map(|range| (from_lsp(range.start), from_lsp(range.end)));
            document.apply_change(range, &change.text, encoding);
        }
        document.version = params.text_document.version;
        analysis::bump(&mut document);
    }
    analysis::schedule(session, uri);
}
