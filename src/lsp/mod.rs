//! The language server: open documents as ropes with their syntax trees, analysed on a
//! blocking worker after each edit, findings published as diagnostics with code actions
//! and hovers.
//!
//! The only module that knows LSP types (`tower-lsp-server` and its `ls_types`). It does
//! not match rules itself: it calls `engine::scan_tree` and converts. It has no settings
//! type of its own: each document is analysed under the `Config` that `codeward scan` reads
//! (`projects.rs`), with the editor's settings layered on top (`settings.rs`). State shared
//! between handlers lives in `Session`; no lock or map guard is held across an `.await`.
//! Syncing to the team store (`sync.rs`) goes through `crate::sync::background`: no handler
//! waits on the keyring, the outbox or the network.

mod analysis;
mod convert;
mod document;
mod guard;
mod handlers;
mod projects;
mod publish;
mod regions;
mod server;
mod session;
mod settings;
mod sync;
mod test_fault;

use tokio::io::{AsyncRead, AsyncWrite};
use tower_lsp_server::{LspService, Server};

pub use server::Backend;

/// Serves the protocol on a pair of streams until the client sends `exit`.
pub async fn serve<I, O>(input: I, output: O)
where
    I: AsyncRead + Unpin,
    O: AsyncWrite,
{
    let (service, socket) = LspService::new(Backend::new);
    Server::new(input, output, socket).serve(service).await;
}

/// `codeward lsp`: the server over stdin and stdout.
pub fn run_stdio() -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(serve(tokio::io::stdin(), tokio::io::stdout()));
    // `exit` was received: a blocking analysis still finishing its current step has no
    // effect outside the process, so the process does not wait for it.
    runtime.shutdown_background();
    Ok(())
}
