//! The bearer token of the data-process interface: obtained from `tokenByAkSk` with the app
//! key and secret, cached, shared by clones of the client, and renewed before it expires.
//!
//! The token provider is what the transport asks for the `Authorization` header of each
//! data-process attempt (`transport::BearerToken`); it is not a client of the
//! client: it sends its own request through `exchange` like any operation.

use std::fmt;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use reqwest::header::HeaderValue;
use serde_json::Value;

use crate::auth::AppCredentials;
use crate::error::Error;
use crate::exchange::{self, AuthKind, Call, Reply, ReplyInfo};
use crate::generated::dataprocess;
use crate::generated::dataprocess::types::TokenResponse;
use crate::transport::{BearerToken, media_type};
use crate::wire::{Secret, TokenLifetime};

/// How long a token is assumed to live when the reply does not say (usably): the documented
/// lifetime of a token requested without `X-Token-Expire`, or less when less was asked.
pub const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(10 * 60);
/// The lifetime asked for in `X-Token-Expire` unless configured otherwise: the documented
/// default.
pub const DEFAULT_TOKEN_EXPIRE: Duration = Duration::from_secs(600);
/// The longest lifetime the token interface grants (and so the most `X-Token-Expire` may
/// ask for).
pub const MAX_TOKEN_EXPIRE: Duration = Duration::from_secs(3600);
/// How long before its expiry a token is renewed.
pub const TOKEN_REFRESH_BEFORE: Duration = Duration::from_secs(60);

struct CachedToken {
    token: Secret,
    /// `Bearer {token}`, built once, marked sensitive.
    header: HeaderValue,
    /// The lifetime the token was granted (after the cap), for diagnostics.
    lifetime: Duration,
    renew_at: tokio::time::Instant,
}

/// Obtains, caches and renews the bearer token of the data-process interface.
///
/// Clones of a [`crate::Client`] share one provider. Each request asks for a lifetime in
/// `X-Token-Expire` (the builder's `token_expire`, default 600 s); the token lives what the
/// reply's `Expires` says, but never longer than was asked (nor than 3600 s). It is renewed
/// [`TOKEN_REFRESH_BEFORE`] before it expires (or halfway through a shorter lifetime);
/// however many tasks need a token at once, one renewal is in flight and the others wait
/// for it.
pub struct TokenProvider {
    client: dataprocess::Client,
    credentials: AppCredentials,
    current: RwLock<Option<CachedToken>>,
    renewal: tokio::sync::Mutex<()>,
    requests: AtomicU64,
    /// The client's attempt timeout, for the errors of token requests.
    timeout: Duration,
    /// The lifetime asked for in `X-Token-Expire`, in seconds (1 to 3600).
    expire: NonZeroU32,
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
        client: dataprocess::Client,
        credentials: AppCredentials,
        timeout: Duration,
        expire: NonZeroU32,
    ) -> Arc<Self> {
        Arc::new(Self {
            client,
            credentials,
            current: RwLock::new(None),
            renewal: tokio::sync::Mutex::new(()),
            requests: AtomicU64::new(0),
            timeout,
            expire,
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

    /// The lifetime granted to the token obtained last (what the reply's `Expires` said,
    /// within the cap), or `None` before the first token.
    pub fn granted_lifetime(&self) -> Option<Duration> {
        let current = self.current.read().unwrap_or_else(|p| p.into_inner());
        current.as_ref().map(|t| t.lifetime)
    }

    /// The cached token if it is not due for renewal.
    fn cached(&self) -> Option<Secret> {
        let current = self.current.read().unwrap_or_else(|p| p.into_inner());
        current
            .as_ref()
            .filter(|t| tokio::time::Instant::now() < t.renew_at)
            .map(|t| t.token.clone())
    }

    /// A valid token: the cached one, or a new one (one renewal at a time).
    ///
    /// Cancel-safe: a caller dropped while it waits for the renewal, or while it is the one
    /// renewing, leaves no half-made token and holds no renewal (the lock is released with
    /// the future, and the cache is written only once a whole, checked token came); the
    /// next caller renews, once for all who wait.
    ///
    /// # Errors
    ///
    /// The token interface's errors: [`Error::TokenForbidden`] (HTTP 403 or 418),
    /// [`Error::TokenReply`] (an unusable reply), and the errors of any call
    /// ([`Error::Timeout`], [`Error::Connect`], [`Error::HttpStatus`], ...).
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
        // Checked on receipt (`Reply::check`), before it could be sent anywhere.
        let header = bearer_header(&token).ok_or_else(|| Error::TokenReply {
            operation: TOKEN_OPERATION,
            status: 200,
            content_type: None,
            length: 0,
            problem: UNUSABLE_TOKEN.into(),
            metadata: None,
        })?;
        let renew_in = if lifetime > TOKEN_REFRESH_BEFORE * 2 {
            lifetime - TOKEN_REFRESH_BEFORE
        } else {
            lifetime / 2
        };
        let now = tokio::time::Instant::now();
        let renew_at = now.checked_add(renew_in).unwrap_or(now);
        *self.current.write().unwrap_or_else(|p| p.into_inner()) = Some(CachedToken {
            token: token.clone(),
            header,
            lifetime,
            renew_at,
        });
        Ok(token)
    }

    /// Marks `rejected` (a token a server answered 401 to) for renewal by the next call;
    /// a token renewed meanwhile by another task is kept.
    pub fn invalidate(&self, rejected: &Secret) {
        let mut current = self.current.write().unwrap_or_else(|p| p.into_inner());
        if let Some(cached) = current.as_mut().filter(|t| &t.token == rejected) {
            cached.renew_at = tokio::time::Instant::now();
        }
    }

    async fn request_token(&self) -> Result<(Secret, Duration), Error> {
        self.requests.fetch_add(1, Ordering::Relaxed);
        let body = dataprocess::types::TokenRequest::builder()
            .app_key(self.credentials.app_key().to_owned())
            .app_secret(Secret::new(self.credentials.app_secret()));
        let (reply, _) = exchange::run(
            Call {
                operation: TOKEN_OPERATION,
                auth: AuthKind::AppCredentials,
                timeout: self.timeout,
                metadata: false,
            },
            Box::pin(
                self.client
                    .create_token()
                    .x_token_expire(self.expire)
                    .body(body)
                    .send(),
            ),
        )
        .await?;
        let lifetime = lifetime(&reply, self.asked());
        tracing::debug!(
            lifetime_s = lifetime.as_secs(),
            "obtained a data-process access token"
        );
        Ok((reply.access_token, lifetime))
    }
}

impl TokenProvider {
    /// The lifetime asked for, the most a token may live.
    fn asked(&self) -> Duration {
        Duration::from_secs(u64::from(self.expire.get()))
    }
}

impl BearerToken for TokenProvider {
    /// The current token, even one due for renewal or refused: the calls renew it (the
    /// server answers 401 to a stale one), and no attempt goes out without a token.
    fn authorization(&self) -> Option<HeaderValue> {
        let current = self.current.read().unwrap_or_else(|p| p.into_inner());
        current.as_ref().map(|t| t.header.clone())
    }
}

/// The lifetime a reply gives its token: `Expires` as documented, the deprecated
/// `Expires_In` only when it is absent, at most what was `asked` (the server may not grant
/// more). One that is missing or not positive is not usable: [`DEFAULT_TOKEN_LIFETIME`]
/// applies, again at most what was asked. Checked arithmetic throughout: any number a
/// server sends gives a lifetime, never a panic.
fn lifetime(reply: &TokenResponse, asked: Duration) -> Duration {
    let seconds = |field: &Option<TokenLifetime>| field.as_ref().and_then(TokenLifetime::seconds);
    let granted = match seconds(&reply.expires).or_else(|| seconds(&reply.expires_in)) {
        Some(seconds) => Duration::from_secs(seconds),
        None => {
            if reply.expires.is_some() || reply.expires_in.is_some() {
                tracing::warn!(
                    assumed_s = DEFAULT_TOKEN_LIFETIME.min(asked).as_secs(),
                    "the token reply's Expires is no usable lifetime; assuming the default"
                );
            }
            DEFAULT_TOKEN_LIFETIME
        }
    };
    granted.min(asked).min(MAX_TOKEN_EXPIRE)
}

/// What the provider makes of one reply of the token interface, given its status, its
/// `Content-Type` and its body: the token's lifetime (asked with the default
/// `X-Token-Expire`), or the error the provider reports
/// (which never quotes the body). The provider does the same, in steps, for every reply;
/// this function exists for the `token_reply` fuzz target and tests.
#[doc(hidden)]
pub fn read_reply(status: u16, content_type: Option<&str>, body: &[u8]) -> Result<Duration, Error> {
    let mut headers = reqwest::header::HeaderMap::new();
    if let Some(value) = content_type.and_then(|v| HeaderValue::from_str(v).ok()) {
        headers.insert(reqwest::header::CONTENT_TYPE, value);
    }
    let info = ReplyInfo {
        operation: TOKEN_OPERATION,
        status,
        media_type: media_type(&headers),
        length: body.len(),
        any_media_type: media_type(&headers),
        clock_skew: None,
        ip_address: None,
        retry_after: None,
    };
    // The generated code decodes a 200 reply as a TokenResponse; any other is an error.
    if status != 200 {
        return Err(exchange::status_error::<TokenResponse>(
            &info,
            AuthKind::AppCredentials,
            body,
            None,
        ));
    }
    match serde_json::from_slice::<TokenResponse>(body) {
        Ok(reply) => {
            let reply = Box::new(reply).into_output(&info)?;
            Ok(lifetime(&reply, DEFAULT_TOKEN_EXPIRE))
        }
        Err(source) => Err(exchange::undecodable::<TokenResponse>(
            &info,
            AuthKind::AppCredentials,
            &bytes::Bytes::copy_from_slice(body),
            source,
        )),
    }
}

/// The operation that issues tokens, for errors.
const TOKEN_OPERATION: &str = "createToken";

const UNUSABLE_TOKEN: &str = "the AccessToken holds characters a header value cannot hold \
                              (control or non-visible characters); nothing was sent with it";

/// `Bearer {token}` as a header value marked sensitive; `None` for a token that cannot be a
/// header value (control characters, non-ASCII).
fn bearer_header(token: &Secret) -> Option<HeaderValue> {
    let mut value = HeaderValue::from_str(&format!("Bearer {}", token.expose())).ok()?;
    value.set_sensitive(true);
    Some(value)
}

/// A token reply may hold a token whatever its status: it is never quoted (`SECRET`), and it
/// is usable only with a token that can be sent in a header.
impl Reply for TokenResponse {
    const SECRET: bool = true;

    type Output = TokenResponse;

    fn into_output(self: Box<Self>, reply: &ReplyInfo) -> Result<TokenResponse, Error> {
        let problem = if self.access_token.expose().is_empty() {
            "the AccessToken is empty"
        } else if bearer_header(&self.access_token).is_none() {
            UNUSABLE_TOKEN
        } else {
            return Ok(*self);
        };
        Err(Error::TokenReply {
            operation: reply.operation,
            status: reply.status,
            content_type: reply.media_type.clone(),
            length: reply.length,
            problem: problem.into(),
            metadata: None,
        })
    }

    fn shape_problem(object: &serde_json::Map<String, Value>) -> Option<String> {
        let absent = |name: &str| matches!(object.get(name), None | Some(Value::Null));
        let integer = |v: &Value| match v {
            Value::Number(n) => n.is_i64(),
            Value::String(s) => s.trim().parse::<i64>().is_ok(),
            _ => false,
        };
        let missing: Vec<&str> = ["AccessToken"].into_iter().filter(|f| absent(f)).collect();
        // Each field and whether its value is an integer (or a numeric string) or a string.
        // (`Expires` and `Expires_In` take any value: an unusable one means the default.)
        let fields = [("AccessToken", false), ("Refresh_Token", false)];
        let mistyped: Vec<String> = fields
            .into_iter()
            .filter(|&(field, numeric)| match object.get(field) {
                None | Some(Value::Null) => false,
                Some(value) if numeric => !integer(value),
                Some(value) => !value.is_string(),
            })
            .map(|(field, numeric)| {
                let expected = if numeric {
                    "an integer or a numeric string"
                } else {
                    "a string"
                };
                format!("{field} (expected {expected})")
            })
            .collect();
        let mut parts = Vec::new();
        if !missing.is_empty() {
            parts.push(format!("missing field(s): {}", missing.join(", ")));
        }
        if !mistyped.is_empty() {
            parts.push(format!(
                "field(s) of the wrong type: {}",
                mistyped.join(", ")
            ));
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(body: &str) -> String {
        match read_reply(200, Some("application/json"), body.as_bytes()) {
            Err(Error::TokenReply { problem, .. }) => problem,
            other => panic!("{body}: {other:?}"),
        }
    }

    #[test]
    fn unusable_replies_say_what_is_wrong_without_quoting_it() {
        assert_eq!(
            problem(r#"{"Expires":"600"}"#),
            "missing field(s): AccessToken"
        );
        assert_eq!(
            problem(r#"{"AccessToken":7,"Expires":"soon","Expires_In":[1]}"#),
            "field(s) of the wrong type: AccessToken (expected a string)",
            "an unusable lifetime is no reason to refuse the token"
        );
        assert_eq!(problem(r#"{"AccessToken":"t","#), "the JSON is cut short");
        assert_eq!(problem("[1]"), "the body is a JSON array, not an object");
        assert_eq!(problem(" "), "the body is empty");
        assert_eq!(problem(r#"{"AccessToken":"a\r\nb"}"#), UNUSABLE_TOKEN);
        assert_eq!(problem(r#"{"AccessToken":""}"#), "the AccessToken is empty");
    }

    #[test]
    fn lifetimes_come_from_expires_and_fall_back_when_unusable() {
        let read = |body: &str| read_reply(200, None, body.as_bytes()).unwrap();
        assert_eq!(
            read(r#"{"AccessToken":"t","Expires":"600"}"#),
            Duration::from_secs(600)
        );
        assert_eq!(
            read(r#"{"AccessToken":"t","Expires":"600","Expires_In":60}"#),
            Duration::from_secs(600)
        );
        assert_eq!(
            read(r#"{"AccessToken":"t","Expires_In":60}"#),
            Duration::from_secs(60)
        );
        for unusable in ["0", "-5", "\"abc\"", "null"] {
            assert_eq!(
                read(&format!(r#"{{"AccessToken":"t","Expires":{unusable}}}"#))
                    .min(DEFAULT_TOKEN_LIFETIME),
                DEFAULT_TOKEN_LIFETIME,
                "{unusable}"
            );
        }
    }

    #[test]
    fn a_lifetime_is_never_longer_than_was_asked() {
        let reply = |expires: &str| -> TokenResponse {
            serde_json::from_str(&format!(r#"{{"AccessToken":"t","Expires":{expires}}}"#)).unwrap()
        };
        let asked = Duration::from_secs(300);
        assert_eq!(lifetime(&reply("\"120\""), asked), Duration::from_secs(120));
        assert_eq!(lifetime(&reply("\"600\""), asked), asked);
        assert_eq!(lifetime(&reply(&i64::MAX.to_string()), asked), asked);
        assert_eq!(
            lifetime(&reply("-1"), asked),
            asked,
            "default, within what was asked"
        );
        assert_eq!(
            lifetime(&reply("7200"), Duration::from_secs(u64::MAX)),
            MAX_TOKEN_EXPIRE
        );
    }
}
