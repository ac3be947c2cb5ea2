//! A client derived from another with other timeouts, retries or deadline
//! ([`Client::with_overrides`]), as aws-sdk-rust's `customize().config_override(..)`: a
//! second [`Client`] from the builder would build a second token provider (and fetch a
//! second token), a second signer and a second connection pool; a derived one shares them.

use std::sync::Arc;
use std::time::Duration;

use super::{Client, Hosts};
use crate::error::{Error, Result};
use crate::generated::{cms, dataprocess, isales};
use crate::transport::{RetryPolicy, Transport};

/// The settings a derived client changes ([`Client::with_overrides`]); every other setting,
/// and everything the client holds, is the original's.
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct Overrides {
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    deadline: Option<Option<Duration>>,
}

impl Overrides {
    /// Time allowed for one attempt, as [`ClientBuilder::timeout`](crate::ClientBuilder::timeout).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// When and how often failed attempts are retried, as
    /// [`ClientBuilder::retry_policy`](crate::ClientBuilder::retry_policy):
    /// `RetryPolicy::none()` for a path that must not retry.
    pub fn retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = Some(retry);
        self
    }

    /// The time allowed for a whole call (every attempt and the waits between them), as
    /// [`ClientBuilder::deadline`](crate::ClientBuilder::deadline). Above zero.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(Some(deadline));
        self
    }

    /// No deadline: each attempt has its timeout, and the retries are bounded by the retry
    /// policy.
    pub fn no_deadline(mut self) -> Self {
        self.deadline = Some(None);
        self
    }

    /// A transport with these overrides applied.
    fn apply(&self, transport: &mut Transport) {
        if let Some(timeout) = self.timeout {
            transport.limits.attempt_timeout = Some(timeout);
        }
        if let Some(retry) = self.retry {
            transport.retry = retry;
        }
        if let Some(deadline) = self.deadline {
            transport.limits.deadline = deadline;
        }
    }
}

impl Client {
    /// A client like this one but for the settings `overrides` changes: the timeout of an
    /// attempt, the retry policy, the deadline of a call. Cheap: it shares this client's
    /// connection pool, its signer, its bearer token and token provider (no second token is
    /// fetched), its cap on requests in flight, its clock-skew corrections and its recorder.
    /// The original is unchanged. The token requests keep the original's settings.
    ///
    /// ```
    /// # fn run(client: huawei_cec::Client) -> huawei_cec::Result<()> {
    /// use std::time::Duration;
    /// use huawei_cec::RetryPolicy;
    ///
    /// // The same client, without retries and with a deadline, for an interactive path.
    /// let interactive = client.with_overrides(|o| {
    ///     o.retry_policy(RetryPolicy::none()).deadline(Duration::from_secs(3))
    /// })?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Config`] for a deadline of zero.
    pub fn with_overrides(&self, overrides: impl FnOnce(Overrides) -> Overrides) -> Result<Self> {
        let overrides = overrides(Overrides::default());
        if overrides.deadline.flatten().is_some_and(|d| d.is_zero()) {
            return Err(Error::Config {
                message: "the deadline is 0: give a duration above 0, or none".into(),
            });
        }
        let original = &*self.inner;
        // Each generated client anew around the same reqwest client (the same pool), with a
        // copy of its transport: the signer, token provider, semaphore, server clock and
        // recorder in it are shared (`Arc`s).
        macro_rules! derived {
            ($host:ident) => {
                original.$host.as_ref().map(|client| {
                    let mut transport = client.inner.clone();
                    overrides.apply(&mut transport);
                    $host::Client::new_with_client(
                        &client.baseurl,
                        client.client.clone(),
                        transport,
                    )
                })
            };
        }
        Ok(Self {
            inner: Arc::new(Hosts {
                isales: derived!(isales),
                cms: derived!(cms),
                dataprocess: derived!(dataprocess),
                tokens: original.tokens.clone(),
                has_ak_sk: original.has_ak_sk,
                signing_profile: original.signing_profile,
                has_apiaccess_url: original.has_apiaccess_url,
                timeout: overrides.timeout.unwrap_or(original.timeout),
            }),
        })
    }
}
