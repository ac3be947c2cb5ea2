//! Arbitrary bytes as the reply body of every operation: decoding never panics, and what
//! decodes round-trips.
//!
//! The check itself is in `fuzz/checks/decode_responses.rs`, which `cargo test` also runs on the
//! committed inputs (`tests/fuzz_regressions.rs`).

#![no_main]

#[path = "../checks/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::decode_responses::check(data));
