// Browser test of the workbench tabs of the demo page (dist/) against the BUILT package, in
// Debian's headless Chromium via playwright-core. Run: node --test tests/browser/*.test.mjs
// Needs: bash scripts/build.sh and /usr/bin/chromium (see harness.mjs).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Dataset, RESULTS, TEST_TIMEOUT, assertLocalOnly, cancelWhenLoading, startBrowser, recordWorkerMessages } from './harness.mjs';
import { SAMPLE } from '../../www/sample.js';

describe('workbench tabs in headless Chromium', () => {
  let h; // server, browser context, recorded requests and page errors
  let context;
  let ref; // reference results of the Node build for the sample data

  before(async () => {
    const ds = Dataset.synthetic(SAMPLE);
    ref = {
      rfmJa: ds.rfm({ lang: 'ja' }),
      rfmEn: ds.rfm({ lang: 'en' }),
      deciles: ds.deciles(),
      cpm: ds.cpm({ lang: 'en' }),
      cpmJa: ds.cpm({ lang: 'ja' }),
      repeat: ds.repeat(),
      cohorts: ds.cohorts({ metric: 'customers', mode: 'period' }),
      cohortsRev: ds.cohorts({ metric: 'cumulativeRevenuePerCustomer', mode: 'period' }),
      evaluation: ds.evaluateRecommendations(),
      together: ds.boughtTogether({ k: 20 }),
      clv: ds.clv(),
      customerIds: ds.customerIds(),
    };
    ref.similarProduct = ref.together.rules[0].antecedent;
    // Recommendations for the first customer (what the lookup is prefilled with).
    const recs = ds.recommend({ customers: [ref.customerIds[0]], k: 10 });
    ref.customerRecs = Array.from(recs.itemIndex, (i) => ds.productIds()[i]);
    // The CLV check: calibration ends 180 days before the last order (2025-12-31 → 2025-07-04).
    ref.holdout = ds.clv({ calibrationEnd: '2025-07-04', observationEnd: '2025-12-31' });
    ref.similar = ds.similarItems(ref.similarProduct, 10);
    ref.holdoutCheck = ds.clv({ holdoutDays: 180 }).holdoutCheck;
    ds.free();

    h = await startBrowser();
    ({ context } = h);
  });
  after(() => h?.close());

  const openDemo = () => h.openDemo();

  /** Click a tab and wait until its panel shows results (or a designed error). */
  async function openTab(page, name, state = 'ready') {
    await page.click(`#tab-${name}`);
    assert.equal(await page.getAttribute(`#tab-${name}`, 'aria-selected'), 'true');
    await page.waitForSelector(`#panel-${name}[data-state="${state}"]`);
    assert.equal(await page.locator(`#panel-${name}`).isVisible(), true);
  }
  const cellValue = (page, sel) => page.getAttribute(sel, 'data-value').then(Number);
  const shot = (page, name) => page.screenshot({ path: path.join(RESULTS, `tab-${name}.png`), fullPage: true });

  it('renders every tab with the numbers of the Node build', { timeout: TEST_TIMEOUT }, async () => {
    const page = await openDemo();
    assert.equal(await page.textContent('#lang-toggle'), '日本語', 'en-US browser → English page');

    // Overview: the chart is there, one bar group per month.
    assert.equal(await page.locator('#month-chart svg g title').count(), 36);
    await shot(page, 'overview');

    // Segments
    await openTab(page, 'segments');
    const seg0 = ref.rfmEn.segments[0];
    assert.equal(await page.textContent('#rfm-table tbody tr:first-child th'), seg0.name);
    assert.equal(await cellValue(page, '#rfm-table tbody tr:first-child td:nth-of-type(1)'), seg0.customers);
    assert.equal(await page.textContent('#rfm-table tbody tr:first-child td:nth-of-type(1)'), seg0.customers.toLocaleString('en-US'));
    assert.equal(await page.locator('#rfm-table tbody tr').count(), ref.rfmEn.segments.length);
    // R×F grid: 5×5, top row R5, cell (R5, F5) = grid index 24.
    assert.equal(await page.locator('#rf-grid tbody tr').count(), 5);
    assert.equal(await page.locator('#rf-grid tbody tr:first-child td').count(), 5);
    assert.equal(await page.textContent('#rf-grid tbody tr:first-child th'), 'R5');
    assert.equal(await cellValue(page, '#rf-grid tbody tr:first-child td:nth-of-type(5)'), ref.rfmEn.grid.customers[24]);
    const gridSum = await page.$$eval('#rf-grid tbody td', (tds) => tds.reduce((s, t) => s + Number(t.dataset.value), 0));
    assert.equal(gridSum, ref.rfmEn.customersScored);
    const d1 = ref.deciles.deciles[0];
    assert.equal(await cellValue(page, '#decile-table tbody tr:first-child td:nth-of-type(2)'), d1.revenue);
    assert.equal(await page.textContent('#decile-table tbody tr:first-child td:nth-of-type(2)'), `¥${Math.round(d1.revenue).toLocaleString('en-US')}`);
    assert.equal(await page.textContent('#cpm-table tbody tr:first-child th'), ref.cpm.groups[0].name);
    assert.equal(await cellValue(page, '#cpm-table tbody tr:first-child td:nth-of-type(1)'), ref.cpm.groups[0].customers);
    assert.equal(await page.locator('#f2-table tbody tr').count(), ref.repeat.f2Within.length);
    assert.equal(await cellValue(page, '#f2-table tbody tr:first-child td:nth-of-type(3)'), ref.repeat.f2Within[0].rate);
    assert.match(await page.textContent('#f2-table tbody tr:first-child td:nth-of-type(3)'), /^\d{1,3}\.\d%$/);
    await shot(page, 'segments');
    // Sorting by a header (display only): customers descending puts the largest segment first.
    await page.click('#rfm-table thead th:nth-child(2)');
    assert.equal(await page.getAttribute('#rfm-table thead th:nth-child(2)', 'aria-sort'), 'descending');
    const maxSeg = Math.max(...ref.rfmEn.segments.map((s) => s.customers));
    assert.equal(await cellValue(page, '#rfm-table tbody tr:first-child td:nth-of-type(1)'), maxSeg);
    await page.click('#rfm-table thead th:nth-child(2)');
    assert.equal(await cellValue(page, '#rfm-table tbody tr:first-child td:nth-of-type(1)'), Math.min(...ref.rfmEn.segments.map((s) => s.customers)));

    // Cohorts: cell (0,0) is 100%; NaN cells are blank.
    await openTab(page, 'cohorts');
    const c00 = '#cohort-table tbody tr:first-child td:nth-of-type(2)'; // after the size column
    assert.equal(await cellValue(page, c00), 1);
    assert.equal(await page.textContent(c00), '100.0%');
    assert.equal(await cellValue(page, '#cohort-table tbody tr:first-child td:nth-of-type(3)'), ref.cohorts.rates[1]);
    assert.equal(await page.locator('#cohort-table tbody tr').count(), ref.cohorts.cohorts.length);
    const nP = ref.cohorts.periods.length;
    const lastRowCells = await page.$$eval('#cohort-table tbody tr:last-child td', (tds) => tds.map((t) => t.textContent));
    assert.equal(lastRowCells.length, 1 + nP);
    assert.ok(Number.isNaN(ref.cohorts.rates[(ref.cohorts.cohorts.length - 1) * nP + nP - 1]));
    assert.equal(lastRowCells[nP], '', 'unobserved cell is blank');
    await shot(page, 'cohorts');
    // Switch the metric: cumulative revenue per customer, in yen.
    await page.selectOption('#cohort-metric', 'cumulativeRevenuePerCustomer');
    await page.waitForFunction(
      (v) => Number(document.querySelector('#cohort-table tbody tr:first-child td:nth-of-type(2)')?.dataset.value) === v,
      ref.cohortsRev.rates[0],
    );
    assert.match(await page.textContent(c00), /^¥[\d,]+$/);
    // LTV curves: up to 8 cohorts plus the average, each a path; the last one is the average.
    const curves = await page.$$eval('#cohort-curves svg path', (ps) => ps.map((p) => p.dataset.series));
    assert.equal(curves.length, 9);
    assert.equal(curves.at(-1), 'Average');
    assert.equal(curves.at(-2), ref.cohorts.cohorts.at(-1).label, 'newest cohort drawn');

    // Recommendations
    await openTab(page, 'recommend');
    assert.equal(await page.getAttribute('#eval-table tbody tr:first-child th', 'data-metric'), 'hit');
    assert.equal(await cellValue(page, '#eval-table tbody tr:first-child td:nth-of-type(1)'), ref.evaluation.model.hit);
    assert.equal(await cellValue(page, '#eval-table tbody tr:first-child td:nth-of-type(2)'), ref.evaluation.popularity.hit);
    assert.equal(await page.locator('#together-table tbody tr').count(), ref.together.rules.length);
    assert.equal(await cellValue(page, '#together-table tbody tr:first-child td:nth-of-type(3)'), ref.together.rules[0].orders);
    await page.fill('#product-id', ref.similarProduct);
    await page.click('#similar-form button[type="submit"]');
    await page.waitForSelector('#similar-table');
    const similar = await page.$$eval('#similar-table tbody tr', (rows) => rows.map((r) => r.cells[0].textContent));
    assert.deepEqual(similar, ref.similar.map((s) => s.productId));
    // Per-customer lookup, prefilled with the first customer id.
    assert.equal(await page.inputValue('#customer-id'), ref.customerIds[0]);
    await page.click('#customer-form button[type="submit"]');
    await page.waitForSelector('#customer-rec-table');
    const recs = await page.$$eval('#customer-rec-table tbody tr', (rows) => rows.map((r) => r.cells[1].textContent));
    assert.deepEqual(recs, ref.customerRecs);
    await page.fill('#customer-id', 'no-such-customer');
    await page.click('#customer-form button[type="submit"]');
    await page.waitForFunction(() => /unknown customer id/.test(document.querySelector('#customer-rec-body [role="alert"]')?.textContent ?? ''));
    await shot(page, 'recommend');

    // CLV
    await openTab(page, 'clv');
    const r = await page.$eval('#clv-params tbody tr:first-child td', (t) => ({ value: Number(t.dataset.value), text: t.textContent }));
    assert.equal(r.value, ref.clv.bgnbd.r);
    assert.equal(r.text, ref.clv.bgnbd.r.toFixed(4));
    const bands = await page.$$eval('#clv-risk tbody tr', (rows) => rows.map((x) => [x.cells[0].dataset.band, Number(x.cells[1].dataset.value)]));
    assert.deepEqual(bands, ref.clv.riskBands.map((b) => [b.band, b.customers]));
    const alive = await page.$$eval('#clv-alive tbody tr', (rows) => rows.map((x) => Number(x.cells[1].dataset.value)));
    assert.deepEqual(alive, ref.clv.aliveBands.map((b) => b.customers));
    // Top customer by CLV.
    let best = -1;
    for (let i = 0; i < ref.clv.clv.length; i++) if (Number.isFinite(ref.clv.clv[i]) && (best < 0 || ref.clv.clv[i] > ref.clv.clv[best])) best = i;
    assert.equal(await page.textContent('#clv-top tbody tr:first-child td:nth-of-type(2)'), ref.customerIds[best]);
    assert.equal(await page.locator('#clv-top tbody tr').count(), 20);
    // Histogram: 10 bins, one per tenth of P(alive), summing to the customers with a P(alive).
    const histTitles = await page.$$eval('#palive-hist svg g title', (ts) => ts.map((t) => t.textContent));
    assert.equal(histTitles.length, 10);
    // Model check: refit on data to 2025-07-04, predicted vs actual holdout purchases per
    // calibration frequency — the Node build's numbers for the same options.
    const holdout = await page.$$eval('#clv-holdout tbody tr', (rows) =>
      rows.map((x) => [x.cells[0].textContent, Number(x.cells[1].dataset.value), Number(x.cells[2].dataset.value), Number(x.cells[3].dataset.value)]),
    );
    assert.deepEqual(holdout, ref.holdout.holdout.map((h) => [h.frequency, h.customers, h.predicted, h.actual]));
    assert.ok(holdout.length >= 5);
    assert.equal(await page.locator('#holdout-chart svg path').count(), 2);
    await shot(page, 'clv');

    // ja: labels and segment names switch (names come from the package).
    await page.click('#lang-toggle');
    assert.equal(await page.textContent('#lang-toggle'), 'English');
    assert.equal(await page.textContent('#tab-segments'), 'セグメント');
    await openTab(page, 'segments');
    await page.waitForFunction((n) => document.querySelector('#rfm-table tbody tr th')?.textContent === n, ref.rfmJa.segments[0].name);
    await page.close();
  });

  it('switches ja ↔ en from what is on screen: no analysis reruns, segment names follow the language', { timeout: TEST_TIMEOUT }, async () => {
    const page = await openDemo();
    // Every tab computed once, in English; the Segments tab (with its crosstab) is left open.
    for (const tab of ['cohorts', 'recommend', 'clv', 'segments']) await openTab(page, tab);
    await page.waitForSelector('#crosstab-body[data-state="ready"] #crosstab-table');
    // From here on, record the type of every message the page posts to its worker.
    await recordWorkerMessages(page);
    const names = (sel) => page.$$eval(sel, (ths) => ths.map((th) => [th.dataset.key, th.textContent]));
    const byKey = (rows) => rows.map((x) => [x.key, x.name]);
    const crosstabHeads = () => page.$$eval('#crosstab-table thead th', (ths) => ths.slice(1, -1).map((th) => th.textContent));
    const crosstabCols = await page.$$eval('#crosstab-table tbody tr:first-child td', (tds) => tds.length - 1);
    const colNames = (rfm) => rfm.segments.slice(0, crosstabCols).map((x) => x.name);

    await page.click('#lang-toggle');
    assert.equal(await page.textContent('#lang-toggle'), 'English');
    assert.equal(await page.getAttribute('#panel-segments', 'data-state'), 'ready');
    assert.deepEqual(await names('#rfm-table tbody th'), byKey(ref.rfmJa.segments));
    assert.deepEqual(await names('#cpm-table tbody th'), byKey(ref.cpmJa.groups));
    assert.deepEqual(await crosstabHeads(), colNames(ref.rfmJa), 'crosstab columns (RFM segment keys) in Japanese');
    for (const tab of ['cohorts', 'recommend', 'clv']) await openTab(page, tab);
    assert.equal(await page.textContent('#tab-clv'), 'CLV');
    assert.match(await page.textContent('#clv-validation h2'), /モデルの検証/);

    await openTab(page, 'segments');
    await page.click('#lang-toggle');
    assert.equal(await page.textContent('#lang-toggle'), '日本語');
    assert.deepEqual(await names('#rfm-table tbody th'), byKey(ref.rfmEn.segments));
    assert.deepEqual(await names('#cpm-table tbody th'), byKey(ref.cpm.groups));
    assert.deepEqual(await crosstabHeads(), colNames(ref.rfmEn));

    assert.deepEqual(await page.evaluate(() => window.__posted), [], 'messages posted to the worker by two language switches');
    // The recorder works: a new choice of crosstab dimensions does ask the worker.
    await page.selectOption('#ct-metric', 'revenue');
    await page.waitForFunction(() => window.__posted.includes('crosstab'));
    await page.close();
  });

  it('adds customer attributes and cross-tabulates them with the segments', { timeout: TEST_TIMEOUT }, async () => {
    // An attributes file for the sample customers: gender for 2 of 3 (the third left empty →
    // 'unknown'), a prefecture for all; one repeated id (rejected) and one id without orders.
    const ds = Dataset.synthetic(SAMPLE);
    const ids = ds.customerIds();
    const lines = ['顧客ID,性別,都道府県'];
    ids.slice(0, 4000).forEach((id, i) => lines.push(`${id},${['女性', '男性', ''][i % 3]},${['東京都', '大阪府', '福岡県'][i % 3]}`));
    lines.push(`${ids[0]},女性,東京都`, 'NO-ORDERS,男性,北海道');
    const bytes = Buffer.from(lines.join('\n') + '\n');
    const byDecile = ds.crosstab({ rows: 'decile', cols: 'rfmSegment', rfm: { lang: 'en' } });
    const report = ds.addCustomers(bytes);
    const byGender = ds.crosstab({ rows: 'gender', cols: 'rfmSegment', rfm: { lang: 'en' } });
    const revenueByPref = ds.crosstab({ rows: 'prefecture', cols: 'cpmGroup', metric: 'revenue', cpm: { lang: 'en' } });
    ds.free();

    const page = await openDemo();
    await openTab(page, 'segments');
    const table = () =>
      page.$$eval('#crosstab-table tbody tr', (rows) => rows.map((r) => [r.cells[0].dataset.key, ...[...r.cells].slice(1).map((c) => Number(c.dataset.value))]));
    const expected = (c) => c.rows.map((r, i) => [r, ...c.cols.map((_, j) => c.values[i * c.cols.length + j]), c.rowTotals[i]]);
    // Without attributes: decile × RFM segment.
    await page.waitForSelector('#crosstab-table');
    assert.deepEqual(await table(), expected(byDecile));
    // Column heads are the segment names of the Segments tab, not the keys.
    const firstSeg = ref.rfmEn.segments.find((x) => x.key === byDecile.cols[0]);
    assert.equal(await page.textContent('#crosstab-table thead th:nth-child(2)'), firstSeg.name);

    await page.setInputFiles('#attr-input', { name: 'customers.csv', mimeType: 'text/csv', buffer: bytes });
    await page.waitForFunction(() => document.getElementById('ct-rows').value === 'gender');
    await page.waitForFunction((n) => document.querySelectorAll('#crosstab-table tbody tr').length === n, byGender.rows.length);
    assert.deepEqual(await table(), expected(byGender));
    assert.equal(report.rowsRejected, 1);
    const text = await page.textContent('#attr-report');
    assert.match(text, new RegExp(`${report.rowsAccepted.toLocaleString('en-US')} rows read \\(1 rejected\\)`));
    assert.match(text, new RegExp(`${report.matched.toLocaleString('en-US')} customers with orders have attributes, ${report.missing.toLocaleString('en-US')} are 'unknown'`));
    assert.match(text, /1 ids have no orders/);
    assert.equal(await page.getAttribute('#attr-report [data-line]', 'data-line'), '4002');

    // Another pair of dimensions and the revenue metric.
    await page.selectOption('#ct-rows', 'prefecture');
    await page.selectOption('#ct-cols', 'cpmGroup');
    await page.selectOption('#ct-metric', 'revenue');
    await page.waitForFunction((v) => Number(document.querySelector('#crosstab-table tfoot td:last-child')?.dataset.value) === v && document.querySelector('#crosstab-table thead th')?.textContent.startsWith('Prefecture'), revenueByPref.total);
    assert.deepEqual(await table(), expected(revenueByPref));
    // The prefectures in JIS order (東京都 13, 大阪府 27, 福岡県 40), not by code point (大阪府 first).
    const at = (p) => revenueByPref.rows.indexOf(p);
    assert.ok(at('東京都') >= 0 && at('東京都') < at('大阪府') && at('大阪府') < at('福岡県'), revenueByPref.rows.join(' '));
    // The dimension on one axis is not offered on the other.
    const disabled = await page.$$eval('#ct-cols option:disabled, #ct-rows option:disabled', (os) => os.map((o) => `${o.parentElement.id}:${o.value}`));
    assert.deepEqual(disabled.sort(), ['ct-cols:prefecture', 'ct-rows:cpmGroup']);
    await shot(page, 'segments-crosstab');
    await page.close();
  });

  it('downloads a table as CSV with a BOM, formulas neutralised; Copy is guarded', { timeout: TEST_TIMEOUT }, async () => {
    const page = await openDemo();
    await openTab(page, 'segments');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('.table-tools[data-for="decile-table"] button[data-action="csv"]'),
    ]);
    assert.equal(download.suggestedFilename(), 'decile-table.csv');
    const bytes = fs.readFileSync(await download.path());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    assert.equal(lines.length, 11, 'header + 10 deciles');
    // Numbers, not formatted text, rounded as the screen shows them: money to the currency's
    // minor unit (yen: whole), rates and averages to 4 decimals.
    const d1 = ref.deciles.deciles[0];
    const row1 = lines[1].split(',');
    assert.equal(row1[2], String(Math.round(d1.revenue)), 'revenue: whole yen');
    assert.equal(row1[3], String(Number(d1.share.toFixed(4))), 'share: 4 decimals');
    assert.equal(row1[6], String(Math.round(d1.aov)), 'AOV: whole yen');
    for (const line of lines.slice(1)) {
      for (const field of line.split(',')) assert.ok(!/\.\d{5,}$/.test(field), `no raw float in the CSV: ${field} (${line})`);
    }

    // A cell starting with '=' is neutralised: make one in the (rendered) table and export it.
    await page.$eval('#decile-table tbody tr:first-child th', (th) => {
      th.textContent = '=HYPERLINK("x")';
      delete th.dataset.value;
    });
    const [dl2] = await Promise.all([
      page.waitForEvent('download'),
      page.click('.table-tools[data-for="decile-table"] button[data-action="csv"]'),
    ]);
    const text2 = fs.readFileSync(await dl2.path()).subarray(3).toString('utf8');
    assert.equal(text2.split('\r\n')[1].split(',')[0], `"'=HYPERLINK(""x"")"`);

    // Copy: no clipboard permission in this context → a message, not an error.
    await page.click('.table-tools[data-for="decile-table"] button[data-action="copy"]');
    await page.waitForFunction(() => document.querySelector('.table-tools[data-for="decile-table"] .copy-note').textContent !== '');
    await page.close();
  });

  it('shows a progress bar and stays responsive while a large file loads', { timeout: TEST_TIMEOUT }, async () => {
    const csv = Buffer.from(Dataset.syntheticCsv({ customers: 26000, seed: 5 }));
    const lineCount = csv.toString('utf8').split('\n').length;
    assert.ok(lineCount > 190_000, `≈200k lines (${lineCount})`);
    const expected = Dataset.fromCsv(csv);
    const expectedRows = expected.summary().rows;
    expected.free();

    const page = await openDemo();
    // Record, in the page, every progress value and state change (with times), and the state
    // at which a click on the language toggle was handled.
    await page.evaluate(() => {
      const rec = (window.__rec = { progress: [], states: [], clicks: [] });
      const bar = document.getElementById('progress');
      const toggle = document.getElementById('lang-toggle');
      const now = () => Math.round(performance.now());
      new MutationObserver(() => rec.progress.push([bar.value, document.body.dataset.state, now()])).observe(bar, {
        attributes: true,
        attributeFilter: ['value'],
      });
      new MutationObserver(() => rec.states.push([document.body.dataset.state, now()])).observe(document.body, {
        attributes: true,
        attributeFilter: ['data-state'],
      });
      toggle.addEventListener('click', () => {
        const state = document.body.dataset.state;
        const progress = bar.value;
        queueMicrotask(() => rec.clicks.push({ state, progress, after: toggle.textContent, t: now() }));
      });
    });
    // A real (trusted) click right after the upload starts. Parsing takes ~0.2 s here; should a
    // slow machine deliver the click only after the load finished, that attempt proves nothing
    // and is repeated (at most 3 attempts, each one a full load of the file).
    let rec;
    let before;
    for (let attempt = 1; attempt <= 3; attempt++) {
      await page.evaluate(() => {
        window.__rec.progress.length = 0;
        window.__rec.states.length = 0;
        window.__rec.clicks.length = 0;
      });
      before = await page.textContent('#lang-toggle');
      await page.setInputFiles('#file-input', { name: 'big.csv', mimeType: 'text/csv', buffer: csv });
      await page.click('#lang-toggle', { noWaitAfter: true });
      await page.waitForFunction(() => document.body.dataset.state === 'ready' && document.getElementById('status').textContent.includes('big.csv'));
      rec = await page.evaluate(() => window.__rec);
      if (rec.clicks.length === 1 && rec.clicks[0].state === 'loading') break;
      console.log(`attempt ${attempt}: the click arrived after loading finished: ${JSON.stringify(rec)}`);
    }
    const why = JSON.stringify(rec);

    assert.equal(rec.clicks.length, 1, why);
    assert.equal(rec.clicks[0].state, 'loading', `the click was handled before loading finished: ${why}`);
    assert.notEqual(rec.clicks[0].after, before, 'label changed');
    const loadingValues = rec.progress.filter(([, s]) => s === 'loading').map(([v]) => v);
    assert.ok(
      loadingValues.some((v, i) => i > 0 && v > loadingValues[i - 1]) && loadingValues.some((v) => v > 0 && v < 1),
      `progress increased while loading: ${why}`,
    );
    assert.equal(await page.getAttribute('#progress', 'value'), '1');
    assert.equal(Number(await page.getAttribute('[data-kpi="rows"]', 'data-value')), expectedRows);
    await page.close();
  });

  it('cancel stops the worker and reloads the last good data', { timeout: TEST_TIMEOUT }, async () => {
    const csv = Buffer.from(Dataset.syntheticCsv({ customers: 26000, seed: 6 }));
    const page = await openDemo();
    // Armed before the upload, so the click can never arrive after a fast load has finished.
    const clicked = cancelWhenLoading(page);
    await page.setInputFiles('#file-input', { name: 'huge.csv', mimeType: 'text/csv', buffer: csv });
    assert.equal(await clicked, true);
    await page.waitForFunction(() => document.body.dataset.state === 'ready' && /sample data/.test(document.getElementById('status').textContent));
    assert.equal(Number(await page.getAttribute('[data-kpi="customers"]', 'data-value')), 5000);
    await openTab(page, 'segments');
    await page.close();
  });

  it("renders the CLV model check from the package's holdoutCheck: run, skipped for a short history, refused", { timeout: TEST_TIMEOUT }, async () => {
    const page = await openDemo();
    const check = () => page.$eval('#clv-validation', (box) => ({ skipped: box.dataset.skipped, text: box.textContent, alert: box.querySelector('[role="alert"]')?.textContent ?? null }));
    const holdoutRows = () =>
      page.$$eval('#clv-holdout tbody tr', (rows) => rows.map((x) => [x.cells[0].textContent, Number(x.cells[1].dataset.value), Number(x.cells[2].dataset.value), Number(x.cells[3].dataset.value)]));

    // The sample data: the check ran; the page shows the package's dates, error and table.
    const ran = ref.holdoutCheck;
    assert.equal(ran.skipped, null);
    await openTab(page, 'clv');
    const shown = await check();
    assert.equal(shown.skipped, '');
    assert.ok(shown.text.includes(`Fitted on data up to ${ran.calibrationEnd}`), shown.text);
    assert.ok(shown.text.includes(`next ${ran.days} days (to ${ran.observationEnd})`), shown.text);
    assert.ok(shown.text.includes(`Mean absolute error ${ran.holdoutMae.toFixed(2)} purchases`), shown.text);
    assert.deepEqual(await holdoutRows(), ran.holdout.map((x) => [x.frequency, x.customers, x.predicted, x.actual]));

    /** Load `csv` as `name`, with the Node build's check for the same bytes. */
    const loadCsv = async (name, csv) => {
      const ds = Dataset.fromCsv(csv);
      const c = ds.clv({ holdoutDays: 180 });
      ds.free();
      await page.setInputFiles('#file-input', { name, mimeType: 'text/csv', buffer: csv });
      await page.waitForFunction((n) => document.body.dataset.state === 'ready' && document.getElementById('status').textContent.includes(n), name);
      await openTab(page, 'clv');
      return c;
    };

    // One year of orders (2025 only, 1,600 customers): the fit runs, the check needs 3 × 180 days.
    const lines = Buffer.from(Dataset.syntheticCsv({ customers: 3000, seed: 3 })).toString('utf8').split('\n');
    const oneYear = Buffer.from([lines[0], ...lines.slice(1).filter((l) => /^[^,]*,[^,]*,2025-/.test(l))].join('\n') + '\n');
    const short = await loadCsv('one-year.csv', oneYear);
    assert.equal(short.holdoutCheck.skipped, 'short_history');
    const skipped = await check();
    assert.equal(skipped.skipped, 'short_history');
    const { neededDays, historyDays } = short.holdoutCheck;
    assert.equal(neededDays, 540);
    assert.ok(skipped.text.includes(`The check needs at least ${neededDays} days of purchase history (this data has ${historyDays.toLocaleString('en-US')})`), skipped.text);
    assert.equal(skipped.alert, null);
    assert.equal(await page.locator('#clv-holdout').count(), 0);
    assert.equal(await cellValue(page, '#clv-params tbody tr:first-child td'), short.bgnbd.r, 'the fit itself is shown');

    // 600 customers: the fit runs, but the refit has fewer than 500 customers and is refused.
    const refused = await loadCsv('600.csv', Buffer.from(Dataset.syntheticCsv({ customers: 600, seed: 7 })));
    assert.equal(refused.holdoutCheck.skipped, 'INSUFFICIENT_DATA');
    const error = await check();
    assert.equal(error.skipped, 'INSUFFICIENT_DATA');
    assert.ok(error.alert.includes(refused.holdoutCheck.message), error.alert);
    assert.match(error.alert, /code: INSUFFICIENT_DATA/);
    assert.equal(await page.locator('#clv-holdout').count(), 0);
    await page.close();
  });

  it('CLV on small data shows the refusal in its panel', { timeout: TEST_TIMEOUT }, async () => {
    const page = await openDemo();
    const small = Buffer.from(Dataset.syntheticCsv({ customers: 50, seed: 3 }));
    await page.setInputFiles('#file-input', { name: 'small.csv', mimeType: 'text/csv', buffer: small });
    await page.waitForFunction(() => document.body.dataset.state === 'ready' && document.getElementById('status').textContent.includes('small.csv'));
    await openTab(page, 'clv', 'error');
    assert.match(await page.textContent('#panel-clv [role="alert"]'), /500/);
    await page.close();
  });

  it('made no request outside this machine, and no page errors', () => {
    assertLocalOnly(h, ['/', '/app.js', '/worker.js', '/style.css']);
  });
});
