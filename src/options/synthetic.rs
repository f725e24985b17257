//! Options of `Dataset.synthetic` and `Dataset.syntheticCsv`.

use crate::error::Result;
use crate::synthetic::SyntheticOptions;
use serde::Deserialize;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyntheticInput {
    pub customers: Option<u32>,
    pub seed: Option<u64>,
    pub products: Option<u32>,
    /// Also a message log with planted effects (`Dataset.synthetic` only; `syntheticMessagesCsv`
    /// gives it as CSV).
    pub messages: Option<bool>,
    /// Planted consumables and entry products (the product axis's ground truth).
    pub consumables: Option<bool>,
}

impl SyntheticInput {
    /// Ranges are checked by `synthetic::generate` itself, before it generates anything.
    pub fn check(self) -> Result<SyntheticOptions> {
        let d = SyntheticOptions::default();
        // Also checked here, so every option's range fails in `check()` like every other method's.
        super::in_range(self.customers, "customers", 1, crate::synthetic::MAX_CUSTOMERS)?;
        super::in_range(self.products, "products", 1, crate::synthetic::MAX_PRODUCTS)?;
        Ok(SyntheticOptions { customers: self.customers.unwrap_or(d.customers), seed: self.seed.unwrap_or(d.seed), products: self.products, consumables: self.consumables.unwrap_or(false) })
    }
}
