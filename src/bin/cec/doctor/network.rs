//! The network path to one origin: DNS, TCP, TLS (see `tls`), and the clock offset from the
//! server's `Date` header.

use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant, SystemTime};

use huawei_cec::reqwest::Url;
use huawei_cec::reqwest::header::DATE;
use tokio::net::TcpStream;

use super::{Check, Context, Host, Origin, Status, cause_chain, tls};
use crate::output::escape_controls;

/// The name of the clock row.
pub(super) const CLOCK: &str = "clock";

/// An offset from which the clock row fails, unless the client corrects it: signatures carry
/// the time, and servers refuse those that are minutes off (how many is not documented; the
/// simulator allows 15). The client's own threshold of correction.
const CLOCK_FAIL: Duration = huawei_cec::transport::CLOCK_SKEW_THRESHOLD;
/// An offset from which the clock row warns.
const CLOCK_WARN: Duration = Duration::from_secs(30);

/// Checks the origin's DNS, TCP, TLS and clock, adding a row each. `Err` says why the
/// requests to it cannot work (the later steps are skipped); with a proxy in the
/// environment they go on anyway, since the client connects through it.
pub(super) async fn check(
    origin: &Origin,
    context: &Context,
    checks: &mut Vec<Check>,
) -> Result<(), String> {
    let mut rows = Rows { origin, checks };
    let url = &origin.url;
    let port = url.port_or_known_default().unwrap_or(443);
    let https = url.scheme() == "https";
    let proxy_note = context.proxy.as_ref().map(|names| {
        format!(" (checked directly: the client itself connects through the proxy of {names})")
    });
    let give_up = |why: &str| match &context.proxy {
        Some(_) => Ok(()),
        None => Err(why.to_owned()),
    };

    let addresses = match resolve(url, port, context.connect_timeout).await {
        Ok((addresses, detail)) => {
            rows.push("DNS", Status::Ok, detail);
            addresses
        }
        Err(why) => {
            rows.push(
                "DNS",
                Status::Failed,
                format!("{why}{}", proxy_note.clone().unwrap_or_default()),
            );
            let skipped = "skipped: DNS failed".to_owned();
            rows.push("TCP", Status::Skipped, skipped.clone());
            if https {
                rows.push("TLS", Status::Skipped, skipped.clone());
            }
            rows.push(CLOCK, Status::Skipped, skipped);
            return give_up("DNS failed");
        }
    };

    let stream = match connect(&addresses, context.connect_timeout).await {
        Ok((stream, detail)) => {
            rows.push("TCP", Status::Ok, detail);
            stream
        }
        Err(why) => {
            rows.push(
                "TCP",
                Status::Failed,
                format!("{why}{}", proxy_note.unwrap_or_default()),
            );
            let skipped = "skipped: no TCP connection".to_owned();
            if https {
                rows.push("TLS", Status::Skipped, skipped.clone());
            }
            rows.push(CLOCK, Status::Skipped, skipped);
            return give_up("no TCP connection");
        }
    };

    if https {
        let outcome = tls::check(stream, url, &context.trust, context.connect_timeout).await;
        let verified = outcome.handshake.0 == Status::Ok;
        rows.push("TLS", outcome.handshake.0, outcome.handshake.1);
        if let Some((status, detail)) = outcome.certificate {
            rows.push("certificate", status, detail);
        }
        if !verified {
            rows.push(CLOCK, Status::Skipped, "skipped: TLS failed".into());
            return give_up("TLS failed");
        }
    } else {
        drop(stream);
        let secret = if origin.hosts.contains(&Host::OpenPlatform) {
            " (the app secret of the token request too)"
        } else {
            ""
        };
        rows.push(
            "TLS",
            Status::Skipped,
            format!("skipped: an http:// URL, no TLS: requests travel unencrypted{secret}"),
        );
    }

    let (status, detail) = clock(url, context, origin.signed()).await;
    rows.push(CLOCK, status, detail);
    Ok(())
}

struct Rows<'a> {
    origin: &'a Origin,
    checks: &'a mut Vec<Check>,
}

impl Rows<'_> {
    fn push(&mut self, check: &str, status: Status, detail: String) {
        self.checks.push(Check {
            hosts: self.origin.labels(),
            url: self.origin.url.origin().ascii_serialization(),
            check: check.to_owned(),
            status,
            detail,
            signing_profile: None,
        });
    }
}

/// The URL's addresses, as the client would look them up (the system resolver).
async fn resolve(
    url: &Url,
    port: u16,
    timeout: Duration,
) -> Result<(Vec<SocketAddr>, String), String> {
    let Some(host) = url.host_str() else {
        return Err("the URL has no host".into());
    };
    // An IPv6 address is written in brackets in a URL.
    let literal = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = literal.parse::<IpAddr>() {
        let addr = SocketAddr::new(ip, port);
        return Ok((vec![addr], format!("{ip} is an IP address: no lookup")));
    }
    let name = host.to_owned();
    let started = Instant::now();
    let lookup = tokio::net::lookup_host((name.as_str(), port));
    match tokio::time::timeout(timeout, lookup).await {
        Err(_) => Err(format!(
            "{name}: no answer from the resolver within {}",
            seconds(timeout)
        )),
        Ok(Err(e)) => Err(format!("{name} cannot be resolved: {e}")),
        Ok(Ok(addresses)) => {
            let mut addresses: Vec<SocketAddr> = addresses.collect();
            addresses.dedup();
            if addresses.is_empty() {
                return Err(format!("{name} resolves to no address"));
            }
            let shown: Vec<String> = addresses.iter().map(|a| a.ip().to_string()).collect();
            Ok((
                addresses,
                format!(
                    "{name}: {} ({})",
                    shown.join(", "),
                    millis(started.elapsed())
                ),
            ))
        }
    }
}

/// A TCP connection to the first address that accepts one, in order.
async fn connect(
    addresses: &[SocketAddr],
    timeout: Duration,
) -> Result<(TcpStream, String), String> {
    let mut failures = Vec::new();
    for &addr in addresses {
        let started = Instant::now();
        match tokio::time::timeout(timeout, TcpStream::connect(addr)).await {
            Ok(Ok(stream)) => {
                return Ok((
                    stream,
                    format!("connected to {addr} in {}", millis(started.elapsed())),
                ));
            }
            Ok(Err(e)) => failures.push(format!("{addr}: {e}")),
            Err(_) => failures.push(format!("{addr}: no answer within {}", seconds(timeout))),
        }
    }
    Err(format!(
        "{}: check the URL's port, that the server is running, and the firewalls between",
        failures.join("; ")
    ))
}

/// The server's clock against this machine's, from the `Date` header of a `GET` of the base
/// URL (a read: whatever its status, only the header is used).
async fn clock(url: &Url, context: &Context, signed: bool) -> (Status, String) {
    let http = match context.trust.http_client(context.timeout) {
        Ok(http) => http,
        Err(e) => return (Status::Failed, e),
    };
    let sent = SystemTime::now();
    let started = Instant::now();
    let reply = match http.get(url.clone()).send().await {
        Ok(reply) => reply,
        Err(e) => {
            return (
                Status::Failed,
                format!("no reply to GET {url}: {}", cause_chain(&e)),
            );
        }
    };
    let round_trip = started.elapsed();
    let Some(date) = reply.headers().get(DATE) else {
        return (
            Status::Skipped,
            format!(
                "skipped: the reply (HTTP {}) has no Date header",
                reply.status().as_u16()
            ),
        );
    };
    let Some(server) = date
        .to_str()
        .ok()
        .and_then(|d| httpdate::parse_http_date(d).ok())
    else {
        return (
            Status::Failed,
            format!(
                "the Date header cannot be read: {}",
                escape_controls(&String::from_utf8_lossy(date.as_bytes()))
            ),
        );
    };
    // The header has whole seconds (truncated): compare its middle with the middle of the
    // round trip.
    let here = sent + round_trip / 2;
    let there = server + Duration::from_millis(500);
    let (ahead, offset) = match there.duration_since(here) {
        Ok(ahead) => (true, ahead),
        Err(behind) => (false, behind.duration()),
    };
    judge(ahead, offset, signed, context.clock_skew_correction)
}

/// The clock row for an offset of the server from this machine.
fn judge(ahead: bool, offset: Duration, signed: bool, correction: bool) -> (Status, String) {
    let whole = offset.as_secs() + u64::from(offset.subsec_millis() >= 500);
    let side = if ahead { "ahead of" } else { "behind" };
    let mut detail = if whole == 0 {
        "the server's clock agrees with this machine's (within a second: its Date header \
         has whole seconds)"
            .to_owned()
    } else {
        format!(
            "the server's clock is {} {side} this machine's (±1 s)",
            human(whole)
        )
    };
    if !signed {
        detail.push_str("; no risk here: bearer tokens carry no time");
        return (Status::Ok, detail);
    }
    if offset > huawei_cec::transport::MAX_CLOCK_SKEW_CORRECTED {
        detail.push_str(
            ": auth-v2 signatures carry this machine's time and servers refuse those that are \
             minutes off (HTTP 401), and this is too far off (over a day) for the client to \
             correct: set the clock (NTP)",
        );
        (Status::Failed, detail)
    } else if offset > CLOCK_FAIL && correction {
        detail.push_str(
            ": auth-v2 signatures carry this machine's time and servers refuse those that are \
             minutes off, but this would be corrected: after the server's first 401 the client \
             signs with the server's time (clock-skew correction; --no-clock-skew-correction \
             turns it off); set the clock (NTP) all the same",
        );
        (Status::Ok, detail)
    } else if offset > CLOCK_FAIL {
        detail.push_str(
            ": auth-v2 signatures carry this machine's time and servers refuse those that are \
             minutes off (HTTP 401), and clock-skew correction is off: set the clock (NTP), or \
             turn the correction on",
        );
        (Status::Failed, detail)
    } else if offset >= CLOCK_WARN {
        detail.push_str(
            ": a risk: auth-v2 signatures carry this machine's time, and how far off a server \
             allows is not documented; set the clock (NTP)",
        );
        (Status::Ok, detail)
    } else {
        (Status::Ok, detail)
    }
}

/// `1 h 2 min 3 s` from seconds.
fn human(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    let mut parts = Vec::new();
    if h > 0 {
        parts.push(format!("{h} h"));
    }
    if m > 0 {
        parts.push(format!("{m} min"));
    }
    if s > 0 || parts.is_empty() {
        parts.push(format!("{s} s"));
    }
    parts.join(" ")
}

fn millis(d: Duration) -> String {
    format!("{} ms", d.as_millis())
}

fn seconds(d: Duration) -> String {
    format!("{} s", d.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_judged_by_size_and_only_for_signed_servers() {
        let (status, detail) = judge(true, Duration::from_millis(400), true, true);
        assert_eq!(status, Status::Ok);
        assert!(detail.contains("agrees"), "{detail}");
        let (status, detail) = judge(false, Duration::from_secs(45), true, true);
        assert_eq!(status, Status::Ok);
        assert!(
            detail.contains("45 s behind") && detail.contains("a risk"),
            "{detail}"
        );
        let (status, detail) = judge(true, Duration::from_secs(2 * 3600 + 5), true, false);
        assert_eq!(status, Status::Failed);
        assert!(
            detail.contains("2 h 5 s ahead of") && detail.contains("correction is off"),
            "{detail}"
        );
        let (status, detail) = judge(true, Duration::from_secs(2 * 3600 + 5), true, true);
        assert_eq!(status, Status::Ok);
        assert!(detail.contains("would be corrected"), "{detail}");
        let (status, detail) = judge(false, Duration::from_secs(3 * 86_400), true, true);
        assert_eq!(status, Status::Failed);
        assert!(detail.contains("too far off"), "{detail}");
        let (status, detail) = judge(true, Duration::from_secs(7200), false, true);
        assert_eq!(status, Status::Ok);
        assert!(detail.contains("no risk"), "{detail}");
    }
}
