// ds.members / ds.membersCsv (drill to list) through the built package: the lists of the
// hand-worked cohort cells of tests/fixtures/segments_12.csv (facts in tests/cohort_fixture.rs),
// a band list equal to its CSV, and the selector's errors.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Dataset } from 'crmkit';

const fixture = (name) => new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));
const code = (f) => {
  try {
    f();
  } catch (e) {
    return [e.code, e.option];
  }
  return null;
};
/** Customer ids of a CSV export (first column, BOM and header dropped; ids here are unquoted). */
const csvIds = (bytes) => new TextDecoder().decode(bytes).replace(/^\uFEFF/, '').trim().split(/\r?\n/).slice(1).map((l) => l.split(',')[0]);

describe('ds.members', () => {
  const ds = Dataset.fromCsv(fixture('segments_12.csv'));

  it('lists a cohort cell: 2024-02 (A, E) in August, only A in January, highest spend first', () => {
    const august = ds.members({ kind: 'cohortCell', cohort: '2024-02', period: 6, includeClv: false });
    assert.equal(august.count, 2);
    assert.deepEqual([...august.customerIds].sort(), ['A', 'E']);
    assert.deepEqual(ds.members({ kind: 'cohortCell', cohort: '2024-02', period: 11, includeClv: false }).customerIds, ['A']);
    const march = ds.members({ kind: 'cohortCell', cohort: '2024-03', period: 0, includeClv: false });
    assert.deepEqual(march.customerIds, ['B', 'J']);
    assert.deepEqual(
      { id: march.customers[0].customerId, monetary: march.customers[0].monetary, first: march.customers[0].firstPurchase, last: march.customers[0].lastPurchase },
      { id: 'B', monetary: 60000, first: '2024-03-05', last: '2024-12-20' },
    );
    assert.equal(march.customers[0].clv, null);
  });

  it('exports the same ids as the call returns, with clv and p_alive columns', () => {
    const big = Dataset.synthetic({ customers: 2000, seed: 5 });
    const clv = big.clv();
    for (const band of clv.aliveBands) {
      const selector = { kind: 'aliveBand', band: band.band, limit: 3 };
      const list = big.members(selector);
      assert.equal(list.count, band.customers, band.band);
      assert.equal(list.customers.length, Math.min(3, band.customers));
      const csv = big.membersCsv(selector);
      assert.deepEqual(csvIds(csv), list.customerIds);
      assert.match(new TextDecoder().decode(csv).split(/\r?\n/)[0], /,clv,p_alive$/);
    }
  });

  it('refuses a bad selector, naming the field', () => {
    assert.deepEqual(code(() => ds.members('champions')), ['INVALID_OPTION', 'members']);
    assert.deepEqual(code(() => ds.members({ kind: 'segments' })), ['INVALID_OPTION', 'kind']);
    assert.deepEqual(code(() => ds.members({ kind: 'cohortCell', cohort: '2024-02' })), ['INVALID_OPTION', 'period']);
    assert.deepEqual(code(() => ds.members({ kind: 'decile', decile: 2, row: 'x' })), ['INVALID_OPTION', 'row']);
    assert.deepEqual(code(() => ds.members({ kind: 'cohortCell', cohort: '1999-01', period: 0 })), ['INVALID_OPTION', 'cohort']);
    assert.deepEqual(code(() => ds.membersCsv({ kind: 'decile', decile: 2, limit: -1 })), ['INVALID_OPTION', 'limit']);
  });
});
