//! Batch lookups: `call-result-detail` and `cdr` with `--call-ids-from FILE|-`.
//!
//! Every ID is looked up through the one client (one connection pool), at most
//! `--concurrency` at once. The rows come out in the file's order, each carrying its ID and,
//! for a failed lookup, the error's code and message. Ctrl-C stops the lookups and prints
//! the rows of those already done.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Read};
use std::path::Path;

use futures_util::stream::{FuturesUnordered, StreamExt};
use huawei_cec::{CallDirection, Client, Error, MAX_ID_LEN};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::{Value, json};

use crate::Failure;
use crate::output::{self, Format, RowWriter};
use crate::replies::{Wrapper, reply_json};
use crate::rows::{self, Shape};

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
    let ids = read_ids(source)?;
    let shape = query.shape();
    let mut out = Out::new(format, shape);
    let bar = progress(ids.len());
    let interrupt = async {
        // Without a signal handler, Ctrl-C ends the process as it does by default.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    tokio::pin!(interrupt);

    let mut running = FuturesUnordered::new();
    let mut started = 0;
    let mut done: BTreeMap<usize, Outcome> = BTreeMap::new();
    let mut printed = 0;
    let mut failed = 0;
    let mut interrupted = false;
    loop {
        while running.len() < usize::from(concurrency) && started < ids.len() {
            running.push(lookup(client, query, started, &ids[started]));
            started += 1;
        }
        let (index, result) = tokio::select! {
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
        done.insert(index, outcome);
        bar.inc(1);
        while let Some(outcome) = done.remove(&printed) {
            bar.suspend(|| out.push(&ids[printed], &outcome))?;
            printed += 1;
        }
    }
    // Stop what is in flight; print what is done, still in the file's order.
    drop(running);
    let finished = printed + done.len();
    for (index, outcome) in std::mem::take(&mut done) {
        out.push(&ids[index], &outcome)?;
    }
    bar.finish_and_clear();
    out.finish()?;
    if interrupted {
        eprintln!(
            "interrupted: {finished} of {} IDs looked up and printed ({failed} failed)",
            ids.len()
        );
        Err(Failure::Reported(INTERRUPTED))
    } else if failed > 0 {
        eprintln!("{failed} of {} lookups failed", ids.len());
        Err(Failure::Reported(1))
    } else {
        Ok(())
    }
}

/// One lookup, the ID's index beside its result (the reply as JSON).
async fn lookup(
    client: &Client,
    query: Query,
    index: usize,
    id: &str,
) -> (usize, Result<serde_json::Result<Value>, Error>) {
    let reply = match query {
        Query::CallResultDetail { vdn_id } => client
            .call_result_detail(vdn_id, id)
            .send_with_metadata()
            .await
            .map(|(detail, meta)| reply_json(Wrapper::CallResultDetail, detail, &meta)),
        Query::Cdr { cc_id, direction } => client
            .cdr(cc_id, id, direction)
            .send_with_metadata()
            .await
            .map(|(cdr, meta)| reply_json(Wrapper::Cdr, cdr, &meta)),
    };
    (index, reply)
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
/// lines starting with `#` skipped. A bad ID stops everything before anything is sent.
fn read_ids(source: &Path) -> Result<Vec<String>, Failure> {
    let name = source.display();
    let mut text = String::new();
    let read = if source.as_os_str() == "-" {
        std::io::stdin().lock().read_to_string(&mut text)
    } else {
        std::fs::File::open(source).and_then(|mut f| f.read_to_string(&mut text))
    };
    read.map_err(|e| Failure::Usage(format!("cannot read the call IDs from {name}: {e}")))?;
    let mut ids = Vec::new();
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    for (number, line) in text.lines().enumerate() {
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
        if let Some(problem) = problem {
            return Err(Failure::Usage(format!(
                "{name} line {}: the call ID {problem}; give one ID of at most {MAX_ID_LEN} \
                 printable characters a line (nothing was sent)",
                number + 1
            )));
        }
        ids.push(id.to_owned());
    }
    Ok(ids)
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

/// Where the rows go: JSON collects `{id, reply}` or `{id, error}` objects for one array;
/// the other formats print rows.
enum Out {
    Json(Vec<Value>),
    Rows(Shape, RowWriter),
}

impl Out {
    fn new(format: Format, shape: Shape) -> Self {
        match format {
            Format::Json => Self::Json(Vec::new()),
            _ => {
                let columns = rows::BATCH.iter().chain(shape.columns()).copied().collect();
                Self::Rows(shape, RowWriter::new(format, columns))
            }
        }
    }

    fn push(&mut self, id: &str, outcome: &Outcome) -> Result<(), Failure> {
        match self {
            Self::Json(items) => {
                items.push(match outcome {
                    Ok(reply) => json!({"id": id, "reply": reply}),
                    Err((code, message)) => {
                        json!({"id": id, "error": {"code": code, "message": message}})
                    }
                });
                Ok(())
            }
            Self::Rows(shape, writer) => writer.write(&rows::batch_row(*shape, id, outcome)),
        }
    }

    fn finish(self) -> Result<(), Failure> {
        match self {
            Self::Json(items) => output::print_json(&items),
            Self::Rows(_, writer) => writer.finish(),
        }
    }
}
