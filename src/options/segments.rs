//! Options of `rfm`, `deciles`, `cpm`, `repeat`, `segmentMembers` and `crosstab`.

use super::{date, invalid, japanese, nested, one_of, OneOrMany};
use crate::crosstab::{CrosstabMetric, CrosstabParams};
use crate::error::Result;
use crate::segments::cpm::{CpmParams, CpmThresholds};
use crate::segments::decile::DecileParams;
use crate::segments::members::MembersParams;
use crate::segments::repeat::{RepeatParams, DEFAULT_WINDOWS};
use crate::segments::rfm::{Method, RfmParams, SegmentRule, DEFAULT_FREQUENCY_CUTS, DEFAULT_MONETARY_CUTS, DEFAULT_RECENCY_CUTS};
use serde::Deserialize;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ThresholdsInput {
    pub recency: Option<Vec<f64>>,
    pub frequency: Option<Vec<f64>>,
    pub monetary: Option<Vec<f64>>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SegmentRuleInput {
    pub name: String,
    pub r: Option<[u8; 2]>,
    pub f: Option<[u8; 2]>,
    pub m: Option<[u8; 2]>,
    pub fm: Option<[u8; 2]>,
}

/// `ds.rfm(options)`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RfmInput {
    pub as_of: Option<String>,
    pub bins: Option<u32>,
    pub method: Option<String>,
    pub thresholds: Option<ThresholdsInput>,
    pub segment_map: Option<Vec<SegmentRuleInput>>,
    /// Language of the segment names in the result and exports ('ja' | 'en').
    pub lang: Option<String>,
}

fn check_cuts(values: Vec<f64>, option: &str) -> Result<Vec<f64>> {
    if values.is_empty() || values.len() > 9 {
        return Err(invalid(option, format!("give 1 to 9 cut points, got {}", values.len())));
    }
    if values.iter().any(|v| !v.is_finite()) || values.windows(2).any(|w| w[0] >= w[1]) {
        return Err(invalid(option, format!("cut points must be finite and strictly increasing, got {values:?}")));
    }
    Ok(values)
}

impl RfmInput {
    /// Validate; `prefix` names where these options sit (`rfm` inside `segmentMembers`).
    pub fn check(self, prefix: &str) -> Result<RfmParams> {
        let at = |option: &str| nested(prefix, option);
        let method = one_of(self.method.as_deref(), &at("method"), Method::Quantile, &[("quantile", Method::Quantile), ("fixed", Method::Fixed)])?;
        let japanese = japanese(self.lang.as_deref(), &at("lang"))?;
        let t = self.thresholds.unwrap_or_default();
        if method == Method::Quantile && (t.recency.is_some() || t.frequency.is_some() || t.monetary.is_some()) {
            return Err(invalid(&at("thresholds"), "thresholds apply to method: 'fixed'; set method: 'fixed' or drop them".into()));
        }
        let cuts = [
            check_cuts(t.recency.unwrap_or_else(|| DEFAULT_RECENCY_CUTS.to_vec()), &at("thresholds.recency"))?,
            check_cuts(t.frequency.unwrap_or_else(|| DEFAULT_FREQUENCY_CUTS.to_vec()), &at("thresholds.frequency"))?,
            check_cuts(t.monetary.unwrap_or_else(|| DEFAULT_MONETARY_CUTS.to_vec()), &at("thresholds.monetary"))?,
        ];
        let bins = match method {
            Method::Quantile => {
                let b = self.bins.unwrap_or(5);
                if !(2..=10).contains(&b) {
                    return Err(invalid(&at("bins"), format!("must be between 2 and 10, got {b}")));
                }
                b as u8
            }
            Method::Fixed => {
                if self.bins.is_some() {
                    return Err(invalid(&at("bins"), "with method: 'fixed' the number of levels is the number of cut points + 1".into()));
                }
                let levels: Vec<usize> = cuts.iter().map(|c| c.len() + 1).collect();
                if levels.iter().any(|&l| l != levels[0]) {
                    return Err(invalid(&at("thresholds"), format!("give each axis the same number of cut points (levels per axis: {levels:?})")));
                }
                levels[0] as u8
            }
        };
        let segment_map = match self.segment_map {
            None => None,
            Some(rules) => {
                if rules.is_empty() || rules.len() > 250 {
                    return Err(invalid(&at("segmentMap"), "give 1 to 250 rules".into()));
                }
                let mut out = Vec::with_capacity(rules.len());
                for (i, rule) in rules.into_iter().enumerate() {
                    let range = |r: Option<[u8; 2]>, axis: &str| -> Result<(u8, u8)> {
                        match r {
                            None => Ok((1, bins)),
                            Some([lo, hi]) if lo >= 1 && lo <= hi && hi <= bins => Ok((lo, hi)),
                            Some([lo, hi]) => Err(invalid(&at(&format!("segmentMap[{i}].{axis}")), format!("[{lo}, {hi}] is not a score range within 1..{bins}"))),
                        }
                    };
                    if rule.name.trim().is_empty() {
                        return Err(invalid(&at(&format!("segmentMap[{i}].name")), "must not be empty".into()));
                    }
                    out.push(SegmentRule {
                        key: rule.name.clone(),
                        name: rule.name.clone(),
                        r: range(rule.r, "r")?,
                        f: range(rule.f, "f")?,
                        m: range(rule.m, "m")?,
                        fm: range(rule.fm, "fm")?,
                    });
                }
                Some(out)
            }
        };
        Ok(RfmParams { as_of: date(self.as_of.as_deref(), &at("asOf"))?, bins, method, cuts, segment_map, japanese })
    }
}

/// `ds.deciles(options)`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DecileInput {
    pub by: Option<String>,
    pub as_of: Option<String>,
    pub period_days: Option<u32>,
}

impl DecileInput {
    pub fn check(self, prefix: &str) -> Result<DecileParams> {
        let at = |option: &str| nested(prefix, option);
        one_of(self.by.as_deref(), &at("by"), (), &[("monetary", ())])?;
        super::in_range(self.period_days, &at("periodDays"), 1, super::MAX_DAYS)?;
        Ok(DecileParams { as_of: date(self.as_of.as_deref(), &at("asOf"))?, period_days: self.period_days })
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CpmThresholdsInput {
    pub lapse_days: Option<u32>,
    pub tenure_days: Option<[u32; 2]>,
    pub spend: Option<f64>,
}

/// `ds.cpm(options)`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CpmInput {
    pub as_of: Option<String>,
    pub thresholds: Option<CpmThresholdsInput>,
    /// Language of the group names in the result and exports ('ja' | 'en').
    pub lang: Option<String>,
}

impl CpmInput {
    pub fn check(self, prefix: &str) -> Result<CpmParams> {
        let at = |option: &str| nested(prefix, option);
        let japanese = japanese(self.lang.as_deref(), &at("lang"))?;
        let t = self.thresholds.unwrap_or_default();
        let thresholds = CpmThresholds {
            lapse_days: t.lapse_days.unwrap_or(240),
            tenure_days: t.tenure_days.unwrap_or([90, 210]),
            spend: t.spend.unwrap_or(70_000.0),
        };
        super::in_range(Some(thresholds.lapse_days), &at("thresholds.lapseDays"), 1, super::MAX_DAYS)?;
        super::in_range(Some(thresholds.tenure_days[1]), &at("thresholds.tenureDays"), 1, super::MAX_DAYS)?;
        if thresholds.tenure_days[0] >= thresholds.tenure_days[1] {
            return Err(invalid(&at("thresholds.tenureDays"), format!("must be two increasing day counts, got {:?}", thresholds.tenure_days)));
        }
        if !thresholds.spend.is_finite() || thresholds.spend <= 0.0 {
            return Err(invalid(&at("thresholds.spend"), "must be a positive amount".into()));
        }
        Ok(CpmParams { as_of: date(self.as_of.as_deref(), &at("asOf"))?, thresholds, japanese })
    }
}

/// `ds.repeat(options)`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RepeatInput {
    pub as_of: Option<String>,
    pub windows: Option<Vec<u32>>,
}

impl RepeatInput {
    pub fn check(self) -> Result<RepeatParams> {
        let windows = self.windows.unwrap_or_else(|| DEFAULT_WINDOWS.to_vec());
        if windows.is_empty() || windows.len() > 32 || windows.iter().any(|&w| w == 0 || w > 3650) || windows.windows(2).any(|p| p[0] >= p[1]) {
            return Err(invalid("windows", format!("give 1 to 32 increasing day counts between 1 and 3650, got {windows:?}")));
        }
        Ok(RepeatParams { as_of: date(self.as_of.as_deref(), "asOf")?, windows })
    }
}

/// `ds.segmentMembers(selector)` with an object selector.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MembersInput {
    /// RFM segment key (`champions`) or display name (`優良顧客`), or a list.
    pub rfm_segment: Option<OneOrMany<String>>,
    /// CPM group key (`active_top`) or display name, or a list.
    pub cpm_group: Option<OneOrMany<String>>,
    /// Decile 1–10, or a list.
    pub decile: Option<OneOrMany<u8>>,
    /// Default `asOf` for the three analyses below (each may set its own).
    pub as_of: Option<String>,
    pub rfm: Option<RfmInput>,
    pub cpm: Option<CpmInput>,
    pub deciles: Option<DecileInput>,
}

impl MembersInput {
    pub fn check(self) -> Result<MembersParams> {
        if self.rfm_segment.is_none() && self.cpm_group.is_none() && self.decile.is_none() {
            return Err(invalid("segmentMembers", "select customers with rfmSegment, cpmGroup and/or decile (e.g. { rfmSegment: 'at_risk' })".into()));
        }
        let decile = self.decile.map(|d| d.to_vec());
        if let Some(bad) = decile.iter().flatten().find(|&&x| !(1..=10).contains(&x)) {
            return Err(invalid("decile", format!("deciles are 1–10, got {bad}")));
        }
        let (rfm, cpm, deciles) = list_metrics(self.as_of, self.rfm, self.cpm, self.deciles)?;
        Ok(MembersParams { rfm_segment: self.rfm_segment.map(|s| s.to_vec()), cpm_group: self.cpm_group.map(|s| s.to_vec()), decile, rfm, cpm, deciles })
    }
}

/// The RFM, CPM and decile options of a target list, each `asOf` defaulting to the list's.
pub fn list_metrics(as_of: Option<String>, rfm: Option<RfmInput>, cpm: Option<CpmInput>, deciles: Option<DecileInput>) -> Result<(RfmParams, CpmParams, DecileParams)> {
    let as_of = date(as_of.as_deref(), "asOf")?;
    let mut rfm = rfm.unwrap_or_default().check("rfm")?;
    let mut cpm = cpm.unwrap_or_default().check("cpm")?;
    let mut deciles = deciles.unwrap_or_default().check("deciles")?;
    rfm.as_of = rfm.as_of.or(as_of);
    cpm.as_of = cpm.as_of.or(as_of);
    deciles.as_of = deciles.as_of.or(as_of);
    Ok((rfm, cpm, deciles))
}

/// `ds.crosstab(options)`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CrosstabInput {
    pub rows: String,
    pub cols: String,
    pub metric: Option<String>,
    pub as_of: Option<String>,
    pub rfm: Option<RfmInput>,
    pub cpm: Option<CpmInput>,
}

impl CrosstabInput {
    pub fn check(self) -> Result<CrosstabParams> {
        let metric = one_of(
            self.metric.as_deref(),
            "metric",
            CrosstabMetric::Customers,
            &[("customers", CrosstabMetric::Customers), ("revenue", CrosstabMetric::Revenue), ("aov", CrosstabMetric::Aov)],
        )?;
        if self.rows == self.cols {
            return Err(invalid("cols", format!("rows and cols are both \"{}\"; choose two different dimensions", self.cols)));
        }
        let as_of = date(self.as_of.as_deref(), "asOf")?;
        let mut rfm = self.rfm.unwrap_or_default().check("rfm")?;
        let mut cpm = self.cpm.unwrap_or_default().check("cpm")?;
        rfm.as_of = rfm.as_of.or(as_of);
        cpm.as_of = cpm.as_of.or(as_of);
        Ok(CrosstabParams { rows: self.rows, cols: self.cols, metric, as_of, rfm, cpm })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn option_validation() {
        let bad = RfmInput { bins: Some(1), ..Default::default() }.check("").unwrap_err();
        assert_eq!(bad.option().as_deref(), Some("bins"));
        let bad = RfmInput {
            method: Some("fixed".into()),
            thresholds: Some(ThresholdsInput { frequency: Some(vec![3.0, 2.0]), ..Default::default() }),
            ..Default::default()
        }
        .check("")
        .unwrap_err();
        assert_eq!(bad.option().as_deref(), Some("thresholds.frequency"));
        let bad = RfmInput { thresholds: Some(ThresholdsInput::default()), lang: Some("fr".into()), ..Default::default() }.check("").unwrap_err();
        assert_eq!(bad.option().as_deref(), Some("lang"));
        // Nested inside another method's options, the path says where.
        let bad = MembersInput { decile: Some(OneOrMany::One(1)), rfm: Some(RfmInput { bins: Some(11), ..Default::default() }), ..Default::default() }.check().unwrap_err();
        assert_eq!(bad.option().as_deref(), Some("rfm.bins"));
    }

    #[test]
    fn defaults_equal_the_params_defaults() {
        assert_eq!(RfmInput::default().check("").unwrap(), RfmParams::default());
        assert_eq!(CpmInput::default().check("").unwrap(), CpmParams::default());
        assert_eq!(DecileInput::default().check("").unwrap(), DecileParams::default());
        assert_eq!(RepeatInput::default().check().unwrap(), RepeatParams::default());
    }
}
