//! The token lifetime asked for, and the 403 of a refused app, through `cec`.

use huawei_cec::simulator::Simulator;

use super::*;

fn sim_env(url: &str) -> Vec<(&'static str, String)> {
    vec![
        ("CEC_APIACCESS_URL", url.to_owned()),
        ("CEC_APP_KEY", "demo-app-key".to_owned()),
        ("CEC_APP_SECRET", "demo-app-secret".to_owned()),
    ]
}

const RECORDS: [&str; 7] = [
    "call-records",
    "--sub-cc-no",
    "1",
    "--vdn",
    "1",
    "--call-id",
    "1669464198-17002955",
];

#[tokio::test]
async fn token_expire_is_sent_and_an_out_of_range_one_exits_2_before_sending() {
    let sim = Simulator::start().await.unwrap();
    let env = sim_env(&sim.url());
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut args = vec!["--token-expire", "120"];
    args.extend(RECORDS);
    let run = cec(&args, &env).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let token = sim
        .requests()
        .into_iter()
        .find(|r| r.operation == Some("createToken"))
        .expect("a token request");
    assert_eq!(token.header("x-token-expire"), Some("120"));

    sim.clear_requests();
    for bad in ["0", "3601"] {
        let mut args = vec!["--token-expire", bad];
        args.extend(RECORDS);
        let run = cec(&args, &env).await;
        assert_eq!(run.code, 2, "{bad}: {}", run.stderr);
        assert!(run.stderr.contains("1 to 3600"), "{}", run.stderr);
    }
    let mut with_env = env.clone();
    with_env.push(("CEC_TOKEN_EXPIRE", "7200"));
    assert_eq!(cec(&RECORDS, &with_env).await.code, 2);
    assert!(
        sim.requests().is_empty(),
        "nothing sent: {:?}",
        sim.requests()
    );
}

#[tokio::test]
async fn a_refused_app_names_the_two_causes_and_not_the_page() {
    let sim = Simulator::builder()
        .faults(huawei_cec::simulator::Faults::default().with_token_forbidden(true))
        .start()
        .await
        .unwrap();
    let env = sim_env(&sim.url());
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let run = cec(&RECORDS, &env).await;
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("HTTP 403"), "{}", run.stderr);
    assert!(run.stderr.contains("allow-list"), "{}", run.stderr);
    assert!(
        run.stderr.contains("app key and app secret"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("<html") && !run.stderr.contains("nginx"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("demo-app-secret"), "{}", run.stderr);
}
