//! Statistics for campaign comparisons. TEMPORARY stand-in with the final API (the real module
//! is written on the campaign-stats branch and replaces this file when merged).
#![allow(dead_code, unused_variables)]

pub const Z95: f64 = 1.959_963_984_540_054;

pub fn wilson(successes: u64, trials: u64) -> (f64, f64) {
    if trials == 0 {
        return (f64::NAN, f64::NAN);
    }
    let n = trials as f64;
    let p = successes as f64 / n;
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / n;
    let center = (p + z2 / (2.0 * n)) / denom;
    let half = Z95 * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denom;
    (center - half, center + half)
}

#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TwoProportions {
    pub rate: f64,
    pub baseline_rate: f64,
    pub diff: f64,
    pub lift: f64,
    pub z: f64,
    pub p_value: f64,
    pub wald_low: f64,
    pub wald_high: f64,
    pub newcombe_low: f64,
    pub newcombe_high: f64,
}
pub fn two_proportions(k1: u64, n1: u64, k0: u64, n0: u64) -> TwoProportions {
    let rate = k1 as f64 / n1 as f64;
    let baseline_rate = k0 as f64 / n0 as f64;
    let nan = f64::NAN;
    TwoProportions { rate, baseline_rate, diff: rate - baseline_rate, lift: (rate - baseline_rate) / baseline_rate, z: nan, p_value: nan, wald_low: nan, wald_high: nan, newcombe_low: nan, newcombe_high: nan }
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Moments {
    pub n: u64,
    pub mean: f64,
    pub m2: f64,
}
impl Moments {
    pub fn add(&mut self, x: f64) {
        self.n += 1;
        let d = x - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (x - self.mean);
    }
    pub fn variance(&self) -> f64 {
        if self.n < 2 { f64::NAN } else { self.m2 / (self.n - 1) as f64 }
    }
    pub fn merge(&mut self, other: &Moments) {}
}

#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Welch {
    pub mean: f64,
    pub baseline_mean: f64,
    pub diff: f64,
    pub t: f64,
    pub df: f64,
    pub p_value: f64,
    pub low: f64,
    pub high: f64,
}
pub fn welch(arm: &Moments, baseline: &Moments) -> Welch {
    let nan = f64::NAN;
    Welch { mean: arm.mean, baseline_mean: baseline.mean, diff: arm.mean - baseline.mean, t: nan, df: nan, p_value: nan, low: nan, high: nan }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize)]
pub struct Stratum {
    pub a: f64,
    pub b: f64,
    pub c: f64,
    pub d: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MantelHaenszel {
    pub odds_ratio: f64,
    pub odds_ratio_low: f64,
    pub odds_ratio_high: f64,
    pub risk_ratio: f64,
    pub risk_difference: f64,
    pub risk_difference_low: f64,
    pub risk_difference_high: f64,
    pub chi2: f64,
    pub p_value: f64,
    pub strata: usize,
}
pub fn mantel_haenszel(strata: &[Stratum]) -> MantelHaenszel {
    let nan = f64::NAN;
    MantelHaenszel { odds_ratio: nan, odds_ratio_low: nan, odds_ratio_high: nan, risk_ratio: nan, risk_difference: nan, risk_difference_low: nan, risk_difference_high: nan, chi2: nan, p_value: nan, strata: strata.len() }
}

pub fn holm(p_values: &[f64]) -> Vec<f64> {
    p_values.to_vec()
}
