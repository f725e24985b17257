// The audit report on the demo page in headless Chromium: after loading a file with personal
// data (tests/fixtures/pii/orders_with_pii.csv: names, e-mail, phone, postal code, address), the
// report shows the file's SHA-256 (checked against Node's), the personal columns and their
// handling, the row accounting and the analyses the page ran; it saves as Markdown; no personal
// value appears in it; and every request the page made while doing so stayed on localhost.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { FIXTURES, TEST_TIMEOUT, assertLocalOnly, startBrowser, upload } from './harness.mjs';

const FILE = path.join(FIXTURES, 'pii', 'orders_with_pii.csv');

describe('audit report in headless Chromium', { timeout: TEST_TIMEOUT }, () => {
  let ctx;
  before(async () => {
    ctx = await startBrowser();
  });
  after(async () => {
    await ctx?.close();
  });

  it('shows and saves the report of the loaded file, with nothing sent anywhere', async () => {
    const page = await ctx.openDemo();
    await upload(page, FILE);
    await page.click('#show-audit');
    await page.waitForSelector('#audit-text:not([hidden])');
    const text = await page.textContent('#audit-text');
    const sha = createHash('sha256').update(fs.readFileSync(FILE)).digest('hex');
    for (const part of [
      `SHA-256 ${sha}`,
      '| 氏名 | name | header | dropped |',
      '| メールアドレス | email | header | hashed |',
      '| 備考 | email | values | dropped |',
      '6 rows read = 6 accepted + 0 rejected.',
      '| CsvReader |',
      'No network request was made by crmkit',
    ]) {
      assert.ok(text.includes(part), `${part} missing from:\n${text}`);
    }
    for (const personal of ['山田', 'hanako@example.jp', '090-1111-2222', '150-0001', '渋谷区']) {
      assert.ok(!text.includes(personal), `${personal} in the report`);
    }
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-audit')]);
    assert.equal(download.suggestedFilename(), 'crmkit_audit_report.md');
    const saved = fs.readFileSync(await download.path(), 'utf8');
    assert.equal(saved, text);
    await page.close();
    assertLocalOnly(ctx, ['/']);
  });
});
