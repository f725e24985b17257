//! Customer attributes (`ds.addCustomers`): the **customers** table over the one reader
//! ([`crate::table`]), keyed by customer id and joined onto the order history as categorical
//! dimensions for [`crate::crosstab`] (stored in [`Dataset::attributes`]).
//!
//! Recognised columns (English/Japanese headers, normalised as for orders):
//! - customer id (the order file's names: `customer_id`, `顧客ID`, `会員ID`, …) — required;
//! - gender / 性別 → `gender` (男/男性/M/male → `male`, 女/女性/F/female → `female`; other values
//!   kept as written);
//! - birth date / 生年月日 → `ageBand` (age at `asOf`), or age / 年齢 → `ageBand`; bands `-19`,
//!   `20-29`, …, `60-69`, `70+`;
//! - prefecture / 都道府県 / region → `prefecture`; signup date / 会員登録日 → `signupMonth`
//!   (`YYYY-MM`); channel / 流入経路 → `channel`;
//! - any other column with at most 1,000 distinct values → an attribute named by its header
//!   (columns with more, such as names or e-mail addresses, are skipped with a warning).
//!
//! Every customer of the order history gets a value for every attribute: customers missing from the
//! table, or with an empty or unreadable cell, are `unknown` — never dropped. Table rows whose id
//! has no orders are counted (`unmatched`); a repeated id is rejected with its line.

use crate::dataset::{Attribute, Dataset, NONE};
use crate::dates::{civil_from_days, format_month, month_index, parse_date};
use crate::error::Result;
use crate::ingest::CUSTOMER_ID_FIELD;
use crate::report::{RejectCode, Rejection, Warning};
use crate::table::number::parse_number;
use crate::table::{self, FieldSpec, ReadOptions, Reject, Required, RowView, Table, TableSpec};
use crate::text::clip;
use serde::Serialize;

pub use crate::dataset::UNKNOWN;
const MAX_DISTINCT: usize = 1000;

/// Validated options of `addCustomers`.
#[derive(Clone, Debug, Default)]
pub struct AddCustomersParams {
    pub read: ReadOptions,
    /// Day at which ages are computed from birth dates (default: the day after the last order).
    pub as_of: Option<i32>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AttributeInfo {
    pub name: String,
    pub header: String,
    pub categories: usize,
    /// Customers of the order history with a known value.
    pub known: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AddCustomersReport {
    pub rows: u64,
    pub rows_accepted: u64,
    pub rows_rejected: u64,
    pub rejected: Vec<Rejection>,
    /// Accepted rows whose customer has no orders (kept out of the analyses).
    pub unmatched: u64,
    /// Customers of the order history found in the table.
    pub matched: u64,
    /// Customers of the order history not in the table (their attributes are `unknown`).
    pub missing: u64,
    pub attributes: Vec<AttributeInfo>,
    /// Columns of personal data found; the unmapped ones were dropped, not made attributes.
    pub pii: Vec<crate::pii::PiiColumn>,
    pub warnings: Vec<Warning>,
}

/// Positions of the customer-table fields in [`CUSTOMERS`].
const ID: usize = 0;
const GENDER: usize = 1;
const BIRTH_DATE: usize = 2;
const AGE: usize = 3;
const PREFECTURE: usize = 4;
const SIGNUP_DATE: usize = 5;
const CHANNEL: usize = 6;

const fn attribute(name: &'static str, label: &'static str, description: &'static str, aliases: &'static [&'static str]) -> FieldSpec {
    FieldSpec { name, label, description, aliases, required: Required::No, empty: RejectCode::FieldCount, bad: RejectCode::FieldCount }
}

/// The customer table: an id and the recognised attribute columns; every other column becomes
/// an attribute under its header.
pub static CUSTOMERS: TableSpec = TableSpec {
    name: "customers",
    fields: &[
        CUSTOMER_ID_FIELD,
        attribute("gender", "gender", "the gender (e.g. gender / 性別)", &["gender", "sex", "性別"]),
        attribute("birthDate", "birth date", "the birth date (e.g. birth_date / 生年月日)", &["birthdate", "birthday", "dateofbirth", "dob", "生年月日", "誕生日"]),
        attribute("age", "age", "the age (e.g. age / 年齢)", &["age", "年齢"]),
        attribute(
            "prefecture",
            "prefecture",
            "the prefecture or region (e.g. prefecture / 都道府県)",
            &["prefecture", "region", "state", "province", "都道府県", "地域", "県"],
        ),
        attribute(
            "signupDate",
            "signup date",
            "the signup date (e.g. signup_date / 会員登録日)",
            &["signupdate", "signupat", "registrationdate", "registeredat", "joindate", "createdat", "会員登録日", "登録日", "入会日"],
        ),
        attribute(
            "channel",
            "channel",
            "the acquisition channel (e.g. channel / 流入経路)",
            &["channel", "acquisitionchannel", "source", "流入経路", "獲得チャネル", "チャネル", "流入元"],
        ),
    ],
};

/// The customer table's row reader: a row needs an id; attribute cells are read in
/// [`add_customers`], where an unreadable one counts as unknown rather than rejecting the row.
pub struct Customers;

impl Table for Customers {
    type Row<'r> = RowView<'r>;

    fn spec(&self) -> &'static TableSpec {
        &CUSTOMERS
    }

    fn parse<'r>(&self, row: &RowView<'r>) -> Result<RowView<'r>, Reject> {
        row.required_text(ID)?;
        Ok(*row)
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Gender,
    BirthDate,
    Age,
    Prefecture,
    SignupDate,
    Channel,
    Other,
}

fn age_band(age: i32) -> &'static str {
    match age {
        i32::MIN..=19 => "-19",
        20..=29 => "20-29",
        30..=39 => "30-39",
        40..=49 => "40-49",
        50..=59 => "50-59",
        60..=69 => "60-69",
        _ => "70+",
    }
}

fn gender_label(raw: &str) -> String {
    match raw.to_lowercase().as_str() {
        "男" | "男性" | "m" | "male" | "man" => "male".into(),
        "女" | "女性" | "f" | "female" | "woman" => "female".into(),
        _ => raw.to_string(),
    }
}

/// Age in whole years on `day` for a birth date.
fn age_on(birth: i32, day: i32) -> i32 {
    let (by, bm, bd) = civil_from_days(birth);
    let (y, m, d) = civil_from_days(day);
    y - by - i32::from((m, d) < (bm, bd))
}

/// Read a customer table and attach its attributes to `ds` (replacing earlier ones).
pub fn add_customers(ds: &mut Dataset, bytes: &[u8], params: &AddCustomersParams) -> Result<AddCustomersReport> {
    let source = table::open(bytes, &CUSTOMERS, &params.read)?;
    let as_of = ds.as_of(params.as_of)?;
    let mapping = &source.mapping;
    // Attribute columns in file order: the recognised ones under their API names (birth dates
    // win over an age column: they are more exact), every other column under its header.
    let mut columns: Vec<(usize, Kind, String)> = Vec::new();
    for (field, kind, name) in [
        (GENDER, Kind::Gender, "gender"),
        (BIRTH_DATE, Kind::BirthDate, "ageBand"),
        (AGE, Kind::Age, "ageBand"),
        (PREFECTURE, Kind::Prefecture, "prefecture"),
        (SIGNUP_DATE, Kind::SignupDate, "signupMonth"),
        (CHANNEL, Kind::Channel, "channel"),
    ] {
        if field == AGE && mapping.get(BIRTH_DATE).is_some() {
            continue;
        }
        if let Some(column) = mapping.get(field) {
            columns.push((column, kind, name.to_string()));
        }
    }
    // Columns of personal data (氏名, メールアドレス, 住所, …) are not made attributes: they are
    // reported in `pii` as dropped.
    let pii = table::pii_columns(&source, &[]);
    for &column in &mapping.unmapped_columns {
        let header = source.headers[column].trim();
        if pii.iter().any(|p| p.field.is_none() && p.header == header) {
            continue;
        }
        columns.push((column, Kind::Other, header.to_string()));
    }
    crate::sort::sort_by_key(&mut columns, |c| c.0);

    let lookup = ds.customer_ids.index_map();
    let n_customers = ds.customers();
    let mut attrs: Vec<Attribute> = columns
        .iter()
        .map(|(i, _, name)| Attribute { name: name.clone(), header: source.headers[*i].trim().to_string(), labels: Vec::new(), values: vec![NONE; n_customers] })
        .collect();
    let mut label_maps: Vec<crate::hash::FxHashMap<String, u32>> = vec![Default::default(); attrs.len()];
    let mut seen = vec![false; n_customers];
    let mut unmatched = 0u64;
    let mut bad_values: Vec<(u64, Option<u32>)> = vec![(0, None); attrs.len()];
    let outcome = source.read(&Customers, params.read.on_invalid_row, &mut |_| {}, |row: RowView<'_>, line| {
        let id = String::from_utf8_lossy(row.get(ID).unwrap_or_default()).into_owned();
        let Some(&c) = lookup.get(id.as_str()) else {
            unmatched += 1;
            return Ok(());
        };
        let c = c as usize;
        if seen[c] {
            return Err((RejectCode::DuplicateCustomer, format!("customer \"{}\" appears again; the first row is kept", clip(&id))));
        }
        seen[c] = true;
        for (a, (i, kind, _)) in columns.iter().enumerate() {
            let raw = String::from_utf8_lossy(row.cell(*i)).into_owned();
            if raw.is_empty() {
                continue;
            }
            let label: Option<String> = match kind {
                Kind::Gender => Some(gender_label(&raw)),
                Kind::BirthDate => parse_date(&raw).map(|d| age_band(age_on(d.day, as_of)).to_string()),
                Kind::Age => parse_number(&raw).filter(|v| (0.0..150.0).contains(v)).map(|v| age_band(v as i32).to_string()),
                Kind::SignupDate => parse_date(&raw).map(|d| format_month(month_index(d.day))),
                Kind::Prefecture | Kind::Channel | Kind::Other => Some(raw),
            };
            match label {
                Some(label) => {
                    let map = &mut label_maps[a];
                    let next = attrs[a].labels.len() as u32;
                    let v = *map.entry(label.clone()).or_insert(next);
                    if v == next {
                        attrs[a].labels.push(label);
                    }
                    attrs[a].values[c] = v;
                }
                None => {
                    bad_values[a].0 += 1;
                    bad_values[a].1.get_or_insert(line);
                }
            }
        }
        Ok(())
    })?;
    let mut warnings = source.warnings.clone();
    for (a, (count, first)) in bad_values.iter().enumerate() {
        if *count > 0 {
            warnings.push(Warning {
                code: "unreadable_attribute",
                message: format!("{count} values in column \"{}\" could not be read and count as unknown", attrs[a].header),
                line: *first,
            });
        }
    }
    // Skip free-text columns (names, e-mail addresses): too many categories to be a dimension.
    let mut kept = Vec::new();
    for attr in attrs {
        if attr.labels.len() > MAX_DISTINCT {
            warnings.push(Warning {
                code: "attribute_skipped",
                message: format!("column \"{}\" has more than {MAX_DISTINCT} distinct values and is not used as an attribute", attr.header),
                line: None,
            });
        } else {
            kept.push(attr);
        }
    }
    let matched = seen.iter().filter(|&&s| s).count() as u64;
    let report = AddCustomersReport {
        pii,
        rows: outcome.rows,
        rows_accepted: outcome.accepted,
        rows_rejected: outcome.rejected_counts.total(),
        rejected: outcome.rejected,
        unmatched,
        matched,
        missing: n_customers as u64 - matched,
        attributes: kept
            .iter()
            .map(|a| AttributeInfo {
                name: a.name.clone(),
                header: a.header.clone(),
                categories: a.labels.len(),
                known: a.values.iter().filter(|&&v| v != NONE).count() as u64,
            })
            .collect(),
        warnings,
    };
    ds.attributes = kept;
    Ok(report)
}
