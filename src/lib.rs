//! crmkit — customer analytics for e-commerce CRM, computed where the data is.
//!
//! Layers, one direction of flow (no module imports one above it):
//! - [`text`], [`dates`], [`report`], [`hash`], [`rng`], [`error`]: shared basics;
//! - [`table`]: the one table reader; [`ingest`] (orders), [`attributes`] (customers) and
//!   [`clv::summary_table`] are declarations over it;
//! - [`dataset`]: the columnar order history every analysis borrows;
//! - analyses ([`summary`], [`segments`], [`crosstab`], [`cohort`], [`recommend`], [`clv`]):
//!   pure functions of `&Dataset` and a validated `Params`;
//! - [`options`]: the JS-shaped side of the boundary (serde inputs, strict reading, `check()`);
//! - `wasm`: the only module that knows JavaScript (compiled on every target, so it is linted
//!   and type-checked with the rest; its exports only run in a wasm host).

pub mod attributes;
pub mod audit;
pub mod campaigns;
pub mod clv;
pub mod cohort;
pub mod crosstab;
pub mod dataset;
pub mod dates;
pub mod error;
pub mod export;
pub mod hash;
pub mod ingest;
pub mod lines;
pub mod members;
pub mod math;
pub mod money;
pub mod options;
pub mod pii;
pub mod pseudonym;
pub mod products;
pub mod recommend;
pub mod report;
pub mod rng;
pub mod segments;
pub mod sort;
pub mod summaries;
pub mod summary;
pub mod synthetic;
pub mod table;
pub mod text;
mod wasm;

pub use dataset::Dataset;
pub use error::{Error, Result};
pub use ingest::from_csv;
pub use table::ReadOptions;
