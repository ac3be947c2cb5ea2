//! What real deployments meet, through the library: a gateway's 502 or 504 to the update,
//! a web application firewall's 418 or 403 (from the simulator's faults and a test server),
//! and a CC-CMS reply naming a missing parameter.

use huawei_cec::simulator::{Faults, Simulator};

use super::*;

const APPOINT_ID: &str = "174738152455111432454674595509";

#[tokio::test]
async fn the_updates_502_504_and_500_are_outcome_unknown_never_retried_other_statuses_not_applied()
{
    for status in [502u16, 504, 500] {
        let server = TestServer::with_handler(move |_: &Recorded| {
            Reply::json(status, &json!({"error": "upstream"}))
        })
        .await;
        let err = client(&server.url)
            .update_reserved_result(8, APPOINT_ID)
            .await
            .unwrap_err();
        assert!(
            matches!(err, Error::OutcomeUnknown { .. }),
            "{status}: {err:?}"
        );
        assert_eq!(err.status(), Some(status));
        assert!(!err.is_retryable());
        let text = err.to_string();
        assert!(
            text.contains(&format!("HTTP {status}"))
                && text.contains("may or may not have applied"),
            "{text}"
        );
        assert_eq!(server.received().len(), 1, "{status}: never retried");

        // A read-only call is retried on the same status, as before.
        let retried = TestServer::with_handler(move |_: &Recorded| {
            Reply::json(status, &json!({"error": "upstream"}))
        })
        .await;
        let err = client(&retried.url)
            .external_result(40, 1402245659)
            .await
            .unwrap_err();
        assert!(matches!(err, Error::HttpStatus { .. }), "{err:?}");
        assert_eq!(retried.received().len(), 3, "{status}: two retries");
    }
    // Statuses that mean "not applied" stay what they were: an HTTP error of that status.
    for status in [503u16, 429, 400, 404] {
        let server =
            TestServer::with_handler(move |_: &Recorded| Reply::json(status, &json!({}))).await;
        let err = client(&server.url)
            .update_reserved_result(8, APPOINT_ID)
            .await
            .unwrap_err();
        assert_eq!(err.status(), Some(status), "{err:?}");
        assert!(!matches!(err, Error::OutcomeUnknown { .. }), "{err:?}");
        assert_eq!(server.received().len(), 1);
    }
}

#[tokio::test]
async fn a_firewalls_418_or_403_is_explained_for_every_operation_and_never_quoted() {
    for status in [418u16, 403] {
        let sim = Simulator::builder()
            .faults(Faults::default().with_waf_block(Some(status)))
            .start()
            .await
            .unwrap();
        let client = sim.client().unwrap();
        let errors = [
            client
                .call_result_detail(8, "1644464743-1388")
                .await
                .unwrap_err(),
            client.external_result(40, 1402245659).await.unwrap_err(),
            client
                .cdr(1, "1000000000-0001", CallDirection::Inbound)
                .await
                .unwrap_err(),
            client
                .update_reserved_result(8, APPOINT_ID)
                .await
                .unwrap_err(),
            client
                .call_records("1", 1)
                .call_id(RECORDS_CALL_ID)
                .await
                .unwrap_err(),
        ];
        for err in &errors {
            assert_eq!(err.status(), Some(status), "{err:?}");
            assert!(!err.is_retryable(), "{err:?}");
            let text = err.to_string();
            for expected in ["allow-list", "not an IP address", "(SNI)"] {
                assert!(text.contains(expected), "{expected:?} in {text}");
            }
            for page in ["<html", "<!DOCTYPE", "Request blocked", "event ID"] {
                assert!(
                    !text.contains(page) && !format!("{err:?}").contains(page),
                    "{text}"
                );
            }
        }
        for err in &errors[..4] {
            assert!(matches!(err, Error::Blocked { .. }), "{err:?}");
            assert!(
                err.to_string()
                    .contains("this request went to the IP address 127.0.0.1"),
                "{err}"
            );
        }
        assert!(
            matches!(errors[4], Error::TokenForbidden { .. }),
            "{:?}",
            errors[4]
        );
        assert!(errors[4].to_string().contains("app key and app secret"));
        assert_eq!(sim.requests().len(), 5, "one request each: none retried");
    }

    // A 403 whose body is not a page is quoted, with the same hints; by host name, no IP note.
    let server = TestServer::start([Reply::json(403, &json!({"error": "ip not allowed"}))]).await;
    let by_name = server.url.replace("127.0.0.1", "localhost");
    let err = client(&by_name)
        .external_result(40, 1402245659)
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("reply: {\"error\":\"ip not allowed\"}") && text.contains("allow-list"),
        "{text}"
    );
    assert!(!text.contains("went to the IP address"), "{text}");
}

#[tokio::test]
async fn a_cms_reply_naming_a_missing_parameter_names_it() {
    let sim = Simulator::builder()
        .faults(Faults::default().with_missing_parameter(Some("isCallIn")))
        .start()
        .await
        .unwrap();
    let err = sim
        .client()
        .unwrap()
        .cdr(1, "1000000000-0001", CallDirection::Inbound)
        .await
        .unwrap_err();
    assert_eq!(err.result_code().map(ResultCode::code), Some("0100002"));
    assert_eq!(err.parameter(), Some("isCallIn"));
    let text = err.to_string();
    assert!(
        text.contains("Invalid param, must have parameter: 'isCallIn'")
            && text.contains("the server names the parameter isCallIn as missing or invalid")
            && text.contains("this client sends it as isCallin"),
        "{text}"
    );
    // Another failure names none.
    let sim = Simulator::start().await.unwrap();
    let err = sim
        .client()
        .unwrap()
        .cdr(1, "no-such-cdr", CallDirection::Inbound)
        .await
        .unwrap_err();
    assert_eq!(err.parameter(), None, "{err}");
}
