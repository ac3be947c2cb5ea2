//! `spec/huawei-cec.yaml` against the five documentation pages: every table field with its
//! documented type and mandatory flag, every range, enumeration and error code, and every
//! example. Where the pages themselves are at hand (`../shared/seeds`, or `CEC_SEEDS_DIR`),
//! the checklist below is itself checked against their text, so it cannot drift from them.

mod fields;
mod inferences;
mod pages;
mod parameters;

use serde_json::Value;
use std::collections::BTreeSet;

pub(crate) fn spec() -> Value {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/spec/huawei-cec.yaml"))
            .unwrap();
    serde_norway::from_str(&text).unwrap()
}

/// The seed pages, by number ("000" .. "004"), if present. In CI they must be.
pub(crate) fn pages() -> Option<Vec<(String, String)>> {
    let dir = std::env::var("CEC_SEEDS_DIR")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/seeds").to_owned());
    let Ok(entries) = std::fs::read_dir(&dir) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have the seed pages at {dir}"
        );
        eprintln!("seed pages not found at {dir}: checking the spec against the checklist only");
        return None;
    };
    let mut pages: Vec<(String, String)> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy()[..3].to_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    pages.sort();
    assert_eq!(pages.len(), 5, "five seed pages in {dir}");
    Some(pages)
}

pub(crate) fn page_text(pages: &Option<Vec<(String, String)>>, page: &str) -> Option<String> {
    pages.as_ref().map(|p| {
        let text = &p.iter().find(|(n, _)| n == page).unwrap().1;
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    })
}

pub(crate) fn resolve<'a>(spec: &'a Value, node: &'a Value) -> &'a Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let pointer = r.trim_start_matches('#');
            resolve(
                spec,
                spec.pointer(pointer)
                    .unwrap_or_else(|| panic!("dangling {r}")),
            )
        }
        None => node,
    }
}

/// The JSON types a schema accepts (following `oneOf`/`anyOf` alternatives).
pub(crate) fn accepted_types(spec: &Value, schema: &Value) -> BTreeSet<String> {
    let schema = resolve(spec, schema);
    let mut types = BTreeSet::new();
    if let Some(t) = schema.get("type").and_then(Value::as_str) {
        types.insert(t.to_owned());
    }
    for key in ["oneOf", "anyOf"] {
        for alt in schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            types.extend(accepted_types(spec, alt));
        }
    }
    types
}

pub(crate) fn operation<'a>(spec: &'a Value, id: &str) -> &'a Value {
    spec["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|item| item.as_object().unwrap().values())
        .find(|op| op.get("operationId").and_then(Value::as_str) == Some(id))
        .unwrap_or_else(|| panic!("operation {id}"))
}
