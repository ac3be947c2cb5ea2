//! Decoding: every reply type, from arbitrary bytes and structure-aware JSON.

use super::*;

/// Decodes `bytes` as `T`. When that succeeds, encoding the value and decoding it again
/// gives the same value.
pub(crate) fn decode_round_trip<T>(bytes: &[u8]) -> Result<Option<T>, TestCaseError>
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    let Ok(value) = serde_json::from_slice::<T>(bytes) else {
        return Ok(None);
    };
    let encoded = serde_json::to_vec(&value)
        .map_err(|e| TestCaseError::fail(format!("{value:?} does not encode: {e}")))?;
    let again: T = serde_json::from_slice(&encoded).map_err(|e| {
        TestCaseError::fail(format!(
            "re-encoded {} does not decode: {e}",
            String::from_utf8_lossy(&encoded)
        ))
    })?;
    prop_assert_eq!(
        &value,
        &again,
        "through {}",
        String::from_utf8_lossy(&encoded)
    );
    Ok(Some(value))
}

/// Decodes a JSON value as `T` from its bytes and from the value itself: both agree, and
/// what decodes round-trips. Returns whether it decoded.
pub(crate) fn decode_value<T>(value: &Value) -> Result<bool, TestCaseError>
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    let bytes = serde_json::to_vec(value).unwrap();
    let from_bytes = decode_round_trip::<T>(&bytes)?;
    let from_value = serde_json::from_value::<T>(value.clone()).ok();
    prop_assert_eq!(&from_bytes, &from_value, "{}", value);
    Ok(from_bytes.is_some())
}

pub(crate) fn decode_all_bytes(bytes: &[u8]) -> Result<(), TestCaseError> {
    decode_round_trip::<CallResultDetailResponse>(bytes)?;
    decode_round_trip::<ExternalResultResponse>(bytes)?;
    decode_round_trip::<CdrQueryResponse>(bytes)?;
    decode_round_trip::<CallRecordsResponse>(bytes)?;
    decode_round_trip::<UpdateResultResponse>(bytes)?;
    decode_round_trip::<TokenResponse>(bytes)?;
    decode_round_trip::<CdrRecord>(bytes)?;
    decode_round_trip::<LenientInt>(bytes)?;
    decode_round_trip::<CallStatus>(bytes)?;
    decode_round_trip::<CallType>(bytes)?;
    decode_round_trip::<MediaType>(bytes)?;
    decode_round_trip::<CdrCallResult>(bytes)?;
    // Arbitrary JSON, floats included: serde_json does not promise bit-exact float round
    // trips (`float_roundtrip` is off), so this one only decodes.
    let _ = serde_json::from_slice::<ErrorBody>(bytes);
    Ok(())
}

/// Bytes that are JSON now and then, and otherwise anything.
pub(crate) fn body_bytes() -> BoxedStrategy<Vec<u8>> {
    prop_oneof![
        2 => prop::collection::vec(any::<u8>(), 0..256),
        1 => any_json().prop_map(|v| serde_json::to_vec(&v).unwrap()),
        // JSON with one byte changed.
        1 => (any_json(), any::<prop::sample::Index>(), any::<u8>()).prop_map(|(v, i, b)| {
            let mut bytes = serde_json::to_vec(&v).unwrap();
            let i = i.index(bytes.len());
            bytes[i] = b;
            bytes
        }),
        // A page example, cut anywhere.
        1 => (select(PAGES), any::<prop::sample::Index>()).prop_map(|(name, i)| {
            let bytes = page(name);
            let end = i.index(bytes.len() + 1);
            bytes[..end].to_vec()
        }),
    ]
    .boxed()
}

pub(crate) const PAGES: &[&str] = &[
    "call_result_detail.response.json",
    "external_result.response.json",
    "cdr_by_call_id.response.json",
    "call_records.response.json",
    "update_reserved_result.response.json",
];

proptest! {
    #![proptest_config(config(PURE_CASES))]

    /// (a) Arbitrary bytes into every response type: `Ok` or `Err`, never a panic; what
    /// decodes round-trips.
    #[test]
    fn every_response_type_decodes_arbitrary_bytes(bytes in body_bytes()) {
        decode_all_bytes(&bytes)?;
    }

    /// (b) Any JSON value, keyed by the real field names, into every response type.
    #[test]
    fn every_response_type_decodes_any_json(value in any_json()) {
        let bytes = serde_json::to_vec(&value).unwrap();
        decode_all_bytes(&bytes)?;
        decode_value::<CallResultDetailResponse>(&value)?;
        decode_value::<ExternalResultResponse>(&value)?;
        decode_value::<CdrQueryResponse>(&value)?;
        decode_value::<CallRecordsResponse>(&value)?;
        decode_value::<UpdateResultResponse>(&value)?;
        decode_value::<TokenResponse>(&value)?;
    }

    /// (b) Structure-aware replies of getCallResultDetail.
    #[test]
    fn call_result_detail_replies_decode_or_fail_cleanly(value in shaped_or_any(call_result_detail_json())) {
        decode_value::<CallResultDetailResponse>(&value)?;
    }

    /// (b) Structure-aware replies of getExternalResult.
    #[test]
    fn external_result_replies_decode_or_fail_cleanly(value in shaped_or_any(external_result_json())) {
        decode_value::<ExternalResultResponse>(&value)?;
    }

    /// (b) Structure-aware replies of queryCdrByCallId.
    #[test]
    fn cdr_replies_decode_or_fail_cleanly(value in shaped_or_any(cdr_json())) {
        decode_value::<CdrQueryResponse>(&value)?;
        if let Some(record) = value.get("resultDatas") {
            decode_value::<CdrRecord>(record)?;
        }
    }

    /// (b) Structure-aware replies of queryCallRecords.
    #[test]
    fn call_records_replies_decode_or_fail_cleanly(value in shaped_or_any(call_records_json())) {
        decode_value::<CallRecordsResponse>(&value)?;
    }

    /// (b) Structure-aware replies of updateReservedCallResult.
    #[test]
    fn update_result_replies_decode_or_fail_cleanly(value in shaped_or_any(update_result_json())) {
        decode_value::<UpdateResultResponse>(&value)?;
    }

    /// (b) Structure-aware replies of tokenByAkSk.
    #[test]
    fn token_replies_decode_or_fail_cleanly(value in shaped_or_any(token_json())) {
        decode_value::<TokenResponse>(&value)?;
    }

    /// (b') A reply of the token interface, whatever its status, content type and body (a
    /// shaped reply, any JSON, or either cut short), every string in it standing for a
    /// secret: reading it gives a usable lifetime, or an error that quotes none of it (the
    /// same property as the `token_reply` fuzz target).
    #[test]
    fn token_replies_are_never_quoted(
        status in select(&[200u16, 200, 200, 201, 400, 401, 500, 502][..]),
        content_type in select(&[
            None,
            Some("application/json;charset=UTF-8"),
            Some("text/html"),
            Some(SECRET_MARKER),
            Some("application/json; x=tok3nMARKERsecret9"),
        ][..]),
        value in shaped_or_any(token_json()),
        cut in proptest::option::of(any::<prop::sample::Index>()),
    ) {
        let mut body = serde_json::to_vec(&mark_strings(value)).unwrap();
        if let Some(cut) = cut {
            body.truncate(cut.index(body.len() + 1));
        }
        match huawei_cec::token::read_reply(status, content_type, &body) {
            Ok(lifetime) => {
                prop_assert_eq!(status, 200);
                prop_assert!(!lifetime.is_zero());
                prop_assert!(std::time::Instant::now().checked_add(lifetime).is_some());
            }
            Err(e) => {
                let (display, debug) = (e.to_string(), format!("{e:?}"));
                prop_assert!(!display.contains("tok3n"), "{}", display);
                prop_assert!(!debug.contains("tok3n"), "{}", debug);
                prop_assert!(!display.chars().any(char::is_control), "{:?}", display);
                prop_assert_eq!(e.status(), Some(status));
            }
        }
    }

    /// (c) A `LenientInt` is any i64, as a number or as a (padded) decimal string.
    #[test]
    fn lenient_int_reads_numbers_and_decimal_strings(i in any::<i64>(), pad in select(&["", " ", "\t", "  "][..])) {
        for v in [json!(i), json!(i.to_string()), json!(format!("{pad}{i}{pad}"))] {
            let decoded: LenientInt = serde_json::from_value(v.clone())
                .map_err(|e| TestCaseError::fail(format!("{v}: {e}")))?;
            prop_assert_eq!(decoded.get(), i);
            prop_assert_eq!(serde_json::to_value(decoded).unwrap(), json!(i));
        }
        if i >= 0 {
            // Beyond i64: an error, not a wrap-around.
            let big = (i as u64) + (i64::MAX as u64) + 1;
            prop_assert!(serde_json::from_value::<LenientInt>(json!(big)).is_err());
        }
    }

    /// (c) A `CallStatus` reads 5 and 6 as numbers or strings and keeps any other integer.
    #[test]
    fn call_status_reads_both_forms_and_keeps_other_values(i in prop_oneof![Just(5i64), Just(6), any::<i64>()]) {
        for v in [json!(i), json!(i.to_string())] {
            let status: CallStatus = serde_json::from_value(v).unwrap();
            prop_assert_eq!(status.code(), i);
            prop_assert_eq!(status.is_success(), i == 6);
            prop_assert_eq!(status == CallStatus::Failed, i == 5);
            prop_assert_eq!(serde_json::to_value(status).unwrap(), json!(i));
        }
    }

    /// (c) The open enumerations keep any string as sent, and numbers as their text.
    #[test]
    fn open_enums_keep_any_string(s in prop_oneof![select(TEXTS).prop_map(str::to_owned), ".{0,16}"], n in any::<i64>(), u in any::<u64>()) {
        fn check<T>(s: &str, n: i64, u: u64, as_str: impl Fn(&T) -> &str) -> Result<(), TestCaseError>
        where
            T: DeserializeOwned + Serialize + Debug,
        {
            let value: T = serde_json::from_value(json!(s)).unwrap();
            prop_assert_eq!(as_str(&value), s);
            prop_assert_eq!(serde_json::to_value(&value).unwrap(), json!(s));
            let value: T = serde_json::from_value(json!(n)).unwrap();
            prop_assert_eq!(as_str(&value), n.to_string());
            let value: T = serde_json::from_value(json!(u)).unwrap();
            prop_assert_eq!(as_str(&value), u.to_string());
            prop_assert!(serde_json::from_value::<T>(json!(null)).is_err());
            Ok(())
        }
        check::<CallType>(&s, n, u, CallType::as_str)?;
        check::<MediaType>(&s, n, u, MediaType::as_str)?;
        check::<CdrCallResult>(&s, n, u, CdrCallResult::as_str)?;
        let call_type = CallType::from(s.as_str());
        prop_assert_eq!(call_type.as_str(), s.as_str());
    }

    /// (c) A CDR's agent ID is read from `"agentId "` (trailing space) and `agentId`.
    #[test]
    fn cdr_agent_id_is_read_from_both_keys(id in any::<i64>(), spaced in any::<bool>()) {
        let key = if spaced { "agentId " } else { "agentId" };
        let record: CdrRecord = serde_json::from_value(json!({ key: id })).unwrap();
        prop_assert_eq!(record.agent_id, Some(id));
        prop_assert_eq!(serde_json::to_value(&record).unwrap(), json!({"agentId": id}));
    }
}

/// The structure-aware generators do reach success: a good share of what they make decodes.
#[test]
fn structure_aware_generators_mostly_make_decodable_replies() {
    fn share<T: DeserializeOwned>(strategy: BoxedStrategy<Value>) -> f64 {
        let mut runner = TestRunner::deterministic();
        let n = 200;
        let ok = (0..n)
            .filter(|_| {
                let value = strategy.new_tree(&mut runner).unwrap().current();
                serde_json::from_value::<T>(value).is_ok()
            })
            .count();
        ok as f64 / n as f64
    }
    let shares = [
        (
            "getCallResultDetail",
            share::<CallResultDetailResponse>(call_result_detail_json()),
        ),
        (
            "getExternalResult",
            share::<ExternalResultResponse>(external_result_json()),
        ),
        ("queryCdrByCallId", share::<CdrQueryResponse>(cdr_json())),
        (
            "queryCallRecords",
            share::<CallRecordsResponse>(call_records_json()),
        ),
        (
            "updateReservedCallResult",
            share::<UpdateResultResponse>(update_result_json()),
        ),
        ("createToken", share::<TokenResponse>(token_json())),
    ];
    for (name, share) in shares {
        eprintln!("{name}: {:.0}% of the shaped replies decode", share * 100.0);
        assert!(
            share >= 0.15,
            "{name}: only {share} of the shaped replies decode"
        );
    }
}
