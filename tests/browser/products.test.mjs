// Browser test of the Products tab of the demo page (dist/) in headless Chromium: every number it
// shows is the Node build's for the same data (the sample as worker.js loads it), formatted as the
// page formats it; the due list it downloads is the Node build's dueToReorderCsv() bytes; a file
// without a product column gets the empty state. References are computed here at run time.
// Run: node --test tests/browser/products.test.mjs (needs what harness.mjs needs).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { STRINGS } from '../../www/i18n.js';
import { Dataset, FIXTURES, RESULTS, TEST_TIMEOUT, WAIT, assertLocalOnly, startBrowser, upload, recordWorkerMessages, phoneWidths } from './harness.mjs';
import { SAMPLE } from '../../www/sample.js';

const SECTIONS = ['pareto', 'seasonality', 'entry', 'next-products', 'replenishment', 'due'];
const PARETO_BARS = 50; // product-sales.js
const DUE_ROWS_SHOWN = 200; // worker.js
const ITEMS = 10; // product-seasonality.js
const EN = STRINGS.en;
const JA = STRINGS.ja;
// An order file without a product column.
const NO_PRODUCTS = { name: 'no_products.csv', mimeType: 'text/csv', buffer: Buffer.from('customer_id,order_date,amount\nC1,2024-01-05,1000\nC2,2024-01-09,2500\nC1,2024-02-11,1800\n') };
// Products but no order times (orders_utf8.csv has one timed row: by hour works there).
const BASKETS = path.join(FIXTURES, 'baskets_5.csv');

// The page's formats, written out here: whole numbers grouped, percent with one decimal, whole yen.
const nf = (o) => new Intl.NumberFormat('en-US', o);
const fmt = (f) => (x) => (Number.isFinite(x) ? f.format(x) : '—');
const pct = fmt(nf({ style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }));
const signedPct = fmt(nf({ style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' }));
const int = fmt(nf({ maximumFractionDigits: 0 }));
const dec2 = fmt(nf({ minimumFractionDigits: 2, maximumFractionDigits: 2 }));
const upTo1 = fmt(nf({ maximumFractionDigits: 1 }));
const yen = (x) => (Number.isFinite(x) ? (Math.round(x) < 0 ? '-' : '') + '¥' + int(Math.abs(Math.round(x))) : '—');
const rateCi = (r) => (r && Number.isFinite(r.value) ? EN.rateWithCi(pct(r.value), pct(r.low), pct(r.high)) : '—');
const label = (by, item, name) => (by === 'category' ? (item === 'unknown' ? EN.unknownCategory : item) : name || item);
const until = (d) => (d > 0 ? EN.dueIn(int(d)) : d === 0 ? EN.dueToday : EN.overdueBy(int(-d)));

describe('Products tab in headless Chromium', () => {
  let h;
  const ref = {};

  before(async () => {
    const ds = Dataset.synthetic(SAMPLE);
    ref.abc = ds.products({ by: 'product', abc: [0.7, 0.9] });
    ref.abc80 = ds.products({ by: 'product', abc: [0.8, 0.95] });
    ref.abcCategory = ds.products({ by: 'category', abc: [0.7, 0.9] });
    ref.month = ds.seasonality({ by: 'product', period: 'month', items: ITEMS });
    ref.weekday = ds.seasonality({ by: 'product', period: 'weekday', items: ITEMS });
    try {
      ref.hour = ds.seasonality({ by: 'product', period: 'hour', items: ITEMS });
    } catch (err) {
      assert.equal(err.code, 'MISSING_COLUMN');
      ref.hourRefusal = err.message;
    }
    ref.entry = ds.entryProducts({ by: 'product', minCustomers: 30 });
    ref.entry100 = ds.entryProducts({ by: 'product', minCustomers: 100 });
    ref.entryCategory = ds.entryProducts({ by: 'category', minCustomers: 30 });
    ref.next = ds.nextProducts({ by: 'product', from: 'first' });
    ref.nextAny = ds.nextProducts({ by: 'product', from: 'any' });
    ref.replenishment = ds.replenishment({ by: 'product' });
    ref.due = ds.dueToReorder({ by: 'product', window: 14, overdue: 14 });
    ref.dueCsv = Buffer.from(ds.dueToReorderCsv({ by: 'product', window: 14, overdue: 14 }));
    ref.due7 = ds.dueToReorder({ by: 'product', window: 7, overdue: 3 });
    ref.due7Csv = Buffer.from(ds.dueToReorderCsv({ by: 'product', window: 7, overdue: 3 }));
    ds.free();
    const bare = Dataset.fromCsv(NO_PRODUCTS.buffer);
    assert.throws(() => bare.products(), (err) => err.code === 'MISSING_COLUMN', 'the crafted file has no product axis');
    bare.free();
    const small = Dataset.fromCsv(fs.readFileSync(BASKETS));
    ref.baskets = small.products({ by: 'product', abc: [0.7, 0.9] });
    assert.throws(() => small.seasonality({ period: 'hour' }), (err) => (ref.basketsHourRefusal = err.message) && err.code === 'MISSING_COLUMN');
    small.free();
    h = await startBrowser();
  });
  after(() => h?.close());

  const ready = async (page) => {
    await page.waitForSelector('#panel-products[data-state="ready"]');
    for (const s of SECTIONS) await page.waitForSelector(`#${s}-body[data-state="ready"]`);
  };
  async function openProducts() {
    const page = await h.openDemo();
    await page.click('#tab-products');
    assert.equal(await page.getAttribute('#tab-products', 'aria-selected'), 'true');
    await ready(page);
    return page;
  }
  /** The rows of a table as [cell text …] (th and td), or each cell's title / data-value. */
  const rows = (page, sel, what = 'text') =>
    page.$$eval(`${sel} tr`, (trs, w) => trs.map((tr) => [...tr.cells].map((c) => (w === 'title' ? c.getAttribute('title') : w === 'value' ? c.dataset.value : c.textContent.trim()))), what);
  async function downloadOf(page, click) {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: WAIT }), click()]);
    return { name: download.suggestedFilename(), bytes: fs.readFileSync(await download.path()) };
  }
  const abcRow = (x) => [x.item, x.name, yen(x.revenue), int(x.units), int(x.orders), int(x.buyers), int(x.repeatBuyers), pct(x.repeatRate), pct(x.share), pct(x.cumulativeShare), x.class];
  const classRows = (r) => r.classes.map((c) => [c.class, int(c.items), yen(c.revenue), pct(c.share)]);
  const entryRow = (by, x, overall) => [overall ? EN.overallRow : label(by, x.item, x.name), int(x.newCustomers), ...x.f2.map((f) => rateCi(f.rate)), yen(x.revenue12m), pct(x.topSegmentShare.value)];
  const entryRows = (e) => [entryRow(e.by, e.overall, true), ...e.items.map((x) => entryRow(e.by, x, false))];
  const nextRows = (n) => n.transitions.map((t) => [label(n.by, t.from, t.fromName), label(n.by, t.to, t.toName), int(t.count), pct(t.share), pct(t.baseRate), dec2(t.lift)]);
  const dueRows = (d) => d.rows.slice(0, DUE_ROWS_SHOWN).map((x) => [x.customerId, label(d.by, x.item, x.name), int(x.purchases), x.lastPurchase, EN.daysN(upTo1(x.medianInterval)), x.due, until(x.daysUntilDue)]);

  it('shows the ABC analysis of the Node build: the Pareto chart, the classes and every item, by product and by category', { timeout: TEST_TIMEOUT }, async () => {
    const page = await openProducts();
    const r = ref.abc;
    assert.deepEqual(await rows(page, '#abc-table tbody'), r.items.map(abcRow));
    assert.deepEqual(await rows(page, '#abc-classes tbody'), classRows(r));
    assert.ok(r.classes.every((c) => c.items > 0), 'the sample has items in every class');

    // One bar per shown item, in the package's order, coloured by its class.
    const bars = await page.$$eval('#pareto-chart g.bar', (gs) => gs.map((g) => [g.dataset.item, g.dataset.class, g.querySelector('title').textContent]));
    const shown = r.items.slice(0, PARETO_BARS);
    assert.deepEqual(bars.map((b) => b.slice(0, 2)), shown.map((x) => [x.item, x.class]));
    assert.equal(bars[0][2], EN.paretoBar(`${shown[0].item} ${shown[0].name}`, yen(shown[0].revenue), pct(shown[0].cumulativeShare), shown[0].class));
    assert.equal(await page.locator('#pareto-chart path.cumulative').count(), 1, 'the cumulative share line');
    if (r.items.length > PARETO_BARS) assert.equal(await page.textContent('#pareto-shown'), EN.paretoShown(int(PARETO_BARS), int(r.items.length)));
    else assert.equal(await page.locator('#pareto-shown').count(), 0);

    // The table's CSV: raw numbers.
    const csv = await downloadOf(page, () => page.click('.table-tools[data-for="abc-table"] button[data-action="csv"]'));
    const lines = csv.bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    assert.equal(lines.length, 1 + r.items.length);
    assert.deepEqual(lines[1].split(',').slice(0, 3), [r.items[0].item, r.items[0].name, String(r.items[0].revenue)]);

    // Other cut-offs: the classes move as the package says.
    await page.selectOption('#abc-cut', '0.8,0.95');
    await page.waitForFunction((n) => document.querySelector('#pareto-body[data-state="ready"] #abc-classes tbody td')?.textContent === n, int(ref.abc80.classes[0].items));
    assert.deepEqual(await rows(page, '#abc-classes tbody'), classRows(ref.abc80));
    assert.deepEqual(await page.$$eval('#abc-table tbody td.abc-class', (tds) => tds.map((t) => t.dataset.class)), ref.abc80.items.map((x) => x.class));

    // By category: every section follows.
    await page.selectOption('#abc-cut', '0.7,0.9');
    await page.selectOption('#prod-by', 'category');
    await page.waitForFunction((n) => document.querySelector('#pareto-body[data-state="ready"] #abc-table thead th')?.textContent === n, EN.categoryName);
    const c = ref.abcCategory;
    const byCategory = await rows(page, '#abc-table tbody');
    assert.deepEqual(byCategory.map((x) => [x[0], x[1], x.at(-1)]), c.items.map((x) => [label('category', x.item, x.name), yen(x.revenue), x.class]));
    assert.deepEqual(await rows(page, '#abc-classes tbody'), classRows(c));
    assert.equal(await page.locator('#pareto-chart g.bar').count(), Math.min(PARETO_BARS, c.items.length));
    await ready(page);
    assert.deepEqual(await rows(page, '#entry-table tbody'), entryRows(ref.entryCategory));
    await page.close();
  });

  it('shows the seasonality grid with the Node build’s units, buyers and YoY in each tooltip', { timeout: TEST_TIMEOUT }, async () => {
    const page = await openProducts();
    const cells = (s) => page.$$eval('#season-grid tbody tr', (trs) => trs.map((tr) => [...tr.cells].slice(1).map((c) => [Number(c.dataset.value), c.title])));
    const check = async (s) => {
      const n = s.periods.length;
      const got = await cells(s);
      assert.equal(got.length, s.items.length);
      const labels = await page.$$eval('#season-grid tbody th', (ths) => ths.map((t) => t.textContent));
      s.items.forEach((item, i) => {
        const name = i === s.items.length - 1 && item === 'other' ? EN.otherItems : label(s.by, item, s.names[i]);
        assert.equal(labels[i], name);
        s.periods.forEach((p, j) => {
          const k = i * n + j;
          const period = s.period === 'weekday' ? EN.weekdayNames[p] : s.period === 'hour' ? EN.hourLabel(p) : p;
          const yoy = s.period === 'month' ? signedPct(s.yoy[k]) : null;
          assert.deepEqual(got[i][j], [s.revenue[k], EN.seasonCell(name, period, yen(s.revenue[k]), int(s.units[k]), int(s.buyers[k]), yoy)], `${item} × ${p}`);
        });
      });
      const total = await rows(page, '#season-grid tfoot');
      assert.deepEqual(total[0], [EN.total, ...s.totalRevenue.map(yen)]);
    };
    assert.equal(ref.month.items.at(-1), 'other', 'the sample has more than 10 products: an other row');
    assert.ok(ref.month.yoy.some(Number.isFinite) && ref.month.yoy.some(Number.isNaN), 'months with and without a year before');
    await check(ref.month);
    await page.selectOption('#season-period', 'weekday');
    await page.waitForFunction((n) => document.querySelector('#seasonality-body[data-state="ready"] #season-grid thead th:nth-child(2)')?.textContent === n, EN.weekdayNames.Mon);
    await check(ref.weekday);
    const hour = page.locator('#season-period option[value="hour"]');
    if (ref.hour) {
      assert.equal(await hour.isDisabled(), false, 'by hour is offered: the data has order times');
      await page.selectOption('#season-period', 'hour');
      await page.waitForFunction((n) => document.querySelector('#seasonality-body[data-state="ready"] #season-grid thead th:nth-child(2)')?.textContent === n, EN.hourLabel('0'));
      await check(ref.hour);
    } else {
      assert.equal(await hour.isDisabled(), true);
      assert.ok((await page.textContent('#season-hour-note')).includes(ref.hourRefusal));
    }
    await page.close();
  });

  it('ranks the entry products and lists what is bought next as the Node build does', { timeout: TEST_TIMEOUT }, async () => {
    const page = await openProducts();
    const e = ref.entry;
    assert.deepEqual(await rows(page, '#entry-table thead'), [[EN.entryItem, EN.newCustomerCount, ...e.windows.map((d) => EN.f2Within(int(d))), EN.revenue12m, EN.topSegmentShare]]);
    assert.deepEqual(await rows(page, '#entry-table tbody'), entryRows(e), 'the overall row first, then the items as ranked');
    assert.deepEqual(await page.$$eval('#entry-table tbody th', (ths) => ths.slice(1).map((t) => t.dataset.key)), e.items.map((x) => x.item));
    const titles = await rows(page, '#entry-table tbody', 'title');
    const f2Title = (f) => EN.f2CellTitle(int(f.days), int(f.converted), int(f.eligible), Number.isFinite(f.rate.value) ? EN.ci(pct(f.rate.low), pct(f.rate.high)) : '—');
    [e.overall, ...e.items].forEach((x, i) => assert.deepEqual(titles[i].slice(2, 2 + e.windows.length), x.f2.map(f2Title), `F2 tooltips of row ${i}`));
    assert.equal(await page.textContent('#entry-note'), EN.entryNote(int(e.rankWindow), int(e.minCustomers), int(e.belowMinimum), int(e.multiItemFirstOrders)));
    await page.fill('#entry-min', '100');
    await page.press('#entry-min', 'Tab');
    await page.waitForFunction((n) => document.querySelectorAll('#entry-body[data-state="ready"] #entry-table tbody tr').length === n, ref.entry100.items.length + 1);
    assert.deepEqual(await rows(page, '#entry-table tbody'), entryRows(ref.entry100));

    assert.deepEqual(await rows(page, '#next-table tbody'), nextRows(ref.next));
    await page.selectOption('#next-from', 'any');
    await page.waitForFunction((t) => document.querySelector('#next-products-body[data-state="ready"] h3')?.textContent === t, `${EN.nextTitle}: ${EN.fromAny}`);
    assert.deepEqual(await rows(page, '#next-table tbody'), nextRows(ref.nextAny));
    await page.close();
  });

  it('shows purchase cycles and the due list, and downloads the Node build’s dueToReorderCsv bytes', { timeout: TEST_TIMEOUT }, async () => {
    const page = await openProducts();
    const r = ref.replenishment;
    assert.deepEqual(
      await rows(page, '#replenishment-table tbody'),
      r.items.map((x) => [label('product', x.item, x.name), int(x.buyers), int(x.rebuyers), pct(x.rebuyRate), int(x.intervals), EN.daysN(upTo1(x.median)), EN.dayRange(upTo1(x.p25), upTo1(x.p75)), x.reorderable ? '✓' : '']),
    );
    const d = ref.due;
    assert.ok(d.rows.some((x) => x.daysUntilDue < 0) && d.rows.some((x) => x.daysUntilDue >= 0), 'the sample has overdue and upcoming rows');
    assert.deepEqual(await rows(page, '#due-table tbody'), dueRows(d));
    assert.equal(await page.textContent('#due-summary'), EN.dueSummary(d.asOf, int(d.customers), int(d.rows.length)));
    if (d.rows.length > DUE_ROWS_SHOWN) assert.equal(await page.textContent('#due-shown'), EN.dueShown(int(DUE_ROWS_SHOWN), int(d.rows.length)));
    const list = await downloadOf(page, () => page.click('#due-csv'));
    assert.equal(list.name, 'due_to_reorder.csv');
    assert.ok(list.bytes.equals(ref.dueCsv), 'dueToReorderCsv({ window: 14, overdue: 14 }) of the Node build');

    await page.fill('#due-window', '7');
    await page.press('#due-window', 'Tab');
    await page.fill('#due-overdue', '3');
    await page.press('#due-overdue', 'Tab');
    const d7 = ref.due7;
    await page.waitForFunction((t) => document.querySelector('#due-body[data-state="ready"] #due-summary')?.textContent === t, EN.dueSummary(d7.asOf, int(d7.customers), int(d7.rows.length)));
    assert.deepEqual(await rows(page, '#due-table tbody'), dueRows(d7));
    const list7 = await downloadOf(page, () => page.click('#due-csv'));
    assert.ok(list7.bytes.equals(ref.due7Csv), 'the CSV follows the inputs');
    await page.screenshot({ path: path.join(RESULTS, 'tab-products.png'), fullPage: true });
    await page.close();
  });

  it('switches to Japanese from what is on screen, without asking the worker again', { timeout: TEST_TIMEOUT }, async () => {
    const page = await openProducts();
    await recordWorkerMessages(page);
    await page.click('#lang-toggle');
    assert.equal(await page.textContent('#tab-products'), JA.tabProducts);
    assert.equal(await page.textContent('#abc-title'), JA.abcTitle);
    assert.equal(await page.textContent('#abc-table thead th'), JA.itemCode);
    assert.equal(await page.textContent('#entry-table tbody th'), JA.overallRow);
    assert.equal(await page.textContent('#season-grid tbody tr:last-child th'), ref.month.items.at(-1) === 'other' ? JA.otherItems : ref.month.names.at(-1));
    const first = ref.due.rows[0].daysUntilDue;
    assert.equal(await page.textContent('#due-table tbody td.due-days'), first < 0 ? JA.overdueBy(String(-first)) : first === 0 ? JA.dueToday : JA.dueIn(String(first)));
    assert.equal(await page.textContent('#due-csv'), JA.memberCsv);
    assert.deepEqual(await page.evaluate(() => window.__posted), [], 'messages posted to the worker by the language switch');
    await page.close();
  });

  it('explains which column is needed when the file has no product column, and works on a small file without times', { timeout: TEST_TIMEOUT }, async () => {
    const page = await h.openDemo();
    await upload(page, NO_PRODUCTS);
    await page.click('#tab-products');
    await page.waitForSelector('#panel-products[data-state="ready"] #products-empty');
    assert.equal(await page.textContent('#products-empty h2'), EN.noProductsTitle);
    assert.equal(await page.locator('#products-main').isVisible(), false);
    assert.equal(await page.locator('#panel-products [role="alert"]').count(), 0, 'no error shown');

    await upload(page, BASKETS);
    await ready(page);
    assert.equal(await page.locator('#products-empty').count(), 0);
    assert.deepEqual(await rows(page, '#abc-table tbody'), ref.baskets.items.map(abcRow));
    assert.equal(await page.locator('#season-period option[value="hour"]').isDisabled(), true, 'no order times: by hour is not offered');
    assert.ok((await page.textContent('#season-hour-note')).includes(ref.basketsHourRefusal), "the package's reason next to it");
    await page.close();
  });

  it('is reached by the keyboard and fits a phone screen', { timeout: TEST_TIMEOUT }, async () => {
    const page = await h.openDemo();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.focus('#tab-campaigns');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.getAttribute('#tab-products', 'aria-selected'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-products');
    await ready(page);
    const widths = await phoneWidths(page, '#abc-table');
    assert.ok(widths.page <= 390, `no horizontal page scroll (${widths.page}px)`);
    assert.ok(widths.table > widths.wrap, 'the table scrolls inside its .table-wrap');
    await page.screenshot({ path: path.join(RESULTS, 'tab-products-phone.png'), fullPage: true });
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.getAttribute('#tab-overview', 'aria-selected'), 'true', 'the last tab wraps to the first');
    await page.focus('#tab-overview');
    await page.keyboard.press('End');
    assert.equal(await page.getAttribute('#tab-products', 'aria-selected'), 'true', 'End goes to the last tab');
    await page.close();
  });

  it('made no request outside this machine, and no page errors', () => {
    assertLocalOnly(h, ['/', '/app.js', '/worker.js']);
  });
});
