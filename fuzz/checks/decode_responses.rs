//! Arbitrary bytes as the reply body of every operation: decoding never panics, and what
//! decodes round-trips.

use super::common;

/// The check of one input: panics when it finds a fault.
pub fn check(data: &[u8]) {
    common::decode_all_bytes(data);
}
