//! Structure-aware: JSON documents (the pages' example replies edited at arbitrary paths,
//! or built from nothing) whose keys and strings are mostly the real field names and
//! values of the replies, decoded into every response type. Never panics; decoding from
//! the bytes and from the `serde_json::Value` agree, and what decodes round-trips.
//!
//! The check itself is in `fuzz/checks/decode_json.rs`, which `cargo test` also runs on the
//! committed inputs (`tests/fuzz_regressions.rs`).

#![no_main]

#[path = "../checks/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::decode_json::check(data));
