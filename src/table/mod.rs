//! The one table reader. Every CSV crmkit reads — order lines ([`crate::ingest`]), customer
//! attributes ([`crate::attributes`]), customer summaries for CLV ([`crate::clv::summary_table`]) —
//! is a declaration over this reader: a [`TableSpec`] (its fields: API name, header aliases,
//! required or not, the reject codes of its cells) and a [`Table`] that turns one row into a
//! typed record. The reader does the rest, the same way for every table:
//!
//! 1. **sniff** ([`encoding::sniff_binary`]): refuse workbooks, PDFs, archives and images;
//! 2. **decode** ([`encoding::decode`]): UTF-8 borrowed as is; Shift_JIS and UTF-16 decoded once;
//! 3. **split** ([`split::Splitter`]): RFC 4180 records, zero-copy; the delimiter detected from the
//!    header line unless given;
//! 4. **map headers** ([`header`]): the `columns` option first, then known names;
//! 5. **rows**: each data row is accepted or rejected with its 1-based line and a reason —
//!    `rows = accepted + rejected`, always. Wrong field counts and blank rows are rejected here;
//!    the table's own checks (dates, numbers, ids) come from [`Table::parse`] and the caller's
//!    `accept`. With `onInvalidRow: 'error'` the first rejection fails the read.
//!
//! [`inspect`] runs steps 1–4 on the start of a file and previews rows with the verdict of step
//! 5, without keeping anything: the column-mapping step of a UI, for any table.

pub mod encoding;
pub mod header;
pub mod number;
pub mod sjis;
pub mod split;
pub mod stream;

use crate::dates::{parse_date_bytes, DateTime};
use crate::error::{Error, Result};
use crate::report::{ColumnMatch, RejectCode, RejectCounts, Rejection, Warning};
use crate::text::{lossy, trim_bytes};
use encoding::EncodingChoice;
pub use header::{ColumnOverride, Mapping};
use serde::Serialize;
use split::Splitter;
use std::borrow::Cow;

/// Why one row was rejected: a stable code and a sentence naming the column and value.
pub type Reject = (RejectCode, String);

/// Whether a table needs a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Required {
    No,
    Yes,
    /// Required unless one of these other fields (by API name) is present: an order line's
    /// `amount` can come from its `unitPrice`.
    Unless(&'static [&'static str]),
}

/// One field a table reads.
#[derive(Clone, Copy, Debug)]
pub struct FieldSpec {
    /// API name, as in the `columns` option and in reports (`customerId`).
    pub name: &'static str,
    /// What a cell holds, in row messages ("customer id", "order date").
    pub label: &'static str,
    /// The field with header examples, in missing-column errors.
    pub description: &'static str,
    /// Known header names, normalised ([`crate::text::normalize_header`]), most specific first.
    pub aliases: &'static [&'static str],
    pub required: Required,
    /// Reject code for an empty cell where a value is needed.
    pub empty: RejectCode,
    /// Reject code for a cell that cannot be read.
    pub bad: RejectCode,
}

/// The declaration of one kind of table.
#[derive(Debug)]
pub struct TableSpec {
    /// `orders`, `customers`, `customerSummary` (the `table` option of `inspectCsv`).
    pub name: &'static str,
    /// Fields in mapping order: earlier fields claim their columns first.
    pub fields: &'static [FieldSpec],
}

impl TableSpec {
    /// Position of the field with API name `name`.
    pub fn position(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.fields.iter().map(|f| f.name)
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum InvalidRowPolicy {
    /// Keep going and report every rejected row.
    #[default]
    Skip,
    /// Fail at the first rejected row.
    Error,
}

/// Resource limits of a read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest input in bytes (line numbers and offsets are 32-bit).
    pub max_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_bytes: u32::MAX as u64 }
    }
}

/// Validated options of any table read (`encoding`, `delimiter`, `columns`, `onInvalidRow`).
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    /// `None` = detect (BOM, UTF-8 validity, else Shift_JIS).
    pub encoding: Option<EncodingChoice>,
    /// `None` = detect from the header line.
    pub delimiter: Option<u8>,
    /// (field position in the spec, choice), from the `columns` option.
    pub columns: Vec<(usize, ColumnOverride)>,
    pub on_invalid_row: InvalidRowPolicy,
    pub limits: Limits,
    /// How `a/b/YYYY` dates are ordered (`dateOrder` of the orders table); `None` = the layout's
    /// or decided from the data.
    pub date_order: Option<crate::dates::DateOrder>,
}

/// A table: its spec, and how one row becomes a typed record.
pub trait Table {
    /// One accepted row, borrowing the row's cells.
    type Row<'r>;
    fn spec(&self) -> &'static TableSpec;
    /// Check one row (field count and blank rows are already checked).
    fn parse<'r>(&self, row: &RowView<'r>) -> Result<Self::Row<'r>, Reject>;
    /// For orders: how line amounts are obtained with this mapping.
    fn amount_source(&self, _mapping: &Mapping) -> Option<&'static str> {
        None
    }
    /// For orders: the row's date as the load reads it (YYYY-MM-DD), for the preview.
    fn preview_date(&self, _row: &RowView<'_>) -> Option<String> {
        None
    }
}

/// One data row, with typed access to the mapped fields.
#[derive(Clone, Copy)]
pub struct RowView<'r> {
    records: &'r Splitter<'r>,
    mapping: &'r Mapping,
    headers: &'r [String],
    spec: &'static TableSpec,
}

impl<'r> RowView<'r> {
    /// The trimmed cell of field `field`, or `None` when the file has no column for it.
    #[inline(always)]
    pub fn get(&self, field: usize) -> Option<&'r [u8]> {
        self.mapping.get(field).map(|i| trim_bytes(self.records.field(i)))
    }

    /// A non-empty cell, or `None` (no column, or blank).
    #[inline]
    pub fn non_empty(&self, field: usize) -> Option<&'r [u8]> {
        self.get(field).filter(|s| !s.is_empty())
    }

    /// The file's header of field `field` (trimmed), for messages.
    pub fn header(&self, field: usize) -> &'r str {
        self.mapping.get(field).map(|i| self.headers[i].trim()).unwrap_or("")
    }

    /// `true` when the field has a column in this file.
    pub fn has(&self, field: usize) -> bool {
        self.mapping.get(field).is_some()
    }

    /// Number of cells of the row.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Cell `i` of the row (trimmed), whatever it is mapped to.
    pub fn cell(&self, i: usize) -> &'r [u8] {
        trim_bytes(self.records.field(i))
    }

    /// "{label} is empty (column "{header}")", with the field's empty code.
    pub fn empty(&self, field: usize) -> Reject {
        let f = &self.spec.fields[field];
        (f.empty, format!("{} is empty (column \"{}\")", f.label, self.header(field)))
    }

    /// A cell that must hold text.
    #[inline]
    pub fn required_text(&self, field: usize) -> Result<&'r [u8], Reject> {
        self.non_empty(field).ok_or_else(|| self.empty(field))
    }

    /// A cell that must hold a date.
    #[inline]
    pub fn required_date(&self, field: usize) -> Result<DateTime, Reject> {
        let text = self.required_text(field)?;
        parse_date_bytes(text).ok_or_else(|| self.bad_date(field, text))
    }

    /// An optional date: `None` when there is no column or the cell is blank.
    pub fn date(&self, field: usize) -> Result<Option<DateTime>, Reject> {
        match self.non_empty(field) {
            None => Ok(None),
            Some(text) => parse_date_bytes(text).map(Some).ok_or_else(|| self.bad_date(field, text)),
        }
    }

    fn bad_date(&self, field: usize, text: &[u8]) -> Reject {
        (
            self.spec.fields[field].bad,
            format!(
                "cannot read the date \"{}\" in column \"{}\"; expected e.g. 2024-03-05, 2024/3/5, 20240305 or 2024年3月5日",
                lossy(text),
                self.header(field)
            ),
        )
    }

    /// An optional number (money, quantities, counts): `None` when there is no column or the
    /// cell is blank.
    #[inline(always)]
    pub fn number(&self, field: usize) -> Result<Option<f64>, Reject> {
        match self.non_empty(field) {
            None => Ok(None),
            Some(text) => number::parse_number_bytes(text).map(Some).ok_or_else(|| self.bad(field, text, "is not a valid number")),
        }
    }

    /// A cell that must hold a number.
    pub fn required_number(&self, field: usize) -> Result<f64, Reject> {
        self.number(field)?.ok_or_else(|| self.empty(field))
    }

    /// "{label} "{value}" in column "{header}" {problem}", with the field's bad code.
    pub fn bad(&self, field: usize, text: &[u8], problem: &str) -> Reject {
        let f = &self.spec.fields[field];
        (f.bad, format!("{} \"{}\" in column \"{}\" {problem}", f.label, lossy(text), self.header(field)))
    }

    fn all_blank(&self) -> bool {
        (0..self.records.len()).all(|i| trim_bytes(self.records.field(i)).is_empty())
    }
}

/// Pick the delimiter that occurs most often (outside quotes) in the header line; `,` wins ties.
pub fn detect_delimiter(text: &[u8]) -> u8 {
    let mut counts = [0usize; 4]; // , \t ; |
    let mut in_quotes = false;
    for &b in text {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' | b'\r' if !in_quotes && counts.iter().any(|&c| c > 0) => break,
            b',' if !in_quotes => counts[0] += 1,
            b'\t' if !in_quotes => counts[1] += 1,
            b';' if !in_quotes => counts[2] += 1,
            b'|' if !in_quotes => counts[3] += 1,
            _ => {}
        }
    }
    let candidates = [b',', b'\t', b';', b'|'];
    let mut best = 0;
    for i in 1..4 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    candidates[best]
}

/// The delimiters the `delimiter` option accepts: (option value, byte).
pub const DELIMITERS: [(&str, u8); 7] = [(",", b','), ("\t", b'\t'), ("tab", b'\t'), ("\\t", b'\t'), (";", b';'), ("|", b'|'), ("auto", 0)];

/// The delimiter as reported (`","`, `"\t"`, …).
pub fn delimiter_name(d: u8) -> String {
    (d as char).to_string()
}

/// Grow the heap once, up front, to about what a load will use (measured on orders: ~1.3× the
/// input for the columns being built and their grouped copies). In wasm every `memory.grow` may
/// make the engine collect garbage, and a load that grows its vectors step by step grows memory
/// dozens of times; freeing one big block leaves it to the allocator for reuse instead.
fn reserve_working_memory(input_len: usize) {
    if cfg!(target_arch = "wasm32") {
        let mut block: Vec<u8> = Vec::new();
        let _ = block.try_reserve_exact(input_len + input_len / 3);
    }
}

/// The cells of one record, trimmed (for [`Source::scan_rows`]).
pub struct Cells<'s, 'a>(&'s Splitter<'a>);

impl Cells<'_, '_> {
    pub fn get(&self, i: usize) -> &[u8] {
        trim_bytes(self.0.field(i))
    }
}

/// A file opened as a table: decoded text, how it was read, and its header mapping.
pub struct Source<'a> {
    pub text: Cow<'a, [u8]>,
    /// `utf-8`, `utf-8-bom`, `shift_jis`, `utf-16le` or `utf-16be`.
    pub encoding: &'static str,
    /// Decoding warnings (invalid bytes replaced, …).
    pub warnings: Vec<Warning>,
    pub delimiter: u8,
    /// Header cells as in the file (a leading BOM removed).
    pub headers: Vec<String>,
    pub mapping: Mapping,
    pub spec: &'static TableSpec,
}

/// Columns a recognised layout assigns, given the file's headers: (field, column).
pub type Defaults<'d> = &'d dyn Fn(&[String]) -> Vec<(usize, usize)>;

/// Steps 1–4, without checking that the required fields were found.
fn open_mapped<'a>(bytes: &'a [u8], spec: &'static TableSpec, options: &ReadOptions, defaults: Defaults<'_>) -> Result<Source<'a>> {
    if bytes.is_empty() {
        return Err(Error::EmptyInput);
    }
    if bytes.len() as u64 > options.limits.max_bytes {
        return Err(Error::TooLarge { what: "the file".into(), limit: options.limits.max_bytes });
    }
    encoding::sniff_binary(bytes)?;
    reserve_working_memory(bytes.len());
    let (text, encoding, warnings) = encoding::decode(bytes, options.encoding.unwrap_or(EncodingChoice::Auto))?;
    if text.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::EmptyInput);
    }
    let delimiter = options.delimiter.unwrap_or_else(|| detect_delimiter(&text));
    let headers = {
        let mut records = Splitter::new(&text, delimiter);
        if records.next_record().is_none() {
            return Err(Error::EmptyInput);
        }
        (0..records.len()).map(|i| String::from_utf8_lossy(records.field(i)).trim_start_matches('\u{FEFF}').to_string()).collect::<Vec<_>>()
    };
    let mapping = header::suggest_mapping(spec, &headers, &options.columns, &defaults(&headers))?;
    Ok(Source { text, encoding, warnings, delimiter, headers, mapping, spec })
}

/// Open a file as a table: sniff, decode, detect the delimiter, read and map the headers.
/// Fails with `MissingColumn` when a required field has no column.
pub fn open<'a>(bytes: &'a [u8], spec: &'static TableSpec, options: &ReadOptions) -> Result<Source<'a>> {
    let source = open_mapped(bytes, spec, options, &|_| Vec::new())?;
    header::check_required(spec, &source.mapping, &source.headers)?;
    Ok(source)
}

/// [`open`] with the columns a recognised layout assigns, and without the required-field check
/// (the caller may still reassign columns from the data, then calls [`Source::check_required`]).
pub fn open_with<'a>(bytes: &'a [u8], spec: &'static TableSpec, options: &ReadOptions, defaults: Defaults<'_>) -> Result<Source<'a>> {
    open_mapped(bytes, spec, options, defaults)
}

/// What reading the rows gave, besides the accepted records.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    /// Data rows read (header and blank lines excluded) = accepted + rejected.
    pub rows: u64,
    pub accepted: u64,
    /// The first [`RejectCounts::KEPT`] rejections in full, in file order.
    pub rejected: Vec<Rejection>,
    /// Every rejection by code (`rows = accepted + rejected_counts.total()`).
    pub rejected_counts: RejectCounts,
}

impl Outcome {
    /// The `rejected_rows` warning, when rows were rejected.
    pub fn rejected_warning(&self) -> Option<Warning> {
        (!self.rejected.is_empty()).then(|| Warning {
            code: "rejected_rows",
            message: format!("{} of {} rows were rejected; see the rejected rows for line numbers and reasons", self.rejected_counts.total(), self.rows),
            line: self.rejected.first().map(|r| r.line),
        })
    }
}

/// Rows per [`read_batch`] call.
const BATCH_ROWS: usize = 2048;

/// How often the progress callback is called (bytes of input between calls).
const PROGRESS_STEP: usize = 1 << 22;

/// Check the row shape, then let the table parse it. A blank row is found only once the parse
/// has failed (every table requires a field, so a blank row always fails — tested in
/// `options::tables`, which knows every table): ordinary rows pay nothing for the check.
#[inline]
fn check_row<'r, T: Table>(table: &T, view: &RowView<'r>, header_len: usize) -> Result<T::Row<'r>, Reject> {
    let n = view.len();
    if n != header_len {
        let extras_blank = n > header_len && (header_len..n).all(|i| view.cell(i).is_empty());
        if !extras_blank {
            if view.all_blank() {
                return Err((RejectCode::EmptyRow, "empty row (all fields are blank)".into()));
            }
            return Err((RejectCode::FieldCount, format!("expected {header_len} fields (as in the header), found {n}")));
        }
    }
    table.parse(view).map_err(|reject| if view.all_blank() { (RejectCode::EmptyRow, "empty row (all fields are blank)".into()) } else { reject })
}

/// What a [`read_batch`] call ended with.
enum Batch {
    /// [`BATCH_ROWS`] rows read; there is more.
    More,
    /// The input is exhausted.
    Done,
    /// The next record reaches the end of the text given and may go on in the next chunk of a
    /// streamed file: it was not read; it starts at this [`Splitter::mark`].
    Held((usize, u64)),
}

/// The columns of a file as the row reader needs them.
#[derive(Clone, Copy)]
struct Layout<'s> {
    mapping: &'s Mapping,
    headers: &'s [String],
    spec: &'static TableSpec,
}

/// Read up to [`BATCH_ROWS`] rows. With `hold_last`, a record that reaches the end of the text
/// is left for the next chunk ([`Batch::Held`]). A separate, repeatedly called function on
/// purpose: wasm engines (V8) first run code in a baseline tier and switch to optimised code
/// only at the next call, so one long loop would run unoptimised for the whole first load.
#[inline(never)]
fn read_batch<T, F>(layout: Layout<'_>, table: &T, records: &mut Splitter<'_>, outcome: &mut Outcome, policy: InvalidRowPolicy, accept: &mut F, hold_last: bool) -> Result<Batch>
where
    T: Table,
    F: for<'r> FnMut(T::Row<'r>, u32) -> Result<(), Reject>,
{
    let header_len = layout.headers.len();
    for _ in 0..BATCH_ROWS {
        let mark = records.mark();
        let Some(line) = records.next_record() else {
            return Ok(Batch::Done);
        };
        if hold_last && records.at_end() {
            return Ok(Batch::Held(mark));
        }
        outcome.rows += 1;
        let line = u32::try_from(line).map_err(|_| Error::TooLarge { what: "the number of lines".into(), limit: u32::MAX as u64 })?;
        // A quote that opened a field and ran over what look like rows (never closed, or closed
        // by a stray quote further down) would merge them into one: reject the line it opened
        // on and read the lines after it as rows of their own. Evidence: the quote runs to the
        // end of the file, or two lines inside it have the header's field count, or one does
        // and the merged row does not read.
        let quoted = records.quoted_newlines();
        let like_rows = if quoted > 0 { records.rows_inside(mark, header_len) } else { 0 };
        let view = RowView { records, mapping: layout.mapping, headers: layout.headers, spec: layout.spec };
        let checked = check_row(table, &view, header_len);
        let swallowed = quoted > 0 && (records.unterminated() || like_rows >= 2 || (like_rows == 1 && checked.is_err()));
        let verdict = if swallowed {
            drop(checked);
            let how = if records.unterminated() { "is never closed".to_string() } else { format!("is closed only on line {}", line as u64 + quoted) };
            let after = records.lines_after_first(mark);
            let reason = format!(
                "a quote opened on this line {how}: the {after} {} after it would be read as one field, so this line is rejected and {} read as {}",
                if after == 1 { "line" } else { "lines" },
                if after == 1 { "it is" } else { "they are" },
                if after == 1 { "a row" } else { "rows" }
            );
            records.resume_after_first_line(mark);
            Err((RejectCode::UnterminatedQuote, reason))
        } else {
            checked.and_then(|row| accept(row, line))
        };
        match verdict {
            Ok(()) => outcome.accepted += 1,
            Err((code, reason)) => {
                if policy == InvalidRowPolicy::Error {
                    return Err(Error::InvalidRow { line, reason });
                }
                outcome.rejected_counts.add(code);
                if outcome.rejected.len() < RejectCounts::KEPT {
                    outcome.rejected.push(Rejection { line, code, reason });
                }
            }
        }
    }
    Ok(Batch::More)
}

impl Outcome {
    /// The end of a read: `NoDataRows` for a header without rows, `NoValidRows` when every row
    /// was rejected.
    fn checked(self) -> Result<Outcome> {
        // Rows of empty fields only (`,,,` as Excel leaves them) are no data either.
        if self.rows == 0 || (self.accepted == 0 && self.rejected_counts.of(RejectCode::EmptyRow) == self.rejected_counts.total()) {
            return Err(Error::NoDataRows);
        }
        if self.accepted == 0 {
            let first = self.rejected.iter().take(3).map(|r| format!("line {}: {}", r.line, r.reason)).collect::<Vec<_>>().join("; ");
            return Err(Error::NoValidRows { rows: self.rows, first });
        }
        Ok(self)
    }
}

impl Source<'_> {
    fn layout(&self) -> Layout<'_> {
        Layout { mapping: &self.mapping, headers: &self.headers, spec: self.spec }
    }

    /// Read every data row: each is parsed by `table` and handed to `accept` (which may still
    /// reject it, e.g. an order id reused by another customer). `progress` receives the fraction
    /// of the text read. Fails with `NoDataRows` for a header without rows and `NoValidRows`
    /// when every row was rejected.
    pub fn read<T, F>(&self, table: &T, policy: InvalidRowPolicy, progress: &mut dyn FnMut(f64), mut accept: F) -> Result<Outcome>
    where
        T: Table,
        F: for<'r> FnMut(T::Row<'r>, u32) -> Result<(), Reject>,
    {
        let mut records = Splitter::new(&self.text, self.delimiter);
        records.next_record(); // the header
        let mut outcome = Outcome::default();
        let mut next_progress = PROGRESS_STEP;
        let total = self.text.len().max(1);
        while let Batch::More = read_batch(self.layout(), table, &mut records, &mut outcome, policy, &mut accept, false)? {
            if records.position() >= next_progress {
                progress(records.position() as f64 / total as f64);
                next_progress = records.position() + PROGRESS_STEP;
            }
        }
        progress(1.0);
        outcome.checked()
    }

    pub fn delimiter_name(&self) -> String {
        delimiter_name(self.delimiter)
    }

    /// The `MissingColumn` error when a required field has no column.
    pub fn check_required(&self) -> Result<()> {
        header::check_required(self.spec, &self.mapping, &self.headers)
    }

    /// The first `max_rows` data records, for decisions made from the data (the cells of
    /// `columns` only, trimmed), with each record's 1-based line.
    pub fn sample(&self, columns: &[usize], max_rows: usize) -> Vec<Vec<Vec<u8>>> {
        let mut records = Splitter::new(&self.text, self.delimiter);
        records.next_record();
        let mut out = Vec::new();
        while out.len() < max_rows {
            if records.next_record().is_none() {
                break;
            }
            out.push(columns.iter().map(|&c| trim_bytes(records.field(c)).to_vec()).collect());
        }
        out
    }

    /// Call `visit` with the first `max_rows` data records (a cell getter) until it returns
    /// `false`. No copies: for decisions made from the first rows.
    pub fn scan_rows(&self, max_rows: usize, visit: &mut dyn FnMut(&Cells<'_, '_>) -> bool) {
        let mut records = Splitter::new(&self.text, self.delimiter);
        records.next_record();
        for _ in 0..max_rows {
            if records.next_record().is_none() {
                break;
            }
            if !visit(&Cells(&records)) {
                break;
            }
        }
    }

    /// Call `visit` with the trimmed cell of `column` in every data record until it returns
    /// `false`.
    pub fn scan_column(&self, column: usize, visit: &mut dyn FnMut(&[u8]) -> bool) {
        let mut records = Splitter::new(&self.text, self.delimiter);
        records.next_record();
        while records.next_record().is_some() {
            if !visit(trim_bytes(records.field(column))) {
                break;
            }
        }
    }
}

/// What [`inspect`] needs of a table, object-safe so that one `inspect` serves every table.
pub trait Preview {
    fn spec(&self) -> &'static TableSpec;
    /// The verdict the reader would give on one row (cross-row checks aside).
    fn verdict(&self, view: &RowView<'_>, header_len: usize) -> Result<(), Reject>;
    fn amount_source(&self, mapping: &Mapping) -> Option<&'static str>;
    fn preview_date(&self, view: &RowView<'_>) -> Option<String>;
}

impl<T: Table> Preview for T {
    fn spec(&self) -> &'static TableSpec {
        Table::spec(self)
    }
    fn verdict(&self, view: &RowView<'_>, header_len: usize) -> Result<(), Reject> {
        check_row(self, view, header_len).map(|_| ())
    }
    fn amount_source(&self, mapping: &Mapping) -> Option<&'static str> {
        Table::amount_source(self, mapping)
    }
    fn preview_date(&self, view: &RowView<'_>) -> Option<String> {
        Table::preview_date(self, view)
    }
}

/// One field of a table, as the column-mapping step shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldInfo {
    /// API name (`customerId`), also the key of the `columns` option.
    pub field: &'static str,
    /// Whether a load needs it (alone or through `satisfiedBy`).
    pub required: bool,
    /// Fields any one of which meets the requirement (`amount` or `unitPrice`); empty when not
    /// required.
    pub satisfied_by: Vec<&'static str>,
    /// The header mapped to it, or null.
    pub column: Option<String>,
    /// Its 0-based position in the file (headers can repeat), or null.
    pub column_index: Option<usize>,
    /// Other headers of the file that this field's names also match (e.g. 注文日 beside 注文日時).
    pub alternatives: Vec<String>,
}

/// One data row of [`Inspection::rows`]: its cells and whether it would load.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PreviewRow {
    pub line: u32,
    pub values: Vec<String>,
    /// `None` when the row would be accepted (or the mapping is incomplete).
    pub code: Option<RejectCode>,
    pub reason: Option<String>,
    /// Orders: the order date as read (YYYY-MM-DD), so a date-order choice shows; else `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// What `inspectCsv` found: everything the column-mapping step of a UI needs.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Inspection {
    /// The table inspected (`orders`, `customers`, `customerSummary`).
    pub table: &'static str,
    /// The export layout recognised (`shopify`, `ec-cube`, …), or `generic`.
    pub format: &'static str,
    pub encoding: &'static str,
    pub delimiter: String,
    pub headers: Vec<String>,
    /// Every field of the table: required or not, what satisfies it, the column it has.
    pub fields: Vec<FieldInfo>,
    pub columns: Vec<ColumnMatch>,
    pub unmapped_headers: Vec<String>,
    /// Required fields without a column (e.g. `customerId`, `orderDate`, `amount`): empty = loadable.
    pub missing: Vec<&'static str>,
    /// The error a load would give for the missing fields (`None` when loadable).
    pub problem: Option<String>,
    pub amount_source: Option<&'static str>,
    pub rows: Vec<PreviewRow>,
    /// Bytes looked at (the sample given, cut at its last complete line when `truncated`).
    pub sample_bytes: u64,
    pub warnings: Vec<Warning>,
    /// Orders: how `a/b/YYYY` dates are read (`ymd`, `mdy`, `dmy`); `None` for other tables.
    pub date_order: Option<&'static str>,
    /// Orders: the currency a load would report, as far as the sample says (`None`: not said).
    pub currency: Option<String>,
}

/// Look at the start of a CSV without loading it: encoding, delimiter, headers, the mapping a
/// load would use (with `options.columns` applied), the table's fields and which are still
/// missing, and the first `max_rows` data rows with the verdict of the row reader on each.
/// `truncated`: the bytes are the beginning of a longer file (e.g. `file.slice(0, 256 KiB)`),
/// so a partial last line is left out.
pub fn inspect(bytes: &[u8], table: &dyn Preview, options: &ReadOptions, max_rows: usize, truncated: bool) -> Result<Inspection> {
    let sample = sample_of(bytes, truncated);
    let source = open_mapped(sample, table.spec(), options, &|_| Vec::new())?;
    Ok(inspect_source(source, table, max_rows, sample.len(), "generic"))
}

/// Columns of personal data in an opened file ([`crate::pii`]): by header, else by the values
/// of its first [`crate::pii::SAMPLE_ROWS`] rows. `hashed`: fields read only as a keyed hash.
pub fn pii_columns(source: &Source<'_>, hashed: &[&str]) -> Vec<crate::pii::PiiColumn> {
    let n = source.headers.len();
    let mut values: Vec<Vec<String>> = vec![Vec::new(); n];
    let mut records = Splitter::new(&source.text, source.delimiter);
    records.next_record();
    for _ in 0..crate::pii::SAMPLE_ROWS {
        if records.next_record().is_none() {
            break;
        }
        for (c, column) in values.iter_mut().enumerate().take(records.len()) {
            column.push(lossy(records.field(c)));
        }
    }
    (0..n)
        .filter_map(|c| {
            let (kind, detected_by) = crate::pii::kind_of_header(&source.headers[c])
                .map(|k| (k, "header"))
                .or_else(|| crate::pii::kind_of_values(values[c].iter().map(String::as_str)).map(|k| (k, "values")))?;
            let field = (0..source.spec.fields.len()).find(|&f| source.mapping.get(f) == Some(c)).map(|f| source.spec.fields[f].name);
            let handling = match field {
                None => "dropped",
                Some(f) if hashed.contains(&f) => "hashed",
                Some(_) => "kept",
            };
            Some(crate::pii::PiiColumn { header: source.headers[c].trim().to_string(), kind, detected_by, handling, field })
        })
        .collect()
}

/// The bytes an inspection looks at: with `truncated`, cut at the last complete line.
pub fn sample_of(bytes: &[u8], truncated: bool) -> &[u8] {
    let mut sample = bytes;
    if truncated {
        if sample.starts_with(&[0xFF, 0xFE]) || sample.starts_with(&[0xFE, 0xFF]) {
            sample = &sample[..sample.len() & !1];
        } else if let Some(end) = sample.iter().rposition(|&b| b == b'\n') {
            sample = &sample[..=end];
        }
    }
    sample
}

/// Other headers that a field's names also match (the mapping step offers them).
fn alternatives(spec: &TableSpec, source: &Source<'_>, field: usize) -> Vec<String> {
    let chosen = source.mapping.get(field);
    let normalized: Vec<String> = source.headers.iter().map(|h| crate::text::normalize_header(h)).collect();
    (0..source.headers.len())
        .filter(|&c| Some(c) != chosen && spec.fields[field].aliases.contains(&normalized[c].as_str()))
        .map(|c| source.headers[c].trim().to_string())
        .collect()
}

/// An inspection of an opened file (its mapping possibly adjusted by the table's own rules).
pub fn inspect_source(source: Source<'_>, table: &dyn Preview, max_rows: usize, sample_bytes: usize, format: &'static str) -> Inspection {
    let spec = table.spec();
    let missing: Vec<&'static str> = header::missing_fields(spec, &source.mapping).iter().map(|&f| spec.fields[f].name).collect();
    let problem = header::check_required(spec, &source.mapping, &source.headers).err().map(|e| e.to_string());
    let loadable = problem.is_none();
    let fields = spec
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| FieldInfo {
            field: f.name,
            required: f.required != Required::No,
            satisfied_by: match f.required {
                Required::No => Vec::new(),
                Required::Yes => vec![f.name],
                Required::Unless(others) => std::iter::once(f.name).chain(others.iter().copied()).collect(),
            },
            column: source.mapping.get(i).map(|c| source.headers[c].trim().to_string()),
            column_index: source.mapping.get(i),
            alternatives: alternatives(spec, &source, i),
        })
        .collect();
    let mut records = Splitter::new(&source.text, source.delimiter);
    records.next_record();
    let mut rows = Vec::new();
    while rows.len() < max_rows {
        let Some(line) = records.next_record() else { break };
        let values = (0..records.len()).map(|i| lossy(records.field(i))).collect();
        let view = RowView { records: &records, mapping: &source.mapping, headers: &source.headers, spec };
        let (code, reason) = match loadable.then(|| table.verdict(&view, source.headers.len())) {
            Some(Err((code, reason))) => (Some(code), Some(reason)),
            _ => (None, None),
        };
        let date = table.preview_date(&view);
        rows.push(PreviewRow { line: u32::try_from(line).unwrap_or(u32::MAX), values, code, reason, date });
    }
    Inspection {
        table: spec.name,
        format,
        encoding: source.encoding,
        delimiter: source.delimiter_name(),
        fields,
        columns: source.mapping.matches.clone(),
        unmapped_headers: source.mapping.unmapped.clone(),
        amount_source: if loadable { table.amount_source(&source.mapping) } else { None },
        headers: source.headers,
        missing,
        problem,
        rows,
        sample_bytes: sample_bytes as u64,
        warnings: source.warnings,
        date_order: None,
        currency: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_detection() {
        assert_eq!(detect_delimiter(b"a,b,c\n1,2,3"), b',');
        assert_eq!(detect_delimiter(b"a\tb\tc\n"), b'\t');
        assert_eq!(detect_delimiter(b"a;b;\"x,y\"\n"), b';');
        assert_eq!(detect_delimiter(b"\"a,b\"\tc\n"), b'\t');
    }
}
