//! The token interface as Huawei documents it: the reply `{"AccessToken", "ApplyType",
//! "CreateTime", "Expires": "600", ...}`, the lifetime asked in `X-Token-Expire`, and the
//! 403 HTML page of a refused app, against a local server and the simulator.

mod common;

use std::time::Duration;

use common::setup::{APP_SECRET, RECORDS_CALL_ID, builder};
use common::{Recorded, Reply, TestServer};
use huawei_cec::simulator::{Faults, Simulator};
use huawei_cec::{Error, RetryPolicy};
use serde_json::{Value, json};

const RECORDS: &str = "/apiaccess/rest/dataprocess/v1/openapp/queryCallManualDetailInfo";

/// A server that answers token requests with `token_reply` and call-records requests with
/// an empty result.
async fn server(token_reply: Value) -> TestServer {
    TestServer::with_handler(move |request: &Recorded| {
        if request.uri.path() == RECORDS {
            Reply::json(200, &json!({"total": 0, "results": []}))
        } else {
            Reply::json(200, &token_reply)
        }
    })
    .await
}

fn token_requests(server: &TestServer) -> Vec<Recorded> {
    server
        .received()
        .into_iter()
        .filter(|r| r.uri.path() == "/apigovernance/api/oauth/tokenByAkSk")
        .collect()
}

/// The lifetime a client grants the token of `reply` when it asks for `asked` seconds.
async fn granted(reply: Value, asked: Option<u64>) -> (Duration, Vec<Recorded>) {
    let server = server(reply).await;
    let mut builder = builder(&server.url);
    if let Some(seconds) = asked {
        builder = builder.token_expire(Duration::from_secs(seconds));
    }
    let client = builder.build().unwrap();
    client
        .call_records("1", 1)
        .call_id(RECORDS_CALL_ID)
        .await
        .unwrap();
    let lifetime = client.token_provider().unwrap().granted_lifetime().unwrap();
    (lifetime, token_requests(&server))
}

#[tokio::test]
async fn the_documented_reply_gives_its_lifetime_and_the_default_600_is_asked() {
    let (lifetime, requests) = granted(
        json!({"AccessToken": "tok", "ApplyType": "Bearer", "CreateTime": "1545650171",
               "Expires": "600", "Scope": "s", "AppKey": "k", "UserID": "u"}),
        None,
    )
    .await;
    assert_eq!(lifetime, Duration::from_secs(600));
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].header("x-token-expire"), Some("600"));
    assert_eq!(
        requests[0].header("content-type"),
        Some("application/json"),
        "the token interface's documented content type"
    );
}

#[tokio::test]
async fn every_shape_of_expires_gives_a_sane_lifetime_within_what_was_asked() {
    let cases: Vec<(Value, u64, &str)> = vec![
        (json!("300"), 300, "a numeric string"),
        (json!(300), 300, "a number"),
        (json!(300.0), 300, "a whole float"),
        (json!("3600"), 1200, "more than asked: capped"),
        (json!(i64::MAX), 1200, "absurdly long: capped"),
        (
            json!("99999999999999999999999"),
            600,
            "beyond any integer: the default",
        ),
        (
            json!(1e30),
            600,
            "beyond any integer, as a float: the default",
        ),
        (json!(-5), 600, "negative: the default"),
        (json!(0), 600, "zero: the default"),
        (json!("soon"), 600, "not a number: the default"),
        (json!(null), 600, "null: the default"),
    ];
    for (expires, want, why) in cases {
        let (lifetime, _) =
            granted(json!({"AccessToken": "t", "Expires": expires}), Some(1200)).await;
        assert_eq!(lifetime, Duration::from_secs(want), "{why}: {expires}");
    }
    // The deprecated alias, only without `Expires`; and no field at all.
    let (lifetime, _) = granted(json!({"AccessToken": "t", "Expires_In": 90}), None).await;
    assert_eq!(lifetime, Duration::from_secs(90));
    let (lifetime, _) = granted(
        json!({"AccessToken": "t", "Expires": "120", "Expires_In": 90}),
        None,
    )
    .await;
    assert_eq!(lifetime, Duration::from_secs(120));
    let (lifetime, _) = granted(json!({"AccessToken": "t"}), Some(60)).await;
    assert_eq!(
        lifetime,
        Duration::from_secs(60),
        "the default, within what was asked"
    );
}

#[tokio::test]
async fn the_lifetime_asked_is_sent_and_bounded_before_anything_is_sent() {
    let (_, requests) = granted(json!({"AccessToken": "t", "Expires": "1"}), Some(3600)).await;
    assert_eq!(requests[0].header("x-token-expire"), Some("3600"));

    let server = TestServer::start([]).await;
    for bad in [
        Duration::ZERO,
        Duration::from_secs(3601),
        Duration::from_millis(1500),
        Duration::MAX,
    ] {
        let err = builder(&server.url)
            .token_expire(bad)
            .build()
            .expect_err("out of range");
        assert!(matches!(err, Error::Config { .. }), "{err}");
        let text = err.to_string();
        assert!(text.contains("1 to 3600"), "{text}");
    }
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn a_403_html_page_is_its_own_error_naming_the_two_causes_without_quoting_it() {
    let page = "<html><head><title>403 Forbidden</title></head><body><center>nginx</center>\
                <!-- secret-looking text: tok-SECRET --></body></html>";
    let server =
        TestServer::start([Reply::raw(403, page.as_bytes()).header("content-type", "text/html")])
            .await;
    let client = builder(&server.url)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let err = client
        .call_records("1", 1)
        .call_id(RECORDS_CALL_ID)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::TokenForbidden { .. }), "{err:?}");
    assert_eq!(err.status(), Some(403));
    assert!(!err.is_retryable());
    let text = err.to_string();
    for expected in [
        "app key and app secret",
        "IP address",
        "allow-list",
        "text/html",
    ] {
        assert!(text.contains(expected), "{expected:?} in {text}");
    }
    for leaked in ["<html", "nginx", "tok-SECRET", APP_SECRET] {
        assert!(
            !text.contains(leaked) && !format!("{err:?}").contains(leaked),
            "{leaked:?} in {text}"
        );
    }
    assert_eq!(token_requests(&server).len(), 1, "a 403 is not retried");
}

#[tokio::test]
async fn the_simulator_grants_what_is_asked_and_refuses_with_403_when_told() {
    let sim = Simulator::builder()
        .token_lifetime(Duration::from_secs(900))
        .start()
        .await
        .unwrap();
    let lifetime = |client: huawei_cec::Client| async move {
        client
            .call_records("1", 1)
            .call_id(RECORDS_CALL_ID)
            .await
            .unwrap();
        client.token_provider().unwrap().granted_lifetime().unwrap()
    };
    // The documented default when nothing else is asked, what is asked, and at most the
    // simulator's configured lifetime.
    assert_eq!(
        lifetime(sim.client().unwrap()).await,
        Duration::from_secs(600)
    );
    let asked = |s| {
        sim.client_builder()
            .token_expire(Duration::from_secs(s))
            .build()
            .unwrap()
    };
    assert_eq!(lifetime(asked(120)).await, Duration::from_secs(120));
    assert_eq!(lifetime(asked(3600)).await, Duration::from_secs(900));

    sim.set_faults(Faults::default().with_token_forbidden(true));
    let err = sim
        .client()
        .unwrap()
        .call_records("1", 1)
        .call_id(RECORDS_CALL_ID)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::TokenForbidden { .. }), "{err}");
}

#[tokio::test]
async fn the_simulator_refuses_an_out_of_range_lifetime() {
    let sim = Simulator::start().await.unwrap();
    let http = reqwest::Client::new();
    for bad in ["0", "3601", "ten"] {
        let reply = http
            .post(format!("{}/apigovernance/api/oauth/tokenByAkSk", sim.url()))
            .header("x-token-expire", bad)
            .json(&json!({"app_key": "demo-app-key", "app_secret": "demo-app-secret"}))
            .send()
            .await
            .unwrap();
        assert_eq!(reply.status(), 400, "{bad}");
    }
}
