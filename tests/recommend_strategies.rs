//! The repurchase and blend strategies and the repurchase baseline, on a hand-made shop; every
//! expected number is worked out in the comments (docs/products.md §6).

use crmkit::recommend::evaluate::{evaluate, EvaluateParams};
use crmkit::recommend::{recommend, BasketUnit, RecommendParams, Similarity, Strategy};

/// A: 2024-01-01 X, Y; 2024-03-31 X. B: 2024-03-31 Y, Z. Now = 2024-03-31 (the last date).
const ORDERS: &str = "order_id,customer_id,order_date,product_id,amount\n\
1,A,2024-01-01,X,100\n1,A,2024-01-01,Y,100\n2,A,2024-03-31,X,100\n3,B,2024-03-31,Y,100\n3,B,2024-03-31,Z,100\n";

fn shop() -> crmkit::dataset::Dataset {
    crmkit::ingest::from_csv(ORDERS.as_bytes(), &Default::default(), &mut |_| {}).unwrap()
}

/// A's list (customer index 0) as (product id, score, from popularity).
fn list_of_a(ds: &crmkit::dataset::Dataset, p: &RecommendParams) -> Vec<(String, f64, bool)> {
    let r = recommend(ds, &RecommendParams { customers: Some(vec!["A".into()]), ..p.clone() }).unwrap();
    (0..r.item_index.len()).map(|x| (ds.product_ids.get(r.item_index[x]).to_string(), r.score[x], r.popularity[x] == 1)).collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

/// Repurchase, half-life 90 days (the default): X = 0.5^(90/90) + 1 = 1.5, Y = 0.5 (no item has
/// 10 intervals, so no cycle). Then the popularity fill: Y (2 buyers), X, Z (1) → Z.
#[test]
fn repurchase_ranks_the_customers_own_items_by_decayed_count() {
    let ds = shop();
    let p = RecommendParams { strategy: Strategy::Repurchase, exclude_purchased: false, k: 3, ..Default::default() };
    let got = list_of_a(&ds, &p);
    assert_eq!(got.iter().map(|x| (x.0.as_str(), x.2)).collect::<Vec<_>>(), [("X", false), ("Y", false), ("Z", true)]);
    assert!(close(got[0].1, 1.5) && close(got[1].1, 0.5), "{got:?}");
}

/// Blend (cosine over order baskets {X,Y}, {X}, {Y,Z}): cos(X,Y) = 1/√(2·2) = 0.5,
/// cos(Y,Z) = 1/√(2·1) = 0.7071, self-similarity 1. Item-item for A (X 1.5, Y 0.5):
/// X 1.5 + 0.5·0.5 = 1.75, Y 0.5 + 1.5·0.5 = 1.25, Z 0.5·0.7071 = 0.3536.
/// Weight 0.9: X 0.9·1.5/1.5 + 0.1·1.75/1.75 = 1; Y 0.9·0.5/1.5 + 0.1·1.25/1.75 = 0.3714;
/// Z 0.1·0.3536/1.75 = 0.0202.
#[test]
fn blend_is_the_documented_weighted_sum() {
    let ds = shop();
    let p = RecommendParams { strategy: Strategy::Blend, similarity: Similarity::Cosine, basket: BasketUnit::Order, exclude_purchased: false, k: 3, blend_weight: 0.9, ..Default::default() };
    let got = list_of_a(&ds, &p);
    assert_eq!(got.iter().map(|x| x.0.as_str()).collect::<Vec<_>>(), ["X", "Y", "Z"]);
    assert!(close(got[0].1, 1.0) && close(got[1].1, 0.3 + 0.1 * 1.25 / 1.75) && close(got[2].1, 0.1 * 0.5 * 0.5f64.sqrt() / 1.75), "{got:?}");
}

/// The evaluation reports the repurchase baseline when bought items count, and not otherwise.
#[test]
fn evaluation_has_a_repurchase_baseline_when_bought_items_count() {
    let ds = shop();
    let with = evaluate(&ds, &EvaluateParams { model: RecommendParams { exclude_purchased: false, ..Default::default() }, ..Default::default() }).unwrap();
    // A is the only customer with 2 orders: held out {X}; trained on {X, Y}: repurchase lists X first.
    let rep = with.repurchase.expect("a repurchase baseline");
    assert_eq!((with.customers_evaluated, rep.hit, rep.ndcg), (1, 1.0, 1.0));
    // With excludePurchased (the item-item default) bought items are never relevant: no baseline.
    // (C adds a customer whose held-out order is new to them.)
    let more = format!("{ORDERS}4,C,2024-02-01,Y,100\n5,C,2024-03-31,Z,100\n");
    let ds = crmkit::ingest::from_csv(more.as_bytes(), &Default::default(), &mut |_| {}).unwrap();
    let without = evaluate(&ds, &EvaluateParams::default()).unwrap();
    assert!(without.repurchase.is_none());
    assert_eq!((without.strategy, without.customers_evaluated), ("itemItem", 1));
}

/// Next-order similarity: A's consecutive orders {X, Y} → {X} are the only pair (B has one order).
/// P(X next | X) = 1 (the diagonal: X's repeat probability), P(X next | Y) = 1; nothing else.
#[test]
fn next_order_transitions() {
    let ds = shop();
    let t = crmkit::recommend::transitions(&ds, &|_| true, 1, None);
    let (x, y, z) = (0usize, 1usize, 2usize);
    assert_eq!(ds.product_ids.get(x as u32), "X");
    assert_eq!(t.diagonal, [1.0, 0.0, 0.0]);
    assert_eq!(t.row(y), (&[x as u32][..], &[1.0f32][..]));
    assert!(t.row(x).0.is_empty() && t.row(z).0.is_empty());
}

/// Blend with next-order item-item (its default basket): A's latest order is {X}, so item-item
/// scores X by its repeat probability 1 and nothing else. Weight 0.8 (the default):
/// X 0.8 · 1.5/1.5 + 0.2 · 1/1 = 1; Y 0.8 · 0.5/1.5 = 0.2667; then Z from popularity.
#[test]
fn blend_with_next_order_item_item() {
    let ds = shop();
    let p = RecommendParams { strategy: Strategy::Blend, basket: BasketUnit::Next, exclude_purchased: false, k: 3, blend_weight: 0.8, ..Default::default() };
    let got = list_of_a(&ds, &p);
    assert_eq!(got.iter().map(|x| (x.0.as_str(), x.2)).collect::<Vec<_>>(), [("X", false), ("Y", false), ("Z", true)]);
    assert!(close(got[0].1, 1.0) && close(got[1].1, 0.8 * 0.5 / 1.5), "{got:?}");
}
