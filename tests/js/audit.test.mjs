// The audit report through the package: what was read (hand-checked fixture: 6 rows, 7 personal
// columns), the analyses run with their options, salts redacted, and the Markdown rendering.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Dataset } from 'crmkit';

const bytes = new Uint8Array(readFileSync(new URL('../fixtures/pii/orders_with_pii.csv', import.meta.url)));

describe('auditReport', () => {
  it('records the input, mapping, personal data, rows and every analysis with its options', () => {
    const ds = Dataset.fromCsv(bytes, { guestSalt: 'secret guest salt' });
    ds.rfm({ bins: 3 });
    ds.cohorts({ period: 'month' });
    ds.pseudonymize({ salt: 'a salt of at least sixteen characters' });
    const sha = createHash('sha256').update(bytes).digest('hex');
    const r = ds.auditReport({ inputSha256: sha });
    assert.equal(r.input.sha256, sha);
    assert.equal(r.input.bytes, bytes.length);
    assert.equal(r.input.encoding, 'utf-8');
    assert.deepEqual([r.rows.read, r.rows.accepted, r.rows.rejected], [6, 6, 0]);
    assert.deepEqual(r.pii.map((p) => p.handling), ['dropped', 'dropped', 'hashed', 'hashed', 'dropped', 'dropped', 'dropped']);
    assert.deepEqual(r.analyses.map((a) => a.method), ['fromCsv', 'rfm', 'cohorts', 'pseudonymize']);
    assert.equal(r.analyses[1].options, '{"bins":3}');
    assert.ok(r.analyses.every((a) => !a.options.includes('secret guest salt') && !a.options.includes('sixteen')), 'salts are never recorded');
    assert.ok(r.pseudonymized);
    assert.match(r.network, /No network request/);
    const md = ds.auditReportMarkdown({ inputSha256: sha });
    for (const part of ['# crmkit audit report', `SHA-256 ${sha}`, '| メールアドレス | email | header | hashed |', '6 rows read = 6 accepted + 0 rejected.', '## Network']) {
      assert.ok(md.includes(part), part);
    }
    for (const personal of ['山田', 'hanako@example.jp', '090-1111-2222']) assert.ok(!md.includes(personal), personal);
    assert.throws(() => ds.auditReport({ inputSha256: 'xyz' }), (e) => e.code === 'INVALID_OPTION' && e.option === 'inputSha256');
    ds.free();
  });
});
