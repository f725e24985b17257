// The peer benchmark as ONE markdown table (the end of `npm run bench`):
//   node scripts/bench-table.mjs [--10m] [--runs N] [--sizes 100k,1m,synth] [--json FILE]
// For each file it runs
//   - crmkit native:            target/release/crmkit bench-ingest FILE --runs N (its text output parsed)
//   - crmkit wasm + DuckDB-WASM in Node:      node benches/peer/duckdb-vs-crmkit.mjs FILE --json
//   - crmkit wasm + DuckDB-WASM in Chromium:  node benches/browser/run.mjs FILE --json
// on the files of benches/gen-orders.mjs (the "85 MB shape", fixed seed, into bench-data/):
// 100k and 1M lines, 10M with --10m (or CRMKIT_BENCH_10M=1; 887 MB, cold calls only, ~30 min, ~8 GB of RAM), and on
// bench-data/orders_1m.csv (crmkit's own synthetic shop, made by scripts/bench.sh). Rows: task ×
// file; ratio = DuckDB time / crmkit time (> 1: crmkit is faster). Exits 1 if any run found that
// crmkit and DuckDB disagree (the table is printed first), 2 if a run failed.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const RUNS = Number(opt('--runs', '3'));
const with10m = args.includes('--10m') || process.env.CRMKIT_BENCH_10M === '1';
const SEED = 1;
const log = (line) => console.error(`[bench-table] ${line}`);

const GENERATED = { '100k': 100_000, '1m': 1_000_000, '10m': 10_000_000 };
const wanted = (opt('--sizes', null) ?? ['100k', '1m', ...(with10m ? ['10m'] : []), 'synth'].join(',')).split(',');
const files = [];
const genHash = crypto.createHash('sha1').update(fs.readFileSync(path.join(ROOT, 'benches/gen-orders.mjs'))).digest('hex').slice(0, 12);
fs.mkdirSync(path.join(ROOT, 'bench-data'), { recursive: true });
for (const size of wanted) {
  if (size === 'synth') {
    const f = path.join(ROOT, 'bench-data/orders_1m.csv');
    if (!fs.existsSync(f) && fs.existsSync(path.join(ROOT, 'target/release/crmkit'))) {
      log('generating bench-data/orders_1m.csv (crmkit synth, 130,000 customers, seed 1)');
      spawnSync(path.join(ROOT, 'target/release/crmkit'), ['synth', '--customers', '130000', '--seed', '1', '--out', f], { stdio: 'inherit' });
    }
    if (fs.existsSync(f)) files.push({ label: '1M synth', file: f, note: 'crmkit synth: `O…`/`C…` ids, integer yen, mostly Japanese names' });
    else log('skipping bench-data/orders_1m.csv (not there; scripts/bench.sh makes it)');
    continue;
  }
  const lines = GENERATED[size];
  if (!lines) throw new Error(`unknown size ${size} (100k, 1m, 10m, synth)`);
  const f = path.join(ROOT, `bench-data/peer_${size}.csv`);
  const stamp = `${f}.stamp`;
  const want = `lines=${lines} seed=${SEED} generator=${genHash}`;
  if (!fs.existsSync(f) || !fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8').trim() !== want) {
    log(`generating ${path.relative(ROOT, f)} (${lines} lines, seed ${SEED})`);
    const r = spawnSync(process.execPath, [path.join(ROOT, 'benches/gen-orders.mjs'), f, '--lines', String(lines), '--seed', String(SEED)], { stdio: 'inherit' });
    if (r.status !== 0) process.exit(2);
    fs.writeFileSync(stamp, `${want}\n`);
  }
  files.push({ label: size === '10m' ? '10M' : size === '1m' ? '1M' : '100k', file: f, note: 'gen-orders.mjs' });
}

// ---- prerequisites ----
if (!fs.existsSync(path.join(ROOT, 'benches/peer/node_modules/@duckdb/duckdb-wasm'))) {
  log('installing DuckDB-WASM (pinned) in benches/peer');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: path.join(ROOT, 'benches/peer'), stdio: 'inherit' });
  if (r.status !== 0) process.exit(2);
}
const haveChromium = fs.existsSync('/usr/bin/chromium');
if (!haveChromium) log('/usr/bin/chromium is missing (bash scripts/setup.sh --browser): the Chromium columns are skipped');

// ---- runs ----
const LOGS = path.join(ROOT, 'bench-data', 'peer-results');
fs.mkdirSync(LOGS, { recursive: true });
/** Run a child; its progress lines ("[…] …") and failures are echoed, its full output kept in bench-data/peer-results/. */
function run(cmd, argv, what) {
  const shown = [cmd === process.execPath ? 'node' : path.relative(ROOT, cmd), ...argv.map((a) => (a.startsWith('/') ? path.relative(ROOT, a) : a))];
  log(`${what}: ${shown.join(' ')}`);
  const t = performance.now();
  const r = spawnSync(cmd, argv, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
  const name = what.replace(/[^\w]+/g, '-');
  fs.writeFileSync(path.join(LOGS, `${name}.txt`), `$ ${shown.join(' ')}\n${r.stdout ?? ''}${r.stderr ?? ''}`);
  for (const line of (r.stderr ?? '').split('\n')) {
    if (line && (r.status !== 0 || /^(\[|HEADLINE|DISAGREE|FAIL|all outputs agree|page problems)/.test(line))) console.error(`  ${line}`);
  }
  log(`${what}: done in ${((performance.now() - t) / 1000).toFixed(0)} s (exit ${r.status}); full output in ${path.relative(ROOT, LOGS)}/${name}.txt`);
  return r;
}
function parseNative(text) {
  const num = (re) => {
    const m = text.match(re);
    return m ? Number(m[1]) : undefined;
  };
  return {
    ingest: num(/native ingest: .*?best of \d+: ([\d.]+) s/),
    lines: num(/native ingest: [\d.]+ MB, (\d+) lines/),
    datasetMB: num(/dataset ([\d.]+) MB/),
    peakRssMB: num(/peak RSS ([\d.]+) MB/),
    segments: num(/native rfm \+ deciles \+ cpm \+ repeat: best of \d+: ([\d.]+) s/),
    cohorts: num(/native cohorts .*?: best of \d+: ([\d.]+) s/),
    recommend: num(/native recommend .*?: best of \d+: ([\d.]+) s/),
    clv: num(/native clv .*?: best of \d+: ([\d.]+) s/),
  };
}
const lastJson = (stdout) => {
  const line = stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  return line ? JSON.parse(line) : null;
};

const results = [];
let failed = false;
for (const f of files) {
  const big = f.label === '10M';
  // 10M: the cold call only (one Chromium run of it takes ~13 minutes on 2 cores)
  const runs = big ? 0 : RUNS;
  const suiteRuns = big ? 0 : Math.min(RUNS, 2);
  const res = { ...f, bytes: fs.statSync(f.file).size, runs };
  const native = path.join(ROOT, 'target/release/crmkit');
  if (fs.existsSync(native)) {
    const r = run(native, ['bench-ingest', f.file, '--runs', String(Math.max(runs, 1))], `${f.label} native`);
    if (r.status === 0) res.native = parseNative(r.stdout); // bench-ingest: best of max(runs, 1)
    else res.nativeError = `exit ${r.status}`;
  }
  for (const [key, script] of [['node', 'benches/peer/duckdb-vs-crmkit.mjs'], ['chromium', 'benches/browser/run.mjs']]) {
    if (key === 'chromium' && !haveChromium) {
      res.chromiumError = 'not run: /usr/bin/chromium missing';
      continue;
    }
    const r = run(process.execPath, [...(key === 'node' ? ['--expose-gc'] : []), path.join(ROOT, script), f.file, '--runs', String(runs), '--suite-runs', String(suiteRuns), '--json'], `${f.label} ${key}`);
    const rep = lastJson(r.stdout);
    if (!rep) {
      res[`${key}Error`] = `exit ${r.status}, no report`;
      failed = true;
    } else res[key] = rep;
  }
  results.push(res);
}

// ---- the table ----
const fmtS = (s) => (s === undefined || s === null || Number.isNaN(s) ? '—' : s < 0.01 ? `${(s * 1000).toFixed(1)} ms` : s < 10 ? `${s.toFixed(2)} s` : `${s.toFixed(1)} s`);
const fmtRows = (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : `${(n / 1e3).toFixed(0)}k`);
const mb = (b) => (b === undefined || Number.isNaN(b) ? '—' : `${(b / 1e6).toFixed(0)} MB`);
const ratio = (d, c) => (d && c ? `${(d / c).toFixed(2)}×` : '—');
const ingestCell = (s, bytes, rows) => (s ? `${fmtS(s)} · ${(bytes / 1e6 / s).toFixed(0)} MB/s · ${fmtRows(rows / s)} rows/s` : '—');

const header = ['task', 'file', 'crmkit native', 'crmkit wasm Node', 'crmkit wasm Chromium', 'DuckDB-WASM Node', 'DuckDB-WASM Chromium', 'ratio Node', 'ratio Chromium'];
const rows = [];
const TASK_ROWS = [
  ['ingest (bytes in memory → table)', 'ingest'],
  ['monthly summary', 'monthly'],
  ['RFM, every customer', 'rfm'],
  ['monthly cohort matrix', 'cohorts'],
  ['co-occurrence top-10 per item (orders)', 'cooccurrence'],
];
const get = (rep, engine, task) => rep?.[engine]?.tasks?.[task]?.best;
const duckCell = (rep, task) => (rep?.duckdb?.error ? (task === 'ingest' ? rep.duckdb.error : 'failed') : fmtS(get(rep, 'duckdb', task)));
for (const [label, task] of TASK_ROWS) {
  for (const r of results) {
    const n = r.native;
    const lines = r.node?.crmkit?.rows ?? r.chromium?.crmkit?.rows ?? n?.lines;
    const nodeC = get(r.node, 'crmkit', task);
    const chrC = get(r.chromium, 'crmkit', task);
    const nodeD = get(r.node, 'duckdb', task);
    const chrD = get(r.chromium, 'duckdb', task);
    if (task === 'ingest') {
      rows.push([
        label, r.label,
        ingestCell(n?.ingest, r.bytes, lines), ingestCell(nodeC, r.bytes, lines), ingestCell(chrC, r.bytes, lines),
        r.node?.duckdb?.error ?? ingestCell(nodeD, r.bytes, lines), r.chromium?.duckdb?.error ?? ingestCell(chrD, r.bytes, lines),
        ratio(nodeD, nodeC), ratio(chrD, chrC),
      ]);
    } else {
      const nat = task === 'cohorts' ? fmtS(n?.cohorts) : '—';
      rows.push([label, r.label, nat, fmtS(nodeC), fmtS(chrC), duckCell(r.node, task), duckCell(r.chromium, task), ratio(nodeD, nodeC), ratio(chrD, chrC)]);
    }
  }
}
for (const r of results) {
  const s = (rep) => rep?.crmkit?.tasks;
  const lines = r.node?.crmkit?.rows ?? r.chromium?.crmkit?.rows ?? 0;
  const stream = (rep, name) => s(rep)?.[`ingest:${name}`]?.error ?? ingestCell(s(rep)?.[`ingest:${name}`]?.best, r.bytes, lines);
  rows.push([
    'crmkit ingest streamed into CsvReader (Node: fs 1 MB chunks; Chromium: Blob.stream(); fetch() body)', r.label, '—',
    stream(r.node, 'fs stream 1 MB'), `${stream(r.chromium, 'Blob.stream()')}; ${stream(r.chromium, 'fetch() body')}`, '', '', '', '',
  ]);
}
for (const r of results) {
  const steps = (rep) => rep?.crmkit?.tasks?.suite?.steps;
  const seg = (rep) => (steps(rep) ? steps(rep).rfm + steps(rep).deciles + steps(rep).cpm + steps(rep).repeat : undefined);
  rows.push(['rfm + deciles + cpm + repeat (crmkit only; wasm: from the suite run)', r.label, fmtS(r.native?.segments), fmtS(seg(r.node)), fmtS(seg(r.chromium)), '', '', '', '']);
}
for (const [label, key] of [['recommend(): top-10 for every customer (crmkit only)', 'recommend'], ['clv(): BG/NBD + Gamma-Gamma (crmkit only)', 'clv']]) {
  for (const r of results) {
    rows.push([label, r.label, fmtS(r.native?.[key]), fmtS(r.node?.crmkit?.tasks?.suite?.steps?.[key]), fmtS(r.chromium?.crmkit?.tasks?.suite?.steps?.[key]), '', '', '', '']);
  }
}
for (const r of results) {
  const n = r.native;
  const nativeSuite = n ? n.ingest + n.segments + n.cohorts + n.recommend + n.clv : undefined;
  const suite = (rep) => rep?.crmkit?.tasks?.suite?.best;
  const duckIngest = (rep) => (rep?.duckdb?.error ? rep.duckdb.error : `ingest alone: ${fmtS(get(rep, 'duckdb', 'ingest'))}`);
  rows.push([
    '**crmkit full suite** (ingest + summary + rfm + deciles + cpm + repeat + cohorts + recommend + clv) vs **DuckDB ingest alone**', r.label,
    nativeSuite ? `${fmtS(nativeSuite)} (sum of bests)` : '—', fmtS(suite(r.node)), fmtS(suite(r.chromium)),
    duckIngest(r.node), duckIngest(r.chromium), ratio(get(r.node, 'duckdb', 'ingest'), suite(r.node)), ratio(get(r.chromium, 'duckdb', 'ingest'), suite(r.chromium)),
  ]);
}
for (const r of results) {
  const m = (rep, e) => rep?.[e]?.memory ?? {};
  const wasmAndRss = (mm) => [mm.wasmBytes !== undefined ? `wasm ${mb(mm.wasmBytes)}` : null, mm.peakRssDeltaBytes !== undefined ? `+${mb(mm.peakRssDeltaBytes)} RSS` : null].filter(Boolean).join(', ') || '—';
  rows.push([
    'peak memory (wasm = linear memory at the end; +RSS = peak process / renderer RSS above the phase start)', r.label,
    r.native ? `${r.native.peakRssMB} MB RSS (whole process)` : '—',
    wasmAndRss(m(r.node, 'crmkit')), wasmAndRss(m(r.chromium, 'crmkit')),
    wasmAndRss(m(r.node, 'duckdb')), wasmAndRss(m(r.chromium, 'duckdb')), '', '',
  ]);
}
const agreement = (rep, err) => (err ? `run failed: ${err}` : !rep?.agreement ? 'not checked (DuckDB failed)' : rep.agreement.ok ? 'agree' : `DISAGREE (${rep.agreement.checks.filter((c) => !c.ok).map((c) => c.task).join(', ')})`);
for (const r of results) rows.push(['results agree (rows, months, RFM per customer, cohort cells, top-10 per item)', r.label, '', agreement(r.node, r.nodeError), agreement(r.chromium, r.chromiumError), '', '', '', '']);

const esc = (s) => String(s).replace(/\|/g, '\\|');
const out = [];
const env = results.find((r) => r.node)?.node?.environment?.split(';').slice(0, 3).join(';');
const chr = results.find((r) => r.chromium)?.chromium?.environment?.split(';')[0];
out.push(`Peer benchmark (${new Date().toISOString().slice(0, 10)}): ${env ?? ''}; ${chr ?? ''}. Best of ${RUNS} after a cold call (10M: the cold call only). Ratio = DuckDB time / crmkit time (> 1: crmkit is faster); in the full-suite row it is DuckDB's ingest / crmkit's whole suite, so ≥ 1 means the goal (suite < DuckDB ingest) is met.`);
out.push(`Files: ${results.map((r) => `${r.label} = ${path.relative(ROOT, r.file)} (${(r.bytes / 1e6).toFixed(1)} MB, ${r.note})`).join('; ')}.`);
out.push('');
out.push(`| ${header.join(' | ')} |`);
out.push(`|${header.map(() => '---').join('|')}|`);
for (const r of rows) out.push(`| ${r.map(esc).join(' | ')} |`);
console.log(out.join('\n'));
const jsonOut = opt('--json', null);
if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify({ runs: RUNS, results }, null, 1));
const disagree = results.some((r) => (r.node?.agreement && !r.node.agreement.ok) || (r.chromium?.agreement && !r.chromium.agreement.ok));
process.exit(disagree ? 1 : failed ? 2 : 0);
