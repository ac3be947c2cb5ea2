//! A real HTTP server on loopback that records every request and answers with scripted
//! replies, for testing the client end to end without mocking it.

#![allow(dead_code)]

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;

/// A page's example, from `tests/fixtures/pages/` (extracted verbatim from the pages).
pub fn page(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/pages/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// The credentials and client set-up the client tests share.
pub mod setup {
    use std::time::Duration;

    use huawei_cec::{AkSk, AppCredentials, Client, ClientBuilder, RetryPolicy};

    pub const AK: &str = "test-ak";
    pub const SK: &str = "test-sk-SECRET-value";
    pub const APP_KEY: &str = "test-app-key";
    pub const APP_SECRET: &str = "test-app-SECRET-value";

    /// A client of `url` for every server, with the test credentials and fast retries.
    pub fn builder(url: &str) -> ClientBuilder {
        Client::builder()
            .isales_url(url)
            .cms_url(url)
            .apiaccess_url(url)
            .ak_sk(AkSk::new(AK, SK))
            .app_credentials(AppCredentials::new(APP_KEY, APP_SECRET))
            .retry_policy(RetryPolicy::default().with_initial_backoff(Duration::from_millis(1)))
    }

    /// The call of the page's example of a call-records query: with `subCcNo` "1" and
    /// `vdn` 1, `client.call_records("1", 1).call_id(RECORDS_CALL_ID)`.
    pub const RECORDS_CALL_ID: &str = "1669464198-17002955";
}

/// One request as the server received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: Method,
    pub uri: Uri,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(name)
            .map(|v| v.to_str().expect("ASCII header"))
    }

    /// The request as text for a snapshot: request line, the headers the pages document
    /// (and those that must not be sent), and the body bytes exactly as sent.
    pub fn render(&self) -> String {
        let mut out = format!("{} {}\n", self.method, self.uri);
        for name in [
            "content-type",
            "content-length",
            "accept",
            "x-app-key",
            "x-tenantspaceid",
            "api-version",
        ] {
            if let Some(v) = self.header(name) {
                out.push_str(&format!("{name}: {v}\n"));
            }
        }
        out.push('\n');
        out.push_str(std::str::from_utf8(&self.body).expect("UTF-8 body"));
        out
    }
}

/// A reply of a test server.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
    pub headers: Vec<(&'static str, String)>,
    /// Wait this long before answering.
    pub delay: std::time::Duration,
}

impl Reply {
    pub fn json(status: u16, body: &serde_json::Value) -> Self {
        Self::raw(status, &serde_json::to_vec(body).unwrap())
    }
    pub fn raw(status: u16, body: &[u8]) -> Self {
        Self {
            status,
            body: body.to_vec(),
            headers: Vec::new(),
            delay: std::time::Duration::ZERO,
        }
    }
    pub fn delayed(mut self, delay: std::time::Duration) -> Self {
        self.delay = delay;
        self
    }
    pub fn header(mut self, name: &'static str, value: &str) -> Self {
        self.headers.push((name, value.to_owned()));
        self
    }
}

type Handler = dyn Fn(&Recorded) -> Reply + Send + Sync;

pub struct TestServer {
    pub url: String,
    received: Arc<Mutex<Vec<Recorded>>>,
}

impl TestServer {
    /// Starts a server that answers each request with the next scripted reply (HTTP 599
    /// with a message naming the request when the script has run out).
    pub async fn start(replies: impl IntoIterator<Item = Reply>) -> Self {
        let replies: Mutex<VecDeque<Reply>> = Mutex::new(replies.into_iter().collect());
        Self::with_handler(move |r| {
            replies.lock().unwrap().pop_front().unwrap_or_else(|| {
                Reply::raw(
                    599,
                    format!("no scripted reply left for {} {}", r.method, r.uri).as_bytes(),
                )
            })
        })
        .await
    }

    /// Starts a server that answers with `handler`.
    pub async fn with_handler(
        handler: impl Fn(&Recorded) -> Reply + Send + Sync + 'static,
    ) -> Self {
        let received: Arc<Mutex<Vec<Recorded>>> = Arc::default();
        let handler: Arc<Handler> = Arc::new(handler);
        let log = received.clone();
        let app = axum::Router::new().fallback(
            move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
                let (log, handler) = (log.clone(), handler.clone());
                async move {
                    let recorded = Recorded {
                        method,
                        uri,
                        headers,
                        body,
                    };
                    let reply = handler(&recorded);
                    log.lock().unwrap().push(recorded);
                    tokio::time::sleep(reply.delay).await;
                    let mut response =
                        Response::builder().status(StatusCode::from_u16(reply.status).unwrap());
                    // JSON unless the reply says otherwise.
                    if !reply
                        .headers
                        .iter()
                        .any(|(name, _)| name.eq_ignore_ascii_case("content-type"))
                    {
                        response = response.header("content-type", "application/json");
                    }
                    for (name, value) in reply.headers {
                        response = response.header(name, value);
                    }
                    response.body(Body::from(reply.body)).unwrap()
                }
            },
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self { url, received }
    }

    pub fn received(&self) -> Vec<Recorded> {
        self.received.lock().unwrap().clone()
    }

    /// The only request received; fails if there were others.
    pub fn single(&self) -> Recorded {
        let received = self.received();
        assert_eq!(
            received.len(),
            1,
            "expected exactly one request, got {received:#?}"
        );
        received.into_iter().next().unwrap()
    }
}

/// Checks the auth-v2 signature of a received request, as a server would: from the bytes
/// and headers that arrived.
pub fn verify_auth_v2(
    request: &Recorded,
    ak: &str,
    sk: &str,
) -> Result<(), huawei_cec::simulator::VerifyError> {
    let has_body = request.method != Method::GET;
    huawei_cec::simulator::verify_v2(
        request.header("authorization"),
        &huawei_cec::auth::SignableRequest {
            method: request.method.as_str(),
            path: request.uri.path(),
            query: request.uri.query(),
            host: request.header("host").unwrap_or_default(),
            content_type: request.header("content-type"),
            body: has_body.then_some(&request.body[..]),
        },
        |key| (key == ak).then(|| sk.to_owned()),
        chrono::Utc::now(),
        std::time::Duration::from_secs(300),
    )
    .map(|_profile| ())
}

/// A TCP server that accepts connections, reads a little, and resets them (RST).
pub async fn resetting_server() -> (String, Arc<std::sync::atomic::AtomicUsize>) {
    use tokio::io::AsyncReadExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let accepted = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let count = accepted.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let mut buf = [0u8; 64];
            let _ = socket.read(&mut buf).await;
            let _ = socket.set_zero_linger();
            drop(socket);
        }
    });
    (url, accepted)
}

/// A base URL where nothing listens.
pub async fn closed_port_url() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    url
}
