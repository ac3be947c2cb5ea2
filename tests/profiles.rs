//! Signing profiles end to end: what the client puts on the wire under each profile, the
//! simulator accepting every profile or insisting on one, the 401 that names the profile,
//! and `CEC_SIGNING_PROFILE`.

#![cfg(feature = "simulator")]

use huawei_cec::auth::{HostForm, QueryLine, SigningProfile};
use huawei_cec::simulator::Simulator;
use huawei_cec::{CallDirection, Client, Error, RetryPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A raw TCP server that answers one request with the page's external-result example and
/// hands back the request head exactly as it arrived.
async fn capture_one_request() -> (String, tokio::task::JoinHandle<String>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let head = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut received = Vec::new();
        let mut buf = [0u8; 4096];
        while !received.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = socket.read(&mut buf).await.unwrap();
            assert!(n > 0, "connection closed before the end of the head");
            received.extend_from_slice(&buf[..n]);
        }
        let body = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/pages/external_result.response.json"
        ))
        .unwrap();
        let reply = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
            body.len()
        );
        socket.write_all(reply.as_bytes()).await.unwrap();
        socket.write_all(&body).await.unwrap();
        let end = received.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        String::from_utf8(received[..end].to_vec()).unwrap()
    });
    (url, head)
}

fn client(url: &str, profile: SigningProfile) -> Client {
    Client::builder()
        .isales_url(url)
        .cms_url(url)
        .ak_sk(huawei_cec::AkSk::new("demo-ak", "demo-sk"))
        .signing_profile(profile)
        .retry_policy(RetryPolicy::none())
        .no_proxy()
        .build()
        .unwrap()
}

/// The `Host` lines of a request head (names in any case).
fn host_lines(head: &str) -> Vec<&str> {
    head.split("\r\n")
        .filter_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("host").then(|| value.trim())
        })
        .collect()
}

#[tokio::test]
async fn each_profile_sends_on_the_wire_the_host_it_signs() {
    for profile in [SigningProfile::DOCUMENTED, SigningProfile::JAVA_DEMO] {
        let (url, head) = capture_one_request().await;
        let port = url.rsplit(':').next().unwrap().to_owned();
        client(&url, profile).external_result(40, 7).await.unwrap();
        let head = head.await.unwrap();
        let expected = match profile.host {
            HostForm::Port => format!("127.0.0.1:{port}"),
            HostForm::NoPort => "127.0.0.1".to_owned(),
        };
        assert_eq!(host_lines(&head), [expected.as_str()], "{profile}: {head}");
        let authorization = head
            .split("\r\n")
            .find_map(|l| l.strip_prefix("authorization: "))
            .unwrap();
        let signed_headers = authorization.split('/').nth(3).unwrap();
        let timestamp = authorization.split('/').nth(2).unwrap();
        match profile.preset_name() {
            Some("documented") => {
                assert_eq!(signed_headers, "content-type;host");
                assert_eq!(timestamp.len(), "2026-11-21T08:30:00.000Z".len());
            }
            _ => {
                assert_eq!(signed_headers, "host");
                assert_eq!(timestamp.len(), "2026-11-21T08:30:00Z".len());
            }
        }
    }
}

#[tokio::test]
async fn the_simulator_accepts_every_profile_unless_told_otherwise() {
    let sim = Simulator::builder().calls(10).start().await.unwrap();
    for profile in SigningProfile::all() {
        let client = sim
            .client_builder()
            .signing_profile(profile)
            .build()
            .unwrap();
        assert_eq!(client.signing_profile(), profile);
        client
            .call_result_detail(8, "1644464743-1388")
            .await
            .unwrap_or_else(|e| panic!("{profile}, GET: {e}"));
        client
            .cdr(1, "1000000000-0001", CallDirection::Inbound)
            .await
            .unwrap_or_else(|e| panic!("{profile}, POST: {e}"));
    }
    assert_eq!(sim.requests().len(), 32);
    assert!(sim.requests().iter().all(|r| r.status == 200));
}

#[tokio::test]
async fn a_simulator_insisting_on_a_profile_refuses_the_others_and_the_401_names_both() {
    let documented = SigningProfile::DOCUMENTED;
    let java_demo = SigningProfile::JAVA_DEMO;
    let omit_only = documented.with_query_line(QueryLine::Omit);
    for (required, used, reason) in [
        (
            documented,
            java_demo,
            "the timestamp has no milliseconds (ts=seconds)",
        ),
        (
            java_demo,
            documented,
            "the timestamp has milliseconds (ts=millis)",
        ),
        (
            java_demo,
            java_demo.with_host(HostForm::Port),
            "carries the port (host=port)",
        ),
        (
            documented,
            documented.with_host(HostForm::NoPort),
            "lacks the port",
        ),
        (documented, omit_only, "no query line (query-line=omit)"),
        (
            omit_only,
            documented,
            "an empty query line (query-line=keep)",
        ),
    ] {
        let sim = Simulator::builder()
            .calls(10)
            .signing_profile(required)
            .start()
            .await
            .unwrap();
        assert_eq!(sim.signing_profile(), Some(required));
        // The simulator's own client builder signs as it insists.
        sim.client()
            .unwrap()
            .call_result_detail(8, "1644464743-1388")
            .await
            .unwrap_or_else(|e| panic!("{required}: {e}"));
        let err = sim
            .client_builder()
            .signing_profile(used)
            .build()
            .unwrap()
            .call_result_detail(8, "1644464743-1388")
            .await
            .unwrap_err();
        let Error::Unauthorized {
            signing_profile, ..
        } = &err
        else {
            panic!("{used} against {required}: {err:?}");
        };
        assert_eq!(signing_profile.as_deref(), Some(used.to_string().as_str()));
        assert_eq!(
            signing_profile
                .as_deref()
                .unwrap()
                .parse::<SigningProfile>(),
            Ok(used)
        );
        let text = err.to_string();
        for needle in [
            &format!("signing profile {used}"),
            "cec doctor",
            "CEC_SIGNING_PROFILE",
            &format!("accepts only the signing profile {required:#}"),
            reason,
        ] {
            assert!(text.contains(needle), "{needle:?} in {text}");
        }
    }
}

#[tokio::test]
async fn a_wrong_secret_under_an_insisting_simulator_is_a_signature_mismatch() {
    let sim = Simulator::builder()
        .calls(10)
        .signing_profile(SigningProfile::JAVA_DEMO)
        .start()
        .await
        .unwrap();
    let err = sim
        .client_builder()
        .ak_sk(huawei_cec::AkSk::new("demo-ak", "not-the-secret"))
        .build()
        .unwrap()
        .external_result(40, 7)
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains(
            "signature does not match the request signed with the signing profile java-demo"
        ),
        "{text}"
    );
}

/// Run by `from_env_reads_cec_signing_profile` in a child process, with the environment
/// set there (never in this process, whose other tests run in parallel).
#[test]
#[ignore = "run by from_env_reads_cec_signing_profile in a child process"]
fn from_env_child() {
    let Ok(expected) = std::env::var("EXPECTED") else {
        return;
    };
    let result = Client::builder().from_env().and_then(|b| b.build());
    match expected.as_str() {
        "error" => {
            let message = result.unwrap_err().to_string();
            assert!(
                message.contains(
                    "CEC_SIGNING_PROFILE: signing profile knob ts=\"hours\" is not allowed: \
                     ts is millis or seconds"
                ),
                "{message}"
            );
        }
        profile => assert_eq!(
            result.unwrap().signing_profile(),
            profile.parse::<SigningProfile>().unwrap()
        ),
    }
}

#[test]
fn from_env_reads_cec_signing_profile() {
    for (value, expected) in [
        ("java-demo", "java-demo"),
        ("Java-Demo", "java-demo"),
        ("ts=seconds,host=no-port", "ts=seconds,host=no-port"),
        ("", "documented"),
        ("ts=hours", "error"),
    ] {
        let output = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "from_env_child", "--ignored", "--nocapture"])
            .env("CEC_SIGNING_PROFILE", value)
            .env("EXPECTED", expected)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success() && stdout.contains("1 passed"),
            "CEC_SIGNING_PROFILE={value:?}: {stdout}{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
