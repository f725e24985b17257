//! Options of the product methods (`src/products/`, docs/products.md).

use super::{date, invalid, one_of, OneOrMany};
use crate::error::Result;
use crate::products::abc::ProductsParams;
use crate::products::entry::{EntryParams, NextParams, Pairs};
use crate::products::reorder::{DueParams, ReplenishmentParams};
use crate::products::season::{Period, SeasonalityParams};
use crate::products::By;
use serde::Deserialize;

fn by(value: Option<&str>) -> Result<By> {
    one_of(value, "by", By::Product, &[("product", By::Product), ("category", By::Category)])
}

/// `from` / `to` as days, `from` before `to`.
fn period(from: Option<&str>, to: Option<&str>) -> Result<(Option<i32>, Option<i32>)> {
    let (from, to) = (date(from, "from")?, date(to, "to")?);
    if let (Some(f), Some(t)) = (from, to) {
        if f >= t {
            return Err(invalid("to", "`to` (exclusive) must come after `from`".into()));
        }
    }
    Ok((from, to))
}

fn count(value: Option<u64>, option: &str, default: u64, max: u64) -> Result<u64> {
    match value {
        None => Ok(default),
        Some(n) if n <= max => Ok(n),
        Some(n) => Err(invalid(option, format!("give 0 … {max}, got {n}"))),
    }
}

/// `ds.products(options)`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductsInput {
    pub by: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub abc: Option<Vec<f64>>,
}

impl ProductsInput {
    pub fn check(self) -> Result<ProductsParams> {
        let (from, to) = period(self.from.as_deref(), self.to.as_deref())?;
        let abc = match self.abc.as_deref() {
            None => (0.7, 0.9),
            Some(&[a, b]) if a > 0.0 && a < b && b <= 1.0 => (a, b),
            Some(other) => return Err(invalid("abc", format!("give the cumulative shares of A and B, 0 < a < b ≤ 1, e.g. [0.7, 0.9]; got {other:?}"))),
        };
        Ok(ProductsParams { by: by(self.by.as_deref())?, from, to, abc })
    }
}

/// `ds.seasonality(options)`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeasonalityInput {
    pub by: Option<String>,
    pub period: Option<String>,
    /// Items shown (the rest summed as `other`).
    pub items: Option<u64>,
    pub from: Option<String>,
    pub to: Option<String>,
}

impl SeasonalityInput {
    pub fn check(self) -> Result<SeasonalityParams> {
        let (from, to) = period(self.from.as_deref(), self.to.as_deref())?;
        let period = one_of(self.period.as_deref(), "period", Period::Month, &[("month", Period::Month), ("weekday", Period::Weekday), ("hour", Period::Hour)])?;
        let top = count(self.items, "items", 20, 200)?.max(1) as usize;
        Ok(SeasonalityParams { by: by(self.by.as_deref())?, period, top, from, to })
    }
}

/// `ds.entryProducts(options)`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EntryInput {
    pub by: Option<String>,
    pub windows: Option<Vec<u32>>,
    pub min_customers: Option<u64>,
    pub rank_window: Option<u32>,
    pub as_of: Option<String>,
}

impl EntryInput {
    pub fn check(self) -> Result<EntryParams> {
        let windows = self.windows.unwrap_or_else(|| vec![30, 90, 180]);
        if windows.is_empty() || windows.len() > 8 || windows.iter().any(|&w| w == 0 || w > 3650) || windows.windows(2).any(|p| p[0] >= p[1]) {
            return Err(invalid("windows", format!("give 1 to 8 increasing day counts between 1 and 3650, got {windows:?}")));
        }
        if let Some(w) = self.rank_window {
            if !windows.contains(&w) {
                return Err(invalid("rankWindow", format!("{w} is not one of windows {windows:?}")));
            }
        }
        Ok(EntryParams {
            by: by(self.by.as_deref())?,
            windows,
            min_customers: count(self.min_customers, "minCustomers", 30, 1_000_000)?,
            rank_window: self.rank_window,
            as_of: date(self.as_of.as_deref(), "asOf")?,
        })
    }
}

/// `ds.nextProducts(options)`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NextInput {
    pub by: Option<String>,
    pub from: Option<String>,
    pub min_count: Option<u64>,
    pub top: Option<u64>,
    pub as_of: Option<String>,
}

impl NextInput {
    pub fn check(self) -> Result<NextParams> {
        Ok(NextParams {
            by: by(self.by.as_deref())?,
            from: one_of(self.from.as_deref(), "from", Pairs::First, &[("first", Pairs::First), ("any", Pairs::Any)])?,
            min_count: count(self.min_count, "minCount", 3, 1_000_000)?,
            top: count(self.top, "top", 100, 10_000)?.max(1) as usize,
            as_of: date(self.as_of.as_deref(), "asOf")?,
        })
    }
}

/// `ds.replenishment(options)`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplenishmentInput {
    pub by: Option<String>,
    pub min_intervals: Option<u64>,
    pub as_of: Option<String>,
}

impl ReplenishmentInput {
    pub fn check(self) -> Result<ReplenishmentParams> {
        Ok(ReplenishmentParams {
            by: by(self.by.as_deref())?,
            min_intervals: count(self.min_intervals, "minIntervals", 10, 1_000_000)?,
            as_of: date(self.as_of.as_deref(), "asOf")?,
        })
    }
}

/// `ds.dueToReorder(options)` and `ds.dueToReorderCsv(options)`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DueInput {
    pub by: Option<String>,
    pub as_of: Option<String>,
    pub window: Option<u64>,
    pub overdue: Option<u64>,
    pub min_intervals: Option<u64>,
    /// Product ids (or categories with `by: 'category'`).
    pub products: Option<OneOrMany<String>>,
}

impl DueInput {
    pub fn check(self) -> Result<DueParams> {
        Ok(DueParams {
            by: by(self.by.as_deref())?,
            as_of: date(self.as_of.as_deref(), "asOf")?,
            window: count(self.window, "window", 14, 3650)? as u32,
            overdue: count(self.overdue, "overdue", 14, 3650)? as u32,
            min_intervals: count(self.min_intervals, "minIntervals", 10, 1_000_000)?,
            items: self.products.map(|p| p.to_vec()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_documented_ones() {
        assert_eq!(ProductsInput::default().check().unwrap(), ProductsParams::default());
        assert_eq!(SeasonalityInput::default().check().unwrap(), SeasonalityParams::default());
        assert_eq!(EntryInput::default().check().unwrap(), EntryParams::default());
        assert_eq!(NextInput::default().check().unwrap(), NextParams::default());
        assert_eq!(ReplenishmentInput::default().check().unwrap(), ReplenishmentParams::default());
        assert_eq!(DueInput::default().check().unwrap(), DueParams::default());
    }

    #[test]
    fn bad_values_name_their_option() {
        let abc = ProductsInput { abc: Some(vec![0.9, 0.7]), ..Default::default() }.check().unwrap_err();
        assert!(abc.to_string().contains("abc"), "{abc}");
        let w = EntryInput { windows: Some(vec![90, 30]), ..Default::default() }.check().unwrap_err();
        assert!(w.to_string().contains("windows"), "{w}");
        let r = EntryInput { rank_window: Some(60), ..Default::default() }.check().unwrap_err();
        assert!(r.to_string().contains("rankWindow"), "{r}");
        let p = SeasonalityInput { period: Some("year".into()), ..Default::default() }.check().unwrap_err();
        assert!(p.to_string().contains("period"), "{p}");
        let t = ProductsInput { from: Some("2024-02-01".into()), to: Some("2024-01-01".into()), ..Default::default() }.check().unwrap_err();
        assert!(t.to_string().contains("to"), "{t}");
    }
}
