// The peer benchmark in headless Chromium (Debian's /usr/bin/chromium through playwright-core):
//   node benches/browser/run.mjs FILE [--runs N] [--suite-runs N] [--json]
// Serves the repository's benches/ and pkg/web/ plus FILE (as /data/<name>) from 127.0.0.1,
// opens benches/browser/index.html, lets the page fetch the bytes (not timed), then runs crmkit's
// tasks and DuckDB-WASM's (../peer/tasks.mjs) in the same page, checks that they agree, and prints
// the report (text; with --json the JSON object on stdout and the text on stderr). Exit status 1
// when they disagree. Requests to any other host are aborted.
// Memory: crmkit's WebAssembly memory (its size at the end = its peak) and, per phase, the peak RSS
// of the renderer process above the phase's start (VmHWM reset through /proc/PID/clear_refs;
// DuckDB's worker lives in the same process). DuckDB's worker heap is not reachable from the page.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { benchArgs, formatReport } from '../peer/tasks.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM = '/usr/bin/chromium';
const { file, runs: RUNS, suiteRuns: SUITE_RUNS, json: JSON_OUT, say } = benchArgs('node benches/browser/run.mjs');
const log = (line) => console.error(`[chromium] ${line}`);
for (const f of ['pkg/web/crmkit.js', 'benches/peer/node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser.mjs']) {
  if (!fs.existsSync(path.join(ROOT, f))) {
    console.error(`${f} is missing: run bash scripts/build.sh and (cd benches/peer && npm ci)`);
    process.exit(2);
  }
}
if (!fs.existsSync(CHROMIUM)) {
  console.error(`${CHROMIUM} is missing: run bash scripts/setup.sh --browser`);
  process.exit(2);
}

// ---- a static server: /benches/…, /pkg/web/…, and the data file ----
const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.sql': 'text/plain; charset=utf-8', '.csv': 'text/csv' };
const DATA_URL = `/data/${encodeURIComponent(path.basename(file))}`;
function resolve(urlPath) {
  if (urlPath === DATA_URL) return path.resolve(file);
  const p = decodeURIComponent(urlPath);
  if (p.includes('\0') || p.split('/').some((s) => s === '..')) return null;
  if (!p.startsWith('/benches/') && !p.startsWith('/pkg/web/')) return null;
  return path.join(ROOT, p);
}
const server = http.createServer((req, res) => {
  const f = resolve(req.url.split(/[?#]/, 1)[0]);
  fs.stat(f ?? '', (err, st) => {
    if (!f || err || !st.isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('Not Found\n');
      return;
    }
    res.writeHead(200, { 'Content-Type': MIME[path.extname(f)] ?? 'application/octet-stream', 'Content-Length': st.size, 'Cache-Control': 'no-store' });
    fs.createReadStream(f).pipe(res);
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

// ---- renderer memory through /proc ----
function descendants(pid) {
  const out = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      out.push([Number(d), ppid]);
    } catch {
      // gone
    }
  }
  const all = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [p, pp] of out) if (all.has(pp) && !all.has(p)) (all.add(p), (grew = true));
  }
  all.delete(pid);
  return [...all];
}
function renderers(browserPid) {
  return descendants(browserPid).filter((p) => {
    try {
      return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('--type=renderer');
    } catch {
      return false;
    }
  });
}
function mem(p) {
  try {
    const s = fs.readFileSync(`/proc/${p}/status`, 'utf8');
    const kb = (k) => Number(s.match(new RegExp(`^${k}:\\s+(\\d+)`, 'm'))?.[1]) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return { rss: NaN, hwm: NaN };
  }
}
function phaseStart(browserPid) {
  const start = new Map();
  let reset = true;
  for (const p of renderers(browserPid)) {
    try {
      fs.writeFileSync(`/proc/${p}/clear_refs`, '5');
    } catch {
      reset = false;
    }
    start.set(p, mem(p).rss);
  }
  return () => {
    if (!reset) return NaN;
    let peak = 0;
    for (const p of renderers(browserPid)) peak = Math.max(peak, mem(p).hwm - (start.get(p) ?? 0));
    return peak;
  };
}

// ---- the run ----
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  timeout: 60_000,
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--js-flags=--max-old-space-size=8192',
  ],
});
let exitCode = 0;
try {
  const browserPid = process.pid; // Chromium is our child: its renderers are our descendants
  const context = await browser.newContext();
  const foreign = [];
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.origin === origin || u.protocol === 'blob:' || u.protocol === 'data:') return route.continue();
    foreign.push(u.href);
    return route.abort();
  });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => (m.type() === 'error' ? problems.push(m.text()) : m.text().startsWith('[page]') && log(m.text().slice(7))));
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('crash', () => problems.push('the page crashed'));
  await page.goto(`${origin}/benches/browser/index.html`);
  await page.waitForFunction(() => window.bench, null, { timeout: 60_000 });
  const setup = await page.evaluate((dataUrl) => window.bench.setup({ dataUrl }), DATA_URL);
  const version = browser.version();
  const report = {
    runtime: 'chromium',
    environment: `Chromium ${version} headless (playwright-core); crmkit ${setup.crmkitVersion} (pkg/web, main thread; init ${setup.crmkitStartup.toFixed(2)} s); file fetched in ${setup.fetchSeconds.toFixed(2)} s (untimed)`,
    file,
    bytes: setup.bytes,
    runs: RUNS,
    suiteRuns: SUITE_RUNS,
  };

  let end = phaseStart(browserPid);
  const crm = await page.evaluate((o) => window.bench.crmkit(o), { runs: RUNS, suiteRuns: SUITE_RUNS });
  crm.memory.peakRssDeltaBytes = end();
  crm.memory.rssOf = 'renderer RSS';
  report.crmkit = crm;

  end = phaseStart(browserPid);
  const duck = await page.evaluate((o) => window.bench.duckdb(o), { runs: RUNS });
  duck.memory = { ...(duck.memory ?? {}), peakRssDeltaBytes: end(), rssOf: 'renderer RSS (incl. its worker)' };
  report.duckdb = duck;
  report.environment += `; DuckDB ${duck.version} (@duckdb/duckdb-wasm ${duck.package}, ${duck.bundle} build, Web Worker, threads=${duck.threads}; start-up ${duck.startup?.toFixed(2)} s, untimed)`;
  report.headline = {
    crmkitSuite: crm.tasks.suite.best,
    duckdbIngest: duck.tasks?.ingest.best,
    ratio: duck.tasks ? duck.tasks.ingest.best / crm.tasks.suite.best : undefined,
  };
  report.agreement = duck.error ? undefined : await page.evaluate(() => window.bench.compare());
  if (foreign.length) problems.push(`requests to other hosts (aborted): ${foreign.slice(0, 3).join(', ')}`);
  report.pageProblems = problems;
  for (const line of formatReport(report)) say(line);
  if (problems.length) say(`page problems: ${problems.join('; ')}`);
  if (JSON_OUT) console.log(JSON.stringify(report));
  if (report.agreement && !report.agreement.ok) exitCode = 1;
} catch (e) {
  console.error(`chromium run failed: ${e.stack ?? e}`);
  exitCode = 2;
} finally {
  await browser.close();
  server.close();
  server.closeAllConnections?.();
}
process.exit(exitCode);
