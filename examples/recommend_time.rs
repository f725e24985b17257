use std::time::Instant;
fn main() {
    let bytes = std::fs::read(std::env::args().nth(1).unwrap()).unwrap();
    let ds = crmkit::from_csv(&bytes, &crmkit::ReadOptions::default(), &mut |_| {}).unwrap();
    let model = crmkit::recommend::RecommendParams::default().model(&ds, "recommend").unwrap();
    let t = Instant::now();
    let fitted = crmkit::recommend::fit(&ds, &model, &|_| true);
    println!("fit {:.3}s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let r = crmkit::recommend::recommend(&ds, &Default::default()).unwrap();
    println!("recommend total {:.3}s rows {}", t.elapsed().as_secs_f64(), r.item_index.len());
    let _ = fitted;
}
