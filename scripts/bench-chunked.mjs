// Peak memory of loading a CSV in Node: the whole file as one buffer (`Dataset.fromCsv`) versus
// chunks streamed into wasm memory (`CsvReader`, what the demo does with File.stream()).
// Each mode runs in its own process so the peaks do not mix:
//   node scripts/bench-chunked.mjs FILE            (runs both and prints a comparison)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CsvReader, Dataset } from '../pkg/node/index.mjs';

const [file, mode] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/bench-chunked.mjs FILE');
  process.exit(2);
}
if (mode) {
  const t0 = performance.now();
  let ds;
  if (mode === 'whole') {
    ds = Dataset.fromCsv(fs.readFileSync(file));
  } else {
    const reader = new CsvReader(fs.statSync(file).size);
    for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) reader.push(chunk);
    ds = reader.finish();
  }
  const seconds = (performance.now() - t0) / 1000;
  const rows = ds.summary().rows;
  console.log(JSON.stringify({ mode, seconds, rows, peakRssMB: process.resourceUsage().maxRSS / 1024 }));
} else {
  const mb = fs.statSync(file).size / 1e6;
  const self = fileURLToPath(import.meta.url);
  const runs = ['whole', 'chunked'].map((m) => JSON.parse(spawnSync(process.execPath, [self, file, m], { encoding: 'utf8' }).stdout));
  for (const r of runs) {
    console.log(`${r.mode.padEnd(8)} ${r.rows} rows  ${r.seconds.toFixed(2)} s  ${(mb / r.seconds).toFixed(0)} MB/s  peak RSS ${r.peakRssMB.toFixed(0)} MB (${(r.peakRssMB / mb).toFixed(2)}× the file)`);
  }
}
