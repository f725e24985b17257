//! Decile analysis (デシル分析): customers with at least one purchase in the window, sorted by net
//! spend (highest first; equal spend → lower customer index first, so the split is
//! deterministic), cut into 10 groups of equal count (group sizes differ by at most one: customer
//! at rank i, 0-based, goes to decile ⌊10·i / n⌋ + 1). Decile 1 is the top.
//!
//! Window: orders dated in `[asOf − periodDays, asOf)`; without `periodDays`, all orders before
//! `asOf` (default: the day after the last order).

use super::{as_of_label, CustomerStats};
use crate::dataset::Dataset;
use crate::report::Warning;
use crate::error::{Error, Result};
use serde::Serialize;

/// Validated decile parameters.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DecileParams {
    /// `None` = the day after the last order.
    pub as_of: Option<i32>,
    /// Window length in days before `asOf` (≥ 1); `None` = all history.
    pub period_days: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DecileRow {
    pub decile: u8,
    pub customers: u64,
    pub revenue: f64,
    /// Share of the window's revenue.
    pub share: f64,
    /// Share of revenue of deciles 1 … this one.
    pub cumulative_share: f64,
    pub orders: u64,
    /// revenue / orders.
    pub aov: f64,
    pub orders_per_customer: f64,
    pub min_spend: f64,
    pub max_spend: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DecileResult {
    pub as_of: String,
    /// First day of the window (`YYYY-MM-DD`), or null for all history.
    pub from: Option<String>,
    pub customers: u64,
    pub revenue: f64,
    pub deciles: Vec<DecileRow>,
    pub warnings: Vec<Warning>,
    /// Per customer: decile 1–10, or 0 when the customer has no purchase in the window.
    #[serde(skip)]
    pub decile: Vec<u8>,
}

impl crate::report::Columns for DecileResult {
    fn columns(&self) -> Vec<(&'static str, crate::report::Column<'_>)> {
        vec![("decile", crate::report::Column::U8(&self.decile))]
    }
}

pub fn deciles(ds: &Dataset, params: &DecileParams) -> Result<DecileResult> {
    let as_of = ds.as_of(params.as_of)?;
    let from = params.period_days.map(|days| as_of - days.clamp(1, 1_000_000) as i32);
    let stats = CustomerStats::compute(ds, from.unwrap_or(i32::MIN), as_of);
    deciles_on(&stats, as_of, from, ds.money)
}

/// Deciles from the per-customer statistics of the window `[from, as_of)`: what [`deciles`]
/// computes from the order lines, and a summary dataset from its customer table (all history).
/// Ties in spend go to the lower customer index.
pub fn deciles_on(stats: &CustomerStats, as_of: i32, from: Option<i32>, money: crate::money::Money) -> Result<DecileResult> {
    let customers = stats.purchases.len();
    let mut ranked: Vec<u32> = (0..customers as u32).filter(|&c| stats.purchases[c as usize] > 0).collect();
    if ranked.is_empty() {
        return Err(Error::InvalidOption { option: "periodDays".into(), message: "no customer has a purchase in the window".into() });
    }
    crate::sort::sort_by(&mut ranked, |&a, &b| stats.monetary[b as usize].total_cmp(&stats.monetary[a as usize]).then(a.cmp(&b)));
    let n = ranked.len();
    let total = money.sum(ranked.iter().map(|&c| stats.monetary[c as usize]));
    let mut revenue_units = [crate::money::Total::default(); 10];
    let mut decile = vec![0u8; customers];
    let mut rows: Vec<DecileRow> = (1..=10)
        .map(|d| DecileRow {
            decile: d,
            customers: 0,
            revenue: 0.0,
            share: 0.0,
            cumulative_share: 0.0,
            orders: 0,
            aov: 0.0,
            orders_per_customer: 0.0,
            min_spend: f64::INFINITY,
            max_spend: f64::NEG_INFINITY,
        })
        .collect();
    for (rank, &c) in ranked.iter().enumerate() {
        let d = (rank * 10 / n) as u8 + 1;
        decile[c as usize] = d;
        let row = &mut rows[d as usize - 1];
        let spend = stats.monetary[c as usize];
        row.customers += 1;
        revenue_units[d as usize - 1].add(money, spend);
        row.orders += stats.purchases[c as usize] as u64;
        row.min_spend = row.min_spend.min(spend);
        row.max_spend = row.max_spend.max(spend);
    }
    let mut cumulative_units = crate::money::Total::default();
    for (row, units) in rows.iter_mut().zip(revenue_units) {
        row.revenue = units.value(money);
        cumulative_units.0 += units.0;
        let cumulative = cumulative_units.value(money);
        row.share = if total != 0.0 { row.revenue / total } else { 0.0 };
        row.cumulative_share = if total != 0.0 { cumulative / total } else { 0.0 };
        if row.orders > 0 {
            row.aov = row.revenue / row.orders as f64;
        }
        if row.customers > 0 {
            row.orders_per_customer = row.orders as f64 / row.customers as f64;
        } else {
            row.min_spend = 0.0;
            row.max_spend = 0.0;
        }
    }
    let mut warnings = Vec::new();
    if n < 10 {
        warnings.push(Warning {
            code: "few_customers",
            message: format!("only {n} customers purchased in the window; some deciles are empty"),
            line: None,
        });
    }
    Ok(DecileResult {
        as_of: as_of_label(as_of),
        from: from.map(as_of_label),
        customers: n as u64,
        revenue: total,
        deciles: rows,
        warnings,
        decile,
    })
}
