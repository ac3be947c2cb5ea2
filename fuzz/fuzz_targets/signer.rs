//! The auth-v2 signer from arbitrary method, path, query, host, content type, body and
//! signing profile: canonicalization and signing never panic, the canonical request has its
//! documented shape, the streamed signature is the HMAC of the rendered canonical request,
//! and what is signed verifies (while a changed body or path does not); verifying any
//! `Authorization` header never panics.
//!
//! The check itself is in `fuzz/checks/signer.rs`, which `cargo test` also runs on the
//! committed inputs (`tests/fuzz_regressions.rs`).

#![no_main]

#[path = "../checks/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::signer::check(data));
