//! End to end through this client against a local server, next to the same call made the
//! other ways of `support::Variant` (hand-written reqwest + serde_json with a literal body
//! and with a typed one; the peer, openapi-generator's client), each sending the identical
//! request to the same server, measured in the same run: latency (p50, p99) and throughput
//! at concurrency 1, 16, 64 for `cdr` and `call-result-detail` (signed; every variant signs
//! with the same `Signer`) and `call-records` (the client with its cached bearer token; the
//! others with the same `Authorization: Bearer` header, fixed). Then the token provider
//! under 1,000 concurrent calls. Writes target/bench-results/e2e.json: a row per operation
//! and concurrency, an object per variant (`client`, `baseline`, `baseline_typed`, `peer`)
//! and the client's ratios `against` each other.
//!
//! `cargo bench --features simulator --bench e2e`; `E2E_SCALE=0.2` for a quick run.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use huawei_cec::Client;
use serde_json::{Value, json};

#[path = "support/mod.rs"]
mod support;

use support::{Op, Sides, Variant, server};

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

/// Rounds per row; the variants take turns, the first to run rotating too. On a 2-core
/// machine the ratio of one round moves by several percent (where tokio puts the client's and
/// the server's tasks, the neighbours of a VM). With 7 rounds a row's median moved by up to
/// 0.3 between runs; with 21, by up to 0.09 across three runs of the same code: still too
/// much to read a difference of 1 or 2% off one run.
const ROUNDS: usize = 21;

/// Every variant of `support::Variant` for each operation at each concurrency, against a
/// server of its own on the current runtime. Each round runs all of them, one after the other;
/// a row's ratios (client against each other variant) are the medians of the rounds' ratios
/// (drift of the machine affects a round's runs alike), its figures the medians of each
/// variant's.
async fn compare(concurrencies: &[usize], scale: f64) -> Vec<Value> {
    let url = server(Arc::new(AtomicUsize::new(0))).await;
    let sides = Sides::new(&url);
    let mut rows = Vec::new();
    for op in [Op::Cdr, Op::CallResultDetail, Op::CallRecords] {
        for &concurrency in concurrencies {
            let total = ((if concurrency == 1 { 6000.0 } else { 12000.0 }) * scale) as usize;
            // Warm up every variant (connections, caches).
            for _ in 0..200 {
                for variant in Variant::ALL {
                    sides.call(variant, op).await;
                }
            }
            // All send the same request (the signature aside, whose time differs).
            support::same_request(&sides, op).await;
            let mut runs: Vec<Vec<Run>> = Variant::ALL.iter().map(|_| Vec::new()).collect();
            for round in 0..ROUNDS {
                for turn in 0..Variant::ALL.len() {
                    let which = (round + turn) % Variant::ALL.len();
                    let variant = Variant::ALL[which];
                    let sides = sides.clone();
                    runs[which].push(
                        measure(concurrency, total, move || {
                            let sides = sides.clone();
                            async move { sides.call(variant, op).await }
                        })
                        .await,
                    );
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
            // Against each other variant: its throughput over the client's, the client's p50
            // over its (above 1: the client is slower), medians over the rounds.
            let client = &runs[0];
            let mut row = json!({
                "operation": op.name(), "concurrency": concurrency, "calls_per_round": total,
                "rounds": ROUNDS, "runtime": if concurrency == 1 { "current_thread" } else { "multi_thread, 2 workers" },
            });
            let mut line = format!("{:<20} c={:<3}", op.name(), concurrency);
            for (variant, its) in Variant::ALL.iter().zip(&runs) {
                row[variant.name()] = side(its);
                line += &format!(
                    " | {} {:>6.0} rps p50 {:>5.0} µs",
                    variant.name(),
                    row[variant.name()]["rps"].as_f64().unwrap(),
                    row[variant.name()]["p50_us"].as_f64().unwrap()
                );
                if *variant == Variant::Client {
                    continue;
                }
                let pairs = client.iter().zip(its);
                let ratios = json!({
                    "throughput_ratio": median(pairs.clone().map(|(c, o)| o.throughput / c.throughput).collect()),
                    "p50_ratio": median(pairs.map(|(c, o)| us(c.p50) / us(o.p50)).collect()),
                });
                line += &format!(" ({:.3})", ratios["throughput_ratio"].as_f64().unwrap());
                row["against"][variant.name()] = ratios;
            }
            // The floor's ratios where the report has always read them.
            row["throughput_ratio"] = row["against"]["baseline"]["throughput_ratio"].clone();
            row["p50_ratio"] = row["against"]["baseline"]["p50_ratio"].clone();
            println!("{line}");
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
        let concurrent = |client: Client| async move {
            let started = Instant::now();
            let calls: Vec<_> = (0..1000)
                .map(|_| {
                    let client = client.clone();
                    tokio::spawn(async move {
                        let t = Instant::now();
                        support::records_query(&client).await.unwrap();
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
        let (cold_total, cold_p50, cold_p99) = concurrent(client.clone()).await;
        let tokens_made = token_requests.load(Ordering::SeqCst) - before;
        let (warm_total, warm_p50, warm_p99) = concurrent(client.clone()).await;
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
