//! What a reply carried besides its payload, on a success (`send_with_metadata`) and on an
//! error (`Error::metadata`): the request ID, `Retry-After`, the decoded error body; and
//! never a credential a hostile server echoes in its headers.

use super::*;

/// Every header a server could put a credential in, each echoing what the request carried
/// (its `Authorization`: the auth-v2 signature, or the bearer token).
fn echoing(r: &Recorded, reply: Reply) -> Reply {
    let auth = r.header("authorization").unwrap_or_default().to_owned();
    reply
        .header("x-request-id", &format!("req-{auth}"))
        .header("x-trace-id", &auth)
        .header("set-cookie", &format!("session={auth}; HttpOnly"))
        .header("authorization", &auth)
        .header("www-authenticate", &auth)
        .header("x-auth-token", &auth)
}

/// What the server was sent as credentials: every signature and token of the requests.
fn credentials_sent(server: &TestServer) -> Vec<String> {
    let mut sent = vec![SK.to_owned(), APP_SECRET.to_owned()];
    for request in server.received() {
        if let Some(auth) = request.header("authorization") {
            // The signature (the last field of auth-v2) or the token.
            let secret = auth.rsplit(['/', ' ']).next().unwrap_or_default();
            assert!(secret.len() >= 10, "{auth}");
            sent.push(secret.to_owned());
        }
    }
    sent
}

fn assert_none_shown(what: &str, shown: &str, secrets: &[String]) {
    for secret in secrets {
        assert!(
            !shown.contains(secret.as_str()),
            "{what} shows {secret}: {shown}"
        );
    }
    assert!(
        !shown.contains("session="),
        "{what} keeps Set-Cookie: {shown}"
    );
}

#[tokio::test]
async fn a_server_echoing_credentials_in_its_headers_gets_none_into_metadata_or_errors() {
    for status in [200u16, 500] {
        let server = TestServer::with_handler(move |r: &Recorded| {
            if r.uri.path().ends_with("tokenByAkSk") {
                return Reply::json(
                    200,
                    &json!({"AccessToken": "tok-SECRET-echoed", "Expires": "3600"}),
                );
            }
            let body = if r.uri.path().contains("queryCallManualDetailInfo") {
                page("call_records.response.json")
            } else {
                page("call_result_detail.response.json")
            };
            echoing(r, Reply::raw(status, &body))
        })
        .await;
        let client = builder(&server.url)
            .retry_policy(RetryPolicy::none())
            .build()
            .unwrap();
        let signed = client
            .call_result_detail(8, "1644464743-1388")
            .send_with_metadata()
            .await;
        let bearer = client
            .call_records("1", 1)
            .call_id(RECORDS_CALL_ID)
            .send_with_metadata()
            .await;
        let secrets = credentials_sent(&server);
        assert!(secrets.iter().any(|s| s == "tok-SECRET-echoed"));
        let shown = match (&signed, &bearer) {
            (Ok((_, a)), Ok((_, b))) => {
                // The request ID is kept, the echoed credential in it is not.
                assert!(a.request_id().unwrap().starts_with("req-auth-v2"), "{a:?}");
                assert!(a.request_id().unwrap().ends_with("[REDACTED]"), "{a:?}");
                assert_eq!(b.request_id(), Some("req-Bearer [REDACTED]"), "{b:?}");
                format!("{a:?} {b:?}")
            }
            (Err(a), Err(b)) => {
                assert_eq!(a.status(), Some(500), "{a:?}");
                assert_eq!(b.status(), Some(500), "{b:?}");
                assert_eq!(b.request_id(), Some("req-Bearer [REDACTED]"), "{b:?}");
                format!("{a} {a:?} {b} {b:?}")
            }
            other => panic!("HTTP {status}: {other:?}"),
        };
        assert_none_shown(&format!("HTTP {status}"), &shown, &secrets);
    }
}

#[tokio::test]
async fn an_error_keeps_the_request_id_retry_after_and_the_decoded_body() {
    let server = TestServer::start([
        Reply::json(503, &json!({"error": "busy"}))
            .header("retry-after", "7")
            .header("x-request-id", "req-42"),
        Reply::json(
            200,
            &json!({"AccessToken": "tok-SECRET-1", "Expires": "3600"}),
        ),
        Reply::json(
            400,
            &json!({"error_code": "CEC.0400", "error_msg": "bad vdn"}),
        )
        .header(
            "traceparent",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        ),
    ])
    .await;
    let client = builder(&server.url)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let err = client.external_result(40, 1).await.unwrap_err();
    assert!(
        matches!(&err, Error::HttpStatus { status: 503, retry_after: Some(wait), .. }
            if *wait == Duration::from_secs(7)),
        "{err:?}"
    );
    assert_eq!(err.retry_after(), Some(Duration::from_secs(7)));
    assert_eq!(err.request_id(), Some("req-42"));
    let meta = err.metadata().unwrap();
    assert_eq!((meta.status(), meta.attempts()), (503, 1));
    assert_eq!(meta.request_id_header(), Some("x-request-id"));
    assert!(err.to_string().contains("request ID: req-42"), "{err}");

    let err = client
        .call_records("1", 1)
        .call_id(RECORDS_CALL_ID)
        .await
        .unwrap_err();
    let Error::HttpStatus {
        json: Some(body), ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(
        body["error_msg"], "bad vdn",
        "the body decoded, not flattened"
    );
    assert_eq!(
        err.request_id(),
        Some("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
    );
}

#[tokio::test]
async fn a_success_gives_its_metadata_on_request() {
    let server = verifying_server().await;
    let client = client(&server.url);
    let (cdr, meta) = client
        .cdr(1, "1000000000-0001", CallDirection::Inbound)
        .send_with_metadata()
        .await
        .unwrap();
    assert_eq!(cdr.agent_id, Some(100));
    assert_eq!(meta.operation(), "queryCdrByCallId");
    assert_eq!((meta.status(), meta.attempts()), (200, 1));
    assert_eq!(meta.result_code(), Some("0100000"));
    assert_eq!(meta.request_id(), None, "the server sent none");
}
