//! The store server end to end: the real server over real TLS (a test CA from rcgen) on
//! 127.0.0.1:0, called with reqwest and signed with the `aws-sigv4` crate, as a client would.

use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    PayloadChecksumKind, SignableBody, SignableRequest, SigningSettings, sign,
};
use aws_sigv4::sign::v4;
use codeward::store::clock::ManualClock;
use codeward::store::service::NewAccessKey;
use codeward::store::{self, ApiConfig, Role, RunningServer, Store, Transport};
use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
use serde_json::{Value, json};

const NOW: i64 = 1_760_000_000;

struct Harness {
    _directory: tempfile::TempDir,
    server: RunningServer,
    store: Arc<Store>,
    clock: ManualClock,
    ca_pem: String,
}

fn test_ca_and_server_cert(
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

async fn start(config: ApiConfig) -> Harness {
    let directory = tempfile::tempdir().expect("tempdir");
    let (ca_pem, cert, key) = test_ca_and_server_cert(directory.path());
    let clock = ManualClock::new(NOW);
    let store = Arc::new(
        store::open_store(&directory.path().join("data"), Arc::new(clock.clone())).expect("opens"),
    );
    let tls = store::tls_config(&cert, &key).expect("tls");
    let listen = "127.0.0.1:0".parse().expect("addr");
    let server = store::start(store.clone(), listen, Transport::Tls(Box::new(tls)), config)
        .await
        .expect("starts");
    Harness {
        _directory: directory,
        server,
        store,
        clock,
        ca_pem,
    }
}

fn client(ca_pem: &str, max: Option<reqwest::tls::Version>) -> reqwest::Client {
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
struct Signing<'a> {
    key: &'a NewAccessKey,
    signed_at: i64,
    wrong_secret: bool,
    unsigned_payload: bool,
}

struct Answer {
    status: u16,
    body: Value,
    retry_after: Option<String>,
    tls_version: Option<reqwest::tls::Version>,
}

impl Harness {
    fn signing<'a>(&self, key: &'a NewAccessKey) -> Signing<'a> {
        Signing {
            key,
            signed_at: self.clock_now(),
            wrong_secret: false,
            unsigned_payload: false,
        }
    }

    fn clock_now(&self) -> i64 {
        use codeward::store::Clock;
        self.clock.now_unix()
    }

    async fn call(
        &self,
        client: &reqwest::Client,
        method: &str,
        target: &str,
        body: &[u8],
        signing: Option<Signing<'_>>,
    ) -> Answer {
        let host = self.server.local_addr.to_string();
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
        let bytes = response.bytes().await.expect("body");
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Answer {
            status,
            body,
            retry_after,
            tls_version,
        }
    }
}

fn record(scan_id: &str, scan_name: &str, finding_ids: &[&str], title: &str) -> Vec<u8> {
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

fn error_code(answer: &Answer) -> (u16, &str) {
    (answer.status, answer.body["code"].as_str().unwrap_or(""))
}

fn ids(answer: &Answer) -> Vec<(String, String)> {
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

#[tokio::test]
async fn create_replay_conflict_list_findings_and_metrics_over_tls() {
    let harness = start(ApiConfig::default()).await;
    let writer = harness
        .store
        .create_access_key("acme", Role::Writer)
        .expect("key");
    let reader = harness
        .store
        .create_access_key("acme", Role::Reader)
        .expect("key");
    let client = client(&harness.ca_pem, None);
    let first = record("scan-1", "nightly", &["f1", "f2"], "SQL injection");

    let created = harness
        .call(
            &client,
            "POST",
            "/v1/scans",
            &first,
            Some(harness.signing(&writer)),
        )
        .await;
    assert_eq!(created.status, 200);
    assert_eq!(created.body["status"], "created");
    assert_eq!(created.body["scanId"], "scan-1");
    let replayed = harness
        .call(
            &client,
            "POST",
            "/v1/scans",
            &first,
            Some(harness.signing(&writer)),
        )
        .await;
    assert_eq!(replayed.body["status"], "replayed");
    assert_eq!(replayed.body["contentHash"], created.body["contentHash"]);
    let other = record("scan-1", "nightly", &["f1"], "changed");
    let conflict = harness
        .call(
            &client,
            "POST",
            "/v1/scans",
            &other,
            Some(harness.signing(&writer)),
        )
        .await;
    assert_eq!(error_code(&conflict), (409, "ConflictException"));
    let forbidden = harness
        .call(
            &client,
            "POST",
            "/v1/scans",
            &first,
            Some(harness.signing(&reader)),
        )
        .await;
    assert_eq!(error_code(&forbidden), (403, "AccessDeniedException"));

    harness.clock.advance(600);
    let second = record("scan-2", "nightly", &["f2"], "SQL injection");
    let later = harness
        .call(
            &client,
            "POST",
            "/v1/scans",
            &second,
            Some(harness.signing(&writer)),
        )
        .await;
    assert_eq!(later.body["status"], "created");

    let list = harness
        .call(
            &client,
            "GET",
            "/v1/scans",
            b"",
            Some(harness.signing(&reader)),
        )
        .await;
    let names: Vec<&str> = list.body["summaries"]
        .as_array()
        .expect("list")
        .iter()
        .map(|s| s["scanId"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(names, ["scan-1", "scan-2"]);
    let scan = harness
        .call(
            &client,
            "GET",
            "/v1/scans/nightly",
            b"",
            Some(harness.signing(&reader)),
        )
        .await;
    assert_eq!(scan.body["scan"]["scanId"], "scan-2");

    let open = harness
        .call(
            &client,
            "GET",
            "/v1/findings?scanName=nightly&status=Open",
            b"",
            Some(harness.signing(&reader)),
        )
        .await;
    assert_eq!(ids(&open), [("f2".to_owned(), "Open".to_owned())]);
    let closed = harness
        .call(
            &client,
            "GET",
            "/v1/findings?scanName=nightly&status=Closed",
            b"",
            Some(harness.signing(&reader)),
        )
        .await;
    assert_eq!(ids(&closed), [("f1".to_owned(), "Closed".to_owned())]);
    let all = harness
        .call(
            &client,
            "GET",
            "/v1/findings?scanName=nightly&status=All",
            b"",
            Some(harness.signing(&reader)),
        )
        .await;
    assert_eq!(ids(&all).len(), 2);

    let batch = json!({"findingIdentifiers": [{"scanName": "nightly", "findingId": "f1"}, {"scanName": "nightly", "findingId": "nope"}]});
    let batch_body = serde_json::to_vec(&batch).expect("json");
    let got = harness
        .call(
            &client,
            "POST",
            "/v1/findings/batch-get",
            &batch_body,
            Some(harness.signing(&reader)),
        )
        .await;
    assert_eq!(ids(&got), [("f1".to_owned(), "Closed".to_owned())]);
    assert_eq!(got.body["failedFindings"][0]["findingId"], "nope");

    let metrics = harness
        .call(
            &client,
            "GET",
            "/v1/metrics/summary",
            b"",
            Some(harness.signing(&reader)),
        )
        .await;
    assert_eq!(metrics.body["meanTimeToCloseSeconds"], 600.0);
    assert_eq!(
        metrics.body["openFindings"][1],
        json!({"severity": "High", "count": 1})
    );

    let report = harness
        .store
        .verify_audit()
        .expect("reads")
        .expect("intact");
    assert_eq!(report.events, 12);
    harness.server.shutdown().await.expect("stops");
}

#[tokio::test]
async fn another_tenant_sees_nothing_on_any_endpoint() {
    let harness = start(ApiConfig::default()).await;
    let acme = harness
        .store
        .create_access_key("acme", Role::Writer)
        .expect("key");
    let globex = harness
        .store
        .create_access_key("globex", Role::Admin)
        .expect("key");
    let client = client(&harness.ca_pem, None);
    let body = record("scan-1", "nightly", &["f1"], "SQL injection");
    harness
        .call(
            &client,
            "POST",
            "/v1/scans",
            &body,
            Some(harness.signing(&acme)),
        )
        .await;

    let as_globex = |method: &'static str, target: &'static str, body: Vec<u8>| {
        let harness = &harness;
        let client = &client;
        let globex = &globex;
        async move {
            harness
                .call(client, method, target, &body, Some(harness.signing(globex)))
                .await
        }
    };
    assert_eq!(
        as_globex("GET", "/v1/scans", vec![]).await.body,
        json!({"summaries": []})
    );
    assert_eq!(
        error_code(&as_globex("GET", "/v1/scans/nightly", vec![]).await),
        (404, "ResourceNotFoundException")
    );
    let by_scan = as_globex("GET", "/v1/findings?scanName=nightly&status=All", vec![]).await;
    assert_eq!(error_code(&by_scan), (404, "ResourceNotFoundException"));
    assert_eq!(
        as_globex("GET", "/v1/findings", vec![]).await.body,
        json!({"findings": []})
    );
    let batch = serde_json::to_vec(
        &json!({"findingIdentifiers": [{"scanName": "nightly", "findingId": "f1"}]}),
    )
    .expect("json");
    let got = as_globex("POST", "/v1/findings/batch-get", batch).await;
    assert_eq!(got.body["findings"], json!([]));
    assert_eq!(
        got.body["failedFindings"][0]["errorCode"],
        "ResourceNotFoundException"
    );
    let metrics = as_globex("GET", "/v1/metrics/summary", vec![]).await;
    assert_eq!(metrics.body["openFindings"][1]["count"], 0);
    // The same scan id in another tenant is that tenant's own scan: no conflict, no overwrite.
    let mine = as_globex(
        "POST",
        "/v1/scans",
        record("scan-1", "nightly", &["g1"], "other"),
    )
    .await;
    assert_eq!(mine.body["status"], "created");
    let acme_view = harness
        .call(
            &client,
            "GET",
            "/v1/findings?scanName=nightly",
            b"",
            Some(harness.signing(&acme)),
        )
        .await;
    assert_eq!(ids(&acme_view), [("f1".to_owned(), "Open".to_owned())]);
}

#[tokio::test]
async fn unsigned_badly_signed_skewed_and_revoked_requests_are_refused() {
    let harness = start(ApiConfig::default()).await;
    let key = harness
        .store
        .create_access_key("acme", Role::Reader)
        .expect("key");
    let client = client(&harness.ca_pem, None);
    let unsigned = harness.call(&client, "GET", "/v1/scans", b"", None).await;
    assert_eq!(error_code(&unsigned), (401, "MissingAuthenticationToken"));
    let wrong = Signing {
        wrong_secret: true,
        ..harness.signing(&key)
    };
    assert_eq!(
        error_code(
            &harness
                .call(&client, "GET", "/v1/scans", b"", Some(wrong))
                .await
        ),
        (401, "SignatureDoesNotMatch")
    );
    let skewed = Signing {
        signed_at: NOW - 16 * 60,
        ..harness.signing(&key)
    };
    assert_eq!(
        error_code(
            &harness
                .call(&client, "GET", "/v1/scans", b"", Some(skewed))
                .await
        ),
        (401, "RequestTimeTooSkewed")
    );
    let unsigned_payload = Signing {
        unsigned_payload: true,
        ..harness.signing(&key)
    };
    let answer = harness
        .call(&client, "GET", "/v1/scans", b"", Some(unsigned_payload))
        .await;
    assert_eq!(error_code(&answer), (401, "UnsignedPayloadNotAllowed"));
    let presigned = harness
        .call(
            &client,
            "GET",
            "/v1/scans?X-Amz-Signature=00",
            b"",
            Some(harness.signing(&key)),
        )
        .await;
    assert_eq!(error_code(&presigned), (401, "SignatureInQueryNotAllowed"));
    harness
        .store
        .revoke_access_key(&key.access_key_id)
        .expect("revokes");
    let revoked = harness
        .call(
            &client,
            "GET",
            "/v1/scans",
            b"",
            Some(harness.signing(&key)),
        )
        .await;
    assert_eq!(error_code(&revoked), (401, "InvalidAccessKeyId"));
    assert_eq!(
        harness
            .store
            .verify_audit()
            .expect("reads")
            .expect("intact")
            .events,
        6
    );
}

#[tokio::test]
async fn tls_1_2_and_1_3_are_accepted_and_plain_http_is_not() {
    let harness = start(ApiConfig::default()).await;
    let key = harness
        .store
        .create_access_key("acme", Role::Reader)
        .expect("key");
    let tls13 = harness
        .call(
            &client(&harness.ca_pem, None),
            "GET",
            "/v1/scans",
            b"",
            Some(harness.signing(&key)),
        )
        .await;
    assert_eq!(
        (tls13.status, tls13.tls_version),
        (200, Some(reqwest::tls::Version::TLS_1_3))
    );
    let tls12_client = client(&harness.ca_pem, Some(reqwest::tls::Version::TLS_1_2));
    let tls12 = harness
        .call(
            &tls12_client,
            "GET",
            "/v1/scans",
            b"",
            Some(harness.signing(&key)),
        )
        .await;
    assert_eq!(
        (tls12.status, tls12.tls_version),
        (200, Some(reqwest::tls::Version::TLS_1_2))
    );
    let plain = reqwest::Client::new()
        .get(format!("http://{}/v1/scans", harness.server.local_addr))
        .send()
        .await;
    assert!(plain.is_err(), "plain HTTP on the TLS port must fail");
    let store = harness.store.clone();
    let refused = store::start(
        store,
        "0.0.0.0:0".parse().expect("addr"),
        Transport::InsecureLoopbackHttp,
        ApiConfig::default(),
    )
    .await;
    let message = refused.expect_err("refused").to_string();
    assert_eq!(
        message,
        "--insecure-loopback-http serves plain HTTP only on a loopback address, not 0.0.0.0:0"
    );
}

#[tokio::test]
async fn oversized_bodies_get_413_and_bursts_get_429_with_retry_after() {
    let config = ApiConfig {
        body_limit: 1024,
        rate_per_second: 0.5,
        rate_burst: 3.0,
        ..ApiConfig::default()
    };
    let harness = start(config).await;
    let key = harness
        .store
        .create_access_key("acme", Role::Writer)
        .expect("key");
    let client = client(&harness.ca_pem, None);
    let big = vec![b' '; 2048];
    let too_large = harness
        .call(
            &client,
            "POST",
            "/v1/scans",
            &big,
            Some(harness.signing(&key)),
        )
        .await;
    assert_eq!(error_code(&too_large), (413, "PayloadTooLarge"));
    harness
        .call(
            &client,
            "GET",
            "/v1/scans",
            b"",
            Some(harness.signing(&key)),
        )
        .await;
    harness
        .call(
            &client,
            "GET",
            "/v1/scans",
            b"",
            Some(harness.signing(&key)),
        )
        .await;
    let throttled = harness
        .call(
            &client,
            "GET",
            "/v1/scans",
            b"",
            Some(harness.signing(&key)),
        )
        .await;
    assert_eq!(error_code(&throttled), (429, "ThrottlingException"));
    assert_eq!(throttled.retry_after.as_deref(), Some("2"));
}
