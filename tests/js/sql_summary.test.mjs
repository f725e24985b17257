// The SQL template sql/customer_summary.duckdb.sql, run in DuckDB-WASM on tests/fixtures/synthetic_800.csv,
// must produce exactly crmkit's own customer summary (ds.clv arrays), and Clv.fromSummary on the SQL
// output must fit the same model as ds.clv on the orders.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Dataset, Clv } from 'crmkit';
import { openDuckdbWasm } from '../../benches/peer/duckdb-node.mjs';

const root = new URL('../../', import.meta.url);
const CALIBRATION_END = '2025-06-30';

describe('sql/customer_summary.duckdb.sql', () => {
  let db;
  let conn;
  before(async () => {
    ({ db, conn } = await openDuckdbWasm());
  });
  after(() => {
    conn?.close();
  });

  it('equals crmkit summary for every customer, and Clv.fromSummary fits the same model', () => {
    const csv = readFileSync(new URL('tests/fixtures/synthetic_800.csv', root));
    db.registerFileBuffer('orders.csv', new Uint8Array(csv));
    conn.query(`CREATE OR REPLACE VIEW orders AS SELECT * FROM read_csv('orders.csv', header = true, auto_detect = false,
      columns = {'order_id': 'VARCHAR', 'customer_id': 'VARCHAR', 'order_date': 'TIMESTAMP', 'amount': 'DOUBLE'})`);
    const template = readFileSync(new URL('sql/customer_summary.duckdb.sql', root), 'utf8');
    assert.ok(template.includes("DATE '1997-09-30'"));
    const sql = template.replace("DATE '1997-09-30'", `DATE '${CALIBRATION_END}'`).replace(/;\s*$/, '');
    const rows = conn.query(sql).toArray().map((r) => r.toJSON());
    assert.ok(rows.length > 500);

    const ds = Dataset.fromCsv(new Uint8Array(csv));
    const r = ds.clv({ calibrationEnd: CALIBRATION_END });
    const ids = ds.customerIds();
    const index = new Map(ids.map((id, i) => [id, i]));
    for (const row of rows) {
      const i = index.get(row.customer_id);
      const ours = [r.frequency[i], r.recency[i], r.T[i], r.monetaryValue[i]];
      const theirs = [Number(row.frequency), row.recency, row.T, row.monetary_value];
      for (let k = 0; k < 4; k++) {
        assert.ok(Math.abs(ours[k] - theirs[k]) <= 1e-9 * Math.max(1, Math.abs(theirs[k])), `${row.customer_id} field ${k}: ${ours[k]} vs ${theirs[k]}`);
      }
    }
    // Customers with a purchase by the calibration end are exactly the SQL rows.
    assert.equal(Array.from(r.frequency).filter((v) => !Number.isNaN(v)).length, rows.length);

    const summaryCsv = ['customer_id,frequency,recency,T,monetary_value', ...rows.map((x) => `${x.customer_id},${Number(x.frequency)},${x.recency},${x.T},${x.monetary_value}`)].join('\n');
    const fromSummary = Clv.fromSummary(new TextEncoder().encode(summaryCsv));
    assert.equal(fromSummary.customerIds.length, rows.length);
    for (const key of ['r', 'alpha', 'a', 'b']) {
      assert.ok(Math.abs(fromSummary.bgnbd[key] - r.bgnbd[key]) <= 1e-6 * r.bgnbd[key], `${key}: ${fromSummary.bgnbd[key]} vs ${r.bgnbd[key]}`);
    }
  });
});
