// CLV through the built package on the CDNOW sample (FHL 2005; provenance in tests/fixtures/README.md).
// Published: r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL −9582.4; Gamma-Gamma p 6.25, q 3.74, v 15.44.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Dataset } from 'crmkit';

const round3 = (v) => Number(v.toPrecision(3));

describe('ds.clv', () => {
  const ds = Dataset.fromCsv(new Uint8Array(readFileSync(new URL('../fixtures/cdnow_sample.csv', import.meta.url))));

  it('reproduces the published CDNOW parameters and returns per-customer arrays', () => {
    const r = ds.clv({ calibrationEnd: '1997-09-30', observationEnd: '1998-06-30' });
    assert.deepEqual([r.bgnbd.r, r.bgnbd.alpha, r.bgnbd.a, r.bgnbd.b].map(round3), [0.243, 4.41, 0.793, 2.43]);
    assert.equal(Math.round(r.bgnbd.logLikelihood * 10) / 10, -9582.4);
    assert.deepEqual([r.gammaGamma.p, r.gammaGamma.q, r.gammaGamma.v].map(round3), [6.25, 3.74, 15.4]);
    assert.ok(r.pAlive instanceof Float64Array && r.clv instanceof Float64Array);
    const ids = ds.customerIds();
    const one = ids.indexOf('1'); // x = 2, t_x = 30.43, T = 38.86 weeks
    assert.equal(r.frequency[one], 2);
    assert.ok(r.pAlive[one] > 0.7 && r.pAlive[one] < 0.75, String(r.pAlive[one]));
    assert.equal(r.riskBands.reduce((s, b) => s + b.customers, 0), 2357);
    assert.deepEqual(r.aliveBands.map((b) => b.band), ['active', 'at_risk', 'lapsed']);
    assert.equal(r.aliveBands.reduce((s, b) => s + b.customers, 0), 2357);
    assert.ok(r.expectedPurchases instanceof Float64Array && r.predictDays === 90);
    assert.ok(r.holdout.length > 0 && r.holdoutMae > 0);
  });

  it('refuses insufficient data with a reason', () => {
    const tiny = Dataset.fromCsv(new TextEncoder().encode('customer_id,order_date,amount\nA,2024-01-01,10\nA,2024-02-01,10\nB,2024-01-05,5\n'));
    // Too little data is INSUFFICIENT_DATA (was filed as INVALID_OPTION before the error codes were sorted out).
    assert.throws(() => tiny.clv(), (e) => e.code === 'INSUFFICIENT_DATA' && /repeat buyers/.test(e.message));
    assert.throws(() => ds.clv({ unit: 'month' }), (e) => e.option === 'unit');
    assert.throws(() => ds.clv({ calibrationEnd: '1997-09-30', observationEnd: '1997-01-01' }), (e) => e.option === 'observationEnd');
  });
});
