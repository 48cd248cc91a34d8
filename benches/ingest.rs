//! Store ingest: `cargo bench --bench ingest`.
//!
//! Starts the real store over TLS on 127.0.0.1 (the test CA from the store tests) and sends
//! signed `POST /v1/scans` records of 10 findings each (about 6 KB) from 1 and from 8
//! concurrent callers on one client, first on SQLite, then on PostgreSQL when
//! `CODEWARD_TEST_POSTGRES` names a server. Reports records per second and the median and p99
//! latency per call, each the median of 3 runs. Signing and the client run on the same cores
//! as the server, as they would on a 2-core machine. Without `--bench` (`cargo test
//! --benches`) it sends a few records once as a smoke test.

#[allow(
    dead_code,
    unused_macros,
    reason = "the store tests' harness; the benchmark uses only part of it"
)]
#[path = "../tests/store/harness.rs"]
mod harness;

use std::sync::Arc;
use std::time::{Duration, Instant};

use codeward::store::{ApiConfig, Role};
use harness::{Backend, Harness};
use serde_json::{Value, json};

fn record(scan_id: &str) -> Vec<u8> {
    let findings: Vec<Value> = (0..10)
        .map(|index| {
            json!({
                "id": format!("{scan_id}-f{index}"), "title": "SQL injection",
                "description": "User input reaches a SQL query without parameters.",
                "severity": "High", "ruleId": "python-sql-injection", "detectorId": "python/sql",
                "detectorTags": ["cwe-89", "injection"],
                "remediation": {"recommendation": {"text": "Use query parameters.",
                    "url": "https://owasp.org/www-community/attacks/SQL_Injection"},
                    "suggestedFixes": [{"description": "parameterise", "code": "cursor.execute(q, (id,))"}]},
                "vulnerability": {"filePath": {"path": format!("app/module_{index}.py"),
                    "name": format!("module_{index}.py"), "startLine": 10 + index, "endLine": 10 + index,
                    "codeSnippet": [{"number": 10 + index, "content": "cursor.execute(\"SELECT * FROM t WHERE id = \" + request.args[\"id\"])"}]},
                    "referenceUrls": ["https://cwe.mitre.org/data/definitions/89.html"]},
                "type": "Vulnerability"
            })
        })
        .collect();
    serde_json::to_vec(&json!({
        "scanId": scan_id, "scanName": format!("bench {scan_id}"),
        "scope": {"repository": "bench/app", "branch": format!("b-{scan_id}"), "commit": "abc"},
        "tool": {"name": "codeward", "version": "0.1.0"},
        "startedAt": "2025-12-01T00:00:00Z", "finishedAt": "2025-12-01T00:00:05Z",
        "metadata": {"filesScanned": 120, "linesScanned": 24000},
        "findings": findings,
    }))
    .expect("serializes")
}

struct Run {
    records_per_second: f64,
    median: Duration,
    p99: Duration,
}

async fn run_once(harness: &Arc<Harness>, run: usize, records: usize, callers: usize) -> Run {
    let key = Arc::new(harness.key("bench", Role::Writer).await);
    let client = harness::client(&harness.ca_pem, None);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for caller in 0..callers {
        let (harness, key, client) = (harness.clone(), key.clone(), client.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            for index in (caller..records).step_by(callers) {
                let body = record(&format!("r{run}-c{callers}-{index}"));
                let sent = Instant::now();
                let answer = harness
                    .signed(&client, &key, "POST", "/v1/scans", &body)
                    .await;
                latencies.push(sent.elapsed());
                assert_eq!(answer.status, 200, "{}", answer.body);
            }
            latencies
        }));
    }
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await.expect("joins"));
    }
    let wall = started.elapsed();
    latencies.sort();
    let at = |fraction: f64| latencies[((latencies.len() - 1) as f64 * fraction).round() as usize];
    Run {
        records_per_second: records as f64 / wall.as_secs_f64(),
        median: at(0.5),
        p99: at(0.99),
    }
}

fn median<T: Copy + PartialOrd>(mut values: Vec<T>) -> T {
    values.sort_by(|a, b| a.partial_cmp(b).expect("comparable"));
    values[values.len() / 2]
}

async fn bench(name: &str, backend: Backend, records: usize, runs: usize) {
    let config = ApiConfig {
        rate_per_second: 1e9,
        rate_burst: 1e9,
        ..ApiConfig::default()
    };
    let harness = Arc::new(harness::start(backend, config).await);
    for callers in [1, 8] {
        let mut results = Vec::new();
        for run in 0..runs {
            results.push(run_once(&harness, run, records, callers).await);
        }
        let rate = median(results.iter().map(|run| run.records_per_second).collect());
        let p50 = median(results.iter().map(|run| run.median).collect());
        let p99 = median(results.iter().map(|run| run.p99).collect());
        println!(
            "ingest {name:<10} callers {callers}: {rate:>7.0} records/s  p50 {:>6.2} ms  p99 {:>6.2} ms  ({records} records x {runs} runs)",
            p50.as_secs_f64() * 1e3,
            p99.as_secs_f64() * 1e3,
        );
    }
}

fn main() {
    let full = std::env::args().any(|arg| arg == "--bench");
    let (records, runs) = if full { (1000, 3) } else { (20, 1) };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        bench("sqlite", Backend::Sqlite, records, runs).await;
        if let Some(backend) = harness::fresh_postgres().await {
            bench("postgresql", backend, records, runs).await;
        }
    });
}
