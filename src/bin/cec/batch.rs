//! Batch lookups: `call-result-detail` and `cdr` with `--call-ids-from FILE|-`.
//!
//! Every ID is looked up through the one client (one connection pool), at most
//! `--concurrency` at once. The rows come out in the file's order, each carrying its ID and,
//! for a failed lookup, the error's code and message, as they come in: a file's IDs are
//! checked in a first reading and looked up in a second, never held whole (standard input,
//! which cannot be read twice, is), and no more than [`WINDOW`] lookups wait to be printed
//! behind a slower one. Ctrl-C stops the lookups and prints the rows of those already done.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, IsTerminal, Read, Write};
use std::path::Path;

use futures_util::stream::{FuturesUnordered, StreamExt};
use huawei_cec::{CallDirection, Client, Error, MAX_ID_LEN};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::{Value, json};

use crate::Failure;
use crate::output::{Format, RowWriter};
use crate::replies::{Wrapper, reply_json};
use crate::rows::{self, Shape};
use crate::terminal::write_json;

/// Lookups started but not yet printed, at most: rows done after a slower lookup wait for
/// it, in the file's order, and new lookups wait once this many have piled up. Memory stays
/// the same however many IDs there are.
const WINDOW: usize = 4096;

/// The exit status after Ctrl-C, as shells report a process ended by SIGINT.
const INTERRUPTED: u8 = 130;

/// Which lookup to make for every ID.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Query {
    CallResultDetail {
        vdn_id: u32,
    },
    Cdr {
        cc_id: u32,
        direction: CallDirection,
    },
}

impl Query {
    fn shape(self) -> Shape {
        match self {
            Self::CallResultDetail { .. } => Shape::CallResultDetail,
            Self::Cdr { .. } => Shape::Cdr,
        }
    }
}

/// What one lookup gave: the reply as JSON, or the error's code and message.
type Outcome = Result<Value, (String, String)>;

/// Looks up every ID of `source` and prints a row for each; exits 1 when any failed.
pub(crate) async fn run(
    client: &Client,
    query: Query,
    source: &Path,
    concurrency: u16,
    format: Format,
) -> Result<(), Failure> {
    let (total, mut ids) = read_ids(source)?;
    let shape = query.shape();
    let mut out = Out::new(format, shape);
    let bar = progress(total);
    let interrupt = async {
        // Without a signal handler, Ctrl-C ends the process as it does by default.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    tokio::pin!(interrupt);

    let mut running = FuturesUnordered::new();
    let mut started = 0;
    let mut done: BTreeMap<usize, (String, Outcome)> = BTreeMap::new();
    let mut printed = 0;
    let mut failed = 0;
    let mut interrupted = false;
    loop {
        while running.len() < usize::from(concurrency) && started - printed < WINDOW {
            let Some(id) = ids.next() else { break };
            let id = id.inspect_err(|_| bar.finish_and_clear())?;
            running.push(lookup(client, query, started, id));
            started += 1;
        }
        let (index, id, result) = tokio::select! {
            biased;
            () = &mut interrupt => {
                interrupted = true;
                break;
            }
            next = running.next() => match next {
                Some(next) => next,
                None => break,
            },
        };
        let outcome = match result {
            Ok(Ok(reply)) => Ok(reply),
            Ok(Err(e)) => Err(("Output".to_owned(), format!("cannot print the reply: {e}"))),
            // The same for every ID (a setting, the VDN or CC ID): nothing was sent.
            Err(e) if stops_the_batch(&e) => {
                bar.finish_and_clear();
                return Err(Failure::from(e));
            }
            Err(e) => Err((error_code(&e), e.to_string())),
        };
        failed += usize::from(outcome.is_err());
        done.insert(index, (id, outcome));
        bar.inc(1);
        while let Some((id, outcome)) = done.remove(&printed) {
            bar.suspend(|| out.push(&id, &outcome))?;
            printed += 1;
        }
    }
    // Stop what is in flight; print what is done, still in the file's order.
    drop(running);
    let finished = printed + done.len();
    for (_, (id, outcome)) in std::mem::take(&mut done) {
        out.push(&id, &outcome)?;
    }
    bar.finish_and_clear();
    out.finish()?;
    if interrupted {
        eprintln!("interrupted: {finished} of {total} IDs looked up and printed ({failed} failed)");
        Err(Failure::Reported(INTERRUPTED))
    } else if failed > 0 {
        eprintln!("{failed} of {total} lookups failed");
        Err(Failure::Reported(1))
    } else {
        Ok(())
    }
}

/// One lookup, the ID's index and the ID beside its result (the reply as JSON).
async fn lookup(
    client: &Client,
    query: Query,
    index: usize,
    id: String,
) -> (usize, String, Result<serde_json::Result<Value>, Error>) {
    let reply = match query {
        Query::CallResultDetail { vdn_id } => client
            .call_result_detail(vdn_id, &id)
            .send_with_metadata()
            .await
            .map(|(detail, meta)| reply_json(Wrapper::CallResultDetail, detail, &meta)),
        Query::Cdr { cc_id, direction } => client
            .cdr(cc_id, &id, direction)
            .send_with_metadata()
            .await
            .map(|(cdr, meta)| reply_json(Wrapper::Cdr, cdr, &meta)),
    };
    (index, id, reply)
}

/// Errors that every lookup of the batch would meet: a missing setting, or a bad VDN or
/// CC ID. (A bad call ID is the row's own failure.)
fn stops_the_batch(e: &Error) -> bool {
    match e {
        Error::Config { .. } => true,
        Error::InvalidInput { field, .. } => *field != "callId",
        _ => false,
    }
}

/// A failure's code: the business result code (`0200007`), or else the kind of failure
/// (`Timeout`, `Connect`, `HttpStatus`, `Unauthorized`, `Decode`, `Transport`, ...).
fn error_code(e: &Error) -> String {
    e.result_code()
        .map(|code| code.code().to_owned())
        .unwrap_or_else(|| e.kind().to_owned())
}

/// The IDs of a file (or standard input for `-`): one a line, trimmed; blank lines and
/// lines starting with `#` skipped. A bad ID stops everything before anything is sent: a
/// file is read through once to check every line (and count the IDs), then read again as
/// the lookups go; standard input is read whole and held.
fn read_ids(source: &Path) -> Result<(usize, IdSource), Failure> {
    let name = source.display().to_string();
    let cannot_read = |e: std::io::Error| {
        Failure::Usage(format!(
            "cannot read the call IDs from {}: {e}",
            source.display()
        ))
    };
    if source.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin()
            .lock()
            .read_to_string(&mut text)
            .map_err(cannot_read)?;
        let ids = Ids::new(name.clone(), text.as_bytes()).collect::<Result<Vec<_>, _>>()?;
        return Ok((ids.len(), Box::new(ids.into_iter().map(Ok))));
    }
    let open = || File::open(source).map(BufReader::new).map_err(cannot_read);
    let mut total = 0;
    for id in Ids::new(name.clone(), open()?) {
        id?;
        total += 1;
    }
    Ok((total, Box::new(Ids::new(name, open()?))))
}

/// The IDs of a batch, one at a time, each checked.
type IdSource = Box<dyn Iterator<Item = Result<String, Failure>>>;

/// The IDs of a reader, line by line, each checked.
struct Ids<R> {
    name: String,
    reader: R,
    line: String,
    number: usize,
}

impl<R: BufRead> Ids<R> {
    fn new(name: String, reader: R) -> Self {
        Self {
            name,
            reader,
            line: String::new(),
            number: 0,
        }
    }
}

impl<R: BufRead> Iterator for Ids<R> {
    type Item = Result<String, Failure>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            self.line.clear();
            match self.reader.read_line(&mut self.line) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => {
                    return Some(Err(Failure::Usage(format!(
                        "cannot read the call IDs from {}: {e}",
                        self.name
                    ))));
                }
            }
            self.number += 1;
            let line = if self.number == 1 {
                self.line.strip_prefix('\u{feff}').unwrap_or(&self.line)
            } else {
                &self.line
            };
            let id = line.trim();
            if id.is_empty() || id.starts_with('#') {
                continue;
            }
            let problem = if id.chars().any(char::is_control) {
                Some("contains control characters".to_owned())
            } else {
                let len = id.chars().count();
                (len > MAX_ID_LEN).then(|| format!("is {len} characters long"))
            };
            return Some(match problem {
                Some(problem) => Err(Failure::Usage(format!(
                    "{} line {}: the call ID {problem}; give one ID of at most {MAX_ID_LEN} \
                     printable characters a line (nothing was sent)",
                    self.name, self.number
                ))),
                None => Ok(id.to_owned()),
            });
        }
    }
}

/// A progress bar on stderr when it is a terminal; nothing otherwise.
fn progress(total: usize) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(
        Some(u64::try_from(total).unwrap_or(u64::MAX)),
        ProgressDrawTarget::stderr(),
    );
    if let Ok(style) = ProgressStyle::with_template("{wide_bar} {pos}/{len} looked up, {eta} left")
    {
        bar.set_style(style);
    }
    bar
}

/// Where the rows go: JSON writes `{id, reply}` or `{id, error}` objects as one array, the
/// other formats print rows; each as it comes (a table keeps its rows for the end).
enum Out {
    /// The output, and whether the array is open yet (it opens with the first item, so
    /// that a batch that fails before then prints nothing).
    Json(std::io::BufWriter<std::io::Stdout>, bool),
    Rows(Shape, RowWriter),
}

impl Out {
    fn new(format: Format, shape: Shape) -> Self {
        match format {
            Format::Json => Self::Json(std::io::BufWriter::new(std::io::stdout()), false),
            _ => {
                let columns = rows::BATCH.iter().chain(shape.columns()).copied().collect();
                Self::Rows(shape, RowWriter::new(format, columns))
            }
        }
    }

    fn push(&mut self, id: &str, outcome: &Outcome) -> Result<(), Failure> {
        match self {
            Self::Json(out, open) => {
                let item = match outcome {
                    Ok(reply) => json!({"id": id, "reply": reply}),
                    Err((code, message)) => {
                        json!({"id": id, "error": {"code": code, "message": message}})
                    }
                };
                json_item(out, open, &item).map_err(Failure::Output)
            }
            Self::Rows(shape, writer) => writer.write(&rows::batch_row(*shape, id, outcome)),
        }
    }

    fn finish(self) -> Result<(), Failure> {
        match self {
            Self::Json(mut out, open) => out
                .write_all(if open { b"\n]\n" } else { b"[]\n" })
                .and_then(|()| out.flush())
                .map_err(Failure::Output),
            Self::Rows(_, writer) => writer.finish(),
        }
    }
}

/// One item of the pretty JSON array, as `output::print_json` would print it inside the
/// whole array: the item's lines indented by two spaces, items apart by a comma.
fn json_item(out: &mut impl Write, open: &mut bool, item: &Value) -> std::io::Result<()> {
    let mut text = Vec::new();
    write_json(&mut text, item)?;
    out.write_all(if *open { b",\n" } else { b"[\n" })?;
    *open = true;
    for (n, line) in text.trim_ascii_end().split(|&b| b == b'\n').enumerate() {
        if n > 0 {
            out.write_all(b"\n")?;
        }
        out.write_all(b"  ")?;
        out.write_all(line)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_json_array_is_printed_as_print_json_prints_it_whole() {
        let items = [
            json!({"id": "a", "reply": {"resultCode": "0200000", "n": [1, 2], "e": {}, "l": []}}),
            json!({"id": "b\u{1b}", "error": {"code": "Timeout", "message": "m"}}),
        ];
        for count in 0..=items.len() {
            let mut streamed = Vec::new();
            let mut open = false;
            for item in &items[..count] {
                json_item(&mut streamed, &mut open, item).unwrap();
            }
            streamed.extend_from_slice(if open { b"\n]\n" } else { b"[]\n" });
            let mut whole = Vec::new();
            write_json(&mut whole, &items[..count].to_vec()).unwrap();
            assert_eq!(
                String::from_utf8(streamed).unwrap(),
                String::from_utf8(whole).unwrap()
            );
        }
    }

    #[test]
    fn a_file_is_read_line_by_line_and_checked() {
        let text = "\u{feff}a-1\r\n\n# note\n  b-2  \nc\u{7}3\n";
        let ids: Vec<_> = Ids::new("f".into(), text.as_bytes()).collect();
        assert_eq!(ids.len(), 3);
        assert_eq!(ids[0].as_ref().ok().map(String::as_str), Some("a-1"));
        assert_eq!(ids[1].as_ref().ok().map(String::as_str), Some("b-2"));
        let Err(Failure::Usage(message)) = &ids[2] else {
            panic!("a control character must be refused")
        };
        assert!(
            message.contains("f line 5: the call ID contains control characters"),
            "{message}"
        );
    }
}
