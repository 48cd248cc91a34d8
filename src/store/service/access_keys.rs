//! Access keys: creation (the secret shown once, then kept only sealed under the master key,
//! because SigV4 verification needs the secret itself), listing, revocation, and the lookup the
//! verifier uses. Never logs or returns a stored secret except to `sigv4::verify`.

use aes_gcm::aead::OsRng;
use aes_gcm::aead::rand_core::RngCore;

use super::{Principal, Role, Store, StoreError, StoreResult};
use crate::store::crypto::SealContext;
use crate::store::db::AccessKeyRow;

/// A newly created access key: the secret is shown once and kept only sealed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccessKey {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub tenant: String,
    pub role: Role,
}

pub(crate) const SECRET_FIELD: &str = "access-key-secret";
const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnopqrstuvwxyz";

fn random_text(length: usize, alphabet_len: usize) -> String {
    // Bytes at or above the largest multiple of the alphabet size are redrawn, so every
    // character is equally likely.
    let limit = 256 - 256 % alphabet_len;
    let mut out = String::with_capacity(length);
    while out.len() < length {
        let mut byte = [0u8; 1];
        OsRng.fill_bytes(&mut byte);
        if usize::from(byte[0]) < limit {
            out.push(char::from(ALPHABET[usize::from(byte[0]) % alphabet_len]));
        }
    }
    out
}

/// A fresh request id for audit events and error answers.
pub fn request_id() -> String {
    random_text(20, 36).to_ascii_lowercase()
}

impl Store {
    pub fn create_access_key(&self, tenant: &str, role: Role) -> StoreResult<NewAccessKey> {
        if tenant.is_empty()
            || !tenant
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(StoreError::BadRequest(
                "a tenant is letters, digits, '-' and '_'".into(),
            ));
        }
        let access_key_id = format!("CWK{}", random_text(17, 36));
        let secret_access_key = random_text(40, 62);
        let context = SealContext {
            tenant,
            record: &access_key_id,
            field: SECRET_FIELD,
        };
        let row = AccessKeyRow {
            access_key_id: access_key_id.clone(),
            tenant: tenant.to_owned(),
            role: role.as_str().to_owned(),
            sealed_secret: self.keys.seal(&context, secret_access_key.as_bytes())?,
            created_at: self.now(),
            revoked_at: None,
        };
        self.storage.insert_access_key(&row)?;
        Ok(NewAccessKey {
            access_key_id,
            secret_access_key,
            tenant: tenant.to_owned(),
            role,
        })
    }

    pub fn access_keys(&self) -> StoreResult<Vec<AccessKeyRow>> {
        Ok(self.storage.access_keys()?)
    }

    pub fn revoke_access_key(&self, access_key_id: &str) -> StoreResult<()> {
        if self.storage.revoke_access_key(access_key_id, self.now())? {
            Ok(())
        } else {
            Err(StoreError::NotFound(format!(
                "live access key {access_key_id}"
            )))
        }
    }

    /// The secret and principal of a live access key, for signature verification only.
    pub fn credentials(&self, access_key_id: &str) -> StoreResult<Option<(String, Principal)>> {
        let Some(row) = self.storage.access_key(access_key_id)? else {
            return Ok(None);
        };
        if row.revoked_at.is_some() {
            return Ok(None);
        }
        let context = SealContext {
            tenant: &row.tenant,
            record: &row.access_key_id,
            field: SECRET_FIELD,
        };
        let secret = String::from_utf8(self.keys.open(&context, &row.sealed_secret)?)
            .map_err(|_| StoreError::Corrupt("an access key secret".into()))?;
        let role = Role::parse(&row.role)
            .ok_or_else(|| StoreError::Corrupt(format!("role {}", row.role)))?;
        Ok(Some((
            secret,
            Principal {
                access_key_id: row.access_key_id,
                tenant: row.tenant,
                role,
            },
        )))
    }
}
