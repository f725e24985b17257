//! `products()`: revenue, units, orders, buyers and repeat buyers per item, with the Pareto
//! shares and ABC classes (docs/products.md §1).

use super::{is_purchase, Axis, By};
use crate::dataset::Dataset;
use crate::dates::format_date;
use crate::error::Result;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq)]
pub struct ProductsParams {
    pub by: By,
    /// First day counted (inclusive) and the day after the last (exclusive).
    pub from: Option<i32>,
    pub to: Option<i32>,
    /// Cumulative-share cut-offs of A and B, 0 < a < b ≤ 1.
    pub abc: (f64, f64),
}

impl Default for ProductsParams {
    fn default() -> Self {
        ProductsParams { by: By::Product, from: None, to: None, abc: (0.7, 0.9) }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductRow {
    /// Product id, or category name.
    pub item: String,
    /// Product name ('' for categories).
    pub name: String,
    pub revenue: f64,
    pub units: f64,
    pub orders: u64,
    pub buyers: u64,
    pub repeat_buyers: u64,
    /// repeatBuyers ÷ buyers (NaN without buyers).
    pub repeat_rate: f64,
    pub share: f64,
    pub cumulative_share: f64,
    /// 'A', 'B' or 'C'.
    pub class: &'static str,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AbcClass {
    pub class: &'static str,
    pub items: u64,
    pub revenue: f64,
    pub share: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductsResult {
    pub by: &'static str,
    /// The period counted ('' = open).
    pub from: String,
    pub to: String,
    pub abc: [f64; 2],
    pub revenue: f64,
    pub items: Vec<ProductRow>,
    pub classes: Vec<AbcClass>,
}

/// Per item: (revenue, units, orders, buyers, repeat buyers).
#[derive(Clone, Copy, Default)]
struct Totals {
    revenue: f64,
    units: f64,
    orders: u64,
    buyers: u64,
    repeat_buyers: u64,
}

pub fn products(ds: &Dataset, p: &ProductsParams) -> Result<ProductsResult> {
    let axis = Axis::new(ds, p.by, "products")?;
    let n = axis.len();
    let mut totals = vec![Totals::default(); n];
    // Orders of the current customer per item, and which items the customer touched.
    let mut orders_of = vec![0u32; n];
    let mut touched: Vec<usize> = Vec::new();
    let mut items = Vec::new();
    let in_period = |day: i32| p.from.is_none_or(|f| day >= f) && p.to.is_none_or(|t| day < t);
    let mut revenue_units = vec![crate::money::Total::default(); totals.len()];
    for c in 0..ds.customers() {
        for o in ds.customer_orders(c) {
            if !in_period(ds.order_date[o]) {
                continue;
            }
            for l in ds.order_lines(o) {
                if let Some(i) = axis.of_line(ds, l) {
                    revenue_units[i].add(ds.money, ds.line_amount[l]);
                    totals[i].units += ds.line_quantity[l];
                }
            }
            if !is_purchase(ds, o) {
                continue;
            }
            axis.order_items(ds, o, &mut items);
            for &i in &items {
                totals[i].orders += 1;
                if orders_of[i] == 0 {
                    touched.push(i);
                }
                orders_of[i] += 1;
            }
        }
        for &i in &touched {
            totals[i].buyers += 1;
            totals[i].repeat_buyers += (orders_of[i] >= 2) as u64;
            orders_of[i] = 0;
        }
        touched.clear();
    }
    for (t, units) in totals.iter_mut().zip(&revenue_units) {
        t.revenue = units.value(ds.money);
    }
    let revenue = ds.money.value(revenue_units.iter().map(|t| t.0).sum());
    let mut order: Vec<usize> = (0..n).filter(|&i| totals[i].revenue != 0.0 || totals[i].orders > 0 || totals[i].units != 0.0).collect();
    crate::sort::sort_by(&mut order, |&a, &b| totals[b].revenue.total_cmp(&totals[a].revenue).then_with(|| axis.labels[a].cmp(&axis.labels[b])));
    let mut cumulative = 0.0;
    let mut classes = [("A", 0u64, 0.0f64), ("B", 0, 0.0), ("C", 0, 0.0)];
    let rows: Vec<ProductRow> = order
        .iter()
        .map(|&i| {
            let t = totals[i];
            let share = if revenue > 0.0 { t.revenue / revenue } else { f64::NAN };
            let before = cumulative;
            if share.is_finite() {
                cumulative += share;
            }
            let k = if t.revenue <= 0.0 || !share.is_finite() {
                2
            } else if before < p.abc.0 {
                0
            } else if before < p.abc.1 {
                1
            } else {
                2
            };
            classes[k].1 += 1;
            classes[k].2 += t.revenue;
            ProductRow {
                item: axis.labels[i].clone(),
                name: axis.name(i).to_string(),
                revenue: t.revenue,
                units: t.units,
                orders: t.orders,
                buyers: t.buyers,
                repeat_buyers: t.repeat_buyers,
                repeat_rate: if t.buyers == 0 { f64::NAN } else { t.repeat_buyers as f64 / t.buyers as f64 },
                share,
                cumulative_share: if share.is_finite() { cumulative } else { f64::NAN },
                class: classes[k].0,
            }
        })
        .collect();
    let day = |d: Option<i32>| d.map_or(String::new(), format_date);
    Ok(ProductsResult {
        by: p.by.as_str(),
        from: day(p.from),
        to: day(p.to),
        abc: [p.abc.0, p.abc.1],
        revenue,
        items: rows,
        classes: classes
            .iter()
            .map(|&(class, items, r)| AbcClass { class, items, revenue: r, share: if revenue > 0.0 { r / revenue } else { f64::NAN } })
            .collect(),
    })
}
