//! CC-CMS: CDRs of a call ID.

#![allow(clippy::result_large_err)]

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::{CMS_NOT_FOUND, CMS_PARAMETER_ERROR, Shared, json_reply};
use crate::simulator::data::{SimCall, format_time};

/// A CC-CMS failure reply: HTTP 200, `result` not `"0"`, a description string.
fn cms_failure(code: &str, description: &str) -> Response {
    json_reply(
        StatusCode::OK,
        json!({"result": "1", "resultCode": code, "resultDesc": description}),
    )
}

/// One CDR as CC-CMS sends it, with the key `"agentId "` (trailing space).
fn cdr_record(call: &SimCall) -> Value {
    let mut record = Map::new();
    record.insert("vdn".into(), json!(call.vdn));
    record.insert("callId".into(), json!(call.call_id));
    record.insert("callerNo".into(), json!(call.caller_no));
    record.insert("calleeNo".into(), json!(call.callee_no));
    record.insert("callType".into(), json!(call.call_type));
    if let Some(agent) = call.agent_id {
        record.insert("agentId ".into(), json!(agent));
    }
    record.insert("skillId".into(), json!(call.skill_id));
    record.insert("anonyCall".into(), json!(0));
    record.insert("queueWaitTime".into(), json!(call.queue_wait_time));
    record.insert("ivrCallTime".into(), json!(call.ivr_call_time));
    record.insert("ackTime".into(), json!(call.ack_time));
    record.insert("callTime".into(), json!(call.call_time));
    record.insert("releaseCause".into(), json!(call.release_cause));
    // Valid only for predicted and preempted outbound calls.
    if matches!(call.call_type, 2 | 4) {
        record.insert("beginTime".into(), json!(format_time(call.ack_begin)));
        record.insert("endTime".into(), json!(format_time(call.call_end)));
        if let Some(result) = &call.cdr_result {
            record.insert("result".into(), json!(result));
        }
        record.insert("resultCode".into(), json!(call.result_code));
        if let Some(v) = &call.busi_result {
            record.insert("busiResult".into(), json!(v));
        }
        if let Some(v) = &call.busi_sub_status {
            record.insert("busiSubStatus".into(), json!(v));
        }
    }
    Value::Object(record)
}

pub(super) async fn cdr_by_call_id(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(reply) = shared.check_signature(&method, &uri, &headers, &body) {
        return reply;
    }
    if let Some(name) = shared.faults().missing_parameter {
        // As a real CC-CMS words it.
        return cms_failure(
            CMS_NOT_FOUND,
            &format!("Invalid param, must have parameter: '{name}'"),
        );
    }
    let Ok(request) = serde_json::from_slice::<Value>(&body) else {
        return cms_failure(
            CMS_PARAMETER_ERROR,
            "Parameter error: the body is not JSON.",
        );
    };
    // The page's example (which real servers follow) wraps the parameters in queryParam.
    let Some(query) = request.get("queryParam").and_then(Value::as_object) else {
        return cms_failure(
            CMS_PARAMETER_ERROR,
            "Parameter error: queryParam is missing.",
        );
    };
    let cc_id = match query.get("ccId").and_then(Value::as_i64) {
        Some(cc) if (1..=65535).contains(&cc) => cc,
        _ => {
            return cms_failure(
                CMS_PARAMETER_ERROR,
                "Parameter error: ccId must be an integer from 1 to 65535.",
            );
        }
    };
    let inbound = match query.get("isCallin").and_then(Value::as_str) {
        Some("true") => true,
        Some("false") => false,
        _ => {
            return cms_failure(
                CMS_PARAMETER_ERROR,
                "Parameter error: isCallin must be \"true\" or \"false\".",
            );
        }
    };
    let call_id = match query.get("callId").and_then(Value::as_str) {
        Some(id) if !id.is_empty() => id,
        _ => return cms_failure(CMS_PARAMETER_ERROR, "Parameter error: callId is empty."),
    };
    let data = shared.data();
    let Some(call) = data
        .call(call_id)
        .filter(|c| i64::from(c.cc_id) == cc_id && c.is_inbound() == inbound)
    else {
        return cms_failure(CMS_NOT_FOUND, "No CDR matches the call ID.");
    };
    let record = cdr_record(call);
    json_reply(
        StatusCode::OK,
        json!({"result": "0", "resultCode": "0100000", "resultDatas": record.clone(), "resultDesc": record}),
    )
}
