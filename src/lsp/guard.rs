//! Panics stop at the handler. A request whose handler panics is answered with an
//! `InternalError` and a notification whose handler panics is dropped; either way one
//! `window/logMessage` says so and the server keeps serving.
//!
//! The only place that catches unwinding. It never sends the panic's message: that may
//! quote the document (a string slice out of bounds prints the text around it), and the
//! panic hook has already written it to stderr, the server's own log.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::task::{Context, Poll};

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::MessageType;

use super::session::Session;
use super::test_fault;

/// Runs the handler of the request `method`, answering `InternalError` if it panics.
pub async fn request<T>(
    session: &Session,
    method: &'static str,
    handler: impl Future<Output = Result<T>>,
) -> Result<T> {
    match CatchPanic::new(test_fault::then(method, handler)).await {
        Ok(answer) => answer,
        Err(()) => {
            log_panic(session, method).await;
            Err(Error {
                code: ErrorCode::InternalError,
                message: format!("codeward: {method} failed with an internal error").into(),
                data: None,
            })
        }
    }
}

/// Runs the handler of the notification `method`; a panic costs that notification only.
pub async fn notification(
    session: &Session,
    method: &'static str,
    handler: impl Future<Output = ()>,
) {
    if CatchPanic::new(test_fault::then(method, handler))
        .await
        .is_err()
    {
        log_panic(session, method).await;
    }
}

async fn log_panic(session: &Session, method: &str) {
    session
        .client
        .log_message(
            MessageType::ERROR,
            format!("codeward: {method} failed with an internal error (see the server's stderr); the server keeps running"),
        )
        .await;
}

/// A future that turns a panic while it is polled into `Err(())`.
struct CatchPanic<F> {
    inner: Pin<Box<F>>,
}

impl<F: Future> CatchPanic<F> {
    fn new(inner: F) -> Self {
        CatchPanic {
            inner: Box::pin(inner),
        }
    }
}

impl<F: Future> Future for CatchPanic<F> {
    type Output = std::result::Result<F::Output, ()>;

    fn poll(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Self::Output> {
        let inner = self.inner.as_mut();
        // Unwind safety: a handler shares state only through the session, whose std locks
        // are taken with `unwrap_or_else(into_inner)` and whose maps do not poison; a
        // handler cut short leaves at worst one request or notification without effect.
        match std::panic::catch_unwind(AssertUnwindSafe(|| inner.poll(context))) {
            Ok(Poll::Pending) => Poll::Pending,
            Ok(Poll::Ready(output)) => Poll::Ready(Ok(output)),
            Err(_) => Poll::Ready(Err(())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panic_while_polled_becomes_an_error_and_a_finished_future_its_output() {
        let panicked = CatchPanic::new(async {
            tokio::task::yield_now().await;
            panic!("inside the handler");
        })
        .await;
        assert_eq!(panicked, Err(()));
        assert_eq!(CatchPanic::new(async { 7 }).await, Ok(7));
    }
}
