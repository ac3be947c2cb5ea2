//! One exchange with a server: send a generated call, read the reply, and map whatever
//! came back to the crate's result: the decoded reply and its HTTP status, or one typed
//! [`Error`]. Every operation and the token provider go through [`run`].
//!
//! Business failures inside HTTP 200 replies are not seen here: the operations check the
//! result codes of their replies ([`crate::client`]).

use std::future::Future;
use std::time::{Duration, Instant};

use progenitor_client::ResponseValue;
use tracing::Instrument;

use crate::auth::SigningProfile;
use crate::error::{Error, Result, ResultCode, snippet};
use crate::transport::CALL_STATE;
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

/// Runs one generated call in a `cec.call` span and turns its outcome into the crate's
/// result, with the HTTP status. Used by the operations and the token provider.
pub(crate) async fn run<T>(
    operation: &'static str,
    auth: AuthKind,
    timeout: Duration,
    send: impl Future<
        Output = std::result::Result<ResponseValue<T>, progenitor_client::Error<ErrorBody>>,
    >,
) -> Result<(T, u16)> {
    let span = tracing::info_span!(
        "cec.call",
        operation,
        status = tracing::field::Empty,
        attempts = tracing::field::Empty,
        duration_ms = tracing::field::Empty,
    );
    let started = Instant::now();
    let scoped = CALL_STATE.scope(std::cell::Cell::new((None, 0)), async {
        let result = send.await;
        (result, CALL_STATE.with(|s| s.get()))
    });
    // A span no subscriber wants costs nothing as long as nothing enters or records it.
    let traced = !span.is_disabled();
    let (result, (last_status, attempts)) = if traced {
        scoped.instrument(span.clone()).await
    } else {
        scoped.await
    };
    let outcome = match result {
        Ok(value) => {
            let status = value.status().as_u16();
            Ok((value.into_inner(), status))
        }
        Err(e) => Err(map_error(operation, auth, timeout, last_status, e).await),
    };
    if traced {
        if let Some(status) = last_status {
            span.record("status", status);
        }
        span.record("attempts", attempts);
        span.record("duration_ms", started.elapsed().as_millis() as u64);
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

async fn map_error(
    operation: &'static str,
    auth: AuthKind,
    timeout: Duration,
    last_status: Option<u16>,
    error: progenitor_client::Error<ErrorBody>,
) -> Error {
    use progenitor_client::Error as E;
    let status_error = |status: u16, body: String| {
        if status == 401 {
            Error::Unauthorized {
                operation,
                hint: unauthorized_hint(auth),
                signing_profile: match auth {
                    AuthKind::AkSk(profile) => Some(profile.to_string()),
                    _ => None,
                },
                body,
            }
        } else {
            Error::HttpStatus {
                operation,
                status,
                meaning: documented_meaning(operation, status),
                body,
            }
        }
    };
    match error {
        E::InvalidRequest(problem) => Error::InvalidInput {
            field: "request",
            problem,
            allowed: "see spec/huawei-cec.yaml",
        },
        E::CommunicationError(e) | E::ResponseBodyError(e) | E::InvalidUpgrade(e) => {
            transport_error(operation, timeout, e)
        }
        E::ErrorResponse(reply) => {
            let status = reply.status().as_u16();
            status_error(
                status,
                snippet(&serde_json::to_vec(&reply.into_inner()).unwrap_or_default()),
            )
        }
        E::InvalidResponsePayload(raw, source) => match last_status {
            Some(status) if !(200..300).contains(&status) => status_error(status, snippet(&raw)),
            status => Error::Decode {
                operation,
                status: status.unwrap_or(200),
                reason: source.to_string(),
                raw: raw.slice(..raw.len().min(crate::error::BODY_SNIPPET_LIMIT)),
                source: Some(source),
            },
        },
        E::UnexpectedResponse(response) => {
            let status = response.status().as_u16();
            let body = read_bounded(response).await;
            status_error(status, snippet(&body))
        }
        E::Custom(message) => Error::Config { message },
    }
}

fn transport_error(operation: &'static str, timeout: Duration, e: reqwest::Error) -> Error {
    if e.is_timeout() {
        Error::Timeout { operation, timeout }
    } else if e.is_connect() || (e.is_request() && !e.is_body()) {
        Error::Connect {
            operation,
            source: e,
        }
    } else {
        Error::Transport {
            operation,
            source: e,
        }
    }
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
