//! `--record FILE`: one cassette for every exchange of the command, made before anything is
//! sent and checked when the command ends.

use std::io::Write as _;
use std::sync::{Arc, Mutex, OnceLock};

use huawei_cec::Recorder;
use huawei_cec::cassette::PersonalData;
use huawei_cec::conformance::Checker;

use crate::Failure;
use crate::args::{Cli, Command};

/// The recorder of `--record FILE` (or `CEC_RECORD`), its file created and its header
/// written; `None` without it, and for the commands that make no exchanges. A file that
/// cannot be written is bad input (exit 2, nothing sent).
pub(crate) fn start(cli: &Cli, matches: &clap::ArgMatches) -> Result<Option<Recorder>, Failure> {
    // cec conformance reads a cassette: it never creates one, nor replaces the one it reads.
    if matches!(
        cli.command,
        Command::Simulate { .. }
            | Command::Completions { .. }
            | Command::Man
            | Command::Conformance { .. }
    ) {
        return Ok(None);
    }
    let Some(path) = &cli.recording.record else {
        for (given, option) in [
            (
                cli.recording.record_personal_data(),
                "--record-personal-data keeps personal data in",
            ),
            (
                cli.recording.check,
                "--check checks the replies recorded to",
            ),
        ] {
            if given {
                return Err(Failure::Usage(format!(
                    "{option} the cassette of --record FILE: give --record FILE (or CEC_RECORD) \
                     too"
                )));
            }
        }
        return Ok(None);
    };
    let note = format!("cec {}", matches.subcommand_name().unwrap_or_default());
    let mut options = Recorder::options()
        .keep_personal_data(cli.recording.record_personal_data())
        .note(note);
    if cli.recording.check {
        let checker = Arc::clone(CHECKER.get_or_init(Arc::default));
        options = options.on_exchange(move |exchange| {
            let findings = checker
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .check(exchange);
            let mut stderr = std::io::stderr().lock();
            for finding in findings {
                let _ = writeln!(stderr, "conformance: {finding}");
            }
        });
    }
    Ok(Some(options.create(path)?))
}

/// The checker of `--check`, when asked for.
static CHECKER: OnceLock<Arc<Mutex<Checker>>> = OnceLock::new();

/// Ends a recording: a write that failed fails the command (exit 1) after its output; else
/// a line on stderr says where the exchanges are.
pub(crate) fn finish(
    recorder: Option<&Recorder>,
    result: Result<(), Failure>,
) -> Result<(), Failure> {
    let Some(recorder) = recorder else {
        return result;
    };
    let mut stderr = std::io::stderr().lock();
    match recorder.flush() {
        Ok(()) => {
            let masked = match recorder.personal_data() {
                PersonalData::Masked => "personal data masked",
                _ => "personal data KEPT",
            };
            let n = recorder.exchanges();
            let _ = writeln!(
                stderr,
                "recorded {n} exchange{} to {} (secrets removed, {masked})",
                if n == 1 { "" } else { "s" },
                recorder.path().display()
            );
            let Some(checker) = CHECKER.get() else {
                return result;
            };
            let summary = checker.lock().unwrap_or_else(|p| p.into_inner()).summary();
            let verdict = if summary.conforms() {
                "every reply conforms to the spec"
            } else {
                "a reply differs from the spec"
            };
            let _ = writeln!(
                stderr,
                "checked {} replies against the spec: {} errors, {} warnings, {} notes: {verdict}",
                summary.replies, summary.errors, summary.warnings, summary.notes
            );
            match result {
                Ok(()) if !summary.conforms() => Err(Failure::Reported(1)),
                other => other,
            }
        }
        Err(e) => {
            let _ = writeln!(stderr, "error: {e}");
            result.and(Err(Failure::Reported(1)))
        }
    }
}
