//! The parts of error messages that need more than a sentence: what a refused request's
//! `Date` header said of this machine's clock, a request blocked by a web application
//! firewall, and the parameter a business failure names.

use std::fmt;

/// What the `Date` header of a refused (HTTP 401) `auth-v2` request said of this machine's
/// clock, when it was off from the server's by more than
/// [`CLOCK_SKEW_THRESHOLD`](crate::transport::CLOCK_SKEW_THRESHOLD). Part of
/// [`Error::Unauthorized`](crate::Error::Unauthorized).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ClockSkew {
    /// The server's clock minus this machine's (positive: the server is ahead), from the
    /// reply's `Date` header and the time of the round trip (±1 s).
    pub offset: chrono::Duration,
    /// Whether the refused request was signed with the server's time (clock-skew
    /// correction applied): then the clock is not why it was refused.
    pub corrected: bool,
    /// Whether clock-skew correction is on
    /// ([`ClientBuilder::clock_skew_correction`](crate::ClientBuilder::clock_skew_correction)).
    pub correction_on: bool,
}

impl fmt::Display for ClockSkew {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let seconds = rounded_seconds(self.offset);
        let side = if seconds >= 0 { "behind" } else { "ahead of" };
        write!(
            f,
            "this machine's clock is {} {side} the server's (its Date header)",
            human_seconds(seconds.unsigned_abs())
        )?;
        if self.corrected {
            f.write_str(
                ", but the request was signed with the server's time (clock-skew correction): \
                 the clock is not why it was refused",
            )
        } else if self.correction_on {
            f.write_str(
                ": later requests to this server are signed with its time (clock-skew \
                 correction); set this machine's clock (NTP) all the same",
            )
        } else {
            f.write_str(
                ", and auth-v2 signatures carry the time: set this machine's clock (NTP), or \
                 turn clock-skew correction on (ClientBuilder::clock_skew_correction(true); \
                 cec: leave out --no-clock-skew-correction, CEC_CLOCK_SKEW_CORRECTION=false or \
                 clock-skew-correction = false)",
            )
        }
    }
}

/// An offset in whole seconds, rounded to the nearest (the `Date` header has whole seconds).
pub(crate) fn rounded_seconds(offset: chrono::TimeDelta) -> i64 {
    let ms = offset.num_milliseconds();
    (ms + 500 * ms.signum()) / 1000
}

/// `1 h 2 min 3 s` from seconds.
pub(crate) fn human_seconds(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    let mut parts = Vec::new();
    if h > 0 {
        parts.push(format!("{h} h"));
    }
    if m > 0 {
        parts.push(format!("{m} min"));
    }
    if s > 0 || parts.is_empty() {
        parts.push(format!("{s} s"));
    }
    parts.join(" ")
}

pub(super) fn clock_note(skew: Option<&ClockSkew>) -> String {
    skew.map(|skew| format!("; {skew}")).unwrap_or_default()
}

/// What a reply that a web application firewall sent is shown as: its start, unless it is
/// an HTML page (then only its type and length).
pub(super) fn blocked_reply(content_type: Option<&str>, length: usize, body: &str) -> String {
    let body = body.trim();
    if body.is_empty() {
        format!(
            "reply not shown: {length} bytes, {}",
            content_type.unwrap_or("no content type")
        )
    } else {
        format!("reply: {}", super::escape_controls(body))
    }
}

pub(super) fn ip_note(ip_address: Option<&str>) -> String {
    ip_address
        .map(|ip| format!(" (this request went to the IP address {ip})"))
        .unwrap_or_default()
}

/// Whether a reply body is an HTML page: by its media type, or by its first character.
pub(crate) fn is_html(media_type: Option<&str>, body: &[u8]) -> bool {
    media_type.is_some_and(|t| t.eq_ignore_ascii_case("text/html"))
        || body.trim_ascii_start().first() == Some(&b'<')
}

/// The parameter a business failure's description names as missing or invalid: the first
/// quoted name after "param", as in CC-CMS's `Invalid param, must have parameter:
/// 'isCallIn'`. Only a name of letters, digits, `_`, `.` and `-` (at most 64) counts.
pub(crate) fn named_parameter(description: &str) -> Option<&str> {
    let at = description.to_ascii_lowercase().find("param")?;
    let rest = &description[at..];
    let (open, quote) = rest
        .char_indices()
        .find(|(_, c)| matches!(c, '\'' | '"' | '`' | '\u{2018}' | '\u{201c}'))?;
    let close = match quote {
        '\u{2018}' => '\u{2019}',
        '\u{201c}' => '\u{201d}',
        other => other,
    };
    let inner = &rest[open + quote.len_utf8()..];
    let name = &inner[..inner.find(close)?];
    let valid = (1..=64).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    valid.then_some(name)
}

/// The request parameters an operation sends, as the documentation spells them, where a
/// server has been seen to spell one differently.
const SENT: &[(&str, &[&str])] = &[(
    "queryCdrByCallId",
    &["queryParam", "ccId", "callId", "isCallin"],
)];

/// What an `Error::Api` adds when its description names a parameter.
pub(super) fn parameter_note(operation: &str, description: Option<&str>) -> String {
    let Some(name) = description.and_then(named_parameter) else {
        return String::new();
    };
    let mut note = format!("; the server names the parameter {name} as missing or invalid");
    let sent = SENT
        .iter()
        .find(|(op, _)| *op == operation)
        .and_then(|(_, names)| {
            names
                .iter()
                .find(|n| n.eq_ignore_ascii_case(name) && **n != name)
        });
    if let Some(sent) = sent {
        note.push_str(&format!(
            ": this client sends it as {sent}, as the documentation spells it, and this server \
             spells it {name}"
        ));
    }
    note
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parameter_is_named_only_when_quoted_after_param() {
        let cms = "Invalid param, must have parameter: 'isCallIn'";
        assert_eq!(named_parameter(cms), Some("isCallIn"));
        assert_eq!(named_parameter("invalid parameter \"ccId\""), Some("ccId"));
        assert_eq!(named_parameter("Param: `x.y`"), Some("x.y"));
        assert_eq!(named_parameter("Param \u{2018}vdn\u{2019}"), Some("vdn"));
        for none in [
            "Parameter error: vdnId 0 is not from 1 to 9999.",
            "'quoted' but no p-word",
            "param 'two words'",
            "param 'unterminated",
            "param ''",
            "param '\u{1b}[2J'",
            "",
        ] {
            assert_eq!(named_parameter(none), None, "{none:?}");
        }
        let note = parameter_note("queryCdrByCallId", Some(cms));
        assert!(
            note.contains("parameter isCallIn") && note.contains("sends it as isCallin"),
            "{note}"
        );
        let note = parameter_note("getCallResultDetail", Some(cms));
        assert!(!note.contains("sends it as"), "{note}");
        assert_eq!(parameter_note("queryCdrByCallId", Some("no such CDR")), "");
    }

    #[test]
    fn html_is_told_by_type_or_first_character() {
        assert!(is_html(Some("text/html"), b"x"));
        assert!(is_html(None, b"  \r\n<html>"));
        assert!(!is_html(Some("application/json"), b"{\"a\":1}"));
        assert_eq!(human_seconds(1200), "20 min");
        assert_eq!(human_seconds(3723), "1 h 2 min 3 s");
        assert_eq!(human_seconds(0), "0 s");
    }
}
