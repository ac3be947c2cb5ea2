//! What real deployments meet, through `cec`: a gateway's 502 or 504 to the update (outcome
//! unknown), a web application firewall's 418 or 403, a CC-CMS reply naming a missing
//! parameter, and `X-TenantSpaceID` from every source.

use huawei_cec::simulator::{Faults, Simulator};

use super::*;

const UPDATE: [&str; 7] = [
    "update-reserved-result",
    "--vdn-id",
    "8",
    "--appoint-id",
    "174738152455111432454674595509",
    "--fail-code",
    "00000",
];

#[tokio::test]
async fn a_gateways_502_or_504_to_the_update_is_outcome_unknown_and_not_retried() {
    for status in [502u16, 504] {
        let server = TestServer::with_handler(move |_| {
            Reply::raw(status, b"<html><body>gateway</body></html>")
                .header("content-type", "text/html")
        })
        .await;
        let env = signed_env(&server.url);
        let run = cec(&UPDATE, &as_refs(&env)).await;
        assert_eq!(run.code, 1, "{}", run.stderr);
        for expected in [
            "updateReservedCallResult: outcome unknown",
            &format!("HTTP {status}"),
            "may or may not have applied it",
        ] {
            assert!(
                run.stderr.contains(expected),
                "{expected:?} in {}",
                run.stderr
            );
        }
        assert_eq!(server.received().len(), 1, "HTTP {status}: never retried");
    }
}

#[tokio::test]
async fn a_firewalls_418_or_403_is_explained_on_every_host_without_the_page() {
    for status in [418u16, 403] {
        let sim = Simulator::builder()
            .faults(Faults::default().with_waf_block(Some(status)))
            .start()
            .await
            .unwrap();
        let env = sim_env(&sim);
        let records = [
            "call-records",
            "--sub-cc-no",
            "1",
            "--vdn",
            "1",
            "--call-id",
            "1669464198-17002955",
        ];
        for args in [&SIGNED_DETAIL[..], &records[..], &UPDATE[..]] {
            let run = cec(args, &as_refs(&env)).await;
            assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
            let stderr = &run.stderr;
            for expected in [
                format!("HTTP {status}"),
                "allow-list".into(),
                "not an IP address".into(),
                "TLS server name (SNI)".into(),
                "this request went to the IP address 127.0.0.1".into(),
            ] {
                if args[0] == "call-records" && expected.contains("went to") {
                    continue; // the token's reply is read as a whole document
                }
                assert!(stderr.contains(&expected), "{expected:?} in {stderr}");
            }
            if args[0] == "call-records" {
                assert!(stderr.contains("app key and app secret"), "{stderr}");
            }
            for page in ["<html", "<!DOCTYPE", "Request blocked", "event ID"] {
                assert!(!stderr.contains(page), "{page:?} quoted: {stderr}");
            }
        }
        assert!(
            sim.requests().iter().all(|r| r.fault == Some("waf")),
            "{:?}",
            sim.requests()
        );
        assert_eq!(sim.requests().len(), 3, "one request each, none retried");
    }
}

const SIGNED_DETAIL: [&str; 5] = [
    "call-result-detail",
    "--vdn-id",
    "8",
    "--call-id",
    "1644464743-1388",
];

#[tokio::test]
async fn a_cms_reply_naming_a_missing_parameter_names_it_in_the_error_and_in_doctor() {
    let sim = Simulator::builder()
        .faults(Faults::default().with_missing_parameter(Some("isCallIn")))
        .start()
        .await
        .unwrap();
    let env = sim_env(&sim);
    let run = cec(
        &[
            "cdr",
            "--cc-id",
            "1",
            "--call-id",
            "1000000000-0001",
            "--inbound",
        ],
        &as_refs(&env),
    )
    .await;
    assert_eq!(run.code, 1, "{}", run.stderr);
    for expected in [
        "0100002",
        "the server names the parameter isCallIn as missing or invalid",
        "this client sends it as isCallin",
    ] {
        assert!(
            run.stderr.contains(expected),
            "{expected:?} in {}",
            run.stderr
        );
    }

    let run = cec(&["doctor", "-o", "json", "--vdn-id", "8"], &as_refs(&env)).await;
    assert_eq!(run.code, 1, "{}", run.stdout);
    let report = run.json();
    let row = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == "request parameters")
        .unwrap_or_else(|| panic!("a request parameters row: {report:#}"));
    assert_eq!(row["status"], "failed");
    assert_eq!(row["hosts"][0], "CC-CMS");
    let detail = row["detail"].as_str().unwrap();
    assert!(
        detail.contains("isCallIn") && detail.contains("sends it as isCallin"),
        "{detail}"
    );
}

/// A server of every host that answers the token and call-records requests and the page's
/// call result detail (signature unchecked: the header is what is under test).
async fn all_hosts() -> TestServer {
    TestServer::with_handler(|r: &Recorded| {
        let path = r.uri.path();
        if path.ends_with("/tokenByAkSk") {
            Reply::json(200, &json!({"AccessToken": "tok-1", "Expires": "600"}))
        } else if path.ends_with("/queryCallManualDetailInfo") {
            Reply::raw(200, &page("call_records.response.json"))
        } else {
            Reply::raw(200, &page("call_result_detail.response.json"))
        }
    })
    .await
}

/// Where a setting comes from: the arguments, the variables, and the value expected.
type Source<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], &'a str);

#[tokio::test]
async fn the_tenant_space_id_from_each_source_goes_with_data_process_requests_only() {
    let dir = scratch("tenant-space-id");
    let config = dir.join("config.toml");
    std::fs::write(
        &config,
        "[profiles.default]\ntenant-space-id = \"from-profile\"\n",
    )
    .unwrap();
    let config = config.to_str().unwrap();
    let cases: [Source; 3] = [
        (&[], &[("CEC_TENANT_SPACE_ID", "from-env")], "from-env"),
        (&["--tenant-space-id", "from-flag"], &[], "from-flag"),
        (&["--config", config], &[], "from-profile"),
    ];
    for (args, extra_env, expected) in cases {
        let server = all_hosts().await;
        let mut env = signed_env(&server.url);
        env.push(("CEC_APIACCESS_URL", server.url.clone()));
        env.push(("CEC_APP_KEY", "k".into()));
        env.push(("CEC_APP_SECRET", "s".into()));
        let mut env = as_refs(&env);
        env.extend(extra_env);
        for command in [
            &[
                "call-records",
                "--sub-cc-no",
                "1",
                "--vdn",
                "1",
                "--call-id",
                "1",
            ][..],
            &SIGNED_DETAIL[..],
        ] {
            let all: Vec<&str> = args.iter().chain(command).copied().collect();
            let run = cec(&all, &env).await;
            assert_eq!(run.code, 0, "{all:?}: {}", run.stderr);
        }
        let received = server.received();
        assert_eq!(received.len(), 3, "token, call records, call result detail");
        for request in &received {
            let data_process = request.uri.path().ends_with("/queryCallManualDetailInfo");
            let sent = request.header("x-tenantspaceid");
            if data_process {
                assert_eq!(sent, Some(expected), "{}", request.uri);
            } else {
                assert_eq!(sent, None, "{}: only data-process requests", request.uri);
            }
        }

        // `cec doctor` says where it came from.
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["doctor", "-o", "json"]);
        let run = cec(&all, &env).await;
        let report = run.json();
        let setting = report["settings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == "tenant-space-id")
            .unwrap()
            .clone();
        assert_eq!(setting["value"], expected, "{setting:#}");
        let source = setting["source"].as_str().unwrap();
        let where_from = match expected {
            "from-env" => "environment variable CEC_TENANT_SPACE_ID",
            "from-flag" => "command line",
            _ => "config profile default",
        };
        assert!(source.starts_with(where_from), "{source}");
    }
}
