//! What the end-to-end benches share: the local server, the calls through this client, and
//! the hand-written reqwest + serde_json baseline that sends the identical request.

#![allow(dead_code)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderMap, Uri};
use huawei_cec::auth::Signer;
use huawei_cec::{CallDirection, CallRecordsRequest, Client};
use serde_json::json;

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
pub fn sent_by(call: &str, signed: bool) -> (Vec<(String, String)>, Bytes) {
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
                cdr
            } else if path.ends_with("queryCallManualDetailInfo") {
                records
            } else {
                detail
            };
            ([("content-type", "application/json")], body)
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
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
    Client::builder()
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

/// The query of the `call-records` calls.
pub fn records_query() -> CallRecordsRequest {
    CallRecordsRequest::builder()
        .sub_cc_no("1")
        .vdn("1")
        .call_id(Some("1669464198-17002955".into()))
        .try_into()
        .unwrap()
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
    let mut request = reqwest::Request::new(
        method,
        reqwest::Url::parse(&format!("{url}{path}")).unwrap(),
    );
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
    let response = http.execute(request).await.unwrap();
    assert!(response.status().is_success());
    let bytes = response.bytes().await.unwrap();
    // The same types the client returns, so that the comparison shows what the client's
    // machinery adds (building, hooks, validation, error mapping), not a cheaper decode.
    let code = match op {
        Op::Cdr => {
            serde_json::from_slice::<huawei_cec::CdrQueryResponse>(&bytes)
                .unwrap()
                .result_code
        }
        Op::CallResultDetail => {
            serde_json::from_slice::<huawei_cec::CallResultDetailResponse>(&bytes)
                .unwrap()
                .result_code
        }
        Op::CallRecords => {
            let reply = serde_json::from_slice::<huawei_cec::CallRecordsResponse>(&bytes).unwrap();
            assert_eq!(reply.results.len(), 2);
            return;
        }
    };
    assert!(matches!(code.as_deref(), Some("0200000" | "0100000")));
}

/// The same call through this client.
pub async fn client_call(client: &Client, op: Op, query: &CallRecordsRequest) {
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
            let reply = client.call_records(query).await.unwrap();
            assert_eq!(reply.results.len(), 2);
        }
    }
}
