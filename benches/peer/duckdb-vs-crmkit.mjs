// Peer benchmark: crmkit (wasm) vs DuckDB-WASM on the same order CSV, in the same Node process.
//   (cd benches/peer && npm ci) && node benches/peer/duckdb-vs-crmkit.mjs FILE [--auto-detect]
// Two tasks, each timed as 1 cold call (reported separately), then the best of 3:
//   ingest                  CSV bytes in JS memory → an analysable table
//                           crmkit: Dataset.fromCsv(bytes)
//                           DuckDB: registerFileBuffer + CREATE TABLE orders AS SELECT * FROM read_csv(...)
//   ingest+monthly summary  the above + per calendar month: distinct buying customers, purchase
//                           orders (net amount ≥ 0), net revenue; results as JS objects
//                           crmkit: Dataset.fromCsv(bytes).summary() (computes more: see README.md)
//                           DuckDB: the SQL in MONTHLY_SQL, result rows converted to JS objects
// Both run single-threaded (DuckDB-WASM in Node has no threads). DuckDB loads its .wasm from
// node_modules; extension auto-install/auto-load is switched off, so nothing touches the network.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const args = process.argv.slice(2);
const autoDetect = args.includes('--auto-detect');
const file = args.find((a) => !a.startsWith('--'));
if (!file) {
  console.error('usage: node benches/peer/duckdb-vs-crmkit.mjs FILE [--auto-detect]');
  process.exit(2);
}
const RUNS = 3;

// ---- start-up of both engines (not part of the timed tasks, printed for reference) ----
let t = performance.now();
const { default: init, Dataset, version: crmkitVersion } = await import('../../pkg/node/index.mjs');
await init();
const crmkitStartup = (performance.now() - t) / 1000;

const require = createRequire(import.meta.url);
const duckdb = require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs');
const dist = path.dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs'));
const bundles = {
  mvp: { mainModule: path.join(dist, 'duckdb-mvp.wasm'), mainWorker: path.join(dist, 'duckdb-node-mvp.worker.cjs') },
  eh: { mainModule: path.join(dist, 'duckdb-eh.wasm'), mainWorker: path.join(dist, 'duckdb-node-eh.worker.cjs') },
};
t = performance.now();
const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
await db.instantiate();
db.open({});
const conn = db.connect();
conn.query('SET autoinstall_known_extensions = false');
conn.query('SET autoload_known_extensions = false');
const duckdbStartup = (performance.now() - t) / 1000;
const duckdbVersion = conn.query('SELECT version() AS v').get(0).v;
const duckdbThreads = Number(conn.query("SELECT current_setting('threads') AS t").get(0).t);
// createDuckDB picks the EH build (wasm exception handling) when the platform supports it, else MVP.
const bundle = (await duckdb.getPlatformFeatures()).wasmExceptions ? 'eh' : 'mvp';

// ---- input ----
const bytes = new Uint8Array(readFileSync(file));
const mb = bytes.length / 1e6;

// Explicit schema (default): no sniffing, the types crmkit also produces — the date as a
// TIMESTAMP, quantity / unit_price / amount as DOUBLE (crmkit keeps f64), ids and names as text.
// With header=true and auto_detect=false the header line (and its BOM) is skipped, not read.
const READ_CSV = autoDetect
  ? "read_csv('orders.csv', header = true)"
  : "read_csv('orders.csv', header = true, auto_detect = false, delim = ',', quote = '\"', escape = '\"', " +
    "columns = {'order_id': 'VARCHAR', 'customer_id': 'VARCHAR', 'order_date': 'TIMESTAMP', " +
    "'product_id': 'VARCHAR', 'product_name': 'VARCHAR', 'category': 'VARCHAR', " +
    "'quantity': 'DOUBLE', 'unit_price': 'DOUBLE', 'amount': 'DOUBLE'})";

// An order is dated by its earliest line (as in crmkit) and its net amount is the sum of its lines;
// a purchase order has net amount ≥ 0, a return order < 0. Revenue counts both.
const MONTHLY_SQL = `
  WITH o AS (
    SELECT order_id, customer_id, min(order_date) AS d, sum(amount) AS net
    FROM orders GROUP BY order_id, customer_id
  )
  SELECT strftime(d, '%Y-%m') AS month,
         count(DISTINCT customer_id) FILTER (WHERE net >= 0) AS customers,
         count(*) FILTER (WHERE net >= 0) AS orders,
         sum(net) AS revenue
  FROM o GROUP BY month ORDER BY month`;

function duckIngest() {
  db.registerFileBuffer('orders.csv', bytes); // copies the bytes into DuckDB's wasm heap
  conn.query(`CREATE TABLE orders AS SELECT * FROM ${READ_CSV}`);
}
function duckCleanup() {
  conn.query('DROP TABLE IF EXISTS orders');
  db.dropFile('orders.csv');
}
function duckMonthly() {
  return conn
    .query(MONTHLY_SQL)
    .toArray()
    .map((r) => ({ month: r.month, customers: Number(r.customers), orders: Number(r.orders), revenue: Number(r.revenue) }));
}

// Each task: fn() does the timed work and returns a cleanup (run untimed) and a result.
const tasks = {
  ingest: {
    crmkit: () => {
      const ds = Dataset.fromCsv(bytes);
      return { cleanup: () => ds.free() };
    },
    duckdb: () => {
      duckIngest();
      return { cleanup: duckCleanup };
    },
  },
  'ingest+monthly summary': {
    crmkit: () => {
      const ds = Dataset.fromCsv(bytes);
      const summary = ds.summary();
      return { cleanup: () => ds.free(), result: summary };
    },
    duckdb: () => {
      duckIngest();
      const months = duckMonthly();
      return { cleanup: duckCleanup, result: months };
    },
  },
};

function time(fn) {
  const t0 = performance.now();
  const out = fn();
  const s = (performance.now() - t0) / 1000;
  out.cleanup();
  return { s, result: out.result };
}

const fmtS = (s) => (s < 10 ? s.toFixed(2) : s.toFixed(1));
const rate = (s) => `${(mb / s).toFixed(0)} MB/s`;

// ---- header ----
console.log(
  `Node ${process.version}; crmkit ${crmkitVersion()}; DuckDB ${duckdbVersion} ` +
    `(@duckdb/duckdb-wasm ${duckdb.PACKAGE_VERSION}, ${bundle} build, threads=${duckdbThreads})`,
);
console.log(
  `file ${file}: ${mb.toFixed(1)} MB; DuckDB read_csv: ${autoDetect ? 'auto-detection' : 'explicit schema (auto_detect=false)'}; ` +
    `best of ${RUNS} after 1 cold call; start-up (untimed): crmkit import ${fmtS(crmkitStartup)} s, duckdb instantiate+open ${fmtS(duckdbStartup)} s`,
);

const results = {};
for (const [name, engines] of Object.entries(tasks)) {
  const times = { crmkit: [], duckdb: [] };
  const out = {};
  for (let i = 0; i <= RUNS; i++) {
    // alternate which engine goes first, so drift in machine load hits both alike
    const order = i % 2 === 0 ? ['crmkit', 'duckdb'] : ['duckdb', 'crmkit'];
    for (const e of order) {
      const r = time(engines[e]);
      times[e].push(r.s);
      out[e] = r.result;
    }
  }
  const best = { crmkit: Math.min(...times.crmkit.slice(1)), duckdb: Math.min(...times.duckdb.slice(1)) };
  const ratio = best.duckdb / best.crmkit;
  const verdict = ratio >= 1 ? `crmkit is ${ratio.toFixed(1)}x faster` : `crmkit is ${(1 / ratio).toFixed(1)}x slower`;
  console.log(
    `${name.padEnd(22)} crmkit ${fmtS(best.crmkit)} s (${rate(best.crmkit)})  duckdb-wasm ${fmtS(best.duckdb)} s (${rate(best.duckdb)})  ` +
      `${verdict} (crmkit/duckdb time ${(best.crmkit / best.duckdb).toFixed(2)})   ` +
      `[cold: crmkit ${fmtS(times.crmkit[0])} s, duckdb ${fmtS(times.duckdb[0])} s]`,
  );
  results[name] = out;
}

// DuckDB: check the schema it produced (date parsed as TIMESTAMP, amount numeric, BOM not in a
// name), untimed, after the timings so that the cold calls above are each engine's first.
{
  duckIngest();
  const cols = conn.query('DESCRIBE orders').toArray().map((r) => [r.column_name, r.column_type]);
  const count = Number(conn.query('SELECT count(*) AS n FROM orders').get(0).n);
  duckCleanup();
  const type = Object.fromEntries(cols);
  const numeric = /^(DOUBLE|BIGINT|INTEGER|HUGEINT|DECIMAL.*|FLOAT)$/;
  if (cols[0][0] !== 'order_id' || type.order_date !== 'TIMESTAMP' || !numeric.test(type.amount ?? '')) {
    console.error(`FAIL: unexpected DuckDB schema: ${JSON.stringify(cols)}`);
    process.exit(1);
  }
  const summary = results['ingest+monthly summary'].crmkit;
  if (count !== summary.rows) {
    console.error(`FAIL: DuckDB loaded ${count} rows, crmkit read ${summary.rows}`);
    process.exit(1);
  }
  console.log(`duckdb table: ${count} rows (crmkit: ${summary.rows}); ${cols.map(([n, ty]) => `${n} ${ty}`).join(', ')}`);
}

// ---- agreement on the monthly figures ----
const summary = results['ingest+monthly summary'].crmkit;
const duckMonths = results['ingest+monthly summary'].duckdb;
const crmMonths = summary.byMonth.filter((m) => m.orders > 0 || m.revenue !== 0 || m.customers > 0);
const problems = [];
if (summary.rowsRejected > 0) problems.push(`crmkit rejected ${summary.rowsRejected} rows (DuckDB keeps them)`);
if (crmMonths.length !== duckMonths.length) {
  problems.push(`month count differs: crmkit ${crmMonths.length}, duckdb ${duckMonths.length}`);
}
const close = (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
for (let i = 0; i < Math.min(crmMonths.length, duckMonths.length); i++) {
  const c = crmMonths[i];
  const d = duckMonths[i];
  if (c.month !== d.month || c.orders !== d.orders || c.customers !== d.customers || !close(c.revenue, d.revenue)) {
    problems.push(`${c.month}/${d.month}: crmkit ${JSON.stringify([c.customers, c.orders, c.revenue])} duckdb ${JSON.stringify([d.customers, d.orders, d.revenue])}`);
  }
}
if (problems.length) {
  console.error(`FAIL: crmkit and DuckDB disagree on the monthly summary:\n  ${problems.slice(0, 10).join('\n  ')}`);
  process.exit(1);
}
const fmtMonth = (m) => `${m.month} revenue ${m.revenue.toLocaleString('en-US')} orders ${m.orders} customers ${m.customers}`;
console.log(
  `months agree (all ${duckMonths.length}: revenue, orders, customers): first ${fmtMonth(duckMonths[0])}, last ${fmtMonth(duckMonths[duckMonths.length - 1])}`,
);
conn.close();
