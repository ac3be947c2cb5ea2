//! Robustness properties, run by CI in bounded time (the fuzz targets in `fuzz/` explore
//! the same ground without bounds):
//!
//! * every response type decodes arbitrary bytes and arbitrary, structure-aware JSON
//!   without panicking, and whatever decodes round-trips;
//! * the lenient wire types read every form they promise to;
//! * the `auth-v2` signer canonicalizes and signs arbitrary requests under every signing
//!   profile without panicking; the streamed signature is the HMAC of the rendered
//!   canonical request; what it signs verifies, while a changed body or path does not;
//!   verifying any `Authorization` header never panics; a profile reads back from its text;
//! * the signer's public surface takes any input: credentials of any text are checked (and
//!   refused with the reason), any instant, any request a caller can build (a streaming
//!   body is refused, the request left as it was), any text to parse;
//! * end to end, the client answers every status and body a server may send with `Ok` or
//!   a typed error, never a panic, and never `Ok` for a status outside 2xx; and whatever a
//!   caller passes is refused before sending or sent with a signature the server accepts.
//!
//! Case counts are set per property (`PROPTEST_CASES` overrides them all, for a longer
//! local run). Failures are not persisted to a file: a failing case prints its input, to be
//! pinned as an example test.

mod cassettes;
#[path = "../common/mod.rs"]
mod common;
mod decoding;
mod end_to_end;
mod json;
mod signer_surface;
mod signing;

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use common::{Recorded, Reply, TestServer, page};
use huawei_cec::auth::{
    HeaderSet, QueryLine, SignableRequest, Signer, SigningProfile, canonical_query,
    canonical_request, normalize, sign_v2, signing_key,
};
use huawei_cec::simulator::{VerifyError, VerifyOptions, verify_v2, verify_v2_with};
use huawei_cec::{
    AkSk, AppCredentials, CallDirection, CallRecordsResponse, CallStatus, CallType, CdrCallResult,
    CdrRecord, Client, Error, LenientInt, MediaType, RetryPolicy,
};
// Decoded by the client inside (not part of the API).
use huawei_cec::__private::{
    CallResultDetailResponse, CdrQueryResponse, ErrorBody, ExternalResultResponse, TokenResponse,
    UpdateResultResponse,
};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{TestCaseError, TestRunner};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Number, Value, json};

// ---------------------------------------------------------------------------------------
// Configuration

/// Cases of the pure (decoding, signing) properties.
pub(crate) const PURE_CASES: u32 = 256;
/// Cases of the properties that go through HTTP.
pub(crate) const HTTP_CASES: u32 = 48;

pub(crate) fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        failure_persistence: None,
        max_shrink_time: 20_000,
        ..ProptestConfig::default()
    }
}

use decoding::*;
use json::*;
