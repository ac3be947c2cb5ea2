//! Memory at scale: 10,000 calls started at once against a server that answers each after a
//! delay, so that all of them are in flight or queued (behind this client's cap on requests
//! in flight per host) together. For each way of making the call (`support::Variant`: this
//! client, the hand-written baseline, the peer; and this client with its cap raised to the
//! number of calls), in a process of its own, the peak resident set size (VmHWM) over the
//! resident set before the calls, per call. The server runs in another process, so that
//! only the caller's memory is counted.
//!
//! ```text
//! memory                                 all of it; writes target/bench-results/memory.json
//! memory serve DELAY_MS                  the server (prints its URL; ends when stdin closes)
//! memory run VARIANT OPERATION CALLS URL one measurement (prints one JSON line)
//! ```
//!
//! `cargo bench --features simulator --bench memory`. `MEMORY_CALLS` (default 10000),
//! `MEMORY_DELAY_MS` (default 100) and `MEMORY_OPS` (default every operation, comma-separated)
//! change what is measured.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

#[path = "support/mod.rs"]
mod support;

use support::{Op, Sides, Variant};

/// The variant of this client with its cap on requests in flight raised to the number of
/// calls: every call in flight at once, as the baseline's and the peer's are.
const CLIENT_UNCAPPED: &str = "client_uncapped";

/// A field of /proc/self/status, in kB.
fn status_kb(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or_else(|| panic!("no {field} in /proc/self/status"))
}

/// The open-file limit raised to its hard limit: a baseline holds a connection per call.
fn raise_open_files() {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `limit` is a valid rlimit for the calls to read and write.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 {
            limit.rlim_cur = limit.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

fn serve(delay_ms: u64) {
    raise_open_files();
    runtime().block_on(async {
        let url = support::server_delayed(
            Arc::new(AtomicUsize::new(0)),
            Duration::from_millis(delay_ms),
        )
        .await;
        println!("{url}");
        // Until the driver closes stdin (or is gone).
        tokio::task::spawn_blocking(|| std::io::stdin().read_to_end(&mut Vec::new()))
            .await
            .unwrap()
            .unwrap();
    });
}

fn run(variant: &str, op: Op, calls: usize, url: &str) {
    raise_open_files();
    let runtime = runtime();
    let (sides, as_variant) = match variant {
        CLIENT_UNCAPPED => {
            let mut sides = Sides::new(url);
            sides.client = support::client_with(url, calls);
            (sides, Variant::Client)
        }
        other => (
            Sides::new(url),
            Variant::parse(other).unwrap_or_else(|| panic!("unknown variant {other}")),
        ),
    };
    let sides = Arc::new(sides);
    // Warm up: the connection, the token, lazily built state.
    runtime.block_on(async {
        for _ in 0..10 {
            sides.call(as_variant, op).await;
        }
    });
    let before_kb = status_kb("VmRSS");
    let started = Instant::now();
    runtime.block_on(async {
        let tasks: Vec<_> = (0..calls)
            .map(|_| {
                let sides = sides.clone();
                tokio::spawn(async move { sides.call(as_variant, op).await })
            })
            .collect();
        for task in tasks {
            task.await.unwrap();
        }
    });
    let seconds = started.elapsed().as_secs_f64();
    let peak_kb = status_kb("VmHWM");
    println!(
        "{}",
        json!({
            "variant": variant, "operation": op.name(), "calls": calls,
            "rss_before_kb": before_kb, "peak_rss_kb": peak_kb,
            "peak_bytes_per_call": (peak_kb.saturating_sub(before_kb) * 1024) as f64 / calls as f64,
            "seconds": seconds,
        })
    );
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn all() {
    let calls: usize = env_or("MEMORY_CALLS", 10_000);
    let delay_ms: u64 = env_or("MEMORY_DELAY_MS", 100);
    let ops: Vec<Op> = std::env::var("MEMORY_OPS")
        .unwrap_or_else(|_| "cdr,call-result-detail,call-records".into())
        .split(',')
        .map(|name| Op::parse(name.trim()).unwrap_or_else(|| panic!("unknown operation {name}")))
        .collect();
    let me = std::env::current_exe().unwrap();
    let variants = [
        Variant::Client.name(),
        CLIENT_UNCAPPED,
        Variant::Baseline.name(),
        Variant::Peer.name(),
    ];
    let mut rows = Vec::new();
    for op in ops {
        let mut row = json!({"operation": op.name()});
        for variant in variants {
            // A server of its own for each measurement: no connections left over.
            let mut server = Command::new(&me)
                .args(["serve", &delay_ms.to_string()])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .spawn()
                .unwrap();
            let mut url = String::new();
            BufReader::new(server.stdout.take().unwrap())
                .read_line(&mut url)
                .unwrap();
            let out = Command::new(&me)
                .args(["run", variant, op.name(), &calls.to_string(), url.trim()])
                .stderr(Stdio::inherit())
                .output()
                .unwrap();
            drop(server.stdin.take());
            server.wait().unwrap();
            assert!(
                out.status.success(),
                "memory run {variant} {} failed",
                op.name()
            );
            let measured: Value = serde_json::from_slice(&out.stdout).unwrap();
            println!(
                "{:<20} {:<16} peak {:>8} kB (before {:>6} kB): {:>8.0} bytes per call, {:.1} s",
                op.name(),
                variant,
                measured["peak_rss_kb"],
                measured["rss_before_kb"],
                measured["peak_bytes_per_call"].as_f64().unwrap(),
                measured["seconds"].as_f64().unwrap()
            );
            row[variant] = measured;
        }
        let per_call = |v: &str| row[v]["peak_bytes_per_call"].as_f64().unwrap();
        let ratios = json!({
            "client_over_baseline": per_call("client") / per_call("baseline"),
            "client_over_peer": per_call("client") / per_call("peer"),
            "client_uncapped_over_baseline": per_call(CLIENT_UNCAPPED) / per_call("baseline"),
        });
        row["ratios"] = ratios;
        rows.push(row);
    }
    let results = json!({
        "calls": calls, "reply_delay_ms": delay_ms,
        "max_in_flight_per_host": huawei_cec::transport::DEFAULT_MAX_IN_FLIGHT_PER_HOST,
        "runtime": "multi_thread, 2 workers", "rows": rows,
    });
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("../bench-results");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("memory.json"),
        serde_json::to_vec_pretty(&results).unwrap(),
    )
    .unwrap();
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [] => all(),
        ["serve", delay_ms] => serve(delay_ms.parse().expect("a delay in ms")),
        ["run", variant, op, calls, url] => run(
            variant,
            Op::parse(op).expect("an operation: cdr, call-result-detail or call-records"),
            calls.parse().expect("a number of calls"),
            url,
        ),
        _ => {
            eprintln!(
                "usage: memory | memory serve DELAY_MS | memory run VARIANT OPERATION CALLS URL"
            );
            std::process::exit(2);
        }
    }
}
