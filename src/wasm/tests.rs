//! The boundary tested from Rust, calling the exports exactly as JS does (JS objects in, JS
//! errors and typed arrays out), in Node through wasm-bindgen-test-runner:
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner cargo test --target wasm32-unknown-unknown --lib wasm::`

use super::*;
use wasm_bindgen_test::wasm_bindgen_test;

const ORDERS: &[u8] = b"order_id,customer_id,order_date,product_id,amount\no1,A,2024-01-05,P1,100\no2,A,2024-02-05,P2,50\no3,B,2024-01-07,P1,80\no4,C,2024-03-01,P2,30\n";

/// A JS object from JSON text.
/// Bytes as JS passes them (a `Uint8Array`).
fn bytes(b: &[u8]) -> JsValue {
    js_sys::Uint8Array::from(b).into()
}

fn object(json: &str) -> JsValue {
    js_sys::JSON::parse(json).expect("valid JSON")
}

fn field(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// The `code` and `option` of a thrown CrmkitError.
fn error_of<T>(result: JsResult<T>) -> (String, Option<String>) {
    let err = result.err().expect("an error");
    assert_eq!(field(&err, "name").as_string().as_deref(), Some("CrmkitError"));
    (field(&err, "code").as_string().unwrap_or_default(), field(&err, "option").as_string())
}

fn dataset() -> JsDataset {
    JsDataset::from_csv(bytes(ORDERS), None).expect("loads")
}

#[wasm_bindgen_test]
fn loads_and_summarises() {
    let ds = dataset();
    let summary = ds.summary().expect("summary");
    assert_eq!(field(&summary, "customers").as_f64(), Some(3.0));
    assert_eq!(field(&summary, "orders").as_f64(), Some(4.0));
}

#[wasm_bindgen_test]
fn misspelt_keys_name_their_full_path() {
    let bad = object(r#"{ "columns": { "amout": "amount" } }"#);
    let (code, option) = error_of(JsDataset::from_csv(bytes(ORDERS), Some(bad.unchecked_into())));
    assert_eq!((code.as_str(), option.as_deref()), ("INVALID_OPTION", Some("fromCsv.columns.amout")));
    // The case the old per-method list missed: crosstab's cpm.thresholds.
    let ds = dataset();
    let bad = object(r#"{ "rows": "decile", "cols": "cpmGroup", "cpm": { "thresholds": { "spnd": 1 } } }"#);
    let (code, option) = error_of(ds.crosstab(bad.unchecked_into()));
    assert_eq!((code.as_str(), option.as_deref()), ("INVALID_OPTION", Some("crosstab.cpm.thresholds.spnd")));
    // A value that is not allowed is named by its own path.
    let (_, option) = error_of(ds.rfm(Some(object(r#"{ "bins": 11 }"#).unchecked_into())));
    assert_eq!(option.as_deref(), Some("bins"));
}

#[wasm_bindgen_test]
fn per_customer_results_are_typed_arrays() {
    let ds = dataset();
    let rfm = ds.rfm(None).expect("rfm");
    let segment = field(&rfm, "segment");
    assert!(segment.is_instance_of::<js_sys::Uint8Array>());
    assert_eq!(segment.unchecked_ref::<js_sys::Uint8Array>().length(), 3);
    let recency = field(&rfm, "recency");
    assert!(recency.is_instance_of::<js_sys::Float64Array>());
}

#[wasm_bindgen_test]
fn wrong_argument_types_are_errors_not_traps() {
    let ds = dataset();
    let (code, option) = error_of(ds.similar_items(JsValue::from_f64(123.0), None, None));
    assert_eq!((code.as_str(), option.as_deref()), ("INVALID_OPTION", Some("productId")));
    let (code, _) = error_of(ds.segment_members(JsValue::from_f64(1.0).unchecked_into()));
    assert_eq!(code, "INVALID_OPTION");
}

#[wasm_bindgen_test]
fn analysis_errors_say_what_happened() {
    // No product column: recommendations need one (MISSING_COLUMN, not an option error).
    let ds = JsDataset::from_csv(bytes(b"customer_id,order_date,amount\nA,2024-01-01,10\n"), None).expect("loads");
    assert_eq!(error_of(ds.recommend(None)).0, "MISSING_COLUMN");
    // Four customers are too few for CLV.
    assert_eq!(error_of(dataset().clv(None)).0, "INSUFFICIENT_DATA");
}

#[wasm_bindgen_test]
fn inspection_reports_the_fields_of_any_table() {
    let customers = b"\xe4\xbc\x9a\xe5\x93\xa1ID,\xe6\x80\xa7\xe5\x88\xa5\nA,F\n"; // 会員ID,性別
    let options = object(r#"{ "table": "customers" }"#);
    let inspection = inspect_csv(bytes(customers), Some(options.unchecked_into())).expect("inspects");
    assert_eq!(field(&inspection, "table").as_string().as_deref(), Some("customers"));
    let missing = field(&inspection, "missing");
    assert_eq!(missing.unchecked_ref::<js_sys::Array>().length(), 0);
    let fields = field(&inspection, "fields");
    let first = fields.unchecked_ref::<js_sys::Array>().get(0);
    assert_eq!(field(&first, "field").as_string().as_deref(), Some("customerId"));
    assert_eq!(field(&first, "column").as_string().as_deref(), Some("会員ID"));
}

#[wasm_bindgen_test]
fn a_csv_reader_feeds_any_table() {
    let mut ds = dataset();
    let mut reader = CsvReader::new(None, None).expect("reader");
    reader.push(bytes(b"customer_id,gender\nA,F\nB,M\n")).expect("push");
    let report = ds.add_customers(JsValue::from(reader).unchecked_into(), None).expect("adds");
    assert_eq!(field(&report, "matched").as_f64(), Some(2.0));
}

#[wasm_bindgen_test]
fn a_csv_reader_with_options_reads_orders_as_they_arrive() {
    let csv = b"customer_id,order_date,amount\nA,2024-01-05,100\nB,2024-01-06,\"2,000\"\nA,2024-02-01,50\n";
    let mut reader = CsvReader::new(Some(csv.len() as f64), Some(object("{}").unchecked_into())).expect("reader");
    for chunk in csv.chunks(7) {
        reader.push(bytes(chunk)).expect("push");
    }
    assert_eq!(reader.bytes_read(), csv.len() as f64);
    let ds = reader.finish(None).expect("loads");
    let summary = ds.summary().expect("summary");
    assert_eq!(field(&summary, "rows").as_f64(), Some(3.0));
    assert_eq!(field(&summary, "revenue").as_f64(), Some(2150.0));
    let opened = CsvReader::new(None, Some(object("{}").unchecked_into())).expect("reader");
    let err = opened.finish(Some(object("{}").unchecked_into())).err().expect("options twice");
    assert_eq!(field(&err, "option").as_string().as_deref(), Some("finish"));
}
