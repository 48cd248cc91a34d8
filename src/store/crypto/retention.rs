//! Retention day keys for uploaded source: a forward-secure ratchet.
//!
//! Each upload's data key is wrapped by the key of the last day the upload may be read. Day
//! keys come from a chain `K(d+1) = HMAC(K(d), "next")`, and day `d` wraps with
//! `HMAC(K(d), "wrap")`. The ratchet file holds only the key of the oldest day that is still
//! live; destroying the days before `d` replaces it with `K(d)`, from which no earlier key can
//! be computed. So once the sweep has passed a day, no copy of the database (or of a later
//! ratchet file) can decrypt that day's uploads. Several store processes share the file: each
//! derives later days from whatever state it holds, and a save never moves the file backwards.
//!
//! Holds no database handle and does not decide when a day expires: `service` does.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use super::{CryptoError, RETENTION_MAGIC, Wrapping, random};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Ratchet {
    /// The oldest day (days since 1970-01-01) whose key can still be derived.
    day: u32,
    key: [u8; 32],
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RatchetFile {
    day: u32,
    key: String,
}

fn step(key: &[u8; 32], label: &[u8]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("any key length");
    mac.update(label);
    mac.finalize().into_bytes().into()
}

impl Ratchet {
    /// The chain key of `day`, or `None` once that day was destroyed.
    fn chain_key(&self, day: u32) -> Option<[u8; 32]> {
        let mut key = self.key;
        for _ in 0..day.checked_sub(self.day)? {
            key = step(&key, b"codeward-retention-next");
        }
        Some(key)
    }
}

/// The retention ratchet: day keys to wrap and unwrap uploaded source, and their destruction.
pub struct RetentionKeys {
    path: Option<PathBuf>,
    state: Mutex<Ratchet>,
}

impl std::fmt::Debug for RetentionKeys {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            formatter,
            "RetentionKeys {{ oldest live day: {} }}",
            self.lock().day
        )
    }
}

impl RetentionKeys {
    /// A ratchet held only in memory, starting at `day`: for tests.
    pub fn ephemeral(day: u32) -> RetentionKeys {
        RetentionKeys {
            path: None,
            state: Mutex::new(Ratchet { day, key: random() }),
        }
    }

    /// Loads the ratchet file (0600), creating it starting at `today` on first start.
    pub fn load_or_create(path: &Path, today: u32) -> Result<RetentionKeys, CryptoError> {
        if !path.exists() {
            let keys = RetentionKeys {
                path: Some(path.to_owned()),
                ..RetentionKeys::ephemeral(today)
            };
            keys.save(&keys.lock())?;
            return Ok(keys);
        }
        let state = read_file(path)?;
        Ok(RetentionKeys {
            path: Some(path.to_owned()),
            state: Mutex::new(state),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Ratchet> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The oldest day whose key still exists.
    pub fn oldest_live_day(&self) -> u32 {
        self.lock().day
    }

    /// The wrapping key of `day`, or `None` when that day's key was destroyed.
    pub fn day_key(&self, day: u32) -> Option<[u8; 32]> {
        let chain = self.lock().chain_key(day)?;
        Some(step(&chain, b"codeward-retention-wrap"))
    }

    /// Runs `use_key` with the wrapping key of `day`.
    pub fn with_wrapping<T>(
        &self,
        day: u32,
        use_key: impl FnOnce(Wrapping<'_>) -> Result<T, CryptoError>,
    ) -> Result<T, CryptoError> {
        let key = self
            .day_key(day)
            .ok_or(CryptoError::RetentionKeyDestroyed(day))?;
        use_key(Wrapping {
            magic: RETENTION_MAGIC,
            reference: day,
            key: &key,
        })
    }

    /// Destroys every day key before `day`, in memory and in the ratchet file. Returns how many
    /// day keys were destroyed.
    pub fn destroy_before(&self, day: u32) -> Result<u32, CryptoError> {
        let mut state = self.lock();
        if let Some(path) = &self.path {
            // Another process may have moved the file on already: never go back.
            if let Ok(on_disk) = read_file(path)
                && on_disk.day > state.day
            {
                *state = on_disk;
            }
        }
        let Some(key) = state.chain_key(day) else {
            return Ok(0);
        };
        let destroyed = day - state.day;
        if destroyed == 0 {
            return Ok(0);
        }
        let next = Ratchet { day, key };
        self.save(&next)?;
        *state = next;
        Ok(destroyed)
    }

    /// Writes the ratchet atomically (temp file with 0600, fsync, rename).
    fn save(&self, state: &Ratchet) -> Result<(), CryptoError> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let fail = |message: String| CryptoError::KeyFile {
            path: path.clone(),
            message,
        };
        let contents = RatchetFile {
            day: state.day,
            key: hex::encode(state.key),
        };
        let text = serde_json::to_string(&contents).map_err(|error| fail(error.to_string()))?;
        super::write_key_file(path, &text)
    }
}

fn read_file(path: &Path) -> Result<Ratchet, CryptoError> {
    let fail = |message: String| CryptoError::KeyFile {
        path: path.to_owned(),
        message,
    };
    let contents: RatchetFile = super::read_key_file(path)?;
    let key = hex::decode(&contents.key)
        .ok()
        .and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
        .ok_or_else(|| fail("key is not 32 bytes of hex".to_owned()))?;
    Ok(Ratchet {
        day: contents.day,
        key,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::crypto::{SealContext, open_with, seal_with};

    const CONTEXT: SealContext<'static> = SealContext {
        tenant: "acme",
        record: "scan-1",
        field: "source",
    };

    #[test]
    fn a_destroyed_day_cannot_be_derived_again_from_the_file() {
        let directory = tempfile::tempdir().expect("tempdir");
        let path = directory.path().join("retention.key");
        let keys = RetentionKeys::load_or_create(&path, 100).expect("creates");
        let sealed = keys
            .with_wrapping(105, |wrapping| seal_with(wrapping, &CONTEXT, b"source"))
            .expect("seals");
        let key_105 = keys.day_key(105).expect("live");
        let reopened = RetentionKeys::load_or_create(&path, 0).expect("loads");
        assert_eq!(reopened.day_key(105), Some(key_105));
        let open = |keys: &RetentionKeys| {
            open_with(&CONTEXT, &sealed, &|_, day| {
                keys.day_key(day)
                    .ok_or(CryptoError::RetentionKeyDestroyed(day))
            })
        };
        assert_eq!(open(&reopened).expect("opens"), b"source");
        assert_eq!(keys.destroy_before(105).expect("destroys"), 5);
        assert_eq!(open(&keys).expect("day 105 is still live"), b"source");
        assert_eq!(keys.destroy_before(106).expect("destroys"), 1);
        assert!(matches!(
            open(&keys),
            Err(CryptoError::RetentionKeyDestroyed(105))
        ));
        let after = RetentionKeys::load_or_create(&path, 0).expect("loads");
        assert_eq!(after.oldest_live_day(), 106);
        assert_eq!(after.day_key(105), None);
        // A process that still holds the old state does not move the file back.
        assert_eq!(reopened.destroy_before(103).expect("no-op"), 0);
        assert_eq!(reopened.oldest_live_day(), 106);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path)
                .expect("exists")
                .permissions()
                .mode()
                & 0o777;
            assert_eq!(mode, 0o600);
        }
    }
}
