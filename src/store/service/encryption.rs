//! Which key wraps an account's data keys, and moving data keys between wrapping keys.
//!
//! By default the store's master key wraps every data key. An account may name a
//! customer-managed key instead (`PUT /v1/account/configuration`): a 32-byte key the customer
//! places in the store's customer key directory as `<key id>.key` (hex, 0600) and can take away
//! again. Its data keys are then wrapped only by that key, so without the file the store cannot
//! read the account's data, and says so (`KMSKeyNotAccessibleException`). Access key secrets
//! stay under the master key, so the account can still authenticate and be told why.
//!
//! Re-wrapping (rotation, switching keys) changes only the wrapped data key in each value's
//! header, never the data ciphertext. No HTTP here, and no key material in any error text.

use std::fs;
use std::path::Path;

use sha2::{Digest, Sha256};

use super::{Principal, Role, Store, StoreError, StoreResult, require};
use crate::platform;
use crate::store::crypto::{
    self, CUSTOMER_MAGIC, CryptoError, MASTER_MAGIC, MasterKeys, SealContext, Wrapping,
};
use crate::store::db::{DbError, SealedCell};

/// The wrapping keys of one account, resolved once per operation.
#[derive(Debug)]
pub(crate) struct AccountKeys<'a> {
    master: &'a MasterKeys,
    customer: Option<CustomerKey>,
    /// The configured customer key id, even when its file is missing.
    customer_key_id: Option<String>,
}

struct CustomerKey {
    key_id: String,
    fingerprint: u32,
    key: [u8; 32],
}

impl std::fmt::Debug for CustomerKey {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "CustomerKey {{ {} }}", self.key_id)
    }
}

/// Customer key ids name files: letters, digits, '-' and '_' only.
pub(crate) fn valid_key_id(key_id: &str) -> bool {
    !key_id.is_empty()
        && key_id.len() <= 64
        && key_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn fingerprint(key: &[u8; 32]) -> u32 {
    let digest = Sha256::new()
        .chain_update(b"codeward-customer-key")
        .chain_update(key)
        .finalize();
    u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]])
}

/// Reads `<dir>/<key id>.key`; `None` when it is absent, unreadable or not 32 bytes of hex,
/// or on Unix when its group or others may access it.
fn load_customer_key(directory: Option<&Path>, key_id: &str) -> Option<CustomerKey> {
    if !valid_key_id(key_id) {
        return None;
    }
    let path = directory?.join(format!("{key_id}.key"));
    if platform::shared_permissions(&fs::metadata(&path).ok()?).is_some() {
        eprintln!(
            "codeward store: {} is readable by others; refusing it (chmod 600)",
            path.display()
        );
        return None;
    }
    let text = fs::read_to_string(&path).ok()?;
    let key: [u8; 32] = hex::decode(text.trim()).ok()?.try_into().ok()?;
    Some(CustomerKey {
        key_id: key_id.to_owned(),
        fingerprint: fingerprint(&key),
        key,
    })
}

impl AccountKeys<'_> {
    /// The customer key id the account is configured with, if any.
    pub(crate) fn customer_key_id(&self) -> Option<&str> {
        self.customer_key_id.as_deref()
    }

    /// The key new values of this account are wrapped with.
    fn wrapping(&self) -> StoreResult<Wrapping<'_>> {
        match (&self.customer_key_id, &self.customer) {
            (None, _) => Ok(self.master.wrapping()?),
            (Some(_), Some(customer)) => Ok(Wrapping {
                magic: CUSTOMER_MAGIC,
                reference: customer.fingerprint,
                key: &customer.key,
            }),
            (Some(key_id), None) => Err(StoreError::CustomerKeyUnavailable(key_id.clone())),
        }
    }

    fn unwrapping_key(&self, magic: &[u8; 4], reference: u32) -> Result<[u8; 32], CryptoError> {
        if magic != CUSTOMER_MAGIC {
            return self.master.unwrapping_key(magic, reference);
        }
        match &self.customer {
            Some(customer) if customer.fingerprint == reference => Ok(customer.key),
            _ => Err(CryptoError::CustomerKeyUnavailable(
                self.customer_key_id.clone().unwrap_or_default(),
            )),
        }
    }

    pub(crate) fn seal(&self, context: &SealContext<'_>, plaintext: &[u8]) -> StoreResult<Vec<u8>> {
        Ok(crypto::seal_with(self.wrapping()?, context, plaintext)?)
    }

    pub(crate) fn open(&self, context: &SealContext<'_>, sealed: &[u8]) -> StoreResult<Vec<u8>> {
        crypto::open_with(context, sealed, &|magic, reference| {
            self.unwrapping_key(magic, reference)
        })
        .map_err(|error| self.explain(error))
    }

    fn explain(&self, error: CryptoError) -> StoreError {
        match error {
            CryptoError::CustomerKeyUnavailable(_) => StoreError::CustomerKeyUnavailable(
                self.customer_key_id
                    .clone()
                    .unwrap_or_else(|| "(none configured)".into()),
            ),
            other => StoreError::Crypto(other),
        }
    }
}

/// What a re-wrap pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RewrapReport {
    pub rewrapped: usize,
    pub unchanged: usize,
}

impl Store {
    /// The wrapping keys of `tenant`: its customer-managed key if it set one, else the master
    /// key.
    pub(crate) fn account_keys(&self, tenant: &str) -> StoreResult<AccountKeys<'_>> {
        let customer_key_id = self.storage.account_key(tenant)?;
        self.account_keys_for(customer_key_id)
    }

    fn account_keys_for(&self, customer_key_id: Option<String>) -> StoreResult<AccountKeys<'_>> {
        let customer = customer_key_id
            .as_deref()
            .and_then(|key_id| load_customer_key(self.customer_key_dir.as_deref(), key_id));
        Ok(AccountKeys {
            master: &self.keys,
            customer,
            customer_key_id,
        })
    }

    /// Moves a value's data key from the wrapping key it has to the one `target` gives
    /// (access key secrets always to the master key). `None` when `only_master` skips it.
    fn rewrap_cell(
        &self,
        mut cell: SealedCell,
        from: &AccountKeys<'_>,
        target: &AccountKeys<'_>,
        only_master: bool,
    ) -> StoreResult<Option<SealedCell>> {
        let under_master =
            crypto::sealed_header(&cell.sealed).is_some_and(|(magic, _)| &magic == MASTER_MAGIC);
        if only_master && !under_master {
            return Ok(None);
        }
        let field = match cell.table {
            "access_keys" => super::access_keys::SECRET_FIELD,
            "scans" => "scan",
            _ => "finding",
        };
        let context = SealContext {
            tenant: &cell.tenant,
            record: &cell.record,
            field,
        };
        let master_only = AccountKeys {
            master: &self.keys,
            customer: None,
            customer_key_id: None,
        };
        // Secrets stay under the master key so that the account can still sign in.
        let to = if cell.table == "access_keys" {
            &master_only
        } else {
            target
        };
        let rewrapped = crypto::rewrap_with(
            &context,
            &cell.sealed,
            &|magic, reference| from.unwrapping_key(magic, reference),
            to.wrapping()?,
        )
        .map_err(|error| from.explain(error))?;
        cell.sealed = rewrapped;
        Ok(Some(cell))
    }

    /// `PUT /v1/account/configuration`: wraps the account's data keys with the customer-managed
    /// key `kms_key_id` (`None`: back to the store's master key). The new key must be present;
    /// the old one must be too, to unwrap what it wrapped. One transaction, which no ingest of
    /// the account interleaves with.
    pub fn set_account_key(&self, tenant: &str, kms_key_id: Option<&str>) -> StoreResult<()> {
        if let Some(key_id) = kms_key_id {
            if !valid_key_id(key_id) {
                return Err(StoreError::BadRequest(
                    "kmsKeyId must be 1 to 64 of A-Z a-z 0-9 - _".into(),
                ));
            }
            if load_customer_key(self.customer_key_dir.as_deref(), key_id).is_none() {
                return Err(StoreError::BadRequest(format!(
                    "customer-managed key {key_id} is not available to the store: place it as \
                     {key_id}.key (64 hex digits, mode 0600) in the store's customer key directory"
                )));
            }
        }
        let target = self.account_keys_for(kms_key_id.map(str::to_owned))?;
        let mut failure = None;
        let mut rewrap = |current: Option<&str>, cells: Vec<SealedCell>| {
            let result = self
                .account_keys_for(current.map(str::to_owned))
                .and_then(|from| {
                    cells
                        .into_iter()
                        .filter_map(|cell| {
                            self.rewrap_cell(cell, &from, &target, false).transpose()
                        })
                        .collect::<StoreResult<Vec<SealedCell>>>()
                });
            result.map_err(|error| failure = Some(error)).ok()
        };
        let switched = self
            .storage
            .switch_account_key(tenant, kms_key_id, self.now(), &mut rewrap);
        match (switched, failure) {
            (Err(DbError::Aborted), Some(error)) => Err(error),
            (result, _) => Ok(result?),
        }
    }

    /// `GET /v1/account/configuration`: the account's customer-managed key id, if any.
    pub fn account_configuration(&self, principal: &Principal) -> StoreResult<Option<String>> {
        require(principal, Role::Reader, "read the account configuration")?;
        Ok(self.storage.account_key(&principal.tenant)?)
    }

    /// `PUT /v1/account/configuration`: admins only.
    pub fn update_account_configuration(
        &self,
        principal: &Principal,
        kms_key_id: Option<&str>,
    ) -> StoreResult<()> {
        require(principal, Role::Admin, "change the account configuration")?;
        self.set_account_key(&principal.tenant, kms_key_id)
    }

    /// Key rotation: adds a new master key version, re-wraps every data key wrapped by an older
    /// one (data ciphertext untouched), then forgets the old versions. Values under a
    /// customer-managed key are left as they are. Other store processes must be restarted to
    /// load the new key file.
    pub fn rotate_master_key(&mut self) -> StoreResult<(u32, RewrapReport)> {
        let version = self.keys.rotate()?;
        let everyone = AccountKeys {
            master: &self.keys,
            customer: None,
            customer_key_id: None,
        };
        let mut report = RewrapReport::default();
        let mut changed = Vec::new();
        for cell in self.storage.sealed_cells(None)? {
            match self.rewrap_cell(cell, &everyone, &everyone, true)? {
                Some(cell) => changed.push(cell),
                None => report.unchanged += 1,
            }
        }
        report.rewrapped = changed.len();
        self.storage.replace_sealed(&changed)?;
        self.keys.retire_old_versions()?;
        Ok((version, report))
    }
}
