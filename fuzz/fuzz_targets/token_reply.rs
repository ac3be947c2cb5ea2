//! Replies of the token interface, as the token provider reads them: any status, content
//! type and body. Reading never panics; a usable reply gives a lifetime that can be added to
//! the clock; an error never quotes the body (nor the content type, unless it is a
//! well-formed media type) and holds no raw control character.
//!
//! Input: one byte picks the status, one the content type, the rest is the body, in which
//! every `$` stands for a secret marker: the marker must never show in an error.
//!
//! The check itself is in `fuzz/checks/token_reply.rs`, which `cargo test` also runs on the
//! committed inputs (`tests/fuzz_regressions.rs`).

#![no_main]

#[path = "../checks/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::token_reply::check(data));
