//! The one error type of the crate, and the documented business result codes.

use std::fmt;
use std::time::Duration;

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

/// Everything that can go wrong with a call. Its `Display` says what happened and what to
/// check; it never contains a secret key, app secret or token.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A parameter is outside what the interface accepts. Caught before anything was sent.
    #[error("invalid {field}: {problem}; {allowed} (nothing was sent)")]
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
    Config {
        /// What is missing or wrong, and how to provide it.
        message: String,
    },

    /// The server answered with a business failure: a result code other than success
    /// (CC-iSales and CC-CMS report these inside HTTP 200 replies).
    #[error(
        "{operation}: the server reported result code {code}{}; HTTP {status}",
        description.as_deref().map(|d| format!(": \"{d}\"")).unwrap_or_default()
    )]
    Api {
        /// The operation (operationId in the spec).
        operation: &'static str,
        /// The result code, as documented in the pages' tables, or `Unknown`.
        code: ResultCode,
        /// The server's description (`resultDesc`).
        description: Option<String>,
        /// The HTTP status of the reply.
        status: u16,
    },

    /// The server refused the credentials (HTTP 401).
    #[error(
        "{operation}: authentication failed (HTTP 401): {hint}{}{}",
        profile_note(signing_profile.as_deref()),
        snippet_suffix(body)
    )]
    Unauthorized {
        /// The operation.
        operation: &'static str,
        /// What to check.
        hint: &'static str,
        /// The signing profile of the refused `auth-v2` request (as `SigningProfile`
        /// displays it: a preset name or the knob list; it parses back), or `None` for the
        /// other schemes.
        signing_profile: Option<String>,
        /// The start of the reply body.
        body: String,
    },

    /// The server answered with an HTTP status that is not success.
    #[error(
        "{operation}: HTTP {status}{}{}",
        meaning.map(|m| format!(" ({m})")).unwrap_or_default(),
        snippet_suffix(body)
    )]
    HttpStatus {
        /// The operation.
        operation: &'static str,
        /// The HTTP status.
        status: u16,
        /// What the documentation says the status means, if it documents it.
        meaning: Option<&'static str>,
        /// The start of the reply body (at most [`BODY_SNIPPET_LIMIT`] bytes).
        body: String,
    },

    /// No complete reply came within the timeout.
    #[error(
        "{operation}: timed out after {}: check the server address and network, or raise the timeout",
        humanize(*timeout)
    )]
    Timeout {
        /// The operation.
        operation: &'static str,
        /// The timeout of one attempt.
        timeout: Duration,
    },

    /// The connection could not be made, or broke before a reply came.
    #[error(
        "{operation}: connection failed: {source}; check the URL, port, proxy and TLS settings"
    )]
    Connect {
        /// The operation.
        operation: &'static str,
        /// The underlying error.
        #[source]
        source: reqwest::Error,
    },

    /// The reply could not be decoded.
    #[error("{operation}: undecodable reply (HTTP {status}): {reason}{}", snippet_suffix(&String::from_utf8_lossy(raw)))]
    Decode {
        /// The operation.
        operation: &'static str,
        /// The HTTP status of the reply.
        status: u16,
        /// Why it could not be decoded.
        reason: String,
        /// The start of the reply body (at most [`BODY_SNIPPET_LIMIT`] bytes).
        raw: bytes::Bytes,
        /// The JSON error, when the body was not the expected JSON.
        #[source]
        source: Option<serde_json::Error>,
    },

    /// Another transport failure (reading the body, TLS, ...).
    #[error("{operation}: {source}")]
    Transport {
        /// The operation.
        operation: &'static str,
        /// The underlying error.
        #[source]
        source: reqwest::Error,
    },
}

fn snippet_suffix(body: &str) -> String {
    let body = body.trim();
    if body.is_empty() {
        String::new()
    } else {
        format!("; reply: {body}")
    }
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

impl Error {
    /// Whether trying the same call again may succeed: timeouts, connection failures and
    /// HTTP 429, 502, 503, 504 (and 500 from CC-iSales and CC-CMS, where it is not a
    /// documented business failure).
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Timeout { .. } | Self::Connect { .. } => true,
            Self::HttpStatus {
                status, meaning, ..
            } => matches!(status, 429 | 502 | 503 | 504) || (*status == 500 && meaning.is_none()),
            Self::Transport { source, .. } => source.is_body() || source.is_request(),
            _ => false,
        }
    }

    /// The HTTP status of the reply, if one came.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api { status, .. }
            | Self::HttpStatus { status, .. }
            | Self::Decode { status, .. } => Some(*status),
            Self::Unauthorized { .. } => Some(401),
            _ => None,
        }
    }

    /// The business result code, for [`Error::Api`].
    pub fn result_code(&self) -> Option<&ResultCode> {
        match self {
            Self::Api { code, .. } => Some(code),
            _ => None,
        }
    }

    /// The variant's name, e.g. `"Timeout"`: safe to log, unlike the `Display` text, which
    /// may quote a reply body.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::InvalidInput { .. } => "InvalidInput",
            Self::Config { .. } => "Config",
            Self::Api { .. } => "Api",
            Self::Unauthorized { .. } => "Unauthorized",
            Self::HttpStatus { .. } => "HttpStatus",
            Self::Timeout { .. } => "Timeout",
            Self::Connect { .. } => "Connect",
            Self::Decode { .. } => "Decode",
            Self::Transport { .. } => "Transport",
        }
    }

    /// Whether this error was caught before anything was sent.
    pub fn is_invalid_input(&self) -> bool {
        matches!(self, Self::InvalidInput { .. } | Self::Config { .. })
    }
}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
