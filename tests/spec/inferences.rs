//! What the spec adds to the pages, and says so: markers, both agentId keys, the open callStatus, the token interface, base URLs.

use super::*;

/// (The JSON Schema of the Rust type is there with the `schemars` feature, as in CI.)
#[cfg(feature = "schemars")]
#[test]
fn the_hand_written_cdr_record_has_exactly_the_spec_fields() {
    // CdrRecord is replaced by a hand-written type, which reads "agentId " (the key the
    // spec declares, as servers send it) and "agentId", and writes the documented
    // "agentId": it must not drift from the spec.
    let spec = spec();
    let spec_fields: BTreeSet<String> = spec["components"]["schemas"]["CdrRecord"]["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(|k| {
            if k == "agentId " {
                "agentId".to_owned()
            } else {
                k.clone()
            }
        })
        .collect();
    let schema = schemars::schema_for!(huawei_cec::CdrRecord);
    let rust_fields: BTreeSet<String> = schema.as_value()["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(rust_fields, spec_fields);
}

/// Every `x-inferred` marker of the document: (JSON pointer of the element, reason, the
/// description or summary of the element or of its nearest ancestor that has one).
pub(crate) fn inferred_markers(spec: &Value) -> Vec<(String, String, String)> {
    fn walk(node: &Value, pointer: &str, described: &str, out: &mut Vec<(String, String, String)>) {
        match node {
            Value::Object(map) => {
                let own = map
                    .get("description")
                    .or_else(|| map.get("summary"))
                    .and_then(Value::as_str);
                let described = own.unwrap_or(described);
                if let Some(reason) = map.get("x-inferred") {
                    out.push((
                        pointer.to_owned(),
                        reason.as_str().unwrap_or_default().to_owned(),
                        described.to_owned(),
                    ));
                }
                for (key, value) in map {
                    let key = key.replace('~', "~0").replace('/', "~1");
                    walk(value, &format!("{pointer}/{key}"), described, out);
                }
            }
            Value::Array(items) => {
                for (i, value) in items.iter().enumerate() {
                    walk(value, &format!("{pointer}/{i}"), described, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(spec, "", "", &mut out);
    out
}

/// The JSON pointer of an operation, by operationId.
pub(crate) fn operation_pointer(spec: &Value, id: &str) -> String {
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if op.get("operationId").and_then(Value::as_str) == Some(id) {
                return format!("/paths/{}/{method}", path.replace('/', "~1"));
            }
        }
    }
    panic!("operation {id}")
}

#[test]
fn what_is_not_on_the_pages_is_marked_with_a_reason_and_said_in_words() {
    let spec = spec();
    let markers = inferred_markers(&spec);
    let words = [
        "not on the page",
        "not documented",
        "this document",
        "not among the five",
        "simulator",
        "does not say",
        "gives no",
    ];
    for (pointer, reason, described) in &markers {
        assert!(
            reason.len() >= 30 && reason.ends_with('.'),
            "{pointer}: x-inferred must be a sentence saying what is inferred and from where, not {reason:?}"
        );
        let described = described
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        assert!(
            words.iter().any(|w| described.contains(w)),
            "{pointer}: its description must also say in words that it is not on the pages"
        );
        assert!(
            !pointer.contains("/examples/page"),
            "{pointer}: the pages' own examples are transcriptions"
        );
    }
    let marked: BTreeSet<&str> = markers.iter().map(|(p, _, _)| p.as_str()).collect();
    let mut expected: Vec<String> = [
        "/servers/0/variables/ip",
        "/servers/0/variables/port",
        "/servers/1/variables/ip",
        "/servers/1/variables/port",
        "/components/securitySchemes/authV2",
        "/components/responses/Unauthorized",
        "/components/schemas/ErrorBody",
        "/components/schemas/CallStatus",
        "/components/schemas/CallType",
        "/components/schemas/MediaType",
        "/components/schemas/CdrCallResult",
        "/components/schemas/CdrResultDesc",
        "/components/schemas/ResultMappingVdnId",
        "/components/schemas/CallRecordsTotal",
        "/components/schemas/CallRecordVdn",
        "/components/schemas/EpochMillisString",
        "/components/schemas/UpdateResultRequest/properties/beginTime",
        "/components/schemas/UpdateResultRequest/properties/endTime",
        "/components/schemas/TokenRequest",
        "/components/schemas/TokenResponse",
        "/components/schemas/TokenExpires",
        "/components/schemas/TokenExpiresIn",
    ]
    .map(str::to_owned)
    .to_vec();
    // HTTP 200 also for business failures, the shaped failure examples, the ports.
    for (id, example) in [
        ("getCallResultDetail", "callIdNotFound"),
        ("getExternalResult", "parameterError"),
        ("queryCdrByCallId", "failure"),
        ("updateReservedCallResult", "reservedCampaignNotFound"),
    ] {
        let op = operation_pointer(&spec, id);
        expected.push(format!("{op}/responses/200"));
        expected.push(format!(
            "{op}/responses/200/content/application~1json/examples/{example}"
        ));
        let path = op.rsplit_once('/').unwrap().0;
        expected.push(format!("{path}/servers/0/variables/port"));
    }
    let update = operation_pointer(&spec, "updateReservedCallResult");
    expected.push(update);
    let token = operation_pointer(&spec, "createToken");
    for status in ["400", "401", "403"] {
        expected.push(format!("{token}/responses/{status}"));
    }
    expected.push(token);
    for pointer in &expected {
        assert!(
            marked.contains(pointer.as_str()),
            "{pointer} is not marked x-inferred"
        );
    }
    // The document defines every extension it uses.
    let description = spec["info"]["description"].as_str().unwrap();
    let mut used = BTreeSet::new();
    fn extensions(node: &Value, used: &mut BTreeSet<String>) {
        match node {
            Value::Object(map) => {
                for (key, value) in map {
                    if key.starts_with("x-") {
                        used.insert(key.clone());
                    }
                    extensions(value, used);
                }
            }
            Value::Array(items) => items.iter().for_each(|v| extensions(v, used)),
            _ => {}
        }
    }
    extensions(&spec, &mut used);
    assert!(used.contains("x-inferred") && used.contains("x-aliases"));
    for extension in &used {
        assert!(
            description.contains(&format!("`{extension}`")),
            "info.description does not define {extension}"
        );
    }
}

#[test]
fn cdr_record_declares_both_agent_id_keys_and_the_rust_type_reads_either() {
    let spec = spec();
    let record = &spec["components"]["schemas"]["CdrRecord"]["properties"];
    // The page's example key is the property; the table's key is its alias.
    assert_eq!(record["agentId "]["type"], "integer");
    assert_eq!(
        record["agentId "]["x-aliases"],
        serde_json::json!(["agentId"])
    );
    assert!(record.get("agentId").is_none());
    if let Some(text) = page_text(&pages(), "002") {
        assert!(text.contains("\"agentId \": 100"), "the example's key");
        assert!(text.contains("2.6 agentId Integer"), "the table's key");
    }
    for key in ["agentId ", "agentId"] {
        let cdr: huawei_cec::CdrRecord =
            serde_json::from_value(serde_json::json!({ key: 100, "vdn": 1 })).unwrap();
        assert_eq!(cdr.agent_id, Some(100), "{key:?}");
        assert_eq!(
            serde_json::to_value(&cdr).unwrap(),
            serde_json::json!({"agentId": 100, "vdn": 1}),
            "written under the table's key"
        );
    }
}

#[cfg(feature = "schemars")]
#[test]
fn call_status_is_an_open_enumeration_in_the_spec_and_in_rust() {
    use huawei_cec::CallStatus;
    let spec = spec();
    let in_spec = &spec["components"]["schemas"]["CallStatus"];
    let rust = schemars::schema_for!(CallStatus);
    let rust = rust.as_value();
    assert_eq!(rust["oneOf"], in_spec["oneOf"], "the Rust type's schema");
    assert_eq!(rust["x-extensible-enum"], in_spec["x-extensible-enum"]);
    for (wire, expected) in [
        (serde_json::json!("6"), CallStatus::Succeeded),
        (serde_json::json!(5), CallStatus::Failed),
        (serde_json::json!("7"), CallStatus::Other(7)),
        (serde_json::json!(7), CallStatus::Other(7)),
    ] {
        assert_eq!(
            serde_json::from_value::<CallStatus>(wire.clone()).unwrap(),
            expected,
            "{wire}"
        );
    }
    assert!(serde_json::from_value::<CallStatus>(serde_json::json!("six")).is_err());
}

#[test]
fn the_token_interface_is_the_documented_one() {
    let spec = spec();
    let schemas = &spec["components"]["schemas"];
    let fields: BTreeSet<&str> = schemas["TokenResponse"]["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        fields,
        [
            "AccessToken",
            "ApplyType",
            "CreateTime",
            "Expires",
            "Scope",
            "AppKey",
            "UserID",
            "Expires_In"
        ]
        .into()
    );
    assert!(!serde_json::to_string(&spec).unwrap().contains("Refresh"));
    let types = |name: &str| accepted_types(&spec, &schemas["TokenResponse"]["properties"][name]);
    assert_eq!(
        types("Expires"),
        ["integer", "string"].map(str::to_owned).into()
    );
    assert_eq!(types("CreateTime"), ["string".to_owned()].into());
    assert_eq!(schemas["TokenExpiresIn"]["deprecated"], true);

    let op = operation(&spec, "createToken");
    let expire = &op["parameters"][0];
    assert_eq!(
        (
            expire["name"].as_str(),
            expire["in"].as_str(),
            expire["required"].as_bool()
        ),
        (Some("X-Token-Expire"), Some("header"), Some(false))
    );
    assert_eq!(
        (
            expire["schema"]["minimum"].as_i64(),
            expire["schema"]["maximum"].as_i64(),
            expire["schema"]["default"].as_i64()
        ),
        (Some(1), Some(3600), Some(600))
    );
    // A wrong app key or secret, or a caller IP off the allow-list: 403 with an HTML page.
    let forbidden = &op["responses"]["403"];
    assert!(forbidden["content"]["text/html"].is_object());
    let description = forbidden["description"].as_str().unwrap();
    assert!(description.contains("allow-list") && description.contains("HTML"));

    // The examples show the interface and nothing else (no demo credentials or tenants).
    let reply = op
        .pointer("/responses/200/content/application~1json/examples/documented/value")
        .unwrap();
    assert_eq!(reply["ApplyType"], "Bearer");
    assert_eq!(reply["Expires"], "600");
    assert_eq!(reply["CreateTime"], "1545650171");
    let request = op
        .pointer("/requestBody/content/application~1json/examples")
        .unwrap();
    for text in [reply.to_string(), request.to_string()] {
        assert!(!text.to_lowercase().contains("demo"), "{text}");
    }
    // The Rust type reads the documented reply.
    let token: huawei_cec::__private::TokenResponse =
        serde_json::from_value(reply.clone()).unwrap();
    assert_eq!(
        token.expires,
        Some(huawei_cec::TokenLifetime::from_seconds(600))
    );
    assert_eq!(token.create_time.as_deref(), Some("1545650171"));
    assert_eq!(token.expires_in, None);
}

#[test]
fn base_urls_per_host_and_the_signature_scheme_are_explained() {
    let spec = spec();
    let description = spec["info"]["description"].as_str().unwrap();
    assert!(description.contains("## One base URL per host"));
    for tag in ["isales", "cms", "dataprocess", "auth"] {
        assert!(description.contains(&format!("| `{tag}` |")), "{tag}");
    }
    let auth_v2 = spec["components"]["securitySchemes"]["authV2"]["description"]
        .as_str()
        .unwrap();
    assert!(auth_v2.starts_with("A signature computed for each request, not a static key"));
}
