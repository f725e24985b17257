#!/usr/bin/env bash
# The whole test suite (README: `npm test`): native Rust tests, the wasm package from Node,
# its TypeScript types, and the demo page in headless Debian Chromium. Installs what it needs.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "setup"
bash scripts/setup.sh --browser --sql

step "native Rust tests (cargo test)"
cargo test --release --all-targets

step "lints on the host, the JS boundary included (cargo clippy -D warnings)"
cargo clippy --release --all-targets -- -D warnings

step "the JS boundary from Rust (wasm-bindgen-test in Node)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --target wasm32-unknown-unknown --lib wasm::

step "build the wasm package"
bash scripts/build.sh

step "wasm size budget"
node scripts/check-size.mjs

step "TypeScript types (tsc --noEmit on a usage file)"
node_modules/.bin/tsc -p tests/types/tsconfig.json

step "wasm package from Node + demo page in headless Chromium (node --test)"
mkdir -p test-results
# Bounded: no test may run past 10 minutes, a file's process exits when its tests end even if a
# handle is left open, and the whole step is stopped after 45 minutes (a normal run takes ~5).
timeout --kill-after=30s 45m \
  node --test --test-reporter=spec --test-force-exit --test-timeout=600000 \
  tests/js/*.test.mjs tests/browser/*.test.mjs
