//! Timeouts, broken connections, retries and undecodable replies.

use super::*;

#[tokio::test]
async fn a_server_that_stalls_past_the_timeout_gives_a_timeout_error() {
    let server = TestServer::with_handler(|_: &Recorded| {
        Reply::raw(200, b"{}").delayed(Duration::from_secs(5))
    })
    .await;
    let client = builder(&server.url)
        .timeout(Duration::from_millis(200))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let err = client.external_result(1, 1).await.unwrap_err();
    assert!(
        matches!(err, Error::Timeout { timeout, .. } if timeout == Duration::from_millis(200)),
        "{err:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "did not wait for the stalled reply"
    );
    assert!(err.is_retryable());
    assert!(err.to_string().contains("timed out after 200ms"), "{err}");
}

#[tokio::test]
async fn timeouts_of_read_only_operations_are_retried() {
    let server = TestServer::with_handler(|_: &Recorded| {
        Reply::raw(200, b"{}").delayed(Duration::from_secs(5))
    })
    .await;
    let client = builder(&server.url)
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let err = client.call_result_detail(8, "x").await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert_eq!(server.received().len(), 3, "1 attempt + 2 retries");
}

#[tokio::test]
async fn a_reset_connection_is_a_retryable_connection_error() {
    let (url, accepted) = resetting_server().await;
    let err = client(&url)
        .cdr(1, "x", CallDirection::Outbound)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Connect { .. } | Error::Transport { .. }),
        "{err:?}"
    );
    assert!(err.is_retryable(), "{err:?}");
    assert_eq!(accepted.load(Ordering::SeqCst), 3, "1 attempt + 2 retries");
}

#[tokio::test]
async fn a_refused_connection_is_a_connection_error() {
    let url = closed_port_url().await;
    let err = client(&url).external_result(1, 1).await.unwrap_err();
    assert!(matches!(err, Error::Connect { .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains("check the URL, port, proxy and TLS settings"),
        "{err}"
    );
}

#[tokio::test]
async fn a_500_then_success_is_retried_with_a_fresh_signature() {
    let server = TestServer::start([
        Reply::json(500, &json!({"error": "internal"})),
        Reply::raw(200, &page("call_result_detail.response.json")),
    ])
    .await;
    let reply = client(&server.url)
        .call_result_detail(8, "1644464743-1388")
        .await
        .unwrap();
    assert!(reply.call_id.is_some());
    let received = server.received();
    assert_eq!(received.len(), 2);
    for request in &received {
        assert_eq!(verify_auth_v2(request, AK, SK), Ok(()));
    }
}

#[tokio::test]
async fn a_429_with_retry_after_is_retried() {
    let server = TestServer::start([
        Reply::json(429, &json!({})).header("retry-after", "0"),
        Reply::json(503, &json!({})),
        Reply::raw(200, &page("external_result.response.json")),
    ])
    .await;
    client(&server.url)
        .external_result(40, 1402245659)
        .await
        .unwrap();
    assert_eq!(server.received().len(), 3);
}

#[tokio::test]
async fn retries_give_up_after_the_configured_attempts() {
    let server =
        TestServer::with_handler(|_: &Recorded| Reply::json(503, &json!({"busy": true}))).await;
    let client = builder(&server.url)
        .retry_policy(
            RetryPolicy::default()
                .with_max_retries(4)
                .with_initial_backoff(Duration::from_millis(1)),
        )
        .build()
        .unwrap();
    let err = client.external_result(1, 1).await.unwrap_err();
    assert!(
        matches!(err, Error::HttpStatus { status: 503, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("\"busy\":true"),
        "body snippet: {err}"
    );
    assert_eq!(server.received().len(), 5);
    let none = builder(&server.url)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    none.external_result(1, 1).await.unwrap_err();
    assert_eq!(server.received().len(), 6, "0 retries: one attempt");
}

#[tokio::test]
async fn the_update_is_not_retried_once_it_may_have_been_sent() {
    let server = TestServer::with_handler(|_: &Recorded| Reply::json(503, &json!({}))).await;
    let err = client(&server.url)
        .update_reserved_result(8, "a-1")
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::HttpStatus { status: 503, .. }),
        "{err:?}"
    );
    assert_eq!(
        server.received().len(),
        1,
        "a 503 means the request arrived: not retried"
    );

    let stalled = TestServer::with_handler(|_: &Recorded| {
        Reply::raw(200, b"{}").delayed(Duration::from_secs(5))
    })
    .await;
    let client = builder(&stalled.url)
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let err = client.update_reserved_result(8, "a-1").await.unwrap_err();
    assert!(
        matches!(err, Error::OutcomeUnknown { .. }),
        "a timeout after sending leaves the outcome unknown: {err:?}"
    );
    assert!(!err.is_retryable(), "{err:?}");
    assert_eq!(
        stalled.received().len(),
        1,
        "a timeout may follow delivery: not retried"
    );

    let (url, accepted) = resetting_server().await;
    client_for_update(&url)
        .update_reserved_result(8, "a-1")
        .await
        .unwrap_err();
    assert_eq!(
        accepted.load(Ordering::SeqCst),
        1,
        "a reset after connecting: not retried"
    );
}

pub(crate) fn client_for_update(url: &str) -> Client {
    client(url)
}

#[tokio::test]
async fn garbled_json_is_an_undecodable_reply_keeping_the_bytes() {
    let server = TestServer::start([Reply::raw(
        200,
        b"{\"resultCode\": \"0200000\", \"data\": {oops",
    )])
    .await;
    let err = client(&server.url)
        .call_result_detail(8, "x")
        .await
        .unwrap_err();
    match &err {
        Error::Decode {
            raw,
            source,
            status,
            ..
        } => {
            assert_eq!(&raw[..], b"{\"resultCode\": \"0200000\", \"data\": {oops");
            assert!(source.is_some());
            assert_eq!(*status, 200);
        }
        other => panic!("expected Decode, got {other:?}"),
    }
    assert!(
        err.to_string().contains("undecodable reply (HTTP 200)"),
        "{err}"
    );
    assert!(err.to_string().contains("{oops"), "{err}");
}

#[tokio::test]
async fn a_huge_garbled_body_is_kept_only_in_part() {
    let body = vec![b'x'; 1 << 20];
    let server = TestServer::start([Reply::raw(200, &body)]).await;
    let err = client(&server.url)
        .call_result_detail(8, "x")
        .await
        .unwrap_err();
    let Error::Decode { raw, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(raw.len(), huawei_cec::error::BODY_SNIPPET_LIMIT);
    assert!(err.to_string().len() < 4 * huawei_cec::error::BODY_SNIPPET_LIMIT);
}

#[tokio::test]
async fn an_html_401_is_still_an_authentication_error() {
    let server = TestServer::start([Reply::raw(401, b"<html>Unauthorized</html>")]).await;
    let err = client(&server.url).external_result(1, 1).await.unwrap_err();
    assert!(matches!(err, Error::Unauthorized { .. }), "{err:?}");
    assert!(
        err.to_string().contains("<html>Unauthorized</html>"),
        "{err}"
    );
}
