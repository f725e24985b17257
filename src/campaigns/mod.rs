//! Campaign analytics over a message log (`ds.addMessages`): rates, attribution, A/B and holdout
//! tests, why a campaign worked, send time, fatigue and step mails. Definitions:
//! `docs/campaigns.md`.

pub mod stats;
pub mod log;
pub mod table;
pub mod attribution;
pub mod dims;
pub mod rates;
pub mod compare;
pub mod synthetic;
pub mod factors;
pub mod profiles;
