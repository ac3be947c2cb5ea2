//! Secrets out of what is recorded: the known secrets wherever they occur (as written, or
//! percent-, JSON- or HTML-escaped), the `authorization` header down to its scheme, cookies,
//! headers and JSON fields that hold secrets, and the servers' host names.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::HeaderValue;
use serde_json::Value;

use crate::cassette;

/// What a secret is replaced by.
pub(crate) const REDACTED: &str = "[REDACTED]";
/// What a server's host name is replaced by.
pub(crate) const HOST: &str = "[host]";
/// What the signature of an `auth-v2` header is replaced by.
pub(crate) const SIGNATURE_REMOVED: &str = "[signature removed]";

/// The tokens learned kept for redaction: a token is renewed every few minutes, and only the
/// recent ones can come back in a reply.
const LEARNED_KEPT: usize = 8;

/// The shortest value learned as a secret from a reply (a token), so that a short value under
/// a secret-looking key (`"tokenType": "Bearer"`) does not redact every occurrence of a word.
const SHORTEST_LEARNED: usize = 8;

/// Percent-encoding as `encodeURIComponent` and most encoders do it: all but the unreserved
/// characters and `!'()*`.
const URI_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'!')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*');

/// Percent-encoding of the RFC 3986 unreserved set only.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The ways a secret may be written in a header, a URL, a JSON or an HTML document: as it
/// is, percent-encoded (all of its special characters, or all but the unreserved ones; hex
/// digits of either case, the search ignoring ASCII case), JSON-escaped (`/` as `\/` too),
/// HTML-escaped.
fn forms(secret: &str) -> Vec<String> {
    let json = serde_json::to_string(secret).unwrap_or_default();
    let json = json
        .strip_prefix('"')
        .and_then(|j| j.strip_suffix('"'))
        .unwrap_or(secret)
        .to_owned();
    let html = secret
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;");
    let mut all = vec![
        secret.to_owned(),
        utf8_percent_encode(secret, NON_ALPHANUMERIC).to_string(),
        utf8_percent_encode(secret, URI_COMPONENT).to_string(),
        utf8_percent_encode(secret, UNRESERVED).to_string(),
        json.replace('/', "\\/"),
        json,
        html,
    ];
    all.sort();
    all.dedup();
    all
}

/// Finds some secrets (or host names) in text, to replace them: every form of the
/// recording's secrets with an automaton made when they change, or a few values of one
/// attempt (its signature, the server's name) searched for one by one (an automaton costs
/// more to make than such a search).
pub(crate) struct Needles {
    automaton: Option<AhoCorasick>,
    patterns: Vec<String>,
    replacements: Vec<&'static str>,
    /// Whether only whole names are replaced (a host name: `cms` is not replaced inside
    /// `cmsapp`).
    whole_names: bool,
    /// The length of the shortest pattern: shorter text holds none.
    shortest: usize,
}

impl Needles {
    /// Every form of each of `secrets`, each with its replacement; `None` when there are none.
    pub(crate) fn new<'a>(
        secrets: impl IntoIterator<Item = (&'a str, &'static str)>,
    ) -> Option<Self> {
        let mut patterns = Vec::new();
        let mut replacements = Vec::new();
        for (secret, replacement) in secrets {
            if secret.is_empty() {
                continue;
            }
            for form in forms(secret) {
                patterns.push(form);
                replacements.push(replacement);
            }
        }
        if patterns.is_empty() {
            return None;
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .ok()?;
        Some(Self {
            automaton: Some(automaton),
            shortest: patterns.iter().map(String::len).min().unwrap_or_default(),
            patterns,
            replacements,
            whole_names: false,
        })
    }

    /// A few values as they are (the hex of a signature has no other written form), each with
    /// its replacement; `None` when there are none.
    pub(crate) fn few<'a>(
        values: impl IntoIterator<Item = (&'a str, &'static str)>,
    ) -> Option<Self> {
        let (patterns, replacements): (Vec<String>, Vec<&'static str>) = values
            .into_iter()
            .filter(|(value, _)| !value.is_empty())
            .map(|(value, replacement)| (value.to_owned(), replacement))
            .unzip();
        (!patterns.is_empty()).then_some(Self {
            automaton: None,
            shortest: patterns.iter().map(String::len).min().unwrap_or_default(),
            patterns,
            replacements,
            whole_names: false,
        })
    }

    /// A host name: replaced by [`HOST`] where it stands as a whole name.
    pub(crate) fn host(host: &str) -> Option<Self> {
        let mut needles = Self::few([(host, HOST)])?;
        needles.whole_names = true;
        Some(needles)
    }

    /// Where the needles are in `bytes`, leftmost first, the longest at one place, none
    /// overlapping: (start, end, pattern).
    fn matches(&self, bytes: &[u8]) -> Vec<(usize, usize, usize)> {
        if bytes.len() < self.shortest {
            return Vec::new();
        }
        if let Some(automaton) = &self.automaton {
            return automaton
                .find_iter(bytes)
                .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
                .collect();
        }
        let mut found = Vec::new();
        for (index, pattern) in self.patterns.iter().enumerate() {
            let pattern = pattern.as_bytes();
            let mut from = 0;
            while let Some(start) = find_ignoring_case(&bytes[from..], pattern) {
                let start = from + start;
                found.push((start, start + pattern.len(), index));
                from = start + pattern.len();
            }
        }
        if found.len() > 1 {
            found.sort_by_key(|&(start, end, _)| (start, std::cmp::Reverse(end)));
            let mut end = 0;
            found.retain(|&(s, e, _)| {
                let keep = s >= end;
                if keep {
                    end = e;
                }
                keep
            });
        }
        found
    }

    fn bytes<'t>(&self, bytes: &'t [u8]) -> Cow<'t, [u8]> {
        let name_byte = |b: &u8| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_';
        let mut out: Option<Vec<u8>> = None;
        let mut copied = 0;
        for (start, end, pattern) in self.matches(bytes) {
            if self.whole_names
                && (bytes[..start].last().is_some_and(name_byte)
                    || bytes.get(end).is_some_and(name_byte))
            {
                continue;
            }
            let out = out.get_or_insert_with(|| Vec::with_capacity(bytes.len()));
            out.extend_from_slice(&bytes[copied..start]);
            out.extend_from_slice(self.replacements[pattern].as_bytes());
            copied = end;
        }
        match out {
            Some(mut out) => {
                out.extend_from_slice(&bytes[copied..]);
                Cow::Owned(out)
            }
            None => Cow::Borrowed(bytes),
        }
    }

    /// How many bytes at the end of `bytes` are the start of a needle (at least 4 bytes of
    /// it): what remains of a secret in a body cut short.
    fn cut_tail(&self, bytes: &[u8]) -> usize {
        let mut longest = 0;
        for pattern in &self.patterns {
            let pattern = pattern.as_bytes();
            for len in (4..pattern.len().min(bytes.len() + 1)).rev() {
                if len <= longest {
                    break;
                }
                if bytes[bytes.len() - len..].eq_ignore_ascii_case(&pattern[..len]) {
                    longest = len;
                    break;
                }
            }
        }
        longest
    }
}

/// `bytes` with every run of exactly 64 hexadecimal digits that stands alone (no letter or
/// digit around it) replaced by [`REDACTED`].
///
/// Looks at one byte in 64 where there is no such run: a run of 64 that starts at or after
/// `i` holds the byte at `i + 63`, so when that byte is not a hexadecimal digit no run starts
/// before `i + 64`.
fn hex_runs(bytes: &[u8]) -> Cow<'_, [u8]> {
    const RUN: usize = 64;
    let hex = |i: usize| bytes[i].is_ascii_hexdigit();
    let mut out: Option<Vec<u8>> = None;
    let mut copied = 0;
    // No run of hexadecimal digits starts before `i` and goes on past it.
    let mut i = 0;
    while i + RUN <= bytes.len() {
        let probe = i + RUN - 1;
        if !hex(probe) {
            i = probe + 1;
            continue;
        }
        let mut start = probe;
        while start > i && hex(start - 1) {
            start -= 1;
        }
        let mut end = probe + 1;
        while end < bytes.len() && hex(end) {
            end += 1;
        }
        let alone = (start == 0 || !bytes[start - 1].is_ascii_alphanumeric())
            && bytes.get(end).is_none_or(|b| !b.is_ascii_alphanumeric());
        if end - start == RUN && alone {
            let out = out.get_or_insert_with(|| Vec::with_capacity(bytes.len()));
            out.extend_from_slice(&bytes[copied..start]);
            out.extend_from_slice(REDACTED.as_bytes());
            copied = end;
        }
        // `bytes[end]`, when there is one, is not a hexadecimal digit.
        i = end + 1;
    }
    match out {
        Some(mut out) => {
            out.extend_from_slice(&bytes[copied..]);
            Cow::Owned(out)
        }
        None => Cow::Borrowed(bytes),
    }
}

/// Where `needle` (not empty) first is in `haystack`, ignoring ASCII case.
fn find_ignoring_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let first = needle[0];
    let (lower, upper) = (first.to_ascii_lowercase(), first.to_ascii_uppercase());
    let mut from = 0;
    while let Some(at) = memchr::memchr2(lower, upper, &haystack[from..]) {
        let start = from + at;
        let candidate = haystack.get(start..start + needle.len())?;
        if candidate.eq_ignore_ascii_case(needle) {
            return Some(start);
        }
        from = start + 1;
    }
    None
}

/// The secrets known for a whole recording: the credentials, and the recent tokens.
#[derive(Default)]
pub(crate) struct Secrets {
    fixed: Vec<String>,
    learned: VecDeque<String>,
    needles: Option<Arc<Needles>>,
}

impl Secrets {
    /// Adds a credential (SK, app secret); `true` when it was new.
    pub(crate) fn add(&mut self, secret: &str) -> bool {
        if secret.is_empty() || self.fixed.iter().any(|s| s == secret) {
            return false;
        }
        self.fixed.push(secret.to_owned());
        self.rebuild();
        true
    }

    /// Whether `secret` is known already (or too short to be learned).
    pub(crate) fn knows(&self, secret: &str) -> bool {
        secret.len() < SHORTEST_LEARNED
            || self.fixed.iter().chain(&self.learned).any(|s| s == secret)
    }

    /// Adds a token seen in a request or a reply; short values are not learned.
    pub(crate) fn learn(&mut self, secret: &str) {
        if self.knows(secret) {
            return;
        }
        if self.learned.len() == LEARNED_KEPT {
            self.learned.pop_front();
        }
        self.learned.push_back(secret.to_owned());
        self.rebuild();
    }

    fn rebuild(&mut self) {
        let all = self.fixed.iter().chain(&self.learned);
        self.needles = Needles::new(all.map(|s| (s.as_str(), REDACTED))).map(Arc::new);
    }

    /// The needles of every secret known now.
    pub(crate) fn needles(&self) -> Option<Arc<Needles>> {
        self.needles.clone()
    }
}

/// What one exchange's text is cleaned with: the recording's secrets, and this exchange's own
/// (its signature, the server's host name).
pub(crate) struct Scrubber<'a> {
    /// The recording's secrets.
    pub(crate) lasting: Option<Arc<Needles>>,
    /// This exchange's signature.
    pub(crate) exchange: Option<&'a Needles>,
    /// The server's host name.
    pub(crate) host: Option<&'a Needles>,
    /// Whether runs of 64 hexadecimal digits go too: in an exchange signed with auth-v2, the
    /// form of a signature or a signing key (one the server computed, which the client does
    /// not know: the signature it expected, say).
    pub(crate) hex_runs: bool,
}

impl Scrubber<'_> {
    /// `text` without any secret or host name.
    pub(crate) fn text<'t>(&self, text: &'t str) -> Cow<'t, str> {
        match self.bytes(text.as_bytes()) {
            Cow::Borrowed(_) => Cow::Borrowed(text),
            // Whole UTF-8 sequences replaced by ASCII.
            Cow::Owned(bytes) => Cow::Owned(
                String::from_utf8(bytes)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
            ),
        }
    }

    /// [`Self::text`] of bytes.
    pub(crate) fn bytes<'t>(&self, bytes: &'t [u8]) -> Cow<'t, [u8]> {
        let mut bytes = Cow::Borrowed(bytes);
        for needles in self.all() {
            if let Cow::Owned(done) = needles.bytes(&bytes) {
                bytes = Cow::Owned(done);
            }
        }
        if self.hex_runs
            && let Cow::Owned(done) = hex_runs(&bytes)
        {
            bytes = Cow::Owned(done);
        }
        bytes
    }

    /// How many bytes at the end of a body cut short are the start of a secret.
    pub(crate) fn cut_tail(&self, bytes: &[u8]) -> usize {
        self.all().map(|n| n.cut_tail(bytes)).max().unwrap_or(0)
    }

    fn all(&self) -> impl Iterator<Item = &Needles> {
        self.lasting
            .as_deref()
            .into_iter()
            .chain(self.exchange)
            .chain(self.host)
    }

    /// Whether the strings (keys included) of the JSON document `raw` certainly hold nothing
    /// to clean, from one search of the document's text: when it has no escape (`\`), each
    /// of its strings is a part of the text as it is, between quotes, so a secret, a host
    /// name (whole: a quote is not part of a name) or a lone run of 64 hexadecimal digits in
    /// a string is one in the text. A document with escapes, or with something found in its
    /// text (perhaps across strings), is cleaned string by string ([`Self::json`]).
    pub(crate) fn nothing_in_json(&self, raw: &[u8]) -> bool {
        memchr::memchr(b'\\', raw).is_none() && matches!(self.bytes(raw), Cow::Borrowed(_))
    }

    /// Cleans every string (keys included) of a JSON document in place.
    pub(crate) fn json(&self, value: &mut Value) {
        match value {
            Value::String(s) => {
                if let Cow::Owned(clean) = self.text(s) {
                    *s = clean;
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.json(v)),
            Value::Object(map) => {
                if map.keys().any(|k| matches!(self.text(k), Cow::Owned(_))) {
                    let old = std::mem::take(map);
                    for (key, value) in old {
                        map.insert(self.text(&key).into_owned(), value);
                    }
                }
                map.values_mut().for_each(|v| self.json(v));
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
    }
}

/// Whether a JSON key holds a secret: the spec marks it `format: password` (`app_secret`,
/// `AccessToken`), or its name says so (`refresh_token`, `password`, ...).
pub(crate) fn is_secret_key(key: &str) -> bool {
    if cassette::is_secret_key(key) {
        return true;
    }
    let has = |word: &str| {
        key.as_bytes()
            .windows(word.len())
            .any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
    };
    [
        "token",
        "secret",
        "password",
        "passwd",
        "signature",
        "credential",
    ]
    .into_iter()
    .any(has)
        && !has("expire")
}

/// The string values under secret keys, anywhere in a JSON document (the tokens of a token
/// reply, to be redacted wherever else they occur).
pub(crate) fn secret_values(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Array(items) => items.iter().for_each(|v| secret_values(v, found)),
        Value::Object(map) => {
            for (key, value) in map {
                match value {
                    Value::String(s) if is_secret_key(key) => found.push(s.clone()),
                    _ => secret_values(value, found),
                }
            }
        }
        _ => {}
    }
}

/// Replaces the string values under secret keys by [`REDACTED`].
pub(crate) fn secret_fields(value: &mut Value) {
    match value {
        Value::Array(items) => items.iter_mut().for_each(secret_fields),
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                match value {
                    Value::String(s) if is_secret_key(key) => *s = REDACTED.to_owned(),
                    _ => secret_fields(value),
                }
            }
        }
        _ => {}
    }
}

/// The first characters of an access key, followed by `…`: four, or half of a shorter key.
pub(crate) fn abbreviate(access_key: &str) -> String {
    let shown = 4.min(access_key.chars().count() / 2);
    let start: String = access_key.chars().take(shown).collect();
    format!("{start}…")
}

/// The value of an `Authorization` header as recorded: `auth-v2/` with the access key's first
/// characters, the timestamp and the signed headers, then [`SIGNATURE_REMOVED`];
/// `Bearer [REDACTED]`; any other scheme's name and [`REDACTED`].
pub(crate) fn authorization(value: &HeaderValue) -> String {
    let text = String::from_utf8_lossy(value.as_bytes());
    let text = text.trim();
    let parts: Vec<&str> = text.split('/').collect();
    if let [scheme, access_key, timestamp, signed_headers, _signature] = parts.as_slice()
        && scheme.eq_ignore_ascii_case("auth-v2")
    {
        let plain = |s: &str| {
            s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b":.;-_".contains(&b))
        };
        if plain(timestamp) && plain(signed_headers) {
            return format!(
                "{scheme}/{}/{timestamp}/{signed_headers}/{SIGNATURE_REMOVED}",
                abbreviate(access_key)
            );
        }
    }
    match text.split_once(' ') {
        Some((scheme, _))
            if !scheme.is_empty()
                && scheme.len() <= 20
                && scheme
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-') =>
        {
            format!("{scheme} {REDACTED}")
        }
        _ => REDACTED.to_owned(),
    }
}

/// What a header is recorded as: `None` to leave it out (cookies), [`REDACTED`] for headers
/// that carry credentials by name, the `authorization` header reduced to its scheme, and any
/// other value cleaned of secrets and host names.
pub(crate) fn header(name: &str, value: &HeaderValue, scrub: &Scrubber<'_>) -> Option<String> {
    match name {
        "cookie" | "set-cookie" | "set-cookie2" => return None,
        "authorization" | "proxy-authorization" => return Some(authorization(value)),
        _ => {}
    }
    let sensitive = [
        "token",
        "secret",
        "password",
        "passwd",
        "signature",
        "session",
        "credential",
        "api-key",
        "apikey",
    ];
    if name != "x-token-expire" && sensitive.iter().any(|word| name.contains(word)) {
        return Some(REDACTED.to_owned());
    }
    Some(
        scrub
            .text(&String::from_utf8_lossy(value.as_bytes()))
            .into_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scrubber<'a>(secrets: &[&str], host: &'a Needles) -> Scrubber<'a> {
        let mut known = Secrets::default();
        for s in secrets {
            known.add(s);
        }
        Scrubber {
            lasting: known.needles(),
            exchange: None,
            host: Some(host),
            hex_runs: false,
        }
    }

    fn host() -> Needles {
        Needles::host("cec.example.com").unwrap()
    }

    #[test]
    fn a_host_name_is_replaced_where_it_stands_as_a_whole_name() {
        let host = Needles::host("cms").unwrap();
        let scrub = Scrubber {
            lasting: None,
            exchange: None,
            host: Some(&host),
            hex_runs: false,
        };
        assert_eq!(
            scrub.text("/rest/cmsapp at cms:8080 (CMS), x-cms"),
            "/rest/cmsapp at [host]:8080 ([host]), x-cms"
        );
    }

    #[test]
    fn every_written_form_of_a_secret_is_found() {
        let host = host();
        let scrub = scrubber(&["s3cr/t+k=y&<x>\"q"], &host);
        for form in [
            "s3cr/t+k=y&<x>\"q",
            "s3cr%2Ft%2Bk%3Dy%26%3Cx%3E%22q",
            "s3cr%2ft%2bk%3dy%26%3cx%3e%22q",
            "s3cr/t+k=y&<x>\\\"q",
            "s3cr\\/t+k=y&<x>\\\"q",
            "s3cr/t+k=y&amp;&lt;x&gt;&quot;q",
            "S3CR/T+K=Y&<X>\"Q",
        ] {
            let text = format!("before {form} after, and cec.example.com:443");
            assert_eq!(
                scrub.text(&text),
                "before [REDACTED] after, and [host]:443",
                "{form}"
            );
            assert_eq!(
                &*scrub.bytes(text.as_bytes()),
                b"before [REDACTED] after, and [host]:443"
            );
        }
        assert!(matches!(scrub.text("nothing here"), Cow::Borrowed(_)));
    }

    #[test]
    fn a_few_values_are_found_ignoring_case_the_longest_first() {
        let few = Needles::few([("abcdef12", REDACTED), ("abcdef1234", "[LONG]")]).unwrap();
        let scrub = Scrubber {
            lasting: None,
            exchange: Some(&few),
            host: None,
            hex_runs: false,
        };
        assert_eq!(
            scrub.text("x ABCDEF1234 y abcdef12 z abcdef1abcdef12"),
            "x [LONG] y [REDACTED] z abcdef1[REDACTED]"
        );
        assert!(matches!(scrub.text("abc"), Cow::Borrowed(_)));
        assert!(Needles::few([("", REDACTED)]).is_none());
    }

    #[test]
    fn runs_of_64_hex_digits_go_in_signed_exchanges() {
        let signature = "0123456789abcdef".repeat(4);
        let scrub = Scrubber {
            lasting: None,
            exchange: None,
            host: None,
            hex_runs: true,
        };
        let text = format!(
            "expected {signature}, {}; kept: {}, x{signature}, {signature}0",
            signature.to_uppercase(),
            &signature[1..]
        );
        assert_eq!(
            scrub.text(&text),
            format!(
                "expected [REDACTED], [REDACTED]; kept: {}, x{signature}, {signature}0",
                &signature[1..]
            )
        );
    }

    #[test]
    fn secret_keys_are_known_by_name_whatever_their_case() {
        for key in [
            "AccessToken",
            "app_secret",
            "REFRESH_TOKEN",
            "x-Password",
            "clientSecret",
        ] {
            assert!(is_secret_key(key), "{key}");
        }
        for key in ["tokenExpire", "Expires_In", "callId", "app_key", "tok"] {
            assert!(!is_secret_key(key), "{key}");
        }
    }

    #[test]
    fn a_secret_cut_short_at_the_end_is_found() {
        let host = host();
        let scrub = scrubber(&["abcdefghijkl"], &host);
        assert_eq!(scrub.cut_tail(b"... abcdefg"), 7);
        assert_eq!(scrub.cut_tail(b"... ABCD"), 4);
        assert_eq!(scrub.cut_tail(b"... abc"), 0);
        assert_eq!(scrub.cut_tail(b"x"), 0);
    }

    /// The runs of 64 hexadecimal digits found by looking at one byte in 64 are those found by
    /// looking at every byte.
    #[test]
    fn hex_runs_skipping_finds_what_a_byte_by_byte_search_finds() {
        fn every_byte(bytes: &[u8]) -> Vec<u8> {
            let mut out = Vec::new();
            let mut i = 0;
            while i < bytes.len() {
                if !bytes[i].is_ascii_hexdigit() {
                    out.push(bytes[i]);
                    i += 1;
                    continue;
                }
                let start = i;
                while i < bytes.len() && bytes[i].is_ascii_hexdigit() {
                    i += 1;
                }
                let alone = (start == 0 || !bytes[start - 1].is_ascii_alphanumeric())
                    && bytes.get(i).is_none_or(|b| !b.is_ascii_alphanumeric());
                if i - start == 64 && alone {
                    out.extend_from_slice(REDACTED.as_bytes());
                } else {
                    out.extend_from_slice(&bytes[start..i]);
                }
            }
            out
        }
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let alphabet = b"0123456789abcdefABCDEF/- xyz\"";
        for _ in 0..3000 {
            let len = usize::try_from(next() % 300).unwrap();
            let mut bytes = Vec::with_capacity(len);
            while bytes.len() < len {
                // Runs of hexadecimal digits of lengths around 64, and other bytes.
                if next() % 3 == 0 {
                    let run = 60 + usize::try_from(next() % 9).unwrap();
                    bytes.extend((0..run).map(|_| b"0123456789abcdef"[(next() % 16) as usize]));
                } else {
                    bytes.push(alphabet[usize::try_from(next()).unwrap() % alphabet.len()]);
                }
            }
            assert_eq!(
                hex_runs(&bytes).into_owned(),
                every_byte(&bytes),
                "{}",
                String::from_utf8_lossy(&bytes)
            );
        }
    }

    /// The one search of a JSON document's text finds whatever cleaning its strings one by one
    /// would change: a document it passes is left as it is by [`Scrubber::json`].
    #[test]
    fn a_document_whose_text_holds_nothing_has_nothing_to_clean() {
        let host = Needles::host("cms").unwrap();
        let mut scrub = scrubber(&["the-sk-value"], &host);
        scrub.hex_runs = true;
        let hex = "ab".repeat(32);
        let documents = [
            (r#"{"a":"b","n":[1,2,{"c":null}]}"#.to_owned(), true),
            (r#"{"echo":"sk=the-sk-value"}"#.to_owned(), false),
            (r#"{"THE-SK-VALUE":1}"#.to_owned(), false),
            (r#"{"url":"https://cms:8080/x"}"#.to_owned(), false),
            (r#"{"url":"https://cmsapp/x"}"#.to_owned(), true),
            (format!(r#"{{"sig":"{hex}"}}"#), false),
            (format!(r#"{{"sig":"{hex}0"}}"#), true),
            // Escapes: a secret written \u0074he-sk-value is found only in the string.
            (r#"{"echo":"\u0074he-sk-value"}"#.to_owned(), false),
            (r#"{"quote":"a\"b"}"#.to_owned(), false),
            // Found across strings: cleaned one by one (nothing changes then).
            (r#"{"cms":"8080"}"#.to_owned(), false),
        ];
        for (text, nothing) in documents {
            assert_eq!(scrub.nothing_in_json(text.as_bytes()), nothing, "{text}");
            let value: Value = serde_json::from_str(&text).unwrap();
            let mut cleaned = value.clone();
            scrub.json(&mut cleaned);
            if nothing {
                assert_eq!(cleaned, value, "{text}");
            }
        }
        let value: Value = serde_json::from_str(r#"{"echo":"\u0074he-sk-value"}"#).unwrap();
        let mut cleaned = value.clone();
        scrub.json(&mut cleaned);
        assert_eq!(cleaned["echo"], "[REDACTED]");
    }

    #[test]
    fn json_strings_and_keys_are_cleaned_and_secret_fields_redacted() {
        let host = host();
        let scrub = scrubber(&["the-sk-value"], &host);
        let mut value = serde_json::json!({
            "AccessToken": "tok-0123456789",
            "nested": [{"refresh_token": "r-0123456789", "echo": "sk=the-sk-value"}],
            "the-sk-value": 1,
            "tokenExpire": "600",
        });
        let mut found = Vec::new();
        secret_values(&value, &mut found);
        assert_eq!(found, ["tok-0123456789", "r-0123456789"]);
        secret_fields(&mut value);
        scrub.json(&mut value);
        assert_eq!(
            value,
            serde_json::json!({
                "AccessToken": "[REDACTED]",
                "nested": [{"refresh_token": "[REDACTED]", "echo": "sk=[REDACTED]"}],
                "[REDACTED]": 1,
                "tokenExpire": "600",
            })
        );
    }

    #[test]
    fn learned_tokens_are_bounded_and_short_values_not_learned() {
        let mut secrets = Secrets::default();
        secrets.learn("Bearer");
        assert!(secrets.needles().is_none());
        for i in 0..20 {
            secrets.learn(&format!("token-number-{i:02}"));
        }
        assert_eq!(secrets.learned.len(), LEARNED_KEPT);
        assert_eq!(secrets.learned[0], "token-number-12");
    }

    #[test]
    fn authorization_keeps_the_scheme_only() {
        let auth = |v: &str| authorization(&HeaderValue::from_str(v).unwrap());
        assert_eq!(
            auth("auth-v2/AKPRODUCTION/2026-12-04T14:00:00.123Z/content-type;host/0123abcd"),
            "auth-v2/AKPR…/2026-12-04T14:00:00.123Z/content-type;host/[signature removed]"
        );
        assert_eq!(auth("Bearer abc.def"), "Bearer [REDACTED]");
        assert_eq!(auth("Basic dXNlcjpwYXNz"), "Basic [REDACTED]");
        assert_eq!(auth("opaque-token-value"), "[REDACTED]");
        assert_eq!(auth("auth-v2/ak/t s/h/sig"), "[REDACTED]");
        assert_eq!(abbreviate("ab"), "a…");
        assert_eq!(abbreviate(""), "…");
    }

    #[test]
    fn credential_headers_are_redacted_and_cookies_left_out() {
        let host = host();
        let scrub = scrubber(&["the-sk-value"], &host);
        let header = |name: &str, value: &str| {
            super::header(name, &HeaderValue::from_str(value).unwrap(), &scrub)
        };
        assert_eq!(header("set-cookie", "SESSION=1"), None);
        assert_eq!(header("x-auth-token", "t").as_deref(), Some(REDACTED));
        assert_eq!(header("x-token-expire", "600").as_deref(), Some("600"));
        assert_eq!(
            header("x-echo", "sk the-sk-value at cec.example.com").as_deref(),
            Some("sk [REDACTED] at [host]")
        );
    }
}
