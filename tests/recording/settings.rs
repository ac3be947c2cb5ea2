//! What a recording is given, and what it does with attempts that fail: a cassette that
//! cannot be written is an error before anything is sent; retried attempts and attempts
//! without a reply are exchanges of their own.

use std::time::Duration;

use huawei_cec::cassette::Content;
use huawei_cec::{Error, Recorder, RetryPolicy};

use super::common::{Reply, TestServer, closed_port_url, setup};
use super::*;

#[tokio::test]
async fn a_cassette_that_cannot_be_written_fails_the_build_naming_path_and_reason() {
    let server = TestServer::start([]).await;
    let missing = cassette_path("no-such-dir").with_file_name("no-such-dir/x.cassette");
    let error = setup::builder(&server.url)
        .record_to(&missing)
        .build()
        .unwrap_err();
    let Error::Config { message, .. } = &error else {
        panic!("{error:?}")
    };
    assert!(
        message.contains(&missing.display().to_string()),
        "{message}"
    );
    assert!(message.contains("No such file or directory"), "{message}");
    assert!(matches!(error, Error::Config { .. }));
    assert!(server.received().is_empty());

    // A directory, and a file that is not a cassette (left as it was).
    let dir = cassette_path("a-dir");
    std::fs::create_dir_all(&dir).unwrap();
    let message = Recorder::create(&dir).unwrap_err().to_string();
    assert!(message.contains("is a directory"), "{message}");
    let notes = cassette_path("notes");
    std::fs::write(&notes, "my notes\n").unwrap();
    let message = setup::builder(&server.url)
        .record_to(&notes)
        .build()
        .unwrap_err()
        .to_string();
    assert!(message.contains("not a cassette"), "{message}");
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "my notes\n");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_recorder_shows_no_secret() {
    let path = cassette_path("debug");
    let recorder = Recorder::create(&path).unwrap();
    let client = setup::builder("http://127.0.0.1:9")
        .recorder(recorder.clone())
        .build()
        .unwrap();
    let shown = format!("{recorder:?} {recorder:#?} {client:?}");
    assert!(shown.contains("debug.cassette"), "{shown}");
    for secret in [setup::SK, setup::APP_SECRET] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
}

#[tokio::test]
async fn an_existing_cassette_is_replaced() {
    let path = cassette_path("replaced");
    let server = TestServer::start([]).await;
    for _ in 0..2 {
        setup::builder(&server.url)
            .record_to(&path)
            .build()
            .unwrap();
        let (text, cassette) = read(&path);
        assert_eq!(text.lines().count(), 1);
        assert!(cassette.exchanges.is_empty());
    }
}

#[test]
fn conflicting_recording_settings_are_refused() {
    let path = cassette_path("conflict");
    let recorder = Recorder::create(&path).unwrap();
    for (builder, want) in [
        (
            huawei_cec::Client::builder()
                .record_to(&path)
                .recorder(recorder.clone()),
            "record_to and recorder were both given",
        ),
        (
            huawei_cec::Client::builder()
                .recorder(recorder.clone())
                .record_personal_data(true),
            "record_personal_data applies to record_to",
        ),
        (
            huawei_cec::Client::builder().record_personal_data(true),
            "record_personal_data without record_to",
        ),
    ] {
        let message = builder.build().unwrap_err().to_string();
        assert!(message.contains(want), "{message}");
    }
}

#[tokio::test]
async fn each_attempt_is_an_exchange_with_its_reply_or_why_none_came() {
    let page = "<html><body><h1>503 Service Unavailable</h1><p>node 10.1.2.3, call 13800000000</p></body></html>";
    let server = TestServer::start([
        Reply::raw(503, page.as_bytes()).header("content-type", "text/html"),
        Reply::raw(200, &common::page("call_result_detail.response.json")),
    ])
    .await;
    let path = cassette_path("attempts");
    let client = setup::builder(&server.url)
        .record_to(&path)
        .build()
        .unwrap();
    client
        .call_result_detail(8, "1644464743-1388")
        .await
        .unwrap();
    let (text, cassette) = read(&path);
    let [first, second] = cassette.exchanges.as_slice() else {
        panic!("{text}")
    };
    assert_eq!((first.attempt, second.attempt), (1, 2));
    let first_reply = first.response.as_ref().unwrap();
    assert_eq!(first_reply.status, 503);
    let Some(Content::Text(html)) = first_reply.body.as_ref().map(|b| &b.content) else {
        panic!("{first_reply:?}")
    };
    assert!(html.starts_with("<html><body><h1>503 Service"), "{html}");
    assert!(
        !html.contains("13800000000"),
        "digit runs of text are masked: {html}"
    );
    assert_eq!(second.response.as_ref().unwrap().status, 200);

    // No reply at all: the exchange says why, and has no response.
    let path = cassette_path("no-reply");
    let closed = closed_port_url().await;
    let client = setup::builder(&closed)
        .record_to(&path)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    client.call_result_detail(8, "1").await.unwrap_err();
    let (text, cassette) = read(&path);
    let [exchange] = cassette.exchanges.as_slice() else {
        panic!("{text}")
    };
    assert!(exchange.response.is_none());
    let error = exchange.error.as_deref().unwrap();
    assert!(
        error.contains("[host]") && !error.contains("127.0.0.1"),
        "{error}"
    );

    // A call dropped while its attempt waits for the reply (a timeout around the call).
    let server = TestServer::start([Reply::raw(200, b"{}").delayed(Duration::from_secs(5))]).await;
    let path = cassette_path("dropped");
    let client = setup::builder(&server.url)
        .record_to(&path)
        .build()
        .unwrap();
    let call = client.call_result_detail(8, "1");
    assert!(
        tokio::time::timeout(Duration::from_millis(200), call)
            .await
            .is_err()
    );
    let (_, cassette) = read(&path);
    let [exchange] = cassette.exchanges.as_slice() else {
        panic!("{cassette:?}")
    };
    assert!(exchange.response.is_none());
    assert!(
        exchange
            .error
            .as_deref()
            .unwrap()
            .starts_with("the call was dropped")
    );

    // A reply too slow for the deadline.
    let server = TestServer::start([Reply::raw(200, b"{}").delayed(Duration::from_secs(5))]).await;
    let path = cassette_path("deadline");
    let client = setup::builder(&server.url)
        .record_to(&path)
        .deadline(Duration::from_millis(200))
        .build()
        .unwrap();
    client.call_result_detail(8, "1").await.unwrap_err();
    let (_, cassette) = read(&path);
    assert_eq!(
        cassette.exchanges[0].error.as_deref(),
        Some("the deadline passed before the reply came")
    );
}

/// `RecorderOptions::on_exchange`: each exchange as written, in order, checked against the
/// spec as it comes.
#[tokio::test]
async fn on_exchange_sees_each_exchange_as_written_and_checks_it_live() {
    use std::sync::{Arc, Mutex};

    use huawei_cec::conformance::{Checker, Kind};
    use serde_json::json;

    let server = TestServer::with_handler(|r: &super::common::Recorded| {
        if r.uri.path().ends_with("/callresultdetail/odd") {
            Reply::json(
                200,
                &json!({"resultCode": "0200000", "data": {}, "extra": 1}),
            )
        } else {
            Reply::json(503, &json!({"error": "busy"}))
        }
    })
    .await;
    let path = cassette_path("on-exchange");
    let checker = Arc::new(Mutex::new(Checker::new()));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (live, saw) = (Arc::clone(&checker), Arc::clone(&seen));
    let recorder = Recorder::options()
        .on_exchange(move |exchange| {
            let findings = live.lock().unwrap().check(exchange);
            saw.lock()
                .unwrap()
                .push((exchange.seq, exchange.attempt, findings));
        })
        .create(&path)
        .unwrap();
    let client = setup::builder(&server.url)
        .recorder(recorder.clone())
        .retry_policy(
            RetryPolicy::default()
                .with_max_retries(1)
                .with_initial_backoff(Duration::ZERO),
        )
        .build()
        .unwrap();
    let _ = client.call_result_detail(8, "odd").await;
    let _ = client.call_result_detail(8, "busy").await;
    recorder.flush().unwrap();

    let (_, cassette) = read(&path);
    let seen = seen.lock().unwrap();
    // One call, then a 503 retried once: three exchanges, each seen once, in order.
    let seqs: Vec<(u64, u32)> = seen.iter().map(|(s, a, _)| (*s, *a)).collect();
    assert_eq!(seqs, [(1, 1), (2, 1), (3, 2)]);
    assert_eq!(cassette.exchanges.len(), 3);
    let kinds: Vec<Vec<(Kind, &str)>> = seen
        .iter()
        .map(|(_, _, f)| f.iter().map(|f| (f.kind, f.pointer.as_str())).collect())
        .collect();
    assert!(
        kinds[0].contains(&(Kind::UndeclaredKey, "/body/json/extra")),
        "{kinds:?}"
    );
    assert!(kinds[1].contains(&(Kind::Status, "/status")), "{kinds:?}");
    let summary = checker.lock().unwrap().summary();
    assert_eq!(summary.exchanges, 3);
    assert!(!summary.conforms());
    // The same as cec conformance on the file.
    assert_eq!(
        huawei_cec::conformance::check_cassette(&cassette).1,
        summary
    );
}
