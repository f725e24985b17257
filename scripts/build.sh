#!/usr/bin/env bash
# Build the npm package into pkg/: the wasm (release), wasm-bindgen bindings for the web/bundlers
# (pkg/web, ES module) and for Node (pkg/node, CommonJS + an ES module entry), wasm-opt'd with
# npm's binaryen (never Debian's wasm-opt, which breaks modules from current rustc).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --target wasm32-unknown-unknown --lib
wasm=target/wasm32-unknown-unknown/release/crmkit.wasm

rm -rf pkg/web pkg/node
wasm-bindgen "$wasm" --out-dir pkg/web --target web --out-name crmkit
wasm-bindgen "$wasm" --out-dir pkg/node --target nodejs --out-name crmkit
# Under our "type": "module" package.json the CommonJS output needs its own marker.
printf '{ "type": "commonjs" }\n' > pkg/node/package.json

opt=node_modules/.bin/wasm-opt
if [ -x "$opt" ]; then
  # Features rustc enables by default for wasm32-unknown-unknown.
  features=(--enable-bulk-memory --enable-mutable-globals --enable-sign-ext --enable-nontrapping-float-to-int
            --enable-multivalue --enable-reference-types)
  "$opt" -O3 "${features[@]}" pkg/web/crmkit_bg.wasm -o pkg/web/crmkit_bg.wasm
  cp pkg/web/crmkit_bg.wasm pkg/node/crmkit_bg.wasm
else
  echo "[build] note: node_modules/.bin/wasm-opt not found (run scripts/setup.sh); wasm not optimised" >&2
fi

# ES module entry for Node, so `import init, { Dataset } from 'crmkit'` works there too.
node - <<'JS'
const fs = require('fs');
const names = Object.keys(require('./pkg/node/crmkit.js')).filter((n) => !n.startsWith('__'));
const lines = [
  "import { createRequire } from 'node:module';",
  "const crmkit = createRequire(import.meta.url)('./crmkit.js');",
  ...names.map((n) => `export const ${n} = crmkit.${n};`),
  '/** No-op in Node (the module is ready on import); present so browser code runs unchanged. */',
  'export default async function init() { return crmkit; }',
  '',
];
fs.writeFileSync('pkg/node/index.mjs', lines.join('\n'));
fs.writeFileSync('pkg/node/index.d.mts',
  "export * from './crmkit.js';\n/** No-op in Node; present so browser code runs unchanged. */\nexport default function init(): Promise<unknown>;\n");
JS

raw=$(stat -c %s pkg/web/crmkit_bg.wasm)
gz=$(gzip -9 -c pkg/web/crmkit_bg.wasm | wc -c)
echo "[build] pkg/web/crmkit_bg.wasm: $((raw / 1024)) KiB, $((gz / 1024)) KiB gzipped" >&2
