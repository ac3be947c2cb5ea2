//! From the connection options to a configured [`Client`].

use std::time::Duration;

use huawei_cec::{AkSk, AppCredentials, Client, RetryPolicy};

use crate::Failure;
use crate::args::Connection;

/// A client from the connection options (and the environment they fall back to).
pub(crate) fn client(cli: &Connection) -> Result<Client, Failure> {
    let mut builder = Client::builder();
    if let Some(url) = &cli.isales_url {
        builder = builder.isales_url(url);
    }
    if let Some(url) = &cli.cms_url {
        builder = builder.cms_url(url);
    }
    if let Some(url) = &cli.apiaccess_url {
        builder = builder.apiaccess_url(url);
    }
    match (&cli.ak, &cli.sk) {
        (Some(ak), Some(sk)) => builder = builder.ak_sk(AkSk::new(ak, sk.expose())),
        (None, None) => {}
        _ => {
            return Err(Failure::Usage(
                "give both --ak and --sk (or CEC_AK and CEC_SK)".into(),
            ));
        }
    }
    match (&cli.app_key, &cli.app_secret) {
        (Some(key), Some(secret)) => {
            builder = builder.app_credentials(AppCredentials::new(key, secret.expose()))
        }
        (None, None) => {}
        _ => {
            return Err(Failure::Usage(
                "give both --app-key and --app-secret (or CEC_APP_KEY and CEC_APP_SECRET)".into(),
            ));
        }
    }
    if let Some(tenant) = &cli.tenant_space_id {
        builder = builder.tenant_space_id(tenant);
    }
    if let Some(profile) = cli.signing_profile {
        builder = builder.signing_profile(profile);
    }
    if let Some(path) = &cli.ca_cert {
        builder = builder.root_certificate_file(path)?;
    }
    if let Some(seconds) = cli.timeout {
        if !(seconds.is_finite() && seconds > 0.0 && seconds <= 86_400.0) {
            return Err(Failure::Usage(format!(
                "--timeout {seconds}: give a number of seconds above 0, at most 86400"
            )));
        }
        builder = builder.timeout(Duration::from_secs_f64(seconds));
    }
    if let Some(seconds) = cli.deadline {
        if !(seconds.is_finite() && seconds > 0.0 && seconds <= 86_400.0) {
            return Err(Failure::Usage(format!(
                "--deadline {seconds}: give a number of seconds above 0, at most 86400"
            )));
        }
        builder = builder.deadline(Duration::from_secs_f64(seconds));
    }
    if let Some(bytes) = cli.max_response_bytes {
        if bytes == 0 {
            return Err(Failure::Usage(
                "--max-response-bytes 0: give a limit of at least 1 byte (default 67108864, 64 MiB)"
                    .into(),
            ));
        }
        builder = builder.max_response_bytes(bytes);
    }
    if let Some(seconds) = cli.token_expire {
        if !(1..=3600).contains(&seconds) {
            return Err(Failure::Usage(format!(
                "--token-expire {seconds}: give a token lifetime from 1 to 3600 seconds (default 600)"
            )));
        }
        builder = builder.token_expire(Duration::from_secs(seconds));
    }
    if let Some(recorder) = &cli.recorder {
        builder = builder.recorder(recorder.clone());
    }
    if let Some(retries) = cli.retries {
        builder = builder.retry_policy(RetryPolicy::default().with_max_retries(retries));
    }
    Ok(builder
        .danger_accept_invalid_certificates(cli.danger_accept_invalid_certs())
        .clock_skew_correction(cli.clock_skew_correction())
        .build()?)
}
