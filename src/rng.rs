//! Deterministic pseudo-random numbers for synthetic data (and, later, sampling). SplitMix64:
//! tiny, fast, good enough statistically for simulation, and identical on every platform, which
//! is what makes `Dataset.synthetic({seed})` byte-for-byte reproducible.

#[derive(Clone, Debug)]
pub struct Rng {
    state: u64,
}

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng { state: seed ^ 0x6A09_E667_F3BC_C909 }
    }

    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    #[inline]
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform integer in [0, n). `n` must be > 0.
    #[inline]
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    #[inline]
    pub fn chance(&mut self, p: f64) -> bool {
        self.uniform() < p
    }

    /// Standard normal by Box–Muller.
    pub fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.uniform(); // (0, 1]
        let u2 = self.uniform();
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }

    /// Exponential with the given mean.
    pub fn exponential(&mut self, mean: f64) -> f64 {
        -mean * (1.0 - self.uniform()).ln()
    }

    /// Gamma(shape, scale) by Marsaglia–Tsang (with the shape < 1 boost).
    pub fn gamma(&mut self, shape: f64, scale: f64) -> f64 {
        if shape < 1.0 {
            let u = self.uniform().max(f64::MIN_POSITIVE);
            return self.gamma(shape + 1.0, scale) * u.powf(1.0 / shape);
        }
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let x = self.normal();
            let v = 1.0 + c * x;
            if v <= 0.0 {
                continue;
            }
            let v = v * v * v;
            let u = self.uniform();
            if u < 1.0 - 0.0331 * x.powi(4) || u.ln() < 0.5 * x * x + d * (1.0 - v + v.ln()) {
                return d * v * scale;
            }
        }
    }

    /// Beta(a, b) from two gammas.
    pub fn beta(&mut self, a: f64, b: f64) -> f64 {
        let x = self.gamma(a, 1.0);
        let y = self.gamma(b, 1.0);
        if x + y == 0.0 {
            0.5
        } else {
            x / (x + y)
        }
    }

    /// Index drawn from a cumulative weight table (last entry = total).
    pub fn pick_cumulative(&mut self, cumulative: &[f64]) -> usize {
        let total = match cumulative.last() {
            Some(t) => *t,
            None => return 0,
        };
        let target = self.uniform() * total;
        cumulative.partition_point(|&c| c <= target).min(cumulative.len() - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_in_range() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        for _ in 0..1000 {
            let x = a.uniform();
            assert_eq!(x, b.uniform());
            assert!((0.0..1.0).contains(&x));
            assert!(a.below(10) < 10);
            b.below(10);
        }
    }

    #[test]
    fn gamma_and_beta_means() {
        // Sample means against the analytic means (shape*scale, a/(a+b)); 200k draws keep
        // the standard error far below the tolerance.
        let mut rng = Rng::new(1);
        let n = 200_000;
        let g: f64 = (0..n).map(|_| rng.gamma(0.7, 3.0)).sum::<f64>() / n as f64;
        assert!((g - 2.1).abs() < 0.05, "gamma mean {g}");
        let g2: f64 = (0..n).map(|_| rng.gamma(4.0, 0.5)).sum::<f64>() / n as f64;
        assert!((g2 - 2.0).abs() < 0.03, "gamma mean {g2}");
        let b: f64 = (0..n).map(|_| rng.beta(2.0, 6.0)).sum::<f64>() / n as f64;
        assert!((b - 0.25).abs() < 0.005, "beta mean {b}");
    }
}
