//! The tables `build.rs` makes from the spec besides the clients: result codes, the meanings
//! of error statuses, operation paths, and the tables of the code that records and checks
//! traffic.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde_json::Value;

use super::{SPEC, is_method};

/// `operation_path(operation_id)`: the segments of every operation's path, `None` where a
/// parameter goes, for the check that a request's path has the shape of its operation.
pub(super) fn operation_paths(doc: &Value) -> String {
    let mut s = String::from(
        "/// The segments of an operation's path (`None`: a parameter), by progenitor's operation id.\n\
         pub(crate) fn operation_path(operation_id: &str) -> Option<&'static [Option<&'static str>]> {\n    \
         match operation_id {\n",
    );
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            if !is_method(method) {
                continue;
            }
            let id = snake_case(op["operationId"].as_str().expect("operationId"));
            let segments: Vec<String> = path
                .trim_start_matches('/')
                .split('/')
                .map(|seg| {
                    if seg.starts_with('{') {
                        "None".to_owned()
                    } else {
                        format!("Some({seg:?})")
                    }
                })
                .collect();
            let _ = writeln!(s, "        {id:?} => Some(&[{}]),", segments.join(", "));
        }
    }
    s.push_str("        _ => None,\n    }\n}\n");
    s
}

/// Tables of the spec for the code that records and checks traffic (`crate::cassette`):
/// every operation (progenitor's id, operationId, method, path, tag), the JSON keys marked
/// `x-personal-data` (their aliases included) with the marking's value, and the keys whose
/// schema is `format: password` (secrets).
pub(super) fn spec_tables(doc: &Value) -> String {
    let mut s = String::from(
        "/// Every operation of the spec: (progenitor's operation id, operationId, method, path, tag).\n\
         pub(crate) const OPERATIONS: &[(&str, &str, &str, &str, &str)] = &[\n",
    );
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            if !is_method(method) {
                continue;
            }
            let op_id = op["operationId"].as_str().expect("operationId");
            let tag = op["tags"][0].as_str().expect("every operation has a tag");
            let _ = writeln!(
                s,
                "    ({:?}, {op_id:?}, {:?}, {path:?}, {tag:?}),",
                snake_case(op_id),
                method.to_ascii_uppercase()
            );
        }
    }
    s.push_str("];\n");
    let mut personal = BTreeMap::new();
    let mut secret = BTreeSet::new();
    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    let is_password = |node: &Value| {
        let target = node["$ref"]
            .as_str()
            .and_then(|r| r.strip_prefix("#/components/schemas/"))
            .and_then(|name| schemas.get(name))
            .unwrap_or(node);
        target["format"] == "password"
    };
    for schema in schemas.values() {
        for (key, property) in schema["properties"].as_object().into_iter().flatten() {
            let aliases = property["x-aliases"].as_array().into_iter().flatten();
            let keys = std::iter::once(key.as_str()).chain(aliases.filter_map(Value::as_str));
            if let Some(kind) = property["x-personal-data"].as_str() {
                for k in keys {
                    if let Some(other) = personal.insert(k.to_owned(), kind.to_owned())
                        && other != kind
                    {
                        panic!(
                            "{SPEC}: the key {k:?} is marked x-personal-data {other} and {kind}"
                        );
                    }
                }
            } else if is_password(property) {
                secret.extend(keys.map(str::to_owned));
            }
        }
    }
    s.push_str(
        "/// JSON keys the spec marks `x-personal-data`, with the marking's value.\n\
         pub(crate) const PERSONAL_DATA_KEYS: &[(&str, &str)] = &[\n",
    );
    for (key, kind) in &personal {
        let _ = writeln!(s, "    ({key:?}, {kind:?}),");
    }
    s.push_str(
        "];\n/// JSON keys whose schema is `format: password`: secrets.\n\
         pub(crate) const SECRET_KEYS: &[&str] = &[\n",
    );
    for key in &secret {
        let _ = writeln!(s, "    {key:?},");
    }
    s.push_str("];\n");
    s
}

/// progenitor's operation id: the spec's operationId in snake case.
pub(super) fn snake_case(id: &str) -> String {
    let mut out = String::new();
    for c in id.chars() {
        if c.is_ascii_uppercase() {
            if !out.is_empty() {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `ResultCode`: every code of every operation's `x-result-codes`, plus `Unknown(String)`.
pub(super) fn result_codes(doc: &Value) -> String {
    // code -> (name, description, operations)
    let mut codes: BTreeMap<String, (String, String, Vec<String>)> = BTreeMap::new();
    for item in doc["paths"].as_object().expect("paths").values() {
        for (method, op) in item.as_object().expect("path item") {
            if !is_method(method) {
                continue;
            }
            let op_id = op["operationId"].as_str().expect("operationId").to_owned();
            for entry in op["x-result-codes"].as_array().into_iter().flatten() {
                let field = |f: &str| {
                    entry[f]
                        .as_str()
                        .unwrap_or_else(|| {
                            panic!("{SPEC}: x-result-codes of {op_id}: `{f}` missing")
                        })
                        .to_owned()
                };
                let (code, name, description) =
                    (field("code"), field("name"), field("description"));
                let slot = codes
                    .entry(code.clone())
                    .or_insert_with(|| (name.clone(), description.clone(), Vec::new()));
                assert!(
                    slot.0 == name && slot.1 == description,
                    "{SPEC}: code {code} has a different name or description in {op_id}"
                );
                slot.2.push(op_id.clone());
            }
        }
    }
    let names: BTreeSet<&String> = codes.values().map(|(n, _, _)| n).collect();
    assert_eq!(
        names.len(),
        codes.len(),
        "{SPEC}: two result codes share a name"
    );

    let mut s = String::new();
    s.push_str(
        "/// A business result code from a CC-iSales or CC-CMS reply, as listed in the pages'\n\
         /// error-code tables (`x-result-codes` in `spec/huawei-cec.yaml`).\n\
         #[derive(Debug, Clone, PartialEq, Eq, Hash)]\n#[non_exhaustive]\npub enum ResultCode {\n",
    );
    for (code, (name, description, ops)) in &codes {
        let _ = writeln!(
            s,
            "    /// `{code}`: {description}\n    ///\n    /// Documented for: {}.",
            ops.join(", ")
        );
        let _ = writeln!(s, "    {name},");
    }
    s.push_str("    /// A code the pages do not list.\n    Unknown(String),\n}\n\n");
    s.push_str("impl ResultCode {\n    /// Parses a code as sent in `resultCode`.\n    pub fn from_code(code: &str) -> Self {\n        match code {\n");
    for (code, (name, _, _)) in &codes {
        let _ = writeln!(s, "            {code:?} => Self::{name},");
    }
    s.push_str("            other => Self::Unknown(other.to_owned()),\n        }\n    }\n\n");
    s.push_str("    /// The code as sent on the wire.\n    pub fn code(&self) -> &str {\n        match self {\n");
    for (code, (name, _, _)) in &codes {
        let _ = writeln!(s, "            Self::{name} => {code:?},");
    }
    s.push_str("            Self::Unknown(code) => code,\n        }\n    }\n\n");
    s.push_str("    /// The pages' description of the code, if they list it.\n    pub fn description(&self) -> Option<&'static str> {\n        match self {\n");
    for (name, description, _) in codes.values() {
        let _ = writeln!(s, "            Self::{name} => Some({description:?}),");
    }
    s.push_str("            Self::Unknown(_) => None,\n        }\n    }\n\n");
    s.push_str(
        "    /// Every documented code.\n    pub const DOCUMENTED: &'static [ResultCode] = &[\n",
    );
    for (name, _, _) in codes.values() {
        let _ = writeln!(s, "        Self::{name},");
    }
    s.push_str("    ];\n}\n");
    s
}

/// `documented_meaning(operation, status)`: the first paragraph of the spec's description of
/// every error status of every operation (401 included, though the error layer gives 401 a
/// hint of its own).
pub(super) fn status_meanings(doc: &Value) -> String {
    let mut arms = BTreeMap::new();
    for item in doc["paths"].as_object().expect("paths").values() {
        for (method, op) in item.as_object().expect("path item") {
            if !is_method(method) {
                continue;
            }
            let op_id = op["operationId"].as_str().expect("operationId");
            for (status, response) in op["responses"].as_object().into_iter().flatten() {
                let Ok(code) = status.parse::<u16>() else {
                    continue;
                };
                if (200..300).contains(&code) {
                    continue;
                }
                let response = match response["$ref"].as_str() {
                    Some(r) => doc
                        .pointer(r.trim_start_matches('#'))
                        .expect("a resolvable response"),
                    None => response,
                };
                let text = response["description"]
                    .as_str()
                    .expect("a response description");
                // The first paragraph says what the status means; later ones say where
                // that comes from, which an error message does not need.
                let text = text.split("\n\n").next().unwrap_or_default();
                let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                arms.insert((op_id.to_owned(), code), text);
            }
        }
    }
    let mut s = String::from(
        "/// What the spec says an error status of an operation means (its response description).\n\
         pub(crate) fn documented_meaning(operation: &str, status: u16) -> Option<&'static str> {\n    \
         match (operation, status) {\n",
    );
    for ((op, code), text) in &arms {
        let _ = writeln!(s, "        ({op:?}, {code}) => Some({text:?}),");
    }
    s.push_str("        _ => None,\n    }\n}\n");
    s
}

/// The whole document as compact JSON, for `crate::conformance` to embed.
pub(super) fn spec_json(doc: &Value) -> String {
    serde_json::to_string(doc).expect("the parsed spec is JSON")
}
