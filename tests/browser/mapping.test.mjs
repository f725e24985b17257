// Browser test of the column-mapping step of the demo page (dist/) in headless Chromium:
// detection shown for a Shift_JIS export, and a file whose headers are not recognised mapped by
// hand in the page. Expected numbers are counted by hand from the CSV text written below.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Dataset, FIXTURES, RESULTS, TEST_TIMEOUT, assertLocalOnly, inspectCsv, startBrowser, upload } from './harness.mjs';

// Headers no export system uses, so nothing maps automatically except カテゴリ (category).
// Line 5 has a month 13: rejected as bad_date. Revenue = 1000 + 2500 + 1500 = 5000 from 2
// customers (A, B); C's only row is the rejected one.
const ODD = Buffer.from(
  '会員,日,売上額,カテゴリ,メモ\n' +
    'A,2024-01-05,1000,x,\n' +
    'B,2024-01-06,2500,y,\n' +
    'A,2024-02-10,1500,x,\n' +
    'C,2024-13-01,700,z,\n',
);

describe('column mapping step in headless Chromium', () => {
  let h;
  before(async () => {
    h = await startBrowser();
  });
  after(() => h?.close());

  const choose = async (page, field, value) => {
    await page.selectOption(`#field-map select[data-field="${field}"]`, value);
    // Each edit re-inspects in the worker; wait for the select to be rebuilt with the new mapping.
    await page.waitForFunction(
      ([f, v]) => document.querySelector(`#field-map select[data-field="${f}"]`)?.value === v && !document.getElementById('mapping-step').dataset.busy,
      [field, value],
    );
  };

  it('shows what was detected for a Shift_JIS export with Japanese headers', { timeout: TEST_TIMEOUT }, async () => {
    const page = await h.openDemo();
    assert.equal(await page.locator('#mapping-step').isVisible(), false, 'no mapping step for the sample data');
    await upload(page, path.join(FIXTURES, 'orders_sjis.csv'));
    assert.equal(await page.locator('#mapping-step').isVisible(), true);
    assert.equal(await page.getAttribute('#mapping-step', 'open'), null, 'complete mapping → loaded at once, step collapsed');
    assert.match(await page.textContent('#mapping-step-state'), /9 columns mapped automatically/);
    await page.click('#mapping-step > summary');
    assert.equal(await page.textContent('#map-encoding option[value="auto"]'), 'Auto (Shift_JIS)');
    assert.equal(await page.textContent('#map-delimiter option[value="auto"]'), 'Auto (,)');
    // The field → column editor preselects the detected columns (0-based indices of the header).
    // Every field of the orders table has a select; the 9 with a column in this file are set.
    const selects = await page.$$eval('#field-map select', (ss) => ss.map((s) => [s.dataset.field, s.value]));
    const fields = inspectCsv(fs.readFileSync(path.join(FIXTURES, 'orders_sjis.csv'))).fields.map((f) => f.field);
    assert.deepEqual(selects.map(([f]) => f).sort(), [...fields].sort());
    const selected = Object.fromEntries(selects.filter(([, v]) => v !== ''));
    assert.deepEqual(selected, {
      customerId: '1', orderDate: '2', amount: '8', orderId: '0', productId: '3', productName: '4', category: '5', quantity: '6', unitPrice: '7',
    });
    // Preview: the file's first data row (line 2) decoded from Shift_JIS, its date as read
    // (2024/01/05 → 2024-01-05); all 9 rows OK.
    const first = await page.$$eval('#preview tbody tr:first-child td', (tds) => tds.map((td) => td.textContent));
    assert.deepEqual(first, ['2', '1001', 'C001', '2024/01/05', 'P01', '化粧水 200ml', 'スキンケア', '1', '\\3,980', '\\3,980', '2024-01-05', 'OK']);
    // Detected: year-first dates, yen (\ is Shift_JIS's yen sign).
    assert.equal(await page.textContent('#map-date-order option[value="auto"]'), 'Auto (Y/M/D)');
    assert.equal(await page.textContent('#map-currency option[value="auto"]'), 'Auto (JPY)');
    assert.equal(await page.locator('#preview tbody tr').count(), 9);
    assert.equal(await page.locator('#preview tbody tr.rejected-row').count(), 0);
    await page.screenshot({ path: path.join(RESULTS, 'mapping-detected.png'), fullPage: true });
    await page.close();
  });

  it('lets the user map unknown headers, flags bad rows in the preview, then loads', { timeout: TEST_TIMEOUT }, async () => {
    const page = await h.openDemo();
    await upload(page, { name: 'odd.csv', mimeType: 'text/csv', buffer: ODD }, 'mapping');
    assert.equal(await page.getAttribute('#mapping-step', 'open'), '', 'incomplete mapping → step opened');
    assert.match(await page.textContent('#mapping-problem'), /Required fields not found: Customer id, Order date, Amount/);
    assert.equal(await page.isDisabled('#apply-mapping'), true);
    const verdicts = await page.$$eval('#preview tbody tr td:last-child', (tds) => tds.map((t) => t.textContent));
    assert.deepEqual(verdicts, ['—', '—', '—', '—'], 'rows are not judged before the required fields are mapped');
    // The sample data stays loaded meanwhile.
    assert.equal(Number(await page.getAttribute('[data-kpi="customers"]', 'data-value')), 5000);

    await choose(page, 'customerId', '0');
    await choose(page, 'orderDate', '1');
    assert.equal(await page.isDisabled('#apply-mapping'), true, 'amount still missing');
    await choose(page, 'amount', '2');
    assert.equal(await page.isHidden('#mapping-problem'), true);
    assert.equal(await page.isDisabled('#apply-mapping'), false);
    // The preview now checks each row with this mapping: line 5 would be rejected.
    assert.deepEqual(await page.$$eval('#preview tbody tr.rejected-row', (rs) => rs.map((r) => [r.dataset.line, r.dataset.code])), [['5', 'bad_date']]);

    // Two fields on one column is refused with the reason; undo it.
    await choose(page, 'orderId', '0');
    assert.match(await page.textContent('#mapping-problem'), /already used/);
    assert.equal(await page.isDisabled('#apply-mapping'), true);
    await choose(page, 'orderId', '');
    // カテゴリ was auto-mapped to category; the user leaves it out.
    assert.equal(await page.inputValue('#field-map select[data-field="category"]'), '3');
    await choose(page, 'category', '');
    await page.screenshot({ path: path.join(RESULTS, 'mapping-edited.png'), fullPage: true });

    await page.click('#apply-mapping');
    await page.waitForFunction(() => document.body.dataset.state === 'ready' && document.getElementById('status').textContent.includes('odd.csv'));
    const kpi = (name) => page.getAttribute(`[data-kpi="${name}"]`, 'data-value').then(Number);
    assert.equal(await kpi('revenue'), 5000);
    assert.equal(await kpi('customers'), 2);
    assert.equal(await kpi('rows'), 4);
    assert.equal(await kpi('rowsRejected'), 1);
    assert.match(await page.textContent('#mapping-step-state'), /loaded with your mapping/);
    const used = await page.$$eval('#mapping tbody tr', (rs) => rs.map((r) => r.dataset.field));
    assert.deepEqual(used, ['customerId', 'orderDate', 'amount']);
    assert.equal(await page.textContent('#unmapped'), 'カテゴリ, メモ');
    await page.close();
  });

  it('does not mark the amount missing when unit price × quantity give it, and loads the file', { timeout: TEST_TIMEOUT }, async () => {
    // orders_unit_price.csv: no amount column, and 会員 is not a known customer id header.
    // Revenue by hand: 1200×2 + 800×1 + 1200×1 + 500×3 = 5900 from 3 customers in 4 rows.
    const file = path.join(FIXTURES, 'orders_unit_price.csv');
    const bytes = fs.readFileSync(file);
    const inspection = inspectCsv(bytes);
    assert.deepEqual(inspection.missing, ['customerId'], 'the Node build: only the customer id is missing');
    const loaded = Dataset.fromCsv(bytes, { columns: { customerId: '会員' } });
    const expected = loaded.summary();
    loaded.free();

    const page = await h.openDemo();
    await upload(page, file, 'mapping');
    const rowStates = () => page.$$eval('#field-map tbody tr', (rs) => Object.fromEntries(rs.map((r) => [r.dataset.field, r.dataset.state])));
    const states = await rowStates();
    assert.notEqual(states.amount, 'missing');
    assert.deepEqual(Object.keys(states).filter((f) => states[f] === 'missing'), inspection.missing);
    assert.deepEqual(Object.keys(states), inspection.fields.map((f) => f.field), 'one row per field, in the package order');
    const amountHead = await page.textContent('#field-map tr[data-field="amount"] th');
    assert.match(amountHead, /^★ Amount or Unit price/, 'required, and what satisfies it');
    assert.match(await page.textContent('#field-map tr[data-field="customerId"] th'), /^★ /);
    assert.doesNotMatch(await page.textContent('#field-map tr[data-field="unitPrice"] th'), /★/);
    assert.match(await page.textContent('#mapping-problem'), /Required fields not found: Customer id\./);

    await choose(page, 'customerId', '0');
    assert.equal(await page.isHidden('#mapping-problem'), true);
    assert.equal(await page.isDisabled('#apply-mapping'), false);
    assert.equal((await rowStates()).amount, 'satisfied', 'still not missing once the mapping is complete');
    const verdicts = await page.$$eval('#preview tbody tr td:last-child', (tds) => tds.map((t) => t.textContent));
    assert.deepEqual(verdicts, ['OK', 'OK', 'OK', 'OK']);
    await page.screenshot({ path: path.join(RESULTS, 'mapping-unit-price.png'), fullPage: true });

    await page.click('#apply-mapping');
    await page.waitForFunction(() => document.body.dataset.state === 'ready' && document.getElementById('status').textContent.includes('orders_unit_price.csv'));
    const kpi = (name) => page.getAttribute(`[data-kpi="${name}"]`, 'data-value').then(Number);
    assert.equal(await kpi('revenue'), 5900);
    assert.equal(await kpi('revenue'), expected.revenue);
    assert.equal(await kpi('customers'), expected.customers);
    assert.equal(await kpi('rows'), expected.rows);
    assert.equal(await kpi('rowsRejected'), 0);
    assert.equal(expected.source.amountSource, 'quantity*unitPrice');
    assert.equal((await page.textContent('#source [data-field="amountSource"]')).trim(), 'quantity × unit price');
    await page.close();
  });

  // US dates and dollar amounts: 12/1/2010 and 3/2/2011 could be either order (no part over 12),
  // so the step says month/day; the rows' dates as read follow the choice. Revenue by hand:
  // 12.50 + 9.99 + 5 = 27.49.
  it('reads dates in the order chosen, previews them, and uses the currency detected or chosen', { timeout: TEST_TIMEOUT }, async () => {
    const page = await h.openDemo();
    const us = 'InvoiceNo,Customer,InvoiceDate,Amount\n1,A,12/1/2010 8:26,$12.50\n2,B,3/2/2011,$9.99\n3,A,4/2/2011,$5\n';
    await upload(page, { name: 'us.csv', mimeType: 'text/csv', buffer: Buffer.from(us) });
    const kpi = (name) => page.getAttribute(`[data-kpi="${name}"]`, 'data-value');
    assert.equal(Number(await kpi('revenue')), 27.49);
    assert.equal(await page.textContent('[data-kpi="revenue"]'), '$27.49', 'dollars, from the amounts\' sign');
    await page.click('#mapping-step > summary');
    assert.equal(await page.textContent('#map-date-order option[value="auto"]'), 'Auto (M/D/Y)');
    assert.equal(await page.textContent('#map-currency option[value="auto"]'), 'Auto (USD)');
    const dates = () => page.$$eval('#preview tbody td.date-read', (tds) => tds.map((t) => t.textContent));
    assert.deepEqual(await dates(), ['2010-12-01', '2011-03-02', '2011-04-02']);

    await page.selectOption('#map-date-order', 'dmy');
    await page.waitForFunction(() => document.querySelector('#preview tbody td.date-read')?.textContent === '2010-01-12');
    assert.deepEqual(await dates(), ['2010-01-12', '2011-02-03', '2011-02-04']);
    await page.selectOption('#map-currency', 'CAD');
    await page.waitForFunction(() => !document.getElementById('mapping-step').dataset.busy);
    await page.click('#apply-mapping');
    await page.waitForFunction(() => document.body.dataset.state === 'ready' && document.querySelector('[data-kpi="revenue"]').textContent.startsWith('CA$'));
    assert.equal(await page.textContent('[data-kpi="revenue"]'), 'CA$27.49');
    // The load used the choices: the first and last dates read day first.
    assert.deepEqual([await kpi('firstDate'), await kpi('lastDate')], ['2010-01-12', '2011-02-04']);
    // The monthly table's CSV: money in cents. February 2011: B 9.99 + A 5 = 14.99 from 2
    // orders, AOV 7.495 → 7.5 (cents: 7.50); the month's orders per customer 1.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('.table-tools[data-for="by-month"] button[data-action="csv"]')]);
    const rows = fs.readFileSync(await download.path()).subarray(3).toString('utf8').trimEnd().split('\r\n').map((l) => l.split(','));
    const feb = rows.find((r) => r[0] === '2011-02');
    assert.ok(feb, rows.map((r) => r[0]).join(' '));
    const header = rows[0];
    assert.equal(feb[header.indexOf('Revenue')], '14.99');
    assert.equal(feb[header.indexOf('AOV')], '7.5');
    await page.close();
  });

  it('made no request outside this machine, and no page errors', () => {
    assertLocalOnly(h, ['/', '/app.js', '/worker.js']);
  });
});
