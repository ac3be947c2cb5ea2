//! What every request passes through on its way out: the hooks of the generated clients.
//!
//! The generated clients' hooks (in `generated.rs`) call in here: `pre` puts the
//! request in the documented form (`Transport::prepare`), and `exec` runs the attempts
//! (`Transport::execute`): each attempt is authorized anew (a fresh `auth-v2` timestamp
//! and signature, or the current bearer token) and retried with exponential backoff and full
//! jitter when that is safe.
//!
//! This module knows nothing of the generated clients, of the operations, or of how tokens
//! are obtained: a bearer token comes from whatever implements `BearerToken`.

use std::cell::Cell;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use progenitor_client::OperationInfo;
use rand::Rng;
use reqwest::StatusCode;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderName, HeaderValue, RETRY_AFTER};

use crate::auth::Signer;

/// The `Content-Type` the CC-iSales and CC-CMS pages prescribe for every request, GETs
/// included (it is signed).
pub const CONTENT_TYPE_JSON_UTF8: &str = "application/json; charset=UTF-8";

/// The one operation that changes data: retried only when it provably was not sent.
const NON_IDEMPOTENT: &[&str] = &["update_reserved_result"];

/// When and how often a failed attempt is tried again.
///
/// The read-only operations (the POST queries too) are retried on timeouts, connection
/// errors and HTTP 429, 502, 503 and 504 (and 500 from CC-iSales and CC-CMS, for which the
/// pages document no 500; the data-process interface documents its 500 as a business
/// failure). The update of a reserved call's result is retried only when the connection
/// could not be made, so the request provably was not sent. A `Retry-After` header (in
/// seconds) is honoured up to `max_backoff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt; `0` disables retries. Default 2.
    pub max_retries: u32,
    /// The backoff before the first retry is drawn from `0..=initial_backoff`, doubling
    /// each retry. Default 100 ms.
    pub initial_backoff: Duration,
    /// The most any backoff waits. Default 2 s.
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 2,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(2),
        }
    }
}

impl RetryPolicy {
    /// No retries.
    pub const fn none() -> Self {
        Self {
            max_retries: 0,
            initial_backoff: Duration::ZERO,
            max_backoff: Duration::ZERO,
        }
    }

    /// The wait before retry number `retry` (1-based): full jitter over an exponentially
    /// growing window, or the server's `Retry-After`.
    fn backoff(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(after) = retry_after {
            return after.min(self.max_backoff);
        }
        let window = self
            .initial_backoff
            .saturating_mul(1u32 << retry.saturating_sub(1).min(16))
            .min(self.max_backoff);
        window.mul_f64(rand::rng().random_range(0.0..=1.0))
    }
}

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
    /// `Bearer {token}` for a cached token that is not due for renewal, marked sensitive.
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

/// Per-client state of the generated clients' hooks: authorization, retries, clock, and
/// the headers added to every request.
#[derive(Debug, Clone, Default)]
pub struct Transport {
    pub(crate) auth: Auth,
    pub(crate) retry: RetryPolicy,
    pub(crate) clock: Clock,
    pub(crate) extra_headers: Vec<(HeaderName, HeaderValue)>,
    /// Whether a 500 is a server fault worth retrying (not for the data-process interface,
    /// which documents 500 as a business failure).
    pub(crate) retry_500: bool,
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

tokio::task_local! {
    /// The HTTP status of the last attempt of the call in progress (the generated code
    /// forgets it when a body cannot be decoded), and how many attempts were made.
    pub(crate) static CALL_STATE: Cell<(Option<u16>, u32)>;
}

impl Transport {
    /// Puts a request in the form the pages document: the prescribed `Content-Type` on every
    /// request to a `signed_service` (CC-iSales and CC-CMS), and no `api-version` header
    /// (progenitor adds one; the pages do not know it).
    pub(crate) fn prepare(&self, request: &mut reqwest::Request, signed_service: bool) {
        let headers = request.headers_mut();
        headers.remove("api-version");
        if signed_service {
            headers.insert(
                CONTENT_TYPE,
                HeaderValue::from_static(CONTENT_TYPE_JSON_UTF8),
            );
        }
    }

    fn authorize(&self, request: &mut reqwest::Request) {
        for (name, value) in &self.extra_headers {
            if !request.headers().contains_key(name) {
                request.headers_mut().insert(name.clone(), value.clone());
            }
        }
        match &self.auth {
            Auth::None => {}
            Auth::AkSk(signer) => {
                signer.sign_request(request, self.clock.now());
            }
            Auth::Bearer(provider) => {
                if let Some(value) = provider.authorization() {
                    request.headers_mut().insert(AUTHORIZATION, value);
                }
            }
        }
    }

    /// Why an attempt's outcome deserves another attempt, if it does.
    fn retry_reason(
        &self,
        result: &reqwest::Result<reqwest::Response>,
        idempotent: bool,
    ) -> Option<&'static str> {
        match result {
            Err(e) if e.is_connect() => Some("connection failed"),
            Err(e) if idempotent && e.is_timeout() => Some("timed out"),
            Err(e) if idempotent && e.is_request() => Some("request failed"),
            Err(_) => None,
            Ok(_) if !idempotent => None,
            Ok(r) => match r.status() {
                StatusCode::TOO_MANY_REQUESTS => Some("HTTP 429"),
                StatusCode::BAD_GATEWAY => Some("HTTP 502"),
                StatusCode::SERVICE_UNAVAILABLE => Some("HTTP 503"),
                StatusCode::GATEWAY_TIMEOUT => Some("HTTP 504"),
                StatusCode::INTERNAL_SERVER_ERROR if self.retry_500 => Some("HTTP 500"),
                _ => None,
            },
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
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            // A copy only while another attempt may follow; the last allowed attempt (or a
            // body that cannot be copied) sends the original.
            let copy = if attempt <= self.retry.max_retries {
                request.try_clone()
            } else {
                None
            };
            let mut this = match copy {
                Some(copy) => copy,
                None => {
                    let mut last = request;
                    self.authorize(&mut last);
                    let result = client.execute(last).await;
                    record(attempt, &result);
                    return result;
                }
            };
            self.authorize(&mut this);
            let started = Instant::now();
            let result = client.execute(this).await;
            record(attempt, &result);
            let Some(reason) = self.retry_reason(&result, idempotent) else {
                return result;
            };
            let retry_after = result
                .as_ref()
                .ok()
                .and_then(|r| r.headers().get(RETRY_AFTER))
                .and_then(|v| {
                    v.to_str()
                        .ok()?
                        .trim()
                        .parse::<u64>()
                        .ok()
                        .map(Duration::from_secs)
                });
            let wait = self.retry.backoff(attempt, retry_after);
            tracing::debug!(
                operation = info.operation_id,
                attempt,
                reason,
                elapsed_ms = started.elapsed().as_millis() as u64,
                wait_ms = wait.as_millis() as u64,
                "retrying"
            );
            tokio::time::sleep(wait).await;
        }
    }
}

fn record(attempt: u32, result: &reqwest::Result<reqwest::Response>) {
    let status = result.as_ref().ok().map(|r| r.status().as_u16());
    let _ = CALL_STATE.try_with(|state| state.set((status, attempt)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_within_its_window_and_honours_retry_after() {
        let policy = RetryPolicy::default();
        for retry in 1..=6 {
            let window =
                (Duration::from_millis(100) * (1 << (retry - 1))).min(Duration::from_secs(2));
            for _ in 0..50 {
                assert!(policy.backoff(retry, None) <= window);
            }
        }
        assert_eq!(
            policy.backoff(1, Some(Duration::from_secs(1))),
            Duration::from_secs(1)
        );
        assert_eq!(
            policy.backoff(1, Some(Duration::from_secs(60))),
            Duration::from_secs(2)
        );
        assert_eq!(RetryPolicy::none().backoff(3, None), Duration::ZERO);
    }
}
