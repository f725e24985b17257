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
use crate::dates::format_date;

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
            // Net spend summed exactly in minor units (crate::money).
            let mut spend = crate::money::Total::default();
            for o in ds.customer_orders(c) {
                let day = ds.order_date[o];
                if day < from || day >= until {
                    continue;
                }
                let amount = ds.order_amount[o];
                spend.add(ds.money, amount);
                if amount >= 0.0 {
                    s.purchases[c] += 1;
                    if s.first_purchase[c] == i32::MIN {
                        s.first_purchase[c] = day;
                    }
                    s.last_purchase[c] = day;
                }
            }
            s.monetary[c] = spend.value(ds.money);
        }
        s
    }
}

pub fn as_of_label(day: i32) -> String {
    format_date(day)
}

