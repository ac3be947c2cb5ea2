//! The CEC open platform: call records (bearer token) and the token interface.

#![allow(clippy::result_large_err)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use super::{Shared, json_reply, unauthorized};
use crate::simulator::data::format_date;

fn bad_request(why: &str) -> Response {
    json_reply(
        StatusCode::BAD_REQUEST,
        json!({"error_code": "CEC.0400", "error_msg": why}),
    )
}

pub(super) async fn call_records(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(reply) = shared.check_token(&headers) {
        return reply;
    }
    let Ok(Value::Object(request)) = serde_json::from_slice::<Value>(&body) else {
        return bad_request("the body must be a JSON object");
    };
    let mut fields: Vec<(&str, String)> = Vec::new();
    for (name, value) in &request {
        match value {
            Value::String(s) => fields.push((name.as_str(), s.clone())),
            Value::Null => {}
            _ => return bad_request(&format!("{name} must be a string")),
        }
    }
    let field = |name: &str| {
        fields
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    };
    let (Some(sub_cc_no), Some(vdn)) = (field("subCcNo"), field("vdn")) else {
        return bad_request("subCcNo and vdn are mandatory");
    };
    let date = |name: &str| -> Result<Option<i64>, Response> {
        field(name)
            .map(|v| {
                v.parse::<i64>()
                    .map_err(|_| bad_request(&format!("{name} must be epoch milliseconds")))
            })
            .transpose()
    };
    let (begin, end) = match (date("beginDate"), date("endDate")) {
        (Ok(begin), Ok(end)) => (begin, end),
        (Err(reply), _) | (_, Err(reply)) => return reply,
    };
    let call_id = field("callId");
    if call_id.is_none() && begin.is_none() && end.is_none() {
        return bad_request("if callId is empty, either beginDate or endDate must be set");
    }
    let data = shared.data();
    // The criteria, looked up once (a number matches only its canonical decimal form).
    let number = |text: &str| text.parse::<u32>().ok().filter(|n| n.to_string() == text);
    let small =
        |text: Option<&str>| text.map(|t| t.parse::<u8>().ok().filter(|n| n.to_string() == t));
    let (cc, vdn) = (number(sub_cc_no), number(vdn));
    let (caller_no, callee_no) = (field("callerNo"), field("calleeNo"));
    let (call_type, media_type) = (small(field("callType")), small(field("mediaType")));
    let evaluation_value = field("evaluationValue");
    let results: Vec<Value> = data
        .calls
        .iter()
        .filter(|c| Some(c.cc_id) == cc && Some(c.vdn) == vdn)
        .filter(|c| call_id.is_none_or(|id| c.call_id == id))
        .filter(|c| {
            begin.is_none_or(|b| c.wait_begin >= b) && end.is_none_or(|e| c.wait_begin <= e)
        })
        .filter(|c| caller_no.is_none_or(|n| c.caller_no == n))
        .filter(|c| callee_no.is_none_or(|n| c.callee_no == n))
        .filter(|c| call_type.is_none_or(|t| t == Some(c.call_type)))
        .filter(|c| media_type.is_none_or(|t| t == Some(c.media_type)))
        .filter(|c| evaluation_value.is_none_or(|v| c.evaluation_value.as_deref() == Some(v)))
        .map(|c| {
            let mut record = Map::new();
            record.insert("logDate".into(), json!(format_date(c.wait_begin)));
            record.insert("callerNo".into(), json!(c.caller_no));
            record.insert("calleeNo".into(), json!(c.callee_no));
            record.insert("callId".into(), json!(c.call_id));
            record.insert("callType".into(), json!(c.call_type.to_string()));
            record.insert("mediatype".into(), json!(c.media_type.to_string()));
            record.insert("waitBegin".into(), json!(c.wait_begin.to_string()));
            record.insert("ackBegin".into(), json!(c.ack_begin.to_string()));
            if let Some(begin) = c.call_begin {
                record.insert("callBegin".into(), json!(begin.to_string()));
            }
            record.insert("callEnd".into(), json!(c.call_end.to_string()));
            // Documented as String; servers send a number.
            record.insert("vdn".into(), json!(c.vdn));
            record.insert("leaveReason".into(), json!(c.leave_reason));
            if let Some(value) = &c.evaluation_value {
                record.insert("evaluationValue".into(), json!(value));
            }
            Value::Object(record)
        })
        .collect();
    // Documented as String; servers send a number.
    json_reply(
        StatusCode::OK,
        json!({"total": results.len(), "results": results}),
    )
}

/// The page Huawei's gateway (nginx) answers a refused token request with.
const FORBIDDEN_PAGE: &str = "<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n\
<center><h1>403 Forbidden</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

pub(super) async fn token_by_ak_sk(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    shared
        .token_requests
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    if shared.faults().token_forbidden {
        return (
            StatusCode::FORBIDDEN,
            [("content-type", "text/html"), ("server", "nginx")],
            FORBIDDEN_PAGE,
        )
            .into_response();
    }
    // The lifetime asked for: 1 to 3600 seconds, 600 when the header is absent; the
    // simulator grants at most its configured token lifetime.
    let asked = match headers
        .get("x-token-expire")
        .map(|v| v.to_str().map(str::trim))
    {
        None => 600,
        Some(Ok(text)) => match text.parse::<u64>() {
            Ok(seconds @ 1..=3600) => seconds,
            _ => {
                return bad_request("X-Token-Expire must be a number of seconds from 1 to 3600");
            }
        },
        Some(Err(_)) => {
            return bad_request("X-Token-Expire must be a number of seconds from 1 to 3600");
        }
    };
    let Ok(request) = serde_json::from_slice::<Value>(&body) else {
        return bad_request("the body must be a JSON object with app_key and app_secret");
    };
    let credentials = &shared.credentials;
    if request.get("app_key").and_then(Value::as_str) != Some(credentials.app_key.as_str())
        || request.get("app_secret").and_then(Value::as_str)
            != Some(credentials.app_secret.as_str())
    {
        return unauthorized("unknown app key or wrong app secret");
    }
    let token = hex::encode(rand::random::<[u8; 16]>());
    let created = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    let lifetime = shared.token_lifetime.min(Duration::from_secs(asked));
    shared
        .tokens
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(token.clone(), Instant::now() + lifetime);
    json_reply(
        StatusCode::OK,
        // The documented reply: numbers as strings, no refresh token.
        json!({
            "AccessToken": token,
            "ApplyType": "Bearer",
            "CreateTime": created.to_string(),
            "Expires": lifetime.as_secs().to_string(),
            "Scope": "default",
            "AppKey": credentials.app_key,
            "UserID": "simulated-user",
        }),
    )
}
