//! Repeat purchase and F-stage conversion (F2転換率), as Japanese D2C teams track them.
//!
//! Over orders dated before `asOf` (purchase = order with net amount ≥ 0):
//! - `repeatRate` (リピート率) = customers with ≥ 2 purchases ÷ customers with ≥ 1.
//! - `stages`: for n = 1 … 5, F(n)→F(n+1) = customers with ≥ n+1 purchases ÷ customers with ≥ n.
//! - `f2Within`: for each window w (days), among first-time buyers whose window is fully observed
//!   (first purchase + w ≤ the day before `asOf`), the share whose 2nd purchase came within w days
//!   of the first (same day = 0 days). Customers whose window is not over yet are left out, not
//!   counted as non-converters; `eligible` says how many were counted.
//! - `cohorts`: the same by first-purchase month; a cell is null until every customer of the
//!   cohort has had the full window (no partially observed cells), and `f2Ever` = 2nd purchase at
//!   any time before `asOf`.
//! - `daysToSecond`: days from the 1st to the 2nd purchase: mean, quantiles (numpy linear
//!   interpolation) and a histogram for step-mail timing.

use super::as_of_label;
use crate::dataset::Dataset;
use crate::dates::{days_from_civil, format_month, month_index};
use crate::error::{Error, Result};
use serde::Serialize;

pub const DEFAULT_WINDOWS: [u32; 5] = [30, 60, 90, 180, 365];
/// Histogram bins of days to the 2nd purchase: [from, to] inclusive; the last is open-ended.
pub const DAY_BINS: [(u32, Option<u32>); 8] =
    [(0, Some(7)), (8, Some(14)), (15, Some(30)), (31, Some(60)), (61, Some(90)), (91, Some(180)), (181, Some(365)), (366, None)];

/// Validated repeat parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct RepeatParams {
    /// `None` = the day after the last order.
    pub as_of: Option<i32>,
    /// 1 to 32 increasing day counts, each 1 … 3650.
    pub windows: Vec<u32>,
}

impl Default for RepeatParams {
    fn default() -> Self {
        RepeatParams { as_of: None, windows: DEFAULT_WINDOWS.to_vec() }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stage {
    /// F(from) → F(from + 1).
    pub from: u32,
    pub customers: u64,
    pub converted: u64,
    pub rate: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WindowRate {
    pub days: u32,
    pub eligible: u64,
    pub converted: u64,
    /// null when no customer is eligible yet.
    pub rate: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RepeatCohort {
    /// First-purchase month `YYYY-MM`.
    pub month: String,
    pub first_time_buyers: u64,
    pub f2_ever: u64,
    pub f2_ever_rate: f64,
    /// Per window (same order as `windows`): converted within the window, null until observed.
    pub f2_within: Vec<Option<u64>>,
    pub f2_within_rate: Vec<Option<f64>>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DayBin {
    pub from: u32,
    /// Inclusive upper bound; null for the open-ended last bin.
    pub to: Option<u32>,
    pub customers: u64,
}

/// Distribution of a number of days: mean, quartiles and p90 (numpy linear interpolation; null
/// when empty) and the [`DAY_BINS`] histogram. Shared by `repeat` and `cohorts`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DayStats {
    pub mean: Option<f64>,
    pub p25: Option<f64>,
    pub median: Option<f64>,
    pub p75: Option<f64>,
    pub p90: Option<f64>,
    pub histogram: Vec<DayBin>,
}

pub fn day_stats(mut days: Vec<f64>) -> DayStats {
    days.sort_by(f64::total_cmp);
    let q = |p: f64| (!days.is_empty()).then(|| super::rfm::quantile_sorted(&days, p));
    let histogram = DAY_BINS
        .iter()
        .map(|&(from, to)| DayBin {
            from,
            to,
            customers: days.iter().filter(|&&g| g >= from as f64 && to.is_none_or(|t| g <= t as f64)).count() as u64,
        })
        .collect();
    DayStats {
        mean: (!days.is_empty()).then(|| days.iter().sum::<f64>() / days.len() as f64),
        p25: q(0.25),
        median: q(0.5),
        p75: q(0.75),
        p90: q(0.9),
        histogram,
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DaysToSecond {
    pub customers: u64,
    #[serde(flatten)]
    pub stats: DayStats,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RepeatResult {
    pub as_of: String,
    pub windows: Vec<u32>,
    pub buyers: u64,
    pub repeat_buyers: u64,
    pub repeat_rate: f64,
    pub stages: Vec<Stage>,
    pub f2_within: Vec<WindowRate>,
    pub cohorts: Vec<RepeatCohort>,
    pub days_to_second: DaysToSecond,
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

pub fn repeat(ds: &Dataset, params: &RepeatParams) -> Result<RepeatResult> {
    let windows = params.windows.clone();
    let as_of = ds.as_of(params.as_of)?;
    let last_observed = as_of - 1;

    // First and second purchase day and purchase count per customer.
    let mut firsts: Vec<(i32, Option<i32>, u32)> = Vec::new();
    for c in 0..ds.customers() {
        let (mut first, mut second, mut count) = (None, None, 0u32);
        for o in ds.customer_orders(c) {
            if ds.order_date[o] >= as_of {
                break;
            }
            if ds.order_amount[o] < 0.0 {
                continue;
            }
            count += 1;
            match (first, second) {
                (None, _) => first = Some(ds.order_date[o]),
                (Some(_), None) => second = Some(ds.order_date[o]),
                _ => {}
            }
        }
        if let Some(f) = first {
            firsts.push((f, second, count));
        }
    }
    if firsts.is_empty() {
        return Err(Error::InvalidOption { option: "asOf".into(), message: format!("no customer has a purchase before {}", as_of_label(as_of)) });
    }
    let buyers = firsts.len() as u64;
    let stages: Vec<Stage> = (1..=5u32)
        .map(|n| {
            let customers = firsts.iter().filter(|x| x.2 >= n).count() as u64;
            let converted = firsts.iter().filter(|x| x.2 > n).count() as u64;
            Stage { from: n, customers, converted, rate: ratio(converted, customers) }
        })
        .collect();
    let repeat_buyers = stages[0].converted;

    let f2_within: Vec<WindowRate> = windows
        .iter()
        .map(|&w| {
            let w = w as i32;
            let eligible = firsts.iter().filter(|x| x.0 + w <= last_observed);
            let (mut n, mut k) = (0u64, 0u64);
            for x in eligible {
                n += 1;
                if x.1.is_some_and(|s| s - x.0 <= w) {
                    k += 1;
                }
            }
            WindowRate { days: w as u32, eligible: n, converted: k, rate: (n > 0).then(|| ratio(k, n)) }
        })
        .collect();

    // Cohorts by first-purchase month.
    let first_month = firsts.iter().map(|x| month_index(x.0)).min().unwrap_or(0);
    let last_month = firsts.iter().map(|x| month_index(x.0)).max().unwrap_or(0);
    let mut cohorts: Vec<RepeatCohort> = (first_month..=last_month)
        .map(|m| RepeatCohort {
            month: format_month(m),
            first_time_buyers: 0,
            f2_ever: 0,
            f2_ever_rate: 0.0,
            f2_within: vec![Some(0); windows.len()],
            f2_within_rate: vec![None; windows.len()],
        })
        .collect();
    for x in &firsts {
        let cohort = &mut cohorts[(month_index(x.0) - first_month) as usize];
        cohort.first_time_buyers += 1;
        if let Some(s) = x.1 {
            cohort.f2_ever += 1;
            for (i, &w) in windows.iter().enumerate() {
                if s - x.0 <= w as i32 {
                    if let Some(k) = cohort.f2_within[i].as_mut() {
                        *k += 1;
                    }
                }
            }
        }
    }
    for (i, cohort) in cohorts.iter_mut().enumerate() {
        let m = first_month + i as i32;
        let (y, mo) = (m.div_euclid(12), m.rem_euclid(12) as u32 + 1);
        let month_end = if mo == 12 { days_from_civil(y + 1, 1, 1) } else { days_from_civil(y, mo + 1, 1) } - 1;
        cohort.f2_ever_rate = ratio(cohort.f2_ever, cohort.first_time_buyers);
        for (j, &w) in windows.iter().enumerate() {
            if cohort.first_time_buyers == 0 || month_end + w as i32 > last_observed {
                cohort.f2_within[j] = None;
            } else {
                cohort.f2_within_rate[j] = cohort.f2_within[j].map(|k| ratio(k, cohort.first_time_buyers));
            }
        }
    }

    // Days from the 1st to the 2nd purchase.
    let gaps: Vec<f64> = firsts.iter().filter_map(|x| x.1.map(|s| (s - x.0) as f64)).collect();
    let days_to_second = DaysToSecond { customers: gaps.len() as u64, stats: day_stats(gaps) };

    Ok(RepeatResult {
        as_of: as_of_label(as_of),
        windows,
        buyers,
        repeat_buyers,
        repeat_rate: ratio(repeat_buyers, buyers),
        stages,
        f2_within,
        cohorts,
        days_to_second,
    })
}
