//! Credentials a server echoed, out of the error that quotes them: a server may echo the
//! request it refused (its signature, its bearer token) in its reply.

use serde_json::Value;

use crate::error::Error;

/// `error` with what `hide` hides in each text it quotes from a reply (a body, a description,
/// a decoding error, which may quote a value, the decoded body, the request ID): a server may
/// echo the credentials it was sent. A decoding error that quoted a secret loses its source,
/// whose text it was.
pub(crate) fn redact(mut error: Error, hide: impl Fn(&str) -> Option<String>) -> Error {
    let fix = |text: &mut String| {
        if let Some(hidden) = hide(text) {
            *text = hidden;
        }
    };
    if let Some(Some(metadata)) = error.metadata_mut() {
        metadata.texts_mut().for_each(fix);
    }
    match &mut error {
        Error::Unauthorized { body, json, .. } | Error::HttpStatus { body, json, .. } => {
            fix(body);
            if let Some(json) = json {
                redact_json(json, &fix);
            }
        }
        Error::Api {
            description: Some(description),
            ..
        } => fix(description),
        Error::Decode {
            reason,
            raw,
            source,
            ..
        } => {
            if let Some(hidden) = hide(reason) {
                *reason = hidden;
                *source = None;
            }
            if let Some(hidden) = hide(&String::from_utf8_lossy(raw)) {
                *raw = hidden.into_bytes();
            }
        }
        Error::Blocked { body, .. } => fix(body),
        _ => {}
    }
    error
}

/// `metadata` with what `hide` hides in each text it keeps from a reply (the request ID, the
/// result description): a server may echo a credential in a header.
pub(crate) fn redact_metadata(
    metadata: &mut crate::error::ResponseMetadata,
    hide: impl Fn(&str) -> Option<String>,
) {
    for text in metadata.texts_mut() {
        if let Some(hidden) = hide(text) {
            *text = hidden;
        }
    }
}

/// Every string of a JSON value, keys included, through `fix`.
fn redact_json(value: &mut Value, fix: &impl Fn(&mut String)) {
    match value {
        Value::String(text) => fix(text),
        Value::Array(items) => items.iter_mut().for_each(|v| redact_json(v, fix)),
        Value::Object(map) => {
            let entries = std::mem::take(map);
            for (mut key, mut value) in entries {
                fix(&mut key);
                redact_json(&mut value, fix);
                map.insert(key, value);
            }
        }
        _ => {}
    }
}

/// `text` with every run of exactly 64 hex digits (an auth-v2 signature's form) replaced by
/// `[REDACTED]`, or `None` when it has none.
pub(crate) fn hide_signatures(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = String::new();
    let (mut copied, mut i, mut found) = (0, 0, false);
    while i < bytes.len() {
        if !bytes[i].is_ascii_hexdigit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_hexdigit() {
            i += 1;
        }
        let alone = |at: Option<&u8>| at.is_none_or(|b| !b.is_ascii_alphanumeric());
        if i - start == 64
            && alone(start.checked_sub(1).and_then(|p| bytes.get(p)))
            && alone(bytes.get(i))
        {
            // Hex digits are ASCII: `start` and `i` are character boundaries.
            out.push_str(&text[copied..start]);
            out.push_str("[REDACTED]");
            copied = i;
            found = true;
        }
    }
    found.then(|| {
        out.push_str(&text[copied..]);
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ResponseMetadata, ResultCode};

    #[test]
    fn signature_shaped_runs_are_hidden_and_nothing_else() {
        let sig = "aea4572ec646b4d6f43bc471f323201ed403461cb1f2670289d9e6b1ac203bd0";
        assert_eq!(
            hide_signatures(&format!("auth-v2/ak/2026-11-21T08:30:00Z/host/{sig}")).as_deref(),
            Some("auth-v2/ak/2026-11-21T08:30:00Z/host/[REDACTED]")
        );
        assert_eq!(
            hide_signatures(&format!("{sig} and \"{}\"", sig.to_uppercase())).as_deref(),
            Some("[REDACTED] and \"[REDACTED]\"")
        );
        // Not 64 digits on their own: kept.
        for kept in [
            &sig[1..],
            &format!("{sig}0"),
            &format!("x{sig}"),
            "no digits",
            "é",
        ] {
            assert_eq!(hide_signatures(kept), None, "{kept}");
        }
    }

    #[test]
    fn redaction_reaches_every_text_an_error_quotes_from_a_reply() {
        let hide = |text: &str| {
            text.contains("TOK")
                .then(|| text.replace("TOK", "[REDACTED]"))
        };
        let source: Box<dyn std::error::Error + Send + Sync> =
            "invalid type: string \"TOK\"".into();
        let errors = [
            Error::HttpStatus {
                operation: "op",
                status: 500,
                meaning: None,
                body: "TOK".into(),
                metadata: None,
                retry_after: None,
                json: Some(Box::new(
                    serde_json::json!({"TOK": ["a TOK", {"x": "TOK"}], "n": 1}),
                )),
            },
            Error::Unauthorized {
                operation: "op",
                hint: "",
                signing_profile: None,
                clock_skew: None,
                body: "a TOK b".into(),
                metadata: None,
                json: Some(Box::new(serde_json::json!({"echo": "TOK"}))),
            },
            Error::Api {
                operation: "op",
                code: ResultCode::from_code("1"),
                description: Some("TOK".into()),
                status: 200,
                metadata: None,
            },
            Error::Decode {
                operation: "op",
                status: 200,
                reason: "invalid type: string \"TOK\"".into(),
                raw: b"{\"x\":\"TOK\"}".to_vec(),
                source: Some(source),
                metadata: None,
            },
            Error::Blocked {
                operation: "op",
                status: 403,
                content_type: None,
                length: 3,
                body: "TOK".into(),
                ip_address: None,
                metadata: None,
            },
        ];
        for mut error in errors {
            // A request ID and a description that echo it too.
            let mut headers = reqwest::header::HeaderMap::new();
            headers.insert("x-request-id", "id-TOK".parse().unwrap());
            let metadata = ResponseMetadata::new("op", 200, 1)
                .with_headers(crate::error::ReplyHeaders::capture(&headers).as_deref())
                .with_result(Some("1"), Some("TOK"));
            if let Some(slot) = error.metadata_mut() {
                *slot = Some(Box::new(metadata));
            }
            let error = redact(error, hide);
            let shown = format!("{error} {error:?} {:?}", std::error::Error::source(&error));
            assert!(!shown.contains("TOK"), "{shown}");
        }
    }
}
