#!/usr/bin/env bash
# Benchmarks (README: `npm run bench`): a ~1M-line synthetic order CSV, ingested natively and by
# the wasm package under Node; its ~1.3M-message synthetic log through the campaign analyses. Prints MB/s and memory; not part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
cargo build --release --bin crmkit
mkdir -p bench-data
csv=bench-data/orders_1m.csv
customers=130000   # ≈ 1.0M order lines, 2,000 products
if [ ! -f "$csv" ] || [ "$(head -c 0 "$csv"; cat bench-data/.customers 2>/dev/null)" != "$customers" ]; then
  echo "[bench] generating $csv ($customers customers)" >&2
  target/release/crmkit synth --customers "$customers" --seed 1 --out "$csv"
  echo "$customers" > bench-data/.customers
fi
sjis=bench-data/orders_1m_sjis.csv
if [ ! -f "$sjis" ] || [ "$sjis" -ot "$csv" ]; then
  # The same file as Excel on Japanese Windows writes it: CP932, no BOM.
  tail -c +4 "$csv" | iconv -f UTF-8 -t CP932 > "$sjis"
fi
for file in "$csv" "$sjis"; do
  echo "== ingest $file: $(wc -l < "$file") lines, $(du -m "$file" | cut -f1) MB"
  target/release/crmkit bench-ingest "$file" --runs 3
  node scripts/bench-ingest.mjs "$file" 3
done
messages=bench-data/messages_1m.csv
if [ ! -f "$messages" ] || [ "$messages" -ot "$csv" ]; then
  echo "[bench] generating $messages (the synthetic message log of $csv)" >&2
  target/release/crmkit synth-messages "$csv" --seed 1 --out "$messages"
fi
echo "== product axis on $csv"
target/release/crmkit bench-products "$csv" --runs 3
node scripts/bench-products.mjs "$csv" 3
echo "== campaigns: $(wc -l < "$messages") message rows on $(wc -l < "$csv") order lines"
target/release/crmkit bench-campaigns "$csv" "$messages" --runs 3
node scripts/bench-campaigns.mjs "$csv" "$messages" 3
echo "== peak memory: whole buffer (fromCsv) vs chunks into wasm (CsvReader) vs chunks parsed as they arrive (CsvReader with options)"
node scripts/bench-chunked.mjs "$csv"
peer=benches/peer/duckdb-vs-crmkit.mjs
if [ -f "$peer" ]; then
  echo "== peer: DuckDB-WASM on the same CSV, same Node process"
  (cd benches/peer && { [ -d node_modules ] || npm ci --no-audit --no-fund; })
  node "$peer" "$csv"
fi
# The peer benchmark as one table: crmkit native / wasm in Node / wasm in Chromium vs DuckDB-WASM in Node and Chromium (scripts/bench-table.mjs; CRMKIT_BENCH_10M=1 adds the 10M-line file).
bash scripts/setup.sh --browser && node scripts/bench-table.mjs
echo "== a file streamed from disk in headless Chromium (File.stream() into CsvReader), wasm memory peak"
node benches/browser/stream-file.mjs "$csv"
if [ "${CRMKIT_BENCH_10M:-}" = 1 ] && [ -f bench-data/peer_10m.csv ]; then
  node benches/browser/stream-file.mjs bench-data/peer_10m.csv
fi
