//! One exchange with a server: send a generated call, read the reply, check it, and map
//! whatever came back to the crate's result: the decoded reply and its HTTP status, or one
//! typed [`Error`]. Every operation and the token provider go through [`run`].
//!
//! What is checked inside a decoded reply (the business result code of CC-iSales and CC-CMS
//! replies, a usable token) is up to the reply type ([`Reply`]); a call counts as a success,
//! and is logged as one, only once that check passed.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use progenitor_client::ResponseValue;
use serde_json::Value;
use tracing::Instrument;

use crate::auth::SigningProfile;
use crate::error::{Error, Result, ResultCode, snippet};
use crate::transport::{CALL_STATE, CallState, Stop};
use crate::wire::ErrorBody;

/// Which credentials an operation uses, for the hints of authentication errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AuthKind {
    /// The auth-v2 signature (CC-iSales, CC-CMS), under this profile.
    AkSk(SigningProfile),
    /// The bearer token (data-process).
    Bearer,
    /// The app key and secret (the token interface).
    AppCredentials,
}

/// What the exchange needs to know of a reply type.
pub(crate) trait Reply: Sized {
    /// Whether the body may hold a secret (a token). Such a body is never kept, quoted in an
    /// error or logged, whatever the status: errors describe it instead.
    const SECRET: bool = false;

    /// Checks a decoded reply before the call counts as a success (a business result code,
    /// a usable token).
    fn check(&self, _reply: &ReplyInfo) -> Result<()> {
        Ok(())
    }

    /// For a secret reply that is a JSON object but does not decode: which fields are
    /// missing or of the wrong type, never their values.
    fn shape_problem(_object: &serde_json::Map<String, Value>) -> Option<String> {
        None
    }
}

/// What is known of a reply besides its decoded body.
#[derive(Debug, Clone)]
pub(crate) struct ReplyInfo {
    /// The operation (operationId).
    pub(crate) operation: &'static str,
    /// The HTTP status.
    pub(crate) status: u16,
    /// The media type, when it is a well-formed one, of a reply that may hold a secret
    /// ([`Reply::SECRET`]): its errors describe the body by its type and length instead of
    /// quoting it. `None` for other replies (their errors quote the body).
    pub(crate) media_type: Option<String>,
    /// The length of the body, in bytes.
    pub(crate) length: usize,
    /// The media type of the reply, when it is a well-formed one, whatever the reply type
    /// (to tell an HTML page that is not to be quoted).
    pub(crate) any_media_type: Option<String>,
    /// What the reply's `Date` said of this machine's clock (a 401 to a signed request).
    pub(crate) clock_skew: Option<crate::error::ClockSkew>,
    /// The IP address the request went to, when its URL names one (a firewall's hints).
    pub(crate) ip_address: Option<String>,
}

pin_project_lite::pin_project! {
    /// A generated call whose decoded reply (or error) is boxed as soon as it is there: the
    /// replies are large structs (a CDR reply is 656 bytes, progenitor's error 136), and each
    /// layer of futures above would otherwise copy them, several times per poll.
    struct Boxed<F> {
        #[pin]
        send: F,
    }
}

impl<F, T, E> Future for Boxed<F>
where
    F: Future<Output = std::result::Result<ResponseValue<T>, E>>,
{
    type Output = std::result::Result<(u16, Box<T>), Box<E>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.project().send.poll(cx).map(|result| match result {
            Ok(value) => Ok((value.status().as_u16(), Box::new(value.into_inner()))),
            Err(e) => Err(Box::new(e)),
        })
    }
}

/// Runs one generated call in a `cec.call` span, checks the reply ([`Reply::check`]) and
/// turns the outcome into the crate's result: the reply (boxed: see `Boxed`) and its HTTP
/// status. Used by the operations and the token provider.
pub(crate) async fn run<T: Reply>(
    operation: &'static str,
    auth: AuthKind,
    timeout: Duration,
    send: impl Future<
        Output = std::result::Result<ResponseValue<T>, progenitor_client::Error<ErrorBody>>,
    >,
) -> Result<(Box<T>, u16)> {
    let span = tracing::info_span!(
        "cec.call",
        operation,
        status = tracing::field::Empty,
        attempts = tracing::field::Empty,
        duration_ms = tracing::field::Empty,
    );
    // A span no subscriber wants costs nothing as long as nothing enters or records it.
    let traced = !span.is_disabled();
    let started = traced.then(Instant::now);
    let mut scoped =
        std::pin::pin!(CALL_STATE.scope(RefCell::new(CallState::default()), Boxed { send }));
    let result = if traced {
        scoped.as_mut().instrument(span.clone()).await
    } else {
        scoped.as_mut().await
    };
    let mut state = scoped
        .take_value()
        .map(RefCell::into_inner)
        .unwrap_or_default();
    let outcome = match result {
        Ok((status, reply)) => reply
            .check(&reply_info::<T>(operation, status, &state))
            .map(|()| (reply, status)),
        // A reply of an undocumented status is the one error whose body is still to read
        // (at most a snippet of it), by a boxed future: a future held here would be room in
        // the state of every call's future, success or not.
        Err(e) => Err(
            match map_error::<T>(operation, auth, timeout, &mut state, *e) {
                Mapped::Error(error) => error,
                Mapped::ReadBody {
                    status,
                    ip_address,
                    reading,
                } => {
                    let raw = reading.await;
                    let mut info = reply_info::<T>(operation, status, &state);
                    info.ip_address = ip_address;
                    status_error::<T>(&info, auth, &raw)
                }
            },
        ),
    };
    // A server may echo the request it refused: no signature the client sent is quoted.
    let outcome = match (outcome, auth) {
        (Err(error), AuthKind::AkSk(_)) => Err(redact(error, hide_signatures)),
        (outcome, _) => outcome,
    };
    if let Some(started) = started {
        if let Some(status) = state.status {
            span.record("status", status);
        }
        span.record("attempts", state.attempts);
        span.record(
            "duration_ms",
            u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        );
    }
    // At INFO only what cannot hold personal data (bodies may hold phone numbers).
    span.in_scope(|| match &outcome {
        Ok(_) => tracing::info!("call succeeded"),
        Err(e) => {
            tracing::info!(
                error = e.kind(),
                code = e.result_code().map(ResultCode::code),
                "call failed"
            );
            tracing::debug!(error = %e, "call failed");
        }
    });
    outcome
}

include!(concat!(env!("OUT_DIR"), "/status_meanings.rs"));

fn unauthorized_hint(auth: AuthKind) -> &'static str {
    match auth {
        AuthKind::AkSk(_) => {
            "check the AK and SK (CEC_AK, CEC_SK), and this machine's clock: the auth-v2 signature covers the time \
             (see the canonical request with `cec --explain-signature` or RUST_LOG=huawei_cec::signing=debug)"
        }
        AuthKind::Bearer => {
            "the access token was refused even after renewing it: check that the app (CEC_APP_KEY) may use this \
             interface, and your account's status (page: 1. Check whether you have purchased related services. \
             2. Contact customer service to check the status of your account.)"
        }
        AuthKind::AppCredentials => {
            "the token interface refused the app key or app secret (CEC_APP_KEY, CEC_APP_SECRET)"
        }
    }
}

/// What is known of a reply of `status` besides its body.
fn reply_info<T: Reply>(operation: &'static str, status: u16, state: &CallState) -> ReplyInfo {
    let any_media_type = state.media_type();
    ReplyInfo {
        operation,
        status,
        media_type: if T::SECRET {
            any_media_type.clone()
        } else {
            None
        },
        length: state.length,
        any_media_type,
        clock_skew: state.clock_skew,
        ip_address: None,
    }
}

/// What a failed call comes to: its error, or the reading of the start of a reply of an
/// undocumented status, whose error quotes it.
enum Mapped {
    Error(Error),
    ReadBody {
        status: u16,
        ip_address: Option<String>,
        reading: Pin<Box<dyn Future<Output = Vec<u8>> + Send>>,
    },
}

/// The error of a call that failed (for a reply of an undocumented status, once its body is
/// read).
fn map_error<T: Reply>(
    operation: &'static str,
    auth: AuthKind,
    timeout: Duration,
    state: &mut CallState,
    error: progenitor_client::Error<ErrorBody>,
) -> Mapped {
    use progenitor_client::Error as E;
    Mapped::Error(match error {
        E::InvalidRequest(problem) => Error::InvalidInput {
            field: "request",
            problem,
            allowed: "see spec/huawei-cec.yaml",
        },
        E::CommunicationError(e) | E::ResponseBodyError(e) | E::InvalidUpgrade(e) => {
            transport_error(operation, timeout, e)
        }
        E::ErrorResponse(reply) => {
            let info = reply_info::<T>(operation, reply.status().as_u16(), state);
            let raw = serde_json::to_vec(&reply.into_inner()).unwrap_or_default();
            status_error::<T>(&info, auth, &raw)
        }
        E::InvalidResponsePayload(raw, source) => undecodable::<T>(
            &reply_info::<T>(operation, state.status.unwrap_or(200), state),
            auth,
            &raw,
            source,
        ),
        E::UnexpectedResponse(response) if !T::SECRET => {
            return Mapped::ReadBody {
                status: response.status().as_u16(),
                ip_address: ip_address(response.url()),
                reading: Box::pin(read_bounded(response)),
            };
        }
        // Not a byte of a body that may hold a secret.
        E::UnexpectedResponse(response) => {
            let mut info = reply_info::<T>(operation, response.status().as_u16(), state);
            info.ip_address = ip_address(response.url());
            status_error::<T>(&info, auth, b"")
        }
        E::Custom(message) => match state.stop.take() {
            Some(stop) => stop_error(operation, *stop),
            None => Error::Config { message },
        },
    })
}

/// The error of a reply with a status other than success, quoting the start of its body
/// unless the body may hold a secret.
pub(crate) fn status_error<T: Reply>(reply: &ReplyInfo, auth: AuthKind, raw: &[u8]) -> Error {
    let body = if T::SECRET {
        // Its size and type, not a byte of it.
        format!(
            "[body not shown, it may hold a token: {} bytes, {}]",
            reply.length,
            reply.media_type.as_deref().unwrap_or("no content type")
        )
    } else {
        snippet(raw)
    };
    let operation = reply.operation;
    if matches!(reply.status, 403 | 418) {
        // A firewall's page (Huawei's CloudWAF, nginx): explained, never quoted.
        if auth == AuthKind::AppCredentials {
            return Error::TokenForbidden {
                operation,
                status: reply.status,
                content_type: reply.media_type.clone(),
                length: reply.length,
                ip_address: reply.ip_address.clone(),
            };
        }
        let html = crate::error::is_html(reply.any_media_type.as_deref(), raw);
        return Error::Blocked {
            operation,
            status: reply.status,
            content_type: reply.any_media_type.clone(),
            length: reply.length.max(raw.len()),
            body: if html { String::new() } else { body },
            ip_address: reply.ip_address.clone(),
        };
    }
    if reply.status == 401 {
        Error::Unauthorized {
            operation,
            hint: unauthorized_hint(auth),
            signing_profile: match auth {
                AuthKind::AkSk(profile) => Some(profile.to_string()),
                _ => None,
            },
            clock_skew: reply.clock_skew,
            body,
        }
    } else {
        Error::HttpStatus {
            operation,
            status: reply.status,
            meaning: documented_meaning(operation, reply.status),
            body,
        }
    }
}

/// The error of a reply whose body is not the `T` the spec describes.
pub(crate) fn undecodable<T: Reply>(
    reply: &ReplyInfo,
    auth: AuthKind,
    raw: &bytes::Bytes,
    source: serde_json::Error,
) -> Error {
    if !(200..300).contains(&reply.status) {
        return status_error::<T>(reply, auth, raw);
    }
    if T::SECRET {
        return Error::TokenReply {
            operation: reply.operation,
            status: reply.status,
            content_type: reply.media_type.clone(),
            length: raw.len(),
            problem: shape_problem::<T>(raw),
        };
    }
    Error::Decode {
        operation: reply.operation,
        status: reply.status,
        reason: source.to_string(),
        raw: raw[..raw.len().min(crate::error::BODY_SNIPPET_LIMIT)].to_vec(),
        source: Some(source.into()),
    }
}

/// The error of a call the transport stopped.
fn stop_error(operation: &'static str, stop: Stop) -> Error {
    match stop {
        Stop::Redirect { status, location } => Error::Redirect {
            operation,
            status,
            location,
        },
        Stop::RedirectFollowed { location } => Error::RedirectFollowed {
            operation,
            location,
        },
        Stop::TooLarge {
            limit,
            declared,
            decoded,
        } => Error::TooLarge {
            operation,
            limit,
            declared,
            decoded,
        },
        Stop::OutcomeUnknown { cause, source } => Error::OutcomeUnknown {
            operation,
            cause: cause.to_owned(),
            status: None,
            source: source.map(Into::into),
        },
        Stop::OutcomeUnknownStatus { status, cause } => Error::OutcomeUnknown {
            operation,
            cause: cause.to_owned(),
            status: Some(status),
            source: None,
        },
        Stop::Deadline { deadline, attempts } => Error::DeadlineExceeded {
            operation,
            deadline,
            attempts,
        },
        Stop::NoCredentials => Error::Config {
            message: format!("{operation}: no access token to send (nothing was sent)"),
        },
        Stop::Unsignable(e) => Error::Config {
            message: format!("{operation}: the request cannot be signed: {e} (nothing was sent)"),
        },
    }
}

/// What is wrong with a secret reply that does not decode, in words that quote none of it.
fn shape_problem<T: Reply>(raw: &[u8]) -> String {
    if raw.iter().all(u8::is_ascii_whitespace) {
        return "the body is empty".into();
    }
    match serde_json::from_slice::<Value>(raw) {
        Err(e) if e.is_eof() => "the JSON is cut short".into(),
        Err(e) => format!(
            "the body is not JSON (error at line {}, column {})",
            e.line(),
            e.column()
        ),
        Ok(Value::Object(object)) => T::shape_problem(&object)
            .unwrap_or_else(|| "the JSON object does not have the documented form".into()),
        Ok(other) => format!(
            "the body is a JSON {}, not an object",
            match other {
                Value::Null => "null",
                Value::Bool(_) => "boolean",
                Value::Number(_) => "number",
                Value::String(_) => "string",
                _ => "array",
            }
        ),
    }
}

fn transport_error(operation: &'static str, timeout: Duration, e: reqwest::Error) -> Error {
    if e.is_timeout() {
        Error::Timeout { operation, timeout }
    } else if e.is_connect() || (e.is_request() && !e.is_body()) {
        Error::Connect {
            operation,
            source: e.into(),
        }
    } else {
        Error::Transport {
            operation,
            source: e.into(),
        }
    }
}

/// `error` with what `hide` hides in each text it quotes from a reply (a body, a description,
/// a decoding error, which may quote a value): a server may echo the credentials it was
/// sent. A decoding error that quoted a secret loses its source, whose text it was.
pub(crate) fn redact(mut error: Error, hide: impl Fn(&str) -> Option<String>) -> Error {
    let fix = |text: &mut String| {
        if let Some(hidden) = hide(text) {
            *text = hidden;
        }
    };
    match &mut error {
        Error::Unauthorized { body, .. } | Error::HttpStatus { body, .. } => fix(body),
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
        _ => {}
    }
    error
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

/// The IP address a URL names as its host, if it names one.
fn ip_address(url: &reqwest::Url) -> Option<String> {
    // An IPv6 address is written in brackets in a URL.
    let host = url
        .host_str()?
        .trim_start_matches('[')
        .trim_end_matches(']');
    host.parse::<std::net::IpAddr>()
        .ok()
        .map(|ip| ip.to_string())
}

/// Reads at most a snippet's worth of a body.
async fn read_bounded(mut response: reqwest::Response) -> Vec<u8> {
    let mut body = Vec::new();
    while body.len() < crate::error::BODY_SNIPPET_LIMIT {
        match response.chunk().await {
            Ok(Some(chunk)) => body.extend_from_slice(&chunk),
            _ => break,
        }
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

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
            },
            Error::Unauthorized {
                operation: "op",
                hint: "",
                signing_profile: None,
                clock_skew: None,
                body: "a TOK b".into(),
            },
            Error::Api {
                operation: "op",
                code: ResultCode::from_code("1"),
                description: Some("TOK".into()),
                status: 200,
            },
            Error::Decode {
                operation: "op",
                status: 200,
                reason: "invalid type: string \"TOK\"".into(),
                raw: b"{\"x\":\"TOK\"}".to_vec(),
                source: Some(source),
            },
        ];
        for error in errors {
            let error = redact(error, hide);
            let shown = format!("{error} {error:?} {:?}", std::error::Error::source(&error));
            assert!(!shown.contains("TOK"), "{shown}");
        }
    }
}
