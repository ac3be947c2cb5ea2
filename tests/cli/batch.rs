//! Batch lookups: `--call-ids-from FILE|-` with `--concurrency`.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use huawei_cec::simulator::{Faults, RunningSimulator, Simulator};

use super::*;

/// Call IDs of outbound calls of VDN 8 that the simulator knows.
fn known_ids(sim: &RunningSimulator, n: usize) -> Vec<String> {
    sim.with_data(|d| {
        d.calls
            .iter()
            .filter(|c| c.vdn == 8 && !c.is_inbound())
            .take(n)
            .map(|c| c.call_id.clone())
            .collect()
    })
}

/// A TCP proxy in front of `target` that counts the connections made through it.
async fn counting_proxy(target: std::net::SocketAddr) -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let connections = Arc::new(AtomicUsize::new(0));
    let count = connections.clone();
    tokio::spawn(async move {
        while let Ok((mut inbound, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                if let Ok(mut outbound) = tokio::net::TcpStream::connect(target).await {
                    let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                }
            });
        }
    });
    (url, connections)
}

#[tokio::test]
async fn a_row_per_id_in_the_files_order_in_every_format() {
    let sim = Simulator::start().await.unwrap();
    let known = known_ids(&sim, 6);
    let ids: Vec<String> = vec![
        known[0].clone(),
        "missing-1".into(),
        known[1].clone(),
        known[2].clone(),
        "missing-2".into(),
        known[3].clone(),
        known[4].clone(),
        known[5].clone(),
    ];
    let dir = scratch("batch-order");
    let file = dir.join("ids.txt");
    let mut text = String::from("# campaign 7\n\n");
    for id in &ids {
        text.push_str(&format!("  {id}  \n"));
    }
    text.push_str("\n# end\n");
    std::fs::write(&file, text).unwrap();
    let file = file.to_str().unwrap();
    let env = sim_env(&sim);
    let env = as_refs(&env);
    let args = |format: &'static str| {
        vec![
            "-o",
            format,
            "call-result-detail",
            "--vdn-id",
            "8",
            "--call-ids-from",
            file,
            "--concurrency",
            "3",
        ]
    };

    let run = cec(&args("ndjson"), &env).await;
    assert_eq!(run.code, 1, "two IDs failed: {}", run.stderr);
    assert_eq!(
        run.stderr, "2 of 8 lookups failed\n",
        "no progress bar off a terminal"
    );
    let rows = run.ndjson();
    assert_eq!(rows.len(), ids.len());
    for (row, id) in rows.iter().zip(&ids) {
        assert_eq!(row["id"], id.as_str(), "{row}");
        if id.starts_with("missing") {
            assert_eq!(row["errorCode"], "0200007", "{row}");
            assert!(
                row["errorMessage"]
                    .as_str()
                    .unwrap()
                    .contains("does not exist"),
                "{row}"
            );
            assert!(row.get("callId").is_none(), "{row}");
        } else {
            assert_eq!(row["callId"], id.as_str(), "{row}");
            assert!(row.get("errorCode").is_none(), "{row}");
        }
    }

    let run = cec(&args("json"), &env).await;
    let items = run.json();
    let items = items.as_array().unwrap();
    assert_eq!(items.len(), ids.len());
    assert_eq!(items[0]["reply"]["data"]["callId"], ids[0].as_str());
    assert_eq!(items[1]["id"], "missing-1");
    assert_eq!(items[1]["error"]["code"], "0200007");

    let run = cec(&args("csv"), &env).await;
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().take(4).collect::<Vec<_>>(),
        ["id", "errorCode", "errorMessage", "callId"]
    );
    let order: Vec<String> = reader.records().map(|r| r.unwrap()[0].to_owned()).collect();
    assert_eq!(order, ids);

    let run = cec(&args("table"), &env).await;
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 1 + ids.len(), "{}", run.stdout);
    assert!(lines[0].starts_with("id "), "{}", run.stdout);
    for (line, id) in lines[1..].iter().zip(&ids) {
        assert!(line.starts_with(id.as_str()), "{line}");
    }

    // All found: exit 0 and nothing on stderr.
    let good = dir.join("good.txt");
    std::fs::write(&good, known.join("\n")).unwrap();
    let run = cec(
        &[
            "call-result-detail",
            "--vdn-id",
            "8",
            "--call-ids-from",
            good.to_str().unwrap(),
        ],
        &env,
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert_eq!(run.json().as_array().unwrap().len(), known.len());
}

#[tokio::test]
async fn cdr_reads_ids_from_standard_input() {
    let sim = Simulator::start().await.unwrap();
    let env = sim_env(&sim);
    let run = cec_with_input(
        &[
            "-o",
            "ndjson",
            "cdr",
            "--cc-id",
            "1",
            "--inbound",
            "--call-ids-from",
            "-",
        ],
        &as_refs(&env),
        // A byte-order mark and CRLF line ends, as a spreadsheet may save them.
        Some("\u{feff}1000000000-0001\r\n# skipped\r\nno-such-call\r\n".as_bytes()),
    )
    .await;
    assert_eq!(run.code, 1, "{}", run.stderr);
    let rows = run.ndjson();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["id"], "1000000000-0001");
    assert_eq!(rows[0]["agentId"], 100);
    assert_eq!(rows[1]["id"], "no-such-call");
    assert!(rows[1]["errorCode"].is_string(), "{}", rows[1]);
}

#[tokio::test]
async fn lookups_share_one_connection_pool_at_most_concurrency_at_once() {
    let sim = Simulator::builder()
        .faults(Faults::default().with_latency(Duration::from_millis(100)))
        .start()
        .await
        .unwrap();
    let (url, connections) = counting_proxy(sim.addr()).await;
    let ids = known_ids(&sim, 24);
    let dir = scratch("batch-pool");
    let file = dir.join("ids.txt");
    std::fs::write(&file, ids.join("\n")).unwrap();
    let run = cec(
        &[
            "-o",
            "ndjson",
            "call-result-detail",
            "--vdn-id",
            "8",
            "--concurrency",
            "4",
            "--call-ids-from",
            file.to_str().unwrap(),
        ],
        &[
            ("CEC_ISALES_URL", &url),
            ("CEC_AK", "demo-ak"),
            ("CEC_SK", "demo-sk"),
        ],
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.ndjson().len(), ids.len());
    assert_eq!(sim.requests().len(), ids.len());
    let made = connections.load(Ordering::SeqCst);
    assert!(
        (2..=4).contains(&made),
        "{made} connections for {} lookups: 4 at once over kept-alive connections",
        ids.len()
    );
}

#[tokio::test]
async fn bad_ids_or_settings_exit_2_before_anything_is_sent() {
    let sim = Simulator::start().await.unwrap();
    let env = sim_env(&sim);
    let env = as_refs(&env);
    let dir = scratch("batch-bad");
    let bad = dir.join("bad.txt");
    std::fs::write(
        &bad,
        format!("ok-1\n\nbad\u{1b}[31m\n{}\n", "x".repeat(300)),
    )
    .unwrap();
    let bad = bad.to_str().unwrap();
    let good = dir.join("good.txt");
    std::fs::write(&good, "a\nb\n").unwrap();
    let good = good.to_str().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "call-result-detail",
                "--vdn-id",
                "8",
                "--call-ids-from",
                bad,
            ],
            "bad.txt line 3: the call ID contains control characters",
        ),
        (
            &[
                "call-result-detail",
                "--vdn-id",
                "8",
                "--call-ids-from",
                "/no/such/file",
            ],
            "cannot read the call IDs from /no/such/file",
        ),
        (
            &[
                "-o",
                "csv",
                "call-result-detail",
                "--vdn-id",
                "0",
                "--call-ids-from",
                good,
            ],
            "ranging from 1 to 9999",
        ),
        (
            &[
                "cdr",
                "--cc-id",
                "70000",
                "--outbound",
                "--call-ids-from",
                good,
            ],
            "ranges from 1 to 65535",
        ),
        (
            &[
                "call-result-detail",
                "--vdn-id",
                "8",
                "--call-ids-from",
                good,
                "--concurrency",
                "0",
            ],
            "0 is not in 1..=256",
        ),
        (
            &[
                "call-result-detail",
                "--vdn-id",
                "8",
                "--call-ids-from",
                good,
                "--concurrency",
                "257",
            ],
            "257 is not in 1..=256",
        ),
        (
            &[
                "call-result-detail",
                "--vdn-id",
                "8",
                "--call-id",
                "a",
                "--call-ids-from",
                good,
            ],
            "cannot be used with",
        ),
        (
            &[
                "call-result-detail",
                "--vdn-id",
                "8",
                "--call-id",
                "a",
                "--concurrency",
                "2",
            ],
            "cannot be used with",
        ),
    ];
    for (args, expected) in cases {
        let run = cec(args, &env).await;
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains(expected),
            "{args:?}: {expected} in {}",
            run.stderr
        );
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
    }
    let long = std::fs::read_to_string(bad)
        .unwrap()
        .replace("bad\u{1b}[31m\n", "");
    std::fs::write(bad, long).unwrap();
    let run = cec(
        &[
            "call-result-detail",
            "--vdn-id",
            "8",
            "--call-ids-from",
            bad,
        ],
        &env,
    )
    .await;
    assert!(
        run.stderr
            .contains("line 3: the call ID is 300 characters long"),
        "{}",
        run.stderr
    );
    assert!(sim.requests().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn ctrl_c_stops_a_batch_and_prints_the_rows_done() {
    use tokio::io::AsyncBufReadExt;

    // A slow simulator in a process of its own.
    let mut simulator = tokio::process::Command::new(env!("CARGO_BIN_EXE_cec"))
        .args(["simulate", "--port", "0", "--latency-ms", "300"])
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = tokio::io::BufReader::new(simulator.stdout.take().unwrap()).lines();
    let first = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    let url = first
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .unwrap()
        .to_owned();

    let ids: Vec<String> = (0..60).map(|i| format!("call-{i:02}")).collect();
    let dir = scratch("batch-ctrl-c");
    let file = dir.join("ids.txt");
    std::fs::write(&file, ids.join("\n")).unwrap();
    let started = std::time::Instant::now();
    let mut batch = tokio::process::Command::new(env!("CARGO_BIN_EXE_cec"))
        .args([
            "-o",
            "ndjson",
            "call-result-detail",
            "--vdn-id",
            "8",
            "--concurrency",
            "2",
            "--call-ids-from",
            file.to_str().unwrap(),
        ])
        .env("XDG_CONFIG_HOME", dir.join("no-config"))
        .envs([
            ("CEC_ISALES_URL", url.as_str()),
            ("CEC_AK", "demo-ak"),
            ("CEC_SK", "demo-sk"),
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut stdout = tokio::io::BufReader::new(batch.stdout.take().unwrap()).lines();
    // Some rows are out: then Ctrl-C.
    let mut printed = Vec::new();
    for _ in 0..3 {
        let line = tokio::time::timeout(Duration::from_secs(30), stdout.next_line())
            .await
            .unwrap()
            .unwrap()
            .expect("a row before the interrupt");
        printed.push(line);
    }
    let pid = batch.id().unwrap().to_string();
    let kill = std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap();
    assert!(kill.success());
    while let Some(line) = tokio::time::timeout(Duration::from_secs(30), stdout.next_line())
        .await
        .unwrap()
        .unwrap()
    {
        printed.push(line);
    }
    let output = tokio::time::timeout(Duration::from_secs(30), batch.wait_with_output())
        .await
        .unwrap()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "stopped early, not after all 60 lookups (30 rounds of 300 ms): {:?}",
        started.elapsed()
    );
    assert!(
        printed.len() >= 3 && printed.len() < ids.len(),
        "{} rows",
        printed.len()
    );
    // Whole rows, in the file's order, each with its ID.
    for (line, id) in printed.iter().zip(&ids) {
        let row: Value = serde_json::from_str(line).unwrap();
        assert_eq!(row["id"], id.as_str(), "{line}");
        assert_eq!(row["errorCode"], "0200007", "{line}");
    }
    assert!(
        stderr.contains(&format!(
            "interrupted: {} of 60 IDs looked up and printed",
            printed.len()
        )),
        "{stderr}"
    );
    simulator.kill().await.unwrap();
}
