// One digest per recommend() configuration on a CSV, to prove a speed-up changes no output:
//   cargo run --release --example recommend_digest FILE [NAME] > before.txt   (then again after; diff)
// Each line: the configuration, the rows, a 64-bit FNV-1a digest of every (customer, item, score
// bits, rank, popularity) and the seconds taken.
use crmkit::recommend::{BasketUnit, RecommendParams, Similarity, Strategy};
use std::time::Instant;

fn digest(r: &crmkit::recommend::Recommendations) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    let mut eat = |x: u64| {
        for b in x.to_le_bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
    };
    for x in 0..r.item_index.len() {
        eat(r.customer_index[x] as u64);
        eat(r.item_index[x] as u64);
        eat(r.score[x].to_bits());
        eat(r.rank[x] as u64);
        eat(r.popularity[x] as u64);
    }
    h
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: recommend_digest FILE [quick]");
    // A second argument keeps only the configurations whose name contains it ("default": just that one).
    let only = std::env::args().nth(2);
    let quick = only.as_deref() == Some("default");
    let bytes = std::fs::read(path).expect("read");
    let ds = crmkit::from_csv(&bytes, &crmkit::ReadOptions::default(), &mut |_| {}).expect("load");
    let mut configs: Vec<(String, RecommendParams)> = vec![("default".into(), RecommendParams::default())];
    if !quick {
        for (name, sim) in Similarity::CHOICES {
            for (bname, basket) in BasketUnit::CHOICES {
                configs.push((format!("{name}/{bname}"), RecommendParams { similarity: sim, basket, ..Default::default() }));
            }
        }
        let more: Vec<(&str, RecommendParams)> = vec![
            ("keep-purchased", RecommendParams { exclude_purchased: false, ..Default::default() }),
            ("half-life-30", RecommendParams { half_life_days: Some(30.0), ..Default::default() }),
            ("amount", RecommendParams { by_amount: true, ..Default::default() }),
            ("amount-half-life", RecommendParams { by_amount: true, half_life_days: Some(45.0), similarity: Similarity::Lift, ..Default::default() }),
            ("top-m-20", RecommendParams { top_m: Some(20), ..Default::default() }),
            ("min-support-5", RecommendParams { min_support: 5, ..Default::default() }),
            ("k-1", RecommendParams { k: 1, ..Default::default() }),
            ("k-50-cosine", RecommendParams { k: 50, similarity: Similarity::Cosine, ..Default::default() }),
            ("repurchase", RecommendParams { strategy: Strategy::Repurchase, ..Default::default() }),
            ("blend", RecommendParams { strategy: Strategy::Blend, ..Default::default() }),
            ("cooccurrence-order-amount", RecommendParams { similarity: Similarity::Cooccurrence, basket: BasketUnit::Order, by_amount: true, ..Default::default() }),
        ];
        configs.extend(more.into_iter().map(|(n, p)| (n.to_string(), p)));
        let excluded: Vec<String> = (0..ds.products().min(40)).step_by(3).map(|i| ds.product_ids.get(i as u32).to_string()).collect();
        configs.push(("exclude-items".into(), RecommendParams { exclude_items: excluded.clone(), ..Default::default() }));
        configs.push(("candidates".into(), RecommendParams { candidate_items: Some(excluded), ..Default::default() }));
    }
    for (name, params) in configs.into_iter().filter(|c| only.as_deref().is_none_or(|o| c.0.contains(o))) {
        let t = Instant::now();
        let r = crmkit::recommend::recommend(&ds, &params).expect("recommend");
        println!("{name:>28} rows {:>8} digest {:016x}  {:.3} s", r.item_index.len(), digest(&r), t.elapsed().as_secs_f64());
    }
}
