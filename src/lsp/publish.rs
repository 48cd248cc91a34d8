//! The one way diagnostics leave the server (`textDocument/publishDiagnostics`).
//!
//! A push is decided while the document's map entry is held and queued in that same
//! moment, and an edit moves the document to its next generation under the same entry: so
//! pushes are queued in the order of the edits they follow, and a result for a version the
//! document has moved past is dropped here, never sent after a newer one. One task forwards
//! the queue to the client, in order. After `shutdown` nothing more is queued. Knows no
//! analysis: it sends what the document holds.

use std::sync::Mutex;

use dashmap::mapref::entry::Entry;
use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};
use tokio::task::JoinHandle;
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::{Diagnostic, Uri};

use super::session::Session;

#[derive(Debug)]
struct Push {
    uri: Uri,
    diagnostics: Vec<Diagnostic>,
    version: Option<i32>,
}

/// The queue of pushes and the task that forwards it.
#[derive(Debug)]
pub struct Pushes {
    /// `None` once the server is shut down.
    queue: Mutex<Option<UnboundedSender<Push>>>,
    forwarder: Mutex<Option<JoinHandle<()>>>,
}

impl Pushes {
    /// Starts the forwarding task (on the current runtime).
    pub fn start(client: Client) -> Pushes {
        let (queue, mut pushes) = unbounded_channel::<Push>();
        let forwarder = tokio::spawn(async move {
            while let Some(push) = pushes.recv().await {
                client
                    .publish_diagnostics(push.uri, push.diagnostics, push.version)
                    .await;
            }
        });
        Pushes {
            queue: Mutex::new(Some(queue)),
            forwarder: Mutex::new(Some(forwarder)),
        }
    }

    /// Queues a push; never blocks, so it may be called with a map entry held.
    fn queue(&self, push: Push) {
        if let Some(queue) = lock(&self.queue).as_ref() {
            let _ = queue.send(push);
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poison| poison.into_inner())
}

/// Pushes the document's current result if it belongs to `generation` and has not been
/// pushed yet. A client that pulls is never pushed a document's result.
pub fn latest(session: &Session, uri: &Uri, generation: u64) {
    if session.pulls() {
        return;
    }
    let Some(mut document) = session.documents.get_mut(uri) else {
        return;
    };
    if document.generation != generation {
        return;
    }
    let Some(published) = document
        .published
        .as_ref()
        .filter(|published| published.generation == generation)
    else {
        return;
    };
    if document.pushed == Some(published.sequence) {
        return;
    }
    let (sequence, push) = (
        published.sequence,
        Push {
            uri: uri.clone(),
            diagnostics: published.diagnostics.clone(),
            version: Some(published.version),
        },
    );
    session.pushes.queue(push);
    document.pushed = Some(sequence);
}

/// Pushes the diagnostics of a file that is not open (a workspace scan's) and records it in
/// `Session::pushed`, unless it has been opened meanwhile. Returns whether they were queued.
pub fn unopened(session: &Session, uri: &Uri, diagnostics: Vec<Diagnostic>) -> bool {
    match session.documents.entry(uri.clone()) {
        Entry::Occupied(_) => false,
        Entry::Vacant(_) => {
            session.pushes.queue(Push {
                uri: uri.clone(),
                diagnostics,
                version: None,
            });
            // Under the entry: a `didOpen` that follows finds the mark and clears the push.
            session.pushed.insert(uri.clone(), ());
            true
        }
    }
}

/// Clears what was pushed for `uri` (it was closed, or a pull client now pulls it); queued
/// after every push decided before.
pub fn clear(session: &Session, uri: &Uri) {
    session.pushes.queue(Push {
        uri: uri.clone(),
        diagnostics: Vec::new(),
        version: None,
    });
}

/// At `shutdown`: queues nothing more, and returns once everything queued before has been
/// handed to the client.
pub async fn close(session: &Session) {
    lock(&session.pushes.queue).take();
    let forwarder = lock(&session.pushes.forwarder).take();
    if let Some(forwarder) = forwarder {
        let _ = forwarder.await;
    }
}
