//! When a failed attempt is tried again, and how long to wait first.

use std::time::{Duration, SystemTime};

use rand::Rng;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

pub(crate) use crate::error::RetryAfter;
use crate::error::{is_tls_failure, parse_retry_after};

/// When and how often a failed attempt is tried again.
///
/// The read-only operations (the POST queries too) are retried on timeouts (a body that
/// stops coming included), connection errors (TLS certificate failures aside) and HTTP
/// 429, 502, 503 and 504 (and 500 from CC-iSales and CC-CMS, for which the pages document no
/// 500; the data-process interface documents its 500 as a business failure). The update of
/// a reserved call's result is retried only when the connection could not be made, so the
/// request provably was not sent.
///
/// A `Retry-After` header (seconds or an HTTP date) sets the wait before the next attempt
/// when it asks for at most `max_retry_after`; a server that asks for a longer wait gets
/// no retry (its reply is the result).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Retries after the first attempt; `0` disables retries. Default 2.
    pub max_retries: u32,
    /// The backoff before the first retry is drawn from `0..=initial_backoff`, doubling
    /// each retry. Default 100 ms.
    pub initial_backoff: Duration,
    /// The most a backoff (without `Retry-After`) waits. Default 2 s.
    pub max_backoff: Duration,
    /// The longest `Retry-After` honoured. Default 30 s.
    pub max_retry_after: Duration,
}

/// The default of [`RetryPolicy::max_retry_after`].
pub const DEFAULT_MAX_RETRY_AFTER: Duration = Duration::from_secs(30);

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 2,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(2),
            max_retry_after: DEFAULT_MAX_RETRY_AFTER,
        }
    }
}

impl RetryPolicy {
    /// The policy with `max_retries` retries after the first attempt (`0`: none).
    #[must_use]
    pub const fn with_max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// The policy with this backoff window before the first retry.
    #[must_use]
    pub const fn with_initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The policy with this longest backoff (without `Retry-After`).
    #[must_use]
    pub const fn with_max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The policy honouring `Retry-After` up to this long.
    #[must_use]
    pub const fn with_max_retry_after(mut self, wait: Duration) -> Self {
        self.max_retry_after = wait;
        self
    }

    /// No retries.
    pub const fn none() -> Self {
        Self {
            max_retries: 0,
            initial_backoff: Duration::ZERO,
            max_backoff: Duration::ZERO,
            max_retry_after: Duration::ZERO,
        }
    }

    /// The wait before retry number `retry` (1-based): full jitter over an exponentially
    /// growing window.
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let window = self
            .initial_backoff
            .saturating_mul(1u32 << retry.saturating_sub(1).min(16))
            .min(self.max_backoff);
        window.mul_f64(rand::rng().random_range(0.0..=1.0))
    }
}

/// Reads `Retry-After`: a number of seconds or an HTTP date (RFC 9110, 10.2.3). A value
/// in neither form is ignored.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<RetryAfter> {
    parse_retry_after(headers.get(RETRY_AFTER)?, now)
}

/// Why a reply's status deserves another attempt, if it does.
pub(crate) fn status_reason(
    status: StatusCode,
    idempotent: bool,
    retry_500: bool,
) -> Option<&'static str> {
    if !idempotent {
        return None;
    }
    match status {
        StatusCode::TOO_MANY_REQUESTS => Some("HTTP 429"),
        StatusCode::BAD_GATEWAY => Some("HTTP 502"),
        StatusCode::SERVICE_UNAVAILABLE => Some("HTTP 503"),
        StatusCode::GATEWAY_TIMEOUT => Some("HTTP 504"),
        StatusCode::INTERNAL_SERVER_ERROR if retry_500 => Some("HTTP 500"),
        _ => None,
    }
}

/// For a call that changes data, the statuses whose reply does not tell whether the change
/// was made: a gateway's 502 or 504 (it may have passed the request on before the server's
/// reply failed or was too late), and the server's own 500 (it failed while handling the
/// request, perhaps after the change). What happened, for [`Stop::OutcomeUnknown`]; never
/// retried.
///
/// The other statuses mean "not applied": a 4xx refuses the request before handling it
/// (401, 403 and 418 included: authentication, a firewall), a 429 or 503 says the server
/// would not take it now.
///
/// [`Stop::OutcomeUnknown`]: super::Stop::OutcomeUnknown
pub(crate) fn gateway_outcome_unknown(
    status: StatusCode,
    idempotent: bool,
) -> Option<&'static str> {
    if idempotent {
        return None;
    }
    match status {
        StatusCode::BAD_GATEWAY => Some(
            "a gateway answered HTTP 502 (Bad Gateway), which it does when the server's reply \
             failed, perhaps after the server had the request",
        ),
        StatusCode::GATEWAY_TIMEOUT => Some(
            "a gateway answered HTTP 504 (Gateway Timeout): it passed the request on and gave \
             up waiting for the server's reply",
        ),
        StatusCode::INTERNAL_SERVER_ERROR => Some(
            "the server answered HTTP 500 (Internal Server Error): it failed while handling the \
             request, perhaps after the change",
        ),
        _ => None,
    }
}

/// What a failed attempt means for the call.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Failed {
    /// Another attempt may succeed, for this reason.
    Retry(&'static str),
    /// The request may have reached the server, which may have applied it (only for calls
    /// that change data): what happened.
    OutcomeUnknown(&'static str),
    /// Final: trying again would not help (a TLS failure, a malformed request).
    Final,
}

/// Classifies a transport error of an attempt.
pub(crate) fn classify(error: &reqwest::Error, idempotent: bool) -> Failed {
    if is_tls_failure(error) {
        return Failed::Final;
    }
    if error.is_connect() {
        // The connection was never made: nothing was sent.
        return Failed::Retry("connection failed");
    }
    let what = if error.is_timeout() {
        "timed out"
    } else if error.is_body() || error.is_request() {
        "the connection was lost"
    } else {
        return Failed::Final;
    };
    if idempotent {
        Failed::Retry(what)
    } else {
        Failed::OutcomeUnknown(what)
    }
}

/// Classifies an error that broke off a reply's body: the request arrived, the reply did
/// not (whole).
pub(crate) fn body_broken(error: &reqwest::Error, idempotent: bool) -> Failed {
    let what = if error.is_timeout() {
        "timed out"
    } else {
        "the reply broke off"
    };
    if idempotent {
        Failed::Retry(what)
    } else {
        Failed::OutcomeUnknown(what)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn backoff_grows_within_its_window() {
        let policy = RetryPolicy::default();
        for retry in 1..=6 {
            let window =
                (Duration::from_millis(100) * (1 << (retry - 1))).min(Duration::from_secs(2));
            for _ in 0..50 {
                assert!(policy.backoff(retry) <= window);
            }
        }
        assert_eq!(RetryPolicy::none().backoff(3), Duration::ZERO);
        assert!(RetryPolicy::default().backoff(u32::MAX) <= Duration::from_secs(2));
    }

    fn headers(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        let read = |v: &str| retry_after(&headers(v), now);
        assert_eq!(read("3"), Some(RetryAfter::Wait(Duration::from_secs(3))));
        assert_eq!(read(" 0 "), Some(RetryAfter::Wait(Duration::ZERO)));
        assert_eq!(read("99999999999999999999999"), Some(RetryAfter::Forever));
        assert_eq!(
            read("Sun, 06 Nov 1994 08:49:47 GMT"),
            Some(RetryAfter::Wait(Duration::from_secs(10)))
        );
        assert_eq!(
            read("Sun, 06 Nov 1994 08:00:00 GMT"),
            Some(RetryAfter::Wait(Duration::ZERO)),
            "a date in the past: no wait"
        );
        for ignored in ["", "-1", "1.5", "soon", "Sun, 06 Nov 1994"] {
            assert_eq!(read(ignored), None, "{ignored:?}");
        }
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
    }
}
