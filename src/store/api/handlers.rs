//! The handlers of wire protocol v1: each converts its request, runs one `Store` operation on
//! the blocking pool (database and crypto work never runs on the async workers) and converts
//! the answer. No business rules, no signature checks (`api.rs` admits requests) and no
//! audit events.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Extension, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{ApiError, AppState, blocking};
use crate::protocol::{
    AccountConfiguration, BatchGetFindingsError, BatchGetFindingsRequest, BatchGetFindingsResponse,
    EncryptionConfig, FindingStatus, GetFindingsResponse, GetScanResponse, ListScansResponse,
    SourceUploadResponse,
};
use crate::store::service::{Principal, Store, StoreError};

type ApiResult<T> = Result<Json<T>, ApiError>;

/// Runs a store operation on the blocking pool and answers its result as JSON.
async fn run<T: Send + 'static>(
    state: &AppState,
    operation: impl FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
) -> ApiResult<T> {
    let store = state.store.clone();
    Ok(Json(blocking(move || operation(&store)).await??))
}

pub(super) async fn create_scan(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    body: Bytes,
) -> ApiResult<crate::protocol::CreateScanResponse> {
    run(&state, move |store| store.create_scan(&principal, &body)).await
}

pub(super) async fn list_scans(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
) -> ApiResult<ListScansResponse> {
    run(&state, move |store| {
        Ok(ListScansResponse {
            summaries: store.list_scans(&principal)?,
        })
    })
    .await
}

pub(super) async fn get_scan(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path(scan_name): Path<String>,
) -> ApiResult<GetScanResponse> {
    run(&state, move |store| {
        let (scan, record) = store.get_scan(&principal, &scan_name)?;
        Ok(GetScanResponse { scan, record })
    })
    .await
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct FindingsQuery {
    scan_name: Option<String>,
    status: Option<String>,
}

pub(super) async fn get_findings(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    query: Result<Query<FindingsQuery>, QueryRejection>,
) -> ApiResult<GetFindingsResponse> {
    let Query(query) = query.map_err(|error| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "ValidationException",
            error.body_text(),
        )
    })?;
    let status = match query.status.as_deref() {
        None | Some("All") => None,
        Some(text) => Some(FindingStatus::parse(text).ok_or_else(|| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "ValidationException",
                "status must be Open, Closed or All",
            )
        })?),
    };
    run(&state, move |store| {
        let findings = store.findings(&principal, query.scan_name.as_deref(), status)?;
        Ok(GetFindingsResponse { findings })
    })
    .await
}

pub(super) async fn batch_get_findings(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    body: Bytes,
) -> ApiResult<BatchGetFindingsResponse> {
    let request: BatchGetFindingsRequest = serde_json::from_slice(&body).map_err(|error| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "ValidationException",
            error.to_string(),
        )
    })?;
    if request.finding_identifiers.is_empty() || request.finding_identifiers.len() > 25 {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "ValidationException",
            "send 1 to 25 findingIdentifiers",
        ));
    }
    run(&state, move |store| {
        let mut response = BatchGetFindingsResponse {
            findings: Vec::new(),
            failed_findings: Vec::new(),
        };
        for identifier in request.finding_identifiers {
            match store.finding(&principal, &identifier.scan_name, &identifier.finding_id)? {
                Some(finding) => response.findings.push(finding),
                None => response.failed_findings.push(BatchGetFindingsError {
                    scan_name: identifier.scan_name,
                    finding_id: identifier.finding_id,
                    error_code: "ResourceNotFoundException".into(),
                    message: "no such finding in this scan".into(),
                }),
            }
        }
        Ok(response)
    })
    .await
}

pub(super) async fn metrics_summary(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
) -> ApiResult<crate::protocol::MetricsSummary> {
    run(&state, move |store| store.metrics(&principal)).await
}

pub(super) async fn upload_source(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path(scan_id): Path<String>,
    body: Bytes,
) -> ApiResult<SourceUploadResponse> {
    run(&state, move |store| {
        store.upload_source(&principal, &scan_id, &body)
    })
    .await
}

pub(super) async fn get_source(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path(scan_id): Path<String>,
) -> Result<Response, ApiError> {
    let Json(bytes) = run(&state, move |store| store.source(&principal, &scan_id)).await?;
    Ok(([(header::CONTENT_TYPE, "application/octet-stream")], bytes).into_response())
}

pub(super) async fn delete_source(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path(scan_id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let Json(()) = run(&state, move |store| {
        store.delete_source(&principal, &scan_id)
    })
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub(super) async fn get_account_configuration(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
) -> ApiResult<AccountConfiguration> {
    run(&state, move |store| {
        let kms_key_id = store.account_configuration(&principal)?;
        Ok(AccountConfiguration {
            encryption_config: EncryptionConfig { kms_key_id },
        })
    })
    .await
}

pub(super) async fn put_account_configuration(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    body: Bytes,
) -> ApiResult<AccountConfiguration> {
    let request: AccountConfiguration = serde_json::from_slice(&body).map_err(|error| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "ValidationException",
            format!("the body is not an account configuration: {error}"),
        )
    })?;
    run(&state, move |store| {
        let kms_key_id = request.encryption_config.kms_key_id;
        store.update_account_configuration(&principal, kms_key_id.as_deref())?;
        Ok(AccountConfiguration {
            encryption_config: EncryptionConfig { kms_key_id },
        })
    })
    .await
}

/// `GET /v1/identity`: the verified caller, for any role; never the secret.
pub(super) async fn caller_identity(
    Extension(principal): Extension<Principal>,
) -> Json<crate::protocol::CallerIdentity> {
    Json(crate::protocol::CallerIdentity {
        access_key_id: principal.access_key_id,
        tenant: principal.tenant,
        role: principal.role.as_str().to_owned(),
    })
}

pub(super) async fn openapi_document() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        crate::store::openapi::DOCUMENT,
    )
        .into_response()
}

pub(super) async fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "UnknownOperationException",
        "no such operation in API v1",
    )
}
