//! `ClientBuilder::from_env` reads `CEC_TENANT_SPACE_ID` (sent with data-process requests
//! only) and `CEC_CLOCK_SKEW_CORRECTION`. The environment is set in a child process (this
//! test binary run again), never in this one, whose tests run in parallel.

#![cfg(feature = "simulator")]

#[path = "common/mod.rs"]
mod common;

use common::setup::RECORDS_CALL_ID;
use common::{Recorded, Reply, TestServer};
use huawei_cec::Client;
use serde_json::json;

/// Run by `from_env_reads_the_tenant_space_id_and_the_clock_skew_switch`, in a child process
/// whose environment points at its server.
#[test]
#[ignore = "run by from_env_reads_the_tenant_space_id_and_the_clock_skew_switch"]
fn from_env_child() {
    let Ok(expected) = std::env::var("EXPECTED") else {
        return;
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let result = Client::builder().from_env().and_then(|b| b.build());
    match expected.as_str() {
        "error" => {
            let message = result.unwrap_err().to_string();
            assert!(
                message.contains("CEC_CLOCK_SKEW_CORRECTION") && message.contains("true or false"),
                "{message}"
            );
        }
        _ => {
            let client = result.unwrap();
            runtime.block_on(async {
                client
                    .call_records("1", 1)
                    .call_id(RECORDS_CALL_ID)
                    .await
                    .unwrap();
                // A signed call: the server's 401 with a Date 20 minutes on is corrected
                // unless the variable turned the correction off.
                let err = client.external_result(40, 1402245659).await;
                let corrected = expected == "corrected";
                assert_eq!(err.is_ok(), corrected, "{err:?}");
            });
        }
    }
}

#[tokio::test]
async fn from_env_reads_the_tenant_space_id_and_the_clock_skew_switch() {
    for (tenant, correction, expected) in [
        ("tenant-1", "", "corrected"),
        ("tenant-2", "false", "not corrected"),
        ("", "true", "corrected"),
        ("tenant-3", "maybe", "error"),
    ] {
        let server = TestServer::with_handler(|r: &Recorded| {
            let path = r.uri.path();
            if path.ends_with("/tokenByAkSk") {
                return Reply::json(200, &json!({"AccessToken": "tok", "Expires": "600"}));
            }
            if path.ends_with("/queryCallManualDetailInfo") {
                return Reply::raw(200, &common::page("call_records.response.json"));
            }
            // The signed call: refused unless signed 20 minutes on, as a server whose clock
            // is that far ahead would.
            let later = std::time::SystemTime::now() + std::time::Duration::from_secs(1200);
            let signed = r
                .header("authorization")
                .and_then(|a| a.split('/').nth(2))
                .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
                .map(|t| t.with_timezone(&chrono::Utc));
            let late = chrono::DateTime::<chrono::Utc>::from(later);
            match signed {
                Some(t) if (t - late).num_seconds().abs() < 60 => {
                    Reply::raw(200, &common::page("external_result.response.json"))
                }
                _ => Reply::json(401, &json!({"error": "request time too skewed"}))
                    .header("date", &httpdate::fmt_http_date(later)),
            }
        })
        .await;
        let output = tokio::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "from_env_child", "--ignored", "--nocapture"])
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("CEC_ISALES_URL", &server.url)
            .env("CEC_APIACCESS_URL", &server.url)
            .env("CEC_AK", "ak")
            .env("CEC_SK", "sk")
            .env("CEC_APP_KEY", "app")
            .env("CEC_APP_SECRET", "secret")
            .env("CEC_TENANT_SPACE_ID", tenant)
            .env("CEC_CLOCK_SKEW_CORRECTION", correction)
            .env("EXPECTED", expected)
            .output()
            .await
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success() && stdout.contains("1 passed"),
            "{tenant:?} {correction:?}: {stdout}{}",
            String::from_utf8_lossy(&output.stderr)
        );
        if expected == "error" {
            assert!(server.received().is_empty());
            continue;
        }
        for request in server.received() {
            let sent = request.header("x-tenantspaceid");
            if request.uri.path().ends_with("/queryCallManualDetailInfo") && !tenant.is_empty() {
                assert_eq!(sent, Some(tenant));
            } else {
                assert_eq!(sent, None, "{}", request.uri);
            }
        }
    }
}
