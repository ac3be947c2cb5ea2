//! The credentials of the two schemes: an AK/SK pair, and an app key and secret.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};

use crate::error::Error;

///
/// `Debug` shows the access key and redacts the secret key.
#[derive(Clone)]
pub struct AkSk {
    access_key: String,
    secret_key: SecretString,
}

impl AkSk {
    /// Credentials from an access key and a secret key.
    pub fn new(access_key: impl Into<String>, secret_key: impl Into<String>) -> Self {
        Self {
            access_key: access_key.into(),
            secret_key: SecretString::from(secret_key.into()),
        }
    }

    /// Credentials from `CEC_AK` and `CEC_SK`, if both are set.
    pub fn from_env() -> Option<Self> {
        Some(Self::new(env_nonempty("CEC_AK")?, env_nonempty("CEC_SK")?))
    }

    /// The access key (not a secret).
    pub fn access_key(&self) -> &str {
        &self.access_key
    }

    /// The secret key, for the signer only.
    pub(crate) fn secret_key(&self) -> &str {
        self.secret_key.expose_secret()
    }

    pub(crate) fn check(&self) -> Result<(), Error> {
        check_credential("access key (AK)", &self.access_key)?;
        if self.access_key.contains('/') {
            return Err(Error::Config {
                message: "the access key (AK) contains '/', which separates the parts of the auth-v2 header".into(),
            });
        }
        check_credential("secret key (SK)", self.secret_key.expose_secret())
    }
}

impl fmt::Debug for AkSk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AkSk")
            .field("access_key", &self.access_key)
            .field("secret_key", &"[REDACTED]")
            .finish()
    }
}

/// The app key and app secret exchanged for a bearer token by `tokenByAkSk`.
///
/// `Debug` shows the app key and redacts the app secret.
#[derive(Clone)]
pub struct AppCredentials {
    app_key: String,
    app_secret: SecretString,
}

impl AppCredentials {
    /// Credentials from an app key and an app secret.
    pub fn new(app_key: impl Into<String>, app_secret: impl Into<String>) -> Self {
        Self {
            app_key: app_key.into(),
            app_secret: SecretString::from(app_secret.into()),
        }
    }

    /// Credentials from `CEC_APP_KEY` and `CEC_APP_SECRET`, if both are set.
    pub fn from_env() -> Option<Self> {
        Some(Self::new(
            env_nonempty("CEC_APP_KEY")?,
            env_nonempty("CEC_APP_SECRET")?,
        ))
    }

    /// The app key (not a secret).
    pub fn app_key(&self) -> &str {
        &self.app_key
    }

    /// The app secret, for the token request only.
    pub(crate) fn app_secret(&self) -> &str {
        self.app_secret.expose_secret()
    }

    pub(crate) fn check(&self) -> Result<(), Error> {
        check_credential("app key", &self.app_key)?;
        check_credential("app secret", self.app_secret.expose_secret())
    }
}

impl fmt::Debug for AppCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppCredentials")
            .field("app_key", &self.app_key)
            .field("app_secret", &"[REDACTED]")
            .finish()
    }
}

fn env_nonempty(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn check_credential(what: &'static str, value: &str) -> Result<(), Error> {
    if value.is_empty() || value.chars().any(|c| !c.is_ascii_graphic()) {
        return Err(Error::Config {
            message: format!(
                "the {what} is empty or contains spaces, control or non-ASCII characters"
            ),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_access_key_with_a_slash_is_refused() {
        assert!(AkSk::new("a/b", "sk").check().is_err());
        assert!(AkSk::new("ab", "sk").check().is_ok());
    }

    #[test]
    fn credentials_debug_redacts_secrets() {
        let debug = format!(
            "{:?} {:?}",
            AkSk::new("my-ak", "my-sk-value"),
            AppCredentials::new("k", "app-secret-value")
        );
        assert!(
            debug.contains("my-ak") && debug.contains("[REDACTED]"),
            "{debug}"
        );
        assert!(
            !debug.contains("my-sk-value") && !debug.contains("app-secret-value"),
            "{debug}"
        );
    }
}
