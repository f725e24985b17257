//! `entryProducts()` (入口商品) and `nextProducts()`: what the first order was, what came of it,
//! and what the next order brought (docs/products.md §3–4).

use super::{is_purchase, Axis, By};
use crate::campaigns::rates::Rate;
use crate::dataset::Dataset;
use crate::dates::format_date;
use crate::error::Result;
use crate::segments::rfm::{rfm, RfmParams, NO_SEGMENT};
use serde::Serialize;

/// The RFM segments counted as the top of the default map.
pub const TOP_SEGMENTS: [&str; 2] = ["champions", "loyal"];

#[derive(Clone, Debug, PartialEq)]
pub struct EntryParams {
    pub by: By,
    /// Increasing F2 windows in days.
    pub windows: Vec<u32>,
    pub min_customers: u64,
    /// The window whose F2 interval ranks the list (one of `windows`); `None` = the middle one.
    pub rank_window: Option<u32>,
    pub as_of: Option<i32>,
}

impl Default for EntryParams {
    fn default() -> Self {
        EntryParams { by: By::Product, windows: vec![30, 90, 180], min_customers: 30, rank_window: None, as_of: None }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct F2Window {
    pub days: u32,
    /// Customers whose window is fully observed.
    pub eligible: u64,
    pub converted: u64,
    /// converted ÷ eligible with its Wilson 95 % interval (NaN when nobody is eligible).
    pub rate: Rate,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EntryRow {
    pub item: String,
    pub name: String,
    pub new_customers: u64,
    pub f2: Vec<F2Window>,
    /// Mean revenue per customer in the 365 days from the first purchase (NaN when none observed).
    pub revenue12m: f64,
    /// Customers whose 365 days are fully observed.
    pub revenue12m_customers: u64,
    /// Share of the new customers now in the top RFM segments (champions, loyal).
    pub top_segment_share: Rate,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EntryResult {
    pub by: &'static str,
    pub as_of: String,
    pub windows: Vec<u32>,
    pub rank_window: u32,
    pub min_customers: u64,
    /// First-time buyers (customers with a purchase order before asOf).
    pub new_customers: u64,
    /// First orders with more than one item (each item counts the customer).
    pub multi_item_first_orders: u64,
    /// All first-time buyers together, for comparison.
    pub overall: EntryRow,
    /// Items with at least `minCustomers` new customers, by the lower bound of the rank window's F2.
    pub items: Vec<EntryRow>,
    /// Entry items left out for having fewer than `minCustomers` new customers.
    pub below_minimum: u64,
}

/// Per customer: first purchase order, first and second purchase day.
struct First {
    order: usize,
    day: i32,
    second: Option<i32>,
}

fn firsts(ds: &Dataset, as_of: i32) -> Vec<Option<First>> {
    (0..ds.customers())
        .map(|c| {
            let mut purchases = ds.customer_orders(c).filter(|&o| ds.order_date[o] < as_of && is_purchase(ds, o));
            let first = purchases.next()?;
            Some(First { order: first, day: ds.order_date[first], second: purchases.next().map(|o| ds.order_date[o]) })
        })
        .collect()
}

/// Counters of one group of first-time buyers.
#[derive(Clone, Default)]
struct Group {
    customers: u64,
    eligible: Vec<u64>,
    converted: Vec<u64>,
    revenue12m: f64,
    revenue12m_customers: u64,
    top: u64,
}

pub fn entry_products(ds: &Dataset, p: &EntryParams) -> Result<EntryResult> {
    let axis = Axis::new(ds, p.by, "entryProducts")?;
    let as_of = ds.as_of(p.as_of)?;
    let last_observed = as_of - 1;
    let firsts = firsts(ds, as_of);
    let segments = rfm(ds, &RfmParams { as_of: Some(as_of), ..RfmParams::default() })?;
    let top_ids: Vec<u8> = segments.segments.iter().filter(|s| TOP_SEGMENTS.contains(&s.key.as_str())).map(|s| s.id).collect();
    let w = p.windows.len();
    let fresh = || Group { eligible: vec![0; w], converted: vec![0; w], ..Group::default() };
    let mut groups = vec![fresh(); axis.len()];
    let mut overall = fresh();
    let mut items = Vec::new();
    let mut multi = 0u64;
    for (c, first) in firsts.iter().enumerate() {
        let Some(f) = first else { continue };
        axis.order_items(ds, f.order, &mut items);
        multi += (items.len() > 1) as u64;
        let observed12 = f.day + 364 <= last_observed;
        let revenue12: f64 = if observed12 { ds.customer_orders(c).filter(|&o| ds.order_date[o] >= f.day && ds.order_date[o] < f.day + 365).map(|o| ds.order_amount[o]).sum() } else { 0.0 };
        let top = segments.segment[c] != NO_SEGMENT && top_ids.contains(&segments.segment[c]);
        let add = |g: &mut Group| {
            g.customers += 1;
            for (k, &days) in p.windows.iter().enumerate() {
                let days = days as i32;
                if f.day + days <= last_observed {
                    g.eligible[k] += 1;
                    g.converted[k] += f.second.is_some_and(|s| s - f.day <= days) as u64;
                }
            }
            if observed12 {
                g.revenue12m += revenue12;
                g.revenue12m_customers += 1;
            }
            g.top += top as u64;
        };
        add(&mut overall);
        for &i in &items {
            add(&mut groups[i]);
        }
    }
    let rank_window = p.rank_window.unwrap_or(p.windows[p.windows.len() / 2]);
    let rank_k = p.windows.iter().position(|&d| d == rank_window).unwrap_or(p.windows.len() / 2);
    let row = |item: String, name: String, g: &Group| EntryRow {
        item,
        name,
        new_customers: g.customers,
        f2: p.windows.iter().enumerate().map(|(k, &days)| F2Window { days, eligible: g.eligible[k], converted: g.converted[k], rate: Rate::of(g.converted[k], g.eligible[k]) }).collect(),
        revenue12m: if g.revenue12m_customers == 0 { f64::NAN } else { g.revenue12m / g.revenue12m_customers as f64 },
        revenue12m_customers: g.revenue12m_customers,
        top_segment_share: Rate::of(g.top, g.customers),
    };
    let mut listed: Vec<usize> = (0..axis.len()).filter(|&i| groups[i].customers >= p.min_customers.max(1)).collect();
    let below_minimum = (0..axis.len()).filter(|&i| groups[i].customers > 0 && groups[i].customers < p.min_customers.max(1)).count() as u64;
    let lower = |i: usize| {
        let r = Rate::of(groups[i].converted[rank_k], groups[i].eligible[rank_k]);
        if r.low.is_nan() {
            f64::NEG_INFINITY
        } else {
            r.low
        }
    };
    crate::sort::sort_by(&mut listed, |&a, &b| lower(b).total_cmp(&lower(a)).then(groups[b].customers.cmp(&groups[a].customers)).then_with(|| axis.labels[a].cmp(&axis.labels[b])));
    Ok(EntryResult {
        by: p.by.as_str(),
        as_of: format_date(as_of),
        windows: p.windows.clone(),
        rank_window,
        min_customers: p.min_customers,
        new_customers: overall.customers,
        multi_item_first_orders: multi,
        overall: row(String::new(), String::new(), &overall),
        items: listed.iter().map(|&i| row(axis.labels[i].clone(), axis.name(i).to_string(), &groups[i])).collect(),
        below_minimum,
    })
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Pairs {
    /// The 1st → 2nd purchase order.
    #[default]
    First,
    /// Every pair of consecutive purchase orders.
    Any,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NextParams {
    pub by: By,
    pub from: Pairs,
    pub min_count: u64,
    pub top: usize,
    pub as_of: Option<i32>,
}

impl Default for NextParams {
    fn default() -> Self {
        NextParams { by: By::Product, from: Pairs::First, min_count: 3, top: 100, as_of: None }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Transition {
    pub from: String,
    pub from_name: String,
    pub to: String,
    pub to_name: String,
    /// Order pairs with `from` in the earlier order and `to` in the later one.
    pub count: u64,
    /// Order pairs whose earlier order has `from`.
    pub from_pairs: u64,
    /// count ÷ fromPairs.
    pub share: f64,
    /// Share of all order pairs whose later order has `to`.
    pub base_rate: f64,
    /// share ÷ baseRate.
    pub lift: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NextResult {
    pub by: &'static str,
    pub from: &'static str,
    /// Order pairs counted (customers with a 2nd purchase, for `first`).
    pub pairs: u64,
    pub transitions: Vec<Transition>,
}

pub fn next_products(ds: &Dataset, p: &NextParams) -> Result<NextResult> {
    let axis = Axis::new(ds, p.by, "nextProducts")?;
    let as_of = ds.as_of(p.as_of)?;
    let n = axis.len();
    let mut from_pairs = vec![0u64; n];
    let mut to_pairs = vec![0u64; n];
    let mut counts: crate::hash::FxHashMap<(u32, u32), u64> = Default::default();
    let (mut earlier, mut later) = (Vec::new(), Vec::new());
    let mut pairs = 0u64;
    for c in 0..ds.customers() {
        let purchases: Vec<usize> = ds.customer_orders(c).filter(|&o| ds.order_date[o] < as_of && is_purchase(ds, o)).collect();
        let last_pair = if p.from == Pairs::First { purchases.len().min(2) } else { purchases.len() };
        for k in 1..last_pair {
            axis.order_items(ds, purchases[k - 1], &mut earlier);
            axis.order_items(ds, purchases[k], &mut later);
            if earlier.is_empty() || later.is_empty() {
                continue;
            }
            pairs += 1;
            for &a in &earlier {
                from_pairs[a] += 1;
            }
            for &b in &later {
                to_pairs[b] += 1;
            }
            for &a in &earlier {
                for &b in &later {
                    *counts.entry((a as u32, b as u32)).or_insert(0) += 1;
                }
            }
        }
    }
    let mut transitions: Vec<Transition> = counts
        .into_iter()
        .filter(|&(_, count)| count >= p.min_count.max(1))
        .map(|((a, b), count)| {
            let (a, b) = (a as usize, b as usize);
            let share = count as f64 / from_pairs[a] as f64;
            let base_rate = to_pairs[b] as f64 / pairs as f64;
            Transition {
                from: axis.labels[a].clone(),
                from_name: axis.name(a).to_string(),
                to: axis.labels[b].clone(),
                to_name: axis.name(b).to_string(),
                count,
                from_pairs: from_pairs[a],
                share,
                base_rate,
                lift: share / base_rate,
            }
        })
        .collect();
    crate::sort::sort_by(&mut transitions, |x, y| y.count.cmp(&x.count).then(y.lift.total_cmp(&x.lift)).then_with(|| (&x.from, &x.to).cmp(&(&y.from, &y.to))));
    transitions.truncate(p.top);
    Ok(NextResult { by: p.by.as_str(), from: if p.from == Pairs::First { "first" } else { "any" }, pairs, transitions })
}
