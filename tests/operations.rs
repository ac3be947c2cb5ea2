//! Each generated operation against a real HTTP server on loopback: the request is what the
//! page documents (method, path, headers, body), and the page's response example decodes to
//! the expected values, quirks included. The documented failure shapes decode too.

mod common;

use common::page;

use common::{Reply, TestServer};
// The raw generated clients, which `Client` wraps (not part of the API).
use huawei_cec::__private::{CdrResultDesc, Transport, cms, dataprocess, isales};
use huawei_cec::{CallStatus, CallType, CdrCallResult, LenientInt, MediaType, TokenLifetime};
use serde_json::{Value, json};

fn page_json(name: &str) -> Value {
    serde_json::from_slice(&page(name)).unwrap()
}

fn body_json(body: &[u8]) -> Value {
    serde_json::from_slice(body).expect("request body is JSON")
}

#[tokio::test]
async fn call_result_detail_sends_the_documented_get_and_decodes_the_page_example() {
    let server =
        TestServer::start([Reply::raw(200, &page("call_result_detail.response.json"))]).await;
    let client = isales::Client::new(&server.url, Transport::default());
    let reply = client
        .get_call_result_detail()
        .vdn_id(8u32)
        .call_id("1644464743-1388")
        .send()
        .await
        .expect("page example decodes")
        .into_inner();

    let request = server.single();
    assert_eq!(request.method, "GET");
    assert!(request.body.is_empty(), "no request body exists");
    insta::assert_snapshot!(request.render(), @r"
    GET /rest/isales/v1/openapi/campaigns/8/callresultdetail/1644464743-1388
    content-type: application/json; charset=UTF-8
    accept: application/json
    ");

    assert_eq!(reply.result_code.as_deref(), Some("0200000"));
    assert_eq!(reply.return_code.as_deref(), Some("0200000"));
    assert_eq!(reply.result_desc.as_deref(), Some("Query Success!"));
    assert_eq!(reply.return_desc.as_deref(), Some("Query Success!"));
    let data = reply.data.expect("data");
    assert_eq!(data.call_id.as_deref(), Some("1644464743-1388"));
    assert_eq!(data.called.as_deref(), Some("88881955"));
    assert_eq!(data.vdn_id, Some(8));
    // Documented as Integer, sent as "6".
    assert_eq!(data.call_status, Some(CallStatus::Succeeded));
    assert_eq!(data.call_status.map(CallStatus::code), Some(6));
    assert_eq!(data.fail_code.as_deref(), Some("00000"));
    assert_eq!(data.result_code.as_deref(), Some("OB99999"));
    assert_eq!(data.ack_begin_time.as_deref(), Some("2022-02-10 11:45:43"));
    assert_eq!(data.call_begin_time.as_deref(), Some("2022-02-10 11:45:47"));
    assert_eq!(data.call_end_time.as_deref(), Some("2022-02-10 11:45:51"));
    let record_path = data.record_path.expect("recordPath");
    assert!(record_path.starts_with("https://south-aicc-develop.obs.cn-south-"));
    assert!(record_path.ends_with("Signature=uztQO%2FxI8GOSW2GZJWCBCm8AyAg%3D"));
}

#[tokio::test]
async fn call_result_detail_failure_0200007_decodes() {
    let server = TestServer::start([Reply::json(
        200,
        &json!({"returnCode": "0200007", "resultCode": "0200007",
                "resultDesc": "The call record ID does not exist.",
                "returnDesc": "The call record ID does not exist."}),
    )])
    .await;
    let client = isales::Client::new(&server.url, Transport::default());
    let reply = client
        .get_call_result_detail()
        .vdn_id(8u32)
        .call_id("nope")
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(reply.result_code.as_deref(), Some("0200007"));
    assert_eq!(
        huawei_cec::ResultCode::from_code("0200007"),
        huawei_cec::ResultCode::CallIdNotFound
    );
    assert!(reply.data.is_none());
}

#[tokio::test]
async fn external_result_sends_the_documented_get_and_decodes_the_page_example() {
    let server = TestServer::start([Reply::raw(200, &page("external_result.response.json"))]).await;
    let client = isales::Client::new(&server.url, Transport::default());
    let reply = client
        .get_external_result()
        .vdn_id(40u32)
        .def_id(1402245659i64)
        .send()
        .await
        .expect("page example decodes")
        .into_inner();

    let request = server.single();
    insta::assert_snapshot!(request.render(), @r"
    GET /rest/isales/v1/openapi/campaigns/40/1402245659/queryObsResultDetail
    content-type: application/json; charset=UTF-8
    accept: application/json
    ");

    assert_eq!(reply.result_code.as_deref(), Some("0200000"));
    assert_eq!(
        reply.result_desc.as_deref(),
        Some("queryObsResultDetail success")
    );
    let ob = reply.ob_result.expect("obResult");
    assert_eq!(ob.def_id.as_deref(), Some("1402245659"));
    assert_eq!(
        ob.display_result.as_deref(),
        Some("6: The call is not answered.")
    );
    assert_eq!(ob.vdn_id, Some(40));
    assert_eq!(ob.result_code.as_deref(), Some("002"));
    let maps = ob.result_map_list;
    assert_eq!(maps.len(), 2);
    assert_eq!(maps[0].map_id.as_deref(), Some("1059886898"));
    assert_eq!(maps[0].fail_code.as_deref(), Some("34609"));
    assert_eq!(maps[1].map_id.as_deref(), Some("1162133679"));
    assert_eq!(maps[1].fail_code.as_deref(), Some("00008"));
    // Documented as Integer, sent as "40".
    assert_eq!(maps[0].vdn_id, Some(LenientInt(40)));
    assert_eq!(maps[1].vdn_id.map(LenientInt::get), Some(40));
}

#[tokio::test]
async fn external_result_failure_decodes() {
    let server = TestServer::start([Reply::json(
        200,
        &json!({"returnCode": "02000007", "resultCode": "02000007",
                "resultDesc": "Incorrect parameter value.", "returnDesc": "Incorrect parameter value."}),
    )])
    .await;
    let client = isales::Client::new(&server.url, Transport::default());
    let reply = client
        .get_external_result()
        .vdn_id(1u32)
        .def_id(7i64)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(reply.result_code.as_deref(), Some("02000007"));
    assert!(reply.ob_result.is_none());
}

fn page_cdr_query() -> cms::types::CdrQueryRequest {
    cms::types::CdrQueryRequest {
        query_param: cms::types::CdrQueryParam {
            cc_id: 1.try_into().unwrap(),
            is_callin: cms::types::CdrQueryParamIsCallin::True,
            call_id: "1000000000-0001".try_into().unwrap(),
        },
    }
}

#[tokio::test]
async fn cdr_by_call_id_sends_the_wrapped_body_and_decodes_the_page_example() {
    let server = TestServer::start([Reply::raw(200, &page("cdr_by_call_id.response.json"))]).await;
    let client = cms::Client::new(&server.url, Transport::default());
    let reply = client
        .query_cdr_by_call_id()
        .body(page_cdr_query())
        .send()
        .await
        .expect("page example decodes")
        .into_inner();

    let request = server.single();
    assert_eq!(request.method, "POST");
    // The body is the page's example, wrapped in queryParam.
    assert_eq!(
        body_json(&request.body),
        page_json("cdr_by_call_id.request.json")
    );
    insta::assert_snapshot!(request.render(), @r#"
    POST /rest/cmsapp/v1/openapi/calldata/querycalldetailbyid
    content-type: application/json; charset=UTF-8
    content-length: 70
    accept: application/json

    {"queryParam":{"callId":"1000000000-0001","ccId":1,"isCallin":"true"}}
    "#);

    assert_eq!(reply.result.as_deref(), Some("0"));
    assert_eq!(reply.result_code.as_deref(), Some("0100000"));
    let datas = reply.result_datas.expect("resultDatas");
    assert_eq!(datas.vdn, Some(1));
    assert_eq!(datas.call_id.as_deref(), Some("1000000000-0001"));
    assert_eq!(datas.caller_no.as_deref(), Some("10000"));
    assert_eq!(datas.callee_no.as_deref(), Some("10001"));
    assert_eq!(datas.call_type, Some(0));
    // Sent as "agentId " (trailing space).
    assert_eq!(datas.agent_id, Some(100));
    assert_eq!(datas.skill_id, Some(1));
    assert_eq!(datas.anony_call, Some(0));
    assert_eq!(datas.queue_wait_time, Some(10));
    assert_eq!(datas.ivr_call_time, Some(0));
    assert_eq!(datas.ack_time, Some(5));
    assert_eq!(datas.call_time, Some(30));
    assert_eq!(datas.release_cause, Some(0));
    assert_eq!(datas.result, None);
    // resultDesc is the same object on success.
    match reply.result_desc.expect("resultDesc") {
        CdrResultDesc::CdrRecord(desc) => assert_eq!(desc, datas),
        other => panic!("resultDesc should be the CDR object, got {other:?}"),
    }
}

#[tokio::test]
async fn cdr_by_call_id_failure_with_a_description_string_decodes() {
    let server = TestServer::start([Reply::json(
        200,
        &json!({"result": "1", "resultCode": "0100001", "resultDesc": "No CDR matches the call ID."}),
    )])
    .await;
    let client = cms::Client::new(&server.url, Transport::default());
    let reply = client
        .query_cdr_by_call_id()
        .body(page_cdr_query())
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(reply.result.as_deref(), Some("1"));
    assert_eq!(reply.result_code.as_deref(), Some("0100001"));
    assert_eq!(
        reply.result_desc,
        Some(CdrResultDesc::String("No CDR matches the call ID.".into()))
    );
    assert!(reply.result_datas.is_none());
}

#[tokio::test]
async fn cdr_record_reads_the_documented_key_and_the_optional_outbound_fields() {
    let record: huawei_cec::CdrRecord = serde_json::from_value(json!({
        "agentId": 7, "beginTime": "2022-02-10 11:45:47", "endTime": "2022-02-10 11:45:51",
        "result": "0900", "resultCode": "OB001", "busiResult": "1", "busiSubStatus": "2"
    }))
    .unwrap();
    assert_eq!(record.agent_id, Some(7));
    assert_eq!(record.result, Some(CdrCallResult::ConnectedToAgent));
    assert_eq!(record.begin_time.as_deref(), Some("2022-02-10 11:45:47"));
    let other: huawei_cec::CdrRecord = serde_json::from_value(json!({"result": "0777"})).unwrap();
    assert_eq!(other.result, Some(CdrCallResult::Other("0777".into())));
}

fn page_call_records_request() -> huawei_cec::__private::CallRecordsRequest {
    huawei_cec::__private::CallRecordsRequest::builder()
        .sub_cc_no("0")
        .vdn("0")
        .call_id(Some("0".to_owned()))
        .caller_no(Some("0".to_owned()))
        .callee_no(Some(String::new()))
        .begin_date(Some("1658102400000".parse().unwrap()))
        .end_date(Some("1658188800000".parse().unwrap()))
        .call_type(Some(CallType::Inbound))
        .media_type(Some(MediaType::from("10")))
        .evaluation_value(Some("10".to_owned()))
        .try_into()
        .unwrap()
}

#[tokio::test]
async fn call_records_sends_the_page_request_and_decodes_the_page_example() {
    let server = TestServer::start([Reply::raw(200, &page("call_records.response.json"))]).await;
    let client = dataprocess::Client::new(&server.url, Transport::default());
    let reply = client
        .query_call_records()
        .x_app_key("b7bd****cb8c")
        .x_tenant_space_id("202101134979")
        .body(page_call_records_request())
        .send()
        .await
        .expect("page example decodes")
        .into_inner();

    let request = server.single();
    assert_eq!(request.method, "POST");
    assert_eq!(
        body_json(&request.body),
        page_json("call_records.request.json")
    );
    insta::assert_snapshot!(request.render(), @r#"
    POST /apiaccess/rest/dataprocess/v1/openapp/queryCallManualDetailInfo
    content-type: application/json
    content-length: 176
    accept: application/json
    x-app-key: b7bd****cb8c
    x-tenantspaceid: 202101134979

    {"beginDate":"1658102400000","callId":"0","callType":"0","calleeNo":"","callerNo":"0","endDate":"1658188800000","evaluationValue":"10","mediaType":"10","subCcNo":"0","vdn":"0"}
    "#);

    // Documented as String, sent as numbers.
    assert_eq!(reply.total, Some(LenientInt(2)));
    assert_eq!(reply.results.len(), 2);
    let first = &reply.results[0];
    assert_eq!(first.call_id.as_deref(), Some("1669464198-17002955"));
    assert_eq!(first.vdn, Some(LenientInt(1)));
    assert_eq!(first.evaluation_value.as_deref(), Some("1"));
    assert_eq!(first.call_begin.as_deref(), Some("100010"));
    assert_eq!(first.mediatype, None);
    let second = &reply.results[1];
    assert_eq!(second.call_id.as_deref(), Some("1669463446-17002406"));
    assert_eq!(second.evaluation_value.as_deref(), Some("5"));
}

#[tokio::test]
async fn call_records_reads_mediatype_and_numbers_as_strings() {
    let server = TestServer::start([Reply::json(
        200,
        &json!({"total": "1", "results": [{"callId": "1-2", "vdn": "12", "mediatype": "5", "callType": "2",
                 "logDate": "2022-07-18", "waitBegin": "1658102400000", "leaveReason": "0"}]}),
    )])
    .await;
    let client = dataprocess::Client::new(&server.url, Transport::default());
    let reply = client
        .query_call_records()
        .body(
            huawei_cec::__private::CallRecordsRequest::builder()
                .sub_cc_no("1")
                .vdn("12")
                .call_id(Some("1-2".to_owned())),
        )
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(reply.total.map(i64::from), Some(1));
    let record = &reply.results[0];
    assert_eq!(record.vdn, Some(LenientInt(12)));
    assert_eq!(record.mediatype, Some(MediaType::Voice));
    assert_eq!(record.call_type, Some(CallType::PredictedOutbound));
    assert_eq!(record.log_date.as_deref(), Some("2022-07-18"));
    assert_eq!(record.leave_reason.as_deref(), Some("0"));
    // Only the documented and given fields are sent.
    assert_eq!(
        body_json(&server.single().body),
        json!({"subCcNo": "1", "vdn": "12", "callId": "1-2"})
    );
}

#[tokio::test]
async fn call_records_400_decodes_as_a_documented_error_response() {
    let server = TestServer::start([Reply::json(
        400,
        &json!({"error_code": "CEC.0400", "error_msg": "bad vdn"}),
    )])
    .await;
    let client = dataprocess::Client::new(&server.url, Transport::default());
    let err = client
        .query_call_records()
        .body(
            huawei_cec::__private::CallRecordsRequest::builder()
                .sub_cc_no("1")
                .vdn("1"),
        )
        .send()
        .await
        .expect_err("400 is an error");
    match err {
        dataprocess::Error::ErrorResponse(response) => {
            assert_eq!(response.status().as_u16(), 400);
            assert_eq!(response.get("error_msg"), Some(&json!("bad vdn")));
        }
        other => panic!("expected the documented 400, got {other:?}"),
    }
}

#[tokio::test]
async fn update_reserved_result_sends_the_page_request_and_decodes_the_page_example() {
    let server = TestServer::start([Reply::raw(
        200,
        &page("update_reserved_result.response.json"),
    )])
    .await;
    let client = isales::Client::new(&server.url, Transport::default());
    let body = huawei_cec::__private::UpdateResultRequest::builder()
        .appoint_id("174738152455111432454674595509")
        .fail_code(Some("00000".to_owned()))
        .call_id(Some("1747316188-341779".to_owned()))
        .busi_result(Some("17549503".to_owned()))
        .busi_sub_status(Some("17124429".to_owned()))
        .begin_time(Some(1747220297000))
        .end_time(Some(1747220365000));
    let reply = client
        .update_reserved_call_result()
        .vdn_id(8u32)
        .body(body)
        .send()
        .await
        .expect("page example decodes")
        .into_inner();

    let request = server.single();
    assert_eq!(request.method, "POST");
    assert_eq!(
        body_json(&request.body),
        page_json("update_reserved_result.request.json")
    );
    insta::assert_snapshot!(request.render(), @r#"
    POST /rest/isales/v1/openapi/campaigns/8/appoint/updateResult
    content-type: application/json; charset=UTF-8
    content-length: 195
    accept: application/json

    {"appointId":"174738152455111432454674595509","beginTime":1747220297000,"busiResult":"17549503","busiSubStatus":"17124429","callId":"1747316188-341779","endTime":1747220365000,"failCode":"00000"}
    "#);

    assert_eq!(reply.result_code.as_deref(), Some("0200000"));
    assert_eq!(reply.return_code.as_deref(), Some("0200000"));
    assert_eq!(reply.result_desc.as_deref(), Some("update success"));
    assert_eq!(reply.return_desc.as_deref(), Some("update success"));
}

#[tokio::test]
async fn update_reserved_result_failure_04000004_decodes() {
    let server = TestServer::start([Reply::json(
        200,
        &json!({"returnCode": "04000004", "resultCode": "04000004",
                "resultDesc": "The reserved outbound campaign does not exist.",
                "returnDesc": "The reserved outbound campaign does not exist."}),
    )])
    .await;
    let client = isales::Client::new(&server.url, Transport::default());
    let reply = client
        .update_reserved_call_result()
        .vdn_id(8u32)
        .body(huawei_cec::__private::UpdateResultRequest::builder().appoint_id("gone"))
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        huawei_cec::ResultCode::from_code(reply.result_code.as_deref().unwrap()),
        huawei_cec::ResultCode::ReservedCampaignNotFound
    );
}

#[tokio::test]
async fn create_token_sends_app_key_and_secret_and_reads_the_documented_reply() {
    let server = TestServer::start([Reply::json(
        200,
        &json!({
            "AccessToken": "tok-123",
            "ApplyType": "Bearer",
            "CreateTime": "1545650171",
            "Expires": "600",
            "Scope": "scope-1",
            "AppKey": "demo-app-key",
            "UserID": "user-1"
        }),
    )])
    .await;
    let client = dataprocess::Client::new(&server.url, Transport::default());
    let reply = client
        .create_token()
        .body(
            huawei_cec::__private::TokenRequest::builder()
                .app_key("demo-app-key")
                .app_secret("demo-app-secret"),
        )
        .send()
        .await
        .unwrap()
        .into_inner();
    let request = server.single();
    assert_eq!(request.uri.path(), "/apigovernance/api/oauth/tokenByAkSk");
    assert_eq!(
        body_json(&request.body),
        json!({"app_key": "demo-app-key", "app_secret": "demo-app-secret"})
    );
    // No lifetime is asked for unless the caller sets one.
    assert!(request.headers.get("x-token-expire").is_none());
    assert_eq!(reply.access_token.expose(), "tok-123");
    assert_eq!(reply.expires, Some(TokenLifetime::from_seconds(600)));
    assert_eq!(reply.expires_in, None);
    assert_eq!(
        (
            reply.apply_type.as_deref(),
            reply.create_time.as_deref(),
            reply.scope.as_deref(),
            reply.app_key.as_deref(),
            reply.user_id.as_deref()
        ),
        (
            Some("Bearer"),
            Some("1545650171"),
            Some("scope-1"),
            Some("demo-app-key"),
            Some("user-1")
        )
    );
    // The token never shows in Debug.
    assert!(!format!("{reply:?}").contains("tok-123"));
}

#[tokio::test]
async fn create_token_reads_a_numeric_expires_and_the_deprecated_alias() {
    for (reply, expires, expires_in) in [
        (json!({"AccessToken": "t", "Expires": 900}), Some(900), None),
        (
            json!({"AccessToken": "t", "Expires_In": "3600"}),
            None,
            Some(3600),
        ),
    ] {
        let server = TestServer::start([Reply::json(200, &reply)]).await;
        let client = dataprocess::Client::new(&server.url, Transport::default());
        let reply = client
            .create_token()
            .body(
                huawei_cec::__private::TokenRequest::builder()
                    .app_key("k")
                    .app_secret("s"),
            )
            .send()
            .await
            .unwrap()
            .into_inner();
        assert_eq!(reply.expires, expires.map(TokenLifetime::from_seconds));
        assert_eq!(
            reply.expires_in,
            expires_in.map(TokenLifetime::from_seconds)
        );
    }
}

#[tokio::test]
async fn create_token_401_decodes_as_a_documented_error_response() {
    let server = TestServer::start([Reply::json(401, &json!({"error": "invalid app"}))]).await;
    let client = dataprocess::Client::new(&server.url, Transport::default());
    let err = client
        .create_token()
        .body(
            huawei_cec::__private::TokenRequest::builder()
                .app_key("k")
                .app_secret("wrong"),
        )
        .send()
        .await
        .expect_err("401");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
}

#[tokio::test]
async fn signed_operations_document_401() {
    let server =
        TestServer::start([Reply::json(401, &json!({"message": "signature mismatch"}))]).await;
    let client = isales::Client::new(&server.url, Transport::default());
    let err = client
        .get_external_result()
        .vdn_id(1u32)
        .def_id(1i64)
        .send()
        .await
        .expect_err("401");
    assert!(
        matches!(err, isales::Error::ErrorResponse(ref r) if r.status().as_u16() == 401),
        "{err:?}"
    );
}
