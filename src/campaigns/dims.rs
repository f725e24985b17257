//! Grouping dimensions of campaign units (`groupBy`): the message's own (campaign, channel,
//! variant, subject, send hour, weekday) and the customer's (RFM segment, CPM group, decile,
//! attributes) — the latter **as of the campaign's start**, so a campaign's own purchases do not
//! move its recipients between segments.

use super::log::{MessageLog, CONTROL};
use crate::crosstab::{check_dimension, customer_dimension};
use crate::dataset::{Dataset, NONE, UNKNOWN};
use crate::error::{Error, Result};
use crate::hash::FxHashMap;
use crate::segments::cpm::CpmParams;
use crate::segments::rfm::RfmParams;

/// Label of recipients who had not bought before the campaign started (or never did).
pub const PROSPECT: &str = "prospect";
/// The arm and `variant` level of the control group.
pub const CONTROL_ARM: &str = "control";

pub const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// The message dimensions; any other name is a customer dimension.
pub const MESSAGE_DIMENSIONS: [&str; 6] = ["campaign", "channel", "variant", "subject", "sendHour", "weekday"];

/// Campaign start days above which segments are taken at the start of the campaign's month
/// (each distinct day is one RFM / CPM / decile computation).
const MAX_SEGMENT_DAYS: usize = 36;

/// Dictionary entries in label order. (One sort for every caller: each sort closure is its own
/// copy of the sort code in the wasm.)
pub fn sort_by_label(dict: &crate::dataset::Dictionary, order: &mut [usize]) {
    crate::sort::sort_unstable_by(order, |&a, &b| dict.get(a as u32).cmp(dict.get(b as u32)));
}

/// Check a `groupBy` name before any work.
pub fn check(ds: &Dataset, name: &str, option: &str) -> Result<()> {
    if MESSAGE_DIMENSIONS.contains(&name) {
        return Ok(());
    }
    check_dimension(ds, name, option).map_err(|e| match e {
        Error::InvalidOption { option, message } => {
            Error::InvalidOption { option, message: format!("{message}; or a message dimension: {}", MESSAGE_DIMENSIONS.join(", ")) }
        }
        other => other,
    })
}

/// A dimension's labels, in display order, and each unit's label index.
pub struct Labels {
    pub name: String,
    pub labels: Vec<String>,
    pub of_unit: Vec<u32>,
}

fn day_of(stamp: i64) -> i32 {
    stamp.div_euclid(86_400) as i32
}

/// The labels of dimension `name` for every unit of the log.
pub fn unit_labels(ds: &Dataset, log: &MessageLog, name: &str, rfm: &RfmParams, cpm: &CpmParams) -> Result<Labels> {
    let first = |u: usize| log.unit_first[u] as usize;
    let units = log.units();
    let (labels, of_unit): (Vec<String>, Vec<u32>) = match name {
        "campaign" => {
            // Campaigns in the order they started.
            let mut starts: Vec<(i64, usize)> = (0..log.campaigns.len()).map(|c| (log.campaign_start[c], c)).collect();
            starts.sort_unstable();
            let order: Vec<usize> = starts.into_iter().map(|(_, c)| c).collect();
            let mut rank = vec![0u32; order.len()];
            for (i, &c) in order.iter().enumerate() {
                rank[c] = i as u32;
            }
            (order.iter().map(|&c| log.campaigns.get(c as u32).to_string()).collect(), (0..units).map(|u| rank[log.campaign[first(u)] as usize]).collect())
        }
        "channel" => (log.channels.clone(), (0..units).map(|u| log.channel[first(u)] as u32).collect()),
        "variant" | "subject" => {
            let (dict, of) = if name == "variant" { (&log.variants, &log.variant) } else { (&log.subjects, &log.subject) };
            let mut order: Vec<usize> = (0..dict.len()).collect();
            sort_by_label(dict, &mut order);
            let mut rank = vec![0u32; order.len()];
            for (i, &v) in order.iter().enumerate() {
                rank[v] = i as u32;
            }
            let mut labels: Vec<String> = order.iter().map(|&v| dict.get(v as u32).to_string()).collect();
            labels.push(String::new());
            let none = (labels.len() - 1) as u32;
            // The control group is a variant level of its own, `control` (never `''`, the label of
            // sends without a variant).
            let control = (name == "variant").then(|| {
                labels.push(CONTROL_ARM.into());
                none + 1
            });
            let of_unit = (0..units)
                .map(|u| match (control, of[first(u)]) {
                    (Some(c), _) if log.unit_flags[u] & CONTROL != 0 => c,
                    (_, NONE) => none,
                    (_, v) => rank[v as usize],
                })
                .collect();
            (labels, of_unit)
        }
        "sendHour" => {
            let mut labels: Vec<String> = (0..24).map(|h| h.to_string()).collect();
            labels.push(UNKNOWN.into());
            (
                labels,
                (0..units)
                    .map(|u| {
                        let m = first(u);
                        if log.sent_timed[m] {
                            (log.sent[m].rem_euclid(86_400) / 3600) as u32
                        } else {
                            24
                        }
                    })
                    .collect(),
            )
        }
        // 1970-01-01 was a Thursday.
        "weekday" => (WEEKDAYS.iter().map(|s| s.to_string()).collect(), (0..units).map(|u| ((day_of(log.sent[first(u)]) as i64 + 3).rem_euclid(7)) as u32).collect()),
        _ => customer_labels(ds, log, name, rfm, cpm)?,
    };
    Ok(Labels { name: name.to_string(), labels, of_unit })
}

/// Customer dimensions, per unit, as of its campaign's start day.
fn customer_labels(ds: &Dataset, log: &MessageLog, name: &str, rfm: &RfmParams, cpm: &CpmParams) -> Result<(Vec<String>, Vec<u32>)> {
    let time_free = !matches!(name, "rfmSegment" | "cpmGroup" | "decile");
    let mut days: Vec<i32> = log.campaign_start.iter().filter(|&&s| s != i64::MAX).map(|&s| day_of(s)).collect();
    days.sort_unstable();
    days.dedup();
    let by_month = days.len() > MAX_SEGMENT_DAYS;
    let segment_day = |stamp: i64| {
        let d = day_of(stamp);
        if by_month {
            let (y, m, _) = crate::dates::civil_from_days(d);
            crate::dates::days_from_civil(y, m, 1)
        } else {
            d
        }
    };
    let mut labels: Vec<String> = Vec::new();
    let mut label_index: FxHashMap<String, u32> = FxHashMap::default();
    let mut global = |label: &str, labels: &mut Vec<String>| -> u32 {
        if let Some(&i) = label_index.get(label) {
            return i;
        }
        labels.push(label.to_string());
        label_index.insert(label.to_string(), (labels.len() - 1) as u32);
        (labels.len() - 1) as u32
    };
    // Per segment day: each customer's global label.
    let mut per_day: FxHashMap<i32, Vec<u32>> = FxHashMap::default();
    let mut of_unit = Vec::with_capacity(log.units());
    for u in 0..log.units() {
        let m = log.unit_first[u] as usize;
        let customer = log.recipient_customer[log.recipient[m] as usize];
        let day = if time_free { 0 } else { segment_day(log.campaign_start[log.campaign[m] as usize]) };
        if let std::collections::hash_map::Entry::Vacant(e) = per_day.entry(day) {
            let as_of = (!time_free).then_some(day);
            let rfm_at = RfmParams { as_of: as_of.or(rfm.as_of), ..rfm.clone() };
            let cpm_at = CpmParams { as_of: as_of.or(cpm.as_of), ..cpm.clone() };
            // No purchase before the day at all: everyone is a prospect.
            let mapped = match customer_dimension(ds, name, &rfm_at, &cpm_at, as_of, "groupBy") {
                Ok((names, of_customer)) => {
                    let map: Vec<u32> = names.iter().map(|l| global(l, &mut labels)).collect();
                    of_customer.iter().map(|&v| if v == NONE { NONE } else { map[v as usize] }).collect()
                }
                Err(Error::InsufficientData { .. }) => vec![NONE; ds.customers()],
                Err(e) => return Err(e),
            };
            e.insert(mapped);
        }
        let label = if customer == NONE { NONE } else { per_day[&day][customer as usize] };
        of_unit.push(label);
    }
    let prospect = if time_free { global(UNKNOWN, &mut labels) } else { global(PROSPECT, &mut labels) };
    for v in of_unit.iter_mut() {
        if *v == NONE {
            *v = prospect;
        }
    }
    Ok((labels, of_unit))
}
