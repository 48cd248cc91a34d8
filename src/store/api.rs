//! Wire protocol v1 over axum: routes, the admission layer (rate limit, body limit, SigV4),
//! JSON errors `{code, message}` and one audit event per call.
//!
//! Handlers (`api/handlers.rs`) convert and delegate to `service::Store`; they hold no business
//! rules. This module does not do TLS or listening (mod.rs), and never puts payloads or secrets
//! in audit events: only the path, the action and the status.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::body::Body;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};

mod handlers;

use handlers::{
    batch_get_findings, caller_identity, create_scan, delete_source, get_account_configuration,
    get_findings, get_scan, get_source, list_scans, metrics_summary, not_found, openapi_document,
    put_account_configuration, upload_source,
};

use super::db::AuditEvent;
use super::service::{Principal, Store, StoreError, request_id};
use super::sigv4::{self, AuthError, ReceivedRequest, VerifierConfig};
use crate::protocol::ErrorBody;

/// Limits and the signing scope of the API.
#[derive(Debug, Clone)]
pub struct ApiConfig {
    /// SigV4 region (service is always `codeward`).
    pub region: String,
    /// Largest accepted request body in bytes (larger: 413).
    pub body_limit: usize,
    /// Sustained requests per second per source address, and the burst above it (over: 429).
    pub rate_per_second: f64,
    pub rate_burst: f64,
}

impl Default for ApiConfig {
    fn default() -> ApiConfig {
        ApiConfig {
            region: "local".into(),
            body_limit: 8 * 1024 * 1024,
            rate_per_second: 50.0,
            rate_burst: 200.0,
        }
    }
}

/// A token bucket per source address.
#[derive(Debug, Default)]
struct RateLimiter {
    buckets: Mutex<HashMap<IpAddr, (f64, Instant)>>,
}

impl RateLimiter {
    /// Takes a token, or says how many whole seconds until one is available.
    fn take(&self, source: IpAddr, config: &ApiConfig) -> Result<(), u64> {
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let now = Instant::now();
        if buckets.len() > 10_000 {
            buckets.retain(|_, (_, last)| now.duration_since(*last).as_secs() < 60);
        }
        let (tokens, last) = buckets.entry(source).or_insert((config.rate_burst, now));
        *tokens = (*tokens + now.duration_since(*last).as_secs_f64() * config.rate_per_second)
            .min(config.rate_burst);
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            let wait = ((1.0 - *tokens) / config.rate_per_second).ceil();
            Err(if wait.is_finite() && wait >= 1.0 {
                wait as u64
            } else {
                1
            })
        }
    }
}

#[derive(Debug, Clone)]
pub struct AppState {
    pub(crate) store: Arc<Store>,
    config: Arc<ApiConfig>,
    limiter: Arc<RateLimiter>,
}

/// An error answer: a status, a stable code and a message for people.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    /// Seconds for the `Retry-After` header of a 429.
    retry_after: Option<u64>,
}

impl ApiError {
    pub(crate) fn new(
        status: StatusCode,
        code: &'static str,
        message: impl Into<String>,
    ) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            retry_after: None,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            code: self.code.to_owned(),
            message: self.message,
        };
        let mut response = (self.status, Json(body)).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

impl From<AuthError> for ApiError {
    fn from(error: AuthError) -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, error.code(), error.to_string())
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> ApiError {
        let (status, code) = match &error {
            StoreError::NotFound(_) => (StatusCode::NOT_FOUND, "ResourceNotFoundException"),
            StoreError::Conflict(_) => (StatusCode::CONFLICT, "ConflictException"),
            StoreError::Forbidden { .. } => (StatusCode::FORBIDDEN, "AccessDeniedException"),
            StoreError::BadRequest(_) => (StatusCode::BAD_REQUEST, "ValidationException"),
            StoreError::CustomerKeyUnavailable(_) => {
                (StatusCode::FORBIDDEN, "KMSKeyNotAccessibleException")
            }
            StoreError::Crypto(_) | StoreError::Db(_) | StoreError::Corrupt(_) => {
                // Details stay out of the answer; they may name keys or storage paths.
                eprintln!("codeward store: internal error: {error}");
                return ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "InternalServerException",
                    "internal error",
                );
            }
        };
        ApiError::new(status, code, error.to_string())
    }
}

pub fn router(store: Arc<Store>, config: ApiConfig) -> Router {
    let state = AppState {
        store,
        config: Arc::new(config),
        limiter: Arc::default(),
    };
    Router::new()
        .route("/v1/scans", post(create_scan).get(list_scans))
        .route("/v1/scans/{scan_name}", get(get_scan))
        .route("/v1/findings", get(get_findings))
        .route("/v1/findings/batch-get", post(batch_get_findings))
        .route("/v1/metrics/summary", get(metrics_summary))
        .route(
            "/v1/scans/{scan_id}/source",
            put(upload_source).get(get_source).delete(delete_source),
        )
        .route(
            "/v1/account/configuration",
            get(get_account_configuration).put(put_account_configuration),
        )
        .route("/v1/identity", get(caller_identity))
        .route("/v1/openapi.json", get(openapi_document))
        .fallback(not_found)
        .layer(DefaultBodyLimit::disable())
        .layer(middleware::from_fn_with_state(
            state.clone(),
            admit_and_audit,
        ))
        .with_state(state)
}

/// The CodeGuru-style action name of a call, for the audit log.
fn action_for(method: &Method, path: &str) -> &'static str {
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match (method.as_str(), segments.as_slice()) {
        ("POST", ["v1", "scans"]) => "CreateScan",
        ("GET", ["v1", "scans"]) => "ListScans",
        ("GET", ["v1", "scans", _]) => "GetScan",
        ("GET", ["v1", "findings"]) => "GetFindings",
        ("POST", ["v1", "findings", "batch-get"]) => "BatchGetFindings",
        ("GET", ["v1", "metrics", "summary"]) => "GetMetricsSummary",
        ("PUT", ["v1", "scans", _, "source"]) => "PutSource",
        ("GET", ["v1", "scans", _, "source"]) => "GetSource",
        ("DELETE", ["v1", "scans", _, "source"]) => "DeleteSource",
        ("GET", ["v1", "account", "configuration"]) => "GetAccountConfiguration",
        ("PUT", ["v1", "account", "configuration"]) => "UpdateAccountConfiguration",
        ("GET", ["v1", "identity"]) => "GetCallerIdentity",
        ("GET", ["v1", "openapi.json"]) => "GetOpenApiDocument",
        _ => "Unknown",
    }
}

/// Rate limit, body limit, signature: the request reaches a handler only through here.
/// Runs database and crypto work on the blocking pool, never on the async workers.
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work).await.map_err(|error| {
        eprintln!("codeward store: a blocking task failed: {error}");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalServerException",
            "internal error",
        )
    })
}

const OPENAPI_PATH: &str = "/v1/openapi.json";

async fn admit(
    state: &AppState,
    request: Request,
    source: SocketAddr,
) -> Result<(Option<Principal>, Request), ApiError> {
    if let Err(retry_after) = state.limiter.take(source.ip(), &state.config) {
        let message = format!("too many requests; retry after {retry_after} s");
        let error = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "ThrottlingException",
            message,
        );
        return Err(ApiError {
            retry_after: Some(retry_after),
            ..error
        });
    }
    let limit = state.config.body_limit;
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "PayloadTooLarge",
            format!("the body exceeds {limit} bytes"),
        )
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse::<usize>().ok());
    if declared.is_some_and(|length| length > limit) {
        return Err(too_large());
    }
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| too_large())?;
    if parts.method == Method::GET && parts.uri.path() == OPENAPI_PATH {
        // The API description holds no data: anyone may read it, like a health check.
        return Ok((None, Request::from_parts(parts, Body::from(body))));
    }
    let mut headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .filter_map(|(name, value)| {
            Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned()))
        })
        .collect();
    let authority = parts
        .uri
        .authority()
        .map(|authority| authority.as_str().to_owned());
    if !parts.headers.contains_key(header::HOST) {
        headers.extend(
            authority
                .clone()
                .map(|authority| ("host".to_owned(), authority)),
        );
    }
    let method = parts.method.as_str().to_owned();
    let path = parts.uri.path().to_owned();
    let query = parts.uri.query().map(str::to_owned);
    let config = VerifierConfig {
        region: state.config.region.clone(),
        service: "codeward".into(),
    };
    let store = state.store.clone();
    let signed_body = body.clone();
    // The key lookup reads the database: off the async workers.
    let principal = blocking(move || {
        let headers: Vec<(&str, &str)> = headers
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .collect();
        let received = ReceivedRequest {
            method: &method,
            authority: authority.as_deref(),
            path: &path,
            query: query.as_deref(),
            headers: &headers,
            body: &signed_body,
        };
        let mut principal = None;
        sigv4::verify(&received, &config, store.now(), |access_key_id| match store
            .credentials(access_key_id)
        {
            Ok(Some((secret, found))) => {
                principal = Some(found);
                Some(secret)
            }
            Ok(None) => None,
            Err(error) => {
                eprintln!("codeward store: access key lookup failed: {error}");
                None
            }
        })?;
        Ok::<_, ApiError>(principal.ok_or(AuthError::InvalidAccessKeyId)?)
    })
    .await??;
    Ok((
        Some(principal),
        Request::from_parts(parts, Body::from(body)),
    ))
}

async fn admit_and_audit(
    State(state): State<AppState>,
    ConnectInfo(source): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    let request_id = request_id();
    let mut event = AuditEvent {
        time: state.store.now(),
        principal: "-".into(),
        tenant: "-".into(),
        action: action_for(request.method(), request.uri().path()).into(),
        resource: request.uri().path().into(),
        source: source.ip().to_string(),
        result: String::new(),
        request_id: request_id.clone(),
    };
    let mut response = match admit(&state, request, source).await {
        Err(error) => error.into_response(),
        Ok((principal, mut request)) => {
            if let Some(principal) = principal {
                event.principal.clone_from(&principal.access_key_id);
                event.tenant.clone_from(&principal.tenant);
                request.extensions_mut().insert(principal);
            }
            next.run(request).await
        }
    };
    event.result = response.status().as_u16().to_string();
    let store = state.store.clone();
    let audited = blocking(move || store.audit(&event)).await;
    if let Err(error) = audited
        .map_err(|_| "the audit task failed".to_owned())
        .and_then(|result| result.map_err(|error| error.to_string()))
    {
        // A call that cannot be audited does not succeed.
        eprintln!("codeward store: audit append failed: {error}");
        response = ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalServerException",
            "audit unavailable",
        )
        .into_response();
    }
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}
