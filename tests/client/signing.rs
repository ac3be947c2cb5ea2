//! auth-v2 signatures, verified by the server, and what a refused one says.

use super::*;

#[tokio::test]
async fn every_signed_operation_passes_server_side_verification() {
    let server = verifying_server().await;
    let client = client(&server.url);
    let detail = client
        .call_result_detail(8, "1644464743-1388")
        .await
        .unwrap();
    assert_eq!(detail.call_id.as_deref(), Some("1644464743-1388"));
    let external = client.external_result(40, 1402245659).await.unwrap();
    assert_eq!(external.result_map_list.len(), 2);
    let cdr = client
        .cdr(1, "1000000000-0001", CallDirection::Inbound)
        .await
        .unwrap();
    assert_eq!(cdr.agent_id, Some(100));
    let ((), update) = client
        .update_reserved_result(8, "174738152455111432454674595509")
        .send_with_metadata()
        .await
        .unwrap();
    assert_eq!(update.result_description(), Some("update success"));

    let received = server.received();
    assert_eq!(received.len(), 4);
    for request in &received {
        assert_eq!(
            verify_auth_v2(request, AK, SK),
            Ok(()),
            "{} {}",
            request.method,
            request.uri
        );
        let auth = request.header("authorization").unwrap();
        assert!(auth.starts_with(&format!("auth-v2/{AK}/")), "{auth}");
        let signed = auth.split('/').nth(3).unwrap();
        let expected = if request.method == "GET" {
            "content-type;host"
        } else {
            "content-length;content-type;host"
        };
        assert_eq!(signed, expected);
        assert_eq!(
            request.header("content-type"),
            Some("application/json; charset=UTF-8")
        );
    }
}

#[tokio::test]
async fn wrong_credentials_give_an_authentication_error_with_a_hint() {
    let server = verifying_server().await;
    let client = builder(&server.url)
        .ak_sk(AkSk::new(AK, "not-the-secret"))
        .build()
        .unwrap();
    let err = client
        .call_result_detail(8, "1644464743-1388")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unauthorized { .. }), "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains("HTTP 401") && text.contains("clock") && text.contains("CEC_SK"),
        "{text}"
    );
    assert!(
        text.contains("signature does not match"),
        "server's reason kept: {text}"
    );
    assert!(!err.is_retryable());
    assert_eq!(server.received().len(), 1, "a 401 is not retried");
}

#[tokio::test]
async fn a_skewed_clock_is_rejected_and_explained_with_correction_off() {
    let server = verifying_server().await;
    let client = builder(&server.url)
        .clock(huawei_cec::Clock::offset(chrono::Duration::minutes(-30)))
        .clock_skew_correction(false)
        .build()
        .unwrap();
    let err = client.external_result(1, 1).await.unwrap_err();
    let text = err.to_string();
    assert!(text.contains("away from the server's clock"), "{text}");
    assert!(
        text.contains("this machine's clock is 30 min behind the server's"),
        "{text}"
    );
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn a_skewed_clock_is_corrected_by_the_servers_date() {
    let server = verifying_server().await;
    let client = builder(&server.url)
        .clock(huawei_cec::Clock::offset(chrono::Duration::minutes(-30)))
        .build()
        .unwrap();
    client.external_result(40, 1402245659).await.unwrap();
    let received = server.received();
    assert_eq!(received.len(), 2, "one corrected retry");
    assert!(verify_auth_v2(&received[0], AK, SK).is_err());
    assert_eq!(verify_auth_v2(&received[1], AK, SK), Ok(()));
}
