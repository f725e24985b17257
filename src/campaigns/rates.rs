//! `ds.campaigns()`: recipients, delivery, opens, clicks, conversions and revenue per group, each
//! rate with a Wilson 95 % interval (`docs/campaigns.md` §3). Conversions are last-touch
//! attributed ([`super::attribution`]); a rate the log cannot tell (LINE opens) is `NaN`.

use super::attribution::{last_touch, Anchor, Credits};
use super::dims::{self, Labels};
use super::log::{MessageLog, BLOCKED, BOUNCED, CLICKED, CONTROL, DELIVERED, OPENED, SPAM, UNSUBSCRIBED};
use super::stats::wilson;
use crate::dataset::Dataset;
use crate::dates::format_date;
use crate::error::{Error, Result};
use crate::hash::FxHashMap;
use crate::report::Warning;
use crate::segments::cpm::CpmParams;
use crate::segments::rfm::RfmParams;
use serde::Serialize;

/// Validated options of `campaigns`.
#[derive(Clone, Debug, PartialEq)]
pub struct CampaignsParams {
    pub attribution: Anchor,
    pub attribution_days: u32,
    pub group_by: Vec<String>,
    /// Only these campaigns (by name); `None` = all.
    pub campaigns: Option<Vec<String>>,
    pub rfm: RfmParams,
    pub cpm: CpmParams,
}

impl Default for CampaignsParams {
    fn default() -> Self {
        CampaignsParams { attribution: Anchor::Send, attribution_days: 5, group_by: vec!["campaign".into()], campaigns: None, rfm: RfmParams::default(), cpm: CpmParams::default() }
    }
}

/// A rate and its Wilson 95 % interval (`NaN` when the log cannot tell it, or nothing to divide).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Rate {
    pub value: f64,
    pub low: f64,
    pub high: f64,
}

impl Rate {
    pub fn of(k: u64, n: u64) -> Rate {
        if n == 0 {
            return Rate::unknown();
        }
        let (low, high) = wilson(k, n);
        Rate { value: k as f64 / n as f64, low, high }
    }
    pub fn unknown() -> Rate {
        Rate { value: f64::NAN, low: f64::NAN, high: f64::NAN }
    }
}

/// Counts of a group of units.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Tally {
    pub recipients: u64,
    pub delivered: u64,
    /// Delivered units whose channel tells opens / clicks (the denominators of those rates).
    pub open_known: u64,
    pub click_known: u64,
    pub opened: u64,
    pub clicked: u64,
    /// Opened units whose channel tells clicks (the denominator of CTOR).
    pub opened_click_known: u64,
    pub clicked_of_opened: u64,
    pub converted: u64,
    pub orders: u64,
    pub revenue: f64,
    pub bounced: u64,
    pub unsubscribed: u64,
    pub blocked: u64,
    pub spam: u64,
    pub control: u64,
    pub first_sent: i64,
    pub last_sent: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CampaignRow {
    /// One label per `groupBy` dimension.
    pub group: Vec<String>,
    pub recipients: u64,
    pub delivered: u64,
    pub opened: u64,
    pub clicked: u64,
    pub converted: u64,
    pub orders: u64,
    pub revenue: f64,
    pub bounced: u64,
    pub unsubscribed: u64,
    pub blocked: u64,
    pub spam: u64,
    /// Control-group customers of the group (not sent; not in the other counts).
    pub control: u64,
    pub open_rate: Rate,
    pub click_rate: Rate,
    pub click_to_open_rate: Rate,
    pub conversion_rate: Rate,
    pub revenue_per_recipient: f64,
    pub bounce_rate: Rate,
    pub unsubscribe_rate: Rate,
    pub block_rate: Rate,
    pub spam_rate: Rate,
    pub first_sent: String,
    pub last_sent: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CampaignsResult {
    pub attribution: &'static str,
    pub attribution_days: u32,
    pub group_by: Vec<String>,
    pub rows: Vec<CampaignRow>,
    pub total: CampaignRow,
    pub warnings: Vec<Warning>,
}

/// The message log, or the error saying how to add one.
pub fn log_of(ds: &Dataset) -> Result<&MessageLog> {
    ds.messages.as_ref().ok_or_else(|| Error::InsufficientData {
        message: "no message log: add one with ds.addMessages(bytes) (one row per message sent, or per event)".into(),
    })
}

/// Per unit: converted, orders and revenue by last touch.
pub struct UnitOutcomes {
    pub orders: Vec<u32>,
    pub revenue: Vec<f64>,
}

pub fn unit_outcomes(log: &MessageLog, credits: &Credits) -> UnitOutcomes {
    let mut out = UnitOutcomes { orders: vec![0; log.units()], revenue: vec![0.0; log.units()] };
    for m in 0..log.messages() {
        let u = log.unit_of_message[m] as usize;
        out.orders[u] += credits.orders[m];
        out.revenue[u] += credits.revenue[m];
    }
    out
}

impl Tally {
    pub fn add(&mut self, log: &MessageLog, u: usize, orders: u32, revenue: f64) {
        let flags = log.unit_flags[u];
        let m = log.unit_first[u] as usize;
        if self.recipients == 0 && self.control == 0 {
            self.first_sent = i64::MAX;
            self.last_sent = i64::MIN;
        }
        self.first_sent = self.first_sent.min(log.sent[m]);
        self.last_sent = self.last_sent.max(log.sent[m]);
        if flags & CONTROL != 0 {
            self.control += 1;
            return;
        }
        let channel = log.channel[m] as usize;
        let has = |bit: u8| flags & bit != 0;
        self.recipients += 1;
        if has(BOUNCED) {
            self.bounced += 1;
        }
        if has(DELIVERED) {
            self.delivered += 1;
            let (opens, clicks) = (log.known.opens[channel], log.known.clicks[channel]);
            if opens {
                self.open_known += 1;
                self.opened += has(OPENED) as u64;
            }
            if clicks {
                self.click_known += 1;
                self.clicked += has(CLICKED) as u64;
                if opens && has(OPENED) {
                    self.opened_click_known += 1;
                    self.clicked_of_opened += has(CLICKED) as u64;
                }
            }
            self.unsubscribed += has(UNSUBSCRIBED) as u64;
            self.blocked += has(BLOCKED) as u64;
            self.spam += has(SPAM) as u64;
            if orders > 0 {
                self.converted += 1;
                self.orders += orders as u64;
                self.revenue += revenue;
            }
        }
    }

    pub fn row(&self, log: &MessageLog, group: Vec<String>) -> CampaignRow {
        let known = &log.known;
        let rate = |ok: bool, k: u64, n: u64| if ok { Rate::of(k, n) } else { Rate::unknown() };
        let date = |t: i64| if self.recipients + self.control == 0 { String::new() } else { format_date(t.div_euclid(86_400) as i32) };
        CampaignRow {
            group,
            recipients: self.recipients,
            delivered: self.delivered,
            opened: self.opened,
            clicked: self.clicked,
            converted: self.converted,
            orders: self.orders,
            revenue: self.revenue,
            bounced: self.bounced,
            unsubscribed: self.unsubscribed,
            blocked: self.blocked,
            spam: self.spam,
            control: self.control,
            open_rate: rate(self.open_known > 0, self.opened, self.open_known),
            click_rate: rate(self.click_known > 0, self.clicked, self.click_known),
            click_to_open_rate: rate(self.opened_click_known > 0, self.clicked_of_opened, self.opened_click_known),
            conversion_rate: Rate::of(self.converted, self.delivered),
            revenue_per_recipient: if self.recipients == 0 { f64::NAN } else { self.revenue / self.recipients as f64 },
            bounce_rate: rate(known.bounces || known.delivery.iter().any(|&d| d), self.bounced, self.recipients),
            unsubscribe_rate: rate(known.unsubscribes, self.unsubscribed, self.delivered),
            block_rate: rate(known.blocks, self.blocked, self.delivered),
            spam_rate: rate(known.spam, self.spam, self.delivered),
            first_sent: date(self.first_sent),
            last_sent: date(self.last_sent),
        }
    }
}

/// The units of the selected campaigns (`None` = all), or an error naming the unknown one.
pub fn selected_units(log: &MessageLog, campaigns: Option<&[String]>, option: &str) -> Result<Vec<bool>> {
    let Some(names) = campaigns else { return Ok(vec![true; log.units()]) };
    let mut wanted = vec![false; log.campaigns.len()];
    for name in names {
        let Some(c) = log.campaigns.iter().position(|c| c == name) else {
            let known: Vec<&str> = log.campaigns.iter().collect();
            return Err(Error::InvalidOption {
                option: option.into(),
                message: format!("no campaign \"{name}\" in the message log; campaigns: {}", known.iter().take(20).copied().collect::<Vec<_>>().join(", ")),
            });
        };
        wanted[c] = true;
    }
    Ok((0..log.units()).map(|u| wanted[log.campaign[log.unit_first[u] as usize] as usize]).collect())
}

pub fn campaigns(ds: &Dataset, p: &CampaignsParams) -> Result<CampaignsResult> {
    let log = log_of(ds)?;
    for name in &p.group_by {
        dims::check(ds, name, "groupBy")?;
    }
    let selected = selected_units(log, p.campaigns.as_deref(), "campaigns")?;
    let credits = last_touch(ds, log, p.attribution, p.attribution_days);
    let outcomes = unit_outcomes(log, &credits);
    let dims: Vec<Labels> = p.group_by.iter().map(|name| dims::unit_labels(ds, log, name, &p.rfm, &p.cpm)).collect::<Result<_>>()?;
    let mut groups: FxHashMap<Vec<u32>, Tally> = FxHashMap::default();
    let mut total = Tally::default();
    let mut key = Vec::with_capacity(dims.len());
    for (u, _) in selected.iter().enumerate().filter(|(_, &s)| s) {
        key.clear();
        key.extend(dims.iter().map(|d| d.of_unit[u]));
        let (orders, revenue) = (outcomes.orders[u], outcomes.revenue[u]);
        groups.entry(key.clone()).or_default().add(log, u, orders, revenue);
        total.add(log, u, orders, revenue);
    }
    let mut keys: Vec<Vec<u32>> = groups.keys().cloned().collect();
    keys.sort_unstable();
    let rows = keys.iter().map(|k| groups[k].row(log, k.iter().zip(&dims).map(|(&i, d)| d.labels[i as usize].clone()).collect())).collect();
    let mut warnings = Vec::new();
    if p.attribution != Anchor::Send && log.known.opens.iter().all(|&k| !k) && p.attribution == Anchor::Open {
        warnings.push(Warning { code: "no_opens", message: "the log has no opens: attribution 'open' credits nothing; use 'click' or 'send'".into(), line: None });
    }
    if p.attribution == Anchor::Click && log.known.clicks.iter().all(|&k| !k) {
        warnings.push(Warning { code: "no_clicks", message: "the log has no clicks: attribution 'click' credits nothing; use 'send'".into(), line: None });
    }
    Ok(CampaignsResult {
        attribution: p.attribution.as_str(),
        attribution_days: p.attribution_days,
        group_by: p.group_by.clone(),
        rows,
        total: total.row(log, Vec::new()),
        warnings,
    })
}
