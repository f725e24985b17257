// Warehouse mode benchmark (issue 19, first part): the warehouse step — the four sql/ templates in
// native DuckDB (scripts/sql/bench.py) — against crmkit on the raw lines in this Node process
// (fromCsv, then the analyses those tables feed), on the synthetic shop at several sizes.
//   node scripts/bench-warehouse.mjs [customers ...]     (default: 125000 1250000 ≈ 1M and 10M lines)
// Needs scripts/setup.sh --sql (.venv-sql) and the built package (scripts/build.sh).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { Dataset } = createRequire(import.meta.url)(path.join(ROOT, 'pkg/node/crmkit.js'));
const PYTHON = path.join(ROOT, '.venv-sql/bin/python');
const sizes = process.argv.slice(2).map(Number);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crmkit-wh-'));

const time = (f) => {
  const t0 = performance.now();
  const v = f();
  return [(performance.now() - t0) / 1000, v];
};

const rows = [];
for (const customers of sizes.length ? sizes : [125_000, 1_250_000]) {
  const bytes = Dataset.syntheticCsv({ customers, seed: 19 });
  const csv = path.join(dir, `orders_${customers}.csv`);
  fs.writeFileSync(csv, bytes);
  const duck = JSON.parse(execFileSync(PYTHON, [path.join(ROOT, 'scripts/sql/bench.py'), csv], { maxBuffer: 1 << 26 }));
  const [ingest, ds] = time(() => Dataset.fromCsv(bytes));
  const analyses = {};
  analyses.rfm = time(() => ds.rfm())[0];
  analyses.deciles = time(() => ds.deciles())[0];
  analyses.products = time(() => ds.products())[0];
  analyses.cohorts = time(() => ds.cohorts({ metric: 'revenue' }))[0];
  analyses.boughtTogether = time(() => ds.boughtTogether())[0];
  const lines = ds.summary().lines;
  ds.free();
  fs.rmSync(csv);
  const t = duck.templates;
  const warehouse = Object.values(t).reduce((s, x) => s + x.seconds, 0);
  const crmkit = ingest + Object.values(analyses).reduce((s, x) => s + x, 0);
  rows.push({ customers, lines, mb: bytes.length / 1e6, duck, warehouse, ingest, analyses, crmkit });
  const f = (x) => x.toFixed(2);
  console.log(
    `[warehouse] ${lines.toLocaleString('en-US')} lines (${f(bytes.length / 1e6)} MB): DuckDB load ${f(duck.load)} s, templates ${f(warehouse)} s ` +
      `(${Object.entries(t).map(([k, v]) => `${k} ${f(v.seconds)} s → ${v.rows.toLocaleString('en-US')} rows`).join(', ')}); ` +
      `crmkit on the raw lines: fromCsv ${f(ingest)} s + analyses ${f(crmkit - ingest)} s (${Object.entries(analyses).map(([k, v]) => `${k} ${f(v)}`).join(', ')}) = ${f(crmkit)} s; ` +
      `ratio crmkit / (DuckDB load + templates) = ${f(crmkit / (duck.load + warehouse))}`,
  );
}
fs.rmSync(dir, { recursive: true, force: true });
