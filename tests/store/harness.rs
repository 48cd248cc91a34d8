//! The store under test: the real server over real TLS (a test CA from rcgen) on 127.0.0.1:0,
//! on SQLite or PostgreSQL, called with reqwest and signed with the `aws-sigv4` crate, as a
//! client would. Store calls that touch the database run on the blocking pool, as in the
//! server.

use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    PayloadChecksumKind, SignableBody, SignableRequest, SigningSettings, sign,
};
use aws_sigv4::sign::v4;
use codeward::store::clock::ManualClock;
use codeward::store::service::NewAccessKey;
use codeward::store::{
    self, ApiConfig, Role, RunningServer, Store, StoreConfig, StoreSettings, Transport,
};
use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
use serde_json::{Value, json};

pub const NOW: i64 = 1_760_000_000;

/// Which database the store runs on.
#[derive(Debug, Clone)]
pub enum Backend {
    Sqlite,
    /// A URL whose `search_path` is a fresh schema of its own.
    Postgres(String),
}

/// The PostgreSQL server of the test run: `CODEWARD_TEST_POSTGRES`.
pub fn postgres_url() -> Option<String> {
    match std::env::var("CODEWARD_TEST_POSTGRES") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var_os("CODEWARD_REQUIRE_POSTGRES").is_none(),
                "CODEWARD_REQUIRE_POSTGRES is set but CODEWARD_TEST_POSTGRES is not"
            );
            eprintln!(
                "skipped: set CODEWARD_TEST_POSTGRES=postgres://USER@HOST:PORT/DB to run the \
                 PostgreSQL variant"
            );
            None
        }
    }
}

/// A fresh schema on the test PostgreSQL; `None` (skipped) without `CODEWARD_TEST_POSTGRES`.
pub async fn fresh_postgres() -> Option<Backend> {
    let url = postgres_url()?;
    let schema = format!("t{}", hex_random());
    let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .expect("connects to CODEWARD_TEST_POSTGRES");
    tokio::spawn(connection);
    client
        .batch_execute(&format!("CREATE SCHEMA {schema}"))
        .await
        .expect("creates a schema");
    let separator = if url.contains('?') { '&' } else { '?' };
    Some(Backend::Postgres(format!(
        "{url}{separator}options=-csearch_path%3D{schema}"
    )))
}

fn hex_random() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .expect("after 1970")
            .as_nanos(),
    );
    format!("{:016x}", hasher.finish())
}

/// Generates one test per backend from `async fn name(backend: Backend)`.
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name(super::harness::Backend::Sqlite).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some(backend) = super::harness::fresh_postgres().await else {
                        return;
                    };
                    super::$name(backend).await;
                }
            )*
        }
    };
}

pub struct Harness {
    pub _directory: tempfile::TempDir,
    /// How the store was opened: open it again to play a restarted or second process.
    pub store_config: StoreConfig,
    pub server: RunningServer,
    pub store: Arc<Store>,
    pub clock: ManualClock,
    pub ca_pem: String,
}

pub fn test_ca_and_server_cert(
    directory: &std::path::Path,
) -> (String, std::path::PathBuf, std::path::PathBuf) {
    let ca_key = KeyPair::generate().expect("key");
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("params");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca_cert = ca_params.self_signed(&ca_key).expect("ca");
    let issuer = Issuer::new(ca_params, ca_key);
    let server_key = KeyPair::generate().expect("key");
    let params = CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])
        .expect("params");
    let server_cert = params.signed_by(&server_key, &issuer).expect("signed");
    let (cert_path, key_path) = (directory.join("server.pem"), directory.join("server.key"));
    std::fs::write(&cert_path, server_cert.pem()).expect("writes");
    std::fs::write(&key_path, server_key.serialize_pem()).expect("writes");
    (ca_cert.pem(), cert_path, key_path)
}

pub async fn start(backend: Backend, config: ApiConfig) -> Harness {
    start_with(backend, config, StoreSettings::default()).await
}

pub async fn start_with(backend: Backend, config: ApiConfig, settings: StoreSettings) -> Harness {
    let directory = tempfile::tempdir().expect("tempdir");
    let (ca_pem, cert, key) = test_ca_and_server_cert(directory.path());
    let clock = ManualClock::new(NOW);
    let store_config = StoreConfig {
        data_dir: directory.path().join("data"),
        database: match &backend {
            Backend::Sqlite => None,
            Backend::Postgres(url) => Some(url.clone()),
        },
        settings,
    };
    let store_clock = Arc::new(clock.clone());
    let opened_config = store_config.clone();
    let store = Arc::new(
        tokio::task::spawn_blocking(move || store::open_store_with(&opened_config, store_clock))
            .await
            .expect("joins")
            .expect("opens"),
    );
    let tls = store::tls_config(&cert, &key).expect("tls");
    let listen = "127.0.0.1:0".parse().expect("addr");
    let server = store::start(store.clone(), listen, Transport::Tls(Box::new(tls)), config)
        .await
        .expect("starts");
    Harness {
        _directory: directory,
        store_config,
        server,
        store,
        clock,
        ca_pem,
    }
}

pub fn client(ca_pem: &str, max: Option<reqwest::tls::Version>) -> reqwest::Client {
    let ca = reqwest::Certificate::from_pem(ca_pem.as_bytes()).expect("ca");
    let mut builder = reqwest::Client::builder()
        .tls_certs_only([ca])
        .tls_info(true)
        .http1_only();
    if let Some(max) = max {
        builder = builder.tls_version_max(max);
    }
    builder.build().expect("client")
}

/// How to sign a call (a valid signature unless a field says otherwise).
#[derive(Clone, Copy)]
pub struct Signing<'a> {
    pub key: &'a NewAccessKey,
    pub signed_at: i64,
    pub wrong_secret: bool,
    pub unsigned_payload: bool,
}

pub struct Answer {
    pub status: u16,
    pub body: Value,
    pub bytes: Vec<u8>,
    pub retry_after: Option<String>,
    pub tls_version: Option<reqwest::tls::Version>,
}

impl Harness {
    pub fn signing<'a>(&self, key: &'a NewAccessKey) -> Signing<'a> {
        Signing {
            key,
            signed_at: self.clock_now(),
            wrong_secret: false,
            unsigned_payload: false,
        }
    }

    pub fn clock_now(&self) -> i64 {
        use codeward::store::Clock;
        self.clock.now_unix()
    }

    /// Runs a store operation on the blocking pool (PostgreSQL calls block).
    pub async fn blocking<T: Send + 'static>(
        &self,
        operation: impl FnOnce(&Store) -> T + Send + 'static,
    ) -> T {
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || operation(&store))
            .await
            .expect("joins")
    }

    /// Opens a second store on the same database and key files, as a restarted process would.
    pub async fn reopen(&self) -> Store {
        let config = self.store_config.clone();
        let clock = Arc::new(self.clock.clone());
        tokio::task::spawn_blocking(move || store::open_store_with(&config, clock))
            .await
            .expect("joins")
            .expect("opens")
    }

    pub async fn key(&self, tenant: &str, role: Role) -> NewAccessKey {
        let tenant = tenant.to_owned();
        self.blocking(move |store| store.create_access_key(&tenant, role))
            .await
            .expect("creates a key")
    }

    pub async fn audit_events(&self) -> usize {
        self.blocking(|store| store.verify_audit())
            .await
            .expect("reads")
            .expect("intact")
            .events
    }

    pub async fn call(
        &self,
        client: &reqwest::Client,
        method: &str,
        target: &str,
        body: &[u8],
        signing: Option<Signing<'_>>,
    ) -> Answer {
        let host = self.server.local_addr.to_string();
        call_at(client, &host, method, target, body, signing).await
    }
}

/// A call signed now (the system clock) by `key`, to a store at `host`.
pub async fn signed_call(
    client: &reqwest::Client,
    host: &str,
    key: &NewAccessKey,
    method: &str,
    target: &str,
    body: &[u8],
) -> Answer {
    let now = std::time::SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    let signing = Signing {
        key,
        signed_at: i64::try_from(now).expect("fits"),
        wrong_secret: false,
        unsigned_payload: false,
    };
    call_at(client, host, method, target, body, Some(signing)).await
}

async fn call_at(
    client: &reqwest::Client,
    host: &str,
    method: &str,
    target: &str,
    body: &[u8],
    signing: Option<Signing<'_>>,
) -> Answer {
    {
        let host = host.to_owned();
        let url = format!("https://{host}{target}");
        let mut headers = vec![
            ("host".to_owned(), host.clone()),
            ("content-type".to_owned(), "application/json".to_owned()),
        ];
        if let Some(signing) = signing {
            let secret = if signing.wrong_secret {
                "not-the-secret"
            } else {
                &signing.key.secret_access_key
            };
            let identity =
                Credentials::new(&signing.key.access_key_id, secret, None, None, "test").into();
            let mut settings = SigningSettings::default();
            settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
            let params = v4::SigningParams::builder()
                .identity(&identity)
                .region("local")
                .name("codeward")
                .time(
                    UNIX_EPOCH
                        + Duration::from_secs(u64::try_from(signing.signed_at).expect("positive")),
                )
                .settings(settings)
                .build()
                .expect("params")
                .into();
            let signable_body = if signing.unsigned_payload {
                SignableBody::UnsignedPayload
            } else {
                SignableBody::Bytes(body)
            };
            let base = headers
                .iter()
                .map(|(name, value)| (name.as_str(), value.as_str()));
            let request =
                SignableRequest::new(method, url.clone(), base, signable_body).expect("signable");
            let (instructions, _) = sign(request, &params).expect("signs").into_parts();
            let added: Vec<(String, String)> = instructions
                .headers()
                .map(|(name, value)| (name.to_owned(), value.to_owned()))
                .collect();
            headers.extend(added);
        }
        let mut request = client
            .request(method.parse().expect("method"), &url)
            .body(body.to_vec());
        for (name, value) in &headers {
            request = request.header(name, value);
        }
        let response = request.send().await.expect("sends");
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .map(|value| value.to_str().expect("ascii").to_owned());
        let tls_version = response
            .extensions()
            .get::<reqwest::tls::TlsInfo>()
            .and_then(|info| info.version());
        let bytes = response.bytes().await.expect("body").to_vec();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Answer {
            status,
            body,
            bytes,
            retry_after,
            tls_version,
        }
    }
}

impl Harness {
    /// A signed call by `key`.
    pub async fn signed(
        &self,
        client: &reqwest::Client,
        key: &NewAccessKey,
        method: &str,
        target: &str,
        body: &[u8],
    ) -> Answer {
        self.call(client, method, target, body, Some(self.signing(key)))
            .await
    }
}

pub fn record(scan_id: &str, scan_name: &str, finding_ids: &[&str], title: &str) -> Vec<u8> {
    let findings: Vec<Value> = finding_ids
        .iter()
        .map(|id| json!({"id": id, "title": title, "severity": "High", "ruleId": "sql-injection",
            "vulnerability": {"filePath": {"path": "app/db.py", "name": "db.py", "startLine": 3, "endLine": 3}}}))
        .collect();
    serde_json::to_vec(&json!({
        "scanId": scan_id, "scanName": scan_name,
        "scope": {"repository": "acme/app", "branch": "main", "commit": "abc"},
        "tool": {"name": "codeward", "version": "0.1.0"},
        "startedAt": "2025-12-01T00:00:00Z", "finishedAt": "2025-12-01T00:00:05Z",
        "findings": findings,
    }))
    .expect("serializes")
}

pub fn error_code(answer: &Answer) -> (u16, &str) {
    (answer.status, answer.body["code"].as_str().unwrap_or(""))
}

/// `(status, code, message)` of an error answer.
pub fn error(answer: &Answer) -> (u16, &str, &str) {
    (
        answer.status,
        answer.body["code"].as_str().unwrap_or(""),
        answer.body["message"].as_str().unwrap_or(""),
    )
}

pub fn ids(answer: &Answer) -> Vec<(String, String)> {
    let findings = answer.body["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    findings
        .iter()
        .map(|finding| {
            (
                finding["id"].as_str().unwrap_or("").to_owned(),
                finding["status"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}
