//! The simulator's endpoints: the routes, authentication, the documented validation and
//! result codes, and replies in the shapes real servers send (the pages' quirks included).
//! The endpoints of each host are in their own file.

// Early replies travel as `Err(Response)`: their size is no concern on this path.
#![allow(clippy::result_large_err)]

use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Map, Value, json};

use super::Shared;
use super::verify::{VerifyError, VerifyOptions, verify_v2_with};
use crate::auth::SignableRequest;

/// The longest ID the simulated servers accept (`02000003` beyond it).
pub const MAX_ID_LEN: usize = 64;

/// CC-CMS failure codes the simulator uses. The page defers to an "Error Code Reference" it
/// does not reproduce, so these two are the simulator's own.
pub const CMS_PARAMETER_ERROR: &str = "0100001";
/// No CDR matches the query.
pub const CMS_NOT_FOUND: &str = "0100002";

mod cms;
mod dataprocess;
mod isales;
mod replay;

use cms::cdr_by_call_id;
use dataprocess::{call_records, token_by_ak_sk};
use isales::{call_result_detail, external_result, update_result};

pub(super) fn router(shared: Arc<Shared>) -> Router {
    if shared.replay.is_some() {
        return replay::router(shared);
    }
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

pub(super) fn json_reply(status: StatusCode, body: Value) -> Response {
    (
        status,
        [("content-type", "application/json;charset=UTF-8")],
        body.to_string(),
    )
        .into_response()
}

/// A CC-iSales reply: HTTP 200 whatever the outcome, the code in both code fields.
pub(super) fn isales_reply(
    code: &str,
    description: &str,
    payload: Option<(&str, Value)>,
) -> Response {
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

pub(super) fn unauthorized(why: impl std::fmt::Display) -> Response {
    json_reply(
        StatusCode::UNAUTHORIZED,
        json!({"error": "unauthorized", "error_description": why.to_string()}),
    )
}

impl Shared {
    /// Verifies the auth-v2 signature of a request as received: under any signing profile,
    /// or only under the one the simulator was told to insist on.
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
            // HTTP/2 carries the host in `:authority`.
            host: header("host")
                .or_else(|| uri.authority().map(|a| a.as_str()))
                .unwrap_or_default(),
            content_type: header("content-type"),
            body: (method != Method::GET && method != Method::HEAD).then_some(&body[..]),
        };
        let now = chrono::Utc::now() + self.faults().clock_offset;
        let credentials = &self.credentials;
        let mut options = VerifyOptions::new(self.max_clock_skew);
        options.profile = self.signing_profile;
        options.port = self.port.filter(|&port| port != 80);
        verify_v2_with(
            header("authorization"),
            &request,
            |ak| (ak == credentials.access_key).then(|| credentials.secret_key.clone()),
            now,
            &options,
        )
        .map(|_| ())
        .map_err(|e| match (&e, self.signing_profile) {
            (VerifyError::SignatureMismatch, Some(profile)) => unauthorized(format_args!(
                "{e} signed with the signing profile {profile}, the only one this simulator accepts"
            )),
            (VerifyError::SignatureMismatch, None) => {
                unauthorized(format_args!("{e} under any signing profile"))
            }
            _ => unauthorized(e),
        })
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
pub(super) fn vdn_id(raw: &str) -> Result<u32, Response> {
    let value: i64 = raw.parse().map_err(|_| {
        isales_reply(
            "02000006",
            &format!("Incorrect parameter type: vdnId {raw:?} is not an integer."),
            None,
        )
    })?;
    u32::try_from(value)
        .ok()
        .filter(|v| (1..=9999).contains(v))
        .ok_or_else(|| {
            isales_reply(
                "0200001",
                &format!("Parameter error: vdnId {value} is not from 1 to 9999."),
                None,
            )
        })
}

/// Checks an ID: not empty, at most [`MAX_ID_LEN`] characters of `[0-9A-Za-z_.-]`.
pub(super) fn id_check(field: &str, value: &str) -> Result<(), (&'static str, String)> {
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
