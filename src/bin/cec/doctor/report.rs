//! The report: the settings and a row per check, as tables with a last line recommending a
//! signing profile, or as one JSON document.

use serde::Serialize;
use serde_json::{Value, json};

use super::probes::Recommendation;
use super::settings::Setting;
use super::{Check, Status};
use crate::output::{Format, print_json, print_text, table};
use crate::rows::Column;
use crate::terminal::write_json_line;
use crate::{Failure, Failure::Reported};

/// How the run ended.
pub(crate) struct Outcome {
    pub(crate) recommendation: Recommendation,
    /// Every configured part works with some signing profile.
    pub(crate) ok: bool,
}

#[derive(Serialize)]
struct Document<'a> {
    settings: &'a [Setting],
    checks: &'a [Check],
    recommendation: &'a Recommendation,
    ok: bool,
}

/// Prints the report; `Err(Reported(1))` when a part does not work.
pub(crate) fn print(
    settings: &[Setting],
    checks: &[Check],
    outcome: &Outcome,
    json: bool,
    format: Format,
) -> Result<(), Failure> {
    if json {
        let document = Document {
            settings,
            checks,
            recommendation: &outcome.recommendation,
            ok: outcome.ok,
        };
        json_out(&document, format)?;
    } else {
        let mut text = settings_table(settings);
        text.push_str("\n\n");
        text.push_str(&checks_table(checks));
        text.push_str("\n\n");
        text.push_str(&crate::output::escape_controls(
            &outcome.recommendation.message,
        ));
        text.push('\n');
        print_text(&text)?;
    }
    if outcome.ok { Ok(()) } else { Err(Reported(1)) }
}

/// Prints the settings alone, and why they cannot be used (the caller exits 2).
pub(crate) fn print_settings_only(
    settings: &[Setting],
    problem: &str,
    json: bool,
    format: Format,
) -> Result<(), Failure> {
    if json {
        json_out(
            &json!({"settings": settings, "error": problem, "ok": false}),
            format,
        )
    } else {
        print_text(&format!("{}\n\n", settings_table(settings)))
    }
}

fn json_out(value: &impl Serialize, format: Format) -> Result<(), Failure> {
    if format == Format::Ndjson {
        let mut out = std::io::stdout().lock();
        write_json_line(&mut out, value).map_err(Failure::Output)
    } else {
        print_json(value)
    }
}

const fn column(name: &'static str) -> Column {
    Column { name, time: false }
}

fn settings_table(settings: &[Setting]) -> String {
    let rows = settings
        .iter()
        .map(|s| {
            vec![
                Some(Value::from(s.name.as_str())),
                Some(Value::from(s.value.as_str())),
                Some(Value::from(s.source.as_str())),
            ]
        })
        .collect();
    table(
        &[column("setting"), column("value"), column("source")],
        rows,
    )
}

fn checks_table(checks: &[Check]) -> String {
    let rows = checks
        .iter()
        .map(|c| {
            let status = match c.status {
                Status::Ok => "ok",
                Status::Failed => "failed",
                Status::Skipped => "skipped",
            };
            vec![
                Some(Value::from(c.hosts.join(", "))),
                Some(Value::from(c.check.as_str())),
                Some(Value::from(status)),
                Some(Value::from(c.detail.as_str())),
            ]
        })
        .collect();
    table(
        &[
            column("server"),
            column("check"),
            column("status"),
            column("detail"),
        ],
        rows,
    )
}
