//! The HTTP client of a [`ClientBuilder`]: the one it is given, or the one it makes from its
//! settings (redirects off).

use super::ClientBuilder;
use crate::error::{Error, Result};

/// A reqwest client given to [`ClientBuilder::http_client`]. Its `Debug` names it only: the
/// client's own would print its default headers, which may hold the user's credentials.
#[derive(Clone)]
pub(super) struct GivenClient(pub(super) reqwest::Client);

impl std::fmt::Debug for GivenClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("reqwest::Client { .. }")
    }
}

impl ClientBuilder {
    /// Records that the HTTP-client setting `name` was made.
    pub(super) fn http_setting(mut self, name: &'static str) -> Self {
        if !self.http_settings.contains(&name) {
            self.http_settings.push(name);
        }
        self
    }

    /// The client given to [`Self::http_client`], or one made from the settings.
    pub(super) fn make_http_client(&mut self) -> Result<reqwest::Client> {
        if let Some(GivenClient(client)) = self.http_client.take() {
            if !self.http_settings.is_empty() {
                return Err(Error::Config {
                    message: format!(
                        "http_client was given, and also {}: these configure the HTTP client the \
                         builder makes; set them on the given reqwest client instead",
                        self.http_settings.join(", ")
                    ),
                });
            }
            return Ok(client);
        }
        // Redirects are never followed: a 3xx would send the app secret, a signature or a
        // body to another origin. The transport turns them into errors. The timeout of an
        // attempt is set on each request (Transport::prepare), as for a given client.
        let mut http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(self.connect_timeout)
            .user_agent(self.user_agent.clone())
            .tls_danger_accept_invalid_certs(self.accept_invalid_certificates);
        if self.no_proxy {
            http = http.no_proxy();
        }
        if let Some(proxy) = self.proxy.take() {
            http = http.proxy(proxy);
        }
        for pem in &self.root_certificates_pem {
            let certificates =
                reqwest::Certificate::from_pem_bundle(pem).map_err(|e| Error::Config {
                    message: format!("the CA certificate PEM cannot be read: {e}"),
                })?;
            if certificates.is_empty() {
                return Err(Error::Config {
                    message: "the CA certificate PEM holds no certificate".into(),
                });
            }
            http = http.tls_certs_merge(certificates);
        }
        http.build().map_err(|e| Error::Config {
            message: format!("HTTP client: {e}"),
        })
    }
}
