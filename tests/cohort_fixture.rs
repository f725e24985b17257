//! Cohort matrices worked out by hand.
//!
//! tests/fixtures/segments_12.csv, monthly cohorts (first purchase month), last order 2025-01-10
//! → last period 2025-01; cohorts 2023-06 … 2025-01 (20 rows, empty months included), 20 periods.
//! - 2024-01 (I, L): customers active by k: 2, 1, 1, 1, 1, 1, 1, 1, 0 (Sep), 1, 0 (Nov), 1, 0
//!   (2025-01), then NaN (2025-02 is after the data).
//! - 2024-02 (A, E): 2, 0, 1, 0, 1, 0, 2 (Aug: A and E), 0, 1, 0, 1, 1 (A on 2025-01-05), NaN;
//!   rolling (active in k or later): A's last purchase is k = 11, E's k = 6 → 2 × 7, 1 × 5, NaN.
//! - 2024-03 (B, J): orders k0 = 2 (B, J), k2 = 1 (J's purchase; the 05-10 return is no order);
//!   revenue 19,000, 0, 3,000 (6,000 − 3,000), 15,000, 0, 0, 15,000, 0, 0, 15,000, 0, NaN;
//!   cumulative per customer (÷ 2): 9,500, 9,500, 11,000, 18,500, 18,500, 18,500, 26,000, …,
//!   33,500 at k = 9 and 10.
//! - Average retention at k = 0 is 1: every customer buys in their first period.

use crmkit::cohort::CohortResult;
use crmkit::options::cohorts::CohortInput;
use crmkit::{from_csv, Dataset, ReadOptions, Result};

/// `ds.cohorts(options)` as the boundary runs it: check the options, then the analysis.
fn cohorts(ds: &Dataset, input: &CohortInput) -> Result<CohortResult> {
    crmkit::cohort::cohorts(ds, &input.clone().check()?)
}

fn load_bytes(bytes: &[u8]) -> Dataset {
    from_csv(bytes, &ReadOptions::default(), &mut |_| {}).unwrap()
}

fn load() -> Dataset {
    load_bytes(&std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/segments_12.csv")).unwrap())
}

fn row(r: &crmkit::cohort::CohortResult, label: &str, values: bool) -> Vec<f64> {
    let i = r.overall.cohorts.iter().position(|c| c.label == label).unwrap();
    let n = r.periods.len();
    let m = if values { &r.overall.values } else { &r.overall.rates };
    m[i * n..(i + 1) * n].to_vec()
}

/// Compare with NaN = NaN.
fn same(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x.is_nan() && y.is_nan()) || (x - y).abs() < 1e-9)
}

const N: f64 = f64::NAN;

#[test]
fn monthly_customers_period_and_rolling() {
    let ds = load();
    let r = cohorts(&ds, &CohortInput::default()).unwrap();
    assert_eq!((r.period, r.metric, r.mode), ("month", "customers", "period"));
    assert_eq!(r.overall.cohorts.len(), 20);
    assert_eq!(r.periods.len(), 20);
    assert_eq!(r.overall.cohorts[0].label, "2023-06");
    let jan = row(&r, "2024-01", true);
    assert!(same(&jan[..14], &[2., 1., 1., 1., 1., 1., 1., 1., 0., 1., 0., 1., 0., N]), "{jan:?}");
    let feb = row(&r, "2024-02", true);
    assert!(same(&feb[..13], &[2., 0., 1., 0., 1., 0., 2., 0., 1., 0., 1., 1., N]), "{feb:?}");
    assert!(same(&row(&r, "2024-02", false)[..3], &[1.0, 0.0, 0.5]));
    assert!(same(&row(&r, "2025-01", true)[..2], &[1.0, N]));
    assert_eq!(r.overall.average[0], 1.0);
    assert_eq!(r.overall.size, 13);

    let rolling = cohorts(&ds, &CohortInput { mode: Some("rolling".into()), ..Default::default() }).unwrap();
    let feb = row(&rolling, "2024-02", true);
    assert!(same(&feb[..13], &[2., 2., 2., 2., 2., 2., 2., 1., 1., 1., 1., 1., N]), "{feb:?}");
}

#[test]
fn orders_revenue_and_cumulative_revenue_per_customer() {
    let ds = load();
    let metric = |m: &str| cohorts(&ds, &CohortInput { metric: Some(m.into()), ..Default::default() }).unwrap();
    let orders = row(&metric("orders"), "2024-03", true);
    assert_eq!((orders[0], orders[2]), (2.0, 1.0));
    let revenue = row(&metric("revenue"), "2024-03", true);
    assert!(same(&revenue[..12], &[19000., 0., 3000., 15000., 0., 0., 15000., 0., 0., 15000., 0., N]), "{revenue:?}");
    let ltv = row(&metric("cumulativeRevenuePerCustomer"), "2024-03", true);
    assert!(same(&ltv[..12], &[9500., 9500., 11000., 18500., 18500., 18500., 26000., 26000., 26000., 33500., 33500., N]), "{ltv:?}");
    let per_customer = row(&metric("revenuePerCustomer"), "2024-03", true);
    assert_eq!(per_customer[2], 1500.0);
}

#[test]
fn week_boundaries_month_ends_and_quarters() {
    // Sunday 2024-06-09 and Monday 2024-06-10; 2024-01-31 and 2024-02-01; data ends 2024-06-10.
    let csv = "customer_id,order_date,amount\nW,2024-06-09,100\nW,2024-06-10,100\nE,2024-01-31,100\nE,2024-02-01,100\n";
    let ds = load_bytes(csv.as_bytes());
    let week = |start: &str| cohorts(&ds, &CohortInput { period: Some("week".into()), week_start: Some(start.into()), ..Default::default() }).unwrap();
    let monday = week("monday");
    // Monday weeks: W's Sunday order is in the week of 06-03, Monday's in the next → k = 1.
    assert!(same(&row(&monday, "2024-06-03", true)[..2], &[1.0, 1.0]));
    let sunday = week("sunday");
    // Sunday weeks: both orders are in the week starting 06-09 → one active period, k = 1 is future.
    assert!(same(&row(&sunday, "2024-06-09", true)[..2], &[1.0, N]));
    let month = cohorts(&ds, &CohortInput::default()).unwrap();
    assert!(same(&row(&month, "2024-01", true)[..2], &[1.0, 1.0]), "month end → next month is k = 1");
    let quarter = cohorts(&ds, &CohortInput { period: Some("quarter".into()), ..Default::default() }).unwrap();
    assert_eq!(quarter.overall.cohorts.iter().map(|c| c.label.as_str()).collect::<Vec<_>>(), vec!["2024-Q1", "2024-Q2"]);
    assert!(same(&row(&quarter, "2024-Q1", true)[..2], &[1.0, 0.0]));
}

#[test]
fn groups_ranges_and_errors() {
    let ds = load();
    let r = cohorts(&ds, &CohortInput { group_by: Some("firstProduct".into()), ..Default::default() }).unwrap();
    // No product column: every entry product is unknown → one group with everyone.
    assert_eq!(r.groups.iter().map(|g| (g.group.clone().unwrap(), g.size)).collect::<Vec<_>>(), vec![("unknown".to_string(), 13)]);
    let limited = cohorts(&ds, &CohortInput { from: Some("2024-02-01".into()), to: Some("2024-03-31".into()), max_periods: Some(3), ..Default::default() }).unwrap();
    assert_eq!(limited.overall.cohorts.iter().map(|c| c.label.as_str()).collect::<Vec<_>>(), vec!["2024-02", "2024-03"]);
    assert_eq!(limited.periods, vec!["0", "1", "2"]);
    let err = |input: CohortInput| cohorts(&ds, &input).unwrap_err().option();
    assert_eq!(err(CohortInput { period: Some("year".into()), ..Default::default() }).as_deref(), Some("period"));
    assert_eq!(err(CohortInput { mode: Some("rolling".into()), metric: Some("revenue".into()), ..Default::default() }).as_deref(), Some("mode"));
    assert_eq!(err(CohortInput { group_by: Some("gender".into()), ..Default::default() }).as_deref(), Some("groupBy"));
}

#[test]
fn entry_category_groups_on_the_japanese_fixture() {
    let ds = load_bytes(&std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/orders_utf8.csv")).unwrap());
    let r = cohorts(&ds, &CohortInput { group_by: Some("firstCategory".into()), ..Default::default() }).unwrap();
    // First orders: C001 1001 (化粧水 3,980 > 乳液 2,980 → スキンケア), C002 健康食品, C003 菓子,
    // C004 日用品, C005 スキンケア → スキンケア 2, then the 1-customer groups by name.
    let groups: Vec<(String, u64)> = r.groups.iter().map(|g| (g.group.clone().unwrap(), g.size)).collect();
    assert_eq!(groups[0], ("スキンケア".to_string(), 2));
    assert_eq!(groups.len(), 4);
    // Time between purchases: C001 36 days (01-05 → 02-10), C002 41 (01-20 → 03-01).
    assert_eq!(r.time_between_purchases.gaps, 2);
    assert_eq!(r.time_between_purchases.stats.median, Some(38.5));
}

/// Every observed cell of the monthly matrix (customers, and cumulative revenue per customer)
/// equals an independent pandas computation (scripts/reference/cohort_pandas.py) on
/// tests/fixtures/synthetic_800.csv; the committed output is the reference. Unobserved cells must
/// be NaN.
#[test]
fn monthly_matrix_equals_pandas_on_synthetic_data() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let ds = load_bytes(&std::fs::read(format!("{dir}/synthetic_800.csv")).unwrap());
    let customers = cohorts(&ds, &CohortInput::default()).unwrap();
    let ltv = cohorts(&ds, &CohortInput { metric: Some("cumulativeRevenuePerCustomer".into()), ..Default::default() }).unwrap();
    let n = customers.periods.len();
    let reference = std::fs::read_to_string(format!("{dir}/reference/cohort_monthly_800.csv")).unwrap();
    let mut observed = 0;
    for line in reference.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let row = customers.overall.cohorts.iter().position(|c| c.label == f[0]).unwrap_or_else(|| panic!("cohort {}", f[0]));
        let k: usize = f[1].parse().unwrap();
        assert_eq!(customers.overall.cohorts[row].size, f[2].parse::<u64>().unwrap(), "size of {}", f[0]);
        assert_eq!(customers.overall.values[row * n + k], f[3].parse::<f64>().unwrap(), "customers {} k={k}", f[0]);
        let want: f64 = f[4].parse().unwrap();
        let got = ltv.overall.values[row * n + k];
        assert!((got - want).abs() <= 1e-9 * want.abs().max(1.0), "LTV {} k={k}: {got} vs {want}", f[0]);
        observed += 1;
    }
    let cells = customers.overall.values.len();
    assert_eq!(observed, 666);
    assert_eq!(customers.overall.values.iter().filter(|v| v.is_nan()).count(), cells - observed, "all other cells are future");
}
