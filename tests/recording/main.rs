//! Recording exchanges to a cassette, against real servers on loopback: the simulator, and a
//! hostile server that echoes every secret back. What must not be in a cassette is checked
//! on the file's bytes, with the actual secrets, tokens and signatures the servers saw.

#![cfg(feature = "simulator")]

#[path = "../common/mod.rs"]
mod common;

mod hostile;
mod settings;
mod simulator;

use std::path::PathBuf;

use huawei_cec::cassette::Cassette;
use serde_json::Value;

/// A path of its own for one test's cassette, nothing there yet.
pub fn cassette_path(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("recording");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.cassette"));
    let _ = std::fs::remove_file(&path);
    path
}

/// The cassette's text as written, and the cassette read back with the crate's reader.
pub fn read(path: &std::path::Path) -> (String, Cassette) {
    let text = std::fs::read_to_string(path).unwrap();
    let cassette = Cassette::from_path(path).unwrap_or_else(|e| panic!("{e}\n{text}"));
    (text, cassette)
}

/// Asserts that `text` holds none of `values` (each named, for the message).
pub fn assert_absent(text: &str, values: &[(&str, String)]) {
    for (what, value) in values {
        assert!(!value.is_empty(), "{what}: empty");
        assert!(
            !text.contains(value.as_str()),
            "{what} {value:?} is in the cassette:\n{text}"
        );
    }
}

/// Every string value under the keys `keys`, at any depth.
pub fn values_under(value: &Value, keys: &[&str], out: &mut Vec<String>) {
    match value {
        Value::Array(items) => items.iter().for_each(|v| values_under(v, keys, out)),
        Value::Object(map) => {
            for (key, v) in map {
                match v {
                    Value::String(s) if keys.contains(&key.as_str()) => out.push(s.clone()),
                    Value::Number(n) if keys.contains(&key.as_str()) => out.push(n.to_string()),
                    _ => values_under(v, keys, out),
                }
            }
        }
        _ => {}
    }
}
