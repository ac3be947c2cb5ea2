//! Checks of the operations' input, made before anything is sent: every failure is an
//! [`Error::InvalidInput`] that names the field, what is wrong and what is allowed.

use std::num::NonZeroU32;

use crate::error::{Error, Result};
use crate::generated::dataprocess::types::CallRecordsRequest;
use crate::generated::isales::types::UpdateResultRequest;

/// The longest identifier (call ID, appointment ID, ...) accepted. The pages document no
/// maximum; this bound only stops obviously broken input before it is sent.
pub const MAX_ID_LEN: usize = 256;

pub(crate) fn invalid(field: &'static str, problem: String, allowed: &'static str) -> Error {
    Error::InvalidInput {
        field,
        problem,
        allowed,
    }
}

/// `vdnId`: 1 to 9999.
pub(crate) fn check_vdn_id(vdn_id: u32) -> Result<NonZeroU32> {
    NonZeroU32::new(vdn_id)
        .filter(|v| v.get() <= 9999)
        .ok_or_else(|| {
            invalid(
                "vdnId",
                format!("{vdn_id} is out of range"),
                "the value is an integer ranging from 1 to 9999",
            )
        })
}

/// At most [`MAX_ID_LEN`] characters, no control characters.
fn check_len(field: &'static str, value: &str) -> Result<()> {
    // Bytes bound characters from above: count characters only when the bytes exceed.
    if value.len() > MAX_ID_LEN {
        let len = value.chars().count();
        if len > MAX_ID_LEN {
            return Err(invalid(
                field,
                format!("is {len} characters long"),
                "at most 256 characters",
            ));
        }
    }
    if value.is_ascii() && !value.bytes().any(|b| b.is_ascii_control()) {
        return Ok(());
    }
    if value.chars().any(char::is_control) {
        return Err(invalid(
            field,
            "contains control characters".into(),
            "printable characters only",
        ));
    }
    Ok(())
}

/// An ID: not blank, at most [`MAX_ID_LEN`] characters, no control characters.
pub(crate) fn check_id(field: &'static str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(invalid(
            field,
            "is empty".into(),
            "a non-empty ID of at most 256 characters",
        ));
    }
    check_len(field, value)
}

/// A path parameter: an ID (see [`check_id`]) that is not a dot segment (`.` or `..`, which
/// URL parsing would resolve out of the segment however they are encoded). Every other
/// character is percent-encoded when the path is built.
pub(crate) fn check_path_segment(field: &'static str, value: &str) -> Result<()> {
    check_id(field, value)?;
    if value == "." || value == ".." {
        return Err(invalid(
            field,
            format!("is {value:?}, a dot segment that would leave its place in the URL path"),
            "an ID other than \".\" or \"..\" (any other character is percent-encoded)",
        ));
    }
    Ok(())
}

/// The call-records query: subCcNo and vdn set, and callId or a date.
pub(crate) fn check_call_records(request: &CallRecordsRequest) -> Result<()> {
    check_id("subCcNo", &request.sub_cc_no)?;
    check_id("vdn", &request.vdn)?;
    let has_call_id = request.call_id.as_deref().is_some_and(|c| !c.is_empty());
    if !has_call_id && request.begin_date.is_none() && request.end_date.is_none() {
        return Err(invalid(
            "callId",
            "is empty and neither beginDate nor endDate is set".into(),
            "set callId, or beginDate or endDate (epoch milliseconds)",
        ));
    }
    for (field, value) in [
        ("callId", &request.call_id),
        ("callerNo", &request.caller_no),
        ("calleeNo", &request.callee_no),
        ("evaluationValue", &request.evaluation_value),
    ] {
        if let Some(value) = value {
            check_len(field, value)?;
        }
    }
    Ok(())
}

/// `ccId`: 1 to 65535.
pub(crate) fn check_cc_id(cc_id: u32) -> Result<NonZeroU32> {
    NonZeroU32::new(cc_id)
        .filter(|v| v.get() <= 65535)
        .ok_or_else(|| {
            invalid(
                "ccId",
                format!("{cc_id} is out of range"),
                "the value ranges from 1 to 65535",
            )
        })
}

/// The update of a reserved call's result: an appointId, bounded optional fields, and an
/// end time not before the start time.
pub(crate) fn check_update_request(request: &UpdateResultRequest) -> Result<()> {
    check_id("appointId", &request.appoint_id)?;
    for (field, value) in [
        ("userAccount", &request.user_account),
        ("workNo", &request.work_no),
        ("callerNo", &request.caller_no),
        ("failCode", &request.fail_code),
        ("callId", &request.call_id),
        ("busiResult", &request.busi_result),
        ("busiSubStatus", &request.busi_sub_status),
    ] {
        if let Some(value) = value {
            check_len(field, value)?;
        }
    }
    if let (Some(begin), Some(end)) = (request.begin_time, request.end_time)
        && end < begin
    {
        return Err(invalid(
            "endTime",
            format!("{end} is before beginTime {begin}"),
            "the call end time (epoch milliseconds) must not be before its start time",
        ));
    }
    Ok(())
}

/// A generated type's conversion that failed (a builder's `try_into()`, a constrained
/// string's `parse()`) as the crate's error: `try_into()?` works in a function that returns
/// [`crate::Result`]. The message names the field when the generated code does (`no value
/// supplied for ...`); nothing was sent.
macro_rules! conversion_errors {
    ($($module:ident),*) => {$(
        impl From<crate::generated::$module::types::error::ConversionError> for Error {
            fn from(error: crate::generated::$module::types::error::ConversionError) -> Self {
                invalid(
                    "value",
                    error.to_string(),
                    "what the type's documentation allows",
                )
            }
        }
    )*};
}

conversion_errors!(isales, cms, dataprocess);
