// inspectCsv (the column-mapping step) and CsvReader (chunked loading) through the built
// package. Expected values: the fixtures' hand-computed numbers (tests/ingest_fixtures.rs) and
// `Dataset.fromCsv` on the same bytes — a chunked load must be indistinguishable from it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CsvReader, Dataset, inspectCsv } from 'crmkit';

const fixture = (name) => new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));

function thrown(fn) {
  try {
    fn();
  } catch (err) {
    assert.equal(err.name, 'CrmkitError', String(err));
    return err;
  }
  assert.fail('expected an error');
}

describe('inspectCsv', () => {
  it('detects the Shift_JIS fixture and maps its Japanese headers, with a 10-row preview', () => {
    const i = inspectCsv(fixture('orders_sjis.csv'));
    assert.equal(i.encoding, 'shift_jis');
    assert.equal(i.delimiter, ',');
    assert.deepEqual(i.headers, ['注文番号', '顧客ID', '購入日', '商品コード', '商品名', 'カテゴリ', '数量', '単価', '金額']);
    assert.deepEqual(
      i.columns.map((c) => [c.header, c.field]),
      [['注文番号', 'orderId'], ['顧客ID', 'customerId'], ['購入日', 'orderDate'], ['商品コード', 'productId'], ['商品名', 'productName'],
        ['カテゴリ', 'category'], ['数量', 'quantity'], ['単価', 'unitPrice'], ['金額', 'amount']],
    );
    assert.deepEqual(i.missing, []);
    assert.equal(i.problem, null);
    assert.equal(i.rows.length, 9); // the whole file: 9 data rows (10 by default when there are more)
    // The preview row with its date as the load reads it (2024/01/05 → 2024-01-05).
    assert.deepEqual(i.rows[0], { line: 2, values: ['1001', 'C001', '2024/01/05', 'P01', '化粧水 200ml', 'スキンケア', '1', '\\3,980', '\\3,980'], code: null, reason: null, date: '2024-01-05' });
    assert.equal(i.dateOrder, 'ymd');
    // \3,980: byte 0x5C, the yen sign of Shift_JIS.
    assert.equal(i.currency, 'JPY');
  });

  it('reads a/b/YYYY dates in the order chosen, in the preview and in the load', () => {
    // 12/1/2010 could be 1 December or 12 January: the data cannot tell (no part over 12).
    const bytes = new TextEncoder().encode('customer_id,order_date,amount\nA,12/1/2010 8:26,$12.50\nB,3/2/2011,$9.99\n');
    const auto = inspectCsv(bytes);
    assert.equal(auto.dateOrder, 'mdy');
    assert.ok(auto.warnings.some((w) => w.code === 'date_order_ambiguous'));
    assert.deepEqual(auto.rows.map((r) => r.date), ['2010-12-01', '2011-03-02']);
    assert.equal(auto.currency, 'USD');
    const dmy = inspectCsv(bytes, { dateOrder: 'dmy' });
    assert.equal(dmy.dateOrder, 'dmy');
    assert.ok(!dmy.warnings.some((w) => w.code === 'date_order_ambiguous'));
    assert.deepEqual(dmy.rows.map((r) => r.date), ['2010-01-12', '2011-02-03']);
    const ds = Dataset.fromCsv(bytes, { dateOrder: 'dmy' });
    const s = ds.summary();
    assert.deepEqual([s.firstDate, s.lastDate, s.source.currency], ['2010-01-12', '2011-02-03', 'USD']);
    ds.free();
    // The currency option: $ amounts in Canadian dollars.
    const cad = Dataset.fromCsv(bytes, { currency: 'cad' });
    assert.equal(cad.summary().source.currency, 'CAD');
    cad.free();
    assert.throws(() => Dataset.fromCsv(bytes, { dateOrder: 'mdY' }), (e) => e.code === 'INVALID_OPTION' && e.option === 'dateOrder' && /did you mean 'mdy'/.test(e.message));
    assert.throws(() => Dataset.fromCsv(bytes, { currency: 'dollars' }), (e) => e.code === 'INVALID_OPTION' && e.option === 'currency');
    assert.throws(() => inspectCsv(bytes, { table: 'customers', dateOrder: 'dmy' }), (e) => e.code === 'INVALID_OPTION' && e.option === 'dateOrder');
  });

  it('flags the rows fromCsv would reject, with the same lines and codes', () => {
    const bytes = fixture('bad_rows.csv');
    const i = inspectCsv(bytes, { rows: 1000 });
    const flagged = i.rows.filter((r) => r.code).map((r) => [r.line, r.code]);
    const ds = Dataset.fromCsv(bytes);
    assert.deepEqual(flagged, ds.summary().rejected.map((r) => [r.line, r.code]));
    ds.free();
  });

  it('reports missing fields instead of throwing, and accepts the user mapping (false drops a column)', () => {
    const bytes = new TextEncoder().encode('会員,日,売上額,カテゴリ\nA,2024-01-01,100,x\n');
    const i = inspectCsv(bytes);
    assert.deepEqual(i.missing, ['customerId', 'orderDate', 'amount']);
    assert.match(i.problem, /customer id/);
    thrown(() => Dataset.fromCsv(bytes));
    const columns = { customerId: '会員', orderDate: '日', amount: '売上額', category: false };
    const j = inspectCsv(bytes, { columns });
    assert.deepEqual(j.missing, []);
    assert.deepEqual(j.unmappedHeaders, ['カテゴリ']);
    const ds = Dataset.fromCsv(bytes, { columns });
    assert.equal(ds.summary().revenue, 100);
    ds.free();
  });

  it('rejects bad options by name', () => {
    assert.equal(thrown(() => inspectCsv(fixture('orders_utf8.csv'), { rows: -1 })).option, 'rows');
    assert.equal(thrown(() => inspectCsv(fixture('orders_utf8.csv'), { rowz: 3 })).option, 'inspectCsv.rowz');
    assert.equal(thrown(() => inspectCsv(fixture('orders_utf8.csv'), { columns: { customerID: 'x' } })).option, 'inspectCsv.columns.customerID');
    assert.equal(thrown(() => inspectCsv(fixture('orders_utf8.csv'), { columns: { customerId: true } })).option, 'columns.customerId');
    assert.equal(thrown(() => inspectCsv(fixture('orders_utf8.csv'), { columns: { customerId: 'nope' } })).code, 'UNKNOWN_COLUMN');
    assert.equal(thrown(() => inspectCsv(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]))).code, 'NOT_CSV');
  });

  it('looks only at whole lines of a truncated sample', () => {
    const bytes = Dataset.syntheticCsv({ customers: 300, seed: 2 });
    const sample = bytes.subarray(0, 4000);
    const i = inspectCsv(sample, { truncated: true, rows: 1000 });
    assert.ok(i.sampleBytes <= 4000 && sample[i.sampleBytes - 1] === 0x0a);
    const all = inspectCsv(bytes, { rows: 1000 });
    assert.equal(all.rows.length, 1000);
    assert.equal(inspectCsv(bytes).rows.length, 10);
    assert.deepEqual(i.rows, all.rows.slice(0, i.rows.length));
  });
});

describe('CsvReader', () => {
  it('chunked loading gives exactly the fromCsv result, whatever the chunk boundaries', () => {
    const bytes = fixture('orders_sjis.csv');
    const whole = Dataset.fromCsv(bytes);
    const expected = whole.summary();
    whole.free();
    for (const size of [1, 2, 3, 7, 64, 1 << 16]) {
      const reader = new CsvReader(bytes.length);
      for (let at = 0; at < bytes.length; at += size) reader.push(bytes.subarray(at, at + size));
      assert.equal(reader.bytesRead, bytes.length);
      const ds = reader.finish();
      const got = ds.summary();
      assert.deepEqual({ ...got, memoryBytes: 0 }, { ...expected, memoryBytes: 0 }, `chunk size ${size}`);
      ds.free();
    }
  });

  it('passes options and progress through, and is used up by finish', () => {
    const bytes = Dataset.syntheticCsv({ customers: 8000, seed: 3 });
    const reader = new CsvReader();
    reader.push(bytes.subarray(0, 1000));
    reader.push(bytes.subarray(1000));
    const seen = [];
    const ds = reader.finish({ onProgress: (f) => seen.push(f) });
    assert.equal(seen.at(-1), 1);
    assert.equal(ds.summary().rows, Dataset.fromCsv(bytes).summary().rows);
    assert.throws(() => reader.push(bytes.subarray(0, 10)), /null pointer|moved|freed/i);
    const bad = new CsvReader();
    bad.push(bytes);
    assert.equal(thrown(() => bad.finish({ columns: { customerId: 'nope' } })).code, 'UNKNOWN_COLUMN');
    assert.equal(thrown(() => new CsvReader(-5)).option, 'expectedBytes');
    assert.equal(thrown(() => new CsvReader().finish()).code, 'EMPTY_INPUT');
  });

  /** Everything the analyses say of a dataset (memory use aside). */
  function outputs(ds) {
    return { summary: { ...ds.summary(), memoryBytes: 0 }, rfm: ds.rfm(), cohorts: ds.cohorts(), deciles: ds.deciles(), repeat: ds.repeat() };
  }

  it('with options, reads each chunk as orders as it arrives, giving exactly the fromCsv result', () => {
    // 33 MB: past the 16 MiB the layout is decided on, so the rows after it are parsed chunk by chunk.
    const big = Dataset.syntheticCsv({ customers: 120000, seed: 5 });
    assert.ok(big.length > 24 << 20, `${big.length} bytes`);
    for (const [name, bytes, size] of [['synthetic 33 MB', big, 1 << 20], ['synthetic, odd chunks', big, 65521], ['orders_sjis.csv', fixture('orders_sjis.csv'), 3], ['quoted_newlines.csv', fixture('quoted_newlines.csv'), 5]]) {
      const whole = Dataset.fromCsv(bytes);
      const expected = outputs(whole);
      whole.free();
      const seen = [];
      const reader = new CsvReader(bytes.length, { onProgress: (f) => seen.push(f) });
      for (let at = 0; at < bytes.length; at += size) reader.push(bytes.subarray(at, at + size));
      assert.equal(reader.bytesRead, bytes.length);
      const ds = reader.finish();
      assert.deepEqual(outputs(ds), expected, name);
      ds.free();
      assert.equal(seen.at(-1), 1, name);
      if (bytes.length > 8 << 20) assert.ok(seen.length > 4 && seen.every((f, i) => i === 0 || f >= seen[i - 1]), `${name}: ${seen}`);
    }
  });

  it('with options, reports a bad file at the first chunk that shows it, and keeps finish and other tables apart', () => {
    const big = Dataset.syntheticCsv({ customers: 120000, seed: 5 });
    const reader = new CsvReader(big.length, { columns: { customerId: 'nope' } });
    let err;
    for (let at = 0; at < big.length && !err; at += 1 << 20) {
      try {
        reader.push(big.subarray(at, at + (1 << 20)));
      } catch (e) {
        err = e;
      }
    }
    assert.equal(err?.code, 'UNKNOWN_COLUMN');
    assert.ok(reader.bytesRead <= 17 << 20, `failed after ${reader.bytesRead} bytes, at the 16 MiB decision`);
    reader.free();
    const small = fixture('orders_utf8.csv');
    const opened = new CsvReader(small.length, {});
    opened.push(small);
    assert.equal(thrown(() => opened.finish({ encoding: 'utf-8' })).option, 'finish');
    const twice = new CsvReader(small.length, { onInvalidRow: 'error' });
    twice.push(small);
    const ds = Dataset.fromCsv(small);
    assert.equal(thrown(() => ds.addCustomers(twice)).option, 'addCustomers');
    ds.free(); // (the reader was used up by the call, as readers passed to a method are)
    assert.equal(thrown(() => new CsvReader(10, { nope: 1 })).option, 'CsvReader.nope');
  });
});

describe('quotes that do not close', () => {
  // 20 rows, amount 10 × the row number (hand sum 2,100); row 5 (line 6) opens a quote it never closes.
  const rows = Array.from({ length: 20 }, (_, i) => (i === 4 ? 'C5,2024-01-05,"50' : `C${i + 1},2024-01-${String(i + 1).padStart(2, '0')},${10 * (i + 1)}`));
  const csv = new TextEncoder().encode(`customer_id,order_date,amount\n${rows.join('\n')}\n`);

  it('reject the line the quote opened on and read every line after it, in fromCsv and a streamed CsvReader', () => {
    const whole = Dataset.fromCsv(csv);
    const reader = new CsvReader(csv.length, {});
    for (let at = 0; at < csv.length; at += 13) reader.push(csv.subarray(at, at + 13));
    const streamed = reader.finish();
    for (const ds of [whole, streamed]) {
      const s = ds.summary();
      assert.equal(s.rows, 20);
      assert.equal(s.rowsAccepted + s.rowsRejected, s.rows);
      assert.equal(s.revenue, 2050);
      assert.deepEqual(s.rejected.map((r) => [r.line, r.code]), [[6, 'unterminated_quote']]);
      assert.match(s.rejected[0].reason, /never closed/);
      ds.free();
    }
    const err = thrown(() => Dataset.fromCsv(csv, { onInvalidRow: 'error' }));
    assert.equal(err.code, 'INVALID_ROW');
    assert.equal(err.line, 6);
  });
});
