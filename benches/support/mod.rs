//! What the end-to-end benches share: the local server, and the same call made four ways
//! ([`Variant`]): through this client; by hand with reqwest + serde_json, the body a literal
//! (the floor) or a typed request serialized with serde_json; and through the peer, the
//! client openapi-generator makes from the same spec (`benches/peer/`), with auth-v2 added
//! by a reqwest-middleware middleware. All send the same request (checked by [`same_request`]).

#![allow(dead_code)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderMap, Uri};
use huawei_cec::auth::Signer;
use huawei_cec::{CallDirection, Client};
use serde_json::json;

mod peer;
pub use peer::Peer;

pub const AK: &str = "bench-ak";
pub const SK: &str = "bench-sk";
pub const APP_KEY: &str = "bench-app";
pub const APP_SECRET: &str = "bench-secret";
/// The token the server issues; the fixed-header baseline sends it too.
pub const TOKEN: &str = "bench-token";

fn page(name: &str) -> Bytes {
    Bytes::from(
        std::fs::read(format!(
            "{}/tests/fixtures/pages/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap(),
    )
}

/// The headers and body of the last request the server received.
pub static LAST_REQUEST: std::sync::Mutex<Option<(HeaderMap, Bytes)>> = std::sync::Mutex::new(None);

/// What a request sends but its signature (whose timestamp changes): its headers, less
/// `Authorization` for a signed request, and its body.
pub type Sent = (Vec<(String, String)>, Bytes);

/// What a request sends but its signature (whose timestamp changes): its headers, less
/// `Authorization` for a signed request, and its body.
pub fn sent_by(call: &str, signed: bool) -> Sent {
    let (headers, body) = LAST_REQUEST
        .lock()
        .unwrap()
        .take()
        .unwrap_or_else(|| panic!("{call}: no request reached the server"));
    let mut headers: Vec<(String, String)> = headers
        .iter()
        .filter(|(name, _)| !(signed && *name == "authorization"))
        .map(|(name, value)| (name.to_string(), value.to_str().unwrap().to_owned()))
        .collect();
    headers.sort();
    (headers, body)
}

/// A server answering the pages' examples, and tokens (with a 20 ms delay, so that
/// concurrent callers do race for the first one). Served on the current runtime.
pub async fn server(token_requests: Arc<AtomicUsize>) -> String {
    server_delayed(token_requests, Duration::ZERO).await
}

/// [`server`], every reply but the token's sent `delay` after its request came in.
pub async fn server_delayed(token_requests: Arc<AtomicUsize>, delay: Duration) -> String {
    let detail = page("call_result_detail.response.json");
    let cdr = page("cdr_by_call_id.response.json");
    let records = page("call_records.response.json");
    let app = axum::Router::new().fallback(move |uri: Uri, headers: HeaderMap, body: Bytes| {
        *LAST_REQUEST.lock().unwrap() = Some((headers, body.clone()));
        let (detail, cdr, records, token_requests) = (
            detail.clone(),
            cdr.clone(),
            records.clone(),
            token_requests.clone(),
        );
        async move {
            let path = uri.path();
            let body = if path.ends_with("tokenByAkSk") {
                token_requests.fetch_add(1, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(20)).await;
                Bytes::from(json!({"AccessToken": TOKEN, "Expires": "3600"}).to_string())
            } else if path.ends_with("querycalldetailbyid") {
                if !delay.is_zero() {
                    tokio::time::sleep(delay).await;
                }
                cdr
            } else if path.ends_with("queryCallManualDetailInfo") {
                if !delay.is_zero() {
                    tokio::time::sleep(delay).await;
                }
                records
            } else {
                if !delay.is_zero() {
                    tokio::time::sleep(delay).await;
                }
                detail
            };
            ([("content-type", "application/json")], body)
        }
    });
    // A backlog for thousands of connections at once (the memory bench's baselines open a
    // connection per call in flight; the kernel caps it at net.core.somaxconn).
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(16384).unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    url
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Op {
    /// `cdr`: a signed POST (CC-CMS).
    Cdr,
    /// `call-result-detail`: a signed GET (CC-iSales).
    CallResultDetail,
    /// `call-records`: a POST with a bearer token (data-process).
    CallRecords,
}

impl Op {
    pub fn name(self) -> &'static str {
        match self {
            Op::Cdr => "cdr",
            Op::CallResultDetail => "call-result-detail",
            Op::CallRecords => "call-records",
        }
    }

    pub fn parse(name: &str) -> Option<Op> {
        [Op::Cdr, Op::CallResultDetail, Op::CallRecords]
            .into_iter()
            .find(|op| op.name() == name)
    }
}

/// The client of the benches: no retries (the baseline makes one attempt), no proxy.
pub fn client(url: &str) -> Client {
    client_with(url, huawei_cec::transport::DEFAULT_MAX_IN_FLIGHT_PER_HOST)
}

/// [`client`] with another cap on the requests in flight to one host.
pub fn client_with(url: &str, max_in_flight_per_host: usize) -> Client {
    Client::builder()
        .max_in_flight_per_host(max_in_flight_per_host)
        .isales_url(url)
        .cms_url(url)
        .apiaccess_url(url)
        .ak_sk(huawei_cec::AkSk::new(AK, SK))
        .app_credentials(huawei_cec::AppCredentials::new(APP_KEY, APP_SECRET))
        .retry_policy(huawei_cec::RetryPolicy::none())
        .no_proxy()
        .build()
        .unwrap()
}

/// The reqwest client of the baseline, configured as the client configures its own: the
/// same User-Agent (so that both send the same bytes), redirects not followed (the client
/// refuses them), the client's default timeouts.
pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(30))
        .user_agent(concat!("huawei-cec/", env!("CARGO_PKG_VERSION")))
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .build()
        .unwrap()
}

/// The query of the `call-records` calls (made per call, as a consumer makes it).
pub fn records_query(client: &Client) -> huawei_cec::client::QueryCallRecords<'_> {
    client.call_records("1", 1).call_id("1669464198-17002955")
}

/// The body the client sends for [`records_query`] (checked by the benches before they
/// measure, so that both sides send the same bytes).
pub const RECORDS_BODY: &[u8] = br#"{"callId":"1669464198-17002955","subCcNo":"1","vdn":"1"}"#;

/// The hand-written baseline: build the same request, sign it (or send the fixed bearer
/// header), send it, decode it into the types the client returns.
pub async fn baseline_call(http: &reqwest::Client, url: &str, op: Op, signer: &Signer) {
    let (method, path, body) = match op {
        Op::Cdr => (
            reqwest::Method::POST,
            "/rest/cmsapp/v1/openapi/calldata/querycalldetailbyid",
            Some(
                br#"{"queryParam":{"callId":"1000000000-0001","ccId":1,"isCallin":"true"}}"#
                    .to_vec(),
            ),
        ),
        Op::CallResultDetail => (
            reqwest::Method::GET,
            "/rest/isales/v1/openapi/campaigns/8/callresultdetail/1644464743-1388",
            None,
        ),
        Op::CallRecords => (
            reqwest::Method::POST,
            "/apiaccess/rest/dataprocess/v1/openapp/queryCallManualDetailInfo",
            Some(RECORDS_BODY.to_vec()),
        ),
    };
    let request = reqwest::Request::new(
        method,
        reqwest::Url::parse(&format!("{url}{path}")).unwrap(),
    );
    // The same types the client returns, so that the comparison shows what the client's
    // machinery adds (building, hooks, validation, error mapping), not a cheaper decode.
    send_and_decode(http, request_with(request, op, body, signer)).await;
}

/// The same call through this client.
pub async fn client_call(client: &Client, op: Op) {
    match op {
        Op::Cdr => {
            client
                .cdr(1, "1000000000-0001", CallDirection::Inbound)
                .await
                .unwrap();
        }
        Op::CallResultDetail => {
            client
                .call_result_detail(8, "1644464743-1388")
                .await
                .unwrap();
        }
        Op::CallRecords => {
            let reply = records_query(client).await.unwrap();
            assert_eq!(reply.results.len(), 2);
        }
    }
}

/// The ways the benches make a call.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Variant {
    /// This client.
    Client,
    /// By hand: reqwest, the body a literal, serde_json into the client's types (the floor).
    Baseline,
    /// By hand as above, but the body a typed request serialized with serde_json, the path
    /// formatted from typed parameters: what hand-written code usually does.
    BaselineTyped,
    /// The client openapi-generator makes from the spec, auth-v2 added by a middleware.
    Peer,
}

impl Variant {
    pub const ALL: [Variant; 4] = [
        Variant::Client,
        Variant::Baseline,
        Variant::BaselineTyped,
        Variant::Peer,
    ];

    /// The name in the benches' arguments and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Variant::Client => "client",
            Variant::Baseline => "baseline",
            Variant::BaselineTyped => "baseline_typed",
            Variant::Peer => "peer",
        }
    }

    pub fn parse(name: &str) -> Option<Variant> {
        Variant::ALL.into_iter().find(|v| v.name() == name)
    }
}

/// Everything a call needs, for every variant, against one server.
#[derive(Clone)]
pub struct Sides {
    pub url: String,
    pub client: Client,
    pub http: reqwest::Client,
    pub signer: Arc<Signer>,
    pub peer: Peer,
}

impl Sides {
    pub fn new(url: &str) -> Sides {
        let signer = Arc::new(
            Signer::new(
                huawei_cec::AkSk::new(AK, SK),
                huawei_cec::auth::SigningProfile::DOCUMENTED,
            )
            .expect("valid credentials"),
        );
        Sides {
            url: url.to_owned(),
            client: client(url),
            http: http_client(),
            peer: Peer::new(url, signer.clone()),
            signer,
        }
    }

    /// One call of `op` the `variant`'s way; panics unless it succeeds.
    pub async fn call(&self, variant: Variant, op: Op) {
        match variant {
            Variant::Client => client_call(&self.client, op).await,
            Variant::Baseline => baseline_call(&self.http, &self.url, op, &self.signer).await,
            Variant::BaselineTyped => {
                baseline_typed_call(&self.http, &self.url, op, &self.signer).await
            }
            Variant::Peer => self.peer.call(op).await,
        }
    }
}

/// Checks, before anything is measured, that every variant sends the request the client
/// sends: the same headers (the signature aside, whose timestamp differs) and the same body.
/// Bodies are compared as JSON values and by length: the peer's models serialize the keys in
/// the spec's order, the others in the client's; the bytes are otherwise the same.
pub async fn same_request(sides: &Sides, op: Op) {
    let signed = op != Op::CallRecords;
    sides.call(Variant::Client, op).await;
    let (client_headers, client_body) = sent_by("client", signed);
    for variant in [Variant::Baseline, Variant::BaselineTyped, Variant::Peer] {
        sides.call(variant, op).await;
        let (headers, body) = sent_by(variant.name(), signed);
        assert_eq!(
            headers,
            client_headers,
            "{} {}: the headers differ from the client's",
            variant.name(),
            op.name()
        );
        let json = |b: &Bytes| {
            (!b.is_empty()).then(|| serde_json::from_slice::<serde_json::Value>(b).unwrap())
        };
        assert_eq!(
            (json(&body), body.len()),
            (json(&client_body), client_body.len()),
            "{} {}: the body differs from the client's",
            variant.name(),
            op.name()
        );
        if variant != Variant::Peer {
            assert_eq!(
                body,
                client_body,
                "{} {}: the body's bytes differ",
                variant.name(),
                op.name()
            );
        }
    }
}

/// The hand-written baseline with typed requests: the body serialized with serde_json from
/// structs (fields in the order the client sends them), the path formatted from typed
/// parameters with the call ID percent-encoded as a path segment.
pub async fn baseline_typed_call(http: &reqwest::Client, url: &str, op: Op, signer: &Signer) {
    use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
    use serde::Serialize;

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct CdrQuery<'a> {
        query_param: CdrQueryParam<'a>,
    }
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct CdrQueryParam<'a> {
        call_id: &'a str,
        cc_id: u32,
        is_callin: &'a str,
    }
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct RecordsQuery<'a> {
        #[serde(skip_serializing_if = "Option::is_none")]
        call_id: Option<&'a str>,
        sub_cc_no: &'a str,
        vdn: &'a str,
    }
    /// A path segment's reserved characters (RFC 3986), percent-encoded.
    const SEGMENT: &AsciiSet = &CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'/')
        .add(b'<')
        .add(b'>')
        .add(b'?')
        .add(b'`')
        .add(b'{')
        .add(b'}');

    let (method, target, body) = match op {
        Op::Cdr => (
            reqwest::Method::POST,
            format!("{url}/rest/cmsapp/v1/openapi/calldata/querycalldetailbyid"),
            Some(
                serde_json::to_vec(&CdrQuery {
                    query_param: CdrQueryParam {
                        call_id: "1000000000-0001",
                        cc_id: 1,
                        is_callin: "true",
                    },
                })
                .unwrap(),
            ),
        ),
        Op::CallResultDetail => {
            let (vdn_id, call_id): (u32, &str) = (8, "1644464743-1388");
            (
                reqwest::Method::GET,
                format!(
                    "{url}/rest/isales/v1/openapi/campaigns/{vdn_id}/callresultdetail/{}",
                    utf8_percent_encode(call_id, SEGMENT)
                ),
                None,
            )
        }
        Op::CallRecords => (
            reqwest::Method::POST,
            format!("{url}/apiaccess/rest/dataprocess/v1/openapp/queryCallManualDetailInfo"),
            Some(
                serde_json::to_vec(&RecordsQuery {
                    call_id: Some("1669464198-17002955"),
                    sub_cc_no: "1",
                    vdn: "1",
                })
                .unwrap(),
            ),
        ),
    };
    let request = reqwest::Request::new(method, reqwest::Url::parse(&target).unwrap());
    send_and_decode(http, request_with(request, op, body, signer)).await;
}

/// Sets the headers and body of a hand-written request, and signs it (or adds the bearer
/// header): the same steps for both baselines.
fn request_with(
    mut request: reqwest::Request,
    op: Op,
    body: Option<Vec<u8>>,
    signer: &Signer,
) -> reqwest::Request {
    let headers = request.headers_mut();
    if op == Op::CallRecords {
        headers.insert("content-type", "application/json".parse().unwrap());
    } else {
        headers.insert(
            "content-type",
            "application/json; charset=UTF-8".parse().unwrap(),
        );
    }
    headers.insert("accept", "application/json".parse().unwrap());
    if op == Op::CallRecords {
        headers.insert("x-app-key", APP_KEY.parse().unwrap());
        headers.insert("authorization", "Bearer bench-token".parse().unwrap());
    }
    if let Some(body) = body {
        *request.body_mut() = Some(body.into());
    }
    if op != Op::CallRecords {
        signer
            .sign_request(&mut request, chrono::Utc::now())
            .expect("a buffered body");
    }
    request
}

/// Sends a hand-written request and decodes the reply into the types the client returns.
async fn send_and_decode(http: &reqwest::Client, request: reqwest::Request) {
    let path = request.url().path().to_owned();
    let response = http.execute(request).await.unwrap();
    assert!(response.status().is_success());
    let bytes = response.bytes().await.unwrap();
    let code = if path.ends_with("querycalldetailbyid") {
        serde_json::from_slice::<huawei_cec::__private::CdrQueryResponse>(&bytes)
            .unwrap()
            .result_code
    } else if path.ends_with("queryCallManualDetailInfo") {
        let reply = serde_json::from_slice::<huawei_cec::CallRecordsResponse>(&bytes).unwrap();
        assert_eq!(reply.results.len(), 2);
        return;
    } else {
        serde_json::from_slice::<huawei_cec::__private::CallResultDetailResponse>(&bytes)
            .unwrap()
            .result_code
    };
    assert!(matches!(code.as_deref(), Some("0200000" | "0100000")));
}
