//! Signing profiles: the four points on which descriptions of `auth-v2` disagree, as knobs.
//!
//! The documentation page and Huawei's own Java demo sign differently in four places (see
//! `docs/authentication.md`). Which variant a given server accepts cannot be known in
//! advance, so the signer takes a [`SigningProfile`]: one value per knob, with two presets,
//! [`SigningProfile::DOCUMENTED`] (the default) and [`SigningProfile::JAVA_DEMO`].

use std::fmt;
use std::str::FromStr;

/// The timestamp of the `Authorization` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum TimestampFormat {
    /// `yyyy-MM-dd'T'HH:mm:ss.SSS'Z'` (the documentation page): `ts=millis`.
    #[default]
    Millis,
    /// `yyyy-MM-dd'T'HH:mm:ss'Z'` (Huawei's Java demo): `ts=seconds`.
    Seconds,
}

/// Whether the canonical request has its (empty) query line when the request has no query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum QueryLine {
    /// Six parts, the third empty (the documentation page): `query-line=keep`.
    #[default]
    Keep,
    /// Five parts, no query line (Huawei's Java demo): `query-line=omit`.
    Omit,
}

/// Which headers are signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum HeaderSet {
    /// `host`, `content-type` when sent, and `content-length` when the request has a body
    /// (the documentation page): `headers=standard`.
    #[default]
    Standard,
    /// `host` only (Huawei's Java demo): `headers=host`.
    Host,
}

/// The `Host` header sent and signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum HostForm {
    /// `hostname:port`, the port left out only when it is the scheme's default (the
    /// documentation page, and what HTTP clients send): `host=port`.
    #[default]
    Port,
    /// `hostname` alone, whatever the port (Huawei's Java demo sets the header itself):
    /// `host=no-port`. The request still goes to the port of the URL.
    NoPort,
}

/// How `auth-v2` requests are signed: one value for each point on which the documentation
/// page and Huawei's Java demo differ.
///
/// Parsed from (and displayed as) a preset name, `documented` or `java-demo`, or a comma
/// list of knobs, `ts=millis|seconds`, `query-line=keep|omit`, `headers=standard|host`,
/// `host=port|no-port`; knobs left out keep their documented value.
///
/// ```
/// use huawei_cec::auth::{SigningProfile, TimestampFormat};
///
/// let profile: SigningProfile = "ts=seconds,host=no-port".parse()?;
/// assert_eq!(profile.timestamp, TimestampFormat::Seconds);
/// assert_eq!(profile.to_string(), "ts=seconds,query-line=keep,headers=standard,host=no-port");
/// assert_eq!("java-demo".parse::<SigningProfile>()?, SigningProfile::JAVA_DEMO);
/// assert_eq!(SigningProfile::default(), SigningProfile::DOCUMENTED);
/// # Ok::<(), huawei_cec::auth::ParseProfileError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub struct SigningProfile {
    /// `ts`: milliseconds in the timestamp or not.
    pub timestamp: TimestampFormat,
    /// `query-line`: the empty query line kept or left out.
    pub query_line: QueryLine,
    /// `headers`: the standard set or `host` alone.
    pub headers: HeaderSet,
    /// `host`: the Host header with its port or without.
    pub host: HostForm,
}

/// What `--signing-profile` and `CEC_SIGNING_PROFILE` accept, as error messages say it (word
/// for word the Python, TypeScript and Java helpers' text).
pub const PROFILE_SYNTAX: &str = "a profile is 'documented', 'java-demo', or a comma list of \
    knobs such as 'ts=seconds,query-line=omit' (knobs: ts=millis|seconds, query-line=keep|omit, \
    headers=standard|host, host=port|no-port; a knob left out keeps its documented value)";

impl SigningProfile {
    /// The documentation page: milliseconds, the empty query line kept, the standard
    /// headers, the Host with its port. The default.
    pub const DOCUMENTED: Self = Self {
        timestamp: TimestampFormat::Millis,
        query_line: QueryLine::Keep,
        headers: HeaderSet::Standard,
        host: HostForm::Port,
    };

    /// Huawei's Java demo: no milliseconds, no query line without a query, `host` alone
    /// signed, the Host without its port.
    pub const JAVA_DEMO: Self = Self {
        timestamp: TimestampFormat::Seconds,
        query_line: QueryLine::Omit,
        headers: HeaderSet::Host,
        host: HostForm::NoPort,
    };

    /// The presets, with their names.
    pub const PRESETS: [(&'static str, Self); 2] = [
        ("documented", Self::DOCUMENTED),
        ("java-demo", Self::JAVA_DEMO),
    ];

    /// This profile with another timestamp format.
    pub const fn with_timestamp(mut self, timestamp: TimestampFormat) -> Self {
        self.timestamp = timestamp;
        self
    }

    /// This profile with the empty query line kept or left out.
    pub const fn with_query_line(mut self, query_line: QueryLine) -> Self {
        self.query_line = query_line;
        self
    }

    /// This profile with another set of signed headers.
    pub const fn with_headers(mut self, headers: HeaderSet) -> Self {
        self.headers = headers;
        self
    }

    /// This profile with the Host header with or without its port.
    pub const fn with_host(mut self, host: HostForm) -> Self {
        self.host = host;
        self
    }

    /// Every combination of the knobs (16), the presets among them.
    pub fn all() -> impl Iterator<Item = Self> {
        (0u8..16).map(|bits| Self {
            timestamp: [TimestampFormat::Millis, TimestampFormat::Seconds][usize::from(bits & 1)],
            query_line: [QueryLine::Keep, QueryLine::Omit][usize::from(bits >> 1 & 1)],
            headers: [HeaderSet::Standard, HeaderSet::Host][usize::from(bits >> 2 & 1)],
            host: [HostForm::Port, HostForm::NoPort][usize::from(bits >> 3 & 1)],
        })
    }

    /// The preset's name, when this profile is a preset.
    pub fn preset_name(&self) -> Option<&'static str> {
        Self::PRESETS
            .iter()
            .find(|(_, p)| p == self)
            .map(|(name, _)| *name)
    }

    /// The knobs as a comma list, `ts=...,query-line=...,headers=...,host=...`, even for a
    /// preset.
    pub fn knobs(&self) -> String {
        format!(
            "ts={},query-line={},headers={},host={}",
            self.timestamp.name(),
            self.query_line.name(),
            self.headers.name(),
            self.host.name()
        )
    }

    /// The value of `Host` sent and signed for a request addressed to `authority`
    /// (`host[:port]`, the port only when it is not the scheme's default).
    pub fn host_value<'a>(&self, authority: &'a str) -> &'a str {
        match self.host {
            HostForm::Port => authority,
            HostForm::NoPort => without_port(authority),
        }
    }
}

/// `host` of `host:port` (`[v6]` of `[v6]:port`); anything else unchanged.
pub(crate) fn without_port(authority: &str) -> &str {
    let host_end = if authority.starts_with('[') {
        authority.find(']').map(|i| i + 1)
    } else {
        authority
            .rfind(':')
            .filter(|_| authority.matches(':').count() == 1)
    };
    match host_end {
        Some(end)
            if authority.as_bytes().get(end) == Some(&b':')
                && authority.len() > end + 1
                && authority[end + 1..].bytes().all(|b| b.is_ascii_digit()) =>
        {
            &authority[..end]
        }
        _ => authority,
    }
}

impl TimestampFormat {
    const NAMES: [(&'static str, Self); 2] = [("millis", Self::Millis), ("seconds", Self::Seconds)];

    fn name(self) -> &'static str {
        Self::NAMES[usize::from(self == Self::Seconds)].0
    }
}

impl QueryLine {
    const NAMES: [(&'static str, Self); 2] = [("keep", Self::Keep), ("omit", Self::Omit)];

    fn name(self) -> &'static str {
        Self::NAMES[usize::from(self == Self::Omit)].0
    }
}

impl HeaderSet {
    const NAMES: [(&'static str, Self); 2] = [("standard", Self::Standard), ("host", Self::Host)];

    fn name(self) -> &'static str {
        Self::NAMES[usize::from(self == Self::Host)].0
    }
}

impl HostForm {
    const NAMES: [(&'static str, Self); 2] = [("port", Self::Port), ("no-port", Self::NoPort)];

    fn name(self) -> &'static str {
        Self::NAMES[usize::from(self == Self::NoPort)].0
    }
}

impl fmt::Display for SigningProfile {
    /// The preset's name, or the canonical comma list of the four knobs. The alternate form
    /// (`{:#}`) adds the knobs to a preset's name: `java-demo (ts=seconds,...)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.preset_name() {
            Some(name) if f.alternate() => write!(f, "{name} ({})", self.knobs()),
            Some(name) => f.write_str(name),
            None => f.write_str(&self.knobs()),
        }
    }
}

/// A signing profile that could not be read; its `Display` says what is wrong and what is
/// allowed, in the same words as the Python, TypeScript and Java helpers (the table
/// `tests/signing-vectors/profile-text.json` holds them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseProfileError {
    message: String,
}

impl fmt::Display for ParseProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ParseProfileError {}

fn error(message: String) -> ParseProfileError {
    ParseProfileError { message }
}

/// White space as JavaScript's `String.prototype.trim` sees it: the rule of every helper, so
/// that the four implementations read the same text alike.
fn is_space(c: char) -> bool {
    const OTHERS: [char; 8] = [
        '\u{a0}', '\u{1680}', '\u{2028}', '\u{2029}', '\u{202f}', '\u{205f}', '\u{3000}',
        '\u{feff}',
    ];
    matches!(c, '\t'..='\r' | ' ' | '\u{2000}'..='\u{200a}') || OTHERS.contains(&c)
}

fn trim(text: &str) -> &str {
    text.trim_matches(is_space)
}

/// `text` as a JSON string literal (as JavaScript's `JSON.stringify` writes it).
fn quote(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| format!("{text:?}"))
}

/// The entry of `names` equal to `text` in any ASCII case.
fn find<T: Copy>(names: &[(&'static str, T)], text: &str) -> Option<(&'static str, T)> {
    names
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(text))
        .copied()
}

/// The knobs' names in profile text.
const KNOBS: [&str; 4] = ["ts", "query-line", "headers", "host"];

/// The value of `knob` named by `value` (any ASCII case).
fn pick<T: Copy>(
    knob: &str,
    value: &str,
    names: [(&'static str, T); 2],
) -> Result<T, ParseProfileError> {
    find(&names, value).map(|(_, v)| v).ok_or_else(|| {
        error(format!(
            "signing profile knob {knob}={} is not allowed: {knob} is {} or {}",
            quote(value),
            names[0].0,
            names[1].0
        ))
    })
}

impl FromStr for SigningProfile {
    type Err = ParseProfileError;

    /// Reads a preset's name or a comma list of knobs. Names and values are matched in any
    /// ASCII case (`Java-Demo` is `java-demo`); white space around the text, the names and
    /// the values is ignored.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let trimmed = trim(text);
        if let Some((_, preset)) = find(&Self::PRESETS, trimmed) {
            return Ok(preset);
        }
        if trimmed.is_empty() {
            return Err(error(format!(
                "the signing profile is empty: {PROFILE_SYNTAX}"
            )));
        }
        let mut profile = Self::DOCUMENTED;
        let mut seen: Vec<&str> = Vec::with_capacity(KNOBS.len());
        for item in trimmed.split(',') {
            let Some((name, value)) = item.split_once('=') else {
                return Err(error(format!(
                    "signing profile {} is not understood: {PROFILE_SYNTAX}",
                    quote(text)
                )));
            };
            let (name, value) = (trim(name), trim(value));
            let Some(knob) = KNOBS
                .into_iter()
                .find(|knob| knob.eq_ignore_ascii_case(name))
            else {
                return Err(error(format!(
                    "unknown signing profile knob {} in {}: {PROFILE_SYNTAX}",
                    quote(name),
                    quote(text)
                )));
            };
            if seen.contains(&knob) {
                return Err(error(format!(
                    "signing profile knob {} is given twice in {}",
                    quote(knob),
                    quote(text)
                )));
            }
            seen.push(knob);
            match knob {
                "ts" => profile.timestamp = pick(knob, value, TimestampFormat::NAMES)?,
                "query-line" => profile.query_line = pick(knob, value, QueryLine::NAMES)?,
                "headers" => profile.headers = pick(knob, value, HeaderSet::NAMES)?,
                _ => profile.host = pick(knob, value, HostForm::NAMES)?,
            }
        }
        Ok(profile)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_and_knob_lists_parse_and_display() {
        assert_eq!(
            "documented".parse::<SigningProfile>(),
            Ok(SigningProfile::DOCUMENTED)
        );
        assert_eq!(
            " Java-Demo ".parse::<SigningProfile>(),
            Ok(SigningProfile::JAVA_DEMO)
        );
        assert_eq!(
            "ts=seconds,query-line=omit,headers=host,host=no-port".parse::<SigningProfile>(),
            Ok(SigningProfile::JAVA_DEMO)
        );
        assert_eq!(SigningProfile::JAVA_DEMO.to_string(), "java-demo");
        assert_eq!(
            format!("{:#}", SigningProfile::DOCUMENTED),
            "documented (ts=millis,query-line=keep,headers=standard,host=port)"
        );
        let one = "query-line=omit".parse::<SigningProfile>().unwrap();
        assert_eq!(
            one,
            SigningProfile::DOCUMENTED.with_query_line(QueryLine::Omit)
        );
        assert_eq!(
            one.to_string(),
            "ts=millis,query-line=omit,headers=standard,host=port"
        );
        assert_eq!(format!("{one:#}"), one.to_string());
        for profile in SigningProfile::all() {
            assert_eq!(profile.to_string().parse(), Ok(profile));
            assert_eq!(profile.knobs().parse(), Ok(profile));
        }
        assert_eq!(SigningProfile::all().count(), 16);
    }

    #[test]
    fn the_port_is_dropped_only_when_there_is_one() {
        let no_port = SigningProfile::DOCUMENTED.with_host(HostForm::NoPort);
        for (authority, host) in [
            ("127.0.0.1:28443", "127.0.0.1"),
            ("cc-isales.example.com", "cc-isales.example.com"),
            ("[::1]:8080", "[::1]"),
            ("[::1]", "[::1]"),
            ("::1", "::1"),
            ("h:", "h:"),
            ("h:x1", "h:x1"),
        ] {
            assert_eq!(no_port.host_value(authority), host, "{authority}");
            assert_eq!(SigningProfile::DOCUMENTED.host_value(authority), authority);
        }
    }
}
