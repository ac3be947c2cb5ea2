//! Cassettes, as `cec conformance` and `cec simulate --replay` read them: any file. Reading
//! never panics, no conformance finding shows a value, and loading for replay never panics.
//!
//! The check itself is in `fuzz/checks/cassette.rs`, which `cargo test` also runs on the
//! committed inputs (`tests/fuzz_regressions.rs`).

#![no_main]

#[path = "../checks/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::cassette::check(data));
