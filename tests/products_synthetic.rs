//! The synthetic shop with `consumables: true` plants the product axis's truths
//! (src/synthetic.rs: CONSUMABLES, ENTRY_PRODUCTS); the analyses must find them.

use crmkit::dataset::Dataset;
use crmkit::products::entry::{entry_products, EntryParams};
use crmkit::products::reorder::{due_to_reorder, replenishment, DueParams, ReplenishmentParams};
use crmkit::synthetic::{synthetic, SyntheticOptions, CONSUMABLES, ENTRY_PRODUCTS};
use std::sync::OnceLock;

fn shop() -> &'static Dataset {
    static DS: OnceLock<Dataset> = OnceLock::new();
    DS.get_or_init(|| synthetic(&SyntheticOptions { customers: 20_000, seed: 7, consumables: true, ..Default::default() }).unwrap())
}

fn id_of(name: &str) -> String {
    let ds = shop();
    let p = ds.product_names.iter().position(|n| &**n == name).unwrap_or_else(|| panic!("no product {name}"));
    ds.product_ids.get(p as u32).to_string()
}

/// Each consumable's median reorder interval is its planted interval (± 3 days uniform) within a day.
#[test]
fn planted_reorder_intervals_are_recovered() {
    let r = replenishment(shop(), &ReplenishmentParams::default()).unwrap();
    for (name, _, _, interval) in CONSUMABLES {
        let row = r.items.iter().find(|x| x.item == id_of(name)).unwrap_or_else(|| panic!("{name} not rebought"));
        assert!(row.reorderable && row.intervals > 100, "{row:?}");
        assert!((row.median - interval as f64).abs() <= 1.0, "{name}: median {} vs planted {interval}", row.median);
        assert!(row.p25 >= interval as f64 - 3.0 && row.p75 <= interval as f64 + 3.0, "{row:?}");
    }
}

/// Consumables started in the first order bring the 2nd purchase by construction: they rank first.
/// Of the other items, the trial set (put in regular customers' first orders) is the best entry
/// product by the lower bound of the 90-day F2; the sale item (mostly one-time buyers) is below
/// the shop's F2.
#[test]
fn planted_entry_products_rank_as_planted() {
    let r = entry_products(shop(), &EntryParams::default()).unwrap();
    let trial = id_of(ENTRY_PRODUCTS[0].0);
    let sale = id_of(ENTRY_PRODUCTS[1].0);
    let consumables: Vec<String> = CONSUMABLES.iter().map(|c| id_of(c.0)).collect();
    let mut top: Vec<&str> = r.items.iter().take(3).map(|x| x.item.as_str()).collect();
    top.sort_unstable();
    assert_eq!(top, consumables.iter().map(String::as_str).collect::<Vec<_>>(), "the consumables first");
    let best = r.items.iter().find(|x| !consumables.contains(&x.item)).unwrap();
    assert_eq!(best.item, trial, "best other: {:?}", (&best.name, best.f2[1].rate));
    let overall = r.overall.f2[1].rate.value;
    let s = r.items.iter().find(|x| x.item == sale).expect("the sale item is listed");
    assert!(s.f2[1].rate.high < overall, "sale item F2 {:?} vs overall {overall}", s.f2[1].rate);
    assert!(best.f2[1].rate.low > overall, "trial set F2 {:?} vs overall {overall}", best.f2[1].rate);
}

/// The due list of a consumable: last purchase + its median interval, within the window.
#[test]
fn due_list_of_a_consumable() {
    let ds = shop();
    let protein = id_of(CONSUMABLES[0].0);
    let r = due_to_reorder(ds, &DueParams { items: Some(vec![protein.clone()]), ..Default::default() }).unwrap();
    assert!(!r.rows.is_empty());
    for row in &r.rows {
        assert_eq!(row.item, protein);
        assert!(row.days_until_due >= -14 && row.days_until_due < 14, "{row:?}");
        let last = crmkit::dates::parse_date(&row.last_purchase).unwrap().day;
        let due = crmkit::dates::parse_date(&row.due).unwrap().day;
        assert_eq!(due - last, (row.median_interval + 0.5).floor() as i32);
    }
}
