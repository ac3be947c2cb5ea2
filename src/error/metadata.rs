//! What a reply carried besides its payload, for a support ticket and a log line: the HTTP
//! status, the request or trace ID a server or gateway gave it, the wait a `Retry-After`
//! asked for, how many attempts the call took, and the business result code of a CC-iSales
//! or CC-CMS reply. An error keeps it ([`crate::Error::metadata`]); a success gives it on
//! request (`send_with_metadata()` on each operation).

use std::fmt;
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, RETRY_AFTER};

/// The headers read as a request ID, in this order (the first present wins): Huawei Cloud's
/// API gateways answer with `X-Request-Id`; `X-Trace-Id` and `X-B3-TraceId` (Zipkin, used by
/// Huawei's ServiceComb services) name a trace; `traceparent` is the W3C trace context.
pub const REQUEST_ID_HEADERS: [&str; 4] =
    ["x-request-id", "x-trace-id", "x-b3-traceid", "traceparent"];

/// How much of a header value is kept: a request ID is short, and the server is not trusted.
const VALUE_LIMIT: usize = 256;

/// What a reply carried besides its payload. Every field is optional but the status and the
/// operation: a server sends what it sends.
///
/// ```no_run
/// # async fn run(client: huawei_cec::Client) -> huawei_cec::Result<()> {
/// let (detail, meta) = client
///     .call_result_detail(8, "1644464743-1388")
///     .send_with_metadata()
///     .await?;
/// println!("{:?} (HTTP {}, request ID {:?})", detail.call_status, meta.status(), meta.request_id());
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ResponseMetadata {
    operation: &'static str,
    status: u16,
    attempts: u32,
    request_id: Option<(&'static str, String)>,
    retry_after: Option<Duration>,
    result_code: Option<String>,
    result_description: Option<String>,
}

impl ResponseMetadata {
    /// The operation (operationId in the spec), e.g. `getCallResultDetail`.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The HTTP status of the reply.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// How many attempts the call took (retries, and a request signed anew for clock skew,
    /// included); 0 when the reply is not the client's own (an error it was given).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The request or trace ID the reply carried, from the first of [`REQUEST_ID_HEADERS`]
    /// present: quote it to the contact center's support. At most 256 bytes, control
    /// characters escaped.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_ref().map(|(_, id)| id.as_str())
    }

    /// The header [`Self::request_id`] came from (lower case, one of [`REQUEST_ID_HEADERS`]).
    pub fn request_id_header(&self) -> Option<&'static str> {
        self.request_id.as_ref().map(|(name, _)| *name)
    }

    /// The wait the reply's `Retry-After` asked for (seconds, or an HTTP date read against
    /// this machine's clock when the reply came), when it had a usable one.
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    /// The business result code of a CC-iSales or CC-CMS reply (`resultCode`, else
    /// `returnCode`; `0200000`, `0100000` for a success). `None` for the data-process
    /// interface, which has none.
    pub fn result_code(&self) -> Option<&str> {
        self.result_code.as_deref()
    }

    /// The description that came with the business result code (`resultDesc`, else
    /// `returnDesc`), e.g. `"Query Success!"`, as sent (control characters included).
    pub fn result_description(&self) -> Option<&str> {
        self.result_description.as_deref()
    }

    pub(crate) fn new(operation: &'static str, status: u16, attempts: u32) -> Self {
        Self {
            operation,
            status,
            attempts,
            ..Self::default()
        }
    }

    pub(crate) fn with_headers(mut self, headers: Option<&ReplyHeaders>) -> Self {
        if let Some(headers) = headers {
            self.request_id = headers
                .request_id
                .as_ref()
                .map(|(name, value)| (*name, header_text(value)));
            self.retry_after = headers.retry_after();
        }
        self
    }

    pub(crate) fn with_result(mut self, code: Option<&str>, description: Option<&str>) -> Self {
        self.result_code = code.map(bounded);
        self.result_description = description.map(bounded);
        self
    }

    /// The texts a server chose (request ID, description), for the redaction of echoed
    /// credentials.
    pub(crate) fn texts_mut(&mut self) -> impl Iterator<Item = &mut String> {
        self.request_id
            .as_mut()
            .map(|(_, id)| id)
            .into_iter()
            .chain(self.result_description.as_mut())
    }
}

/// Field by field, the request ID escaped (it is the server's text).
impl fmt::Debug for ResponseMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseMetadata")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("attempts", &self.attempts)
            .field("request_id", &self.request_id)
            .field("retry_after", &self.retry_after)
            .field("result_code", &self.result_code)
            .field("result_description", &self.result_description)
            .finish()
    }
}

/// The headers of a reply that [`ResponseMetadata`] keeps, as they came (references to the
/// reply's bytes, not copies), boxed and only when there is one: most replies carry none.
#[derive(Debug, Clone, Default)]
pub(crate) struct ReplyHeaders {
    request_id: Option<(&'static str, HeaderValue)>,
    retry_after: Option<HeaderValue>,
}

impl ReplyHeaders {
    /// The kept headers of `headers`, if it has any.
    pub(crate) fn capture(headers: &HeaderMap) -> Option<Box<Self>> {
        let request_id = REQUEST_ID_HEADERS.iter().find_map(|name| {
            headers
                .get(HeaderName::from_static(name))
                .map(|value| (*name, value.clone()))
        });
        let retry_after = headers.get(RETRY_AFTER).cloned();
        (request_id.is_some() || retry_after.is_some()).then(|| {
            Box::new(Self {
                request_id,
                retry_after,
            })
        })
    }

    /// The wait `Retry-After` asks for, read against this machine's clock now, when it is a
    /// usable one.
    pub(crate) fn retry_after(&self) -> Option<Duration> {
        match parse_retry_after(self.retry_after.as_ref()?, SystemTime::now())? {
            RetryAfter::Wait(wait) => Some(wait),
            RetryAfter::Forever => None,
        }
    }
}

/// A header value as text: lossy UTF-8, at most [`VALUE_LIMIT`] bytes (on a character
/// boundary), control characters escaped.
fn header_text(value: &HeaderValue) -> String {
    bounded(&String::from_utf8_lossy(value.as_bytes()))
}

/// At most [`VALUE_LIMIT`] bytes of `text`, on a character boundary, control characters
/// escaped.
fn bounded(text: &str) -> String {
    let mut end = text.len().min(VALUE_LIMIT);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    super::escape_controls(&text[..end]).into_owned()
}

/// What a reply's `Retry-After` header asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RetryAfter {
    /// Wait this long (zero for a date in the past).
    Wait(Duration),
    /// A wait too long to represent (a number of seconds beyond `u64`).
    Forever,
}

/// Reads a `Retry-After` value: a number of seconds or an HTTP date (RFC 9110, 10.2.3). A
/// value in neither form is ignored.
pub(crate) fn parse_retry_after(value: &HeaderValue, now: SystemTime) -> Option<RetryAfter> {
    let value = value.to_str().ok()?.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(match value.parse::<u64>() {
            Ok(seconds) => RetryAfter::Wait(Duration::from_secs(seconds)),
            Err(_) => RetryAfter::Forever,
        });
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(RetryAfter::Wait(
        at.duration_since(now).unwrap_or(Duration::ZERO),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn the_first_request_id_header_present_is_kept_bounded_and_escaped() {
        assert!(ReplyHeaders::capture(&headers(&[("date", "x")])).is_none());
        let kept = ReplyHeaders::capture(&headers(&[
            ("traceparent", "00-abc-01"),
            ("x-b3-traceid", "b3"),
            ("retry-after", "7"),
        ]))
        .unwrap();
        let meta = ResponseMetadata::new("op", 503, 2).with_headers(Some(&kept));
        assert_eq!(meta.request_id(), Some("b3"));
        assert_eq!(meta.request_id_header(), Some("x-b3-traceid"));
        assert_eq!(meta.retry_after(), Some(Duration::from_secs(7)));

        let long = "é".repeat(300);
        let mut map = HeaderMap::new();
        map.insert(
            "x-request-id",
            HeaderValue::from_bytes(long.as_bytes()).unwrap(),
        );
        map.insert("x-trace-id", HeaderValue::from_bytes(b"t\tx").unwrap());
        let meta = ResponseMetadata::new("op", 200, 1)
            .with_headers(ReplyHeaders::capture(&map).as_deref());
        assert_eq!(meta.request_id(), Some("é".repeat(128).as_str()));
        map.remove("x-request-id");
        let meta = ResponseMetadata::new("op", 200, 1)
            .with_headers(ReplyHeaders::capture(&map).as_deref());
        assert_eq!(meta.request_id(), Some("t\\tx"));
    }
}
