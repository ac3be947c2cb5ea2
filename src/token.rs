//! The bearer token of the data-process interface: obtained from `tokenByAkSk` with the app
//! key and secret, cached, shared by clones of the client, and renewed before it expires.
//!
//! The token provider is what the transport asks for the `Authorization` header of each
//! data-process attempt (`transport::BearerToken`); it is not a client of the
//! client: it sends its own request through `exchange` like any operation.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use reqwest::header::HeaderValue;

use crate::auth::AppCredentials;
use crate::error::Error;
use crate::exchange::{self, AuthKind};
use crate::generated::dataprocess;
use crate::transport::BearerToken;
use crate::wire::Secret;

/// How long a token is assumed to live when `tokenByAkSk` does not say.
pub const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(10 * 60);
/// How long before its expiry a token is renewed.
pub const TOKEN_REFRESH_BEFORE: Duration = Duration::from_secs(60);

struct CachedToken {
    token: Secret,
    /// `Bearer {token}`, built once, marked sensitive.
    header: HeaderValue,
    renew_at: tokio::time::Instant,
}

/// Obtains, caches and renews the bearer token of the data-process interface.
///
/// Clones of a [`crate::Client`] share one provider. A token is renewed
/// [`TOKEN_REFRESH_BEFORE`] before it expires (or halfway through a shorter lifetime); however
/// many tasks need a token at once, one renewal is in flight and the others wait for it.
pub struct TokenProvider {
    client: dataprocess::Client,
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
        client: dataprocess::Client,
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
    fn cached(&self) -> Option<Secret> {
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
        let header = bearer_header(&token)?;
        let renew_in = if lifetime > TOKEN_REFRESH_BEFORE * 2 {
            lifetime - TOKEN_REFRESH_BEFORE
        } else {
            lifetime / 2
        };
        let renew_at = tokio::time::Instant::now() + renew_in;
        *self.current.write().unwrap_or_else(|p| p.into_inner()) = Some(CachedToken {
            token: token.clone(),
            header,
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
        let body = dataprocess::types::TokenRequest::builder()
            .app_key(self.credentials.app_key().to_owned())
            .app_secret(Secret::new(self.credentials.app_secret()));
        let (reply, _) = exchange::run(
            "createToken",
            AuthKind::AppCredentials,
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

impl BearerToken for TokenProvider {
    fn authorization(&self) -> Option<HeaderValue> {
        let current = self.current.read().unwrap_or_else(|p| p.into_inner());
        current
            .as_ref()
            .filter(|t| tokio::time::Instant::now() < t.renew_at)
            .map(|t| t.header.clone())
    }
}

/// `Bearer {token}` as a header value marked sensitive; a token that cannot be a header
/// value (control characters, non-ASCII) is a fault of the token interface.
fn bearer_header(token: &Secret) -> Result<HeaderValue, Error> {
    let mut value = HeaderValue::from_str(&format!("Bearer {}", token.expose())).map_err(|_| {
        Error::Decode {
            operation: "createToken",
            status: 200,
            reason: "the access token contains characters a header value cannot hold (control \
                     or non-visible characters); nothing was sent with it"
                .into(),
            raw: bytes::Bytes::new(),
            source: None,
        }
    })?;
    value.set_sensitive(true);
    Ok(value)
}
