//! The `cec` binary, run as a real process against real HTTP servers on loopback.

#![cfg(feature = "cli")]

#[path = "../common/mod.rs"]
mod common;

mod batch;
mod docs;
mod doctor;
mod output;
mod profiles;
mod token;

use std::path::PathBuf;

use common::page;

use common::{Recorded, Reply, TestServer, verify_auth_v2};
use serde_json::{Value, json};

const AK: &str = "cli-ak";
const SK: &str = "cli-sk-SECRET";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", self.stdout))
    }

    /// Stdout as NDJSON: one object a line.
    fn ndjson(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|line| {
                serde_json::from_str(line)
                    .unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}"))
            })
            .collect()
    }
}

/// A directory of its own for one test's files, empty.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn cec(args: &[&str], env: &[(&str, &str)]) -> Run {
    cec_with_input(args, env, None).await
}

/// Runs `cec` with only the given `CEC_*` variables, and no config file unless the test
/// points at one (`XDG_CONFIG_HOME` is an empty directory of the test's own).
async fn cec_with_input(args: &[&str], env: &[(&str, &str)], stdin: Option<&[u8]>) -> Run {
    use tokio::io::AsyncWriteExt;
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_cec"));
    for (name, _) in std::env::vars() {
        // The servers are on loopback: no proxy of the environment is in the way.
        let proxy = name.to_ascii_lowercase().ends_with("_proxy");
        if name.starts_with("CEC_") || name == "RUST_LOG" || proxy {
            command.env_remove(name);
        }
    }
    let no_config = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-no-config");
    command
        .env("XDG_CONFIG_HOME", &no_config)
        .args(args)
        .envs(env.iter().copied())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true);
    let mut child = command.spawn().expect("cec ran");
    let mut input = child.stdin.take().unwrap();
    if let Some(stdin) = stdin {
        input.write_all(stdin).await.unwrap();
    }
    drop(input);
    let output = tokio::time::timeout(std::time::Duration::from_secs(60), child.wait_with_output())
        .await
        .expect("cec finished in time")
        .expect("cec ran");
    let run = Run {
        code: output
            .status
            .code()
            .expect("exited, not killed by a signal"),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "cec panicked: {}",
        run.stderr
    );
    run
}

async fn signed_server(reply: fn(&Recorded) -> Reply) -> TestServer {
    TestServer::with_handler(move |r: &Recorded| match verify_auth_v2(r, AK, SK) {
        Ok(()) => reply(r),
        Err(why) => Reply::json(401, &json!({"error": why.to_string()})),
    })
    .await
}

fn signed_env(url: &str) -> Vec<(&'static str, String)> {
    vec![
        ("CEC_ISALES_URL", url.to_owned()),
        ("CEC_CMS_URL", url.to_owned()),
        ("CEC_AK", AK.into()),
        ("CEC_SK", SK.into()),
    ]
}

/// The settings of every server of an in-process simulator, as `CEC_*` variables.
fn sim_env(sim: &huawei_cec::simulator::RunningSimulator) -> Vec<(&'static str, String)> {
    let url = sim.url();
    let c = sim.credentials();
    vec![
        ("CEC_ISALES_URL", url.clone()),
        ("CEC_CMS_URL", url.clone()),
        ("CEC_APIACCESS_URL", url),
        ("CEC_AK", c.access_key.clone()),
        ("CEC_SK", c.secret_key.clone()),
        ("CEC_APP_KEY", c.app_key.clone()),
        ("CEC_APP_SECRET", c.app_secret.clone()),
    ]
}

fn as_refs<'a>(env: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    env.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test]
async fn call_result_detail_prints_the_reply_as_json() {
    let server =
        signed_server(|_| Reply::raw(200, &page("call_result_detail.response.json"))).await;
    let env = signed_env(&server.url);
    let run = cec(
        &[
            "call-result-detail",
            "--vdn-id",
            "8",
            "--call-id",
            "1644464743-1388",
        ],
        &as_refs(&env),
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let reply = run.json();
    assert_eq!(reply["data"]["callId"], "1644464743-1388");
    assert_eq!(
        reply["data"]["callStatus"], 6,
        "a number, though the server sent \"6\""
    );
    assert_eq!(
        server.single().uri.path(),
        "/rest/isales/v1/openapi/campaigns/8/callresultdetail/1644464743-1388"
    );
}

#[tokio::test]
async fn options_work_as_well_as_the_environment() {
    let server = signed_server(|_| Reply::raw(200, &page("external_result.response.json"))).await;
    let run = cec(
        &[
            "external-result",
            "--vdn-id",
            "40",
            "--def-id",
            "1402245659",
            "--isales-url",
            &server.url,
            "--ak",
            AK,
            "--sk",
            SK,
        ],
        &[],
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["obResult"]["resultMapList"][0]["vdnId"], 40);
}

#[tokio::test]
async fn cdr_needs_a_direction_and_sends_it() {
    let server = signed_server(|_| Reply::raw(200, &page("cdr_by_call_id.response.json"))).await;
    let env = signed_env(&server.url);
    let run = cec(
        &["cdr", "--cc-id", "1", "--call-id", "1000000000-0001"],
        &as_refs(&env),
    )
    .await;
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--inbound|--outbound"),
        "{}",
        run.stderr
    );
    let run = cec(
        &[
            "cdr",
            "--cc-id",
            "1",
            "--call-id",
            "1000000000-0001",
            "--outbound",
        ],
        &as_refs(&env),
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["resultDatas"]["agentId"], 100);
    let body: Value = serde_json::from_slice(&server.single().body).unwrap();
    assert_eq!(
        body,
        json!({"queryParam": {"ccId": 1, "isCallin": "false", "callId": "1000000000-0001"}})
    );
}

#[tokio::test]
async fn call_records_obtains_a_token_and_prints_the_records() {
    let server = TestServer::with_handler(|r: &Recorded| {
        if r.uri.path().ends_with("tokenByAkSk") {
            Reply::json(200, &json!({"AccessToken": "cli-token", "Expires": "600"}))
        } else if r.header("authorization") == Some("Bearer cli-token") {
            Reply::raw(200, &page("call_records.response.json"))
        } else {
            Reply::json(401, &json!({}))
        }
    })
    .await;
    let env = [
        ("CEC_APIACCESS_URL", server.url.as_str()),
        ("CEC_APP_KEY", "k"),
        ("CEC_APP_SECRET", "s"),
    ];
    let run = cec(
        &[
            "call-records",
            "--sub-cc-no",
            "1",
            "--vdn",
            "1",
            "--begin-date",
            "1658102400000",
            "--media-type",
            "5",
        ],
        &env,
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["total"], 2);
    let call: Value = serde_json::from_slice(&server.received()[1].body).unwrap();
    assert_eq!(
        call,
        json!({"subCcNo": "1", "vdn": "1", "beginDate": "1658102400000", "mediaType": "5"})
    );
}

#[tokio::test]
async fn update_reserved_result_sends_every_option() {
    let server =
        signed_server(|_| Reply::raw(200, &page("update_reserved_result.response.json"))).await;
    let env = signed_env(&server.url);
    let args = [
        "update-reserved-result",
        "--vdn-id",
        "8",
        "--appoint-id",
        "174738152455111432454674595509",
        "--user-account",
        "agent01",
        "--work-no",
        "1001",
        "--caller-no",
        "88880000",
        "--fail-code",
        "00000",
        "--call-id",
        "1747316188-341779",
        "--busi-result",
        "17549503",
        "--busi-sub-status",
        "17124429",
        "--begin-time",
        "1747220297000",
        "--end-time",
        "1747220365000",
    ];
    let run = cec(&args, &as_refs(&env)).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["resultDesc"], "update success");
    let body: Value = serde_json::from_slice(&server.single().body).unwrap();
    assert_eq!(
        body,
        json!({"appointId": "174738152455111432454674595509", "userAccount": "agent01", "workNo": "1001",
               "callerNo": "88880000", "failCode": "00000", "callId": "1747316188-341779",
               "busiResult": "17549503", "busiSubStatus": "17124429",
               "beginTime": 1747220297000i64, "endTime": 1747220365000i64})
    );
}

#[tokio::test]
async fn invalid_input_exits_2_and_sends_nothing() {
    let server = TestServer::start([]).await;
    let env = signed_env(&server.url);
    let cases: &[(&[&str], &str)] = &[
        (
            &["call-result-detail", "--vdn-id", "0", "--call-id", "x"],
            "ranging from 1 to 9999",
        ),
        (
            &["call-result-detail", "--vdn-id", "10000", "--call-id", "x"],
            "ranging from 1 to 9999",
        ),
        (
            &["call-result-detail", "--vdn-id", "nine", "--call-id", "x"],
            "invalid value 'nine'",
        ),
        (
            &["call-result-detail", "--vdn-id", "1", "--call-id", ""],
            "callId: is empty",
        ),
        (
            &["cdr", "--cc-id", "65536", "--call-id", "x", "--inbound"],
            "ranges from 1 to 65535",
        ),
        (&["external-result", "--vdn-id", "1"], "--def-id"),
        (
            &[
                "update-reserved-result",
                "--vdn-id",
                "1",
                "--appoint-id",
                "",
            ],
            "appointId",
        ),
        (
            &["call-records", "--sub-cc-no", "1", "--vdn", "1"],
            "set callId, or beginDate or endDate",
        ),
        (
            &[
                "call-records",
                "--sub-cc-no",
                "1",
                "--vdn",
                "1",
                "--begin-date",
                "yesterday",
            ],
            "epoch milliseconds",
        ),
        (
            &[
                "call-result-detail",
                "--vdn-id",
                "1",
                "--call-id",
                "x",
                "--timeout",
                "0",
            ],
            "--timeout 0",
        ),
    ];
    for (args, expected) in cases {
        let run = cec(args, &as_refs(&env)).await;
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains(expected),
            "{args:?}: expected {expected:?} in {}",
            run.stderr
        );
        assert!(run.stdout.is_empty());
    }
    let run = cec(
        &["call-result-detail", "--vdn-id", "1", "--call-id", "x"],
        &[("CEC_AK", AK), ("CEC_SK", SK)],
    )
    .await;
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("CEC_ISALES_URL"), "{}", run.stderr);
    let run = cec(
        &["call-result-detail", "--vdn-id", "1", "--call-id", "x"],
        &[("CEC_AK", AK)],
    )
    .await;
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("give both --ak and --sk"),
        "{}",
        run.stderr
    );
    assert!(server.received().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn api_auth_and_transport_errors_exit_1_with_the_error() {
    let server = signed_server(|_| {
        Reply::json(
            200,
            &json!({"resultCode": "0200007", "resultDesc": "The call record ID does not exist."}),
        )
    })
    .await;
    let env = signed_env(&server.url);
    let run = cec(
        &["call-result-detail", "--vdn-id", "8", "--call-id", "nope"],
        &as_refs(&env),
    )
    .await;
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("0200007") && run.stderr.contains("The call record ID does not exist."),
        "{}",
        run.stderr
    );

    let mut wrong = signed_env(&server.url);
    wrong[3].1 = "not-the-secret".into();
    let run = cec(
        &["external-result", "--vdn-id", "8", "--def-id", "1"],
        &as_refs(&wrong),
    )
    .await;
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("authentication failed (HTTP 401)") && run.stderr.contains("clock"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("not-the-secret"));

    let closed = common::closed_port_url().await;
    let run = cec(
        &[
            "external-result",
            "--vdn-id",
            "8",
            "--def-id",
            "1",
            "--retries",
            "0",
        ],
        &as_refs(&signed_env(&closed)),
    )
    .await;
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("connection failed"), "{}", run.stderr);
}

#[tokio::test]
async fn a_garbled_reply_is_an_error_not_a_panic() {
    let server = signed_server(|_| Reply::raw(200, b"\x00\xff{{{ not json")).await;
    let env = signed_env(&server.url);
    let run = cec(
        &["call-result-detail", "--vdn-id", "8", "--call-id", "x"],
        &as_refs(&env),
    )
    .await;
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("undecodable reply"), "{}", run.stderr);
}

#[tokio::test]
async fn explain_signature_prints_the_canonical_request_but_not_the_secret() {
    let server = signed_server(|_| Reply::raw(200, &page("external_result.response.json"))).await;
    let env = signed_env(&server.url);
    let run = cec(
        &[
            "--explain-signature",
            "external-result",
            "--vdn-id",
            "40",
            "--def-id",
            "7",
        ],
        &as_refs(&env),
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("auth-v2 canonical request"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("/rest/isales/v1/openapi/campaigns/40/7/queryObsResultDetail"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("content-type:application%2Fjson%3B%20charset%3DUTF-8"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains(SK));
}

#[tokio::test]
async fn help_does_not_show_secret_values_from_the_environment() {
    let run = cec(
        &["--help"],
        &[("CEC_SK", SK), ("CEC_APP_SECRET", "app-SECRET")],
    )
    .await;
    assert_eq!(run.code, 0);
    for command in [
        "call-result-detail",
        "external-result",
        "cdr",
        "call-records",
        "update-reserved-result",
    ] {
        assert!(run.stdout.contains(command), "{command} in help");
    }
    assert!(
        !run.stdout.contains(SK) && !run.stdout.contains("app-SECRET"),
        "{}",
        run.stdout
    );
}

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
    assert_eq!(operations[0]["reply"]["data"]["callStatus"], 6);
    assert_eq!(out["tokenRequests"], 1);
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
    for (args, env) in [
        (
            vec!["--signing-profile", "ts=hours", "external-result"],
            vec![],
        ),
        (
            vec!["external-result"],
            vec![("CEC_SIGNING_PROFILE", "javademo")],
        ),
    ] {
        let mut args = args;
        args.extend(["--vdn-id", "40", "--def-id", "7"]);
        let run = cec(&args, &env).await;
        assert_eq!(run.code, 2, "{}", run.stderr);
        for allowed in [
            "documented, java-demo",
            "ts=millis|seconds",
            "query-line=keep|omit",
            "headers=standard|host",
            "host=port|no-port",
        ] {
            assert!(run.stderr.contains(allowed), "{allowed}: {}", run.stderr);
        }
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
async fn simulate(args: &[&str], env: &[(&str, &str)]) -> (tokio::process::Child, String) {
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
