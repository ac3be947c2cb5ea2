//! A real HTTP server on loopback that records every request and answers with scripted
//! replies, for testing the client end to end without mocking it.

#![allow(dead_code)]

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;

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

/// A scripted reply.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(status: u16, body: &serde_json::Value) -> Self {
        Self {
            status,
            body: serde_json::to_vec(body).unwrap(),
        }
    }
    pub fn raw(status: u16, body: &[u8]) -> Self {
        Self {
            status,
            body: body.to_vec(),
        }
    }
}

#[derive(Default)]
struct State {
    received: Mutex<Vec<Recorded>>,
    replies: Mutex<VecDeque<Reply>>,
}

pub struct TestServer {
    pub url: String,
    state: Arc<State>,
}

impl TestServer {
    /// Starts a server that answers each request with the next scripted reply (HTTP 599
    /// with a message naming the request when the script has run out).
    pub async fn start(replies: impl IntoIterator<Item = Reply>) -> Self {
        let state = Arc::new(State::default());
        state.replies.lock().unwrap().extend(replies);
        let st = state.clone();
        let app = axum::Router::new().fallback(
            move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
                let st = st.clone();
                async move {
                    st.received.lock().unwrap().push(Recorded {
                        method: method.clone(),
                        uri: uri.clone(),
                        headers,
                        body,
                    });
                    let reply = st.replies.lock().unwrap().pop_front();
                    let reply = reply.unwrap_or_else(|| {
                        Reply::raw(
                            599,
                            format!("no scripted reply left for {method} {uri}").as_bytes(),
                        )
                    });
                    Response::builder()
                        .status(StatusCode::from_u16(reply.status).unwrap())
                        .header("content-type", "application/json")
                        .body(Body::from(reply.body))
                        .unwrap()
                }
            },
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self { url, state }
    }

    pub fn received(&self) -> Vec<Recorded> {
        self.state.received.lock().unwrap().clone()
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
