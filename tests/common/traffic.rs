//! Exchanges with a running server, made by hand and written as a cassette: requests sent
//! with reqwest, signed with `huawei_cec::auth::Signer` (or with the bearer token of the
//! server's token endpoint), each request and its reply written as an exchange of
//! `docs/cassettes.md`. A stand-in for the client's recorder in the tests of conformance and
//! replay: it keeps personal data (`"personal_data":"kept"`: the simulator's numbers are
//! made up) and writes no secret (the signature and tokens are removed as the format says).

#![allow(dead_code)]

use std::time::Instant;

use base64::Engine as _;
use huawei_cec::AkSk;
use huawei_cec::auth::{Signer, SigningProfile};
use serde_json::{Map, Value, json};

/// How a request is authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// auth-v2, signed with the traffic's credentials.
    Signature,
    /// A wrong auth-v2 signature (the secret key changed).
    WrongSignature,
    /// The bearer token of the token endpoint.
    Token,
    /// A bearer token the server never issued.
    ForgedToken,
    /// Nothing (the token request).
    Nothing,
}

pub struct Traffic {
    pub base: String,
    http: reqwest::Client,
    ak: String,
    sk: String,
    app_key: String,
    app_secret: String,
    token: Option<String>,
    exchanges: Vec<Value>,
}

impl Traffic {
    /// Traffic with the server at `base` (`http://127.0.0.1:port`) under these credentials.
    pub fn new(base: &str, ak: &str, sk: &str, app_key: &str, app_secret: &str) -> Self {
        Self {
            base: base.trim_end_matches('/').to_owned(),
            http: reqwest::Client::builder().no_proxy().build().unwrap(),
            ak: ak.into(),
            sk: sk.into(),
            app_key: app_key.into(),
            app_secret: app_secret.into(),
            token: None,
            exchanges: Vec::new(),
        }
    }

    /// Traffic with a simulator, under its demo credentials.
    pub fn with_simulator(url: &str) -> Self {
        Self::new(url, "demo-ak", "demo-sk", "demo-app-key", "demo-app-secret")
    }

    /// Asks the token endpoint for a token (recorded as a `createToken` exchange) and keeps
    /// it for `By::Token`.
    pub async fn fetch_token(&mut self) -> u16 {
        let body = json!({"app_key": self.app_key, "app_secret": self.app_secret});
        let (status, reply) = self
            .send(
                "createToken",
                "POST",
                "/apigovernance/api/oauth/tokenByAkSk",
                Some(body),
                By::Nothing,
            )
            .await;
        if let Some(token) = reply.get("AccessToken").and_then(Value::as_str) {
            self.token = Some(token.to_owned());
        }
        status
    }

    /// Sends one request (`path` with its query, if any; `body` as JSON) and records it.
    /// Returns the status and the reply's JSON (`Null` when it is not JSON).
    pub async fn send(
        &mut self,
        operation: &str,
        method: &str,
        path: &str,
        body: Option<Value>,
        by: By,
    ) -> (u16, Value) {
        let bytes = body.map(|b| serde_json::to_vec(&b).unwrap());
        self.send_bytes(operation, method, path, bytes, by).await
    }

    /// As [`Traffic::send`], with the body's bytes as they are.
    pub async fn send_bytes(
        &mut self,
        operation: &str,
        method: &str,
        path: &str,
        body: Option<Vec<u8>>,
        by: By,
    ) -> (u16, Value) {
        let url = format!("{}{path}", self.base);
        let method_value: reqwest::Method = method.parse().unwrap();
        let mut builder = self.http.request(method_value, &url);
        let content_type = if operation == "createToken" || operation == "queryCallRecords" {
            "application/json"
        } else {
            "application/json; charset=UTF-8"
        };
        builder = builder.header("content-type", content_type);
        if let Some(body) = &body {
            builder = builder.body(body.clone());
        }
        let mut request = builder.build().unwrap();
        match by {
            By::Signature | By::WrongSignature => {
                let sk = if by == By::Signature {
                    self.sk.clone()
                } else {
                    "wrong-sk".into()
                };
                Signer::new(AkSk::new(&self.ak, &sk), SigningProfile::default())
                    .expect("the test's credentials are valid")
                    .sign_request(&mut request, chrono::Utc::now())
                    .expect("a buffered body signs");
            }
            By::Token | By::ForgedToken => {
                let token = match by {
                    By::Token => self.token.clone().expect("fetch_token first"),
                    _ => "forged-token".into(),
                };
                request
                    .headers_mut()
                    .insert("authorization", format!("Bearer {token}").parse().unwrap());
            }
            By::Nothing => {}
        }
        let recorded_request = self.request_json(&request, body.as_deref());
        let started = chrono::Utc::now();
        let clock = Instant::now();
        let response = self.http.execute(request).await.unwrap();
        let status = response.status().as_u16();
        let mut headers = Map::new();
        for (name, value) in response.headers() {
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            let entry = headers.entry(name.as_str().to_owned()).or_insert(json!(""));
            *entry = match entry.as_str() {
                Some("") => json!(value),
                Some(old) => json!(format!("{old}, {value}")),
                None => json!(value),
            };
        }
        let bytes = response.bytes().await.unwrap();
        let duration_ms = clock.elapsed().as_secs_f64() * 1000.0;
        let reply: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        let mut body = body_json(&bytes);
        // No token is written: the token reply's is replaced, as the format says.
        if let Some(token) = body.pointer_mut("/json/AccessToken") {
            *token = json!("[REDACTED]");
        }
        let auth = match by {
            By::Signature | By::WrongSignature => json!({"scheme": "auth-v2",
                "access_key": format!("{}…", &self.ak[..self.ak.len().min(4)]),
                "signing_profile": "documented"}),
            By::Token | By::ForgedToken => json!({"scheme": "bearer"}),
            By::Nothing => json!({"scheme": "none"}),
        };
        let server = match operation {
            "queryCdrByCallId" => "cms",
            "queryCallRecords" => "dataprocess",
            "createToken" => "auth",
            _ => "isales",
        };
        let mut response_json = json!({"status": status, "headers": headers});
        if !bytes.is_empty() {
            response_json["body"] = body;
        }
        self.exchanges.push(json!({
            "seq": self.exchanges.len() + 1,
            "operation": operation,
            "server": server,
            "attempt": 1,
            "started_at": started.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            "duration_ms": duration_ms,
            "auth": auth,
            "request": recorded_request,
            "response": response_json,
        }));
        (status, reply)
    }

    fn request_json(&self, request: &reqwest::Request, body: Option<&[u8]>) -> Value {
        let mut headers = Map::new();
        for (name, value) in request.headers() {
            let value = value.to_str().unwrap_or_default();
            let value = match name.as_str() {
                // The scheme and the AK's first characters, never the signature or token.
                "authorization" if value.starts_with("Bearer ") => "Bearer [REDACTED]".to_owned(),
                "authorization" => {
                    let parts: Vec<&str> = value.split('/').collect();
                    format!(
                        "auth-v2/{}…/{}/{}/[signature removed]",
                        &self.ak[..self.ak.len().min(4)],
                        parts.get(2).unwrap_or(&""),
                        parts.get(3).unwrap_or(&"")
                    )
                }
                _ => value.to_owned(),
            };
            headers.insert(name.as_str().to_owned(), json!(value));
        }
        let url = request.url();
        let mut out = json!({
            "method": request.method().as_str(),
            "scheme": url.scheme(),
            "path": url.path(),
            "headers": headers,
        });
        if let Some(port) = url.port() {
            out["port"] = json!(port);
        }
        if let Some(query) = url.query() {
            out["query"] = json!(query);
        }
        if let Some(body) = body {
            let mut body = body_json(body);
            if let Some(secret) = body.pointer_mut("/json/app_secret") {
                *secret = json!("[REDACTED]");
            }
            out["body"] = body;
        }
        out
    }

    /// The exchanges so far.
    pub fn exchanges(&self) -> &[Value] {
        &self.exchanges
    }

    /// The cassette: a header (`personal_data` kept: nothing is masked), then the exchanges.
    pub fn cassette(&self, note: &str) -> String {
        let header = json!({
            "format": "huawei-cec-cassette",
            "version": 1,
            "crate_version": env!("CARGO_PKG_VERSION"),
            "recorded_at": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            "personal_data": "kept",
            "note": note,
        });
        let mut text = header.to_string();
        text.push('\n');
        for exchange in &self.exchanges {
            text.push_str(&exchange.to_string());
            text.push('\n');
        }
        text
    }
}

/// A body as the format writes it: JSON, else text, else base64.
pub fn body_json(bytes: &[u8]) -> Value {
    let length = bytes.len();
    if let Ok(value) = serde_json::from_slice::<Value>(bytes) {
        json!({"length": length, "json": value})
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        json!({"length": length, "text": text})
    } else {
        json!({"length": length, "base64": base64::engine::general_purpose::STANDARD.encode(bytes)})
    }
}

/// What the simulator answers for every operation: the successes and the documented
/// failures (the business codes of each page's table that the simulator sends, HTTP 400
/// and 401), the token endpoint's 200, 400 and 401. Faults (503, drops) are not among them.
pub async fn every_operation(traffic: &mut Traffic) {
    use By::*;
    const DETAIL: &str = "/rest/isales/v1/openapi/campaigns";
    let cdr = "/rest/cmsapp/v1/openapi/calldata/querycalldetailbyid";
    let records = "/apiaccess/rest/dataprocess/v1/openapp/queryCallManualDetailInfo";
    let token = "/apigovernance/api/oauth/tokenByAkSk";
    let isales: [(&str, &str, &str, Option<Value>); 13] = [
        (
            "getCallResultDetail",
            "GET",
            "/8/callresultdetail/1644464743-1388",
            None,
        ),
        (
            "getCallResultDetail",
            "GET",
            "/8/callresultdetail/no-such-call",
            None,
        ),
        ("getCallResultDetail", "GET", "/x/callresultdetail/1", None),
        ("getCallResultDetail", "GET", "/0/callresultdetail/1", None),
        (
            "getCallResultDetail",
            "GET",
            "/8/callresultdetail/a%20b",
            None,
        ),
        (
            "getExternalResult",
            "GET",
            "/40/1402245659/queryObsResultDetail",
            None,
        ),
        (
            "getExternalResult",
            "GET",
            "/40/7/queryObsResultDetail",
            None,
        ),
        (
            "getExternalResult",
            "GET",
            "/40/x/queryObsResultDetail",
            None,
        ),
        (
            "updateReservedCallResult",
            "POST",
            "/8/appoint/updateResult",
            Some(json!({"appointId": "174738152455111432454674595509", "failCode": "00000"})),
        ),
        (
            "updateReservedCallResult",
            "POST",
            "/8/appoint/updateResult",
            Some(json!({"appointId": "no-such"})),
        ),
        (
            "updateReservedCallResult",
            "POST",
            "/8/appoint/updateResult",
            Some(json!({"failCode": "1"})),
        ),
        (
            "updateReservedCallResult",
            "POST",
            "/8/appoint/updateResult",
            Some(json!({"appointId": 7})),
        ),
        (
            "updateReservedCallResult",
            "POST",
            "/8/appoint/updateResult",
            Some(json!({"appointId": "x".repeat(65)})),
        ),
    ];
    for (operation, method, path, body) in isales {
        traffic
            .send(
                operation,
                method,
                &format!("{DETAIL}{path}"),
                body,
                Signature,
            )
            .await;
    }
    let long = "x".repeat(65);
    traffic
        .send(
            "getCallResultDetail",
            "GET",
            &format!("{DETAIL}/8/callresultdetail/{long}"),
            None,
            Signature,
        )
        .await;
    traffic
        .send(
            "getCallResultDetail",
            "GET",
            &format!("{DETAIL}/8/callresultdetail/1"),
            None,
            WrongSignature,
        )
        .await;
    for body in [
        json!({"queryParam": {"ccId": 1, "isCallin": "true", "callId": "1000000000-0001"}}),
        json!({"queryParam": {"ccId": 1, "isCallin": "false", "callId": "1000000000-0001"}}),
        json!({"queryParam": {"ccId": 0, "isCallin": "true", "callId": "1"}}),
    ] {
        traffic
            .send("queryCdrByCallId", "POST", cdr, Some(body), Signature)
            .await;
    }
    traffic
        .send(
            "queryCdrByCallId",
            "POST",
            cdr,
            Some(json!({})),
            WrongSignature,
        )
        .await;
    traffic.fetch_token().await;
    for body in [
        json!({"subCcNo": "1", "vdn": "1", "callId": "1669464198-17002955"}),
        json!({"subCcNo": "1", "vdn": "1", "beginDate": "0", "endDate": "9999999999999"}),
        json!({"subCcNo": "1", "vdn": "1"}),
    ] {
        traffic
            .send("queryCallRecords", "POST", records, Some(body), Token)
            .await;
    }
    traffic
        .send(
            "queryCallRecords",
            "POST",
            records,
            Some(json!({"subCcNo": "1", "vdn": "1", "callId": "x"})),
            ForgedToken,
        )
        .await;
    traffic
        .send(
            "createToken",
            "POST",
            token,
            Some(json!({"app_key": "demo-app-key", "app_secret": "wrong"})),
            Nothing,
        )
        .await;
    traffic
        .send_bytes(
            "createToken",
            "POST",
            token,
            Some(b"not json".to_vec()),
            Nothing,
        )
        .await;
}

/// Sends the requests a simulator received once more, in order, through `traffic` (token
/// requests aside: the traffic asks for its own token first), recording the exchanges: the
/// cassette of a session of any client, as the simulator answered it.
pub async fn resend(traffic: &mut Traffic, requests: &[huawei_cec::simulator::RecordedRequest]) {
    traffic.fetch_token().await;
    for request in requests {
        let operation = request.operation.expect("a request of the spec");
        if operation == "createToken" {
            continue;
        }
        let by = if operation == "queryCallRecords" {
            By::Token
        } else {
            By::Signature
        };
        let body = (request.method != "GET").then(|| request.body.to_vec());
        traffic
            .send_bytes(operation, &request.method, &request.uri, body, by)
            .await;
    }
}
