//! The README's session (record, check, replay), run line by line: each `$ ` line is run
//! (`export`, `VAR=value` before a command, `&` for the simulators, `cec` and `grep`), and
//! what the README shows after it is what it prints.
//!
//! A shown line matches a printed one when they are the same with `...` standing for any
//! text, and digits compared as digits (the masks of a replay are other digits of the same
//! shape each time a cassette is recorded; the live run's own numbers are checked exactly
//! below). The README's ports (8080, 8081) become free ones, and `session.cassette` a file
//! of the test's own.

use std::collections::BTreeMap;
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};

use super::*;

const README: &str = include_str!("../../README.md");
const MARK: &str = "<!-- session: tests/cli/readme.rs runs this block -->";

/// The README's block: each command and the lines shown after it.
fn session() -> Vec<(String, Vec<String>)> {
    let start = README.find(MARK).expect("the README's session block");
    let block = &README[start + MARK.len()..];
    let block = block.trim_start().strip_prefix("```console\n").unwrap();
    let block = &block[..block.find("```").unwrap()];
    let mut steps: Vec<(String, Vec<String>)> = Vec::new();
    for line in block.lines() {
        match line.strip_prefix("$ ") {
            Some(command) => steps.push((command.to_owned(), Vec::new())),
            None => steps.last_mut().unwrap().1.push(line.to_owned()),
        }
    }
    steps
}

/// Whether `printed` is what `shown` shows: `...` any text, a digit any digit.
fn matches(shown: &str, printed: &str) -> bool {
    let shape = |s: &str| -> String {
        s.chars()
            .map(|c| if c.is_ascii_digit() { '9' } else { c })
            .collect()
    };
    let printed = shape(printed);
    let mut rest = printed.as_str();
    let parts: Vec<String> = shown.split("...").map(shape).collect();
    for (i, part) in parts.iter().enumerate() {
        let part = if i + 1 == parts.len() && !shown.ends_with("...") {
            part.as_str()
        } else {
            part.trim_end()
        };
        match rest.find(part) {
            Some(0) => rest = &rest[part.len()..],
            Some(at) if i > 0 => rest = &rest[at + part.len()..],
            _ => return false,
        }
    }
    shown.ends_with("...") || rest.is_empty()
}

#[tokio::test]
async fn the_readmes_session_runs_as_shown() {
    let dir = scratch("readme-session");
    let cassette = dir.join("session.cassette");
    let cassette = cassette.to_str().unwrap();
    let mut env: BTreeMap<String, String> = BTreeMap::new();
    // The README's addresses, and the ones the simulators took.
    let mut ports: Vec<(String, String)> = Vec::new();
    let mut simulators = Vec::new();
    let mut printed_by_command = Vec::new();
    for (command, shown) in session() {
        let shown: Vec<String> = shown
            .iter()
            .map(|line| {
                let mut line = line.replace("session.cassette", cassette);
                for (from, to) in &ports {
                    line = line.replace(from.as_str(), to);
                }
                line
            })
            .collect();
        let mut command = command.replace("session.cassette", cassette);
        for (from, to) in &ports {
            command = command.replace(from.as_str(), to);
        }
        if let Some(assignments) = command.strip_prefix("export ") {
            for pair in assignments.split_whitespace() {
                let (name, value) = pair.split_once('=').unwrap();
                env.insert(name.into(), value.into());
            }
            assert!(shown.is_empty(), "{command}");
            continue;
        }
        let (command, background) = match command.strip_suffix(" &") {
            Some(command) => (command.to_owned(), true),
            None => (command, false),
        };
        let mut words: Vec<String> = shlex(&command);
        let mut own_env = env.clone();
        while words[0].contains('=') {
            let (name, value) = words[0].split_once('=').unwrap();
            own_env.insert(name.into(), value.into());
            words.remove(0);
        }
        let program = words.remove(0);
        if background {
            // `cec simulate --port N &`: on a free port; its first line is shown.
            assert_eq!(program, "cec");
            let at = words.iter().position(|w| w == "--port").unwrap();
            let readme_port = std::mem::replace(&mut words[at + 1], "0".into());
            let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_cec"))
                .args(&words)
                .env("RUST_LOG", "warn")
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .kill_on_drop(true)
                .spawn()
                .unwrap();
            let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
            let first = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
                .await
                .unwrap()
                .unwrap()
                .unwrap();
            let url = first
                .split_whitespace()
                .find(|w| w.starts_with("http://127.0.0.1:"))
                .unwrap();
            let port = url.rsplit(':').next().unwrap().to_owned();
            ports.push((
                format!("127.0.0.1:{readme_port}"),
                format!("127.0.0.1:{port}"),
            ));
            let shown = shown[0].replace(
                &format!("127.0.0.1:{readme_port}"),
                &format!("127.0.0.1:{port}"),
            );
            assert!(matches(&shown, &first), "{command}:\n{shown}\n{first}");
            simulators.push((child, lines));
            continue;
        }
        let printed = match program.as_str() {
            "cec" => {
                let args: Vec<&str> = words.iter().map(String::as_str).collect();
                let vars: Vec<(&str, &str)> = own_env
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect();
                let run = cec(&args, &vars).await;
                assert_eq!(run.code, 0, "{command}: {}", run.stderr);
                format!("{}{}", run.stdout, run.stderr)
            }
            "grep" => {
                let output = std::process::Command::new("grep")
                    .args(&words)
                    .output()
                    .unwrap();
                String::from_utf8(output.stdout).unwrap()
            }
            other => panic!("the README runs {other}: teach this test"),
        };
        let lines: Vec<&str> = printed.lines().collect();
        assert_eq!(lines.len(), shown.len(), "{command}:\n{printed}");
        for (shown, printed) in shown.iter().zip(&lines) {
            assert!(
                matches(shown, printed),
                "{command}: shown\n{shown}\nprinted\n{printed}"
            );
        }
        printed_by_command.push(lines.iter().map(|l| l.to_string()).collect::<Vec<_>>());
    }
    assert_eq!(simulators.len(), 2);
    // The live CDR's numbers exactly, and the replayed ones masked (other digits).
    let live = &printed_by_command[0][1];
    let replayed = &printed_by_command.last().unwrap()[1];
    let numbers = |row: &str| -> Vec<String> {
        row.split_whitespace()
            .skip(2)
            .take(2)
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(numbers(live), ["10000", "10001"], "{live}");
    let masked = numbers(replayed);
    assert!(
        masked
            .iter()
            .all(|n| n.len() == 5 && n != "10000" && n != "10001"),
        "{replayed}"
    );
}

/// Words of a command line: split at spaces, `'...'` kept whole without its quotes.
fn shlex(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in line.chars() {
        match c {
            '\'' => {
                quoted = !quoted;
                any = true;
            }
            ' ' if !quoted => {
                if any {
                    words.push(std::mem::take(&mut word));
                    any = false;
                }
            }
            c => {
                word.push(c);
                any = true;
            }
        }
    }
    if any {
        words.push(word);
    }
    words
}

#[test]
fn shown_lines_match_by_shape_with_elisions() {
    assert!(matches("a 10 b ...", "a 42 b and more"));
    assert!(matches("a 10 b", "a 42 b"));
    assert!(!matches("a 10 b", "a 421 b"));
    assert!(!matches("a 10 b", "a 42 c"));
    assert!(!matches("a 10 b", "a 42 b and more"));
    assert!(matches("x ... z", "x y z"));
    assert_eq!(
        shlex("grep -c '\"10000\"' f"),
        ["grep", "-c", "\"10000\"", "f"]
    );
}
