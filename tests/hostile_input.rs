//! Issue 17, class 6 (smaller): files that used to get a wrong or unbounded answer.

use crmkit::{from_csv, Error, ReadOptions};

fn load(bytes: &[u8]) -> crmkit::Result<crmkit::Dataset> {
    from_csv(bytes, &ReadOptions::default(), &mut |_| {})
}

#[test]
fn a_header_with_only_blank_ish_rows_has_no_data_rows() {
    // Excel leaves rows of empty fields below a table; they are not rows that failed.
    for csv in ["customer_id,order_date,amount\n,,\n , ,\n\n", "customer_id,order_date,amount\n,,\r\n"] {
        assert!(matches!(load(csv.as_bytes()), Err(Error::NoDataRows)), "{csv:?}");
        let mut stream = crmkit::ingest::OrderStream::new(Default::default(), None);
        stream.push(csv.as_bytes()).expect("push");
        assert!(matches!(stream.finish(), Err(Error::NoDataRows)));
    }
    // One real row among them: loaded, the blank ones reported as empty rows.
    let ds = load(b"customer_id,order_date,amount\n,,\nC1,2024-01-01,100\n").expect("loads");
    assert_eq!((ds.rows, ds.rejected.len()), (2, 1));
    // Rows that are bad (not blank) still give NO_VALID_ROWS with the first reasons.
    assert!(matches!(load(b"customer_id,order_date,amount\nC1,someday,100\n"), Err(Error::NoValidRows { rows: 1, .. })));
}

#[test]
fn utf32_is_refused_by_name() {
    let text = "customer_id,order_date,amount\nC1,2024-01-01,100\n";
    let mut bytes = vec![0xFF, 0xFE, 0, 0];
    bytes.extend(text.chars().flat_map(|c| (c as u32).to_le_bytes()));
    let err = load(&bytes).expect_err("refused");
    assert_eq!(err.code(), "NOT_CSV");
    assert!(err.to_string().contains("UTF-32") && err.to_string().contains("UTF-8"), "{err}");
}

#[test]
fn error_messages_are_capped_on_a_line_of_100000_fields() {
    let header = (0..100_000).map(|i| format!("h{i}")).collect::<Vec<_>>().join(",");
    let csv = format!("{header}\n{}\n", vec!["1"; 100_000].join(","));
    let err = load(csv.as_bytes()).expect_err("no customer column");
    assert_eq!(err.code(), "MISSING_COLUMN");
    let message = err.to_string();
    assert!(message.len() < 1_000, "{} characters", message.len());
    assert!(message.contains("\"h39\"") && !message.contains("\"h40\"") && message.contains("99960 more (100000 in all)"), "{message}");
}

#[test]
fn a_million_rejected_rows_keep_ten_thousand_in_full_and_count_the_rest() {
    // 300,000 bad dates and 200,000 bad amounts around 3 good rows: every row accounted for, the
    // memory of the rejections bounded (issue 17, class 6: 2M rejected rows took 84 s).
    let mut csv = String::from("customer_id,order_date,amount\n");
    for i in 0..500_000u32 {
        if i % 5 < 3 {
            csv.push_str(&format!("C{i},someday,100\n"));
        } else {
            csv.push_str(&format!("C{i},2024-01-01,lots\n"));
        }
        if i % 200_000 == 7 {
            csv.push_str("G,2024-02-02,10\n");
        }
    }
    let ds = load(csv.as_bytes()).expect("3 good rows");
    let s = crmkit::summary::summary(&ds);
    assert_eq!((s.rows, s.rows_accepted, s.rows_rejected), (500_003, 3, 500_000));
    assert_eq!(ds.rejected.len(), crmkit::report::RejectCounts::KEPT);
    let by: Vec<(&str, u64)> = s.rejected_by_reason.iter().map(|r| (r.code, r.count)).collect();
    assert_eq!(by, vec![("bad_date", 300_000), ("bad_amount", 200_000)]);
    assert!(s.rejected_truncated);
    // The kept ones are the first, in file order, with their lines (line 2 is the first row).
    assert_eq!(ds.rejected[0].line, 2);
    assert!(ds.rejected.windows(2).all(|w| w[0].line < w[1].line));
    let exported = crmkit::export::rejected_csv(&ds);
    assert_eq!(exported.iter().filter(|&&b| b == b'\n').count(), 1 + crmkit::report::RejectCounts::KEPT);
}
