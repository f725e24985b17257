// Bundle the demo page (www/) with the built package (pkg/web) into dist/: a static folder that
// any static host can serve (no server-side logic, no external requests).
//
//   dist/index.html   the page (CSP meta included)
//   dist/app.js       page code (+ i18n, charts), minified
//   dist/worker.js    Web Worker: crmkit + the wasm module inlined, minified
//   dist/style.css
//   dist/_headers     the CSP as a response header, for hosts that read this file
//
// Names are not hashed: the page creates `new Worker('./worker.js')`, and a static host should
// serve these files with revalidation. Run after scripts/build.sh has produced pkg/web.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { CSP } from './serve.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WWW = path.join(ROOT, 'www');
const DIST = path.join(ROOT, 'dist');
const PKG = path.join(ROOT, 'pkg', 'web');

if (!fs.existsSync(path.join(PKG, 'crmkit_bg_inline.js'))) {
  console.error('[bundle] pkg/web is missing: run bash scripts/build.sh');
  process.exit(1);
}

// www/ imports the package as './pkg/…' (served from pkg/web by scripts/serve.mjs in --dev mode).
const pkgAlias = {
  name: 'pkg-alias',
  setup(b) {
    b.onResolve({ filter: /^\.\/pkg\// }, (args) => ({ path: path.join(PKG, args.path.slice('./pkg/'.length)) }));
  },
};

fs.rmSync(DIST, { recursive: true, force: true });
fs.mkdirSync(DIST, { recursive: true });
const result = await build({
  entryPoints: [path.join(WWW, 'app.js'), path.join(WWW, 'worker.js')],
  outdir: DIST,
  bundle: true,
  format: 'esm',
  target: ['es2022', 'chrome100', 'firefox100', 'safari15'],
  minify: true,
  legalComments: 'none',
  plugins: [pkgAlias],
  metafile: true,
  logLevel: 'warning',
});
for (const f of ['index.html', 'style.css']) fs.copyFileSync(path.join(WWW, f), path.join(DIST, f));
// The page carries its CSP in a <meta> tag, but a Web Worker takes its policy from its own
// response headers only. `_headers` (Netlify / Cloudflare Pages format) sets them on hosts that
// read it; elsewhere configure the same header (see README, "Deploying the demo").
fs.writeFileSync(
  path.join(DIST, '_headers'),
  `/*\n  Content-Security-Policy: ${CSP}\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: no-referrer\n`,
);

const sizes = Object.entries(result.metafile.outputs)
  .map(([file, o]) => `${path.basename(file)} ${(o.bytes / 1024).toFixed(0)} KiB`)
  .join(', ');
console.log(`[bundle] dist/: ${sizes}`);
