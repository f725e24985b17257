//! Options of `recommend`, `recommendationsCsv`, `similarItems`, `boughtTogether` and
//! `evaluateRecommendations`.

use super::{date, invalid, one_of};
use crate::error::Result;
use crate::recommend::evaluate::{EvaluateParams, Holdout};
use crate::recommend::rules::RulesParams;
use crate::recommend::{BasketUnit, RecommendParams, Similarity, Strategy, DEFAULT_BLEND_WEIGHT};
use serde::Deserialize;

/// The model options shared by `recommend` and `evaluateRecommendations`, moved out of either
/// input (the structs cannot share fields: serde's `flatten` would defeat the strict key check).
macro_rules! model_input {
    ($input:expr) => {
        ModelInput {
            similarity: $input.similarity,
            basket: $input.basket,
            k: $input.k,
            exclude_purchased: $input.exclude_purchased,
            half_life_days: $input.half_life_days,
            affinity: $input.affinity,
            min_support: $input.min_support,
            top_m: $input.top_m,
            strategy: $input.strategy,
            blend_weight: $input.blend_weight,
            interval_aware: $input.interval_aware,
        }
    };
}

struct ModelInput {
    similarity: Option<String>,
    basket: Option<String>,
    k: Option<u32>,
    exclude_purchased: Option<bool>,
    half_life_days: Option<f64>,
    affinity: Option<String>,
    min_support: Option<u32>,
    top_m: Option<u32>,
    strategy: Option<String>,
    blend_weight: Option<f64>,
    interval_aware: Option<bool>,
}

impl ModelInput {
    fn check(self) -> Result<RecommendParams> {
        let k = self.k.unwrap_or(10);
        if k == 0 || k > 1000 {
            return Err(invalid("k", format!("must be between 1 and 1000, got {k}")));
        }
        if let Some(h) = self.half_life_days {
            if !(h.is_finite() && h > 0.0) {
                return Err(invalid("halfLifeDays", format!("must be a positive number of days, got {h}")));
            }
        }
        super::in_range(self.top_m, "topM", 1, MAX_TOP_M)?;
        let strategy = one_of(self.strategy.as_deref(), "strategy", Strategy::ItemItem, &Strategy::CHOICES)?;
        // The repurchase strategies recommend the customer's own items: those stay in by default.
        let exclude_purchased = self.exclude_purchased.unwrap_or(strategy == Strategy::ItemItem);
        if strategy == Strategy::Repurchase && exclude_purchased {
            return Err(invalid("excludePurchased", "strategy 'repurchase' recommends the customer's own items; excludePurchased must be false".into()));
        }
        let blend_weight = self.blend_weight.unwrap_or(DEFAULT_BLEND_WEIGHT);
        if !(0.0..=1.0).contains(&blend_weight) {
            return Err(invalid("blendWeight", format!("must be between 0 and 1, got {blend_weight}")));
        }
        if self.blend_weight.is_some() && strategy != Strategy::Blend {
            return Err(invalid("blendWeight", "applies to strategy: 'blend'".into()));
        }
        Ok(RecommendParams {
            strategy,
            blend_weight,
            interval_aware: self.interval_aware.unwrap_or(true),
            similarity: one_of(self.similarity.as_deref(), "similarity", Similarity::Jaccard, &Similarity::CHOICES)?,
            // Blend's item-item part predicts the next order: next-order similarity by default.
            basket: one_of(self.basket.as_deref(), "basket", if strategy == Strategy::Blend { BasketUnit::Next } else { BasketUnit::Customer }, &BasketUnit::CHOICES)?,
            k: k as usize,
            exclude_purchased,
            half_life_days: self.half_life_days,
            by_amount: one_of(self.affinity.as_deref(), "affinity", false, &[("count", false), ("amount", true)])?,
            min_support: self.min_support.unwrap_or(1),
            top_m: self.top_m.map(|m| m as usize),
            ..Default::default()
        })
    }
}

/// Most neighbours kept per item (`topM`).
pub const MAX_TOP_M: u32 = 10_000;

/// Most rules `boughtTogether` returns (`k`).
pub const MAX_RULES: u32 = 100_000;

/// `ds.recommend(options)`, `ds.recommendationsCsv(options)`, `ds.similarItems(id, k, options)`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecommendInput {
    pub similarity: Option<String>,
    pub basket: Option<String>,
    pub k: Option<u32>,
    pub exclude_purchased: Option<bool>,
    pub half_life_days: Option<f64>,
    pub affinity: Option<String>,
    pub customers: Option<Vec<String>>,
    pub min_support: Option<u32>,
    pub top_m: Option<u32>,
    pub exclude_items: Option<Vec<String>>,
    pub candidate_items: Option<Vec<String>>,
    /// 'itemItem' (default), 'repurchase' or 'blend'.
    pub strategy: Option<String>,
    pub blend_weight: Option<f64>,
    pub interval_aware: Option<bool>,
}

impl RecommendInput {
    pub fn check(self) -> Result<RecommendParams> {
        let (customers, exclude_items, candidate_items) = (self.customers, self.exclude_items, self.candidate_items);
        Ok(RecommendParams { customers, exclude_items: exclude_items.unwrap_or_default(), candidate_items, ..model_input!(self).check()? })
    }
}

/// `ds.similarItems(productId, k, options)`: only what shapes the similarity and the candidates.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SimilarItemsInput {
    pub similarity: Option<String>,
    pub basket: Option<String>,
    pub min_support: Option<u32>,
    pub top_m: Option<u32>,
    pub exclude_items: Option<Vec<String>>,
    pub candidate_items: Option<Vec<String>>,
    /// Items returned (1 … 1000, default 10); or the second argument.
    pub k: Option<u32>,
}

impl SimilarItemsInput {
    /// The similarity model, and `k` (the argument, else the option, else 10).
    pub fn check(self, k_argument: Option<f64>) -> Result<(RecommendParams, usize)> {
        let k = match (k_argument, self.k) {
            (Some(_), Some(_)) => return Err(invalid("k", "give k once: as the second argument or in the options".into())),
            (Some(n), None) if n.fract() == 0.0 && (1.0..=1000.0).contains(&n) => n as usize,
            (Some(n), None) => return Err(invalid("k", format!("must be a whole number 1 … 1000, got {n}"))),
            (None, Some(n)) if (1..=1000).contains(&n) => n as usize,
            (None, Some(n)) => return Err(invalid("k", format!("must be a whole number 1 … 1000, got {n}"))),
            (None, None) => 10,
        };
        let model = ModelInput {
            similarity: self.similarity,
            basket: self.basket,
            k: None,
            exclude_purchased: None,
            half_life_days: None,
            affinity: None,
            min_support: self.min_support,
            top_m: self.top_m,
            strategy: None,
            blend_weight: None,
            interval_aware: None,
        }
        .check()?;
        if model.basket == BasketUnit::Next {
            return Err(invalid("basket", "basket 'next' applies to recommend and evaluateRecommendations; similarItems uses 'customer' or 'order'".into()));
        }
        Ok((RecommendParams { exclude_items: self.exclude_items.unwrap_or_default(), candidate_items: self.candidate_items, ..model }, k))
    }
}

/// `ds.boughtTogether(options)`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RulesInput {
    pub min_support: Option<u32>,
    pub min_confidence: Option<f64>,
    pub k: Option<u32>,
}

impl RulesInput {
    pub fn check(self) -> Result<RulesParams> {
        let min_confidence = self.min_confidence.unwrap_or(0.0);
        if !(0.0..=1.0).contains(&min_confidence) {
            return Err(invalid("minConfidence", format!("must be between 0 and 1, got {min_confidence}")));
        }
        let k = super::in_range(self.k, "k", 1, MAX_RULES)?.unwrap_or(100);
        Ok(RulesParams { min_support: self.min_support.unwrap_or(2), min_confidence, k: k as usize })
    }
}

/// `ds.evaluateRecommendations(options)`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EvaluateInput {
    pub holdout: Option<String>,
    pub split: Option<String>,
    pub k: Option<u32>,
    pub similarity: Option<String>,
    pub basket: Option<String>,
    pub exclude_purchased: Option<bool>,
    pub half_life_days: Option<f64>,
    pub affinity: Option<String>,
    pub min_support: Option<u32>,
    pub top_m: Option<u32>,
    pub strategy: Option<String>,
    pub blend_weight: Option<f64>,
    pub interval_aware: Option<bool>,
}

impl EvaluateInput {
    pub fn check(self) -> Result<EvaluateParams> {
        let time = one_of(self.holdout.as_deref(), "holdout", false, &[("last-order", false), ("time", true)])?;
        let holdout = if time {
            let split = self.split.as_deref().ok_or_else(|| invalid("split", "holdout 'time' needs split: 'YYYY-MM-DD'".into()))?;
            Holdout::Time(date(Some(split), "split")?.unwrap_or_default())
        } else {
            if self.split.is_some() {
                return Err(invalid("split", "split applies to holdout: 'time'".into()));
            }
            Holdout::LastOrder
        };
        Ok(EvaluateParams { holdout, model: model_input!(self).check()? })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The strategies' defaults: bought items stay in for repurchase and blend; blend's item-item
    /// part is next-order by default; repurchase refuses excludePurchased and blendWeight.
    #[test]
    fn strategy_defaults_and_refusals() {
        let of = |strategy: &str| RecommendInput { strategy: Some(strategy.into()), ..Default::default() }.check();
        let item = of("itemItem").unwrap();
        assert!(item.exclude_purchased && item.basket == BasketUnit::Customer);
        let blend = of("blend").unwrap();
        assert!(!blend.exclude_purchased && blend.basket == BasketUnit::Next && blend.blend_weight == 0.8);
        assert!(!of("repurchase").unwrap().exclude_purchased);
        let e = RecommendInput { strategy: Some("repurchase".into()), exclude_purchased: Some(true), ..Default::default() }.check().unwrap_err();
        assert!(e.to_string().contains("excludePurchased"), "{e}");
        let w = RecommendInput { blend_weight: Some(0.5), ..Default::default() }.check().unwrap_err();
        assert!(w.to_string().contains("blendWeight"), "{w}");
        let s = SimilarItemsInput { basket: Some("next".into()), ..Default::default() }.check(None).unwrap_err();
        assert!(s.to_string().contains("basket"), "{s}");
    }
}
