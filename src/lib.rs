//! crmkit — customer analytics for e-commerce CRM, computed where the data is.
//!
//! The analytic core is plain Rust (no JS types): [`ingest`] turns order-line CSV bytes into a
//! columnar [`Dataset`]; analyses borrow it ([`summary`], …). The JS boundary lives only in
//! `wasm` (compiled for `wasm32`), which converts options in and results out.

pub mod attributes;
pub mod clv;
pub mod cohort;
pub mod crosstab;
pub mod dataset;
pub mod dates;
pub mod error;
pub mod export;
pub mod hash;
pub mod ingest;
pub mod rng;
pub mod recommend;
pub mod segments;
pub mod summary;
pub mod synthetic;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use dataset::Dataset;
pub use error::{Error, Result};
pub use ingest::{from_csv, CsvOptions, CsvOptionsInput};
