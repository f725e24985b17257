// The built npm package, exercised from Node exactly as users call it: through the package's
// own name (`import … from 'crmkit'`, resolved by the "exports" map) and `require('crmkit/node')`.
// Expected numbers for the fixtures are worked out by hand in tests/ingest_fixtures.rs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import init, { Dataset, version } from 'crmkit';

const require = createRequire(import.meta.url);
const fixture = (name) => new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));

/** Call `fn`, expect a crmkit Error; return it. */
function thrown(fn) {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof Error, `expected an Error, got ${err}`);
    assert.equal(err.name, 'CrmkitError');
    assert.equal(typeof err.code, 'string');
    return err;
  }
  assert.fail('expected an error');
}

describe('package entry points', () => {
  it('ESM entry with a no-op init, and the CommonJS entry, expose the same API', async () => {
    await init();
    assert.equal(typeof Dataset.fromCsv, 'function');
    assert.match(version(), /^\d+\.\d+\.\d+$/);
    const cjs = require('crmkit/node');
    assert.equal(typeof cjs.Dataset.synthetic, 'function');
    assert.equal(cjs.version(), version());
  });

  it('crmkit/wasm-inline gives the module bytes for CSP-locked pages', async () => {
    const { wasmBytes } = await import('crmkit/wasm-inline');
    const bytes = wasmBytes();
    assert.deepEqual([...bytes.subarray(0, 4)], [0x00, 0x61, 0x73, 0x6d]); // "\0asm"
    assert.ok(WebAssembly.validate(bytes));
  });
});

describe('Dataset.fromCsv', () => {
  it('reads the Japanese fixture (hand-computed summary)', () => {
    const ds = Dataset.fromCsv(fixture('orders_utf8.csv'));
    const s = ds.summary();
    assert.deepEqual(
      [s.rows, s.rowsAccepted, s.rowsRejected, s.customers, s.orders, s.revenue, s.aov, s.repeatRate],
      [9, 9, 0, 5, 7, 21420, 3060, 0.4],
    );
    assert.equal(s.firstDate, '2024-01-05');
    assert.equal(s.lastDate, '2024-03-31');
    assert.deepEqual(s.returns, { lines: 1, orders: 1, amount: -2000 });
    assert.deepEqual(s.byMonth.map((m) => [m.month, m.orders, m.revenue, m.newRevenue, m.repeatRevenue, m.returns]), [
      ['2024-01', 2, 9960, 9960, 0, 0],
      ['2024-02', 2, 5980, 2000, 3980, 0],
      ['2024-03', 3, 5480, 5980, 1500, -2000],
    ]);
    assert.equal(s.source.kind, 'csv');
    assert.deepEqual(
      s.source.columns.map((c) => [c.field, c.header, c.matchedBy]).slice(0, 3),
      [['orderId', '注文番号', 'auto'], ['customerId', '顧客ID', 'auto'], ['orderDate', '購入日', 'auto']],
    );
    assert.equal(ds.customerCount, 5);
    assert.ok(ds.memoryBytes() > 0);
    ds.free();
  });

  it('Shift_JIS, BOM and TSV twins give the same figures as UTF-8', () => {
    const figures = (name) => {
      const ds = Dataset.fromCsv(fixture(name));
      const { source, memoryBytes, ...rest } = ds.summary();
      ds.free();
      return { rest, encoding: source.encoding, delimiter: source.delimiter };
    };
    const reference = figures('orders_utf8.csv');
    for (const [name, encoding, delimiter] of [
      ['orders_sjis.csv', 'shift_jis', ','],
      ['orders_bom.csv', 'utf-8-bom', ','],
      ['orders.tsv', 'utf-8', '\t'],
    ]) {
      const f = figures(name);
      assert.deepEqual([f.encoding, f.delimiter], [encoding, delimiter], name);
      assert.deepEqual(f.rest, reference.rest, name);
    }
  });

  it('reports the three malformed rows with line numbers, or throws on the first with onInvalidRow: error', () => {
    const s = Dataset.fromCsv(fixture('bad_rows.csv')).summary();
    assert.equal(s.rowsRejected, 3);
    assert.equal(s.rows, s.rowsAccepted + s.rowsRejected);
    assert.deepEqual(s.rejected.map((r) => [r.line, r.code]), [[3, 'bad_date'], [4, 'bad_amount'], [5, 'field_count']]);
    const err = thrown(() => Dataset.fromCsv(fixture('bad_rows.csv'), { onInvalidRow: 'error' }));
    assert.equal(err.code, 'INVALID_ROW');
    assert.equal(err.line, 3);
    assert.match(err.message, /^line 3: cannot read the date "2024-06-31"/);
    const csv = new TextDecoder().decode(Dataset.fromCsv(fixture('bad_rows.csv')).rejectedCsv());
    assert.equal(csv.split('\r\n').filter(Boolean).length, 4);
  });

  it('gives clear, coded errors for unusable input', () => {
    assert.equal(thrown(() => Dataset.fromCsv(new Uint8Array())).code, 'EMPTY_INPUT');
    const xlsx = thrown(() => Dataset.fromCsv(new Uint8Array([0x50, 0x4b, 3, 4, 20, 0, 6, 0])));
    assert.equal(xlsx.code, 'NOT_CSV');
    assert.match(xlsx.message, /xlsx/);
    const missing = thrown(() => Dataset.fromCsv(new TextEncoder().encode('名前,日付\n山田,2024-01-01\n')));
    assert.equal(missing.code, 'MISSING_COLUMN');
    assert.equal(missing.option, 'columns.customerId');
    const unknown = thrown(() => Dataset.fromCsv(fixture('orders_utf8.csv'), { columns: { amount: '売上' } }));
    assert.equal(unknown.code, 'UNKNOWN_COLUMN');
    assert.equal(unknown.option, 'columns.amount');
    const typo = thrown(() => Dataset.fromCsv(fixture('orders_utf8.csv'), { encodng: 'utf-8' }));
    assert.equal(typo.code, 'INVALID_OPTION');
    assert.equal(typo.option, 'fromCsv.encodng');
    assert.match(typo.message, /did you mean `encoding`/);
    const nested = thrown(() => Dataset.fromCsv(fixture('orders_utf8.csv'), { columns: { amout: '金額' } }));
    assert.equal(nested.option, 'fromCsv.columns.amout');
    assert.match(nested.message, /did you mean `amount`/);
    const badValue = thrown(() => Dataset.fromCsv(fixture('orders_utf8.csv'), { delimiter: ':' }));
    assert.equal(badValue.option, 'delimiter');
    assert.equal(thrown(() => Dataset.fromCsv(fixture('orders_utf8.csv'), 'utf-8')).code, 'INVALID_OPTION');
  });

  it('takes explicit column names', () => {
    const bytes = new TextEncoder().encode('会員,日,売上額\nA,2024-01-01,100\nA,2024-02-01,"1,000"\n');
    const s = Dataset.fromCsv(bytes, { columns: { customerId: '会員', orderDate: '日', amount: '売上額' } }).summary();
    assert.deepEqual([s.customers, s.orders, s.revenue], [1, 2, 1100]);
    assert.ok(s.source.columns.every((c) => c.matchedBy === 'option'));
  });

  it('reports progress, and passes on an exception thrown by the callback', () => {
    const bytes = Dataset.syntheticCsv({ customers: 8000, seed: 5 });
    const seen = [];
    Dataset.fromCsv(bytes, { onProgress: (f) => seen.push(f) }).free();
    assert.ok(seen.length >= 2);
    assert.equal(seen.at(-1), 1);
    assert.ok(seen.every((f, i) => i === 0 || f >= seen[i - 1]));
    assert.throws(() => Dataset.fromCsv(bytes, { onProgress: () => { throw new Error('stop'); } }), /stop/);
    assert.equal(thrown(() => Dataset.fromCsv(bytes, { onProgress: 42 })).option, 'fromCsv.onProgress');
  });
});

describe('Dataset.synthetic', () => {
  it('is deterministic and equals its own CSV loaded back', () => {
    const a = Dataset.synthetic({ customers: 3000, seed: 9 }).summary();
    const b = Dataset.synthetic({ customers: 3000, seed: 9 }).summary();
    assert.deepEqual(a, b);
    const c = Dataset.synthetic({ customers: 3000, seed: 10 }).summary();
    assert.notEqual(a.revenue, c.revenue);
    const loaded = Dataset.fromCsv(Dataset.syntheticCsv({ customers: 3000, seed: 9 })).summary();
    for (const key of ['rows', 'customers', 'orders', 'revenue', 'repeatRate']) assert.equal(loaded[key], a[key], key);
    assert.deepEqual(loaded.byMonth, a.byMonth);
    assert.equal(a.source.kind, 'synthetic');
  });

  it('rejects bad options with the option named', () => {
    assert.equal(thrown(() => Dataset.synthetic({ customers: 0 })).option, 'customers');
    assert.equal(thrown(() => Dataset.synthetic({ customers: 10, colour: 'red' })).option, 'synthetic.colour');
  });
});

describe('robustness across the JS boundary', () => {
  it('random and mutated bytes give a Dataset or a coded Error, never a wasm trap', () => {
    let seed = 12345;
    const rand = (n) => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed % n;
    };
    const bases = ['orders_utf8.csv', 'orders_sjis.csv', 'bad_rows.csv', 'quoted_newlines.csv'].map(fixture);
    const specials = [0x2c, 0x22, 0x0a, 0x0d, 0x09, 0x81, 0xe3, 0xff, 0x00, 0x2d];
    let loaded = 0;
    let rejectedWithCode = 0;
    for (let i = 0; i < 600; i++) {
      let bytes;
      if (i % 3 === 0) {
        bytes = new Uint8Array(rand(200)).map(() => rand(256));
      } else {
        bytes = Uint8Array.from(bases[i % bases.length]);
        for (let k = 0; k < 1 + rand(6); k++) bytes[rand(bytes.length)] = specials[rand(specials.length)];
        bytes = bytes.subarray(0, rand(bytes.length + 1));
      }
      try {
        const ds = Dataset.fromCsv(bytes);
        const s = ds.summary();
        assert.equal(s.rows, s.rowsAccepted + s.rowsRejected);
        ds.free();
        loaded++;
      } catch (err) {
        assert.ok(err instanceof Error && typeof err.code === 'string', `not a crmkit error: ${err}`);
        rejectedWithCode++;
      }
    }
    assert.ok(loaded > 50 && rejectedWithCode > 50, `${loaded} loaded, ${rejectedWithCode} errors`);
    // The module still works after all that.
    assert.equal(Dataset.fromCsv(fixture('orders_utf8.csv')).summary().revenue, 21420);
  });
});
