//! `initialize`: negotiate the position encoding (UTF-8 when offered, else UTF-16) and the
//! diagnostic model (pull, per document and for the workspace, when the client supports
//! it; push otherwise), read the editor's settings; once `initialized`, watch the config
//! and rule files.

use std::sync::atomic::Ordering;

use tower_lsp_server::ls_types::*;

use crate::lsp::session::Session;
use crate::lsp::settings::EditorSettings;
use crate::text::Encoding;

pub const SCAN_WORKSPACE: &str = "codeward.scanWorkspace";

pub fn handle(session: &Session, params: InitializeParams) -> InitializeResult {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|general| general.position_encodings.clone())
        .unwrap_or_default();
    let (encoding, kind) = if offered.contains(&PositionEncodingKind::UTF8) {
        (Encoding::Utf8, PositionEncodingKind::UTF8)
    } else {
        (Encoding::Utf16, PositionEncodingKind::UTF16)
    };
    *session
        .encoding
        .write()
        .unwrap_or_else(|poison| poison.into_inner()) = encoding;
    let pull = params
        .capabilities
        .text_document
        .as_ref()
        .and_then(|text_document| text_document.diagnostic.as_ref())
        .is_some();
    session.pull.store(pull, Ordering::Relaxed);
    let refresh = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|workspace| workspace.diagnostics.as_ref())
        .and_then(|diagnostics| diagnostics.refresh_support)
        .unwrap_or(false);
    session.diagnostic_refresh.store(refresh, Ordering::Relaxed);
    let work_done_progress = params
        .capabilities
        .window
        .as_ref()
        .and_then(|window| window.work_done_progress)
        .unwrap_or(false);
    session
        .work_done_progress
        .store(work_done_progress, Ordering::Relaxed);
    let watch_files = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|workspace| workspace.did_change_watched_files.as_ref())
        .and_then(|watched| watched.dynamic_registration)
        .unwrap_or(false);
    session.watch_files.store(watch_files, Ordering::Relaxed);
    let mut roots = Vec::new();
    for folder in params.workspace_folders.iter().flatten() {
        if let Some(path) = folder.uri.to_file_path() {
            roots.push(path.into_owned());
        }
    }
    #[expect(deprecated, reason = "older clients still send only rootUri")]
    if roots.is_empty()
        && let Some(path) = params.root_uri.as_ref().and_then(|uri| uri.to_file_path())
    {
        roots.push(path.into_owned());
    }
    *session
        .roots
        .write()
        .unwrap_or_else(|poison| poison.into_inner()) = roots;
    if let Some(options) = &params.initialization_options {
        match EditorSettings::from_json(options) {
            Ok(read) => {
                for key in read.unknown {
                    tell(
                        session,
                        MessageType::WARNING,
                        format!("codeward: unknown setting `{key}` ignored"),
                    );
                }
                session.set_editor(read.settings);
            }
            Err(error) => tell(
                session,
                MessageType::ERROR,
                format!("codeward: settings not applied: {error}"),
            ),
        }
    }
    InitializeResult {
        capabilities: ServerCapabilities {
            position_encoding: Some(kind),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                    ..TextDocumentSyncOptions::default()
                },
            )),
            diagnostic_provider: pull.then(|| {
                DiagnosticServerCapabilities::Options(DiagnosticOptions {
                    identifier: Some("codeward".to_owned()),
                    inter_file_dependencies: false,
                    workspace_diagnostics: true,
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                })
            }),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![
                    CodeActionKind::QUICKFIX,
                    CodeActionKind::new("source.fixAll.codeward"),
                ]),
                resolve_provider: Some(false),
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            execute_command_provider: Some(ExecuteCommandOptions {
                commands: vec![SCAN_WORKSPACE.to_owned()],
                work_done_progress_options: WorkDoneProgressOptions::default(),
            }),
            ..ServerCapabilities::default()
        },
        server_info: Some(ServerInfo {
            name: "codeward".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        }),
        offset_encoding: None,
    }
}

/// A message for the user while `initialize` is answered (the spec allows
/// `window/showMessage` then), sent without holding up the answer.
fn tell(session: &Session, kind: MessageType, message: String) {
    let client = session.client.clone();
    tokio::spawn(async move { client.show_message(kind, message).await });
}

/// After `initialized`: watch `.codeward.toml` files and rule files, so that an edit of one
/// reloads the configuration (`did_change_configuration::watched_files`). Only clients that
/// announce dynamic registration of watchers are asked, as the spec says; others notify
/// changes they watch themselves, or none.
pub fn initialized(session: &Session) {
    if !session.watch_files.load(Ordering::Relaxed) {
        return;
    }
    let registration = Registration {
        id: "codeward-config-and-rule-files".to_owned(),
        method: "workspace/didChangeWatchedFiles".to_owned(),
        register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![
                FileSystemWatcher {
                    glob_pattern: GlobPattern::String(format!("**/{}", crate::config::FILE_NAME)),
                    kind: None,
                },
                FileSystemWatcher {
                    glob_pattern: GlobPattern::String("**/*.{yaml,yml}".to_owned()),
                    kind: None,
                },
            ],
        })
        .ok(),
    };
    // A notification handler never waits on a request to the client: a client that sends
    // `shutdown` and `exit` before answering would otherwise keep the server from ending.
    let client = session.client.clone();
    tokio::spawn(async move {
        let _ = client.register_capability(vec![registration]).await;
    });
}
