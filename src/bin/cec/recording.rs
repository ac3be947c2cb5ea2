//! `--record FILE`: one cassette for every exchange of the command, made before anything is
//! sent and checked when the command ends.

use std::io::Write as _;

use huawei_cec::Recorder;
use huawei_cec::cassette::PersonalData;

use crate::Failure;
use crate::args::{Cli, Command};

/// The recorder of `--record FILE` (or `CEC_RECORD`), its file created and its header
/// written; `None` without it, and for the commands that make no exchanges. A file that
/// cannot be written is bad input (exit 2, nothing sent).
pub(crate) fn start(cli: &Cli, matches: &clap::ArgMatches) -> Result<Option<Recorder>, Failure> {
    if matches!(
        cli.command,
        Command::Simulate { .. } | Command::Completions { .. } | Command::Man
    ) {
        return Ok(None);
    }
    let Some(path) = &cli.recording.record else {
        if cli.recording.record_personal_data() {
            return Err(Failure::Usage(
                "--record-personal-data keeps personal data in the cassette of --record FILE: \
                 give --record FILE (or CEC_RECORD) too"
                    .into(),
            ));
        }
        return Ok(None);
    };
    let note = format!("cec {}", matches.subcommand_name().unwrap_or_default());
    let recorder = Recorder::options()
        .keep_personal_data(cli.recording.record_personal_data())
        .note(note)
        .create(path)?;
    Ok(Some(recorder))
}

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
            result
        }
        Err(e) => {
            let _ = writeln!(stderr, "error: {e}");
            result.and(Err(Failure::Reported(1)))
        }
    }
}
