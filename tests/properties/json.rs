//! Structure-aware JSON: generators of replies that are mostly, not always, what the spec describes.

use super::*;

/// Every key the replies (and their nested objects) use, `"agentId "` with its trailing
/// space included, and a few they do not.
pub(crate) const KEYS: &[&str] = &[
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
pub(crate) const TEXTS: &[&str] = &[
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
pub(crate) const CODES: &[&str] = &["0200000", "0100000", "0200007", "04000004", "0", "1", ""];

pub(crate) fn text() -> BoxedStrategy<String> {
    prop_oneof![
        3 => select(TEXTS).prop_map(str::to_owned),
        1 => any::<i64>().prop_map(|i| i.to_string()),
        2 => ".{0,12}",
    ]
    .boxed()
}

pub(crate) fn leaf() -> BoxedStrategy<Value> {
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

pub(crate) fn key() -> BoxedStrategy<String> {
    prop_oneof![
        6 => select(KEYS).prop_map(str::to_owned),
        1 => ".{0,8}",
    ]
    .boxed()
}

/// Any JSON value, objects keyed mostly by the real field names.
pub(crate) fn any_json() -> BoxedStrategy<Value> {
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
pub(crate) fn field(valid: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    prop_oneof![12 => valid, 1 => Just(Value::Null), 1 => any_json()].boxed()
}

pub(crate) fn string() -> BoxedStrategy<Value> {
    field(text().prop_map(Value::from).boxed())
}

/// A result code: usually `success` (to get past the business check), or another code.
pub(crate) fn code(success: &'static str) -> BoxedStrategy<Value> {
    field(
        prop_oneof![
            3 => Just(Value::from(success)),
            2 => select(CODES).prop_map(Value::from),
            1 => text().prop_map(Value::from),
        ]
        .boxed(),
    )
}

pub(crate) fn integer() -> BoxedStrategy<Value> {
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
pub(crate) fn lenient() -> BoxedStrategy<Value> {
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
pub(crate) fn open_enum(documented: &'static [&'static str]) -> BoxedStrategy<Value> {
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
pub(crate) fn object(fields: Vec<(&'static str, BoxedStrategy<Value>)>) -> BoxedStrategy<Value> {
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
pub(crate) fn codes(mut fields: Vec<(&'static str, BoxedStrategy<Value>)>) -> BoxedStrategy<Value> {
    fields.extend([
        ("resultCode", code("0200000")),
        ("resultDesc", string()),
        ("returnCode", code("0200000")),
        ("returnDesc", string()),
    ]);
    object(fields)
}

pub(crate) fn call_result_detail_json() -> BoxedStrategy<Value> {
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

pub(crate) fn external_result_json() -> BoxedStrategy<Value> {
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

pub(crate) fn cdr_record_json() -> BoxedStrategy<Value> {
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

pub(crate) fn cdr_json() -> BoxedStrategy<Value> {
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

pub(crate) fn call_records_json() -> BoxedStrategy<Value> {
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

pub(crate) fn update_result_json() -> BoxedStrategy<Value> {
    codes(Vec::new())
}

pub(crate) fn token_json() -> BoxedStrategy<Value> {
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
pub(crate) const SECRET_MARKER: &str = "tok3nMARKERsecret9";

/// `value` with the marker in front of every string in it.
pub(crate) fn mark_strings(value: Value) -> Value {
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
pub(crate) fn shaped_or_any(shaped: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    prop_oneof![3 => shaped, 1 => any_json()].boxed()
}
