//! A secret carried in a body: redacted wherever it could be printed.

use std::borrow::Cow;
use std::fmt;

#[cfg(feature = "schemars")]
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};

/// A secret sent or received in a body (app secret, access and refresh tokens).
///
/// `Debug` and `Display` print `[REDACTED]`; [`Secret::expose`] gives the value. It encodes
/// and decodes as a plain JSON string.
#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret value. Do not log it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([REDACTED])")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

#[cfg(feature = "schemars")]
impl JsonSchema for Secret {
    fn schema_name() -> Cow<'static, str> {
        "Secret".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "format": "password" })
    }
}

/// A URL as it may be shown: its password, if it has one, as `REDACTED` (a base URL or a
/// proxy may carry credentials in its user information). Text that is not a URL is shown up
/// to its last `@`, which may end user information, as `[REDACTED]@...`.
pub(crate) fn redact_url(url: &str) -> Cow<'_, str> {
    match reqwest::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("REDACTED"));
            Cow::Owned(parsed.to_string())
        }
        Ok(_) => Cow::Borrowed(url),
        Err(_) => match url.rsplit_once('@') {
            Some((_, host)) => Cow::Owned(format!("[REDACTED]@{host}")),
            None => Cow::Borrowed(url),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_redacted_in_debug_and_display_but_sent_as_is() {
        let s = Secret::new("s3cr3t");
        assert_eq!(format!("{s:?} {s}"), "Secret([REDACTED]) [REDACTED]");
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"s3cr3t\"");
        assert_eq!(s.expose(), "s3cr3t");
    }

    #[test]
    fn url_passwords_are_redacted() {
        assert_eq!(
            redact_url("https://user:pa55@gw.example:8443/p"),
            "https://user:REDACTED@gw.example:8443/p"
        );
        assert_eq!(redact_url("https://gw.example"), "https://gw.example");
        assert_eq!(redact_url("not a url:pa55@x"), "[REDACTED]@x");
    }
}
