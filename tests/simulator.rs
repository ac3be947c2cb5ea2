//! The simulator: the client's operations against it, its authentication, validation and
//! result codes, its quirks on the wire, its data, and its faults.

#![cfg(feature = "simulator")]

use std::time::Duration;

use huawei_cec::auth::Signer;
use huawei_cec::simulator::{CMS_NOT_FOUND, Faults, RunningSimulator, Simulator};
use huawei_cec::{
    AkSk, CallDirection, CallRecordsRequest, CallStatus, CdrResultDesc, Error, LenientInt,
    ResultCode, RetryPolicy, SigningProfile, UpdateResultRequest,
};
use serde_json::{Value, json};

async fn sim() -> RunningSimulator {
    Simulator::builder()
        .seed(42)
        .calls(1000)
        .start()
        .await
        .unwrap()
}

/// Sends a raw request signed with the demo keys (or unsigned), bypassing the client's
/// validation, and returns the status and JSON body.
async fn raw(
    sim: &RunningSimulator,
    method: &str,
    path: &str,
    body: Option<Value>,
    sign: bool,
) -> (u16, Value) {
    let url = reqwest::Url::parse(&format!("{}{path}", sim.url())).unwrap();
    let mut request = reqwest::Request::new(method.parse().unwrap(), url);
    request.headers_mut().insert(
        "content-type",
        "application/json; charset=UTF-8".parse().unwrap(),
    );
    if let Some(body) = body {
        *request.body_mut() = Some(serde_json::to_vec(&body).unwrap().into());
    }
    if sign {
        let c = sim.credentials();
        Signer::new(
            AkSk::new(&c.access_key, &c.secret_key),
            SigningProfile::DOCUMENTED,
        )
        .sign_request(&mut request, chrono::Utc::now());
    }
    let response = reqwest::Client::new().execute(request).await.unwrap();
    let status = response.status().as_u16();
    let body = response.bytes().await.unwrap();
    (
        status,
        serde_json::from_slice(&body)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&body).into())),
    )
}

#[tokio::test]
async fn the_five_operations_succeed_through_the_client() {
    let sim = sim().await;
    let client = sim.client().unwrap();
    let detail = client
        .call_result_detail(8, "1644464743-1388")
        .await
        .unwrap();
    let data = detail.data.unwrap();
    assert_eq!(data.call_status, Some(CallStatus::Succeeded));
    assert_eq!(data.call_end_time.as_deref(), Some("2022-02-10 11:45:51"));
    let external = client.external_result(40, 1402245659).await.unwrap();
    assert_eq!(
        external.ob_result.unwrap().result_map_list[1].vdn_id,
        Some(LenientInt(40))
    );
    let cdr = client
        .cdr(1, "1000000000-0001", CallDirection::Inbound)
        .await
        .unwrap();
    assert_eq!(cdr.result_datas.unwrap().agent_id, Some(100));
    let records = client
        .call_records(
            &CallRecordsRequest::builder()
                .sub_cc_no("1")
                .vdn("1")
                .call_id(Some("1669464198-17002955".into()))
                .try_into()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(records.total, Some(LenientInt(1)));
    assert_eq!(records.results[0].evaluation_value.as_deref(), Some("1"));
    let update = client
        .update_reserved_result(
            8,
            &UpdateResultRequest::builder()
                .appoint_id("174738152455111432454674595509")
                .try_into()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(update.result_code.as_deref(), Some("0200000"));
    let operations: Vec<_> = sim.requests().iter().map(|r| r.operation).collect();
    assert_eq!(
        operations,
        [
            Some("getCallResultDetail"),
            Some("getExternalResult"),
            Some("queryCdrByCallId"),
            Some("createToken"),
            Some("queryCallRecords"),
            Some("updateReservedCallResult")
        ]
    );
}

#[tokio::test]
async fn the_wire_carries_the_pages_quirks() {
    let sim = sim().await;
    let (status, detail) = raw(
        &sim,
        "GET",
        "/rest/isales/v1/openapi/campaigns/8/callresultdetail/1644464743-1388",
        None,
        true,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(detail["data"]["callStatus"], "6");
    let (_, external) = raw(
        &sim,
        "GET",
        "/rest/isales/v1/openapi/campaigns/40/1402245659/queryObsResultDetail",
        None,
        true,
    )
    .await;
    assert_eq!(external["obResult"]["vdnId"], 40);
    assert_eq!(external["obResult"]["resultMapList"][0]["vdnId"], "40");
    let query = json!({"queryParam": {"ccId": 1, "isCallin": "true", "callId": "1000000000-0001"}});
    let (_, cdr) = raw(
        &sim,
        "POST",
        "/rest/cmsapp/v1/openapi/calldata/querycalldetailbyid",
        Some(query),
        true,
    )
    .await;
    assert_eq!(cdr["resultDatas"]["agentId "], 100);
    assert!(cdr["resultDatas"].get("agentId").is_none());
    assert_eq!(cdr["resultDesc"], cdr["resultDatas"]);
    let client = sim.client().unwrap();
    let records = client
        .call_records(
            &CallRecordsRequest::builder()
                .sub_cc_no("1")
                .vdn("1")
                .call_id(Some("1669463446-17002406".into()))
                .try_into()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(records.results[0].vdn, Some(LenientInt(1)));
}

#[tokio::test]
async fn signatures_are_verified_and_tampering_is_rejected() {
    let sim = sim().await;
    let path = "/rest/isales/v1/openapi/campaigns/8/callresultdetail/1644464743-1388";
    let (status, body) = raw(&sim, "GET", path, None, false).await;
    assert_eq!(status, 401);
    assert!(
        body["error_description"]
            .as_str()
            .unwrap()
            .contains("no Authorization header"),
        "{body}"
    );

    // A valid signature of another request.
    let url = reqwest::Url::parse(&format!("{}{path}", sim.url())).unwrap();
    let mut request = reqwest::Request::new(reqwest::Method::GET, url);
    request.headers_mut().insert(
        "content-type",
        "application/json; charset=UTF-8".parse().unwrap(),
    );
    Signer::new(AkSk::new("demo-ak", "demo-sk"), SigningProfile::DOCUMENTED)
        .sign_request(&mut request, chrono::Utc::now());
    let tampered =
        reqwest::Url::parse(&format!("{}{}", sim.url(), path.replace("/8/", "/9/"))).unwrap();
    *request.url_mut() = tampered;
    let response = reqwest::Client::new().execute(request).await.unwrap();
    assert_eq!(response.status().as_u16(), 401);

    let wrong = sim
        .client_builder()
        .ak_sk(AkSk::new("demo-ak", "not-demo-sk"))
        .build()
        .unwrap();
    let err = wrong.external_result(40, 1402245659).await.unwrap_err();
    assert!(matches!(err, Error::Unauthorized { .. }), "{err:?}");
    let unknown = sim
        .client_builder()
        .ak_sk(AkSk::new("who", "demo-sk"))
        .build()
        .unwrap();
    let err = unknown.external_result(40, 1402245659).await.unwrap_err();
    assert!(err.to_string().contains("unknown access key"), "{err}");
}

#[tokio::test]
async fn a_skewed_clock_is_rejected() {
    let sim = Simulator::builder()
        .max_clock_skew(Duration::from_secs(60))
        .start()
        .await
        .unwrap();
    let behind = sim
        .client_builder()
        .clock(huawei_cec::Clock::offset(chrono::Duration::minutes(-5)))
        .build()
        .unwrap();
    let err = behind
        .call_result_detail(8, "1644464743-1388")
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("away from the server's clock"),
        "{err}"
    );
    sim.set_faults(Faults::default().with_clock_offset(chrono::Duration::minutes(10)));
    let err = sim
        .client()
        .unwrap()
        .call_result_detail(8, "1644464743-1388")
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Unauthorized { .. }),
        "a right clock looks skewed to a skewed server: {err:?}"
    );
}

#[tokio::test]
async fn the_documented_codes_for_bad_input() {
    let sim = sim().await;
    let code = |body: &Value| body["resultCode"].as_str().unwrap_or_default().to_owned();
    let isales = "/rest/isales/v1/openapi/campaigns";
    let cases: &[(&str, &str)] = &[
        ("/0/callresultdetail/1644464743-1388", "0200001"),
        ("/10000/callresultdetail/1644464743-1388", "0200001"),
        ("/eight/callresultdetail/1644464743-1388", "02000006"),
        ("/8/callresultdetail/no-such-call", "0200007"),
        ("/1/callresultdetail/1644464743-1388", "0200007"),
        ("/8/callresultdetail/bad%20id", "02000002"),
        ("/40/999/queryObsResultDetail", "0200001"),
        ("/40/x1/queryObsResultDetail", "02000006"),
    ];
    for (path, expected) in cases {
        let (status, body) = raw(&sim, "GET", &format!("{isales}{path}"), None, true).await;
        assert_eq!(
            (status, code(&body)),
            (200, expected.to_string()),
            "{path}: {body}"
        );
    }
    let long = "1".repeat(65);
    let (_, body) = raw(
        &sim,
        "GET",
        &format!("{isales}/8/callresultdetail/{long}"),
        None,
        true,
    )
    .await;
    assert_eq!(code(&body), "02000003");

    let update = format!("{isales}/8/appoint/updateResult");
    let (_, body) = raw(
        &sim,
        "POST",
        &update,
        Some(json!({"failCode": "00000"})),
        true,
    )
    .await;
    assert_eq!(code(&body), "02000001", "missing appointId");
    let (_, body) = raw(&sim, "POST", &update, Some(json!({"appointId": ""})), true).await;
    assert_eq!(code(&body), "02000001", "empty appointId");
    let (_, body) = raw(
        &sim,
        "POST",
        &update,
        Some(json!({"appointId": "999"})),
        true,
    )
    .await;
    assert_eq!(code(&body), "04000004", "unknown task");
    let (_, body) = raw(
        &sim,
        "POST",
        &format!("{isales}/1/appoint/updateResult"),
        Some(json!({"appointId": "174738152455111432454674595509"})),
        true,
    )
    .await;
    assert_eq!(code(&body), "04000004", "a task of another VDN");
    let (_, body) = raw(
        &sim,
        "POST",
        &update,
        Some(json!({"appointId": "174738152455111432454674595509", "beginTime": "soon"})),
        true,
    )
    .await;
    assert_eq!(code(&body), "0200001");

    let cdr = "/rest/cmsapp/v1/openapi/calldata/querycalldetailbyid";
    let flat = json!({"ccId": 1, "isCallin": "true", "callId": "1000000000-0001"});
    let (_, body) = raw(&sim, "POST", cdr, Some(flat), true).await;
    assert!(
        body["resultDesc"].as_str().unwrap().contains("queryParam"),
        "the table's flat form is refused: {body}"
    );
    let (_, body) = raw(
        &sim,
        "POST",
        cdr,
        Some(json!({"queryParam": {"ccId": 0, "isCallin": "true", "callId": "x"}})),
        true,
    )
    .await;
    assert!(
        body["resultDesc"].as_str().unwrap().contains("1 to 65535"),
        "{body}"
    );
    let (_, body) = raw(
        &sim,
        "POST",
        cdr,
        Some(json!({"queryParam": {"ccId": 1, "isCallin": "false", "callId": "1000000000-0001"}})),
        true,
    )
    .await;
    assert_eq!(
        code(&body),
        CMS_NOT_FOUND,
        "an inbound call asked for as outbound"
    );

    let client = sim.client().unwrap();
    let err = client
        .call_result_detail(8, "no-such-call")
        .await
        .unwrap_err();
    assert_eq!(err.result_code(), Some(&ResultCode::CallIdNotFound));
}

#[tokio::test]
async fn the_data_process_interface_answers_400_and_401_as_documented() {
    let sim = sim().await;
    let client = reqwest::Client::new();
    let token: Value = client
        .post(format!("{}/apigovernance/api/oauth/tokenByAkSk", sim.url()))
        .json(&json!({"app_key": "demo-app-key", "app_secret": "demo-app-secret"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = token["AccessToken"].as_str().unwrap().to_owned();
    let url = format!(
        "{}/apiaccess/rest/dataprocess/v1/openapp/queryCallManualDetailInfo",
        sim.url()
    );
    let post = |body: Value, auth: Option<String>| {
        let mut request = client.post(&url).json(&body);
        if let Some(auth) = auth {
            request = request.header("authorization", auth);
        }
        async move { request.send().await.unwrap().status().as_u16() }
    };
    let bearer = Some(format!("Bearer {token}"));
    assert_eq!(
        post(json!({"vdn": "1", "callId": "x"}), bearer.clone()).await,
        400,
        "no subCcNo"
    );
    assert_eq!(
        post(json!({"subCcNo": "1", "callId": "x"}), bearer.clone()).await,
        400,
        "no vdn"
    );
    assert_eq!(
        post(json!({"subCcNo": "1", "vdn": "1"}), bearer.clone()).await,
        400,
        "no callId nor dates"
    );
    assert_eq!(
        post(
            json!({"subCcNo": "1", "vdn": "1", "callId": ""}),
            bearer.clone()
        )
        .await,
        400,
        "empty callId"
    );
    assert_eq!(
        post(
            json!({"subCcNo": "1", "vdn": "1", "endDate": "1793404800000"}),
            bearer.clone()
        )
        .await,
        200
    );
    assert_eq!(
        post(json!({"subCcNo": "1", "vdn": "1", "callId": "x"}), None).await,
        401
    );
    assert_eq!(
        post(
            json!({"subCcNo": "1", "vdn": "1", "callId": "x"}),
            Some("Bearer forged".into())
        )
        .await,
        401
    );
    let wrong = client
        .post(format!("{}/apigovernance/api/oauth/tokenByAkSk", sim.url()))
        .json(&json!({"app_key": "demo-app-key", "app_secret": "nope"}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status().as_u16(), 401);
}

#[tokio::test]
async fn tokens_expire_and_the_client_renews_them() {
    let sim = sim().await;
    let client = sim.client().unwrap();
    let query: CallRecordsRequest = CallRecordsRequest::builder()
        .sub_cc_no("1")
        .vdn("1")
        .call_id(Some("1669464198-17002955".into()))
        .try_into()
        .unwrap();
    client.call_records(&query).await.unwrap();
    assert_eq!(sim.token_requests(), 1);
    sim.expire_tokens();
    client.call_records(&query).await.unwrap();
    assert_eq!(sim.token_requests(), 2, "renewed after the 401");
    let statuses: Vec<u16> = sim.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [200, 200, 401, 200, 200]);
}

#[tokio::test]
async fn queries_read_the_seeded_data_and_update_changes_it() {
    let sim = sim().await;
    let client = sim.client().unwrap();
    let (call_id, cc_id, vdn) = sim.with_data(|d| {
        let c = d
            .calls
            .iter()
            .find(|c| c.call_type == 2 && c.vdn == 8)
            .unwrap();
        (c.call_id.clone(), c.cc_id, c.vdn)
    });
    let appoint_id = sim.with_data(|d| {
        d.appointments
            .values()
            .find(|a| a.vdn == vdn)
            .unwrap()
            .appoint_id
            .clone()
    });
    let detail = client
        .call_result_detail(vdn, &call_id)
        .await
        .unwrap()
        .data
        .unwrap();
    let cdr = client
        .cdr(cc_id, &call_id, CallDirection::Outbound)
        .await
        .unwrap();
    let record = cdr.result_datas.unwrap();
    // The CDR agrees with the call result.
    assert_eq!(record.call_id.as_deref(), Some(call_id.as_str()));
    assert_eq!(record.result_code, detail.result_code);
    assert_eq!(
        detail.call_status == Some(CallStatus::Succeeded),
        record.call_time.unwrap() > 0
    );
    assert!(record.busi_result.is_none());
    let update: UpdateResultRequest = UpdateResultRequest::builder()
        .appoint_id(appoint_id.clone())
        .call_id(Some(call_id.clone()))
        .busi_result(Some("B-1".into()))
        .busi_sub_status(Some("S-2".into()))
        .try_into()
        .unwrap();
    client.update_reserved_result(vdn, &update).await.unwrap();
    let cdr = client
        .cdr(cc_id, &call_id, CallDirection::Outbound)
        .await
        .unwrap();
    match cdr.result_desc.unwrap() {
        CdrResultDesc::CdrRecord(r) => assert_eq!(
            (r.busi_result.as_deref(), r.busi_sub_status.as_deref()),
            (Some("B-1"), Some("S-2"))
        ),
        other => panic!("{other:?}"),
    }
    let stored = sim.with_data(|d| d.appointments[&appoint_id].result.clone().unwrap());
    assert_eq!(stored["busiResult"], "B-1");
}

#[tokio::test]
async fn call_records_filter_by_period_and_fields() {
    let sim = sim().await;
    let client = sim.client().unwrap();
    let all: CallRecordsRequest = CallRecordsRequest::builder()
        .sub_cc_no("1")
        .vdn("8")
        .begin_date(Some("1790812800000".parse().unwrap()))
        .end_date(Some("1793404800000".parse().unwrap()))
        .try_into()
        .unwrap();
    let reply = client.call_records(&all).await.unwrap();
    let expected = sim.with_data(|d| {
        d.calls
            .iter()
            .filter(|c| c.vdn == 8 && c.wait_begin >= 1790812800000)
            .count()
    });
    assert!(expected > 100, "{expected}");
    assert_eq!(reply.results.len(), expected);
    assert_eq!(reply.total, Some(LenientInt(expected as i64)));
    let mut rated = all.clone();
    rated.evaluation_value = Some("5".into());
    rated.media_type = Some(huawei_cec::MediaType::Voice);
    let reply = client.call_records(&rated).await.unwrap();
    assert!(!reply.results.is_empty());
    assert!(
        reply
            .results
            .iter()
            .all(|r| r.evaluation_value.as_deref() == Some("5")
                && r.mediatype == Some(huawei_cec::MediaType::Voice))
    );
}

#[tokio::test]
async fn the_same_seed_serves_the_same_data() {
    let (a, b) = (sim().await, sim().await);
    let query: CallRecordsRequest = CallRecordsRequest::builder()
        .sub_cc_no("2")
        .vdn("202")
        .end_date(Some("1793404800000".parse().unwrap()))
        .try_into()
        .unwrap();
    let ra = a.client().unwrap().call_records(&query).await.unwrap();
    let rb = b.client().unwrap().call_records(&query).await.unwrap();
    assert!(!ra.results.is_empty());
    assert_eq!(ra, rb);
}

#[tokio::test]
async fn injected_faults_reach_the_client_as_typed_errors() {
    let sim = sim().await;
    let client = sim
        .client_builder()
        .retry_policy(RetryPolicy::none())
        .timeout(Duration::from_secs(2))
        .build()
        .unwrap();

    sim.set_faults(Faults::default().with_error_rate(1.0));
    let err = client.external_result(40, 1402245659).await.unwrap_err();
    assert!(
        matches!(err, Error::HttpStatus { status: 503, .. }),
        "{err:?}"
    );

    sim.set_faults(Faults::default().with_drop_rate(1.0));
    let err = client.external_result(40, 1402245659).await.unwrap_err();
    assert!(
        matches!(err, Error::Connect { .. } | Error::Transport { .. }),
        "{err:?}"
    );
    assert!(err.is_retryable(), "{err:?}");

    sim.set_faults(Faults::default().with_garble_rate(1.0));
    let err = client.external_result(40, 1402245659).await.unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");

    sim.set_faults(Faults::default().with_latency(Duration::from_millis(300)));
    let started = std::time::Instant::now();
    client.external_result(40, 1402245659).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(300));

    sim.set_faults(Faults::default());
    let faults: Vec<_> = sim.requests().iter().map(|r| r.fault).collect();
    assert_eq!(faults, [Some("error"), Some("drop"), Some("garble"), None]);

    // With retries, a 50% error rate is absorbed (the faults are drawn from the seeded
    // generator, so this sequence meets the same faults every run).
    sim.clear_requests();
    sim.set_faults(Faults::default().with_error_rate(0.5));
    let retrying = sim
        .client_builder()
        .retry_policy(
            RetryPolicy::default()
                .with_max_retries(8)
                .with_initial_backoff(Duration::from_millis(1)),
        )
        .build()
        .unwrap();
    for _ in 0..10 {
        retrying.external_result(40, 1402245659).await.unwrap();
    }
    let errors = sim
        .requests()
        .iter()
        .filter(|r| r.fault == Some("error"))
        .count();
    let log: Vec<_> = sim.requests().iter().map(|r| (r.status, r.fault)).collect();
    assert_eq!(
        sim.requests().len(),
        10 + errors,
        "every injected error was retried: {log:?}"
    );
    assert!(errors > 0, "the faults were on");
}

#[tokio::test]
async fn the_same_seed_meets_the_same_faults() {
    let mut runs = Vec::new();
    for _ in 0..2 {
        let sim = Simulator::builder()
            .seed(9)
            .calls(100)
            .faults(Faults::default().with_error_rate(0.3))
            .start()
            .await
            .unwrap();
        let client = sim
            .client_builder()
            .retry_policy(RetryPolicy::none())
            .build()
            .unwrap();
        let mut outcomes = Vec::new();
        for _ in 0..40 {
            outcomes.push(client.external_result(40, 1402245659).await.is_ok());
        }
        runs.push(outcomes);
    }
    assert_eq!(runs[0], runs[1]);
    assert!(runs[0].iter().any(|ok| !ok) && runs[0].iter().any(|ok| *ok));
}
