//! CLV and churn: BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way") and
//! Gamma-Gamma spend (Fader, Hardie & Lee 2005, "RFM and CLV"), fitted by maximum likelihood, as
//! lifetimes / btyd / PyMC-Marketing do.
//!
//! **Customer summary** (BTYD names, not marketing RFM — domain.md): over purchase orders (net
//! amount ≥ 0; returns are ignored here) dated on or before `calibrationEnd` (default: the last
//! order date), purchases on one calendar day merge into one; `frequency` x = purchase days − 1;
//! `recency` t_x = days from the first to the last purchase day; `T` = days from the first
//! purchase to `calibrationEnd`; durations divided by 7 for `unit: 'week'` (fractional, as in the
//! paper, not calendar weeks); `monetaryValue` = mean amount of the repeat purchase days (0 for
//! one-time buyers). With `observationEnd`, purchase days in (calibrationEnd, observationEnd] are
//! the holdout.
//!
//! **BG/NBD** log-likelihood per customer (FHL 2005 eq. 6), in logs for stability:
//! ln L = ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b)
//!        + ln[(α+T)^−(r+x) + 1{x>0} · a/(b+x−1) · (α+t_x)^−(r+x)],
//! maximised over log-parameters by Nelder–Mead, with lifetimes' optional L2 penalty
//! `penalizer · Σ θ²` on the mean negative log-likelihood. P(alive) = 1 / (1 + 1{x>0} · a/(b+x−1) ·
//! ((α+T)/(α+t_x))^(r+x)) — a one-time buyer has P(alive) = 1 by construction. Expected purchases
//! in the next t: FHL eq. 10 with ₂F₁. P(no purchase in t) = 1 − P(alive) + P(alive) ·
//! ((α+T)/(α+T+t))^(r+x) (an alive customer buys as Poisson(λ), λ | data ~ Γ(r+x, α+T)).
//!
//! **Gamma-Gamma** over repeat customers (x > 0):
//! ln L = ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln v + (px−1) ln m̄ + px ln x − (px+q) ln(x m̄ + v);
//! expected average order value E[M | x, m̄] = p (v + x m̄) / (p x + q − 1). A warning is given when
//! frequency and monetary value correlate (|ρ| > 0.3), since the model assumes independence.
//!
//! **CLV** (as lifetimes' `customer_lifetime_value`): Σ over months i = 1 … H of
//! (E[Y(30 i days)] − E[Y(30 (i−1) days)]) · E[M] / (1 + monthly discount)^i.
//!
//! **Churn risk** (domain.md): the probability of no purchase in the next 90 days; Low < 1/3,
//! Medium 1/3–2/3, High > 2/3.

pub mod math;
pub mod summary_table;

use crate::dataset::Dataset;
use crate::report::Warning;
use crate::dates::format_date;
use crate::error::{Error, Result};
use math::{bfgs, digamma, hyp2f1, ln_gamma, nelder_mead_with_step};
use serde::Serialize;

/// Time unit of the BTYD summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Unit {
    #[default]
    Week,
    Day,
}

impl Unit {
    pub fn days(self) -> f64 {
        match self {
            Unit::Week => 7.0,
            Unit::Day => 1.0,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Week => "week",
            Unit::Day => "day",
        }
    }
}

/// Validated CLV parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct ClvParams {
    /// Last day of the calibration period (inclusive); `None` = the last order date.
    pub calibration_end: Option<i32>,
    /// End of the holdout period (inclusive), after `calibration_end`.
    pub observation_end: Option<i32>,
    pub unit: Unit,
    /// CLV horizon in days (default 360 = 12 months of 30 days).
    pub horizon_days: u32,
    /// Monthly discount rate, 0 ≤ rate < 1 (default 0.01).
    pub discount_rate: f64,
    /// L2 penalty ≥ 0 (lifetimes' `penalizer_coef`).
    pub penalizer: f64,
    /// Fit even below the data-sufficiency thresholds (500 customers, 180 days).
    pub allow_small_data: bool,
    /// Horizon of `expectedPurchases`, in days (≥ 1, default 90).
    pub predict_days: u32,
    /// P(alive) cut-offs [lapsed below, active from], 0 ≤ a ≤ b ≤ 1 (default [0.5, 0.8]).
    pub alive_thresholds: [f64; 2],
    /// Also check the model: refit with the last `holdout_days` held out and compare predicted
    /// with actual purchases in them (`holdoutCheck`).
    pub holdout_days: Option<u32>,
}

impl Default for ClvParams {
    fn default() -> Self {
        ClvParams {
            calibration_end: None,
            observation_end: None,
            unit: Unit::Week,
            horizon_days: 360,
            discount_rate: 0.01,
            penalizer: 0.0,
            allow_small_data: false,
            predict_days: 90,
            alive_thresholds: [0.5, 0.8],
            holdout_days: None,
        }
    }
}

/// The lifetimes-style summary of one customer.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rfmt {
    pub frequency: f64,
    pub recency: f64,
    pub t: f64,
    pub monetary: f64,
    /// Purchase days in the holdout period.
    pub holdout: f64,
}

pub struct Summary {
    /// Customer index → summary (`None`: no purchase up to calibrationEnd).
    pub rows: Vec<Option<Rfmt>>,
    pub unit_days: f64,
    pub calibration_end: i32,
    pub observation_end: Option<i32>,
}

pub fn summary(ds: &Dataset, unit_days: f64, calibration_end: i32, observation_end: Option<i32>) -> Summary {
    let mut rows = Vec::with_capacity(ds.customers());
    let mut days: Vec<(i32, f64)> = Vec::new();
    for c in 0..ds.customers() {
        days.clear();
        let mut holdout_days = 0u32;
        let mut last_holdout = i32::MIN;
        for o in ds.customer_orders(c) {
            let (day, amount) = (ds.order_date[o], ds.order_amount[o]);
            if amount < 0.0 {
                continue;
            }
            if day <= calibration_end {
                match days.last_mut() {
                    Some(last) if last.0 == day => last.1 += amount,
                    _ => days.push((day, amount)),
                }
            } else if observation_end.is_some_and(|end| day <= end) && day != last_holdout {
                holdout_days += 1;
                last_holdout = day;
            }
        }
        rows.push(days.first().map(|&(first, _)| {
            let x = days.len() - 1;
            let last = days[x].0;
            Rfmt {
                frequency: x as f64,
                recency: (last - first) as f64 / unit_days,
                t: (calibration_end - first) as f64 / unit_days,
                monetary: if x == 0 { 0.0 } else { days[1..].iter().map(|d| d.1).sum::<f64>() / x as f64 },
                holdout: holdout_days as f64,
            }
        }));
    }
    Summary { rows, unit_days, calibration_end, observation_end }
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BgNbd {
    pub r: f64,
    pub alpha: f64,
    pub a: f64,
    pub b: f64,
    pub log_likelihood: f64,
}

/// BG/NBD log-likelihood of one customer.
pub fn bgnbd_ll(p: &BgNbd, x: f64, t_x: f64, t: f64) -> f64 {
    let (r, alpha, a, b) = (p.r, p.alpha, p.a, p.b);
    let a1 = ln_gamma(r + x) - ln_gamma(r) + r * alpha.ln();
    let a2 = ln_gamma(a + b) + ln_gamma(b + x) - ln_gamma(b) - ln_gamma(a + b + x);
    let a3 = -(r + x) * (alpha + t).ln();
    if x > 0.0 {
        let a4 = a.ln() - (b + x - 1.0).ln() - (r + x) * (alpha + t_x).ln();
        let m = a3.max(a4);
        a1 + a2 + m + ((a3 - m).exp() + (a4 - m).exp()).ln()
    } else {
        a1 + a2 + a3
    }
}

/// Index of `v` in the sorted distinct `values`.
fn index_of(values: &[f64], v: f64) -> u32 {
    values.partition_point(|&x| x < v) as u32
}

fn distinct(mut v: Vec<f64>) -> Vec<f64> {
    v.sort_by(f64::total_cmp);
    v.dedup();
    v
}

/// BG/NBD data prepared for fast likelihood evaluation: x, t_x and T take few distinct values
/// (whole days / unit), so the Γ, B and log terms are computed once per distinct value and each
/// row costs one exp and one ln.
struct BgNbdData {
    xs: Vec<f64>,
    ts: Vec<f64>,
    txs: Vec<f64>,
    /// (x index, T index, t_x index, count)
    rows: Vec<(u32, u32, u32, f64)>,
    n: f64,
}

impl BgNbdData {
    fn new(rows: &[(f64, f64, f64)]) -> BgNbdData {
        let xs = distinct(rows.iter().map(|r| r.0).collect());
        let txs = distinct(rows.iter().map(|r| r.1).collect());
        let ts = distinct(rows.iter().map(|r| r.2).collect());
        let mut keyed: Vec<(u32, u32, u32)> = rows.iter().map(|r| (index_of(&xs, r.0), index_of(&ts, r.2), index_of(&txs, r.1))).collect();
        keyed.sort_unstable();
        let mut grouped: Vec<(u32, u32, u32, f64)> = Vec::new();
        for k in keyed {
            match grouped.last_mut() {
                Some(last) if (last.0, last.1, last.2) == k => last.3 += 1.0,
                _ => grouped.push((k.0, k.1, k.2, 1.0)),
            }
        }
        BgNbdData { xs, ts, txs, rows: grouped, n: rows.len() as f64 }
    }

    /// The log-likelihood (FHL 2005 eq. 6), from [`BgNbdData::log_likelihood_gradient`].
    fn log_likelihood(&self, p: &BgNbd) -> f64 {
        self.log_likelihood_gradient(p, &mut [0.0; 4])
    }

    /// The log-likelihood and its gradient with respect to (r, α, a, b) (FHL 2005 eq. 6
    /// differentiated: per row, ll = A₁₂(x) + ln(e^A₃ + [x > 0] e^A₄), and the share p₄ = e^A₄ / (e^A₃ + e^A₄)
    /// weighs the two branches' derivatives).
    fn log_likelihood_gradient(&self, p: &BgNbd, gradient: &mut [f64; 4]) -> f64 {
        let (r, alpha, a, b) = (p.r, p.alpha, p.a, p.b);
        let base = ln_gamma(a + b) - ln_gamma(b) - ln_gamma(r) + r * alpha.ln();
        let (psi_r, psi_b, psi_ab) = (digamma(r), digamma(b), digamma(a + b));
        // Per distinct x: A₁₂, ln(b + x − 1), and the x-only parts of ∂/∂r, ∂/∂a, ∂/∂b.
        let per_x: Vec<[f64; 5]> = self
            .xs
            .iter()
            .map(|&x| {
                let psi_abx = digamma(a + b + x);
                [
                    base + ln_gamma(r + x) + ln_gamma(b + x) - ln_gamma(a + b + x),
                    if x > 0.0 { (b + x - 1.0).ln() } else { 0.0 },
                    digamma(r + x) - psi_r + alpha.ln(),
                    psi_ab - psi_abx,
                    psi_ab - psi_b + digamma(b + x) - psi_abx,
                ]
            })
            .collect();
        let per_t: Vec<(f64, f64)> = self.ts.iter().map(|&t| ((alpha + t).ln(), 1.0 / (alpha + t))).collect();
        let per_tx: Vec<(f64, f64)> = self.txs.iter().map(|&t| ((alpha + t).ln(), 1.0 / (alpha + t))).collect();
        let ln_a = a.ln();
        let (mut total, mut gr, mut galpha, mut ga, mut gb) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for &(xi, ti, txi, w) in &self.rows {
            let x = self.xs[xi as usize];
            let px = &per_x[xi as usize];
            let (ln_t, inv_t) = per_t[ti as usize];
            let a3 = -(r + x) * ln_t;
            let (ll, p4, ln_tx, inv_tx) = if x > 0.0 {
                let (ln_tx, inv_tx) = per_tx[txi as usize];
                let a4 = ln_a - px[1] - (r + x) * ln_tx;
                let (hi, lo) = if a3 > a4 { (a3, a4) } else { (a4, a3) };
                let e = (lo - hi).exp();
                let p4 = if a3 > a4 { e / (1.0 + e) } else { 1.0 / (1.0 + e) };
                (hi + e.ln_1p(), p4, ln_tx, inv_tx)
            } else {
                (a3, 0.0, 0.0, 0.0)
            };
            let p3 = 1.0 - p4;
            total += w * (px[0] + ll);
            gr += w * (px[2] - p3 * ln_t - p4 * ln_tx);
            galpha += w * (r / alpha - (r + x) * (p3 * inv_t + p4 * inv_tx));
            if x > 0.0 {
                ga += w * (px[3] + p4 / a);
                gb += w * (px[4] - p4 / (b + x - 1.0));
            }
        }
        *gradient = [gr, galpha, ga, gb];
        total
    }
}

/// [`bgnbd_objective`] and its gradient over the log-parameters θ = ln(r, α, a, b).
fn bgnbd_objective_gradient(data: &BgNbdData, penalizer: f64, theta: &[f64], gradient: &mut [f64]) -> f64 {
    let p = BgNbd { r: theta[0].exp(), alpha: theta[1].exp(), a: theta[2].exp(), b: theta[3].exp(), log_likelihood: 0.0 };
    let mut g = [0.0; 4];
    let ll = data.log_likelihood_gradient(&p, &mut g);
    for (k, value) in [p.r, p.alpha, p.a, p.b].into_iter().enumerate() {
        gradient[k] = -value * g[k] / data.n + 2.0 * penalizer * value * value;
    }
    -ll / data.n + penalizer * theta.iter().map(|v| v.exp().powi(2)).sum::<f64>()
}

/// Mean negative log-likelihood plus lifetimes' L2 penalty, over log-parameters (for Nelder–Mead:
/// `f64::MAX` where it is not finite).
fn bgnbd_objective(data: &BgNbdData, penalizer: f64, theta: &[f64]) -> f64 {
    let value = bgnbd_objective_gradient(data, penalizer, theta, &mut [0.0; 4]);
    if value.is_finite() {
        value
    } else {
        f64::MAX
    }
}

/// Fit BG/NBD to (x, t_x, T) rows over the log-parameters: above 20,000 customers Nelder–Mead on
/// a systematic sample of 10,000 first (cheap, lands near the optimum), then BFGS on all of them
/// (Nelder–Mead if BFGS fails).
pub fn fit_bgnbd(rows: &[(f64, f64, f64)], penalizer: f64) -> Result<(BgNbd, bool, usize)> {
    let full = BgNbdData::new(rows);
    let mut start = vec![0.0; 4];
    let mut evaluations = 0;
    let mut step = 0.5;
    if rows.len() > 20_000 {
        let stride = rows.len() / 10_000;
        let sample: Vec<(f64, f64, f64)> = rows.iter().step_by(stride).copied().collect();
        let data = BgNbdData::new(&sample);
        let m = nelder_mead_with_step(&|t: &[f64]| bgnbd_objective(&data, penalizer, t), &start, 20_000, 0.5, 1e-4);
        start = m.x;
        evaluations += m.evaluations;
        step = 0.05; // the full-data optimum is near the sample's
    }
    // From there, BFGS on the analytic gradient (a few dozen evaluations) to a gradient of 1e-9
    // per log-parameter — far below any digit reported; Nelder–Mead to 1e-7 if it fails.
    let bfgs = bfgs(&|t: &[f64], g: &mut [f64]| bgnbd_objective_gradient(&full, penalizer, t, g), &start, 200, 1e-9);
    let m = match bfgs {
        Some(m) if m.converged => m,
        other => {
            evaluations += other.map_or(0, |m| m.evaluations);
            nelder_mead_with_step(&|t: &[f64]| bgnbd_objective(&full, penalizer, t), &start, 20_000, step, 1e-7)
        }
    };
    evaluations += m.evaluations;
    let mut p = BgNbd { r: m.x[0].exp(), alpha: m.x[1].exp(), a: m.x[2].exp(), b: m.x[3].exp(), log_likelihood: 0.0 };
    p.log_likelihood = full.log_likelihood(&p);
    Ok((p, m.converged, evaluations))
}

pub fn p_alive(p: &BgNbd, x: f64, t_x: f64, t: f64) -> f64 {
    if x == 0.0 {
        return 1.0;
    }
    1.0 / (1.0 + p.a / (p.b + x - 1.0) * ((p.alpha + t) / (p.alpha + t_x)).powf(p.r + x))
}

/// E[number of purchases in (T, T + horizon] | x, t_x, T] (FHL 2005 eq. 10).
pub fn expected_purchases(p: &BgNbd, horizon: f64, x: f64, t_x: f64, t: f64) -> f64 {
    if horizon <= 0.0 {
        return 0.0;
    }
    let (head, denominator) = expectation_factors(p, x, t_x, t);
    head * expectation_bracket(p, horizon, x, t) / denominator
}

/// The part of [`expected_purchases`] that does not depend on t_x (and holds the ₂F₁): the same
/// for every customer with the same x and T, so computed once per (x, T).
fn expectation_bracket(p: &BgNbd, horizon: f64, x: f64, t: f64) -> f64 {
    let (r, alpha, a, b) = (p.r, p.alpha, p.a, p.b);
    let z = horizon / (alpha + t + horizon);
    1.0 - ((alpha + t) / (alpha + t + horizon)).powf(r + x) * hyp2f1(r + x, b + x, a + b + x - 1.0, z)
}

/// The rest of [`expected_purchases`]: (a + b + x − 1)/(a − 1) and the P(alive) denominator.
fn expectation_factors(p: &BgNbd, x: f64, t_x: f64, t: f64) -> (f64, f64) {
    let (r, alpha, a, b) = (p.r, p.alpha, p.a, p.b);
    let head = (a + b + x - 1.0) / (a - 1.0);
    let denominator = 1.0 + if x > 0.0 { a / (b + x - 1.0) * ((alpha + t) / (alpha + t_x)).powf(r + x) } else { 0.0 };
    (head, denominator)
}

/// P(no purchase in the next `horizon`).
pub fn p_no_purchase(p: &BgNbd, horizon: f64, x: f64, t_x: f64, t: f64) -> f64 {
    let alive = p_alive(p, x, t_x, t);
    1.0 - alive + alive * ((p.alpha + t) / (p.alpha + t + horizon)).powf(p.r + x)
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GammaGamma {
    pub p: f64,
    pub q: f64,
    pub v: f64,
    pub log_likelihood: f64,
}

/// Fit Gamma-Gamma to (x, m̄) of repeat customers (Γ terms cached per distinct x).
pub fn fit_gamma_gamma(rows: &[(f64, f64)], penalizer: f64) -> (GammaGamma, bool) {
    let n = rows.len() as f64;
    let xs = distinct(rows.iter().map(|r| r.0).collect());
    let prepared: Vec<(u32, f64, f64, f64)> = rows.iter().map(|&(x, m)| (index_of(&xs, x), x, m, m.ln())).collect();
    // The log-likelihood and its gradient over (p, q, v): per row, x·[ψ(px + q) − ψ(px) + ln x +
    // ln m − ln(xm + v)], ψ(px + q) − ψ(q) + ln v − ln(xm + v), and q/v − (px + q)/(xm + v).
    let ll_gradient = |p: f64, q: f64, v: f64, gradient: &mut [f64; 3]| -> f64 {
        let per_x: Vec<(f64, f64, f64)> = xs.iter().map(|&x| (ln_gamma(p * x + q) - ln_gamma(p * x) + p * x * x.ln(), digamma(p * x + q), digamma(p * x) - x.ln())).collect();
        let (psi_q, ln_v) = (digamma(q), v.ln());
        let constant = -ln_gamma(q) + q * ln_v;
        let (mut ll, mut gp, mut gq, mut gv) = (0.0, 0.0, 0.0, 0.0);
        for &(xi, x, m, ln_m) in &prepared {
            let (lg, psi_pxq, psi_px_minus_ln_x) = per_x[xi as usize];
            let denominator = x * m + v;
            let ln_d = denominator.ln();
            ll += lg + constant + (p * x - 1.0) * ln_m - (p * x + q) * ln_d;
            gp += x * (psi_pxq - psi_px_minus_ln_x + ln_m - ln_d);
            gq += psi_pxq - psi_q + ln_v - ln_d;
            gv += q / v - (p * x + q) / denominator;
        }
        *gradient = [gp, gq, gv];
        ll
    };
    // Mean negative log-likelihood plus the L2 penalty, and its gradient, over θ = ln(p, q, v).
    let objective_gradient = |theta: &[f64], gradient: &mut [f64]| -> f64 {
        let (p, q, v) = (theta[0].exp(), theta[1].exp(), theta[2].exp());
        let mut g = [0.0; 3];
        let ll = ll_gradient(p, q, v, &mut g);
        for (k, value) in [p, q, v].into_iter().enumerate() {
            gradient[k] = -value * g[k] / n + 2.0 * penalizer * value * value;
        }
        -ll / n + penalizer * theta.iter().map(|t| t.exp().powi(2)).sum::<f64>()
    };
    let objective = |theta: &[f64]| -> f64 {
        let value = objective_gradient(theta, &mut [0.0; 3]);
        if value.is_finite() {
            value
        } else {
            f64::MAX
        }
    };
    // Start from a fit on a systematic sample of ≤ 5,000 customers when there are many.
    let mut start = vec![0.0; 3];
    let mut step = 0.5;
    if rows.len() > 10_000 {
        let sample: Vec<(f64, f64)> = rows.iter().step_by(rows.len() / 5_000).copied().collect();
        let (g, _) = fit_gamma_gamma(&sample, penalizer);
        start = vec![g.p.ln(), g.q.ln(), g.v.ln()];
        step = 0.05;
    }
    // BFGS on the analytic gradient; Nelder–Mead if it fails.
    let m = match bfgs(&objective_gradient, &start, 200, 1e-9) {
        Some(m) if m.converged => m,
        _ => nelder_mead_with_step(&objective, &start, 20_000, step, 1e-7),
    };
    let mut g = GammaGamma { p: m.x[0].exp(), q: m.x[1].exp(), v: m.x[2].exp(), log_likelihood: 0.0 };
    g.log_likelihood = ll_gradient(g.p, g.q, g.v, &mut [0.0; 3]);
    (g, m.converged)
}

pub fn expected_average_value(g: &GammaGamma, x: f64, m: f64) -> f64 {
    g.p * (g.v + x * m) / (g.p * x + g.q - 1.0)
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RiskBand {
    pub band: &'static str,
    pub customers: u64,
    /// Sum of the band's predicted CLV.
    pub clv: f64,
    /// Revenue of the band's customers up to calibrationEnd.
    pub past_revenue: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HoldoutRow {
    /// Calibration frequency (repeat purchases) 0 … 6, and "7+".
    pub frequency: String,
    pub customers: u64,
    pub predicted: f64,
    pub actual: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClvResult {
    pub unit: &'static str,
    pub calibration_end: String,
    pub observation_end: Option<String>,
    pub customers: u64,
    pub repeat_customers: u64,
    pub bgnbd: BgNbd,
    pub gamma_gamma: GammaGamma,
    pub evaluations: u64,
    pub horizon_days: u32,
    pub discount_rate: f64,
    pub risk_bands: Vec<RiskBand>,
    /// P(alive) bands: `active` (≥ the upper cut-off), `at_risk`, `lapsed` (below the lower one).
    pub alive_bands: Vec<RiskBand>,
    pub predict_days: u32,
    /// Predicted vs actual holdout purchases per calibration frequency (with observationEnd).
    pub holdout: Vec<HoldoutRow>,
    /// Mean absolute error of predicted holdout purchases per customer (with observationEnd).
    pub holdout_mae: Option<f64>,
    /// With `holdoutDays`: the model refitted with the last days held out, predicted vs actual.
    pub holdout_check: Option<HoldoutCheck>,
    pub warnings: Vec<Warning>,
    /// Rows of a summary CSV that could not be used (`Clv.fromSummary`), with their lines.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rejected: Vec<crate::report::Rejection>,
    // Per customer (customer index), NaN for customers with no purchase up to calibrationEnd.
    #[serde(skip)]
    pub frequency: Vec<f64>,
    #[serde(skip)]
    pub recency: Vec<f64>,
    #[serde(skip)]
    pub t: Vec<f64>,
    #[serde(skip)]
    pub monetary: Vec<f64>,
    #[serde(skip)]
    pub p_alive: Vec<f64>,
    #[serde(skip)]
    pub expected_purchases: Vec<f64>,
    #[serde(skip)]
    pub expected_value: Vec<f64>,
    #[serde(skip)]
    pub clv: Vec<f64>,
    #[serde(skip)]
    pub churn_risk: Vec<f64>,
    /// Per customer: the index in `risk_bands` / `alive_bands` ([`NO_BAND`] without a purchase up
    /// to calibrationEnd), so a band's list (`members`) is exactly the customers it counts.
    #[serde(skip)]
    pub risk_band: Vec<u8>,
    #[serde(skip)]
    pub alive_band: Vec<u8>,
}

/// `risk_band` / `alive_band` of a customer in no band.
pub const NO_BAND: u8 = u8::MAX;

impl crate::report::Columns for ClvResult {
    fn columns(&self) -> Vec<(&'static str, crate::report::Column<'_>)> {
        use crate::report::Column::F64;
        vec![
            ("frequency", F64(&self.frequency)),
            ("recency", F64(&self.recency)),
            ("T", F64(&self.t)),
            ("monetaryValue", F64(&self.monetary)),
            ("pAlive", F64(&self.p_alive)),
            ("expectedPurchases", F64(&self.expected_purchases)),
            ("expectedOrderValue", F64(&self.expected_value)),
            ("clv", F64(&self.clv)),
            ("churnRisk", F64(&self.churn_risk)),
        ]
    }
}

/// The model check of `holdoutDays`: calibration up to `calibrationEnd`, actual purchases in
/// (calibrationEnd, observationEnd], as lifetimes' calibration/holdout plot.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HoldoutCheck {
    pub days: u32,
    /// Days from the first order to the end of the data.
    pub history_days: i64,
    /// Days of history the check needs (3 × `days`).
    pub needed_days: i64,
    pub calibration_end: Option<String>,
    pub observation_end: Option<String>,
    /// Predicted vs actual holdout purchases per calibration frequency (empty when skipped).
    pub holdout: Vec<HoldoutRow>,
    pub holdout_mae: Option<f64>,
    /// Why the check was not run: `short_history` (less than 3 × `days` of history) or the
    /// error code of the refit (e.g. `INSUFFICIENT_DATA`); null when it ran.
    pub skipped: Option<&'static str>,
    /// The refit's error message, when it failed.
    pub message: Option<String>,
}

/// Fit on the orders up to `calibrationEnd` and predict (see the module docs).
pub fn clv(ds: &Dataset, params: &ClvParams) -> Result<ClvResult> {
    let last = ds.last_date()?;
    let first = ds.first_date()?;
    let calibration_end = params.calibration_end.unwrap_or(last);
    if let Some(end) = params.observation_end {
        if end <= calibration_end {
            return Err(Error::InvalidOption { option: "observationEnd".into(), message: format!("must be after calibrationEnd ({})", format_date(calibration_end)) });
        }
    }
    let mut result = clv_at(ds, params, first, calibration_end, params.observation_end)?;
    if let Some(days) = params.holdout_days {
        result.holdout_check = Some(holdout_check(ds, params, first, calibration_end, days));
    }
    Ok(result)
}

fn clv_at(ds: &Dataset, params: &ClvParams, first: i32, calibration_end: i32, observation_end: Option<i32>) -> Result<ClvResult> {
    let unit_days = params.unit.days();
    let s = summary(ds, unit_days, calibration_end, observation_end);
    let past: Vec<f64> = (0..ds.customers())
        .map(|c| ds.customer_orders(c).filter(|&o| ds.order_date[o] <= calibration_end).map(|o| ds.order_amount[o]).sum())
        .collect();
    let context = FitContext {
        calibration_end: format_date(calibration_end),
        observation_end: observation_end.map(format_date),
        holdout_length: observation_end.map(|end| (end - calibration_end) as f64 / unit_days),
        history_days: (calibration_end - first) as f64,
    };
    fit_predict(&s.rows, Some(&past), &context, params)
}

fn holdout_check(ds: &Dataset, params: &ClvParams, first: i32, end: i32, days: u32) -> HoldoutCheck {
    let (history_days, needed_days) = ((end - first) as i64, 3 * days as i64);
    let mut check = HoldoutCheck { days, history_days, needed_days, calibration_end: None, observation_end: None, holdout: Vec::new(), holdout_mae: None, skipped: None, message: None };
    if history_days < needed_days {
        check.skipped = Some("short_history");
        check.message = Some(format!("{history_days} days of history; the check needs at least {needed_days} (3 × holdoutDays)"));
        return check;
    }
    let calibration_end = end - days as i32;
    check.calibration_end = Some(format_date(calibration_end));
    check.observation_end = Some(format_date(end));
    match clv_at(ds, params, first, calibration_end, Some(end)) {
        Ok(r) => {
            check.holdout = r.holdout;
            check.holdout_mae = r.holdout_mae;
        }
        Err(e) => {
            check.skipped = Some(e.code());
            check.message = Some(e.to_string());
        }
    }
    check
}

/// What `fit_predict` needs besides the summary rows.
pub struct FitContext {
    /// As reported (`YYYY-MM-DD`, or empty for a summary without a date).
    pub calibration_end: String,
    pub observation_end: Option<String>,
    /// Holdout length in units, when there is a holdout.
    pub holdout_length: Option<f64>,
    /// Days from the first purchase to the calibration end (for the data-sufficiency check).
    pub history_days: f64,
}

/// Fit both models to summary rows (index = customer) and predict for every row.
pub fn fit_predict(summary_rows: &[Option<Rfmt>], past_revenue: Option<&[f64]>, cx: &FitContext, params: &ClvParams) -> Result<ClvResult> {
    let (unit, unit_days, horizon_days, discount_rate, penalizer, holdout_length) =
        (params.unit.as_str(), params.unit.days(), params.horizon_days, params.discount_rate, params.penalizer, cx.holdout_length);
    let rows: Vec<(f64, f64, f64)> = summary_rows.iter().flatten().map(|r| (r.frequency, r.recency, r.t)).collect();
    let repeat: Vec<(f64, f64)> = summary_rows.iter().flatten().filter(|r| r.frequency > 0.0 && r.monetary > 0.0).map(|r| (r.frequency, r.monetary)).collect();
    let refuse = |message: String| Err(Error::InsufficientData { message });
    if repeat.len() < 2 {
        return refuse(format!("{} customers bought more than once before {}; the models need repeat buyers", repeat.len(), cx.calibration_end));
    }
    if !params.allow_small_data {
        if rows.len() < 500 {
            return refuse(format!("only {} customers; BG/NBD estimates are unstable below 500 (set allowSmallData: true to fit anyway)", rows.len()));
        }
        if cx.history_days < 180.0 {
            return refuse(format!(
                "only {} days of history before calibrationEnd; at least 180 are needed (set allowSmallData: true to fit anyway)",
                cx.history_days
            ));
        }
    }
    let (bg, bg_converged, bg_evaluations) = fit_bgnbd(&rows, penalizer)?;
    let (gg, gg_converged) = fit_gamma_gamma(&repeat, penalizer);
    let usable = |v: f64| v.is_finite() && v > 1e-8 && v < 1e8;
    if !bg_converged || ![bg.r, bg.alpha, bg.a, bg.b].iter().all(|&v| usable(v)) {
        return Err(Error::NotConverged {
            model: "BG/NBD",
            message: format!("r = {:.4}, α = {:.4}, a = {:.4}, b = {:.4}; try a longer calibration period or penalizer: 0.001", bg.r, bg.alpha, bg.a, bg.b),
        });
    }
    if !gg_converged || ![gg.p, gg.q, gg.v].iter().all(|&v| usable(v)) || gg.q <= 1.0 {
        return Err(Error::NotConverged {
            model: "Gamma-Gamma",
            message: format!("no usable values (p = {:.4}, q = {:.4}, v = {:.4}); try penalizer: 0.001", gg.p, gg.q, gg.v),
        });
    }

    let predict_days = params.predict_days;
    let [lapsed_below, active_from] = params.alive_thresholds;
    let mut warnings = Vec::new();
    let (mx, mm) = (repeat.iter().map(|r| r.0).sum::<f64>() / repeat.len() as f64, repeat.iter().map(|r| r.1).sum::<f64>() / repeat.len() as f64);
    let cov: f64 = repeat.iter().map(|r| (r.0 - mx) * (r.1 - mm)).sum();
    let sx = repeat.iter().map(|r| (r.0 - mx).powi(2)).sum::<f64>().sqrt();
    let sm = repeat.iter().map(|r| (r.1 - mm).powi(2)).sum::<f64>().sqrt();
    let rho = if sx > 0.0 && sm > 0.0 { cov / (sx * sm) } else { 0.0 };
    if rho.abs() > 0.3 {
        warnings.push(Warning {
            code: "frequency_monetary_correlated",
            message: format!("frequency and monetary value correlate (ρ = {rho:.2}); Gamma-Gamma assumes they are independent"),
            line: None,
        });
    }

    let n = summary_rows.len();
    let nan = || vec![f64::NAN; n];
    let mut out = ClvResult {
        unit,
        calibration_end: cx.calibration_end.clone(),
        observation_end: cx.observation_end.clone(),
        customers: rows.len() as u64,
        repeat_customers: repeat.len() as u64,
        bgnbd: bg,
        gamma_gamma: gg,
        evaluations: bg_evaluations as u64,
        horizon_days,
        discount_rate,
        risk_bands: Vec::new(),
        alive_bands: Vec::new(),
        predict_days,
        holdout: Vec::new(),
        holdout_mae: None,
        holdout_check: None,
        warnings,
        rejected: Vec::new(),
        frequency: nan(),
        recency: nan(),
        t: nan(),
        monetary: nan(),
        p_alive: nan(),
        expected_purchases: nan(),
        expected_value: nan(),
        clv: nan(),
        churn_risk: nan(),
        risk_band: vec![NO_BAND; n],
        alive_band: vec![NO_BAND; n],
    };
    let months = (horizon_days as f64 / 30.0).round().max(1.0) as usize;
    let month = 30.0 / unit_days;
    let h90 = 90.0 / unit_days;
    let h_predict = predict_days as f64 / unit_days;
    let mut alive_bands = [("active", 0u64, 0.0, 0.0), ("at_risk", 0, 0.0, 0.0), ("lapsed", 0, 0.0, 0.0)];
    let mut bands = [("low", 0u64, 0.0, 0.0), ("medium", 0, 0.0, 0.0), ("high", 0, 0.0, 0.0)];
    let mut holdout: Vec<(u64, f64, f64)> = vec![(0, 0.0, 0.0); 8];
    let mut abs_error = 0.0;
    // The BG/NBD quantities depend only on (x, t_x, T), which repeat a lot (one-time buyers differ
    // only by T): compute them once per distinct triple.
    struct Predicted {
        alive: f64,
        e90: f64,
        monthly: Vec<f64>,
        risk: f64,
        holdout: f64,
    }
    let mut memo: crate::hash::FxHashMap<(u64, u64, u64), Predicted> = Default::default();
    // The ₂F₁ brackets depend on (x, T) only: [monthly horizons …, predictDays, holdout].
    let mut brackets: crate::hash::FxHashMap<(u64, u64), Vec<f64>> = Default::default();
    let horizons: Vec<f64> = (1..=months).map(|i| month * i as f64).chain([h_predict, holdout_length.unwrap_or(0.0)]).collect();
    for c in 0..n {
        let Some(r) = summary_rows[c] else { continue };
        let (x, tx, t) = (r.frequency, r.recency, r.t);
        let key = (x.to_bits(), tx.to_bits(), t.to_bits());
        let pred = memo.entry(key).or_insert_with(|| {
            let bracket = brackets.entry((key.0, key.2)).or_insert_with(|| horizons.iter().map(|&h| if h > 0.0 { expectation_bracket(&bg, h, x, t) } else { 0.0 }).collect());
            let (head, denominator) = expectation_factors(&bg, x, tx, t);
            // As expected_purchases(): 0 for a horizon ≤ 0, else head · bracket / denominator.
            let expected = |k: usize| if horizons[k] > 0.0 { head * bracket[k] / denominator } else { 0.0 };
            Predicted {
                alive: p_alive(&bg, x, tx, t),
                e90: expected(months),
                monthly: (0..months).map(expected).collect(),
                risk: p_no_purchase(&bg, h90, x, tx, t),
                holdout: if holdout_length.is_some() { expected(months + 1) } else { 0.0 },
            }
        });
        out.frequency[c] = x;
        out.recency[c] = tx;
        out.t[c] = t;
        out.monetary[c] = r.monetary;
        out.p_alive[c] = pred.alive;
        out.expected_purchases[c] = pred.e90;
        // One-time buyers have no spend history: the population mean p·v/(q−1).
        let value = if x > 0.0 && r.monetary > 0.0 { expected_average_value(&gg, x, r.monetary) } else { gg.p * gg.v / (gg.q - 1.0) };
        out.expected_value[c] = value;
        let mut total = 0.0;
        let mut previous = 0.0;
        for (i, &cumulative) in pred.monthly.iter().enumerate() {
            total += (cumulative - previous) * value / (1.0 + discount_rate).powi(i as i32 + 1);
            previous = cumulative;
        }
        out.clv[c] = total;
        let risk = pred.risk;
        out.churn_risk[c] = risk;
        let band = if risk < 1.0 / 3.0 { 0 } else if risk <= 2.0 / 3.0 { 1 } else { 2 };
        // Summary input has no orders: past revenue is the repeat purchases' (frequency × mean).
        let past = past_revenue.map_or(r.frequency * r.monetary, |p| p[c]);
        out.risk_band[c] = band as u8;
        bands[band].1 += 1;
        bands[band].2 += total;
        bands[band].3 += past;
        let alive_band = if pred.alive >= active_from { 0 } else if pred.alive >= lapsed_below { 1 } else { 2 };
        out.alive_band[c] = alive_band as u8;
        alive_bands[alive_band].1 += 1;
        alive_bands[alive_band].2 += total;
        alive_bands[alive_band].3 += past;
        if holdout_length.is_some() {
            let predicted = pred.holdout;
            let slot = (x as usize).min(7);
            holdout[slot].0 += 1;
            holdout[slot].1 += predicted;
            holdout[slot].2 += r.holdout;
            abs_error += (predicted - r.holdout).abs();
        }
    }
    out.risk_bands = bands.iter().map(|&(band, customers, clv, past)| RiskBand { band, customers, clv, past_revenue: past }).collect();
    out.alive_bands = alive_bands.iter().map(|&(band, customers, clv, past)| RiskBand { band, customers, clv, past_revenue: past }).collect();
    if holdout_length.is_some() {
        out.holdout = holdout
            .iter()
            .enumerate()
            .filter(|(_, h)| h.0 > 0)
            .map(|(i, h)| HoldoutRow {
                frequency: if i == 7 { "7+".into() } else { i.to_string() },
                customers: h.0,
                predicted: h.1 / h.0 as f64,
                actual: h.2 / h.0 as f64,
            })
            .collect();
        out.holdout_mae = Some(abs_error / rows.len() as f64);
    }
    Ok(out)
}

/// Fit and predict on a customer summary CSV (`customer_id, frequency, recency, T,
/// monetary_value`, as lifetimes and `sql/customer_summary.*.sql` produce it; see
/// [`summary_table`]). Returns the customer ids (index = position in the per-customer arrays)
/// with the result; unusable rows are in `result.rejected`.
pub fn clv_from_summary(bytes: &[u8], read: &crate::table::ReadOptions, params: &ClvParams) -> Result<(Vec<String>, ClvResult)> {
    let (ids, rows, rejected) = summary_table::read(bytes, read)?;
    let history = rows.iter().flatten().map(|r| r.t).fold(0.0, f64::max) * params.unit.days();
    let context = FitContext {
        calibration_end: params.calibration_end.map(format_date).unwrap_or_default(),
        observation_end: None,
        holdout_length: None,
        history_days: history,
    };
    let mut result = fit_predict(&rows, None, &context, params)?;
    result.rejected = rejected;
    Ok((ids, result))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The analytic gradient of the BG/NBD log-likelihood equals central differences of
    /// [`BgNbdData::log_likelihood`], at parameters on both sides of the usual range.
    #[test]
    fn bgnbd_gradient_matches_finite_differences() {
        let rows: Vec<(f64, f64, f64)> = (0..400)
            .map(|i| {
                let x = (i % 7) as f64;
                let t = 20.0 + (i % 53) as f64;
                let tx = if x > 0.0 { t * ((i % 11) as f64 + 1.0) / 12.0 } else { 0.0 };
                (x, tx, t)
            })
            .collect();
        let data = BgNbdData::new(&rows);
        for p in [[0.243, 4.414, 0.793, 2.426], [1.7, 0.3, 3.1, 0.6]] {
            let at = |q: [f64; 4]| data.log_likelihood(&BgNbd { r: q[0], alpha: q[1], a: q[2], b: q[3], log_likelihood: 0.0 });
            let mut g = [0.0; 4];
            let ll = data.log_likelihood_gradient(&BgNbd { r: p[0], alpha: p[1], a: p[2], b: p[3], log_likelihood: 0.0 }, &mut g);
            assert!((ll - at(p)).abs() < 1e-9 * ll.abs(), "{ll} vs {}", at(p));
            for k in 0..4 {
                let h = 1e-6 * p[k];
                let (mut up, mut down) = (p, p);
                up[k] += h;
                down[k] -= h;
                let numeric = (at(up) - at(down)) / (2.0 * h);
                assert!((g[k] - numeric).abs() < 1e-5 * (1.0 + numeric.abs()), "∂/∂p{k} at {p:?}: {} vs {numeric}", g[k]);
            }
        }
    }
}
