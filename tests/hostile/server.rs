//! The hostile server: one local HTTP/1.1 server, spoken by hand so that it can break the
//! protocol where a server library would not let it, that misbehaves in a different way
//! under each path prefix (the "case": a client's base URL is `http://127.0.0.1:PORT/CASE`),
//! and a second origin, where its redirects point, that records whatever reaches it.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::common::page;

/// Stands for a token in the token replies: it must never show in an error, a log or
/// `cec`'s output.
pub const LEAK: &str = "tok-LEAK-5e3f";

/// One request as the hostile server read it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub path: String,
    pub head: String,
    pub body: Vec<u8>,
    pub at: Instant,
}

#[derive(Default)]
pub struct Log {
    by_case: Mutex<HashMap<String, Vec<Seen>>>,
    connections: AtomicUsize,
}

impl Log {
    /// The requests of one case, in the order they came.
    pub fn of(&self, case: &str) -> Vec<Seen> {
        self.by_case
            .lock()
            .unwrap()
            .get(case)
            .cloned()
            .unwrap_or_default()
    }
}

/// The hostile server and the second origin its redirects point at.
pub struct Hostile {
    base: String,
    pub log: Arc<Log>,
    /// The second origin's base URL.
    pub elsewhere: String,
    elsewhere_log: Arc<Log>,
}

impl Hostile {
    /// The base URL of one case.
    pub fn url(&self, case: &str) -> String {
        format!("{}/{case}", self.base)
    }

    /// What reached the second origin: nothing, ever.
    pub fn assert_nothing_elsewhere(&self) {
        let seen = self.elsewhere_log.by_case.lock().unwrap().clone();
        assert_eq!(
            self.elsewhere_log.connections.load(Ordering::SeqCst),
            0,
            "something connected to the redirect target: {seen:#?}"
        );
    }
}

/// Starts the hostile server and the second origin.
pub async fn hostile() -> Hostile {
    let recorder: Behaviour = Arc::new(|_, _, _, stream| Box::pin(elsewhere(stream)));
    let (elsewhere, elsewhere_log) = serve(recorder).await;
    let target = elsewhere.clone();
    let hostile: Behaviour = Arc::new(move |case, seen, n, stream| {
        Box::pin(misbehave(case, seen, n, stream, target.clone()))
    });
    let (base, log) = serve(hostile).await;
    Hostile {
        base,
        log,
        elsewhere,
        elsewhere_log,
    }
}

type Behaviour = Arc<
    dyn Fn(
            String,
            Seen,
            usize,
            TcpStream,
        )
            -> std::pin::Pin<Box<dyn std::future::Future<Output = Option<TcpStream>> + Send>>
        + Send
        + Sync,
>;

/// Accepts connections, reads each request, records it under its case (the first path
/// segment) and hands it to `behaviour` with the number of earlier requests of that case.
async fn serve(behaviour: Behaviour) -> (String, Arc<Log>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let log = Arc::new(Log::default());
    let shared = log.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            shared.connections.fetch_add(1, Ordering::SeqCst);
            let (log, behaviour) = (shared.clone(), behaviour.clone());
            tokio::spawn(async move {
                let mut stream = stream;
                // One request per connection (every reply says `connection: close`).
                let Some(seen) = read_request(&mut stream).await else {
                    return;
                };
                let case = seen
                    .path
                    .trim_start_matches('/')
                    .split('/')
                    .next()
                    .unwrap_or_default()
                    .to_owned();
                let n = {
                    let mut by_case = log.by_case.lock().unwrap();
                    let list = by_case.entry(case.clone()).or_default();
                    list.push(seen.clone());
                    list.len() - 1
                };
                if let Some(mut stream) = behaviour(case, seen, n, stream).await {
                    let _ = stream.shutdown().await;
                }
            });
        }
    });
    (url, log)
}

async fn read_request(stream: &mut TcpStream) -> Option<Seen> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or(0);
    let mut body = buf[head_end..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    let path = head.split(' ').nth(1).unwrap_or_default().to_owned();
    Some(Seen {
        path,
        head,
        body,
        at: Instant::now(),
    })
}

/// Writes a reply head (`connection: close`, and `content-length` when given).
async fn head(
    stream: &mut TcpStream,
    status: u16,
    content_type: &str,
    length: Option<u64>,
    extra: &[(&str, String)],
) -> std::io::Result<()> {
    let mut text = format!(
        "HTTP/1.1 {status} Whatever\r\nconnection: close\r\ncontent-type: {content_type}\r\n"
    );
    if let Some(length) = length {
        text.push_str(&format!("content-length: {length}\r\n"));
    }
    for (name, value) in extra {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str("\r\n");
    stream.write_all(text.as_bytes()).await
}

async fn reply(
    mut stream: TcpStream,
    status: u16,
    content_type: &str,
    body: &[u8],
    extra: &[(&str, String)],
) -> Option<TcpStream> {
    head(
        &mut stream,
        status,
        content_type,
        Some(body.len() as u64),
        extra,
    )
    .await
    .ok()?;
    stream.write_all(body).await.ok()?;
    Some(stream)
}

async fn json(stream: TcpStream, status: u16, body: &serde_json::Value) -> Option<TcpStream> {
    reply(
        stream,
        status,
        "application/json",
        body.to_string().as_bytes(),
        &[],
    )
    .await
}

/// The second origin: records (by being connected to at all) and answers success, as a
/// server an attacker controls would, so that a followed redirect looks like a success.
async fn elsewhere(stream: TcpStream) -> Option<TcpStream> {
    let body = serde_json::json!({
        "resultCode": "0200000",
        "returnCode": "0200000",
        "AccessToken": "stolen",
        "Expires_In": 60,
    });
    json(stream, 200, &body).await
}

fn isales_ok() -> Vec<u8> {
    page("call_result_detail.response.json")
}

const ENDLESS_CHUNK: usize = 256 * 1024;

async fn misbehave(
    case: String,
    seen: Seen,
    n: usize,
    mut stream: TcpStream,
    elsewhere: String,
) -> Option<TcpStream> {
    let token_request = seen.path.ends_with("/tokenByAkSk");
    let steal = format!(
        "{}/steal/{case}?token=Q-{LEAK}#frag",
        elsewhere.replace("http://", "http://user:pw@")
    );
    match case.as_str() {
        "redirect-301" | "redirect-302" | "redirect-303" | "redirect-307" | "redirect-308" => {
            let status = case["redirect-".len()..].parse().unwrap();
            reply(stream, status, "text/plain", b"", &[("location", steal)]).await
        }
        "redirect-token" if token_request => {
            reply(stream, 307, "text/plain", b"", &[("location", steal)]).await
        }
        "endless" | "endless-400" if !token_request => {
            let status = if case == "endless" { 200 } else { 400 };
            head(&mut stream, status, "application/json", None, &[])
                .await
                .ok()?;
            stream.write_all(b"{\"resultCode\":\"").await.ok()?;
            let chunk = vec![b'A'; ENDLESS_CHUNK];
            // About 125 MiB/s at most, until the client goes away.
            loop {
                stream.write_all(&chunk).await.ok()?;
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
        }
        "declared-1g" => {
            head(&mut stream, 200, "application/json", Some(1 << 30), &[])
                .await
                .ok()?;
            stream.write_all(&vec![b' '; 1 << 20]).await.ok()?;
            tokio::time::sleep(Duration::from_secs(30)).await;
            None
        }
        "token-500" if token_request => {
            let body =
                serde_json::json!({"error": "internal", "AccessToken": LEAK, "Expires_In": 60});
            json(stream, 500, &body).await
        }
        "token-401" if token_request => {
            json(stream, 401, &serde_json::json!({"AccessToken": LEAK})).await
        }
        "token-truncated" if token_request => {
            let body = format!("{{\"AccessToken\":\"{LEAK}\",\"Expi");
            reply(stream, 200, "application/json", body.as_bytes(), &[]).await
        }
        "token-html" if token_request => {
            let body = format!("<html><p>{LEAK}</p></html>");
            reply(stream, 200, "text/html", body.as_bytes(), &[]).await
        }
        "token-crlf" if token_request => {
            let token = format!("{LEAK}\r\nX-Evil: 1");
            json(
                stream,
                200,
                &serde_json::json!({"AccessToken": token, "Expires_In": 60}),
            )
            .await
        }
        "token-forever" if token_request => {
            let body = format!(r#"{{"AccessToken":"{LEAK}","Expires_In":{}}}"#, i64::MAX);
            reply(stream, 200, "application/json", body.as_bytes(), &[]).await
        }
        "objects" | "many-records" | "endless-400" if token_request => {
            json(
                stream,
                200,
                &serde_json::json!({"AccessToken": "t", "Expires_In": 60}),
            )
            .await
        }
        // 3 MB of `{},`: a call record each once decoded, 300 bytes apiece.
        "objects" => {
            let mut body = b"{\"results\":[".to_vec();
            body.extend(std::iter::repeat_n(*b"{},", 1_000_000).flatten());
            body.extend_from_slice(b"{}]}");
            reply(stream, 200, "application/json", &body, &[]).await
        }
        // As many records as the decoded-size limit lets through: 63,000 small ones.
        "many-records" => {
            let mut body = b"{\"total\":63000,\"results\":[".to_vec();
            body.extend(std::iter::repeat_n(*b"{\"callId\":\"1\"},", 62_999).flatten());
            body.extend_from_slice(b"{\"callId\":\"1\"}]}");
            reply(stream, 200, "application/json", &body, &[]).await
        }
        "token-crlf" | "token-forever" => {
            reply(
                stream,
                200,
                "application/json",
                &page("call_records.response.json"),
                &[],
            )
            .await
        }
        "escapes" => {
            json(
                stream,
                200,
                &serde_json::json!({
                    "resultCode": "0200007",
                    "resultDesc": "\u{1b}[31mRED\u{7}\u{9b}2J\u{202e}evil\r\nforged: line",
                }),
            )
            .await
        }
        "escapes-500" => {
            reply(
                stream,
                500,
                "text/plain",
                b"\x1b]0;owned\x07\x1b[2Jboom",
                &[],
            )
            .await
        }
        "escapes-ok" => {
            let mut body: serde_json::Value = serde_json::from_slice(&isales_ok()).unwrap();
            body["data"]["called"] = "\u{1b}[5mblink\u{7f}\u{9b}31m\u{202e}".into();
            json(stream, 200, &body).await
        }
        "retry-after-date" if n == 0 => {
            let at = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
            reply(stream, 503, "text/plain", b"busy", &[("retry-after", at)]).await
        }
        "retry-after-seconds" if n == 0 => {
            reply(
                stream,
                503,
                "text/plain",
                b"busy",
                &[("retry-after", "3".into())],
            )
            .await
        }
        "retry-after-long" => {
            reply(
                stream,
                503,
                "text/plain",
                b"busy",
                &[("retry-after", "3600".into())],
            )
            .await
        }
        // Reads the request, then hangs up without a word.
        "drop-update" => None,
        "drop-mid-body" | "stall-mid-body" if n == 0 => {
            head(&mut stream, 200, "application/json", Some(500), &[])
                .await
                .ok()?;
            stream.write_all(br#"{"returnCode":"02"#).await.ok()?;
            stream.flush().await.ok()?;
            if case == "stall-mid-body" {
                tokio::time::sleep(Duration::from_secs(20)).await;
            }
            None
        }
        "stall" => {
            tokio::time::sleep(Duration::from_secs(60)).await;
            None
        }
        "status-503" => reply(stream, 503, "text/plain", b"busy", &[]).await,
        _ => {
            let body = if seen.path.contains("/appoint/updateResult") {
                page("update_reserved_result.response.json")
            } else {
                isales_ok()
            };
            reply(stream, 200, "application/json", &body, &[]).await
        }
    }
}

/// A TLS server with a self-signed certificate (no client trusts it) that counts the
/// connections made to it.
pub async fn tls_server() -> (String, Arc<AtomicUsize>) {
    use tokio_rustls::rustls;
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    let key = rcgen::KeyPair::generate().unwrap();
    let cert = rcgen::CertificateParams::new(vec!["127.0.0.1".into()])
        .unwrap()
        .self_signed(&key)
        .unwrap();
    let config = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(
            vec![cert.der().clone()],
            rustls::pki_types::PrivateKeyDer::try_from(key.serialize_der()).unwrap(),
        )
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("https://{}", listener.local_addr().unwrap());
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = accepted.clone();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let _ = acceptor.accept(tcp).await;
            });
        }
    });
    (url, accepted)
}
