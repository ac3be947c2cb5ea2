//! The hand-written layer against real HTTP servers on loopback: signatures verified on the
//! server side, the token provider, retries, and every error case.

mod common;

use common::page;

use common::setup::{AK, APP_KEY, APP_SECRET, SK, builder, records_query};

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::{Recorded, Reply, TestServer, closed_port_url, resetting_server, verify_auth_v2};
use huawei_cec::{
    AkSk, AppCredentials, CallDirection, CallRecordsRequest, Client, Error, ResultCode,
    RetryPolicy, UpdateResultRequest,
};
use serde_json::json;

fn client(url: &str) -> Client {
    builder(url).build().unwrap()
}

/// A server that checks every auth-v2 signature (401 when wrong) and answers the page's
/// example of the operation called.
async fn verifying_server() -> TestServer {
    TestServer::with_handler(|r: &Recorded| {
        if let Err(why) = verify_auth_v2(r, AK, SK) {
            return Reply::json(401, &json!({"error": why.to_string()}));
        }
        let path = r.uri.path();
        let example = if path.ends_with("/callresultdetail/1644464743-1388") {
            "call_result_detail.response.json"
        } else if path.ends_with("/queryObsResultDetail") {
            "external_result.response.json"
        } else if path.ends_with("/querycalldetailbyid") {
            "cdr_by_call_id.response.json"
        } else if path.ends_with("/appoint/updateResult") {
            "update_reserved_result.response.json"
        } else {
            return Reply::raw(404, b"{}");
        };
        Reply::raw(200, &page(example))
    })
    .await
}

#[tokio::test]
async fn every_signed_operation_passes_server_side_verification() {
    let server = verifying_server().await;
    let client = client(&server.url);
    let detail = client
        .call_result_detail(8, "1644464743-1388")
        .await
        .unwrap();
    assert_eq!(
        detail.data.unwrap().call_id.as_deref(),
        Some("1644464743-1388")
    );
    let external = client.external_result(40, 1402245659).await.unwrap();
    assert_eq!(external.ob_result.unwrap().result_map_list.len(), 2);
    let cdr = client
        .cdr(1, "1000000000-0001", CallDirection::Inbound)
        .await
        .unwrap();
    assert_eq!(cdr.result_datas.unwrap().agent_id, Some(100));
    let update = client
        .update_reserved_result(
            8,
            &UpdateResultRequest::builder()
                .appoint_id("174738152455111432454674595509")
                .try_into()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(update.result_desc.as_deref(), Some("update success"));

    let received = server.received();
    assert_eq!(received.len(), 4);
    for request in &received {
        assert_eq!(
            verify_auth_v2(request, AK, SK),
            Ok(()),
            "{} {}",
            request.method,
            request.uri
        );
        let auth = request.header("authorization").unwrap();
        assert!(auth.starts_with(&format!("auth-v2/{AK}/")), "{auth}");
        let signed = auth.split('/').nth(3).unwrap();
        let expected = if request.method == "GET" {
            "content-type;host"
        } else {
            "content-length;content-type;host"
        };
        assert_eq!(signed, expected);
        assert_eq!(
            request.header("content-type"),
            Some("application/json; charset=UTF-8")
        );
    }
}

#[tokio::test]
async fn wrong_credentials_give_an_authentication_error_with_a_hint() {
    let server = verifying_server().await;
    let client = builder(&server.url)
        .ak_sk(AkSk::new(AK, "not-the-secret"))
        .build()
        .unwrap();
    let err = client
        .call_result_detail(8, "1644464743-1388")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unauthorized { .. }), "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains("HTTP 401") && text.contains("clock") && text.contains("CEC_SK"),
        "{text}"
    );
    assert!(
        text.contains("signature does not match"),
        "server's reason kept: {text}"
    );
    assert!(!err.is_retryable());
    assert_eq!(server.received().len(), 1, "a 401 is not retried");
}

#[tokio::test]
async fn a_skewed_clock_is_rejected_and_explained() {
    let server = verifying_server().await;
    let client = builder(&server.url)
        .clock(huawei_cec::Clock::offset(chrono::Duration::minutes(-30)))
        .build()
        .unwrap();
    let err = client.external_result(1, 1).await.unwrap_err();
    assert!(
        err.to_string().contains("away from the server's clock"),
        "{err}"
    );
}

/// Token endpoint and call-records endpoint with counters; tokens are "tok-N".
struct DataProcessServer {
    server: TestServer,
    token_requests: Arc<AtomicUsize>,
}

async fn data_process_server(reject_first_token: bool) -> DataProcessServer {
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
        tokio::spawn(async move { client.call_records(&records_query()).await })
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
    let reply = client.call_records(&records_query()).await.unwrap();
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
        .call_records(&records_query())
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
    let err = client.call_records(&records_query()).await.unwrap_err();
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
        .call_records(&records_query())
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
    assert!(reply.data.is_some());
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
    let request: UpdateResultRequest = UpdateResultRequest::builder()
        .appoint_id("a-1")
        .try_into()
        .unwrap();
    let err = client(&server.url)
        .update_reserved_result(8, &request)
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
    let err = client
        .update_reserved_result(8, &request)
        .await
        .unwrap_err();
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
        .update_reserved_result(8, &request)
        .await
        .unwrap_err();
    assert_eq!(
        accepted.load(Ordering::SeqCst),
        1,
        "a reset after connecting: not retried"
    );
}

fn client_for_update(url: &str) -> Client {
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

#[tokio::test]
async fn business_failures_are_typed_errors() {
    let server = TestServer::start([
        Reply::json(200, &json!({"returnCode": "0200007", "resultCode": "0200007", "resultDesc": "The call record ID does not exist."})),
        Reply::json(200, &json!({"resultCode": "0299999", "resultDesc": "something new"})),
        Reply::json(200, &json!({"result": "1", "resultCode": "0100002", "resultDesc": "no such CDR"})),
        Reply::json(200, &json!({"returnCode": "04000004", "resultCode": "04000004", "resultDesc": "gone"})),
        Reply::json(200, &json!({"unexpected": true})),
    ])
    .await;
    let client = client(&server.url);
    let err = client.call_result_detail(8, "nope").await.unwrap_err();
    assert_eq!(err.result_code(), Some(&ResultCode::CallIdNotFound));
    assert_eq!(
        err.to_string(),
        "getCallResultDetail: the server reported result code 0200007 (The call record ID does not exist.): \
         \"The call record ID does not exist.\"; HTTP 200"
    );
    let err = client.external_result(1, 1).await.unwrap_err();
    assert_eq!(
        err.result_code(),
        Some(&ResultCode::Unknown("0299999".into()))
    );
    assert!(
        err.to_string()
            .contains("a code the documentation does not list"),
        "{err}"
    );
    let err = client
        .cdr(1, "x", CallDirection::Inbound)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Api { description: Some(d), .. } if d == "no such CDR"),
        "{err:?}"
    );
    let request: UpdateResultRequest = UpdateResultRequest::builder()
        .appoint_id("a")
        .try_into()
        .unwrap();
    let err = client
        .update_reserved_result(8, &request)
        .await
        .unwrap_err();
    assert_eq!(
        err.result_code(),
        Some(&ResultCode::ReservedCampaignNotFound)
    );
    let err = client.call_result_detail(8, "x").await.unwrap_err();
    assert!(
        matches!(err, Error::Decode { .. }),
        "a reply without a result code: {err:?}"
    );
}

#[tokio::test]
async fn invalid_input_is_refused_before_anything_is_sent() {
    let server = TestServer::start([]).await;
    let client = client(&server.url);
    let long = "9".repeat(300);
    let cases: Vec<(&str, Error)> = vec![
        (
            "vdnId 0",
            client.call_result_detail(0, "x").await.unwrap_err(),
        ),
        (
            "vdnId 10000",
            client.external_result(10000, 1).await.unwrap_err(),
        ),
        (
            "empty callId",
            client.call_result_detail(1, "").await.unwrap_err(),
        ),
        (
            "long callId",
            client.call_result_detail(1, &long).await.unwrap_err(),
        ),
        (
            "ccId 0",
            client
                .cdr(0, "x", CallDirection::Inbound)
                .await
                .unwrap_err(),
        ),
        (
            "ccId 65536",
            client
                .cdr(65536, "x", CallDirection::Inbound)
                .await
                .unwrap_err(),
        ),
        (
            "cdr callId",
            client
                .cdr(1, " ", CallDirection::Inbound)
                .await
                .unwrap_err(),
        ),
        (
            "no callId nor dates",
            client
                .call_records(
                    &CallRecordsRequest::builder()
                        .sub_cc_no("1")
                        .vdn("1")
                        .try_into()
                        .unwrap(),
                )
                .await
                .unwrap_err(),
        ),
        (
            "empty callId, no dates",
            client
                .call_records(
                    &CallRecordsRequest::builder()
                        .sub_cc_no("1")
                        .vdn("1")
                        .call_id(Some(String::new()))
                        .try_into()
                        .unwrap(),
                )
                .await
                .unwrap_err(),
        ),
        (
            "update vdnId",
            client
                .update_reserved_result(
                    0,
                    &UpdateResultRequest::builder()
                        .appoint_id("a")
                        .try_into()
                        .unwrap(),
                )
                .await
                .unwrap_err(),
        ),
        (
            "end before begin",
            client
                .update_reserved_result(
                    1,
                    &UpdateResultRequest::builder()
                        .appoint_id("a")
                        .begin_time(Some(2000))
                        .end_time(Some(1000))
                        .try_into()
                        .unwrap(),
                )
                .await
                .unwrap_err(),
        ),
    ];
    for (case, err) in &cases {
        assert!(matches!(err, Error::InvalidInput { .. }), "{case}: {err:?}");
        assert!(err.is_invalid_input());
        assert!(
            err.to_string().contains("nothing was sent"),
            "{case}: {err}"
        );
    }
    assert_eq!(
        cases[0].1.to_string(),
        "invalid vdnId: 0 is out of range; the value is an integer ranging from 1 to 9999 (nothing was sent)"
    );
    assert_eq!(
        cases[4].1.to_string(),
        "invalid ccId: 0 is out of range; the value ranges from 1 to 65535 (nothing was sent)"
    );
    assert!(
        cases[7]
            .1
            .to_string()
            .contains("set callId, or beginDate or endDate")
    );
    assert!(server.received().is_empty(), "nothing may be sent");
    // The date rule is satisfied by either date alone.
    let with_date: CallRecordsRequest = CallRecordsRequest::builder()
        .sub_cc_no("1")
        .vdn("1")
        .end_date(Some("1658188800000".parse().unwrap()))
        .try_into()
        .unwrap();
    assert!(!matches!(
        client.call_records(&with_date).await,
        Err(Error::InvalidInput { .. })
    ));
}

#[tokio::test]
async fn missing_configuration_is_explained() {
    let client = Client::builder().build().unwrap();
    let err = client.call_result_detail(1, "x").await.unwrap_err();
    assert!(err.to_string().contains("CEC_ISALES_URL"), "{err}");
    let client = Client::builder()
        .isales_url("http://127.0.0.1:9")
        .build()
        .unwrap();
    let err = client.call_result_detail(1, "x").await.unwrap_err();
    assert!(err.to_string().contains("CEC_AK and CEC_SK"), "{err}");
    let client = Client::builder()
        .apiaccess_url("http://127.0.0.1:9")
        .build()
        .unwrap();
    let err = client.call_records(&records_query()).await.unwrap_err();
    assert!(err.to_string().contains("CEC_APP_KEY"), "{err}");
    let err = Client::builder().cms_url("ftp://x").build().unwrap_err();
    assert!(err.to_string().contains("must be http(s)://"), "{err}");
    let err = Client::builder()
        .root_certificates_pem("not a pem")
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("CA certificate"), "{err}");
    let err = Client::builder()
        .ak_sk(AkSk::new("a k", "s"))
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("access key"), "{err}");
}

#[tokio::test]
async fn requests_go_through_a_configured_proxy_signed_for_the_target_host() {
    let proxy = TestServer::start([Reply::raw(200, &page("external_result.response.json"))]).await;
    let client = builder("http://cc-isales.invalid:28090")
        .proxy(huawei_cec::reqwest::Proxy::http(&proxy.url).unwrap())
        .build()
        .unwrap();
    client.external_result(40, 1402245659).await.unwrap();
    let request = proxy.single();
    assert_eq!(
        request.uri.to_string(),
        "http://cc-isales.invalid:28090/rest/isales/v1/openapi/campaigns/40/1402245659/queryObsResultDetail"
    );
    assert_eq!(request.header("host"), Some("cc-isales.invalid:28090"));
    assert_eq!(
        verify_auth_v2(&request, AK, SK),
        Ok(()),
        "signed for the target, not the proxy"
    );
}

#[tokio::test]
async fn the_user_agent_is_sent() {
    let server = TestServer::start([Reply::raw(200, &page("external_result.response.json"))]).await;
    client(&server.url).external_result(40, 1).await.unwrap();
    assert_eq!(
        server.single().header("user-agent"),
        Some(concat!("huawei-cec/", env!("CARGO_PKG_VERSION")))
    );
    let server = TestServer::start([Reply::raw(200, &page("external_result.response.json"))]).await;
    builder(&server.url)
        .user_agent("crm-sync/2.1")
        .build()
        .unwrap()
        .external_result(40, 1)
        .await
        .unwrap();
    assert_eq!(server.single().header("user-agent"), Some("crm-sync/2.1"));
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
        client.call_records(&records_query()).await.unwrap();
        client.call_records(&records_query()).await.unwrap();
        assert_eq!(tokens.load(Ordering::SeqCst), 1, "{lifetime}: still fresh");
        tokio::time::sleep(Duration::from_millis(1100)).await;
        client.call_records(&records_query()).await.unwrap();
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
    let err = client.call_records(&records_query()).await.unwrap_err();
    assert!(
        matches!(err, Error::Timeout { operation: "createToken", timeout } if timeout == Duration::from_millis(150)),
        "{err:?}"
    );
}
