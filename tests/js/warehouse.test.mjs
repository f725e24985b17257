// Warehouse mode (issue 19), first part: the SQL templates in sql/ compute exactly crmkit's
// intermediate tables from the raw order lines. On the synthetic shop (2,000 customers, returns
// included) each template runs on the real engines — the DuckDB dialect in native DuckDB (PyPI
// duckdb, scripts/sql/run.py) and in DuckDB-WASM, the Spark dialect on Apache Spark in local mode
// (PyPI pyspark, scripts/sql/spark.py) — and the BigQuery and Spark dialects are also parsed by
// sqlglot in their own dialect and run transpiled to DuckDB's. Every customer and every cell is
// compared with crmkit's own results on the same lines.
// Needs `scripts/setup.sh --sql` (.venv-sql with duckdb, sqlglot and pyspark; Java 17 for Spark).
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Dataset } from 'crmkit';

const peer = createRequire(new URL('../../benches/peer/package.json', import.meta.url));

const ROOT = new URL('../../', import.meta.url).pathname;
const PYTHON = path.join(ROOT, '.venv-sql', 'bin', 'python');

const objects = ({ columns, rows }) => rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i]])));
const template = (name, dialect) => path.join(ROOT, 'sql', `${name}.${dialect}.sql`);

/** The engines each template runs on: name → (template name, orders CSV) → rows as objects. */
const ENGINES = {
  'native DuckDB': (name, csv) => objects(JSON.parse(execFileSync(PYTHON, [path.join(ROOT, 'scripts/sql/run.py'), template(name, 'duckdb'), csv], { maxBuffer: 1 << 28 }))),
  'DuckDB-WASM': (name, csv) => duckdbWasm(fs.readFileSync(template(name, 'duckdb'), 'utf8'), csv),
  'BigQuery dialect, sqlglot → DuckDB': (name, csv) =>
    objects(JSON.parse(execFileSync(PYTHON, [path.join(ROOT, 'scripts/sql/run.py'), template(name, 'bigquery'), csv, '--dialect', 'bigquery'], { maxBuffer: 1 << 28 }))),
  'Spark dialect, sqlglot → DuckDB': (name, csv) =>
    objects(JSON.parse(execFileSync(PYTHON, [path.join(ROOT, 'scripts/sql/run.py'), template(name, 'spark'), csv, '--dialect', 'spark'], { maxBuffer: 1 << 28 }))),
  'Apache Spark (local mode)': (name, csv) =>
    objects(JSON.parse(execFileSync(PYTHON, [path.join(ROOT, 'scripts/sql/spark.py'), template(name, 'spark'), csv], { maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] }))),
};

// DuckDB-WASM (the pinned peer of benches/peer), the orders view as scripts/sql/run.py makes it.
let wasmConn = null;
function duckdbWasm(sql, csv) {
  const cols = "{'order_id': 'VARCHAR', 'customer_id': 'VARCHAR', 'order_date': 'TIMESTAMP', 'product_id': 'VARCHAR', 'product_name': 'VARCHAR', 'category': 'VARCHAR', 'quantity': 'DOUBLE', 'unit_price': 'DOUBLE', 'amount': 'DOUBLE'}";
  wasmConn.db.registerFileBuffer('orders.csv', new Uint8Array(fs.readFileSync(csv)));
  wasmConn.conn.query(`CREATE OR REPLACE TABLE raw AS SELECT * FROM read_csv('orders.csv', header = true, auto_detect = false, columns = ${cols})`);
  wasmConn.conn.query('CREATE OR REPLACE VIEW orders AS SELECT *, ROW_NUMBER() OVER () AS line_no FROM raw');
  const table = wasmConn.conn.query(sql.trim().replace(/;\s*$/, ''));
  const columns = table.schema.fields.map((f) => f.name);
  return table.toArray().map((r) => {
    const o = r.toJSON();
    return Object.fromEntries(columns.map((c) => {
      const v = o[c];
      // Dates arrive as epoch milliseconds, counts as BigInt.
      if (typeof v === 'bigint') return [c, Number(v)];
      if (/purchase$/.test(c) && typeof v === 'number') return [c, new Date(v).toISOString().slice(0, 10)];
      return [c, v];
    }));
  });
}

const close = (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
const DAY = 86400000;
const dayOf = (iso) => Date.parse(`${iso}T00:00:00Z`) / DAY;

describe('warehouse templates (sql/) equal crmkit on the raw lines', () => {
  let csv;
  let ref;
  before(async () => {
    const duckdb = peer('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs');
    const dist = path.dirname(peer.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs'));
    const bundles = {
      mvp: { mainModule: path.join(dist, 'duckdb-mvp.wasm'), mainWorker: path.join(dist, 'duckdb-node-mvp.worker.cjs') },
      eh: { mainModule: path.join(dist, 'duckdb-eh.wasm'), mainWorker: path.join(dist, 'duckdb-node-eh.worker.cjs') },
    };
    const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
    await db.instantiate();
    db.open({});
    const conn = db.connect();
    conn.query('SET autoinstall_known_extensions = false');
    conn.query('SET autoload_known_extensions = false');
    wasmConn = { db, conn };
    const bytes = Dataset.syntheticCsv({ customers: 2000, seed: 11 });
    csv = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'crmkit-sql-')), 'orders.csv');
    fs.writeFileSync(csv, bytes);
    const ds = Dataset.fromCsv(bytes);
    const rfm = ds.rfm();
    const clv = ds.clv({ unit: 'day' });
    const entry = ds.cohorts({ groupBy: 'firstProduct', maxGroups: 1000 });
    const entryCategory = ds.cohorts({ groupBy: 'firstCategory', maxGroups: 1000 });
    ref = { ids: ds.customerIds(), rfm, clv, entry, entryCategory, summary: ds.summary() };
    ds.free();
    assert.ok(ref.summary.returns.orders > 0, 'the shop has returns, so net amounts and purchases differ');
  });

  for (const [engine, run] of Object.entries(ENGINES)) {
    it(`customers (${engine}): R/F/M, first and last purchase, BTYD and the entry product of every customer`, () => {
      const rows = run('customers', csv);
      const { ids, rfm, clv } = ref;
      const asOf = dayOf(rfm.asOf);
      const byId = new Map(rows.map((r) => [r.customer_id, r]));
      const buyers = ids.filter((_, i) => rfm.frequency[i] > 0);
      assert.equal(rows.filter((r) => r.purchases > 0).length, buyers.length, 'customers with a purchase');
      ids.forEach((id, i) => {
        const r = byId.get(id);
        if (rfm.frequency[i] === 0) {
          // Only returns: no purchase, a negative monetary value.
          assert.ok(!r || r.purchases === 0, `${id}: no purchase`);
          return;
        }
        assert.ok(r, `${id} in the SQL output`);
        assert.equal(r.purchases, rfm.frequency[i], `${id} purchases`);
        assert.ok(close(r.monetary, rfm.monetary[i]), `${id} monetary ${r.monetary} vs ${rfm.monetary[i]}`);
        assert.equal(r.recency, rfm.recency[i], `${id} recency`);
        assert.equal(dayOf(r.last_purchase), asOf - rfm.recency[i], `${id} last purchase`);
        assert.equal(r.x, clv.frequency[i], `${id} x`);
        assert.equal(r.t_x, clv.recency[i], `${id} t_x`);
        assert.equal(r.t, clv.T[i], `${id} T`);
        assert.equal(dayOf(r.first_purchase), asOf - 1 - clv.T[i], `${id} first purchase`);
        assert.ok(close(r.m, clv.monetaryValue[i]), `${id} m ${r.m} vs ${clv.monetaryValue[i]}`);
      });
      // The entry product and category: as many customers per item as crmkit's cohort groups.
      for (const [key, groups] of [['first_product', ref.entry.groups], ['first_category', ref.entryCategory.groups]]) {
        const counts = new Map();
        for (const r of rows) if (r.purchases > 0) counts.set(r[key], (counts.get(r[key]) ?? 0) + 1);
        const expected = new Map(groups.map((g) => [g.group, g.size]));
        assert.deepEqual(counts, expected, `${key}: customers per item`);
      }
    });
  }
});
