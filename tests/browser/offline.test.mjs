// The demo page offline (dist/ with its service worker, www/sw.js) in headless Chromium: after one
// visit the worker controls the page and holds the page's files; then, with the browser offline
// and the server stopped, a reload shows the sample data, a CSV file loads, and Cancel (which
// starts a new Web Worker from worker.js) works, every file answered by the service worker. A new
// deploy (another sw.js) replaces the old cache. Nothing is requested off this machine.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Dataset, FIXTURES, ROOT, TEST_TIMEOUT, WAIT, assertLocalOnly, cancelWhenLoading, launchChromium, startBrowser, upload } from './harness.mjs';
import { CSP, SW_CSP, startServer } from '../../scripts/serve.mjs';

const PAGE_FILES = ['/', '/index.html', '/app.js', '/worker.js', '/style.css'];
const distVersion = () => fs.readFileSync(path.join(ROOT, 'dist', 'sw.js'), 'utf8').match(/const VERSION = '([0-9a-f]+)';/)?.[1];

/** Wait until a service worker is active and controls `page`; its caches and their files. */
async function waitForControl(page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: WAIT });
  // The install step fills the cache before activation, so the files are there by now.
  return page.evaluate(async () => {
    const out = {};
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      out[name] = (await cache.keys()).map((r) => new URL(r.url).pathname).sort();
    }
    return out;
  });
}

const kpi = (page, name) => page.getAttribute(`[data-kpi="${name}"]`, 'data-value').then(Number);

describe('demo page offline in headless Chromium', () => {
  let h; // server, browser context, recorded requests and page errors
  const responses = []; // { path, fromServiceWorker } of every http response

  before(async () => {
    h = await startBrowser();
    h.context.on('response', (r) => {
      if (r.url().startsWith('http')) responses.push({ path: new URL(r.url()).pathname, fromServiceWorker: r.fromServiceWorker() });
    });
  });
  after(() => h?.close());

  it('serves sw.js as JavaScript with its own CSP, in both modes', async () => {
    const dev = await startServer({ port: 0, dev: true });
    try {
      for (const [url, version] of [[h.server.url, distVersion()], [dev.url, 'dev']]) {
        const res = await fetch(url + 'sw.js');
        assert.equal(res.status, 200);
        assert.match(res.headers.get('content-type'), /^text\/javascript/);
        assert.equal(res.headers.get('content-security-policy'), SW_CSP);
        assert.ok((await res.text()).includes(`const VERSION = '${version}';`), `${url}sw.js: VERSION ${version}`);
        // The page and the Web Worker keep connect-src 'none'.
        assert.equal((await fetch(url + 'worker.js')).headers.get('content-security-policy'), CSP);
      }
    } finally {
      await dev.close();
    }
  });

  it('works with the network gone once loaded: sample data, a CSV file, Cancel', { timeout: TEST_TIMEOUT }, async () => {
    const page = await h.openDemo();
    const cached = await waitForControl(page);
    const version = distVersion();
    assert.ok(version, 'dist/sw.js carries a hash as VERSION');
    assert.deepEqual(Object.keys(cached), [`crmkit-demo-${version}`]);
    for (const p of PAGE_FILES) assert.ok(cached[`crmkit-demo-${version}`].includes(p), `${p} cached: ${cached[`crmkit-demo-${version}`]}`);

    await h.context.setOffline(true);
    await h.server.close();
    const offlineFrom = responses.length;

    await page.reload();
    await page.waitForSelector('body[data-state="ready"]');
    assert.match(await page.textContent('#status'), /Loaded sample data/);
    assert.equal(await kpi(page, 'customers'), 5000);

    // A file: orders_utf8.csv, 9 rows, 5 customers (hand counts in demo.test.mjs).
    await upload(page, path.join(FIXTURES, 'orders_utf8.csv'));
    assert.equal(await kpi(page, 'rows'), 9);
    assert.equal(await kpi(page, 'customers'), 5);

    // Cancel a long load: the page starts a new Web Worker, whose script only the cache has.
    const csv = Buffer.from(Dataset.syntheticCsv({ customers: 26000, seed: 6 }));
    const clicked = cancelWhenLoading(page);
    await page.setInputFiles('#file-input', { name: 'huge.csv', mimeType: 'text/csv', buffer: csv });
    assert.equal(await clicked, true);
    // The worker held the dataset; Cancel loads the last good one (the file) again.
    await page.waitForFunction(
      () => document.body.dataset.state === 'ready' && /orders_utf8\.csv/.test(document.getElementById('status').textContent),
      null,
      { timeout: WAIT },
    );
    assert.equal(await kpi(page, 'customers'), 5);

    const offline = responses.slice(offlineFrom);
    assert.deepEqual(offline.filter((r) => !r.fromServiceWorker), [], 'responses not from the service worker while offline');
    const workerScripts = offline.filter((r) => r.path === '/worker.js').length;
    assert.ok(workerScripts >= 2, `worker.js served offline at start-up and after Cancel (${workerScripts} times)`);
    await page.close();
  });

  it('made no request outside this machine, and no page errors', () => {
    assertLocalOnly(h, [...PAGE_FILES.filter((p) => p !== '/index.html'), '/sw.js']);
  });
});

describe('a new deploy replaces the offline copy', () => {
  it('installs the new sw.js and deletes the old cache', { timeout: TEST_TIMEOUT }, async () => {
    // A copy of dist/ to deploy twice: the second time only sw.js's VERSION differs.
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'crmkit-offline-'));
    fs.cpSync(path.join(ROOT, 'dist'), path.join(root, 'dist'), { recursive: true });
    const server = await startServer({ port: 0, root });
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ locale: 'en-US' });
      context.setDefaultTimeout(WAIT);
      const requests = [];
      context.on('request', (r) => requests.push(r.url()));
      const page = await context.newPage();
      await page.goto(server.url);
      await page.waitForSelector('body[data-state="ready"]');
      assert.deepEqual(Object.keys(await waitForControl(page)), [`crmkit-demo-${distVersion()}`]);

      const swFile = path.join(root, 'dist', 'sw.js');
      fs.writeFileSync(swFile, fs.readFileSync(swFile, 'utf8').replace(/const VERSION = '[0-9a-f]+';/, "const VERSION = 'feedc0de';"));
      // A navigation makes the browser compare sw.js (served with no-store) with the installed one.
      await page.reload();
      await page.waitForSelector('body[data-state="ready"]');
      await page.waitForFunction(
        async () => (await caches.keys()).join() === 'crmkit-demo-feedc0de' && (await caches.open('crmkit-demo-feedc0de').then((c) => c.keys())).length >= 5,
        null,
        { timeout: WAIT, polling: 200 },
      );
      assert.deepEqual(requests.filter((u) => !u.startsWith(server.url)), [], 'requests that left this server');
      await context.close();
    } finally {
      await browser.close();
      await server.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
