//! The two operations with optional inputs, as requests with a setter per input: the
//! update of a reserved call's result, and the call-records query. Each optional input has
//! a setter taking the value (`fail_code("00000")`) and one taking an `Option` (`set_…`, to
//! pass on a value that may be absent). Nothing is checked before `send()`: then every
//! input is, and a problem is an [`Error::InvalidInput`](crate::Error::InvalidInput) with
//! nothing sent.

use chrono::{DateTime, Utc};

use super::operations::{Sent, sendable};
use crate::client::Client;
use crate::error::{Error, Result};
use crate::exchange::{self, AuthKind};
use crate::generated::dataprocess::types::{
    CallRecordsRequest, CallRecordsResponse, EpochMillisString,
};
use crate::generated::isales::types::UpdateResultRequest;
use crate::validate::{check_call_records, check_id, check_update_request, check_vdn_id, invalid};
use crate::wire::{CallType, MediaType, Secret};

/// A setter for an optional text input, and its `set_` form taking an `Option`.
macro_rules! text_setters {
    ($($field:ident, $set:ident, $wire:literal, $doc:literal;)*) => {$(
        #[doc = concat!("`", $wire, "`: ", $doc)]
        pub fn $field(mut self, value: impl Into<String>) -> Self {
            self.body.$field = Some(value.into());
            self
        }

        #[doc = concat!("`", $wire, "`, or none: as [`Self::", stringify!($field), "`].")]
        pub fn $set(mut self, value: Option<String>) -> Self {
            self.body.$field = value;
            self
        }
    )*};
}

/// Updating the Result of a Reserved Outbound Call, to send: made by
/// [`Client::update_reserved_result`]. Every input but the VDN and the reservation's ID is
/// optional.
///
/// ```no_run
/// # async fn run(client: huawei_cec::Client) -> huawei_cec::Result<()> {
/// client
///     .update_reserved_result(8, "appoint-1")
///     .fail_code("00000")
///     .work_no("1001")
///     .send()
///     .await?;
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent: `.await` it, or call `.send()`"]
pub struct UpdateReservedCallResult<'a> {
    client: &'a Client,
    vdn_id: u32,
    appoint_id: String,
    body: UpdateFields,
}

/// The optional inputs of the update, as set.
#[derive(Debug, Clone, Default)]
struct UpdateFields {
    user_account: Option<String>,
    work_no: Option<String>,
    caller_no: Option<String>,
    fail_code: Option<String>,
    call_id: Option<String>,
    busi_result: Option<String>,
    busi_sub_status: Option<String>,
    begin_time: Option<DateTime<Utc>>,
    end_time: Option<DateTime<Utc>>,
}

impl<'a> UpdateReservedCallResult<'a> {
    pub(crate) fn new(client: &'a Client, vdn_id: u32, appoint_id: String) -> Self {
        Self {
            client,
            vdn_id,
            appoint_id,
            body: UpdateFields::default(),
        }
    }

    text_setters! {
        user_account, set_user_account, "userAccount",
            "the agent's business account (mandatory except in the OP independent deployment).";
        work_no, set_work_no, "workNo",
            "the agent's ID (mandatory in the OP independent deployment).";
        caller_no, set_caller_no, "callerNo", "the calling number.";
        fail_code, set_fail_code, "failCode",
            "the failure cause code from the CTI; `00000` is a successful call.";
        call_id, set_call_id, "callId",
            "the call's ID, which associates the result with CDRs on the CTI.";
        busi_result, set_busi_result, "busiResult", "the business result ID.";
        busi_sub_status, set_busi_sub_status, "busiSubStatus", "the sub-business result ID.";
    }

    /// `beginTime`: when the call started (sent as epoch milliseconds).
    pub fn begin_time(self, time: DateTime<Utc>) -> Self {
        self.set_begin_time(Some(time))
    }

    /// `beginTime`, or none: as [`Self::begin_time`].
    pub fn set_begin_time(mut self, time: Option<DateTime<Utc>>) -> Self {
        self.body.begin_time = time;
        self
    }

    /// `endTime`: when the call ended (sent as epoch milliseconds); not before `beginTime`.
    pub fn end_time(self, time: DateTime<Utc>) -> Self {
        self.set_end_time(Some(time))
    }

    /// `endTime`, or none: as [`Self::end_time`].
    pub fn set_end_time(mut self, time: Option<DateTime<Utc>>) -> Self {
        self.body.end_time = time;
        self
    }

    async fn run(self, metadata: bool) -> Sent<()> {
        let Self {
            client,
            vdn_id,
            appoint_id,
            body,
        } = self;
        let vdn_id = check_vdn_id(vdn_id)?;
        check_id("appointId", &appoint_id)?;
        let request = UpdateResultRequest {
            appoint_id: appoint_id.try_into()?,
            user_account: body.user_account,
            work_no: body.work_no,
            caller_no: body.caller_no,
            fail_code: body.fail_code,
            call_id: body.call_id,
            busi_result: body.busi_result,
            busi_sub_status: body.busi_sub_status,
            begin_time: body.begin_time.map(|t| t.timestamp_millis()),
            end_time: body.end_time.map(|t| t.timestamp_millis()),
        };
        check_update_request(&request)?;
        let isales = client.isales()?;
        client
            .call(
                "updateReservedCallResult",
                client.signed(),
                metadata,
                Box::pin(
                    isales
                        .update_reserved_call_result()
                        .vdn_id(vdn_id)
                        .body(request)
                        .send(),
                ),
            )
            .await
    }
}

sendable!(UpdateReservedCallResult => ());

/// Querying Call Result Data, to send: made by [`Client::call_records`]. Set the call's ID,
/// or a time range (`begin_date`, `end_date`, either or both).
///
/// ```no_run
/// # async fn run(client: huawei_cec::Client) -> huawei_cec::Result<()> {
/// use chrono::{TimeZone, Utc};
///
/// let day = Utc.with_ymd_and_hms(2026, 10, 1, 0, 0, 0).unwrap();
/// let records = client
///     .call_records("1", 1)
///     .begin_date(day)
///     .end_date(day + chrono::Duration::days(1))
///     .await?;
/// println!("{} calls", records.results.len());
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent: `.await` it, or call `.send()`"]
pub struct QueryCallRecords<'a> {
    client: &'a Client,
    sub_cc_no: String,
    vdn: u32,
    body: RecordsFields,
}

/// The optional inputs of the call-records query, as set.
#[derive(Debug, Clone, Default)]
struct RecordsFields {
    call_id: Option<String>,
    caller_no: Option<String>,
    callee_no: Option<String>,
    evaluation_value: Option<String>,
    begin_date: Option<DateTime<Utc>>,
    end_date: Option<DateTime<Utc>>,
    call_type: Option<CallType>,
    media_type: Option<MediaType>,
}

impl<'a> QueryCallRecords<'a> {
    pub(crate) fn new(client: &'a Client, sub_cc_no: String, vdn: u32) -> Self {
        Self {
            client,
            sub_cc_no,
            vdn,
            body: RecordsFields::default(),
        }
    }

    text_setters! {
        call_id, set_call_id, "callId",
            "the call's ID. Without it, `beginDate` or `endDate` must be set.";
        caller_no, set_caller_no, "callerNo", "the calling number.";
        callee_no, set_callee_no, "calleeNo", "the called number.";
        evaluation_value, set_evaluation_value, "evaluationValue",
            "a satisfaction level, as configured on the Satisfaction Survey page.";
    }

    /// `beginDate`: the start of the time range (sent as epoch milliseconds; 1970 or later).
    pub fn begin_date(self, time: DateTime<Utc>) -> Self {
        self.set_begin_date(Some(time))
    }

    /// `beginDate`, or none: as [`Self::begin_date`].
    pub fn set_begin_date(mut self, time: Option<DateTime<Utc>>) -> Self {
        self.body.begin_date = time;
        self
    }

    /// `endDate`: the end of the time range (sent as epoch milliseconds); not before
    /// `beginDate`.
    pub fn end_date(self, time: DateTime<Utc>) -> Self {
        self.set_end_date(Some(time))
    }

    /// `endDate`, or none: as [`Self::end_date`].
    pub fn set_end_date(mut self, time: Option<DateTime<Utc>>) -> Self {
        self.body.end_date = time;
        self
    }

    /// `callType`: only calls of this type.
    pub fn call_type(self, call_type: CallType) -> Self {
        self.set_call_type(Some(call_type))
    }

    /// `callType`, or none: as [`Self::call_type`].
    pub fn set_call_type(mut self, call_type: Option<CallType>) -> Self {
        self.body.call_type = call_type;
        self
    }

    /// `mediaType`: only calls of this media type.
    pub fn media_type(self, media_type: MediaType) -> Self {
        self.set_media_type(Some(media_type))
    }

    /// `mediaType`, or none: as [`Self::media_type`].
    pub fn set_media_type(mut self, media_type: Option<MediaType>) -> Self {
        self.body.media_type = media_type;
        self
    }

    async fn run(self, metadata: bool) -> Sent<CallRecordsResponse> {
        let Self {
            client,
            sub_cc_no,
            vdn,
            body,
        } = self;
        check_id("subCcNo", &sub_cc_no)?;
        // No range: the page gives this VDN none, and its own example sends "0".
        let request = CallRecordsRequest {
            sub_cc_no: sub_cc_no.try_into()?,
            vdn: vdn.to_string().try_into()?,
            call_id: body.call_id,
            caller_no: body.caller_no,
            callee_no: body.callee_no,
            begin_date: body
                .begin_date
                .map(|t| epoch_millis("beginDate", t))
                .transpose()?,
            end_date: body
                .end_date
                .map(|t| epoch_millis("endDate", t))
                .transpose()?,
            call_type: body.call_type,
            media_type: body.media_type,
            evaluation_value: body.evaluation_value,
        };
        if let (Some(begin), Some(end)) = (body.begin_date, body.end_date)
            && end < begin
        {
            return Err(invalid(
                "endDate",
                format!("{end} is before beginDate {begin}"),
                "the end of the time range must not be before its start",
            ));
        }
        check_call_records(&request)?;
        client.records(request, metadata).await
    }
}

sendable!(QueryCallRecords => CallRecordsResponse);

/// A time as `beginDate`/`endDate` take it: epoch milliseconds, 1 to 13 digits.
fn epoch_millis(field: &'static str, time: DateTime<Utc>) -> Result<EpochMillisString> {
    let millis = time.timestamp_millis();
    if !(0..=9_999_999_999_999).contains(&millis) {
        return Err(invalid(
            field,
            format!("{time} is outside what the interface takes"),
            "a time from 1970-01-01T00:00:00Z to 2286-11-20 (epoch milliseconds of 1 to 13 digits)",
        ));
    }
    Ok(millis.to_string().parse()?)
}

impl Client {
    /// The call-records query: the bearer token obtained and cached as needed; a 401 renews
    /// it once and sends the query once more. No token sent is quoted in an error.
    async fn records(
        &self,
        request: CallRecordsRequest,
        metadata: bool,
    ) -> Sent<CallRecordsResponse> {
        let (dataprocess, tokens) = self.dataprocess()?;
        let token = tokens.token().await?;
        let first = self
            .call(
                "queryCallRecords",
                AuthKind::Bearer,
                metadata,
                Box::pin(
                    dataprocess
                        .query_call_records()
                        .body(request.clone())
                        .send(),
                ),
            )
            .await;
        let (outcome, renewed) = match first {
            Err(Error::Unauthorized { .. }) => {
                tracing::debug!("queryCallRecords: 401, renewing the token once");
                tokens.invalidate(&token);
                let renewed = tokens.token().await?;
                let second = self
                    .call(
                        "queryCallRecords",
                        AuthKind::Bearer,
                        metadata,
                        Box::pin(dataprocess.query_call_records().body(request).send()),
                    )
                    .await;
                (second, Some(renewed))
            }
            other => (other, None),
        };
        // A server may echo the request it refused, or a token in a header the metadata
        // keeps: no token sent is quoted.
        let sent: Vec<&Secret> = std::iter::once(&token).chain(renewed.as_ref()).collect();
        let hide = |text: &str| {
            let mut hidden: Option<String> = None;
            for token in &sent {
                let current = hidden.as_deref().unwrap_or(text);
                if current.contains(token.expose()) {
                    hidden = Some(current.replace(token.expose(), "[REDACTED]"));
                }
            }
            hidden
        };
        match outcome {
            Ok((records, mut metadata)) => {
                if let Some(metadata) = &mut metadata {
                    exchange::redact_metadata(metadata, hide);
                }
                Ok((records, metadata))
            }
            Err(error) => Err(exchange::redact(error, hide)),
        }
    }
}
