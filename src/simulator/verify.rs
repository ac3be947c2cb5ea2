//! The server side of `auth-v2`: checks a request's signature as the simulator receives it.
//!
//! It lives beside the simulator because only a server needs it; the client signs with
//! [`crate::auth`]. It recomputes the signature with the client's own signer from the
//! timestamp text received, so the two cannot drift apart, and compares in constant time.
//!
//! Unless told to insist on one [`SigningProfile`], it accepts every profile, as a server
//! whose variant is unknown might: the timestamp with or without milliseconds, the empty
//! query line kept or left out, `host` alone or the standard headers signed, the `Host`
//! with or without its port. Requests signed by Huawei's own Java demo are accepted.

use std::fmt;
use std::time::Duration;

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::auth::{
    AkSk, HeaderSet, HostForm, QueryLine, SignableRequest, SigningProfile, TimestampFormat,
    parse_timestamp, sign_with_timestamp, signed_headers,
};

type HmacSha256 = Hmac<Sha256>;

/// Why a server rejected an `auth-v2` signature.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum VerifyError {
    /// No `Authorization` header, or not of the form `auth-v2/AK/time/headers/signature`.
    Malformed(String),
    /// The access key is not known to the server.
    UnknownAccessKey(String),
    /// The timestamp is too far from the server's clock.
    ClockSkew {
        /// How far off the request's time was.
        skew: Duration,
    },
    /// `SignedHeaders` lacks a header the scheme requires.
    MissingSignedHeader(&'static str),
    /// `SignedHeaders` is neither the standard set of the request nor `host` alone.
    UnexpectedSignedHeaders {
        /// `SignedHeaders` as received.
        signed: String,
        /// The standard set for this request.
        standard: &'static str,
    },
    /// The request was signed under another profile than the one the server insists on.
    WrongProfile {
        /// The only profile the server accepts.
        required: SigningProfile,
        /// How the request differs from it.
        reason: String,
    },
    /// The signature does not match the request.
    SignatureMismatch,
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Malformed(why) => write!(f, "malformed Authorization header: {why}"),
            Self::UnknownAccessKey(ak) => write!(f, "unknown access key {ak:?}"),
            Self::ClockSkew { skew } => write!(
                f,
                "request time is {}s away from the server's clock",
                skew.as_secs()
            ),
            Self::MissingSignedHeader(h) => write!(f, "SignedHeaders must include {h}"),
            Self::UnexpectedSignedHeaders { signed, standard } => write!(
                f,
                "SignedHeaders {signed:?} is neither {standard:?} (headers=standard) nor \"host\" (headers=host)"
            ),
            Self::WrongProfile { required, reason } => write!(
                f,
                "this server accepts only the signing profile {required:#}: {reason}"
            ),
            Self::SignatureMismatch => f.write_str("signature does not match the request"),
        }
    }
}

impl std::error::Error for VerifyError {}

/// What a server accepts of `auth-v2` signatures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct VerifyOptions {
    /// How far the request's time may be from the server's clock.
    pub max_skew: Duration,
    /// `None`: every signing profile; `Some(p)`: only `p`.
    pub profile: Option<SigningProfile>,
    /// The port the server is reached at, when it is not the scheme's default: it tells a
    /// `Host` left without its port (`host=no-port`) from one at the default port.
    pub port: Option<u16>,
}

impl VerifyOptions {
    /// Every profile accepted, within `max_skew` of the server's clock.
    pub fn new(max_skew: Duration) -> Self {
        Self {
            max_skew,
            profile: None,
            port: None,
        }
    }

    /// Accepts only signatures of `profile`.
    pub fn only(mut self, profile: SigningProfile) -> Self {
        self.profile = Some(profile);
        self
    }

    /// The server is reached at `port`, not the scheme's default.
    pub fn port(mut self, port: u16) -> Self {
        self.port = Some(port);
        self
    }
}

/// Server side: checks an `auth-v2` `Authorization` header against the request as received,
/// accepting every signing profile; returns the profile it was signed with.
///
/// `secret_for` maps an access key to its secret key. The request's time must be within
/// `max_skew` of `now`. Used by the simulator; independent test vectors pin the scheme.
pub fn verify_v2(
    authorization: Option<&str>,
    request: &SignableRequest<'_>,
    secret_for: impl Fn(&str) -> Option<String>,
    now: DateTime<Utc>,
    max_skew: Duration,
) -> Result<SigningProfile, VerifyError> {
    verify_v2_with(
        authorization,
        request,
        secret_for,
        now,
        &VerifyOptions::new(max_skew),
    )
}

/// [`verify_v2`] with the server's options: the skew allowed, the profile it insists on
/// (if any), and its port. Where the header and the request cannot tell two values of a
/// knob apart (a query makes the query line's knob moot; without a body or `Content-Type`
/// both header sets are `host`), the profile returned has the insisted (or documented)
/// value.
pub fn verify_v2_with(
    authorization: Option<&str>,
    request: &SignableRequest<'_>,
    secret_for: impl Fn(&str) -> Option<String>,
    now: DateTime<Utc>,
    options: &VerifyOptions,
) -> Result<SigningProfile, VerifyError> {
    let header =
        authorization.ok_or_else(|| VerifyError::Malformed("no Authorization header".into()))?;
    let parts: Vec<&str> = header.split('/').collect();
    let [scheme, ak, timestamp, signed, signature] = parts[..] else {
        return Err(VerifyError::Malformed(
            "expected auth-v2/{AK}/{timestamp}/{SignedHeaders}/{Signature}".into(),
        ));
    };
    if scheme != "auth-v2" {
        // Only the scheme's name: what follows it may be another scheme's credentials.
        let name = scheme.split(' ').next().unwrap_or_default();
        let name: String = name.chars().take(16).collect();
        return Err(VerifyError::Malformed(format!(
            "scheme {name:?} is not auth-v2"
        )));
    }
    let (time, ts) = read_timestamp(timestamp)?;
    let skew = (now - time).abs().to_std().unwrap_or(Duration::MAX);
    if skew > options.max_skew {
        return Err(VerifyError::ClockSkew { skew });
    }
    if !signed.split(';').any(|h| h == "host") {
        return Err(VerifyError::MissingSignedHeader("host"));
    }
    let preferred = options.profile.unwrap_or_default();
    let standard = signed_headers(request, &SigningProfile::DOCUMENTED);
    let headers = match signed {
        _ if signed == standard && standard == "host" => preferred.headers,
        _ if signed == standard => HeaderSet::Standard,
        "host" => HeaderSet::Host,
        _ => {
            return Err(VerifyError::UnexpectedSignedHeaders {
                signed: signed.to_owned(),
                standard,
            });
        }
    };
    let host_has_port = has_port(request.host);
    let host = match (host_has_port, options.port) {
        (true, _) => HostForm::Port,
        (false, Some(_)) => HostForm::NoPort,
        (false, None) => preferred.host,
    };
    let profile = preferred
        .with_timestamp(ts)
        .with_headers(headers)
        .with_host(host);
    if let Some(required) = options.profile {
        let mut reasons = Vec::new();
        if profile.timestamp != required.timestamp {
            reasons.push(match ts {
                TimestampFormat::Millis => "the timestamp has milliseconds (ts=millis)".to_owned(),
                TimestampFormat::Seconds => {
                    "the timestamp has no milliseconds (ts=seconds)".to_owned()
                }
            });
        }
        if profile.headers != required.headers {
            reasons.push(format!(
                "SignedHeaders is {signed} (headers={})",
                if headers == HeaderSet::Host {
                    "host"
                } else {
                    "standard"
                }
            ));
        }
        if profile.host != required.host {
            reasons.push(match (host, options.port) {
                (HostForm::NoPort, Some(port)) => format!(
                    "the Host header {:?} lacks the port {port} (host=no-port)",
                    request.host
                ),
                _ => format!(
                    "the Host header {:?} carries the port (host=port)",
                    request.host
                ),
            });
        }
        if !reasons.is_empty() {
            return Err(VerifyError::WrongProfile {
                required,
                reason: reasons.join("; "),
            });
        }
    }
    let secret = secret_for(ak).ok_or_else(|| VerifyError::UnknownAccessKey(ak.to_owned()))?;
    let credentials = AkSk::new(ak, secret);
    let other = match preferred.query_line {
        QueryLine::Keep => QueryLine::Omit,
        QueryLine::Omit => QueryLine::Keep,
    };
    // The query line's knob shows only when there is no query.
    let query_lines: &[QueryLine] = if request.query.is_some_and(|q| !q.is_empty()) {
        &[preferred.query_line]
    } else {
        &[preferred.query_line, other]
    };
    for &query_line in query_lines {
        let candidate = profile.with_query_line(query_line);
        let expected = sign_with_timestamp(&credentials, &candidate, timestamp, request);
        if constant_time_eq(expected.signature(), signature) {
            return match options.profile {
                Some(required) if required != candidate => Err(VerifyError::WrongProfile {
                    required,
                    reason: match query_line {
                        QueryLine::Keep => {
                            "the canonical request has an empty query line (query-line=keep)"
                        }
                        QueryLine::Omit => {
                            "the canonical request has no query line (query-line=omit)"
                        }
                    }
                    .to_owned(),
                }),
                _ => Ok(candidate),
            };
        }
    }
    Err(VerifyError::SignatureMismatch)
}

/// The timestamp and its form: `yyyy-MM-ddTHH:mm:ss.SSSZ` or `yyyy-MM-ddTHH:mm:ssZ`.
fn read_timestamp(text: &str) -> Result<(DateTime<Utc>, TimestampFormat), VerifyError> {
    let form = match text.len() {
        24 if text.as_bytes()[19] == b'.' => Some(TimestampFormat::Millis),
        20 => Some(TimestampFormat::Seconds),
        _ => None,
    };
    match (form, parse_timestamp(text)) {
        (Some(form), Some(time)) => Ok((time, form)),
        _ => Err(VerifyError::Malformed(format!(
            "timestamp {text:?} is neither yyyy-MM-ddTHH:mm:ss.SSSZ (ts=millis) nor yyyy-MM-ddTHH:mm:ssZ \
             (ts=seconds), UTC"
        ))),
    }
}

/// Whether a received `Host` carries a port.
fn has_port(host: &str) -> bool {
    SigningProfile::DOCUMENTED
        .with_host(HostForm::NoPort)
        .host_value(host)
        .len()
        != host.len()
}

/// Compares two signatures in constant time (HMACs of both, compared by `verify_slice`).
fn constant_time_eq(expected: &str, received: &str) -> bool {
    let mut mac = HmacSha256::new_from_slice(b"compare").expect("any key");
    mac.update(expected.as_bytes());
    let expected_tag = mac.finalize().into_bytes();
    let mut mac = HmacSha256::new_from_slice(b"compare").expect("any key");
    mac.update(received.as_bytes());
    mac.verify_slice(&expected_tag).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::{AkSk, sign_v2};

    const DOC: SigningProfile = SigningProfile::DOCUMENTED;

    /// A bodiless GET of `/x`, as the verifier tests sign it.
    fn get_x() -> SignableRequest<'static> {
        SignableRequest {
            method: "GET",
            path: "/x",
            query: None,
            host: "h:1",
            content_type: Some("application/json; charset=UTF-8"),
            body: None,
        }
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn secret(ak: &str) -> Option<String> {
        (ak == "ak").then(|| "sk".to_owned())
    }

    #[test]
    fn verify_accepts_a_good_signature_and_names_what_is_wrong_otherwise() {
        let creds = AkSk::new("ak", "sk");
        let now = at("2026-11-21T08:30:00Z");
        let req = get_x();
        let auth = sign_v2(&creds, &DOC, now, &req).into_authorization();
        let skew = Duration::from_secs(300);
        assert_eq!(verify_v2(Some(&auth), &req, secret, now, skew), Ok(DOC));
        let tampered = SignableRequest {
            path: "/y",
            ..req.clone()
        };
        assert_eq!(
            verify_v2(Some(&auth), &tampered, secret, now, skew),
            Err(VerifyError::SignatureMismatch)
        );
        let later = now + chrono::Duration::seconds(301);
        assert!(matches!(
            verify_v2(Some(&auth), &req, secret, later, skew),
            Err(VerifyError::ClockSkew { .. })
        ));
        let other = sign_v2(&AkSk::new("nobody", "sk"), &DOC, now, &req).into_authorization();
        assert_eq!(
            verify_v2(Some(&other), &req, secret, now, skew),
            Err(VerifyError::UnknownAccessKey("nobody".into()))
        );
        assert!(matches!(
            verify_v2(None, &req, secret, now, skew),
            Err(VerifyError::Malformed(_))
        ));
        assert!(matches!(
            verify_v2(Some("Bearer x"), &req, secret, now, skew),
            Err(VerifyError::Malformed(_))
        ));
        let odd_headers = auth.replace("/content-type;host/", "/content-length;host/");
        assert!(matches!(
            verify_v2(Some(&odd_headers), &req, secret, now, skew),
            Err(VerifyError::UnexpectedSignedHeaders { .. })
        ));
    }

    #[test]
    fn verify_signs_the_timestamp_text_it_received() {
        let creds = AkSk::new("ak", "sk");
        let now = at("2026-11-21T08:30:00Z");
        let req = get_x();
        let skew = Duration::from_secs(300);
        // A client that signs without milliseconds is verified against its own text.
        let without_millis =
            sign_with_timestamp(&creds, &DOC, "2026-11-21T08:30:00Z", &req).into_authorization();
        assert_eq!(
            verify_v2(Some(&without_millis), &req, secret, now, skew),
            Ok(DOC.with_timestamp(TimestampFormat::Seconds))
        );
        // The same instant written otherwise is not the text that was signed.
        let signed = sign_v2(&creds, &DOC, now, &req).into_authorization();
        let rewritten = signed.replace("2026-11-21T08:30:00.000Z", "2026-11-21T08:30:00Z");
        assert_eq!(
            verify_v2(Some(&rewritten), &req, secret, now, skew),
            Err(VerifyError::SignatureMismatch)
        );
        for other_form in [
            "2026-11-21t10:30:00+02:00",
            "2026-11-21T08:30:00.0Z",
            "2026-11-21T08:30:00.000000Z",
        ] {
            let offset = signed.replace("2026-11-21T08:30:00.000Z", other_form);
            assert!(
                matches!(
                    verify_v2(Some(&offset), &req, secret, now, skew),
                    Err(VerifyError::Malformed(_))
                ),
                "{other_form}"
            );
        }
    }

    /// The request as a client under `profile` sends it to `h:1`: the Host without the
    /// port under `host=no-port`.
    fn sent_under(
        profile: &SigningProfile,
        request: &SignableRequest<'static>,
    ) -> SignableRequest<'static> {
        SignableRequest {
            host: if profile.host == HostForm::NoPort {
                "h"
            } else {
                "h:1"
            },
            ..request.clone()
        }
    }

    #[test]
    fn every_profile_is_accepted_and_recognised_unless_one_is_required() {
        let creds = AkSk::new("ak", "sk");
        let now = at("2026-11-21T08:30:00Z");
        let post = SignableRequest {
            method: "POST",
            body: Some(b"{}"),
            ..get_x()
        };
        for request in [get_x(), post] {
            for profile in SigningProfile::all() {
                let sent = sent_under(&profile, &request);
                let auth = sign_v2(&creds, &profile, now, &sent).into_authorization();
                let options = VerifyOptions::new(Duration::ZERO).port(1);
                assert_eq!(
                    verify_v2_with(Some(&auth), &sent, secret, now, &options),
                    Ok(profile),
                    "{profile} accepted and recognised"
                );
                for required in SigningProfile::all() {
                    let result =
                        verify_v2_with(Some(&auth), &sent, secret, now, &options.only(required));
                    if required == profile {
                        assert_eq!(result, Ok(profile));
                    } else {
                        let Err(VerifyError::WrongProfile {
                            required: r,
                            reason,
                        }) = result
                        else {
                            panic!("{profile} under {required}: {result:?}");
                        };
                        assert_eq!(r, required);
                        assert!(reason.contains('='), "{reason}");
                    }
                }
            }
        }
    }

    #[test]
    fn knobs_a_request_cannot_show_follow_the_required_profile() {
        let creds = AkSk::new("ak", "sk");
        let now = at("2026-11-21T08:30:00Z");
        // No Content-Type, no body: both header sets are `host`; a query: the query line's
        // knob makes no difference; no port known: the Host form cannot be told.
        let bare = SignableRequest {
            query: Some("a=1"),
            content_type: None,
            ..get_x()
        };
        let auth = sign_v2(&creds, &DOC, now, &bare).into_authorization();
        let options = VerifyOptions::new(Duration::ZERO);
        assert_eq!(
            verify_v2_with(Some(&auth), &bare, secret, now, &options),
            Ok(DOC)
        );
        let demo_but_millis = SigningProfile::JAVA_DEMO.with_timestamp(TimestampFormat::Millis);
        let bare_no_port = SignableRequest {
            host: "h",
            ..bare.clone()
        };
        let auth = sign_v2(&creds, &demo_but_millis, now, &bare_no_port).into_authorization();
        assert_eq!(
            verify_v2_with(
                Some(&auth),
                &bare_no_port,
                secret,
                now,
                &options.only(demo_but_millis)
            ),
            Ok(demo_but_millis)
        );
        let message = verify_v2_with(
            Some(&auth),
            &bare_no_port,
            secret,
            now,
            &options.only(SigningProfile::JAVA_DEMO),
        )
        .unwrap_err()
        .to_string();
        assert!(
            message.contains("only the signing profile java-demo") && message.contains("ts=millis"),
            "{message}"
        );
    }
}
