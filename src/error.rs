//! The one error type of the crate, and the documented business result codes.

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

mod accessors;
mod hints;
mod metadata;

pub use hints::ClockSkew;
pub(crate) use hints::{human_seconds, is_html, named_parameter, rounded_seconds};
pub use metadata::{REQUEST_ID_HEADERS, ResponseMetadata};
pub(crate) use metadata::{ReplyHeaders, RetryAfter, parse_retry_after};

include!(concat!(env!("OUT_DIR"), "/result_codes.rs"));

impl fmt::Display for ResultCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.description() {
            Some(description) => write!(f, "{} ({description})", self.code()),
            None => write!(
                f,
                "{} (a code the documentation does not list)",
                self.code()
            ),
        }
    }
}

/// How many bytes of a reply body an error keeps.
pub const BODY_SNIPPET_LIMIT: usize = 2048;

/// The underlying error of a failure: an error of the HTTP client or of the JSON decoder.
/// Read it through `Display` and [`std::error::Error::source`]; its concrete type is not
/// part of this crate's API (it may change in any release, with the crate's dependencies).
pub type Cause = Box<dyn std::error::Error + Send + Sync>;

/// Everything that can go wrong with a call. Its `Display` says what happened and what to
/// check; it never contains a secret key, app secret or token.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A parameter is outside what the interface accepts. Caught before anything was sent.
    #[error("invalid {field}: {problem}; {allowed} (nothing was sent)")]
    #[non_exhaustive]
    InvalidInput {
        /// The parameter, as the documentation names it.
        field: &'static str,
        /// What is wrong with the value given.
        problem: String,
        /// What the interface accepts.
        allowed: &'static str,
    },

    /// The client is not configured for this call (a base URL or credentials are missing,
    /// or a setting is unusable).
    #[error("configuration: {message}")]
    #[non_exhaustive]
    Config {
        /// What is missing or wrong, and how to provide it.
        message: String,
    },

    /// The server answered with a business failure: a result code other than success
    /// (CC-iSales and CC-CMS report these inside HTTP 200 replies).
    #[error(
        "{operation}: the server reported result code {code}{}; HTTP {status}{}{}",
        description.as_deref().map(|d| format!(": \"{}\"", escape_controls(d))).unwrap_or_default(),
        hints::parameter_note(operation, description.as_deref()),
        meta_note(metadata.as_deref())
    )]
    #[non_exhaustive]
    Api {
        /// The operation (operationId in the spec).
        operation: &'static str,
        /// The result code, as documented in the pages' tables, or `Unknown`.
        code: ResultCode,
        /// The server's description (`resultDesc`).
        description: Option<String>,
        /// The HTTP status of the reply.
        status: u16,
        /// What the reply carried besides its body (status, request ID, attempts): see
        /// [`Error::metadata`].
        metadata: Option<Box<ResponseMetadata>>,
    },

    /// The server refused the credentials (HTTP 401).
    #[error(
        "{operation}: authentication failed (HTTP 401): {hint}{}{}{}{}",
        hints::clock_note(clock_skew.as_ref()),
        profile_note(signing_profile.as_deref()),
        snippet_suffix(body),
        meta_note(metadata.as_deref())
    )]
    #[non_exhaustive]
    Unauthorized {
        /// The operation.
        operation: &'static str,
        /// What to check.
        hint: &'static str,
        /// The signing profile of the refused `auth-v2` request (as `SigningProfile`
        /// displays it: a preset name or the knob list; it parses back), or `None` for the
        /// other schemes.
        signing_profile: Option<String>,
        /// What the reply's `Date` header said of this machine's clock, when it was off
        /// (`auth-v2` requests only).
        clock_skew: Option<ClockSkew>,
        /// The start of the reply body.
        body: String,
        /// What the reply carried besides its body (status, request ID, attempts): see
        /// [`Error::metadata`].
        metadata: Option<Box<ResponseMetadata>>,
        /// The body decoded, when it was the JSON object the spec declares for this status
        /// (a JSON object, credentials the server echoed replaced by `[REDACTED]`).
        json: Option<Box<serde_json::Value>>,
    },

    /// The server answered with an HTTP status that is not success.
    #[error(
        "{operation}: HTTP {status}{}{}{}{}",
        meaning.map(|m| format!(" ({m})")).unwrap_or_default(),
        snippet_suffix(body),
        retry_note(*retry_after), meta_note(metadata.as_deref())
    )]
    #[non_exhaustive]
    HttpStatus {
        /// The operation.
        operation: &'static str,
        /// The HTTP status.
        status: u16,
        /// What the documentation says the status means, if it documents it.
        meaning: Option<&'static str>,
        /// The start of the reply body (at most [`BODY_SNIPPET_LIMIT`] bytes).
        body: String,
        /// What the reply carried besides its body (status, request ID, attempts): see
        /// [`Error::metadata`].
        metadata: Option<Box<ResponseMetadata>>,
        /// The wait the reply's `Retry-After` asked for (seconds or an HTTP date), when it
        /// had a usable one: with a 429 or 503, when to try again.
        retry_after: Option<Duration>,
        /// The body decoded, when it was the JSON object the spec declares for this status
        /// (a JSON object, credentials the server echoed replaced by `[REDACTED]`).
        json: Option<Box<serde_json::Value>>,
    },

    /// No complete reply came within the timeout.
    #[error(
        "{operation}: timed out after {}: check the server address and network, or raise the timeout",
        humanize(*timeout)
    )]
    #[non_exhaustive]
    Timeout {
        /// The operation.
        operation: &'static str,
        /// The timeout of one attempt.
        timeout: Duration,
    },

    /// The connection could not be made, or broke before a reply came. The message gives
    /// the whole chain of causes (refused, DNS, reset, TLS certificate, ...).
    #[error(
        "{operation}: connection failed: {}; check the URL, port, proxy and TLS settings",
        cause_chain(&**source)
    )]
    #[non_exhaustive]
    Connect {
        /// The operation.
        operation: &'static str,
        /// The underlying error.
        #[source]
        source: Cause,
    },

    /// The reply could not be decoded.
    #[error(
        "{operation}: undecodable reply (HTTP {status}): {}{}{}",
        escape_controls(reason),
        snippet_suffix(&String::from_utf8_lossy(raw)),
        meta_note(metadata.as_deref())
    )]
    #[non_exhaustive]
    Decode {
        /// The operation.
        operation: &'static str,
        /// The HTTP status of the reply.
        status: u16,
        /// Why it could not be decoded.
        reason: String,
        /// The start of the reply body (at most [`BODY_SNIPPET_LIMIT`] bytes).
        raw: Vec<u8>,
        /// The JSON error, when the body was not the expected JSON.
        #[source]
        source: Option<Cause>,
        /// What the reply carried besides its body (status, request ID, attempts): see
        /// [`Error::metadata`].
        metadata: Option<Box<ResponseMetadata>>,
    },

    /// Another transport failure (reading the body, TLS, ...).
    #[error("{operation}: {}", cause_chain(&**source))]
    #[non_exhaustive]
    Transport {
        /// The operation.
        operation: &'static str,
        /// The underlying error.
        #[source]
        source: Cause,
    },

    /// The server answered with a redirect (HTTP 3xx). Redirects are never followed: they
    /// would send credentials, a signature or a body to another address.
    #[error(
        "{operation}: the server answered HTTP {status}, a redirect to {}; redirects are never \
         followed (nothing was sent there): check the base URL{}",
        location.as_deref().map(escape_controls).unwrap_or(Cow::Borrowed("no location")),
        meta_note(metadata.as_deref())
    )]
    #[non_exhaustive]
    Redirect {
        /// The operation.
        operation: &'static str,
        /// The HTTP status (300 to 399).
        status: u16,
        /// The `Location` header, without its query, fragment or user information, shortened.
        location: Option<String>,
        /// What the reply carried besides its body (status, request ID, attempts): see
        /// [`Error::metadata`].
        metadata: Option<Box<ResponseMetadata>>,
    },

    /// The HTTP client given to [`ClientBuilder::http_client`](crate::ClientBuilder::http_client)
    /// followed a redirect: the reply came from another URL than the one asked, and the
    /// request (with its credentials or body) was sent there too. Build that client with
    /// `reqwest::redirect::Policy::none()`.
    #[error(
        "{operation}: the reply came from {}, not from the URL asked: the HTTP client given to \
         ClientBuilder::http_client followed a redirect, and the request was sent there too; \
         build that client with reqwest::redirect::Policy::none(){}",
        escape_controls(location),
        meta_note(metadata.as_deref())
    )]
    #[non_exhaustive]
    RedirectFollowed {
        /// The operation.
        operation: &'static str,
        /// The URL the reply came from, without its query, fragment or user information,
        /// shortened.
        location: String,
        /// What the reply carried besides its body (status, request ID, attempts): see
        /// [`Error::metadata`].
        metadata: Option<Box<ResponseMetadata>>,
    },

    /// The reply is larger than the configured limit (the rest of it was not read), or
    /// would take more memory than the limit once decoded.
    #[error(
        "{operation}: the reply is larger than the limit of {limit} bytes ({}); raise the limit \
         with ClientBuilder::max_response_bytes (cec: --max-response-bytes) if such replies \
         are expected{}",
        match (declared, decoded) {
            (Some(d), _) => format!("it declared {d} bytes"),
            (None, Some(d)) => format!("it would take about {d} bytes of memory once decoded"),
            (None, None) => "reading stopped at the limit".into(),
        },
        meta_note(metadata.as_deref())
    )]
    #[non_exhaustive]
    TooLarge {
        /// The operation.
        operation: &'static str,
        /// The limit, in bytes.
        limit: u64,
        /// The size the reply declared (`Content-Length`), when it declared one over the limit.
        declared: Option<u64>,
        /// An upper bound of the memory the reply would take once decoded, when that is what
        /// is over the limit (a body of many small objects).
        decoded: Option<u64>,
        /// What the reply carried besides its body (status, request ID, attempts): see
        /// [`Error::metadata`].
        metadata: Option<Box<ResponseMetadata>>,
    },

    /// A call that changes data (the update of a reserved call's result) was sent, but no
    /// complete reply came, or a reply that does not tell (a gateway's 502 or 504, which may
    /// have passed the request on; a 500): the server may or may not have applied it. Never
    /// retryable: check the data before trying again. Any other status means the update
    /// was not applied.
    #[error(
        "{operation}: outcome unknown: the request was sent but {cause}; the server may or may \
         not have applied it, so check before trying again{}",
        meta_note(metadata.as_deref())
    )]
    #[non_exhaustive]
    OutcomeUnknown {
        /// The operation.
        operation: &'static str,
        /// What happened after sending (timed out, the connection was lost, a gateway
        /// answered 502 or 504, ...).
        cause: String,
        /// The HTTP status of the reply, when one came (502, 504, 500).
        status: Option<u16>,
        /// The underlying error, if there was one.
        #[source]
        source: Option<Cause>,
        /// What the reply carried besides its body (status, request ID, attempts): see
        /// [`Error::metadata`].
        metadata: Option<Box<ResponseMetadata>>,
    },

    /// The overall deadline of the call (all attempts and the waits between them) passed.
    #[error(
        "{operation}: no reply within the deadline of {} ({attempts} attempt(s)); check the \
         server, or raise the deadline",
        humanize(*deadline)
    )]
    #[non_exhaustive]
    DeadlineExceeded {
        /// The operation.
        operation: &'static str,
        /// The deadline.
        deadline: Duration,
        /// How many attempts were started.
        attempts: u32,
    },

    /// The token interface's reply could not be used. Its body is never kept or shown (it
    /// may hold a token): the error says what was wrong with it.
    #[error(
        "{operation}: unusable token reply (HTTP {status}, {}, {length} bytes): {problem}; the \
         body is not shown because it may hold a token{}",
        content_type.as_deref().unwrap_or("no content type"),
        meta_note(metadata.as_deref())
    )]
    #[non_exhaustive]
    TokenReply {
        /// The operation.
        operation: &'static str,
        /// The HTTP status of the reply.
        status: u16,
        /// The media type of the reply (`type/subtype`, when it is a well-formed one).
        content_type: Option<String>,
        /// The length of the body, in bytes.
        length: usize,
        /// What is wrong: not JSON, which fields are missing or of the wrong type, or a token
        /// that cannot be sent in a header.
        problem: String,
        /// What the reply carried besides its body (status, request ID, attempts): see
        /// [`Error::metadata`].
        metadata: Option<Box<ResponseMetadata>>,
    },

    /// The token interface refused the app (HTTP 403, or 418). Huawei's gateway answers so,
    /// with an HTML page, for a wrong app key or app secret, for a caller whose IP address is
    /// not on the app's allow-list, and (its web application firewall, CloudWAF) for a
    /// request sent to an IP address instead of the host name. The page is not quoted.
    #[error(
        "{operation}: the token interface refused the app (HTTP {status}; reply not shown: {length} bytes, {}): \
         check 1. the app key and app secret (CEC_APP_KEY, CEC_APP_SECRET), 2. that this \
         machine's public IP address is on the app's IP allow-list in the CEC API management center, \
         and 3. that the open platform's base URL names its host, not an IP address: Huawei's web \
         application firewall (CloudWAF) routes by the TLS server name (SNI){}{}",
        content_type.as_deref().unwrap_or("no content type"),
        hints::ip_note(ip_address.as_deref()),
        meta_note(metadata.as_deref())
    )]
    #[non_exhaustive]
    TokenForbidden {
        /// The operation.
        operation: &'static str,
        /// The HTTP status: 403, or 418 from the web application firewall.
        status: u16,
        /// The media type of the reply (`text/html` from Huawei's gateway).
        content_type: Option<String>,
        /// The length of the body, in bytes.
        length: usize,
        /// The IP address the request went to, when the base URL names one.
        ip_address: Option<String>,
        /// What the reply carried besides its body (status, request ID, attempts): see
        /// [`Error::metadata`].
        metadata: Option<Box<ResponseMetadata>>,
    },

    /// HTTP 403 or 418 from CC-iSales, CC-CMS or the data-process interface: the request was
    /// blocked before it reached the server, most likely by a web application firewall in
    /// front of it (Huawei's CloudWAF answers 418 or 403 for a caller IP address not on the
    /// allow-list, and for a request sent to an IP address where the host name is expected,
    /// since it routes by the TLS server name). An HTML reply is not quoted.
    #[error(
        "{operation}: HTTP {status}: the request was blocked before it reached the server, most \
         likely by a web application firewall in front of it (Huawei's CloudWAF; {}): check 1. \
         that this machine's public IP address is on the allow-list, and 2. that the base URL \
         names the server by its host name, not an IP address: the firewall routes by the TLS \
         server name (SNI){}{}",
        hints::blocked_reply(content_type.as_deref(), *length, body),
        hints::ip_note(ip_address.as_deref()),
        meta_note(metadata.as_deref())
    )]
    #[non_exhaustive]
    Blocked {
        /// The operation.
        operation: &'static str,
        /// The HTTP status: 403 or 418.
        status: u16,
        /// The media type of the reply.
        content_type: Option<String>,
        /// The length of the body read, in bytes.
        length: usize,
        /// The start of the reply body, unless it is an HTML page (then empty).
        body: String,
        /// The IP address the request went to, when the base URL names one.
        ip_address: Option<String>,
        /// What the reply carried besides its body (status, request ID, attempts): see
        /// [`Error::metadata`].
        metadata: Option<Box<ResponseMetadata>>,
    },
}

/// `; request ID: {id}` when the reply carried one.
fn meta_note(metadata: Option<&ResponseMetadata>) -> String {
    match metadata.and_then(ResponseMetadata::request_id) {
        Some(id) => format!("; request ID: {id}"),
        None => String::new(),
    }
}

/// `; the server asks to wait {wait} before trying again (Retry-After)` when it did.
fn retry_note(wait: Option<Duration>) -> String {
    match wait {
        Some(wait) => format!(
            "; the server asks to wait {} before trying again (Retry-After)",
            humanize(wait)
        ),
        None => String::new(),
    }
}

fn snippet_suffix(body: &str) -> String {
    let body = body.trim();
    if body.is_empty() {
        String::new()
    } else {
        format!("; reply: {}", escape_controls(body))
    }
}

/// `text` with its control characters (and the Unicode controls that reorder text)
/// escaped, `\n`, `\u{1b}` and so on, so that server text cannot drive a terminal.
pub(crate) fn escape_controls(text: &str) -> Cow<'_, str> {
    fn unsafe_char(c: char) -> bool {
        c.is_control()
            || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    }
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// An error and its causes, `a: b: c`, escaped (a cause repeating the previous one's text
/// is left out).
pub(crate) fn cause_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = vec![error.to_string()];
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if parts.last().is_none_or(|last| !last.contains(&text)) {
            parts.push(text);
        }
        source = cause.source();
    }
    escape_controls(&parts.join(": ")).into_owned()
}

/// Whether an error comes from TLS: a certificate that is not trusted, a failed handshake.
/// Such failures are not retried: trying again gives the same answer.
pub(crate) fn is_tls_failure(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut source = Some(error);
    while let Some(cause) = source {
        if cause.is::<rustls::Error>() {
            return true;
        }
        // `io::Error::source` skips the error it wraps: look at it directly.
        if let Some(io) = cause.downcast_ref::<std::io::Error>()
            && io.get_ref().is_some_and(|inner| is_tls_failure(inner))
        {
            return true;
        }
        source = cause.source();
    }
    false
}

fn profile_note(profile: Option<&str>) -> String {
    match profile {
        Some(profile) => format!(
            "; it was signed with the signing profile {profile}: if the AK, SK and clock are right, the server may \
             expect another profile (`cec doctor` tries each; choose one with --signing-profile, CEC_SIGNING_PROFILE \
             or ClientBuilder::signing_profile)"
        ),
        None => String::new(),
    }
}

fn humanize(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{}s", d.as_secs())
    } else {
        format!("{}ms", d.as_millis())
    }
}

/// The first [`BODY_SNIPPET_LIMIT`] bytes of `body` (on a character boundary when text).
pub(crate) fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(BODY_SNIPPET_LIMIT)]);
    text.trim_end_matches('\u{FFFD}').to_owned()
}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
