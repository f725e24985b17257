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
import { Dataset } from 'crmkit';
import { openDuckdbWasm } from '../../benches/peer/duckdb-node.mjs';

const ROOT = new URL('../../', import.meta.url).pathname;
const PYTHON = path.join(ROOT, '.venv-sql', 'bin', 'python');

const objects = ({ columns, rows }) => rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i]])));
// customer_summary's calibration end, as its header says to edit it, for the shop's dates.
const CALIBRATION_END = '2025-06-30';
const EDITS = { customer_summary: [["DATE '1997-09-30'", `DATE '${CALIBRATION_END}'`]] };
const editedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crmkit-sql-templates-'));
/** The template file to run: sql/<name>.<dialect>.sql, or a copy with its documented edits. */
function template(name, dialect) {
  const file = path.join(ROOT, 'sql', `${name}.${dialect}.sql`);
  if (!EDITS[name]) return file;
  let text = fs.readFileSync(file, 'utf8');
  for (const [from, to] of EDITS[name]) {
    assert.ok(text.includes(from), `${file} has ${from}`);
    text = text.split(from).join(to);
  }
  const copy = path.join(editedDir, `${name}.${dialect}.sql`);
  fs.writeFileSync(copy, text);
  return copy;
}

/** The engines each template runs on: name → (template name, orders CSV) → rows as objects. */
const ENGINES = {
  'native DuckDB': (name, csv) => objects(JSON.parse(execFileSync(PYTHON, [path.join(ROOT, 'scripts/sql/run.py'), template(name, 'duckdb'), csv], { maxBuffer: 1 << 28 }))),
  'DuckDB-WASM': (name, csv) => duckdbWasm(fs.readFileSync(template(name, 'duckdb'), 'utf8'), csv),
  'BigQuery dialect, sqlglot → DuckDB': (name, csv) =>
    objects(JSON.parse(execFileSync(PYTHON, [path.join(ROOT, 'scripts/sql/run.py'), template(name, 'bigquery'), csv, '--dialect', 'bigquery'], { maxBuffer: 1 << 28 }))),
  'Spark dialect, sqlglot → DuckDB': (name, csv) =>
    objects(JSON.parse(execFileSync(PYTHON, [path.join(ROOT, 'scripts/sql/run.py'), template(name, 'spark'), csv, '--dialect', 'spark'], { maxBuffer: 1 << 28 }))),
  // One Spark session for every template (starting one takes ~10 s), on first use per CSV.
  'Apache Spark (local mode)': (name, csv) => objects(sparkResults(csv)[template(name, 'spark')]),
};

const TEMPLATES = ['customers', 'products', 'cohort_activity', 'cooccurrence', 'customer_summary'];
const sparkRuns = new Map();
function sparkResults(csv) {
  if (!sparkRuns.has(csv)) {
    const args = [path.join(ROOT, 'scripts/sql/spark.py'), csv, ...TEMPLATES.map((t) => template(t, 'spark'))];
    sparkRuns.set(csv, JSON.parse(execFileSync(PYTHON, args, { maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] })));
  }
  return sparkRuns.get(csv);
}

// DuckDB-WASM (the pinned peer of benches/peer), the orders view as scripts/sql/run.py makes it.
let wasmConn = null;
function duckdbWasm(sql, csv) {
  const cols = "{'order_id': 'VARCHAR', 'customer_id': 'VARCHAR', 'order_date': 'TIMESTAMP', 'product_id': 'VARCHAR', 'product_name': 'VARCHAR', 'category': 'VARCHAR', 'quantity': 'DOUBLE', 'unit_price': 'DOUBLE', 'amount': 'DOUBLE'}";
  wasmConn.db.registerFileBuffer('orders.csv', new Uint8Array(fs.readFileSync(csv)));
  wasmConn.conn.query(`CREATE OR REPLACE TABLE raw AS SELECT * FROM read_csv('orders.csv', header = true, auto_detect = false, columns = ${cols})`);
  wasmConn.conn.query('CREATE OR REPLACE VIEW orders AS SELECT *, ROW_NUMBER() OVER () AS line_no FROM raw');
  const table = wasmConn.conn.query(sql.trim().replace(/;\s*$/, ''));
  const fields = table.schema.fields.map((f) => [f.name, /^Date/.test(String(f.type))]);
  return table.toArray().map((r) => {
    const o = r.toJSON();
    return Object.fromEntries(fields.map(([c, isDate]) => {
      const v = o[c];
      // Dates arrive as epoch milliseconds, counts as BigInt.
      if (isDate && v != null) return [c, new Date(Number(v)).toISOString().slice(0, 10)];
      if (typeof v === 'bigint') return [c, Number(v)];
      return [c, v];
    }));
  });
}

/** The synthetic shop as a CSV file, written once (both suites and every engine read the same file). */
let shopFile = null;
function shopCsv(bytes) {
  if (!shopFile) {
    shopFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'crmkit-sql-')), 'orders.csv');
    fs.writeFileSync(shopFile, bytes);
  }
  return shopFile;
}

const close = (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
const DAY = 86400000;
const dayOf = (iso) => Date.parse(`${iso}T00:00:00Z`) / DAY;

describe('warehouse templates (sql/) equal crmkit on the raw lines', () => {
  let csv;
  let ref;
  before(async () => {
    wasmConn = await openDuckdbWasm();
    const bytes = Dataset.syntheticCsv({ customers: 2000, seed: 11 });
    csv = shopCsv(bytes);
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
      // first_line numbers the customers as crmkit does (the order of their first line).
      const order = [...rows].sort((a, b) => a.first_line - b.first_line).map((r) => r.customer_id);
      assert.deepEqual(order, ids, 'customers by first_line = customerIds()');
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

describe('warehouse templates: products, cohort activity, co-occurrence', () => {
  let csv;
  let ref;
  before(() => {
    const bytes = Dataset.syntheticCsv({ customers: 2000, seed: 11 });
    csv = shopCsv(bytes);
    const ds = Dataset.fromCsv(bytes);
    const products = ds.products();
    const cohorts = Object.fromEntries(['customers', 'orders', 'revenue'].map((metric) => [metric, ds.cohorts({ metric })]));
    const ids = ds.productIds();
    const pairs = {};
    for (const basket of ['customer', 'order']) {
      pairs[basket] = new Map();
      for (const a of ids) {
        for (const s of ds.similarItems(a, ids.length, { similarity: 'cooccurrence', basket })) pairs[basket].set(`${a}|${s.productId}`, s.together);
      }
    }
    ref = { products, cohorts, pairs, clvWeeks: { ids: ds.customerIds(), clv: ds.clv({ calibrationEnd: CALIBRATION_END }) } };
    ds.free();
  });

  for (const [engine, run] of Object.entries(ENGINES)) {
    it(`products (${engine}): revenue, units, orders, buyers and repeat buyers of every product`, () => {
      const rows = run('products', csv);
      const got = new Map(rows.map((r) => [r.product_id, r]));
      const items = ref.products.items;
      assert.equal(rows.length, items.length, 'one row per product');
      for (const it of items) {
        const r = got.get(it.item);
        assert.ok(r, `${it.item} in the SQL output`);
        assert.ok(close(r.revenue, it.revenue), `${it.item} revenue ${r.revenue} vs ${it.revenue}`);
        assert.ok(close(r.units, it.units), `${it.item} units`);
        assert.deepEqual([r.orders, r.buyers, r.repeat_buyers], [it.orders, it.buyers, it.repeatBuyers], `${it.item} orders, buyers, repeat buyers`);
        assert.equal(r.product_name, it.name, `${it.item} name`);
      }
    });

    it(`cohort_activity (${engine}): every cell of the monthly cohort matrices (customers, orders, revenue)`, () => {
      const rows = run('cohort_activity', csv);
      const cells = new Map(); // "cohort|period" → { customers, orders, revenue }
      for (const r of rows) {
        const key = `${String(r.cohort).slice(0, 7)}|${r.period}`;
        const cell = cells.get(key) ?? { customers: 0, orders: 0, revenue: 0 };
        cell.customers += r.orders > 0 ? 1 : 0;
        cell.orders += r.orders;
        cell.revenue += r.revenue;
        cells.set(key, cell);
      }
      let observed = 0;
      for (const metric of ['customers', 'orders', 'revenue']) {
        const m = ref.cohorts[metric];
        const nP = m.periods.length;
        m.cohorts.forEach((c, i) => {
          for (let k = 0; k < nP; k++) {
            const v = m.values[i * nP + k];
            const cell = cells.get(`${c.label}|${k}`);
            if (Number.isNaN(v)) {
              assert.equal(cell, undefined, `${c.label} +${k}: a future cell has no activity`);
              continue;
            }
            observed++;
            assert.ok(close(cell?.[metric] ?? 0, v), `${metric} ${c.label} +${k}: ${cell?.[metric] ?? 0} vs ${v}`);
          }
        });
        // Cohort sizes: the customers active in period 0.
        m.cohorts.forEach((c) => assert.equal(cells.get(`${c.label}|0`)?.customers, c.size, `${c.label} size`));
      }
      assert.ok(observed > 1000, `cells compared: ${observed}`);
    });

    it(`customer_summary (${engine}): the CLV summary (frequency, recency, T, monetary value in weeks) of every customer`, () => {
      const rows = run('customer_summary', csv);
      const { ids, clv } = ref.clvWeeks;
      const index = new Map(ids.map((id, i) => [id, i]));
      assert.equal(rows.length, Array.from(clv.frequency).filter((v) => !Number.isNaN(v)).length, 'customers with a purchase by the calibration end');
      for (const r of rows) {
        const i = index.get(r.customer_id);
        const ours = [clv.frequency[i], clv.recency[i], clv.T[i], clv.monetaryValue[i]];
        const theirs = [r.frequency, r.recency, r.T ?? r.t, r.monetary_value];
        ours.forEach((v, k) => assert.ok(close(v, theirs[k]), `${r.customer_id} field ${k}: ${v} vs ${theirs[k]}`));
      }
    });

    it(`cooccurrence (${engine}): the customer and order basket counts of every pair`, () => {
      const rows = run('cooccurrence', csv);
      for (const basket of ['customer', 'order']) {
        const expected = ref.pairs[basket];
        const got = new Map();
        for (const r of rows.filter((x) => x.basket === basket && x.item_a !== x.item_b)) {
          got.set(`${r.item_a}|${r.item_b}`, r.count);
          got.set(`${r.item_b}|${r.item_a}`, r.count);
        }
        assert.equal(got.size, expected.size, `${basket}: pairs`);
        for (const [pair, n] of expected) assert.equal(got.get(pair), n, `${basket} ${pair}`);
        // The diagonal: baskets with the item = the product's buyers (customer) or orders (order).
        const diag = new Map(rows.filter((x) => x.basket === basket && x.item_a === x.item_b).map((r) => [r.item_a, r.count]));
        for (const it of ref.products.items) assert.equal(diag.get(it.item) ?? 0, basket === 'customer' ? it.buyers : it.orders, `${basket} ${it.item} baskets`);
      }
    });
  }
});

// The summary-level dataset: the customers table from the warehouse read back into crmkit, on
// which rfm and deciles give what they give on the raw lines — every customer, every cell.
describe('Dataset.fromSummaries: rfm and deciles on the warehouse customers table', () => {
  let raw;
  let tableCsv;
  before(() => {
    const bytes = Dataset.syntheticCsv({ customers: 2000, seed: 11 });
    const ds = Dataset.fromCsv(bytes);
    raw = { ids: ds.customerIds(), rfm: ds.rfm(), rfmFixed: ds.rfm({ method: 'fixed', lang: 'en' }), deciles: ds.deciles() };
    ds.free();
    // The table as the warehouse writes it: the DuckDB template's rows as CSV (dates as text).
    const rows = ENGINES['native DuckDB']('customers', shopCsv(bytes));
    const columns = Object.keys(rows[0]);
    const cell = (v) => (v == null ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
    tableCsv = new TextEncoder().encode([columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\n') + '\n');
  });

  it('numbers the customers as crmkit does and gives the same rfm and deciles', () => {
    const sd = Dataset.fromSummaries({ customers: tableCsv });
    try {
      assert.deepEqual(sd.customerIds(), raw.ids, 'customers in crmkit\'s order (first_line)');
      const s = sd.summary();
      assert.equal(s.rowsRejected, 0);
      assert.equal(s.asOf, raw.rfm.asOf);
      assert.equal(s.customers, raw.ids.length);
      assert.equal(s.purchasers, raw.rfm.customersScored);
      // Every field of the results: per-customer typed arrays, segments, grid, edges, warnings.
      assert.deepEqual(sd.rfm(), raw.rfm);
      assert.deepEqual(sd.rfm({ method: 'fixed', lang: 'en' }), raw.rfmFixed);
      assert.deepEqual(sd.deciles(), raw.deciles);
    } finally {
      sd.free();
    }
  });

  it('says what a summary cannot answer, and checks its table', () => {
    const sd = Dataset.fromSummaries({ customers: tableCsv });
    try {
      assert.throws(() => sd.deciles({ periodDays: 365 }), (e) => e.code === 'INVALID_OPTION' && e.option === 'periodDays' && /order lines/.test(e.message));
      assert.throws(() => sd.rfm({ asOf: '2025-01-01' }), (e) => e.code === 'INVALID_OPTION' && e.option === 'asOf' && /as of 2026-01-01/.test(e.message));
      assert.throws(() => sd.rfm({ bins: 1 }), (e) => e.code === 'INVALID_OPTION' && e.option === 'bins');
    } finally {
      sd.free();
    }
    assert.throws(() => Dataset.fromSummaries({ customers: tableCsv, cohorts: tableCsv }), (e) => e.code === 'INVALID_OPTION' && e.option === 'fromSummaries.cohorts' && /not read yet/.test(e.message));
    assert.throws(() => Dataset.fromSummaries({ customer: tableCsv }), (e) => e.code === 'INVALID_OPTION' && /known options: customers/.test(e.message));
    assert.throws(() => Dataset.fromSummaries({}), (e) => e.code === 'INVALID_OPTION' && e.option === 'fromSummaries.customers');
    assert.throws(() => Dataset.fromSummaries(tableCsv), (e) => e.code === 'INVALID_ARGUMENT');
    // Rows that disagree on as_of, repeat a customer or lack a last purchase are rejected with reasons.
    const bad = new TextEncoder().encode(
      'customer_id,purchases,monetary,first_purchase,last_purchase,recency\n' +
        'A,2,3000,2025-01-01,2025-03-01,31\n' + // as_of 2025-04-01
        'B,1,500,2025-02-01,2025-02-01,10\n' + // as_of 2025-02-11: disagrees
        'A,1,100,2025-01-01,2025-01-01,90\n' + // repeated
        'C,1,100,,,\n' + // a purchase without a last purchase
        'D,0,-200,,,\n', // only returns: kept, not scored
    );
    const small = Dataset.fromSummaries({ customers: bad });
    try {
      const s = small.summary();
      assert.deepEqual(s.rejected.map((r) => [r.line, r.code]), [[3, 'inconsistent_summary'], [4, 'duplicate_customer'], [5, 'bad_date']]);
      assert.deepEqual([s.rows, s.rowsAccepted, s.customers, s.purchasers, s.revenue, s.asOf], [5, 2, 2, 1, 2800, '2025-04-01']);
      assert.deepEqual(small.customerIds(), ['A', 'D']);
    } finally {
      small.free();
    }
  });
});
