//! Signed HTTPS calls to the store: reqwest on rustls (TLS 1.2 minimum, system roots plus an
//! optional private CA), every request signed with SigV4 (`aws-sigv4`, service `codeward`).
//!
//! It classifies answers (retry, reject, accept) but does not decide when to retry: that is
//! `deliver`'s job. Error texts hold status codes and the store's messages, never the secret.

use std::time::{Duration, SystemTime};

use aws_sigv4::http_request::{
    PayloadChecksumKind, SignableBody, SignableRequest, SigningSettings, sign,
};
use aws_sigv4::sign::v4;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use super::credentials::StoreCredentials;
use super::endpoint::{Endpoint, EndpointError};
use crate::protocol::{
    CallerIdentity, CreateScanResponse, ErrorBody, Finding, GetFindingsResponse, ListScansResponse,
    ScanSummary, SourceUploadResponse,
};

/// The header carrying the record id on `POST /v1/scans`.
pub const IDEMPOTENCY_HEADER: &str = "idempotency-key";

#[derive(Debug, Clone)]
pub struct ClientConfig {
    pub region: String,
    pub connect_timeout: Duration,
    /// For the whole call, body included.
    pub request_timeout: Duration,
}

impl Default for ClientConfig {
    fn default() -> ClientConfig {
        ClientConfig {
            region: std::env::var("CODEWARD_REGION").unwrap_or_else(|_| "local".into()),
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
        }
    }
}

/// Why a call did not give the expected answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallError {
    /// Worth retrying: 429, 502, 503, 504, a transport error or an answer that does not
    /// confirm the record.
    #[error("{reason}")]
    Retry {
        reason: String,
        retry_after: Option<Duration>,
    },
    /// Not worth retrying: the store refused the request.
    #[error("the store refused the request: HTTP {status} {code}: {message}")]
    Rejected {
        status: u16,
        code: String,
        message: String,
    },
    #[error("cannot set up the HTTPS client: {0}")]
    Setup(String),
}

#[derive(Debug, Clone)]
pub struct StoreClient {
    http: reqwest::Client,
    endpoint: Endpoint,
    credentials: StoreCredentials,
    config: ClientConfig,
}

impl StoreClient {
    pub fn new(
        credentials: &StoreCredentials,
        config: ClientConfig,
    ) -> Result<StoreClient, CallError> {
        let endpoint = credentials
            .endpoint()
            .map_err(|error: EndpointError| CallError::Setup(error.to_string()))?;
        let mut builder = reqwest::Client::builder()
            .tls_version_min(reqwest::tls::Version::TLS_1_2)
            .https_only(!credentials.insecure_loopback_http)
            .connect_timeout(config.connect_timeout)
            .timeout(config.request_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("codeward/", env!("CARGO_PKG_VERSION")));
        if let Some(pem) = &credentials.ca_cert_pem {
            let certificates = reqwest::Certificate::from_pem_bundle(pem.as_bytes())
                .map_err(|error| CallError::Setup(format!("the CA certificate: {error}")))?;
            if certificates.is_empty() {
                return Err(CallError::Setup(
                    "the CA certificate file holds no certificate".into(),
                ));
            }
            builder = builder.tls_certs_merge(certificates);
        }
        let http = builder
            .build()
            .map_err(|error| CallError::Setup(error.to_string()))?;
        Ok(StoreClient {
            http,
            endpoint,
            credentials: credentials.clone(),
            config,
        })
    }

    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// Signs and sends one request; answers the status, `Retry-After` and body.
    async fn call(
        &self,
        method: &str,
        path_and_query: &str,
        body: &[u8],
        extra_headers: &[(&str, &str)],
    ) -> Result<(u16, Option<Duration>, Vec<u8>), CallError> {
        let url = self.endpoint.url(path_and_query);
        let host = self.endpoint.authority();
        let mut headers: Vec<(String, String)> = vec![
            ("host".into(), host),
            ("content-type".into(), "application/json".into()),
        ];
        headers.extend(
            extra_headers
                .iter()
                .map(|(name, value)| ((*name).to_owned(), (*value).to_owned())),
        );
        headers.extend(self.signature(method, &url, &headers, body)?);
        let mut request = self
            .http
            .request(
                method
                    .parse()
                    .map_err(|_| CallError::Setup(format!("bad method {method}")))?,
                &url,
            )
            .body(body.to_vec());
        for (name, value) in &headers {
            request = request.header(name, value);
        }
        let response = request.send().await.map_err(transport_error)?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|value| value.to_str().ok()?.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let bytes = response.bytes().await.map_err(transport_error)?;
        Ok((status, retry_after, bytes.to_vec()))
    }

    fn signature(
        &self,
        method: &str,
        url: &str,
        headers: &[(String, String)],
        body: &[u8],
    ) -> Result<Vec<(String, String)>, CallError> {
        let identity = aws_credential_types::Credentials::new(
            &self.credentials.access_key_id,
            self.credentials.secret_access_key.expose(),
            None,
            None,
            "codeward",
        )
        .into();
        let mut settings = SigningSettings::default();
        settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region(&self.config.region)
            .name("codeward")
            .time(SystemTime::now())
            .settings(settings)
            .build()
            .map_err(|error| CallError::Setup(format!("signing: {error}")))?
            .into();
        let signable = SignableRequest::new(
            method,
            url,
            headers
                .iter()
                .map(|(name, value)| (name.as_str(), value.as_str())),
            SignableBody::Bytes(body),
        )
        .map_err(|error| CallError::Setup(format!("signing: {error}")))?;
        let (instructions, _) = sign(signable, &params)
            .map_err(|error| CallError::Setup(format!("signing: {error}")))?
            .into_parts();
        Ok(instructions
            .headers()
            .map(|(name, value)| (name.to_owned(), value.to_owned()))
            .collect())
    }

    /// Calls and decodes a 2xx JSON answer; classifies the rest.
    async fn call_json<T: DeserializeOwned>(
        &self,
        method: &str,
        path_and_query: &str,
        body: &[u8],
        extra_headers: &[(&str, &str)],
    ) -> Result<T, CallError> {
        let (status, retry_after, bytes) = self
            .call(method, path_and_query, body, extra_headers)
            .await?;
        if (200..300).contains(&status) {
            return serde_json::from_slice(&bytes).map_err(|_| CallError::Retry {
                reason: format!(
                    "the store answered HTTP {status} with a body that is not the expected JSON"
                ),
                retry_after: None,
            });
        }
        Err(classify(status, retry_after, &bytes))
    }

    /// `POST /v1/scans` with the exact body from the outbox. Succeeds only when the answer
    /// echoes `record_id` and the SHA-256 of `body`.
    pub async fn create_scan(
        &self,
        record_id: &str,
        body: &[u8],
    ) -> Result<CreateScanResponse, CallError> {
        let response: CreateScanResponse = self
            .call_json(
                "POST",
                "/v1/scans",
                body,
                &[(IDEMPOTENCY_HEADER, record_id)],
            )
            .await?;
        let content_hash = hex::encode(Sha256::digest(body));
        if response.scan_id != record_id || response.content_hash != content_hash {
            return Err(CallError::Retry {
                reason: "the store's answer does not echo the record id and content hash".into(),
                retry_after: None,
            });
        }
        Ok(response)
    }

    /// `PUT /v1/scans/{scanId}/source` with the opted-in source bundle. Succeeds only when
    /// the answer echoes the scan id and the SHA-256 of `body`.
    pub async fn put_source(
        &self,
        scan_id: &str,
        body: &[u8],
    ) -> Result<SourceUploadResponse, CallError> {
        let path = format!("/v1/scans/{}/source", encode_query(scan_id));
        let response: SourceUploadResponse = self.call_json("PUT", &path, body, &[]).await?;
        if response.scan_id != scan_id || response.content_hash != hex::encode(Sha256::digest(body))
        {
            return Err(CallError::Retry {
                reason: "the store's answer does not echo the scan id and source hash".into(),
                retry_after: None,
            });
        }
        Ok(response)
    }

    /// `GET /v1/scans/{scanId}/source`: the uploaded bytes, until they expire.
    pub async fn source(&self, scan_id: &str) -> Result<Vec<u8>, CallError> {
        let path = format!("/v1/scans/{}/source", encode_query(scan_id));
        let (status, retry_after, bytes) = self.call("GET", &path, b"", &[]).await?;
        if status == 200 {
            return Ok(bytes);
        }
        Err(classify(status, retry_after, &bytes))
    }

    /// Who these credentials belong to. Stores without `GET /v1/identity` answer `None`
    /// after the credentials were checked with a read (`GET /v1/scans`).
    pub async fn identity(&self) -> Result<Option<CallerIdentity>, CallError> {
        match self.call_json("GET", "/v1/identity", b"", &[]).await {
            Ok(identity) => Ok(Some(identity)),
            Err(CallError::Rejected {
                status: 404, code, ..
            }) if code == "UnknownOperationException" => self.list_scans().await.map(|_| None),
            Err(error) => Err(error),
        }
    }

    pub async fn list_scans(&self) -> Result<Vec<ScanSummary>, CallError> {
        let response: ListScansResponse = self.call_json("GET", "/v1/scans", b"", &[]).await?;
        Ok(response.summaries)
    }

    /// `GET /v1/findings`; `status` is `Open`, `Closed` or `All`.
    pub async fn findings(
        &self,
        scan_name: Option<&str>,
        status: &str,
    ) -> Result<Vec<Finding>, CallError> {
        let mut query = format!("/v1/findings?status={}", encode_query(status));
        if let Some(name) = scan_name {
            query.push_str("&scanName=");
            query.push_str(&encode_query(name));
        }
        let response: GetFindingsResponse = self.call_json("GET", &query, b"", &[]).await?;
        Ok(response.findings)
    }
}

/// Percent-encodes a query value the SigV4 way (unreserved characters kept).
fn encode_query(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

fn transport_error(error: reqwest::Error) -> CallError {
    let kind = if error.is_timeout() {
        "timed out"
    } else if error.is_connect() {
        "cannot connect"
    } else {
        "connection failed"
    };
    // The source chain says why (refused, reset, certificate); reqwest's own text would
    // repeat the URL, which holds nothing secret but adds noise.
    let mut reason = format!("the store is unreachable: {kind}");
    let mut source = std::error::Error::source(&error);
    let mut last = None;
    while let Some(inner) = source {
        last = Some(inner.to_string());
        source = inner.source();
    }
    if let Some(last) = last {
        reason.push_str(": ");
        reason.push_str(&last);
    }
    CallError::Retry {
        reason,
        retry_after: None,
    }
}

/// Sorts a non-2xx answer into retry or reject.
pub fn classify(status: u16, retry_after: Option<Duration>, body: &[u8]) -> CallError {
    let error: Option<ErrorBody> = serde_json::from_slice(body).ok();
    match status {
        429 | 502 | 503 | 504 => CallError::Retry {
            reason: match &error {
                Some(error) => format!("the store is busy: HTTP {status} {}", error.code),
                None => format!("the store is busy: HTTP {status}"),
            },
            retry_after,
        },
        _ => {
            let (code, message) = match error {
                Some(error) => (error.code, error.message),
                None => ("-".to_owned(), "no error body".to_owned()),
            };
            CallError::Rejected {
                status,
                code,
                message,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn busy_answers_are_retried_and_others_rejected() {
        let busy = classify(
            429,
            Some(Duration::from_secs(7)),
            br#"{"code":"ThrottlingException","message":"m"}"#,
        );
        assert_eq!(
            busy,
            CallError::Retry {
                reason: "the store is busy: HTTP 429 ThrottlingException".into(),
                retry_after: Some(Duration::from_secs(7)),
            }
        );
        for status in [502, 503, 504] {
            assert!(matches!(
                classify(status, None, b""),
                CallError::Retry { .. }
            ));
        }
        let refused = classify(
            403,
            None,
            br#"{"code":"AccessDeniedException","message":"role reader may not create scans; it needs writer"}"#,
        );
        assert_eq!(
            refused.to_string(),
            "the store refused the request: HTTP 403 AccessDeniedException: role reader may not create scans; it needs writer"
        );
        assert_eq!(
            classify(500, None, b"oops").to_string(),
            "the store refused the request: HTTP 500 -: no error body"
        );
    }

    #[test]
    fn query_values_are_encoded() {
        assert_eq!(encode_query("nightly main/x"), "nightly%20main%2Fx");
    }
}
