// The peer benchmark's tasks, shared by the Node peer (duckdb-vs-crmkit.mjs) and the Chromium
// page (../browser/bench.mjs): the same calls, the same timing, the same agreement checks.
// Plain ES module, no Node or DOM imports. The DuckDB side runs the SQL files in ../sql/ (read
// by the callers, passed in as `sql`); nothing here writes SQL of its own, except DROP/count.
//
// Every timed task is run 1 + `runs` times: the first (cold) call is reported apart, the best of
// the others is the figure. Set-up and tear-down (freeing, dropping, copying the bytes for
// DuckDB's worker) are not timed.

export const SQL_FILES = ['ingest', 'monthly', 'rfm', 'cohorts', 'cooccurrence', 'cooccurrence-customer'];

/** Task keys → what each engine does (also the row labels of the report). */
export const TASKS = {
  ingest: {
    label: 'ingest (CSV bytes in memory → table)',
    crmkit: 'Dataset.fromCsv(bytes)',
    duckdb: 'registerFileBuffer + ingest.sql (CREATE TABLE … read_csv, explicit schema)',
  },
  monthly: { label: 'monthly summary', crmkit: 'ds.summary()', duckdb: 'monthly.sql' },
  rfm: { label: 'RFM, every customer', crmkit: 'ds.rfm() + ds.customerIds()', duckdb: 'rfm.sql' },
  cohorts: { label: 'monthly cohort matrix', crmkit: 'ds.cohorts()', duckdb: 'cohorts.sql' },
  cooccurrence: {
    label: 'co-occurrence top-10 per item (orders)',
    crmkit: 'ds.boughtTogether({ minSupport: 2, k: all }) + top 10 per item in JS',
    duckdb: 'cooccurrence.sql',
  },
  cooccurrenceCustomer: {
    label: 'co-occurrence top-10 (customer baskets)',
    crmkit: 'ds.similarItems(id, 1000, { similarity: cooccurrence, basket: customer }): ONE item per call',
    duckdb: 'cooccurrence-customer.sql: every item',
  },
};

export const SUITE_STEPS = ['fromCsv', 'summary', 'rfm', 'deciles', 'cpm', 'repeat', 'cohorts', 'recommend', 'clv'];
const ALL_RULES = 4294967295; // boughtTogether's k: every pair
const SAMPLE_ITEMS = 10; // items checked on customer baskets (each similarItems call builds the matrix)

const now = () => performance.now();

/** 1 cold + `runs` timed calls of `run(setup())`; `teardown(value)` after all but the last. */
async function timed(runs, { setup, run, teardown }) {
  const times = [];
  let value;
  for (let i = 0; i <= runs; i++) {
    const arg = setup ? await setup() : undefined;
    const t0 = now();
    value = await run(arg);
    times.push((now() - t0) / 1000);
    if (teardown && i < runs) await teardown(value);
  }
  const warm = times.length > 1 ? times.slice(1) : times;
  return { value, timing: { cold: times[0], best: Math.min(...warm), times } };
}

const byCountThenId = (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** boughtTogether's rules → Map item → [[other, orders], …] sorted, top 10 (ties: lower id). */
function topTenFromRules(rules) {
  const rows = new Map();
  for (const r of rules) {
    let list = rows.get(r.antecedent);
    if (!list) rows.set(r.antecedent, (list = []));
    list.push([r.consequent, r.orders]);
  }
  const top = new Map();
  for (const [item, list] of rows) top.set(item, list.sort(byCountThenId).slice(0, 10));
  return { top, pairs: rules.length };
}

/**
 * crmkit's side. `crmkit` = { Dataset, CsvReader }; `streams` = { name: () => AsyncIterable<Uint8Array> }
 * for CsvReader ingests (optional); `wasmBytes()` = size of crmkit's WebAssembly memory (optional).
 */
export async function runCrmkit({ crmkit, bytes, runs = 3, suiteRuns = runs, streams = {}, wasmBytes, log = () => {} }) {
  const { Dataset, CsvReader } = crmkit;
  const tasks = {};
  const results = {};
  const memory = {};
  // Streamed ingests first, each freed, so that no other Dataset is alive while they run (wasm
  // memory never shrinks: its final size is the largest single load plus what followed it).
  const streamRows = {};
  for (const [name, chunks] of Object.entries(streams)) {
    log(`crmkit: ingest by ${name}`);
    let reader;
    try {
      const r = await timed(runs, {
        run: async () => {
          reader = new CsvReader(bytes.length, {}); // parsed as the chunks arrive, as the demo does
          for await (const chunk of chunks()) reader.push(chunk);
          const d = reader.finish();
          reader = undefined;
          return d;
        },
        teardown: (d) => d.free(),
      });
      tasks[`ingest:${name}`] = r.timing;
      streamRows[name] = r.value.summary().rows;
      r.value.free();
    } catch (e) {
      // e.g. Chromium failing to read a Blob of nearly 1 GB ("network error"): reported, not fatal
      reader?.free?.();
      tasks[`ingest:${name}`] = { error: `failed: ${String(e?.message ?? e).split('\n')[0]}` };
    }
  }
  log('crmkit: ingest');
  const ingest = await timed(runs, { run: () => Dataset.fromCsv(bytes), teardown: (ds) => ds.free() });
  tasks.ingest = ingest.timing;
  const ds = ingest.value;
  const summary = ds.summary();
  results.summary = summary;
  results.streamRows = streamRows;
  memory.datasetBytes = ds.memoryBytes();
  log('crmkit: analyses');
  tasks.monthly = (await timed(runs, { run: () => ds.summary() })).timing;
  let t = await timed(runs, { run: () => ({ rfm: ds.rfm(), ids: ds.customerIds() }) });
  tasks.rfm = t.timing;
  results.rfm = t.value;
  t = await timed(runs, { run: () => ds.cohorts() });
  tasks.cohorts = t.timing;
  results.cohorts = t.value;
  t = await timed(runs, { run: () => topTenFromRules(ds.boughtTogether({ minSupport: 2, k: ALL_RULES }).rules) });
  tasks.cooccurrence = t.timing;
  results.cooccurrence = t.value;
  // Customer baskets: crmkit has no "top-10 for every item" call; similarItems gives one item's
  // row (and builds the whole co-occurrence to do it). A sample of items, first call timed.
  const productIds = ds.productIds();
  const sample = [...productIds].sort().filter((_, i, a) => i % Math.max(1, Math.floor(a.length / SAMPLE_ITEMS)) === 0).slice(0, SAMPLE_ITEMS);
  const similar = new Map();
  const options = { similarity: 'cooccurrence', basket: 'customer' };
  t = await timed(0, { run: () => ds.similarItems(sample[0], 1000, options) });
  tasks.cooccurrenceCustomer = t.timing;
  for (const id of sample) {
    const row = id === sample[0] ? t.value : ds.similarItems(id, 1000, options);
    similar.set(id, { full: row.length === 1000, list: row.map((r) => [r.productId, r.together]).sort(byCountThenId) });
  }
  results.similar = similar;
  ds.free();

  log('crmkit: full suite');
  const stepsPerRun = [];
  const suite = await timed(suiteRuns, {
    run: () => {
      const steps = {};
      stepsPerRun.push(steps);
      let t0 = now();
      const lap = (name) => {
        const t1 = now();
        steps[name] = (t1 - t0) / 1000;
        t0 = t1;
      };
      const d = Dataset.fromCsv(bytes);
      lap('fromCsv');
      d.summary();
      lap('summary');
      d.rfm();
      lap('rfm');
      d.deciles();
      lap('deciles');
      d.cpm();
      lap('cpm');
      d.repeat();
      lap('repeat');
      d.cohorts();
      lap('cohorts');
      d.recommend();
      lap('recommend');
      d.clv();
      lap('clv');
      return { d, steps };
    },
    teardown: ({ d }) => d.free(),
  });
  suite.value.d.free();
  // The steps of the run with the best total (of the cold run when there is only one).
  const times = suite.timing.times;
  const best = times.length > 1 ? 1 + times.slice(1).indexOf(suite.timing.best) : 0;
  tasks.suite = { ...suite.timing, steps: stepsPerRun[best], stepsOf: best === 0 ? 'the cold run' : 'the best run' };
  if (wasmBytes) memory.wasmBytes = wasmBytes();
  return { tasks, results, memory, rows: summary.rows, customers: summary.customers, orders: summary.orders, products: summary.products, rejected: summary.rowsRejected };
}

/**
 * DuckDB's side. `duck` = { register(name, bytes), drop(name), query(sql) → Arrow table,
 * copyBytes?: boolean (the worker takes the buffer, so every run gets a copy, untimed),
 * heapBytes?: () => number }. `sql` = { ingest, monthly, … } (the files' text).
 */
export async function runDuckdb({ duck, bytes, sql, runs = 3, log = () => {} }) {
  const tasks = {};
  const results = {};
  const memory = {};
  log('duckdb: ingest');
  const ingest = await timed(runs, {
    setup: () => (duck.copyBytes ? bytes.slice() : bytes),
    run: async (b) => {
      await duck.register('orders.csv', b);
      await duck.query(sql.ingest);
    },
    teardown: async () => {
      await duck.query('DROP TABLE orders');
      await duck.drop('orders.csv');
    },
  });
  tasks.ingest = ingest.timing;
  await duck.drop('orders.csv'); // the table holds the data now
  const count = await duck.query('SELECT count(*)::BIGINT AS n FROM orders');
  results.rows = Number(count.getChild('n').get(0));
  log('duckdb: queries');
  for (const [key, file] of [['monthly', 'monthly'], ['rfm', 'rfm'], ['cohorts', 'cohorts'], ['cooccurrence', 'cooccurrence'], ['cooccurrenceCustomer', 'cooccurrence-customer']]) {
    const t = await timed(runs, { run: () => duck.query(sql[file]) });
    tasks[key] = t.timing;
    results[key] = t.value;
  }
  try {
    const m = await duck.query('SELECT sum(memory_usage_bytes)::BIGINT AS b FROM duckdb_memory()');
    memory.bufferManagerBytes = Number(m.getChild('b').get(0));
  } catch {
    // older DuckDB: no duckdb_memory()
  }
  if (duck.heapBytes) memory.wasmBytes = duck.heapBytes();
  await duck.query('DROP TABLE orders');
  return { tasks, results, memory };
}

// ---- agreement ----

const num = (v) => (v === null || v === undefined ? null : Number(v));
function columns(table, names) {
  const out = {};
  for (const n of names) {
    const c = table.getChild(n);
    if (!c) throw new Error(`DuckDB result has no column ${n}`);
    out[n] = c;
  }
  return out;
}
const close = (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** Compare every task's output; returns { ok, checks: [{ task, ok, detail, problems }] }. */
export function compareAll(crm, duck) {
  const checks = [];
  const check = (task, fn) => {
    const problems = [];
    let detail = '';
    try {
      detail = fn(problems) ?? '';
    } catch (e) {
      problems.push(`check failed: ${e.message}`);
    }
    checks.push({ task, ok: problems.length === 0, detail, problems: problems.slice(0, 8), problemCount: problems.length });
  };
  const r = crm.results;
  const d = duck.results;

  check('rows', (p) => {
    if (r.summary.rowsRejected > 0) p.push(`crmkit rejected ${r.summary.rowsRejected} rows (DuckDB keeps them)`);
    if (d.rows !== r.summary.rows) p.push(`DuckDB loaded ${d.rows} rows, crmkit read ${r.summary.rows}`);
    for (const [name, n] of Object.entries(r.streamRows ?? {})) if (n !== r.summary.rows) p.push(`crmkit's CsvReader by ${name} read ${n} rows, fromCsv ${r.summary.rows}`);
    return `${d.rows} rows on both sides${Object.keys(r.streamRows ?? {}).length ? ' (and in every CsvReader load)' : ''}`;
  });

  check('monthly', (p) => {
    const months = r.summary.byMonth.filter((m) => m.orders > 0 || m.revenue !== 0 || m.customers > 0);
    const t = columns(d.monthly, ['month', 'customers', 'orders', 'revenue']);
    if (months.length !== d.monthly.numRows) p.push(`month count differs: crmkit ${months.length}, duckdb ${d.monthly.numRows}`);
    for (let i = 0; i < Math.min(months.length, d.monthly.numRows); i++) {
      const c = months[i];
      const row = [t.month.get(i), num(t.customers.get(i)), num(t.orders.get(i)), num(t.revenue.get(i))];
      if (c.month !== row[0] || c.customers !== row[1] || c.orders !== row[2] || !close(c.revenue, row[3])) {
        p.push(`${c.month}: crmkit ${JSON.stringify([c.customers, c.orders, c.revenue])} duckdb ${JSON.stringify(row)}`);
      }
    }
    return `${months.length} months: customers, orders, revenue`;
  });

  check('rfm', (p) => {
    const { rfm, ids } = r.rfm;
    const segKey = new Map(rfm.segments.map((s) => [s.id, s.key]));
    segKey.set(255, 'none'); // not scored; an id without a row is 'other' (dropped when empty)
    const index = new Map(ids.map((id, i) => [id, i]));
    const t = columns(d.rfm, ['customer_id', 'recency', 'frequency', 'monetary', 'r_score', 'f_score', 'm_score', 'segment']);
    const n = d.rfm.numRows;
    if (n !== ids.length) p.push(`customers: crmkit ${ids.length}, duckdb ${n}`);
    const seen = new Uint8Array(ids.length);
    let scoreDiffs = 0;
    for (let i = 0; i < n; i++) {
      const id = t.customer_id.get(i);
      const c = index.get(id);
      if (c === undefined) {
        p.push(`customer ${id}: in DuckDB only`);
        continue;
      }
      seen[c] = 1;
      const dr = num(t.recency.get(i));
      const cr = Number.isNaN(rfm.recency[c]) ? null : rfm.recency[c];
      const df = num(t.frequency.get(i));
      const dm = num(t.monetary.get(i));
      if (dr !== cr || df !== rfm.frequency[c] || !close(dm, rfm.monetary[c])) {
        p.push(`customer ${id}: R/F/M crmkit ${[cr, rfm.frequency[c], rfm.monetary[c]]} duckdb ${[dr, df, dm]}`);
        continue;
      }
      const ds = [num(t.r_score.get(i)), num(t.f_score.get(i)), num(t.m_score.get(i)), t.segment.get(i)];
      const cs = [rfm.rScore[c], rfm.fScore[c], rfm.mScore[c], segKey.get(rfm.segment[c]) ?? 'other'];
      if (ds.some((v, k) => v !== cs[k])) {
        scoreDiffs++;
        p.push(`customer ${id} (R ${cr}, F ${df}, M ${rfm.monetary[c]}): scores/segment crmkit ${cs} duckdb ${ds}`);
      }
    }
    const missing = ids.length - seen.reduce((s, x) => s + x, 0);
    if (missing > 0) p.push(`${missing} crmkit customers missing in DuckDB`);
    return `${n} customers: recency, frequency, monetary, R/F/M scores, segment (asOf ${rfm.asOf}; edges R ${JSON.stringify(rfm.edges.recency)} F ${JSON.stringify(rfm.edges.frequency)})${scoreDiffs ? `; ${scoreDiffs} score differences` : ''}`;
  });

  check('cohorts', (p) => {
    const c = r.cohorts;
    const np = c.periods.length;
    const t = columns(d.cohorts, ['cohort', 'k', 'customers']);
    const cell = new Map();
    for (let i = 0; i < d.cohorts.numRows; i++) cell.set(`${t.cohort.get(i)}|${num(t.k.get(i))}`, num(t.customers.get(i)));
    let observed = 0;
    const rowOf = new Map(c.cohorts.map((x, i) => [x.label, i]));
    c.cohorts.forEach((row, i) => {
      for (let k = 0; k < np; k++) {
        const v = c.values[i * np + k];
        if (Number.isNaN(v)) continue;
        observed++;
        const want = cell.get(`${row.label}|${k}`) ?? 0;
        if (v !== want) p.push(`cohort ${row.label} +${k}: crmkit ${v}, duckdb ${want}`);
      }
      if (row.size !== (cell.get(`${row.label}|0`) ?? 0)) p.push(`cohort ${row.label} size: crmkit ${row.size}, duckdb ${cell.get(`${row.label}|0`)}`);
    });
    for (const key of cell.keys()) {
      const [label, k] = key.split('|');
      const i = rowOf.get(label);
      if (i === undefined || Number(k) >= np || Number.isNaN(c.values[i * np + Number(k)])) p.push(`cohort ${label} +${k}: only in DuckDB`);
    }
    return `${c.cohorts.length} cohorts × ${np} months, ${observed} observed cells (${cell.size} non-zero)`;
  });

  const compareTop = (p, item, mine, theirs) => {
    const a = mine.slice(0, 10);
    if (a.length !== theirs.length || a.some((x, k) => x[0] !== theirs[k][0] || x[1] !== theirs[k][1])) {
      p.push(`item ${item}: crmkit ${JSON.stringify(a)} duckdb ${JSON.stringify(theirs)}`);
    }
  };
  const duckTop = (table) => {
    const t = columns(table, ['item', 'other', 'together']);
    const top = new Map();
    for (let i = 0; i < table.numRows; i++) {
      const item = t.item.get(i);
      let list = top.get(item);
      if (!list) top.set(item, (list = []));
      list.push([t.other.get(i), num(t.together.get(i))]);
    }
    return top;
  };

  check('cooccurrence', (p) => {
    const mine = r.cooccurrence.top;
    const theirs = duckTop(d.cooccurrence);
    for (const [item, list] of theirs) compareTop(p, item, mine.get(item) ?? [], list);
    for (const item of mine.keys()) if (!theirs.has(item)) p.push(`item ${item}: only crmkit has pairs`);
    return `${theirs.size} items × top 10 (${r.cooccurrence.pairs} pairs with ≥ 2 orders), ties by product id`;
  });

  check('cooccurrenceCustomer', (p) => {
    const theirs = duckTop(d.cooccurrenceCustomer);
    for (const [item, { full, list }] of r.similar) {
      const want = theirs.get(item) ?? [];
      // similarItems returned its 1,000 best: a tie at the 10th count could run past them.
      if (full && list.length >= 10 && list[9][1] === list[list.length - 1][1]) {
        p.push(`item ${item}: cannot check (ties beyond similarItems' 1,000 rows)`);
        continue;
      }
      compareTop(p, item, list, want);
    }
    return `${r.similar.size} sampled items × top 10 (similarItems), ties by product id`;
  });

  return { ok: checks.every((c) => c.ok), checks };
}

// ---- report ----

const fmtS = (s) => (s === undefined || s === null || Number.isNaN(s) ? '—' : s < 0.1 ? s.toFixed(3) : s < 10 ? s.toFixed(2) : s.toFixed(1));
const mbOf = (b) => (b === undefined ? '—' : `${(b / 1e6).toFixed(0)} MB`);

/** Human-readable lines of a report (the object the runners print with --json). */
export function formatReport(rep) {
  const out = [];
  out.push(`${rep.runtime}: ${rep.environment}`);
  out.push(`file ${rep.file}: ${(rep.bytes / 1e6).toFixed(1)} MB, ${rep.crmkit?.rows ?? '?'} rows; best of ${rep.runs} after 1 cold call (cold in brackets)`);
  const rows = [['task', 'crmkit', 'DuckDB-WASM', 'DuckDB / crmkit']];
  const keys = new Set([...Object.keys(rep.crmkit?.tasks ?? {}), ...Object.keys(rep.duckdb?.tasks ?? {})]);
  for (const k of keys) {
    if (k === 'suite') continue;
    const c = rep.crmkit?.tasks?.[k];
    const d = rep.duckdb?.tasks?.[k];
    const label = TASKS[k]?.label ?? k.replace(/^ingest:/, 'crmkit ingest by CsvReader: ');
    const comparable = k !== 'cooccurrenceCustomer' && c && d;
    if (c?.error) {
      rows.push([label, c.error, '—', '']);
      continue;
    }
    const rate = k.startsWith('ingest') && c ? ` ${(rep.bytes / 1e6 / c.best).toFixed(0)} MB/s` : '';
    const drate = k === 'ingest' && d ? ` ${(rep.bytes / 1e6 / d.best).toFixed(0)} MB/s` : '';
    rows.push([
      label,
      c ? `${fmtS(c.best)} s${rate} [${fmtS(c.cold)}]` : '—',
      d ? `${fmtS(d.best)} s${drate} [${fmtS(d.cold)}]` : rep.duckdb?.error && k === 'ingest' ? rep.duckdb.error : '—',
      comparable ? `${(d.best / c.best).toFixed(2)}×` : k === 'cooccurrenceCustomer' && c && d ? 'n/a (1 item vs all)' : '',
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  for (const r of rows) out.push(r.map((x, i) => String(x).padEnd(widths[i])).join('  ').trimEnd());
  const suite = rep.crmkit?.tasks?.suite;
  if (suite) {
    out.push(
      `crmkit full suite (${SUITE_STEPS.join(' + ')}): ${fmtS(suite.best)} s [cold ${fmtS(suite.cold)}]; ${suite.stepsOf}: ` +
        SUITE_STEPS.map((s) => `${s} ${fmtS(suite.steps[s])}`).join(', '),
    );
  }
  if (rep.headline) {
    const h = rep.headline;
    out.push(
      h.duckdbIngest
        ? `HEADLINE (${rep.runtime}): crmkit full suite ${fmtS(h.crmkitSuite)} s vs DuckDB-WASM ingest alone ${fmtS(h.duckdbIngest)} s: ` +
            `${h.ratio >= 1 ? `DuckDB's ingest takes ${h.ratio.toFixed(2)}× crmkit's whole suite` : `crmkit's suite takes ${(1 / h.ratio).toFixed(2)}× DuckDB's ingest`} (goal: suite < DuckDB ingest: ${h.crmkitSuite < h.duckdbIngest ? 'met' : 'NOT met'})`
        : `HEADLINE (${rep.runtime}): crmkit full suite ${fmtS(h.crmkitSuite)} s; DuckDB-WASM ${rep.duckdb?.error ?? 'did not run'}`,
    );
  }
  const mem = [];
  for (const e of ['crmkit', 'duckdb']) {
    const m = rep[e]?.memory;
    if (!m) continue;
    const parts = [];
    if (m.wasmBytes !== undefined) parts.push(`wasm memory ${mbOf(m.wasmBytes)}`);
    if (m.datasetBytes !== undefined) parts.push(`Dataset ${mbOf(m.datasetBytes)}`);
    if (m.bufferManagerBytes !== undefined) parts.push(`buffer manager (duckdb_memory()) ${mbOf(m.bufferManagerBytes)}`);
    if (m.peakRssDeltaBytes !== undefined) parts.push(`peak ${m.rssOf ?? 'RSS'} above phase start ${mbOf(m.peakRssDeltaBytes)}`);
    mem.push(`${e}: ${parts.join(', ')}`);
  }
  if (mem.length) out.push(`memory: ${mem.join('; ')}`);
  if (rep.agreement) {
    for (const c of rep.agreement.checks) {
      out.push(`${c.ok ? 'agree' : 'DISAGREE'} ${c.task}: ${c.detail}${c.ok ? '' : `\n    ${c.problemCount} problems, e.g.:\n    ${c.problems.join('\n    ')}`}`);
    }
    out.push(rep.agreement.ok ? 'all outputs agree' : 'FAIL: crmkit and DuckDB disagree');
  }
  return out;
}

/** The command line of the two peer runners (Node only): FILE [--runs N] [--suite-runs N] [--json]. */
export function benchArgs(usage) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : dflt;
  };
  const file = args.find((a, i) => !a.startsWith('--') && !(i > 0 && ['--runs', '--suite-runs'].includes(args[i - 1])));
  if (!file) {
    console.error(`usage: ${usage} FILE [--runs N] [--suite-runs N] [--json]`);
    process.exit(2);
  }
  const runs = Number(opt('--runs', '3'));
  const json = args.includes('--json');
  return { file, runs, suiteRuns: Number(opt('--suite-runs', String(Math.min(runs, 2)))), json, say: (line) => (json ? console.error(line) : console.log(line)) };
}
