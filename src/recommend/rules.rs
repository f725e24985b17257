//! `boughtTogether`: basket rules A → B over orders (併売分析). With N purchase orders that have
//! products, c_A the orders containing A and c_AB those containing both: support = c_AB / N,
//! confidence = c_AB / c_A, lift = confidence / (c_B / N). Rules with c_AB < `minSupport` (orders,
//! default 2) or confidence < `minConfidence` are dropped; the rest are sorted by confidence, then
//! c_AB, then item indices, and the first `k` (default 100) returned.

use super::{baskets, cooccurrence, BasketUnit};
use crate::dataset::Dataset;
use crate::error::Result;

/// Validated parameters of `boughtTogether`.
#[derive(Clone, Debug, PartialEq)]
pub struct RulesParams {
    /// Orders containing both items (default 2).
    pub min_support: u32,
    /// 0 … 1.
    pub min_confidence: f64,
    /// Rules returned, ≥ 1 (default 100).
    pub k: usize,
}

impl Default for RulesParams {
    fn default() -> Self {
        RulesParams { min_support: 2, min_confidence: 0.0, k: 100 }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    pub antecedent: u32,
    pub consequent: u32,
    pub orders: u32,
    pub support: f64,
    pub confidence: f64,
    pub lift: f64,
}

pub fn bought_together(ds: &Dataset, input: &RulesParams) -> Result<(Vec<Rule>, u64)> {
    let (min_confidence, k) = (input.min_confidence, input.k);
    let b = baskets(ds, BasketUnit::Order, &|_| true);
    let n = b.len() as f64;
    let co = cooccurrence(&b, ds.products(), input.min_support);
    let mut rules = Vec::new();
    for a in 0..ds.products() {
        let ca = co.diagonal[a] as f64;
        for p in co.offsets[a] as usize..co.offsets[a + 1] as usize {
            let (bi, cab) = (co.cols[p], co.counts[p] as f64);
            let confidence = cab / ca;
            if confidence < min_confidence {
                continue;
            }
            let cb = co.diagonal[bi as usize] as f64;
            rules.push(Rule { antecedent: a as u32, consequent: bi, orders: cab as u32, support: cab / n, confidence, lift: confidence / (cb / n) });
        }
    }
    crate::sort::sort_by(&mut rules, |x, y| {
        y.confidence.total_cmp(&x.confidence).then(y.orders.cmp(&x.orders)).then(x.antecedent.cmp(&y.antecedent)).then(x.consequent.cmp(&y.consequent))
    });
    rules.truncate(k);
    Ok((rules, b.len() as u64))
}
