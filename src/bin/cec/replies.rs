//! The replies `cec` prints, as the interfaces sent them: the library returns an operation's
//! payload (the call result, the CDR, ...) with its business result code checked, and keeps
//! the code and its description in the call's metadata; `cec` prints them around the
//! payload, under the keys the pages show (`resultCode`, `resultDesc`, `data`, ...).

use huawei_cec::ResponseMetadata;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::Failure;

/// Where an operation's payload sits in its reply.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Wrapper {
    /// `getCallResultDetail`: `data`.
    CallResultDetail,
    /// `getExternalResult`: `obResult`.
    ExternalResult,
    /// `queryCdrByCallId`: `resultDatas`.
    Cdr,
    /// `updateReservedCallResult`: no payload.
    Update,
}

/// [`reply_json`], a reply that cannot be printed as a usage failure.
pub(crate) fn wrapped(
    wrapper: Wrapper,
    payload: impl Serialize,
    metadata: &ResponseMetadata,
) -> Result<Value, Failure> {
    reply_json(wrapper, payload, metadata)
        .map_err(|e| Failure::Usage(format!("cannot print the reply: {e}")))
}

/// The reply of `payload` and `metadata`, as JSON: `resultCode`, `resultDesc` (when the
/// reply had them) and the payload under its key.
pub(crate) fn reply_json(
    wrapper: Wrapper,
    payload: impl Serialize,
    metadata: &ResponseMetadata,
) -> serde_json::Result<Value> {
    let mut reply = Map::new();
    if let Some(code) = metadata.result_code() {
        reply.insert("resultCode".into(), code.into());
    }
    if let Some(description) = metadata.result_description() {
        reply.insert("resultDesc".into(), description.into());
    }
    let key = match wrapper {
        Wrapper::CallResultDetail => "data",
        Wrapper::ExternalResult => "obResult",
        Wrapper::Cdr => "resultDatas",
        Wrapper::Update => return Ok(Value::Object(reply)),
    };
    reply.insert(key.into(), serde_json::to_value(payload)?);
    Ok(Value::Object(reply))
}
