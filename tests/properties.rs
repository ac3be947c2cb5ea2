//! Robustness properties, run by CI in bounded time (the fuzz targets in `fuzz/` explore
//! the same ground without bounds):
//!
//! * every response type decodes arbitrary bytes and arbitrary, structure-aware JSON
//!   without panicking, and whatever decodes round-trips;
//! * the lenient wire types read every form they promise to;
//! * the `auth-v2` signer canonicalizes and signs arbitrary requests under every signing
//!   profile without panicking; the streamed signature is the HMAC of the rendered
//!   canonical request; what it signs verifies, while a changed body or path does not;
//!   verifying any `Authorization` header never panics; a profile reads back from its text;
//! * end to end, the client answers every status and body a server may send with `Ok` or
//!   a typed error, never a panic, and never `Ok` for a status outside 2xx; and whatever a
//!   caller passes is refused before sending or sent with a signature the server accepts.
//!
//! Case counts are set per property (`PROPTEST_CASES` overrides them all, for a longer
//! local run). Failures are not persisted to a file: a failing case prints its input, to be
//! pinned as an example test.

mod common;

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use common::{Recorded, Reply, TestServer, page};
use huawei_cec::auth::{
    HeaderSet, QueryLine, SignableRequest, Signer, SigningProfile, canonical_query,
    canonical_request, normalize, sign_v2, signing_key,
};
use huawei_cec::simulator::{VerifyError, VerifyOptions, verify_v2, verify_v2_with};
use huawei_cec::{
    AkSk, AppCredentials, CallDirection, CallRecordsRequest, CallRecordsResponse,
    CallResultDetailResponse, CallStatus, CallType, CdrCallResult, CdrQueryResponse, CdrRecord,
    Client, Error, ErrorBody, ExternalResultResponse, LenientInt, MediaType, RetryPolicy,
    TokenResponse, UpdateResultRequest, UpdateResultResponse,
};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{TestCaseError, TestRunner};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Number, Value, json};

// ---------------------------------------------------------------------------------------
// Configuration

/// Cases of the pure (decoding, signing) properties.
const PURE_CASES: u32 = 256;
/// Cases of the properties that go through HTTP.
const HTTP_CASES: u32 = 48;

fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        failure_persistence: None,
        max_shrink_time: 20_000,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------
// Structure-aware JSON

/// Every key the replies (and their nested objects) use, `"agentId "` with its trailing
/// space included, and a few they do not.
const KEYS: &[&str] = &[
    "resultCode",
    "resultDesc",
    "returnCode",
    "returnDesc",
    "data",
    "callId",
    "called",
    "callStatus",
    "vdnId",
    "failCode",
    "recordPath",
    "ackBeginTime",
    "callBeginTime",
    "callEndTime",
    "obResult",
    "defId",
    "displayResult",
    "resultMapList",
    "mapId",
    "result",
    "resultDatas",
    "vdn",
    "callerNo",
    "calleeNo",
    "callType",
    "agentId",
    "agentId ",
    "skillId",
    "anonyCall",
    "queueWaitTime",
    "ivrCallTime",
    "ackTime",
    "callTime",
    "releaseCause",
    "beginTime",
    "endTime",
    "busiResult",
    "busiSubStatus",
    "total",
    "results",
    "mediatype",
    "mediaType",
    "evaluationValue",
    "leaveReason",
    "logDate",
    "waitBegin",
    "ackBegin",
    "callBegin",
    "callEnd",
    "AccessToken",
    "ApplyType",
    "CreateTime",
    "Expires",
    "Scope",
    "AppKey",
    "UserID",
    "Expires_In",
    "error",
    "",
];

/// Strings the replies carry: result codes, call statuses, documented enum values, numbers
/// as strings (with the whitespace and signs a lenient parser must handle).
const TEXTS: &[&str] = &[
    "0200000",
    "0100000",
    "0",
    "5",
    "6",
    "-1",
    "0000",
    "0900",
    "0101",
    "0601",
    "10",
    "19",
    "53",
    " 42 ",
    "+7",
    "-0",
    "9223372036854775807",
    "-9223372036854775808",
    "9223372036854775808",
    "2022-02-10 11:45:51",
    "1644464743-1388",
    "",
    " ",
    "\u{0}",
    "é",
    "\u{FFFD}",
    "0200007",
    "04000004",
];

/// Result codes, success ones first.
const CODES: &[&str] = &["0200000", "0100000", "0200007", "04000004", "0", "1", ""];

fn text() -> BoxedStrategy<String> {
    prop_oneof![
        3 => select(TEXTS).prop_map(str::to_owned),
        1 => any::<i64>().prop_map(|i| i.to_string()),
        2 => ".{0,12}",
    ]
    .boxed()
}

fn leaf() -> BoxedStrategy<Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-10i64..70).prop_map(Value::from),
        any::<f64>().prop_map(|f| Number::from_f64(f).map_or(Value::Null, Value::Number)),
        text().prop_map(Value::from),
    ]
    .boxed()
}

fn key() -> BoxedStrategy<String> {
    prop_oneof![
        6 => select(KEYS).prop_map(str::to_owned),
        1 => ".{0,8}",
    ]
    .boxed()
}

/// Any JSON value, objects keyed mostly by the real field names.
fn any_json() -> BoxedStrategy<Value> {
    leaf()
        .prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map(key(), inner, 0..6)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
        .boxed()
}

/// A field's value: usually of its documented type, sometimes `null` or anything at all.
fn field(valid: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    prop_oneof![12 => valid, 1 => Just(Value::Null), 1 => any_json()].boxed()
}

fn string() -> BoxedStrategy<Value> {
    field(text().prop_map(Value::from).boxed())
}

/// A result code: usually `success` (to get past the business check), or another code.
fn code(success: &'static str) -> BoxedStrategy<Value> {
    field(
        prop_oneof![
            3 => Just(Value::from(success)),
            2 => select(CODES).prop_map(Value::from),
            1 => text().prop_map(Value::from),
        ]
        .boxed(),
    )
}

fn integer() -> BoxedStrategy<Value> {
    field(
        prop_oneof![
            (-5i64..100).prop_map(Value::from),
            any::<i32>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
        ]
        .boxed(),
    )
}

/// An integer as a number or a (possibly padded) decimal string.
fn lenient() -> BoxedStrategy<Value> {
    field(
        prop_oneof![
            any::<i64>().prop_map(Value::from),
            any::<i64>().prop_map(|i| Value::from(i.to_string())),
            (any::<i64>(), select(&[" ", "\t", ""][..]))
                .prop_map(|(i, pad)| Value::from(format!("{pad}{i}{pad}"))),
        ]
        .boxed(),
    )
}

/// A value of an open enumeration: a documented value, any string, or a number.
fn open_enum(documented: &'static [&'static str]) -> BoxedStrategy<Value> {
    field(
        prop_oneof![
            select(documented).prop_map(Value::from),
            text().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
        ]
        .boxed(),
    )
}

/// An object with (each with probability 0.7) the given fields, and now and then a key of
/// another object or none.
fn object(fields: Vec<(&'static str, BoxedStrategy<Value>)>) -> BoxedStrategy<Value> {
    let parts: Vec<BoxedStrategy<Option<(String, Value)>>> = fields
        .into_iter()
        .map(|(name, value)| {
            proptest::option::weighted(0.7, value.prop_map(move |v| (name.to_owned(), v))).boxed()
        })
        .collect();
    let extra = proptest::option::weighted(0.15, (key(), any_json()));
    (parts, extra)
        .prop_map(|(parts, extra)| {
            let mut map = Map::new();
            if let Some((k, v)) = extra {
                map.insert(k, v);
            }
            map.extend(parts.into_iter().flatten());
            Value::Object(map)
        })
        .boxed()
}

/// A CC-iSales reply: the given fields and the four result fields.
fn codes(mut fields: Vec<(&'static str, BoxedStrategy<Value>)>) -> BoxedStrategy<Value> {
    fields.extend([
        ("resultCode", code("0200000")),
        ("resultDesc", string()),
        ("returnCode", code("0200000")),
        ("returnDesc", string()),
    ]);
    object(fields)
}

fn call_result_detail_json() -> BoxedStrategy<Value> {
    let status = field(
        prop_oneof![
            select(vec![json!(5), json!(6), json!("5"), json!("6")]),
            lenient(),
        ]
        .boxed(),
    );
    let data = object(vec![
        ("callId", string()),
        ("called", string()),
        ("callStatus", status),
        ("failCode", string()),
        ("recordPath", string()),
        ("ackBeginTime", string()),
        ("callBeginTime", string()),
        ("callEndTime", string()),
        ("resultCode", string()),
        ("vdnId", integer()),
    ]);
    codes(vec![("data", field(data))])
}

fn external_result_json() -> BoxedStrategy<Value> {
    let mapping = object(vec![
        ("mapId", string()),
        ("defId", string()),
        ("failCode", string()),
        ("vdnId", lenient()),
    ]);
    let ob_result = object(vec![
        ("defId", string()),
        ("displayResult", string()),
        ("resultCode", string()),
        (
            "resultMapList",
            field(
                prop::collection::vec(mapping, 0..3)
                    .prop_map(Value::Array)
                    .boxed(),
            ),
        ),
        ("vdnId", integer()),
    ]);
    codes(vec![("obResult", field(ob_result))])
}

fn cdr_record_json() -> BoxedStrategy<Value> {
    object(vec![
        ("vdn", integer()),
        ("callId", string()),
        ("callerNo", string()),
        ("calleeNo", string()),
        ("callType", integer()),
        ("agentId ", integer()),
        ("skillId", integer()),
        ("anonyCall", integer()),
        ("queueWaitTime", integer()),
        ("ivrCallTime", integer()),
        ("ackTime", integer()),
        ("callTime", integer()),
        ("releaseCause", integer()),
        ("beginTime", string()),
        ("endTime", string()),
        ("result", open_enum(&["0000", "0900", "0101", "-1", "0601"])),
        ("resultCode", string()),
        ("busiResult", string()),
        ("busiSubStatus", string()),
    ])
    .prop_flat_map(|record| {
        // Now and then the key without the trailing space too (or instead).
        (Just(record), 0..8u8).prop_map(|(mut record, choice)| {
            if let Value::Object(map) = &mut record {
                match choice {
                    0 => {
                        if let Some(v) = map.remove("agentId ") {
                            map.insert("agentId".into(), v);
                        }
                    }
                    1 => {
                        map.insert("agentId".into(), json!(7));
                    }
                    _ => {}
                }
            }
            record
        })
    })
    .boxed()
}

fn cdr_json() -> BoxedStrategy<Value> {
    object(vec![
        ("result", string()),
        ("resultCode", code("0100000")),
        ("resultDatas", field(cdr_record_json())),
        (
            "resultDesc",
            field(prop_oneof![cdr_record_json(), text().prop_map(Value::from)].boxed()),
        ),
    ])
}

fn call_records_json() -> BoxedStrategy<Value> {
    let record = object(vec![
        ("ackBegin", string()),
        ("callBegin", string()),
        ("callEnd", string()),
        ("callId", string()),
        (
            "callType",
            open_enum(&["0", "1", "2", "3", "4", "10", "11", "12"]),
        ),
        ("calleeNo", string()),
        ("callerNo", string()),
        ("evaluationValue", string()),
        ("leaveReason", string()),
        ("logDate", string()),
        ("mediatype", open_enum(&["2", "5", "18", "19", "53"])),
        ("vdn", lenient()),
        ("waitBegin", string()),
    ]);
    object(vec![
        (
            "results",
            field(
                prop::collection::vec(record, 0..3)
                    .prop_map(Value::Array)
                    .boxed(),
            ),
        ),
        ("total", lenient()),
    ])
}

fn update_result_json() -> BoxedStrategy<Value> {
    codes(Vec::new())
}

fn token_json() -> BoxedStrategy<Value> {
    object(vec![
        ("AccessToken", string()),
        ("ApplyType", string()),
        ("CreateTime", string()),
        ("Expires", lenient()),
        ("Scope", string()),
        ("AppKey", string()),
        ("UserID", string()),
        ("Expires_In", lenient()),
    ])
}

/// Stands for a secret in token replies.
const SECRET_MARKER: &str = "tok3nMARKERsecret9";

/// `value` with the marker in front of every string in it.
fn mark_strings(value: Value) -> Value {
    match value {
        Value::String(s) => Value::String(format!("{SECRET_MARKER}{s}")),
        Value::Array(items) => Value::Array(items.into_iter().map(mark_strings).collect()),
        Value::Object(map) => {
            Value::Object(map.into_iter().map(|(k, v)| (k, mark_strings(v))).collect())
        }
        other => other,
    }
}

/// A reply body of one of the six types: shaped like it most of the time, or anything.
fn shaped_or_any(shaped: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    prop_oneof![3 => shaped, 1 => any_json()].boxed()
}

// ---------------------------------------------------------------------------------------
// Decoding

/// Decodes `bytes` as `T`. When that succeeds, encoding the value and decoding it again
/// gives the same value.
fn decode_round_trip<T>(bytes: &[u8]) -> Result<Option<T>, TestCaseError>
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    let Ok(value) = serde_json::from_slice::<T>(bytes) else {
        return Ok(None);
    };
    let encoded = serde_json::to_vec(&value)
        .map_err(|e| TestCaseError::fail(format!("{value:?} does not encode: {e}")))?;
    let again: T = serde_json::from_slice(&encoded).map_err(|e| {
        TestCaseError::fail(format!(
            "re-encoded {} does not decode: {e}",
            String::from_utf8_lossy(&encoded)
        ))
    })?;
    prop_assert_eq!(
        &value,
        &again,
        "through {}",
        String::from_utf8_lossy(&encoded)
    );
    Ok(Some(value))
}

/// Decodes a JSON value as `T` from its bytes and from the value itself: both agree, and
/// what decodes round-trips. Returns whether it decoded.
fn decode_value<T>(value: &Value) -> Result<bool, TestCaseError>
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    let bytes = serde_json::to_vec(value).unwrap();
    let from_bytes = decode_round_trip::<T>(&bytes)?;
    let from_value = serde_json::from_value::<T>(value.clone()).ok();
    prop_assert_eq!(&from_bytes, &from_value, "{}", value);
    Ok(from_bytes.is_some())
}

fn decode_all_bytes(bytes: &[u8]) -> Result<(), TestCaseError> {
    decode_round_trip::<CallResultDetailResponse>(bytes)?;
    decode_round_trip::<ExternalResultResponse>(bytes)?;
    decode_round_trip::<CdrQueryResponse>(bytes)?;
    decode_round_trip::<CallRecordsResponse>(bytes)?;
    decode_round_trip::<UpdateResultResponse>(bytes)?;
    decode_round_trip::<TokenResponse>(bytes)?;
    decode_round_trip::<CdrRecord>(bytes)?;
    decode_round_trip::<LenientInt>(bytes)?;
    decode_round_trip::<CallStatus>(bytes)?;
    decode_round_trip::<CallType>(bytes)?;
    decode_round_trip::<MediaType>(bytes)?;
    decode_round_trip::<CdrCallResult>(bytes)?;
    // Arbitrary JSON, floats included: serde_json does not promise bit-exact float round
    // trips (`float_roundtrip` is off), so this one only decodes.
    let _ = serde_json::from_slice::<ErrorBody>(bytes);
    Ok(())
}

/// Bytes that are JSON now and then, and otherwise anything.
fn body_bytes() -> BoxedStrategy<Vec<u8>> {
    prop_oneof![
        2 => prop::collection::vec(any::<u8>(), 0..256),
        1 => any_json().prop_map(|v| serde_json::to_vec(&v).unwrap()),
        // JSON with one byte changed.
        1 => (any_json(), any::<prop::sample::Index>(), any::<u8>()).prop_map(|(v, i, b)| {
            let mut bytes = serde_json::to_vec(&v).unwrap();
            let i = i.index(bytes.len());
            bytes[i] = b;
            bytes
        }),
        // A page example, cut anywhere.
        1 => (select(PAGES), any::<prop::sample::Index>()).prop_map(|(name, i)| {
            let bytes = page(name);
            let end = i.index(bytes.len() + 1);
            bytes[..end].to_vec()
        }),
    ]
    .boxed()
}

const PAGES: &[&str] = &[
    "call_result_detail.response.json",
    "external_result.response.json",
    "cdr_by_call_id.response.json",
    "call_records.response.json",
    "update_reserved_result.response.json",
];

proptest! {
    #![proptest_config(config(PURE_CASES))]

    /// (a) Arbitrary bytes into every response type: `Ok` or `Err`, never a panic; what
    /// decodes round-trips.
    #[test]
    fn every_response_type_decodes_arbitrary_bytes(bytes in body_bytes()) {
        decode_all_bytes(&bytes)?;
    }

    /// (b) Any JSON value, keyed by the real field names, into every response type.
    #[test]
    fn every_response_type_decodes_any_json(value in any_json()) {
        let bytes = serde_json::to_vec(&value).unwrap();
        decode_all_bytes(&bytes)?;
        decode_value::<CallResultDetailResponse>(&value)?;
        decode_value::<ExternalResultResponse>(&value)?;
        decode_value::<CdrQueryResponse>(&value)?;
        decode_value::<CallRecordsResponse>(&value)?;
        decode_value::<UpdateResultResponse>(&value)?;
        decode_value::<TokenResponse>(&value)?;
    }

    /// (b) Structure-aware replies of getCallResultDetail.
    #[test]
    fn call_result_detail_replies_decode_or_fail_cleanly(value in shaped_or_any(call_result_detail_json())) {
        decode_value::<CallResultDetailResponse>(&value)?;
    }

    /// (b) Structure-aware replies of getExternalResult.
    #[test]
    fn external_result_replies_decode_or_fail_cleanly(value in shaped_or_any(external_result_json())) {
        decode_value::<ExternalResultResponse>(&value)?;
    }

    /// (b) Structure-aware replies of queryCdrByCallId.
    #[test]
    fn cdr_replies_decode_or_fail_cleanly(value in shaped_or_any(cdr_json())) {
        decode_value::<CdrQueryResponse>(&value)?;
        if let Some(record) = value.get("resultDatas") {
            decode_value::<CdrRecord>(record)?;
        }
    }

    /// (b) Structure-aware replies of queryCallRecords.
    #[test]
    fn call_records_replies_decode_or_fail_cleanly(value in shaped_or_any(call_records_json())) {
        decode_value::<CallRecordsResponse>(&value)?;
    }

    /// (b) Structure-aware replies of updateReservedCallResult.
    #[test]
    fn update_result_replies_decode_or_fail_cleanly(value in shaped_or_any(update_result_json())) {
        decode_value::<UpdateResultResponse>(&value)?;
    }

    /// (b) Structure-aware replies of tokenByAkSk.
    #[test]
    fn token_replies_decode_or_fail_cleanly(value in shaped_or_any(token_json())) {
        decode_value::<TokenResponse>(&value)?;
    }

    /// (b') A reply of the token interface, whatever its status, content type and body (a
    /// shaped reply, any JSON, or either cut short), every string in it standing for a
    /// secret: reading it gives a usable lifetime, or an error that quotes none of it (the
    /// same property as the `token_reply` fuzz target).
    #[test]
    fn token_replies_are_never_quoted(
        status in select(&[200u16, 200, 200, 201, 400, 401, 500, 502][..]),
        content_type in select(&[
            None,
            Some("application/json;charset=UTF-8"),
            Some("text/html"),
            Some(SECRET_MARKER),
            Some("application/json; x=tok3nMARKERsecret9"),
        ][..]),
        value in shaped_or_any(token_json()),
        cut in proptest::option::of(any::<prop::sample::Index>()),
    ) {
        let mut body = serde_json::to_vec(&mark_strings(value)).unwrap();
        if let Some(cut) = cut {
            body.truncate(cut.index(body.len() + 1));
        }
        match huawei_cec::token::read_reply(status, content_type, &body) {
            Ok(lifetime) => {
                prop_assert_eq!(status, 200);
                prop_assert!(!lifetime.is_zero());
                prop_assert!(std::time::Instant::now().checked_add(lifetime).is_some());
            }
            Err(e) => {
                let (display, debug) = (e.to_string(), format!("{e:?}"));
                prop_assert!(!display.contains("tok3n"), "{}", display);
                prop_assert!(!debug.contains("tok3n"), "{}", debug);
                prop_assert!(!display.chars().any(char::is_control), "{:?}", display);
                prop_assert_eq!(e.status(), Some(status));
            }
        }
    }

    /// (c) A `LenientInt` is any i64, as a number or as a (padded) decimal string.
    #[test]
    fn lenient_int_reads_numbers_and_decimal_strings(i in any::<i64>(), pad in select(&["", " ", "\t", "  "][..])) {
        for v in [json!(i), json!(i.to_string()), json!(format!("{pad}{i}{pad}"))] {
            let decoded: LenientInt = serde_json::from_value(v.clone())
                .map_err(|e| TestCaseError::fail(format!("{v}: {e}")))?;
            prop_assert_eq!(decoded.get(), i);
            prop_assert_eq!(serde_json::to_value(decoded).unwrap(), json!(i));
        }
        if i >= 0 {
            // Beyond i64: an error, not a wrap-around.
            let big = (i as u64) + (i64::MAX as u64) + 1;
            prop_assert!(serde_json::from_value::<LenientInt>(json!(big)).is_err());
        }
    }

    /// (c) A `CallStatus` reads 5 and 6 as numbers or strings and keeps any other integer.
    #[test]
    fn call_status_reads_both_forms_and_keeps_other_values(i in prop_oneof![Just(5i64), Just(6), any::<i64>()]) {
        for v in [json!(i), json!(i.to_string())] {
            let status: CallStatus = serde_json::from_value(v).unwrap();
            prop_assert_eq!(status.code(), i);
            prop_assert_eq!(status.is_success(), i == 6);
            prop_assert_eq!(status == CallStatus::Failed, i == 5);
            prop_assert_eq!(serde_json::to_value(status).unwrap(), json!(i));
        }
    }

    /// (c) The open enumerations keep any string as sent, and numbers as their text.
    #[test]
    fn open_enums_keep_any_string(s in prop_oneof![select(TEXTS).prop_map(str::to_owned), ".{0,16}"], n in any::<i64>(), u in any::<u64>()) {
        fn check<T>(s: &str, n: i64, u: u64, as_str: impl Fn(&T) -> &str) -> Result<(), TestCaseError>
        where
            T: DeserializeOwned + Serialize + Debug,
        {
            let value: T = serde_json::from_value(json!(s)).unwrap();
            prop_assert_eq!(as_str(&value), s);
            prop_assert_eq!(serde_json::to_value(&value).unwrap(), json!(s));
            let value: T = serde_json::from_value(json!(n)).unwrap();
            prop_assert_eq!(as_str(&value), n.to_string());
            let value: T = serde_json::from_value(json!(u)).unwrap();
            prop_assert_eq!(as_str(&value), u.to_string());
            prop_assert!(serde_json::from_value::<T>(json!(null)).is_err());
            Ok(())
        }
        check::<CallType>(&s, n, u, CallType::as_str)?;
        check::<MediaType>(&s, n, u, MediaType::as_str)?;
        check::<CdrCallResult>(&s, n, u, CdrCallResult::as_str)?;
        let call_type = CallType::from(s.as_str());
        prop_assert_eq!(call_type.as_str(), s.as_str());
    }

    /// (c) A CDR's agent ID is read from `"agentId "` (trailing space) and `agentId`.
    #[test]
    fn cdr_agent_id_is_read_from_both_keys(id in any::<i64>(), spaced in any::<bool>()) {
        let key = if spaced { "agentId " } else { "agentId" };
        let record: CdrRecord = serde_json::from_value(json!({ key: id })).unwrap();
        prop_assert_eq!(record.agent_id, Some(id));
        prop_assert_eq!(serde_json::to_value(&record).unwrap(), json!({"agentId": id}));
    }
}

/// The structure-aware generators do reach success: a good share of what they make decodes.
#[test]
fn structure_aware_generators_mostly_make_decodable_replies() {
    fn share<T: DeserializeOwned>(strategy: BoxedStrategy<Value>) -> f64 {
        let mut runner = TestRunner::deterministic();
        let n = 200;
        let ok = (0..n)
            .filter(|_| {
                let value = strategy.new_tree(&mut runner).unwrap().current();
                serde_json::from_value::<T>(value).is_ok()
            })
            .count();
        ok as f64 / n as f64
    }
    let shares = [
        (
            "getCallResultDetail",
            share::<CallResultDetailResponse>(call_result_detail_json()),
        ),
        (
            "getExternalResult",
            share::<ExternalResultResponse>(external_result_json()),
        ),
        ("queryCdrByCallId", share::<CdrQueryResponse>(cdr_json())),
        (
            "queryCallRecords",
            share::<CallRecordsResponse>(call_records_json()),
        ),
        (
            "updateReservedCallResult",
            share::<UpdateResultResponse>(update_result_json()),
        ),
        ("createToken", share::<TokenResponse>(token_json())),
    ];
    for (name, share) in shares {
        eprintln!("{name}: {:.0}% of the shaped replies decode", share * 100.0);
        assert!(
            share >= 0.15,
            "{name}: only {share} of the shaped replies decode"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Signing

const MIN_MILLIS: i64 = -62_135_596_800_000; // 0001-01-01T00:00:00Z
const MAX_MILLIS: i64 = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z

#[derive(Debug, Clone)]
struct Request {
    method: String,
    path: String,
    query: Option<String>,
    host: String,
    content_type: Option<String>,
    body: Option<Vec<u8>>,
}

impl Request {
    fn signable(&self) -> SignableRequest<'_> {
        SignableRequest {
            method: &self.method,
            path: &self.path,
            query: self.query.as_deref(),
            host: &self.host,
            content_type: self.content_type.as_deref(),
            body: self.body.as_deref(),
        }
    }
}

fn raw_query() -> BoxedStrategy<String> {
    prop_oneof![
        // Query-ish: names, values, separators, escapes valid or not, '+'.
        "([a-zA-Z0-9_.~ +-]|%[0-9a-fA-F]{2}|%[g-z]?|&|=|é|\u{0}){0,40}",
        // Anything.
        ".{0,30}",
    ]
    .boxed()
}

fn request() -> impl Strategy<Value = Request> {
    (
        prop_oneof![
            3 => select(&["GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "get", "Post"][..]).prop_map(str::to_owned),
            1 => "[A-Z]{1,10}",
        ],
        "/[ -~]{0,40}",
        proptest::option::of(raw_query()),
        prop_oneof![
            "[a-z0-9.-]{1,20}(:[0-9]{1,5})?",
            ".{0,20}",
        ],
        proptest::option::of(prop_oneof![
            Just("application/json; charset=UTF-8".to_owned()),
            ".{0,30}",
        ]),
        proptest::option::of(prop::collection::vec(any::<u8>(), 0..256)),
    )
        .prop_map(|(method, path, query, host, content_type, body)| Request {
            method,
            path,
            query,
            host,
            content_type,
            body,
        })
}

/// Only `A-Z a-z 0-9 - . _ ~`, and `%` followed by two upper-case hex digits.
fn is_normalized(s: &str) -> bool {
    let b = s.as_bytes();
    let hex = |c: Option<&u8>| c.is_some_and(|c| c.is_ascii_digit() || (b'A'..=b'F').contains(c));
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => i += 1,
            b'%' if hex(b.get(i + 1)) && hex(b.get(i + 2)) => i += 3,
            _ => return false,
        }
    }
    true
}

proptest! {
    #![proptest_config(config(PURE_CASES))]

    /// (d) `normalize` leaves only unreserved characters and upper-case escapes, and loses
    /// nothing (decoding gives the bytes back).
    #[test]
    fn normalize_leaves_only_unreserved_characters_and_loses_nothing(bytes in prop::collection::vec(any::<u8>(), 0..128)) {
        let normalized = normalize(&bytes);
        prop_assert!(is_normalized(&normalized), "{:?}", normalized);
        let decoded: Vec<u8> = percent_encoding::percent_decode_str(&normalized).collect();
        prop_assert_eq!(decoded, bytes);
    }

    /// (d) The canonical query is made of normalized `name=value` pairs, sorted, and
    /// canonicalizing it again changes nothing.
    #[test]
    fn canonical_query_is_a_fixed_point(query in proptest::option::of(raw_query())) {
        let canonical = canonical_query(query.as_deref());
        prop_assert_eq!(canonical_query(Some(&canonical)), canonical.clone());
        let pairs: Vec<&str> = canonical.split('&').filter(|p| !p.is_empty()).collect();
        for pair in &pairs {
            let (name, value) = pair.split_once('=').unwrap();
            prop_assert!(is_normalized(name) && is_normalized(value), "{:?}", pair);
        }
        prop_assert!(pairs.windows(2).all(|w| w[0] <= w[1]), "not sorted: {:?}", canonical);
    }

    /// (d) The canonical request of any request under any profile: method, path, canonical
    /// query (left out without a query under `query-line=omit`), signed headers, one line per
    /// signed header, normalized body.
    #[test]
    fn canonical_request_has_its_documented_shape(request in request(), profile in profile()) {
        let signable = request.signable();
        let canonical = canonical_request(&signable, &profile);
        let lines: Vec<&str> = canonical.split('\n').collect();
        let has_query = request.query.as_deref().is_some_and(|q| !q.is_empty());
        let query_line = usize::from(has_query || profile.query_line == QueryLine::Keep);
        let signed_headers = lines[2 + query_line];
        let headers: Vec<&str> = signed_headers.split(';').collect();
        prop_assert_eq!(lines.len(), 4 + query_line + headers.len(), "{:?}", canonical);
        prop_assert_eq!(lines[0], request.method.to_ascii_uppercase());
        prop_assert_eq!(lines[1], request.path.as_str());
        if query_line == 1 {
            prop_assert_eq!(lines[2], canonical_query(signable.query));
        }
        prop_assert_eq!(signed_headers, huawei_cec::auth::signed_headers(&signable, &profile));
        let mut expected = Vec::new();
        if profile.headers == HeaderSet::Standard {
            if request.body.is_some() {
                expected.push("content-length");
            }
            if request.content_type.is_some() {
                expected.push("content-type");
            }
        }
        expected.push("host");
        prop_assert_eq!(&headers, &expected);
        let header_lines = &lines[3 + query_line..3 + query_line + headers.len()];
        for (line, name) in header_lines.iter().zip(&headers) {
            let value = line.strip_prefix(&format!("{name}:"));
            prop_assert!(value.is_some_and(is_normalized), "{:?}", line);
        }
        let host = header_lines.last().unwrap().strip_prefix("host:").unwrap();
        prop_assert_eq!(host, normalize(profile.host_value(&request.host).trim().as_bytes()));
        let body = normalize(request.body.as_deref().unwrap_or_default());
        prop_assert_eq!(lines[lines.len() - 1], body.as_str());
    }

    /// (d) Signing streams the canonical request into the HMAC; rendering it gives the very
    /// bytes that were signed: for any request and every profile, the signature is the HMAC
    /// (keyed with the signing key) of the rendered canonical request, and the signer that
    /// reuses its keys signs alike.
    #[test]
    fn the_streamed_signature_is_the_hmac_of_the_rendered_canonical_request(
        request in request(),
        access_key in "[A-Za-z0-9_-]{1,16}",
        secret_key in "[!-~]{1,32}",
        millis in MIN_MILLIS..=MAX_MILLIS,
    ) {
        use hmac::Mac;
        let time: DateTime<Utc> = DateTime::from_timestamp_millis(millis).unwrap();
        let signable = request.signable();
        let credentials = AkSk::new(access_key.clone(), secret_key.clone());
        for profile in SigningProfile::all() {
            let signed = sign_v2(&credentials, &profile, time, &signable);
            let prefix = format!("auth-v2/{access_key}/{}/{}", signed.timestamp(), signed.signed_headers());
            let key = signing_key(&secret_key, &prefix);
            let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key.as_bytes()).unwrap();
            mac.update(canonical_request(&signable, &profile).as_bytes());
            let rendered = hex::encode(mac.finalize().into_bytes());
            prop_assert_eq!(signed.signature(), rendered.as_str(), "{}", profile);
            prop_assert_eq!(signed.authorization(), format!("{prefix}/{rendered}"));
            let signer = Signer::new(credentials.clone(), profile);
            prop_assert_eq!(&signer.sign(time, &signable), &signed);
            prop_assert_eq!(&signer.sign(time, &signable), &signed, "with the cached key");
        }
    }

    /// (d) What is signed under any profile verifies (under every profile, and under that
    /// one when the server insists); a request with one body byte changed, or another path,
    /// does not.
    #[test]
    fn signatures_verify_and_tampering_is_detected(
        request in request(),
        profile in profile(),
        access_key in "[A-Za-z0-9_-]{1,16}",
        secret_key in "[!-~]{1,32}",
        millis in MIN_MILLIS..=MAX_MILLIS,
        flip in (any::<prop::sample::Index>(), 1u8..=255),
        other_path in "/[ -~]{0,40}",
    ) {
        let time: DateTime<Utc> = DateTime::from_timestamp_millis(millis).unwrap();
        let signed = sign_v2(&AkSk::new(access_key.clone(), secret_key.clone()), &profile, time, &request.signable());
        // The server receives the Host the profile sends.
        let received = SignableRequest { host: profile.host_value(&request.host), ..request.signable() };
        let verify = |r: &SignableRequest<'_>, options: VerifyOptions| {
            verify_v2_with(
                Some(signed.authorization()),
                r,
                |ak| (ak == access_key).then(|| secret_key.clone()),
                time,
                &options,
            )
        };
        // A timestamp without milliseconds is up to a second behind the time it was made.
        let any = VerifyOptions::new(Duration::from_secs(1));
        prop_assert!(verify(&received, any).is_ok(), "{:?}", signed);
        prop_assert_eq!(verify(&received, any.only(profile)), Ok(profile), "{:?}", signed);
        if let Some(body) = request.body.as_deref().filter(|b| !b.is_empty()) {
            let mut changed = body.to_vec();
            changed[flip.0.index(body.len())] ^= flip.1;
            let tampered = SignableRequest { body: Some(&changed), ..received.clone() };
            prop_assert_eq!(verify(&tampered, any), Err(VerifyError::SignatureMismatch));
        }
        if other_path != request.path {
            let tampered = SignableRequest { path: &other_path, ..received.clone() };
            prop_assert_eq!(verify(&tampered, any), Err(VerifyError::SignatureMismatch));
        }
    }

    /// (d) A profile's text reads back as the profile, and any text either reads as a
    /// profile or is refused with the list of what is allowed.
    #[test]
    fn profiles_read_back_and_bad_ones_say_what_is_allowed(
        profile in profile(),
        text in prop_oneof!["[a-z=,-]{0,40}", ".{0,20}"],
    ) {
        prop_assert_eq!(profile.to_string().parse::<SigningProfile>(), Ok(profile));
        prop_assert_eq!(profile.knobs().parse::<SigningProfile>(), Ok(profile));
        if let Err(e) = text.parse::<SigningProfile>() {
            prop_assert!(e.to_string().contains("documented, java-demo"), "{}", e);
        }
    }
}

fn profile() -> impl Strategy<Value = SigningProfile> {
    select(SigningProfile::all().collect::<Vec<_>>())
}

/// `Authorization` headers a server may receive: well-formed with odd parts, or anything.
fn authorization() -> BoxedStrategy<String> {
    let part = || prop_oneof!["[a-zA-Z0-9_;-]{0,12}", ".{0,8}"];
    let timestamp = prop_oneof![
        select(
            &[
                "2026-11-21T08:30:00.000Z",
                "2026-11-21T08:30:00Z",
                "2026-11-21t08:30:00.000z",
                "2026-11-21T10:30:00.000+02:00",
                "2016-12-31T23:59:60.999Z",
                "9999-12-31T23:59:59.999-23:59",
                "0000-01-01T00:00:00Z",
                "2026-11-21T08:30:00.123456789123Z",
            ][..]
        )
        .prop_map(str::to_owned),
        "[0-9T:.Z+-]{0,30}",
    ];
    prop_oneof![
        3 => (
            select(&["auth-v2", "auth-v1", "AUTH-V2", ""][..]),
            part(),
            timestamp,
            select(&["host", "content-length;content-type;host", "content-type", ""][..]),
            prop_oneof!["[0-9a-f]{64}", part()],
        )
            .prop_map(|(scheme, ak, ts, headers, sig)| format!("{scheme}/{ak}/{ts}/{headers}/{sig}")),
        1 => ".{0,100}",
    ]
    .boxed()
}

proptest! {
    #![proptest_config(config(PURE_CASES))]

    /// (d) Server side: any `Authorization` header is accepted or refused with a reason,
    /// never a panic, whatever the clock and the allowed skew.
    #[test]
    fn verify_v2_survives_any_authorization_header(
        header in authorization(),
        request in request(),
        now in MIN_MILLIS..=MAX_MILLIS,
        max_skew in prop_oneof![Just(Duration::ZERO), Just(Duration::from_secs(300)), Just(Duration::MAX)],
    ) {
        let now = DateTime::from_timestamp_millis(now).unwrap();
        let result = verify_v2(Some(&header), &request.signable(), |_| Some("sk".to_owned()), now, max_skew);
        if let Err(e) = result {
            let _ = e.to_string();
        }
    }
}

// ---------------------------------------------------------------------------------------
// End to end

const AK: &str = "prop-ak";
const SK: &str = "prop-sk-SECRET-value";
const APP_KEY: &str = "prop-app-key";
const APP_SECRET: &str = "prop-app-SECRET-value";
const TOKEN: &str = "prop-token-SECRET-value";

/// The operations, by a path fragment that identifies their requests.
const OPERATIONS: [(&str, &str); 5] = [
    ("getCallResultDetail", "/callresultdetail/"),
    ("getExternalResult", "/queryObsResultDetail"),
    ("queryCdrByCallId", "/querycalldetailbyid"),
    ("queryCallRecords", "/queryCallManualDetailInfo"),
    ("updateReservedCallResult", "/appoint/updateResult"),
];
const TOKEN_PATH: &str = "/tokenByAkSk";

#[derive(Debug, Clone)]
struct Scripted {
    status: u16,
    body: Vec<u8>,
}

fn status() -> BoxedStrategy<u16> {
    prop_oneof![
        // 200 is the only status the pages document for success: often, to reach decoding.
        4 => Just(200u16),
        3 => select(&[200u16, 201, 204, 301, 400, 401, 403, 404, 429, 500, 502, 503, 504, 599][..]),
        1 => 100u16..600,
    ]
    .boxed()
}

/// A status and a body: shaped like the operation's reply, the page's example of it (if
/// any), or any bytes.
fn reply_for(shaped: BoxedStrategy<Value>, example: Option<&str>) -> BoxedStrategy<Scripted> {
    let example = example.map_or_else(Vec::new, page);
    (
        status(),
        prop_oneof![
            4 => shaped.prop_map(|v| serde_json::to_vec(&v).unwrap()),
            1 => Just(example),
            2 => body_bytes(),
        ],
    )
        .prop_map(|(status, body)| Scripted { status, body })
        .boxed()
}

#[derive(Debug, Clone)]
struct Case {
    /// One reply per operation, in the order of [`OPERATIONS`].
    replies: Vec<Scripted>,
    /// The reply of the token interface; `None`: a valid token.
    token: Option<Scripted>,
}

fn case() -> impl Strategy<Value = Case> {
    (
        vec![
            reply_for(call_result_detail_json(), Some(PAGES[0])),
            reply_for(external_result_json(), Some(PAGES[1])),
            reply_for(cdr_json(), Some(PAGES[2])),
            reply_for(call_records_json(), Some(PAGES[3])),
            reply_for(update_result_json(), Some(PAGES[4])),
        ],
        proptest::option::weighted(0.25, reply_for(token_json(), None)),
    )
        .prop_map(|(replies, token)| Case { replies, token })
}

fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

/// How often each operation ended how (printed with `--nocapture`, to judge coverage).
static OUTCOMES: Mutex<BTreeMap<(&'static str, &'static str), usize>> = Mutex::new(BTreeMap::new());

/// Checks one call's outcome against the reply the server gave.
fn check_outcome<T: Debug>(
    operation: &'static str,
    reply: &Scripted,
    token: Option<&Scripted>,
    outcome: &Result<T, Error>,
) -> Result<(), TestCaseError> {
    let kind = outcome.as_ref().map_or_else(Error::kind, |_| "Ok");
    *OUTCOMES
        .lock()
        .unwrap()
        .entry((operation, kind))
        .or_default() += 1;
    match outcome {
        Ok(value) => {
            prop_assert!(
                is_success(reply.status),
                "{operation}: Ok({value:?}) for HTTP {}",
                reply.status
            );
            if let Some(token) = token {
                prop_assert!(
                    is_success(token.status),
                    "{operation}: Ok with token HTTP {}",
                    token.status
                );
            }
        }
        Err(e) => {
            // Every accessor and the message work, and the message holds no secret.
            let message = e.to_string();
            let _ = (
                e.kind(),
                e.is_retryable(),
                e.result_code(),
                e.is_invalid_input(),
            );
            for secret in [SK, APP_SECRET, TOKEN] {
                prop_assert!(!message.contains(secret), "{operation}: {message}");
            }
            prop_assert!(!e.is_invalid_input(), "{operation}: {e:?}");
            // A refused status is reported with that status (when the token interface was
            // not what failed first).
            let token_failed = token.is_some() && operation == "queryCallRecords";
            if !token_failed && (200..600).contains(&reply.status) && !is_success(reply.status) {
                prop_assert_eq!(e.status(), Some(reply.status), "{}: {:?}", operation, e);
            }
        }
    }
    Ok(())
}

fn e2e_client(url: &str) -> Client {
    Client::builder()
        .isales_url(url)
        .cms_url(url)
        .apiaccess_url(url)
        .ak_sk(AkSk::new(AK, SK))
        .app_credentials(AppCredentials::new(APP_KEY, APP_SECRET))
        .retry_policy(RetryPolicy::none())
        .connect_timeout(Duration::from_secs(2))
        .timeout(Duration::from_secs(2))
        .no_proxy()
        .build()
        .unwrap()
}

fn call_records_request() -> CallRecordsRequest {
    CallRecordsRequest::builder()
        .sub_cc_no("1")
        .vdn("1")
        .call_id(Some("1669464198-17002955".into()))
        .try_into()
        .unwrap()
}

fn update_request() -> UpdateResultRequest {
    UpdateResultRequest::builder()
        .appoint_id("174738152455111432454674595509")
        .try_into()
        .unwrap()
}

/// (e) A server answering each operation with an arbitrary status and body: every call
/// returns `Ok` or a typed error, never panics, and is never `Ok` for a status outside 2xx.
#[test]
fn every_operation_survives_any_reply() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let script: Arc<Mutex<Option<Case>>> = Arc::default();
    let handler_script = script.clone();
    let server = runtime.block_on(TestServer::with_handler(move |r: &Recorded| {
        let case = handler_script
            .lock()
            .unwrap()
            .clone()
            .expect("a case is set");
        let path = r.uri.path();
        if path.ends_with(TOKEN_PATH) {
            return match &case.token {
                Some(s) => Reply::raw(s.status, &s.body),
                None => Reply::json(200, &json!({"AccessToken": TOKEN, "Expires": "3600"})),
            };
        }
        match OPERATIONS
            .iter()
            .position(|(_, fragment)| path.contains(fragment))
        {
            Some(i) => Reply::raw(case.replies[i].status, &case.replies[i].body),
            None => Reply::raw(404, format!("unexpected path {path}").as_bytes()),
        }
    }));
    let records = call_records_request();
    let update = update_request();

    let mut runner = TestRunner::new(config(HTTP_CASES));
    let result = runner.run(&case(), |case| {
        *script.lock().unwrap() = Some(case.clone());
        // A new client per case, so that no token is carried over.
        let client = e2e_client(&server.url);
        let token = case.token.as_ref();
        runtime.block_on(async {
            let outcome = client.call_result_detail(8, "1644464743-1388").await;
            check_outcome("getCallResultDetail", &case.replies[0], None, &outcome)?;
            if let Ok(reply) = &outcome {
                let code = reply
                    .result_code
                    .as_deref()
                    .or(reply.return_code.as_deref());
                prop_assert_eq!(code, Some("0200000"));
            }
            let outcome = client.external_result(40, 1_402_245_659).await;
            check_outcome("getExternalResult", &case.replies[1], None, &outcome)?;
            if let Ok(reply) = &outcome {
                let code = reply
                    .result_code
                    .as_deref()
                    .or(reply.return_code.as_deref());
                prop_assert_eq!(code, Some("0200000"));
            }
            let outcome = client
                .cdr(1, "1000000000-0001", CallDirection::Inbound)
                .await;
            check_outcome("queryCdrByCallId", &case.replies[2], None, &outcome)?;
            if let Ok(reply) = &outcome {
                prop_assert_eq!(reply.result_code.as_deref(), Some("0100000"));
            }
            let outcome = client.call_records(&records).await;
            check_outcome("queryCallRecords", &case.replies[3], token, &outcome)?;
            let outcome = client.update_reserved_result(8, &update).await;
            check_outcome("updateReservedCallResult", &case.replies[4], None, &outcome)?;
            if let Ok(reply) = &outcome {
                let code = reply
                    .result_code
                    .as_deref()
                    .or(reply.return_code.as_deref());
                prop_assert_eq!(code, Some("0200000"));
            }
            Ok::<(), TestCaseError>(())
        })
    });
    for ((operation, kind), n) in OUTCOMES.lock().unwrap().iter() {
        eprintln!("{operation}: {kind} x{n}");
    }
    if let Err(e) = result {
        panic!("{e}\n{runner}");
    }
}

/// Identifiers as a caller might pass them: typical ones, URL-special characters, any text.
fn identifier() -> BoxedStrategy<String> {
    prop_oneof![
        "[0-9]{10}-[0-9]{1,8}",
        "[a-zA-Z0-9%/?#&=+;:@ .~-]{0,24}",
        ".{0,16}",
    ]
    .boxed()
}

#[derive(Debug, Clone)]
struct Inputs {
    vdn_id: u32,
    call_id: String,
    def_id: i64,
    cc_id: u32,
    direction: CallDirection,
    records_call_id: String,
    appoint_id: String,
    work_no: Option<String>,
}

fn inputs() -> impl Strategy<Value = Inputs> {
    (
        prop_oneof![3 => 1u32..=9999, 1 => any::<u32>()],
        identifier(),
        any::<i64>(),
        prop_oneof![3 => 1u32..=65535, 1 => any::<u32>()],
        prop_oneof![Just(CallDirection::Inbound), Just(CallDirection::Outbound)],
        identifier(),
        identifier(),
        proptest::option::of(identifier()),
    )
        .prop_map(
            |(vdn_id, call_id, def_id, cc_id, direction, records_call_id, appoint_id, work_no)| {
                Inputs {
                    vdn_id,
                    call_id,
                    def_id,
                    cc_id,
                    direction,
                    records_call_id,
                    appoint_id,
                    work_no,
                }
            },
        )
}

/// (e) Whatever a caller passes, a call is either refused before anything is sent
/// (`InvalidInput`) or sent signed so that a server verifying the request as it arrived
/// accepts it (the server answers the page's example, or 401 when the signature is wrong).
#[test]
fn any_input_is_refused_up_front_or_sent_verifiably_signed() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    // Counted here: `TestServer::received` clones every request recorded so far.
    let requests = Arc::new(AtomicUsize::new(0));
    let counter = requests.clone();
    let server = runtime.block_on(TestServer::with_handler(move |r: &Recorded| {
        counter.fetch_add(1, Ordering::SeqCst);
        let path = r.uri.path();
        if path.ends_with(TOKEN_PATH) {
            return Reply::json(200, &json!({"AccessToken": TOKEN, "Expires": "3600"}));
        }
        let Some(i) = OPERATIONS
            .iter()
            .position(|(_, fragment)| path.contains(fragment))
        else {
            return Reply::raw(404, format!("unexpected path {path}").as_bytes());
        };
        if OPERATIONS[i].0 != "queryCallRecords"
            && let Err(why) = common::verify_auth_v2(r, AK, SK)
        {
            return Reply::json(401, &json!({"error": why.to_string()}));
        }
        Reply::raw(200, &page(PAGES[i]))
    }));
    let client = e2e_client(&server.url);

    let mut runner = TestRunner::new(config(HTTP_CASES));
    let result = runner.run(&inputs(), |inputs| {
        runtime.block_on(async {
            let check = |operation: &str, sent_before: usize, outcome: Result<(), Error>| {
                let sent = requests.load(Ordering::SeqCst) - sent_before;
                match outcome {
                    Ok(()) => prop_assert!(sent >= 1, "{operation}: Ok without a request"),
                    Err(e) if e.is_invalid_input() => {
                        prop_assert_eq!(sent, 0, "{}: {} but a request was sent", operation, e);
                    }
                    Err(e) => {
                        return Err(TestCaseError::fail(format!(
                            "{operation}: {e} ({}) for {inputs:?}",
                            e.kind()
                        )));
                    }
                }
                Ok(())
            };

            let before = requests.load(Ordering::SeqCst);
            let outcome = client
                .call_result_detail(inputs.vdn_id, &inputs.call_id)
                .await;
            check("getCallResultDetail", before, outcome.map(drop))?;

            let before = requests.load(Ordering::SeqCst);
            let outcome = client.external_result(inputs.vdn_id, inputs.def_id).await;
            check("getExternalResult", before, outcome.map(drop))?;

            let before = requests.load(Ordering::SeqCst);
            let outcome = client
                .cdr(inputs.cc_id, &inputs.call_id, inputs.direction)
                .await;
            check("queryCdrByCallId", before, outcome.map(drop))?;

            if let Ok(request) = CallRecordsRequest::builder()
                .sub_cc_no("1")
                .vdn("1")
                .call_id(Some(inputs.records_call_id.clone()))
                .try_into()
            {
                let request: CallRecordsRequest = request;
                let before = requests.load(Ordering::SeqCst);
                let outcome = client.call_records(&request).await;
                check("queryCallRecords", before, outcome.map(drop))?;
            }

            if let Ok(request) = UpdateResultRequest::builder()
                .appoint_id(inputs.appoint_id.clone())
                .work_no(inputs.work_no.clone())
                .try_into()
            {
                let request: UpdateResultRequest = request;
                let before = requests.load(Ordering::SeqCst);
                let outcome = client.update_reserved_result(inputs.vdn_id, &request).await;
                check("updateReservedCallResult", before, outcome.map(drop))?;
            }
            Ok::<(), TestCaseError>(())
        })
    });
    if let Err(e) = result {
        panic!("{e}\n{runner}");
    }
}
