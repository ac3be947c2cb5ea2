//! A server that sends every secret back: the SK, the app secret, the token it issued, the
//! signature and signing key of each request, in JSON replies, headers, an HTML error page,
//! plain text and a binary body, as they are and percent-, JSON- and HTML-escaped; and
//! subscriber numbers in all of them. The cassette holds none of it.

use base64::Engine as _;
use huawei_cec::cassette::Content;
use huawei_cec::{AkSk, AppCredentials, CallDirection, Client, RetryPolicy};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Value, json};

use super::common::{Recorded, Reply, TestServer, verify_auth_v2};
use super::*;

const AK: &str = "hostile-ak";
const SK: &str = "hostile-SK/with+special=chars&\"q";
const APP_KEY: &str = "hostile-app";
const APP_SECRET: &str = "app-SECRET<&>'value/+=";
const TOKEN: &str = "tok/EN+hostile=0123456789abcdef";
const PHONE_A: &str = "13800138000";
const PHONE_B: &str = "8613912345678";
const PHONE_SENT: &str = "15011112222";

fn percent(s: &str) -> String {
    utf8_percent_encode(s, NON_ALPHANUMERIC).to_string()
}

fn json_escaped(s: &str) -> String {
    let quoted = serde_json::to_string(s).unwrap();
    quoted[1..quoted.len() - 1].to_owned()
}

fn html_escaped(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// A signature the server computed and the client never did: the one it expected.
fn expected_signature() -> String {
    huawei_cec::auth::signing_key(SK, "the canonical request the server expected")
}

/// The signature and the signing key of a signed request (empty for others).
fn signature_and_key(request: &Recorded) -> (String, String) {
    let auth = request.header("authorization").unwrap_or_default();
    match auth.rsplit_once('/') {
        Some((prefix, signature)) if auth.starts_with("auth-v2/") => (
            signature.to_owned(),
            huawei_cec::auth::signing_key(SK, prefix),
        ),
        _ => (String::new(), String::new()),
    }
}

fn reply_to(request: &Recorded) -> Reply {
    let auth = request
        .header("authorization")
        .unwrap_or_default()
        .to_owned();
    let (signature, key) = signature_and_key(request);
    let path = request.uri.path();
    let everything = format!(
        "sk {SK} / {} app {APP_SECRET} / {} token {TOKEN} / {} auth {auth} sig {signature} key {key}",
        percent(SK),
        percent(APP_SECRET),
        percent(TOKEN)
    );
    if path.ends_with("tokenByAkSk") {
        assert!(!request.body.is_empty());
        return Reply::json(
            200,
            &json!({"AccessToken": TOKEN, "Expires": "600",
                    "note": format!("issued for the secret {APP_SECRET}")}),
        )
        .header("x-echo", &percent(TOKEN))
        .header("set-cookie", &format!("sid={}", percent(TOKEN)));
    }
    if path.contains("/callresultdetail/") {
        verify_auth_v2(request, AK, SK).unwrap();
        return Reply::json(
            200,
            &json!({"resultCode": "0200000", "resultDesc": everything,
                    "data": {"callId": "1644464743-1388", "called": PHONE_A,
                             "callerNo": PHONE_B.parse::<u64>().unwrap(),
                             "recordPath": "https://obs.example.com/rec/a.wav?AccessKeyId=X&Signature=Y",
                             "echo": [SK, APP_SECRET, TOKEN, auth, signature, key],
                             SK: "a key that is a secret"}}),
        )
        .header("x-echo-auth", &auth)
        .header("x-echo", &format!("{} {signature}", percent(SK)))
        .header("www-authenticate", &format!("auth-v2 expected {key}"));
    }
    if path.ends_with("/queryObsResultDetail") {
        let page = format!(
            "<html><body><h1>500 Internal Server Error</h1><pre>{}\nSK={}\ntoken={}\nsig={}\
             </pre><p>call from {PHONE_A} to {PHONE_B} at 127.0.0.1</p>\
             <a href=\"/retry?sk={}&amp;t={}\">retry</a></body></html>",
            html_escaped(&auth),
            html_escaped(SK),
            json_escaped(TOKEN),
            signature.to_uppercase(),
            percent(SK),
            percent(TOKEN),
        );
        return Reply::raw(500, page.as_bytes()).header("content-type", "text/html");
    }
    if path.ends_with("/querycalldetailbyid") {
        return Reply::raw(
            401,
            format!(
                "bad signature {signature}, expected {} with key {key}; secret {SK}",
                expected_signature()
            )
            .as_bytes(),
        )
        .header("content-type", "text/plain");
    }
    if path.ends_with("/queryCallManualDetailInfo") {
        assert_eq!(auth, format!("Bearer {TOKEN}"));
        return Reply::json(
            200,
            &json!({"total": 1, "results": [{"callId": "1-1", "callerNo": PHONE_A,
                    "calleeNo": PHONE_B, "note": everything}],
                    "next": format!("https://gw.example.com/next?access_token={}", percent(TOKEN))}),
        );
    }
    // The update: a binary body.
    let mut body = b"\xff\xfe\x00".to_vec();
    body.extend_from_slice(format!("{SK} {TOKEN} {PHONE_SENT}").as_bytes());
    Reply::raw(200, &body).header("content-type", "application/octet-stream")
}

/// Every string of every line (keys and values), and the base64 bodies decoded.
fn strings_of(text: &str) -> String {
    fn walk(value: &Value, out: &mut String) {
        match value {
            Value::String(s) => {
                out.push_str(s);
                out.push('\n');
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            Value::Object(map) => {
                for (key, value) in map {
                    out.push_str(key);
                    out.push('\n');
                    if key == "base64" {
                        let bytes = base64::engine::general_purpose::STANDARD
                            .decode(value.as_str().unwrap())
                            .unwrap();
                        out.push_str(&String::from_utf8_lossy(&bytes));
                        out.push('\n');
                    }
                    walk(value, out);
                }
            }
            _ => {}
        }
    }
    let mut out = String::new();
    for line in text.lines() {
        walk(&serde_json::from_str(line).unwrap(), &mut out);
    }
    out
}

#[tokio::test]
async fn secrets_echoed_anywhere_never_reach_the_cassette() {
    let server = TestServer::with_handler(reply_to).await;
    let path = cassette_path("hostile");
    let client = Client::builder()
        .isales_url(&server.url)
        .cms_url(&server.url)
        .apiaccess_url(&server.url)
        .ak_sk(AkSk::new(AK, SK))
        .app_credentials(AppCredentials::new(APP_KEY, APP_SECRET))
        .retry_policy(RetryPolicy::default().with_initial_backoff(std::time::Duration::ZERO))
        .record_to(&path)
        .build()
        .unwrap();
    // Whether each call succeeds does not matter here; every one was answered. The token is
    // obtained first, so that every reply may echo it (a server cannot send a token back
    // before it issued it, and the recorder redacts the tokens it has seen).
    let _ = client
        .call_records("1", 1)
        .caller_no(PHONE_SENT)
        .call_id("1-1")
        .await;
    let _ = client.call_result_detail(8, "1644464743-1388").await;
    let _ = client.external_result(40, 1).await;
    let _ = client.cdr(1, "1", CallDirection::Inbound).await;
    let _ = client
        .update_reserved_result(8, "1")
        .caller_no(PHONE_SENT)
        .await;

    let (text, cassette) = read(&path);
    let received = server.received();
    // The 500 page was retried twice: three attempts, three exchanges.
    assert_eq!(received.len(), 8);
    assert_eq!(cassette.exchanges.len(), received.len(), "{text}");

    let mut absent: Vec<(&str, String)> = Vec::new();
    for (what, secret) in [("SK", SK), ("app secret", APP_SECRET), ("token", TOKEN)] {
        absent.push((what, secret.to_owned()));
        absent.push((what, percent(secret)));
        absent.push((what, json_escaped(secret)));
        absent.push((what, html_escaped(secret)));
    }
    let mut signatures = 0;
    for request in &received {
        let (signature, key) = signature_and_key(request);
        if !signature.is_empty() {
            signatures += 1;
            absent.push(("signature", signature.clone()));
            absent.push(("signature", signature.to_uppercase()));
            absent.push(("signing key", key));
        }
    }
    assert_eq!(signatures, 6);
    absent.push(("the signature the server expected", expected_signature()));
    for (what, value) in [
        ("phone", PHONE_A),
        ("phone", PHONE_B),
        ("phone", PHONE_SENT),
        ("host", "127.0.0.1"),
        ("recording link's query", "Signature=Y"),
    ] {
        absent.push((what, value.to_owned()));
    }
    assert_absent(&text, &absent);
    assert_absent(&strings_of(&text), &absent);

    // What is left is still what the server said, redacted.
    let detail = cassette
        .exchanges
        .iter()
        .find(|e| e.operation == "getCallResultDetail")
        .unwrap();
    let response = detail.response.as_ref().unwrap();
    assert_eq!(
        response.headers["x-echo"], "[REDACTED] [REDACTED]",
        "{response:?}"
    );
    assert!(response.headers["x-echo-auth"].ends_with("/[REDACTED]"));
    let token_reply = cassette
        .exchanges
        .iter()
        .find(|e| e.operation == "createToken")
        .unwrap()
        .response
        .as_ref()
        .unwrap();
    assert!(!token_reply.headers.contains_key("set-cookie"));
    let Some(Content::Json(body)) = token_reply.body.as_ref().map(|b| &b.content) else {
        panic!("{token_reply:?}")
    };
    assert_eq!(body["AccessToken"], "[REDACTED]");
    assert_eq!(body["note"], "issued for the secret [REDACTED]");
    let update = cassette.exchanges.last().unwrap();
    let body = update.response.as_ref().unwrap().body.as_ref().unwrap();
    assert!(matches!(body.content, Content::Base64(_)), "{body:?}");
}
