//! A hostile (or just broken) server, and what the client and `cec` make of it.
//!
//! One local server (`tests/hostile/server.rs`) misbehaves in a different way under each
//! path prefix: it redirects to a second origin that records whatever reaches it, sends
//! endless or oversized bodies, leaks tokens in its token replies, puts terminal escapes in
//! its text, asks for `Retry-After` waits, and drops connections. The cases about waiting
//! (`Retry-After`, dropped and stalled connections, deadlines) are in `tests/hostile/waits.rs`.
//!
//! The assertions use only what the client had before these defences (`Error::kind`,
//! `Display`, the `cec` options of the time, or new `cec` options that an older `cec`
//! refuses), so that each case can be run against an older client to see it fail.

#![cfg(feature = "cli")]

mod common;
mod hostile;
#[path = "hostile/waits.rs"]
mod waits;

use std::time::{Duration, Instant};

use common::setup::{APP_SECRET, RECORDS_CALL_ID, SK, builder};
use hostile::run::{cec, clean_env, clean_env_std};
use hostile::server::{LEAK, hostile};
use huawei_cec::{Client, RetryPolicy};

fn client(url: &str) -> Client {
    builder(url).build().unwrap()
}

/// The text of an error as a program or a person would see it: Display and Debug.
fn texts(err: &huawei_cec::Error) -> String {
    format!("{err}\n{err:?}")
}

// Path parameters that try to leave their segment come from the caller, not the server:
// tests/path_segments.rs.

// ---- Redirects ----

#[tokio::test]
async fn redirects_are_never_followed_on_any_host_or_method() {
    let h = hostile().await;
    for status in [301, 302, 303, 307, 308] {
        let case = format!("redirect-{status}");
        let client = client(&h.url(&case));
        let outcomes = [
            client.call_result_detail(8, "1644464743-1388").await.err(),
            client
                .cdr(1, "1000000000-0001", huawei_cec::CallDirection::Inbound)
                .await
                .err(),
            client.update_reserved_result(8, "a-1").await.err(),
        ];
        for err in outcomes {
            let err = err.unwrap_or_else(|| panic!("HTTP {status} gave a success"));
            let text = texts(&err);
            assert_eq!(err.kind(), "Redirect", "{text}");
            assert!(!err.is_retryable(), "{text}");
            assert!(text.contains(&status.to_string()), "{text}");
            assert!(
                text.contains(&format!(
                    "{}/steal/{case}",
                    h.elsewhere.trim_start_matches("http://")
                )),
                "{text}"
            );
            for leak in ["token=", LEAK, "user:pw", "pw@", "frag"] {
                assert!(!text.contains(leak), "{leak} in {text}");
            }
        }
        assert_eq!(h.log.of(&case).len(), 3, "one attempt per call");
    }
    h.assert_nothing_elsewhere();
}

#[tokio::test]
async fn a_redirect_from_the_token_interface_sends_the_app_secret_nowhere() {
    let h = hostile().await;
    let err = client(&h.url("redirect-token"))
        .call_records("1", 1)
        .call_id(RECORDS_CALL_ID)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "Redirect", "{}", texts(&err));
    h.assert_nothing_elsewhere();
    let seen = h.log.of("redirect-token");
    assert_eq!(seen.len(), 1, "{seen:#?}");
}

#[tokio::test]
async fn cec_fails_on_a_redirected_update_and_sends_nothing_elsewhere() {
    let h = hostile().await;
    let run = cec(
        &h.url("redirect-302"),
        &[
            "update-reserved-result",
            "--vdn-id",
            "8",
            "--appoint-id",
            "a-1",
        ],
        &[],
    )
    .await;
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    assert!(run.stderr_text().contains("302"), "{run:?}");
    h.assert_nothing_elsewhere();
}

// ---- Endless and oversized bodies ----

#[tokio::test]
async fn an_endless_body_is_cut_off_at_the_limit() {
    let h = hostile().await;
    let started = Instant::now();
    let err = builder(&h.url("endless"))
        .timeout(Duration::from_secs(3))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
        .call_result_detail(8, "x")
        .await
        .unwrap_err();
    let text = texts(&err);
    assert_eq!(err.kind(), "TooLarge", "{text}");
    assert!(text.contains("67108864"), "the limit: {text}");
    assert!(
        text.contains("max-response-bytes"),
        "how to raise it: {text}"
    );
    assert!(!err.is_retryable());
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "before the timeout"
    );
}

#[tokio::test]
async fn a_declared_length_over_the_limit_is_refused_before_reading() {
    let h = hostile().await;
    let started = Instant::now();
    let err = client(&h.url("declared-1g"))
        .external_result(40, 1)
        .await
        .unwrap_err();
    let text = texts(&err);
    assert_eq!(err.kind(), "TooLarge", "{text}");
    assert!(text.contains("1073741824"), "the declared size: {text}");
    assert!(started.elapsed() < Duration::from_secs(5), "{text}");
    assert_eq!(h.log.of("declared-1g").len(), 1, "not retried");
}

#[tokio::test]
async fn a_body_that_would_decode_into_far_more_memory_is_refused() {
    let h = hostile().await;
    let Err(err) = client(&h.url("objects"))
        .call_records("1", 1)
        .call_id(RECORDS_CALL_ID)
        .await
    else {
        panic!("a million empty records decoded");
    };
    let text = texts(&err);
    assert_eq!(err.kind(), "TooLarge", "{text}");
    assert!(text.contains("once decoded"), "{text}");
}

#[tokio::test]
async fn an_error_reply_is_read_only_in_part() {
    // The data-process interface documents its 400 replies: their bodies are decoded.
    let h = hostile().await;
    let started = Instant::now();
    let err = builder(&h.url("endless-400"))
        .timeout(Duration::from_secs(3))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
        .call_records("1", 1)
        .call_id(RECORDS_CALL_ID)
        .await
        .unwrap_err();
    let text = texts(&err);
    assert_eq!(err.status(), Some(400), "{text}");
    assert!(text.contains("AAAA"), "the start of the body: {text}");
    assert!(started.elapsed() < Duration::from_secs(2), "{text}");
}

#[tokio::test]
async fn cec_stays_small_whatever_the_body() {
    let h = hostile().await;
    for (case, extra) in [
        ("endless", &[][..]),
        ("declared-1g", &[][..]),
        ("objects", &[][..]),
        ("endless", &["--max-response-bytes", "1000000"][..]),
    ] {
        let mut args = if case == "objects" {
            vec![
                "call-records",
                "--sub-cc-no",
                "1",
                "--vdn",
                "1",
                "--call-id",
                "1",
            ]
        } else {
            vec!["call-result-detail", "--vdn-id", "8", "--call-id", "x"]
        };
        args.extend_from_slice(extra);
        args.extend_from_slice(&["--timeout", "3", "--retries", "0"]);
        let run = cec(&h.url(case), &args, &[]).await;
        assert_eq!(run.code, Some(1), "{run:?}");
        let stderr = run.stderr_text();
        assert!(stderr.contains("larger than the limit"), "{case}: {stderr}");
        run.assert_peak_memory_under(200 * 1024, &format!("cec against {case} {extra:?}"));
    }
}

/// The largest reply the limits accept, printed in every format: each stays small (a table
/// is laid out a chunk of rows at a time; whole, it took 229 MiB here).
#[tokio::test]
async fn cec_stays_small_printing_the_largest_reply_it_accepts() {
    let h = hostile().await;
    for format in ["table", "csv", "ndjson", "json"] {
        let args = [
            "-o",
            format,
            "call-records",
            "--sub-cc-no",
            "1",
            "--vdn",
            "1",
            "--call-id",
            "1",
        ];
        let run = cec(&h.url("many-records"), &args, &[]).await;
        assert_eq!(run.code, Some(0), "{format}: {run:?}");
        run.assert_peak_memory_under(200 * 1024, &format!("cec -o {format} with 63,000 records"));
    }
}

// ---- Token replies ----

#[tokio::test]
async fn token_replies_are_never_quoted_or_logged() {
    let h = hostile().await;
    for case in ["token-500", "token-401", "token-truncated", "token-html"] {
        let err = client(&h.url(case))
            .call_records("1", 1)
            .call_id(RECORDS_CALL_ID)
            .await
            .unwrap_err();
        let text = texts(&err);
        assert!(!text.contains(LEAK), "{case}: {text}");
        assert!(!text.contains(APP_SECRET), "{case}: {text}");
        assert!(
            text.contains("bytes"),
            "{case}: the length is given: {text}"
        );
        assert!(!err.is_retryable() || case == "token-500", "{case}: {text}");
        // Described by its media type instead (the transport keeps the header's bytes and
        // reads the media type only for such replies).
        let media_type = match case {
            "token-html" => "text/html",
            _ => "application/json",
        };
        assert!(text.contains(media_type), "{case}: {media_type}: {text}");

        // `cec` at every log level, TRACE included: not a byte of the reply.
        let run = cec(
            &h.url(case),
            &[
                "call-records",
                "--sub-cc-no",
                "1",
                "--vdn",
                "1",
                "--call-id",
                "1",
                "--retries",
                "0",
            ],
            &[("RUST_LOG", "trace")],
        )
        .await;
        assert_eq!(run.code, Some(1), "{case}: {run:?}");
        let all = format!("{}{}", run.stdout_text(), run.stderr_text());
        assert!(!all.contains(LEAK), "{case}: the token leaked:\n{all}");
        assert!(!all.contains(APP_SECRET), "{case}: the app secret leaked");
    }
    let err = client(&h.url("token-truncated"))
        .call_records("1", 1)
        .call_id(RECORDS_CALL_ID)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "TokenReply", "{}", texts(&err));
    assert!(err.to_string().contains("cut short"), "{err}");
}

#[tokio::test]
async fn a_token_with_a_line_break_is_refused_and_nothing_is_sent_with_it() {
    let h = hostile().await;
    let err = client(&h.url("token-crlf"))
        .call_records("1", 1)
        .call_id(RECORDS_CALL_ID)
        .await
        .unwrap_err();
    let text = texts(&err);
    assert_eq!(err.kind(), "TokenReply", "{text}");
    assert!(text.contains("header"), "{text}");
    assert!(!text.contains(LEAK), "{text}");
    let seen = h.log.of("token-crlf");
    assert_eq!(seen.len(), 1, "only the token request: {seen:#?}");
    assert!(seen.iter().all(|s| !s.head.contains("X-Evil")), "{seen:#?}");
}

#[tokio::test]
async fn an_endless_token_lifetime_does_not_panic() {
    let h = hostile().await;
    let client = client(&h.url("token-forever"));
    client
        .call_records("1", 1)
        .call_id(RECORDS_CALL_ID)
        .await
        .unwrap();
    client
        .call_records("1", 1)
        .call_id(RECORDS_CALL_ID)
        .await
        .unwrap();
    let run = cec(
        &h.url("token-forever"),
        &[
            "call-records",
            "--sub-cc-no",
            "1",
            "--vdn",
            "1",
            "--call-id",
            "1",
        ],
        &[],
    )
    .await;
    assert_eq!(run.code, Some(0), "{run:?}");
}

// ---- Terminal escapes ----

fn assert_inert(what: &str, text: &str) {
    for c in text.chars() {
        assert!(
            !(matches!(c, '\u{202a}'..='\u{202e}') || c.is_control() && c != '\n'),
            "{what}: a raw {c:?} in {text:?}"
        );
    }
}

#[tokio::test]
async fn server_text_cannot_drive_the_terminal() {
    let h = hostile().await;
    let err = client(&h.url("escapes"))
        .call_result_detail(8, "x")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "Api");
    assert_inert("Display", &err.to_string());
    assert!(err.to_string().contains("RED"), "{err}");

    for (case, expected) in [("escapes", 1), ("escapes-500", 1), ("escapes-ok", 0)] {
        let run = cec(
            &h.url(case),
            &[
                "call-result-detail",
                "--vdn-id",
                "8",
                "--call-id",
                "x",
                "--retries",
                "0",
            ],
            // Logs go to a pipe here: no colours either.
            &[("RUST_LOG", "debug")],
        )
        .await;
        assert_eq!(run.code, Some(expected), "{case}: {run:?}");
        assert_inert(case, &run.stderr_text());
        assert_inert(case, &run.stdout_text());
    }
}

// ---- Logging order, the error example, a closed stdout ----

#[tokio::test]
async fn a_business_failure_is_never_logged_as_a_success() {
    let h = hostile().await;
    let run = cec(
        &h.url("escapes"),
        &["call-result-detail", "--vdn-id", "8", "--call-id", "x"],
        &[("RUST_LOG", "info")],
    )
    .await;
    assert_eq!(run.code, Some(1), "{run:?}");
    let stderr = run.stderr_text();
    assert!(!stderr.contains("call succeeded"), "{stderr}");
    assert!(stderr.contains("call failed"), "{stderr}");
}

#[tokio::test]
async fn the_error_example_exits_1_on_failure() {
    let h = hostile().await;
    let example = std::env::current_exe()
        .unwrap()
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .join("examples/handle_errors");
    let mut command = tokio::process::Command::new(&example);
    clean_env(&mut command);
    let output = command
        .args(["8", "x"])
        .env("CEC_ISALES_URL", h.url("status-503"))
        .env("CEC_AK", "ak")
        .env("CEC_SK", SK)
        .output()
        .await
        .unwrap_or_else(|e| panic!("{}: {e} (built by cargo test)", example.display()));
    assert_eq!(output.status.code(), Some(1), "{output:?}");
}

#[tokio::test]
async fn cec_exits_quietly_when_stdout_is_closed() {
    let h = hostile().await;
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_cec"));
    clean_env_std(&mut command);
    let mut child = command
        .args(["call-result-detail", "--vdn-id", "8", "--call-id", "x"])
        .env("CEC_ISALES_URL", h.url("ok"))
        .env("CEC_AK", "ak")
        .env("CEC_SK", SK)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away before anything is written (`cec ... | head -0`).
    drop(child.stdout.take());
    let output = tokio::task::spawn_blocking(move || child.wait_with_output())
        .await
        .unwrap()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert_eq!(h.log.of("ok").len(), 1);
}
