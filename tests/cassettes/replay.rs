//! A recorded session served back: the client gets the recorded replies, in the recorded
//! order; signatures and tokens are still checked; a request that matches nothing gets a
//! clear reply and is listed.

use std::time::Duration;

use huawei_cec::simulator::{Faults, Replay, Replayed, RunningSimulator, Simulator};
use huawei_cec::{AkSk, AppCredentials, CallDirection, Client, Error, RetryPolicy};
use serde_json::Value;

use super::sim;
use super::traffic::{By, Traffic, resend};

/// The five operations through the client; their replies as JSON.
async fn session(client: &Client) -> Vec<Value> {
    let json = |v: &dyn erased::Serialize| v.to_json();
    vec![
        json(
            &client
                .call_result_detail(8, "1644464743-1388")
                .await
                .unwrap(),
        ),
        json(&client.external_result(40, 1402245659).await.unwrap()),
        json(
            &client
                .cdr(1, "1000000000-0001", CallDirection::Inbound)
                .await
                .unwrap(),
        ),
        json(
            &client
                .call_records("1", 1)
                .call_id("1669464198-17002955")
                .await
                .unwrap(),
        ),
        json(
            &client
                .update_reserved_result(8, "174738152455111432454674595509")
                .fail_code("00000")
                .await
                .unwrap(),
        ),
    ]
}

mod erased {
    pub trait Serialize {
        fn to_json(&self) -> serde_json::Value;
    }
    impl<T: serde::Serialize> Serialize for T {
        fn to_json(&self) -> serde_json::Value {
            serde_json::to_value(self).unwrap()
        }
    }
}

async fn replaying(text: &str) -> RunningSimulator {
    Simulator::builder()
        .replay(Replay::from_reader(text.as_bytes()).unwrap())
        .start()
        .await
        .unwrap()
}

#[tokio::test]
async fn replaying_a_recorded_session_answers_the_client_with_the_recorded_replies() {
    let live = sim().await;
    let recorded = session(&live.client().unwrap()).await;
    let mut traffic = Traffic::with_simulator(&live.url());
    resend(&mut traffic, &live.requests()).await;
    drop(live);

    let replay = replaying(&traffic.cassette("session")).await;
    let replayed = session(&replay.client().unwrap()).await;
    assert_eq!(replayed, recorded);
    let requests = replay.requests();
    assert_eq!(requests.len(), 6, "{requests:#?}");
    // The replay issued its own token; every other request was answered from the cassette
    // (seq 1 is the recorded token request).
    assert_eq!(replay.token_requests(), 1);
    let answered: Vec<Option<Replayed>> = requests.iter().map(|r| r.replayed.clone()).collect();
    let seqs = |s: u64| Some(Replayed::Answered { seq: s });
    assert_eq!(
        answered,
        vec![seqs(2), seqs(3), seqs(4), None, seqs(5), seqs(6)]
    );
}

#[tokio::test]
async fn a_503_then_a_200_are_answered_in_order_and_the_client_retries() {
    let live = sim().await;
    let mut traffic = Traffic::with_simulator(&live.url());
    let path = "/rest/isales/v1/openapi/campaigns/8/callresultdetail/1644464743-1388";
    live.set_faults(Faults::default().with_error_rate(1.0));
    assert_eq!(
        traffic
            .send("getCallResultDetail", "GET", path, None, By::Signature)
            .await
            .0,
        503
    );
    live.set_faults(Faults::default());
    assert_eq!(
        traffic
            .send("getCallResultDetail", "GET", path, None, By::Signature)
            .await
            .0,
        200
    );

    let replay = replaying(&traffic.cassette("retry")).await;
    let client = replay
        .client_builder()
        .retry_policy(RetryPolicy::default().with_initial_backoff(Duration::from_millis(1)))
        .build()
        .unwrap();
    let detail = client
        .call_result_detail(8, "1644464743-1388")
        .await
        .unwrap();
    assert_eq!(detail.call_id.as_deref(), Some("1644464743-1388"));
    let statuses: Vec<(u16, Option<Replayed>)> = replay
        .requests()
        .into_iter()
        .map(|r| (r.status, r.replayed))
        .collect();
    assert_eq!(
        statuses,
        vec![
            (503, Some(Replayed::Answered { seq: 1 })),
            (200, Some(Replayed::Answered { seq: 2 })),
        ]
    );
    // The last recording repeats.
    client
        .call_result_detail(8, "1644464743-1388")
        .await
        .unwrap();
    assert_eq!(
        replay.requests()[2].replayed,
        Some(Replayed::Answered { seq: 2 })
    );
}

#[tokio::test]
async fn an_unmatched_request_gets_a_501_naming_the_closest_recording_and_is_listed() {
    let live = sim().await;
    let mut traffic = Traffic::with_simulator(&live.url());
    traffic
        .send(
            "getCallResultDetail",
            "GET",
            "/rest/isales/v1/openapi/campaigns/8/callresultdetail/1644464743-1388",
            None,
            By::Signature,
        )
        .await;
    let replay = replaying(&traffic.cassette("one")).await;
    let client = replay.client().unwrap();
    let err = client
        .call_result_detail(8, "other-call")
        .await
        .unwrap_err();
    let Error::HttpStatus { status, body, .. } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(*status, 501);
    let body: Value = serde_json::from_str(body).unwrap();
    assert_eq!(body["closest"]["seq"], 1, "{body}");
    assert_eq!(
        body["closest"]["differences"][0],
        "the path: recorded /rest/isales/v1/openapi/campaigns/8/callresultdetail/1644464743-1388"
    );
    assert!(err.to_string().contains("no recorded exchange matches GET /rest/isales/v1/openapi/campaigns/8/callresultdetail/other-call; the closest is exchange 1"), "{err}");
    let listed = replay.requests();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].status, 501);
    assert!(
        matches!(&listed[0].replayed, Some(Replayed::Unmatched { closest: Some(1), differences }) if differences.len() == 1),
        "{listed:#?}"
    );
}

#[tokio::test]
async fn the_replay_still_checks_signatures_and_tokens() {
    let live = sim().await;
    let mut traffic = Traffic::with_simulator(&live.url());
    traffic.fetch_token().await;
    traffic
        .send(
            "getCallResultDetail",
            "GET",
            "/rest/isales/v1/openapi/campaigns/8/callresultdetail/1644464743-1388",
            None,
            By::Signature,
        )
        .await;
    traffic
        .send(
            "queryCallRecords",
            "POST",
            "/apiaccess/rest/dataprocess/v1/openapp/queryCallManualDetailInfo",
            Some(serde_json::json!({"subCcNo": "1", "vdn": "1", "callId": "1669464198-17002955"})),
            By::Token,
        )
        .await;
    let replay = replaying(&traffic.cassette("auth")).await;
    let wrong = replay
        .client_builder()
        .ak_sk(AkSk::new("demo-ak", "not-the-sk"))
        .app_credentials(AppCredentials::new("demo-app-key", "not-the-secret"))
        .build()
        .unwrap();
    let err = wrong
        .call_result_detail(8, "1644464743-1388")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unauthorized { .. }), "{err:?}");
    fn records(client: &Client) -> huawei_cec::client::QueryCallRecords<'_> {
        client.call_records("1", 1).call_id("1669464198-17002955")
    }
    let err = records(&wrong).await.unwrap_err();
    assert!(err.to_string().contains("createToken"), "{err}");
    // With the right credentials, both are answered from the cassette.
    let right = replay.client().unwrap();
    right
        .call_result_detail(8, "1644464743-1388")
        .await
        .unwrap();
    assert_eq!(records(&right).await.unwrap().results.len(), 1);
    let replayed: Vec<_> = replay
        .requests()
        .into_iter()
        .filter_map(|r| r.replayed)
        .collect();
    assert_eq!(
        replayed,
        vec![Replayed::Answered { seq: 2 }, Replayed::Answered { seq: 3 }]
    );
}
