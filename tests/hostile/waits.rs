//! The hostile server's waits: `Retry-After` as a date and in seconds and its cap, dropped
//! and stalled connections, deadlines, and connection errors that say why.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use super::common;
use super::hostile::run::cec;
use super::hostile::server::{hostile, tls_server};
use super::{builder, client, texts};

// ---- Retry-After ----

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured() {
    let h = hostile().await;
    client(&h.url("retry-after-date"))
        .call_result_detail(8, "x")
        .await
        .unwrap();
    let seen = h.log.of("retry-after-date");
    assert_eq!(seen.len(), 2);
    let waited = seen[1].at - seen[0].at;
    assert!(waited >= Duration::from_millis(900), "waited {waited:?}");
}

#[tokio::test]
async fn retry_after_in_seconds_is_honoured_beyond_the_backoff_cap() {
    let h = hostile().await;
    client(&h.url("retry-after-seconds"))
        .call_result_detail(8, "x")
        .await
        .unwrap();
    let seen = h.log.of("retry-after-seconds");
    assert_eq!(seen.len(), 2);
    let waited = seen[1].at - seen[0].at;
    assert!(waited >= Duration::from_millis(2900), "waited {waited:?}");
}

#[tokio::test]
async fn a_retry_after_beyond_the_cap_ends_the_retries() {
    let h = hostile().await;
    let started = Instant::now();
    let err = client(&h.url("retry-after-long"))
        .call_result_detail(8, "x")
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503), "{err}");
    assert_eq!(h.log.of("retry-after-long").len(), 1, "not retried");
    assert!(started.elapsed() < Duration::from_secs(1));
}

#[tokio::test]
async fn cec_logs_the_retry_after_wait_at_info() {
    let h = hostile().await;
    let run = cec(
        &h.url("retry-after-date"),
        &["call-result-detail", "--vdn-id", "8", "--call-id", "x"],
        &[("RUST_LOG", "info")],
    )
    .await;
    assert_eq!(run.code, Some(0), "{run:?}");
    let stderr = run.stderr_text();
    assert!(stderr.contains("Retry-After"), "{stderr}");
    assert!(stderr.contains("wait_ms"), "{stderr}");
}

// ---- Dropped and stalled connections, deadlines ----

#[tokio::test]
async fn an_update_whose_connection_dropped_after_sending_has_an_unknown_outcome() {
    let h = hostile().await;
    let err = client(&h.url("drop-update"))
        .update_reserved_result(8, "a-1")
        .await
        .unwrap_err();
    let text = texts(&err);
    assert_eq!(err.kind(), "OutcomeUnknown", "{text}");
    assert!(!err.is_retryable(), "{text}");
    assert!(text.contains("may or may not have applied"), "{text}");
    let seen = h.log.of("drop-update");
    assert_eq!(seen.len(), 1, "never sent twice");
    assert!(String::from_utf8_lossy(&seen[0].body).contains("a-1"));
}

#[tokio::test]
async fn read_only_calls_whose_body_broke_off_are_retried() {
    let h = hostile().await;
    client(&h.url("drop-mid-body"))
        .call_result_detail(8, "1644464743-1388")
        .await
        .unwrap();
    assert_eq!(h.log.of("drop-mid-body").len(), 2);

    builder(&h.url("stall-mid-body"))
        .timeout(Duration::from_millis(500))
        .build()
        .unwrap()
        .call_result_detail(8, "1644464743-1388")
        .await
        .unwrap();
    assert_eq!(h.log.of("stall-mid-body").len(), 2);
}

#[tokio::test]
async fn cec_gives_up_at_the_deadline() {
    let h = hostile().await;
    let started = Instant::now();
    let run = cec(
        &h.url("stall"),
        &[
            "call-result-detail",
            "--vdn-id",
            "8",
            "--call-id",
            "x",
            "--timeout",
            "20",
            "--deadline",
            "1",
        ],
        &[],
    )
    .await;
    let elapsed = started.elapsed();
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr_text().contains("deadline"), "{run:?}");
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
}

#[tokio::test]
async fn connection_errors_say_why() {
    let err = client(&common::closed_port_url().await)
        .call_result_detail(8, "x")
        .await
        .unwrap_err();
    let text = err.to_string();
    assert_eq!(err.kind(), "Connect");
    assert!(text.to_lowercase().contains("refused"), "{text}");
}

#[tokio::test]
async fn an_untrusted_certificate_is_not_retried_and_says_so() {
    let (url, accepted) = tls_server().await;
    let err = client(&url).call_result_detail(8, "x").await.unwrap_err();
    let text = err.to_string();
    assert!(!err.is_retryable(), "{text}");
    assert!(text.contains("certificate"), "{text}");
    assert_eq!(accepted.load(Ordering::SeqCst), 1, "not retried: {text}");
}
