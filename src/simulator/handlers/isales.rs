//! CC-iSales: call result detail, external result, update of a reserved call's result.

#![allow(clippy::result_large_err)]

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, Uri};
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::{MAX_ID_LEN, Shared, id_check, isales_reply};
use crate::simulator::data::format_time;

pub(super) async fn call_result_detail(
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
        return isales_reply(code, &description, None);
    }
    let data = shared.data();
    let Some(call) = data
        .call(&call_id)
        .filter(|c| c.vdn == vdn && !c.is_inbound())
    else {
        return isales_reply("0200007", "The call record ID does not exist.", None);
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
    isales_reply(
        "0200000",
        "Query Success!",
        Some(("data", Value::Object(detail))),
    )
}

pub(super) async fn external_result(
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
        return isales_reply(
            "02000006",
            &format!("Incorrect parameter type: defId {def_raw:?} is not an integer."),
            None,
        );
    }
    let data = shared.data();
    let Some(def) = data.external_result(vdn, &def_raw) else {
        return isales_reply(
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
    isales_reply(
        "0200000",
        "queryObsResultDetail success",
        Some(("obResult", ob)),
    )
}

pub(super) async fn update_result(
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
        return isales_reply(
            "0200001",
            "Parameter error: the body is not a JSON object.",
            None,
        );
    };
    let appoint_id = match request.get("appointId") {
        None | Some(Value::Null) => {
            return isales_reply("02000001", "Empty parameter: appointId.", None);
        }
        Some(Value::String(s)) => s.clone(),
        Some(_) => {
            return isales_reply(
                "0200001",
                "Parameter error: appointId must be a string.",
                None,
            );
        }
    };
    if let Err((code, description)) = id_check("appointId", &appoint_id) {
        return isales_reply(code, &description, None);
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
                return isales_reply(
                    "02000003",
                    &format!("The parameter length cannot exceed the maximum length: {field}."),
                    None,
                );
            }
            Some(_) => {
                return isales_reply(
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
            return isales_reply(
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
            return isales_reply(
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
    isales_reply("0200000", "update success", None)
}
