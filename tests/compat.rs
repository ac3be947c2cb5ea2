//! The guard against breaking changes of `spec/huawei-cec.yaml`: compared with the newest
//! released document in `spec/released/`, nothing may be removed, renamed or narrowed
//! unless the major version of `info.version` is bumped, and then only the changes listed
//! in [`ACKNOWLEDGED`].

use std::collections::BTreeSet;

use serde_json::Value;

/// The breaking changes the next major version makes, exactly as the guard words them.
/// With the major version bumped, a breaking change missing here fails the guard, and so
/// does an entry that no longer occurs: empty the list when the version is released
/// (copied into `spec/released/`).
///
/// 2.0.0: operationIds with verbs that tell the operations apart (generated clients name
/// their methods after them), and the token reply as Huawei documents it (no refresh
/// token).
const ACKNOWLEDGED: &[&str] = &[
    "GET /rest/isales/v1/openapi/campaigns/{vdnId}/callresultdetail/{callId}: operationId renamed from callResultDetail to getCallResultDetail",
    "GET /rest/isales/v1/openapi/campaigns/{vdnId}/{defId}/queryObsResultDetail: operationId renamed from externalResult to getExternalResult",
    "POST /rest/cmsapp/v1/openapi/calldata/querycalldetailbyid: operationId renamed from cdrByCallId to queryCdrByCallId",
    "POST /apiaccess/rest/dataprocess/v1/openapp/queryCallManualDetailInfo: operationId renamed from callRecords to queryCallRecords",
    "POST /rest/isales/v1/openapi/campaigns/{vdnId}/appoint/updateResult: operationId renamed from updateReservedResult to updateReservedCallResult",
    "POST /apigovernance/api/oauth/tokenByAkSk: operationId renamed from tokenByAkSk to createToken",
    "POST /apigovernance/api/oauth/tokenByAkSk 200.Refresh_Token: field removed",
];

fn load(path: &str) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_norway::from_str(&text).unwrap()
}

fn major(doc: &Value) -> u64 {
    let version = doc["info"]["version"].as_str().expect("info.version");
    version
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or_else(|| panic!("version {version}"))
}

/// The newest released document (by version).
fn released() -> (String, Value) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/spec/released");
    let mut versions: Vec<(Vec<u64>, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter_map(|name| {
            let version = name
                .strip_prefix("huawei-cec-")?
                .strip_suffix(".yaml")?
                .to_owned();
            let parts = version
                .split('.')
                .map(|p| p.parse().ok())
                .collect::<Option<Vec<u64>>>()?;
            Some((parts, name))
        })
        .collect();
    versions.sort();
    let (_, name) = versions
        .pop()
        .expect("a released document in spec/released");
    let doc = load(&format!("{dir}/{name}"));
    (name, doc)
}

/// The schema of the JSON media type of a `content` map (`application/json`, with or
/// without parameters such as `charset`).
fn json_schema(content: &Value) -> Option<&Value> {
    content.as_object()?.iter().find_map(|(media_type, media)| {
        let essence = media_type.split(';').next().unwrap_or("").trim();
        essence
            .eq_ignore_ascii_case("application/json")
            .then(|| media.get("schema"))
            .flatten()
    })
}

fn resolve<'a>(doc: &'a Value, node: &'a Value) -> &'a Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(r) => resolve(
            doc,
            doc.pointer(r.trim_start_matches('#'))
                .unwrap_or(&Value::Null),
        ),
        None => node,
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Direction {
    /// What clients send: the new document must accept all the old one did.
    Request,
    /// What servers send: the new document must still promise all the old one did.
    Response,
}

struct Compare<'a> {
    old: &'a Value,
    new: &'a Value,
    breaking: Vec<String>,
}

impl Compare<'_> {
    fn types(doc: &Value, schema: &Value) -> BTreeSet<String> {
        let schema = resolve(doc, schema);
        let mut types: BTreeSet<String> = schema
            .get("type")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .into_iter()
            .collect();
        for key in ["oneOf", "anyOf", "allOf"] {
            for alt in schema
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                types.extend(Self::types(doc, alt));
            }
        }
        types
    }

    /// Enumerated values (closed or extensible), or None when any value goes.
    fn values(doc: &Value, schema: &Value) -> Option<BTreeSet<String>> {
        let schema = resolve(doc, schema);
        let mut found: Option<BTreeSet<String>> = None;
        for key in ["enum", "x-extensible-enum"] {
            if let Some(values) = schema.get(key).and_then(Value::as_array) {
                found
                    .get_or_insert_with(BTreeSet::new)
                    .extend(values.iter().map(|v| v.to_string()));
            }
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(alts) = schema.get(key).and_then(Value::as_array) {
                let mut all = BTreeSet::new();
                for alt in alts {
                    all.extend(Self::values(doc, alt)?);
                }
                found.get_or_insert_with(BTreeSet::new).extend(all);
            }
        }
        found
    }

    fn schema(&mut self, at: &str, old: &Value, new: &Value, direction: Direction, depth: usize) {
        if depth > 32 {
            return;
        }
        let (old_s, new_s) = (resolve(self.old, old), resolve(self.new, new));
        let (old_types, new_types) = (Self::types(self.old, old_s), Self::types(self.new, new_s));
        if !new_types.is_empty() && !old_types.is_subset(&new_types) {
            self.breaking.push(format!(
                "{at}: type narrowed from {old_types:?} to {new_types:?}"
            ));
        }
        match (Self::values(self.old, old_s), Self::values(self.new, new_s)) {
            (Some(old_v), Some(new_v)) => {
                let removed: Vec<_> = old_v.difference(&new_v).collect();
                if !removed.is_empty() {
                    self.breaking
                        .push(format!("{at}: enumeration values removed: {removed:?}"));
                }
            }
            (None, Some(new_v)) => self
                .breaking
                .push(format!("{at}: restricted to the values {new_v:?}")),
            _ => {}
        }
        let num = |s: &Value, k: &str| s.get(k).and_then(Value::as_f64);
        for (key, stricter_if_greater) in [
            ("minimum", true),
            ("minLength", true),
            ("maximum", false),
            ("maxLength", false),
        ] {
            match (num(old_s, key), num(new_s, key)) {
                (Some(o), Some(n)) if (n > o) == stricter_if_greater && n != o => self
                    .breaking
                    .push(format!("{at}: {key} narrowed from {o} to {n}")),
                (None, Some(n)) => self.breaking.push(format!("{at}: {key} {n} added")),
                _ => {}
            }
        }
        if old_s.get("pattern") != new_s.get("pattern") && new_s.get("pattern").is_some() {
            self.breaking
                .push(format!("{at}: pattern changed to {}", new_s["pattern"]));
        }
        if let Some(old_props) = old_s.get("properties").and_then(Value::as_object) {
            let new_props = new_s.get("properties").and_then(Value::as_object);
            for (name, old_prop) in old_props {
                match new_props.and_then(|p| p.get(name)) {
                    Some(new_prop) => self.schema(
                        &format!("{at}.{name}"),
                        old_prop,
                        new_prop,
                        direction,
                        depth + 1,
                    ),
                    None => self.breaking.push(format!("{at}.{name}: field removed")),
                }
            }
        }
        if direction == Direction::Request {
            let required = |s: &Value| -> BTreeSet<String> {
                s.get("required")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            };
            for name in required(new_s).difference(&required(old_s)) {
                self.breaking.push(format!("{at}.{name}: made mandatory"));
            }
        }
        if let (Some(old_items), Some(new_items)) = (old_s.get("items"), new_s.get("items")) {
            self.schema(
                &format!("{at}[]"),
                old_items,
                new_items,
                direction,
                depth + 1,
            );
        }
    }

    fn run(mut self) -> Vec<String> {
        let (old, new) = (self.old, self.new);
        for (path, old_item) in old["paths"].as_object().unwrap() {
            for (method, old_op) in old_item.as_object().unwrap() {
                if !matches!(
                    method.as_str(),
                    "get" | "put" | "post" | "delete" | "patch" | "head" | "options"
                ) {
                    continue;
                }
                let at = format!("{} {path}", method.to_uppercase());
                let Some(new_op) = new["paths"].get(path).and_then(|i| i.get(method)) else {
                    self.breaking.push(format!("{at}: operation removed"));
                    continue;
                };
                // Generated clients name their methods after the operationId.
                if let (Some(old_id), new_id) = (
                    old_op.get("operationId").and_then(Value::as_str),
                    new_op.get("operationId").and_then(Value::as_str),
                ) && Some(old_id) != new_id
                {
                    self.breaking.push(format!(
                        "{at}: operationId renamed from {old_id} to {}",
                        new_id.unwrap_or("(none)")
                    ));
                }
                let params = |doc: &Value, op: &Value| -> Vec<Value> {
                    op.get("parameters")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .map(|p| resolve(doc, p).clone())
                        .collect()
                };
                let new_params = params(new, new_op);
                for old_p in params(old, old_op) {
                    let name = format!(
                        "{} {}",
                        old_p["in"].as_str().unwrap_or(""),
                        old_p["name"].as_str().unwrap_or("")
                    );
                    let Some(new_p) = new_params
                        .iter()
                        .find(|p| p["name"] == old_p["name"] && p["in"] == old_p["in"])
                    else {
                        self.breaking
                            .push(format!("{at}: parameter {name} removed"));
                        continue;
                    };
                    if old_p["required"] != Value::Bool(true)
                        && new_p["required"] == Value::Bool(true)
                    {
                        self.breaking
                            .push(format!("{at}: parameter {name} made mandatory"));
                    }
                    self.schema(
                        &format!("{at} {name}"),
                        &old_p["schema"],
                        &new_p["schema"],
                        Direction::Request,
                        0,
                    );
                }
                for new_p in &new_params {
                    let existed = params(old, old_op)
                        .iter()
                        .any(|p| p["name"] == new_p["name"] && p["in"] == new_p["in"]);
                    if !existed && new_p["required"] == Value::Bool(true) {
                        self.breaking
                            .push(format!("{at}: mandatory parameter {} added", new_p["name"]));
                    }
                }
                let body = |op: &'_ Value| json_schema(&op["requestBody"]["content"]).cloned();
                if let (Some(o), Some(n)) = (body(old_op), body(new_op)) {
                    self.schema(&format!("{at} body"), &o, &n, Direction::Request, 0);
                }
                for (status, old_r) in old_op["responses"].as_object().into_iter().flatten() {
                    let Some(new_r) = new_op["responses"].get(status) else {
                        self.breaking
                            .push(format!("{at}: response {status} removed"));
                        continue;
                    };
                    let (old_r, new_r) = (resolve(old, old_r), resolve(new, new_r));
                    if let (Some(o), Some(n)) = (
                        json_schema(&old_r["content"]),
                        json_schema(&new_r["content"]),
                    ) {
                        self.schema(&format!("{at} {status}"), o, n, Direction::Response, 0);
                    }
                }
            }
        }
        self.breaking
    }
}

fn breaking_changes(old: &Value, new: &Value) -> Vec<String> {
    Compare {
        old,
        new,
        breaking: Vec::new(),
    }
    .run()
}

#[test]
fn no_breaking_change_since_the_last_release_without_a_major_bump() {
    let current = load(concat!(env!("CARGO_MANIFEST_DIR"), "/spec/huawei-cec.yaml"));
    let (name, released) = released();
    let breaking = breaking_changes(&released, &current);
    assert!(
        major(&current) >= major(&released),
        "info.version went backwards from {name}"
    );
    if major(&current) == major(&released) {
        assert!(
            breaking.is_empty(),
            "spec/huawei-cec.yaml breaks {name} without a major version bump:\n  {}",
            breaking.join("\n  ")
        );
        assert!(
            ACKNOWLEDGED.is_empty(),
            "{name} is released: empty ACKNOWLEDGED in tests/compat.rs"
        );
        return;
    }
    let unacknowledged: Vec<&String> = breaking
        .iter()
        .filter(|b| !ACKNOWLEDGED.contains(&b.as_str()))
        .collect();
    assert!(
        unacknowledged.is_empty(),
        "breaking changes since {name} that ACKNOWLEDGED in tests/compat.rs does not list \
         (list them there and in CHANGELOG.md if they are meant):\n  {}",
        unacknowledged
            .iter()
            .map(|b| b.as_str())
            .collect::<Vec<_>>()
            .join("\n  ")
    );
    let stale: Vec<&&str> = ACKNOWLEDGED
        .iter()
        .filter(|a| !breaking.iter().any(|b| b == **a))
        .collect();
    assert!(
        stale.is_empty(),
        "ACKNOWLEDGED lists changes that do not occur: {stale:?}"
    );
}

/// The detector itself, on edited copies of the released document.
#[test]
fn the_guard_detects_removals_and_narrowings() {
    let (_, released) = released();
    let detects = |edit: &dyn Fn(&mut Value), expected: &str| {
        let mut edited = released.clone();
        edit(&mut edited);
        let found = breaking_changes(&released, &edited);
        assert!(
            found.iter().any(|b| b.contains(expected)),
            "expected {expected:?}, found {found:?}"
        );
    };
    let schemas = "/components/schemas";
    detects(
        &|d| {
            d["paths"]
                .as_object_mut()
                .unwrap()
                .remove("/apigovernance/api/oauth/tokenByAkSk");
        },
        "POST /apigovernance/api/oauth/tokenByAkSk: operation removed",
    );
    detects(
        &|d| {
            d.pointer_mut(&format!("{schemas}/CallRecord/properties"))
                .unwrap()
                .as_object_mut()
                .unwrap()
                .remove("evaluationValue");
        },
        "evaluationValue: field removed",
    );
    detects(
        &|d| {
            let values = d
                .pointer_mut(&format!("{schemas}/MediaType/x-extensible-enum"))
                .unwrap()
                .as_array_mut()
                .unwrap();
            values.retain(|v| v != "53");
        },
        "enumeration values removed: [\"\\\"53\\\"\"]",
    );
    detects(
        &|d| {
            d.pointer_mut(&format!("{schemas}/CdrQueryParam/properties/ccId"))
                .unwrap()["maximum"] = 999.into();
        },
        "maximum narrowed from 65535 to 999",
    );
    detects(
        &|d| {
            d.pointer_mut(&format!("{schemas}/UpdateResultRequest/required"))
                .unwrap()
                .as_array_mut()
                .unwrap()
                .push("callId".into());
        },
        "callId: made mandatory",
    );
    detects(
        &|d| {
            d.pointer_mut(&format!("{schemas}/CallRecordsTotal"))
                .unwrap()
                .as_object_mut()
                .unwrap()
                .remove("oneOf");
            d.pointer_mut(&format!("{schemas}/CallRecordsTotal"))
                .unwrap()["type"] = "string".into();
        },
        "type narrowed",
    );
    detects(
        &|d| {
            let op = d.pointer_mut("/paths/~1apiaccess~1rest~1dataprocess~1v1~1openapp~1queryCallManualDetailInfo/post").unwrap();
            op["parameters"]
                .as_array_mut()
                .unwrap()
                .retain(|p| p["name"] != "X-APP-Key");
        },
        "parameter header X-APP-Key removed",
    );
    detects(
        &|d| {
            let op = d.pointer_mut("/paths/~1apiaccess~1rest~1dataprocess~1v1~1openapp~1queryCallManualDetailInfo/post").unwrap();
            op["responses"].as_object_mut().unwrap().remove("404");
        },
        "response 404 removed",
    );
    detects(
        &|d| {
            d.pointer_mut("/components/parameters/VdnIdPath/schema")
                .unwrap()["minimum"] = 2.into();
        },
        "minimum narrowed from 1 to 2",
    );

    detects(
        &|d| {
            d.pointer_mut("/paths/~1apigovernance~1api~1oauth~1tokenByAkSk/post")
                .unwrap()["operationId"] = "getToken".into();
        },
        "POST /apigovernance/api/oauth/tokenByAkSk: operationId renamed from tokenByAkSk to getToken",
    );
    // A request body declared with a charset parameter is still compared.
    detects(
        &|d| {
            let content = d
                .pointer_mut("/paths/~1rest~1cmsapp~1v1~1openapi~1calldata~1querycalldetailbyid/post/requestBody/content")
                .unwrap()
                .as_object_mut()
                .unwrap();
            let media = content.remove("application/json").unwrap();
            content.insert("application/json; charset=UTF-8".into(), media);
            d.pointer_mut(&format!("{schemas}/CdrQueryParam/properties/callId"))
                .unwrap()["maxLength"] = 8.into();
        },
        "POST /rest/cmsapp/v1/openapi/calldata/querycalldetailbyid body.queryParam.callId: maxLength 8 added",
    );

    // Widening is not breaking.
    let mut widened = released.clone();
    widened
        .pointer_mut(&format!("{schemas}/MediaType/x-extensible-enum"))
        .unwrap()
        .as_array_mut()
        .unwrap()
        .push("99".into());
    widened
        .pointer_mut(&format!("{schemas}/CdrQueryParam/properties/ccId"))
        .unwrap()
        .as_object_mut()
        .unwrap()
        .remove("maximum");
    assert_eq!(breaking_changes(&released, &widened), Vec::<String>::new());

    // A major bump allows it: checked by the guard above through `major`.
    let mut bumped = released.clone();
    bumped["info"]["version"] = "2.0.0".into();
    assert!(major(&bumped) > major(&released));
}
