//! A body as a cassette records it: JSON when it parses, else text when it is UTF-8, else
//! base64; cleaned of secrets, its personal data masked, at most so many bytes of it.

use std::borrow::Cow;

use base64::Engine as _;
use serde_json::Value;

use super::mask::{self, Masker};
use super::redact::{self, REDACTED, Scrubber};
use crate::cassette::{Body, Content};

/// How a body is cleaned and cut.
pub(crate) struct Cleaning<'a> {
    pub(crate) scrub: &'a Scrubber<'a>,
    /// `None` when personal data is kept.
    pub(crate) masker: Option<&'a Masker>,
    /// The most bytes of a body recorded.
    pub(crate) max_bytes: usize,
}

/// A body read: a JSON document, or other bytes.
pub(crate) enum Parsed<'b> {
    /// No body.
    Empty,
    /// A whole body that parsed as JSON, and the body as it came.
    Json(serde_json::Value, &'b [u8]),
    /// Any other body, and whether it was read whole (`false`: an error reply's start).
    Raw(&'b [u8], bool),
}

impl<'b> Parsed<'b> {
    /// Reads a body: JSON only when it was read whole.
    pub(crate) fn new(bytes: &'b [u8], complete: bool) -> Self {
        if bytes.is_empty() && complete {
            return Self::Empty;
        }
        if complete && let Ok(value) = serde_json::from_slice::<Value>(bytes) {
            return Self::Json(value, bytes);
        }
        Self::Raw(bytes, complete)
    }
}

/// The record of a body; `None` for an empty one. A body read in part is never JSON, and
/// whatever is left at its end of a secret cut short goes too.
pub(crate) fn record(parsed: Parsed<'_>, cleaning: &Cleaning<'_>) -> Option<Body> {
    let as_u64 = |n: usize| u64::try_from(n).unwrap_or(u64::MAX);
    let (bytes, complete) = match parsed {
        Parsed::Empty => return None,
        Parsed::Json(mut value, raw) => {
            let length = raw.len();
            redact::secret_fields(&mut value);
            if !cleaning.scrub.nothing_in_json(raw) {
                cleaning.scrub.json(&mut value);
            }
            mask::json(&mut value, cleaning.masker);
            if length <= cleaning.max_bytes {
                return Some(Body {
                    length: as_u64(length),
                    truncated: false,
                    content: Content::Json(value),
                });
            }
            // Too long: the start of the cleaned document, as text.
            let text = serde_json::to_string(&value).unwrap_or_default();
            return Some(Body {
                length: as_u64(length),
                truncated: true,
                content: Content::Text(cut_text(&text, cleaning.max_bytes).to_owned()),
            });
        }
        Parsed::Raw(bytes, complete) => (bytes, complete),
    };
    let length = as_u64(bytes.len());
    let mut clean = cleaning.scrub.bytes(bytes);
    if !complete {
        let tail = cleaning.scrub.cut_tail(&clean);
        if tail > 0 {
            let mut cut = clean.into_owned();
            cut.truncate(cut.len() - tail);
            cut.extend_from_slice(REDACTED.as_bytes());
            clean = Cow::Owned(cut);
        }
    }
    if let Some(masker) = cleaning.masker
        && let Cow::Owned(masked) = masker.digit_runs(&clean)
    {
        clean = Cow::Owned(masked);
    }
    let truncated = !complete || clean.len() > cleaning.max_bytes;
    let content = match std::str::from_utf8(&clean) {
        Ok(text) => Content::Text(cut_text(text, cleaning.max_bytes).to_owned()),
        // Text cut short in the middle of a character is still text.
        Err(e) if !complete && e.error_len().is_none() => {
            let text = std::str::from_utf8(&clean[..e.valid_up_to()]).unwrap_or_default();
            Content::Text(cut_text(text, cleaning.max_bytes).to_owned())
        }
        Err(_) => {
            let cut = &clean[..clean.len().min(cleaning.max_bytes)];
            Content::Base64(base64::engine::general_purpose::STANDARD.encode(cut))
        }
    };
    Some(Body {
        length,
        truncated,
        content,
    })
}

/// At most `max` bytes of `text`, cut at a character's start.
fn cut_text(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::redact::Secrets;

    fn record_with(bytes: &[u8], complete: bool, max_bytes: usize) -> Body {
        let mut secrets = Secrets::default();
        secrets.add("the-secret-key-value");
        let scrub = Scrubber {
            lasting: secrets.needles(),
            exchange: None,
            host: None,
            hex_runs: false,
        };
        let masker = Masker::new();
        let cleaning = Cleaning {
            scrub: &scrub,
            masker: Some(&masker),
            max_bytes,
        };
        record(Parsed::new(bytes, complete), &cleaning).unwrap()
    }

    #[test]
    fn json_text_and_binary_bodies() {
        let body = record_with(
            br#"{"called":"31804127","echo":"the-secret-key-value"}"#,
            true,
            1024,
        );
        let Content::Json(value) = &body.content else {
            panic!("{body:?}")
        };
        assert_eq!(value["echo"], "[REDACTED]");
        assert_ne!(value["called"], "31804127");
        assert_eq!(body.length, 51);

        let body = record_with(b"<h1>13800000000 the-secret-key-value</h1>", true, 1024);
        let Content::Text(text) = &body.content else {
            panic!("{body:?}")
        };
        assert!(
            !text.contains("13800000000") && text.contains("[REDACTED]"),
            "{text}"
        );

        let body = record_with(b"\xff\xfe the-secret-key-value", true, 1024);
        let Content::Base64(data) = &body.content else {
            panic!("{body:?}")
        };
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(data)
            .unwrap();
        assert_eq!(bytes, b"\xff\xfe [REDACTED]");
        assert!(matches!(Parsed::new(b"", true), Parsed::Empty));
        assert!(matches!(Parsed::new(b"", false), Parsed::Raw(b"", false)));
    }

    #[test]
    fn long_bodies_are_cut_after_cleaning() {
        let json = format!(
            r#"{{"echo":"the-secret-key-value","pad":"{}"}}"#,
            "é".repeat(100)
        );
        let body = record_with(json.as_bytes(), true, 40);
        assert!(body.truncated);
        let Content::Text(text) = &body.content else {
            panic!("{body:?}")
        };
        assert!(
            text.len() <= 40 && text.starts_with(r#"{"echo":"[REDACTED]""#),
            "{text}"
        );

        // A reply read in part: what is left of a secret at its end goes too.
        let body = record_with(b"error: the-secret-k", false, 1024);
        assert!(body.truncated);
        assert_eq!(body.content, Content::Text("error: [REDACTED]".into()));
        let body = record_with("cut in é".as_bytes().split_last().unwrap().1, false, 1024);
        assert_eq!(body.content, Content::Text("cut in ".into()));
    }
}
