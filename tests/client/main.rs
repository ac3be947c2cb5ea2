//! The hand-written layer against real HTTP servers on loopback: signatures verified on the
//! server side, the token provider, retries, and every error case.

#[path = "../common/mod.rs"]
mod common;
mod failures;
mod field;
mod http_client;
mod input;
mod metadata;
mod overrides;
mod signing;
mod skew;
mod tokens;

use common::page;

use common::setup::{AK, APP_KEY, APP_SECRET, RECORDS_CALL_ID, SK, builder};

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::{Recorded, Reply, TestServer, closed_port_url, resetting_server, verify_auth_v2};
use huawei_cec::{AkSk, AppCredentials, CallDirection, Client, Error, ResultCode, RetryPolicy};
use serde_json::json;

pub(crate) fn client(url: &str) -> Client {
    builder(url).build().unwrap()
}

/// A server that checks every auth-v2 signature (401 when wrong) and answers the page's
/// example of the operation called.
pub(crate) async fn verifying_server() -> TestServer {
    TestServer::with_handler(|r: &Recorded| {
        if let Err(why) = verify_auth_v2(r, AK, SK) {
            return Reply::json(401, &json!({"error": why.to_string()}));
        }
        let path = r.uri.path();
        let example = if path.ends_with("/callresultdetail/1644464743-1388") {
            "call_result_detail.response.json"
        } else if path.ends_with("/queryObsResultDetail") {
            "external_result.response.json"
        } else if path.ends_with("/querycalldetailbyid") {
            "cdr_by_call_id.response.json"
        } else if path.ends_with("/appoint/updateResult") {
            "update_reserved_result.response.json"
        } else {
            return Reply::raw(404, b"{}");
        };
        Reply::raw(200, &page(example))
    })
    .await
}
