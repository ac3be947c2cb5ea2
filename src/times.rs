//! Typed views of the documented time fields, beside the raw strings the interfaces send.
//!
//! The pages use three forms, and the generated types keep each as it is on the wire:
//!
//! | Field | Wire form | Typed view |
//! |---|---|---|
//! | `ackBeginTime`, `callBeginTime`, `callEndTime` (call result detail) | `yyyy-MM-dd HH:mm:ss` | [`NaiveDateTime`] |
//! | `beginTime`, `endTime` of a CDR | `yyyy-MM-dd HH:mm:ss` | [`NaiveDateTime`] |
//! | `beginDate`, `endDate` (call records query) | epoch milliseconds, a decimal string | set as [`DateTime<Utc>`] ([`QueryCallRecords::begin_date`](crate::client::QueryCallRecords::begin_date)) |
//! | `beginTime`, `endTime` (update of a reserved call's result) | epoch milliseconds, an integer | set as [`DateTime<Utc>`] ([`UpdateReservedCallResult::begin_time`](crate::client::UpdateReservedCallResult::begin_time)) |
//!
//! The `yyyy-MM-dd HH:mm:ss` times carry no zone, and the pages do not name one: they are
//! the contact center's local time, so they are given as [`NaiveDateTime`] for you to place
//! in the zone your deployment uses. The time fields of a call record (`logDate`,
//! `waitBegin`, `ackBegin`, `callBegin`, `callEnd`) have no documented format at all (the
//! page's example sends `"100010"`), so they are left as strings.
//!
//! ```
//! use huawei_cec::times::parse_local_time;
//!
//! let connected = parse_local_time("2022-02-10 11:45:47").unwrap();
//! assert_eq!(connected.to_string(), "2022-02-10 11:45:47");
//! ```

use chrono::{DateTime, NaiveDateTime, Utc};

use crate::generated::isales::types::CallResultDetail;
use crate::wire::CdrRecord;

/// The format of the pages' `yyyy-MM-dd HH:mm:ss` times.
pub const LOCAL_TIME_FORMAT: &str = "%Y-%m-%d %H:%M:%S";

/// Reads a `yyyy-MM-dd HH:mm:ss` time (surrounding spaces ignored).
pub fn parse_local_time(text: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(text.trim(), LOCAL_TIME_FORMAT).ok()
}

/// An epoch-millisecond instant, if it is one chrono can represent.
pub fn from_epoch_millis(millis: i64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp_millis(millis)
}

fn local(field: &Option<String>) -> Option<NaiveDateTime> {
    field.as_deref().and_then(parse_local_time)
}

impl CallResultDetail {
    /// `ackBeginTime`: when ringing started (the contact center's local time).
    pub fn ack_begin_datetime(&self) -> Option<NaiveDateTime> {
        local(&self.ack_begin_time)
    }

    /// `callBeginTime`: when the call was connected (the contact center's local time).
    pub fn call_begin_datetime(&self) -> Option<NaiveDateTime> {
        local(&self.call_begin_time)
    }

    /// `callEndTime`: when the call was released (the contact center's local time).
    pub fn call_end_datetime(&self) -> Option<NaiveDateTime> {
        local(&self.call_end_time)
    }
}

impl CdrRecord {
    /// `beginTime`: call start (the contact center's local time; predicted and preempted
    /// outbound calls only).
    pub fn begin_datetime(&self) -> Option<NaiveDateTime> {
        local(&self.begin_time)
    }

    /// `endTime`: call end (the contact center's local time; predicted and preempted outbound
    /// calls only).
    pub fn end_datetime(&self) -> Option<NaiveDateTime> {
        local(&self.end_time)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn the_pages_examples_read_as_times() {
        let detail = CallResultDetail {
            call_begin_time: Some("2022-02-10 11:45:47".into()),
            call_end_time: Some("not a time".into()),
            ..Default::default()
        };
        assert_eq!(
            detail.call_begin_datetime(),
            NaiveDate::from_ymd_opt(2022, 2, 10).and_then(|d| d.and_hms_opt(11, 45, 47))
        );
        assert_eq!(detail.call_end_datetime(), None);
        assert_eq!(detail.ack_begin_datetime(), None);

        assert_eq!(
            from_epoch_millis(1747220297000).map(|t| t.to_rfc3339()),
            Some("2025-05-14T10:58:17+00:00".into())
        );
        assert_eq!(from_epoch_millis(i64::MAX), None, "beyond chrono: no panic");
    }
}
