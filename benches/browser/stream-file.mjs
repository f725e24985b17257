// A file streamed from disk in headless Chromium, as a user's dropped file is: the page gets a
// disk-backed File (Playwright's setInputFiles), reads it with File.stream() into CsvReader and
// runs summary, RFM and monthly cohorts. Each mode runs in a fresh page (a fresh wasm memory):
//   streamed  new CsvReader(size, {}): every chunk parsed as it arrives (what the demo does)
//   buffered  new CsvReader(size): bytes kept in wasm memory, parsed by finish()
// Prints seconds and the peak WebAssembly memory (its size at the end) against the file size.
//   node benches/browser/stream-file.mjs FILE [--modes streamed,buffered] [--json]
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
const modes = (args.find((a) => a.startsWith('--modes='))?.slice(8) ?? 'streamed,buffered').split(',');
const JSON_OUT = args.includes('--json');
if (!file || !fs.existsSync(file)) {
  console.error('usage: node benches/browser/stream-file.mjs FILE [--modes=streamed,buffered] [--json]');
  process.exit(2);
}
const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm' };
const server = http.createServer((req, res) => {
  const p = decodeURIComponent(req.url.split(/[?#]/, 1)[0]);
  const f = (p === '/benches/browser/stream.html' || p.startsWith('/pkg/web/')) && !p.includes('..') ? path.join(ROOT, p) : null;
  fs.stat(f ?? '', (err, st) => {
    if (!f || err || !st.isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': MIME[path.extname(f)] ?? 'application/octet-stream', 'Content-Length': st.size });
    fs.createReadStream(f).pipe(res);
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  timeout: 90_000,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const results = [];
try {
  for (const mode of modes) {
    const context = await browser.newContext();
    await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()));
    const page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && console.error(`[page] ${m.text()}`));
    await page.goto(`${origin}/benches/browser/stream.html`);
    await page.waitForFunction(() => window.benchReady === true);
    await page.setInputFiles('#file', path.resolve(file));
    let r;
    try {
      r = await page.evaluate((streamed) => window.streamBench(streamed), mode === 'streamed');
    } catch (e) {
      r = { streamed: mode === 'streamed', error: String(e.message).split('\n')[0] };
    }
    results.push({ mode, ...r });
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
const MB = 1e6;
for (const r of results) {
  if (r.error) {
    console.log(`${r.mode.padEnd(9)} failed: ${r.error}`);
    continue;
  }
  const total = r.readSeconds + r.finishSeconds;
  console.log(
    `${r.mode.padEnd(9)} ${r.rows} rows, ${(r.fileBytes / MB).toFixed(0)} MB in ${r.chunks} chunks: load ${total.toFixed(2)} s ` +
      `(read ${r.readSeconds.toFixed(2)} + finish ${r.finishSeconds.toFixed(2)}; ${(r.fileBytes / MB / total).toFixed(0)} MB/s), ` +
      `summary+RFM+cohorts ${r.analysesSeconds.toFixed(2)} s; wasm memory peak ${(r.wasmBytes / MB).toFixed(0)} MB = ${(r.wasmBytes / r.fileBytes).toFixed(2)}× the file ` +
      `(Dataset ${(r.datasetBytes / MB).toFixed(0)} MB)`,
  );
}
if (JSON_OUT) process.stdout.write(`${JSON.stringify(results)}\n`);
process.exit(results.some((r) => r.error) ? 1 : 0);
