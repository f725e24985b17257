use std::time::Instant;
fn main() {
    let bytes = std::fs::read(std::env::args().nth(1).unwrap()).unwrap();
    let ds = crmkit::from_csv(&bytes, &crmkit::ReadOptions::default(), &mut |_| {}).unwrap();
    let end = *ds.order_date.iter().max().unwrap();
    let t = Instant::now();
    let s = crmkit::clv::summary(&ds, 7.0, end, None);
    println!("summary {:.3}s", t.elapsed().as_secs_f64());
    let rows: Vec<(f64, f64, f64)> = s.rows.iter().flatten().map(|r| (r.frequency, r.recency, r.t)).collect();
    let repeat: Vec<(f64, f64)> = s.rows.iter().flatten().filter(|r| r.frequency > 0.0).map(|r| (r.frequency, r.monetary)).collect();
    let t = Instant::now();
    let (bg, _, ev) = crmkit::clv::fit_bgnbd(&rows, 0.0).unwrap();
    println!("bgnbd fit {:.3}s ({ev} evaluations)", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let _ = crmkit::clv::fit_gamma_gamma(&repeat, 0.0);
    println!("gamma-gamma fit {:.3}s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let mut total = 0.0;
    for r in &rows {
        for i in 1..=12 {
            total += crmkit::clv::expected_purchases(&bg, 30.0 / 7.0 * i as f64, r.0, r.1, r.2);
        }
    }
    println!("12 monthly expectations per customer {:.3}s ({total:.0})", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let r = crmkit::clv::clv(&ds, &Default::default()).unwrap();
    println!("clv() total on {} customers: {:.3} s", r.customers, t.elapsed().as_secs_f64());
    let b = r.bgnbd;
    let g = r.gamma_gamma;
    println!("BG/NBD r {:.12} alpha {:.12} a {:.12} b {:.12} LL {:.9} ({} evaluations); GG p {:.12} q {:.12} v {:.12} LL {:.9}", b.r, b.alpha, b.a, b.b, b.log_likelihood, r.evaluations, g.p, g.q, g.v, g.log_likelihood);
    let total_clv: f64 = r.clv.iter().filter(|v| v.is_finite()).sum();
    let max_rel = |a: &[f64]| a.iter().filter(|v| v.is_finite()).fold(0.0f64, |m, &v| m.max(v.abs()));
    println!("sum clv {:.6}, max p_alive {:.9}, max expected {:.9}", total_clv, max_rel(&r.p_alive), max_rel(&r.expected_purchases));
    if let Some(out) = std::env::args().nth(2) {
        let mut text = String::new();
        for c in 0..r.clv.len() {
            text.push_str(&format!("{:e} {:e} {:e} {:e}\n", r.p_alive[c], r.expected_purchases[c], r.clv[c], r.churn_risk[c]));
        }
        std::fs::write(out, text).unwrap();
    }
}
