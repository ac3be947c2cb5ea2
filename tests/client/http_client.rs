//! A reqwest client of the user's own (`ClientBuilder::http_client`): it carries every
//! call, signed, with the crate's per-attempt timeout; the builder's HTTP settings are
//! refused beside it; a redirect it follows is an error, one it does not follow is refused
//! as with the crate's own client.

use super::*;

fn own_client(redirects: reqwest::redirect::Policy) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-own-client", "yes".parse().unwrap());
    reqwest::Client::builder()
        .redirect(redirects)
        .user_agent("my-crm/2.1")
        .default_headers(headers)
        .build()
        .unwrap()
}

#[tokio::test]
async fn every_call_goes_through_the_given_client_signed() {
    let server = verifying_server().await;
    let client = builder(&server.url)
        .http_client(own_client(reqwest::redirect::Policy::none()))
        .build()
        .unwrap();
    client
        .call_result_detail(8, "1644464743-1388")
        .await
        .unwrap();
    client.external_result(1, 1).await.unwrap();
    client
        .cdr(1, "1000000000-0001", CallDirection::Inbound)
        .await
        .unwrap();
    client.update_reserved_result(8, "a-1").await.unwrap();

    let received = server.received();
    assert_eq!(received.len(), 4, "{received:#?}");
    for request in &received {
        // The server verified each signature (it answers 401 otherwise).
        assert_eq!(request.header("x-own-client"), Some("yes"), "{request:#?}");
        assert_eq!(request.header("user-agent"), Some("my-crm/2.1"));
    }
}

#[tokio::test]
async fn tokens_and_call_records_go_through_the_given_client() {
    let server = TestServer::with_handler(|r: &Recorded| {
        if r.uri.path().ends_with("/tokenByAkSk") {
            Reply::json(
                200,
                &json!({"AccessToken": "tok-1", "ApplyType": "Bearer", "Expires": "600"}),
            )
        } else {
            Reply::raw(200, &page("call_records.response.json"))
        }
    })
    .await;
    let client = builder(&server.url)
        .http_client(own_client(reqwest::redirect::Policy::none()))
        .build()
        .unwrap();
    client
        .call_records("1", 1)
        .call_id(RECORDS_CALL_ID)
        .await
        .unwrap();
    let received = server.received();
    assert_eq!(
        received.len(),
        2,
        "a token, then the records: {received:#?}"
    );
    for request in &received {
        assert_eq!(request.header("x-own-client"), Some("yes"), "{request:#?}");
    }
    assert_eq!(received[1].header("authorization"), Some("Bearer tok-1"));
}

#[tokio::test]
async fn the_attempt_timeout_applies_to_a_given_client_without_one() {
    let server = TestServer::with_handler(|_: &Recorded| {
        Reply::raw(200, b"{}").delayed(Duration::from_secs(5))
    })
    .await;
    let client = builder(&server.url)
        .http_client(own_client(reqwest::redirect::Policy::none()))
        .timeout(Duration::from_millis(200))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let err = client.external_result(1, 1).await.unwrap_err();
    assert!(
        matches!(err, Error::Timeout { timeout, .. } if timeout == Duration::from_millis(200)),
        "{err:?}"
    );
}

#[test]
fn the_builders_http_settings_are_refused_beside_a_given_client() {
    let given = || own_client(reqwest::redirect::Policy::none());
    let cases: Vec<(&str, huawei_cec::ClientBuilder)> = vec![
        (
            "connect_timeout",
            builder("http://127.0.0.1:1").connect_timeout(Duration::from_secs(1)),
        ),
        ("user_agent", builder("http://127.0.0.1:1").user_agent("x")),
        (
            "proxy",
            builder("http://127.0.0.1:1")
                .proxy(reqwest::Proxy::all("http://127.0.0.1:3128").unwrap()),
        ),
        ("no_proxy", builder("http://127.0.0.1:1").no_proxy()),
        (
            "root_certificates_pem",
            builder("http://127.0.0.1:1").root_certificates_pem(b"-----".to_vec()),
        ),
        (
            "danger_accept_invalid_certificates",
            builder("http://127.0.0.1:1").danger_accept_invalid_certificates(true),
        ),
    ];
    for (setting, with_setting) in cases {
        let err = with_setting.http_client(given()).build().unwrap_err();
        let text = err.to_string();
        assert_eq!(err.kind(), "Config", "{setting}: {text}");
        assert!(text.contains(setting), "{setting}: {text}");
        assert!(
            text.contains("set them on the given reqwest client"),
            "{setting}: {text}"
        );
    }
    // Given first, setting after: refused just the same.
    let err = builder("http://127.0.0.1:1")
        .http_client(given())
        .no_proxy()
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("no_proxy"), "{err}");
    // Settings the crate applies per request are allowed beside a given client, and so is
    // asking for certificate checks (the safe value).
    builder("http://127.0.0.1:1")
        .http_client(given())
        .danger_accept_invalid_certificates(false)
        .timeout(Duration::from_secs(3))
        .deadline(Duration::from_secs(9))
        .max_response_bytes(1024)
        .build()
        .unwrap();
}

/// A server that redirects every request to `target`, and the target, which records what
/// reaches it.
async fn redirecting_to_a_recorder(status: u16) -> (TestServer, TestServer) {
    let target = TestServer::with_handler(|_: &Recorded| {
        Reply::raw(200, &page("external_result.response.json"))
    })
    .await;
    let location = format!("{}/elsewhere?token=LEAK#frag", target.url);
    let redirecting = TestServer::with_handler(move |_: &Recorded| {
        Reply::raw(status, b"").header("location", &location)
    })
    .await;
    (redirecting, target)
}

#[tokio::test]
async fn a_redirect_the_given_client_followed_is_an_error_naming_the_fix() {
    let (redirecting, target) = redirecting_to_a_recorder(307).await;
    let client = builder(&redirecting.url)
        .http_client(own_client(reqwest::redirect::Policy::limited(3)))
        .build()
        .unwrap();
    let err = client.external_result(1, 1).await.unwrap_err();
    let text = err.to_string();
    assert_eq!(err.kind(), "RedirectFollowed", "{text}");
    assert!(!err.is_retryable(), "{text}");
    assert!(text.contains("redirect::Policy::none()"), "{text}");
    assert!(text.contains("/elsewhere"), "{text}");
    assert!(!text.contains("LEAK") && !text.contains("frag"), "{text}");
    // It is said plainly that the request went there: it did.
    assert_eq!(target.received().len(), 1);
    assert_eq!(redirecting.received().len(), 1, "not retried");
}

#[tokio::test]
async fn a_given_client_that_does_not_follow_redirects_sends_nothing_elsewhere() {
    let (redirecting, target) = redirecting_to_a_recorder(307).await;
    let client = builder(&redirecting.url)
        .http_client(own_client(reqwest::redirect::Policy::none()))
        .build()
        .unwrap();
    let err = client.external_result(1, 1).await.unwrap_err();
    assert_eq!(err.kind(), "Redirect", "{err}");
    assert!(target.received().is_empty());
}

#[test]
fn the_builders_debug_does_not_show_the_given_clients_headers() {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-crm-token", "CRM-TOKEN-VALUE".parse().unwrap());
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    // reqwest's own Debug shows them: the builder must not pass that on.
    assert!(format!("{http:?}").contains("CRM-TOKEN-VALUE"));
    let builder = builder("http://127.0.0.1:1").http_client(http);
    let shown = format!("{builder:?}");
    assert!(!shown.contains("CRM-TOKEN-VALUE"), "{shown}");
    assert!(shown.contains("reqwest::Client { .. }"), "{shown}");
}
