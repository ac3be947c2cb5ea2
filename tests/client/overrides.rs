//! A client derived with other settings (`Client::with_overrides`) shares the original's
//! token, connections and state; and token renewal survives a cancelled call.

use huawei_cec::simulator::{Faults, Simulator};

use super::*;

#[tokio::test]
async fn a_derived_client_shares_the_token_and_changes_only_its_settings() {
    let sim = Simulator::start().await.unwrap();
    sim.set_faults(Faults::default().with_error_rate(1.0));
    let client = sim
        .client_builder()
        .retry_policy(RetryPolicy::default().with_initial_backoff(Duration::ZERO))
        .build()
        .unwrap();
    let no_retry = client
        .with_overrides(|o| o.retry_policy(RetryPolicy::none()))
        .unwrap();

    // Every reply 503: the original retries (1 + 2 attempts), the derived one does not.
    let err = client.external_result(40, 1402245659).await.unwrap_err();
    assert_eq!(err.metadata().unwrap().attempts(), 3, "{err:?}");
    let err = no_retry.external_result(40, 1402245659).await.unwrap_err();
    assert_eq!(err.metadata().unwrap().attempts(), 1, "{err:?}");
    assert!(matches!(err, Error::HttpStatus { status: 503, .. }));
}

#[tokio::test]
async fn a_derived_client_fetches_no_second_token() {
    let sim = Simulator::start().await.unwrap();
    let client = sim.client().unwrap();
    client
        .call_records("1", 1)
        .call_id(RECORDS_CALL_ID)
        .await
        .unwrap();
    assert_eq!(sim.token_requests(), 1);
    let derived = client
        .with_overrides(|o| {
            o.retry_policy(RetryPolicy::none())
                .timeout(Duration::from_secs(5))
                .deadline(Duration::from_secs(9))
        })
        .unwrap();
    for _ in 0..3 {
        derived
            .call_records("1", 1)
            .call_id(RECORDS_CALL_ID)
            .await
            .unwrap();
    }
    assert_eq!(sim.token_requests(), 1, "the original's token, shared");
    // A second client built the usual way fetches its own.
    sim.client()
        .unwrap()
        .call_records("1", 1)
        .call_id(RECORDS_CALL_ID)
        .await
        .unwrap();
    assert_eq!(sim.token_requests(), 2);

    let err = client
        .with_overrides(|o| o.deadline(Duration::ZERO))
        .unwrap_err();
    assert!(matches!(err, Error::Config { .. }), "{err:?}");
}

#[tokio::test]
async fn a_derived_clients_deadline_ends_the_update_as_outcome_unknown() {
    let server = TestServer::with_handler(|_: &Recorded| {
        Reply::json(200, &json!({"resultCode": "0200000"})).delayed(Duration::from_secs(5))
    })
    .await;
    let client = client(&server.url);
    let bounded = client
        .with_overrides(|o| o.deadline(Duration::from_millis(200)))
        .unwrap();
    let started = std::time::Instant::now();
    let err = bounded.update_reserved_result(8, "a-1").await.unwrap_err();
    assert!(matches!(err, Error::OutcomeUnknown { .. }), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
}

/// A call cancelled while it is the one fetching the token (an outer timeout) leaves no
/// half-made token and no renewal held: the next calls get a valid token, by one fetch for
/// all of them.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_call_cancelled_mid_renewal_leaves_the_next_calls_a_valid_token() {
    let dp = tokens::data_process_server(false).await;
    let client = client(&dp.server.url);
    // The token endpoint answers after 50 ms: the call is dropped while it waits for it.
    let cancelled = tokio::time::timeout(
        Duration::from_millis(10),
        client.call_records("1", 1).call_id(RECORDS_CALL_ID).send(),
    )
    .await;
    assert!(cancelled.is_err(), "cancelled mid-renewal");
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert_eq!(
        dp.token_requests(),
        1,
        "the cancelled fetch reached the server"
    );

    let calls: Vec<_> = (0..10)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.call_records("1", 1).call_id(RECORDS_CALL_ID).await })
        })
        .collect();
    for call in calls {
        // The server answers 401 to anything but a token it issued.
        assert_eq!(call.await.unwrap().unwrap().results.len(), 2);
    }
    assert_eq!(
        dp.token_requests(),
        2,
        "one fetch after the cancelled one, for all ten calls"
    );
    assert_eq!(client.token_provider().unwrap().token_requests(), 2);
}
