//! The `LanguageServer` impl: a routing table. Each method delegates to the handler named
//! after the LSP method, in `handlers/`, through `guard`: a handler that panics costs its
//! own request or notification, not the server.

use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use super::guard;
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
        let session = &self.session;
        guard::request(session, "initialize", async {
            Ok(handlers::initialize::handle(session, params))
        })
        .await
    }

    /// <https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#initialized>
    async fn initialized(&self, _: InitializedParams) {
        let session = &self.session;
        guard::notification(session, "initialized", async {
            handlers::initialize::initialized(session);
        })
        .await;
    }

    /// <https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#shutdown>
    async fn shutdown(&self) -> Result<()> {
        let session = &self.session;
        guard::request(session, "shutdown", handlers::shutdown::handle(session)).await
    }

    /// <https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#textDocument_didOpen>
    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let session = &self.session;
        guard::notification(session, "textDocument/didOpen", async {
            handlers::did_open::handle(session, params);
        })
        .await;
    }

    /// <https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#textDocument_didChange>
    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let session = &self.session;
        guard::notification(session, "textDocument/didChange", async {
            handlers::did_change::handle(session, params);
        })
        .await;
    }

    /// <https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#textDocument_didSave>
    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        let session = &self.session;
        guard::notification(session, "textDocument/didSave", async {
            handlers::did_save::handle(session, params);
        })
        .await;
    }

    /// <https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#textDocument_didClose>
    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let session = &self.session;
        guard::notification(session, "textDocument/didClose", async {
            handlers::did_close::handle(session, params);
        })
        .await;
    }

    /// <https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#textDocument_diagnostic>
    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let session = &self.session;
        let handler = handlers::diagnostic::handle(session, params);
        guard::request(session, "textDocument/diagnostic", handler).await
    }

    /// <https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#workspace_diagnostic>
    async fn workspace_diagnostic(
        &self,
        params: WorkspaceDiagnosticParams,
    ) -> Result<WorkspaceDiagnosticReportResult> {
        let session = &self.session;
        let handler = handlers::workspace_diagnostic::handle(session, params);
        guard::request(session, "workspace/diagnostic", handler).await
    }

    /// <https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#textDocument_codeAction>
    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let session = &self.session;
        let handler = handlers::code_action::handle(session, params);
        guard::request(session, "textDocument/codeAction", handler).await
    }

    /// <https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#textDocument_hover>
    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let session = &self.session;
        let handler = handlers::hover::handle(session, params);
        guard::request(session, "textDocument/hover", handler).await
    }

    /// <https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#workspace_executeCommand>
    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        let session = &self.session;
        let handler = handlers::execute_command::handle(session, params);
        guard::request(session, "workspace/executeCommand", handler).await
    }

    /// <https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#workspace_didChangeConfiguration>
    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let session = &self.session;
        let handler = handlers::did_change_configuration::handle(session, params);
        guard::notification(session, "workspace/didChangeConfiguration", handler).await;
    }

    /// <https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#workspace_didChangeWatchedFiles>
    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let session = &self.session;
        guard::notification(session, "workspace/didChangeWatchedFiles", async {
            handlers::did_change_configuration::watched_files(session, &params);
        })
        .await;
    }
}
