// The README's screenshots of the demo page (docs/demo.png, docs/campaigns.png, docs/products.png, docs/mapping.png), taken from dist/
// in Debian's headless Chromium with a Japanese browser. Run after scripts/build.sh:
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
  const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 1000 } });
  await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()));
  const page = await context.newPage();
  await page.goto(server.url);
  await page.waitForSelector('body[data-state="ready"]');
  await page.click('#tab-segments');
  await page.waitForSelector('#panel-segments table');
  await page.locator('[role="tablist"]').scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollTo(0, document.querySelector('[role="tablist"]').getBoundingClientRect().top + window.scrollY - 8));
  await page.screenshot({ path: path.join(DOCS, 'demo.png') });

  await page.click('#tab-campaigns');
  await page.waitForSelector('#panel-campaigns[data-state="ready"]');
  await page.waitForSelector('#compare-body[data-state="ready"]');
  await page.evaluate(() => window.scrollTo(0, document.getElementById('compare-title').getBoundingClientRect().top + window.scrollY - 8));
  await page.screenshot({ path: path.join(DOCS, 'campaigns.png') });

  await page.click('#tab-products');
  await page.waitForSelector('#panel-products[data-state="ready"]');
  await page.waitForSelector('#panel-products svg');
  await page.evaluate(() => window.scrollTo(0, document.getElementById('panel-products').getBoundingClientRect().top + window.scrollY - 8));
  await page.screenshot({ path: path.join(DOCS, 'products.png') });
  await page.click('#tab-segments');

  await page.setInputFiles('#file-input', { name: 'unit-price.csv', mimeType: 'text/csv', buffer: Buffer.from(UNIT_PRICE_FILE) });
  await page.waitForSelector('#mapping-step[open] #field-map select');
  await page.evaluate(() => window.scrollTo(0, document.getElementById('mapping-step').getBoundingClientRect().top + window.scrollY - 8));
  await page.screenshot({ path: path.join(DOCS, 'mapping.png') });
  for (const f of ['demo.png', 'campaigns.png', 'products.png', 'mapping.png']) console.log(`[screenshots] docs/${f}: ${fs.statSync(path.join(DOCS, f)).size} bytes`);
} finally {
  await browser.close();
  await server.close();
}
