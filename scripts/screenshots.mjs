// The README's screenshots of the demo page (docs/first-screen.png, docs/tab-<tab>.png for every tab, docs/drill.png, docs/mapping.png),
// taken from dist/ in Debian's headless Chromium with a Japanese browser at 1366×768. Run after scripts/build.sh:
//   node scripts/screenshots.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from './serve.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DOCS = path.join(ROOT, 'docs');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
// Headers no export system uses for the id and date, with a unit price and a quantity instead of
// a line amount: the step shows two required fields to pick, and the amount met by the unit price.
const UNIT_PRICE_FILE = '会員,日,数量,単価,メモ\nA,2024-01-05,2,1000,\nB,2024-01-06,1,2500,\nA,2024-02-10,3,500,ギフト\nC,2024-13-01,1,700,\n';

const server = await startServer({ port: 0 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
try {
  const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1366, height: 768 } });
  await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()));
  const page = await context.newPage();
  await page.goto(server.url);
  await page.waitForSelector('body[data-state="ready"]');
  const shots = [];
  const shot = async (name) => {
    await page.screenshot({ path: path.join(DOCS, name) });
    shots.push(name);
  };
  /** Scroll so that `selector` is at the top (the tabs above the fold, then the tab's answers). */
  const scrollTo = (selector) => page.evaluate((sel) => window.scrollTo(0, document.querySelector(sel).getBoundingClientRect().top + window.scrollY - 8), selector);
  // The first screen after a load: the folded load panel and the KPIs above the fold.
  await shot('first-screen.png');
  // Every tab at an office laptop's 1366×768, in Japanese, on the sample data.
  for (const tab of ['overview', 'segments', 'cohorts', 'recommend', 'clv', 'campaigns', 'products']) {
    await page.click(`#tab-${tab}`);
    await page.waitForSelector(`#panel-${tab}[data-state="ready"]`);
    if (tab === 'campaigns') await page.waitForSelector('#compare-body[data-state="ready"]');
    if (tab === 'products') await page.waitForSelector('#panel-products svg');
    await scrollTo('[role="tablist"]');
    await shot(`tab-${tab}.png`);
  }
  // Drill to list: a segment's customers.
  await page.click('#tab-segments');
  await page.locator('#rfm-table tbody td.drill').nth(1).click();
  await page.waitForSelector('#members-dialog[data-state="ready"]');
  await shot('drill.png');
  await page.keyboard.press('Escape');

  await page.setInputFiles('#file-input', { name: 'unit-price.csv', mimeType: 'text/csv', buffer: Buffer.from(UNIT_PRICE_FILE) });
  await page.waitForSelector('#mapping-step[open] #field-map select');
  await scrollTo('#mapping-step');
  await shot('mapping.png');
  for (const f of shots) console.log(`[screenshots] docs/${f}: ${fs.statSync(path.join(DOCS, f)).size} bytes`);
} finally {
  await browser.close();
  await server.close();
}
