//! `ds.compareVariants()`: each variant of a campaign against the control group or a baseline
//! variant (`docs/campaigns.md` §4). Arms are compared as sent (intention to treat): every unit of
//! an arm counts, and a unit converts when its customer buys in the window after the send —
//! not by last touch, since a control unit has no message to credit. Opens and clicks compare
//! only between sent arms. Rates: two-proportion z-test with Wald and Newcombe intervals;
//! revenue per recipient: Welch's t; Holm-adjusted p-values over every test of the result.

use super::attribution::purchases_after;
use super::log::{MessageLog, CLICKED, CONTROL, DELIVERED, OPENED};
use super::rates::{log_of, Rate};
use super::stats::{holm, two_proportions, welch, Moments, TwoProportions, Welch};
use crate::dataset::{Dataset, NONE};
use crate::error::{Error, Result};
use crate::report::Warning;
use serde::Serialize;

/// The metric a verdict leads with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Metric {
    Open,
    Click,
    #[default]
    Conversion,
    Revenue,
}

impl Metric {
    pub fn as_str(self) -> &'static str {
        match self {
            Metric::Open => "open",
            Metric::Click => "click",
            Metric::Conversion => "conversion",
            Metric::Revenue => "revenue",
        }
    }
}

/// Validated options of `compareVariants`.
#[derive(Clone, Debug, PartialEq)]
pub struct CompareParams {
    /// One campaign, or several pooled (arms by variant name).
    pub campaigns: Vec<String>,
    /// A variant name, or `control`; `None` = the control group, else the first variant by name.
    pub baseline: Option<String>,
    pub metric: Metric,
    pub attribution_days: u32,
    /// A customer dimension (`rfmSegment`, an attribute, …): the conversion comparison within
    /// each of its groups too (uplift by segment).
    pub by: Option<String>,
    pub rfm: crate::segments::rfm::RfmParams,
    pub cpm: crate::segments::cpm::CpmParams,
}

impl Default for CompareParams {
    fn default() -> Self {
        CompareParams {
            campaigns: Vec::new(),
            baseline: None,
            metric: Metric::Conversion,
            attribution_days: 5,
            by: None,
            rfm: Default::default(),
            cpm: Default::default(),
        }
    }
}

/// The name of the control arm.
pub use super::dims::CONTROL_ARM;

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Arm {
    /// The variant (`""` for sends without one), or `control`.
    pub name: String,
    pub control: bool,
    pub recipients: u64,
    pub delivered: u64,
    pub opened: u64,
    pub clicked: u64,
    /// Units whose customer bought in the window after the send.
    pub converted: u64,
    pub revenue: f64,
    pub open_rate: Rate,
    pub click_rate: Rate,
    /// converted ÷ recipients (as sent).
    pub conversion_rate: Rate,
    pub revenue_per_recipient: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RateComparison {
    pub arm: String,
    pub baseline: String,
    pub metric: &'static str,
    #[serde(flatten)]
    pub test: TwoProportions,
    pub p_adjusted: f64,
    /// `p_adjusted` < 0.05.
    pub significant: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RevenueComparison {
    pub arm: String,
    pub baseline: String,
    #[serde(flatten)]
    pub test: Welch,
    pub p_adjusted: f64,
    pub significant: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Incremental {
    pub arm: String,
    /// (conversion rate of the arm − of the baseline) × the arm's recipients.
    pub conversions: f64,
    /// (revenue per recipient of the arm − of the baseline) × the arm's recipients.
    pub revenue: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Verdict {
    pub ja: String,
    pub en: String,
}

/// The conversion comparison within one group of `by`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupComparison {
    pub group: String,
    pub arms: Vec<Arm>,
    /// Each arm's conversion vs the baseline's in this group; `pAdjusted` by Holm over every group.
    pub rates: Vec<RateComparison>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CompareResult {
    pub campaigns: Vec<String>,
    pub baseline: String,
    pub metric: &'static str,
    pub attribution_days: u32,
    pub arms: Vec<Arm>,
    pub rates: Vec<RateComparison>,
    pub revenue: Vec<RevenueComparison>,
    pub incremental: Vec<Incremental>,
    /// One sentence per compared arm, in Japanese and in English.
    pub verdicts: Vec<Verdict>,
    /// The dimension of `byGroup` (`""` without `by`).
    pub by: String,
    pub by_group: Vec<GroupComparison>,
    pub warnings: Vec<Warning>,
}

struct ArmData {
    arm: Arm,
    money: Moments,
    open_known: u64,
    click_known: u64,
}

/// The campaign's index, or an error listing the campaigns.
pub fn campaign_index(log: &MessageLog, name: &str, option: &str) -> Result<u32> {
    log.campaigns.iter().position(|c| c == name).map(|c| c as u32).ok_or_else(|| Error::InvalidOption {
        option: option.into(),
        message: format!(
            "no campaign \"{name}\" in the message log; campaigns: {}",
            log.campaigns.iter().take(20).collect::<Vec<_>>().join(", ")
        ),
    })
}

pub fn compare_variants(ds: &Dataset, p: &CompareParams) -> Result<CompareResult> {
    let log = log_of(ds)?;
    if p.campaigns.is_empty() {
        return Err(Error::InvalidOption { option: "campaign".into(), message: "give the campaign to compare (its name in the message log)".into() });
    }
    let mut wanted = vec![false; log.campaigns.len()];
    for name in &p.campaigns {
        wanted[campaign_index(log, name, "campaign")? as usize] = true;
    }
    if let Some(by) = &p.by {
        super::dims::check(ds, by, "by")?;
    }
    let units: Vec<usize> = (0..log.units()).filter(|&u| wanted[log.campaign[log.unit_first[u] as usize] as usize]).collect();
    let (names, arm_of_unit) = arms_of(log, &units);
    if names.len() < 2 {
        return Err(Error::InsufficientData {
            message: format!(
                "{} has one arm only ({}): nothing to compare; it needs two variants or a control group",
                p.campaigns.join(", "),
                if names.is_empty() { "no units".to_string() } else { format!("\"{}\"", names[0].0) }
            ),
        });
    }
    let baseline = match &p.baseline {
        Some(b) => names.iter().position(|(n, _)| n == b).ok_or_else(|| Error::InvalidOption {
            option: "baseline".into(),
            message: format!("{} has no arm \"{b}\"; arms: {}", p.campaigns.join(", "), names.iter().map(|(n, _)| format!("\"{n}\"")).collect::<Vec<_>>().join(", ")),
        })?,
        None => 0,
    };
    // Each unit's purchases in its send window.
    let bought: Vec<(u32, f64)> = arm_of_unit
        .iter()
        .map(|&(u, _)| {
            let m = log.unit_first[u] as usize;
            purchases_after(ds, log.recipient_customer[log.recipient[m] as usize], log.sent[m], p.attribution_days)
        })
        .collect();
    let data = tally_arms(log, &names, &arm_of_unit, &bought, |_| true);
    let base = &data[baseline];
    let base_name = base.arm.name.clone();
    let mut rates = Vec::new();
    let mut revenue = Vec::new();
    let mut incremental = Vec::new();
    // Opens and clicks compare only sent arms: against the baseline when it was sent, else (a
    // control baseline) against the first variant.
    let sent_base = if base.arm.control { data.iter().position(|d| !d.arm.control) } else { Some(baseline) };
    for (i, d) in data.iter().enumerate() {
        if let Some(o) = sent_base.filter(|&o| o != i && !d.arm.control) {
            let b = &data[o];
            if d.open_known > 0 && b.open_known > 0 {
                rates.push((i, o, Metric::Open, two_proportions(d.arm.opened, d.open_known, b.arm.opened, b.open_known)));
            }
            if d.click_known > 0 && b.click_known > 0 {
                rates.push((i, o, Metric::Click, two_proportions(d.arm.clicked, d.click_known, b.arm.clicked, b.click_known)));
            }
        }
        if i == baseline {
            continue;
        }
        rates.push((i, baseline, Metric::Conversion, two_proportions(d.arm.converted, d.arm.recipients, base.arm.converted, base.arm.recipients)));
        revenue.push((i, welch(&d.money, &base.money)));
        let n = d.arm.recipients as f64;
        incremental.push(Incremental {
            arm: d.arm.name.clone(),
            conversions: (d.arm.conversion_rate.value - base.arm.conversion_rate.value) * n,
            revenue: (d.arm.revenue_per_recipient - base.arm.revenue_per_recipient) * n,
        });
    }
    // Holm over every test of the result.
    let p_values: Vec<f64> = rates.iter().map(|r| r.3.p_value).chain(revenue.iter().map(|r| r.1.p_value)).collect();
    let adjusted = holm(&p_values);
    let rates: Vec<RateComparison> = rates
        .iter()
        .enumerate()
        .map(|(k, (i, against, metric, test))| RateComparison {
            arm: data[*i].arm.name.clone(),
            baseline: data[*against].arm.name.clone(),
            metric: metric.as_str(),
            test: *test,
            p_adjusted: adjusted[k],
            significant: adjusted[k] < 0.05,
        })
        .collect();
    let offset = rates.len();
    let revenue: Vec<RevenueComparison> = revenue
        .iter()
        .enumerate()
        .map(|(k, (i, test))| RevenueComparison {
            arm: data[*i].arm.name.clone(),
            baseline: base_name.clone(),
            test: *test,
            p_adjusted: adjusted[offset + k],
            significant: adjusted[offset + k] < 0.05,
        })
        .collect();
    let mut warnings = Vec::new();
    let compared = data.len() - 1;
    if p_values.len() > 1 {
        warnings.push(Warning {
            code: "many_comparisons",
            message: format!(
                "{} tests ({} arm{} × metrics): the more tests, the more chance findings; significance uses Holm-adjusted p-values (pAdjusted)",
                p_values.len(),
                compared,
                if compared == 1 { "" } else { "s" }
            ),
            line: None,
        });
    }
    let small = data.iter().filter(|d| d.arm.recipients < 100).map(|d| format!("\"{}\" ({})", d.arm.name, d.arm.recipients)).collect::<Vec<_>>();
    if !small.is_empty() {
        warnings.push(Warning {
            code: "small_arms",
            message: format!("arms with fewer than 100 recipients: {}; differences there are rarely significant", small.join(", ")),
            line: None,
        });
    }
    let verdicts = data
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != baseline)
        .map(|(_, d)| {
            let against = |r: &RateComparison| data.iter().find(|a| a.arm.name == r.baseline).map(|a| &a.arm);
            let tests: Vec<(&RateComparison, Option<&Arm>)> = rates.iter().filter(|r| r.arm == d.arm.name).map(|r| (r, against(r))).collect();
            verdict(&d.arm, &base.arm, p.metric, &tests, revenue.iter().find(|r| r.arm == d.arm.name), &ds.source.currency)
        })
        .collect();
    let mut by_group = Vec::new();
    if let Some(by) = &p.by {
        let labels = super::dims::unit_labels(ds, log, by, &p.rfm, &p.cpm)?;
        let mut tests = Vec::new();
        for (g, label) in labels.labels.iter().enumerate() {
            let in_group = |k: usize| labels.of_unit[arm_of_unit[k].0] == g as u32;
            let arms = tally_arms(log, &names, &arm_of_unit, &bought, in_group);
            if arms.iter().all(|a| a.arm.recipients == 0) {
                continue;
            }
            let b = &arms[baseline];
            let mut rates = Vec::new();
            for (i, a) in arms.iter().enumerate() {
                if i != baseline && a.arm.recipients > 0 && b.arm.recipients > 0 {
                    let test = two_proportions(a.arm.converted, a.arm.recipients, b.arm.converted, b.arm.recipients);
                    tests.push(test.p_value);
                    rates.push(RateComparison { arm: a.arm.name.clone(), baseline: b.arm.name.clone(), metric: "conversion", test, p_adjusted: f64::NAN, significant: false });
                }
            }
            by_group.push(GroupComparison { group: label.clone(), arms: arms.into_iter().map(|a| a.arm).collect(), rates });
        }
        let adjusted = holm(&tests);
        let mut k = 0;
        for g in by_group.iter_mut() {
            for r in g.rates.iter_mut() {
                r.p_adjusted = adjusted[k];
                r.significant = adjusted[k] < 0.05;
                k += 1;
            }
        }
    }
    Ok(CompareResult {
        campaigns: p.campaigns.clone(),
        baseline: base_name,
        metric: p.metric.as_str(),
        attribution_days: p.attribution_days,
        arms: data.into_iter().map(|d| d.arm).collect(),
        rates,
        revenue,
        incremental,
        verdicts,
        by: p.by.clone().unwrap_or_default(),
        by_group,
        warnings,
    })
}

/// The arms of these units — the control group first, then the variants by name (`""` for sends
/// without one) — and each unit's arm.
/// Arm names (and whether each is the control group); each unit with its arm.
type Arms = (Vec<(String, bool)>, Vec<(usize, usize)>);

fn arms_of(log: &MessageLog, units: &[usize]) -> Arms {
    let mut names: Vec<(String, bool)> = Vec::new();
    let none = log.variants.len();
    let slot = |v: u32| if v == NONE { none } else { v as usize };
    let mut variant_arm = vec![usize::MAX; none + 1];
    let mut control_arm = usize::MAX;
    if units.iter().any(|&u| log.unit_flags[u] & CONTROL != 0) {
        control_arm = 0;
        names.push((CONTROL_ARM.into(), true));
    }
    let mut present = vec![false; none + 1];
    for &u in units {
        if log.unit_flags[u] & CONTROL == 0 {
            present[slot(log.variant[log.unit_first[u] as usize])] = true;
        }
    }
    let mut order: Vec<usize> = (0..none).filter(|&v| present[v]).collect();
    super::dims::sort_by_label(&log.variants, &mut order);
    if present[none] {
        order.insert(0, none);
    }
    for v in order {
        variant_arm[v] = names.len();
        names.push((if v == none { String::new() } else { log.variants.get(v as u32).to_string() }, false));
    }
    let arm_of_unit = units
        .iter()
        .map(|&u| (u, if log.unit_flags[u] & CONTROL != 0 { control_arm } else { variant_arm[slot(log.variant[log.unit_first[u] as usize])] }))
        .collect();
    (names, arm_of_unit)
}

/// Counts and rates per arm over the units `keep` selects (`k` = position in `arm_of_unit`).
fn tally_arms(log: &MessageLog, names: &[(String, bool)], arm_of_unit: &[(usize, usize)], bought: &[(u32, f64)], keep: impl Fn(usize) -> bool) -> Vec<ArmData> {
    let mut data: Vec<ArmData> = names
        .iter()
        .map(|(name, control)| ArmData {
            arm: Arm {
                name: name.clone(),
                control: *control,
                recipients: 0,
                delivered: 0,
                opened: 0,
                clicked: 0,
                converted: 0,
                revenue: 0.0,
                open_rate: Rate::unknown(),
                click_rate: Rate::unknown(),
                conversion_rate: Rate::unknown(),
                revenue_per_recipient: f64::NAN,
            },
            money: Moments::default(),
            open_known: 0,
            click_known: 0,
        })
        .collect();
    for (k, &(u, a)) in arm_of_unit.iter().enumerate() {
        if !keep(k) {
            continue;
        }
        let m = log.unit_first[u] as usize;
        let flags = log.unit_flags[u];
        let (orders, revenue) = bought[k];
        let d = &mut data[a];
        d.arm.recipients += 1;
        d.money.add(revenue);
        if orders > 0 {
            d.arm.converted += 1;
            d.arm.revenue += revenue;
        }
        if flags & CONTROL == 0 && flags & DELIVERED != 0 {
            d.arm.delivered += 1;
            let channel = log.channel[m] as usize;
            if log.known.opens[channel] {
                d.open_known += 1;
                d.arm.opened += (flags & OPENED != 0) as u64;
            }
            if log.known.clicks[channel] {
                d.click_known += 1;
                d.arm.clicked += (flags & CLICKED != 0) as u64;
            }
        }
    }
    for d in data.iter_mut() {
        d.arm.open_rate = if d.open_known > 0 { Rate::of(d.arm.opened, d.open_known) } else { Rate::unknown() };
        d.arm.click_rate = if d.click_known > 0 { Rate::of(d.arm.clicked, d.click_known) } else { Rate::unknown() };
        d.arm.conversion_rate = Rate::of(d.arm.converted, d.arm.recipients);
        d.arm.revenue_per_recipient = if d.arm.recipients == 0 { f64::NAN } else { d.arm.revenue / d.arm.recipients as f64 };
    }
    data
}

fn arm_label(arm: &Arm, ja: bool) -> String {
    match (arm.control, arm.name.is_empty(), ja) {
        (true, _, true) => "非配信群".into(),
        (true, _, false) => "the control group".into(),
        (false, true, true) => "配信".into(),
        (false, true, false) => "the send".into(),
        (false, false, _) => arm.name.clone(),
    }
}

/// "B vs A: raised opens (+4.1 pts); no evidence it raised purchases." — the significant
/// effects first, then the lead metric when it is not among them (purchases when the lead metric
/// was not tested for this arm, e.g. opens against a control group). A test against another arm
/// than the verdict's baseline says which ("vs A").
fn verdict(arm: &Arm, base: &Arm, lead: Metric, tests: &[(&RateComparison, Option<&Arm>)], money: Option<&RevenueComparison>, currency: &str) -> Verdict {
    let (mut ja, mut en): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
    let words = |m: &str| match m {
        "open" => ("開封率", "opens"),
        "click" => ("クリック率", "clicks"),
        "conversion" => ("購入率", "purchases"),
        _ => ("受信者あたり売上", "revenue per recipient"),
    };
    let lead = if lead == Metric::Revenue || tests.iter().any(|(r, _)| r.metric == lead.as_str()) { lead } else { Metric::Conversion };
    let mut lead_found = false;
    let mut effects: Vec<(&str, f64, bool, Option<&Arm>)> = tests.iter().map(|&(r, other)| (r.metric, r.test.diff, r.significant, other.filter(|o| o.name != base.name || o.control != base.control))).collect();
    if let Some(m) = money {
        effects.push(("revenue", m.test.diff, m.significant, None));
    }
    for &(metric, diff, significant, other) in &effects {
        let (wj, we) = words(metric);
        if metric == lead.as_str() {
            lead_found = significant;
        }
        if !significant {
            continue;
        }
        let up = diff > 0.0;
        let (size_ja, size_en) = if metric == "revenue" {
            match currency {
                "JPY" | "" => (format!("{:+.0}円", diff), format!("{}¥{:.0}", if diff < 0.0 { "−" } else { "+" }, diff.abs())),
                code => (format!("{:+.0} {code}", diff), format!("{:+.0} {code}", diff)),
            }
        } else {
            (format!("{:+.1} pt", diff * 100.0), format!("{:+.1} pt", diff * 100.0))
        };
        let (vs_ja, vs_en) = other.map_or((String::new(), String::new()), |o| (format!("、{}比", arm_label(o, true)), format!(" vs {}", arm_label(o, false))));
        ja.push(format!("{wj}を{}（{size_ja}{vs_ja}）", if up { "上げました" } else { "下げました" }));
        en.push(format!("{} {we} ({size_en}{vs_en})", if up { "raised" } else { "lowered" }));
    }
    if !lead_found {
        let (wj, we) = words(lead.as_str());
        ja.push(format!("{wj}を変えた根拠はありません"));
        en.push(format!("no evidence it changed {we}"));
    }
    Verdict {
        ja: format!("{}は{}に比べて、{}。", arm_label(arm, true), arm_label(base, true), ja.join("。")),
        en: format!("{} vs {}: {}.", arm_label(arm, false), arm_label(base, false), en.join("; ")),
    }
}
