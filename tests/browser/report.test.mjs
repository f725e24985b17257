// 「レポート」 in headless Chromium: the button computes the tabs not opened yet, then asks the
// browser to print; under print media only the report shows (its header, the KPIs, charts and
// tables of overview, segments, cohorts, CLV and products, no controls), and Chromium's own PDF
// of it has A4 pages, the wide heatmaps on landscape ones. Nothing leaves the machine.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { RESULTS, TEST_TIMEOUT, assertLocalOnly, startBrowser } from './harness.mjs';

const REPORT_TABS = ['overview', 'segments', 'cohorts', 'clv', 'products'];
// A4 in PDF points (1/72 in): 210 × 297 mm.
const A4 = [595.28, 841.89];

describe('report (print / PDF) in headless Chromium', () => {
  let h;
  before(async () => {
    h = await startBrowser({ viewport: { width: 1366, height: 768 } });
  });
  after(() => h?.close());

  it('computes every tab of the report, prints only the report, and makes an A4 PDF', { timeout: TEST_TIMEOUT }, async () => {
    const page = await h.openDemo();
    // Only the overview has been computed; the print dialog is replaced by a flag.
    for (const tab of REPORT_TABS.slice(1)) assert.notEqual(await page.getAttribute(`#panel-${tab}`, 'data-state'), 'ready', `${tab} not computed yet`);
    await page.evaluate(() => {
      window.__printed = 0;
      window.print = () => {
        window.__printed++;
      };
    });
    await page.click('#print-report');
    await page.waitForFunction(() => window.__printed === 1);
    for (const tab of REPORT_TABS) assert.equal(await page.getAttribute(`#panel-${tab}`, 'data-state'), 'ready', `${tab} computed for the report`);
    assert.ok(await page.$eval('body', (b) => b.classList.contains('printing')));
    const header = await page.textContent('#report-header');
    assert.match(header, /Customer analytics report/);
    assert.match(header, /sample data · 2023-01-01 to 2025-12-31 · 5,000 customers/);

    await page.emulateMedia({ media: 'print' });
    for (const sel of ['#load-panel', '[role="tablist"]', '.site-header', '#panel-recommend', '#panel-campaigns']) {
      assert.equal(await page.locator(sel).isVisible(), false, `${sel} not printed`);
    }
    for (const tab of REPORT_TABS) assert.equal(await page.locator(`#panel-${tab}`).isVisible(), true, `${tab} printed`);
    assert.equal(await page.locator('#report-header').isVisible(), true);
    const buttons = await page.$$eval('button', (bs) => bs.filter((b) => b.getClientRects().length > 0).map((b) => b.id || b.textContent));
    assert.deepEqual(buttons, [], 'no buttons on paper');
    for (const sel of ['#kpis, [data-kpi="customers"]', '#month-chart svg', '#segment-chart svg', '#decile-table', '#cohort-table', '#cohort-curves svg']) {
      assert.equal(await page.locator(sel).first().isVisible(), true, `${sel} printed`);
    }

    // Nothing is wider than its page: A4 portrait holds 186 mm (703 CSS px) within the margins,
    // landscape 277 mm (1,047 px) for the cohort and product heatmaps.
    await page.setViewportSize({ width: 703, height: 1000 });
    const widths = await page.$$eval('table, svg.chart, .kpis', (es) =>
      es.filter((e) => e.getClientRects().length > 0).map((e) => [e.id || e.getAttribute('aria-label') || e.className, e.closest('.tabpanel')?.id, e.getBoundingClientRect().width]),
    );
    assert.ok(widths.length > 20, `printed tables and charts: ${widths.length}`);
    for (const [what, panel, width] of widths) {
      const page = /cohorts|products/.test(panel) ? 1047 : 703;
      assert.ok(width <= page + 1, `${panel} ${what}: ${Math.round(width)} px on a ${page} px page`);
    }

    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    fs.mkdirSync(RESULTS, { recursive: true });
    fs.writeFileSync(path.join(RESULTS, 'report.pdf'), pdf);
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    const boxes = [...pdf.toString('latin1').matchAll(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/g)].map((m) => [Number(m[1]), Number(m[2])]);
    assert.ok(boxes.length >= REPORT_TABS.length, `a page or more per tab: ${boxes.length} pages`);
    const near = (a, b) => Math.abs(a - b) < 2;
    const portrait = boxes.filter(([w, hh]) => near(w, A4[0]) && near(hh, A4[1])).length;
    const landscape = boxes.filter(([w, hh]) => near(w, A4[1]) && near(hh, A4[0])).length;
    assert.equal(portrait + landscape, boxes.length, `every page A4: ${JSON.stringify(boxes)}`);
    assert.ok(portrait > 0 && landscape > 0, `portrait (${portrait}) and landscape (${landscape}) pages`);

    // Back on screen after printing.
    await page.emulateMedia({ media: 'screen' });
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    assert.equal(await page.$eval('body', (b) => b.classList.contains('printing')), false);
    assert.equal(await page.locator('#panel-segments').isVisible(), false, 'only the chosen tab on screen');
    await page.close();
  });

  it('made no request outside this machine, and no page errors', () => {
    assertLocalOnly(h, ['/', '/app.js', '/worker.js']);
  });
});
