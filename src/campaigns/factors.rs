//! `ds.campaignFactors()`: why a campaign worked — the subject/variant, the send time or the
//! segment it went to (`docs/campaigns.md` §5). Each factor's levels are compared with its
//! reference level, crude (one pooled 2×2 table) and stratified by the combinations of the other
//! factors (Mantel–Haenszel), so an effect that is only the mix of the others (B went to more
//! loyal customers) shows as explained, and one that holds within every stratum survives. Units
//! are the sent units (control excluded); outcomes are opens, clicks or last-touch conversions.

use super::attribution::{last_touch, Anchor};
use super::compare::Verdict;
use super::dims::{self, Labels};
use super::log::{MessageLog, CLICKED, CONTROL, DELIVERED, OPENED};
use super::rates::{log_of, selected_units, unit_outcomes, Rate};
use super::stats::{mantel_haenszel, MantelHaenszel, Stratum};
use crate::dataset::Dataset;
use crate::error::{Error, Result};
use crate::hash::FxHashMap;
use crate::report::Warning;
use crate::segments::cpm::CpmParams;
use crate::segments::rfm::RfmParams;
use serde::Serialize;

/// The outcome a factor analysis reads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Outcome {
    Open,
    Click,
    #[default]
    Conversion,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Open => "open",
            Outcome::Click => "click",
            Outcome::Conversion => "conversion",
        }
    }
}

/// Validated options of `campaignFactors`.
#[derive(Clone, Debug, PartialEq)]
pub struct FactorsParams {
    pub campaigns: Option<Vec<String>>,
    pub metric: Outcome,
    pub attribution: Anchor,
    pub attribution_days: u32,
    /// Factor names: `variant`, `subject`, `sendHour` (in bands), `weekday`, `channel`, or a
    /// customer dimension (`rfmSegment`, `cpmGroup`, `decile`, an attribute).
    pub factors: Vec<String>,
    pub rfm: RfmParams,
    pub cpm: CpmParams,
}

impl Default for FactorsParams {
    fn default() -> Self {
        FactorsParams {
            campaigns: None,
            metric: Outcome::Conversion,
            attribution: Anchor::Send,
            attribution_days: 5,
            factors: vec!["variant".into(), "sendHour".into(), "rfmSegment".into()],
            rfm: RfmParams::default(),
            cpm: CpmParams::default(),
        }
    }
}

/// Send-hour bands (local time): the level of a `sendHour` factor.
pub const HOUR_BANDS: [(&str, std::ops::Range<u32>); 5] =
    [("morning", 5..11), ("midday", 11..14), ("afternoon", 14..18), ("evening", 18..22), ("night", 22..29)];

fn band_of(hour: u32) -> usize {
    let h = if hour < 5 { hour + 24 } else { hour };
    HOUR_BANDS.iter().position(|(_, r)| r.contains(&h)).unwrap_or(4)
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StratumRow {
    /// The other factors' levels, in the order of `factors` (this factor left out).
    pub labels: Vec<String>,
    pub exposed: u64,
    pub exposed_rate: f64,
    pub reference: u64,
    pub reference_rate: f64,
    pub table: Stratum,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FactorEffect {
    pub factor: String,
    pub level: String,
    pub reference: String,
    pub exposed: u64,
    pub exposed_rate: Rate,
    pub reference_units: u64,
    pub reference_rate: Rate,
    /// The pooled 2×2 table, ignoring the other factors.
    pub crude: MantelHaenszel,
    /// Stratified by the other factors' combinations.
    pub adjusted: MantelHaenszel,
    /// The stratified effect is significant (p < 0.05).
    pub survives: bool,
    /// Significant crude, not once the other factors are held fixed: the mix of the others.
    pub explained_by_others: bool,
    /// Crude and stratified risk differences point in opposite directions and one is significant.
    pub simpson: bool,
    pub strata: Vec<StratumRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FactorSummary {
    pub factor: String,
    /// A level's effect survives controlling for the other factors.
    pub survives: bool,
    /// The level with the largest surviving (else crude) effect, and its stratified risk difference.
    pub strongest_level: String,
    pub risk_difference: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FactorsResult {
    pub metric: &'static str,
    pub factors: Vec<String>,
    pub units: u64,
    pub effects: Vec<FactorEffect>,
    pub summary: Vec<FactorSummary>,
    pub verdict: Verdict,
    pub warnings: Vec<Warning>,
}

/// One factor's levels per unit (`sendHour` in bands).
fn factor_labels(ds: &Dataset, log: &MessageLog, name: &str, p: &FactorsParams) -> Result<Labels> {
    if name == "sendHour" {
        let hours = dims::unit_labels(ds, log, "sendHour", &p.rfm, &p.cpm)?;
        let mut labels: Vec<String> = HOUR_BANDS.iter().map(|(b, _)| b.to_string()).collect();
        labels.push(crate::dataset::UNKNOWN.into());
        let of_unit = hours.of_unit.iter().map(|&h| if h >= 24 { 5 } else { band_of(h) as u32 }).collect();
        return Ok(Labels { name: name.into(), labels, of_unit });
    }
    dims::unit_labels(ds, log, name, &p.rfm, &p.cpm)
}

pub fn campaign_factors(ds: &Dataset, p: &FactorsParams) -> Result<FactorsResult> {
    let log = log_of(ds)?;
    if p.factors.is_empty() {
        return Err(Error::InvalidOption { option: "factors".into(), message: "give at least one factor, e.g. ['variant', 'sendHour', 'rfmSegment']".into() });
    }
    for f in &p.factors {
        if f == "campaign" {
            return Err(Error::InvalidOption { option: "factors".into(), message: "campaign is not a factor: choose the campaigns with `campaigns`".into() });
        }
        dims::check(ds, f, "factors")?;
    }
    let selected = selected_units(log, p.campaigns.as_deref(), "campaigns")?;
    let credits = last_touch(ds, log, p.attribution, p.attribution_days);
    let outcomes = unit_outcomes(log, &credits);
    let labels: Vec<Labels> = p.factors.iter().map(|f| factor_labels(ds, log, f, p)).collect::<Result<_>>()?;
    // Units that can show the outcome: sent, delivered, on a channel that tells it.
    let units: Vec<(usize, bool)> = (0..log.units())
        .filter(|&u| selected[u] && log.unit_flags[u] & (CONTROL | DELIVERED) == DELIVERED)
        .filter(|&u| {
            let c = log.channel[log.unit_first[u] as usize] as usize;
            match p.metric {
                Outcome::Open => log.known.opens[c],
                Outcome::Click => log.known.clicks[c],
                Outcome::Conversion => true,
            }
        })
        .map(|u| {
            let f = log.unit_flags[u];
            let hit = match p.metric {
                Outcome::Open => f & OPENED != 0,
                Outcome::Click => f & CLICKED != 0,
                Outcome::Conversion => outcomes.orders[u] > 0,
            };
            (u, hit)
        })
        .collect();
    let mut effects = Vec::new();
    let mut warnings = Vec::new();
    for (fi, factor) in labels.iter().enumerate() {
        // Reference: the variant baseline (first by name), else the level with most units.
        let mut counts = vec![0u64; factor.labels.len()];
        for &(u, _) in &units {
            counts[factor.of_unit[u] as usize] += 1;
        }
        let present: Vec<usize> = (0..counts.len()).filter(|&l| counts[l] > 0).collect();
        if present.len() < 2 {
            warnings.push(Warning {
                code: "single_level",
                message: format!("factor {} has one level only in these units ({}): nothing to compare", factor.name, present.first().map_or("none", |&l| factor.labels[l].as_str())),
                line: None,
            });
            continue;
        }
        let reference = if factor.name == "variant" {
            *present.iter().find(|&&l| !factor.labels[l].is_empty()).unwrap_or(&present[0])
        } else {
            *present.iter().max_by_key(|&&l| (counts[l], std::cmp::Reverse(l))).unwrap_or(&present[0])
        };
        for &level in present.iter().filter(|&&l| l != reference) {
            let mut strata: FxHashMap<Vec<u32>, Stratum> = FxHashMap::default();
            let mut crude = Stratum::default();
            let (mut exposed, mut exposed_hits, mut refs, mut ref_hits) = (0u64, 0u64, 0u64, 0u64);
            for &(u, hit) in &units {
                let l = factor.of_unit[u] as usize;
                if l != level && l != reference {
                    continue;
                }
                let key: Vec<u32> = labels.iter().enumerate().filter(|&(k, _)| k != fi).map(|(_, d)| d.of_unit[u]).collect();
                let cell = strata.entry(key).or_default();
                let add = |s: &mut Stratum| match (l == level, hit) {
                    (true, true) => s.a += 1.0,
                    (true, false) => s.b += 1.0,
                    (false, true) => s.c += 1.0,
                    (false, false) => s.d += 1.0,
                };
                add(cell);
                add(&mut crude);
                if l == level {
                    exposed += 1;
                    exposed_hits += hit as u64;
                } else {
                    refs += 1;
                    ref_hits += hit as u64;
                }
            }
            let mut keys: Vec<Vec<u32>> = strata.keys().cloned().collect();
            keys.sort_unstable();
            let tables: Vec<Stratum> = keys.iter().map(|k| strata[k]).collect();
            let crude_mh = mantel_haenszel(&[crude]);
            let adjusted = mantel_haenszel(&tables);
            let survives = adjusted.p_value < 0.05;
            let crude_significant = crude_mh.p_value < 0.05;
            let simpson = (crude_mh.risk_difference * adjusted.risk_difference < 0.0) && (survives || crude_significant);
            let others: Vec<&Labels> = labels.iter().enumerate().filter(|&(k, _)| k != fi).map(|(_, d)| d).collect();
            let strata_rows = keys
                .iter()
                .zip(&tables)
                .map(|(k, t)| StratumRow {
                    labels: k.iter().zip(&others).map(|(&i, d)| d.labels[i as usize].clone()).collect(),
                    exposed: (t.a + t.b) as u64,
                    exposed_rate: if t.a + t.b > 0.0 { t.a / (t.a + t.b) } else { f64::NAN },
                    reference: (t.c + t.d) as u64,
                    reference_rate: if t.c + t.d > 0.0 { t.c / (t.c + t.d) } else { f64::NAN },
                    table: *t,
                })
                .collect();
            effects.push(FactorEffect {
                factor: factor.name.clone(),
                level: factor.labels[level].clone(),
                reference: factor.labels[reference].clone(),
                exposed,
                exposed_rate: Rate::of(exposed_hits, exposed),
                reference_units: refs,
                reference_rate: Rate::of(ref_hits, refs),
                crude: crude_mh,
                adjusted,
                survives,
                explained_by_others: crude_significant && !survives,
                simpson,
                strata: strata_rows,
            });
        }
    }
    let summary: Vec<FactorSummary> = p
        .factors
        .iter()
        .filter_map(|f| {
            let mine: Vec<&FactorEffect> = effects.iter().filter(|e| &e.factor == f).collect();
            let survives = mine.iter().any(|e| e.survives);
            let best = mine
                .iter()
                .filter(|e| !survives || e.survives)
                .max_by(|a, b| a.adjusted.risk_difference.abs().partial_cmp(&b.adjusted.risk_difference.abs()).unwrap_or(std::cmp::Ordering::Equal))?;
            Some(FactorSummary { factor: f.clone(), survives, strongest_level: best.level.clone(), risk_difference: best.adjusted.risk_difference })
        })
        .collect();
    if effects.iter().any(|e| e.simpson) {
        warnings.push(Warning {
            code: "simpson_paradox",
            message: "for some levels the pooled and the stratified effects point in opposite directions: read the stratified one".into(),
            line: None,
        });
    }
    let verdict = verdict(p.metric, &effects, &summary);
    Ok(FactorsResult { metric: p.metric.as_str(), factors: p.factors.clone(), units: units.len() as u64, effects, summary, verdict, warnings })
}

fn factor_words(f: &str) -> (&str, &str) {
    match f {
        "variant" => ("パターン（件名など）", "the variant (subject)"),
        "subject" => ("件名", "the subject"),
        "sendHour" => ("配信時間帯", "the send time"),
        "weekday" => ("配信曜日", "the weekday"),
        "channel" => ("チャネル", "the channel"),
        "rfmSegment" => ("RFMセグメント", "the RFM segment"),
        "cpmGroup" => ("CPMグループ", "the CPM group"),
        "decile" => ("デシル", "the decile"),
        other => (other, other),
    }
}

/// "Survives controlling for the others: the send time (evening vs morning, +1.4 pt). Explained by
/// the others: the variant (B vs A). No clear effect: …"
fn verdict(metric: Outcome, effects: &[FactorEffect], summary: &[FactorSummary]) -> Verdict {
    let (mj, me) = match metric {
        Outcome::Open => ("開封率", "opens"),
        Outcome::Click => ("クリック率", "clicks"),
        Outcome::Conversion => ("購入率", "purchases"),
    };
    let (mut survive_ja, mut survive_en, mut explained_ja, mut explained_en, mut none_ja, mut none_en) = (vec![], vec![], vec![], vec![], vec![], vec![]);
    for s in summary {
        let (fj, fe) = factor_words(&s.factor);
        let best = effects.iter().find(|e| e.factor == s.factor && e.level == s.strongest_level);
        if s.survives {
            let (level, reference) = best.map_or((String::new(), String::new()), |e| (e.level.clone(), e.reference.clone()));
            let ((level_ja, level_en), (reference_ja, reference_en)) = (level_words(&s.factor, &level), level_words(&s.factor, &reference));
            let size = format!("{:+.1} pt", s.risk_difference * 100.0);
            survive_ja.push(format!("{fj}（{level_ja} 対 {reference_ja}: {size}）"));
            survive_en.push(format!("{fe} ({level_en} vs {reference_en}: {size})"));
        } else if effects.iter().any(|e| e.factor == s.factor && e.explained_by_others) {
            explained_ja.push(fj.to_string());
            explained_en.push(fe.to_string());
        } else {
            none_ja.push(fj.to_string());
            none_en.push(fe.to_string());
        }
    }
    let mut ja = Vec::new();
    let mut en = Vec::new();
    if !survive_ja.is_empty() {
        ja.push(format!("他の要因をそろえても{mj}に効いているのは {}", survive_ja.join("、")));
        en.push(format!("Effect on {me} that survives controlling for the others: {}", survive_en.join(", ")));
    }
    if !explained_ja.is_empty() {
        ja.push(format!("{} の差は他の要因の偏り（配信先の構成など）で説明されます", explained_ja.join("、")));
        en.push(format!("Explained by the mix of the others: {}", explained_en.join(", ")));
    }
    if !none_ja.is_empty() {
        ja.push(format!("{} には明確な差はありません", none_ja.join("、")));
        en.push(format!("No clear effect: {}", none_en.join(", ")));
    }
    if ja.is_empty() {
        ja.push("比べられる要因がありません（どの要因もこの配信では水準が1つだけです）".to_string());
        en.push("No factor could be compared: each has a single level in these sends".to_string());
    }
    Verdict { ja: format!("{}。", ja.join("。")), en: format!("{}.", en.join(". ")) }
}

/// A factor level in words (Japanese, English): segment and group names, send-hour bands with
/// their hours, `(なし)` for sends without a variant.
fn level_words(factor: &str, level: &str) -> (String, String) {
    use crate::segments::{cpm::GROUP_NAMES, rfm::DEFAULT_SEGMENTS};
    let named = |ja: &str, en: &str| (ja.to_string(), en.to_string());
    match (factor, level) {
        (_, "") => named("（なし）", "(none)"),
        (_, crate::dataset::UNKNOWN) => named("不明", "unknown"),
        (_, super::dims::PROSPECT) => named("購入前の見込み客", "prospects (no purchase yet)"),
        ("rfmSegment", key) => DEFAULT_SEGMENTS.iter().find(|d| d.0 == key).map_or_else(|| named(key, key), |d| named(d.2, d.1)),
        ("cpmGroup", key) => GROUP_NAMES.iter().find(|g| g.0 == key).map_or_else(|| named(key, key), |g| named(g.2, g.1)),
        ("sendHour", key) => match HOUR_BANDS.iter().find(|b| b.0 == key) {
            Some((_, hours)) => {
                let (from, to) = (hours.start % 24, (hours.end - 1) % 24);
                let ja = match key {
                    "morning" => "朝",
                    "midday" => "昼",
                    "afternoon" => "午後",
                    "evening" => "夕方",
                    _ => "夜",
                };
                (format!("{ja} {from}–{to}時台"), format!("{key} ({from}–{to} h)"))
            }
            None => named(key, key),
        },
        (_, other) => named(other, other),
    }
}
