//! The spec as the checks read it: `spec/huawei-cec.yaml`, made JSON by `build.rs` and
//! embedded, so that no copy of the spec (and no YAML parser) is needed at run time.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde_json::Value;

/// The whole document (`Value::Null` if the embedded JSON did not parse, which a unit test
/// rules out).
static DOCUMENT: LazyLock<Value> = LazyLock::new(|| {
    serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/spec.json"))).unwrap_or_default()
});

/// The operations by operationId.
static OPERATIONS: LazyLock<BTreeMap<&'static str, &'static Value>> = LazyLock::new(|| {
    let mut operations = BTreeMap::new();
    for item in DOCUMENT["paths"].as_object().into_iter().flatten() {
        for operation in item.1.as_object().into_iter().flatten().map(|(_, op)| op) {
            if let Some(id) = operation["operationId"].as_str() {
                operations.insert(id, operation);
            }
        }
    }
    operations
});

/// The embedded document.
pub(crate) fn document() -> &'static Value {
    &DOCUMENT
}

/// An operation's object, by operationId.
pub(crate) fn operation(id: &str) -> Option<&'static Value> {
    OPERATIONS.get(id).copied()
}

/// Every operationId of the spec.
pub(crate) fn operation_ids() -> impl Iterator<Item = &'static str> {
    OPERATIONS.keys().copied()
}

/// Follows `$ref`s (`#/components/...`) from `node` within `root`: the node reached, and the
/// name of the last component referred to (`CallResultDetail`). A reference that leads
/// nowhere, or a chain longer than 16, stops where it is.
pub(crate) fn resolve<'s>(root: &'s Value, mut node: &'s Value) -> (&'s Value, Option<&'s str>) {
    let mut name = None;
    for _ in 0..16 {
        let Some(reference) = node.get("$ref").and_then(Value::as_str) else {
            break;
        };
        let Some(target) = reference
            .strip_prefix('#')
            .and_then(|pointer| root.pointer(pointer))
        else {
            break;
        };
        name = reference.rsplit('/').next();
        node = target;
    }
    (node, name)
}

/// The response an operation declares for `status`: the status itself, then its class
/// (`4XX`), then `default`.
pub(crate) fn response(operation: &'static Value, status: u16) -> Option<&'static Value> {
    let responses = operation["responses"].as_object()?;
    let class = format!("{}XX", status / 100);
    let declared = responses.get(&status.to_string()).or_else(|| {
        responses
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(&class))
            .map(|(_, response)| response)
            .or_else(|| responses.get("default"))
    })?;
    Some(resolve(document(), declared).0)
}

/// The statuses an operation declares, as the spec writes them.
pub(crate) fn statuses(operation: &'static Value) -> Vec<&'static str> {
    operation["responses"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(status, _)| status.as_str())
        .collect()
}

/// A media type's essence: `application/json` of `application/json;charset=UTF-8`.
pub(crate) fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// Whether a media type (its essence) is JSON.
pub(crate) fn is_json(essence: &str) -> bool {
    essence == "application/json" || essence.ends_with("+json")
}
