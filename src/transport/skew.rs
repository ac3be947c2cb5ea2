//! Clock-skew correction of `auth-v2` signatures.
//!
//! A signature carries the client's time, and a server refuses one too far from its own
//! clock (HTTP 401). When a signed request comes back 401 and the reply's `Date` header says
//! this machine's clock is more than [`CLOCK_SKEW_THRESHOLD`] off the server's, the offset is
//! remembered for that server (its origin: scheme, host and port), the request is signed
//! anew with the corrected time and sent once more (safe for the update too: a 401 was not
//! applied), and later requests to that server are signed with the offset from the start.
//! The correction is logged once at WARN with the offset.
//!
//! As aws-sdk-rust does: the offset is measured against the middle of the round trip
//! (NTP's way), and not at all from a reply with an `Age` header (a cache's `Date` is
//! stale) or from a round trip too long to tell. A `Date` that is absent, malformed, or
//! absurd (more than [`MAX_CLOCK_SKEW_CORRECTED`] off) changes nothing.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use reqwest::StatusCode;
use reqwest::header::{AGE, DATE, HeaderMap};
use tokio::time::Instant;

use super::{Auth, CALL_STATE, Clock, Transport};
use crate::error::{ClockSkew, human_seconds, rounded_seconds};

/// How far this machine's clock may be from a server's before a 401 from it is taken for
/// clock skew (and corrected): 4 minutes, as aws-sdk-rust. Servers refuse signatures some
/// minutes off (the simulator: 15); within this, a 401 has another cause.
pub const CLOCK_SKEW_THRESHOLD: Duration = Duration::from_secs(4 * 60);

/// The largest offset corrected: a day (a clock set to local time instead of UTC is off by
/// up to 14 hours). A `Date` further off is taken for a broken server's, and ignored.
pub const MAX_CLOCK_SKEW_CORRECTED: Duration = Duration::from_secs(24 * 3600);

/// A round trip longer than this tells the server's time too vaguely to correct by it.
const MAX_TRUSTED_ROUND_TRIP: Duration = CLOCK_SKEW_THRESHOLD;

/// The offset of one server's clock from this machine's, learned from its 401 replies and
/// shared by the clients of that server's origin.
#[derive(Debug, Clone)]
pub(crate) struct ServerClock {
    /// Whether a skewed 401 is corrected (`ClientBuilder::clock_skew_correction`).
    pub(crate) correction: bool,
    /// The server's clock minus this machine's, in milliseconds; 0 until learned.
    offset_ms: Arc<AtomicI64>,
}

impl Default for ServerClock {
    fn default() -> Self {
        Self::new(true)
    }
}

impl ServerClock {
    /// A server whose offset is not known yet.
    pub(crate) fn new(correction: bool) -> Self {
        Self {
            correction,
            offset_ms: Arc::new(AtomicI64::new(0)),
        }
    }

    /// The offset learned so far.
    pub(crate) fn offset(&self) -> TimeDelta {
        TimeDelta::milliseconds(self.offset_ms.load(Ordering::Relaxed))
    }

    /// The time to sign with: `clock`'s, corrected by the offset learned.
    pub(crate) fn signing_time(&self, clock: &Clock) -> DateTime<Utc> {
        let now = clock.now();
        match self.offset_ms.load(Ordering::Relaxed) {
            0 => now,
            ms => now + TimeDelta::milliseconds(ms),
        }
    }

    /// Learns `offset`; whether it changed by more than the threshold (then it is new).
    fn learn(&self, offset: TimeDelta) -> bool {
        let previous = self
            .offset_ms
            .swap(offset.num_milliseconds(), Ordering::Relaxed);
        exceeds(
            offset - TimeDelta::milliseconds(previous),
            CLOCK_SKEW_THRESHOLD,
        )
    }
}

fn exceeds(delta: TimeDelta, limit: Duration) -> bool {
    delta.abs().to_std().is_ok_and(|d| d > limit)
}

/// The server's clock minus this machine's, by a reply's `Date` header, when it can be told:
/// a `Date` that parses, no `Age`, a round trip short enough, and an offset that is not
/// absurd.
pub(crate) fn measured_offset(
    headers: &HeaderMap,
    now: DateTime<Utc>,
    round_trip: Duration,
) -> Option<TimeDelta> {
    if headers.contains_key(AGE) || round_trip > MAX_TRUSTED_ROUND_TRIP {
        return None;
    }
    let date = httpdate::parse_http_date(headers.get(DATE)?.to_str().ok()?.trim()).ok()?;
    // The header has whole seconds (truncated): its middle, against the round trip's.
    let server = DateTime::<Utc>::from(date) + TimeDelta::milliseconds(500);
    let middle = now - TimeDelta::from_std(round_trip / 2).ok()?;
    let offset = server - middle;
    (!exceeds(offset, MAX_CLOCK_SKEW_CORRECTED)).then_some(offset)
}

impl Transport {
    /// Whether a signed call may need one attempt more than the retry policy allows: the
    /// one signed anew for clock skew.
    pub(super) fn skew_spare(&self) -> bool {
        matches!(self.auth, Auth::AkSk(_)) && self.server_clock.correction
    }

    /// Whether the retry policy allows another attempt after attempt number `attempt`, the
    /// attempt signed anew for clock skew not counted.
    pub(super) fn retries_left(&self, attempt: u32) -> bool {
        let skew_retried = CALL_STATE
            .try_with(|state| state.borrow().skew_retried)
            .unwrap_or(false);
        attempt <= self.retry.max_retries + u32::from(skew_retried)
    }

    /// After a reply to attempt number `attempt`, started at `started`: for a signed
    /// request's 401 whose `Date` shows this machine's clock off, notes the offset for the
    /// error, learns it (unless correction is off), and says whether to sign anew and send
    /// once more (at most once a call).
    pub(super) fn skew_retry(&self, response: &reqwest::Response, started: Instant) -> bool {
        if response.status() != StatusCode::UNAUTHORIZED || !matches!(self.auth, Auth::AkSk(_)) {
            return false;
        }
        let Some(offset) = measured_offset(response.headers(), self.clock.now(), started.elapsed())
        else {
            return false;
        };
        let server = &self.server_clock;
        // How far off the time this request was signed with was.
        let signing_error = offset - server.offset();
        let wrong_now = exceeds(signing_error, CLOCK_SKEW_THRESHOLD);
        if exceeds(offset, CLOCK_SKEW_THRESHOLD) {
            let skew = ClockSkew {
                offset,
                corrected: !wrong_now,
                correction_on: server.correction,
            };
            let _ = CALL_STATE.try_with(|state| state.borrow_mut().clock_skew = Some(skew));
        }
        if !server.correction || !wrong_now {
            return false;
        }
        if server.learn(offset) {
            let seconds = rounded_seconds(offset);
            let side = if seconds >= 0 { "behind" } else { "ahead of" };
            tracing::warn!(
                server = %response.url().origin().ascii_serialization(),
                offset_seconds = seconds,
                "this machine's clock is {} {side} the server's (its Date header): auth-v2 \
                 requests to it are signed with its time from now on; set this machine's \
                 clock (NTP)",
                human_seconds(seconds.unsigned_abs())
            );
        }
        // Once a call: a server whose `Date` keeps moving is not chased.
        CALL_STATE
            .try_with(|state| !std::mem::replace(&mut state.borrow_mut().skew_retried, true))
            .unwrap_or(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(date: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(DATE, HeaderValue::from_str(date).unwrap());
        headers
    }

    #[test]
    fn the_offset_is_measured_against_the_middle_of_the_round_trip() {
        let now: DateTime<Utc> = "1994-11-06T08:49:38Z".parse().unwrap();
        let date = "Sun, 06 Nov 1994 09:09:37 GMT";
        let offset = measured_offset(&headers(date), now, Duration::from_secs(2)).unwrap();
        // 09:09:37.5 against 08:49:37: 20 min 0.5 s ahead.
        assert_eq!(offset, TimeDelta::milliseconds(20 * 60_000 + 500));
        let behind = measured_offset(
            &headers("Sun, 06 Nov 1994 08:29:37 GMT"),
            now,
            Duration::ZERO,
        )
        .unwrap();
        assert_eq!(behind.num_seconds(), -20 * 60);

        let mut cached = headers(date);
        cached.insert(AGE, HeaderValue::from_static("30"));
        assert_eq!(measured_offset(&cached, now, Duration::ZERO), None);
        assert_eq!(
            measured_offset(&headers(date), now, Duration::from_secs(600)),
            None,
            "a round trip too long to tell"
        );
        for unusable in [
            "",
            "yesterday",
            "Sun, 06 Nov 1994",
            "Sun, 06 Nov 1996 08:49:37 GMT",
        ] {
            assert_eq!(
                measured_offset(&headers(unusable), now, Duration::ZERO),
                None,
                "{unusable:?}"
            );
        }
        assert_eq!(
            measured_offset(&HeaderMap::new(), now, Duration::ZERO),
            None
        );
    }

    #[test]
    fn a_learned_offset_corrects_the_signing_time_and_is_new_once() {
        let server = ServerClock::default();
        let fixed: DateTime<Utc> = "2026-01-01T00:00:00Z".parse().unwrap();
        let clock = Clock::new(move || fixed);
        assert_eq!(server.signing_time(&clock), fixed);
        assert!(server.learn(TimeDelta::minutes(20)));
        assert!(!server.learn(TimeDelta::minutes(20) + TimeDelta::seconds(1)));
        assert_eq!(
            server.signing_time(&clock),
            fixed + TimeDelta::minutes(20) + TimeDelta::seconds(1)
        );
        assert!(
            server.learn(TimeDelta::zero()),
            "back to no offset is news too"
        );
    }
}
