//! The credentials of the two schemes: an AK/SK pair, and an app key and secret.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};

use super::signing_error::{SigningError, check_key};
use crate::error::Error;

/// The access key and secret key that sign CC-iSales and CC-CMS requests (`auth-v2`).
///
/// `Debug` shows the access key and redacts the secret key. [`AkSk::new`] takes any
/// strings; keys that cannot sign are refused, with the reason, by [`AkSk::check`],
/// [`super::Signer::new`] and [`crate::ClientBuilder::build`].
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

    /// Checks that the keys can sign: non-empty visible ASCII, no `/` in the access key.
    /// [`super::Signer::new`] and [`crate::ClientBuilder::build`] check this; `new` does
    /// not, so that credentials can be made anywhere and refused, with the reason, where
    /// they are used.
    pub fn check(&self) -> Result<(), SigningError> {
        check_key("access key (AK)", &self.access_key, false)?;
        check_key("secret key (SK)", self.secret_key.expose_secret(), true)
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
    fn keys_that_cannot_sign_are_refused_with_the_reason() {
        assert!(AkSk::new("ab", "s/k").check().is_ok());
        for (ak, sk, key, problem) in [
            ("a/b", "sk", "access key (AK)", "contains '/'"),
            ("", "sk", "access key (AK)", "is empty"),
            ("a\nb", "sk", "access key (AK)", "control"),
            ("a b", "sk", "access key (AK)", "spaces"),
            ("\u{e9}", "sk", "access key (AK)", "non-ASCII"),
            ("ak", "", "secret key (SK)", "is empty"),
            ("ak", "s\u{7f}", "secret key (SK)", "control"),
        ] {
            let err = AkSk::new(ak, sk).check().unwrap_err();
            let SigningError::InvalidCredentials { key: k, problem: p } = &err else {
                panic!("{err:?}");
            };
            assert_eq!(*k, key, "{ak:?} {sk:?}");
            assert!(p.contains(problem), "{ak:?} {sk:?}: {err}");
        }
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
