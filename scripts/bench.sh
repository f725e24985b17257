#!/usr/bin/env bash
# Benchmarks (README: `npm run bench`): a ~1M-line synthetic order CSV, ingested natively and by
# the wasm package under Node. Prints MB/s and memory; not part of the test suite.
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
echo "== ingest: $(wc -l < "$csv") lines, $(du -m "$csv" | cut -f1) MB"
target/release/crmkit bench-ingest "$csv" --runs 3
node scripts/bench-ingest.mjs "$csv" 3
