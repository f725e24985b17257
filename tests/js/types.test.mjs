// The shipped TypeScript declarations (pkg/node/crmkit.d.ts, read with the TypeScript compiler
// API) against what the package does, so the hand-written src/wasm/types.d.ts cannot drift from
// the Rust structs:
// - options: at every level of every options type (the top, and each nested object and array
//   element found by walking the declared types), the declared keys equal the keys the method
//   accepts there, read from the strict reader's `known options: …` for an unknown key;
// - results: each method run on real data, its result compared key by key (recursively, with
//   typed-array types and primitive kinds) with the declared return type.
// Helpers (the type walker and the value check) are in tests/support/dts.mjs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { Dataset, Clv, CsvReader, inspectCsv, version } from 'crmkit';
import { loadDeclarations, pathText, valueAt, INDEX } from '../support/dts.mjs';

const require = createRequire(import.meta.url);
const fixture = (name) => new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));

// The declaration file the package ships for `crmkit/node` (as its "exports" map says).
const packageJson = require('crmkit/package.json');
const packageDir = dirname(require.resolve('crmkit/package.json'));
const dtsFile = resolve(packageDir, packageJson.exports['./node'].types);
const dts = loadDeclarations(dtsFile);
const { checker, callables, optionsParam, optionLevels, stringLiterals, checkValue, props, propType, nonNullish, show } = dts;

// Data every call below runs on.
const ds = Dataset.synthetic({ customers: 3000, seed: 7 });
const product = ds.productIds()[0];
const segments12 = fixture('segments_12.csv');
const customers12 = fixture('customers_12.csv');
const summaryCsv = fixture('reference/cdnow_summary_lifetimes.csv');
/** A customer table with a repeated and an empty id. */
const badCustomers = new TextEncoder().encode('customer_id,gender\nA,F\nA,M\n,F\n');
const readerOf = (bytes) => {
  const reader = new CsvReader(bytes.length);
  reader.push(bytes);
  return reader;
};
// Campaigns: the synthetic message log (a newsletter with A/B variants and a control group, the
// welcome scenario).
const dm = Dataset.synthetic({ customers: 3000, seed: 7, messages: true });
const newsletter = dm.campaigns().rows.map((r) => r.group[0]).find((c) => c.startsWith('メルマガ'));
const messagesCsv = Dataset.syntheticMessagesCsv({ customers: 300, seed: 3 });
const eventLog = readFileSync(new URL('../fixtures/messages/sendgrid.csv', import.meta.url));
/** A warehouse customers table (sql/customers.*.sql's columns) of 12 customers, as of 2025-04-01. */
const customersTable = new TextEncoder().encode(
  'customer_id,purchases,monetary,first_purchase,last_purchase,recency,first_line\n' +
    Array.from({ length: 12 }, (_, i) => `C${i},${1 + (i % 4)},${1000 * (i + 1)},2025-01-0${1 + (i % 9)},2025-03-${10 + i},${22 - i},${i + 1}`).join('\n') +
    '\n',
);
const summaries = () => Dataset.fromSummaries({ customers: customersTable });
/** segments_12 with the customer table joined (a fresh Dataset each time: addCustomers mutates). */
const withAttributes = () => {
  const d = Dataset.fromCsv(segments12);
  d.addCustomers(customers12, { asOf: '2025-01-01' });
  return d;
};

/**
 * How to call each method that takes options, with `options` in the options parameter (the
 * parameter is found from the declared signature). Every callable of the .d.ts that has an
 * options parameter must be here, so a new method cannot be left unchecked.
 */
const callWithOptions = {
  'Dataset.fromCsv': (o) => Dataset.fromCsv(segments12, o),
  'CsvReader.finish': (o) => readerOf(segments12).finish(o),
  inspectCsv: (o) => inspectCsv(segments12, o),
  'Dataset.synthetic': (o) => Dataset.synthetic(o),
  'Dataset.syntheticCsv': (o) => Dataset.syntheticCsv(o),
  'Dataset.rfm': (o) => ds.rfm(o),
  'Dataset.deciles': (o) => ds.deciles(o),
  'Dataset.cpm': (o) => ds.cpm(o),
  'Dataset.repeat': (o) => ds.repeat(o),
  'Dataset.segmentMembers': (o) => ds.segmentMembers(o),
  'Dataset.members': (o) => ds.members(o),
  'Dataset.membersCsv': (o) => ds.membersCsv(o),
  'Dataset.addCustomers': (o) => ds.addCustomers(customers12, o),
  'Dataset.crosstab': (o) => ds.crosstab(o),
  'Dataset.cohorts': (o) => ds.cohorts(o),
  'Dataset.recommend': (o) => ds.recommend(o),
  'Dataset.recommendationsCsv': (o) => ds.recommendationsCsv(o),
  'Dataset.similarItems': (o) => ds.similarItems(product, 5, o),
  'Dataset.boughtTogether': (o) => ds.boughtTogether(o),
  'Dataset.evaluateRecommendations': (o) => ds.evaluateRecommendations(o),
  'Dataset.clv': (o) => ds.clv(o),
  'Clv.fromSummary': (o) => Clv.fromSummary(summaryCsv, o),
  'Dataset.syntheticMessagesCsv': (o) => Dataset.syntheticMessagesCsv(o),
  'Dataset.addMessages': (o) => Dataset.synthetic({ customers: 300, seed: 3 }).addMessages(messagesCsv, o),
  'Dataset.addEvents': (o) => Dataset.synthetic({ customers: 300, seed: 3 }).addEvents(messagesCsv, o),
  'Dataset.campaigns': (o) => dm.campaigns(o),
  'Dataset.compareVariants': (o) => dm.compareVariants(o),
  'Dataset.campaignFactors': (o) => dm.campaignFactors(o),
  'Dataset.sendTimes': (o) => dm.sendTimes(o),
  'Dataset.fatigue': (o) => dm.fatigue(o),
  'Dataset.stepMails': (o) => dm.stepMails(o),
  'Dataset.campaignMembers': (o) => dm.campaignMembers(o),
  'Dataset.products': (o) => ds.products(o),
  'Dataset.seasonality': (o) => ds.seasonality(o),
  'Dataset.entryProducts': (o) => ds.entryProducts(o),
  'Dataset.nextProducts': (o) => ds.nextProducts(o),
  'Dataset.replenishment': (o) => ds.replenishment(o),
  'Dataset.dueToReorder': (o) => ds.dueToReorder(o),
  'Dataset.dueToReorderCsv': (o) => ds.dueToReorderCsv(o),
  'Dataset.pseudonymize': (o) => Dataset.fromCsv(segments12).pseudonymize(o),
  'Dataset.auditReport': (o) => ds.auditReport(o),
  'Dataset.auditReportMarkdown': (o) => ds.auditReportMarkdown(o),
  'Dataset.fromSummaries': (o) => Dataset.fromSummaries(o),
  'SummaryDataset.rfm': (o) => summaries().rfm(o),
  'SummaryDataset.deciles': (o) => summaries().deciles(o),
};

/**
 * Runs of every callable on real data, `[callable, label, run]`: the result of `run()` is checked
 * against the callable's declared return type. Every callable of the .d.ts must have one.
 */
const runs = [
  ['version', '', () => version()],
  ['inspectCsv', 'orders (truncated)', () => inspectCsv(Dataset.syntheticCsv({ customers: 50 }).subarray(0, 4000), { truncated: true })],
  ['inspectCsv', 'orders with bad rows', () => inspectCsv(fixture('bad_rows.csv'))],
  ['inspectCsv', 'orders, required column missing', () => inspectCsv(fixture('bad_rows.csv'), { columns: { customerId: false } })],
  ['inspectCsv', 'customers', () => inspectCsv(customers12, { table: 'customers' })],
  ['inspectCsv', 'customers with a rejected row', () => inspectCsv(badCustomers, { table: 'customers' })],
  ['inspectCsv', 'customerSummary', () => inspectCsv(summaryCsv, { table: 'customerSummary' })],
  ['Dataset.fromCsv', '', () => Dataset.fromCsv(fixture('bad_rows.csv'))],
  ['Dataset.synthetic', '', () => Dataset.synthetic({ customers: 100, seed: 3 })],
  ['Dataset.syntheticCsv', '', () => Dataset.syntheticCsv({ customers: 100, seed: 3 })],
  ['CsvReader.push', '', () => new CsvReader().push(segments12)],
  ['CsvReader.bytesRead', '', () => readerOf(segments12).bytesRead],
  ['CsvReader.finish', '', () => readerOf(segments12).finish()],
  ['Dataset.summary', 'synthetic', () => ds.summary()],
  ['Dataset.summary', 'bad rows (rejected, warnings)', () => Dataset.fromCsv(fixture('bad_rows.csv')).summary()],
  ['Dataset.summary', 'Japanese headers', () => Dataset.fromCsv(fixture('orders_sjis.csv')).summary()],
  ['Dataset.rejectedCsv', '', () => Dataset.fromCsv(fixture('bad_rows.csv')).rejectedCsv()],
  ['Dataset.customerIds', '', () => ds.customerIds()],
  ['Dataset.productIds', '', () => ds.productIds()],
  ['Dataset.productNames', '', () => ds.productNames()],
  ['Dataset.customerCount', '', () => ds.customerCount],
  ['Dataset.memoryBytes', '', () => ds.memoryBytes()],
  ['Dataset.hasMessages', 'without a log', () => ds.hasMessages],
  ['Dataset.hasMessages', 'with a log', () => dm.hasMessages],
  ['Dataset.messagesReport', 'without a log', () => ds.messagesReport()],
  ['Dataset.messagesReport', 'with a log', () => dm.messagesReport()],
  ['Dataset.rfm', 'quantile', () => ds.rfm()],
  ['Dataset.rfm', 'fixed, custom map, en', () =>
    ds.rfm({ method: 'fixed', thresholds: { recency: [30, 90] , frequency: [2, 4], monetary: [10000, 50000] }, segmentMap: [{ name: 'top', r: [3, 3] }], lang: 'en' })],
  ['Dataset.deciles', 'all history', () => ds.deciles()],
  ['Dataset.deciles', 'window', () => ds.deciles({ periodDays: 365 })],
  ['Dataset.cpm', '', () => ds.cpm()],
  ['Dataset.repeat', '', () => ds.repeat()],
  ['Dataset.repeat', 'a window nobody is eligible for', () => Dataset.fromCsv(segments12).repeat({ windows: [30, 3650] })],
  ['Dataset.repeat', 'nobody bought twice', () => Dataset.fromCsv(fixture('bad_rows.csv')).repeat()],
  ['Dataset.segmentMembers', 'segment key', () => ds.segmentMembers('at_risk')],
  ['Dataset.members', 'RFM segment', () => ds.members({ kind: 'rfmSegment', segment: 'champions', limit: 3 })],
  ['Dataset.members', 'cohort cell without CLV', () => ds.members({ kind: 'cohortCell', cohort: ds.cohorts().cohorts[0].label, period: 0, includeClv: false, limit: 2 })],
  ['Dataset.membersCsv', '', () => ds.membersCsv({ kind: 'riskBand', band: 'high' })],
  ['Dataset.segmentMembers', 'selector', () => ds.segmentMembers({ rfmSegment: ['at_risk', 'dormant'], decile: [1, 2], cpm: { lang: 'en' } })],
  ['Dataset.addCustomers', 'bytes', () => Dataset.fromCsv(segments12).addCustomers(customers12, { asOf: '2025-01-01' })],
  ['Dataset.addCustomers', 'rejected rows', () => Dataset.fromCsv(segments12).addCustomers(badCustomers)],
  ['Dataset.addCustomers', 'CsvReader', () => Dataset.fromCsv(segments12).addCustomers(readerOf(customers12))],
  ['Dataset.crosstab', 'attribute × RFM', () => withAttributes().crosstab({ rows: 'gender', cols: 'rfmSegment', asOf: '2025-01-01', rfm: { method: 'fixed' } })],
  ['Dataset.crosstab', 'age × CPM revenue', () => withAttributes().crosstab({ rows: 'ageBand', cols: 'cpmGroup', metric: 'revenue', asOf: '2025-01-01' })],
  ['Dataset.crosstab', 'decile × RFM aov', () => ds.crosstab({ rows: 'decile', cols: 'rfmSegment', metric: 'aov' })],
  ['Dataset.cohorts', 'groups by first product', () => ds.cohorts({ groupBy: 'firstProduct' })],
  ['Dataset.cohorts', 'rolling, quarters', () => ds.cohorts({ period: 'quarter', mode: 'rolling' })],
  ['Dataset.cohorts', 'weekly revenue, attribute groups', () => withAttributes().cohorts({ period: 'week', metric: 'revenue', groupBy: 'gender' })],
  ['Dataset.recommend', '', () => ds.recommend()],
  ['Dataset.recommendationsCsv', '', () => ds.recommendationsCsv({ k: 3 })],
  ['Dataset.similarItems', '', () => ds.similarItems(product, 5)],
  ['Dataset.boughtTogether', '', () => ds.boughtTogether()],
  ['Dataset.evaluateRecommendations', 'last order', () => ds.evaluateRecommendations()],
  ['Dataset.evaluateRecommendations', 'time split', () => ds.evaluateRecommendations({ holdout: 'time', split: '2025-07-01' })],
  ['Dataset.evaluateRecommendations', 'blend, with the repurchase baseline', () => ds.evaluateRecommendations({ strategy: 'blend', basket: 'order' })],
  ['Dataset.clv', 'with holdoutDays', () => ds.clv({ holdoutDays: 180 })],
  ['Dataset.clv', 'holdoutDays, check skipped: short_history', () => ds.clv({ holdoutDays: 400 })],
  ['Dataset.clv', 'holdoutDays, check skipped: the refit failed', () => ds.clv({ calibrationEnd: '2023-08-31', holdoutDays: 80 })],
  ['Dataset.clv', 'with observationEnd', () => ds.clv({ calibrationEnd: '2025-06-30', observationEnd: '2025-12-31' })],
  ['Dataset.syntheticMessagesCsv', '', () => Dataset.syntheticMessagesCsv({ customers: 100, seed: 3 })],
  ['Dataset.addMessages', 'message rows', () => Dataset.synthetic({ customers: 300, seed: 3 }).addMessages(messagesCsv)],
  ['Dataset.addMessages', 'a SendGrid event log, CsvReader', () => Dataset.synthetic({ customers: 300, seed: 3 }).addMessages(readerOf(eventLog))],
  ['Dataset.addEvents', '', () => Dataset.synthetic({ customers: 300, seed: 3 }).addEvents(messagesCsv, { utcOffset: 'Z' })],
  ['inspectCsv', 'messages', () => inspectCsv(eventLog, { table: 'messages' })],
  ['Dataset.campaigns', 'by campaign', () => dm.campaigns()],
  ['Dataset.campaigns', 'by variant × segment, click attribution', () => dm.campaigns({ groupBy: ['variant', 'rfmSegment'], attribution: 'click' })],
  ['Dataset.compareVariants', 'holdout, by segment', () => dm.compareVariants({ campaign: newsletter, by: 'rfmSegment' })],
  ['Dataset.compareVariants', 'B vs A, opens', () => dm.compareVariants({ campaign: newsletter, baseline: 'A', metric: 'open' })],
  ['Dataset.campaignFactors', '', () => dm.campaignFactors()],
  ['Dataset.sendTimes', '', () => dm.sendTimes()],
  ['Dataset.fatigue', '', () => dm.fatigue()],
  ['Dataset.stepMails', '', () => dm.stepMails({ campaign: 'ウェルカムシナリオ' })],
  ['Dataset.campaignMembers', '', () => dm.campaignMembers({ campaigns: newsletter, status: 'notOpened', group: { variant: 'B' } })],
  ['Dataset.products', '', () => ds.products()],
  ['Dataset.products', 'by category, a period', () => ds.products({ by: 'category', from: '2024-01-01', to: '2025-01-01', abc: [0.8, 0.95] })],
  ['Dataset.seasonality', 'by month', () => ds.seasonality({ items: 5 })],
  ['Dataset.seasonality', 'by weekday', () => ds.seasonality({ by: 'category', period: 'weekday' })],
  ['Dataset.entryProducts', '', () => ds.entryProducts({ minCustomers: 5 })],
  ['Dataset.nextProducts', '', () => ds.nextProducts({ from: 'any', minCount: 2, top: 10 })],
  ['Dataset.replenishment', '', () => ds.replenishment({ minIntervals: 3 })],
  ['Dataset.dueToReorder', '', () => ds.dueToReorder({ minIntervals: 3, window: 30, overdue: 30 })],
  ['Dataset.dueToReorderCsv', '', () => ds.dueToReorderCsv({ minIntervals: 3 })],
  ['Dataset.pseudonymize', 'a given salt', () => Dataset.fromCsv(segments12).pseudonymize({ salt: 'a salt of sixteen+ characters' })],
  ['Dataset.pseudonymize', 'a fresh salt', () => Dataset.fromCsv(segments12).pseudonymize()],
  ['Dataset.auditReport', 'no hash given', () => ds.auditReport()],
  ['Dataset.auditReport', 'a loaded file with rejected rows', () => Dataset.fromCsv(fixture('bad_rows.csv')).auditReport({ inputSha256: 'ab'.repeat(32) })],
  ['Dataset.auditReportMarkdown', '', () => ds.auditReportMarkdown()],
  ['Dataset.fromSummaries', '', () => summaries()],
  ['SummaryDataset.summary', '', () => summaries().summary()],
  ['SummaryDataset.customerIds', '', () => summaries().customerIds()],
  ['SummaryDataset.customerCount', '', () => summaries().customerCount],
  ['SummaryDataset.rfm', '', () => summaries().rfm()],
  ['SummaryDataset.deciles', '', () => summaries().deciles()],
  ['Clv.fromSummary', 'bytes', () => Clv.fromSummary(summaryCsv)],
  ['Clv.fromSummary', 'CsvReader, a bad row', () => {
    const text = new TextDecoder().decode(summaryCsv).replace('\n2,', '\n2,-1,');
    return Clv.fromSummary(readerOf(new TextEncoder().encode(text)), { horizonDays: 180 });
  }],
];

const UNKNOWN = 'zzNotAnOption';

/** Call with an unknown key at `path`; the error's option path and the keys it says are known. */
function knownKeys(name, call, path, siblings = {}) {
  const method = name.split('.').pop();
  const options = valueAt(path, { [UNKNOWN]: 'x' });
  let parent = options;
  for (const step of parentObject(path)) parent = step === INDEX ? parent[0] : parent[step];
  Object.assign(parent, siblings);
  let error;
  try {
    call(options);
  } catch (e) {
    error = e;
  }
  const where = `${name} with ${UNKNOWN} at ${pathText(path) || 'the top'}${Object.keys(siblings).length ? ` (${JSON.stringify(siblings)})` : ''}`;
  assert.ok(error instanceof Error, `${where}: expected an error, got ${error === undefined ? 'none' : error}`);
  assert.equal(error.name, 'CrmkitError', `${where}: ${error}`);
  assert.equal(error.code, 'INVALID_OPTION', `${where}: ${error.message}`);
  const expected = [method, pathText(path), UNKNOWN].filter(Boolean).join('.');
  assert.equal(error.option, expected, `${where}: ${error.message}`);
  const m = /known options: (.*)$/.exec(error.message);
  assert.ok(m, `${where}: no "known options" in ${JSON.stringify(error.message)}`);
  return m[1].split(', ').sort();
}

/** The path of the options object that holds the level at `path` (its siblings' object). */
function parentObject(path) {
  const out = path.slice(0, -1);
  while (out.at(-1) === INDEX) out.pop();
  return out;
}

const names = (type) => props(type).map((p) => p.name).sort();

function sameKeys(actual, declared, where) {
  const notDeclared = actual.filter((k) => !declared.includes(k));
  const notAccepted = declared.filter((k) => !actual.includes(k));
  assert.ok(
    notDeclared.length === 0 && notAccepted.length === 0,
    `${where}: accepted but not declared [${notDeclared.join(', ')}]; declared but not accepted [${notAccepted.join(', ')}]`,
  );
}

const optionCallables = [...callables.values()].filter((c) => optionsParam(c) >= 0);

describe('the shipped declarations', () => {
  it('are built from the current src/wasm/types.d.ts and type-check on their own', () => {
    const source = readFileSync(new URL('../../src/wasm/types.d.ts', import.meta.url), 'utf8');
    const lines = (text) => text.split('\n').map((l) => l.trim()).filter(Boolean);
    const wanted = lines(source);
    for (const file of [dtsFile, resolve(packageDir, packageJson.exports['./web'].types)]) {
      const shipped = lines(readFileSync(file, 'utf8'));
      const start = shipped.indexOf(wanted[0]);
      assert.deepEqual(shipped.slice(start, start + wanted.length), wanted, `${file} is stale: run scripts/build.sh`);
    }
    assert.deepEqual(dts.diagnostics, []);
  });

  it('every callable with options has a probe, every callable a run', () => {
    assert.deepEqual(optionCallables.map((c) => c.name).sort(), Object.keys(callWithOptions).sort());
    for (const c of optionCallables) assert.equal(c.params.filter((p) => nonNullish(p.type).some(dts.isOptionsObject)).length, 1, c.name);
    const ran = new Set(runs.map(([name]) => name));
    assert.deepEqual([...callables.keys()].filter((n) => !ran.has(n)), [], 'callables without a result check');
    assert.deepEqual([...ran].filter((n) => !callables.has(n)), [], 'runs of callables the .d.ts does not declare');
  });
});

describe('options: declared keys = accepted keys at every level', () => {
  for (const callable of optionCallables) {
    const { name } = callable;
    const call = callWithOptions[name];
    const type = callable.params[optionsParam(callable)].type;
    const levels = optionLevels(type);
    it(`${name}(${show(type)}): ${levels.map((l) => pathText(l.path) || '(top)').join(', ')}`, () => {
      for (const { path, alternatives } of levels) {
        const where = `${name} ${pathText(path) || '(top)'}`;
        if (alternatives.length === 1) {
          sameKeys(knownKeys(name, call, path), names(alternatives[0]), where);
          continue;
        }
        // A union of option objects (inspectCsv's `columns`): which one applies depends on a
        // sibling such as `table`. Try every literal value of every literal-typed sibling; each
        // answer must be one of the alternatives, and every alternative must be reachable.
        const parentPath = parentObject(path);
        const parent = levels.find((l) => pathText(l.path) === pathText(parentPath));
        const tries = [{}];
        for (const p of props(parent.alternatives[0])) {
          for (const literal of stringLiterals(propType(p))) tries.push({ [p.name]: literal });
        }
        const reached = new Set();
        for (const siblings of tries) {
          const known = knownKeys(name, call, path, siblings);
          const match = alternatives.find((a) => JSON.stringify(names(a)) === JSON.stringify(known));
          assert.ok(match, `${where} with ${JSON.stringify(siblings)}: accepted [${known.join(', ')}], not any of ${alternatives.map(show).join(' | ')}`);
          reached.add(match);
        }
        assert.deepEqual(alternatives.filter((a) => !reached.has(a)).map(show), [], `${where}: alternatives no option value selects`);
      }
    });
  }

  it("inspectCsv's columns for each table are the columns of the method that loads that table", () => {
    const columnsOf = (name) => {
      const c = callables.get(name);
      const options = nonNullish(c.params[optionsParam(c)].type).find(dts.isOptionsObject);
      return nonNullish(propType(checker.getPropertyOfType(options, 'columns')))[0];
    };
    const loaders = { orders: 'Dataset.fromCsv', customers: 'Dataset.addCustomers', customerSummary: 'Clv.fromSummary', messages: 'Dataset.addMessages' };
    const inspect = callables.get('inspectCsv');
    const inspectOptions = nonNullish(inspect.params[optionsParam(inspect)].type).find(dts.isOptionsObject);
    const tables = stringLiterals(propType(checker.getPropertyOfType(inspectOptions, 'table')));
    assert.deepEqual(tables.sort(), Object.keys(loaders).sort(), 'InspectCsvOptions.table');
    const declaredColumns = nonNullish(propType(checker.getPropertyOfType(inspectOptions, 'columns')));
    for (const table of tables) {
      const type = columnsOf(loaders[table]);
      assert.ok(declaredColumns.includes(type), `InspectCsvOptions.columns does not include ${show(type)} (${table})`);
      sameKeys(knownKeys('inspectCsv', (o) => inspectCsv(segments12, o), ['columns'], { table }), names(type), `inspectCsv({ table: '${table}' }).columns`);
      // Without `table`: orders.
      if (table === 'orders') sameKeys(knownKeys('inspectCsv', (o) => inspectCsv(segments12, o), ['columns']), names(type), 'inspectCsv().columns');
    }
  });
});

describe('results: returned keys and kinds = the declared return type', () => {
  for (const [name, label, run] of runs) {
    it(`${name}${label ? ` (${label})` : ''}`, () => {
      const callable = callables.get(name);
      assert.ok(callable, `${name} is not declared`);
      const value = run();
      const errors = [];
      checkValue(value, callable.returnType, name, errors);
      assert.deepEqual(errors, [], `${name} → ${show(callable.returnType)}`);
    });
  }

  it('the runs reach the parts that are often empty or null', () => {
    const clv = ds.clv({ holdoutDays: 180 });
    assert.ok(clv.holdoutCheck && clv.holdoutCheck.holdout.length > 0, 'holdoutCheck ran');
    assert.equal(ds.clv({ holdoutDays: 400 }).holdoutCheck.skipped, 'short_history');
    assert.equal(ds.clv({ calibrationEnd: '2023-08-31', holdoutDays: 80 }).holdoutCheck.skipped, 'INSUFFICIENT_DATA');
    assert.equal(Dataset.fromCsv(fixture('bad_rows.csv')).repeat().daysToSecond.median, null, 'null day statistics');
    assert.ok(Dataset.fromCsv(segments12).repeat({ windows: [30, 3650] }).f2Within.some((w) => w.rate === null), 'a null F2 rate');
    assert.ok(Dataset.fromCsv(segments12).addCustomers(badCustomers).rejected.length > 0, 'addCustomers rejected rows');
    assert.ok(ds.cohorts({ groupBy: 'firstProduct' }).groups.length > 1, 'cohort groups');
    assert.ok(ds.boughtTogether().rules.length > 0, 'rules');
    assert.ok(Dataset.fromCsv(fixture('bad_rows.csv')).summary().rejected.length > 0, 'rejected rows');
    assert.ok(inspectCsv(fixture('bad_rows.csv')).rows.some((r) => r.code !== null), 'a previewed row with a reject code');
    const bad = Clv.fromSummary(new TextEncoder().encode(new TextDecoder().decode(summaryCsv).replace('\n2,', '\n2,-1,')));
    assert.ok(bad.rejected.length > 0, 'fromSummary rejected rows');
  });
});
