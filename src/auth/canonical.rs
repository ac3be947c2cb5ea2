//! The canonical request of `auth-v2`, written once for two readers: streamed into the
//! HMAC when signing (no string is built), or rendered as text for people
//! (`--explain-signature`, the `DEBUG` log, test vectors). Both go through
//! [`write_canonical`], so what is shown is what was signed.

use percent_encoding::percent_decode_str;

use super::profile::{HeaderSet, QueryLine, SigningProfile};

/// What `auth-v2` signs of a request: the values exactly as they go on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignableRequest<'a> {
    /// HTTP method, e.g. `POST`.
    pub method: &'a str,
    /// The URL path as sent (percent-encoded as on the wire).
    pub path: &'a str,
    /// The raw query string as sent, without `?`; `None` or empty for none.
    pub query: Option<&'a str>,
    /// `host[:port]` the request is addressed to (the port only when it is not the
    /// scheme's default). The profile's `host` knob decides whether the port is sent and
    /// signed ([`SigningProfile::host_value`]); a server passes the `Host` it received.
    pub host: &'a str,
    /// The `Content-Type` value sent, if any.
    pub content_type: Option<&'a str>,
    /// The body bytes sent; `None` for a request without a body (GET).
    pub body: Option<&'a [u8]>,
}

/// Where the canonical request goes: an HMAC, or a buffer for rendering.
pub(crate) trait Sink {
    fn put(&mut self, bytes: &[u8]);
}

impl Sink for Vec<u8> {
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

impl Sink for hmac::Hmac<sha2::Sha256> {
    fn put(&mut self, bytes: &[u8]) {
        hmac::Mac::update(self, bytes);
    }
}

/// Whether `Normalize` leaves `b` as it is: `A-Z a-z 0-9 - . _ ~`. Branch-free, so that the
/// scan over a block of bytes vectorizes.
#[inline(always)]
const fn is_unreserved(b: u8) -> bool {
    ((b | 0x20).wrapping_sub(b'a') < 26)
        | (b.wrapping_sub(b'0') < 10)
        | (b == b'-')
        | (b == b'.')
        | (b == b'_')
        | (b == b'~')
}

const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";

/// Each byte normalized, padded to four bytes, with its length in the fourth: `[b, 0, 0, 1]`
/// or `[b'%', hi, lo, 3]`.
const ENCODED: [[u8; 4]; 256] = {
    let mut table = [[0u8; 4]; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        table[i] = if is_unreserved(b) {
            [b, 0, 0, 1]
        } else {
            [b'%', HEX_UPPER[i >> 4], HEX_UPPER[i & 0xF], 3]
        };
        i += 1;
    }
    table
};

/// Bytes scanned at once for a run of unreserved bytes.
const BLOCK: usize = 32;

/// The end of the whole blocks of unreserved bytes that start at `i`.
#[inline]
fn unreserved_blocks(bytes: &[u8], mut i: usize) -> usize {
    while let Some(block) = bytes.get(i..i + BLOCK) {
        if !block.iter().fold(true, |all, &b| all & is_unreserved(b)) {
            break;
        }
        i += BLOCK;
    }
    i
}

/// Size of the stack buffer of [`Buffered`].
const BUFFER: usize = 512;

/// Gathers small writes in a stack buffer, so that the HMAC behind it sees few, large
/// updates; large writes go through directly.
pub(crate) struct Buffered<'a, S: Sink> {
    inner: &'a mut S,
    buf: [u8; BUFFER],
    len: usize,
}

impl<'a, S: Sink> Buffered<'a, S> {
    pub(crate) fn new(inner: &'a mut S) -> Self {
        Self {
            inner,
            buf: [0; BUFFER],
            len: 0,
        }
    }

    /// `Normalize(bytes)`: unreserved bytes as they are, the others as `%XX` (upper-case
    /// hex). Whole blocks of unreserved bytes go to the sink as they are; the other bytes
    /// are encoded through a table, without a branch per byte (JSON and header values
    /// alternate between short runs and escapes, which a branchy loop mispredicts).
    pub(crate) fn put_normalized(&mut self, bytes: &[u8]) {
        let mut i = 0;
        while i < bytes.len() {
            let run = unreserved_blocks(bytes, i);
            if run > i {
                self.put(&bytes[i..run]);
                i = run;
            }
            let chunk = &bytes[i..bytes.len().min(i + BLOCK)];
            if self.len + 3 * chunk.len() + 1 > BUFFER {
                self.flush();
            }
            let mut n = self.len;
            for &b in chunk {
                let encoded = &ENCODED[usize::from(b)];
                self.buf[n..n + 4].copy_from_slice(encoded);
                n += usize::from(encoded[3]);
            }
            self.len = n;
            i += chunk.len();
        }
    }

    /// Hands what is buffered to the sink behind.
    pub(crate) fn flush(&mut self) {
        if self.len > 0 {
            self.inner.put(&self.buf[..self.len]);
            self.len = 0;
        }
    }
}

impl<S: Sink> Sink for Buffered<'_, S> {
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        if bytes.len() >= BUFFER / 2 {
            self.flush();
            self.inner.put(bytes);
            return;
        }
        if self.len + bytes.len() > BUFFER {
            self.flush();
        }
        self.buf[self.len..self.len + bytes.len()].copy_from_slice(bytes);
        self.len += bytes.len();
    }
}

/// `Normalize(s)` of the scheme: percent-encode every byte but `A-Z a-z 0-9 - . _ ~`, with
/// upper-case hex digits.
pub fn normalize(bytes: &[u8]) -> String {
    let mut out = Vec::with_capacity(bytes.len());
    let mut sink = Buffered::new(&mut out);
    sink.put_normalized(bytes);
    sink.flush();
    String::from_utf8(out).expect("Normalize writes ASCII")
}

/// The canonical query: each `Normalize(name)=Normalize(value)` (names and values
/// percent-decoded first, `+` kept as `+`), sorted, joined with `&`.
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

/// `SignedHeaders` of a request under a profile: `host` alone, or the standard set: `host`,
/// `content-type` when sent, `content-length` when the request has a body (sorted, joined
/// with `;`).
pub fn signed_headers(request: &SignableRequest<'_>, profile: &SigningProfile) -> &'static str {
    HEADER_SETS[header_set_index(request, profile)]
}

/// The four possible `SignedHeaders`, indexed by `header_set_index`.
pub(crate) const HEADER_SETS: [&str; 4] = [
    "host",
    "content-type;host",
    "content-length;host",
    "content-length;content-type;host",
];

pub(crate) fn header_set_index(request: &SignableRequest<'_>, profile: &SigningProfile) -> usize {
    match profile.headers {
        HeaderSet::Host => 0,
        HeaderSet::Standard => {
            usize::from(request.content_type.is_some()) | usize::from(request.body.is_some()) << 1
        }
    }
}

/// Whether the canonical request has a query line.
fn has_query_line(request: &SignableRequest<'_>, profile: &SigningProfile) -> bool {
    profile.query_line == QueryLine::Keep || request.query.is_some_and(|q| !q.is_empty())
}

/// Writes the canonical request of `request` under `profile` into `sink`: method, path,
/// canonical query (left out when empty under `query-line=omit`), `SignedHeaders`, the
/// canonical headers and the normalized body, joined with `\n`.
pub(crate) fn write_canonical(
    sink: &mut impl Sink,
    request: &SignableRequest<'_>,
    profile: &SigningProfile,
) {
    let mut sink = Buffered::new(sink);
    write_parts(&mut sink, request, profile);
    sink.flush();
}

fn write_parts<S: Sink>(
    sink: &mut Buffered<'_, S>,
    request: &SignableRequest<'_>,
    profile: &SigningProfile,
) {
    put_upper(sink, request.method.as_bytes());
    sink.put(b"\n");
    sink.put(request.path.as_bytes());
    sink.put(b"\n");
    if has_query_line(request, profile) {
        if request.query.is_some_and(|q| !q.is_empty()) {
            sink.put(canonical_query(request.query).as_bytes());
        }
        sink.put(b"\n");
    }
    let set = header_set_index(request, profile);
    sink.put(HEADER_SETS[set].as_bytes());
    sink.put(b"\n");
    if set & 2 != 0 {
        let mut digits = [0u8; 20];
        sink.put(b"content-length:");
        sink.put(decimal(request.body.map_or(0, <[u8]>::len), &mut digits));
        sink.put(b"\n");
    }
    if set & 1 != 0 {
        sink.put(b"content-type:");
        sink.put_normalized(request.content_type.unwrap_or_default().trim().as_bytes());
        sink.put(b"\n");
    }
    sink.put(b"host:");
    sink.put_normalized(profile.host_value(request.host).trim().as_bytes());
    sink.put(b"\n");
    sink.put_normalized(request.body.unwrap_or_default());
}

/// The canonical request as text: what [`crate::auth::sign_v2`] signs, for people and tests.
pub fn canonical_request(request: &SignableRequest<'_>, profile: &SigningProfile) -> String {
    let mut out = Vec::with_capacity(256 + request.body.map_or(0, <[u8]>::len) * 3);
    write_canonical(&mut out, request, profile);
    // Every part is ASCII (normalized) but the method and the path, which are `&str`.
    String::from_utf8(out).expect("the canonical request is UTF-8")
}

/// `bytes` upper-cased (ASCII) into `sink`, without allocating.
fn put_upper(sink: &mut impl Sink, bytes: &[u8]) {
    if !bytes.iter().any(u8::is_ascii_lowercase) {
        sink.put(bytes);
        return;
    }
    let mut buf = [0u8; 64];
    for chunk in bytes.chunks(buf.len()) {
        let out = &mut buf[..chunk.len()];
        out.copy_from_slice(chunk);
        out.make_ascii_uppercase();
        sink.put(out);
    }
}

/// The decimal digits of `n` in `buf`.
fn decimal(mut n: usize, buf: &mut [u8; 20]) -> &[u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return &buf[i..];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_streams_what_percent_encoding_would_produce() {
        const SET: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
            .remove(b'-')
            .remove(b'.')
            .remove(b'_')
            .remove(b'~');
        let mut long = Vec::new();
        for i in 0..2000u32 {
            long.push((i * 7 % 256) as u8);
            if i % 300 == 0 {
                long.extend_from_slice(&[b'a'; 100]);
            }
        }
        // Every byte alone, in short values (byte by byte) and in long ones.
        for b in 0..=255u8 {
            assert_eq!(
                normalize(&[b]),
                percent_encoding::percent_encode(&[b], SET).to_string()
            );
        }
        for chunk in (0..=255u8).collect::<Vec<_>>().chunks(BLOCK - 1) {
            assert_eq!(
                normalize(chunk),
                percent_encoding::percent_encode(chunk, SET).to_string()
            );
        }
        // Every byte, alone and inside blocks of unreserved bytes (the block scan).
        let every_byte: Vec<u8> = (0..=255).collect();
        let mut in_blocks = Vec::new();
        for b in 0..=255u8 {
            let run = [31, 32, 33, 40, 64, 300][usize::from(b) % 6];
            in_blocks.extend(std::iter::repeat_n(b'a', run));
            in_blocks.push(b);
        }
        for bytes in [
            &b""[..],
            b"a",
            b"{\"a\":1}",
            &[b'x'; 300],
            &[0xFF; 300],
            &long,
            &every_byte,
            &in_blocks,
        ] {
            assert_eq!(
                normalize(bytes),
                percent_encoding::percent_encode(bytes, SET).to_string()
            );
        }
    }

    #[test]
    fn decimal_and_upper_case_are_written_without_allocating() {
        let mut buf = [0u8; 20];
        assert_eq!(decimal(0, &mut buf), b"0");
        assert_eq!(
            decimal(usize::MAX, &mut buf),
            usize::MAX.to_string().as_bytes()
        );
        let mut out = Vec::new();
        put_upper(&mut out, "post-é".repeat(20).as_bytes());
        assert_eq!(out, "POST-é".repeat(20).as_bytes());
    }
}
