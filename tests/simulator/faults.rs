//! Injected faults, as typed errors, the same for the same seed.

use super::*;

#[tokio::test]
async fn injected_faults_reach_the_client_as_typed_errors() {
    let sim = sim().await;
    let client = sim
        .client_builder()
        .retry_policy(RetryPolicy::none())
        .timeout(Duration::from_secs(2))
        .build()
        .unwrap();

    sim.set_faults(Faults::default().with_error_rate(1.0));
    let err = client.external_result(40, 1402245659).await.unwrap_err();
    assert!(
        matches!(err, Error::HttpStatus { status: 503, .. }),
        "{err:?}"
    );

    sim.set_faults(Faults::default().with_drop_rate(1.0));
    let err = client.external_result(40, 1402245659).await.unwrap_err();
    assert!(
        matches!(err, Error::Connect { .. } | Error::Transport { .. }),
        "{err:?}"
    );
    assert!(err.is_retryable(), "{err:?}");

    sim.set_faults(Faults::default().with_garble_rate(1.0));
    let err = client.external_result(40, 1402245659).await.unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");

    sim.set_faults(Faults::default().with_latency(Duration::from_millis(300)));
    let started = std::time::Instant::now();
    client.external_result(40, 1402245659).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(300));

    sim.set_faults(Faults::default());
    let faults: Vec<_> = sim.requests().iter().map(|r| r.fault).collect();
    assert_eq!(faults, [Some("error"), Some("drop"), Some("garble"), None]);

    // With retries, a 50% error rate is absorbed (the faults are drawn from the seeded
    // generator, so this sequence meets the same faults every run).
    sim.clear_requests();
    sim.set_faults(Faults::default().with_error_rate(0.5));
    let retrying = sim
        .client_builder()
        .retry_policy(
            RetryPolicy::default()
                .with_max_retries(8)
                .with_initial_backoff(Duration::from_millis(1)),
        )
        .build()
        .unwrap();
    for _ in 0..10 {
        retrying.external_result(40, 1402245659).await.unwrap();
    }
    let errors = sim
        .requests()
        .iter()
        .filter(|r| r.fault == Some("error"))
        .count();
    let log: Vec<_> = sim.requests().iter().map(|r| (r.status, r.fault)).collect();
    assert_eq!(
        sim.requests().len(),
        10 + errors,
        "every injected error was retried: {log:?}"
    );
    assert!(errors > 0, "the faults were on");
}

#[tokio::test]
async fn the_same_seed_meets_the_same_faults() {
    let mut runs = Vec::new();
    for _ in 0..2 {
        let sim = Simulator::builder()
            .seed(9)
            .calls(100)
            .faults(Faults::default().with_error_rate(0.3))
            .start()
            .await
            .unwrap();
        let client = sim
            .client_builder()
            .retry_policy(RetryPolicy::none())
            .build()
            .unwrap();
        let mut outcomes = Vec::new();
        for _ in 0..40 {
            outcomes.push(client.external_result(40, 1402245659).await.is_ok());
        }
        runs.push(outcomes);
    }
    assert_eq!(runs[0], runs[1]);
    assert!(runs[0].iter().any(|ok| !ok) && runs[0].iter().any(|ok| *ok));
}
