//! Cassettes, as `cec conformance` and `cec simulate --replay` read them: any file. Reading
//! never panics; every exchange read is checked against the spec without a panic, and no
//! finding shows a value of a reply; loading for replay never panics.
//!
//! Input: the file's bytes, in which every `$` stands for a marker (a stand-in for a
//! masked or secret value): no finding may contain it.

use huawei_cec::cassette::Cassette;
use huawei_cec::conformance::Checker;
use huawei_cec::simulator::Replay;

const MARKER: &str = "tok3nMARKERsecret9";

/// The check of one input: panics when it finds a fault.
pub fn check(data: &[u8]) {
    let text: Vec<u8> = data
        .iter()
        .flat_map(|&b| {
            if b == b'$' {
                MARKER.as_bytes().to_vec()
            } else {
                vec![b]
            }
        })
        .collect();
    if let Ok(cassette) = Cassette::from_reader(&text[..]) {
        let mut checker = Checker::new();
        for exchange in &cassette.exchanges {
            for finding in checker.check(exchange) {
                let shown = format!("{} {} {}", finding.spec, finding.came, finding);
                let shown = shown.replace(&finding.pointer, "");
                assert!(!shown.contains(MARKER), "a finding shows a value: {shown}");
            }
        }
    }
    let _ = Replay::from_reader(&text[..]);
}
