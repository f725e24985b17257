// Issue 17 through the built package, as a hostile caller would use it: wrong argument types
// (class 2), use after free (class 3), out-of-range options (class 4), exact money (class 5) and
// huge inputs (class 0). Every failure must be a CrmkitError with a code naming what was wrong —
// never a wasm trap, a TypeError from the glue, or a silent reinterpretation.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Clv, CsvReader, Dataset, inspectCsv } from 'crmkit';

const CSV = 'customer_id,order_date,amount,product_id\nA,2024-01-01,100,P1\nA,2024-02-01,50,P2\nB,2024-01-15,70,P1\n';
const bytes = () => new TextEncoder().encode(CSV);

function thrown(fn, code) {
  try {
    fn();
  } catch (err) {
    assert.equal(err.name, 'CrmkitError', `${err.name}: ${err.message}`);
    if (code) assert.equal(err.code, code, err.message);
    return err;
  }
  assert.fail('expected an error');
}

describe('class 2: argument types', () => {
  it('accepts the file as Uint8Array, Buffer, ArrayBuffer and DataView, with the same result', () => {
    const u8 = bytes();
    const padded = new Uint8Array(u8.length + 8);
    padded.set(u8, 4);
    const forms = [u8, Buffer.from(u8), u8.slice().buffer, new DataView(padded.buffer, 4, u8.length), padded.subarray(4, 4 + u8.length)];
    const revenues = forms.map((b) => Dataset.fromCsv(b).summary().revenue);
    assert.deepEqual(revenues, [220, 220, 220, 220, 220]);
    assert.equal(inspectCsv(u8.buffer).headers.length, 4);
  });

  it('refuses anything else with INVALID_ARGUMENT naming the parameter and what it got', () => {
    const cases = [
      [() => Dataset.fromCsv(123), 'bytes', /the number 123/],
      [() => Dataset.fromCsv({}), 'bytes', /an object/],
      [() => Dataset.fromCsv(undefined), 'bytes', /undefined/],
      [() => Dataset.fromCsv(null), 'bytes', /null/],
      [() => Dataset.fromCsv(CSV), 'bytes', /got a string .*not its text.*TextEncoder/],
      [() => Dataset.fromCsv(new Uint16Array([65, 66])), 'bytes', /Uint16Array/],
      [() => Dataset.fromCsv(new Float64Array([1.5])), 'bytes', /Float64Array/],
      [() => Dataset.fromCsv([67, 44, 10]), 'bytes', /Array of 3 items/],
      [() => inspectCsv(Symbol('x')), 'bytes', /symbol/],
    ];
    for (const [fn, argument, message] of cases) {
      const err = thrown(fn, 'INVALID_ARGUMENT');
      assert.equal(err.argument, argument);
      assert.match(err.message, message);
    }
  });

  it('CsvReader.push takes the same bytes and refuses numbers, arrays and strings', () => {
    const reader = new CsvReader();
    const u8 = bytes();
    reader.push(u8.subarray(0, 10).slice().buffer);
    reader.push(new DataView(u8.buffer, 10, 20));
    reader.push(Buffer.from(u8.subarray(30)));
    for (const bad of [123, [300, -1, NaN], 'text', {}]) {
      const err = thrown(() => reader.push(bad), 'INVALID_ARGUMENT');
      assert.equal(err.argument, 'chunk');
    }
    // The refused chunks added nothing.
    assert.equal(reader.bytesRead, u8.length);
    assert.equal(reader.finish().summary().revenue, 220);
  });

  it('addCustomers and Clv.fromSummary take bytes or a CsvReader, nothing else', () => {
    const ds = Dataset.fromCsv(bytes());
    const customers = new TextEncoder().encode('customer_id,gender\nA,F\nB,M\n');
    assert.equal(ds.addCustomers(customers.buffer).matched, 2);
    const err = thrown(() => ds.addCustomers('customer_id,gender\nA,F\n'), 'INVALID_ARGUMENT');
    assert.equal(err.argument, 'source');
    assert.match(err.message, /CsvReader/);
    thrown(() => Clv.fromSummary(42), 'INVALID_ARGUMENT');
    ds.free();
  });

  it('similarItems refuses a product id that is not a string, and k out of range', () => {
    const ds = Dataset.fromCsv(bytes());
    for (const id of [123, {}, Symbol('p'), null, undefined]) {
      assert.equal(thrown(() => ds.similarItems(id), 'INVALID_OPTION').option, 'productId');
    }
    for (const k of [NaN, 2.7, -1, 2 ** 32 + 3, 0, Infinity]) {
      assert.equal(thrown(() => ds.similarItems('P1', k), 'INVALID_OPTION').option, 'k');
    }
    assert.ok(Array.isArray(ds.similarItems('P1', 3)));
    ds.free();
  });
});

describe('class 3: use after free', () => {
  it('every method of a freed Dataset is USED_UP; a second free() does nothing', () => {
    const ds = Dataset.fromCsv(bytes());
    ds.free();
    for (const fn of [() => ds.summary(), () => ds.rfm(), () => ds.customerCount, () => ds.cohorts(), () => ds.rejectedCsv()]) {
      assert.match(thrown(fn, 'USED_UP').message, /free\(\)/);
    }
    ds.free();
  });

  it('a CsvReader is used up by finish() — also a failed one — and by being passed as a source', () => {
    const ok = new CsvReader();
    ok.push(bytes());
    ok.finish();
    thrown(() => ok.push(bytes()), 'USED_UP');
    thrown(() => ok.finish(), 'USED_UP');

    const failing = new CsvReader();
    failing.push(new TextEncoder().encode('a,b\n1,2\n'));
    thrown(() => failing.finish(), 'MISSING_COLUMN');
    thrown(() => failing.bytesRead, 'USED_UP');
    failing.free();

    const ds = Dataset.fromCsv(bytes());
    const table = new CsvReader();
    table.push(new TextEncoder().encode('customer_id,gender\nA,F\n'));
    ds.addCustomers(table);
    thrown(() => table.push(bytes()), 'USED_UP');
    ds.free();
  });

  it('a call from inside an own callback is REENTRANT_CALL', () => {
    const big = 'customer_id,order_date,amount\n' + 'A,2024-01-01,1\n'.repeat(400_000);
    const encoded = new TextEncoder().encode(big);
    let inner;
    const reader = new CsvReader(encoded.length, {
      onProgress: () => {
        try {
          void reader.bytesRead;
        } catch (err) {
          inner ??= err;
        }
      },
    });
    reader.push(encoded);
    reader.finish();
    assert.equal(inner?.code, 'REENTRANT_CALL', String(inner));
  });
});

describe('class 4: option ranges', () => {
  const ds = Dataset.synthetic({ customers: 600, seed: 3 });
  it('CLV horizons past 10 years are refused before any work', () => {
    for (const [option, value] of [['horizonDays', 1e9], ['predictDays', 1e9], ['horizonDays', 0], ['holdoutDays', 1e9], ['penalizer', 1e6]]) {
      const t = performance.now();
      const err = thrown(() => ds.clv({ [option]: value }), 'INVALID_OPTION');
      assert.equal(err.option, option);
      assert.ok(performance.now() - t < 1000, `${option} checked before the fit`);
    }
  });
  it('k must be a whole number in range; arrays are not objects', () => {
    for (const k of [NaN, 2.7, -1, 2 ** 32 + 3]) assert.equal(thrown(() => ds.recommend({ k }), 'INVALID_OPTION').option, 'k');
    thrown(() => Dataset.fromCsv(bytes(), { columns: [] }), 'INVALID_OPTION');
    thrown(() => ds.rfm({ thresholds: [1, 2] }), 'INVALID_OPTION');
    thrown(() => ds.rfm([]), 'INVALID_OPTION');
  });
  it('daily cohorts over a century are TOO_LARGE, naming what to change', () => {
    const century = new TextEncoder().encode('customer_id,order_date,amount\nA,1900-01-01,1\nB,2000-12-31,2\nA,2000-12-31,3\n');
    const err = thrown(() => Dataset.fromCsv(century).cohorts({ period: 'day' }), 'TOO_LARGE');
    assert.match(err.message, /1900-01-01.*coarser period/);
  });
});

describe('class 5: exact money', () => {
  it('10,000 lines of 0.1 are revenue 1000 exactly, in the summary, months, RFM and deciles', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => `C${i % 7},2024-0${1 + (i % 3)}-10,0.1`);
    const ds = Dataset.fromCsv(new TextEncoder().encode(`customer_id,order_date,amount\n${rows.join('\n')}\n`));
    const s = ds.summary();
    assert.equal(s.revenue, 1000);
    assert.deepEqual(s.byMonth.map((m) => m.revenue), [333.4, 333.3, 333.3]);
    assert.equal(ds.deciles().revenue, 1000);
    assert.equal(ds.rfm().segments.reduce((a, r) => a + Math.round(r.revenue * 10), 0), 10_000);
    ds.free();
  });
});

describe('class 0: huge inputs', () => {
  it('a 2.5 GB file that would not fit WebAssembly is TOO_LARGE after its first 16 MiB, not a trap', () => {
    // 4,096 distinct order lines repeated to 2.5 GB (81M lines): the Dataset would need ~4.3 GB.
    // Before: `RuntimeError: unreachable` after allocating past 4 GiB.
    const lines = [];
    for (let i = 0; i < 4096; i++) lines.push(`O${i},C${(i * 7919) % 3000},2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')},P${i % 50},${100 + i}\n`);
    const pattern = lines.join('');
    const size = Math.floor(2.5e9 / pattern.length) * pattern.length;
    const buf = Buffer.alloc(size, pattern);
    Buffer.from('order_id,customer_id,order_date,product_id,amount\n').copy(buf, 0);
    const t = performance.now();
    const err = thrown(() => Dataset.fromCsv(buf), 'TOO_LARGE');
    assert.match(err.message, /about 81 million lines.*4 GiB.*split the file/);
    assert.ok(performance.now() - t < 30_000, 'refused early, not after reading the file');
  });

  it('a file over 4 GiB is TOO_LARGE before anything is copied', () => {
    // A 4 GiB + 1 view over a small buffer cannot be made; a DataView's length is checked the
    // same way, so a fake view with a huge length proves the check runs before the copy.
    const fake = new Uint8Array(16);
    Object.defineProperty(fake, 'length', { value: 2 ** 32 + 10 });
    const err = thrown(() => Dataset.fromCsv(fake), 'TOO_LARGE');
    assert.match(err.message, /4294967306 bytes/);
  });
});

describe('privacy: PII detection and pseudonymize', () => {
  const fixture = (name) => new Uint8Array(readFileSync(new URL(`../fixtures/pii/${name}`, import.meta.url)));
  it('lists the personal columns and keeps them out of the exports', () => {
    const ds = Dataset.fromCsv(fixture('orders_with_pii.csv'));
    const pii = ds.summary().source.pii.map((p) => `${p.header}:${p.kind}:${p.handling}`);
    assert.deepEqual(pii, ['氏名:name:dropped', 'フリガナ:name:dropped', 'メールアドレス:email:hashed', '電話番号:phone:hashed', '郵便番号:postalCode:dropped', '住所:address:dropped', '備考:email:dropped']);
    const csv = new TextDecoder().decode(ds.segmentMembers({ decile: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }));
    for (const v of ['山田', 'hanako@example.jp', '090-1111-2222', '150-0001']) assert.ok(!csv.includes(v), v);
    ds.free();
  });
  it('pseudonymised exports and customerIds() hold no original id; the salt reproduces them', () => {
    const salt = 'a salt of at least sixteen characters';
    const a = Dataset.fromCsv(fixture('orders_with_pii.csv'));
    assert.equal(a.pseudonymize({ salt }).salt, salt);
    const ids = a.customerIds();
    assert.ok(ids.every((id) => /^p[0-9a-f]{16}$/.test(id)), ids.join());
    const csv = new TextDecoder().decode(a.segmentMembers({ decile: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }));
    for (const id of ['M01', 'M02', 'M03', 'M04']) assert.ok(!csv.includes(id), id);
    const b = Dataset.fromCsv(fixture('orders_with_pii.csv'));
    b.pseudonymize({ salt });
    assert.deepEqual(b.customerIds(), ids);
    const fresh = Dataset.fromCsv(fixture('orders_with_pii.csv'));
    assert.match(fresh.pseudonymize().salt, /^[0-9a-f]{64}$/);
    assert.notDeepEqual(fresh.customerIds(), ids);
    assert.equal(thrown(() => fresh.pseudonymize({ salt: 'short' }), 'INVALID_OPTION').option, 'salt');
    for (const ds of [a, b, fresh]) ds.free();
  });
});
