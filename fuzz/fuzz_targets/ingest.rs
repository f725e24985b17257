#![no_main]
//! Fuzz target `ingest`: the body is `fuzz/bodies.rs` (shared with `tests/fuzz_corpus.rs`).

#[allow(dead_code)]
#[path = "../bodies.rs"]
mod bodies;

libfuzzer_sys::fuzz_target!(|data: &[u8]| bodies::ingest(data));
