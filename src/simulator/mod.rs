//! An embedded simulator of the CEC servers (feature `simulator`): the five operations and
//! `tokenByAkSk` on one local address, so the client runs with no contact center and
//! integrations can be tested against a real HTTP server.
//!
//! It checks auth-v2 signatures and bearer tokens (HTTP 401 otherwise), validates requests
//! and answers with the documented result codes, serves seeded, realistic data that
//! `updateResult` changes, sends the pages' quirks on the wire (`"6"` for `callStatus`,
//! `"agentId "`, numbers as strings and back), and injects faults on demand.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use huawei_cec::simulator::{Faults, Simulator};
//!
//! let sim = Simulator::builder().seed(7).start().await?;
//! let client = sim.client()?;
//! let detail = client.call_result_detail(8, "1644464743-1388").await?;
//! assert_eq!(sim.requests().len(), 1);
//!
//! sim.set_faults(Faults::default().with_error_rate(0.5));
//! # Ok(())
//! # }
//! ```

mod data;
mod handlers;
mod replay;
mod server;
mod settings;
mod verify;

use std::collections::HashMap;
use std::fmt;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::body::Bytes;

pub use data::{Appointment, Dataset, EXTERNAL_RESULTS, ExternalResultDef, SimCall, VDNS};
pub use handlers::{CMS_NOT_FOUND, CMS_PARAMETER_ERROR, MAX_ID_LEN};
pub use replay::{MAX_REPLAY_BODY, MAX_REPLAY_TOTAL, Replay, Replayed};
pub use settings::{DemoCredentials, Faults};
pub use verify::{VerifyError, VerifyOptions, verify_v2, verify_v2_with};

use crate::auth::{AkSk, AppCredentials, SigningProfile};
use crate::client::Client;
use crate::config::ClientBuilder;

/// One request the simulator received, and what it did with it.
///
/// `Debug` shows the `Authorization` header's scheme only (never a signature or a token)
/// and the body's length (a token request's body holds the app secret).
#[derive(Clone)]
pub struct RecordedRequest {
    /// HTTP method.
    pub method: String,
    /// Path (and query) as received.
    pub uri: String,
    /// The operation (operationId) the path belongs to.
    pub operation: Option<&'static str>,
    /// The headers as received (names lower-case).
    pub headers: Vec<(String, String)>,
    /// The body as received.
    pub body: Bytes,
    /// The status answered (0 when the connection was dropped).
    pub status: u16,
    /// The fault injected, if any: `"error"`, `"drop"`, `"garble"` or `"waf"`.
    pub fault: Option<&'static str>,
    /// When replaying a cassette: the recorded exchange that answered, or the closest one
    /// and how it differs. `None` when not replaying, and for token requests.
    pub replayed: Option<Replayed>,
}

impl fmt::Debug for RecordedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                if name.eq_ignore_ascii_case("authorization") {
                    let scheme = match value.split_once(['/', ' ']) {
                        Some(("auth-v2", _)) => "auth-v2/[REDACTED]",
                        Some((s, _)) if s.eq_ignore_ascii_case("bearer") => "Bearer [REDACTED]",
                        _ => "[REDACTED]",
                    };
                    (name.as_str(), scheme)
                } else {
                    (name.as_str(), value.as_str())
                }
            })
            .collect();
        f.debug_struct("RecordedRequest")
            .field("method", &self.method)
            .field("uri", &self.uri)
            .field("operation", &self.operation)
            .field("headers", &headers)
            .field("body", &format_args!("[{} bytes]", self.body.len()))
            .field("status", &self.status)
            .field("fault", &self.fault)
            .finish()
    }
}

impl RecordedRequest {
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The most requests kept for inspection (the oldest are dropped beyond it).
pub const MAX_RECORDED: usize = 100_000;

pub(crate) struct Shared {
    data: Mutex<Dataset>,
    credentials: DemoCredentials,
    tokens: Mutex<HashMap<String, Instant>>,
    token_lifetime: Duration,
    max_clock_skew: Duration,
    /// The only signing profile accepted, if the simulator insists on one.
    signing_profile: Option<SigningProfile>,
    /// The port it listens on.
    port: Option<u16>,
    faults: Mutex<Faults>,
    requests: Mutex<std::collections::VecDeque<RecordedRequest>>,
    token_requests: AtomicUsize,
    /// Draws the injected faults: seeded, so a sequence of requests meets the same faults
    /// on every run.
    fault_rng: Mutex<rand_chacha::ChaCha8Rng>,
    /// The cassette it replays, if any.
    replay: Option<Arc<Replay>>,
}

impl Shared {
    fn data(&self) -> MutexGuard<'_, Dataset> {
        self.data.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn faults(&self) -> Faults {
        self.faults
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn record(&self, request: RecordedRequest) {
        let mut requests = self.requests.lock().unwrap_or_else(|p| p.into_inner());
        if requests.len() >= MAX_RECORDED {
            requests.pop_front();
        }
        requests.push_back(request);
    }
}

/// Configures a simulator. [`Simulator::builder`].
#[derive(Debug, Clone)]
#[must_use]
pub struct SimulatorBuilder {
    bind: SocketAddr,
    seed: u64,
    calls: usize,
    credentials: DemoCredentials,
    token_lifetime: Duration,
    max_clock_skew: Duration,
    signing_profile: Option<SigningProfile>,
    faults: Faults,
    replay: Option<Arc<Replay>>,
}

impl Default for SimulatorBuilder {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            seed: 42,
            calls: 3000,
            credentials: DemoCredentials::default(),
            token_lifetime: Duration::from_secs(3600),
            max_clock_skew: Duration::from_secs(15 * 60),
            signing_profile: None,
            faults: Faults::default(),
            replay: None,
        }
    }
}

impl SimulatorBuilder {
    /// The address to listen on. Default `127.0.0.1:0` (a free port).
    pub fn bind(mut self, addr: SocketAddr) -> Self {
        self.bind = addr;
        self
    }

    /// The seed of the generated data. Default 42.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// How many calls to generate (besides the pages' examples). Default 3000.
    pub fn calls(mut self, calls: usize) -> Self {
        self.calls = calls;
        self
    }

    /// The credentials accepted. Default [`DemoCredentials::default`].
    pub fn credentials(mut self, credentials: DemoCredentials) -> Self {
        self.credentials = credentials;
        self
    }

    /// The longest lifetime of issued tokens (`Expires`): a token lives what its request's
    /// `X-Token-Expire` asks (600 s without it), at most this. Default one hour, the most
    /// the documented interface grants.
    pub fn token_lifetime(mut self, lifetime: Duration) -> Self {
        self.token_lifetime = lifetime;
        self
    }

    /// How far a signature's time may be from the simulator's clock. Default 15 minutes.
    pub fn max_clock_skew(mut self, skew: Duration) -> Self {
        self.max_clock_skew = skew;
        self
    }

    /// Accepts only `auth-v2` signatures of this profile, answering 401 (saying why) to the
    /// others. By default every profile is accepted, as a server whose variant is unknown
    /// might: requests signed by Huawei's Java demo are accepted too.
    pub fn signing_profile(mut self, profile: SigningProfile) -> Self {
        self.signing_profile = Some(profile);
        self
    }

    /// Faults from the start. Default none.
    pub fn faults(mut self, faults: Faults) -> Self {
        self.faults = faults;
        self
    }

    /// Serves a recorded cassette instead of the generated data: each request is answered
    /// with the reply recorded for the same request (operation, path, query and body; the
    /// values of masked personal data by their shape), in the order recorded, the last one
    /// repeating. Signatures and tokens are checked as always, and tokens are issued by the
    /// simulator (recorded token requests are not replayed). A request that matches nothing
    /// is answered HTTP 501 with a JSON body naming the closest recorded request and how it
    /// differs, logged as a warning, and listed by [`RunningSimulator::requests`] with
    /// [`Replayed::Unmatched`].
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// use huawei_cec::simulator::{Replay, Simulator};
    ///
    /// let sim = Simulator::builder()
    ///     .replay(Replay::from_path("session.cassette")?)
    ///     .start()
    ///     .await?;
    /// let detail = sim.client()?.call_result_detail(8, "1644464743-1388").await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn replay(mut self, replay: Replay) -> Self {
        self.replay = Some(Arc::new(replay));
        self
    }

    /// Starts serving. The simulator stops when the returned handle is dropped.
    pub async fn start(self) -> std::io::Result<RunningSimulator> {
        let listener = tokio::net::TcpListener::bind(self.bind).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            data: Mutex::new(Dataset::generate(self.seed, self.calls)),
            credentials: self.credentials,
            tokens: Mutex::new(HashMap::new()),
            token_lifetime: self.token_lifetime,
            max_clock_skew: self.max_clock_skew,
            signing_profile: self.signing_profile,
            port: Some(addr.port()),
            faults: Mutex::new(self.faults),
            requests: Mutex::new(std::collections::VecDeque::new()),
            token_requests: AtomicUsize::new(0),
            fault_rng: Mutex::new(rand::SeedableRng::seed_from_u64(self.seed ^ 0xFA17)),
            replay: self.replay,
        });
        let app = handlers::router(shared.clone()).layer(axum::middleware::from_fn_with_state(
            shared.clone(),
            server::record_and_inject,
        ));
        let server = tokio::spawn(server::serve(listener, app));
        Ok(RunningSimulator {
            addr,
            shared,
            server,
        })
    }
}

/// Entry point of the simulator.
#[derive(Debug)]
pub struct Simulator;

impl Simulator {
    /// A builder with the defaults: a free port on 127.0.0.1, seed 42, 3000 calls, the demo
    /// credentials.
    pub fn builder() -> SimulatorBuilder {
        SimulatorBuilder::default()
    }

    /// Starts a simulator with the defaults.
    pub async fn start() -> std::io::Result<RunningSimulator> {
        Self::builder().start().await
    }
}

/// A running simulator. Dropping it stops the server.
pub struct RunningSimulator {
    addr: SocketAddr,
    shared: Arc<Shared>,
    server: tokio::task::JoinHandle<()>,
}

impl fmt::Debug for RunningSimulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RunningSimulator")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl Drop for RunningSimulator {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl RunningSimulator {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Its base URL, `http://127.0.0.1:{port}`: the CC-iSales, CC-CMS and CEC open platform
    /// base URL alike.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The credentials it accepts.
    pub fn credentials(&self) -> &DemoCredentials {
        &self.shared.credentials
    }

    /// The only signing profile it accepts, if it insists on one.
    pub fn signing_profile(&self) -> Option<SigningProfile> {
        self.shared.signing_profile
    }

    /// A [`ClientBuilder`] with the simulator's URLs and credentials set (and the signing
    /// profile it insists on, if any).
    pub fn client_builder(&self) -> ClientBuilder {
        let c = &self.shared.credentials;
        Client::builder()
            .isales_url(self.url())
            .cms_url(self.url())
            .apiaccess_url(self.url())
            .ak_sk(AkSk::new(&c.access_key, &c.secret_key))
            .signing_profile(self.shared.signing_profile.unwrap_or_default())
            .app_credentials(AppCredentials::new(&c.app_key, &c.app_secret))
            .no_proxy()
    }

    /// A client of the simulator.
    pub fn client(&self) -> crate::error::Result<Client> {
        self.client_builder().build()
    }

    /// Every request received so far (at most [`MAX_RECORDED`]).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        let requests = self
            .shared
            .requests
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        requests.iter().cloned().collect()
    }

    /// Forgets the requests received so far.
    pub fn clear_requests(&self) {
        self.shared
            .requests
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }

    /// How many token requests it has answered.
    pub fn token_requests(&self) -> usize {
        self.shared.token_requests.load(Ordering::Relaxed)
    }

    /// Replaces the injected faults.
    pub fn set_faults(&self, faults: Faults) {
        *self.shared.faults.lock().unwrap_or_else(|p| p.into_inner()) = faults;
    }

    /// The injected faults.
    pub fn faults(&self) -> Faults {
        self.shared.faults()
    }

    /// Expires every token issued so far (the next call gets a 401 and renews).
    pub fn expire_tokens(&self) {
        let mut tokens = self.shared.tokens.lock().unwrap_or_else(|p| p.into_inner());
        let past = Instant::now()
            .checked_sub(Duration::from_secs(1))
            .unwrap_or_else(Instant::now);
        tokens.values_mut().for_each(|expiry| *expiry = past);
    }

    /// Reads (or changes) the simulated data: pick call IDs for tests, check what
    /// `updateResult` did.
    pub fn with_data<T>(&self, f: impl FnOnce(&mut Dataset) -> T) -> T {
        f(&mut self.shared.data())
    }

    /// Stops the server.
    pub fn shutdown(self) {
        drop(self);
    }
}
