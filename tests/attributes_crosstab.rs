//! addCustomers and crosstab on tests/fixtures/segments_12.csv + customers_12.csv, by hand.
//!
//! customers_12.csv: 11 rows. Line 11 repeats A (rejected: duplicate, first row kept), line 12 has
//! no id (rejected). X has no orders (unmatched). A–H are matched; I, J, K, L, M are missing and
//! count as `unknown`. H's birth date "abc" is unreadable (warning, line 9) → ageBand unknown.
//!
//! Gender: A 女性 → female, B 男性 → male, C 女 → female, D F → female, E M → male, F female,
//! G empty → unknown, H male. Age at asOf 2025-01-01: A 34 (30-39), B 39 (30-39; birthday
//! 12-31 passed), C 25 (20-29; birthday on asOf), D 45 (40-49), E 64 (60-69; birthday 01-02 not
//! yet), F 14 (-19), G 69 (60-69).
//!
//! RFM segments (fixed, asOf 2025-01-01; see tests/segments_fixture.rs): A champions, B active,
//! C active, D new, E needs_attention, F new, G needs_attention, H almost_lost, I almost_lost,
//! J almost_lost, K dormant, L champions; M has no purchase before asOf (outside the population).
//!
//! gender × rfmSegment (customers):
//!   female:  champions 1 (A), active 1 (C), new 2 (D, F)                      = 4
//!   male:    active 1 (B), needs_attention 1 (E), almost_lost 1 (H)           = 3
//!   unknown: champions 1 (L), needs_attention 1 (G), almost_lost 2 (I, J), dormant 1 (K) = 5
//! female revenue 120,000 + 45,000 + 20,000 + 9,000 = 194,000 over 6 + 3 + 2 + 1 = 12 orders →
//! AOV 16,166.67; female × new revenue = 29,000.

use crmkit::attributes::add_customers;
use crmkit::crosstab::CrosstabResult;
use crmkit::options::segments::{CrosstabInput, RfmInput};
use crmkit::options::tables::AddCustomersInput;
use crmkit::{from_csv, Dataset, ReadOptions, Result};

/// `ds.crosstab(options)` as the boundary runs it: check the options, then the analysis.
fn crosstab(ds: &Dataset, input: &CrosstabInput) -> Result<CrosstabResult> {
    crmkit::crosstab::crosstab(ds, &input.clone().check()?)
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn loaded() -> (Dataset, crmkit::attributes::AddCustomersReport) {
    let mut ds = from_csv(&fixture("segments_12.csv"), &ReadOptions::default(), &mut |_| {}).unwrap();
    let input = AddCustomersInput { as_of: Some("2025-01-01".into()), ..Default::default() };
    let report = add_customers(&mut ds, &fixture("customers_12.csv"), &input.check("addCustomers").unwrap()).unwrap();
    (ds, report)
}

#[test]
fn add_customers_report_and_values() {
    let (ds, r) = loaded();
    assert_eq!((r.rows, r.rows_accepted, r.rows_rejected, r.unmatched, r.matched, r.missing), (11, 9, 2, 1, 8, 5));
    let rejected: Vec<(u32, &str)> = r.rejected.iter().map(|x| (x.line, x.code.as_str())).collect();
    assert_eq!(rejected, vec![(11, "duplicate_customer"), (12, "missing_customer")]);
    let names: Vec<&str> = r.attributes.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, vec!["gender", "ageBand", "prefecture", "signupMonth", "channel"]);
    assert!(r.warnings.iter().any(|w| w.code == "unreadable_attribute" && w.line == Some(9) && w.message.contains("生年月日")), "{:?}", r.warnings);
    let attr = |name: &str| ds.attributes.iter().find(|a| a.name == name).unwrap();
    let by_customer = |name: &str| -> Vec<String> {
        ["A", "B", "C", "D", "E", "F", "G", "H", "I"]
            .iter()
            .map(|id| {
                let c = (0..ds.customers()).find(|&c| ds.customer_ids.get(c as u32) == *id).unwrap();
                attr(name).label(c).to_string()
            })
            .collect()
    };
    assert_eq!(by_customer("gender"), vec!["female", "male", "female", "female", "male", "female", "unknown", "male", "unknown"]);
    assert_eq!(by_customer("ageBand"), vec!["30-39", "30-39", "20-29", "40-49", "60-69", "-19", "60-69", "unknown", "unknown"]);
    assert_eq!(by_customer("signupMonth")[..5], ["2023-12", "2024-01", "2024-05", "2024-11", "unknown"]);
}

#[test]
fn crosstab_gender_by_rfm_segment() {
    let (ds, _) = loaded();
    let input = CrosstabInput {
        rows: "gender".into(),
        cols: "rfmSegment".into(),
        as_of: Some("2025-01-01".into()),
        rfm: Some(RfmInput { method: Some("fixed".into()), ..Default::default() }),
        ..Default::default()
    };
    let t = crosstab(&ds, &input).unwrap();
    assert_eq!(t.rows, vec!["female", "male", "unknown"]);
    let col = |k: &str| t.cols.iter().position(|c| c == k).unwrap();
    let cell = |r: usize, k: &str| t.values[r * t.cols.len() + col(k)];
    assert_eq!((cell(0, "champions"), cell(0, "active"), cell(0, "new")), (1.0, 1.0, 2.0));
    assert_eq!((cell(1, "active"), cell(1, "needs_attention"), cell(1, "almost_lost")), (1.0, 1.0, 1.0));
    assert_eq!((cell(2, "champions"), cell(2, "almost_lost"), cell(2, "dormant")), (1.0, 2.0, 1.0));
    assert_eq!(t.row_totals, vec![4.0, 3.0, 5.0]);
    assert_eq!(t.total, 12.0);

    let revenue = crosstab(&ds, &CrosstabInput { metric: Some("revenue".into()), ..input.clone() }).unwrap();
    assert_eq!(revenue.values[col("new")], 29_000.0);
    assert_eq!(revenue.row_totals[0], 194_000.0);
    let aov = crosstab(&ds, &CrosstabInput { metric: Some("aov".into()), ..input.clone() }).unwrap();
    assert!((aov.row_totals[0] - 194_000.0 / 12.0).abs() < 1e-9);

    let err = crosstab(&ds, &CrosstabInput { rows: "income".into(), cols: "decile".into(), ..Default::default() }).unwrap_err();
    assert_eq!(err.option().as_deref(), Some("rows"));
    assert!(err.to_string().contains("ageBand"), "{err}");
}

#[test]
fn without_a_customer_table_attributes_are_an_error_but_segments_work() {
    let ds = from_csv(&fixture("segments_12.csv"), &ReadOptions::default(), &mut |_| {}).unwrap();
    let t = crosstab(&ds, &CrosstabInput { rows: "cpmGroup".into(), cols: "decile".into(), as_of: Some("2025-01-01".into()), ..Default::default() }).unwrap();
    assert_eq!(t.total, 12.0);
    let err = crosstab(&ds, &CrosstabInput { rows: "gender".into(), cols: "decile".into(), ..Default::default() }).unwrap_err();
    assert!(err.to_string().contains("addCustomers"), "{err}");
}

/// Prefectures come in JIS X 0401 order (北海道 01, 東京都 13, 大阪府 27, 福岡県 40), not in
/// code-point order (which would put 大阪府 before 東京都), with `unknown` last.
#[test]
fn prefectures_in_jis_order() {
    let (ds, _) = loaded();
    let input = CrosstabInput { rows: "prefecture".into(), cols: "decile".into(), metric: None, as_of: None, rfm: None, cpm: None };
    let r = crosstab(&ds, &input).unwrap();
    assert_eq!(r.rows, vec!["北海道", "東京都", "大阪府", "福岡県", "unknown"]);
}
