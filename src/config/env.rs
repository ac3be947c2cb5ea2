//! The settings a [`ClientBuilder`] takes from the environment (`CEC_*` variables).

use std::time::Duration;

use super::ClientBuilder;
use crate::auth::{AkSk, AppCredentials};
use crate::error::{Error, Result};

impl ClientBuilder {
    /// Takes what the environment sets: `CEC_ISALES_URL`, `CEC_CMS_URL`,
    /// `CEC_APIACCESS_URL`, `CEC_AK` and `CEC_SK`, `CEC_SIGNING_PROFILE`, `CEC_APP_KEY` and
    /// `CEC_APP_SECRET`, `CEC_TENANT_SPACE_ID`, `CEC_TOKEN_EXPIRE` (seconds), `CEC_CA_CERT` (a
    /// PEM file), `CEC_CLOCK_SKEW_CORRECTION` (`true` or `false`). Settings made before or
    /// after this call are kept unless the environment provides them (an empty variable
    /// provides nothing). A value that cannot be read is an [`Error::Config`] saying what is
    /// allowed.
    pub fn from_env(mut self) -> Result<Self> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        if let Some(url) = var("CEC_ISALES_URL") {
            self.isales_url = Some(url);
        }
        if let Some(url) = var("CEC_CMS_URL") {
            self.cms_url = Some(url);
        }
        if let Some(url) = var("CEC_APIACCESS_URL") {
            self.apiaccess_url = Some(url);
        }
        if let Some(credentials) = AkSk::from_env() {
            self.ak_sk = Some(credentials);
        }
        if let Some(profile) = var("CEC_SIGNING_PROFILE") {
            self.signing_profile = profile.parse().map_err(|e| Error::Config {
                message: format!("CEC_SIGNING_PROFILE: {e}"),
            })?;
        }
        if let Some(credentials) = AppCredentials::from_env() {
            self.app = Some(credentials);
        }
        if let Some(tenant) = var("CEC_TENANT_SPACE_ID") {
            self.tenant_space_id = Some(tenant);
        }
        if let Some(seconds) = var("CEC_TOKEN_EXPIRE") {
            let seconds: u64 = seconds.trim().parse().map_err(|_| Error::Config {
                message: format!(
                    "CEC_TOKEN_EXPIRE {seconds:?}: give whole seconds from 1 to 3600 (default 600)"
                ),
            })?;
            self.token_expire = Duration::from_secs(seconds);
        }
        if let Some(path) = var("CEC_CA_CERT") {
            self = self.root_certificate_file(path)?;
        }
        if let Some(on) = var("CEC_CLOCK_SKEW_CORRECTION") {
            self.clock_skew_correction = parse_bool(&on).ok_or_else(|| Error::Config {
                message: format!(
                    "CEC_CLOCK_SKEW_CORRECTION {on:?}: give true or false (default true)"
                ),
            })?;
        }
        Ok(self)
    }
}

/// `true`/`false` (and the usual spellings of them: yes/no, on/off, 1/0), any case.
fn parse_bool(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" | "1" => Some(true),
        "false" | "no" | "off" | "0" => Some(false),
        _ => None,
    }
}
