//! How a request is compared with the recorded ones: what is compared, and in what words a
//! difference is told.

use serde_json::Value;

use crate::cassette;

/// A request as the replay compares it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Key {
    pub(super) operation: Option<&'static str>,
    pub(super) method: String,
    pub(super) path: Vec<u8>,
    pub(super) query: Vec<(Vec<u8>, Vec<u8>)>,
    pub(super) body: BodyKey,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum BodyKey {
    None,
    Json(Value),
    Text(String),
    Bytes(Vec<u8>),
}

/// How far a recording is from a request: the operation counts most, then the method, the
/// path, the query, each body difference.
pub(super) fn score(recorded: &Key, incoming: &Key, differences: usize) -> usize {
    let mut score = differences;
    if recorded.operation != incoming.operation {
        score += 1000;
    }
    if recorded.method != incoming.method {
        score += 100;
    }
    score
}

/// The operation of a path, by the spec's path templates.
pub(crate) fn operation_of(path: &str) -> Option<&'static str> {
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    cassette::operations()
        .find(|op| {
            let template: Vec<&str> = op.path.trim_start_matches('/').split('/').collect();
            template.len() == segments.len()
                && template.iter().zip(&segments).all(|(t, s)| {
                    if t.starts_with('{') {
                        !s.is_empty()
                    } else {
                        t == s
                    }
                })
        })
        .map(|op| op.operation_id)
}

pub(super) fn decode(text: &str) -> Vec<u8> {
    percent_encoding::percent_decode_str(text).collect()
}

pub(super) fn query_pairs(query: Option<&str>) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut pairs: Vec<(Vec<u8>, Vec<u8>)> = query
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(name), decode(value))
        })
        .collect();
    pairs.sort();
    pairs
}

pub(super) fn body_key(bytes: &[u8]) -> BodyKey {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return BodyKey::None;
    }
    if let Ok(value) = serde_json::from_slice(bytes) {
        return BodyKey::Json(value);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => BodyKey::Text(text.to_owned()),
        Err(_) => BodyKey::Bytes(bytes.to_vec()),
    }
}

/// How a request differs from a recorded one (empty: it matches). Paths and queries are
/// named; body values are not (only where, and their JSON types).
pub(super) fn differences(recorded: &Key, incoming: &Key, masked: bool) -> Vec<String> {
    let mut out = Vec::new();
    if recorded.operation != incoming.operation {
        out.push(format!(
            "the operation: recorded {}, this request {}",
            recorded.operation.unwrap_or("none"),
            incoming.operation.unwrap_or("none of the spec's"),
        ));
    }
    if recorded.method != incoming.method {
        out.push(format!(
            "the method: recorded {}, this request {}",
            recorded.method, incoming.method
        ));
    }
    if recorded.path != incoming.path {
        out.push(format!(
            "the path: recorded {}",
            String::from_utf8_lossy(&recorded.path).escape_debug()
        ));
    }
    if recorded.query != incoming.query {
        let names = |q: &[(Vec<u8>, Vec<u8>)]| {
            q.iter()
                .map(|(n, _)| String::from_utf8_lossy(n).escape_debug().to_string())
                .collect::<Vec<_>>()
                .join("&")
        };
        out.push(format!(
            "the query: recorded with [{}], this request with [{}]",
            names(&recorded.query),
            names(&incoming.query)
        ));
    }
    match (&recorded.body, &incoming.body) {
        (BodyKey::Json(a), BodyKey::Json(b)) => {
            json_differences("", a, b, masked, false, &mut out);
        }
        (a, b) if a == b => {}
        (a, b) => out.push(format!(
            "the body: recorded {}, this request {}",
            body_kind(a),
            body_kind(b)
        )),
    }
    const MAX_LISTED: usize = 8;
    if out.len() > MAX_LISTED {
        let more = out.len() - MAX_LISTED;
        out.truncate(MAX_LISTED);
        out.push(format!("and {more} more"));
    }
    out
}

fn body_kind(body: &BodyKey) -> &'static str {
    match body {
        BodyKey::None => "none",
        BodyKey::Json(_) => "JSON",
        BodyKey::Text(_) => "text",
        BodyKey::Bytes(_) => "bytes",
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn json_differences(
    pointer: &str,
    recorded: &Value,
    incoming: &Value,
    masked: bool,
    personal: bool,
    out: &mut Vec<String>,
) {
    let at = |p: &str| {
        if p.is_empty() {
            "/".to_owned()
        } else {
            p.to_owned()
        }
    };
    match (recorded, incoming) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                let here = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
                if cassette::is_secret_key(key) {
                    continue;
                }
                let personal = personal || cassette::personal_data_kind(key).is_some();
                match b.get(key) {
                    Some(other) => json_differences(&here, value, other, masked, personal, out),
                    None => out.push(format!("the body at {here}: only in the recorded request")),
                }
            }
            for key in b.keys().filter(|k| !a.contains_key(*k)) {
                let here = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
                out.push(format!("the body at {here}: only in this request"));
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                json_differences(&format!("{pointer}/{i}"), x, y, masked, personal, out);
            }
        }
        (Value::Array(a), Value::Array(b)) => out.push(format!(
            "the body at {}: recorded {} items, this request {}",
            at(pointer),
            a.len(),
            b.len()
        )),
        (a, b) if personal && masked => {
            if !same_shape(a, b) {
                out.push(format!(
                    "the body at {}: a masked value of another shape",
                    at(pointer)
                ));
            }
        }
        (a, b) if a == b => {}
        (a, b) if json_type(a) != json_type(b) => out.push(format!(
            "the body at {}: recorded {}, this request {}",
            at(pointer),
            json_type(a),
            json_type(b)
        )),
        _ => out.push(format!("the body at {}: the values differ", at(pointer))),
    }
}

/// Whether a masked value could be the mask of `incoming`: the same JSON type and, for text,
/// a digit for each digit, a letter for each letter, other characters the same.
fn same_shape(masked: &Value, incoming: &Value) -> bool {
    match (masked, incoming) {
        (Value::String(a), Value::String(b)) => {
            a.chars().count() == b.chars().count()
                && a.chars().zip(b.chars()).all(|(x, y)| {
                    (x.is_ascii_digit() && y.is_ascii_digit())
                        || (x.is_alphabetic() && y.is_alphabetic())
                        || x == y
                })
        }
        (Value::Number(_), Value::Number(_)) => true,
        (a, b) => a == b,
    }
}
