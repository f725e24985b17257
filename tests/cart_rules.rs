//! The cart-export rules of `docs/cart-exports.md` on small hand-made files; every expected
//! number is worked out in the comment above its test.

use crmkit::ingest::{load, OrderOptions};
use crmkit::summary::summary;
use crmkit::dates::DateOrder;
use crmkit::{Dataset, ReadOptions};

fn read(csv: &str) -> Dataset {
    load(csv.as_bytes(), &OrderOptions::default(), &mut |_| {}).unwrap_or_else(|e| panic!("{e}"))
}

/// A generic Japanese export: status column, order total repeated on every line, 送料 lines,
/// a guest (empty member id) keyed by e-mail.
/// - o1 (A, 01-05): 化粧水 2 × 1,500 + 乳液 1 × 2,000 = 5,000; 送料 600 (not revenue).
/// - o2 (B, 01-06): キャンセル → excluded (lines 3,000).
/// - o3 (guest x@y.jp, 01-07): 美容液 1 × 4,000; 送料 600.
/// - o4 (A, 02-01): 化粧水 1 × 1,500.
///
/// Revenue 5,000 + 4,000 + 1,500 = 10,500; 3 purchase orders; customers A and the guest (B's
/// only order is cancelled); shipping 1,200 in two lines; 合計 is order-level (repeated on every line).
#[test]
fn generic_status_order_total_shipping_and_guests() {
    let csv = "注文番号,会員ID,メールアドレス,注文日,対応状況,商品名,数量,単価,合計\n\
               o1,A,a@example.jp,2024-01-05,発送済み,化粧水,2,1500,5600\n\
               o1,A,a@example.jp,2024-01-05,発送済み,乳液,1,2000,5600\n\
               o1,A,a@example.jp,2024-01-05,発送済み,送料,1,600,5600\n\
               o2,B,b@example.jp,2024-01-06,キャンセル,化粧水,2,1500,3000\n\
               o3,,X@Y.jp,2024-01-07,発送済み,美容液,1,4000,4600\n\
               o3,,X@Y.jp,2024-01-07,発送済み,送料,1,600,4600\n\
               o4,A,a@example.jp,2024-02-01,新規受付,化粧水,1,1500,1500\n";
    let ds = read(csv);
    let s = summary(&ds);
    assert_eq!((s.customers, s.orders, s.revenue), (2, 3, 10_500.0));
    assert_eq!(s.source.amount_source, "quantity*unitPrice");
    assert!(s.source.columns.iter().any(|c| c.field == "orderTotal" && c.header == "合計"), "{:?}", s.source.columns);
    let x = &s.exclusions;
    assert_eq!((x.cancelled_orders, x.cancelled_lines, x.cancelled_amount), (1, 1, 3_000.0));
    assert_eq!((x.non_product_lines, x.shipping_amount), (2, 1_200.0));
    assert_eq!(x.guests_by_email, 1);
    assert!(ds.customer_ids.iter().all(|id| !id.contains('@')), "no address is kept");
    assert!(ds.product_ids.iter().all(|p| p != "送料"), "送料 is not a product");
    assert_eq!(s.rows, 7);
    assert_eq!(s.rows_rejected, 0);
}

/// Shopify's layout: order-level fields on the first row of an order only.
/// - #1001 (a@x.com, 2024-03-01): 2 × 1,000 + 1 × 500 (discount 100 on that line) = 2,400;
///   Shipping 800, Taxes 240 added on top (out of revenue). Discount Amount 100 is the order's total discount,
///   which in Shopify's export already includes the 100 allocated to the Towel line, so nothing
///   more comes off: revenue 2,400. Subtotal 2,400 (after discounts), Total 2,400 + 800 + 240 = 3,440.
/// - #1002 (b@x.com): refunded → excluded (1 × 3,000).
/// - #1003 (a@x.com, 2024-04-01): 1 × 1,000.
///
/// Revenue 2,400 + 1,000 = 3,400; 2 orders; 1 customer (guest by e-mail).
#[test]
fn shopify_continuation_rows() {
    let csv = "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem compare at price,Lineitem sku,Lineitem requires shipping,Lineitem taxable,Lineitem fulfillment status,Cancelled at,Lineitem discount\n\
               #1001,a@x.com,paid,2024-03-01 10:00:00 +0900,fulfilled,,no,JPY,2400,800,240,3440,SPRING,100,Standard,2024-03-01 09:59:00 +0900,2,Soap,1000,,S1,true,true,fulfilled,,0\n\
               #1001,,,,,,,,,,,,,,,,1,Towel,500,,T1,true,true,fulfilled,,100\n\
               #1002,b@x.com,refunded,2024-03-02 10:00:00 +0900,,,no,JPY,3000,0,300,3300,,0,Standard,2024-03-02 09:00:00 +0900,1,Lamp,3000,,L1,true,true,,,0\n\
               #1003,a@x.com,paid,2024-04-01 10:00:00 +0900,,,no,JPY,1000,0,100,1100,,0,Standard,2024-04-01 09:00:00 +0900,1,Soap,1000,,S1,true,true,,,0\n";
    let ds = read(csv);
    let s = summary(&ds);
    assert_eq!(s.source.format, "shopify");
    assert_eq!((s.customers, s.orders, s.revenue), (1, 2, 3_400.0));
    let x = &s.exclusions;
    assert_eq!((x.cancelled_orders, x.cancelled_amount), (1, 3_000.0));
    // Taxes here are added on top (Total = Subtotal + Shipping + Taxes), so they are tax lines:
    // 240 + 100 (tests/fixtures/exports/shopify.csv is the tax-inclusive case, where they are not).
    // The only discount is the line's, inside that line's money, so no order-level one.
    assert_eq!((x.shipping_amount, x.tax_amount, x.discount_amount), (800.0, 340.0, 0.0));
    assert_eq!(x.guests_by_email, 1);
    assert!(!s.warnings.iter().any(|w| w.code == "total_mismatch"), "{:?}", s.warnings);
    assert_eq!(ds.products(), 2, "Soap and Towel");
}

/// UCI Online Retail: M/D/YYYY dates, Excel ids, postage lines.
/// 536365 (17850): 6 × 2.55 + 6 × 3.39 = 35.64; POST 18 (shipping). 536366 (17850, 12/13):
/// 2 × 1.85 = 3.70. 536367: no customer id → rejected. Revenue 39.34, 2 orders, 1 customer.
#[test]
fn online_retail_dates_ids_and_postage() {
    let csv = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n\
               536365,85123A,WHITE HANGING HEART,6,12/1/2010 8:26,2.55,17850.0,United Kingdom\n\
               536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850.0,United Kingdom\n\
               536365,POST,POSTAGE,1,12/1/2010 8:26,18,17850.0,United Kingdom\n\
               536366,22633,HAND WARMER,2,12/13/2010 8:28,1.85,17850.0,United Kingdom\n\
               536367,22632,HAND WARMER RED,6,12/13/2010 8:34,2.10,,United Kingdom\n";
    let ds = read(csv);
    let s = summary(&ds);
    assert_eq!(s.source.format, "online-retail");
    assert_eq!((s.customers, s.orders, s.rows_rejected), (1, 2, 1));
    assert!((s.revenue - 39.34).abs() < 1e-9, "{}", s.revenue);
    assert_eq!(ds.customer_ids.get(0), "17850");
    assert_eq!((s.first_date.as_deref(), s.last_date.as_deref()), (Some("2010-12-01"), Some("2010-12-13")));
    assert_eq!(s.exclusions.shipping_amount, 18.0);
}

/// D/M/YYYY decided by a day over 12; an ambiguous file is read M/D with a warning.
#[test]
fn day_month_order_from_the_data() {
    let ds = read("customer_id,order_date,amount\nA,3/2/2024,10\nA,25/2/2024,10\n");
    assert_eq!(summary(&ds).first_date.as_deref(), Some("2024-02-03"));
    let ds = read("customer_id,order_date,amount\nA,3/2/2024,10\n");
    let s = summary(&ds);
    assert_eq!(s.first_date.as_deref(), Some("2024-03-02"));
    assert!(s.warnings.iter().any(|w| w.code == "date_order_ambiguous"));
}

/// The caller's date order wins over the data and over the layout: the ambiguous 3/2/2024 is
/// 2 March with 'dmy', with no warning; UCI's M/D layout read as D/M rejects 12/13/2010 (month
/// 13) with a reason that names the option.
#[test]
fn date_order_option() {
    let with = |csv: &str, order| {
        let mut options = OrderOptions::default();
        options.read.date_order = Some(order);
        load(csv.as_bytes(), &options, &mut |_| {}).unwrap_or_else(|e| panic!("{e}"))
    };
    let s = summary(&with("customer_id,order_date,amount\nA,3/2/2024,10\n", DateOrder::DayFirst));
    assert_eq!(s.first_date.as_deref(), Some("2024-02-03"));
    assert!(!s.warnings.iter().any(|w| w.code == "date_order_ambiguous"), "{:?}", s.warnings);
    let ds = with("InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n1,A,1,12/1/2010 8:26,2.5,17850\n2,A,1,12/13/2010 8:28,2.5,17850\n", DateOrder::DayFirst);
    let s = summary(&ds);
    assert_eq!((s.first_date.as_deref(), s.rows_rejected), (Some("2010-01-12"), 1));
    assert!(s.rejected[0].reason.contains("dateOrder: 'mdy'"), "{}", s.rejected[0].reason);
    // Year-first only: a/b/YYYY is refused, and the reason says how to read it.
    let s = summary(&with("customer_id,order_date,amount\nA,3/2/2024,10\nA,2024-03-04,10\n", DateOrder::YearFirst));
    assert_eq!(s.rows_rejected, 1);
    assert!(s.rejected[0].reason.contains("dateOrder option"), "{}", s.rejected[0].reason);
}

/// The currency of a file that does not name it, from its amounts' signs; a layout's or a
/// currency column's code first; the caller's `currency` over all of them. Two signs in one
/// file: the first, and the mixed_currencies warning with the line of the second.
#[test]
fn currency_from_signs_column_layout_or_option() {
    let currency = |csv: &str, option: Option<&str>| {
        let options = OrderOptions { currency: option.map(str::to_string), ..Default::default() };
        let ds = load(csv.as_bytes(), &options, &mut |_| {}).unwrap_or_else(|e| panic!("{e}"));
        let s = summary(&ds);
        (s.source.currency.clone(), s.warnings.iter().find(|w| w.code == "mixed_currencies").map(|w| w.line))
    };
    let plain = "customer_id,order_date,amount\nA,2024-01-05,12.50\n";
    assert_eq!(currency(plain, None), (String::new(), None), "nothing says: not stated");
    assert_eq!(currency("customer_id,order_date,amount\nA,2024-01-05,12.50\nB,2024-01-06,$9.99\n", None), ("USD".into(), None));
    assert_eq!(currency("customer_id,order_date,amount\nA,2024-01-05,£3.20\n", None), ("GBP".into(), None));
    assert_eq!(currency("customer_id,order_date,amount\nA,2024-01-05,€3.20\n", None), ("EUR".into(), None));
    assert_eq!(currency("顧客ID,購入日,金額\nA,2024-01-05,\"1,980円\"\n", None), ("JPY".into(), None));
    assert_eq!(currency("customer_id,order_date,amount\nA,2024-01-05,$9.99\nB,2024-01-06,€3.20\n", None), ("USD".into(), Some(Some(3))));
    // A currency column says it first; the option overrides everything.
    assert_eq!(currency("customer_id,order_date,amount,currency\nA,2024-01-05,$9.99,cad\n", None), ("CAD".into(), None));
    assert_eq!(currency("customer_id,order_date,amount\nA,2024-01-05,$9.99\n", Some("AUD")), ("AUD".into(), None));
    assert_eq!(currency(plain, Some("EUR")), ("EUR".into(), None));
    // UCI Online Retail is in pounds by its layout, whatever the cells look like.
    let uci = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n1,A,X,1,12/1/2010 8:26,2.5,17850,United Kingdom\n";
    assert_eq!(currency(uci, None), ("GBP".into(), None));
}

/// Separate date and time columns (MakeShop writes 注文時間 as 103309).
#[test]
fn separate_time_column() {
    let ds = read("会員ID,日付,注文時間,金額\nA,2024-01-05,103309,100\n");
    assert_eq!(ds.order_time[0], 10 * 3600 + 33 * 60 + 9);
}

/// Options: shipping counted as revenue; a custom status list.
#[test]
fn revenue_and_status_options() {
    let csv = "注文番号,会員ID,注文日,対応状況,商品名,金額\no1,A,2024-01-05,保留,化粧水,1000\no1,A,2024-01-05,保留,送料,500\no2,A,2024-01-06,キャンセル,乳液,800\n";
    let options = OrderOptions { revenue: crmkit::dataset::RevenueRules { shipping: true, fees: false }, exclude_statuses: Some(vec!["保留".into()]), ..Default::default() };
    let ds = load(csv.as_bytes(), &options, &mut |_| {}).unwrap();
    let s = summary(&ds);
    assert_eq!((s.orders, s.revenue), (1, 800.0), "保留 excluded, キャンセル kept as asked");
    let ds = load(csv.as_bytes(), &OrderOptions { revenue: crmkit::dataset::RevenueRules { shipping: true, fees: false }, ..Default::default() }, &mut |_| {}).unwrap();
    assert_eq!(summary(&ds).revenue, 1_500.0, "shipping counted");
    let _ = ReadOptions::default();
}

/// A generic file with a currency column: the first code is the file's; a second code is a
/// `mixed_currencies` warning naming its line (amounts are not converted).
#[test]
fn currency_from_a_column() {
    let one = read("customer_id,order_date,amount,currency\nA,2024-01-01,10.5,usd\nB,2024-01-02,3,USD\n");
    let s = summary(&one);
    assert_eq!(s.source.currency, "USD");
    assert!(s.warnings.iter().all(|w| w.code != "mixed_currencies"), "{:?}", s.warnings);
    let mixed = summary(&read("customer_id,order_date,amount,currency\nA,2024-01-01,10.5,USD\nB,2024-01-02,3,EUR\n"));
    assert_eq!(mixed.source.currency, "USD");
    let w = mixed.warnings.iter().find(|w| w.code == "mixed_currencies").expect("mixed_currencies");
    assert_eq!(w.line, Some(3));
    assert!(w.message.contains("EUR"), "{}", w.message);
    assert_eq!(summary(&read("customer_id,order_date,amount\nA,2024-01-01,10\n")).source.currency, "", "a file that does not say");
}
