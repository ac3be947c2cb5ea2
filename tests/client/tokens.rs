//! The token provider: one request for many calls, renewal after a 401 and before expiry.

use super::*;

/// Token endpoint and call-records endpoint with counters; tokens are "tok-N".
pub(crate) struct DataProcessServer {
    pub(crate) server: TestServer,
    token_requests: Arc<AtomicUsize>,
}

impl DataProcessServer {
    /// The token requests the server received.
    pub(crate) fn token_requests(&self) -> usize {
        self.token_requests.load(Ordering::SeqCst)
    }
}

pub(crate) async fn data_process_server(reject_first_token: bool) -> DataProcessServer {
    let token_requests = Arc::new(AtomicUsize::new(0));
    let counter = token_requests.clone();
    let server = TestServer::with_handler(move |r: &Recorded| {
        if r.uri.path() == "/apigovernance/api/oauth/tokenByAkSk" {
            let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
            if body != json!({"app_key": APP_KEY, "app_secret": APP_SECRET}) {
                return Reply::json(401, &json!({"error": "bad app"}));
            }
            let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
            return Reply::json(
                200,
                &json!({"AccessToken": format!("tok-SECRET-{n}"), "Expires": "3600"}),
            )
            .delayed(Duration::from_millis(50));
        }
        let rejected = if reject_first_token {
            "Bearer tok-SECRET-1"
        } else {
            ""
        };
        match r.header("authorization") {
            Some(auth) if auth.starts_with("Bearer tok-SECRET-") && auth != rejected => {
                assert_eq!(r.header("x-app-key"), Some(APP_KEY));
                Reply::raw(200, &page("call_records.response.json"))
            }
            _ => Reply::json(401, &json!({"error": "token expired"})),
        }
    })
    .await;
    DataProcessServer {
        server,
        token_requests,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_concurrent_calls_make_one_token_request() {
    let dp = data_process_server(false).await;
    let client = client(&dp.server.url);
    let calls = (0..100).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.call_records("1", 1).call_id(RECORDS_CALL_ID).await })
    });
    for call in calls {
        let reply = call.await.unwrap().unwrap();
        assert_eq!(reply.total.map(i64::from), Some(2));
    }
    assert_eq!(
        dp.token_requests.load(Ordering::SeqCst),
        1,
        "one token for all"
    );
    assert_eq!(client.token_provider().unwrap().token_requests(), 1);
    assert_eq!(dp.server.received().len(), 101);
}

#[tokio::test]
async fn a_401_renews_the_token_once_and_retries_once() {
    let dp = data_process_server(true).await;
    let client = client(&dp.server.url);
    let reply = client
        .call_records("1", 1)
        .call_id(RECORDS_CALL_ID)
        .await
        .unwrap();
    assert_eq!(reply.results.len(), 2);
    assert_eq!(dp.token_requests.load(Ordering::SeqCst), 2);
    let paths: Vec<String> = dp
        .server
        .received()
        .iter()
        .map(|r| r.uri.path().to_owned())
        .collect();
    assert_eq!(
        paths,
        [
            "/apigovernance/api/oauth/tokenByAkSk",
            "/apiaccess/rest/dataprocess/v1/openapp/queryCallManualDetailInfo",
            "/apigovernance/api/oauth/tokenByAkSk",
            "/apiaccess/rest/dataprocess/v1/openapp/queryCallManualDetailInfo",
        ]
    );
}

#[tokio::test]
async fn a_token_that_stays_refused_gives_one_renewal_then_an_error() {
    let server = TestServer::with_handler(|r: &Recorded| {
        if r.uri.path().ends_with("tokenByAkSk") {
            Reply::json(
                200,
                &json!({"AccessToken": "tok-SECRET-x", "Expires": "3600"}),
            )
        } else {
            Reply::json(401, &json!({"error": "no"}))
        }
    })
    .await;
    let err = client(&server.url)
        .call_records("1", 1)
        .call_id(RECORDS_CALL_ID)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Unauthorized {
                operation: "queryCallRecords",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(server.received().len(), 4, "token, call, token, call");
}

#[tokio::test]
async fn wrong_app_credentials_fail_at_the_token_interface() {
    let dp = data_process_server(false).await;
    let client = builder(&dp.server.url)
        .app_credentials(AppCredentials::new(APP_KEY, "wrong"))
        .build()
        .unwrap();
    let err = client
        .call_records("1", 1)
        .call_id(RECORDS_CALL_ID)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Unauthorized {
                operation: "createToken",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("CEC_APP_SECRET"), "{err}");
}

#[tokio::test]
async fn a_documented_data_process_status_is_reported_with_its_meaning() {
    let dp_server = TestServer::with_handler(|r: &Recorded| {
        if r.uri.path().ends_with("tokenByAkSk") {
            Reply::json(200, &json!({"AccessToken": "t"}))
        } else {
            Reply::json(500, &json!({"error_msg": "business failure"}))
        }
    })
    .await;
    let err = client(&dp_server.url)
        .call_records("1", 1)
        .call_id(RECORDS_CALL_ID)
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("HTTP 500") && text.contains("Business failure. Check the values"),
        "{text}"
    );
    assert!(
        !err.is_retryable(),
        "the data-process 500 is a business failure"
    );
    assert_eq!(
        dp_server.received().len(),
        2,
        "token + one call: not retried"
    );
}

#[tokio::test]
async fn a_token_is_renewed_before_it_expires() {
    // A 2-second token is renewed halfway through its life (a long one a minute before).
    // The lifetime is read from `Expires` (documented: a numeric string), or from the
    // deprecated `Expires_In` when `Expires` is absent.
    for lifetime in [json!({"Expires": "2"}), json!({"Expires_In": 2})] {
        let tokens = Arc::new(AtomicUsize::new(0));
        let counter = tokens.clone();
        let shape = lifetime.clone();
        let server = TestServer::with_handler(move |r: &Recorded| {
            if r.uri.path().ends_with("tokenByAkSk") {
                let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
                let mut reply = shape.clone();
                reply["AccessToken"] = json!(format!("short-{n}"));
                Reply::json(200, &reply)
            } else {
                Reply::raw(200, &page("call_records.response.json"))
            }
        })
        .await;
        let client = client(&server.url);
        client
            .call_records("1", 1)
            .call_id(RECORDS_CALL_ID)
            .await
            .unwrap();
        client
            .call_records("1", 1)
            .call_id(RECORDS_CALL_ID)
            .await
            .unwrap();
        assert_eq!(tokens.load(Ordering::SeqCst), 1, "{lifetime}: still fresh");
        tokio::time::sleep(Duration::from_millis(1100)).await;
        client
            .call_records("1", 1)
            .call_id(RECORDS_CALL_ID)
            .await
            .unwrap();
        assert_eq!(
            tokens.load(Ordering::SeqCst),
            2,
            "{lifetime}: renewed before expiry"
        );
        let auths: Vec<String> = server
            .received()
            .iter()
            .filter(|r| !r.uri.path().ends_with("tokenByAkSk"))
            .map(|r| r.header("authorization").unwrap().to_owned())
            .collect();
        assert_eq!(
            auths,
            ["Bearer short-1", "Bearer short-1", "Bearer short-2"],
            "{lifetime}"
        );
    }
}

#[tokio::test]
async fn a_stalled_token_request_times_out_with_the_configured_timeout() {
    let server = TestServer::with_handler(|_: &Recorded| {
        Reply::json(200, &json!({"AccessToken": "t"})).delayed(Duration::from_secs(5))
    })
    .await;
    let client = builder(&server.url)
        .timeout(Duration::from_millis(150))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let err = client
        .call_records("1", 1)
        .call_id(RECORDS_CALL_ID)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Timeout { operation: "createToken", timeout, .. } if timeout == Duration::from_millis(150)),
        "{err:?}"
    );
}
