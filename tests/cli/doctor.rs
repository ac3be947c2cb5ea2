//! `cec doctor` against real servers on loopback: the simulator (lenient, and insisting on
//! a profile), a server with a private CA, one whose clock is off, ports and names that do
//! not answer, and settings from every source.

use std::os::unix::fs::PermissionsExt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use axum::body::Bytes;
use huawei_cec::SigningProfile;
use huawei_cec::simulator::Simulator;
use tokio_rustls::rustls;

use super::*;

/// The rows of a JSON report whose check starts with `check`, for a server label.
fn rows<'a>(report: &'a Value, server: &str, check: &str) -> Vec<&'a Value> {
    report["checks"]
        .as_array()
        .unwrap_or_else(|| panic!("checks in {report:#}"))
        .iter()
        .filter(|c| {
            c["hosts"].as_array().unwrap().iter().any(|h| h == server)
                && c["check"].as_str().unwrap().starts_with(check)
        })
        .collect()
}

/// The one row of a check, for a server label.
fn row<'a>(report: &'a Value, server: &str, check: &str) -> &'a Value {
    let found = rows(report, server, check);
    assert_eq!(found.len(), 1, "one {server} {check} row in {report:#}");
    found[0]
}

fn setting<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["settings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("setting {name} in {report:#}"))
}

/// Fails if any secret is in the run's output.
fn assert_no_secret(run: &Run, secrets: &[&str]) {
    for secret in secrets {
        assert!(
            !run.stdout.contains(secret) && !run.stderr.contains(secret),
            "{secret} printed:\n{}\n{}",
            run.stdout,
            run.stderr
        );
    }
}

async fn doctor_json(args: &[&str], env: &[(&str, &str)]) -> (Run, Value) {
    let mut all = vec!["doctor", "-o", "json"];
    all.extend(args);
    let run = cec(&all, env).await;
    let report = run.json();
    (run, report)
}

#[tokio::test]
async fn the_lenient_simulator_passes_every_check_and_documented_is_recommended() {
    let sim = Simulator::start().await.unwrap();
    let env = sim_env(&sim);
    let (run, report) = doctor_json(&["--vdn-id", "8"], &as_refs(&env)).await;
    assert_eq!(run.code, 0, "{report:#}\n{}", run.stderr);
    assert_eq!(report["ok"], true);
    for check in report["checks"].as_array().unwrap() {
        let skipped_tls = check["check"] == "TLS" && check["status"] == "skipped";
        assert!(check["status"] == "ok" || skipped_tls, "{check:#}");
    }
    // One origin for the three servers: its network rows once, listing all three.
    let dns = row(&report, "CC-iSales", "DNS");
    assert_eq!(
        dns["hosts"],
        json!(["CC-iSales", "CC-CMS", "open platform"])
    );
    assert!(
        row(&report, "CC-iSales", "signing profile documented")["detail"]
            .as_str()
            .unwrap()
            .contains("0200007"),
        "{report:#}"
    );
    assert_eq!(rows(&report, "CC-CMS", "signing profile").len(), 2);
    let token = row(&report, "open platform", "token");
    assert!(
        token["detail"].as_str().unwrap().contains("granted for"),
        "{token:#}"
    );
    assert_eq!(report["recommendation"]["signing_profile"], "documented");
    assert_no_secret(&run, &["demo-sk", "demo-app-secret"]);

    // The human form: two tables and the recommendation last.
    let run = cec(&["doctor", "--vdn-id", "8"], &as_refs(&env)).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("setting "), "{}", run.stdout);
    assert!(!run.stdout.contains(" failed "), "{}", run.stdout);
    let last = run.stdout.trim_end().lines().last().unwrap();
    assert!(
        last.starts_with("recommended signing profile: documented") && last.contains("the default"),
        "{last}"
    );
    assert_no_secret(&run, &["demo-sk", "demo-app-secret"]);
}

#[tokio::test]
async fn a_simulator_that_insists_on_java_demo_gets_java_demo_recommended() {
    let sim = Simulator::builder()
        .signing_profile(SigningProfile::JAVA_DEMO)
        .start()
        .await
        .unwrap();
    let env = sim_env(&sim);
    let (run, report) = doctor_json(&["--vdn-id", "8"], &as_refs(&env)).await;
    assert_eq!(run.code, 0, "{report:#}\n{}", run.stderr);
    for server in ["CC-iSales", "CC-CMS"] {
        let documented = row(&report, server, "signing profile documented");
        assert_eq!(documented["status"], "failed", "{documented:#}");
        assert!(
            documented["detail"].as_str().unwrap().contains("HTTP 401"),
            "{documented:#}"
        );
        let demo = row(&report, server, "signing profile java-demo");
        assert_eq!(demo["status"], "ok", "{demo:#}");
        assert_eq!(demo["signing_profile"], "java-demo");
    }
    assert_eq!(report["recommendation"]["signing_profile"], "java-demo");
    assert!(
        report["recommendation"]["message"]
            .as_str()
            .unwrap()
            .contains("--signing-profile java-demo"),
        "{report:#}"
    );
    assert_eq!(report["ok"], true);
}

#[tokio::test]
async fn a_wrong_secret_key_is_refused_under_every_profile_and_the_advice_names_what_to_check() {
    let sim = Simulator::start().await.unwrap();
    let mut env = sim_env(&sim);
    env.retain(|(name, _)| *name != "CEC_SK");
    env.push(("CEC_SK", "wrong-sk-SECRET".into()));
    let (run, report) = doctor_json(&["--vdn-id", "8"], &as_refs(&env)).await;
    assert_eq!(run.code, 1, "{report:#}");
    assert_eq!(report["ok"], false);
    let tried = rows(&report, "CC-iSales", "signing profile");
    assert_eq!(tried.len(), 2);
    for check in tried
        .into_iter()
        .chain(rows(&report, "CC-CMS", "signing profile"))
    {
        assert_eq!(check["status"], "failed", "{check:#}");
        assert!(check["detail"].as_str().unwrap().contains("HTTP 401"));
    }
    assert_eq!(report["recommendation"]["signing_profile"], Value::Null);
    let message = report["recommendation"]["message"].as_str().unwrap();
    for what in ["AK and SK", "clock", "signing profile cec does not know"] {
        assert!(message.contains(what), "{what}: {message}");
    }
    assert_no_secret(&run, &["wrong-sk-SECRET", "demo-app-secret"]);
}

#[tokio::test]
async fn without_a_vdn_id_the_isales_profiles_are_skipped_with_a_hint() {
    let sim = Simulator::start().await.unwrap();
    let env = sim_env(&sim);
    let (run, report) = doctor_json(&[], &as_refs(&env)).await;
    assert_eq!(run.code, 0, "{report:#}");
    let skipped = row(&report, "CC-iSales", "signing profiles");
    assert_eq!(skipped["status"], "skipped");
    assert!(
        skipped["detail"].as_str().unwrap().contains("--vdn-id N"),
        "{skipped:#}"
    );
    // CC-CMS needs none (--cc-id defaults to 1): it is tried, and decides.
    assert_eq!(rows(&report, "CC-CMS", "signing profile ").len(), 2);
    let message = report["recommendation"]["message"].as_str().unwrap();
    assert!(message.contains("(accepted by CC-CMS)"), "{message}");
}

/// A private CA and a certificate for 127.0.0.1 it issued, expiring on 2031-01-01.
pub(crate) struct Pki {
    pub(crate) ca_pem: String,
    chain: Vec<rustls::pki_types::CertificateDer<'static>>,
    key: rustls::pki_types::PrivateKeyDer<'static>,
}

pub(crate) fn private_ca() -> Pki {
    use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "doctor test CA");
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
    let key = KeyPair::generate().unwrap();
    let mut params = CertificateParams::new(vec!["localhost".to_owned()]).unwrap();
    params
        .subject_alt_names
        .push(rcgen::SanType::IpAddress("127.0.0.1".parse().unwrap()));
    params
        .distinguished_name
        .push(DnType::CommonName, "doctor test server");
    params.not_after = rcgen::date_time_ymd(2031, 1, 1);
    let server = params.signed_by(&key, &ca).unwrap();
    Pki {
        ca_pem: ca.pem(),
        chain: vec![server.der().clone()],
        key: rustls::pki_types::PrivateKeyDer::try_from(key.serialize_der()).unwrap(),
    }
}

/// An HTTPS server with the PKI's certificate, answering every request with `{}`.
pub(crate) async fn https_server(pki: &Pki) -> String {
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    let config = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(pki.chain.clone(), pki.key.clone_key())
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("https://{}", listener.local_addr().unwrap());
    let app = axum::Router::new().fallback(|| async { Bytes::from_static(b"{}") });
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else {
                return;
            };
            let (acceptor, app) = (acceptor.clone(), app.clone());
            tokio::spawn(async move {
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

#[tokio::test]
async fn a_private_ca_fails_verification_until_it_is_given_and_the_expiry_is_shown() {
    let pki = private_ca();
    let url = https_server(&pki).await;
    let dir = scratch("doctor-ca");
    let ca_file = dir.join("ca.pem");
    std::fs::write(&ca_file, &pki.ca_pem).unwrap();
    let env = [
        ("CEC_ISALES_URL", url.as_str()),
        ("CEC_AK", AK),
        ("CEC_SK", SK),
    ];

    let (run, report) = doctor_json(&[], &env).await;
    assert_eq!(run.code, 1, "{report:#}");
    let tls = row(&report, "CC-iSales", "TLS");
    assert_eq!(tls["status"], "failed", "{tls:#}");
    let detail = tls["detail"].as_str().unwrap();
    assert!(
        detail.contains("not trusted")
            && detail.contains("UnknownIssuer")
            && detail.contains("--ca-cert"),
        "{detail}"
    );
    // The certificate is described even though it is not trusted.
    let certificate = row(&report, "CC-iSales", "certificate");
    let detail = certificate["detail"].as_str().unwrap();
    assert!(
        detail.contains("CN=doctor test server") && detail.contains("CN=doctor test CA"),
        "{detail}"
    );
    assert!(detail.contains("expires 2031-01-01 00:00 UTC"), "{detail}");
    assert_eq!(row(&report, "CC-iSales", "clock")["status"], "skipped");

    let ca = ca_file.to_str().unwrap();
    let (run, report) = doctor_json(&["--ca-cert", ca], &env).await;
    assert_eq!(run.code, 0, "{report:#}");
    let tls = row(&report, "CC-iSales", "TLS");
    assert_eq!(tls["status"], "ok", "{tls:#}");
    assert!(
        tls["detail"]
            .as_str()
            .unwrap()
            .contains(&format!("verified against the system's roots and {ca}")),
        "{tls:#}"
    );
    let certificate = row(&report, "CC-iSales", "certificate");
    assert_eq!(certificate["status"], "ok");
    let days = (chrono::NaiveDate::from_ymd_opt(2031, 1, 1).unwrap()
        - chrono::Utc::now().date_naive())
    .num_days();
    let detail = certificate["detail"].as_str().unwrap();
    assert!(
        detail.contains(&format!("({days} days left)"))
            || detail.contains(&format!("({} days left)", days - 1)),
        "{days}: {detail}"
    );
    assert_eq!(row(&report, "CC-iSales", "clock")["status"], "ok");

    // The danger opt-in works, and says what it hides.
    let (run, report) = doctor_json(&["--danger-accept-invalid-certs"], &env).await;
    assert_eq!(run.code, 0, "{report:#}");
    let detail = row(&report, "CC-iSales", "TLS")["detail"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        detail.contains("NOT verified") && detail.contains("UnknownIssuer"),
        "{detail}"
    );
}

#[tokio::test]
async fn a_server_clock_far_off_would_be_corrected_and_fails_the_clock_row_with_correction_off() {
    let server = TestServer::with_handler(|_| {
        let ahead = SystemTime::now() + Duration::from_secs(3 * 3600);
        Reply::json(200, &json!({})).header("date", &httpdate::fmt_http_date(ahead))
    })
    .await;
    let env = [
        ("CEC_ISALES_URL", server.url.as_str()),
        ("CEC_AK", AK),
        ("CEC_SK", SK),
    ];
    let by_how_much = |detail: &str| {
        (detail.contains("3 h ahead of") || detail.contains("2 h 59 min 59 s ahead of"))
            && detail.contains("NTP")
    };
    // Corrected by default: the row says so, and passes.
    let (run, report) = doctor_json(&[], &env).await;
    assert_eq!(run.code, 0, "{report:#}");
    let clock = row(&report, "CC-iSales", "clock");
    assert_eq!(clock["status"], "ok", "{clock:#}");
    let detail = clock["detail"].as_str().unwrap();
    assert!(
        by_how_much(detail) && detail.contains("would be corrected"),
        "{detail}"
    );

    // With the correction off (by flag or environment), the clock row is the only one that
    // fails.
    for (args, env) in [
        (vec!["--no-clock-skew-correction"], env.to_vec()),
        (
            vec![],
            [env.as_slice(), &[("CEC_CLOCK_SKEW_CORRECTION", "false")]].concat(),
        ),
    ] {
        let (run, report) = doctor_json(&args, &env).await;
        assert_eq!(run.code, 1, "{report:#}");
        let failed: Vec<&Value> = report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["status"] == "failed")
            .collect();
        assert_eq!(failed.len(), 1, "{report:#}");
        let clock = row(&report, "CC-iSales", "clock");
        assert_eq!(clock["status"], "failed", "{clock:#}");
        let detail = clock["detail"].as_str().unwrap();
        assert!(
            by_how_much(detail) && detail.contains("correction is off"),
            "{detail}"
        );
    }
}

#[tokio::test]
async fn unreachable_ports_and_unresolvable_names_fail_with_the_cause_and_skip_the_rest() {
    let closed = common::closed_port_url().await;
    let env = [
        ("CEC_ISALES_URL", closed.as_str()),
        ("CEC_CMS_URL", "http://cec-doctor-test.invalid:28443"),
        ("CEC_AK", AK),
        ("CEC_SK", SK),
    ];
    let (run, report) = doctor_json(&["--vdn-id", "8"], &env).await;
    assert_eq!(run.code, 1, "{report:#}");

    let tcp = row(&report, "CC-iSales", "TCP");
    assert_eq!(tcp["status"], "failed");
    assert!(
        tcp["detail"].as_str().unwrap().contains("refused"),
        "{tcp:#}"
    );
    for (server, check) in [("CC-iSales", "clock"), ("CC-iSales", "signing profiles")] {
        let skipped = row(&report, server, check);
        assert_eq!(skipped["status"], "skipped", "{skipped:#}");
    }

    let dns = row(&report, "CC-CMS", "DNS");
    assert_eq!(dns["status"], "failed");
    assert!(
        dns["detail"]
            .as_str()
            .unwrap()
            .contains("cec-doctor-test.invalid"),
        "{dns:#}"
    );
    for check in ["TCP", "clock", "signing profiles"] {
        let skipped = row(&report, "CC-CMS", check);
        assert_eq!(skipped["status"], "skipped", "{skipped:#}");
    }
    assert!(rows(&report, "CC-CMS", "signing profile ").is_empty());
}

/// A server for every interface: tokens, and signed lookups answered "not found".
async fn all_servers() -> TestServer {
    TestServer::with_handler(|r: &Recorded| {
        let path = r.uri.path();
        if path.ends_with("tokenByAkSk") {
            return Reply::json(
                200,
                &json!({"AccessToken": "doctor-TOKEN-value", "Expires": "600"}),
            );
        }
        if let Err(why) = verify_auth_v2(r, AK, SK) {
            return Reply::json(401, &json!({"error": why.to_string()}));
        }
        if path.contains("callresultdetail") {
            Reply::json(
                200,
                &json!({"resultCode": "0200007", "resultDesc": "The call record ID does not exist."}),
            )
        } else {
            Reply::json(200, &json!({"result": "1", "resultCode": "0100002", "resultDesc": "no CDR"}))
        }
    })
    .await
}

#[tokio::test]
async fn each_setting_is_reported_with_its_source_and_secrets_only_as_set() {
    let server = all_servers().await;
    let dir = scratch("doctor-settings");
    let config = dir.join("config.toml");
    std::fs::write(
        &config,
        format!("[profiles.site]\nak = \"{AK}\"\nsk = \"{SK}\"\ntimeout = 7\n"),
    )
    .unwrap();
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).unwrap();
    let config = config.to_str().unwrap();
    let env = [
        ("CEC_CMS_URL", server.url.as_str()),
        ("CEC_APIACCESS_URL", server.url.as_str()),
        ("CEC_APP_KEY", "doctor-app-key"),
        ("CEC_APP_SECRET", "doctor-APP-SECRET"),
        ("CEC_PROFILE", "site"),
    ];
    let args = [
        "--config",
        config,
        "--isales-url",
        &server.url,
        "--vdn-id",
        "8",
    ];
    let (run, report) = doctor_json(&args, &env).await;
    assert_eq!(run.code, 0, "{report:#}\n{}", run.stderr);
    let profile = format!("config profile site in {config}");
    for (name, value, source) in [
        ("isales-url", server.url.as_str(), "command line"),
        ("cms-url", &server.url, "environment variable CEC_CMS_URL"),
        ("ak", AK, &profile),
        ("sk", "set", &profile),
        ("timeout", "7", &profile),
        (
            "app-key",
            "doctor-app-key",
            "environment variable CEC_APP_KEY",
        ),
        ("app-secret", "set", "environment variable CEC_APP_SECRET"),
        ("profile", "site", "environment variable CEC_PROFILE"),
        ("config", config, "command line"),
        ("retries", "2", "default"),
        ("signing-profile", "documented", "default"),
        ("ca-cert", "unset", "unset"),
    ] {
        let found = setting(&report, name);
        assert_eq!(found["value"], value, "{name}: {found:#}");
        assert_eq!(found["source"], source, "{name}: {found:#}");
    }
    let token = row(&report, "open platform", "token");
    assert_eq!(token["status"], "ok");
    assert!(
        token["detail"]
            .as_str()
            .unwrap()
            .contains("granted for 600 s"),
        "{token:#}"
    );
    assert_no_secret(&run, &[SK, "doctor-APP-SECRET", "doctor-TOKEN-value"]);
    // Nothing but reads and the token request were sent.
    for request in server.received() {
        let path = request.uri.path();
        assert!(
            (request.method == "GET" && path.contains("callresultdetail"))
                || path.ends_with("querycalldetailbyid")
                || path.ends_with("tokenByAkSk")
                || (request.method == "GET" && path == "/"),
            "{} {path}",
            request.method
        );
    }

    // The table form prints no secret either.
    let mut table = vec!["doctor"];
    table.extend(args);
    let run = cec(&table, &env).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains(&profile), "{}", run.stdout);
    assert_no_secret(&run, &[SK, "doctor-APP-SECRET", "doctor-TOKEN-value"]);
}

#[tokio::test]
async fn a_token_refused_with_403_names_the_two_causes_without_the_page() {
    let server = TestServer::with_handler(|_| {
        Reply::raw(
            403,
            b"<html><body><center><h1>403 Forbidden</h1></center><hr><center>nginx</center></body></html>",
        )
    })
    .await;
    let env = [
        ("CEC_APIACCESS_URL", server.url.as_str()),
        ("CEC_APP_KEY", "k"),
        ("CEC_APP_SECRET", "s-SECRET"),
    ];
    let (run, report) = doctor_json(&[], &env).await;
    assert_eq!(run.code, 1, "{report:#}");
    let token = row(&report, "open platform", "token");
    assert_eq!(token["status"], "failed");
    let detail = token["detail"].as_str().unwrap();
    assert!(
        detail.contains("403") && detail.contains("app key") && detail.contains("allow-list"),
        "{detail}"
    );
    assert!(!run.stdout.contains("nginx"), "{}", run.stdout);
    assert_no_secret(&run, &["s-SECRET"]);
}

#[tokio::test]
async fn unusable_settings_exit_2_before_anything_is_sent() {
    let server = TestServer::start([]).await;
    let run = cec(&["doctor", "--vdn-id", "0"], &[]).await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("1..=9999") || run.stderr.contains("0 is not in"),
        "{}",
        run.stderr
    );

    let env = [("CEC_ISALES_URL", server.url.as_str()), ("CEC_AK", AK)];
    let run = cec(&["doctor", "--vdn-id", "8"], &env).await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("give both --ak and --sk"),
        "{}",
        run.stderr
    );
    // The settings are shown, to see which one is missing.
    assert!(
        run.stdout.contains("environment variable CEC_AK"),
        "{}",
        run.stdout
    );
    assert!(server.received().is_empty(), "nothing was sent");

    let run = cec(&["doctor"], &[]).await;
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("nothing to check"), "{}", run.stdout);
}
