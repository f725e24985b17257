//! Options of the table reads: `fromCsv` / `CsvReader.finish`, `inspectCsv`, `addCustomers`, and
//! the table part of `Clv.fromSummary`. All share `encoding`, `delimiter`, `columns` and
//! `onInvalidRow`; `columns` is checked against the fields the table declares.

use super::{invalid, one_of, Callback};
use crate::attributes::AddCustomersParams;
use crate::dates::DateOrder;
use crate::dataset::RevenueRules;
use crate::ingest::OrderOptions;
use crate::error::{Error, Result};
use crate::table::encoding::EncodingChoice;
use crate::table::{ColumnOverride, InvalidRowPolicy, ReadOptions, TableSpec, DELIMITERS};
use serde::de;
use serde::Deserialize;
use std::fmt;

/// One field of the `columns` option: a header name, or `false` for "not in this file".
#[derive(Clone, Debug, PartialEq)]
pub enum ColumnChoice {
    Header(String),
    Flag(bool),
}

impl From<&str> for ColumnChoice {
    fn from(name: &str) -> Self {
        ColumnChoice::Header(name.to_string())
    }
}

impl<'de> Deserialize<'de> for ColumnChoice {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> de::Visitor<'de> for V {
            type Value = ColumnChoice;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a header name (string) or false")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<ColumnChoice, E> {
                Ok(ColumnChoice::Header(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> std::result::Result<ColumnChoice, E> {
                Ok(ColumnChoice::Flag(v))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// The `columns` option: field name → choice, in the caller's order. Its keys are the table's
/// field names, checked by [`TableInput::check`] against the table's spec.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Columns(pub Vec<(String, ColumnChoice)>);

impl<'de> Deserialize<'de> for Columns {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> de::Visitor<'de> for V {
            type Value = Columns;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of field → header name (e.g. { customerId: '会員ID' })")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> std::result::Result<Columns, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, ColumnChoice>()? {
                    out.push((k, v));
                }
                Ok(Columns(out))
            }
        }
        deserializer.deserialize_map(V)
    }
}

/// The options every table read shares.
#[derive(Clone, Debug, Default)]
pub struct TableInput {
    pub encoding: Option<String>,
    pub delimiter: Option<String>,
    pub columns: Option<Columns>,
    pub on_invalid_row: Option<String>,
}

impl TableInput {
    /// Validate against the table's fields. `method` prefixes unknown `columns` keys.
    pub fn check(self, spec: &TableSpec, method: &str) -> Result<ReadOptions> {
        let encoding = self.encoding.as_deref().map(EncodingChoice::parse).transpose()?;
        let delimiter = match self.delimiter.as_deref() {
            None => None,
            Some(d) => match DELIMITERS.iter().find(|(name, _)| *name == d) {
                Some((_, 0)) => None,
                Some((_, byte)) => Some(*byte),
                None => return Err(invalid("delimiter", format!("\"{d}\" is not supported; use 'auto', ',', '\\t', ';' or '|'"))),
            },
        };
        let on_invalid_row = one_of(self.on_invalid_row.as_deref(), "onInvalidRow", InvalidRowPolicy::Skip, &[("skip", InvalidRowPolicy::Skip), ("error", InvalidRowPolicy::Error)])?;
        let mut columns = Vec::new();
        for (key, choice) in self.columns.unwrap_or_default().0 {
            let Some(field) = spec.position(&key) else {
                let known: Vec<&str> = spec.names().collect();
                return Err(Error::InvalidOption { option: format!("{method}.columns.{key}"), message: super::value::unknown_key_message(&key, &known) });
            };
            match choice {
                ColumnChoice::Header(name) => columns.push((field, ColumnOverride::Header(name))),
                ColumnChoice::Flag(false) => columns.push((field, ColumnOverride::Skip)),
                ColumnChoice::Flag(true) => return Err(invalid(&format!("columns.{key}"), "give the header name, or false to leave the field out".into())),
            }
        }
        Ok(ReadOptions { encoding, delimiter, columns, on_invalid_row, ..Default::default() })
    }
}

/// `revenue` of `fromCsv`: which non-product lines count as revenue.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RevenueInput {
    pub shipping: Option<bool>,
    pub fees: Option<bool>,
}

/// `Dataset.fromCsv(bytes, options)` and `CsvReader.finish(options)`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FromCsvInput {
    pub encoding: Option<String>,
    pub delimiter: Option<String>,
    pub columns: Option<Columns>,
    pub on_invalid_row: Option<String>,
    /// Statuses that exclude an order (replacing the built-in list).
    pub exclude_statuses: Option<Vec<String>>,
    pub revenue: Option<RevenueInput>,
    /// Salt of the hashed guest ids (default: fixed, so the same file gives the same ids).
    pub guest_salt: Option<String>,
    /// 'ymd' | 'mdy' | 'dmy': how `a/b/YYYY` dates are ordered (default: decided from the data).
    pub date_order: Option<String>,
    /// ISO 4217 code of the amounts (default: the layout's, a currency column's, or the sign).
    pub currency: Option<String>,
    /// Taken out by the boundary; here so that it is a known, type-checked option.
    pub on_progress: Option<Callback>,
}

impl FromCsvInput {
    pub fn check(self, method: &str) -> Result<OrderOptions> {
        let mut read = TableInput { encoding: self.encoding, delimiter: self.delimiter, columns: self.columns, on_invalid_row: self.on_invalid_row }
            .check(&crate::ingest::ORDERS, method)?;
        read.date_order = date_order(self.date_order.as_deref())?;
        let currency = self.currency.as_deref().map(currency_code).transpose()?;
        let exclude_statuses = match self.exclude_statuses {
            None => None,
            Some(list) => {
                if list.iter().any(|s| s.trim().is_empty()) {
                    return Err(invalid("excludeStatuses", "statuses must not be empty strings".into()));
                }
                Some(list.iter().map(|s| crate::ingest::rules::folded(s.as_bytes())).collect())
            }
        };
        if self.guest_salt.as_deref().is_some_and(|s| s.is_empty()) {
            return Err(invalid("guestSalt", "give a non-empty salt, or leave the option out".into()));
        }
        let revenue = self.revenue.unwrap_or_default();
        Ok(OrderOptions {
            read,
            exclude_statuses,
            revenue: RevenueRules { shipping: revenue.shipping.unwrap_or(false), fees: revenue.fees.unwrap_or(false) },
            guest_salt: self.guest_salt,
            currency,
        })
    }
}

/// The `dateOrder` option.
fn date_order(value: Option<&str>) -> Result<Option<DateOrder>> {
    value
        .map(|v| one_of(Some(v), "dateOrder", DateOrder::YearFirst, &DateOrder::NAMES))
        .transpose()
}

/// The `currency` option: three letters of ISO 4217, upper-cased.
fn currency_code(value: &str) -> Result<String> {
    let code = value.trim();
    if code.len() == 3 && code.bytes().all(|b| b.is_ascii_alphabetic()) {
        Ok(code.to_ascii_uppercase())
    } else {
        Err(invalid("currency", format!("\"{value}\" is not an ISO 4217 code; use three letters such as \"JPY\", \"USD\", \"EUR\"")))
    }
}

/// Which table `inspectCsv` looks at.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TableKind {
    #[default]
    Orders,
    Customers,
    CustomerSummary,
    Messages,
}

impl TableKind {
    pub fn spec(self) -> &'static TableSpec {
        match self {
            TableKind::Orders => &crate::ingest::ORDERS,
            TableKind::Customers => &crate::attributes::CUSTOMERS,
            TableKind::CustomerSummary => &crate::clv::summary_table::CUSTOMER_SUMMARY,
            TableKind::Messages => &crate::campaigns::table::MESSAGES,
        }
    }
}

/// `inspectCsv(bytes, options)`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InspectCsvInput {
    pub table: Option<String>,
    pub encoding: Option<String>,
    pub delimiter: Option<String>,
    pub columns: Option<Columns>,
    /// Data rows to return (default 10, at most 1,000).
    pub rows: Option<u32>,
    pub truncated: Option<bool>,
    /// As in `fromCsv` (orders only): the preview's dates are read in this order.
    pub date_order: Option<String>,
}

/// Validated `inspectCsv` options.
#[derive(Clone, Debug, Default)]
pub struct InspectParams {
    pub table: TableKind,
    pub read: ReadOptions,
    pub rows: usize,
    pub truncated: bool,
}

impl InspectCsvInput {
    pub fn check(self, method: &str) -> Result<InspectParams> {
        let table = one_of(
            self.table.as_deref(),
            "table",
            TableKind::Orders,
            &[("orders", TableKind::Orders), ("customers", TableKind::Customers), ("customerSummary", TableKind::CustomerSummary), ("messages", TableKind::Messages)],
        )?;
        let rows = match self.rows {
            None => 10,
            Some(n) if n <= 1000 => n as usize,
            Some(n) => return Err(invalid("rows", format!("must be a whole number 0 … 1000, got {n}"))),
        };
        let mut read = TableInput { encoding: self.encoding, delimiter: self.delimiter, columns: self.columns, on_invalid_row: None }.check(table.spec(), method)?;
        if self.date_order.is_some() && table != TableKind::Orders {
            return Err(invalid("dateOrder", "applies to the orders table only (table: 'orders')".into()));
        }
        read.date_order = date_order(self.date_order.as_deref())?;
        Ok(InspectParams { table, read, rows, truncated: self.truncated.unwrap_or(false) })
    }
}

/// `ds.addCustomers(bytes, options)`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AddCustomersInput {
    pub encoding: Option<String>,
    pub delimiter: Option<String>,
    pub columns: Option<Columns>,
    pub on_invalid_row: Option<String>,
    /// Header of the customer id column (the same as `columns.customerId`).
    pub customer_id: Option<String>,
    /// Date at which ages are computed from birth dates (default: the day after the last order).
    pub as_of: Option<String>,
}

impl AddCustomersInput {
    pub fn check(self, method: &str) -> Result<AddCustomersParams> {
        let mut columns = self.columns.unwrap_or_default();
        if let Some(id) = self.customer_id {
            if columns.0.iter().any(|(k, _)| k == "customerId") {
                return Err(invalid("customerId", "give the customer id column once: customerId or columns.customerId".into()));
            }
            columns.0.insert(0, ("customerId".into(), ColumnChoice::Header(id)));
        }
        let read = TableInput { encoding: self.encoding, delimiter: self.delimiter, columns: Some(columns), on_invalid_row: self.on_invalid_row }
            .check(&crate::attributes::CUSTOMERS, method)?;
        Ok(AddCustomersParams { read, as_of: super::date(self.as_of.as_deref(), "asOf")? })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Required;

    /// The table reader's blank-row check relies on it: a blank row fails every table's parse.
    #[test]
    fn every_table_requires_a_field() {
        for kind in [TableKind::Orders, TableKind::Customers, TableKind::CustomerSummary, TableKind::Messages] {
            let spec = kind.spec();
            assert!(spec.fields.iter().any(|f| f.required != Required::No), "{}", spec.name);
        }
    }
}

/// `ds.pseudonymize(options)`.
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PseudonymizeInput {
    /// The key of the keyed hash (at least 16 characters); absent: a fresh random one.
    pub salt: Option<String>,
}

impl PseudonymizeInput {
    pub fn check(self) -> Result<crate::pseudonym::Pseudonymizer> {
        let salt = match self.salt {
            Some(s) if s.chars().count() < crate::pseudonym::MIN_SALT_CHARS => {
                return Err(super::invalid(
                    "salt",
                    format!("must be at least {} characters (a short salt can be guessed, and the ids re-identified); omit it for a fresh random one", crate::pseudonym::MIN_SALT_CHARS),
                ))
            }
            Some(s) => s,
            None => crate::pseudonym::Pseudonymizer::fresh_salt()?,
        };
        Ok(crate::pseudonym::Pseudonymizer::new(&salt))
    }
}

/// `ds.auditReport(options)`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditReportInput {
    /// SHA-256 of the input file as 64 hex digits (e.g. from `crypto.subtle.digest`).
    pub input_sha256: Option<String>,
}

impl AuditReportInput {
    pub fn check(self) -> Result<Option<String>> {
        match self.input_sha256 {
            Some(h) if h.len() != 64 || !h.bytes().all(|b| b.is_ascii_hexdigit()) => Err(invalid("inputSha256", "must be 64 hex digits (the SHA-256 of the file)".into())),
            other => Ok(other.map(|h| h.to_ascii_lowercase())),
        }
    }
}
