//! The checks of the fuzz targets, one module each: `check(bytes)` panics when an input
//! finds a fault. The targets in `fuzz/fuzz_targets/` hand libFuzzer's inputs to them;
//! `tests/fuzz_regressions.rs` of the main crate replays the committed inputs through them
//! (`fuzz/regressions/TARGET/` and the seeds in `fuzz/corpus/TARGET/`) on every `cargo test`.

#![allow(dead_code)]

pub mod cassette;
pub mod common;
pub mod decode_json;
pub mod decode_responses;
pub mod signer;
pub mod token_reply;

/// The check of a target: panics when an input finds a fault.
pub type Check = fn(&[u8]);

/// Every target by name, with its check.
pub const TARGETS: &[(&str, Check)] = &[
    ("cassette", cassette::check),
    ("decode_json", decode_json::check),
    ("decode_responses", decode_responses::check),
    ("signer", signer::check),
    ("token_reply", token_reply::check),
];
