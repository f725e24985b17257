//! The columnar order history every analysis borrows.
//!
//! Built once (from CSV or the synthetic generator) through [`DatasetBuilder`]. Ids are interned
//! to dense `u32`; orders are grouped by customer and sorted by date (CSR offsets), and order lines
//! are grouped by order, so every analysis is a linear scan with no hashing:
//!
//! ```text
//! customer c ── orders  customer_order_offsets[c] .. customer_order_offsets[c+1]
//! order o    ── lines   order_line_offsets[o]     .. order_line_offsets[o+1]
//! ```
//!
//! An order's amount is the net sum of its lines; an order with a negative net amount is a
//! *return* (kept, counted separately, never a purchase occasion).

use crate::hash::FxHashMap;
use crate::lines::LineKind;
use crate::report::{Exclusions, RejectCode, Rejection, SourceInfo, Warning};
use crate::text::clip;

mod intern;
pub mod messages;

pub(crate) use intern::{same, Interner, Probe};

/// The salt of guest ids unless the option `guestSalt` gives one.
pub const DEFAULT_GUEST_SALT: &str = "crmkit";

/// "No value" marker in `u32` index columns (no product, no category).
pub const NONE: u32 = u32::MAX;

/// Interned strings stored back to back in one buffer: index → `&str`.
#[derive(Clone, Debug, Default)]
pub struct Dictionary {
    text: String,
    ends: Vec<u32>,
}

impl Dictionary {
    pub fn len(&self) -> usize {
        self.ends.len()
    }
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
    pub fn get(&self, index: u32) -> &str {
        let i = index as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }
    pub(crate) fn push(&mut self, s: &str) -> u32 {
        self.text.push_str(s);
        self.ends.push(self.text.len() as u32);
        (self.ends.len() - 1) as u32
    }
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len() as u32).map(move |i| self.get(i))
    }
    /// Lookup table from string to index (built on demand; analyses that need it keep it).
    pub fn index_map(&self) -> FxHashMap<&str, u32> {
        let mut map = FxHashMap::default();
        map.reserve(self.len());
        for (i, s) in self.iter().enumerate() {
            map.insert(s, i as u32);
        }
        map
    }
    pub fn memory_bytes(&self) -> usize {
        self.text.capacity() + self.ends.capacity() * 4
    }
    pub(crate) fn shrink(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }
}

/// Label of a customer without a value for an attribute (not in the customer table, or an
/// empty or unreadable cell). Such customers are kept, never dropped.
pub const UNKNOWN: &str = "unknown";

/// One categorical customer attribute (from `addCustomers`): a label per category, and each
/// customer's category (`NONE` = unknown).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Attribute {
    pub name: String,
    pub header: String,
    pub labels: Vec<String>,
    pub values: Vec<u32>,
}

impl Attribute {
    pub fn label(&self, customer: usize) -> &str {
        match self.values[customer] {
            NONE => UNKNOWN,
            v => &self.labels[v as usize],
        }
    }
}

/// The loaded order history. Fields are public for the analyses in this crate; treat them as
/// read-only (the builder establishes the grouping invariants).
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    pub customer_ids: Dictionary,
    pub product_ids: Dictionary,
    pub product_names: Vec<Box<str>>,
    pub product_category: Vec<u32>,
    pub categories: Dictionary,

    /// Orders grouped by customer, each customer's sorted by (date, time, first appearance).
    pub customer_order_offsets: Vec<u32>,
    pub order_customer: Vec<u32>,
    pub order_date: Vec<i32>,
    /// Seconds after midnight, or `NONE` when the date had no time.
    pub order_time: Vec<u32>,
    /// Net amount of the order (sum of its lines; negative = return).
    pub order_amount: Vec<f64>,
    /// Order ids as in the file, in first-seen order (empty when the file had no order id
    /// column); [`Dataset::order_id`] gives an order's.
    pub order_ids: Dictionary,
    /// Each order's index in `order_ids` (`NONE`: a row without an id); empty without ids.
    pub order_id_key: Vec<u32>,

    /// Lines grouped by order.
    pub order_line_offsets: Vec<u32>,
    pub line_product: Vec<u32>,
    pub line_quantity: Vec<f64>,
    pub line_amount: Vec<f64>,

    /// Every data row read, accepted or not (`rows = accepted + rejected`).
    pub rows: u64,
    /// Every rejected row by code; `rejected` keeps the first `RejectCounts::KEPT` in full.
    pub rejected_counts: crate::report::RejectCounts,
    pub rejected: Vec<Rejection>,
    pub warnings: Vec<Warning>,
    pub source: SourceInfo,
    /// Customer attributes from `addCustomers` (empty until then).
    pub attributes: Vec<Attribute>,
    /// What the cart-export rules left out (cancelled orders, non-product lines, guests).
    pub exclusions: Exclusions,
    /// The minor unit of the amounts: every total is summed exactly in it ([`crate::money`]).
    pub money: crate::money::Money,
    /// Set by `pseudonymize`: every export writes customer ids as keyed hashes.
    pub pseudonyms: Option<crate::pseudonym::Pseudonymizer>,
    /// The salt guests were keyed with (`guestSalt`), so a message log keyed by e-mail finds them.
    pub guest_salt: String,
    /// Members' e-mail addresses from the order file (an e-mail column beside the customer id):
    /// the salted hash of the address (`rules::guest_hash`) → customer index, or `NONE` for an
    /// address two customers share. A message log keyed by e-mail joins members through it.
    pub member_emails: FxHashMap<u64, u32>,
    /// The message log from `addMessages` (campaigns), if one was added.
    pub messages: Option<messages::MessageLog>,
}

impl Dataset {
    /// The as-of day analyses count up to (exclusive): `given`, or by default the day after the
    /// last order date, so a purchase on the last day has recency 1.
    pub fn as_of(&self, given: Option<i32>) -> crate::error::Result<i32> {
        match given {
            Some(day) => Ok(day),
            None => self.last_date().map(|d| d + 1),
        }
    }

    /// The latest order date.
    pub fn last_date(&self) -> crate::error::Result<i32> {
        self.order_date.iter().max().copied().ok_or(crate::error::Error::InsufficientData { message: "the dataset has no orders".into() })
    }

    /// `analysis` needs products: the error when the file had no product column.
    pub fn need_products(&self, analysis: &'static str) -> crate::error::Result<()> {
        if self.products() == 0 {
            return Err(crate::error::Error::MissingField { analysis, field: "a product column (product_id / 商品コード / 商品名)", option: "productId" });
        }
        Ok(())
    }

    /// The earliest order date.
    pub fn first_date(&self) -> crate::error::Result<i32> {
        self.order_date.iter().min().copied().ok_or(crate::error::Error::InsufficientData { message: "the dataset has no orders".into() })
    }

    /// A customer (or message recipient) id as exports write it: the id, or its pseudonym after
    /// `pseudonymize`.
    pub fn export_id<'a>(&self, id: &'a str) -> std::borrow::Cow<'a, str> {
        match &self.pseudonyms {
            Some(p) => std::borrow::Cow::Owned(p.pseudonym(id)),
            None => std::borrow::Cow::Borrowed(id),
        }
    }

    pub fn customers(&self) -> usize {
        self.customer_ids.len()
    }
    pub fn orders(&self) -> usize {
        self.order_date.len()
    }
    /// Order `o`'s id as in the file (`""` for a row without one, or a file without ids).
    pub fn order_id(&self, o: usize) -> &str {
        match self.order_id_key.get(o) {
            Some(&key) if key != NONE => self.order_ids.get(key),
            _ => "",
        }
    }
    pub fn lines(&self) -> usize {
        self.line_amount.len()
    }
    pub fn products(&self) -> usize {
        self.product_ids.len()
    }
    /// Orders of customer `c` as an index range.
    #[inline]
    pub fn customer_orders(&self, c: usize) -> std::ops::Range<usize> {
        self.customer_order_offsets[c] as usize..self.customer_order_offsets[c + 1] as usize
    }
    /// Lines of order `o` as an index range.
    #[inline]
    pub fn order_lines(&self, o: usize) -> std::ops::Range<usize> {
        self.order_line_offsets[o] as usize..self.order_line_offsets[o + 1] as usize
    }
    /// Bytes held by the loaded data (columns and dictionaries), for memory reports.
    pub fn memory_bytes(&self) -> usize {
        let v4 = |n: usize| n * 4;
        self.customer_ids.memory_bytes()
            + self.product_ids.memory_bytes()
            + self.product_names.iter().map(|s| s.len() + 16).sum::<usize>()
            + v4(self.product_category.capacity())
            + self.categories.memory_bytes()
            + v4(self.customer_order_offsets.capacity())
            + v4(self.order_customer.capacity())
            + v4(self.order_date.capacity())
            + v4(self.order_time.capacity())
            + self.order_amount.capacity() * 8
            + self.order_ids.memory_bytes()
            + v4(self.order_line_offsets.capacity())
            + v4(self.line_product.capacity())
            + self.line_quantity.capacity() * 8
            + self.line_amount.capacity() * 8
            + self.rejected.iter().map(|r| r.reason.len() + 40).sum::<usize>()
            + self.member_emails.capacity() * 16
            + self.messages.as_ref().map_or(0, |m| m.memory_bytes())
    }
}

/// One accepted order line, as handed to the builder by ingest or the generator.
/// Text fields are UTF-8 bytes (slices of the decoded input).
pub struct LineInput<'a> {
    pub customer: &'a [u8],
    /// `None` when the source has no order id: then one order per customer per timestamp.
    pub order: Option<&'a [u8]>,
    pub day: i32,
    pub seconds: Option<u32>,
    pub product: Option<&'a [u8]>,
    pub product_name: Option<&'a [u8]>,
    pub category: Option<&'a [u8]>,
    pub quantity: f64,
    pub amount: f64,
    /// What the line is, when the file says (a line-type column); `None`: merchandise, unless its
    /// product name or id is a non-product word (`送料`, `Shipping`, `ポイント利用`, …).
    pub kind: Option<LineKind>,
}

/// Which non-product lines count toward revenue (discounts always do).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RevenueRules {
    pub shipping: bool,
    pub fees: bool,
}

impl RevenueRules {
    pub fn counts(self, kind: LineKind) -> bool {
        match kind {
            LineKind::Product | LineKind::Discount => true,
            LineKind::Shipping => self.shipping,
            LineKind::Fee => self.fees,
            LineKind::Points | LineKind::Tax => false,
        }
    }
}

/// What [`DatasetBuilder::push`] did with a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pushed {
    /// Added to its order (merchandise, or a non-product line that counts toward revenue).
    Line { kind: LineKind },
    /// A non-product line that does not count toward revenue: tallied in the exclusions only.
    Excluded { kind: LineKind },
}

/// Accumulates lines in input order, then groups and sorts them in [`DatasetBuilder::finish`].
#[derive(Default)]
pub struct DatasetBuilder {
    customers: Interner,
    products: Interner,
    categories: Interner,
    orders: Interner,
    orders_by_time: FxHashMap<(u32, i32, u32), u32>,
    /// Order-id key → temporary order index (orders without an id share the index space).
    order_of_key: Vec<u32>,
    /// Temporary order index → order-id key, or `NONE` for orders keyed by customer and time.
    order_key: Vec<u32>,
    product_names: Vec<Box<str>>,
    product_category: Vec<u32>,
    // per (temporary) order
    order_customer: Vec<u32>,
    order_date: Vec<i32>,
    order_time: Vec<u32>,
    // per line, input order
    line_order: Vec<u32>,
    line_product: Vec<u32>,
    line_quantity: Vec<f64>,
    line_amount: Vec<f64>,
    has_order_ids: bool,
    date_conflicts: u64,
    first_date_conflict_line: Option<u32>,
    /// Per product index: merchandise, or a non-product line named like a product (`送料`).
    product_kind: Vec<LineKind>,
    revenue: RevenueRules,
    pub exclusions: Exclusions,
}

impl DatasetBuilder {
    pub fn new() -> Self {
        Self { orders: Interner::with_runs(), ..Self::default() }
    }

    pub fn with_capacity(lines: usize) -> Self {
        let mut b = Self::new();
        // A guess from the file size: where it does not fit, the lines grow as they come (and
        // `try_reserve` refuses cleanly when even that does not fit).
        let _ = b.try_reserve(lines);
        // Typical exports: ~8 lines per customer. Sizing up front avoids rehashing. Order ids
        // usually go to the sorted runs, not the table: it grows only if they do not.
        b.customers.reserve(lines / 10);
        b
    }

    /// Room for `lines` more lines (and as many orders) in every per-line and per-order column,
    /// or `Err` with the bytes it would need: a file of tiny lines can need more memory than
    /// WebAssembly's 4 GiB, and a failed growth must be an error, not an abort.
    pub fn try_reserve(&mut self, lines: usize) -> Result<(), u64> {
        let order_room = lines.min(self.line_order.len().max(1024));
        let ok = self.line_order.try_reserve(lines).is_ok()
            && self.line_product.try_reserve(lines).is_ok()
            && self.line_quantity.try_reserve(lines).is_ok()
            && self.line_amount.try_reserve(lines).is_ok()
            && self.order_customer.try_reserve(order_room).is_ok()
            && self.order_date.try_reserve(order_room).is_ok()
            && self.order_time.try_reserve(order_room).is_ok()
            && self.order_key.try_reserve(order_room).is_ok()
            && self.order_of_key.try_reserve(order_room).is_ok();
        if ok {
            Ok(())
        } else {
            Err(Self::held_bytes((self.line_order.len() + lines) as u64, (self.order_customer.len() + order_room) as u64))
        }
    }

    /// Whether [`DatasetBuilder::finish`] will find the memory it allocates besides what the
    /// builder holds — the grouped columns are built beside the ones they come from — probed
    /// by reserving that much at once and letting it go. Sized before allocating, so a file too
    /// large for WebAssembly's 4 GiB fails here with `TOO_LARGE` instead of aborting halfway.
    pub fn check_finish_memory(&self) -> crate::error::Result<()> {
        let (lines, orders) = self.size();
        let needed = Self::finish_bytes(lines, orders) + self.customers.len() as u64 * 8;
        let mut probe: Vec<u8> = Vec::new();
        let fits = usize::try_from(needed).is_ok_and(|n| probe.try_reserve_exact(n).is_ok());
        drop(probe);
        if fits {
            Ok(())
        } else {
            Err(crate::error::Error::TooLarge {
                what: format!(
                    "the memory to group {lines} lines and {orders} orders ({} MB more than the file's rows already hold; split the file by period, or aggregate it first: see Warehouse mode)",
                    needed / 1_000_000
                )
                .into(),
                limit: u32::MAX as u64,
            })
        }
    }

    /// Which non-product lines count toward revenue (default: discounts only).
    pub fn set_revenue_rules(&mut self, rules: RevenueRules) {
        self.revenue = rules;
        self.exclusions.shipping_in_revenue = rules.shipping;
        self.exclusions.fees_in_revenue = rules.fees;
    }

    /// Whether an order with this id has a line already.
    pub fn has_order(&self, order_id: &[u8]) -> bool {
        self.orders.find(order_id).is_some()
    }

    /// Tally a non-product line that is not a row (an order-level shipping/fee/points/coupon
    /// column taken once per order) and say whether it counts toward revenue.
    fn tally(&mut self, kind: LineKind, amount: f64) -> bool {
        if kind.is_product() {
            return true;
        }
        let x = &mut self.exclusions;
        x.non_product_lines += 1;
        match kind {
            LineKind::Shipping => x.shipping_amount += amount,
            LineKind::Fee => x.fees_amount += amount,
            // Points used, as a positive amount whatever sign the file gives them.
            LineKind::Points => x.points_amount += amount.abs(),
            LineKind::Tax => x.tax_amount += amount,
            LineKind::Discount => x.discount_amount += amount,
            LineKind::Product => {}
        }
        self.revenue.counts(kind)
    }

    /// The product of a line, interned, and the line's kind.
    fn product_of(&mut self, line: &LineInput<'_>) -> (u32, LineKind) {
        if let Some(kind) = line.kind.filter(|k| !k.is_product()) {
            return (NONE, kind);
        }
        let Some(key) = line.product.or(line.product_name).filter(|k| !k.is_empty()) else {
            return (NONE, LineKind::Product);
        };
        let (p, new) = self.products.intern(key);
        if new {
            self.product_names.push(String::from_utf8_lossy(line.product_name.unwrap_or(b"")).into());
            self.product_category.push(NONE);
            // Named like a non-product line (送料, Shipping): not merchandise, unless the file's
            // line-type column says it is.
            let named = line.product_name.and_then(crate::lines::kind_of_product).or_else(|| line.product.and_then(crate::lines::kind_of_product));
            self.product_kind.push(if line.kind.is_some() { LineKind::Product } else { named.unwrap_or_default() });
        } else if self.product_names[p as usize].is_empty() {
            if let Some(name) = line.product_name {
                self.product_names[p as usize] = String::from_utf8_lossy(name).into();
            }
        }
        let kind = self.product_kind[p as usize];
        if !kind.is_product() {
            return (NONE, kind);
        }
        if let Some(cat) = line.category.filter(|c| !c.is_empty()) {
            if self.product_category[p as usize] == NONE {
                self.product_category[p as usize] = self.categories.intern(cat).0;
            }
        }
        (p, kind)
    }

    /// Add one accepted line. Fails (with the row's reason) only when the line contradicts an
    /// earlier one: an order id reused by another customer. A non-product line that does not
    /// count toward revenue adds no order.
    #[inline]
    pub fn push(&mut self, line: &LineInput<'_>, line_number: u32) -> Result<Pushed, (RejectCode, String)> {
        let time = line.seconds.unwrap_or(NONE);
        // The order is looked up once: for the mismatch check now, and to add the line below.
        let probed = line.order.map(|order_id| self.orders.probe(order_id));
        if let (Some(order_id), Some(Probe::Found(key))) = (line.order, probed) {
            // Compare bytes before interning, so a rejected row adds no customer and no product.
            let owner = self.order_customer[self.order_of_key[key as usize] as usize];
            if !same(self.customers.key(owner), line.customer) {
                return Err((
                    RejectCode::OrderCustomerMismatch,
                    format!(
                        "order \"{}\" belongs to customer \"{}\" on an earlier line, but this row has customer \"{}\"",
                        clip(&String::from_utf8_lossy(order_id)),
                        clip(&self.customers.get_lossy(owner)),
                        clip(&String::from_utf8_lossy(line.customer))
                    ),
                ));
            }
        }
        let (product, kind) = self.product_of(line);
        if !self.tally(kind, line.amount) {
            return Ok(Pushed::Excluded { kind });
        }
        let order = match (line.order, probed) {
            (Some(order_id), Some(found)) => {
                self.has_order_ids = true;
                let (key, new) = match found {
                    Probe::Found(key) => {
                        self.orders.last = Some(key);
                        (key, false)
                    }
                    vacant => (self.orders.insert(order_id, vacant), true),
                };
                if new {
                    let (customer, _) = self.customers.intern(line.customer);
                    let o = self.order_customer.len() as u32;
                    self.order_of_key.push(o);
                    self.order_key.push(key);
                    self.order_customer.push(customer);
                    self.order_date.push(line.day);
                    self.order_time.push(time);
                    o
                } else {
                    let o = self.order_of_key[key as usize];
                    self.customers.intern(line.customer);
                    let i = o as usize;
                    if self.order_date[i] != line.day || self.order_time[i] != time {
                        self.date_conflicts += 1;
                        self.first_date_conflict_line.get_or_insert(line_number);
                        if (line.day, time) < (self.order_date[i], self.order_time[i]) {
                            self.order_date[i] = line.day;
                            self.order_time[i] = time;
                        }
                    }
                    o
                }
            }
            _ => {
                let (customer, _) = self.customers.intern(line.customer);
                let next = self.order_customer.len() as u32;
                let order = *self.orders_by_time.entry((customer, line.day, time)).or_insert(next);
                if order == next {
                    self.order_key.push(NONE);
                    self.order_customer.push(customer);
                    self.order_date.push(line.day);
                    self.order_time.push(time);
                }
                order
            }
        };
        self.line_order.push(order);
        self.line_product.push(product);
        self.line_quantity.push(line.quantity);
        self.line_amount.push(line.amount);
        Ok(Pushed::Line { kind })
    }

    pub fn lines(&self) -> usize {
        self.line_order.len()
    }

    /// Bytes the builder's columns hold for `lines` lines and `orders` orders.
    fn held_bytes(lines: u64, orders: u64) -> u64 {
        lines * 24 + orders * 20
    }

    /// Bytes [`DatasetBuilder::finish`] allocates beside the builder's columns. Per order: the
    /// record sorted (32), amounts (16), the sorted columns (4+4+4+8+4), the offsets; per line:
    /// the regrouped product, quantity, amount (20) and their offsets.
    fn finish_bytes(lines: u64, orders: u64) -> u64 {
        lines * 28 + orders * 80
    }

    /// Bytes the finished Dataset of `lines` lines and `orders` orders needs at its peak.
    pub fn peak_bytes(lines: u64, orders: u64) -> u64 {
        Self::held_bytes(lines, orders) + Self::finish_bytes(lines, orders)
    }

    /// (lines, orders) so far.
    pub fn size(&self) -> (u64, u64) {
        (self.line_order.len() as u64, self.order_customer.len() as u64)
    }

    /// Group orders by customer (sorted by date) and lines by order.
    /// `rejected`: the rejections kept in full; `rejected_counts`: all of them, by code.
    pub fn finish(self, rows: u64, rejected: Vec<Rejection>, rejected_counts: crate::report::RejectCounts, mut warnings: Vec<Warning>, source: SourceInfo) -> Dataset {
        let n_customers = self.customers.len();
        let n_orders = self.order_customer.len();

        // Net amount per temporary order, summed exactly in the file's minor unit.
        let money = crate::money::Money::detect(self.line_amount.iter().copied());
        let mut units_tmp = vec![0i64; n_orders];
        for (&o, &a) in self.line_order.iter().zip(&self.line_amount) {
            units_tmp[o as usize] += money.units(a);
        }
        let amount_tmp: Vec<f64> = units_tmp.into_iter().map(|u| money.value(u)).collect();

        // Orders: counting sort by customer, then by (date, time, first appearance) within one.
        // Each order travels as one record, so the sort touches one cache line per order (the
        // orders of a customer are spread over the file: these accesses are random).
        let mut customer_order_offsets = vec![0u32; n_customers + 1];
        for &c in &self.order_customer {
            customer_order_offsets[c as usize + 1] += 1;
        }
        for c in 0..n_customers {
            customer_order_offsets[c + 1] += customer_order_offsets[c];
        }
        let mut records = vec![OrderRecord::default(); n_orders];
        let mut fill = customer_order_offsets.clone();
        for (o, &amount) in amount_tmp.iter().enumerate() {
            let c = self.order_customer[o] as usize;
            let t = self.order_time[o];
            let key = if self.has_order_ids { self.order_key[o] } else { NONE };
            // A missing time sorts first within its day (it is "some time that day").
            records[fill[c] as usize] =
                OrderRecord { date: self.order_date[o], time_key: if t == NONE { 0 } else { t + 1 }, old: o as u32, customer: c as u32, key, amount };
            fill[c] += 1;
        }
        drop(fill);
        for c in 0..n_customers {
            let slice = &mut records[customer_order_offsets[c] as usize..customer_order_offsets[c + 1] as usize];
            if slice.len() > 1 {
                slice.sort_unstable_by_key(|r| (r.date, r.time_key, r.old));
            }
        }
        let sorted: Vec<u32> = records.iter().map(|r| r.old).collect();
        let order_customer: Vec<u32> = records.iter().map(|r| r.customer).collect();
        let order_date: Vec<i32> = records.iter().map(|r| r.date).collect();
        let order_time: Vec<u32> = records.iter().map(|r| if r.time_key == 0 { NONE } else { r.time_key - 1 }).collect();
        let order_amount: Vec<f64> = records.iter().map(|r| r.amount).collect();
        let order_id_key: Vec<u32> = if self.has_order_ids { records.iter().map(|r| r.key).collect() } else { Vec::new() };
        drop(records);
        drop(amount_tmp);
        let (mut line_product, line_quantity, line_amount, order_line_offsets) =
            group_lines(&sorted, &self.line_order, &self.line_product, &self.line_quantity, &self.line_amount);

        if self.date_conflicts > 0 {
            warnings.push(Warning {
                code: "order_date_conflict",
                message: format!(
                    "{} rows have a different date or time than an earlier row of the same order; each order is dated by its earliest row",
                    self.date_conflicts
                )
                .replacen("1 rows have", "1 row has", 1),
                line: self.first_date_conflict_line,
            });
        }

        let (customer_ids, bad_customers) = self.customers.into_dictionary();
        let (mut product_ids, bad_products) = self.products.into_dictionary();
        let (mut product_names, mut product_category) = (self.product_names, self.product_category);
        // Non-product lines named like products (送料) were interned to learn their kind; they are
        // not in the catalogue.
        if self.product_kind.iter().any(|k| !k.is_product()) {
            let mut new_of_old = vec![NONE; product_ids.len()];
            let (mut ids, mut names, mut categories) = (Dictionary::default(), Vec::new(), Vec::new());
            for (p, kind) in self.product_kind.iter().enumerate() {
                if kind.is_product() {
                    new_of_old[p] = ids.push(product_ids.get(p as u32));
                    names.push(std::mem::take(&mut product_names[p]));
                    categories.push(product_category[p]);
                }
            }
            for p in &mut line_product {
                if *p != NONE {
                    *p = new_of_old[*p as usize];
                }
            }
            ids.shrink();
            (product_ids, product_names, product_category) = (ids, names, categories);
        }
        let (categories, bad_categories) = self.categories.into_dictionary();
        let bad_names = product_names.iter().filter(|n| n.contains('\u{FFFD}')).count();
        let bad_text = bad_customers + bad_products + bad_categories + bad_names;
        if bad_text > 0 {
            warnings.push(Warning {
                code: "invalid_text",
                message: format!(
                    "{bad_text} ids or names contained bytes that are not valid in the detected encoding and were replaced with U+FFFD; if Japanese text looks garbled, set `encoding` explicitly ('shift_jis' or 'utf-8')"
                ),
                line: None,
            });
        }
        let (order_ids, _) = if self.has_order_ids { self.orders.into_dictionary() } else { Default::default() };
        Dataset {
            customer_ids,
            product_ids,
            product_names,
            product_category,
            categories,
            customer_order_offsets,
            order_customer,
            order_date,
            order_time,
            order_amount,
            order_ids,
            order_id_key,
            order_line_offsets,
            line_product,
            line_quantity,
            line_amount,
            rows,
            rejected_counts,
            rejected,
            warnings,
            source,
            attributes: Vec::new(),
            exclusions: self.exclusions,
            money,
            pseudonyms: None,
            guest_salt: DEFAULT_GUEST_SALT.to_string(),
            member_emails: FxHashMap::default(),
            messages: None,
        }
    }
}

/// One order while [`DatasetBuilder::finish`] sorts them.
#[derive(Clone, Copy, Default)]
struct OrderRecord {
    date: i32,
    /// Seconds after midnight + 1; 0 = no time (sorts first).
    time_key: u32,
    /// Index in the builder (first appearance).
    old: u32,
    customer: u32,
    /// Index of the order id in the orders interner (`NONE`: none).
    key: u32,
    amount: f64,
}

/// Lines grouped by order, orders in their final order (`sorted`: final → temporary index):
/// (products, quantities, amounts, offsets). When every order's lines are adjacent in the file
/// (the usual export) each order's lines are copied as one block, writing sequentially;
/// otherwise a counting sort scatters them (stable: file order within an order).
fn group_lines(sorted: &[u32], line_order: &[u32], product: &[u32], quantity: &[f64], amount: &[f64]) -> (Vec<u32>, Vec<f64>, Vec<f64>, Vec<u32>) {
    let n_orders = sorted.len();
    let n_lines = line_order.len();
    let mut count = vec![0u32; n_orders];
    for &o in line_order {
        count[o as usize] += 1;
    }
    let mut offsets = Vec::with_capacity(n_orders + 1);
    offsets.push(0u32);
    for &old in sorted {
        let last = offsets[offsets.len() - 1];
        offsets.push(last + count[old as usize]);
    }
    // Temporary orders are numbered as they first appear, so adjacent lines ⇔ non-decreasing.
    if line_order.windows(2).all(|w| w[0] <= w[1]) {
        let mut start = Vec::with_capacity(n_orders + 1);
        start.push(0usize);
        for &c in &count {
            let last = start[start.len() - 1];
            start.push(last + c as usize);
        }
        let (mut p, mut q, mut a) = (Vec::with_capacity(n_lines), Vec::with_capacity(n_lines), Vec::with_capacity(n_lines));
        for &old in sorted {
            let range = start[old as usize]..start[old as usize + 1];
            p.extend_from_slice(&product[range.clone()]);
            q.extend_from_slice(&quantity[range.clone()]);
            a.extend_from_slice(&amount[range]);
        }
        return (p, q, a, offsets);
    }
    let mut new_of_old = vec![0u32; n_orders];
    for (new, &old) in sorted.iter().enumerate() {
        new_of_old[old as usize] = new as u32;
    }
    let mut fill = offsets.clone();
    let (mut p, mut q, mut a) = (vec![0u32; n_lines], vec![0f64; n_lines], vec![0f64; n_lines]);
    for i in 0..n_lines {
        let o = new_of_old[line_order[i] as usize] as usize;
        let at = fill[o] as usize;
        fill[o] += 1;
        p[at] = product[i];
        q[at] = quantity[i];
        a[at] = amount[i];
    }
    (p, q, a, offsets)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line<'a>(customer: &'a str, order: Option<&'a str>, day: i32, amount: f64) -> LineInput<'a> {
        let customer = customer.as_bytes();
        let order = order.map(str::as_bytes);
        LineInput { customer, order, day, seconds: None, product: Some(b"P"), product_name: None, category: None, quantity: 1.0, amount, kind: None }
    }

    #[test]
    fn groups_orders_by_customer_sorted_by_date() {
        let mut b = DatasetBuilder::new();
        b.push(&line("B", Some("o3"), 30, 5.0), 2).unwrap();
        b.push(&line("A", Some("o1"), 20, 10.0), 3).unwrap();
        b.push(&line("A", Some("o2"), 10, 7.0), 4).unwrap();
        b.push(&line("A", Some("o1"), 20, 1.0), 5).unwrap();
        let ds = b.finish(4, vec![], Default::default(), vec![], SourceInfo::default());
        assert_eq!(ds.customers(), 2);
        assert_eq!(ds.customer_ids.get(0), "B");
        // customer A = index 1: orders o2 (day 10) then o1 (day 20, two lines = 11.0)
        let a: Vec<_> = ds.customer_orders(1).collect();
        assert_eq!(a.len(), 2);
        assert_eq!(ds.order_date[a[0]], 10);
        assert_eq!(ds.order_id(a[1]), "o1");
        assert_eq!(ds.order_amount[a[1]], 11.0);
        assert_eq!(ds.order_lines(a[1]).len(), 2);
    }

    #[test]
    fn order_id_reused_by_other_customer_is_rejected() {
        let mut b = DatasetBuilder::new();
        b.push(&line("A", Some("o1"), 1, 1.0), 2).unwrap();
        let err = b.push(&line("B", Some("o1"), 1, 1.0), 3).unwrap_err();
        assert_eq!(err.0, RejectCode::OrderCustomerMismatch);
        assert!(err.1.contains("\"A\"") && err.1.contains("\"B\""), "{}", err.1);
    }

    #[test]
    fn rows_with_and_without_order_ids_mix() {
        let mut b = DatasetBuilder::new();
        b.push(&line("A", None, 1, 1.0), 2).unwrap();
        b.push(&line("A", Some("o1"), 2, 2.0), 3).unwrap();
        b.push(&line("B", None, 3, 4.0), 4).unwrap();
        b.push(&line("A", Some("o1"), 2, 8.0), 5).unwrap();
        assert!(b.push(&line("C", Some("o1"), 2, 1.0), 6).is_err());
        let ds = b.finish(5, vec![], Default::default(), vec![], SourceInfo::default());
        assert_eq!(ds.customers(), 2, "the rejected row's customer is not added");
        assert_eq!(ds.order_amount, vec![1.0, 10.0, 4.0]);
        let ids: Vec<&str> = (0..ds.orders()).map(|o| ds.order_id(o)).collect();
        assert_eq!(ids, vec!["", "o1", ""]);
    }

    #[test]
    fn without_order_ids_one_order_per_customer_and_timestamp() {
        let mut b = DatasetBuilder::new();
        b.push(&line("A", None, 1, 1.0), 2).unwrap();
        b.push(&line("A", None, 1, 2.0), 3).unwrap();
        b.push(&line("A", None, 2, 4.0), 4).unwrap();
        let ds = b.finish(3, vec![], Default::default(), vec![], SourceInfo::default());
        assert_eq!(ds.orders(), 2);
        assert_eq!(ds.order_amount, vec![3.0, 4.0]);
        assert!(ds.order_ids.is_empty());
    }
}
