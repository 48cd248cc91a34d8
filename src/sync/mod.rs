//! Sync: turns finished scans into scan records and delivers them to the team store.
//!
//! - `endpoint`: which store URLs are accepted (https only; loopback http behind a flag).
//! - `credentials`: access keys in the OS keyring or the environment; the 3 s keyring limit.
//! - `names`: the e-mail and secret checks on scan names and tags.
//! - `record`: `Report` -> `protocol::ScanRecord` (repo-relative paths, redaction).
//! - `outbox`: the durable, encrypted local queue (SQLite, `synchronous=FULL`).
//! - `client`: signed HTTPS calls to the store (reqwest on rustls, SigV4).
//! - `deliver`: drains the outbox with retries, backoff and dead letters.
//! - `background`: the same on a worker thread, for the language server.
//!
//! Absences: no module here knows LSP types or prints to a terminal (the CLI and the language
//! server decide what to show); the secret access key is never written to a file, a log line,
//! a URL or a record, and no `Debug` output holds it.

pub mod background;
pub mod client;
pub mod credentials;
pub mod deliver;
pub mod endpoint;
pub mod names;
pub mod outbox;
pub mod record;

use std::path::PathBuf;

/// The folder for the outbox: `CODEWARD_DATA_DIR`, else `$XDG_DATA_HOME/codeward`, else
/// `~/.local/share/codeward` (on Windows `%LOCALAPPDATA%\codeward`).
pub fn data_dir() -> PathBuf {
    if let Some(folder) = std::env::var_os("CODEWARD_DATA_DIR") {
        return PathBuf::from(folder);
    }
    crate::platform::user_data_folder()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("codeward")
}
