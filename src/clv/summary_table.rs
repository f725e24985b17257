//! The **customer summary** table for `Clv.fromSummary`: one row per customer with the BTYD
//! summary computed elsewhere (lifetimes' `summary_data_from_transaction_data`, or the SQL
//! templates in `sql/`), over the one reader ([`crate::table`]). lifetimes' own column names
//! (`ID, x, t_x, T, zbar`) work too.
//!
//! A row needs frequency (a whole number ≥ 0), recency and T (≥ 0, recency ≤ T, recency 0 when
//! frequency is 0) and monetary value (≥ 0); each problem has its own reject code, and a repeated
//! customer id is rejected (`duplicate_customer`) with the first row kept.

use super::Rfmt;
use crate::error::Result;
use crate::report::{RejectCode, Rejection};
use crate::table::{self, FieldSpec, ReadOptions, Reject, Required, RowView, Table, TableSpec};
use crate::text::clip;

const ID: usize = 0;
const FREQUENCY: usize = 1;
const RECENCY: usize = 2;
const T: usize = 3;
const MONETARY: usize = 4;

const fn number(name: &'static str, label: &'static str, description: &'static str, aliases: &'static [&'static str], code: RejectCode) -> FieldSpec {
    FieldSpec { name, label, description, aliases, required: Required::Yes, empty: code, bad: code }
}

pub static CUSTOMER_SUMMARY: TableSpec = TableSpec {
    name: "customerSummary",
    fields: &[
        FieldSpec {
            name: "customerId",
            label: "customer id",
            description: "the customer id (customer_id)",
            aliases: &["customerid", "customer", "id", "顧客id", "会員id"],
            required: Required::Yes,
            empty: RejectCode::MissingCustomer,
            bad: RejectCode::MissingCustomer,
        },
        number("frequency", "frequency", "frequency (repeat purchases)", &["frequency", "x"], RejectCode::BadFrequency),
        number("recency", "recency", "recency (first to last purchase)", &["recency", "tx"], RejectCode::BadRecency),
        number("T", "T", "T (first purchase to the end of the period)", &["t", "age"], RejectCode::BadT),
        number("monetaryValue", "monetary value", "monetary_value (mean repeat purchase value)", &["monetaryvalue", "monetary", "zbar", "m"], RejectCode::BadMonetaryValue),
    ],
};

/// The summary table's row reader.
pub struct CustomerSummary;

impl Table for CustomerSummary {
    type Row<'r> = (&'r [u8], Rfmt);

    fn spec(&self) -> &'static TableSpec {
        &CUSTOMER_SUMMARY
    }

    fn parse<'r>(&self, row: &RowView<'r>) -> Result<Self::Row<'r>, Reject> {
        let id = row.required_text(ID)?;
        let value = |field: usize, whole: bool| -> Result<f64, Reject> {
            let v = row.required_number(field)?;
            if v < 0.0 || !v.is_finite() || (whole && v.fract() != 0.0) {
                let text = row.get(field).unwrap_or_default();
                return Err(row.bad(field, text, if whole { "must be a whole number ≥ 0" } else { "must be a number ≥ 0" }));
            }
            Ok(v)
        };
        let frequency = value(FREQUENCY, true)?;
        let recency = value(RECENCY, false)?;
        let t = value(T, false)?;
        let monetary = value(MONETARY, false)?;
        if recency > t {
            return Err((RejectCode::InconsistentSummary, format!("recency {recency} is after T {t} (recency must be ≤ T)")));
        }
        if frequency == 0.0 && recency != 0.0 {
            return Err((RejectCode::InconsistentSummary, format!("recency is {recency} but frequency is 0 (a one-time buyer has recency 0)")));
        }
        Ok((id, Rfmt { frequency, recency, t, monetary, holdout: 0.0 }))
    }
}

/// A read summary: ids, summary rows (index = position of the id) and rejected rows.
pub type SummaryRows = (Vec<String>, Vec<Option<Rfmt>>, Vec<Rejection>);

/// Read a summary CSV.
pub fn read(bytes: &[u8], options: &ReadOptions) -> Result<SummaryRows> {
    let source = table::open(bytes, &CUSTOMER_SUMMARY, options)?;
    let mut ids = Vec::new();
    let mut rows = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let outcome = source.read(&CustomerSummary, options.on_invalid_row, &mut |_| {}, |(id, summary): (&[u8], Rfmt), _line| {
        let id = String::from_utf8_lossy(id).into_owned();
        if !seen.insert(id.clone()) {
            return Err((RejectCode::DuplicateCustomer, format!("customer \"{}\" appears again; the first row is kept", clip(&id))));
        }
        ids.push(id);
        rows.push(Some(summary));
        Ok(())
    })?;
    Ok((ids, rows, outcome.rejected))
}
