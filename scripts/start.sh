#!/usr/bin/env bash
# The demo (README: `npm start`): install what is missing, build the package, serve www/ on
# http://127.0.0.1:${PORT:-8080}/ with the built-in sample data.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
exec node scripts/serve.mjs
