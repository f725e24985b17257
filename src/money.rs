//! Exact money totals. Amounts are `f64` parsed from decimal text, and a running `f64` sum drifts:
//! 10,000 lines of 0.1 summed as floats give 1000.0000000001588, not 1000. Every amount of a file
//! has at most a few decimal places — its minor unit: 0 for yen, 2 for cents. [`Money::detect`]
//! finds the fewest decimals that represent every line amount. Totals are then summed as
//! integer counts of that unit (`i64`), which is exact. The `f64` of a total is the nearest
//! double to the exact decimal total. The file's own text gives the same figure, and so does a
//! decimal sum in another tool (pandas on `Decimal`, a spreadsheet's SUM of whole cents).
//!
//! Why exact: an amount `x` read from text with `k ≤ 6` decimals is the double nearest to
//! `d / 10^k`. Then `x · 10^k` is within `2ε·|d|` of the integer `d`, which is under ½ for
//! `|d| < 2^51`, so `round(x · 10^k) = d`. A sum of such integers in `i64` has no error below
//! 9.2·10^18 units. The one division back to `f64` at the end rounds once, correctly
//! (both operands are exact doubles).

/// The minor unit of a dataset's amounts: the fewest decimals (0 … [`Money::MAX_DECIMALS`])
/// that represent every line amount.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Money {
    decimals: u8,
    scale: f64,
}

impl Default for Money {
    fn default() -> Self {
        Money::with_decimals(0)
    }
}

impl Money {
    /// Most decimals tracked. Amounts with more (a computed `1/3`) are summed at this precision:
    /// to a millionth of the currency unit, not exactly.
    pub const MAX_DECIMALS: u8 = 6;

    pub fn with_decimals(decimals: u8) -> Money {
        let decimals = decimals.min(Self::MAX_DECIMALS);
        Money { decimals, scale: 10f64.powi(decimals as i32) }
    }

    /// The fewest decimals that represent every amount (one pass; most amounts stop at 0).
    pub fn detect(amounts: impl IntoIterator<Item = f64>) -> Money {
        let mut decimals = 0u8;
        let mut scale = 1.0f64;
        for x in amounts {
            if !x.is_finite() {
                continue;
            }
            while decimals < Self::MAX_DECIMALS && !is_whole(x * scale) {
                decimals += 1;
                scale *= 10.0;
            }
        }
        Money::with_decimals(decimals)
    }

    pub fn decimals(self) -> u8 {
        self.decimals
    }

    /// `x` as a whole number of minor units.
    #[inline]
    pub fn units(self, x: f64) -> i64 {
        (x * self.scale).round() as i64
    }

    /// Minor units back to the currency's unit (the nearest double).
    #[inline]
    pub fn value(self, units: i64) -> f64 {
        units as f64 / self.scale
    }

    /// The exact total of `amounts`.
    pub fn sum(self, amounts: impl IntoIterator<Item = f64>) -> f64 {
        self.value(amounts.into_iter().map(|x| self.units(x)).sum())
    }

    /// `x` rounded to the minor unit (for a total built some other way, e.g. an average × n).
    pub fn round(self, x: f64) -> f64 {
        self.value(self.units(x))
    }
}

/// Within rounding of a whole number: a decimal amount scaled by its 10^k is an integer up to
/// a few units in the last place.
fn is_whole(y: f64) -> bool {
    (y - y.round()).abs() <= y.abs() * 8.0 * f64::EPSILON + 1e-9
}

/// A running exact total in minor units.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Total(pub i64);

impl Total {
    #[inline]
    pub fn add(&mut self, money: Money, x: f64) {
        self.0 += money.units(x);
    }

    pub fn value(self, money: Money) -> f64 {
        money.value(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_thousand_tenths_are_a_thousand() {
        let amounts = vec![0.1; 10_000];
        let float: f64 = amounts.iter().sum();
        assert_ne!(float, 1000.0, "the float sum drifts ({float})");
        let m = Money::detect(amounts.iter().copied());
        assert_eq!(m.decimals(), 1);
        assert_eq!(m.sum(amounts.iter().copied()), 1000.0);
    }

    #[test]
    fn detects_the_minor_unit() {
        assert_eq!(Money::detect([1200.0, -300.0, 0.0]).decimals(), 0);
        assert_eq!(Money::detect([19.99, 5.0, 0.5]).decimals(), 2);
        assert_eq!(Money::detect([1.125, 2.0]).decimals(), 3);
        // 3 × 0.1 as computed (0.30000000000000004) is still one decimal.
        assert_eq!(Money::detect([3.0 * 0.1]).decimals(), 1);
        assert_eq!(Money::detect([1.0 / 3.0]).decimals(), Money::MAX_DECIMALS);
        assert_eq!(Money::detect([f64::NAN, 7.0]).decimals(), 0);
    }

    #[test]
    fn large_yen_totals_stay_exact() {
        // A million lines of 19.99 (the float sum drifts by cents here) and 10M lines of
        // ¥9,999,999 (a total near 10^14): exact in units.
        let m = Money::detect([19.99]);
        let total = m.sum(std::iter::repeat_n(19.99, 1_000_000));
        assert_eq!(total, 19_990_000.0);
        let m0 = Money::detect([9_999_999.0]);
        assert_eq!(m0.sum(std::iter::repeat_n(9_999_999.0, 10_000_000)), 99_999_990_000_000.0);
    }
}
