//! The auth-v2 signer from arbitrary method, path, query, host, content type, body and
//! signing profile: canonicalization and signing never panic, the canonical request has its
//! documented shape, the streamed signature is the HMAC of the rendered canonical request,
//! and what is signed verifies (while a changed body or path does not); verifying any
//! `Authorization` header never panics.

use std::time::Duration;

use arbitrary::Arbitrary;
use chrono::{DateTime, Utc};
use hmac::Mac;
use huawei_cec::auth::{
    AkSk, HeaderSet, QueryLine, SignableRequest, SigningProfile, canonical_query,
    canonical_request, normalize, sign_v2, signed_headers, signing_key,
};
use huawei_cec::simulator::{VerifyError, VerifyOptions, verify_v2_with};

#[derive(Arbitrary, Debug)]
enum Method {
    Get,
    Post,
    Put,
    Delete,
    Head,
    Patch,
    Other(String),
}

#[derive(Arbitrary, Debug)]
struct Input {
    method: Method,
    path: String,
    query: Option<String>,
    host: String,
    content_type: Option<String>,
    body: Option<Vec<u8>>,
    access_key: String,
    secret_key: String,
    /// Milliseconds since the epoch, folded into years 1..=9999 (what the timestamp format
    /// `yyyy-MM-dd'T'HH:mm:ss.SSS'Z'` can carry).
    millis: i64,
    /// An `Authorization` header as a server may receive it (checked against the request).
    authorization: Option<String>,
    /// Which body byte to change, and how.
    flip: (usize, u8),
    /// The signing profile: one of the 16.
    profile: u8,
}

const MIN_MILLIS: i64 = -62_135_596_800_000; // 0001-01-01T00:00:00Z
const MAX_MILLIS: i64 = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z

fn only_allowed(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => i += 1,
            b'%' => {
                let hex = |c: Option<&u8>| {
                    c.is_some_and(|c| c.is_ascii_digit() || (b'A'..=b'F').contains(c))
                };
                if !hex(b.get(i + 1)) || !hex(b.get(i + 2)) {
                    return false;
                }
                i += 3;
            }
            _ => return false,
        }
    }
    true
}

/// The check of one input (read as libFuzzer's `fuzz_target!` reads it): panics when it
/// finds a fault.
pub fn check(data: &[u8]) {
    let Ok(input) = <Input as Arbitrary>::arbitrary_take_rest(arbitrary::Unstructured::new(data))
    else {
        return;
    };
    let method = match &input.method {
        Method::Get => "GET",
        Method::Post => "POST",
        Method::Put => "PUT",
        Method::Delete => "DELETE",
        Method::Head => "HEAD",
        Method::Patch => "PATCH",
        Method::Other(m) => m.as_str(),
    };
    let request = SignableRequest {
        method,
        path: &input.path,
        query: input.query.as_deref(),
        host: &input.host,
        content_type: input.content_type.as_deref(),
        body: input.body.as_deref(),
    };

    let profile = SigningProfile::all()
        .nth(usize::from(input.profile % 16))
        .expect("16 profiles");

    // Canonicalization.
    let canonical = canonical_request(&request, &profile);
    let signed_headers = signed_headers(&request, &profile);
    let query = canonical_query(request.query);
    assert_eq!(
        canonical_query(Some(&query)),
        query,
        "the canonical query is not a fixed point"
    );
    let body = normalize(request.body.unwrap_or_default());
    assert!(only_allowed(&body), "normalize left {body:?}");
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').expect("every canonical pair has '='");
        assert!(only_allowed(name) && only_allowed(value), "pair {pair:?}");
    }
    if !method.contains('\n') && !input.path.contains('\n') {
        let lines: Vec<&str> = canonical.split('\n').collect();
        let headers: Vec<&str> = signed_headers.split(';').collect();
        let has_query = request.query.is_some_and(|q| !q.is_empty());
        let q = usize::from(has_query || profile.query_line == QueryLine::Keep);
        assert_eq!(lines.len(), 4 + q + headers.len(), "{canonical:?}");
        assert_eq!(lines[0], method.to_ascii_uppercase());
        assert_eq!(lines[1], input.path);
        if q == 1 {
            assert_eq!(lines[2], query);
        }
        assert_eq!(lines[2 + q], signed_headers);
        for (line, name) in lines[3 + q..3 + q + headers.len()].iter().zip(&headers) {
            assert!(line.starts_with(&format!("{name}:")), "{line:?} for {name}");
        }
        assert_eq!(lines[lines.len() - 1], body);
        assert_eq!(headers.last(), Some(&"host"));
        let standard = profile.headers == HeaderSet::Standard;
        assert_eq!(
            headers.contains(&"content-length"),
            standard && request.body.is_some()
        );
        assert_eq!(
            headers.contains(&"content-type"),
            standard && request.content_type.is_some()
        );
    }

    // Signing and verification. An access key holding '/' cannot be carried by the
    // `auth-v2/AK/...` header at all; real ones are alphanumeric.
    let access_key = if input.access_key.is_empty() || input.access_key.contains('/') {
        "ak".to_owned()
    } else {
        input.access_key.clone()
    };
    let span = MAX_MILLIS - MIN_MILLIS + 1;
    let millis = MIN_MILLIS + input.millis.rem_euclid(span);
    let time: DateTime<Utc> = DateTime::from_timestamp_millis(millis).expect("in range");
    let credentials = AkSk::new(access_key.clone(), input.secret_key.clone());
    let signed = sign_v2(&credentials, &profile, time, &request);
    assert_eq!(signed.signed_headers(), signed_headers);
    // The streamed signature is the HMAC of the rendered canonical request.
    let prefix = format!(
        "auth-v2/{access_key}/{}/{signed_headers}",
        signed.timestamp()
    );
    let key = signing_key(&input.secret_key, &prefix);
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key.as_bytes()).expect("any key");
    mac.update(canonical.as_bytes());
    assert_eq!(signed.signature(), hex::encode(mac.finalize().into_bytes()));

    // The server receives the Host the profile sends.
    let request = SignableRequest {
        host: profile.host_value(request.host),
        ..request
    };
    let secret = |ak: &str| (ak == access_key).then(|| input.secret_key.clone());
    // A timestamp without milliseconds is up to a second behind the time it was made.
    let options = VerifyOptions::new(Duration::from_secs(1));
    let verify = |request: &SignableRequest<'_>| {
        verify_v2_with(
            Some(signed.authorization()),
            request,
            secret,
            time,
            &options,
        )
    };
    assert!(verify(&request).is_ok(), "{signed:?}");
    assert_eq!(
        verify_v2_with(
            Some(signed.authorization()),
            &request,
            secret,
            time,
            &options.only(profile)
        ),
        Ok(profile)
    );

    if let Some(body) = request.body.filter(|b| !b.is_empty()) {
        let mut changed = body.to_vec();
        let i = input.flip.0 % changed.len();
        changed[i] ^= input.flip.1.max(1);
        let tampered = SignableRequest {
            body: Some(&changed),
            ..request.clone()
        };
        assert_eq!(verify(&tampered), Err(VerifyError::SignatureMismatch));
    }
    // Server side: any header is accepted or refused with a reason, never a panic.
    if let Some(header) = &input.authorization {
        for max_skew in [Duration::ZERO, Duration::MAX] {
            for options in [
                VerifyOptions::new(max_skew),
                VerifyOptions::new(max_skew).only(profile).port(8443),
            ] {
                if let Err(e) = verify_v2_with(Some(header), &request, secret, time, &options) {
                    let _ = e.to_string();
                }
            }
        }
    }

    let other_path = format!("{}x", input.path);
    let tampered = SignableRequest {
        path: &other_path,
        ..request.clone()
    };
    assert_eq!(verify(&tampered), Err(VerifyError::SignatureMismatch));
}
