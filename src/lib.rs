//! codeward: a security scanner for the editor and for CI.
//!
//! Module map (each module's invariants are in its own header):
//! - `text`: byte offsets, lines and columns; the only place that converts encodings.
//! - `lang`: languages and grammars.
//! - `rules`: the rule file format, validation, the built-in pack.
//! - `engine`: matching, taint, secrets, fixes, suppressions, fingerprints; `scan()`.
//! - `sync`: scan records, the durable outbox, signed delivery, keyring credentials.
//! - `platform`: owner-only files and folders, the user's data folder; the only user of
//!   `std::os::unix` outside tests.
//! - `testcode`: which files are test code, and what is reported in them.
//!
//! `engine`, `rules`, `lang` and `text` do no IO, no async, and know no LSP or wire types.

pub mod cli;
pub mod config;
pub mod engine;
pub mod lang;
pub mod lsp;
pub mod platform;
pub mod protocol;
pub mod report;
pub mod rules;
pub mod store;
pub mod sync;
pub mod testcode;
pub mod text;
