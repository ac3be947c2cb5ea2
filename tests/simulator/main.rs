//! The simulator: the client's operations against it, its authentication, validation and
//! result codes, its quirks on the wire, its data, and its faults.

#![cfg(feature = "simulator")]

mod checks;
mod data;
mod faults;
mod operations;

use std::time::Duration;

use huawei_cec::auth::Signer;
use huawei_cec::simulator::{CMS_NOT_FOUND, Faults, RunningSimulator, Simulator};
use huawei_cec::{
    AkSk, CallDirection, CallStatus, Error, LenientInt, ResultCode, RetryPolicy, SigningProfile,
};
use serde_json::{Value, json};

pub(crate) async fn sim() -> RunningSimulator {
    Simulator::builder()
        .seed(42)
        .calls(1000)
        .start()
        .await
        .unwrap()
}

/// Sends a raw request signed with the demo keys (or unsigned), bypassing the client's
/// validation, and returns the status and JSON body.
pub(crate) async fn raw(
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
        .unwrap()
        .sign_request(&mut request, chrono::Utc::now())
        .unwrap();
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
