//! The TLS handshake with a server, its certificate verified as the client verifies it, and
//! what the certificate says (subject, issuer, expiry).
//!
//! reqwest 0.13 verifies certificates with `rustls-platform-verifier`: the system's roots,
//! plus the extra roots given (`--ca-cert`), or nothing at all under
//! `--danger-accept-invalid-certs`. The handshake here uses the same verifier with the same
//! roots and the same crypto provider, wrapped to keep the certificate and the verdict even
//! when verification fails (or is switched off).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use huawei_cec::reqwest::{self, Url};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, SignatureScheme};
use tokio::net::TcpStream;

use super::{Status, cause_chain};
use crate::Failure;
use crate::args::Connection;

/// Certificates expiring within this many days get a warning.
const RENEW_SOON_DAYS: i64 = 30;

/// How the client trusts servers: its extra roots and the danger opt-in.
pub(crate) struct Trust {
    ca_file: Option<PathBuf>,
    pem: Option<Vec<u8>>,
    extra_roots: Vec<CertificateDer<'static>>,
    accept_invalid: bool,
}

impl Trust {
    /// The trust settings of the connection options (the CA file is read as the client's
    /// builder reads it).
    pub(crate) fn new(connection: &Connection) -> Result<Self, Failure> {
        let (pem, extra_roots) = match &connection.ca_cert {
            None => (None, Vec::new()),
            Some(path) => {
                let pem = std::fs::read(path).map_err(|e| {
                    Failure::Usage(format!(
                        "cannot read the CA certificate file {}: {e}",
                        path.display()
                    ))
                })?;
                let roots = CertificateDer::pem_slice_iter(&pem)
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| {
                        Failure::Usage(format!(
                            "the CA certificate file {} cannot be read as PEM: {e}",
                            path.display()
                        ))
                    })?;
                (Some(pem), roots)
            }
        };
        Ok(Self {
            ca_file: connection.ca_cert.clone(),
            pem,
            extra_roots,
            accept_invalid: connection.danger_accept_invalid_certs(),
        })
    }

    /// What the certificate was checked against, for the report.
    fn roots(&self) -> String {
        match &self.ca_file {
            Some(file) => format!("the system's roots and {}", file.display()),
            None => "the system's roots".into(),
        }
    }

    /// A plain HTTP client with these trust settings (as `ClientBuilder::build` makes the
    /// client's), for the clock's `GET`.
    pub(crate) fn http_client(&self, timeout: Duration) -> Result<reqwest::Client, String> {
        let mut builder = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(timeout)
            .user_agent(concat!("cec-doctor/", env!("CARGO_PKG_VERSION")))
            .tls_danger_accept_invalid_certs(self.accept_invalid);
        if let Some(pem) = &self.pem {
            let certificates = reqwest::Certificate::from_pem_bundle(pem)
                .map_err(|e| format!("the CA certificate PEM cannot be read: {e}"))?;
            builder = builder.tls_certs_merge(certificates);
        }
        builder
            .build()
            .map_err(|e| format!("cannot make an HTTP client: {}", cause_chain(&e)))
    }
}

/// The rows of the TLS check: the handshake, and the certificate when one came.
pub(crate) struct Outcome {
    pub(crate) handshake: (Status, String),
    pub(crate) certificate: Option<(Status, String)>,
}

/// Shakes hands over `stream` with the server of `url`, verifying its certificate as the
/// client would.
pub(crate) async fn check(
    stream: TcpStream,
    url: &Url,
    trust: &Trust,
    timeout: Duration,
) -> Outcome {
    let failed = |detail: String| Outcome {
        handshake: (Status::Failed, detail),
        certificate: None,
    };
    let host = url.host_str().unwrap_or_default();
    let literal = host.trim_start_matches('[').trim_end_matches(']');
    let name = match literal.parse::<std::net::IpAddr>() {
        Ok(ip) => ServerName::IpAddress(ip.into()),
        Err(_) => match ServerName::try_from(literal.to_owned()) {
            Ok(name) => name,
            Err(e) => return failed(format!("{host} is not a name TLS can check: {e}")),
        },
    };
    let provider = CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(rustls::crypto::aws_lc_rs::default_provider()));
    let verifier = match platform_verifier(trust, provider.clone()) {
        Ok(verifier) => verifier,
        Err(e) => return failed(format!("cannot set up certificate verification: {e}")),
    };
    let recording = Arc::new(Recording {
        inner: verifier,
        accept_invalid: trust.accept_invalid,
        seen: Mutex::new(None),
    });
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_protocol_versions(rustls::ALL_VERSIONS)
        .map(|builder| {
            builder
                .dangerous()
                .with_custom_certificate_verifier(recording.clone())
                .with_no_client_auth()
        });
    let mut config = match config {
        Ok(config) => config,
        Err(e) => return failed(format!("cannot set up TLS: {e}")),
    };
    // What reqwest offers (it is built with HTTP/2).
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let handshake = tokio::time::timeout(timeout, connector.connect(name, stream)).await;
    let seen = recording
        .seen
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .take();
    let certificate = seen.as_ref().map(|(der, _)| describe(der));
    let verdict = seen.map(|(_, verdict)| verdict);
    let handshake = match handshake {
        Err(_) => (
            Status::Failed,
            format!(
                "no TLS handshake within {} s: is this port serving TLS?",
                timeout.as_secs_f64()
            ),
        ),
        Ok(Err(e)) => match verdict {
            Some(Err(refused)) => (Status::Failed, refusal(&refused, trust)),
            _ => (
                Status::Failed,
                format!(
                    "the TLS handshake failed: {}: is this port serving TLS (an http:// URL?), \
                     and does the server offer TLS 1.2 or 1.3?",
                    cause_chain(&e)
                ),
            ),
        },
        Ok(Ok(session)) => {
            let (_, connection) = session.get_ref();
            let version = match connection.protocol_version() {
                Some(rustls::ProtocolVersion::TLSv1_3) => "TLS 1.3",
                Some(rustls::ProtocolVersion::TLSv1_2) => "TLS 1.2",
                _ => "TLS",
            };
            let alpn = match connection.alpn_protocol() {
                Some(b"h2") => "HTTP/2",
                _ => "HTTP/1.1",
            };
            let how = format!("{version}, {alpn}");
            match verdict {
                Some(Ok(())) if trust.accept_invalid => (
                    Status::Ok,
                    format!(
                        "verified against {} ({how}); --danger-accept-invalid-certs is not \
                         needed",
                        trust.roots()
                    ),
                ),
                Some(Ok(())) => (
                    Status::Ok,
                    format!("verified against {} ({how})", trust.roots()),
                ),
                Some(Err(refused)) => (
                    Status::Ok,
                    format!(
                        "NOT verified, accepted only because of --danger-accept-invalid-certs \
                         ({how}): {}",
                        refusal(&refused, trust)
                    ),
                ),
                None => (
                    Status::Failed,
                    format!("the server sent no certificate to verify ({how})"),
                ),
            }
        }
    };
    Outcome {
        handshake,
        certificate,
    }
}

/// The verifier reqwest builds for the same settings.
fn platform_verifier(
    trust: &Trust,
    provider: Arc<CryptoProvider>,
) -> Result<Arc<dyn ServerCertVerifier>, rustls::Error> {
    let verifier = if trust.extra_roots.is_empty() {
        rustls_platform_verifier::Verifier::new(provider)?
    } else {
        rustls_platform_verifier::Verifier::new_with_extra_roots(
            trust.extra_roots.iter().cloned(),
            provider,
        )?
    };
    Ok(Arc::new(verifier))
}

/// Why a certificate was refused, and what to do about it.
fn refusal(error: &rustls::Error, trust: &Trust) -> String {
    let hint = match error {
        rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer) => {
            match &trust.ca_file {
                None => {
                    ": its CA is not one this machine trusts: give the CA's PEM file with \
                       --ca-cert FILE (or CEC_CA_CERT)"
                }
                Some(_) => {
                    ": its CA is neither one of this machine's nor in --ca-cert: is it the \
                          right CA file (the CA that issued the server's certificate)?"
                }
            }
        }
        rustls::Error::InvalidCertificate(
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
        ) => ": the URL's host is not a name the certificate holds: use one that it holds",
        rustls::Error::InvalidCertificate(
            CertificateError::Expired | CertificateError::ExpiredContext { .. },
        ) => ": the certificate has expired (or this machine's clock is wrong)",
        rustls::Error::InvalidCertificate(
            CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. },
        ) => ": the certificate is not valid yet (or this machine's clock is wrong)",
        _ => "",
    };
    format!(
        "the certificate is not trusted: {}{hint}",
        crate::output::escape_controls(&error.to_string())
    )
}

/// The certificate row: subject, issuer, expiry and the days left.
fn describe(der: &CertificateDer<'_>) -> (Status, String) {
    let Ok((_, certificate)) = x509_parser::parse_x509_certificate(der) else {
        return (
            Status::Failed,
            "the server's certificate cannot be parsed".into(),
        );
    };
    let escape = |text: String| crate::output::escape_controls(&text).into_owned();
    let subject = escape(certificate.subject().to_string());
    let issuer = escape(certificate.issuer().to_string());
    let validity = certificate.validity();
    let not_after = validity.not_after.timestamp();
    let not_before = validity.not_before.timestamp();
    let now = chrono::Utc::now().timestamp();
    let expiry = chrono::DateTime::from_timestamp(not_after, 0)
        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|| format!("{not_after} (epoch seconds)"));
    let days_left = not_after.saturating_sub(now).div_euclid(86_400);
    let text = format!("subject {subject}; issuer {issuer}; expires {expiry}");
    if not_after < now {
        let days = now.saturating_sub(not_after).div_euclid(86_400);
        (Status::Failed, format!("{text} (expired {days} days ago)"))
    } else if not_before > now {
        (Status::Failed, format!("{text} (not valid yet)"))
    } else if days_left < RENEW_SOON_DAYS {
        (
            Status::Ok,
            format!("{text} ({days_left} days left: renew it soon)"),
        )
    } else {
        (Status::Ok, format!("{text} ({days_left} days left)"))
    }
}

/// The client's verifier, keeping the certificate and the verdict; under the danger opt-in
/// it accepts everything afterwards, as reqwest's verifier then does.
#[derive(Debug)]
struct Recording {
    inner: Arc<dyn ServerCertVerifier>,
    accept_invalid: bool,
    seen: Mutex<Option<(CertificateDer<'static>, Result<(), rustls::Error>)>>,
}

impl ServerCertVerifier for Recording {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let verdict = self.inner.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        );
        *self.seen.lock().unwrap_or_else(|p| p.into_inner()) = Some((
            end_entity.clone().into_owned(),
            verdict.as_ref().map(drop).map_err(Clone::clone),
        ));
        if self.accept_invalid {
            return Ok(ServerCertVerified::assertion());
        }
        verdict
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        if self.accept_invalid {
            return Ok(HandshakeSignatureValid::assertion());
        }
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        if self.accept_invalid {
            return Ok(HandshakeSignatureValid::assertion());
        }
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }

    fn requires_raw_public_keys(&self) -> bool {
        self.inner.requires_raw_public_keys()
    }
}
