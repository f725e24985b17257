//! What reading a table reports besides its data: rejected rows (with a stable code, a line and
//! a sentence), warnings, and how the file was read (encoding, delimiter, which header fed which
//! field). Every table crmkit reads (orders, customer attributes, customer summaries) reports
//! with these types, so the page and exports treat them alike.

use serde::Serialize;

/// Why a row was rejected. Codes are stable (shown to users, mapped to words by the page, and
/// written in exports).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectCode {
    FieldCount,
    EmptyRow,
    MissingCustomer,
    MissingDate,
    BadDate,
    MissingAmount,
    BadAmount,
    BadQuantity,
    BadUnitPrice,
    OrderCustomerMismatch,
    DuplicateCustomer,
    /// Customer summary: frequency is not a whole number ≥ 0.
    BadFrequency,
    /// Customer summary: recency is not a number ≥ 0.
    BadRecency,
    /// Customer summary: T is not a number ≥ 0.
    #[serde(rename = "bad_t")]
    BadT,
    /// Customer summary: monetary value is not a number ≥ 0.
    BadMonetaryValue,
    /// Customer summary: the numbers contradict each other (recency > T, or recency > 0 with
    /// frequency 0).
    InconsistentSummary,
    /// A quote opened a field that ran over lines that look like rows of their own (never
    /// closed, or closed by a stray quote further down): the line is rejected and the lines
    /// after it are read as rows.
    UnterminatedQuote,
}

/// Rejected rows counted by code, all of them: a read keeps the first
/// [`RejectCounts::KEPT`] rejections in full (line, reason) and only counts the rest, so a file
/// of millions of bad rows costs counters, not millions of sentences.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RejectCounts(pub [u64; RejectCode::ALL.len()]);

impl RejectCounts {
    /// Rejections kept in full per read.
    pub const KEPT: usize = 10_000;

    pub fn add(&mut self, code: RejectCode) {
        self.0[code.index()] += 1;
    }

    pub fn total(&self) -> u64 {
        self.0.iter().sum()
    }

    pub fn of(&self, code: RejectCode) -> u64 {
        self.0[code.index()]
    }

    /// (code, count) of every code with rejections, in [`RejectCode::ALL`] order.
    pub fn by_code(&self) -> impl Iterator<Item = (RejectCode, u64)> + '_ {
        RejectCode::ALL.iter().map(|&c| (c, self.of(c))).filter(|x| x.1 > 0)
    }
}

impl RejectCode {
    pub fn as_str(self) -> &'static str {
        match self {
            RejectCode::FieldCount => "field_count",
            RejectCode::UnterminatedQuote => "unterminated_quote",
            RejectCode::EmptyRow => "empty_row",
            RejectCode::MissingCustomer => "missing_customer",
            RejectCode::MissingDate => "missing_date",
            RejectCode::BadDate => "bad_date",
            RejectCode::MissingAmount => "missing_amount",
            RejectCode::BadAmount => "bad_amount",
            RejectCode::BadQuantity => "bad_quantity",
            RejectCode::BadUnitPrice => "bad_unit_price",
            RejectCode::OrderCustomerMismatch => "order_customer_mismatch",
            RejectCode::DuplicateCustomer => "duplicate_customer",
            RejectCode::BadFrequency => "bad_frequency",
            RejectCode::BadRecency => "bad_recency",
            RejectCode::BadT => "bad_t",
            RejectCode::BadMonetaryValue => "bad_monetary_value",
            RejectCode::InconsistentSummary => "inconsistent_summary",
        }
    }

    /// Position in [`RejectCode::ALL`] (the index of [`RejectCounts`]).
    pub fn index(self) -> usize {
        Self::ALL.iter().position(|c| *c == self).unwrap_or(0)
    }

    /// Every code, for documentation and the page's translations.
    pub const ALL: [RejectCode; 17] = [
        RejectCode::FieldCount,
        RejectCode::UnterminatedQuote,
        RejectCode::EmptyRow,
        RejectCode::MissingCustomer,
        RejectCode::MissingDate,
        RejectCode::BadDate,
        RejectCode::MissingAmount,
        RejectCode::BadAmount,
        RejectCode::BadQuantity,
        RejectCode::BadUnitPrice,
        RejectCode::OrderCustomerMismatch,
        RejectCode::DuplicateCustomer,
        RejectCode::BadFrequency,
        RejectCode::BadRecency,
        RejectCode::BadT,
        RejectCode::BadMonetaryValue,
        RejectCode::InconsistentSummary,
    ];
}

/// One rejected input row: 1-based line number where the row starts, a code and a sentence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Rejection {
    pub line: u32,
    pub code: RejectCode,
    pub reason: String,
}

/// Something worth telling the user that did not stop the work ("12 rows had negative amounts").
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Warning {
    pub code: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

/// Which header fed which field: reported so users can check the auto-mapping.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ColumnMatch {
    /// API field name (`customerId`, `orderDate`, …).
    pub field: &'static str,
    /// The header text as it appears in the file.
    pub header: String,
    /// 0-based column position.
    pub index: usize,
    /// `"auto"` when matched by a known header name, `"option"` when given in `columns`.
    pub matched_by: &'static str,
}

/// Where the data came from and how it was read.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceInfo {
    /// `"csv"` or `"synthetic"`.
    pub kind: &'static str,
    pub bytes: u64,
    /// `utf-8`, `utf-8-bom`, `shift_jis`, `utf-16le`, `utf-16be`, or `""` for synthetic data.
    pub encoding: &'static str,
    pub delimiter: String,
    pub columns: Vec<ColumnMatch>,
    pub unmapped_headers: Vec<String>,
    /// How line amounts were obtained: `amount`, `quantity*unitPrice`, `unitPrice` or `orderTotal`
    /// (an order-level amount, used once per order).
    pub amount_source: &'static str,
    /// The export layout recognised (`shopify`, `eccube4`, …) or `generic`.
    pub format: &'static str,
    /// ISO 4217 code of the amounts (`JPY`, `GBP`, …): the layout's, or a currency column's;
    /// `""` when the file does not say.
    pub currency: String,
    /// Columns of personal data found (e-mail, phone, names, addresses, card numbers) and what
    /// was done with each: never kept unless mapped to a field that keeps it (`crate::pii`).
    pub pii: Vec<crate::pii::PiiColumn>,
}

/// What the cart-export rules left out of the analyses (`docs/cart-exports.md`), reported in
/// `summary().exclusions`. Rows counted here were read and understood (they are accepted rows).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Exclusions {
    /// Orders whose status (or cancellation flag) says they did not happen.
    pub cancelled_orders: u64,
    pub cancelled_lines: u64,
    /// Sum of the cancelled orders' line amounts as they would have counted.
    pub cancelled_amount: f64,
    /// Shipping, fee, discount, points and tax lines (rows, or order-level columns taken once per order).
    pub non_product_lines: u64,
    pub shipping_amount: f64,
    pub fees_amount: f64,
    pub points_amount: f64,
    pub tax_amount: f64,
    /// Discounts and coupons (≤ 0): these do count toward revenue (merchandise net of discounts).
    pub discount_amount: f64,
    /// Whether shipping / fees were counted as revenue (option `revenue`).
    pub shipping_in_revenue: bool,
    pub fees_in_revenue: bool,
    /// Customers without a member id, keyed by a hash of their e-mail or phone.
    pub guests_by_email: u64,
    pub guests_by_phone: u64,
}

/// A per-customer (or per-row) column of a result, sent to JS as a typed array rather than
/// through serde: 1M customers cost one copy.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Column<'a> {
    F64(&'a [f64]),
    U32(&'a [u32]),
    U16(&'a [u16]),
    U8(&'a [u8]),
}

/// A result whose bulk columns are typed arrays: their JS names and data. The TypeScript
/// declarations are checked against these names.
pub trait Columns {
    fn columns(&self) -> Vec<(&'static str, Column<'_>)>;
}
