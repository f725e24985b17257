//! Replays the fuzz corpora and the saved fuzz reproducers through the fuzz bodies, without a
//! fuzzer (issue 17): every file of `fuzz/corpus/<target>/` and every
//! `tests/fixtures/fuzz/<target>-*.bin` runs through `fuzz/bodies.rs`, the same code the
//! cargo-fuzz targets run. The bodies assert invariants, so a reproducer that still panics
//! fails this test, naming the file.
//!
//! Corpus files run in this process (each under `catch_unwind`). Reproducers run one per child
//! process (this test binary re-run with `CRMKIT_FUZZ_ONE` set), so one that aborts, runs out of
//! memory (the child's address space is capped at 4 GiB on Linux) or hangs (30 s) is reported
//! like a panic instead of taking the whole test run down.
//!
//! Run: `cargo test --release --test fuzz_corpus`.

#[allow(dead_code)]
#[path = "../fuzz/bodies.rs"]
mod bodies;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// (target name, its body).
type Target = (&'static str, fn(&[u8]));

const TARGETS: [Target; 6] = [
    ("ingest", bodies::ingest),
    ("ingest_stream", bodies::ingest_stream),
    ("attributes", bodies::attributes),
    ("messages", bodies::messages),
    ("summary_table", bodies::summary_table),
    ("analyses", bodies::analyses),
];

const ONE: &str = "CRMKIT_FUZZ_ONE";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn body(target: &str) -> fn(&[u8]) {
    TARGETS.iter().find(|(t, _)| *t == target).unwrap_or_else(|| panic!("unknown fuzz target {target}")).1
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut out: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file()).collect();
    out.sort();
    out
}

/// The target of a reproducer `tests/fixtures/fuzz/<target>-<name>.bin` (the longest target
/// name that prefixes it: `summary_table-…` is not `summary…`).
fn target_of(path: &Path) -> Option<&'static str> {
    let name = path.file_name()?.to_str()?;
    TARGETS.iter().map(|(t, _)| *t).filter(|t| name.starts_with(&format!("{t}-"))).max_by_key(|t| t.len())
}

#[test]
fn corpora_replay_without_panics() {
    let mut failures = Vec::new();
    let mut count = 0;
    for (target, run) in TARGETS {
        for path in files(&root().join("fuzz/corpus").join(target)) {
            let data = std::fs::read(&path).expect("read corpus file");
            count += 1;
            if std::panic::catch_unwind(|| run(&data)).is_err() {
                failures.push(path.display().to_string());
            }
        }
    }
    assert!(failures.is_empty(), "{} of {count} corpus files panic:\n{}", failures.len(), failures.join("\n"));
    eprintln!("{count} corpus files replayed");
}

/// Child side: run one file through one body (when `CRMKIT_FUZZ_ONE` is `<target>:<path>`).
#[test]
fn replay_one() {
    let Ok(spec) = std::env::var(ONE) else { return };
    let (target, path) = spec.split_once(':').expect("<target>:<path>");
    let data = std::fs::read(path).expect("read reproducer");
    body(target)(&data);
}

#[test]
fn reproducers_no_longer_crash() {
    let exe = std::env::current_exe().expect("test binary");
    let mut failures = Vec::new();
    let files = files(&root().join("tests/fixtures/fuzz"));
    let mut count = 0;
    for path in &files {
        if path.extension().and_then(|e| e.to_str()) != Some("bin") {
            continue;
        }
        let Some(target) = target_of(path) else { panic!("{}: name it <target>-<name>.bin", path.display()) };
        count += 1;
        let mut command = if cfg!(target_os = "linux") && Path::new("/bin/sh").exists() {
            // Cap the child's address space, so a reproducer that allocates without bound fails
            // fast instead of swapping the machine.
            let mut c = std::process::Command::new("/bin/sh");
            c.arg("-c").arg("ulimit -v 4194304 && exec \"$0\" \"$@\"").arg(&exe);
            c
        } else {
            std::process::Command::new(&exe)
        };
        command.args(["--exact", "replay_one", "--nocapture", "--test-threads=1"]).env(ONE, format!("{target}:{}", path.display()));
        command.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::piped());
        let mut child = command.spawn().expect("spawn the test binary");
        let reader = child.stderr.take().map(|mut e| {
            std::thread::spawn(move || {
                use std::io::Read;
                let mut s = String::new();
                let _ = e.read_to_string(&mut s);
                s
            })
        });
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait") {
                break Some(status);
            }
            if started.elapsed() > Duration::from_secs(30) {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        let stderr = reader.and_then(|r| r.join().ok()).unwrap_or_default();
        match status {
            Some(s) if s.success() => {}
            Some(s) => {
                // "thread '…' panicked at file:line:col:" and the message on the next line.
                let lines: Vec<&str> = stderr.lines().collect();
                let why = match lines.iter().position(|l| l.contains("panicked at") || l.contains("memory allocation")) {
                    Some(i) => lines[i..lines.len().min(i + 2)].join(" ").trim().to_string(),
                    None => lines.last().copied().unwrap_or("").to_string(),
                };
                failures.push(format!("{} ({s}): {why}", path.display()));
            }
            None => failures.push(format!("{}: still running after 30 s", path.display())),
        }
    }
    assert!(failures.is_empty(), "{} of {count} reproducers still fail:\n{}", failures.len(), failures.join("\n"));
    eprintln!("{count} reproducers replayed");
}

/// Writes the seed corpora into `fuzz/corpus/<target>/seed-*` from the repo's fixtures, the
/// synthetic shop and a few hand-written files (run once before fuzzing; then `cargo fuzz cmin`):
/// `cargo test --release --test fuzz_corpus -- --ignored write_seed_corpora`.
#[test]
#[ignore]
fn write_seed_corpora() {
    let fixtures = root().join("tests/fixtures");
    let read = |rel: &str| std::fs::read(fixtures.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let write = |target: &str, name: &str, head: &[u8], body: &[u8]| {
        let dir = root().join("fuzz/corpus").join(target);
        std::fs::create_dir_all(&dir).expect("corpus dir");
        let mut bytes = head.to_vec();
        bytes.extend_from_slice(body);
        std::fs::write(dir.join(format!("seed-{name}")), bytes).expect("write seed");
    };
    let small = |dir: &Path, max: u64| -> Vec<(String, Vec<u8>)> {
        files(dir)
            .into_iter()
            .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("csv" | "tsv")))
            .filter(|p| std::fs::metadata(p).map(|m| m.len() <= max).unwrap_or(false))
            .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
            .collect()
    };
    let utf16le = |text: &str| -> Vec<u8> {
        let mut out = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            out.extend_from_slice(&u.to_le_bytes());
        }
        out
    };

    // ingest: [flags, extra, columns] + an order file.
    let mut orders: Vec<(String, Vec<u8>)> = small(&fixtures, 4096).into_iter().filter(|(n, _)| n != "customers_12.csv").collect();
    orders.extend(small(&fixtures.join("exports"), 12_000).into_iter().filter(|(n, _)| !n.contains(".utf8.")));
    let hand: Vec<(&str, Vec<u8>)> = vec![
        ("extreme-dates", bodies::EXTREME_DATES_CSV.to_vec()),
        ("md-dates", b"Customer ID,InvoiceDate,Quantity,Price,Invoice\nC1,3/4/2024 10:00,1,2.5,INV1\nC2,12/11/2024 10:00,2,1.5,INV2\n".to_vec()),
        ("open-quote", b"customer_id,order_date,amount\nC1,2024-01-05,100\nC2,2024-01-06,\"20\nC3,2024-01-07,5\n".to_vec()),
        ("utf16", utf16le("customer_id,order_date,amount,product_name\nC1,2024-01-05,100,\u{1F9F4}\nC2,2024-01-06,200,靴下\n")),
        ("blank-ish", b"customer_id,order_date,amount\n,,\n , ,\n\nC1,2024-01-01,100\n".to_vec()),
        ("header-only", b"customer_id,order_date,amount\n".to_vec()),
        ("negative-return", b"customer_id,order_date,amount,order_id\nC1,2024-01-01,100,A\nC1,2024-01-02,-100,B\nC1,1999-12-31,1e308,C\n".to_vec()),
        ("xlsx", b"PK\x03\x04\x14\x00\x06\x00".to_vec()),
        ("crlf-semicolon", b"customer_id;order_date;amount\r\nC1;2024-01-05;1.234,5\r\nC2;2024-01-06;7\r\n".to_vec()),
    ];
    // ingest_stream: the same layout (the file is read past the stream's decision point).
    for (name, bytes) in orders.iter().map(|(n, b)| (n.as_str(), b.clone())).chain(hand) {
        write("ingest", name, &[0, 0, 0], &bytes);
        write("ingest_stream", name, &[0, 0x03, 0], &bytes);
    }
    let orders_utf8 = read("orders_utf8.csv");
    for (i, head) in [[0x40u8, 3, 0], [0x80, 0x5A, 0], [0x80 | 0x08, 0xC1, 0x21], [0x02, 0x0B, 0x13], [0x03, 0x01, 0]].iter().enumerate() {
        write("ingest", &format!("options-{i}"), head, &orders_utf8);
        write("ingest_stream", &format!("options-{i}"), head, &orders_utf8);
    }
    write("ingest", "sjis-as-utf8", &[0x02, 0x07, 0], &read("orders_sjis.csv"));
    write("ingest_stream", "sjis-cut", &[0x00, 0x00, 0x01], &read("orders_sjis.csv"));

    // attributes: [flags, extra] + a customer table (for the synthetic shop's ids C0000001 …).
    let synthetic = crmkit::synthetic::synthetic(&crmkit::synthetic::SyntheticOptions { customers: 60, seed: 17, products: Some(25), consumables: true }).unwrap();
    let ids: Vec<&str> = synthetic.customer_ids.iter().take(12).collect();
    write("attributes", "customers_12", &[0, 0], &read("customers_12.csv"));
    let table = String::from_utf8(read("customers_12.csv")).unwrap();
    let mut renamed = table.clone();
    for (letter, id) in ["A", "B", "C", "D", "E", "F", "G", "H", "X"].iter().zip(&ids) {
        renamed = renamed.replace(&format!("\n{letter},"), &format!("\n{id},"));
    }
    write("attributes", "customers_12-synthetic-ids", &[0, 0], renamed.as_bytes());
    write("attributes", "customers_12-asof", &[0x80, 0x30], renamed.as_bytes());
    write("attributes", "customers_12-columns", &[0x40, 0x21], renamed.as_bytes());
    let mut wide = String::from("member,age,sex,rank,points\n");
    for (i, id) in ids.iter().enumerate() {
        wide.push_str(&format!("{id},{},{},{},{}\n", 15 + i * 6, ["m", "f", "x"][i % 3], ["gold", ""][i % 2], i * 100));
    }
    write("attributes", "age-column", &[0, 0xF0], wide.as_bytes());
    write("attributes", "tsv-sjis", &[0x0B, 0], &read("orders_sjis.csv"));

    // messages: [flags, extra] + a message log.
    let mut ds = synthetic.clone();
    let log = crmkit::campaigns::synthetic::messages_csv(&ds, 17);
    let cut = log.iter().take(40_000).rposition(|&b| b == b'\n').map_or(log.len(), |i| i + 1);
    write("messages", "synthetic-log", &[0, 0], &log[..cut]);
    crmkit::campaigns::log::add_messages(&mut ds, &log, &Default::default()).expect("synthetic log loads");
    for (name, bytes) in small(&fixtures.join("messages"), 12_000) {
        let flags = if name.starts_with("synergy") { [0x80, 0x20] } else { [0x80, 0] };
        write("messages", &name, &flags, &bytes);
    }
    write("messages", "utc-offset", &[0, 0x0A], &log[..cut.min(4000)]);

    // summary_table: [flags, extra] + a customer summary.
    let cdnow = read("reference/cdnow_summary_lifetimes.csv");
    let cut = cdnow.iter().take(20_000).rposition(|&b| b == b'\n').unwrap() + 1;
    write("summary_table", "cdnow-lifetimes", &[0, 2], &cdnow[..cut]);
    write("summary_table", "cdnow-day", &[0, 0x0F], &cdnow[..cut.min(3000)]);
    write("summary_table", "names", &[0, 2], b"customer_id,frequency,recency,T,monetary_value\nA,2,30.4,38.9,22.35\nB,0,0,38.9,0\nC,1,1.7,38.9,11.77\nC,1,1.7,38.9,11.77\nD,-1,0,1,1\nE,1,5,2,1\n");
    write("summary_table", "columns", &[0x80, 0x12], b"id,f,r,age,m\n1,2,30.4,38.9,22.35\n2,0,0,38.9,0\n");

    // analyses: [analysis, dataset, n, options…] + an order file, each analysis on each dataset
    // with default options, and a few with option bytes.
    let segments = read("segments_12.csv");
    let baskets = read("baskets_5.csv");
    for (i, name) in bodies::ANALYSES.iter().enumerate() {
        write("analyses", &format!("{name}-segments"), &[i as u8, 0, 0], &segments);
        write("analyses", &format!("{name}-synthetic"), &[i as u8, 1, 0], &[]);
        write("analyses", &format!("{name}-extreme"), &[i as u8, 3, 0], &[]);
        let options = [0xFF, 3, 0, 5, 3, 0x10, 1, 7, 20, 2, 3, 0xC0, 0];
        let mut head = vec![i as u8, 2, options.len() as u8];
        head.extend_from_slice(&options);
        write("analyses", &format!("{name}-baskets-options"), &head, &baskets);
    }
    eprintln!("seeds written under {}", root().join("fuzz/corpus").display());
}
