// Peak memory of loading a CSV in Node: the whole file as one buffer (`Dataset.fromCsv`) versus
// chunks pushed into wasm memory and parsed at the end (`new CsvReader(size)` … `finish()`) versus
// chunks parsed as they arrive (`new CsvReader(size, options)`, what the demo does with File.stream()).
// Each mode runs in its own process so the peaks do not mix:
//   node scripts/bench-chunked.mjs FILE            (runs both and prints a comparison)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
// pkg/node does not export its WebAssembly memory: catch the instance while it is created.
const OriginalInstance = WebAssembly.Instance;
let instance;
WebAssembly.Instance = function (module, imports) {
  const made = new OriginalInstance(module, imports);
  instance ??= made;
  return made;
};
const { CsvReader, Dataset } = await import('../pkg/node/index.mjs');
WebAssembly.Instance = OriginalInstance;
/** crmkit's WebAssembly memory (it never shrinks: its size at the end is its peak). */
const wasmMemory = () => instance.exports.memory;

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
    const reader = mode === 'streamed' ? new CsvReader(fs.statSync(file).size, {}) : new CsvReader(fs.statSync(file).size);
    for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) reader.push(chunk);
    ds = reader.finish();
  }
  const seconds = (performance.now() - t0) / 1000;
  const rows = ds.summary().rows;
  console.log(JSON.stringify({ mode, seconds, rows, peakRssMB: process.resourceUsage().maxRSS / 1024, wasmMB: wasmMemory().buffer.byteLength / 1e6 }));
} else {
  const mb = fs.statSync(file).size / 1e6;
  const self = fileURLToPath(import.meta.url);
  const runs = ['whole', 'chunked', 'streamed'].map((m) => JSON.parse(spawnSync(process.execPath, [self, file, m], { encoding: 'utf8' }).stdout));
  for (const r of runs) {
    console.log(`${r.mode.padEnd(8)} ${r.rows} rows  ${r.seconds.toFixed(2)} s  ${(mb / r.seconds).toFixed(0)} MB/s  peak RSS ${r.peakRssMB.toFixed(0)} MB (${(r.peakRssMB / mb).toFixed(2)}× the file), wasm memory ${r.wasmMB.toFixed(0)} MB (${(r.wasmMB / mb).toFixed(2)}×)`);
  }
}
