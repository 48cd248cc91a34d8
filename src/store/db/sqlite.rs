//! The embedded default implementation of `Storage`: one SQLite file in the data directory
//! (WAL, `synchronous=FULL`, created on first start), one connection behind a mutex.
//!
//! Like every storage it holds sealed blobs and non-sensitive metadata only, and never
//! encrypts, decides access or knows HTTP.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::{
    AccessKeyRow, AuditEvent, AuditRow, ChainHash, DbError, DbResult, FindingRow, IngestOutcome,
    MetricsRow, NewFinding, Rewrap, SCAN_COLUMNS, SCHEMA, SCHEMA_VERSION, SEALED_CELL_QUERIES,
    ScanRow, SealedCell, SourceRow, Storage, TABLES, UPSERT_ACCOUNT, findings_sql,
    replace_sealed_sql,
};

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
