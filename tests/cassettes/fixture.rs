//! `tests/fixtures/cassettes/smoke.cassette`: the replies of the simulator to the requests
//! of the Python and TypeScript smoke tests (`interop/smoke/`), which `.ci/contract.sh` runs
//! once more against `cec simulate --replay` of this file. It is recorded here by the client's
//! own recorder (`Recorder`, personal data kept: the smoke tests check the numbers), and
//! checked to be what the simulator answers today (times, durations and signatures'
//! timestamps aside): `CEC_UPDATE_FIXTURES=1 cargo test --features simulator --test
//! cassettes fixture` writes it anew.
//!
//! One request of the smoke tests is one the client refuses to send (`queryCallRecords`
//! without `callId` or dates, to see the server's 400): its exchange is made by the test's
//! stand-in (`common/traffic.rs`, reqwest signed by `auth::Signer`) and appended as the last
//! line.

use huawei_cec::{CallDirection, Recorder};
use serde_json::{Value, json};

use super::traffic::{By, Traffic};
use super::{read, sim};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/cassettes/smoke.cassette"
);

const NOTE: &str = "the smoke tests' requests (interop/smoke), answered by cec simulate";

/// Every request the smoke tests send that the replay must answer (the unsigned and
/// forged ones are refused by the simulator's own checks, and tokens are its own), recorded
/// by the client's recorder; the cassette's text.
async fn smoke_requests(sim: &huawei_cec::simulator::RunningSimulator) -> String {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("smoke-fixture");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("smoke.cassette");
    let recorder = Recorder::options()
        .keep_personal_data(true)
        .note(NOTE)
        .create(&path)
        .unwrap();
    let client = sim
        .client_builder()
        .recorder(recorder.clone())
        .build()
        .unwrap();
    client
        .call_result_detail(8, "1644464743-1388")
        .await
        .unwrap();
    client
        .call_records("1", 1)
        .call_id("1669464198-17002955")
        .await
        .unwrap();
    client.external_result(40, 1402245659).await.unwrap();
    client
        .cdr(1, "1000000000-0001", CallDirection::Inbound)
        .await
        .unwrap();
    client
        .update_reserved_result(8, "174738152455111432454674595509")
        .fail_code("00000")
        .await
        .unwrap();
    // A business failure: HTTP 200, resultCode 0200007.
    let missing = client.call_result_detail(8, "no-such-call").await;
    assert!(missing.is_err(), "{missing:?}");
    recorder.flush().unwrap();
    let mut text = std::fs::read_to_string(&path).unwrap();

    // The request the client does not send.
    let mut traffic = Traffic::with_simulator(&sim.url());
    traffic.fetch_token().await;
    traffic
        .send(
            "queryCallRecords",
            "POST",
            "/apiaccess/rest/dataprocess/v1/openapp/queryCallManualDetailInfo",
            Some(json!({"subCcNo": "1", "vdn": "1"})),
            By::Token,
        )
        .await;
    let mut refused = traffic.exchanges().last().unwrap().clone();
    assert_eq!(refused["response"]["status"], 400, "{refused}");
    refused["seq"] = json!(recorder.exchanges() + 1);
    text.push_str(&refused.to_string());
    text.push('\n');
    text
}

/// A cassette without what changes from run to run: times, durations, the port, the
/// signatures' timestamps, the reply's `date`, the token reply's body.
fn stable(text: &str) -> Value {
    let cassette = read(text);
    let exchanges: Vec<Value> = cassette
        .exchanges
        .iter()
        .map(|exchange| {
            let mut e = serde_json::to_value(exchange).unwrap();
            e["started_at"] = json!("");
            e["duration_ms"] = json!(0);
            e["request"]["port"] = json!(null);
            e["request"]["headers"]["authorization"] = json!("");
            e["request"]["headers"]
                .as_object_mut()
                .unwrap()
                .remove("content-length");
            e["response"]["headers"]
                .as_object_mut()
                .unwrap()
                .remove("date");
            if exchange.operation == "createToken" {
                e["response"]["body"] = json!(null);
                e["response"]["headers"]
                    .as_object_mut()
                    .unwrap()
                    .remove("content-length");
            }
            e
        })
        .collect();
    json!({"personal_data": cassette.header.personal_data, "exchanges": exchanges})
}

#[tokio::test]
async fn the_smoke_tests_replay_fixture_is_what_the_simulator_answers() {
    let sim = sim().await;
    let made = smoke_requests(&sim).await;
    if std::env::var_os("CEC_UPDATE_FIXTURES").is_some() {
        std::fs::create_dir_all(std::path::Path::new(FIXTURE).parent().unwrap()).unwrap();
        std::fs::write(FIXTURE, &made).unwrap();
    }
    let committed = std::fs::read_to_string(FIXTURE).unwrap_or_default();
    assert!(
        !committed.is_empty() && stable(&committed) == stable(&made),
        "{FIXTURE} is not what the simulator answers now; write it anew with \
         CEC_UPDATE_FIXTURES=1 cargo test --features simulator --test cassettes fixture"
    );
    // It holds no secret of the simulator's.
    let c = sim.credentials();
    for secret in [&c.secret_key, &c.app_secret] {
        assert!(!committed.contains(secret.as_str()), "{secret}");
    }
    // It conforms (the 400 aside: the spec declares it), and it replays.
    let (_, summary) = huawei_cec::conformance::check_cassette(&read(&committed));
    assert!(summary.conforms(), "{summary:?}");
    let replay = huawei_cec::simulator::Replay::from_path(FIXTURE).unwrap();
    assert_eq!((replay.requests(), replay.replies()), (7, 7));
}
