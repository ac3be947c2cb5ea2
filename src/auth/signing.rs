//! The `auth-v2` signer: a pure function of the credentials, the profile, the time and the
//! request ([`sign_v2`]), and [`Signer`], which applies it to each attempt and keeps the
//! signing key of the current timestamp.
//!
//! Signing streams the canonical request into the HMAC: the canonical request is rendered
//! as text only when someone looks (the `DEBUG` log under `huawei_cec::signing`,
//! [`super::canonical_request`]).

use std::fmt;
use std::sync::Mutex;

use chrono::{DateTime, Datelike, Timelike, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::AkSk;
use super::canonical::{
    HEADER_SETS, SignableRequest, canonical_request, header_set_index, write_canonical,
};
use super::profile::{SigningProfile, TimestampFormat};
use super::signing_error::SigningError;

type HmacSha256 = Hmac<Sha256>;

/// The log target of the canonical requests.
const TARGET: &str = "huawei_cec::signing";

/// The signature's timestamp in the profile's format: UTC,
/// `yyyy-MM-dd'T'HH:mm:ss.SSS'Z'` or `yyyy-MM-dd'T'HH:mm:ss'Z'`.
pub fn format_timestamp(time: DateTime<Utc>, format: TimestampFormat) -> String {
    Timestamp::new(time, format).as_str().to_owned()
}

/// `00` to `99`.
const DIGIT_PAIRS: [[u8; 2]; 100] = {
    let mut table = [[0u8; 2]; 100];
    let mut i = 0;
    while i < 100 {
        table[i] = [b'0' + (i / 10) as u8, b'0' + (i % 10) as u8];
        i += 1;
    }
    table
};

/// A formatted timestamp on the stack.
#[derive(Clone)]
struct Timestamp {
    buf: [u8; 48],
    len: usize,
}

impl Timestamp {
    fn new(time: DateTime<Utc>, format: TimestampFormat) -> Self {
        let mut this = Self {
            buf: [0; 48],
            len: 0,
        };
        // UTC: the naive time is the time (each accessor of `DateTime` would convert again).
        let utc = time.naive_utc();
        let (date, clock) = (utc.date(), utc.time());
        let year = date.year();
        if (0..=9999).contains(&year) {
            let nanos = clock.nanosecond();
            let millis = nanos % 1_000_000_000 / 1_000_000;
            // A leap second (chrono's nanoseconds ≥ 1e9) is written as :60, as chrono does.
            let second = clock.second() + u32::from(nanos >= 1_000_000_000);
            let year = year.unsigned_abs();
            let pair = |value: u32| DIGIT_PAIRS[value as usize % 100];
            // `yyyy-MM-ddTHH:mm:ss`, then `.SSSZ` or `Z`, at fixed places.
            let buf = &mut this.buf;
            buf[0..2].copy_from_slice(&pair(year / 100));
            buf[2..4].copy_from_slice(&pair(year));
            buf[4] = b'-';
            buf[5..7].copy_from_slice(&pair(date.month()));
            buf[7] = b'-';
            buf[8..10].copy_from_slice(&pair(date.day()));
            buf[10] = b'T';
            buf[11..13].copy_from_slice(&pair(clock.hour()));
            buf[13] = b':';
            buf[14..16].copy_from_slice(&pair(clock.minute()));
            buf[16] = b':';
            buf[17..19].copy_from_slice(&pair(second));
            this.len = match format {
                TimestampFormat::Millis => {
                    buf[19] = b'.';
                    buf[20] = b'0' + (millis / 100) as u8;
                    buf[21..23].copy_from_slice(&pair(millis));
                    buf[23] = b'Z';
                    24
                }
                TimestampFormat::Seconds => {
                    buf[19] = b'Z';
                    20
                }
            };
        } else {
            // Years chrono writes with a sign or more digits: rare enough for its formatter.
            let pattern = match format {
                TimestampFormat::Millis => "%Y-%m-%dT%H:%M:%S%.3fZ",
                TimestampFormat::Seconds => "%Y-%m-%dT%H:%M:%SZ",
            };
            let _ = fmt::Write::write_fmt(&mut this, format_args!("{}", time.format(pattern)));
        }
        this
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(self.as_bytes()).expect("ASCII")
    }

    fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

impl fmt::Write for Timestamp {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        self.buf
            .get_mut(self.len..end)
            .ok_or(fmt::Error)?
            .copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Parses a signature's timestamp: `yyyy-MM-dd'T'HH:mm:ss[.fraction]'Z'`, UTC.
pub fn parse_timestamp(text: &str) -> Option<DateTime<Utc>> {
    chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.fZ")
        .ok()
        .map(|t| t.and_utc())
}

/// The result of signing: the `Authorization` header value and what went into it (never the
/// secret, nor the canonical request: render that with [`super::canonical_request`]).
///
/// `Debug` redacts the signature (it authorizes the request it was made for).
#[derive(Clone, PartialEq, Eq)]
pub struct SigningOutput {
    authorization: String,
    timestamp_len: usize,
    signed_headers: &'static str,
    profile: SigningProfile,
}

impl fmt::Debug for SigningOutput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let prefix = &self.authorization[..self.authorization.len() - 64];
        f.debug_struct("SigningOutput")
            .field("authorization", &format_args!("{prefix}[REDACTED]"))
            .field("signed_headers", &self.signed_headers)
            .field("profile", &self.profile)
            .finish()
    }
}

impl SigningOutput {
    /// The `Authorization` header value, `auth-v2/{AK}/{timestamp}/{SignedHeaders}/{Signature}`.
    pub fn authorization(&self) -> &str {
        &self.authorization
    }

    /// The `Authorization` header value, owned.
    pub fn into_authorization(self) -> String {
        self.authorization
    }

    /// The timestamp in the header.
    pub fn timestamp(&self) -> &str {
        let end = self.authorization.len() - 64 - 1 - self.signed_headers.len() - 1;
        &self.authorization[end - self.timestamp_len..end]
    }

    /// `SignedHeaders`, e.g. `content-length;content-type;host`.
    pub fn signed_headers(&self) -> &'static str {
        self.signed_headers
    }

    /// The signature: 64 lower-case hex digits.
    pub fn signature(&self) -> &str {
        &self.authorization[self.authorization.len() - 64..]
    }

    /// The profile it was signed with.
    pub fn profile(&self) -> SigningProfile {
        self.profile
    }
}

/// A SHA-256 digest as 64 lower-case hex digits, in constant time (the hex of the signing
/// key is as secret as the key), without allocating.
fn hex_digest(digest: &[u8], out: &mut [u8; 64]) {
    base16ct::lower::encode(digest, out).expect("32 bytes make 64 hex digits");
}

/// `SigningKey = hex(HMAC-SHA256(SK, authStringPrefix))`. Exposed for test vectors; it is
/// derived from the secret key, so treat it as a secret.
#[doc(hidden)]
pub fn signing_key(secret_key: &str, auth_string_prefix: &str) -> String {
    let mut mac = HmacSha256::new_from_slice(secret_key.as_bytes()).expect("any key length");
    mac.update(auth_string_prefix.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// The HMAC keyed with the signing key of `auth-v2/{AK}/{timestamp}/{signed_headers}`,
/// ready for the canonical request. The key's hex stays on the stack.
///
/// `secret` is the HMAC keyed with the secret key, ready for the prefix.
fn keyed_mac(
    mut secret: HmacSha256,
    access_key: &str,
    timestamp: &str,
    signed_headers: &str,
) -> HmacSha256 {
    for part in ["auth-v2/", access_key, "/", timestamp, "/", signed_headers] {
        secret.update(part.as_bytes());
    }
    let mut key = [0u8; 64];
    hex_digest(&secret.finalize().into_bytes(), &mut key);
    HmacSha256::new_from_slice(&key).expect("any key length")
}

/// The HMAC keyed with the secret key.
fn secret_mac(credentials: &AkSk) -> HmacSha256 {
    HmacSha256::new_from_slice(credentials.secret_key().as_bytes()).expect("any key length")
}

/// Finishes a signature: the canonical request into the keyed HMAC, then the header.
fn finish(
    mut mac: HmacSha256,
    credentials: &AkSk,
    timestamp: &str,
    signed_headers: &'static str,
    profile: &SigningProfile,
    request: &SignableRequest<'_>,
) -> SigningOutput {
    write_canonical(&mut mac, request, profile);
    let mut signature = [0u8; 64];
    hex_digest(&mac.finalize().into_bytes(), &mut signature);
    let access_key = credentials.access_key();
    let mut authorization = String::with_capacity(
        "auth-v2///".len() + access_key.len() + timestamp.len() + signed_headers.len() + 65,
    );
    for part in [
        "auth-v2/",
        access_key,
        "/",
        timestamp,
        "/",
        signed_headers,
        "/",
        std::str::from_utf8(&signature).expect("hex"),
    ] {
        authorization.push_str(part);
    }
    SigningOutput {
        authorization,
        timestamp_len: timestamp.len(),
        signed_headers,
        profile: *profile,
    }
}

/// Signs `request` with `credentials` under `profile` at `time`: a pure function.
pub fn sign_v2(
    credentials: &AkSk,
    profile: &SigningProfile,
    time: DateTime<Utc>,
    request: &SignableRequest<'_>,
) -> SigningOutput {
    let timestamp = Timestamp::new(time, profile.timestamp);
    sign_with_timestamp(credentials, profile, timestamp.as_str(), request)
}

/// Signs with the timestamp text as it goes into the header (a verifier must use the text
/// it received, not a re-formatting of the time it denotes).
pub(crate) fn sign_with_timestamp(
    credentials: &AkSk,
    profile: &SigningProfile,
    timestamp: &str,
    request: &SignableRequest<'_>,
) -> SigningOutput {
    let signed_headers = HEADER_SETS[header_set_index(request, profile)];
    let mac = keyed_mac(
        secret_mac(credentials),
        credentials.access_key(),
        timestamp,
        signed_headers,
    );
    finish(
        mac,
        credentials,
        timestamp,
        signed_headers,
        profile,
        request,
    )
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

/// The signing keys of the current timestamp, one per set of signed headers: the timestamp
/// they were made for and the HMAC keyed with them.
type KeyCache = [Option<(Timestamp, HmacSha256)>; HEADER_SETS.len()];

/// Signs requests with one AK/SK under one profile, and keeps the signing key of the
/// current timestamp: requests signed within the same second (`ts=seconds`) or millisecond
/// (`ts=millis`) derive it once (and every derivation starts from the HMAC already keyed
/// with the secret key).
///
/// ```
/// use huawei_cec::auth::{SignableRequest, Signer, SigningProfile};
/// use huawei_cec::AkSk;
///
/// let signer = Signer::new(AkSk::new("AK_EXAMPLE", "SK_EXAMPLE_SECRET"), SigningProfile::JAVA_DEMO)?;
/// let time = chrono::DateTime::parse_from_rfc3339("2026-11-21T08:30:00Z").unwrap().to_utc();
/// let request = SignableRequest {
///     method: "GET",
///     path: "/rest/isales/v1/openapi/campaigns/8/callresultdetail/1644464743-1388",
///     query: None,
///     host: "cc-isales.example.com:28090",
///     content_type: Some("application/json; charset=UTF-8"),
///     body: None,
/// };
/// let signed = signer.sign(time, &request);
/// assert_eq!(signed.timestamp(), "2026-11-21T08:30:00Z");
/// assert_eq!(signed.signed_headers(), "host");
/// assert_eq!(
///     signed.signature(),
///     "aea4572ec646b4d6f43bc471f323201ed403461cb1f2670289d9e6b1ac203bd0"
/// );
/// # Ok::<(), huawei_cec::auth::SigningError>(())
/// ```
pub struct Signer {
    credentials: AkSk,
    profile: SigningProfile,
    /// The HMAC keyed with the secret key: each signing key is derived from a copy.
    secret: HmacSha256,
    keys: Mutex<KeyCache>,
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer")
            .field("credentials", &self.credentials)
            .field("profile", &self.profile)
            .finish_non_exhaustive()
    }
}

impl Signer {
    /// A signer of `credentials` under `profile`, or why the credentials cannot sign
    /// ([`AkSk::check`]: empty keys, spaces, control or non-ASCII characters, a `/` in the
    /// access key).
    pub fn new(credentials: AkSk, profile: SigningProfile) -> Result<Self, SigningError> {
        credentials.check()?;
        Ok(Self {
            secret: secret_mac(&credentials),
            credentials,
            profile,
            keys: Mutex::new(Default::default()),
        })
    }

    /// The profile it signs with.
    pub fn profile(&self) -> SigningProfile {
        self.profile
    }

    /// The access key it signs with.
    pub fn access_key(&self) -> &str {
        self.credentials.access_key()
    }

    /// Signs `request` at `time`: the same as [`sign_v2`], with the signing key reused
    /// within a timestamp.
    pub fn sign(&self, time: DateTime<Utc>, request: &SignableRequest<'_>) -> SigningOutput {
        let profile = &self.profile;
        let stamp = Timestamp::new(time, profile.timestamp);
        let timestamp = stamp.as_str();
        let set = header_set_index(request, profile);
        let signed_headers = HEADER_SETS[set];
        // Another thread signing at this very moment computes the key itself rather than
        // waiting for the lock.
        let cached = self.keys.try_lock().ok().and_then(|keys| match &keys[set] {
            Some((at, mac)) if at.as_bytes() == stamp.as_bytes() => Some(mac.clone()),
            _ => None,
        });
        let mac = match cached {
            Some(mac) => mac,
            None => {
                let mac = keyed_mac(
                    self.secret.clone(),
                    self.credentials.access_key(),
                    timestamp,
                    signed_headers,
                );
                if let Ok(mut keys) = self.keys.try_lock() {
                    keys[set] = Some((stamp.clone(), mac.clone()));
                }
                mac
            }
        };
        let output = finish(
            mac,
            &self.credentials,
            timestamp,
            signed_headers,
            profile,
            request,
        );
        if tracing::enabled!(target: TARGET, tracing::Level::DEBUG) {
            tracing::debug!(
                target: TARGET,
                access_key = %self.credentials.access_key(),
                profile = %format_args!("{profile:#}"),
                signed_headers = %output.signed_headers,
                timestamp = %output.timestamp(),
                canonical_request = %canonical_request(request, profile),
                "auth-v2 canonical request"
            );
        }
        output
    }

    /// Signs a request about to be sent and sets its `Authorization` header (marked
    /// sensitive). The signed values are read from the request itself: host from the URL
    /// (or its `Host` header), `Content-Type` from its headers, the body bytes (and so
    /// `Content-Length`) from its body. Under `host=no-port` it also sets the `Host` header,
    /// without the port, so that what is sent is what was signed.
    ///
    /// Fails, leaving the request as it was, with [`SigningError::StreamingBody`] for a body
    /// whose bytes are not in memory (a stream), and [`SigningError::InvalidHeader`] when a
    /// header it would set cannot be a header value. It does not panic, whatever the
    /// request.
    pub fn sign_request(
        &self,
        request: &mut reqwest::Request,
        time: DateTime<Utc>,
    ) -> Result<SigningOutput, SigningError> {
        use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HOST, HeaderValue};

        let url = request.url();
        let owned_host;
        let authority = match request.headers().get(HOST).and_then(|v| v.to_str().ok()) {
            Some(host) => host,
            // Without user info, the URL's authority is `host[:port]`, the default port
            // already left out: what the HTTP client sends.
            None if url.username().is_empty() && url.password().is_none() => url.authority(),
            None => {
                owned_host = host_header(url);
                &owned_host
            }
        };
        let host = self.profile.host_value(authority);
        let new_host = if host.len() == authority.len() {
            None
        } else {
            Some(
                HeaderValue::from_str(host)
                    .map_err(|_| SigningError::InvalidHeader { header: "Host" })?,
            )
        };
        let body = match request.body() {
            Some(body) => Some(body.as_bytes().ok_or(SigningError::StreamingBody)?),
            None if request.method() == reqwest::Method::GET
                || request.method() == reqwest::Method::HEAD =>
            {
                None
            }
            None => Some(&[][..]),
        };
        let output = self.sign(
            time,
            &SignableRequest {
                method: request.method().as_str(),
                path: request.url().path(),
                query: request.url().query(),
                host,
                content_type: request
                    .headers()
                    .get(CONTENT_TYPE)
                    .and_then(|v| v.to_str().ok()),
                body,
            },
        );
        // The access key was checked by `new`: the header is visible ASCII.
        let mut value = HeaderValue::from_str(output.authorization()).map_err(|_| {
            SigningError::InvalidHeader {
                header: "Authorization",
            }
        })?;
        value.set_sensitive(true);
        let headers = request.headers_mut();
        if let Some(host) = new_host {
            headers.insert(HOST, host);
        }
        headers.insert(AUTHORIZATION, value);
        Ok(output)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    const BODY: &[u8] =
        br#"{"queryParam":{"ccId":1,"isCallin":"true","callId":"1000000000-0001"}}"#;

    fn vector_1() -> SignableRequest<'static> {
        SignableRequest {
            method: "POST",
            path: "/rest/cmsapp/v1/openapi/calldata/querycalldetailbyid",
            query: None,
            host: "127.0.0.1:28443",
            content_type: Some("application/json; charset=UTF-8"),
            body: Some(BODY),
        }
    }

    #[test]
    fn reproduces_the_documented_vector_1() {
        let out = sign_v2(
            &AkSk::new("AK_EXAMPLE", "SK_EXAMPLE_SECRET"),
            &SigningProfile::DOCUMENTED,
            at("2026-11-21T08:30:00Z"),
            &vector_1(),
        );
        assert_eq!(
            out.authorization(),
            "auth-v2/AK_EXAMPLE/2026-11-21T08:30:00.000Z/content-length;content-type;host/5acbad3ad4bfba0c141eb27b60de08a78cd75464dae57ba33ddbb151d6716b7c"
        );
        assert_eq!(out.timestamp(), "2026-11-21T08:30:00.000Z");
        assert_eq!(out.signed_headers(), "content-length;content-type;host");
    }

    #[test]
    fn timestamps_are_written_as_chrono_writes_them() {
        for text in [
            "2026-11-21T08:30:00.5Z",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999Z",
            "2016-12-31T23:59:59.999Z",
        ] {
            let time = at(text);
            assert_eq!(
                format_timestamp(time, TimestampFormat::Millis),
                time.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
            );
            assert_eq!(
                format_timestamp(time, TimestampFormat::Seconds),
                time.format("%Y-%m-%dT%H:%M:%SZ").to_string()
            );
        }
        let leap = chrono::NaiveDate::from_ymd_opt(2016, 12, 31)
            .unwrap()
            .and_hms_milli_opt(23, 59, 59, 1500)
            .unwrap()
            .and_utc();
        assert_eq!(
            format_timestamp(leap, TimestampFormat::Millis),
            leap.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
        );
        let far = DateTime::from_timestamp(300_000_000_000, 0).unwrap();
        assert_eq!(
            format_timestamp(far, TimestampFormat::Seconds),
            far.format("%Y-%m-%dT%H:%M:%SZ").to_string()
        );
    }

    #[test]
    fn digests_are_written_in_lower_case_hex() {
        // Every byte value, 32 at a time.
        let every_byte: Vec<u8> = (0..=255).collect();
        for chunk in every_byte.chunks(32) {
            let mut out = [0u8; 64];
            hex_digest(chunk, &mut out);
            assert_eq!(std::str::from_utf8(&out).unwrap(), hex::encode(chunk));
        }
    }

    #[test]
    fn the_cached_key_signs_as_a_fresh_one() {
        let credentials = AkSk::new("AK_EXAMPLE", "SK_EXAMPLE_SECRET");
        for profile in SigningProfile::all() {
            let signer = Signer::new(credentials.clone(), profile).unwrap();
            let get = SignableRequest {
                method: "GET",
                body: None,
                ..vector_1()
            };
            // The same instant twice (cached), the next second and millisecond (not).
            for time in [
                "2026-11-21T08:30:00Z",
                "2026-11-21T08:30:00Z",
                "2026-11-21T08:30:00.001Z",
                "2026-11-21T08:30:01Z",
            ] {
                for request in [&vector_1(), &get, &vector_1()] {
                    assert_eq!(
                        signer.sign(at(time), request),
                        sign_v2(&credentials, &profile, at(time), request),
                        "{profile} at {time}"
                    );
                }
            }
        }
    }
}
