//! Cassettes: reading any file, checking any recorded reply against the spec, loading any
//! cassette for replay and matching any request never panics; a finding never shows a
//! value of the reply.

use huawei_cec::cassette::Cassette;
use huawei_cec::conformance::{Checker, check_exchange};
use huawei_cec::simulator::Replay;

use super::*;

const HEADER: &str = r#"{"format":"huawei-cec-cassette","version":1,"crate_version":"0.1.0","recorded_at":"2026-12-04T14:00:00.000Z","personal_data":"masked"}"#;

const OPERATIONS: &[(&str, &str)] = &[
    (
        "getCallResultDetail",
        "/rest/isales/v1/openapi/campaigns/8/callresultdetail/1644464743-1388",
    ),
    (
        "getExternalResult",
        "/rest/isales/v1/openapi/campaigns/40/1402245659/queryObsResultDetail",
    ),
    (
        "queryCdrByCallId",
        "/rest/cmsapp/v1/openapi/calldata/querycalldetailbyid",
    ),
    (
        "queryCallRecords",
        "/apiaccess/rest/dataprocess/v1/openapp/queryCallManualDetailInfo",
    ),
    (
        "updateReservedCallResult",
        "/rest/isales/v1/openapi/campaigns/8/appoint/updateResult",
    ),
    ("createToken", "/apigovernance/api/oauth/tokenByAkSk"),
    ("notAnOperation", "/x"),
];

fn status() -> BoxedStrategy<u16> {
    prop_oneof![3 => select(&[200u16, 400, 401, 403, 404, 500][..]), 1 => any::<u16>()].boxed()
}

fn content_type() -> BoxedStrategy<Option<String>> {
    prop_oneof![
        3 => Just(Some("application/json;charset=UTF-8".to_owned())),
        1 => Just(None),
        1 => Just(Some("text/html".to_owned())),
        1 => ".{0,20}".prop_map(Some),
    ]
    .boxed()
}

/// A reply body as a cassette records it: JSON shaped like the operation's reply (its
/// strings marked), any JSON, text or base64, sometimes cut.
fn recorded_body() -> BoxedStrategy<Value> {
    let shaped = prop_oneof![
        call_result_detail_json(),
        external_result_json(),
        cdr_json(),
        call_records_json(),
        update_result_json(),
        token_json(),
        any_json(),
    ];
    prop_oneof![
        4 => shaped.prop_map(|v| json!({"length": 10, "json": mark_strings(v)})),
        1 => text().prop_map(|t| json!({"length": t.len(), "text": format!("{SECRET_MARKER}{t}")})),
        1 => ".{0,12}".prop_map(|t| json!({"length": 3, "base64": t})),
        1 => text().prop_map(|t| json!({"length": 9_999_999, "truncated": true, "text": t})),
    ]
    .boxed()
}

fn exchange_line() -> BoxedStrategy<Value> {
    (
        select(OPERATIONS),
        status(),
        content_type(),
        prop::option::of(recorded_body()),
        prop::option::of(any_json()),
    )
        .prop_map(
            |((operation, path), status, content_type, body, request_body)| {
                let mut headers = Map::new();
                if let Some(ct) = content_type {
                    headers.insert("content-type".into(), json!(ct));
                }
                let mut response = json!({"status": status, "headers": headers});
                if let Some(body) = body {
                    response["body"] = body;
                }
                let mut request =
                    json!({"method": "POST", "scheme": "http", "path": path, "headers": {}});
                if let Some(b) = request_body {
                    request["body"] = json!({"length": 1, "json": b});
                }
                json!({"seq": 1, "operation": operation, "server": "isales", "attempt": 1,
                   "started_at": "2026-12-04T14:00:00.123Z", "duration_ms": 1.0,
                   "auth": {"scheme": "none"}, "request": request, "response": response})
            },
        )
        .boxed()
}

proptest! {
    #![proptest_config(config(PURE_CASES))]

    /// Any bytes, alone or after a header: read, checked and loaded for replay, or refused
    /// with an error.
    #[test]
    fn any_file_is_read_checked_and_loaded_or_refused(bytes in body_bytes(), after_header in any::<bool>()) {
        let mut text = Vec::new();
        if after_header {
            text.extend_from_slice(HEADER.as_bytes());
            text.push(b'\n');
        }
        text.extend_from_slice(&bytes);
        if let Ok(cassette) = Cassette::from_reader(&text[..]) {
            let mut checker = Checker::new();
            for exchange in &cassette.exchanges {
                checker.check(exchange);
            }
        }
        let _ = Replay::from_reader(&text[..]);
    }

    /// Any recorded reply of any operation is checked; what a finding says is the spec's
    /// and the shape of what came, never a value of the reply (every string of it carries
    /// a marker that no finding may show).
    #[test]
    fn any_reply_is_checked_and_no_finding_shows_a_value(line in exchange_line()) {
        let text = format!("{HEADER}\n{line}\n");
        let cassette = Cassette::from_reader(text.as_bytes()).unwrap();
        for finding in check_exchange(&cassette.exchanges[0]) {
            let shown = format!("{finding} {}", serde_json::to_string(&finding).unwrap());
            prop_assert!(!shown.contains(SECRET_MARKER), "{}", shown);
        }
    }

    /// Any cassette of such exchanges loads for replay or is refused, and any request is
    /// answered or told what differs.
    #[test]
    fn any_request_is_matched_against_any_cassette(
        lines in prop::collection::vec(exchange_line(), 1..5),
        method in select(&["GET", "POST"][..]),
        path in select(OPERATIONS).prop_map(|(_, p)| p),
        body in body_bytes(),
    ) {
        let mut text = format!("{HEADER}\n");
        for line in &lines {
            text.push_str(&format!("{line}\n"));
        }
        if let Ok(replay) = Replay::from_reader(text.as_bytes()) {
            // Through a real simulator: matching any body never panics the server.
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            rt.block_on(async {
                let sim = huawei_cec::simulator::Simulator::builder().calls(0).replay(replay).start().await.unwrap();
                let client = reqwest::Client::builder().no_proxy().build().unwrap();
                let url = format!("{}{path}", sim.url());
                let sent = client.request(method.parse().unwrap(), url).body(body).send().await;
                prop_assert!(sent.is_ok(), "{sent:?}");
                Ok(())
            })?;
        }
    }
}
