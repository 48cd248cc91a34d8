//! The OpenAPI document, and sealed rows tampered with at rest: refused, no plaintext out.

use codeward::store::{ApiConfig, Role};
use serde_json::Value;

use super::harness::{Backend, client, error, record, start};

/// Every route the server answers, with its operation id.
const ROUTES: [(&str, &str, &str); 14] = [
    ("post", "/v1/scans", "CreateScan"),
    ("get", "/v1/scans", "ListScans"),
    ("get", "/v1/scans/{scanName}", "GetScan"),
    ("put", "/v1/scans/{scanId}/source", "PutSource"),
    ("get", "/v1/scans/{scanId}/source", "GetSource"),
    ("delete", "/v1/scans/{scanId}/source", "DeleteSource"),
    ("get", "/v1/findings", "GetFindings"),
    ("post", "/v1/findings/batch-get", "BatchGetFindings"),
    ("get", "/v1/metrics/summary", "GetMetricsSummary"),
    (
        "get",
        "/v1/account/configuration",
        "GetAccountConfiguration",
    ),
    (
        "put",
        "/v1/account/configuration",
        "UpdateAccountConfiguration",
    ),
    ("get", "/v1/identity", "GetCallerIdentity"),
    ("get", "/v1/openapi.json", "GetOpenApiDocument"),
    ("get", "/v1/scans/{scanName}", "GetScan"),
];

pub async fn the_openapi_document_describes_every_route(backend: Backend) {
    let harness = start(backend, ApiConfig::default()).await;
    let client = client(&harness.ca_pem, None);
    let answer = harness
        .call(&client, "GET", "/v1/openapi.json", b"", None)
        .await;
    assert_eq!(answer.status, 200);
    let document: Value = answer.body;
    assert_eq!(document["openapi"], "3.1.0");
    let mut described = Vec::new();
    for (path, operations) in document["paths"].as_object().expect("paths") {
        for (method, operation) in operations.as_object().expect("operations") {
            described.push((
                method.clone(),
                path.clone(),
                operation["operationId"].as_str().unwrap_or("").to_owned(),
            ));
        }
    }
    let mut expected: Vec<(String, String, String)> = ROUTES
        .iter()
        .map(|(method, path, id)| ((*method).into(), (*path).into(), (*id).into()))
        .collect();
    expected.sort();
    expected.dedup();
    described.sort();
    assert_eq!(described, expected);
    // Only the document is unsigned: everything else still needs a signature.
    let unsigned = harness
        .call(&client, "GET", "/v1/openapi.json?x=1", b"", None)
        .await;
    assert_eq!(unsigned.status, 200);
    let scans = harness.call(&client, "GET", "/v1/scans", b"", None).await;
    assert_eq!(scans.status, 401);
}

pub async fn a_sealed_row_tampered_at_rest_is_refused_without_plaintext(backend: Backend) {
    let harness = start(backend, ApiConfig::default()).await;
    let writer = harness.key("acme", Role::Writer).await;
    let client = client(&harness.ca_pem, None);
    for scan_id in ["scan-1", "scan-2"] {
        let body = record(scan_id, scan_id, &["f1"], "SQL injection");
        harness
            .signed(&client, &writer, "POST", "/v1/scans", &body)
            .await;
    }
    let cells = harness
        .blocking(|store| store.storage().sealed_cells(Some("acme")).expect("reads"))
        .await;
    let scan = |id: &str| {
        cells
            .iter()
            .find(|cell| cell.table == "scans" && cell.record == id)
            .cloned()
            .expect("stored")
    };
    let original = scan("scan-1");
    let length = original.sealed.len();
    // One change in each part: magic, key version, wrap nonce, wrapped key, data nonce,
    // ciphertext, tag; a truncation; and another record's value moved into this row.
    let mut variants: Vec<Vec<u8>> = [0, 5, 10, 40, 70, 100, length - 1]
        .into_iter()
        .map(|index| {
            let mut tampered = original.sealed.clone();
            tampered[index] ^= 0x01;
            tampered
        })
        .collect();
    variants.push(original.sealed[..length - 1].to_vec());
    variants.push(scan("scan-2").sealed);
    let refused = (500, "InternalServerException", "internal error");
    for tampered in variants {
        let mut cell = original.clone();
        cell.sealed = tampered;
        harness
            .blocking(move |store| store.storage().replace_sealed(&[cell]).expect("writes"))
            .await;
        let answer = harness
            .signed(&client, &writer, "GET", "/v1/scans/scan-1", b"")
            .await;
        assert_eq!(error(&answer), refused);
        assert!(!String::from_utf8_lossy(&answer.bytes).contains("SQL injection"));
    }
    let restored = original.clone();
    harness
        .blocking(move |store| store.storage().replace_sealed(&[restored]).expect("writes"))
        .await;
    let answer = harness
        .signed(&client, &writer, "GET", "/v1/scans/scan-1", b"")
        .await;
    assert_eq!(answer.status, 200);
}
