//! Structure-aware: JSON documents (the pages' example replies edited at arbitrary paths,
//! or built from nothing) whose keys and strings are mostly the real field names and
//! values of the replies, decoded into every response type. Never panics; decoding from
//! the bytes and from the `serde_json::Value` agree, and what decodes round-trips.

use arbitrary::Arbitrary;
use serde_json::{Map, Number, Value};

use super::common;

/// Every key the replies (and their nested objects) use, `"agentId "` with its trailing
/// space included.
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
    "Expires",
    "Expires_In",
    "CreateTime",
    "error",
    "",
];

/// Values the replies carry: result codes, call statuses, documented enum values, numbers
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

#[derive(Arbitrary, Debug)]
enum Key {
    Known(u8),
    Other(String),
}

#[derive(Arbitrary, Debug)]
enum Text {
    Known(u8),
    Integer(i64),
    Other(String),
}

#[derive(Arbitrary, Debug)]
enum Json {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Small(i8),
    Float(f64),
    Str(Text),
    Array(Vec<Json>),
    Object(Vec<(Key, Json)>),
}

/// Deeper than the replies ever nest, shallow enough that the recursive encoder, decoder
/// and drop of `serde_json::Value` stay far from the stack's end.
const MAX_DEPTH: usize = 24;

impl Key {
    fn name(&self) -> String {
        match self {
            Self::Known(i) => KEYS[*i as usize % KEYS.len()].to_owned(),
            Self::Other(s) => s.clone(),
        }
    }
}

impl Json {
    fn to_value(&self, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return Value::Null;
        }
        match self {
            Self::Null => Value::Null,
            Self::Bool(b) => Value::Bool(*b),
            Self::Int(i) => Value::from(*i),
            Self::UInt(u) => Value::from(*u),
            Self::Small(i) => Value::from(*i),
            Self::Float(f) => Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Self::Str(Text::Known(i)) => Value::from(TEXTS[*i as usize % TEXTS.len()]),
            Self::Str(Text::Integer(i)) => Value::from(i.to_string()),
            Self::Str(Text::Other(s)) => Value::from(s.as_str()),
            Self::Array(items) => {
                Value::Array(items.iter().map(|v| v.to_value(depth + 1)).collect())
            }
            Self::Object(fields) => Value::Object(
                fields
                    .iter()
                    .map(|(k, v)| (k.name(), v.to_value(depth + 1)))
                    .collect::<Map<String, Value>>(),
            ),
        }
    }
}

/// The page examples of the replies (valid documents to edit), and a token reply.
const EXAMPLES: &[&[u8]] = &[
    include_bytes!("../../tests/fixtures/pages/call_result_detail.response.json"),
    include_bytes!("../../tests/fixtures/pages/external_result.response.json"),
    include_bytes!("../../tests/fixtures/pages/cdr_by_call_id.response.json"),
    include_bytes!("../../tests/fixtures/pages/call_records.response.json"),
    include_bytes!("../../tests/fixtures/pages/update_reserved_result.response.json"),
    br#"{"AccessToken":"tok","ApplyType":"Bearer","CreateTime":"1545650171","Expires":"600","Scope":"s","AppKey":"k","UserID":"u"}"#,
];

/// Where an edit applies: object keys and array positions from the root.
#[derive(Arbitrary, Debug)]
enum Step {
    Key(Key),
    Index(u8),
}

#[derive(Arbitrary, Debug)]
enum Edit {
    /// Sets the value at a path, creating objects along it.
    Set(Vec<Step>, Json),
    /// Removes the value at a path.
    Remove(Vec<Step>),
}

/// What the edits start from.
#[derive(Arbitrary, Debug)]
enum Base {
    Example(u8),
    Built(Json),
}

#[derive(Arbitrary, Debug)]
struct Input {
    base: Base,
    edits: Vec<Edit>,
}

fn set(target: &mut Value, path: &[Step], value: Value) {
    let Some((step, rest)) = path.split_first() else {
        *target = value;
        return;
    };
    match step {
        Step::Key(key) => {
            if !target.is_object() {
                *target = Value::Object(Map::new());
            }
            let map = target.as_object_mut().expect("an object");
            set(map.entry(key.name()).or_insert(Value::Null), rest, value);
        }
        Step::Index(i) => {
            if !target.is_array() {
                *target = Value::Array(Vec::new());
            }
            let items = target.as_array_mut().expect("an array");
            if items.is_empty() {
                items.push(Value::Null);
            }
            let i = *i as usize % items.len();
            set(&mut items[i], rest, value);
        }
    }
}

fn remove(target: &mut Value, path: &[Step]) {
    let Some((step, rest)) = path.split_first() else {
        return;
    };
    match (step, target) {
        (Step::Key(key), Value::Object(map)) => {
            let key = key.name();
            if rest.is_empty() {
                map.remove(&key);
            } else if let Some(next) = map.get_mut(&key) {
                remove(next, rest);
            }
        }
        (Step::Index(i), Value::Array(items)) if !items.is_empty() => {
            let i = *i as usize % items.len();
            if rest.is_empty() {
                items.remove(i);
            } else {
                remove(&mut items[i], rest);
            }
        }
        _ => {}
    }
}

fn depth(value: &Value) -> usize {
    match value {
        Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        Value::Object(map) => 1 + map.values().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

/// The check of one input (read as libFuzzer's `fuzz_target!` reads it): panics when it
/// finds a fault.
pub fn check(data: &[u8]) {
    let Ok(input) = <Input as Arbitrary>::arbitrary_take_rest(arbitrary::Unstructured::new(data))
    else {
        return;
    };
    let mut value = match &input.base {
        Base::Example(i) => serde_json::from_slice(EXAMPLES[*i as usize % EXAMPLES.len()])
            .expect("the page examples are JSON"),
        Base::Built(json) => json.to_value(0),
    };
    for edit in &input.edits {
        match edit {
            Edit::Set(path, json) => {
                let path = &path[..path.len().min(MAX_DEPTH / 2)];
                set(&mut value, path, json.to_value(MAX_DEPTH / 2));
            }
            Edit::Remove(path) => remove(&mut value, path),
        }
    }
    debug_assert!(depth(&value) <= 2 * MAX_DEPTH);
    common::decode_all_value(&value);
}
