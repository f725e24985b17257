//! Options of the campaign methods: `addMessages` and the analyses of `src/campaigns/`.

use super::segments::{CpmInput, RfmInput};
use super::tables::{Columns, TableInput};
use super::{invalid, one_of, OneOrMany};
use crate::campaigns::attribution::Anchor;
use crate::campaigns::compare::{CompareParams, Metric};
use crate::campaigns::factors::{FactorsParams, Outcome};
use crate::campaigns::log::AddMessagesParams;
use crate::campaigns::members::{CampaignMembersParams, STATUSES};
use crate::campaigns::rates::CampaignsParams;
use crate::campaigns::steps::StepMailsParams;
use crate::campaigns::table::MESSAGES;
use crate::campaigns::timing::{FatigueParams, SendTimesParams};
use crate::error::Result;
use serde::Deserialize;
use std::collections::BTreeMap;

/// `ds.addMessages(source, options)`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AddMessagesInput {
    pub encoding: Option<String>,
    pub delimiter: Option<String>,
    pub columns: Option<Columns>,
    pub on_invalid_row: Option<String>,
    /// `'+09:00'`, `'-05:00'`, `'Z'`: the zone Unix and zoned times are shown in.
    pub utc_offset: Option<String>,
    /// The channel of rows without one (`email`, `line`, `sms`, `push`, `dm`).
    pub channel: Option<String>,
    /// The campaign of rows without one.
    pub campaign: Option<String>,
}

/// `'+09:00'` → seconds east of UTC.
fn utc_offset(text: &str) -> Result<i32> {
    let bad = || invalid("utcOffset", format!("\"{text}\" is not a UTC offset; use e.g. '+09:00', '-05:00' or 'Z'"));
    if text == "Z" || text == "+00:00" || text == "UTC" {
        return Ok(0);
    }
    let (sign, rest) = match text.as_bytes().first() {
        Some(b'+') => (1, &text[1..]),
        Some(b'-') => (-1, &text[1..]),
        _ => return Err(bad()),
    };
    let digits = rest.replace(':', "");
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let hours: i32 = digits[..2].parse().map_err(|_| bad())?;
    let minutes: i32 = digits[2..].parse().map_err(|_| bad())?;
    if hours > 14 || minutes >= 60 {
        return Err(bad());
    }
    Ok(sign * (hours * 3600 + minutes * 60))
}

impl AddMessagesInput {
    pub fn check(self, method: &str) -> Result<AddMessagesParams> {
        let read = TableInput { encoding: self.encoding, delimiter: self.delimiter, columns: self.columns, on_invalid_row: self.on_invalid_row }.check(&MESSAGES, method)?;
        let channel = self.channel.map(|c| crate::campaigns::table::channel_of(c.as_bytes()));
        Ok(AddMessagesParams { read, utc_offset: self.utc_offset.as_deref().map(utc_offset).transpose()?, channel, campaign: self.campaign })
    }
}

fn anchor(value: Option<&str>) -> Result<Anchor> {
    one_of(value, "attribution", Anchor::Send, &[("send", Anchor::Send), ("open", Anchor::Open), ("click", Anchor::Click)])
}

fn days(value: Option<u32>, option: &str, default: u32, max: u32) -> Result<u32> {
    match value {
        None => Ok(default),
        Some(d) if (1..=max).contains(&d) => Ok(d),
        Some(d) => Err(invalid(option, format!("must be a whole number of days 1 … {max}, got {d}"))),
    }
}

/// `ds.campaigns(options)`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CampaignsInput {
    pub attribution: Option<String>,
    pub attribution_days: Option<u32>,
    pub group_by: Option<OneOrMany<String>>,
    pub campaigns: Option<OneOrMany<String>>,
    pub rfm: Option<RfmInput>,
    pub cpm: Option<CpmInput>,
}

impl CampaignsInput {
    pub fn check(self) -> Result<CampaignsParams> {
        let group_by = self.group_by.map_or_else(|| vec!["campaign".to_string()], |g| g.to_vec());
        if group_by.len() > 4 {
            return Err(invalid("groupBy", format!("at most 4 dimensions, got {}", group_by.len())));
        }
        Ok(CampaignsParams {
            attribution: anchor(self.attribution.as_deref())?,
            attribution_days: days(self.attribution_days, "attributionDays", 5, 90)?,
            group_by,
            campaigns: self.campaigns.map(|c| c.to_vec()),
            rfm: self.rfm.unwrap_or_default().check("rfm")?,
            cpm: self.cpm.unwrap_or_default().check("cpm")?,
        })
    }
}

/// `ds.compareVariants(options)`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompareVariantsInput {
    pub campaign: Option<OneOrMany<String>>,
    pub baseline: Option<String>,
    pub metric: Option<String>,
    pub attribution_days: Option<u32>,
    pub by: Option<String>,
    pub rfm: Option<RfmInput>,
    pub cpm: Option<CpmInput>,
}

impl CompareVariantsInput {
    pub fn check(self) -> Result<CompareParams> {
        let metric = one_of(
            self.metric.as_deref(),
            "metric",
            Metric::Conversion,
            &[("open", Metric::Open), ("click", Metric::Click), ("conversion", Metric::Conversion), ("revenue", Metric::Revenue)],
        )?;
        Ok(CompareParams {
            campaigns: self.campaign.map(|c| c.to_vec()).unwrap_or_default(),
            baseline: self.baseline,
            metric,
            attribution_days: days(self.attribution_days, "attributionDays", 5, 90)?,
            by: self.by,
            rfm: self.rfm.unwrap_or_default().check("rfm")?,
            cpm: self.cpm.unwrap_or_default().check("cpm")?,
        })
    }
}

/// `ds.campaignFactors(options)`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CampaignFactorsInput {
    pub campaigns: Option<OneOrMany<String>>,
    pub metric: Option<String>,
    pub attribution: Option<String>,
    pub attribution_days: Option<u32>,
    pub factors: Option<Vec<String>>,
    pub rfm: Option<RfmInput>,
    pub cpm: Option<CpmInput>,
}

impl CampaignFactorsInput {
    pub fn check(self) -> Result<FactorsParams> {
        let defaults = FactorsParams::default();
        let factors = self.factors.unwrap_or(defaults.factors);
        if factors.len() > 4 {
            return Err(invalid("factors", format!("at most 4 factors, got {}", factors.len())));
        }
        Ok(FactorsParams {
            campaigns: self.campaigns.map(|c| c.to_vec()),
            metric: one_of(self.metric.as_deref(), "metric", Outcome::Conversion, &[("open", Outcome::Open), ("click", Outcome::Click), ("conversion", Outcome::Conversion)])?,
            attribution: anchor(self.attribution.as_deref())?,
            attribution_days: days(self.attribution_days, "attributionDays", 5, 90)?,
            factors,
            rfm: self.rfm.unwrap_or_default().check("rfm")?,
            cpm: self.cpm.unwrap_or_default().check("cpm")?,
        })
    }
}

/// `ds.sendTimes(options)`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SendTimesInput {
    pub campaigns: Option<OneOrMany<String>>,
    pub attribution: Option<String>,
    pub attribution_days: Option<u32>,
    pub min_units: Option<u32>,
}

impl SendTimesInput {
    pub fn check(self) -> Result<SendTimesParams> {
        Ok(SendTimesParams {
            campaigns: self.campaigns.map(|c| c.to_vec()),
            attribution: anchor(self.attribution.as_deref())?,
            attribution_days: days(self.attribution_days, "attributionDays", 5, 90)?,
            min_units: days(self.min_units, "minUnits", 30, 1_000_000)? as u64,
        })
    }
}

/// `ds.fatigue(options)`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FatigueInput {
    pub campaigns: Option<OneOrMany<String>>,
    pub window_days: Option<u32>,
}

impl FatigueInput {
    pub fn check(self) -> Result<FatigueParams> {
        Ok(FatigueParams { campaigns: self.campaigns.map(|c| c.to_vec()), window_days: days(self.window_days, "windowDays", 30, 365)? })
    }
}

/// `ds.stepMails(options)`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StepMailsInput {
    pub campaign: Option<String>,
    pub attribution: Option<String>,
    pub attribution_days: Option<u32>,
    pub f2_days: Option<u32>,
}

impl StepMailsInput {
    pub fn check(self) -> Result<StepMailsParams> {
        Ok(StepMailsParams {
            campaign: self.campaign.unwrap_or_default(),
            attribution: anchor(self.attribution.as_deref())?,
            attribution_days: days(self.attribution_days, "attributionDays", 5, 90)?,
            f2_days: days(self.f2_days, "f2Days", 90, 730)?,
        })
    }
}

/// `ds.campaignMembers(selector)`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CampaignMembersInput {
    pub campaigns: Option<OneOrMany<String>>,
    pub status: Option<String>,
    pub attribution: Option<String>,
    pub attribution_days: Option<u32>,
    /// Dimension → label of a `campaigns()` group (`{ variant: 'B', rfmSegment: 'champions' }`).
    pub group: Option<BTreeMap<String, String>>,
    pub rfm: Option<RfmInput>,
    pub cpm: Option<CpmInput>,
}

impl CampaignMembersInput {
    pub fn check(self) -> Result<CampaignMembersParams> {
        Ok(CampaignMembersParams {
            campaigns: self.campaigns.map(|c| c.to_vec()),
            status: one_of(self.status.as_deref(), "status", crate::campaigns::members::Status::Recipients, &STATUSES)?,
            attribution: anchor(self.attribution.as_deref())?,
            attribution_days: days(self.attribution_days, "attributionDays", 5, 90)?,
            filters: self.group.unwrap_or_default().into_iter().collect(),
            rfm: self.rfm.unwrap_or_default().check("rfm")?,
            cpm: self.cpm.unwrap_or_default().check("cpm")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks() {
        assert_eq!(utc_offset("+09:00").unwrap(), 32_400);
        assert_eq!(utc_offset("-0530").unwrap(), -19_800);
        assert_eq!(utc_offset("Z").unwrap(), 0);
        assert_eq!(utc_offset("JST").unwrap_err().option().as_deref(), Some("utcOffset"));
        let bad = CampaignsInput { attribution_days: Some(0), ..Default::default() }.check().unwrap_err();
        assert_eq!(bad.option().as_deref(), Some("attributionDays"));
        let bad = CampaignsInput { attribution: Some("opne".into()), ..Default::default() }.check().unwrap_err();
        assert!(bad.to_string().contains("did you mean 'open'"), "{bad}");
        assert_eq!(CampaignsInput::default().check().unwrap(), CampaignsParams::default());
        assert_eq!(CampaignFactorsInput::default().check().unwrap(), FactorsParams::default());
        assert_eq!(SendTimesInput::default().check().unwrap(), SendTimesParams::default());
        assert_eq!(StepMailsInput::default().check().unwrap().f2_days, 90);
    }
}
