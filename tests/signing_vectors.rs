//! The `auth-v2` signer against test vectors computed by an independent implementation
//! (`tests/signing-vectors/sign_v2.py`, Python standard library only), one test per folder,
//! in the style of aws-sigv4's suite. Two of the folders are the vectors of
//! `docs/authentication.md`.

use chrono::{DateTime, Utc};
use huawei_cec::AkSk;
use huawei_cec::auth::{SignableRequest, canonical_request, sign_request, sign_v2, signing_key};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/signing-vectors");

struct Case {
    method: String,
    path: String,
    query: Option<String>,
    host: String,
    content_type: Option<String>,
    body: Option<Vec<u8>>,
    ak: String,
    sk: String,
    time: DateTime<Utc>,
    scheme: String,
}

fn read(case: &str, file: &str) -> Vec<u8> {
    std::fs::read(format!("{DIR}/{case}/{file}")).unwrap_or_else(|e| panic!("{case}/{file}: {e}"))
}

fn load(case: &str) -> Case {
    let raw = read(case, "request.txt");
    let split = raw
        .windows(2)
        .position(|w| w == b"\n\n")
        .expect("blank line after the headers");
    let head = std::str::from_utf8(&raw[..split]).unwrap();
    let body = &raw[split + 2..];
    let mut lines = head.lines();
    let request_line: Vec<&str> = lines.next().unwrap().split(' ').collect();
    let (method, target) = (request_line[0].to_owned(), request_line[1]);
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p.to_owned(), Some(q.to_owned())),
        None => (target.to_owned(), None),
    };
    let mut host = String::new();
    let mut content_type = None;
    let mut has_length = false;
    for line in lines {
        let (name, value) = line.split_once(':').unwrap();
        match name.to_ascii_lowercase().as_str() {
            "host" => host = value.trim().to_owned(),
            // Keep the value as sent, surrounding whitespace included: the signer trims.
            "content-type" => {
                content_type = Some(value.strip_prefix(' ').unwrap_or(value).to_owned())
            }
            "content-length" => {
                has_length = true;
                assert_eq!(
                    value.trim().parse::<usize>().unwrap(),
                    body.len(),
                    "{case}: Content-Length"
                );
            }
            other => panic!("{case}: unexpected header {other}"),
        }
    }
    let context: serde_json::Value = serde_json::from_slice(&read(case, "context.json")).unwrap();
    Case {
        method,
        path,
        query,
        host,
        content_type,
        body: has_length.then(|| body.to_vec()),
        ak: context["ak"].as_str().unwrap().to_owned(),
        sk: context["sk"].as_str().unwrap().to_owned(),
        time: DateTime::parse_from_rfc3339(context["timestamp"].as_str().unwrap())
            .unwrap()
            .with_timezone(&Utc),
        scheme: context["scheme"].as_str().unwrap().to_owned(),
    }
}

fn text(case: &str, file: &str) -> String {
    String::from_utf8(read(case, file)).unwrap()
}

fn check(case: &str) {
    let c = load(case);
    let request = SignableRequest {
        method: &c.method,
        path: &c.path,
        query: c.query.as_deref(),
        host: &c.host,
        content_type: c.content_type.as_deref(),
        body: c.body.as_deref(),
    };
    let (canonical, signed_headers) = canonical_request(&request);
    assert_eq!(
        canonical,
        text(case, "canonical-request.txt"),
        "{case}: canonical request"
    );
    let output = sign_v2(&AkSk::new(&c.ak, &c.sk), c.time, &request);
    let prefix = format!("auth-v2/{}/{}/{signed_headers}", c.ak, output.timestamp);
    assert_eq!(
        signing_key(&c.sk, &prefix),
        text(case, "signing-key.txt"),
        "{case}: signing key"
    );
    assert_eq!(
        output.authorization,
        text(case, "authorization.txt"),
        "{case}: Authorization"
    );

    // The same through `sign_request` on a real request: host, Content-Length and
    // Content-Type are read from what reqwest will send.
    let target = match &c.query {
        Some(query) => format!("{}?{query}", c.path),
        None => c.path.clone(),
    };
    let url = format!("{}://{}{target}", c.scheme, c.host);
    let method = reqwest::Method::from_bytes(c.method.as_bytes()).unwrap();
    let mut http = reqwest::Request::new(method, reqwest::Url::parse(&url).unwrap());
    if let Some(content_type) = &c.content_type {
        http.headers_mut()
            .insert("content-type", content_type.parse().unwrap());
    }
    if let Some(body) = &c.body {
        *http.body_mut() = Some(body.clone().into());
    }
    let applied = sign_request(&mut http, &AkSk::new(&c.ak, &c.sk), c.time);
    assert_eq!(
        applied.authorization,
        text(case, "authorization.txt"),
        "{case}: sign_request"
    );
    assert_eq!(
        http.headers()["authorization"].to_str().unwrap(),
        applied.authorization
    );
    assert!(http.headers()["authorization"].is_sensitive());
}

macro_rules! vectors {
    ($($name:ident => $dir:literal,)*) => {
        $( #[test] fn $name() { check($dir); } )*

        #[test]
        fn every_vector_folder_has_a_test() {
            let listed = [$($dir),*];
            for entry in std::fs::read_dir(DIR).unwrap() {
                let entry = entry.unwrap();
                if entry.file_type().unwrap().is_dir() {
                    let name = entry.file_name().into_string().unwrap();
                    assert!(listed.contains(&name.as_str()), "no test for tests/signing-vectors/{name}");
                }
            }
        }
    };
}

vectors! {
    auth_md_vector_1_post_cms => "post-cms-querycalldetailbyid",
    auth_md_vector_2_get_isales => "get-isales-callresultdetail",
    query_string_decoded_normalized_and_sorted => "get-query-string",
    non_ascii_body => "post-non-ascii-body",
    default_port_left_out_of_host => "get-default-port",
    empty_post_body => "post-empty-body",
    header_value_whitespace_trimmed => "header-value-whitespace",
    other_credentials_and_time => "other-credentials",
}

#[test]
fn timestamps_have_milliseconds() {
    let t = DateTime::parse_from_rfc3339("2026-11-21T08:30:00.5Z")
        .unwrap()
        .with_timezone(&Utc);
    assert_eq!(
        huawei_cec::auth::format_timestamp(t),
        "2026-11-21T08:30:00.500Z"
    );
}
