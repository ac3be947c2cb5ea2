//! The public API's boundary, read from the reviewed listing `tests/public-api.txt` (which
//! CI checks against the crate: `.ci/public-api.sh`):
//!
//! - every other crate's type the API uses is on the allow-list `tests/external-types.txt`,
//!   with the major version it ties this crate to, and every type on it is still used;
//! - the types the client builds itself, and the raw generated clients, are not in it.
//!
//! `tests/secrets.rs` reads the same listing for the public types that may hold a secret.

use std::collections::BTreeSet;

pub fn listing() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/public-api.txt"))
        .expect("tests/public-api.txt: run bash .ci/public-api.sh --bless")
}

/// The paths `a::b::C` in the listing that belong to another crate (not this one, not the
/// standard library, not a primitive such as `i64::from`).
fn external_paths(listing: &str) -> BTreeSet<String> {
    const OURS: &[&str] = &["huawei_cec", "core", "alloc", "std"];
    const PRIMITIVES: &[&str] = &[
        "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize",
        "f32", "f64", "bool", "char", "str",
    ];
    let mut found = BTreeSet::new();
    for line in listing.lines() {
        let bytes = line.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let starts_word = i == 0
                || !(bytes[i - 1].is_ascii_alphanumeric()
                    || bytes[i - 1] == b'_'
                    || bytes[i - 1] == b':');
            if !(starts_word && (bytes[i].is_ascii_lowercase() || bytes[i] == b'_')) {
                i += 1;
                continue;
            }
            let end = line[i..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                .map_or(line.len(), |n| i + n);
            let path = line[i..end].trim_end_matches(':');
            let first = path.split("::").next().unwrap_or_default();
            if path.contains("::") && !OURS.contains(&first) && !PRIMITIVES.contains(&first) {
                found.insert(path.to_owned());
            }
            i = end.max(i + 1);
        }
    }
    found
}

fn allowed() -> BTreeSet<String> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/external-types.txt"
    ))
    .unwrap();
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split_whitespace().next().unwrap().to_owned())
        .collect()
}

#[test]
fn other_crates_types_in_the_api_are_the_allowed_ones() {
    let used = external_paths(&listing());
    let allowed = allowed();
    let unlisted: Vec<_> = used.difference(&allowed).collect();
    let unused: Vec<_> = allowed.difference(&used).collect();
    assert!(
        unlisted.is_empty(),
        "types of other crates in the public API but not on tests/external-types.txt: \
         {unlisted:?}. Hide them behind this crate's own types, or add them there with the \
         major version they tie the API to (and to README and ARCHITECTURE.md)"
    );
    assert!(
        unused.is_empty(),
        "tests/external-types.txt lists types the API no longer uses: {unused:?}"
    );
}

#[test]
fn the_external_path_reader_finds_paths_and_only_paths() {
    let found = external_paths(
        "pub fn huawei_cec::x::f(reqwest::proxy::Proxy, &url::Url) -> core::option::Option<i64>\n\
         pub fn i64::from(huawei_cec::LenientInt) -> Self\n\
         impl<S: serde_core::ser::Serializer> S::Ok for crate_a::B<'a>",
    );
    let expected: BTreeSet<String> = [
        "reqwest::proxy::Proxy",
        "url::Url",
        "serde_core::ser::Serializer",
        "crate_a::B",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    assert_eq!(found, expected);
}

/// What the client builds itself, and the raw generated clients, are not part of the API;
/// the operations' requests and replies are, at the root.
#[test]
fn the_raw_clients_and_internal_types_are_not_in_the_api() {
    let listing = listing();
    for internal in [
        "huawei_cec::isales",
        "huawei_cec::cms",
        "huawei_cec::dataprocess",
        "huawei_cec::transport::Transport",
        "huawei_cec::GetCallResultDetailCallId",
        "huawei_cec::TokenRequest",
        "huawei_cec::TokenResponse",
        "huawei_cec::CdrQueryRequest",
        "huawei_cec::ErrorBody",
        "huawei_cec::wire::ErrorBody",
        // The requests' bodies and the replies' wrappers: the operations take their inputs
        // by setters and return the payload.
        "huawei_cec::CallRecordsRequest",
        "huawei_cec::UpdateResultRequest",
        "huawei_cec::CdrQueryResponse",
        "huawei_cec::CallResultDetailResponse",
        "progenitor_client",
    ] {
        let found = listing.lines().find(|line| {
            line.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                .any(|word| word == internal || word.starts_with(&format!("{internal}::")))
        });
        assert!(
            found.is_none(),
            "{internal} is in the public API: {found:?}"
        );
    }
    for public in [
        "pub struct huawei_cec::Client",
        "pub struct huawei_cec::client::QueryCallRecords<'a>",
        "pub struct huawei_cec::client::UpdateReservedCallResult<'a>",
        "pub struct huawei_cec::CdrRecord",
        "pub struct huawei_cec::ResponseMetadata",
    ] {
        assert!(
            listing.lines().any(|l| l.ends_with(public)),
            "{public} is missing"
        );
    }
}
