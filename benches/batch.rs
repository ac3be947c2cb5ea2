//! Batch lookups at scale: the real `cec` binary, `call-result-detail` and `cdr` with
//! `--call-ids-from` a file of 100,000 IDs, against `cec simulate --latency-ms 20` in a
//! process of its own, at `--concurrency` 8, 64 and 256. For each: lookups per second
//! against what the concurrency allows (C / latency, C no more than the client's cap on
//! requests in flight per host), and the peak resident set of the `cec` process (from
//! `wait4`). Then the same at one tenth of the IDs: a batch's memory must not grow with the
//! number of IDs. Every row must come out, in the file's order, and every lookup succeed.
//!
//! Beside each rate, two floors measured the same way at the same moment, so that a rate
//! below C / latency says whose it is: `reqwest`, the same lookups (signed, decoded) by a
//! bare reqwest loop at the same concurrency on a single-threaded runtime as `cec` uses,
//! against the same simulator; `timer`, C tasks doing nothing but `tokio::time::sleep` of
//! the latency, as many times as there are IDs (what the timer and the machine's scheduling
//! allow with no network and no server at all).
//!
//! `cargo bench --features cli --bench batch`; `BATCH_IDS` (default 100000),
//! `BATCH_LATENCY_MS` (default 20), `BATCH_CONCURRENCY` (default `8,64,256`) change it.
//! Writes target/bench-results/batch.json.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use huawei_cec::simulator::Dataset;
use serde_json::{Value, json};

/// What `cec simulate` serves by default (seed 42, 3,000 calls).
const SEED: u64 = 42;
const CALLS: usize = 3000;

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// `count` lines, the IDs cycled.
fn write_ids(path: &Path, ids: &[String], count: usize) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for id in ids.iter().cycle().take(count) {
        writeln!(out, "{id}").unwrap();
    }
    out.flush().unwrap();
}

/// The CPU time a process has used so far (user and system), from /proc.
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The fields after the command's closing parenthesis; utime and stime are the 12th and
    // 13th of them (fields 14 and 15 of the line), in clock ticks.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // SAFETY: sysconf has no preconditions.
    let per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    (ticks(11) + ticks(12)) / per_second
}

/// The 1-minute load average.
fn load1() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .next()
        .unwrap_or("?")
        .to_owned()
}

/// The simulator's process, ended when the bench ends, a panic included.
struct Simulator(std::process::Child);

impl Drop for Simulator {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

struct Finished {
    seconds: f64,
    /// CPU time the `cec` process used (user and system).
    cpu_seconds: f64,
    max_rss_kb: i64,
    rows: usize,
}

/// Runs `cec ARGS` with stdout to `out`; its wall time and peak resident set (wait4).
#[expect(
    clippy::zombie_processes,
    reason = "the child is reaped by wait4, which also gives its resource usage"
)]
fn cec(args: &[String], env: &[(&str, &str)], out: &Path, expect_ids: &[String]) -> Finished {
    let started = Instant::now();
    let child = Command::new(env!("CARGO_BIN_EXE_cec"))
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(env.iter().copied())
        .stdout(std::fs::File::create(out).unwrap())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut status = 0;
    // SAFETY: plain zeroed C structs for wait4 to fill.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the child is ours and not waited for elsewhere.
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let seconds = started.elapsed().as_secs_f64();
    assert_eq!(pid, child.id() as libc::pid_t, "wait4");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "cec {args:?} failed (status {status}): every lookup must succeed"
    );
    // Every ID has its row, in the file's order, and none is an error.
    let mut rows = 0;
    let mut expected = expect_ids.iter().cycle();
    for line in BufReader::new(std::fs::File::open(out).unwrap()).lines() {
        let row: Value = serde_json::from_str(&line.unwrap()).unwrap();
        assert_eq!(
            row["id"].as_str(),
            expected.next().map(String::as_str),
            "row {rows}"
        );
        assert!(
            row.get("errorCode").is_none_or(Value::is_null),
            "row {rows}: {row}"
        );
        rows += 1;
    }
    let cpu = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Finished {
        seconds,
        cpu_seconds: cpu(usage.ru_utime) + cpu(usage.ru_stime),
        max_rss_kb: usage.ru_maxrss,
        rows,
    }
}

/// Which lookup the floors make: the path and body of each ID's request.
#[derive(Clone, Copy)]
enum Lookup {
    Detail { vdn: u32 },
    Cdr { cc_id: u32, inbound: bool },
}

/// The floor: the same lookups by a bare reqwest loop (signed with the same credentials,
/// decoded into a `serde_json::Value`), `concurrency` at once on a single-threaded runtime.
fn reqwest_floor(
    url: &str,
    lookup: Lookup,
    ids: &[String],
    count: usize,
    concurrency: usize,
) -> f64 {
    use huawei_cec::auth::{Signer, SigningProfile};
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .build()
        .unwrap();
    let signer = Signer::new(
        huawei_cec::AkSk::new("demo-ak", "demo-sk"),
        SigningProfile::DOCUMENTED,
    )
    .unwrap();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let started = Instant::now();
    runtime.block_on(async {
        let worker = || async {
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= count {
                    break;
                }
                let id = &ids[i % ids.len()];
                let mut request = match lookup {
                    Lookup::Detail { vdn } => reqwest::Request::new(
                        reqwest::Method::GET,
                        format!("{url}/rest/isales/v1/openapi/campaigns/{vdn}/callresultdetail/{id}")
                            .parse()
                            .unwrap(),
                    ),
                    Lookup::Cdr { cc_id, inbound } => {
                        let mut request = reqwest::Request::new(
                            reqwest::Method::POST,
                            format!("{url}/rest/cmsapp/v1/openapi/calldata/querycalldetailbyid")
                                .parse()
                                .unwrap(),
                        );
                        let body = json!({"queryParam": {"callId": id, "ccId": cc_id, "isCallin": inbound.to_string()}});
                        *request.body_mut() = Some(serde_json::to_vec(&body).unwrap().into());
                        request
                    }
                };
                request.headers_mut().insert(
                    "content-type",
                    "application/json; charset=UTF-8".parse().unwrap(),
                );
                signer
                    .sign_request(&mut request, chrono::Utc::now())
                    .unwrap();
                let response = http.execute(request).await.unwrap();
                assert!(response.status().is_success(), "floor: {}", response.status());
                let reply: Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
                assert!(reply.is_object());
            }
        };
        futures_util::future::join_all((0..concurrency).map(|_| worker())).await;
    });
    count as f64 / started.elapsed().as_secs_f64()
}

/// The floor of the timer and the machine: `concurrency` tasks on a single-threaded runtime
/// sleeping `latency` one after the other, `count` sleeps in all; sleeps per second.
fn timer_floor(latency: std::time::Duration, count: usize, concurrency: usize) -> f64 {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let started = Instant::now();
    runtime.block_on(async {
        let worker = || async {
            while next.fetch_add(1, std::sync::atomic::Ordering::Relaxed) < count {
                tokio::time::sleep(latency).await;
            }
        };
        futures_util::future::join_all((0..concurrency).map(|_| worker())).await;
    });
    count as f64 / started.elapsed().as_secs_f64()
}

fn main() {
    let ids_total: usize = env_or("BATCH_IDS", 100_000);
    let latency_ms: u64 = env_or("BATCH_LATENCY_MS", 20);
    let concurrencies: Vec<usize> = std::env::var("BATCH_CONCURRENCY")
        .unwrap_or_else(|_| "8,64,256".into())
        .split(',')
        .map(|c| c.trim().parse().expect("a concurrency"))
        .collect();
    let cap = huawei_cec::transport::DEFAULT_MAX_IN_FLIGHT_PER_HOST;
    let scratch = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("batch-bench");
    std::fs::create_dir_all(&scratch).unwrap();

    // The simulator's calls: for call-result-detail the outbound calls of the VDN with the
    // most of them; for cdr the calls of the call center and direction with the most.
    let data = Dataset::generate(SEED, CALLS);
    let most = |key: &dyn Fn(&huawei_cec::simulator::SimCall) -> Option<(u32, bool)>| {
        let mut counts = std::collections::BTreeMap::<(u32, bool), Vec<String>>::new();
        for call in &data.calls {
            if let Some(k) = key(call) {
                counts.entry(k).or_default().push(call.call_id.clone());
            }
        }
        counts.into_iter().max_by_key(|(_, ids)| ids.len()).unwrap()
    };
    let ((vdn, _), detail_ids) = most(&|c| (!c.is_inbound()).then_some((c.vdn, false)));
    let ((cc_id, inbound), cdr_ids) = most(&|c| Some((c.cc_id, c.is_inbound())));

    let mut simulator = Simulator(
        Command::new(env!("CARGO_BIN_EXE_cec"))
            .args(["simulate", "--port", "0", "--seed", &SEED.to_string()])
            .args(["--latency-ms", &latency_ms.to_string()])
            .env("XDG_CONFIG_HOME", scratch.join("no-config"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut first = String::new();
    BufReader::new(simulator.0.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let url = first
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .expect("the simulator's URL")
        .to_owned();
    let no_config = scratch.join("no-config").display().to_string();
    let env = [
        ("XDG_CONFIG_HOME", no_config.as_str()),
        ("CEC_ISALES_URL", url.as_str()),
        ("CEC_CMS_URL", url.as_str()),
        ("CEC_AK", "demo-ak"),
        ("CEC_SK", "demo-sk"),
    ];

    let operations: [(&str, Vec<String>, &[String], Lookup); 2] = [
        (
            "call-result-detail",
            vec!["--vdn-id".into(), vdn.to_string()],
            &detail_ids,
            Lookup::Detail { vdn },
        ),
        (
            "cdr",
            vec![
                "--cc-id".into(),
                cc_id.to_string(),
                (if inbound { "--inbound" } else { "--outbound" }).into(),
            ],
            &cdr_ids,
            Lookup::Cdr { cc_id, inbound },
        ),
    ];
    let mut rows = Vec::new();
    let mut growth = Vec::new();
    let out = scratch.join("rows.ndjson");
    for (operation, options, ids, lookup) in &operations {
        let file = scratch.join(format!("{operation}-ids.txt"));
        let args = |concurrency: usize, file: &Path| -> Vec<String> {
            let mut args = vec!["-o".into(), "ndjson".into(), (*operation).into()];
            args.extend(options.iter().cloned());
            args.extend([
                "--concurrency".into(),
                concurrency.to_string(),
                "--call-ids-from".into(),
                file.display().to_string(),
            ]);
            args
        };
        write_ids(&file, ids, ids_total);
        for &concurrency in &concurrencies {
            let simulator_cpu = cpu_seconds(simulator.0.id());
            let run = cec(&args(concurrency, &file), &env, &out, ids);
            let simulator_cpu = cpu_seconds(simulator.0.id()) - simulator_cpu;
            assert_eq!(run.rows, ids_total, "{operation}: a row per ID");
            let per_s = run.rows as f64 / run.seconds;
            let allowed = concurrency.min(cap) as f64 * 1000.0 / latency_ms as f64;
            // The floors at the same concurrency as the client really uses (its cap).
            let in_flight = concurrency.min(cap);
            let reqwest_per_s = reqwest_floor(&url, *lookup, ids, ids_total, in_flight);
            let timer_per_s = timer_floor(
                std::time::Duration::from_millis(latency_ms),
                ids_total,
                in_flight,
            );
            println!(
                "{operation:<20} --concurrency {concurrency:<3} {per_s:>7.0} lookups/s ({:.0}% of {allowed:.0}), peak RSS {} kB, {:.1} s (CPU: cec {:.1} s, simulator {simulator_cpu:.1} s); floors: reqwest {reqwest_per_s:.0}/s ({:.0}%), timer {timer_per_s:.0}/s ({:.0}%); load {}",
                per_s / allowed * 100.0,
                run.max_rss_kb,
                run.seconds,
                run.cpu_seconds,
                reqwest_per_s / allowed * 100.0,
                timer_per_s / allowed * 100.0,
                load1(),
            );
            rows.push(json!({
                "operation": operation, "concurrency": concurrency, "ids": run.rows,
                "seconds": run.seconds, "cpu_seconds": run.cpu_seconds,
                "simulator_cpu_seconds": simulator_cpu, "lookups_per_s": per_s,
                "allowed_per_s": allowed, "share_of_allowed": per_s / allowed,
                "peak_rss_kb": run.max_rss_kb,
                "reqwest_floor_per_s": reqwest_per_s, "timer_floor_per_s": timer_per_s,
                "load1": load1().parse::<f64>().ok(),
            }));
        }
        // Memory against the number of IDs: a tenth of them, at the middle concurrency.
        let concurrency = concurrencies[concurrencies.len() / 2];
        let small = scratch.join(format!("{operation}-ids-small.txt"));
        write_ids(&small, ids, ids_total / 10);
        let run = cec(&args(concurrency, &small), &env, &out, ids);
        let full = rows
            .iter()
            .rev()
            .find(|r| r["operation"] == *operation && r["concurrency"] == concurrency)
            .unwrap();
        println!(
            "{operation:<20} {} IDs: peak RSS {} kB; {} IDs: {} kB",
            run.rows, run.max_rss_kb, ids_total, full["peak_rss_kb"]
        );
        growth.push(json!({
            "operation": operation, "concurrency": concurrency,
            "small": {"ids": run.rows, "peak_rss_kb": run.max_rss_kb},
            "full": {"ids": ids_total, "peak_rss_kb": full["peak_rss_kb"]},
            "ratio": full["peak_rss_kb"].as_f64().unwrap() / run.max_rss_kb as f64,
        }));
    }
    drop(simulator);
    let _ = std::fs::remove_dir_all(&scratch);

    let results = json!({
        "ids": ids_total, "latency_ms": latency_ms, "max_in_flight_per_host": cap,
        "rows": rows, "growth": growth,
    });
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("../bench-results");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("batch.json"),
        serde_json::to_vec_pretty(&results).unwrap(),
    )
    .unwrap();
}
