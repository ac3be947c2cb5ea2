//! Secrets never reach Debug output, errors or logs, and phone numbers stay out of INFO
//! logs. In a test binary of its own: tracing's per-callsite interest cache is process-wide,
//! so other tests running in parallel must not register the callsites first.

mod common;

use common::page;

use common::setup::{AK, APP_SECRET, RECORDS_CALL_ID, SK, builder};

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use common::{Recorded, Reply, TestServer, verify_auth_v2};
use huawei_cec::{AkSk, CallDirection};
use serde_json::json;

async fn verifying_server() -> TestServer {
    TestServer::with_handler(|r: &Recorded| {
        if let Err(why) = verify_auth_v2(r, AK, SK) {
            return Reply::json(401, &json!({"error": why.to_string()}));
        }
        Reply::raw(200, &page("cdr_by_call_id.response.json"))
    })
    .await
}

/// Issues "tok-SECRET-N" and refuses the first token once.
async fn data_process_server() -> TestServer {
    let count = Arc::new(AtomicUsize::new(0));
    TestServer::with_handler(move |r: &Recorded| {
        if r.uri.path().ends_with("tokenByAkSk") {
            let n = count.fetch_add(1, Ordering::SeqCst) + 1;
            return Reply::json(
                200,
                &json!({"AccessToken": format!("tok-SECRET-{n}"), "Expires": "3600"}),
            );
        }
        match r.header("authorization") {
            Some("Bearer tok-SECRET-2") => Reply::raw(200, &page("call_records.response.json")),
            _ => Reply::json(401, &json!({"error": "token expired"})),
        }
    })
    .await
}

#[tokio::test]
async fn secrets_never_show_in_debug_errors_or_logs() {
    use std::io::Write;
    #[derive(Clone, Default)]
    struct Buffer(Arc<std::sync::Mutex<Vec<u8>>>);
    impl Write for Buffer {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let everything = Buffer::default();
    let info_buffer = Buffer::default();
    let (all_writer, info_writer) = (everything.clone(), info_buffer.clone());
    use tracing_subscriber::Layer;
    use tracing_subscriber::layer::SubscriberExt;
    let subscriber = tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_ansi(false)
                .with_writer(move || all_writer.clone())
                .with_filter(tracing_subscriber::filter::LevelFilter::TRACE),
        )
        .with(
            tracing_subscriber::fmt::layer()
                .with_ansi(false)
                .with_writer(move || info_writer.clone())
                .with_filter(tracing_subscriber::filter::LevelFilter::INFO),
        );
    let _guard = tracing::subscriber::set_default(subscriber);

    let dp = data_process_server().await;
    let signed = verifying_server().await;
    let client = builder(&signed.url).apiaccess_url(&dp.url).build().unwrap();
    let wrong = builder(&signed.url)
        .ak_sk(AkSk::new(AK, "wrong-SECRET"))
        .build()
        .unwrap();
    let mut texts = vec![format!("{client:?}"), format!("{wrong:?}")];
    client
        .call_records("1", 1)
        .call_id(RECORDS_CALL_ID)
        .await
        .unwrap();
    client
        .cdr(1, "1000000000-0001", CallDirection::Inbound)
        .await
        .unwrap();
    let err = wrong
        .cdr(1, "1000000000-0001", CallDirection::Inbound)
        .await
        .unwrap_err();
    texts.push(err.to_string());
    texts.push(format!("{err:?}"));
    texts.push(format!("{:?}", client.token_provider().unwrap()));
    let all = String::from_utf8(everything.0.lock().unwrap().clone()).unwrap();
    let info = String::from_utf8(info_buffer.0.lock().unwrap().clone()).unwrap();
    assert!(
        all.contains("auth-v2 canonical request"),
        "the canonical request is logged at debug: {all}"
    );
    assert!(
        info.contains("cec.call") && info.contains("operation=\"queryCdrByCallId\""),
        "spans at info: {info}"
    );
    // A library's successes are its caller's business: DEBUG; a failure stays at INFO.
    assert!(all.contains("call succeeded"), "{all}");
    assert!(
        !info.contains("call succeeded"),
        "a success at INFO: {info}"
    );
    assert!(info.contains("call failed"), "{info}");
    texts.push(all);
    for text in &texts {
        for secret in [
            SK,
            APP_SECRET,
            "wrong-SECRET",
            "tok-SECRET-1",
            "tok-SECRET-2",
        ] {
            assert!(!text.contains(secret), "{secret} leaked in: {text}");
        }
    }
    // Phone numbers stay out of info logs: the CDR's (in its reply body) and one quoted by a
    // server in a garbled reply (which the error's Display does show).
    let garbled =
        TestServer::start([Reply::raw(200, b"{\"callerNo\": \"13800138000\", oops")]).await;
    let err = builder(&garbled.url)
        .build()
        .unwrap()
        .call_result_detail(8, "x")
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("13800138000"),
        "the error keeps the body for the user"
    );
    let info = String::from_utf8(info_buffer.0.lock().unwrap().clone()).unwrap();
    assert!(info.contains("error=\"Decode\""), "{info}");
    for number in ["10000", "10001", "13800138000"] {
        assert!(!info.contains(number), "{number} in info logs: {info}");
    }
}
