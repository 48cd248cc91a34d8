//! Encryption at rest: AES-256-GCM envelope encryption with a fresh data key per sealed value.
//!
//! A sealed value is `magic | key reference | wrap nonce | wrapped data key | data nonce |
//! ciphertext+tag`. The magic names the family of the key that wraps the data key: the store's
//! master key (`CWE1`, reference = version), a retention day key (`CWD1`, reference = day, see
//! `retention.rs`) or a customer-managed key (`CWC1`, reference = fingerprint). The data
//! ciphertext is bound by AAD to (tenant, record, field); the wrapped data key to (tenant,
//! record, field, family, reference), so re-wrapping changes only the header, and a value moved
//! to another tenant, record or field does not open. Master keys live in a key file with 0600
//! permissions (on Windows: the ACLs it inherits, see `platform`), created on first start. This
//! module does no database IO, never logs key material, and does not choose which key wraps
//! what (`service::encryption` does).

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use aes_gcm::aead::rand_core::RngCore;
use aes_gcm::aead::{Aead, KeyInit, OsRng, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::platform;

pub mod retention;

/// Reads a key file that only its owner can read (0600), as JSON. On Windows, where there are
/// no modes to check, the file is read whatever its ACLs.
fn read_key_file<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, CryptoError> {
    let fail = |message: String| CryptoError::KeyFile {
        path: path.to_owned(),
        message,
    };
    let metadata = fs::metadata(path).map_err(|error| fail(error.to_string()))?;
    if let Some(mode) = platform::shared_permissions(&metadata) {
        return Err(fail(format!(
            "permissions are {mode:o}; run `chmod 600` on it"
        )));
    }
    let text = fs::read_to_string(path).map_err(|error| fail(error.to_string()))?;
    serde_json::from_str(&text).map_err(|error| fail(format!("unreadable: {error}")))
}

/// Writes a key file atomically: a 0600 temporary file (on Windows: with the ACLs it
/// inherits), fsync, then rename over `path`.
fn write_key_file(path: &Path, text: &str) -> Result<(), CryptoError> {
    let fail = |error: std::io::Error| CryptoError::KeyFile {
        path: path.to_owned(),
        message: error.to_string(),
    };
    let temporary = path.with_extension("tmp");
    let _ = fs::remove_file(&temporary);
    let mut file = platform::create_owner_only_file(&temporary).map_err(fail)?;
    file.write_all(text.as_bytes()).map_err(fail)?;
    file.sync_all().map_err(fail)?;
    fs::rename(&temporary, path).map_err(fail)
}

#[cfg(test)]
mod tests;

/// Data keys wrapped by a store master key (reference: its version).
pub const MASTER_MAGIC: &[u8; 4] = b"CWE1";
/// Data keys of uploaded source wrapped by a retention day key (reference: the day).
pub const RETENTION_MAGIC: &[u8; 4] = b"CWD1";
/// Data keys wrapped by an account's customer-managed key (reference: its fingerprint).
pub const CUSTOMER_MAGIC: &[u8; 4] = b"CWC1";
const KNOWN_MAGIC: [&[u8; 4]; 3] = [MASTER_MAGIC, RETENTION_MAGIC, CUSTOMER_MAGIC];
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;
const WRAPPED_KEY_LEN: usize = 32 + TAG_LEN;
const HEADER_LEN: usize = 4 + 4 + NONCE_LEN + WRAPPED_KEY_LEN + NONCE_LEN;

#[derive(Debug, thiserror::Error)]
pub enum CryptoError {
    #[error("the sealed value is malformed or truncated")]
    Malformed,
    #[error("the sealed value needs master key version {0}, which the key file does not hold")]
    UnknownKeyVersion(u32),
    #[error("the sealed value failed authentication: it was altered or belongs elsewhere")]
    Rejected,
    #[error("the retention key of day {0} was destroyed: the value expired")]
    RetentionKeyDestroyed(u32),
    #[error("the account's customer-managed key {0} is not available to the store")]
    CustomerKeyUnavailable(String),
    #[error("key file {path}: {message}")]
    KeyFile { path: PathBuf, message: String },
}

/// Where a sealed value belongs; all three parts are authenticated.
#[derive(Debug, Clone, Copy)]
pub struct SealContext<'a> {
    pub tenant: &'a str,
    pub record: &'a str,
    pub field: &'a str,
}

/// Length-prefixed AAD so that no two contexts share an encoding. The wrapped data key is
/// also bound to the wrapping key family (its magic) and reference (version, day or key id).
fn aad(context: &SealContext<'_>, wrapping: Option<(&[u8; 4], u32)>) -> Vec<u8> {
    let mut out = b"codeward-envelope-v1".to_vec();
    let magic = wrapping.map(|(magic, _)| String::from_utf8_lossy(magic).into_owned());
    let reference = wrapping.map(|(_, reference)| reference.to_string());
    let parts = [
        Some(context.tenant),
        Some(context.record),
        Some(context.field),
        magic.as_deref(),
        reference.as_deref(),
    ];
    for part in parts.into_iter().flatten() {
        out.extend_from_slice(&u32::try_from(part.len()).unwrap_or(u32::MAX).to_be_bytes());
        out.extend_from_slice(part.as_bytes());
    }
    out
}

/// The key that wraps a data key: a family (the magic at the start of a sealed value) and a
/// reference within it (master key version, retention day, customer key fingerprint).
#[derive(Clone, Copy)]
pub struct Wrapping<'a> {
    pub magic: &'static [u8; 4],
    pub reference: u32,
    pub key: &'a [u8; 32],
}

impl std::fmt::Debug for Wrapping<'_> {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            formatter,
            "Wrapping {{ {} {} }}",
            String::from_utf8_lossy(self.magic),
            self.reference
        )
    }
}

/// Finds the wrapping key for a sealed value's family (magic) and reference.
pub type KeyLookup<'a> = &'a dyn Fn(&[u8; 4], u32) -> Result<[u8; 32], CryptoError>;

/// The family and reference of a sealed value's wrapping key, read from its header.
pub fn sealed_header(sealed: &[u8]) -> Option<([u8; 4], u32)> {
    if sealed.len() < 8 {
        return None;
    }
    let magic: [u8; 4] = sealed[..4].try_into().ok()?;
    let reference = u32::from_be_bytes(sealed[4..8].try_into().ok()?);
    Some((magic, reference))
}

fn wrap_data_key(
    wrapping: Wrapping<'_>,
    context: &SealContext<'_>,
    data_key: &[u8; 32],
) -> Result<Vec<u8>, CryptoError> {
    let nonce: [u8; NONCE_LEN] = random();
    let payload = Payload {
        msg: data_key,
        aad: &aad(context, Some((wrapping.magic, wrapping.reference))),
    };
    let wrapped = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(wrapping.key))
        .encrypt(Nonce::from_slice(&nonce), payload)
        .map_err(|_| CryptoError::Rejected)?;
    let mut header = wrapping.magic.to_vec();
    header.extend_from_slice(&wrapping.reference.to_be_bytes());
    header.extend_from_slice(&nonce);
    header.extend_from_slice(&wrapped);
    Ok(header)
}

/// Seals `plaintext` under a fresh data key wrapped by `wrapping`.
pub fn seal_with(
    wrapping: Wrapping<'_>,
    context: &SealContext<'_>,
    plaintext: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    let data_key: [u8; 32] = random();
    let nonce: [u8; NONCE_LEN] = random();
    let cipher = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&data_key));
    let ciphertext = cipher
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: plaintext,
                aad: &aad(context, None),
            },
        )
        .map_err(|_| CryptoError::Rejected)?;
    let mut sealed = wrap_data_key(wrapping, context, &data_key)?;
    sealed.extend_from_slice(&nonce);
    sealed.extend_from_slice(&ciphertext);
    Ok(sealed)
}

/// Unwraps a sealed value's data key with the wrapping key that `wrapping_key` finds for the
/// header's family and reference.
fn unwrap_data_key_with(
    context: &SealContext<'_>,
    sealed: &[u8],
    wrapping_key: KeyLookup<'_>,
) -> Result<[u8; 32], CryptoError> {
    if sealed.len() < HEADER_LEN + TAG_LEN {
        return Err(CryptoError::Malformed);
    }
    let (magic, reference) = sealed_header(sealed).ok_or(CryptoError::Malformed)?;
    if !KNOWN_MAGIC.contains(&&magic) {
        return Err(CryptoError::Malformed);
    }
    let key = wrapping_key(&magic, reference)?;
    let nonce = &sealed[8..8 + NONCE_LEN];
    let wrapped = &sealed[8 + NONCE_LEN..8 + NONCE_LEN + WRAPPED_KEY_LEN];
    let payload = Payload {
        msg: wrapped,
        aad: &aad(context, Some((&magic, reference))),
    };
    let data_key = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&key))
        .decrypt(Nonce::from_slice(nonce), payload)
        .map_err(|_| CryptoError::Rejected)?;
    data_key.try_into().map_err(|_| CryptoError::Rejected)
}

/// Opens a sealed value; any change to any byte, or another context, is `Rejected` or
/// `Malformed`, and no plaintext comes out.
pub fn open_with(
    context: &SealContext<'_>,
    sealed: &[u8],
    wrapping_key: KeyLookup<'_>,
) -> Result<Vec<u8>, CryptoError> {
    let data_key = unwrap_data_key_with(context, sealed, wrapping_key)?;
    let nonce = &sealed[HEADER_LEN - NONCE_LEN..HEADER_LEN];
    let cipher = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&data_key));
    cipher
        .decrypt(
            Nonce::from_slice(nonce),
            Payload {
                msg: &sealed[HEADER_LEN..],
                aad: &aad(context, None),
            },
        )
        .map_err(|_| CryptoError::Rejected)
}

/// Re-wraps a sealed value's data key under `to`; the data nonce and ciphertext are kept byte
/// for byte.
pub fn rewrap_with(
    context: &SealContext<'_>,
    sealed: &[u8],
    wrapping_key: KeyLookup<'_>,
    to: Wrapping<'_>,
) -> Result<Vec<u8>, CryptoError> {
    let data_key = unwrap_data_key_with(context, sealed, wrapping_key)?;
    let mut rewrapped = wrap_data_key(to, context, &data_key)?;
    rewrapped.extend_from_slice(&sealed[HEADER_LEN - NONCE_LEN..]);
    Ok(rewrapped)
}

pub(crate) fn random<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    OsRng.fill_bytes(&mut bytes);
    bytes
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct KeyFileContents {
    current: u32,
    /// Version -> hex of a 32-byte master key.
    keys: BTreeMap<u32, String>,
    /// Hex of the 32-byte key for blind indexes and the audit chain (not rotated: rotating it
    /// would re-key every index and the whole chain).
    mac_key: String,
}

/// The store's master keys: one current version that wraps, older versions that still unwrap
/// until rotation has re-wrapped everything under the current one.
pub struct MasterKeys {
    path: Option<PathBuf>,
    current: u32,
    keys: BTreeMap<u32, [u8; 32]>,
    mac_key: [u8; 32],
}

impl std::fmt::Debug for MasterKeys {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let versions: Vec<&u32> = self.keys.keys().collect();
        write!(
            formatter,
            "MasterKeys {{ current: {}, versions: {versions:?} }}",
            self.current
        )
    }
}

impl MasterKeys {
    /// Keys held only in memory: for tests.
    pub fn ephemeral() -> MasterKeys {
        MasterKeys {
            path: None,
            current: 1,
            keys: BTreeMap::from([(1, random())]),
            mac_key: random(),
        }
    }

    /// Loads the key file, creating it with mode 0600 on first start. A key file readable by
    /// group or others is refused rather than silently used.
    pub fn load_or_create(path: &Path) -> Result<MasterKeys, CryptoError> {
        let fail = |message: String| CryptoError::KeyFile {
            path: path.to_owned(),
            message,
        };
        if !path.exists() {
            let keys = MasterKeys {
                path: Some(path.to_owned()),
                ..MasterKeys::ephemeral()
            };
            keys.save()?;
            return Ok(keys);
        }
        let contents: KeyFileContents = read_key_file(path)?;
        let mut keys = BTreeMap::new();
        for (version, hex_key) in contents.keys {
            let bytes =
                hex::decode(hex_key).map_err(|_| fail(format!("key {version} is not hex")))?;
            let key: [u8; 32] = bytes
                .try_into()
                .map_err(|_| fail(format!("key {version} is not 32 bytes")))?;
            keys.insert(version, key);
        }
        if !keys.contains_key(&contents.current) {
            return Err(fail(format!(
                "current version {} is missing",
                contents.current
            )));
        }
        let mac_key = hex::decode(&contents.mac_key)
            .ok()
            .and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
            .ok_or_else(|| fail("macKey is not 32 bytes of hex".to_owned()))?;
        Ok(MasterKeys {
            path: Some(path.to_owned()),
            current: contents.current,
            keys,
            mac_key,
        })
    }

    /// Writes the key file atomically (temp file with 0600, fsync, rename).
    fn save(&self) -> Result<(), CryptoError> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let fail = |message: String| CryptoError::KeyFile {
            path: path.clone(),
            message,
        };
        let contents = KeyFileContents {
            current: self.current,
            keys: self
                .keys
                .iter()
                .map(|(version, key)| (*version, hex::encode(key)))
                .collect(),
            mac_key: hex::encode(self.mac_key),
        };
        let text = serde_json::to_string(&contents).map_err(|error| fail(error.to_string()))?;
        write_key_file(path, &text)
    }

    /// A keyed hash (HMAC-SHA256, hex) of length-prefixed parts under a purpose label: blind
    /// indexes of names and scopes, and the audit chain. Without the key file, nobody can
    /// recompute one, so an edited audit event cannot be re-chained.
    pub fn keyed_hash(&self, purpose: &str, parts: &[&str]) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.mac_key).expect("any key length");
        for part in std::iter::once(purpose).chain(parts.iter().copied()) {
            mac.update(&u64::try_from(part.len()).unwrap_or(u64::MAX).to_be_bytes());
            mac.update(part.as_bytes());
        }
        hex::encode(mac.finalize().into_bytes())
    }

    pub fn current_version(&self) -> u32 {
        self.current
    }

    /// Starts a rotation: adds a new current master key. Values sealed before still open;
    /// `rewrap` moves each to the new version; `retire_old_versions` ends the rotation.
    pub fn rotate(&mut self) -> Result<u32, CryptoError> {
        self.current += 1;
        self.keys.insert(self.current, random());
        self.save()?;
        Ok(self.current)
    }

    /// Forgets every version but the current one: run only after every value was re-wrapped.
    pub fn retire_old_versions(&mut self) -> Result<(), CryptoError> {
        let current = self.current;
        self.keys.retain(|version, _| *version == current);
        self.save()
    }

    /// The current master key as a wrapping key.
    pub fn wrapping(&self) -> Result<Wrapping<'_>, CryptoError> {
        let key = self
            .keys
            .get(&self.current)
            .ok_or(CryptoError::UnknownKeyVersion(self.current))?;
        Ok(Wrapping {
            magic: MASTER_MAGIC,
            reference: self.current,
            key,
        })
    }

    /// The master key of `version`, for values whose header names the master key family.
    pub fn unwrapping_key(&self, magic: &[u8; 4], version: u32) -> Result<[u8; 32], CryptoError> {
        if magic != MASTER_MAGIC {
            return Err(CryptoError::Malformed);
        }
        self.keys
            .get(&version)
            .copied()
            .ok_or(CryptoError::UnknownKeyVersion(version))
    }

    /// Seals `plaintext` under a fresh data key wrapped by the current master key.
    pub fn seal(
        &self,
        context: &SealContext<'_>,
        plaintext: &[u8],
    ) -> Result<Vec<u8>, CryptoError> {
        seal_with(self.wrapping()?, context, plaintext)
    }

    /// Opens a value sealed under a master key; any change to any byte, or another context, is
    /// `Rejected` or `Malformed`, and no plaintext comes out.
    pub fn open(&self, context: &SealContext<'_>, sealed: &[u8]) -> Result<Vec<u8>, CryptoError> {
        open_with(context, sealed, &|magic, version| {
            self.unwrapping_key(magic, version)
        })
    }

    /// Re-wraps a sealed value's data key under the current master key; the data nonce and
    /// ciphertext are kept byte for byte.
    pub fn rewrap(&self, context: &SealContext<'_>, sealed: &[u8]) -> Result<Vec<u8>, CryptoError> {
        rewrap_with(
            context,
            sealed,
            &|magic, version| self.unwrapping_key(magic, version),
            self.wrapping()?,
        )
    }

    /// The master key version a sealed value is wrapped under, if it has a master header.
    pub fn sealed_version(sealed: &[u8]) -> Option<u32> {
        sealed_header(sealed)
            .filter(|(magic, _)| magic == MASTER_MAGIC)
            .map(|(_, version)| version)
    }
}
