use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::*;
use crate::cassette::{Auth, Body, Request};

fn exchange(
    operation: &str,
    status: u16,
    content_type: Option<&str>,
    body: Option<Value>,
) -> Exchange {
    Exchange {
        seq: 7,
        operation: operation.into(),
        server: "isales".into(),
        attempt: 1,
        started_at: "2026-12-04T14:00:00.123Z".into(),
        duration_ms: 1.0,
        auth: Auth::None,
        request: Request {
            method: "GET".into(),
            scheme: "http".into(),
            port: None,
            path: "/".into(),
            query: None,
            headers: BTreeMap::new(),
            body: None,
        },
        response: Some(Response {
            status,
            headers: content_type
                .map(|ct| BTreeMap::from([("content-type".to_owned(), ct.to_owned())]))
                .unwrap_or_default(),
            body: body.map(|value| Body {
                length: value.to_string().len() as u64,
                truncated: false,
                content: Content::Json(value),
            }),
        }),
        error: None,
    }
}

fn found(operation: &str, status: u16, body: Value) -> Vec<(Severity, Kind, String)> {
    check_exchange(&exchange(
        operation,
        status,
        Some("application/json"),
        Some(body),
    ))
    .into_iter()
    .map(|f| (f.severity, f.kind, f.pointer))
    .collect()
}

#[test]
fn the_embedded_spec_has_every_operation_and_its_patterns_compile() {
    assert!(spec::document().is_object());
    let ids: Vec<&str> = spec::operation_ids().collect();
    assert_eq!(ids.len(), 6, "{ids:?}");
    for operation in crate::cassette::operations() {
        assert!(spec::operation(operation.operation_id).is_some());
    }
    fn patterns(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(p)) = map.get("pattern") {
                    out.push(p.clone());
                }
                map.values().for_each(|v| patterns(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| patterns(v, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    patterns(spec::document(), &mut all);
    assert!(all.len() >= 5, "{all:?}");
    for pattern in all {
        assert!(regress::Regex::new(&pattern).is_ok(), "{pattern}");
    }
}

/// Every response example of the spec (the pages' own, and the failures shaped after their
/// tables) conforms to its own schema: no error, no warning.
#[test]
fn the_spec_examples_conform() {
    let mut checked = 0;
    for id in spec::operation_ids() {
        let operation = spec::operation(id).unwrap();
        for (status, response) in operation["responses"].as_object().unwrap() {
            let (response, _) = spec::resolve(spec::document(), response);
            for (media_type, media) in response["content"].as_object().into_iter().flatten() {
                for (name, example) in media["examples"].as_object().into_iter().flatten() {
                    let value = example["value"].clone();
                    let ex = exchange(id, status.parse().unwrap(), Some(media_type), Some(value));
                    let findings = check_exchange(&ex);
                    let bad: Vec<&Finding> = findings
                        .iter()
                        .filter(|f| f.severity > Severity::Note)
                        .collect();
                    assert!(bad.is_empty(), "{id} {status} example {name}: {bad:#?}");
                    checked += 1;
                }
            }
        }
    }
    assert!(checked >= 10, "only {checked} examples found");
}

/// The response examples of the five pages, as extracted from them verbatim
/// (`tests/fixtures/pages/`), conform.
#[test]
fn the_pages_examples_conform() {
    let pages = [
        ("call_result_detail", "getCallResultDetail"),
        ("external_result", "getExternalResult"),
        ("cdr_by_call_id", "queryCdrByCallId"),
        ("call_records", "queryCallRecords"),
        ("update_reserved_result", "updateReservedCallResult"),
    ];
    for (page, operation) in pages {
        let path = format!(
            "{}/tests/fixtures/pages/{page}.response.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let value: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let findings = found(operation, 200, value);
        assert_eq!(findings, vec![], "{page}");
    }
}

#[test]
fn each_kind_of_difference_is_found_with_its_pointer() {
    let detail = json!({
        "resultCode": "0200000",
        "returnCode": "0299999",
        "extra": [1],
        "data": {
            "vdnId": "8",
            "callStatus": 7,
            "calledNo": "123",
            "callid": "x",
        },
    });
    assert_eq!(
        found("getCallResultDetail", 200, detail),
        vec![
            (
                Severity::Note,
                Kind::ExtensibleEnum,
                "/body/json/data/callStatus".into()
            ),
            (
                Severity::Warning,
                Kind::UndeclaredKey,
                "/body/json/data/calledNo".into()
            ),
            (
                Severity::Warning,
                Kind::UndeclaredKey,
                "/body/json/data/callid".into()
            ),
            (Severity::Error, Kind::Type, "/body/json/data/vdnId".into()),
            (
                Severity::Warning,
                Kind::UndeclaredKey,
                "/body/json/extra".into()
            ),
            (
                Severity::Warning,
                Kind::ResultCode,
                "/body/json/returnCode".into()
            ),
        ]
    );
    // A lenient form: an integer or a string of digits, not another string.
    assert_eq!(
        found(
            "getExternalResult",
            200,
            json!({"obResult": {"resultMapList": [{"vdnId": "4x"}, {"vdnId": 4}]}})
        ),
        vec![(
            Severity::Error,
            Kind::Type,
            "/body/json/obResult/resultMapList/0/vdnId".into()
        )]
    );
    // Required keys, and an alias counts.
    assert_eq!(
        found("createToken", 200, json!({"Expires": 600})),
        vec![(
            Severity::Error,
            Kind::MissingKey,
            "/body/json/AccessToken".into()
        )]
    );
    assert_eq!(
        found(
            "queryCdrByCallId",
            200,
            json!({"resultDatas": {"agentId": 1}, "resultDesc": {"agentId ": "1"}})
        ),
        vec![(
            Severity::Error,
            Kind::Type,
            "/body/json/resultDesc/agentId ".into()
        )]
    );
    // The token reply: an empty token, no lifetime.
    assert_eq!(
        found("createToken", 200, json!({"AccessToken": ""})),
        vec![
            (
                Severity::Error,
                Kind::Token,
                "/body/json/AccessToken".into()
            ),
            (Severity::Note, Kind::Token, "/body/json/Expires".into()),
        ]
    );
    // CC-CMS lists no failure codes: a note, not a warning.
    assert_eq!(
        found(
            "queryCdrByCallId",
            200,
            json!({"result": "1", "resultCode": "0100002", "resultDesc": "x"})
        ),
        vec![(
            Severity::Note,
            Kind::ResultCode,
            "/body/json/resultCode".into()
        )]
    );
    // An error status's body is any JSON object.
    assert_eq!(
        found("queryCallRecords", 400, json!({"anything": [1, {}]})),
        vec![]
    );
    assert_eq!(
        found("queryCallRecords", 400, json!([1])),
        vec![(Severity::Error, Kind::Type, "/body/json".into())]
    );
}

#[test]
fn statuses_content_types_and_bodies_are_checked() {
    let kinds = |ex: Exchange| -> Vec<(Severity, Kind, String, String)> {
        check_exchange(&ex)
            .into_iter()
            .map(|f| (f.severity, f.kind, f.pointer, f.came))
            .collect()
    };
    let ok = json!({"resultCode": "0200000"});
    assert_eq!(
        kinds(exchange(
            "getCallResultDetail",
            503,
            Some("text/html"),
            None
        )),
        vec![(
            Severity::Error,
            Kind::Status,
            "/status".into(),
            "HTTP 503".into()
        )]
    );
    let spec_says = check_exchange(&exchange("getCallResultDetail", 503, None, None));
    assert_eq!(
        spec_says[0].spec,
        "getCallResultDetail declares HTTP 200, 401"
    );
    assert_eq!(
        kinds(exchange(
            "getCallResultDetail",
            200,
            Some("text/plain; charset=utf-8"),
            Some(ok.clone())
        )),
        vec![(
            Severity::Error,
            Kind::ContentType,
            "/headers/content-type".into(),
            "text/plain".into()
        )]
    );
    assert_eq!(
        kinds(exchange(
            "getCallResultDetail",
            200,
            Some("Application/JSON;charset=UTF-8"),
            Some(ok.clone())
        )),
        vec![]
    );
    assert_eq!(
        kinds(exchange("getCallResultDetail", 200, None, Some(ok))),
        vec![(
            Severity::Warning,
            Kind::ContentType,
            "/headers/content-type".into(),
            "no Content-Type".into()
        )]
    );
    assert_eq!(
        kinds(exchange(
            "getCallResultDetail",
            200,
            Some("application/json"),
            None
        )),
        vec![(
            Severity::Warning,
            Kind::Body,
            "/body".into(),
            "no body".into()
        )]
    );
    // The token interface's 403 is an HTML page, as declared.
    let mut html = exchange("createToken", 403, Some("text/html"), None);
    html.response.as_mut().unwrap().body = Some(Body {
        length: 9,
        truncated: false,
        content: Content::Text("<html>403".into()),
    });
    assert_eq!(kinds(html.clone()), vec![]);
    html.response
        .as_mut()
        .unwrap()
        .headers
        .insert("content-type".into(), "application/json".into());
    assert_eq!(
        kinds(html),
        vec![(
            Severity::Error,
            Kind::Body,
            "/body".into(),
            "text, 9 bytes, not JSON".into()
        )]
    );
    let mut unknown = exchange("getEverything", 200, None, None);
    assert_eq!(check_exchange(&unknown)[0].kind, Kind::UnknownOperation);
    unknown.operation = "getCallResultDetail".into();
    unknown.response = None;
    assert_eq!(check_exchange(&unknown)[0].severity, Severity::Note);
}

#[test]
fn findings_never_show_a_value() {
    let secret = "SECRET-13800001111";
    let body = json!({
        "resultCode": secret, "data": {"vdnId": secret, "called": 13800001111_i64, "extraKey": secret},
    });
    let findings = check_exchange(&exchange(
        "getCallResultDetail",
        200,
        Some("application/json"),
        Some(body),
    ));
    assert_eq!(findings.len(), 4, "{findings:#?}");
    for finding in &findings {
        let shown = format!("{finding} {}", serde_json::to_string(finding).unwrap());
        assert!(!shown.contains(secret), "{shown}");
        assert!(!shown.contains("13800001111"), "{shown}");
    }
}

#[test]
fn the_checker_counts_and_says_whether_everything_conforms() {
    let mut checker = Checker::new();
    assert!(
        checker
            .check(&exchange(
                "getCallResultDetail",
                200,
                Some("application/json"),
                Some(json!({}))
            ))
            .is_empty()
    );
    assert!(checker.summary().conforms());
    checker.check(&exchange(
        "queryCdrByCallId",
        200,
        Some("application/json"),
        Some(json!({"resultCode": "1"})),
    ));
    assert!(checker.summary().conforms(), "a note only");
    checker.check(&exchange(
        "queryCdrByCallId",
        200,
        Some("application/json"),
        Some(json!({"x": 1})),
    ));
    let summary = checker.summary();
    assert_eq!((summary.exchanges, summary.replies), (3, 3));
    assert_eq!((summary.errors, summary.warnings, summary.notes), (0, 1, 1));
    assert!(!summary.conforms());
}

#[test]
fn a_key_spelled_otherwise_is_named() {
    let findings = check_exchange(&exchange(
        "getCallResultDetail",
        200,
        Some("application/json"),
        Some(json!({"data": {"callid": "1"}})),
    ));
    assert_eq!(
        findings[0].spec,
        "CallResultDetail declares no such key; it declares \"callId\", spelled otherwise"
    );
}
