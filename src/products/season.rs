//! `seasonality()`: revenue, units and buyers by period × item for the top items (docs/products.md §2).

use super::{Axis, By};
use crate::dataset::{Dataset, NONE};
use crate::dates::{format_month, month_index};
use crate::error::{Error, Result};
use serde::Serialize;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Period {
    #[default]
    Month,
    Weekday,
    Hour,
}

impl Period {
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Month => "month",
            Period::Weekday => "weekday",
            Period::Hour => "hour",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct SeasonalityParams {
    pub by: By,
    pub period: Period,
    /// Items shown (by revenue); the rest are summed as `other`.
    pub top: usize,
    pub from: Option<i32>,
    pub to: Option<i32>,
}

impl Default for SeasonalityParams {
    fn default() -> Self {
        SeasonalityParams { by: By::Product, period: Period::Month, top: 20, from: None, to: None }
    }
}

/// The label of the items beyond `top`, summed.
pub const OTHER: &str = "other";
/// More months than this is a mistake in the dates (or needs `from`/`to`).
pub const MAX_MONTHS: usize = 1200;
const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SeasonalityResult {
    pub by: &'static str,
    pub period: &'static str,
    /// Item labels (product ids or categories), the top items by revenue, then `other` if any.
    pub items: Vec<String>,
    /// Product names ('' for categories and `other`).
    pub names: Vec<String>,
    /// `YYYY-MM`, `Mon` … `Sun`, or `0` … `23`.
    pub periods: Vec<String>,
    /// Row-major by item: `revenue[item * periods.len() + period]`.
    pub revenue: Vec<f64>,
    pub units: Vec<f64>,
    pub buyers: Vec<u64>,
    /// Month periods only: revenue ÷ the same item's revenue 12 months earlier − 1 (NaN without it).
    pub yoy: Vec<f64>,
    /// Per period: the total over all items (not only the top ones).
    pub total_revenue: Vec<f64>,
    /// Hour periods: orders of the period without a time (not in the grid).
    pub untimed: u64,
}

pub fn seasonality(ds: &Dataset, p: &SeasonalityParams) -> Result<SeasonalityResult> {
    let axis = Axis::new(ds, p.by, "seasonality")?;
    if p.period == Period::Hour && ds.order_time.iter().all(|&t| t == NONE) {
        return Err(Error::MissingField { analysis: "seasonality by hour", field: "order times (an order date with a time, or a time column)", option: "orderTime" });
    }
    let in_period = |day: i32| p.from.is_none_or(|f| day >= f) && p.to.is_none_or(|t| day < t);
    let orders: Vec<usize> = (0..ds.orders()).filter(|&o| in_period(ds.order_date[o])).collect();
    // Top items by revenue in the period.
    let mut revenue_of = vec![0.0f64; axis.len()];
    let mut present = vec![false; axis.len()];
    for &o in &orders {
        for l in ds.order_lines(o) {
            if let Some(i) = axis.of_line(ds, l) {
                revenue_of[i] += ds.money.units(ds.line_amount[l]) as f64;
                present[i] = true;
            }
        }
    }
    // Every item with a line in the period (a sale and its return net to 0 but fill two cells).
    let mut ranked: Vec<usize> = (0..axis.len()).filter(|&i| present[i]).collect();
    crate::sort::sort_by(&mut ranked, |&a, &b| revenue_of[b].total_cmp(&revenue_of[a]).then_with(|| axis.labels[a].cmp(&axis.labels[b])));
    let shown = ranked.len().min(p.top);
    let has_other = ranked.len() > shown;
    let mut slot = vec![if has_other { shown as u32 } else { NONE }; axis.len()];
    for (k, &i) in ranked.iter().take(shown).enumerate() {
        slot[i] = k as u32;
    }
    let mut items: Vec<String> = ranked.iter().take(shown).map(|&i| axis.labels[i].clone()).collect();
    let mut names: Vec<String> = ranked.iter().take(shown).map(|&i| axis.name(i).to_string()).collect();
    if has_other {
        items.push(OTHER.into());
        names.push(String::new());
    }
    // Periods.
    let (first_month, periods): (i32, Vec<String>) = match p.period {
        Period::Month => {
            let months = orders.iter().map(|&o| month_index(ds.order_date[o]));
            let (lo, hi) = months.fold((i32::MAX, i32::MIN), |(lo, hi), m| (lo.min(m), hi.max(m)));
            if lo > hi {
                (0, Vec::new())
            } else if (hi - lo) as usize >= MAX_MONTHS {
                return Err(Error::TooLarge { what: "the months the orders span (give `from` / `to`)".into(), limit: MAX_MONTHS as u64 });
            } else {
                (lo, (lo..=hi).map(format_month).collect())
            }
        }
        Period::Weekday => (0, WEEKDAYS.iter().map(|w| w.to_string()).collect()),
        Period::Hour => (0, (0..24).map(|h| h.to_string()).collect()),
    };
    let np = periods.len();
    let cells = items.len() * np;
    let mut revenue = vec![0.0; cells];
    let mut units = vec![0.0; cells];
    let mut buyers = vec![0u64; cells];
    let mut total_revenue = vec![0.0; np];
    let mut seen = vec![u32::MAX; cells];
    let mut untimed = 0u64;
    for c in 0..ds.customers() {
        for o in ds.customer_orders(c) {
            if !in_period(ds.order_date[o]) {
                continue;
            }
            let day = ds.order_date[o];
            let period = match p.period {
                Period::Month => (month_index(day) - first_month) as usize,
                // 1970-01-01 was a Thursday.
                Period::Weekday => (day as i64 + 3).rem_euclid(7) as usize,
                Period::Hour => match ds.order_time[o] {
                    NONE => {
                        untimed += 1;
                        continue;
                    }
                    t => (t / 3600).min(23) as usize,
                },
            };
            for l in ds.order_lines(o) {
                let Some(i) = axis.of_line(ds, l) else { continue };
                // Whole minor units, exact in f64 below 2^53 (crate::money); converted below.
                total_revenue[period] += ds.money.units(ds.line_amount[l]) as f64;
                let s = slot[i];
                if s == NONE {
                    continue;
                }
                let cell = s as usize * np + period;
                revenue[cell] += ds.money.units(ds.line_amount[l]) as f64;
                units[cell] += ds.line_quantity[l];
                if ds.order_amount[o] >= 0.0 && seen[cell] != c as u32 {
                    seen[cell] = c as u32;
                    buyers[cell] += 1;
                }
            }
        }
    }
    for v in revenue.iter_mut().chain(total_revenue.iter_mut()) {
        *v = ds.money.value(*v as i64);
    }
    let yoy = if p.period == Period::Month {
        (0..cells)
            .map(|cell| {
                let period = cell % np;
                if period < 12 || revenue[cell - 12] == 0.0 {
                    f64::NAN
                } else {
                    revenue[cell] / revenue[cell - 12] - 1.0
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(SeasonalityResult { by: p.by.as_str(), period: p.period.as_str(), items, names, periods, revenue, units, buyers, yoy, total_revenue, untimed })
}
