//! Authentication: the AK/SK signature `auth-v2` of CC-iSales and CC-CMS requests, and the
//! credentials of both schemes. (The bearer token of the data-process interface is obtained
//! and cached by [`crate::token::TokenProvider`].)
//!
//! Signing is a pure function of the credentials, the time and the request
//! ([`sign_v2`]); applying it to a `reqwest::Request` ([`sign_request`]) reads exactly the
//! bytes and header values that go on the wire. The parts of the scheme that public material
//! leaves uncertain (see `docs/authentication.md`) all live in [`signing`]:
//! [`format_timestamp`] (milliseconds present),
//! [`canonical_request`] (order and presence of the six parts) and [`signed_header_names`]
//! (which headers are signed).
//!
//! A user chasing a 401 from a real server can see the canonical request the client signed:
//! it is logged at `DEBUG` level under the target `huawei_cec::signing` (never the secret
//! key; the body may hold phone numbers, which is why it is not logged at `INFO`), and
//! `cec --explain-signature` prints it.

mod credentials;
pub mod signing;

pub use credentials::{AkSk, AppCredentials};
pub use signing::{
    SignableRequest, SigningOutput, canonical_query, canonical_request, format_timestamp,
    host_header, normalize, parse_timestamp, sign_request, sign_v2, signed_header_names,
    signing_key,
};
