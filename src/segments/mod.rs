//! Customer segments: RFM ([`rfm`]) and deciles ([`decile`]), over per-customer purchase
//! statistics computed once ([`CustomerStats`]).
//!
//! Shared conventions (README "Segments"):
//! - `asOf`: only orders dated **before** `asOf` count; default = the day after the last order
//!   date in the data, so a purchase on the last day has recency 1.
//! - A purchase is an order with net amount ≥ 0; returns (net < 0) are not purchases but their
//!   amounts are netted into monetary value.

pub mod cpm;
pub mod decile;
pub mod members;
pub mod repeat;
pub mod rfm;

use crate::dataset::Dataset;
use crate::dates::{format_date, parse_date};
use crate::error::{Error, Result};

/// Per-customer purchase statistics over a window of order dates `[from, until)`.
#[derive(Clone, Debug, Default)]
pub struct CustomerStats {
    /// Number of purchase orders (net amount ≥ 0).
    pub purchases: Vec<u32>,
    /// Net amount of all orders (returns subtracted).
    pub monetary: Vec<f64>,
    /// Day of the first / last purchase, `i32::MIN` when there is none.
    pub first_purchase: Vec<i32>,
    pub last_purchase: Vec<i32>,
}

impl CustomerStats {
    pub fn compute(ds: &Dataset, from: i32, until: i32) -> CustomerStats {
        let n = ds.customers();
        let mut s = CustomerStats {
            purchases: vec![0; n],
            monetary: vec![0.0; n],
            first_purchase: vec![i32::MIN; n],
            last_purchase: vec![i32::MIN; n],
        };
        for c in 0..n {
            for o in ds.customer_orders(c) {
                let day = ds.order_date[o];
                if day < from || day >= until {
                    continue;
                }
                let amount = ds.order_amount[o];
                s.monetary[c] += amount;
                if amount >= 0.0 {
                    s.purchases[c] += 1;
                    if s.first_purchase[c] == i32::MIN {
                        s.first_purchase[c] = day;
                    }
                    s.last_purchase[c] = day;
                }
            }
        }
        s
    }
}

/// Resolve an `asOf` option (`YYYY-MM-DD`, any format ingest accepts) to a day number;
/// default: the day after the last order date.
pub fn resolve_as_of(ds: &Dataset, as_of: Option<&str>, option: &str) -> Result<i32> {
    match as_of {
        Some(text) => parse_date(text).map(|d| d.day).ok_or_else(|| Error::InvalidOption {
            option: option.into(),
            message: format!("\"{text}\" is not a date; use e.g. \"2025-01-01\""),
        }),
        None => ds.order_date.iter().max().map(|&d| d + 1).ok_or(Error::InvalidOption {
            option: option.into(),
            message: "the dataset has no orders".into(),
        }),
    }
}

pub fn as_of_label(day: i32) -> String {
    format_date(day)
}

/// `lang` option: `'ja'` (default) → true, `'en'` → false.
pub fn parse_lang(lang: Option<&str>) -> Result<bool> {
    match lang {
        None | Some("ja") => Ok(true),
        Some("en") => Ok(false),
        Some(other) => Err(Error::InvalidOption { option: "lang".into(), message: format!("\"{other}\" is not supported; use 'ja' or 'en'") }),
    }
}
