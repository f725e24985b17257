//! Random and mutated inputs never panic: each load either succeeds with every row accounted
//! for (rows = accepted + rejected) or returns an error. A fixed seed keeps the run reproducible.

use crmkit::rng::Rng;
use crmkit::{from_csv, CsvOptions};

fn fixtures() -> Vec<Vec<u8>> {
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let mut out: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| std::fs::read(e.path()).unwrap())
        .collect();
    out.sort();
    out
}

fn check(bytes: &[u8]) {
    for options in [CsvOptions::default(), crmkit::ingest::CsvOptionsInput { encoding: Some("shift_jis".into()), ..Default::default() }.validate().unwrap()] {
        if let Ok(ds) = from_csv(bytes, &options, &mut |_| {}) {
            assert_eq!(ds.rows, ds.lines() as u64 + ds.rejected.len() as u64);
            let s = crmkit::summary::summary(&ds);
            assert!(s.revenue.is_finite());
            assert_eq!(s.orders + s.returns.orders, ds.orders() as u64);
            let _ = crmkit::export::rejected_csv(&ds);
        }
    }
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rng::new(99);
    for _ in 0..3000 {
        let len = rng.below(300) as usize;
        let bytes: Vec<u8> = (0..len).map(|_| rng.next_u64() as u8).collect();
        check(&bytes);
    }
}

#[test]
fn mutated_fixtures_never_panic() {
    let specials = [b',', b'"', b'\n', b'\r', b'\t', b';', b'-', b'/', b'0', b'9', 0x81, 0xE3, 0xFF, b'\\'];
    let mut rng = Rng::new(7);
    for base in fixtures() {
        for _ in 0..3000 {
            let mut bytes = base.clone();
            let edits = 1 + rng.below(8);
            for _ in 0..edits {
                if bytes.is_empty() {
                    break;
                }
                let at = rng.below(bytes.len() as u64) as usize;
                match rng.below(4) {
                    0 => bytes[at] = specials[rng.below(specials.len() as u64) as usize],
                    1 => {
                        bytes.remove(at);
                    }
                    2 => bytes.insert(at, specials[rng.below(specials.len() as u64) as usize]),
                    _ => bytes.truncate(at),
                }
            }
            check(&bytes);
        }
    }
}

#[test]
fn truncated_files_never_panic() {
    for base in fixtures() {
        for cut in 0..base.len() {
            check(&base[..cut]);
        }
    }
}
