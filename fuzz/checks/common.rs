//! Shared by the decoding targets: decode one input into every response type (and the
//! hand-written wire types), and check that whatever decodes survives a round trip.

use std::fmt::Debug;

// Decoded by the client inside (not part of the API).
use huawei_cec::__private::{
    CallResultDetailResponse, CdrQueryResponse, ErrorBody, ExternalResultResponse, TokenResponse,
    UpdateResultResponse,
};
use huawei_cec::{
    CallRecordsResponse, CallStatus, CallType, CdrCallResult, CdrRecord, LenientInt, MediaType,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Decodes `bytes` as `T` (as the client does with a reply body). When that succeeds,
/// encoding the value and decoding it again must give the same value.
pub fn decode_round_trip<T>(name: &str, bytes: &[u8]) -> Option<T>
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    let value: T = serde_json::from_slice(bytes).ok()?;
    let encoded = serde_json::to_vec(&value)
        .unwrap_or_else(|e| panic!("{name}: decoded value {value:?} does not encode: {e}"));
    let again: T = serde_json::from_slice(&encoded).unwrap_or_else(|e| {
        panic!(
            "{name}: re-encoded {} does not decode: {e}",
            String::from_utf8_lossy(&encoded)
        )
    });
    assert_eq!(
        value,
        again,
        "{name}: the round trip through {} changed the value",
        String::from_utf8_lossy(&encoded)
    );
    Some(value)
}

/// Decodes `value` as `T` both from the `serde_json::Value` and from its bytes: both ways
/// must agree, and a decoded value must round-trip.
pub fn decode_value<T>(name: &str, value: &serde_json::Value)
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    let bytes = serde_json::to_vec(value).expect("a serde_json::Value always encodes");
    let from_bytes = decode_round_trip::<T>(name, &bytes);
    let from_value = serde_json::from_value::<T>(value.clone()).ok();
    assert_eq!(
        from_bytes,
        from_value,
        "{name}: decoding {} from bytes and from a Value disagree",
        String::from_utf8_lossy(&bytes)
    );
}

/// Every response type of the five operations and of `tokenByAkSk`, then the wire types.
pub fn decode_all_bytes(bytes: &[u8]) {
    decode_round_trip::<CallResultDetailResponse>("CallResultDetailResponse", bytes);
    decode_round_trip::<ExternalResultResponse>("ExternalResultResponse", bytes);
    decode_round_trip::<CdrQueryResponse>("CdrQueryResponse", bytes);
    decode_round_trip::<CallRecordsResponse>("CallRecordsResponse", bytes);
    decode_round_trip::<UpdateResultResponse>("UpdateResultResponse", bytes);
    decode_round_trip::<TokenResponse>("TokenResponse", bytes);
    decode_round_trip::<CdrRecord>("CdrRecord", bytes);
    decode_round_trip::<LenientInt>("LenientInt", bytes);
    decode_round_trip::<CallStatus>("CallStatus", bytes);
    decode_round_trip::<CallType>("CallType", bytes);
    decode_round_trip::<MediaType>("MediaType", bytes);
    decode_round_trip::<CdrCallResult>("CdrCallResult", bytes);
    // An error body keeps arbitrary JSON, floats included, which serde_json does not promise
    // to round-trip bit for bit (its `float_roundtrip` feature is off): decode only.
    if let Ok(body) = serde_json::from_slice::<ErrorBody>(bytes) {
        let _ = body.get("resultCode");
        let _ = serde_json::to_vec(&body).expect("an ErrorBody always encodes");
    }
}

/// [`decode_all_bytes`] for a structured value, also comparing with `from_value`.
pub fn decode_all_value(value: &serde_json::Value) {
    decode_value::<CallResultDetailResponse>("CallResultDetailResponse", value);
    decode_value::<ExternalResultResponse>("ExternalResultResponse", value);
    decode_value::<CdrQueryResponse>("CdrQueryResponse", value);
    decode_value::<CallRecordsResponse>("CallRecordsResponse", value);
    decode_value::<UpdateResultResponse>("UpdateResultResponse", value);
    decode_value::<TokenResponse>("TokenResponse", value);
    decode_value::<CdrRecord>("CdrRecord", value);
    decode_value::<LenientInt>("LenientInt", value);
    decode_value::<CallStatus>("CallStatus", value);
    decode_value::<CallType>("CallType", value);
    decode_value::<MediaType>("MediaType", value);
    decode_value::<CdrCallResult>("CdrCallResult", value);
    let _ = serde_json::from_value::<ErrorBody>(value.clone());
}
