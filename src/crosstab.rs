//! `ds.crosstab`: customers, revenue or AOV by any two dimensions, for questions like "which age
//! bands are our Champions" (年代 × RFM) or "where do lapsed top customers live".
//!
//! Population: customers with at least one purchase before `asOf` (default: the day after the last
//! order). Dimensions: the attributes from `addCustomers` (`gender`, `ageBand`, `prefecture`,
//! `signupMonth`, `channel`, or other column headers), `rfmSegment` (default RFM options or `rfm`),
//! `cpmGroup` (`cpm` options) and `decile`. Attribute categories are sorted by label with
//! `unknown` (customers missing from the customer table or with an empty cell) last — never dropped.
//! Metrics: `customers`; `revenue` = net spend before `asOf`; `aov` = revenue ÷ purchase orders of
//! the cell's customers (totals computed the same way, not averaged).

use crate::dataset::{Dataset, NONE, UNKNOWN};
use crate::error::{Error, Result};
use crate::segments::cpm::{cpm, CpmParams, GROUP_NAMES};
use crate::segments::decile::{deciles, DecileParams};
use crate::segments::rfm::{rfm, RfmParams};
use crate::segments::{as_of_label, CustomerStats};
use serde::Serialize;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CrosstabMetric {
    #[default]
    Customers,
    Revenue,
    Aov,
}

impl CrosstabMetric {
    pub fn as_str(self) -> &'static str {
        match self {
            CrosstabMetric::Customers => "customers",
            CrosstabMetric::Revenue => "revenue",
            CrosstabMetric::Aov => "aov",
        }
    }
}

/// Validated crosstab parameters. `rfm.as_of` and `cpm.as_of` default to `as_of`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CrosstabParams {
    /// Dimension names: an attribute, `rfmSegment`, `cpmGroup` or `decile`.
    pub rows: String,
    pub cols: String,
    pub metric: CrosstabMetric,
    pub as_of: Option<i32>,
    pub rfm: RfmParams,
    pub cpm: CpmParams,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CrosstabResult {
    pub as_of: String,
    pub metric: String,
    /// The dimensions asked for (`rows` and `cols` of the options): the kind of every label.
    pub row_dimension: String,
    pub col_dimension: String,
    pub rows: Vec<String>,
    pub cols: Vec<String>,
    /// Row-major: `values[r * cols.len() + c]`.
    pub values: Vec<f64>,
    /// Customers per cell (row-major), whatever the metric.
    pub customers: Vec<u64>,
    pub row_totals: Vec<f64>,
    pub col_totals: Vec<f64>,
    pub total: f64,
}

/// The attribute named `name` (by API name or header), or the error listing the dimensions.
fn attribute<'d>(ds: &'d Dataset, name: &str, option: &str) -> Result<&'d crate::dataset::Attribute> {
    ds.attributes.iter().find(|a| a.name == name || a.header == name).ok_or_else(|| {
        let mut known: Vec<String> = vec!["rfmSegment".into(), "cpmGroup".into(), "decile".into()];
        known.extend(ds.attributes.iter().map(|a| a.name.clone()));
        Error::InvalidOption {
            option: option.into(),
            message: format!(
                "unknown dimension \"{name}\"; available: {}{}",
                known.join(", "),
                if ds.attributes.is_empty() { " (load a customer table with addCustomers for attributes)" } else { "" }
            ),
        }
    })
}

/// Check a dimension name before any work.
pub fn check_dimension(ds: &Dataset, name: &str, option: &str) -> Result<()> {
    match name {
        "rfmSegment" | "cpmGroup" | "decile" => Ok(()),
        _ => attribute(ds, name, option).map(|_| ()),
    }
}

/// Labels and each customer's label index for one dimension.
fn dimension(ds: &Dataset, name: &str, input: &CrosstabParams, option: &str) -> Result<(Vec<String>, Vec<u32>)> {
    customer_dimension(ds, name, &input.rfm, &input.cpm, input.as_of, option)
}

/// Labels and each customer's label index (`NONE` = none) for a customer dimension: an attribute
/// (sorted labels, `unknown` last), `rfmSegment`, `cpmGroup` or `decile` with these options.
pub fn customer_dimension(ds: &Dataset, name: &str, rfm_params: &RfmParams, cpm_params: &CpmParams, as_of: Option<i32>, option: &str) -> Result<(Vec<String>, Vec<u32>)> {
    match name {
        "rfmSegment" => {
            let r = rfm(ds, rfm_params)?;
            let labels = r.segments.iter().map(|s| s.key.clone()).collect();
            let index = r.segment.iter().map(|&s| r.segments.iter().position(|x| x.id == s).map(|p| p as u32).unwrap_or(NONE)).collect();
            Ok((labels, index))
        }
        "cpmGroup" => {
            let r = cpm(ds, cpm_params)?;
            let labels = GROUP_NAMES.iter().map(|g| g.0.to_string()).collect();
            Ok((labels, r.group.iter().map(|&g| if g == crate::segments::cpm::NOT_A_CUSTOMER { NONE } else { g as u32 }).collect()))
        }
        "decile" => {
            let d = deciles(ds, &DecileParams { as_of, period_days: None })?;
            Ok(((1..=10).map(|d| d.to_string()).collect(), d.decile.iter().map(|&d| if d == 0 { NONE } else { d as u32 - 1 }).collect()))
        }
        _ => {
            let attr = attribute(ds, name, option)?;
            // Sorted labels (prefectures in JIS X 0401 order, 北海道 … 沖縄県), then unknown last.
            let mut order: Vec<usize> = (0..attr.labels.len()).collect();
            if name == "prefecture" {
                crate::sort::sort_by(&mut order, |&a, &b| {
                    let key = |i: usize| (prefecture_code(&attr.labels[i]).unwrap_or(u8::MAX), &attr.labels[i]);
                    key(a).cmp(&key(b))
                });
            } else {
                crate::sort::sort_by(&mut order, |&a, &b| attr.labels[a].cmp(&attr.labels[b]));
            }
            let mut rank = vec![0u32; attr.labels.len()];
            for (r, &i) in order.iter().enumerate() {
                rank[i] = r as u32;
            }
            let mut labels: Vec<String> = order.iter().map(|&i| attr.labels[i].clone()).collect();
            labels.push(UNKNOWN.into());
            let unknown = (labels.len() - 1) as u32;
            Ok((labels, attr.values.iter().map(|&v| if v == NONE { unknown } else { rank[v as usize] }).collect()))
        }
    }
}

/// The 47 prefectures in JIS X 0401 order (code = position + 1), with their romanised names.
const PREFECTURES: [(&str, &str); 47] = [
    ("北海道", "hokkaido"), ("青森県", "aomori"), ("岩手県", "iwate"), ("宮城県", "miyagi"), ("秋田県", "akita"),
    ("山形県", "yamagata"), ("福島県", "fukushima"), ("茨城県", "ibaraki"), ("栃木県", "tochigi"), ("群馬県", "gunma"),
    ("埼玉県", "saitama"), ("千葉県", "chiba"), ("東京都", "tokyo"), ("神奈川県", "kanagawa"), ("新潟県", "niigata"),
    ("富山県", "toyama"), ("石川県", "ishikawa"), ("福井県", "fukui"), ("山梨県", "yamanashi"), ("長野県", "nagano"),
    ("岐阜県", "gifu"), ("静岡県", "shizuoka"), ("愛知県", "aichi"), ("三重県", "mie"), ("滋賀県", "shiga"),
    ("京都府", "kyoto"), ("大阪府", "osaka"), ("兵庫県", "hyogo"), ("奈良県", "nara"), ("和歌山県", "wakayama"),
    ("鳥取県", "tottori"), ("島根県", "shimane"), ("岡山県", "okayama"), ("広島県", "hiroshima"), ("山口県", "yamaguchi"),
    ("徳島県", "tokushima"), ("香川県", "kagawa"), ("愛媛県", "ehime"), ("高知県", "kochi"), ("福岡県", "fukuoka"),
    ("佐賀県", "saga"), ("長崎県", "nagasaki"), ("熊本県", "kumamoto"), ("大分県", "oita"), ("宮崎県", "miyazaki"),
    ("鹿児島県", "kagoshima"), ("沖縄県", "okinawa"),
];

/// A prefecture label's JIS X 0401 code (1 … 47): the full name (東京都), the name without 都/府/県
/// (東京), the code itself (13, 01) or the romanised name (Tokyo, Tokyo-to, Hyōgo Prefecture);
/// `None` for anything else (sorted after the prefectures, by label).
fn prefecture_code(label: &str) -> Option<u8> {
    let label = label.trim();
    if let Ok(code) = label.parse::<u8>() {
        return (1..=47).contains(&code).then_some(code);
    }
    let roman: String = label.split([' ', '-']).next().unwrap_or("").to_lowercase().replace(['ō', 'ô'], "o").replace('ū', "u");
    PREFECTURES
        .iter()
        .position(|&(name, romaji)| {
            label == name || (name != "北海道" && label == &name[..name.len() - '県'.len_utf8()]) || roman == romaji
        })
        .map(|i| i as u8 + 1)
}

pub fn crosstab(ds: &Dataset, input: &CrosstabParams) -> Result<CrosstabResult> {
    let metric = input.metric;
    check_dimension(ds, &input.rows, "rows")?;
    check_dimension(ds, &input.cols, "cols")?;
    let as_of = ds.as_of(input.as_of)?;
    let stats = CustomerStats::compute(ds, i32::MIN, as_of);
    let (row_labels, row_of) = dimension(ds, &input.rows, input, "rows")?;
    let (col_labels, col_of) = dimension(ds, &input.cols, input, "cols")?;
    let (nr, nc) = (row_labels.len(), col_labels.len());
    let mut customers = vec![0u64; nr * nc];
    let mut revenue = vec![0f64; nr * nc];
    let mut orders = vec![0u64; nr * nc];
    for c in 0..ds.customers() {
        if stats.purchases[c] == 0 || row_of[c] == NONE || col_of[c] == NONE {
            continue;
        }
        let cell = row_of[c] as usize * nc + col_of[c] as usize;
        customers[cell] += 1;
        revenue[cell] += stats.monetary[c];
        orders[cell] += stats.purchases[c] as u64;
    }
    // Drop an `unknown` row/column that nobody falls in.
    let keep_rows: Vec<usize> = (0..nr).filter(|&r| !(row_labels[r] == UNKNOWN && (0..nc).all(|c| customers[r * nc + c] == 0))).collect();
    let keep_cols: Vec<usize> = (0..nc).filter(|&c| !(col_labels[c] == UNKNOWN && (0..nr).all(|r| customers[r * nc + c] == 0))).collect();
    let value = |cust: u64, rev: f64, ord: u64| match metric {
        CrosstabMetric::Customers => cust as f64,
        CrosstabMetric::Revenue => rev,
        CrosstabMetric::Aov => {
            if ord == 0 {
                0.0
            } else {
                rev / ord as f64
            }
        }
    };
    let mut values = Vec::new();
    let mut out_customers = Vec::new();
    for &r in &keep_rows {
        for &c in &keep_cols {
            let i = r * nc + c;
            values.push(value(customers[i], revenue[i], orders[i]));
            out_customers.push(customers[i]);
        }
    }
    let sum = |cells: &mut dyn Iterator<Item = usize>| {
        let (mut cu, mut rv, mut or) = (0u64, 0f64, 0u64);
        for i in cells {
            cu += customers[i];
            rv += revenue[i];
            or += orders[i];
        }
        value(cu, rv, or)
    };
    let row_totals = keep_rows.iter().map(|&r| sum(&mut keep_cols.iter().map(|&c| r * nc + c))).collect();
    let col_totals = keep_cols.iter().map(|&c| sum(&mut keep_rows.iter().map(|&r| r * nc + c))).collect();
    let total = sum(&mut keep_rows.iter().flat_map(|&r| keep_cols.iter().map(move |&c| r * nc + c)));
    Ok(CrosstabResult {
        as_of: as_of_label(as_of),
        metric: metric.as_str().to_string(),
        row_dimension: input.rows.clone(),
        col_dimension: input.cols.clone(),
        rows: keep_rows.iter().map(|&r| row_labels[r].clone()).collect(),
        cols: keep_cols.iter().map(|&c| col_labels[c].clone()).collect(),
        values,
        customers: out_customers,
        row_totals,
        col_totals,
        total,
    })
}

/// The customers of the cell (`row`, `col`) — labels as in the result — of `crosstab(input)`.
pub fn cell_members(ds: &Dataset, input: &CrosstabParams, row: &str, col: &str) -> Result<Vec<usize>> {
    check_dimension(ds, &input.rows, "rows")?;
    check_dimension(ds, &input.cols, "cols")?;
    let as_of = ds.as_of(input.as_of)?;
    let stats = CustomerStats::compute(ds, i32::MIN, as_of);
    let find = |labels: &[String], label: &str, option: &str| -> Result<u32> {
        labels.iter().position(|l| l == label).map(|p| p as u32).ok_or_else(|| Error::InvalidOption {
            option: option.into(),
            message: format!("no {option} \"{label}\"; labels: {}", labels.join(", ")),
        })
    };
    let (row_labels, row_of) = dimension(ds, &input.rows, input, "rows")?;
    let (col_labels, col_of) = dimension(ds, &input.cols, input, "cols")?;
    let (r, c) = (find(&row_labels, row, "row")?, find(&col_labels, col, "col")?);
    Ok((0..ds.customers()).filter(|&i| stats.purchases[i] > 0 && row_of[i] == r && col_of[i] == c).collect())
}

#[cfg(test)]
mod tests {
    use super::prefecture_code;

    #[test]
    fn prefecture_codes_follow_jis_x_0401() {
        for (label, code) in [
            ("北海道", Some(1)), ("青森県", Some(2)), ("東京都", Some(13)), ("東京", Some(13)), ("神奈川県", Some(14)), ("京都府", Some(26)),
            ("京都", Some(26)), ("大阪", Some(27)), ("沖縄県", Some(47)), ("13", Some(13)), ("01", Some(1)), ("Tokyo", Some(13)),
            ("tokyo-to", Some(13)), ("Hyōgo Prefecture", Some(28)), ("Osaka-fu", Some(27)), (" 福岡県 ", Some(40)),
            ("北海", None), ("48", None), ("0", None), ("海外", None), ("California", None), ("", None),
        ] {
            assert_eq!(prefecture_code(label), code, "{label}");
        }
    }
}
