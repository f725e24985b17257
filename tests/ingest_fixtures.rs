//! Ingest on the fixture files in tests/fixtures, with expected numbers worked out by hand.
//!
//! orders_utf8.csv (Japanese headers; its twins: orders_bom.csv = BOM + CRLF, orders_sjis.csv =
//! CP932 as Excel writes it (¥ becomes byte 0x5C), orders.tsv = tab-delimited):
//!
//! | order | customer | date       | lines                  | net    |
//! |-------|----------|------------|------------------------|--------|
//! | 1001  | C001     | 2024-01-05 | 3,980 + 2,980          |  6,960 |
//! | 1002  | C002     | 2024-01-20 | 2 × 1,500              |  3,000 |
//! | 1003  | C001     | 2024-02-10 | 3,980                  |  3,980 |
//! | 1004  | C003     | 2024-02-14 | 2,000                  |  2,000 |
//! | 1005  | C002     | 2024-03-01 | 1,500 (2024年3月1日)   |  1,500 |
//! | 1006  | C004     | 2024-03-15 | 3 × 1,000 (20240315)   |  3,000 |
//! | 1007  | C003     | 2024-03-20 | −2,000 (a return)      | −2,000 |
//! | 1008  | C005     | 2024-03-31 | 2,980                  |  2,980 |
//!
//! rows 9 (order 1001 has two lines), customers 5, purchase orders 7 (1007 is a return), revenue 21,420 (net),
//! AOV 21,420 / 7 = 3,060, repeat customers C001 and C002 → 2 / 5 = 0.4.
//! Months: 2024-01: 2 orders, 2 customers (both new), revenue 9,960;
//!         2024-02: 2 orders, 2 customers (C003 new, C001 repeat), revenue 5,980, new revenue 2,000;
//!         2024-03: 3 purchase orders, 3 customers (C004, C005 new; C002 repeat),
//!                  revenue 1,500 + 3,000 − 2,000 + 2,980 = 5,480 = new 5,980 + repeat 1,500
//!                  + returns −2,000.

use crmkit::options::tables::{ColumnChoice, Columns, FromCsvInput, InspectCsvInput};
use crmkit::summary::{summary, Summary};
use crmkit::table::InvalidRowPolicy;
use crmkit::{from_csv, Dataset, Error, ReadOptions};

/// A `columns` option: field → header name.
fn columns(pairs: &[(&str, ColumnChoice)]) -> Option<Columns> {
    Some(Columns(pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()))
}

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn load(name: &str) -> Dataset {
    from_csv(&fixture(name), &ReadOptions::default(), &mut |_| {}).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The summary without the parts that legitimately differ between twins of one file.
fn comparable(mut s: Summary) -> Summary {
    s.source = Default::default();
    s.memory_bytes = 0;
    s
}

#[test]
fn japanese_fixture_hand_computed() {
    let s = summary(&load("orders_utf8.csv"));
    assert_eq!((s.rows, s.rows_rejected, s.customers, s.orders, s.lines), (9, 0, 5, 7, 9));
    assert_eq!((s.products, s.categories), (5, 4));
    assert_eq!(s.revenue, 21_420.0);
    assert_eq!(s.aov, 3_060.0);
    assert_eq!((s.repeat_customers, s.repeat_rate), (2, 0.4));
    assert_eq!(s.first_date.as_deref(), Some("2024-01-05"));
    assert_eq!(s.last_date.as_deref(), Some("2024-03-31"));
    assert_eq!((s.returns.lines, s.returns.orders, s.returns.amount), (1, 1, -2_000.0));
    let months: Vec<_> = s.by_month.iter().map(|m| (m.month.as_str(), m.orders, m.customers, m.new_customers, m.revenue, m.new_revenue)).collect();
    assert_eq!(
        months,
        vec![
            ("2024-01", 2, 2, 2, 9_960.0, 9_960.0),
            ("2024-02", 2, 2, 1, 5_980.0, 2_000.0),
            ("2024-03", 3, 3, 2, 5_480.0, 5_980.0),
        ]
    );
    // sales = customers × frequency × AOV, and new + repeat + returns, month by month
    for m in &s.by_month {
        assert!((m.customers as f64 * m.orders_per_customer * m.aov - m.revenue).abs() < 1e-9);
        assert_eq!(m.new_revenue + m.repeat_revenue + m.returns, m.revenue);
    }
    // 2024-03: repeat = order 1005 (1,500); returns = order 1007 (−2,000)
    assert_eq!((s.by_month[2].repeat_revenue, s.by_month[2].returns), (1_500.0, -2_000.0));
    assert_eq!(s.source.encoding, "utf-8");
    assert_eq!(s.source.delimiter, ",");
    let mapped: Vec<_> = s.source.columns.iter().map(|c| (c.field, c.header.as_str())).collect();
    assert_eq!(
        mapped,
        vec![
            ("orderId", "注文番号"),
            ("customerId", "顧客ID"),
            ("orderDate", "購入日"),
            ("productId", "商品コード"),
            ("productName", "商品名"),
            ("category", "カテゴリ"),
            ("quantity", "数量"),
            ("unitPrice", "単価"),
            ("amount", "金額"),
        ]
    );
    assert!(s.warnings.iter().any(|w| w.code == "negative_amounts" && w.line == Some(9)), "{:?}", s.warnings);
}

#[test]
fn twins_in_other_encodings_and_delimiters_give_the_same_summary() {
    let reference = comparable(summary(&load("orders_utf8.csv")));
    for (name, encoding, delimiter) in
        [("orders_bom.csv", "utf-8-bom", ","), ("orders_sjis.csv", "shift_jis", ","), ("orders.tsv", "utf-8", "\t")]
    {
        let s = summary(&load(name));
        assert_eq!((s.source.encoding, s.source.delimiter.as_str()), (encoding, delimiter), "{name}");
        assert_eq!(comparable(s), reference, "{name}");
    }
    // Names survive decoding: the quoted name with doubled quotes, and the one with a comma.
    let ds = load("orders_sjis.csv");
    let names: Vec<&str> = ds.product_names.iter().map(|n| &**n).collect();
    assert!(names.contains(&"チョコ \"限定\" 12個入") && names.contains(&"タオル, 今治"), "{names:?}");
}

#[test]
fn quoted_newlines() {
    let ds = load("quoted_newlines.csv");
    let s = summary(&ds);
    assert_eq!((s.rows, s.customers, s.orders, s.revenue), (3, 2, 2, 10_300.0));
    assert_eq!(&*ds.product_names[0], "Gift set\nwith card, \"premium\"");
}

#[test]
fn bad_rows_are_reported_with_lines() {
    let s = summary(&load("bad_rows.csv"));
    assert_eq!((s.rows, s.rows_accepted, s.rows_rejected), (6, 3, 3));
    let got: Vec<_> = s.rejected.iter().map(|r| (r.line, r.code.as_str())).collect();
    assert_eq!(got, vec![(3, "bad_date"), (4, "bad_amount"), (5, "field_count")]);
    assert!(s.rejected[0].reason.contains("2024-06-31"));
    assert!(s.rejected[1].reason.contains("\"abc\""));
    assert!(s.rejected[2].reason.contains("expected 5 fields"));

    let strict = ReadOptions { on_invalid_row: InvalidRowPolicy::Error, ..Default::default() };
    match from_csv(&fixture("bad_rows.csv"), &strict, &mut |_| {}) {
        Err(Error::InvalidRow { line: 3, reason }) => assert!(reason.contains("2024-06-31"), "{reason}"),
        other => panic!("{other:?}"),
    }
    let csv = String::from_utf8(crmkit::export::rejected_csv(&load("bad_rows.csv"))).unwrap();
    assert_eq!(csv.lines().count(), 4);
    assert!(csv.starts_with("\u{FEFF}line,code,reason\r\n3,bad_date,"));
}

#[test]
fn files_that_are_not_order_csvs_get_clear_errors() {
    let opts = ReadOptions::default();
    let err = |bytes: &[u8]| from_csv(bytes, &opts, &mut |_| {}).unwrap_err();
    assert_eq!(err(b""), Error::EmptyInput);
    assert!(err(b"PK\x03\x04\x14\x00\x06\x00").to_string().contains("xlsx"));
    assert!(matches!(err(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]), Error::NotCsv { .. }));
    assert!(matches!(err(b"\x00\x01\x02binary"), Error::NotCsv { .. }));
    assert_eq!(err(b"customer_id,order_date,amount\r\n"), Error::NoDataRows);
    let missing = err("名前,日付\n山田,2024-01-01\n".as_bytes());
    assert_eq!(missing.code(), "MISSING_COLUMN");
    assert_eq!(missing.option().as_deref(), Some("columns.customerId"));
    assert!(missing.to_string().contains("\"名前\""), "{missing}");
}

#[test]
fn explicit_columns_and_option_validation() {
    let bytes = "会員,日,売上額\nA,2024-01-01,100\n".as_bytes();
    let input = FromCsvInput { columns: columns(&[("customerId", "会員".into()), ("orderDate", "日".into()), ("amount", "売上額".into())]), ..Default::default() };
    let ds = from_csv(bytes, &input.check("fromCsv").unwrap().read, &mut |_| {}).unwrap();
    assert_eq!(ds.order_amount, vec![100.0]);
    let bad = FromCsvInput { encoding: Some("latin1".into()), ..Default::default() }.check("fromCsv").unwrap_err();
    assert_eq!(bad.option().as_deref(), Some("encoding"));
    let bad = FromCsvInput { on_invalid_row: Some("ignore".into()), ..Default::default() }.check("fromCsv").unwrap_err();
    assert_eq!(bad.option().as_deref(), Some("onInvalidRow"));
}

#[test]
fn progress_is_reported_and_ends_at_one() {
    let bytes = crmkit::synthetic::generate(&crmkit::synthetic::SyntheticOptions { customers: 8000, seed: 3, ..Default::default() }).unwrap().to_csv();
    let mut seen = Vec::new();
    from_csv(&bytes, &ReadOptions::default(), &mut |f| seen.push(f)).unwrap();
    assert!(seen.len() >= 2, "{seen:?}");
    assert!(seen.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(seen.last(), Some(&1.0));
}

/// `inspect` (the column-mapping step): the Japanese Shift_JIS fixture's headers are mapped
/// without options, the preview rows are the file's first rows decoded, and a row the loader
/// rejects carries the same code in the preview as in the load.
#[test]
fn inspect_reports_mapping_and_preview_like_the_load() {
    use crmkit::ingest::inspect;
    let sjis = fixture("orders_sjis.csv");
    let i = inspect(&sjis, &ReadOptions::default(), 10, false).unwrap();
    assert_eq!(i.encoding, "shift_jis");
    assert_eq!(i.delimiter, ",");
    assert_eq!(i.headers[..3], ["注文番号", "顧客ID", "購入日"]);
    assert!(i.missing.is_empty() && i.problem.is_none());
    assert_eq!(i.amount_source, Some("amount"));
    let loaded = summary(&load("orders_sjis.csv")).source.columns;
    assert_eq!(i.columns.iter().map(|c| (c.field, c.index)).collect::<Vec<_>>(), loaded.iter().map(|c| (c.field, c.index)).collect::<Vec<_>>());
    // First data row as written in the file (line 2), "\3,980" decoded from Shift_JIS 0x5C.
    assert_eq!(i.rows[0].line, 2);
    assert_eq!(i.rows[0].values[4], "化粧水 200ml");
    assert_eq!(i.rows[0].values[7], "\\3,980");
    assert!(i.rows.iter().all(|r| r.code.is_none()));

    // bad_rows.csv: the preview flags the same lines and codes as the load rejects.
    let bad = fixture("bad_rows.csv");
    let i = inspect(&bad, &ReadOptions::default(), 1000, false).unwrap();
    let flagged: Vec<_> = i.rows.iter().filter_map(|r| r.code.map(|c| (r.line, c))).collect();
    let rejected: Vec<_> = load("bad_rows.csv").rejected.iter().map(|r| (r.line, r.code)).collect();
    assert_eq!(flagged, rejected);

    // A truncated sample: the partial last line is not previewed.
    let cut = &bad[..bad.len() - 5];
    let whole_lines = inspect(cut, &ReadOptions::default(), 1000, true).unwrap();
    assert_eq!(whole_lines.rows.len(), i.rows.len() - 1);
    assert!(whole_lines.sample_bytes < cut.len() as u64);

    // Unknown headers: nothing is thrown, the missing fields and the load's error are reported;
    // then the user's mapping (and `false` to drop a guessed column) makes it loadable.
    let odd = "会員,日,売上額,カテゴリ\nA,2024-01-01,100,x\n".as_bytes();
    let i = inspect(odd, &ReadOptions::default(), 10, false).unwrap();
    assert_eq!(i.missing, vec!["customerId", "orderDate", "amount"]);
    assert!(i.problem.as_deref().unwrap_or("").contains("customer id"), "{:?}", i.problem);
    assert_eq!(i.rows[0].values, ["A", "2024-01-01", "100", "x"]);
    let options = InspectCsvInput {
        columns: columns(&[("customerId", "会員".into()), ("orderDate", "日".into()), ("amount", "売上額".into()), ("category", ColumnChoice::Flag(false))]),
        rows: Some(5),
        ..Default::default()
    };
    let p = options.check("inspectCsv").unwrap();
    let (csv, rows, truncated) = (p.read, p.rows, p.truncated);
    let i = inspect(odd, &csv, rows, truncated).unwrap();
    assert!(i.missing.is_empty());
    assert_eq!(i.unmapped_headers, ["カテゴリ"]);
    let ds = from_csv(odd, &csv, &mut |_| {}).unwrap();
    assert!(summary(&ds).source.columns.iter().all(|c| c.field != "category"));
    use crmkit::options::Value;
    let bad = crmkit::options::read::<InspectCsvInput>(Some(&Value::object([("rows", Value::Number(1.5))])), "inspectCsv").unwrap_err();
    assert_eq!(bad.option().as_deref(), Some("rows"));
}
