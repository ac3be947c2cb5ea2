//! `cec conformance FILE`: where the replies of a cassette differ from the spec.
//!
//! The cassette is read a line at a time and each exchange checked as it comes
//! (`huawei_cec::conformance::Checker`): memory stays bounded by the longest line and the
//! findings. Exit 0 when every reply conforms (notes aside), 1 when one differs, 2 when the
//! file is not a cassette (nothing is printed on stdout then).

use std::io::BufRead;
use std::path::Path;

use huawei_cec::cassette::{Header, Lines};
use huawei_cec::conformance::{Checker, Finding, Summary};
use serde_json::{Value, json};

use crate::Failure;
use crate::output::{Format, RowWriter, print_json, print_text};
use crate::rows::{Column, Row};
use crate::terminal::write_json_line;

const fn column(name: &'static str) -> Column {
    Column { name, time: false }
}

/// The columns of a finding, in the order of its JSON keys.
const COLUMNS: &[Column] = &[
    column("seq"),
    column("operation"),
    column("severity"),
    column("kind"),
    column("pointer"),
    column("spec"),
    column("came"),
];

/// Checks the cassette at `file` (`-`: standard input) and prints the findings in `format`
/// (`table` when no format was chosen).
pub(crate) fn run(file: &Path, format: Format, format_chosen: bool) -> Result<(), Failure> {
    let format = if format_chosen { format } else { Format::Table };
    let name = file.display().to_string();
    let not_a_cassette = |e: huawei_cec::cassette::CassetteError| {
        Failure::Usage(format!("{name}: {e} (not a cassette this cec can read)"))
    };
    let reader: Box<dyn BufRead> = if name == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let opened = std::fs::File::open(file)
            .map_err(|e| Failure::Usage(format!("cannot open {name}: {e}")))?;
        Box::new(std::io::BufReader::new(opened))
    };
    let mut lines = Lines::new(reader).map_err(not_a_cassette)?;
    let header = lines.header.clone();
    let mut checker = Checker::new();
    let mut findings = Vec::new();
    // NDJSON streams the findings (all of them are out before a bad line could stop it;
    // the exit status says so).
    let mut stream = (format == Format::Ndjson).then(|| std::io::stdout().lock());
    for exchange in lines.by_ref() {
        let exchange = exchange.map_err(not_a_cassette)?;
        for finding in checker.check(&exchange) {
            match stream.as_mut() {
                Some(out) => write_json_line(out, &finding).map_err(Failure::Output)?,
                None => findings.push(finding),
            }
        }
    }
    let summary = checker.summary();
    match format {
        Format::Ndjson => {}
        Format::Json => print_json(&json!({
            "cassette": header_json(&header),
            "summary": summary_json(&summary),
            "findings": findings,
        }))?,
        Format::Csv => {
            let mut writer = RowWriter::new(format, COLUMNS.to_vec());
            for finding in &findings {
                writer.write(&row(finding))?;
            }
            writer.finish()?;
        }
        Format::Table => {
            if !findings.is_empty() {
                let rows = findings.iter().map(row).collect();
                let mut text = crate::output::table(COLUMNS, rows);
                text.push_str("\n\n");
                print_text(&text)?;
            }
            print_text(&format!("{}\n", summary_line(&summary)))?;
        }
    }
    if summary.conforms() {
        Ok(())
    } else {
        Err(Failure::Reported(1))
    }
}

fn row(finding: &Finding) -> Row {
    vec![
        Some(Value::from(finding.seq)),
        Some(Value::from(finding.operation.as_str())),
        Some(Value::from(finding.severity.to_string())),
        Some(Value::from(finding.kind.to_string())),
        Some(Value::from(finding.pointer.as_str())),
        Some(Value::from(finding.spec.as_str())),
        Some(Value::from(finding.came.as_str())),
    ]
}

fn header_json(header: &Header) -> Value {
    json!({
        "crate_version": header.crate_version,
        "recorded_at": header.recorded_at,
        "personal_data": header.personal_data,
        "note": header.note,
    })
}

fn summary_json(summary: &Summary) -> Value {
    let mut value = serde_json::to_value(summary).unwrap_or_default();
    value["conforms"] = Value::Bool(summary.conforms());
    value
}

fn summary_line(summary: &Summary) -> String {
    let count = |n: u64, one: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {one}s")
        }
    };
    format!(
        "{} ({} with a reply): {}, {}, {}: {}",
        count(summary.exchanges, "exchange"),
        summary.replies,
        count(summary.errors, "error"),
        count(summary.warnings, "warning"),
        count(summary.notes, "note"),
        if summary.conforms() {
            "every reply conforms to the spec"
        } else {
            "the replies differ from the spec"
        }
    )
}
