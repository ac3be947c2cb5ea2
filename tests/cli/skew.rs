//! Clock-skew correction through `cec`: against a simulator whose clock is 20 minutes ahead
//! (and one 20 minutes behind), every signed command succeeds after one corrected retry,
//! later calls in the same run need none, the correction is logged once, and `cec doctor`
//! says it would be corrected.

use huawei_cec::simulator::{Faults, RunningSimulator, Simulator};

use super::*;

async fn skewed(minutes: i64) -> RunningSimulator {
    Simulator::builder()
        .faults(Faults::default().with_clock_offset(chrono::Duration::minutes(minutes)))
        .start()
        .await
        .unwrap()
}

/// The statuses the simulator answered since the last call, in order.
fn statuses(sim: &RunningSimulator) -> Vec<u16> {
    let statuses = sim.requests().iter().map(|r| r.status).collect();
    sim.clear_requests();
    statuses
}

const SIGNED: [&[&str]; 4] = [
    &[
        "call-result-detail",
        "--vdn-id",
        "8",
        "--call-id",
        "1644464743-1388",
    ],
    &[
        "external-result",
        "--vdn-id",
        "40",
        "--def-id",
        "1402245659",
    ],
    &[
        "cdr",
        "--cc-id",
        "1",
        "--call-id",
        "1000000000-0001",
        "--inbound",
    ],
    &[
        "update-reserved-result",
        "--vdn-id",
        "8",
        "--appoint-id",
        "174738152455111432454674595509",
        "--fail-code",
        "00000",
    ],
];

#[tokio::test]
async fn every_signed_command_succeeds_after_one_corrected_retry() {
    for minutes in [20, -20] {
        let sim = skewed(minutes).await;
        let env = sim_env(&sim);
        let side = if minutes > 0 { "behind" } else { "ahead of" };
        for args in SIGNED {
            let run = cec(args, &as_refs(&env)).await;
            assert_eq!(run.code, 0, "{minutes} min, {args:?}: {}", run.stderr);
            assert_eq!(statuses(&sim), [401, 200], "{minutes} min, {args:?}");
            assert_eq!(
                about_20_min(&run.stderr, side),
                1,
                "{minutes} min, {args:?}: one WARN with the offset: {}",
                run.stderr
            );
            assert!(run.stderr.contains("WARN"), "{}", run.stderr);
        }

        // Later calls of the same run need no retry: three lookups, one at a time.
        let ids = "1644464743-1388\nno-such-call-1\nno-such-call-2\n";
        let run = cec_with_input(
            &[
                "-o",
                "csv",
                "call-result-detail",
                "--vdn-id",
                "8",
                "--call-ids-from",
                "-",
                "--concurrency",
                "1",
            ],
            &as_refs(&env),
            Some(ids.as_bytes()),
        )
        .await;
        assert_eq!(run.code, 1, "two IDs do not exist: {}", run.stderr);
        assert_eq!(run.stdout.lines().count(), 4, "{}", run.stdout);
        assert_eq!(statuses(&sim), [401, 200, 200, 200], "{minutes} min");
        assert_eq!(run.stderr.matches("WARN").count(), 1, "{}", run.stderr);
    }
}

#[tokio::test]
async fn with_correction_off_a_signed_command_fails_and_says_how_far_off_the_clock_is() {
    let sim = skewed(20).await;
    let mut env = sim_env(&sim);
    for (extra, variable) in [
        (Some("--no-clock-skew-correction"), None),
        (Some("--clock-skew-correction=false"), None),
        (None, Some("false")),
    ] {
        if let Some(value) = variable {
            env.push(("CEC_CLOCK_SKEW_CORRECTION", value.into()));
        }
        let mut args: Vec<&str> = extra.into_iter().collect();
        args.extend(SIGNED[0]);
        let run = cec(&args, &as_refs(&env)).await;
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        assert_eq!(statuses(&sim), [401], "{args:?}: no retry");
        assert_eq!(about_20_min(&run.stderr, "behind"), 1, "{}", run.stderr);
        for expected in ["HTTP 401", "turn clock-skew correction on"] {
            assert!(
                run.stderr.contains(expected),
                "{expected:?} in {}",
                run.stderr
            );
        }
    }
}

#[tokio::test]
async fn doctor_says_the_skew_would_be_corrected_and_its_probes_are_accepted() {
    let sim = skewed(-20).await;
    let env = sim_env(&sim);
    let run = cec(&["doctor", "-o", "json", "--vdn-id", "8"], &as_refs(&env)).await;
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let report = run.json();
    let checks = report["checks"].as_array().unwrap();
    let clock = checks.iter().find(|c| c["check"] == "clock").unwrap();
    assert_eq!(clock["status"], "ok", "{clock:#}");
    let detail = clock["detail"].as_str().unwrap();
    assert!(
        (detail.contains("20 min behind") || detail.contains("19 min 59 s behind"))
            && detail.contains("would be corrected"),
        "{detail}"
    );
    for check in checks
        .iter()
        .filter(|c| c["check"].as_str().unwrap().starts_with("signing profile"))
    {
        assert_eq!(check["status"], "ok", "{check:#}");
    }
    assert_eq!(
        report["recommendation"]["signing_profile"], "documented",
        "{report:#}"
    );
}

/// How many times `text` says this machine's clock is 20 minutes `side` the server's. The
/// offset is measured against the reply's `Date`, which has whole seconds, after a round trip:
/// on a loaded machine it may read a second or two either side of 20 minutes.
fn about_20_min(text: &str, side: &str) -> usize {
    [
        "19 min 58 s",
        "19 min 59 s",
        "20 min",
        "20 min 1 s",
        "20 min 2 s",
    ]
    .iter()
    .map(|offset| {
        text.matches(&format!(
            "this machine's clock is {offset} {side} the server's"
        ))
        .count()
    })
    .sum()
}
