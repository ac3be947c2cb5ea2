//! What goes to stdout: the decoded reply as JSON.

use serde::Serialize;

use crate::Failure;

/// Prints a reply as pretty JSON on stdout.
pub(crate) fn print(value: &impl Serialize) -> Result<(), Failure> {
    let json = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::Usage(format!("cannot print the reply: {e}")))?;
    println!("{json}");
    Ok(())
}
