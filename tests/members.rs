//! `members` (drill to list): every cell's list has exactly the customers the cell counts.
//!
//! Two independent sources of truth:
//! - hand-worked lists on tests/fixtures/segments_12.csv (the cohort facts are those written out in
//!   tests/cohort_fixture.rs; the crosstab cell from tests/fixtures/customers_12.csv by eye);
//! - on a synthetic shop, every cell of every kind against the count the analysis itself reports
//!   (the aggregates are counted by the analyses' own loops, not by `members`).

#[path = "support/csv_reference.rs"]
mod csv_reference;

use crmkit::members::{members, members_csv, MembersResult};
use crmkit::options::members::MembersInput;
use crmkit::options::{read_value, Value};
use crmkit::{from_csv, Dataset, ReadOptions};

/// JSON (as JS would pass the object) → the boundary's plain `Value`.
fn value(json: &serde_json::Value) -> Value {
    match json {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => Value::Number(n.as_f64().unwrap()),
        serde_json::Value::String(s) => Value::String(s.clone()),
        serde_json::Value::Array(a) => Value::Array(a.iter().map(value).collect()),
        serde_json::Value::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), value(v))).collect()),
    }
}

fn input(selector: &str) -> MembersInput {
    read_value(&value(&serde_json::from_str(selector).unwrap()), "members").unwrap()
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The selector as JS would pass it (a JSON object), through the strict reader and its check.
fn list(ds: &Dataset, selector: &str) -> MembersResult {
    members(ds, &input(selector).check().unwrap()).unwrap_or_else(|e| panic!("{selector}: {e}"))
}

fn ids(ds: &Dataset, selector: &str) -> Vec<String> {
    let mut v = list(ds, selector).customer_ids;
    v.sort();
    v
}

fn segments12() -> Dataset {
    from_csv(&fixture("segments_12.csv"), &ReadOptions::default(), &mut |_| {}).unwrap()
}

#[test]
fn cohort_cells_by_hand() {
    let ds = segments12();
    // 2024-02 (A, E): both buy in August (k = 6); only A in 2025-01 (k = 11).
    assert_eq!(ids(&ds, r#"{"kind":"cohortCell","cohort":"2024-02","period":6,"includeClv":false}"#), ["A", "E"]);
    assert_eq!(ids(&ds, r#"{"kind":"cohortCell","cohort":"2024-02","period":11,"includeClv":false}"#), ["A"]);
    // Rolling: E's last purchase is k = 6, A's k = 11.
    assert_eq!(ids(&ds, r#"{"kind":"cohortCell","cohort":"2024-02","period":6,"cohorts":{"mode":"rolling"},"includeClv":false}"#), ["A", "E"]);
    assert_eq!(ids(&ds, r#"{"kind":"cohortCell","cohort":"2024-02","period":7,"cohorts":{"mode":"rolling"},"includeClv":false}"#), ["A"]);
    // 2024-03 (B, J): J buys in May (k = 2), B in June (k = 3).
    assert_eq!(ids(&ds, r#"{"kind":"cohortCell","cohort":"2024-03","period":2,"includeClv":false}"#), ["J"]);
    assert_eq!(ids(&ds, r#"{"kind":"cohortCell","cohort":"2024-03","period":3,"includeClv":false}"#), ["B"]);
    assert_eq!(ids(&ds, r#"{"kind":"cohortCell","cohort":"2024-01","period":0,"includeClv":false}"#), ["I", "L"]);
    // A cell after the data is empty; a cohort that does not exist is an error naming `cohort`.
    assert!(ids(&ds, r#"{"kind":"cohortCell","cohort":"2024-03","period":15,"includeClv":false}"#).is_empty());
    let e = members(&ds, &input(r#"{"kind":"cohortCell","cohort":"2030-01","period":0}"#).check().unwrap()).unwrap_err();
    assert_eq!(e.option().as_deref(), Some("cohort"), "{e}");
}

#[test]
fn crosstab_cell_by_hand_and_order() {
    let mut ds = segments12();
    crmkit::attributes::add_customers(&mut ds, &fixture("customers_12.csv"), &Default::default()).unwrap();
    // customers_12: B is the only man (男性 → `male`) in 大阪府 (A's second row, 男性/大阪府, repeats an id and is rejected).
    let cell = r#"{"kind":"crosstabCell","row":"大阪府","col":"male","crosstab":{"rows":"prefecture","cols":"gender"},"includeClv":false}"#;
    assert_eq!(ids(&ds, cell), ["B"]);
    // Lists run from the highest spend down: B (60,000) before J (7,000) in the 2024-03 cohort.
    let r = list(&ds, r#"{"kind":"cohortCell","cohort":"2024-03","period":0,"includeClv":false}"#);
    assert_eq!(r.customer_ids, ["B", "J"]);
    assert_eq!(r.customers[0].monetary, 60000.0);
    assert_eq!(r.customers[0].first_purchase.as_deref(), Some("2024-03-05"));
    assert_eq!(r.customers[0].last_purchase.as_deref(), Some("2024-12-20"));
    assert_eq!(r.customers[1].monetary, 7000.0);
}

/// Every cell of every kind on a synthetic shop: the list's size is the cell's count, and the
/// CSV holds the same ids in the same order.
#[test]
fn every_cell_lists_what_it_counts() {
    let opts = crmkit::synthetic::SyntheticOptions { customers: 2000, seed: 11, products: None, consumables: false };
    let mut ds = crmkit::synthetic::synthetic(&opts).unwrap();
    let count = |ds: &Dataset, selector: &str| list(ds, selector).count;

    let r = crmkit::segments::rfm::rfm(&ds, &Default::default()).unwrap();
    for s in &r.segments {
        assert_eq!(count(&ds, &format!(r#"{{"kind":"rfmSegment","segment":"{}","includeClv":false}}"#, s.key)), s.customers, "segment {}", s.key);
    }
    let d = crmkit::segments::decile::deciles(&ds, &Default::default()).unwrap();
    for row in &d.deciles {
        assert_eq!(count(&ds, &format!(r#"{{"kind":"decile","decile":{},"includeClv":false}}"#, row.decile)), row.customers, "decile {}", row.decile);
    }
    let c = crmkit::segments::cpm::cpm(&ds, &Default::default()).unwrap();
    for g in &c.groups {
        assert_eq!(count(&ds, &format!(r#"{{"kind":"cpmGroup","group":"{}","includeClv":false}}"#, g.key)), g.customers, "cpm {}", g.key);
    }
    for mode in ["period", "rolling"] {
        let params = crmkit::options::cohorts::CohortInput { mode: Some(mode.into()), period: Some("quarter".into()), ..Default::default() }.check().unwrap();
        let m = crmkit::cohort::cohorts(&ds, &params).unwrap();
        let n = m.periods.len();
        for (row, cohort) in m.overall.cohorts.iter().enumerate() {
            for k in 0..n {
                let value = m.overall.values[row * n + k];
                let selector = format!(r#"{{"kind":"cohortCell","cohort":"{}","period":{k},"cohorts":{{"mode":"{mode}","period":"quarter"}},"includeClv":false}}"#, cohort.label);
                let expected = if value.is_nan() { 0 } else { value as u64 };
                assert_eq!(count(&ds, &selector), expected, "{mode} cohort {} period {k}", cohort.label);
            }
        }
    }
    // Grouped cohorts: each group's cells.
    let params = crmkit::options::cohorts::CohortInput { group_by: Some("rfmSegment".into()), period: Some("quarter".into()), max_groups: Some(3), ..Default::default() }.check().unwrap();
    let m = crmkit::cohort::cohorts(&ds, &params).unwrap();
    let n = m.periods.len();
    for g in &m.groups {
        let name = g.group.as_deref().unwrap();
        for (row, cohort) in g.cohorts.iter().enumerate().step_by(2) {
            let value = g.values[row * n + 1];
            let selector = format!(
                r#"{{"kind":"cohortCell","cohort":"{}","period":1,"group":"{name}","cohorts":{{"groupBy":"rfmSegment","period":"quarter","maxGroups":3}},"includeClv":false}}"#,
                cohort.label
            );
            assert_eq!(count(&ds, &selector), if value.is_nan() { 0 } else { value as u64 }, "group {name} cohort {}", cohort.label);
        }
    }
    let x = crmkit::crosstab::crosstab(&ds, &crmkit::options::segments::CrosstabInput { rows: "decile".into(), cols: "cpmGroup".into(), ..Default::default() }.check().unwrap()).unwrap();
    for (i, row) in x.rows.iter().enumerate() {
        for (j, col) in x.cols.iter().enumerate() {
            let selector = format!(r#"{{"kind":"crosstabCell","row":"{row}","col":"{col}","crosstab":{{"rows":"decile","cols":"cpmGroup"}},"includeClv":false}}"#);
            assert_eq!(count(&ds, &selector), x.customers[i * x.cols.len() + j], "crosstab {row} × {col}");
        }
    }
    let v = crmkit::clv::clv(&ds, &Default::default()).unwrap();
    for (kind, bands) in [("riskBand", &v.risk_bands), ("aliveBand", &v.alive_bands)] {
        for b in bands {
            assert_eq!(count(&ds, &format!(r#"{{"kind":"{kind}","band":"{}"}}"#, b.band)), b.customers, "{kind} {}", b.band);
        }
    }

    // The CSV: the same ids in the same order, with clv and p_alive last.
    let selector = r#"{"kind":"aliveBand","band":["at_risk","lapsed"],"limit":5}"#;
    let result = list(&ds, selector);
    assert_eq!(result.customers.len(), 5);
    assert!(result.customers.iter().all(|c| c.clv.is_some() && c.p_alive.is_some_and(|p| (0.0..0.8).contains(&p))));
    let csv = members_csv(&ds, &input(selector).check().unwrap()).unwrap();
    let rows = csv_reference::with_csv_core(&csv[3..], b',');
    assert_eq!(rows[0].last().map(|f| f.as_slice()), Some(&b"p_alive"[..]));
    let csv_ids: Vec<String> = rows[1..].iter().map(|r| String::from_utf8(r[0].clone()).unwrap()).collect();
    assert_eq!(csv_ids, result.customer_ids);

    // Pseudonymised: the same list, by pseudonym.
    let plain = list(&ds, r#"{"kind":"decile","decile":1,"includeClv":false}"#).customer_ids;
    ds.pseudonyms = Some(crmkit::options::tables::PseudonymizeInput { salt: Some("a salt of 16+ characters".into()) }.check().unwrap());
    let hashed = list(&ds, r#"{"kind":"decile","decile":1,"includeClv":false}"#).customer_ids;
    assert_eq!(hashed.len(), plain.len());
    assert!(hashed.iter().all(|h| h.starts_with('p') && !plain.contains(h)));
}
