//! The synthetic generator: deterministic, consistent with its CSV form, and shaped like a real
//! D2C order history (the plausibility bands are the field's usual ranges, not fitted outputs).

use crmkit::summary::{summary, Summary};
use crmkit::synthetic::{generate, synthetic, SyntheticOptions};
use crmkit::{from_csv, ReadOptions};

fn opts(customers: u32, seed: u64) -> SyntheticOptions {
    SyntheticOptions { customers, seed, ..Default::default() }
}

fn core(mut s: Summary) -> Summary {
    s.source = Default::default();
    s.memory_bytes = 0;
    s.warnings.clear();
    s
}

#[test]
fn same_seed_same_bytes_other_seed_other_data() {
    let a = generate(&opts(3000, 7)).unwrap().to_csv();
    let b = generate(&opts(3000, 7)).unwrap().to_csv();
    let c = generate(&opts(3000, 8)).unwrap().to_csv();
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn dataset_equals_its_csv_loaded_back() {
    let options = opts(5000, 42);
    let direct = summary(&synthetic(&options).unwrap());
    let csv = generate(&options).unwrap().to_csv();
    let loaded = summary(&from_csv(&csv, &ReadOptions::default(), &mut |_| {}).unwrap());
    assert_eq!(loaded.rows_rejected, 0);
    assert_eq!(loaded.source.encoding, "utf-8-bom");
    assert_eq!(core(loaded), core(direct));
}

#[test]
fn shaped_like_an_ec_order_history() {
    let ds = synthetic(&opts(20_000, 1)).unwrap();
    let s = summary(&ds);
    assert_eq!(s.customers, 20_000);
    assert_eq!(s.by_month.len(), 36, "2023-01 … 2025-12");
    assert_eq!(s.first_date.as_deref().map(|d| &d[..7]), Some("2023-01"));
    assert_eq!(s.last_date.as_deref().map(|d| &d[..7]), Some("2025-12"));
    // Most customers buy once (F2 conversion in EC is typically 20–50 %), with a loyal tail.
    assert!((0.25..0.6).contains(&s.repeat_rate), "repeat rate {}", s.repeat_rate);
    let max_orders = (0..ds.customers()).map(|c| ds.customer_orders(c).len()).max().unwrap();
    assert!(max_orders >= 20, "loyal tail: max orders {max_orders}");
    assert!((2.0..5.0).contains(&s.orders_per_customer), "{}", s.orders_per_customer);
    assert!((3_000.0..15_000.0).contains(&s.aov), "AOV {}", s.aov);
    assert!(s.returns.orders > 0 && s.returns.amount < 0.0);
    // Seasonality: December revenue beats February's in every year.
    for year in ["2023", "2024", "2025"] {
        let rev = |m: &str| s.by_month.iter().find(|x| x.month == format!("{year}-{m}")).unwrap().revenue;
        assert!(rev("12") > rev("02"), "{year}");
    }
    // Zipf popularity: the top 10 % of products carry far more than 10 % of lines.
    let mut counts = vec![0u64; ds.products()];
    for &p in &ds.line_product {
        counts[p as usize] += 1;
    }
    counts.sort_unstable_by(|a, b| b.cmp(a));
    let top: u64 = counts[..counts.len() / 10].iter().sum();
    assert!(top as f64 / ds.lines() as f64 > 0.3);
    // Japanese product names and categories.
    assert!(ds.categories.iter().any(|c| c == "スキンケア"));
    assert!(ds.product_names.iter().all(|n| !n.is_empty()));
}

#[test]
fn bad_options_are_errors() {
    assert_eq!(synthetic(&opts(0, 1)).unwrap_err().option().as_deref(), Some("customers"));
    let too_many = SyntheticOptions { customers: 10, seed: 1, products: Some(0), ..Default::default() };
    assert_eq!(synthetic(&too_many).unwrap_err().option().as_deref(), Some("products"));
}
