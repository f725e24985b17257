// Campaign analytics through the built package, as users call it: every message-log fixture loads
// with the report numbers worked out by hand in tests/fixtures/messages/README.md; the hand-made
// log of tests/campaigns.rs gives its hand-computed rates; misuse gets a CrmkitError with a code.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { errorCode } from './support.mjs';
import { readFileSync } from 'node:fs';
import { Dataset, inspectCsv } from 'crmkit';

const file = (name) => new Uint8Array(readFileSync(new URL(`../fixtures/messages/${name}`, import.meta.url)));
const utf8 = (text) => new TextEncoder().encode(text);

const code = errorCode;

describe('message-log fixtures from Node (expected numbers: tests/fixtures/messages/README.md)', () => {
  for (const system of ['sendgrid', 'sendgrid_webhook', 'mailchimp', 'klaviyo', 'braze', 'synergy']) {
    it(system, () => {
      const expected = JSON.parse(readFileSync(new URL(`../fixtures/messages/${system}.expected.json`, import.meta.url), 'utf8'));
      const ds = Dataset.fromCsv(utf8('customer_id,order_date,amount\nnobody,2024-01-01,1\n'));
      const r = ds.addMessages(file(`${system}.csv`), { campaign: '(campaign option)' });
      for (const key of ['format', 'mode', 'rows', 'rowsRejected', 'messages', 'recipients', 'campaigns', 'channels', 'delivered', 'opened', 'clicked', 'bounced', 'unsubscribed', 'spam', 'blocked', 'control', 'ignoredEvents']) {
        assert.deepEqual(r[key], expected[key], `${system}: ${key}`);
      }
      assert.equal(r.rows, r.rowsAccepted + r.rowsRejected);
      assert.equal(r.matched, 0, 'no recipient bought');
      assert.ok(ds.hasMessages);
      assert.deepEqual(ds.messagesReport(), r, 'the report stays with the dataset');
      // inspectCsv sees the same layout before loading.
      assert.equal(inspectCsv(file(`${system}.csv`), { table: 'messages' }).format, expected.format);
    });
  }
});

// The log of tests/campaigns.rs (hand-computed there, docs/campaigns.md §2–3).
const ORDERS = `order_id,customer_id,order_date,amount
1,A,2024-03-01 09:00:00,1000
2,A,2024-03-06 10:00:00,2000
3,B,2024-03-06 10:00:00,3000
4,B,2024-03-06 10:00:01,500
5,C,2024-03-02 12:00:00,1500
6,D,2024-03-01 10:30:00,800
7,E,2024-03-02 12:00:00,900
8,G,2024-01-05 10:00:00,100
`;
const MESSAGES = `customer_id,campaign,sent_at,opened_at,clicked_at,bounced
A,c1,2024-03-01 10:00:00,2024-03-01 12:00:00,,
A,c2,2024-03-03 10:00:00,,,
B,c1,2024-03-01 10:00:00,,,
C,c1,2024-03-01 10:00:00,2024-03-02 08:00:00,,
D,c1,2024-03-01 10:00:00,,2024-03-01 11:00:00,
E,c1,2024-03-01 10:00:00,,,1
F,c1,2024-03-01 10:00:00,,,
`;

describe('campaigns() from Node on a hand-made log', () => {
  it('rates per campaign, as worked out by hand', () => {
    const ds = Dataset.fromCsv(utf8(ORDERS));
    const before = ds.memoryBytes();
    assert.equal(ds.hasMessages, false);
    assert.equal(ds.messagesReport(), null);
    ds.addMessages(utf8(MESSAGES));
    assert.ok(ds.memoryBytes() > before, 'memoryBytes counts the message log');
    const r = ds.campaigns();
    const c1 = r.rows.find((row) => row.group[0] === 'c1');
    // c1: 6 recipients, E bounced → 5 delivered; opened A, C and D (D's click proves the open) = 3;
    // clicked D. Purchases in (send, send + 5 d]: A's #2 goes to c2 (the later touch), B's #3 at
    // exactly 5 days is in, #4 one second later is out, C's #5 in, D's #6 in → converted B, C, D.
    assert.deepEqual([c1.recipients, c1.delivered, c1.opened, c1.clicked, c1.converted], [6, 5, 3, 1, 3]);
    assert.equal(c1.revenue, 3000 + 1500 + 800);
    assert.equal(c1.openRate.value, 3 / 5);
    assert.equal(c1.clickToOpenRate.value, 1 / 3);
    assert.ok(c1.openRate.low < 0.6 && c1.openRate.high > 0.6);
    const c2 = r.rows.find((row) => row.group[0] === 'c2');
    assert.deepEqual([c2.recipients, c2.converted, c2.revenue], [1, 1, 2000]);
    // The list of c1's converted customers, for the mail tool.
    const csv = new TextDecoder().decode(ds.campaignMembers({ campaigns: 'c1', status: 'converted' }));
    const ids = csv.replace(/^\uFEFF/, '').trim().split(/\r?\n/).slice(1).map((line) => line.split(',')[0]);
    assert.deepEqual(ids.sort(), ['B', 'C', 'D']);
  });

  it('misuse is a CrmkitError with a code, never a trap', () => {
    const ds = Dataset.fromCsv(utf8(ORDERS));
    assert.equal(code(() => ds.campaigns()), 'INSUFFICIENT_DATA', 'no message log yet');
    ds.addMessages(utf8(MESSAGES));
    assert.equal(code(() => ds.compareVariants({ campaign: 'nope' })), 'INVALID_OPTION');
    assert.equal(code(() => ds.compareVariants({ campaign: 'c1' })), 'INSUFFICIENT_DATA', 'one arm only');
    assert.equal(code(() => ds.campaigns({ groupBy: 'colour' })), 'INVALID_OPTION');
    assert.equal(code(() => ds.campaigns({ attributionDays: 0 })), 'INVALID_OPTION');
    assert.equal(code(() => ds.stepMails({})), 'INVALID_OPTION');
    assert.equal(code(() => ds.addMessages(utf8('foo,bar\n1,2\n'))), 'MISSING_COLUMN');
  });
});
