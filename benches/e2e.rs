//! End to end through this client against a local server, next to a hand-written
//! reqwest + serde_json baseline that sends the identical signed request to the same server,
//! measured in the same run: latency (p50, p99) and throughput at concurrency 1, 16, 64 for
//! `cdr` and `call-result-detail`. Then the token provider under 1,000 concurrent calls.
//! Writes target/bench-results/e2e.json.
//!
//! `cargo bench --features simulator --bench e2e`; `E2E_SCALE=0.2` for a quick run.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::{HeaderMap, Uri};
use huawei_cec::auth::{Signer, SigningProfile};
use huawei_cec::{AkSk, AppCredentials, CallDirection, CallRecordsRequest, Client, RetryPolicy};
use serde_json::{Value, json};

const AK: &str = "bench-ak";
const SK: &str = "bench-sk";

fn page(name: &str) -> Bytes {
    Bytes::from(
        std::fs::read(format!(
            "{}/tests/fixtures/pages/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap(),
    )
}

/// A server answering the pages' examples, and tokens (with a 20 ms delay, so that
/// concurrent callers do race for the first one).
async fn server(token_requests: Arc<AtomicUsize>) -> String {
    let detail = page("call_result_detail.response.json");
    let cdr = page("cdr_by_call_id.response.json");
    let records = page("call_records.response.json");
    let app = axum::Router::new().fallback(move |uri: Uri, _headers: HeaderMap, _body: Bytes| {
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
                Bytes::from(json!({"AccessToken": "bench-token", "Expires": "3600"}).to_string())
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
enum Op {
    Cdr,
    CallResultDetail,
}

impl Op {
    fn name(self) -> &'static str {
        match self {
            Op::Cdr => "cdr",
            Op::CallResultDetail => "call-result-detail",
        }
    }
}

/// The hand-written baseline: build the same request, sign it, send it, decode it.
async fn baseline_call(http: &reqwest::Client, url: &str, op: Op, signer: &Signer) {
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
    };
    let mut request = reqwest::Request::new(
        method,
        reqwest::Url::parse(&format!("{url}{path}")).unwrap(),
    );
    let headers = request.headers_mut();
    headers.insert(
        "content-type",
        "application/json; charset=UTF-8".parse().unwrap(),
    );
    headers.insert("accept", "application/json".parse().unwrap());
    if let Some(body) = body {
        *request.body_mut() = Some(body.into());
    }
    signer.sign_request(&mut request, chrono::Utc::now());
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
    };
    assert!(matches!(code.as_deref(), Some("0200000" | "0100000")));
}

async fn client_call(client: &Client, op: Op) {
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
    }
}

struct Run {
    throughput: f64,
    p50: Duration,
    p99: Duration,
}

/// `total` calls with `concurrency` in flight; per-call latencies and throughput.
async fn measure<F, Fut>(concurrency: usize, total: usize, call: F) -> Run
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let call = Arc::new(call);
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (call, next) = (call.clone(), next.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                while next.fetch_add(1, Ordering::Relaxed) < total {
                    let t = Instant::now();
                    call().await;
                    latencies.push(t.elapsed());
                }
                latencies
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(total);
    for worker in workers {
        latencies.extend(worker.await.unwrap());
    }
    let elapsed = started.elapsed();
    latencies.sort_unstable();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    Run {
        throughput: total as f64 / elapsed.as_secs_f64(),
        p50: at(0.50),
        p99: at(0.99),
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.partial_cmp(b).unwrap());
    values[values.len() / 2]
}

fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(30))
        .no_proxy()
        .build()
        .unwrap()
}

fn main() {
    let scale: f64 = std::env::var("E2E_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1.0);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let results = runtime.block_on(async move {
        let token_requests = Arc::new(AtomicUsize::new(0));
        let url = server(token_requests.clone()).await;
        let credentials = AkSk::new(AK, SK);
        let client = Client::builder()
            .isales_url(&url)
            .cms_url(&url)
            .apiaccess_url(&url)
            .ak_sk(credentials.clone())
            .app_credentials(AppCredentials::new("bench-app", "bench-secret"))
            .retry_policy(RetryPolicy::none())
            .no_proxy()
            .build()
            .unwrap();
        let http = http_client();
        let signer = Arc::new(Signer::new(credentials.clone(), SigningProfile::DOCUMENTED));

        let mut rows = Vec::new();
        for op in [Op::Cdr, Op::CallResultDetail] {
            for concurrency in [1usize, 16, 64] {
                let total = ((if concurrency == 1 { 3000.0 } else { 12000.0 }) * scale) as usize;
                // Warm up both (connections, caches).
                for _ in 0..200 {
                    client_call(&client, op).await;
                    baseline_call(&http, &url, op, &signer).await;
                }
                let (mut c_rps, mut c_p50, mut c_p99, mut b_rps, mut b_p50, mut b_p99) =
                    (vec![], vec![], vec![], vec![], vec![], vec![]);
                // Rounds alternate, so drift affects both alike.
                for _ in 0..5 {
                    let c = client.clone();
                    let run = measure(concurrency, total, move || {
                        let c = c.clone();
                        async move { client_call(&c, op).await }
                    })
                    .await;
                    c_rps.push(run.throughput);
                    c_p50.push(run.p50.as_secs_f64() * 1e6);
                    c_p99.push(run.p99.as_secs_f64() * 1e6);
                    let (h, u, k) = (http.clone(), url.clone(), signer.clone());
                    let run = measure(concurrency, total, move || {
                        let (h, u, k) = (h.clone(), u.clone(), k.clone());
                        async move { baseline_call(&h, &u, op, &k).await }
                    })
                    .await;
                    b_rps.push(run.throughput);
                    b_p50.push(run.p50.as_secs_f64() * 1e6);
                    b_p99.push(run.p99.as_secs_f64() * 1e6);
                }
                let row = json!({
                    "operation": op.name(), "concurrency": concurrency, "calls_per_round": total, "rounds": 5,
                    "client": {"rps": median(c_rps), "p50_us": median(c_p50), "p99_us": median(c_p99)},
                    "baseline": {"rps": median(b_rps), "p50_us": median(b_p50), "p99_us": median(b_p99)},
                });
                let ratio_rps = row["baseline"]["rps"].as_f64().unwrap() / row["client"]["rps"].as_f64().unwrap();
                let ratio_p50 = row["client"]["p50_us"].as_f64().unwrap() / row["baseline"]["p50_us"].as_f64().unwrap();
                println!(
                    "{:<20} c={:<3} client {:>8.0} rps p50 {:>7.0} µs p99 {:>7.0} µs | baseline {:>8.0} rps p50 {:>7.0} µs p99 {:>7.0} µs | throughput ratio {:.3}, p50 ratio {:.3}",
                    op.name(), concurrency,
                    row["client"]["rps"].as_f64().unwrap(), row["client"]["p50_us"].as_f64().unwrap(), row["client"]["p99_us"].as_f64().unwrap(),
                    row["baseline"]["rps"].as_f64().unwrap(), row["baseline"]["p50_us"].as_f64().unwrap(), row["baseline"]["p99_us"].as_f64().unwrap(),
                    ratio_rps, ratio_p50,
                );
                rows.push(row);
            }
        }

        // The token provider: 1,000 concurrent calls with no token yet, then with one cached,
        // and the same calls sending a fixed bearer header by hand.
        let query: CallRecordsRequest =
            CallRecordsRequest::builder().sub_cc_no("1").vdn("1").call_id(Some("1669464198-17002955".into())).try_into().unwrap();
        let concurrent = |client: Client, query: CallRecordsRequest| async move {
            let started = Instant::now();
            let calls: Vec<_> = (0..1000)
                .map(|_| {
                    let (client, query) = (client.clone(), query.clone());
                    tokio::spawn(async move {
                        let t = Instant::now();
                        client.call_records(&query).await.unwrap();
                        t.elapsed()
                    })
                })
                .collect();
            let mut latencies = Vec::new();
            for call in calls {
                latencies.push(call.await.unwrap());
            }
            latencies.sort_unstable();
            (started.elapsed(), latencies[500], latencies[990])
        };
        let before = token_requests.load(Ordering::SeqCst);
        let (cold_total, cold_p50, cold_p99) = concurrent(client.clone(), query.clone()).await;
        let tokens_made = token_requests.load(Ordering::SeqCst) - before;
        let (warm_total, warm_p50, warm_p99) = concurrent(client.clone(), query.clone()).await;
        let started = Instant::now();
        let calls: Vec<_> = (0..1000)
            .map(|_| {
                let (http, url) = (http.clone(), url.clone());
                tokio::spawn(async move {
                    let t = Instant::now();
                    let response = http
                        .post(format!("{url}/apiaccess/rest/dataprocess/v1/openapp/queryCallManualDetailInfo"))
                        .header("authorization", "Bearer bench-token")
                        .header("x-app-key", "bench-app")
                        .json(&json!({"subCcNo": "1", "vdn": "1", "callId": "1669464198-17002955"}))
                        .send()
                        .await
                        .unwrap();
                    let _: Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
                    t.elapsed()
                })
            })
            .collect();
        let mut latencies = Vec::new();
        for call in calls {
            latencies.push(call.await.unwrap());
        }
        latencies.sort_unstable();
        let baseline_total = started.elapsed();
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        let token = json!({
            "concurrent_calls": 1000,
            "token_requests": tokens_made,
            "token_endpoint_delay_ms": 20,
            "cold": {"total_ms": ms(cold_total), "p50_ms": ms(cold_p50), "p99_ms": ms(cold_p99)},
            "warm": {"total_ms": ms(warm_total), "p50_ms": ms(warm_p50), "p99_ms": ms(warm_p99)},
            "baseline_fixed_bearer": {"total_ms": ms(baseline_total), "p50_ms": ms(latencies[500]), "p99_ms": ms(latencies[990])},
        });
        println!("token provider: {token}");
        json!({"rows": rows, "token": token, "scale": scale})
    });
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("../bench-results");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("e2e.json"),
        serde_json::to_vec_pretty(&results).unwrap(),
    )
    .unwrap();
}
