//! Small numerical tools for the CLV models: ln Γ (from `crate::math`), the Gauss hypergeometric series ₂F₁ for
//! |z| < 1, and a Nelder–Mead minimiser with restarts.

pub use crate::math::ln_gamma;

/// The digamma function ψ(x) = d/dx ln Γ(x) for x > 0: the recurrence ψ(x) = ψ(x + 1) − 1/x up to
/// x ≥ 10, then the asymptotic series ln x − 1/(2x) − Σ B₂ₖ/(2k x²ᵏ) (Abramowitz & Stegun 6.3.18),
/// to about 1e-14.
pub fn digamma(mut x: f64) -> f64 {
    let mut shift = 0.0;
    while x < 10.0 {
        shift -= 1.0 / x;
        x += 1.0;
    }
    let z = 1.0 / (x * x);
    let series = z * (1.0 / 12.0 - z * (1.0 / 120.0 - z * (1.0 / 252.0 - z * (1.0 / 240.0 - z * (1.0 / 132.0)))));
    shift + x.ln() - 0.5 / x - series
}

/// ₂F₁(a, b; c; z) by its power series (|z| < 1).
pub fn hyp2f1(a: f64, b: f64, c: f64, z: f64) -> f64 {
    let mut term = 1.0;
    let mut sum = 1.0;
    for n in 0..200_000 {
        let n = n as f64;
        term *= (a + n) * (b + n) / ((c + n) * (n + 1.0)) * z;
        sum += term;
        if term.abs() <= 1e-15 * sum.abs() {
            break;
        }
    }
    sum
}

/// Result of a minimisation.
pub struct Minimum {
    pub x: Vec<f64>,
    pub value: f64,
    pub converged: bool,
    pub evaluations: usize,
}

/// Nelder–Mead (reflection 1, expansion 2, contraction ½, shrink ½), restarted from the best point
/// until a restart no longer improves the value.
pub fn nelder_mead(f: &dyn Fn(&[f64]) -> f64, start: &[f64], max_evaluations: usize) -> Minimum {
    nelder_mead_with_step(f, start, max_evaluations, 0.5, 1e-9)
}

/// [`nelder_mead`] with the initial simplex edge `step` (smaller when `start` is already close).
/// `x_tolerance` is the simplex size at which a run stops.
pub fn nelder_mead_with_step(f: &dyn Fn(&[f64]) -> f64, start: &[f64], max_evaluations: usize, step: f64, x_tolerance: f64) -> Minimum {
    let n = start.len();
    let mut best = start.to_vec();
    let mut best_value = f(&best);
    let mut evaluations = 1;
    let mut converged = false;
    for _restart in 0..8 {
        let mut simplex: Vec<Vec<f64>> = vec![best.clone()];
        for i in 0..n {
            let mut v = best.clone();
            v[i] += step;
            simplex.push(v);
        }
        let mut values: Vec<f64> = simplex.iter().map(|v| f(v)).collect();
        evaluations += n + 1;
        let mut local_converged = false;
        while evaluations < max_evaluations {
            let mut order: Vec<usize> = (0..=n).collect();
            crate::sort::sort_by(&mut order, |&a, &b| values[a].total_cmp(&values[b]));
            simplex = order.iter().map(|&i| simplex[i].clone()).collect();
            values = order.iter().map(|&i| values[i]).collect();
            let spread = (values[n] - values[0]).abs();
            let size = simplex.iter().skip(1).map(|v| v.iter().zip(&simplex[0]).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max)).fold(0.0, f64::max);
            if spread <= 1e-12 * (1.0 + values[0].abs()) && size <= x_tolerance {
                local_converged = true;
                break;
            }
            let centroid: Vec<f64> = (0..n).map(|j| simplex[..n].iter().map(|v| v[j]).sum::<f64>() / n as f64).collect();
            let towards = |t: f64| -> Vec<f64> { (0..n).map(|j| centroid[j] + t * (simplex[n][j] - centroid[j])).collect() };
            let reflected = towards(-1.0);
            let fr = f(&reflected);
            evaluations += 1;
            if fr < values[0] {
                let expanded = towards(-2.0);
                let fe = f(&expanded);
                evaluations += 1;
                if fe < fr {
                    simplex[n] = expanded;
                    values[n] = fe;
                } else {
                    simplex[n] = reflected;
                    values[n] = fr;
                }
            } else if fr < values[n - 1] {
                simplex[n] = reflected;
                values[n] = fr;
            } else {
                let contracted = if fr < values[n] { towards(-0.5) } else { towards(0.5) };
                let fc = f(&contracted);
                evaluations += 1;
                if fc < values[n].min(fr) {
                    simplex[n] = contracted;
                    values[n] = fc;
                } else {
                    for i in 1..=n {
                        simplex[i] = (0..n).map(|j| simplex[0][j] + 0.5 * (simplex[i][j] - simplex[0][j])).collect();
                        values[i] = f(&simplex[i]);
                    }
                    evaluations += n;
                }
            }
        }
        let i = (0..=n).min_by(|&a, &b| values[a].total_cmp(&values[b])).unwrap_or(0);
        let improved = values[i] < best_value - 1e-12 * (1.0 + best_value.abs());
        if values[i] <= best_value {
            best = simplex[i].clone();
            best_value = values[i];
        }
        if local_converged && !improved {
            converged = true;
            break;
        }
        if evaluations >= max_evaluations {
            break;
        }
    }
    Minimum { x: best, value: best_value, converged, evaluations }
}

/// Quasi-Newton (BFGS) minimisation of a smooth function with its gradient (`f(x, gradient) →
/// value`): backtracking line search with the Armijo condition (allowing a decrease lost to
/// rounding, 1e-14 relative, as approximate-Wolfe searches do), the inverse-Hessian update skipped
/// when the curvature condition fails. Converged when every gradient component is below
/// `gradient_tolerance`; `None` when the function stops being finite or the step cannot make
/// progress (the caller then falls back to Nelder–Mead).
pub fn bfgs(f: &dyn Fn(&[f64], &mut [f64]) -> f64, start: &[f64], max_iterations: usize, gradient_tolerance: f64) -> Option<Minimum> {
    let n = start.len();
    let mut x = start.to_vec();
    let mut g = vec![0.0; n];
    let mut value = f(&x, &mut g);
    let mut evaluations = 1;
    let finite = |v: f64, g: &[f64]| v.is_finite() && g.iter().all(|c| c.is_finite());
    if !finite(value, &g) {
        return None;
    }
    // Inverse Hessian approximation, row-major.
    let mut h = vec![0.0; n * n];
    for i in 0..n {
        h[i * n + i] = 1.0;
    }
    let (mut next, mut g_next, mut direction) = (vec![0.0; n], vec![0.0; n], vec![0.0; n]);
    for _ in 0..max_iterations {
        if g.iter().all(|c| c.abs() <= gradient_tolerance) {
            return Some(Minimum { x, value, converged: true, evaluations });
        }
        for i in 0..n {
            direction[i] = -(0..n).map(|j| h[i * n + j] * g[j]).sum::<f64>();
        }
        let mut slope: f64 = direction.iter().zip(&g).map(|(d, g)| d * g).sum();
        if slope >= 0.0 {
            // Not a descent direction: restart from steepest descent.
            h.iter_mut().enumerate().for_each(|(k, v)| *v = if k % (n + 1) == 0 { 1.0 } else { 0.0 });
            direction.iter_mut().zip(&g).for_each(|(d, g)| *d = -g);
            slope = -g.iter().map(|g| g * g).sum::<f64>();
        }
        let mut step = 1.0;
        let accepted = loop {
            for i in 0..n {
                next[i] = x[i] + step * direction[i];
            }
            let v = f(&next, &mut g_next);
            evaluations += 1;
            // Armijo, with room for rounding: near the minimum the decrease is below f's resolution.
            if finite(v, &g_next) && v <= value + 1e-4 * step * slope + 1e-14 * value.abs() {
                break Some(v);
            }
            step *= 0.5;
            if step < 1e-12 {
                break None;
            }
        };
        let v = accepted?;
        let s: Vec<f64> = (0..n).map(|i| next[i] - x[i]).collect();
        let y: Vec<f64> = (0..n).map(|i| g_next[i] - g[i]).collect();
        let sy: f64 = s.iter().zip(&y).map(|(a, b)| a * b).sum();
        if sy > 1e-300 {
            // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ
            let rho = 1.0 / sy;
            let hy: Vec<f64> = (0..n).map(|i| (0..n).map(|j| h[i * n + j] * y[j]).sum()).collect();
            let yhy: f64 = y.iter().zip(&hy).map(|(a, b)| a * b).sum();
            for i in 0..n {
                for j in 0..n {
                    h[i * n + j] += -rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j];
                }
            }
        }
        x.copy_from_slice(&next);
        g.copy_from_slice(&g_next);
        value = v;
    }
    Some(Minimum { converged: g.iter().all(|c| c.abs() <= gradient_tolerance), x, value, evaluations })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_gamma_known_values() {
        // Γ(1) = Γ(2) = 1, Γ(5) = 24, Γ(0.5) = √π, Γ(10.5) = 1133278.3889487855.
        assert!(ln_gamma(1.0).abs() < 1e-14);
        assert!(ln_gamma(2.0).abs() < 1e-14);
        assert!((ln_gamma(5.0) - 24f64.ln()).abs() < 1e-13);
        assert!((ln_gamma(0.5) - std::f64::consts::PI.sqrt().ln()).abs() < 1e-13);
        assert!((ln_gamma(10.5) - 1_133_278.388_948_785_5f64.ln()).abs() < 1e-12);
        assert!((ln_gamma(0.1) - 9.513_507_698_668_732f64.ln()).abs() < 1e-12);
    }

    #[test]
    fn hyp2f1_known_values() {
        // ₂F₁(1, 1; 2; z) = −ln(1 − z)/z; ₂F₁(a, b; b; z) = (1 − z)^(−a).
        let z = 0.6;
        assert!((hyp2f1(1.0, 1.0, 2.0, z) - (-(1.0f64 - z).ln() / z)).abs() < 1e-12);
        assert!((hyp2f1(2.5, 3.0, 3.0, 0.3) - 0.7f64.powf(-2.5)).abs() < 1e-12);
    }

    #[test]
    fn digamma_known_values() {
        // ψ(1) = −γ, ψ(1/2) = −γ − 2 ln 2, ψ(10) = H₉ − γ (A&S 6.3.2, 6.3.3).
        let gamma = 0.577_215_664_901_532_9;
        assert!((digamma(1.0) + gamma).abs() < 1e-13);
        assert!((digamma(0.5) + gamma + 2.0 * 2f64.ln()).abs() < 1e-13);
        let h9: f64 = (1..=9).map(|k| 1.0 / k as f64).sum();
        assert!((digamma(10.0) - (h9 - gamma)).abs() < 1e-13);
        // The derivative of ln Γ, numerically, across the range the models use.
        for &x in &[0.01, 0.2, 3.7, 41.0, 900.0] {
            let h = 1e-5 * x;
            let numeric = (ln_gamma(x + h) - ln_gamma(x - h)) / (2.0 * h);
            assert!((digamma(x) - numeric).abs() < 1e-6 * (1.0 + numeric.abs()), "ψ({x}) = {} vs {numeric}", digamma(x));
        }
    }

    #[test]
    fn bfgs_rosenbrock() {
        let f = |x: &[f64], g: &mut [f64]| {
            g[0] = -2.0 * (1.0 - x[0]) - 400.0 * x[0] * (x[1] - x[0] * x[0]);
            g[1] = 200.0 * (x[1] - x[0] * x[0]);
            (1.0 - x[0]).powi(2) + 100.0 * (x[1] - x[0] * x[0]).powi(2)
        };
        let m = bfgs(&f, &[-1.2, 1.0], 500, 1e-10).unwrap();
        assert!(m.converged, "{:?} after {}", m.x, m.evaluations);
        assert!((m.x[0] - 1.0).abs() < 1e-8 && (m.x[1] - 1.0).abs() < 1e-8, "{:?}", m.x);
    }

    #[test]
    fn nelder_mead_rosenbrock() {
        let f = |x: &[f64]| (1.0 - x[0]).powi(2) + 100.0 * (x[1] - x[0] * x[0]).powi(2);
        let m = nelder_mead(&f, &[-1.2, 1.0], 20_000);
        assert!(m.converged);
        assert!((m.x[0] - 1.0).abs() < 1e-5 && (m.x[1] - 1.0).abs() < 1e-5, "{:?}", m.x);
    }
}
