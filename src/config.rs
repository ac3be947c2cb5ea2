//! Configuration: [`ClientBuilder`], which checks every setting and builds a [`Client`].

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue};
use tokio::sync::Semaphore;

mod debug;
mod env;
mod http;
mod recording;

use http::GivenClient;
use recording::Recording;

use crate::auth::{AkSk, AppCredentials, Signer, SigningProfile};
use crate::client::{Client, Hosts};
use crate::error::{Error, Result};
use crate::generated::{cms, dataprocess, isales};
use crate::token::{DEFAULT_TOKEN_EXPIRE, MAX_TOKEN_EXPIRE, TokenProvider};
use crate::transport::{
    Auth, Clock, DEFAULT_MAX_IN_FLIGHT_PER_HOST, DEFAULT_MAX_RESPONSE_BYTES, Limits, RetryPolicy,
    ServerClock, Transport,
};

/// Default time allowed to establish a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time allowed for one attempt: connect, send, and receive the whole reply.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

impl Client {
    /// A [`ClientBuilder`] with the defaults.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }
}

/// Builds a [`Client`]. Every setting has a documented default; base URLs and credentials
/// are needed only by the operations that use them.
///
/// ```
/// use std::time::Duration;
/// use huawei_cec::{AkSk, Client};
///
/// let client = Client::builder()
///     .isales_url("https://10.0.0.8:28090")
///     .cms_url("https://10.0.0.9:28443")
///     .ak_sk(AkSk::new("my-ak", "my-sk"))
///     .timeout(Duration::from_secs(20))
///     .build()?;
/// # Ok::<(), huawei_cec::Error>(())
/// ```
#[derive(Clone)]
#[must_use]
pub struct ClientBuilder {
    isales_url: Option<String>,
    cms_url: Option<String>,
    apiaccess_url: Option<String>,
    ak_sk: Option<AkSk>,
    signing_profile: SigningProfile,
    app: Option<AppCredentials>,
    tenant_space_id: Option<String>,
    connect_timeout: Duration,
    timeout: Duration,
    user_agent: String,
    proxy: Option<reqwest::Proxy>,
    no_proxy: bool,
    root_certificates_pem: Vec<Vec<u8>>,
    accept_invalid_certificates: bool,
    retry: RetryPolicy,
    clock: Clock,
    clock_skew_correction: bool,
    max_response_bytes: u64,
    deadline: Option<Duration>,
    max_in_flight_per_host: usize,
    token_expire: Duration,
    http_client: Option<GivenClient>,
    /// The settings made that configure the HTTP client the builder makes, by name: each
    /// is an error together with [`ClientBuilder::http_client`].
    http_settings: Vec<&'static str>,
    recording: Recording,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            isales_url: None,
            cms_url: None,
            apiaccess_url: None,
            ak_sk: None,
            signing_profile: SigningProfile::DOCUMENTED,
            app: None,
            tenant_space_id: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            user_agent: concat!("huawei-cec/", env!("CARGO_PKG_VERSION")).to_owned(),
            proxy: None,
            no_proxy: false,
            root_certificates_pem: Vec::new(),
            accept_invalid_certificates: false,
            retry: RetryPolicy::default(),
            clock: Clock::default(),
            clock_skew_correction: true,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            deadline: None,
            max_in_flight_per_host: DEFAULT_MAX_IN_FLIGHT_PER_HOST,
            token_expire: DEFAULT_TOKEN_EXPIRE,
            http_client: None,
            http_settings: Vec::new(),
            recording: Recording::default(),
        }
    }
}

impl ClientBuilder {
    /// A builder with the defaults and nothing configured.
    pub fn new() -> Self {
        Self::default()
    }

    /// Base URL of the CC-iSales server, `https://ip:port` (call result detail, external
    /// result, update of a reserved call's result).
    pub fn isales_url(mut self, url: impl Into<String>) -> Self {
        self.isales_url = Some(url.into());
        self
    }

    /// Base URL of the CC-CMS server (or the NSLB address), `https://ip:port` (CDRs).
    pub fn cms_url(mut self, url: impl Into<String>) -> Self {
        self.cms_url = Some(url.into());
        self
    }

    /// Base URL of the CEC open platform, `https://{domain}` (call records, tokens).
    pub fn apiaccess_url(mut self, url: impl Into<String>) -> Self {
        self.apiaccess_url = Some(url.into());
        self
    }

    /// The AK/SK that signs CC-iSales and CC-CMS requests.
    pub fn ak_sk(mut self, credentials: AkSk) -> Self {
        self.ak_sk = Some(credentials);
        self
    }

    /// How `auth-v2` requests are signed. Default [`SigningProfile::DOCUMENTED`] (the
    /// documentation page); [`SigningProfile::JAVA_DEMO`] signs as Huawei's Java demo does.
    /// A server that answers 401 to a correct AK/SK and clock may expect another profile.
    pub fn signing_profile(mut self, profile: SigningProfile) -> Self {
        self.signing_profile = profile;
        self
    }

    /// The app key and secret exchanged for the data-process interface's bearer token.
    pub fn app_credentials(mut self, credentials: AppCredentials) -> Self {
        self.app = Some(credentials);
        self
    }

    /// Sends `X-TenantSpaceID` with data-process requests (the page's example does).
    pub fn tenant_space_id(mut self, id: impl Into<String>) -> Self {
        self.tenant_space_id = Some(id.into());
        self
    }

    /// Time allowed to establish a connection. Default 10 s.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self.http_setting("connect_timeout")
    }

    /// Time allowed for one attempt, from connecting to the end of the reply body.
    /// Default 30 s.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The `User-Agent` header. Default `huawei-cec/{version}`.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self.http_setting("user_agent")
    }

    /// Sends requests through this proxy (e.g. `reqwest::Proxy::https("http://proxy:3128")`).
    /// Without it, the proxies of the `HTTP_PROXY`, `HTTPS_PROXY` and `NO_PROXY`
    /// environment variables are used, as reqwest does.
    pub fn proxy(mut self, proxy: reqwest::Proxy) -> Self {
        self.proxy = Some(proxy);
        self.http_setting("proxy")
    }

    /// Uses no proxy at all, not even those of the environment.
    pub fn no_proxy(mut self) -> Self {
        self.no_proxy = true;
        self.http_setting("no_proxy")
    }

    /// Trusts the CA certificates in this PEM bundle in addition to the system's (servers
    /// at `https://ip:port` often use a private CA).
    pub fn root_certificates_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.root_certificates_pem.push(pem.into());
        self.http_setting("root_certificates_pem (root_certificate_file, CEC_CA_CERT)")
    }

    /// [`Self::root_certificates_pem`] from a file.
    pub fn root_certificate_file(self, path: impl AsRef<std::path::Path>) -> Result<Self> {
        let path = path.as_ref();
        let pem = std::fs::read(path).map_err(|e| Error::Config {
            message: format!(
                "cannot read the CA certificate file {}: {e}",
                path.display()
            ),
        })?;
        Ok(self.root_certificates_pem(pem))
    }

    /// Accepts any server certificate, even invalid or self-signed ones. This removes the
    /// protection TLS gives against impostors: use it only against test servers. Never
    /// the default.
    pub fn danger_accept_invalid_certificates(mut self, accept: bool) -> Self {
        self.accept_invalid_certificates = accept;
        if accept {
            self.http_setting("danger_accept_invalid_certificates")
        } else {
            self
        }
    }

    /// When and how often failed attempts are retried. Default [`RetryPolicy::default`].
    pub fn retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The most bytes a reply body may have. A reply that declares more is refused before its
    /// body is read, one that grows past it is cut off: both give [`Error::TooLarge`].
    /// Default 64 MiB.
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// The time allowed for a whole call: every attempt, and the waits between them. A
    /// call past it ends with [`Error::DeadlineExceeded`] (or [`Error::OutcomeUnknown`] for an
    /// update that may have been sent). Default none: each attempt has its
    /// [`Self::timeout`], and the retries are bounded by the [`RetryPolicy`].
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// The most requests in flight at once to one host (and so connections to it); more
    /// calls wait for a place. Clients of the same host in one [`Client`] share the places.
    /// Default 64.
    pub fn max_in_flight_per_host(mut self, max: usize) -> Self {
        self.max_in_flight_per_host = max;
        self
    }

    /// The lifetime asked of the token interface for each bearer token (`X-Token-Expire`):
    /// whole seconds from 1 to 3600. Default 600 s, the documented default. A token is used
    /// no longer than asked, whatever the reply says.
    pub fn token_expire(mut self, lifetime: Duration) -> Self {
        self.token_expire = lifetime;
        self
    }

    /// Sends every request with this reqwest client instead of one the builder makes: to
    /// share a connection pool, or to configure what the builder does not offer (DNS,
    /// local address, HTTP/2, TLS details).
    ///
    /// It must be of this crate's reqwest, re-exported as [`huawei_cec::reqwest`](crate::reqwest)
    /// (a client of another reqwest version is another type). Build it with
    /// `redirect(reqwest::redirect::Policy::none())`. This crate never follows
    /// a redirect (it would carry the app secret, a signature or a body to another address);
    /// with a client that does, the request has gone to the other address before the crate
    /// sees a reply. A reply that came from another URL than the one asked ends the call with
    /// [`Error::RedirectFollowed`]; a redirect that leads back to the URL asked, or to an
    /// address that never answers, cannot be seen (reqwest keeps no redirect history), so
    /// `Policy::none()` is the protection, the check only a backstop.
    ///
    /// The client's own settings apply: connect timeout, proxy, trusted certificates,
    /// User-Agent. The builder's settings for these (`connect_timeout`, `user_agent`,
    /// `proxy`, `no_proxy`, `root_certificates_pem`, `root_certificate_file`, `CEC_CA_CERT`,
    /// `danger_accept_invalid_certificates(true)`) are refused by [`Self::build`] together
    /// with this one. What the crate does per request still applies: [`Self::timeout`] for
    /// each attempt (it replaces a timeout set on the given client), signing, retries, the
    /// deadline, the size limit and the cap on requests in flight.
    ///
    /// ```
    /// use std::time::Duration;
    /// use huawei_cec::reqwest;
    ///
    /// let http = reqwest::Client::builder()
    ///     .redirect(reqwest::redirect::Policy::none())
    ///     .connect_timeout(Duration::from_secs(5))
    ///     .pool_max_idle_per_host(8)
    ///     .build()?;
    /// let client = huawei_cec::Client::builder()
    ///     .isales_url("https://10.0.0.8:28090")
    ///     .http_client(http)
    ///     .build()?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(GivenClient(client));
        self
    }

    /// The clock whose time signs requests. Default the system clock.
    pub fn clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Whether `auth-v2` signatures are corrected for a server whose clock is off from this
    /// machine's. Default on: when a signed request comes back 401 and the reply's `Date`
    /// header shows this machine's clock more than
    /// [`CLOCK_SKEW_THRESHOLD`](crate::transport::CLOCK_SKEW_THRESHOLD) (4 minutes) off the
    /// server's, the offset is remembered for that server, the request is signed anew with
    /// the server's time and sent once more (whatever the retry policy, and for the update
    /// too: a 401 was not applied), and later requests to it are signed with the server's
    /// time from the start. The correction is logged once at WARN with the offset. A `Date`
    /// that is absent, malformed, from a cache (`Age`), or more than
    /// [`MAX_CLOCK_SKEW_CORRECTED`](crate::transport::MAX_CLOCK_SKEW_CORRECTED) (a day) off
    /// changes nothing. Off: a skewed 401 is an [`Error::Unauthorized`] whose message gives
    /// the offset. Environment: `CEC_CLOCK_SKEW_CORRECTION=false`.
    pub fn clock_skew_correction(mut self, on: bool) -> Self {
        self.clock_skew_correction = on;
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(mut self) -> Result<Client> {
        if self.max_response_bytes == 0 {
            return Err(Error::Config {
                message:
                    "max_response_bytes is 0: give a limit of at least 1 byte (default 64 MiB)"
                        .into(),
            });
        }
        if !(1..=Semaphore::MAX_PERMITS).contains(&self.max_in_flight_per_host) {
            return Err(Error::Config {
                message: format!(
                    "max_in_flight_per_host is {}: give 1 to {} (default {DEFAULT_MAX_IN_FLIGHT_PER_HOST})",
                    self.max_in_flight_per_host,
                    Semaphore::MAX_PERMITS
                ),
            });
        }
        let token_expire = token_expire_secs(self.token_expire)?;
        if self.deadline.is_some_and(|d| d.is_zero()) {
            return Err(Error::Config {
                message: "the deadline is 0: give a duration above 0, or none".into(),
            });
        }
        let mut hosts = HostLimits::new(&self);
        let http = self.make_http_client()?;

        if let Some(credentials) = &self.app {
            credentials.check()?;
        }
        // Last: the cassette is created only for settings that make a client.
        let recorder = self.recording.recorder()?;
        if let Some(recorder) = &recorder {
            let secrets = [
                self.ak_sk.as_ref().map(AkSk::secret_key),
                self.app.as_ref().map(AppCredentials::app_secret),
            ];
            secrets
                .into_iter()
                .flatten()
                .for_each(|s| recorder.add_secret(s));
        }
        // One signer for both signed hosts: it reuses the signing key within a timestamp.
        let signer = match self.ak_sk.clone() {
            Some(credentials) => Some(Arc::new(
                Signer::new(credentials, self.signing_profile).map_err(|e| Error::Config {
                    message: e.to_string(),
                })?,
            )),
            None => None,
        };
        let signed = |url: &str, hosts: &mut HostLimits| Transport {
            auth: signer.clone().map(Auth::AkSk).unwrap_or_default(),
            retry: self.retry,
            clock: self.clock.clone(),
            extra_headers: Vec::new(),
            retry_500: true,
            limits: hosts.of(url),
            server_clock: hosts.server_clock(url, self.clock_skew_correction),
            recorder: recorder.clone(),
        };
        let isales =
            base_url("isales_url", "CEC_ISALES_URL", self.isales_url.as_deref())?.map(|url| {
                let transport = signed(&url, &mut hosts);
                isales::Client::new_with_client(&url, http.clone(), transport)
            });
        let cms = base_url("cms_url", "CEC_CMS_URL", self.cms_url.as_deref())?.map(|url| {
            let transport = signed(&url, &mut hosts);
            cms::Client::new_with_client(&url, http.clone(), transport)
        });

        let apiaccess = base_url(
            "apiaccess_url",
            "CEC_APIACCESS_URL",
            self.apiaccess_url.as_deref(),
        )?;
        let (dataprocess, tokens) = match (&apiaccess, &self.app) {
            (Some(url), Some(app)) => {
                let plain = Transport {
                    retry: self.retry,
                    retry_500: false,
                    limits: hosts.of(url),
                    recorder: recorder.clone(),
                    ..Transport::default()
                };
                let tokens = TokenProvider::new(
                    dataprocess::Client::new_with_client(url, http.clone(), plain),
                    app.clone(),
                    self.timeout,
                    token_expire,
                );
                let mut extra_headers = vec![(
                    HeaderName::from_static("x-app-key"),
                    header_value(app.app_key())?,
                )];
                if let Some(tenant) = &self.tenant_space_id {
                    extra_headers.push((
                        HeaderName::from_static("x-tenantspaceid"),
                        header_value(tenant)?,
                    ));
                }
                let transport = Transport {
                    auth: Auth::Bearer(tokens.clone()),
                    retry: self.retry,
                    clock: self.clock.clone(),
                    extra_headers,
                    retry_500: false,
                    limits: hosts.of(url),
                    server_clock: hosts.server_clock(url, self.clock_skew_correction),
                    recorder: recorder.clone(),
                };
                (
                    Some(dataprocess::Client::new_with_client(
                        url,
                        http.clone(),
                        transport,
                    )),
                    Some(tokens),
                )
            }
            _ => (None, None),
        };
        Ok(Client::new(Hosts {
            isales,
            cms,
            dataprocess,
            tokens,
            has_ak_sk: self.ak_sk.is_some(),
            signing_profile: self.signing_profile,
            has_apiaccess_url: apiaccess.is_some(),
            timeout: self.timeout,
        }))
    }
}

/// The limits of each host's clients: one cap on requests in flight per host (scheme, host
/// and port), shared by the clients of that host.
struct HostLimits {
    template: Limits,
    per_host: HashMap<String, Arc<Semaphore>>,
    clocks: HashMap<String, ServerClock>,
    max_in_flight: usize,
}

impl HostLimits {
    fn new(builder: &ClientBuilder) -> Self {
        Self {
            template: Limits {
                max_response_bytes: builder.max_response_bytes,
                deadline: builder.deadline,
                attempt_timeout: Some(builder.timeout),
                given_client: builder.http_client.is_some(),
                ..Limits::default()
            },
            per_host: HashMap::new(),
            clocks: HashMap::new(),
            max_in_flight: builder.max_in_flight_per_host,
        }
    }

    /// The limits of the clients of `url` (a checked base URL).
    fn of(&mut self, url: &str) -> Limits {
        let origin = origin(url);
        let max = self.max_in_flight;
        let in_flight = self
            .per_host
            .entry(origin)
            .or_insert_with(|| Arc::new(Semaphore::new(max)))
            .clone();
        Limits {
            in_flight,
            ..self.template.clone()
        }
    }

    /// The clock offset the clients of `url`'s origin learn and share.
    fn server_clock(&mut self, url: &str, correction: bool) -> ServerClock {
        self.clocks
            .entry(origin(url))
            .or_insert_with(|| ServerClock::new(correction))
            .clone()
    }
}

/// A URL's origin (scheme, host and port), or the URL itself when it does not parse.
fn origin(url: &str) -> String {
    reqwest::Url::parse(url)
        .map(|u| u.origin().ascii_serialization())
        .unwrap_or_else(|_| url.to_owned())
}

/// `token_expire` as the whole seconds of `X-Token-Expire`, 1 to 3600.
fn token_expire_secs(lifetime: Duration) -> Result<NonZeroU32> {
    let seconds = u32::try_from(lifetime.as_secs())
        .ok()
        .filter(|_| lifetime.subsec_nanos() == 0)
        .filter(|s| u64::from(*s) <= MAX_TOKEN_EXPIRE.as_secs())
        .and_then(NonZeroU32::new);
    seconds.ok_or_else(|| Error::Config {
        message: format!(
            "token_expire is {lifetime:?}: give whole seconds from 1 to 3600 (default 600), \
             the lifetimes the token interface grants (X-Token-Expire)"
        ),
    })
}

fn header_value(value: &str) -> Result<HeaderValue> {
    HeaderValue::from_str(value).map_err(|_| Error::Config {
        message: format!("{value:?} cannot be sent in an HTTP header"),
    })
}

/// Checks a base URL: absolute http(s), no query; a trailing `/` is dropped.
fn base_url(setting: &str, env: &str, url: Option<&str>) -> Result<Option<String>> {
    let Some(url) = url else { return Ok(None) };
    let parsed = reqwest::Url::parse(url).map_err(|e| Error::Config {
        message: format!(
            "{setting} ({env}) {url:?} is not a URL ({e}); expected e.g. https://10.0.0.8:28090"
        ),
    })?;
    if !matches!(parsed.scheme(), "http" | "https")
        || parsed.host_str().is_none()
        || parsed.query().is_some()
    {
        return Err(Error::Config {
            message: format!(
                "{setting} ({env}) {url:?} must be http(s)://host[:port][/path] without a query"
            ),
        });
    }
    Ok(Some(url.trim_end_matches('/').to_owned()))
}
