//! The pages' table fields: every one in the spec with its documented type and mandatory flag, and nothing more.

use super::*;

/// (page, schema, field, documented type, mandatory, type on the wire when it differs)
/// Mandatory is `None` where the page's table has no such column.
pub(crate) type Field = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<bool>,
    Option<&'static str>,
);

#[rustfmt::skip]
pub(crate) const BODY_FIELDS: &[Field] = &[
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
pub(crate) const DESCRIPTIONS: &[(&str, &str, &str)] = &[
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
