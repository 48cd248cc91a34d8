//! Access keys for the store: in the OS keyring after `codeward login`, or in the environment
//! for CI (`CODEWARD_ENDPOINT`, `CODEWARD_ACCESS_KEY_ID`, `CODEWARD_SECRET_ACCESS_KEY`).
//!
//! The keyring is the Secret Service over D-Bus on Linux (`dbus-secret-service-keyring-store`);
//! tests may pass any `keyring-core` store. Every keyring call runs on its own thread and is
//! given up after 3 s, so a missing or locked keyring costs a clear message, not a hang. The
//! secret is never written to a file and never appears in `Debug` output or error texts.

use std::sync::{Arc, mpsc};
use std::time::Duration;

use keyring_core::{CredentialStore, Entry};
use serde::{Deserialize, Serialize};

use super::endpoint::{Endpoint, EndpointError};

/// How long any one keyring call may take before it is given up.
pub const KEYRING_TIMEOUT: Duration = Duration::from_secs(3);
const SERVICE: &str = "codeward";
const CREDENTIALS_ENTRY: &str = "store-credentials";
const OUTBOX_KEY_ENTRY: &str = "outbox-key";

pub const ENV_ENDPOINT: &str = "CODEWARD_ENDPOINT";
pub const ENV_ACCESS_KEY_ID: &str = "CODEWARD_ACCESS_KEY_ID";
pub const ENV_SECRET_ACCESS_KEY: &str = "CODEWARD_SECRET_ACCESS_KEY";
pub const ENV_CA_CERT: &str = "CODEWARD_CA_CERT";
pub const ENV_INSECURE_LOOPBACK_HTTP: &str = "CODEWARD_INSECURE_LOOPBACK_HTTP";

const WHAT_TO_DO: &str = "start and unlock a Secret Service keyring (for example \
    gnome-keyring-daemon), or set CODEWARD_ENDPOINT, CODEWARD_ACCESS_KEY_ID and \
    CODEWARD_SECRET_ACCESS_KEY";

#[derive(Debug, thiserror::Error)]
pub enum CredentialsError {
    #[error("the OS keyring did not answer within 3 s; {WHAT_TO_DO}")]
    KeyringTimeout,
    #[error("the OS keyring is not reachable ({0}); {WHAT_TO_DO}")]
    KeyringUnavailable(String),
    #[error("the OS keyring is locked or refused access ({0}); unlock it and try again")]
    KeyringLocked(String),
    #[error(
        "not logged in; run `codeward login --endpoint https://HOST:PORT`, or set CODEWARD_ENDPOINT, CODEWARD_ACCESS_KEY_ID and CODEWARD_SECRET_ACCESS_KEY"
    )]
    NotLoggedIn,
    #[error(
        "set all of CODEWARD_ENDPOINT, CODEWARD_ACCESS_KEY_ID and CODEWARD_SECRET_ACCESS_KEY, or none; {0} is missing"
    )]
    PartialEnvironment(&'static str),
    #[error("the credentials in the keyring are unreadable; run `codeward login` again")]
    Corrupt,
    #[error(transparent)]
    Endpoint(#[from] EndpointError),
    #[error("{ENV_CA_CERT}: cannot read {path}: {message}")]
    CaCert { path: String, message: String },
}

/// A secret that prints as `***`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(text: impl Into<String>) -> Secret {
        Secret(text.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("***")
    }
}

/// Everything needed to call a store; kept as one keyring entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoreCredentials {
    pub endpoint: String,
    pub access_key_id: String,
    pub secret_access_key: Secret,
    /// As the store reported it at login, when it did.
    #[serde(default)]
    pub tenant: Option<String>,
    /// A private CA (PEM text) trusted beside the system roots.
    #[serde(default)]
    pub ca_cert_pem: Option<String>,
    #[serde(default)]
    pub insecure_loopback_http: bool,
}

impl StoreCredentials {
    pub fn endpoint(&self) -> Result<Endpoint, EndpointError> {
        Endpoint::parse(&self.endpoint, self.insecure_loopback_http)
    }
}

/// Where credentials came from, for `whoami`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Keyring,
    Environment,
}

/// The keyring to use: the platform's, or a given store (tests: `keyring_core::mock`).
#[derive(Clone)]
pub enum Keyring {
    System,
    Store(Arc<CredentialStore>),
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(match self {
            Keyring::System => "Keyring::System",
            Keyring::Store(_) => "Keyring::Store",
        })
    }
}

fn describe(error: &keyring_core::Error) -> String {
    // Variants that carry the stored bytes are described without them.
    match error {
        keyring_core::Error::PlatformFailure(inner)
        | keyring_core::Error::NoStorageAccess(inner) => inner.to_string(),
        keyring_core::Error::NoEntry => "no entry".into(),
        keyring_core::Error::BadEncoding(_) | keyring_core::Error::BadDataFormat(..) => {
            "unreadable entry".into()
        }
        _ => "keyring error".into(),
    }
}

fn map_error(error: keyring_core::Error) -> CredentialsError {
    match error {
        keyring_core::Error::NoStorageAccess(_) => {
            CredentialsError::KeyringLocked(describe(&error))
        }
        keyring_core::Error::BadEncoding(_) | keyring_core::Error::BadDataFormat(..) => {
            CredentialsError::Corrupt
        }
        other => CredentialsError::KeyringUnavailable(describe(&other)),
    }
}

impl Keyring {
    /// Runs `operation` on the entry `name` on another thread; gives up after 3 s.
    fn with_entry<T: Send + 'static>(
        &self,
        name: &'static str,
        operation: impl FnOnce(&Entry) -> keyring_core::Result<T> + Send + 'static,
    ) -> Result<T, CredentialsError> {
        let keyring = self.clone();
        let (sender, receiver) = mpsc::channel();
        std::thread::Builder::new()
            .name("codeward-keyring".into())
            .spawn(move || {
                let store: keyring_core::Result<Arc<CredentialStore>> = match keyring {
                    Keyring::Store(store) => Ok(store),
                    Keyring::System => system_store(),
                };
                let result = store
                    .and_then(|store| Entry::new_in_store(&store, SERVICE, name))
                    .and_then(|entry| operation(&entry));
                let _ = sender.send(result);
            })
            .map_err(|error| CredentialsError::KeyringUnavailable(error.to_string()))?;
        match receiver.recv_timeout(KEYRING_TIMEOUT) {
            Ok(result) => result.map_err(map_error),
            // The thread is left behind: a D-Bus call cannot be cancelled from outside.
            Err(_) => Err(CredentialsError::KeyringTimeout),
        }
    }

    fn get(&self, name: &'static str) -> Result<Option<Vec<u8>>, CredentialsError> {
        self.with_entry(name, |entry| match entry.get_secret() {
            Ok(bytes) => Ok(Some(bytes)),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(error) => Err(error),
        })
    }

    fn set(&self, name: &'static str, bytes: Vec<u8>) -> Result<(), CredentialsError> {
        self.with_entry(name, move |entry| entry.set_secret(&bytes))
    }

    /// Deletes the entry; `false` when there was none.
    fn delete(&self, name: &'static str) -> Result<bool, CredentialsError> {
        self.with_entry(name, |entry| match entry.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring_core::Error::NoEntry) => Ok(false),
            Err(error) => Err(error),
        })
    }

    /// The credentials saved by `login`, if any.
    pub fn load(&self) -> Result<Option<StoreCredentials>, CredentialsError> {
        match self.get(CREDENTIALS_ENTRY)? {
            None => Ok(None),
            Some(bytes) => serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(|_| CredentialsError::Corrupt),
        }
    }

    pub fn save(&self, credentials: &StoreCredentials) -> Result<(), CredentialsError> {
        let bytes = serde_json::to_vec(credentials).map_err(|_| CredentialsError::Corrupt)?;
        self.set(CREDENTIALS_ENTRY, bytes)
    }

    /// Removes the saved credentials; `false` when none were saved.
    pub fn forget(&self) -> Result<bool, CredentialsError> {
        self.delete(CREDENTIALS_ENTRY)
    }

    /// The outbox key, created on first use.
    pub fn outbox_key(&self) -> Result<[u8; 32], CredentialsError> {
        if let Some(bytes) = self.get(OUTBOX_KEY_ENTRY)? {
            return hex::decode(&bytes)
                .ok()
                .and_then(|key| <[u8; 32]>::try_from(key).ok())
                .ok_or(CredentialsError::Corrupt);
        }
        let mut key = [0u8; 32];
        aes_gcm::aead::rand_core::RngCore::fill_bytes(&mut aes_gcm::aead::OsRng, &mut key);
        self.set(OUTBOX_KEY_ENTRY, hex::encode(key).into_bytes())?;
        Ok(key)
    }
}

#[cfg(target_os = "linux")]
fn system_store() -> keyring_core::Result<Arc<CredentialStore>> {
    let store: Arc<CredentialStore> = dbus_secret_service_keyring_store::Store::new()?;
    Ok(store)
}

#[cfg(target_os = "macos")]
fn system_store() -> keyring_core::Result<Arc<CredentialStore>> {
    let store: Arc<CredentialStore> = apple_native_keyring_store::keychain::Store::new()?;
    Ok(store)
}

#[cfg(target_os = "windows")]
fn system_store() -> keyring_core::Result<Arc<CredentialStore>> {
    let store: Arc<CredentialStore> = windows_native_keyring_store::Store::new()?;
    Ok(store)
}

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
fn system_store() -> keyring_core::Result<Arc<CredentialStore>> {
    Err(keyring_core::Error::NotSupportedByStore(
        "no OS keyring is built in for this system; use the CODEWARD_* environment".into(),
    ))
}

/// Credentials from the environment, when `CODEWARD_ENDPOINT` or a key variable is set.
pub fn from_environment(
    read: impl Fn(&str) -> Option<String>,
) -> Result<Option<StoreCredentials>, CredentialsError> {
    let endpoint = read(ENV_ENDPOINT).filter(|value| !value.is_empty());
    let key_id = read(ENV_ACCESS_KEY_ID).filter(|value| !value.is_empty());
    let secret = read(ENV_SECRET_ACCESS_KEY).filter(|value| !value.is_empty());
    let (endpoint, key_id, secret) = match (endpoint, key_id, secret) {
        (None, None, None) => return Ok(None),
        (Some(endpoint), Some(key_id), Some(secret)) => (endpoint, key_id, secret),
        (None, ..) => return Err(CredentialsError::PartialEnvironment(ENV_ENDPOINT)),
        (_, None, _) => return Err(CredentialsError::PartialEnvironment(ENV_ACCESS_KEY_ID)),
        (.., None) => return Err(CredentialsError::PartialEnvironment(ENV_SECRET_ACCESS_KEY)),
    };
    let insecure_loopback_http = read(ENV_INSECURE_LOOPBACK_HTTP).is_some_and(|value| value == "1");
    Endpoint::parse(&endpoint, insecure_loopback_http)?;
    let ca_cert_pem = match read(ENV_CA_CERT).filter(|value| !value.is_empty()) {
        None => None,
        Some(path) => {
            Some(
                std::fs::read_to_string(&path).map_err(|error| CredentialsError::CaCert {
                    path,
                    message: error.to_string(),
                })?,
            )
        }
    };
    Ok(Some(StoreCredentials {
        endpoint,
        access_key_id: key_id,
        secret_access_key: Secret(secret),
        tenant: None,
        ca_cert_pem,
        insecure_loopback_http,
    }))
}

/// The environment's credentials if set, else the keyring's.
pub fn resolve(keyring: &Keyring) -> Result<(StoreCredentials, Source), CredentialsError> {
    if let Some(credentials) = from_environment(|name| std::env::var(name).ok())? {
        return Ok((credentials, Source::Environment));
    }
    match keyring.load()? {
        Some(mut credentials) => {
            // A CA given now is trusted too (a renewed private CA).
            if let Ok(path) = std::env::var(ENV_CA_CERT)
                && !path.is_empty()
            {
                credentials.ca_cert_pem =
                    Some(std::fs::read_to_string(&path).map_err(|error| {
                        CredentialsError::CaCert {
                            path,
                            message: error.to_string(),
                        }
                    })?);
            }
            Ok((credentials, Source::Keyring))
        }
        None => Err(CredentialsError::NotLoggedIn),
    }
}

/// The key that seals the outbox: the keyring's (created on first use) when credentials come
/// from the keyring; derived from the secret access key in CI, where no keyring runs. The
/// returned id names the key so that entries sealed under another one are recognised.
pub fn outbox_key(
    keyring: &Keyring,
    credentials: &StoreCredentials,
    source: Source,
) -> Result<(String, [u8; 32]), CredentialsError> {
    match source {
        Source::Keyring => Ok(("keyring".into(), keyring.outbox_key()?)),
        Source::Environment => {
            use hmac::{Hmac, Mac};
            let mut mac = Hmac::<sha2::Sha256>::new_from_slice(
                credentials.secret_access_key.expose().as_bytes(),
            )
            .map_err(|_| CredentialsError::Corrupt)?;
            mac.update(b"codeward outbox key v1");
            let key: [u8; 32] = mac.finalize().into_bytes().into();
            Ok((format!("env:{}", credentials.access_key_id), key))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mock() -> Keyring {
        let store: Arc<CredentialStore> = keyring_core::mock::Store::new().expect("mock");
        Keyring::Store(store)
    }

    fn sample() -> StoreCredentials {
        StoreCredentials {
            endpoint: "https://store.example:8443".into(),
            access_key_id: "CWKEXAMPLE".into(),
            secret_access_key: Secret::new("super-secret-value"),
            tenant: Some("acme".into()),
            ca_cert_pem: None,
            insecure_loopback_http: false,
        }
    }

    #[test]
    fn save_load_forget_round_trip() {
        let keyring = mock();
        assert_eq!(keyring.load().expect("loads"), None);
        keyring.save(&sample()).expect("saves");
        assert_eq!(keyring.load().expect("loads"), Some(sample()));
        assert!(keyring.forget().expect("forgets"));
        assert!(!keyring.forget().expect("forgets"));
        assert_eq!(keyring.load().expect("loads"), None);
    }

    #[test]
    fn the_outbox_key_is_created_once() {
        let keyring = mock();
        let first = keyring.outbox_key().expect("key");
        assert_eq!(keyring.outbox_key().expect("key"), first);
    }

    #[test]
    fn debug_output_hides_the_secret() {
        assert!(!format!("{:?}", sample()).contains("super-secret-value"));
    }

    #[test]
    fn the_environment_is_all_or_nothing() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| (*value).to_owned())
            }
        };
        assert_eq!(from_environment(env(&[])).expect("ok"), None);
        let error = from_environment(env(&[(ENV_ENDPOINT, "https://h")])).expect_err("partial");
        assert_eq!(
            error.to_string(),
            "set all of CODEWARD_ENDPOINT, CODEWARD_ACCESS_KEY_ID and CODEWARD_SECRET_ACCESS_KEY, or none; CODEWARD_ACCESS_KEY_ID is missing"
        );
        let found = from_environment(env(&[
            (ENV_ENDPOINT, "https://h:1"),
            (ENV_ACCESS_KEY_ID, "id"),
            (ENV_SECRET_ACCESS_KEY, "s"),
        ]))
        .expect("ok")
        .expect("set");
        assert_eq!(found.access_key_id, "id");
        let refused = from_environment(env(&[
            (ENV_ENDPOINT, "http://h:1"),
            (ENV_ACCESS_KEY_ID, "id"),
            (ENV_SECRET_ACCESS_KEY, "s"),
        ]));
        assert!(matches!(
            refused,
            Err(CredentialsError::Endpoint(EndpointError::NotHttps))
        ));
    }
}
