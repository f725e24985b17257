// RFM and deciles through the built package: typed arrays per customer, the segment table, and
// option errors. Expected values: the hand-computed fixture in tests/segments_fixture.rs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Dataset } from 'crmkit';

const fixture = (name) => new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));

describe('ds.rfm / ds.deciles', () => {
  const ds = Dataset.fromCsv(fixture('segments_12.csv'));
  const ids = ds.customerIds();
  const at = (id) => ids.indexOf(id);

  it('returns per-customer typed arrays indexed like customerIds()', () => {
    const r = ds.rfm({ asOf: '2025-01-01', method: 'fixed', lang: 'en' });
    assert.ok(r.recency instanceof Float64Array && r.segment instanceof Uint8Array && r.frequency instanceof Uint32Array);
    assert.equal(r.segment.length, ids.length);
    assert.deepEqual([r.recency[at('A')], r.frequency[at('A')], r.monetary[at('A')]], [1, 6, 120000]);
    assert.deepEqual([r.rScore[at('L')], r.fScore[at('L')], r.mScore[at('L')]], [5, 5, 4]);
    assert.equal(r.segment[at('M')], 255);
    assert.ok(Number.isNaN(r.recency[at('M')]));
    const byId = Object.fromEntries(r.segments.map((s) => [s.id, s]));
    assert.equal(byId[r.segment[at('A')]].key, 'champions');
    assert.equal(byId[r.segment[at('A')]].name, 'Champions');
    assert.equal(byId[r.segment[at('K')]].key, 'dormant');
    assert.equal(r.customersScored, 12);
    assert.equal(r.grid.customers.length, 25);
  });

  it('quantile method warns when ties collapse edges, and names segments in Japanese by default', () => {
    const r = ds.rfm({ asOf: '2025-01-01' });
    assert.equal(r.method, 'quantile');
    assert.equal(r.warnings[0].code, 'quantile_edges_collapsed');
    assert.deepEqual(r.edges.frequency.map((x) => Math.round(x * 10) / 10), [1, 1.4, 2, 3.8, 10]);
    assert.equal(r.segments.find((s) => s.key === 'champions').name, '優良顧客');
  });

  it('deciles', () => {
    const d = ds.deciles({ asOf: '2025-01-01' });
    assert.deepEqual(d.deciles.map((x) => x.revenue), [370000, 60000, 45000, 20000, 18000, 16000, 5000, 5000, 3000, 2000]);
    assert.equal(d.decile[at('J')], 6);
    assert.equal(d.decile[at('M')], 0);
    assert.equal(d.from, null);
  });

  it('cpm', () => {
    const r = ds.cpm({ asOf: '2025-01-01', lang: 'en' });
    assert.deepEqual(r.groups.map((g) => g.customers), [2, 1, 3, 0, 2, 3, 1, 0, 0, 0]);
    assert.equal(r.groups[r.group[at('A')]].key, 'active_top');
    assert.equal(r.group[at('M')], 255);
    assert.equal(r.monthly.at(-1).month, '2024-12');
    assert.equal(r.monthly.at(-1).transitions.length, 121);
    assert.deepEqual(r.thresholds, { lapseDays: 240, tenureDays: [90, 210], spend: 70000 });
  });

  it('repeat / F2', () => {
    const r = ds.repeat({ asOf: '2025-01-01' });
    assert.deepEqual([r.buyers, r.repeatBuyers], [12, 7]);
    assert.deepEqual(r.f2Within.map((w) => [w.days, w.eligible, w.converted]), [[30, 11, 1], [60, 10, 2], [90, 10, 3], [180, 9, 5], [365, 1, 0]]);
    const feb = r.cohorts.find((c) => c.month === '2024-02');
    assert.deepEqual(feb.f2Within, [0, 1, 1, 1, null]);
    assert.equal(r.daysToSecond.median, 61);
  });

  it('segmentMembers exports a target list as CSV', () => {
    const bytes = ds.segmentMembers({ rfmSegment: '優良顧客', asOf: '2025-01-01', rfm: { method: 'fixed' } });
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM for Excel');
    const lines = new TextDecoder().decode(bytes).trimEnd().split('\r\n');
    assert.ok(lines[0].startsWith('customer_id,rfm_segment,'));
    assert.deepEqual(lines.slice(1).map((l) => l.split(',')[0]), ['A', 'L']);
    const short = new TextDecoder().decode(ds.segmentMembers('dormant'));
    assert.ok(short.split('\r\n').length >= 2);
  });

  it('addCustomers + crosstab', () => {
    const withAttributes = Dataset.fromCsv(fixture('segments_12.csv'));
    const report = withAttributes.addCustomers(fixture('customers_12.csv'), { asOf: '2025-01-01' });
    assert.deepEqual([report.rows, report.rowsRejected, report.unmatched, report.matched, report.missing], [11, 2, 1, 8, 5]);
    const t = withAttributes.crosstab({ rows: 'gender', cols: 'rfmSegment', asOf: '2025-01-01', rfm: { method: 'fixed' } });
    assert.deepEqual(t.rows, ['female', 'male', 'unknown']);
    assert.deepEqual(t.rowTotals, [4, 3, 5]);
    const byAge = withAttributes.crosstab({ rows: 'ageBand', cols: 'cpmGroup', metric: 'revenue', asOf: '2025-01-01' });
    assert.equal(byAge.total, 544000);
    withAttributes.free();
  });

  it('rejects bad options by name, including nested ones', () => {
    const code = (fn) => {
      try {
        fn();
      } catch (e) {
        return [e.code, e.option];
      }
      return null;
    };
    assert.deepEqual(code(() => ds.rfm({ bins: 1 })), ['INVALID_OPTION', 'bins']);
    assert.deepEqual(code(() => ds.rfm({ method: 'fixed', thresholds: { frequncy: [2] } })), ['INVALID_OPTION', 'rfm.thresholds.frequncy']);
    assert.deepEqual(code(() => ds.rfm({ segmentMap: [{ name: 'x', rr: [1, 2] }] })), ['INVALID_OPTION', 'rfm.segmentMap[0].rr']);
    assert.deepEqual(code(() => ds.rfm({ segmentMap: [{ name: 'x', r: [0, 9] }] })), ['INVALID_OPTION', 'segmentMap[0].r']);
    assert.deepEqual(code(() => ds.rfm({ asOf: 'yesterday' })), ['INVALID_OPTION', 'asOf']);
    assert.deepEqual(code(() => ds.deciles({ periodDays: 0 })), ['INVALID_OPTION', 'periodDays']);
    assert.deepEqual(code(() => ds.deciles({ by: 'frequency' })), ['INVALID_OPTION', 'by']);
    assert.deepEqual(code(() => ds.cpm({ thresholds: { tenureDays: [210, 90] } })), ['INVALID_OPTION', 'thresholds.tenureDays']);
    assert.deepEqual(code(() => ds.cpm({ thresholds: { lapse: 100 } })), ['INVALID_OPTION', 'cpm.thresholds.lapse']);
    assert.deepEqual(code(() => ds.repeat({ windows: [] })), ['INVALID_OPTION', 'windows']);
    assert.deepEqual(code(() => ds.segmentMembers({ rfmSegment: 'vip' })), ['INVALID_OPTION', 'rfmSegment']);
    assert.deepEqual(code(() => ds.segmentMembers({ rfm: { method: 'fixed', thresholds: { r: [1] } } })), ['INVALID_OPTION', 'segmentMembers.rfm.thresholds.r']);
    assert.deepEqual(code(() => ds.segmentMembers({ decile: 11 })), ['INVALID_OPTION', 'decile']);
    assert.deepEqual(code(() => ds.crosstab({ rows: 'gender', cols: 'decile' })), ['INVALID_OPTION', 'rows']);
    assert.deepEqual(code(() => ds.crosstab({ rows: 'decile', cols: 'cpmGroup', metric: 'margin' })), ['INVALID_OPTION', 'metric']);
  });
});
