//! The JS boundary — the only module that knows about JavaScript. Options come in as plain
//! objects (validated by serde, unknown keys rejected), small results go out through
//! serde-wasm-bindgen, bulk bytes as `Uint8Array`, and every failure becomes a JS `Error` with a
//! `code` (and `line` / `option` where known) in [`into_js_error`]. Nothing here panics on input.

use crate::error::Error;
use crate::ingest::CsvOptionsInput;
use crate::synthetic::SyntheticOptions;
use js_sys::{Function, Object, Reflect};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

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
    #[wasm_bindgen(typescript_type = "AddCustomersOptions")]
    pub type AddCustomersOptionsArg;
    #[wasm_bindgen(typescript_type = "CrosstabOptions")]
    pub type CrosstabOptionsArg;
    #[wasm_bindgen(typescript_type = "CohortOptions")]
    pub type CohortOptionsArg;
    #[wasm_bindgen(typescript_type = "RecommendOptions")]
    pub type RecommendOptionsArg;
    #[wasm_bindgen(typescript_type = "BoughtTogetherOptions")]
    pub type BoughtTogetherOptionsArg;
    #[wasm_bindgen(typescript_type = "EvaluateOptions")]
    pub type EvaluateOptionsArg;
    #[wasm_bindgen(typescript_type = "ClvOptions")]
    pub type ClvOptionsArg;
}

/// Set typed-array (or any) properties on a result object built by serde.
fn attach(object: &JsValue, fields: &[(&str, JsValue)]) -> Result<(), JsValue> {
    for (key, value) in fields {
        Reflect::set(object, &JsValue::from_str(key), value)?;
    }
    Ok(())
}

/// Check the keys of a nested option object (serde-wasm-bindgen does not).
fn check_nested<T: DeserializeOwned>(options: &JsValue, key: &str, path: &str) -> Result<(), JsValue> {
    if !options.is_object() {
        return Ok(());
    }
    let value = Reflect::get(options, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    if js_sys::Array::is_array(&value) {
        for (i, item) in js_sys::Array::from(&value).iter().enumerate() {
            if item.is_object() {
                check_keys(&item, struct_fields::<T>(), &[], &format!("{path}.{key}[{i}]"))?;
            }
        }
    } else if value.is_object() {
        check_keys(&value, struct_fields::<T>(), &[], &format!("{path}.{key}"))?;
    }
    Ok(())
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
    err.into()
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_missing_as_null(true).serialize_maps_as_objects(true);
    value.serialize(&serializer).map_err(|e| {
        into_js_error(Error::InvalidOption { option: "result".into(), message: format!("could not convert the result: {e}") })
    })
}

/// The field names a derived `Deserialize` struct asks for (serde passes them to
/// `deserialize_struct`; this deserializer records them and stops).
fn struct_fields<T: DeserializeOwned>() -> &'static [&'static str] {
    use serde::de::{self, Visitor};
    struct Probe<'a>(&'a mut &'static [&'static str]);
    impl<'de> de::Deserializer<'de> for Probe<'_> {
        type Error = de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("probe"))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            *self.0 = fields;
            Err(de::Error::custom("probe"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
            unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
        }
    }
    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(Probe(&mut fields));
    fields
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (row[j + 1] + 1).min(row[j] + 1).min(prev + usize::from(ca != *cb));
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// serde-wasm-bindgen reads only the fields a struct asks for, so unknown keys (typos) would be
/// ignored silently; reject them here, naming the key and the closest known one.
fn check_keys(value: &JsValue, known: &[&str], extra: &[&str], path: &str) -> Result<(), JsValue> {
    let object: &Object = value.unchecked_ref();
    for key in Object::keys(object).iter() {
        let key = key.as_string().unwrap_or_default();
        if known.contains(&key.as_str()) || extra.contains(&key.as_str()) {
            continue;
        }
        let all: Vec<&str> = known.iter().chain(extra).copied().collect();
        let closest = all.iter().min_by_key(|k| edit_distance(&key, k)).filter(|k| edit_distance(&key, k) <= 3);
        let hint = closest.map(|k| format!("did you mean `{k}`? ")).unwrap_or_default();
        return Err(into_js_error(Error::InvalidOption {
            option: format!("{path}.{key}"),
            message: format!("unknown option; {hint}known options: {}", all.join(", ")),
        }));
    }
    Ok(())
}

/// Read an options object (undefined/null → defaults). `name` is the API call, for messages;
/// `extra` lists keys handled outside serde (callbacks).
fn read_options<T: DeserializeOwned + Default>(value: Option<JsValue>, name: &str, extra: &[&str]) -> Result<T, JsValue> {
    let value = match value {
        Some(v) if !v.is_undefined() && !v.is_null() => v,
        _ => return Ok(T::default()),
    };
    if !value.is_object() || value.is_function() || js_sys::Array::is_array(&value) {
        return Err(into_js_error(Error::InvalidOption {
            option: name.into(),
            message: "options must be a plain object, e.g. { encoding: 'auto' }".into(),
        }));
    }
    check_keys(&value, struct_fields::<T>(), extra, name)?;
    serde_wasm_bindgen::from_value(value).map_err(|e| into_js_error(Error::InvalidOption { option: name.into(), message: e.to_string() }))
}

/// Take `key` (a function) out of an options object, returning the function and a copy of the
/// object without it (so serde's unknown-field check still applies to everything else).
fn take_callback(value: &JsValue, key: &str, name: &str) -> Result<(Option<Function>, JsValue), JsValue> {
    if !value.is_object() {
        return Ok((None, value.clone()));
    }
    let key_js = JsValue::from_str(key);
    let callback = Reflect::get(value, &key_js).unwrap_or(JsValue::UNDEFINED);
    if callback.is_undefined() || callback.is_null() {
        return Ok((None, value.clone()));
    }
    let function = callback.dyn_into::<Function>().map_err(|_| {
        into_js_error(Error::InvalidOption { option: format!("{name}.{key}"), message: "must be a function".into() })
    })?;
    let copy = Object::assign(&Object::new(), value.unchecked_ref());
    let _ = Reflect::delete_property(&copy, &key_js);
    Ok((Some(function), copy.into()))
}

/// `fromCsv` and `CsvReader.finish`: options checked (nested `columns` too), progress reported.
fn load_csv(bytes: &[u8], options: JsValue, name: &str) -> Result<JsDataset, JsValue> {
    let (progress, rest) = take_callback(&options, "onProgress", name)?;
    check_nested::<crate::ingest::ColumnOptions>(&rest, "columns", name)?;
    let input: CsvOptionsInput = read_options(Some(rest), name, &["onProgress"])?;
    let validated = input.validate().map_err(into_js_error)?;
    let mut callback_error: Option<JsValue> = None;
    let mut report = |fraction: f64| {
        if let (Some(f), None) = (&progress, &callback_error) {
            if let Err(e) = f.call1(&JsValue::NULL, &JsValue::from_f64(fraction)) {
                callback_error = Some(e);
            }
        }
    };
    let result = crate::ingest::from_csv(bytes, &validated, &mut report);
    if let Some(e) = callback_error {
        return Err(e);
    }
    result.map(|inner| JsDataset { inner }).map_err(into_js_error)
}

/// Look at the start of an order CSV without loading it — the column-mapping step of a UI:
/// detected encoding and delimiter, the headers, the field mapping a load would use (after
/// `options.columns`), the required fields still missing, and the first rows (10 by default)
/// with the reason each would be rejected. Pass `truncated: true` with the first bytes of a
/// large file (`file.slice(0, 1 << 18)`).
#[wasm_bindgen(js_name = inspectCsv, unchecked_return_type = "CsvInspection")]
pub fn inspect_csv(bytes: &[u8], options: Option<InspectCsvOptionsArg>) -> Result<JsValue, JsValue> {
    let options: JsValue = options.map(Into::into).unwrap_or(JsValue::UNDEFINED);
    check_nested::<crate::ingest::ColumnOptions>(&options, "columns", "inspectCsv")?;
    let input: crate::ingest::InspectOptionsInput = read_options(Some(options), "inspectCsv", &[])?;
    let (csv, rows, truncated) = input.validate().map_err(into_js_error)?;
    to_js(&crate::ingest::inspect(bytes, &csv, rows, truncated).map_err(into_js_error)?)
}

/// Read a CSV in chunks (e.g. from `File.stream()`): the bytes go straight into WebAssembly
/// memory, so JavaScript never holds the whole file, then `finish` loads it like `fromCsv`.
#[wasm_bindgen]
pub struct CsvReader {
    buffer: Vec<u8>,
}

#[wasm_bindgen]
impl CsvReader {
    /// `expectedBytes` (e.g. `file.size`) reserves the memory once instead of growing it.
    #[wasm_bindgen(constructor)]
    pub fn new(expected_bytes: Option<f64>) -> Result<CsvReader, JsValue> {
        let mut buffer = Vec::new();
        if let Some(n) = expected_bytes {
            if !(n.is_finite() && n >= 0.0) {
                return Err(into_js_error(Error::InvalidOption {
                    option: "expectedBytes".into(),
                    message: format!("must be a byte count (>= 0), got {n}"),
                }));
            }
            if n > u32::MAX as f64 {
                return Err(into_js_error(Error::TooLarge { what: "the file", limit: u32::MAX as u64 }));
            }
            reserve(&mut buffer, n as usize)?;
        }
        Ok(CsvReader { buffer })
    }

    /// Append the next chunk of the file.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        if self.buffer.len() + chunk.len() > u32::MAX as usize {
            return Err(into_js_error(Error::TooLarge { what: "the file", limit: u32::MAX as u64 }));
        }
        reserve(&mut self.buffer, chunk.len())?;
        self.buffer.extend_from_slice(chunk);
        Ok(())
    }

    /// Bytes received so far.
    #[wasm_bindgen(getter, js_name = bytesRead)]
    pub fn bytes_read(&self) -> f64 {
        self.buffer.len() as f64
    }

    /// Load what was pushed (same options as `Dataset.fromCsv`). The reader is used up either way.
    pub fn finish(self, options: Option<FromCsvOptionsArg>) -> Result<JsDataset, JsValue> {
        load_csv(&self.buffer, options.map(Into::into).unwrap_or(JsValue::UNDEFINED), "finish")
    }
}

fn reserve(buffer: &mut Vec<u8>, additional: usize) -> Result<(), JsValue> {
    let bytes = (buffer.len() + additional) as u64;
    buffer.try_reserve(additional).map_err(|_| into_js_error(Error::OutOfMemory { bytes }))
}

/// A loaded order history. Load once (`fromCsv` or `synthetic`), then run any number of analyses;
/// the data stays inside WebAssembly memory. Call `free()` when done with it.
#[wasm_bindgen(js_name = Dataset)]
pub struct JsDataset {
    inner: crate::Dataset,
}

#[wasm_bindgen(js_class = Dataset)]
impl JsDataset {
    /// Load an order-line CSV (one row per order line) from its bytes.
    ///
    /// Encodings UTF-8 (with or without BOM), Shift_JIS/CP932 and UTF-16 (with BOM) are detected;
    /// `,` `\t` `;` delimiters are detected; English and Japanese headers are mapped to fields
    /// (see `summary().source.columns`). Rows that cannot be read are reported in
    /// `summary().rejected` with their line number and reason (or thrown with
    /// `onInvalidRow: 'error'`). Throws an `Error` with a `code` for files that cannot be read.
    #[wasm_bindgen(js_name = fromCsv)]
    pub fn from_csv(bytes: &[u8], options: Option<FromCsvOptionsArg>) -> Result<JsDataset, JsValue> {
        load_csv(bytes, options.map(Into::into).unwrap_or(JsValue::UNDEFINED), "fromCsv")
    }

    /// Realistic, deterministic demo data: a Japanese D2C shop's order history 2023-01 … 2025-12
    /// (many one-time buyers, a loyal tail, seasonality, Zipf product popularity, returns).
    pub fn synthetic(options: Option<SyntheticOptionsArg>) -> Result<JsDataset, JsValue> {
        let opts: SyntheticOptions = read_options(options.map(Into::into), "synthetic", &[])?;
        crate::synthetic::synthetic(&opts).map(|inner| JsDataset { inner }).map_err(into_js_error)
    }

    /// The same synthetic data as an order-line CSV (UTF-8 with BOM), e.g. to try `fromCsv` or
    /// another tool on identical input.
    #[wasm_bindgen(js_name = syntheticCsv)]
    pub fn synthetic_csv(options: Option<SyntheticOptionsArg>) -> Result<Vec<u8>, JsValue> {
        let opts: SyntheticOptions = read_options(options.map(Into::into), "syntheticCsv", &[])?;
        crate::synthetic::generate(&opts).map(|s| s.to_csv()).map_err(into_js_error)
    }

    /// What was read (rows, rejected rows, source mapping, warnings) and the headline KPIs with a
    /// per-month breakdown (revenue = customers × orders per customer × AOV).
    #[wasm_bindgen(unchecked_return_type = "Summary")]
    pub fn summary(&self) -> Result<JsValue, JsValue> {
        to_js(&crate::summary::summary(&self.inner))
    }

    /// Every rejected row as CSV bytes (UTF-8 with BOM): `line,code,reason`.
    #[wasm_bindgen(js_name = rejectedCsv)]
    pub fn rejected_csv(&self) -> Vec<u8> {
        crate::export::rejected_csv(&self.inner)
    }

    /// Customer ids as in the file, by customer index: `customerIds()[i]` is the customer of
    /// element `i` of every per-customer array (`rfm().segment`, `deciles().decile`, …).
    #[wasm_bindgen(js_name = customerIds, unchecked_return_type = "string[]")]
    pub fn customer_ids(&self) -> js_sys::Array {
        self.inner.customer_ids.iter().map(JsValue::from_str).collect()
    }

    /// RFM scores and named segments. R = days since the last purchase (as of `asOf`),
    /// F = purchase orders, M = net spend; quantile scores equal `pandas.qcut(x, bins,
    /// duplicates='drop')`, or fixed thresholds. Per-customer results are typed arrays indexed
    /// by customer index (see `customerIds()`).
    #[wasm_bindgen(unchecked_return_type = "RfmResult")]
    pub fn rfm(&self, options: Option<RfmOptionsArg>) -> Result<JsValue, JsValue> {
        use crate::segments::rfm::{RfmOptionsInput, SegmentRuleInput, ThresholdsInput};
        let options: JsValue = options.map(Into::into).unwrap_or(JsValue::UNDEFINED);
        check_nested::<ThresholdsInput>(&options, "thresholds", "rfm")?;
        check_nested::<SegmentRuleInput>(&options, "segmentMap", "rfm")?;
        let input: RfmOptionsInput = read_options(Some(options), "rfm", &[])?;
        let validated = input.validate().map_err(into_js_error)?;
        let r = crate::segments::rfm::rfm(&self.inner, &validated).map_err(into_js_error)?;
        let object = to_js(&r)?;
        attach(
            &object,
            &[
                ("recency", js_sys::Float64Array::from(&r.recency[..]).into()),
                ("frequency", js_sys::Uint32Array::from(&r.frequency[..]).into()),
                ("monetary", js_sys::Float64Array::from(&r.monetary[..]).into()),
                ("rScore", js_sys::Uint8Array::from(&r.r_score[..]).into()),
                ("fScore", js_sys::Uint8Array::from(&r.f_score[..]).into()),
                ("mScore", js_sys::Uint8Array::from(&r.m_score[..]).into()),
                ("segment", js_sys::Uint8Array::from(&r.segment[..]).into()),
            ],
        )?;
        Ok(object)
    }

    /// Decile analysis (デシル分析): customers ranked by net spend in the window, 10 equal-count
    /// groups (decile 1 = top) with customers, revenue, share, cumulative share, orders, AOV.
    #[wasm_bindgen(unchecked_return_type = "DecileResult")]
    pub fn deciles(&self, options: Option<DecileOptionsArg>) -> Result<JsValue, JsValue> {
        let input: crate::segments::decile::DecileOptionsInput = read_options(options.map(Into::into), "deciles", &[])?;
        let d = crate::segments::decile::deciles(&self.inner, &input).map_err(into_js_error)?;
        let object = to_js(&d)?;
        attach(&object, &[("decile", js_sys::Uint8Array::from(&d.decile[..]).into())])?;
        Ok(object)
    }

    /// CPM (顧客ポートフォリオ・マネジメント): 10 groups by purchases, tenure, spend and lapse, as of
    /// `asOf`, with month-end snapshots and month-to-month flows.
    #[wasm_bindgen(unchecked_return_type = "CpmResult")]
    pub fn cpm(&self, options: Option<CpmOptionsArg>) -> Result<JsValue, JsValue> {
        use crate::segments::cpm::{CpmOptionsInput, CpmThresholdsInput};
        let options: JsValue = options.map(Into::into).unwrap_or(JsValue::UNDEFINED);
        check_nested::<CpmThresholdsInput>(&options, "thresholds", "cpm")?;
        let input: CpmOptionsInput = read_options(Some(options), "cpm", &[])?;
        let r = crate::segments::cpm::cpm(&self.inner, &input).map_err(into_js_error)?;
        let object = to_js(&r)?;
        attach(&object, &[("group", js_sys::Uint8Array::from(&r.group[..]).into())])?;
        Ok(object)
    }

    /// Repeat purchase and F2転換率: repeat rate, F(n)→F(n+1), F2 within day windows (fully observed
    /// windows only), by first-purchase month, and days from the 1st to the 2nd purchase.
    #[wasm_bindgen(unchecked_return_type = "RepeatResult")]
    pub fn repeat(&self, options: Option<RepeatOptionsArg>) -> Result<JsValue, JsValue> {
        let input: crate::segments::repeat::RepeatOptionsInput = read_options(options.map(Into::into), "repeat", &[])?;
        let r = crate::segments::repeat::repeat(&self.inner, &input).map_err(into_js_error)?;
        to_js(&r)
    }

    /// Target list for the mail / LINE tool: the customers of an RFM segment (a string: key such
    /// as 'at_risk' or display name such as '離脱危機'), or of a selection by RFM segment, CPM group
    /// and decile (combined with AND), as CSV bytes (UTF-8 with BOM) with their metrics.
    #[wasm_bindgen(js_name = segmentMembers)]
    pub fn segment_members(&self, selector: SegmentSelectorArg) -> Result<Vec<u8>, JsValue> {
        use crate::segments::members::{MembersInput, OneOrMany};
        use crate::segments::rfm::{RfmOptionsInput, SegmentRuleInput, ThresholdsInput};
        let selector: JsValue = selector.into();
        let input = if let Some(name) = selector.as_string() {
            MembersInput { rfm_segment: Some(OneOrMany::One(name)), ..Default::default() }
        } else {
            for key in ["rfm", "cpm", "deciles"] {
                let nested = Reflect::get(&selector, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
                let path = format!("segmentMembers.{key}");
                match key {
                    "rfm" if nested.is_object() => {
                        check_keys(&nested, struct_fields::<RfmOptionsInput>(), &[], &path)?;
                        check_nested::<ThresholdsInput>(&nested, "thresholds", &path)?;
                        check_nested::<SegmentRuleInput>(&nested, "segmentMap", &path)?;
                    }
                    "cpm" if nested.is_object() => {
                        check_keys(&nested, struct_fields::<crate::segments::cpm::CpmOptionsInput>(), &[], &path)?;
                        check_nested::<crate::segments::cpm::CpmThresholdsInput>(&nested, "thresholds", &path)?;
                    }
                    "deciles" if nested.is_object() => {
                        check_keys(&nested, struct_fields::<crate::segments::decile::DecileOptionsInput>(), &[], &path)?;
                    }
                    _ => {}
                }
            }
            read_options(Some(selector), "segmentMembers", &[])?
        };
        crate::segments::members::segment_members(&self.inner, &input).map(|(csv, _)| csv).map_err(into_js_error)
    }

    /// Join a customer table (customer id + attributes such as gender/性別, birth date/生年月日 or
    /// age/年齢, prefecture/都道府県, signup date/会員登録日, channel/流入経路, any other column) for
    /// `crosstab`. Customers missing from the table get `unknown`; replaces earlier attributes.
    #[wasm_bindgen(js_name = addCustomers, unchecked_return_type = "AddCustomersReport")]
    pub fn add_customers(&mut self, bytes: &[u8], options: Option<AddCustomersOptionsArg>) -> Result<JsValue, JsValue> {
        let input: crate::attributes::AddCustomersInput = read_options(options.map(Into::into), "addCustomers", &[])?;
        let report = crate::attributes::add_customers(&mut self.inner, bytes, &input).map_err(into_js_error)?;
        to_js(&report)
    }

    /// Customers, revenue or AOV by two dimensions: attributes from `addCustomers`, `rfmSegment`,
    /// `cpmGroup` or `decile` (e.g. `{ rows: 'ageBand', cols: 'rfmSegment' }`).
    #[wasm_bindgen(unchecked_return_type = "CrosstabResult")]
    pub fn crosstab(&self, options: CrosstabOptionsArg) -> Result<JsValue, JsValue> {
        use crate::segments::rfm::{RfmOptionsInput, SegmentRuleInput, ThresholdsInput};
        let options: JsValue = options.into();
        if options.is_object() {
            let nested = Reflect::get(&options, &JsValue::from_str("rfm")).unwrap_or(JsValue::UNDEFINED);
            if nested.is_object() {
                check_keys(&nested, struct_fields::<RfmOptionsInput>(), &[], "crosstab.rfm")?;
                check_nested::<ThresholdsInput>(&nested, "thresholds", "crosstab.rfm")?;
                check_nested::<SegmentRuleInput>(&nested, "segmentMap", "crosstab.rfm")?;
            }
            check_nested::<crate::segments::cpm::CpmOptionsInput>(&options, "cpm", "crosstab")?;
        }
        let input: crate::crosstab::CrosstabInput = read_options(Some(options), "crosstab", &[])?;
        let t = crate::crosstab::crosstab(&self.inner, &input).map_err(into_js_error)?;
        to_js(&t)
    }

    /// Cohort retention / LTV curves: cohorts by first-purchase period, cells per period since,
    /// `values` and `rates` as row-major `Float64Array` (NaN = not observed yet), the weighted
    /// average curve, optional groups (入口商品, category, attribute, RFM segment), and the
    /// distribution of days between purchases.
    #[wasm_bindgen(unchecked_return_type = "CohortResult")]
    pub fn cohorts(&self, options: Option<CohortOptionsArg>) -> Result<JsValue, JsValue> {
        let input: crate::cohort::CohortOptionsInput = read_options(options.map(Into::into), "cohorts", &[])?;
        let r = crate::cohort::cohorts(&self.inner, &input).map_err(into_js_error)?;
        let object = to_js(&r)?;
        let arrays = |m: &crate::cohort::CohortMatrix| -> [(&str, JsValue); 2] {
            [("values", js_sys::Float64Array::from(&m.values[..]).into()), ("rates", js_sys::Float64Array::from(&m.rates[..]).into())]
        };
        attach(&object, &arrays(&r.overall))?;
        let groups = Reflect::get(&object, &JsValue::from_str("groups"))?;
        for (i, group) in r.groups.iter().enumerate() {
            let target = Reflect::get(&groups, &JsValue::from_f64(i as f64))?;
            attach(&target, &arrays(group))?;
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
    pub fn recommend(&self, options: Option<RecommendOptionsArg>) -> Result<JsValue, JsValue> {
        let input: crate::recommend::RecommendInput = read_options(options.map(Into::into), "recommend", &[])?;
        let r = crate::recommend::recommend(&self.inner, &input).map_err(into_js_error)?;
        let object = Object::new();
        attach(
            &object,
            &[
                ("customers", JsValue::from_f64(r.customers as f64)),
                ("coldStartCustomers", JsValue::from_f64(r.cold_start_customers as f64)),
                ("similarityEntries", JsValue::from_f64(r.similarity_entries as f64)),
                ("customerIndex", js_sys::Uint32Array::from(&r.customer_index[..]).into()),
                ("itemIndex", js_sys::Uint32Array::from(&r.item_index[..]).into()),
                ("score", js_sys::Float64Array::from(&r.score[..]).into()),
                ("rank", js_sys::Uint16Array::from(&r.rank[..]).into()),
                ("popularity", js_sys::Uint8Array::from(&r.popularity[..]).into()),
            ],
        )?;
        Ok(object.into())
    }

    /// Recommendations as CSV (UTF-8 with BOM): customer_id, rank, product_id, product_name, score, source.
    #[wasm_bindgen(js_name = recommendationsCsv)]
    pub fn recommendations_csv(&self, options: Option<RecommendOptionsArg>) -> Result<Vec<u8>, JsValue> {
        let input: crate::recommend::RecommendInput = read_options(options.map(Into::into), "recommendationsCsv", &[])?;
        let r = crate::recommend::recommend(&self.inner, &input).map_err(into_js_error)?;
        Ok(crate::recommend::recommendations_csv(&self.inner, &r))
    }

    /// The k items most similar to a product (by product id), with similarity and co-occurrence count.
    #[wasm_bindgen(js_name = similarItems, unchecked_return_type = "SimilarItem[]")]
    pub fn similar_items(&self, product_id: &str, k: Option<u32>, options: Option<RecommendOptionsArg>) -> Result<JsValue, JsValue> {
        let input: crate::recommend::RecommendInput = read_options(options.map(Into::into), "similarItems", &[])?;
        let rows = crate::recommend::similar_items(&self.inner, product_id, k.unwrap_or(10) as usize, &input).map_err(into_js_error)?;
        let ds = &self.inner;
        let list: Vec<SimilarItemRow> = rows
            .iter()
            .map(|&(j, s, c)| SimilarItemRow { product_id: ds.product_ids.get(j), name: &ds.product_names[j as usize], similarity: s, together: c })
            .collect();
        to_js(&list)
    }

    /// 併売分析: "bought together" rules A → B over orders with support, confidence and lift.
    #[wasm_bindgen(js_name = boughtTogether, unchecked_return_type = "BoughtTogetherResult")]
    pub fn bought_together(&self, options: Option<BoughtTogetherOptionsArg>) -> Result<JsValue, JsValue> {
        let input: crate::recommend::rules::RulesInput = read_options(options.map(Into::into), "boughtTogether", &[])?;
        let (rules, orders) = crate::recommend::rules::bought_together(&self.inner, &input).map_err(into_js_error)?;
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
    pub fn evaluate_recommendations(&self, options: Option<EvaluateOptionsArg>) -> Result<JsValue, JsValue> {
        let input: crate::recommend::evaluate::EvaluateInput = read_options(options.map(Into::into), "evaluateRecommendations", &[])?;
        let e = crate::recommend::evaluate::evaluate(&self.inner, &input).map_err(into_js_error)?;
        to_js(&e)
    }

    /// CLV and churn: BG/NBD + Gamma-Gamma fitted by maximum likelihood on the calibration period;
    /// per customer (typed arrays by customer index) frequency/recency/T/monetary (BTYD
    /// definitions), P(alive), expected purchases in 90 days, expected order value, discounted CLV
    /// and churn risk (P(no purchase in 90 days)); risk bands; calibration/holdout comparison.
    #[wasm_bindgen(unchecked_return_type = "ClvResult")]
    pub fn clv(&self, options: Option<ClvOptionsArg>) -> Result<JsValue, JsValue> {
        let input: crate::clv::ClvOptionsInput = read_options(options.map(Into::into), "clv", &[])?;
        let r = crate::clv::clv(&self.inner, &input).map_err(into_js_error)?;
        clv_to_js(&r)
    }
}

/// Fit CLV models to a customer summary computed elsewhere (e.g. by `sql/customer_summary.*.sql`).
#[wasm_bindgen]
pub struct Clv {}

#[wasm_bindgen]
impl Clv {
    /// Read a summary CSV (`customer_id, frequency, recency, T, monetary_value`; lifetimes' names
    /// `x, t_x, zbar` work too), fit BG/NBD + Gamma-Gamma and predict, as `ds.clv()` does.
    /// `customerIds` gives the id of each per-customer array element; `rejected` lists unusable rows.
    #[wasm_bindgen(js_name = fromSummary, unchecked_return_type = "ClvResult & { customerIds: string[] }")]
    pub fn from_summary(bytes: &[u8], options: Option<ClvOptionsArg>) -> Result<JsValue, JsValue> {
        let input: crate::clv::ClvOptionsInput = read_options(options.map(Into::into), "fromSummary", &[])?;
        let (ids, r) = crate::clv::clv_from_summary(bytes, &input).map_err(into_js_error)?;
        let object = clv_to_js(&r)?;
        let ids: js_sys::Array = ids.iter().map(|s| JsValue::from_str(s)).collect();
        attach(&object, &[("customerIds", ids.into())])?;
        Ok(object)
    }
}

fn clv_to_js(r: &crate::clv::ClvResult) -> Result<JsValue, JsValue> {
    {
        let object = to_js(r)?;
        let f64s = |v: &[f64]| -> JsValue { js_sys::Float64Array::from(v).into() };
        attach(
            &object,
            &[
                ("frequency", f64s(&r.frequency)),
                ("recency", f64s(&r.recency)),
                ("T", f64s(&r.t)),
                ("monetaryValue", f64s(&r.monetary)),
                ("pAlive", f64s(&r.p_alive)),
                ("expectedPurchases", f64s(&r.expected_purchases)),
                ("expectedOrderValue", f64s(&r.expected_value)),
                ("clv", f64s(&r.clv)),
                ("churnRisk", f64s(&r.churn_risk)),
            ],
        )?;
        Ok(object)
    }
}

#[wasm_bindgen(js_class = Dataset)]
impl JsDataset {

    /// Number of customers (ids are dense indices 0 … customers−1 in every per-customer result).
    #[wasm_bindgen(getter, js_name = customerCount)]
    pub fn customer_count(&self) -> u32 {
        self.inner.customers() as u32
    }

    /// Bytes held by this Dataset in WebAssembly memory.
    #[wasm_bindgen(js_name = memoryBytes)]
    pub fn memory_bytes(&self) -> f64 {
        self.inner.memory_bytes() as f64
    }
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
