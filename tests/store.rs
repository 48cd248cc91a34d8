//! The store server end to end, on SQLite and on PostgreSQL (`CODEWARD_TEST_POSTGRES`): the
//! real server over real TLS, signed with the `aws-sigv4` crate, as a client would call it.

#[macro_use]
#[path = "store/harness.rs"]
mod harness;
#[path = "store/api_document.rs"]
mod api_document;
#[path = "store/keys.rs"]
mod keys;
#[path = "store/processes.rs"]
mod processes;
#[path = "store/sweeper.rs"]
mod sweeper;

use codeward::store::StoreSettings;
use codeward::store::{self, ApiConfig, Role, Transport};
use harness::{Backend, NOW, Signing, client, error, error_code, ids, record, start, start_with};
use serde_json::json;
use sha2::{Digest, Sha256};

on_both_backends!(
    create_replay_conflict_list_findings_and_metrics_over_tls,
    another_tenant_sees_nothing_on_any_endpoint,
    unsigned_badly_signed_skewed_and_revoked_requests_are_refused,
    tls_1_2_and_1_3_are_accepted_and_plain_http_is_not,
    oversized_bodies_get_413_and_bursts_get_429_with_retry_after,
    uploaded_source_expires_before_the_sweep_and_its_day_key_is_destroyed,
    source_upload_read_and_delete_follow_roles_and_tenants,
    a_lower_retention_expires_sooner_and_each_upload_has_its_own_data_key,
    a_customer_managed_key_wraps_the_account_data_and_without_it_nothing_reads,
    rotation_rewraps_every_data_key_and_keeps_the_ciphertext,
    the_openapi_document_describes_every_route,
    a_sealed_row_tampered_at_rest_is_refused_without_plaintext,
    the_server_sweeps_expired_uploads_on_its_own,
);

use sweeper::the_server_sweeps_expired_uploads_on_its_own;

use api_document::{
    a_sealed_row_tampered_at_rest_is_refused_without_plaintext,
    the_openapi_document_describes_every_route,
};

use keys::{
    a_customer_managed_key_wraps_the_account_data_and_without_it_nothing_reads,
    rotation_rewraps_every_data_key_and_keeps_the_ciphertext,
};

async fn create_replay_conflict_list_findings_and_metrics_over_tls(backend: Backend) {
    let harness = start(backend, ApiConfig::default()).await;
    let writer = harness.key("acme", Role::Writer).await;
    let reader = harness.key("acme", Role::Reader).await;
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

    assert_eq!(harness.audit_events().await, 12);
    harness.server.shutdown().await.expect("stops");
}

async fn another_tenant_sees_nothing_on_any_endpoint(backend: Backend) {
    let harness = start(backend, ApiConfig::default()).await;
    let acme = harness.key("acme", Role::Writer).await;
    let globex = harness.key("globex", Role::Admin).await;
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
    let uploaded = harness
        .signed(&client, &acme, "PUT", "/v1/scans/scan-1/source", SOURCE)
        .await;
    assert_eq!(uploaded.status, 200);

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
    for (method, body) in [("GET", vec![]), ("DELETE", vec![])] {
        let answer = as_globex(method, "/v1/scans/scan-1/source", body).await;
        assert_eq!(error_code(&answer), (404, "ResourceNotFoundException"));
    }
    let overwrite = as_globex("PUT", "/v1/scans/scan-1/source", b"theirs".to_vec()).await;
    assert_eq!(error_code(&overwrite), (404, "ResourceNotFoundException"));
    let configuration = as_globex("GET", "/v1/account/configuration", vec![]).await;
    assert_eq!(configuration.body, json!({"encryptionConfig": {}}));
    let acme_source = harness
        .signed(&client, &acme, "GET", "/v1/scans/scan-1/source", b"")
        .await;
    assert_eq!(acme_source.bytes, SOURCE);
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

async fn unsigned_badly_signed_skewed_and_revoked_requests_are_refused(backend: Backend) {
    let harness = start(backend, ApiConfig::default()).await;
    let key = harness.key("acme", Role::Reader).await;
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
    let key_id = key.access_key_id.clone();
    harness
        .blocking(move |store| store.revoke_access_key(&key_id))
        .await
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
    assert_eq!(harness.audit_events().await, 6);
}

async fn tls_1_2_and_1_3_are_accepted_and_plain_http_is_not(backend: Backend) {
    let harness = start(backend, ApiConfig::default()).await;
    let key = harness.key("acme", Role::Reader).await;
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

async fn oversized_bodies_get_413_and_bursts_get_429_with_retry_after(backend: Backend) {
    let config = ApiConfig {
        body_limit: 1024,
        rate_per_second: 0.5,
        rate_burst: 3.0,
        ..ApiConfig::default()
    };
    let harness = start(backend, config).await;
    let key = harness.key("acme", Role::Writer).await;
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

const DAY: i64 = 86_400;
const SOURCE: &[u8] = b"def handler(q):\n    cursor.execute('SELECT * FROM t WHERE id = ' + q)\n";

/// The start of the UTC day `days` after NOW's day: when an upload made at NOW expires.
fn day_boundary_after_now(days: i64) -> i64 {
    (NOW.div_euclid(DAY) + days) * DAY
}

async fn uploaded_source_expires_before_the_sweep_and_its_day_key_is_destroyed(backend: Backend) {
    let harness = start(backend, ApiConfig::default()).await;
    let writer = harness.key("acme", Role::Writer).await;
    let reader = harness.key("acme", Role::Reader).await;
    let client = client(&harness.ca_pem, None);
    let body = record("scan-1", "nightly", &["f1"], "SQL injection");
    let created = harness
        .signed(&client, &writer, "POST", "/v1/scans", &body)
        .await;
    assert_eq!(created.status, 200);

    let put = harness
        .signed(&client, &writer, "PUT", "/v1/scans/scan-1/source", SOURCE)
        .await;
    let expires_at = day_boundary_after_now(10);
    assert_eq!(put.status, 200);
    assert_eq!(
        put.body,
        json!({
            "scanId": "scan-1",
            "contentHash": hex::encode(Sha256::digest(SOURCE)),
            "sizeBytes": SOURCE.len(),
            "expiresAt": "2025-10-19T00:00:00Z",
        })
    );
    assert!(expires_at - NOW <= 10 * DAY);

    harness.clock.set(expires_at - 1);
    let before = harness
        .signed(&client, &reader, "GET", "/v1/scans/scan-1/source", b"")
        .await;
    assert_eq!((before.status, before.bytes.as_slice()), (200, SOURCE));

    // Expired: refused although the sweep has not run and the row is still there.
    harness.clock.set(expires_at);
    let expired = harness
        .signed(&client, &reader, "GET", "/v1/scans/scan-1/source", b"")
        .await;
    assert_eq!(
        error(&expired),
        (
            404,
            "ResourceNotFoundException",
            "uploaded source of scan scan-1 not found"
        )
    );
    let (rows, backup) = harness
        .blocking(|store| {
            let storage = store.storage();
            (
                storage.row_count("sources").expect("counts"),
                storage.source("acme", "scan-1").expect("reads"),
            )
        })
        .await;
    assert_eq!(rows, 1);
    let backup = backup.expect("a copy of the row, as a backup would hold it");

    harness.clock.set(NOW + 10 * DAY + 1);
    let later = harness
        .signed(&client, &reader, "GET", "/v1/scans/scan-1/source", b"")
        .await;
    assert_eq!(error_code(&later), (404, "ResourceNotFoundException"));
    let (report, rows, reopened) = harness
        .blocking(move |store| {
            let report = store.purge().expect("sweeps");
            let rows = store.storage().row_count("sources").expect("counts");
            (
                report,
                rows,
                store.open_source_row(&backup).map_err(|e| e.to_string()),
            )
        })
        .await;
    assert_eq!(report.sources_deleted, 1);
    assert_eq!(report.day_keys_destroyed, 10);
    assert_eq!(rows, 0);
    let key_day = expires_at / DAY - 1;
    assert_eq!(
        reopened,
        Err(format!(
            "the retention key of day {key_day} was destroyed: the value expired"
        ))
    );

    // Scans and findings are kept: still readable a year later.
    harness.clock.set(NOW + 365 * DAY);
    let findings = harness
        .signed(
            &client,
            &reader,
            "GET",
            "/v1/findings?scanName=nightly",
            b"",
        )
        .await;
    assert_eq!(ids(&findings), [("f1".to_owned(), "Open".to_owned())]);
    let scan = harness
        .signed(&client, &reader, "GET", "/v1/scans/nightly", b"")
        .await;
    assert_eq!(scan.body["record"]["findings"][0]["title"], "SQL injection");
    assert_eq!(
        harness
            .blocking(|store| store.purge().expect("sweeps").sources_deleted)
            .await,
        0
    );
}

async fn source_upload_read_and_delete_follow_roles_and_tenants(backend: Backend) {
    let harness = start(backend, ApiConfig::default()).await;
    let writer = harness.key("acme", Role::Writer).await;
    let reader = harness.key("acme", Role::Reader).await;
    let globex = harness.key("globex", Role::Admin).await;
    let client = client(&harness.ca_pem, None);
    let body = record("scan-1", "nightly", &["f1"], "SQL injection");
    harness
        .signed(&client, &writer, "POST", "/v1/scans", &body)
        .await;

    let no_scan = harness
        .signed(&client, &writer, "PUT", "/v1/scans/nope/source", SOURCE)
        .await;
    assert_eq!(
        error(&no_scan),
        (404, "ResourceNotFoundException", "scan nope not found")
    );
    let as_reader = harness
        .signed(&client, &reader, "PUT", "/v1/scans/scan-1/source", SOURCE)
        .await;
    assert_eq!(
        error(&as_reader),
        (
            403,
            "AccessDeniedException",
            "role reader may not upload source; it needs writer"
        )
    );
    let put = harness
        .signed(&client, &writer, "PUT", "/v1/scans/scan-1/source", SOURCE)
        .await;
    assert_eq!(put.status, 200);
    for (method, body) in [("GET", &b""[..]), ("PUT", SOURCE), ("DELETE", b"")] {
        let foreign = harness
            .signed(&client, &globex, method, "/v1/scans/scan-1/source", body)
            .await;
        let expected = if method == "PUT" {
            "scan scan-1 not found"
        } else {
            "uploaded source of scan scan-1 not found"
        };
        assert_eq!(
            error(&foreign),
            (404, "ResourceNotFoundException", expected),
            "{method}"
        );
    }
    let still_there = harness
        .signed(&client, &reader, "GET", "/v1/scans/scan-1/source", b"")
        .await;
    assert_eq!(still_there.bytes, SOURCE);
    let reader_delete = harness
        .signed(&client, &reader, "DELETE", "/v1/scans/scan-1/source", b"")
        .await;
    assert_eq!(error_code(&reader_delete), (403, "AccessDeniedException"));
    let deleted = harness
        .signed(&client, &writer, "DELETE", "/v1/scans/scan-1/source", b"")
        .await;
    assert_eq!((deleted.status, deleted.bytes.len()), (204, 0));
    let gone = harness
        .signed(&client, &reader, "GET", "/v1/scans/scan-1/source", b"")
        .await;
    assert_eq!(error_code(&gone), (404, "ResourceNotFoundException"));
    let again = harness
        .signed(&client, &writer, "DELETE", "/v1/scans/scan-1/source", b"")
        .await;
    assert_eq!(error_code(&again), (404, "ResourceNotFoundException"));
}

async fn a_lower_retention_expires_sooner_and_each_upload_has_its_own_data_key(backend: Backend) {
    let settings = StoreSettings {
        retention_days: 3,
        ..StoreSettings::default()
    };
    let harness = start_with(backend, ApiConfig::default(), settings).await;
    let writer = harness.key("acme", Role::Writer).await;
    let client = client(&harness.ca_pem, None);
    for scan_id in ["scan-1", "scan-2"] {
        let body = record(scan_id, "nightly", &["f1"], "SQL injection");
        harness
            .signed(&client, &writer, "POST", "/v1/scans", &body)
            .await;
        let target = format!("/v1/scans/{scan_id}/source");
        let put = harness
            .signed(&client, &writer, "PUT", &target, SOURCE)
            .await;
        assert_eq!(put.body["expiresAt"], "2025-10-12T00:00:00Z");
    }
    let rows = harness
        .blocking(|store| {
            ["scan-1", "scan-2"].map(|scan_id| {
                store
                    .storage()
                    .source("acme", scan_id)
                    .expect("reads")
                    .expect("stored")
            })
        })
        .await;
    for row in &rows {
        assert_eq!(row.expires_at, day_boundary_after_now(3));
        assert_eq!(
            &row.sealed_source[..4],
            b"CWD1",
            "wrapped by a retention day key"
        );
        assert!(
            !row.sealed_source
                .windows(6)
                .any(|window| window == b"cursor"),
            "plaintext at rest"
        );
    }
    // Same bytes, separate data keys: the wrapped keys and ciphertexts differ.
    assert_ne!(rows[0].sealed_source[8..], rows[1].sealed_source[8..]);
    harness.clock.set(day_boundary_after_now(3));
    let expired = harness
        .signed(&client, &writer, "GET", "/v1/scans/scan-1/source", b"")
        .await;
    assert_eq!(error_code(&expired), (404, "ResourceNotFoundException"));
}
