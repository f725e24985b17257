//! `crmkit::campaigns::stats` against statsmodels / scipy: every case of
//! `tests/fixtures/reference/campaign_stats_cases.json` (inputs designed by hand) is computed here
//! and compared, field by field, with `campaign_stats_expected.json`, which
//! `scripts/reference/campaign_stats.py` wrote from statsmodels 0.15.0 / scipy 1.17.1. No expected
//! number comes from the Rust code.
//!
//! Tolerances: relative 1e-9 with an absolute floor of 1e-12 for values that can be near 0
//! (differences, interval ends); purely relative where the reference is accurate in the far tail
//! (p-values from norm.sf / t.sf / chi2.sf, the t survival function); for Φ, 1e-13 relative
//! against the script's 40-digit mpmath values (the documented accuracy) and 1e-12 against scipy,
//! whose own tail is ~1.1e-13 off at |x| = 37; 1e-7 for t quantiles and the Welch interval (an iterative inverse).
//! statsmodels' Mantel–Haenszel p (1 − chi2.cdf, which cancels for small p) is compared with an
//! absolute tolerance only.

use crmkit::campaigns::stats::{
    holm, mantel_haenszel, normal_cdf, normal_sf, student_t_quantile, student_t_sf,
    two_proportions, welch, wilson, Moments, Stratum,
};
use serde_json::Value;
use std::path::Path;

const REL: f64 = 1e-9;
const ABS: f64 = 1e-12;
const ITER: f64 = 1e-7;

fn load(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/reference")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A number as the script writes it: JSON number, or "NaN" / "Infinity" / "-Infinity".
fn num(v: &Value) -> f64 {
    match v {
        Value::Number(n) => n.as_f64().expect("finite number"),
        Value::String(s) if s == "NaN" => f64::NAN,
        Value::String(s) if s == "Infinity" => f64::INFINITY,
        Value::String(s) if s == "-Infinity" => f64::NEG_INFINITY,
        other => panic!("not a number: {other}"),
    }
}

/// Collects mismatches so one run reports all of them.
#[derive(Default)]
struct Checker {
    failures: Vec<String>,
    compared: usize,
}

impl Checker {
    fn close(&mut self, what: &str, actual: f64, expected: f64, rel: f64, abs: f64) {
        self.compared += 1;
        let ok = if expected.is_nan() || actual.is_nan() {
            expected.is_nan() && actual.is_nan()
        } else if expected.is_infinite() || actual.is_infinite() {
            actual == expected
        } else {
            (actual - expected).abs() <= (rel * expected.abs()).max(abs)
        };
        if !ok {
            let err = if expected != 0.0 {
                ((actual - expected) / expected).abs()
            } else {
                f64::NAN
            };
            self.failures.push(format!(
                "{what}: got {actual:e}, expected {expected:e} (rel err {err:e})"
            ));
        }
    }

    fn field(
        &mut self,
        case: &str,
        field: &str,
        actual: f64,
        expected: &Value,
        rel: f64,
        abs: f64,
    ) {
        let e = expected
            .get(field)
            .unwrap_or_else(|| panic!("{case}: no expected {field}"));
        self.close(&format!("{case}.{field}"), actual, num(e), rel, abs);
    }

    fn finish(self, group: &str, min_compared: usize) {
        assert!(
            self.compared >= min_compared,
            "{group}: only {} comparisons",
            self.compared
        );
        assert!(
            self.failures.is_empty(),
            "{group}: {} mismatches:\n{}",
            self.failures.len(),
            self.failures.join("\n")
        );
    }
}

fn cases(group: &str) -> (Vec<Value>, Value) {
    let cases = load("campaign_stats_cases.json")[group]
        .as_array()
        .unwrap_or_else(|| panic!("no {group} cases"))
        .clone();
    let expected = load("campaign_stats_expected.json")[group].clone();
    assert!(!cases.is_empty(), "{group}: no cases");
    (cases, expected)
}

fn name(case: &Value) -> String {
    case["name"].as_str().expect("case name").to_string()
}

fn expected_for<'a>(expected: &'a Value, case: &str) -> &'a Value {
    expected
        .get(case)
        .unwrap_or_else(|| panic!("{case}: not in the expected file (re-run the script)"))
}

fn u(case: &Value, key: &str) -> u64 {
    case[key]
        .as_u64()
        .unwrap_or_else(|| panic!("{key} is not a count"))
}

#[test]
fn wilson_matches_statsmodels_proportion_confint() {
    let (cases, expected) = cases("wilson");
    let mut check = Checker::default();
    for case in &cases {
        let n = name(case);
        let e = expected_for(&expected, &n);
        let (low, high) = wilson(u(case, "k"), u(case, "n"));
        check.field(&n, "low", low, e, REL, ABS);
        check.field(&n, "high", high, e, REL, ABS);
    }
    check.finish("wilson", 2 * cases.len());
}

#[test]
fn two_proportions_match_statsmodels() {
    let (cases, expected) = cases("two_proportions");
    let mut check = Checker::default();
    for case in &cases {
        let n = name(case);
        let e = expected_for(&expected, &n);
        let r = two_proportions(u(case, "k1"), u(case, "n1"), u(case, "k0"), u(case, "n0"));
        check.field(&n, "rate", r.rate, e, REL, ABS);
        check.field(&n, "baselineRate", r.baseline_rate, e, REL, ABS);
        check.field(&n, "diff", r.diff, e, REL, ABS);
        check.field(&n, "lift", r.lift, e, REL, ABS);
        check.field(&n, "z", r.z, e, REL, ABS);
        check.field(&n, "pValue", r.p_value, e, REL, 0.0);
        check.field(&n, "waldLow", r.wald_low, e, REL, ABS);
        check.field(&n, "waldHigh", r.wald_high, e, REL, ABS);
        check.field(&n, "newcombeLow", r.newcombe_low, e, REL, ABS);
        check.field(&n, "newcombeHigh", r.newcombe_high, e, REL, ABS);
    }
    check.finish("two_proportions", 10 * cases.len());
}

fn moments(values: &Value) -> Moments {
    let mut m = Moments::default();
    for v in values.as_array().expect("sample array") {
        m.add(num(v));
    }
    m
}

#[test]
fn welch_matches_scipy_ttest_ind() {
    let (cases, expected) = cases("welch");
    let mut check = Checker::default();
    for case in &cases {
        let n = name(case);
        let e = expected_for(&expected, &n);
        let arm = moments(&case["arm"]);
        let baseline = moments(&case["baseline"]);
        let w = welch(&arm, &baseline);
        check.field(&n, "mean", w.mean, e, REL, ABS);
        check.field(&n, "baselineMean", w.baseline_mean, e, REL, ABS);
        check.field(&n, "diff", w.diff, e, REL, ABS);
        check.field(&n, "t", w.t, e, REL, ABS);
        check.field(&n, "df", w.df, e, REL, 0.0);
        check.field(&n, "pValue", w.p_value, e, REL, 0.0);
        check.field(&n, "low", w.low, e, ITER, ABS);
        check.field(&n, "high", w.high, e, ITER, ABS);
    }
    check.finish("welch", 8 * cases.len());
}

#[test]
fn mantel_haenszel_matches_statsmodels_stratified_table() {
    let (cases, expected) = cases("mantel_haenszel");
    let mut check = Checker::default();
    for case in &cases {
        let n = name(case);
        let e = expected_for(&expected, &n);
        let strata: Vec<Stratum> = case["strata"]
            .as_array()
            .expect("strata")
            .iter()
            .map(|t| {
                let c: Vec<f64> = t
                    .as_array()
                    .expect("2x2 table as [a, b, c, d]")
                    .iter()
                    .map(num)
                    .collect();
                Stratum {
                    a: c[0],
                    b: c[1],
                    c: c[2],
                    d: c[3],
                }
            })
            .collect();
        let r = mantel_haenszel(&strata);
        check.field(&n, "oddsRatio", r.odds_ratio, e, REL, ABS);
        check.field(&n, "oddsRatioLow", r.odds_ratio_low, e, REL, ABS);
        check.field(&n, "oddsRatioHigh", r.odds_ratio_high, e, REL, ABS);
        check.field(&n, "riskRatio", r.risk_ratio, e, REL, ABS);
        check.field(&n, "riskDifference", r.risk_difference, e, REL, ABS);
        check.field(&n, "riskDifferenceLow", r.risk_difference_low, e, REL, ABS);
        check.field(
            &n,
            "riskDifferenceHigh",
            r.risk_difference_high,
            e,
            REL,
            ABS,
        );
        check.field(&n, "chi2", r.chi2, e, REL, ABS);
        check.field(&n, "pValue", r.p_value, e, 0.0, ABS);
        check.field(&n, "pValueSf", r.p_value, e, REL, 0.0);
        let strata_expected = e["strata"].as_u64().expect("strata count") as usize;
        check.compared += 1;
        if r.strata != strata_expected {
            check.failures.push(format!(
                "{n}.strata: got {}, expected {strata_expected}",
                r.strata
            ));
        }
    }
    check.finish("mantel_haenszel", 11 * cases.len());
}

#[test]
fn simpson_fixture_reverses_direction() {
    // The fixture's point, read from the reference: crude and stratified odds ratios on opposite
    // sides of 1, and only the crude one significant.
    let expected = load("campaign_stats_expected.json");
    let crude = &expected["mantel_haenszel"]["simpson_crude"];
    let stratified = &expected["mantel_haenszel"]["simpson_stratified"];
    assert!(num(&crude["oddsRatio"]) > 1.0 && num(&stratified["oddsRatio"]) < 1.0);
    assert!(num(&crude["pValueSf"]) < 0.05 && num(&stratified["pValueSf"]) > 0.05);
}

#[test]
fn holm_matches_statsmodels_multipletests() {
    let (cases, expected) = cases("holm");
    let mut check = Checker::default();
    for case in &cases {
        let n = name(case);
        let e = expected_for(&expected, &n)["adjusted"]
            .as_array()
            .expect("adjusted")
            .clone();
        let p: Vec<f64> = case["p"].as_array().expect("p").iter().map(num).collect();
        let adjusted = holm(&p);
        assert_eq!(adjusted.len(), e.len(), "{n}: length");
        for (i, (a, x)) in adjusted.iter().zip(&e).enumerate() {
            check.close(&format!("{n}[{i}]"), *a, num(x), REL, 0.0);
        }
    }
    check.finish("holm", 1);
}

#[test]
fn normal_matches_scipy_norm() {
    let expected = load("campaign_stats_expected.json");
    let points = expected["normal"].as_array().expect("normal points");
    let mut check = Checker::default();
    for point in points {
        let x = num(&point["x"]);
        check.close(
            &format!("cdf({x}) vs scipy"),
            normal_cdf(x),
            num(&point["cdf"]),
            1e-12,
            0.0,
        );
        check.close(
            &format!("sf({x}) vs scipy"),
            normal_sf(x),
            num(&point["sf"]),
            1e-12,
            0.0,
        );
        check.close(
            &format!("cdf({x}) vs mpmath"),
            normal_cdf(x),
            num(&point["cdfMp"]),
            1e-13,
            0.0,
        );
        check.close(
            &format!("sf({x}) vs mpmath"),
            normal_sf(x),
            num(&point["sfMp"]),
            1e-13,
            0.0,
        );
    }
    check.finish(
        "normal",
        4 * load("campaign_stats_cases.json")["normal"]
            .as_array()
            .map_or(0, Vec::len),
    );
}

#[test]
fn student_t_sf_matches_scipy() {
    let expected = load("campaign_stats_expected.json");
    let points = expected["student_t_sf"].as_array().expect("t sf points");
    let mut check = Checker::default();
    for point in points {
        let (t, df) = (num(&point["t"]), num(&point["df"]));
        check.close(
            &format!("t.sf({t}, df={df})"),
            student_t_sf(t, df),
            num(&point["sf"]),
            REL,
            0.0,
        );
    }
    check.finish(
        "student_t_sf",
        load("campaign_stats_cases.json")["student_t_sf"]
            .as_array()
            .map_or(0, Vec::len),
    );
}

#[test]
fn student_t_quantile_matches_scipy() {
    let expected = load("campaign_stats_expected.json");
    let points = expected["student_t_quantile"]
        .as_array()
        .expect("t quantile points");
    let mut check = Checker::default();
    for point in points {
        let (p, df) = (num(&point["p"]), num(&point["df"]));
        check.close(
            &format!("t.ppf({p}, df={df})"),
            student_t_quantile(p, df),
            num(&point["q"]),
            ITER,
            0.0,
        );
    }
    check.finish(
        "student_t_quantile",
        load("campaign_stats_cases.json")["student_t_quantile"]
            .as_array()
            .map_or(0, Vec::len),
    );
}
