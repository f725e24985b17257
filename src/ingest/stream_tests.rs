//! [`OrderStream`] equals [`load`]: every order fixture (UTF-8, BOM, Shift_JIS, UTF-16, TSV,
//! quoted line breaks, cart exports with continuation rows, cancelled orders and order-level
//! money) fed in chunks of every awkward size gives the same Dataset, field for field, or the
//! same error; and the decisions made on a file's first part are those made on the whole.

use super::*;
use crate::synthetic::{generate, SyntheticOptions};

fn fixture_files() -> Vec<(String, Vec<u8>)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    for dir in [root.clone(), root.join("exports")] {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            if matches!(p.extension().and_then(|e| e.to_str()), Some("csv" | "tsv")) {
                out.push((p.display().to_string(), std::fs::read(&p).expect("fixture")));
            }
        }
    }
    assert!(out.len() >= 20, "fixtures found: {}", out.len());
    out
}

/// Everything a Dataset holds, comparable (the e-mail join map sorted).
fn digest(result: &Result<Dataset>) -> String {
    match result {
        Ok(ds) => {
            let mut ds = ds.clone();
            let mut emails: Vec<(u64, u32)> = ds.member_emails.drain().collect();
            emails.sort_unstable();
            format!("{ds:?}\n{emails:?}")
        }
        Err(e) => format!("error: {e:?}"),
    }
}

/// A stream with the decisions of the whole file, fed in chunks of `sizes()` bytes.
fn streamed(bytes: &[u8], options: &OrderOptions, sizes: &mut dyn FnMut() -> usize) -> Result<Dataset> {
    let mut stream = OrderStream::new(options.clone(), Some(bytes.len()));
    let prepared = prepare(bytes, &options.read)?;
    let first = sizes().clamp(1, bytes.len());
    stream.bytes = first as u64;
    stream.begin(prepared, &bytes[..first])?;
    let mut at = first;
    while at < bytes.len() {
        let n = sizes().clamp(1, bytes.len() - at);
        stream.push(&bytes[at..at + n])?;
        at += n;
    }
    stream.finish()
}

/// A stream as `CsvReader` runs it: decisions on the first `prefix` bytes.
fn streamed_with_prefix(bytes: &[u8], options: &OrderOptions, prefix: usize, chunk: usize) -> Result<Dataset> {
    let mut stream = OrderStream::deciding_at(options.clone(), None, prefix);
    for piece in bytes.chunks(chunk) {
        stream.push(piece)?;
    }
    stream.finish()
}

/// Chunk sizes, one per call.
type Sizes = Box<dyn FnMut() -> usize>;

fn xorshift(seed: u64) -> impl FnMut() -> u64 {
    let mut x = seed;
    move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    }
}

fn utf16le(text: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        out.extend_from_slice(&u.to_le_bytes());
    }
    out
}

#[test]
fn chunked_fixtures_load_as_a_whole() {
    let mut files = fixture_files();
    // UTF-16 with a character outside the BMP (a surrogate pair a chunk can cut).
    let utf8 = files.iter().find(|(n, _)| n.ends_with("orders_utf8.csv")).expect("orders_utf8.csv").1.clone();
    let text = String::from_utf8(utf8).expect("utf-8").replace("化粧水", "化粧水\u{1F9F4}");
    assert!(text.contains('\u{1F9F4}'));
    files.push(("utf16le".into(), utf16le(&text)));
    // A record cut anywhere, a quote left open to the end, invalid Shift_JIS at the end.
    files.push(("open quote".into(), b"customer_id,order_date,amount\nC1,2024-01-05,100\nC2,2024-01-06,\"20\nC3,2024-01-07,5\n".to_vec()));
    let mut sjis = encoding_rs::SHIFT_JIS.encode("顧客ID,購入日,金額,商品名\nC1,2024/01/05,100,シャツ\nC2,2024/01/06,200,靴下\n").0.into_owned();
    sjis.extend_from_slice(b"C3,2024/01/07,300,\x82");
    files.push(("sjis cut lead".into(), sjis));
    let options = OrderOptions::default();
    let mut checked = 0;
    for (name, bytes) in &files {
        let whole = digest(&load(bytes, &options, &mut |_| {}));
        let mut random = xorshift(bytes.len() as u64 | 1);
        let schedules: Vec<(&str, Sizes)> = vec![
            ("1", Box::new(|| 1)),
            ("2", Box::new(|| 2)),
            ("3", Box::new(|| 3)),
            ("5,7,11", Box::new({
                let mut i = 0;
                move || {
                    i += 1;
                    [5, 7, 11][i % 3]
                }
            })),
            ("64", Box::new(|| 64)),
            ("4096", Box::new(|| 4096)),
            ("random", Box::new(move || (random() % 300) as usize + 1)),
        ];
        for (label, mut sizes) in schedules {
            let got = digest(&streamed(bytes, &options, &mut *sizes));
            assert!(got == whole, "{name}, chunks of {label}:\nstream: {}\nwhole:  {}", &got[..got.len().min(600)], &whole[..whole.len().min(600)]);
            checked += 1;
        }
    }
    assert!(checked >= 7 * 20);
}

#[test]
fn options_apply_to_a_stream_as_to_a_file() {
    let bytes = fixture_files().into_iter().find(|(n, _)| n.ends_with("bad_rows.csv")).expect("bad_rows.csv").1;
    let strict = OrderOptions { read: ReadOptions { on_invalid_row: table::InvalidRowPolicy::Error, ..Default::default() }, ..Default::default() };
    let whole = digest(&load(&bytes, &strict, &mut |_| {}));
    assert!(whole.starts_with("error: InvalidRow"), "{whole}");
    assert_eq!(digest(&streamed(&bytes, &strict, &mut || 17)), whole);
    // `encoding: 'utf-8'` on Shift_JIS: the same error, line and offset, whatever the chunks.
    let sjis = encoding_rs::SHIFT_JIS.encode("customer_id,order_date,amount,name\nC1,2024-01-05,100,a\nC2,2024-01-06,200,靴下\n").0.into_owned();
    let utf8 = OrderOptions { read: ReadOptions { encoding: Some(table::encoding::EncodingChoice::Utf8), ..Default::default() }, ..Default::default() };
    let whole = digest(&load(&sjis, &utf8, &mut |_| {}));
    assert!(whole.contains("line: 3"), "{whole}");
    let mut stream = OrderStream::deciding_at(utf8.clone(), None, 40);
    let got = sjis.chunks(9).try_for_each(|c| stream.push(c)).and_then(|()| stream.finish());
    assert_eq!(digest(&got), whole);
}

#[test]
fn decisions_on_the_first_part_equal_those_on_the_whole() {
    // A synthetic shop (~8,000 lines): decided on its first 64 KiB, then read in 1,000-byte chunks.
    let csv = generate(&SyntheticOptions { customers: 600, seed: 7, ..Default::default() }).expect("synthetic").to_csv();
    assert!(csv.len() > 4 * 65536, "{} bytes", csv.len());
    let options = OrderOptions::default();
    let whole = digest(&load(&csv, &options, &mut |_| {}));
    assert_eq!(digest(&streamed_with_prefix(&csv, &options, 65536, 1000)), whole);

    // M/D/YYYY dates that stay ambiguous for the first ~180 KB: the stream keeps buffering
    // until a day over 12 decides it, as the whole-file read does (no ambiguity warning).
    let mut text = String::from("Customer ID,InvoiceDate,Quantity,Price,Invoice\n");
    for i in 0..6000 {
        let (m, d) = (i / 500 % 12 + 1, i % 12 + 1);
        text.push_str(&format!("C{},{m}/{d}/2024 10:00,1,{}.5,INV{}\n", i % 97, i % 50 + 1, i / 3));
    }
    text.push_str("C1,3/25/2024 10:00,2,9.5,INV99999\n");
    let bytes = text.into_bytes();
    let whole = load(&bytes, &options, &mut |_| {});
    let ds = whole.as_ref().expect("loads");
    assert!(!ds.warnings.iter().any(|w| w.code == "date_order_ambiguous"));
    assert_eq!(digest(&streamed_with_prefix(&bytes, &options, 4096, 777)), digest(&whole));

    // A file smaller than the prefix is loaded by `load` itself.
    let small = &bytes[..10_000];
    assert_eq!(digest(&streamed_with_prefix(small, &options, STREAM_PREFIX_BYTES, 333)), digest(&load(small, &options, &mut |_| {})));
}

#[test]
fn a_failed_push_fails_the_load() {
    // `onInvalidRow: 'error'` stops at line 3 in the second chunk: later pushes and `finish`
    // give the same error, never a Dataset of the rows before it.
    let csv = b"customer_id,order_date,amount\nC1,2024-01-01,100\nC2,someday,100\nC3,2024-01-03,100\n";
    let strict = OrderOptions { read: ReadOptions { on_invalid_row: table::InvalidRowPolicy::Error, ..Default::default() }, ..Default::default() };
    let mut stream = OrderStream::deciding_at(strict, None, 10);
    let first = stream.push(&csv[..50]).and_then(|()| stream.push(&csv[50..]));
    assert!(matches!(first, Err(crate::Error::InvalidRow { line: 3, .. })), "{first:?}");
    assert!(matches!(stream.push(b"C4,2024-01-04,1\n"), Err(crate::Error::InvalidRow { line: 3, .. })));
    assert!(matches!(stream.finish(), Err(crate::Error::InvalidRow { line: 3, .. })));
}
