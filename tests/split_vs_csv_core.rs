//! Differential test: crmkit's zero-copy splitter must split records exactly as `csv-core`
//! (the reference RFC 4180 parser of the `csv` crate) does, on random inputs built from the
//! bytes that matter (delimiters, quotes, CR, LF) plus ordinary and multi-byte text.

use crmkit::table::split::Splitter;
use crmkit::rng::Rng;

#[path = "support/csv_reference.rs"]
mod csv_reference;
use csv_reference::with_csv_core;

fn with_splitter(input: &[u8], delimiter: u8) -> Vec<Vec<Vec<u8>>> {
    let mut splitter = Splitter::new(input, delimiter);
    let mut records = Vec::new();
    while splitter.next_record().is_some() {
        records.push((0..splitter.len()).map(|i| splitter.field(i).to_vec()).collect());
    }
    records
}

#[test]
fn splitter_matches_csv_core_on_random_inputs() {
    let pieces: [&[u8]; 12] = [b",", b";", b"\t", b"\"", b"\"\"", b"\n", b"\r", b"\r\n", b"abc", b" ", "顧客".as_bytes(), b"12345678"];
    let mut rng = Rng::new(20_261_123);
    for case in 0..20_000 {
        let n = rng.below(40) as usize;
        let mut input = Vec::new();
        for _ in 0..n {
            input.extend_from_slice(pieces[rng.below(pieces.len() as u64) as usize]);
        }
        for delimiter in [b',', b'\t', b';'] {
            let ours = with_splitter(&input, delimiter);
            let reference = with_csv_core(&input, delimiter);
            assert_eq!(ours, reference, "case {case}, delimiter {:?}, input {:?}", delimiter as char, String::from_utf8_lossy(&input));
        }
    }
}

#[test]
fn line_numbers_count_newlines_inside_quotes() {
    let input = b"h1,h2\n\"a\nb\",c\r\n\r\nd,\"e\r\nf\"\ng,h";
    let mut splitter = Splitter::new(input, b',');
    let mut lines = Vec::new();
    while let Some(line) = splitter.next_record() {
        lines.push(line);
    }
    assert_eq!(lines, vec![1, 2, 5, 7]);
}
