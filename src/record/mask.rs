//! Personal data masked: the values of the fields the spec marks `x-personal-data`, and the
//! digit runs of text that is not JSON, replaced by values of the same shape.
//!
//! A mask is drawn from HMAC-SHA256 of the value under a key made for each recording and
//! never written: the same value gets the same mask within one cassette (records can still
//! be joined), and nothing in the cassette leads back to the value or links two cassettes.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Mutex;

use hmac::{Hmac, Mac};
use rand::rngs::StdRng;
use rand::{RngCore as _, SeedableRng as _};
use serde_json::Value;
use sha2::Sha256;

use super::redact::REDACTED;
use crate::cassette;

/// The shortest run of digits masked in text that is not JSON: shorter ones (an HTTP status,
/// a version) say nothing of a subscriber.
pub(crate) const SHORTEST_RUN: usize = 4;

/// The most masks a recording remembers (then it forgets them all and starts again), and
/// the longest value remembered: the memory of a recording stays bounded.
const REMEMBERED: usize = 1024;
const LONGEST_REMEMBERED: usize = 64;

/// Masks values under a key of its own.
pub(crate) struct Masker {
    /// HMAC-SHA256 keyed with a random key: each mask starts from a copy.
    keyed: Hmac<Sha256>,
    /// The masks made lately, by value (a byte first: with letters or not): the same value
    /// comes again and again (a reply's numbers twice, as CC-CMS sends `resultDatas` and
    /// `resultDesc`; the same subscribers and agents' numbers call after call), and a mask
    /// costs an HMAC. In memory only, as the values themselves are while a call runs.
    remembered: Mutex<HashMap<Box<str>, Box<str>>>,
}

impl Masker {
    /// A masker with a new random key.
    pub(crate) fn new() -> Self {
        let key: [u8; 32] = rand::random();
        Self {
            keyed: Hmac::<Sha256>::new_from_slice(&key).expect("any key length"),
            remembered: Mutex::new(HashMap::new()),
        }
    }

    /// Pseudo-random bytes drawn from `value`: a generator seeded with HMAC-SHA256 of the
    /// value (the value is hashed once, however many bytes its mask takes).
    /// `value.len()` of them, made at once (a byte per character is enough).
    fn stream(&self, value: &[u8]) -> impl Iterator<Item = u8> {
        let mut mac = self.keyed.clone();
        mac.update(value);
        let seed: [u8; 32] = mac.finalize().into_bytes().into();
        let mut bytes = vec![0; value.len()];
        StdRng::from_seed(seed).fill_bytes(&mut bytes);
        bytes.into_iter()
    }

    /// `value` with each ASCII digit replaced by a digit (the first digit, when it is not
    /// `0`, by one that is not `0`, so that a number keeps its length) and, with `letters`,
    /// each letter by an ASCII letter (of the same case when it is ASCII); other characters
    /// kept.
    fn replace(&self, value: &str, letters: bool) -> String {
        if value.len() > LONGEST_REMEMBERED {
            return self.draw(value, letters);
        }
        let mut key = String::with_capacity(value.len() + 1);
        key.push(if letters { 'a' } else { '9' });
        key.push_str(value);
        let mut remembered = self.remembered.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(mask) = remembered.get(key.as_str()) {
            return mask.to_string();
        }
        let mask = self.draw(value, letters);
        if remembered.len() >= REMEMBERED {
            remembered.clear();
        }
        remembered.insert(key.into_boxed_str(), mask.as_str().into());
        mask
    }

    /// [`Self::replace`], drawn anew.
    fn draw(&self, value: &str, letters: bool) -> String {
        let mut random = self.stream(value.as_bytes());
        let mut first_digit = true;
        value
            .chars()
            .map(|c| {
                let r = random.next().unwrap_or_default();
                if c.is_ascii_digit() {
                    let nonzero = first_digit && c != '0';
                    first_digit = false;
                    if nonzero {
                        char::from(b'1' + r % 9)
                    } else {
                        char::from(b'0' + r % 10)
                    }
                } else if !letters {
                    c
                } else if c.is_ascii_uppercase() {
                    char::from(b'A' + r % 26)
                } else if c.is_alphabetic() {
                    char::from(b'a' + r % 26)
                } else {
                    c
                }
            })
            .collect()
    }

    /// A string's mask: digits by digits, letters by letters, the rest kept.
    pub(crate) fn shape(&self, value: &str) -> String {
        self.replace(value, true)
    }

    /// A number's mask: a number with as many digits (the same digits as the mask of the
    /// same number written as a string).
    fn number(&self, number: &serde_json::Number) -> Value {
        let masked = self.replace(&number.to_string(), false);
        match masked.parse::<serde_json::Number>() {
            Ok(number) => Value::Number(number),
            Err(_) => Value::String(masked),
        }
    }

    /// Every string and number in `value`, masked.
    fn value(&self, value: &mut Value) {
        match value {
            Value::String(s) => *s = self.shape(s),
            Value::Number(n) => *value = self.number(n),
            Value::Array(items) => items.iter_mut().for_each(|v| self.value(v)),
            Value::Object(map) => map.values_mut().for_each(|v| self.value(v)),
            Value::Null | Value::Bool(_) => {}
        }
    }

    /// Bytes with every run of at least [`SHORTEST_RUN`] ASCII digits masked.
    pub(crate) fn digit_runs<'t>(&self, bytes: &'t [u8]) -> Cow<'t, [u8]> {
        let mut out: Option<Vec<u8>> = None;
        let mut i = 0;
        while i < bytes.len() {
            if !bytes[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            if i - start >= SHORTEST_RUN {
                let run = std::str::from_utf8(&bytes[start..i]).expect("ASCII digits");
                let out = out.get_or_insert_with(|| bytes.to_vec());
                out[start..i].copy_from_slice(self.replace(run, false).as_bytes());
            }
        }
        match out {
            Some(masked) => Cow::Owned(masked),
            None => Cow::Borrowed(bytes),
        }
    }
}

/// Masks the values of the keys the spec marks `x-personal-data`, at any depth of `value`
/// (strings and numbers); with no masker (personal data kept), only the query of a recording
/// link goes, for it is a credential (a signed download link).
pub(crate) fn json(value: &mut Value, masker: Option<&Masker>) {
    match value {
        Value::Array(items) => items.iter_mut().for_each(|v| json(v, masker)),
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                match (cassette::personal_data_kind(key), masker) {
                    (Some("recording-url"), _) => recording_urls(value, masker),
                    (Some(_), Some(masker)) => masker.value(value),
                    _ => json(value, masker),
                }
            }
        }
        _ => {}
    }
}

/// Every string in `value` as a recording link: [`url`].
fn recording_urls(value: &mut Value, masker: Option<&Masker>) {
    match value {
        Value::String(s) => *s = url(s, masker),
        Value::Array(items) => items.iter_mut().for_each(|v| recording_urls(v, masker)),
        Value::Object(map) => map.values_mut().for_each(|v| recording_urls(v, masker)),
        Value::Number(_) => {
            if let Some(masker) = masker {
                masker.value(value);
            }
        }
        Value::Null | Value::Bool(_) => {}
    }
}

/// A recording link without its query and fragment (`?[REDACTED]` in their place); masked,
/// its scheme kept and the rest (host and path) masked.
fn url(link: &str, masker: Option<&Masker>) -> String {
    let (link, had_query) = match link.find(['?', '#']) {
        Some(at) => (&link[..at], true),
        None => (link, false),
    };
    let link = match masker {
        None => link.to_owned(),
        Some(masker) => match link.split_once("://") {
            Some((scheme, rest))
                if !scheme.is_empty() && scheme.bytes().all(|b| b.is_ascii_alphabetic()) =>
            {
                format!("{scheme}://{}", masker.shape(rest))
            }
            _ => masker.shape(link),
        },
    };
    if had_query {
        format!("{link}?{REDACTED}")
    } else {
        link
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn same_shape(a: &str, b: &str) -> bool {
        a.chars().count() == b.chars().count()
            && a.chars().zip(b.chars()).all(|(x, y)| {
                (x.is_ascii_digit() && y.is_ascii_digit())
                    || (x.is_ascii_lowercase() && y.is_ascii_lowercase())
                    || (x.is_ascii_uppercase() && y.is_ascii_uppercase())
                    || x == y
            })
    }

    #[test]
    fn remembered_masks_are_the_masks_drawn_and_the_memory_is_bounded() {
        let masker = Masker::new();
        for i in 0..3 * REMEMBERED {
            let value = format!("1380000{i:04}");
            let mask = masker.shape(&value);
            assert_eq!(mask, masker.draw(&value, true));
            assert_eq!(mask, masker.shape(&value), "remembered");
            let remembered = masker.remembered.lock().unwrap();
            assert!(remembered.len() <= REMEMBERED);
        }
        let long = "9".repeat(LONGEST_REMEMBERED + 1);
        assert_eq!(masker.shape(&long), masker.draw(&long, true));
        assert!(
            !masker
                .remembered
                .lock()
                .unwrap()
                .contains_key(format!("a{long}").as_str())
        );
    }

    #[test]
    fn masks_keep_the_shape_and_are_the_same_for_the_same_value_only() {
        let masker = Masker::new();
        for value in [
            "13800000000",
            "+86 138-0000-0000",
            "Ab9-x",
            "0",
            "95555",
            "",
        ] {
            let mask = masker.shape(value);
            assert!(same_shape(value, &mask), "{value} -> {mask}");
            assert_eq!(mask, masker.shape(value), "the same mask each time");
        }
        assert_ne!(masker.shape("13800000000"), masker.shape("13800000001"));
        // Another recording's key gives another mask.
        assert_ne!(
            Masker::new().shape("13800000000"),
            masker.shape("13800000000")
        );
        // A number keeps its length (no leading 0) and masks as its string does.
        for _ in 0..50 {
            let masker = Masker::new();
            let mut value = json!({"callerNo": 13800000000u64, "calleeNo": "13800000000"});
            json(&mut value, Some(&masker));
            let number = value["callerNo"].as_u64().unwrap();
            assert_eq!(number.to_string().len(), 11);
            assert_eq!(number.to_string(), value["calleeNo"].as_str().unwrap());
        }
    }

    #[test]
    fn marked_keys_are_masked_at_any_depth_and_recording_links_lose_their_query() {
        let masker = Masker::new();
        let mut value = json!({
            "resultCode": "0200000",
            "data": [{"called": "31804127", "callId": "1644464743-1388",
                      "nested": {"callerNo": ["13800000000", 95555]}},
                     {"recordPath": "https://obs.example.com/rec/8/a.wav?AccessKeyId=X&Signature=Y"}],
        });
        let original = value.clone();
        json(&mut value, Some(&masker));
        assert_eq!(value["resultCode"], "0200000");
        assert_eq!(value["data"][0]["callId"], "1644464743-1388");
        let called = value["data"][0]["called"].as_str().unwrap();
        assert!(same_shape("31804127", called) && called != "31804127");
        let numbers = &value["data"][0]["nested"]["callerNo"];
        assert_ne!(numbers, &original["data"][0]["nested"]["callerNo"]);
        assert!(numbers[1].is_u64());
        let link = value["data"][1]["recordPath"].as_str().unwrap();
        assert!(
            link.starts_with("https://") && link.ends_with("?[REDACTED]"),
            "{link}"
        );
        assert!(!link.contains("obs.example.com") && !link.contains("Signature"));

        let mut kept = original.clone();
        json(&mut kept, None);
        assert_eq!(kept["data"][0]["called"], "31804127");
        assert_eq!(
            kept["data"][1]["recordPath"],
            "https://obs.example.com/rec/8/a.wav?[REDACTED]"
        );
    }

    #[test]
    fn digit_runs_of_text_are_masked() {
        let masker = Masker::new();
        let text = b"<p>HTTP 404: no call from 13800000000 at 12:30</p>";
        let masked = masker.digit_runs(text);
        let masked = std::str::from_utf8(&masked).unwrap();
        assert!(masked.starts_with("<p>HTTP 404: no call from "), "{masked}");
        assert!(masked.ends_with(" at 12:30</p>"), "{masked}");
        assert!(!masked.contains("13800000000"));
        assert_eq!(
            &masked[26..37],
            masker.shape("13800000000"),
            "a number in text masks as it does in JSON"
        );
        assert!(matches!(masker.digit_runs(b"HTTP 404"), Cow::Borrowed(_)));
    }
}
