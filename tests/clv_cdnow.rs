//! BG/NBD and Gamma-Gamma on the CDNOW sample (Fader, Hardie & Lee 2005), the standard reference
//! data set of the BTYD literature; see tests/fixtures/README.md for the files' provenance.
//!
//! Published values (FHL 2005 "Counting your customers the easy way", calibration 1997-01-01 …
//! 1997-09-30, weekly): r = 0.243, α = 4.414, a = 0.793, b = 2.426, log-likelihood −9582.4.
//! Gamma-Gamma (FHL 2005 "RFM and CLV", 946 repeat customers): p = 6.25, q = 3.74, γ (v) = 15.44.

use crmkit::clv::{summary, ClvResult};
use crmkit::options::clv::{ClvInput, ClvSummaryInput};
use crmkit::{from_csv, Dataset, ReadOptions, Result};

/// `ds.clv(options)` as the boundary runs it: check the options, then fit.
fn clv(ds: &Dataset, input: &ClvInput) -> Result<ClvResult> {
    crmkit::clv::clv(ds, &input.clone().check()?)
}

/// `Clv.fromSummary(bytes)` with default options.
fn clv_from_summary(bytes: &[u8]) -> Result<(Vec<String>, ClvResult)> {
    let (read, params) = ClvSummaryInput::default().check("fromSummary")?;
    crmkit::clv::clv_from_summary(bytes, &read, &params)
}

fn load() -> Dataset {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cdnow_sample.csv")).unwrap();
    from_csv(&bytes, &ReadOptions::default(), &mut |_| {}).unwrap()
}

fn day(s: &str) -> i32 {
    crmkit::dates::parse_date(s).unwrap().day
}

#[test]
fn summary_equals_the_lifetimes_calibration_summary() {
    let ds = load();
    let s = summary(&ds, 7.0, day("1997-09-30"), None);
    let reference = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/reference/cdnow_summary_lifetimes.csv")).unwrap();
    let ids = ds.customer_ids.index_map();
    let mut checked = 0;
    for line in reference.lines().skip(1) {
        let f: Vec<f64> = line.split(',').map(|v| v.parse().unwrap()).collect();
        let c = ids[(f[0] as u64).to_string().as_str()] as usize;
        let r = s.rows[c].unwrap();
        assert_eq!(r.frequency, f[1], "x of {}", f[0]);
        // The file has two decimals: allow half a unit of the last digit (22.345 is written 22.35).
        let half = 0.005 + 1e-9;
        assert!((r.recency - f[2]).abs() <= half && (r.t - f[3]).abs() <= half, "t_x / T of {}: {:?} vs {:?}", f[0], r, f);
        assert!((r.monetary - f[4]).abs() <= half, "zbar of {}: {} vs {}", f[0], r.monetary, f[4]);
        checked += 1;
    }
    assert_eq!(checked, 2357);
}

#[test]
fn bgnbd_and_gamma_gamma_reproduce_the_published_parameters() {
    let ds = load();
    let input = ClvInput { calibration_end: Some("1997-09-30".into()), observation_end: Some("1998-06-30".into()), ..Default::default() };
    let r = clv(&ds, &input).unwrap();
    let b = r.bgnbd;
    // Equal when both are rounded to 3 significant digits.
    let round3 = |v: f64| {
        let scale = 10f64.powi(2 - v.abs().log10().floor() as i32);
        (v * scale).round() / scale
    };
    let sig3 = |got: f64, want: f64| round3(got) == round3(want);
    println!("BG/NBD r {:.4} alpha {:.4} a {:.4} b {:.4} LL {:.2}; GG p {:.4} q {:.4} v {:.4}", b.r, b.alpha, b.a, b.b, b.log_likelihood, r.gamma_gamma.p, r.gamma_gamma.q, r.gamma_gamma.v);
    assert!(sig3(b.r, 0.243) && sig3(b.alpha, 4.414) && sig3(b.a, 0.793) && sig3(b.b, 2.426), "{b:?}");
    assert_eq!((b.log_likelihood * 10.0).round() / 10.0, -9582.4, "LL {}", b.log_likelihood);
    assert_eq!((r.customers, r.repeat_customers), (2357, 946));
    let g = r.gamma_gamma;
    assert!(sig3(g.p, 6.25) && sig3(g.q, 3.74) && sig3(g.v, 15.44), "{g:?}");
}

/// FHL 2005 (section 6) works through the customer with x = 2, t_x = 30.43, T = 38.86: with the
/// fitted parameters, the expected number of purchases in the next 39 weeks is 1.226.
#[test]
fn conditional_expectation_of_the_papers_example_customer() {
    let p = crmkit::clv::BgNbd { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, log_likelihood: 0.0 };
    let e = crmkit::clv::expected_purchases(&p, 39.0, 2.0, 30.43, 38.86);
    assert_eq!((e * 1000.0).round() / 1000.0, 1.226, "{e}");
    // One-time buyers are alive by construction under BG/NBD.
    assert_eq!(crmkit::clv::p_alive(&p, 0.0, 0.0, 30.0), 1.0);
}

#[test]
fn holdout_comparison_and_refusals() {
    let ds = load();
    let input = ClvInput { calibration_end: Some("1997-09-30".into()), observation_end: Some("1998-06-30".into()), ..Default::default() };
    let r = clv(&ds, &input).unwrap();
    // Calibration/holdout: customers with x = 0 in calibration, predicted vs actual holdout purchases.
    let zero = &r.holdout[0];
    assert_eq!(zero.frequency, "0");
    assert_eq!(zero.customers, 2357 - 946);
    assert!(zero.predicted > 0.0 && zero.actual > 0.0 && (zero.predicted - zero.actual).abs() < 0.5 * zero.actual.max(0.1), "{zero:?}");
    assert!(r.holdout_mae.unwrap() < 1.5);
    // Risk bands cover every customer; P(alive) in [0, 1].
    assert_eq!(r.risk_bands.iter().map(|b| b.customers).sum::<u64>(), 2357);
    assert!(r.p_alive.iter().filter(|v| !v.is_nan()).all(|&v| (0.0..=1.0).contains(&v)));
    assert!(r.clv.iter().filter(|v| !v.is_nan()).all(|&v| v >= 0.0 && v.is_finite()));
    // Degenerate inputs are refused with reasons, never fitted into NaN.
    let few = from_csv(b"customer_id,order_date,amount\nA,2024-01-01,10\nA,2024-02-01,10\nB,2024-01-05,5\n", &ReadOptions::default(), &mut |_| {}).unwrap();
    let err = clv(&few, &ClvInput::default()).unwrap_err();
    assert!(err.to_string().contains("repeat buyers"), "{err}");
    let one_time = from_csv(b"customer_id,order_date,amount\nA,2024-01-01,10\nB,2024-01-05,5\n", &ReadOptions::default(), &mut |_| {}).unwrap();
    assert!(clv(&one_time, &ClvInput { allow_small_data: Some(true), ..Default::default() }).is_err());
    let small = clv(&ds, &ClvInput { calibration_end: Some("1997-03-01".into()), ..Default::default() }).unwrap_err();
    assert!(small.to_string().contains("180"), "{small}");
}

/// Summary-level input: lifetimes' own CDNOW calibration summary (ID, x, t_x, T, zbar) gives the
/// published parameters too.
#[test]
fn fit_from_the_lifetimes_summary_file() {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/reference/cdnow_summary_lifetimes.csv")).unwrap();
    let (ids, r) = clv_from_summary(&bytes).unwrap();
    assert_eq!(ids.len(), 2357);
    assert_eq!((r.customers, r.repeat_customers), (2357, 946));
    let b = r.bgnbd;
    assert!((b.r - 0.243).abs() < 0.0015 && (b.alpha - 4.414).abs() < 0.01 && (b.a - 0.793).abs() < 0.0015 && (b.b - 2.426).abs() < 0.01, "{b:?}");
    assert!((b.log_likelihood - -9582.4).abs() < 1.0, "{}", b.log_likelihood);
    // Bad rows are reported with their lines, the rest still fits: recency > T (line 2359), a
    // fractional frequency (line 2360) and an extra field (line 2361) after the 2,357 good rows
    // (header = line 1; the file has no final newline).
    let mut with_bad = bytes.clone();
    with_bad.extend_from_slice(b"\n9001,2,5.0,4.0,10.0\n9002,1.5,1.0,2.0,3.0\n9003,1,1.0,2.0,3.0,7\n");
    let (ids, r) = clv_from_summary(&with_bad).unwrap();
    assert_eq!(ids.len(), 2357);
    assert_eq!(r.rejected.iter().map(|x| x.line).collect::<Vec<_>>(), vec![2359, 2360, 2361]);
    assert_eq!(r.rejected[2].code.as_str(), "field_count");
}

/// The summary definitions, by hand (calibration end 2024-03-31 inclusive, holdout to 2024-06-30):
/// A: 01-01 two orders (100 + 50, one purchase day = 150); 02-01 a return (ignored); 03-01 200;
///    03-31 100 (on the calibration end: included); 04-15 two orders (one holdout day); 07-01
///    (after the observation end: ignored) → x = 2, t_x = T = 90 days, monetary (200 + 100) / 2 =
///    150, holdout 1. B: one purchase on 03-31 → x = 0, t_x = T = 0, monetary 0. C: buys only
///    after the calibration end → not in the summary.
#[test]
fn summary_definitions_by_hand() {
    let csv = "order_id,customer_id,order_date,amount\n\
               o1,A,2024-01-01,100\no2,A,2024-01-01,50\nr1,A,2024-02-01,-30\no3,A,2024-03-01,200\no4,A,2024-03-31,100\n\
               o5,A,2024-04-15,80\no6,A,2024-04-15,20\no7,A,2024-07-01,60\no8,B,2024-03-31,40\no9,C,2024-04-02,70\n";
    let ds = from_csv(csv.as_bytes(), &ReadOptions::default(), &mut |_| {}).unwrap();
    let ids = ds.customer_ids.index_map();
    let s = summary(&ds, 1.0, day("2024-03-31"), Some(day("2024-06-30")));
    let a = s.rows[ids["A"] as usize].unwrap();
    assert_eq!((a.frequency, a.recency, a.t, a.monetary, a.holdout), (2.0, 90.0, 90.0, 150.0, 1.0));
    let b = s.rows[ids["B"] as usize].unwrap();
    assert_eq!((b.frequency, b.recency, b.t, b.monetary), (0.0, 0.0, 0.0, 0.0));
    assert!(s.rows[ids["C"] as usize].is_none());
    let weekly = summary(&ds, 7.0, day("2024-03-31"), None).rows[ids["A"] as usize].unwrap();
    assert!((weekly.recency - 90.0 / 7.0).abs() < 1e-12);
}
