//! Output that may reach a terminal: server text must not drive it.
//!
//! JSON already escapes the C0 control characters (ESC, BEL, ...) in strings; the
//! formatter here also escapes DEL, the C1 controls (U+0080 to U+009F, which some
//! terminals obey) and the Unicode controls that reorder text, as `\uXXXX`: still the same
//! JSON value, but inert on a terminal.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

/// Whether `c` should not reach a terminal raw: a control character, or a Unicode control
/// that reorders text. (JSON escapes only some of them.)
pub(crate) fn inert_needed(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// A JSON formatter that also escapes the characters of [`inert_needed`].
struct Inert<F>(F);

impl<F: Formatter> Formatter for Inert<F> {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if inert_needed(c) {
                writer.write_all(&fragment.as_bytes()[start..i])?;
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(writer, "\\u{unit:04x}")?;
                }
                start = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    // The layout is the wrapped formatter's.
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// Writes `value` as pretty JSON and a newline, escaped for a terminal.
pub(crate) fn write_json(writer: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut *writer, Inert(PrettyFormatter::new()));
    value.serialize(&mut serializer).map_err(io::Error::from)?;
    writer.write_all(b"\n")
}

/// Writes `value` as JSON on one line and a newline, escaped for a terminal.
pub(crate) fn write_json_line(writer: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut *writer, Inert(CompactFormatter));
    value.serialize(&mut serializer).map_err(io::Error::from)?;
    writer.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_and_the_json_is_unchanged() {
        let text = "a\u{1b}[31mred\u{7}\u{7f}\u{9b}2J\u{202e}txt\u{1F600}\"\\";
        let value = serde_json::json!({ "resultDesc": text, "n": [1, 2] });
        let mut out = Vec::new();
        write_json(&mut out, &value).unwrap();
        let printed = String::from_utf8(out).unwrap();
        assert!(
            printed.chars().all(|c| !inert_needed(c) || c == '\n'),
            "{printed:?}"
        );
        assert!(printed.contains(r"\u001b[31mred\u0007\u007f\u009b2J\u202etxt"));
        let back: serde_json::Value = serde_json::from_str(&printed).unwrap();
        assert_eq!(back, value);
        let mut plain = serde_json::to_string_pretty(&value).unwrap();
        plain.push('\n');
        assert_eq!(
            printed.lines().count(),
            plain.lines().count(),
            "the same layout"
        );

        let mut line = Vec::new();
        write_json_line(&mut line, &value).unwrap();
        let line = String::from_utf8(line).unwrap();
        assert_eq!(line.lines().count(), 1);
        assert!(line.contains(r"\u001b[31mred\u0007\u007f\u009b2J\u202etxt"));
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&line).unwrap(),
            value
        );
    }
}
