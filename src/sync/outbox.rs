//! The durable outbox: scan records waiting for the store, in an embedded SQLite file
//! (`outbox.db`, WAL, `synchronous=FULL`) in the user's data folder.
//!
//! `enqueue` returns only after the commit is on disk, so an acknowledged record survives a
//! crash or a kill. Each record body is sealed with AES-256-GCM under the outbox key (held in
//! the keyring), bound (AAD) to its record id and key id; only the record id, the content
//! hash, the delivery state and error texts are in the clear. The body is serialised once, at
//! enqueue, and sent byte for byte on every attempt, so a replay after a lost answer is
//! recognised by the store. No network and no policy: `deliver` decides what happens when.
//!
//! Opted-in source travels with its record, sealed the same way, and obeys the store's
//! retention: source queued more than 10 days ago is dropped from pending entries (the
//! findings stay and are still delivered), with `secure_delete` so the freed pages are zeroed.

use std::path::Path;

use aes_gcm::aead::{Aead, KeyInit, OsRng, Payload, rand_core::RngCore};
use aes_gcm::{Aes256Gcm, Nonce};
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

use crate::platform;
use crate::protocol::ScanRecord;

pub const FILE_NAME: &str = "outbox.db";

/// The longest a local copy of uploaded source is kept: the store's limit (data contract 1).
pub const SOURCE_RETENTION_SECONDS: i64 = 10 * 86_400;

/// Seconds since the Unix epoch; injected in tests.
pub type Clock = std::sync::Arc<dyn Fn() -> i64 + Send + Sync>;

#[derive(Debug, thiserror::Error)]
pub enum OutboxError {
    #[error("outbox {path}: {message}")]
    Open { path: String, message: String },
    #[error("outbox: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("outbox entry {0} cannot be decrypted with the current outbox key")]
    Sealed(String),
    #[error("outbox: cannot encode the record: {0}")]
    Encode(String),
}

/// The key that seals record bodies, with the id stored beside each entry.
#[derive(Clone)]
pub struct OutboxKey {
    pub id: String,
    key: [u8; 32],
}

impl OutboxKey {
    pub fn new(id: impl Into<String>, key: [u8; 32]) -> OutboxKey {
        OutboxKey { id: id.into(), key }
    }
}

impl std::fmt::Debug for OutboxKey {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "OutboxKey({}, ***)", self.id)
    }
}

/// Pending: waiting for (another) attempt. Dead: refused by the store; kept to be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Pending,
    Dead,
}

impl State {
    fn as_str(self) -> &'static str {
        match self {
            State::Pending => "pending",
            State::Dead => "dead",
        }
    }
}

/// One entry ready to send.
#[derive(Debug, Clone)]
pub struct Due {
    pub record_id: String,
    pub content_hash: String,
    pub body: Vec<u8>,
    /// The opted-in source upload, unless there is none or it outlived its retention.
    pub source: Option<Vec<u8>>,
    pub attempts: u32,
}

/// One entry as `sync --status` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryStatus {
    pub record_id: String,
    /// `None` when the body is sealed under another key.
    pub scan_name: Option<String>,
    pub finding_count: Option<usize>,
    pub state: State,
    pub attempts: u32,
    pub next_attempt_at: i64,
    pub last_error: Option<String>,
    pub created_at: i64,
}

pub struct Outbox {
    connection: Connection,
    key: OutboxKey,
    clock: Clock,
}

impl std::fmt::Debug for Outbox {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Outbox")
            .field("connection", &self.connection)
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    record_id TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,
    key_id TEXT NOT NULL,
    sealed_body BLOB NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at INTEGER NOT NULL
);
";

/// Added after the first release: outboxes made before it gain the column on open.
const SOURCE_COLUMN: &str = "ALTER TABLE outbox ADD COLUMN sealed_source BLOB";

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| {
            i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX)
        })
}

fn source_aad(record_id: &str, key_id: &str) -> Vec<u8> {
    [
        b"codeward-outbox-source-v1",
        record_id.as_bytes(),
        key_id.as_bytes(),
    ]
    .join(&0u8)
}

fn aad(record_id: &str, key_id: &str) -> Vec<u8> {
    [
        b"codeward-outbox-v1",
        record_id.as_bytes(),
        key_id.as_bytes(),
    ]
    .join(&0u8)
}

impl Outbox {
    /// Opens (or creates) `folder/outbox.db`; the folder is made 0700 and the file 0600 (on
    /// Windows both keep the ACLs they inherit, see `platform`).
    pub fn open(folder: &Path, key: OutboxKey) -> Result<Outbox, OutboxError> {
        Outbox::open_with_clock(folder, key, std::sync::Arc::new(now))
    }

    /// `open` with the clock that dates entries and expires their source.
    pub fn open_with_clock(
        folder: &Path,
        key: OutboxKey,
        clock: Clock,
    ) -> Result<Outbox, OutboxError> {
        let fail = |message: String| OutboxError::Open {
            path: folder.join(FILE_NAME).display().to_string(),
            message,
        };
        if !folder.exists() {
            platform::create_private_folder(folder).map_err(|error| fail(error.to_string()))?;
        }
        let path = folder.join(FILE_NAME);
        let connection = Connection::open(&path).map_err(|error| fail(error.to_string()))?;
        platform::make_owner_only(&path).map_err(|error| fail(error.to_string()))?;
        connection.busy_timeout(std::time::Duration::from_secs(10))?;
        connection.pragma_update(None, "journal_mode", "WAL")?;
        connection.pragma_update(None, "synchronous", "FULL")?;
        connection.pragma_update(None, "secure_delete", "ON")?;
        connection.execute_batch(SCHEMA)?;
        let has_source: bool = connection.query_row(
            "SELECT COUNT(*) FROM pragma_table_info('outbox') WHERE name = 'sealed_source'",
            [],
            |row| row.get::<_, i64>(0).map(|count| count > 0),
        )?;
        if !has_source {
            connection.execute_batch(SOURCE_COLUMN)?;
        }
        Ok(Outbox {
            connection,
            key,
            clock,
        })
    }

    fn seal(&self, record_id: &str, body: &[u8]) -> Result<Vec<u8>, OutboxError> {
        self.seal_with(&aad(record_id, &self.key.id), body)
    }

    fn seal_with(&self, aad: &[u8], body: &[u8]) -> Result<Vec<u8>, OutboxError> {
        let cipher = Aes256Gcm::new_from_slice(&self.key.key)
            .map_err(|error| OutboxError::Encode(error.to_string()))?;
        let mut nonce = [0u8; 12];
        OsRng.fill_bytes(&mut nonce);
        let sealed = cipher
            .encrypt(Nonce::from_slice(&nonce), Payload { msg: body, aad })
            .map_err(|error| OutboxError::Encode(error.to_string()))?;
        Ok([nonce.as_slice(), &sealed].concat())
    }

    fn open_body(&self, record_id: &str, key_id: &str, sealed: &[u8]) -> Option<Vec<u8>> {
        self.open_with(key_id, &aad(record_id, key_id), sealed)
    }

    fn open_with(&self, key_id: &str, aad: &[u8], sealed: &[u8]) -> Option<Vec<u8>> {
        if key_id != self.key.id || sealed.len() < 12 {
            return None;
        }
        let cipher = Aes256Gcm::new_from_slice(&self.key.key).ok()?;
        let (nonce, ciphertext) = sealed.split_at(12);
        cipher
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad,
                },
            )
            .ok()
    }

    /// Seals and stores `record`; returns once the entry is durable. Answers the content
    /// hash (hex SHA-256 of the body that will be sent).
    pub fn enqueue(&self, record: &ScanRecord) -> Result<String, OutboxError> {
        self.enqueue_with_source(record, None)
    }

    /// `enqueue`, with the opted-in source upload (`record::source_bundle`) sealed beside it.
    pub fn enqueue_with_source(
        &self,
        record: &ScanRecord,
        source: Option<&[u8]>,
    ) -> Result<String, OutboxError> {
        let body =
            serde_json::to_vec(record).map_err(|error| OutboxError::Encode(error.to_string()))?;
        let content_hash = hex::encode(Sha256::digest(&body));
        let sealed = self.seal(&record.scan_id, &body)?;
        let sealed_source = source
            .map(|source| self.seal_with(&source_aad(&record.scan_id, &self.key.id), source))
            .transpose()?;
        self.connection.execute(
            "INSERT INTO outbox (record_id, content_hash, key_id, sealed_body, sealed_source, \
             created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                record.scan_id,
                content_hash,
                self.key.id,
                sealed,
                sealed_source,
                (self.clock)()
            ],
        )?;
        Ok(content_hash)
    }

    /// Drops source queued more than 10 days ago (the findings stay); answers how many.
    pub fn expire_sources(&self) -> Result<usize, OutboxError> {
        Ok(self.connection.execute(
            "UPDATE outbox SET sealed_source = NULL \
             WHERE sealed_source IS NOT NULL AND created_at <= ?1",
            params![(self.clock)() - SOURCE_RETENTION_SECONDS],
        )?)
    }

    /// Pending entries, oldest first: all of them, or only those due by `at`.
    /// Source past its retention is dropped first.
    pub fn due(&self, at: Option<i64>) -> Result<Vec<Due>, OutboxError> {
        self.expire_sources()?;
        let mut statement = self.connection.prepare(
            "SELECT record_id, content_hash, key_id, sealed_body, attempts, sealed_source \
             FROM outbox WHERE state = 'pending' AND next_attempt_at <= ?1 ORDER BY seq",
        )?;
        let rows = statement.query_map(params![at.unwrap_or(i64::MAX)], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, Vec<u8>>(3)?,
                row.get::<_, u32>(4)?,
                row.get::<_, Option<Vec<u8>>>(5)?,
            ))
        })?;
        let mut due = Vec::new();
        for row in rows {
            let (record_id, content_hash, key_id, sealed, attempts, sealed_source) = row?;
            // Entries under another key stay for `--status` to show; they are not sendable.
            if let Some(body) = self.open_body(&record_id, &key_id, &sealed) {
                let source = sealed_source.and_then(|sealed| {
                    self.open_with(&key_id, &source_aad(&record_id, &key_id), &sealed)
                });
                due.push(Due {
                    record_id,
                    content_hash,
                    body,
                    source,
                    attempts,
                });
            }
        }
        Ok(due)
    }

    /// Removes an entry the store confirmed; `false` if it was already gone.
    pub fn delivered(&self, record_id: &str, content_hash: &str) -> Result<bool, OutboxError> {
        let removed = self.connection.execute(
            "DELETE FROM outbox WHERE record_id = ?1 AND content_hash = ?2",
            params![record_id, content_hash],
        )?;
        Ok(removed > 0)
    }

    /// Counts a failed attempt and sets when the next one may start.
    pub fn retry_later(
        &self,
        record_id: &str,
        next_attempt_at: i64,
        error: &str,
    ) -> Result<(), OutboxError> {
        self.connection.execute(
            "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?2, last_error = ?3 \
             WHERE record_id = ?1",
            params![record_id, next_attempt_at, error],
        )?;
        Ok(())
    }

    /// Parks an entry the store refused; it is kept and shown until requeued.
    pub fn dead_letter(&self, record_id: &str, error: &str) -> Result<(), OutboxError> {
        self.connection.execute(
            "UPDATE outbox SET attempts = attempts + 1, state = ?2, last_error = ?3 \
             WHERE record_id = ?1",
            params![record_id, State::Dead.as_str(), error],
        )?;
        Ok(())
    }

    /// Puts every dead-lettered entry back in the queue; answers how many.
    pub fn requeue_dead(&self) -> Result<usize, OutboxError> {
        Ok(self.connection.execute(
            "UPDATE outbox SET state = 'pending', next_attempt_at = 0 WHERE state = 'dead'",
            [],
        )?)
    }

    /// Every entry, oldest first, for `sync --status`.
    pub fn status(&self) -> Result<Vec<EntryStatus>, OutboxError> {
        let mut statement = self.connection.prepare(
            "SELECT record_id, key_id, sealed_body, state, attempts, next_attempt_at, \
             last_error, created_at FROM outbox ORDER BY seq",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, Vec<u8>>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, u32>(4)?,
                row.get::<_, i64>(5)?,
                row.get::<_, Option<String>>(6)?,
                row.get::<_, i64>(7)?,
            ))
        })?;
        let mut entries = Vec::new();
        for row in rows {
            let (
                record_id,
                key_id,
                sealed,
                state,
                attempts,
                next_attempt_at,
                last_error,
                created_at,
            ) = row?;
            let record: Option<ScanRecord> = self
                .open_body(&record_id, &key_id, &sealed)
                .and_then(|body| serde_json::from_slice(&body).ok());
            entries.push(EntryStatus {
                scan_name: record.as_ref().map(|record| record.scan_name.clone()),
                finding_count: record.as_ref().map(|record| record.findings.len()),
                record_id,
                state: if state == "dead" {
                    State::Dead
                } else {
                    State::Pending
                },
                attempts,
                next_attempt_at,
                last_error,
                created_at,
            });
        }
        Ok(entries)
    }

    /// SQLite's own consistency check: `ok` when the file is intact.
    pub fn integrity_check(&self) -> Result<String, OutboxError> {
        Ok(self
            .connection
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))?)
    }

    /// The `synchronous` setting in force (2 = FULL).
    pub fn synchronous(&self) -> Result<i64, OutboxError> {
        Ok(self
            .connection
            .query_row("PRAGMA synchronous", [], |row| row.get(0))?)
    }

    /// Whether the entry exists, for tests and status.
    pub fn contains(&self, record_id: &str) -> Result<bool, OutboxError> {
        Ok(self
            .connection
            .query_row(
                "SELECT 1 FROM outbox WHERE record_id = ?1",
                params![record_id],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{Scope, Tool};

    fn record(id: &str) -> ScanRecord {
        ScanRecord {
            scan_id: id.into(),
            scan_name: "nightly".into(),
            scope: Scope {
                repository: "acme/app".into(),
                branch: "main".into(),
                commit: String::new(),
            },
            tool: Tool {
                name: "codeward".into(),
                version: "0".into(),
                ruleset_hash: String::new(),
            },
            started_at: "2025-01-01T00:00:00Z".into(),
            finished_at: "2025-01-01T00:00:01Z".into(),
            metadata: Default::default(),
            tags: vec![],
            findings: vec![],
        }
    }

    #[test]
    fn entries_are_sealed_durable_and_removed_only_with_the_right_hash() {
        let folder = tempfile::tempdir().expect("tempdir");
        let key = OutboxKey::new("k1", [7; 32]);
        let outbox = Outbox::open(folder.path(), key.clone()).expect("opens");
        assert_eq!(outbox.synchronous().expect("pragma"), 2);
        let hash = outbox.enqueue(&record("r1")).expect("enqueues");
        let raw = std::fs::read(folder.path().join(FILE_NAME)).expect("reads");
        let wal = std::fs::read(folder.path().join("outbox.db-wal")).unwrap_or_default();
        for bytes in [&raw, &wal] {
            assert!(!bytes.windows(7).any(|window| window == b"nightly"));
        }
        let due = outbox.due(None).expect("due");
        assert_eq!(due.len(), 1);
        assert_eq!(hex::encode(Sha256::digest(&due[0].body)), hash);
        assert!(!outbox.delivered("r1", "wrong").expect("deletes"));
        assert!(outbox.delivered("r1", &hash).expect("deletes"));
        assert!(outbox.due(None).expect("due").is_empty());
    }

    #[test]
    fn source_is_dropped_after_10_days_and_the_findings_stay() {
        let folder = tempfile::tempdir().expect("tempdir");
        let clock = std::sync::Arc::new(std::sync::atomic::AtomicI64::new(1_000_000));
        let reading = std::sync::Arc::clone(&clock);
        let outbox = Outbox::open_with_clock(
            folder.path(),
            OutboxKey::new("k", [5; 32]),
            std::sync::Arc::new(move || reading.load(std::sync::atomic::Ordering::SeqCst)),
        )
        .expect("opens");
        let hash = outbox
            .enqueue_with_source(&record("r1"), Some(b"print('source')"))
            .expect("enqueues");
        outbox.enqueue(&record("r2")).expect("enqueues");
        let sources = |outbox: &Outbox| -> Vec<(String, Option<Vec<u8>>)> {
            outbox
                .due(None)
                .expect("due")
                .into_iter()
                .map(|due| (due.record_id, due.source))
                .collect()
        };
        let day = 86_400;
        clock.store(
            1_000_000 + 10 * day - 1,
            std::sync::atomic::Ordering::SeqCst,
        );
        assert_eq!(
            sources(&outbox),
            vec![
                ("r1".to_owned(), Some(b"print('source')".to_vec())),
                ("r2".to_owned(), None)
            ]
        );
        clock.store(1_000_000 + 10 * day, std::sync::atomic::Ordering::SeqCst);
        assert_eq!(
            sources(&outbox),
            vec![("r1".to_owned(), None), ("r2".to_owned(), None)]
        );
        // The record itself is untouched and still removable with its hash.
        let due = outbox.due(None).expect("due");
        assert_eq!(hex::encode(Sha256::digest(&due[0].body)), hash);
        assert!(outbox.delivered("r1", &hash).expect("deletes"));
        let raw = std::fs::read(folder.path().join(FILE_NAME)).expect("reads");
        assert!(!raw.windows(6).any(|window| window == b"source"));
    }

    #[test]
    fn another_key_cannot_read_entries() {
        let folder = tempfile::tempdir().expect("tempdir");
        Outbox::open(folder.path(), OutboxKey::new("k1", [7; 32]))
            .expect("opens")
            .enqueue(&record("r1"))
            .expect("enqueues");
        let other = Outbox::open(folder.path(), OutboxKey::new("k2", [8; 32])).expect("opens");
        assert!(other.due(None).expect("due").is_empty());
        let status = other.status().expect("status");
        assert_eq!(status.len(), 1);
        assert_eq!(status[0].scan_name, None);
    }

    #[test]
    fn retries_and_dead_letters_are_recorded() {
        let folder = tempfile::tempdir().expect("tempdir");
        let outbox = Outbox::open(folder.path(), OutboxKey::new("k", [1; 32])).expect("opens");
        outbox.enqueue(&record("r1")).expect("enqueues");
        outbox.enqueue(&record("r2")).expect("enqueues");
        outbox.retry_later("r1", 100, "busy").expect("updates");
        outbox.dead_letter("r2", "refused").expect("updates");
        assert!(outbox.due(Some(99)).expect("due").is_empty());
        assert_eq!(outbox.due(Some(100)).expect("due").len(), 1);
        let status = outbox.status().expect("status");
        assert_eq!(
            status
                .iter()
                .map(|entry| (
                    entry.record_id.as_str(),
                    entry.state,
                    entry.attempts,
                    entry.last_error.as_deref()
                ))
                .collect::<Vec<_>>(),
            vec![
                ("r1", State::Pending, 1, Some("busy")),
                ("r2", State::Dead, 1, Some("refused"))
            ]
        );
        assert_eq!(outbox.requeue_dead().expect("requeues"), 1);
        assert_eq!(outbox.due(None).expect("due").len(), 2);
    }
}
