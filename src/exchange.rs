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
use crate::error::{Error, ReplyHeaders, ResponseMetadata, Result, ResultCode, snippet};
use crate::transport::{CALL_STATE, CallState, Stop};
use crate::wire::ErrorBody;

mod redact;

pub(crate) use redact::{hide_signatures, redact, redact_metadata};

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

    /// What a call returns of a reply that passed its checks: its payload.
    type Output;

    /// Checks a decoded reply before the call counts as a success (a business result code,
    /// a usable token, a payload where one is due), and takes out what the call returns.
    fn into_output(self: Box<Self>, reply: &ReplyInfo) -> Result<Self::Output>;

    /// The business result code and description a reply carried (CC-iSales, CC-CMS), for
    /// its metadata.
    fn result(&self) -> (Option<&str>, Option<&str>) {
        (None, None)
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
    /// The wait the reply's `Retry-After` asked for, when it had a usable one.
    pub(crate) retry_after: Option<Duration>,
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

/// What a call is, for [`run`]: its operation, its credentials (for the hints of its
/// errors), the client's attempt timeout (for a timeout's error), and whether the caller
/// wants the reply's metadata on a success (an error always carries it).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Call {
    pub(crate) operation: &'static str,
    pub(crate) auth: AuthKind,
    pub(crate) timeout: Duration,
    pub(crate) metadata: bool,
}

/// Runs one generated call in a `cec.call` span, checks the reply and takes out its payload
/// ([`Reply::into_output`]), and turns the outcome into the crate's result: the payload, and
/// the reply's metadata when asked for. An error carries the metadata of the reply it came
/// from ([`Error::metadata`]). Used by the operations and the token provider.
pub(crate) async fn run<T: Reply>(
    call: Call,
    send: impl Future<
        Output = std::result::Result<ResponseValue<T>, progenitor_client::Error<ErrorBody>>,
    >,
) -> Result<(T::Output, Option<ResponseMetadata>)> {
    let Call {
        operation,
        auth,
        timeout,
        metadata,
    } = call;
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
        Ok((status, reply)) => {
            let (code, description) = reply.result();
            let metadata = metadata
                .then(|| reply_metadata(operation, status, &state).with_result(code, description));
            reply
                .into_output(&reply_info::<T>(operation, status, &state))
                .map(|output| (output, metadata))
        }
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
                    status_error::<T>(&info, auth, &raw, None)
                }
            },
        ),
    };
    // What the reply carried, on the error that came of it.
    let outcome = outcome.map_err(|mut error| {
        attach_metadata(&mut error, operation, &state);
        error
    });
    // A server may echo the request it refused (or answered, in a header the metadata
    // keeps): no signature the client sent is quoted.
    let outcome = match (outcome, auth) {
        (Err(error), AuthKind::AkSk(_)) => Err(redact(error, hide_signatures)),
        (Ok((output, Some(mut metadata))), AuthKind::AkSk(_)) => {
            redact_metadata(&mut metadata, hide_signatures);
            Ok((output, Some(metadata)))
        }
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
    // A success at DEBUG (a library's calls are its caller's business); a failure at INFO,
    // with only what cannot hold personal data (bodies may hold phone numbers).
    span.in_scope(|| match &outcome {
        Ok(_) => tracing::debug!("call succeeded"),
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

/// The metadata of the reply of `status` the transport saw last.
fn reply_metadata(operation: &'static str, status: u16, state: &CallState) -> ResponseMetadata {
    ResponseMetadata::new(operation, status, state.attempts).with_headers(state.headers.as_deref())
}

/// Gives an error that came of a reply the metadata of that reply (a business failure its
/// result code too).
fn attach_metadata(error: &mut Error, operation: &'static str, state: &CallState) {
    let Some(status) = error.status().or(state.status) else {
        return;
    };
    let mut metadata = reply_metadata(operation, status, state);
    if let Error::Api {
        code, description, ..
    } = error
    {
        metadata = metadata.with_result(Some(code.code()), description.as_deref());
    }
    if let Some(slot) = error.metadata_mut()
        && slot.is_none()
    {
        *slot = Some(Box::new(metadata));
    }
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
        retry_after: state.headers.as_deref().and_then(ReplyHeaders::retry_after),
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
            let body = reply.into_inner().0;
            let raw = serde_json::to_vec(&body).unwrap_or_default();
            // A secret reply's body is not kept, decoded or not.
            let json = (!T::SECRET).then(|| Box::new(Value::Object(body)));
            status_error::<T>(&info, auth, &raw, json)
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
            status_error::<T>(&info, auth, b"", None)
        }
        E::Custom(message) => match state.stop.take() {
            Some(stop) => stop_error(operation, *stop),
            None => Error::Config { message },
        },
    })
}

/// The error of a reply with a status other than success, quoting the start of its body
/// unless the body may hold a secret, and keeping it decoded (`json`) when it was the JSON
/// object the spec declares.
pub(crate) fn status_error<T: Reply>(
    reply: &ReplyInfo,
    auth: AuthKind,
    raw: &[u8],
    json: Option<Box<Value>>,
) -> Error {
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
                metadata: None,
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
            metadata: None,
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
            metadata: None,
            json,
        }
    } else {
        Error::HttpStatus {
            operation,
            status: reply.status,
            meaning: documented_meaning(operation, reply.status),
            body,
            metadata: None,
            retry_after: reply.retry_after,
            json,
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
        return status_error::<T>(reply, auth, raw, None);
    }
    if T::SECRET {
        return Error::TokenReply {
            operation: reply.operation,
            status: reply.status,
            content_type: reply.media_type.clone(),
            length: raw.len(),
            problem: shape_problem::<T>(raw),
            metadata: None,
        };
    }
    Error::Decode {
        operation: reply.operation,
        status: reply.status,
        reason: source.to_string(),
        raw: raw[..raw.len().min(crate::error::BODY_SNIPPET_LIMIT)].to_vec(),
        source: Some(source.into()),
        metadata: None,
    }
}

/// The error of a call the transport stopped.
fn stop_error(operation: &'static str, stop: Stop) -> Error {
    match stop {
        Stop::Redirect { status, location } => Error::Redirect {
            operation,
            status,
            location,
            metadata: None,
        },
        Stop::RedirectFollowed { location } => Error::RedirectFollowed {
            operation,
            location,
            metadata: None,
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
            metadata: None,
        },
        Stop::OutcomeUnknown { cause, source } => Error::OutcomeUnknown {
            operation,
            cause: cause.to_owned(),
            status: None,
            source: source.map(Into::into),
            metadata: None,
        },
        Stop::OutcomeUnknownStatus { status, cause } => Error::OutcomeUnknown {
            operation,
            cause: cause.to_owned(),
            status: Some(status),
            source: None,
            metadata: None,
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
