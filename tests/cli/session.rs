//! Issue 18 end to end with the real recorder: the five `cec` commands recorded with
//! `--record` against the simulator, the cassettes checked by `cec conformance`, and the same
//! commands run against `cec simulate --replay` of each: the same output, masked values
//! aside. Every program here is the real `cec` binary as a process; the live simulator runs
//! in the test's process so that the tokens and signatures it received can be searched for.
//!
//! Each command records its own cassette (`--record FILE` replaces a cassette: its masks come
//! from a key made for it and never written, so a later run could not continue them), and
//! each cassette is replayed by a `cec simulate --replay` of its own. What differs between
//! the live and the replayed output is exactly the values of the keys the spec marks
//! `x-personal-data` (`called`, `callerNo`, `calleeNo`: another value of the same shape;
//! `recordPath`: its host and path of the same shape, its query `?[REDACTED]`), and nothing
//! else: the test lists the pointers.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use huawei_cec::simulator::{RunningSimulator, Simulator};
use tokio::io::{AsyncBufReadExt, BufReader, Lines};
use tokio::process::{Child, ChildStdout};

use super::*;

/// The five commands, one per operation, with arguments the simulator's data answers.
pub(crate) const COMMANDS: [&[&str]; 5] = [
    &[
        "call-result-detail",
        "--vdn-id",
        "8",
        "--call-id",
        "1644464743-1388",
    ],
    &[
        "external-result",
        "--vdn-id",
        "40",
        "--def-id",
        "1402245659",
    ],
    &[
        "cdr",
        "--cc-id",
        "1",
        "--call-id",
        "1000000000-0001",
        "--inbound",
    ],
    &[
        "call-records",
        "--sub-cc-no",
        "1",
        "--vdn",
        "1",
        "--call-id",
        "1669464198-17002955",
    ],
    &[
        "update-reserved-result",
        "--vdn-id",
        "8",
        "--appoint-id",
        "174738152455111432454674595509",
        "--fail-code",
        "00000",
    ],
];

/// The keys the spec marks `x-personal-data`, as the commands print them.
const PERSONAL: [&str; 4] = ["callerNo", "calleeNo", "called", "recordPath"];

/// `cec simulate --replay FILE` as a process: the process, its URL, its stdout.
pub(crate) async fn replaying(file: &Path) -> (Child, String, Lines<BufReader<ChildStdout>>) {
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_cec"))
        .args(["simulate", "--port", "0", "--replay"])
        .arg(file)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert!(first.contains("replaying"), "{first}");
    let url = first
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .unwrap()
        .to_owned();
    (child, url, lines)
}

/// The demo credentials of a replaying simulator, at `url`.
pub(crate) fn replay_env(url: &str) -> Vec<(&'static str, String)> {
    vec![
        ("CEC_ISALES_URL", url.to_owned()),
        ("CEC_CMS_URL", url.to_owned()),
        ("CEC_APIACCESS_URL", url.to_owned()),
        ("CEC_AK", "demo-ak".into()),
        ("CEC_SK", "demo-sk".into()),
        ("CEC_APP_KEY", "demo-app-key".into()),
        ("CEC_APP_SECRET", "demo-app-secret".into()),
    ]
}

/// The secrets the simulator saw: its SK and app secret, every token and every signature.
fn secrets_seen(sim: &RunningSimulator) -> Vec<String> {
    let c = sim.credentials();
    let mut secrets = vec![c.secret_key.clone(), c.app_secret.clone()];
    let mut tokens = 0;
    let mut signatures = 0;
    for request in sim.requests() {
        let Some(auth) = request.header("authorization") else {
            continue;
        };
        if let Some(token) = auth.strip_prefix("Bearer ") {
            tokens += 1;
            secrets.push(token.trim().to_owned());
        } else {
            let signature = auth.rsplit('/').next().unwrap();
            assert_eq!(signature.len(), 64, "{auth}");
            signatures += 1;
            secrets.push(signature.to_owned());
        }
    }
    // Each command ran twice (plain and recorded): four signed operations, one with the
    // token (the token request sends the app secret in its body).
    assert_eq!((signatures, tokens), (8, 2), "{:?}", sim.requests());
    secrets
}

/// Where `live` and `replayed` differ, as JSON pointers: at a personal-data key, a value of
/// the same shape (a digit for a digit, a letter for a letter) that is not the same value;
/// anywhere else, nothing.
fn masked_differences(pointer: &str, live: &Value, replayed: &Value, out: &mut Vec<String>) {
    match (live, replayed) {
        (Value::Object(a), Value::Object(b)) => {
            assert_eq!(
                a.keys().collect::<Vec<_>>(),
                b.keys().collect::<Vec<_>>(),
                "{pointer}"
            );
            for (key, x) in a {
                let here = format!("{pointer}/{key}");
                if PERSONAL.contains(&key.as_str()) && x != &Value::Null {
                    assert_ne!(x, &b[key], "{here}: not masked");
                    let (x, y) = if key == "recordPath" {
                        // A recording link's query (a signed link's credentials) is not
                        // masked but removed: `?[REDACTED]`.
                        let (x, _) = x.as_str().unwrap().split_once('?').unwrap();
                        let y = b[key].as_str().unwrap().strip_suffix("?[REDACTED]");
                        (json!(x), json!(y.expect("the link's query removed")))
                    } else {
                        (x.clone(), b[key].clone())
                    };
                    assert_eq!(shape(&x), shape(&y), "{here}: {x} and {y}");
                    out.push(here);
                } else {
                    masked_differences(&here, x, &b[key], out);
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            assert_eq!(a.len(), b.len(), "{pointer}");
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                masked_differences(&format!("{pointer}/{i}"), x, y, out);
            }
        }
        (a, b) => assert_eq!(a, b, "{pointer}"),
    }
}

/// A value's shape: `9` for a digit, `a` for a letter, other characters as they are.
fn shape(value: &Value) -> String {
    let text = match value {
        Value::String(s) => s.clone(),
        other => format!("number {other}"),
    };
    text.chars()
        .map(|c| match c {
            c if c.is_ascii_digit() => '9',
            c if c.is_alphabetic() => 'a',
            c => c,
        })
        .collect()
}

/// Every string and number under a personal-data key.
fn personal_values(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                if PERSONAL.contains(&key.as_str()) {
                    match value {
                        Value::String(s) if !s.is_empty() => out.push(s.clone()),
                        Value::Number(n) => out.push(n.to_string()),
                        _ => {}
                    }
                } else {
                    personal_values(value, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| personal_values(v, out)),
        _ => {}
    }
}

#[tokio::test]
async fn five_commands_recorded_checked_and_replayed_with_the_real_recorder() {
    let live = Simulator::builder().calls(200).start().await.unwrap();
    let env = sim_env(&live);
    let dir = scratch("session-five");
    let mut recorded = Vec::new();
    let mut cassettes = Vec::new();
    let mut all_text = String::new();
    for (i, args) in COMMANDS.iter().enumerate() {
        let file = dir.join(format!("{}.cassette", args[0]));
        let plain = cec(args, &as_refs(&env)).await;
        assert_eq!(plain.code, 0, "{args:?}: {}", plain.stderr);
        let mut with = vec!["--record", file.to_str().unwrap()];
        with.extend_from_slice(args);
        let run = cec(&with, &as_refs(&env)).await;
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        // Recording changes nothing of what the command prints.
        assert_eq!(run.stdout, plain.stdout, "{args:?}");
        let exchanges = if i == 3 { 2 } else { 1 };
        assert!(
            run.stderr.contains(&format!(
                "recorded {exchanges} exchange{} to {}",
                if exchanges == 1 { "" } else { "s" },
                file.display()
            )),
            "{args:?}: {}",
            run.stderr
        );
        all_text.push_str(&std::fs::read_to_string(&file).unwrap());
        recorded.push(run.json());
        cassettes.push(file);
    }

    // Nothing secret, and no personal value as it was.
    let mut secrets = secrets_seen(&live);
    secrets.extend(["demo-sk".to_owned(), "demo-app-secret".to_owned()]);
    for secret in &secrets {
        assert!(
            !all_text.contains(secret.as_str()),
            "{secret} in a cassette:\n{all_text}"
        );
    }
    let mut personal = Vec::new();
    recorded
        .iter()
        .for_each(|r| personal_values(r, &mut personal));
    // The called number of getCallResultDetail, the caller and callee of the CDR and of
    // the call records, the recording link.
    assert!(personal.len() >= 5, "{personal:?}");
    for value in &personal {
        // As a JSON string or number anywhere; a long one (a phone number, a link) as a
        // part of any text too (a short one, `10000`, is also a part of a call's ID).
        let found = all_text.contains(&format!("\"{value}\""))
            || all_text.contains(&format!(":{value},"))
            || all_text.contains(&format!(":{value}}}"))
            || (value.len() >= 8 && all_text.contains(value.as_str()));
        assert!(!found, "{value} unmasked in a cassette:\n{all_text}");
    }
    drop(live);

    // Every reply conforms (CC-CMS's result code is a note: its page lists none).
    for file in &cassettes {
        let run = cec(&["conformance", file.to_str().unwrap()], &[]).await;
        assert_eq!(
            run.code,
            0,
            "{}: {}{}",
            file.display(),
            run.stdout,
            run.stderr
        );
        assert!(
            run.stdout.contains("every reply conforms to the spec"),
            "{}",
            run.stdout
        );
    }

    // Replayed: the same output, the masked values aside.
    let mut masked = Vec::new();
    for ((args, file), want) in COMMANDS.iter().zip(&cassettes).zip(&recorded) {
        let (mut child, url, _lines) = replaying(file).await;
        let env = replay_env(&url);
        let run = cec(args, &as_refs(&env)).await;
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        let mut differ = Vec::new();
        masked_differences("", want, &run.json(), &mut differ);
        masked.push((args[0], differ));
        child.kill().await.unwrap();
    }
    let masked: Vec<(&str, Vec<&str>)> = masked
        .iter()
        .map(|(command, d)| (*command, d.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(
        masked,
        [
            (
                "call-result-detail",
                vec!["/data/called", "/data/recordPath"]
            ),
            ("external-result", vec![]),
            (
                "cdr",
                // The CDR is printed once (the payload: `resultDatas`, else `resultDesc`).
                vec!["/resultDatas/calleeNo", "/resultDatas/callerNo"]
            ),
            (
                "call-records",
                vec!["/results/0/calleeNo", "/results/0/callerNo"]
            ),
            ("update-reserved-result", vec![]),
        ]
    );
}

const DETAIL: [&str; 5] = [
    "call-result-detail",
    "--vdn-id",
    "8",
    "--call-id",
    "1644464743-1388",
];

/// A reply of getCallResultDetail as the simulator sends it, and a key the spec does not
/// declare.
fn detail_with_a_surprise(_: &Recorded) -> Reply {
    Reply::json(
        200,
        &json!({
            "resultCode": "0200000",
            "resultDesc": "Query Success!",
            "returnCode": "0200000",
            "returnDesc": "Query Success!",
            "data": {
                "callId": "1644464743-1388",
                "callStatus": "6",
                "called": "88881955",
                "failCode": "00000",
                "resultCode": "OB99999",
                "vdnId": 8,
                "surprise": 1,
            },
        }),
    )
}

#[tokio::test]
async fn check_reports_each_reply_against_the_spec_as_it_comes() {
    // The simulator's replies conform: exit 0, the output as without --check.
    let sim = Simulator::start().await.unwrap();
    let env = sim_env(&sim);
    let dir = scratch("session-check");
    let file = dir.join("checked.cassette");
    let plain = cec(&DETAIL, &as_refs(&env)).await;
    let mut args = vec!["--record", file.to_str().unwrap(), "--check"];
    args.extend(DETAIL);
    let run = cec(&args, &as_refs(&env)).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, plain.stdout);
    assert!(
        run.stderr.contains(
            "checked 1 replies against the spec: 0 errors, 0 warnings, 0 notes: every reply \
             conforms to the spec"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("conformance:"), "{}", run.stderr);

    // A server that sends a key the spec does not declare: the command's output is intact,
    // the finding is on stderr as it came, and the exit status is 1.
    let server = signed_server(detail_with_a_surprise).await;
    let env = signed_env(&server.url);
    let plain = cec(&DETAIL, &as_refs(&env)).await;
    assert_eq!(plain.code, 0, "{}", plain.stderr);
    let run = cec(&args, &as_refs(&env)).await;
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stdout, plain.stdout);
    assert!(
        run.stderr.contains(
            "conformance: exchange 1 (getCallResultDetail): warning undeclared-key at \
             /body/json/data/surprise"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "checked 1 replies against the spec: 0 errors, 1 warnings, 0 notes: a reply \
             differs from the spec"
        ),
        "{}",
        run.stderr
    );
    // The cassette says the same to cec conformance.
    let again = cec(&["conformance", file.to_str().unwrap()], &[]).await;
    assert_eq!(again.code, 1, "{}", again.stdout);
    assert!(
        again.stdout.contains("/body/json/data/surprise"),
        "{}",
        again.stdout
    );

    // A command that fails keeps its own exit status (2: bad input, nothing sent).
    let run = cec(
        &[
            "--record",
            file.to_str().unwrap(),
            "--check",
            "call-result-detail",
            "--vdn-id",
            "0",
            "--call-id",
            "1",
        ],
        &as_refs(&env),
    )
    .await;
    assert_eq!(run.code, 2, "{}", run.stderr);

    // --check without --record.
    let run = cec(
        &[
            "--check",
            "call-result-detail",
            "--vdn-id",
            "8",
            "--call-id",
            "1",
        ],
        &as_refs(&env),
    )
    .await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("--check checks the replies recorded to the cassette of --record FILE"),
        "{}",
        run.stderr
    );
}

#[tokio::test]
async fn conformance_never_records_even_when_asked_to() {
    let sim = Simulator::start().await.unwrap();
    let env = sim_env(&sim);
    let dir = scratch("session-conformance-no-record");
    let file = dir.join("detail.cassette");
    let mut args = vec!["--record", file.to_str().unwrap()];
    args.extend(DETAIL);
    assert_eq!(cec(&args, &as_refs(&env)).await.code, 0);
    let before = std::fs::read(&file).unwrap();
    let path = file.to_str().unwrap();

    // --record naming the cassette it reads: read, not replaced.
    for args in [
        vec!["--record", path, "conformance", path],
        vec!["conformance", path, "--record", path, "--check"],
    ] {
        let run = cec(&args, &[]).await;
        assert_eq!(run.code, 0, "{args:?}: {}{}", run.stdout, run.stderr);
        assert!(
            run.stdout.contains("1 exchange (1 with a reply)"),
            "{}",
            run.stdout
        );
        assert!(!run.stderr.contains("recorded"), "{}", run.stderr);
        assert_eq!(std::fs::read(&file).unwrap(), before, "{args:?}");
    }
    // CEC_RECORD: no file made.
    let other = dir.join("other.cassette");
    let run = cec(
        &["conformance", path],
        &[("CEC_RECORD", other.to_str().unwrap())],
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!other.exists());
    // Nor appended to.
    std::fs::copy(&file, &other).unwrap();
    let run = cec(
        &["conformance", path],
        &[("CEC_RECORD", other.to_str().unwrap())],
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(std::fs::read(&other).unwrap(), before);
}
