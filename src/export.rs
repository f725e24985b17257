//! The one CSV writer for every exported table (rejected rows, segment members,
//! recommendations, …): UTF-8 with BOM so Excel opens Japanese text, CRLF, RFC 4180 quoting, and
//! CSV-injection neutralisation — a text cell starting with `=`, `+`, `-`, `@`, tab or CR gets a
//! leading `'` so a product name like `=HYPERLINK(…)` cannot run as a formula.

/// One cell of an exported table. Numbers are written as numbers (never neutralised), text as text.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell<'a> {
    Text(&'a str),
    /// Text made for the export (a pseudonymous id).
    Owned(String),
    Number(f64),
    Empty,
}

impl<'a> Cell<'a> {
    /// A customer or recipient id as exports write it (its pseudonym after `pseudonymize`).
    pub fn id(ds: &crate::Dataset, id: &'a str) -> Cell<'a> {
        match ds.export_id(id) {
            std::borrow::Cow::Borrowed(s) => Cell::Text(s),
            std::borrow::Cow::Owned(s) => Cell::Owned(s),
        }
    }
}

const BOM: &str = "\u{FEFF}";

fn push_text(out: &mut String, s: &str) {
    let neutralise = matches!(s.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r'));
    let needs_quotes = neutralise
        || s.contains([',', '"', '\n', '\r'])
        || s.starts_with(' ')
        || s.ends_with(' ');
    if needs_quotes {
        out.push('"');
        if neutralise {
            out.push('\'');
        }
        for c in s.chars() {
            if c == '"' {
                out.push('"');
            }
            out.push(c);
        }
        out.push('"');
    } else {
        out.push_str(s);
    }
}

fn push_number(out: &mut String, v: f64) {
    use std::fmt::Write;
    if !v.is_finite() {
        return; // empty cell: spreadsheets have no NaN
    }
    if v.fract() == 0.0 && v.abs() < 1e15 {
        let _ = write!(out, "{}", v as i64);
    } else {
        let _ = write!(out, "{v}");
    }
}

/// Write a table as CSV bytes.
pub fn to_csv<'a, I, R>(headers: &[&str], rows: I) -> Vec<u8>
where
    I: IntoIterator<Item = R>,
    R: IntoIterator<Item = Cell<'a>>,
{
    let mut out = String::new();
    write_csv(&mut out, headers, rows);
    out.into_bytes()
}

/// [`to_csv`] appended to `out` (which the caller may have reserved for a large table).
pub fn write_csv<'a, I, R>(out: &mut String, headers: &[&str], rows: I)
where
    I: IntoIterator<Item = R>,
    R: IntoIterator<Item = Cell<'a>>,
{
    out.push_str(BOM);
    for (i, h) in headers.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_text(out, h);
    }
    out.push_str("\r\n");
    for row in rows {
        for (i, cell) in row.into_iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            match cell {
                Cell::Text(s) => push_text(out, s),
                Cell::Owned(s) => push_text(out, &s),
                Cell::Number(v) => push_number(out, v),
                Cell::Empty => {}
            }
        }
        out.push_str("\r\n");
    }
}

/// The rejected rows of a dataset kept in full (the first `RejectCounts::KEPT`, in file order;
/// `summary().rejectedByReason` counts all of them): line, code, reason.
pub fn rejected_csv(ds: &crate::Dataset) -> Vec<u8> {
    to_csv(
        &["line", "code", "reason"],
        // A reason quotes the cells at fault (an id, a date): after `pseudonymize`, only the code.
        ds.rejected.iter().map(|r| [Cell::Number(r.line as f64), Cell::Text(r.code.as_str()), if ds.pseudonyms.is_some() { Cell::Empty } else { Cell::Text(&r.reason) }]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_bom_and_injection() {
        let bytes = to_csv(
            &["name", "value"],
            vec![
                vec![Cell::Text("=HYPERLINK(\"x\")"), Cell::Number(-5.0)],
                vec![Cell::Text("a,b"), Cell::Number(1.5)],
                vec![Cell::Text("化粧水"), Cell::Empty],
                vec![Cell::Text("-3"), Cell::Number(f64::NAN)],
            ],
        );
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(
            text,
            "\u{FEFF}name,value\r\n\"'=HYPERLINK(\"\"x\"\")\",-5\r\n\"a,b\",1.5\r\n化粧水,\r\n\"'-3\",\r\n"
        );
    }
}
