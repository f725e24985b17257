// Peer benchmark: crmkit (wasm) vs DuckDB-WASM on the same order CSV, in the same Node process.
//   (cd benches/peer && npm ci) && node benches/peer/duckdb-vs-crmkit.mjs FILE [--runs N] [--suite-runs N] [--json]
//
// Tasks (tasks.mjs; the DuckDB side is the SQL in ../sql/): ingest, monthly summary, RFM for every
// customer, the monthly cohort matrix, item co-occurrence top-10 (order baskets; customer baskets
// on a sample), and crmkit's full suite (fromCsv + summary + rfm + deciles + cpm + repeat +
// cohorts + recommend for every customer + clv). Each timed as 1 cold call, then the best of N.
// The engines run one after the other (crmkit's phase, then DuckDB's), so that each phase's memory
// can be read: the WebAssembly memory of each engine (linear memory never shrinks, so its final
// size is its peak) and the process's peak RSS above the start of the phase (VmHWM reset through
// /proc/self/clear_refs; it includes the result objects in JS).
// Then every output is compared (rows, months, RFM per customer, every cohort cell, every item's
// top 10); any disagreement exits with status 1. If DuckDB fails (e.g. out of wasm memory), the
// error is reported as "failed: …" and the comparison is skipped.
// Both run single-threaded (DuckDB-WASM in Node has no threads). DuckDB loads its .wasm from
// node_modules; extension auto-install/auto-load is switched off, so nothing touches the network.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDuckdbWasm } from './duckdb-node.mjs';
import { SQL_FILES, compareAll, benchArgs, formatReport, runCrmkit, runDuckdb } from './tasks.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const { file, runs: RUNS, suiteRuns: SUITE_RUNS, json: JSON_OUT, say } = benchArgs('node benches/peer/duckdb-vs-crmkit.mjs');
const log = (line) => console.error(`[peer] ${line}`);

// ---- memory probes (Linux /proc) ----
function status() {
  try {
    const s = fs.readFileSync('/proc/self/status', 'utf8');
    const kb = (k) => Number(s.match(new RegExp(`^${k}:\\s+(\\d+)`, 'm'))?.[1]) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return { rss: NaN, hwm: process.resourceUsage().maxRSS * 1024 };
  }
}
function phaseStart() {
  globalThis.gc?.(); // with node --expose-gc (bench-table passes it): the previous phase's garbage goes first
  let reset = true;
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5'); // reset VmHWM to the current RSS
  } catch {
    reset = false;
  }
  const s = status();
  return () => {
    const e = status();
    return reset ? e.hwm - s.rss : NaN;
  };
}

// ---- start-up of both engines (not timed in the tasks; printed) ----
let t = performance.now();
// pkg/node does not export its WebAssembly memory: catch the instance while it is created.
const OriginalInstance = WebAssembly.Instance;
let crmkitInstance;
WebAssembly.Instance = function (module, imports) {
  const instance = new OriginalInstance(module, imports);
  crmkitInstance ??= instance;
  return instance;
};
const crmkit = await import('../../pkg/node/index.mjs');
WebAssembly.Instance = OriginalInstance;
await crmkit.default();
const crmkitStartup = (performance.now() - t) / 1000;
const crmkitWasmBytes = () => crmkitInstance?.exports.memory?.buffer.byteLength;

t = performance.now();
const { duckdb, db, conn } = await openDuckdbWasm();
const duckdbStartup = (performance.now() - t) / 1000;
const duckdbVersion = conn.query('SELECT version() AS v').get(0).v;
const duckdbThreads = Number(conn.query("SELECT current_setting('threads') AS t").get(0).t);
const bundle = (await duckdb.getPlatformFeatures()).wasmExceptions ? 'eh' : 'mvp';
const sql = Object.fromEntries(SQL_FILES.map((n) => [n, fs.readFileSync(path.join(HERE, '..', 'sql', `${n}.sql`), 'utf8')]));

// ---- input ----
const bytes = new Uint8Array(fs.readFileSync(file));
const environment =
  `Node ${process.version}; crmkit ${crmkit.version()}; DuckDB ${duckdbVersion} (@duckdb/duckdb-wasm ${duckdb.PACKAGE_VERSION}, ` +
  `${bundle} build, threads=${duckdbThreads}); start-up (untimed): crmkit ${crmkitStartup.toFixed(2)} s, DuckDB instantiate+open ${duckdbStartup.toFixed(2)} s`;
log(environment);

const report = { runtime: 'node', environment, file, bytes: bytes.length, runs: RUNS, suiteRuns: SUITE_RUNS };

// ---- crmkit phase ----
let end = phaseStart();
const crm = await runCrmkit({
  crmkit,
  bytes,
  runs: RUNS,
  suiteRuns: SUITE_RUNS,
  wasmBytes: crmkitWasmBytes,
  streams: {
    // CsvReader fed 1 MB chunks read from disk (what a Node service would do; no whole-file buffer)
    'fs stream 1 MB': () => fs.createReadStream(file, { highWaterMark: 1 << 20 }),
  },
  log,
});
crm.memory.peakRssDeltaBytes = end();
crm.memory.rssOf = 'process RSS';
report.crmkit = { tasks: crm.tasks, memory: crm.memory, rows: crm.rows, customers: crm.customers, orders: crm.orders, products: crm.products, rejected: crm.rejected };

// ---- DuckDB phase ----
let duck;
end = phaseStart();
try {
  duck = await runDuckdb({
    duck: {
      register: (name, b) => db.registerFileBuffer(name, b), // copies the bytes into DuckDB's wasm heap
      drop: (name) => db.dropFile(name),
      query: (q) => conn.query(q),
      heapBytes: () => db.mod.HEAPU8.byteLength,
    },
    bytes,
    sql,
    runs: RUNS,
    log,
  });
  duck.memory.peakRssDeltaBytes = end();
  duck.memory.rssOf = 'process RSS';
  report.duckdb = { tasks: duck.tasks, memory: duck.memory, rows: duck.results.rows };
} catch (e) {
  report.duckdb = { error: `failed: ${String(e.message ?? e).split('\n')[0]}`, memory: { wasmBytes: db.mod?.HEAPU8?.byteLength } };
}

// ---- headline and agreement ----
report.headline = {
  crmkitSuite: crm.tasks.suite.best,
  duckdbIngest: report.duckdb.tasks?.ingest.best,
  ratio: report.duckdb.tasks ? report.duckdb.tasks.ingest.best / crm.tasks.suite.best : undefined,
};
if (duck) report.agreement = compareAll(crm, duck);
for (const line of formatReport(report)) say(line);
if (JSON_OUT) console.log(JSON.stringify(report));
try {
  conn.close();
} catch {
  // already closed
}
process.exit(report.agreement && !report.agreement.ok ? 1 : 0);
