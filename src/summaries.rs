//! Warehouse summaries (issue 19): crmkit's intermediate tables computed elsewhere — the
//! templates of `sql/`, run in DuckDB, BigQuery or Spark on the order lines — read over the one
//! reader into a summary-level dataset, on which the analyses that need only those tables run
//! unchanged (the same cores as on the lines). So far the `customers` table, for `rfm` and
//! `deciles` as of the table's date.
//!
//! The `customers` table (sql/customers.*.sql): one row per customer with `customer_id`,
//! `purchases` (orders with a net amount ≥ 0), `monetary` (net amount of all orders, returns
//! subtracted), `first_purchase`, `last_purchase`, `recency` (days from the last purchase to
//! `as_of`) and `first_line` (the customer's first line in the export: customers are numbered in
//! that order, as crmkit numbers them, which breaks ties). A purchaser needs a last purchase and a
//! recency, and every purchaser's `last_purchase + recency` must give the same `as_of`; each
//! problem rejects the row with its own reason, and a repeated customer id is rejected
//! (`duplicate_customer`) with the first row kept. Other columns (the BTYD summary, the entry
//! product) are left for later readers.

use crate::dates::format_date;
use crate::error::{Error, Result};
use crate::money::Money;
use crate::report::{RejectCode, Rejection};
use crate::segments::CustomerStats;
use crate::table::{self, FieldSpec, ReadOptions, Reject, Required, RowView, Table, TableSpec};
use crate::text::clip;

const ID: usize = 0;
const PURCHASES: usize = 1;
const MONETARY: usize = 2;
const FIRST_PURCHASE: usize = 3;
const LAST_PURCHASE: usize = 4;
const RECENCY: usize = 5;
const FIRST_LINE: usize = 6;

const fn field(name: &'static str, label: &'static str, description: &'static str, aliases: &'static [&'static str], required: Required, code: RejectCode) -> FieldSpec {
    FieldSpec { name, label, description, aliases, required, empty: code, bad: code }
}

/// The warehouse `customers` table.
pub static CUSTOMERS: TableSpec = TableSpec {
    name: "customerTotals",
    fields: &[
        field("customerId", "customer id", "the customer id (customer_id)", &["customerid", "customer", "id", "顧客id", "会員id"], Required::Yes, RejectCode::MissingCustomer),
        field("purchases", "purchases", "purchase orders (purchases)", &["purchases", "frequency", "orders"], Required::Yes, RejectCode::BadFrequency),
        field("monetary", "monetary", "net amount of all orders (monetary)", &["monetary", "revenue", "netrevenue"], Required::Yes, RejectCode::BadAmount),
        field("firstPurchase", "first purchase", "day of the first purchase (first_purchase)", &["firstpurchase"], Required::No, RejectCode::BadDate),
        field("lastPurchase", "last purchase", "day of the last purchase (last_purchase)", &["lastpurchase"], Required::Yes, RejectCode::BadDate),
        field("recency", "recency", "days from the last purchase to as_of (recency)", &["recency", "recencydays"], Required::Yes, RejectCode::BadRecency),
        field("firstLine", "first line", "the customer's first line in the export (first_line)", &["firstline"], Required::No, RejectCode::BadFrequency),
    ],
};

/// One customer row as read.
struct Row<'r> {
    id: &'r [u8],
    purchases: u32,
    monetary: f64,
    first: Option<i32>,
    /// Last purchase and recency (`None` for a customer without a purchase).
    last: Option<(i32, i32)>,
    first_line: Option<u64>,
}

struct Customers;

impl Table for Customers {
    type Row<'r> = Row<'r>;

    fn spec(&self) -> &'static TableSpec {
        &CUSTOMERS
    }

    fn parse<'r>(&self, row: &RowView<'r>) -> Result<Row<'r>, Reject> {
        let id = row.required_text(ID)?;
        let whole = |field: usize, v: f64| -> Result<f64, Reject> {
            if v < 0.0 || v.fract() != 0.0 || v > u32::MAX as f64 {
                return Err(row.bad(field, row.get(field).unwrap_or_default(), "must be a whole number ≥ 0"));
            }
            Ok(v)
        };
        let purchases = whole(PURCHASES, row.required_number(PURCHASES)?)? as u32;
        let monetary = row.required_number(MONETARY)?;
        if !monetary.is_finite() {
            return Err(row.bad(MONETARY, row.get(MONETARY).unwrap_or_default(), "must be a number"));
        }
        let first = row.date(FIRST_PURCHASE)?.map(|d| d.day);
        let first_line = match row.number(FIRST_LINE)? {
            Some(v) => Some(whole(FIRST_LINE, v)? as u64),
            None => None,
        };
        let last = if purchases == 0 {
            None
        } else {
            let day = row.date(LAST_PURCHASE)?.ok_or_else(|| row.empty(LAST_PURCHASE))?.day;
            let recency = whole(RECENCY, row.number(RECENCY)?.ok_or_else(|| row.empty(RECENCY))?)? as i32;
            if first.is_some_and(|f| f > day) {
                return Err((RejectCode::InconsistentSummary, format!("first purchase {} is after the last purchase {}", format_date(first.unwrap_or(day)), format_date(day))));
            }
            Some((day, recency))
        };
        Ok(Row { id, purchases, monetary, first, last, first_line })
    }
}

/// A summary-level dataset: the customers of a warehouse `customers` table, their statistics as
/// of the table's date, and what the read rejected.
#[derive(Clone, Debug)]
pub struct Summaries {
    /// Customer ids by customer index (the export's order when the table has `first_line`).
    pub ids: Vec<String>,
    pub stats: CustomerStats,
    /// The day after the data's last order date, as the table's `recency` says.
    pub as_of: i32,
    pub money: Money,
    pub rows: u64,
    pub rejected: Vec<Rejection>,
}

/// A customer row kept: id, purchases, monetary, first and last purchase, first line.
struct Kept {
    id: String,
    purchases: u32,
    monetary: f64,
    first: Option<i32>,
    last: Option<i32>,
    first_line: Option<u64>,
}

/// Read a warehouse `customers` table.
pub fn read_customers(bytes: &[u8], options: &ReadOptions) -> Result<Summaries> {
    let source = table::open(bytes, &CUSTOMERS, options)?;
    let mut seen = std::collections::HashSet::new();
    let mut kept: Vec<Kept> = Vec::new();
    let mut as_of: Option<(i32, u32)> = None;
    let outcome = source.read(&Customers, options.on_invalid_row, &mut |_| {}, |row: Row<'_>, line| {
        let id = String::from_utf8_lossy(row.id).into_owned();
        if let Some((day, recency)) = row.last {
            let this = day + recency;
            match as_of {
                None => as_of = Some((this, line)),
                Some((date, first)) if date != this => {
                    return Err((
                        RejectCode::InconsistentSummary,
                        format!("last purchase + recency gives as_of {}, but line {first} gives {} (one table has one as_of)", format_date(this), format_date(date)),
                    ))
                }
                _ => {}
            }
        }
        if !seen.insert(id.clone()) {
            return Err((RejectCode::DuplicateCustomer, format!("customer \"{}\" appears again; the first row is kept", clip(&id))));
        }
        kept.push(Kept { id, purchases: row.purchases, monetary: row.monetary, first: row.first, last: row.last.map(|l| l.0), first_line: row.first_line });
        Ok(())
    })?;
    let Some((as_of, _)) = as_of else {
        return Err(Error::InsufficientData { message: "the customers table has no customer with a purchase (purchases ≥ 1 and a last purchase)".into() });
    };
    // crmkit numbers customers by their first line in the export; without first_line, table order.
    if kept.iter().all(|k| k.first_line.is_some()) {
        crate::sort::sort_by(&mut kept, |a, b| a.first_line.cmp(&b.first_line));
    }
    let money = Money::detect(kept.iter().map(|k| k.monetary));
    let n = kept.len();
    let mut stats = CustomerStats { purchases: Vec::with_capacity(n), monetary: Vec::with_capacity(n), first_purchase: Vec::with_capacity(n), last_purchase: Vec::with_capacity(n) };
    let mut ids = Vec::with_capacity(n);
    for k in kept {
        ids.push(k.id);
        stats.purchases.push(k.purchases);
        stats.monetary.push(k.monetary);
        stats.first_purchase.push(k.first.or(k.last).unwrap_or(i32::MIN));
        stats.last_purchase.push(k.last.unwrap_or(i32::MIN));
    }
    Ok(Summaries { ids, stats, as_of, money, rows: outcome.rows, rejected: outcome.rejected })
}

impl Summaries {
    /// The statistics as of `as_of` when it is the table's own date (or not given).
    fn check_as_of(&self, given: Option<i32>) -> Result<i32> {
        match given {
            Some(day) if day != self.as_of => Err(Error::InvalidOption {
                option: "asOf".into(),
                message: format!("the customers table is as of {}; another date needs the order lines, or the table computed again with that as_of", format_date(self.as_of)),
            }),
            _ => Ok(self.as_of),
        }
    }

    pub fn rfm(&self, params: &crate::segments::rfm::RfmParams) -> Result<crate::segments::rfm::RfmResult> {
        let as_of = self.check_as_of(params.as_of)?;
        crate::segments::rfm::rfm_on(self.stats.clone(), as_of, self.money, params)
    }

    pub fn deciles(&self, params: &crate::segments::decile::DecileParams) -> Result<crate::segments::decile::DecileResult> {
        let as_of = self.check_as_of(params.as_of)?;
        if params.period_days.is_some() {
            return Err(Error::InvalidOption { option: "periodDays".into(), message: "a window needs the order lines: the customers table holds all history before its as_of".into() });
        }
        crate::segments::decile::deciles_on(&self.stats, as_of, None, self.money)
    }
}
