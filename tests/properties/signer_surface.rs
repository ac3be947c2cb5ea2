//! The signer's public surface takes any input without panicking: credentials of any text
//! (refused with the reason by `AkSk::check` and `Signer::new`, never half-accepted), any
//! instant chrono can hold, any request a caller can build (any header bytes, a streaming
//! body), any text to parse.

use chrono::TimeZone;
use huawei_cec::auth::{
    SigningError, TimestampFormat, format_timestamp, host_header, parse_timestamp, signed_headers,
};
use huawei_cec::reqwest;

use super::signing::request;
use super::*;

/// Any instant chrono can hold, its extremes included.
fn any_time() -> impl Strategy<Value = DateTime<Utc>> {
    let (min, max) = (
        DateTime::<Utc>::MIN_UTC.timestamp_millis(),
        DateTime::<Utc>::MAX_UTC.timestamp_millis(),
    );
    prop_oneof![
        1 => Just(DateTime::<Utc>::MIN_UTC),
        1 => Just(DateTime::<Utc>::MAX_UTC),
        8 => (min..=max).prop_map(|ms| Utc.timestamp_millis_opt(ms).single().unwrap()),
    ]
}

/// Keys of any text, and keys that are nearly valid.
fn any_key() -> impl Strategy<Value = String> {
    prop_oneof![
        "[!-~]{1,24}",
        any::<String>(),
        "[a-z]{0,4}[/ \t\r\n\u{7f}\u{e9}\u{0}][a-z]{0,4}",
    ]
}

/// Whether a key can sign, as documented: non-empty visible ASCII, no `/` in the AK.
fn can_sign(ak: &str, sk: &str) -> bool {
    let visible = |k: &str| !k.is_empty() && k.bytes().all(|b| b.is_ascii_graphic());
    visible(ak) && visible(sk) && !ak.contains('/')
}

/// Header values as a caller may set them: any bytes a header value may hold, obs-text
/// (0x80 to 0xFF) included, which is not text.
fn header_value() -> impl Strategy<Value = reqwest::header::HeaderValue> {
    prop::collection::vec(
        prop_oneof![9 => 0x20u8..0x7f, 1 => 0x80u8..=0xff, 1 => Just(b'\t')],
        0..40,
    )
    .prop_filter_map("a header value", |bytes| {
        reqwest::header::HeaderValue::from_bytes(&bytes).ok()
    })
}

/// URLs as a caller may give them: user information, IPv6 hosts, ports (default or not),
/// paths and queries of any characters (the URL parser encodes them).
fn url() -> impl Strategy<Value = reqwest::Url> {
    (
        select(&["http", "https"][..]),
        proptest::option::of("[a-z]{1,6}(:[a-z0-9%]{0,6})?@"),
        select(
            &[
                "h.example",
                "127.0.0.1",
                "[::1]",
                "xn--bcher-kva.example",
                "a-b.c",
            ][..],
        ),
        proptest::option::of(prop_oneof![Just(80u16), Just(443u16), any::<u16>()]),
        ".{0,20}",
        proptest::option::of(".{0,20}"),
    )
        .prop_filter_map("a URL", |(scheme, user, host, port, path, query)| {
            let port = port.map(|p| format!(":{p}")).unwrap_or_default();
            let mut url = reqwest::Url::parse(&format!(
                "{scheme}://{}{host}{port}/",
                user.unwrap_or_default()
            ))
            .ok()?;
            url.set_path(&path);
            url.set_query(query.as_deref());
            Some(url)
        })
}

#[derive(Debug, Clone)]
enum Body {
    None,
    Bytes(Vec<u8>),
    Stream(String),
}

fn body() -> impl Strategy<Value = Body> {
    prop_oneof![
        Just(Body::None),
        prop::collection::vec(any::<u8>(), 0..64).prop_map(Body::Bytes),
        ".{0,16}".prop_map(Body::Stream),
    ]
}

proptest! {
    #![proptest_config(config(PURE_CASES))]

    /// Credentials of any text: checked without panicking, accepted exactly when they can
    /// sign, by `AkSk::check` and `Signer::new` alike; and signing with unchecked ones
    /// (`sign_v2` takes any) still gives a signature rather than a panic.
    #[test]
    fn credentials_of_any_text_are_checked_and_never_panic(
        ak in any_key(),
        sk in any_key(),
        profile in select(SigningProfile::all().collect::<Vec<_>>()),
        time in any_time(),
        request in request(),
    ) {
        let credentials = AkSk::new(ak.clone(), sk.clone());
        let checked = credentials.check();
        prop_assert_eq!(checked.is_ok(), can_sign(&ak, &sk), "{:?}", checked);
        if let Err(error) = &checked {
            prop_assert!(
                matches!(error, SigningError::InvalidCredentials { .. }),
                "{:?}",
                error
            );
            // The reason, never the key (a key too short to tell from the message's own
            // words, " no" say, is not looked for).
            let shown = format!("{error} {error:?}");
            prop_assert!(sk.len() < 8 || !shown.contains(&sk), "{}", shown);
        }
        let signer = Signer::new(credentials.clone(), profile);
        prop_assert_eq!(signer.is_ok(), checked.is_ok());
        let signed = sign_v2(&credentials, &profile, time, &request.signable());
        prop_assert_eq!(signed.signature().len(), 64);
        prop_assert_eq!(signed.timestamp(), format_timestamp(time, profile.timestamp));
        if let Ok(signer) = signer {
            prop_assert_eq!(signer.sign(time, &request.signable()), signed);
        }
    }

    /// Any request a caller can build is signed, or refused with the reason and left as it
    /// was (a streaming body): never a panic. What is signed is what goes out.
    #[test]
    fn sign_request_signs_any_request_or_refuses_it(
        ak in "[!-.0-~]{1,16}",
        sk in "[!-~]{1,24}",
        profile in select(SigningProfile::all().collect::<Vec<_>>()),
        time in any_time(),
        method in select(&["GET", "POST", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS", "X-CUSTOM"][..]),
        url in url(),
        host in proptest::option::of(header_value()),
        content_type in proptest::option::of(header_value()),
        body in body(),
    ) {
        let signer = Signer::new(AkSk::new(ak, sk), profile).unwrap();
        let mut request = reqwest::Request::new(method.parse().unwrap(), url);
        let headers = request.headers_mut();
        if let Some(host) = host {
            headers.insert("host", host);
        }
        if let Some(content_type) = content_type {
            headers.insert("content-type", content_type);
        }
        let streaming = matches!(body, Body::Stream(_));
        *request.body_mut() = match body {
            Body::None => None,
            Body::Bytes(bytes) => Some(bytes.into()),
            Body::Stream(text) => Some(reqwest::Body::wrap(text)),
        };
        let before = request.headers().clone();
        match signer.sign_request(&mut request, time) {
            Ok(output) => {
                prop_assert!(!streaming);
                let sent = request.headers().get("authorization").unwrap();
                prop_assert_eq!(sent.to_str().unwrap(), output.authorization());
                prop_assert!(sent.is_sensitive());
            }
            Err(error) => {
                prop_assert!(streaming, "{:?}", error);
                prop_assert_eq!(error, SigningError::StreamingBody);
                prop_assert_eq!(request.headers(), &before, "a refused request is left as it was");
            }
        }
    }

    /// The free functions take any value of their types.
    #[test]
    fn the_signing_helpers_take_any_input(
        time in any_time(),
        text in any::<String>(),
        url in url(),
        request in request(),
        profile in select(SigningProfile::all().collect::<Vec<_>>()),
    ) {
        for format in [TimestampFormat::Millis, TimestampFormat::Seconds] {
            let written = format_timestamp(time, format);
            // Within the years the format has four digits for, it reads back.
            if (0..=9999).contains(&chrono::Datelike::year(&time)) {
                let read = parse_timestamp(&written).unwrap();
                prop_assert!((time - read).num_milliseconds().abs() < 1000, "{} {}", written, read);
            }
        }
        let _ = parse_timestamp(&text);
        let _ = host_header(&url);
        let _ = text.parse::<SigningProfile>();
        let _ = profile.host_value(&text);
        let _ = canonical_query(Some(&text));
        let _ = normalize(text.as_bytes());
        let _ = signed_headers(&request.signable(), &profile);
        let _ = canonical_request(&request.signable(), &profile);
    }
}

/// The two panics the issue reported, as examples: an access key with a control character
/// (refused when the signer is made) and a streaming body (refused when signing).
#[test]
fn the_reported_panics_are_errors() {
    let refused = Signer::new(AkSk::new("a\nb", "sk"), SigningProfile::DOCUMENTED).unwrap_err();
    assert!(matches!(
        refused,
        SigningError::InvalidCredentials {
            key: "access key (AK)",
            ..
        }
    ));
    let signer = Signer::new(AkSk::new("ak", "sk"), SigningProfile::DOCUMENTED).unwrap();
    let mut request =
        reqwest::Request::new(reqwest::Method::POST, "http://h.example/p".parse().unwrap());
    *request.body_mut() = Some(reqwest::Body::wrap(String::from("{}")));
    assert_eq!(
        signer.sign_request(&mut request, Utc::now()).unwrap_err(),
        SigningError::StreamingBody
    );
    assert!(request.headers().get("authorization").is_none());
}
