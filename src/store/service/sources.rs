//! Uploaded source code (opt-in) and its retention (data contract item 1).
//!
//! Each upload is sealed under its own data key, wrapped by the retention day key of the last
//! day it may be read (never by the master key or a customer key), so destroying that day key
//! makes every copy unreadable, backups included. An upload made on UTC day `D` with a
//! retention of `N` days expires at the start of day `D + N`: at most `N` days after upload.
//! Reads check the expiry themselves, so an expired upload is refused before the sweep runs;
//! the sweep then deletes the row and destroys the day keys of every day that has ended.
//! Scans and findings never expire here.

use sha2::{Digest, Sha256};

use super::{Principal, Role, Store, StoreError, StoreResult, require};
use crate::protocol::SourceUploadResponse;
use crate::store::clock::format_rfc3339;
use crate::store::crypto::{self, CryptoError, RETENTION_MAGIC, SealContext};
use crate::store::db::SourceRow;

/// The most days uploaded source is kept (data contract item 1).
pub const MAX_RETENTION_DAYS: u32 = 10;
const DAY: i64 = 86_400;
const FIELD: &str = "source";

/// What a retention sweep did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PurgeReport {
    pub sources_deleted: u64,
    pub day_keys_destroyed: u32,
}

fn day_of(unix: i64) -> u32 {
    u32::try_from(unix.div_euclid(DAY)).unwrap_or(0)
}

fn not_found(scan_id: &str) -> StoreError {
    StoreError::NotFound(format!("uploaded source of scan {scan_id}"))
}

impl Store {
    /// When an upload made at `now` expires, and the day whose key wraps it.
    fn expiry(&self, now: i64) -> (i64, u32) {
        let expires_at = (now.div_euclid(DAY) + i64::from(self.retention_days)) * DAY;
        (expires_at, day_of(expires_at - 1))
    }

    /// `PUT /v1/scans/{scanId}/source`: stores (or replaces) the source of one of the tenant's
    /// scans.
    pub fn upload_source(
        &self,
        principal: &Principal,
        scan_id: &str,
        body: &[u8],
    ) -> StoreResult<SourceUploadResponse> {
        require(principal, Role::Writer, "upload source")?;
        let now = self.now();
        let (expires_at, key_day) = self.expiry(now);
        let context = SealContext {
            tenant: &principal.tenant,
            record: scan_id,
            field: FIELD,
        };
        let sealed_source = self.retention.with_wrapping(key_day, |wrapping| {
            crypto::seal_with(wrapping, &context, body)
        })?;
        let row = SourceRow {
            tenant: principal.tenant.clone(),
            scan_id: scan_id.to_owned(),
            uploaded_at: now,
            expires_at,
            sealed_source,
        };
        if !self.storage.put_source(&row)? {
            return Err(StoreError::NotFound(format!("scan {scan_id}")));
        }
        Ok(SourceUploadResponse {
            scan_id: scan_id.to_owned(),
            content_hash: hex::encode(Sha256::digest(body)),
            size_bytes: u64::try_from(body.len()).unwrap_or(u64::MAX),
            expires_at: format_rfc3339(expires_at),
        })
    }

    /// `GET /v1/scans/{scanId}/source`: refused once expired, whether or not the sweep ran.
    pub fn source(&self, principal: &Principal, scan_id: &str) -> StoreResult<Vec<u8>> {
        require(principal, Role::Reader, "read source")?;
        let row = self
            .storage
            .source(&principal.tenant, scan_id)?
            .filter(|row| row.expires_at > self.now())
            .ok_or_else(|| not_found(scan_id))?;
        match self.open_source_row(&row) {
            Err(StoreError::Crypto(CryptoError::RetentionKeyDestroyed(_))) => {
                Err(not_found(scan_id))
            }
            other => other,
        }
    }

    /// Opens a stored upload with its day key, ignoring the expiry time: what anyone holding a
    /// copy of the row (a backup) could do with the store's keys.
    pub fn open_source_row(&self, row: &SourceRow) -> StoreResult<Vec<u8>> {
        let context = SealContext {
            tenant: &row.tenant,
            record: &row.scan_id,
            field: FIELD,
        };
        Ok(crypto::open_with(
            &context,
            &row.sealed_source,
            &|magic, day| {
                if magic != RETENTION_MAGIC {
                    return Err(CryptoError::Malformed);
                }
                self.retention
                    .day_key(day)
                    .ok_or(CryptoError::RetentionKeyDestroyed(day))
            },
        )?)
    }

    /// `DELETE /v1/scans/{scanId}/source`.
    pub fn delete_source(&self, principal: &Principal, scan_id: &str) -> StoreResult<()> {
        require(principal, Role::Writer, "delete source")?;
        let live = self
            .storage
            .source(&principal.tenant, scan_id)?
            .is_some_and(|row| row.expires_at > self.now());
        if self.storage.delete_source(&principal.tenant, scan_id)? && live {
            Ok(())
        } else {
            Err(not_found(scan_id))
        }
    }

    /// The retention sweep: deletes expired uploads and destroys the key of every day that has
    /// ended. `codeward store purge` runs it once; `serve` runs it every hour.
    pub fn purge(&self) -> StoreResult<PurgeReport> {
        let now = self.now();
        let sources_deleted = self.storage.delete_expired_sources(now)?;
        let day_keys_destroyed = self.retention.destroy_before(day_of(now))?;
        Ok(PurgeReport {
            sources_deleted,
            day_keys_destroyed,
        })
    }

    /// The oldest day whose retention key still exists.
    pub fn oldest_retention_day(&self) -> u32 {
        self.retention.oldest_live_day()
    }
}
