// Drill to list on the demo page in headless Chromium (issue 18): a cell of every kind — RFM
// segment, decile, CPM group, crosstab cell, cohort cell, CLV risk band and P(alive) band —
// opens its customers, and the CSV the dialog downloads holds exactly the ids the package call
// `ds.members(selector)` returns in Node for the same sample data and selector. Lists of the
// count cells have as many customers as the cell shows.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { Dataset, TEST_TIMEOUT, assertLocalOnly, startBrowser } from './harness.mjs';
import { SAMPLE } from '../../www/sample.js';

/** Customer ids of a target-list CSV (first column; synthetic ids need no quoting). */
const csvIds = (text) => text.replace(/^\uFEFF/, '').trim().split(/\r?\n/).slice(1).map((l) => l.split(',')[0]);

describe('drill to list in headless Chromium', { timeout: TEST_TIMEOUT * 3 }, () => {
  let h;
  let ds;
  before(async () => {
    ds = Dataset.synthetic(SAMPLE);
    h = await startBrowser();
  });
  after(async () => {
    ds?.free();
    await h?.close();
  });

  async function openTab(page, name) {
    await page.click(`#tab-${name}`);
    await page.waitForSelector(`#panel-${name}[data-state="ready"]`);
  }

  /** Open `cell`'s list, download its CSV, and compare with the package's list for its selector. */
  async function drill(page, cell, { countCell }) {
    const node = page.locator(cell).first();
    const selector = JSON.parse(await node.getAttribute('data-selector'));
    const shown = Number(await node.getAttribute('data-value'));
    await node.click();
    await page.waitForSelector('#members-dialog[data-state="ready"]');
    assert.deepEqual(JSON.parse(await page.getAttribute('#members-dialog', 'data-selector')), selector);
    const expected = ds.members(selector);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#members-dialog [data-action="members-csv"]')]);
    const ids = csvIds(fs.readFileSync(await download.path(), 'utf8'));
    assert.deepEqual(ids, expected.customerIds, `${selector.kind}: the CSV holds the package's list`);
    assert.ok(ids.length > 0, `${selector.kind}: a non-empty cell`);
    if (countCell) assert.equal(ids.length, shown, `${selector.kind}: as many customers as the cell shows`);
    // The dialog's table starts with the list's first customers, in its order.
    const first = await page.locator('#members-table tbody tr th').allTextContents();
    assert.deepEqual(first.slice(0, 5), expected.customerIds.slice(0, 5));
    const title = await page.textContent('#members-title');
    assert.ok(title.includes(expected.count.toLocaleString('en-US')), `${title} names ${expected.count}`);
    await page.click('#members-dialog [data-action="close"]');
    assert.equal(await page.locator('#members-dialog').isVisible(), false);
    return selector;
  }

  it('every cell kind exports exactly the ids of ds.members()', async () => {
    const page = await h.openDemo();
    await openTab(page, 'segments');
    const kinds = [];
    kinds.push((await drill(page, '#rfm-table tbody td.drill', { countCell: true })).kind);
    kinds.push((await drill(page, '#decile-table tbody tr:nth-child(3) td.drill', { countCell: true })).kind);
    kinds.push((await drill(page, '#cpm-table tbody td.drill', { countCell: true })).kind);
    // An R × F grid cell: an RFM segment map of that one cell (R2 F1, the second row from the bottom).
    const rf = await drill(page, '#rf-grid tbody tr:nth-last-child(2) td.drill:nth-of-type(1)', { countCell: true });
    assert.deepEqual(rf.rfm.segmentMap, [{ name: 'R2F1', r: [2, 2], f: [1, 1] }]);
    await page.waitForSelector('#crosstab-body[data-state="ready"]');
    kinds.push((await drill(page, '#crosstab-table tbody tr:nth-child(2) td.drill:not([data-value="0"])', { countCell: false })).kind);
    await openTab(page, 'cohorts');
    kinds.push((await drill(page, '#cohort-table tbody tr:nth-child(3) td.drill:nth-of-type(3)', { countCell: false })).kind);
    await openTab(page, 'clv');
    kinds.push((await drill(page, '#clv-risk tbody tr:nth-child(2) td.drill', { countCell: true })).kind);
    kinds.push((await drill(page, '#clv-alive tbody td.drill', { countCell: true })).kind);
    assert.deepEqual(kinds, ['rfmSegment', 'decile', 'cpmGroup', 'crosstabCell', 'cohortCell', 'riskBand', 'aliveBand']);
    // Keyboard: Enter on a focused cell opens it too.
    await openTab(page, 'segments');
    await page.focus('#cpm-table tbody tr:nth-child(2) td.drill');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#members-dialog[data-state="ready"]');
    await page.keyboard.press('Escape');
    assert.equal(h.problems.length, 0, h.problems.join('\n'));
    await page.close();
    assertLocalOnly(h, ['/']);
  });
});
