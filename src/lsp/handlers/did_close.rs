//! `textDocument/didClose`: forget the document and clear its pushed diagnostics.

use std::sync::Arc;

use tower_lsp_server::ls_types::DidCloseTextDocumentParams;

use crate::lsp::publish;
use crate::lsp::session::Session;

pub fn handle(session: &Arc<Session>, params: DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    if let Some((_, document)) = session.documents.remove(&uri) {
        document.cancel.cancel();
    }
    if !session.pulls() {
        publish::clear(session, &uri);
    }
}
