//! No secret in `Debug` or `Display`: every public type is listed below as one that may hold a
//! secret (and is then formatted with a recognisable secret in it, which must not show) or as
//! one that cannot, with the reason. The public types are read from the reviewed listing of
//! the API (`tests/public-api.txt`, checked against the crate by `.ci/public-api.sh`), so a
//! new public type fails here until it is placed in one of the two lists.
//!
//! Secrets: the secret key, the app secret, bearer tokens, signatures, and a password in a
//! URL or a proxy, or in a given reqwest client's default headers.

#![cfg(feature = "simulator")]

mod common;

use std::collections::BTreeSet;
use std::fmt::Debug;

use common::{Reply, TestServer};
use huawei_cec::auth::{SignableRequest, Signer, SigningProfile, sign_v2};
use huawei_cec::simulator::{DemoCredentials, Simulator, verify_v2};
use huawei_cec::{AkSk, AppCredentials, Client, Error, Secret, reqwest};
use serde_json::json;

/// Every secret below contains this, so that none can hide in a longer string.
const MARK: &str = "S3CR3T";

fn sk() -> String {
    format!("sk-{MARK}-key")
}

fn app_secret() -> String {
    format!("app-{MARK}-secret")
}

fn token() -> String {
    format!("tok-{MARK}-en")
}

/// The public types that may hold a secret: each is formatted in a test below.
const MAY_HOLD_A_SECRET: &[&str] = &[
    "AkSk",
    "AppCredentials",
    "Signer",
    "SigningOutput",
    "Secret",
    "TokenProvider",
    "ClientBuilder",
    "Client",
    "Error",
    "DemoCredentials",
    "SimulatorBuilder",
    "RunningSimulator",
    "RecordedRequest",
    "VerifyError",
    "Recorder",
    // What a reply carried besides its payload: a server's request ID and description,
    // which may echo a credential (cleaned of the ones the client sent).
    "ResponseMetadata",
    // The operations' requests hold the client.
    "GetCallResultDetail",
    "GetExternalResult",
    "QueryCdrByCallId",
    "QueryCallRecords",
    "UpdateReservedCallResult",
];

/// The public types that cannot hold a secret, and why.
const HOLDS_NO_SECRET: &[(&str, &str)] = &[
    ("CallDirection", "an enumeration of two values"),
    ("CallRecord", "reply data: call records"),
    ("CallRecordsResponse", "reply data"),
    ("CallResultDetail", "reply data"),
    ("CallStatus", "a number"),
    ("CallType", "an enumeration"),
    ("CdrCallResult", "an enumeration"),
    ("CdrRecord", "reply data"),
    ("Clock", "a function; its Debug prints `Clock`"),
    ("ClockSkew", "an offset and the origin it was seen for"),
    (
        "RecorderOptions",
        "a note, limits, personal data kept or not",
    ),
    ("ExternalResult", "reply data"),
    ("LenientInt", "a number"),
    ("MediaType", "an enumeration"),
    ("ResultCode", "a documented code"),
    ("ResultMapping", "reply data"),
    ("RetryPolicy", "numbers and durations"),
    ("TokenLifetime", "a number of seconds"),
    ("Result", "an alias of std's Result with Error"),
    ("Overrides", "durations and a retry policy"),
    (
        "SendFuture",
        "an alias of a boxed future of an operation's result",
    ),
    (
        "Cause",
        "an alias of a boxed error: an HTTP or JSON error, made from no secret",
    ),
    ("HeaderSet", "a signing-profile knob"),
    ("HostForm", "a signing-profile knob"),
    ("QueryLine", "a signing-profile knob"),
    ("TimestampFormat", "a signing-profile knob"),
    ("SigningProfile", "the four knobs"),
    ("ParseProfileError", "quotes the profile text given"),
    (
        "SignableRequest",
        "what auth-v2 signs: method, path, query, host, type, body; no credentials",
    ),
    (
        "SigningError",
        "names the key and the problem, never the key's value",
    ),
    ("Simulator", "a unit struct"),
    ("Faults", "rates, a status, a latency, a clock offset"),
    ("Dataset", "the simulated calls, with fictitious numbers"),
    ("SimCall", "a simulated call"),
    ("ExternalResultDef", "a simulated definition"),
    ("Appointment", "a simulated appointment"),
    ("VerifyOptions", "a skew, a profile, a port"),
    // The cassette format (issue 18): written with every secret removed (docs/cassettes.md;
    // the recorder's own tests check that); one read from a file shows what the file holds.
    (
        "Cassette",
        "recorded exchanges, secrets removed when recorded",
    ),
    ("Header", "a cassette's format, versions, time, note"),
    ("Exchange", "one recorded attempt, secrets removed"),
    (
        "Request",
        "a recorded request: authorization kept to its scheme and the AK's start",
    ),
    ("Response", "a recorded reply"),
    ("Body", "a recorded body"),
    ("Content", "a recorded body's content"),
    (
        "Auth",
        "how a request was authenticated: the AK's start and the profile, never a secret",
    ),
    ("PersonalData", "an enumeration"),
    ("CassetteError", "a line number and what is wrong"),
    ("Lines", "a line reader"),
    // Conformance and replay (issue 18): they read cassettes, and say places and shapes.
    (
        "Finding",
        "a place, what the spec says, and a shape: never a value",
    ),
    ("Severity", "an enumeration"),
    ("Kind", "an enumeration"),
    ("Summary", "counts"),
    ("Checker", "counts"),
    (
        "Replay",
        "recorded replies (secrets removed when recorded); its Debug shows counts",
    ),
    (
        "Replayed",
        "an exchange's seq, or the closest one's and the places that differ",
    ),
];

/// The names of the public structs, enums and type aliases in the listing.
fn public_types() -> BTreeSet<String> {
    let listing =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/public-api.txt"))
            .unwrap();
    let mut names = BTreeSet::new();
    for line in listing.lines() {
        // Attributes first (`#[non_exhaustive] pub struct ..`).
        let line = line.rsplit("] ").next().unwrap_or(line);
        let Some(rest) = [
            "pub struct ",
            "pub enum ",
            "pub type ",
            "pub union ",
            "pub trait ",
        ]
        .iter()
        .find_map(|kind| line.strip_prefix(kind)) else {
            continue;
        };
        let path = rest
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
            .next()
            .unwrap_or_default();
        let segments: Vec<&str> = path.split("::").collect();
        // An associated type (`huawei_cec::Type::Error`) belongs to a type listed itself.
        let associated = segments.len() >= 3
            && segments[segments.len() - 2].starts_with(|c: char| c.is_ascii_uppercase());
        if !associated && let Some(name) = segments.last() {
            names.insert((*name).to_owned());
        }
    }
    names
}

#[test]
fn every_public_type_is_placed_in_one_of_the_two_lists() {
    let listed: BTreeSet<String> = MAY_HOLD_A_SECRET
        .iter()
        .copied()
        .chain(HOLDS_NO_SECRET.iter().map(|(name, _)| *name))
        .map(str::to_owned)
        .collect();
    assert_eq!(
        listed.len(),
        MAY_HOLD_A_SECRET.len() + HOLDS_NO_SECRET.len(),
        "a type is in both lists"
    );
    let public = public_types();
    assert!(public.len() > 40, "the listing was not read: {public:?}");
    let unplaced: Vec<_> = public.difference(&listed).collect();
    let gone: Vec<_> = listed.difference(&public).collect();
    assert!(
        unplaced.is_empty(),
        "public types in neither list of tests/secrets.rs: {unplaced:?}"
    );
    assert!(gone.is_empty(), "listed types no longer public: {gone:?}");
}

/// `value`'s `Debug` (plain and pretty) and the extra texts show no secret.
fn assert_hidden(what: &str, value: &impl Debug, extra: &[String]) {
    for text in [format!("{value:?}"), format!("{value:#?}")]
        .iter()
        .chain(extra)
    {
        assert!(!text.contains(MARK), "{what} shows a secret: {text}");
    }
}

fn credentials() -> (AkSk, AppCredentials) {
    (
        AkSk::new("the-ak", sk()),
        AppCredentials::new("the-app-key", app_secret()),
    )
}

/// A reqwest client whose default headers hold a secret, as a user may build it.
fn http_client_with_a_secret_header() -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-my-secret", token().parse().unwrap());
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
        .build()
        .unwrap()
}

#[test]
fn credentials_signer_and_signatures() {
    let (ak_sk, app) = credentials();
    assert_hidden("AkSk", &ak_sk, &[]);
    assert_hidden("AppCredentials", &app, &[]);
    let secret = Secret::new(token());
    assert_hidden("Secret", &secret, &[secret.to_string()]);
    let signer = Signer::new(ak_sk.clone(), SigningProfile::DOCUMENTED).unwrap();
    assert_hidden("Signer", &signer, &[]);
    // The signature is the secret of a signing output: it authorizes the request.
    let request = SignableRequest {
        method: "GET",
        path: "/p",
        query: None,
        host: "h",
        content_type: None,
        body: None,
    };
    let output = sign_v2(
        &ak_sk,
        &SigningProfile::DOCUMENTED,
        chrono::Utc::now(),
        &request,
    );
    let debug = format!("{output:?} {output:#?}");
    assert!(!debug.contains(output.signature()), "{debug}");
    assert!(debug.contains("auth-v2/the-ak/"), "{debug}");
}

#[test]
fn client_builder_and_client() {
    let (ak_sk, app) = credentials();
    let url = format!("https://user:{MARK}@gw.example:8443");
    let builder = Client::builder()
        .isales_url(&url)
        .cms_url(&url)
        .apiaccess_url(&url)
        .ak_sk(ak_sk)
        .app_credentials(app);
    let given = builder
        .clone()
        .http_client(http_client_with_a_secret_header());
    assert_hidden("ClientBuilder (given client)", &given, &[]);
    let client = given.build().unwrap();
    assert_hidden("Client (given client)", &client, &[]);
    assert_hidden("TokenProvider", &client.token_provider().unwrap(), &[]);

    let proxied =
        builder.proxy(reqwest::Proxy::all(format!("http://u:{MARK}@proxy:3128")).unwrap());
    assert_hidden("ClientBuilder (proxy)", &proxied, &[]);
    let client = proxied.build().unwrap();
    assert_hidden("Client (proxy)", &client, &[]);
    // What is shown is still useful.
    let debug = format!("{client:?}");
    assert!(
        debug.contains("gw.example:8443") && debug.contains("the-app-key"),
        "{debug}"
    );

    // The operations' requests hold the client, and a client derived from it shares it all.
    let given = given_client_with_secrets();
    let derived = given
        .with_overrides(|o| o.retry_policy(huawei_cec::RetryPolicy::none()))
        .unwrap();
    for client in [&given, &derived] {
        assert_hidden("Client (derived)", client, &[]);
        assert_hidden(
            "GetCallResultDetail",
            &client.call_result_detail(8, "x"),
            &[],
        );
        assert_hidden("GetExternalResult", &client.external_result(8, 1), &[]);
        assert_hidden(
            "QueryCdrByCallId",
            &client.cdr(1, "x", huawei_cec::CallDirection::Inbound),
            &[],
        );
        assert_hidden(
            "QueryCallRecords",
            &client.call_records("1", 1).call_id("x"),
            &[],
        );
        assert_hidden(
            "UpdateReservedCallResult",
            &client.update_reserved_result(8, "a").fail_code("00000"),
            &[],
        );
    }
}

/// A client of a URL with a password, credentials and a given reqwest client whose default
/// headers hold a secret.
fn given_client_with_secrets() -> Client {
    let (ak_sk, app) = credentials();
    let url = format!("https://user:{MARK}@gw.example:8443");
    Client::builder()
        .isales_url(&url)
        .cms_url(&url)
        .apiaccess_url(&url)
        .ak_sk(ak_sk)
        .app_credentials(app)
        .http_client(http_client_with_a_secret_header())
        .build()
        .unwrap()
}

/// The client and its token provider after a token was obtained, and the errors of token
/// replies that hold a token or of servers that echo the credentials.
#[tokio::test]
async fn errors_of_replies_that_hold_a_secret() {
    let (ak_sk, app) = credentials();
    let bodies = [
        json!({"AccessToken": token(), "Expires": "600"}).to_string(),
        format!("{{\"AccessToken\":\"{}\",", token()),
        format!("<html>{} {}</html>", token(), app_secret()),
        json!({"AccessToken": format!("{}\r\n", token())}).to_string(),
    ];
    for status in [200, 400, 401, 403, 418, 500, 503] {
        for body in &bodies {
            let error =
                huawei_cec::token::read_reply(status, Some("application/json"), body.as_bytes());
            if let Err(error) = error {
                assert_hidden(
                    &format!("token reply {status}"),
                    &error,
                    &[error.to_string()],
                );
            }
        }
    }

    // End to end: a token, then a call whose 401 reply echoes the request's headers; a token
    // reply that is not usable; a signed call whose 401 reply echoes the Authorization header.
    let server = TestServer::with_handler(|request| {
        let echo = format!(
            "{} {:?} {}",
            request.uri,
            request.headers,
            String::from_utf8_lossy(&request.body)
        );
        match request.uri.path() {
            p if p.ends_with("tokenByAkSk") => {
                Reply::json(200, &json!({"AccessToken": token(), "Expires": "600"}))
            }
            _ => Reply::json(401, &json!({"echo": echo})),
        }
    })
    .await;
    let client = Client::builder()
        .isales_url(&server.url)
        .apiaccess_url(&server.url)
        .ak_sk(ak_sk)
        .app_credentials(app)
        .build()
        .unwrap();
    let error = client
        .call_records("1", 1)
        .call_id(common::setup::RECORDS_CALL_ID)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Unauthorized { .. }), "{error:?}");
    assert_hidden(
        "Error of an echoing server (bearer)",
        &error,
        &[error.to_string()],
    );
    assert_hidden("Client with a token", &client, &[]);
    assert_hidden(
        "TokenProvider with a token",
        &client.token_provider().unwrap(),
        &[],
    );
    let error = client.call_result_detail(8, "1-2").await.unwrap_err();
    assert!(matches!(error, Error::Unauthorized { .. }), "{error:?}");
    let signature = server
        .received()
        .last()
        .unwrap()
        .header("authorization")
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned();
    let shown = format!("{error} {error:?}");
    assert!(
        !shown.contains(&signature),
        "the signature is shown: {shown}"
    );
    assert!(!shown.contains(MARK), "{shown}");
}

#[tokio::test]
async fn simulator_types() {
    let credentials = DemoCredentials::new("ak", sk(), "app-key", app_secret());
    let builder = Simulator::builder().credentials(credentials.clone());
    assert_hidden("DemoCredentials", &credentials, &[]);
    assert_hidden("SimulatorBuilder", &builder, &[]);
    let sim = builder.start().await.unwrap();
    assert_hidden("RunningSimulator", &sim, &[]);
    let client = sim.client().unwrap();
    client
        .call_records("1", 1)
        .call_id(common::setup::RECORDS_CALL_ID)
        .await
        .ok();
    client
        .call_result_detail(8, "1644464743-1388")
        .await
        .unwrap();
    let requests = sim.requests();
    assert!(requests.len() >= 3, "{requests:?}");
    for request in &requests {
        let authorization = request.header("authorization").map(str::to_owned);
        let shown = format!("{request:?} {request:#?}");
        assert!(!shown.contains(MARK), "{shown}");
        if let Some(authorization) = authorization {
            let secret_part = authorization.rsplit(['/', ' ']).next().unwrap();
            assert!(!shown.contains(secret_part), "{shown}");
        }
    }
    // A recorder knows the SK, the app secret and the tokens it saw, to keep them out of
    // the cassette: neither it nor the client holding it shows them.
    let dir = std::env::temp_dir().join(format!("huawei-cec-secrets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let recorder = huawei_cec::Recorder::create(dir.join("secrets.cassette")).unwrap();
    let recording = sim
        .client_builder()
        .recorder(recorder.clone())
        .build()
        .unwrap();
    recording
        .call_records("1", 1)
        .call_id(common::setup::RECORDS_CALL_ID)
        .await
        .unwrap();
    recording
        .call_result_detail(8, "1644464743-1388")
        .await
        .unwrap();
    assert!(recorder.exchanges() >= 3, "{recorder:?}");
    assert_hidden("Recorder", &recorder, &[]);
    assert_hidden("Client (recording)", &recording, &[]);
    let cassette = std::fs::read_to_string(recorder.path()).unwrap();
    assert!(!cassette.contains(MARK), "{cassette}");
    std::fs::remove_dir_all(&dir).ok();
    // A foreign scheme's credentials are not quoted by the verifier.
    let request = SignableRequest {
        method: "GET",
        path: "/p",
        query: None,
        host: "h",
        content_type: None,
        body: None,
    };
    let error = verify_v2(
        Some(&format!("Basic dXNlcj{MARK}/x/y/z/w")),
        &request,
        |_| None,
        chrono::Utc::now(),
        std::time::Duration::from_secs(900),
    );
    let error = error.unwrap_err();
    assert_hidden("VerifyError", &error, &[error.to_string()]);
    sim.shutdown();
}
