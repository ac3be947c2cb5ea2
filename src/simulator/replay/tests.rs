use serde_json::{Value, json};

use super::*;

fn header(personal_data: &str) -> String {
    json!({"format": "huawei-cec-cassette", "version": 1, "crate_version": "0.1.0",
           "recorded_at": "2026-12-04T14:00:00.000Z", "personal_data": personal_data})
    .to_string()
}

fn exchange(
    seq: u64,
    operation: &str,
    path: &str,
    body: Option<Value>,
    status: u16,
    reply: Value,
) -> Value {
    let mut request = json!({"method": "POST", "scheme": "http", "path": path, "headers": {
        "authorization": "auth-v2/demo…/2026-12-04T14:00:00.123Z/content-length;content-type;host/[signature removed]"}});
    if let Some(body) = body {
        request["body"] = json!({"length": 10, "json": body});
    }
    json!({"seq": seq, "operation": operation, "server": "isales", "attempt": 1,
           "started_at": "2026-12-04T14:00:00.123Z", "duration_ms": 1.0,
           "auth": {"scheme": "none"}, "request": request,
           "response": {"status": status, "headers": {"content-type": "application/json", "date": "Thu, 01 Jan 2015 00:00:00 GMT", "transfer-encoding": "chunked", "x-trace": "t1"},
                        "body": {"length": 10, "json": reply}}})
}

fn cassette(personal_data: &str, exchanges: &[Value]) -> String {
    let mut text = header(personal_data);
    for e in exchanges {
        text.push('\n');
        text.push_str(&e.to_string());
    }
    text.push('\n');
    text
}

const CDR: &str = "/rest/cmsapp/v1/openapi/calldata/querycalldetailbyid";
const UPDATE: &str = "/rest/isales/v1/openapi/campaigns/8/appoint/updateResult";

fn reply_of(replay: &Replay, path: &str, body: &Value) -> Result<(u64, u16, Value), Vec<String>> {
    match replay.answer("POST", path, None, body.to_string().as_bytes()) {
        Ok(Answer {
            seq,
            reply:
                Reply::Http {
                    status,
                    body,
                    headers,
                },
        }) => {
            assert!(headers.get("date").is_none() && headers.get("transfer-encoding").is_none());
            assert_eq!(headers["x-trace"], "t1");
            Ok((seq, status.as_u16(), serde_json::from_slice(&body).unwrap()))
        }
        Ok(other) => panic!("{other:?}"),
        Err(unmatched) => Err(unmatched.differences),
    }
}

#[test]
fn recordings_of_one_request_answer_in_order_the_last_repeating() {
    let query = json!({"queryParam": {"ccId": 1, "isCallin": "true", "callId": "1-1"}});
    let text = cassette(
        "masked",
        &[
            exchange(
                1,
                "createToken",
                "/apigovernance/api/oauth/tokenByAkSk",
                None,
                200,
                json!({"AccessToken": "[REDACTED]"}),
            ),
            exchange(
                2,
                "queryCdrByCallId",
                CDR,
                Some(query.clone()),
                503,
                json!({"busy": true}),
            ),
            exchange(
                3,
                "queryCdrByCallId",
                CDR,
                Some(query.clone()),
                200,
                json!({"resultCode": "0100000"}),
            ),
        ],
    );
    let replay = Replay::from_reader(text.as_bytes()).unwrap();
    assert_eq!((replay.requests(), replay.replies()), (1, 2));
    // The keys in another order are the same JSON.
    let same = json!({"queryParam": {"callId": "1-1", "isCallin": "true", "ccId": 1}});
    assert_eq!(
        reply_of(&replay, CDR, &same).unwrap(),
        (2, 503, json!({"busy": true}))
    );
    assert_eq!(reply_of(&replay, CDR, &query).unwrap().0, 3);
    assert_eq!(reply_of(&replay, CDR, &query).unwrap().0, 3);
}

#[test]
fn masked_personal_data_matches_by_shape_and_kept_data_exactly() {
    let recorded = json!({"appointId": "a1", "callerNo": "+86 40213377"});
    let exchanges = [exchange(
        1,
        "updateReservedCallResult",
        UPDATE,
        Some(recorded.clone()),
        200,
        json!({"resultCode": "0200000"}),
    )];
    let masked = Replay::from_reader(cassette("masked", &exchanges).as_bytes()).unwrap();
    let kept = Replay::from_reader(cassette("kept", &exchanges).as_bytes()).unwrap();
    let real = json!({"appointId": "a1", "callerNo": "+86 13800001"});
    assert_eq!(reply_of(&masked, UPDATE, &real).unwrap().0, 1);
    assert_eq!(reply_of(&kept, UPDATE, &recorded).unwrap().0, 1);
    let differences = reply_of(&kept, UPDATE, &real).unwrap_err();
    assert_eq!(
        differences,
        vec!["the body at /callerNo: the values differ"]
    );
    let other_shape = json!({"appointId": "a1", "callerNo": "+86 1380000"});
    let differences = reply_of(&masked, UPDATE, &other_shape).unwrap_err();
    assert_eq!(
        differences,
        vec!["the body at /callerNo: a masked value of another shape"]
    );
    // An ordinary key is compared by value.
    let differences = reply_of(
        &masked,
        UPDATE,
        &json!({"appointId": "a2", "callerNo": "+86 13800001"}),
    )
    .unwrap_err();
    assert_eq!(
        differences,
        vec!["the body at /appointId: the values differ"]
    );
}

#[test]
fn an_unmatched_request_names_the_closest_recording_and_how_it_differs() {
    let text = cassette(
        "masked",
        &[
            exchange(
                1,
                "updateReservedCallResult",
                UPDATE,
                Some(json!({"appointId": "a1"})),
                200,
                json!({}),
            ),
            exchange(
                2,
                "queryCdrByCallId",
                CDR,
                Some(json!({"queryParam": {"ccId": 1}})),
                200,
                json!({}),
            ),
        ],
    );
    let replay = Replay::from_reader(text.as_bytes()).unwrap();
    let unmatched = replay
        .answer(
            "POST",
            CDR,
            Some("x=1"),
            br#"{"queryParam": {"ccId": "1", "extra": 2}}"#,
        )
        .unwrap_err();
    assert_eq!(unmatched.closest.as_ref().map(|c| c.0), Some(2));
    assert_eq!(
        unmatched.differences,
        vec![
            "the query: recorded with [], this request with [x]",
            "the body at /queryParam/ccId: recorded a number, this request a string",
            "the body at /queryParam/extra: only in this request",
        ]
    );
    let body = unmatched.body("POST", CDR);
    assert!(
        body.starts_with(r#"{"error":"replay: no recorded"#),
        "{body}"
    );
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["closest"]["seq"], 2);
    assert_eq!(body["request"]["operation"], "queryCdrByCallId");
    assert!(body["error"].as_str().unwrap().starts_with(
        "replay: no recorded exchange matches POST /rest/cmsapp/v1/openapi/calldata/querycalldetailbyid; the closest is exchange 2: the query"
    ), "{body}");
    let other_path = "/rest/isales/v1/openapi/campaigns/9/appoint/updateResult";
    let unmatched = replay
        .answer("POST", other_path, None, br#"{"appointId": "a1"}"#)
        .unwrap_err();
    assert_eq!(unmatched.closest.as_ref().map(|c| c.0), Some(1));
    assert_eq!(
        unmatched.differences,
        vec![format!("the path: recorded {UPDATE}")]
    );
    assert!(replay.answer("GET", "/nowhere", None, b"").is_err());
}

#[test]
fn what_cannot_be_replayed_is_refused_at_load_with_its_line() {
    let ok = exchange(1, "updateReservedCallResult", UPDATE, None, 200, json!({}));
    let with = |f: &dyn Fn(&mut Value)| {
        let mut e = ok.clone();
        f(&mut e);
        e
    };
    let huge = "x".repeat(MAX_REPLAY_BODY + 1);
    let cases: Vec<(Value, &str)> = vec![
        (
            with(&|e| e["response"]["status"] = json!(101)),
            "status 101 cannot be replayed",
        ),
        (
            with(&|e| e["response"]["status"] = json!(1000)),
            "status 1000 cannot be replayed",
        ),
        (
            with(&|e| e["response"]["headers"]["x-bad"] = json!("a\r\nset-cookie: x")),
            "the value of the reply's header x-bad",
        ),
        (
            with(&|e| e["response"]["headers"]["bad name"] = json!("v")),
            "header name \"bad name\" is not",
        ),
        (
            with(&|e| e["response"]["headers"]["x-long"] = json!("v".repeat(9000))),
            "x-long is 9000 bytes long",
        ),
        (
            with(&|e| e["response"]["body"] = json!({"length": 5, "base64": "!!!"})),
            "not valid base64",
        ),
        (
            with(&|e| e["response"]["body"] = json!({"length": 5, "text": huge})),
            "larger than 16 MiB",
        ),
        (
            with(&|e| {
                e["request"]["body"] = json!({"length": 5, "truncated": true, "text": "abc"})
            }),
            "the request's body was recorded only in part",
        ),
        (
            with(&|e| e["operation"] = json!("deleteEverything")),
            "the operation \"deleteEverything\" is not one of the spec's",
        ),
        (
            with(&|e| {
                e.as_object_mut().unwrap().remove("response");
            }),
            "neither a reply nor an error",
        ),
        (
            with(&|e| e["request"]["path"] = json!("no-slash")),
            "not an absolute path",
        ),
    ];
    for (bad, want) in cases {
        let text = cassette("masked", &[ok.clone(), bad]);
        let err = Replay::from_reader(text.as_bytes()).unwrap_err();
        assert_eq!(err.line, Some(3), "{want}: {err}");
        assert!(err.to_string().contains(want), "{want}: {err}");
    }
    let garbage = format!("{}\n{}\n{{\"seq\": \"one\"}}\n", header("masked"), ok);
    assert!(
        Replay::from_reader(garbage.as_bytes())
            .unwrap_err()
            .to_string()
            .starts_with("line 3: not an exchange")
    );
    let token_only = cassette(
        "masked",
        &[exchange(
            1,
            "createToken",
            "/apigovernance/api/oauth/tokenByAkSk",
            None,
            200,
            json!({}),
        )],
    );
    assert!(
        Replay::from_reader(token_only.as_bytes())
            .unwrap_err()
            .to_string()
            .contains("no exchange to replay")
    );
    // Read already, the exchange is named by its seq.
    let cassette = crate::cassette::Cassette::from_reader(
        cassette("masked", &[with(&|e| e["response"]["status"] = json!(99))]).as_bytes(),
    )
    .unwrap();
    let err = Replay::from_cassette(&cassette).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("exchange 1: the reply's status 99"),
        "{err}"
    );
}

#[test]
fn a_recorded_failure_closes_the_connection_and_secrets_are_not_compared() {
    let mut failed = exchange(
        1,
        "updateReservedCallResult",
        UPDATE,
        Some(json!({"appointId": "a", "app_secret": "[REDACTED]"})),
        200,
        json!({}),
    );
    failed.as_object_mut().unwrap().remove("response");
    failed["error"] = json!("timed out");
    let replay = Replay::from_reader(cassette("masked", &[failed]).as_bytes()).unwrap();
    let answer = replay
        .answer(
            "POST",
            UPDATE,
            None,
            br#"{"appointId": "a", "app_secret": "real"}"#,
        )
        .unwrap();
    assert!(matches!(answer.reply, Reply::Close));
    // A reply recorded only in part is answered with a 501 saying so, the rest replayed.
    let mut cut = exchange(1, "updateReservedCallResult", UPDATE, None, 200, json!({}));
    cut["response"]["body"] = json!({"length": 5000000, "truncated": true, "text": "{\"a"});
    let replay = Replay::from_reader(cassette("masked", &[cut]).as_bytes()).unwrap();
    let answer = replay.answer("POST", UPDATE, None, b"").unwrap();
    assert!(
        matches!(answer.reply, Reply::Truncated { length: 5000000 }),
        "{answer:?}"
    );
    assert_eq!(operation_of(UPDATE), Some("updateReservedCallResult"));
    assert_eq!(
        operation_of("/rest/isales/v1/openapi/campaigns//appoint/updateResult"),
        None
    );
}
