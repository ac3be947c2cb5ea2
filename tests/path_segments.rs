//! A path parameter stays one path segment, whatever it holds: everything outside the
//! unreserved characters is percent-encoded, and what cannot be made safe (`.`, `..`, empty,
//! control characters) is refused before anything is sent.

mod common;

use common::setup::builder;
use common::{Reply, TestServer, verify_auth_v2};
use huawei_cec::__private::Transport;
use huawei_cec::__private::isales;
use huawei_cec::Error;
use proptest::prelude::*;
use serde_json::json;

const PREFIX: &str = "/rest/isales/v1/openapi/campaigns/8/callresultdetail/";

fn not_found() -> Reply {
    Reply::json(
        200,
        &json!({"resultCode": "0200007", "resultDesc": "The call record ID does not exist."}),
    )
}

/// `%XX` sequences and unreserved characters only.
fn only_unreserved_or_escapes(segment: &str) -> bool {
    let bytes = segment.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => i += 1,
            b'%' if bytes.len() >= i + 3
                && bytes[i + 1].is_ascii_hexdigit()
                && bytes[i + 2].is_ascii_hexdigit() =>
            {
                i += 3
            }
            _ => return false,
        }
    }
    true
}

#[tokio::test]
async fn the_reported_escape_stays_in_its_segment_and_is_signed_as_sent() {
    let server = TestServer::start([not_found()]).await;
    let client = builder(&server.url).build().unwrap();
    let escape = r"..\..\40\1402245659\queryObsResultDetail";
    let err = client.call_result_detail(8, escape).await.unwrap_err();
    assert!(
        matches!(err, Error::Api { .. }),
        "the server's answer, not a success: {err}"
    );
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert_eq!(
        received[0].uri.path(),
        format!("{PREFIX}..%5C..%5C40%5C1402245659%5CqueryObsResultDetail")
    );
    verify_auth_v2(&received[0], common::setup::AK, common::setup::SK)
        .expect("the signature covers the path as sent");
}

#[tokio::test]
async fn dot_segments_empty_and_control_characters_are_refused_before_sending() {
    let server = TestServer::start([]).await;
    let client = builder(&server.url).build().unwrap();
    for bad in [".", "..", "", "   ", "a\nb", "a\u{7f}b", "\r"] {
        let err = client.call_result_detail(8, bad).await.unwrap_err();
        match &err {
            Error::InvalidInput { field, .. } => assert_eq!(*field, "callId", "{bad:?}: {err}"),
            other => panic!("{bad:?}: expected InvalidInput, got {other}"),
        }
        assert!(err.to_string().contains("nothing was sent"), "{err}");
    }
    assert!(
        server.received().is_empty(),
        "nothing may be sent: {:?}",
        server.received()
    );
}

/// The generated client, used without `Client`'s checks, still cannot leave the segment: its
/// hook stops a path that does not have the operation's shape.
#[tokio::test]
async fn the_raw_generated_client_stops_dot_segments_too() {
    let server = TestServer::start([]).await;
    let client = isales::Client::new(&server.url, Transport::default());
    for bad in ["..", "."] {
        let result = client
            .get_call_result_detail()
            .vdn_id(8)
            .call_id(bad)
            .send()
            .await;
        assert!(
            matches!(result, Err(isales::Error::InvalidRequest(ref m)) if m.contains("left its segment")),
            "{bad:?}: {result:?}"
        );
    }
    assert!(server.received().is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// For any input, the request path starts with the operation's prefix, has exactly one
    /// more segment, made of unreserved characters and `%XX` only, that decodes back to the
    /// input; or the input is refused and nothing is sent.
    #[test]
    fn any_call_id_stays_one_segment_or_is_refused(
        call_id in prop_oneof![
            any::<String>(),
            "[./\\\\%?#;:@&=+$, a-z0-9]{0,12}",
            Just("..".to_owned()),
            Just("%2e%2E".to_owned()),
            Just("a/../../b".to_owned()),
        ]
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let server = TestServer::start([not_found()]).await;
            let client = builder(&server.url).build().unwrap();
            let result = client.call_result_detail(8, &call_id).await;
            let received = server.received();
            match result {
                Err(Error::InvalidInput { field: "callId", .. }) => {
                    prop_assert!(received.is_empty(), "refused input was sent: {:?}", received);
                }
                other => {
                    prop_assert!(matches!(other, Err(Error::Api { .. })), "{:?}", other);
                    prop_assert_eq!(received.len(), 1);
                    let path = received[0].uri.path().to_owned();
                    let segment = path.strip_prefix(PREFIX);
                    prop_assert!(segment.is_some(), "{} does not start with {}", path, PREFIX);
                    let segment = segment.unwrap();
                    prop_assert!(!segment.contains('/'), "{} has more segments", path);
                    prop_assert!(only_unreserved_or_escapes(segment), "{} is not fully encoded", path);
                    let decoded = percent_encoding::percent_decode_str(segment).decode_utf8_lossy();
                    prop_assert_eq!(decoded.as_ref(), call_id.as_str());
                }
            }
            Ok(())
        })?;
    }
}

#[cfg(feature = "cli")]
mod cli {
    use huawei_cec::simulator::Simulator;

    async fn cec(sim_url: &str, call_id: &str) -> std::process::Output {
        tokio::process::Command::new(env!("CARGO_BIN_EXE_cec"))
            .args(["call-result-detail", "--vdn-id", "8", "--call-id", call_id])
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .envs([
                ("CEC_ISALES_URL", sim_url),
                ("CEC_AK", "demo-ak"),
                ("CEC_SK", "demo-sk"),
            ])
            .output()
            .await
            .unwrap()
    }

    /// The command of the report: it sent a signed GET for another operation and exited 0.
    #[tokio::test]
    async fn cec_keeps_the_reported_escape_in_its_segment() {
        let sim = Simulator::start().await.unwrap();
        let output = cec(&sim.url(), r"..\..\40\1402245659\queryObsResultDetail").await;
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        let requests = sim.requests();
        assert_eq!(requests.len(), 1);
        assert_eq!(requests[0].operation, Some("getCallResultDetail"));
        assert!(
            requests[0]
                .uri
                .ends_with("/callresultdetail/..%5C..%5C40%5C1402245659%5CqueryObsResultDetail"),
            "{}",
            requests[0].uri
        );
    }

    #[tokio::test]
    async fn cec_refuses_dot_segments_with_exit_2_and_sends_nothing() {
        let sim = Simulator::start().await.unwrap();
        for bad in ["..", "."] {
            let output = cec(&sim.url(), bad).await;
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(2), "{bad:?}: {stderr}");
            assert!(stderr.contains("callId"), "{stderr}");
        }
        assert!(sim.requests().is_empty());
    }
}
