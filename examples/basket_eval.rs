//! Leave-last-basket-out evaluation of the recommendation strategies on a real basket file (the
//! README's table): `cargo run --release --example basket_eval -- FILE [basket]`.
//! Files: `scripts/reference/baskets/fetch.sh DIR` then `crmkit_csv.py DIR`.

use crmkit::recommend::evaluate::{evaluate, EvaluateParams, Metrics};
use crmkit::recommend::{BasketUnit, RecommendParams, Similarity, Strategy};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args.first().expect("usage: basket_eval FILE [customer|order]");
    let basket = if args.get(1).map(String::as_str) == Some("customer") { BasketUnit::Customer } else { BasketUnit::Order };
    let bytes = std::fs::read(path).expect("read the file");
    let t = std::time::Instant::now();
    let ds = crmkit::from_csv(&bytes, &Default::default(), &mut |_| {}).expect("load");
    println!("{path}: {} customers, {} orders, {} lines, {} products (load {:.2} s)", ds.customers(), ds.orders(), ds.lines(), ds.products(), t.elapsed().as_secs_f64());
    let row = |name: &str, m: &Metrics, secs: f64| println!("| {name} | {:.4} | {:.4} | {:.4} | {:.4} | {secs:.1} s |", m.hit, m.ndcg, m.precision, m.recall);
    println!("| strategy | hit@10 | NDCG@10 | precision@10 | recall@10 | time |\n|---|---|---|---|---|---|");
    let base = RecommendParams { similarity: Similarity::Cosine, basket, exclude_purchased: false, top_m: Some(100), ..Default::default() };
    let variants: Vec<(String, RecommendParams)> = vec![
        ("item-item (cosine, own items allowed)".into(), base.clone()),
        ("repurchase".into(), RecommendParams { strategy: Strategy::Repurchase, ..base.clone() }),
        ("repurchase, no cycles".into(), RecommendParams { strategy: Strategy::Repurchase, interval_aware: false, ..base.clone() }),
    ]
    .into_iter()
    .chain([0.5, 0.7, 0.9].map(|w| (format!("blend {w}, item-item over {}", basket.as_str()), RecommendParams { strategy: Strategy::Blend, blend_weight: w, ..base.clone() })))
    .chain([("item-item over the next order".to_string(), RecommendParams { basket: BasketUnit::Next, ..base.clone() })])
    .chain([0.7, 0.8, 0.9].map(|w| (format!("blend {w}, next-order item-item"), RecommendParams { strategy: Strategy::Blend, blend_weight: w, basket: BasketUnit::Next, ..base.clone() })))
    .collect();
    let mut popularity = None;
    for (name, model) in variants {
        let t = std::time::Instant::now();
        let e = evaluate(&ds, &EvaluateParams { model, ..Default::default() }).expect("evaluate");
        row(&name, &e.model, t.elapsed().as_secs_f64());
        popularity.get_or_insert((e.popularity, e.customers_evaluated));
    }
    if let Some((m, n)) = popularity {
        row("popularity", &m, 0.0);
        println!("customers evaluated: {n}");
    }
}
