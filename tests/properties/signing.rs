//! Signing: canonicalization, signatures under every profile, verification.

use super::*;

pub(crate) const MIN_MILLIS: i64 = -62_135_596_800_000; // 0001-01-01T00:00:00Z
pub(crate) const MAX_MILLIS: i64 = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z

#[derive(Debug, Clone)]
pub(crate) struct Request {
    method: String,
    path: String,
    query: Option<String>,
    host: String,
    content_type: Option<String>,
    body: Option<Vec<u8>>,
}

impl Request {
    pub(crate) fn signable(&self) -> SignableRequest<'_> {
        SignableRequest {
            method: &self.method,
            path: &self.path,
            query: self.query.as_deref(),
            host: &self.host,
            content_type: self.content_type.as_deref(),
            body: self.body.as_deref(),
        }
    }
}

pub(crate) fn raw_query() -> BoxedStrategy<String> {
    prop_oneof![
        // Query-ish: names, values, separators, escapes valid or not, '+'.
        "([a-zA-Z0-9_.~ +-]|%[0-9a-fA-F]{2}|%[g-z]?|&|=|é|\u{0}){0,40}",
        // Anything.
        ".{0,30}",
    ]
    .boxed()
}

pub(crate) fn request() -> impl Strategy<Value = Request> {
    (
        prop_oneof![
            3 => select(&["GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "get", "Post"][..]).prop_map(str::to_owned),
            1 => "[A-Z]{1,10}",
        ],
        "/[ -~]{0,40}",
        proptest::option::of(raw_query()),
        prop_oneof![
            "[a-z0-9.-]{1,20}(:[0-9]{1,5})?",
            ".{0,20}",
        ],
        proptest::option::of(prop_oneof![
            Just("application/json; charset=UTF-8".to_owned()),
            ".{0,30}",
        ]),
        proptest::option::of(prop::collection::vec(any::<u8>(), 0..256)),
    )
        .prop_map(|(method, path, query, host, content_type, body)| Request {
            method,
            path,
            query,
            host,
            content_type,
            body,
        })
}

/// Only `A-Z a-z 0-9 - . _ ~`, and `%` followed by two upper-case hex digits.
pub(crate) fn is_normalized(s: &str) -> bool {
    let b = s.as_bytes();
    let hex = |c: Option<&u8>| c.is_some_and(|c| c.is_ascii_digit() || (b'A'..=b'F').contains(c));
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => i += 1,
            b'%' if hex(b.get(i + 1)) && hex(b.get(i + 2)) => i += 3,
            _ => return false,
        }
    }
    true
}

proptest! {
    #![proptest_config(config(PURE_CASES))]

    /// (d) `normalize` leaves only unreserved characters and upper-case escapes, and loses
    /// nothing (decoding gives the bytes back).
    #[test]
    fn normalize_leaves_only_unreserved_characters_and_loses_nothing(bytes in prop::collection::vec(any::<u8>(), 0..128)) {
        let normalized = normalize(&bytes);
        prop_assert!(is_normalized(&normalized), "{:?}", normalized);
        let decoded: Vec<u8> = percent_encoding::percent_decode_str(&normalized).collect();
        prop_assert_eq!(decoded, bytes);
    }

    /// (d) The canonical query is made of normalized `name=value` pairs, sorted, and
    /// canonicalizing it again changes nothing.
    #[test]
    fn canonical_query_is_a_fixed_point(query in proptest::option::of(raw_query())) {
        let canonical = canonical_query(query.as_deref());
        prop_assert_eq!(canonical_query(Some(&canonical)), canonical.clone());
        let pairs: Vec<&str> = canonical.split('&').filter(|p| !p.is_empty()).collect();
        for pair in &pairs {
            let (name, value) = pair.split_once('=').unwrap();
            prop_assert!(is_normalized(name) && is_normalized(value), "{:?}", pair);
        }
        prop_assert!(pairs.windows(2).all(|w| w[0] <= w[1]), "not sorted: {:?}", canonical);
    }

    /// (d) The canonical request of any request under any profile: method, path, canonical
    /// query (left out without a query under `query-line=omit`), signed headers, one line per
    /// signed header, normalized body.
    #[test]
    fn canonical_request_has_its_documented_shape(request in request(), profile in profile()) {
        let signable = request.signable();
        let canonical = canonical_request(&signable, &profile);
        let lines: Vec<&str> = canonical.split('\n').collect();
        let has_query = request.query.as_deref().is_some_and(|q| !q.is_empty());
        let query_line = usize::from(has_query || profile.query_line == QueryLine::Keep);
        let signed_headers = lines[2 + query_line];
        let headers: Vec<&str> = signed_headers.split(';').collect();
        prop_assert_eq!(lines.len(), 4 + query_line + headers.len(), "{:?}", canonical);
        prop_assert_eq!(lines[0], request.method.to_ascii_uppercase());
        prop_assert_eq!(lines[1], request.path.as_str());
        if query_line == 1 {
            prop_assert_eq!(lines[2], canonical_query(signable.query));
        }
        prop_assert_eq!(signed_headers, huawei_cec::auth::signed_headers(&signable, &profile));
        let mut expected = Vec::new();
        if profile.headers == HeaderSet::Standard {
            if request.body.is_some() {
                expected.push("content-length");
            }
            if request.content_type.is_some() {
                expected.push("content-type");
            }
        }
        expected.push("host");
        prop_assert_eq!(&headers, &expected);
        let header_lines = &lines[3 + query_line..3 + query_line + headers.len()];
        for (line, name) in header_lines.iter().zip(&headers) {
            let value = line.strip_prefix(&format!("{name}:"));
            prop_assert!(value.is_some_and(is_normalized), "{:?}", line);
        }
        let host = header_lines.last().unwrap().strip_prefix("host:").unwrap();
        prop_assert_eq!(host, normalize(profile.host_value(&request.host).trim().as_bytes()));
        let body = normalize(request.body.as_deref().unwrap_or_default());
        prop_assert_eq!(lines[lines.len() - 1], body.as_str());
    }

    /// (d) Signing streams the canonical request into the HMAC; rendering it gives the very
    /// bytes that were signed: for any request and every profile, the signature is the HMAC
    /// (keyed with the signing key) of the rendered canonical request, and the signer that
    /// reuses its keys signs alike.
    #[test]
    fn the_streamed_signature_is_the_hmac_of_the_rendered_canonical_request(
        request in request(),
        access_key in "[A-Za-z0-9_-]{1,16}",
        secret_key in "[!-~]{1,32}",
        millis in MIN_MILLIS..=MAX_MILLIS,
    ) {
        use hmac::Mac;
        let time: DateTime<Utc> = DateTime::from_timestamp_millis(millis).unwrap();
        let signable = request.signable();
        let credentials = AkSk::new(access_key.clone(), secret_key.clone());
        for profile in SigningProfile::all() {
            let signed = sign_v2(&credentials, &profile, time, &signable);
            let prefix = format!("auth-v2/{access_key}/{}/{}", signed.timestamp(), signed.signed_headers());
            let key = signing_key(&secret_key, &prefix);
            let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key.as_bytes()).unwrap();
            mac.update(canonical_request(&signable, &profile).as_bytes());
            let rendered = hex::encode(mac.finalize().into_bytes());
            prop_assert_eq!(signed.signature(), rendered.as_str(), "{}", profile);
            prop_assert_eq!(signed.authorization(), format!("{prefix}/{rendered}"));
            let signer = Signer::new(credentials.clone(), profile).unwrap();
            prop_assert_eq!(&signer.sign(time, &signable), &signed);
            prop_assert_eq!(&signer.sign(time, &signable), &signed, "with the cached key");
        }
    }

    /// (d) What is signed under any profile verifies (under every profile, and under that
    /// one when the server insists); a request with one body byte changed, or another path,
    /// does not.
    #[test]
    fn signatures_verify_and_tampering_is_detected(
        request in request(),
        profile in profile(),
        access_key in "[A-Za-z0-9_-]{1,16}",
        secret_key in "[!-~]{1,32}",
        millis in MIN_MILLIS..=MAX_MILLIS,
        flip in (any::<prop::sample::Index>(), 1u8..=255),
        other_path in "/[ -~]{0,40}",
    ) {
        let time: DateTime<Utc> = DateTime::from_timestamp_millis(millis).unwrap();
        let signed = sign_v2(&AkSk::new(access_key.clone(), secret_key.clone()), &profile, time, &request.signable());
        // The server receives the Host the profile sends.
        let received = SignableRequest { host: profile.host_value(&request.host), ..request.signable() };
        let verify = |r: &SignableRequest<'_>, options: VerifyOptions| {
            verify_v2_with(
                Some(signed.authorization()),
                r,
                |ak| (ak == access_key).then(|| secret_key.clone()),
                time,
                &options,
            )
        };
        // A timestamp without milliseconds is up to a second behind the time it was made.
        let any = VerifyOptions::new(Duration::from_secs(1));
        prop_assert!(verify(&received, any).is_ok(), "{:?}", signed);
        prop_assert_eq!(verify(&received, any.only(profile)), Ok(profile), "{:?}", signed);
        if let Some(body) = request.body.as_deref().filter(|b| !b.is_empty()) {
            let mut changed = body.to_vec();
            changed[flip.0.index(body.len())] ^= flip.1;
            let tampered = SignableRequest { body: Some(&changed), ..received.clone() };
            prop_assert_eq!(verify(&tampered, any), Err(VerifyError::SignatureMismatch));
        }
        if other_path != request.path {
            let tampered = SignableRequest { path: &other_path, ..received.clone() };
            prop_assert_eq!(verify(&tampered, any), Err(VerifyError::SignatureMismatch));
        }
    }

    /// (d) A profile's text reads back as the profile, and any text either reads as a
    /// profile or is refused with the list of what is allowed.
    #[test]
    fn profiles_read_back_and_bad_ones_say_what_is_allowed(
        profile in profile(),
        text in prop_oneof!["[a-z=,-]{0,40}", ".{0,20}"],
    ) {
        prop_assert_eq!(profile.to_string().parse::<SigningProfile>(), Ok(profile));
        prop_assert_eq!(profile.knobs().parse::<SigningProfile>(), Ok(profile));
        if let Err(e) = text.parse::<SigningProfile>() {
            // Every refusal says what is allowed: the whole syntax, or the knob's values.
            let e = e.to_string();
            prop_assert!(
                e.contains(huawei_cec::auth::PROFILE_SYNTAX)
                    || e.contains(" is not allowed: ")
                    || e.contains(" is given twice in "),
                "{}",
                e
            );
        }
    }
}

pub(crate) fn profile() -> impl Strategy<Value = SigningProfile> {
    select(SigningProfile::all().collect::<Vec<_>>())
}

/// `Authorization` headers a server may receive: well-formed with odd parts, or anything.
pub(crate) fn authorization() -> BoxedStrategy<String> {
    let part = || prop_oneof!["[a-zA-Z0-9_;-]{0,12}", ".{0,8}"];
    let timestamp = prop_oneof![
        select(
            &[
                "2026-11-21T08:30:00.000Z",
                "2026-11-21T08:30:00Z",
                "2026-11-21t08:30:00.000z",
                "2026-11-21T10:30:00.000+02:00",
                "2016-12-31T23:59:60.999Z",
                "9999-12-31T23:59:59.999-23:59",
                "0000-01-01T00:00:00Z",
                "2026-11-21T08:30:00.123456789123Z",
            ][..]
        )
        .prop_map(str::to_owned),
        "[0-9T:.Z+-]{0,30}",
    ];
    prop_oneof![
        3 => (
            select(&["auth-v2", "auth-v1", "AUTH-V2", ""][..]),
            part(),
            timestamp,
            select(&["host", "content-length;content-type;host", "content-type", ""][..]),
            prop_oneof!["[0-9a-f]{64}", part()],
        )
            .prop_map(|(scheme, ak, ts, headers, sig)| format!("{scheme}/{ak}/{ts}/{headers}/{sig}")),
        1 => ".{0,100}",
    ]
    .boxed()
}

proptest! {
    #![proptest_config(config(PURE_CASES))]

    /// (d) Server side: any `Authorization` header is accepted or refused with a reason,
    /// never a panic, whatever the clock and the allowed skew.
    #[test]
    fn verify_v2_survives_any_authorization_header(
        header in authorization(),
        request in request(),
        now in MIN_MILLIS..=MAX_MILLIS,
        max_skew in prop_oneof![Just(Duration::ZERO), Just(Duration::from_secs(300)), Just(Duration::MAX)],
    ) {
        let now = DateTime::from_timestamp_millis(now).unwrap();
        let result = verify_v2(Some(&header), &request.signable(), |_| Some("sk".to_owned()), now, max_skew);
        if let Err(e) = result {
            let _ = e.to_string();
        }
    }
}
