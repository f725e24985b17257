//! Property tests (issue 17): random order files — random customers, dates, amounts, products and
//! order ids, written with hostile mutations (stray quotes, blank lines, rows of empty fields,
//! wrong field counts, bad dates, bad numbers, LF / CRLF / mixed line ends, a UTF-8 BOM, Shift_JIS
//! with the Japanese header aliases, `,` / tab / `;` delimiters, columns in any order) — and the
//! invariants every analysis promises on whatever such a file loads into.
//!
//! Each generated file carries its own model: which physical line each record starts on and
//! whether the loader must accept it, reject it, or (in the one case the README leaves open) may
//! do either. A failing case prints the file's text (as UTF-8, before any Shift_JIS encoding).
//!
//! The configuration is fixed (64 cases a property, no failure files written anywhere).

#[path = "support/csv_reference.rs"]
mod csv_reference;
use crmkit::cohort::{cohorts, Metric, Period};
use crmkit::options::clv::ClvInput;
use crmkit::options::cohorts::CohortInput;
use crmkit::options::recommend::RecommendInput;
use crmkit::options::segments::{MembersInput, RfmInput};
use crmkit::options::{OneOrMany, Value};
use crmkit::segments::rfm::{rfm, NO_SEGMENT};
use crmkit::Dataset;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::strategy::{Union, ValueTree};
use proptest::test_runner::TestRunner;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;

const CASES: u32 = 64;

fn config() -> ProptestConfig {
    ProptestConfig { cases: CASES, failure_persistence: None, max_shrink_iters: 50_000, ..ProptestConfig::default() }
}

// ---------------------------------------------------------------------------------------------
// The generated shop and its file
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Col {
    Customer,
    Date,
    Order,
    ProductId,
    ProductName,
    Quantity,
    Amount,
    Status,
}

impl Col {
    /// English and Japanese headers, all recognised aliases (src/ingest/mod.rs, `ORDERS`).
    fn header(self, japanese: bool) -> &'static str {
        match (self, japanese) {
            (Col::Customer, false) => "customer_id",
            (Col::Customer, true) => "顧客ID",
            (Col::Date, false) => "order_date",
            (Col::Date, true) => "購入日",
            (Col::Order, false) => "order_id",
            (Col::Order, true) => "注文番号",
            (Col::ProductId, false) => "product_id",
            (Col::ProductId, true) => "商品コード",
            (Col::ProductName, false) => "product_name",
            (Col::ProductName, true) => "商品名",
            (Col::Quantity, false) => "quantity",
            (Col::Quantity, true) => "数量",
            (Col::Amount, false) => "amount",
            (Col::Amount, true) => "金額",
            (Col::Status, false) => "status",
            (Col::Status, true) => "対応状況",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Utf8Bom,
    ShiftJis,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Eol {
    Lf,
    Crlf,
    /// Each line ends in LF or CRLF at random.
    Mixed,
}

/// How the file is written.
#[derive(Clone, Debug)]
struct Spec {
    japanese: bool,
    encoding: Encoding,
    eol: Eol,
    trailing_eol: bool,
    delimiter: u8,
    columns: Vec<Col>,
    /// Integer yen amounts (else amounts with at most 2 decimals).
    yen: bool,
    /// No cell needs quoting (no quote character anywhere): the file may then carry one stray
    /// opening quote whose fate the README states exactly (it never closes).
    plain: bool,
}

/// What a generator may put in a file.
#[derive(Clone, Copy, Debug)]
struct Gen {
    /// Bad rows, blank lines, rows of empty fields, stray quotes.
    hostile: bool,
    /// Shipping lines (`送料`) and a status column with cancelled orders.
    cart_rules: bool,
    /// Always a product id or name column.
    products: bool,
    /// Orders per file.
    orders: (usize, usize),
    /// Most customers per file.
    customers: usize,
    /// Each customer buys a few times from their own first day on, then stops, at a spend level
    /// of their own (the heterogeneity and churn the BTYD models are fitted to); else every order
    /// is a random customer's on a random day of 2020–2026.
    clustered: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mutation {
    None,
    BadDate(usize),
    BadAmount(usize),
    BadQuantity,
    MissingCustomer,
    /// A non-empty field more than the header has.
    ExtraField,
    /// The last field left off.
    DropField,
    /// Empty fields after the last one: documented as accepted (`trailing_empty_fields…` test).
    TrailingEmpty(usize),
}

const BAD_DATES: [&str; 5] = ["2024-02-30", "someday", "2023/13/01", "20241301", "2021年2月29日"];
const BAD_AMOUNTS: [&str; 6] = ["12,50", "abc", "1e999", "¥", "--5", "1.2.3"];

#[derive(Clone, Debug)]
struct LineGen {
    product: Index,
    quantity: u32,
    /// Minor units: yen, or cents.
    minor: i64,
    date_format: u8,
    amount_format: u8,
    mutation: Mutation,
    blank_before: bool,
    empty_row_before: bool,
    crlf: bool,
}

#[derive(Clone, Debug)]
struct OrderGen {
    customer: Index,
    ymd: (i32, u32, u32),
    time: Option<(u32, u32)>,
    /// 0 = empty, 1 = shipped, 2 = cancelled.
    status: u8,
    lines: Vec<LineGen>,
}

/// Per customer: id kind; for clustered files, the first purchase day (days after 2020-01-01),
/// the days between purchases, a spend level and (loyalty, pace).
type CustomerGen = (u8, i32, Vec<i32>, u8, (u8, u8));

#[derive(Clone, Debug)]
struct ShopGen {
    customers: Vec<CustomerGen>,
    /// (id kind, name prefix, name base, shipping) per product.
    products: Vec<(u8, u8, u8, bool)>,
    orders: Vec<OrderGen>,
    stray: Option<(Index, Index)>,
}

/// What the loader must do with one record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    Accept,
    Reject,
    /// The README leaves it open (a stray quote with no line after it).
    Either,
}

/// One record of the file, in file order.
#[derive(Clone, Debug)]
struct Record {
    /// 1-based line it starts on (the header is line 1; a quoted newline counts as a line).
    line: u32,
    expect: Expect,
    /// Minor units this record adds to revenue when accepted (0 for cancelled or shipping lines,
    /// rows of empty fields and rejected rows).
    revenue_minor: i64,
}

#[derive(Clone)]
struct Case {
    spec: Spec,
    text: String,
    bytes: Vec<u8>,
    records: Vec<Record>,
    customer_ids: Vec<String>,
    product_ids: Vec<String>,
}

impl fmt::Debug for Case {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{:?}", self.spec)?;
        writeln!(f, "file text ({} bytes as written{}):", self.bytes.len(), if self.spec.encoding == Encoding::ShiftJis { ", shown before Shift_JIS encoding" } else { "" })?;
        writeln!(f, "{:?}", self.text)?;
        for line in self.text.split_inclusive('\n') {
            writeln!(f, "    | {}", line.trim_end_matches(['\n', '\r']))?;
        }
        Ok(())
    }
}

impl Case {
    fn scale(&self) -> i64 {
        if self.spec.yen {
            1
        } else {
            100
        }
    }
}

fn weighted(weight: f64) -> BoxedStrategy<bool> {
    proptest::bool::weighted(weight).boxed()
}

fn spec_strategy(g: Gen) -> impl Strategy<Value = Spec> {
    let optional = prop::collection::vec(any::<bool>(), 5);
    // Column order: the columns sorted by a random key each (shrinks to the order below).
    let keys = prop::collection::vec(0u8..8, 8);
    (
        any::<bool>(),
        prop_oneof![Just(Encoding::Utf8), Just(Encoding::Utf8Bom), Just(Encoding::ShiftJis)],
        prop_oneof![Just(Eol::Lf), Just(Eol::Crlf), Just(Eol::Mixed)],
        any::<bool>(),
        prop_oneof![4 => Just(b','), 1 => Just(b'\t'), 1 => Just(b';')],
        optional,
        any::<bool>(),
        weighted(if g.hostile { 0.3 } else { 0.0 }),
        any::<Index>(),
        keys,
    )
        .prop_map(move |(japanese, encoding, eol, trailing_eol, delimiter, optional, yen, plain, product_column, keys)| {
            let mut columns = vec![Col::Customer, Col::Date, Col::Amount];
            let extra = [Col::Order, Col::ProductId, Col::ProductName, Col::Quantity, Col::Status];
            for (c, on) in extra.iter().zip(&optional) {
                if *on && (*c != Col::Status || g.cart_rules || !g.hostile) {
                    columns.push(*c);
                }
            }
            if g.products && !columns.contains(&Col::ProductId) && !columns.contains(&Col::ProductName) {
                columns.push([Col::ProductId, Col::ProductName][product_column.index(2)]);
            }
            let mut keyed: Vec<(u8, Col)> = columns.into_iter().enumerate().map(|(i, c)| (keys[i], c)).collect();
            keyed.sort_by_key(|x| x.0);
            let columns = keyed.into_iter().map(|x| x.1).collect();
            Spec { japanese, encoding, eol, trailing_eol, delimiter, columns, yen, plain }
        })
}

/// Mutations of one row. (`BadQuantity` and `MissingCustomer` are turned into others where the
/// file cannot carry them: see [`effective`].)
fn mutation_strategy(g: Gen) -> BoxedStrategy<Mutation> {
    if !g.hostile {
        return Just(Mutation::None).boxed();
    }
    let arms: Vec<(u32, BoxedStrategy<Mutation>)> = vec![
        (24, Just(Mutation::None).boxed()),
        (2, (0..BAD_DATES.len()).prop_map(Mutation::BadDate).boxed()),
        (2, (0..BAD_AMOUNTS.len()).prop_map(Mutation::BadAmount).boxed()),
        (1, Just(Mutation::ExtraField).boxed()),
        (1, Just(Mutation::DropField).boxed()),
        (1, (1usize..=2).prop_map(Mutation::TrailingEmpty).boxed()),
        (1, Just(Mutation::BadQuantity).boxed()),
        (1, Just(Mutation::MissingCustomer).boxed()),
    ];
    Union::new_weighted(arms).boxed()
}

/// The mutation as this file can carry it: a bad quantity needs a quantity column, and with an
/// order id a row without a customer may be a continuation row of its order
/// (docs/cart-exports.md), so only files without order ids get rows with a missing customer.
fn effective(m: Mutation, spec: &Spec) -> Mutation {
    match m {
        Mutation::BadQuantity if !spec.columns.contains(&Col::Quantity) => Mutation::BadAmount(1),
        Mutation::MissingCustomer if spec.columns.contains(&Col::Order) => Mutation::BadDate(1),
        m => m,
    }
}

fn line_strategy(g: Gen) -> impl Strategy<Value = LineGen> {
    // In cents (yen files use a hundredth of it). Large and small amounts; the small ones (cents
    // such as 0.10 and 0.20, or a few yen) are where binary floating point and decimal money
    // part ways first.
    let minor = prop_oneof![6 => 0..=5_000_000i64, 1 => -500_000i64..0, 2 => 1..=300i64, 1 => prop_oneof![Just(0i64), Just(1), Just(100)]];
    (
        any::<Index>(),
        1u32..=5,
        minor,
        0u8..4,
        0u8..5,
        mutation_strategy(g),
        weighted(if g.hostile { 0.1 } else { 0.0 }),
        weighted(if g.hostile { 0.05 } else { 0.0 }),
        any::<bool>(),
    )
        .prop_map(|(product, quantity, minor, date_format, amount_format, mutation, blank_before, empty_row_before, crlf)| LineGen {
            product,
            quantity,
            minor,
            date_format,
            amount_format,
            mutation,
            blank_before,
            empty_row_before,
            crlf,
        })
}

fn order_strategy(g: Gen) -> impl Strategy<Value = OrderGen> {
    (
        any::<Index>(),
        (2020i32..=2026, 1u32..=12, 1u32..=28),
        prop::option::weighted(0.2, (0u32..24, 0u32..60)),
        if g.cart_rules { prop_oneof![3 => Just(0u8), 2 => Just(1u8), 1 => Just(2u8)].boxed() } else { prop_oneof![Just(0u8), Just(1u8)].boxed() },
        prop::collection::vec(line_strategy(g), 1..=3),
    )
        .prop_map(|(customer, ymd, time, status, lines)| OrderGen { customer, ymd, time, status, lines })
}

fn case_strategy(g: Gen) -> impl Strategy<Value = Case> {
    // Spec and shop are drawn independently (no flat_map), so failures shrink well.
    let shop = (
        prop::collection::vec((0u8..10, 0i32..2200, prop::collection::vec(1i32..=60, if g.clustered { 0..16 } else { 0..1 }), 0u8..5, (0u8..4, 0u8..4)), 1..=g.customers),
        prop::collection::vec((0u8..3, 0u8..6, 0u8..8, weighted(if g.cart_rules { 0.15 } else { 0.0 })), 1..=8),
        prop::collection::vec(order_strategy(g), g.orders.0..=g.orders.1),
        // Used by plain files only.
        prop::option::weighted(0.8, (any::<Index>(), any::<Index>())),
    )
        .prop_map(|(customers, products, orders, stray)| ShopGen { customers, products, orders, stray });
    (spec_strategy(g), shop).prop_map(move |(spec, shop)| render(spec, g, shop))
}

/// Customer id of kind `kind` for customer `i` (unique per customer; no id ends in `.0`, which
/// Excel's re-saved numbers lose).
fn customer_id(kind: u8, i: usize, plain: bool) -> String {
    let id = match kind {
        0..=2 => format!("C{i}"),
        3 => format!("{}", 100 + i),
        4 => format!("=1+{i}"),
        5 => format!("-{i}"),
        6 => format!("@u{i}"),
        7 => format!("a,b{i}"),
        8 => format!("q\"t{i}"),
        _ => format!("顧客{i}"),
    };
    if plain && id.contains([',', '"', ';', '\t']) {
        format!("C{i}")
    } else {
        id
    }
}

fn product_id(kind: u8, i: usize, shipping: bool) -> String {
    match (shipping, kind) {
        (true, _) => format!("SHIP{i}"),
        (_, 0 | 1) => format!("P{i}"),
        _ => format!("=P{i}"),
    }
}

fn product_name(prefix: u8, base: u8, i: usize, shipping: bool, plain: bool) -> String {
    if shipping {
        return "送料".into();
    }
    let prefix = ["", "", "=", "+", "-", "@"][prefix as usize % 6];
    let base = ["Item", "化粧水", "Soap, large", "He said \"hi\"", "two\nlines", "a;b", "=HYPERLINK(\"x\")", "Tab\there"][base as usize % 8];
    let base = if plain && base.contains([',', '"', ';', '\t', '\n']) { "Item" } else { base };
    format!("{prefix}{base} {i}")
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An amount as EC exports write it (src/table/number.rs): plain, with thousands separators, with
/// a yen or dollar sign, with 円, or with the accounting minus ▲.
fn money_text(minor: i64, scale: i64, format: u8) -> String {
    let negative = minor < 0;
    let a = minor.unsigned_abs();
    let (int, frac) = (a / scale as u64, a % scale as u64);
    let int = if format == 0 { int.to_string() } else { group_thousands(int) };
    let body = if scale == 1 { int } else { format!("{int}.{frac:02}") };
    let sign = if negative { "-" } else { "" };
    match format {
        0 | 1 => format!("{sign}{body}"),
        2 => format!("{sign}¥{body}"),
        3 if scale == 1 => format!("{sign}{body}円"),
        3 => format!("{sign}${body}"),
        _ if negative => format!("▲{body}"),
        _ => body,
    }
}

fn date_text(y: i32, m: u32, d: u32, time: Option<(u32, u32)>, format: u8) -> String {
    if let Some((h, min)) = time {
        return format!("{y:04}-{m:02}-{d:02} {h:02}:{min:02}:00");
    }
    match format {
        0 => format!("{y:04}-{m:02}-{d:02}"),
        1 => format!("{y}/{m}/{d}"),
        2 => format!("{y:04}{m:02}{d:02}"),
        _ => format!("{y}年{m}月{d}日"),
    }
}

fn needs_quotes(cell: &str, delimiter: u8) -> bool {
    cell.contains(['"', '\n', '\r']) || cell.as_bytes().contains(&delimiter)
}

fn quote(cell: &str) -> String {
    format!("\"{}\"", cell.replace('"', "\"\""))
}

/// Write the shop as a file, with the model of every record.
fn render(spec: Spec, g: Gen, shop: ShopGen) -> Case {
    let mut shop = shop;
    if !spec.plain {
        shop.stray = None;
    }
    for line in shop.orders.iter_mut().flat_map(|o| o.lines.iter_mut()) {
        line.mutation = effective(line.mutation, &spec);
        if spec.yen {
            line.minor /= 100;
        }
    }
    // The first order is always a good purchase (its first line is good, none of its lines is
    // negative): every file loads and has a customer to score.
    {
        let first = &mut shop.orders[0];
        if first.status == 2 {
            first.status = 1;
        }
        first.lines[0].mutation = Mutation::None;
        for line in &mut first.lines {
            line.minor = line.minor.abs();
        }
    }
    // …and of merchandise: the first product is never a shipping line.
    shop.products[0].3 = false;
    let customer_ids: Vec<String> = shop.customers.iter().enumerate().map(|(i, c)| customer_id(c.0, i, spec.plain)).collect();
    // Clustered files: customer c's purchases are the next 1 + gaps orders of the list, on their
    // first day and after each gap, at their spend level; then they stop. Orders left over are
    // not written.
    let mut plan: Vec<(usize, (i32, u32, u32))> = shop.orders.iter().map(|o| (o.customer.index(customer_ids.len()), o.ymd)).collect();
    if g.clustered {
        plan.clear();
        for (c, (_, start, gaps, level, (loyalty, pace))) in shop.customers.iter().enumerate() {
            let mut day = crmkit::dates::days_from_civil(2020, 1, 1) + start;
            // Customers differ in how long they stay (loyalty) and how often they buy (pace).
            let repeats = gaps.len() >> loyalty;
            for k in 0..=repeats {
                if plan.len() == shop.orders.len() {
                    break;
                }
                if k > 0 {
                    day += gaps[k - 1] << pace;
                }
                let o = plan.len();
                let unit = 1000 * if spec.yen { 1 } else { 100 };
                for lg in &mut shop.orders[o].lines {
                    lg.minor = lg.minor.signum().max(if o == 0 { 1 } else { -1 }) * (2 + *level as i64) * (unit + lg.minor.abs() % unit);
                }
                plan.push((c, crmkit::dates::civil_from_days(day)));
            }
        }
        shop.orders.truncate(plan.len());
    }
    let products: Vec<(String, String, bool)> = shop
        .products
        .iter()
        .enumerate()
        .map(|(i, &(kind, prefix, base, shipping))| {
            (product_id(kind, i, shipping), product_name(prefix, base, i, shipping, spec.plain), shipping)
        })
        .collect();
    // A shipping line is one only when the file names it (src/dataset/mod.rs, `product_of`).
    let names_in_file = spec.columns.contains(&Col::ProductName);
    let scale: i64 = if spec.yen { 1 } else { 100 };
    let d = spec.delimiter as char;
    let eol = |crlf: bool| match spec.eol {
        Eol::Lf => "\n",
        Eol::Crlf => "\r\n",
        Eol::Mixed => {
            if crlf {
                "\r\n"
            } else {
                "\n"
            }
        }
    };
    let total_rows: usize = shop.orders.iter().map(|o| o.lines.len()).sum();
    // The stray quote: one row (never the first good one) and one of its fields.
    let stray = shop.stray.filter(|_| total_rows > 1).map(|(row, field)| (1 + row.index(total_rows - 1), field));

    let mut text = String::new();
    let header: Vec<&str> = spec.columns.iter().map(|c| c.header(spec.japanese)).collect();
    text.push_str(&header.join(&d.to_string()));
    text.push_str(eol(false));
    let mut line = 2u32;
    let mut records = Vec::new();
    let mut row_index = 0usize;
    let mut stray_record: Option<usize> = None;
    for (o, order) in shop.orders.iter().enumerate() {
        let (customer, (y, m, dd)) = plan[o];
        for lg in &order.lines {
            let last_row = row_index + 1 == total_rows;
            if lg.blank_before {
                text.push_str(eol(lg.crlf));
                line += 1;
            }
            if lg.empty_row_before {
                text.push_str(&d.to_string().repeat(spec.columns.len() - 1));
                text.push_str(eol(lg.crlf));
                records.push(Record { line, expect: Expect::Reject, revenue_minor: 0 });
                line += 1;
            }
            let p = if row_index == 0 { 0 } else { lg.product.index(products.len()) };
            let (pid, pname, shipping) = &products[p];
            let bad = !matches!(lg.mutation, Mutation::None | Mutation::TrailingEmpty(_));
            let mut cells: Vec<String> = spec
                .columns
                .iter()
                .map(|c| match c {
                    Col::Customer if lg.mutation == Mutation::MissingCustomer => String::new(),
                    Col::Customer => customer_ids[customer].clone(),
                    Col::Date => match lg.mutation {
                        Mutation::BadDate(k) => BAD_DATES[k].to_string(),
                        _ => date_text(y, m, dd, order.time, lg.date_format),
                    },
                    Col::Order => format!("{}{o}", ["O", "#", "=A", ""][o % 4]),
                    Col::ProductId => pid.clone(),
                    // A bad row keeps its name on one line: a multi-line quoted field in a row
                    // that does not read is, by design, a suspected stray quote when its second
                    // line has the header's field count (src/table/mod.rs), which would make the
                    // model's record count wrong for a reason the README states.
                    Col::ProductName if bad => pname.replace('\n', " "),
                    Col::ProductName => pname.clone(),
                    Col::Quantity if lg.mutation == Mutation::BadQuantity => "x2".into(),
                    Col::Quantity => lg.quantity.to_string(),
                    Col::Amount => match lg.mutation {
                        Mutation::BadAmount(k) => {
                            let bad = BAD_AMOUNTS[k];
                            if spec.plain && bad.as_bytes().contains(&spec.delimiter) {
                                "12.50.0".into()
                            } else {
                                bad.into()
                            }
                        }
                        _ => {
                            let t = money_text(lg.minor, scale, lg.amount_format);
                            if spec.plain && t.as_bytes().contains(&spec.delimiter) {
                                money_text(lg.minor, scale, 0)
                            } else {
                                t
                            }
                        }
                    },
                    Col::Status => match (order.status, spec.japanese) {
                        (0, _) => String::new(),
                        (1, true) => "発送済み".into(),
                        (1, false) => "shipped".into(),
                        (_, true) => "キャンセル".into(),
                        (_, false) => "cancelled".into(),
                    },
                })
                .map(|cell| if needs_quotes(&cell, spec.delimiter) { quote(&cell) } else { cell })
                .collect();
            match lg.mutation {
                Mutation::ExtraField => cells.push("extra".into()),
                Mutation::DropField => {
                    cells.pop();
                }
                Mutation::TrailingEmpty(k) => cells.extend(std::iter::repeat_n(String::new(), k)),
                _ => {}
            }
            let mut expect = if bad { Expect::Reject } else { Expect::Accept };
            if let Some((r, field)) = stray {
                if r == row_index {
                    let k = field.index(cells.len());
                    debug_assert!(!cells[k].starts_with('"'));
                    cells[k].insert(0, '"');
                    expect = Expect::Reject;
                    stray_record = Some(records.len());
                }
            }
            let record = cells.join(&d.to_string());
            let cancelled = spec.columns.contains(&Col::Status) && order.status == 2;
            let counts = expect == Expect::Accept && !cancelled && !(*shipping && names_in_file);
            records.push(Record { line, expect, revenue_minor: if counts { lg.minor } else { 0 } });
            line += 1 + record.matches('\n').count() as u32;
            text.push_str(&record);
            if !last_row || spec.trailing_eol {
                text.push_str(eol(lg.crlf));
            }
            row_index += 1;
        }
    }
    // A stray quote with no record after it: the README does not say (it runs to the end of the
    // file either way).
    if let Some(s) = stray_record {
        if s + 1 == records.len() {
            records[s].expect = Expect::Either;
        }
    }
    let bytes = match spec.encoding {
        Encoding::Utf8 => text.clone().into_bytes(),
        Encoding::Utf8Bom => {
            let mut b = "\u{FEFF}".as_bytes().to_vec();
            b.extend_from_slice(text.as_bytes());
            b
        }
        Encoding::ShiftJis => {
            let (encoded, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
            assert!(!unmappable, "the generator only writes Shift_JIS characters: {text:?}");
            encoded.into_owned()
        }
    };
    Case { spec, text, bytes, records, customer_ids, product_ids: products.into_iter().map(|p| p.0).collect() }
}

fn load(case: &Case) -> Result<Dataset, TestCaseError> {
    crmkit::ingest::load(&case.bytes, &Default::default(), &mut |_| {}).map_err(|e| TestCaseError::fail(format!("the file does not load: {e}")))
}

const HOSTILE: Gen = Gen { hostile: true, cart_rules: true, products: false, orders: (1, 24), customers: 10, clustered: false };
const HOSTILE_PRODUCTS: Gen = Gen { hostile: true, cart_rules: false, products: true, orders: (1, 24), customers: 10, clustered: false };

// ---------------------------------------------------------------------------------------------
// A reference CSV reader for the exports (csv-core), and the writer's conventions undone
// ---------------------------------------------------------------------------------------------

/// Parse an export: it must start with a UTF-8 BOM, be UTF-8, and end every record with CRLF.
fn parse_export(bytes: &[u8]) -> Vec<Vec<String>> {
    let body = bytes.strip_prefix("\u{FEFF}".as_bytes()).expect("an export starts with a UTF-8 BOM");
    assert!(body.is_empty() || body.ends_with(b"\r\n"), "an export ends its last record with CRLF");
    csv_reference::with_csv_core(body, b',')
        .into_iter()
        .map(|fields| fields.into_iter().map(|f| String::from_utf8(f).expect("an export is UTF-8")).collect())
        .collect()
}

/// A text cell as written: the exporter puts `'` before a leading `=`, `+`, `-`, `@`, tab or CR
/// (src/export.rs). (A text that itself starts with `'` and then one of those cannot be told
/// apart from a neutralised one; the generator writes none.)
fn text_cell(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

/// A number cell: empty for NaN (src/export.rs).
fn number_cell(cell: &str) -> f64 {
    if cell.is_empty() {
        f64::NAN
    } else {
        cell.parse().unwrap_or_else(|_| panic!("number cell {cell:?}"))
    }
}

fn same_number(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || a == b
}

/// A purchase order: net amount ≥ 0 (README, "Returns").
fn purchase(ds: &Dataset, o: usize) -> bool {
    ds.order_amount[o] >= 0.0
}

// ---------------------------------------------------------------------------------------------
// 1. Row accounting
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    /// Every record of the file is one row, and blank lines are none (README, "Every row is
    /// accounted for"; src/table/split.rs: empty lines are not records). So `rows` equals the
    /// records the file was written with — rows of empty fields included, rejected as
    /// `empty_row` — and the rejected rows are exactly the bad ones: each good row is accepted,
    /// each bad one (bad date / amount / quantity, missing customer, a field too many or too few,
    /// the line a never-closed stray quote opens on) is listed with the line it starts on, the
    /// header being line 1 and quoted newlines counting as lines. Rows after a stray quote are
    /// read as rows. Trailing empty fields are accepted.
    #[test]
    fn rows_are_the_records_of_the_file_and_the_bad_ones_are_rejected(case in case_strategy(HOSTILE)) {
        let ds = load(&case)?;
        prop_assert_eq!(ds.rows, case.records.len() as u64, "rows read vs records written");
        let rejected: Vec<u32> = ds.rejected.iter().map(|r| r.line).collect();
        prop_assert!(rejected.windows(2).all(|w| w[0] < w[1]), "rejected lines in file order, each once: {:?}", rejected);
        let starts: BTreeSet<u32> = case.records.iter().map(|r| r.line).collect();
        let rejected_set: BTreeSet<u32> = rejected.iter().copied().collect();
        for r in &ds.rejected {
            prop_assert!(starts.contains(&r.line), "rejected line {} ({}: {}) is no record's first line", r.line, r.code.as_str(), r.reason);
        }
        for r in &case.records {
            match r.expect {
                Expect::Accept => prop_assert!(!rejected_set.contains(&r.line), "good row on line {} was rejected: {:?}", r.line, ds.rejected.iter().find(|x| x.line == r.line)),
                Expect::Reject => prop_assert!(rejected_set.contains(&r.line), "bad row on line {} was accepted", r.line),
                Expect::Either => {}
            }
        }
    }

    /// `summary()` keeps the same books: `rows = rowsAccepted + rowsRejected` (README, metric
    /// `rows`: rows the cart-export rules leave out — cancelled orders, shipping lines — are
    /// accepted rows), and `rowsAccepted` is the number of rows the file's model accepts.
    #[test]
    fn summary_rows_are_accepted_plus_rejected(case in case_strategy(HOSTILE)) {
        let ds = load(&case)?;
        let s = crmkit::summary::summary(&ds);
        prop_assert_eq!(s.rows, ds.rows);
        prop_assert_eq!(s.rows_rejected, ds.rejected.len() as u64);
        prop_assert_eq!(s.rows, s.rows_accepted + s.rows_rejected, "rows = rowsAccepted + rowsRejected ({} accepted, {} rejected)", s.rows_accepted, s.rows_rejected);
        let sure = case.records.iter().filter(|r| r.expect == Expect::Accept).count() as u64;
        let maybe = case.records.iter().filter(|r| r.expect == Expect::Either).count() as u64;
        prop_assert!(s.rows_accepted >= sure && s.rows_accepted <= sure + maybe, "rowsAccepted {} vs {} good rows (+{} either way)", s.rows_accepted, sure, maybe);
    }
}

// ---------------------------------------------------------------------------------------------
// 2. RFM scores
// ---------------------------------------------------------------------------------------------

/// Three strictly increasing lists of 9 cut points (recency days, frequency, monetary).
fn cuts_strategy() -> impl Strategy<Value = [Vec<f64>; 3]> {
    let axis = |step: f64| prop::collection::vec(1u32..=40, 9).prop_map(move |steps| steps.iter().scan(0.0, |acc, &s| { *acc += s as f64 * step; Some(*acc) }).collect::<Vec<f64>>());
    (axis(30.0), axis(1.0), axis(2000.0)).prop_map(|(r, f, m)| [r, f, m])
}

proptest! {
    #![proptest_config(config())]

    /// For every bins in 2..=10 and both methods, every scored customer's R, F and M scores are
    /// in 1..=bins, and the customers not scored are exactly those without a purchase order
    /// before `asOf` (segment 255, scores 0; README "Segments"). Quantile scores are bins of the
    /// scored values; fixed scores are 1 + the cut points passed, with bins − 1 cut points: both
    /// are within 1..=bins by construction, whatever the values (returns, ties, one customer).
    #[test]
    fn rfm_scores_are_within_1_to_bins(case in case_strategy(HOSTILE), cuts in cuts_strategy()) {
        let ds = load(&case)?;
        let as_of = ds.as_of(None).expect("orders");
        let has_purchase: Vec<bool> = (0..ds.customers()).map(|c| ds.customer_orders(c).any(|o| purchase(&ds, o) && ds.order_date[o] < as_of)).collect();
        for bins in 2u32..=10 {
            let axis = |a: usize| Value::Array(cuts[a][..bins as usize - 1].iter().map(|&v| Value::Number(v)).collect());
            let inputs = [
                Value::object([("bins", Value::Number(bins as f64))]),
                Value::object([("method", Value::str("fixed")), ("thresholds", Value::object([("recency", axis(0)), ("frequency", axis(1)), ("monetary", axis(2))]))]),
            ];
            for input in &inputs {
                let params = crmkit::options::read::<RfmInput>(Some(input), "rfm").and_then(|i| i.check("")).expect("valid options");
                prop_assert_eq!(params.bins as u32, bins);
                let r = rfm(&ds, &params).map_err(|e| TestCaseError::fail(format!("rfm {input:?}: {e}")))?;
                prop_assert_eq!(r.customers_scored as usize, has_purchase.iter().filter(|&&b| b).count());
                for (c, &scored) in has_purchase.iter().enumerate() {
                    let scores = (r.r_score[c], r.f_score[c], r.m_score[c]);
                    if scored {
                        let ok = |s: u8| (1..=bins as u8).contains(&s);
                        prop_assert!(ok(scores.0) && ok(scores.1) && ok(scores.2), "customer {} scores {:?} outside 1..={} ({:?})", ds.customer_ids.get(c as u32), scores, bins, input);
                        prop_assert!(r.segment[c] != NO_SEGMENT);
                    } else {
                        prop_assert_eq!(scores, (0, 0, 0));
                        prop_assert_eq!(r.segment[c], NO_SEGMENT);
                    }
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 3. Cohort retention
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    /// Retention (metric `customers`) for day (a year of periods), week (Monday and Sunday
    /// starts), month and quarter, in both modes: every observed cell's rate is a share of the cohort, so in [0, 1];
    /// period 0 is exactly 1 (a cohort is the period of its members' first purchase); a cell is
    /// NaN exactly when it lies after the last order's period or its cohort is empty; rolling
    /// ("active in k or later") never rises with k and is never below the period rate; the
    /// average curve is in [0, 1] (src/cohort.rs).
    #[test]
    fn retention_rates_are_within_0_and_1(case in case_strategy(HOSTILE)) {
        let ds = load(&case)?;
        let last_day = ds.last_date().expect("orders");
        for (period, week_start) in [("day", None), ("week", Some("monday")), ("week", Some("sunday")), ("month", None), ("quarter", None)] {
            let mut both = Vec::new();
            for mode in ["period", "rolling"] {
                // Daily cohorts over 2020–2026 are more cells than `cohorts` builds (MAX_CELLS, a
                // documented TOO_LARGE): a year of periods, as a daily chart shows.
                let max_periods = (period == "day").then_some(366);
                let input = CohortInput { period: Some(period.into()), mode: Some(mode.into()), week_start: week_start.map(String::from), max_periods, ..Default::default() };
                let params = input.check().expect("valid options");
                prop_assert_eq!(params.metric, Metric::Customers);
                let r = cohorts(&ds, &params).map_err(|e| TestCaseError::fail(format!("cohorts {period} {mode}: {e}")))?;
                let m = &r.overall;
                let n_periods = r.periods.len();
                prop_assert_eq!(m.rates.len(), m.cohorts.len() * n_periods);
                let last_period = params.period.index(last_day);
                let first_cohort = first_cohort_index(&ds, params.period);
                for (row, cohort) in m.cohorts.iter().enumerate() {
                    for k in 0..n_periods {
                        let rate = m.rates[row * n_periods + k];
                        let future = first_cohort + row as i32 + k as i32 > last_period;
                        if future || cohort.size == 0 {
                            prop_assert!(rate.is_nan(), "{} {} cohort {} period {}: {} where no value is observed", period, mode, cohort.label, k, rate);
                            continue;
                        }
                        prop_assert!((0.0..=1.0).contains(&rate), "{} {} cohort {} (size {}) period {}: rate {}", period, mode, cohort.label, cohort.size, k, rate);
                        if k == 0 {
                            prop_assert_eq!(rate, 1.0, "{} {} cohort {} period 0", period, mode, &cohort.label);
                        }
                        if mode == "rolling" && k > 0 {
                            let before = m.rates[row * n_periods + k - 1];
                            prop_assert!(rate <= before, "rolling rate rises: {} then {}", before, rate);
                        }
                    }
                }
                for (k, a) in m.average.iter().enumerate() {
                    prop_assert!(a.is_nan() || (0.0..=1.0).contains(a), "{} {} average[{}] = {}", period, mode, k, a);
                }
                both.push(m.rates.clone());
            }
            for (p, r) in both[0].iter().zip(&both[1]) {
                prop_assert!(p.is_nan() == r.is_nan() && (p.is_nan() || p <= r), "{} period rate {} above rolling {}", period, p, r);
            }
        }
    }
}

/// The cohort index of the earliest first purchase (the first matrix row).
fn first_cohort_index(ds: &Dataset, period: Period) -> i32 {
    (0..ds.customers()).filter_map(|c| ds.customer_orders(c).find(|&o| purchase(ds, o)).map(|o| period.index(ds.order_date[o]))).min().expect("a purchase")
}

// ---------------------------------------------------------------------------------------------
// 4. Recommendations: exclusions and k
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    /// For random k, strategy, `excludePurchased`, `excludeItems` and `candidateItems`: no
    /// customer is recommended an excluded item, an item outside the candidates, or — with
    /// `excludePurchased` — an item they bought (a product line of amount ≥ 0 in one of their
    /// purchase orders: src/recommend/mod.rs, `affinity`). Each list has at most k distinct items
    /// ranked 1, 2, …; a list shorter than k holds every popular item (bought by anyone) the
    /// customer may be shown, since the list is filled from the popular ones (module docs).
    #[test]
    fn excluded_items_are_never_recommended_and_k_is_respected(
        case in case_strategy(HOSTILE_PRODUCTS),
        k in 1u32..=12,
        strategy in prop_oneof![Just("itemItem"), Just("repurchase"), Just("blend")],
        exclude_purchased in any::<bool>(),
        excluded in prop::collection::vec(any::<Index>(), 0..4),
        candidates in prop::option::weighted(0.3, prop::collection::vec(any::<Index>(), 1..6)),
    ) {
        let ds = load(&case)?;
        prop_assume!(ds.products() > 0);
        let pick = |ix: &Index| ds.product_ids.get(ix.index(ds.products()) as u32).to_string();
        let exclude_items: Vec<String> = excluded.iter().map(pick).collect();
        let candidate_items: Option<Vec<String>> = candidates.as_ref().map(|v| v.iter().map(pick).collect());
        let exclude_purchased = exclude_purchased && strategy != "repurchase";
        let input = RecommendInput {
            k: Some(k),
            strategy: Some(strategy.into()),
            exclude_purchased: Some(exclude_purchased),
            exclude_items: Some(exclude_items.clone()),
            candidate_items: candidate_items.clone(),
            ..Default::default()
        };
        let params = input.check().expect("valid options");
        let r = crmkit::recommend::recommend(&ds, &params).map_err(|e| TestCaseError::fail(format!("recommend: {e}")))?;
        let id = |i: u32| ds.product_ids.get(i).to_string();
        let excluded: HashSet<String> = exclude_items.into_iter().collect();
        let candidates: Option<HashSet<String>> = candidate_items.map(|v| v.into_iter().collect());
        let mut popular = BTreeSet::new();
        let mut bought: Vec<BTreeSet<u32>> = vec![BTreeSet::new(); ds.customers()];
        for (c, items) in bought.iter_mut().enumerate() {
            for o in ds.customer_orders(c).filter(|&o| purchase(&ds, o)) {
                for l in ds.order_lines(o) {
                    if ds.line_product[l] != u32::MAX && ds.line_amount[l] >= 0.0 {
                        items.insert(ds.line_product[l]);
                        popular.insert(ds.line_product[l]);
                    }
                }
            }
        }
        let mut lists: Vec<Vec<(u32, u16)>> = vec![Vec::new(); ds.customers()];
        for x in 0..r.item_index.len() {
            lists[r.customer_index[x] as usize].push((r.item_index[x], r.rank[x]));
            prop_assert!(r.score[x].is_finite(), "score {}", r.score[x]);
        }
        for (c, list) in lists.iter().enumerate() {
            let who = ds.customer_ids.get(c as u32);
            prop_assert!(list.len() <= k as usize, "customer {}: {} items for k = {}", who, list.len(), k);
            let ranks: Vec<u16> = list.iter().map(|x| x.1).collect();
            prop_assert_eq!(ranks, (1..=list.len() as u16).collect::<Vec<_>>(), "ranks of customer {}", who);
            let items: BTreeSet<u32> = list.iter().map(|x| x.0).collect();
            prop_assert_eq!(items.len(), list.len(), "customer {} gets an item twice: {:?}", who, list);
            let may_show = |i: u32| !excluded.contains(&id(i)) && candidates.as_ref().is_none_or(|s| s.contains(&id(i))) && !(exclude_purchased && bought[c].contains(&i));
            for &i in &items {
                prop_assert!(may_show(i), "customer {} is recommended {:?} (excluded {:?}, candidates {:?}, bought {:?}, excludePurchased {})", who, id(i), excluded, candidates, bought[c].iter().map(|&b| id(b)).collect::<Vec<_>>(), exclude_purchased);
            }
            if list.len() < k as usize {
                for &i in popular.iter().filter(|&&i| may_show(i)) {
                    prop_assert!(items.contains(&i), "customer {}: {} items for k = {}, but popular item {:?} may be shown and is not", who, list.len(), k, id(i));
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 5. CLV outputs
// ---------------------------------------------------------------------------------------------

/// On any dataset the models accept (small data allowed), every customer with a purchase up to
/// `calibrationEnd` gets P(alive) and churn risk in [0, 1] (probabilities), expected purchases
/// finite and ≥ 0 (an expectation of a count), a finite, positive expected order value and a
/// finite CLV; the others get NaN (src/clv/mod.rs). A dataset it refuses is refused with
/// INSUFFICIENT_DATA or NOT_CONVERGED, never another error. Not vacuous: at least a quarter of
/// the cases must fit.
#[test]
fn clv_outputs_are_finite_and_probabilities_are_probabilities() {
    let gen = Gen { hostile: true, cart_rules: true, products: false, orders: (200, 600), customers: 200, clustered: true };
    let strategy = (
        case_strategy(gen),
        prop_oneof![Just("week"), Just("day")],
        1u32..=720,
        0.0f64..0.2,
        1u32..=365,
        prop::option::weighted(0.3, 1u32..=120),
        prop_oneof![3 => Just(0.0), 1 => Just(0.001)],
    );
    let fitted = std::cell::Cell::new(0u32);
    let mut runner = TestRunner::new(config());
    let outcome = runner.run(&strategy, |(case, unit, horizon_days, discount_rate, predict_days, holdout_days, penalizer)| {
        let ds = load(&case)?;
        let input = ClvInput {
            unit: Some(unit.into()),
            horizon_days: Some(horizon_days),
            discount_rate: Some(discount_rate),
            predict_days: Some(predict_days),
            holdout_days,
            penalizer: Some(penalizer),
            allow_small_data: Some(true),
            ..Default::default()
        };
        let params = input.check().expect("valid options");
        let r = match crmkit::clv::clv(&ds, &params) {
            Ok(r) => r,
            Err(e) => {
                prop_assert!(matches!(e.code(), "INSUFFICIENT_DATA" | "NOT_CONVERGED"), "clv failed with {}: {}", e.code(), e);
                return Ok(());
            }
        };
        fitted.set(fitted.get() + 1);
        prop_assert_eq!(r.p_alive.len(), ds.customers());
        for c in 0..ds.customers() {
            let who = ds.customer_ids.get(c as u32);
            let v = (r.p_alive[c], r.expected_purchases[c], r.expected_value[c], r.clv[c], r.churn_risk[c]);
            if r.frequency[c].is_nan() {
                prop_assert!(v.0.is_nan() && v.1.is_nan() && v.2.is_nan() && v.3.is_nan() && v.4.is_nan(), "customer {} without a summary has values {:?}", who, v);
                continue;
            }
            prop_assert!((0.0..=1.0).contains(&v.0), "customer {}: P(alive) = {}", who, v.0);
            prop_assert!(v.1.is_finite() && v.1 >= 0.0, "customer {}: expected purchases = {}", who, v.1);
            prop_assert!(v.2.is_finite() && v.2 > 0.0, "customer {}: expected order value = {}", who, v.2);
            prop_assert!(v.3.is_finite(), "customer {}: CLV = {}", who, v.3);
            prop_assert!((0.0..=1.0).contains(&v.4), "customer {}: churn risk = {}", who, v.4);
        }
        Ok(())
    });
    if let Err(e) = outcome {
        panic!("{e}");
    }
    eprintln!("clv: {} of {CASES} datasets fitted", fitted.get());
    assert!(fitted.get() >= CASES / 4, "only {} of {CASES} generated datasets were fitted: the property says too little", fitted.get());
}

// ---------------------------------------------------------------------------------------------
// 6. Exports re-parse to the values
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    /// Every CSV export — rejected rows, the segment target list, recommendations, the
    /// due-to-reorder list — read back with csv-core (BOM stripped, the `'` before a formula
    /// character undone on text cells, empty number cells as NaN) gives exactly the values of the
    /// result it was written from: ids and names with commas, quotes, newlines, tabs and a leading
    /// `=`, `+`, `-` or `@`, every number to the bit (src/export.rs: RFC 4180, shortest round-trip
    /// numbers).
    #[test]
    fn exports_reparse_to_the_same_values(case in case_strategy(HOSTILE_PRODUCTS)) {
        let ds = load(&case)?;

        // Rejected rows.
        let rows = parse_export(&crmkit::export::rejected_csv(&ds));
        prop_assert_eq!(&rows[0], &vec!["line".to_string(), "code".into(), "reason".into()]);
        prop_assert_eq!(rows.len() - 1, ds.rejected.len());
        for (row, r) in rows[1..].iter().zip(&ds.rejected) {
            prop_assert_eq!(row.len(), 3);
            prop_assert_eq!(number_cell(&row[0]), r.line as f64);
            prop_assert_eq!(text_cell(&row[1]), r.code.as_str());
            prop_assert_eq!(text_cell(&row[2]), r.reason.as_str());
        }

        // The segment target list: every customer in a decile.
        let selector = MembersInput { decile: Some(OneOrMany::Many((1..=10).collect())), ..Default::default() };
        let params = selector.check().expect("valid selector");
        let (bytes, count) = crmkit::segments::members::segment_members(&ds, &params).map_err(|e| TestCaseError::fail(format!("segmentMembers: {e}")))?;
        let r = rfm(&ds, &params.rfm).expect("rfm");
        let cpm = crmkit::segments::cpm::cpm(&ds, &params.cpm).expect("cpm");
        let deciles = crmkit::segments::decile::deciles(&ds, &params.deciles).expect("deciles");
        let rows = parse_export(&bytes);
        prop_assert_eq!(rows[0].join(","), "customer_id,rfm_segment,recency_days,frequency,monetary,r_score,f_score,m_score,cpm_group,decile,first_purchase,last_purchase");
        let selected: Vec<usize> = (0..ds.customers()).filter(|&c| deciles.decile[c] != 0).collect();
        prop_assert_eq!(rows.len() - 1, selected.len());
        prop_assert_eq!(count as usize, selected.len());
        let as_of = ds.as_of(None).expect("orders");
        for (row, &c) in rows[1..].iter().zip(&selected) {
            prop_assert_eq!(row.len(), 12);
            prop_assert_eq!(text_cell(&row[0]), ds.customer_ids.get(c as u32));
            prop_assert!(case.customer_ids.iter().any(|id| id == text_cell(&row[0])), "exported id {:?} is none of the file's", row[0]);
            let segment = r.segments.iter().find(|s| s.id == r.segment[c]).map_or("", |s| s.key.as_str());
            prop_assert_eq!(text_cell(&row[1]), segment);
            prop_assert!(same_number(number_cell(&row[2]), r.recency[c]), "recency {:?} vs {}", row[2], r.recency[c]);
            prop_assert_eq!(number_cell(&row[3]), r.frequency[c] as f64);
            prop_assert_eq!(number_cell(&row[4]), r.monetary[c], "monetary {:?}", &row[4]);
            for (cell, score) in row[5..8].iter().zip([r.r_score[c], r.f_score[c], r.m_score[c]]) {
                let want = if score == 0 { f64::NAN } else { score as f64 };
                prop_assert!(same_number(number_cell(cell), want), "score cell {:?} vs {}", cell, score);
            }
            let group = crmkit::segments::cpm::GROUP_NAMES.get(cpm.group[c] as usize).map_or("", |g| g.0);
            prop_assert_eq!(text_cell(&row[8]), group);
            prop_assert_eq!(number_cell(&row[9]), deciles.decile[c] as f64);
            let days: Vec<i32> = ds.customer_orders(c).filter(|&o| purchase(&ds, o) && ds.order_date[o] < as_of).map(|o| ds.order_date[o]).collect();
            prop_assert_eq!(text_cell(&row[10]), days.first().map(|&d| crmkit::dates::format_date(d)).unwrap_or_default());
            prop_assert_eq!(text_cell(&row[11]), days.last().map(|&d| crmkit::dates::format_date(d)).unwrap_or_default());
        }

        // Recommendations.
        let params = RecommendInput { k: Some(5), ..Default::default() }.check().expect("valid options");
        let rec = crmkit::recommend::recommend(&ds, &params).map_err(|e| TestCaseError::fail(format!("recommend: {e}")))?;
        let rows = parse_export(&crmkit::recommend::recommendations_csv(&ds, &rec));
        prop_assert_eq!(rows[0].join(","), "customer_id,rank,product_id,product_name,score,source");
        prop_assert_eq!(rows.len() - 1, rec.item_index.len());
        for (x, row) in rows[1..].iter().enumerate() {
            let item = rec.item_index[x];
            prop_assert_eq!(row.len(), 6);
            prop_assert_eq!(text_cell(&row[0]), ds.customer_ids.get(rec.customer_index[x]));
            prop_assert_eq!(number_cell(&row[1]), rec.rank[x] as f64);
            prop_assert_eq!(text_cell(&row[2]), ds.product_ids.get(item));
            prop_assert_eq!(text_cell(&row[3]), &*ds.product_names[item as usize]);
            prop_assert!(same_number(number_cell(&row[4]), rec.score[x]), "score {:?} vs {}", row[4], rec.score[x]);
            prop_assert_eq!(text_cell(&row[5]), if rec.popularity[x] == 1 { "popularity" } else { "item-item" });
        }

        // Due to reorder: every item with a reorder interval, a ten-year window.
        let due_params = crmkit::products::reorder::DueParams { min_intervals: 1, window: 3650, overdue: 3650, ..Default::default() };
        let due = crmkit::products::reorder::due_to_reorder(&ds, &due_params).map_err(|e| TestCaseError::fail(format!("dueToReorder: {e}")))?;
        let rows = parse_export(&crmkit::products::reorder::due_csv(&due));
        prop_assert_eq!(rows[0].join(","), "customer_id,product,product_name,purchases,last_purchase,median_interval_days,due_date,days_until_due");
        prop_assert_eq!(rows.len() - 1, due.rows.len());
        for (row, d) in rows[1..].iter().zip(&due.rows) {
            prop_assert_eq!(row.len(), 8);
            prop_assert_eq!(text_cell(&row[0]), d.customer_id.as_str());
            prop_assert_eq!(text_cell(&row[1]), d.item.as_str());
            prop_assert!(case.product_ids.iter().any(|id| id == text_cell(&row[1])) || !case.spec.columns.contains(&Col::ProductId));
            prop_assert_eq!(text_cell(&row[2]), d.name.as_str());
            prop_assert_eq!(number_cell(&row[3]), d.purchases as f64);
            prop_assert_eq!(text_cell(&row[4]), d.last_purchase.as_str());
            prop_assert_eq!(number_cell(&row[5]), d.median_interval);
            prop_assert_eq!(text_cell(&row[6]), d.due.as_str());
            prop_assert_eq!(number_cell(&row[7]), d.days_until_due as f64);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 7. Money totals
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    /// Amounts written with at most 2 decimals (or whole yen) add up exactly: `revenue` is the
    /// net sum of the accepted merchandise lines (README metric `revenue`; cancelled orders and
    /// shipping lines are not revenue), computed here in i64 minor units. It must equal that sum
    /// to the minor unit, and be exactly the f64 nearest to it (`cents / 100.0`), whatever the
    /// order of the lines: a sum of decimal amounts is a decimal amount.
    #[test]
    fn revenue_is_the_exact_sum_of_the_amounts(case in case_strategy(HOSTILE)) {
        let ds = load(&case)?;
        let s = crmkit::summary::summary(&ds);
        let scale = case.scale();
        prop_assume!(case.records.iter().all(|r| r.expect != Expect::Either));
        let expected: i64 = case.records.iter().map(|r| r.revenue_minor).sum();
        prop_assert_eq!((s.revenue * scale as f64).round() as i64, expected, "revenue {} vs {} minor units", s.revenue, expected);
        prop_assert_eq!(s.revenue, expected as f64 / scale as f64, "revenue {:?} is not exactly {} / {}", s.revenue, expected, scale);
    }
}

/// The generator itself: its files use every knob (so the properties above are not vacuous).
#[test]
fn the_generator_writes_every_kind_of_file() {
    let mut runner = TestRunner::new(ProptestConfig { cases: 1, failure_persistence: None, ..ProptestConfig::default() });
    let strategy = case_strategy(HOSTILE);
    let mut seen: HashMap<&'static str, u32> = HashMap::new();
    for _ in 0..400 {
        let case = strategy.new_tree(&mut runner).expect("a case").current();
        let mut mark = |k: &'static str, on: bool| {
            if on {
                *seen.entry(k).or_default() += 1;
            }
        };
        mark("shift_jis", case.spec.encoding == Encoding::ShiftJis && !case.text.is_ascii());
        mark("bom", case.spec.encoding == Encoding::Utf8Bom);
        mark("crlf", case.text.contains("\r\n"));
        mark("japanese", case.spec.japanese);
        mark("stray", case.spec.plain && case.text.contains('"'));
        mark("quoted newline", case.text.contains("two\nlines"));
        mark("blank line", case.text.contains("\n\n") || case.text.contains("\n\r\n"));
        mark("reject", case.records.iter().any(|r| r.expect == Expect::Reject));
        mark("cancelled", case.text.contains("キャンセル") || case.text.contains("cancelled"));
        mark("shipping", case.text.contains("送料"));
        mark("tab", case.spec.delimiter == b'\t');
        mark("decimals", !case.spec.yen);
    }
    for k in ["shift_jis", "bom", "crlf", "japanese", "stray", "quoted newline", "blank line", "reject", "cancelled", "shipping", "tab", "decimals"] {
        assert!(seen.get(k).copied().unwrap_or(0) >= 4, "the generator rarely writes {k}: {seen:?}");
    }
}
