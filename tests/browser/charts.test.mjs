// The workbench's charts and its folded load panel, in Debian's headless Chromium at an office
// laptop's 1366×768 (dist/, the built page). Every chart is checked against the Node build's
// numbers for the sample data (each bar and point carries the numbers it draws as data-values /
// data-value), its y axis against the "nice ticks" rule, and the PNG / SVG exports as files.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { Dataset, TEST_TIMEOUT, assertLocalOnly, startBrowser } from './harness.mjs';
import { SAMPLE } from '../../www/sample.js';

const VIEWPORT = { width: 1366, height: 768 };
const en = (n) => n.toLocaleString('en-US');

/** The numbers behind each `g.bar` of a chart, in order. */
const barValues = (page, figure) =>
  page.$$eval(`${figure} svg g.bar`, (gs) => gs.map((g) => ({ row: g.dataset.row ?? g.dataset.item ?? null, values: g.dataset.values.split(' ').map(Number) })));

/** The y-axis tick values of a chart (the labels right-aligned left of the plot), parsed back from text. */
const yTicks = (page, figure) =>
  page.$$eval(`${figure} svg text.axis[text-anchor="end"]`, (ts) => ts.map((t) => t.textContent));
const parseTick = (text) => {
  const n = Number(text.replace(/[^\d.-]/g, ''));
  return text.includes('%') ? n / 100 : n;
};

/**
 * Nice ticks: 0, s, 2s, … evenly spaced with s = 1, 2, 2.5 or 5 × 10^k, and the top tick at or
 * above everything drawn (no bar or label above the frame).
 */
function assertNiceTicks(labels, maxDrawn, what) {
  const ticks = labels.map(parseTick);
  assert.ok(ticks.length >= 2, `${what}: ticks ${labels}`);
  assert.equal(ticks[0], 0, `${what}: the axis starts at 0 (${labels})`);
  const step = ticks[1] - ticks[0];
  ticks.forEach((t, i) => assert.ok(Math.abs(t - i * step) <= step * 1e-9, `${what}: evenly spaced (${labels})`));
  const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-12);
  assert.ok([1, 2, 2.5, 5].some((m) => Math.abs(mantissa - m) < 1e-9), `${what}: step ${step} is 1, 2, 2.5 or 5 × 10^k (${labels})`);
  const top = ticks.at(-1);
  assert.ok(top >= maxDrawn * (1 - 1e-9), `${what}: top tick ${top} ≥ largest value ${maxDrawn}`);
  assert.ok(top - step < maxDrawn, `${what}: no empty band above the data (top ${top}, step ${step}, max ${maxDrawn})`);
}

describe('charts and the folded load panel in headless Chromium', () => {
  let h;
  let ref; // the Node build's results for the sample data

  before(async () => {
    const ds = Dataset.synthetic(SAMPLE);
    ref = {
      summary: ds.summary(),
      rfm: ds.rfm({ lang: 'en' }),
      deciles: ds.deciles(),
      cpm: ds.cpm({ lang: 'en' }),
      repeat: ds.repeat(),
      cohorts: ds.cohorts({ metric: 'customers', mode: 'period' }),
    };
    ds.free();
    h = await startBrowser({ viewport: VIEWPORT });
  });
  after(() => h?.close());

  async function openTab(page, name) {
    await page.click(`#tab-${name}`);
    await page.waitForSelector(`#panel-${name}[data-state="ready"]`);
  }

  it('folds the load panel to one line after a load, with the KPIs above the fold', { timeout: TEST_TIMEOUT }, async () => {
    const page = await h.openDemo();
    assert.ok(await page.$eval('#load-panel', (p) => p.classList.contains('collapsed')), 'load panel folded after the sample loaded');
    assert.equal(await page.locator('#drop-zone').isVisible(), false, 'drop zone hidden');
    assert.equal(await page.locator('#progress').isVisible(), false, 'progress bar hidden');
    assert.equal(await page.textContent('#loaded-line'), `${en(ref.summary.rows)} rows · ${en(ref.summary.rowsRejected)} rejected`);
    assert.equal(await page.locator('#change-file').isVisible(), true);
    // Every KPI tile is on the first screen at 768 px.
    const bottoms = await page.$$eval('[data-kpi]', (ks) => ks.map((k) => [k.dataset.kpi, k.getBoundingClientRect().bottom]));
    assert.ok(bottoms.length >= 4, `KPIs: ${JSON.stringify(bottoms)}`);
    for (const [kpi, bottom] of bottoms) assert.ok(bottom <= VIEWPORT.height, `KPI ${kpi} ends at ${bottom} px, below the fold`);

    await page.click('#change-file');
    assert.equal(await page.$eval('#load-panel', (p) => p.classList.contains('collapsed')), false);
    assert.equal(await page.locator('#drop-zone').isVisible(), true, 'change file opens the drop zone');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'file-input', 'focus on the file input');
    assert.equal(await page.locator('#progress').isVisible(), false, 'no full progress bar while nothing runs');
    // The help: the required columns, and an entry per recognised cart.
    await page.click('#help-panel > summary');
    const help = await page.textContent('#help-body');
    for (const term of ['Customer (required)', 'Order date (required)', 'Amount (required)', 'Shopify', 'EC-CUBE 4', 'Rakuten (RMS)', 'Yahoo! Shopping', 'Next Engine']) {
      assert.ok(help.includes(term), `help lists ${term}`);
    }
    await page.click('#load-sample');
    await page.waitForFunction(() => document.body.dataset.state === 'ready' && document.getElementById('load-panel').classList.contains('collapsed'));
    await page.close();
  });

  it('overview: revenue and its factors month by month, as the summary says', { timeout: TEST_TIMEOUT }, async () => {
    const page = await h.openDemo();
    const months = ref.summary.byMonth;
    const revenue = await barValues(page, '#month-chart');
    assert.deepEqual(revenue.map((b) => b.values), months.map((m) => [m.newRevenue, m.repeatRevenue]));
    assertNiceTicks(await yTicks(page, '#month-chart'), Math.max(...months.map((m) => Math.max(0, m.newRevenue) + Math.max(0, m.repeatRevenue))), 'monthly revenue');

    const customers = await barValues(page, '#month-customers');
    assert.deepEqual(customers.map((b) => b.values), months.map((m) => [m.newCustomers, m.repeatCustomers]));
    assertNiceTicks(await yTicks(page, '#month-customers'), Math.max(...months.map((m) => m.customers)), 'customers per month');
    for (const [id, key] of [['#month-frequency', 'ordersPerCustomer'], ['#month-aov', 'aov']]) {
      const points = await page.$$eval(`${id} svg circle`, (cs) => cs.map((c) => [c.dataset.x, Number(c.dataset.value)]));
      assert.deepEqual(points, months.map((m) => [m.month, m[key]]), `${id}: one point per month`);
    }
    await page.close();
  });

  it('segments: segment sizes, decile Pareto, CPM by month and its flows, F2 by window', { timeout: TEST_TIMEOUT }, async () => {
    const page = await h.openDemo();
    await openTab(page, 'segments');

    const segments = await barValues(page, '#segment-chart');
    assert.deepEqual(segments, ref.rfm.segments.map((s) => ({ row: s.key, values: [s.share, s.revenueShare] })));

    const deciles = await barValues(page, '#decile-chart');
    assert.deepEqual(deciles, ref.deciles.deciles.map((d) => ({ row: String(d.decile), values: [d.revenue, d.cumulativeShare] })));
    assert.equal(await page.locator('#decile-chart svg path.cumulative').count(), 1, 'cumulative share line');

    const cpm = await barValues(page, '#cpm-chart');
    assert.deepEqual(cpm.map((b) => b.values), ref.cpm.monthly.map((m) => m.counts));
    assertNiceTicks(await yTicks(page, '#cpm-chart'), Math.max(...ref.cpm.monthly.map((m) => m.counts.reduce((a, b) => a + b, 0))), 'CPM by month');

    // Flows into each group in the last month: row = from (the groups, then "not yet a customer"
    // when anyone came from there), column = to; the cell is the number of customers.
    const last = ref.cpm.monthly.at(-1);
    const g = ref.cpm.groups.length;
    const size = Math.round(Math.sqrt(last.transitions.length));
    const flows = await page.$$eval('#cpm-flows tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => Number(td.dataset.value))));
    const fromRows = [...Array(size).keys()].filter((i) => i < g || last.transitions.slice(i * size, i * size + g).some((v) => v > 0));
    assert.deepEqual(flows, fromRows.map((i) => last.transitions.slice(i * size, i * size + g)));
    assert.ok(fromRows.length > g, 'the sample has new customers in its last month: the "not yet a customer" row is shown');

    // Every number column of the decile table says what it is (tooltips on the headers).
    const heads = await page.$$eval('#decile-table thead th', (ths) => ths.map((th) => [th.textContent, th.title]));
    for (const [label, title] of heads.slice(1)) assert.ok(title.length > 10, `a definition on "${label}": "${title}"`);
    assert.match(heads.find(([l]) => l === 'Cumulative share')?.[1] ?? '', /÷ all revenue/);

    const f2 = await barValues(page, '#f2-chart');
    assert.deepEqual(f2.map((b) => b.values), ref.repeat.f2Within.map((w) => [w.rate]));
    assertNiceTicks(await yTicks(page, '#f2-chart'), Math.max(...ref.repeat.f2Within.map((w) => w.rate)), 'F2 by window');
    await page.close();
  });

  it('cohorts: retention curves from period 1 with the counts on hover, cells with their N', { timeout: TEST_TIMEOUT }, async () => {
    const page = await h.openDemo();
    await openTab(page, 'cohorts');
    const c = ref.cohorts;
    const nP = c.periods.length;
    // The average's points: periods 1 … last, not period 0's 100 %.
    const avg = await page.$$eval('#cohort-curves svg g.points[data-series="Average"] circle', (cs) =>
      cs.map((x) => ({ x: x.dataset.x, value: Number(x.dataset.value), title: x.querySelector('title').textContent })),
    );
    const expected = c.periods.slice(1).map((p, j) => ({ x: p, value: c.average[j + 1] })).filter((p) => Number.isFinite(p.value));
    assert.deepEqual(avg.map(({ x, value }) => ({ x, value })), expected);
    // N on hover: customers active in period 1 over the cohorts observed there.
    let n1 = 0;
    let size1 = 0;
    c.cohorts.forEach((k, i) => {
      if (Number.isFinite(c.values[i * nP + 1])) {
        n1 += c.values[i * nP + 1];
        size1 += k.size;
      }
    });
    assert.match(avg[0].title, new RegExp(`\\(${en(n1)} of ${en(size1)} customers`), avg[0].title);
    // The y axis runs to the largest rate drawn, not to 100 %.
    const drawn = await page.$$eval('#cohort-curves svg circle', (cs) => cs.map((x) => Number(x.dataset.value)));
    assertNiceTicks(await yTicks(page, '#cohort-curves'), Math.max(...drawn), 'retention curves');
    assert.ok(parseTick((await yTicks(page, '#cohort-curves')).at(-1)) < 1, 'the y axis is not 0–100 %');

    // A cell's tooltip: its rate with the count and the cohort's size.
    const i = 0;
    const title = await page.getAttribute(`#cohort-table tbody tr:nth-child(${i + 1}) td:nth-of-type(3)`, 'title');
    assert.match(title, new RegExp(`^cohort ${c.cohorts[i].label}, month 1: [\\d.]+% \\(${en(c.values[i * nP + 1])} of ${en(c.cohorts[i].size)} customers\\)`), title);
    // The modes and period 0 are defined next to the table.
    assert.match(await page.textContent('#cohort-definitions'), /In that month or later/);
    await page.close();
  });

  it('saves a chart as PNG and as SVG', { timeout: TEST_TIMEOUT }, async () => {
    const page = await h.openDemo();
    await openTab(page, 'segments');
    const tools = 'section.block:has(#segment-chart) .chart-tools';
    const viewBox = (await page.getAttribute('#segment-chart svg', 'viewBox')).split(' ').map(Number);

    const [png] = await Promise.all([page.waitForEvent('download'), page.click(`${tools} button[data-action="png"]`)]);
    assert.equal(png.suggestedFilename(), 'segment-chart.png');
    const bytes = fs.readFileSync(await png.path());
    assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
    // IHDR: width and height at twice the chart's size.
    assert.equal(bytes.toString('latin1', 12, 16), 'IHDR');
    assert.deepEqual([bytes.readUInt32BE(16), bytes.readUInt32BE(20)], [viewBox[2] * 2, viewBox[3] * 2]);
    assert.ok(bytes.length > 5000, `a drawn image, not an empty canvas (${bytes.length} bytes)`);

    const [svg] = await Promise.all([page.waitForEvent('download'), page.click(`${tools} button[data-action="svg"]`)]);
    assert.equal(svg.suggestedFilename(), 'segment-chart.svg');
    const text = fs.readFileSync(await svg.path(), 'utf8');
    assert.ok(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>'), text.slice(0, 60));
    // Parsed on a blank page: the demo's CSP would (rightly) refuse the file's <style>.
    const blank = await h.context.newPage();
    const parsed = await blank.evaluate((t) => {
      const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        root: doc.documentElement.localName,
        width: doc.documentElement.getAttribute('width'),
        bars: doc.querySelectorAll('g.bar').length,
        style: doc.querySelector('style')?.textContent.length ?? 0,
      };
    }, text);
    assert.deepEqual(parsed, { error: null, root: 'svg', width: String(viewBox[2]), bars: ref.rfm.segments.length, style: parsed.style });
    assert.ok(parsed.style > 0, 'the chart styles travel with the file');
    await blank.close();
    await page.close();
  });

  it('made no request outside this machine, and no page errors', () => {
    assertLocalOnly(h, ['/', '/app.js', '/worker.js', '/style.css']);
  });
});
