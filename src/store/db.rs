//! Storage: the `Storage` trait the store is written against, its row types, and the SQL that
//! both implementations share: `sqlite.rs` (the embedded default) and `postgres.rs` (several
//! store processes on one database), on the same schema (`schema.sql`).
//!
//! Rows hold sealed blobs and non-sensitive metadata only; this module never encrypts,
//! decrypts, hashes names or decides who may see what: `service` does. It knows no HTTP and no
//! wire types.

mod postgres;
mod sqlite;

pub use postgres::{PostgresStorage, postgres_schema};
pub use sqlite::SqliteStorage;

pub const SCHEMA: &str = include_str!("schema.sql");
pub(crate) const SCHEMA_VERSION: i64 = 1;

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

pub(crate) const SCAN_COLUMNS: &str = "tenant, scan_id, name_index, scope_index, content_hash, created_at, finding_count, sealed_record";

pub(crate) const UPSERT_ACCOUNT: &str =
    "INSERT INTO accounts (tenant, kms_key_id, updated_at) VALUES (?1, ?2, ?3)
     ON CONFLICT (tenant) DO UPDATE SET kms_key_id = excluded.kms_key_id,
       updated_at = excluded.updated_at";

/// The findings query with only the filters in use (`?1` tenant, then scope, then status), so
/// that the planner can use the scope index; both backends run it.
pub(crate) fn findings_sql(by_scope: bool, by_status: bool) -> String {
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
pub(crate) fn replace_sealed_sql(table: &str) -> &'static str {
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
