//! Statistics for campaign comparisons: A/B and holdout tests of rates (open, click, conversion)
//! and of revenue per recipient, stratified (Mantel–Haenszel) analysis of 2×2 tables, Holm's
//! multiple-comparison adjustment, and the normal and Student t distributions they need.
//!
//! Every number is defined to equal the reference implementation named on each item — statsmodels
//! 0.15 (`proportion_confint`, `proportions_ztest`, `confint_proportions_2indep`,
//! `StratifiedTable`, `multipletests`) and scipy 1.17 (`ttest_ind_from_stats`, `stats.t`,
//! `stats.norm`) — to about 1e-9 relative (1e-7 where a t quantile is found by iteration). Where
//! the reference has no estimator (the Mantel–Haenszel risk difference) the published formula is
//! cited. `tests/campaign_stats.rs` checks every function against numbers written by
//! `scripts/reference/campaign_stats.py`.
//!
//! Special functions, all plain `std`:
//! - Φ: W. J. Cody's rational Chebyshev approximations (Cody 1969, "Rational Chebyshev
//!   approximations for the error function", Math. Comp. 23; the ANORM routine of SPECFUN,
//!   ACM TOMS Algorithm 715, 1993), with Cody's split of exp(−x²/2) so tails keep full relative
//!   precision down to ~1e-300.
//! - Student t: the regularized incomplete beta function by its continued fraction (Numerical
//!   Recipes `betacf`, evaluated with the modified Lentz method), ln Γ by Lanczos (g = 7, nine
//!   coefficients) and, for large arguments, Stirling's series in a difference form so that
//!   ln B(ν/2, ½) keeps its precision for large ν; above ν = 1e5 Hill's (1970) normalizing
//!   expansion, where the continued fraction would lose digits. Quantiles by safeguarded Newton.
//!
//! No function panics: impossible or degenerate inputs give NaN (or the documented value).

use crate::math::ln_gamma;

/// Φ⁻¹(0.975), the two-sided 95 % normal critical value (scipy `norm.ppf(0.975)`; statsmodels'
/// `norm.isf(0.025)` is one ulp above it, a 1e-16 difference).
pub const Z95: f64 = 1.959_963_984_540_054;

/// 95 % Wilson score interval of `successes` in `trials`: statsmodels
/// `proportion_confint(k, n, alpha=0.05, method='wilson')`, i.e. the roots p of
/// (p̂ − p)² = z² p (1 − p) / n with z = [`Z95`], clipped to [0, 1] as statsmodels clips.
///
/// (NaN, NaN) when `trials == 0` or `successes > trials`. The lower limit is computed as
/// p̂² / ((1 + z²/n) · upper) (the product of the two roots) rather than centre − half-width, so
/// it has no cancellation: wilson(0, n).0 is exactly 0 and wilson(n, n).1 exactly 1, where
/// statsmodels' own formula leaves rounding residue of ~1e-17.
pub fn wilson(successes: u64, trials: u64) -> (f64, f64) {
    if trials == 0 || successes > trials {
        return (f64::NAN, f64::NAN);
    }
    // Work on the side with p̂ ≤ ½ so the cancellation-free lower root applies, then mirror.
    if 2 * (successes as u128) > trials as u128 {
        let (low, high) = wilson_low_side(trials - successes, trials);
        return (1.0 - high, 1.0 - low);
    }
    wilson_low_side(successes, trials)
}

fn wilson_low_side(k: u64, n: u64) -> (f64, f64) {
    let n = n as f64;
    let q = k as f64 / n;
    let crit2 = Z95 * Z95;
    let denom = 1.0 + crit2 / n;
    let center = (q + crit2 / (2.0 * n)) / denom;
    let dist = Z95 * (q * (1.0 - q) / n + crit2 / (4.0 * n * n)).sqrt() / denom;
    let high = center + dist;
    let low = q * q / (denom * high);
    (low.clamp(0.0, 1.0), high.clamp(0.0, 1.0))
}

/// Φ(x), the standard normal CDF (scipy `stats.norm.cdf`), by Cody's ANORM; relative error below
/// 1e-13 over the whole range including the lower tail (Φ(−37) ≈ 5.7e-300). NaN for NaN.
pub fn normal_cdf(x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    normal_both(x).0
}

/// 1 − Φ(x) (scipy `stats.norm.sf`), computed directly, not as 1 − Φ, so the upper tail keeps
/// its relative precision (sf(8) ≈ 6.2e-16, sf(37) ≈ 5.7e-300). NaN for NaN.
pub fn normal_sf(x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    normal_both(x).1
}

/// (Φ(x), 1 − Φ(x)), each with full relative precision: Cody's ANORM (SPECFUN), three rational
/// approximations on |x| ≤ 0.674…, ≤ √32 and beyond.
fn normal_both(x: f64) -> (f64, f64) {
    const A: [f64; 5] = [
        2.235_252_035_460_683_9,
        161.028_231_068_555_88,
        1_067.689_485_460_370_9,
        18_154.981_253_343_56,
        0.065_682_337_918_207_45,
    ];
    const B: [f64; 4] = [
        47.202_581_904_688_24,
        976.098_551_737_776_7,
        10_260.932_208_618_978,
        45_507.789_335_026_73,
    ];
    const C: [f64; 9] = [
        0.398_941_512_088_134_66,
        8.883_149_794_388_376,
        93.506_656_132_177_86,
        597.270_276_394_800_3,
        2_494.537_585_290_372_6,
        6_848.190_450_536_283,
        11_602.651_437_647_35,
        9_842.714_838_383_978,
        1.076_557_677_372_019_2e-8,
    ];
    const D: [f64; 8] = [
        22.266_688_044_328_117,
        235.387_901_782_625,
        1_519.377_599_407_554_8,
        6_485.558_298_266_761,
        18_615.571_640_885_098,
        34_900.952_721_145_98,
        38_912.003_286_093_27,
        19_685.429_676_859_99,
    ];
    const P: [f64; 6] = [
        0.215_898_534_057_957,
        0.127_401_161_160_247_36,
        0.022_235_277_870_649_807,
        0.001_421_619_193_227_893_5,
        2.911_287_495_116_879e-5,
        0.023_073_441_764_940_174,
    ];
    const Q: [f64; 5] = [
        1.284_260_096_144_911,
        0.468_238_212_480_865_1,
        0.065_988_137_868_928_55,
        0.003_782_396_332_027_582_4,
        7.297_515_550_839_662e-5,
    ];
    const ONE_OVER_SQRT_2PI: f64 = 0.398_942_280_401_432_7;
    let y = x.abs();
    if y <= 0.674_489_75 {
        // Central range: Φ(x) − ½ = x · R(x²), no exponential needed.
        let xsq = x * x;
        let mut num = A[4] * xsq;
        let mut den = xsq;
        for (a, b) in A[..3].iter().zip(&B[..3]) {
            num = (num + a) * xsq;
            den = (den + b) * xsq;
        }
        let temp = x * (num + A[3]) / (den + B[3]);
        return (0.5 + temp, 0.5 - temp);
    }
    let tail = if y <= 32f64.sqrt() {
        let mut num = C[8] * y;
        let mut den = y;
        for (c, d) in C[..7].iter().zip(&D[..7]) {
            num = (num + c) * y;
            den = (den + d) * y;
        }
        let temp = (num + C[7]) / (den + D[7]);
        split_exp(y) * temp
    } else if y < 40.0 {
        let xsq = 1.0 / (y * y);
        let mut num = P[5] * xsq;
        let mut den = xsq;
        for (p, q) in P[..4].iter().zip(&Q[..4]) {
            num = (num + p) * xsq;
            den = (den + q) * xsq;
        }
        let temp = xsq * (num + P[4]) / (den + Q[4]);
        split_exp(y) * ((ONE_OVER_SQRT_2PI - temp) / y)
    } else {
        // Beyond 40 the tail (< 1e-349) is below the smallest subnormal.
        0.0
    };
    let rest = 1.0 - tail;
    if x > 0.0 {
        (rest, tail)
    } else {
        (tail, rest)
    }
}

/// exp(−y²/2) without the relative error that rounding y² would put into a tail probability:
/// y = y₁ + (y − y₁) with y₁ = ⌊16 y⌋ / 16 exact, so y₁² is exact (Cody's device).
fn split_exp(y: f64) -> f64 {
    let y1 = (y * 16.0).trunc() / 16.0;
    let del = (y - y1) * (y + y1);
    (-y1 * y1 * 0.5).exp() * (-del * 0.5).exp()
}

/// P(T > t) for Student's t with `df` degrees of freedom, df > 0 real (Welch's df is fractional):
/// scipy `stats.t.sf(t, df)`. Computed as ½ I_x(ν/2, ½) with x = ν / (ν + t²) (the regularized
/// incomplete beta function, continued fraction, Numerical Recipes §6.4) for t > 0, and 1 minus
/// that for t < 0; for df > 1e5, where that continued fraction loses digits, by Hill's (1970)
/// normalizing expansion, exact there to ~1e-13. NaN for NaN input or df ≤ 0; df = ∞ gives the
/// normal tail; t = ±∞ gives 0 or 1.
pub fn student_t_sf(t: f64, df: f64) -> f64 {
    if t.is_nan() || df.is_nan() || df <= 0.0 {
        return f64::NAN;
    }
    if df == f64::INFINITY {
        return normal_sf(t);
    }
    let tail = student_t_tail(t.abs(), df);
    if t > 0.0 {
        tail
    } else {
        1.0 - tail
    }
}

/// P(T > t) for t ≥ 0, finite df > 0.
fn student_t_tail(t: f64, df: f64) -> f64 {
    if t == f64::INFINITY {
        return 0.0;
    }
    if df > HILL_DF {
        return hill_tail(t, df);
    }
    // x = ν/(ν+t²), y = 1 − x = t²/(ν+t²) and their logarithms, each formed directly from
    // r = t²/ν so that none loses digits to another's rounding, and t² may overflow.
    let r = t * t / df;
    if r == 0.0 {
        return 0.5;
    }
    let (x, y, ln_x, ln_y) = if r.is_finite() {
        let ln_y = if r > 1.0 {
            -(1.0 / r).ln_1p()
        } else {
            r.ln() - r.ln_1p()
        };
        (1.0 / (1.0 + r), r / (1.0 + r), -r.ln_1p(), ln_y)
    } else {
        let ln_x = -(2.0 * t.ln() - df.ln());
        let x = ln_x.exp();
        (x, 1.0, ln_x, -x)
    };
    0.5 * reg_inc_beta(df / 2.0, 0.5, [x, y], [ln_x, ln_y])
}

/// Above this df the continued fraction's leading terms cancel (its error grows like ε·ν/30:
/// ~1e-12 here, 1e-6 at ν = 1e11), so the tail comes from Hill's expansion instead.
const HILL_DF: f64 = 1e5;

/// ln(1 + t²/ν) for t ≥ 0, also when t² overflows.
fn ln1p_t2_over_df(t: f64, df: f64) -> f64 {
    let r = t * t / df;
    if r.is_finite() {
        r.ln_1p()
    } else {
        2.0 * t.ln() - df.ln()
    }
}

/// P(T > t) for large ν by Hill's normalizing expansion (G. W. Hill 1970, "Algorithm 395:
/// Student's t-distribution", CACM 13(10)): z = √y · (1 + (y + 3 + (−0.4y³ − 3.3y² − 24y − 85.5)
/// / (0.8y² + 100 + b)) / b), y = (ν − ½) ln(1 + t²/ν), b = 48 (ν − ½)², then 1 − Φ(z). Checked
/// against 50-digit incomplete beta values: relative error < 1e-13 for ν ≥ 1e5, t ≤ 37.
fn hill_tail(t: f64, df: f64) -> f64 {
    let a = df - 0.5;
    let b = 48.0 * a * a;
    let y = a * ln1p_t2_over_df(t, df);
    // The bracket is ≥ 1, so z ≥ √y and beyond y = 1600 (z > 40) the tail is below any double;
    // stopping here also keeps y³ from overflowing.
    if y > 1600.0 {
        return 0.0;
    }
    let poly = ((-0.4 * y - 3.3) * y - 24.0) * y - 85.5;
    let z = ((poly / (0.8 * y * y + 100.0 + b) + y + 3.0) / b + 1.0) * y.sqrt();
    normal_sf(z)
}

/// ln of the Student t density, the derivative for the quantile's Newton steps (in logs, since
/// far in a heavy tail the density itself underflows while the tail probability does not).
fn student_t_ln_pdf(t: f64, df: f64) -> f64 {
    -(df + 1.0) / 2.0 * ln1p_t2_over_df(t.abs(), df) - 0.5 * df.ln() - ln_beta(df / 2.0, 0.5)
}

/// Inverse of the Student t CDF: the t with P(T ≤ t) = p (scipy `stats.t.ppf(p, df)`), for the
/// Welch interval. Solved on the smaller tail by Newton steps on ln P(T > t), kept inside a
/// bracket (bisection when a step leaves it), so it converges for any df > 0 and any p; ±∞ where
/// the quantile exceeds the largest double (df = 0.05 at p = 1e-30). NaN for NaN input, df ≤ 0 or
/// p outside [0, 1]; −∞ at p = 0 and +∞ at p = 1.
pub fn student_t_quantile(p: f64, df: f64) -> f64 {
    if p.is_nan() || df.is_nan() || df <= 0.0 || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if p == 0.0 {
        return f64::NEG_INFINITY;
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    if p == 0.5 {
        return 0.0;
    }
    // 1 − p is exact for p in [½, 1] (Sterbenz), so the upper-tail target carries no error.
    let (q, sign) = if p > 0.5 { (1.0 - p, 1.0) } else { (p, -1.0) };
    sign * upper_tail_quantile(q, df)
}

/// The t > 0 with P(T > t) = q, for 0 < q < ½. Newton steps are taken in u = ln t on ln P(T > t):
/// for heavy tails (small df) ln P is nearly linear in ln t, so a step lands close even when the
/// start is off by orders of magnitude.
fn upper_tail_quantile(q: f64, df: f64) -> f64 {
    if df == f64::INFINITY {
        return upper_normal_quantile(q);
    }
    let mut t = quantile_start(q, df);
    if !(t.is_finite() && t > 0.0) {
        t = 1.0;
    }
    let mut lo = 0.0_f64;
    let mut hi = f64::INFINITY;
    for _ in 0..500 {
        if t == f64::INFINITY {
            return t;
        }
        let sf = student_t_tail(t, df);
        if sf > q {
            lo = t;
        } else if sf < q {
            hi = t;
        } else {
            return t;
        }
        let mut next = if sf > 0.0 {
            // ln(sf/q) from the relative gap: ln sf − ln q would round to 0 near 1e-300.
            let gap = ((sf - q) / q).ln_1p();
            let du = gap * (sf.ln() - student_t_ln_pdf(t, df) - t.ln()).exp();
            t * du.exp()
        } else {
            f64::NAN
        };
        if (next - t).abs() <= 4.0 * f64::EPSILON * t {
            return next;
        }
        if !(next > lo && next < hi) {
            next = if hi == f64::INFINITY {
                t * 1e10
            } else if lo > 0.0 && hi / lo > 4.0 {
                (lo * hi).sqrt()
            } else {
                0.5 * (lo + hi)
            };
        }
        if next == lo || next == hi {
            return next;
        }
        t = next;
    }
    t
}

/// A start for the t quantile: Cornish–Fisher from the normal quantile for larger df, the exact
/// df = 1 and df = 2 quantiles below (heavy tails make the expansion useless there).
fn quantile_start(q: f64, df: f64) -> f64 {
    use std::f64::consts::PI;
    if df < 1.5 {
        return 1.0 / (PI * q).tan();
    }
    if df < 3.0 {
        return (1.0 - 2.0 * q) / (2.0 * q * (1.0 - q)).sqrt();
    }
    let z = upper_normal_quantile(q);
    let z3 = z * z * z;
    z + (z3 + z) / (4.0 * df) + (5.0 * z3 * z * z + 16.0 * z3 + 3.0 * z) / (96.0 * df * df)
}

/// Upper normal quantile z with 1 − Φ(z) = q (0 < q < ½): Abramowitz & Stegun 26.2.23 as a start,
/// polished by Newton steps on [`normal_sf`].
fn upper_normal_quantile(q: f64) -> f64 {
    let s = (-2.0 * q.ln()).sqrt();
    let mut z = s
        - (2.515_517 + 0.802_853 * s + 0.010_328 * s * s)
            / (1.0 + 1.432_788 * s + 0.189_269 * s * s + 0.001_308 * s * s * s);
    for _ in 0..8 {
        let sf = normal_sf(z);
        let pdf = (-0.5 * z * z).exp() * 0.398_942_280_401_432_7;
        if !(sf > 0.0 && pdf > 0.0) {
            break;
        }
        let step = ((sf - q) / q).ln_1p() * sf / pdf;
        z += step;
        if step.abs() <= 4.0 * f64::EPSILON * z.abs() {
            break;
        }
    }
    z
}

/// ln Γ(x) − [(x − ½) ln x − x + ½ ln 2π], Stirling's series, for x ≥ 10 (error < 1e-16).
fn stirling_correction(x: f64) -> f64 {
    const C: [f64; 7] = [
        1.0 / 12.0,
        -1.0 / 360.0,
        1.0 / 1260.0,
        -1.0 / 1680.0,
        1.0 / 1188.0,
        -691.0 / 360_360.0,
        1.0 / 156.0,
    ];
    let x2 = 1.0 / (x * x);
    let mut sum = 0.0;
    for c in C.iter().rev() {
        sum = sum * x2 + c;
    }
    sum / x
}

/// ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). With a large argument the three ln Γ are huge
/// and nearly cancel, so there the difference is taken analytically from Stirling's series.
fn ln_beta(a: f64, b: f64) -> f64 {
    const HALF_LN_2PI: f64 = 0.918_938_533_204_672_8;
    if a.is_nan() || b.is_nan() || a <= 0.0 || b <= 0.0 {
        return f64::NAN;
    }
    let (p, q) = if a < b { (a, b) } else { (b, a) };
    if q < 10.0 {
        return ln_gamma(p) + ln_gamma(q) - ln_gamma(p + q);
    }
    let s = p + q;
    let corr = stirling_correction(q) - stirling_correction(s);
    if p < 10.0 {
        // ln Γ(q + p) − ln Γ(q) = (q − ½) ln(1 + p/q) + p ln(q + p) − p + Δcorrection.
        let ratio = (q - 0.5) * (p / q).ln_1p() + p * s.ln() - p - corr;
        return ln_gamma(p) - ratio;
    }
    HALF_LN_2PI - 0.5 * q.ln()
        + (p - 0.5) * (p / s).ln()
        + q * (-p / s).ln_1p()
        + stirling_correction(p)
        + corr
}

/// The regularized incomplete beta function I_x(a, b) (Numerical Recipes `betai`: the continued
/// fraction where it converges fast, the symmetry I_x(a, b) = 1 − I_y(b, a) elsewhere). Takes
/// x and y = 1 − x and their logarithms from the caller, who can form each without cancellation
/// (x near 1, or x below the smallest double while ln x is still finite).
fn reg_inc_beta(a: f64, b: f64, [x, y]: [f64; 2], [ln_x, ln_y]: [f64; 2]) -> f64 {
    let front = (a * ln_x + b * ln_y - ln_beta(a, b)).exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_cf(a, b, x) / a
    } else {
        1.0 - front * beta_cf(b, a, y) / b
    }
}

/// The continued fraction of I_x(a, b) (Numerical Recipes `betacf`), modified Lentz method.
/// Needs O(√max(a, b)) terms — a few hundred for df ≤ 1e5; the cap only bounds the work.
fn beta_cf(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    const EPS: f64 = 1e-16;
    let qab = a + b;
    let qap = a + 1.0;
    let qam = a - 1.0;
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..=100_000u32 {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() <= EPS {
            break;
        }
    }
    h
}

/// Arm vs baseline on a binary outcome (open, click, conversion).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TwoProportions {
    /// k1 / n1, the arm's rate.
    pub rate: f64,
    /// k0 / n0, the baseline's rate.
    pub baseline_rate: f64,
    /// rate − baseline_rate.
    pub diff: f64,
    /// diff / baseline_rate, the relative lift; NaN when baseline_rate == 0.
    pub lift: f64,
    /// Pooled two-proportion z: statsmodels `proportions_ztest([k1, k0], [n1, n0])`.
    pub z: f64,
    /// Two-sided p of `z`: 2 · (1 − Φ(|z|)).
    pub p_value: f64,
    /// Wald 95 % interval of diff: statsmodels `confint_proportions_2indep(method='wald')`.
    pub wald_low: f64,
    /// Upper end of the Wald interval.
    pub wald_high: f64,
    /// Newcombe's hybrid score 95 % interval of diff (`method='newcomb'`).
    pub newcombe_low: f64,
    /// Upper end of the Newcombe interval.
    pub newcombe_high: f64,
}

/// Compares k1 of n1 (the arm) with k0 of n0 (the baseline).
///
/// - `z`, `p_value`: statsmodels `proportions_ztest([k1, k0], [n1, n0])` (value 0, two-sided,
///   `prop_var=False`): z = (p̂₁ − p̂₀) / √(p̄ (1 − p̄) (1/n1 + 1/n0)) with the pooled
///   p̄ = (k1 + k0) / (n1 + n0). When p̄ is 0 or 1 (no successes, or all successes, in both arms)
///   z = 0/0 = NaN and so is p, as in statsmodels.
/// - `wald_*`: `confint_proportions_2indep(k1, n1, k0, n0, method='wald', compare='diff')`:
///   diff ± z₀.₉₇₅ √(p̂₁(1−p̂₁)/n1 + p̂₀(1−p̂₀)/n0), not clipped to [−1, 1] (statsmodels does not
///   clip); it collapses to a point when both rates are 0 or 1.
/// - `newcombe_*`: the same function with `method='newcomb'`: Newcombe (1998, Stat. Med. 17,
///   method 10) from the two [`wilson`] intervals (l₁, u₁), (l₀, u₀):
///   diff − √((p̂₁−l₁)² + (u₀−p̂₀)²), diff + √((u₁−p̂₁)² + (p̂₀−l₀)²).
/// - `lift` = diff / baseline_rate, NaN (not ±∞) when the baseline rate is 0.
///
/// Every field is NaN when n1 or n0 is 0 (except the rate of a non-empty arm), and all are NaN
/// when k > n in either arm.
pub fn two_proportions(k1: u64, n1: u64, k0: u64, n0: u64) -> TwoProportions {
    let nan = TwoProportions {
        rate: f64::NAN,
        baseline_rate: f64::NAN,
        diff: f64::NAN,
        lift: f64::NAN,
        z: f64::NAN,
        p_value: f64::NAN,
        wald_low: f64::NAN,
        wald_high: f64::NAN,
        newcombe_low: f64::NAN,
        newcombe_high: f64::NAN,
    };
    if k1 > n1 || k0 > n0 {
        return nan;
    }
    let rate_of = |k: u64, n: u64| {
        if n == 0 {
            f64::NAN
        } else {
            k as f64 / n as f64
        }
    };
    if n1 == 0 || n0 == 0 {
        return TwoProportions {
            rate: rate_of(k1, n1),
            baseline_rate: rate_of(k0, n0),
            ..nan
        };
    }
    let (fk1, fn1, fk0, fn0) = (k1 as f64, n1 as f64, k0 as f64, n0 as f64);
    let p1 = fk1 / fn1;
    let p0 = fk0 / fn0;
    let diff = p1 - p0;
    let lift = if p0 == 0.0 { f64::NAN } else { diff / p0 };

    let pooled = (fk1 + fk0) / (fn1 + fn0);
    let var = pooled * (1.0 - pooled) * (1.0 / fn1 + 1.0 / fn0);
    let z = diff / var.sqrt();
    let p_value = 2.0 * normal_sf(z.abs());

    let wald = Z95 * (p1 * (1.0 - p1) / fn1 + p0 * (1.0 - p0) / fn0).sqrt();

    let (l1, u1) = wilson(k1, n1);
    let (l0, u0) = wilson(k0, n0);
    let d_low = ((p1 - l1) * (p1 - l1) + (u0 - p0) * (u0 - p0)).sqrt();
    let d_high = ((p0 - l0) * (p0 - l0) + (u1 - p1) * (u1 - p1)).sqrt();

    TwoProportions {
        rate: p1,
        baseline_rate: p0,
        diff,
        lift,
        z,
        p_value,
        wald_low: diff - wald,
        wald_high: diff + wald,
        newcombe_low: diff - d_low,
        newcombe_high: diff + d_high,
    }
}

/// Running count, mean and sum of squared deviations (Welford 1962), for revenue per recipient:
/// one pass, no catastrophic cancellation.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Moments {
    /// Number of values added.
    pub n: u64,
    /// Mean of the values (0 while n == 0).
    pub mean: f64,
    /// Σ (x − mean)².
    pub m2: f64,
}

impl Moments {
    /// Adds one value (Welford's update).
    pub fn add(&mut self, x: f64) {
        // Saturating: the fields are public, and a count at u64::MAX must not panic.
        self.n = self.n.saturating_add(1);
        let delta = x - self.mean;
        self.mean += delta / self.n as f64;
        self.m2 += delta * (x - self.mean);
    }

    /// Sample variance m2 / (n − 1) (numpy `var(ddof=1)`); NaN for n < 2.
    pub fn variance(&self) -> f64 {
        if self.n < 2 {
            f64::NAN
        } else {
            self.m2 / (self.n - 1) as f64
        }
    }

    /// Folds `other` in, as if its values had been added here (Chan, Golub & LeVeque 1979,
    /// the pairwise combination), so per-shard moments can be computed in parallel.
    pub fn merge(&mut self, other: &Moments) {
        if other.n == 0 {
            return;
        }
        if self.n == 0 {
            *self = *other;
            return;
        }
        let n = self.n.saturating_add(other.n);
        let (na, nb, nf) = (self.n as f64, other.n as f64, n as f64);
        let delta = other.mean - self.mean;
        self.mean += delta * nb / nf;
        self.m2 += other.m2 + delta * delta * na * nb / nf;
        self.n = n;
    }
}

/// Welch's t-test of a continuous metric (revenue per recipient), arm vs baseline.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Welch {
    /// The arm's mean (NaN for an empty arm).
    pub mean: f64,
    /// The baseline's mean (NaN for an empty baseline).
    pub baseline_mean: f64,
    /// mean − baseline_mean.
    pub diff: f64,
    /// diff / se with se = √(s₁²/n₁ + s₀²/n₀).
    pub t: f64,
    /// Welch–Satterthwaite degrees of freedom (1 where undefined, as scipy sets it).
    pub df: f64,
    /// Two-sided p: 2 · P(T_df > |t|).
    pub p_value: f64,
    /// diff − t₀.₉₇₅,df · se.
    pub low: f64,
    /// diff + t₀.₉₇₅,df · se.
    pub high: f64,
}

/// Welch's unequal-variance t-test of arm vs baseline: scipy
/// `stats.ttest_ind_from_stats(m1, s1, n1, m0, s0, n0, equal_var=False)` with s the ddof = 1
/// standard deviations (equivalently `ttest_ind(arm, baseline, equal_var=False)` on the raw
/// values); df by Welch–Satterthwaite, (v₁/n₁ + v₀/n₀)² / ((v₁/n₁)²/(n₁−1) + (v₀/n₀)²/(n₀−1));
/// the 95 % interval diff ± t₀.₉₇₅,df · se as scipy's `TtestResult.confidence_interval()`.
///
/// Degenerate cases follow scipy: when the Satterthwaite df is undefined (0/0 with both
/// variances 0, or NaN because an arm has fewer than 2 values) scipy sets df = 1, and so does this; with both variances 0, t = ±∞ and p = 0 if
/// the means differ, t = p = NaN if they are equal, and the interval is the point [diff, diff].
/// An arm with fewer than 2 values makes t, p and the interval NaN.
pub fn welch(arm: &Moments, baseline: &Moments) -> Welch {
    let mean_of = |m: &Moments| if m.n == 0 { f64::NAN } else { m.mean };
    let (m1, m0) = (mean_of(arm), mean_of(baseline));
    let (n1, n0) = (arm.n as f64, baseline.n as f64);
    let vn1 = arm.variance() / n1;
    let vn0 = baseline.variance() / n0;
    let mut df = (vn1 + vn0) * (vn1 + vn0) / (vn1 * vn1 / (n1 - 1.0) + vn0 * vn0 / (n0 - 1.0));
    if df.is_nan() {
        df = 1.0;
    }
    let se = (vn1 + vn0).sqrt();
    let diff = m1 - m0;
    let t = diff / se;
    let p_value = 2.0 * student_t_sf(t.abs(), df);
    let crit = student_t_quantile(0.975, df);
    Welch {
        mean: m1,
        baseline_mean: m0,
        diff,
        t,
        df,
        p_value,
        low: diff - crit * se,
        high: diff + crit * se,
    }
}

/// One stratum's 2×2 table of counts: a = exposed with the outcome, b = exposed without,
/// c = reference with the outcome, d = reference without (statsmodels' [[a, b], [c, d]]).
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize)]
pub struct Stratum {
    /// Exposed, with the outcome.
    pub a: f64,
    /// Exposed, without the outcome.
    pub b: f64,
    /// Reference, with the outcome.
    pub c: f64,
    /// Reference, without the outcome.
    pub d: f64,
}

/// Mantel–Haenszel summary of a factor's effect over strata.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MantelHaenszel {
    /// Σ(ad/N) / Σ(bc/N): statsmodels `StratifiedTable.oddsratio_pooled`.
    pub odds_ratio: f64,
    /// Lower end of `oddsratio_pooled_confint()` (Robins–Breslow–Greenland variance).
    pub odds_ratio_low: f64,
    /// Upper end of that interval.
    pub odds_ratio_high: f64,
    /// Σ(a·n₀/N) / Σ(c·n₁/N): `StratifiedTable.riskratio_pooled`.
    pub risk_ratio: f64,
    /// Σ w (a/n₁ − c/n₀) / Σ w with w = n₁n₀/N.
    pub risk_difference: f64,
    /// Lower end of its 95 % interval (Greenland & Robins 1985 variance).
    pub risk_difference_low: f64,
    /// Upper end of that interval.
    pub risk_difference_high: f64,
    /// Cochran–Mantel–Haenszel χ² (1 df) without continuity correction:
    /// `StratifiedTable.test_null_odds(correction=False).statistic`.
    pub chi2: f64,
    /// Its p-value.
    pub p_value: f64,
    /// Tables that entered the sums: those with both row totals n₁ = a + b and n₀ = c + d > 0.
    pub strata: usize,
}

/// Mantel–Haenszel pooled estimates over 2×2 strata (statsmodels
/// `StratifiedTable(tables)`, tables [[a, b], [c, d]]), with n₁ = a + b, n₀ = c + d, N = n₁ + n₀:
///
/// - `odds_ratio` = Σ(ad/N) / Σ(bc/N) (`oddsratio_pooled`); its interval
///   exp(ln OR ± z₀.₉₇₅ · se) with the Robins, Breslow & Greenland (1986, Biometrics 42) variance
///   of ln OR (`oddsratio_pooled_confint()`, `logodds_pooled_se`).
/// - `risk_ratio` = Σ(a n₀/N) / Σ(c n₁/N) (`riskratio_pooled`).
/// - `risk_difference` = Σ w (a/n₁ − c/n₀) / Σ w with w = n₁n₀/N (not in statsmodels) and the
///   Greenland & Robins (1985, Biometrics 41) variance Σ (a b n₀³ + c d n₁³)/(n₁ n₀ N²) / (Σ w)²
///   (consistent for large strata; for a single stratum it is the Wald variance); interval
///   RD ± z₀.₉₇₅ · √var.
/// - `chi2` = (Σ[a − n₁(a+c)/N])² / Σ n₁n₀(a+c)(b+d)/(N²(N−1)) (`test_null_odds(correction=False)`),
///   `p_value` its upper χ²₁ tail, computed as 2(1 − Φ(√χ²)) (scipy `chi2.sf(χ², 1)`).
///   statsmodels computes 1 − chi2.cdf, which cancels (at p ≈ 5e-10 it is ~1e-7 off, relative;
///   below ~1e-16 it is 0); the two agree to ~1e-16 absolute.
///
/// Which tables count: a table with a row total of 0 has weight n₁n₀/N = 0 in every estimator
/// above and statsmodels adds exactly 0 for it — except when N = 0 (statsmodels' 0/0 makes every
/// result NaN) or N = 1 (its χ² variance term is 0/0, so χ² is NaN). Such tables carry no
/// information about the comparison, so they are left out here, and the results are
/// statsmodels' on the remaining tables; `strata` counts those. With none left (or no outcome
/// anywhere, where the χ² variance is 0) the estimates are NaN; an odds ratio of 0 or ∞ gives the
/// interval IEEE arithmetic gives, as in statsmodels. A cell that is negative or not finite makes
/// every result NaN and `strata` 0.
pub fn mantel_haenszel(strata: &[Stratum]) -> MantelHaenszel {
    let mut out = MantelHaenszel {
        odds_ratio: f64::NAN,
        odds_ratio_low: f64::NAN,
        odds_ratio_high: f64::NAN,
        risk_ratio: f64::NAN,
        risk_difference: f64::NAN,
        risk_difference_low: f64::NAN,
        risk_difference_high: f64::NAN,
        chi2: f64::NAN,
        p_value: f64::NAN,
        strata: 0,
    };
    let valid = |x: f64| x.is_finite() && x >= 0.0;
    if strata
        .iter()
        .any(|s| !(valid(s.a) && valid(s.b) && valid(s.c) && valid(s.d)))
    {
        return out;
    }
    let used: Vec<&Stratum> = strata
        .iter()
        .filter(|s| s.a + s.b > 0.0 && s.c + s.d > 0.0)
        .collect();
    out.strata = used.len();
    if used.is_empty() {
        return out;
    }

    // Sums named as in statsmodels' StratifiedTable, so the two can be read side by side.
    let (mut adns, mut bcns) = (0.0, 0.0);
    let (mut acd, mut cab) = (0.0, 0.0);
    let (mut lor_r, mut lor_mid, mut lor_s) = (0.0, 0.0, 0.0);
    let (mut w_sum, mut rd_num, mut rd_var) = (0.0, 0.0, 0.0);
    let (mut chi_num, mut chi_den) = (0.0, 0.0);
    for s in &used {
        let (a, b, c, d) = (s.a, s.b, s.c, s.d);
        let n1 = a + b;
        let n0 = c + d;
        let n = n1 + n0;
        let m1 = a + c;
        let m0 = b + d;
        let ad = a * d;
        let bc = b * c;
        let apd = a + d;
        adns += ad / n;
        bcns += bc / n;
        acd += a * n0 / n;
        cab += c * n1 / n;
        lor_r += apd * ad / (n * n);
        lor_mid += apd * bc / (n * n) + (1.0 - apd / n) * ad / n;
        lor_s += (1.0 - apd / n) * bc / n;
        let w = n1 * n0 / n;
        w_sum += w;
        rd_num += (a * n0 - c * n1) / n;
        rd_var += w * w * (a * b / (n1 * n1 * n1) + c * d / (n0 * n0 * n0));
        chi_num += a - n1 * m1 / n;
        chi_den += n1 * m1 * m0 * n0 / (n * n * (n - 1.0));
    }

    let odds_ratio = adns / bcns;
    let lor_var = (lor_r / (adns * adns) + lor_mid / (adns * bcns) + lor_s / (bcns * bcns)) / 2.0;
    let lor_se = lor_var.sqrt();
    let lor = odds_ratio.ln();
    out.odds_ratio = odds_ratio;
    out.odds_ratio_low = (lor - Z95 * lor_se).exp();
    out.odds_ratio_high = (lor + Z95 * lor_se).exp();
    out.risk_ratio = acd / cab;

    let rd = rd_num / w_sum;
    let rd_se = (rd_var / (w_sum * w_sum)).sqrt();
    out.risk_difference = rd;
    out.risk_difference_low = rd - Z95 * rd_se;
    out.risk_difference_high = rd + Z95 * rd_se;

    let chi2 = chi_num * chi_num / chi_den;
    out.chi2 = chi2;
    out.p_value = 2.0 * normal_sf(chi2.sqrt());
    out
}

/// Holm's step-down adjusted p-values, in the input order: statsmodels
/// `multipletests(p, method='holm')[1]`. Sorted ascending, p₍ᵢ₎ becomes
/// min(1, max_{j ≤ i} (m − j + 1) p₍ⱼ₎).
///
/// NaN inputs stay NaN and are not counted in m (statsmodels would count them, inflating every
/// other adjustment; the result here equals `multipletests` on the non-NaN values alone).
pub fn holm(p_values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..p_values.len())
        .filter(|&i| !p_values[i].is_nan())
        .collect();
    crate::sort::sort_by(&mut order, |&i, &j| p_values[i].total_cmp(&p_values[j]));
    let m = order.len();
    let mut out = vec![f64::NAN; p_values.len()];
    let mut running = f64::NEG_INFINITY;
    for (rank, &i) in order.iter().enumerate() {
        running = running.max(p_values[i] * (m - rank) as f64);
        out[i] = running.min(1.0);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_ends_are_exact() {
        for n in [1, 7, 10, 23, 500, 99_999] {
            assert_eq!(wilson(0, n).0, 0.0, "n = {n}");
            assert_eq!(wilson(n, n).1, 1.0, "n = {n}");
        }
        assert!(wilson(0, 0).0.is_nan() && wilson(0, 0).1.is_nan());
        assert!(wilson(3, 2).0.is_nan());
    }

    #[test]
    fn wilson_is_symmetric() {
        let (l, h) = wilson(7, 23);
        let (l2, h2) = wilson(16, 23);
        assert!((l - (1.0 - h2)).abs() < 1e-15 && (h - (1.0 - l2)).abs() < 1e-15);
    }

    #[test]
    fn two_proportions_swapping_arms_negates() {
        let ab = two_proportions(120, 1000, 95, 1000);
        let ba = two_proportions(95, 1000, 120, 1000);
        assert_eq!(ab.diff, -ba.diff);
        assert_eq!(ab.z, -ba.z);
        assert_eq!(ab.p_value, ba.p_value);
        assert!((ab.wald_low + ba.wald_high).abs() < 1e-15);
        assert!((ab.newcombe_low + ba.newcombe_high).abs() < 1e-15);
        assert!((ab.newcombe_high + ba.newcombe_low).abs() < 1e-15);
    }

    #[test]
    fn two_proportions_degenerate() {
        let r = two_proportions(0, 500, 0, 480);
        assert!(r.z.is_nan() && r.p_value.is_nan() && r.lift.is_nan());
        assert_eq!((r.wald_low, r.wald_high), (0.0, 0.0));
        let r = two_proportions(3, 40, 0, 0);
        assert_eq!(r.rate, 3.0 / 40.0);
        assert!(r.baseline_rate.is_nan() && r.z.is_nan() && r.newcombe_low.is_nan());
        assert!(two_proportions(5, 3, 1, 2).rate.is_nan());
    }

    #[test]
    fn holm_single_and_nan() {
        assert_eq!(holm(&[0.0314]), vec![0.0314]);
        assert!(holm(&[]).is_empty());
        let r = holm(&[0.01, f64::NAN, 0.04, 0.03]);
        assert!(r[1].is_nan());
        assert!((r[0] - 0.03).abs() < 1e-15 && (r[2] - 0.06).abs() < 1e-15);
        assert_eq!(r[2], r[3]);
        assert_eq!(holm(&[0.9, 0.8]), vec![1.0, 1.0]);
    }

    #[test]
    fn moments_merge_equals_sequential_adds() {
        let xs = [
            0.0, 0.0, 2980.0, 0.0, 1580.0, 0.0, 12_400.0, 0.0, 0.0, 4500.0, 0.0,
        ];
        let mut all = Moments::default();
        xs.iter().for_each(|&x| all.add(x));
        for split in 0..=xs.len() {
            let (mut left, mut right) = (Moments::default(), Moments::default());
            xs[..split].iter().for_each(|&x| left.add(x));
            xs[split..].iter().for_each(|&x| right.add(x));
            left.merge(&right);
            assert_eq!(left.n, all.n);
            assert!(
                (left.mean - all.mean).abs() <= 1e-12 * all.mean.abs(),
                "split {split}"
            );
            assert!((left.m2 - all.m2).abs() <= 1e-12 * all.m2, "split {split}");
        }
        assert!(Moments::default().variance().is_nan());
        let mut one = Moments::default();
        one.add(5.0);
        assert!(one.variance().is_nan());
    }

    #[test]
    fn welch_degenerate_follows_scipy() {
        let mut a = Moments::default();
        let mut b = Moments::default();
        for _ in 0..3 {
            a.add(2.0);
            b.add(1.0);
        }
        let w = welch(&a, &b);
        assert_eq!(
            (w.df, w.t, w.p_value, w.low, w.high),
            (1.0, f64::INFINITY, 0.0, 1.0, 1.0)
        );
        let w = welch(&Moments::default(), &b);
        assert!(w.mean.is_nan() && w.t.is_nan() && w.low.is_nan());
    }

    #[test]
    fn distributions_at_hand_checkable_points() {
        assert_eq!(normal_cdf(0.0), 0.5);
        assert_eq!(normal_sf(f64::INFINITY), 0.0);
        assert_eq!(normal_cdf(f64::NEG_INFINITY), 0.0);
        assert!(normal_cdf(f64::NAN).is_nan());
        // df = 1 is the Cauchy distribution: P(T > 1) = ¼.
        assert!((student_t_sf(1.0, 1.0) - 0.25).abs() < 1e-15);
        assert_eq!(student_t_sf(0.0, 7.3), 0.5);
        assert!(student_t_sf(1.0, 0.0).is_nan() && student_t_sf(1.0, -2.0).is_nan());
        assert!(student_t_sf(f64::NAN, 3.0).is_nan());
        assert!((student_t_quantile(0.75, 1.0) - 1.0).abs() < 1e-14);
        assert!(student_t_quantile(1.5, 3.0).is_nan());
        assert_eq!(student_t_quantile(1.0, 3.0), f64::INFINITY);
        assert!((student_t_quantile(0.975, f64::INFINITY) - Z95).abs() < 1e-14);
    }

    #[test]
    fn mantel_haenszel_skips_uninformative_tables() {
        let t = Stratum {
            a: 10.0,
            b: 90.0,
            c: 5.0,
            d: 95.0,
        };
        let alone = mantel_haenszel(&[t]);
        let padded = mantel_haenszel(&[
            t,
            Stratum::default(),
            Stratum {
                a: 3.0,
                b: 4.0,
                c: 0.0,
                d: 0.0,
            },
        ]);
        assert_eq!(alone, padded);
        assert_eq!(alone.strata, 1);
        let empty = mantel_haenszel(&[]);
        assert!(empty.odds_ratio.is_nan() && empty.strata == 0);
        let bad = mantel_haenszel(&[t, Stratum { a: -1.0, ..t }]);
        assert!(bad.odds_ratio.is_nan() && bad.strata == 0);
    }
}
