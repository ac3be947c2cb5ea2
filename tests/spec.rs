//! `spec/huawei-cec.yaml` against the five documentation pages: every table field with its
//! documented type and mandatory flag, every range, enumeration and error code, and every
//! example. Where the pages themselves are at hand (`../shared/seeds`, or `CEC_SEEDS_DIR`),
//! the checklist below is itself checked against their text, so it cannot drift from them.

use serde_json::Value;
use std::collections::BTreeSet;

fn spec() -> Value {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/spec/huawei-cec.yaml"))
            .unwrap();
    serde_norway::from_str(&text).unwrap()
}

/// The seed pages, by number ("000" .. "004"), if present. In CI they must be.
fn pages() -> Option<Vec<(String, String)>> {
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

fn page_text(pages: &Option<Vec<(String, String)>>, page: &str) -> Option<String> {
    pages.as_ref().map(|p| {
        let text = &p.iter().find(|(n, _)| n == page).unwrap().1;
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    })
}

fn resolve<'a>(spec: &'a Value, node: &'a Value) -> &'a Value {
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
fn accepted_types(spec: &Value, schema: &Value) -> BTreeSet<String> {
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

fn operation<'a>(spec: &'a Value, id: &str) -> &'a Value {
    spec["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|item| item.as_object().unwrap().values())
        .find(|op| op.get("operationId").and_then(Value::as_str) == Some(id))
        .unwrap_or_else(|| panic!("operation {id}"))
}

/// (page, schema, field, documented type, mandatory, type on the wire when it differs)
/// Mandatory is `None` where the page's table has no such column.
type Field = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<bool>,
    Option<&'static str>,
);

#[rustfmt::skip]
const BODY_FIELDS: &[Field] = &[
    ("000", "CallResultDetailResponse", "resultCode", "string", None, None),
    ("000", "CallResultDetailResponse", "resultDesc", "string", None, None),
    ("000", "CallResultDetailResponse", "returnCode", "string", None, None),
    ("000", "CallResultDetailResponse", "returnDesc", "string", None, None),
    ("000", "CallResultDetailResponse", "data", "object", None, None),
    ("000", "CallResultDetail", "called", "string", None, None),
    ("000", "CallResultDetail", "ackBeginTime", "string", None, None),
    ("000", "CallResultDetail", "callBeginTime", "string", None, None),
    ("000", "CallResultDetail", "callEndTime", "string", None, None),
    ("000", "CallResultDetail", "callStatus", "integer", None, Some("string")),
    ("000", "CallResultDetail", "failCode", "string", None, None),
    ("000", "CallResultDetail", "resultCode", "string", None, None),
    ("000", "CallResultDetail", "vdnId", "integer", None, None),
    ("000", "CallResultDetail", "callId", "string", None, None),
    ("000", "CallResultDetail", "recordPath", "string", None, None),
    ("001", "ExternalResultResponse", "resultCode", "string", None, None),
    ("001", "ExternalResultResponse", "resultDesc", "string", None, None),
    ("001", "ExternalResultResponse", "obResult", "object", None, None),
    ("001", "ExternalResultResponse", "returnCode", "string", None, None),
    ("001", "ExternalResultResponse", "returnDesc", "string", None, None),
    ("001", "ExternalResult", "defId", "string", None, None),
    ("001", "ExternalResult", "displayResult", "string", None, None),
    ("001", "ExternalResult", "vdnId", "integer", None, None),
    ("001", "ExternalResult", "resultCode", "string", None, None),
    ("001", "ExternalResult", "resultMapList", "array", None, None),
    ("001", "ResultMapping", "mapId", "string", None, None),
    ("001", "ResultMapping", "defId", "string", None, None),
    ("001", "ResultMapping", "failCode", "string", None, None),
    ("001", "ResultMapping", "vdnId", "integer", None, Some("string")),
    ("002", "CdrQueryParam", "ccId", "integer", Some(true), None),
    ("002", "CdrQueryParam", "isCallin", "string", Some(true), None),
    ("002", "CdrQueryParam", "callId", "string", Some(true), None),
    ("002", "CdrQueryResponse", "result", "string", None, None),
    ("002", "CdrQueryResponse", "resultCode", "string", None, None),
    ("002", "CdrQueryResponse", "resultDatas", "object", None, None),
    ("002", "CdrQueryResponse", "resultDesc", "object", None, Some("string")),
    ("002", "CdrRecord", "vdn", "integer", None, None),
    ("002", "CdrRecord", "callId", "string", None, None),
    ("002", "CdrRecord", "callerNo", "string", None, None),
    ("002", "CdrRecord", "calleeNo", "string", None, None),
    ("002", "CdrRecord", "callType", "integer", None, None),
    ("002", "CdrRecord", "agentId ", "integer", None, None),
    ("002", "CdrRecord", "skillId", "integer", None, None),
    ("002", "CdrRecord", "anonyCall", "integer", None, None),
    ("002", "CdrRecord", "queueWaitTime", "integer", None, None),
    ("002", "CdrRecord", "ivrCallTime", "integer", None, None),
    ("002", "CdrRecord", "ackTime", "integer", None, None),
    ("002", "CdrRecord", "callTime", "integer", None, None),
    ("002", "CdrRecord", "releaseCause", "integer", None, None),
    ("002", "CdrRecord", "beginTime", "string", None, None),
    ("002", "CdrRecord", "endTime", "string", None, None),
    ("002", "CdrRecord", "result", "string", None, None),
    ("002", "CdrRecord", "resultCode", "string", None, None),
    ("002", "CdrRecord", "busiResult", "string", None, None),
    ("002", "CdrRecord", "busiSubStatus", "string", None, None),
    ("003", "CallRecordsRequest", "subCcNo", "string", Some(true), None),
    ("003", "CallRecordsRequest", "vdn", "string", Some(true), None),
    ("003", "CallRecordsRequest", "callId", "string", Some(false), None),
    ("003", "CallRecordsRequest", "callerNo", "string", Some(false), None),
    ("003", "CallRecordsRequest", "calleeNo", "string", Some(false), None),
    ("003", "CallRecordsRequest", "beginDate", "string", Some(false), None),
    ("003", "CallRecordsRequest", "endDate", "string", Some(false), None),
    ("003", "CallRecordsRequest", "callType", "string", Some(false), None),
    ("003", "CallRecordsRequest", "mediaType", "string", Some(false), None),
    ("003", "CallRecordsRequest", "evaluationValue", "string", Some(false), None),
    ("003", "CallRecordsResponse", "total", "string", Some(false), Some("integer")),
    ("003", "CallRecordsResponse", "results", "array", Some(false), None),
    ("003", "CallRecord", "logDate", "string", Some(false), None),
    ("003", "CallRecord", "callerNo", "string", Some(false), None),
    ("003", "CallRecord", "calleeNo", "string", Some(false), None),
    ("003", "CallRecord", "callId", "string", Some(false), None),
    ("003", "CallRecord", "callType", "string", Some(false), None),
    ("003", "CallRecord", "mediatype", "string", Some(false), None),
    ("003", "CallRecord", "waitBegin", "string", Some(false), None),
    ("003", "CallRecord", "ackBegin", "string", Some(false), None),
    ("003", "CallRecord", "callBegin", "string", Some(false), None),
    ("003", "CallRecord", "callEnd", "string", Some(false), None),
    ("003", "CallRecord", "vdn", "string", Some(false), Some("integer")),
    ("003", "CallRecord", "leaveReason", "string", Some(false), None),
    ("003", "CallRecord", "evaluationValue", "string", Some(false), None),
    ("004", "UpdateResultRequest", "appointId", "string", Some(true), None),
    ("004", "UpdateResultRequest", "userAccount", "string", Some(false), None),
    ("004", "UpdateResultRequest", "workNo", "string", Some(false), None),
    ("004", "UpdateResultRequest", "callerNo", "string", Some(false), None),
    ("004", "UpdateResultRequest", "failCode", "string", Some(false), None),
    ("004", "UpdateResultRequest", "callId", "string", Some(false), None),
    ("004", "UpdateResultRequest", "busiResult", "string", Some(false), None),
    ("004", "UpdateResultRequest", "busiSubStatus", "string", Some(false), None),
    ("004", "UpdateResultRequest", "beginTime", "integer", Some(false), None),
    ("004", "UpdateResultRequest", "endTime", "integer", Some(false), None),
    ("004", "UpdateResultResponse", "resultCode", "string", None, None),
    ("004", "UpdateResultResponse", "resultDesc", "string", None, None),
    ("004", "UpdateResultResponse", "returnCode", "string", None, None),
    ("004", "UpdateResultResponse", "returnDesc", "string", None, None),
];

/// The pages' descriptions live in the spec: a few words of each field's description.
#[rustfmt::skip]
const DESCRIPTIONS: &[(&str, &str, &str)] = &[
    ("CallResultDetail", "ackBeginTime", "which is the start time of ringing"),
    ("CallResultDetail", "recordPath", "URL of a call recording file in the OBS"),
    ("ResultMapping", "mapId", "ID of the mapping between the external result and OBS result code"),
    ("CdrQueryParam", "isCallin", "Whether a call is an inbound call"),
    ("CdrRecord", "anonyCall", "This parameter is valid only for inbound calls"),
    ("CallRecordsRequest", "evaluationValue", "Satisfaction Survey page"),
    ("UpdateResultRequest", "userAccount", "OP independent deployment scenario"),
    ("UpdateResultRequest", "failCode", "The result code 00000 indicates that the call is successful"),
];

#[test]
fn every_table_field_is_in_the_spec_with_its_documented_type_and_mandatory_flag() {
    let spec = spec();
    let pages = pages();
    for &(page, schema_name, field, documented, mandatory, wire) in BODY_FIELDS {
        if let Some(text) = page_text(&pages, page) {
            assert!(
                text.contains(field),
                "page {page} has no field {field}: fix the checklist"
            );
        }
        let schema = &spec["components"]["schemas"][schema_name];
        let property = schema["properties"]
            .get(field)
            .unwrap_or_else(|| panic!("{schema_name}.{field} missing"));
        let types = accepted_types(&spec, property);
        assert!(
            types.contains(documented),
            "{schema_name}.{field}: documented {documented}, spec accepts {types:?}"
        );
        if let Some(wire) = wire {
            assert!(
                types.contains(wire),
                "{schema_name}.{field}: sent as {wire}, spec accepts {types:?}"
            );
        } else {
            assert_eq!(
                types.len(),
                1,
                "{schema_name}.{field}: spec accepts {types:?}"
            );
        }
        let description = property
            .get("description")
            .or_else(|| resolve(&spec, property).get("description"));
        assert!(
            description.is_some(),
            "{schema_name}.{field} has no description"
        );
        if let Some(mandatory) = mandatory {
            let required = schema["required"]
                .as_array()
                .is_some_and(|r| r.iter().any(|r| r == field));
            assert_eq!(
                required, mandatory,
                "{schema_name}.{field}: mandatory is {mandatory} on page {page}"
            );
        }
    }
    for &(schema_name, field, words) in DESCRIPTIONS {
        let property = &spec["components"]["schemas"][schema_name]["properties"][field];
        let description = resolve(&spec, property)["description"]
            .as_str()
            .unwrap_or_default();
        let description = description.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            description.contains(words),
            "{schema_name}.{field}: description lacks {words:?}"
        );
    }
}

#[test]
fn every_property_in_the_spec_is_on_a_page() {
    // The converse: nothing in the body schemas that the pages do not have (the token
    // interface, whose page is not among the seeds, is checked by its own test).
    let spec = spec();
    let listed: BTreeSet<(&str, &str)> = BODY_FIELDS.iter().map(|f| (f.1, f.2)).collect();
    let with_fields: BTreeSet<&str> = BODY_FIELDS.iter().map(|f| f.1).collect();
    for schema_name in &with_fields {
        for (field, _) in spec["components"]["schemas"][*schema_name]["properties"]
            .as_object()
            .unwrap()
        {
            assert!(
                listed.contains(&(*schema_name, field.as_str())),
                "{schema_name}.{field} is on no page"
            );
        }
    }
}

#[test]
fn path_and_header_parameters_ranges_and_mandatory_flags() {
    let spec = spec();
    let param = |op: &str, name: &str| -> Value {
        operation(&spec, op)["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| resolve(&spec, p).clone())
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("{op}: parameter {name}"))
    };
    for op in [
        "getCallResultDetail",
        "getExternalResult",
        "updateReservedCallResult",
    ] {
        let vdn = param(op, "vdnId");
        assert_eq!(
            (vdn["in"].as_str(), vdn["required"].as_bool()),
            (Some("path"), Some(true))
        );
        assert_eq!(vdn["schema"]["type"], "integer");
        assert_eq!(
            (
                vdn["schema"]["minimum"].as_i64(),
                vdn["schema"]["maximum"].as_i64()
            ),
            (Some(1), Some(9999))
        );
        assert!(
            vdn["description"]
                .as_str()
                .unwrap()
                .contains("ranging from 1 to 9999")
        );
    }
    let call_id = param("getCallResultDetail", "callId");
    assert_eq!(
        (call_id["in"].as_str(), call_id["schema"]["type"].as_str()),
        (Some("path"), Some("string"))
    );
    let def_id = param("getExternalResult", "defId");
    assert_eq!(
        (def_id["in"].as_str(), def_id["schema"]["type"].as_str()),
        (Some("path"), Some("integer"))
    );
    let cc_id = &spec["components"]["schemas"]["CdrQueryParam"]["properties"]["ccId"];
    assert_eq!(
        (cc_id["minimum"].as_i64(), cc_id["maximum"].as_i64()),
        (Some(1), Some(65535))
    );
    let app_key = param("queryCallRecords", "X-APP-Key");
    assert_eq!(
        (app_key["in"].as_str(), app_key["required"].as_bool()),
        (Some("header"), Some(false))
    );
    let tenant = param("queryCallRecords", "X-TenantSpaceID");
    assert_eq!(
        (tenant["in"].as_str(), tenant["required"].as_bool()),
        (Some("header"), Some(false))
    );
    // Authorization and Content-Type are described by the security schemes and operation
    // descriptions (OpenAPI ignores header parameters of those names).
    for op in [
        "getCallResultDetail",
        "getExternalResult",
        "queryCdrByCallId",
        "updateReservedCallResult",
    ] {
        assert_eq!(
            operation(&spec, op)["security"][0]["authV2"],
            Value::Array(vec![])
        );
        assert!(
            operation(&spec, op)["description"]
                .as_str()
                .unwrap()
                .contains("application/json; charset=UTF-8")
        );
    }
    // The pages fix the Content-Type of every CC-iSales and CC-CMS request: the signed
    // POSTs carry it as the media type of their body, so that generated clients send it.
    let media_types = |op: &str| -> Vec<String> {
        operation(&spec, op)["requestBody"]["content"]
            .as_object()
            .map(|c| c.keys().cloned().collect())
            .unwrap_or_default()
    };
    for op in ["queryCdrByCallId", "updateReservedCallResult"] {
        assert_eq!(media_types(op), ["application/json; charset=UTF-8"], "{op}");
    }
    for op in ["queryCallRecords", "createToken"] {
        assert_eq!(media_types(op), ["application/json"], "{op}");
    }
    if let Some(pages) = &pages() {
        for (page, text) in pages {
            if page != "003" {
                assert!(
                    text.contains("application/json; charset=UTF-8"),
                    "page {page} fixes the Content-Type"
                );
            }
        }
    }
    assert!(operation(&spec, "queryCallRecords")["security"][0]["bearerToken"].is_array());
    assert_eq!(
        operation(&spec, "createToken")["security"],
        Value::Array(vec![])
    );
}

#[test]
fn enumerations_are_the_documented_ones() {
    let spec = spec();
    let schemas = &spec["components"]["schemas"];
    let values = |v: &Value| -> Vec<Value> { v.as_array().unwrap().clone() };
    assert_eq!(
        values(&schemas["CdrQueryParam"]["properties"]["isCallin"]["enum"]),
        ["true", "false"]
    );
    // callStatus: an open enumeration of integers, sent as numbers or numeric strings.
    assert_eq!(values(&schemas["CallStatus"]["x-extensible-enum"]), [5, 6]);
    assert!(
        schemas["CallStatus"]["oneOf"]
            .as_array()
            .unwrap()
            .iter()
            .all(|alt| alt.get("enum").is_none()),
        "CallStatus must accept values beyond 5 and 6"
    );
    // Open enumerations: the documented values, and any other string (the page's own
    // example sends mediaType "10").
    for name in ["CallType", "MediaType", "CdrCallResult"] {
        assert_eq!(schemas[name]["type"], "string", "{name}");
        assert!(
            schemas[name].get("anyOf").is_none() && schemas[name].get("enum").is_none(),
            "{name}"
        );
    }
    assert_eq!(
        values(&schemas["CallType"]["x-extensible-enum"]),
        ["0", "1", "2", "3", "4", "10", "11", "12"]
    );
    assert_eq!(
        values(&schemas["MediaType"]["x-extensible-enum"]),
        ["2", "5", "18", "19", "53"]
    );
    assert_eq!(
        values(&schemas["CdrCallResult"]["x-extensible-enum"]),
        ["0000", "0900", "0101", "-1", "0601"]
    );
    // The Rust open enumerations know the same values.
    let rust: Vec<&str> = huawei_cec::CallType::DOCUMENTED
        .iter()
        .map(|v| v.as_str())
        .collect();
    assert_eq!(rust, ["0", "1", "2", "3", "4", "10", "11", "12"]);
    let rust: Vec<&str> = huawei_cec::MediaType::DOCUMENTED
        .iter()
        .map(|v| v.as_str())
        .collect();
    assert_eq!(rust, ["2", "5", "18", "19", "53"]);
    let rust: Vec<&str> = huawei_cec::CdrCallResult::DOCUMENTED
        .iter()
        .map(|v| v.as_str())
        .collect();
    assert_eq!(rust, ["0000", "0900", "0101", "-1", "0601"]);
}

/// Every 7- or 8-digit code starting with 0 in `text`.
fn codes_in(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| {
            (w.len() == 7 || w.len() == 8)
                && w.starts_with('0')
                && w.bytes().all(|b| b.is_ascii_digit())
        })
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_error_code_table_is_in_the_spec() {
    let spec = spec();
    let pages = pages();
    #[rustfmt::skip]
    let expected: &[(&str, &str, &[&str])] = &[
        ("000", "getCallResultDetail", &["0200001", "0200007", "02000001", "02000002", "02000003", "02000004", "02000005", "02000006", "02000007", "02000008", "02000009", "02000010", "02000011"]),
        ("001", "getExternalResult", &["0200001", "02000001", "02000002", "02000003", "02000004", "02000005", "02000006", "02000007", "02000008", "02000009", "02000010", "02000011"]),
        ("002", "queryCdrByCallId", &[]),
        ("003", "queryCallRecords", &[]),
        ("004", "updateReservedCallResult", &["0200001", "0200006", "02000001", "02000002", "02000003", "04000004"]),
    ];
    for &(page, op_id, codes) in expected {
        let op = operation(&spec, op_id);
        let listed: Vec<&str> = op["x-result-codes"]
            .as_array()
            .map(|a| a.iter().map(|c| c["code"].as_str().unwrap()).collect())
            .unwrap_or_default();
        assert_eq!(listed, codes, "{op_id}: x-result-codes");
        let success = op["x-success-code"].as_str();
        let description = op["description"].as_str().unwrap();
        for entry in op["x-result-codes"].as_array().into_iter().flatten() {
            let (code, meaning) = (
                entry["code"].as_str().unwrap(),
                entry["description"].as_str().unwrap(),
            );
            assert!(
                description.contains(&format!("| {code} | {meaning} |")),
                "{op_id}: table row for {code}"
            );
            assert_eq!(
                huawei_cec::ResultCode::from_code(code).description(),
                Some(meaning)
            );
            if let Some(text) = page_text(&pages, page) {
                assert!(
                    text.contains(meaning),
                    "page {page} does not say {meaning:?}"
                );
            }
        }
        if let Some(text) = page_text(&pages, page) {
            let mut in_page: BTreeSet<String> = codes.iter().map(|c| c.to_string()).collect();
            in_page.extend(success.map(str::to_owned));
            assert_eq!(
                codes_in(&text),
                in_page,
                "page {page}: codes on the page vs the spec"
            );
        }
    }
    assert_eq!(
        operation(&spec, "queryCdrByCallId")["x-success-code"],
        "0100000"
    );
    for status in ["400", "401", "404", "500"] {
        assert!(
            operation(&spec, "queryCallRecords")["responses"][status].is_object(),
            "queryCallRecords {status}"
        );
    }
}

#[test]
fn the_pages_examples_are_in_the_spec_verbatim() {
    let spec = spec();
    let fixture = |name: &str| -> Value {
        let path = format!("{}/tests/fixtures/pages/{name}", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    let example = |op: &str, at: &str| -> Value {
        operation(&spec, op)
            .pointer(at)
            .unwrap_or_else(|| panic!("{op}{at}"))
            .clone()
    };
    let response = "/responses/200/content/application~1json/examples/page/value";
    let request = "/requestBody/content/application~1json/examples/page/value";
    // The signed POSTs declare the documented Content-Type as their media type.
    let signed_request =
        "/requestBody/content/application~1json; charset=UTF-8/examples/page/value";
    assert_eq!(
        example("getCallResultDetail", response),
        fixture("call_result_detail.response.json")
    );
    assert_eq!(
        example("getExternalResult", response),
        fixture("external_result.response.json")
    );
    assert_eq!(
        example("queryCdrByCallId", signed_request),
        fixture("cdr_by_call_id.request.json")
    );
    assert_eq!(
        example("queryCdrByCallId", response),
        fixture("cdr_by_call_id.response.json")
    );
    assert_eq!(
        example("queryCallRecords", request),
        fixture("call_records.request.json")
    );
    assert_eq!(
        example("queryCallRecords", response),
        fixture("call_records.response.json")
    );
    assert_eq!(
        example("updateReservedCallResult", signed_request),
        fixture("update_reserved_result.request.json")
    );
    assert_eq!(
        example("updateReservedCallResult", response),
        fixture("update_reserved_result.response.json")
    );
    // The fixtures are the pages' own text.
    if let Some(pages) = pages() {
        let all: String = pages.iter().map(|(_, t)| t.as_str()).collect();
        let squeeze = |s: &str| s.split_whitespace().collect::<String>();
        let all = squeeze(&all);
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/pages");
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            assert!(
                all.contains(&squeeze(&text)),
                "fixture not found in the pages: {text}"
            );
        }
    }
}

#[test]
fn operations_servers_tags_and_titles() {
    let spec = spec();
    let pages = pages();
    #[rustfmt::skip]
    let ops: &[(&str, &str, &str, &str, &str)] = &[
        ("000", "getCallResultDetail", "get", "/rest/isales/v1/openapi/campaigns/{vdnId}/callresultdetail/{callId}", "isales"),
        ("001", "getExternalResult", "get", "/rest/isales/v1/openapi/campaigns/{vdnId}/{defId}/queryObsResultDetail", "isales"),
        ("002", "queryCdrByCallId", "post", "/rest/cmsapp/v1/openapi/calldata/querycalldetailbyid", "cms"),
        ("003", "queryCallRecords", "post", "/apiaccess/rest/dataprocess/v1/openapp/queryCallManualDetailInfo", "dataprocess"),
        ("004", "updateReservedCallResult", "post", "/rest/isales/v1/openapi/campaigns/{vdnId}/appoint/updateResult", "isales"),
        ("---", "createToken", "post", "/apigovernance/api/oauth/tokenByAkSk", "auth"),
    ];
    assert_eq!(spec["openapi"], "3.0.3");
    for &(page, id, method, path, tag) in ops {
        let op = &spec["paths"][path][method];
        assert_eq!(op["operationId"], id, "{method} {path}");
        assert_eq!(op["tags"][0], tag);
        let server = &spec["paths"][path]["servers"][0]["url"];
        let expected = if matches!(tag, "dataprocess" | "auth") {
            "https://{domain}"
        } else {
            "https://{ip}:{port}"
        };
        assert_eq!(server, expected, "{id} server");
        if page != "---"
            && let Some(text) = page_text(&pages, page)
        {
            let summary = op["summary"].as_str().unwrap();
            assert!(
                text.contains(summary),
                "page {page} is not titled {summary:?}"
            );
            assert!(
                text.contains(path.split('{').next().unwrap()),
                "page {page} has no path {path}"
            );
        }
    }
    let tags: Vec<&str> = spec["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(tags, ["isales", "cms", "dataprocess", "auth"]);
    for scheme in ["authV2", "bearerToken"] {
        assert!(
            spec["components"]["securitySchemes"][scheme]["description"]
                .as_str()
                .unwrap()
                .len()
                > 200
        );
    }
}

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
fn inferred_markers(spec: &Value) -> Vec<(String, String, String)> {
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
fn operation_pointer(spec: &Value, id: &str) -> String {
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
    let token: huawei_cec::TokenResponse = serde_json::from_value(reply.clone()).unwrap();
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
