//! The JS boundary — the only module that knows about JavaScript. Every call does the same
//! four things: JS options → [`Value`] ([`js::to_value`]) → strict serde input and `check()`
//! ([`crate::options`]) → the analysis on validated params → the result out (small parts through
//! serde-wasm-bindgen, bulk columns as typed arrays, bytes as `Uint8Array`). Every failure
//! becomes a JS `Error` with a `code` (and `line` / `option` where known) in [`into_js_error`].
//! Nothing here panics on input. The module compiles on every target, so `cargo check`,
//! clippy and the host tests see it; its exports only run in a wasm host.

mod js;
#[cfg(all(test, target_arch = "wasm32"))]
mod tests;

use crate::error::Error;
use crate::options::{self, Value};
use crate::report::{Column, Columns};
use js_sys::{Function, Reflect};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::convert::TryFromJsValue;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = include_str!("types.d.ts");

// Option objects as named TS types. Taken as `Option<…>` so the parameters are optional in the
// generated `.d.ts` (`options?: FromCsvOptions`).
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(typescript_type = "FromCsvOptions")]
    pub type FromCsvOptionsArg;
    #[wasm_bindgen(typescript_type = "InspectCsvOptions")]
    pub type InspectCsvOptionsArg;
    #[wasm_bindgen(typescript_type = "SyntheticOptions")]
    pub type SyntheticOptionsArg;
    #[wasm_bindgen(typescript_type = "RfmOptions")]
    pub type RfmOptionsArg;
    #[wasm_bindgen(typescript_type = "DecileOptions")]
    pub type DecileOptionsArg;
    #[wasm_bindgen(typescript_type = "CpmOptions")]
    pub type CpmOptionsArg;
    #[wasm_bindgen(typescript_type = "RepeatOptions")]
    pub type RepeatOptionsArg;
    #[wasm_bindgen(typescript_type = "string | SegmentSelector")]
    pub type SegmentSelectorArg;
    #[wasm_bindgen(typescript_type = "Bytes | CsvReader")]
    pub type TableSourceArg;
    #[wasm_bindgen(typescript_type = "AddCustomersOptions")]
    pub type AddCustomersOptionsArg;
    #[wasm_bindgen(typescript_type = "CrosstabOptions")]
    pub type CrosstabOptionsArg;
    #[wasm_bindgen(typescript_type = "CohortOptions")]
    pub type CohortOptionsArg;
    #[wasm_bindgen(typescript_type = "RecommendOptions")]
    pub type RecommendOptionsArg;
    #[wasm_bindgen(typescript_type = "SimilarItemsOptions")]
    pub type SimilarItemsOptionsArg;
    #[wasm_bindgen(typescript_type = "BoughtTogetherOptions")]
    pub type BoughtTogetherOptionsArg;
    #[wasm_bindgen(typescript_type = "EvaluateOptions")]
    pub type EvaluateOptionsArg;
    #[wasm_bindgen(typescript_type = "ClvOptions")]
    pub type ClvOptionsArg;
    #[wasm_bindgen(typescript_type = "ClvSummaryOptions")]
    pub type ClvSummaryOptionsArg;
    #[wasm_bindgen(typescript_type = "AddMessagesOptions")]
    pub type AddMessagesOptionsArg;
    #[wasm_bindgen(typescript_type = "CampaignsOptions")]
    pub type CampaignsOptionsArg;
    #[wasm_bindgen(typescript_type = "CompareVariantsOptions")]
    pub type CompareVariantsOptionsArg;
    #[wasm_bindgen(typescript_type = "CampaignFactorsOptions")]
    pub type CampaignFactorsOptionsArg;
    #[wasm_bindgen(typescript_type = "SendTimesOptions")]
    pub type SendTimesOptionsArg;
    #[wasm_bindgen(typescript_type = "FatigueOptions")]
    pub type FatigueOptionsArg;
    #[wasm_bindgen(typescript_type = "StepMailsOptions")]
    pub type StepMailsOptionsArg;
    #[wasm_bindgen(typescript_type = "CampaignMembersOptions")]
    pub type CampaignMembersOptionsArg;
    #[wasm_bindgen(typescript_type = "MembersSelector")]
    pub type MembersSelectorArg;
    #[wasm_bindgen(typescript_type = "ProductsOptions")]
    pub type ProductsOptionsArg;
    #[wasm_bindgen(typescript_type = "SeasonalityOptions")]
    pub type SeasonalityOptionsArg;
    #[wasm_bindgen(typescript_type = "EntryProductsOptions")]
    pub type EntryProductsOptionsArg;
    #[wasm_bindgen(typescript_type = "NextProductsOptions")]
    pub type NextProductsOptionsArg;
    #[wasm_bindgen(typescript_type = "ReplenishmentOptions")]
    pub type ReplenishmentOptionsArg;
    #[wasm_bindgen(typescript_type = "DueToReorderOptions")]
    pub type DueToReorderOptionsArg;
    #[wasm_bindgen(typescript_type = "PseudonymizeOptions")]
    pub type PseudonymizeOptionsArg;
    #[wasm_bindgen(typescript_type = "AuditReportOptions")]
    pub type AuditReportOptionsArg;
}

/// Convert a crmkit error into a JS `Error` carrying `code`, `line` and `option`.
fn into_js_error(e: Error) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    err.set_name("CrmkitError");
    let set = |key: &str, value: JsValue| {
        let _ = Reflect::set(&err, &JsValue::from_str(key), &value);
    };
    set("code", JsValue::from_str(e.code()));
    if let Some(line) = e.line() {
        set("line", JsValue::from_f64(line as f64));
    }
    if let Some(option) = e.option() {
        set("option", JsValue::from_str(&option));
    }
    if let Some(argument) = e.argument() {
        set("argument", JsValue::from_str(argument));
    }
    let params = js_sys::Object::new();
    for (key, value) in e.params() {
        let _ = Reflect::set(&params, &JsValue::from_str(key), &JsValue::from_str(&value));
    }
    set("params", params.into());
    err.into()
}

type JsResult<T> = Result<T, JsValue>;

fn js<T>(result: crate::Result<T>) -> JsResult<T> {
    result.map_err(into_js_error)
}

/// An optional options argument as a [`Value`] (`undefined` → `None`).
fn value_of<T: Into<JsValue>>(arg: Option<T>) -> Option<Value> {
    arg.map(Into::into).and_then(|v| js::to_value(&v))
}

/// Read and check an options argument.
fn read<T: DeserializeOwned + Default>(arg: Option<Value>, method: &str) -> JsResult<T> {
    js(options::read(arg.as_ref(), method))
}

/// A small result through serde; a failure here is a bug, never the caller's.
fn to_js<T: Serialize>(value: &T) -> JsResult<JsValue> {
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_missing_as_null(true).serialize_maps_as_objects(true);
    value.serialize(&serializer).map_err(|e| into_js_error(Error::Internal { message: format!("could not convert the result: {e}") }))
}

fn typed_array(column: Column<'_>) -> JsValue {
    match column {
        Column::F64(v) => js_sys::Float64Array::from(v).into(),
        Column::U32(v) => js_sys::Uint32Array::from(v).into(),
        Column::U16(v) => js_sys::Uint16Array::from(v).into(),
        Column::U8(v) => js_sys::Uint8Array::from(v).into(),
    }
}

/// Set the result's bulk columns as typed-array properties of `object`.
fn attach(object: &JsValue, result: &impl Columns) -> JsResult<()> {
    for (key, column) in result.columns() {
        Reflect::set(object, &JsValue::from_str(key), &typed_array(column))?;
    }
    Ok(())
}

/// A result: serde for the small part, typed arrays for the columns.
fn with_columns<T: Serialize + Columns>(result: &T) -> JsResult<JsValue> {
    let object = to_js(result)?;
    attach(&object, result)?;
    Ok(object)
}

/// Take the callback `key` out of an options object (the option reader checks that it is a
/// function; the function itself is called from here).
fn callback(options: &JsValue, key: &str) -> Option<Function> {
    if !options.is_object() {
        return None;
    }
    Reflect::get(options, &JsValue::from_str(key)).ok().and_then(|f| f.dyn_into::<Function>().ok())
}

/// Largest file a call takes (line numbers and offsets are 32-bit).
const MAX_BYTES: f64 = u32::MAX as f64;

/// Above this, `fromCsv` reads the caller's bytes in chunks as `CsvReader` with options does,
/// instead of copying them whole into wasm memory first: a whole 2.5 GB copy plus the Dataset
/// would not fit WebAssembly's 4 GiB.
const WHOLE_LOAD_BYTES: f64 = (1u64 << 30) as f64;

/// The bytes a caller passed (`Uint8Array`, `Buffer`, `ArrayBuffer`, `DataView`), checked for
/// type and size before anything is copied.
fn bytes_of(value: &JsValue, method: &'static str, argument: &'static str) -> JsResult<js_sys::Uint8Array> {
    sized(js::bytes_view(value).map_err(|message| into_js_error(Error::InvalidArgument { method, argument, message }))?)
}

/// `view`, or `TOO_LARGE` past the largest file a call takes.
fn sized(view: js_sys::Uint8Array) -> JsResult<js_sys::Uint8Array> {
    if byte_length(&view) > MAX_BYTES {
        return Err(into_js_error(Error::TooLarge { what: format!("the file ({} bytes)", byte_length(&view)).into(), limit: u32::MAX as u64 }));
    }
    Ok(view)
}

/// A view's length as JS sees it (`length()` is a u32 that would wrap past 4 GiB).
fn byte_length(view: &js_sys::Uint8Array) -> f64 {
    Reflect::get(view, &JsValue::from_str("length")).ok().and_then(|n| n.as_f64()).unwrap_or(0.0)
}

/// Append `view[start..end]` to `out`, reserving first (a failed reservation is `TOO_LARGE`).
fn copy_into(out: &mut Vec<u8>, view: &js_sys::Uint8Array, start: u32, end: u32) -> JsResult<()> {
    let n = (end - start) as usize;
    reserve(out, n)?;
    let len = out.len();
    // Copied straight into the reserved space (no zeroing pass over a file-sized buffer first).
    view.subarray(start, end).copy_to_uninit(&mut out.spare_capacity_mut()[..n]);
    // SAFETY: `copy_to_uninit` initialised exactly these `n` bytes after `len`.
    unsafe { out.set_len(len + n) };
    Ok(())
}

fn to_bytes(view: &js_sys::Uint8Array) -> JsResult<Vec<u8>> {
    let mut out = Vec::new();
    copy_into(&mut out, view, 0, byte_length(view) as u32)?;
    Ok(out)
}

/// The bytes of a table source: bytes (see [`bytes_of`]), or a `CsvReader` (used up: its bytes
/// are moved, not copied, whether or not the table is then read).
fn source_bytes(source: &JsValue, method: &'static str) -> JsResult<Vec<u8>> {
    let not_bytes = match js::bytes_view(source) {
        Ok(view) => return to_bytes(&sized(view)?),
        Err(message) => message,
    };
    if let Some(reader) = CsvReader::try_from_js_value_ref(source) {
        if reader.orders.is_some() {
            return Err(into_js_error(Error::InvalidOption {
                option: method.into(),
                message: "this CsvReader was opened with order options and has read its chunks as orders; open one without options (new CsvReader(size)) for this table".into(),
            }));
        }
        return Ok(reader.buffer);
    }
    Err(into_js_error(Error::InvalidArgument { method, argument: "source", message: format!("expected the file's bytes (Uint8Array, ArrayBuffer, DataView) or a CsvReader; {not_bytes}") }))
}

/// `fromCsv` of bytes too large to copy whole: read in chunks as a `CsvReader` with options.
fn load_in_chunks(view: &js_sys::Uint8Array, options: JsValue) -> JsResult<JsDataset> {
    let input: options::tables::FromCsvInput = read(js::to_value(&options), "fromCsv")?;
    let read_options = js(input.check("fromCsv"))?;
    let total = byte_length(view);
    let mut reading = OrderReading {
        stream: crate::ingest::OrderStream::new(read_options, Some(total as usize)),
        progress: callback(&options, "onProgress"),
        expected: Some(total),
        next_report: PROGRESS_BYTES,
        method: "fromCsv",
        options: js::to_value(&options),
    };
    let mut chunk = Vec::new();
    let mut start = 0u32;
    while (start as f64) < total {
        let end = (start as u64 + CHUNK_BYTES).min(total as u64) as u32;
        chunk.clear();
        copy_into(&mut chunk, view, start, end)?;
        reading.push(&chunk)?;
        start = end;
    }
    reading.finish()
}

/// Chunk of the caller's bytes `fromCsv` copies at a time above [`WHOLE_LOAD_BYTES`].
const CHUNK_BYTES: u64 = 1 << 24;

/// `fromCsv` and `CsvReader.finish`: options checked, progress reported.
fn load_csv(bytes: &[u8], options: JsValue, method: &str) -> JsResult<JsDataset> {
    let input: options::tables::FromCsvInput = read(js::to_value(&options), method)?;
    let read_options = js(input.check(method))?;
    let progress = callback(&options, "onProgress");
    let mut callback_error: Option<JsValue> = None;
    let mut report = |fraction: f64| {
        if let (Some(f), None) = (&progress, &callback_error) {
            if let Err(e) = f.call1(&JsValue::NULL, &JsValue::from_f64(fraction)) {
                callback_error = Some(e);
            }
        }
    };
    let result = crate::ingest::load(bytes, &read_options, &mut report);
    if let Some(e) = callback_error {
        return Err(e);
    }
    js(result).map(|inner| JsDataset::new(inner, method, js::to_value(&options).as_ref()))
}

/// Look at the start of a CSV without loading it — the column-mapping step of a UI: detected
/// encoding and delimiter, the headers, the table's fields (required or not, what satisfies
/// them, the column each has), the mapping a load would use (after `options.columns`), the
/// required fields still missing, and the first rows (10 by default) with the reason each would
/// be rejected. `table`: `'orders'` (default), `'customers'` or `'customerSummary'`. Pass
/// `truncated: true` with the first bytes of a large file (`file.slice(0, 1 << 18)`).
#[wasm_bindgen(js_name = inspectCsv, unchecked_return_type = "CsvInspection")]
pub fn inspect_csv(#[wasm_bindgen(unchecked_param_type = "Bytes")] bytes: JsValue, options: Option<InspectCsvOptionsArg>) -> JsResult<JsValue> {
    use options::tables::{InspectCsvInput, TableKind};
    let view = bytes_of(&bytes, "inspectCsv", "bytes")?;
    let input: InspectCsvInput = read(value_of(options), "inspectCsv")?;
    let p = js(input.check("inspectCsv"))?;
    let bytes = &to_bytes(&view)?[..];
    let inspection = match p.table {
        TableKind::Orders => crate::ingest::inspect(bytes, &p.read, p.rows, p.truncated),
        TableKind::Customers => crate::table::inspect(bytes, &crate::attributes::Customers, &p.read, p.rows, p.truncated),
        TableKind::CustomerSummary => crate::table::inspect(bytes, &crate::clv::summary_table::CustomerSummary, &p.read, p.rows, p.truncated),
        TableKind::Messages => crate::campaigns::log::inspect(bytes, &p.read, p.rows, p.truncated),
    };
    to_js(&js(inspection)?)
}

/// Read a CSV in chunks (e.g. from `File.stream()`): the bytes go straight into WebAssembly
/// memory, so JavaScript never holds the whole file. With `options` (those of `fromCsv`), the
/// chunks are read as an order file as they arrive — decoded, split and added to the dataset —
/// so the file is not held whole in wasm memory either; `finish()` then returns the Dataset.
/// Without options the bytes are kept until `finish(options)` loads them as orders, or the
/// reader is passed to `addCustomers` / `addMessages` / `Clv.fromSummary` instead of bytes.
#[wasm_bindgen]
pub struct CsvReader {
    buffer: Vec<u8>,
    /// Set when the reader was opened with order options: the rows read so far.
    orders: Option<OrderReading>,
    /// The chunk being read as orders, copied here from JS (reused from push to push).
    chunk: Vec<u8>,
}

struct OrderReading {
    stream: crate::ingest::OrderStream,
    progress: Option<Function>,
    expected: Option<f64>,
    next_report: u64,
    /// For the audit record of the load.
    method: &'static str,
    options: Option<Value>,
}

#[wasm_bindgen]
impl CsvReader {
    /// `expectedBytes` (e.g. `file.size`) reserves the memory once instead of growing it (and
    /// is the denominator of `onProgress`). `options`: read the chunks as an order file now.
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(js_name = expectedBytes)] expected_bytes: Option<f64>, options: Option<FromCsvOptionsArg>) -> JsResult<CsvReader> {
        let mut buffer = Vec::new();
        if let Some(n) = expected_bytes {
            if !(n.is_finite() && n >= 0.0) {
                return Err(into_js_error(Error::InvalidOption { option: "expectedBytes".into(), message: format!("must be a byte count (>= 0), got {n}") }));
            }
            if n > u32::MAX as f64 {
                return Err(into_js_error(Error::TooLarge { what: "the file".into(), limit: u32::MAX as u64 }));
            }
        }
        let orders = match options.map(JsValue::from) {
            Some(options) if !options.is_undefined() => {
                let input: options::tables::FromCsvInput = read(js::to_value(&options), "CsvReader")?;
                let read_options = js(input.check("CsvReader"))?;
                let stream = crate::ingest::OrderStream::new(read_options, expected_bytes.map(|n| n as usize));
                Some(OrderReading {
                    stream,
                    progress: callback(&options, "onProgress"),
                    expected: expected_bytes,
                    next_report: PROGRESS_BYTES,
                    method: "CsvReader",
                    options: js::to_value(&options),
                })
            }
            _ => {
                if let Some(n) = expected_bytes {
                    reserve(&mut buffer, n as usize)?;
                }
                None
            }
        };
        Ok(CsvReader { buffer, orders, chunk: Vec::new() })
    }

    /// Append the next chunk of the file (read as orders at once when the reader has options).
    pub fn push(&mut self, #[wasm_bindgen(unchecked_param_type = "Bytes")] chunk: JsValue) -> JsResult<()> {
        let view = bytes_of(&chunk, "CsvReader.push", "chunk")?;
        let n = byte_length(&view);
        if self.bytes_read() + n > MAX_BYTES {
            return Err(into_js_error(Error::TooLarge { what: format!("the file ({} bytes so far)", self.bytes_read() + n).into(), limit: u32::MAX as u64 }));
        }
        if let Some(reading) = &mut self.orders {
            self.chunk.clear();
            copy_into(&mut self.chunk, &view, 0, n as u32)?;
            return reading.push(&self.chunk);
        }
        copy_into(&mut self.buffer, &view, 0, n as u32)
    }

    /// Bytes received so far.
    #[wasm_bindgen(getter, js_name = bytesRead)]
    pub fn bytes_read(&self) -> f64 {
        match &self.orders {
            Some(reading) => reading.stream.bytes() as f64,
            None => self.buffer.len() as f64,
        }
    }

    /// The Dataset. A reader opened with options takes none here; otherwise load what was
    /// pushed as an order CSV with the options of `Dataset.fromCsv`. The reader is used up
    /// either way.
    pub fn finish(self, options: Option<FromCsvOptionsArg>) -> JsResult<JsDataset> {
        let options = options.map(JsValue::from).unwrap_or(JsValue::UNDEFINED);
        match self.orders {
            Some(reading) => {
                if !options.is_undefined() {
                    return Err(into_js_error(Error::InvalidOption {
                        option: "finish".into(),
                        message: "this CsvReader was opened with options (new CsvReader(size, options)); call finish() without options".into(),
                    }));
                }
                reading.finish()
            }
            None => load_csv(&self.buffer, options, "finish"),
        }
    }
}

impl OrderReading {
    fn push(&mut self, bytes: &[u8]) -> JsResult<()> {
        js(self.stream.push(bytes))?;
        let read = self.stream.bytes();
        if let (Some(f), Some(total)) = (&self.progress, self.expected) {
            if read >= self.next_report {
                self.next_report = read + PROGRESS_BYTES;
                f.call1(&JsValue::NULL, &JsValue::from_f64((read as f64 / total.max(1.0)).min(1.0)))?;
            }
        }
        Ok(())
    }

    fn finish(self) -> JsResult<JsDataset> {
        let inner = js(self.stream.finish())?;
        if let Some(f) = &self.progress {
            f.call1(&JsValue::NULL, &JsValue::from_f64(1.0))?;
        }
        Ok(JsDataset::new(inner, self.method, self.options.as_ref()))
    }
}

/// Bytes between two `onProgress` calls of a `CsvReader` opened with options.
const PROGRESS_BYTES: u64 = 1 << 22;

/// Room for `additional` more bytes: the usual doubling, or, when a doubled copy no longer fits
/// (a 1.1 GB buffer doubling to 2.2 GB beside itself), exactly what is needed — the allocator can
/// often grow the last block in place.
fn reserve(buffer: &mut Vec<u8>, additional: usize) -> JsResult<()> {
    let bytes = (buffer.len() + additional) as u64;
    buffer.try_reserve(additional).or_else(|_| buffer.try_reserve_exact(additional)).map_err(|_| into_js_error(Error::OutOfMemory { bytes }))
}

/// A loaded order history. Load once (`fromCsv` or `synthetic`), then run any number of analyses;
/// the data stays inside WebAssembly memory. Call `free()` when done with it.
#[wasm_bindgen(js_name = Dataset)]
pub struct JsDataset {
    inner: crate::Dataset,
    /// Every analysis call with its options, for `auditReport`.
    log: std::cell::RefCell<Vec<crate::audit::AnalysisRecord>>,
}

impl JsDataset {
    fn new(inner: crate::Dataset, method: &str, options: Option<&Value>) -> JsDataset {
        let ds = JsDataset { inner, log: Default::default() };
        ds.record(method, options);
        ds
    }

    fn record(&self, method: &str, options: Option<&Value>) {
        // Salts are secrets: the report says one was given, never which.
        let redacted = options.map(|v| match v {
            Value::Object(pairs) => Value::Object(
                pairs.iter().map(|(k, x)| (k.clone(), if k == "salt" || k == "guestSalt" { Value::str("(given; not recorded)") } else { x.clone() })).collect(),
            ),
            other => other.clone(),
        });
        let options = redacted.as_ref().map_or_else(|| "{}".to_string(), Value::to_json);
        let at = js_sys::Date::new_0().to_iso_string().as_string().unwrap_or_default();
        if let Ok(mut log) = self.log.try_borrow_mut() {
            log.push(crate::audit::AnalysisRecord { method: method.to_string(), options, at });
        }
    }

    /// Read and check a method's options, and record the call for the audit report.
    /// A `members` selector: an object with a `kind`.
    fn members_input(&self, selector: MembersSelectorArg, method: &str) -> JsResult<options::members::MembersInput> {
        match value_of(Some(selector)) {
            Some(v @ Value::Object(_)) => self.logged(Some(v), method),
            other => {
                let got = other.map_or_else(|| "undefined".to_string(), |v| v.describe());
                Err(into_js_error(Error::InvalidOption {
                    option: method.into(),
                    message: format!("give a selector such as {{ kind: 'rfmSegment', segment: 'champions' }}, got {got}"),
                }))
            }
        }
    }

    fn logged<T: DeserializeOwned + Default>(&self, arg: Option<Value>, method: &str) -> JsResult<T> {
        let read = js(options::read(arg.as_ref(), method))?;
        self.record(method, arg.as_ref());
        Ok(read)
    }
}

#[wasm_bindgen(js_class = Dataset)]
impl JsDataset {
    /// Load an order-line CSV (one row per order line) from its bytes.
    ///
    /// Encodings UTF-8 (with or without BOM), Shift_JIS/CP932 and UTF-16 (with BOM) are detected;
    /// `,` `\t` `;` `|` delimiters are detected; English and Japanese headers are mapped to fields
    /// (see `summary().source.columns`). Rows that cannot be read are reported in
    /// `summary().rejected` with their line number and reason (or thrown with
    /// `onInvalidRow: 'error'`). Throws an `Error` with a `code` for files that cannot be read.
    #[wasm_bindgen(js_name = fromCsv)]
    pub fn from_csv(#[wasm_bindgen(unchecked_param_type = "Bytes")] bytes: JsValue, options: Option<FromCsvOptionsArg>) -> JsResult<JsDataset> {
        let view = bytes_of(&bytes, "fromCsv", "bytes")?;
        let options = options.map(Into::into).unwrap_or(JsValue::UNDEFINED);
        if byte_length(&view) > WHOLE_LOAD_BYTES {
            return load_in_chunks(&view, options);
        }
        load_csv(&to_bytes(&view)?, options, "fromCsv")
    }

    /// Realistic, deterministic demo data: a Japanese D2C shop's order history 2023-01 … 2025-12
    /// (many one-time buyers, a loyal tail, seasonality, Zipf product popularity, returns).
    pub fn synthetic(options: Option<SyntheticOptionsArg>) -> JsResult<JsDataset> {
        let value = value_of(options);
        let input: options::synthetic::SyntheticInput = read(value.clone(), "synthetic")?;
        let messages = input.messages.unwrap_or(false);
        let synthetic = js(input.check())?;
        let mut inner = js(crate::synthetic::synthetic(&synthetic))?;
        if messages {
            let csv = crate::campaigns::synthetic::messages_csv(&inner, synthetic.seed);
            js(crate::campaigns::log::add_messages(&mut inner, &csv, &Default::default()))?;
        }
        Ok(JsDataset::new(inner, "synthetic", value.as_ref()))
    }

    /// The synthetic message log (a campaign every two weeks, A/B subjects, a control group,
    /// LINE, a welcome scenario; effects planted, see the README) of `Dataset.synthetic` with the
    /// same options, as a message CSV for `addMessages`.
    #[wasm_bindgen(js_name = syntheticMessagesCsv)]
    pub fn synthetic_messages_csv(options: Option<SyntheticOptionsArg>) -> JsResult<Vec<u8>> {
        let input: options::synthetic::SyntheticInput = read(value_of(options), "syntheticMessagesCsv")?;
        let synthetic = js(input.check())?;
        let ds = js(crate::synthetic::synthetic(&synthetic))?;
        Ok(crate::campaigns::synthetic::messages_csv(&ds, synthetic.seed))
    }

    /// The same synthetic data as an order-line CSV (UTF-8 with BOM), e.g. to try `fromCsv` or
    /// another tool on identical input.
    #[wasm_bindgen(js_name = syntheticCsv)]
    pub fn synthetic_csv(options: Option<SyntheticOptionsArg>) -> JsResult<Vec<u8>> {
        let input: options::synthetic::SyntheticInput = read(value_of(options), "syntheticCsv")?;
        js(js(crate::synthetic::generate(&js(input.check())?))?.try_to_csv())
    }

    /// What was read (rows, rejected rows, source mapping, warnings) and the headline KPIs with a
    /// per-month breakdown (revenue = customers × orders per customer × AOV).
    #[wasm_bindgen(unchecked_return_type = "Summary")]
    pub fn summary(&self) -> JsResult<JsValue> {
        to_js(&crate::summary::summary(&self.inner))
    }

    /// The rejected rows as CSV bytes (UTF-8 with BOM): `line,code,reason` — the first 10,000 in
    /// full; `summary().rowsRejected` and `rejectedByReason` count every one.
    #[wasm_bindgen(js_name = rejectedCsv)]
    pub fn rejected_csv(&self) -> Vec<u8> {
        crate::export::rejected_csv(&self.inner)
    }

    /// Customer ids as in the file, by customer index: `customerIds()[i]` is the customer of
    /// element `i` of every per-customer array (`rfm().segment`, `deciles().decile`, …).
    #[wasm_bindgen(js_name = customerIds, unchecked_return_type = "string[]")]
    pub fn customer_ids(&self) -> js_sys::Array {
        self.inner.customer_ids.iter().map(|id| JsValue::from_str(&self.inner.export_id(id))).collect()
    }

    /// RFM scores and named segments. R = days since the last purchase (as of `asOf`),
    /// F = purchase orders, M = net spend; quantile scores equal `pandas.qcut(x, bins,
    /// duplicates='drop')`, or fixed thresholds. Per-customer results are typed arrays indexed
    /// by customer index (see `customerIds()`).
    #[wasm_bindgen(unchecked_return_type = "RfmResult")]
    pub fn rfm(&self, options: Option<RfmOptionsArg>) -> JsResult<JsValue> {
        let input: options::segments::RfmInput = self.logged(value_of(options), "rfm")?;
        with_columns(&js(crate::segments::rfm::rfm(&self.inner, &js(input.check(""))?))?)
    }

    /// Decile analysis (デシル分析): customers ranked by net spend in the window, 10 equal-count
    /// groups (decile 1 = top) with customers, revenue, share, cumulative share, orders, AOV.
    #[wasm_bindgen(unchecked_return_type = "DecileResult")]
    pub fn deciles(&self, options: Option<DecileOptionsArg>) -> JsResult<JsValue> {
        let input: options::segments::DecileInput = self.logged(value_of(options), "deciles")?;
        with_columns(&js(crate::segments::decile::deciles(&self.inner, &js(input.check(""))?))?)
    }

    /// CPM (顧客ポートフォリオ・マネジメント): 10 groups by purchases, tenure, spend and lapse, as of
    /// `asOf`, with month-end snapshots and month-to-month flows.
    #[wasm_bindgen(unchecked_return_type = "CpmResult")]
    pub fn cpm(&self, options: Option<CpmOptionsArg>) -> JsResult<JsValue> {
        let input: options::segments::CpmInput = self.logged(value_of(options), "cpm")?;
        with_columns(&js(crate::segments::cpm::cpm(&self.inner, &js(input.check(""))?))?)
    }

    /// Repeat purchase and F2転換率: repeat rate, F(n)→F(n+1), F2 within day windows (fully observed
    /// windows only), by first-purchase month, and days from the 1st to the 2nd purchase.
    #[wasm_bindgen(unchecked_return_type = "RepeatResult")]
    pub fn repeat(&self, options: Option<RepeatOptionsArg>) -> JsResult<JsValue> {
        let input: options::segments::RepeatInput = self.logged(value_of(options), "repeat")?;
        to_js(&js(crate::segments::repeat::repeat(&self.inner, &js(input.check())?))?)
    }

    /// Target list for the mail / LINE tool: the customers of an RFM segment (a string: key such
    /// as 'at_risk' or display name such as '離脱危機'), or of a selection by RFM segment, CPM group
    /// and decile (combined with AND), as CSV bytes (UTF-8 with BOM) with their metrics.
    #[wasm_bindgen(js_name = segmentMembers)]
    pub fn segment_members(&self, selector: SegmentSelectorArg) -> JsResult<Vec<u8>> {
        use options::segments::MembersInput;
        let selector = js::to_value(&selector.into());
        let input = match selector {
            Some(Value::String(name)) => MembersInput { rfm_segment: Some(options::OneOrMany::One(name)), ..Default::default() },
            Some(v @ Value::Object(_)) => js(options::read_value(&v, "segmentMembers"))?,
            other => {
                let got = other.map_or_else(|| "undefined".to_string(), |v| v.describe());
                return Err(into_js_error(Error::InvalidOption {
                    option: "segmentMembers".into(),
                    message: format!("give a segment key ('at_risk') or a selector such as {{ rfmSegment, cpmGroup, decile }}, got {got}"),
                }));
            }
        };
        js(crate::segments::members::segment_members(&self.inner, &js(input.check())?)).map(|(csv, _)| csv)
    }

    /// Drill to list: the customers behind one cell of any analysis — `{ kind: 'rfmSegment',
    /// segment }`, `'decile'`, `'cpmGroup'`, `'cohortCell'` (`cohort`, `period`, `group?`),
    /// `'crosstabCell'` (`row`, `col`, `crosstab`), `'riskBand'` / `'aliveBand'` (`band`) — with
    /// the analysis's options as used for its table. Every id, and the first `limit` customers
    /// with R/F/M, first/last purchase, segment, CPM group, decile, CLV and P(alive).
    #[wasm_bindgen(unchecked_return_type = "MembersResult")]
    pub fn members(&self, selector: MembersSelectorArg) -> JsResult<JsValue> {
        let input = self.members_input(selector, "members")?;
        to_js(&js(crate::members::members(&self.inner, &js(input.check())?))?)
    }

    /// The list of `members(selector)` as CSV bytes (UTF-8 with BOM) for the mail / LINE tool:
    /// every customer, in the same order, with `clv` and `p_alive` after `segmentMembers`' columns.
    #[wasm_bindgen(js_name = membersCsv)]
    pub fn members_csv(&self, selector: MembersSelectorArg) -> JsResult<Vec<u8>> {
        let input = self.members_input(selector, "membersCsv")?;
        js(crate::members::members_csv(&self.inner, &js(input.check())?))
    }

    /// Join a customer table (customer id + attributes such as gender/性別, birth date/生年月日 or
    /// age/年齢, prefecture/都道府県, signup date/会員登録日, channel/流入経路, any other column) for
    /// `crosstab` and cohort groups. `source`: the file's bytes or a `CsvReader`. Customers
    /// missing from the table get `unknown`; replaces earlier attributes.
    #[wasm_bindgen(js_name = addCustomers, unchecked_return_type = "AddCustomersReport")]
    pub fn add_customers(&mut self, source: TableSourceArg, options: Option<AddCustomersOptionsArg>) -> JsResult<JsValue> {
        let input: options::tables::AddCustomersInput = self.logged(value_of(options), "addCustomers")?;
        let params = js(input.check("addCustomers"))?;
        let bytes = source_bytes(&source.into(), "addCustomers")?;
        to_js(&js(crate::attributes::add_customers(&mut self.inner, &bytes, &params))?)
    }

    /// Customers, revenue or AOV by two dimensions: attributes from `addCustomers`, `rfmSegment`,
    /// `cpmGroup` or `decile` (e.g. `{ rows: 'ageBand', cols: 'rfmSegment' }`).
    #[wasm_bindgen(unchecked_return_type = "CrosstabResult")]
    pub fn crosstab(&self, options: CrosstabOptionsArg) -> JsResult<JsValue> {
        let value = js::to_value(&options.into()).unwrap_or(Value::Null);
        let input: options::segments::CrosstabInput = match value {
            Value::Object(_) => js(options::read_value(&value, "crosstab"))?,
            other => {
                return Err(into_js_error(Error::InvalidOption {
                    option: "crosstab".into(),
                    message: format!("options must be a plain object such as {{ rows: 'ageBand', cols: 'rfmSegment' }}; got {}", other.describe()),
                }))
            }
        };
        to_js(&js(crate::crosstab::crosstab(&self.inner, &js(input.check())?))?)
    }

    /// Cohort retention / LTV curves: cohorts by first-purchase period, cells per period since,
    /// `values` and `rates` as row-major `Float64Array` (NaN = not observed yet), the weighted
    /// average curve, optional groups (入口商品, category, attribute, RFM segment), and the
    /// distribution of days between purchases.
    #[wasm_bindgen(unchecked_return_type = "CohortResult")]
    pub fn cohorts(&self, options: Option<CohortOptionsArg>) -> JsResult<JsValue> {
        let input: options::cohorts::CohortInput = self.logged(value_of(options), "cohorts")?;
        let r = js(crate::cohort::cohorts(&self.inner, &js(input.check())?))?;
        let object = to_js(&r)?;
        attach(&object, &r.overall)?;
        let groups = Reflect::get(&object, &JsValue::from_str("groups"))?;
        for (i, group) in r.groups.iter().enumerate() {
            attach(&Reflect::get(&groups, &JsValue::from_f64(i as f64))?, group)?;
        }
        Ok(object)
    }

    /// Product ids by product index (the index of `itemIndex` in recommendation results).
    #[wasm_bindgen(js_name = productIds, unchecked_return_type = "string[]")]
    pub fn product_ids(&self) -> js_sys::Array {
        self.inner.product_ids.iter().map(JsValue::from_str).collect()
    }

    /// Product names by product index ('' when the file had none).
    #[wasm_bindgen(js_name = productNames, unchecked_return_type = "string[]")]
    pub fn product_names(&self) -> js_sys::Array {
        self.inner.product_names.iter().map(|n| JsValue::from_str(n)).collect()
    }

    /// Item-item recommendations (SAR-style) for every customer (or `customers`): top-k rows as
    /// typed arrays (`customerIndex`, `itemIndex`, `score`, `rank`, `popularity` flag).
    #[wasm_bindgen(unchecked_return_type = "RecommendResult")]
    pub fn recommend(&self, options: Option<RecommendOptionsArg>) -> JsResult<JsValue> {
        let input: options::recommend::RecommendInput = self.logged(value_of(options), "recommend")?;
        with_columns(&js(crate::recommend::recommend(&self.inner, &js(input.check())?))?)
    }

    /// Recommendations as CSV (UTF-8 with BOM): customer_id, rank, product_id, product_name, score, source.
    #[wasm_bindgen(js_name = recommendationsCsv)]
    pub fn recommendations_csv(&self, options: Option<RecommendOptionsArg>) -> JsResult<Vec<u8>> {
        let input: options::recommend::RecommendInput = self.logged(value_of(options), "recommendationsCsv")?;
        let r = js(crate::recommend::recommend(&self.inner, &js(input.check())?))?;
        Ok(crate::recommend::recommendations_csv(&self.inner, &r))
    }

    /// The k items most similar to a product (by product id), with similarity and co-occurrence count.
    #[wasm_bindgen(js_name = similarItems, unchecked_return_type = "SimilarItem[]")]
    pub fn similar_items(
        &self,
        #[wasm_bindgen(js_name = productId, unchecked_param_type = "string")] product_id: JsValue,
        k: Option<f64>,
        options: Option<SimilarItemsOptionsArg>,
    ) -> JsResult<JsValue> {
        let product_id = match js::to_value(&product_id) {
            Some(Value::String(s)) => s,
            other => {
                let got = other.map_or_else(|| "undefined".to_string(), |v| v.describe());
                return Err(into_js_error(Error::InvalidOption { option: "productId".into(), message: format!("give a product id (a string), got {got}") }));
            }
        };
        let input: options::recommend::SimilarItemsInput = self.logged(value_of(options), "similarItems")?;
        let (params, k) = js(input.check(k))?;
        let rows = js(crate::recommend::similar_items(&self.inner, &product_id, k, &params))?;
        let ds = &self.inner;
        let list: Vec<SimilarItemRow> = rows
            .iter()
            .map(|&(j, s, c)| SimilarItemRow { product_id: ds.product_ids.get(j), name: &ds.product_names[j as usize], similarity: s, together: c })
            .collect();
        to_js(&list)
    }

    /// 併売分析: "bought together" rules A → B over orders with support, confidence and lift.
    #[wasm_bindgen(js_name = boughtTogether, unchecked_return_type = "BoughtTogetherResult")]
    pub fn bought_together(&self, options: Option<BoughtTogetherOptionsArg>) -> JsResult<JsValue> {
        let input: options::recommend::RulesInput = self.logged(value_of(options), "boughtTogether")?;
        let (rules, orders) = js(crate::recommend::rules::bought_together(&self.inner, &js(input.check())?))?;
        let ds = &self.inner;
        let rows: Vec<RuleRow> = rules
            .iter()
            .map(|r| RuleRow {
                antecedent: ds.product_ids.get(r.antecedent),
                antecedent_name: &ds.product_names[r.antecedent as usize],
                consequent: ds.product_ids.get(r.consequent),
                consequent_name: &ds.product_names[r.consequent as usize],
                orders: r.orders,
                support: r.support,
                confidence: r.confidence,
                lift: r.lift,
            })
            .collect();
        to_js(&BoughtTogether { orders, rules: rows })
    }

    /// Offline evaluation (leave-last-order-out or a time split): hit, precision, recall, NDCG,
    /// MAP at k and catalogue coverage, for the item-item model and the popularity baseline.
    #[wasm_bindgen(js_name = evaluateRecommendations, unchecked_return_type = "Evaluation")]
    pub fn evaluate_recommendations(&self, options: Option<EvaluateOptionsArg>) -> JsResult<JsValue> {
        let input: options::recommend::EvaluateInput = self.logged(value_of(options), "evaluateRecommendations")?;
        to_js(&js(crate::recommend::evaluate::evaluate(&self.inner, &js(input.check())?))?)
    }

    /// CLV and churn: BG/NBD + Gamma-Gamma fitted by maximum likelihood on the calibration period;
    /// per customer (typed arrays by customer index) frequency/recency/T/monetary (BTYD
    /// definitions), P(alive), expected purchases, expected order value, discounted CLV and churn
    /// risk (P(no purchase in 90 days)); risk bands; calibration/holdout comparison; with
    /// `holdoutDays`, a model check refitted with the last days held out.
    #[wasm_bindgen(unchecked_return_type = "ClvResult")]
    pub fn clv(&self, options: Option<ClvOptionsArg>) -> JsResult<JsValue> {
        let input: options::clv::ClvInput = self.logged(value_of(options), "clv")?;
        with_columns(&js(crate::clv::clv(&self.inner, &js(input.check())?))?)
    }

    /// Join a message log (e-mail, LINE, SMS, push, DM): one row per message sent, or one row per
    /// event (sent / delivered / open / click / bounce / unsubscribe / spam / block), from a
    /// generic CSV or a mail tool's export (SendGrid, Mailchimp, Klaviyo, Braze, Synergy!).
    /// Replaces an earlier log. Reports what was read: messages, recipients, outcomes, rejected rows.
    #[wasm_bindgen(js_name = addMessages, unchecked_return_type = "AddMessagesReport")]
    pub fn add_messages(&mut self, source: TableSourceArg, options: Option<AddMessagesOptionsArg>) -> JsResult<JsValue> {
        self.read_messages(source, options, "addMessages")
    }

    /// `addMessages` under the name of the first design (the same method).
    #[wasm_bindgen(js_name = addEvents, unchecked_return_type = "AddMessagesReport")]
    pub fn add_events(&mut self, source: TableSourceArg, options: Option<AddMessagesOptionsArg>) -> JsResult<JsValue> {
        self.read_messages(source, options, "addEvents")
    }

    fn read_messages(&mut self, source: TableSourceArg, options: Option<AddMessagesOptionsArg>, method: &'static str) -> JsResult<JsValue> {
        let input: options::campaigns::AddMessagesInput = read(value_of(options), method)?;
        let params = js(input.check(method))?;
        let bytes = source_bytes(&source.into(), method)?;
        to_js(&js(crate::campaigns::log::add_messages(&mut self.inner, &bytes, &params))?)
    }

    /// The report of the message log loaded (what `addMessages` returned; for
    /// `Dataset.synthetic({ messages: true })`, its log's), or `null` without one.
    #[wasm_bindgen(js_name = messagesReport, unchecked_return_type = "AddMessagesReport | null")]
    pub fn messages_report(&self) -> JsResult<JsValue> {
        match &self.inner.messages {
            Some(log) => to_js(&log.report),
            None => Ok(JsValue::NULL),
        }
    }

    /// Campaign rates per group (campaign, channel, variant, subject, send hour, weekday, RFM
    /// segment, CPM group, decile, attribute): recipients, delivered, open / click / click-to-open
    /// / conversion rates with Wilson intervals, revenue per recipient, unsubscribe / block / spam
    /// rates. Conversions by last touch within `attributionDays` of the send, open or click.
    #[wasm_bindgen(unchecked_return_type = "CampaignsResult")]
    pub fn campaigns(&self, options: Option<CampaignsOptionsArg>) -> JsResult<JsValue> {
        let input: options::campaigns::CampaignsInput = self.logged(value_of(options), "campaigns")?;
        to_js(&js(crate::campaigns::rates::campaigns(&self.inner, &js(input.check())?))?)
    }

    /// A/B and holdout test of a campaign: each variant vs the control group (or `baseline`), with
    /// z-tests, Wald and Newcombe intervals, Welch's t on revenue per recipient, Holm-adjusted
    /// p-values, incremental conversions and revenue, and a verdict in Japanese and English.
    #[wasm_bindgen(js_name = compareVariants, unchecked_return_type = "CompareVariantsResult")]
    pub fn compare_variants(&self, options: CompareVariantsOptionsArg) -> JsResult<JsValue> {
        let value = js::to_value(&options.into()).unwrap_or(Value::Null);
        let input: options::campaigns::CompareVariantsInput = match value {
            Value::Object(_) => js(options::read_value(&value, "compareVariants"))?,
            other => {
                return Err(into_js_error(Error::InvalidOption {
                    option: "compareVariants".into(),
                    message: format!("options must be a plain object such as {{ campaign: 'spring_sale' }}; got {}", other.describe()),
                }))
            }
        };
        to_js(&js(crate::campaigns::compare::compare_variants(&self.inner, &js(input.check())?))?)
    }

    /// Why a campaign worked: each factor (variant, send-hour band, segment, …) crude and
    /// stratified by the others (Mantel–Haenszel), which effects survive, which are the mix of
    /// the others, Simpson's-paradox flags, the per-stratum tables and a verdict.
    #[wasm_bindgen(js_name = campaignFactors, unchecked_return_type = "CampaignFactorsResult")]
    pub fn campaign_factors(&self, options: Option<CampaignFactorsOptionsArg>) -> JsResult<JsValue> {
        let input: options::campaigns::CampaignFactorsInput = self.logged(value_of(options), "campaignFactors")?;
        to_js(&js(crate::campaigns::factors::campaign_factors(&self.inner, &js(input.check())?))?)
    }

    /// Opens and conversions by send hour × weekday (heatmap cells with counts; sparse cells marked).
    #[wasm_bindgen(js_name = sendTimes, unchecked_return_type = "SendTimesResult")]
    pub fn send_times(&self, options: Option<SendTimesOptionsArg>) -> JsResult<JsValue> {
        let input: options::campaigns::SendTimesInput = self.logged(value_of(options), "sendTimes")?;
        to_js(&js(crate::campaigns::timing::send_times(&self.inner, &js(input.check())?))?)
    }

    /// Unsubscribe, block and spam rates by the messages received in the previous `windowDays`,
    /// and by channel.
    #[wasm_bindgen(unchecked_return_type = "FatigueResult")]
    pub fn fatigue(&self, options: Option<FatigueOptionsArg>) -> JsResult<JsValue> {
        let input: options::campaigns::FatigueInput = self.logged(value_of(options), "fatigue")?;
        to_js(&js(crate::campaigns::timing::fatigue(&self.inner, &js(input.check())?))?)
    }

    /// A step-mail scenario (ステップメール): each step's opens, clicks and conversions, and the F2
    /// rate of first-time buyers who received it vs those who did not.
    #[wasm_bindgen(js_name = stepMails, unchecked_return_type = "StepMailsResult")]
    pub fn step_mails(&self, options: StepMailsOptionsArg) -> JsResult<JsValue> {
        let input: options::campaigns::StepMailsInput = self.logged(value_of(Some(options)), "stepMails")?;
        to_js(&js(crate::campaigns::steps::step_mails(&self.inner, &js(input.check())?))?)
    }

    /// The customers behind a campaign cell as the target-list CSV (UTF-8 with BOM):
    /// `{ campaigns, status: 'notOpened' | 'converted' | …, group: { variant: 'B' } }`.
    #[wasm_bindgen(js_name = campaignMembers)]
    pub fn campaign_members(&self, selector: Option<CampaignMembersOptionsArg>) -> JsResult<Vec<u8>> {
        let input: options::campaigns::CampaignMembersInput = self.logged(value_of(selector), "campaignMembers")?;
        js(crate::campaigns::members::campaign_members(&self.inner, &js(input.check())?)).map(|(csv, _)| csv)
    }

    /// ABC / Pareto per product or category: revenue, units, orders, buyers, repeat buyers, share,
    /// cumulative share and class (docs/products.md §1).
    #[wasm_bindgen(unchecked_return_type = "ProductsResult")]
    pub fn products(&self, options: Option<ProductsOptionsArg>) -> JsResult<JsValue> {
        let input: options::products::ProductsInput = self.logged(value_of(options), "products")?;
        to_js(&js(crate::products::abc::products(&self.inner, &js(input.check())?))?)
    }

    /// Revenue, units and buyers by month (with YoY), weekday or hour × the top items.
    #[wasm_bindgen(unchecked_return_type = "SeasonalityResult")]
    pub fn seasonality(&self, options: Option<SeasonalityOptionsArg>) -> JsResult<JsValue> {
        let input: options::products::SeasonalityInput = self.logged(value_of(options), "seasonality")?;
        to_js(&js(crate::products::season::seasonality(&self.inner, &js(input.check())?))?)
    }

    /// 入口商品: per first-order item, new customers, F2 per window with Wilson intervals (ranked by
    /// the lower bound), 12-month revenue per customer and the share now in the top segments.
    #[wasm_bindgen(js_name = entryProducts, unchecked_return_type = "EntryProductsResult")]
    pub fn entry_products(&self, options: Option<EntryProductsOptionsArg>) -> JsResult<JsValue> {
        let input: options::products::EntryInput = self.logged(value_of(options), "entryProducts")?;
        to_js(&js(crate::products::entry::entry_products(&self.inner, &js(input.check())?))?)
    }

    /// What the next order brings: 1st → 2nd (or any consecutive) purchase transitions with count,
    /// share, base rate and lift.
    #[wasm_bindgen(js_name = nextProducts, unchecked_return_type = "NextProductsResult")]
    pub fn next_products(&self, options: Option<NextProductsOptionsArg>) -> JsResult<JsValue> {
        let input: options::products::NextInput = self.logged(value_of(options), "nextProducts")?;
        to_js(&js(crate::products::entry::next_products(&self.inner, &js(input.check())?))?)
    }

    /// Days between a customer's purchases of the same item: the distribution per item.
    #[wasm_bindgen(unchecked_return_type = "ReplenishmentResult")]
    pub fn replenishment(&self, options: Option<ReplenishmentOptionsArg>) -> JsResult<JsValue> {
        let input: options::products::ReplenishmentInput = self.logged(value_of(options), "replenishment")?;
        to_js(&js(crate::products::reorder::replenishment(&self.inner, &js(input.check())?))?)
    }

    /// Customers due to buy an item again (last purchase + its median interval) in the next
    /// `window` days or overdue by at most `overdue` days.
    #[wasm_bindgen(js_name = dueToReorder, unchecked_return_type = "DueToReorderResult")]
    pub fn due_to_reorder(&self, options: Option<DueToReorderOptionsArg>) -> JsResult<JsValue> {
        let input: options::products::DueInput = self.logged(value_of(options), "dueToReorder")?;
        to_js(&js(crate::products::reorder::due_to_reorder(&self.inner, &js(input.check())?))?)
    }

    /// The due-to-reorder list as the target-list CSV (UTF-8 with BOM) for the mail / LINE tool.
    #[wasm_bindgen(js_name = dueToReorderCsv)]
    pub fn due_to_reorder_csv(&self, options: Option<DueToReorderOptionsArg>) -> JsResult<Vec<u8>> {
        let input: options::products::DueInput = self.logged(value_of(options), "dueToReorderCsv")?;
        js(crate::products::reorder::due_to_reorder(&self.inner, &js(input.check())?)).map(|r| crate::products::reorder::due_csv(&r))
    }

    /// From now on, every export writes customer ids (and message recipients) as pseudonyms:
    /// `p` + 16 hex digits of HMAC-SHA-256(salt, id) — target lists, recommendation and
    /// due-to-reorder lists, campaign members, `customerIds()`; `rejectedCsv()` leaves out the
    /// reasons (they quote cells). `salt` (≥ 16 characters) gives the same pseudonyms each time;
    /// without it a fresh random salt is made. Returns the salt: keep it to re-identify.
    #[wasm_bindgen(unchecked_return_type = "PseudonymizeResult")]
    pub fn pseudonymize(&mut self, options: Option<PseudonymizeOptionsArg>) -> JsResult<JsValue> {
        let input: options::tables::PseudonymizeInput = self.logged(value_of(options), "pseudonymize")?;
        let pseudonyms = js(input.check())?;
        let salt = pseudonyms.salt().to_string();
        self.inner.pseudonyms = Some(pseudonyms);
        to_js(&PseudonymizeResult { salt, scheme: "p + the first 16 hex digits of HMAC-SHA-256(key = salt, message = id)" })
    }

    /// The audit report: input (size, `inputSha256` if you give it, encoding, delimiter, layout),
    /// header → field mapping, personal-data columns and their handling, rows read / accepted /
    /// rejected by reason with the first rejected lines, exclusions, warnings, every analysis run
    /// on this Dataset with its options (salts redacted), the crmkit version, the time, and the
    /// statement that no network request was made. `auditReportMarkdown` renders the same.
    #[wasm_bindgen(js_name = auditReport, unchecked_return_type = "AuditReport")]
    pub fn audit_report(&self, options: Option<AuditReportOptionsArg>) -> JsResult<JsValue> {
        to_js(&self.audit(options, "auditReport")?)
    }

    /// `auditReport` as Markdown (headings and tables), to save or print.
    #[wasm_bindgen(js_name = auditReportMarkdown)]
    pub fn audit_report_markdown(&self, options: Option<AuditReportOptionsArg>) -> JsResult<String> {
        Ok(crate::audit::markdown(&self.audit(options, "auditReportMarkdown")?))
    }

    fn audit(&self, options: Option<AuditReportOptionsArg>, method: &str) -> JsResult<crate::audit::AuditReport> {
        let input: options::tables::AuditReportInput = read(value_of(options), method)?;
        let sha256 = js(input.check())?;
        let analyses = self.log.try_borrow().map(|log| log.clone()).unwrap_or_default();
        let generated_at = js_sys::Date::new_0().to_iso_string().as_string().unwrap_or_default();
        Ok(crate::audit::audit_report(&self.inner, crate::audit::AuditInput { input_sha256: sha256, generated_at, analyses }))
    }

    /// Number of customers (ids are dense indices 0 … customers−1 in every per-customer result).
    #[wasm_bindgen(getter, js_name = customerCount)]
    pub fn customer_count(&self) -> u32 {
        self.inner.customers() as u32
    }

    /// Whether a message log was added (`addMessages`, or `Dataset.synthetic({ messages: true })`).
    #[wasm_bindgen(getter, js_name = hasMessages)]
    pub fn has_messages(&self) -> bool {
        self.inner.messages.is_some()
    }

    /// Bytes held by this Dataset in WebAssembly memory (the message log included).
    #[wasm_bindgen(js_name = memoryBytes)]
    pub fn memory_bytes(&self) -> f64 {
        self.inner.memory_bytes() as f64
    }
}

/// A summary-level dataset (warehouse mode): crmkit's intermediate tables computed in a
/// warehouse by the templates of `sql/`, read here instead of the order lines. The analyses that
/// need only those tables run on it unchanged; so far the `customers` table, for `rfm` and
/// `deciles` as of the table's date. Call `free()` when done with it.
#[wasm_bindgen]
pub struct SummaryDataset {
    inner: crate::summaries::Summaries,
}

/// The tables `fromSummaries` reads so far, and those still to come.
const SUMMARY_TABLES: [&str; 1] = ["customers"];
const SUMMARY_TABLES_LATER: [&str; 3] = ["cohorts", "cooccurrence", "products"];

#[wasm_bindgen(js_class = Dataset)]
impl JsDataset {
    /// A summary-level dataset from warehouse tables: `{ customers }`, the output of
    /// `sql/customers.*.sql` as CSV bytes or a `CsvReader`.
    #[wasm_bindgen(js_name = fromSummaries)]
    pub fn from_summaries(#[wasm_bindgen(unchecked_param_type = "SummaryTables")] tables: JsValue) -> JsResult<SummaryDataset> {
        const METHOD: &str = "fromSummaries";
        if !tables.is_object() || js::bytes_view(&tables).is_ok() || js_sys::Array::is_array(&tables) || CsvReader::try_from_js_value_ref(&tables).is_some() {
            return Err(into_js_error(Error::InvalidArgument { method: METHOD, argument: "tables", message: "expected an object of tables, e.g. { customers: bytes }".into() }));
        }
        let keys = js_sys::Object::keys(tables.unchecked_ref::<js_sys::Object>());
        for key in keys.iter() {
            let key = key.as_string().unwrap_or_default();
            if !SUMMARY_TABLES.contains(&key.as_str()) {
                let message = if SUMMARY_TABLES_LATER.contains(&key.as_str()) {
                    format!("the {key} table is not read yet: so far only customers")
                } else {
                    format!("unknown table \"{key}\"; known options: {}", SUMMARY_TABLES.join(", "))
                };
                return Err(into_js_error(Error::InvalidOption { option: format!("{METHOD}.{key}"), message }));
            }
        }
        let customers = Reflect::get(&tables, &JsValue::from_str("customers"))?;
        if customers.is_undefined() {
            return Err(into_js_error(Error::InvalidOption { option: format!("{METHOD}.customers"), message: "the customers table is needed (sql/customers.*.sql as CSV)".into() }));
        }
        let bytes = source_bytes(&customers, METHOD)?;
        let inner = js(crate::summaries::read_customers(&bytes, &crate::table::ReadOptions::default()))?;
        Ok(SummaryDataset { inner })
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SummaryTotals<'a> {
    rows: u64,
    rows_accepted: u64,
    rows_rejected: u64,
    rejected: &'a [crate::report::Rejection],
    customers: u64,
    purchasers: u64,
    revenue: f64,
    as_of: String,
}

#[wasm_bindgen]
impl SummaryDataset {
    /// What was read (rows, rejected rows) and the totals of the customers table.
    #[wasm_bindgen(unchecked_return_type = "SummaryTotals")]
    pub fn summary(&self) -> JsResult<JsValue> {
        let s = &self.inner;
        let accepted = s.ids.len() as u64;
        to_js(&SummaryTotals {
            rows: s.rows,
            rows_accepted: accepted,
            rows_rejected: s.rows.saturating_sub(accepted),
            rejected: &s.rejected,
            customers: accepted,
            purchasers: s.stats.purchases.iter().filter(|&&p| p > 0).count() as u64,
            revenue: s.money.sum(s.stats.monetary.iter().copied()),
            as_of: crate::dates::format_date(s.as_of),
        })
    }

    /// Customer ids by customer index (the index of every per-customer array).
    #[wasm_bindgen(js_name = customerIds, unchecked_return_type = "string[]")]
    pub fn customer_ids(&self) -> js_sys::Array {
        self.inner.ids.iter().map(|id| JsValue::from_str(id)).collect()
    }

    #[wasm_bindgen(getter, js_name = customerCount)]
    pub fn customer_count(&self) -> u32 {
        self.inner.ids.len() as u32
    }

    /// `Dataset.rfm` on the customers table, as of its date (another `asOf` is INVALID_OPTION).
    #[wasm_bindgen(unchecked_return_type = "RfmResult")]
    pub fn rfm(&self, options: Option<RfmOptionsArg>) -> JsResult<JsValue> {
        let input: options::segments::RfmInput = read(value_of(options), "rfm")?;
        with_columns(&js(self.inner.rfm(&js(input.check(""))?))?)
    }

    /// `Dataset.deciles` on the customers table: all history before its date (`periodDays` and
    /// another `asOf` need the order lines: INVALID_OPTION).
    #[wasm_bindgen(unchecked_return_type = "DecileResult")]
    pub fn deciles(&self, options: Option<DecileOptionsArg>) -> JsResult<JsValue> {
        let input: options::segments::DecileInput = read(value_of(options), "deciles")?;
        with_columns(&js(self.inner.deciles(&js(input.check(""))?))?)
    }
}

/// Fit CLV models to a customer summary computed elsewhere (e.g. by `sql/customer_summary.*.sql`).
#[wasm_bindgen]
pub struct Clv {}

#[wasm_bindgen]
impl Clv {
    /// Read a summary CSV (`customer_id, frequency, recency, T, monetary_value`; lifetimes' names
    /// `x, t_x, zbar` work too; bytes or a `CsvReader`), fit BG/NBD + Gamma-Gamma and predict,
    /// as `ds.clv()` does. `customerIds` gives the id of each per-customer array element;
    /// `rejected` lists unusable rows with their lines.
    #[wasm_bindgen(js_name = fromSummary, unchecked_return_type = "ClvResult & { customerIds: string[] }")]
    pub fn from_summary(source: TableSourceArg, options: Option<ClvSummaryOptionsArg>) -> JsResult<JsValue> {
        let input: options::clv::ClvSummaryInput = read(value_of(options), "fromSummary")?;
        let (read_options, params) = js(input.check("fromSummary"))?;
        let bytes = source_bytes(&source.into(), "fromSummary")?;
        let (ids, r) = js(crate::clv::clv_from_summary(&bytes, &read_options, &params))?;
        let object = with_columns(&r)?;
        let ids: js_sys::Array = ids.iter().map(|s| JsValue::from_str(s)).collect();
        Reflect::set(&object, &JsValue::from_str("customerIds"), &ids)?;
        Ok(object)
    }
}

#[derive(Serialize)]
struct PseudonymizeResult {
    salt: String,
    scheme: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SimilarItemRow<'a> {
    product_id: &'a str,
    name: &'a str,
    similarity: f64,
    together: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleRow<'a> {
    antecedent: &'a str,
    antecedent_name: &'a str,
    consequent: &'a str,
    consequent_name: &'a str,
    orders: u32,
    support: f64,
    confidence: f64,
    lift: f64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct BoughtTogether<'a> {
    orders: u64,
    rules: Vec<RuleRow<'a>>,
}

/// The crmkit version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
