//! `tests/fixtures/cassettes/smoke.cassette`: the replies of the simulator to the requests
//! of the Python and TypeScript smoke tests (`interop/smoke/`), which `.ci/contract.sh` runs
//! once more against `cec simulate --replay` of this file. It is made here, and checked to
//! be what the simulator answers today (times, durations and signatures' timestamps aside):
//! `CEC_UPDATE_FIXTURES=1 cargo test --features simulator --test cassettes fixture` writes
//! it anew.

use serde_json::{Value, json};

use super::traffic::{By, Traffic};
use super::{read, sim};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/cassettes/smoke.cassette"
);

/// Every request the smoke tests send that the replay must answer (the unsigned and
/// forged ones are refused by the simulator's own checks, and tokens are its own).
async fn smoke_requests(traffic: &mut Traffic) {
    const ISALES: &str = "/rest/isales/v1/openapi/campaigns";
    let records = "/apiaccess/rest/dataprocess/v1/openapp/queryCallManualDetailInfo";
    traffic.fetch_token().await;
    let requests: [(&str, &str, String, Option<Value>, By); 7] = [
        (
            "getCallResultDetail",
            "GET",
            format!("{ISALES}/8/callresultdetail/1644464743-1388"),
            None,
            By::Signature,
        ),
        (
            "queryCallRecords",
            "POST",
            records.into(),
            Some(json!({"subCcNo": "1", "vdn": "1", "callId": "1669464198-17002955"})),
            By::Token,
        ),
        (
            "getExternalResult",
            "GET",
            format!("{ISALES}/40/1402245659/queryObsResultDetail"),
            None,
            By::Signature,
        ),
        (
            "queryCdrByCallId",
            "POST",
            "/rest/cmsapp/v1/openapi/calldata/querycalldetailbyid".into(),
            Some(
                json!({"queryParam": {"ccId": 1, "isCallin": "true", "callId": "1000000000-0001"}}),
            ),
            By::Signature,
        ),
        (
            "updateReservedCallResult",
            "POST",
            format!("{ISALES}/8/appoint/updateResult"),
            Some(json!({"appointId": "174738152455111432454674595509", "failCode": "00000"})),
            By::Signature,
        ),
        (
            "getCallResultDetail",
            "GET",
            format!("{ISALES}/8/callresultdetail/no-such-call"),
            None,
            By::Signature,
        ),
        (
            "queryCallRecords",
            "POST",
            records.into(),
            Some(json!({"subCcNo": "1", "vdn": "1"})),
            By::Token,
        ),
    ];
    for (operation, method, path, body, by) in requests {
        traffic.send(operation, method, &path, body, by).await;
    }
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
    let mut traffic = Traffic::with_simulator(&sim.url());
    smoke_requests(&mut traffic).await;
    let made =
        traffic.cassette("the smoke tests' requests (interop/smoke), answered by cec simulate");
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
    // It conforms, and it replays.
    let (_, summary) = huawei_cec::conformance::check_cassette(&read(&committed));
    assert!(summary.conforms(), "{summary:?}");
    let replay = huawei_cec::simulator::Replay::from_path(FIXTURE).unwrap();
    assert_eq!((replay.requests(), replay.replies()), (7, 7));
}
