//! Config profiles, finished: a boolean a profile turns on is turned off on the command line
//! (`--no-OPTION` or `--OPTION=false`), and a relative path in a profile is taken from the
//! config file's folder, whatever the working directory.

use serde_json::Value;

use super::doctor::{https_server, private_ca};
use super::*;

fn setting(report: &Value, name: &str) -> (String, String) {
    let setting = report["settings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("setting {name} in {report:#}"));
    (
        setting["value"].as_str().unwrap().to_owned(),
        setting["source"].as_str().unwrap().to_owned(),
    )
}

fn tls_row(report: &Value) -> Value {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == "TLS")
        .unwrap_or_else(|| panic!("a TLS row: {report:#}"))
        .clone()
}

/// `cec` run in `dir` (its working directory).
async fn cec_in(dir: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let exe = env!("CARGO_BIN_EXE_cec");
    let mut command = tokio::process::Command::new(exe);
    for (name, _) in std::env::vars() {
        if name.starts_with("CEC_") || name.to_ascii_lowercase().ends_with("_proxy") {
            command.env_remove(name);
        }
    }
    let output = command
        .current_dir(dir)
        .env("XDG_CONFIG_HOME", dir.join("no-config"))
        .args(args)
        .envs(env.iter().copied())
        .output()
        .await
        .unwrap();
    Run {
        code: output.status.code().unwrap(),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

#[tokio::test]
async fn a_boolean_a_profile_turns_on_is_turned_off_on_the_command_line() {
    let pki = private_ca();
    let url = https_server(&pki).await;
    let dir = scratch("profile-booleans");
    let config = dir.join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[profiles.default]\nisales-url = \"{url}\"\ndanger-accept-invalid-certs = true\n\
             explain-signature = true\nclock-skew-correction = false\n"
        ),
    )
    .unwrap();
    let config = config.to_str().unwrap();
    let doctor = |extra: &'static [&'static str]| {
        let mut args = vec!["--config", config, "doctor", "-o", "json"];
        args.extend(extra);
        args
    };

    // The profile's: certificates not verified (the TLS row says so), the others as set.
    let run = cec(&doctor(&[]), &[]).await;
    let report = run.json();
    let tls = tls_row(&report);
    assert_eq!(tls["status"], "ok", "{tls:#}");
    assert!(
        tls["detail"].as_str().unwrap().contains("NOT verified"),
        "{tls:#}"
    );
    let (value, source) = setting(&report, "danger-accept-invalid-certs");
    assert_eq!(value, "true");
    assert!(source.starts_with("config profile default"), "{source}");
    assert_eq!(setting(&report, "explain-signature").0, "true");
    assert_eq!(setting(&report, "clock-skew-correction").0, "false");

    // Off again, either way; and the one the profile turned off, on.
    for off in [
        &[
            "--no-danger-accept-invalid-certs",
            "--no-explain-signature",
            "--clock-skew-correction",
        ][..],
        &[
            "--danger-accept-invalid-certs=false",
            "--explain-signature=false",
            "--clock-skew-correction=true",
        ][..],
    ] {
        let mut args = vec!["--config", config];
        args.extend(off);
        args.extend(["doctor", "-o", "json"]);
        let run = cec(&args, &[]).await;
        let report = run.json();
        let tls = tls_row(&report);
        assert_eq!(tls["status"], "failed", "{off:?}: {tls:#}");
        assert!(
            tls["detail"].as_str().unwrap().contains("UnknownIssuer"),
            "{tls:#}"
        );
        let (value, source) = setting(&report, "danger-accept-invalid-certs");
        assert_eq!(value, "false", "{off:?}");
        assert!(source.starts_with("command line"), "{source}");
        assert_eq!(setting(&report, "explain-signature").0, "false", "{off:?}");
        assert_eq!(
            setting(&report, "clock-skew-correction").0,
            "true",
            "{off:?}"
        );
        assert!(
            !report["settings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s["name"].as_str().unwrap().starts_with("no-")),
            "the --no-... options are not settings of their own"
        );
    }

    // The last one given wins.
    let run = cec(
        &[
            "--config",
            config,
            "--no-danger-accept-invalid-certs",
            "--danger-accept-invalid-certs",
            "doctor",
            "-o",
            "json",
        ],
        &[],
    )
    .await;
    assert_eq!(tls_row(&run.json())["status"], "ok");

    // A --no-... option is not a profile key, and a boolean key wants a boolean.
    for (key, expected) in [
        (
            "no-danger-accept-invalid-certs = true",
            "unknown keys no-danger-accept-invalid-certs",
        ),
        (
            "explain-signature = \"yes\"",
            "explain-signature: give true or false",
        ),
    ] {
        std::fs::write(dir.join("bad.toml"), format!("[profiles.default]\n{key}\n")).unwrap();
        let bad = dir.join("bad.toml");
        let run = cec(&["--config", bad.to_str().unwrap(), "doctor"], &[]).await;
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(
            run.stderr.contains(expected),
            "{expected:?} in {}",
            run.stderr
        );
    }
}

#[tokio::test]
async fn a_relative_path_in_a_profile_is_taken_from_the_config_files_folder() {
    let pki = private_ca();
    let url = https_server(&pki).await;
    let dir = scratch("profile-paths");
    let folder = dir.join("etc").join("cec");
    std::fs::create_dir_all(folder.join("certs")).unwrap();
    std::fs::write(folder.join("certs").join("ca.pem"), &pki.ca_pem).unwrap();
    std::fs::write(
        folder.join("config.toml"),
        format!("[profiles.default]\nisales-url = \"{url}\"\nca-cert = \"certs/ca.pem\"\n"),
    )
    .unwrap();
    let elsewhere = dir.join("work");
    std::fs::create_dir_all(&elsewhere).unwrap();

    // From another working directory, by an absolute and by a relative --config.
    for config in [
        folder.join("config.toml").to_str().unwrap().to_owned(),
        "../etc/cec/config.toml".to_owned(),
    ] {
        let keys = [("CEC_AK", "ak"), ("CEC_SK", "sk")];
        let run = cec_in(
            &elsewhere,
            &["--config", &config, "doctor", "-o", "json"],
            &keys,
        )
        .await;
        assert_eq!(run.code, 0, "{config}: {}\n{}", run.stdout, run.stderr);
        let report = run.json();
        let tls = tls_row(&report);
        assert_eq!(tls["status"], "ok", "{config}: {tls:#}");
        let (value, source) = setting(&report, "ca-cert");
        assert!(
            std::path::Path::new(&value).ends_with("etc/cec/certs/ca.pem"),
            "{value}"
        );
        assert!(source.starts_with("config profile default"), "{source}");
    }

    // A path on the command line or in the environment stays relative to the working
    // directory, as usual.
    let run = cec_in(
        &elsewhere,
        &["--isales-url", &url, "--ca-cert", "certs/ca.pem", "doctor"],
        &[],
    )
    .await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("cannot read the CA certificate file certs/ca.pem"),
        "{}",
        run.stderr
    );
}
