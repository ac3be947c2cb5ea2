//! TLS against a real HTTPS server on loopback whose certificate comes from a private CA,
//! as on-premises CC-iSales and CC-CMS servers at `https://ip:port` often have.

mod common;

use std::sync::Arc;

use axum::body::Bytes;
use huawei_cec::{AkSk, Client, Error, RetryPolicy};
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
use tokio_rustls::rustls;

struct Pki {
    ca_pem: String,
    server_chain: Vec<rustls::pki_types::CertificateDer<'static>>,
    server_key: rustls::pki_types::PrivateKeyDer<'static>,
}

fn private_ca() -> Pki {
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "huawei-cec test CA");
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
    let server_key = KeyPair::generate().unwrap();
    let mut params = CertificateParams::new(vec!["localhost".to_owned()]).unwrap();
    params
        .subject_alt_names
        .push(rcgen::SanType::IpAddress("127.0.0.1".parse().unwrap()));
    let server = params.signed_by(&server_key, &ca).unwrap();
    Pki {
        ca_pem: ca.pem(),
        server_chain: vec![server.der().clone()],
        server_key: rustls::pki_types::PrivateKeyDer::try_from(server_key.serialize_der()).unwrap(),
    }
}

/// An HTTPS server answering every request with the page's external-result example.
async fn https_server(pki: &Pki) -> String {
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    let config = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(pki.server_chain.clone(), pki.server_key.clone_key())
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("https://{}", listener.local_addr().unwrap());
    let body = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/pages/external_result.response.json"
    ))
    .unwrap();
    let app = axum::Router::new().fallback(move || {
        let body = Bytes::from(body.clone());
        async move { ([("content-type", "application/json")], body) }
    });
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else {
                return;
            };
            let (acceptor, app) = (acceptor.clone(), app.clone());
            tokio::spawn(async move {
                // A client that rejects the certificate ends the handshake: nothing to serve.
                let Ok(tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let service = hyper_util::service::TowerToHyperService::new(app);
                let _ = hyper_util::server::conn::auto::Builder::new(
                    hyper_util::rt::TokioExecutor::new(),
                )
                .serve_connection(hyper_util::rt::TokioIo::new(tls), service)
                .await;
            });
        }
    });
    url
}

fn builder(url: &str) -> huawei_cec::ClientBuilder {
    Client::builder()
        .isales_url(url)
        .ak_sk(AkSk::new("ak", "sk"))
        .retry_policy(RetryPolicy::none())
}

#[tokio::test]
async fn a_private_ca_is_refused_by_default_and_trusted_when_given() {
    let pki = private_ca();
    let url = https_server(&pki).await;

    let err = builder(&url)
        .build()
        .unwrap()
        .external_result(40, 1)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Connect { .. }),
        "an unknown CA is refused: {err:?}"
    );

    let trusted = builder(&url)
        .root_certificates_pem(pki.ca_pem.as_bytes())
        .build()
        .unwrap();
    let (_, meta) = trusted
        .external_result(40, 1)
        .send_with_metadata()
        .await
        .unwrap();
    assert_eq!(meta.result_code(), Some("0200000"));

    let dir = std::env::temp_dir().join(format!("huawei-cec-tls-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("ca.pem");
    std::fs::write(&file, &pki.ca_pem).unwrap();
    let from_file = builder(&url)
        .root_certificate_file(&file)
        .unwrap()
        .build()
        .unwrap();
    from_file.external_result(40, 1).await.unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn invalid_certificates_are_accepted_only_on_explicit_opt_in() {
    let pki = private_ca();
    let url = https_server(&pki).await;
    let insecure = builder(&url)
        .danger_accept_invalid_certificates(true)
        .build()
        .unwrap();
    insecure.external_result(40, 1).await.unwrap();
    let default = builder(&url).build().unwrap();
    assert!(default.external_result(40, 1).await.is_err());
}

#[tokio::test]
async fn a_missing_ca_file_is_a_configuration_error() {
    let err = builder("https://127.0.0.1:1")
        .root_certificate_file("/nonexistent/ca.pem")
        .unwrap_err();
    assert!(err.to_string().contains("/nonexistent/ca.pem"), "{err}");
}
