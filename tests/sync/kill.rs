//! The client killed with SIGKILL at random points of `codeward sync`, many times: after every
//! kill the outbox passes SQLite's integrity check and every record is either still queued or
//! in the store; at the end each record is in the store exactly once.

use std::collections::BTreeSet;
use std::process::Stdio;
use std::time::Duration;

use codeward::sync::credentials::{self, Keyring, Source};
use codeward::sync::outbox::{Outbox, OutboxKey};

use crate::fault::{self, Fault};
use crate::harness::{StoreHarness, run};

const RECORDS: usize = 60;
const KILLS: usize = 30;

#[test]
fn sigkill_during_sync_loses_and_duplicates_nothing() {
    let harness = StoreHarness::start();
    // Each client chunk is held a little so that kills land inside requests too, and long
    // enough that delivering every record takes several of the kills' 0-900 ms windows (at
    // 15 ms a quiet machine delivered them all in one or two rounds, a loaded one in time).
    let proxy = fault::proxy(
        &harness.runtime,
        harness.addr(),
        Fault::Pass {
            delay: Duration::from_millis(40),
        },
    );
    let endpoint = format!("https://127.0.0.1:{}", proxy.addr.port());
    let (key_id, key) = credentials::outbox_key(
        &Keyring::System,
        &harness.credentials(&endpoint),
        Source::Environment,
    )
    .expect("derives the key");
    let open =
        || Outbox::open(&harness.client_dir(), OutboxKey::new(key_id.clone(), key)).expect("opens");
    let outbox = open();
    let all: BTreeSet<String> = (0..RECORDS)
        .map(|index| {
            let record = crate::sample_record(index, 20);
            outbox.enqueue(&record).expect("enqueues");
            record.scan_id
        })
        .collect();
    drop(outbox);

    let seed = std::env::var("SYNC_KILL_SEED")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or_else(|| fastrand::u64(..));
    let mut random = fastrand::Rng::with_seed(seed);
    let mut interrupted = 0;
    for round in 0..KILLS {
        let mut child = harness
            .codeward(&endpoint, &["sync", "--wait", "0"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawns");
        std::thread::sleep(Duration::from_millis(random.u64(0..900)));
        // `Child::kill` sends SIGKILL on Unix.
        child.kill().expect("kills");
        child.wait().expect("waits");

        let outbox = open();
        assert_eq!(
            outbox.integrity_check().expect("checks"),
            "ok",
            "seed {seed} round {round}"
        );
        let queued: BTreeSet<String> = outbox
            .status()
            .expect("status")
            .into_iter()
            .map(|entry| entry.record_id)
            .collect();
        let stored: Vec<String> = harness
            .stored_scans()
            .into_iter()
            .map(|scan| scan.scan_id)
            .collect();
        let stored_set: BTreeSet<String> = stored.iter().cloned().collect();
        assert_eq!(
            stored.len(),
            stored_set.len(),
            "duplicate in the store: seed {seed}"
        );
        assert!(stored_set.is_subset(&all), "seed {seed}");
        assert_eq!(
            queued.union(&stored_set).cloned().collect::<BTreeSet<_>>(),
            all,
            "a record was lost: seed {seed} round {round}"
        );
        if !queued.is_empty() && !stored_set.is_empty() {
            interrupted += 1;
        }
        if queued.is_empty() {
            break;
        }
    }
    assert!(
        interrupted >= 3,
        "only {interrupted} kills landed mid-sync (seed {seed})"
    );

    let finish = run(&mut harness.codeward(&endpoint, &["sync"]));
    assert_eq!(finish.code, 0, "{}", finish.stderr);
    assert!(open().status().expect("status").is_empty());
    let stored: Vec<String> = harness
        .stored_scans()
        .into_iter()
        .map(|scan| scan.scan_id)
        .collect();
    assert_eq!(stored.len(), RECORDS);
    assert_eq!(stored.into_iter().collect::<BTreeSet<_>>(), all);
}
