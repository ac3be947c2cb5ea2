//! The `cec` binary, run as a real process against real HTTP servers on loopback.

#![cfg(feature = "cli")]

#[path = "../common/mod.rs"]
mod common;

mod batch;
mod cassettes;
mod commands;
mod docs;
mod doctor;
mod field;
mod output;
mod profile_options;
mod profiles;
mod readme;
mod record;
mod session;
mod simulate;
mod skew;
mod token;

use std::path::PathBuf;

use common::page;

use common::{Recorded, Reply, TestServer, verify_auth_v2};
use serde_json::{Value, json};

pub(crate) const AK: &str = "cli-ak";
pub(crate) const SK: &str = "cli-sk-SECRET";

pub(crate) struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", self.stdout))
    }

    /// Stdout as NDJSON: one object a line.
    fn ndjson(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|line| {
                serde_json::from_str(line)
                    .unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}"))
            })
            .collect()
    }
}

/// A directory of its own for one test's files, empty.
pub(crate) fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub(crate) async fn cec(args: &[&str], env: &[(&str, &str)]) -> Run {
    cec_with_input(args, env, None).await
}

/// Runs `cec` with only the given `CEC_*` variables, and no config file unless the test
/// points at one (`XDG_CONFIG_HOME` is an empty directory of the test's own).
pub(crate) async fn cec_with_input(
    args: &[&str],
    env: &[(&str, &str)],
    stdin: Option<&[u8]>,
) -> Run {
    use tokio::io::AsyncWriteExt;
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_cec"));
    for (name, _) in std::env::vars() {
        // The servers are on loopback: no proxy of the environment is in the way.
        let proxy = name.to_ascii_lowercase().ends_with("_proxy");
        if name.starts_with("CEC_") || name == "RUST_LOG" || proxy {
            command.env_remove(name);
        }
    }
    let no_config = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-no-config");
    command
        .env("XDG_CONFIG_HOME", &no_config)
        .args(args)
        .envs(env.iter().copied())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true);
    let mut child = command.spawn().expect("cec ran");
    let mut input = child.stdin.take().unwrap();
    if let Some(stdin) = stdin {
        input.write_all(stdin).await.unwrap();
    }
    drop(input);
    let output = tokio::time::timeout(std::time::Duration::from_secs(60), child.wait_with_output())
        .await
        .expect("cec finished in time")
        .expect("cec ran");
    let run = Run {
        code: output
            .status
            .code()
            .expect("exited, not killed by a signal"),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "cec panicked: {}",
        run.stderr
    );
    run
}

pub(crate) async fn signed_server(reply: fn(&Recorded) -> Reply) -> TestServer {
    TestServer::with_handler(move |r: &Recorded| match verify_auth_v2(r, AK, SK) {
        Ok(()) => reply(r),
        Err(why) => Reply::json(401, &json!({"error": why.to_string()})),
    })
    .await
}

pub(crate) fn signed_env(url: &str) -> Vec<(&'static str, String)> {
    vec![
        ("CEC_ISALES_URL", url.to_owned()),
        ("CEC_CMS_URL", url.to_owned()),
        ("CEC_AK", AK.into()),
        ("CEC_SK", SK.into()),
    ]
}

/// The settings of every server of an in-process simulator, as `CEC_*` variables.
pub(crate) fn sim_env(
    sim: &huawei_cec::simulator::RunningSimulator,
) -> Vec<(&'static str, String)> {
    let url = sim.url();
    let c = sim.credentials();
    vec![
        ("CEC_ISALES_URL", url.clone()),
        ("CEC_CMS_URL", url.clone()),
        ("CEC_APIACCESS_URL", url),
        ("CEC_AK", c.access_key.clone()),
        ("CEC_SK", c.secret_key.clone()),
        ("CEC_APP_KEY", c.app_key.clone()),
        ("CEC_APP_SECRET", c.app_secret.clone()),
    ]
}

pub(crate) fn as_refs<'a>(env: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    env.iter().map(|(k, v)| (*k, v.as_str())).collect()
}
