#!/usr/bin/env bash
# Install what crmkit's build and tests need, skipping whatever is already there.
#   scripts/setup.sh            Rust wasm target, wasm-bindgen-cli (pinned to Cargo.lock), npm deps
#   scripts/setup.sh --browser  … plus Debian chromium + chromium-driver for the browser tests
#   scripts/setup.sh --sql      … plus the warehouse-template tests' Python environment (.venv-sql:
#                               DuckDB, sqlglot, PySpark) and Debian's OpenJDK 17 for Spark
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }

want_browser=0
want_sql=0
for arg in "$@"; do
  case "$arg" in
    --browser) want_browser=1 ;;
    --sql) want_sql=1 ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done

# --- Rust: the wasm target -------------------------------------------------------------------
if ! command -v cargo >/dev/null; then
  echo "cargo not found: install Rust (rustup) first" >&2
  exit 1
fi
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  log "adding Rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# clippy lints the whole crate, the JS boundary included, in `npm test`.
if ! cargo clippy --version >/dev/null 2>&1; then
  log "adding the clippy component"
  rustup component add clippy
fi

# --- wasm-bindgen-cli, exactly the version of the wasm-bindgen crate in Cargo.lock ------------
if [ ! -f Cargo.lock ]; then
  cargo generate-lockfile
fi
wb_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$wb_version" ]; then
  echo "could not read the wasm-bindgen version from Cargo.lock" >&2
  exit 1
fi
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$wb_version" ]; then
  log "installing wasm-bindgen-cli $wb_version (have: ${have:-none}; takes ~4 minutes once)"
  # No --locked: the CLI's own lockfile pins a crate release the registry no longer serves.
  cargo install wasm-bindgen-cli --version "=$wb_version"
fi
have=$(wasm-bindgen --version | awk '{print $2}')
if [ "$have" != "$wb_version" ]; then
  echo "wasm-bindgen CLI $have does not match the crate version $wb_version in Cargo.lock" >&2
  exit 1
fi

# --- npm dependencies (binaryen's wasm-opt, playwright-core, typescript) ----------------------
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] \
   || [ package.json -nt node_modules/.package-lock.json ]; then
  log "installing npm dependencies"
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
fi

# --- DuckDB-WASM (pinned, in benches/peer) for the SQL-template test and the peer benchmark ----
if [ ! -f benches/peer/node_modules/.package-lock.json ] || [ benches/peer/package-lock.json -nt benches/peer/node_modules/.package-lock.json ]; then
  log "installing benches/peer npm dependencies (DuckDB-WASM)"
  (cd benches/peer && npm ci --no-audit --no-fund)
fi

# --- Python for the warehouse templates (sql/): native DuckDB, sqlglot, PySpark, pinned ----------
# In .venv-sql inside the repo (nothing cached outside it); redone when the pins change. Spark
# needs Java 17 or later: Debian's OpenJDK, when no such java is on the PATH.
java_ok() { command -v java >/dev/null && java -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); exit !(v[1] >= 17) }'; }
if [ "$want_sql" = 1 ]; then
  req=scripts/sql/requirements.txt
  if ! cmp -s "$req" .venv-sql/.requirements 2>/dev/null; then
    log "installing the warehouse-template Python environment (.venv-sql: $(tr '\n' ' ' < "$req"))"
    rm -rf .venv-sql
    python3 -m venv .venv-sql
    .venv-sql/bin/pip install --quiet --disable-pip-version-check -r "$req"
    cp "$req" .venv-sql/.requirements
  fi
  if ! java_ok; then
    log "installing Debian openjdk-17-jre-headless (for Spark)"
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y --no-install-recommends openjdk-17-jre-headless
  fi
fi

# --- Chromium for the browser tests (Debian packages; never a downloaded browser) ------------
# plus a Japanese font, so screenshots of Japanese text show glyphs rather than empty boxes.
have_font() { dpkg -s fonts-ipafont-gothic >/dev/null 2>&1; }
if [ "$want_browser" = 1 ] && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || ! have_font; }; then
  log "installing Debian chromium, chromium-driver and fonts-ipafont-gothic"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  install_browser() { $SUDO apt-get install -y --no-install-recommends chromium chromium-driver fonts-ipafont-gothic; }
  $SUDO apt-get update -qq
  # The first install has been seen to stop on a dpkg error and succeed when retried.
  if ! install_browser; then
    log "apt-get failed once; configuring dpkg and retrying"
    $SUDO dpkg --configure -a || true
    install_browser
  fi
fi
log "ready"
