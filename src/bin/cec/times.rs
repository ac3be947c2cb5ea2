//! Times: what the time options accept, and how a table shows the times of a reply.
//!
//! The options take epoch milliseconds, an RFC 3339 time, or a date `YYYY-MM-DD` (UTC;
//! as the end of a period, a bare date means the last millisecond of that day). The
//! interfaces take epoch milliseconds, so that is what is sent.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde_json::Value;

/// The largest time the interfaces' 1-to-13-digit epoch-millisecond strings can carry.
const MAX_EPOCH_MS: i64 = 9_999_999_999_999;

const ALLOWED: &str = "give epoch milliseconds (e.g. 1704067200000), an RFC 3339 time \
    (e.g. 2024-01-01T08:00:00+08:00) or a date YYYY-MM-DD (UTC)";

/// Which end of a period an option sets: a bare date means its first millisecond as a
/// start, its last as an end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    Start,
    End,
}

/// The value parser of options that start a period (`--begin-date`, `--begin-time`).
pub(crate) fn start(input: &str) -> Result<i64, String> {
    parse(input, Bound::Start)
}

/// The value parser of options that end a period (`--end-date`, `--end-time`).
pub(crate) fn end(input: &str) -> Result<i64, String> {
    parse(input, Bound::End)
}

fn parse(input: &str, bound: Bound) -> Result<i64, String> {
    let text = input.trim();
    let millis = if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        if text.len() > 13 {
            return Err(format!(
                "{text:?} has more than 13 digits; {ALLOWED}; epoch milliseconds have 1 to 13 digits"
            ));
        }
        text.parse::<i64>().map_err(|e| format!("{e}; {ALLOWED}"))?
    } else if let Ok(time) = DateTime::parse_from_rfc3339(text) {
        time.timestamp_millis()
    } else if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        let time = match bound {
            Bound::Start => NaiveTime::MIN,
            Bound::End => NaiveTime::from_hms_milli_opt(23, 59, 59, 999)
                .ok_or_else(|| "the end of a day".to_owned())?,
        };
        date.and_time(time).and_utc().timestamp_millis()
    } else {
        return Err(ALLOWED.to_owned());
    };
    if !(0..=MAX_EPOCH_MS).contains(&millis) {
        return Err(format!(
            "{text:?} is outside 1970-01-01 to 2286-11-20 (UTC), the times the interfaces take"
        ));
    }
    Ok(millis)
}

/// A time field of a reply as a person reads it: an epoch-millisecond value of 11 to 13
/// digits (a JSON number or a string of digits) as `YYYY-MM-DD HH:MM:SS UTC`; `None` for
/// anything else, which a table shows as sent (a `yyyy-MM-dd HH:mm:ss` string is in the
/// server's own zone; a shorter number, like the pages' `"100010"`, is no time to read).
pub(crate) fn readable(value: &Value) -> Option<String> {
    let millis: i64 = match value {
        Value::Number(n) => n.as_i64()?,
        Value::String(s) if s.bytes().all(|b| b.is_ascii_digit()) => s.parse().ok()?,
        _ => return None,
    };
    // 11 to 13 digits: from 1970-04-26 on. Shorter numbers are not taken for times.
    if !(10_000_000_000..=MAX_EPOCH_MS).contains(&millis) {
        return None;
    }
    let time = DateTime::<Utc>::from_timestamp_millis(millis)?;
    let format = if millis % 1000 == 0 {
        "%Y-%m-%d %H:%M:%S UTC"
    } else {
        "%Y-%m-%d %H:%M:%S%.3f UTC"
    };
    Some(time.format(format).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn epoch_milliseconds_pass_through() {
        assert_eq!(start("1704067200000"), Ok(1_704_067_200_000));
        assert_eq!(end("0"), Ok(0));
        assert_eq!(start(" 1704067200000 "), Ok(1_704_067_200_000));
        assert_eq!(start("9999999999999"), Ok(MAX_EPOCH_MS));
        let err = start("10000000000000").unwrap_err();
        assert!(err.contains("more than 13 digits"), "{err}");
    }

    #[test]
    fn rfc3339_times_are_converted_with_their_offset() {
        assert_eq!(start("2024-01-01T00:00:00Z"), Ok(1_704_067_200_000));
        assert_eq!(start("2024-01-01T08:00:00+08:00"), Ok(1_704_067_200_000));
        assert_eq!(end("2024-01-01T00:00:00.250Z"), Ok(1_704_067_200_250));
    }

    #[test]
    fn a_bare_date_is_the_first_or_last_millisecond_of_the_utc_day() {
        assert_eq!(start("2024-01-01"), Ok(1_704_067_200_000));
        assert_eq!(end("2024-01-01"), Ok(1_704_067_200_000 + 86_400_000 - 1));
    }

    #[test]
    fn other_input_is_refused_with_what_is_allowed() {
        for bad in [
            "yesterday",
            "",
            "2024-13-01",
            "2024-01-01T00:00:00",
            "-5",
            "1.5",
            "2024-02-30",
        ] {
            let err = start(bad).expect_err(bad);
            assert!(
                err.contains("epoch milliseconds") && err.contains("RFC 3339"),
                "{bad}: {err}"
            );
        }
        let err = start("1969-12-31").unwrap_err();
        assert!(err.contains("outside 1970-01-01"), "{err}");
        let err = end("2300-01-01").unwrap_err();
        assert!(err.contains("outside"), "{err}");
    }

    #[test]
    fn epoch_values_read_as_utc_and_other_text_is_left_alone() {
        assert_eq!(
            readable(&json!("1790812800000")).as_deref(),
            Some("2026-10-01 00:00:00 UTC")
        );
        assert_eq!(
            readable(&json!(1_747_220_297_123_i64)).as_deref(),
            Some("2025-05-14 10:58:17.123 UTC")
        );
        assert_eq!(readable(&json!("2022-02-10 11:45:47")), None);
        assert_eq!(readable(&json!("100010")), None, "the page's example");
        assert_eq!(readable(&json!("2022-02-10")), None);
        assert_eq!(readable(&json!(null)), None);
        assert_eq!(readable(&json!(30)), None, "a duration, not a time");
    }
}
