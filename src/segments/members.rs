//! Target lists: the customers of a segment as CSV for the mail / LINE tool (the "drill to list"
//! every Japanese CRM tool has). Filters on RFM segment, CPM group and decile combine with AND;
//! each takes one value or a list. The CSV (crmkit's one export writer: UTF-8 with BOM, RFC 4180,
//! formula neutralisation) has one row per customer with the metrics behind the selection.

use super::cpm::{cpm, CpmParams, CpmResult, GROUP_NAMES, NOT_A_CUSTOMER};
use super::decile::{deciles, DecileParams, DecileResult};
use super::rfm::{rfm, RfmParams, RfmResult, NO_SEGMENT};
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

    let selected: Vec<usize> = (0..ds.customers())
        .filter(|&i| {
            rfm_wanted.as_ref().is_none_or(|w| r.segment[i] != NO_SEGMENT && w.contains(&r.segment[i]))
                && cpm_wanted.as_ref().is_none_or(|w| c.group[i] != NOT_A_CUSTOMER && w.contains(&c.group[i]))
                && decile_wanted.as_ref().is_none_or(|w| d.decile[i] != 0 && w.contains(&d.decile[i]))
        })
        .collect();
    let metrics = MemberMetrics { as_of: ds.as_of(input.rfm.as_of)?, rfm: r, cpm: c, deciles: d };
    Ok((metrics.csv(ds, &selected, &[]), selected.len() as u64))
}

/// The per-customer metrics a target list shows: RFM (recency, frequency, monetary, scores,
/// segment), CPM group, decile, and first / last purchase as of the RFM `asOf`.
pub struct MemberMetrics {
    /// The RFM `asOf` day: first / last purchase count orders before it, like the metrics.
    pub as_of: i32,
    pub rfm: RfmResult,
    pub cpm: CpmResult,
    pub deciles: DecileResult,
}

/// An extra numeric column of a target list: its header, values by customer index (NaN = empty)
/// and the decimals it is written with (`None`: the currency's minor unit).
pub type ExtraColumn<'a> = (&'static str, &'a [f64], Option<u8>);

impl MemberMetrics {
    pub fn compute(ds: &Dataset, rfm_params: &RfmParams, cpm_params: &CpmParams, decile_params: &DecileParams) -> Result<MemberMetrics> {
        Ok(MemberMetrics { as_of: ds.as_of(rfm_params.as_of)?, rfm: rfm(ds, rfm_params)?, cpm: cpm(ds, cpm_params)?, deciles: deciles(ds, decile_params)? })
    }

    /// The customer's RFM segment key ("" without one).
    pub fn segment_key(&self, i: usize) -> &str {
        self.rfm.segments.iter().find(|s| s.id == self.rfm.segment[i]).map(|s| s.key.as_str()).unwrap_or("")
    }

    /// The customer's CPM group key ("" when not a customer as of the CPM `asOf`).
    pub fn cpm_key(&self, i: usize) -> &'static str {
        if self.cpm.group[i] == NOT_A_CUSTOMER {
            ""
        } else {
            GROUP_NAMES[self.cpm.group[i] as usize].0
        }
    }

    /// First and last purchase day before `as_of`.
    pub fn first_last(&self, ds: &Dataset, i: usize) -> Option<(i32, i32)> {
        let mut days = ds.customer_orders(i).filter(|&o| ds.order_amount[o] >= 0.0 && ds.order_date[o] < self.as_of).map(|o| ds.order_date[o]);
        let first = days.next()?;
        Some((first, days.next_back().unwrap_or(first)))
    }

    /// The list as CSV (crmkit's export writer), one row per customer of `selected` in that order.
    pub fn csv(&self, ds: &Dataset, selected: &[usize], extra: &[ExtraColumn<'_>]) -> Vec<u8> {
        let (r, d) = (&self.rfm, &self.deciles);
        let dates: Vec<[String; 2]> = selected
            .iter()
            .map(|&i| self.first_last(ds, i).map(|(f, l)| [format_date(f), format_date(l)]).unwrap_or_default())
            .collect();
        let mut rows: Vec<Vec<Cell<'_>>> = Vec::with_capacity(selected.len());
        for (k, &i) in selected.iter().enumerate() {
            let score = |s: u8| if s == 0 { Cell::Empty } else { Cell::Number(s as f64) };
            let mut row = vec![
                Cell::id(ds, ds.customer_ids.get(i as u32)),
                Cell::Text(self.segment_key(i)),
                if r.recency[i].is_nan() { Cell::Empty } else { Cell::Number(r.recency[i]) },
                Cell::Number(r.frequency[i] as f64),
                Cell::Number(r.monetary[i]),
                score(r.r_score[i]),
                score(r.f_score[i]),
                score(r.m_score[i]),
                Cell::Text(self.cpm_key(i)),
                if d.decile[i] == 0 { Cell::Empty } else { Cell::Number(d.decile[i] as f64) },
                Cell::Text(&dates[k][0]),
                Cell::Text(&dates[k][1]),
            ];
            for &(_, values, decimals) in extra {
                let v = values[i];
                let rounded = crate::money::Money::with_decimals(decimals.unwrap_or(ds.money.decimals())).round(v);
                row.push(if v.is_finite() { Cell::Number(rounded) } else { Cell::Empty });
            }
            rows.push(row);
        }
        let mut headers = vec![
            "customer_id", "rfm_segment", "recency_days", "frequency", "monetary", "r_score", "f_score", "m_score", "cpm_group", "decile",
            "first_purchase", "last_purchase",
        ];
        headers.extend(extra.iter().map(|e| e.0));
        to_csv(&headers, rows)
    }
}

