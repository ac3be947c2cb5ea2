//! Business failures, input refused before sending, configuration, proxy and user agent.

use super::*;

#[tokio::test]
async fn business_failures_are_typed_errors() {
    let server = TestServer::start([
        Reply::json(200, &json!({"returnCode": "0200007", "resultCode": "0200007", "resultDesc": "The call record ID does not exist."})),
        Reply::json(200, &json!({"resultCode": "0299999", "resultDesc": "something new"})),
        Reply::json(200, &json!({"result": "1", "resultCode": "0100002", "resultDesc": "no such CDR"})),
        Reply::json(200, &json!({"returnCode": "04000004", "resultCode": "04000004", "resultDesc": "gone"})),
        Reply::json(200, &json!({"unexpected": true})),
    ])
    .await;
    let client = client(&server.url);
    let err = client.call_result_detail(8, "nope").await.unwrap_err();
    assert_eq!(err.result_code(), Some(&ResultCode::CallIdNotFound));
    assert_eq!(
        err.to_string(),
        "getCallResultDetail: the server reported result code 0200007 (The call record ID does not exist.): \
         \"The call record ID does not exist.\"; HTTP 200"
    );
    let err = client.external_result(1, 1).await.unwrap_err();
    assert_eq!(
        err.result_code(),
        Some(&ResultCode::Unknown("0299999".into()))
    );
    assert!(
        err.to_string()
            .contains("a code the documentation does not list"),
        "{err}"
    );
    let err = client
        .cdr(1, "x", CallDirection::Inbound)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Api { description: Some(d), .. } if d == "no such CDR"),
        "{err:?}"
    );
    let err = client.update_reserved_result(8, "a").await.unwrap_err();
    assert_eq!(
        err.result_code(),
        Some(&ResultCode::ReservedCampaignNotFound)
    );
    let err = client.call_result_detail(8, "x").await.unwrap_err();
    assert!(
        matches!(err, Error::Decode { .. }),
        "a reply without a result code: {err:?}"
    );
}

#[tokio::test]
async fn invalid_input_is_refused_before_anything_is_sent() {
    let server = TestServer::start([]).await;
    let client = client(&server.url);
    let long = "9".repeat(300);
    let cases: Vec<(&str, Error)> = vec![
        (
            "vdnId 0",
            client.call_result_detail(0, "x").await.unwrap_err(),
        ),
        (
            "vdnId 10000",
            client.external_result(10000, 1).await.unwrap_err(),
        ),
        (
            "empty callId",
            client.call_result_detail(1, "").await.unwrap_err(),
        ),
        (
            "long callId",
            client.call_result_detail(1, &long).await.unwrap_err(),
        ),
        (
            "ccId 0",
            client
                .cdr(0, "x", CallDirection::Inbound)
                .await
                .unwrap_err(),
        ),
        (
            "ccId 65536",
            client
                .cdr(65536, "x", CallDirection::Inbound)
                .await
                .unwrap_err(),
        ),
        (
            "cdr callId",
            client
                .cdr(1, " ", CallDirection::Inbound)
                .await
                .unwrap_err(),
        ),
        (
            "no callId nor dates",
            client.call_records("1", 1).await.unwrap_err(),
        ),
        (
            "empty callId, no dates",
            client.call_records("1", 1).call_id("").await.unwrap_err(),
        ),
        (
            "update vdnId",
            client.update_reserved_result(0, "a").await.unwrap_err(),
        ),
        (
            "end before begin",
            client
                .update_reserved_result(1, "a")
                .begin_time(huawei_cec::times::from_epoch_millis(2000).unwrap())
                .end_time(huawei_cec::times::from_epoch_millis(1000).unwrap())
                .await
                .unwrap_err(),
        ),
    ];
    for (case, err) in &cases {
        assert!(matches!(err, Error::InvalidInput { .. }), "{case}: {err:?}");
        assert!(err.is_invalid_input());
        assert!(
            err.to_string().contains("nothing was sent"),
            "{case}: {err}"
        );
    }
    assert_eq!(
        cases[0].1.to_string(),
        "invalid vdnId: 0 is out of range; the value is an integer ranging from 1 to 9999 (nothing was sent)"
    );
    assert_eq!(
        cases[4].1.to_string(),
        "invalid ccId: 0 is out of range; the value ranges from 1 to 65535 (nothing was sent)"
    );
    assert!(
        cases[7]
            .1
            .to_string()
            .contains("set callId, or beginDate or endDate")
    );
    assert!(server.received().is_empty(), "nothing may be sent");
    // The date rule is satisfied by either date alone.
    let end = huawei_cec::times::from_epoch_millis(1658188800000).unwrap();
    assert!(!matches!(
        client.call_records("1", 1).end_date(end).await,
        Err(Error::InvalidInput { .. })
    ));
}

#[tokio::test]
async fn missing_configuration_is_explained() {
    let client = Client::builder().build().unwrap();
    let err = client.call_result_detail(1, "x").await.unwrap_err();
    assert!(err.to_string().contains("CEC_ISALES_URL"), "{err}");
    // Caught before sending, but not the call's input: not `is_invalid_input()`.
    assert!(matches!(err, Error::Config { .. }), "{err:?}");
    assert!(!err.is_invalid_input());
    let client = Client::builder()
        .isales_url("http://127.0.0.1:9")
        .build()
        .unwrap();
    let err = client.call_result_detail(1, "x").await.unwrap_err();
    assert!(err.to_string().contains("CEC_AK and CEC_SK"), "{err}");
    let client = Client::builder()
        .apiaccess_url("http://127.0.0.1:9")
        .build()
        .unwrap();
    let err = client
        .call_records("1", 1)
        .call_id(RECORDS_CALL_ID)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("CEC_APP_KEY"), "{err}");
    let err = Client::builder().cms_url("ftp://x").build().unwrap_err();
    assert!(err.to_string().contains("must be http(s)://"), "{err}");
    let err = Client::builder()
        .root_certificates_pem("not a pem")
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("CA certificate"), "{err}");
    let err = Client::builder()
        .ak_sk(AkSk::new("a k", "s"))
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("access key"), "{err}");
}

#[tokio::test]
async fn requests_go_through_a_configured_proxy_signed_for_the_target_host() {
    let proxy = TestServer::start([Reply::raw(200, &page("external_result.response.json"))]).await;
    let client = builder("http://cc-isales.invalid:28090")
        .proxy(huawei_cec::reqwest::Proxy::http(&proxy.url).unwrap())
        .build()
        .unwrap();
    client.external_result(40, 1402245659).await.unwrap();
    let request = proxy.single();
    assert_eq!(
        request.uri.to_string(),
        "http://cc-isales.invalid:28090/rest/isales/v1/openapi/campaigns/40/1402245659/queryObsResultDetail"
    );
    assert_eq!(request.header("host"), Some("cc-isales.invalid:28090"));
    assert_eq!(
        verify_auth_v2(&request, AK, SK),
        Ok(()),
        "signed for the target, not the proxy"
    );
}

#[tokio::test]
async fn the_user_agent_is_sent() {
    let server = TestServer::start([Reply::raw(200, &page("external_result.response.json"))]).await;
    client(&server.url).external_result(40, 1).await.unwrap();
    assert_eq!(
        server.single().header("user-agent"),
        Some(concat!("huawei-cec/", env!("CARGO_PKG_VERSION")))
    );
    let server = TestServer::start([Reply::raw(200, &page("external_result.response.json"))]).await;
    builder(&server.url)
        .user_agent("crm-sync/2.1")
        .build()
        .unwrap()
        .external_result(40, 1)
        .await
        .unwrap();
    assert_eq!(server.single().header("user-agent"), Some("crm-sync/2.1"));
}
