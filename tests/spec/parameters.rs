//! Path and header parameters, ranges, mandatory flags and enumerations.

use super::*;

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
