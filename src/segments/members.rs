//! Target lists: the customers of a segment as CSV for the mail / LINE tool (the "drill to list"
//! every Japanese CRM tool has). Filters on RFM segment, CPM group and decile combine with AND;
//! each takes one value or a list. The CSV (crmkit's one export writer: UTF-8 with BOM, RFC 4180,
//! formula neutralisation) has one row per customer with the metrics behind the selection.

use super::cpm::{cpm, CpmParams, GROUP_NAMES, NOT_A_CUSTOMER};
use super::decile::{deciles, DecileParams};
use super::rfm::{rfm, RfmParams, NO_SEGMENT};
use crate::dataset::Dataset;
use crate::dates::format_date;
use crate::error::{Error, Result};
use crate::export::{to_csv, Cell};

/// Validated selection of `segmentMembers` (filters combine with AND).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MembersParams {
    /// RFM segment keys (`champions`) or display names (`優良顧客`).
    pub rfm_segment: Option<Vec<String>>,
    /// CPM group keys (`active_top`) or display names.
    pub cpm_group: Option<Vec<String>>,
    /// Deciles 1–10.
    pub decile: Option<Vec<u8>>,
    pub rfm: RfmParams,
    pub cpm: CpmParams,
    pub deciles: DecileParams,
}

/// The selected customers as CSV bytes, and how many there are.
pub fn segment_members(ds: &Dataset, input: &MembersParams) -> Result<(Vec<u8>, u64)> {
    let r = rfm(ds, &input.rfm)?;
    let c = cpm(ds, &input.cpm)?;
    let d = deciles(ds, &input.deciles)?;

    let rfm_wanted: Option<Vec<u8>> = match &input.rfm_segment {
        None => None,
        Some(v) => Some(
            v.iter()
                .map(|wanted| {
                    r.segments.iter().find(|s| s.key == *wanted || s.name == *wanted).map(|s| s.id).ok_or_else(|| Error::InvalidOption {
                        option: "rfmSegment".into(),
                        message: format!(
                            "no RFM segment \"{wanted}\"; segments: {}",
                            r.segments.iter().map(|s| format!("{} ({})", s.key, s.name)).collect::<Vec<_>>().join(", ")
                        ),
                    })
                })
                .collect::<Result<_>>()?,
        ),
    };
    let cpm_wanted: Option<Vec<u8>> = match &input.cpm_group {
        None => None,
        Some(v) => Some(
            v.iter()
                .map(|wanted| {
                    GROUP_NAMES.iter().position(|(k, en, ja)| k == wanted || en == wanted || ja == wanted).map(|p| p as u8).ok_or_else(|| {
                        Error::InvalidOption {
                            option: "cpmGroup".into(),
                            message: format!("no CPM group \"{wanted}\"; groups: {}", GROUP_NAMES.map(|g| g.0).join(", ")),
                        }
                    })
                })
                .collect::<Result<_>>()?,
        ),
    };
    let decile_wanted = &input.decile;

    let segment_name = |id: u8| r.segments.iter().find(|s| s.id == id).map(|s| s.key.as_str()).unwrap_or("");
    let mut rows: Vec<Vec<Cell<'_>>> = Vec::new();
    let mut texts: Vec<[String; 2]> = Vec::new();
    let mut selected = Vec::new();
    for i in 0..ds.customers() {
        let ok = rfm_wanted.as_ref().is_none_or(|w| r.segment[i] != NO_SEGMENT && w.contains(&r.segment[i]))
            && cpm_wanted.as_ref().is_none_or(|w| c.group[i] != NOT_A_CUSTOMER && w.contains(&c.group[i]))
            && decile_wanted.as_ref().is_none_or(|w| d.decile[i] != 0 && w.contains(&d.decile[i]));
        if ok {
            selected.push(i);
        }
    }
    // First / last purchase as of the RFM `asOf`, like the metrics beside them.
    let as_of_day = ds.as_of(input.rfm.as_of)?;
    for &i in &selected {
        let orders: Vec<usize> =
            ds.customer_orders(i).filter(|&o| ds.order_amount[o] >= 0.0 && ds.order_date[o] < as_of_day).collect();
        let first = orders.first().map(|&o| format_date(ds.order_date[o])).unwrap_or_default();
        let last = orders.last().map(|&o| format_date(ds.order_date[o])).unwrap_or_default();
        texts.push([first, last]);
    }
    for (k, &i) in selected.iter().enumerate() {
        let score = |s: u8| if s == 0 { Cell::Empty } else { Cell::Number(s as f64) };
        rows.push(vec![
            Cell::id(ds, ds.customer_ids.get(i as u32)),
            Cell::Text(segment_name(r.segment[i])),
            if r.recency[i].is_nan() { Cell::Empty } else { Cell::Number(r.recency[i]) },
            Cell::Number(r.frequency[i] as f64),
            Cell::Number(r.monetary[i]),
            score(r.r_score[i]),
            score(r.f_score[i]),
            score(r.m_score[i]),
            Cell::Text(if c.group[i] == NOT_A_CUSTOMER { "" } else { GROUP_NAMES[c.group[i] as usize].0 }),
            if d.decile[i] == 0 { Cell::Empty } else { Cell::Number(d.decile[i] as f64) },
            Cell::Text(&texts[k][0]),
            Cell::Text(&texts[k][1]),
        ]);
    }
    let headers = [
        "customer_id", "rfm_segment", "recency_days", "frequency", "monetary", "r_score", "f_score", "m_score", "cpm_group", "decile",
        "first_purchase", "last_purchase",
    ];
    Ok((to_csv(&headers, rows), selected.len() as u64))
}
