// Ingest benchmark of the wasm package under Node: MB/s for the first (cold) call and the best
// of N warm calls, the Dataset's own memory, the wasm memory and the process's peak RSS.
//   node scripts/bench-ingest.mjs FILE [runs]
import { readFileSync } from 'node:fs';
import init, { Dataset } from 'crmkit';

const [file, runsArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/bench-ingest.mjs FILE [runs]');
  process.exit(2);
}
const runs = Number(runsArg ?? 3);
await init();
const bytes = new Uint8Array(readFileSync(file));
const mb = bytes.length / 1e6;

const times = [];
let summary;
let datasetBytes = 0;
for (let i = 0; i <= runs; i++) {
  const t0 = performance.now();
  const ds = Dataset.fromCsv(bytes);
  times.push((performance.now() - t0) / 1000);
  if (i === 0) {
    summary = ds.summary();
    datasetBytes = ds.memoryBytes();
  }
  ds.free();
}
// Segment analyses on a loaded Dataset (best of `runs`).
const loaded = Dataset.fromCsv(bytes);
let segmentsBest = Infinity;
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  loaded.rfm();
  loaded.deciles();
  loaded.cpm();
  loaded.repeat();
  segmentsBest = Math.min(segmentsBest, (performance.now() - t0) / 1000);
}
let cohortsBest = Infinity;
let cohortCount = 0;
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  cohortCount = loaded.cohorts().cohorts.length;
  cohortsBest = Math.min(cohortsBest, (performance.now() - t0) / 1000);
}
let recommendBest = Infinity;
for (let i = 0; i < Math.min(runs, 2); i++) {
  const t0 = performance.now();
  loaded.recommend();
  recommendBest = Math.min(recommendBest, (performance.now() - t0) / 1000);
}
let clvBest = Infinity;
for (let i = 0; i < Math.min(runs, 2); i++) {
  const t0 = performance.now();
  loaded.clv();
  clvBest = Math.min(clvBest, (performance.now() - t0) / 1000);
}
loaded.free();
const cold = times[0];
const best = Math.min(...times.slice(1));
const rssMb = process.resourceUsage().maxRSS / 1024;
console.log(
  `wasm ingest (Node ${process.version}): ${mb.toFixed(1)} MB, ${summary.rows} lines, ` +
    `first call ${cold.toFixed(3)} s = ${(mb / cold).toFixed(0)} MB/s; best of ${runs} warm: ${best.toFixed(3)} s = ${(mb / best).toFixed(0)} MB/s`,
);
console.log(
  `  dataset ${(datasetBytes / 1e6).toFixed(1)} MB (${((100 * datasetBytes) / bytes.length).toFixed(0)}% of the CSV); ` +
    `peak RSS ${rssMb.toFixed(0)} MB (includes the CSV in JS and its copy in wasm memory)`,
);
console.log(`  rfm + deciles + cpm + repeat (per-customer typed arrays included): best of ${runs}: ${segmentsBest.toFixed(3)} s`);
console.log(`  cohorts (monthly, customers, ${cohortCount} cohorts): best of ${runs}: ${cohortsBest.toFixed(3)} s`);
console.log(`  recommend (jaccard, similarity + top-10 for every customer): best of ${Math.min(runs, 2)}: ${recommendBest.toFixed(3)} s`);
console.log(`  clv (BG/NBD + Gamma-Gamma fit, per-customer outputs): best of ${Math.min(runs, 2)}: ${clvBest.toFixed(3)} s`);
console.log(`  ${summary.customers} customers, ${summary.orders} orders, ${summary.products} products, rejected ${summary.rowsRejected}`);
