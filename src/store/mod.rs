//! The store server: a self-hosted home for scan records under CodeGuru Security's data rules.
//!
//! `open_store` opens (or creates, on first start) the data directory: `store.db` (SQLite) and
//! `master.key` (0600). `start` serves wire protocol v1 over TLS 1.3/1.2 (rustls), or over
//! plain HTTP only when asked explicitly and only on a loopback address.
//!
//! The data directory holds the key files (`master.key`, `retention.key`, `customer-keys/`)
//! and, unless `--database postgres://...` names a PostgreSQL database, `store.db`.
//!
//! Absences: `store` does not import `engine` or `lsp`; only `protocol` types cross the wire.

pub mod api;
pub mod clock;
pub mod crypto;
pub mod db;
mod names;
pub mod openapi;
pub mod service;
pub mod sigv4;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

use crate::platform;

pub use api::ApiConfig;
pub use clock::{Clock, SystemClock};
pub use service::{Role, Store, StoreSettings};

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// Bad usage: the CLI maps it to exit code 2.
    #[error("{0}")]
    Usage(String),
    #[error("data directory {path}: {message}")]
    DataDir { path: PathBuf, message: String },
    #[error(transparent)]
    Crypto(#[from] crypto::CryptoError),
    #[error(transparent)]
    Db(#[from] db::DbError),
    #[error("TLS: {0}")]
    Tls(String),
    #[error("listening on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
}

/// Where a store keeps its data and keys, and how it behaves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreConfig {
    /// Key files, and the SQLite database unless `database` is set.
    pub data_dir: PathBuf,
    /// A `postgres://` URL: the database of several store processes.
    pub database: Option<String>,
    pub settings: StoreSettings,
}

impl StoreConfig {
    pub fn new(data_dir: &Path) -> StoreConfig {
        StoreConfig {
            data_dir: data_dir.to_owned(),
            database: None,
            settings: StoreSettings::default(),
        }
    }
}

/// Opens the store in `data_dir` with SQLite and default settings.
pub fn open_store(data_dir: &Path, clock: Arc<dyn Clock>) -> Result<Store, ServeError> {
    open_store_with(&StoreConfig::new(data_dir), clock)
}

/// Opens the store, creating the data directory (0700), the database and the key files on
/// first start. On Windows the directory and files keep the ACLs of the folder they are made
/// in (see `platform`).
pub fn open_store_with(config: &StoreConfig, clock: Arc<dyn Clock>) -> Result<Store, ServeError> {
    let data_dir = &config.data_dir;
    let fail = |message: String| ServeError::DataDir {
        path: data_dir.clone(),
        message,
    };
    if !data_dir.exists() {
        platform::create_private_folder(data_dir).map_err(|error| fail(error.to_string()))?;
    }
    let keys = crypto::MasterKeys::load_or_create(&data_dir.join("master.key"))?;
    let today = u32::try_from(clock.now_unix().div_euclid(86_400)).unwrap_or(0);
    let retention =
        crypto::retention::RetentionKeys::load_or_create(&data_dir.join("retention.key"), today)?;
    let storage: Arc<dyn db::Storage> = match &config.database {
        None => Arc::new(db::SqliteStorage::open(&data_dir.join("store.db"))?),
        Some(url) => open_database(url)?,
    };
    let mut settings = config.settings.clone();
    if settings.customer_key_dir.is_none() {
        settings.customer_key_dir = Some(data_dir.join("customer-keys"));
    }
    Ok(Store::with(storage, keys, retention, clock, settings))
}

/// Opens PostgreSQL; the password comes from `CODEWARD_DATABASE_PASSWORD`, never the URL.
fn open_database(url: &str) -> Result<Arc<dyn db::Storage>, ServeError> {
    if !url.starts_with("postgres://") && !url.starts_with("postgresql://") {
        return Err(ServeError::Usage(
            "--database takes a postgres:// URL; for SQLite use --data-dir".into(),
        ));
    }
    let password = std::env::var("CODEWARD_DATABASE_PASSWORD").ok();
    match db::PostgresStorage::open(url, password.as_deref()) {
        Ok(storage) => Ok(Arc::new(storage)),
        Err(db::DbError::Url(message)) => Err(ServeError::Usage(format!("--database: {message}"))),
        Err(other) => Err(other.into()),
    }
}

/// Runs the retention sweep every `period` on the blocking pool until the runtime stops.
pub fn spawn_sweeper(
    store: Arc<Store>,
    period: std::time::Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(period);
        loop {
            ticks.tick().await;
            let store = store.clone();
            match tokio::task::spawn_blocking(move || store.purge()).await {
                Ok(Ok(report)) if report.sources_deleted > 0 || report.day_keys_destroyed > 0 => {
                    eprintln!(
                        "codeward store: retention sweep deleted {} uploads, destroyed {} day keys",
                        report.sources_deleted, report.day_keys_destroyed
                    );
                }
                Ok(Ok(_)) => {}
                Ok(Err(error)) => eprintln!("codeward store: retention sweep failed: {error}"),
                Err(error) => eprintln!("codeward store: retention sweep failed: {error}"),
            }
        }
    })
}

/// The default data directory: `$XDG_DATA_HOME/codeward/store` or `~/.local/share/...` (on
/// Windows `%LOCALAPPDATA%\codeward\store`).
pub fn default_data_dir() -> PathBuf {
    platform::user_data_folder()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("codeward")
        .join("store")
}

/// TLS 1.3 and 1.2 only (rustls has no older versions), HTTP/1.1 by ALPN.
pub fn tls_config(cert_pem: &Path, key_pem: &Path) -> Result<rustls::ServerConfig, ServeError> {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert_pem)
        .and_then(|certs| certs.collect())
        .map_err(|error| {
            ServeError::Usage(format!("--tls-cert {}: {error}", cert_pem.display()))
        })?;
    if certs.is_empty() {
        return Err(ServeError::Usage(format!(
            "--tls-cert {}: no certificate in it",
            cert_pem.display()
        )));
    }
    let key = PrivateKeyDer::from_pem_file(key_pem)
        .map_err(|error| ServeError::Usage(format!("--tls-key {}: {error}", key_pem.display())))?;
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])
        .map_err(|error| ServeError::Tls(error.to_string()))?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|error| ServeError::Tls(error.to_string()))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

/// How to listen.
#[derive(Debug)]
pub enum Transport {
    Tls(Box<rustls::ServerConfig>),
    /// Plain HTTP: refused unless the address is loopback.
    InsecureLoopbackHttp,
}

/// A server running on a Tokio runtime; dropped, it keeps running until `shutdown`.
#[derive(Debug)]
pub struct RunningServer {
    pub local_addr: SocketAddr,
    handle: axum_server::Handle<SocketAddr>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl RunningServer {
    /// Stops accepting, lets calls in flight finish (up to 5 s) and waits for the server.
    pub async fn shutdown(self) -> std::io::Result<()> {
        self.handle
            .graceful_shutdown(Some(std::time::Duration::from_secs(5)));
        self.task.await.map_err(std::io::Error::other)?
    }

    /// Waits until the server stops by itself (an error) or forever.
    pub async fn wait(self) -> std::io::Result<()> {
        self.task.await.map_err(std::io::Error::other)?
    }
}

/// Binds `listen` and starts serving on the current Tokio runtime.
pub async fn start(
    store: Arc<Store>,
    listen: SocketAddr,
    transport: Transport,
    config: ApiConfig,
) -> Result<RunningServer, ServeError> {
    if matches!(transport, Transport::InsecureLoopbackHttp) && !listen.ip().is_loopback() {
        return Err(ServeError::Usage(format!(
            "--insecure-loopback-http serves plain HTTP only on a loopback address, not {listen}"
        )));
    }
    let listener = std::net::TcpListener::bind(listen).map_err(|source| ServeError::Listen {
        addr: listen,
        source,
    })?;
    let local_addr = listener.local_addr().map_err(|source| ServeError::Listen {
        addr: listen,
        source,
    })?;
    let service = api::router(store, config).into_make_service_with_connect_info::<SocketAddr>();
    let handle = axum_server::Handle::new();
    let listen_error = |source| ServeError::Listen {
        addr: local_addr,
        source,
    };
    let task = match transport {
        Transport::Tls(tls) => {
            let rustls_config = axum_server::tls_rustls::RustlsConfig::from_config(Arc::new(*tls));
            let server =
                axum_server::from_tcp_rustls(listener, rustls_config).map_err(listen_error)?;
            tokio::spawn(server.handle(handle.clone()).serve(service))
        }
        Transport::InsecureLoopbackHttp => {
            let server = axum_server::from_tcp(listener).map_err(listen_error)?;
            tokio::spawn(server.handle(handle.clone()).serve(service))
        }
    };
    Ok(RunningServer {
        local_addr,
        handle,
        task,
    })
}
