// The Chromium side of the peer benchmark: crmkit (pkg/web, main thread) and DuckDB-WASM (the
// browser bundle with its Web Worker, files from benches/peer/node_modules) run the tasks of
// ../peer/tasks.mjs on the same bytes in the same page. run.mjs drives it phase by phase:
//   await bench.setup({ dataUrl })   fetch the CSV bytes and the SQL files (not timed)
//   await bench.crmkit({ runs, suiteRuns })
//   await bench.duckdb({ runs })     errors (e.g. out of wasm memory) come back as { error }
//   bench.compare()                  the agreement checks, in the page
import init, { CsvReader, Dataset, version } from '/pkg/web/crmkit.js';
import * as duckdb from '/benches/peer/node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser.mjs';
import { SQL_FILES, compareAll, runCrmkit, runDuckdb } from '/benches/peer/tasks.mjs';

const DIST = '/benches/peer/node_modules/@duckdb/duckdb-wasm/dist/';
const state = {};
const log = (line) => {
  console.log(`[page] ${line}`);
  document.getElementById('log').textContent += `${line}\n`;
};

/** A ReadableStream's chunks as an async iterable (without relying on for-await over streams). */
async function* chunksOf(stream) {
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

window.bench = {
  async setup({ dataUrl }) {
    let t = performance.now();
    state.wasm = await init(); // fetches /pkg/web/crmkit_bg.wasm
    const crmkitStartup = (performance.now() - t) / 1000;
    t = performance.now();
    state.bytes = new Uint8Array(await (await fetch(dataUrl)).arrayBuffer());
    const fetchSeconds = (performance.now() - t) / 1000;
    state.blob = new Blob([state.bytes]);
    state.dataUrl = dataUrl;
    state.sql = Object.fromEntries(await Promise.all(SQL_FILES.map(async (n) => [n, await (await fetch(`/benches/sql/${n}.sql`)).text()])));
    return { bytes: state.bytes.length, userAgent: navigator.userAgent, crmkitVersion: version(), crmkitStartup, fetchSeconds };
  },

  async crmkit({ runs, suiteRuns }) {
    const r = await runCrmkit({
      crmkit: { Dataset, CsvReader },
      bytes: state.bytes,
      runs,
      suiteRuns,
      wasmBytes: () => state.wasm.memory.buffer.byteLength,
      streams: {
        // what the demo page does with a dropped file: File (a Blob) .stream() into CsvReader
        'Blob.stream()': () => chunksOf(state.blob.stream()),
        // the bytes as they arrive from the local server (includes the transfer from it)
        'fetch() body': async function* () {
          yield* chunksOf((await fetch(state.dataUrl)).body);
        },
      },
      log,
    });
    state.crm = r;
    return { tasks: r.tasks, memory: r.memory, rows: r.rows, customers: r.customers, orders: r.orders, products: r.products, rejected: r.rejected };
  },

  async duckdb({ runs }) {
    const out = {};
    let t = performance.now();
    const bundle = await duckdb.selectBundle({
      mvp: { mainModule: `${DIST}duckdb-mvp.wasm`, mainWorker: `${DIST}duckdb-browser-mvp.worker.js` },
      eh: { mainModule: `${DIST}duckdb-eh.wasm`, mainWorker: `${DIST}duckdb-browser-eh.worker.js` },
    });
    const worker = new Worker(bundle.mainWorker);
    const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
    await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
    await db.open({});
    const conn = await db.connect();
    await conn.query('SET autoinstall_known_extensions = false');
    await conn.query('SET autoload_known_extensions = false');
    out.startup = (performance.now() - t) / 1000;
    out.version = (await conn.query('SELECT version() AS v')).getChild('v').get(0);
    out.threads = Number((await conn.query("SELECT current_setting('threads') AS t")).getChild('t').get(0));
    out.bundle = bundle.mainModule.endsWith('eh.wasm') ? 'eh' : bundle.mainModule.endsWith('coi.wasm') ? 'coi' : 'mvp';
    out.package = duckdb.PACKAGE_VERSION;
    try {
      const r = await runDuckdb({
        duck: {
          copyBytes: true, // registerFileBuffer transfers the buffer to the worker: a fresh copy per run
          register: (name, b) => db.registerFileBuffer(name, b),
          drop: (name) => db.dropFile(name),
          query: (q) => conn.query(q),
        },
        bytes: state.bytes,
        sql: state.sql,
        runs,
        log,
      });
      state.duck = r;
      Object.assign(out, { tasks: r.tasks, memory: r.memory, rows: r.results.rows });
    } catch (e) {
      out.error = `failed: ${String(e?.message ?? e).split('\n')[0]}`;
    }
    try {
      await conn.close();
      await db.terminate();
    } catch {
      // the worker may be gone after an out-of-memory abort
    }
    return out;
  },

  compare() {
    return state.duck ? compareAll(state.crm, state.duck) : null;
  },
};
log('ready');
