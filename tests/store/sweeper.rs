//! The server's own retention sweep: `spawn_sweeper` deletes expired uploads without anyone
//! running `codeward store purge`.

use std::time::Duration;

use codeward::store::{self, ApiConfig, Role};

use super::harness::{Backend, NOW, client, record, start};

pub async fn the_server_sweeps_expired_uploads_on_its_own(backend: Backend) {
    let harness = start(backend, ApiConfig::default()).await;
    let writer = harness.key("acme", Role::Writer).await;
    let client = client(&harness.ca_pem, None);
    let body = record("scan-1", "nightly", &["f1"], "SQL injection");
    harness
        .signed(&client, &writer, "POST", "/v1/scans", &body)
        .await;
    let put = harness
        .signed(
            &client,
            &writer,
            "PUT",
            "/v1/scans/scan-1/source",
            b"print(1)\n",
        )
        .await;
    assert_eq!(put.status, 200);
    let count = || harness.blocking(|store| store.storage().row_count("sources").expect("counts"));
    let sweeper = store::spawn_sweeper(harness.store.clone(), Duration::from_millis(20));
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(count().await, 1, "not expired yet: kept");
    harness.clock.set(NOW + 10 * 86_400 + 1);
    let expected_day = (NOW + 10 * 86_400 + 1) / 86_400;
    let oldest = || harness.blocking(|store| store.oldest_retention_day());
    // A sweep deletes the uploads, then destroys the day keys: wait for both.
    let (mut remaining, mut day) = (1, 0);
    for _ in 0..250 {
        (remaining, day) = (count().await, oldest().await);
        if remaining == 0 && i64::from(day) == expected_day {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    sweeper.abort();
    assert_eq!(remaining, 0);
    assert_eq!(i64::from(day), expected_day);
}
