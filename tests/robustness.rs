//! Random and mutated inputs never panic: each load either succeeds with every row accounted
//! for (rows = accepted + rejected) or returns an error. A fixed seed keeps the run reproducible.

use crmkit::rng::Rng;
use crmkit::{from_csv, ReadOptions};

fn fixtures() -> Vec<Vec<u8>> {
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let mut out: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .map(|e| std::fs::read(e.path()).unwrap())
        .collect();
    out.sort();
    out
}

fn check(bytes: &[u8]) {
    for options in [ReadOptions::default(), crmkit::options::tables::FromCsvInput { encoding: Some("shift_jis".into()), ..Default::default() }.check("fromCsv").unwrap().read] {
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
        // Small hand-made fixtures get many mutations; the large synthetic one a few.
        let rounds = if base.len() > 16_384 { 100 } else { 3000 };
        for _ in 0..rounds {
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
        // Every cut for small files; for large ones every cut near both ends and 500 between.
        let n = base.len();
        let cuts: Vec<usize> = if n <= 16_384 {
            (0..n).collect()
        } else {
            (0..512).chain((0..500).map(|i| 512 + i * (n - 1024) / 500)).chain(n - 512..n).collect()
        };
        for cut in cuts {
            check(&base[..cut]);
        }
    }
}
