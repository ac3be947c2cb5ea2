//! How much memory a reply takes once decoded: an upper bound, read off the body's bytes
//! before anything is decoded.
//!
//! A body within the size limit can still decode into far more memory than its bytes: `{}`
//! is 3 bytes of JSON and a whole record struct once decoded, so 64 MiB of `{},{},...`
//! would take gigabytes. The bound counts what decoding into the generated types allocates:
//! each object a record struct (and the growth of the `Vec` holding it), each string an
//! allocation and its bytes, each array a `Vec`, each other value a slot. Keys cost nothing
//! (fields are matched, not kept).

/// The most one JSON object costs once decoded: the largest reply struct (656 bytes, a
/// whole CDR reply), or three times a struct held in a `Vec` (a call record, 304 bytes: the
/// growth of the `Vec`). Checked against the generated types by a test of `client`.
pub(crate) const OBJECT_COST: u64 = 1024;
/// One allocation (the smallest the system allocator hands out), for a string or an array.
pub(crate) const ALLOCATION_COST: u64 = 32;
/// A number, `true`, `false` or `null`, when it is an element of an array.
pub(crate) const SCALAR_COST: u64 = 16;

/// The most one byte of a body adds to [`decoded_bound`]: an object's `{`.
const MAX_COST_PER_BYTE: u64 = OBJECT_COST;

/// The bound of [`decoded_bound`] when it is over `limit`; `None` when the body fits.
///
/// A body of at most `limit / MAX_COST_PER_BYTE` bytes cannot exceed the limit, whatever it
/// holds (64 KiB under the default limit of 64 MiB): it is not scanned, so the replies of
/// everyday calls pay nothing for the check.
pub(crate) fn over_limit(body: &[u8], limit: u64) -> Option<u64> {
    let length = u64::try_from(body.len()).unwrap_or(u64::MAX);
    if length.saturating_mul(MAX_COST_PER_BYTE) <= limit {
        return None;
    }
    Some(decoded_bound(body)).filter(|&bound| bound > limit)
}

/// An upper bound of the bytes `body` takes once decoded into any of the reply types.
pub(crate) fn decoded_bound(body: &[u8]) -> u64 {
    let mut bound: u64 = 0;
    let mut in_string = false;
    let mut escaped = false;
    let mut in_scalar = false;
    // The cost of the last string, taken back if it turns out to be a key.
    let mut last_string: u64 = 0;
    for &byte in body {
        if in_string {
            if escaped {
                escaped = false;
            } else if byte == b'\\' {
                escaped = true;
            } else if byte == b'"' {
                in_string = false;
                continue;
            }
            last_string = last_string.saturating_add(1);
            bound = bound.saturating_add(1);
            continue;
        }
        match byte {
            b'"' => {
                in_string = true;
                in_scalar = false;
                last_string = ALLOCATION_COST;
                bound = bound.saturating_add(ALLOCATION_COST);
            }
            b':' => {
                // The string before was a key.
                bound = bound.saturating_sub(last_string);
                last_string = 0;
                in_scalar = false;
            }
            b'{' => {
                bound = bound.saturating_add(OBJECT_COST);
                (last_string, in_scalar) = (0, false);
            }
            b'[' => {
                bound = bound.saturating_add(ALLOCATION_COST);
                (last_string, in_scalar) = (0, false);
            }
            b'-' | b'0'..=b'9' | b't' | b'f' | b'n' if !in_scalar => {
                bound = bound.saturating_add(SCALAR_COST);
                (last_string, in_scalar) = (0, true);
            }
            b',' | b']' | b'}' => (last_string, in_scalar) = (0, false),
            b' ' | b'\t' | b'\r' | b'\n' => in_scalar = false,
            _ => {}
        }
    }
    bound
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_strings_and_scalars_are_counted_keys_are_not() {
        assert_eq!(decoded_bound(b""), 0);
        assert_eq!(decoded_bound(b"{}"), OBJECT_COST);
        assert_eq!(
            decoded_bound(br#"{"callId":"abc","vdn":8}"#),
            OBJECT_COST + ALLOCATION_COST + 3 + SCALAR_COST
        );
        assert_eq!(
            decoded_bound(br#"[1, true ,null,-2.5e3]"#),
            ALLOCATION_COST + 4 * SCALAR_COST
        );
        // Escapes and structural characters inside strings are string bytes.
        assert_eq!(
            decoded_bound(br#"["a\"b{[:,", "\\"]"#),
            ALLOCATION_COST + 2 * ALLOCATION_COST + 8 + 2
        );
    }

    #[test]
    fn no_byte_costs_more_than_an_object_so_short_bodies_need_no_scan() {
        for byte in 0..=u8::MAX {
            // The byte outside a string, and inside one.
            let mut in_string = vec![b'"'];
            in_string.extend([byte; 99]);
            for body in [vec![byte; 100], in_string] {
                assert!(decoded_bound(&body) <= body.len() as u64 * MAX_COST_PER_BYTE);
            }
        }
        // At the edge: a body that takes exactly the limit fits, one byte more does not.
        let body = vec![b'{'; 64];
        assert_eq!(decoded_bound(&body), 64 * OBJECT_COST);
        assert_eq!(over_limit(&body, 64 * OBJECT_COST), None);
        assert_eq!(
            over_limit(&body, 64 * OBJECT_COST - 1),
            Some(64 * OBJECT_COST)
        );
        // Scanned only past the length that could exceed: a long body that fits passes.
        let long = vec![b'a'; 100];
        assert_eq!(over_limit(&long, 99 * OBJECT_COST), None);
    }

    #[test]
    fn a_body_of_empty_objects_is_bounded_by_what_it_would_take() {
        let bomb: Vec<u8> = std::iter::once(b'[')
            .chain(std::iter::repeat_n(*b"{},", 1000).flatten())
            .chain(*b"{}]")
            .collect();
        assert_eq!(decoded_bound(&bomb), ALLOCATION_COST + 1001 * OBJECT_COST);
    }
}
