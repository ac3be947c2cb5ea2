//! Clock-skew correction: a signed call's 401 whose `Date` shows this machine's clock off
//! is signed anew with the server's time, once, and later calls start with it; a 401
//! without a usable `Date` changes nothing.

use std::sync::Mutex;

use huawei_cec::simulator::{Faults, RunningSimulator, Simulator};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::*;

async fn skewed_simulator(minutes: i64) -> RunningSimulator {
    Simulator::builder()
        .faults(Faults::default().with_clock_offset(chrono::Duration::minutes(minutes)))
        .start()
        .await
        .unwrap()
}

/// The statuses the simulator answered, in order, and then forgets them.
fn statuses(sim: &RunningSimulator) -> Vec<u16> {
    let statuses = sim.requests().iter().map(|r| r.status).collect();
    sim.clear_requests();
    statuses
}

#[tokio::test]
async fn a_server_clock_twenty_minutes_off_is_corrected_once_and_later_calls_start_right() {
    for minutes in [20, -20] {
        let sim = skewed_simulator(minutes).await;
        // Retries off: the corrected attempt is not one of the policy's retries.
        let client = sim
            .client_builder()
            .retry_policy(RetryPolicy::none())
            .build()
            .unwrap();
        client
            .call_result_detail(8, "1644464743-1388")
            .await
            .unwrap();
        assert_eq!(
            statuses(&sim),
            [401, 200],
            "{minutes} min: one corrected retry"
        );
        client.external_result(40, 1402245659).await.unwrap();
        client
            .cdr(1, "1000000000-0001", CallDirection::Inbound)
            .await
            .unwrap();
        assert_eq!(
            statuses(&sim),
            [200, 200],
            "{minutes} min: later calls need none"
        );
        // Clones share what was learned.
        client
            .clone()
            .call_result_detail(8, "1644464743-1388")
            .await
            .unwrap();
        assert_eq!(statuses(&sim), [200]);

        // The update too, on a new client: its 401 was not applied, so it is safe to send
        // once more; applied once.
        let appoint_id = "174738152455111432454674595509";
        let vdn = sim.with_data(|d| d.appointments[appoint_id].vdn);
        let fresh = sim.client().unwrap();
        fresh
            .update_reserved_result(vdn, appoint_id)
            .fail_code("00000")
            .await
            .unwrap();
        let requests = sim.requests();
        assert_eq!(statuses(&sim), [401, 200], "{minutes} min: the update");
        assert!(
            requests
                .iter()
                .all(|r| r.operation == Some("updateReservedCallResult"))
        );
        assert!(sim.with_data(|d| d.appointments[appoint_id].result.is_some()));
    }
}

#[tokio::test]
async fn with_correction_off_the_401_says_how_far_off_the_clock_is() {
    let sim = skewed_simulator(20).await;
    let client = sim
        .client_builder()
        .clock_skew_correction(false)
        .build()
        .unwrap();
    let err = client
        .call_result_detail(8, "1644464743-1388")
        .await
        .unwrap_err();
    assert_eq!(statuses(&sim), [401], "no retry");
    let skew = err.clock_skew().expect("the offset seen");
    assert!(
        (skew.offset.num_seconds() - 20 * 60).abs() <= 2,
        "{:?}",
        skew.offset
    );
    assert!(!skew.corrected && !skew.correction_on);
    let text = err.to_string();
    for expected in [
        "this machine's clock is 20 min behind the server's",
        "turn clock-skew correction on",
    ] {
        assert!(text.contains(expected), "{expected:?} in {text}");
    }
}

#[tokio::test]
async fn a_401_for_another_reason_after_the_correction_says_the_clock_is_not_the_cause() {
    let sim = skewed_simulator(-20).await;
    let wrong_sk = sim
        .client_builder()
        .ak_sk(AkSk::new("demo-ak", "not-the-sk"))
        .build()
        .unwrap();
    let err = wrong_sk
        .call_result_detail(8, "1644464743-1388")
        .await
        .unwrap_err();
    assert_eq!(statuses(&sim), [401, 401], "one corrected retry, no more");
    let skew = err.clock_skew().expect("the offset seen");
    assert!(skew.corrected && skew.correction_on, "{skew:?}");
    let text = err.to_string();
    assert!(
        text.contains("20 min ahead of the server's") && text.contains("not why it was refused"),
        "{text}"
    );
    // Bearer calls carry no time: nothing to correct.
    assert!(sim.requests().is_empty());
}

/// The header lines a test server adds to its reply, from the time of the reply.
type ExtraHeaders = fn(std::time::SystemTime) -> String;

/// A server that answers every request 401 with the extra header lines `extra(now)`, and
/// records the `Authorization` header of each request.
async fn raw_401_server(extra: ExtraHeaders) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let log = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let log = log.clone();
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buf = [0u8; 4096];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                let head = String::from_utf8_lossy(&request).into_owned();
                let authorization = head
                    .lines()
                    .find_map(|l| l.strip_prefix("authorization: "))
                    .unwrap_or_default()
                    .to_owned();
                log.lock().unwrap().push(authorization);
                let body = b"{\"error\":\"unauthorized\"}";
                let reply = format!(
                    "HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\n\
                     content-length: {}\r\nconnection: close\r\n{}\r\n",
                    body.len(),
                    extra(std::time::SystemTime::now())
                );
                let _ = socket.write_all(reply.as_bytes()).await;
                let _ = socket.write_all(body).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    (url, seen)
}

/// The time an `auth-v2/AK/TIME/...` header was signed with.
fn signed_at(authorization: &str) -> chrono::DateTime<chrono::Utc> {
    let time = authorization.split('/').nth(2).expect("auth-v2 parts");
    chrono::DateTime::parse_from_rfc3339(time)
        .expect("an RFC 3339 time")
        .with_timezone(&chrono::Utc)
}

#[tokio::test]
async fn the_correction_never_fires_on_a_401_without_a_usable_date() {
    let behind = chrono::Duration::minutes(-20);
    let cases: [(&str, ExtraHeaders); 5] = [
        ("no Date", |_| String::new()),
        ("a malformed Date", |_| {
            "date: yesterday, around noon\r\n".into()
        }),
        ("an absurd Date (years off)", |_| {
            "date: Sun, 06 Nov 1994 08:49:37 GMT\r\n".into()
        }),
        ("a Date from a cache (Age)", |now| {
            format!("date: {}\r\nage: 30\r\n", httpdate::fmt_http_date(now))
        }),
        ("a Date of two days on", |now| {
            let later = now + Duration::from_secs(2 * 86_400);
            format!("date: {}\r\n", httpdate::fmt_http_date(later))
        }),
    ];
    for (what, extra) in cases {
        let (url, seen) = raw_401_server(extra).await;
        let client = builder(&url)
            .clock(huawei_cec::Clock::offset(behind))
            .build()
            .unwrap();
        for _ in 0..2 {
            let err = client.external_result(40, 1).await.unwrap_err();
            assert!(matches!(err, Error::Unauthorized { .. }), "{what}: {err:?}");
            assert_eq!(err.clock_skew(), None, "{what}: {err}");
            assert!(!err.to_string().contains("clock is"), "{what}: {err}");
        }
        let seen = seen.lock().unwrap().clone();
        assert_eq!(seen.len(), 2, "{what}: no retry, one request a call");
        for authorization in &seen {
            let off = signed_at(authorization) - (chrono::Utc::now() + behind);
            assert!(
                off.num_seconds().abs() < 60,
                "{what}: still signed with the local clock: {authorization}"
            );
        }
    }

    // The same server with a usable Date: the correction fires (the test can see it).
    let (url, seen) =
        raw_401_server(|now| format!("date: {}\r\n", httpdate::fmt_http_date(now))).await;
    let client = builder(&url)
        .clock(huawei_cec::Clock::offset(behind))
        .build()
        .unwrap();
    let err = client.external_result(40, 1).await.unwrap_err();
    assert!(err.clock_skew().is_some_and(|s| s.corrected), "{err:?}");
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2, "a corrected retry");
    let off = signed_at(&seen[1]) - chrono::Utc::now();
    assert!(
        off.num_seconds().abs() < 60,
        "the retry is signed with the server's time"
    );
}

#[tokio::test]
async fn the_corrected_attempt_is_not_one_of_the_retry_policys() {
    // 401 to a request signed 20 minutes off (hyper's Date is the real time), then 503.
    for (policy, expected) in [(RetryPolicy::default(), 4), (RetryPolicy::none(), 2)] {
        let server = TestServer::with_handler(|r: &Recorded| match verify_auth_v2(r, AK, SK) {
            Ok(()) => Reply::json(503, &json!({"busy": true})),
            Err(why) => Reply::json(401, &json!({"error": why.to_string()})),
        })
        .await;
        let client = builder(&server.url)
            .retry_policy(policy.with_initial_backoff(Duration::from_millis(1)))
            .clock(huawei_cec::Clock::offset(chrono::Duration::minutes(-20)))
            .build()
            .unwrap();
        let err = client.external_result(40, 1402245659).await.unwrap_err();
        assert_eq!(err.status(), Some(503), "{err:?}");
        let received = server.received();
        assert_eq!(
            received.len(),
            expected,
            "one corrected attempt, then the policy's retries: {policy:?}"
        );
        assert!(verify_auth_v2(&received[0], AK, SK).is_err());
        for request in &received[1..] {
            assert_eq!(verify_auth_v2(request, AK, SK), Ok(()));
        }
    }
}
