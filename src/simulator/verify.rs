//! The server side of `auth-v2`: checks a request's signature as the simulator receives it.
//!
//! It lives beside the simulator because only a server needs it; the client signs with
//! [`crate::auth`]. It recomputes the signature with the client's own signer from the
//! timestamp text received, so the two cannot drift apart, and compares in constant time.

use std::fmt;
use std::time::Duration;

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::auth::signing::sign_with_timestamp;
use crate::auth::{AkSk, SignableRequest, parse_timestamp};

type HmacSha256 = Hmac<Sha256>;

/// Why a server rejected an `auth-v2` signature.
#[derive(Debug, Clone, PartialEq, Eq)]
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
            Self::SignatureMismatch => f.write_str("signature does not match the request"),
        }
    }
}

impl std::error::Error for VerifyError {}

/// Server side: checks an `auth-v2` `Authorization` header against the request as received.
///
/// `secret_for` maps an access key to its secret key. The request's time must be within
/// `max_skew` of `now`. Used by the simulator; independent test vectors pin the scheme.
pub fn verify_v2(
    authorization: Option<&str>,
    request: &SignableRequest<'_>,
    secret_for: impl Fn(&str) -> Option<String>,
    now: DateTime<Utc>,
    max_skew: Duration,
) -> Result<(), VerifyError> {
    let header =
        authorization.ok_or_else(|| VerifyError::Malformed("no Authorization header".into()))?;
    let parts: Vec<&str> = header.split('/').collect();
    let [scheme, ak, timestamp, signed_headers, signature] = parts[..] else {
        return Err(VerifyError::Malformed(
            "expected auth-v2/{AK}/{timestamp}/{SignedHeaders}/{Signature}".into(),
        ));
    };
    if scheme != "auth-v2" {
        return Err(VerifyError::Malformed(format!(
            "scheme {scheme:?} is not auth-v2"
        )));
    }
    let time = parse_timestamp(timestamp).ok_or_else(|| {
        VerifyError::Malformed(format!(
            "timestamp {timestamp:?} is not yyyy-MM-ddTHH:mm:ss.SSSZ (UTC)"
        ))
    })?;
    let skew = (now - time).abs().to_std().unwrap_or(Duration::MAX);
    if skew > max_skew {
        return Err(VerifyError::ClockSkew { skew });
    }
    if !signed_headers.split(';').any(|h| h == "host") {
        return Err(VerifyError::MissingSignedHeader("host"));
    }
    let secret = secret_for(ak).ok_or_else(|| VerifyError::UnknownAccessKey(ak.to_owned()))?;
    let expected = sign_with_timestamp(&AkSk::new(ak, secret), timestamp, request);
    if expected.signed_headers != signed_headers {
        return Err(VerifyError::SignatureMismatch);
    }
    let expected_signature = expected
        .authorization
        .rsplit('/')
        .next()
        .unwrap_or_default();
    // Constant-time comparison of the signatures.
    let mut mac = HmacSha256::new_from_slice(b"compare").expect("any key");
    mac.update(expected_signature.as_bytes());
    let expected_tag = mac.finalize().into_bytes();
    let mut mac = HmacSha256::new_from_slice(b"compare").expect("any key");
    mac.update(signature.as_bytes());
    mac.verify_slice(&expected_tag)
        .map_err(|_| VerifyError::SignatureMismatch)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::{AkSk, sign_v2};

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

    #[test]
    fn verify_accepts_a_good_signature_and_names_what_is_wrong_otherwise() {
        let creds = AkSk::new("ak", "sk");
        let now = at("2026-11-21T08:30:00Z");
        let req = get_x();
        let auth = sign_v2(&creds, now, &req).authorization;
        let secret = |ak: &str| (ak == "ak").then(|| "sk".to_owned());
        let skew = Duration::from_secs(300);
        assert_eq!(verify_v2(Some(&auth), &req, secret, now, skew), Ok(()));
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
        let other = sign_v2(&AkSk::new("nobody", "sk"), now, &req).authorization;
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
    }

    #[test]
    fn verify_signs_the_timestamp_text_it_received() {
        let creds = AkSk::new("ak", "sk");
        let now = at("2026-11-21T08:30:00Z");
        let req = get_x();
        let secret = |ak: &str| (ak == "ak").then(|| "sk".to_owned());
        let skew = Duration::from_secs(300);
        // A client that signs without milliseconds is verified against its own text.
        let without_millis =
            sign_with_timestamp(&creds, "2026-11-21T08:30:00Z", &req).authorization;
        assert_eq!(
            verify_v2(Some(&without_millis), &req, secret, now, skew),
            Ok(())
        );
        // The same instant written otherwise is not the text that was signed.
        let signed = sign_v2(&creds, now, &req).authorization;
        let rewritten = signed.replace("2026-11-21T08:30:00.000Z", "2026-11-21T08:30:00Z");
        assert_eq!(
            verify_v2(Some(&rewritten), &req, secret, now, skew),
            Err(VerifyError::SignatureMismatch)
        );
        let offset = signed.replace("2026-11-21T08:30:00.000Z", "2026-11-21t10:30:00+02:00");
        assert!(matches!(
            verify_v2(Some(&offset), &req, secret, now, skew),
            Err(VerifyError::Malformed(_))
        ));
    }
}
