//! The config file's profiles, and empty environment variables.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use huawei_cec::simulator::Simulator;

use super::*;

fn write_config(path: &Path, text: &str, mode: u32) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

const DETAIL: [&str; 5] = [
    "call-result-detail",
    "--vdn-id",
    "8",
    "--call-id",
    "1644464743-1388",
];

#[tokio::test]
async fn a_profile_gives_defaults_and_the_environment_and_flags_win() {
    let sim = Simulator::start().await.unwrap();
    let dir = scratch("profile-precedence");
    let config = dir.join("config.toml");
    let closed = common::closed_port_url().await;
    write_config(
        &config,
        &format!(
            "[profiles.default]\nisales-url = \"{closed}\"\nretries = 0\n\n\
             [profiles.sim]\nisales-url = \"{}\"\nak = \"demo-ak\"\nsk = \"demo-sk\"\n\
             output = \"table\"\ntimeout = 10\n",
            sim.url()
        ),
        0o600,
    );
    let config = config.to_str().unwrap();
    let with = |extra: &[&'static str]| -> Vec<&str> {
        ["--config", config]
            .iter()
            .chain(extra)
            .chain(&DETAIL)
            .copied()
            .collect()
    };

    // The profile alone: its URL, credentials and output format.
    let run = cec(&with(&["--profile", "sim"]), &[]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("callId "), "a table: {}", run.stdout);
    assert!(run.stdout.contains("1644464743-1388"), "{}", run.stdout);
    // CEC_PROFILE selects it as well.
    let run = cec(&with(&[]), &[("CEC_PROFILE", "sim")]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("callId "), "{}", run.stdout);
    // The environment wins over the profile, and a flag over both.
    let run = cec(&with(&["--profile", "sim"]), &[("CEC_OUTPUT", "csv")]).await;
    assert!(run.stdout.starts_with("callId,vdnId,"), "{}", run.stdout);
    let run = cec(
        &with(&["--profile", "sim", "-o", "json"]),
        &[("CEC_OUTPUT", "csv")],
    )
    .await;
    assert_eq!(run.json()["data"]["callId"], "1644464743-1388");
    // The default profile points at a closed port: the environment's URL wins over it ...
    let env = sim_env(&sim);
    let run = cec(&with(&[]), &as_refs(&env)).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    // ... and the profile's is used without one.
    let run = cec(&with(&[]), &[("CEC_AK", "demo-ak"), ("CEC_SK", "demo-sk")]).await;
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("connection failed"),
        "the default profile's URL: {}",
        run.stderr
    );
}

#[tokio::test]
async fn the_default_file_is_under_xdg_config_home_or_else_home() {
    let sim = Simulator::start().await.unwrap();
    let text = format!(
        "[profiles.default]\nisales-url = \"{}\"\nak = \"demo-ak\"\noutput = \"csv\"\n",
        sim.url()
    );
    let xdg = scratch("xdg");
    write_config(&xdg.join("cec/config.toml"), &text, 0o644);
    let xdg = xdg.to_str().unwrap();
    let run = cec(&DETAIL, &[("XDG_CONFIG_HOME", xdg), ("CEC_SK", "demo-sk")]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("callId,"), "{}", run.stdout);

    let home = scratch("home");
    write_config(&home.join(".config/cec/config.toml"), &text, 0o644);
    let home = home.to_str().unwrap();
    let run = cec(
        &DETAIL,
        &[
            ("XDG_CONFIG_HOME", ""),
            ("HOME", home),
            ("CEC_SK", "demo-sk"),
        ],
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("callId,"), "{}", run.stdout);

    // No file at the default place: no profile, and no complaint about it.
    let empty = scratch("no-default-file");
    let run = cec(
        &[
            "-o",
            "csv",
            "external-result",
            "--vdn-id",
            "40",
            "--def-id",
            "1402245659",
        ],
        &[
            ("XDG_CONFIG_HOME", empty.to_str().unwrap()),
            ("CEC_ISALES_URL", &sim.url()),
            ("CEC_AK", "demo-ak"),
            ("CEC_SK", "demo-sk"),
        ],
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[tokio::test]
async fn a_missing_explicit_file_or_profile_and_bad_keys_exit_2() {
    let server = TestServer::start([]).await;
    let dir = scratch("profile-errors");
    let missing = dir.join("missing.toml");
    let run = cec(&DETAIL, &[("CEC_CONFIG", missing.to_str().unwrap())]).await;
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("missing.toml") && run.stderr.contains("No such file"),
        "{}",
        run.stderr
    );

    // A profile asked for by name needs a file, even at the default place.
    let run = cec(&DETAIL, &[("CEC_PROFILE", "prod")]).await;
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no config file at ")
            && run
                .stderr
                .contains("cec/config.toml for the profile \"prod\""),
        "{}",
        run.stderr
    );

    let config = dir.join("config.toml");
    let path = config.to_str().unwrap();
    write_config(
        &config,
        &format!("[profiles.default]\nisales-url = \"{}\"\n", server.url),
        0o644,
    );
    let run = cec(&DETAIL, &[("CEC_CONFIG", path), ("CEC_PROFILE", "prod")]).await;
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no [profiles.prod]") && run.stderr.contains("profiles default"),
        "{}",
        run.stderr
    );

    let cases: &[(&str, &[&str])] = &[
        (
            "[profiles.default]\nisales_url = \"x\"\ntimeuot = 3\n",
            &[
                "unknown keys isales_url, timeuot",
                "the valid keys are output, isales-url, cms-url, apiaccess-url, ak, sk, app-key, app-secret",
                "timeout, retries",
            ],
        ),
        (
            "[profiles.default]\nconfig = \"x\"\n",
            &["unknown keys config"],
        ),
        (
            "[profiles.default]\ntimeout = \"soon\"\n",
            &["[profiles.default] timeout", "invalid value 'soon'"],
        ),
        (
            "[profiles.default]\noutput = \"xml\"\n",
            &[
                "[profiles.default] output",
                "possible values: json, ndjson, csv, table",
            ],
        ),
        (
            "[profiles.default]\nexplain-signature = \"yes\"\n",
            &["explain-signature: give true or false"],
        ),
        (
            "[profiles.default]\nretries = [1]\n",
            &["retries: give a string"],
        ),
        (
            "isales-url = \"x\"\n",
            &["unknown top-level keys isales-url"],
        ),
        ("[profiles.default\n", &["TOML parse error", "line 1"]),
    ];
    for (text, expected) in cases {
        write_config(&config, text, 0o600);
        let run = cec(&DETAIL, &[("CEC_CONFIG", path)]).await;
        assert_eq!(run.code, 2, "{text}: {}", run.stderr);
        for e in *expected {
            assert!(run.stderr.contains(e), "{text}: {e} in {}", run.stderr);
        }
        assert!(run.stderr.contains(path), "names the file: {}", run.stderr);
    }
    assert!(server.received().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn secrets_are_refused_in_a_file_others_can_read() {
    let sim = Simulator::start().await.unwrap();
    let dir = scratch("profile-secrets");
    let config = dir.join("config.toml");
    let path = config.to_str().unwrap();
    let text = format!(
        "[profiles.default]\nisales-url = \"{}\"\nak = \"demo-ak\"\n\n[profiles.other]\nsk = \"demo-sk\"\n",
        sim.url()
    );
    for mode in [0o644, 0o640, 0o604] {
        write_config(&config, &text, mode);
        let run = cec(&DETAIL, &[("CEC_CONFIG", path), ("CEC_SK", "demo-sk")]).await;
        assert_eq!(run.code, 2, "{mode:o}: {}", run.stderr);
        assert!(
            run.stderr
                .contains(&format!("permissions {mode:04o} for '{path}' are too open"))
                && run.stderr.contains("profiles.other.sk")
                && !run.stderr.contains("demo-sk"),
            "{}",
            run.stderr
        );
    }
    assert!(sim.requests().is_empty(), "nothing was sent");
    // Readable only by its owner: the secrets are used.
    write_config(&config, &text, 0o600);
    let run = cec(
        &DETAIL,
        &[
            ("CEC_CONFIG", path),
            ("CEC_PROFILE", "other"),
            ("CEC_AK", "demo-ak"),
            ("CEC_ISALES_URL", &sim.url()),
        ],
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The same for app-secret; a readable file without secrets is fine (tested above too).
    write_config(&config, "[profiles.default]\napp-secret = \"s\"\n", 0o660);
    let run = cec(&DETAIL, &[("CEC_CONFIG", path)]).await;
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("profiles.default.app-secret"),
        "{}",
        run.stderr
    );
}

#[tokio::test]
async fn help_and_the_manual_do_not_show_profile_values() {
    let dir = scratch("profile-help");
    let config = dir.join("config.toml");
    write_config(
        &config,
        "[profiles.default]\nisales-url = \"https://profile-url.invalid\"\nsk = \"profile-SECRET\"\n",
        0o600,
    );
    let path = config.to_str().unwrap();
    for args in [
        &["--help"][..],
        &["call-result-detail", "--help"],
        &["man"],
        &["completions", "bash"],
    ] {
        let run = cec(args, &[("CEC_CONFIG", path)]).await;
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert!(
            !run.stdout.contains("profile-SECRET") && !run.stdout.contains("profile-url"),
            "{args:?}: {}",
            run.stdout
        );
    }
}

/// Every `CEC_*` variable of the command line, from its help.
async fn variables() -> Vec<String> {
    let help = cec(&["call-result-detail", "--help"], &[]).await.stdout;
    let names: Vec<String> = help
        .split("[env: ")
        .skip(1)
        .map(|rest| {
            rest.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect()
        })
        .collect();
    assert!(names.len() >= 11, "{help}");
    names
}

#[tokio::test]
async fn an_empty_environment_variable_is_unset() {
    let sim = Simulator::start().await.unwrap();
    let dir = scratch("empty-env");
    let config = dir.join("config.toml");
    write_config(
        &config,
        &format!(
            "[profiles.default]\nisales-url = \"{}\"\nak = \"demo-ak\"\nsk = \"demo-sk\"\n",
            sim.url()
        ),
        0o600,
    );
    let names = variables().await;
    for name in [
        "CEC_APP_KEY",
        "CEC_OUTPUT",
        "CEC_CONFIG",
        "CEC_PROFILE",
        "CEC_SK",
    ] {
        assert!(names.iter().any(|n| n == name), "{name} in {names:?}");
    }
    // Every variable set but empty: the profile (and the defaults) still apply.
    let mut env: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "")).collect();
    env.push(("XDG_CONFIG_HOME", dir.to_str().unwrap()));
    std::fs::create_dir_all(dir.join("cec")).unwrap();
    std::fs::rename(&config, dir.join("cec/config.toml")).unwrap();
    let run = cec(&DETAIL, &env).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["data"]["callId"], "1644464743-1388");

    // An empty app key is not a key: the pair is incomplete.
    let run = cec(
        &[
            "call-records",
            "--sub-cc-no",
            "1",
            "--vdn",
            "1",
            "--call-id",
            "x",
        ],
        &[
            ("CEC_APIACCESS_URL", &sim.url()),
            ("CEC_APP_KEY", ""),
            ("CEC_APP_SECRET", "demo-app-secret"),
        ],
    )
    .await;
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("give both --app-key and --app-secret"),
        "{}",
        run.stderr
    );
    assert_eq!(sim.token_requests(), 0);
}
