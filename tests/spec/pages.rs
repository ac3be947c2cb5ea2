//! The pages' error-code tables and examples, and the operations' servers, tags and titles.

use super::*;

/// Every 7- or 8-digit code starting with 0 in `text`.
pub(crate) fn codes_in(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| {
            (w.len() == 7 || w.len() == 8)
                && w.starts_with('0')
                && w.bytes().all(|b| b.is_ascii_digit())
        })
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_error_code_table_is_in_the_spec() {
    let spec = spec();
    let pages = pages();
    #[rustfmt::skip]
    let expected: &[(&str, &str, &[&str])] = &[
        ("000", "getCallResultDetail", &["0200001", "0200007", "02000001", "02000002", "02000003", "02000004", "02000005", "02000006", "02000007", "02000008", "02000009", "02000010", "02000011"]),
        ("001", "getExternalResult", &["0200001", "02000001", "02000002", "02000003", "02000004", "02000005", "02000006", "02000007", "02000008", "02000009", "02000010", "02000011"]),
        ("002", "queryCdrByCallId", &[]),
        ("003", "queryCallRecords", &[]),
        ("004", "updateReservedCallResult", &["0200001", "0200006", "02000001", "02000002", "02000003", "04000004"]),
    ];
    for &(page, op_id, codes) in expected {
        let op = operation(&spec, op_id);
        let listed: Vec<&str> = op["x-result-codes"]
            .as_array()
            .map(|a| a.iter().map(|c| c["code"].as_str().unwrap()).collect())
            .unwrap_or_default();
        assert_eq!(listed, codes, "{op_id}: x-result-codes");
        let success = op["x-success-code"].as_str();
        let description = op["description"].as_str().unwrap();
        for entry in op["x-result-codes"].as_array().into_iter().flatten() {
            let (code, meaning) = (
                entry["code"].as_str().unwrap(),
                entry["description"].as_str().unwrap(),
            );
            assert!(
                description.contains(&format!("| {code} | {meaning} |")),
                "{op_id}: table row for {code}"
            );
            assert_eq!(
                huawei_cec::ResultCode::from_code(code).description(),
                Some(meaning)
            );
            if let Some(text) = page_text(&pages, page) {
                assert!(
                    text.contains(meaning),
                    "page {page} does not say {meaning:?}"
                );
            }
        }
        if let Some(text) = page_text(&pages, page) {
            let mut in_page: BTreeSet<String> = codes.iter().map(|c| c.to_string()).collect();
            in_page.extend(success.map(str::to_owned));
            assert_eq!(
                codes_in(&text),
                in_page,
                "page {page}: codes on the page vs the spec"
            );
        }
    }
    assert_eq!(
        operation(&spec, "queryCdrByCallId")["x-success-code"],
        "0100000"
    );
    for status in ["400", "401", "404", "500"] {
        assert!(
            operation(&spec, "queryCallRecords")["responses"][status].is_object(),
            "queryCallRecords {status}"
        );
    }
}

#[test]
fn the_pages_examples_are_in_the_spec_verbatim() {
    let spec = spec();
    let fixture = |name: &str| -> Value {
        let path = format!("{}/tests/fixtures/pages/{name}", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    let example = |op: &str, at: &str| -> Value {
        operation(&spec, op)
            .pointer(at)
            .unwrap_or_else(|| panic!("{op}{at}"))
            .clone()
    };
    let response = "/responses/200/content/application~1json/examples/page/value";
    let request = "/requestBody/content/application~1json/examples/page/value";
    // The signed POSTs declare the documented Content-Type as their media type.
    let signed_request =
        "/requestBody/content/application~1json; charset=UTF-8/examples/page/value";
    assert_eq!(
        example("getCallResultDetail", response),
        fixture("call_result_detail.response.json")
    );
    assert_eq!(
        example("getExternalResult", response),
        fixture("external_result.response.json")
    );
    assert_eq!(
        example("queryCdrByCallId", signed_request),
        fixture("cdr_by_call_id.request.json")
    );
    assert_eq!(
        example("queryCdrByCallId", response),
        fixture("cdr_by_call_id.response.json")
    );
    assert_eq!(
        example("queryCallRecords", request),
        fixture("call_records.request.json")
    );
    assert_eq!(
        example("queryCallRecords", response),
        fixture("call_records.response.json")
    );
    assert_eq!(
        example("updateReservedCallResult", signed_request),
        fixture("update_reserved_result.request.json")
    );
    assert_eq!(
        example("updateReservedCallResult", response),
        fixture("update_reserved_result.response.json")
    );
    // The fixtures are the pages' own text.
    if let Some(pages) = pages() {
        let all: String = pages.iter().map(|(_, t)| t.as_str()).collect();
        let squeeze = |s: &str| s.split_whitespace().collect::<String>();
        let all = squeeze(&all);
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/pages");
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            assert!(
                all.contains(&squeeze(&text)),
                "fixture not found in the pages: {text}"
            );
        }
    }
}

#[test]
fn operations_servers_tags_and_titles() {
    let spec = spec();
    let pages = pages();
    #[rustfmt::skip]
    let ops: &[(&str, &str, &str, &str, &str)] = &[
        ("000", "getCallResultDetail", "get", "/rest/isales/v1/openapi/campaigns/{vdnId}/callresultdetail/{callId}", "isales"),
        ("001", "getExternalResult", "get", "/rest/isales/v1/openapi/campaigns/{vdnId}/{defId}/queryObsResultDetail", "isales"),
        ("002", "queryCdrByCallId", "post", "/rest/cmsapp/v1/openapi/calldata/querycalldetailbyid", "cms"),
        ("003", "queryCallRecords", "post", "/apiaccess/rest/dataprocess/v1/openapp/queryCallManualDetailInfo", "dataprocess"),
        ("004", "updateReservedCallResult", "post", "/rest/isales/v1/openapi/campaigns/{vdnId}/appoint/updateResult", "isales"),
        ("---", "createToken", "post", "/apigovernance/api/oauth/tokenByAkSk", "auth"),
    ];
    assert_eq!(spec["openapi"], "3.0.3");
    for &(page, id, method, path, tag) in ops {
        let op = &spec["paths"][path][method];
        assert_eq!(op["operationId"], id, "{method} {path}");
        assert_eq!(op["tags"][0], tag);
        let server = &spec["paths"][path]["servers"][0]["url"];
        let expected = if matches!(tag, "dataprocess" | "auth") {
            "https://{domain}"
        } else {
            "https://{ip}:{port}"
        };
        assert_eq!(server, expected, "{id} server");
        if page != "---"
            && let Some(text) = page_text(&pages, page)
        {
            let summary = op["summary"].as_str().unwrap();
            assert!(
                text.contains(summary),
                "page {page} is not titled {summary:?}"
            );
            assert!(
                text.contains(path.split('{').next().unwrap()),
                "page {page} has no path {path}"
            );
        }
    }
    let tags: Vec<&str> = spec["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(tags, ["isales", "cms", "dataprocess", "auth"]);
    for scheme in ["authV2", "bearerToken"] {
        assert!(
            spec["components"]["securitySchemes"][scheme]["description"]
                .as_str()
                .unwrap()
                .len()
                > 200
        );
    }
}
