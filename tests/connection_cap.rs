//! Thousands of concurrent calls queue for the per-host cap on requests in flight instead
//! of failing for want of file descriptors: 2,000 concurrent calls in a process limited to
//! 1,024 descriptors, against the simulator in another process (`cec simulate`).
//!
//! The parent test starts the simulator and runs this test binary again, under
//! `ulimit -n 1024`, for the one ignored test that makes the calls.

#![cfg(feature = "cli")]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

const CALLS: usize = 2_000;
const DESCRIPTORS: u64 = 1_024;
const CHILD_ENV: &str = "HUAWEI_CEC_CAP_TEST_SIMULATOR";

/// Stops the simulator when the test ends, however it ends.
struct Simulator(std::process::Child);

impl Drop for Simulator {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn two_thousand_concurrent_calls_fit_in_1024_descriptors() {
    // Each request waits 20 ms in the simulator, so that the calls really overlap.
    let mut simulator = Simulator(
        Command::new(env!("CARGO_BIN_EXE_cec"))
            .args(["simulate", "--port", "0", "--latency-ms", "20"])
            .env_remove("RUST_LOG")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("cec simulate starts"),
    );
    let stdout = simulator.0.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let (mut url, mut credentials) = (None, None);
    while url.is_none() || credentials.is_none() {
        let line = lines.next().expect("the simulator prints its URL").unwrap();
        if let Some(rest) = line.strip_prefix("CEC simulator listening on ") {
            url = rest.split_whitespace().next().map(str::to_owned);
        }
        if let Some(rest) = line.trim().strip_prefix("demo credentials: ") {
            // AK {ak} SK {sk} app key {key} app secret {secret}
            let words: Vec<&str> = rest.split_whitespace().collect();
            credentials = Some((words[1].to_owned(), words[3].to_owned()));
        }
    }
    let (url, (ak, sk)) = (url.unwrap(), credentials.unwrap());

    let output = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -n {DESCRIPTORS} && exec \"$0\" \"$@\""))
        .arg(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "calls_under_a_descriptor_limit",
            "--ignored",
            "--nocapture",
            "--test-threads",
            "1",
        ])
        .env(CHILD_ENV, format!("{url} {ak} {sk}"))
        .output()
        .expect("the test binary runs again");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the calls under the limit failed:\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains("1 passed"),
        "the child test did not run:\n{stdout}\n{stderr}"
    );
    drop(simulator);
}

/// Run by the test above, in a process limited to 1,024 descriptors.
#[test]
#[ignore = "run by two_thousand_concurrent_calls_fit_in_1024_descriptors, under a descriptor limit"]
fn calls_under_a_descriptor_limit() {
    let target = std::env::var(CHILD_ENV).expect("started by the parent test");
    let mut words = target.split(' ');
    let (url, ak, sk) = (
        words.next().unwrap().to_owned(),
        words.next().unwrap().to_owned(),
        words.next().unwrap().to_owned(),
    );
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: writes into the struct given.
    assert_eq!(
        unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) },
        0
    );
    assert!(
        limit.rlim_cur <= DESCRIPTORS,
        "the limit is {}, not {DESCRIPTORS}",
        limit.rlim_cur
    );

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let client = huawei_cec::Client::builder()
            .isales_url(&url)
            .ak_sk(huawei_cec::AkSk::new(ak, sk))
            .timeout(Duration::from_secs(60))
            .build()
            .unwrap();
        let mut calls = tokio::task::JoinSet::new();
        for _ in 0..CALLS {
            let client = client.clone();
            calls.spawn(async move { client.call_result_detail(8, "1644464743-1388").await });
        }
        let mut errors = Vec::new();
        while let Some(outcome) = calls.join_next().await {
            if let Err(e) = outcome.unwrap() {
                errors.push(e.to_string());
            }
        }
        errors.sort();
        errors.dedup();
        assert!(
            errors.is_empty(),
            "calls failed; the distinct errors: {errors:#?}"
        );
    });
}
