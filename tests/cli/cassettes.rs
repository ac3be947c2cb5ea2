//! `cec conformance` and `cec simulate --replay`, as processes.

use std::path::Path;
use std::time::Duration;

use tokio::io::AsyncBufReadExt;

use super::*;

#[path = "../common/traffic.rs"]
mod traffic;

use traffic::{By, Traffic, every_operation, resend};

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

#[tokio::test]
async fn conformance_passes_on_the_simulators_traffic_in_every_format() {
    let sim = huawei_cec::simulator::Simulator::builder()
        .calls(200)
        .start()
        .await
        .unwrap();
    let mut traffic = Traffic::with_simulator(&sim.url());
    every_operation(&mut traffic).await;
    let dir = scratch("conformance-simulator");
    let file = write(&dir, "sim.cassette", &traffic.cassette("simulator"));

    let run = cec(&["conformance", &file], &[]).await;
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let exchanges = traffic.exchanges().len();
    assert!(
        run.stdout.contains(&format!("{exchanges} exchanges ({exchanges} with a reply): 0 errors, 0 warnings, 2 notes: every reply conforms to the spec")),
        "{}",
        run.stdout
    );
    // The notes: CC-CMS failure codes, which its page does not list.
    assert!(
        run.stdout.contains("queryCdrByCallId") && run.stdout.contains("result-code"),
        "{}",
        run.stdout
    );

    let run = cec(&["conformance", &file, "-o", "json"], &[]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = run.json();
    assert_eq!(out["summary"]["conforms"], true, "{out:#}");
    assert_eq!(out["summary"]["exchanges"], exchanges);
    assert_eq!(out["cassette"]["personal_data"], "kept");
    assert_eq!(out["findings"].as_array().unwrap().len(), 2);

    let run = cec(&["conformance", &file, "-o", "ndjson"], &[]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = run.ndjson();
    assert_eq!(lines.len(), 2);
    assert!(lines.iter().all(|l| l["severity"] == "note"), "{lines:?}");

    // Standard input, CSV.
    let text = std::fs::read(&file).unwrap();
    let run = cec_with_input(&["-o", "csv", "conformance", "-"], &[], Some(&text)).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("seq,operation,severity,kind,pointer,spec,came\n"),
        "{}",
        run.stdout
    );
}

/// A server that differs from the spec in five ways; each is found, with the operation and
/// a pointer.
#[tokio::test]
async fn conformance_flags_what_a_server_sends_against_the_spec() {
    let server = TestServer::with_handler(|r: &Recorded| {
        let path = r.uri.path();
        if path.ends_with("/callresultdetail/1") {
            Reply::json(
                200,
                &json!({
                    "resultCode": "0200000",
                    "returnCode": "0299999",
                    "data": {"callId": 1644464743, "surprise": "x", "callStatus": "6"},
                }),
            )
        } else if path.ends_with("/queryObsResultDetail") {
            Reply::json(503, &json!({"error": "busy"}))
        } else if path.ends_with("/tokenByAkSk") {
            Reply::json(200, &json!({"Expires": "600", "ApplyType": "Bearer"}))
        } else {
            Reply::raw(200, b"<html>not json</html>").header("content-type", "text/html")
        }
    })
    .await;
    let mut traffic = Traffic::new(&server.url, "ak-1", "sk-1", "app-1", "app-secret-1");
    let isales = "/rest/isales/v1/openapi/campaigns";
    traffic
        .send(
            "getCallResultDetail",
            "GET",
            &format!("{isales}/8/callresultdetail/1"),
            None,
            By::Signature,
        )
        .await;
    traffic
        .send(
            "getExternalResult",
            "GET",
            &format!("{isales}/40/7/queryObsResultDetail"),
            None,
            By::Signature,
        )
        .await;
    traffic.fetch_token().await;
    traffic
        .send(
            "queryCdrByCallId",
            "POST",
            "/rest/cmsapp/v1/openapi/calldata/querycalldetailbyid",
            Some(json!({})),
            By::Signature,
        )
        .await;
    let dir = scratch("conformance-server");
    let file = write(&dir, "server.cassette", &traffic.cassette("test server"));

    let run = cec(&["-o", "json", "conformance", &file], &[]).await;
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let findings: Vec<(String, String, String, String, u64)> = run.json()["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap().to_owned();
            (
                s("operation"),
                s("kind"),
                s("pointer"),
                s("severity"),
                f["seq"].as_u64().unwrap(),
            )
        })
        .collect();
    let want = [
        (
            "getCallResultDetail",
            "type",
            "/body/json/data/callId",
            "error",
            1,
        ),
        (
            "getCallResultDetail",
            "undeclared-key",
            "/body/json/data/surprise",
            "warning",
            1,
        ),
        (
            "getCallResultDetail",
            "result-code",
            "/body/json/returnCode",
            "warning",
            1,
        ),
        ("getExternalResult", "status", "/status", "error", 2),
        (
            "createToken",
            "missing-key",
            "/body/json/AccessToken",
            "error",
            3,
        ),
        (
            "queryCdrByCallId",
            "content-type",
            "/headers/content-type",
            "error",
            4,
        ),
        ("queryCdrByCallId", "body", "/body", "error", 4),
    ];
    let want: Vec<(String, String, String, String, u64)> = want
        .iter()
        .map(|(o, k, p, s, q)| {
            (
                o.to_string(),
                k.to_string(),
                p.to_string(),
                s.to_string(),
                *q,
            )
        })
        .collect();
    assert_eq!(findings, want);
    // The table says what the spec says and what came, never the values.
    let run = cec(&["conformance", &file], &[]).await;
    assert_eq!(run.code, 1);
    for text in [
        "CallResultDetail.callId: a string",
        "an integer",
        "getExternalResult declares HTTP 200, 401",
        "HTTP 503",
        "TokenResponse requires \"AccessToken\"",
        "text/html",
        "5 errors, 2 warnings",
    ] {
        assert!(run.stdout.contains(text), "{text}: {}", run.stdout);
    }
    assert!(
        !run.stdout.contains("1644464743") && !run.stdout.contains("0299999"),
        "{}",
        run.stdout
    );
}

#[tokio::test]
async fn conformance_exits_2_on_what_is_not_a_cassette_naming_the_line() {
    let dir = scratch("conformance-garbage");
    let header = r#"{"format":"huawei-cec-cassette","version":1,"crate_version":"0.1.0","recorded_at":"2026-12-04T14:00:00.000Z","personal_data":"masked"}"#;
    let cases: [(&str, Vec<u8>, &str); 6] = [
        ("garbage", b"garbage\x00\xff\n".to_vec(), "line 1: not JSON"),
        ("empty", Vec::new(), "the file is empty"),
        (
            "other-json",
            b"{\"seq\": 1}\n".to_vec(),
            "line 1: not a cassette",
        ),
        (
            "later",
            b"{\"format\":\"huawei-cec-cassette\",\"version\":9}\n".to_vec(),
            "line 1: format version 9",
        ),
        (
            "bad-exchange",
            format!("{header}\n\n{{\"seq\": \"x\"}}\n").into_bytes(),
            "line 3: not an exchange",
        ),
        ("binary", (0..=255u8).cycle().take(5000).collect(), "line 1"),
    ];
    for (name, bytes, want) in cases {
        let file = dir.join(name);
        std::fs::write(&file, &bytes).unwrap();
        for format in ["table", "json", "ndjson"] {
            let run = cec(&["-o", format, "conformance", file.to_str().unwrap()], &[]).await;
            assert_eq!(run.code, 2, "{name}: {}", run.stderr);
            assert!(run.stderr.contains(want), "{name}: {}", run.stderr);
            assert!(run.stdout.is_empty(), "{name}: {}", run.stdout);
        }
    }
    let run = cec_with_input(&["conformance", "-"], &[], Some(b"nope")).await;
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("-: line 1: not JSON"), "{}", run.stderr);
    let run = cec(&["conformance", dir.join("missing").to_str().unwrap()], &[]).await;
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("cannot open"), "{}", run.stderr);
}

/// The five commands of a recorded session, against `cec simulate --replay` of it, print
/// what they printed against the live simulator.
#[tokio::test]
async fn simulate_replay_answers_the_five_commands_with_the_recorded_replies() {
    let commands = super::session::COMMANDS;
    let live = huawei_cec::simulator::Simulator::builder()
        .calls(200)
        .start()
        .await
        .unwrap();
    let env = sim_env(&live);
    let mut recorded = Vec::new();
    for args in commands {
        let run = cec(args, &as_refs(&env)).await;
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        recorded.push(run.json());
    }
    let mut traffic = Traffic::with_simulator(&live.url());
    resend(&mut traffic, &live.requests()).await;
    drop(live);
    let dir = scratch("replay-five");
    let file = write(&dir, "session.cassette", &traffic.cassette("five commands"));

    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_cec"))
        .args(["simulate", "--port", "0", "--replay", &file])
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = tokio::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let first = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert!(
        first.contains("replaying") && first.contains(": 5 recorded replies to 5 requests"),
        "{first}"
    );
    let url = first
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .unwrap()
        .to_owned();
    let env: Vec<(&str, &str)> = vec![
        ("CEC_ISALES_URL", &url),
        ("CEC_CMS_URL", &url),
        ("CEC_APIACCESS_URL", &url),
        ("CEC_AK", "demo-ak"),
        ("CEC_SK", "demo-sk"),
        ("CEC_APP_KEY", "demo-app-key"),
        ("CEC_APP_SECRET", "demo-app-secret"),
    ];
    for (args, want) in commands.iter().zip(&recorded) {
        let run = cec(args, &env).await;
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert_eq!(&run.json(), want, "{args:?}");
    }
    // A request the session did not make.
    let run = cec(
        &[
            "call-result-detail",
            "--vdn-id",
            "8",
            "--call-id",
            "not-recorded",
        ],
        &env,
    )
    .await;
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("HTTP 501"), "{}", run.stderr);
    assert!(
        run.stderr.contains("no recorded exchange matches GET /rest/isales/v1/openapi/campaigns/8/callresultdetail/not-recorded; the closest is exchange 2: the path: recorded /rest/isales/v1/openapi/campaigns/8/callresultdetail/1644464743-1388"),
        "{}",
        run.stderr
    );
    // The signature is still checked.
    let mut wrong = env.clone();
    wrong.retain(|(k, _)| *k != "CEC_SK");
    wrong.push(("CEC_SK", "wrong"));
    let run = cec(commands[0], &wrong).await;
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("HTTP 401"), "{}", run.stderr);

    // Stopped, it says how many requests matched nothing; its log named the one.
    let pid = i32::try_from(child.id().unwrap()).unwrap();
    // SAFETY: signalling the child this test started.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
    let output = tokio::time::timeout(Duration::from_secs(30), child.wait_with_output())
        .await
        .unwrap()
        .unwrap();
    let mut rest = String::new();
    while let Ok(Some(line)) = lines.next_line().await {
        rest.push_str(&line);
        rest.push('\n');
    }
    assert!(
        rest.contains("stopped after 8 requests (1 matched no recorded request)"),
        "{rest}"
    );
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(
        log.contains("no recorded exchange matches the request") && log.contains("not-recorded"),
        "{log}"
    );
}

#[tokio::test]
async fn simulate_replay_refuses_a_hostile_cassette_naming_the_line() {
    let dir = scratch("replay-hostile");
    let header = r#"{"format":"huawei-cec-cassette","version":1,"crate_version":"0.1.0","recorded_at":"2026-12-04T14:00:00.000Z","personal_data":"masked"}"#;
    let exchange = |response: serde_json::Value| {
        json!({"seq": 1, "operation": "getCallResultDetail", "server": "isales", "attempt": 1,
               "started_at": "2026-12-04T14:00:00.123Z", "duration_ms": 1.0, "auth": {"scheme": "none"},
               "request": {"method": "GET", "scheme": "http", "path": "/rest/isales/v1/openapi/campaigns/8/callresultdetail/1", "headers": {}},
               "response": response})
        .to_string()
    };
    let huge = "7".repeat(17 << 20);
    let cases = [
        (
            "huge",
            exchange(
                json!({"status": 200, "headers": {}, "body": {"length": huge.len(), "text": huge}}),
            ),
            "line 2: the reply's body is larger than 16 MiB",
        ),
        (
            "header",
            exchange(json!({"status": 200, "headers": {"x-evil": "a\nb"}})),
            "line 2: the value of the reply's header x-evil",
        ),
        (
            "status",
            exchange(json!({"status": 101, "headers": {}})),
            "line 2: the reply's status 101 cannot be replayed",
        ),
        (
            "garbage",
            "\u{1b}[2J garbage".to_owned(),
            "line 2: not an exchange",
        ),
    ];
    for (name, line, want) in cases {
        let file = write(&dir, name, &format!("{header}\n{line}\n"));
        let run = cec(&["simulate", "--port", "0", "--replay", &file], &[]).await;
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        assert!(
            run.stderr.contains(want),
            "{name}: {}",
            &run.stderr[..run.stderr.len().min(500)]
        );
        assert!(
            run.stderr.len() < 2000,
            "{name}: the message quotes no body"
        );
    }
}
