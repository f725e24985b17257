//! Options of `clv` and `Clv.fromSummary`.

use super::tables::{Columns, TableInput};
use super::{date, invalid, one_of};
use crate::clv::{ClvParams, Unit};
use crate::error::Result;
use crate::table::ReadOptions;
use serde::Deserialize;

/// Longest CLV horizon and `expectedPurchases` window: 10 years. The models extrapolate a
/// calibration period of months or a few years; far past it their terms lose precision (at
/// 10^9 days expected purchases came out negative).
pub const MAX_HORIZON_DAYS: u32 = 3650;

/// Largest L2 penalizer: past it every parameter is pinned to the penalty, not the data.
pub const MAX_PENALIZER: f64 = 100.0;

/// `ds.clv(options)`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClvInput {
    pub calibration_end: Option<String>,
    pub observation_end: Option<String>,
    pub unit: Option<String>,
    /// CLV horizon in days (default 360 = 12 months of 30 days).
    pub horizon_days: Option<u32>,
    /// Monthly discount rate (default 0.01).
    pub discount_rate: Option<f64>,
    pub penalizer: Option<f64>,
    /// Fit even below the data-sufficiency thresholds (500 customers, 180 days).
    pub allow_small_data: Option<bool>,
    /// Horizon of `expectedPurchases`, in days (default 90).
    pub predict_days: Option<u32>,
    /// P(alive) cut-offs [lapsed below, active from] (default [0.5, 0.8]).
    pub alive_thresholds: Option<[f64; 2]>,
    /// Model check: refit with the last N days held out (`holdoutCheck` in the result).
    pub holdout_days: Option<u32>,
}

impl ClvInput {
    pub fn check(self) -> Result<ClvParams> {
        let defaults = ClvParams::default();
        let unit = one_of(self.unit.as_deref(), "unit", Unit::Week, &[("week", Unit::Week), ("day", Unit::Day)])?;
        let calibration_end = date(self.calibration_end.as_deref(), "calibrationEnd")?;
        let observation_end = date(self.observation_end.as_deref(), "observationEnd")?;
        if let (Some(c), Some(o)) = (calibration_end, observation_end) {
            if o <= c {
                return Err(invalid("observationEnd", "must be after calibrationEnd".into()));
            }
        }
        let discount_rate = self.discount_rate.unwrap_or(defaults.discount_rate);
        if !(0.0..1.0).contains(&discount_rate) {
            return Err(invalid("discountRate", format!("a monthly rate between 0 and 1, got {discount_rate}")));
        }
        let penalizer = self.penalizer.unwrap_or(0.0);
        if !(penalizer >= 0.0 && penalizer.is_finite()) {
            return Err(invalid("penalizer", format!("must be a number ≥ 0, got {penalizer}")));
        }
        if penalizer > MAX_PENALIZER {
            return Err(invalid("penalizer", format!("must be at most {MAX_PENALIZER} (lifetimes' examples use 0 … 0.1), got {penalizer}")));
        }
        let predict_days = super::in_range(self.predict_days, "predictDays", 1, MAX_HORIZON_DAYS)?.unwrap_or(defaults.predict_days);
        let horizon_days = super::in_range(self.horizon_days, "horizonDays", 1, MAX_HORIZON_DAYS)?.unwrap_or(defaults.horizon_days);
        super::in_range(self.holdout_days, "holdoutDays", 1, super::MAX_DAYS)?;
        let [lapsed_below, active_from] = self.alive_thresholds.unwrap_or(defaults.alive_thresholds);
        if !(0.0 <= lapsed_below && lapsed_below <= active_from && active_from <= 1.0) {
            return Err(invalid("aliveThresholds", format!("two increasing probabilities, got [{lapsed_below}, {active_from}]")));
        }
        if let Some(days) = self.holdout_days {
            if days == 0 {
                return Err(invalid("holdoutDays", "must be at least 1 day".into()));
            }
            if observation_end.is_some() {
                return Err(invalid("holdoutDays", "give either holdoutDays (the check is computed for you) or observationEnd, not both".into()));
            }
        }
        Ok(ClvParams {
            calibration_end,
            observation_end,
            unit,
            horizon_days,
            discount_rate,
            penalizer,
            allow_small_data: self.allow_small_data.unwrap_or(false),
            predict_days,
            alive_thresholds: [lapsed_below, active_from],
            holdout_days: self.holdout_days,
        })
    }
}

/// `Clv.fromSummary(bytes, options)`: the model options and the table options.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClvSummaryInput {
    pub encoding: Option<String>,
    pub delimiter: Option<String>,
    pub columns: Option<Columns>,
    pub on_invalid_row: Option<String>,
    /// Reported as the result's calibrationEnd (the summary was computed up to it).
    pub calibration_end: Option<String>,
    pub unit: Option<String>,
    pub horizon_days: Option<u32>,
    pub discount_rate: Option<f64>,
    pub penalizer: Option<f64>,
    pub allow_small_data: Option<bool>,
    pub predict_days: Option<u32>,
    pub alive_thresholds: Option<[f64; 2]>,
    /// Not available for a summary (it has no holdout purchases): an error that says so.
    pub observation_end: Option<String>,
    /// Not available for a summary: an error that says so.
    pub holdout_days: Option<u32>,
}

impl ClvSummaryInput {
    pub fn check(self, method: &str) -> Result<(ReadOptions, ClvParams)> {
        if self.observation_end.is_some() || self.holdout_days.is_some() {
            let option = if self.observation_end.is_some() { "observationEnd" } else { "holdoutDays" };
            return Err(invalid(option, "a summary has no holdout purchases; validate with ds.clv() on orders".into()));
        }
        let read = TableInput { encoding: self.encoding, delimiter: self.delimiter, columns: self.columns, on_invalid_row: self.on_invalid_row }
            .check(&crate::clv::summary_table::CUSTOMER_SUMMARY, method)?;
        let params = ClvInput {
            calibration_end: self.calibration_end,
            unit: self.unit,
            horizon_days: self.horizon_days,
            discount_rate: self.discount_rate,
            penalizer: self.penalizer,
            allow_small_data: self.allow_small_data,
            predict_days: self.predict_days,
            alive_thresholds: self.alive_thresholds,
            ..Default::default()
        }
        .check()?;
        Ok((read, params))
    }
}
