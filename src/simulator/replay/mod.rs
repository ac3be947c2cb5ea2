//! Replaying a cassette: the simulator answers a request with the reply recorded for the
//! same request.
//!
//! A request matches a recorded one by operation, method, path and query (percent-decoded)
//! and body (as JSON when it parses). Headers are not compared (the signature, its
//! timestamp and the host differ on every run), and neither are the values of personal-data
//! keys (`x-personal-data`) when the cassette masked them: those match by shape (a digit for
//! a digit, a letter for a letter, other characters as they are, the same length), as the
//! mask kept it. Secret keys (`format: password`) are not compared.
//!
//! The recordings of one request answer in the order recorded (a 503, then the 200 of the
//! retry), the last one repeating. A recorded failure without a reply (a refused
//! connection, a timeout) is replayed by closing the connection without a reply; a reply
//! recorded only in part (over the recorder's body limit) by HTTP 501 saying so. Token
//! requests are not replayed: the simulator issues its own tokens, and checks signatures
//! and tokens as it always does.

use std::fmt;
use std::io::BufRead;
use std::path::Path;
use std::sync::Mutex;

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use base64::Engine as _;
use serde_json::{Value, json};

mod matching;

pub(crate) use matching::operation_of;
use matching::{BodyKey, Key, body_key, decode, differences, query_pairs, score};

use crate::cassette::{self, Cassette, CassetteError, Content, Exchange, Lines, PersonalData};

/// The largest body a replayed reply may have.
pub const MAX_REPLAY_BODY: usize = 16 << 20;
/// The most the bodies of a replayed cassette may hold together.
pub const MAX_REPLAY_TOTAL: usize = 256 << 20;
/// The most headers a replayed reply may have, and the longest value.
const MAX_HEADERS: usize = 128;
const MAX_HEADER_VALUE: usize = 8 << 10;

/// Headers a replayed reply leaves out: those of the recorded connection (hop-by-hop), the
/// length (the simulator sets its own) and the date (a recorded date would make a client
/// that corrects its clock by the server's think it is off).
const DROPPED_HEADERS: &[&str] = &[
    "connection",
    "content-length",
    "date",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "proxy-connection",
    "te",
    "trailer",
    "trailers",
    "transfer-encoding",
    "upgrade",
];

/// A cassette made ready to serve: every reply checked and built when loaded.
pub struct Replay {
    groups: Vec<Group>,
    /// The next answer of each group.
    cursors: Mutex<Vec<usize>>,
    masked: bool,
    replies: usize,
}

impl fmt::Debug for Replay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Replay")
            .field("requests", &self.groups.len())
            .field("replies", &self.replies)
            .field("masked", &self.masked)
            .finish_non_exhaustive()
    }
}

/// What the simulator did with a request, in replay: `RecordedRequest::replayed`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Replayed {
    /// Answered with the reply of the recorded exchange `seq`.
    Answered {
        /// The exchange's `seq` in the cassette.
        seq: u64,
    },
    /// No recorded request matches: answered HTTP 501 with what differs from the closest.
    Unmatched {
        /// The `seq` of the closest recorded request, if any.
        closest: Option<u64>,
        /// How it differs (names and shapes, never a personal-data value).
        differences: Vec<String>,
    },
}

struct Group {
    key: Key,
    /// The `seq` of its first recording.
    seq: u64,
    answers: Vec<Answer>,
}

/// One recorded reply, ready to send.
#[derive(Debug, Clone)]
pub(crate) struct Answer {
    pub(crate) seq: u64,
    pub(crate) reply: Reply,
}

#[derive(Debug, Clone)]
pub(crate) enum Reply {
    Http {
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
    },
    /// The recording has no reply: the connection is closed without one.
    Close,
    /// The reply was recorded only in part: answered HTTP 501 saying so (the part is not
    /// sent, which a client would take for the server's reply).
    Truncated {
        /// The reply's length on the wire.
        length: u64,
    },
}

/// A request no recording matches.
#[derive(Debug, Clone)]
pub(crate) struct Unmatched {
    pub(crate) operation: Option<&'static str>,
    pub(crate) closest: Option<(u64, Option<&'static str>, String)>,
    pub(crate) differences: Vec<String>,
}

impl Unmatched {
    /// The reply's body: what came, the closest recording and how it differs (the message
    /// first: a client's error quotes the start of a body).
    pub(crate) fn body(&self, method: &str, path: &str) -> String {
        let mut message = format!("replay: no recorded exchange matches {method} {path}");
        if let Some((seq, _, _)) = &self.closest {
            message.push_str(&format!(
                "; the closest is exchange {seq}: {}",
                self.differences.join("; ")
            ));
        }
        let request = json!({"operation": self.operation, "method": method, "path": path});
        let closest = self
            .closest
            .as_ref()
            .map(|(seq, operation, recorded_path)| {
                json!({
                    "seq": seq,
                    "operation": operation,
                    "path": recorded_path,
                    "differences": self.differences,
                })
            });
        format!(
            "{{\"error\":{},\"request\":{request},\"closest\":{}}}",
            Value::String(message),
            closest.unwrap_or(Value::Null)
        )
    }
}

impl Replay {
    /// Loads a cassette file, refusing (with the line) an exchange that cannot be replayed.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Self, CassetteError> {
        let path = path.as_ref();
        let file = std::fs::File::open(path).map_err(|e| CassetteError {
            line: None,
            message: format!("cannot open {}: {e}", path.display()),
        })?;
        Self::from_reader(std::io::BufReader::new(file))
    }

    /// Reads a cassette, refusing (with the line) an exchange that cannot be replayed: a
    /// status outside 200 to 599, a header that is not HTTP, a body over
    /// [`MAX_REPLAY_BODY`] or recorded only in part, more than [`MAX_REPLAY_TOTAL`] in all.
    pub fn from_reader(reader: impl BufRead) -> Result<Self, CassetteError> {
        let mut lines = Lines::new(reader)?;
        let mut loader = Loader::new(lines.header.personal_data == PersonalData::Masked);
        while let Some(exchange) = lines.next() {
            let exchange = exchange?;
            loader.add(&exchange).map_err(|message| CassetteError {
                line: Some(lines.line()),
                message,
            })?;
        }
        loader.finish()
    }

    /// A cassette already read, refusing (with the exchange's `seq`) an exchange that cannot
    /// be replayed (as [`Replay::from_reader`]).
    pub fn from_cassette(cassette: &Cassette) -> Result<Self, CassetteError> {
        let mut loader = Loader::new(cassette.header.personal_data == PersonalData::Masked);
        for exchange in &cassette.exchanges {
            loader.add(exchange).map_err(|message| CassetteError {
                line: None,
                message: format!("exchange {}: {message}", exchange.seq),
            })?;
        }
        loader.finish()
    }

    /// The recorded replies it serves (token replies are not served).
    pub fn replies(&self) -> usize {
        self.replies
    }

    /// The distinct requests it answers.
    pub fn requests(&self) -> usize {
        self.groups.len()
    }

    /// The answer to a request, or what the closest recording differs in.
    pub(crate) fn answer(
        &self,
        method: &str,
        path: &str,
        query: Option<&str>,
        body: &[u8],
    ) -> Result<Answer, Unmatched> {
        let incoming = Key {
            operation: operation_of(path),
            method: method.to_ascii_uppercase(),
            path: decode(path),
            query: query_pairs(query),
            body: body_key(body),
        };
        let matching: Vec<usize> = (0..self.groups.len())
            .filter(|&i| differences(&self.groups[i].key, &incoming, self.masked).is_empty())
            .collect();
        if matching.is_empty() {
            return Err(self.closest(incoming));
        }
        let mut cursors = self.cursors.lock().unwrap_or_else(|p| p.into_inner());
        // Requests that differ only in masked values match several recordings: the first
        // not answered yet takes it, so that a session replayed in order answers in order.
        let group = matching
            .iter()
            .copied()
            .find(|&i| cursors[i] < self.groups[i].answers.len())
            .unwrap_or(matching[0]);
        let answers = &self.groups[group].answers;
        let at = cursors[group].min(answers.len() - 1);
        cursors[group] = (cursors[group] + 1).min(answers.len());
        Ok(answers[at].clone())
    }

    fn closest(&self, incoming: Key) -> Unmatched {
        let best = self
            .groups
            .iter()
            .map(|g| (g, differences(&g.key, &incoming, self.masked)))
            .min_by_key(|(g, d)| score(&g.key, &incoming, d.len()));
        Unmatched {
            operation: incoming.operation,
            closest: best.as_ref().map(|(g, _)| {
                (
                    g.seq,
                    g.key.operation,
                    String::from_utf8_lossy(&g.key.path).into_owned(),
                )
            }),
            differences: best.map(|(_, d)| d).unwrap_or_default(),
        }
    }
}

struct Loader {
    masked: bool,
    groups: Vec<Group>,
    replies: usize,
    total: usize,
}

impl Loader {
    fn new(masked: bool) -> Self {
        Self {
            masked,
            groups: Vec::new(),
            replies: 0,
            total: 0,
        }
    }

    fn add(&mut self, exchange: &Exchange) -> Result<(), String> {
        let Some(operation) = cassette::operation(&exchange.operation) else {
            return Err(format!(
                "the operation {:?} is not one of the spec's",
                shorten(&exchange.operation)
            ));
        };
        if operation.operation_id == "createToken" {
            return Ok(());
        }
        let request = &exchange.request;
        if !request.path.starts_with('/') || request.path.len() > MAX_HEADER_VALUE {
            return Err("the request's path is not an absolute path of at most 8 KiB".into());
        }
        let body = match &request.body {
            None => BodyKey::None,
            Some(body) if body.truncated => {
                return Err(
                    "the request's body was recorded only in part: it cannot be matched".into(),
                );
            }
            Some(body) => body_key(&content_bytes(&body.content, "request")?),
        };
        let key = Key {
            operation: Some(operation.operation_id),
            method: request.method.to_ascii_uppercase(),
            path: decode(&request.path),
            query: query_pairs(request.query.as_deref()),
            body,
        };
        let reply = self.reply(exchange)?;
        self.replies += 1;
        let answer = Answer {
            seq: exchange.seq,
            reply,
        };
        match self.groups.iter_mut().find(|g| g.key == key) {
            Some(group) => group.answers.push(answer),
            None => self.groups.push(Group {
                key,
                seq: exchange.seq,
                answers: vec![answer],
            }),
        }
        Ok(())
    }

    fn reply(&mut self, exchange: &Exchange) -> Result<Reply, String> {
        let Some(response) = &exchange.response else {
            return match exchange.error {
                Some(_) => Ok(Reply::Close),
                None => Err("the exchange has neither a reply nor an error".into()),
            };
        };
        let status = StatusCode::from_u16(response.status)
            .ok()
            .filter(|s| (200..=599).contains(&s.as_u16()))
            .ok_or_else(|| {
                format!(
                    "the reply's status {} cannot be replayed (200 to 599 can)",
                    response.status
                )
            })?;
        if response.headers.len() > MAX_HEADERS {
            return Err(format!(
                "the reply has {} headers; a replayed reply has at most {MAX_HEADERS}",
                response.headers.len()
            ));
        }
        let mut headers = HeaderMap::new();
        for (name, value) in &response.headers {
            let lower = name.to_ascii_lowercase();
            if DROPPED_HEADERS.contains(&lower.as_str()) {
                continue;
            }
            let header = HeaderName::from_bytes(lower.as_bytes()).map_err(|_| {
                format!(
                    "the reply's header name {:?} is not an HTTP header name",
                    shorten(name)
                )
            })?;
            if value.len() > MAX_HEADER_VALUE {
                return Err(format!(
                    "the reply's header {header} is {} bytes long; at most {MAX_HEADER_VALUE}",
                    value.len()
                ));
            }
            let value = HeaderValue::from_str(value).map_err(|_| {
                format!(
                    "the value of the reply's header {header} holds characters an HTTP header \
                     cannot (control characters, or not ASCII)"
                )
            })?;
            headers.append(header, value);
        }
        let body = match &response.body {
            None => Bytes::new(),
            Some(body) if body.truncated => {
                return Ok(Reply::Truncated {
                    length: body.length,
                });
            }
            Some(body) => Bytes::from(content_bytes(&body.content, "reply")?),
        };
        self.total = self.total.saturating_add(body.len());
        if self.total > MAX_REPLAY_TOTAL {
            return Err(format!(
                "the replies' bodies pass {} MiB in all, the most a replay holds",
                MAX_REPLAY_TOTAL >> 20
            ));
        }
        Ok(Reply::Http {
            status,
            headers,
            body,
        })
    }

    fn finish(self) -> Result<Replay, CassetteError> {
        if self.groups.is_empty() {
            return Err(CassetteError {
                line: None,
                message: "the cassette holds no exchange to replay (token requests are not \
                          replayed: the simulator issues its own tokens)"
                    .into(),
            });
        }
        Ok(Replay {
            cursors: Mutex::new(vec![0; self.groups.len()]),
            groups: self.groups,
            masked: self.masked,
            replies: self.replies,
        })
    }
}

/// A recorded body's bytes, at most [`MAX_REPLAY_BODY`].
fn content_bytes(content: &Content, what: &str) -> Result<Vec<u8>, String> {
    let bytes = match content {
        Content::Json(value) => serde_json::to_vec(value).map_err(|e| e.to_string())?,
        Content::Text(text) => text.as_bytes().to_vec(),
        Content::Base64(text) => {
            if text.len() / 4 * 3 > MAX_REPLAY_BODY + 3 {
                return Err(too_large(what));
            }
            base64::engine::general_purpose::STANDARD
                .decode(text)
                .map_err(|_| format!("the {what}'s body is not valid base64"))?
        }
    };
    if bytes.len() > MAX_REPLAY_BODY {
        return Err(too_large(what));
    }
    Ok(bytes)
}

fn too_large(what: &str) -> String {
    format!(
        "the {what}'s body is larger than {} MiB, the most a replayed body may have",
        MAX_REPLAY_BODY >> 20
    )
}

/// A text of the cassette for a message: at most 64 characters, controls escaped.
fn shorten(text: &str) -> String {
    let short: String = text.chars().take(64).collect();
    short.escape_debug().to_string()
}

#[cfg(test)]
mod tests;
