//! Customer attributes (`ds.addCustomers`): a customer table keyed by customer id joined onto the
//! order history, as categorical dimensions for [`crate::crosstab`].
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

use crate::dataset::{Dataset, RejectCode, Rejection, Warning, NONE};
use crate::dates::{civil_from_days, format_month, month_index, parse_date};
use crate::error::{Error, Result};
use crate::ingest::encoding::{decode, sniff_binary, EncodingChoice};
use crate::ingest::header::{normalize, Field};
use crate::ingest::number::parse_number;
use crate::ingest::split::Splitter;
use crate::ingest::{detect_delimiter, trim_bytes};
use serde::{Deserialize, Serialize};

pub const UNKNOWN: &str = "unknown";
const MAX_DISTINCT: usize = 1000;

/// One categorical attribute: a label per category, and each customer's category (`NONE` =
/// unknown).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Attribute {
    pub name: String,
    pub header: String,
    pub labels: Vec<String>,
    pub values: Vec<u32>,
}

impl Attribute {
    pub fn label(&self, customer: usize) -> &str {
        match self.values[customer] {
            NONE => UNKNOWN,
            v => &self.labels[v as usize],
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AddCustomersInput {
    pub encoding: Option<String>,
    pub delimiter: Option<String>,
    /// Header of the customer id column (default: auto-detected).
    pub customer_id: Option<String>,
    /// Date at which ages are computed from birth dates (default: the day after the last order).
    pub as_of: Option<String>,
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
    pub warnings: Vec<Warning>,
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

fn kind_of(normalized: &str) -> Kind {
    const GENDER: &[&str] = &["gender", "sex", "性別"];
    const BIRTH: &[&str] = &["birthdate", "birthday", "dateofbirth", "dob", "生年月日", "誕生日"];
    const AGE: &[&str] = &["age", "年齢"];
    const PREFECTURE: &[&str] = &["prefecture", "region", "state", "province", "都道府県", "地域", "県"];
    const SIGNUP: &[&str] = &["signupdate", "signupat", "registrationdate", "registeredat", "joindate", "createdat", "会員登録日", "登録日", "入会日"];
    const CHANNEL: &[&str] = &["channel", "acquisitionchannel", "source", "流入経路", "獲得チャネル", "チャネル", "流入元"];
    for (names, kind) in
        [(GENDER, Kind::Gender), (BIRTH, Kind::BirthDate), (AGE, Kind::Age), (PREFECTURE, Kind::Prefecture), (SIGNUP, Kind::SignupDate), (CHANNEL, Kind::Channel)]
    {
        if names.contains(&normalized) {
            return kind;
        }
    }
    Kind::Other
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
pub fn add_customers(ds: &mut Dataset, bytes: &[u8], input: &AddCustomersInput) -> Result<AddCustomersReport> {
    if bytes.is_empty() {
        return Err(Error::EmptyInput);
    }
    sniff_binary(bytes)?;
    let encoding = input.encoding.as_deref().map(EncodingChoice::parse).transpose()?.unwrap_or(EncodingChoice::Auto);
    let (text, _, mut warnings) = decode(bytes, encoding)?;
    let delimiter = match input.delimiter.as_deref() {
        None | Some("auto") => detect_delimiter(&text),
        Some(d) if d.len() == 1 && ",;|\t".contains(d) => d.as_bytes()[0],
        Some("tab") => b'\t',
        Some(other) => return Err(Error::InvalidOption { option: "delimiter".into(), message: format!("\"{other}\" is not supported") }),
    };
    let as_of = crate::segments::resolve_as_of(ds, input.as_of.as_deref(), "asOf")?;
    let mut records = Splitter::new(&text, delimiter);
    if records.next_record().is_none() {
        return Err(Error::EmptyInput);
    }
    let headers: Vec<String> = (0..records.len()).map(|i| String::from_utf8_lossy(records.field(i)).trim().trim_start_matches('\u{FEFF}').to_string()).collect();
    let normalized: Vec<String> = headers.iter().map(|h| normalize(h)).collect();
    let listing = || headers.iter().map(|h| format!("\"{h}\"")).collect::<Vec<_>>().join(", ");
    let id_column = match &input.customer_id {
        Some(name) => headers.iter().position(|h| h == name.trim()).or_else(|| normalized.iter().position(|h| *h == normalize(name))).ok_or_else(|| {
            Error::UnknownColumn { option: "customerId".into(), name: name.clone(), headers: listing() }
        })?,
        None => Field::CustomerId.aliases().iter().find_map(|a| normalized.iter().position(|h| h == a)).ok_or_else(|| Error::MissingColumn {
            field: Field::CustomerId.description(),
            option: "customerId",
            headers: listing(),
        })?,
    };
    // Attribute columns: recognised kinds first (one column each), then the rest by header.
    let mut columns: Vec<(usize, Kind, String)> = Vec::new();
    let mut age_from_birth = false;
    for (i, n) in normalized.iter().enumerate() {
        if i == id_column {
            continue;
        }
        let kind = kind_of(n);
        if kind != Kind::Other && columns.iter().any(|c| c.1 == kind) {
            continue;
        }
        if kind == Kind::BirthDate {
            age_from_birth = true;
        }
        let name = match kind {
            Kind::Gender => "gender".to_string(),
            Kind::BirthDate | Kind::Age => "ageBand".to_string(),
            Kind::Prefecture => "prefecture".to_string(),
            Kind::SignupDate => "signupMonth".to_string(),
            Kind::Channel => "channel".to_string(),
            Kind::Other => headers[i].clone(),
        };
        columns.push((i, kind, name));
    }
    if age_from_birth {
        columns.retain(|c| c.1 != Kind::Age); // birth dates are more exact than an age column
    }

    let lookup = ds.customer_ids.index_map();
    let n_customers = ds.customers();
    let mut attrs: Vec<Attribute> = columns
        .iter()
        .map(|(i, _, name)| Attribute { name: name.clone(), header: headers[*i].clone(), labels: Vec::new(), values: vec![NONE; n_customers] })
        .collect();
    let mut label_maps: Vec<crate::hash::FxHashMap<String, u32>> = vec![Default::default(); attrs.len()];
    let mut seen = vec![false; n_customers];
    let (mut rows, mut unmatched) = (0u64, 0u64);
    let mut rejected = Vec::new();
    let mut bad_values: Vec<(u64, Option<u32>)> = vec![(0, None); attrs.len()];
    while let Some(line) = records.next_record() {
        rows += 1;
        let line = line as u32;
        if records.len() != headers.len() && !(records.len() > headers.len() && (headers.len()..records.len()).all(|i| trim_bytes(records.field(i)).is_empty())) {
            rejected.push(Rejection { line, code: RejectCode::FieldCount, reason: format!("expected {} fields (as in the header), found {}", headers.len(), records.len()) });
            continue;
        }
        let id = String::from_utf8_lossy(trim_bytes(records.field(id_column))).into_owned();
        if id.is_empty() {
            rejected.push(Rejection { line, code: RejectCode::MissingCustomer, reason: format!("customer id is empty (column \"{}\")", headers[id_column]) });
            continue;
        }
        let Some(&c) = lookup.get(id.as_str()) else {
            unmatched += 1;
            continue;
        };
        let c = c as usize;
        if seen[c] {
            rejected.push(Rejection { line, code: RejectCode::DuplicateCustomer, reason: format!("customer \"{}\" appears again; the first row is kept", crate::dataset::clip(&id)) });
            continue;
        }
        seen[c] = true;
        for (a, (i, kind, _)) in columns.iter().enumerate() {
            let raw = String::from_utf8_lossy(trim_bytes(records.field(*i))).into_owned();
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
    }
    if rows == 0 {
        return Err(Error::NoDataRows);
    }
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
        rows,
        rows_accepted: rows - rejected.len() as u64,
        rows_rejected: rejected.len() as u64,
        rejected,
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
