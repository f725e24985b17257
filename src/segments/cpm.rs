//! CPM — Customer Portfolio Management (顧客ポートフォリオ・マネジメント), the 10-group map Japanese
//! CRM tools use (defaults: LTV-Lab's, domain.md).
//!
//! For a customer with at least one purchase before `asOf`:
//! - tenure 在籍期間 = days from the first to the latest purchase;
//! - lapse 離脱期間 = days from the latest purchase to `asOf`; lapsed (離脱) when ≥ `lapseDays`
//!   (240), else active (現役);
//! - spend 累計購入金額 = net spend.
//!
//! Group (each with an active and a lapsed twin): 初回 first = one purchase; よちよち early = ≥ 2
//! purchases and tenure < 90 days; コツコツ steady = tenure ≥ 90 and spend < ¥70,000; 流行 trendy =
//! 90 ≤ tenure < 210 and spend ≥ ¥70,000; 優良 top = tenure ≥ 210 and spend ≥ ¥70,000.
//!
//! `monthly` repeats the classification as of the end of every calendar month (as-of = the first
//! day of the next month) for stacked bars, with the customer flows from the previous month.

use super::as_of_label;
use crate::dataset::Dataset;
use crate::dates::{days_from_civil, format_month, month_index};
use crate::error::{Error, Result};
use serde::Serialize;

pub const GROUPS: usize = 10;
/// Group index of customers without a purchase yet (in transitions), and in the per-customer array.
pub const NOT_A_CUSTOMER: u8 = 255;

/// (key, English, Japanese) for the 10 groups: 5 active, then their lapsed twins.
pub const GROUP_NAMES: [(&str, &str, &str); GROUPS] = [
    ("active_first", "First-time", "現役初回客"),
    ("active_early", "Early repeat", "現役よちよち客"),
    ("active_steady", "Steady", "現役コツコツ客"),
    ("active_trendy", "Trendy", "現役流行客"),
    ("active_top", "Top", "現役優良客"),
    ("lapsed_first", "Lapsed first-time", "離脱初回客"),
    ("lapsed_early", "Lapsed early repeat", "離脱よちよち客"),
    ("lapsed_steady", "Lapsed steady", "離脱コツコツ客"),
    ("lapsed_trendy", "Lapsed trendy", "離脱流行客"),
    ("lapsed_top", "Lapsed top", "離脱優良客"),
];

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CpmThresholds {
    pub lapse_days: u32,
    pub tenure_days: [u32; 2],
    pub spend: f64,
}

impl Default for CpmThresholds {
    /// LTV-Lab's defaults (domain.md).
    fn default() -> Self {
        CpmThresholds { lapse_days: 240, tenure_days: [90, 210], spend: 70_000.0 }
    }
}

/// Validated CPM parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct CpmParams {
    /// `None` = the day after the last order.
    pub as_of: Option<i32>,
    /// `lapse_days` ≥ 1, increasing `tenure_days`, positive `spend`.
    pub thresholds: CpmThresholds,
    /// Group names in Japanese (`lang: 'ja'`) or English.
    pub japanese: bool,
}

impl Default for CpmParams {
    fn default() -> Self {
        CpmParams { as_of: None, thresholds: CpmThresholds::default(), japanese: true }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CpmGroupRow {
    pub id: u8,
    pub key: &'static str,
    pub name: &'static str,
    pub customers: u64,
    pub share: f64,
    pub revenue: f64,
    pub revenue_share: f64,
    pub mean_spend: f64,
    pub mean_purchases: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CpmMonth {
    /// `YYYY-MM`: the classification as of the end of this month.
    pub month: String,
    /// Customers per group (10 numbers, in `groups` order).
    pub counts: Vec<u64>,
    /// Flows from the previous month: 11 × 11, row-major [from][to]; index 10 = not yet a customer.
    pub transitions: Vec<u64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CpmResult {
    pub as_of: String,
    pub thresholds: CpmThresholds,
    pub groups: Vec<CpmGroupRow>,
    pub monthly: Vec<CpmMonth>,
    /// Group per customer as of `asOf` (255 = no purchase before it).
    #[serde(skip)]
    pub group: Vec<u8>,
}

impl crate::report::Columns for CpmResult {
    fn columns(&self) -> Vec<(&'static str, crate::report::Column<'_>)> {
        vec![("group", crate::report::Column::U8(&self.group))]
    }
}

#[inline]
fn classify(purchases: u32, first: i32, last: i32, spend: f64, as_of: i32, t: &CpmThresholds) -> u8 {
    if purchases == 0 {
        return NOT_A_CUSTOMER;
    }
    let tenure = (last - first) as i64;
    let base = if purchases == 1 {
        0
    } else if tenure < t.tenure_days[0] as i64 {
        1
    } else if spend < t.spend {
        2
    } else if tenure < t.tenure_days[1] as i64 {
        3
    } else {
        4
    };
    let lapsed = (as_of - last) as i64 >= t.lapse_days as i64;
    base + if lapsed { 5 } else { 0 }
}

/// Classify every customer as of `as_of` (orders dated before it).
fn classify_all(ds: &Dataset, as_of: i32, t: &CpmThresholds, out: &mut Vec<u8>, spend_out: Option<&mut Vec<f64>>) {
    out.clear();
    let mut spends = Vec::new();
    for c in 0..ds.customers() {
        let (mut purchases, mut first, mut last, mut spend_units) = (0u32, 0i32, 0i32, crate::money::Total::default());
        for o in ds.customer_orders(c) {
            let day = ds.order_date[o];
            if day >= as_of {
                break; // orders are sorted by date within a customer
            }
            let amount = ds.order_amount[o];
            spend_units.add(ds.money, amount);
            if amount >= 0.0 {
                if purchases == 0 {
                    first = day;
                }
                last = day;
                purchases += 1;
            }
        }
        let spend = spend_units.value(ds.money);
        out.push(classify(purchases, first, last, spend, as_of, t));
        spends.push(spend);
    }
    if let Some(s) = spend_out {
        *s = spends;
    }
}

pub fn cpm(ds: &Dataset, params: &CpmParams) -> Result<CpmResult> {
    let japanese = params.japanese;
    let thresholds = params.thresholds;
    let as_of = ds.as_of(params.as_of)?;

    let mut group = Vec::new();
    let mut spend = Vec::new();
    classify_all(ds, as_of, &thresholds, &mut group, Some(&mut spend));
    let mut rows: Vec<CpmGroupRow> = GROUP_NAMES
        .iter()
        .enumerate()
        .map(|(i, (key, en, ja))| CpmGroupRow {
            id: i as u8,
            key,
            name: if japanese { ja } else { en },
            customers: 0,
            share: 0.0,
            revenue: 0.0,
            revenue_share: 0.0,
            mean_spend: 0.0,
            mean_purchases: 0.0,
        })
        .collect();
    let mut purchases_sum = [0u64; GROUPS];
    let mut revenue_units = [crate::money::Total::default(); GROUPS];
    for c in 0..ds.customers() {
        let g = group[c];
        if g == NOT_A_CUSTOMER {
            continue;
        }
        let row = &mut rows[g as usize];
        row.customers += 1;
        revenue_units[g as usize].add(ds.money, spend[c]);
        purchases_sum[g as usize] +=
            ds.customer_orders(c).filter(|&o| ds.order_date[o] < as_of && ds.order_amount[o] >= 0.0).count() as u64;
    }
    let customers: u64 = rows.iter().map(|r| r.customers).sum();
    if customers == 0 {
        return Err(Error::InvalidOption { option: "asOf".into(), message: format!("no customer has a purchase before {}", as_of_label(as_of)) });
    }
    for (row, units) in rows.iter_mut().zip(revenue_units) {
        row.revenue = units.value(ds.money);
    }
    let revenue = ds.money.value(revenue_units.iter().map(|t| t.0).sum());
    for (i, row) in rows.iter_mut().enumerate() {
        row.share = row.customers as f64 / customers as f64;
        row.revenue_share = if revenue != 0.0 { row.revenue / revenue } else { 0.0 };
        if row.customers > 0 {
            row.mean_spend = row.revenue / row.customers as f64;
            row.mean_purchases = purchases_sum[i] as f64 / row.customers as f64;
        }
    }

    // Month-end snapshots from the first order month to the month before asOf's month end.
    let first_day = ds.order_date.iter().copied().min().unwrap_or(as_of);
    let mut monthly = Vec::new();
    let mut previous: Vec<u8> = vec![NOT_A_CUSTOMER; ds.customers()];
    let mut current = Vec::with_capacity(ds.customers());
    let mut m = month_index(first_day);
    loop {
        let (y, mo) = (m.div_euclid(12), m.rem_euclid(12) as u32 + 1);
        let next_month_start = if mo == 12 { days_from_civil(y + 1, 1, 1) } else { days_from_civil(y, mo + 1, 1) };
        let snapshot = next_month_start.min(as_of);
        classify_all(ds, snapshot, &thresholds, &mut current, None);
        let mut counts = vec![0u64; GROUPS];
        let mut transitions = vec![0u64; (GROUPS + 1) * (GROUPS + 1)];
        let slot = |g: u8| if g == NOT_A_CUSTOMER { GROUPS } else { g as usize };
        for c in 0..current.len() {
            if current[c] != NOT_A_CUSTOMER {
                counts[current[c] as usize] += 1;
            }
            if previous[c] != NOT_A_CUSTOMER || current[c] != NOT_A_CUSTOMER {
                transitions[slot(previous[c]) * (GROUPS + 1) + slot(current[c])] += 1;
            }
        }
        monthly.push(CpmMonth { month: format_month(m), counts, transitions });
        std::mem::swap(&mut previous, &mut current);
        if snapshot >= as_of || monthly.len() > 1200 {
            break;
        }
        m += 1;
    }
    Ok(CpmResult { as_of: as_of_label(as_of), thresholds, groups: rows, monthly, group })
}
