//! Order-line CSV → [`Dataset`], in one pass over the bytes.
//!
//! - Text: [`encoding`] refuses non-CSV files and decodes (UTF-8 borrowed as is; Shift_JIS and
//!   UTF-16 decoded once, up front).
//! - Records: [`split`] (RFC 4180: quoted delimiters, doubled quotes, newlines in quotes,
//!   CR/LF/CRLF; zero-copy, checked against `csv-core`).
//!   Blank lines are skipped and are not rows. Line numbers are 1-based physical lines where a
//!   row starts (the header is line 1).
//! - Rows: each data row is either accepted or rejected with its line and a reason
//!   (`rows = accepted + rejected` always); with `onInvalidRow: 'error'` the first rejection fails.
//! - Fields: [`header`] maps headers to fields; dates by [`crate::dates::parse_date`]; money and
//!   quantities by [`number::parse_number`]. Amount missing → quantity × unit price.

pub mod encoding;
pub mod header;
pub mod number;
pub mod sjis;
pub mod split;

use crate::dataset::{clip, Dataset, DatasetBuilder, LineInput, RejectCode, Rejection, SourceInfo, Warning};
use crate::dates::parse_date_bytes;
use crate::error::{Error, Result};
use encoding::EncodingChoice;
use header::{ColumnOverride, Field, Mapping};
use number::parse_number_bytes;
use split::Splitter as Records;
use serde::{Deserialize, Serialize};

/// One field of the `columns` option: a header name, or `false` for "not in this file".
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum ColumnChoice {
    Header(String),
    Flag(bool),
}

impl From<&str> for ColumnChoice {
    fn from(name: &str) -> Self {
        ColumnChoice::Header(name.to_string())
    }
}

/// `columns` option: header names per field (omitted fields are auto-detected; `false` turns
/// the auto-detection of that field off).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ColumnOptions {
    pub order_id: Option<ColumnChoice>,
    pub customer_id: Option<ColumnChoice>,
    pub order_date: Option<ColumnChoice>,
    pub product_id: Option<ColumnChoice>,
    pub product_name: Option<ColumnChoice>,
    pub category: Option<ColumnChoice>,
    pub quantity: Option<ColumnChoice>,
    pub unit_price: Option<ColumnChoice>,
    pub amount: Option<ColumnChoice>,
}

/// Options of `Dataset.fromCsv` as they arrive from JS (strings), validated by [`CsvOptions::validate`].
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CsvOptionsInput {
    pub encoding: Option<String>,
    pub delimiter: Option<String>,
    pub columns: Option<ColumnOptions>,
    pub on_invalid_row: Option<String>,
}

/// Options of `inspectCsv`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InspectOptionsInput {
    pub encoding: Option<String>,
    pub delimiter: Option<String>,
    pub columns: Option<ColumnOptions>,
    /// Data rows to return (default 10, at most 1,000).
    pub rows: Option<f64>,
    pub truncated: Option<bool>,
}

impl InspectOptionsInput {
    /// The load options, the number of rows and `truncated`.
    pub fn validate(self) -> Result<(CsvOptions, usize, bool)> {
        let rows = match self.rows {
            None => 10,
            Some(n) if n.fract() == 0.0 && (0.0..=1000.0).contains(&n) => n as usize,
            Some(n) => {
                return Err(Error::InvalidOption { option: "rows".into(), message: format!("must be a whole number 0 … 1000, got {n}") })
            }
        };
        let csv = CsvOptionsInput { encoding: self.encoding, delimiter: self.delimiter, columns: self.columns, on_invalid_row: None }
            .validate()?;
        Ok((csv, rows, self.truncated.unwrap_or(false)))
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum InvalidRowPolicy {
    #[default]
    Skip,
    Error,
}

/// Validated ingest options.
#[derive(Clone, Debug, Default)]
pub struct CsvOptions {
    pub encoding: Option<EncodingChoice>,
    /// `None` = detect from the header line.
    pub delimiter: Option<u8>,
    pub columns: Vec<(Field, ColumnOverride)>,
    pub on_invalid_row: InvalidRowPolicy,
}

impl CsvOptionsInput {
    pub fn validate(self) -> Result<CsvOptions> {
        let encoding = self.encoding.as_deref().map(EncodingChoice::parse).transpose()?;
        let delimiter = match self.delimiter.as_deref() {
            None | Some("auto") => None,
            Some(",") => Some(b','),
            Some("\t") | Some("tab") | Some("\\t") => Some(b'\t'),
            Some(";") => Some(b';'),
            Some("|") => Some(b'|'),
            Some(other) => {
                return Err(Error::InvalidOption {
                    option: "delimiter".into(),
                    message: format!("\"{other}\" is not supported; use 'auto', ',', '\\t', ';' or '|'"),
                })
            }
        };
        let on_invalid_row = match self.on_invalid_row.as_deref() {
            None | Some("skip") => InvalidRowPolicy::Skip,
            Some("error") => InvalidRowPolicy::Error,
            Some(other) => {
                return Err(Error::InvalidOption {
                    option: "onInvalidRow".into(),
                    message: format!("\"{other}\" is not supported; use 'skip' or 'error'"),
                })
            }
        };
        let mut columns = Vec::new();
        if let Some(c) = self.columns {
            for (field, value) in [
                (Field::OrderId, c.order_id),
                (Field::CustomerId, c.customer_id),
                (Field::OrderDate, c.order_date),
                (Field::ProductId, c.product_id),
                (Field::ProductName, c.product_name),
                (Field::Category, c.category),
                (Field::Quantity, c.quantity),
                (Field::UnitPrice, c.unit_price),
                (Field::Amount, c.amount),
            ] {
                match value {
                    None => {}
                    Some(ColumnChoice::Header(name)) => columns.push((field, ColumnOverride::Header(name))),
                    Some(ColumnChoice::Flag(false)) => columns.push((field, ColumnOverride::Skip)),
                    Some(ColumnChoice::Flag(true)) => {
                        return Err(Error::InvalidOption {
                            option: format!("columns.{}", field.option_name()),
                            message: "give the header name, or false to leave the field out".into(),
                        })
                    }
                }
            }
        }
        Ok(CsvOptions { encoding, delimiter, columns, on_invalid_row })
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

fn delimiter_name(d: u8) -> String {
    (d as char).to_string()
}

/// Trim ASCII spaces/tabs and the ideographic space (U+3000, common in Japanese exports).
#[inline]
pub fn trim_bytes(mut b: &[u8]) -> &[u8] {
    const IDEOGRAPHIC_SPACE: &[u8] = "\u{3000}".as_bytes();
    loop {
        if let [b' ' | b'\t', rest @ ..] = b {
            b = rest;
        } else if let Some(rest) = b.strip_prefix(IDEOGRAPHIC_SPACE) {
            b = rest;
        } else {
            break;
        }
    }
    loop {
        if let [rest @ .., b' ' | b'\t'] = b {
            b = rest;
        } else if let Some(rest) = b.strip_suffix(IDEOGRAPHIC_SPACE) {
            b = rest;
        } else {
            break;
        }
    }
    b
}

use trim_bytes as trim;

fn lossy(b: &[u8]) -> String {
    clip(&String::from_utf8_lossy(b))
}

struct RowContext<'m> {
    mapping: &'m Mapping,
    headers: &'m [String],
    header_len: usize,
    amount_source: &'static str,
}

impl RowContext<'_> {
    fn header(&self, field: Field) -> &str {
        self.mapping.get(field).map(|i| self.headers[i].trim()).unwrap_or("")
    }
    fn get<'r>(&self, records: &'r Records<'_>, field: Field) -> Option<&'r [u8]> {
        self.mapping.get(field).map(|i| trim(records.field(i)))
    }
}

fn reject(code: RejectCode, reason: String) -> (RejectCode, String) {
    (code, reason)
}

/// Check one record and turn it into a line for the builder.
fn read_row<'r>(ctx: &RowContext<'_>, rec: &'r Records<'_>) -> std::result::Result<LineInput<'r>, (RejectCode, String)> {
    let n = rec.len();
    if n != ctx.header_len {
        let extras_blank = n > ctx.header_len && (ctx.header_len..n).all(|i| trim(rec.field(i)).is_empty());
        if !extras_blank {
            if (0..n).all(|i| trim(rec.field(i)).is_empty()) {
                return Err(reject(RejectCode::EmptyRow, "empty row (all fields are blank)".into()));
            }
            return Err(reject(
                RejectCode::FieldCount,
                format!("expected {} fields (as in the header), found {}", ctx.header_len, n),
            ));
        }
    }
    let customer = ctx.get(rec, Field::CustomerId).unwrap_or(b"");
    if customer.is_empty() {
        if (0..n).all(|i| trim(rec.field(i)).is_empty()) {
            return Err(reject(RejectCode::EmptyRow, "empty row (all fields are blank)".into()));
        }
        return Err(reject(
            RejectCode::MissingCustomer,
            format!("customer id is empty (column \"{}\")", ctx.header(Field::CustomerId)),
        ));
    }
    let date_text = ctx.get(rec, Field::OrderDate).unwrap_or(b"");
    if date_text.is_empty() {
        return Err(reject(RejectCode::MissingDate, format!("order date is empty (column \"{}\")", ctx.header(Field::OrderDate))));
    }
    let date = parse_date_bytes(date_text).ok_or_else(|| {
        reject(
            RejectCode::BadDate,
            format!(
                "cannot read the date \"{}\" in column \"{}\"; expected e.g. 2024-03-05, 2024/3/5, 20240305 or 2024年3月5日",
                lossy(date_text),
                ctx.header(Field::OrderDate)
            ),
        )
    })?;
    let quantity = match ctx.get(rec, Field::Quantity) {
        None | Some(b"") => 1.0,
        Some(q) => parse_number_bytes(q).ok_or_else(|| {
            reject(
                RejectCode::BadQuantity,
                format!("quantity \"{}\" in column \"{}\" is not a valid number", lossy(q), ctx.header(Field::Quantity)),
            )
        })?,
    };
    let from_unit_price = |quantity: f64| -> std::result::Result<f64, (RejectCode, String)> {
        match ctx.get(rec, Field::UnitPrice) {
            None => Err(reject(RejectCode::MissingAmount, format!("amount is empty (column \"{}\")", ctx.header(Field::Amount)))),
            Some(b"") => Err(reject(
                RejectCode::MissingAmount,
                if ctx.mapping.get(Field::Amount).is_some() {
                    format!(
                        "amount (column \"{}\") and unit price (column \"{}\") are both empty",
                        ctx.header(Field::Amount),
                        ctx.header(Field::UnitPrice)
                    )
                } else {
                    format!("unit price is empty (column \"{}\")", ctx.header(Field::UnitPrice))
                },
            )),
            Some(p) => parse_number_bytes(p).map(|p| p * quantity).ok_or_else(|| {
                reject(
                    RejectCode::BadUnitPrice,
                    format!("unit price \"{}\" in column \"{}\" is not a valid number", lossy(p), ctx.header(Field::UnitPrice)),
                )
            }),
        }
    };
    let amount = match ctx.get(rec, Field::Amount) {
        None | Some(b"") => from_unit_price(quantity)?,
        Some(a) => parse_number_bytes(a).ok_or_else(|| {
            reject(RejectCode::BadAmount, format!("amount \"{}\" in column \"{}\" is not a valid number", lossy(a), ctx.header(Field::Amount)))
        })?,
    };
    let _ = ctx.amount_source;
    let nonempty = |f: Option<&'r [u8]>| f.filter(|s| !s.is_empty());
    Ok(LineInput {
        customer,
        order: nonempty(ctx.get(rec, Field::OrderId)),
        day: date.day,
        seconds: date.seconds,
        product: nonempty(ctx.get(rec, Field::ProductId)),
        product_name: nonempty(ctx.get(rec, Field::ProductName)),
        category: nonempty(ctx.get(rec, Field::Category)),
        quantity,
        amount,
    })
}

struct LoadState {
    rejected: Vec<Rejection>,
    rows: u64,
    negative_rows: u64,
    first_negative: Option<u32>,
    done: bool,
}

/// Rows per [`load_batch`] call.
const BATCH_ROWS: usize = 2048;

/// Load up to [`BATCH_ROWS`] rows. A separate, repeatedly called function on purpose: wasm
/// engines (V8) first run code in a baseline tier and switch to optimised code only at the next
/// call, so one long loop would run unoptimised for the whole first load.
#[inline(never)]
fn load_batch(
    ctx: &RowContext<'_>,
    records: &mut Records<'_>,
    builder: &mut DatasetBuilder,
    state: &mut LoadState,
    policy: InvalidRowPolicy,
) -> Result<()> {
    for _ in 0..BATCH_ROWS {
        let Some(line) = records.next_record() else {
            state.done = true;
            return Ok(());
        };
        state.rows += 1;
        let line = u32::try_from(line).map_err(|_| Error::TooLarge { what: "the number of lines", limit: u32::MAX as u64 })?;
        let outcome = read_row(ctx, records).and_then(|row| {
            let negative = row.amount < 0.0;
            builder.push(&row, line).map(|_| negative)
        });
        match outcome {
            Ok(negative) => {
                if negative {
                    state.negative_rows += 1;
                    state.first_negative.get_or_insert(line);
                }
            }
            Err((code, reason)) => {
                if policy == InvalidRowPolicy::Error {
                    return Err(Error::InvalidRow { line, reason });
                }
                state.rejected.push(Rejection { line, code, reason });
            }
        }
    }
    Ok(())
}

/// Grow the heap once, up front, to about what the load will use (measured: ~1.3× the input
/// for the columns being built and their grouped copies). In wasm every `memory.grow` may make
/// the engine collect garbage, and a load that grows its vectors step by step grows memory
/// dozens of times; freeing one big block leaves it to the allocator for reuse instead.
fn reserve_working_memory(input_len: usize) {
    if cfg!(target_arch = "wasm32") {
        let mut block: Vec<u8> = Vec::new();
        let _ = block.try_reserve_exact(input_len + input_len / 3);
    }
}

/// How often the progress callback is called (bytes of input between calls).
const PROGRESS_STEP: usize = 1 << 22;

/// Decoded text, the encoding's name, decoding warnings and the delimiter.
struct Prepared<'a> {
    text: std::borrow::Cow<'a, [u8]>,
    encoding: &'static str,
    warnings: Vec<Warning>,
    delimiter: u8,
}

fn prepare<'a>(bytes: &'a [u8], options: &CsvOptions) -> Result<Prepared<'a>> {
    if bytes.is_empty() {
        return Err(Error::EmptyInput);
    }
    if bytes.len() > u32::MAX as usize {
        return Err(Error::TooLarge { what: "the file", limit: u32::MAX as u64 });
    }
    encoding::sniff_binary(bytes)?;
    reserve_working_memory(bytes.len());
    let (text, encoding, warnings) = encoding::decode(bytes, options.encoding.unwrap_or(EncodingChoice::Auto))?;
    if text.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::EmptyInput);
    }
    let delimiter = options.delimiter.unwrap_or_else(|| detect_delimiter(&text));
    Ok(Prepared { text, encoding, warnings, delimiter })
}

/// Read the header record (the first non-blank line).
fn read_headers(records: &mut Records<'_>) -> Result<Vec<String>> {
    if records.next_record().is_none() {
        return Err(Error::EmptyInput);
    }
    Ok((0..records.len()).map(|i| String::from_utf8_lossy(records.field(i)).trim_start_matches('\u{FEFF}').to_string()).collect())
}

fn amount_source(mapping: &Mapping) -> &'static str {
    if mapping.get(Field::Amount).is_some() {
        "amount"
    } else if mapping.get(Field::Quantity).is_some() {
        "quantity*unitPrice"
    } else {
        "unitPrice"
    }
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
}

/// What `inspectCsv` found: everything the column-mapping step of a UI needs.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Inspection {
    pub encoding: &'static str,
    pub delimiter: String,
    pub headers: Vec<String>,
    pub columns: Vec<crate::dataset::ColumnMatch>,
    pub unmapped_headers: Vec<String>,
    /// Required fields without a column (`customerId`, `orderDate`, `amount`): empty = loadable.
    pub missing: Vec<&'static str>,
    /// The error a load would give for the missing fields (`None` when loadable).
    pub problem: Option<String>,
    pub amount_source: Option<&'static str>,
    pub rows: Vec<PreviewRow>,
    /// Bytes looked at (the sample given, cut at its last complete line when `truncated`).
    pub sample_bytes: u64,
    pub warnings: Vec<Warning>,
}

/// Look at the start of a CSV without loading it: encoding, delimiter, headers, the mapping a
/// load would use (with `options.columns` applied), and the first `max_rows` data rows with the
/// verdict of the row reader on each. `truncated`: the bytes are the beginning of a longer file
/// (e.g. `file.slice(0, 256 KiB)`), so a partial last line is left out.
pub fn inspect(bytes: &[u8], options: &CsvOptions, max_rows: usize, truncated: bool) -> Result<Inspection> {
    let mut sample = bytes;
    if truncated {
        if sample.starts_with(&[0xFF, 0xFE]) || sample.starts_with(&[0xFE, 0xFF]) {
            sample = &sample[..sample.len() & !1];
        } else if let Some(end) = sample.iter().rposition(|&b| b == b'\n') {
            sample = &sample[..=end];
        }
    }
    let prepared = prepare(sample, options)?;
    let mut records = Records::new(&prepared.text, prepared.delimiter);
    let headers = read_headers(&mut records)?;
    let mapping = header::suggest_mapping(&headers, &options.columns)?;
    let missing: Vec<&'static str> = header::missing_fields(&mapping).iter().map(|f| f.option_name()).collect();
    let problem = header::check_required(&mapping, &headers).err().map(|e| e.to_string());
    let loadable = problem.is_none();
    let ctx = RowContext { mapping: &mapping, headers: &headers, header_len: headers.len(), amount_source: amount_source(&mapping) };
    let mut rows = Vec::new();
    while rows.len() < max_rows {
        let Some(line) = records.next_record() else { break };
        let values = (0..records.len()).map(|i| lossy(records.field(i))).collect();
        let (code, reason) = match loadable.then(|| read_row(&ctx, &records)) {
            Some(Err((code, reason))) => (Some(code), Some(reason)),
            _ => (None, None),
        };
        rows.push(PreviewRow { line: u32::try_from(line).unwrap_or(u32::MAX), values, code, reason });
    }
    Ok(Inspection {
        encoding: prepared.encoding,
        delimiter: delimiter_name(prepared.delimiter),
        columns: mapping.matches.clone(),
        unmapped_headers: mapping.unmapped.clone(),
        amount_source: loadable.then(|| amount_source(&mapping)),
        headers,
        missing,
        problem,
        rows,
        sample_bytes: sample.len() as u64,
        warnings: prepared.warnings,
    })
}

/// Load an order-line CSV. `progress` receives the fraction of input read (0..=1).
pub fn from_csv(bytes: &[u8], options: &CsvOptions, progress: &mut dyn FnMut(f64)) -> Result<Dataset> {
    let Prepared { text, encoding: encoding_name, mut warnings, delimiter } = prepare(bytes, options)?;
    let mut records = Records::new(&text, delimiter);
    let headers = read_headers(&mut records)?;
    let mapping = header::map_headers(&headers, &options.columns)?;
    let amount_source = amount_source(&mapping);
    let ctx = RowContext { mapping: &mapping, headers: &headers, header_len: headers.len(), amount_source };

    // ~90 bytes per line in typical exports; reserving avoids most regrowth.
    let mut builder = DatasetBuilder::with_capacity(text.len() / 80);
    let mut state = LoadState { rejected: Vec::new(), rows: 0, negative_rows: 0, first_negative: None, done: false };
    let mut next_progress = PROGRESS_STEP;
    let total = text.len().max(1);
    while !state.done {
        load_batch(&ctx, &mut records, &mut builder, &mut state, options.on_invalid_row)?;
        if records.position() >= next_progress {
            progress(records.position() as f64 / total as f64);
            next_progress = records.position() + PROGRESS_STEP;
        }
    }
    let LoadState { rejected, rows, negative_rows, first_negative, .. } = state;
    progress(1.0);
    if rows == 0 {
        return Err(Error::NoDataRows);
    }
    if builder.lines() == 0 {
        let first = rejected.iter().take(3).map(|r| format!("line {}: {}", r.line, r.reason)).collect::<Vec<_>>().join("; ");
        return Err(Error::NoValidRows { rows, first });
    }
    if negative_rows > 0 {
        warnings.push(Warning {
            code: "negative_amounts",
            message: format!("{negative_rows} {} negative amounts: kept as returns and subtracted from revenue", if negative_rows == 1 { "row has" } else { "rows have" }),
            line: first_negative,
        });
    }
    if !rejected.is_empty() {
        warnings.push(Warning {
            code: "rejected_rows",
            message: format!("{} of {} rows were rejected; see the rejected rows for line numbers and reasons", rejected.len(), rows),
            line: rejected.first().map(|r| r.line),
        });
    }
    let source = SourceInfo {
        kind: "csv",
        bytes: bytes.len() as u64,
        encoding: encoding_name,
        delimiter: delimiter_name(delimiter),
        columns: mapping.matches.clone(),
        unmapped_headers: mapping.unmapped.clone(),
        amount_source,
    };
    Ok(builder.finish(rows, rejected, warnings, source))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Dataset> {
        from_csv(text.as_bytes(), &CsvOptions::default(), &mut |_| {})
    }

    #[test]
    fn line_numbers_with_blank_lines_crlf_and_quoted_newlines() {
        let csv = "customer_id,order_date,amount,note\r\n\
                   A,2024-01-01,100,x\r\n\
                   \r\n\
                   B,bad,100,x\r\n\
                   C,2024-01-02,100,\"multi\nline\nnote\"\r\n\
                   D,2024-01-03,zzz,x\r\n\
                   E,2024-01-04,5,\"a,b\"\"c\"\n\
                   F,2024-01-05,7,x";
        let ds = load(csv).unwrap();
        assert_eq!(ds.rows, 6);
        let lines: Vec<u32> = ds.rejected.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![4, 8]);
        assert_eq!(ds.rejected[0].code, RejectCode::BadDate);
        assert_eq!(ds.rejected[1].code, RejectCode::BadAmount);
        assert_eq!(ds.lines(), 4);
    }

    #[test]
    fn delimiter_detection() {
        assert_eq!(detect_delimiter(b"a,b,c\n1,2,3"), b',');
        assert_eq!(detect_delimiter(b"a\tb\tc\n"), b'\t');
        assert_eq!(detect_delimiter(b"a;b;\"x,y\"\n"), b';');
        assert_eq!(detect_delimiter(b"\"a,b\"\tc\n"), b'\t');
    }

    #[test]
    fn amount_from_quantity_and_unit_price() {
        let ds = load("会員ID,注文日,数量,単価\nA,2024/1/1,3,\"1,200\"\nA,2024/1/1,,500\n").unwrap();
        assert_eq!(ds.source.amount_source, "quantity*unitPrice");
        assert_eq!(ds.order_amount, vec![4100.0]);
    }

    #[test]
    fn error_policy_names_the_line() {
        let opts = CsvOptions { on_invalid_row: InvalidRowPolicy::Error, ..Default::default() };
        let err = from_csv(b"customer_id,order_date,amount\nA,2024-01-01,1\nB,2024-02-30,1\n", &opts, &mut |_| {}).unwrap_err();
        assert_eq!(err.line(), Some(3));
        assert!(err.to_string().starts_with("line 3: cannot read the date \"2024-02-30\""), "{err}");
    }

    #[test]
    fn header_only_and_all_bad() {
        assert_eq!(load("customer_id,order_date,amount\n").unwrap_err(), Error::NoDataRows);
        assert_eq!(load("\n\r\n").unwrap_err(), Error::EmptyInput);
        let err = load("customer_id,order_date,amount\nA,x,1\n").unwrap_err();
        assert!(matches!(err, Error::NoValidRows { rows: 1, .. }), "{err}");
    }

    #[test]
    fn trailing_empty_fields_and_empty_rows() {
        let ds = load("customer_id,order_date,amount\nA,2024-01-01,1,,\n,,\nB,2024-01-01\n").unwrap();
        assert_eq!(ds.rows, 3);
        assert_eq!(ds.rejected.iter().map(|r| (r.line, r.code)).collect::<Vec<_>>(), vec![(3, RejectCode::EmptyRow), (4, RejectCode::FieldCount)]);
    }
}
