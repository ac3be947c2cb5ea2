//! The `auth-v2` signer: a pure function of the credentials, the time and the request.

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, percent_encode};
use sha2::Sha256;

use super::AkSk;

type HmacSha256 = Hmac<Sha256>;

/// Bytes left unencoded by `Normalize`: `A-Z a-z 0-9 - . _ ~`.
const NORMALIZE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `Normalize(s)` of the scheme: percent-encode every byte but `A-Z a-z 0-9 - . _ ~`, with
/// upper-case hex digits.
pub fn normalize(bytes: &[u8]) -> String {
    percent_encode(bytes, NORMALIZE).to_string()
}

/// The signature's timestamp: UTC, `yyyy-MM-dd'T'HH:mm:ss.SSS'Z'`.
pub fn format_timestamp(time: DateTime<Utc>) -> String {
    time.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// What `auth-v2` signs of a request: the values exactly as they go on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignableRequest<'a> {
    /// HTTP method, e.g. `POST`.
    pub method: &'a str,
    /// The URL path as sent (percent-encoded as on the wire).
    pub path: &'a str,
    /// The raw query string as sent, without `?`; `None` or empty for none.
    pub query: Option<&'a str>,
    /// `host[:port]` as sent (port omitted when it is the scheme's default).
    pub host: &'a str,
    /// The `Content-Type` value sent, if any.
    pub content_type: Option<&'a str>,
    /// The body bytes sent; `None` for a request without a body (GET).
    pub body: Option<&'a [u8]>,
}

/// The result of signing: the header value and what went into it (never the secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningOutput {
    /// The `Authorization` header value.
    pub authorization: String,
    /// The canonical request that was signed.
    pub canonical_request: String,
    /// `SignedHeaders`, e.g. `content-length;content-type;host`.
    pub signed_headers: String,
    /// The timestamp in the header.
    pub timestamp: String,
}

/// The headers signed for a request, as (lower-case name, value), sorted by name: `host`
/// always, `content-type` when sent, `content-length` when the request has a body.
pub fn signed_header_names(request: &SignableRequest<'_>) -> Vec<(&'static str, String)> {
    let mut headers = Vec::with_capacity(3);
    if let Some(body) = request.body {
        headers.push(("content-length", body.len().to_string()));
    }
    if let Some(content_type) = request.content_type {
        headers.push(("content-type", content_type.to_owned()));
    }
    headers.push(("host", request.host.to_owned()));
    headers
}

/// The canonical query: each `Normalize(name)=Normalize(value)` (names and values
/// percent-decoded first), sorted, joined with `&`.
pub fn canonical_query(query: Option<&str>) -> String {
    let Some(query) = query.filter(|q| !q.is_empty()) else {
        return String::new();
    };
    let mut pairs: Vec<String> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let name: Vec<u8> = percent_decode_str(name).collect();
            let value: Vec<u8> = percent_decode_str(value).collect();
            format!("{}={}", normalize(&name), normalize(&value))
        })
        .collect();
    pairs.sort_unstable();
    pairs.join("&")
}

/// The canonical request: method, path, canonical query, signed header names, canonical
/// headers and the normalized body, joined with `\n`.
pub fn canonical_request(request: &SignableRequest<'_>) -> (String, String) {
    let headers = signed_header_names(request);
    let signed_headers = headers
        .iter()
        .map(|(name, _)| *name)
        .collect::<Vec<_>>()
        .join(";");
    let canonical_headers = headers
        .iter()
        .map(|(name, value)| {
            format!(
                "{}:{}",
                normalize(name.as_bytes()),
                normalize(value.trim().as_bytes())
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    let canonical = [
        request.method.to_ascii_uppercase(),
        request.path.to_owned(),
        canonical_query(request.query),
        signed_headers.clone(),
        canonical_headers,
        normalize(request.body.unwrap_or_default()),
    ]
    .join("\n");
    (canonical, signed_headers)
}

fn hmac_hex(key: &[u8], message: &[u8]) -> String {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(message);
    hex::encode(mac.finalize().into_bytes())
}

/// `SigningKey = hex(HMAC-SHA256(SK, authStringPrefix))`. Exposed for test vectors; it is
/// derived from the secret key, so treat it as a secret.
#[doc(hidden)]
pub fn signing_key(secret_key: &str, auth_string_prefix: &str) -> String {
    hmac_hex(secret_key.as_bytes(), auth_string_prefix.as_bytes())
}

/// Signs `request` with `credentials` at `time`: a pure function.
pub fn sign_v2(
    credentials: &AkSk,
    time: DateTime<Utc>,
    request: &SignableRequest<'_>,
) -> SigningOutput {
    sign_with_timestamp(credentials, &format_timestamp(time), request)
}

/// Signs with the timestamp text as it goes into the header (a verifier must use the text
/// it received, not a re-formatting of the time it denotes).
pub(crate) fn sign_with_timestamp(
    credentials: &AkSk,
    timestamp: &str,
    request: &SignableRequest<'_>,
) -> SigningOutput {
    let (canonical_request, signed_headers) = canonical_request(request);
    let prefix = format!(
        "auth-v2/{}/{timestamp}/{signed_headers}",
        credentials.access_key()
    );
    let key = signing_key(credentials.secret_key(), &prefix);
    let signature = hmac_hex(key.as_bytes(), canonical_request.as_bytes());
    SigningOutput {
        authorization: format!("{prefix}/{signature}"),
        canonical_request,
        signed_headers,
        timestamp: timestamp.to_owned(),
    }
}

/// Parses a signature's timestamp: `yyyy-MM-dd'T'HH:mm:ss[.fraction]'Z'`, UTC. (Whether
/// servers require the milliseconds is not known; both forms are read.)
pub fn parse_timestamp(text: &str) -> Option<DateTime<Utc>> {
    chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.fZ")
        .ok()
        .map(|t| t.and_utc())
}

/// `host[:port]` of a URL as an HTTP client sends it: the port only when it is not the
/// scheme's default.
pub fn host_header(url: &reqwest::Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    }
}

/// Signs a request about to be sent and sets its `Authorization` header (marked
/// sensitive). The signed values are read from the request itself: host from the URL,
/// `Content-Type` from its headers, the body bytes (and so `Content-Length`) from its body.
pub fn sign_request(
    request: &mut reqwest::Request,
    credentials: &AkSk,
    time: DateTime<Utc>,
) -> SigningOutput {
    let host = host_header(request.url());
    let content_type = request
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = match request.body() {
        Some(body) => Some(
            body.as_bytes()
                .expect("the generated clients send buffered JSON bodies"),
        ),
        None if request.method() == reqwest::Method::GET
            || request.method() == reqwest::Method::HEAD =>
        {
            None
        }
        None => Some(&[][..]),
    };
    let output = sign_v2(
        credentials,
        time,
        &SignableRequest {
            method: request.method().as_str(),
            path: request.url().path(),
            query: request.url().query(),
            host: &host,
            content_type: content_type.as_deref(),
            body,
        },
    );
    tracing::debug!(
        target: "huawei_cec::signing",
        access_key = %credentials.access_key(),
        signed_headers = %output.signed_headers,
        timestamp = %output.timestamp,
        canonical_request = %output.canonical_request,
        "auth-v2 canonical request"
    );
    let mut value = reqwest::header::HeaderValue::from_str(&output.authorization)
        .expect("credentials were checked to be visible ASCII");
    value.set_sensitive(true);
    request
        .headers_mut()
        .insert(reqwest::header::AUTHORIZATION, value);
    output
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn reproduces_the_documented_vector_1() {
        let body = br#"{"queryParam":{"ccId":1,"isCallin":"true","callId":"1000000000-0001"}}"#;
        let out = sign_v2(
            &AkSk::new("AK_EXAMPLE", "SK_EXAMPLE_SECRET"),
            at("2026-11-21T08:30:00Z"),
            &SignableRequest {
                method: "POST",
                path: "/rest/cmsapp/v1/openapi/calldata/querycalldetailbyid",
                query: None,
                host: "127.0.0.1:28443",
                content_type: Some("application/json; charset=UTF-8"),
                body: Some(body),
            },
        );
        assert_eq!(
            out.authorization,
            "auth-v2/AK_EXAMPLE/2026-11-21T08:30:00.000Z/content-length;content-type;host/5acbad3ad4bfba0c141eb27b60de08a78cd75464dae57ba33ddbb151d6716b7c"
        );
    }
}
