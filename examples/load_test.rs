//! Load test: the client against the simulator with faults on (5% HTTP 503, 1% dropped
//! connections, 2 ms added latency), 50,000 requests at concurrency 64 across the five
//! operations. Every call must end in success or a typed error, within a deadline (no
//! hang), and nothing may panic. Retries are counted from the simulator's request log.
//!
//! `cargo run --release --features simulator --example load_test [-- REQUESTS CONCURRENCY]`
//! Prints a summary and writes target/bench-results/load.json; exits 1 on any panic or hang.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use huawei_cec::simulator::{Faults, Simulator};
use huawei_cec::{CallDirection, Client, RetryPolicy};

/// A call that has not ended by then counts as a hang.
const DEADLINE: Duration = Duration::from_secs(60);

async fn one(
    client: &Client,
    i: usize,
    calls: &[(String, u32, u32, bool)],
    appointments: &[(String, u32)],
) -> Result<(), String> {
    let (call_id, vdn, cc_id, inbound) = &calls[i % calls.len()];
    let outcome = match i % 10 {
        0..=2 => client.call_result_detail(*vdn, call_id).await.map(drop),
        3 | 4 => client.external_result(40, 1402245659).await.map(drop),
        5..=7 => {
            let direction = if *inbound {
                CallDirection::Inbound
            } else {
                CallDirection::Outbound
            };
            client.cdr(*cc_id, call_id, direction).await.map(drop)
        }
        8 => client
            .call_records(cc_id.to_string(), *vdn)
            .call_id(call_id)
            .await
            .map(drop),
        _ => {
            let (appoint_id, vdn) = &appointments[i % appointments.len()];
            client
                .update_reserved_result(*vdn, appoint_id)
                .fail_code("00000")
                .await
                .map(drop)
        }
    };
    outcome.map_err(|e| match e.result_code() {
        Some(code) => format!("{}:{}", e.kind(), code.code()),
        None => e.kind().to_owned(),
    })
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let mut args = std::env::args().skip(1);
    let requests: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(50_000);
    let concurrency: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(64);
    let faults = Faults::default()
        .with_error_rate(0.05)
        .with_drop_rate(0.01)
        .with_latency(Duration::from_millis(2));
    let sim = Simulator::builder()
        .seed(42)
        .faults(faults.clone())
        .start()
        .await
        .expect("simulator");
    let client = sim
        .client_builder()
        .retry_policy(RetryPolicy::default())
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client");
    let calls: Arc<Vec<(String, u32, u32, bool)>> = Arc::new(sim.with_data(|d| {
        d.calls
            .iter()
            .filter(|c| c.call_type != 0)
            .map(|c| (c.call_id.clone(), c.vdn, c.cc_id, c.is_inbound()))
            .collect()
    }));
    let appointments: Arc<Vec<(String, u32)>> = Arc::new(sim.with_data(|d| {
        d.appointments
            .values()
            .map(|a| (a.appoint_id.clone(), a.vdn))
            .collect()
    }));

    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (client, next, calls, appointments) = (
                client.clone(),
                next.clone(),
                calls.clone(),
                appointments.clone(),
            );
            tokio::spawn(async move {
                let mut outcomes: BTreeMap<String, usize> = BTreeMap::new();
                let (mut panics, mut hangs) = (0usize, 0usize);
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= requests {
                        break;
                    }
                    let (client, calls, appointments) =
                        (client.clone(), calls.clone(), appointments.clone());
                    // Each call in a task of its own, so that a panic is caught and counted.
                    let task =
                        tokio::spawn(async move { one(&client, i, &calls, &appointments).await });
                    match tokio::time::timeout(DEADLINE, task).await {
                        Ok(Ok(Ok(()))) => *outcomes.entry("ok".into()).or_default() += 1,
                        Ok(Ok(Err(kind))) => *outcomes.entry(kind).or_default() += 1,
                        Ok(Err(join)) if join.is_panic() => panics += 1,
                        Ok(Err(_)) => panics += 1,
                        Err(_) => hangs += 1,
                    }
                }
                (outcomes, panics, hangs)
            })
        })
        .collect();
    let mut outcomes: BTreeMap<String, usize> = BTreeMap::new();
    let (mut panics, mut hangs) = (0usize, 0usize);
    for worker in workers {
        let (o, p, h) = worker.await.expect("worker");
        for (k, v) in o {
            *outcomes.entry(k).or_default() += v;
        }
        panics += p;
        hangs += h;
    }
    let elapsed = started.elapsed();
    let log = sim.requests();
    let operation_requests = log
        .iter()
        .filter(|r| r.operation.is_some_and(|o| o != "createToken"))
        .count();
    let token_requests = log
        .iter()
        .filter(|r| r.operation == Some("createToken"))
        .count();
    let faults_injected: BTreeMap<&str, usize> =
        log.iter()
            .filter_map(|r| r.fault)
            .fold(BTreeMap::new(), |mut m, f| {
                *m.entry(f).or_default() += 1;
                m
            });
    let ended: usize = outcomes.values().sum::<usize>() + panics + hangs;
    let retries = operation_requests.saturating_sub(requests);
    let summary = serde_json::json!({
        "requests": requests,
        "concurrency": concurrency,
        "faults": {"error_rate": faults.error_rate, "drop_rate": faults.drop_rate, "latency_ms": 2},
        "elapsed_s": elapsed.as_secs_f64(),
        "calls_per_s": requests as f64 / elapsed.as_secs_f64(),
        "outcomes": outcomes,
        "panics": panics,
        "hangs": hangs,
        "ended": ended,
        "server_requests": operation_requests,
        "retries": retries,
        "token_requests": token_requests,
        "faults_injected": faults_injected,
    });
    println!("{}", serde_json::to_string_pretty(&summary).expect("JSON"));
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-results");
    let _ = std::fs::create_dir_all(&dir);
    let _ = std::fs::write(
        dir.join("load.json"),
        serde_json::to_vec_pretty(&summary).expect("JSON"),
    );
    if panics > 0 || hangs > 0 || ended != requests {
        eprintln!("FAILED: {panics} panics, {hangs} hangs, {ended} of {requests} calls ended");
        std::process::exit(1);
    }
}
