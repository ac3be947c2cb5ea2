//! Why credentials cannot sign, or a request cannot be signed: the signer's one error.

use std::fmt;

/// Why [`super::Signer::new`] refused credentials, or [`super::Signer::sign_request`] a
/// request. Nothing was signed or sent. The message names what was wrong and what is
/// allowed; it never quotes a secret key (nor an access key that cannot be shown).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SigningError {
    /// The access key or the secret key cannot be used: `auth-v2` carries the access key in
    /// the `Authorization` header, between `/` separators, and both keys must be visible
    /// ASCII.
    InvalidCredentials {
        /// Which key: `"access key (AK)"` or `"secret key (SK)"`.
        key: &'static str,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// The request's body is a stream: its bytes are not known before it is sent, and the
    /// signature covers them. Give the body as bytes (`reqwest::Body::from(Vec<u8>)`).
    StreamingBody,
    /// A value the signature puts in a header (the `Host` under `host=no-port`, or the
    /// `Authorization` header itself) cannot be an HTTP header value.
    InvalidHeader {
        /// The header: `"Host"` or `"Authorization"`.
        header: &'static str,
    },
}

impl fmt::Display for SigningError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidCredentials { key, problem } => write!(
                f,
                "the {key} {problem}: give a non-empty key of visible ASCII characters (no \
                 spaces or control characters; no '/' in the access key)"
            ),
            Self::StreamingBody => f.write_str(
                "the request's body is a stream, whose bytes cannot be signed before they are \
                 sent: give the body as bytes",
            ),
            Self::InvalidHeader { header } => write!(
                f,
                "the signed {header} header would not be a valid HTTP header value"
            ),
        }
    }
}

impl std::error::Error for SigningError {}

/// Checks a key of an AK/SK pair: non-empty visible ASCII (and no `/` in the access key).
pub(crate) fn check_key(
    key: &'static str,
    value: &str,
    slash_allowed: bool,
) -> Result<(), SigningError> {
    let problem = if value.is_empty() {
        "is empty"
    } else if value.chars().any(|c| c.is_ascii_control()) {
        "contains control characters"
    } else if value.contains(' ') {
        "contains spaces"
    } else if !value.is_ascii() {
        "contains non-ASCII characters"
    } else if !slash_allowed && value.contains('/') {
        "contains '/', which separates the parts of the auth-v2 header"
    } else {
        return Ok(());
    };
    Err(SigningError::InvalidCredentials { key, problem })
}
