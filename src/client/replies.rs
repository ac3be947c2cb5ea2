//! What the operations make of their replies: the business result code checked (CC-iSales
//! and CC-CMS report failures inside HTTP 200 replies), and the payload taken out of the
//! reply's wrapper. A success reply without its payload is an [`Error::Decode`], not an
//! `Option` for the caller to unwrap.

use crate::error::{Error, Result, ResultCode};
use crate::exchange::{Reply, ReplyInfo};
use crate::generated::cms::types::{CdrQueryResponse, CdrResultDesc};
use crate::generated::dataprocess::types::CallRecordsResponse;
use crate::generated::isales::types::{
    CallResultDetail, CallResultDetailResponse, ExternalResult, ExternalResultResponse,
    UpdateResultResponse,
};
use crate::wire::CdrRecord;

const ISALES_SUCCESS: &str = "0200000";
const CMS_SUCCESS: &str = "0100000";

/// CC-iSales: success is `resultCode` (or, without it, `returnCode`) `0200000`.
fn check_isales(
    reply: &ReplyInfo,
    result_code: &Option<String>,
    return_code: &Option<String>,
    description: &Option<String>,
) -> Result<()> {
    match result_code.as_deref().or(return_code.as_deref()) {
        Some(ISALES_SUCCESS) => Ok(()),
        Some(code) => Err(Error::Api {
            operation: reply.operation,
            code: ResultCode::from_code(code),
            description: description.clone(),
            status: reply.status,
            metadata: None,
        }),
        None => Err(no_payload(
            reply,
            "the reply has neither resultCode nor returnCode".into(),
            Vec::new(),
        )),
    }
}

/// The error of a reply that does not hold what it must: `raw` is the reply, re-encoded.
fn no_payload(reply: &ReplyInfo, reason: String, raw: Vec<u8>) -> Error {
    Error::Decode {
        operation: reply.operation,
        status: reply.status,
        reason,
        raw: raw[..raw.len().min(crate::error::BODY_SNIPPET_LIMIT)].to_vec(),
        source: None,
        metadata: None,
    }
}

/// The CC-iSales replies: checked for their business result code, then their payload (the
/// field named) taken out, or `()` for a reply that has none.
macro_rules! isales_reply {
    ($reply:ty => $output:ty, $field:ident, $key:literal) => {
        impl Reply for $reply {
            type Output = $output;

            fn into_output(self: Box<Self>, reply: &ReplyInfo) -> Result<$output> {
                check_isales(
                    reply,
                    &self.result_code,
                    &self.return_code,
                    &self.result_desc,
                )?;
                let this = *self;
                match this.$field {
                    Some(payload) => Ok(payload),
                    None => Err(no_payload(
                        reply,
                        concat!("the reply reports success but has no `", $key, "`").into(),
                        serde_json::to_vec(&this).unwrap_or_default(),
                    )),
                }
            }

            fn result(&self) -> (Option<&str>, Option<&str>) {
                isales_result(
                    &self.result_code,
                    &self.return_code,
                    &self.result_desc,
                    &self.return_desc,
                )
            }
        }
    };
    ($reply:ty => ()) => {
        impl Reply for $reply {
            type Output = ();

            fn into_output(self: Box<Self>, reply: &ReplyInfo) -> Result<()> {
                check_isales(
                    reply,
                    &self.result_code,
                    &self.return_code,
                    &self.result_desc,
                )
            }

            fn result(&self) -> (Option<&str>, Option<&str>) {
                isales_result(
                    &self.result_code,
                    &self.return_code,
                    &self.result_desc,
                    &self.return_desc,
                )
            }
        }
    };
}

/// A CC-iSales reply's result code and description: `resultCode` and `resultDesc`, or else
/// `returnCode` and `returnDesc`.
fn isales_result<'a>(
    result_code: &'a Option<String>,
    return_code: &'a Option<String>,
    result_desc: &'a Option<String>,
    return_desc: &'a Option<String>,
) -> (Option<&'a str>, Option<&'a str>) {
    (
        result_code.as_deref().or(return_code.as_deref()),
        result_desc.as_deref().or(return_desc.as_deref()),
    )
}

isales_reply!(CallResultDetailResponse => CallResultDetail, data, "data");
isales_reply!(ExternalResultResponse => ExternalResult, ob_result, "obResult");
isales_reply!(UpdateResultResponse => ());

/// CC-CMS: success is `resultCode` `0100000`; a failure may give its code in `result`. The
/// CDR comes twice in a success, as `resultDatas` and as `resultDesc` (the same record):
/// `resultDatas` is taken, `resultDesc` when it is the only one.
impl Reply for CdrQueryResponse {
    type Output = CdrRecord;

    fn into_output(self: Box<Self>, reply: &ReplyInfo) -> Result<CdrRecord> {
        if self.result_code.as_deref() == Some(CMS_SUCCESS) {
            let this = *self;
            if let Some(record) = this.result_datas {
                return Ok(record);
            }
            return match this.result_desc {
                Some(CdrResultDesc::CdrRecord(record)) => Ok(record),
                _ => Err(no_payload(
                    reply,
                    "the reply reports success but has no CDR (neither `resultDatas` nor \
                     `resultDesc` holds one)"
                        .into(),
                    serde_json::to_vec(&this).unwrap_or_default(),
                )),
            };
        }
        let description = match &self.result_desc {
            Some(CdrResultDesc::String(text)) => Some(text.clone()),
            _ => None,
        };
        let code = self.result_code.clone().or_else(|| self.result.clone());
        Err(match code {
            Some(code) => Error::Api {
                operation: reply.operation,
                code: ResultCode::from_code(&code),
                description,
                status: reply.status,
                metadata: None,
            },
            None => no_payload(
                reply,
                "the reply has neither resultCode nor result".into(),
                serde_json::to_vec(&self).unwrap_or_default(),
            ),
        })
    }

    fn result(&self) -> (Option<&str>, Option<&str>) {
        let description = match &self.result_desc {
            Some(CdrResultDesc::String(text)) => Some(text.as_str()),
            _ => None,
        };
        (self.result_code.as_deref(), description)
    }
}

/// The data-process interface reports failures with HTTP statuses: nothing to check inside,
/// and the reply is the payload (the records and their total).
impl Reply for CallRecordsResponse {
    type Output = CallRecordsResponse;

    fn into_output(self: Box<Self>, _: &ReplyInfo) -> Result<CallRecordsResponse> {
        Ok(*self)
    }
}

#[cfg(test)]
mod tests {
    use std::mem::size_of;

    use super::*;
    use crate::generated::{cms, dataprocess, isales};

    fn info() -> ReplyInfo {
        ReplyInfo {
            operation: "op",
            status: 200,
            media_type: None,
            length: 0,
            any_media_type: None,
            clock_skew: None,
            ip_address: None,
            retry_after: None,
        }
    }

    fn read<T>(json: serde_json::Value) -> Result<T::Output>
    where
        T: Reply + serde::de::DeserializeOwned,
    {
        Box::new(serde_json::from_value::<T>(json).unwrap()).into_output(&info())
    }

    #[test]
    fn a_success_without_its_payload_is_a_decode_error_naming_the_field() {
        let error = read::<CallResultDetailResponse>(serde_json::json!({"resultCode": "0200000"}))
            .unwrap_err();
        assert!(
            matches!(&error, Error::Decode { reason, raw, .. }
                if reason.contains("`data`") && raw == br#"{"resultCode":"0200000"}"#),
            "{error:?}"
        );
        let error = read::<ExternalResultResponse>(serde_json::json!({"returnCode": "0200000"}))
            .unwrap_err();
        assert!(error.to_string().contains("`obResult`"), "{error}");
        let error = read::<CdrQueryResponse>(
            serde_json::json!({"resultCode": "0100000", "resultDesc": "ok"}),
        )
        .unwrap_err();
        assert!(error.to_string().contains("no CDR"), "{error}");
        read::<UpdateResultResponse>(serde_json::json!({"returnCode": "0200000"})).unwrap();
    }

    #[test]
    fn the_cdr_is_taken_from_result_datas_or_else_result_desc() {
        let record = |reply| read::<CdrQueryResponse>(reply).unwrap().call_id;
        assert_eq!(
            record(serde_json::json!({"resultCode": "0100000",
                "resultDatas": {"callId": "a"}, "resultDesc": {"callId": "b"}})),
            Some("a".into())
        );
        assert_eq!(
            record(serde_json::json!({"resultCode": "0100000", "resultDesc": {"callId": "b"}})),
            Some("b".into())
        );
    }

    /// The transport's bound of a reply's decoded size counts each JSON object as
    /// `OBJECT_COST` bytes: at least the struct it decodes into, and three times that for
    /// the structs held in a `Vec` (the growth of the `Vec`).
    #[test]
    fn every_reply_struct_fits_the_decoded_size_bound() {
        let in_vecs = [
            size_of::<dataprocess::types::CallRecord>(),
            size_of::<isales::types::ResultMapping>(),
        ];
        let others = [
            size_of::<isales::types::CallResultDetailResponse>(),
            size_of::<isales::types::CallResultDetail>(),
            size_of::<isales::types::ExternalResultResponse>(),
            size_of::<isales::types::ExternalResult>(),
            size_of::<isales::types::UpdateResultResponse>(),
            size_of::<cms::types::CdrQueryResponse>(),
            size_of::<crate::wire::CdrRecord>(),
            size_of::<dataprocess::types::CallRecordsResponse>(),
            size_of::<dataprocess::types::TokenResponse>(),
        ];
        let cost = crate::transport::OBJECT_COST;
        for size in in_vecs {
            assert!(
                3 * size as u64 <= cost,
                "{size} bytes in a Vec: raise OBJECT_COST"
            );
        }
        for size in others {
            assert!(size as u64 <= cost, "{size} bytes: raise OBJECT_COST");
        }
    }
}
