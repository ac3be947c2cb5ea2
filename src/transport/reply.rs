//! What comes back from one attempt: a redirect (refused), a reply too large (refused), or
//! a reply read whole into memory within the size limit.

use std::time::Duration;

use bytes::Bytes;
use reqwest::ResponseBuilderExt;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue, LOCATION};

use super::budget;
use crate::record::Pending;

/// The default limit of a reply body: 64 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;

/// The most of an error reply's body that is read: errors quote only its start, and a
/// server that fails need not be heard out.
pub const ERROR_BODY_LIMIT: u64 = 64 * 1024;

/// How much of a `Location` header an error keeps.
const LOCATION_LIMIT: usize = 200;

/// Why the transport ended a call without an answer it could hand on.
#[derive(Debug)]
pub(crate) enum Stop {
    /// The server answered 3xx.
    Redirect {
        status: u16,
        location: Option<String>,
    },
    /// A given HTTP client followed a redirect: the reply came from `location`.
    RedirectFollowed { location: String },
    /// The reply declared or grew past the limit, or would take more memory than the limit
    /// once decoded.
    TooLarge {
        limit: u64,
        declared: Option<u64>,
        decoded: Option<u64>,
    },
    /// A call that changes data was sent and then no reply came.
    OutcomeUnknown {
        cause: &'static str,
        source: Option<reqwest::Error>,
    },
    /// A call that changes data was answered with a status that does not tell whether it
    /// was applied (a gateway's 502 or 504, a 500).
    OutcomeUnknownStatus { status: u16, cause: &'static str },
    /// The deadline passed before a reply came.
    Deadline { deadline: Duration, attempts: u32 },
    /// A bearer-token client had no token to send.
    NoCredentials,
    /// The request could not be signed.
    Unsignable(crate::auth::SigningError),
}

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Redirect { status, .. } => write!(f, "HTTP {status}: redirects are not followed"),
            Self::RedirectFollowed { .. } => f.write_str("the HTTP client followed a redirect"),
            Self::TooLarge { limit, .. } => {
                write!(f, "the reply is larger than the limit of {limit} bytes")
            }
            Self::OutcomeUnknown { cause, .. } => {
                write!(f, "outcome unknown: the request was sent but {cause}")
            }
            Self::OutcomeUnknownStatus { cause, .. } => {
                write!(f, "outcome unknown: the request was sent but {cause}")
            }
            Self::Deadline { deadline, .. } => {
                write!(f, "no reply within the deadline of {deadline:?}")
            }
            Self::NoCredentials => f.write_str("no access token to send; nothing was sent"),
            Self::Unsignable(e) => {
                write!(f, "the request cannot be signed ({e}); nothing was sent")
            }
        }
    }
}

/// The outcome of reading a reply.
pub(crate) enum Read {
    /// The whole reply (of an error reply, at most [`ERROR_BODY_LIMIT`] bytes), its body in
    /// memory, and the body's length.
    Whole(reqwest::Response, usize),
    /// Refused: a redirect, or too large.
    Refused(Stop),
    /// The body broke off (timeout, lost connection).
    Broken(reqwest::Error),
}

/// Reads a reply whole, refusing redirects and success replies over `limit` bytes: a
/// declared `Content-Length` over the limit is refused before reading, reading stops as
/// soon as the body passes the limit, and a body that would take more than `limit` bytes of
/// memory once decoded is refused before it is decoded. Of an error reply, only the first
/// [`ERROR_BODY_LIMIT`] bytes are read. The memory held is at most about twice `limit`,
/// whatever the server sends.
///
/// The response is lent, not moved: the future of `read` would otherwise hold a second copy.
///
/// A recording (`record`) gets the reply's head, and its body as read.
pub(crate) async fn read(
    response: &mut reqwest::Response,
    limit: u64,
    mut record: Option<&mut Pending>,
) -> Read {
    let status = response.status();
    if let Some(record) = record.as_deref_mut() {
        record.head(status.as_u16(), response.headers());
    }
    if status.is_redirection() {
        return Read::Refused(Stop::Redirect {
            status: status.as_u16(),
            location: response
                .headers()
                .get(LOCATION)
                .map(|v| sanitize_location(&String::from_utf8_lossy(v.as_bytes()))),
        });
    }
    let success = status.is_success();
    let too_large = |declared, decoded| {
        Read::Refused(Stop::TooLarge {
            limit,
            declared,
            decoded,
        })
    };
    let declared = response.content_length();
    if let Some(declared) = declared.filter(|&d| success && d > limit) {
        return too_large(Some(declared), None);
    }
    let read_limit = if success {
        limit
    } else {
        limit.min(ERROR_BODY_LIMIT)
    };
    let cap = usize::try_from(read_limit).unwrap_or(usize::MAX);
    // A declared length is a hint, not a promise: reserve at most 1 MiB ahead of the bytes.
    let hint = declared
        .and_then(|d| usize::try_from(d).ok())
        .unwrap_or(0)
        .min(cap)
        .min(1 << 20);
    let mut body = Gathered::None;
    let mut complete = true;
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                let room = cap - body.len();
                if chunk.len() > room {
                    if success {
                        return too_large(None, None);
                    }
                    // The start of an error reply is all an error needs.
                    body.push(chunk.slice(..room), cap, hint);
                    complete = false;
                    break;
                }
                body.push(chunk, cap, hint);
            }
            Ok(None) => break,
            Err(e) => return Read::Broken(e),
        }
    }
    let body = body.into_bytes();
    if let Some(record) = record {
        record.body_read(&body, complete);
    }
    if success && let Some(decoded) = budget::over_limit(&body, limit) {
        return too_large(None, Some(decoded));
    }
    let length = body.len();
    // The reply's extensions (reqwest's connection info) go along, and its URL is added to
    // them (`Response::from` would parse a placeholder URL instead).
    let mut builder = http::Response::builder()
        .status(status)
        .version(response.version());
    if let Some(extensions) = builder.extensions_mut() {
        *extensions = std::mem::take(response.extensions_mut());
    }
    let rebuilt = builder.url(response.url().clone()).body(body);
    let Ok(mut rebuilt) = rebuilt else {
        unreachable!("the status and version come from a response");
    };
    *rebuilt.headers_mut() = std::mem::take(response.headers_mut());
    Read::Whole(reqwest::Response::from(rebuilt), length)
}

/// The chunks of a body read so far: a body that comes in one chunk (most replies) is kept
/// as it came, without a copy; the chunks of a longer one are gathered into one buffer.
enum Gathered {
    None,
    One(Bytes),
    Many(Vec<u8>),
}

impl Gathered {
    fn len(&self) -> usize {
        match self {
            Self::None => 0,
            Self::One(bytes) => bytes.len(),
            Self::Many(buffer) => buffer.len(),
        }
    }

    /// Adds a chunk; the buffer grows by doubling from `hint` bytes, never past `cap`.
    fn push(&mut self, chunk: Bytes, cap: usize, hint: usize) {
        match self {
            Self::None => *self = Self::One(chunk),
            Self::One(first) => {
                let needed = first.len() + chunk.len();
                let mut buffer = Vec::with_capacity(needed.max(hint).min(cap));
                buffer.extend_from_slice(first);
                buffer.extend_from_slice(&chunk);
                *self = Self::Many(buffer);
            }
            Self::Many(buffer) => {
                let needed = buffer.len() + chunk.len();
                if needed > buffer.capacity() {
                    let target = needed.max(buffer.capacity().saturating_mul(2)).min(cap);
                    buffer.reserve_exact(target - buffer.len());
                }
                buffer.extend_from_slice(&chunk);
            }
        }
    }

    fn into_bytes(self) -> Bytes {
        match self {
            Self::None => Bytes::new(),
            Self::One(bytes) => bytes,
            Self::Many(buffer) => Bytes::from(buffer),
        }
    }
}

/// A `Location` for an error message: no user information, query or fragment (they may
/// hold credentials or tokens), at most [`LOCATION_LIMIT`] characters. Control characters
/// are escaped when the error is displayed.
pub(crate) fn sanitize_location(location: &str) -> String {
    let location = location.trim();
    let cleaned = match reqwest::Url::parse(location) {
        Ok(mut url) if url.has_host() => {
            let _ = url.set_username("");
            let _ = url.set_password(None);
            url.set_query(None);
            url.set_fragment(None);
            url.to_string()
        }
        // Relative, or not a URL: up to the first `?` or `#`, and nothing before an `@`
        // (user information).
        _ => {
            let end = location.find(['?', '#']).unwrap_or(location.len());
            let path = &location[..end];
            path.rsplit_once('@')
                .map_or(path, |(_, after)| after)
                .to_owned()
        }
    };
    if cleaned.chars().count() > LOCATION_LIMIT {
        let cut: String = cleaned.chars().take(LOCATION_LIMIT).collect();
        format!("{cut}...")
    } else {
        cleaned
    }
}

/// The media type of a reply (`type/subtype`, lower case) when it is a short, well-formed
/// one: safe to show in an error, whatever the server put in the header.
pub(crate) fn media_type(headers: &HeaderMap) -> Option<String> {
    headers.get(CONTENT_TYPE).and_then(media_type_of)
}

/// [`media_type`] of a `Content-Type` value.
pub(crate) fn media_type_of(value: &HeaderValue) -> Option<String> {
    let value = value.to_str().ok()?;
    let essence = value
        .split_once(';')
        .map_or(value, |(essence, _)| essence)
        .trim();
    let (kind, sub) = essence.split_once('/')?;
    let token = |part: &str, max: usize| {
        !part.is_empty()
            && part.len() <= max
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$&^_.+-".contains(&b))
    };
    // Checked first, so that only a media type worth keeping is copied.
    (token(kind, 20) && token(sub, 40)).then(|| essence.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_lose_credentials_queries_and_length() {
        assert_eq!(
            sanitize_location("https://user:pw@evil.example:8443/a/b?token=SECRET#frag"),
            "https://evil.example:8443/a/b"
        );
        assert_eq!(sanitize_location("/next?token=SECRET"), "/next");
        assert_eq!(
            sanitize_location("//user@evil.example/x#y"),
            "evil.example/x"
        );
        let long = format!("https://evil.example/{}", "a".repeat(1000));
        let kept = sanitize_location(&long);
        assert!(kept.ends_with("...") && kept.chars().count() == LOCATION_LIMIT + 3);
        assert_eq!(sanitize_location("/a\u{1b}[31mb"), "/a\u{1b}[31mb");
    }

    #[test]
    fn only_well_formed_media_types_are_kept() {
        let read = |v: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(CONTENT_TYPE, HeaderValue::from_str(v).unwrap());
            media_type(&headers)
        };
        assert_eq!(
            read("Application/JSON; charset=UTF-8").as_deref(),
            Some("application/json")
        );
        assert_eq!(read("text/html").as_deref(), Some("text/html"));
        assert_eq!(read("tok-SECRET"), None);
        assert_eq!(read(&format!("text/{}", "x".repeat(41))), None);
        assert_eq!(read("a b/c"), None);
    }
}
