// Cohorts through the built package: typed matrices with NaN future cells, groups, options.
// Expected values: tests/cohort_fixture.rs (worked out by hand).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Dataset } from 'crmkit';

const fixture = (name) => new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));

describe('ds.cohorts', () => {
  const ds = Dataset.fromCsv(fixture('segments_12.csv'));

  it('monthly customers matrix as Float64Array with NaN future cells', () => {
    const r = ds.cohorts();
    assert.ok(r.values instanceof Float64Array && r.rates instanceof Float64Array);
    const n = r.periods.length;
    const row = r.cohorts.findIndex((c) => c.label === '2024-02');
    const cells = Array.from(r.values.subarray(row * n, row * n + 13));
    assert.deepEqual(cells.slice(0, 12), [2, 0, 1, 0, 1, 0, 2, 0, 1, 0, 1, 1]);
    assert.ok(Number.isNaN(cells[12]));
    assert.equal(r.average[0], 1);
  });

  it('LTV curve, groups and errors', () => {
    const ltv = ds.cohorts({ metric: 'cumulativeRevenuePerCustomer', maxPeriods: 4, from: '2024-03-01', to: '2024-03-31' });
    assert.deepEqual(Array.from(ltv.values), [9500, 9500, 11000, 18500]);
    const grouped = Dataset.fromCsv(fixture('orders_utf8.csv')).cohorts({ groupBy: 'firstCategory' });
    assert.equal(grouped.groups[0].group, 'スキンケア');
    assert.ok(grouped.groups[0].values instanceof Float64Array);
    assert.throws(() => ds.cohorts({ period: 'year' }), (e) => e.code === 'INVALID_OPTION' && e.option === 'period');
    assert.throws(() => ds.cohorts({ groupby: 'firstProduct' }), (e) => e.option === 'cohorts.groupby' && /groupBy/.test(e.message));
  });
});
