//! Conformance: where recorded replies differ from the spec.
//!
//! Every reply of a [cassette](crate::cassette) is checked against what
//! `spec/huawei-cec.yaml` (embedded in the crate) declares for its operation and status:
//!
//! - the HTTP status and the `Content-Type`;
//! - the body against the response's schema: keys the spec does not declare (`x-aliases`
//!   count as declared), required keys missing, JSON types (through `$ref`, `oneOf`,
//!   `anyOf`, `allOf` and `nullable`, the lenient forms included: a `oneOf` of a string
//!   and an integer takes either, the string matching its pattern), integer formats,
//!   values outside a closed `enum`, and outside an `x-extensible-enum` (a note only);
//! - the business result codes (`resultCode`, `returnCode`) against the ones the pages list
//!   (`x-success-code`, `x-result-codes`);
//! - the token reply: its token and its lifetime.
//!
//! Each [`Finding`] names the exchange (`seq`), the operation, a JSON pointer into the
//! recorded `response` (`/status`, `/headers/content-type`, `/body/json/data/callStatus`),
//! what the spec says and what came: the type and shape of the value (`a string of 8
//! digits`), never the value itself, which may be masked personal data.
//!
//! ```
//! use huawei_cec::cassette::Cassette;
//! use huawei_cec::conformance::{Checker, Kind, Severity};
//!
//! let text = concat!(
//!     r#"{"format":"huawei-cec-cassette","version":1,"crate_version":"0.1.0","#,
//!     r#""recorded_at":"2026-12-04T14:00:00.000Z","personal_data":"masked"}"#, "\n",
//!     r#"{"seq":1,"operation":"updateReservedCallResult","server":"isales","attempt":1,"#,
//!     r#""started_at":"2026-12-04T14:00:00.123Z","duration_ms":3.5,"auth":{"scheme":"none"},"#,
//!     r#""request":{"method":"POST","scheme":"http","path":"/","headers":{}},"#,
//!     r#""response":{"status":200,"headers":{"content-type":"application/json"},"#,
//!     r#""body":{"length":40,"json":{"resultCode":"0200000","resultDesc":7}}}}"#, "\n",
//! );
//! let cassette = Cassette::from_reader(text.as_bytes())?;
//! let mut checker = Checker::new();
//! let findings = checker.check(&cassette.exchanges[0]);
//! assert_eq!(findings.len(), 1);
//! assert_eq!(findings[0].kind, Kind::Type);
//! assert_eq!(findings[0].pointer, "/body/json/resultDesc");
//! assert_eq!(findings[0].came, "an integer");
//! assert_eq!(findings[0].severity, Severity::Error);
//! assert!(!checker.summary().conforms());
//! # Ok::<(), huawei_cec::cassette::CassetteError>(())
//! ```

mod schema;
pub(crate) mod spec;

use std::fmt;

use serde::Serialize;
use serde_json::Value;

use crate::cassette::{Cassette, Content, Exchange, Response};
use schema::{Issue, shape};

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Severity {
    /// Worth knowing, not a difference from the spec: a value outside an open enumeration
    /// (`x-extensible-enum`), a result code of an operation whose pages list none, a body
    /// recorded only in part, an exchange without a reply.
    Note,
    /// The reply differs from the spec, and the client copes: a key the spec does not
    /// declare, a result code the pages do not list, a missing `Content-Type`.
    Warning,
    /// The reply differs from the spec in a way a client generated from it may not read:
    /// a wrong JSON type, a required key missing, an undeclared status or content type.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Note => "note",
            Self::Warning => "warning",
            Self::Error => "error",
        })
    }
}

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Kind {
    /// The exchange names an operation the spec does not have.
    UnknownOperation,
    /// No reply was recorded (the exchange holds an error instead).
    NoReply,
    /// An HTTP status the spec does not declare for the operation.
    Status,
    /// A `Content-Type` the spec does not declare for the status (or none).
    ContentType,
    /// The body as a whole: none where one is declared, not JSON where JSON is, recorded
    /// only in part.
    Body,
    /// A key the schema does not declare.
    UndeclaredKey,
    /// A key the schema requires, absent.
    MissingKey,
    /// A JSON type (or integer format, or the pattern of a lenient string form) other than
    /// the schema's.
    Type,
    /// A value outside a closed enumeration.
    Enum,
    /// A value outside an open enumeration (`x-extensible-enum`).
    ExtensibleEnum,
    /// A business result code the pages do not list for the operation.
    ResultCode,
    /// The token reply: an empty token, no lifetime.
    Token,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        f.write_str(&text)
    }
}

/// One place where a recorded reply differs from the spec.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Finding {
    /// The exchange's `seq` in the cassette.
    pub seq: u64,
    /// The exchange's operation (operationId), or [`UNKNOWN_OPERATION`] when the spec does
    /// not have it (a name the file gives is never quoted).
    pub operation: String,
    /// How much it matters.
    pub severity: Severity,
    /// What it is about.
    pub kind: Kind,
    /// A JSON pointer (RFC 6901) into the exchange's recorded `response`: `/status`,
    /// `/headers/content-type`, `/body`, `/body/json/data/callStatus`.
    pub pointer: String,
    /// What the spec says there.
    pub spec: String,
    /// What came: a type and shape (`a string of 8 digits`), a status or a media type;
    /// never a value of the body.
    pub came: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "exchange {} ({}): {} {} at {}: the spec says {}; came {}",
            self.seq, self.operation, self.severity, self.kind, self.pointer, self.spec, self.came
        )
    }
}

/// Counts of a check.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Summary {
    /// Exchanges checked.
    pub exchanges: u64,
    /// Of them, those with a reply.
    pub replies: u64,
    /// Findings of severity error.
    pub errors: u64,
    /// Findings of severity warning.
    pub warnings: u64,
    /// Findings of severity note.
    pub notes: u64,
}

impl Summary {
    /// Whether every reply conforms: no error and no warning (notes aside).
    pub fn conforms(&self) -> bool {
        self.errors == 0 && self.warnings == 0
    }

    fn count(&mut self, findings: &[Finding]) {
        for finding in findings {
            match finding.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Note => self.notes += 1,
            }
        }
    }
}

/// Checks exchanges one at a time, as they are read or recorded, and counts the findings.
#[derive(Debug, Clone, Default)]
pub struct Checker {
    summary: Summary,
}

impl Checker {
    /// A checker with nothing counted yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The findings of one exchange (none when its reply conforms), counted.
    pub fn check(&mut self, exchange: &Exchange) -> Vec<Finding> {
        let findings = check_exchange(exchange);
        self.summary.exchanges += 1;
        self.summary.replies += u64::from(exchange.response.is_some());
        self.summary.count(&findings);
        findings
    }

    /// What was counted so far.
    pub fn summary(&self) -> Summary {
        self.summary
    }
}

/// Checks every exchange of a cassette: the findings, in the cassette's order, and the
/// counts.
pub fn check_cassette(cassette: &Cassette) -> (Vec<Finding>, Summary) {
    let mut checker = Checker::new();
    let findings = cassette
        .exchanges
        .iter()
        .flat_map(|exchange| checker.check(exchange))
        .collect();
    (findings, checker.summary())
}

/// [`Finding::operation`] of an exchange whose operation the spec does not have.
pub const UNKNOWN_OPERATION: &str = "(not in the spec)";

/// The findings of one exchange (none when its reply conforms).
pub fn check_exchange(exchange: &Exchange) -> Vec<Finding> {
    let known = spec::operation(&exchange.operation);
    let issues = match known {
        None => vec![Issue {
            severity: Severity::Error,
            kind: Kind::UnknownOperation,
            pointer: String::new(),
            spec: format!(
                "an operation of the spec: {}",
                spec::operation_ids().collect::<Vec<_>>().join(", ")
            ),
            // Its name is the file's text, which a finding never quotes: its length only.
            came: format!(
                "an operation the spec does not have (a name of {} characters)",
                exchange.operation.chars().count()
            ),
        }],
        Some(operation) => match &exchange.response {
            Some(response) => check_response(&exchange.operation, operation, response),
            None => vec![Issue {
                severity: Severity::Note,
                kind: Kind::NoReply,
                pointer: String::new(),
                spec: "a reply".into(),
                came: "no reply (the exchange records an error): nothing to check".into(),
            }],
        },
    };
    issues
        .into_iter()
        .map(|issue| Finding {
            seq: exchange.seq,
            operation: match known {
                Some(_) => exchange.operation.clone(),
                None => UNKNOWN_OPERATION.to_owned(),
            },
            severity: issue.severity,
            kind: issue.kind,
            pointer: issue.pointer,
            spec: issue.spec,
            came: issue.came,
        })
        .collect()
}

fn issue(severity: Severity, kind: Kind, pointer: &str, spec: String, came: String) -> Issue {
    Issue {
        severity,
        kind,
        pointer: pointer.to_owned(),
        spec,
        came,
    }
}

/// One reply against the operation's declared responses.
fn check_response(
    operation_id: &str,
    operation: &'static Value,
    response: &Response,
) -> Vec<Issue> {
    let mut out = Vec::new();
    let status = response.status;
    let Some(declared) = spec::response(operation, status) else {
        out.push(issue(
            Severity::Error,
            Kind::Status,
            "/status",
            format!(
                "{operation_id} declares HTTP {}",
                spec::statuses(operation).join(", ")
            ),
            format!("HTTP {status}"),
        ));
        return out;
    };
    let media_types = declared["content"].as_object().filter(|c| !c.is_empty());
    let body = response
        .body
        .as_ref()
        .filter(|b| b.length > 0 || matches!(&b.content, Content::Json(_)));
    let content_type = response
        .headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-type"))
        .map(|(_, value)| spec::essence(value));
    let (Some(media_types), Some(body)) = (media_types, body) else {
        if let (Some(media_types), None) = (media_types, body) {
            out.push(issue(
                Severity::Warning,
                Kind::Body,
                "/body",
                format!("HTTP {status}: a body ({})", keys(media_types)),
                "no body".into(),
            ));
        }
        return out;
    };
    let declared_media = |essence: &str| {
        media_types
            .iter()
            .find(|(key, _)| spec::essence(key) == essence)
    };
    let first_json = || {
        media_types
            .iter()
            .find(|(key, _)| spec::is_json(&spec::essence(key)))
    };
    let chosen = match &content_type {
        None => {
            out.push(issue(
                Severity::Warning,
                Kind::ContentType,
                "/headers/content-type",
                format!("HTTP {status}: {}", keys(media_types)),
                "no Content-Type".into(),
            ));
            first_json()
        }
        Some(essence) => match declared_media(essence) {
            Some(entry) => Some(entry),
            None => {
                out.push(issue(
                    Severity::Error,
                    Kind::ContentType,
                    "/headers/content-type",
                    format!("HTTP {status}: {}", keys(media_types)),
                    essence.clone(),
                ));
                // A JSON body is still checked against the JSON schema.
                first_json()
            }
        },
    };
    let Some((media_type, media)) = chosen else {
        return out;
    };
    if !spec::is_json(&spec::essence(media_type)) {
        return out;
    }
    if body.truncated {
        out.push(issue(
            Severity::Note,
            Kind::Body,
            "/body",
            format!("HTTP {status}: {media_type}"),
            format!(
                "a body of {} bytes recorded only in part: not checked",
                body.length
            ),
        ));
        return out;
    }
    let value = match &body.content {
        Content::Json(value) => value,
        other => {
            let what = match other {
                Content::Text(_) => "text",
                _ => "bytes that are not UTF-8",
            };
            out.push(issue(
                Severity::Error,
                Kind::Body,
                "/body",
                format!("HTTP {status}: JSON ({media_type})"),
                format!("{what}, {} bytes, not JSON", body.length),
            ));
            return out;
        }
    };
    out.extend(schema::check(
        spec::document(),
        value,
        &media["schema"],
        "/body/json",
    ));
    result_codes(operation_id, operation, value, &mut out);
    if operation_id == "createToken" && status == 200 {
        token_reply(value, &mut out);
    }
    out
}

fn keys(map: &serde_json::Map<String, Value>) -> String {
    map.keys()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

/// `resultCode` and `returnCode` against the codes the pages list for the operation.
fn result_codes(operation_id: &str, operation: &Value, body: &Value, out: &mut Vec<Issue>) {
    let Some(success) = operation["x-success-code"].as_str() else {
        return;
    };
    let listed: Vec<&str> = operation["x-result-codes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|entry| entry["code"].as_str())
        .collect();
    for key in ["resultCode", "returnCode"] {
        let Some(code) = body.get(key).and_then(Value::as_str) else {
            continue;
        };
        if code == success || listed.contains(&code) {
            continue;
        }
        let (severity, spec) = if listed.is_empty() {
            (
                Severity::Note,
                format!(
                    "{operation_id}: {success} (success); its page lists no failure codes \
                     (it refers to an error code reference it does not reproduce)"
                ),
            )
        } else {
            (
                Severity::Warning,
                format!(
                    "{operation_id}: {success} (success), or one of the {} failure codes its \
                     page lists (x-result-codes)",
                    listed.len()
                ),
            )
        };
        out.push(issue(
            severity,
            Kind::ResultCode,
            &schema::child("/body/json", key),
            spec,
            format!(
                "{}, a code not listed",
                shape(&Value::String(code.to_owned()))
            ),
        ));
    }
}

/// The token reply as the client reads it: a token that is not empty, and a lifetime.
fn token_reply(body: &Value, out: &mut Vec<Issue>) {
    if body.get("AccessToken").and_then(Value::as_str) == Some("") {
        out.push(issue(
            Severity::Error,
            Kind::Token,
            "/body/json/AccessToken",
            "TokenResponse.AccessToken: the token (a client refuses an empty one)".into(),
            "an empty string".into(),
        ));
    }
    let present = |key: &str| body.get(key).is_some_and(|v| !v.is_null());
    if !present("Expires") {
        let (spec, came) = if present("Expires_In") {
            (
                "TokenResponse.Expires: the token's lifetime in seconds (Expires_In is \
                 deprecated, read only without Expires)",
                "Expires_In in its place",
            )
        } else {
            (
                "TokenResponse.Expires: the token's lifetime in seconds (without it a client \
                 assumes 600)",
                "absent",
            )
        };
        out.push(issue(
            Severity::Note,
            Kind::Token,
            "/body/json/Expires",
            spec.into(),
            came.into(),
        ));
    }
}

#[cfg(test)]
mod tests;
