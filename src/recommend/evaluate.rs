//! Offline evaluation of recommendations, item-item beside a popularity baseline.
//!
//! - `holdout: 'last-order'` (default): for every customer with ≥ 2 purchase orders the last one is
//!   held out; the model is fitted on every other order. `'time'`: orders dated on or after
//!   `split` are held out; customers need a purchase before it.
//! - Relevant items = distinct products of the held-out orders; with `excludePurchased` (default)
//!   items the customer already bought in the training data are removed from them too (they
//!   could never be recommended). Customers left with no relevant item are skipped.
//! - Metrics at k, averaged over evaluated customers: hit (≥ 1 relevant item in the list),
//!   precision = hits / k, recall = hits / |relevant|, NDCG with binary relevance and the
//!   1 / ln(1 + rank) discount, MAP = Σ precision@i over relevant ranks / min(|relevant|, k);
//!   coverage = distinct recommended items / catalogue size.
//! - Baselines: the k most popular items (most training buyers) not already bought; and, when
//!   bought items count (`excludePurchased: false`, the default of the repurchase strategies), the
//!   repurchase strategy (the customer's own items) with the same options.

use super::{affinity, fit, last_days, RecommendParams, Scorer, Strategy};
use crate::dataset::{Dataset, NONE};
use crate::error::{Error, Result};
use serde::Serialize;

/// Which orders are held out for evaluation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Holdout {
    /// The last purchase order of every customer with ≥ 2.
    #[default]
    LastOrder,
    /// Orders dated on or after this day.
    Time(i32),
}

/// Validated parameters of `evaluateRecommendations`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EvaluateParams {
    pub holdout: Holdout,
    /// The model; its `customers`, `exclude_items` and `candidate_items` are not used.
    pub model: RecommendParams,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Metrics {
    pub hit: f64,
    pub precision: f64,
    pub recall: f64,
    pub ndcg: f64,
    pub map: f64,
    pub coverage: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Evaluation {
    pub k: u32,
    pub holdout: &'static str,
    pub similarity: String,
    pub basket: String,
    pub strategy: &'static str,
    pub customers_evaluated: u64,
    pub model: Metrics,
    pub popularity: Metrics,
    /// The repurchase baseline (null when `excludePurchased`: bought items are never relevant then).
    pub repurchase: Option<Metrics>,
}

struct Acc {
    m: Metrics,
    items: Vec<bool>,
}

impl Acc {
    fn add(&mut self, list: &[u32], relevant: &[u32], k: usize) {
        let mut hits = 0usize;
        let (mut dcg, mut ap) = (0.0, 0.0);
        for (rank, &item) in list.iter().enumerate() {
            self.items[item as usize] = true;
            if relevant.contains(&item) {
                hits += 1;
                dcg += 1.0 / ((rank + 2) as f64).ln();
                ap += hits as f64 / (rank + 1) as f64;
            }
        }
        let ideal: f64 = (0..relevant.len().min(k)).map(|r| 1.0 / ((r + 2) as f64).ln()).sum();
        self.m.hit += f64::from(u8::from(hits > 0));
        self.m.precision += hits as f64 / k as f64;
        self.m.recall += hits as f64 / relevant.len() as f64;
        self.m.ndcg += if ideal > 0.0 { dcg / ideal } else { 0.0 };
        self.m.map += ap / relevant.len().min(k) as f64;
    }
    fn finish(mut self, users: u64) -> Metrics {
        if users > 0 {
            let u = users as f64;
            self.m.hit /= u;
            self.m.precision /= u;
            self.m.recall /= u;
            self.m.ndcg /= u;
            self.m.map /= u;
        }
        self.m.coverage = self.items.iter().filter(|&&x| x).count() as f64 / self.items.len().max(1) as f64;
        self.m
    }
}

pub fn evaluate(ds: &Dataset, input: &EvaluateParams) -> Result<Evaluation> {
    let model = input.model.model(ds, "evaluateRecommendations")?;
    let k = model.k;
    let mut held_out = vec![false; ds.orders()];
    let holdout = match input.holdout {
        Holdout::LastOrder => {
            for c in 0..ds.customers() {
                let purchases: Vec<usize> = ds.customer_orders(c).filter(|&o| ds.order_amount[o] >= 0.0).collect();
                if let [_, .., last] = purchases[..] {
                    held_out[last] = true;
                }
            }
            "last-order"
        }
        Holdout::Time(day) => {
            for (o, held) in held_out.iter_mut().enumerate() {
                *held = ds.order_date[o] >= day;
            }
            "time"
        }
    };
    let keep = |o: usize| !held_out[o];
    // The repurchase baseline's model: the same options, its own strategy (and its cycles).
    let mut rep_model = model.clone();
    rep_model.strategy = Strategy::Repurchase;
    if rep_model.half_life_days.is_none() {
        rep_model.half_life_days = Some(super::REPURCHASE_HALF_LIFE_DAYS);
    }
    let with_baseline = !model.exclude_purchased;
    let fitted = fit(ds, &model, &keep);
    let cycles = if with_baseline && fitted.cycle.is_empty() && rep_model.interval_aware { super::cycles(ds, &keep) } else { fitted.cycle.clone() };
    let mut scorer = Scorer::new(ds.products());
    let (mut rep_aff, mut last, mut rep_top) = (Vec::new(), Vec::new(), Vec::new());
    let mut acc_rep = Acc { m: Metrics::default(), items: vec![false; ds.products()] };
    let (mut aff, mut top, mut relevant, mut list, mut baseline) = (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut acc_model = Acc { m: Metrics::default(), items: vec![false; ds.products()] };
    let mut acc_pop = Acc { m: Metrics::default(), items: vec![false; ds.products()] };
    let mut users = 0u64;
    for c in 0..ds.customers() {
        affinity(ds, c, &model, fitted.now, &keep, &mut aff);
        if aff.is_empty() {
            continue;
        }
        relevant.clear();
        for o in ds.customer_orders(c) {
            if !held_out[o] || ds.order_amount[o] < 0.0 {
                continue;
            }
            for l in ds.order_lines(o) {
                let item = ds.line_product[l];
                if item != NONE && !relevant.contains(&item) && !(model.exclude_purchased && aff.iter().any(|a| a.0 == item)) {
                    relevant.push(item);
                }
            }
        }
        if relevant.is_empty() {
            continue;
        }
        users += 1;
        if model.needs_last() || with_baseline {
            last_days(ds, c, &keep, &mut last);
        }
        scorer.top_k(&aff, &last, &fitted, &model, &mut top);
        list.clear();
        list.extend(top.iter().map(|x| x.0));
        acc_model.add(&list, &relevant, k);
        if with_baseline {
            affinity(ds, c, &rep_model, fitted.now, &keep, &mut rep_aff);
            Scorer::repurchase(&rep_aff, &last, fitted.now, &cycles, &mut rep_top);
            rep_top.retain(|x| x.1 > 0.0 && model.allowed[x.0 as usize]);
            crate::sort::sort_by(&mut rep_top, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            list.clear();
            list.extend(rep_top.iter().take(k).map(|x| x.0));
            // Filled with popular items, as every list is.
            for &j in &fitted.popular {
                if list.len() >= k {
                    break;
                }
                if model.allowed[j as usize] && !list.contains(&j) {
                    list.push(j);
                }
            }
            acc_rep.add(&list, &relevant, k);
        }
        baseline.clear();
        for &j in &fitted.popular {
            if baseline.len() >= k {
                break;
            }
            if model.allowed[j as usize] && !(model.exclude_purchased && aff.iter().any(|a| a.0 == j)) {
                baseline.push(j);
            }
        }
        acc_pop.add(&baseline, &relevant, k);
    }
    if users == 0 {
        return Err(Error::InsufficientData { message: "no customer has both training and held-out purchases (evaluation needs customers with at least 2 orders)".into() });
    }
    Ok(Evaluation {
        k: k as u32,
        holdout,
        similarity: model.similarity.as_str().to_string(),
        basket: model.basket.as_str().to_string(),
        strategy: model.strategy.as_str(),
        customers_evaluated: users,
        model: acc_model.finish(users),
        popularity: acc_pop.finish(users),
        repurchase: with_baseline.then(|| acc_rep.finish(users)),
    })
}
