//! The simulator's replies, for every operation, successes and documented failures, conform
//! to the spec: the two cannot drift apart.

use std::collections::BTreeSet;

use huawei_cec::conformance::{Kind, Severity, check_cassette};
use huawei_cec::simulator::Faults;

use super::traffic::{Traffic, every_operation};
use super::{read, sim};

#[tokio::test]
async fn the_simulators_replies_for_every_operation_conform_to_the_spec() {
    let sim = sim().await;
    let mut traffic = Traffic::with_simulator(&sim.url());
    every_operation(&mut traffic).await;
    // The gateway's 403 (an nginx page) of a refused token request.
    sim.set_faults(Faults::default().with_token_forbidden(true));
    assert_eq!(traffic.fetch_token().await, 403);
    sim.set_faults(Faults::default());

    let cassette = read(&traffic.cassette("simulator"));
    let covered: BTreeSet<(String, u16)> = cassette
        .exchanges
        .iter()
        .map(|e| (e.operation.clone(), e.response.as_ref().unwrap().status))
        .collect();
    let want = [
        ("getCallResultDetail", 200),
        ("getCallResultDetail", 401),
        ("getExternalResult", 200),
        ("queryCdrByCallId", 200),
        ("queryCdrByCallId", 401),
        ("queryCallRecords", 200),
        ("queryCallRecords", 400),
        ("queryCallRecords", 401),
        ("updateReservedCallResult", 200),
        ("createToken", 200),
        ("createToken", 400),
        ("createToken", 401),
        ("createToken", 403),
    ];
    for (operation, status) in want {
        assert!(
            covered.contains(&(operation.to_owned(), status)),
            "{operation} {status}: {covered:?}"
        );
    }
    // The business failures of each page's table that the simulator sends.
    let codes: BTreeSet<String> = cassette
        .exchanges
        .iter()
        .filter_map(|e| match &e.response.as_ref()?.body.as_ref()?.content {
            huawei_cec::cassette::Content::Json(v) => {
                Some(v.get("resultCode")?.as_str()?.to_owned())
            }
            _ => None,
        })
        .collect();
    for code in [
        "0200000", "0200001", "0200007", "02000001", "02000002", "02000003", "02000006",
        "04000004", "0100000", "0100001", "0100002",
    ] {
        assert!(codes.contains(code), "{code}: {codes:?}");
    }

    let (findings, summary) = check_cassette(&cassette);
    let differences: Vec<_> = findings
        .iter()
        .filter(|f| f.severity > Severity::Note)
        .collect();
    assert!(differences.is_empty(), "{differences:#?}");
    // CC-CMS's failure codes are the simulator's own (its page lists none): notes only.
    for finding in &findings {
        assert_eq!(
            (finding.operation.as_str(), finding.kind),
            ("queryCdrByCallId", Kind::ResultCode),
            "{finding}"
        );
    }
    assert_eq!(summary.exchanges, cassette.exchanges.len() as u64);
    assert!(summary.exchanges >= 27, "{summary:?}");
    assert!(summary.conforms());
}

/// The check is not blind: the same traffic, one reply changed, differs.
#[tokio::test]
async fn a_changed_reply_of_the_simulator_is_found() {
    let sim = sim().await;
    let mut traffic = Traffic::with_simulator(&sim.url());
    traffic
        .send(
            "getCallResultDetail",
            "GET",
            "/rest/isales/v1/openapi/campaigns/8/callresultdetail/1644464743-1388",
            None,
            super::traffic::By::Signature,
        )
        .await;
    let text = traffic
        .cassette("simulator")
        .replace("\"vdnId\":8", "\"vdnId\":\"8\"");
    let (findings, summary) = check_cassette(&read(&text));
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0].pointer, "/body/json/data/vdnId");
    assert_eq!(findings[0].came, "a string of 1 digit");
    assert!(!summary.conforms());
}
