//! The query commands: replies, options and environment, exit codes, explained signatures.

use super::*;

#[tokio::test]
async fn call_result_detail_prints_the_reply_as_json() {
    let server =
        signed_server(|_| Reply::raw(200, &page("call_result_detail.response.json"))).await;
    let env = signed_env(&server.url);
    let run = cec(
        &[
            "call-result-detail",
            "--vdn-id",
            "8",
            "--call-id",
            "1644464743-1388",
        ],
        &as_refs(&env),
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let reply = run.json();
    assert_eq!(reply["data"]["callId"], "1644464743-1388");
    assert_eq!(
        reply["data"]["callStatus"], 6,
        "a number, though the server sent \"6\""
    );
    assert_eq!(
        server.single().uri.path(),
        "/rest/isales/v1/openapi/campaigns/8/callresultdetail/1644464743-1388"
    );
}

#[tokio::test]
async fn options_work_as_well_as_the_environment() {
    let server = signed_server(|_| Reply::raw(200, &page("external_result.response.json"))).await;
    let run = cec(
        &[
            "external-result",
            "--vdn-id",
            "40",
            "--def-id",
            "1402245659",
            "--isales-url",
            &server.url,
            "--ak",
            AK,
            "--sk",
            SK,
        ],
        &[],
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["obResult"]["resultMapList"][0]["vdnId"], 40);
}

#[tokio::test]
async fn cdr_needs_a_direction_and_sends_it() {
    let server = signed_server(|_| Reply::raw(200, &page("cdr_by_call_id.response.json"))).await;
    let env = signed_env(&server.url);
    let run = cec(
        &["cdr", "--cc-id", "1", "--call-id", "1000000000-0001"],
        &as_refs(&env),
    )
    .await;
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--inbound|--outbound"),
        "{}",
        run.stderr
    );
    let run = cec(
        &[
            "cdr",
            "--cc-id",
            "1",
            "--call-id",
            "1000000000-0001",
            "--outbound",
        ],
        &as_refs(&env),
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["resultDatas"]["agentId"], 100);
    let body: Value = serde_json::from_slice(&server.single().body).unwrap();
    assert_eq!(
        body,
        json!({"queryParam": {"ccId": 1, "isCallin": "false", "callId": "1000000000-0001"}})
    );
}

#[tokio::test]
async fn call_records_obtains_a_token_and_prints_the_records() {
    let server = TestServer::with_handler(|r: &Recorded| {
        if r.uri.path().ends_with("tokenByAkSk") {
            Reply::json(200, &json!({"AccessToken": "cli-token", "Expires": "600"}))
        } else if r.header("authorization") == Some("Bearer cli-token") {
            Reply::raw(200, &page("call_records.response.json"))
        } else {
            Reply::json(401, &json!({}))
        }
    })
    .await;
    let env = [
        ("CEC_APIACCESS_URL", server.url.as_str()),
        ("CEC_APP_KEY", "k"),
        ("CEC_APP_SECRET", "s"),
    ];
    let run = cec(
        &[
            "call-records",
            "--sub-cc-no",
            "1",
            "--vdn",
            "1",
            "--begin-date",
            "1658102400000",
            "--media-type",
            "5",
        ],
        &env,
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["total"], 2);
    let call: Value = serde_json::from_slice(&server.received()[1].body).unwrap();
    assert_eq!(
        call,
        json!({"subCcNo": "1", "vdn": "1", "beginDate": "1658102400000", "mediaType": "5"})
    );
}

#[tokio::test]
async fn update_reserved_result_sends_every_option() {
    let server =
        signed_server(|_| Reply::raw(200, &page("update_reserved_result.response.json"))).await;
    let env = signed_env(&server.url);
    let args = [
        "update-reserved-result",
        "--vdn-id",
        "8",
        "--appoint-id",
        "174738152455111432454674595509",
        "--user-account",
        "agent01",
        "--work-no",
        "1001",
        "--caller-no",
        "88880000",
        "--fail-code",
        "00000",
        "--call-id",
        "1747316188-341779",
        "--busi-result",
        "17549503",
        "--busi-sub-status",
        "17124429",
        "--begin-time",
        "1747220297000",
        "--end-time",
        "1747220365000",
    ];
    let run = cec(&args, &as_refs(&env)).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["resultDesc"], "update success");
    let body: Value = serde_json::from_slice(&server.single().body).unwrap();
    assert_eq!(
        body,
        json!({"appointId": "174738152455111432454674595509", "userAccount": "agent01", "workNo": "1001",
               "callerNo": "88880000", "failCode": "00000", "callId": "1747316188-341779",
               "busiResult": "17549503", "busiSubStatus": "17124429",
               "beginTime": 1747220297000i64, "endTime": 1747220365000i64})
    );
}

#[tokio::test]
async fn invalid_input_exits_2_and_sends_nothing() {
    let server = TestServer::start([]).await;
    let env = signed_env(&server.url);
    let cases: &[(&[&str], &str)] = &[
        (
            &["call-result-detail", "--vdn-id", "0", "--call-id", "x"],
            "ranging from 1 to 9999",
        ),
        (
            &["call-result-detail", "--vdn-id", "10000", "--call-id", "x"],
            "ranging from 1 to 9999",
        ),
        (
            &["call-result-detail", "--vdn-id", "nine", "--call-id", "x"],
            "invalid value 'nine'",
        ),
        (
            &["call-result-detail", "--vdn-id", "1", "--call-id", ""],
            "callId: is empty",
        ),
        (
            &["cdr", "--cc-id", "65536", "--call-id", "x", "--inbound"],
            "ranges from 1 to 65535",
        ),
        (&["external-result", "--vdn-id", "1"], "--def-id"),
        (
            &[
                "update-reserved-result",
                "--vdn-id",
                "1",
                "--appoint-id",
                "",
            ],
            "appointId",
        ),
        (
            &["call-records", "--sub-cc-no", "1", "--vdn", "1"],
            "set callId, or beginDate or endDate",
        ),
        (
            &[
                "call-records",
                "--sub-cc-no",
                "1",
                "--vdn",
                "1",
                "--begin-date",
                "yesterday",
            ],
            "epoch milliseconds",
        ),
        (
            &[
                "call-result-detail",
                "--vdn-id",
                "1",
                "--call-id",
                "x",
                "--timeout",
                "0",
            ],
            "--timeout 0",
        ),
    ];
    for (args, expected) in cases {
        let run = cec(args, &as_refs(&env)).await;
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains(expected),
            "{args:?}: expected {expected:?} in {}",
            run.stderr
        );
        assert!(run.stdout.is_empty());
    }
    let run = cec(
        &["call-result-detail", "--vdn-id", "1", "--call-id", "x"],
        &[("CEC_AK", AK), ("CEC_SK", SK)],
    )
    .await;
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("CEC_ISALES_URL"), "{}", run.stderr);
    let run = cec(
        &["call-result-detail", "--vdn-id", "1", "--call-id", "x"],
        &[("CEC_AK", AK)],
    )
    .await;
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("give both --ak and --sk"),
        "{}",
        run.stderr
    );
    assert!(server.received().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn api_auth_and_transport_errors_exit_1_with_the_error() {
    let server = signed_server(|_| {
        Reply::json(
            200,
            &json!({"resultCode": "0200007", "resultDesc": "The call record ID does not exist."}),
        )
    })
    .await;
    let env = signed_env(&server.url);
    let run = cec(
        &["call-result-detail", "--vdn-id", "8", "--call-id", "nope"],
        &as_refs(&env),
    )
    .await;
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("0200007") && run.stderr.contains("The call record ID does not exist."),
        "{}",
        run.stderr
    );

    let mut wrong = signed_env(&server.url);
    wrong[3].1 = "not-the-secret".into();
    let run = cec(
        &["external-result", "--vdn-id", "8", "--def-id", "1"],
        &as_refs(&wrong),
    )
    .await;
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("authentication failed (HTTP 401)") && run.stderr.contains("clock"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("not-the-secret"));

    let closed = common::closed_port_url().await;
    let run = cec(
        &[
            "external-result",
            "--vdn-id",
            "8",
            "--def-id",
            "1",
            "--retries",
            "0",
        ],
        &as_refs(&signed_env(&closed)),
    )
    .await;
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("connection failed"), "{}", run.stderr);
}

#[tokio::test]
async fn a_garbled_reply_is_an_error_not_a_panic() {
    let server = signed_server(|_| Reply::raw(200, b"\x00\xff{{{ not json")).await;
    let env = signed_env(&server.url);
    let run = cec(
        &["call-result-detail", "--vdn-id", "8", "--call-id", "x"],
        &as_refs(&env),
    )
    .await;
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("undecodable reply"), "{}", run.stderr);
}

#[tokio::test]
async fn explain_signature_prints_the_canonical_request_but_not_the_secret() {
    let server = signed_server(|_| Reply::raw(200, &page("external_result.response.json"))).await;
    let env = signed_env(&server.url);
    let run = cec(
        &[
            "--explain-signature",
            "external-result",
            "--vdn-id",
            "40",
            "--def-id",
            "7",
        ],
        &as_refs(&env),
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("auth-v2 canonical request"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("/rest/isales/v1/openapi/campaigns/40/7/queryObsResultDetail"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("content-type:application%2Fjson%3B%20charset%3DUTF-8"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains(SK));
}

#[tokio::test]
async fn help_does_not_show_secret_values_from_the_environment() {
    let run = cec(
        &["--help"],
        &[("CEC_SK", SK), ("CEC_APP_SECRET", "app-SECRET")],
    )
    .await;
    assert_eq!(run.code, 0);
    for command in [
        "call-result-detail",
        "external-result",
        "cdr",
        "call-records",
        "update-reserved-result",
    ] {
        assert!(run.stdout.contains(command), "{command} in help");
    }
    assert!(
        !run.stdout.contains(SK) && !run.stdout.contains("app-SECRET"),
        "{}",
        run.stdout
    );
}
