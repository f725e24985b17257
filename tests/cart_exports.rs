//! Every cart-export fixture (`tests/fixtures/exports/<system>.csv`, built from that system's
//! documented layout; sources in `tests/fixtures/exports/README-*.md`) loads with no options and
//! gives the hand-computed numbers of its `<system>.expected.json`: the layout recognised,
//! customers, purchase orders, revenue (merchandise net of discounts), what was excluded, and
//! each customer's orders and revenue.

use crmkit::ingest::{load, rules, OrderOptions};
use crmkit::summary::summary;
use serde_json::Value;
use std::path::Path;

fn dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/exports")
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6 * b.abs().max(1.0)
}

fn check(system: &str) {
    let expected: Value = serde_json::from_str(&std::fs::read_to_string(dir().join(format!("{system}.expected.json"))).unwrap()).unwrap();
    let bytes = std::fs::read(dir().join(format!("{system}.csv"))).unwrap();
    let loaded = load(&bytes, &OrderOptions::default(), &mut |_| {});
    if let Some(error) = expected.get("error") {
        let e = loaded.expect_err(system);
        assert_eq!(e.code(), error["code"].as_str().unwrap(), "{system}: {e}");
        // The layout is still recognised by the mapping step, which says what is missing.
        let i = crmkit::ingest::inspect(&bytes, &Default::default(), 10, false).unwrap();
        assert_eq!(i.format, expected["inspect"]["format"].as_str().unwrap(), "{system}");
        let missing: Vec<&str> = expected["inspect"]["missing"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
        assert_eq!(i.missing, missing, "{system}");
        return;
    }
    let ds = loaded.unwrap_or_else(|e| panic!("{system}: {e}"));
    let s = summary(&ds);
    let n = |key: &str| expected[key].as_f64().unwrap_or_else(|| panic!("{system}: {key}"));
    let problems = |s: &crmkit::summary::Summary| format!("{system}: rejected {:?}, warnings {:?}, columns {:?}", s.rejected, s.warnings, s.source.columns);
    assert_eq!(s.source.format, expected["format"].as_str().unwrap(), "{system}");
    assert_eq!(s.source.currency, expected["currency"].as_str().unwrap(), "{system}: currency");
    assert_eq!((s.rows as f64, s.rows_rejected as f64), (n("rows"), n("rowsRejected")), "{}", problems(&s));
    assert_eq!(s.customers as f64, n("customers"), "{}", problems(&s));
    assert_eq!(s.orders as f64, n("orders"), "{}", problems(&s));
    assert!(close(s.revenue, n("revenue")), "{system}: revenue {} ≠ {}; {}", s.revenue, n("revenue"), problems(&s));
    let x = serde_json::to_value(&s.exclusions).unwrap();
    for (key, want) in expected["exclusions"].as_object().unwrap() {
        let got = x[key].as_f64().unwrap_or_else(|| panic!("{system}: exclusions.{key}"));
        assert!(close(got, want.as_f64().unwrap()), "{system}: exclusions.{key} {got} ≠ {want}; {:?}", s.exclusions);
    }
    let ids = ds.customer_ids.index_map();
    for (id, want) in expected["byCustomer"].as_object().unwrap() {
        // Expected files name guests as written in the export (an e-mail address, or a phone
        // number starting with '+'); the loader keys them by the salted hash of the same key.
        let key = if id.contains('@') {
            rules::guest_id(rules::DEFAULT_GUEST_SALT, "email", &id.to_lowercase())
        } else if let Some(digits) = id.strip_prefix('+').and_then(|_| rules::phone_key(id.as_bytes())) {
            rules::guest_id(rules::DEFAULT_GUEST_SALT, "phone", &digits)
        } else {
            id.clone()
        };
        let c = *ids.get(key.as_str()).unwrap_or_else(|| panic!("{system}: no customer {id} ({key}); ids {:?}", ds.customer_ids.iter().collect::<Vec<_>>())) as usize;
        let orders = ds.customer_orders(c).filter(|&o| ds.order_amount[o] >= 0.0).count() as f64;
        let revenue: f64 = ds.customer_orders(c).map(|o| ds.order_amount[o]).sum();
        assert_eq!(orders, want["orders"].as_f64().unwrap(), "{system}: orders of {id}");
        assert!(close(revenue, want["revenue"].as_f64().unwrap()), "{system}: revenue of {id}: {revenue} ≠ {}", want["revenue"]);
    }
}

macro_rules! systems {
    ($($name:ident),*) => {$(
        #[test]
        fn $name() {
            check(stringify!($name));
        }
    )*};
}

systems!(shopify, woocommerce, stores, base, eccube4, futureshop, colorme, makeshop, rakuten_rms, rakuten_pay, yahoo_shopping, nextengine, online_retail, online_retail_ii);
