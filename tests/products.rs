//! The product axis on a hand-made shop; every expected number is worked out in the comments
//! from the rows (docs/products.md).

use crmkit::dates::parse_date;
use crmkit::products::abc::{products, ProductsParams};
use crmkit::products::entry::{entry_products, next_products, EntryParams, NextParams, Pairs};
use crmkit::products::reorder::{due_csv, due_to_reorder, replenishment, DueParams, ReplenishmentParams};
use crmkit::products::season::{seasonality, Period, SeasonalityParams};
use crmkit::products::By;

/// P1, P2 food; P3 care; P4 no category.
/// - A: o1 01-01 P1 ¥1,000 + P2 ×2 ¥600; o2 01-20 P1 ¥1,000; o3 02-19 P1 ¥1,000.
/// - B: o4 01-05 P1 ¥1,000; o5 04-05 P3 ¥500.
/// - C: o6 01-10 P3 ¥500; o7 01-10 (same day) P3 ¥500; o8 03-10 P2 ¥300.
/// - D: o9 02-01 P4 ¥200; o10 02-15 P4 returned (−¥200, −1).
/// - E: o11 03-01 P2 ¥300.
const ORDERS: &str = "order_id,customer_id,order_date,product_id,product_name,category,quantity,amount\n\
o1,A,2024-01-01,P1,Coffee,food,1,1000\n\
o1,A,2024-01-01,P2,Tea,food,2,600\n\
o2,A,2024-01-20,P1,Coffee,food,1,1000\n\
o3,A,2024-02-19,P1,Coffee,food,1,1000\n\
o4,B,2024-01-05,P1,Coffee,food,1,1000\n\
o5,B,2024-04-05,P3,Soap,care,1,500\n\
o6,C,2024-01-10,P3,Soap,care,1,500\n\
o7,C,2024-01-10,P3,Soap,care,1,500\n\
o8,C,2024-03-10,P2,Tea,food,1,300\n\
o9,D,2024-02-01,P4,Gift,,1,200\n\
o10,D,2024-02-15,P4,Gift,,-1,-200\n\
o11,E,2024-03-01,P2,Tea,food,1,300\n";

fn shop() -> crmkit::dataset::Dataset {
    crmkit::ingest::from_csv(ORDERS.as_bytes(), &Default::default(), &mut |_| {}).unwrap()
}

fn day(text: &str) -> i32 {
    parse_date(text).unwrap().day
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// Revenue P1 4,000 (A 3,000, B 1,000), P3 1,500, P2 1,200, P4 0 (200 − 200); total 6,700.
/// Shares 0.597, 0.224, 0.179, 0; cumulative 0.597, 0.821, 1, 1. ABC by the share before the item:
/// P1 (0) A, P3 (0.597 < 0.7) A, P2 (0.821 < 0.9) B, P4 (no revenue) C.
/// Orders: P1 o1 o2 o3 o4; P3 o5 o6 o7; P2 o1 o8 o11; P4 o9 (o10 is a return).
/// Buyers / repeat: P1 A B / A; P3 B C / C; P2 A C E / none; P4 D / none. Units: P1 4, P2 4, P3 3, P4 0.
#[test]
fn abc_by_product_and_by_category() {
    let ds = shop();
    let r = products(&ds, &ProductsParams::default()).unwrap();
    assert!(close(r.revenue, 6700.0));
    let rows: Vec<(&str, f64, u64, u64, u64, &str)> = r.items.iter().map(|x| (x.item.as_str(), x.revenue, x.orders, x.buyers, x.repeat_buyers, x.class)).collect();
    assert_eq!(rows, [("P1", 4000.0, 4, 2, 1, "A"), ("P3", 1500.0, 3, 2, 1, "A"), ("P2", 1200.0, 3, 3, 0, "B"), ("P4", 0.0, 1, 1, 0, "C")]);
    assert_eq!(r.items.iter().map(|x| x.units).collect::<Vec<_>>(), [4.0, 3.0, 4.0, 0.0]);
    assert!(close(r.items[0].share, 4000.0 / 6700.0) && close(r.items[1].cumulative_share, 5500.0 / 6700.0));
    assert!(close(r.items[0].repeat_rate, 0.5) && r.items[0].name == "Coffee");
    assert_eq!(r.classes.iter().map(|c| c.items).collect::<Vec<_>>(), [2, 1, 1]);
    // Categories: food 5,200 (0.776: A), care 1,500 (before 0.776 → B), unknown 0 (C).
    // Food orders o1 o2 o3 o4 o8 o11 (o1 once) = 6; buyers A B C E, repeat A.
    let c = products(&ds, &ProductsParams { by: By::Category, ..Default::default() }).unwrap();
    let rows: Vec<(&str, f64, u64, u64, u64, &str)> = c.items.iter().map(|x| (x.item.as_str(), x.revenue, x.orders, x.buyers, x.repeat_buyers, x.class)).collect();
    assert_eq!(rows, [("food", 5200.0, 6, 4, 1, "A"), ("care", 1500.0, 3, 2, 1, "B"), ("unknown", 0.0, 1, 1, 0, "C")]);
    // A period: February only → P1 o3 ¥1,000 and P4 ¥0.
    let feb = products(&ds, &ProductsParams { from: Some(day("2024-02-01")), to: Some(day("2024-03-01")), ..Default::default() }).unwrap();
    assert_eq!(feb.items.iter().map(|x| (x.item.as_str(), x.revenue)).collect::<Vec<_>>(), [("P1", 1000.0), ("P4", 0.0)]);
}

/// First purchase orders: A o1 (P1 + P2, the one multi-item first order), B o4 (P1), C o6 (P3),
/// D o9 (P4), E o11 (P2). Second purchases: A after 19 days, B after 91, C the same day (o7),
/// D none (o10 is a return), E none. asOf 2024-04-06 (last observed 04-05).
/// 30 days: everyone is observed (E: 03-01 + 30 = 03-31): A and C converted → 2/5.
/// 90 days: observed when first ≤ 01-06: A (converted) and B (91 > 90) → 1/2.
/// P1 (A, B): 1/2, 1/2. P2 (A, E): 1/2, 1/1 (E not observed at 90). P3 (C): 1/1, none. P4: 0/1, none.
/// Ranked by the 90-day lower bound: P2 (1/1) before P1 (1/2); P3 and P4 have none (then by label).
#[test]
fn entry_products_by_the_first_order() {
    let ds = shop();
    let r = entry_products(&ds, &EntryParams { windows: vec![30, 90], min_customers: 1, ..Default::default() }).unwrap();
    assert_eq!((r.new_customers, r.multi_item_first_orders, r.rank_window), (5, 1, 90));
    let f2 = |row: &crmkit::products::entry::EntryRow| row.f2.iter().map(|w| (w.eligible, w.converted)).collect::<Vec<_>>();
    assert_eq!(f2(&r.overall), [(5, 2), (2, 1)]);
    type Row<'a> = (&'a str, u64, Vec<(u64, u64)>);
    let rows: Vec<Row> = r.items.iter().map(|x| (x.item.as_str(), x.new_customers, f2(x))).collect();
    assert_eq!(rows, [("P2", 2, vec![(2, 1), (1, 1)]), ("P1", 2, vec![(2, 1), (2, 1)]), ("P3", 1, vec![(1, 1), (0, 0)]), ("P4", 1, vec![(1, 0), (0, 0)])]);
    assert!(r.items[2].f2[1].rate.value.is_nan(), "no customer observed for 90 days: no rate");
    // 12 months: nobody is observed 365 days at 2024-04-06.
    assert!(r.items.iter().all(|x| x.revenue12m.is_nan() && x.revenue12m_customers == 0));
    // minCustomers 2 leaves P3 and P4 out.
    let two = entry_products(&ds, &EntryParams { windows: vec![30, 90], min_customers: 2, ..Default::default() }).unwrap();
    assert_eq!((two.items.len(), two.below_minimum), (2, 2));
    // As of 2025-02-01 (last observed 2025-01-31) the 365 days of A and B are observed (first + 364 ≤
    // 01-31), not E's (2024-03-01 + 364 = 2025-02-28). P1: A's 1,600 + 1,000 + 1,000 = 3,600, B's
    // 1,000 + 500 = 1,500 → mean 2,550. P2: A only → 3,600.
    let later = entry_products(&ds, &EntryParams { windows: vec![30, 90], min_customers: 1, as_of: Some(day("2025-02-01")), ..Default::default() }).unwrap();
    let p1 = later.items.iter().find(|x| x.item == "P1").unwrap();
    assert!(close(p1.revenue12m, 2550.0) && p1.revenue12m_customers == 2);
    let p2 = later.items.iter().find(|x| x.item == "P2").unwrap();
    assert!(close(p2.revenue12m, 3600.0) && p2.revenue12m_customers == 1);
    // The share in the top RFM segments is that of rfm() at the same asOf.
    let seg = crmkit::segments::rfm::rfm(&ds, &crmkit::segments::rfm::RfmParams { as_of: Some(day("2024-04-06")), ..Default::default() }).unwrap();
    let top = |id: &str| {
        let c = ds.customer_ids.index_map()[id] as usize;
        seg.segments.iter().any(|s| s.id == seg.segment[c] && (s.key == "champions" || s.key == "loyal"))
    };
    let want = ["A", "B"].iter().filter(|c| top(c)).count() as f64 / 2.0;
    assert!(close(r.items.iter().find(|x| x.item == "P1").unwrap().top_segment_share.value, want));
}

/// 1st → 2nd purchase: A {P1, P2} → {P1}; B {P1} → {P3}; C {P3} → {P3} (the same day). 3 pairs.
/// From P1: 2 pairs, P2: 1, P3: 1. To P1: 1 pair, P3: 2.
/// P2→P1 share 1, base 1/3, lift 3; P1→P1 1/2 ÷ 1/3 = 1.5; P3→P3 1 ÷ 2/3 = 1.5; P1→P3 1/2 ÷ 2/3 = 0.75.
/// Any consecutive pair adds A o2→o3 (P1→P1) and C o7→o8 (P3→P2): 5 pairs; P1→P1 count 2, from
/// P1 3 pairs (A o1, A o2, B o4), to P1 2 → share 2/3, base 2/5, lift 5/3.
#[test]
fn next_products_first_and_any() {
    let ds = shop();
    let r = next_products(&ds, &NextParams { min_count: 1, ..Default::default() }).unwrap();
    assert_eq!(r.pairs, 3);
    let t: Vec<(&str, &str, u64)> = r.transitions.iter().map(|x| (x.from.as_str(), x.to.as_str(), x.count)).collect();
    assert_eq!(t, [("P2", "P1", 1), ("P1", "P1", 1), ("P3", "P3", 1), ("P1", "P3", 1)]);
    let lifts: Vec<f64> = r.transitions.iter().map(|x| x.lift).collect();
    assert!(close(lifts[0], 3.0) && close(lifts[1], 1.5) && close(lifts[2], 1.5) && close(lifts[3], 0.75), "{lifts:?}");
    assert!(close(r.transitions[3].share, 0.5) && close(r.transitions[3].base_rate, 2.0 / 3.0));
    let any = next_products(&ds, &NextParams { from: Pairs::Any, min_count: 1, ..Default::default() }).unwrap();
    assert_eq!(any.pairs, 5);
    let p1 = any.transitions.iter().find(|x| x.from == "P1" && x.to == "P1").unwrap();
    assert_eq!((p1.count, p1.from_pairs), (2, 3));
    assert!(close(p1.lift, 5.0 / 3.0));
    // minCount 2 keeps only P1 → P1.
    let two = next_products(&ds, &NextParams { from: Pairs::Any, min_count: 2, ..Default::default() }).unwrap();
    assert_eq!(two.transitions.len(), 1);
}

/// P1: A's purchase days 01-01, 01-20, 02-19 → intervals 19 and 30; B one day. Median 24.5,
/// p25 19 + 0.25 × 11 = 21.75, p90 28.9. P3: C's two orders are one day; no other item is rebought.
/// Due (median rounded half up to 25 days): A 02-19 + 25 = 03-15, B 01-05 + 25 = 01-30.
#[test]
fn replenishment_and_the_due_list_at_its_boundaries() {
    let ds = shop();
    let r = replenishment(&ds, &ReplenishmentParams { min_intervals: 2, ..Default::default() }).unwrap();
    assert_eq!(r.items.len(), 1);
    let p1 = &r.items[0];
    assert_eq!((p1.item.as_str(), p1.buyers, p1.rebuyers, p1.intervals, p1.reorderable), ("P1", 2, 1, 2, true));
    assert!(close(p1.median, 24.5) && close(p1.p25, 21.75) && close(p1.p90, 28.9) && close(p1.rebuy_rate, 0.5));
    assert!(!replenishment(&ds, &ReplenishmentParams { min_intervals: 3, ..Default::default() }).unwrap().items[0].reorderable);
    let due = |as_of: &str| due_to_reorder(&ds, &DueParams { as_of: Some(day(as_of)), min_intervals: 2, ..Default::default() }).unwrap();
    // asOf 03-10: window [02-25, 03-24): A (due 03-15, in 5 days); B's 01-30 is too long overdue.
    let r = due("2024-03-10");
    assert_eq!(r.rows.iter().map(|x| (x.customer_id.as_str(), x.due.as_str(), x.days_until_due)).collect::<Vec<_>>(), [("A", "2024-03-15", 5)]);
    assert_eq!((r.rows[0].purchases, r.rows[0].last_purchase.as_str(), r.customers), (3, "2024-02-19", 1));
    // Boundaries: due = asOf + window is out; due = asOf − overdue is in.
    assert!(due("2024-03-01").rows.is_empty(), "03-15 = 03-01 + 14: not within the next 14 days");
    assert_eq!(due("2024-03-29").rows.iter().map(|x| x.days_until_due).collect::<Vec<_>>(), [-14]);
    assert!(due("2024-03-30").rows.is_empty(), "15 days overdue");
    // The list as CSV for the mail tool.
    let csv = String::from_utf8(due_csv(&due("2024-03-10"))).unwrap();
    assert_eq!(csv.trim_start_matches('\u{feff}').lines().collect::<Vec<_>>(), [
        "customer_id,product,product_name,purchases,last_purchase,median_interval_days,due_date,days_until_due",
        "A,P1,Coffee,3,2024-02-19,24.5,2024-03-15,5",
    ]);
    // An unknown product is an error naming it.
    let err = due_to_reorder(&ds, &DueParams { items: Some(vec!["P9".into()]), ..Default::default() }).unwrap_err();
    assert!(err.to_string().contains("P9"), "{err}");
}

/// Months 2024-01 … 04; top 2 = P1 (4,000), P3 (1,500); other = P2 + P4.
/// P1: Jan 3,000 (A o1, A o2, B o4; buyers A B), Feb 1,000 (A). P3: Jan 1,000 (C), Apr 500 (B).
/// Other: Jan 600 (A's P2), Feb 0 (D: 200 − 200; buyer D, the return is no purchase), Mar 600 (C, E).
#[test]
fn seasonality_by_month_and_weekday() {
    let ds = shop();
    let r = seasonality(&ds, &SeasonalityParams { top: 2, ..Default::default() }).unwrap();
    assert_eq!(r.items, ["P1", "P3", "other"]);
    assert_eq!(r.periods, ["2024-01", "2024-02", "2024-03", "2024-04"]);
    assert_eq!(r.revenue, [3000.0, 1000.0, 0.0, 0.0, 1000.0, 0.0, 0.0, 500.0, 600.0, 0.0, 600.0, 0.0]);
    assert_eq!(r.buyers, [2, 1, 0, 0, 1, 0, 0, 1, 1, 1, 2, 0]);
    assert_eq!(r.total_revenue, [4600.0, 1000.0, 600.0, 500.0]);
    assert!(r.yoy.iter().all(|y| y.is_nan()), "no month has one a year earlier");
    // 2024-01-01 and 2024-02-19 are Mondays: A's o1 and o3 (P1 ¥1,000 each); 01-05 is a Friday, 01-20 a Saturday.
    let w = seasonality(&ds, &SeasonalityParams { period: Period::Weekday, ..Default::default() }).unwrap();
    assert_eq!(w.periods[0], "Mon");
    let p1 = w.items.iter().position(|i| i == "P1").unwrap();
    assert_eq!([w.revenue[p1 * 7], w.revenue[p1 * 7 + 4], w.revenue[p1 * 7 + 5]], [2000.0, 1000.0, 1000.0]);
    // No order times: by hour is refused, naming the missing field.
    let err = seasonality(&ds, &SeasonalityParams { period: Period::Hour, ..Default::default() }).unwrap_err();
    assert_eq!(err.code(), "MISSING_COLUMN");
}

/// A file without a product column has no product axis.
#[test]
fn no_product_column() {
    let ds = crmkit::ingest::from_csv(b"customer_id,order_date,amount\nA,2024-01-01,100\n", &Default::default(), &mut |_| {}).unwrap();
    assert_eq!(products(&ds, &ProductsParams::default()).unwrap_err().code(), "MISSING_COLUMN");
}

/// A sale and its return net to 0 but are still an item of the seasonality, in their months:
/// P4 +200 in February (o9) and −200 in February (o10, 02-15) → its February cell is 0, and the rows
/// add up to the totals.
#[test]
fn seasonality_keeps_items_that_net_to_zero() {
    let ds = shop();
    let r = seasonality(&ds, &SeasonalityParams::default()).unwrap();
    assert_eq!(r.items, ["P1", "P3", "P2", "P4"]);
    let np = r.periods.len();
    for p in 0..np {
        let sum: f64 = (0..r.items.len()).map(|i| r.revenue[i * np + p]).sum();
        assert_eq!(sum, r.total_revenue[p], "period {}", r.periods[p]);
    }
}
