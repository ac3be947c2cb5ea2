//! What every request passes through on its way out: the hooks of the generated clients.
//!
//! The generated clients' hooks (in `generated.rs`) call in here: `pre` puts the
//! request in the documented form (`Transport::prepare`), and `exec` runs the attempts
//! (`Transport::execute`): each attempt waits for a free place among the connections in
//! flight to its host, is authorized anew (a fresh `auth-v2` timestamp and signature, or
//! the current bearer token), reads the reply whole within the size limit, refuses
//! redirects, and is retried with exponential backoff and full jitter when that is safe,
//! all within the call's deadline.
//!
//! This module knows nothing of the generated clients, of the operations, or of how tokens
//! are obtained: a bearer token comes from whatever implements `BearerToken`.

use std::cell::RefCell;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime};

use chrono::{DateTime, Utc};
use progenitor_client::OperationInfo;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderName, HeaderValue};
use tokio::sync::Semaphore;
use tokio::time::Instant;

use crate::auth::Signer;

mod budget;
mod recording;
mod reply;
mod retry;
mod skew;

#[cfg(test)]
pub(crate) use budget::OBJECT_COST;
pub use reply::{DEFAULT_MAX_RESPONSE_BYTES, ERROR_BODY_LIMIT};
pub(crate) use reply::{Stop, media_type};
pub use retry::{DEFAULT_MAX_RETRY_AFTER, RetryPolicy};
use retry::{Failed, RetryAfter};
pub(crate) use skew::ServerClock;
pub use skew::{CLOCK_SKEW_THRESHOLD, MAX_CLOCK_SKEW_CORRECTED};

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
    /// The time allowed for one attempt, set on each request.
    pub(crate) attempt_timeout: Option<Duration>,
    /// Whether the HTTP client was given by the user, and so may follow redirects: then
    /// each reply's URL is checked against the request's.
    pub(crate) given_client: bool,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            deadline: None,
            in_flight: Arc::new(Semaphore::new(DEFAULT_MAX_IN_FLIGHT_PER_HOST)),
            attempt_timeout: None,
            // A transport made outside the builder may be used with any client: check.
            given_client: true,
        }
    }
}

/// Per-client state of the generated clients' hooks: authorization, retries, clock, limits,
/// and the headers added to every request. Not part of the API (the generated clients are
/// not): public only for the crate's own tests, through `__private`.
#[doc(hidden)]
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
    /// The server's clock, as its 401 replies told it (`skew`).
    pub(crate) server_clock: ServerClock,
    /// Where every attempt is recorded, if anywhere.
    pub(crate) recorder: Option<crate::record::Recorder>,
}

/// What the transport tells the exchange about the call in progress: the last reply's
/// status, media type and length, how many attempts were made, and why it stopped, if it
/// stopped the call itself.
///
/// Small on purpose (the reason to stop is boxed, and rare): the task-local holding it is
/// moved in and out at every poll of the call.
#[derive(Debug, Default)]
pub(crate) struct CallState {
    pub(crate) status: Option<u16>,
    /// The reply's `Content-Type`, as it came: the media type is read from it only for the
    /// errors that need it ([`CallState::media_type`]).
    pub(crate) content_type: Option<HeaderValue>,
    pub(crate) length: usize,
    pub(crate) attempts: u32,
    pub(crate) stop: Option<Box<Stop>>,
    /// What the last 401's `Date` said of this machine's clock (`skew`).
    pub(crate) clock_skew: Option<crate::error::ClockSkew>,
    /// Whether this call was already signed anew for clock skew (kept across attempts).
    pub(crate) skew_retried: bool,
    /// The reply's headers a [`crate::error::ResponseMetadata`] keeps (a request ID,
    /// `Retry-After`), when it had any.
    pub(crate) headers: Option<Box<crate::error::ReplyHeaders>>,
}

impl CallState {
    /// The media type of the last reply, when it is a well-formed one.
    pub(crate) fn media_type(&self) -> Option<String> {
        self.content_type.as_ref().and_then(reply::media_type_of)
    }
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
    with_state(|state| state.stop = Some(Box::new(stop)));
    Ok(reqwest::Response::from(response))
}

pin_project_lite::pin_project! {
    /// A future's output, unless a deadline passes first ([`before`]).
    struct Before<F> {
        #[pin]
        future: F,
        #[pin]
        expiry: Option<tokio::time::Sleep>,
    }
}

impl<F: Future> Future for Before<F> {
    type Output = Option<F::Output>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        if let Poll::Ready(output) = this.future.poll(cx) {
            return Poll::Ready(Some(output));
        }
        match this.expiry.as_pin_mut() {
            Some(expiry) => expiry.poll(cx).map(|()| None),
            None => Poll::Pending,
        }
    }
}

/// `future`'s output, or `None` if `deadline` passes first. A future of its own rather than
/// an `async fn` (which would hold `future` twice) or a `select!`.
fn before<F: Future>(deadline: Option<Instant>, future: F) -> Before<F> {
    Before {
        future,
        expiry: deadline.map(tokio::time::sleep_until),
    }
}

/// What is known of an attempt when deciding what follows it.
struct Tried {
    attempt: u32,
    idempotent: bool,
    deadline: Option<Instant>,
    started: Instant,
    operation: &'static str,
}

/// What follows an attempt.
enum Next {
    /// The call's result.
    Done(reqwest::Result<reqwest::Response>),
    /// Another attempt, after this wait.
    Wait(Duration),
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
    /// by `build.rs`.) Also sets the time allowed for each attempt.
    pub(crate) fn prepare(&self, request: &mut reqwest::Request, signed_service: bool) {
        if self.limits.attempt_timeout.is_some() {
            *request.timeout_mut() = self.limits.attempt_timeout;
        }
        if signed_service {
            request.headers_mut().insert(
                CONTENT_TYPE,
                HeaderValue::from_static(CONTENT_TYPE_JSON_UTF8),
            );
        }
    }

    /// Adds the extra headers and the credentials of one attempt; why not when there are
    /// no credentials to send or the request cannot be signed (then nothing is sent).
    fn authorize(&self, request: &mut reqwest::Request) -> Result<(), Stop> {
        for (name, value) in &self.extra_headers {
            if !request.headers().contains_key(name) {
                request.headers_mut().insert(name.clone(), value.clone());
            }
        }
        match &self.auth {
            Auth::None => Ok(()),
            Auth::AkSk(signer) => {
                match signer.sign_request(request, self.server_clock.signing_time(&self.clock)) {
                    Ok(_) => Ok(()),
                    Err(e) => Err(Stop::Unsignable(e)),
                }
            }
            Auth::Bearer(provider) => match provider.authorization() {
                Some(value) => {
                    request.headers_mut().insert(AUTHORIZATION, value);
                    Ok(())
                }
                None => Err(Stop::NoCredentials),
            },
        }
    }

    /// The request sent and its reply read whole.
    /// `sent_to` is the request's URL when the reply's must be checked against it (a given
    /// HTTP client may have followed a redirect); boxed, so that the futures of the calls
    /// through the builder's own client do not carry room for it.
    async fn exchange(
        &self,
        sending: impl Future<Output = reqwest::Result<reqwest::Response>>,
        sent_to: Option<Box<reqwest::Url>>,
        record: Option<&mut crate::record::Pending>,
    ) -> Attempt {
        let mut response = match sending.await {
            Ok(response) => response,
            Err(e) => return Attempt::Failed(e),
        };
        // The reply's status, and what the metadata of the call (or of its error) keeps of its
        // headers.
        let headers = crate::error::ReplyHeaders::capture(response.headers());
        let status = response.status().as_u16();
        with_state(|state| {
            state.status = Some(status);
            state.headers = headers;
        });
        if let Some(sent_to) = sent_to
            && response.url() != &*sent_to
        {
            return Attempt::Refused(Stop::RedirectFollowed {
                location: reply::sanitize_location(response.url().as_str()),
            });
        }
        // A reference to the bytes of the header, not a copy.
        let content_type = response.headers().get(CONTENT_TYPE).cloned();
        match reply::read(&mut response, self.limits.max_response_bytes, record).await {
            reply::Read::Whole(response, length) => {
                with_state(|state| {
                    state.content_type = content_type;
                    state.length = length;
                });
                Attempt::Reply(response)
            }
            reply::Read::Refused(stop) => Attempt::Refused(stop),
            reply::Read::Broken(e) => Attempt::BodyBroken(e),
        }
    }

    /// Sends `request`, authorizing every attempt anew and retrying as the policy allows.
    pub(crate) fn execute(
        &self,
        client: &reqwest::Client,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> impl Future<Output = reqwest::Result<reqwest::Response>> {
        // An async block rather than an `async fn`, whose future would hold the request
        // twice (as its argument and as its local).
        let mut original = Some(request);
        let idempotent = !NON_IDEMPOTENT.contains(&info.operation_id);
        let operation = info.operation_id;
        async move {
            let deadline = self
                .limits
                .deadline
                .and_then(|d| Instant::now().checked_add(d));
            let mut attempt = 0u32;
            loop {
                attempt += 1;
                with_state(|state| {
                    // What is known of this attempt's reply, once it comes.
                    *state = CallState {
                        attempts: attempt,
                        skew_retried: state.skew_retried,
                        ..CallState::default()
                    };
                });
                let started = Instant::now();
                // What an attempt leaves is handed on at once: nothing of it is held across the
                // wait before the next (room in the state of the call's future).
                let wait = match self.next(
                    self.attempt(client, &mut original, (operation, attempt), deadline)
                        .await,
                    Tried {
                        attempt,
                        idempotent,
                        deadline,
                        started,
                        operation,
                    },
                ) {
                    Next::Done(result) => return result,
                    Next::Wait(wait) => wait,
                };
                tokio::time::sleep(wait).await;
            }
        }
    }

    /// Attempt number `attempt`: a place among the requests in flight to the host, then the
    /// request (a copy of `original` while another attempt may follow, else `original`
    /// itself), signed now, and its reply, all before `deadline`. Also whether this was the
    /// last attempt allowed.
    async fn attempt(
        &self,
        client: &reqwest::Client,
        original: &mut Option<reqwest::Request>,
        (operation, attempt): (&'static str, u32),
        deadline: Option<Instant>,
    ) -> (Attempt, bool) {
        // The semaphore is never closed.
        let Some(Ok(_permit)) = before(deadline, self.limits.in_flight.acquire()).await else {
            return (Attempt::Deadline { sent: false }, true);
        };
        // The request goes to reqwest within this block: a request held across an `.await`
        // would take room in the state of the call's future.
        let (sending, last, sent_to, mut record) = {
            // A copy only while another attempt may follow; the last allowed attempt (or a
            // body that cannot be copied) sends the original.
            let copy = if attempt <= self.retry.max_retries + u32::from(self.skew_spare()) {
                original.as_ref().and_then(reqwest::Request::try_clone)
            } else {
                None
            };
            let last = copy.is_none();
            let Some(mut request) = copy.or_else(|| original.take()) else {
                unreachable!("the original request is sent only by the last attempt");
            };
            if let Err(stop) = self.authorize(&mut request) {
                return (Attempt::Refused(stop), true);
            }
            let sent_to = self
                .limits
                .given_client
                .then(|| Box::new(request.url().clone()));
            let record = self.record(&request, operation, attempt);
            (client.execute(request), last, sent_to, record)
        };
        let outcome = before(
            deadline,
            self.exchange(sending, sent_to, record.as_deref_mut()),
        )
        .await
        .unwrap_or(Attempt::Deadline { sent: true });
        if let Some(record) = record {
            record.finish(recording::error_of(&outcome));
        }
        (outcome, last)
    }

    /// What follows an attempt: the call's result, or a wait before the next attempt.
    fn next(&self, (outcome, last): (Attempt, bool), tried: Tried) -> Next {
        let Tried {
            attempt,
            idempotent,
            deadline,
            started,
            operation,
        } = tried;
        let (reason, retry_after, outcome) = match outcome {
            Attempt::Reply(response) if self.skew_retry(&response, started) && !last => {
                tracing::debug!(operation, attempt, "signing anew with the server's time");
                return Next::Wait(Duration::ZERO);
            }
            Attempt::Reply(response) => {
                if let Some(cause) = retry::gateway_outcome_unknown(response.status(), idempotent) {
                    let status = response.status().as_u16();
                    return Next::Done(stopped(Stop::OutcomeUnknownStatus { status, cause }));
                }
                let reason = retry::status_reason(response.status(), idempotent, self.retry_500);
                // Read only when the reply is to be retried.
                let after =
                    reason.and_then(|_| retry::retry_after(response.headers(), SystemTime::now()));
                (reason, after, Ok(response))
            }
            Attempt::BodyBroken(error) => match retry::body_broken(&error, idempotent) {
                Failed::Retry(reason) => (Some(reason), None, Err(error)),
                Failed::OutcomeUnknown(_) | Failed::Final => {
                    return Next::Done(stopped(Stop::OutcomeUnknown {
                        cause: "its reply broke off",
                        source: Some(error),
                    }));
                }
            },
            Attempt::Failed(error) => match retry::classify(&error, idempotent) {
                Failed::Retry(reason) => (Some(reason), None, Err(error)),
                Failed::Final => return Next::Done(Err(error)),
                Failed::OutcomeUnknown(cause) => {
                    return Next::Done(stopped(Stop::OutcomeUnknown {
                        cause,
                        source: Some(error),
                    }));
                }
            },
            Attempt::Refused(stop) => return Next::Done(stopped(stop)),
            Attempt::Deadline { sent } if sent && !idempotent => {
                return Next::Done(stopped(Stop::OutcomeUnknown {
                    cause: "the deadline passed before the reply came",
                    source: None,
                }));
            }
            Attempt::Deadline { .. } => {
                return Next::Done(stopped(Stop::Deadline {
                    deadline: self.limits.deadline.unwrap_or_default(),
                    attempts: attempt,
                }));
            }
        };
        let Some(reason) = reason.filter(|_| !last && self.retries_left(attempt)) else {
            return Next::Done(outcome);
        };
        let wait = match retry_after {
            Some(RetryAfter::Wait(wait)) if wait <= self.retry.max_retry_after => {
                tracing::info!(
                    operation,
                    attempt,
                    reason,
                    wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                    "waiting as the server's Retry-After asks before trying again"
                );
                wait
            }
            Some(_) => {
                tracing::info!(
                    operation,
                    attempt,
                    reason,
                    max_retry_after_ms =
                        u64::try_from(self.retry.max_retry_after.as_millis()).unwrap_or(u64::MAX),
                    "not retrying: the server's Retry-After asks for a longer wait than allowed"
                );
                return Next::Done(outcome);
            }
            None => self.retry.backoff(attempt),
        };
        if deadline.is_some_and(|at| Instant::now().checked_add(wait).is_none_or(|t| t >= at)) {
            tracing::debug!(
                operation,
                attempt,
                reason,
                "not retrying: the next attempt would start after the deadline"
            );
            return Next::Done(outcome);
        }
        tracing::debug!(
            operation,
            attempt,
            reason,
            elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
            "retrying"
        );
        Next::Wait(wait)
    }
}
