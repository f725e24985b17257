// Browser test of real cart exports on the demo page (dist/) in headless Chromium: every
// tests/fixtures/exports/<system>.csv that has a <system>.expected.json is uploaded. A loadable one
// must show the recognised format, and KPIs equal to the Node build's summary() AND to the
// hand-computed numbers of the expected.json (see tests/fixtures/exports/README-*.md), with the
// exclusions in words when any were made. One whose expected.json has an "error" must stop at the
// mapping step with the format named and the missing fields marked. Fixtures are found by listing
// the directory, so a new one is covered without touching this file.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { STRINGS, formatName } from '../../www/i18n.js';
import { Dataset, FIXTURES, RESULTS, TEST_TIMEOUT, assertLocalOnly, inspectCsv, startBrowser, upload } from './harness.mjs';

const EXPORTS = path.join(FIXTURES, 'exports');
const FIXTURE_LIST = fs
  .readdirSync(EXPORTS)
  .filter((f) => f.endsWith('.csv'))
  .sort()
  .map((f) => {
    const system = f.slice(0, -'.csv'.length);
    return { system, file: path.join(EXPORTS, f), expectedFile: path.join(EXPORTS, `${system}.expected.json`) };
  })
  .filter((x) => fs.existsSync(x.expectedFile))
  .map((x) => ({ ...x, expected: JSON.parse(fs.readFileSync(x.expectedFile, 'utf8')) }));

const EN = STRINGS.en;
const JA = STRINGS.ja;

/** Money from the expected.json (hand-computed, decimal) against a computed float. */
function assertClose(actual, expected, what) {
  assert.ok(typeof actual === 'number' && Math.abs(actual - expected) <= 1e-6, `${what}: ${actual} ≠ ${expected}`);
}

/**
 * Where the page shows each count of `summary().exclusions`: [li data-kind, data-* key].
 * Shipping and fees are 'inRevenue' instead when the load counted them as revenue.
 */
function exclusionSlot(key, x) {
  switch (key) {
    case 'cancelledOrders': return ['cancelled', 'orders'];
    case 'cancelledAmount': return ['cancelled', 'amount'];
    case 'nonProductLines': return ['nonProduct', 'lines'];
    case 'shippingAmount': return [x.shippingInRevenue ? 'inRevenue' : 'notRevenue', 'shipping'];
    case 'feesAmount': return [x.feesInRevenue ? 'inRevenue' : 'notRevenue', 'fees'];
    case 'pointsAmount': return ['notRevenue', 'points'];
    case 'taxAmount': return ['notRevenue', 'tax'];
    case 'discountAmount': return ['discounts', 'amount'];
    case 'guestsByEmail': return ['guests', 'email'];
    case 'guestsByPhone': return ['guests', 'phone'];
    default: return null;
  }
}
const isMoney = (key) => /Amount$/.test(key);
// Money as an English page writes it: whole yen with ¥, another currency by Intl with its symbol.
const moneyEn = (x, currency) =>
  !currency || currency === 'JPY'
    ? (Math.round(x) < 0 ? '-' : '') + '¥' + Math.abs(Math.round(x)).toLocaleString('en-US')
    : new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(x);

describe('cart exports in headless Chromium', () => {
  let h;
  before(async () => {
    h = await startBrowser();
  });
  after(() => h?.close());

  it('finds the export fixtures by listing the directory', () => {
    assert.ok(FIXTURE_LIST.length >= 2, `fixtures with an expected.json in ${EXPORTS}: ${FIXTURE_LIST.map((x) => x.system).join(', ')}`);
  });

  const kpi = (page, name) => page.getAttribute(`[data-kpi="${name}"]`, 'data-value').then(Number);
  const stateLine = (page) => page.textContent('#mapping-step-state');

  for (const { system, file, expected } of FIXTURE_LIST) {
    const label = formatName(EN, expected.format);
    const labelJa = formatName(JA, expected.format);

    if (expected.error) {
      it(`${system}: stops at the mapping step, names the format (${label}) and marks the missing fields`, { timeout: TEST_TIMEOUT }, async () => {
        const bytes = fs.readFileSync(file);
        const inspection = inspectCsv(bytes);
        assert.throws(() => Dataset.fromCsv(bytes), (err) => err.code === expected.error.code, `the Node build refuses the file with ${expected.error.code}`);
        const want = expected.inspect ?? {};
        const wantFormat = want.format ?? expected.format;
        const wantMissing = want.missing ?? inspection.missing;

        const page = await h.openDemo();
        await upload(page, file, 'mapping');
        assert.equal(await page.getAttribute('#mapping-step', 'open'), '', 'incomplete mapping → step opened');
        const rowStates = await page.$$eval('#field-map tbody tr', (rs) => rs.map((r) => [r.dataset.field, r.dataset.state]));
        const missingShown = rowStates.filter(([, s]) => s === 'missing').map(([f]) => f);
        const problem = await page.textContent('#mapping-problem');
        const state = await stateLine(page);
        const formatShown = await page.getAttribute('#mapping-step-state', 'data-format');
        await page.screenshot({ path: path.join(RESULTS, `export-${system}.png`), fullPage: true });

        // The page shows what the Node build's inspectCsv found …
        assert.deepEqual(rowStates.map(([f]) => f), inspection.fields.map((f) => f.field), 'one editor row per field');
        assert.deepEqual(missingShown, inspection.missing, 'missing rows = inspectCsv().missing of the Node build');
        assert.equal(formatShown, inspection.format, 'format shown = inspectCsv().format of the Node build');
        assert.ok(state.includes(EN.formatOf(formatName(EN, inspection.format))), state);
        for (const f of inspection.missing) assert.ok(problem.includes(EN.fields[f] ?? f), `${f} named in: ${problem}`);
        assert.equal(await page.isDisabled('#apply-mapping'), true);
        assert.equal(await page.isHidden('#mapping-exclusions'), true, 'nothing loaded: no exclusions sentence');
        assert.equal(await kpi(page, 'customers'), 5000, 'the sample data stays loaded');
        // … and that is what the expected.json says.
        assert.equal(inspection.format, wantFormat, `inspectCsv().format (expected ${wantFormat})`);
        assert.ok(state.includes(EN.formatOf(label)), `"${EN.formatOf(label)}" in the step's state line: ${state}`);
        assert.deepEqual(missingShown, wantMissing, 'missing fields as in the expected.json');

        await page.click('#lang-toggle');
        assert.ok((await stateLine(page)).includes(JA.formatOf(labelJa)), await stateLine(page));
        await page.close();
      });
      continue;
    }

    it(`${system}: shows the ${label} format, the Node build's and the expected numbers, and what was left out`, { timeout: TEST_TIMEOUT }, async () => {
      const bytes = fs.readFileSync(file);
      const inspection = inspectCsv(bytes);
      let ds;
      try {
        ds = Dataset.fromCsv(bytes);
      } catch (err) {
        assert.fail(`the Node build refuses ${system}.csv (${err.code}: ${err.message.slice(0, 160)}…), but ${system}.expected.json has numbers for it`);
      }
      const ref = ds.summary();
      ds.free();

      const page = await h.openDemo();
      await upload(page, file);
      const shown = {};
      for (const name of ['customers', 'orders', 'revenue', 'rows', 'rowsRejected']) shown[name] = await kpi(page, name);
      const formatText = (await page.textContent('#source [data-field="format"]')).trim();
      const currencyShown = await page.getAttribute('#source [data-field="currency"]', 'data-value');
      const revenueText = (await page.textContent('[data-kpi="revenue"]')).trim();
      const formatValue = await page.getAttribute('#source [data-field="format"]', 'data-value');
      const state = await stateLine(page);
      const matched = await page.$$eval('#mapping tbody tr', (rs) => rs.map((r) => [r.dataset.field, r.querySelector('[data-matched-by]')?.textContent]));
      const items = await page.$$eval('#exclusions li', (lis) => lis.map((li) => ({ ...li.dataset, text: li.textContent })));
      const panelVisible = await page.locator('#exclusions-panel').isVisible();
      const brief = (await page.locator('#mapping-exclusions').isVisible()) ? await page.textContent('#mapping-exclusions') : null;
      const hints = await page.$$eval('#field-map tbody tr', (rs) => Object.fromEntries(rs.map((r) => [r.dataset.field, r.querySelector('.alternatives')?.textContent ?? null])));
      await page.screenshot({ path: path.join(RESULTS, `export-${system}.png`), fullPage: true });

      // 1. The page shows the Node build's results for the same bytes.
      for (const name of Object.keys(shown)) assert.equal(shown[name], ref[name], `KPI ${name}: page vs Node build`);
      assert.equal(formatValue, ref.source.format, 'format: page vs Node build');
      assert.equal(currencyShown, ref.source.currency, 'currency: page vs Node build');
      assert.equal(revenueText, moneyEn(ref.revenue, ref.source.currency), 'revenue KPI in the file\'s currency');
      assert.equal(formatText, formatName(EN, ref.source.format));
      assert.ok(state.includes(EN.formatOf(formatName(EN, inspection.format))), state);
      const matchedLabel = { auto: EN.matchedAuto, option: EN.matchedOption, profile: EN.matchedProfile, data: EN.matchedData };
      assert.deepEqual(matched, ref.source.columns.map((c) => [c.field, matchedLabel[c.matchedBy] ?? c.matchedBy]), 'how each column was matched');
      for (const f of inspection.fields) {
        if (f.alternatives.length === 0) assert.equal(hints[f.field], null, `${f.field}: no other candidates`);
        else for (const alt of f.alternatives) assert.ok(hints[f.field]?.includes(alt), `${f.field}: candidate ${alt} in ${hints[f.field]}`);
      }
      const x = ref.exclusions;
      const refNonZero = Object.keys(x).filter((k) => typeof x[k] === 'number' && x[k] !== 0 && exclusionSlot(k, x));
      assert.equal(panelVisible, refNonZero.length > 0, `exclusions panel shown iff the Node build excluded something (${refNonZero.join(', ')})`);
      for (const key of refNonZero) {
        const [kind, attr] = exclusionSlot(key, x);
        const item = items.find((i) => i.kind === kind);
        assert.ok(item, `exclusions: no "${kind}" item for ${key} = ${x[key]} (shown: ${JSON.stringify(items)})`);
        assert.equal(Number(item[attr]), x[key], `exclusions.${key}: page vs Node build`);
        const text = isMoney(key) ? moneyEn(x[key], ref.source.currency) : x[key].toLocaleString('en-US');
        assert.ok(item.text.includes(text), `exclusions.${key}: "${text}" in "${item.text}"`);
      }
      if (x.guestsByEmail + x.guestsByPhone > 0) assert.match(items.find((i) => i.kind === 'guests').text, /hash/, 'says that only a hash is kept');
      if (x.cancelledOrders > 0 || refNonZero.some((k) => /^(shipping|fees|points|tax)Amount$/.test(k)) || x.guestsByEmail + x.guestsByPhone > 0) {
        assert.ok(brief && brief.startsWith('On loading:'), `mapping step sentence after the load: ${brief}`);
      }

      // 2. … which are the hand-computed numbers of the expected.json.
      assert.equal(ref.source.format, expected.format, `summary().source.format (expected ${expected.format})`);
      assert.equal(ref.source.currency, expected.currency, `summary().source.currency (expected ${expected.currency})`);
      assert.equal(inspection.format, expected.format, `inspectCsv().format (expected ${expected.format})`);
      assert.equal(formatText, label);
      assert.ok(state.includes(EN.formatOf(label)), `"${EN.formatOf(label)}" in the step's state line: ${state}`);
      for (const name of ['customers', 'orders', 'rows', 'rowsRejected']) {
        if (name in expected) assert.equal(shown[name], expected[name], `KPI ${name}: page vs expected.json`);
      }
      assertClose(shown.revenue, expected.revenue, 'KPI revenue: page vs expected.json');
      const wantNonZero = Object.entries(expected.exclusions ?? {}).filter(([, v]) => typeof v === 'number' && v !== 0);
      for (const [key, v] of Object.entries(expected.exclusions ?? {})) assertClose(x[key], v, `exclusions.${key}: Node build vs expected.json`);
      if (wantNonZero.length) {
        assert.equal(panelVisible, true, 'exclusions shown: the expected.json has non-zero exclusions');
        for (const [key, v] of wantNonZero) {
          const slot = exclusionSlot(key, x);
          if (!slot) continue;
          const item = items.find((i) => i.kind === slot[0]);
          assert.ok(item, `exclusions: no "${slot[0]}" item for ${key} = ${v}`);
          assertClose(Number(item[slot[1]]), v, `exclusions.${key}: page vs expected.json`);
        }
      } else {
        assert.equal(panelVisible, false, 'nothing excluded: no exclusions panel');
      }

      // 3. The same in Japanese, from what is on screen.
      await page.click('#lang-toggle');
      assert.equal((await page.textContent('#source [data-field="format"]')).trim(), labelJa);
      assert.ok((await stateLine(page)).includes(JA.formatOf(labelJa)), await stateLine(page));
      if (wantNonZero.length) assert.match(await page.textContent('#exclusions-title'), /除外/);
      // Each warning of the load gets its Japanese headline (the details stay the package's message).
      const warnings = await page.$$eval('#warnings li', (lis) => lis.map((li) => [li.dataset.code, li.querySelector('.warning-title')?.textContent.trim() ?? '']));
      assert.deepEqual(warnings, ref.warnings.map((w) => [w.code, JA.warningTitles[w.code] ?? '']), 'warnings in Japanese');
      for (const w of ref.warnings) assert.ok(JA.warningTitles[w.code], `a Japanese headline for ${w.code}`);
      await page.close();
    });
  }

  it('made no request outside this machine, and no page errors', () => {
    assertLocalOnly(h, ['/', '/app.js', '/worker.js']);
  });
});
