//! What a program asks of an [`Error`]: whether to retry, the status, the result code, the
//! reply's metadata.

use std::time::Duration;

use super::{ClockSkew, Error, ResponseMetadata, ResultCode, is_tls_failure, named_parameter};

impl Error {
    /// Whether trying the same call again may succeed: timeouts, connection failures (TLS
    /// certificate failures aside), a passed deadline, and HTTP 429, 502, 503, 504 (and 500
    /// from CC-iSales and CC-CMS, where it is not a documented business failure). Never
    /// [`Error::OutcomeUnknown`]: the call may have been applied.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Timeout { .. } | Self::DeadlineExceeded { .. } => true,
            Self::Connect { source, .. } => !is_tls_failure(&**source),
            Self::HttpStatus {
                status, meaning, ..
            } => matches!(status, 429 | 502 | 503 | 504) || (*status == 500 && meaning.is_none()),
            Self::Transport { source, .. } => {
                let builder = source
                    .downcast_ref::<reqwest::Error>()
                    .is_some_and(reqwest::Error::is_builder);
                !builder && !is_tls_failure(&**source)
            }
            _ => false,
        }
    }

    /// The HTTP status of the reply, if one came.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api { status, .. }
            | Self::HttpStatus { status, .. }
            | Self::Decode { status, .. }
            | Self::Redirect { status, .. }
            | Self::TokenReply { status, .. }
            | Self::TokenForbidden { status, .. }
            | Self::Blocked { status, .. } => Some(*status),
            Self::Unauthorized { .. } => Some(401),
            Self::OutcomeUnknown { status, .. } => *status,
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
            Self::Redirect { .. } => "Redirect",
            Self::RedirectFollowed { .. } => "RedirectFollowed",
            Self::TooLarge { .. } => "TooLarge",
            Self::OutcomeUnknown { .. } => "OutcomeUnknown",
            Self::DeadlineExceeded { .. } => "DeadlineExceeded",
            Self::TokenReply { .. } => "TokenReply",
            Self::TokenForbidden { .. } => "TokenForbidden",
            Self::Blocked { .. } => "Blocked",
        }
    }

    /// The parameter a business failure ([`Error::Api`]) names as missing or invalid, when
    /// its description names one in quotes, as CC-CMS does:
    /// `0100002: Invalid param, must have parameter: 'isCallIn'` gives `isCallIn`.
    pub fn parameter(&self) -> Option<&str> {
        match self {
            Self::Api {
                description: Some(description),
                ..
            } => named_parameter(description),
            _ => None,
        }
    }

    /// What the refused request's `Date` header said of this machine's clock, for an
    /// [`Error::Unauthorized`] whose reply showed it off.
    pub fn clock_skew(&self) -> Option<&ClockSkew> {
        match self {
            Self::Unauthorized { clock_skew, .. } => clock_skew.as_ref(),
            _ => None,
        }
    }

    /// Whether this is [`Error::InvalidInput`]: a parameter the interface does not accept,
    /// caught before anything was sent. (Not [`Error::Config`], a client that is not
    /// configured for the call, which is also caught before sending.)
    pub fn is_invalid_input(&self) -> bool {
        matches!(self, Self::InvalidInput { .. })
    }

    /// What the reply carried besides its body, when a reply came: its status, the request
    /// or trace ID a server or gateway gave it (quote it in a support ticket), the wait a
    /// `Retry-After` asked for, how many attempts the call took. `None` for the errors of
    /// calls that got no reply (or were never sent).
    pub fn metadata(&self) -> Option<&ResponseMetadata> {
        match self {
            Self::Api { metadata, .. }
            | Self::Unauthorized { metadata, .. }
            | Self::HttpStatus { metadata, .. }
            | Self::Decode { metadata, .. }
            | Self::Redirect { metadata, .. }
            | Self::RedirectFollowed { metadata, .. }
            | Self::TooLarge { metadata, .. }
            | Self::OutcomeUnknown { metadata, .. }
            | Self::TokenReply { metadata, .. }
            | Self::TokenForbidden { metadata, .. }
            | Self::Blocked { metadata, .. } => metadata.as_deref(),
            _ => None,
        }
    }

    /// The request or trace ID the reply carried ([`ResponseMetadata::request_id`]), as
    /// aws-sdk-rust's `request_id()`.
    pub fn request_id(&self) -> Option<&str> {
        self.metadata().and_then(ResponseMetadata::request_id)
    }

    /// The wait the reply's `Retry-After` asked for, when it had a usable one (an
    /// [`Error::HttpStatus`] 429 or 503, usually).
    pub fn retry_after(&self) -> Option<Duration> {
        self.metadata().and_then(ResponseMetadata::retry_after)
    }

    /// The metadata slot of a variant that carries one (for `exchange` to fill).
    pub(crate) fn metadata_mut(&mut self) -> Option<&mut Option<Box<ResponseMetadata>>> {
        match self {
            Self::Api { metadata, .. }
            | Self::Unauthorized { metadata, .. }
            | Self::HttpStatus { metadata, .. }
            | Self::Decode { metadata, .. }
            | Self::Redirect { metadata, .. }
            | Self::RedirectFollowed { metadata, .. }
            | Self::TooLarge { metadata, .. }
            | Self::OutcomeUnknown { metadata, .. }
            | Self::TokenReply { metadata, .. }
            | Self::TokenForbidden { metadata, .. }
            | Self::Blocked { metadata, .. } => Some(metadata),
            _ => None,
        }
    }
}
