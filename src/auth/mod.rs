//! Authentication: the AK/SK signature `auth-v2` of CC-iSales and CC-CMS requests, and the
//! credentials of both schemes. (The bearer token of the data-process interface is obtained
//! and cached by [`crate::token::TokenProvider`].) `docs/authentication.md` in the
//! repository describes both schemes, the signing profiles and the test vectors.
//!
//! Signing is a pure function of the credentials, the [`SigningProfile`], the time and the
//! request ([`sign_v2`]); [`Signer`] applies it to a `reqwest::Request`, reading exactly
//! the bytes and header values that go on the wire, and reuses the signing key within a
//! timestamp. The points on which descriptions of the scheme disagree are the knobs of
//! [`SigningProfile`]: the timestamp's milliseconds, the empty query line, the signed
//! headers, and the port in `Host`.
//!
//! A user chasing a 401 from a real server can see the canonical request the client signed,
//! and the profile: it is logged at `DEBUG` level under the target `huawei_cec::signing`
//! (never the secret key; the body may hold phone numbers, which is why it is not logged
//! at `INFO`), and `cec --explain-signature` prints it. It is rendered only then: signing
//! streams it into the HMAC.

mod canonical;
mod credentials;
mod profile;
mod signing;
mod signing_error;

pub use canonical::{
    SignableRequest, canonical_query, canonical_request, normalize, signed_headers,
};
pub use credentials::{AkSk, AppCredentials};
pub use profile::{
    HeaderSet, HostForm, PROFILE_SYNTAX, ParseProfileError, QueryLine, SigningProfile,
    TimestampFormat,
};
#[cfg(feature = "simulator")]
pub(crate) use signing::sign_with_timestamp;
pub use signing::{
    Signer, SigningOutput, format_timestamp, host_header, parse_timestamp, sign_v2, signing_key,
};
pub use signing_error::SigningError;
