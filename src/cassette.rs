//! Cassettes: exchanges with the CEC servers as they were recorded, one JSON document a line.
//!
//! A cassette is what a recording client writes (the server's replies, with every secret
//! removed and personal data masked), what `cec conformance` checks against the spec, and
//! what the simulator replays. The format is described for people in `docs/cassettes.md`;
//! this module holds its types and reads it.
//!
//! The first line is a [`Header`]; every other non-empty line is an [`Exchange`]: one attempt
//! of one operation (a retried call is several exchanges), the token requests included.
//!
//! ```
//! use huawei_cec::cassette::Cassette;
//!
//! let text = concat!(
//!     r#"{"format":"huawei-cec-cassette","version":1,"crate_version":"0.1.0","#,
//!     r#""recorded_at":"2026-12-04T14:00:00.000Z","personal_data":"masked"}"#, "\n",
//! );
//! let cassette = Cassette::from_reader(text.as_bytes())?;
//! assert!(cassette.exchanges.is_empty());
//! # Ok::<(), huawei_cec::cassette::CassetteError>(())
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::io::BufRead;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// The value of [`Header::format`].
pub const FORMAT: &str = "huawei-cec-cassette";

/// The version of the format this crate writes and reads. A reader refuses a cassette of a
/// later version; a change that a reader of this version could misread raises it.
pub const VERSION: u32 = 1;

/// The longest line a reader accepts, in bytes (a recorded body is bounded well below it).
pub const MAX_LINE_BYTES: usize = 64 * 1024 * 1024;

/// The spec's tables, made by `build.rs` from `spec/huawei-cec.yaml`.
mod spec_tables {
    include!(concat!(env!("OUT_DIR"), "/spec_tables.rs"));
}

/// What the spec says of one operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(dead_code)] // until the recorder, conformance and replay use it (issue 18)
pub(crate) struct Operation {
    /// progenitor's operation id (`get_call_result_detail`), as the transport sees it.
    pub(crate) rust_id: &'static str,
    /// The spec's operationId (`getCallResultDetail`), as a cassette names it.
    pub(crate) operation_id: &'static str,
    /// `GET` or `POST`.
    pub(crate) method: &'static str,
    /// The path template (`/rest/isales/v1/openapi/campaigns/{vdnId}/...`).
    pub(crate) path: &'static str,
    /// The operation's tag, which names its server: `isales`, `cms`, `dataprocess`, `auth`.
    pub(crate) tag: &'static str,
}

/// Every operation of the spec.
#[allow(dead_code)] // until the recorder, conformance and replay use it (issue 18)
pub(crate) fn operations() -> impl Iterator<Item = Operation> {
    spec_tables::OPERATIONS
        .iter()
        .map(|&(rust_id, operation_id, method, path, tag)| Operation {
            rust_id,
            operation_id,
            method,
            path,
            tag,
        })
}

/// The operation of a progenitor operation id or of an operationId.
#[allow(dead_code)] // until the recorder, conformance and replay use it (issue 18)
pub(crate) fn operation(id: &str) -> Option<Operation> {
    operations().find(|op| op.rust_id == id || op.operation_id == id)
}

/// The value of `x-personal-data` on the JSON key `key` (any schema, aliases included):
/// `subscriber-number`, `recording-url`, or `None` when the spec does not mark it.
#[allow(dead_code)] // until the recorder, conformance and replay use it (issue 18)
pub(crate) fn personal_data_kind(key: &str) -> Option<&'static str> {
    spec_tables::PERSONAL_DATA_KEYS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, kind)| *kind)
}

/// Whether the JSON key `key` holds a secret (its schema is `format: password`).
#[allow(dead_code)] // until the recorder, conformance and replay use it (issue 18)
pub(crate) fn is_secret_key(key: &str) -> bool {
    spec_tables::SECRET_KEYS.contains(&key)
}

/// Whether the personal data in a cassette is masked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PersonalData {
    /// Values of the fields the spec marks `x-personal-data` were replaced by values of the
    /// same shape (the default).
    Masked,
    /// The recording kept them, as asked (`--record-personal-data`).
    Kept,
}

/// The first line of a cassette.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Header {
    /// Always [`FORMAT`].
    pub format: String,
    /// The format's version, [`VERSION`] when written by this crate.
    pub version: u32,
    /// The version of the crate that recorded it.
    pub crate_version: String,
    /// When the recording started (RFC 3339, UTC).
    pub recorded_at: String,
    /// Whether personal data is masked.
    pub personal_data: PersonalData,
    /// What made the recording (`cec doctor`, `cec call-result-detail`, a program), if said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Header {
    /// The header of a new cassette recorded by this crate now.
    pub fn new(personal_data: PersonalData, note: Option<String>) -> Self {
        Self {
            format: FORMAT.to_owned(),
            version: VERSION,
            crate_version: env!("CARGO_PKG_VERSION").to_owned(),
            recorded_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            personal_data,
            note,
        }
    }
}

/// How a recorded request was authenticated. Never the secret part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "scheme", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Auth {
    /// Nothing (the token request).
    None,
    /// An auth-v2 signature.
    AuthV2 {
        /// The first characters of the access key, followed by `…`.
        access_key: String,
        /// The signing profile, as `cec --signing-profile` takes it (`documented`,
        /// `java-demo`, `ts=seconds,...`).
        signing_profile: String,
    },
    /// A bearer token (its value is never recorded).
    Bearer,
}

/// One attempt of one operation: the request as sent and what came back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Exchange {
    /// The exchange's number in the cassette, from 1.
    pub seq: u64,
    /// The spec's operationId (`getCallResultDetail`; `createToken` for a token request).
    pub operation: String,
    /// The operation's server, by the spec's tag: `isales`, `cms`, `dataprocess`, `auth`.
    pub server: String,
    /// The attempt's number within its call, from 1.
    pub attempt: u32,
    /// When the attempt started (RFC 3339, UTC, milliseconds).
    pub started_at: String,
    /// From sending the request to the end of the reply's body (or to the failure).
    pub duration_ms: f64,
    /// How the request was authenticated.
    pub auth: Auth,
    /// The request as sent (secrets removed, personal data masked).
    pub request: Request,
    /// The reply, when one came.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<Response>,
    /// Why no usable reply came (a refused connection, a timeout, a reply over the size
    /// limit, a redirect), when none did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A recorded request. The host name is not recorded; the scheme and port are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Request {
    /// `GET`, `POST`.
    pub method: String,
    /// `https` or `http`.
    pub scheme: String,
    /// The port, when the URL gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    /// The path, percent-encoded as sent.
    pub path: String,
    /// The query, as sent, without the `?`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// The headers sent, by lower-case name (repeated headers joined with `, `); the
    /// `authorization` header keeps its scheme and the access key's first characters only.
    pub headers: BTreeMap<String, String>,
    /// The body, when there was one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Body>,
}

/// A recorded reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Response {
    /// The HTTP status.
    pub status: u16,
    /// The headers, by lower-case name (repeated headers joined with `, `).
    pub headers: BTreeMap<String, String>,
    /// The body, when there was one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Body>,
}

/// A recorded body: its length on the wire and its content, as JSON when it parsed as JSON,
/// else as text when it was UTF-8, else base64.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Body {
    /// The body's length in bytes, as sent or received.
    pub length: u64,
    /// Whether only the start of the body was recorded.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
    /// The content.
    #[serde(flatten)]
    pub content: Content,
}

/// The content of a recorded body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Content {
    /// A body that parsed as JSON.
    Json(serde_json::Value),
    /// A UTF-8 body that is not JSON (an HTML error page, say), or a truncated one.
    Text(String),
    /// Anything else, in standard base64.
    Base64(String),
}

/// A whole cassette.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Cassette {
    /// Its first line.
    pub header: Header,
    /// Its exchanges, in the order written.
    pub exchanges: Vec<Exchange>,
}

/// A file that is not a cassette this crate can read: where, and what is wrong.
#[derive(Debug)]
#[non_exhaustive]
pub struct CassetteError {
    /// The line (from 1), when the problem is on one.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for CassetteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for CassetteError {}

impl CassetteError {
    fn at(line: usize, message: impl Into<String>) -> Self {
        Self {
            line: Some(line),
            message: message.into(),
        }
    }
}

impl Cassette {
    /// Reads a whole cassette.
    pub fn from_reader(reader: impl BufRead) -> Result<Self, CassetteError> {
        let mut lines = Lines::new(reader)?;
        let header = lines.header.clone();
        let exchanges = lines.by_ref().collect::<Result<_, _>>()?;
        Ok(Self { header, exchanges })
    }

    /// Reads a whole cassette from a file.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Self, CassetteError> {
        let path = path.as_ref();
        let file = std::fs::File::open(path).map_err(|e| CassetteError {
            line: None,
            message: format!("cannot open {}: {e}", path.display()),
        })?;
        Self::from_reader(std::io::BufReader::new(file))
    }
}

/// The exchanges of a cassette, read one line at a time (memory bounded by the longest
/// line, whatever the file's size).
#[derive(Debug)]
pub struct Lines<R> {
    reader: R,
    line: usize,
    buffer: Vec<u8>,
    /// The cassette's header, read when the reader was made.
    pub header: Header,
}

impl<R: BufRead> Lines<R> {
    /// Reads the header; the exchanges follow as the iterator's items.
    pub fn new(reader: R) -> Result<Self, CassetteError> {
        let mut lines = Self {
            reader,
            line: 0,
            buffer: Vec::new(),
            header: Header::new(PersonalData::Masked, None),
        };
        if !lines.next_line()? {
            return Err(CassetteError {
                line: None,
                message: format!(
                    "the file is empty: a cassette starts with a {FORMAT} header line"
                ),
            });
        }
        let value: serde_json::Value = serde_json::from_slice(&lines.buffer).map_err(|e| {
            CassetteError::at(
                1,
                format!("not JSON ({e}): a cassette starts with a {FORMAT} header line"),
            )
        })?;
        if value.get("format").and_then(serde_json::Value::as_str) != Some(FORMAT) {
            return Err(CassetteError::at(
                1,
                format!("not a cassette: the first line has no \"format\": \"{FORMAT}\""),
            ));
        }
        match value.get("version").and_then(serde_json::Value::as_u64) {
            Some(v) if v == u64::from(VERSION) => {}
            Some(v) => {
                return Err(CassetteError::at(
                    1,
                    format!(
                        "format version {v}: this huawei-cec {} reads version {VERSION}",
                        env!("CARGO_PKG_VERSION")
                    ),
                ));
            }
            None => {
                return Err(CassetteError::at(
                    1,
                    "the header has no numeric \"version\"",
                ));
            }
        }
        lines.header = serde_json::from_value(value)
            .map_err(|e| CassetteError::at(1, format!("a malformed header: {e}")))?;
        Ok(lines)
    }

    /// The line (from 1) of the exchange read last: where a reader that refuses an exchange
    /// for its own reasons says the problem is.
    pub fn line(&self) -> usize {
        self.line
    }

    /// Reads the next non-empty line into the buffer, without its line ending; `false` at
    /// the end of the file.
    fn next_line(&mut self) -> Result<bool, CassetteError> {
        loop {
            self.buffer.clear();
            self.line += 1;
            let limit = u64::try_from(MAX_LINE_BYTES).unwrap_or(u64::MAX) + 1;
            let read = std::io::Read::take(&mut self.reader, limit)
                .read_until(b'\n', &mut self.buffer)
                .map_err(|e| CassetteError::at(self.line, format!("cannot be read: {e}")))?;
            if read == 0 {
                return Ok(false);
            }
            if self.buffer.len() > MAX_LINE_BYTES {
                return Err(CassetteError::at(
                    self.line,
                    format!("longer than {MAX_LINE_BYTES} bytes"),
                ));
            }
            while matches!(self.buffer.last(), Some(b'\n' | b'\r')) {
                self.buffer.pop();
            }
            if !self.buffer.iter().all(u8::is_ascii_whitespace) {
                return Ok(true);
            }
        }
    }
}

impl<R: BufRead> Iterator for Lines<R> {
    type Item = Result<Exchange, CassetteError>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.next_line() {
            Ok(true) => {}
            Ok(false) => return None,
            Err(e) => return Some(Err(e)),
        }
        Some(
            serde_json::from_slice(&self.buffer)
                .map_err(|e| CassetteError::at(self.line, format!("not an exchange: {e}"))),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = r#"{"format":"huawei-cec-cassette","version":1,"crate_version":"0.1.0","recorded_at":"2026-12-04T14:00:00.000Z","personal_data":"masked"}"#;

    fn exchange() -> Exchange {
        Exchange {
            seq: 1,
            operation: "getCallResultDetail".into(),
            server: "isales".into(),
            attempt: 1,
            started_at: "2026-12-04T14:00:00.123Z".into(),
            duration_ms: 3.5,
            auth: Auth::AuthV2 {
                access_key: "demo…".into(),
                signing_profile: "documented".into(),
            },
            request: Request {
                method: "GET".into(),
                scheme: "http".into(),
                port: Some(8080),
                path: "/rest/isales/v1/openapi/campaigns/8/callresultdetail/1644464743-1388".into(),
                query: None,
                headers: BTreeMap::from([(
                    "content-type".into(),
                    "application/json; charset=UTF-8".into(),
                )]),
                body: None,
            },
            response: Some(Response {
                status: 200,
                headers: BTreeMap::new(),
                body: Some(Body {
                    length: 2,
                    truncated: false,
                    content: Content::Json(serde_json::json!({})),
                }),
            }),
            error: None,
        }
    }

    #[test]
    fn an_exchange_reads_back_as_written() {
        let line = serde_json::to_string(&exchange()).unwrap();
        assert!(line.contains(r#""body":{"length":2,"json":{}}"#), "{line}");
        let text = format!("{HEADER}\n\n{line}\r\n");
        let cassette = Cassette::from_reader(text.as_bytes()).unwrap();
        assert_eq!(cassette.exchanges, vec![exchange()]);
        assert_eq!(cassette.header.personal_data, PersonalData::Masked);
    }

    #[test]
    fn what_is_not_a_cassette_is_refused_with_its_line() {
        let cases = [
            ("", "the file is empty"),
            ("garbage\n", "line 1: not JSON"),
            ("{\"format\":\"other\"}\n", "line 1: not a cassette"),
            (
                "{\"format\":\"huawei-cec-cassette\",\"version\":2}\n",
                "line 1: format version 2",
            ),
            (&format!("{HEADER}\n{{}}\n"), "line 2: not an exchange"),
            (&format!("{HEADER}\n\n[1]\n"), "line 3: not an exchange"),
            ("\u{0}\u{1}\u{2}", "line 1: not JSON"),
        ];
        for (text, want) in cases {
            let err = Cassette::from_reader(text.as_bytes()).unwrap_err();
            assert!(err.to_string().starts_with(want), "{text:?}: {err}");
        }
    }

    #[test]
    fn the_spec_tables_name_the_operations_and_marked_keys() {
        let op = operation("get_call_result_detail").unwrap();
        assert_eq!(op.operation_id, "getCallResultDetail");
        assert_eq!((op.method, op.tag), ("GET", "isales"));
        assert_eq!(operation("createToken").unwrap().tag, "auth");
        assert_eq!(operations().count(), 6);
        for key in ["called", "callerNo", "calleeNo"] {
            assert_eq!(personal_data_kind(key), Some("subscriber-number"), "{key}");
        }
        assert_eq!(personal_data_kind("recordPath"), Some("recording-url"));
        assert_eq!(personal_data_kind("callId"), None);
        assert!(is_secret_key("app_secret") && is_secret_key("AccessToken"));
        assert!(!is_secret_key("app_key"));
    }
}
