//! End to end through this client against a local server, next to a hand-written
//! reqwest + serde_json baseline that sends the identical request to the same server,
//! measured in the same run: latency (p50, p99) and throughput at concurrency 1, 16, 64 for
//! `cdr` and `call-result-detail` (signed; the baseline signs with the same `Signer`) and
//! `call-records` (the client with its cached bearer token; the baseline with the same
//! `Authorization: Bearer` header, fixed). Then the token provider under 1,000 concurrent
//! calls. Writes target/bench-results/e2e.json.
//!
//! `cargo bench --features simulator --bench e2e`; `E2E_SCALE=0.2` for a quick run.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use huawei_cec::auth::{Signer, SigningProfile};
use huawei_cec::{AkSk, CallRecordsRequest, Client};
use serde_json::{Value, json};

#[path = "support/mod.rs"]
mod support;

use support::{Op, baseline_call, client_call, server};

struct Run {
    throughput: f64,
    p50: Duration,
    p99: Duration,
}

/// `total` calls with `concurrency` in flight; per-call latencies and throughput.
async fn measure<F, Fut>(concurrency: usize, total: usize, call: F) -> Run
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let call = Arc::new(call);
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (call, next) = (call.clone(), next.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                while next.fetch_add(1, Ordering::Relaxed) < total {
                    let t = Instant::now();
                    call().await;
                    latencies.push(t.elapsed());
                }
                latencies
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(total);
    for worker in workers {
        latencies.extend(worker.await.unwrap());
    }
    let elapsed = started.elapsed();
    latencies.sort_unstable();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    Run {
        throughput: total as f64 / elapsed.as_secs_f64(),
        p50: at(0.50),
        p99: at(0.99),
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.partial_cmp(b).unwrap());
    values[values.len() / 2]
}

/// Rounds per row; client and baseline alternate, the first to run alternating too. On a
/// 2-core machine the ratio of one round moves by several percent (where tokio puts the
/// client's and the server's tasks, the neighbours of a VM). With 7 rounds a row's median
/// moved by up to 0.3 between runs; with 21, by up to 0.09 across three runs of the same
/// code: still too much to read a difference of 1 or 2% off one run.
const ROUNDS: usize = 21;

/// Client against baseline for each operation at each concurrency, against a server of its
/// own on the current runtime. Each round runs both, one after the other; a row's ratios are
/// the medians of the rounds' ratios (drift of the machine affects both of a pair alike),
/// its figures the medians of each side's.
async fn compare(concurrencies: &[usize], scale: f64) -> Vec<Value> {
    let url = server(Arc::new(AtomicUsize::new(0))).await;
    let credentials = AkSk::new(support::AK, support::SK);
    let client = support::client(&url);
    let http = support::http_client();
    let signer =
        Arc::new(Signer::new(credentials, SigningProfile::DOCUMENTED).expect("valid credentials"));
    let query = Arc::new(support::records_query());
    let mut rows = Vec::new();
    for op in [Op::Cdr, Op::CallResultDetail, Op::CallRecords] {
        for &concurrency in concurrencies {
            let total = ((if concurrency == 1 { 6000.0 } else { 12000.0 }) * scale) as usize;
            // Warm up both (connections, caches).
            for _ in 0..200 {
                client_call(&client, op, &query).await;
                baseline_call(&http, &url, op, &signer).await;
            }
            // Both send the same request (the signature aside, whose time differs).
            client_call(&client, op, &query).await;
            let sent = support::sent_by("client", op != Op::CallRecords);
            baseline_call(&http, &url, op, &signer).await;
            assert_eq!(
                sent,
                support::sent_by("baseline", op != Op::CallRecords),
                "{}: the baseline must send what the client sends",
                op.name()
            );
            let (mut c_runs, mut b_runs) = (Vec::new(), Vec::new());
            for round in 0..ROUNDS {
                let client_run = || {
                    let (c, q) = (client.clone(), query.clone());
                    measure(concurrency, total, move || {
                        let (c, q) = (c.clone(), q.clone());
                        async move { client_call(&c, op, &q).await }
                    })
                };
                let baseline_run = || {
                    let (h, u, k) = (http.clone(), url.clone(), signer.clone());
                    measure(concurrency, total, move || {
                        let (h, u, k) = (h.clone(), u.clone(), k.clone());
                        async move { baseline_call(&h, &u, op, &k).await }
                    })
                };
                if round % 2 == 0 {
                    c_runs.push(client_run().await);
                    b_runs.push(baseline_run().await);
                } else {
                    b_runs.push(baseline_run().await);
                    c_runs.push(client_run().await);
                }
            }
            let us = |d: Duration| d.as_secs_f64() * 1e6;
            let side = |runs: &[Run]| {
                json!({
                    "rps": median(runs.iter().map(|r| r.throughput).collect()),
                    "p50_us": median(runs.iter().map(|r| us(r.p50)).collect()),
                    "p99_us": median(runs.iter().map(|r| us(r.p99)).collect()),
                })
            };
            let pairs = c_runs.iter().zip(&b_runs);
            let throughput_ratio = median(
                pairs
                    .clone()
                    .map(|(c, b)| b.throughput / c.throughput)
                    .collect(),
            );
            let p50_ratio = median(pairs.map(|(c, b)| us(c.p50) / us(b.p50)).collect());
            let row = json!({
                "operation": op.name(), "concurrency": concurrency, "calls_per_round": total,
                "rounds": ROUNDS, "runtime": if concurrency == 1 { "current_thread" } else { "multi_thread, 2 workers" },
                "client": side(&c_runs), "baseline": side(&b_runs),
                "throughput_ratio": throughput_ratio, "p50_ratio": p50_ratio,
            });
            println!(
                "{:<20} c={:<3} client {:>8.0} rps p50 {:>7.0} µs p99 {:>7.0} µs | baseline {:>8.0} rps p50 {:>7.0} µs p99 {:>7.0} µs | throughput ratio {:.3}, p50 ratio {:.3}",
                op.name(),
                concurrency,
                row["client"]["rps"].as_f64().unwrap(),
                row["client"]["p50_us"].as_f64().unwrap(),
                row["client"]["p99_us"].as_f64().unwrap(),
                row["baseline"]["rps"].as_f64().unwrap(),
                row["baseline"]["p50_us"].as_f64().unwrap(),
                row["baseline"]["p99_us"].as_f64().unwrap(),
                throughput_ratio,
                p50_ratio,
            );
            rows.push(row);
        }
    }
    rows
}

fn main() {
    let scale: f64 = std::env::var("E2E_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1.0);
    // One call at a time: on a single-threaded runtime (client and server tasks on one
    // thread). On 2 workers each call is a ping-pong whose speed depends on which threads
    // tokio put the connections' tasks on (about 25 or 100 µs), which would swamp what is
    // measured.
    let single = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut rows = single.block_on(compare(&[1], scale));
    drop(single);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let results = runtime.block_on(async move {
        rows.extend(compare(&[16, 64], scale).await);
        // Operation by operation, concurrency ascending.
        let order = |row: &Value| {
            let op = ["cdr", "call-result-detail", "call-records"]
                .iter()
                .position(|name| row["operation"] == *name);
            (op, row["concurrency"].as_u64())
        };
        rows.sort_by_key(order);
        let token_requests = Arc::new(AtomicUsize::new(0));
        let url = server(token_requests.clone()).await;
        let http = support::http_client();

        // The token provider: 1,000 concurrent calls with no token yet, then with one cached,
        // and the same calls sending a fixed bearer header by hand.
        let query: CallRecordsRequest = support::records_query();
        let concurrent = |client: Client, query: CallRecordsRequest| async move {
            let started = Instant::now();
            let calls: Vec<_> = (0..1000)
                .map(|_| {
                    let (client, query) = (client.clone(), query.clone());
                    tokio::spawn(async move {
                        let t = Instant::now();
                        client.call_records(&query).await.unwrap();
                        t.elapsed()
                    })
                })
                .collect();
            let mut latencies = Vec::new();
            for call in calls {
                latencies.push(call.await.unwrap());
            }
            latencies.sort_unstable();
            (started.elapsed(), latencies[500], latencies[990])
        };
        // A client of its own, with no token yet.
        let client = support::client(&url);
        let before = token_requests.load(Ordering::SeqCst);
        let (cold_total, cold_p50, cold_p99) = concurrent(client.clone(), query.clone()).await;
        let tokens_made = token_requests.load(Ordering::SeqCst) - before;
        let (warm_total, warm_p50, warm_p99) = concurrent(client.clone(), query.clone()).await;
        let started = Instant::now();
        let calls: Vec<_> = (0..1000)
            .map(|_| {
                let (http, url) = (http.clone(), url.clone());
                tokio::spawn(async move {
                    let t = Instant::now();
                    let response = http
                        .post(format!("{url}/apiaccess/rest/dataprocess/v1/openapp/queryCallManualDetailInfo"))
                        .header("authorization", "Bearer bench-token")
                        .header("x-app-key", "bench-app")
                        .json(&json!({"subCcNo": "1", "vdn": "1", "callId": "1669464198-17002955"}))
                        .send()
                        .await
                        .unwrap();
                    let _: Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
                    t.elapsed()
                })
            })
            .collect();
        let mut latencies = Vec::new();
        for call in calls {
            latencies.push(call.await.unwrap());
        }
        latencies.sort_unstable();
        let baseline_total = started.elapsed();
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        let token = json!({
            "concurrent_calls": 1000,
            "token_requests": tokens_made,
            "token_endpoint_delay_ms": 20,
            "cold": {"total_ms": ms(cold_total), "p50_ms": ms(cold_p50), "p99_ms": ms(cold_p99)},
            "warm": {"total_ms": ms(warm_total), "p50_ms": ms(warm_p50), "p99_ms": ms(warm_p99)},
            "baseline_fixed_bearer": {"total_ms": ms(baseline_total), "p50_ms": ms(latencies[500]), "p99_ms": ms(latencies[990])},
        });
        println!("token provider: {token}");
        json!({"rows": rows, "token": token, "scale": scale})
    });
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("../bench-results");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("e2e.json"),
        serde_json::to_vec_pretty(&results).unwrap(),
    )
    .unwrap();
}
