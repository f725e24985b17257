// Dump every analysis of the built package (pkg/node) on the test fixtures as JSON, so that a
// refactor can be checked to change no number: run it before and after, then diff the files.
//   node scripts/dump-analyses.mjs out.json
// Typed arrays become plain arrays; NaN and ±Infinity become strings (JSON has neither).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Dataset, Clv, inspectCsv } = require('../pkg/node/crmkit.js');
const fixture = (name) => new Uint8Array(readFileSync(new URL(`../tests/fixtures/${name}`, import.meta.url)));

function plain(value) {
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (ArrayBuffer.isView(value)) return Array.from(value, plain);
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') {
    const out = {};
    for (const key of Object.keys(value).sort()) out[key] = plain(value[key]);
    return out;
  }
  return value;
}

const out = {};
function record(name, fn) {
  try {
    const v = fn();
    out[name] = plain(v instanceof Uint8Array ? new TextDecoder().decode(v) : v);
  } catch (err) {
    out[name] = { error: { code: err.code, message: err.message, option: err.option ?? null, line: err.line ?? null } };
  }
}

function analyses(prefix, ds) {
  record(`${prefix}.summary`, () => ds.summary());
  record(`${prefix}.rejectedCsv`, () => ds.rejectedCsv());
  record(`${prefix}.customerIds`, () => ds.customerIds());
  record(`${prefix}.productIds`, () => ds.productIds());
  record(`${prefix}.productNames`, () => ds.productNames());
  record(`${prefix}.rfm`, () => ds.rfm());
  record(`${prefix}.rfm.en`, () => ds.rfm({ lang: 'en' }));
  record(`${prefix}.rfm.fixed`, () => ds.rfm({ method: 'fixed', thresholds: { monetary: [5000, 20000, 50000, 100000] } }));
  record(`${prefix}.rfm.bins3`, () => ds.rfm({ bins: 3, asOf: '2024-06-01' }));
  record(`${prefix}.rfm.map`, () => ds.rfm({ segmentMap: [{ name: 'best', r: [4, 5], fm: [4, 5] }, { name: 'rest' }] }));
  record(`${prefix}.deciles`, () => ds.deciles());
  record(`${prefix}.deciles.365`, () => ds.deciles({ periodDays: 365 }));
  record(`${prefix}.cpm`, () => ds.cpm());
  record(`${prefix}.cpm.en`, () => ds.cpm({ lang: 'en', thresholds: { lapseDays: 180, tenureDays: [60, 200], spend: 30000 } }));
  record(`${prefix}.repeat`, () => ds.repeat());
  record(`${prefix}.repeat.windows`, () => ds.repeat({ windows: [7, 30, 400] }));
  record(`${prefix}.members.at_risk`, () => ds.segmentMembers('at_risk'));
  record(`${prefix}.members.combo`, () => ds.segmentMembers({ rfmSegment: ['champions', 'loyal'], decile: [1, 2] }));
  record(`${prefix}.members.cpm`, () => ds.segmentMembers({ cpmGroup: 'active_first', cpm: { lang: 'en' } }));
  record(`${prefix}.crosstab`, () => ds.crosstab({ rows: 'rfmSegment', cols: 'decile' }));
  record(`${prefix}.crosstab.cpm`, () => ds.crosstab({ rows: 'cpmGroup', cols: 'rfmSegment', metric: 'aov', rfm: { method: 'fixed' } }));
  for (const period of ['month', 'week', 'quarter']) {
    record(`${prefix}.cohorts.${period}`, () => ds.cohorts({ period }));
  }
  record(`${prefix}.cohorts.ltv`, () => ds.cohorts({ metric: 'cumulativeRevenuePerCustomer', maxPeriods: 12 }));
  record(`${prefix}.cohorts.rolling`, () => ds.cohorts({ mode: 'rolling', weekStart: 'sunday', period: 'week', maxPeriods: 10 }));
  record(`${prefix}.cohorts.firstProduct`, () => ds.cohorts({ groupBy: 'firstProduct', maxGroups: 5 }));
  record(`${prefix}.cohorts.firstCategory`, () => ds.cohorts({ groupBy: 'firstCategory', metric: 'revenue' }));
  record(`${prefix}.cohorts.rfm`, () => ds.cohorts({ groupBy: 'rfmSegment', metric: 'orders' }));
  record(`${prefix}.recommend`, () => ds.recommend({ k: 5 }));
  record(`${prefix}.recommend.order`, () => ds.recommend({ k: 3, basket: 'order', similarity: 'cosine', halfLifeDays: 60, excludePurchased: false, minSupport: 2 }));
  record(`${prefix}.recommendationsCsv`, () => ds.recommendationsCsv({ k: 2, similarity: 'lift', topM: 5 }));
  record(`${prefix}.similarItems`, () => ds.similarItems(ds.productIds()[0] ?? 'x', 5));
  record(`${prefix}.boughtTogether`, () => ds.boughtTogether({ k: 20 }));
  record(`${prefix}.boughtTogether.min`, () => ds.boughtTogether({ minSupport: 1, minConfidence: 0.1 }));
  record(`${prefix}.evaluate`, () => ds.evaluateRecommendations());
  record(`${prefix}.evaluate.cooc`, () => ds.evaluateRecommendations({ k: 5, similarity: 'cooccurrence' }));
  record(`${prefix}.clv`, () => ds.clv());
  record(`${prefix}.clv.small`, () => ds.clv({ allowSmallData: true, unit: 'day', predictDays: 30, aliveThresholds: [0.3, 0.7] }));
  record(`${prefix}.clv.holdout`, () => {
    const s = ds.summary();
    const last = new Date(`${s.lastDate}T00:00:00Z`);
    const cal = new Date(last.getTime() - 180 * 86400000).toISOString().slice(0, 10);
    return ds.clv({ calibrationEnd: cal, observationEnd: s.lastDate, allowSmallData: true });
  });
}

const files = ['cdnow_sample.csv', 'synthetic_800.csv', 'segments_12.csv', 'baskets_5.csv', 'bad_rows.csv', 'orders_sjis.csv', 'orders.tsv', 'quoted_newlines.csv'];
for (const name of files) {
  record(`${name}.inspect`, () => inspectCsv(fixture(name), { rows: 5 }));
  let ds;
  try {
    ds = Dataset.fromCsv(fixture(name));
  } catch (err) {
    out[`${name}.fromCsv`] = { error: { code: err.code, message: err.message } };
    continue;
  }
  analyses(name, ds);
  if (name === 'segments_12.csv') {
    record(`${name}.addCustomers`, () => ds.addCustomers(fixture('customers_12.csv'), { asOf: '2025-01-01' }));
    record(`${name}.crosstab.attr`, () => ds.crosstab({ rows: 'ageBand', cols: 'gender', metric: 'revenue' }));
    record(`${name}.cohorts.attr`, () => ds.cohorts({ groupBy: 'gender' }));
  }
  ds.free();
}
const synth = Dataset.synthetic({ customers: 3000, seed: 7 });
analyses('synthetic3000', synth);
record('syntheticCsv', () => Dataset.syntheticCsv({ customers: 50, seed: 3 }));
record('fromSummary', () => Clv.fromSummary(fixture('reference/cdnow_summary_lifetimes.csv')));
record('fromSummary.day', () => Clv.fromSummary(fixture('reference/cdnow_summary_lifetimes.csv'), { unit: 'day', penalizer: 0.001, horizonDays: 180 }));

writeFileSync(process.argv[2] ?? 'analyses.json', JSON.stringify(out, null, 1));
console.log(`${Object.keys(out).length} results written to ${process.argv[2] ?? 'analyses.json'}`);
