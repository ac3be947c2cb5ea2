//! What goes to stdout: the decoded reply as JSON.

use std::io::Write;

use serde::Serialize;

use crate::Failure;
use crate::terminal::write_json;

/// Prints a reply as pretty JSON on stdout. A reader that went away (`cec ... | head`)
/// ends the output quietly.
pub(crate) fn print(value: &impl Serialize) -> Result<(), Failure> {
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    match write_json(&mut stdout, value).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::Output(e)),
    }
}

/// Prints text on stdout as it is (text this program composed), quietly stopping when the
/// reader went away.
pub(crate) fn print_text(text: &str) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::Output(e)),
    }
}
