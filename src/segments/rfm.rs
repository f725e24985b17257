//! RFM scores and named segments (marketing RFM, as Japanese CRM tools and Shopify use it).
//!
//! - **R** (recency) = days from the customer's last purchase to `asOf`; **F** (frequency) = number
//!   of purchase orders (the first counts); **M** (monetary) = net spend (returns subtracted).
//!   Customers with no purchase before `asOf` are not scored (segment `none`).
//! - **Quantile scores** (`method: 'quantile'`, default, `bins` = 5): the scored customers' values
//!   are cut at the quantiles 0, 1/bins, …, 1 (linear interpolation, numpy's default); duplicate
//!   edges are dropped; a value v falls in bin i when edge[i] < v ≤ edge[i+1] (the lowest edge is
//!   included in bin 1). This is `pandas.qcut(x, bins, labels=False, duplicates='drop') + 1`, so
//!   equal values always get equal scores. When ties collapse edges, fewer scores exist (typical
//!   for F, where most customers buy once) and a warning says so. Recency is reversed: the most
//!   recent bin scores highest.
//! - **Fixed scores** (`method: 'fixed'`): ascending cut points per axis, as Japanese shops set
//!   them. F and M: score = 1 + number of cut points ≤ value (F cuts [2, 3, 5, 10]: 1 → 1, 2 → 2,
//!   3–4 → 3, 5–9 → 4, 10+ → 5). R: score = levels − number of cut points < R (R cuts
//!   [30, 90, 180, 365]: ≤ 30 days → 5, … , > 365 → 1).
//! - **Segments**: by R and FM = round-half-up((F + M) / 2), on a 1–5 scale (scores of other bin
//!   counts are rescaled linearly). The default map follows Shopify's customer RFM groups (R ×
//!   FM); its cut-offs are crmkit's own, listed in [`DEFAULT_SEGMENTS`] and the README. A custom
//!   `segmentMap` is a list of rules `{name, r?, f?, m?, fm?}` with inclusive score ranges on the
//!   raw scores; the first matching rule wins, the rest are `other`.

use super::{as_of_label, CustomerStats};
use crate::dataset::Dataset;
use crate::report::Warning;
use crate::error::{Error, Result};
use serde::Serialize;

/// Segment id of customers that are not scored (no purchase before `asOf`).
pub const NO_SEGMENT: u8 = 255;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    Quantile,
    Fixed,
}

/// Default cut points for `method: 'fixed'`.
pub const DEFAULT_RECENCY_CUTS: [f64; 4] = [30.0, 90.0, 180.0, 365.0];
pub const DEFAULT_FREQUENCY_CUTS: [f64; 4] = [2.0, 3.0, 5.0, 10.0];
pub const DEFAULT_MONETARY_CUTS: [f64; 4] = [10_000.0, 30_000.0, 100_000.0, 300_000.0];

#[derive(Clone, Debug, PartialEq)]
pub struct SegmentRule {
    pub key: String,
    pub name: String,
    pub r: (u8, u8),
    pub f: (u8, u8),
    pub m: (u8, u8),
    pub fm: (u8, u8),
}

/// Validated RFM parameters (see `options::segments::RfmInput::check`).
#[derive(Clone, Debug, PartialEq)]
pub struct RfmParams {
    /// `None` = the day after the last order.
    pub as_of: Option<i32>,
    /// Score levels per axis (2–10).
    pub bins: u8,
    pub method: Method,
    /// Fixed cut points per axis (recency, frequency, monetary), for `Method::Fixed`.
    pub cuts: [Vec<f64>; 3],
    /// `None` = the default map (rules on the 1–5 scale).
    pub segment_map: Option<Vec<SegmentRule>>,
    /// Segment names in Japanese (`lang: 'ja'`) or English.
    pub japanese: bool,
}

impl Default for RfmParams {
    fn default() -> Self {
        RfmParams {
            as_of: None,
            bins: 5,
            method: Method::Quantile,
            cuts: [DEFAULT_RECENCY_CUTS.to_vec(), DEFAULT_FREQUENCY_CUTS.to_vec(), DEFAULT_MONETARY_CUTS.to_vec()],
            segment_map: None,
            japanese: true,
        }
    }
}

/// (key, English name, Japanese name, R score range, FM score range).
pub type SegmentDef = (&'static str, &'static str, &'static str, (u8, u8), (u8, u8));

/// The default segment map on the 1–5 scale. Every (R, FM) cell belongs to exactly one segment.
pub const DEFAULT_SEGMENTS: [SegmentDef; 10] = [
    ("champions", "Champions", "優良顧客", (5, 5), (4, 5)),
    ("loyal", "Loyal", "ロイヤル顧客", (3, 4), (4, 5)),
    ("active", "Active", "アクティブ", (4, 5), (3, 3)),
    ("new", "New", "新規", (5, 5), (1, 2)),
    ("promising", "Promising", "育成", (4, 4), (1, 2)),
    ("needs_attention", "Needs attention", "要注意", (3, 3), (1, 3)),
    ("at_risk", "At risk", "離脱危機", (2, 2), (3, 5)),
    ("almost_lost", "Almost lost", "離脱寸前", (2, 2), (1, 2)),
    ("previously_loyal", "Previously loyal", "元ロイヤル", (1, 1), (4, 5)),
    ("dormant", "Dormant", "休眠", (1, 1), (1, 3)),
];

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SegmentRow {
    /// Index used in the per-customer `segment` array.
    pub id: u8,
    pub key: String,
    pub name: String,
    pub customers: u64,
    /// Share of scored customers.
    pub share: f64,
    pub revenue: f64,
    pub revenue_share: f64,
    pub mean_recency: f64,
    pub mean_frequency: f64,
    pub mean_monetary: f64,
    /// The segment's rule: inclusive score ranges (null for `other`), so a page can define it.
    pub rule: Option<RuleRanges>,
}

/// A segment rule's inclusive score ranges: R, F, M on the `bins` scale, FM on 1–5.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct RuleRanges {
    pub r: [u8; 2],
    pub f: [u8; 2],
    pub m: [u8; 2],
    pub fm: [u8; 2],
}

/// Customers and revenue per (R score, F score) cell, row-major by R (1 … bins) then F.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RfGrid {
    pub bins: u8,
    pub customers: Vec<u64>,
    pub revenue: Vec<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Edges {
    pub recency: Vec<f64>,
    pub frequency: Vec<f64>,
    pub monetary: Vec<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RfmResult {
    pub as_of: String,
    pub method: Method,
    pub bins: u8,
    pub customers_scored: u64,
    /// Customers with no purchase before `asOf` (segment id 255, scores 0).
    pub customers_not_scored: u64,
    pub segments: Vec<SegmentRow>,
    pub grid: RfGrid,
    /// Quantile edges (after dropping duplicates) or the fixed cut points, per axis.
    pub edges: Edges,
    pub warnings: Vec<Warning>,
    // Per customer, indexed by customer index (sent to JS as typed arrays).
    #[serde(skip)]
    pub recency: Vec<f64>,
    #[serde(skip)]
    pub frequency: Vec<u32>,
    #[serde(skip)]
    pub monetary: Vec<f64>,
    #[serde(skip)]
    pub r_score: Vec<u8>,
    #[serde(skip)]
    pub f_score: Vec<u8>,
    #[serde(skip)]
    pub m_score: Vec<u8>,
    #[serde(skip)]
    pub segment: Vec<u8>,
}

impl crate::report::Columns for RfmResult {
    fn columns(&self) -> Vec<(&'static str, crate::report::Column<'_>)> {
        use crate::report::Column::*;
        vec![
            ("recency", F64(&self.recency)),
            ("frequency", U32(&self.frequency)),
            ("monetary", F64(&self.monetary)),
            ("rScore", U8(&self.r_score)),
            ("fScore", U8(&self.f_score)),
            ("mScore", U8(&self.m_score)),
            ("segment", U8(&self.segment)),
        ]
    }
}

/// numpy's linear-interpolation quantile of sorted data (its `_lerp`, including the form it
/// uses for t ≥ 0.5), so edges match `pandas.qcut` bit for bit in ordinary cases.
pub(crate) fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    let n = sorted.len();
    if n == 1 {
        return sorted[0];
    }
    let h = (n - 1) as f64 * q;
    let lo = (h.floor() as usize).min(n - 1);
    let hi = (lo + 1).min(n - 1);
    let t = h - lo as f64;
    let (a, b) = (sorted[lo], sorted[hi]);
    let diff = b - a;
    if t >= 0.5 {
        b - diff * (1.0 - t)
    } else {
        a + diff * t
    }
}

/// Deduplicated quantile edges of `values` for `bins` bins.
pub fn quantile_edges(values: &[f64], bins: u8) -> Vec<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mut edges: Vec<f64> = (0..=bins as usize).map(|i| quantile_sorted(&sorted, i as f64 / bins as f64)).collect();
    edges.dedup();
    edges
}

/// 1-based bin of `v` for right-closed bins over `edges` (lowest edge included).
#[inline]
fn bin_of(edges: &[f64], v: f64) -> u8 {
    if edges.len() < 2 {
        return 1;
    }
    let inner = &edges[1..edges.len() - 1];
    (inner.partition_point(|&e| e < v) + 1) as u8
}

/// Fixed-threshold score: higher is better for F and M, lower is better for R.
#[inline]
fn fixed_score(cuts: &[f64], v: f64, lower_is_better: bool) -> u8 {
    if lower_is_better {
        (cuts.len() + 1 - cuts.iter().filter(|&&c| c < v).count()) as u8
    } else {
        (1 + cuts.iter().filter(|&&c| c <= v).count()) as u8
    }
}

/// Rescale a score on 1..bins to 1..5.
fn to_five(score: u8, bins: u8) -> u8 {
    if bins == 5 || bins < 2 {
        return score;
    }
    (1.0 + ((score as f64 - 1.0) * 4.0 / (bins as f64 - 1.0)).round()) as u8
}

pub fn rfm(ds: &Dataset, options: &RfmParams) -> Result<RfmResult> {
    let as_of = ds.as_of(options.as_of)?;
    let stats = CustomerStats::compute(ds, i32::MIN, as_of);
    rfm_on(stats, as_of, ds.money, options)
}

/// RFM from the per-customer statistics as of `as_of` (all history before it): what [`rfm`]
/// computes from the order lines, and a summary dataset from its customer table.
pub fn rfm_on(stats: CustomerStats, as_of: i32, money: crate::money::Money, options: &RfmParams) -> Result<RfmResult> {
    let n = stats.purchases.len();
    let scored: Vec<usize> = (0..n).filter(|&c| stats.purchases[c] > 0).collect();
    if scored.is_empty() {
        return Err(Error::InvalidOption { option: "asOf".into(), message: format!("no customer has a purchase before {}", as_of_label(as_of)) });
    }
    let recency: Vec<f64> =
        (0..n).map(|c| if stats.purchases[c] > 0 { (as_of - stats.last_purchase[c]) as f64 } else { f64::NAN }).collect();
    let frequency_f: Vec<f64> = stats.purchases.iter().map(|&f| f as f64).collect();
    let axes: [&[f64]; 3] = [&recency, &frequency_f, &stats.monetary];
    let names = ["recency", "frequency", "monetary"];
    let bins = options.bins;
    let mut warnings = Vec::new();
    let mut scores: [Vec<u8>; 3] = [vec![0; n], vec![0; n], vec![0; n]];
    let mut edges_out: [Vec<f64>; 3] = Default::default();
    // Number of distinct scores per axis (for rescaling to the segment scale).
    let mut levels = [bins; 3];
    for axis in 0..3 {
        let values = axes[axis];
        match options.method {
            Method::Quantile => {
                let sample: Vec<f64> = scored.iter().map(|&c| values[c]).collect();
                let edges = quantile_edges(&sample, bins);
                let k = (edges.len().max(2) - 1) as u8;
                if k < bins {
                    warnings.push(Warning {
                        code: "quantile_edges_collapsed",
                        message: format!(
                            "{}: ties left {k} distinct scores instead of {bins} (quantile edges {:?}); consider method: 'fixed' with thresholds.{}",
                            names[axis], edges, names[axis]
                        ),
                        line: None,
                    });
                }
                levels[axis] = k;
                for &c in &scored {
                    let b = bin_of(&edges, values[c]);
                    scores[axis][c] = if axis == 0 { k + 1 - b } else { b };
                }
                edges_out[axis] = edges;
            }
            Method::Fixed => {
                let cuts = &options.cuts[axis];
                for &c in &scored {
                    scores[axis][c] = fixed_score(cuts, values[c], axis == 0);
                }
                edges_out[axis] = cuts.clone();
            }
        }
    }

    // Segment rules.
    let custom = options.segment_map.is_some();
    let rules: Vec<SegmentRule> = match &options.segment_map {
        Some(rules) => rules.clone(),
        None => DEFAULT_SEGMENTS
            .iter()
            .map(|(key, en, ja, r, fm)| SegmentRule {
                key: key.to_string(),
                name: if options.japanese { ja.to_string() } else { en.to_string() },
                r: *r,
                f: (1, 5),
                m: (1, 5),
                fm: *fm,
            })
            .collect(),
    };
    let other_id = rules.len() as u8;
    let mut segment = vec![NO_SEGMENT; n];
    let inside = |v: u8, range: (u8, u8)| range.0 <= v && v <= range.1;
    for &c in &scored {
        let (r, f, m) = (scores[0][c], scores[1][c], scores[2][c]);
        // Default rules work on the 1–5 scale; custom rules on the raw scores.
        let (r, f, m) = if custom { (r, f, m) } else { (to_five(r, levels[0]), to_five(f, levels[1]), to_five(m, levels[2])) };
        let fm = (f + m).div_ceil(2);
        segment[c] = rules
            .iter()
            .position(|rule| inside(r, rule.r) && inside(f, rule.f) && inside(m, rule.m) && inside(fm, rule.fm))
            .map(|p| p as u8)
            .unwrap_or(other_id);
    }

    // Segment table.
    let total_customers = scored.len() as f64;
    let total_revenue = money.sum(scored.iter().map(|&c| stats.monetary[c]));
    let empty_row = |id: u8, key: &str, name: &str, rule: Option<&SegmentRule>| SegmentRow {
        id,
        rule: rule.map(|x| RuleRanges { r: [x.r.0, x.r.1], f: [x.f.0, x.f.1], m: [x.m.0, x.m.1], fm: [x.fm.0, x.fm.1] }),
        key: key.to_string(),
        name: name.to_string(),
        customers: 0,
        share: 0.0,
        revenue: 0.0,
        revenue_share: 0.0,
        mean_recency: 0.0,
        mean_frequency: 0.0,
        mean_monetary: 0.0,
    };
    let mut rows: Vec<SegmentRow> = rules.iter().enumerate().map(|(i, rule)| empty_row(i as u8, &rule.key, &rule.name, Some(rule))).collect();
    rows.push(empty_row(other_id, "other", if options.japanese { "その他" } else { "Other" }, None));
    let mut revenue_units = vec![crate::money::Total::default(); rows.len()];
    for &c in &scored {
        let row = &mut rows[segment[c] as usize];
        row.customers += 1;
        revenue_units[segment[c] as usize].add(money, stats.monetary[c]);
        row.mean_recency += recency[c];
        row.mean_frequency += stats.purchases[c] as f64;
    }
    for (row, units) in rows.iter_mut().zip(&revenue_units) {
        row.revenue = units.value(money);
        if row.customers > 0 {
            let k = row.customers as f64;
            row.mean_monetary = row.revenue / k;
            row.mean_recency /= k;
            row.mean_frequency /= k;
        }
        row.share = row.customers as f64 / total_customers;
        row.revenue_share = if total_revenue != 0.0 { row.revenue / total_revenue } else { 0.0 };
    }
    if rows.last().is_some_and(|r| r.customers == 0) && !custom {
        rows.pop(); // the default map covers every cell; "other" is always empty there
    }

    // R × F grid on raw scores.
    let side = bins as usize;
    let mut grid = RfGrid { bins, customers: vec![0; side * side], revenue: vec![0.0; side * side] };
    let mut cell_units = vec![crate::money::Total::default(); side * side];
    for &c in &scored {
        let cell = (scores[0][c] as usize - 1) * side + (scores[1][c] as usize - 1);
        grid.customers[cell] += 1;
        cell_units[cell].add(money, stats.monetary[c]);
    }
    grid.revenue = cell_units.iter().map(|t| t.value(money)).collect();

    let [r_score, f_score, m_score] = scores;
    let [edges_r, edges_f, edges_m] = edges_out;
    Ok(RfmResult {
        as_of: as_of_label(as_of),
        method: options.method,
        bins,
        customers_scored: scored.len() as u64,
        customers_not_scored: (n - scored.len()) as u64,
        segments: rows,
        grid,
        edges: Edges { recency: edges_r, frequency: edges_f, monetary: edges_m },
        warnings,
        recency,
        frequency: stats.purchases,
        monetary: stats.monetary,
        r_score,
        f_score,
        m_score,
        segment,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantile_edges_and_bins_follow_qcut() {
        // numpy: np.quantile([1,2,3,4,5,6,7,8,9,10], [0,.2,.4,.6,.8,1]) = [1, 2.8, 4.6, 6.4, 8.2, 10]
        let v: Vec<f64> = (1..=10).map(|x| x as f64).collect();
        let e = quantile_edges(&v, 5);
        let want = [1.0, 2.8, 4.6, 6.4, 8.2, 10.0];
        for (a, b) in e.iter().zip(want) {
            assert!((a - b).abs() < 1e-12, "{e:?}");
        }
        // pd.qcut(range(1, 11), 5, labels=False) + 1 = [1,1,2,2,3,3,4,4,5,5]
        let bins: Vec<u8> = v.iter().map(|&x| bin_of(&e, x)).collect();
        assert_eq!(bins, vec![1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
        // Ties collapse edges: [1,1,1,1,1,1,2,2,3,9] → quantiles [1,1,1,1.4,2.2,9] → unique 4 edges, 3 bins.
        let t = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 2.0, 2.0, 3.0, 9.0];
        let e = quantile_edges(&t, 5);
        assert_eq!(e.len(), 4, "{e:?}");
        let bins: Vec<u8> = t.iter().map(|&x| bin_of(&e, x)).collect();
        assert_eq!(bins, vec![1, 1, 1, 1, 1, 1, 2, 2, 3, 3]);
    }

    #[test]
    fn fixed_scores() {
        let f = [2.0, 3.0, 5.0, 10.0];
        let got: Vec<u8> = [1.0, 2.0, 3.0, 4.0, 5.0, 9.0, 10.0, 50.0].iter().map(|&v| fixed_score(&f, v, false)).collect();
        assert_eq!(got, vec![1, 2, 3, 3, 4, 4, 5, 5]);
        let r = [30.0, 90.0, 180.0, 365.0];
        let got: Vec<u8> = [1.0, 30.0, 31.0, 90.0, 91.0, 365.0, 366.0].iter().map(|&v| fixed_score(&r, v, true)).collect();
        assert_eq!(got, vec![5, 5, 4, 4, 3, 2, 1]);
    }

    #[test]
    fn default_map_covers_every_cell_once() {
        for r in 1..=5u8 {
            for fm in 1..=5u8 {
                let n = DEFAULT_SEGMENTS.iter().filter(|(_, _, _, rr, ff)| rr.0 <= r && r <= rr.1 && ff.0 <= fm && fm <= ff.1).count();
                assert_eq!(n, 1, "R {r} FM {fm}");
            }
        }
        assert_eq!(to_five(3, 3), 5);
        assert_eq!(to_five(2, 3), 3);
        assert_eq!(to_five(1, 4), 1);
    }
}
