//! The `auth-v2` signer against test vectors computed by an independent implementation
//! (`tests/signing-vectors/sign_v2.py`, Python standard library only), one test per folder,
//! in the style of aws-sigv4's suite. Two of the folders are the vectors of the
//! documentation (`docs/authentication.md`); `profiles.json` holds every folder signed
//! under each of the 16 signing profiles, and the table of profile vectors of
//! `docs/authentication.md` is pinned below as well.

use chrono::{DateTime, Utc};
use huawei_cec::AkSk;
use huawei_cec::auth::{
    SignableRequest, Signer, SigningProfile, canonical_request, format_timestamp, sign_v2,
    signed_headers, signing_key,
};

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
    let request = c.signable();
    let documented = SigningProfile::DOCUMENTED;
    let canonical = canonical_request(&request, &documented);
    assert_eq!(
        canonical,
        text(case, "canonical-request.txt"),
        "{case}: canonical request"
    );
    let output = sign_v2(&AkSk::new(&c.ak, &c.sk), &documented, c.time, &request);
    let prefix = format!(
        "auth-v2/{}/{}/{}",
        c.ak,
        output.timestamp(),
        signed_headers(&request, &documented)
    );
    assert_eq!(
        signing_key(&c.sk, &prefix),
        text(case, "signing-key.txt"),
        "{case}: signing key"
    );
    assert_eq!(
        output.authorization(),
        text(case, "authorization.txt"),
        "{case}: Authorization"
    );

    // The same through `Signer::sign_request` on a real request: host, Content-Length and
    // Content-Type are read from what reqwest will send.
    let (mut http, _) = c.reqwest();
    let signer = Signer::new(AkSk::new(&c.ak, &c.sk), documented).unwrap();
    let applied = signer.sign_request(&mut http, c.time).unwrap();
    assert_eq!(
        applied.authorization(),
        text(case, "authorization.txt"),
        "{case}: sign_request"
    );
    assert_eq!(
        http.headers()["authorization"].to_str().unwrap(),
        applied.authorization()
    );
    assert!(http.headers()["authorization"].is_sensitive());
    assert!(
        http.headers().get("host").is_none(),
        "{case}: the documented profile leaves the Host header to the HTTP client"
    );
}

impl Case {
    fn signable(&self) -> SignableRequest<'_> {
        SignableRequest {
            method: &self.method,
            path: &self.path,
            query: self.query.as_deref(),
            host: &self.host,
            content_type: self.content_type.as_deref(),
            body: self.body.as_deref(),
        }
    }

    /// The case as a `reqwest::Request`, and its URL's host name.
    fn reqwest(&self) -> (reqwest::Request, String) {
        let target = match &self.query {
            Some(query) => format!("{}?{query}", self.path),
            None => self.path.clone(),
        };
        let url = reqwest::Url::parse(&format!("{}://{}{target}", self.scheme, self.host)).unwrap();
        let hostname = url.host_str().unwrap().to_owned();
        let method = reqwest::Method::from_bytes(self.method.as_bytes()).unwrap();
        let mut http = reqwest::Request::new(method, url);
        if let Some(content_type) = &self.content_type {
            http.headers_mut()
                .insert("content-type", content_type.parse().unwrap());
        }
        if let Some(body) = &self.body {
            *http.body_mut() = Some(body.clone().into());
        }
        (http, hostname)
    }
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
fn timestamps_have_milliseconds_or_not_as_the_profile_says() {
    let t = DateTime::parse_from_rfc3339("2026-11-21T08:30:00.5Z")
        .unwrap()
        .with_timezone(&Utc);
    let ts = |profile: SigningProfile| format_timestamp(t, profile.timestamp);
    assert_eq!(ts(SigningProfile::DOCUMENTED), "2026-11-21T08:30:00.500Z");
    assert_eq!(ts(SigningProfile::JAVA_DEMO), "2026-11-21T08:30:00Z");
}

/// Every folder signed under every profile by the independent signer
/// (`tests/signing-vectors/profiles.json`), through `sign_v2` and through
/// `Signer::sign_request` on a real request, whose `Host` header must then be what was
/// signed.
#[test]
fn every_case_under_every_profile_matches_the_independent_signer() {
    let file: serde_json::Value =
        serde_json::from_slice(&std::fs::read(format!("{DIR}/profiles.json")).unwrap()).unwrap();
    let vectors = file["vectors"].as_array().unwrap();
    assert_eq!(
        vectors.len(),
        16 * 8,
        "16 profiles for each of the 8 folders"
    );
    for vector in vectors {
        let case = vector["case"].as_str().unwrap();
        let profile: SigningProfile = vector["profile"].as_str().unwrap().parse().unwrap();
        let expected = vector["authorization"].as_str().unwrap();
        let c = load(case);
        let request = c.signable();
        assert_eq!(
            canonical_request(&request, &profile),
            vector["canonical_request"].as_str().unwrap(),
            "{case} under {profile}: canonical request"
        );
        let credentials = AkSk::new(&c.ak, &c.sk);
        let output = sign_v2(&credentials, &profile, c.time, &request);
        assert_eq!(output.authorization(), expected, "{case} under {profile}");
        assert_eq!(output.profile(), profile);

        let (mut http, hostname) = c.reqwest();
        let applied = Signer::new(credentials, profile)
            .unwrap()
            .sign_request(&mut http, c.time)
            .unwrap();
        assert_eq!(
            applied.authorization(),
            expected,
            "{case} under {profile}: sign_request"
        );
        let host = http.headers().get("host").map(|v| v.to_str().unwrap());
        if profile.host == huawei_cec::auth::HostForm::NoPort && c.host != hostname {
            assert_eq!(
                host,
                Some(hostname.as_str()),
                "{case}: Host sent without the port"
            );
        } else {
            assert_eq!(
                host, None,
                "{case} under {profile}: Host left to the HTTP client"
            );
        }
    }
}

/// A request of the profile table of `docs/authentication.md`.
fn table_request(post: bool) -> (Case, &'static str) {
    if post {
        (load("post-cms-querycalldetailbyid"), "request 1 (POST)")
    } else {
        (load("get-isales-callresultdetail"), "request 2 (GET)")
    }
}

fn check_table_row(profile: &str, post_signature: &str, get_signature: &str) {
    let profile: SigningProfile = profile.parse().unwrap();
    for (post, signature) in [(true, post_signature), (false, get_signature)] {
        let (c, which) = table_request(post);
        let output = sign_v2(&AkSk::new(&c.ak, &c.sk), &profile, c.time, &c.signable());
        assert_eq!(output.signature(), signature, "{profile}, {which}");
    }
}

macro_rules! profile_table {
    ($($name:ident: $profile:literal => $post:literal, $get:literal;)*) => {
        $( #[test] fn $name() { check_table_row($profile, $post, $get); } )*
    };
}

// The table of `docs/authentication.md` (computed by the independent signer; the last two
// rows reproduced with Huawei's Java demo, compiled unchanged).
profile_table! {
    profile_table_millis_keep_documented: "documented" =>
        "5acbad3ad4bfba0c141eb27b60de08a78cd75464dae57ba33ddbb151d6716b7c",
        "ad5398989adcffe9b40db1d27e8c4c99cc8a83ed6c3a63926f732c526c4b0007";
    profile_table_millis_omit: "query-line=omit" =>
        "ba44407e16dec338989e720b157e5fecc192b33501a64711dedb9a3dd4bd66a9",
        "919b800befc9d2c1f9b4e10db65f72205961192dcd80a4c7f1943245fdbc4981";
    profile_table_seconds_keep: "ts=seconds" =>
        "4f956f925b821273fd997b70f1b0434fb3e303ca175be5a227b90d3a9ca4e8c7",
        "6e6aaeb4f1e07a78a5e9cc4d8959224f3762db20c66cb4e391f2ac4783003e88";
    profile_table_seconds_omit: "ts=seconds,query-line=omit" =>
        "f98d6daaed550d7565ebbbff5853451704a7a70be78c7b4a9792e14c87dc39d1",
        "87dac9484585c94b937e682222d4418cb1ff0a6dd135dba4ec7a154efc1c4f71";
    profile_table_seconds_omit_host_only: "ts=seconds,query-line=omit,headers=host" =>
        "31e6e8b1b1dbbfe3139cc795ce9a17b4939ce8db393061a7de8890d210681807",
        "c3d1a00eb4f75828108ade1ba4f7335efa53fbf7f9b380729778bb13a0758bf8";
    profile_table_java_demo_without_port: "java-demo" =>
        "ae2e73c2731c6c58fd8c1df210f8cae310961db7fa8027a6459423084f039817",
        "aea4572ec646b4d6f43bc471f323201ed403461cb1f2670289d9e6b1ac203bd0";
}

#[test]
fn the_java_demo_header_reads_as_documented() {
    let (c, _) = table_request(false);
    let output = sign_v2(
        &AkSk::new(&c.ak, &c.sk),
        &SigningProfile::JAVA_DEMO,
        c.time,
        &c.signable(),
    );
    assert_eq!(
        output.authorization(),
        "auth-v2/AK_EXAMPLE/2026-11-21T08:30:00Z/host/aea4572ec646b4d6f43bc471f323201ed403461cb1f2670289d9e6b1ac203bd0"
    );
    assert_eq!(output.signed_headers(), "host");
}

/// Profile text as all four implementations read it: the table every one of them is tested
/// against (`tests/signing-vectors/profile-text.json`; the Python, TypeScript and Java
/// helpers' tests read it too), each text either the four knobs it means or the exact error.
#[test]
fn profile_text_reads_as_the_shared_table_says() {
    let file: serde_json::Value =
        serde_json::from_slice(&std::fs::read(format!("{DIR}/profile-text.json")).unwrap())
            .unwrap();
    let allowed = file["allowed"].as_str().unwrap();
    assert_eq!(allowed, huawei_cec::auth::PROFILE_SYNTAX);
    let cases = file["cases"].as_array().unwrap();
    assert!(cases.len() > 30, "{} cases", cases.len());
    for case in cases {
        let text = case["text"].as_str().unwrap();
        let parsed = text.parse::<SigningProfile>();
        if let Some(knobs) = case["knobs"].as_object() {
            let want = ["ts", "query-line", "headers", "host"]
                .map(|knob| format!("{knob}={}", knobs[knob].as_str().unwrap()))
                .join(",");
            assert_eq!(
                parsed.map(|p| p.knobs()).as_deref(),
                Ok(want.as_str()),
                "{text:?}"
            );
        } else {
            let want = case["error"]
                .as_str()
                .unwrap()
                .replace("{allowed}", allowed);
            assert_eq!(parsed.map_err(|e| e.to_string()), Err(want), "{text:?}");
        }
    }
}
