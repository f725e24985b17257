// The product axis through the built package, on the hand-made shop of tests/products.rs (every
// expected number is worked out there, docs/products.md), and its errors.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { errorCode } from './support.mjs';
import { Dataset } from 'crmkit';

const ORDERS = `order_id,customer_id,order_date,product_id,product_name,category,quantity,amount
o1,A,2024-01-01,P1,Coffee,food,1,1000
o1,A,2024-01-01,P2,Tea,food,2,600
o2,A,2024-01-20,P1,Coffee,food,1,1000
o3,A,2024-02-19,P1,Coffee,food,1,1000
o4,B,2024-01-05,P1,Coffee,food,1,1000
o5,B,2024-04-05,P3,Soap,care,1,500
o6,C,2024-01-10,P3,Soap,care,1,500
o7,C,2024-01-10,P3,Soap,care,1,500
o8,C,2024-03-10,P2,Tea,food,1,300
o9,D,2024-02-01,P4,Gift,,1,200
o10,D,2024-02-15,P4,Gift,,-1,-200
o11,E,2024-03-01,P2,Tea,food,1,300
`;
const shop = () => Dataset.fromCsv(new TextEncoder().encode(ORDERS));

const code = errorCode;

describe('product axis from Node (hand-computed in tests/products.rs)', () => {
  it('ABC classes, entry products, transitions, intervals and the due list', () => {
    const ds = shop();
    const p = ds.products();
    assert.deepEqual(p.items.map((x) => [x.item, x.revenue, x.class]), [['P1', 4000, 'A'], ['P3', 1500, 'A'], ['P2', 1200, 'B'], ['P4', 0, 'C']]);
    const e = ds.entryProducts({ windows: [30, 90], minCustomers: 1 });
    assert.deepEqual(e.items.map((x) => x.item), ['P2', 'P1', 'P3', 'P4']);
    assert.deepEqual(e.overall.f2.map((w) => [w.eligible, w.converted]), [[5, 2], [2, 1]]);
    const n = ds.nextProducts({ minCount: 1 });
    assert.deepEqual(n.transitions.map((t) => [t.from, t.to, t.lift]), [['P2', 'P1', 3], ['P1', 'P1', 1.5], ['P3', 'P3', 1.5], ['P1', 'P3', 0.75]]);
    const r = ds.replenishment({ minIntervals: 2 });
    assert.deepEqual(r.items.map((x) => [x.item, x.median, x.p25]), [['P1', 24.5, 21.75]]);
    const due = ds.dueToReorder({ asOf: '2024-03-10', minIntervals: 2 });
    assert.deepEqual(due.rows.map((x) => [x.customerId, x.due, x.daysUntilDue]), [['A', '2024-03-15', 5]]);
    const csv = new TextDecoder().decode(ds.dueToReorderCsv({ asOf: '2024-03-10', minIntervals: 2 })).replace(/^\uFEFF/, '');
    assert.equal(csv.trim().split(/\r?\n/)[1], 'A,P1,Coffee,3,2024-02-19,24.5,2024-03-15,5');
    const s = ds.seasonality({ items: 2 });
    assert.deepEqual(s.periods, ['2024-01', '2024-02', '2024-03', '2024-04']);
    assert.deepEqual(s.totalRevenue, [4600, 1000, 600, 500]);
  });

  it('errors name the option or the missing column', () => {
    const ds = shop();
    assert.equal(code(() => ds.seasonality({ period: 'hour' })), 'MISSING_COLUMN', 'no order times');
    assert.equal(code(() => ds.products({ abc: [0.9, 0.7] })), 'INVALID_OPTION');
    assert.equal(code(() => ds.entryProducts({ windows: [] })), 'INVALID_OPTION');
    assert.equal(code(() => ds.dueToReorder({ products: 'P9' })), 'INVALID_OPTION');
    assert.equal(code(() => ds.products({ bi: 'category' })), 'INVALID_OPTION');
    const plain = Dataset.fromCsv(new TextEncoder().encode('customer_id,order_date,amount\nA,2024-01-01,100\n'));
    assert.equal(code(() => plain.products()), 'MISSING_COLUMN');
  });
});
