//! Recommendation formulas on tests/fixtures/baskets_5.csv, worked out by hand.
//!
//! Customer baskets: U1 {A,B,C}, U2 {A,B}, U3 {A,C}, U4 {B}, U5 {D}.
//! c_AA = 3, c_BB = 3, c_CC = 2, c_DD = 1; c_AB = 2, c_AC = 2, c_BC = 1, D co-occurs with nothing.
//! | pair | jaccard          | lift      | cosine        | inclusion |
//! | A B  | 2/(3+3−2) = 1/2  | 2/9       | 2/√9 = 2/3    | 2/3       |
//! | A C  | 2/(3+2−2) = 2/3  | 2/6 = 1/3 | 2/√6          | 2/2 = 1   |
//! | B C  | 1/(3+2−1) = 1/4  | 1/6       | 1/√6          | 1/2       |
//! Order baskets (6 orders): {A,B} {C} {A,B} {A,C} {B} {D}: c_A = 3, c_B = 3, c_C = 2, c_AB = 2,
//! c_AC = 1. Rules: A→B support 2/6, confidence 2/3, lift (2/3)/(3/6) = 4/3; B→A the same;
//! C→A confidence 1/2; A→C 1/3 (the last two need minSupport 1).
//! Popularity (buyers): A 3, B 3, C 2, D 1 → A, B, C, D.
//! Jaccard top-2, excluding purchases: U4 {B} → A 1/2, C 1/4. U2 {A,B} → C 2/3 + 1/4 = 11/12,
//! then D from popularity (flagged). U5 {D} → nothing similar: A, B from popularity.
//! Time decay, half-life 30 days, now = 2024-01-31: U1's A and B weigh 0.5, C 1. Co-occurrence
//! similarity with purchases kept (diagonal c_ii used): A = 0.5·3 + 0.5·2 + 1·2 = 4.5,
//! B = 0.5·2 + 0.5·3 + 1·1 = 3.5, C = 0.5·2 + 0.5·1 + 1·2 = 3.5 → A, B, C (B before C on the tie).

use crmkit::options::recommend::{EvaluateInput, RecommendInput, RulesInput};
use crmkit::recommend::evaluate::Evaluation;
use crmkit::recommend::rules::Rule;
use crmkit::recommend::{baskets, cooccurrence, similarity, BasketUnit, Recommendations, Similarity};
use crmkit::{from_csv, Dataset, ReadOptions, Result};

// The analyses as the boundary runs them: check the options, then the analysis.
fn recommend(ds: &Dataset, input: &RecommendInput) -> Result<Recommendations> {
    crmkit::recommend::recommend(ds, &input.clone().check()?)
}
fn similar_items(ds: &Dataset, product: &str, k: usize, input: &RecommendInput) -> Result<Vec<(u32, f64, u32)>> {
    crmkit::recommend::similar_items(ds, product, k, &input.clone().check()?)
}
fn bought_together(ds: &Dataset, input: &RulesInput) -> Result<(Vec<Rule>, u64)> {
    crmkit::recommend::rules::bought_together(ds, &input.clone().check()?)
}
fn evaluate(ds: &Dataset, input: &EvaluateInput) -> Result<Evaluation> {
    crmkit::recommend::evaluate::evaluate(ds, &input.clone().check()?)
}

fn load() -> Dataset {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/baskets_5.csv")).unwrap();
    from_csv(&bytes, &ReadOptions::default(), &mut |_| {}).unwrap()
}

fn item(ds: &Dataset, id: &str) -> u32 {
    ds.product_ids.index_map()[id]
}

#[test]
fn similarity_formulas() {
    let ds = load();
    let co = cooccurrence(&baskets(&ds, BasketUnit::Customer, &|_| true), ds.products(), 1);
    let (a, b, c, d) = (item(&ds, "A"), item(&ds, "B"), item(&ds, "C"), item(&ds, "D"));
    assert_eq!([a, b, c, d].map(|i| co.diagonal[i as usize]), [3, 3, 2, 1]);
    let get = |kind: Similarity, i: u32, j: u32| -> f64 {
        let s = similarity(&co, kind, None);
        let (cols, values) = s.row(i as usize);
        cols.iter().position(|&x| x == j).map(|p| values[p] as f64).unwrap_or(0.0)
    };
    let close = |x: f64, y: f64| (x - y).abs() < 1e-6;
    assert!(close(get(Similarity::Jaccard, a, b), 0.5) && close(get(Similarity::Jaccard, a, c), 2.0 / 3.0) && close(get(Similarity::Jaccard, b, c), 0.25));
    assert!(close(get(Similarity::Lift, a, b), 2.0 / 9.0) && close(get(Similarity::Lift, a, c), 1.0 / 3.0) && close(get(Similarity::Lift, b, c), 1.0 / 6.0));
    assert!(close(get(Similarity::Cosine, a, b), 2.0 / 3.0) && close(get(Similarity::Cosine, a, c), 2.0 / 6f64.sqrt()));
    assert!(close(get(Similarity::Inclusion, a, c), 1.0) && close(get(Similarity::Inclusion, b, c), 0.5));
    assert!(close(get(Similarity::Cooccurrence, a, b), 2.0) && close(get(Similarity::Cooccurrence, c, a), 2.0));
    assert_eq!(get(Similarity::Jaccard, a, d), 0.0);
    // minSupport 2 drops B–C (c = 1).
    let pruned = cooccurrence(&baskets(&ds, BasketUnit::Customer, &|_| true), ds.products(), 2);
    let r = pruned.offsets[b as usize] as usize..pruned.offsets[b as usize + 1] as usize;
    assert_eq!(pruned.cols[r].to_vec(), vec![a]);
}

#[test]
fn top_k_fill_and_flags() {
    let ds = load();
    let r = recommend(&ds, &RecommendInput { k: Some(2), ..Default::default() }).unwrap();
    let list = |customer: &str| -> Vec<(String, f64, u8)> {
        let c = ds.customer_ids.index_map()[customer];
        (0..r.customer_index.len())
            .filter(|&x| r.customer_index[x] == c)
            .map(|x| (ds.product_ids.get(r.item_index[x]).to_string(), r.score[x], r.popularity[x]))
            .collect()
    };
    let u4 = list("U4");
    assert_eq!(u4.iter().map(|x| x.0.as_str()).collect::<Vec<_>>(), vec!["A", "C"]);
    assert!((u4[0].1 - 0.5).abs() < 1e-6 && (u4[1].1 - 0.25).abs() < 1e-6);
    let u2 = list("U2");
    assert_eq!((u2[0].0.as_str(), u2[1].0.as_str(), u2[1].2), ("C", "D", 1));
    assert!((u2[0].1 - 11.0 / 12.0).abs() < 1e-6);
    assert_eq!(list("U5").iter().map(|x| (x.0.as_str(), x.2)).collect::<Vec<_>>(), vec![("A", 1), ("B", 1)]);
    // Exactly k per customer when k candidates exist: U1 bought A, B and C, so only D is left.
    assert_eq!(r.item_index.len(), 2 + 2 + 2 + 2 + 1);
    assert_eq!(list("U1").iter().map(|x| x.0.as_str()).collect::<Vec<_>>(), vec!["D"]);
}

#[test]
fn time_decay_with_purchases_kept() {
    let ds = load();
    let input = RecommendInput {
        similarity: Some("cooccurrence".into()),
        half_life_days: Some(30.0),
        exclude_purchased: Some(false),
        k: Some(3),
        customers: Some(vec!["U1".into()]),
        ..Default::default()
    };
    let r = recommend(&ds, &input).unwrap();
    let got: Vec<(&str, f64)> = (0..3).map(|x| (ds.product_ids.get(r.item_index[x]), r.score[x])).collect();
    assert_eq!(got.iter().map(|x| x.0).collect::<Vec<_>>(), vec!["A", "B", "C"]);
    assert!((got[0].1 - 4.5).abs() < 1e-9 && (got[1].1 - 3.5).abs() < 1e-9 && (got[2].1 - 3.5).abs() < 1e-9, "{got:?}");
}

#[test]
fn bought_together_rules_and_similar_items() {
    let ds = load();
    let (rules, orders) = bought_together(&ds, &RulesInput { min_support: Some(1), ..Default::default() }).unwrap();
    assert_eq!(orders, 6);
    let named: Vec<(&str, &str, u32)> = rules.iter().map(|r| (ds.product_ids.get(r.antecedent), ds.product_ids.get(r.consequent), r.orders)).collect();
    assert_eq!(named, vec![("A", "B", 2), ("B", "A", 2), ("C", "A", 1), ("A", "C", 1)]);
    assert!((rules[0].confidence - 2.0 / 3.0).abs() < 1e-12 && (rules[0].lift - 4.0 / 3.0).abs() < 1e-12 && (rules[0].support - 2.0 / 6.0).abs() < 1e-12);
    let (default_rules, _) = bought_together(&ds, &RulesInput::default()).unwrap();
    assert_eq!(default_rules.len(), 2, "minSupport 2 keeps A→B and B→A");
    let similar = similar_items(&ds, "A", 5, &RecommendInput::default()).unwrap();
    let ids: Vec<&str> = similar.iter().map(|x| ds.product_ids.get(x.0)).collect();
    assert_eq!(ids, vec!["C", "B"], "jaccard A–C 2/3 > A–B 1/2");
    assert_eq!(similar[0].2, 2, "co-occurrence count reported");
}

#[test]
fn leave_last_order_out_evaluation() {
    let ds = load();
    let e = evaluate(&ds, &EvaluateInput { k: Some(2), ..Default::default() }).unwrap();
    // Only U1 has 2 orders: order 2 {C} is held out; trained without it, U1 {A,B} gets C (jaccard
    // A–C = 1/(3+1−1)) then D by popularity: hit, precision 1/2, recall 1, NDCG 1, MAP 1.
    assert_eq!(e.customers_evaluated, 1);
    assert_eq!((e.model.hit, e.model.precision, e.model.recall, e.model.ndcg, e.model.map), (1.0, 0.5, 1.0, 1.0, 1.0));
    assert_eq!(e.model.coverage, 0.5);
    assert_eq!(e.popularity.hit, 1.0);
}
