//! What goes to stdout, in the format `--output` asks for: the decoded reply as JSON, or
//! its rows (see `rows`) as NDJSON, CSV or an aligned table.
//!
//! Errors never go here: they go to stderr in every format.

use std::borrow::Cow;
use std::io::{self, Write};

use comfy_table::{ColumnConstraint, ContentArrangement, Table, Width};
use serde::Serialize;
use serde::ser::SerializeMap;
use serde_json::Value;

use crate::Failure;
use crate::rows::{Column, Row, Shape};
use crate::terminal::{inert_needed, write_json, write_json_line};
use crate::times;

/// The output formats of `--output`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// The decoded reply, as pretty JSON.
    Json,
    /// One JSON object a line, a row each.
    Ndjson,
    /// Comma-separated values with a header line, a row each. A text cell a spreadsheet
    /// would take for a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage
    /// return, and not a signed number) is written behind a `'`.
    Csv,
    /// An aligned table with a header, readable times, control characters escaped.
    Table,
}

/// Prints a value as pretty JSON on stdout, written as it is serialized (a large reply is
/// never held twice), control characters escaped ([`crate::terminal`]).
pub(crate) fn print_json(value: &impl Serialize) -> Result<(), Failure> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    write_json(&mut out, value)
        .and_then(|()| out.flush())
        .map_err(Failure::Output)
}

/// Prints text this program composed on stdout, as it is.
pub(crate) fn print_text(text: &str) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(Failure::Output)
}

/// Prints a command's reply in `format`. Rows are made from the reply's JSON value, and the
/// decoded reply is let go first: a large reply is not held twice.
pub(crate) fn reply(format: Format, shape: Shape, reply: impl Serialize) -> Result<(), Failure> {
    if format == Format::Json {
        return print_json(&reply);
    }
    let value = serde_json::to_value(&reply)
        .map_err(|e| Failure::Usage(format!("cannot print the reply: {e}")))?;
    drop(reply);
    // The rows take the values over: a large reply is not held twice.
    let rows = shape.into_rows(value);
    let mut writer = RowWriter::new(format, shape.columns().to_vec());
    for row in rows {
        writer.write(&row)?;
    }
    writer.finish()
}

/// Writes rows as they come (NDJSON, CSV) or at the end (a table, whose column widths
/// depend on every row).
pub(crate) struct RowWriter {
    columns: Vec<Column>,
    sink: Sink,
}

enum Sink {
    Ndjson,
    /// The writer, and whether the header is out yet: it waits for the first row or the
    /// end, so that a command that fails before then prints nothing.
    Csv(Box<csv::Writer<io::Stdout>>, bool),
    /// Each row's cells as the table shows them (no longer the reply's values).
    Table(Vec<Vec<String>>),
}

impl RowWriter {
    /// A writer of rows with these columns. (JSON output is the reply itself, not rows;
    /// asked for rows, it writes them as NDJSON.)
    pub(crate) fn new(format: Format, columns: Vec<Column>) -> Self {
        let sink = match format {
            Format::Json | Format::Ndjson => Sink::Ndjson,
            Format::Csv => Sink::Csv(Box::new(csv::Writer::from_writer(io::stdout())), false),
            Format::Table => Sink::Table(Vec::new()),
        };
        Self { columns, sink }
    }

    fn csv_header(&mut self) -> Result<(), Failure> {
        if let Sink::Csv(csv, header_out) = &mut self.sink
            && !*header_out
        {
            csv.write_record(self.columns.iter().map(|c| c.name))
                .map_err(csv_failure)?;
            *header_out = true;
        }
        Ok(())
    }

    /// Writes one row (a table keeps it for the end).
    pub(crate) fn write(&mut self, row: &Row) -> Result<(), Failure> {
        self.csv_header()?;
        match &mut self.sink {
            Sink::Ndjson => {
                let mut out = io::stdout().lock();
                let object = Object {
                    columns: &self.columns,
                    row,
                };
                write_json_line(&mut out, &object)
                    .and_then(|()| out.flush())
                    .map_err(Failure::Output)
            }
            Sink::Csv(csv, _) => {
                let cells: Vec<Cow<'_, str>> =
                    row.iter().map(|cell| csv_cell(cell.as_ref())).collect();
                csv.write_record(cells.iter().map(|cell| cell.as_bytes()))
                    .and_then(|()| csv.flush().map_err(csv::Error::from))
                    .map_err(csv_failure)
            }
            Sink::Table(rows) => {
                rows.push(table_cells(&self.columns, row));
                Ok(())
            }
        }
    }

    /// Ends the output: prints the table, if it is one.
    pub(crate) fn finish(mut self) -> Result<(), Failure> {
        self.csv_header()?;
        let rows = match self.sink {
            Sink::Csv(mut csv, _) => return csv.flush().map_err(Failure::Output),
            Sink::Ndjson => return Ok(()),
            Sink::Table(rows) => rows,
        };
        let mut out = io::stdout().lock();
        write_table(&mut out, &self.columns, &rows)
            .and_then(|()| out.flush())
            .map_err(Failure::Output)
    }
}

fn csv_failure(e: csv::Error) -> Failure {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => Failure::Output(e),
        other => Failure::Output(io::Error::other(format!("{other:?}"))),
    }
}

/// A row as a JSON object, its keys in column order; absent fields are left out.
struct Object<'a> {
    columns: &'a [Column],
    row: &'a Row,
}

impl Serialize for Object<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let present = || {
            self.columns
                .iter()
                .zip(self.row)
                .filter_map(|(c, v)| Some((c.name, v.as_ref()?)))
        };
        let mut map = serializer.serialize_map(Some(present().count()))?;
        for (name, value) in present() {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// A cell as text: strings as they are, numbers and booleans as JSON writes them, nothing
/// for an absent field.
fn cell_text(value: Option<&Value>) -> Cow<'_, str> {
    match value {
        None | Some(Value::Null) => Cow::Borrowed(""),
        Some(Value::String(s)) => Cow::Borrowed(s),
        Some(other) => Cow::Owned(other.to_string()),
    }
}

/// A CSV cell: [`cell_text`], but a string a spreadsheet would read as a formula goes behind
/// a `'`, so that opening the file never runs what a server sent (CSV injection).
fn csv_cell(value: Option<&Value>) -> Cow<'_, str> {
    match value {
        Some(Value::String(s)) if formula_like(s) => Cow::Owned(format!("'{s}")),
        other => cell_text(other),
    }
}

/// Whether a spreadsheet would take `text` for a formula: its first character is `=`, `+`,
/// `-`, `@`, a tab or a carriage return, and more follows. A sign before a plain number (a
/// phone number such as `+8613800000000`, a negative amount) is a number, not a formula.
fn formula_like(text: &str) -> bool {
    let Some(rest) = text.strip_prefix(['=', '+', '-', '@', '\t', '\r']) else {
        return false;
    };
    let signed_number = text.starts_with(['+', '-'])
        && rest.bytes().any(|b| b.is_ascii_digit())
        && rest.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && rest.bytes().filter(|&b| b == b'.').count() <= 1;
    !rest.is_empty() && !signed_number
}

/// Control characters (a server may send ANSI escape sequences) and the Unicode controls
/// that reorder text written as Rust escapes (`\u{1b}`, `\n`), so that a table shows what
/// was sent rather than obeying it.
pub(crate) fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(inert_needed) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if inert_needed(c) {
                    c.escape_default().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// A row's cells as a table shows them: times readable (epoch milliseconds in UTC), control
/// characters escaped.
fn table_cells(columns: &[Column], row: &Row) -> Vec<String> {
    columns
        .iter()
        .zip(row)
        .map(|(column, cell)| {
            let readable = column.time.then(|| cell.as_ref().and_then(times::readable));
            match readable.flatten() {
                Some(time) => time,
                None => escape_controls(&cell_text(cell.as_ref())).into_owned(),
            }
        })
        .collect()
}

/// Rows of a table rendered at a time: the widths are measured over every row first, then
/// each chunk is laid out with them, so that a long reply never sits in the table crate
/// whole (which costs several times the cells' own size).
const TABLE_CHUNK: usize = 1024;

/// Writes the table of some rows: a header, aligned columns. Rows are never wrapped: a row
/// is a line, however wide (`less -S` scrolls it), as wrapping a dozen columns into a
/// terminal's width makes them unreadable.
fn write_table(out: &mut impl Write, columns: &[Column], rows: &[Vec<String>]) -> io::Result<()> {
    let mut widths = layout(columns, &[], None, true).column_max_content_widths();
    for chunk in rows.chunks(TABLE_CHUNK) {
        let chunk_widths = layout(columns, chunk, None, false).column_max_content_widths();
        for (width, chunk_width) in widths.iter_mut().zip(chunk_widths) {
            *width = (*width).max(chunk_width);
        }
    }
    if rows.is_empty() {
        return writeln!(
            out,
            "{}",
            layout(columns, &[], Some(&widths), true).trim_fmt()
        );
    }
    for (i, chunk) in rows.chunks(TABLE_CHUNK).enumerate() {
        // The header once, at the top.
        let table = layout(columns, chunk, Some(&widths), i == 0);
        writeln!(out, "{}", table.trim_fmt())?;
    }
    Ok(())
}

/// A table of `rows`, under the header if `header`; with `widths`, every column that wide
/// (content).
fn layout(columns: &[Column], rows: &[Vec<String>], widths: Option<&[u16]>, header: bool) -> Table {
    let mut table = Table::new();
    table.load_style(comfy_table::presets::NOTHING);
    table.set_content_arrangement(ContentArrangement::Disabled);
    if header {
        table.set_header(columns.iter().map(|c| c.name));
    }
    for row in rows {
        table.add_row(row);
    }
    // No borders: columns two spaces apart, the first at the line's start.
    for (i, column) in table.column_iter_mut().enumerate() {
        column.set_padding((0, 2));
        if let Some(width) = widths.and_then(|w| w.get(i)) {
            column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(
                width.saturating_add(2),
            )));
        }
    }
    table
}

/// The whole table of some rows as text (for short tables, such as `cec doctor`'s).
pub(crate) fn table(columns: &[Column], rows: Vec<Row>) -> String {
    let cells: Vec<Vec<String>> = rows.iter().map(|row| table_cells(columns, row)).collect();
    let mut out = Vec::new();
    write_table(&mut out, columns, &cells).expect("writing to memory");
    String::from_utf8_lossy(&out).trim_end().to_owned()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::rows::BATCH;

    #[test]
    fn csv_cells_a_spreadsheet_would_run_go_behind_a_quote() {
        let cell = |v: Value| csv_cell(Some(&v)).into_owned();
        for formula in [
            "=HYPERLINK(\"http://x\")",
            "@SUM(A1)",
            "-2+3+cmd|' /C calc'!A0",
            "+1+1",
            "\t=1",
            "\r=1",
            "-1.2.3",
        ] {
            assert_eq!(cell(json!(formula)), format!("'{formula}"), "{formula:?}");
        }
        for kept in [
            "+8613800000000",
            "-5",
            "-0.5",
            "1644464743-1388",
            "=",
            "-",
            "plain",
            "",
        ] {
            assert_eq!(cell(json!(kept)), kept, "{kept:?}");
        }
        // JSON numbers are numbers, whatever their sign.
        assert_eq!(cell(json!(-1e-7)), "-1e-7");
        assert_eq!(csv_cell(None), "");
    }

    #[test]
    fn control_characters_are_escaped_and_other_text_kept() {
        assert_eq!(escape_controls("plain ü"), "plain ü");
        assert_eq!(
            escape_controls("\u{1b}[31mred\u{1b}[0m\nnext\u{9b}"),
            "\\u{1b}[31mred\\u{1b}[0m\\nnext\\u{9b}"
        );
    }

    #[test]
    fn a_table_aligns_columns_and_shows_times_readably() {
        let columns = [BATCH[0], crate::rows::Shape::CallRecords.columns()[6]];
        let rows = vec![
            vec![Some(json!("a\u{1b}[2J")), Some(json!("1790812800000"))],
            vec![Some(json!("longer-id")), Some(json!("2022-02-10 11:45:47"))],
            vec![Some(json!("c")), None],
        ];
        let text = table(&columns, rows);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4, "{text}");
        assert!(
            lines[0].contains("id") && lines[0].contains("waitBegin"),
            "{text}"
        );
        assert!(
            lines[1].contains("a\\u{1b}[2J") && !text.contains('\u{1b}'),
            "{text}"
        );
        assert!(lines[1].contains("2026-10-01 00:00:00 UTC"), "{text}");
        assert!(lines[2].contains("2022-02-10 11:45:47"), "{text}");
        let at = |line: &str, what: &str| line.find(what).unwrap();
        assert_eq!(
            at(lines[1], "2026"),
            at(lines[2], "2022"),
            "aligned:\n{text}"
        );
    }

    #[test]
    fn a_long_table_is_laid_out_in_chunks_with_one_header_and_the_same_widths() {
        let columns = [BATCH[0], crate::rows::Shape::CallRecords.columns()[6]];
        let rows: Vec<Row> = (0..TABLE_CHUNK * 2 + 5)
            .map(|i| {
                // The widest cell is in the last chunk.
                let id = if i == TABLE_CHUNK * 2 + 4 {
                    "x".repeat(40)
                } else {
                    i.to_string()
                };
                vec![Some(json!(id)), Some(json!("1790812800000"))]
            })
            .collect();
        let text = table(&columns, rows);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines.len(),
            TABLE_CHUNK * 2 + 5 + 1,
            "one header, a line a row"
        );
        assert_eq!(lines.iter().filter(|l| l.starts_with("id ")).count(), 1);
        let column = |line: &str| line.find("2026-10-01").unwrap();
        let misaligned: Vec<&&str> = lines[1..]
            .iter()
            .filter(|l| column(l) != column(lines[1]))
            .take(3)
            .collect();
        assert!(
            misaligned.is_empty(),
            "aligned: {misaligned:?} vs {:?}",
            lines[1]
        );
        assert_eq!(
            column(lines[1]),
            42,
            "the widest cell, 40 wide, and two spaces"
        );
    }

    #[test]
    fn ndjson_objects_keep_column_order_and_leave_out_absent_fields() {
        let columns = crate::rows::Shape::UpdateReservedResult.columns();
        let row = vec![Some(json!("0200000")), Some(json!("ok"))];
        let line = serde_json::to_string(&Object { columns, row: &row }).unwrap();
        assert_eq!(line, r#"{"resultCode":"0200000","resultDesc":"ok"}"#);
        let row = vec![None, Some(json!("ok"))];
        let line = serde_json::to_string(&Object { columns, row: &row }).unwrap();
        assert_eq!(line, r#"{"resultDesc":"ok"}"#);
    }
}
