//! Storage: the `Storage` trait the store is written against, and its SQLite implementation
//! (WAL, `synchronous=FULL`, created on first start).
//!
//! Rows hold sealed blobs and non-sensitive metadata only; this module never encrypts,
//! decrypts, hashes names or decides who may see what: `service` does. It knows no HTTP and no
//! wire types. `postgres.rs` implements the same trait on the same schema for PostgreSQL.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

mod postgres;
pub use postgres::{PostgresStorage, postgres_schema};

pub const SCHEMA: &str = include_str!("schema.sql");
const SCHEMA_VERSION: i64 = 1;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("database: {0}")]
    Postgres(#[from] tokio_postgres::Error),
    #[error("database URL: {0}")]
    Url(String),
    #[error("the transaction was abandoned")]
    Aborted,
    #[error("no table {0}")]
    UnknownTable(String),
    #[error("the database is at schema version {0}; this codeward expects {SCHEMA_VERSION}")]
    SchemaVersion(i64),
}

pub type DbResult<T> = Result<T, DbError>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessKeyRow {
    pub access_key_id: String,
    pub tenant: String,
    pub role: String,
    pub sealed_secret: Vec<u8>,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanRow {
    pub tenant: String,
    pub scan_id: String,
    pub name_index: String,
    pub scope_index: String,
    pub content_hash: String,
    pub created_at: i64,
    pub finding_count: i64,
    pub sealed_record: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFinding {
    pub finding_id: String,
    pub severity: String,
    pub sealed_finding: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingRow {
    pub scope_index: String,
    pub finding_id: String,
    pub severity: String,
    pub status: String,
    pub first_seen: i64,
    pub last_seen: i64,
    pub closed_at: Option<i64>,
    pub sealed_finding: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRow {
    pub tenant: String,
    pub scan_id: String,
    pub uploaded_at: i64,
    pub expires_at: i64,
    pub sealed_source: Vec<u8>,
}

/// A sealed value somewhere in the database, for re-wrapping its data key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedCell {
    /// `access_keys`, `scans` or `findings`.
    pub table: &'static str,
    pub tenant: String,
    /// The row's key within the tenant: access key id, scan id, or `scope/finding id`.
    pub record: String,
    pub sealed: Vec<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IngestOutcome {
    Created,
    /// Same scan id, same content hash: nothing written.
    Replayed,
    /// Same scan id, other content: nothing written.
    Conflict,
    /// The account switched keys after the values were sealed: nothing written.
    KeyChanged,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MetricsRow {
    pub open_by_severity: Vec<(String, i64)>,
    pub closed: i64,
    pub mean_close_seconds: Option<f64>,
}

/// One audit event: who, what, when, where, result. Never payloads or secrets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    pub time: i64,
    pub principal: String,
    pub tenant: String,
    pub action: String,
    pub resource: String,
    pub source: String,
    pub result: String,
    pub request_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    pub seq: i64,
    pub event: AuditEvent,
    pub prev_hash: String,
    pub hash: String,
}

/// Computes an event's chain hash from the previous hash, its sequence number and itself.
pub type ChainHash<'a> = &'a (dyn Fn(&str, i64, &AuditEvent) -> String + Sync);

/// Re-wraps a tenant's sealed values for `switch_account_key`.
pub type Rewrap<'a> = &'a mut dyn FnMut(Option<&str>, Vec<SealedCell>) -> Option<Vec<SealedCell>>;

/// What the store needs from a database. Every method is one transaction.
pub trait Storage: Send + Sync + std::fmt::Debug {
    fn insert_access_key(&self, row: &AccessKeyRow) -> DbResult<()>;
    fn access_key(&self, access_key_id: &str) -> DbResult<Option<AccessKeyRow>>;
    fn access_keys(&self) -> DbResult<Vec<AccessKeyRow>>;
    /// Returns false when there was no live key with that id.
    fn revoke_access_key(&self, access_key_id: &str, at: i64) -> DbResult<bool>;
    /// Stores a scan and its findings, reopens findings seen again and closes the scope's
    /// findings that this scan no longer reports: all or nothing. `sealed_for` is the account
    /// key id the values were sealed for; if the account has switched keys since, nothing is
    /// written (`KeyChanged`), so no value lands under a key the account has left.
    fn ingest_scan(
        &self,
        scan: &ScanRow,
        findings: &[NewFinding],
        sealed_for: Option<&str>,
    ) -> DbResult<IngestOutcome>;
    fn scans(&self, tenant: &str) -> DbResult<Vec<ScanRow>>;
    /// The latest scan with that name index.
    fn scan_by_name(&self, tenant: &str, name_index: &str) -> DbResult<Option<ScanRow>>;
    fn findings(
        &self,
        tenant: &str,
        scope_index: Option<&str>,
        status: Option<&str>,
    ) -> DbResult<Vec<FindingRow>>;
    fn metrics(&self, tenant: &str) -> DbResult<MetricsRow>;
    fn append_audit(&self, event: &AuditEvent, chain: ChainHash<'_>) -> DbResult<AuditRow>;
    fn audit_events(&self) -> DbResult<Vec<AuditRow>>;
    /// Stores (or replaces) a scan's uploaded source; false when the tenant has no such scan.
    fn put_source(&self, row: &SourceRow) -> DbResult<bool>;
    fn source(&self, tenant: &str, scan_id: &str) -> DbResult<Option<SourceRow>>;
    /// False when there was nothing to delete.
    fn delete_source(&self, tenant: &str, scan_id: &str) -> DbResult<bool>;
    /// Deletes every upload with `expires_at <= now`; returns how many.
    fn delete_expired_sources(&self, now: i64) -> DbResult<u64>;
    /// The account's customer-managed key id, if it set one.
    fn account_key(&self, tenant: &str) -> DbResult<Option<String>>;
    /// Switches the account's key in one transaction that no ingest of the account can
    /// interleave with: `rewrap` gets the current key id and every sealed value of the tenant
    /// and returns them re-wrapped, or `None` to abort (`DbError::Aborted`).
    fn switch_account_key(
        &self,
        tenant: &str,
        kms_key_id: Option<&str>,
        at: i64,
        rewrap: Rewrap<'_>,
    ) -> DbResult<()>;
    /// Every sealed value of `tenant` (all tenants when `None`) except uploaded source.
    fn sealed_cells(&self, tenant: Option<&str>) -> DbResult<Vec<SealedCell>>;
    /// Replaces sealed values in one transaction; a cell whose row is gone is skipped.
    fn replace_sealed(&self, cells: &[SealedCell]) -> DbResult<()>;
    /// Row counts by table, for tests and `store status`.
    fn row_count(&self, table: &str) -> DbResult<i64>;
}

/// The tables `row_count` accepts.
pub const TABLES: [&str; 6] = [
    "access_keys",
    "scans",
    "findings",
    "audit_events",
    "sources",
    "accounts",
];

/// The embedded default: one SQLite file in the data directory.
#[derive(Debug)]
pub struct SqliteStorage {
    connection: Mutex<Connection>,
}

impl SqliteStorage {
    pub fn open(path: &Path) -> DbResult<SqliteStorage> {
        let connection = Connection::open(path)?;
        connection
            .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0))?;
        connection.pragma_update(None, "synchronous", "FULL")?;
        connection.busy_timeout(std::time::Duration::from_secs(5))?;
        connection.execute_batch(SCHEMA)?;
        let version: Option<i64> = connection
            .query_row("SELECT version FROM schema_version", [], |row| row.get(0))
            .optional()?;
        match version {
            None => {
                connection.execute(
                    "INSERT INTO schema_version (version) VALUES (?1)",
                    [SCHEMA_VERSION],
                )?;
            }
            Some(SCHEMA_VERSION) => {}
            Some(other) => return Err(DbError::SchemaVersion(other)),
        }
        Ok(SqliteStorage {
            connection: Mutex::new(connection),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves SQLite consistent (transactions roll back).
        self.connection
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Runs a read-only query and returns each row's columns as bytes, joined by NUL: for
    /// tests that inspect what is at rest.
    pub fn raw_query(&self, sql: &str) -> DbResult<Vec<Vec<u8>>> {
        let connection = self.lock();
        let mut statement = connection.prepare(sql)?;
        let columns = statement.column_count();
        let rows = statement.query_map([], |row| {
            let mut bytes = Vec::new();
            for index in 0..columns {
                match row.get_ref(index)? {
                    rusqlite::types::ValueRef::Blob(value)
                    | rusqlite::types::ValueRef::Text(value) => {
                        bytes.extend_from_slice(value);
                    }
                    other => bytes.extend(format!("{other:?}").into_bytes()),
                }
                bytes.push(0);
            }
            Ok(bytes)
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Runs a statement: for tests that tamper with what is at rest.
    pub fn raw_execute(&self, sql: &str) -> DbResult<usize> {
        Ok(self.lock().execute(sql, [])?)
    }
}

fn access_key_from(row: &rusqlite::Row<'_>) -> rusqlite::Result<AccessKeyRow> {
    Ok(AccessKeyRow {
        access_key_id: row.get(0)?,
        tenant: row.get(1)?,
        role: row.get(2)?,
        sealed_secret: row.get(3)?,
        created_at: row.get(4)?,
        revoked_at: row.get(5)?,
    })
}

const SCAN_COLUMNS: &str = "tenant, scan_id, name_index, scope_index, content_hash, created_at, finding_count, sealed_record";

fn scan_from(row: &rusqlite::Row<'_>) -> rusqlite::Result<ScanRow> {
    Ok(ScanRow {
        tenant: row.get(0)?,
        scan_id: row.get(1)?,
        name_index: row.get(2)?,
        scope_index: row.get(3)?,
        content_hash: row.get(4)?,
        created_at: row.get(5)?,
        finding_count: row.get(6)?,
        sealed_record: row.get(7)?,
    })
}

fn finding_from(row: &rusqlite::Row<'_>) -> rusqlite::Result<FindingRow> {
    Ok(FindingRow {
        scope_index: row.get(0)?,
        finding_id: row.get(1)?,
        severity: row.get(2)?,
        status: row.get(3)?,
        first_seen: row.get(4)?,
        last_seen: row.get(5)?,
        closed_at: row.get(6)?,
        sealed_finding: row.get(7)?,
    })
}

fn source_from(row: &rusqlite::Row<'_>) -> rusqlite::Result<SourceRow> {
    Ok(SourceRow {
        tenant: row.get(0)?,
        scan_id: row.get(1)?,
        uploaded_at: row.get(2)?,
        expires_at: row.get(3)?,
        sealed_source: row.get(4)?,
    })
}

fn audit_from(row: &rusqlite::Row<'_>) -> rusqlite::Result<AuditRow> {
    Ok(AuditRow {
        seq: row.get(0)?,
        event: AuditEvent {
            time: row.get(1)?,
            principal: row.get(2)?,
            tenant: row.get(3)?,
            action: row.get(4)?,
            resource: row.get(5)?,
            source: row.get(6)?,
            result: row.get(7)?,
            request_id: row.get(8)?,
        },
        prev_hash: row.get(9)?,
        hash: row.get(10)?,
    })
}

impl Storage for SqliteStorage {
    fn insert_access_key(&self, row: &AccessKeyRow) -> DbResult<()> {
        self.lock().execute(
            "INSERT INTO access_keys (access_key_id, tenant, role, sealed_secret, created_at, revoked_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![row.access_key_id, row.tenant, row.role, row.sealed_secret, row.created_at, row.revoked_at],
        )?;
        Ok(())
    }

    fn access_key(&self, access_key_id: &str) -> DbResult<Option<AccessKeyRow>> {
        let connection = self.lock();
        let sql = "SELECT access_key_id, tenant, role, sealed_secret, created_at, revoked_at
                   FROM access_keys WHERE access_key_id = ?1";
        Ok(connection
            .query_row(sql, [access_key_id], access_key_from)
            .optional()?)
    }

    fn access_keys(&self) -> DbResult<Vec<AccessKeyRow>> {
        let connection = self.lock();
        let mut statement = connection.prepare(
            "SELECT access_key_id, tenant, role, sealed_secret, created_at, revoked_at
             FROM access_keys ORDER BY tenant, created_at, access_key_id",
        )?;
        let rows = statement.query_map([], access_key_from)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn revoke_access_key(&self, access_key_id: &str, at: i64) -> DbResult<bool> {
        let changed = self.lock().execute(
            "UPDATE access_keys SET revoked_at = ?2 WHERE access_key_id = ?1 AND revoked_at IS NULL",
            params![access_key_id, at],
        )?;
        Ok(changed == 1)
    }

    fn ingest_scan(
        &self,
        scan: &ScanRow,
        findings: &[NewFinding],
        sealed_for: Option<&str>,
    ) -> DbResult<IngestOutcome> {
        let mut connection = self.lock();
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let existing: Option<String> = transaction
            .query_row(
                "SELECT content_hash FROM scans WHERE tenant = ?1 AND scan_id = ?2",
                [&scan.tenant, &scan.scan_id],
                |row| row.get(0),
            )
            .optional()?;
        if let Some(hash) = existing {
            return Ok(if hash == scan.content_hash {
                IngestOutcome::Replayed
            } else {
                IngestOutcome::Conflict
            });
        }
        if account_key_in(&transaction, &scan.tenant)?.as_deref() != sealed_for {
            return Ok(IngestOutcome::KeyChanged);
        }
        transaction.execute(
            &format!("INSERT INTO scans ({SCAN_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"),
            params![
                scan.tenant,
                scan.scan_id,
                scan.name_index,
                scan.scope_index,
                scan.content_hash,
                scan.created_at,
                scan.finding_count,
                scan.sealed_record
            ],
        )?;
        for finding in findings {
            transaction.execute(
                "INSERT INTO findings (tenant, scope_index, finding_id, severity, status, first_seen,
                                       last_seen, closed_at, last_scan_id, sealed_finding)
                 VALUES (?1, ?2, ?3, ?4, 'Open', ?5, ?5, NULL, ?6, ?7)
                 ON CONFLICT (tenant, scope_index, finding_id) DO UPDATE SET
                   severity = excluded.severity, status = 'Open', last_seen = excluded.last_seen,
                   first_seen = CASE WHEN findings.status = 'Closed' THEN excluded.first_seen
                                     ELSE findings.first_seen END,
                   closed_at = NULL, last_scan_id = excluded.last_scan_id,
                   sealed_finding = excluded.sealed_finding",
                params![
                    scan.tenant, scan.scope_index, finding.finding_id, finding.severity,
                    scan.created_at, scan.scan_id, finding.sealed_finding
                ],
            )?;
        }
        transaction.execute(
            "UPDATE findings SET status = 'Closed', closed_at = ?3
             WHERE tenant = ?1 AND scope_index = ?2 AND status = 'Open' AND last_scan_id <> ?4",
            params![scan.tenant, scan.scope_index, scan.created_at, scan.scan_id],
        )?;
        transaction.commit()?;
        Ok(IngestOutcome::Created)
    }

    fn scans(&self, tenant: &str) -> DbResult<Vec<ScanRow>> {
        let connection = self.lock();
        let mut statement = connection.prepare(&format!(
            "SELECT {SCAN_COLUMNS} FROM scans WHERE tenant = ?1 ORDER BY created_at, scan_id"
        ))?;
        let rows = statement.query_map([tenant], scan_from)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn scan_by_name(&self, tenant: &str, name_index: &str) -> DbResult<Option<ScanRow>> {
        let connection = self.lock();
        let sql = format!(
            "SELECT {SCAN_COLUMNS} FROM scans WHERE tenant = ?1 AND name_index = ?2
             ORDER BY created_at DESC, scan_id DESC LIMIT 1"
        );
        Ok(connection
            .query_row(&sql, [tenant, name_index], scan_from)
            .optional()?)
    }

    fn findings(
        &self,
        tenant: &str,
        scope_index: Option<&str>,
        status: Option<&str>,
    ) -> DbResult<Vec<FindingRow>> {
        let connection = self.lock();
        let sql = findings_sql(scope_index.is_some(), status.is_some());
        let mut statement = connection.prepare(&sql)?;
        let mut bound: Vec<&dyn rusqlite::ToSql> = vec![&tenant];
        bound.extend(
            scope_index
                .iter()
                .map(|value| value as &dyn rusqlite::ToSql),
        );
        bound.extend(status.iter().map(|value| value as &dyn rusqlite::ToSql));
        let rows = statement.query_map(bound.as_slice(), finding_from)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn metrics(&self, tenant: &str) -> DbResult<MetricsRow> {
        let connection = self.lock();
        let mut statement = connection.prepare(
            "SELECT severity, COUNT(*) FROM findings WHERE tenant = ?1 AND status = 'Open' GROUP BY severity",
        )?;
        let open_by_severity = statement
            .query_map([tenant], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let (closed, mean_close_seconds) = connection.query_row(
            "SELECT COUNT(*), AVG(closed_at - first_seen) FROM findings WHERE tenant = ?1 AND status = 'Closed'",
            [tenant],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        Ok(MetricsRow {
            open_by_severity,
            closed,
            mean_close_seconds,
        })
    }

    fn append_audit(&self, event: &AuditEvent, chain: ChainHash<'_>) -> DbResult<AuditRow> {
        let mut connection = self.lock();
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let last: Option<(i64, String)> = transaction
            .query_row(
                "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        let (seq, prev_hash) = last.map_or((1, String::new()), |(seq, hash)| (seq + 1, hash));
        let hash = chain(&prev_hash, seq, event);
        transaction.execute(
            "INSERT INTO audit_events (seq, time, principal, tenant, action, resource, source, result,
                                       request_id, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                seq, event.time, event.principal, event.tenant, event.action, event.resource,
                event.source, event.result, event.request_id, prev_hash, hash
            ],
        )?;
        transaction.commit()?;
        Ok(AuditRow {
            seq,
            event: event.clone(),
            prev_hash,
            hash,
        })
    }

    fn audit_events(&self) -> DbResult<Vec<AuditRow>> {
        let connection = self.lock();
        let mut statement = connection.prepare(
            "SELECT seq, time, principal, tenant, action, resource, source, result, request_id, prev_hash, hash
             FROM audit_events ORDER BY seq",
        )?;
        let rows = statement.query_map([], audit_from)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn put_source(&self, row: &SourceRow) -> DbResult<bool> {
        let mut connection = self.lock();
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let scan: Option<i64> = transaction
            .query_row(
                "SELECT 1 FROM scans WHERE tenant = ?1 AND scan_id = ?2",
                [&row.tenant, &row.scan_id],
                |found| found.get(0),
            )
            .optional()?;
        if scan.is_none() {
            return Ok(false);
        }
        transaction.execute(
            "INSERT INTO sources (tenant, scan_id, uploaded_at, expires_at, sealed_source)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (tenant, scan_id) DO UPDATE SET uploaded_at = excluded.uploaded_at,
               expires_at = excluded.expires_at, sealed_source = excluded.sealed_source",
            params![
                row.tenant,
                row.scan_id,
                row.uploaded_at,
                row.expires_at,
                row.sealed_source
            ],
        )?;
        transaction.commit()?;
        Ok(true)
    }

    fn source(&self, tenant: &str, scan_id: &str) -> DbResult<Option<SourceRow>> {
        let connection = self.lock();
        Ok(connection
            .query_row(
                "SELECT tenant, scan_id, uploaded_at, expires_at, sealed_source FROM sources
                 WHERE tenant = ?1 AND scan_id = ?2",
                [tenant, scan_id],
                source_from,
            )
            .optional()?)
    }

    fn delete_source(&self, tenant: &str, scan_id: &str) -> DbResult<bool> {
        let changed = self.lock().execute(
            "DELETE FROM sources WHERE tenant = ?1 AND scan_id = ?2",
            [tenant, scan_id],
        )?;
        Ok(changed == 1)
    }

    fn delete_expired_sources(&self, now: i64) -> DbResult<u64> {
        let changed = self
            .lock()
            .execute("DELETE FROM sources WHERE expires_at <= ?1", [now])?;
        Ok(u64::try_from(changed).unwrap_or(0))
    }

    fn account_key(&self, tenant: &str) -> DbResult<Option<String>> {
        account_key_in(&self.lock(), tenant)
    }

    fn switch_account_key(
        &self,
        tenant: &str,
        kms_key_id: Option<&str>,
        at: i64,
        rewrap: Rewrap<'_>,
    ) -> DbResult<()> {
        let mut connection = self.lock();
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current = account_key_in(&transaction, tenant)?;
        let cells = sealed_cells_in(&transaction, Some(tenant))?;
        let rewrapped = rewrap(current.as_deref(), cells).ok_or(DbError::Aborted)?;
        for cell in &rewrapped {
            transaction.execute(
                replace_sealed_sql(cell.table),
                params![cell.tenant, cell.record, cell.sealed],
            )?;
        }
        transaction.execute(UPSERT_ACCOUNT, params![tenant, kms_key_id, at])?;
        transaction.commit()?;
        Ok(())
    }

    fn sealed_cells(&self, tenant: Option<&str>) -> DbResult<Vec<SealedCell>> {
        sealed_cells_in(&self.lock(), tenant)
    }

    fn replace_sealed(&self, cells: &[SealedCell]) -> DbResult<()> {
        let mut connection = self.lock();
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        for cell in cells {
            let sql = replace_sealed_sql(cell.table);
            transaction.execute(sql, params![cell.tenant, cell.record, cell.sealed])?;
        }
        transaction.commit()?;
        Ok(())
    }

    fn row_count(&self, table: &str) -> DbResult<i64> {
        let table = TABLES
            .into_iter()
            .find(|known| *known == table)
            .ok_or_else(|| DbError::UnknownTable(table.to_owned()))?;
        Ok(self
            .lock()
            .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |row| {
                row.get(0)
            })?)
    }
}

pub(crate) const UPSERT_ACCOUNT: &str =
    "INSERT INTO accounts (tenant, kms_key_id, updated_at) VALUES (?1, ?2, ?3)
     ON CONFLICT (tenant) DO UPDATE SET kms_key_id = excluded.kms_key_id,
       updated_at = excluded.updated_at";

fn account_key_in(connection: &Connection, tenant: &str) -> DbResult<Option<String>> {
    let key: Option<Option<String>> = connection
        .query_row(
            "SELECT kms_key_id FROM accounts WHERE tenant = ?1",
            [tenant],
            |row| row.get(0),
        )
        .optional()?;
    Ok(key.flatten())
}

fn sealed_cells_in(connection: &Connection, tenant: Option<&str>) -> DbResult<Vec<SealedCell>> {
    let mut cells = Vec::new();
    for (table, sql) in SEALED_CELL_QUERIES {
        let mut statement = connection.prepare(sql)?;
        let rows = statement.query_map([tenant], |row| {
            Ok(SealedCell {
                table,
                tenant: row.get(0)?,
                record: row.get(1)?,
                sealed: row.get(2)?,
            })
        })?;
        for row in rows {
            cells.push(row?);
        }
    }
    Ok(cells)
}

/// The findings query with only the filters in use (`?1` tenant, then scope, then status), so
/// that the planner can use the scope index; both backends run it.
fn findings_sql(by_scope: bool, by_status: bool) -> String {
    let mut sql = "SELECT scope_index, finding_id, severity, status, first_seen, last_seen,
                          closed_at, sealed_finding
                   FROM findings WHERE tenant = ?1"
        .to_owned();
    let mut next = 2;
    if by_scope {
        sql.push_str(&format!(" AND scope_index = ?{next}"));
        next += 1;
    }
    if by_status {
        sql.push_str(&format!(" AND status = ?{next}"));
    }
    sql.push_str(" ORDER BY scope_index, finding_id");
    sql
}

/// The statement that replaces one sealed value (`?1` tenant, `?2` record, `?3` value).
fn replace_sealed_sql(table: &str) -> &'static str {
    match table {
        "access_keys" => {
            "UPDATE access_keys SET sealed_secret = ?3 WHERE tenant = ?1 AND access_key_id = ?2"
        }
        "scans" => "UPDATE scans SET sealed_record = ?3 WHERE tenant = ?1 AND scan_id = ?2",
        _ => {
            "UPDATE findings SET sealed_finding = ?3
             WHERE tenant = ?1 AND scope_index || '/' || finding_id = ?2"
        }
    }
}

/// Where sealed values live: (table, query of tenant, record key, sealed value; `?1` is the
/// tenant or NULL for all). The same text serves SQLite and PostgreSQL (`$1`).
pub const SEALED_CELL_QUERIES: [(&str, &str); 3] = [
    (
        "access_keys",
        "SELECT tenant, access_key_id, sealed_secret FROM access_keys
         WHERE ?1 IS NULL OR tenant = ?1 ORDER BY tenant, access_key_id",
    ),
    (
        "scans",
        "SELECT tenant, scan_id, sealed_record FROM scans
         WHERE ?1 IS NULL OR tenant = ?1 ORDER BY tenant, scan_id",
    ),
    (
        "findings",
        "SELECT tenant, scope_index || '/' || finding_id, sealed_finding FROM findings
         WHERE ?1 IS NULL OR tenant = ?1 ORDER BY tenant, scope_index, finding_id",
    ),
];
