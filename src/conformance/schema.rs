//! A JSON value against a schema of the spec: declared and required keys (`x-aliases`
//! counted), JSON types (through `$ref`, `oneOf`, `anyOf`, `allOf` and `nullable`), patterns
//! of the lenient string forms, integer formats, closed enumerations and `x-extensible-enum`.
//!
//! What came is described by its type and shape ([`shape`]), never by its value.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use serde_json::{Map, Value};

use super::spec::resolve;
use super::{Kind, Severity};

/// One difference, before it is tied to an exchange.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Issue {
    pub(super) severity: Severity,
    pub(super) kind: Kind,
    pub(super) pointer: String,
    pub(super) spec: String,
    pub(super) came: String,
}

/// How deep schemas are followed (a value nests at most 128 deep: serde_json's limit).
const MAX_DEPTH: usize = 160;

/// Checks `value` at `pointer` against `schema`, whose `$ref`s point into `root`.
pub(super) fn check(root: &Value, value: &Value, schema: &Value, pointer: &str) -> Vec<Issue> {
    let mut out = Vec::new();
    Walker { root }.walk(value, schema, "the body", pointer, 0, &mut out);
    out
}

/// A value's type and shape, never its content: `a string of 8 digits`, `an object of 3
/// keys`.
pub(super) fn shape(value: &Value) -> String {
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    match value {
        Value::Null => "null".into(),
        Value::Bool(_) => "a boolean".into(),
        Value::Number(n) if n.is_i64() || n.is_u64() => "an integer".into(),
        Value::Number(_) => "a number with a fraction".into(),
        Value::String(s) if s.is_empty() => "an empty string".into(),
        Value::String(s) if s.bytes().all(|b| b.is_ascii_digit()) => {
            format!("a string of {}", plural(s.len(), "digit", "digits"))
        }
        Value::String(s) => format!(
            "a string of {}",
            plural(s.chars().count(), "character", "characters")
        ),
        Value::Array(items) => format!("an array of {}", plural(items.len(), "item", "items")),
        Value::Object(map) => format!("an object of {}", plural(map.len(), "key", "keys")),
    }
}

/// A JSON pointer's next segment (RFC 6901: `~` and `/` escaped).
pub(super) fn child(pointer: &str, key: &str) -> String {
    format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"))
}

struct Walker<'s> {
    root: &'s Value,
}

/// The keys an object schema declares, with the `allOf` branches merged.
#[derive(Default)]
struct ObjectParts<'s> {
    /// (key, its schema, its aliases).
    properties: Vec<(&'s str, &'s Value, Vec<&'s str>)>,
    required: Vec<&'s str>,
    /// `additionalProperties`: `None` when absent or `false`, else the schema of other keys
    /// (`true` as an empty schema).
    additional: Option<&'s Value>,
    /// Whether `additionalProperties` was given at all.
    additional_given: bool,
}

static ANY: Value = Value::Null;

impl<'s> Walker<'s> {
    fn walk(
        &self,
        value: &Value,
        schema: &'s Value,
        context: &str,
        pointer: &str,
        depth: usize,
        out: &mut Vec<Issue>,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        let (schema, name) = resolve(self.root, schema);
        let context = name.unwrap_or(context);
        if value.is_null() && (schema["nullable"] == true || !constrains_type(self.root, schema)) {
            return;
        }
        if let Some(alternatives) = schema
            .get("oneOf")
            .or_else(|| schema.get("anyOf"))
            .and_then(Value::as_array)
        {
            self.alternatives(value, alternatives, context, pointer, depth, out);
        }
        let all_of = schema.get("allOf").and_then(Value::as_array);
        if let (Some(branches), false) = (all_of, value.is_object()) {
            for branch in branches {
                self.walk(value, branch, context, pointer, depth + 1, out);
            }
        }
        if let Some(expected) = schema.get("type").and_then(Value::as_str) {
            if !type_matches(expected, schema, value) {
                out.push(Issue {
                    severity: Severity::Error,
                    kind: Kind::Type,
                    pointer: pointer.to_owned(),
                    spec: format!("{context}: {}", self.describe(schema, 0)),
                    came: shape(value),
                });
                return;
            }
            if expected == "string"
                && let (Some(pattern), Some(text)) = (schema["pattern"].as_str(), value.as_str())
                && !pattern_matches(pattern, text)
            {
                out.push(Issue {
                    severity: Severity::Error,
                    kind: Kind::Type,
                    pointer: pointer.to_owned(),
                    spec: format!("{context}: {}", self.describe(schema, 0)),
                    came: format!("{} that does not match", shape(value)),
                });
            }
        }
        if let Value::Object(map) = value
            && (schema.get("properties").is_some()
                || schema.get("additionalProperties").is_some()
                || all_of.is_some())
        {
            self.object(map, schema, context, pointer, depth, out);
        }
        if let (Value::Array(items), Some(item_schema)) = (value, schema.get("items")) {
            let context = format!("{context}[]");
            for (i, item) in items.iter().enumerate() {
                let pointer = child(pointer, &i.to_string());
                self.walk(item, item_schema, &context, &pointer, depth + 1, out);
            }
        }
        self.enumerations(value, schema, context, pointer, out);
    }

    /// `oneOf`/`anyOf`: an alternative without errors is taken (the one with the fewest
    /// findings); else the only alternative of the value's JSON type, whose findings say
    /// where inside it the value differs; else a type finding naming every alternative.
    fn alternatives(
        &self,
        value: &Value,
        alternatives: &'s [Value],
        context: &str,
        pointer: &str,
        depth: usize,
        out: &mut Vec<Issue>,
    ) {
        let mut clean: Option<Vec<Issue>> = None;
        let mut of_type: Vec<Vec<Issue>> = Vec::new();
        for alternative in alternatives {
            let mut trial = Vec::new();
            self.walk(value, alternative, context, pointer, depth + 1, &mut trial);
            if trial.iter().all(|i| i.severity != Severity::Error) {
                if clean.as_ref().is_none_or(|c| trial.len() < c.len()) {
                    clean = Some(trial);
                }
            } else if self.accepts_type(alternative, value, 0) {
                of_type.push(trial);
            }
        }
        match (clean, of_type.len()) {
            (Some(trial), _) => out.extend(trial),
            (None, 1) => out.extend(of_type.pop().unwrap_or_default()),
            (None, _) => out.push(Issue {
                severity: Severity::Error,
                kind: Kind::Type,
                pointer: pointer.to_owned(),
                spec: format!(
                    "{context}: {}",
                    alternatives
                        .iter()
                        .map(|a| self.describe(a, 0))
                        .collect::<Vec<_>>()
                        .join(", or ")
                ),
                came: shape(value),
            }),
        }
    }

    fn object(
        &self,
        map: &Map<String, Value>,
        schema: &'s Value,
        context: &str,
        pointer: &str,
        depth: usize,
        out: &mut Vec<Issue>,
    ) {
        let mut parts = ObjectParts::default();
        self.object_parts(schema, &mut parts, 0);
        for (key, value) in map {
            let here = child(pointer, key);
            let declared = parts
                .properties
                .iter()
                .find(|(k, _, aliases)| *k == key || aliases.contains(&key.as_str()));
            match (declared, parts.additional) {
                (Some((k, property, _)), _) => {
                    let context = format!("{context}.{k}");
                    self.walk(value, property, &context, &here, depth + 1, out);
                }
                (None, Some(other)) => {
                    if other.is_object() {
                        self.walk(value, other, context, &here, depth + 1, out);
                    }
                }
                (None, None) => {
                    let near = parts.properties.iter().find(|(k, _, _)| {
                        k.trim().eq_ignore_ascii_case(key.trim())
                            || k.eq_ignore_ascii_case(&key.replace(['_', '-'], ""))
                    });
                    let spec = match near {
                        Some((k, _, _)) => format!(
                            "{context} declares no such key; it declares {k:?}, spelled otherwise"
                        ),
                        None if parts.additional_given => {
                            format!("{context} declares no such key and allows no other")
                        }
                        None => format!("{context} declares no such key"),
                    };
                    out.push(Issue {
                        severity: Severity::Warning,
                        kind: Kind::UndeclaredKey,
                        pointer: here,
                        spec,
                        came: shape(value),
                    });
                }
            }
        }
        for required in &parts.required {
            let aliases = parts
                .properties
                .iter()
                .find(|(k, _, _)| k == required)
                .map(|(_, _, aliases)| aliases.as_slice())
                .unwrap_or_default();
            let present = |k: &str| map.get(k).is_some_and(|v| !v.is_null());
            if !present(required) && !aliases.iter().any(|a| present(a)) {
                let also = if aliases.is_empty() {
                    String::new()
                } else {
                    format!(" (or its alias {})", aliases.join(", "))
                };
                out.push(Issue {
                    severity: Severity::Error,
                    kind: Kind::MissingKey,
                    pointer: child(pointer, required),
                    spec: format!("{context} requires {required:?}{also}"),
                    came: "absent".into(),
                });
            }
        }
    }

    fn object_parts(&self, schema: &'s Value, parts: &mut ObjectParts<'s>, depth: usize) {
        if depth > 16 {
            return;
        }
        let (schema, _) = resolve(self.root, schema);
        for (key, property) in schema["properties"].as_object().into_iter().flatten() {
            let (target, _) = resolve(self.root, property);
            let aliases = property
                .get("x-aliases")
                .or_else(|| target.get("x-aliases"))
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            parts.properties.push((key.as_str(), property, aliases));
        }
        parts.required.extend(
            schema["required"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str),
        );
        match schema.get("additionalProperties") {
            Some(Value::Bool(false)) => parts.additional_given = true,
            Some(Value::Bool(true)) => {
                parts.additional_given = true;
                parts.additional = Some(&ANY);
            }
            Some(other @ Value::Object(_)) => {
                parts.additional_given = true;
                parts.additional = Some(other);
            }
            _ => {}
        }
        for branch in schema["allOf"].as_array().into_iter().flatten() {
            self.object_parts(branch, parts, depth + 1);
        }
    }

    /// A closed `enum` (an error outside it) and `x-extensible-enum` (a note outside it). An
    /// open enumeration compares numbers and numeric strings by their text (`6` is `"6"`),
    /// as the lenient forms do.
    fn enumerations(
        &self,
        value: &Value,
        schema: &Value,
        context: &str,
        pointer: &str,
        out: &mut Vec<Issue>,
    ) {
        let list = |values: &[Value]| {
            values
                .iter()
                .map(Value::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        };
        if let Some(values) = schema.get("enum").and_then(Value::as_array)
            && !value.is_null()
            && !values.contains(value)
        {
            out.push(Issue {
                severity: Severity::Error,
                kind: Kind::Enum,
                pointer: pointer.to_owned(),
                spec: format!("{context}: one of {}", list(values)),
                came: format!("{}, not among them", shape(value)),
            });
        }
        if let Some(values) = schema.get("x-extensible-enum").and_then(Value::as_array)
            && let Some(text) = text_form(value)
            && !values
                .iter()
                .any(|v| text_form(v).as_deref() == Some(&text))
        {
            out.push(Issue {
                severity: Severity::Note,
                kind: Kind::ExtensibleEnum,
                pointer: pointer.to_owned(),
                spec: format!(
                    "{context}: documented values {} (an open enumeration: others are accepted)",
                    list(values)
                ),
                came: format!("{}, not among them", shape(value)),
            });
        }
    }

    /// Whether `schema` takes values of `value`'s JSON type at all.
    fn accepts_type(&self, schema: &'s Value, value: &Value, depth: usize) -> bool {
        let (schema, _) = resolve(self.root, schema);
        if depth > 16 {
            return true;
        }
        if let Some(expected) = schema.get("type").and_then(Value::as_str) {
            return type_matches(expected, schema, value)
                || (value.is_null() && schema["nullable"] == true);
        }
        match schema
            .get("oneOf")
            .or_else(|| schema.get("anyOf"))
            .and_then(Value::as_array)
        {
            Some(alternatives) => alternatives
                .iter()
                .any(|a| self.accepts_type(a, value, depth + 1)),
            None => true,
        }
    }

    /// What a schema takes, in words: `an integer (int32)`, `a string matching ^[0-9]+$`.
    fn describe(&self, schema: &'s Value, depth: usize) -> String {
        let (schema, name) = resolve(self.root, schema);
        if depth > 4 {
            return name.unwrap_or("a value").to_owned();
        }
        if let Some(alternatives) = schema
            .get("oneOf")
            .or_else(|| schema.get("anyOf"))
            .and_then(Value::as_array)
        {
            return alternatives
                .iter()
                .map(|a| self.describe(a, depth + 1))
                .collect::<Vec<_>>()
                .join(" or ");
        }
        let mut text = match schema.get("type").and_then(Value::as_str) {
            Some("integer") => match schema["format"].as_str() {
                Some(format) => format!("an integer ({format})"),
                None => "an integer".to_owned(),
            },
            Some("number") => "a number".to_owned(),
            Some("boolean") => "a boolean".to_owned(),
            Some("string") => match schema["pattern"].as_str() {
                Some(pattern) => format!("a string matching {pattern}"),
                None => "a string".to_owned(),
            },
            Some("array") => "an array".to_owned(),
            Some("object") => match name {
                Some(name) => format!("an object ({name})"),
                None => "an object".to_owned(),
            },
            Some(other) => format!("a {other}"),
            None => "any value".to_owned(),
        };
        if schema["nullable"] == true {
            text.push_str(" or null");
        }
        text
    }
}

/// Whether a schema says anything about the JSON type of its values.
fn constrains_type(root: &Value, schema: &Value) -> bool {
    let (schema, _) = resolve(root, schema);
    ["type", "oneOf", "anyOf", "allOf", "enum", "properties"]
        .iter()
        .any(|k| schema.get(k).is_some())
}

fn type_matches(expected: &str, schema: &Value, value: &Value) -> bool {
    match expected {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "number" => value.is_number(),
        "integer" => match schema["format"].as_str() {
            Some("int32") => value.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
            Some("int64") => value.is_i64(),
            _ => value.is_i64() || value.is_u64(),
        },
        _ => true,
    }
}

/// A scalar as text, for comparing the values of an open enumeration.
fn text_form(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Compiled patterns of the spec (ECMA-262, as OpenAPI says), kept: the spec has few.
static PATTERNS: LazyLock<Mutex<HashMap<String, Option<regress::Regex>>>> =
    LazyLock::new(Mutex::default);

/// Whether `text` matches `pattern` (a pattern that does not compile matches everything: the
/// spec's own patterns are compiled by a unit test).
fn pattern_matches(pattern: &str, text: &str) -> bool {
    let mut patterns = PATTERNS.lock().unwrap_or_else(|p| p.into_inner());
    let regex = patterns
        .entry(pattern.to_owned())
        .or_insert_with(|| regress::Regex::new(pattern).ok());
    regex.as_ref().is_none_or(|r| r.find(text).is_some())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn issues(root: &Value, value: Value, schema: &str) -> Vec<(Kind, String)> {
        let schema = json!({"$ref": format!("#/components/schemas/{schema}")});
        check(root, &value, &schema, "/body/json")
            .into_iter()
            .map(|i| (i.kind, i.pointer))
            .collect()
    }

    #[test]
    fn all_of_branches_declare_keys_together_and_nullable_takes_null() {
        let root = json!({"components": {"schemas": {
            "Base": {"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}},
            "Both": {"allOf": [
                {"$ref": "#/components/schemas/Base"},
                {"type": "object", "properties": {"b": {"type": "integer", "nullable": true}}}
            ]},
        }}});
        assert_eq!(issues(&root, json!({"a": "x", "b": null}), "Both"), vec![]);
        assert_eq!(
            issues(&root, json!({"b": "7", "c": 1}), "Both"),
            vec![
                (Kind::Type, "/body/json/b".into()),
                (Kind::UndeclaredKey, "/body/json/c".into()),
                (Kind::MissingKey, "/body/json/a".into()),
            ]
        );
        assert_eq!(
            issues(&root, json!(3), "Both"),
            vec![
                (Kind::Type, "/body/json".into()),
                (Kind::Type, "/body/json".into())
            ]
        );
    }

    #[test]
    fn a_pattern_that_does_not_compile_matches_and_shapes_never_show_values() {
        assert!(pattern_matches("(", "anything"));
        assert!(!pattern_matches("^[0-9]+$", "12a"));
        for (value, want) in [
            (json!("13800001111"), "a string of 11 digits"),
            (json!("secret-value"), "a string of 12 characters"),
            (json!(""), "an empty string"),
            (json!(1.5), "a number with a fraction"),
            (json!([1]), "an array of 1 item"),
            (json!({"a": 1, "b": 2}), "an object of 2 keys"),
        ] {
            assert_eq!(shape(&value), want);
        }
        assert_eq!(child("/a", "x/y~z"), "/a/x~1y~0z");
    }
}
