// crmkit worker: every crmkit call of the demo page runs here, off the main thread.
// Messages in:  { id, type: 'load-sample' | 'inspect-file' | 'load-file' | 'analyze' | 'add-customers' | 'crosstab'
//                | 'recommend-customer' | 'similar' | 'rejected-csv' | 'add-messages' | 'campaign-members'
//                | 'due-csv', ... }
// Messages out: { id, type: 'progress', fraction } | { id, type: 'result', result } | { id, type: 'error', error }
// No analytics here either: results are passed through, only trimmed to what the page shows.
import init, { CsvReader, Dataset, inspectCsv } from './pkg/crmkit.js';
import { wasmBytes } from './pkg/crmkit_bg_inline.js';
import { SAMPLE } from './sample.js';

// The sample comes with its synthetic message log (campaigns, A/B, control groups, a welcome scenario).
// The mapping step looks at the first 256 KiB only.
const INSPECT_BYTES = 1 << 18;
// Share of the progress bar for reading (and parsing) the file; the rest is grouping the rows.
const LOAD_SHARE = 0.95;
// The due-to-reorder list on screen: its first rows (the whole list is the CSV).
const DUE_ROWS_SHOWN = 200;

/**
 * Read a File with File.stream() straight into wasm memory (JS holds one chunk at a time); with
 * order `options`, each chunk is parsed as it arrives, so the file is never held whole.
 */
async function readFile(file, onFraction, options) {
  const reader = new CsvReader(file.size, options);
  try {
    const stream = file.stream().getReader();
    let lastReport = 0;
    for (;;) {
      const { done, value } = await stream.read();
      if (done) break;
      reader.push(value);
      if (reader.bytesRead - lastReport >= 1 << 22) {
        lastReport = reader.bytesRead;
        onFraction(reader.bytesRead / Math.max(1, file.size));
      }
    }
    return reader;
  } catch (err) {
    reader.free();
    throw err;
  }
}
const ready = init({ module_or_path: wasmBytes() });
let ds = null;
let ids = null; // ds.customerIds(), built once per dataset
// Which message log the dataset holds: 'sample', 'file' (addMessages) or null (none: the
// Campaigns tab explains what to drop instead of showing the package's errors).
let messageLog = null;

// The file the dataset was read from (null for the sample): hashed for the audit report.
let sourceFile = null;

function replace(next, log = null, file = null) {
  if (ds) ds.free();
  ds = next;
  sourceFile = file;
  ids = null;
  messageLog = log;
}

function customerIds() {
  if (!ids) ids = need().customerIds();
  return ids;
}

function need() {
  if (!ds) throw Object.assign(new Error('No data loaded'), { code: 'NO_DATA' });
  return ds;
}

function typed(...arrays) {
  return arrays.filter((a) => a && a.buffer).map((a) => a.buffer);
}

const ANALYSES = {
  // Without a language: the page names segments and groups by their keys.
  segments() {
    const d = need();
    const rfm = d.rfm();
    const deciles = d.deciles();
    const cpm = d.cpm();
    const repeat = d.repeat();
    return {
      result: {
        rfm: {
          asOf: rfm.asOf, bins: rfm.bins, customersScored: rfm.customersScored,
          customersNotScored: rfm.customersNotScored, segments: rfm.segments, grid: rfm.grid,
          edges: rfm.edges, warnings: rfm.warnings,
        },
        deciles: { asOf: deciles.asOf, customers: deciles.customers, revenue: deciles.revenue, deciles: deciles.deciles },
        cpm: { asOf: cpm.asOf, thresholds: cpm.thresholds, groups: cpm.groups, monthly: cpm.monthly },
        repeat: {
          asOf: repeat.asOf, buyers: repeat.buyers, repeatBuyers: repeat.repeatBuyers,
          repeatRate: repeat.repeatRate, f2Within: repeat.f2Within, stages: repeat.stages,
        },
      },
    };
  },
  cohorts({ metric, mode }) {
    const c = need().cohorts({ metric, mode });
    const result = {
      metric: c.metric, mode: c.mode, period: c.period, periods: c.periods, cohorts: c.cohorts,
      size: c.size, values: c.values, rates: c.rates, average: c.average,
    };
    return { result, transfer: typed(c.values, c.rates) };
  },
  recommend() {
    const d = need();
    const evaluation = d.evaluateRecommendations();
    const together = d.boughtTogether({ k: 20 });
    const ids = d.productIds();
    const names = d.productNames();
    const exampleCustomer = d.customerCount > 0 ? customerIds()[0] : '';
    return { result: { evaluation, together, exampleCustomer, products: ids.map((id, i) => ({ id, name: names[i] })) } };
  },
  // The model check (refit with the last holdoutDays held out) comes with the fit as holdoutCheck.
  clv({ holdoutDays }) {
    const c = need().clv({ holdoutDays });
    const result = {
      unit: c.unit, calibrationEnd: c.calibrationEnd, customers: c.customers, repeatCustomers: c.repeatCustomers,
      bgnbd: c.bgnbd, gammaGamma: c.gammaGamma, horizonDays: c.horizonDays, discountRate: c.discountRate,
      predictDays: c.predictDays, riskBands: c.riskBands, aliveBands: c.aliveBands, warnings: c.warnings,
      pAlive: c.pAlive, clv: c.clv, expectedPurchases: c.expectedPurchases, customerIds: customerIds(), holdoutCheck: c.holdoutCheck,
    };
    return { result, transfer: typed(c.pAlive, c.clv, c.expectedPurchases) };
  },
  // Campaigns tab: what every section needs (the campaign names for its selects, send times,
  // fatigue); the sections with their own options ask below.
  campaigns() {
    const d = need();
    if (!d.hasMessages) return { result: { log: null } };
    const names = d.campaigns({ groupBy: 'campaign' }).rows.map((r) => ({ name: r.group[0], control: r.control }));
    // The step-mail section opens on the first scenario campaign (the report names them).
    const scenario = d.messagesReport().stepCampaigns[0] ?? '';
    return { result: { log: messageLog ?? 'file', campaigns: names, scenario, sendTimes: d.sendTimes(), fatigue: d.fatigue() } };
  },
  campaignTable({ groupBy, attribution, attributionDays }) {
    return { result: need().campaigns({ groupBy, attribution, attributionDays }) };
  },
  compareVariants({ campaign, metric, baseline }) {
    return { result: need().compareVariants({ campaign, metric, baseline: baseline || undefined }) };
  },
  campaignFactors({ campaign, metric }) {
    return { result: need().campaignFactors({ campaigns: [campaign], metric }) };
  },
  stepMails({ campaign }) {
    return { result: need().stepMails({ campaign }) };
  },
  // Products tab: whether the file has a product axis (without one the tab explains which column
  // to add instead of showing the package's errors), and whether it has order times for the
  // seasonality by hour (else the package's reason). The sections with options ask below.
  products() {
    const d = need();
    const refusal = (call) => {
      try {
        call();
        return null;
      } catch (err) {
        if (err.code !== 'MISSING_COLUMN') throw err;
        return err.message;
      }
    };
    if (refusal(() => d.products()) != null) return { result: { axis: false } };
    return { result: { axis: true, hourRefusal: refusal(() => d.seasonality({ period: 'hour', items: 1 })) } };
  },
  productAbc({ by, abc }) {
    return { result: need().products({ by, abc }) };
  },
  seasonality({ by, period, items }) {
    return { result: need().seasonality({ by, period, items }) };
  },
  entryProducts({ by, minCustomers }) {
    return { result: need().entryProducts({ by, minCustomers }) };
  },
  nextProducts({ by, from }) {
    return { result: need().nextProducts({ by, from }) };
  },
  replenishment({ by }) {
    return { result: need().replenishment({ by }) };
  },
  dueToReorder(options) {
    const r = need().dueToReorder(options);
    return { result: { ...r, rows: r.rows.slice(0, DUE_ROWS_SHOWN), rowsInList: r.rows.length } };
  },
};

function errorInfo(err) {
  return {
    message: err && err.message ? String(err.message) : String(err),
    code: err && err.code ? String(err.code) : '',
    line: err && err.line != null ? err.line : null,
    option: err && err.option ? String(err.option) : '',
    params: err && err.params ? { ...err.params } : {},
  };
}

self.addEventListener('message', async (event) => {
  const msg = event.data || {};
  const { id, type } = msg;
  try {
    await ready;
    let out;
    switch (type) {
      case 'load-sample':
        replace(Dataset.synthetic(SAMPLE), 'sample');
        out = { result: ds.summary() };
        break;
      case 'inspect-file': {
        const head = new Uint8Array(await msg.file.slice(0, INSPECT_BYTES).arrayBuffer());
        // The currency choice is the load's alone (the preview does not show money).
        const { currency, ...options } = msg.options;
        out = { result: inspectCsv(head, { ...options, truncated: msg.file.size > INSPECT_BYTES }) };
        break;
      }
      case 'load-file': {
        // On failure the previous dataset stays loaded.
        const progress = (fraction) => self.postMessage({ id, type: 'progress', fraction });
        // Parsed while it is read: the progress of reading is that of the load.
        const reader = await readFile(msg.file, (f) => progress(f * LOAD_SHARE), { ...msg.options });
        const next = reader.finish();
        replace(next, null, msg.file);
        out = { result: ds.summary() };
        break;
      }
      case 'analyze': {
        const fn = ANALYSES[msg.name];
        if (!fn) throw new Error(`unknown analysis ${msg.name}`);
        out = fn(msg.options || {});
        break;
      }
      case 'add-customers': {
        const bytes = new Uint8Array(await msg.file.arrayBuffer());
        out = { result: need().addCustomers(bytes) };
        break;
      }
      case 'add-messages': {
        // On failure the previous log stays (addMessages replaces it only when the file reads).
        const bytes = new Uint8Array(await msg.file.arrayBuffer());
        out = { result: need().addMessages(bytes) };
        messageLog = 'file';
        break;
      }
      case 'campaign-members': {
        const bytes = need().campaignMembers(msg.selector);
        out = { result: bytes, transfer: [bytes.buffer] };
        break;
      }
      case 'members':
        out = { result: need().members(msg.selector) };
        break;
      case 'members-csv': {
        const bytes = need().membersCsv(msg.selector);
        out = { result: bytes, transfer: [bytes.buffer] };
        break;
      }
      case 'due-csv': {
        const bytes = need().dueToReorderCsv(msg.options);
        out = { result: bytes, transfer: [bytes.buffer] };
        break;
      }
      case 'crosstab': {
        out = { result: need().crosstab(msg.options) };
        break;
      }
      case 'recommend-customer': {
        const d = need();
        const r = d.recommend({ customers: [msg.customerId], k: msg.k ?? 10 });
        const ids = d.productIds();
        const names = d.productNames();
        const rows = Array.from(r.itemIndex, (item, i) => ({
          rank: r.rank[i], productId: ids[item], name: names[item], score: r.score[i], popularity: r.popularity[i] === 1,
        }));
        out = { result: { customerId: msg.customerId, coldStart: r.coldStartCustomers > 0, rows } };
        break;
      }
      case 'similar':
        out = { result: need().similarItems(msg.productId, msg.k ?? 10) };
        break;
      case 'audit-report': {
        // The file's SHA-256, computed here from the file on disk (the browser's own digest).
        let inputSha256;
        if (sourceFile) {
          try {
            const digest = await crypto.subtle.digest('SHA-256', await sourceFile.arrayBuffer());
            inputSha256 = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
          } catch {
            inputSha256 = undefined; // too large to hash in one piece: the report says "not given"
          }
        }
        const options = inputSha256 ? { inputSha256 } : undefined;
        out = { result: { markdown: need().auditReportMarkdown(options), report: need().auditReport(options) } };
        break;
      }
      case 'rejected-csv': {
        const bytes = need().rejectedCsv();
        out = { result: bytes, transfer: [bytes.buffer] };
        break;
      }
      default:
        throw new Error(`unknown message ${type}`);
    }
    self.postMessage({ id, type: 'result', result: out.result }, out.transfer || []);
  } catch (err) {
    self.postMessage({ id, type: 'error', error: errorInfo(err) });
  }
});
