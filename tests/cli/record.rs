//! `cec --record FILE` (and `CEC_RECORD`, `--record-personal-data`, `cec doctor --record`):
//! the real binary against the in-process simulator; the cassette read back with the crate's
//! reader and searched for the secrets the simulator saw.

use std::time::Duration;

use huawei_cec::cassette::{Cassette, PersonalData};
use huawei_cec::simulator::{Faults, RunningSimulator, Simulator};

use super::*;

/// The tokens and signatures the simulator received, and the demo credentials' secrets.
fn secrets_seen(sim: &RunningSimulator) -> Vec<String> {
    let c = sim.credentials();
    let mut secrets = vec![c.secret_key.clone(), c.app_secret.clone()];
    for request in sim.requests() {
        if let Some(auth) = request.header("authorization") {
            let secret = auth
                .strip_prefix("Bearer ")
                .unwrap_or_else(|| auth.rsplit('/').next().unwrap());
            secrets.push(secret.to_owned());
        }
    }
    secrets
}

fn assert_holds_none(text: &str, secrets: &[String]) {
    for secret in secrets {
        assert!(
            !text.contains(secret.as_str()),
            "{secret} in the cassette:\n{text}"
        );
    }
}

#[tokio::test]
async fn a_recorded_command_prints_what_it_prints_without_and_records_it() {
    let sim = Simulator::start().await.unwrap();
    let env = sim_env(&sim);
    let path = scratch("record-detail").join("detail.cassette");
    let args = [
        "call-result-detail",
        "--vdn-id",
        "8",
        "--call-id",
        "1644464743-1388",
    ];
    let plain = cec(&args, &as_refs(&env)).await;
    let mut recording = vec!["--record", path.to_str().unwrap()];
    recording.extend(args);
    let recorded = cec(&recording, &as_refs(&env)).await;
    assert_eq!(recorded.code, 0, "{}", recorded.stderr);
    assert_eq!(recorded.stdout, plain.stdout);
    assert!(
        recorded.stderr.contains(&format!(
            "recorded 1 exchange to {} (secrets removed, personal data masked)",
            path.display()
        )),
        "{}",
        recorded.stderr
    );
    let text = std::fs::read_to_string(&path).unwrap();
    let cassette = Cassette::from_path(&path).unwrap();
    assert_eq!(
        cassette.header.note.as_deref(),
        Some("cec call-result-detail")
    );
    assert_eq!(cassette.exchanges.len(), 1);
    assert_eq!(cassette.exchanges[0].operation, "getCallResultDetail");
    assert_holds_none(&text, &secrets_seen(&sim));
    // The page example's called number, in the reply, masked.
    assert!(plain.stdout.contains("88881955"));
    assert!(!text.contains("88881955"), "{text}");
}

#[tokio::test]
async fn cec_record_and_personal_data_kept_from_the_environment_and_options() {
    let sim = Simulator::start().await.unwrap();
    let mut env = sim_env(&sim);
    let path = scratch("record-env").join("records.cassette");
    env.push(("CEC_RECORD", path.to_str().unwrap().to_owned()));
    let run = cec(
        &[
            "--record-personal-data",
            "call-records",
            "--sub-cc-no",
            "1",
            "--vdn",
            "1",
            "--call-id",
            "1669464198-17002955",
        ],
        &as_refs(&env),
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("personal data KEPT"), "{}", run.stderr);
    let text = std::fs::read_to_string(&path).unwrap();
    let cassette = Cassette::from_path(&path).unwrap();
    assert_eq!(cassette.header.personal_data, PersonalData::Kept);
    let operations: Vec<&str> = cassette
        .exchanges
        .iter()
        .map(|e| e.operation.as_str())
        .collect();
    assert_eq!(operations, ["createToken", "queryCallRecords"]);
    assert!(text.contains("13800000000"), "kept: {text}");
    assert_holds_none(&text, &secrets_seen(&sim));
}

#[tokio::test]
async fn a_config_profile_can_record() {
    let sim = Simulator::start().await.unwrap();
    let env = sim_env(&sim);
    let dir = scratch("record-profile");
    let path = dir.join("profile.cassette");
    let config = dir.join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[profiles.default]\nrecord = {:?}\nrecord-personal-data = true\n",
            path.to_str().unwrap()
        ),
    )
    .unwrap();
    let mut env = as_refs(&env);
    env.push(("CEC_CONFIG", config.to_str().unwrap()));
    let run = cec(
        &[
            "external-result",
            "--vdn-id",
            "40",
            "--def-id",
            "1402245659",
        ],
        &env,
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let cassette = Cassette::from_path(&path).unwrap();
    assert_eq!(cassette.header.personal_data, PersonalData::Kept);
    assert_eq!(cassette.exchanges.len(), 1);
}

#[tokio::test]
async fn a_cassette_that_cannot_be_written_exits_2_before_sending() {
    let sim = Simulator::start().await.unwrap();
    let env = sim_env(&sim);
    let path = scratch("record-bad").join("no-such-dir/x.cassette");
    let run = cec(
        &[
            "--record",
            path.to_str().unwrap(),
            "external-result",
            "--vdn-id",
            "40",
            "--def-id",
            "1402245659",
        ],
        &as_refs(&env),
    )
    .await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(&path.display().to_string())
            && run.stderr.contains("No such file or directory"),
        "{}",
        run.stderr
    );
    assert!(sim.requests().is_empty());
    let run = cec(
        &[
            "--record-personal-data",
            "external-result",
            "--vdn-id",
            "1",
            "--def-id",
            "1",
        ],
        &as_refs(&env),
    )
    .await;
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("give --record FILE"), "{}", run.stderr);
    assert!(sim.requests().is_empty());
}

#[tokio::test]
async fn doctor_records_its_read_only_probes() {
    let sim = Simulator::start().await.unwrap();
    let env = sim_env(&sim);
    let path = scratch("record-doctor").join("doctor.cassette");
    let run = cec(
        &[
            "doctor",
            "--vdn-id",
            "8",
            "--record",
            path.to_str().unwrap(),
        ],
        &as_refs(&env),
    )
    .await;
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let text = std::fs::read_to_string(&path).unwrap();
    let cassette = Cassette::from_path(&path).unwrap();
    assert_eq!(cassette.header.note.as_deref(), Some("cec doctor"));
    let count = |op: &str| {
        cassette
            .exchanges
            .iter()
            .filter(|e| e.operation == op)
            .count()
    };
    assert_eq!(count("createToken"), 1, "{text}");
    // One lookup per signing profile tried, on each signed server.
    assert!(count("getCallResultDetail") >= 2, "{text}");
    assert_eq!(count("getCallResultDetail"), count("queryCdrByCallId"));
    assert!(
        cassette.exchanges.iter().all(|e| e.response.is_some()),
        "{text}"
    );
    assert_holds_none(&text, &secrets_seen(&sim));
    // The clock probe (a GET of the base URL, no operation of the spec) is not recorded;
    // every recorded reply's Date shows the server's clock. So the cassette is checked clean
    // and replays.
    let probes = sim
        .requests()
        .iter()
        .filter(|r| r.operation.is_none())
        .count();
    assert!(probes >= 1, "the clock probe ran: {:?}", sim.requests());
    assert!(
        cassette
            .exchanges
            .iter()
            .all(|e| e.request.path != "/"
                && e.response.as_ref().unwrap().headers.contains_key("date")),
        "{text}"
    );
    let check = cec(&["conformance", path.to_str().unwrap()], &[]).await;
    assert_eq!(check.code, 0, "{}", check.stdout);
    huawei_cec::simulator::Replay::from_path(&path).unwrap();
}

#[tokio::test]
async fn demo_records_its_tour_of_the_five_operations() {
    let path = scratch("record-demo").join("demo.cassette");
    let run = cec(&["demo", "--record", path.to_str().unwrap()], &[]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(&path).unwrap();
    let cassette = Cassette::from_path(&path).unwrap();
    let mut operations: Vec<&str> = cassette
        .exchanges
        .iter()
        .map(|e| e.operation.as_str())
        .collect();
    operations.sort();
    operations.dedup();
    assert_eq!(
        operations,
        [
            "createToken",
            "getCallResultDetail",
            "getExternalResult",
            "queryCallRecords",
            "queryCdrByCallId",
            "updateReservedCallResult"
        ]
    );
    let demo = huawei_cec::simulator::DemoCredentials::default();
    assert_holds_none(&text, &[demo.secret_key, demo.app_secret]);
}

#[tokio::test]
async fn a_command_stopped_mid_call_loses_nothing_already_written() {
    let sim = Simulator::builder()
        .faults(Faults::default().with_latency(Duration::from_millis(150)))
        .start()
        .await
        .unwrap();
    let ids: Vec<String> = sim.with_data(|d| {
        d.calls
            .iter()
            .filter(|c| c.vdn == 8)
            .take(40)
            .map(|c| c.call_id.clone())
            .collect()
    });
    let dir = scratch("record-stopped");
    let file = dir.join("ids.txt");
    std::fs::write(&file, ids.join("\n")).unwrap();
    let path = dir.join("stopped.cassette");
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_cec"))
        .args([
            "--record",
            path.to_str().unwrap(),
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
        .envs(sim_env(&sim))
        .env("XDG_CONFIG_HOME", dir.join("no-config"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    // Stopped (as Ctrl-C does) once some lookups were answered and others are in flight.
    tokio::time::timeout(Duration::from_secs(30), async {
        while sim.requests().len() < 6 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await
    .unwrap();
    let pid = i32::try_from(child.id().unwrap()).unwrap();
    // SAFETY: signalling the child this test started.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
    let status = child.wait().await.unwrap();
    assert!(!status.success());
    // Every line written is whole (the file reads back), the lookups answered before the
    // signal are in it, and the batch did not run to its end. (A batch stops on Ctrl-C:
    // the attempts in flight then are recorded as dropped.)
    let cassette = Cassette::from_path(&path).unwrap();
    let recorded = cassette.exchanges.len();
    assert!(
        (4..ids.len()).contains(&recorded),
        "{recorded} exchanges of {} lookups",
        ids.len()
    );
    let answered = cassette
        .exchanges
        .iter()
        .filter(|e| e.response.is_some())
        .count();
    assert!(answered >= 4, "{answered} answered");
    for exchange in &cassette.exchanges {
        let dropped = exchange
            .error
            .as_deref()
            .is_some_and(|e| e.starts_with("the call was dropped"));
        assert!(exchange.response.is_some() || dropped, "{exchange:?}");
    }
}
