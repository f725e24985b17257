// Phase timing for ingest: raw csv-core record scan vs full load.
use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).expect("file");
    let bytes = std::fs::read(&path).unwrap();
    let t = Instant::now();
    let text = std::str::from_utf8(&bytes).unwrap();
    println!("utf8 check {:.3}s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let mut rdr = csv_core::Reader::new();
    let mut out = vec![0u8; 1 << 16];
    let mut ends = vec![0usize; 64];
    let mut input = text.as_bytes();
    let mut n = 0;
    loop {
        let (r, nin, _, _) = rdr.read_record(input, &mut out, &mut ends);
        input = &input[nin..];
        match r {
            csv_core::ReadRecordResult::Record => n += 1,
            csv_core::ReadRecordResult::End => break,
            _ => {}
        }
    }
    println!("csv-core records {n}: {:.3}s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let ds = crmkit::from_csv(&bytes, &crmkit::ReadOptions::default(), &mut |_| {}).unwrap();
    println!("full ingest {:.3}s ({} lines)", t.elapsed().as_secs_f64(), ds.lines());
}
