//! Campaign analytics over a message log (`ds.addMessages`): rates, attribution, A/B and holdout
//! tests, why a campaign worked, send time, fatigue and step mails. The definitions are those of
//! `docs/campaigns.md`; each module says which part it computes.
//!
//! - [`table`], [`profiles`], [`log`]: reading message or event rows into messages and units;
//! - [`attribution`]: windows and last touch; [`dims`]: grouping dimensions;
//! - [`rates`] (`campaigns`), [`compare`] (`compareVariants`), [`factors`] (`campaignFactors`),
//!   [`timing`] (`sendTimes`, `fatigue`), [`steps`] (`stepMails`), [`members`] (`campaignMembers`);
//! - [`stats`]: the tests and intervals; [`synthetic`]: a log with planted effects.

pub mod attribution;
pub mod compare;
pub mod dims;
pub mod factors;
pub mod log;
pub mod members;
pub mod profiles;
pub mod rates;
pub mod stats;
pub mod steps;
pub mod synthetic;
pub mod table;
pub mod timing;
