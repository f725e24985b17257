//! `ds.campaignMembers(selector)`: the customers behind any campaign cell — the recipients of a
//! campaign, variant or group who opened, did not open, converted, … — as the target-list CSV for
//! the mail / LINE tool (crmkit's one export writer: UTF-8 with BOM, formula neutralisation).

use super::attribution::{last_touch, Anchor};
use super::dims;
use super::log::{BLOCKED, BOUNCED, CLICKED, CONTROL, DELIVERED, OPENED, UNSUBSCRIBED};
use super::rates::{log_of, selected_units, unit_outcomes};
use crate::dataset::{Dataset, NONE};
use crate::error::{Error, Result};
use crate::export::{to_csv, Cell};
use crate::segments::cpm::CpmParams;
use crate::segments::rfm::RfmParams;

/// Which units of the selection are listed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Status {
    #[default]
    Recipients,
    Delivered,
    Opened,
    NotOpened,
    Clicked,
    NotClicked,
    Converted,
    NotConverted,
    Bounced,
    Unsubscribed,
    Blocked,
    Control,
}

pub const STATUSES: [(&str, Status); 12] = [
    ("recipients", Status::Recipients),
    ("delivered", Status::Delivered),
    ("opened", Status::Opened),
    ("notOpened", Status::NotOpened),
    ("clicked", Status::Clicked),
    ("notClicked", Status::NotClicked),
    ("converted", Status::Converted),
    ("notConverted", Status::NotConverted),
    ("bounced", Status::Bounced),
    ("unsubscribed", Status::Unsubscribed),
    ("blocked", Status::Blocked),
    ("control", Status::Control),
];

#[derive(Clone, Debug, PartialEq)]
pub struct CampaignMembersParams {
    pub campaigns: Option<Vec<String>>,
    pub status: Status,
    pub attribution: Anchor,
    pub attribution_days: u32,
    /// (dimension, label): the units of a `campaigns()` group (`variant`, `sendHour`, `rfmSegment`, …).
    pub filters: Vec<(String, String)>,
    pub rfm: RfmParams,
    pub cpm: CpmParams,
}

impl Default for CampaignMembersParams {
    fn default() -> Self {
        CampaignMembersParams {
            campaigns: None,
            status: Status::Recipients,
            attribution: Anchor::Send,
            attribution_days: 5,
            filters: Vec::new(),
            rfm: RfmParams::default(),
            cpm: CpmParams::default(),
        }
    }
}

fn time_text(t: i64, timed: bool) -> String {
    let day = crate::dates::format_date(t.div_euclid(86_400) as i32);
    if !timed {
        return day;
    }
    let s = t.rem_euclid(86_400);
    format!("{day} {:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// The selected customers as CSV bytes, and how many rows.
pub fn campaign_members(ds: &Dataset, p: &CampaignMembersParams) -> Result<(Vec<u8>, u64)> {
    let log = log_of(ds)?;
    let mut keep = selected_units(log, p.campaigns.as_deref(), "campaigns")?;
    for (name, label) in &p.filters {
        dims::check(ds, name, name)?;
        let labels = dims::unit_labels(ds, log, name, &p.rfm, &p.cpm)?;
        let Some(wanted) = labels.labels.iter().position(|l| l == label) else {
            return Err(Error::InvalidOption {
                option: name.clone(),
                message: format!("no {name} \"{label}\" in the message log; values: {}", labels.labels.iter().take(30).cloned().collect::<Vec<_>>().join(", ")),
            });
        };
        for (u, k) in keep.iter_mut().enumerate() {
            *k &= labels.of_unit[u] == wanted as u32;
        }
    }
    let outcomes = unit_outcomes(log, &last_touch(ds, log, p.attribution, p.attribution_days));
    let mut rows = Vec::new();
    let mut texts = Vec::new();
    for u in (0..log.units()).filter(|&u| keep[u]) {
        let f = log.unit_flags[u];
        let sent = f & CONTROL == 0;
        let converted = outcomes.orders[u] > 0;
        let listed = match p.status {
            Status::Recipients => sent,
            Status::Delivered => sent && f & DELIVERED != 0,
            Status::Opened => sent && f & OPENED != 0,
            Status::NotOpened => sent && f & DELIVERED != 0 && f & OPENED == 0,
            Status::Clicked => sent && f & CLICKED != 0,
            Status::NotClicked => sent && f & DELIVERED != 0 && f & CLICKED == 0,
            Status::Converted => sent && converted,
            Status::NotConverted => sent && f & DELIVERED != 0 && !converted,
            Status::Bounced => sent && f & BOUNCED != 0,
            Status::Unsubscribed => sent && f & UNSUBSCRIBED != 0,
            Status::Blocked => sent && f & BLOCKED != 0,
            Status::Control => !sent,
        };
        if listed {
            let m = log.unit_first[u] as usize;
            texts.push(time_text(log.sent[m], log.sent_timed[m]));
            rows.push(u);
        }
    }
    let flag = |b: bool| Cell::Number(b as u8 as f64);
    let csv_rows = rows.iter().zip(&texts).map(|(&u, sent)| {
        let m = log.unit_first[u] as usize;
        let f = log.unit_flags[u];
        vec![
            Cell::id(ds, log.recipient_keys.get(log.recipient[m])),
            Cell::Text(log.campaigns.get(log.campaign[m])),
            if f & CONTROL != 0 { Cell::Text("control") } else if log.variant[m] == NONE { Cell::Empty } else { Cell::Text(log.variants.get(log.variant[m])) },
            Cell::Text(log.channel_name(m)),
            Cell::Text(sent),
            flag(f & OPENED != 0),
            flag(f & CLICKED != 0),
            flag(outcomes.orders[u] > 0),
            Cell::Number(outcomes.revenue[u]),
        ]
    });
    let headers = ["customer_id", "campaign", "variant", "channel", "sent_at", "opened", "clicked", "converted", "revenue"];
    Ok((to_csv(&headers, csv_rows), rows.len() as u64))
}
