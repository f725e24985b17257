//! `ds.stepMails()` (ステップメール): a scenario campaign's steps — sends, opens, clicks and
//! last-touch conversions per step — and whether first-time buyers who received it made their
//! 2nd purchase (F2) more often than those who did not (`docs/campaigns.md` §6).

use super::attribution::{last_touch, Anchor};
use super::compare::campaign_index;
use super::log::{CLICKED, CONTROL, DELIVERED, OPENED};
use super::rates::{log_of, Rate};
use super::stats::{two_proportions, TwoProportions};
use crate::dataset::{Dataset, NONE};
use crate::dates::format_date;
use crate::error::{Error, Result};
use crate::report::Warning;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq)]
pub struct StepMailsParams {
    pub campaign: String,
    pub attribution: Anchor,
    pub attribution_days: u32,
    /// A 2nd purchase within this many days of the first counts as F2.
    pub f2_days: u32,
}

impl Default for StepMailsParams {
    fn default() -> Self {
        StepMailsParams { campaign: String::new(), attribution: Anchor::Send, attribution_days: 5, f2_days: 90 }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StepRow {
    /// The step column's value, else the position of the message among the recipient's (1, 2, …).
    pub step: String,
    pub messages: u64,
    pub delivered: u64,
    pub opened: u64,
    pub clicked: u64,
    pub converted: u64,
    pub revenue: f64,
    pub open_rate: Rate,
    pub click_rate: Rate,
    pub conversion_rate: Rate,
    /// Median days from the recipient's first purchase to this step (NaN for non-buyers only).
    pub median_days_after_first_purchase: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct F2Comparison {
    pub f2_days: u32,
    /// First purchases between these days are in the population (and could be observed for `f2Days`).
    pub from: String,
    pub to: String,
    pub received: u64,
    pub received_f2: u64,
    pub received_rate: Rate,
    pub not_received: u64,
    pub not_received_f2: u64,
    pub not_received_rate: Rate,
    pub test: TwoProportions,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StepMailsResult {
    pub campaign: String,
    pub steps: Vec<StepRow>,
    pub f2: Option<F2Comparison>,
    pub warnings: Vec<Warning>,
}

#[derive(Default, Clone)]
struct StepTally {
    messages: u64,
    delivered: u64,
    open_known: u64,
    opened: u64,
    click_known: u64,
    clicked: u64,
    converted: u64,
    revenue: f64,
    days: Vec<i64>,
}

fn median(v: &mut [i64]) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_unstable();
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2] as f64
    } else {
        (v[n / 2 - 1] + v[n / 2]) as f64 / 2.0
    }
}

pub fn step_mails(ds: &Dataset, p: &StepMailsParams) -> Result<StepMailsResult> {
    let log = log_of(ds)?;
    if p.campaign.is_empty() {
        return Err(Error::InvalidOption { option: "campaign".into(), message: "give the scenario campaign (its name in the message log)".into() });
    }
    let campaign = campaign_index(log, &p.campaign, "campaign")?;
    let credits = last_touch(ds, log, p.attribution, p.attribution_days);
    let first_purchase: Vec<Option<i32>> =
        (0..ds.customers()).map(|c| ds.customer_orders(c).find(|&o| ds.order_amount[o] >= 0.0).map(|o| ds.order_date[o])).collect();
    let has_steps = (0..log.messages()).any(|m| log.campaign[m] == campaign && log.step[m] != NONE);
    let mut labels: Vec<String> = Vec::new();
    let mut tallies: Vec<StepTally> = Vec::new();
    let mut first_send = i64::MAX;
    let mut last_send = i64::MIN;
    let mut received_after: Vec<Option<i64>> = vec![None; ds.customers()];
    for r in 0..log.recipient_keys.len() {
        let customer = log.recipient_customer[r];
        let mut position = 0;
        for m in log.recipient_messages(r) {
            if log.campaign[m] != campaign || log.flags[m] & CONTROL != 0 {
                continue;
            }
            position += 1;
            first_send = first_send.min(log.sent[m]);
            last_send = last_send.max(log.sent[m]);
            let label = if has_steps { if log.step[m] == NONE { String::new() } else { log.steps.get(log.step[m]).to_string() } } else { position.to_string() };
            let i = match labels.iter().position(|l| *l == label) {
                Some(i) => i,
                None => {
                    labels.push(label);
                    tallies.push(StepTally::default());
                    labels.len() - 1
                }
            };
            let t = &mut tallies[i];
            let f = log.flags[m];
            t.messages += 1;
            if f & DELIVERED != 0 {
                t.delivered += 1;
                let c = log.channel[m] as usize;
                if log.known.opens[c] {
                    t.open_known += 1;
                    t.opened += (f & OPENED != 0) as u64;
                }
                if log.known.clicks[c] {
                    t.click_known += 1;
                    t.clicked += (f & CLICKED != 0) as u64;
                }
            }
            if credits.orders[m] > 0 {
                t.converted += 1;
                t.revenue += credits.revenue[m];
            }
            if customer != NONE {
                if let Some(first) = first_purchase[customer as usize] {
                    let day = log.sent[m].div_euclid(86_400);
                    t.days.push(day - first as i64);
                    let slot = &mut received_after[customer as usize];
                    *slot = Some(slot.map_or(log.sent[m], |s| s.min(log.sent[m])));
                }
            }
        }
    }
    if labels.is_empty() {
        return Err(Error::InsufficientData { message: format!("campaign \"{}\" has no messages sent", p.campaign) });
    }
    // Steps in numeric order when they are numbers, else by name.
    let mut order: Vec<usize> = (0..labels.len()).collect();
    crate::sort::sort_by(&mut order, |&a, &b| match (labels[a].parse::<f64>(), labels[b].parse::<f64>()) {
        (Ok(x), Ok(y)) => x.partial_cmp(&y).unwrap_or(std::cmp::Ordering::Equal),
        _ => labels[a].cmp(&labels[b]),
    });
    let steps = order
        .iter()
        .map(|&i| {
            let t = &mut tallies[i];
            StepRow {
                step: labels[i].clone(),
                messages: t.messages,
                delivered: t.delivered,
                opened: t.opened,
                clicked: t.clicked,
                converted: t.converted,
                revenue: t.revenue,
                open_rate: if t.open_known > 0 { Rate::of(t.opened, t.open_known) } else { Rate::unknown() },
                click_rate: if t.click_known > 0 { Rate::of(t.clicked, t.click_known) } else { Rate::unknown() },
                conversion_rate: Rate::of(t.converted, t.delivered),
                median_days_after_first_purchase: median(&mut t.days),
            }
        })
        .collect();

    // F2 of first-time buyers in the scenario's period, observable for f2Days.
    let mut warnings = Vec::new();
    let last_order = ds.last_date()?;
    let from = (first_send.div_euclid(86_400) as i32).saturating_sub(p.f2_days as i32);
    let to = (last_send.div_euclid(86_400) as i32).min(last_order - p.f2_days as i32);
    let f2 = if to < from {
        warnings.push(Warning {
            code: "f2_not_observable",
            message: format!("the order history ends before first purchases of the scenario's period can be followed for {} days", p.f2_days),
            line: None,
        });
        None
    } else {
        let (mut rec, mut rec_f2, mut not, mut not_f2) = (0u64, 0u64, 0u64, 0u64);
        for c in 0..ds.customers() {
            let Some(first) = first_purchase[c] else { continue };
            if first < from || first > to {
                continue;
            }
            let end = first + p.f2_days as i32;
            let purchases = ds.customer_orders(c).filter(|&o| ds.order_amount[o] >= 0.0 && ds.order_date[o] <= end).count();
            let repeated = purchases >= 2;
            let got = received_after[c].is_some_and(|t| t.div_euclid(86_400) <= end as i64);
            if got {
                rec += 1;
                rec_f2 += repeated as u64;
            } else {
                not += 1;
                not_f2 += repeated as u64;
            }
        }
        Some(F2Comparison {
            f2_days: p.f2_days,
            from: format_date(from),
            to: format_date(to),
            received: rec,
            received_f2: rec_f2,
            received_rate: Rate::of(rec_f2, rec),
            not_received: not,
            not_received_f2: not_f2,
            not_received_rate: Rate::of(not_f2, not),
            test: two_proportions(rec_f2, rec, not_f2, not),
        })
    };
    Ok(StepMailsResult { campaign: p.campaign.clone(), steps, f2, warnings })
}
