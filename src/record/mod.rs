//! Recording: every attempt of every call (the token requests included) appended to a
//! cassette (`docs/cassettes.md`, the types of [`crate::cassette`]) as it ends, with every
//! secret removed and personal data masked.
//!
//! ```no_run
//! use huawei_cec::record::Recorder;
//!
//! let recorder = Recorder::create("session.cassette")?;
//! let client = huawei_cec::Client::builder()
//!     .isales_url("https://10.0.0.8:28090")
//!     .recorder(recorder.clone())
//!     .build()?;
//! // ... calls ...
//! recorder.flush()?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Each exchange is one line written with one `write` as soon as its attempt ends: nothing is
//! held back in memory, and a process stopped in the middle of a call loses nothing written
//! before. The exchange is cleaned (the secrets removed, the personal data masked) on the
//! calling task; only its serialization and the append hold a lock. The append is a plain
//! synchronous `write` from the calling task, not a hand-off to a writer thread: a few
//! microseconds for a line to a local file, about what a channel and a thread's wake-up
//! cost, and with no queue to bound or lose on exit. Record to a local disk: a network file
//! system that stalls stalls the calls. A recorded body is cut at
//! [`RecorderOptions::max_body_bytes`], so the memory a recording takes is bounded however
//! long it runs.

mod body;
mod file;
mod mask;
mod redact;

use std::fmt;
use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use bytes::Bytes;
use reqwest::header::{AUTHORIZATION, HeaderMap};

use crate::cassette::{self, Auth, Exchange, Header, PersonalData, Request, Response};
use crate::error::Error;
use mask::Masker;
use redact::{Needles, Scrubber, Secrets};

pub(crate) use redact::abbreviate;

/// The default of [`RecorderOptions::max_body_bytes`]: 1 MiB.
pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;

/// How a recording is made: personal data masked or kept, a note in the header, the most of
/// a body recorded. [`Recorder::options`].
#[derive(Debug, Clone)]
#[must_use]
pub struct RecorderOptions {
    personal_data: PersonalData,
    note: Option<String>,
    max_body_bytes: usize,
    on_exchange: Option<Hook>,
}

/// What [`RecorderOptions::on_exchange`] runs. Unwind-safe whatever it is: it runs after
/// the exchange's line is written and the file's lock released, and the recorder's locks
/// recover from a panic, so a panic in it leaves nothing of the recorder half done.
struct Hook(std::panic::AssertUnwindSafe<Arc<OnExchange>>);

type OnExchange = dyn Fn(&Exchange) + Send + Sync;

impl Clone for Hook {
    fn clone(&self) -> Self {
        Self(std::panic::AssertUnwindSafe(Arc::clone(&self.0)))
    }
}

impl fmt::Debug for Hook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Fn(&Exchange)")
    }
}

impl Default for RecorderOptions {
    fn default() -> Self {
        Self {
            personal_data: PersonalData::Masked,
            note: None,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            on_exchange: None,
        }
    }
}

impl RecorderOptions {
    /// Keeps personal data (the calling and called numbers, the recording links' host and
    /// path) as they are instead of masking them. Such a cassette holds your customers'
    /// phone numbers: handle it as the contact center's own data. Default: masked.
    pub fn keep_personal_data(mut self, keep: bool) -> Self {
        self.personal_data = if keep {
            PersonalData::Kept
        } else {
            PersonalData::Masked
        };
        self
    }

    /// A note for the header: what made the recording (`cec doctor`, a program's name).
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// The most bytes of a body recorded; a longer body's start is recorded, marked
    /// `truncated`. Default [`DEFAULT_MAX_BODY_BYTES`].
    pub fn max_body_bytes(mut self, max: usize) -> Self {
        self.max_body_bytes = max;
        self
    }

    /// Runs `f` on each exchange once it is written to the cassette, as written (secrets
    /// removed, personal data masked, its `seq` set), on the task that made the call, after
    /// the file's lock is released. This is how replies are checked against the spec as
    /// they come ([`conformance::Checker`](crate::conformance::Checker), as `cec --record FILE
    /// --check` does):
    ///
    /// ```no_run
    /// use std::sync::{Arc, Mutex};
    /// use huawei_cec::{Recorder, conformance::Checker};
    ///
    /// let checker = Arc::new(Mutex::new(Checker::new()));
    /// let live = Arc::clone(&checker);
    /// let recorder = Recorder::options()
    ///     .on_exchange(move |exchange| {
    ///         for finding in live.lock().unwrap().check(exchange) {
    ///             eprintln!("{finding}");
    ///         }
    ///     })
    ///     .create("session.cassette")?;
    /// // ... calls through a client built with .recorder(recorder.clone()) ...
    /// assert!(checker.lock().unwrap().summary().conforms());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// Keep it quick: the call waits for it. An exchange that could not be written (the
    /// recording stopped) is not given to it.
    pub fn on_exchange(mut self, f: impl Fn(&Exchange) + Send + Sync + 'static) -> Self {
        self.on_exchange = Some(Hook(std::panic::AssertUnwindSafe(Arc::new(f))));
        self
    }

    /// Creates (or replaces) the cassette at `path` and writes its header. A file that cannot
    /// be written, or an existing file that is not a cassette (it is not replaced), is an
    /// [`Error::Config`] naming the path and the reason.
    pub fn create(self, path: impl AsRef<Path>) -> Result<Recorder, Error> {
        let path = path.as_ref();
        let fail = |why: String| Error::Config {
            message: format!("cannot record to {}: {why}", path.display()),
        };
        file::refuse_other_files(path).map_err(fail)?;
        let mut file = file::open(path).map_err(|e| fail(e.to_string()))?;
        let header = Header::new(self.personal_data, self.note);
        let mut line = serde_json::to_vec(&header).map_err(|e| fail(e.to_string()))?;
        line.push(b'\n');
        file.write_all(&line).map_err(|e| fail(e.to_string()))?;
        Ok(Recorder {
            inner: Arc::new(Inner {
                path: path.to_path_buf(),
                personal_data: self.personal_data,
                max_body_bytes: self.max_body_bytes,
                on_exchange: self.on_exchange,
                masker: Masker::new(),
                secrets: RwLock::new(Secrets::default()),
                writer: Mutex::new(Writer {
                    file,
                    line: Vec::new(),
                    failed: None,
                }),
                written: AtomicU64::new(0),
            }),
        })
    }
}

/// Records exchanges to a cassette. Cheap to clone: clones write to the same file. Give it
/// to [`ClientBuilder::recorder`](crate::ClientBuilder::recorder) (or let
/// [`ClientBuilder::record_to`](crate::ClientBuilder::record_to) make one).
///
/// A recording never changes what is sent or what a call returns: a write that fails stops
/// the recording (logged once as a warning) and is reported by [`Recorder::flush`].
#[derive(Clone)]
pub struct Recorder {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    personal_data: PersonalData,
    max_body_bytes: usize,
    on_exchange: Option<Hook>,
    masker: Masker,
    secrets: RwLock<Secrets>,
    writer: Mutex<Writer>,
    written: AtomicU64,
}

struct Writer {
    file: File,
    /// The line being written, kept for the next (bounded: see [`Writer::write`]).
    line: Vec<u8>,
    /// The write that failed and stopped the recording.
    failed: Option<(std::io::ErrorKind, String)>,
}

impl fmt::Debug for Recorder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Recorder")
            .field("path", &self.inner.path)
            .field("personal_data", &self.inner.personal_data)
            .field("exchanges", &self.exchanges())
            .finish_non_exhaustive()
    }
}

impl Recorder {
    /// Records to a new cassette at `path`, personal data masked: [`RecorderOptions::create`].
    pub fn create(path: impl AsRef<Path>) -> Result<Self, Error> {
        RecorderOptions::default().create(path)
    }

    /// Options for a recording.
    pub fn options() -> RecorderOptions {
        RecorderOptions::default()
    }

    /// The cassette's path.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Whether personal data is masked.
    pub fn personal_data(&self) -> PersonalData {
        self.inner.personal_data
    }

    /// How many exchanges were written.
    pub fn exchanges(&self) -> u64 {
        self.inner.written.load(Ordering::Relaxed)
    }

    /// Makes sure every exchange recorded so far is in the file: reports the write that
    /// stopped the recording, if one failed, and asks the system to put the file on disk.
    /// (Each exchange is written as it ends: there is nothing to flush from memory.)
    pub fn flush(&self) -> std::io::Result<()> {
        let writer = self.inner.writer.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((kind, message)) = &writer.failed {
            return Err(std::io::Error::new(
                *kind,
                format!(
                    "the recording to {} stopped after {} exchanges: {message}",
                    self.inner.path.display(),
                    self.exchanges()
                ),
            ));
        }
        match writer.file.sync_data() {
            // A pipe or a terminal cannot be synced, and need not be.
            Err(e) if e.kind() == std::io::ErrorKind::InvalidInput => Ok(()),
            other => other,
        }
    }

    /// Adds a secret the client holds (SK, app secret): never written, in any form.
    pub(crate) fn add_secret(&self, secret: &str) {
        let mut secrets = self
            .inner
            .secrets
            .write()
            .unwrap_or_else(|p| p.into_inner());
        secrets.add(secret);
    }

    fn learn(&self, secret: &str) {
        let secrets = self.inner.secrets.read().unwrap_or_else(|p| p.into_inner());
        if secrets.knows(secret) {
            return;
        }
        drop(secrets);
        let mut secrets = self
            .inner
            .secrets
            .write()
            .unwrap_or_else(|p| p.into_inner());
        secrets.learn(secret);
    }

    fn lasting(&self) -> Option<Arc<Needles>> {
        let secrets = self.inner.secrets.read().unwrap_or_else(|p| p.into_inner());
        secrets.needles()
    }

    /// Begins the record of an attempt about to be sent: the request as it goes (signed),
    /// `operation` as the generated client names it.
    pub(crate) fn begin(
        &self,
        request: &reqwest::Request,
        operation: &'static str,
        attempt: u32,
        auth: Auth,
    ) -> Box<Pending> {
        let started = Instant::now();
        let started_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let (operation, server) = cassette::operation(operation)
            .map_or((operation, "unknown"), |op| (op.operation_id, op.tag));
        let authorization = request
            .headers()
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .map(str::trim);
        let mut signature = None;
        if let Some(value) = authorization {
            if let Some(token) = value.strip_prefix("Bearer ") {
                self.learn(token.trim());
            } else if value.starts_with("auth-v2/") {
                signature = value.rsplit_once('/').map(|(_, s)| s.to_owned());
            }
        }
        let transient = Needles::few(signature.as_deref().map(|s| (s, redact::REDACTED)));
        let host = request.url().host_str().and_then(Needles::host);
        let mut pending = Box::new(Pending {
            recorder: self.clone(),
            operation,
            server,
            attempt,
            started_at,
            started,
            auth,
            transient,
            host,
            request: empty_request(),
            reply: None,
            written: false,
        });
        pending.record_request(request);
        pending
    }

    /// Appends one exchange; the first failure stops the recording.
    fn write(&self, mut exchange: Exchange) {
        let mut writer = self.inner.writer.lock().unwrap_or_else(|p| p.into_inner());
        if writer.failed.is_some() {
            return;
        }
        let seq = self.inner.written.load(Ordering::Relaxed) + 1;
        exchange.seq = seq;
        let Writer { file, line, failed } = &mut *writer;
        line.clear();
        let written = serde_json::to_writer(&mut *line, &exchange)
            .map_err(std::io::Error::from)
            .and_then(|()| {
                line.push(b'\n');
                file.write_all(line)
            });
        // A line far longer than usual is not kept for the next one.
        if line.capacity() > 2 * self.inner.max_body_bytes + 64 * 1024 {
            *line = Vec::new();
        }
        match written {
            Ok(()) => {
                self.inner.written.store(seq, Ordering::Relaxed);
                drop(writer);
                if let Some(Hook(f)) = &self.inner.on_exchange {
                    (**f)(&exchange);
                }
            }
            Err(e) => {
                tracing::warn!(
                    path = %self.inner.path.display(),
                    error = %e,
                    exchanges = seq - 1,
                    "the recording stopped: the cassette cannot be written"
                );
                *failed = Some((e.kind(), e.to_string()));
            }
        }
    }
}

/// The record of an attempt in flight.
pub(crate) struct Pending {
    recorder: Recorder,
    operation: &'static str,
    server: &'static str,
    attempt: u32,
    started_at: String,
    started: Instant,
    auth: Auth,
    /// The attempt's own secret: its signature.
    transient: Option<Needles>,
    /// The server's host name.
    host: Option<Needles>,
    request: Request,
    reply: Option<Reply>,
    /// Whether it was written (by `finish`, or when dropped).
    written: bool,
}

fn empty_request() -> Request {
    Request {
        method: String::new(),
        scheme: String::new(),
        port: None,
        path: String::new(),
        query: None,
        headers: std::collections::BTreeMap::new(),
        body: None,
    }
}

/// A reply as it came: recorded when the attempt ends.
struct Reply {
    status: u16,
    headers: HeaderMap,
    /// The body, and whether it was read whole.
    body: Option<(Bytes, bool)>,
}

impl Pending {
    fn scrubber(&self, with_host: bool) -> Scrubber<'_> {
        Scrubber {
            lasting: self.recorder.lasting(),
            exchange: self.transient.as_ref(),
            host: self.host.as_ref().filter(|_| with_host),
            hex_runs: matches!(self.auth, Auth::AuthV2 { .. }),
        }
    }

    fn masker(&self) -> Option<&Masker> {
        let inner = &self.recorder.inner;
        (inner.personal_data == PersonalData::Masked).then_some(&inner.masker)
    }

    fn headers(&self, headers: &HeaderMap) -> std::collections::BTreeMap<String, String> {
        let scrub = self.scrubber(true);
        let mut out = std::collections::BTreeMap::<String, String>::new();
        for (name, value) in headers {
            let Some(value) = redact::header(name.as_str(), value, &scrub) else {
                continue;
            };
            out.entry(name.as_str().to_owned())
                .and_modify(|v| {
                    v.push_str(", ");
                    v.push_str(&value);
                })
                .or_insert(value);
        }
        out
    }

    fn body(&self, parsed: body::Parsed<'_>) -> Option<cassette::Body> {
        let scrub = self.scrubber(true);
        let cleaning = body::Cleaning {
            scrub: &scrub,
            masker: self.masker(),
            max_bytes: self.recorder.inner.max_body_bytes,
        };
        body::record(parsed, &cleaning)
    }

    /// The request's path, query, headers and body, cleaned.
    fn record_request(&mut self, request: &reqwest::Request) {
        let url = request.url();
        // The path and query are the client's own (no host name in them): only secrets go.
        let scrub = self.scrubber(false);
        let path = scrub.text(url.path()).into_owned();
        let query = url.query().map(|q| scrub.text(q).into_owned());
        let headers = self.headers(request.headers());
        let body = request
            .body()
            .and_then(reqwest::Body::as_bytes)
            .and_then(|bytes| self.body(body::Parsed::new(bytes, true)));
        self.request = Request {
            method: request.method().as_str().to_owned(),
            scheme: url.scheme().to_owned(),
            port: url.port(),
            path,
            query,
            headers,
            body,
        };
    }

    /// The reply's status and headers, as they came.
    pub(crate) fn head(&mut self, status: u16, headers: &HeaderMap) {
        self.reply = Some(Reply {
            status,
            headers: headers.clone(),
            body: None,
        });
    }

    /// The reply's body as read (`complete`: whole).
    pub(crate) fn body_read(&mut self, body: &Bytes, complete: bool) {
        if let Some(reply) = &mut self.reply {
            reply.body = Some((body.clone(), complete));
        }
    }

    /// Ends the record: `error` says why no usable reply came, when none did. Writes it.
    pub(crate) fn finish(mut self: Box<Self>, error: Option<String>) {
        self.write_out(error);
    }

    fn write_out(&mut self, error: Option<String>) {
        if self.written {
            return;
        }
        self.written = true;
        let duration_ms = self.started.elapsed().as_secs_f64() * 1000.0;
        let response = self.reply.take().map(|reply| {
            let parsed = match &reply.body {
                Some((bytes, complete)) => body::Parsed::new(bytes, *complete),
                None => body::Parsed::Empty,
            };
            // The tokens of a token reply are secrets before anything of it is written.
            if let body::Parsed::Json(value, _) = &parsed {
                let mut found = Vec::new();
                redact::secret_values(value, &mut found);
                found.iter().for_each(|secret| self.recorder.learn(secret));
            }
            Response {
                status: reply.status,
                headers: self.headers(&reply.headers),
                body: self.body(parsed),
            }
        });
        let error = error.map(|e| self.scrubber(true).text(&e).into_owned());
        let exchange = Exchange {
            seq: 0,
            operation: self.operation.to_owned(),
            server: self.server.to_owned(),
            attempt: self.attempt,
            started_at: std::mem::take(&mut self.started_at),
            duration_ms: (duration_ms * 1000.0).round() / 1000.0,
            auth: self.auth.clone(),
            request: std::mem::replace(&mut self.request, empty_request()),
            response,
            error,
        };
        self.recorder.write(exchange);
    }
}

impl Drop for Pending {
    /// An attempt whose call was dropped before it ended (a timeout or a cancellation around
    /// the call) is recorded too, with what came of it so far.
    fn drop(&mut self) {
        self.write_out(Some(DROPPED.into()));
    }
}

/// The `error` of an attempt whose call was dropped before it ended.
const DROPPED: &str = "the call was dropped before this attempt ended (cancelled, or a timeout \
                       around the call)";
