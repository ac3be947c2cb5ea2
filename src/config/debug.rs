//! How a [`ClientBuilder`] shows itself: everything it holds but a secret.

use std::fmt;

use super::ClientBuilder;
use crate::wire::redact_url;

/// Hand-written: a base URL or the proxy may carry a password (shown `REDACTED`), the
/// credentials redact their secrets, and a given reqwest client is only named (its own
/// `Debug` prints its default headers).
impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn url(url: &Option<String>) -> Option<std::borrow::Cow<'_, str>> {
            url.as_deref().map(redact_url)
        }
        f.debug_struct("ClientBuilder")
            .field("isales_url", &url(&self.isales_url))
            .field("cms_url", &url(&self.cms_url))
            .field("apiaccess_url", &url(&self.apiaccess_url))
            .field("ak_sk", &self.ak_sk)
            .field("signing_profile", &self.signing_profile)
            .field("app", &self.app)
            .field("tenant_space_id", &self.tenant_space_id)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field(
                "proxy",
                &self.proxy.as_ref().map(|_| "reqwest::Proxy { .. }"),
            )
            .field("no_proxy", &self.no_proxy)
            .field("root_certificates_pem", &self.root_certificates_pem.len())
            .field(
                "accept_invalid_certificates",
                &self.accept_invalid_certificates,
            )
            .field("retry", &self.retry)
            .field("clock", &self.clock)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("deadline", &self.deadline)
            .field("max_in_flight_per_host", &self.max_in_flight_per_host)
            .field("token_expire", &self.token_expire)
            .field("http_client", &self.http_client)
            .finish_non_exhaustive()
    }
}
