//! Authentication, validation and the documented result codes.

use super::*;

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
        .unwrap()
        .sign_request(&mut request, chrono::Utc::now())
        .unwrap();
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
        .clock_skew_correction(false)
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
        .client_builder()
        .clock_skew_correction(false)
        .build()
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
