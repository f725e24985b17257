//! `ds.summary()`: what was read, and the headline KPIs with the monthly decomposition
//! sales = customers × frequency (orders per customer) × AOV that CRM teams report.
//!
//! Definitions (README "Metric definitions"):
//! - `orders`: purchase orders = orders whose net amount ≥ 0. Orders with a negative net amount
//!   are returns (`returns.orders`), not purchase occasions.
//! - `revenue`: net sum of all line amounts (returns subtracted). `aov` = revenue / orders.
//! - `customers`: distinct customers with at least one accepted row.
//! - `repeatCustomers`: customers with ≥ 2 purchase orders; `repeatRate` = repeatCustomers ÷
//!   customers with ≥ 1 purchase order (リピート率 over the whole file).
//! - `byMonth` (calendar month of the order date): `customers` = distinct customers with a purchase
//!   order that month; `newCustomers` = those whose first purchase order is that month;
//!   `repeatCustomers` = customers − newCustomers; `orders`; `newRevenue` = amount of first
//!   purchase orders (新規売上); `repeatRevenue` = amount of later purchase orders (リピート売上);
//!   `returns` = net amount of return orders dated that month (≤ 0); `revenue` = newRevenue +
//!   repeatRevenue + returns; `aov` = revenue / orders; `ordersPerCustomer` = orders / customers.
//!   Hence revenue = customers × ordersPerCustomer × aov for every month with orders.

use crate::dataset::Dataset;
use crate::report::{Exclusions, Rejection, SourceInfo, Warning};
use crate::dates::{format_date, format_month, month_index};
use serde::Serialize;

/// How many rejected rows `summary()` lists (all of them are in `rejectedCsv()`).
pub const REJECTED_LISTED: usize = 1000;

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MonthSummary {
    pub month: String,
    pub customers: u64,
    pub new_customers: u64,
    pub repeat_customers: u64,
    pub orders: u64,
    pub revenue: f64,
    pub new_revenue: f64,
    pub repeat_revenue: f64,
    /// Net amount of return orders dated this month (≤ 0).
    pub returns: f64,
    pub aov: f64,
    pub orders_per_customer: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Returns {
    /// Lines with a negative amount.
    pub lines: u64,
    /// Orders whose net amount is negative.
    pub orders: u64,
    /// Sum of the negative line amounts (a negative number).
    pub amount: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReasonCount {
    pub code: &'static str,
    pub count: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub rows: u64,
    pub rows_accepted: u64,
    pub rows_rejected: u64,
    /// The first rejected rows (up to 1000), in file order.
    pub rejected: Vec<Rejection>,
    pub rejected_truncated: bool,
    pub rejected_by_reason: Vec<ReasonCount>,
    pub customers: u64,
    pub orders: u64,
    pub lines: u64,
    pub products: u64,
    pub categories: u64,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    pub revenue: f64,
    pub aov: f64,
    pub orders_per_customer: f64,
    pub revenue_per_customer: f64,
    pub repeat_customers: u64,
    pub repeat_rate: f64,
    pub returns: Returns,
    pub by_month: Vec<MonthSummary>,
    pub source: SourceInfo,
    /// What the cart-export rules left out: cancelled orders, non-product lines, guests.
    pub exclusions: Exclusions,
    pub warnings: Vec<Warning>,
    /// Bytes held by the loaded Dataset.
    pub memory_bytes: u64,
}

fn ratio(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        0.0
    } else {
        a / b
    }
}

pub fn summary(ds: &Dataset) -> Summary {
    let n_orders = ds.orders();
    let (first_day, last_day) = match (ds.order_date.iter().min(), ds.order_date.iter().max()) {
        (Some(&a), Some(&b)) => (a, b),
        _ => (0, -1),
    };
    let first_month = month_index(first_day);
    let months = if n_orders == 0 { 0 } else { (month_index(last_day) - first_month + 1) as usize };
    let mut by_month: Vec<MonthSummary> = (0..months)
        .map(|i| MonthSummary {
            month: format_month(first_month + i as i32),
            customers: 0,
            new_customers: 0,
            repeat_customers: 0,
            orders: 0,
            revenue: 0.0,
            new_revenue: 0.0,
            repeat_revenue: 0.0,
            returns: 0.0,
            aov: 0.0,
            orders_per_customer: 0.0,
        })
        .collect();

    // Money per month in minor units: [revenue, returns, new, repeat] (exact; crate::money).
    let money = ds.money;
    let mut month_units = vec![[0i64; 4]; months];
    let mut orders = 0u64;
    let mut return_orders = 0u64;
    let mut repeat_customers = 0u64;
    let mut buyers = 0u64;
    for c in 0..ds.customers() {
        let mut purchases = 0u64;
        let mut last_month_counted = i32::MIN;
        for o in ds.customer_orders(c) {
            let m = month_index(ds.order_date[o]);
            let slot = &mut by_month[(m - first_month) as usize];
            let units = &mut month_units[(m - first_month) as usize];
            let amount = ds.order_amount[o];
            let u = money.units(amount);
            units[0] += u;
            if amount < 0.0 {
                return_orders += 1;
                units[1] += u;
                continue;
            }
            slot.orders += 1;
            if purchases == 0 {
                slot.new_customers += 1;
                units[2] += u;
            } else {
                units[3] += u;
            }
            if m != last_month_counted {
                slot.customers += 1;
                last_month_counted = m;
            }
            purchases += 1;
        }
        orders += purchases;
        if purchases >= 1 {
            buyers += 1;
        }
        if purchases >= 2 {
            repeat_customers += 1;
        }
    }
    for (m, units) in by_month.iter_mut().zip(&month_units) {
        [m.revenue, m.returns, m.new_revenue, m.repeat_revenue] = units.map(|u| money.value(u));
        m.repeat_customers = m.customers - m.new_customers;
        m.aov = ratio(m.revenue, m.orders as f64);
        m.orders_per_customer = ratio(m.orders as f64, m.customers as f64);
    }

    let revenue = money.sum(ds.line_amount.iter().copied());
    let (mut return_lines, mut return_units) = (0u64, 0i64);
    for &a in &ds.line_amount {
        if a < 0.0 {
            return_lines += 1;
            return_units += money.units(a);
        }
    }
    let return_amount = money.value(return_units);
    // Every rejection by code (the counts cover the rows past the ones kept in full), in the
    // order the codes first appear in the file.
    let mut reasons: Vec<ReasonCount> = Vec::new();
    let first_seen = ds.rejected.iter().map(|r| r.code).chain(crate::report::RejectCode::ALL);
    for code in first_seen {
        let count = ds.rejected_counts.of(code);
        if count > 0 && !reasons.iter().any(|x| x.code == code.as_str()) {
            reasons.push(ReasonCount { code: code.as_str(), count });
        }
    }
    let rows_rejected = ds.rejected_counts.total();
    let customers = ds.customers() as u64;
    Summary {
        rows: ds.rows,
        // Every row read and not rejected, including those the cart-export rules leave out
        // (cancelled orders, shipping lines: see `exclusions`); not `lines`, which also counts
        // lines made from order-level columns (a coupon column adds a discount line).
        rows_accepted: ds.rows.saturating_sub(rows_rejected),
        rows_rejected,
        rejected: ds.rejected.iter().take(REJECTED_LISTED).cloned().collect(),
        rejected_truncated: rows_rejected > REJECTED_LISTED as u64,
        rejected_by_reason: reasons,
        customers,
        orders,
        lines: ds.lines() as u64,
        products: ds.products() as u64,
        categories: ds.categories.len() as u64,
        first_date: (n_orders > 0).then(|| format_date(first_day)),
        last_date: (n_orders > 0).then(|| format_date(last_day)),
        revenue,
        aov: ratio(revenue, orders as f64),
        orders_per_customer: ratio(orders as f64, customers as f64),
        revenue_per_customer: ratio(revenue, customers as f64),
        repeat_customers,
        repeat_rate: ratio(repeat_customers as f64, buyers as f64),
        returns: Returns { lines: return_lines, orders: return_orders, amount: return_amount },
        by_month,
        source: ds.source.clone(),
        exclusions: ds.exclusions.clone(),
        warnings: ds.warnings.clone(),
        memory_bytes: ds.memory_bytes() as u64,
    }
}
