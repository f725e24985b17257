//! Fuzz bodies for issue 17 ("hostile input hardening"), shared by the cargo-fuzz targets
//! (`fuzz/fuzz_targets/*.rs`) and the stable replay test (`tests/fuzz_corpus.rs`), so both run
//! exactly the same code. Only crmkit's public API and std are used.
//!
//! Every body follows the JS boundary (`src/wasm/mod.rs`): options as a [`Value`] → strict
//! `options::read` → `check()` → the analysis on validated params → the lookups the boundary
//! does on the result. Errors are fine; a panic (including a failed invariant below), an abort,
//! an OOM or a timeout is a finding.
//!
//! Input layouts (the first bytes choose options, the rest is the file):
//! - `ingest`:        `[flags, extra, columns, file…]`
//! - `attributes`:    `[flags, extra, file…]`
//! - `messages`:      `[flags, extra, file…]`
//! - `summary_table`: `[flags, extra, file…]`
//! - `analyses`:      `[analysis, dataset, n, n bytes of option material, file…]`
//!
//! Inputs shorter than the header use defaults, so any file is a valid input.

use crmkit::campaigns::log::add_messages;
use crmkit::options::{self, Value};
use crmkit::report::{Column, Columns};
use crmkit::{Dataset, Result};
use std::sync::OnceLock;

// ---------------------------------------------------------------------------------------------
// Byte source
// ---------------------------------------------------------------------------------------------

/// Reads choices from the front of a byte slice; 0 once exhausted (so every walk terminates).
struct Bytes<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Bytes<'a> {
    fn new(data: &'a [u8]) -> Self {
        Bytes { data, at: 0 }
    }
    fn byte(&mut self) -> u8 {
        let b = self.data.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b
    }
    fn u32(&mut self) -> u32 {
        u32::from_le_bytes([self.byte(), self.byte(), self.byte(), self.byte()])
    }
    fn pick<'v, T>(&mut self, items: &'v [T]) -> &'v T {
        &items[self.byte() as usize % items.len()]
    }
    fn chance(&mut self, in_256: u8) -> bool {
        self.byte() < in_256
    }
    fn done(&self) -> bool {
        self.at >= self.data.len()
    }
}

/// `[header…, rest]`: the first `n` bytes (zero-padded when short) and the rest.
fn split_header<const N: usize>(data: &[u8]) -> ([u8; N], &[u8]) {
    let mut head = [0u8; N];
    let n = data.len().min(N);
    head[..n].copy_from_slice(&data[..n]);
    (head, &data[n..])
}

// ---------------------------------------------------------------------------------------------
// Table-read options (encoding, delimiter, onInvalidRow, columns)
// ---------------------------------------------------------------------------------------------

const ENCODINGS: [Option<&str>; 8] = [None, Some("auto"), Some("utf-8"), Some("shift_jis"), Some("cp932"), Some("UTF8"), Some(""), Some("latin1")];
const DELIMITERS: [Option<&str>; 8] = [None, Some(","), Some("\t"), Some(";"), Some("|"), Some("auto"), Some("tab"), Some("x")];

/// `encoding`, `delimiter` and `onInvalidRow` from one flag byte (bit 7 left to the caller).
fn table_options(flags: u8) -> Vec<(String, Value)> {
    let mut pairs = Vec::new();
    if let Some(e) = ENCODINGS[(flags & 7) as usize] {
        pairs.push(("encoding".to_string(), Value::str(e)));
    }
    if let Some(d) = DELIMITERS[((flags >> 3) & 7) as usize] {
        pairs.push(("delimiter".to_string(), Value::str(d)));
    }
    if flags & 0x40 != 0 {
        pairs.push(("onInvalidRow".to_string(), Value::str("error")));
    }
    pairs
}

/// The file's first line split naively on `,` `\t` `;` `|` (candidate header names for `columns`).
fn naive_headers(file: &[u8]) -> Vec<String> {
    let line = file.split(|&b| b == b'\n').next().unwrap_or_default();
    let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
    String::from_utf8_lossy(line)
        .split([',', '\t', ';', '|'])
        .map(|s| s.trim_matches(|c| c == '"' || c == '\r' || c == ' ').to_string())
        .take(64)
        .collect()
}

/// A `columns` option (0 … 2 entries) over the table's field names and the file's headers.
fn columns_option(selector: u8, fields: &[&'static str], headers: &[String]) -> Option<Value> {
    if selector == 0 || fields.is_empty() {
        return None;
    }
    let mut pairs = Vec::new();
    for (i, part) in [selector & 0x0F, selector >> 4].into_iter().enumerate() {
        if i == 1 && part == 0 {
            break;
        }
        let field = fields[part as usize % fields.len()].to_string();
        let choice = match (part as usize + i) % 5 {
            0 => Value::Bool(false),
            1 => Value::str("no such header"),
            4 => Value::Bool(true),
            _ if headers.is_empty() => Value::str(""),
            _ => Value::String(headers[(part as usize * 7 + i) % headers.len()].clone()),
        };
        pairs.push((field, choice));
    }
    Some(Value::Object(pairs))
}

// ---------------------------------------------------------------------------------------------
// Invariants
// ---------------------------------------------------------------------------------------------

/// What every loaded order Dataset must satisfy.
fn check_dataset(ds: &Dataset) {
    let rejected = ds.rejected.len() as u64;
    // rows = accepted + rejected (src/table/mod.rs): an accepted count is never negative.
    assert!(ds.rows >= rejected, "rows {} < rejected {}", ds.rows, rejected);
    // In a generic file with nothing left out by the cart-export rules, every accepted row is
    // one line of the Dataset (cart exports add order-level lines and drop cancelled ones).
    let e = &ds.exclusions;
    if ds.source.format == "generic" && e.cancelled_lines == 0 && e.non_product_lines == 0 && e.cancelled_orders == 0 {
        assert_eq!(ds.rows, ds.lines() as u64 + rejected, "rows != lines + rejected in a generic file without exclusions");
    }
    // Rejected rows in file order (summary docs), each on a data line (the header is line 1).
    assert!(ds.rejected.windows(2).all(|w| w[0].line <= w[1].line), "rejected rows out of order");
    // CSR offsets (src/dataset/mod.rs): customers → orders → lines.
    let (c, o, l) = (ds.customers(), ds.orders(), ds.lines());
    assert_eq!(ds.customer_order_offsets.len(), c + 1, "customer offsets");
    assert_eq!(ds.order_line_offsets.len(), o + 1, "order offsets");
    assert_eq!(*ds.customer_order_offsets.last().unwrap_or(&0) as usize, o);
    assert_eq!(*ds.order_line_offsets.last().unwrap_or(&0) as usize, l);
    assert!(ds.customer_order_offsets.windows(2).all(|w| w[0] <= w[1]));
    assert!(ds.order_line_offsets.windows(2).all(|w| w[0] <= w[1]));
    for col in [ds.order_customer.len(), ds.order_date.len(), ds.order_time.len(), ds.order_amount.len()] {
        assert_eq!(col, o, "order column length");
    }
    for col in [ds.line_product.len(), ds.line_quantity.len(), ds.line_amount.len()] {
        assert_eq!(col, l, "line column length");
    }
    for cust in 0..c {
        let orders = ds.customer_orders(cust);
        assert!(orders.clone().all(|o| ds.order_customer[o] as usize == cust), "order grouped under the wrong customer");
        // Each customer's orders sorted by date.
        assert!(orders.clone().zip(orders.skip(1)).all(|(a, b)| ds.order_date[a] <= ds.order_date[b]), "orders not sorted by date");
    }
    let products = ds.products() as u32;
    assert!(ds.line_product.iter().all(|&p| p == crmkit::dataset::NONE || p < products), "line product out of range");
    assert_eq!(ds.product_names.len(), ds.products(), "product names");
    let s = crmkit::summary::summary(ds);
    assert_eq!(s.rows, ds.rows);
    assert_eq!(s.rows_rejected, rejected);
    assert_eq!(s.orders + s.returns.orders, o as u64, "orders = purchases + returns");
    let _ = crmkit::export::rejected_csv(ds);
}

/// Every typed-array column of a result has the same length (`per`: the expected length).
fn check_columns(result: &impl Columns, per: Option<usize>, what: &str) {
    let mut len = None;
    for (name, column) in result.columns() {
        let n = match column {
            Column::F64(v) => v.len(),
            Column::U32(v) => v.len(),
            Column::U16(v) => v.len(),
            Column::U8(v) => v.len(),
        };
        if let Some(per) = per {
            assert_eq!(n, per, "{what}.{name}: {n} elements, expected {per}");
        }
        assert!(len.is_none_or(|l| l == n), "{what}.{name}: {n} elements, others {len:?}");
        len = Some(n);
    }
}

/// Touch a result the way serialisation would (every field formatted).
fn touch<T: std::fmt::Debug>(value: &T) {
    let _ = format!("{value:?}").len();
}

// ---------------------------------------------------------------------------------------------
// ingest
// ---------------------------------------------------------------------------------------------

/// Chunk sizes for the streamed read.
const CHUNKS: [usize; 16] = [1, 2, 3, 4, 5, 7, 8, 13, 16, 64, 100, 255, 256, 1000, 4096, 1 << 20];

/// A summary to compare streamed and whole loads (capacities differ, so memory is left out).
fn summary_digest(ds: &Dataset) -> String {
    let mut s = crmkit::summary::summary(ds);
    s.memory_bytes = 0;
    s.source.bytes = 0;
    format!("{s:?}")
}

/// `[flags, extra, columns, file…]`. flags: bits 0-2 encoding, 3-5 delimiter, 6 onInvalidRow
/// 'error', 7 more options (revenue, excludeStatuses, guestSalt from `extra` bits 4-6). extra:
/// bits 0-3 chunk size, bit 7 `expectedBytes` given. columns: see [`columns_option`].
pub fn ingest(data: &[u8]) {
    let ([flags, extra, columns], file) = split_header::<3>(data);
    let mut pairs = table_options(flags);
    if let Some(c) = columns_option(columns, &crmkit::ingest::ORDERS.names().collect::<Vec<_>>(), &naive_headers(file)) {
        pairs.push(("columns".into(), c));
    }
    if flags & 0x80 != 0 {
        if extra & 0x10 != 0 {
            pairs.push(("revenue".into(), Value::object([("shipping", Value::Bool(true)), ("fees", Value::Bool(extra & 0x20 != 0))])));
        }
        if extra & 0x40 != 0 {
            pairs.push(("excludeStatuses".into(), Value::Array(vec![Value::str("cancelled"), Value::str("キャンセル")])));
        } else {
            pairs.push(("guestSalt".into(), Value::str("salt")));
        }
    }
    let value = Value::Object(pairs);
    let input: options::tables::FromCsvInput = match options::read(Some(&value), "fromCsv") {
        Ok(i) => i,
        Err(_) => return,
    };
    let Ok(opts) = input.check("fromCsv") else { return };

    // The whole file.
    let mut fractions = Vec::new();
    let whole = crmkit::ingest::load(file, &opts, &mut |f| fractions.push(f));
    assert!(fractions.iter().all(|f| (0.0..=1.0).contains(f)), "progress outside 0..=1: {fractions:?}");
    if let Ok(ds) = &whole {
        check_dataset(ds);
    }

    // Streamed (CsvReader with options): the same answer, whatever the chunks.
    let chunk = CHUNKS[(extra & 0x0F) as usize];
    let expected = (extra & 0x80 != 0).then_some(file.len());
    let mut stream = crmkit::ingest::OrderStream::new(opts.clone(), expected);
    let mut first_error = None;
    for piece in file.chunks(chunk.max(1)) {
        if let Err(e) = stream.push(piece) {
            // A failed push fails the load: later pushes give the same error.
            match &first_error {
                None => first_error = Some(format!("{e:?}")),
                Some(f) => assert_eq!(&format!("{e:?}"), f, "a later push gave another error"),
            }
        }
    }
    if first_error.is_none() {
        assert_eq!(stream.bytes(), file.len() as u64);
    }
    let streamed = stream.finish();
    if let Some(f) = &first_error {
        assert_eq!(streamed.as_ref().err().map(|e| format!("{e:?}")).as_ref(), Some(f), "finish after a failed push");
    }
    match (&whole, &streamed) {
        (Ok(a), Ok(b)) => assert_eq!(summary_digest(a), summary_digest(b), "streamed and whole summaries differ"),
        (Err(a), Err(b)) => assert_eq!(a.code(), b.code(), "streamed and whole errors differ: {a} / {b}"),
        (a, b) => panic!("streamed and whole loads differ: whole {:?}, streamed {:?}", a.as_ref().err(), b.as_ref().err()),
    }

    // The column-mapping step (`inspectCsv`): a file that loads is never reported unloadable.
    let rows = [0usize, 1, 10, 1000][(extra >> 4 & 3) as usize];
    let truncated = extra & 0x40 != 0;
    let inspection = crmkit::ingest::inspect(file, &opts.read, rows, truncated);
    if let Ok(i) = &inspection {
        assert!(i.rows.len() <= rows);
        touch(i);
    }
    if !truncated && whole.is_ok() {
        let i = inspection.as_ref().unwrap_or_else(|e| panic!("loads, but inspect fails: {e}"));
        assert!(i.problem.is_none() && i.missing.is_empty(), "loads, but inspect says {:?} / missing {:?}", i.problem, i.missing);
    }
}

/// Data rows the loader's decisions look at (`prepare`: the first 5,000 rows; PII by values: 200).
const DECISION_ROWS: usize = 5200;

/// The stream's decision point in this body: 2 MiB rather than the product's 16 MiB
/// (`STREAM_PREFIX_BYTES`; `OrderStream::deciding_at`), so a case costs an eighth as much.
const FUZZ_PREFIX: usize = 2 << 20;

/// `[flags, extra, columns, file…]` as [`ingest`], read past the stream's decision point
/// ([`FUZZ_PREFIX`]), under the documented condition for a streamed load to equal a whole one
/// (the rows the decisions look at lie before the decision point):
///
/// `file, body × k (≥ 5,200 rows in all), padding to about FUZZ_PREFIX, body`
///
/// where `body` is the file without its header line. Every row the decisions look at is before
/// the padding in both reads, and the rows after it repeat rows before it. The last `body` is
/// pushed in small chunks and the decision point falls `delta` bytes into it (`extra` and
/// `columns` choose both), so records, UTF-8 / Shift_JIS sequences and UTF-16 units are cut at
/// every kind of place, at the decision point and after it.
pub fn ingest_stream(data: &[u8]) {
    let ([flags, extra, columns], file) = split_header::<3>(data);
    // Code units: UTF-16 files need whole, aligned units.
    let (nl, quote, filler): (&[u8], &[u8], &[u8]) = if file.starts_with(&[0xFF, 0xFE]) {
        (b"\n\0", b"\"\0", b"x\0")
    } else if file.starts_with(&[0xFE, 0xFF]) {
        (b"\0\n", b"\0\"", b"\0x")
    } else {
        (b"\n", b"\"", b"x")
    };
    let w = nl.len();
    if file.len() % w != 0 {
        return;
    }
    // Record ends (newlines outside quotes), by a quote-aware scan in code units.
    let mut ends = Vec::new();
    let mut quoted = false;
    for (i, u) in file.chunks(w).enumerate() {
        if u == quote {
            quoted = !quoted;
        } else if u == nl && !quoted {
            ends.push(i * w + w);
        }
    }
    // Unbalanced quotes would put the padding inside a quoted field.
    if quoted || ends.is_empty() {
        return;
    }
    let mut file = file.to_vec();
    if !file.ends_with(nl) {
        file.extend_from_slice(nl);
        ends.push(file.len());
    }
    let body = &file[ends[0]..];
    let rows = ends.len() - 1;
    if rows == 0 {
        return;
    }
    let copies = DECISION_ROWS.div_ceil(rows);
    if (copies + 1) * body.len() > FUZZ_PREFIX / 2 {
        return;
    }
    let pairs = {
        let mut p = table_options(flags);
        if let Some(c) = columns_option(columns & 0x0F, &crmkit::ingest::ORDERS.names().collect::<Vec<_>>(), &naive_headers(&file)) {
            p.push(("columns".into(), c));
        }
        p
    };
    let Ok(input) = options::read::<options::tables::FromCsvInput>(Some(&Value::Object(pairs)), "fromCsv") else { return };
    let Ok(opts) = input.check("fromCsv") else { return };

    let prefix = FUZZ_PREFIX;
    let mut big = Vec::with_capacity(prefix + 2 * body.len());
    big.extend_from_slice(&file);
    for _ in 1..copies {
        big.extend_from_slice(body);
    }
    let delta = (u16::from_le_bytes([extra, columns]) as usize) % body.len();
    // Lines of up to 1 MiB of `x` (a one-field row each, rejected alike by both reads): blank
    // lines would do, but 16 M of them take seconds under the fuzzer's instrumentation.
    let mut left = prefix.saturating_sub(big.len() + delta).div_ceil(w);
    while left > 0 {
        let n = left.min(1 << 20);
        big.extend_from_slice(&filler.repeat(n - 1));
        big.extend_from_slice(nl);
        left -= n;
    }
    let head = big.len();
    big.extend_from_slice(body);

    let whole = crmkit::ingest::load(&big, &opts, &mut |_| {});
    if let Ok(ds) = &whole {
        check_dataset(ds);
    }
    let chunk = CHUNKS[(extra & 0x0F) as usize % 14];
    let mut stream = crmkit::ingest::OrderStream::deciding_at(opts, (flags & 0x80 != 0).then_some(big.len()), prefix);
    let mut failed = stream.push(&big[..head]).err().map(|e| format!("{e:?}"));
    for piece in big[head..].chunks(chunk) {
        let pushed = stream.push(piece);
        if let (Some(f), Err(e)) = (&failed, &pushed) {
            assert_eq!(&format!("{e:?}"), f, "a later push gave another error");
        }
        if failed.is_none() {
            failed = pushed.err().map(|e| format!("{e:?}"));
        }
    }
    if failed.is_none() {
        assert_eq!(stream.bytes(), big.len() as u64);
    }
    let streamed = stream.finish();
    if let Some(f) = &failed {
        assert_eq!(streamed.as_ref().err().map(|e| format!("{e:?}")).as_ref(), Some(f), "finish after a failed push");
    }
    match (&whole, &streamed) {
        (Ok(a), Ok(b)) => assert_eq!(summary_digest(a), summary_digest(b), "streamed and whole summaries differ"),
        (Err(a), Err(b)) => assert_eq!(a.code(), b.code(), "streamed and whole errors differ: {a} / {b}"),
        (a, b) => panic!("streamed and whole loads differ: whole {:?}, streamed {:?}", a.as_ref().err(), b.as_ref().err()),
    }
}

// ---------------------------------------------------------------------------------------------
// Datasets
// ---------------------------------------------------------------------------------------------

/// A small synthetic shop (with planted consumables) and its synthetic message log.
fn synthetic() -> &'static Dataset {
    static DS: OnceLock<Dataset> = OnceLock::new();
    DS.get_or_init(|| {
        let opts = crmkit::synthetic::SyntheticOptions { customers: 60, seed: 17, products: Some(25), consumables: true };
        let mut ds = crmkit::synthetic::synthetic(&opts).expect("synthetic");
        let csv = crmkit::campaigns::synthetic::messages_csv(&ds, opts.seed);
        add_messages(&mut ds, &csv, &Default::default()).expect("synthetic messages");
        let customers = customers_csv(&ds);
        crmkit::attributes::add_customers(&mut ds, &customers, &Default::default()).expect("synthetic customers");
        ds
    })
}

/// The synthetic shop without messages or attributes (for the messages / attributes targets).
fn synthetic_plain() -> &'static Dataset {
    static DS: OnceLock<Dataset> = OnceLock::new();
    DS.get_or_init(|| {
        let opts = crmkit::synthetic::SyntheticOptions { customers: 60, seed: 17, products: Some(25), consumables: true };
        crmkit::synthetic::synthetic(&opts).expect("synthetic")
    })
}

/// A customer table for `ds` (gender, birth date, prefecture, signup date, channel, a free column).
fn customers_csv(ds: &Dataset) -> Vec<u8> {
    let mut out = String::from("customer_id,gender,birth_date,prefecture,signup_date,channel,rank\n");
    let genders = ["女性", "男性", "F", "M", ""];
    let prefs = ["東京都", "大阪府", "北海道", "沖縄県", ""];
    let channels = ["Instagram", "検索", "LINE", ""];
    for (i, id) in ds.customer_ids.iter().enumerate().take(200) {
        out.push_str(&format!(
            "{id},{},{}-{:02}-{:02},{},2023-{:02}-01,{},{}\n",
            genders[i % 5],
            1940 + (i * 7) % 70,
            i % 12 + 1,
            i % 28 + 1,
            prefs[i % 5],
            i % 12 + 1,
            channels[i % 4],
            ["gold", "silver", "bronze"][i % 3]
        ));
    }
    out.into_bytes()
}

/// The order file with dates 1900-01-01 and 2200-12-31 in the same file (issue 17: KNOWN to
/// make cohorts with period day/week allocate a cell per day of 300 years × cohorts).
pub const EXTREME_DATES_CSV: &[u8] = b"order_id,customer_id,order_date,product_id,product_name,amount\n\
O1,C1,1900-01-01,P1,Old,100\n\
O2,C1,2200-12-31,P2,New,200\n\
O3,C2,2024-05-05,P1,Old,300\n\
O4,C2,2024-06-05,P2,New,50\n\
O5,C3,1900-01-02,P2,New,10\n";

fn extreme() -> &'static Dataset {
    static DS: OnceLock<Dataset> = OnceLock::new();
    DS.get_or_init(|| crmkit::from_csv(EXTREME_DATES_CSV, &Default::default(), &mut |_| {}).expect("extreme dates load"))
}

// ---------------------------------------------------------------------------------------------
// attributes
// ---------------------------------------------------------------------------------------------

/// `[flags, extra, file…]` → `addCustomers` on the synthetic shop. flags: table options (bit 7:
/// `asOf` from `extra`); extra: bits 0-3 the `columns` selector, bits 4-7 `asOf` / `customerId`.
pub fn attributes(data: &[u8]) {
    let ([flags, extra], file) = split_header::<2>(data);
    let mut pairs = table_options(flags);
    let headers = naive_headers(file);
    if let Some(c) = columns_option(extra & 0x0F, &crmkit::attributes::CUSTOMERS.names().collect::<Vec<_>>(), &headers) {
        pairs.push(("columns".into(), c));
    }
    if flags & 0x80 != 0 {
        pairs.push(("asOf".into(), Value::str(DATES[(extra >> 4) as usize % DATES.len()])));
    } else if extra >> 4 == 15 {
        pairs.push(("customerId".into(), Value::String(headers.first().cloned().unwrap_or_default())));
    }
    let value = Value::Object(pairs);
    let Ok(input) = options::read::<options::tables::AddCustomersInput>(Some(&value), "addCustomers") else { return };
    let Ok(params) = input.check("addCustomers") else { return };
    let mut ds = synthetic_plain().clone();
    let Ok(report) = crmkit::attributes::add_customers(&mut ds, file, &params) else { return };
    assert_eq!(report.rows, report.rows_accepted + report.rows_rejected, "rows = accepted + rejected");
    assert!(report.rejected.windows(2).all(|w| w[0].line <= w[1].line), "rejected rows out of order");
    touch(&report);
    for a in &ds.attributes {
        assert_eq!(a.values.len(), ds.customers(), "attribute {} has {} values", a.name, a.values.len());
        for c in 0..ds.customers() {
            let _ = a.label(c);
        }
    }
    // The attributes in use: a crosstab and cohort groups by the first attribute, and the
    // customer-table inspection of the same bytes.
    if let Some(name) = ds.attributes.first().map(|a| a.name.clone()) {
        let value = Value::object([("rows", Value::String(name.clone())), ("cols", Value::str("rfmSegment"))]);
        if let Ok(p) = options::read_value::<options::segments::CrosstabInput>(&value, "crosstab").and_then(|i| i.check()) {
            if let Ok(r) = crmkit::crosstab::crosstab(&ds, &p) {
                touch(&r);
            }
        }
        let value = Value::object([("groupBy", Value::String(name))]);
        if let Ok(p) = options::read::<options::cohorts::CohortInput>(Some(&value), "cohorts").and_then(|i| i.check()) {
            if let Ok(r) = crmkit::cohort::cohorts(&ds, &p) {
                check_columns(&r.overall, None, "cohorts.overall");
            }
        }
    }
    if let Ok(i) = crmkit::table::inspect(file, &crmkit::attributes::Customers, &params.read, 10, false) {
        touch(&i);
    }
}

// ---------------------------------------------------------------------------------------------
// messages
// ---------------------------------------------------------------------------------------------

const UTC_OFFSETS: [&str; 8] = ["+09:00", "Z", "-05:00", "+14:00", "-1200", "+0545", "JST", "+15:00"];
const CHANNELS: [&str; 4] = ["email", "line", "sms", "直送DM"];

/// `[flags, extra, file…]` → `addMessages` on the synthetic shop, then the campaign analyses with
/// default options (and compareVariants / stepMails / campaignMembers on the first campaign).
/// flags: table options (bit 7: a tiny one-customer history instead); extra: bits 0-2 utcOffset
/// (0 = none), bits 3-4 channel, bit 5 campaign, bits 6-7 the `columns` selector.
pub fn messages(data: &[u8]) {
    let ([flags, extra], file) = split_header::<2>(data);
    let mut pairs = table_options(flags);
    if extra & 7 != 0 {
        pairs.push(("utcOffset".into(), Value::str(UTC_OFFSETS[(extra & 7) as usize])));
    }
    if extra & 0x18 != 0 {
        pairs.push(("channel".into(), Value::str(CHANNELS[((extra >> 3) & 3) as usize])));
    }
    if extra & 0x20 != 0 {
        pairs.push(("campaign".into(), Value::str("(campaign option)")));
    }
    if let Some(c) = columns_option(extra >> 6, &crmkit::campaigns::table::MESSAGES.names().collect::<Vec<_>>(), &naive_headers(file)) {
        pairs.push(("columns".into(), c));
    }
    let value = Value::Object(pairs);
    let Ok(input) = options::read::<options::campaigns::AddMessagesInput>(Some(&value), "addMessages") else { return };
    let Ok(params) = input.check("addMessages") else { return };
    let mut ds = if flags & 0x80 != 0 {
        crmkit::from_csv(b"customer_id,order_date,amount\nnobody,2024-01-01,1\n", &Default::default(), &mut |_| {}).expect("tiny")
    } else {
        synthetic_plain().clone()
    };
    if let Ok(i) = crmkit::campaigns::log::inspect(file, &params.read, 10, false) {
        touch(&i);
    }
    let Ok(report) = add_messages(&mut ds, file, &params) else { return };
    assert!(report.rows >= report.rows_rejected, "rows {} < rejected {}", report.rows, report.rows_rejected);
    assert!(report.rejected.windows(2).all(|w| w[0].line <= w[1].line), "rejected rows out of order");
    touch(&report);
    let log = ds.messages.as_ref().expect("a log after addMessages");
    let m = log.messages();
    for (name, len) in [("campaign", log.campaign.len()), ("sent", log.sent.len()), ("flags", log.flags.len()), ("unit_of_message", log.unit_of_message.len())] {
        assert_eq!(len, m, "message column {name}");
    }
    assert!(log.campaign.iter().all(|&c| (c as usize) < log.campaigns.len()), "campaign index out of range");
    assert!(log.recipient_customer.iter().all(|&c| c == crmkit::dataset::NONE || (c as usize) < ds.customers()), "recipient customer out of range");
    let first_campaign = (!log.campaigns.is_empty()).then(|| log.campaigns.get(0).to_string());
    run_campaign_analyses(&ds, &Value::Null, first_campaign.as_deref());
}

/// The campaign analyses with options `value` (Null = defaults), as the boundary runs them.
fn run_campaign_analyses(ds: &Dataset, value: &Value, campaign: Option<&str>) {
    use crmkit::campaigns as c;
    use options::campaigns as o;
    if let Ok(r) = options::read::<o::CampaignsInput>(Some(value), "campaigns").and_then(|i| i.check()).and_then(|p| c::rates::campaigns(ds, &p)) {
        touch(&r);
    }
    if let Ok(r) = options::read::<o::CampaignFactorsInput>(Some(value), "campaignFactors").and_then(|i| i.check()).and_then(|p| c::factors::campaign_factors(ds, &p)) {
        touch(&r);
    }
    if let Ok(r) = options::read::<o::SendTimesInput>(Some(value), "sendTimes").and_then(|i| i.check()).and_then(|p| c::timing::send_times(ds, &p)) {
        touch(&r);
    }
    if let Ok(r) = options::read::<o::FatigueInput>(Some(value), "fatigue").and_then(|i| i.check()).and_then(|p| c::timing::fatigue(ds, &p)) {
        touch(&r);
    }
    if let Some(name) = campaign {
        let v = Value::object([("campaign", Value::str(name))]);
        if let Ok(r) = options::read_value::<o::CompareVariantsInput>(&v, "compareVariants").and_then(|i| i.check()).and_then(|p| c::compare::compare_variants(ds, &p)) {
            touch(&r);
        }
        if let Ok(r) = options::read::<o::StepMailsInput>(Some(&v), "stepMails").and_then(|i| i.check()).and_then(|p| c::steps::step_mails(ds, &p)) {
            touch(&r);
        }
        let v = Value::object([("campaigns", Value::str(name)), ("status", Value::str("notOpened"))]);
        if let Ok((csv, _)) = options::read::<o::CampaignMembersInput>(Some(&v), "campaignMembers").and_then(|i| i.check()).and_then(|p| c::members::campaign_members(ds, &p)) {
            assert!(csv.starts_with("\u{FEFF}".as_bytes()));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// summary_table
// ---------------------------------------------------------------------------------------------

/// `[flags, extra, file…]` → `Clv.fromSummary` and `inspectCsv({ table: 'customerSummary' })`.
/// flags: table options (bit 7: columns from `extra` bits 4-7); extra: bit 0 unit 'day', bit 1
/// allowSmallData, bit 2 calibrationEnd, bit 3 penalizer 0.
pub fn summary_table(data: &[u8]) {
    let ([flags, extra], file) = split_header::<2>(data);
    let mut pairs = table_options(flags);
    if flags & 0x80 != 0 {
        let fields: Vec<&str> = crmkit::clv::summary_table::CUSTOMER_SUMMARY.names().collect();
        if let Some(c) = columns_option(extra >> 4 | 1, &fields, &naive_headers(file)) {
            pairs.push(("columns".into(), c));
        }
    }
    if extra & 1 != 0 {
        pairs.push(("unit".into(), Value::str("day")));
    }
    pairs.push(("allowSmallData".into(), Value::Bool(extra & 2 != 0)));
    if extra & 4 != 0 {
        pairs.push(("calibrationEnd".into(), Value::str("2024-12-31")));
    }
    if extra & 8 != 0 {
        pairs.push(("penalizer".into(), Value::Number(0.0)));
    }
    let value = Value::Object(pairs);
    let Ok(input) = options::read::<options::clv::ClvSummaryInput>(Some(&value), "fromSummary") else { return };
    let Ok((read, params)) = input.check("fromSummary") else { return };
    if let Ok((ids, r)) = crmkit::clv::clv_from_summary(file, &read, &params) {
        // `customerIds` gives the id of each per-customer array element.
        check_columns(&r, Some(ids.len()), "fromSummary");
        assert!(r.rejected.windows(2).all(|w| w[0].line <= w[1].line), "rejected rows out of order");
        touch(&r);
    }
    if let Ok(i) = crmkit::table::inspect(file, &crmkit::clv::summary_table::CustomerSummary, &read, 10, extra & 0x10 != 0) {
        assert!(i.rows.len() <= 10);
        touch(&i);
    }
}

// ---------------------------------------------------------------------------------------------
// analyses: fuzzed options on a fuzzed (or fixed) dataset
// ---------------------------------------------------------------------------------------------

/// Numbers worth trying for any numeric option.
const NUMBERS: [f64; 64] = [
    0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 20.0, 30.0, 31.0, 32.0, 33.0, 52.0, 90.0, 91.0, 100.0, 180.0, 250.0, 251.0, 365.0,
    366.0, 730.0, 731.0, 1000.0, 1001.0, 3650.0, 3651.0, 36500.0, 65535.0, 65536.0, 1e6, 1e9, 2147483647.0, 2147483648.0, 4294967295.0,
    4294967296.0, 9007199254740991.0, 9007199254740992.0, 1e15, 1e300, f64::MAX, f64::MIN_POSITIVE, 5e-324, -0.0, -1.0, -2.0, -1e9, f64::MIN,
    0.5, 0.1, 0.9, 0.999999, 1.5, 1e-9, f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 0.7, 2000000.0,
];

/// Dates (valid, edge and invalid) for date options.
const DATES: [&str; 24] = [
    "1900-01-01", "2200-12-31", "1970-01-01", "0001-01-01", "9999-12-31", "2024-02-29", "2023-02-29", "2024-01-01", "2025-06-30", "2023-01-01",
    "2025-12-31", "2026-01-01", "2024/3/5", "20240101", "1899-12-31", "2100-01-01", "2024-13-01", " 2024-01-01 ", "2024-01-01T23:59:59+09:00",
    "1/2/2024", "45000", "-2024-01-01", "2024-01-01 25:00", "",
];

/// Every choice value an option accepts (src/options/*.rs and the enums they read).
const CHOICES: &[&str] = &[
    // shared / segments
    "ja", "en", "quantile", "fixed", "monetary", "customers", "revenue", "aov", "rfmSegment", "cpmGroup", "decile", "gender", "ageBand", "prefecture",
    "signupMonth", "channel", "rank", "unknown",
    // cohorts
    "day", "week", "month", "quarter", "orders", "revenuePerCustomer", "cumulativeRevenuePerCustomer", "period", "rolling", "monday", "sunday",
    "firstProduct", "firstCategory",
    // recommend
    "cooccurrence", "jaccard", "lift", "cosine", "inclusion", "customer", "order", "next", "itemItem", "repurchase", "blend", "count", "amount",
    "last-order", "time",
    // clv
    // products
    "product", "category", "weekday", "hour", "first", "any",
    // campaigns
    "send", "open", "click", "conversion", "campaign", "variant", "subject", "sendHour", "recipients", "delivered", "opened", "notOpened", "clicked",
    "notClicked", "converted", "notConverted", "bounced", "unsubscribed", "blocked", "control", "A", "B",
    // rfm segments and cpm groups
    "champions", "loyal", "active", "new", "promising", "needs_attention", "at_risk", "almost_lost", "previously_loyal", "dormant", "離脱危機",
    "active_first", "active_top", "lapsed_top", "現役優良客",
    // odd strings
    "", " ", "\u{0}", "-", "NaN", "Infinity", "1e400", "__proto__", "constructor",
];

/// Build a JS-like options value from fuzz bytes, with keys from the struct's real option names.
struct Gen<'a, 'b> {
    bytes: &'b mut Bytes<'a>,
    /// Strings from the data: product ids, campaign names, customer ids, attribute names.
    data_strings: &'b [String],
    data: &'b Data,
}

/// What a fuzzed option may name in the dataset.
#[derive(Default)]
struct Data {
    products: Vec<String>,
    customers: Vec<String>,
    campaigns: Vec<String>,
    /// Dimensions (`rfmSegment`, …, the attributes' names, the message dimensions).
    dims: Vec<String>,
    /// Group labels (variants, channels, categories, attribute labels).
    labels: Vec<String>,
    /// Dates around the data (first and last order day, ± a few days, the middle).
    dates: Vec<String>,
}

/// The choices of a choice option, by its name (src/options/*.rs).
fn choices_of(key: &str) -> &'static [&'static str] {
    match key {
        "period" => &["day", "week", "month", "quarter", "weekday", "hour"],
        "metric" => &["customers", "orders", "revenue", "revenuePerCustomer", "cumulativeRevenuePerCustomer", "aov", "open", "click", "conversion"],
        "mode" => &["period", "rolling"],
        "method" => &["quantile", "fixed"],
        "lang" => &["ja", "en"],
        "by" => &["monetary", "product", "category", "variant", "channel", "rfmSegment"],
        "similarity" => &["cooccurrence", "jaccard", "lift", "cosine", "inclusion"],
        "basket" => &["customer", "order", "next"],
        "affinity" => &["count", "amount"],
        "strategy" => &["itemItem", "repurchase", "blend"],
        "holdout" => &["last-order", "time"],
        "unit" => &["week", "day"],
        "attribution" => &["send", "open", "click"],
        "status" => &[
            "recipients", "delivered", "opened", "notOpened", "clicked", "notClicked", "converted", "notConverted", "bounced", "unsubscribed", "blocked", "control",
        ],
        "weekStart" => &["monday", "sunday"],
        "from" => &["first", "any"],
        "baseline" => &["control", "A", "B"],
        "name" => &["champions", "loyal", "x", ""],
        _ => &[],
    }
}

/// Options worth giving nearly always: required ones, and `allowSmallData` (the synthetic shop
/// has fewer customers than CLV fits without it).
fn must_have(key: &str) -> bool {
    matches!(key, "rows" | "cols" | "campaign" | "name" | "allowSmallData")
}

/// What an option takes, by its name (the Input structs of src/options/*.rs); a value of another
/// kind is still tried now and then.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Bool,
    Date,
    Int,
    Float,
    Ints,
    Floats,
    Strings,
    Choice,
    /// `from`: a date (cohorts, products, seasonality) or a choice (nextProducts).
    DateOrChoice,
    /// A dimension name (`rows`, `cols`, `groupBy`).
    Dim,
}

fn kind_of(key: &str) -> Kind {
    match key {
        "excludePurchased" | "intervalAware" | "allowSmallData" | "truncated" | "consumables" | "messages" | "shipping" | "fees" => Kind::Bool,
        "asOf" | "to" | "split" | "calibrationEnd" | "observationEnd" => Kind::Date,
        "bins" | "periodDays" | "lapseDays" | "maxPeriods" | "maxGroups" | "k" | "minSupport" | "topM" | "horizonDays" | "predictDays" | "holdoutDays"
        | "attributionDays" | "minUnits" | "windowDays" | "f2Days" | "items" | "minCustomers" | "rankWindow" | "minCount" | "top" | "minIntervals"
        | "window" | "overdue" | "seed" => Kind::Int,
        "halfLifeDays" | "blendWeight" | "minConfidence" | "discountRate" | "penalizer" | "spend" => Kind::Float,
        "windows" | "tenureDays" | "r" | "f" | "m" | "fm" | "decile" => Kind::Ints,
        "recency" | "frequency" | "monetary" | "abc" | "aliveThresholds" => Kind::Floats,
        "customers" | "excludeItems" | "candidateItems" | "campaigns" | "factors" | "rfmSegment" | "cpmGroup" | "products" | "campaign" => Kind::Strings,
        "rows" | "cols" | "groupBy" => Kind::Dim,
        "from" => Kind::DateOrChoice,
        _ => Kind::Choice,
    }
}

/// Field lists of the nested option structs.
struct Schemas {
    rfm: &'static [&'static str],
    rfm_thresholds: &'static [&'static str],
    segment_rule: &'static [&'static str],
    cpm: &'static [&'static str],
    cpm_thresholds: &'static [&'static str],
    deciles: &'static [&'static str],
}

fn schemas() -> &'static Schemas {
    static S: OnceLock<Schemas> = OnceLock::new();
    S.get_or_init(|| {
        use options::segments as s;
        Schemas {
            rfm: options::struct_fields::<s::RfmInput>(),
            rfm_thresholds: options::struct_fields::<s::ThresholdsInput>(),
            segment_rule: options::struct_fields::<s::SegmentRuleInput>(),
            cpm: options::struct_fields::<s::CpmInput>(),
            cpm_thresholds: options::struct_fields::<s::CpmThresholdsInput>(),
            deciles: options::struct_fields::<s::DecileInput>(),
        }
    })
}

impl Gen<'_, '_> {
    fn number(&mut self) -> f64 {
        match self.bytes.byte() % 8 {
            0..=4 => *self.bytes.pick(&NUMBERS),
            5 => self.bytes.u32() as f64,
            6 => -(self.bytes.byte() as f64),
            _ => self.bytes.byte() as f64 / 8.0,
        }
    }

    fn string(&mut self) -> String {
        match self.bytes.byte() % 8 {
            0..=2 => self.bytes.pick(CHOICES).to_string(),
            3 | 4 => self.bytes.pick(&DATES).to_string(),
            5 | 6 if !self.data_strings.is_empty() => self.bytes.pick(self.data_strings).clone(),
            _ => {
                let n = self.bytes.byte() % 24;
                let raw: Vec<u8> = (0..n).map(|_| self.bytes.byte()).collect();
                String::from_utf8_lossy(&raw).into_owned()
            }
        }
    }

    /// An object with keys from `fields` (and now and then an unknown one).
    fn object(&mut self, fields: &'static [&'static str], depth: u32) -> Value {
        let n = self.bytes.byte() % 8;
        let mut pairs: Vec<(String, Value)> = Vec::new();
        // Keys an option object needs (`crosstab`'s rows and cols, a rule's name, …), mostly given.
        for &key in fields.iter().filter(|f| must_have(f)) {
            if self.bytes.byte() < 230 {
                let v = self.value_for(key, fields, depth + 1);
                pairs.push((key.to_string(), v));
            }
        }
        for _ in 0..n {
            if self.bytes.done() {
                break;
            }
            let k = self.bytes.byte();
            let key = if k < 248 && !fields.is_empty() { fields[k as usize % fields.len()].to_string() } else { self.string() };
            // A repeated key is an error the reader reports at once: rarely worth trying.
            if pairs.iter().any(|(p, _)| *p == key) && !self.bytes.chance(16) {
                continue;
            }
            let v = self.value_for(&key, fields, depth + 1);
            pairs.push((key, v));
        }
        Value::Object(pairs)
    }

    /// A value for `key` of a struct with `fields`: nested structs get their own keys.
    fn value_for(&mut self, key: &str, fields: &'static [&'static str], depth: u32) -> Value {
        let s = schemas();
        let nested: Option<&'static [&'static str]> = match key {
            "rfm" => Some(s.rfm),
            "cpm" => Some(s.cpm),
            "deciles" => Some(s.deciles),
            "thresholds" if std::ptr::eq(fields, s.cpm) => Some(s.cpm_thresholds),
            "thresholds" => Some(s.rfm_thresholds),
            "revenue" => Some(&["shipping", "fees"]),
            _ => None,
        };
        match (key, nested) {
            // An array of rules, or of numbers.
            ("segmentMap", _) if depth < 4 && self.bytes.chance(200) => {
                let n = self.bytes.byte() % 12;
                Value::Array((0..n).map(|_| self.object(s.segment_rule, depth + 1)).collect())
            }
            (_, Some(f)) if depth < 4 && self.bytes.chance(220) => self.object(f, depth),
            // `group` of campaignMembers: dimension → label.
            ("group", _) if depth < 4 && self.bytes.chance(200) => {
                let n = self.bytes.byte() % 3;
                let d = self.data;
                Value::Object((0..n).map(|_| (self.pick_of(&d.dims), Value::String(self.pick_of(&d.labels)))).collect())
            }
            _ if self.bytes.byte() > 224 => self.value(depth),
            _ => self.typed(key),
        }
    }

    /// A small whole number (mostly), or any of [`NUMBERS`].
    fn int(&mut self) -> f64 {
        match self.bytes.byte() % 4 {
            0 | 1 => (self.bytes.byte() % 40) as f64,
            2 => *self.bytes.pick(&[52.0, 90.0, 100.0, 180.0, 250.0, 365.0, 366.0, 730.0, 1000.0, 3650.0, 3651.0, 36500.0, 65536.0, 1e6]),
            _ => self.number(),
        }
    }

    fn date(&mut self) -> String {
        if !self.data.dates.is_empty() && self.bytes.chance(160) {
            self.bytes.pick(&self.data.dates).clone()
        } else {
            self.bytes.pick(&DATES).to_string()
        }
    }

    /// A string from `list` (mostly), else anything.
    fn pick_of(&mut self, list: &[String]) -> String {
        if !list.is_empty() && self.bytes.byte() < 224 {
            self.bytes.pick(list).clone()
        } else {
            self.data_or_choice()
        }
    }

    /// A string for option `key`: its choices, or the data it names.
    fn string_for(&mut self, key: &str) -> String {
        let d = self.data;
        match key {
            "customers" => self.pick_of(&d.customers),
            "excludeItems" | "candidateItems" | "products" => self.pick_of(&d.products),
            "campaigns" | "campaign" => self.pick_of(&d.campaigns),
            "factors" | "rows" | "cols" | "groupBy" => self.pick_of(&d.dims),
            "rfmSegment" => self.bytes.pick(&["champions", "loyal", "active", "new", "at_risk", "dormant", "離脱危機", "nope"]).to_string(),
            "cpmGroup" => self.bytes.pick(&["active_first", "active_top", "lapsed_top", "現役優良客", "nope"]).to_string(),
            _ => {
                let choices = choices_of(key);
                if !choices.is_empty() && self.bytes.byte() < 224 {
                    self.bytes.pick(choices).to_string()
                } else {
                    self.data_or_choice()
                }
            }
        }
    }

    /// A value of the kind option `key` takes.
    fn typed(&mut self, key: &str) -> Value {
        let kind = kind_of(key);
        let list = |g: &mut Self, item: &mut dyn FnMut(&mut Self) -> Value| -> Value {
            let n = match g.bytes.byte() % 8 {
                0..=3 => 2,
                4 => 0,
                5 => 1,
                _ => g.bytes.byte() % 40,
            };
            Value::Array((0..n).map_while(|_| (!g.bytes.done()).then(|| item(g))).collect())
        };
        match kind {
            Kind::Bool if key == "allowSmallData" => Value::Bool(self.bytes.chance(220)),
            Kind::Bool => Value::Bool(self.bytes.byte() & 1 == 1),
            Kind::Date => Value::String(self.date()),
            Kind::Int => Value::Number(self.int()),
            Kind::Float => Value::Number(if self.bytes.chance(128) { self.bytes.byte() as f64 / 64.0 } else { self.number() }),
            Kind::Ints if self.bytes.chance(40) => Value::Number(self.int()),
            Kind::Ints => {
                // Increasing lists are what most of these take.
                let increasing = self.bytes.chance(180);
                let mut at = 0.0;
                list(self, &mut |g| {
                    let v = g.int();
                    if increasing && v.is_finite() {
                        at += v.abs().max(1.0);
                        Value::Number(at)
                    } else {
                        Value::Number(v)
                    }
                })
            }
            Kind::Floats => {
                let increasing = self.bytes.chance(180);
                let mut at = 0.0;
                list(self, &mut |g| {
                    let v = if g.bytes.chance(128) { g.bytes.byte() as f64 / 255.0 } else { g.number() };
                    if increasing && v.is_finite() {
                        at += v.abs();
                        Value::Number(at)
                    } else {
                        Value::Number(v)
                    }
                })
            }
            // `campaign` of stepMails is one string; elsewhere one or many.
            Kind::Strings if key == "campaign" || self.bytes.chance(100) => Value::String(self.string_for(key)),
            Kind::Strings => list(self, &mut |g| Value::String(g.string_for(key))),
            Kind::Choice | Kind::Dim => Value::String(if self.bytes.chance(16) { self.date() } else { self.string_for(key) }),
            Kind::DateOrChoice => Value::String(if self.bytes.chance(128) { self.date() } else { self.string_for(key) }),
        }
    }

    fn data_or_choice(&mut self) -> String {
        match self.bytes.byte() % 4 {
            0 | 1 if !self.data_strings.is_empty() => self.bytes.pick(self.data_strings).clone(),
            3 => self.string(),
            _ => self.bytes.pick(CHOICES).to_string(),
        }
    }

    fn value(&mut self, depth: u32) -> Value {
        match self.bytes.byte() % 16 {
            0..=4 => Value::Number(self.number()),
            5..=8 => Value::String(self.string()),
            9 => Value::Bool(self.bytes.byte() & 1 == 1),
            10 => Value::Null,
            11..=13 if depth < 4 => {
                let n = self.bytes.byte() % 10;
                let numbers = self.bytes.chance(160);
                Value::Array((0..n).map(|_| if numbers { Value::Number(self.number()) } else { self.value(depth + 1) }).collect())
            }
            14 if depth < 4 => {
                let n = self.bytes.byte() % 4;
                Value::Object((0..n).map(|_| (self.string(), self.value(depth + 1))).collect())
            }
            15 => [Value::Function, Value::Other("a symbol")][(self.bytes.byte() & 1) as usize].clone(),
            _ => Value::Number(self.number()),
        }
    }

    /// The options argument of a method: mostly an object of its fields; sometimes absent,
    /// null, or not an object at all.
    fn options(&mut self, fields: &'static [&'static str]) -> Option<Value> {
        match self.bytes.byte() {
            0..=3 => None,
            4..=5 => Some(Value::Null),
            6..=9 => Some(self.value(3)),
            _ => Some(self.object(fields, 0)),
        }
    }
}

/// The analyses, in the order of the `analysis` byte.
pub const ANALYSES: [&str; 29] = [
    "rfm", "deciles", "cpm", "repeat", "segmentMembers", "crosstab", "cohorts", "recommend", "recommendationsCsv", "similarItems", "boughtTogether",
    "evaluateRecommendations", "clv", "products", "seasonality", "entryProducts", "nextProducts", "replenishment", "dueToReorder", "dueToReorderCsv",
    "summary", "campaigns", "compareVariants", "campaignFactors", "sendTimes", "fatigue", "stepMails", "campaignMembers", "addCustomers+crosstab",
];

/// The dataset of an `analyses` input: bits 0-1 of the `dataset` byte.
/// 0: the file (default options); 1: the synthetic shop (attributes and messages);
/// 2: the file plus a customer table for its customers; 3: the 1900 / 2200 file.
fn analysis_dataset(selector: u8, file: &[u8]) -> Option<std::borrow::Cow<'static, Dataset>> {
    use std::borrow::Cow;
    match selector & 3 {
        0 => crmkit::from_csv(file, &Default::default(), &mut |_| {}).ok().map(Cow::Owned),
        1 => Some(Cow::Borrowed(synthetic())),
        2 => {
            let mut ds = crmkit::from_csv(file, &Default::default(), &mut |_| {}).ok()?;
            let customers = customers_csv(&ds);
            let _ = crmkit::attributes::add_customers(&mut ds, &customers, &Default::default());
            Some(Cow::Owned(ds))
        }
        _ => Some(Cow::Borrowed(extreme())),
    }
}

/// Strings of the dataset a fuzzed option may name.
fn data_of(ds: &Dataset) -> Data {
    let own = |d: &crmkit::dataset::Dictionary, n: usize| -> Vec<String> { d.iter().take(n).map(str::to_string).collect() };
    let mut data = Data { products: own(&ds.product_ids, 8), customers: own(&ds.customer_ids, 6), dates: data_dates(ds), ..Default::default() };
    data.dims = ["rfmSegment", "cpmGroup", "decile", "firstProduct", "firstCategory", "campaign", "channel", "variant", "subject", "sendHour", "weekday"]
        .iter()
        .map(|s| s.to_string())
        .chain(ds.attributes.iter().map(|a| a.name.clone()))
        .collect();
    data.labels = own(&ds.categories, 3);
    for a in &ds.attributes {
        data.labels.extend(a.labels.iter().take(2).cloned());
    }
    if let Some(log) = &ds.messages {
        data.campaigns = own(&log.campaigns, 8);
        data.labels.extend(own(&log.variants, 3));
        data.labels.extend(log.channels.iter().take(2).cloned());
    }
    data
}

/// Dates around the data's first and last order days.
fn data_dates(ds: &Dataset) -> Vec<String> {
    let (Ok(first), Ok(last)) = (ds.first_date(), ds.last_date()) else { return Vec::new() };
    let mut days = vec![first, last, first + (last - first) / 2];
    for d in [1, 7, 30, 90, 180, 365] {
        days.extend([first - d, first + d, last - d, last + d]);
    }
    days.into_iter().map(crmkit::dates::format_date).collect()
}

/// `[analysis, dataset, n, n option bytes, file…]`.
pub fn analyses(data: &[u8]) {
    let ([which, dataset, n], rest) = split_header::<3>(data);
    let n = (n as usize).min(rest.len());
    let (option_bytes, file) = rest.split_at(n);
    let Some(ds) = analysis_dataset(dataset, file) else { return };
    let ds: &Dataset = &ds;
    if dataset & 3 != 1 {
        check_dataset(ds);
    }
    let data = data_of(ds);
    let strings: Vec<String> = [&data.products, &data.customers, &data.campaigns, &data.labels].into_iter().flatten().take(24).cloned().collect();
    let mut bytes = Bytes::new(option_bytes);
    let mut g = Gen { bytes: &mut bytes, data_strings: &strings, data: &data };
    let name = ANALYSES[which as usize % ANALYSES.len()];
    let result = run_analysis(name, ds, &mut g);
    if debug() {
        eprintln!("analysis {name} on dataset {} ({} customers): {:?}", dataset & 3, ds.customers(), result.err().map(|e| e.to_string()));
    }
}

/// `CRMKIT_FUZZ_DEBUG=1`: say what an input runs (the options built, the analysis's error).
fn debug() -> bool {
    static D: OnceLock<bool> = OnceLock::new();
    *D.get_or_init(|| std::env::var_os("CRMKIT_FUZZ_DEBUG").is_some())
}

/// Read, check and run one analysis as `src/wasm/mod.rs` does; the lookups it makes on results too.
fn run_analysis(name: &str, ds: &Dataset, g: &mut Gen<'_, '_>) -> Result<()> {
    use crmkit::{products as pr, recommend as rc, segments as sg};
    use options::{campaigns as oc, products as op, recommend as or, segments as os};
    macro_rules! input {
        ($t:ty, $method:expr) => {{
            let v = g.options(options::struct_fields::<$t>());
            if debug() {
                eprintln!("{} options: {v:?}", $method);
            }
            options::read::<$t>(v.as_ref(), $method)?
        }};
    }
    macro_rules! required {
        ($t:ty, $method:expr) => {{
            // Methods whose options are required and must be a plain object.
            let v = g.options(options::struct_fields::<$t>()).unwrap_or(Value::Null);
            if debug() {
                eprintln!("{} options: {v:?}", $method);
            }
            if !matches!(v, Value::Object(_)) {
                return Ok(());
            }
            options::read_value::<$t>(&v, $method)?
        }};
    }
    let customers = ds.customers();
    match name {
        "rfm" => {
            let r = sg::rfm::rfm(ds, &input!(os::RfmInput, "rfm").check("")?)?;
            check_columns(&r, Some(customers), "rfm");
            touch(&r);
        }
        "deciles" => {
            let r = sg::decile::deciles(ds, &input!(os::DecileInput, "deciles").check("")?)?;
            check_columns(&r, Some(customers), "deciles");
            touch(&r);
        }
        "cpm" => {
            let r = sg::cpm::cpm(ds, &input!(os::CpmInput, "cpm").check("")?)?;
            check_columns(&r, Some(customers), "cpm");
            touch(&r);
        }
        "repeat" => touch(&sg::repeat::repeat(ds, &input!(os::RepeatInput, "repeat").check()?)?),
        "segmentMembers" => {
            let input = if g.bytes.chance(64) {
                os::MembersInput { rfm_segment: Some(options::OneOrMany::One(g.string())), ..Default::default() }
            } else {
                required!(os::MembersInput, "segmentMembers")
            };
            let (csv, _) = sg::members::segment_members(ds, &input.check()?)?;
            assert!(csv.starts_with("\u{FEFF}".as_bytes()));
        }
        "crosstab" => touch(&crmkit::crosstab::crosstab(ds, &required!(os::CrosstabInput, "crosstab").check()?)?),
        "cohorts" => {
            let p = input!(options::cohorts::CohortInput, "cohorts").check()?;
            let r = crmkit::cohort::cohorts(ds, &p)?;
            check_columns(&r.overall, None, "cohorts.overall");
            for g in &r.groups {
                check_columns(g, None, "cohorts.groups");
            }
            touch(&r);
        }
        "recommend" | "recommendationsCsv" => {
            let r = rc::recommend(ds, &input!(or::RecommendInput, "recommend").check()?)?;
            check_columns(&r, None, "recommend");
            assert!(r.customer_index.iter().all(|&c| (c as usize) < customers), "recommend: customer index out of range");
            assert!(r.item_index.iter().all(|&i| (i as usize) < ds.products()), "recommend: item index out of range");
            if name == "recommendationsCsv" {
                let _ = rc::recommendations_csv(ds, &r);
            }
            touch(&r);
        }
        "similarItems" => {
            let d = g.data;
            let product = g.pick_of(&d.products);
            let k = match g.bytes.byte() % 4 {
                0 => None,
                _ => Some(g.number()),
            };
            let (params, k) = input!(or::SimilarItemsInput, "similarItems").check(k)?;
            for (j, s, c) in rc::similar_items(ds, &product, k, &params)? {
                let _ = (ds.product_ids.get(j), &ds.product_names[j as usize], s, c);
            }
        }
        "boughtTogether" => {
            let (rules, _orders) = rc::rules::bought_together(ds, &input!(or::RulesInput, "boughtTogether").check()?)?;
            for r in &rules {
                let _ = (ds.product_ids.get(r.antecedent), &ds.product_names[r.antecedent as usize]);
                let _ = (ds.product_ids.get(r.consequent), &ds.product_names[r.consequent as usize]);
            }
        }
        "evaluateRecommendations" => touch(&rc::evaluate::evaluate(ds, &input!(or::EvaluateInput, "evaluateRecommendations").check()?)?),
        "clv" => {
            let r = crmkit::clv::clv(ds, &input!(options::clv::ClvInput, "clv").check()?)?;
            check_columns(&r, Some(customers), "clv");
            touch(&r);
        }
        "products" => touch(&pr::abc::products(ds, &input!(op::ProductsInput, "products").check()?)?),
        "seasonality" => touch(&pr::season::seasonality(ds, &input!(op::SeasonalityInput, "seasonality").check()?)?),
        "entryProducts" => touch(&pr::entry::entry_products(ds, &input!(op::EntryInput, "entryProducts").check()?)?),
        "nextProducts" => touch(&pr::entry::next_products(ds, &input!(op::NextInput, "nextProducts").check()?)?),
        "replenishment" => touch(&pr::reorder::replenishment(ds, &input!(op::ReplenishmentInput, "replenishment").check()?)?),
        "dueToReorder" | "dueToReorderCsv" => {
            let r = pr::reorder::due_to_reorder(ds, &input!(op::DueInput, "dueToReorder").check()?)?;
            if name == "dueToReorderCsv" {
                let _ = pr::reorder::due_csv(&r);
            }
            touch(&r);
        }
        "summary" => {
            touch(&crmkit::summary::summary(ds));
            let _ = crmkit::export::rejected_csv(ds);
            let _: Vec<&str> = ds.customer_ids.iter().chain(ds.product_ids.iter()).collect();
        }
        "campaigns" => touch(&crmkit::campaigns::rates::campaigns(ds, &input!(oc::CampaignsInput, "campaigns").check()?)?),
        "compareVariants" => touch(&crmkit::campaigns::compare::compare_variants(ds, &required!(oc::CompareVariantsInput, "compareVariants").check()?)?),
        "campaignFactors" => touch(&crmkit::campaigns::factors::campaign_factors(ds, &input!(oc::CampaignFactorsInput, "campaignFactors").check()?)?),
        "sendTimes" => touch(&crmkit::campaigns::timing::send_times(ds, &input!(oc::SendTimesInput, "sendTimes").check()?)?),
        "fatigue" => touch(&crmkit::campaigns::timing::fatigue(ds, &input!(oc::FatigueInput, "fatigue").check()?)?),
        "stepMails" => touch(&crmkit::campaigns::steps::step_mails(ds, &input!(oc::StepMailsInput, "stepMails").check()?)?),
        "campaignMembers" => {
            let (csv, _) = crmkit::campaigns::members::campaign_members(ds, &input!(oc::CampaignMembersInput, "campaignMembers").check()?)?;
            assert!(csv.starts_with("\u{FEFF}".as_bytes()));
        }
        "addCustomers+crosstab" => {
            let mut owned = ds.clone();
            let p = input!(options::tables::AddCustomersInput, "addCustomers").check("addCustomers")?;
            let report = crmkit::attributes::add_customers(&mut owned, &customers_csv(ds), &p)?;
            assert_eq!(report.rows, report.rows_accepted + report.rows_rejected);
            touch(&crmkit::crosstab::crosstab(&owned, &required!(os::CrosstabInput, "crosstab").check()?)?);
        }
        other => unreachable!("{other}"),
    }
    Ok(())
}
