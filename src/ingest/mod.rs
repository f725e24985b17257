//! Order-line CSV → [`Dataset`], in one pass over the bytes: the **orders** table over the one
//! reader ([`crate::table`]), which sniffs, decodes, splits, maps headers and accounts for every
//! row (`rows = accepted + rejected`).
//!
//! On top of the generic mapping, the rules of `docs/cart-exports.md` make real cart exports load
//! with the right numbers and no options: a recognised layout ([`profiles`]) maps its columns;
//! cancelled orders are left out; line money is price × quantity − line discount, never an order
//! total; continuation rows take their order's fields; guests are keyed by a hash of their e-mail
//! or phone; shipping, fees, points and tax are not products and not revenue (discounts are);
//! `M/D/YYYY` dates and separate time columns are read; Excel's `17850.0` ids read as `17850`.
//! `summary().source.format` and `summary().exclusions` say what was applied.

pub mod profiles;
pub mod rules;

use crate::dataset::{Dataset, DatasetBuilder, LineInput, Pushed, RevenueRules};
use crate::dates::{day_month_parts, parse_date_in, parse_time_of_day, DateOrder, DateTime};
use crate::error::Result;
use crate::hash::FxHashMap;
use crate::lines::{kind_of_type, LineKind};
use crate::report::{RejectCode, SourceInfo, Warning};
use crate::table::{self, FieldSpec, Inspection, Mapping, ReadOptions, Reject, Required, RowView, Source, Table, TableSpec};
use crate::text::{lossy, normalize_header};
use profiles::{Currency, Headers, Money, Profile};

/// Positions of the order fields in [`ORDERS`].
pub const CUSTOMER_ID: usize = 0;
pub const ORDER_DATE: usize = 1;
pub const ORDER_ID: usize = 2;
pub const PRODUCT_ID: usize = 3;
pub const PRODUCT_NAME: usize = 4;
pub const CATEGORY: usize = 5;
pub const QUANTITY: usize = 6;
pub const UNIT_PRICE: usize = 7;
pub const AMOUNT: usize = 8;
pub const ORDER_TIME: usize = 9;
pub const ORDER_STATUS: usize = 10;
pub const CANCELLED: usize = 11;
pub const EMAIL: usize = 12;
pub const PHONE: usize = 13;
pub const LINE_TYPE: usize = 14;
pub const LINE_DISCOUNT: usize = 15;
pub const ORDER_TOTAL: usize = 16;
pub const SHIPPING: usize = 17;
pub const FEE: usize = 18;
pub const POINTS: usize = 19;
pub const COUPON: usize = 20;
pub const TAX: usize = 21;

/// Member-id header names (no e-mail: an address is a guest key, kept only as a hash).
pub const MEMBER_ID_ALIASES: &[&str] = &[
    "customerid", "customerno", "customernumber", "customercode", "clientid", "userid", "memberid", "buyerid", "accountid",
    "customer", "顧客id", "顧客番号", "顧客コード", "顧客no", "会員id", "会員番号", "会員コード", "会員no", "購入者id",
    "ユーザーid", "お客様番号", "お客様id",
];

/// Customer-id header names of tables keyed by customer (attributes), e-mail included.
pub const CUSTOMER_ID_ALIASES: &[&str] = &[
    "customerid", "customerno", "customernumber", "customercode", "clientid", "userid", "memberid", "buyerid", "accountid",
    "customer", "顧客id", "顧客番号", "顧客コード", "顧客no", "会員id", "会員番号", "会員コード", "会員no", "購入者id",
    "ユーザーid", "お客様番号", "お客様id", "email", "customeremail", "メールアドレス",
];

/// The customer id field of a customer table (orders have their own, without e-mail).
pub const CUSTOMER_ID_FIELD: FieldSpec = FieldSpec {
    name: "customerId",
    label: "customer id",
    description: "the customer id (e.g. customer_id / 顧客ID / 会員ID)",
    aliases: CUSTOMER_ID_ALIASES,
    required: Required::Yes,
    empty: RejectCode::MissingCustomer,
    bad: RejectCode::MissingCustomer,
};

const fn optional(name: &'static str, label: &'static str, description: &'static str, aliases: &'static [&'static str], bad: RejectCode) -> FieldSpec {
    FieldSpec { name, label, description, aliases, required: Required::No, empty: bad, bad }
}

/// The order-line table. Field order is mapping order: specific fields claim columns first.
pub static ORDERS: TableSpec = TableSpec {
    name: "orders",
    fields: &[
        FieldSpec {
            name: "customerId",
            label: "customer id",
            description: "the customer id (e.g. customer_id / 顧客ID / 会員ID), or the buyer's e-mail or phone",
            aliases: MEMBER_ID_ALIASES,
            required: Required::Unless(&["email", "phone"]),
            empty: RejectCode::MissingCustomer,
            bad: RejectCode::MissingCustomer,
        },
        FieldSpec {
            name: "orderDate",
            label: "order date",
            description: "the order date (e.g. order_date / 購入日 / 注文日)",
            aliases: &[
                "orderdatetime", "purchasedatetime", "orderdate", "purchasedate", "invoicedate", "transactiondate", "orderedat",
                "purchasedat", "createdat", "date", "購入日時", "注文日時", "受注日時", "購入日", "注文日", "受注日", "購入年月日",
                "注文年月日", "受注年月日", "売上日", "日付", "ordertime",
            ],
            required: Required::Yes,
            empty: RejectCode::MissingDate,
            bad: RejectCode::BadDate,
        },
        optional(
            "orderId",
            "order id",
            "the order id (e.g. order_id / 注文番号)",
            &[
                "orderid", "ordernumber", "orderno", "invoiceno", "invoicenumber", "invoiceid", "transactionid", "receiptid", "order",
                "invoice", "注文番号", "受注番号", "注文id", "受注id", "注文no", "受注no", "オーダー番号", "オーダーid", "伝票番号",
                "購入番号", "注文コード", "受注コード", "店舗伝票番号", "受注伝票番号", "売上id",
            ],
            RejectCode::FieldCount,
        ),
        optional(
            "productId",
            "product id",
            "the product id (e.g. product_id / SKU / 商品コード)",
            &[
                "productid", "productcode", "productno", "sku", "itemsku", "itemproductid", "itemid", "itemcode", "stockcode", "lineitemsku",
                "variantsku", "商品コード", "商品id", "商品番号", "商品no", "品番", "独自商品コード", "アイテムid", "janコード", "jancode", "jan",
            ],
            RejectCode::FieldCount,
        ),
        optional(
            "productName",
            "product name",
            "the product name (e.g. product_name / 商品名)",
            &[
                "productname", "itemname", "productdescription", "lineitemname", "product", "item", "description", "商品名", "品名",
                "商品名称", "アイテム名", "商品", "title",
            ],
            RejectCode::FieldCount,
        ),
        optional(
            "category",
            "category",
            "the category (e.g. category / カテゴリ)",
            &[
                "category", "productcategory", "categoryname", "producttype", "カテゴリ", "カテゴリー", "カテゴリ名", "カテゴリー名",
                "商品カテゴリ", "商品カテゴリー", "商品分類", "分類",
            ],
            RejectCode::FieldCount,
        ),
        optional(
            "quantity",
            "quantity",
            "the quantity (e.g. quantity / 数量)",
            &[
                "quantity", "qty", "lineitemquantity", "itemquantity", "units", "数量", "個数", "購入数", "購入数量", "注文数", "注文数量",
                "受注数", "受注数量", "販売個数",
            ],
            RejectCode::BadQuantity,
        ),
        optional(
            "unitPrice",
            "unit price",
            "the unit price (e.g. unit_price / 単価)",
            &["unitprice", "lineitemprice", "itemprice", "price", "単価", "販売単価", "商品単価", "商品価格", "販売価格", "価格", "売価"],
            RejectCode::BadUnitPrice,
        ),
        FieldSpec {
            name: "amount",
            label: "amount",
            description: "the line amount (e.g. amount / 金額 / 小計), or a unit price (単価)",
            aliases: &[
                "amount", "lineamount", "linetotal", "itemtotal", "lineitemtotal", "sales", "revenue", "金額", "売上金額", "売上",
                "購入金額", "税込金額", "売上高", "明細金額", "totalprice", "subtotal", "total", "小計", "合計金額", "合計",
            ],
            required: Required::Unless(&["unitPrice", "orderTotal"]),
            empty: RejectCode::MissingAmount,
            bad: RejectCode::BadAmount,
        },
        optional(
            "orderTime",
            "order time",
            "the order time of day (e.g. 注文時間), when it has a column of its own",
            &["ordertime", "注文時間", "注文時刻", "購入時間", "購入時刻", "受注時間", "受注時刻", "time", "時刻"],
            RejectCode::BadDate,
        ),
        optional(
            "orderStatus",
            "order status",
            "the order status (e.g. status / 対応状況 / 受注ステータス)",
            &[
                "orderstatus", "status", "financialstatus", "対応状況", "受注ステータス", "注文ステータス", "処理状況", "受注状態", "注文状態",
                "受注状況", "ステータス",
            ],
            RejectCode::FieldCount,
        ),
        optional(
            "cancelled",
            "cancellation",
            "a cancellation flag or date (e.g. cancelled_at / キャンセル)",
            &["cancelledat", "canceledat", "キャンセルフラグ", "キャンセル区分", "キャンセル日", "キャンセル日時", "キャンセル", "取消フラグ"],
            RejectCode::FieldCount,
        ),
        optional(
            "email",
            "e-mail",
            "the buyer's e-mail (keys guests, kept only as a hash)",
            &[
                "email", "customeremail", "billingemail", "billmailaddress", "mailaddress", "メールアドレス", "受注メールアドレス",
                "購入者メールアドレス", "注文者メールアドレス", "eメールアドレス", "eメール",
            ],
            RejectCode::FieldCount,
        ),
        optional(
            "phone",
            "phone",
            "the buyer's phone (keys guests without e-mail, kept only as a hash)",
            &["phone", "tel", "telephone", "phonenumber", "billingphone", "billphonenumber", "電話番号", "注文者電話番号", "購入者電話番号"],
            RejectCode::FieldCount,
        ),
        optional("lineType", "line type", "what the line is (e.g. 明細区分: 商品 / 送料 / 手数料)", &["linetype", "lineitemtype", "itemtype", "明細区分", "明細種別", "明細タイプ"], RejectCode::FieldCount),
        optional(
            "lineDiscount",
            "line discount",
            "a discount on the line (e.g. Lineitem discount)",
            &["lineitemdiscount", "linediscount", "itemdiscount", "商品値引額", "明細値引額", "商品割引額"],
            RejectCode::BadAmount,
        ),
        optional(
            "orderTotal",
            "order total",
            "the order's total (e.g. Total / 合計金額 / 請求金額); reconciles, never a line amount",
            &["ordertotal", "grandtotal", "total", "totalprice", "subtotal", "請求金額", "お支払い金額", "支払金額", "支払い金額", "総合計", "注文合計", "合計金額", "合計", "小計"],
            RejectCode::BadAmount,
        ),
        optional("shipping", "shipping", "the order's shipping (e.g. 送料)", &["shipping", "shippingfee", "shippingcost", "送料", "送料合計", "配送料"], RejectCode::BadAmount),
        optional(
            "fee",
            "fee",
            "the order's fees (e.g. 手数料 / 決済手数料)",
            &["fee", "fees", "paymentfee", "codfee", "手数料", "決済手数料", "代引手数料", "代引き手数料", "支払手数料", "ラッピング料"],
            RejectCode::BadAmount,
        ),
        optional(
            "points",
            "points used",
            "points used on the order (e.g. ポイント利用額)",
            &["pointsused", "usedpoints", "pointused", "ポイント利用額", "利用ポイント", "ポイント利用", "ポイント値引き", "ポイント使用額"],
            RejectCode::BadAmount,
        ),
        optional(
            "coupon",
            "coupon",
            "the order's coupon or discount (e.g. クーポン利用額 / Discount Amount)",
            &["couponamount", "discountamount", "discount", "クーポン利用額", "クーポン値引額", "クーポン値引き", "クーポン割引額", "値引額", "値引き", "割引額"],
            RejectCode::BadAmount,
        ),
        optional("tax", "tax", "the order's tax, when prices exclude it (e.g. 消費税)", &["tax", "taxes", "消費税", "消費税額", "税額"], RejectCode::BadAmount),
    ],
};

/// Validated options of an order load (`fromCsv`, `CsvReader.finish`).
#[derive(Clone, Debug, Default)]
pub struct OrderOptions {
    pub read: ReadOptions,
    /// Statuses (trimmed, lower-cased) that exclude an order; `None` = [`rules::EXCLUDED_STATUSES`]
    /// plus the recognised layout's own.
    pub exclude_statuses: Option<Vec<String>>,
    /// Whether shipping / fees count as revenue (default: neither).
    pub revenue: RevenueRules,
    /// Salt of guest ids (default [`rules::DEFAULT_GUEST_SALT`]).
    pub guest_salt: Option<String>,
    /// The amounts' currency as the caller says (ISO 4217, upper case); `None` = detected.
    pub currency: Option<String>,
}

/// How line amounts are obtained in this file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AmountFrom {
    /// The line-amount column (unit price × quantity when a cell is blank).
    Amount,
    /// Unit price × quantity − line discount.
    UnitPrice,
    /// An order-level amount, taken once per order (no line money in the file).
    OrderTotal,
}

/// The orders table's row reader, configured for one file.
pub struct Orders {
    profile: Option<&'static Profile>,
    date_order: DateOrder,
    amount_from: AmountFrom,
    /// The last date cell read and its value: the lines of one order repeat it, so most rows
    /// compare a few bytes instead of parsing.
    last_date: std::cell::RefCell<(Vec<u8>, Option<DateTime>)>,
}

impl Default for Orders {
    fn default() -> Self {
        Orders { profile: None, date_order: DateOrder::YearFirst, amount_from: AmountFrom::Amount, last_date: Default::default() }
    }
}

/// One parsed row, before the cross-row rules (continuation, status, guests) are applied.
pub struct OrderRow<'r> {
    row: RowView<'r>,
    customer: Option<&'r [u8]>,
    order: Option<&'r [u8]>,
    date: Option<DateTime>,
    product: Option<&'r [u8]>,
    product_name: Option<&'r [u8]>,
    kind: Option<LineKind>,
    quantity: f64,
    amount: f64,
}

fn amount_source(mapping: &Mapping) -> &'static str {
    if mapping.get(AMOUNT).is_some() {
        "amount"
    } else if mapping.get(UNIT_PRICE).is_some() {
        if mapping.get(QUANTITY).is_some() {
            "quantity*unitPrice"
        } else {
            "unitPrice"
        }
    } else {
        "orderTotal"
    }
}

impl Orders {
    #[inline]
    fn line_money(&self, row: &RowView<'_>, quantity: f64) -> Result<f64, Reject> {
        let from_unit_price = |row: &RowView<'_>| -> Result<f64, Reject> {
            let price = row.required_number(UNIT_PRICE)?;
            let discount = row.number(LINE_DISCOUNT)?.unwrap_or(0.0);
            Ok(price * quantity - discount.abs())
        };
        match self.amount_from {
            AmountFrom::UnitPrice => match row.get(UNIT_PRICE) {
                Some(b"") | None => Err((RejectCode::MissingAmount, format!("unit price is empty (column \"{}\")", row.header(UNIT_PRICE)))),
                Some(_) => from_unit_price(row),
            },
            AmountFrom::OrderTotal => Ok(0.0),
            AmountFrom::Amount => match row.number(AMOUNT)? {
                Some(amount) => Ok(amount),
                None => match row.get(UNIT_PRICE) {
                    None => Err(row.empty(AMOUNT)),
                    Some(b"") if row.has(AMOUNT) => Err((
                        RejectCode::MissingAmount,
                        format!("amount (column \"{}\") and unit price (column \"{}\") are both empty", row.header(AMOUNT), row.header(UNIT_PRICE)),
                    )),
                    Some(b"") => Err((RejectCode::MissingAmount, format!("unit price is empty (column \"{}\")", row.header(UNIT_PRICE)))),
                    Some(_) => from_unit_price(row),
                },
            },
        }
    }

    /// [`parse_date_in`], remembering the last cell.
    #[inline]
    fn date(&self, text: &[u8]) -> Option<DateTime> {
        let mut last = self.last_date.borrow_mut();
        if !crate::dataset::same(&last.0, text) {
            let parsed = parse_date_in(text, self.date_order);
            last.0.clear();
            last.0.extend_from_slice(text);
            last.1 = parsed;
        }
        last.1
    }

    fn kind_of(&self, row: &RowView<'_>, product: Option<&[u8]>) -> Option<LineKind> {
        if let Some(cell) = row.non_empty(LINE_TYPE) {
            let extra = self.profile.map_or(&[][..], |p| p.line_types);
            return kind_of_type(cell, extra);
        }
        let ids = self.profile.map_or(&[][..], |p| p.non_product_ids);
        if !ids.is_empty() {
            let id = String::from_utf8_lossy(product?).to_ascii_uppercase();
            return ids.iter().find(|(code, _)| *code == id).map(|(_, kind)| *kind);
        }
        None
    }
}

impl Table for Orders {
    type Row<'r> = OrderRow<'r>;

    fn spec(&self) -> &'static TableSpec {
        &ORDERS
    }

    fn amount_source(&self, mapping: &Mapping) -> Option<&'static str> {
        Some(amount_source(mapping))
    }

    fn preview_date(&self, row: &RowView<'_>) -> Option<String> {
        row.non_empty(ORDER_DATE).and_then(|text| self.date(text)).map(|d| crate::dates::format_date(d.day))
    }

    #[inline]
    fn parse<'r>(&self, row: &RowView<'r>) -> Result<OrderRow<'r>, Reject> {
        let customer = row.non_empty(CUSTOMER_ID).map(rules::excel_id);
        let order = row.non_empty(ORDER_ID).map(rules::excel_id);
        // Without an order id nothing can be carried from an earlier row: the id (or a guest
        // key) must be on the row itself, as the first check.
        if customer.is_none() && order.is_none() && row.non_empty(EMAIL).is_none() && row.non_empty(PHONE).is_none() {
            return Err(row.empty(CUSTOMER_ID));
        }
        let date = match row.non_empty(ORDER_DATE) {
            None => None,
            Some(text) => Some(self.date(text).ok_or_else(|| {
                (
                    RejectCode::BadDate,
                    format!(
                        "cannot read the date \"{}\" in column \"{}\"; expected e.g. 2024-03-05, 2024/3/5, 20240305 or 2024年3月5日{}",
                        lossy(text),
                        row.header(ORDER_DATE),
                        match (day_month_parts(text).is_some(), self.date_order) {
                            (false, _) => "",
                            (true, DateOrder::YearFirst) => ", or a/b/YYYY with the dateOrder option ('mdy' or 'dmy')",
                            (true, DateOrder::MonthFirst) => " (a/b/YYYY dates are read as month/day here: if they are day/month, set dateOrder: 'dmy')",
                            (true, DateOrder::DayFirst) => " (a/b/YYYY dates are read as day/month here: if they are month/day, set dateOrder: 'mdy')",
                        }
                    ),
                )
            })?),
        };
        let date = match (date, row.non_empty(ORDER_TIME)) {
            (Some(d), Some(t)) if d.seconds.is_none() => Some(DateTime { seconds: Some(parse_time_of_day(t).ok_or_else(|| row.bad(ORDER_TIME, t, "is not a time of day"))?), ..d }),
            (d, _) => d,
        };
        if date.is_none() && order.is_none() {
            return Err(row.empty(ORDER_DATE));
        }
        let quantity = row.number(QUANTITY)?.unwrap_or(1.0);
        let amount = self.line_money(row, quantity)?;
        let mut product = row.non_empty(PRODUCT_ID).map(rules::excel_id);
        let mut product_name = row.non_empty(PRODUCT_NAME);
        // A layout's option rows (BASE's 商品オプション「…」) are merchandise but not products.
        if let Some(prefix) = self.profile.and_then(|p| p.option_prefix) {
            if product_name.is_some_and(|n| n.starts_with(prefix.as_bytes())) {
                (product, product_name) = (None, None);
            }
        }
        let kind = self.kind_of(row, product.or(product_name));
        Ok(OrderRow { row: *row, customer, order, date, product, product_name, kind, quantity, amount })
    }
}

/// The columns a recognised layout assigns, as (field, column); fields it has no column for get
/// [`table::header::NO_COLUMN`].
fn profile_columns(profile: Option<&'static Profile>, headers: &[String]) -> Vec<(usize, usize)> {
    let Some(p) = profile else { return Vec::new() };
    let headers = Headers::new(headers);
    let mut out: Vec<(usize, usize)> = p.columns.iter().filter_map(|(field, header)| Some((ORDERS.position(field)?, headers.position(header)?))).collect();
    let money_fields: &[&str] = if p.money.is_empty() { &[] } else { &profiles::MONEY_FIELDS };
    out.extend(p.unused.iter().chain(money_fields).filter_map(|field| Some((ORDERS.position(field)?, table::header::NO_COLUMN))));
    out
}

/// The recognised layout of a file, from its headers.
fn detect_profile(headers: &[String]) -> Option<&'static Profile> {
    profiles::detect(&Headers::new(headers))
}

/// Rows looked at to decide what a money column is.
const SAMPLE_ROWS: usize = 5000;

/// Whether the `amount` column holds order totals: in orders with two or more lines, the value
/// is the same on every line or written on the first line only (§2).
fn amount_is_order_level(source: &Source<'_>) -> bool {
    let (Some(amount), Some(order)) = (source.mapping.get(AMOUNT), source.mapping.get(ORDER_ID)) else { return false };
    if !rules::AMBIGUOUS_TOTALS.contains(&normalize_header(&source.headers[amount]).as_str()) {
        return false;
    }
    let sample = source.sample(&[order, amount], SAMPLE_ROWS);
    let mut orders: FxHashMap<&[u8], (Vec<&[u8]>, usize)> = FxHashMap::default();
    for cells in &sample {
        if cells[0].is_empty() {
            continue;
        }
        let entry = orders.entry(&cells[0]).or_default();
        entry.0.push(&cells[1]);
        entry.1 += 1;
    }
    let (mut multi, mut order_level) = (0usize, 0usize);
    for (values, lines) in orders.values() {
        if *lines < 2 {
            continue;
        }
        multi += 1;
        let first = values[0];
        if !first.is_empty() && values[1..].iter().all(|v| v.is_empty() || *v == first) {
            order_level += 1;
        }
    }
    // With a unit price, reading lines as price × quantity is right either way, so one order
    // decides; without one, a column is an order total only on firm evidence.
    let needed = if source.mapping.get(UNIT_PRICE).is_some() { 1 } else { 3 };
    multi >= needed && order_level * 10 >= multi * 9
}

/// The order of `a/b/YYYY` dates in this file, decided from the data (§6): a first part over 12
/// means D/M, a second over 12 means M/D; `None` when every such date could be either.
fn date_order_of(source: &Source<'_>) -> Option<DateOrder> {
    let column = source.mapping.get(ORDER_DATE)?;
    let mut order = None;
    let mut slashed = false;
    source.scan_column(column, &mut |cell| {
        let Some((a, b)) = day_month_parts(cell) else { return true };
        slashed = true;
        if a > 12 {
            order = Some(DateOrder::DayFirst);
        } else if b > 12 {
            order = Some(DateOrder::MonthFirst);
        }
        order.is_none()
    });
    if !slashed {
        return Some(DateOrder::YearFirst);
    }
    order
}

/// Whether the first data row's date is `a/b/YYYY` (only then is the date column scanned).
fn first_date_is_day_month(source: &Source<'_>) -> bool {
    let Some(column) = source.mapping.get(ORDER_DATE) else { return false };
    source.sample(&[column], 50).iter().find(|c| !c[0].is_empty()).is_some_and(|c| day_month_parts(&c[0]).is_some())
}

/// The file opened as orders, with the layout's columns and the decisions made from the data.
struct Prepared<'a> {
    source: Source<'a>,
    table: Orders,
    warnings: Vec<Warning>,
    /// Rows of an order may leave its fields blank (Shopify): carry them forward.
    continuation: bool,
    /// Every `a/b/YYYY` date seen could be either order (`date_order_ambiguous`): a stream
    /// looks at more of the file before it decides.
    date_order_guessed: bool,
}

/// Whether rows leave order-level fields to their order's first row: among the first rows, a
/// row with an order id and no customer, e-mail, phone or date.
fn has_continuation_rows(source: &Source<'_>) -> bool {
    let m = &source.mapping;
    let Some(order) = m.get(ORDER_ID) else { return false };
    let keys: Vec<usize> = [CUSTOMER_ID, EMAIL, PHONE].iter().filter_map(|&f| m.get(f)).collect();
    let date = m.get(ORDER_DATE);
    let mut found = false;
    source.scan_rows(CONTINUATION_ROWS, &mut |cell| {
        found = !cell.get(order).is_empty() && (keys.iter().all(|&k| cell.get(k).is_empty()) || date.is_some_and(|d| cell.get(d).is_empty()));
        !found
    });
    found
}

/// Rows looked at for continuation rows (they start with the first multi-line order).
const CONTINUATION_ROWS: usize = 2000;

fn prepare<'a>(bytes: &'a [u8], options: &ReadOptions) -> Result<Prepared<'a>> {
    let detect = |headers: &[String]| profile_columns(detect_profile(headers), headers);
    let mut source = table::open_with(bytes, &ORDERS, options, &detect)?;
    let profile = detect_profile(&source.headers);
    let mut warnings = Vec::new();
    let user_set = |field: usize| options.columns.iter().any(|(f, _)| *f == field);
    let by_profile = |field: usize| source.mapping.get(field).is_some_and(|c| source.mapping.matches.iter().any(|m| m.index == c && m.matched_by == "profile"));
    if !user_set(AMOUNT) && !by_profile(AMOUNT) && amount_is_order_level(&source) {
        let header = source.mapping.get(AMOUNT).map(|c| source.headers[c].trim().to_string()).unwrap_or_default();
        source.mapping.reassign(&ORDERS, AMOUNT, ORDER_TOTAL);
        warnings.push(Warning {
            code: "order_total_not_line_amount",
            message: format!(
                "column \"{header}\" holds each order's total (the same on every line of an order), so it is used to check orders, not as line amounts{}",
                if source.mapping.get(UNIT_PRICE).is_some() { "; line amounts are unit price × quantity" } else { "; with no line prices, each order counts its total once" }
            ),
            line: None,
        });
    }
    source.check_required()?;
    let mut date_order_guessed = false;
    let date_order = match options.date_order.or(profile.and_then(|p| p.date_order)) {
        Some(order) => order,
        None if first_date_is_day_month(&source) => date_order_of(&source).unwrap_or_else(|| {
            date_order_guessed = true;
            warnings.push(Warning {
                code: "date_order_ambiguous",
                message: "every a/b/YYYY date could be month/day or day/month; read as month/day (M/D/YYYY). Check the dates in the summary".into(),
                line: None,
            });
            DateOrder::MonthFirst
        }),
        None => DateOrder::YearFirst,
    };
    let amount_from = if source.mapping.get(AMOUNT).is_some() {
        AmountFrom::Amount
    } else if source.mapping.get(UNIT_PRICE).is_some() {
        AmountFrom::UnitPrice
    } else {
        AmountFrom::OrderTotal
    };
    let continuation = has_continuation_rows(&source);
    Ok(Prepared { source, table: Orders { profile, date_order, amount_from, last_date: Default::default() }, warnings, continuation, date_order_guessed })
}

/// Look at the start of an order CSV without loading it (see [`table::inspect`]): the layout and
/// the decisions from the data are those a load would make on the same bytes.
pub fn inspect(bytes: &[u8], options: &ReadOptions, max_rows: usize, truncated: bool) -> Result<Inspection> {
    let sample = table::sample_of(bytes, truncated);
    let mut prepared = match prepare(sample, options) {
        Ok(p) => p,
        Err(crate::Error::MissingColumn { .. }) => {
            let detect = |headers: &[String]| profile_columns(detect_profile(headers), headers);
            let source = table::open_with(sample, &ORDERS, options, &detect)?;
            let format = detect_profile(&source.headers).map_or("generic", |p| p.name);
            return Ok(table::inspect_source(source, &Orders::default(), max_rows, sample.len(), format));
        }
        Err(e) => return Err(e),
    };
    let format = prepared.table.profile.map_or("generic", |p| p.name);
    prepared.source.warnings.append(&mut prepared.warnings);
    let currency = sample_currency(&prepared.source, prepared.table.profile);
    let mut inspection = table::inspect_source(prepared.source, &prepared.table, max_rows, sample.len(), format);
    inspection.date_order = Some(prepared.table.date_order.name());
    inspection.currency = currency;
    Ok(inspection)
}

/// What an order carries to its continuation rows (Shopify writes its order-level fields on the
/// first row only).
#[derive(Default)]
struct Carry {
    order: Vec<u8>,
    customer: Vec<u8>,
    date: Option<DateTime>,
    cancelled: bool,
}

/// An order's money by kind (rows and order-level columns), to reconcile with its total.
#[derive(Default)]
struct OrderMoney {
    total: Option<f64>,
    first_line: u32,
    by_kind: [f64; 6],
    /// The order's buyer and time, for its order-level money lines (added after the read, when
    /// the order's line discounts are known).
    customer: Vec<u8>,
    day: i32,
    seconds: Option<u32>,
    /// Order-level money columns of the first row: (kind, value), one line each.
    pending: Vec<(LineKind, f64)>,
    line_discounts: f64,
    /// A tax that is a line only when the order total includes it on top (`Money::TaxIfAdded`).
    tax_if_added: f64,
}

impl OrderMoney {
    fn add(&mut self, kind: LineKind, amount: f64) {
        self.by_kind[kind as usize] += amount;
    }
    fn of(&self, kind: LineKind) -> f64 {
        self.by_kind[kind as usize]
    }
    /// The order-level part of a discount column that also holds the line discounts.
    fn order_discount(&self, value: f64) -> f64 {
        -(value.abs() - self.line_discounts).max(0.0)
    }
    /// Whether `tax_if_added` is on top of the order total: the total equals the lines, the
    /// order-level money and the tax, and not the same without the tax.
    fn tax_is_added(&self, pending: &[(LineKind, f64)], coupon_has_line_discounts: bool) -> bool {
        let Some(total) = self.total else { return false };
        let extra: f64 = pending
            .iter()
            .map(|&(kind, value)| match kind {
                LineKind::Discount if coupon_has_line_discounts => self.order_discount(value),
                LineKind::Points => -value.abs(),
                _ => value,
            })
            .sum();
        let without = self.of(LineKind::Product) + self.of(LineKind::Discount) + extra;
        (without + self.tax_if_added - total).abs() <= 1.0 && (without - total).abs() > 1.0
    }
}

/// Load an order-line CSV with default options. `progress` receives the fraction of input read.
pub fn from_csv(bytes: &[u8], options: &ReadOptions, progress: &mut dyn FnMut(f64)) -> Result<Dataset> {
    load(bytes, &OrderOptions { read: options.clone(), ..Default::default() }, progress)
}

/// The column whose amounts are read for money: the line amount, else the unit price, else the
/// order total.
fn money_column(mapping: &Mapping) -> Option<usize> {
    mapping.get(AMOUNT).or_else(|| mapping.get(UNIT_PRICE)).or_else(|| mapping.get(ORDER_TOTAL))
}

/// Where a load takes the amounts' currency from, in this order: the caller's `currency`, the
/// layout's, a currency-code column, else the signs in the money column.
enum CurrencySource {
    Known(String),
    Column(usize),
    Signs(Option<usize>),
}

fn currency_source(option: Option<&str>, profile: Option<&'static Profile>, headers: &Headers, mapping: &Mapping) -> CurrencySource {
    if let Some(code) = option {
        return CurrencySource::Known(code.to_string());
    }
    let column = match profile.map_or(Currency::Unknown, |p| p.currency) {
        Currency::Fixed(code) => return CurrencySource::Known(code.to_string()),
        Currency::Column(header) => headers.position(header),
        Currency::Unknown => GENERIC_CURRENCY_HEADERS.iter().find_map(|h| headers.position(h)),
    };
    column.map_or_else(|| CurrencySource::Signs(money_column(mapping)), CurrencySource::Column)
}

/// The currency a load would report (without a `currency` option), from the start of the file:
/// the layout's, the first code of a currency column, or the first sign in the money column; `None` when none says.
fn sample_currency(source: &Source<'_>, profile: Option<&'static Profile>) -> Option<String> {
    let mut found = None;
    match currency_source(None, profile, &Headers::new(&source.headers), &source.mapping) {
        CurrencySource::Known(code) => return Some(code),
        CurrencySource::Column(col) => source.scan_column(col, &mut |cell| {
            if !crate::text::trim_bytes(cell).is_empty() {
                found = Some(rules::currency_code(cell));
            }
            found.is_none()
        }),
        CurrencySource::Signs(Some(col)) => source.scan_column(col, &mut |cell| {
            found = crate::table::number::currency_sign(cell).map(str::to_string);
            found.is_none()
        }),
        CurrencySource::Signs(None) => {}
    }
    found
}

/// Headers of a currency-code column in files of no known layout (normalised).
const GENERIC_CURRENCY_HEADERS: [&str; 4] = ["currency", "currencycode", "ordercurrency", "通貨"];

const ORDER_LEVEL: [(usize, LineKind); 5] =
    [(SHIPPING, LineKind::Shipping), (FEE, LineKind::Fee), (POINTS, LineKind::Points), (COUPON, LineKind::Discount), (TAX, LineKind::Tax)];

/// Load an order-line CSV. `progress` receives the fraction of input read (0..=1).
pub fn load(bytes: &[u8], options: &OrderOptions, progress: &mut dyn FnMut(f64)) -> Result<Dataset> {
    let Prepared { source, table, warnings: decided, continuation, .. } = prepare(bytes, &options.read)?;
    // ~90 bytes per line in typical exports; reserving avoids most regrowth.
    let mut sink = OrderSink::new(&source, &table, continuation, options, source.text.len() / 80);
    let read = source.read(&table, options.read.on_invalid_row, progress, |line: OrderRow<'_>, number| sink.row(line, number));
    if let Some(e) = sink.fatal.take() {
        return Err(e);
    }
    let outcome = read?;
    let mut warnings = source.warnings.clone();
    warnings.extend(decided);
    sink.finish(outcome, warnings, bytes.len() as u64)
}

/// Bytes of a streamed file buffered before its layout and the decisions from the data
/// (order-level amounts, date order, continuation rows: [`prepare`]) are made on them; a load
/// of a file up to this size is exactly [`load`]. Doubled while every date could be M/D or D/M.
pub const STREAM_PREFIX_BYTES: usize = 16 << 20;

/// An order CSV loaded as it arrives in chunks (`CsvReader` with options): the first
/// [`STREAM_PREFIX_BYTES`] are buffered and the layout decided from them, then every chunk is
/// decoded, split and its rows added as it comes, so the file is never held whole. The result
/// equals [`load`] of the whole file, with two documented limits: the encoding (when detected)
/// and the decisions from the data are made on the first part of the file — the same rows
/// [`load`] looks at unless 5,000 rows are longer than that part.
pub struct OrderStream {
    options: OrderOptions,
    /// The file's size when known (`expectedBytes`): reserves the dataset's columns once.
    expected: Option<usize>,
    /// Buffer this much before deciding.
    decide_at: usize,
    bytes: u64,
    state: StreamState,
    /// The error a `push` failed with: later pushes and `finish` give it again, so a failed
    /// read never ends as a Dataset of the rows before the failure.
    failed: Option<crate::Error>,
}

enum StreamState {
    Buffering(Vec<u8>),
    Reading(Box<StreamReading>),
}

struct StreamReading {
    rows: table::stream::RowStream,
    table: Orders,
    sink: OrderSink,
    /// Warnings of the decisions made on the first part.
    decided: Vec<Warning>,
}

impl StreamReading {
    /// Decode and read the records `chunk` completes (`last`: the end of the file).
    fn feed(&mut self, chunk: &[u8], last: bool) -> Result<()> {
        let StreamReading { rows, table, sink, .. } = self;
        let pushed = rows.push(chunk, last, table, &mut |line: OrderRow<'_>, number| sink.row(line, number));
        match sink.fatal.take() {
            Some(e) => Err(e),
            None => pushed,
        }
    }
}

impl OrderStream {
    pub fn new(options: OrderOptions, expected: Option<usize>) -> OrderStream {
        OrderStream::deciding_at(options, expected, STREAM_PREFIX_BYTES)
    }

    /// As [`OrderStream::new`], deciding after `prefix` bytes instead of [`STREAM_PREFIX_BYTES`]:
    /// for tests and the fuzzer, which read past the decision point without 16 MiB per case.
    #[doc(hidden)]
    pub fn deciding_at(options: OrderOptions, expected: Option<usize>, prefix: usize) -> OrderStream {
        OrderStream { options, expected, decide_at: prefix.max(1), bytes: 0, state: StreamState::Buffering(Vec::new()), failed: None }
    }

    /// Bytes received so far.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// The next chunk of the file.
    pub fn push(&mut self, chunk: &[u8]) -> Result<()> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        let pushed = self.push_chunk(chunk);
        if let Err(e) = &pushed {
            self.failed = Some(e.clone());
        }
        pushed
    }

    fn push_chunk(&mut self, chunk: &[u8]) -> Result<()> {
        self.bytes += chunk.len() as u64;
        if self.bytes > self.options.read.limits.max_bytes {
            return Err(crate::Error::TooLarge { what: "the file".into(), limit: self.options.read.limits.max_bytes });
        }
        match &mut self.state {
            StreamState::Reading(reading) => reading.feed(chunk, false),
            StreamState::Buffering(raw) => {
                raw.try_reserve(chunk.len()).map_err(|_| crate::Error::OutOfMemory { bytes: self.bytes })?;
                raw.extend_from_slice(chunk);
                if raw.len() >= self.decide_at {
                    self.start()?;
                }
                Ok(())
            }
        }
    }

    /// Decide the layout on what was buffered and read it; keep buffering while the date
    /// order is open.
    fn start(&mut self) -> Result<()> {
        let StreamState::Buffering(raw) = &mut self.state else { return Ok(()) };
        let raw = std::mem::take(raw);
        let prepared = prepare(table::sample_of(&raw, true), &self.options.read)?;
        if prepared.date_order_guessed {
            drop(prepared);
            self.decide_at = self.decide_at.saturating_mul(2);
            self.state = StreamState::Buffering(raw);
            return Ok(());
        }
        self.begin(prepared, &raw)
    }

    /// Read from now on with the layout and decisions of `prepared`, starting with `first`
    /// (the file from its first byte).
    fn begin(&mut self, prepared: Prepared<'_>, first: &[u8]) -> Result<()> {
        let Prepared { source, table, warnings: decided, continuation, .. } = prepared;
        let capacity = self.expected.unwrap_or(first.len()) / 80;
        let sink = OrderSink::new(&source, &table, continuation, &self.options, capacity);
        let rows = table::stream::RowStream::new(&source, self.options.read.encoding, self.options.read.on_invalid_row);
        drop(source);
        let mut reading = Box::new(StreamReading { rows, table, sink, decided });
        reading.feed(first, false)?;
        if let Some(total) = self.expected.filter(|&t| t > first.len() && cfg!(target_arch = "wasm32")) {
            projected_fits(reading.sink.builder.size(), first.len(), total)?;
        }
        self.state = StreamState::Reading(reading);
        Ok(())
    }

    /// After the last chunk: the Dataset, as [`load`] gives it for the whole file.
    pub fn finish(self) -> Result<Dataset> {
        if let Some(e) = self.failed {
            return Err(e);
        }
        match self.state {
            StreamState::Buffering(raw) => load(&raw, &self.options, &mut |_| {}),
            StreamState::Reading(mut reading) => {
                reading.feed(&[], true)?;
                let StreamReading { rows, sink, decided, .. } = *reading;
                let (outcome, mut warnings) = rows.finish()?;
                warnings.extend(decided);
                sink.finish(outcome, warnings, self.bytes)
            }
        }
    }
}

/// Refuse a streamed file early when, at the rate of lines and orders of its first part, the
/// whole file's Dataset would not fit WebAssembly's 4 GiB — before the rest is read.
fn projected_fits((lines, orders): (u64, u64), read: usize, total: usize) -> Result<()> {
    const WASM_BYTES: f64 = 4_294_967_296.0;
    let scale = total as f64 / read.max(1) as f64;
    let peak = DatasetBuilder::peak_bytes((lines as f64 * scale) as u64, (orders as f64 * scale) as u64) as f64;
    if peak < WASM_BYTES * 0.95 {
        return Ok(());
    }
    Err(crate::Error::TooLarge {
        what: format!(
            "the Dataset of this {} MB file (about {} million lines at the rate of its first {} MB, needing about {} MB), with WebAssembly's 4 GiB; split the file by period, or aggregate it first (see Warehouse mode),",
            total / 1_000_000,
            (lines as f64 * scale / 1e6).round(),
            read / 1_000_000,
            (peak / 1e6).round()
        )
        .into(),
        limit: WASM_BYTES as u64,
    })
}

/// A money cell: `None` when blank or one of the layout's null words.
fn money_cell(row: &RowView<'_>, column: usize, null_values: &[&str]) -> Option<f64> {
    let cell = row.cell(column);
    if cell.is_empty() || null_values.iter().any(|n| n.as_bytes() == cell) {
        return None;
    }
    table::number::parse_number_bytes(cell)
}

/// What the order rules need to know of one file, fixed before its first row.
struct SinkConfig {
    profile: Option<&'static Profile>,
    excluded: Vec<String>,
    guest_ids: &'static [&'static str],
    salt: String,
    status_rules: bool,
    guests_possible: bool,
    /// Order-level money columns: the generic fields the file maps, and the layout's own.
    order_level: Vec<(usize, Money)>,
    status_columns: Vec<usize>,
    null_values: &'static [&'static str],
    track_orders: bool,
    amount_from_total: bool,
    continuation: bool,
    currency_column: Option<usize>,
    /// With no currency stated anywhere: the money column whose signs (¥, $, €, £, 円) say it.
    sign_column: Option<usize>,
    order_total_column: Option<usize>,
    has_line_discount: bool,
    revenue: RevenueRules,
    /// What the summary says of the source (bytes and currency set at the end).
    info: SourceInfo,
}

/// The cross-row rules of an order load (continuation rows, statuses, guests, order-level money,
/// currency) over the rows of one file, one row at a time: the same for a file in memory
/// ([`load`]) and one streamed in chunks ([`OrderStream`]).
struct OrderSink {
    cfg: SinkConfig,
    builder: DatasetBuilder,
    negative_rows: u64,
    first_negative: Option<u32>,
    carry: Carry,
    guest_kinds: FxHashMap<String, bool>,
    /// Members' e-mail addresses (hash → the member id; emptied when two members share one).
    member_emails: FxHashMap<u64, Vec<u8>>,
    cancelled_orders: FxHashMap<Vec<u8>, ()>,
    money: FxHashMap<Vec<u8>, OrderMoney>,
    guest_key: String,
    carried: Vec<u8>,
    /// The currency: the layout's, or a currency column's codes (one per file, else a warning).
    currency: String,
    other_currency: Option<(u32, String)>,
    /// Rows until the next [`DatasetBuilder::try_reserve`].
    until_reserve: u32,
    /// Set when the dataset could not grow: the load fails with it (rows after it are skipped).
    fatal: Option<crate::Error>,
}

/// Rows between two reservations, and the lines reserved for them (a row can add a line per
/// order-level money column besides its own).
const RESERVE_ROWS: u32 = 4096;
const LINES_PER_ROW: usize = 8;

impl OrderSink {
    fn new(source: &Source<'_>, table: &Orders, continuation: bool, options: &OrderOptions, capacity: usize) -> OrderSink {
        let profile = table.profile;
        let excluded: Vec<String> = match &options.exclude_statuses {
            Some(list) => list.clone(),
            None => rules::EXCLUDED_STATUSES.iter().chain(profile.map_or(&[][..], |p| p.excluded_statuses)).map(|s| s.to_string()).collect(),
        };
        let mapping = &source.mapping;
        let has = |field: usize| mapping.get(field).is_some();
        let mut order_level: Vec<(usize, Money)> = ORDER_LEVEL.iter().filter_map(|&(f, kind)| Some((mapping.get(f)?, Money::Kind(kind)))).collect();
        let headers = Headers::new(&source.headers);
        if let Some(p) = profile {
            order_level.extend(p.money.iter().filter_map(|&(header, money)| Some((headers.position(header)?, money))));
        }
        let (currency, currency_column, sign_column) = match currency_source(options.currency.as_deref(), profile, &headers, mapping) {
            CurrencySource::Known(code) => (code, None, None),
            CurrencySource::Column(col) => (String::new(), Some(col), None),
            CurrencySource::Signs(col) => (String::new(), None, col),
        };
        let cfg = SinkConfig {
            profile,
            excluded,
            guest_ids: profile.map_or(&[][..], |p| p.guest_ids),
            salt: options.guest_salt.as_deref().unwrap_or(rules::DEFAULT_GUEST_SALT).to_string(),
            status_rules: has(ORDER_STATUS) || has(CANCELLED) || profile.is_some_and(|p| !p.status_columns.is_empty()),
            guests_possible: has(EMAIL) || has(PHONE),
            track_orders: !order_level.is_empty() || has(ORDER_TOTAL),
            order_level,
            status_columns: profile.map_or(&[][..], |p| p.status_columns).iter().filter_map(|h| headers.position(h)).collect(),
            null_values: profile.map_or(&[][..], |p| p.null_values),
            amount_from_total: table.amount_from == AmountFrom::OrderTotal,
            continuation,
            currency_column,
            sign_column,
            order_total_column: mapping.get(ORDER_TOTAL),
            has_line_discount: has(LINE_DISCOUNT),
            revenue: options.revenue,
            info: SourceInfo {
                kind: "csv",
                bytes: 0,
                encoding: source.encoding,
                delimiter: source.delimiter_name(),
                columns: mapping.matches.clone(),
                unmapped_headers: mapping.unmapped.clone(),
                amount_source: amount_source(mapping),
                format: profile.map_or("generic", |p| p.name),
                currency: String::new(),
                // E-mail and phone only key guests, hashed with the guest salt.
                pii: table::pii_columns(source, &["email", "phone"]),
            },
        };
        let mut builder = DatasetBuilder::with_capacity(capacity);
        builder.set_revenue_rules(options.revenue);
        OrderSink {
            cfg,
            builder,
            negative_rows: 0,
            first_negative: None,
            carry: Carry::default(),
            guest_kinds: FxHashMap::default(),
            member_emails: FxHashMap::default(),
            cancelled_orders: FxHashMap::default(),
            money: FxHashMap::default(),
            guest_key: String::new(),
            carried: Vec::new(),
            currency,
            other_currency: None,
            until_reserve: 0,
            fatal: None,
        }
    }

    /// One row the orders table accepted: apply the cross-row rules and add its lines.
    fn row(&mut self, line: OrderRow<'_>, number: u32) -> Result<(), Reject> {
        if self.until_reserve == 0 {
            if self.fatal.is_some() {
                return Err((RejectCode::EmptyRow, String::new()));
            }
            if let Err(bytes) = self.builder.try_reserve(RESERVE_ROWS as usize * LINES_PER_ROW) {
                self.fatal = Some(crate::Error::TooLarge {
                    what: format!("the dataset of this file at line {number} (it needs more than the {} MB WebAssembly could still allocate; read it with new CsvReader(size, options), which does not hold the whole file, split it by period, or aggregate it first: see Warehouse mode)", bytes / 1_000_000).into(),
                    limit: u32::MAX as u64,
                });
                return Err((RejectCode::EmptyRow, String::new()));
            }
            self.until_reserve = RESERVE_ROWS;
        }
        self.until_reserve -= 1;
        let OrderSink { cfg: c, builder, negative_rows, first_negative, carry, guest_kinds, member_emails, cancelled_orders, money, guest_key, carried, currency, other_currency, .. } = self;
        let row = line.row;
        if let Some(code) = c.currency_column.map(|col| row.cell(col)).filter(|cell| !cell.is_empty()) {
            if currency.is_empty() {
                *currency = rules::currency_code(code);
            } else if other_currency.is_none() && !code.eq_ignore_ascii_case(currency.as_bytes()) {
                *other_currency = Some((number, rules::currency_code(code)));
            }
        }
        if let Some(code) = c.sign_column.and_then(|col| crate::table::number::currency_sign(row.cell(col))) {
            if currency.is_empty() {
                *currency = code.to_string();
            } else if other_currency.is_none() && code != currency.as_str() {
                *other_currency = Some((number, code.to_string()));
            }
        }
        let continues = c.continuation && line.order.is_some_and(|o| o == carry.order.as_slice());
        // The buyer: the member id, else the carried one, else a guest key from e-mail / phone.
        let member = line.customer.filter(|id| !(c.guests_possible && (*id == b"0" || c.guest_ids.iter().any(|g| g.as_bytes() == *id))));
        let customer: &[u8] = match member {
            Some(id) => id,
            None if continues && !carry.customer.is_empty() && row.non_empty(EMAIL).is_none() && row.non_empty(PHONE).is_none() => {
                carried.clear();
                carried.extend_from_slice(&carry.customer);
                carried
            }
            None => {
                let by_email = row.non_empty(EMAIL).and_then(rules::email_key).map(|k| ("email", k));
                let Some((kind, key)) = by_email.or_else(|| row.non_empty(PHONE).and_then(rules::phone_key).map(|k| ("phone", k))) else {
                    return Err(row.empty(CUSTOMER_ID));
                };
                *guest_key = rules::guest_id(&c.salt, kind, &key);
                guest_kinds.entry(guest_key.clone()).or_insert(kind == "email");
                guest_key.as_bytes()
            }
        };
        let date = match line.date.or(if continues { carry.date } else { None }) {
            Some(d) => d,
            None => return Err(row.empty(ORDER_DATE)),
        };
        let cancelled = if c.status_rules {
            let mut statuses = row.non_empty(ORDER_STATUS).into_iter().chain(c.status_columns.iter().map(|&col| row.cell(col)).filter(|cell| !cell.is_empty())).peekable();
            let by_status = statuses.peek().is_some().then(|| statuses.any(|s| c.excluded.contains(&rules::folded(s))));
            let by_flag = row.non_empty(CANCELLED).map(rules::flag_set);
            match (by_status, by_flag) {
                (None, None) if continues => carry.cancelled,
                (s, f) => s.unwrap_or(false) || f.unwrap_or(false),
            }
        } else {
            false
        };
        // An order's customer never changes (a different one is rejected), so the carry is set
        // once per order.
        if c.continuation && !continues {
            carry.order.clear();
            carry.order.extend_from_slice(line.order.unwrap_or_default());
            carry.customer.clear();
            carry.customer.extend_from_slice(customer);
        }
        carry.date = Some(date);
        carry.cancelled = cancelled;

        // Rows without an order id are orders of their own.
        let first_of_order = c.track_orders && line.order.is_none_or(|o| !money.contains_key(o));
        let order_total = c.order_total_column.and_then(|col| money_cell(&row, col, c.null_values));
        if cancelled {
            // The amount the order would have counted as revenue (its merchandise and discounts).
            let kind = line.kind.or_else(|| line.product.or(line.product_name).and_then(crate::lines::kind_of_product)).unwrap_or_default();
            let counted = if c.revenue.counts(kind) { line.amount } else { 0.0 };
            let x = &mut builder.exclusions;
            x.cancelled_lines += 1;
            x.cancelled_amount += counted + if c.amount_from_total && first_of_order { order_total.unwrap_or(0.0) } else { 0.0 };
            cancelled_orders.insert(line.order.unwrap_or(customer).to_vec(), ());
            if let (true, Some(o)) = (first_of_order, line.order) {
                money.insert(o.to_vec(), OrderMoney { first_line: number, ..Default::default() });
            }
            return Ok(());
        }
        let amount = if c.amount_from_total { if first_of_order { order_total.unwrap_or(0.0) } else { 0.0 } } else { line.amount };
        let input = LineInput {
            customer,
            order: line.order,
            day: date.day,
            seconds: date.seconds,
            product: line.product,
            product_name: line.product_name,
            category: row.non_empty(CATEGORY),
            quantity: line.quantity,
            amount,
            kind: line.kind,
        };
        let pushed = builder.push(&input, number)?;
        if member.is_some() {
            if let Some(key) = row.non_empty(EMAIL).and_then(rules::email_key) {
                match member_emails.entry(rules::guest_hash(&c.salt, "email", &key)) {
                    std::collections::hash_map::Entry::Vacant(v) => {
                        v.insert(customer.to_vec());
                    }
                    std::collections::hash_map::Entry::Occupied(mut o) => {
                        if o.get().as_slice() != customer {
                            o.get_mut().clear();
                        }
                    }
                }
            }
        }
        if amount < 0.0 && matches!(pushed, Pushed::Line { kind: LineKind::Product }) {
            *negative_rows += 1;
            first_negative.get_or_insert(number);
        }
        if c.track_orders {
            let kind = match pushed {
                Pushed::Line { kind } | Pushed::Excluded { kind } => kind,
            };
            let mut pending = Vec::new();
            let mut tax_if_added = 0.0;
            if first_of_order {
                // Order-level shipping / fees / points / coupon / tax: one line each per order.
                for &(column, kind_of_column) in &c.order_level {
                    let Some(value) = money_cell(&row, column, c.null_values).filter(|v| *v != 0.0) else { continue };
                    let kind = match kind_of_column {
                        Money::TaxIfAdded => {
                            tax_if_added += value;
                            continue;
                        }
                        Money::Kind(kind) => kind,
                        Money::Signed if value < 0.0 => LineKind::Discount,
                        Money::Signed => LineKind::Fee,
                    };
                    let value = match kind {
                        LineKind::Discount => -value.abs(),
                        LineKind::Points => value.abs(),
                        _ => value,
                    };
                    pending.push((kind, value));
                }
            }
            let discount = if c.has_line_discount { row.number(LINE_DISCOUNT).ok().flatten().map_or(0.0, f64::abs) } else { 0.0 };
            match line.order {
                Some(order) => match money.get_mut(order) {
                    Some(known) => {
                        known.add(kind, amount);
                        known.line_discounts += discount;
                    }
                    None => {
                        let mut m = OrderMoney {
                            total: order_total,
                            first_line: number,
                            customer: customer.to_vec(),
                            day: date.day,
                            seconds: date.seconds,
                            pending,
                            line_discounts: discount,
                            tax_if_added,
                            ..Default::default()
                        };
                        m.add(kind, amount);
                        money.insert(order.to_vec(), m);
                    }
                },
                // A row without an order id is an order of its own: its money lines go in now.
                None => {
                    for (kind, value) in pending {
                        let extra = LineInput { product: None, product_name: None, category: None, quantity: 1.0, amount: value, kind: Some(kind), ..input };
                        builder.push(&extra, number)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// After the last row: the order-level money lines, the warnings, the exclusions and the
    /// guests, and the Dataset. `warnings`: the reader's and the decisions' so far.
    fn finish(self, outcome: table::Outcome, mut warnings: Vec<Warning>, bytes: u64) -> Result<Dataset> {
        let OrderSink { cfg, mut builder, negative_rows, first_negative, guest_kinds, member_emails, cancelled_orders, mut money, currency, other_currency, .. } = self;
        // Order-level money lines, now that each order's line discounts are known (Shopify's
        // `Discount Amount` already holds the discounts allocated to its lines).
        let coupon_has_line_discounts = cfg.profile.is_some_and(|p| p.coupon_includes_line_discounts);
        let mut orders: Vec<(&Vec<u8>, &mut OrderMoney)> =
            money.iter_mut().filter(|(_, m)| !m.pending.is_empty() || m.tax_if_added != 0.0).collect();
        crate::sort::sort_by_key(&mut orders, |(_, m)| m.first_line);
        for (order, m) in orders {
            let mut lines = std::mem::take(&mut m.pending);
            if m.tax_if_added != 0.0 && m.tax_is_added(&lines, coupon_has_line_discounts) {
                lines.push((LineKind::Tax, m.tax_if_added));
            }
            for (kind, value) in lines {
                let value = if kind == LineKind::Discount && coupon_has_line_discounts { m.order_discount(value) } else { value };
                if value == 0.0 {
                    continue;
                }
                m.add(kind, value);
                let extra = LineInput {
                    customer: &m.customer,
                    order: Some(order),
                    day: m.day,
                    seconds: m.seconds,
                    product: None,
                    product_name: None,
                    category: None,
                    quantity: 1.0,
                    amount: value,
                    kind: Some(kind),
                };
                // The order's own buyer: a conflict cannot arise.
                let _ = builder.push(&extra, m.first_line);
            }
        }
        if negative_rows > 0 {
            warnings.push(Warning {
                code: "negative_amounts",
                message: format!("{negative_rows} {} negative amounts: kept as returns and subtracted from revenue", if negative_rows == 1 { "row has" } else { "rows have" }),
                line: first_negative,
            });
        }
        warnings.extend(outcome.rejected_warning());
        if let Some((line, other)) = other_currency {
            warnings.push(Warning {
                code: "mixed_currencies",
                message: format!("the file has amounts in {currency} and in {other} (first on line {line}); they are added up as they are, without conversion"),
                line: Some(line),
            });
        }
        if cfg.order_total_column.is_some() && !cfg.amount_from_total {
            if let Some(w) = total_mismatches(&money) {
                warnings.push(w);
            }
        }
        // An order counts as cancelled when none of its lines was kept.
        builder.exclusions.cancelled_orders = cancelled_orders.keys().filter(|o| !builder.has_order(o)).count() as u64;
        let info = SourceInfo { bytes, currency, ..cfg.info };
        builder.check_finish_memory()?;
        let mut ds = builder.finish(outcome.rows, outcome.rejected, outcome.rejected_counts, warnings, info);
        ds.guest_salt = cfg.salt;
        let joined: FxHashMap<u64, u32> = if member_emails.is_empty() {
            FxHashMap::default()
        } else {
            let index = ds.customer_ids.index_map();
            member_emails
                .into_iter()
                .filter_map(|(h, member)| match member.is_empty() {
                    true => Some((h, crate::dataset::NONE)),
                    false => std::str::from_utf8(&member).ok().and_then(|m| index.get(m)).map(|&c| (h, c)),
                })
                .collect()
        };
        ds.member_emails = joined;
        // Guests with a kept order (a guest whose only order was cancelled is no customer).
        for id in ds.customer_ids.iter() {
            match guest_kinds.get(id) {
                Some(true) => ds.exclusions.guests_by_email += 1,
                Some(false) => ds.exclusions.guests_by_phone += 1,
                None => {}
            }
        }
        Ok(ds)
    }
}

#[cfg(test)]
mod stream_tests;

/// `total_mismatch`: orders whose lines and order-level money do not add up to the order total
/// under any usual composition (with or without shipping, fees and tax; before or after points).
fn total_mismatches(money: &FxHashMap<Vec<u8>, OrderMoney>) -> Option<Warning> {
    let (mut count, mut first) = (0u64, None::<u32>);
    for m in money.values() {
        let Some(total) = m.total else { continue };
        let merch = m.of(LineKind::Product) + m.of(LineKind::Discount);
        let charges = m.of(LineKind::Shipping) + m.of(LineKind::Fee);
        let tax = m.of(LineKind::Tax);
        let points = m.of(LineKind::Points).abs();
        let fits = [merch, merch + charges, merch + charges + tax, merch + tax]
            .iter()
            .any(|&sum| (sum - total).abs() <= 1.0 || (sum - points - total).abs() <= 1.0);
        if !fits {
            count += 1;
            first = Some(first.map_or(m.first_line, |f| f.min(m.first_line)));
        }
    }
    (count > 0).then(|| Warning {
        code: "total_mismatch",
        message: format!("{count} orders' lines do not add up to their order total (with or without shipping, fees, tax and points); check the line prices and quantities"),
        line: first,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use crate::table::header::{check_required, missing_fields, suggest_mapping};
    use crate::table::{ColumnOverride, InvalidRowPolicy};

    fn load(text: &str) -> Result<Dataset> {
        from_csv(text.as_bytes(), &ReadOptions::default(), &mut |_| {})
    }

    #[test]
    fn line_numbers_with_blank_lines_crlf_and_quoted_newlines() {
        let csv = "customer_id,order_date,amount,note\r\n\
                   A,2024-01-01,100,x\r\n\
                   \r\n\
                   B,bad,100,x\r\n\
                   C,2024-01-02,100,\"multi\nline\nnote\"\r\n\
                   D,2024-01-03,zzz,x\r\n\
                   E,2024-01-04,5,\"a,b\"\"c\"\n\
                   F,2024-01-05,7,x";
        let ds = load(csv).unwrap();
        assert_eq!(ds.rows, 6);
        let lines: Vec<u32> = ds.rejected.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![4, 8]);
        assert_eq!(ds.rejected[0].code, RejectCode::BadDate);
        assert_eq!(ds.rejected[1].code, RejectCode::BadAmount);
        assert_eq!(ds.lines(), 4);
    }

    #[test]
    fn amount_from_quantity_and_unit_price() {
        let ds = load("会員ID,注文日,数量,単価\nA,2024/1/1,3,\"1,200\"\nA,2024/1/1,,500\n").unwrap();
        assert_eq!(ds.source.amount_source, "quantity*unitPrice");
        assert_eq!(ds.order_amount, vec![4100.0]);
    }

    #[test]
    fn error_policy_names_the_line() {
        let opts = ReadOptions { on_invalid_row: InvalidRowPolicy::Error, ..Default::default() };
        let err = from_csv(b"customer_id,order_date,amount\nA,2024-01-01,1\nB,2024-02-30,1\n", &opts, &mut |_| {}).unwrap_err();
        assert_eq!(err.line(), Some(3));
        assert!(err.to_string().starts_with("line 3: cannot read the date \"2024-02-30\""), "{err}");
    }

    #[test]
    fn header_only_and_all_bad() {
        assert_eq!(load("customer_id,order_date,amount\n").unwrap_err(), Error::NoDataRows);
        assert_eq!(load("\n\r\n").unwrap_err(), Error::EmptyInput);
        let err = load("customer_id,order_date,amount\nA,x,1\n").unwrap_err();
        assert!(matches!(err, Error::NoValidRows { rows: 1, .. }), "{err}");
    }

    #[test]
    fn trailing_empty_fields_and_empty_rows() {
        let ds = load("customer_id,order_date,amount\nA,2024-01-01,1,,\n,,\nB,2024-01-01\n").unwrap();
        assert_eq!(ds.rows, 3);
        assert_eq!(ds.rejected.iter().map(|r| (r.line, r.code)).collect::<Vec<_>>(), vec![(3, RejectCode::EmptyRow), (4, RejectCode::FieldCount)]);
    }

    fn map(headers: &[String], overrides: &[(usize, ColumnOverride)]) -> Result<Mapping> {
        let mapping = suggest_mapping(&ORDERS, headers, overrides, &[])?;
        check_required(&ORDERS, &mapping, headers)?;
        Ok(mapping)
    }

    fn headers(s: &str) -> Vec<String> {
        s.split(',').map(String::from).collect()
    }

    #[test]
    fn japanese_headers() {
        let m = map(&headers("注文番号,顧客ID,購入日,商品コード,商品名,カテゴリ,数量,単価,金額"), &[]).unwrap();
        assert_eq!(m.get(ORDER_ID), Some(0));
        assert_eq!(m.get(CUSTOMER_ID), Some(1));
        assert_eq!(m.get(ORDER_DATE), Some(2));
        assert_eq!(m.get(PRODUCT_ID), Some(3));
        assert_eq!(m.get(PRODUCT_NAME), Some(4));
        assert_eq!(m.get(CATEGORY), Some(5));
        assert_eq!(m.get(QUANTITY), Some(6));
        assert_eq!(m.get(UNIT_PRICE), Some(7));
        assert_eq!(m.get(AMOUNT), Some(8));
        assert!(m.unmapped.is_empty());
    }

    #[test]
    fn online_retail_headers() {
        // Column names of the UCI "Online Retail" data set.
        let m = map(&headers("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country"), &[]).unwrap();
        assert_eq!(m.get(ORDER_ID), Some(0));
        assert_eq!(m.get(PRODUCT_ID), Some(1));
        assert_eq!(m.get(PRODUCT_NAME), Some(2));
        assert_eq!(m.get(ORDER_DATE), Some(4));
        assert_eq!(m.get(UNIT_PRICE), Some(5));
        assert_eq!(m.get(CUSTOMER_ID), Some(6));
        assert_eq!(m.unmapped, vec!["Country".to_string()]);
    }

    #[test]
    fn specific_names_win_over_generic_ones() {
        let m = map(&headers("date,order_date,customer_id,total,amount"), &[]).unwrap();
        assert_eq!(m.get(ORDER_DATE), Some(1));
        assert_eq!(m.get(AMOUNT), Some(4));
    }

    #[test]
    fn overrides_and_errors() {
        let h = headers("会員,日,売上額");
        let m = map(
            &h,
            &[(CUSTOMER_ID, "会員".into()), (ORDER_DATE, "日".into()), (AMOUNT, "売上額".into())],
        )
        .unwrap();
        assert_eq!(m.get(AMOUNT), Some(2));
        assert_eq!(m.matches[0].matched_by, "option");
        let err = map(&h, &[]).unwrap_err();
        assert!(matches!(err, Error::MissingColumn { option: "customerId", .. }), "{err}");
        assert!(err.to_string().contains("\"会員\""), "{err}");
        let err = map(&h, &[(CUSTOMER_ID, "nope".into())]).unwrap_err();
        assert!(err.to_string().contains("columns.customerId = \"nope\""), "{err}");
        let err = map(&h, &[(CUSTOMER_ID, "会員".into()), (ORDER_ID, "会員".into())]).unwrap_err();
        assert_eq!(err.option().as_deref(), Some("columns.orderId"), "{err}");
    }

    #[test]
    fn skip_override_unsets_an_auto_match_and_missing_fields_are_listed() {
        let h = headers("顧客ID,購入日,カテゴリ,金額");
        let m = suggest_mapping(&ORDERS, &h, &[(CATEGORY, ColumnOverride::Skip)], &[]).unwrap();
        assert_eq!(m.get(CATEGORY), None);
        assert_eq!(m.unmapped, vec!["カテゴリ".to_string()]);
        assert!(missing_fields(&ORDERS, &m).is_empty());
        let m = suggest_mapping(&ORDERS, &h, &[(AMOUNT, ColumnOverride::Skip), (ORDER_DATE, ColumnOverride::Skip)], &[]).unwrap();
        assert_eq!(missing_fields(&ORDERS, &m), vec![ORDER_DATE, AMOUNT]);
        assert!(matches!(check_required(&ORDERS, &m, &h), Err(Error::MissingColumn { option: "orderDate", .. })));
    }
}
