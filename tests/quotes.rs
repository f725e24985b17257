//! A stray or unterminated quote must not swallow the rest of the file (issue 17, class 1): the
//! line it opened on is rejected as `unterminated_quote`, naming where (or that it never) closed
//! and how many lines it would have swallowed, and the lines after it are read as rows. Quoted
//! fields over two lines that do not look like rows (addresses, notes) stay one field.
//! Expected numbers are hand sums of the amounts written below.

use crmkit::report::RejectCode;
use crmkit::summary::summary;
use crmkit::table::InvalidRowPolicy;
use crmkit::{from_csv, Error, ReadOptions};

/// 20 rows, amount 10 × the row number (10 … 200, total 2,100), with `broken` replacing row `at`.
fn twenty_rows(at: usize, broken: &str) -> String {
    let mut csv = String::from("customer_id,order_date,amount\n");
    for i in 1..=20 {
        if i == at {
            csv.push_str(broken);
        } else {
            csv.push_str(&format!("C{i},2024-01-{i:02},{}", 10 * i));
        }
        csv.push('\n');
    }
    csv
}

fn load(csv: &str) -> crmkit::Dataset {
    from_csv(csv.as_bytes(), &ReadOptions::default(), &mut |_| {}).expect("loads")
}

#[test]
fn a_quote_never_closed_rejects_its_line_only() {
    // Row 5 (line 6) opens a quote that is never closed; it used to read as 5 rows, revenue 510.
    let ds = load(&twenty_rows(5, "C5,2024-01-05,\"50"));
    let s = summary(&ds);
    assert_eq!((s.rows, s.rows_accepted, s.rows_rejected), (20, 19, 1));
    assert_eq!(s.revenue, 2100.0 - 50.0);
    let r = &ds.rejected[0];
    assert_eq!((r.line, r.code), (6, RejectCode::UnterminatedQuote));
    assert!(r.reason.contains("never closed") && r.reason.contains("the 15 lines after it"), "{}", r.reason);
    assert_eq!(RejectCode::UnterminatedQuote.as_str(), "unterminated_quote");
}

#[test]
fn a_stray_pair_of_quotes_does_not_merge_the_rows_between() {
    // Row 5 opens a quote in its last field, row 9 closes it: rows 6–8 would become one field.
    let mut csv = twenty_rows(5, "C5,2024-01-05,\"50");
    csv = csv.replace("C9,2024-01-09,90", "C9,2024-01-09,90\"");
    let ds = load(&csv);
    let s = summary(&ds);
    assert_eq!(s.rows, 20, "every physical row is a row");
    assert_eq!(s.rows, s.rows_accepted + s.rows_rejected);
    let codes: Vec<(u32, RejectCode)> = ds.rejected.iter().map(|r| (r.line, r.code)).collect();
    // Line 6 opened the quote; line 10 (`90"`, a quote inside a field is literal) is not a number.
    assert_eq!(codes, vec![(6, RejectCode::UnterminatedQuote), (10, RejectCode::BadAmount)]);
    assert!(ds.rejected[0].reason.contains("closed only on line 10") && ds.rejected[0].reason.contains("the 4 lines after it"), "{}", ds.rejected[0].reason);
    assert_eq!(s.revenue, 2100.0 - 50.0 - 90.0);
}

#[test]
fn quoted_fields_over_lines_that_are_not_rows_stay_one_field() {
    let csv = "customer_id,order_date,amount,note\nC1,2024-01-01,100,\"3-1-2 Ginza\nChuo-ku, Tokyo\"\nC2,2024-01-02,200,\"a\n\nb\"\n";
    let ds = load(csv);
    let s = summary(&ds);
    assert_eq!((s.rows, s.rows_rejected, s.revenue), (2, 0, 300.0));
    // A note line with as many commas as the header has fields, once, in a row that reads.
    let csv = "customer_id,order_date,amount,note\nC1,2024-01-01,100,\"colours:\nred, blue, green, big\"\nC2,2024-01-02,200,x\n";
    let s = summary(&load(csv));
    assert_eq!((s.rows, s.rows_rejected, s.revenue), (2, 0, 300.0));
}

#[test]
fn with_on_invalid_row_error_the_quote_fails_the_read_naming_the_line() {
    let options = ReadOptions { on_invalid_row: InvalidRowPolicy::Error, ..Default::default() };
    match from_csv(twenty_rows(5, "C5,2024-01-05,\"50").as_bytes(), &options, &mut |_| {}) {
        Err(Error::InvalidRow { line, reason }) => {
            assert_eq!(line, 6);
            assert!(reason.contains("quote"), "{reason}");
        }
        other => panic!("{:?}", other.map(|d| d.rows)),
    }
}

#[test]
fn a_quote_in_a_shift_jis_file_streamed_in_chunks_is_found_the_same_way() {
    let csv = twenty_rows(12, "C12,2024-01-12,\"120").replace("customer_id,order_date,amount", "顧客ID,購入日,金額");
    let sjis = encoding_rs::SHIFT_JIS.encode(&csv).0.into_owned();
    let whole = from_csv(&sjis, &ReadOptions::default(), &mut |_| {}).expect("loads");
    assert_eq!(whole.rejected.len(), 1);
    assert_eq!(whole.rejected[0].line, 13);
    let mut stream = crmkit::ingest::OrderStream::new(Default::default(), None);
    for chunk in sjis.chunks(5) {
        stream.push(chunk).expect("push");
    }
    let streamed = stream.finish().expect("loads");
    assert_eq!(format!("{:?}", streamed.rejected), format!("{:?}", whole.rejected));
    assert_eq!(summary(&streamed).revenue, 2100.0 - 120.0);
}
