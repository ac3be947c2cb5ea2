//! Arbitrary bytes as the reply body of every operation: decoding never panics, and what
//! decodes round-trips.

#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    common::decode_all_bytes(data);
});
