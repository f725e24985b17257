// Product-axis benchmark of the wasm package under Node, on the bench's order CSV; the native
// figures come from `crmkit bench-products` on the same file.
//   node scripts/bench-products.mjs ORDERS [runs]
import { readFileSync } from 'node:fs';
import init, { Dataset } from 'crmkit';
import { bestOf } from './bench-util.mjs';

const [file, runsArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/bench-products.mjs ORDERS [runs]');
  process.exit(2);
}
const runs = Number(runsArg ?? 3);
await init();
const ds = Dataset.fromCsv(new Uint8Array(readFileSync(file)));

const best = (f) => bestOf(runs, f);

const [tAbc] = best(() => ds.products());
const [tSeason] = best(() => ds.seasonality());
const [tEntry] = best(() => ds.entryProducts());
const [tNext] = best(() => ds.nextProducts());
const [tRepl] = best(() => ds.replenishment());
const [tDue, due] = best(() => ds.dueToReorder());
const [tCsv] = best(() => ds.dueToReorderCsv());
const f = (t) => t.toFixed(3);
console.log(`wasm products (ABC): ${f(tAbc)} s; seasonality (months): ${f(tSeason)} s; entryProducts: ${f(tEntry)} s; nextProducts: ${f(tNext)} s`);
console.log(`wasm replenishment: ${f(tRepl)} s; dueToReorder (${due.rows.length} rows): ${f(tDue)} s; its CSV: ${f(tCsv)} s`);
console.log(`wasm product analyses together: ${f(tAbc + tSeason + tEntry + tNext + tRepl + tDue)} s`);
ds.free();
