//! RFM and deciles on tests/fixtures/segments_12.csv, every number worked out by hand.
//!
//! asOf = 2025-01-01 (orders on or after it are ignored: A's 2025-01-05 order, and M, who only buys
//! in 2025, is not scored). J's −3,000 order is a return: not a purchase, netted into M.
//!
//! | cust | F  | M       | last purchase | R   | fixed R F M | FM | fixed segment   | quantile R F M | 5-scale F | FM | quantile segment | decile |
//! |------|----|---------|---------------|-----|-------------|----|-----------------|----------------|-----------|----|------------------|--------|
//! | A    | 6  | 120,000 | 2024-12-31    | 1   | 5 4 4       | 4  | champions       | 5 4 5          | 5         | 5  | champions        | 1      |
//! | B    | 4  | 60,000  | 2024-12-20    | 12  | 5 3 3       | 3  | active          | 4 4 5          | 5         | 5  | loyal            | 2      |
//! | C    | 3  | 45,000  | 2024-11-15    | 47  | 4 3 3       | 3  | active          | 3 3 4          | 4         | 4  | loyal            | 3      |
//! | D    | 2  | 20,000  | 2024-12-25    | 7   | 5 2 2       | 2  | new             | 5 2 4          | 2         | 3  | active           | 4      |
//! | E    | 2  | 18,000  | 2024-08-01    | 153 | 3 2 2       | 2  | needs_attention | 2 2 3          | 2         | 3  | at_risk          | 5      |
//! | F    | 1  | 9,000   | 2024-12-29    | 3   | 5 1 1       | 1  | new             | 5 1 3          | 1         | 2  | new              | 6      |
//! | G    | 1  | 5,000   | 2024-10-01    | 92  | 3 1 1       | 1  | needs_attention | 3 1 1          | 1         | 1  | needs_attention  | 7      |
//! | H    | 1  | 5,000   | 2024-04-01    | 275 | 2 1 1       | 1  | almost_lost     | 1 1 1          | 1         | 1  | dormant          | 8      |
//! | I    | 1  | 3,000   | 2024-01-15    | 352 | 2 1 1       | 1  | almost_lost     | 1 1 1          | 1         | 1  | dormant          | 9      |
//! | J    | 2  | 7,000   | 2024-05-01    | 245 | 2 2 1       | 2  | almost_lost     | 2 2 2          | 2         | 2  | almost_lost      | 6      |
//! | K    | 1  | 2,000   | 2023-06-01    | 580 | 1 1 1       | 1  | dormant         | 1 1 1          | 1         | 1  | dormant          | 10     |
//! | L    | 10 | 250,000 | 2024-12-15    | 17  | 5 5 4       | 5  | champions       | 4 4 5          | 5         | 5  | loyal            | 1      |
//!
//! Fixed cut points (defaults): R [30, 90, 180, 365] (≤30 → 5 … >365 → 1), F [2, 3, 5, 10],
//! M [10k, 30k, 100k, 300k]. FM = ⌈(F + M) / 2⌉.
//!
//! Quantile edges (numpy linear interpolation, h = 11·q over the 12 sorted values):
//! - R sorted [1 3 7 12 17 47 92 153 245 275 352 580] → [1, 8, 29, 128.6, 269, 580]; bins
//!   {1,3,7} {12,17} {47,92} {153,245} {275,352,580}, reversed → scores 5 4 3 2 1.
//! - F sorted [1 1 1 1 1 2 2 2 3 4 6 10] → [1, 1, 1.4, 2, 3.8, 10] → duplicates dropped →
//!   4 bins: F=1 → 1, F=2 → 2, F=3 → 3, F≥4 → 4 (warning: edges collapsed). On the 1–5 segment
//!   scale: 1 → 1, 2 → 2, 3 → 4, 4 → 5 (1 + round((s−1)·4/3)).
//! - M sorted [2k 3k 5k 5k 7k 9k 18k 20k 45k 60k 120k 250k] → [2000, 5000, 7800, 19200, 57000,
//!   250000]; G and H tie at 5,000 and both score 1.
//!
//! Deciles (n = 12, rank i → ⌊10i/12⌋ + 1; G before H on the tie by customer index):
//! L A | B | C | D | E | F J | G | H | I | K; total 544,000; decile 1 = 370,000 (68.01 %),
//! 16 orders → AOV 23,125.
#![allow(clippy::identity_op, clippy::erasing_op)] // grid and matrix indices are written out in full

use crmkit::options::segments::{CpmInput, CpmThresholdsInput, DecileInput, MembersInput, RepeatInput, RfmInput, ThresholdsInput};
use crmkit::options::OneOrMany;
use crmkit::segments::cpm::cpm;
use crmkit::segments::decile::deciles;
use crmkit::segments::members::segment_members;
use crmkit::segments::repeat::repeat;
use crmkit::segments::rfm::rfm;
use crmkit::{from_csv, Dataset, ReadOptions};

fn load() -> Dataset {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/segments_12.csv")).unwrap();
    from_csv(&bytes, &ReadOptions::default(), &mut |_| {}).unwrap()
}

const CUSTOMERS: [&str; 12] = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L"];

fn index(ds: &Dataset, id: &str) -> usize {
    (0..ds.customers()).find(|&c| ds.customer_ids.get(c as u32) == id).unwrap()
}

fn segment_keys(ds: &Dataset, r: &crmkit::segments::rfm::RfmResult) -> Vec<String> {
    CUSTOMERS.iter().map(|id| r.segments.iter().find(|s| s.id == r.segment[index(ds, id)]).unwrap().key.clone()).collect()
}

#[test]
fn rfm_values_and_fixed_scores() {
    let ds = load();
    let opts = RfmInput { as_of: Some("2025-01-01".into()), method: Some("fixed".into()), ..Default::default() };
    let r = rfm(&ds, &opts.check("").unwrap()).unwrap();
    assert_eq!((r.customers_scored, r.customers_not_scored), (12, 1));
    let col = |f: &dyn Fn(usize) -> f64| CUSTOMERS.iter().map(|id| f(index(&ds, id))).collect::<Vec<f64>>();
    assert_eq!(col(&|c| r.recency[c]), vec![1., 12., 47., 7., 153., 3., 92., 275., 352., 245., 580., 17.]);
    assert_eq!(col(&|c| r.frequency[c] as f64), vec![6., 4., 3., 2., 2., 1., 1., 1., 1., 2., 1., 10.]);
    assert_eq!(
        col(&|c| r.monetary[c]),
        vec![120e3, 60e3, 45e3, 20e3, 18e3, 9e3, 5e3, 5e3, 3e3, 7e3, 2e3, 250e3]
    );
    let scores = |c: usize| (r.r_score[c], r.f_score[c], r.m_score[c]);
    let got: Vec<_> = CUSTOMERS.iter().map(|id| scores(index(&ds, id))).collect();
    assert_eq!(
        got,
        vec![(5, 4, 4), (5, 3, 3), (4, 3, 3), (5, 2, 2), (3, 2, 2), (5, 1, 1), (3, 1, 1), (2, 1, 1), (2, 1, 1), (2, 2, 1), (1, 1, 1), (5, 5, 4)]
    );
    assert_eq!(
        segment_keys(&ds, &r),
        vec![
            "champions", "active", "active", "new", "needs_attention", "new", "needs_attention", "almost_lost", "almost_lost",
            "almost_lost", "dormant", "champions"
        ]
    );
    let m = index(&ds, "M");
    assert_eq!((r.segment[m], r.r_score[m]), (crmkit::segments::rfm::NO_SEGMENT, 0));
    assert!(r.recency[m].is_nan());
    // Segment table: champions = A + L.
    let champions = r.segments.iter().find(|s| s.key == "champions").unwrap();
    assert_eq!((champions.customers, champions.revenue), (2, 370_000.0));
    assert_eq!(champions.name, "優良顧客");
    assert!((champions.share - 2.0 / 12.0).abs() < 1e-12);
    assert!((champions.revenue_share - 370.0 / 544.0).abs() < 1e-12);
    assert_eq!(champions.mean_frequency, 8.0);
    // R×F grid cell (R5, F1) holds F only: 9,000.
    let cell = (5 - 1) * 5 + (1 - 1);
    assert_eq!((r.grid.customers[cell], r.grid.revenue[cell]), (1, 9_000.0));
    assert_eq!(r.grid.customers.iter().sum::<u64>(), 12);
}

#[test]
fn quantile_scores_match_the_hand_computed_qcut() {
    let ds = load();
    let opts = RfmInput { as_of: Some("2025-01-01".into()), lang: Some("en".into()), ..Default::default() };
    let r = rfm(&ds, &opts.check("").unwrap()).unwrap();
    let got: Vec<_> = CUSTOMERS.iter().map(|id| index(&ds, id)).map(|c| (r.r_score[c], r.f_score[c], r.m_score[c])).collect();
    assert_eq!(
        got,
        vec![(5, 4, 5), (4, 4, 5), (3, 3, 4), (5, 2, 4), (2, 2, 3), (5, 1, 3), (3, 1, 1), (1, 1, 1), (1, 1, 1), (2, 2, 2), (1, 1, 1), (4, 4, 5)]
    );
    let close = |a: &[f64], b: &[f64]| a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-9);
    assert!(close(&r.edges.recency, &[1.0, 8.0, 29.0, 128.6, 269.0, 580.0]), "{:?}", r.edges.recency);
    assert!(close(&r.edges.frequency, &[1.0, 1.4, 2.0, 3.8, 10.0]), "{:?}", r.edges.frequency);
    assert!(close(&r.edges.monetary, &[2000.0, 5000.0, 7800.0, 19200.0, 57000.0, 250000.0]), "{:?}", r.edges.monetary);
    assert_eq!(r.warnings.len(), 1);
    assert!(r.warnings[0].message.starts_with("frequency: ties left 4 distinct scores"), "{}", r.warnings[0].message);
    assert_eq!(
        segment_keys(&ds, &r),
        vec![
            "champions", "loyal", "loyal", "active", "at_risk", "new", "needs_attention", "dormant", "dormant", "almost_lost",
            "dormant", "loyal"
        ]
    );
    assert_eq!(r.segments.iter().find(|s| s.key == "loyal").unwrap().name, "Loyal");
}

#[test]
fn custom_segment_map_and_default_as_of() {
    let ds = load();
    let opts = RfmInput {
        as_of: Some("2025-01-01".into()),
        method: Some("fixed".into()),
        thresholds: Some(ThresholdsInput { frequency: Some(vec![2.0, 3.0, 5.0, 10.0]), ..Default::default() }),
        segment_map: Some(vec![crmkit::options::segments::SegmentRuleInput { name: "F2+".into(), f: Some([2, 5]), ..Default::default() }]),
        ..Default::default()
    };
    let r = rfm(&ds, &opts.check("").unwrap()).unwrap();
    let counts: Vec<(String, u64)> = r.segments.iter().map(|s| (s.key.clone(), s.customers)).collect();
    // F ≥ 2 purchases: A B C D E J L = 7; the other 5 fall to "other".
    assert_eq!(counts, vec![("F2+".to_string(), 7), ("other".to_string(), 5)]);
    // Default asOf = day after the last order (2025-01-10 → 2025-01-11): M is scored now.
    let r = rfm(&ds, &RfmInput::default().check("").unwrap()).unwrap();
    assert_eq!((r.as_of.as_str(), r.customers_scored), ("2025-01-11", 13));
}

#[test]
fn deciles_hand_computed() {
    let ds = load();
    let d = deciles(&ds, &DecileInput { as_of: Some("2025-01-01".into()), ..Default::default() }.check("").unwrap()).unwrap();
    assert_eq!((d.customers, d.revenue), (12, 544_000.0));
    let got: Vec<u8> = CUSTOMERS.iter().map(|id| d.decile[index(&ds, id)]).collect();
    assert_eq!(got, vec![1, 2, 3, 4, 5, 6, 7, 8, 9, 6, 10, 1]);
    let revenue: Vec<f64> = d.deciles.iter().map(|x| x.revenue).collect();
    assert_eq!(revenue, vec![370e3, 60e3, 45e3, 20e3, 18e3, 16e3, 5e3, 5e3, 3e3, 2e3]);
    let top = &d.deciles[0];
    assert_eq!((top.customers, top.orders, top.aov), (2, 16, 23_125.0));
    assert!((top.share - 370.0 / 544.0).abs() < 1e-12);
    assert!((d.deciles[9].cumulative_share - 1.0).abs() < 1e-12);
    // A 90-day window before 2025-01-01 keeps purchases from 2024-10-03 on:
    // A 40k (10-10, 12-31), B 15k, C 15k, D 20k, F 9k, L 50k (10-15, 12-15) → 6 customers.
    let w = deciles(&ds, &DecileInput { as_of: Some("2025-01-01".into()), period_days: Some(90), ..Default::default() }.check("").unwrap()).unwrap();
    assert_eq!((w.customers, w.revenue, w.from.as_deref()), (6, 149_000.0, Some("2024-10-03")));
    assert_eq!(w.warnings[0].code, "few_customers");
}

/// Every customer's R, F, M and quantile scores equal an independent pandas computation
/// (scripts/reference/rfm_qcut.py: group-bys + `pd.qcut(..., duplicates='drop')`) on
/// tests/fixtures/synthetic_800.csv as of 2025-07-01; the committed output is the reference.
#[test]
fn quantile_scores_equal_pandas_qcut_on_synthetic_data() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let orders = std::fs::read(format!("{dir}/synthetic_800.csv")).unwrap();
    let ds = from_csv(&orders, &ReadOptions::default(), &mut |_| {}).unwrap();
    let r = rfm(&ds, &RfmInput { as_of: Some("2025-07-01".into()), ..Default::default() }.check("").unwrap()).unwrap();
    let reference = std::fs::read_to_string(format!("{dir}/reference/rfm_qcut_800.csv")).unwrap();
    let lookup = ds.customer_ids.index_map();
    let mut checked = 0;
    for line in reference.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let c = lookup[f[0]] as usize;
        let num = |i: usize| f[i].parse::<f64>().unwrap();
        assert_eq!(
            (r.recency[c], r.frequency[c] as f64, r.monetary[c]),
            (num(1), num(2), num(3)),
            "R F M of {}",
            f[0]
        );
        assert_eq!((r.r_score[c] as f64, r.f_score[c] as f64, r.m_score[c] as f64), (num(4), num(5), num(6)), "scores of {}", f[0]);
        checked += 1;
    }
    assert_eq!(checked, 636);
    assert_eq!(r.customers_scored, 636);
}

/// CPM as of 2025-01-01 (defaults: lapsed ≥ 240 days, tenure cut-offs 90 / 210, spend ¥70,000).
///
/// | cust | F  | first → last purchase   | tenure | lapse | spend   | group                        |
/// |------|----|-------------------------|--------|-------|---------|------------------------------|
/// | A    | 6  | 2024-02-10 → 2024-12-31 | 325    | 1     | 120,000 | active_top (現役優良客)       |
/// | B    | 4  | 2024-03-05 → 2024-12-20 | 290    | 12    | 60,000  | active_steady (< ¥70k)       |
/// | C    | 3  | 2024-05-15 → 2024-11-15 | 184    | 47    | 45,000  | active_steady                |
/// | D    | 2  | 2024-12-01 → 2024-12-25 | 24     | 7     | 20,000  | active_early (tenure < 90)   |
/// | E    | 2  | 2024-02-01 → 2024-08-01 | 182    | 153   | 18,000  | active_steady                |
/// | F    | 1  | 2024-12-29              | 0      | 3     | 9,000   | active_first                 |
/// | G    | 1  | 2024-10-01              | 0      | 92    | 5,000   | active_first                 |
/// | H    | 1  | 2024-04-01              | 0      | 275   | 5,000   | lapsed_first (≥ 240)         |
/// | I    | 1  | 2024-01-15              | 0      | 352   | 3,000   | lapsed_first                 |
/// | J    | 2  | 2024-03-01 → 2024-05-01 | 61     | 245   | 7,000   | lapsed_early                 |
/// | K    | 1  | 2023-06-01              | 0      | 580   | 2,000   | lapsed_first                 |
/// | L    | 10 | 2024-01-15 → 2024-12-15 | 335    | 17    | 250,000 | active_top                   |
///
/// With spend cut-off ¥40,000 instead: B → active_top (tenure 290), C → active_trendy
/// (90 ≤ 184 < 210, ¥45,000), E stays steady (¥18,000).
/// Monthly: K (last purchase 2023-06-01) lapses after 240 days = 2024-01-27, so the end-of-January
/// 2024 snapshot moves K from active_first to lapsed_first; months run 2023-06 … 2024-12.
#[test]
fn cpm_hand_computed() {
    let ds = load();
    let keys = |r: &crmkit::segments::cpm::CpmResult| -> Vec<&'static str> {
        CUSTOMERS.iter().map(|id| r.group[index(&ds, id)]).map(|g| crmkit::segments::cpm::GROUP_NAMES[g as usize].0).collect()
    };
    let r = cpm(&ds, &CpmInput { as_of: Some("2025-01-01".into()), ..Default::default() }.check("").unwrap()).unwrap();
    assert_eq!(
        keys(&r),
        vec![
            "active_top", "active_steady", "active_steady", "active_early", "active_steady", "active_first", "active_first",
            "lapsed_first", "lapsed_first", "lapsed_early", "lapsed_first", "active_top"
        ]
    );
    assert_eq!(r.group[index(&ds, "M")], crmkit::segments::cpm::NOT_A_CUSTOMER);
    let counts: Vec<u64> = r.groups.iter().map(|g| g.customers).collect();
    assert_eq!(counts, vec![2, 1, 3, 0, 2, 3, 1, 0, 0, 0]);
    assert_eq!((r.groups[4].name, r.groups[4].revenue, r.groups[4].mean_purchases), ("現役優良客", 370_000.0, 8.0));
    // Monthly snapshots: the last equals the table; K lapses in 2024-01.
    assert_eq!(r.monthly.first().map(|m| m.month.as_str()), Some("2023-06"));
    assert_eq!(r.monthly.last().map(|m| m.month.as_str()), Some("2024-12"));
    assert_eq!(r.monthly.last().unwrap().counts, counts);
    let jan = r.monthly.iter().find(|m| m.month == "2024-01").unwrap();
    assert_eq!(jan.transitions[0 * 11 + 5], 1, "active_first → lapsed_first");
    assert_eq!(jan.transitions[10 * 11 + 0], 2, "new first-time buyers I and L");
    assert_eq!(r.monthly[0].counts[0], 1, "2023-06: K");

    let custom = CpmInput {
        as_of: Some("2025-01-01".into()),
        thresholds: Some(CpmThresholdsInput { spend: Some(40_000.0), ..Default::default() }),
        lang: Some("en".into()),
    };
    let r = cpm(&ds, &custom.check("").unwrap()).unwrap();
    let k = keys(&r);
    assert_eq!((k[1], k[2], k[4]), ("active_top", "active_trendy", "active_steady"));
    assert_eq!(r.groups[3].name, "Trendy");
}

/// Repeat / F2 as of 2025-01-01 (last observed day 2024-12-31).
///
/// Days from the 1st to the 2nd purchase: A 60 (02-10 → 04-10), B 92, C 92, D 24, E 182, J 61,
/// L 31; F G H I K buy once. buyers 12, repeat buyers 7 → 7/12.
/// Stages: ≥1: 12, ≥2: 7, ≥3: A B C L = 4, ≥4: A B L = 3, ≥5: A L = 2, ≥6: A L = 2.
/// F2 within w days (eligible = first purchase + w ≤ 2024-12-31):
/// - 30: all but F (12-29) → 11 eligible; converted D (24) → 1/11
/// - 60: D (12-01) and F out → 10; A (60), L (31) → 2/10
/// - 90: 10 (G 10-01 still in); A, L, J (61) → 3/10
/// - 180: D, F, G out → 9; A, B, C, J, L → 5/9 (E took 182)
/// - 365: only K (2023-06-01) is eligible → 0/1
///
/// Cohort 2024-02 (A, E): f2Ever 2/2; within 30 → 0, 60 → 1, 90 → 1, 180 → 1 (each of 2);
/// 365 → null (02-29 + 365 > 2024-12-31). Cohort 2024-12 (D, F): every window null.
/// Gaps sorted [24 31 60 61 92 92 182]: median 61, mean 542/7; histogram 15–30: 1, 31–60: 2,
/// 61–90: 1, 91–180: 2, 181–365: 1.
#[test]
fn repeat_and_f2_hand_computed() {
    let ds = load();
    let r = repeat(&ds, &RepeatInput { as_of: Some("2025-01-01".into()), ..Default::default() }.check().unwrap()).unwrap();
    assert_eq!((r.buyers, r.repeat_buyers), (12, 7));
    let stages: Vec<(u64, u64)> = r.stages.iter().map(|s| (s.customers, s.converted)).collect();
    assert_eq!(stages, vec![(12, 7), (7, 4), (4, 3), (3, 2), (2, 2)]);
    let within: Vec<(u32, u64, u64)> = r.f2_within.iter().map(|w| (w.days, w.eligible, w.converted)).collect();
    assert_eq!(within, vec![(30, 11, 1), (60, 10, 2), (90, 10, 3), (180, 9, 5), (365, 1, 0)]);
    let feb = r.cohorts.iter().find(|c| c.month == "2024-02").unwrap();
    assert_eq!((feb.first_time_buyers, feb.f2_ever), (2, 2));
    assert_eq!(feb.f2_within, vec![Some(0), Some(1), Some(1), Some(1), None]);
    assert_eq!(feb.f2_within_rate[1], Some(0.5));
    let dec = r.cohorts.iter().find(|c| c.month == "2024-12").unwrap();
    assert!(dec.f2_within.iter().all(Option::is_none));
    assert_eq!(r.cohorts.first().map(|c| c.month.as_str()), Some("2023-06"));
    assert_eq!(r.cohorts.len(), 19, "2023-06 … 2024-12, empty months included");
    let d = &r.days_to_second;
    assert_eq!((d.customers, d.stats.median), (7, Some(61.0)));
    assert!((d.stats.mean.unwrap() - 542.0 / 7.0).abs() < 1e-12);
    let hist: Vec<u64> = d.stats.histogram.iter().map(|b| b.customers).collect();
    assert_eq!(hist, vec![0, 0, 1, 2, 1, 2, 1, 0]);
    let bad = RepeatInput { windows: Some(vec![60, 30]), ..Default::default() }.check().and_then(|p| repeat(&ds, &p)).unwrap_err();
    assert_eq!(bad.option().as_deref(), Some("windows"));
}

/// Target lists, from the tables above: fixed-RFM champions are A and L; lapsed first-time buyers
/// are H (decile 8), I (9) and K (10), so with deciles 9–10 only I and K remain.
#[test]
fn segment_members_export() {
    let ds = load();
    let input = MembersInput {
        rfm_segment: Some(OneOrMany::One("champions".into())),
        as_of: Some("2025-01-01".into()),
        rfm: Some(RfmInput { method: Some("fixed".into()), ..Default::default() }),
        ..Default::default()
    };
    let (bytes, n) = segment_members(&ds, &input.check().unwrap()).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert_eq!(n, 2);
    let lines: Vec<&str> = text.trim_end().split("\r\n").collect();
    assert_eq!(
        lines[0],
        "\u{FEFF}customer_id,rfm_segment,recency_days,frequency,monetary,r_score,f_score,m_score,cpm_group,decile,first_purchase,last_purchase"
    );
    assert_eq!(lines[1], "A,champions,1,6,120000,5,4,4,active_top,1,2024-02-10,2024-12-31");
    assert_eq!(lines[2], "L,champions,17,10,250000,5,5,4,active_top,1,2024-01-15,2024-12-15");

    let input = MembersInput {
        cpm_group: Some(OneOrMany::One("離脱初回客".into())),
        decile: Some(OneOrMany::Many(vec![9, 10])),
        as_of: Some("2025-01-01".into()),
        ..Default::default()
    };
    let (bytes, n) = segment_members(&ds, &input.check().unwrap()).unwrap();
    assert_eq!(n, 2);
    let text = String::from_utf8(bytes).unwrap();
    let ids: Vec<&str> = text.trim_end().split("\r\n").skip(1).map(|l| l.split(',').next().unwrap()).collect();
    assert_eq!(ids, vec!["I", "K"]);

    let err = MembersInput { rfm_segment: Some(OneOrMany::One("vip".into())), ..Default::default() }.check().and_then(|p| segment_members(&ds, &p)).unwrap_err();
    assert_eq!(err.option().as_deref(), Some("rfmSegment"));
    assert!(err.to_string().contains("champions (優良顧客)"), "{err}");
    assert_eq!(MembersInput::default().check().and_then(|p| segment_members(&ds, &p)).unwrap_err().option().as_deref(), Some("segmentMembers"));
}
