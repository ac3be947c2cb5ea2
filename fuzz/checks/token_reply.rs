//! Replies of the token interface, as the token provider reads them: any status, content
//! type and body. Reading never panics; a usable reply gives a lifetime that can be added to
//! the clock; an error never quotes the body (nor the content type, unless it is a
//! well-formed media type) and holds no raw control character.
//!
//! Input: one byte picks the status, one the content type, the rest is the body, in which
//! every `$` stands for a secret marker: the marker must never show in an error.

/// What every `$` of the body (and one of the content types) becomes: a stand-in for a
/// token, a refresh token or an app secret.
const MARKER: &str = "tok3nMARKERsecret9";

const STATUSES: [u16; 12] = [200, 200, 200, 200, 201, 204, 400, 401, 403, 429, 500, 502];

/// The check of one input: panics when it finds a fault.
pub fn check(data: &[u8]) {
    let [status, content_type, body @ ..] = data else {
        return;
    };
    let status = STATUSES[usize::from(*status) % STATUSES.len()];
    let content_types = [
        None,
        Some("application/json;charset=UTF-8"),
        Some("text/html"),
        Some(MARKER),
        Some("application/json; token=tok3nMARKERsecret9"),
    ];
    let content_type = content_types[usize::from(*content_type) % content_types.len()];
    let mut real_body = Vec::with_capacity(body.len());
    for &b in body {
        if b == b'$' {
            real_body.extend_from_slice(MARKER.as_bytes());
        } else {
            real_body.push(b);
        }
    }

    match huawei_cec::token::read_reply(status, content_type, &real_body) {
        Ok(lifetime) => {
            assert_eq!(status, 200, "a token from HTTP {status}");
            assert!(!lifetime.is_zero());
            assert!(std::time::Instant::now().checked_add(lifetime).is_some());
        }
        Err(e) => {
            let display = e.to_string();
            let debug = format!("{e:?}");
            for text in [&display, &debug] {
                assert!(!text.contains(MARKER), "the error quotes a secret: {text}");
                assert!(!text.contains("tok3n"), "the error quotes a secret: {text}");
            }
            assert!(
                !display.chars().any(char::is_control),
                "a raw control character in {display:?}"
            );
            assert_eq!(e.status(), Some(status), "{e:?}");
            assert!(!e.is_invalid_input(), "{e:?}");
        }
    }
}
