//! Cohort retention and cohort LTV curves (継続率 tables; PostHog/Amplitude/Mixpanel retention).
//!
//! - **Cohort** = the calendar period (day, week, month — default —, quarter) of a customer's first
//!   purchase (order with net amount ≥ 0). Weeks start on Monday (ISO) or Sunday (`weekStart`).
//! - **Cell (c, k)** = the metric over customers of cohort c in period c + k:
//!   `customers` (with ≥ 1 purchase in that period), `orders` (purchase orders), `revenue` (net,
//!   returns included), `revenuePerCustomer` (revenue ÷ cohort size) and
//!   `cumulativeRevenuePerCustomer` (revenue of periods 0 … k ÷ cohort size: the cohort LTV curve).
//! - **Modes**: `period` (default; 継続率 "active in exactly period k") and `rolling` ("on or after":
//!   active in period k or any later one — Mixpanel's default; applies to `customers`).
//! - **Future cells** (c + k after the period of the data's last order date) are NaN, never 0. The
//!   period holding the last date is included even if it is not over.
//! - **Rates**: value ÷ cohort size (for revenue metrics: per customer).
//! - **Average curve**: Σ value ÷ Σ size over the cohorts whose cell k is observed (weights = sizes).
//! - **groupBy**: one matrix per group — `firstProduct` / `firstCategory` (入口商品: the largest line
//!   of the first purchase order; ties → the earlier line), an attribute from `addCustomers`, or
//!   `rfmSegment`; the `maxGroups` largest groups (default 20), the rest pooled as `other`.
//! - **Time between purchases**: days between consecutive purchases of every customer, as a
//!   histogram and quantiles (for step-mail timing).

use crate::dataset::{Dataset, NONE};
use crate::dates::{civil_from_days, format_date};
use crate::error::{Error, Result};
use serde::Serialize;

/// Validated cohort parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct CohortParams {
    pub period: Period,
    pub metric: Metric,
    /// "On or after" retention (metric `Customers` only).
    pub rolling: bool,
    /// At most this many periods per cohort (≥ 1); `None` = up to the last order.
    pub max_periods: Option<u32>,
    pub group_by: Option<GroupBy>,
    /// Largest groups kept (≥ 1); the rest are pooled as `other`.
    pub max_groups: u32,
    /// Cohorts whose first purchase is on or after / on or before these days.
    pub from: Option<i32>,
    pub to: Option<i32>,
}

impl Default for CohortParams {
    fn default() -> Self {
        CohortParams { period: Period::Month, metric: Metric::Customers, rolling: false, max_periods: None, group_by: None, max_groups: 20, from: None, to: None }
    }
}

/// What `groupBy` splits cohorts by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupBy {
    /// 入口商品: the product of the first purchase order's largest line.
    FirstProduct,
    FirstCategory,
    RfmSegment,
    /// An attribute from `addCustomers`, by name or header.
    Attribute(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Day,
    Week { sunday: bool },
    Month,
    Quarter,
}

impl Period {
    /// Period number of a day.
    pub fn index(self, day: i32) -> i32 {
        match self {
            Period::Day => day,
            // 1970-01-05 (day 4) was a Monday, 1970-01-04 (day 3) a Sunday.
            Period::Week { sunday } => (day - if sunday { 3 } else { 4 }).div_euclid(7),
            Period::Month => {
                let (y, m, _) = civil_from_days(day);
                y * 12 + m as i32 - 1
            }
            Period::Quarter => {
                let (y, m, _) = civil_from_days(day);
                y * 4 + (m as i32 - 1) / 3
            }
        }
    }

    /// The period's word in messages.
    pub fn name(self) -> &'static str {
        match self {
            Period::Day => "daily",
            Period::Week { .. } => "weekly",
            Period::Month => "monthly",
            Period::Quarter => "quarterly",
        }
    }

    /// Label of a period number: `YYYY-MM-DD` (day; week = its first day), `YYYY-MM`, `YYYY-Qn`.
    pub fn label(self, index: i32) -> String {
        match self {
            Period::Day => format_date(index),
            Period::Week { sunday } => format_date(index * 7 + if sunday { 3 } else { 4 }),
            Period::Month => format!("{:04}-{:02}", index.div_euclid(12), index.rem_euclid(12) + 1),
            Period::Quarter => format!("{:04}-Q{}", index.div_euclid(4), index.rem_euclid(4) + 1),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Metric {
    Customers,
    Orders,
    Revenue,
    RevenuePerCustomer,
    CumulativeRevenuePerCustomer,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CohortRow {
    pub label: String,
    pub size: u64,
}

/// One cohort matrix (all cohorts, or one group's).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CohortMatrix {
    /// Group name (absent for the overall matrix).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    pub size: u64,
    pub cohorts: Vec<CohortRow>,
    /// Row-major cohorts × periods; NaN = not observed yet.
    #[serde(skip)]
    pub values: Vec<f64>,
    #[serde(skip)]
    pub rates: Vec<f64>,
    /// Size-weighted average of `rates` per period over observed cells (NaN when none).
    pub average: Vec<f64>,
}

impl crate::report::Columns for CohortMatrix {
    fn columns(&self) -> Vec<(&'static str, crate::report::Column<'_>)> {
        vec![("values", crate::report::Column::F64(&self.values)), ("rates", crate::report::Column::F64(&self.rates))]
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GapStats {
    pub gaps: u64,
    #[serde(flatten)]
    pub stats: crate::segments::repeat::DayStats,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CohortResult {
    pub period: &'static str,
    pub metric: &'static str,
    pub mode: &'static str,
    /// Column labels: "0", "1", … (periods since the first purchase).
    pub periods: Vec<String>,
    #[serde(flatten)]
    pub overall: CohortMatrix,
    pub groups: Vec<CohortMatrix>,
    pub time_between_purchases: GapStats,
}

fn invalid(option: &str, message: String) -> Error {
    Error::InvalidOption { option: option.into(), message }
}

/// Most cells one `cohorts` call builds (all its matrices): 5M cells are ~120 MB while built
/// (sums, values, rates) and more than any chart shows — daily cohorts over 6 years, weekly over 40.
pub const MAX_CELLS: u64 = 5_000_000;

/// Per customer: cohort period, and (period, orders, revenue) of each active period in order.
struct CustomerPeriods {
    cohort: Vec<i32>,
    offsets: Vec<u32>,
    /// Revenue in minor units (crate::money): summed exactly.
    periods: Vec<(i32, u32, i64)>,
}

fn customer_periods(ds: &Dataset, period: Period) -> CustomerPeriods {
    let mut cohort = vec![i32::MIN; ds.customers()];
    let mut offsets = Vec::with_capacity(ds.customers() + 1);
    let mut periods: Vec<(i32, u32, i64)> = Vec::new();
    offsets.push(0);
    for (c, first) in cohort.iter_mut().enumerate() {
        for o in ds.customer_orders(c) {
            let amount = ds.order_amount[o];
            let p = period.index(ds.order_date[o]);
            if *first == i32::MIN {
                if amount < 0.0 {
                    continue; // a return before any purchase belongs to no cohort period
                }
                *first = p;
            }
            let purchase = u32::from(amount >= 0.0);
            let has_current = periods.len() > *offsets.last().unwrap_or(&0) as usize;
            match periods.last_mut() {
                Some(last) if has_current && last.0 == p => {
                    last.1 += purchase;
                    last.2 += ds.money.units(amount);
                }
                _ => periods.push((p, purchase, ds.money.units(amount))),
            }
        }
        offsets.push(periods.len() as u32);
    }
    CustomerPeriods { cohort, offsets, periods }
}

/// The matrix frame shared by the overall matrix and every group's.
#[derive(Clone, Copy)]
struct Shape {
    first_cohort: i32,
    n_cohorts: usize,
    n_periods: usize,
    last_period: i32,
    money: crate::money::Money,
}

fn build_matrix(group: Option<String>, members: &[usize], cp: &CustomerPeriods, opts: &CohortParams, shape: Shape) -> CohortMatrix {
    let Shape { first_cohort, n_cohorts, n_periods, last_period, money } = shape;
    let in_units = !matches!(opts.metric, Metric::Customers | Metric::Orders);
    let mut size = vec![0u64; n_cohorts];
    let mut sum = vec![0f64; n_cohorts * n_periods];
    for &c in members {
        let row = (cp.cohort[c] - first_cohort) as usize;
        size[row] += 1;
        let list = &cp.periods[cp.offsets[c] as usize..cp.offsets[c + 1] as usize];
        if opts.rolling {
            // Active in k or later ⇔ the last active period is ≥ c + k.
            // Counted as a difference (+1 at 0, −1 after `through`) and summed per row below, so
            // the work is one step per customer, not one per period.
            if let Some(&(last, _, _)) = list.iter().rev().find(|x| x.1 > 0) {
                let through = ((last - cp.cohort[c]) as usize).min(n_periods - 1);
                sum[row * n_periods] += 1.0;
                if through + 1 < n_periods {
                    sum[row * n_periods + through + 1] -= 1.0;
                }
            }
            continue;
        }
        for &(p, purchases, revenue) in list {
            let k = (p - cp.cohort[c]) as usize;
            if k >= n_periods {
                break;
            }
            sum[row * n_periods + k] += match opts.metric {
                Metric::Customers => f64::from(u8::from(purchases > 0)),
                Metric::Orders => purchases as f64,
                // Whole minor units: exact in f64 up to 2^53.
                _ => revenue as f64,
            };
        }
    }
    if opts.rolling {
        for row in sum.chunks_mut(n_periods) {
            for k in 1..row.len() {
                row[k] += row[k - 1];
            }
        }
    }
    let mut values = vec![f64::NAN; n_cohorts * n_periods];
    let mut rates = vec![f64::NAN; n_cohorts * n_periods];
    let mut avg_num = vec![0f64; n_periods];
    let mut avg_den = vec![0f64; n_periods];
    for row in 0..n_cohorts {
        let cohort = first_cohort + row as i32;
        let mut running = 0.0;
        for k in 0..n_periods {
            if cohort + k as i32 > last_period {
                break;
            }
            let units = sum[row * n_periods + k];
            running += units;
            let (raw, running) = if in_units { (money.value(units as i64), money.value(running as i64)) } else { (units, running) };
            let n = size[row] as f64;
            let value = match opts.metric {
                Metric::RevenuePerCustomer => if n > 0.0 { raw / n } else { f64::NAN },
                Metric::CumulativeRevenuePerCustomer => if n > 0.0 { running / n } else { f64::NAN },
                _ => raw,
            };
            let rate = match opts.metric {
                Metric::RevenuePerCustomer | Metric::CumulativeRevenuePerCustomer => value,
                _ => if n > 0.0 { raw / n } else { f64::NAN },
            };
            values[row * n_periods + k] = value;
            rates[row * n_periods + k] = rate;
            if n > 0.0 {
                let numerator = match opts.metric {
                    Metric::CumulativeRevenuePerCustomer => running,
                    _ => raw,
                };
                avg_num[k] += numerator;
                avg_den[k] += n;
            }
        }
    }
    let average = avg_num.iter().zip(&avg_den).map(|(a, b)| if *b > 0.0 { a / b } else { f64::NAN }).collect();
    let cohorts = (0..n_cohorts).map(|row| CohortRow { label: opts.period.label(first_cohort + row as i32), size: size[row] }).collect();
    CohortMatrix { group, size: members.len() as u64, cohorts, values, rates, average }
}

/// The first purchase order's largest line (ties → the earlier line), or `None`.
fn entry_line(ds: &Dataset, c: usize) -> Option<usize> {
    let o = ds.customer_orders(c).find(|&o| ds.order_amount[o] >= 0.0)?;
    let mut best: Option<usize> = None;
    for l in ds.order_lines(o) {
        if best.is_none_or(|b| ds.line_amount[l] > ds.line_amount[b]) {
            best = Some(l);
        }
    }
    best
}

/// The customers in cohorts: a first purchase, within `from` / `to`.
fn population(ds: &Dataset, opts: &CohortParams, cp: &CustomerPeriods) -> Result<Vec<usize>> {
    let from_p = opts.from.map(|d| opts.period.index(d));
    let to_p = opts.to.map(|d| opts.period.index(d));
    let members: Vec<usize> = (0..ds.customers())
        .filter(|&c| cp.cohort[c] != i32::MIN && from_p.is_none_or(|f| cp.cohort[c] >= f) && to_p.is_none_or(|t| cp.cohort[c] <= t))
        .collect();
    if members.is_empty() {
        return Err(invalid("from", "no customer has a first purchase in the selected range".into()));
    }
    Ok(members)
}

/// The attribute `groupBy` names, if it names one (an unknown name is an error).
fn group_attribute<'d>(ds: &'d Dataset, opts: &CohortParams) -> Result<Option<&'d crate::dataset::Attribute>> {
    match &opts.group_by {
        Some(GroupBy::Attribute(name)) => Ok(Some(ds.attributes.iter().find(|a| a.name == *name || a.header == *name).ok_or_else(|| {
            invalid("groupBy", format!("unknown grouping \"{name}\"; use 'firstProduct', 'firstCategory', 'rfmSegment' or an attribute from addCustomers"))
        })?)),
        _ => Ok(None),
    }
}

/// With `groupBy`: the `maxGroups` largest groups of `members` (by size, then name), then the
/// rest as `other`, each with its customers; empty without `groupBy`.
fn group_members(ds: &Dataset, opts: &CohortParams, attribute: Option<&crate::dataset::Attribute>, members: &[usize]) -> Result<Vec<(String, Vec<usize>)>> {
    let Some(by) = &opts.group_by else { return Ok(Vec::new()) };
    let labels: Vec<String> = match by {
        GroupBy::FirstProduct | GroupBy::FirstCategory => members
            .iter()
            .map(|&c| {
                let product = entry_line(ds, c).map(|l| ds.line_product[l]).unwrap_or(NONE);
                if product == NONE {
                    return "unknown".to_string();
                }
                if *by == GroupBy::FirstProduct {
                    ds.product_ids.get(product).to_string()
                } else {
                    match ds.product_category[product as usize] {
                        NONE => "unknown".to_string(),
                        cat => ds.categories.get(cat).to_string(),
                    }
                }
            })
            .collect(),
        GroupBy::RfmSegment => {
            let r = crate::segments::rfm::rfm(ds, &crate::segments::rfm::RfmParams::default())?;
            members.iter().map(|&c| r.segments.iter().find(|s| s.id == r.segment[c]).map(|s| s.key.clone()).unwrap_or_else(|| "unknown".into())).collect()
        }
        GroupBy::Attribute(_) => match attribute {
            Some(attr) => members.iter().map(|&c| attr.label(c).to_string()).collect(),
            None => return Err(crate::error::Error::Internal { message: "attribute grouping without an attribute".into() }),
        },
    };
    let max_groups = opts.max_groups.max(1) as usize;
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for l in &labels {
        *counts.entry(l.as_str()).or_default() += 1;
    }
    let mut ranked: Vec<(&str, usize)> = counts.into_iter().collect();
    crate::sort::sort_by(&mut ranked, |a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let kept: Vec<&str> = ranked.iter().take(max_groups).map(|x| x.0).collect();
    let mut buckets: Vec<Vec<usize>> = vec![Vec::new(); kept.len() + 1];
    for (i, &c) in members.iter().enumerate() {
        let slot = kept.iter().position(|k| *k == labels[i]).unwrap_or(kept.len());
        buckets[slot].push(c);
    }
    Ok(buckets
        .into_iter()
        .enumerate()
        .filter(|(_, bucket)| !bucket.is_empty())
        .map(|(slot, bucket)| (kept.get(slot).map(|s| s.to_string()).unwrap_or_else(|| "other".into()), bucket))
        .collect())
}

/// The customers a cell counts: those of cohort `cohort` (its label, e.g. `2024-03`) — in group
/// `group` with `groupBy` — with a purchase in period `period` after it (`rolling`: in that period
/// or a later one). For the revenue metrics also those whose only activity there is a return (it
/// moves the revenue); for `cumulativeRevenuePerCustomer`, activity in periods 0 … `period`
/// (every cohort member). A cell past the data is empty.
pub fn cell_members(ds: &Dataset, opts: &CohortParams, group: Option<&str>, cohort: &str, period: u32) -> Result<Vec<usize>> {
    let attribute = group_attribute(ds, opts)?;
    let last_period = opts.period.index(ds.last_date()?);
    let cp = customer_periods(ds, opts.period);
    let members = population(ds, opts, &cp)?;
    let first_cohort = members.iter().map(|&c| cp.cohort[c]).min().unwrap_or(0);
    let last_cohort = members.iter().map(|&c| cp.cohort[c]).max().unwrap_or(0);
    let Some(index) = (first_cohort..=last_cohort).find(|&p| opts.period.label(p) == cohort) else {
        return Err(invalid(
            "cohort",
            format!("no cohort \"{cohort}\"; cohorts run from {} to {}", opts.period.label(first_cohort), opts.period.label(last_cohort)),
        ));
    };
    if opts.max_periods.is_some_and(|m| period >= m) {
        return Err(invalid("period", format!("period {period} is past maxPeriods ({})", opts.max_periods.unwrap_or(0))));
    }
    let pool = match (group, &opts.group_by) {
        (None, _) => members,
        (Some(_), None) => return Err(invalid("group", "a group needs cohorts.groupBy".into())),
        (Some(name), Some(_)) => {
            let groups = group_members(ds, opts, attribute, &members)?;
            let names: Vec<String> = groups.iter().map(|g| g.0.clone()).collect();
            groups.into_iter().find(|g| g.0 == name).map(|g| g.1).ok_or_else(|| {
                invalid("group", format!("no group \"{name}\"; groups: {}", names.join(", ")))
            })?
        }
    };
    let target = index.saturating_add(period as i32);
    if target > last_period {
        return Ok(Vec::new());
    }
    let revenue = matches!(opts.metric, Metric::Revenue | Metric::RevenuePerCustomer | Metric::CumulativeRevenuePerCustomer);
    let cumulative = opts.metric == Metric::CumulativeRevenuePerCustomer;
    Ok(pool
        .into_iter()
        .filter(|&c| cp.cohort[c] == index)
        .filter(|&c| {
            let list = &cp.periods[cp.offsets[c] as usize..cp.offsets[c + 1] as usize];
            if opts.rolling {
                list.iter().any(|x| x.1 > 0 && x.0 >= target)
            } else if cumulative {
                list.iter().any(|x| x.0 <= target)
            } else {
                list.iter().any(|x| x.0 == target && (x.1 > 0 || revenue))
            }
        })
        .collect())
}

pub fn cohorts(ds: &Dataset, opts: &CohortParams) -> Result<CohortResult> {
    // The grouping is resolved first: an unknown attribute fails before any work.
    let attribute = group_attribute(ds, opts)?;
    let last_day = ds.last_date()?;
    let last_period = opts.period.index(last_day);
    let cp = customer_periods(ds, opts.period);
    let members = population(ds, opts, &cp)?;
    let first_cohort = members.iter().map(|&c| cp.cohort[c]).min().unwrap_or(0);
    let last_cohort = members.iter().map(|&c| cp.cohort[c]).max().unwrap_or(0);
    let n_cohorts = (last_cohort - first_cohort + 1) as usize;
    if n_cohorts > 100_000 {
        return Err(invalid("period", format!("{n_cohorts} cohorts is too many; use a longer period or from/to")));
    }
    let span = (last_period - first_cohort + 1).max(1) as usize;
    let n_periods = opts.max_periods.map_or(span, |m| (m as usize).min(span));
    // Sized before anything is allocated: one span of 1900 … 2200 by day is 10^10 cells.
    let matrices = if opts.group_by.is_some() { opts.max_groups.max(1) as u64 + 2 } else { 1 };
    let cells = n_cohorts as u64 * n_periods as u64 * matrices;
    if cells > MAX_CELLS {
        let unit = opts.period.name();
        let groups = if matrices > 1 { format!(" × {matrices} matrices (overall and groups)") } else { String::new() };
        return Err(Error::TooLarge {
            what: format!(
                "the cohort matrix, {n_cohorts} {unit} cohorts × {n_periods} periods{groups} = {cells} cells (the orders run from {} to {}; use a coarser period, from/to{}, or maxPeriods),",
                crate::dates::format_date(ds.first_date()?),
                crate::dates::format_date(last_day),
                if matrices > 1 { ", fewer maxGroups" } else { "" }
            )
            .into(),
            limit: MAX_CELLS,
        });
    }
    let shape = Shape { first_cohort, n_cohorts, n_periods, last_period, money: ds.money };
    let overall = build_matrix(None, &members, &cp, opts, shape);

    let mut groups = Vec::new();
    for (name, bucket) in group_members(ds, opts, attribute, &members)? {
        groups.push(build_matrix(Some(name), &bucket, &cp, opts, shape));
    }

    // Days between consecutive purchases.
    let mut gaps: Vec<f64> = Vec::new();
    for c in 0..ds.customers() {
        let mut previous: Option<i32> = None;
        for o in ds.customer_orders(c) {
            if ds.order_amount[o] < 0.0 {
                continue;
            }
            let day = ds.order_date[o];
            if let Some(p) = previous {
                gaps.push((day - p) as f64);
            }
            previous = Some(day);
        }
    }
    let time_between_purchases = GapStats { gaps: gaps.len() as u64, stats: crate::segments::repeat::day_stats(gaps) };
    Ok(CohortResult {
        period: match opts.period {
            Period::Day => "day",
            Period::Week { .. } => "week",
            Period::Month => "month",
            Period::Quarter => "quarter",
        },
        metric: match opts.metric {
            Metric::Customers => "customers",
            Metric::Orders => "orders",
            Metric::Revenue => "revenue",
            Metric::RevenuePerCustomer => "revenuePerCustomer",
            Metric::CumulativeRevenuePerCustomer => "cumulativeRevenuePerCustomer",
        },
        mode: if opts.rolling { "rolling" } else { "period" },
        periods: (0..n_periods).map(|k| k.to_string()).collect(),
        overall,
        groups,
        time_between_purchases,
    })
}
