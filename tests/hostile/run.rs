//! Runs `cec` as a real process against the hostile server, and learns its peak memory.

use std::io::Read;
use std::time::{Duration, Instant};

use crate::common::setup::{APP_KEY, APP_SECRET, SK};

#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// The peak resident memory of the process as `wait4` reports it: an upper bound, as
    /// Linux counts in it the memory of the test process when it forked `cec`.
    pub max_rss_kib: i64,
    /// The peak resident memory of `cec` itself (`VmHWM`), as last seen while it ran: a
    /// lower bound, read every few milliseconds.
    pub hwm_seen_kib: i64,
}

impl Run {
    pub fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
    pub fn stderr_text(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }

    /// Fails unless the process's peak memory, at most, stayed under `limit_kib`; prints
    /// both bounds of it under `what`.
    pub fn assert_peak_memory_under(&self, limit_kib: i64, what: &str) {
        assert!(
            self.max_rss_kib < limit_kib,
            "{what}: peak RSS at most {} KiB (cec itself: at least {} KiB)",
            self.max_rss_kib,
            self.hwm_seen_kib
        );
        eprintln!(
            "{what}: peak RSS {} KiB seen, {} KiB at most",
            self.hwm_seen_kib, self.max_rss_kib
        );
    }
}

pub fn clean_env(command: &mut tokio::process::Command) {
    for (name, _) in std::env::vars() {
        if name.starts_with("CEC_") || name == "RUST_LOG" {
            command.env_remove(name);
        }
    }
}

pub fn clean_env_std(command: &mut std::process::Command) {
    for (name, _) in std::env::vars() {
        if name.starts_with("CEC_") || name == "RUST_LOG" {
            command.env_remove(name);
        }
    }
}

/// Runs `cec` with every base URL at `url` and test credentials; waits for it with
/// `wait4` to learn its peak memory. Fails if it panicked.
///
/// `cec` is started with `fork` (a `pre_exec` hook rules out `vfork`), so that the memory
/// `wait4` counts for the test process is its memory at that moment, not its lifetime peak.
pub async fn cec(url: &str, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_cec"));
    clean_env_std(&mut command);
    command
        .args(args)
        .env("CEC_ISALES_URL", url)
        .env("CEC_CMS_URL", url)
        .env("CEC_APIACCESS_URL", url)
        .env("CEC_AK", "ak")
        .env("CEC_SK", SK)
        .env("CEC_APP_KEY", APP_KEY)
        .env("CEC_APP_SECRET", APP_SECRET)
        .envs(env.iter().copied())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    // SAFETY: the hook does nothing; its presence makes the standard library fork.
    unsafe {
        std::os::unix::process::CommandExt::pre_exec(&mut command, || Ok(()));
    }
    let run = tokio::task::spawn_blocking(move || {
        // Reaped below with `wait4`, which also gives its peak memory.
        #[allow(clippy::zombie_processes)]
        let mut child = command.spawn().expect("cec starts");
        let pid = child.id() as libc::pid_t;
        let drain = |mut pipe: Box<dyn Read + Send>| {
            std::thread::spawn(move || {
                let mut out = Vec::new();
                let _ = pipe.read_to_end(&mut out);
                out
            })
        };
        let stdout = drain(Box::new(child.stdout.take().unwrap()));
        let stderr = drain(Box::new(child.stderr.take().unwrap()));
        let mut status = 0;
        // SAFETY: a zeroed rusage is a valid value to be written into.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let started = Instant::now();
        let mut hwm_seen_kib = 0;
        loop {
            if let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status"))
                && let Some(kib) = status
                    .lines()
                    .find_map(|l| l.strip_prefix("VmHWM:"))
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            {
                hwm_seen_kib = kib;
            }
            // SAFETY: polls our own child (not reaped yet, so the pid is still its own),
            // with valid pointers.
            let waited = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
            assert!(waited >= 0, "wait4 failed");
            if waited == pid {
                break;
            }
            if started.elapsed() > Duration::from_secs(90) {
                // SAFETY: our child, not reaped yet.
                unsafe { libc::kill(pid, libc::SIGKILL) };
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
        Run {
            code,
            stdout: stdout.join().unwrap(),
            stderr: stderr.join().unwrap(),
            max_rss_kib: usage.ru_maxrss,
            hwm_seen_kib,
        }
    })
    .await
    .unwrap();
    assert!(
        !run.stderr_text().contains("panicked"),
        "cec panicked: {}",
        run.stderr_text()
    );
    run
}
