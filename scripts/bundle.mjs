// Bundle the demo page (www/) with the built package (pkg/web) into dist/: a static folder that
// any static host can serve (no server-side logic, no external requests).
//
//   dist/index.html   the page (CSP meta included)
//   dist/app.js       page code (+ i18n, charts), minified
//   dist/worker.js    Web Worker: crmkit + the wasm module inlined, minified
//   dist/style.css
//   dist/sw.js        service worker (www/sw.js): keeps the page working offline; its cache is
//                     named after a hash of the files above, so each deploy replaces it
//   dist/_headers     the CSPs as response headers, for hosts that read this file
//
// Names are not hashed: the page creates `new Worker('./worker.js')`, and a static host should
// serve these files with revalidation. Run after scripts/build.sh has produced pkg/web.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { build } from 'esbuild';
import { CSP, SW_CSP } from './serve.mjs';

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

// The service worker's cache version: a hash of what it caches. A changed sw.js is what makes a
// browser install the new one, which then drops the old cache.
const PAGE_FILES = ['index.html', 'app.js', 'worker.js', 'style.css'];
const hash = createHash('sha256');
for (const f of PAGE_FILES) hash.update(fs.readFileSync(path.join(DIST, f)));
const version = hash.digest('hex').slice(0, 16);
const sw = fs.readFileSync(path.join(WWW, 'sw.js'), 'utf8');
const VERSION_LINE = "const VERSION = 'dev';";
if (!sw.includes(VERSION_LINE)) throw new Error(`[bundle] www/sw.js has no line ${VERSION_LINE}`);
fs.writeFileSync(path.join(DIST, 'sw.js'), sw.replace(VERSION_LINE, `const VERSION = '${version}';`));

// The page carries its CSP in a <meta> tag, but a Web Worker takes its policy from its own
// response headers only. `_headers` (Netlify / Cloudflare Pages format) sets them on hosts that
// read it; elsewhere configure the same headers (see README, "Deploying the demo"). One rule per
// file: where rules overlap, Cloudflare Pages joins the two CSPs (both apply), which would
// take connect-src 'self' away from sw.js.
const rule = (p, csp) => `${p}\n  Content-Security-Policy: ${csp}\n`;
fs.writeFileSync(
  path.join(DIST, '_headers'),
  '/*\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: no-referrer\n' +
    ['/', ...PAGE_FILES.map((f) => `/${f}`)].map((p) => rule(p, CSP)).join('') +
    rule('/sw.js', SW_CSP),
);

const sizes = Object.entries(result.metafile.outputs)
  .map(([file, o]) => `${path.basename(file)} ${(o.bytes / 1024).toFixed(0)} KiB`)
  .join(', ');
console.log(`[bundle] dist/: ${sizes}, sw.js (cache ${version})`);
