//! Replenishment: days between a customer's purchases of the same item, and the customers due to
//! buy it again (docs/products.md §5).

use super::{is_purchase, Axis, By};
use crate::dataset::Dataset;
use crate::dates::format_date;
use crate::error::{Error, Result};
use crate::export::{to_csv, Cell};
use crate::segments::rfm::quantile_sorted;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq)]
pub struct ReplenishmentParams {
    pub by: By,
    /// Items with fewer intervals have no reorder interval (`reorderable: false`).
    pub min_intervals: u64,
    pub as_of: Option<i32>,
}

impl Default for ReplenishmentParams {
    fn default() -> Self {
        ReplenishmentParams { by: By::Product, min_intervals: 10, as_of: None }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IntervalRow {
    pub item: String,
    pub name: String,
    pub buyers: u64,
    /// Buyers with ≥ 2 purchase days of the item.
    pub rebuyers: u64,
    pub rebuy_rate: f64,
    /// Days between consecutive purchase days (all customers).
    pub intervals: u64,
    /// Interval distribution in days (numpy linear interpolation; NaN without intervals).
    pub mean: f64,
    pub p25: f64,
    pub median: f64,
    pub p75: f64,
    pub p90: f64,
    /// Enough intervals (`minIntervals`) for a due date.
    pub reorderable: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplenishmentResult {
    pub by: &'static str,
    pub as_of: String,
    pub min_intervals: u64,
    /// Items with at least one rebuyer, by rebuyers (most first).
    pub items: Vec<IntervalRow>,
}

/// Per item, per buyer: the distinct purchase days (ascending), from the purchase orders `keep` accepts.
fn purchase_days(ds: &Dataset, axis: &Axis, keep: &dyn Fn(usize) -> bool, mut each: impl FnMut(usize, usize, &[i32])) {
    let mut days: Vec<Vec<i32>> = vec![Vec::new(); axis.len()];
    let mut touched: Vec<usize> = Vec::new();
    let mut items = Vec::new();
    for c in 0..ds.customers() {
        for o in ds.customer_orders(c) {
            let day = ds.order_date[o];
            if !keep(o) || !is_purchase(ds, o) {
                continue;
            }
            axis.order_items(ds, o, &mut items);
            for &i in &items {
                let d = &mut days[i];
                if d.is_empty() {
                    touched.push(i);
                }
                // Orders come by date within a customer: a repeat day is the last one.
                if d.last() != Some(&day) {
                    d.push(day);
                }
            }
        }
        for &i in &touched {
            each(c, i, &days[i]);
            days[i].clear();
        }
        touched.clear();
    }
}

/// Per item: its intervals (sorted), buyers and rebuyers (≥ 2 purchase days), in one pass.
fn intervals(ds: &Dataset, axis: &Axis, keep: &dyn Fn(usize) -> bool) -> (Vec<Vec<f64>>, Vec<u64>, Vec<u64>) {
    let mut gaps: Vec<Vec<f64>> = vec![Vec::new(); axis.len()];
    let mut buyers = vec![0u64; axis.len()];
    let mut rebuyers = vec![0u64; axis.len()];
    purchase_days(ds, axis, keep, |_, i, days| {
        buyers[i] += 1;
        rebuyers[i] += (days.len() >= 2) as u64;
        gaps[i].extend(days.windows(2).map(|w| (w[1] - w[0]) as f64));
    });
    for g in gaps.iter_mut() {
        g.sort_by(f64::total_cmp);
    }
    (gaps, buyers, rebuyers)
}

/// The median interval of each product over the purchase orders `keep` accepts (NaN with fewer
/// than `min_intervals`): the reorder cycle the repurchase recommendations use.
pub fn median_intervals(ds: &Dataset, keep: &dyn Fn(usize) -> bool, min_intervals: u64) -> Vec<f64> {
    let Ok(axis) = Axis::new(ds, By::Product, "recommend") else { return Vec::new() };
    let (gaps, _, _) = intervals(ds, &axis, keep);
    gaps.iter().map(|g| if (g.len() as u64) < min_intervals.max(1) { f64::NAN } else { quantile_sorted(g, 0.5) }).collect()
}

pub fn replenishment(ds: &Dataset, p: &ReplenishmentParams) -> Result<ReplenishmentResult> {
    let axis = Axis::new(ds, p.by, "replenishment")?;
    let as_of = ds.as_of(p.as_of)?;
    let (gaps, buyers, rebuyers) = intervals(ds, &axis, &|o| ds.order_date[o] < as_of);
    let mut order: Vec<usize> = (0..axis.len()).filter(|&i| rebuyers[i] > 0).collect();
    crate::sort::sort_by(&mut order, |&a, &b| rebuyers[b].cmp(&rebuyers[a]).then_with(|| axis.labels[a].cmp(&axis.labels[b])));
    let items = order
        .into_iter()
        .map(|i| {
            let g = &gaps[i];
            let q = |x: f64| if g.is_empty() { f64::NAN } else { quantile_sorted(g, x) };
            IntervalRow {
                item: axis.labels[i].clone(),
                name: axis.name(i).to_string(),
                buyers: buyers[i],
                rebuyers: rebuyers[i],
                rebuy_rate: rebuyers[i] as f64 / buyers[i] as f64,
                intervals: g.len() as u64,
                mean: if g.is_empty() { f64::NAN } else { g.iter().sum::<f64>() / g.len() as f64 },
                p25: q(0.25),
                median: q(0.5),
                p75: q(0.75),
                p90: q(0.9),
                reorderable: g.len() as u64 >= p.min_intervals.max(1),
            }
        })
        .collect();
    Ok(ReplenishmentResult { by: p.by.as_str(), as_of: format_date(as_of), min_intervals: p.min_intervals, items })
}

#[derive(Clone, Debug, PartialEq)]
pub struct DueParams {
    pub by: By,
    pub as_of: Option<i32>,
    /// Due in the next `window` days …
    pub window: u32,
    /// … or overdue by at most `overdue` days.
    pub overdue: u32,
    pub min_intervals: u64,
    /// Only these items (product ids or categories); `None` = every reorderable item.
    pub items: Option<Vec<String>>,
}

impl Default for DueParams {
    fn default() -> Self {
        DueParams { by: By::Product, as_of: None, window: 14, overdue: 14, min_intervals: 10, items: None }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DueRow {
    pub customer_id: String,
    pub item: String,
    pub name: String,
    /// Purchase days of the item so far.
    pub purchases: u64,
    pub last_purchase: String,
    pub median_interval: f64,
    pub due: String,
    /// due − asOf in days (negative = overdue).
    pub days_until_due: i32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DueResult {
    pub by: &'static str,
    pub as_of: String,
    pub window: u32,
    pub overdue: u32,
    /// Due soonest first.
    pub rows: Vec<DueRow>,
    /// Distinct customers in `rows`.
    pub customers: u64,
}

pub fn due_to_reorder(ds: &Dataset, p: &DueParams) -> Result<DueResult> {
    let axis = Axis::new(ds, p.by, "dueToReorder")?;
    let as_of = ds.as_of(p.as_of)?;
    let mut wanted = vec![p.items.is_none(); axis.len()];
    if let Some(list) = &p.items {
        for name in list {
            let i = axis.labels.iter().position(|l| l == name).ok_or_else(|| Error::InvalidOption {
                option: "products".into(),
                message: format!("unknown {} \"{name}\"", if p.by == By::Product { "product id" } else { "category" }),
            })?;
            wanted[i] = true;
        }
    }
    let before = |o: usize| ds.order_date[o] < as_of;
    let (gaps, _, _) = intervals(ds, &axis, &before);
    let median: Vec<Option<f64>> = gaps.iter().map(|g| (g.len() as u64 >= p.min_intervals.max(1)).then(|| quantile_sorted(g, 0.5))).collect();
    let mut rows = Vec::new();
    let (low, high) = (as_of - p.overdue as i32, as_of + p.window as i32);
    purchase_days(ds, &axis, &before, |c, i, days| {
        let (Some(m), true) = (median[i], wanted[i]) else { return };
        let Some(&last) = days.last() else { return };
        let due = last + (m + 0.5).floor() as i32;
        if due >= low && due < high {
            rows.push(DueRow {
                customer_id: ds.export_id(ds.customer_ids.get(c as u32)).into_owned(),
                item: axis.labels[i].clone(),
                name: axis.name(i).to_string(),
                purchases: days.len() as u64,
                last_purchase: format_date(last),
                median_interval: m,
                due: format_date(due),
                days_until_due: due - as_of,
            });
        }
    });
    crate::sort::sort_by(&mut rows, |a, b| a.days_until_due.cmp(&b.days_until_due).then_with(|| (&a.customer_id, &a.item).cmp(&(&b.customer_id, &b.item))));
    let mut ids: Vec<&str> = rows.iter().map(|r| r.customer_id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    let customers = ids.len() as u64;
    Ok(DueResult { by: p.by.as_str(), as_of: format_date(as_of), window: p.window, overdue: p.overdue, rows, customers })
}

/// The due list as the target-list CSV (UTF-8 with BOM, formula cells neutralised).
pub fn due_csv(result: &DueResult) -> Vec<u8> {
    const HEADERS: [&str; 8] = ["customer_id", "product", "product_name", "purchases", "last_purchase", "median_interval_days", "due_date", "days_until_due"];
    to_csv(
        &HEADERS,
        result.rows.iter().map(|r| {
            [
                Cell::Text(&r.customer_id),
                Cell::Text(&r.item),
                Cell::Text(&r.name),
                Cell::Number(r.purchases as f64),
                Cell::Text(&r.last_purchase),
                Cell::Number(r.median_interval),
                Cell::Text(&r.due),
                Cell::Number(r.days_until_due as f64),
            ]
        }),
    )
}
