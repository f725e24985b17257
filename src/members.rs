//! `ds.members(selector)`: drill to list — the customers behind any aggregate cell the analyses
//! show (an RFM segment, a decile, a CPM group, a cohort cell, a crosstab cell, a CLV churn-risk
//! or P(alive) band), with the metrics a marketer checks before sending (R/F/M, first and last
//! purchase, segment, CLV, P(alive)), as rows for a panel and as the CSV a mail / LINE tool
//! uploads.
//!
//! Each kind selects with the analysis's own code and the options given for it, so a list has
//! exactly the customers its cell counts (`tests/members.rs` checks every cell of every kind).
//! Lists are ordered by monetary value (spend before the RFM `asOf`), highest first, then by the
//! customer's order in the file.

use crate::clv::{clv, ClvParams, ClvResult, NO_BAND};
use crate::cohort::CohortParams;
use crate::crosstab::CrosstabParams;
use crate::dataset::Dataset;
use crate::dates::format_date;
use crate::error::{Error, Result};
use crate::report::Warning;
use crate::segments::cpm::{CpmParams, GROUP_NAMES, NOT_A_CUSTOMER};
use crate::segments::decile::DecileParams;
use crate::segments::members::MemberMetrics;
use crate::segments::rfm::{RfmParams, NO_SEGMENT};
use serde::Serialize;

/// Risk bands of `clv().riskBands` (P(no purchase in 90 days)) and P(alive) bands of
/// `clv().aliveBands`, in their result order.
pub const RISK_BANDS: [&str; 3] = ["low", "medium", "high"];
pub const ALIVE_BANDS: [&str; 3] = ["active", "at_risk", "lapsed"];

/// What to list.
#[derive(Clone, Debug, PartialEq)]
pub enum Selection {
    /// RFM segment keys (`champions`) or display names (`優良顧客`).
    RfmSegment(Vec<String>),
    /// Deciles 1–10.
    Decile(Vec<u8>),
    /// CPM group keys (`active_top`) or display names.
    CpmGroup(Vec<String>),
    /// A cohort cell: the cohort's label, the period after it, and with `groupBy` the group.
    CohortCell { cohort: String, period: u32, group: Option<String> },
    /// A crosstab cell by its row and column labels.
    CrosstabCell { row: String, col: String },
    /// CLV churn-risk bands (`low`, `medium`, `high`).
    RiskBand(Vec<String>),
    /// P(alive) bands (`active`, `at_risk`, `lapsed`).
    AliveBand(Vec<String>),
}

impl Selection {
    pub fn kind(&self) -> &'static str {
        match self {
            Selection::RfmSegment(_) => "rfmSegment",
            Selection::Decile(_) => "decile",
            Selection::CpmGroup(_) => "cpmGroup",
            Selection::CohortCell { .. } => "cohortCell",
            Selection::CrosstabCell { .. } => "crosstabCell",
            Selection::RiskBand(_) => "riskBand",
            Selection::AliveBand(_) => "aliveBand",
        }
    }
}

/// Validated `members` selector: the selection and the options of every analysis involved (those
/// the page used for the table the cell is in).
#[derive(Clone, Debug, PartialEq)]
pub struct MembersSelector {
    pub selection: Selection,
    pub rfm: RfmParams,
    pub cpm: CpmParams,
    pub deciles: DecileParams,
    pub cohorts: CohortParams,
    pub crosstab: Option<CrosstabParams>,
    pub clv: ClvParams,
    /// Fit CLV for the `clv` / `pAlive` columns (always for the band kinds).
    pub include_clv: bool,
    /// Rows returned in `customers` (all ids are in `customerIds` and the CSV).
    pub limit: usize,
}

impl Default for MembersSelector {
    fn default() -> Self {
        MembersSelector {
            selection: Selection::RfmSegment(Vec::new()),
            rfm: RfmParams::default(),
            cpm: CpmParams::default(),
            deciles: DecileParams::default(),
            cohorts: CohortParams::default(),
            crosstab: None,
            clv: ClvParams::default(),
            include_clv: true,
            limit: DEFAULT_LIMIT,
        }
    }
}

/// Rows of `customers` by default: a panel's worth.
pub const DEFAULT_LIMIT: usize = 500;
/// Most rows `limit` may ask for.
pub const MAX_LIMIT: u32 = 1_000_000;

/// One customer of a list.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MemberRow {
    pub customer_id: String,
    /// Customer index (as `customerIds()` and the per-customer arrays).
    pub index: u32,
    pub rfm_segment: String,
    pub recency_days: Option<f64>,
    pub frequency: u32,
    pub monetary: f64,
    pub first_purchase: Option<String>,
    pub last_purchase: Option<String>,
    pub cpm_group: String,
    pub decile: Option<u8>,
    pub clv: Option<f64>,
    pub p_alive: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MembersResult {
    pub kind: &'static str,
    pub count: u64,
    /// The RFM `asOf` the metrics are computed at.
    pub as_of: String,
    /// Every selected customer's id (pseudonymised when the Dataset is), in list order.
    pub customer_ids: Vec<String>,
    /// The first `limit` customers with their metrics.
    pub customers: Vec<MemberRow>,
    pub warnings: Vec<Warning>,
}

fn invalid(option: &str, message: String) -> Error {
    Error::InvalidOption { option: option.into(), message }
}

/// A list and everything needed to show or export it.
struct List {
    selected: Vec<usize>,
    metrics: MemberMetrics,
    clv: Option<ClvResult>,
    warnings: Vec<Warning>,
}

fn list(ds: &Dataset, selector: &MembersSelector) -> Result<List> {
    let metrics = MemberMetrics::compute(ds, &selector.rfm, &selector.cpm, &selector.deciles)?;
    let bands = matches!(selector.selection, Selection::RiskBand(_) | Selection::AliveBand(_));
    let mut warnings = Vec::new();
    // The holdout check is a second fit that changes no band or column.
    let clv_params = ClvParams { holdout_days: None, ..selector.clv.clone() };
    let clv = if bands {
        Some(clv(ds, &clv_params)?)
    } else if selector.include_clv {
        match clv(ds, &clv_params) {
            Ok(result) => Some(result),
            Err(e) => {
                warnings.push(Warning {
                    code: "clv_unavailable",
                    message: format!("the clv and pAlive columns are empty: {e}"),
                    line: None,
                });
                None
            }
        }
    } else {
        None
    };
    let (r, c, d) = (&metrics.rfm, &metrics.cpm, &metrics.deciles);
    let mut selected: Vec<usize> = match &selector.selection {
        Selection::RfmSegment(wanted) => {
            let ids = wanted
                .iter()
                .map(|w| {
                    r.segments.iter().find(|s| s.key == *w || s.name == *w).map(|s| s.id).ok_or_else(|| {
                        let known: Vec<String> = r.segments.iter().map(|s| format!("{} ({})", s.key, s.name)).collect();
                        invalid("segment", format!("no RFM segment \"{w}\"; segments: {}", known.join(", ")))
                    })
                })
                .collect::<Result<Vec<u8>>>()?;
            (0..ds.customers()).filter(|&i| r.segment[i] != NO_SEGMENT && ids.contains(&r.segment[i])).collect()
        }
        Selection::Decile(wanted) => (0..ds.customers()).filter(|&i| d.decile[i] != 0 && wanted.contains(&d.decile[i])).collect(),
        Selection::CpmGroup(wanted) => {
            let ids = wanted
                .iter()
                .map(|w| {
                    GROUP_NAMES.iter().position(|(k, en, ja)| k == w || en == w || ja == w).map(|p| p as u8).ok_or_else(|| {
                        invalid("group", format!("no CPM group \"{w}\"; groups: {}", GROUP_NAMES.map(|g| g.0).join(", ")))
                    })
                })
                .collect::<Result<Vec<u8>>>()?;
            (0..ds.customers()).filter(|&i| c.group[i] != NOT_A_CUSTOMER && ids.contains(&c.group[i])).collect()
        }
        Selection::CohortCell { cohort, period, group } => crate::cohort::cell_members(ds, &selector.cohorts, group.as_deref(), cohort, *period)?,
        Selection::CrosstabCell { row, col } => match &selector.crosstab {
            Some(params) => crate::crosstab::cell_members(ds, params, row, col)?,
            None => return Err(invalid("crosstab", "a crosstab cell needs the crosstab's options ({ rows, cols, … })".into())),
        },
        Selection::RiskBand(wanted) | Selection::AliveBand(wanted) => {
            let names = if matches!(selector.selection, Selection::RiskBand(_)) { RISK_BANDS } else { ALIVE_BANDS };
            let ids = wanted
                .iter()
                .map(|w| names.iter().position(|n| n == w).map(|p| p as u8).ok_or_else(|| invalid("band", format!("no band \"{w}\"; bands: {}", names.join(", ")))))
                .collect::<Result<Vec<u8>>>()?;
            let Some(result) = &clv else { return Err(Error::Internal { message: "band list without a CLV fit".into() }) };
            let of = if matches!(selector.selection, Selection::RiskBand(_)) { &result.risk_band } else { &result.alive_band };
            (0..ds.customers()).filter(|&i| of[i] != NO_BAND && ids.contains(&of[i])).collect()
        }
    };
    crate::sort::sort_by(&mut selected, |&a, &b| r.monetary[b].total_cmp(&r.monetary[a]).then(a.cmp(&b)));
    Ok(List { selected, metrics, clv, warnings })
}

/// The list: its ids and its first `limit` customers with their metrics.
pub fn members(ds: &Dataset, selector: &MembersSelector) -> Result<MembersResult> {
    let List { selected, metrics, clv, warnings } = list(ds, selector)?;
    let r = &metrics.rfm;
    let finite = |v: f64| v.is_finite().then_some(v);
    let customers = selected
        .iter()
        .take(selector.limit)
        .map(|&i| {
            let dates = metrics.first_last(ds, i);
            MemberRow {
                customer_id: ds.export_id(ds.customer_ids.get(i as u32)).into_owned(),
                index: i as u32,
                rfm_segment: metrics.segment_key(i).to_string(),
                recency_days: finite(r.recency[i]),
                frequency: r.frequency[i],
                monetary: r.monetary[i],
                first_purchase: dates.map(|d| format_date(d.0)),
                last_purchase: dates.map(|d| format_date(d.1)),
                cpm_group: metrics.cpm_key(i).to_string(),
                decile: (metrics.deciles.decile[i] != 0).then_some(metrics.deciles.decile[i]),
                clv: clv.as_ref().and_then(|c| finite(c.clv[i])),
                p_alive: clv.as_ref().and_then(|c| finite(c.p_alive[i])),
            }
        })
        .collect();
    Ok(MembersResult {
        kind: selector.selection.kind(),
        count: selected.len() as u64,
        as_of: crate::segments::as_of_label(metrics.as_of),
        customer_ids: selected.iter().map(|&i| ds.export_id(ds.customer_ids.get(i as u32)).into_owned()).collect(),
        customers,
        warnings,
    })
}

/// The whole list as CSV (UTF-8 with BOM, one row per customer in list order): the columns of
/// `segmentMembers`, then `clv` (to the currency's minor unit) and `p_alive` (4 decimals) when
/// CLV was fitted.
pub fn members_csv(ds: &Dataset, selector: &MembersSelector) -> Result<Vec<u8>> {
    let List { selected, metrics, clv, .. } = list(ds, selector)?;
    let extra: Vec<crate::segments::members::ExtraColumn<'_>> = match &clv {
        Some(c) => vec![("clv", &c.clv, None), ("p_alive", &c.p_alive, Some(4))],
        None => Vec::new(),
    };
    Ok(metrics.csv(ds, &selected, &extra))
}
