//! A session of the five operations and the token request against the simulator, recorded.

use huawei_cec::cassette::{Auth, Content, PersonalData};
use huawei_cec::simulator::{RunningSimulator, Simulator};
use huawei_cec::{CallDirection, Client, ClientBuilder, Recorder};
use serde_json::{Value, json};

use super::*;

const SEED: u64 = 7;

/// The numbers the simulator keeps for subscribers.
const NUMBER_KEYS: &[&str] = &["callerNo", "calleeNo", "called", "caller_no", "callee_no"];

/// A subscriber's number of the simulator's VDN 1, for a query by calling number.
fn a_caller_of_vdn_1(sim: &RunningSimulator) -> String {
    sim.with_data(|d| {
        d.calls
            .iter()
            .find(|c| c.vdn == 1 && c.caller_no.len() >= 11)
            .map(|c| c.caller_no.clone())
            .unwrap()
    })
}

/// The five operations (call records twice: by period, and by calling number), their
/// replies as JSON (an error as its message).
async fn session(client: &Client, sim: &RunningSimulator) -> Vec<Value> {
    fn out<T: serde::Serialize>(result: huawei_cec::Result<T>) -> Value {
        match result {
            Ok(reply) => serde_json::to_value(reply).unwrap(),
            Err(e) => json!({"error": e.to_string()}),
        }
    }
    let october = |millis| huawei_cec::times::from_epoch_millis(millis).unwrap();
    let by_period = client
        .call_records("1", 1)
        .begin_date(october(1790812800000))
        .end_date(october(1793404800000));
    let by_caller = by_period.clone().caller_no(a_caller_of_vdn_1(sim));
    let update = client
        .update_reserved_result(8, "174738152455111432454674595509")
        .caller_no("13912345678")
        .fail_code("00000")
        .call_id("1644464743-1388");
    vec![
        out(client.call_result_detail(8, "1644464743-1388").await),
        out(client.external_result(40, 1402245659).await),
        out(client
            .cdr(1, "1000000000-0001", CallDirection::Inbound)
            .await),
        out(by_period.await),
        out(by_caller.await),
        out(update.await),
    ]
}

async fn recorded_session(
    name: &str,
    setup: impl FnOnce(ClientBuilder, &std::path::Path) -> ClientBuilder,
) -> (RunningSimulator, Vec<Value>, String, Cassette) {
    let sim = Simulator::builder().seed(SEED).start().await.unwrap();
    let path = cassette_path(name);
    let client = setup(sim.client_builder(), &path).build().unwrap();
    let outputs = session(&client, &sim).await;
    let (text, cassette) = read(&path);
    (sim, outputs, text, cassette)
}

#[tokio::test]
async fn a_session_holds_no_secret_token_signature_host_or_phone_number() {
    let (sim, outputs, text, cassette) =
        recorded_session("simulator", |b, path| b.record_to(path)).await;
    for output in &outputs {
        assert!(output.get("error").is_none(), "{output}");
    }

    // One exchange per request the simulator received, in order; the token request too.
    let requests = sim.requests();
    assert_eq!(cassette.exchanges.len(), requests.len(), "{text}");
    let operations: Vec<&str> = cassette
        .exchanges
        .iter()
        .map(|e| e.operation.as_str())
        .collect();
    assert_eq!(
        operations,
        [
            "getCallResultDetail",
            "getExternalResult",
            "queryCdrByCallId",
            "createToken",
            "queryCallRecords",
            "queryCallRecords",
            "updateReservedCallResult",
        ]
    );
    for (seq, (exchange, request)) in cassette.exchanges.iter().zip(&requests).enumerate() {
        assert_eq!(exchange.seq, seq as u64 + 1);
        assert_eq!(exchange.request.method, request.method);
        assert_eq!(
            exchange.request.path,
            request.uri.split('?').next().unwrap(),
            "the path as sent"
        );
        assert_eq!(
            exchange.response.as_ref().map(|r| r.status),
            Some(request.status)
        );
    }
    assert_eq!(cassette.header.personal_data, PersonalData::Masked);
    assert_eq!(cassette.header.crate_version, env!("CARGO_PKG_VERSION"));
    assert_eq!(
        cassette.exchanges[0].auth,
        Auth::AuthV2 {
            access_key: "dem…".into(),
            signing_profile: "documented".into()
        }
    );

    // The secrets, and the tokens and signatures as the simulator received them.
    let credentials = sim.credentials();
    let mut absent = vec![
        ("SK", credentials.secret_key.clone()),
        ("app secret", credentials.app_secret.clone()),
        ("host", "127.0.0.1".to_owned()),
        ("recording link's query", "Signature=simulated".to_owned()),
    ];
    for request in &requests {
        match request.header("authorization") {
            Some(bearer) if bearer.starts_with("Bearer ") => {
                absent.push(("token", bearer["Bearer ".len()..].to_owned()));
            }
            Some(signed) => {
                let signature = signed.rsplit('/').next().unwrap();
                assert_eq!(signature.len(), 64, "{signed}");
                absent.push(("signature", signature.to_owned()));
            }
            None => {}
        }
    }
    assert_eq!(absent.iter().filter(|(w, _)| *w == "token").count(), 2);
    assert_eq!(absent.iter().filter(|(w, _)| *w == "signature").count(), 4);
    assert_absent(&text, &absent);
    for exchange in &cassette.exchanges {
        let auth = exchange.request.headers.get("authorization");
        match &exchange.auth {
            Auth::AuthV2 { .. } => assert!(auth.unwrap().ends_with("/[signature removed]")),
            Auth::Bearer => assert_eq!(auth.unwrap(), "Bearer [REDACTED]"),
            _ => assert!(auth.is_none()),
        }
    }

    // Every subscriber number the client got back or sent: none unmasked. (Numbers of 8
    // digits and more: the mask of a shorter one, a 6-digit service number say, may by chance
    // be another real one of the hundreds the simulator has.)
    let mut numbers = vec!["13912345678".to_owned(), a_caller_of_vdn_1(&sim)];
    for output in &outputs {
        values_under(output, NUMBER_KEYS, &mut numbers);
    }
    numbers.retain(|n| n.len() >= 8);
    numbers.sort();
    numbers.dedup();
    assert!(numbers.len() > 50, "{numbers:?}");
    for number in &numbers {
        for written in [
            format!("\"{number}\""),
            format!(":{number},"),
            format!(":{number}}}"),
        ] {
            assert!(
                !text.contains(&written),
                "{number} unmasked in the cassette"
            );
        }
    }
    // The short numbers of the CDR the page shows, masked in place.
    let Some(Content::Json(cdr)) = cassette.exchanges[2]
        .response
        .as_ref()
        .and_then(|r| r.body.as_ref())
        .map(|b| &b.content)
    else {
        panic!("{:?}", cassette.exchanges[2])
    };
    let (caller, callee) = (
        &cdr["resultDatas"]["callerNo"],
        &cdr["resultDatas"]["calleeNo"],
    );
    assert!(
        caller.is_string() && caller != "10000" && callee != "10001",
        "{cdr}"
    );

    // The masks keep the shape, and join: the calling number asked for is the one of the
    // records that came back.
    let by_caller = &cassette.exchanges[5];
    let Some(Content::Json(asked)) = by_caller.request.body.as_ref().map(|b| &b.content) else {
        panic!("{by_caller:?}")
    };
    let asked = asked["callerNo"].as_str().unwrap();
    assert_eq!(asked.len(), a_caller_of_vdn_1(&sim).len());
    assert!(asked.bytes().all(|b| b.is_ascii_digit()));
    let Some(Content::Json(reply)) = by_caller
        .response
        .as_ref()
        .and_then(|r| r.body.as_ref())
        .map(|b| &b.content)
    else {
        panic!("{by_caller:?}")
    };
    let results = reply["results"].as_array().unwrap();
    assert!(!results.is_empty());
    assert!(results.iter().all(|r| r["callerNo"] == asked), "{reply}");
}

#[tokio::test]
async fn recording_changes_neither_what_is_sent_nor_what_calls_return() {
    let plain = Simulator::builder().seed(SEED).start().await.unwrap();
    let client = plain.client().unwrap();
    let without = session(&client, &plain).await;
    let (recorded, with, _, cassette) =
        recorded_session("unchanged", |b, path| b.record_to(path)).await;
    assert_eq!(with, without, "the calls' results");
    assert_eq!(cassette.exchanges.len(), 7);
    // The requests as the servers received them, but what changes on every request (the
    // signature's timestamp, the token).
    let sent = |sim: &RunningSimulator| -> Vec<String> {
        sim.requests()
            .iter()
            .map(|r| {
                let headers: Vec<&(String, String)> = r
                    .headers
                    .iter()
                    .filter(|(n, _)| n != "authorization" && n != "host")
                    .collect();
                format!(
                    "{} {} {headers:?} {:?} -> {}",
                    r.method, r.uri, r.body, r.status
                )
            })
            .collect()
    };
    assert_eq!(sent(&recorded), sent(&plain));
}

#[tokio::test]
async fn kept_personal_data_is_said_and_the_recording_links_query_still_goes() {
    let (_sim, outputs, text, cassette) = recorded_session("kept", |b, path| {
        b.record_to(path).record_personal_data(true)
    })
    .await;
    assert_eq!(cassette.header.personal_data, PersonalData::Kept);
    assert!(text.contains("\"called\":\"88881955\""), "{text}");
    assert!(text.contains("\"13912345678\""));
    let mut numbers = Vec::new();
    values_under(&outputs[3], NUMBER_KEYS, &mut numbers);
    assert!(numbers.iter().all(|n| text.contains(n.as_str())));
    assert!(text.contains(
        "\"recordPath\":\"https://obs.simulator.invalid/isales/record/8/1644464743-1388.wav?[REDACTED]\""
    ));
    assert!(!text.contains("Signature=simulated"));
}

#[tokio::test]
async fn one_recorder_serves_several_clients_and_says_how_many_exchanges() {
    let sim = Simulator::builder().seed(SEED).start().await.unwrap();
    let path = cassette_path("shared");
    let recorder = Recorder::options()
        .note("a test")
        .max_body_bytes(100)
        .create(&path)
        .unwrap();
    for _ in 0..2 {
        let client = sim
            .client_builder()
            .recorder(recorder.clone())
            .build()
            .unwrap();
        client
            .call_result_detail(8, "1644464743-1388")
            .await
            .unwrap();
    }
    recorder.flush().unwrap();
    assert_eq!(recorder.exchanges(), 2);
    let (_, cassette) = read(&path);
    assert_eq!(cassette.header.note.as_deref(), Some("a test"));
    let seqs: Vec<u64> = cassette.exchanges.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, [1, 2]);
    // A body past the limit: its start, as text, marked.
    let body = cassette.exchanges[0]
        .response
        .as_ref()
        .unwrap()
        .body
        .as_ref()
        .unwrap();
    assert!(body.truncated && body.length > 100, "{body:?}");
    assert!(matches!(&body.content, Content::Text(t) if t.len() <= 100));
}
