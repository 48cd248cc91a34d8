//! The `LanguageServer` impl: a routing table. Each method delegates to the handler named
//! after the LSP method, in `handlers/`.

use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use super::handlers;
use super::session::Session;

#[derive(Debug)]
pub struct Backend {
    session: Arc<Session>,
}

impl Backend {
    pub fn new(client: Client) -> Backend {
        let session = Arc::new(Session::new(client));
        session.load_builtin_rules();
        Backend { session }
    }
}

impl LanguageServer for Backend {
    /// <https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#initialize>
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        Ok(handlers::initialize::handle(&self.session, params))
    }

    /// <https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#initialized>
    async fn initialized(&self, _: InitializedParams) {
        handlers::initialize::initialized(&self.session);
    }

    /// <https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#shutdown>
    async fn shutdown(&self) -> Result<()> {
        handlers::shutdown::handle(&self.session).await
    }

    /// <https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#textDocument_didOpen>
    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        handlers::did_open::handle(&self.session, params);
    }

    /// <https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#textDocument_didChange>
    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        handlers::did_change::handle(&self.session, params);
    }

    /// <https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#textDocument_didSave>
    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        handlers::did_save::handle(&self.session, params);
    }

    /// <https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#textDocument_didClose>
    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        handlers::did_close::handle(&self.session, params);
    }

    /// <https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#textDocument_diagnostic>
    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        handlers::diagnostic::handle(&self.session, params).await
    }

    /// <https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#textDocument_codeAction>
    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        handlers::code_action::handle(&self.session, params).await
    }

    /// <https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#textDocument_hover>
    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        handlers::hover::handle(&self.session, params).await
    }

    /// <https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#workspace_executeCommand>
    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        handlers::execute_command::handle(&self.session, params).await
    }

    /// <https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#workspace_didChangeConfiguration>
    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        handlers::did_change_configuration::handle(&self.session, params).await;
    }

    /// <https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#workspace_didChangeWatchedFiles>
    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        handlers::did_change_configuration::watched_files(&self.session, &params);
    }
}
