//! What every request passes through on its way out: the hooks of the generated clients.
//!
//! The generated clients' hooks (in `generated.rs`) call in here: `pre` puts the
//! request in the documented form (`Transport::prepare`), and `exec` runs the attempts
//! (`Transport::execute`): each attempt is authorized anew (a fresh `auth-v2` timestamp
//! and signature, or the current bearer token), waits for a free place among the
//! connections in flight to its host, reads the reply whole within the size limit, refuses
//! redirects, and is retried with exponential backoff and full jitter when that is safe,
//! all within the call's deadline.
//!
//! This module knows nothing of the generated clients, of the operations, or of how tokens
//! are obtained: a bearer token comes from whatever implements `BearerToken`.

use std::cell::RefCell;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use chrono::{DateTime, Utc};
use progenitor_client::OperationInfo;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderName, HeaderValue};
use tokio::sync::Semaphore;
use tokio::time::Instant;

use crate::auth::Signer;

mod budget;
mod reply;
mod retry;

#[cfg(test)]
pub(crate) use budget::OBJECT_COST;
pub use reply::{DEFAULT_MAX_RESPONSE_BYTES, ERROR_BODY_LIMIT};
pub(crate) use reply::{Stop, media_type};
pub use retry::{DEFAULT_MAX_RETRY_AFTER, RetryPolicy};
use retry::{Failed, RetryAfter};

/// The default cap on requests in flight to one host (and so on its connections).
pub const DEFAULT_MAX_IN_FLIGHT_PER_HOST: usize = 64;

/// The `Content-Type` the CC-iSales and CC-CMS pages prescribe for every request, GETs
/// included (it is signed).
pub const CONTENT_TYPE_JSON_UTF8: &str = "application/json; charset=UTF-8";

/// The one operation that changes data: retried only when it provably was not sent.
const NON_IDEMPOTENT: &[&str] = &["update_reserved_call_result"];

/// The source of the time in signatures. Tests and simulations of clock skew replace it.
#[derive(Clone)]
pub struct Clock(Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>);

impl Clock {
    /// A clock from a function.
    pub fn new(now: impl Fn() -> DateTime<Utc> + Send + Sync + 'static) -> Self {
        Self(Arc::new(now))
    }

    /// The system clock shifted by `offset` (negative: behind).
    pub fn offset(offset: chrono::Duration) -> Self {
        Self::new(move || Utc::now() + offset)
    }

    /// The current time.
    pub fn now(&self) -> DateTime<Utc> {
        (self.0)()
    }
}

impl Default for Clock {
    fn default() -> Self {
        Self::new(Utc::now)
    }
}

impl fmt::Debug for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Clock")
    }
}

/// The source of the bearer token of each attempt (the token provider).
pub(crate) trait BearerToken: Send + Sync + fmt::Debug {
    /// `Bearer {token}` for the current token, marked sensitive; `None` before the first
    /// token was obtained.
    fn authorization(&self) -> Option<HeaderValue>;
}

/// How the requests of a generated client are authorized.
#[derive(Debug, Clone, Default)]
pub(crate) enum Auth {
    /// Nothing (the token interface).
    #[default]
    None,
    /// `auth-v2` signatures (CC-iSales, CC-CMS).
    AkSk(Arc<Signer>),
    /// Bearer tokens (data-process).
    Bearer(Arc<dyn BearerToken>),
}

/// The bounds of every call: reply size, deadline, and requests in flight to the host.
#[derive(Debug, Clone)]
pub(crate) struct Limits {
    /// The most bytes a reply body may have.
    pub(crate) max_response_bytes: u64,
    /// The time allowed for all attempts of a call and the waits between them.
    pub(crate) deadline: Option<Duration>,
    /// Places for requests in flight to this client's host, shared by every client of the
    /// same host.
    pub(crate) in_flight: Arc<Semaphore>,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            deadline: None,
            in_flight: Arc::new(Semaphore::new(DEFAULT_MAX_IN_FLIGHT_PER_HOST)),
        }
    }
}

/// Per-client state of the generated clients' hooks: authorization, retries, clock, limits,
/// and the headers added to every request.
#[derive(Debug, Clone, Default)]
pub struct Transport {
    pub(crate) auth: Auth,
    pub(crate) retry: RetryPolicy,
    pub(crate) clock: Clock,
    pub(crate) extra_headers: Vec<(HeaderName, HeaderValue)>,
    /// Whether a 500 is a server fault worth retrying (not for the data-process interface,
    /// which documents 500 as a business failure).
    pub(crate) retry_500: bool,
    pub(crate) limits: Limits,
}

impl Transport {
    /// A transport that sends requests unsigned, with the given retry policy.
    pub fn unsigned(retry: RetryPolicy) -> Self {
        Self {
            retry,
            ..Self::default()
        }
    }
}

/// What the transport tells the exchange about the call in progress: the last reply's
/// status, media type and length, how many attempts were made, and why it stopped, if it
/// stopped the call itself.
#[derive(Debug, Default)]
pub(crate) struct CallState {
    pub(crate) status: Option<u16>,
    pub(crate) media_type: Option<String>,
    pub(crate) length: usize,
    pub(crate) attempts: u32,
    pub(crate) stop: Option<Stop>,
}

tokio::task_local! {
    /// The state of the call in progress (set by `exchange`; the generated code forgets the
    /// status when a body cannot be decoded).
    pub(crate) static CALL_STATE: RefCell<CallState>;
}

fn with_state(f: impl FnOnce(&mut CallState)) {
    let _ = CALL_STATE.try_with(|state| f(&mut state.borrow_mut()));
}

/// Marks a reply that stands for a call the transport stopped: the generated clients'
/// `post` hook turns it into an error before anything reads it.
#[derive(Debug, Clone)]
pub(crate) struct Stopped(pub(crate) String);

impl Stopped {
    /// The message of a stopped call, when `result` stands for one.
    pub(crate) fn of(result: &reqwest::Result<reqwest::Response>) -> Option<&str> {
        let response = result.as_ref().ok()?;
        response.extensions().get::<Stopped>().map(|s| s.0.as_str())
    }
}

/// The reply handed on for a stopped call: empty, marked, its reason kept in the call state.
fn stopped(stop: Stop) -> reqwest::Result<reqwest::Response> {
    let mut response = http::Response::new(bytes::Bytes::new());
    response.extensions_mut().insert(Stopped(stop.to_string()));
    with_state(|state| state.stop = Some(stop));
    Ok(reqwest::Response::from(response))
}

/// How one attempt ended.
enum Attempt {
    Reply(reqwest::Response),
    /// No reply (the connection, the request, or the reply's head failed).
    Failed(reqwest::Error),
    /// The reply's body broke off (a timeout or a lost connection).
    BodyBroken(reqwest::Error),
    Refused(Stop),
    /// The deadline passed; `sent` when the request may have gone out.
    Deadline {
        sent: bool,
    },
}

impl Transport {
    /// Puts a request in the form the pages document: the prescribed `Content-Type` on every
    /// request to a `signed_service` (CC-iSales and CC-CMS). (The `api-version` header
    /// progenitor would add, which the pages do not know, is taken out of the generated code
    /// by `build.rs`.)
    pub(crate) fn prepare(&self, request: &mut reqwest::Request, signed_service: bool) {
        if signed_service {
            request.headers_mut().insert(
                CONTENT_TYPE,
                HeaderValue::from_static(CONTENT_TYPE_JSON_UTF8),
            );
        }
    }

    /// Adds the extra headers and the credentials of one attempt; `false` when there are
    /// no credentials to send (then nothing is sent).
    fn authorize(&self, request: &mut reqwest::Request) -> bool {
        for (name, value) in &self.extra_headers {
            if !request.headers().contains_key(name) {
                request.headers_mut().insert(name.clone(), value.clone());
            }
        }
        match &self.auth {
            Auth::None => true,
            Auth::AkSk(signer) => {
                signer.sign_request(request, self.clock.now());
                true
            }
            Auth::Bearer(provider) => match provider.authorization() {
                Some(value) => {
                    request.headers_mut().insert(AUTHORIZATION, value);
                    true
                }
                None => false,
            },
        }
    }

    /// One attempt: a place among the requests in flight to the host, the request, and its
    /// reply read whole, all before `deadline`.
    async fn attempt(
        &self,
        client: &reqwest::Client,
        request: reqwest::Request,
        deadline: Option<Instant>,
    ) -> Attempt {
        let within = |deadline: Option<Instant>| async move {
            match deadline {
                Some(at) => tokio::time::sleep_until(at).await,
                None => std::future::pending().await,
            }
        };
        let permit = tokio::select! {
            permit = self.limits.in_flight.acquire() => permit,
            () = within(deadline) => return Attempt::Deadline { sent: false },
        };
        let Ok(_permit) = permit else {
            // The semaphore is never closed.
            return Attempt::Deadline { sent: false };
        };
        let exchange = async {
            let response = match client.execute(request).await {
                Ok(response) => response,
                Err(e) => return Attempt::Failed(e),
            };
            let status = response.status().as_u16();
            let media_type = reply::media_type(response.headers());
            match reply::read(response, self.limits.max_response_bytes).await {
                reply::Read::Whole(response, length) => {
                    with_state(|state| {
                        state.status = Some(status);
                        state.media_type = media_type;
                        state.length = length;
                    });
                    Attempt::Reply(response)
                }
                reply::Read::Refused(stop) => {
                    with_state(|state| state.status = Some(status));
                    Attempt::Refused(stop)
                }
                reply::Read::Broken(e) => Attempt::BodyBroken(e),
            }
        };
        tokio::select! {
            outcome = exchange => outcome,
            () = within(deadline) => Attempt::Deadline { sent: true },
        }
    }

    /// Sends `request`, authorizing every attempt anew and retrying as the policy allows.
    pub(crate) async fn execute(
        &self,
        client: &reqwest::Client,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        let idempotent = !NON_IDEMPOTENT.contains(&info.operation_id);
        let deadline = self
            .limits
            .deadline
            .and_then(|d| Instant::now().checked_add(d));
        let mut original = Some(request);
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            with_state(|state| {
                // What is known of this attempt's reply, once it comes.
                *state = CallState {
                    attempts: attempt,
                    ..CallState::default()
                };
            });
            // A copy only while another attempt may follow; the last allowed attempt (or a
            // body that cannot be copied) sends the original.
            let copy = if attempt <= self.retry.max_retries {
                original.as_ref().and_then(reqwest::Request::try_clone)
            } else {
                None
            };
            let last = copy.is_none();
            let Some(mut this) = copy.or_else(|| original.take()) else {
                unreachable!("the original request is sent only by the last attempt");
            };
            if !self.authorize(&mut this) {
                return stopped(Stop::NoCredentials);
            }
            let started = Instant::now();
            let (reason, retry_after, outcome) = match self.attempt(client, this, deadline).await {
                Attempt::Reply(response) => {
                    let reason =
                        retry::status_reason(response.status(), idempotent, self.retry_500);
                    let after = retry::retry_after(response.headers(), SystemTime::now());
                    (reason, after, Ok(response))
                }
                Attempt::BodyBroken(error) => match retry::body_broken(&error, idempotent) {
                    Failed::Retry(reason) => (Some(reason), None, Err(error)),
                    Failed::OutcomeUnknown(_) | Failed::Final => {
                        return stopped(Stop::OutcomeUnknown {
                            cause: "its reply broke off",
                            source: Some(error),
                        });
                    }
                },
                Attempt::Failed(error) => match retry::classify(&error, idempotent) {
                    Failed::Retry(reason) => (Some(reason), None, Err(error)),
                    Failed::Final => return Err(error),
                    Failed::OutcomeUnknown(cause) => {
                        return stopped(Stop::OutcomeUnknown {
                            cause,
                            source: Some(error),
                        });
                    }
                },
                Attempt::Refused(stop) => return stopped(stop),
                Attempt::Deadline { sent } if sent && !idempotent => {
                    return stopped(Stop::OutcomeUnknown {
                        cause: "the deadline passed before the reply came",
                        source: None,
                    });
                }
                Attempt::Deadline { .. } => {
                    return stopped(Stop::Deadline {
                        deadline: self.limits.deadline.unwrap_or_default(),
                        attempts: attempt,
                    });
                }
            };
            let Some(reason) = reason else {
                return outcome;
            };
            if last {
                return outcome;
            }
            let wait = match retry_after {
                Some(RetryAfter::Wait(wait)) if wait <= self.retry.max_retry_after => {
                    tracing::info!(
                        operation = info.operation_id,
                        attempt,
                        reason,
                        wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                        "waiting as the server's Retry-After asks before trying again"
                    );
                    wait
                }
                Some(_) => {
                    tracing::info!(
                        operation = info.operation_id,
                        attempt,
                        reason,
                        max_retry_after_ms = u64::try_from(self.retry.max_retry_after.as_millis())
                            .unwrap_or(u64::MAX),
                        "not retrying: the server's Retry-After asks for a longer wait than allowed"
                    );
                    return outcome;
                }
                None => self.retry.backoff(attempt),
            };
            if deadline.is_some_and(|at| Instant::now().checked_add(wait).is_none_or(|t| t >= at)) {
                tracing::debug!(
                    operation = info.operation_id,
                    attempt,
                    reason,
                    "not retrying: the next attempt would start after the deadline"
                );
                return outcome;
            }
            tracing::debug!(
                operation = info.operation_id,
                attempt,
                reason,
                elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
                wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                "retrying"
            );
            drop(outcome);
            tokio::time::sleep(wait).await;
        }
    }
}
