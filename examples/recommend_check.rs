// Offline evaluation table on synthetic data and recommend() timing on a CSV.
use std::time::Instant;
fn main() {
    let ds = crmkit::synthetic::synthetic(&crmkit::synthetic::SyntheticOptions { customers: 20_000, seed: 7, ..Default::default() }).unwrap();
    println!("synthetic 20k customers, {} products, {} lines", ds.products(), ds.lines());
    for sim in ["cooccurrence", "jaccard", "lift", "cosine", "inclusion"] {
        for basket in ["customer", "order"] {
            let input = crmkit::options::recommend::EvaluateInput { similarity: Some(sim.into()), basket: Some(basket.into()), ..Default::default() }.check().unwrap();
            let e = crmkit::recommend::evaluate::evaluate(&ds, &input).unwrap();
            println!("{sim:>12} {basket:>8}: hit@10 {:.3} (pop {:.3})  ndcg {:.3} (pop {:.3})  recall {:.3} (pop {:.3})  cov {:.2} users {}",
                e.model.hit, e.popularity.hit, e.model.ndcg, e.popularity.ndcg, e.model.recall, e.popularity.recall, e.model.coverage, e.customers_evaluated);
        }
    }
    if let Some(path) = std::env::args().nth(1) {
        let bytes = std::fs::read(path).unwrap();
        let ds = crmkit::from_csv(&bytes, &crmkit::ReadOptions::default(), &mut |_| {}).unwrap();
        let model = crmkit::recommend::RecommendParams::default().model(&ds, "recommend").unwrap();
        let fitted = crmkit::recommend::fit(&ds, &model, &|_| true);
        println!("similarity matrix: {} entries, {:.1} MB (sparse + dense copy); dataset {:.1} MB",
            fitted.sim.cols.len(), fitted.sim.memory_bytes() as f64 / 1e6, ds.memory_bytes() as f64 / 1e6);
        let t = Instant::now();
        let r = crmkit::recommend::recommend(&ds, &Default::default()).unwrap();
        println!("recommend (jaccard, customer baskets, top-10 for {} customers): {:.3} s, {} rows, {} similarity entries",
            r.customers, t.elapsed().as_secs_f64(), r.item_index.len(), r.similarity_entries);
    }
}
