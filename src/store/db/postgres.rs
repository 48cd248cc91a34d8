//! The PostgreSQL implementation of `Storage` (`--database postgres://...`): the schema of
//! `schema.sql` with PostgreSQL types, for several store processes on one database.
//!
//! `tokio-postgres` runs on a small runtime owned by this type; each `Storage` method borrows a
//! pooled connection and blocks on it, so callers run it on the blocking pool, never on the
//! server's async workers. Processes coordinate only through the database: transaction-scoped
//! advisory locks serialise the audit chain and the findings of one scope, and the scan
//! insert is `ON CONFLICT DO NOTHING`, so concurrent writers neither deadlock nor fork the
//! chain. Like the SQLite side it never encrypts, decides access or knows HTTP.

use std::future::Future;
use std::sync::{Condvar, Mutex};

use tokio_postgres::types::ToSql;
use tokio_postgres::{Client, NoTls, Row};

use super::{
    AccessKeyRow, AuditEvent, AuditRow, ChainHash, DbError, DbResult, FindingRow, IngestOutcome,
    MetricsRow, NewFinding, Rewrap, SCAN_COLUMNS, SCHEMA, SCHEMA_VERSION, SEALED_CELL_QUERIES,
    ScanRow, SealedCell, SourceRow, Storage, TABLES, UPSERT_ACCOUNT, findings_sql,
    replace_sealed_sql,
};

/// Advisory lock ids: one for schema creation, one for the audit chain.
const SCHEMA_LOCK: i64 = 0x636f_6465_7761_7201;
const AUDIT_LOCK: i64 = 0x636f_6465_7761_7202;
const MAX_CONNECTIONS: usize = 8;

type Params<'a> = &'a [&'a (dyn ToSql + Sync)];

/// `schema.sql` in PostgreSQL's dialect.
pub fn postgres_schema() -> String {
    SCHEMA
        .replace("BLOB", "BYTEA")
        .replace("INTEGER PRIMARY KEY", "BIGINT PRIMARY KEY")
}

/// SQLite's `?N` placeholders as PostgreSQL's `$N`.
fn dollar(sql: &str) -> String {
    sql.replace('?', "$")
}

#[derive(Default)]
struct Pool {
    idle: Vec<Client>,
    open: usize,
}

pub struct PostgresStorage {
    /// Always `Some` until dropped: `Drop` shuts it down without blocking, since the last
    /// reference may go away on an async worker.
    runtime: Option<tokio::runtime::Runtime>,
    config: tokio_postgres::Config,
    pool: Mutex<Pool>,
    returned: Condvar,
}

impl std::fmt::Debug for PostgresStorage {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the password; the hosts and database name are enough.
        write!(
            formatter,
            "PostgresStorage {{ hosts: {:?}, dbname: {:?} }}",
            self.config.get_hosts(),
            self.config.get_dbname()
        )
    }
}

impl PostgresStorage {
    /// Connects, and creates the schema on first start. The password, if any, comes from
    /// `password` (the caller reads it from the environment), never from the URL.
    pub fn open(url: &str, password: Option<&str>) -> DbResult<PostgresStorage> {
        let mut config: tokio_postgres::Config = url
            .parse()
            .map_err(|error: tokio_postgres::Error| DbError::Url(error.to_string()))?;
        if config.get_password().is_some() {
            return Err(DbError::Url(
                "the URL carries a password; put it in CODEWARD_DATABASE_PASSWORD instead".into(),
            ));
        }
        if let Some(password) = password {
            config.password(password);
        }
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("codeward-postgres")
            .enable_all()
            .build()
            .map_err(|error| DbError::Url(format!("starting the database runtime: {error}")))?;
        let storage = PostgresStorage {
            runtime: Some(runtime),
            config,
            pool: Mutex::new(Pool::default()),
            returned: Condvar::new(),
        };
        let schema = postgres_schema();
        let version = storage.run(|mut client| async move {
            let result = async {
                let transaction = client.transaction().await?;
                transaction
                    .execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK])
                    .await?;
                transaction.batch_execute(&schema).await?;
                let version = transaction
                    .query_opt("SELECT version::BIGINT FROM schema_version", &[])
                    .await?
                    .map(|row| row.get::<_, i64>(0));
                if version.is_none() {
                    transaction
                        .execute(
                            "INSERT INTO schema_version (version) VALUES ($1::BIGINT)",
                            &[&SCHEMA_VERSION],
                        )
                        .await?;
                }
                transaction.commit().await?;
                Ok(version)
            }
            .await;
            (client, result)
        })?;
        match version {
            None | Some(SCHEMA_VERSION) => Ok(storage),
            Some(other) => Err(DbError::SchemaVersion(other)),
        }
    }

    fn runtime(&self) -> &tokio::runtime::Runtime {
        self.runtime.as_ref().expect("present until dropped")
    }

    fn lock_pool(&self) -> std::sync::MutexGuard<'_, Pool> {
        self.pool
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn checkout(&self) -> DbResult<Client> {
        let mut pool = self.lock_pool();
        loop {
            while let Some(client) = pool.idle.pop() {
                if !client.is_closed() {
                    return Ok(client);
                }
                pool.open -= 1;
            }
            if pool.open < MAX_CONNECTIONS {
                pool.open += 1;
                drop(pool);
                return self.connect().inspect_err(|_| {
                    self.lock_pool().open -= 1;
                    self.returned.notify_one();
                });
            }
            pool = self
                .returned
                .wait(pool)
                .unwrap_or_else(std::sync::PoisonError::into_inner);
        }
    }

    fn connect(&self) -> DbResult<Client> {
        let (client, connection) = self.runtime().block_on(self.config.connect(NoTls))?;
        self.runtime().spawn(async move {
            if let Err(error) = connection.await {
                eprintln!("codeward store: database connection closed: {error}");
            }
        });
        Ok(client)
    }

    fn checkin(&self, client: Client) {
        let mut pool = self.lock_pool();
        if client.is_closed() {
            pool.open -= 1;
        } else {
            pool.idle.push(client);
        }
        self.returned.notify_one();
    }

    /// Runs `work` with a pooled connection, blocking this (non-async) thread until it ends.
    fn run<T, F, Fut>(&self, work: F) -> DbResult<T>
    where
        F: FnOnce(Client) -> Fut,
        Fut: Future<Output = (Client, Result<T, tokio_postgres::Error>)>,
    {
        let client = self.checkout()?;
        let (client, result) = self.runtime().block_on(work(client));
        self.checkin(client);
        Ok(result?)
    }

    /// One statement (SQLite placeholders), its rows.
    fn query(&self, sql: &str, params: Params<'_>) -> DbResult<Vec<Row>> {
        let sql = dollar(sql);
        self.run(|client| async move {
            let result = client.query(&sql, params).await;
            (client, result)
        })
    }

    fn execute(&self, sql: &str, params: Params<'_>) -> DbResult<u64> {
        let sql = dollar(sql);
        self.run(|client| async move {
            let result = client.execute(&sql, params).await;
            (client, result)
        })
    }
}

impl Drop for PostgresStorage {
    fn drop(&mut self) {
        self.lock_pool().idle.clear();
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

fn access_key_from(row: &Row) -> AccessKeyRow {
    AccessKeyRow {
        access_key_id: row.get(0),
        tenant: row.get(1),
        role: row.get(2),
        sealed_secret: row.get(3),
        created_at: row.get(4),
        revoked_at: row.get(5),
    }
}

fn scan_from(row: &Row) -> ScanRow {
    ScanRow {
        tenant: row.get(0),
        scan_id: row.get(1),
        name_index: row.get(2),
        scope_index: row.get(3),
        content_hash: row.get(4),
        created_at: row.get(5),
        finding_count: row.get(6),
        sealed_record: row.get(7),
    }
}

fn finding_from(row: &Row) -> FindingRow {
    FindingRow {
        scope_index: row.get(0),
        finding_id: row.get(1),
        severity: row.get(2),
        status: row.get(3),
        first_seen: row.get(4),
        last_seen: row.get(5),
        closed_at: row.get(6),
        sealed_finding: row.get(7),
    }
}

fn audit_from(row: &Row) -> AuditRow {
    AuditRow {
        seq: row.get(0),
        event: AuditEvent {
            time: row.get(1),
            principal: row.get(2),
            tenant: row.get(3),
            action: row.get(4),
            resource: row.get(5),
            source: row.get(6),
            result: row.get(7),
            request_id: row.get(8),
        },
        prev_hash: row.get(9),
        hash: row.get(10),
    }
}

fn source_from(row: &Row) -> SourceRow {
    SourceRow {
        tenant: row.get(0),
        scan_id: row.get(1),
        uploaded_at: row.get(2),
        expires_at: row.get(3),
        sealed_source: row.get(4),
    }
}

const ACCESS_KEY_COLUMNS: &str =
    "access_key_id, tenant, role, sealed_secret, created_at, revoked_at";
const AUDIT_COLUMNS: &str =
    "seq, time, principal, tenant, action, resource, source, result, request_id, prev_hash, hash";

const UPSERT_FINDING: &str =
    "INSERT INTO findings (tenant, scope_index, finding_id, severity, status,
        first_seen, last_seen, closed_at, last_scan_id, sealed_finding)
     VALUES ($1, $2, $3, $4, 'Open', $5, $5, NULL, $6, $7)
     ON CONFLICT (tenant, scope_index, finding_id) DO UPDATE SET
       severity = excluded.severity, status = 'Open', last_seen = excluded.last_seen,
       first_seen = CASE WHEN findings.status = 'Closed' THEN excluded.first_seen
                         ELSE findings.first_seen END,
       closed_at = NULL, last_scan_id = excluded.last_scan_id,
       sealed_finding = excluded.sealed_finding";

impl Storage for PostgresStorage {
    fn insert_access_key(&self, row: &AccessKeyRow) -> DbResult<()> {
        self.execute(
            &format!(
                "INSERT INTO access_keys ({ACCESS_KEY_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
            ),
            &[
                &row.access_key_id,
                &row.tenant,
                &row.role,
                &row.sealed_secret,
                &row.created_at,
                &row.revoked_at,
            ],
        )?;
        Ok(())
    }

    fn access_key(&self, access_key_id: &str) -> DbResult<Option<AccessKeyRow>> {
        let rows = self.query(
            &format!("SELECT {ACCESS_KEY_COLUMNS} FROM access_keys WHERE access_key_id = ?1"),
            &[&access_key_id],
        )?;
        Ok(rows.first().map(access_key_from))
    }

    fn access_keys(&self) -> DbResult<Vec<AccessKeyRow>> {
        let rows = self.query(
            &format!(
                "SELECT {ACCESS_KEY_COLUMNS} FROM access_keys
                 ORDER BY tenant, created_at, access_key_id"
            ),
            &[],
        )?;
        Ok(rows.iter().map(access_key_from).collect())
    }

    fn revoke_access_key(&self, access_key_id: &str, at: i64) -> DbResult<bool> {
        let changed = self.execute(
            "UPDATE access_keys SET revoked_at = ?2
             WHERE access_key_id = ?1 AND revoked_at IS NULL",
            &[&access_key_id, &at],
        )?;
        Ok(changed == 1)
    }

    fn ingest_scan(
        &self,
        scan: &ScanRow,
        findings: &[NewFinding],
        sealed_for: Option<&str>,
    ) -> DbResult<IngestOutcome> {
        let insert_scan = dollar(&format!(
            "INSERT INTO scans ({SCAN_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (tenant, scan_id) DO NOTHING"
        ));
        self.run(|mut client| async move {
            let result = async {
                let transaction = client.transaction().await?;
                // A key switch of the account waits for ingests and they wait for it.
                let account_lock = format!("account/{}", scan.tenant);
                transaction
                    .execute(
                        "SELECT pg_advisory_xact_lock_shared(hashtextextended($1, 0))",
                        &[&account_lock],
                    )
                    .await?;
                // One writer per scope at a time, across processes: closing depends on it.
                let scope_lock = format!("{}/{}", scan.tenant, scan.scope_index);
                transaction
                    .execute(
                        "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
                        &[&scope_lock],
                    )
                    .await?;
                let inserted = transaction
                    .execute(
                        &insert_scan,
                        &[
                            &scan.tenant,
                            &scan.scan_id,
                            &scan.name_index,
                            &scan.scope_index,
                            &scan.content_hash,
                            &scan.created_at,
                            &scan.finding_count,
                            &scan.sealed_record,
                        ],
                    )
                    .await?;
                if inserted == 0 {
                    let existing: String = transaction
                        .query_one(
                            "SELECT content_hash FROM scans WHERE tenant = $1 AND scan_id = $2",
                            &[&scan.tenant, &scan.scan_id],
                        )
                        .await?
                        .get(0);
                    return Ok(if existing == scan.content_hash {
                        IngestOutcome::Replayed
                    } else {
                        IngestOutcome::Conflict
                    });
                }
                let current: Option<String> = transaction
                    .query_opt(
                        "SELECT kms_key_id FROM accounts WHERE tenant = $1",
                        &[&scan.tenant],
                    )
                    .await?
                    .and_then(|row| row.get(0));
                if current.as_deref() != sealed_for {
                    // Dropping the transaction rolls the scan row back.
                    return Ok(IngestOutcome::KeyChanged);
                }
                let upsert = transaction.prepare(UPSERT_FINDING).await?;
                for finding in findings {
                    transaction
                        .execute(
                            &upsert,
                            &[
                                &scan.tenant,
                                &scan.scope_index,
                                &finding.finding_id,
                                &finding.severity,
                                &scan.created_at,
                                &scan.scan_id,
                                &finding.sealed_finding,
                            ],
                        )
                        .await?;
                }
                transaction
                    .execute(
                        "UPDATE findings SET status = 'Closed', closed_at = $3
                         WHERE tenant = $1 AND scope_index = $2 AND status = 'Open'
                           AND last_scan_id <> $4",
                        &[
                            &scan.tenant,
                            &scan.scope_index,
                            &scan.created_at,
                            &scan.scan_id,
                        ],
                    )
                    .await?;
                transaction.commit().await?;
                Ok(IngestOutcome::Created)
            }
            .await;
            (client, result)
        })
    }

    fn scans(&self, tenant: &str) -> DbResult<Vec<ScanRow>> {
        let rows = self.query(
            &format!(
                "SELECT {SCAN_COLUMNS} FROM scans WHERE tenant = ?1 ORDER BY created_at, scan_id"
            ),
            &[&tenant],
        )?;
        Ok(rows.iter().map(scan_from).collect())
    }

    fn scan_by_name(&self, tenant: &str, name_index: &str) -> DbResult<Option<ScanRow>> {
        let rows = self.query(
            &format!(
                "SELECT {SCAN_COLUMNS} FROM scans WHERE tenant = ?1 AND name_index = ?2
                 ORDER BY created_at DESC, scan_id DESC LIMIT 1"
            ),
            &[&tenant, &name_index],
        )?;
        Ok(rows.first().map(scan_from))
    }

    fn findings(
        &self,
        tenant: &str,
        scope_index: Option<&str>,
        status: Option<&str>,
    ) -> DbResult<Vec<FindingRow>> {
        let sql = findings_sql(scope_index.is_some(), status.is_some());
        let mut bound: Vec<&(dyn ToSql + Sync)> = vec![&tenant];
        bound.extend(scope_index.iter().map(|value| value as &(dyn ToSql + Sync)));
        bound.extend(status.iter().map(|value| value as &(dyn ToSql + Sync)));
        let rows = self.query(&sql, &bound)?;
        Ok(rows.iter().map(finding_from).collect())
    }

    fn metrics(&self, tenant: &str) -> DbResult<MetricsRow> {
        let open = self.query(
            "SELECT severity, COUNT(*) FROM findings
             WHERE tenant = ?1 AND status = 'Open' GROUP BY severity",
            &[&tenant],
        )?;
        let closed = self.query(
            "SELECT COUNT(*), AVG(closed_at - first_seen)::FLOAT8 FROM findings
             WHERE tenant = ?1 AND status = 'Closed'",
            &[&tenant],
        )?;
        let (closed, mean_close_seconds) = closed
            .first()
            .map_or((0, None), |row| (row.get(0), row.get(1)));
        Ok(MetricsRow {
            open_by_severity: open.iter().map(|row| (row.get(0), row.get(1))).collect(),
            closed,
            mean_close_seconds,
        })
    }

    fn append_audit(&self, event: &AuditEvent, chain: ChainHash<'_>) -> DbResult<AuditRow> {
        let insert = format!(
            "INSERT INTO audit_events ({AUDIT_COLUMNS})
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
        );
        self.run(|mut client| async move {
            let result = async {
                let transaction = client.transaction().await?;
                // The chain has one head: appends from every process take turns.
                transaction
                    .execute("SELECT pg_advisory_xact_lock($1)", &[&AUDIT_LOCK])
                    .await?;
                let last = transaction
                    .query_opt(
                        "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1",
                        &[],
                    )
                    .await?
                    .map(|row| (row.get::<_, i64>(0), row.get::<_, String>(1)));
                let (seq, prev_hash) =
                    last.map_or((1, String::new()), |(seq, hash)| (seq + 1, hash));
                let hash = chain(&prev_hash, seq, event);
                transaction
                    .execute(
                        &insert,
                        &[
                            &seq,
                            &event.time,
                            &event.principal,
                            &event.tenant,
                            &event.action,
                            &event.resource,
                            &event.source,
                            &event.result,
                            &event.request_id,
                            &prev_hash,
                            &hash,
                        ],
                    )
                    .await?;
                transaction.commit().await?;
                Ok(AuditRow {
                    seq,
                    event: event.clone(),
                    prev_hash,
                    hash,
                })
            }
            .await;
            (client, result)
        })
    }

    fn audit_events(&self) -> DbResult<Vec<AuditRow>> {
        let rows = self.query(
            &format!("SELECT {AUDIT_COLUMNS} FROM audit_events ORDER BY seq"),
            &[],
        )?;
        Ok(rows.iter().map(audit_from).collect())
    }

    fn put_source(&self, row: &SourceRow) -> DbResult<bool> {
        // One statement: the row is written only if the tenant has that scan.
        let changed = self.execute(
            "INSERT INTO sources (tenant, scan_id, uploaded_at, expires_at, sealed_source)
             SELECT ?1, ?2, ?3, ?4, ?5 WHERE EXISTS
               (SELECT 1 FROM scans WHERE tenant = ?1 AND scan_id = ?2)
             ON CONFLICT (tenant, scan_id) DO UPDATE SET uploaded_at = excluded.uploaded_at,
               expires_at = excluded.expires_at, sealed_source = excluded.sealed_source",
            &[
                &row.tenant,
                &row.scan_id,
                &row.uploaded_at,
                &row.expires_at,
                &row.sealed_source,
            ],
        )?;
        Ok(changed == 1)
    }

    fn source(&self, tenant: &str, scan_id: &str) -> DbResult<Option<SourceRow>> {
        let rows = self.query(
            "SELECT tenant, scan_id, uploaded_at, expires_at, sealed_source FROM sources
             WHERE tenant = ?1 AND scan_id = ?2",
            &[&tenant, &scan_id],
        )?;
        Ok(rows.first().map(source_from))
    }

    fn delete_source(&self, tenant: &str, scan_id: &str) -> DbResult<bool> {
        let changed = self.execute(
            "DELETE FROM sources WHERE tenant = ?1 AND scan_id = ?2",
            &[&tenant, &scan_id],
        )?;
        Ok(changed == 1)
    }

    fn delete_expired_sources(&self, now: i64) -> DbResult<u64> {
        self.execute("DELETE FROM sources WHERE expires_at <= ?1", &[&now])
    }

    fn account_key(&self, tenant: &str) -> DbResult<Option<String>> {
        let rows = self.query(
            "SELECT kms_key_id FROM accounts WHERE tenant = ?1",
            &[&tenant],
        )?;
        Ok(rows.first().and_then(|row| row.get(0)))
    }

    fn switch_account_key(
        &self,
        tenant: &str,
        kms_key_id: Option<&str>,
        at: i64,
        rewrap: Rewrap<'_>,
    ) -> DbResult<()> {
        let queries: Vec<(&'static str, String)> = SEALED_CELL_QUERIES
            .iter()
            .map(|(table, sql)| {
                (
                    *table,
                    dollar(&sql.replacen("?1 IS NULL", "?1::TEXT IS NULL", 1)),
                )
            })
            .collect();
        let upsert = dollar(UPSERT_ACCOUNT);
        let outcome = self.run(|mut client| async move {
            let result = async {
                let transaction = client.transaction().await?;
                let account_lock = format!("account/{tenant}");
                transaction
                    .execute(
                        "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
                        &[&account_lock],
                    )
                    .await?;
                let current: Option<String> = transaction
                    .query_opt(
                        "SELECT kms_key_id FROM accounts WHERE tenant = $1",
                        &[&tenant],
                    )
                    .await?
                    .and_then(|row| row.get(0));
                let mut cells = Vec::new();
                for (table, sql) in &queries {
                    for row in transaction.query(sql.as_str(), &[&Some(tenant)]).await? {
                        cells.push(SealedCell {
                            table,
                            tenant: row.get(0),
                            record: row.get(1),
                            sealed: row.get(2),
                        });
                    }
                }
                let Some(rewrapped) = rewrap(current.as_deref(), cells) else {
                    return Ok(false);
                };
                for cell in &rewrapped {
                    transaction
                        .execute(
                            &dollar(replace_sealed_sql(cell.table)),
                            &[&cell.tenant, &cell.record, &cell.sealed],
                        )
                        .await?;
                }
                transaction
                    .execute(&upsert, &[&tenant, &kms_key_id, &at])
                    .await?;
                transaction.commit().await?;
                Ok(true)
            }
            .await;
            (client, result)
        })?;
        if outcome {
            Ok(())
        } else {
            Err(DbError::Aborted)
        }
    }

    fn sealed_cells(&self, tenant: Option<&str>) -> DbResult<Vec<SealedCell>> {
        let mut cells = Vec::new();
        for (table, sql) in SEALED_CELL_QUERIES {
            let sql = sql.replacen("?1 IS NULL", "?1::TEXT IS NULL", 1);
            for row in self.query(&sql, &[&tenant])? {
                cells.push(SealedCell {
                    table,
                    tenant: row.get(0),
                    record: row.get(1),
                    sealed: row.get(2),
                });
            }
        }
        Ok(cells)
    }

    fn replace_sealed(&self, cells: &[SealedCell]) -> DbResult<()> {
        self.run(|mut client| async move {
            let result = async {
                let transaction = client.transaction().await?;
                for cell in cells {
                    let sql = dollar(replace_sealed_sql(cell.table));
                    transaction
                        .execute(&sql, &[&cell.tenant, &cell.record, &cell.sealed])
                        .await?;
                }
                transaction.commit().await
            }
            .await;
            (client, result)
        })
    }

    fn row_count(&self, table: &str) -> DbResult<i64> {
        let table = TABLES
            .into_iter()
            .find(|known| *known == table)
            .ok_or_else(|| DbError::UnknownTable(table.to_owned()))?;
        let rows = self.query(&format!("SELECT COUNT(*) FROM {table}"), &[])?;
        Ok(rows.first().map_or(0, |row| row.get(0)))
    }
}
