//! The store's operations: access keys, scan ingest, reads, metrics and the audit chain, each
//! scoped to the caller's tenant.
//!
//! This is where encryption, blind indexes and tenant scoping meet the database. It knows no
//! HTTP (api.rs maps its errors to statuses), does not verify signatures (sigv4.rs does) and
//! never returns another tenant's rows: every query takes the caller's tenant, and a foreign id
//! is answered exactly like a missing one.

use std::sync::Arc;

use sha2::{Digest, Sha256};

use super::clock::{Clock, format_rfc3339};
use super::crypto::retention::RetentionKeys;
use super::crypto::{CryptoError, MasterKeys, SealContext};
use encryption::AccountKeys;

use super::db::{DbError, FindingRow, IngestOutcome, NewFinding, ScanRow, Storage};
use crate::protocol::{
    CreateScanResponse, CreateStatus, Finding, FindingStatus, MetricsSummary, ScanRecord,
    ScanSummary, Severity, SeverityCount,
};

mod access_keys;
mod audit;
mod encryption;
mod sources;
#[cfg(test)]
mod tests;

pub use access_keys::{NewAccessKey, request_id};
pub use audit::AuditReport;
pub use encryption::RewrapReport;
pub use sources::{MAX_RETENTION_DAYS, PurgeReport};

/// What an access key may do. Ordered: each role includes the ones before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Reader,
    Writer,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Reader => "reader",
            Role::Writer => "writer",
            Role::Admin => "admin",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        [Role::Reader, Role::Writer, Role::Admin]
            .into_iter()
            .find(|role| role.as_str() == text)
    }
}

/// A verified caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub access_key_id: String,
    pub tenant: String,
    pub role: Role,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0} not found")]
    NotFound(String),
    #[error("scan {0} was already stored with different content; use a new scanId")]
    Conflict(String),
    #[error("role {have} may not {action}; it needs {need}")]
    Forbidden {
        have: &'static str,
        need: &'static str,
        action: &'static str,
    },
    #[error("{0}")]
    BadRequest(String),
    #[error(transparent)]
    Crypto(#[from] CryptoError),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(
        "the account's customer-managed key {0} is not available to the store, so the \
         account's data cannot be read; restore {0}.key in the customer key directory"
    )]
    CustomerKeyUnavailable(String),
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// The store: a database, the keys and a clock.
#[derive(Debug)]
pub struct Store {
    storage: Arc<dyn Storage>,
    keys: MasterKeys,
    clock: Arc<dyn Clock>,
    retention: RetentionKeys,
    retention_days: u32,
    customer_key_dir: Option<std::path::PathBuf>,
}

/// Settings of a store beyond its database, keys and clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreSettings {
    /// Days uploaded source is kept, 1 to `MAX_RETENTION_DAYS`.
    pub retention_days: u32,
    /// Where customer-managed keys are placed (`<key id>.key`); `None`: none can be used.
    pub customer_key_dir: Option<std::path::PathBuf>,
}

impl Default for StoreSettings {
    fn default() -> StoreSettings {
        StoreSettings {
            retention_days: MAX_RETENTION_DAYS,
            customer_key_dir: None,
        }
    }
}

fn finding_context<'a>(tenant: &'a str, record: &'a str) -> SealContext<'a> {
    SealContext {
        tenant,
        record,
        field: "finding",
    }
}

impl Store {
    /// A store with in-memory retention keys and default settings: for tests.
    pub fn new(storage: Arc<dyn Storage>, keys: MasterKeys, clock: Arc<dyn Clock>) -> Store {
        let today = u32::try_from(clock.now_unix().div_euclid(86_400)).unwrap_or(0);
        Store::with(
            storage,
            keys,
            RetentionKeys::ephemeral(today),
            clock,
            StoreSettings::default(),
        )
    }

    pub fn with(
        storage: Arc<dyn Storage>,
        keys: MasterKeys,
        retention: RetentionKeys,
        clock: Arc<dyn Clock>,
        settings: StoreSettings,
    ) -> Store {
        Store {
            storage,
            keys,
            clock,
            retention,
            retention_days: settings.retention_days.clamp(1, MAX_RETENTION_DAYS),
            customer_key_dir: settings.customer_key_dir,
        }
    }

    /// The database, for tests and tools that inspect what is at rest.
    pub fn storage(&self) -> &Arc<dyn Storage> {
        &self.storage
    }

    pub fn now(&self) -> i64 {
        self.clock.now_unix()
    }

    fn name_index(&self, tenant: &str, scan_name: &str) -> String {
        self.keys.keyed_hash("scan-name", &[tenant, scan_name])
    }

    fn scope_index(&self, tenant: &str, record: &ScanRecord) -> String {
        self.keys.keyed_hash(
            "scope",
            &[tenant, &record.scope.repository, &record.scope.branch],
        )
    }

    /// `POST /v1/scans`: stores a record, or replays the answer for the same id and content.
    pub fn create_scan(
        &self,
        principal: &Principal,
        body: &[u8],
    ) -> StoreResult<CreateScanResponse> {
        require(principal, Role::Writer, "create scans")?;
        let record: ScanRecord = serde_json::from_slice(body).map_err(|error| {
            StoreError::BadRequest(format!("the body is not a scan record: {error}"))
        })?;
        super::names::check_record(&record).map_err(StoreError::BadRequest)?;
        let tenant = principal.tenant.as_str();
        let content_hash = hex::encode(Sha256::digest(body));
        let mut attempts = 0;
        let status = loop {
            let keys = self.account_keys(tenant)?;
            let (row, findings) = self.seal_scan(&keys, tenant, &record, body, &content_hash)?;
            match self
                .storage
                .ingest_scan(&row, &findings, keys.customer_key_id())?
            {
                IngestOutcome::Created => break CreateStatus::Created,
                IngestOutcome::Replayed => break CreateStatus::Replayed,
                IngestOutcome::Conflict => return Err(StoreError::Conflict(record.scan_id)),
                // The account switched keys while this was sealed: seal again under the new one.
                IngestOutcome::KeyChanged if attempts < 3 => attempts += 1,
                IngestOutcome::KeyChanged => {
                    return Err(StoreError::Corrupt(
                        "the account's key kept changing during the write".into(),
                    ));
                }
            }
        };
        Ok(CreateScanResponse {
            scan_id: record.scan_id,
            content_hash,
            status,
        })
    }

    /// The scan row and finding rows of a record, sealed under the account's keys.
    fn seal_scan(
        &self,
        keys: &AccountKeys<'_>,
        tenant: &str,
        record: &ScanRecord,
        body: &[u8],
        content_hash: &str,
    ) -> StoreResult<(ScanRow, Vec<NewFinding>)> {
        let scope_index = self.scope_index(tenant, record);
        let mut findings = Vec::with_capacity(record.findings.len());
        for finding in &record.findings {
            let sealed_record = format!("{scope_index}/{}", finding.id);
            let plaintext = serde_json::to_vec(finding)
                .map_err(|error| StoreError::Corrupt(error.to_string()))?;
            findings.push(NewFinding {
                finding_id: finding.id.clone(),
                severity: finding.severity.as_str().to_owned(),
                sealed_finding: keys.seal(&finding_context(tenant, &sealed_record), &plaintext)?,
            });
        }
        let row = ScanRow {
            tenant: tenant.to_owned(),
            scan_id: record.scan_id.clone(),
            name_index: self.name_index(tenant, &record.scan_name),
            scope_index,
            content_hash: content_hash.to_owned(),
            created_at: self.now(),
            finding_count: i64::try_from(record.findings.len()).unwrap_or(i64::MAX),
            sealed_record: keys.seal(
                &SealContext {
                    tenant,
                    record: &record.scan_id,
                    field: "scan",
                },
                body,
            )?,
        };
        Ok((row, findings))
    }

    fn open_scan(&self, keys: &AccountKeys<'_>, row: &ScanRow) -> StoreResult<ScanRecord> {
        let context = SealContext {
            tenant: &row.tenant,
            record: &row.scan_id,
            field: "scan",
        };
        let body = keys.open(&context, &row.sealed_record)?;
        serde_json::from_slice(&body).map_err(|error| StoreError::Corrupt(error.to_string()))
    }

    fn summary(row: &ScanRow, record: &ScanRecord) -> ScanSummary {
        ScanSummary {
            scan_id: row.scan_id.clone(),
            scan_name: record.scan_name.clone(),
            content_hash: row.content_hash.clone(),
            created_at: format_rfc3339(row.created_at),
            finding_count: u64::try_from(row.finding_count).unwrap_or(0),
        }
    }

    pub fn list_scans(&self, principal: &Principal) -> StoreResult<Vec<ScanSummary>> {
        require(principal, Role::Reader, "list scans")?;
        let rows = self.storage.scans(&principal.tenant)?;
        let keys = self.account_keys(&principal.tenant)?;
        rows.iter()
            .map(|row| Ok(Self::summary(row, &self.open_scan(&keys, row)?)))
            .collect()
    }

    fn latest_scan(&self, principal: &Principal, scan_name: &str) -> StoreResult<ScanRow> {
        let index = self.name_index(&principal.tenant, scan_name);
        self.storage
            .scan_by_name(&principal.tenant, &index)?
            .ok_or_else(|| StoreError::NotFound(format!("scan {scan_name}")))
    }

    pub fn get_scan(
        &self,
        principal: &Principal,
        scan_name: &str,
    ) -> StoreResult<(ScanSummary, ScanRecord)> {
        require(principal, Role::Reader, "read scans")?;
        let row = self.latest_scan(principal, scan_name)?;
        let keys = self.account_keys(&principal.tenant)?;
        let record = self.open_scan(&keys, &row)?;
        Ok((Self::summary(&row, &record), record))
    }

    fn open_finding(
        keys: &AccountKeys<'_>,
        tenant: &str,
        row: &FindingRow,
    ) -> StoreResult<Finding> {
        let record = format!("{}/{}", row.scope_index, row.finding_id);
        let plaintext = keys.open(&finding_context(tenant, &record), &row.sealed_finding)?;
        let mut finding: Finding = serde_json::from_slice(&plaintext)
            .map_err(|error| StoreError::Corrupt(error.to_string()))?;
        finding.status = FindingStatus::parse(&row.status).unwrap_or_default();
        finding.created_at = Some(format_rfc3339(row.first_seen));
        finding.updated_at = Some(format_rfc3339(row.closed_at.unwrap_or(row.last_seen)));
        Ok(finding)
    }

    /// `GET /v1/findings`: the findings of a scan's scope (or of the whole tenant).
    pub fn findings(
        &self,
        principal: &Principal,
        scan_name: Option<&str>,
        status: Option<FindingStatus>,
    ) -> StoreResult<Vec<Finding>> {
        require(principal, Role::Reader, "read findings")?;
        let scope = scan_name
            .map(|name| self.latest_scan(principal, name))
            .transpose()?;
        let rows = self.storage.findings(
            &principal.tenant,
            scope.as_ref().map(|scan| scan.scope_index.as_str()),
            status.map(FindingStatus::as_str),
        )?;
        let keys = self.account_keys(&principal.tenant)?;
        rows.iter()
            .map(|row| Self::open_finding(&keys, &principal.tenant, row))
            .collect()
    }

    /// One finding by scan name and finding id; `None` when either is unknown to this tenant.
    pub fn finding(
        &self,
        principal: &Principal,
        scan_name: &str,
        finding_id: &str,
    ) -> StoreResult<Option<Finding>> {
        require(principal, Role::Reader, "read findings")?;
        let scan = match self.latest_scan(principal, scan_name) {
            Ok(scan) => scan,
            Err(StoreError::NotFound(_)) => return Ok(None),
            Err(error) => return Err(error),
        };
        let rows = self
            .storage
            .findings(&principal.tenant, Some(&scan.scope_index), None)?;
        let row = rows.iter().find(|row| row.finding_id == finding_id);
        let keys = self.account_keys(&principal.tenant)?;
        row.map(|row| Self::open_finding(&keys, &principal.tenant, row))
            .transpose()
    }

    pub fn metrics(&self, principal: &Principal) -> StoreResult<MetricsSummary> {
        require(principal, Role::Reader, "read metrics")?;
        let row = self.storage.metrics(&principal.tenant)?;
        let count = |severity: Severity| {
            row.open_by_severity
                .iter()
                .find(|(name, _)| name == severity.as_str())
                .map_or(0, |(_, count)| u64::try_from(*count).unwrap_or(0))
        };
        Ok(MetricsSummary {
            open_findings: Severity::ALL
                .into_iter()
                .map(|severity| SeverityCount {
                    severity,
                    count: count(severity),
                })
                .collect(),
            mean_time_to_close_seconds: row.mean_close_seconds,
            closed_findings: u64::try_from(row.closed).unwrap_or(0),
        })
    }
}

fn require(principal: &Principal, need: Role, action: &'static str) -> StoreResult<()> {
    if principal.role >= need {
        Ok(())
    } else {
        Err(StoreError::Forbidden {
            have: principal.role.as_str(),
            need: need.as_str(),
            action,
        })
    }
}
