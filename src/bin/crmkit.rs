//! Command-line companion for benchmarks and quick checks (the npm package is the product).
//!
//!   crmkit synth --customers N [--seed S] [--out FILE]   write a synthetic order CSV
//!   crmkit summary FILE                                   load a CSV, print the summary as JSON
//!   crmkit bench-ingest FILE [--runs N]                   time ingest, print MB/s and peak memory
//!   crmkit synth-messages ORDERS [--seed S] --out FILE    write the synthetic message log of an order CSV
//!   crmkit bench-campaigns ORDERS MESSAGES [--runs N]     time addMessages and the campaign analyses
//!   crmkit bench-products ORDERS [--runs N]               time the product analyses

use std::process::ExitCode;
use std::time::Instant;

fn arg_value(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1).cloned())
}

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn run(args: &[String]) -> Result<(), String> {
    match args.first().map(String::as_str) {
        Some("synth") => {
            let customers: u32 = arg_value(args, "--customers").unwrap_or_else(|| "1000".into()).parse().map_err(|e| format!("--customers: {e}"))?;
            let seed: u64 = arg_value(args, "--seed").unwrap_or_else(|| "1".into()).parse().map_err(|e| format!("--seed: {e}"))?;
            let options = crmkit::synthetic::SyntheticOptions { customers, seed, products: None, consumables: false };
            let csv = crmkit::synthetic::generate(&options).map_err(|e| e.to_string())?.to_csv();
            match arg_value(args, "--out") {
                Some(path) => std::fs::write(&path, &csv).map_err(|e| format!("{path}: {e}"))?,
                None => {
                    use std::io::Write;
                    std::io::stdout().write_all(&csv).map_err(|e| e.to_string())?;
                }
            }
            Ok(())
        }
        Some("summary") => {
            let path = args.get(1).ok_or("usage: crmkit summary FILE")?;
            let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
            let ds = crmkit::from_csv(&bytes, &crmkit::ReadOptions::default(), &mut |_| {}).map_err(|e| e.to_string())?;
            let summary = crmkit::summary::summary(&ds);
            println!("{}", serde_json_like(&summary));
            Ok(())
        }
        Some("bench-ingest") => {
            let path = args.get(1).ok_or("usage: crmkit bench-ingest FILE")?;
            let runs: usize = arg_value(args, "--runs").unwrap_or_else(|| "3".into()).parse().map_err(|e| format!("--runs: {e}"))?;
            let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
            let mb = bytes.len() as f64 / 1e6;
            let mut best = f64::INFINITY;
            let mut memory = 0;
            let mut lines = 0;
            let mut segments_best = f64::INFINITY;
            let mut cohorts_best = f64::INFINITY;
            let mut recommend_best = f64::INFINITY;
            let mut clv_best = f64::INFINITY;
            for _ in 0..runs {
                let t = Instant::now();
                let ds = crmkit::from_csv(&bytes, &crmkit::ReadOptions::default(), &mut |_| {}).map_err(|e| e.to_string())?;
                best = best.min(t.elapsed().as_secs_f64());
                memory = ds.memory_bytes();
                lines = ds.lines();
                let t = Instant::now();
                let rfm_options = crmkit::segments::rfm::RfmParams::default();
                crmkit::segments::rfm::rfm(&ds, &rfm_options).map_err(|e| e.to_string())?;
                crmkit::segments::decile::deciles(&ds, &Default::default()).map_err(|e| e.to_string())?;
                crmkit::segments::cpm::cpm(&ds, &Default::default()).map_err(|e| e.to_string())?;
                crmkit::segments::repeat::repeat(&ds, &Default::default()).map_err(|e| e.to_string())?;
                segments_best = segments_best.min(t.elapsed().as_secs_f64());
                let t = Instant::now();
                crmkit::cohort::cohorts(&ds, &Default::default()).map_err(|e| e.to_string())?;
                cohorts_best = cohorts_best.min(t.elapsed().as_secs_f64());
                let t = Instant::now();
                crmkit::recommend::recommend(&ds, &Default::default()).map_err(|e| e.to_string())?;
                recommend_best = recommend_best.min(t.elapsed().as_secs_f64());
                let t = Instant::now();
                crmkit::clv::clv(&ds, &Default::default()).map_err(|e| e.to_string())?;
                clv_best = clv_best.min(t.elapsed().as_secs_f64());
            }
            println!(
                "native ingest: {:.1} MB, {} lines, best of {runs}: {:.3} s = {:.0} MB/s; dataset {:.1} MB ({:.0}% of CSV); peak RSS {:.0} MB",
                mb,
                lines,
                best,
                mb / best,
                memory as f64 / 1e6,
                100.0 * memory as f64 / bytes.len() as f64,
                peak_rss_mb().unwrap_or(f64::NAN)
            );
            println!("native rfm + deciles + cpm + repeat: best of {runs}: {segments_best:.3} s");
            println!("native cohorts (monthly, customers): best of {runs}: {cohorts_best:.3} s");
            println!("native recommend (jaccard, similarity + top-10 for every customer): best of {runs}: {recommend_best:.3} s");
            println!("native clv (BG/NBD + Gamma-Gamma fit, per-customer P(alive), CLV, risk): best of {runs}: {clv_best:.3} s");
            Ok(())
        }
        Some("synth-messages") => {
            let path = args.get(1).ok_or("usage: crmkit synth-messages ORDERS [--seed S] --out FILE")?;
            let out = arg_value(args, "--out").ok_or("synth-messages: --out FILE is required")?;
            let seed: u64 = arg_value(args, "--seed").unwrap_or_else(|| "1".into()).parse().map_err(|e| format!("--seed: {e}"))?;
            let ds = load(path)?;
            let csv = crmkit::campaigns::synthetic::messages_csv(&ds, seed);
            std::fs::write(&out, &csv).map_err(|e| format!("{out}: {e}"))
        }
        Some("bench-campaigns") => bench_campaigns(args),
        Some("bench-products") => bench_products(args),
        _ => Err("usage: crmkit synth|summary|bench-ingest|synth-messages|bench-campaigns …".into()),
    }
}

fn load(path: &str) -> Result<crmkit::dataset::Dataset, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
    crmkit::from_csv(&bytes, &crmkit::ReadOptions::default(), &mut |_| {}).map_err(|e| e.to_string())
}

/// Best of `runs` wall-clock seconds of `f`.
fn best_of<T>(runs: usize, mut f: impl FnMut() -> Result<T, String>) -> Result<(f64, T), String> {
    let mut best = f64::INFINITY;
    let mut last = None;
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        let value = f()?;
        best = best.min(t.elapsed().as_secs_f64());
        last = Some(value);
    }
    last.map(|v| (best, v)).ok_or_else(|| "no run".to_string())
}

/// The message log read, then each campaign analysis, natively (the wasm figures come from
/// `scripts/bench-campaigns.mjs` on the same files).
fn bench_campaigns(args: &[String]) -> Result<(), String> {
    use crmkit::campaigns::{compare, factors, log, rates, timing};
    let usage = "usage: crmkit bench-campaigns ORDERS MESSAGES [--runs N]";
    let orders = args.get(1).ok_or(usage)?;
    let messages = args.get(2).ok_or(usage)?;
    let runs: usize = arg_value(args, "--runs").unwrap_or_else(|| "3".into()).parse().map_err(|e| format!("--runs: {e}"))?;
    let mut ds = load(orders)?;
    let bytes = std::fs::read(messages).map_err(|e| format!("{messages}: {e}"))?;
    let lines = ds.lines();
    let params = log::AddMessagesParams::default();
    // Each run reads into a fresh copy of the order history (the copy is not timed).
    let mut read = f64::INFINITY;
    for _ in 0..runs.max(1) {
        let mut copy = ds.clone();
        let t = Instant::now();
        log::add_messages(&mut copy, &bytes, &params).map_err(|e| e.to_string())?;
        read = read.min(t.elapsed().as_secs_f64());
    }
    let report = log::add_messages(&mut ds, &bytes, &params).map_err(|e| e.to_string())?;
    println!(
        "native addMessages: {:.1} MB, {} messages of {} recipients, {} campaigns ({} order lines loaded): {read:.3} s = {:.0} MB/s",
        bytes.len() as f64 / 1e6,
        report.messages,
        report.recipients,
        report.campaigns,
        lines,
        bytes.len() as f64 / 1e6 / read
    );
    let (t_campaigns, result) = best_of(runs, || rates::campaigns(&ds, &rates::CampaignsParams::default()).map_err(|e| e.to_string()))?;
    // The campaign with the most recipients that has a control group, else the largest.
    let pick = result.rows.iter().filter(|r| r.control > 0).max_by_key(|r| r.recipients).or_else(|| result.rows.iter().max_by_key(|r| r.recipients));
    let campaign = pick.and_then(|r| r.group.first().cloned()).ok_or("the message log has no campaign")?;
    let compare_params = compare::CompareParams { campaigns: vec![campaign.clone()], ..Default::default() };
    let (t_compare, _) = best_of(runs, || compare::compare_variants(&ds, &compare_params).map_err(|e| e.to_string()))?;
    let by_variant = rates::CampaignsParams { group_by: vec!["campaign".into(), "variant".into(), "rfmSegment".into()], ..Default::default() };
    let (t_grouped, _) = best_of(runs, || rates::campaigns(&ds, &by_variant).map_err(|e| e.to_string()))?;
    let (t_factors, _) = best_of(runs, || factors::campaign_factors(&ds, &factors::FactorsParams::default()).map_err(|e| e.to_string()))?;
    let (t_times, _) = best_of(runs, || timing::send_times(&ds, &Default::default()).map_err(|e| e.to_string()))?;
    let (t_fatigue, _) = best_of(runs, || timing::fatigue(&ds, &Default::default()).map_err(|e| e.to_string()))?;
    println!("native campaigns (by campaign, {} rows): best of {runs}: {t_campaigns:.3} s", result.rows.len());
    println!("native compareVariants (\"{campaign}\"): best of {runs}: {t_compare:.3} s");
    println!("native campaigns + compareVariants: {:.3} s (goal < 1 s)", t_campaigns + t_compare);
    println!("native campaigns by campaign × variant × rfmSegment: {t_grouped:.3} s");
    println!("native campaignFactors (variant, send hour, RFM segment; all campaigns): {t_factors:.3} s");
    println!("native sendTimes: {t_times:.3} s; fatigue: {t_fatigue:.3} s");
    Ok(())
}

/// The product analyses natively, best of `runs` each (wasm: `scripts/bench-products.mjs`).
fn bench_products(args: &[String]) -> Result<(), String> {
    use crmkit::products::{abc, entry, reorder, season};
    let path = args.get(1).ok_or("usage: crmkit bench-products ORDERS [--runs N]")?;
    let runs: usize = arg_value(args, "--runs").unwrap_or_else(|| "3".into()).parse().map_err(|e| format!("--runs: {e}"))?;
    let ds = load(path)?;
    let (t_abc, _) = best_of(runs, || abc::products(&ds, &Default::default()).map_err(|e| e.to_string()))?;
    let (t_season, _) = best_of(runs, || season::seasonality(&ds, &Default::default()).map_err(|e| e.to_string()))?;
    let (t_entry, _) = best_of(runs, || entry::entry_products(&ds, &Default::default()).map_err(|e| e.to_string()))?;
    let (t_next, _) = best_of(runs, || entry::next_products(&ds, &Default::default()).map_err(|e| e.to_string()))?;
    let (t_repl, _) = best_of(runs, || reorder::replenishment(&ds, &Default::default()).map_err(|e| e.to_string()))?;
    let (t_due, due) = best_of(runs, || reorder::due_to_reorder(&ds, &Default::default()).map_err(|e| e.to_string()))?;
    println!("native products (ABC): {t_abc:.3} s; seasonality (months): {t_season:.3} s; entryProducts: {t_entry:.3} s; nextProducts: {t_next:.3} s");
    println!("native replenishment: {t_repl:.3} s; dueToReorder ({} rows): {t_due:.3} s", due.rows.len());
    println!("native product analyses together: {:.3} s ({} lines; goal < 0.3 s)", t_abc + t_season + t_entry + t_next + t_repl + t_due, ds.lines());
    Ok(())
}

/// Debug-print the summary (the CLI avoids a JSON dependency; the npm API returns real objects).
fn serde_json_like(summary: &crmkit::summary::Summary) -> String {
    format!("{summary:#?}")
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("crmkit: {e}");
            ExitCode::FAILURE
        }
    }
}
