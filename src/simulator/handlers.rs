//! The simulator's endpoints: authentication, the documented validation and result codes,
//! and replies in the shapes real servers send (the pages' quirks included).

// Early replies travel as `Err(Response)`: their size is no concern on this path.
#![allow(clippy::result_large_err)]

use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Map, Value, json};

use super::Shared;
use super::data::{SimCall, format_date, format_time};
use crate::auth::{SignableRequest, verify_v2};

/// The longest ID the simulated servers accept (`02000003` beyond it).
pub const MAX_ID_LEN: usize = 64;

/// CC-CMS failure codes the simulator uses. The page defers to an "Error Code Reference" it
/// does not reproduce, so these two are the simulator's own.
pub const CMS_PARAMETER_ERROR: &str = "0100001";
/// No CDR matches the query.
pub const CMS_NOT_FOUND: &str = "0100002";

pub(super) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(
            "/rest/isales/v1/openapi/campaigns/{vdn_id}/callresultdetail/{call_id}",
            get(call_result_detail),
        )
        .route(
            "/rest/isales/v1/openapi/campaigns/{vdn_id}/{def_id}/queryObsResultDetail",
            get(external_result),
        )
        .route(
            "/rest/isales/v1/openapi/campaigns/{vdn_id}/appoint/updateResult",
            post(update_result),
        )
        .route(
            "/rest/cmsapp/v1/openapi/calldata/querycalldetailbyid",
            post(cdr_by_call_id),
        )
        .route(
            "/apiaccess/rest/dataprocess/v1/openapp/queryCallManualDetailInfo",
            post(call_records),
        )
        .route("/apigovernance/api/oauth/tokenByAkSk", post(token_by_ak_sk))
        .fallback(|| async {
            json_reply(StatusCode::NOT_FOUND, json!({"error": "no such interface"}))
        })
        .with_state(shared)
}

/// The operation a path belongs to, for the request log.
pub(super) fn operation_of(path: &str) -> Option<&'static str> {
    if path.starts_with("/rest/isales/v1/openapi/campaigns/") {
        if path.contains("/callresultdetail/") {
            Some("getCallResultDetail")
        } else if path.ends_with("/appoint/updateResult") {
            Some("updateReservedCallResult")
        } else if path.ends_with("/queryObsResultDetail") {
            Some("getExternalResult")
        } else {
            None
        }
    } else {
        match path {
            "/rest/cmsapp/v1/openapi/calldata/querycalldetailbyid" => Some("queryCdrByCallId"),
            "/apiaccess/rest/dataprocess/v1/openapp/queryCallManualDetailInfo" => {
                Some("queryCallRecords")
            }
            "/apigovernance/api/oauth/tokenByAkSk" => Some("createToken"),
            _ => None,
        }
    }
}

fn json_reply(status: StatusCode, body: Value) -> Response {
    (
        status,
        [("content-type", "application/json;charset=UTF-8")],
        body.to_string(),
    )
        .into_response()
}

/// A CC-iSales reply: HTTP 200 whatever the outcome, the code in both code fields.
fn isales(code: &str, description: &str, payload: Option<(&str, Value)>) -> Response {
    let mut body = Map::new();
    body.insert("returnCode".into(), json!(code));
    if let Some((key, value)) = payload {
        body.insert(key.into(), value);
    }
    body.insert("resultCode".into(), json!(code));
    body.insert("resultDesc".into(), json!(description));
    body.insert("returnDesc".into(), json!(description));
    json_reply(StatusCode::OK, Value::Object(body))
}

fn unauthorized(why: impl std::fmt::Display) -> Response {
    json_reply(
        StatusCode::UNAUTHORIZED,
        json!({"error": "unauthorized", "error_description": why.to_string()}),
    )
}

impl Shared {
    /// Verifies the auth-v2 signature of a request as received.
    fn check_signature(
        &self,
        method: &Method,
        uri: &Uri,
        headers: &HeaderMap,
        body: &Bytes,
    ) -> Result<(), Response> {
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        let request = SignableRequest {
            method: method.as_str(),
            path: uri.path(),
            query: uri.query(),
            host: header("host").unwrap_or_default(),
            content_type: header("content-type"),
            body: (method != Method::GET && method != Method::HEAD).then_some(&body[..]),
        };
        let now = chrono::Utc::now() + self.faults().clock_offset;
        let credentials = &self.credentials;
        verify_v2(
            header("authorization"),
            &request,
            |ak| (ak == credentials.access_key).then(|| credentials.secret_key.clone()),
            now,
            self.max_clock_skew,
        )
        .map_err(unauthorized)
    }

    /// What every CC-iSales request passes first: its signature, then its `vdnId`.
    fn check_isales(
        &self,
        method: &Method,
        uri: &Uri,
        headers: &HeaderMap,
        body: &Bytes,
        vdn_raw: &str,
    ) -> Result<u32, Response> {
        self.check_signature(method, uri, headers, body)?;
        vdn_id(vdn_raw)
    }

    /// Checks the bearer token (and `X-APP-Key`, when sent).
    fn check_token(&self, headers: &HeaderMap) -> Result<(), Response> {
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        if let Some(app_key) = header("x-app-key")
            && app_key != self.credentials.app_key
        {
            return Err(unauthorized(
                "X-APP-Key is not the app the token was issued to",
            ));
        }
        let token = header("authorization")
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or_else(|| unauthorized("Authorization must be `Bearer {AccessToken}`"))?;
        let mut tokens = self.tokens.lock().unwrap_or_else(|p| p.into_inner());
        match tokens.get(token) {
            Some(expiry) if *expiry > Instant::now() => Ok(()),
            Some(_) => {
                tokens.remove(token);
                Err(unauthorized("the access token has expired"))
            }
            None => Err(unauthorized("unknown access token")),
        }
    }
}

/// Checks a `vdnId` path segment: an integer from 1 to 9999.
fn vdn_id(raw: &str) -> Result<u32, Response> {
    let value: i64 = raw.parse().map_err(|_| {
        isales(
            "02000006",
            &format!("Incorrect parameter type: vdnId {raw:?} is not an integer."),
            None,
        )
    })?;
    u32::try_from(value)
        .ok()
        .filter(|v| (1..=9999).contains(v))
        .ok_or_else(|| {
            isales(
                "0200001",
                &format!("Parameter error: vdnId {value} is not from 1 to 9999."),
                None,
            )
        })
}

/// Checks an ID: not empty, at most [`MAX_ID_LEN`] characters of `[0-9A-Za-z_.-]`.
fn id_check(field: &str, value: &str) -> Result<(), (&'static str, String)> {
    if value.is_empty() {
        return Err(("02000001", format!("Empty parameter: {field}.")));
    }
    if value.chars().count() > MAX_ID_LEN {
        return Err((
            "02000003",
            format!(
                "The parameter length cannot exceed the maximum length: {field} ({MAX_ID_LEN})."
            ),
        ));
    }
    if !value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Err((
            "02000002",
            format!("The parameter contains invalid characters: {field}."),
        ));
    }
    Ok(())
}

async fn call_result_detail(
    State(shared): State<Arc<Shared>>,
    Path((vdn_raw, call_id)): Path<(String, String)>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let vdn = match shared.check_isales(&method, &uri, &headers, &body, &vdn_raw) {
        Ok(vdn) => vdn,
        Err(reply) => return reply,
    };
    if let Err((code, description)) = id_check("callId", &call_id) {
        return isales(code, &description, None);
    }
    let data = shared.data();
    let Some(call) = data
        .call(&call_id)
        .filter(|c| c.vdn == vdn && !c.is_inbound())
    else {
        return isales("0200007", "The call record ID does not exist.", None);
    };
    let mut detail = Map::new();
    detail.insert("callId".into(), json!(call.call_id));
    detail.insert("called".into(), json!(call.callee_no));
    detail.insert("callEndTime".into(), json!(format_time(call.call_end)));
    detail.insert("vdnId".into(), json!(call.vdn));
    // Documented as Integer; servers send a string.
    detail.insert("callStatus".into(), json!(call.call_status().to_string()));
    detail.insert("failCode".into(), json!(call.fail_code));
    detail.insert("resultCode".into(), json!(call.result_code));
    if let Some(begin) = call.call_begin {
        detail.insert("callBeginTime".into(), json!(format_time(begin)));
    }
    if let Some(path) = &call.record_path {
        detail.insert("recordPath".into(), json!(path));
    }
    detail.insert("ackBeginTime".into(), json!(format_time(call.ack_begin)));
    isales(
        "0200000",
        "Query Success!",
        Some(("data", Value::Object(detail))),
    )
}

async fn external_result(
    State(shared): State<Arc<Shared>>,
    Path((vdn_raw, def_raw)): Path<(String, String)>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let vdn = match shared.check_isales(&method, &uri, &headers, &body, &vdn_raw) {
        Ok(vdn) => vdn,
        Err(reply) => return reply,
    };
    if def_raw.parse::<i64>().is_err() {
        return isales(
            "02000006",
            &format!("Incorrect parameter type: defId {def_raw:?} is not an integer."),
            None,
        );
    }
    let data = shared.data();
    let Some(def) = data.external_result(vdn, &def_raw) else {
        return isales(
            "0200001",
            &format!("Parameter error: VDN {vdn} has no external result {def_raw}."),
            None,
        );
    };
    let maps: Vec<Value> = def
        .mappings
        .iter()
        .map(|(map_id, fail_code)| {
            // Documented as Integer; servers send a string.
            json!({"mapId": map_id, "defId": def.def_id, "failCode": fail_code, "vdnId": def.vdn.to_string()})
        })
        .collect();
    let ob = json!({
        "defId": def.def_id,
        "displayResult": def.display_result,
        "vdnId": def.vdn,
        "resultCode": def.result_code,
        "resultMapList": maps,
    });
    isales(
        "0200000",
        "queryObsResultDetail success",
        Some(("obResult", ob)),
    )
}

async fn update_result(
    State(shared): State<Arc<Shared>>,
    Path(vdn_raw): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let vdn = match shared.check_isales(&method, &uri, &headers, &body, &vdn_raw) {
        Ok(vdn) => vdn,
        Err(reply) => return reply,
    };
    let Ok(Value::Object(request)) = serde_json::from_slice::<Value>(&body) else {
        return isales(
            "0200001",
            "Parameter error: the body is not a JSON object.",
            None,
        );
    };
    let appoint_id = match request.get("appointId") {
        None | Some(Value::Null) => return isales("02000001", "Empty parameter: appointId.", None),
        Some(Value::String(s)) => s.clone(),
        Some(_) => {
            return isales(
                "0200001",
                "Parameter error: appointId must be a string.",
                None,
            );
        }
    };
    if let Err((code, description)) = id_check("appointId", &appoint_id) {
        return isales(code, &description, None);
    }
    for field in [
        "userAccount",
        "workNo",
        "callerNo",
        "failCode",
        "callId",
        "busiResult",
        "busiSubStatus",
    ] {
        match request.get(field) {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) if s.chars().count() <= MAX_ID_LEN => {}
            Some(Value::String(_)) => {
                return isales(
                    "02000003",
                    &format!("The parameter length cannot exceed the maximum length: {field}."),
                    None,
                );
            }
            Some(_) => {
                return isales(
                    "0200001",
                    &format!("Parameter error: {field} must be a string."),
                    None,
                );
            }
        }
    }
    for field in ["beginTime", "endTime"] {
        if let Some(value) = request.get(field).filter(|v| !v.is_null())
            && value.as_i64().is_none()
        {
            return isales(
                "0200001",
                &format!("Parameter error: {field} must be epoch milliseconds."),
                None,
            );
        }
    }
    let mut data = shared.data();
    match data.appointments.get_mut(&appoint_id) {
        Some(appointment) if appointment.vdn == vdn => {
            appointment.result = Some(Value::Object(request.clone()))
        }
        _ => {
            return isales(
                "04000004",
                "The reserved outbound campaign does not exist.",
                None,
            );
        }
    }
    let text = |field: &str| {
        request
            .get(field)
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    if let Some(call) = text("callId")
        .and_then(|id| data.call_mut(&id))
        .filter(|c| c.vdn == vdn)
    {
        if let Some(busi_result) = text("busiResult") {
            call.busi_result = Some(busi_result);
        }
        if let Some(sub_status) = text("busiSubStatus") {
            call.busi_sub_status = Some(sub_status);
        }
    }
    isales("0200000", "update success", None)
}

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

async fn cdr_by_call_id(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(reply) = shared.check_signature(&method, &uri, &headers, &body) {
        return reply;
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

fn bad_request(why: &str) -> Response {
    json_reply(
        StatusCode::BAD_REQUEST,
        json!({"error_code": "CEC.0400", "error_msg": why}),
    )
}

async fn call_records(
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

async fn token_by_ak_sk(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    shared
        .token_requests
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
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
    let lifetime = shared.token_lifetime;
    shared
        .tokens
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(token.clone(), Instant::now() + lifetime);
    let created = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    // The documented reply: numbers as strings, no refresh token.
    json_reply(
        StatusCode::OK,
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
