//! Cassettes: the simulator's replies checked against the spec (conformance), a recorded
//! session served back to the client (replay), and the replay fixture of the smoke tests of
//! other languages kept up to date.
//!
//! The exchanges are made by `common/traffic.rs` (reqwest, signed by `auth::Signer`), a
//! stand-in for the client's recorder.

#![cfg(feature = "simulator")]

#[path = "../common/traffic.rs"]
mod traffic;

mod conformance;
mod fixture;
mod replay;

use huawei_cec::cassette::Cassette;
use huawei_cec::simulator::{RunningSimulator, Simulator};

pub(crate) async fn sim() -> RunningSimulator {
    Simulator::builder()
        .seed(42)
        .calls(300)
        .start()
        .await
        .unwrap()
}

pub(crate) fn read(text: &str) -> Cassette {
    Cassette::from_reader(text.as_bytes()).unwrap_or_else(|e| panic!("{e}:\n{text}"))
}
