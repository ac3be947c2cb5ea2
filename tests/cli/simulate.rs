//! `cec demo` and `cec simulate`, and signing profiles on the command line.

use super::*;

#[tokio::test]
async fn demo_runs_the_five_operations_against_the_embedded_simulator() {
    let run = cec(&["demo"], &[]).await;
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("5 of 5 operations succeeded"),
        "{}",
        run.stdout
    );
    for operation in [
        "getCallResultDetail",
        "getExternalResult",
        "queryCdrByCallId",
        "queryCallRecords",
        "updateReservedCallResult",
    ] {
        assert!(
            run.stdout.contains(operation),
            "{operation}: {}",
            run.stdout
        );
    }
    let run = cec(&["demo", "--json"], &[]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = run.json();
    let operations = out["operations"].as_array().unwrap();
    assert_eq!(operations.len(), 5);
    assert!(operations.iter().all(|o| o["ok"] == true), "{out:#}");
    // The payload of each reply (the call result here).
    assert_eq!(operations[0]["reply"]["callStatus"], 6);
    assert_eq!(out["tokenRequests"], 1);
}

#[tokio::test]
async fn demo_prints_in_the_output_format_asked_for() {
    let operations = [
        "getCallResultDetail",
        "getExternalResult",
        "queryCdrByCallId",
        "queryCallRecords",
        "updateReservedCallResult",
    ];
    // -o json is --json.
    let run = cec(&["-o", "json", "demo"], &[]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["operations"].as_array().unwrap().len(), 5);

    let run = cec(&["demo", "-o", "ndjson"], &[]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(rows.len(), 5, "{}", run.stdout);
    for (row, operation) in rows.iter().zip(operations) {
        assert_eq!(row["operation"], operation, "{row}");
        assert_eq!(row["ok"], true, "{row}");
        assert!(
            row["summary"].as_str().is_some_and(|s| !s.is_empty()),
            "{row}"
        );
    }

    let run = cec(&["demo"], &[("CEC_OUTPUT", "csv")]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut lines = run.stdout.lines();
    assert_eq!(lines.next(), Some("operation,request,ok,summary,error"));
    assert_eq!(lines.count(), 5, "{}", run.stdout);

    let run = cec(&["-o", "table", "demo"], &[]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    for operation in operations {
        assert!(run.stdout.contains(operation), "{}", run.stdout);
    }
    assert!(
        !run.stdout.contains("operations succeeded"),
        "{}",
        run.stdout
    );

    // A config profile's output format counts as asked for.
    let dir = scratch("demo-profile-output");
    let config = dir.join("config.toml");
    std::fs::write(&config, "[profiles.default]\noutput = \"ndjson\"\n").unwrap();
    let run = cec(&["--config", config.to_str().unwrap(), "demo"], &[]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 5, "{}", run.stdout);
    assert!(run.stdout.starts_with("{\"operation\":"), "{}", run.stdout);
}

#[tokio::test]
async fn simulate_serves_in_the_foreground_and_prints_its_url_and_credentials() {
    use tokio::io::AsyncBufReadExt;
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_cec"))
        .args(["simulate", "--port", "0", "--seed", "7"])
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = tokio::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let mut printed = Vec::new();
    while printed.len() < 3 {
        let line = tokio::time::timeout(std::time::Duration::from_secs(30), lines.next_line())
            .await
            .unwrap()
            .unwrap();
        printed.push(line.expect("the simulator prints its URL and credentials"));
    }
    let text = printed.join("\n");
    assert!(text.contains("seed 7"), "{text}");
    assert!(
        text.contains("AK demo-ak SK demo-sk app key demo-app-key app secret demo-app-secret"),
        "{text}"
    );
    let url = text
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .unwrap()
        .to_owned();
    let env = [
        ("CEC_ISALES_URL", url.as_str()),
        ("CEC_AK", "demo-ak"),
        ("CEC_SK", "demo-sk"),
    ];
    let run = cec(
        &[
            "call-result-detail",
            "--vdn-id",
            "8",
            "--call-id",
            "1644464743-1388",
        ],
        &env,
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["data"]["resultCode"], "OB99999");
    child.kill().await.unwrap();
}

#[tokio::test]
async fn simulate_refuses_bad_fault_rates() {
    let run = cec(&["simulate", "--port", "0", "--error-rate", "2"], &[]).await;
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("--error-rate 2: give a share from 0 to 1"),
        "{}",
        run.stderr
    );
}

#[tokio::test]
async fn a_bad_signing_profile_exits_2_listing_what_is_allowed() {
    // The words of every helper (tests/signing-vectors/profile-text.json).
    let allowed = huawei_cec::auth::PROFILE_SYNTAX;
    for (args, env, says) in [
        (
            vec!["--signing-profile", "ts=hours", "external-result"],
            vec![],
            "signing profile knob ts=\"hours\" is not allowed: ts is millis or seconds".to_owned(),
        ),
        (
            vec!["external-result"],
            vec![("CEC_SIGNING_PROFILE", "javademo")],
            format!("signing profile \"javademo\" is not understood: {allowed}"),
        ),
    ] {
        let mut args = args;
        args.extend(["--vdn-id", "40", "--def-id", "7"]);
        let run = cec(&args, &env).await;
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stderr.contains(&says), "{says}: {}", run.stderr);
    }
    for allowed in [
        "'documented', 'java-demo'",
        "ts=millis|seconds",
        "query-line=keep|omit",
        "headers=standard|host",
        "host=port|no-port",
    ] {
        assert!(
            huawei_cec::auth::PROFILE_SYNTAX.contains(allowed),
            "{allowed}"
        );
    }
}

#[tokio::test]
async fn explain_signature_shows_the_signing_profile_and_the_profile_is_used() {
    let server = signed_server(|_| Reply::raw(200, &page("external_result.response.json"))).await;
    let env = signed_env(&server.url);
    let mut env = as_refs(&env);
    env.push(("CEC_SIGNING_PROFILE", "java-demo"));
    let run = cec(
        &[
            "--explain-signature",
            "external-result",
            "--vdn-id",
            "40",
            "--def-id",
            "7",
        ],
        &env,
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    for shown in [
        "java-demo (ts=seconds,query-line=omit,headers=host,host=no-port)",
        "GET\n/rest/isales/v1/openapi/campaigns/40/7/queryObsResultDetail\nhost\nhost:127.0.0.1\n",
    ] {
        assert!(run.stderr.contains(shown), "{shown:?} in {}", run.stderr);
    }
    let received = server.single();
    assert_eq!(received.header("host"), Some("127.0.0.1"));
    let auth = received.header("authorization").unwrap();
    assert_eq!(auth.split('/').nth(3), Some("host"), "{auth}");
}

/// Starts `cec simulate` with `args` (and `env`) and returns it with its URL.
pub(crate) async fn simulate(
    args: &[&str],
    env: &[(&str, &str)],
) -> (tokio::process::Child, String) {
    use tokio::io::AsyncBufReadExt;
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_cec"));
    for (name, _) in std::env::vars() {
        if name.starts_with("CEC_") {
            command.env_remove(name);
        }
    }
    let mut child = command
        .args(["simulate", "--port", "0"])
        .args(args)
        .envs(env.iter().copied())
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = tokio::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let first = tokio::time::timeout(std::time::Duration::from_secs(30), lines.next_line())
        .await
        .unwrap()
        .unwrap()
        .expect("the simulator prints its URL");
    let url = first
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .unwrap()
        .to_owned();
    // Keep reading its output so that it never blocks on a full pipe.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    (child, url)
}

#[tokio::test]
async fn simulate_insists_on_the_signing_profile_given_on_its_command_line_only() {
    let call = |url: String, profile: &'static str| async move {
        let env = [
            ("CEC_ISALES_URL", url.as_str()),
            ("CEC_AK", "demo-ak"),
            ("CEC_SK", "demo-sk"),
            ("CEC_SIGNING_PROFILE", profile),
        ];
        let args = [
            "call-result-detail",
            "--vdn-id",
            "8",
            "--call-id",
            "1644464743-1388",
        ];
        cec(&args, &env).await
    };
    let (mut strict, url) = simulate(&["--signing-profile", "documented"], &[]).await;
    let accepted = call(url.clone(), "documented").await;
    assert_eq!(accepted.code, 0, "{}", accepted.stderr);
    let refused = call(url, "java-demo").await;
    assert_eq!(refused.code, 1);
    for needle in [
        "HTTP 401",
        "signed with the signing profile java-demo",
        "cec doctor",
        "accepts only the signing profile documented",
    ] {
        assert!(
            refused.stderr.contains(needle),
            "{needle}: {}",
            refused.stderr
        );
    }
    strict.kill().await.unwrap();

    // CEC_SIGNING_PROFILE configures the client, not the simulator: it accepts every profile.
    let (mut lenient, url) = simulate(&[], &[("CEC_SIGNING_PROFILE", "documented")]).await;
    let run = call(url, "java-demo").await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    lenient.kill().await.unwrap();
}
