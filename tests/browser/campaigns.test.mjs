// Browser test of the Campaigns tab of the demo page (dist/) in headless Chromium: every number
// it shows is the Node build's for the same data (the sample as worker.js loads it, with its
// message log), formatted as the page formats it; the target lists it downloads are the Node
// build's campaignMembers() bytes; a message log dropped on the tab is read by addMessages().
// Run: node --test tests/browser/campaigns.test.mjs (needs what harness.mjs needs).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { STRINGS } from '../../www/i18n.js';
import { Dataset, FIXTURES, RESULTS, TEST_TIMEOUT, WAIT, assertLocalOnly, startBrowser, upload, recordWorkerMessages, phoneWidths } from './harness.mjs';
import { SAMPLE } from '../../www/sample.js';

const TABLE = { attribution: 'send', attributionDays: 5 }; // the table's controls as the page opens
// Braze's external ids are C001 …; the sample's customers are C0000001 …: nothing matches.
const BRAZE = path.join(FIXTURES, 'messages', 'braze.csv');
const EN = STRINGS.en;
const JA = STRINGS.ja;

// The page's formats, written out here: whole numbers grouped, percent with one decimal, whole yen.
const percent = new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
const pct = (x) => (Number.isFinite(x) ? percent.format(x) : '—');
const int = (x) => x.toLocaleString('en-US');
const yen = (x) => (Math.round(x) < 0 ? '-' : '') + '¥' + Math.abs(Math.round(x)).toLocaleString('en-US');
const interval = (r) => (Number.isFinite(r.value) ? EN.ci(pct(r.low), pct(r.high)) : null);

describe('Campaigns tab in headless Chromium', () => {
  let h;
  const ref = {};

  before(async () => {
    const ds = Dataset.synthetic(SAMPLE);
    ref.table = ds.campaigns({ groupBy: ['campaign'], ...TABLE });
    ref.tableVariant = ds.campaigns({ groupBy: ['campaign', 'variant'], ...TABLE });
    ref.tableDecile = ds.campaigns({ groupBy: 'decile', ...TABLE });
    ref.names = ref.table.rows.map((r) => r.group[0]);
    // A campaign with a control group and two variants; the scenario is the one sent in steps.
    ref.campaign = ref.table.rows.find((r) => r.control > 0).group[0];
    ref.scenario = ref.names.find((n) => ds.stepMails({ campaign: n }).steps.length > 1);
    ref.compare = ds.compareVariants({ campaign: ref.campaign, metric: 'conversion' });
    ref.variants = ref.compare.arms.filter((a) => !a.control).map((a) => a.name);
    ref.compareOpen = ds.compareVariants({ campaign: ref.campaign, metric: 'open', baseline: ref.variants[0] });
    ref.factors = ds.campaignFactors({ campaigns: [ref.campaign], metric: 'conversion' });
    ref.sendTimes = ds.sendTimes();
    ref.fatigue = ds.fatigue();
    ref.steps = ds.stepMails({ campaign: ref.scenario });
    assert.throws(() => ds.compareVariants({ campaign: ref.scenario }), (err) => (ref.oneArm = err.message) && true);
    ref.rowMembers = Buffer.from(ds.campaignMembers({ group: { campaign: ref.names[1] }, status: 'recipients', ...TABLE }));
    ref.armMembers = Buffer.from(ds.campaignMembers({ campaigns: [ref.campaign], group: { variant: ref.variants[1] }, status: 'converted' }));
    ref.controlMembers = Buffer.from(ds.campaignMembers({ campaigns: [ref.campaign], status: 'control' }));
    ref.braze = ds.addMessages(fs.readFileSync(BRAZE));
    ref.brazeTable = ds.campaigns({ groupBy: ['campaign'], ...TABLE });
    ds.free();
    h = await startBrowser();
  });
  after(() => h?.close());

  async function openCampaigns() {
    const page = await h.openDemo();
    await page.click('#tab-campaigns');
    assert.equal(await page.getAttribute('#tab-campaigns', 'aria-selected'), 'true');
    await page.waitForSelector('#panel-campaigns[data-state="ready"]');
    for (const s of ['campaign-table', 'compare', 'factors', 'steps']) await page.waitForSelector(`#${s}-body[data-state="ready"]`);
    return page;
  }
  /** The rows of a table as [cell text …] (th and td), optionally with each cell's title. */
  const rows = (page, sel, what = 'text') =>
    page.$$eval(`${sel} tr`, (trs, w) => trs.map((tr) => [...tr.cells].map((c) => (w === 'title' ? c.getAttribute('title') : w === 'value' ? c.dataset.value : c.textContent.trim()))), what);
  async function downloadOf(page, click) {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: WAIT }), click()]);
    return { name: download.suggestedFilename(), bytes: fs.readFileSync(await download.path()) };
  }

  it('shows the campaign table of the Node build, exports it and downloads a row as a target list', { timeout: TEST_TIMEOUT }, async () => {
    const page = await openCampaigns();
    assert.equal(await page.textContent('#messages-report'), EN.messagesSample);
    const text = await rows(page, '#campaign-table tbody');
    const titles = await rows(page, '#campaign-table tbody', 'title');
    assert.equal(text.length, ref.table.rows.length);
    ref.table.rows.forEach((r, i) => {
      const [name, recipients, control, open, ctr, ctor, cvr, orders, revenue, perRecipient, unsubscribe, block] = text[i];
      assert.deepEqual(
        { name, recipients, control, open, ctr, ctor, cvr, orders, revenue, perRecipient, unsubscribe, block },
        {
          name: r.group[0], recipients: int(r.recipients), control: int(r.control), open: pct(r.openRate.value), ctr: pct(r.clickRate.value),
          ctor: pct(r.clickToOpenRate.value), cvr: pct(r.conversionRate.value), orders: int(r.orders), revenue: yen(r.revenue),
          perRecipient: yen(r.revenuePerRecipient), unsubscribe: pct(r.unsubscribeRate.value), block: pct(r.blockRate.value),
        },
        `row ${i} (${r.group[0]})`,
      );
      assert.equal(titles[i][3], interval(r.openRate), `${r.group[0]}: the open rate's interval as its tooltip`);
    });
    assert.ok(ref.table.rows.some((r) => Number.isNaN(r.openRate.value)), 'the sample has LINE campaigns without opens (shown as —)');
    const [total] = await rows(page, '#campaign-table tfoot');
    assert.deepEqual(total.slice(0, 4), [EN.total, int(ref.table.total.recipients), int(ref.table.total.control), pct(ref.table.total.openRate.value)]);

    // CSV of the table: raw numbers, no column for the list buttons.
    const csv = await downloadOf(page, () => page.click('.table-tools[data-for="campaign-table"] button[data-action="csv"]'));
    assert.equal(csv.name, 'campaign-table.csv');
    const lines = csv.bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    assert.equal(lines.length, 1 + ref.table.rows.length + 1, 'header, rows, total');
    assert.equal(lines[0].split(',').length, 12);
    assert.equal(lines[1].split(',')[1], String(ref.table.rows[0].recipients));

    // The second row's recipients as the target list: the Node build's bytes.
    const list = await downloadOf(page, () => page.click('#campaign-table tbody tr:nth-child(2) button[data-action="members"]'));
    assert.equal(list.name, 'campaign_members_recipients.csv');
    assert.ok(list.bytes.equals(ref.rowMembers), 'campaignMembers({ group: { campaign }, status: recipients }) of the Node build');

    // Another grouping: campaign × variant.
    await page.selectOption('#cmp-group-by', 'campaign,variant');
    await page.waitForFunction((n) => document.querySelector('#campaign-table-body[data-state="ready"] #campaign-table thead th:nth-child(2)')?.textContent === n, EN.dims.variant);
    const byVariant = await rows(page, '#campaign-table tbody');
    assert.deepEqual(
      byVariant.map((r) => r.slice(0, 3)),
      ref.tableVariant.rows.map((r) => [r.group[0], r.group[1] || EN.noneLabel, int(r.recipients)]),
    );

    // By decile at each campaign's start: 'Decile 1' … and the prospects (no purchase before).
    await page.selectOption('#cmp-group-by', 'decile');
    await page.waitForFunction((n) => document.querySelector('#campaign-table-body[data-state="ready"] #campaign-table thead th:nth-child(1)')?.textContent === n, EN.dims.decile);
    const byDecile = await rows(page, '#campaign-table tbody');
    assert.deepEqual(
      byDecile.map((r) => r.slice(0, 2)),
      ref.tableDecile.rows.map((r) => [/^\d+$/.test(r.group[0]) ? `${EN.decile} ${r.group[0]}` : EN.segmentNames[r.group[0]], int(r.recipients)]),
    );
    await page.screenshot({ path: path.join(RESULTS, 'tab-campaigns.png'), fullPage: true });
    await page.close();
  });

  it('answers the A/B and holdout test and why it worked, in the words of the package, in en and ja', { timeout: TEST_TIMEOUT }, async () => {
    const page = await openCampaigns();
    assert.equal(await page.inputValue('#cmp-campaign'), ref.campaign, 'opens on the first campaign with a control group');
    const verdicts = () => page.$$eval('#compare-verdicts li', (lis) => lis.map((li) => li.textContent));
    assert.deepEqual(await verdicts(), ref.compare.verdicts.map((v) => v.en));
    const arms = await rows(page, '#compare-arms tbody');
    assert.deepEqual(
      arms.map((a) => a.slice(0, 6)),
      ref.compare.arms.map((a) => [a.control ? EN.controlArm : a.name, int(a.recipients), pct(a.openRate.value), pct(a.clickRate.value), pct(a.conversionRate.value), yen(a.revenuePerRecipient)]),
    );
    const tests = await page.$$eval('#compare-tests tbody tr', (trs) => trs.map((tr) => [Number(tr.cells[7].dataset.value), tr.cells[8].dataset.yes === 'true']));
    assert.deepEqual(tests, [...ref.compare.rates, ...ref.compare.revenue].map((t) => [t.pAdjusted, t.significant]), 'Holm-adjusted p and significance of every test');

    // Target lists of an arm (the chosen status) and of the control group.
    await page.selectOption('#cmp-arm-status', 'converted');
    const armRow = ref.compare.arms.findIndex((a) => a.name === ref.variants[1]) + 1;
    const arm = await downloadOf(page, () => page.click(`#compare-arms tbody tr:nth-child(${armRow}) button[data-action="members"]`));
    assert.ok(arm.bytes.equals(ref.armMembers), `the ${ref.variants[1]} arm's buyers: the Node build's campaignMembers() bytes`);
    const controlRow = ref.compare.arms.findIndex((a) => a.control) + 1;
    const control = await downloadOf(page, () => page.click(`#compare-arms tbody tr:nth-child(${controlRow}) button[data-action="members"]`));
    assert.equal(control.name, 'campaign_members_control.csv');
    assert.ok(control.bytes.equals(ref.controlMembers), "the control group's list");

    // Why it worked: the verdict, then each factor and each effect's reading of its flags.
    assert.equal(await page.textContent('#factors-verdict'), ref.factors.verdict.en);
    assert.deepEqual(await page.$$eval('#factor-summary tbody th', (ths) => ths.map((t) => t.dataset.key)), ref.factors.summary.map((s) => s.factor));
    const readings = await page.$$eval('#factor-effects tbody td[data-reading]', (tds) => tds.map((t) => t.dataset.reading));
    assert.deepEqual(readings, ref.factors.effects.map((e) => (e.simpson ? 'simpson' : e.explainedByOthers ? 'explained' : e.survives ? 'survives' : 'none')));
    const adjusted = await page.$$eval('#factor-effects tbody tr', (trs) => trs.map((tr) => Number(tr.cells[8].dataset.value)));
    assert.deepEqual(adjusted, ref.factors.effects.map((e) => e.adjusted.riskDifference));

    // Another metric and baseline: opens against the first variant.
    await page.selectOption('#cmp-baseline', ref.variants[0]);
    await page.selectOption('#cmp-metric', 'open');
    await page.waitForFunction((v) => document.querySelector('#compare-verdicts li')?.textContent === v, ref.compareOpen.verdicts[0].en);
    assert.deepEqual(await verdicts(), ref.compareOpen.verdicts.map((v) => v.en));

    // Japanese, from what is on screen: no analysis runs again.
    await recordWorkerMessages(page);
    await page.click('#lang-toggle');
    assert.equal(await page.textContent('#tab-campaigns'), JA.tabCampaigns);
    assert.deepEqual(await verdicts(), ref.compareOpen.verdicts.map((v) => v.ja));
    assert.equal(await page.textContent('#factors-verdict'), ref.factors.verdict.ja);
    assert.equal(await page.textContent('#campaign-table thead th:nth-child(4)'), JA.openRate);
    assert.deepEqual(await page.evaluate(() => window.__posted), [], 'messages posted to the worker by the language switch');

    // A campaign with one arm: the package's refusal inline, worded in Japanese by its code (the
    // package's English sentence in the tooltip); the rest of the tab stays.
    await page.selectOption('#cmp-campaign', ref.scenario);
    await page.waitForSelector('#compare-body[data-state="error"] [role="alert"]');
    const alert = page.locator('#compare-body [role="alert"]');
    assert.ok((await alert.getAttribute('title')).includes(ref.oneArm));
    assert.equal(await alert.textContent(), JA.errors[await alert.getAttribute('data-code')]({}, {}, JA));
    await page.waitForSelector('#factors-body[data-state="ready"] #factors-verdict');
    assert.equal(await page.locator('#campaign-table').isVisible(), true);
    await page.close();
  });

  it('shows send times, fatigue and the step mails of the Node build', { timeout: TEST_TIMEOUT }, async () => {
    const page = await openCampaigns();
    const t = ref.sendTimes;
    const cells = await page.$$eval('#sendtime-grid tbody td[data-weekday]', (tds) =>
      tds.filter((td) => Number(td.dataset.weekday) < 7).map((td) => ({ hour: Number(td.dataset.hour), weekday: Number(td.dataset.weekday), units: Number(td.dataset.units), title: td.title, sparse: td.classList.contains('sparse') })),
    );
    assert.equal(cells.length, 24 * 7);
    cells.forEach((c, i) => {
      const want = t.cells[i];
      assert.deepEqual([c.hour, c.weekday, c.units], [want.hour, want.weekday, want.units], `cell ${i}`);
      const title = EN.cellTitle(EN.weekdayNames[t.weekdays[want.weekday]], EN.hourLabel(want.hour), int(want.units), pct(want.openRate.value), pct(want.conversionRate.value), want.sparse);
      assert.equal(c.title, title, `tooltip of cell ${want.hour}h × ${t.weekdays[want.weekday]}`);
      assert.equal(c.sparse, want.sparse || !Number.isFinite(want.openRate.value), `cell ${i} greyed when sparse`);
    });
    assert.ok(t.cells.some((c) => c.units > 0 && !c.sparse) && t.cells.some((c) => c.sparse), 'the sample has full and sparse cells');
    assert.deepEqual(await page.$$eval('#sendtime-grid thead th', (ths) => ths.slice(1, 8).map((x) => x.textContent)), t.weekdays.map((w) => EN.weekdayNames[w]));

    const fatigue = await rows(page, '#fatigue-table tbody');
    assert.deepEqual(fatigue.map((r) => [r[1], r[3], r[5]]), ref.fatigue.byRecentMessages.map((r) => [int(r.messages), pct(r.unsubscribeRate.value), pct(r.blockRate.value)]));
    const channels = await page.$$eval('#fatigue-channel tbody th', (ths) => ths.map((x) => x.dataset.key));
    assert.deepEqual(channels, ref.fatigue.byChannel.map((r) => r.label));

    assert.equal(await page.inputValue('#step-campaign'), ref.scenario, 'opens on the campaign sent in steps');
    const steps = await rows(page, '#step-table tbody');
    assert.deepEqual(steps.map((r) => r.slice(0, 6)), ref.steps.steps.map((s) => [s.step, int(s.messages), int(s.delivered), pct(s.openRate.value), pct(s.clickRate.value), pct(s.conversionRate.value)]));
    const f2 = await rows(page, '#f2-compare tbody');
    const { f2: want } = ref.steps;
    assert.deepEqual(f2.map((r) => r.slice(1)), [
      [int(want.received), int(want.receivedF2), pct(want.receivedRate.value)],
      [int(want.notReceived), int(want.notReceivedF2), pct(want.notReceivedRate.value)],
    ]);
    assert.equal(await page.textContent('#f2-block .note'), EN.f2Note, 'says the comparison is observational');
    await page.close();
  });

  it('reads a message log dropped on the tab and reports it as the Node build does', { timeout: TEST_TIMEOUT }, async () => {
    const page = await openCampaigns();
    // A file that is not a CSV: the package's error in the report; the sample's log stays.
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64, 0)]);
    await page.setInputFiles('#messages-input', { name: 'log.xlsx', mimeType: 'application/octet-stream', buffer: zip });
    await page.waitForSelector('#messages-report [role="alert"]');
    assert.match(await page.textContent('#messages-report [role="alert"]'), /log\.xlsx[\s\S]*NOT_CSV/);
    assert.equal(await page.locator('#campaign-table tbody tr').count(), ref.table.rows.length);

    const b64 = fs.readFileSync(BRAZE).toString('base64');
    const dataTransfer = await page.evaluateHandle((data) => {
      const dt = new DataTransfer();
      dt.items.add(new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], 'braze.csv', { type: 'text/csv' }));
      return dt;
    }, b64);
    await page.dispatchEvent('#messages-drop', 'drop', { dataTransfer });
    await page.waitForSelector('#messages-report [data-field="matched"]');
    const fact = (f) => page.getAttribute(`#messages-report [data-field="${f}"]`, 'data-value');
    const r = ref.braze;
    assert.equal(r.matched, 0, 'the fixture matches no customer of the sample');
    assert.equal(Number(await fact('matched')), r.matched);
    for (const f of ['messages', 'recipients', 'campaigns', 'rowsRejected']) assert.equal(Number(await fact(f)), r[f], f);
    assert.equal(await fact('format'), r.format);
    assert.equal(await page.textContent('#messages-report [data-field="matched"]'), int(r.matched));
    const codes = await page.$$eval('#messages-report [data-code]', (ps) => ps.map((p) => p.dataset.code));
    assert.deepEqual(codes, r.warnings.map((w) => w.code));
    assert.match(await page.textContent('#messages-report'), new RegExp(EN.warningTitles.no_matched_recipients));
    // The tab now shows the new log's campaigns.
    await page.waitForFunction((n) => document.querySelectorAll('#campaign-table-body[data-state="ready"] #campaign-table tbody tr').length === n, ref.brazeTable.rows.length);
    const text = await rows(page, '#campaign-table tbody');
    assert.deepEqual(text.map((x) => x.slice(0, 2)), ref.brazeTable.rows.map((x) => [x.group[0], int(x.recipients)]));
    await page.close();
  });

  it('explains which file to add when the order file has no message log', { timeout: TEST_TIMEOUT }, async () => {
    const page = await h.openDemo();
    await upload(page, path.join(FIXTURES, 'orders_utf8.csv'));
    await page.click('#tab-campaigns');
    await page.waitForSelector('#panel-campaigns[data-state="ready"] #campaigns-empty');
    assert.equal(await page.textContent('#campaigns-empty h2'), EN.noMessagesTitle);
    assert.equal(await page.locator('#campaigns-main').isVisible(), false);
    assert.equal(await page.locator('#panel-campaigns [role="alert"]').count(), 0, 'no error shown');
    assert.equal(await page.locator('#messages-report').isVisible(), false);
    await page.close();
  });

  it('is reached by the keyboard and fits a phone screen', { timeout: TEST_TIMEOUT }, async () => {
    const page = await h.openDemo();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.focus('#tab-clv');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.getAttribute('#tab-campaigns', 'aria-selected'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-campaigns');
    await page.waitForSelector('#campaign-table-body[data-state="ready"]');
    const widths = await phoneWidths(page, '#campaign-table');
    assert.ok(widths.page <= 390, `no horizontal page scroll (${widths.page}px)`);
    assert.ok(widths.table > widths.wrap, 'the table scrolls inside its .table-wrap');
    await page.screenshot({ path: path.join(RESULTS, 'tab-campaigns-phone.png'), fullPage: true });
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.getAttribute('#tab-products', 'aria-selected'), 'true', 'Products follows (products.test.mjs checks the wrap to the first tab)');
    await page.close();
  });

  it('made no request outside this machine, and no page errors', () => {
    assertLocalOnly(h, ['/', '/app.js', '/worker.js']);
  });
});
