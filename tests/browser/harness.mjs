// Shared set-up of the browser tests: the demo server, Debian's headless Chromium through
// playwright-core, and a record of every request and page error across a whole test file.
// Needs: bash scripts/build.sh (pkg/web + pkg/node + dist/) and /usr/bin/chromium.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = path.join(ROOT, 'tests', 'fixtures');
export const RESULTS = path.join(ROOT, 'test-results');
export const CHROMIUM = '/usr/bin/chromium';
export const WAIT = 30_000; // every single wait is bounded by this
export const TEST_TIMEOUT = 120_000;

for (const f of ['pkg/web/crmkit.js', 'pkg/web/crmkit_bg_inline.js', 'pkg/node/crmkit.js', 'dist/index.html']) {
  if (!fs.existsSync(path.join(ROOT, f))) {
    throw new Error(`${f} is missing: run \`bash scripts/build.sh\` before the browser tests`);
  }
}
if (!fs.existsSync(CHROMIUM)) {
  throw new Error(`${CHROMIUM} is missing: run \`bash scripts/setup.sh --browser\``);
}

/** The Node build of the same package, for reference values. */
export const { Dataset, inspectCsv } = createRequire(import.meta.url)('../../pkg/node/crmkit.js');

/** Same-machine URLs (and data:/blob:, which never touch the network). */
export function isLocal(url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol === 'data:' || u.protocol === 'blob:') return true;
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
  return ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
}

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
export const LAUNCH_TIMEOUT = 90_000;

/**
 * Debian's Chromium, headless. A first start on a loaded machine has taken longer than 30 s
 * (CI, 2026-12-02), so a launch gets 90 s and one more try before the error is reported.
 */
export async function launchChromium(tries = 2) {
  for (let i = 1; ; i++) {
    try {
      return await chromium.launch({ executablePath: CHROMIUM, timeout: LAUNCH_TIMEOUT, args: CHROMIUM_ARGS });
    } catch (err) {
      if (i >= tries) throw err;
      console.error(`# Chromium did not start (try ${i} of ${tries}): ${err.message.split('\n')[0]}; trying again`);
    }
  }
}

/**
 * Serve the demo and open a browser context that records every request (`requests`) and every
 * page error or console error (`problems`); requests to other hosts are aborted as well.
 */
export async function startBrowser({ viewport = { width: 1280, height: 900 } } = {}) {
  const server = await startServer({ port: 0 });
  let browser;
  let context;
  try {
    browser = await launchChromium();
    context = await browser.newContext({ acceptDownloads: true, locale: 'en-US', viewport });
  } catch (err) {
    // Nothing may keep this process alive after a failed start: a still-listening server
    // once held a CI run until its 90-minute limit.
    await browser?.close().catch(() => {});
    await server.close();
    throw err;
  }
  context.setDefaultTimeout(WAIT);
  const requests = [];
  const problems = [];
  context.on('request', (r) => requests.push(r.url()));
  await context.route('**/*', (route) => (isLocal(route.request().url()) ? route.continue() : route.abort()));
  context.on('page', (page) => {
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`);
    });
  });
  fs.mkdirSync(RESULTS, { recursive: true });
  return {
    server,
    browser,
    context,
    requests,
    problems,
    /** A fresh page showing the sample data. */
    async openDemo() {
      const page = await context.newPage();
      await page.goto(server.url);
      await page.waitForSelector('body[data-state="ready"]');
      return page;
    },
    async close() {
      try {
        await context.close();
        await browser.close();
      } finally {
        await server.close();
      }
    },
  };
}

/** Upload through the file input; wait for the page to settle in `state` naming the file. */
export async function upload(page, files, state = 'ready') {
  await page.setInputFiles('#file-input', files);
  const name = typeof files === 'string' ? path.basename(files) : files.name;
  await page.waitForFunction(
    ([n, s]) => document.body.dataset.state === s && document.getElementById('status').textContent.includes(n),
    [name, state],
    { timeout: WAIT },
  );
}

/**
 * The end-of-file check: no request left this machine, the page's own files were requested
 * (`expected` paths), the wasm was never fetched, and no page logged an error.
 */
export function assertLocalOnly({ requests, problems }, expected) {
  const foreign = requests.filter((u) => !isLocal(u));
  assert.deepEqual(foreign, [], 'requests that left localhost');
  const paths = new Set(requests.filter((u) => u.startsWith('http')).map((u) => new URL(u).pathname));
  for (const p of expected) {
    const found = typeof p === 'string' ? paths.has(p) : [...paths].some((x) => p.test(x));
    assert.ok(found, `expected a request for ${p} (recorded: ${[...paths].join(', ')})`);
  }
  assert.ok(![...paths].some((p) => p.endsWith('.wasm')), 'the wasm arrives inline; nothing is fetched');
  assert.deepEqual(problems, [], 'page errors / console errors');
}

/** From now on, record in `window.__posted` the type of every message the page posts to its worker. */
export async function recordWorkerMessages(page) {
  await page.evaluate(() => {
    window.__posted = [];
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (msg, transfer) {
      window.__posted.push(msg && msg.type);
      return post.call(this, msg, transfer);
    };
  });
}

/** Widths on a phone: the page's scroll width, and the table's `.table-wrap` (client, scroll). */
export async function phoneWidths(page, tableSelector) {
  return page.evaluate((sel) => {
    const wrap = document.querySelector(sel).closest('.table-wrap');
    return { page: document.documentElement.scrollWidth, wrap: wrap.clientWidth, table: wrap.scrollWidth };
  }, tableSelector);
}

/**
 * Click Cancel from inside the page the moment a load is running and the button is enabled.
 * Call it before starting the load; resolves true once clicked.
 */
export function cancelWhenLoading(page) {
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        const cancel = document.getElementById('cancel');
        const tryClick = () => {
          if (document.body.dataset.state === 'loading' && !cancel.disabled) {
            observer.disconnect();
            cancel.click();
            resolve(true);
          }
        };
        const observer = new MutationObserver(tryClick);
        observer.observe(document.body, { attributes: true, attributeFilter: ['data-state'] });
        observer.observe(cancel, { attributes: true, attributeFilter: ['disabled'] });
      }),
  );
}
