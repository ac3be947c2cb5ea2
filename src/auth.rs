//! Authentication: the AK/SK signature `auth-v2` (CC-iSales, CC-CMS) and the bearer token
//! of the data-process interface.
//!
//! Signing is a pure function of the credentials, the time and the request
//! ([`sign_v2`]); applying it to a `reqwest::Request` ([`sign_request`]) reads exactly the
//! bytes and header values that go on the wire. The parts of the scheme that public material
//! leaves uncertain (see `shared/reference/auth.md`) all live in this file:
//! [`format_timestamp`] (milliseconds present), [`canonical_request`] (order and presence of
//! the six parts) and [`signed_header_names`] (which headers are signed).
//!
//! A user chasing a 401 from a real server can see the canonical request the client signed:
//! it is logged at `DEBUG` level under the target `huawei_cec::signing` (never the secret
//! key; the body may hold phone numbers, which is why it is not logged at `INFO`), and
//! `cec --explain-signature` prints it.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, percent_encode};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;

use crate::error::Error;
use crate::wire::Secret;

type HmacSha256 = Hmac<Sha256>;

/// Bytes left unencoded by `Normalize`: `A-Z a-z 0-9 - . _ ~`.
const NORMALIZE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// An access key (public) and secret key for the `auth-v2` signature.
///
/// `Debug` shows the access key and redacts the secret key.
#[derive(Clone)]
pub struct AkSk {
    access_key: String,
    secret_key: SecretString,
}

impl AkSk {
    /// Credentials from an access key and a secret key.
    pub fn new(access_key: impl Into<String>, secret_key: impl Into<String>) -> Self {
        Self {
            access_key: access_key.into(),
            secret_key: SecretString::from(secret_key.into()),
        }
    }

    /// Credentials from `CEC_AK` and `CEC_SK`, if both are set.
    pub fn from_env() -> Option<Self> {
        Some(Self::new(env_nonempty("CEC_AK")?, env_nonempty("CEC_SK")?))
    }

    /// The access key (not a secret).
    pub fn access_key(&self) -> &str {
        &self.access_key
    }

    pub(crate) fn check(&self) -> Result<(), Error> {
        check_credential("access key (AK)", &self.access_key)?;
        if self.access_key.contains('/') {
            return Err(Error::Config {
                message: "the access key (AK) contains '/', which separates the parts of the auth-v2 header".into(),
            });
        }
        check_credential("secret key (SK)", self.secret_key.expose_secret())
    }
}

impl fmt::Debug for AkSk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AkSk")
            .field("access_key", &self.access_key)
            .field("secret_key", &"[REDACTED]")
            .finish()
    }
}

/// The app key and app secret exchanged for a bearer token by `tokenByAkSk`.
///
/// `Debug` shows the app key and redacts the app secret.
#[derive(Clone)]
pub struct AppCredentials {
    app_key: String,
    app_secret: SecretString,
}

impl AppCredentials {
    /// Credentials from an app key and an app secret.
    pub fn new(app_key: impl Into<String>, app_secret: impl Into<String>) -> Self {
        Self {
            app_key: app_key.into(),
            app_secret: SecretString::from(app_secret.into()),
        }
    }

    /// Credentials from `CEC_APP_KEY` and `CEC_APP_SECRET`, if both are set.
    pub fn from_env() -> Option<Self> {
        Some(Self::new(
            env_nonempty("CEC_APP_KEY")?,
            env_nonempty("CEC_APP_SECRET")?,
        ))
    }

    /// The app key (not a secret).
    pub fn app_key(&self) -> &str {
        &self.app_key
    }

    pub(crate) fn check(&self) -> Result<(), Error> {
        check_credential("app key", &self.app_key)?;
        check_credential("app secret", self.app_secret.expose_secret())
    }
}

impl fmt::Debug for AppCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppCredentials")
            .field("app_key", &self.app_key)
            .field("app_secret", &"[REDACTED]")
            .finish()
    }
}

fn env_nonempty(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn check_credential(what: &'static str, value: &str) -> Result<(), Error> {
    if value.is_empty() || value.chars().any(|c| !c.is_ascii_graphic()) {
        return Err(Error::Config {
            message: format!(
                "the {what} is empty or contains spaces, control or non-ASCII characters"
            ),
        });
    }
    Ok(())
}

/// `Normalize(s)` of the scheme: percent-encode every byte but `A-Z a-z 0-9 - . _ ~`, with
/// upper-case hex digits.
pub fn normalize(bytes: &[u8]) -> String {
    percent_encode(bytes, NORMALIZE).to_string()
}

/// The signature's timestamp: UTC, `yyyy-MM-dd'T'HH:mm:ss.SSS'Z'`.
pub fn format_timestamp(time: DateTime<Utc>) -> String {
    time.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// What `auth-v2` signs of a request: the values exactly as they go on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignableRequest<'a> {
    /// HTTP method, e.g. `POST`.
    pub method: &'a str,
    /// The URL path as sent (percent-encoded as on the wire).
    pub path: &'a str,
    /// The raw query string as sent, without `?`; `None` or empty for none.
    pub query: Option<&'a str>,
    /// `host[:port]` as sent (port omitted when it is the scheme's default).
    pub host: &'a str,
    /// The `Content-Type` value sent, if any.
    pub content_type: Option<&'a str>,
    /// The body bytes sent; `None` for a request without a body (GET).
    pub body: Option<&'a [u8]>,
}

/// The result of signing: the header value and what went into it (never the secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningOutput {
    /// The `Authorization` header value.
    pub authorization: String,
    /// The canonical request that was signed.
    pub canonical_request: String,
    /// `SignedHeaders`, e.g. `content-length;content-type;host`.
    pub signed_headers: String,
    /// The timestamp in the header.
    pub timestamp: String,
}

/// The headers signed for a request, as (lower-case name, value), sorted by name: `host`
/// always, `content-type` when sent, `content-length` when the request has a body.
pub fn signed_header_names(request: &SignableRequest<'_>) -> Vec<(&'static str, String)> {
    let mut headers = Vec::with_capacity(3);
    if let Some(body) = request.body {
        headers.push(("content-length", body.len().to_string()));
    }
    if let Some(content_type) = request.content_type {
        headers.push(("content-type", content_type.to_owned()));
    }
    headers.push(("host", request.host.to_owned()));
    headers
}

/// The canonical query: each `Normalize(name)=Normalize(value)` (names and values
/// percent-decoded first), sorted, joined with `&`.
pub fn canonical_query(query: Option<&str>) -> String {
    let Some(query) = query.filter(|q| !q.is_empty()) else {
        return String::new();
    };
    let mut pairs: Vec<String> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let name: Vec<u8> = percent_decode_str(name).collect();
            let value: Vec<u8> = percent_decode_str(value).collect();
            format!("{}={}", normalize(&name), normalize(&value))
        })
        .collect();
    pairs.sort_unstable();
    pairs.join("&")
}

/// The canonical request: method, path, canonical query, signed header names, canonical
/// headers and the normalized body, joined with `\n`.
pub fn canonical_request(request: &SignableRequest<'_>) -> (String, String) {
    let headers = signed_header_names(request);
    let signed_headers = headers
        .iter()
        .map(|(name, _)| *name)
        .collect::<Vec<_>>()
        .join(";");
    let canonical_headers = headers
        .iter()
        .map(|(name, value)| {
            format!(
                "{}:{}",
                normalize(name.as_bytes()),
                normalize(value.trim().as_bytes())
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    let canonical = [
        request.method.to_ascii_uppercase(),
        request.path.to_owned(),
        canonical_query(request.query),
        signed_headers.clone(),
        canonical_headers,
        normalize(request.body.unwrap_or_default()),
    ]
    .join("\n");
    (canonical, signed_headers)
}

fn hmac_hex(key: &[u8], message: &[u8]) -> String {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(message);
    hex::encode(mac.finalize().into_bytes())
}

/// `SigningKey = hex(HMAC-SHA256(SK, authStringPrefix))`. Exposed for test vectors; it is
/// derived from the secret key, so treat it as a secret.
#[doc(hidden)]
pub fn signing_key(secret_key: &str, auth_string_prefix: &str) -> String {
    hmac_hex(secret_key.as_bytes(), auth_string_prefix.as_bytes())
}

/// Signs `request` with `credentials` at `time`: a pure function.
pub fn sign_v2(
    credentials: &AkSk,
    time: DateTime<Utc>,
    request: &SignableRequest<'_>,
) -> SigningOutput {
    sign_with_timestamp(credentials, &format_timestamp(time), request)
}

/// Signs with the timestamp text as it goes into the header (a verifier must use the text
/// it received, not a re-formatting of the time it denotes).
fn sign_with_timestamp(
    credentials: &AkSk,
    timestamp: &str,
    request: &SignableRequest<'_>,
) -> SigningOutput {
    let (canonical_request, signed_headers) = canonical_request(request);
    let prefix = format!(
        "auth-v2/{}/{timestamp}/{signed_headers}",
        credentials.access_key
    );
    let key = signing_key(credentials.secret_key.expose_secret(), &prefix);
    let signature = hmac_hex(key.as_bytes(), canonical_request.as_bytes());
    SigningOutput {
        authorization: format!("{prefix}/{signature}"),
        canonical_request,
        signed_headers,
        timestamp: timestamp.to_owned(),
    }
}

/// Parses a signature's timestamp: `yyyy-MM-dd'T'HH:mm:ss[.fraction]'Z'`, UTC. (Whether
/// servers require the milliseconds is not known; both forms are read.)
pub fn parse_timestamp(text: &str) -> Option<DateTime<Utc>> {
    chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.fZ")
        .ok()
        .map(|t| t.and_utc())
}

/// `host[:port]` of a URL as an HTTP client sends it: the port only when it is not the
/// scheme's default.
pub fn host_header(url: &reqwest::Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    }
}

/// Signs a request about to be sent and sets its `Authorization` header (marked
/// sensitive). The signed values are read from the request itself: host from the URL,
/// `Content-Type` from its headers, the body bytes (and so `Content-Length`) from its body.
pub fn sign_request(
    request: &mut reqwest::Request,
    credentials: &AkSk,
    time: DateTime<Utc>,
) -> SigningOutput {
    let host = host_header(request.url());
    let content_type = request
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = match request.body() {
        Some(body) => Some(
            body.as_bytes()
                .expect("the generated clients send buffered JSON bodies"),
        ),
        None if request.method() == reqwest::Method::GET
            || request.method() == reqwest::Method::HEAD =>
        {
            None
        }
        None => Some(&[][..]),
    };
    let output = sign_v2(
        credentials,
        time,
        &SignableRequest {
            method: request.method().as_str(),
            path: request.url().path(),
            query: request.url().query(),
            host: &host,
            content_type: content_type.as_deref(),
            body,
        },
    );
    tracing::debug!(
        target: "huawei_cec::signing",
        access_key = %credentials.access_key,
        signed_headers = %output.signed_headers,
        timestamp = %output.timestamp,
        canonical_request = %output.canonical_request,
        "auth-v2 canonical request"
    );
    let mut value = reqwest::header::HeaderValue::from_str(&output.authorization)
        .expect("credentials were checked to be visible ASCII");
    value.set_sensitive(true);
    request
        .headers_mut()
        .insert(reqwest::header::AUTHORIZATION, value);
    output
}

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

/// How long a token is assumed to live when `tokenByAkSk` does not say.
pub const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(10 * 60);
/// How long before its expiry a token is renewed.
pub const TOKEN_REFRESH_BEFORE: Duration = Duration::from_secs(60);

#[derive(Clone)]
struct CachedToken {
    token: Secret,
    renew_at: tokio::time::Instant,
}

/// Obtains, caches and renews the bearer token of the data-process interface.
///
/// Clones of a [`crate::Client`] share one provider. A token is renewed
/// [`TOKEN_REFRESH_BEFORE`] before it expires (or halfway through a shorter lifetime); however
/// many tasks need a token at once, one renewal is in flight and the others wait for it.
pub struct TokenProvider {
    client: crate::dataprocess::Client,
    credentials: AppCredentials,
    current: RwLock<Option<CachedToken>>,
    renewal: tokio::sync::Mutex<()>,
    requests: AtomicU64,
    /// The client's attempt timeout, for the errors of token requests.
    timeout: Duration,
}

impl fmt::Debug for TokenProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenProvider")
            .field("credentials", &self.credentials)
            .field("token_requests", &self.token_requests())
            .finish_non_exhaustive()
    }
}

impl TokenProvider {
    pub(crate) fn new(
        client: crate::dataprocess::Client,
        credentials: AppCredentials,
        timeout: Duration,
    ) -> Arc<Self> {
        Arc::new(Self {
            client,
            credentials,
            current: RwLock::new(None),
            renewal: tokio::sync::Mutex::new(()),
            requests: AtomicU64::new(0),
            timeout,
        })
    }

    /// The app key the tokens are obtained for.
    pub fn app_key(&self) -> &str {
        self.credentials.app_key()
    }

    /// How many token requests this provider has made.
    pub fn token_requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// The cached token if it is not due for renewal.
    pub(crate) fn cached(&self) -> Option<Secret> {
        let current = self.current.read().unwrap_or_else(|p| p.into_inner());
        current
            .as_ref()
            .filter(|t| tokio::time::Instant::now() < t.renew_at)
            .map(|t| t.token.clone())
    }

    /// A valid token: the cached one, or a new one (one renewal at a time).
    pub async fn token(&self) -> Result<Secret, Error> {
        if let Some(token) = self.cached() {
            return Ok(token);
        }
        let _renewing = self.renewal.lock().await;
        // Another task may have renewed it while this one waited.
        if let Some(token) = self.cached() {
            return Ok(token);
        }
        let (token, lifetime) = self.request_token().await?;
        let renew_in = if lifetime > TOKEN_REFRESH_BEFORE * 2 {
            lifetime - TOKEN_REFRESH_BEFORE
        } else {
            lifetime / 2
        };
        let renew_at = tokio::time::Instant::now() + renew_in;
        *self.current.write().unwrap_or_else(|p| p.into_inner()) = Some(CachedToken {
            token: token.clone(),
            renew_at,
        });
        Ok(token)
    }

    /// Drops `rejected` (a token a server answered 401 to) so that the next call renews it;
    /// a token renewed meanwhile by another task is kept.
    pub fn invalidate(&self, rejected: &Secret) {
        let mut current = self.current.write().unwrap_or_else(|p| p.into_inner());
        if current.as_ref().is_some_and(|t| &t.token == rejected) {
            *current = None;
        }
    }

    async fn request_token(&self) -> Result<(Secret, Duration), Error> {
        self.requests.fetch_add(1, Ordering::Relaxed);
        let body = crate::TokenRequest::builder()
            .app_key(self.credentials.app_key.clone())
            .app_secret(Secret::new(self.credentials.app_secret.expose_secret()));
        let (reply, _) = crate::client::call_with_status(
            "createToken",
            crate::transport::AuthKind::AppCredentials,
            self.timeout,
            Box::pin(self.client.create_token().body(body).send()),
        )
        .await?;
        // `Expires` as documented; the deprecated `Expires_In` only when it is absent.
        let lifetime = match reply.expires.or(reply.expires_in).map(i64::from) {
            Some(seconds) if seconds > 0 => Duration::from_secs(seconds.unsigned_abs()),
            _ => DEFAULT_TOKEN_LIFETIME,
        };
        tracing::debug!(
            lifetime_s = lifetime.as_secs(),
            "obtained a data-process access token"
        );
        Ok((reply.access_token, lifetime))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn reproduces_vector_1_of_auth_md() {
        let body = br#"{"queryParam":{"ccId":1,"isCallin":"true","callId":"1000000000-0001"}}"#;
        let out = sign_v2(
            &AkSk::new("AK_EXAMPLE", "SK_EXAMPLE_SECRET"),
            at("2026-11-21T08:30:00Z"),
            &SignableRequest {
                method: "POST",
                path: "/rest/cmsapp/v1/openapi/calldata/querycalldetailbyid",
                query: None,
                host: "127.0.0.1:28443",
                content_type: Some("application/json; charset=UTF-8"),
                body: Some(body),
            },
        );
        assert_eq!(
            out.authorization,
            "auth-v2/AK_EXAMPLE/2026-11-21T08:30:00.000Z/content-length;content-type;host/5acbad3ad4bfba0c141eb27b60de08a78cd75464dae57ba33ddbb151d6716b7c"
        );
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

    #[test]
    fn an_access_key_with_a_slash_is_refused() {
        assert!(AkSk::new("a/b", "sk").check().is_err());
        assert!(AkSk::new("ab", "sk").check().is_ok());
    }

    #[test]
    fn credentials_debug_redacts_secrets() {
        let debug = format!(
            "{:?} {:?}",
            AkSk::new("my-ak", "my-sk-value"),
            AppCredentials::new("k", "app-secret-value")
        );
        assert!(
            debug.contains("my-ak") && debug.contains("[REDACTED]"),
            "{debug}"
        );
        assert!(
            !debug.contains("my-sk-value") && !debug.contains("app-secret-value"),
            "{debug}"
        );
    }
}
