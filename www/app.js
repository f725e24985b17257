// crmkit demo page: a thin renderer. Every crmkit call runs in worker.js; this thread only
// renders results. The page's CSP has connect-src 'none': it cannot send anything anywhere.
import { STRINGS, defaultLang, formatters } from './i18n.js';
import { PALETTE, barChart, heat, lineChart } from './charts.js';

const $ = (sel) => document.querySelector(sel);
const els = {
  fileInput: $('#file-input'),
  dropZone: $('#drop-zone'),
  status: $('#status'),
  error: $('#error'),
  sampleBtn: $('#load-sample'),
  cancelBtn: $('#cancel'),
  progress: $('#progress'),
  langToggle: $('#lang-toggle'),
  sourceName: $('#source-name'),
  byMonth: $('#by-month tbody'),
  monthChart: $('#month-chart'),
  mapping: $('#mapping tbody'),
  unmapped: $('#unmapped'),
  warningsPanel: $('#warnings-panel'),
  warnings: $('#warnings'),
  rejected: $('#rejected'),
  rejectedSummary: $('#rejected-summary'),
  rejectedBody: $('#rejected-table tbody'),
  downloadRejected: $('#download-rejected'),
  memory: $('#memory'),
  cohortMetric: $('#cohort-metric'),
  cohortMode: $('#cohort-mode'),
  similarForm: $('#similar-form'),
  productId: $('#product-id'),
  customerForm: $('#customer-form'),
  attrInput: $('#attr-input'),
  attrReport: $('#attr-report'),
  ctRows: $('#ct-rows'),
  ctCols: $('#ct-cols'),
  ctMetric: $('#ct-metric'),
  crosstabForm: $('#crosstab-form'),
  customerId: $('#customer-id'),
  productList: $('#product-list'),
  mappingStep: $('#mapping-step'),
  mappingStepState: $('#mapping-step-state'),
  mapEncoding: $('#map-encoding'),
  mapDelimiter: $('#map-delimiter'),
  mappingProblem: $('#mapping-problem'),
  fieldMap: $('#field-map tbody'),
  preview: $('#preview'),
  previewCaption: $('#preview-caption'),
  applyMapping: $('#apply-mapping'),
};
const TABS = ['overview', 'segments', 'cohorts', 'recommend', 'clv'];

// ---------- language ----------
let lang = defaultLang();
let S = STRINGS[lang];
let F = formatters(lang);

function applyStaticLabels() {
  document.documentElement.lang = lang;
  for (const node of document.querySelectorAll('[data-i18n]')) {
    const v = S[node.dataset.i18n];
    if (typeof v === 'string') node.textContent = v;
  }
  for (const node of document.querySelectorAll('[data-i18n-label]')) node.setAttribute('aria-label', S[node.dataset.i18nLabel]);
  els.langToggle.textContent = S.langToggle;
  els.langToggle.lang = lang === 'ja' ? 'en' : 'ja';
  els.langToggle.setAttribute('aria-label', S.langToggleLabel);
  for (const tool of document.querySelectorAll('.table-tools')) labelTools(tool);
  // Metric definitions as tooltips on the KPI labels.
  for (const dd of document.querySelectorAll('[data-kpi]')) {
    const def = S.defs[dd.dataset.kpi];
    const dt = dd.previousElementSibling;
    if (def && dt) dt.title = def;
    else if (dt) dt.removeAttribute('title');
  }
}

// ---------- DOM helpers (textContent only: file contents are never parsed as HTML) ----------
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v == null) continue;
    if (k === 'className') node.className = v;
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c != null && c !== '') node.append(c instanceof Node ? c : String(c));
  return node;
}
const td = (text, className, value) =>
  el('td', { className, dataset: value === undefined ? undefined : { value: value == null ? '' : String(value) } }, text);
const numTd = (text, value) => td(text, 'num', value);

// ---------- tables: CSV / Copy ----------
function tableMatrix(table) {
  return [...table.rows].map((tr) =>
    [...tr.cells].map((c) => {
      const v = c.dataset.value;
      if (v !== undefined && v !== '' && Number.isFinite(Number(v))) return { num: true, s: v };
      return { num: false, s: c.textContent.trim() };
    }),
  );
}
// As crmkit's own CSV: text starting with = + - @ is prefixed with ' (no formula injection).
function csvCell({ num, s }) {
  let t = !num && /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  if (/[",\r\n]/.test(t)) t = `"${t.replace(/"/g, '""')}"`;
  return t;
}
function tableCsv(table) {
  return tableMatrix(table).map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
function tableTsv(table) {
  return tableMatrix(table).map((r) => r.map((c) => c.s.replace(/[\t\r\n]+/g, ' ')).join('\t')).join('\n');
}
function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: filename, className: 'hidden-link' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
function labelTools(tool) {
  const title = tool.dataset.title ? S[tool.dataset.title] || tool.dataset.title : '';
  const [csvBtn, copyBtn] = tool.querySelectorAll('button');
  csvBtn.textContent = S.csv;
  copyBtn.textContent = S.copy;
  csvBtn.setAttribute('aria-label', S.csvOf(title));
  copyBtn.setAttribute('aria-label', S.copyOf(title));
}
/** A CSV + Copy toolbar for `table`; titleKey names it (i18n key or literal). */
function tableTools(table, titleKey) {
  const note = el('span', { className: 'copy-note', role: 'status' });
  const csvBtn = el('button', { type: 'button', className: 'small secondary', dataset: { action: 'csv' } });
  const copyBtn = el('button', { type: 'button', className: 'small secondary', dataset: { action: 'copy' } });
  csvBtn.addEventListener('click', () => {
    const blob = new Blob(['\ufeff', tableCsv(table)], { type: 'text/csv;charset=utf-8' });
    download(blob, `${table.dataset.file || table.id || 'table'}.csv`);
  });
  copyBtn.addEventListener('click', async () => {
    const clip = navigator.clipboard;
    try {
      if (!clip || !clip.writeText) throw new Error('no clipboard');
      await clip.writeText(tableTsv(table));
      note.textContent = S.copied;
    } catch {
      note.textContent = S.copyUnavailable;
    }
    setTimeout(() => (note.textContent = ''), 2500);
  });
  const tool = el('div', { className: 'table-tools', dataset: { title: titleKey, for: table.id } }, csvBtn, copyBtn, note);
  labelTools(tool);
  return tool;
}
/** <section> with a heading, the tools and the table (in a scroll wrapper). */
function tableBlock(title, table, ...extra) {
  return el(
    'section',
    { className: 'block' },
    el('div', { className: 'block-head' }, el('h3', {}, title), tableTools(table, title)),
    ...extra,
    el('div', { className: 'table-wrap' }, table),
  );
}
/** columns: [{ label, num }]; rows: arrays of <td>/<th> nodes. */
function makeTable(id, columns, rows, props = {}) {
  return el(
    'table',
    { id, dataset: { file: props.file || id }, className: props.className || 'sortable' },
    el('thead', {}, el('tr', {}, ...columns.map((c) => el('th', { scope: 'col', className: c.num ? 'num' : null, tabindex: props.className ? null : '0' }, c.label)))),
    el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r))),
    props.foot ? el('tfoot', {}, ...props.foot.map((r) => el('tr', {}, ...r))) : '',
  );
}
const rowTh = (text) => el('th', { scope: 'row' }, text);

// Column sorting on header click (display order only; tables without .heatmap).
function cellKey(cell) {
  const v = cell && cell.dataset.value;
  if (v !== undefined && v !== '' && Number.isFinite(Number(v))) return Number(v);
  return cell ? cell.textContent.trim() : '';
}
function sortBy(th) {
  const table = th.closest('table');
  const col = th.cellIndex;
  const dir = th.getAttribute('aria-sort') === 'descending' ? 'ascending' : 'descending';
  for (const h of table.tHead.rows[0].cells) h.removeAttribute('aria-sort');
  th.setAttribute('aria-sort', dir);
  const body = table.tBodies[0];
  const rows = [...body.rows];
  const sign = dir === 'ascending' ? 1 : -1;
  rows.sort((a, b) => {
    const x = cellKey(a.cells[col]);
    const y = cellKey(b.cells[col]);
    if (typeof x === 'number' && typeof y === 'number') return sign * (x - y);
    return sign * String(x).localeCompare(String(y), lang);
  });
  body.append(...rows);
}
document.addEventListener('click', (e) => {
  const th = e.target.closest && e.target.closest('table.sortable thead th');
  if (th) sortBy(th);
});
document.addEventListener('keydown', (e) => {
  const th = e.target.closest && e.target.closest('table.sortable thead th');
  if (th && (e.key === 'Enter' || e.key === ' ')) {
    e.preventDefault();
    sortBy(th);
  }
});

// ---------- worker ----------
let worker = null;
let nextId = 1;
const pending = new Map(); // id -> { resolve, reject, onProgress }

function startWorker() {
  worker = new Worker('./worker.js', { type: 'module' });
  worker.addEventListener('message', (e) => {
    const msg = e.data;
    const p = pending.get(msg.id);
    if (!p) return;
    if (msg.type === 'progress') {
      if (p.onProgress) p.onProgress(msg.fraction);
      return;
    }
    pending.delete(msg.id);
    updateBusy();
    if (msg.type === 'result') p.resolve(msg.result);
    else p.reject(Object.assign(new Error(msg.error.message), msg.error));
  });
  worker.addEventListener('error', (e) => {
    e.preventDefault();
    const err = new Error(e.message || 'worker failed');
    for (const p of pending.values()) p.reject(err);
    pending.clear();
    updateBusy();
  });
}
function call(type, payload = {}, transfer = [], onProgress = null) {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject, onProgress });
    updateBusy();
    worker.postMessage({ id, type, ...payload }, transfer);
  });
}
function updateBusy() {
  els.cancelBtn.disabled = pending.size === 0 && !loading;
  els.attrInput.disabled = loading || !current;
  const i = mapState && mapState.inspection;
  els.applyMapping.disabled = loading || !i || !!mapState.error || i.missing.length > 0;
}

// ---------- state ----------
let loading = false;
// { file, options, inspection, error, applied } while a file is being mapped or was loaded.
let mapState = null;
let current = null; // { summary, name, label } of the dataset loaded in the worker
let lastGood = { kind: 'sample' }; // what to reload after a cancel
let gen = 0; // bumps with every dataset
const results = {}; // tab -> { gen, key, data | error }
let activeTab = 'overview';

function setState(state) {
  document.body.dataset.state = state;
}
let statusFn = null; // re-run on a language change
function setStatus(text) {
  statusFn = typeof text === 'function' ? text : null;
  els.status.textContent = statusFn ? statusFn() : text;
}
function clearError() {
  els.error.hidden = true;
  els.error.replaceChildren();
}
function errorDetails(err) {
  const details = [];
  if (err && err.code) details.push(`code: ${err.code}`);
  if (err && err.line != null) details.push(`line ${err.line}`);
  if (err && err.option) details.push(`option: ${err.option}`);
  return details.join(' · ');
}
function showError(err, what) {
  const details = errorDetails(err);
  els.error.replaceChildren(
    el('strong', {}, S.couldNotLoad(what)),
    el('p', { className: 'error-message' }, err && err.message ? String(err.message) : String(err)),
    details ? el('p', { className: 'error-code' }, details) : '',
  );
  els.error.hidden = false;
  setStatus(() => S.loadFailed(what));
  setState('error');
}

// ---------- overview ----------
function setKpi(name, value, text) {
  const node = document.querySelector(`[data-kpi="${name}"]`);
  node.dataset.value = value == null ? '' : String(value);
  node.textContent = text;
  node.title = text;
}
function renderKpis(s) {
  setKpi('rows', s.rows, F.int(s.rows));
  setKpi('rowsRejected', s.rowsRejected, F.int(s.rowsRejected));
  setKpi('customers', s.customers, F.int(s.customers));
  setKpi('orders', s.orders, F.int(s.orders));
  setKpi('revenue', s.revenue, F.yen(s.revenue));
  setKpi('aov', s.aov, F.yen(s.aov));
  setKpi('repeatRate', s.repeatRate, F.pct(s.repeatRate));
  setKpi('firstDate', s.firstDate, s.firstDate ?? '—');
  setKpi('lastDate', s.lastDate, s.lastDate ?? '—');
  document.querySelector('[data-kpi="rowsRejected"]').classList.toggle('bad', s.rowsRejected > 0);
}
function renderByMonth(s) {
  els.byMonth.replaceChildren(
    ...s.byMonth.map((m) =>
      el(
        'tr',
        { dataset: { month: m.month } },
        el('th', { scope: 'row' }, m.month),
        numTd(F.int(m.customers), m.customers),
        numTd(F.int(m.newCustomers), m.newCustomers),
        numTd(F.int(m.repeatCustomers), m.repeatCustomers),
        numTd(F.int(m.orders), m.orders),
        numTd(F.yen(m.revenue), m.revenue),
        numTd(F.yen(m.aov), m.aov),
        numTd(F.dec2(m.ordersPerCustomer), m.ordersPerCustomer),
      ),
    ),
  );
  if (s.byMonth.length === 0) {
    els.byMonth.replaceChildren(el('tr', {}, el('td', { colspan: '8', className: 'empty' }, S.noOrders)));
  }
  els.monthChart.replaceChildren();
  if (s.byMonth.length) {
    els.monthChart.append(
      barChart({
        title: S.monthChart,
        bars: s.byMonth.map((m) => ({
          label: m.month,
          parts: [m.newRevenue, m.repeatRevenue],
          title: `${m.month}: ${S.newRevenue} ${F.yen(m.newRevenue)} / ${S.repeatRevenue} ${F.yen(m.repeatRevenue)}`,
        })),
        colors: ['#0b6e69', '#e08a00'],
        legend: [S.newRevenue, S.repeatRevenue],
        format: F.yen,
        labelEvery: Math.max(1, Math.ceil(s.byMonth.length / 12)),
      }),
      el('figcaption', { className: 'visually-hidden' }, S.monthChart),
    );
  }
}
function renderSource(s, name) {
  const src = s.source;
  const set = (field, text) => {
    document.querySelector(`#source [data-field="${field}"]`).textContent = text;
  };
  const delims = { ',': `, (${S.comma})`, '\t': 'TAB', ';': `; (${S.semicolon})`, '|': `| (${S.pipe})` };
  const amounts = { amount: S.amountCol, 'quantity*unitPrice': S.qtyTimesPrice, unitPrice: S.unitPriceOnly };
  set('kind', src.kind === 'synthetic' ? S.sampleSource : `CSV: ${name}`);
  set('encoding', src.encoding || '—');
  set('delimiter', src.delimiter ? (delims[src.delimiter] ?? src.delimiter) : '—');
  set('bytes', src.kind === 'synthetic' ? '—' : F.bytes(src.bytes));
  set('amountSource', amounts[src.amountSource] ?? src.amountSource ?? '—');
  if (src.columns.length === 0) {
    els.mapping.replaceChildren(el('tr', {}, el('td', { colspan: '4', className: 'empty' }, `— (${S.sampleSource})`)));
  } else {
    els.mapping.replaceChildren(
      ...src.columns.map((c) =>
        el(
          'tr',
          { dataset: { field: c.field } },
          td(c.header, 'header'),
          el('td', { className: 'field' }, el('code', {}, c.field), ' ', el('span', { className: 'muted' }, S.fields[c.field] ?? '')),
          numTd(String(c.index + 1), c.index + 1),
          td(c.matchedBy === 'option' ? S.matchedOption : S.matchedAuto),
        ),
      ),
    );
  }
  els.unmapped.textContent = src.unmappedHeaders.length ? src.unmappedHeaders.join(', ') : S.none;
}
function renderWarnings(s) {
  els.warnings.replaceChildren(
    ...s.warnings.map((w) =>
      el('li', { dataset: { code: w.code } }, w.line != null ? el('span', { className: 'line' }, S.lineN(w.line)) : '', w.message, ' ', el('code', {}, w.code)),
    ),
  );
  els.warningsPanel.hidden = s.warnings.length === 0;
}
function renderRejected(s) {
  els.rejected.hidden = s.rowsRejected === 0;
  if (s.rowsRejected === 0) {
    els.rejectedBody.replaceChildren();
    els.rejectedSummary.textContent = '';
    return;
  }
  const byReason = s.rejectedByReason.map((r) => `${r.code} ${F.int(r.count)}`).join(', ');
  els.rejectedSummary.textContent = S.rejectedSummary(F.int(s.rowsRejected), byReason, s.rejectedTruncated ? F.int(s.rejected.length) : '');
  els.rejectedBody.replaceChildren(
    ...s.rejected.map((r) => el('tr', { dataset: { line: String(r.line) } }, numTd(F.int(r.line), r.line), el('td', {}, el('code', {}, r.code)), td(r.reason))),
  );
}
function renderOverview() {
  if (!current) return;
  const { summary: s, name } = current;
  renderKpis(s);
  renderByMonth(s);
  renderSource(s, name);
  renderWarnings(s);
  renderRejected(s);
  els.sourceName.textContent = s.source.kind === 'synthetic' ? `— ${S.sample}` : `— ${name}`;
  els.memory.textContent = `wasm memory ${F.bytes(s.memoryBytes)}`;
  $('#panel-overview').dataset.state = 'ready';
}

// ---------- lazy analysis tabs ----------
function cohortOptions() {
  return { metric: els.cohortMetric.value, mode: els.cohortMode.value };
}
const TAB_REQUESTS = {
  segments: () => ({ key: lang, options: { lang } }),
  cohorts: () => {
    const options = cohortOptions();
    return { key: `${options.metric}/${options.mode}`, options };
  },
  recommend: () => ({ key: '', options: {} }),
  // The first and last order dates (from the loaded summary) place the model-check holdout.
  clv: () => ({ key: '', options: { firstDate: current.summary.firstDate, lastDate: current.summary.lastDate } }),
};
const RENDERERS = {};

function panelBody(tab) {
  return $(`#${tab}-body`);
}
function showPanelMessage(tab, text, cls) {
  panelBody(tab).replaceChildren(el('p', { className: cls }, text));
}
function showPanelError(tab, err) {
  const details = errorDetails(err);
  panelBody(tab).replaceChildren(
    el(
      'div',
      { className: 'error', role: 'alert' },
      el('strong', {}, tab === 'clv' ? S.clvRefused : S.error),
      el('p', { className: 'error-message' }, err.message),
      details ? el('p', { className: 'error-code' }, details) : '',
    ),
  );
}

/** Render `tab` from the cache, or ask the worker (once per dataset / options). */
async function openPanel(tab) {
  if (tab === 'overview') return renderOverview();
  const panel = $(`#panel-${tab}`);
  if (!current || loading) {
    panel.dataset.state = 'loading';
    showPanelMessage(tab, S.computing, 'muted');
    return;
  }
  const { key, options } = TAB_REQUESTS[tab]();
  const cached = results[tab];
  if (cached && cached.gen === gen && cached.key === key) {
    if (cached.error) {
      showPanelError(tab, cached.error);
      panel.dataset.state = 'error';
    } else {
      RENDERERS[tab](cached.data);
      panel.dataset.state = 'ready';
    }
    return;
  }
  if (cached && cached.inflight === `${gen}|${key}`) return;
  results[tab] = { inflight: `${gen}|${key}` };
  panel.dataset.state = 'loading';
  showPanelMessage(tab, S.computing, 'muted');
  const myGen = gen;
  try {
    const data = await call('analyze', { name: tab, options });
    if (myGen !== gen) return;
    results[tab] = { gen: myGen, key, data };
  } catch (err) {
    if (err.cancelled || myGen !== gen) return;
    results[tab] = { gen: myGen, key, error: err };
  }
  if (activeTab === tab) openPanel(tab);
}

// Segments
RENDERERS.segments = (d) => {
  const { rfm, deciles, cpm, repeat } = d;
  const segTable = makeTable(
    'rfm-table',
    [{ label: S.segment }, { label: S.customers, num: true }, { label: S.share, num: true }, { label: S.revenue, num: true }, { label: S.revenueShare, num: true }],
    rfm.segments.map((s) => [
      el('th', { scope: 'row', dataset: { key: s.key } }, s.name),
      numTd(F.int(s.customers), s.customers),
      numTd(F.pct(s.share), s.share),
      numTd(F.yen(s.revenue), s.revenue),
      numTd(F.pct(s.revenueShare), s.revenueShare),
    ]),
  );
  // R × F grid: R from high (top) to low, F from low (left) to high.
  const bins = rfm.grid.bins;
  const max = Math.max(1, ...rfm.grid.customers);
  const fCols = Array.from({ length: bins }, (_, i) => i + 1);
  const gridRows = [];
  for (let r = bins; r >= 1; r--) {
    gridRows.push([
      el('th', { scope: 'row' }, `R${r}`),
      ...fCols.map((f) => {
        const i = (r - 1) * bins + (f - 1);
        const n = rfm.grid.customers[i];
        const cell = numTd(F.int(n), n);
        const c = heat(n / max);
        cell.style.backgroundColor = c.bg;
        cell.style.color = c.fg;
        cell.title = `R${r} F${f}: ${F.int(n)} / ${F.yen(rfm.grid.revenue[i])}`;
        return cell;
      }),
    ]);
  }
  const grid = makeTable('rf-grid', [{ label: 'R \\ F' }, ...fCols.map((f) => ({ label: `F${f}`, num: true }))], gridRows, {
    className: 'heatmap',
  });
  const decTable = makeTable(
    'decile-table',
    [
      { label: S.decile }, { label: S.customers, num: true }, { label: S.revenue, num: true }, { label: S.share, num: true },
      { label: S.cumulativeShare, num: true }, { label: S.orders, num: true }, { label: S.aov, num: true },
      { label: S.minSpend, num: true }, { label: S.maxSpend, num: true },
    ],
    deciles.deciles.map((x) => [
      el('th', { scope: 'row', dataset: { value: String(x.decile) } }, String(x.decile)),
      numTd(F.int(x.customers), x.customers),
      numTd(F.yen(x.revenue), x.revenue),
      numTd(F.pct(x.share), x.share),
      numTd(F.pct(x.cumulativeShare), x.cumulativeShare),
      numTd(F.int(x.orders), x.orders),
      numTd(F.yen(x.aov), x.aov),
      numTd(F.yen(x.minSpend), x.minSpend),
      numTd(F.yen(x.maxSpend), x.maxSpend),
    ]),
  );
  const cpmTable = makeTable(
    'cpm-table',
    [
      { label: S.group }, { label: S.customers, num: true }, { label: S.share, num: true }, { label: S.revenue, num: true },
      { label: S.revenueShare, num: true }, { label: S.meanSpend, num: true }, { label: S.meanPurchases, num: true },
    ],
    cpm.groups.map((g) => [
      el('th', { scope: 'row', dataset: { key: g.key } }, g.name),
      numTd(F.int(g.customers), g.customers),
      numTd(F.pct(g.share), g.share),
      numTd(F.yen(g.revenue), g.revenue),
      numTd(F.pct(g.revenueShare), g.revenueShare),
      numTd(F.yen(g.meanSpend), g.meanSpend),
      numTd(F.dec2(g.meanPurchases), g.meanPurchases),
    ]),
  );
  const f2Table = makeTable(
    'f2-table',
    [{ label: S.windowDays }, { label: S.eligible, num: true }, { label: S.converted, num: true }, { label: S.rate, num: true }],
    repeat.f2Within.map((w) => [
      el('th', { scope: 'row', dataset: { value: String(w.days) } }, S.days(w.days)),
      numTd(F.int(w.eligible), w.eligible),
      numTd(F.int(w.converted), w.converted),
      numTd(w.rate == null ? '—' : F.pct(w.rate), w.rate),
    ]),
  );
  panelBody('segments').replaceChildren(
    el(
      'section',
      { className: 'panel' },
      el('h2', {}, S.rfmTitle),
      el('p', { className: 'muted' }, `${S.asOf}: ${rfm.asOf} · ${S.customers}: ${F.int(rfm.customersScored)}`),
      tableBlock(S.rfmTitle, segTable),
      tableBlock(S.rfGrid, grid, el('p', { className: 'axis-note muted' }, `↓ ${S.rScore} · → ${S.fScore}`)),
    ),
    el('section', { className: 'panel' }, tableBlock(S.decilesTitle, decTable)),
    el('section', { className: 'panel' }, tableBlock(S.cpmTitle, cpmTable)),
    el(
      'section',
      { className: 'panel' },
      tableBlock(S.repeatTitle, f2Table, el('p', { className: 'muted' }, `${S.repeatRate}: ${F.pct(repeat.repeatRate)} (${F.int(repeat.repeatBuyers)} / ${F.int(repeat.buyers)})`)),
    ),
  );
  runCrosstab();
};

// Cohorts
RENDERERS.cohorts = (d) => {
  const isRevenue = d.metric !== 'customers';
  const fmt = isRevenue ? F.yen : F.pct;
  const nP = d.periods.length;
  // Colour scale: revenue by the largest cell; retention by the largest cell after period 0
  // (period 0 is 100% by definition and would wash out the rest).
  let max = 0;
  for (let i = 0; i < d.cohorts.length; i++) {
    for (let k = isRevenue ? 0 : 1; k < nP; k++) {
      const v = d.rates[i * nP + k];
      if (Number.isFinite(v) && v > max) max = v;
    }
  }
  const cell = (v) => {
    if (!Number.isFinite(v)) return td('', 'num nan', '');
    const c = numTd(fmt(v), v);
    const h = heat(max > 0 ? v / max : 0);
    c.style.backgroundColor = h.bg;
    c.style.color = h.fg;
    return c;
  };
  const table = makeTable(
    'cohort-table',
    [{ label: S.cohort }, { label: S.size, num: true }, ...d.periods.map((p) => ({ label: p, num: true }))],
    d.cohorts.map((c, i) => [
      el('th', { scope: 'row' }, c.label),
      numTd(F.int(c.size), c.size),
      ...d.periods.map((_, k) => cell(d.rates[i * nP + k])),
    ]),
    { className: 'heatmap cohort', foot: [[el('th', { scope: 'row' }, S.average), numTd(F.int(d.size), d.size), ...d.average.map((v) => cell(v))]] },
  );
  const metricName = isRevenue ? S.metricCumRev : S.metricCustomers;
  // Curves: the size-weighted average (bold) and up to 8 cohorts spread over the range, newest last.
  const step = Math.max(1, Math.ceil(d.cohorts.length / 8));
  const picked = d.cohorts.map((c, i) => i).filter((i) => (d.cohorts.length - 1 - i) % step === 0).slice(-8);
  const curves = lineChart({
    title: `${metricName} — ${S.curvesTitle}`,
    xLabels: d.periods,
    format: fmt,
    labelEvery: Math.max(1, Math.ceil(nP / 12)),
    series: [
      ...picked.map((i, j) => ({ label: d.cohorts[i].label, values: d.periods.map((_, k) => d.rates[i * nP + k]), color: PALETTE[j % PALETTE.length] })),
      { label: S.average, values: d.average, color: '#1b2430', width: 3.5 },
    ],
  });
  panelBody('cohorts').replaceChildren(
    tableBlock(`${metricName} · ${d.mode === 'rolling' ? S.modeRolling : S.modePeriod}`, table, el('p', { className: 'muted' }, `→ ${S.monthsSince}`)),
    el('section', { className: 'block' }, el('div', { className: 'block-head' }, el('h3', {}, isRevenue ? S.ltvCurves : S.retentionCurves)), el('figure', { className: 'chart-box', id: 'cohort-curves' }, curves)),
  );
};

// Recommendations
const METRICS = ['hit', 'precision', 'recall', 'ndcg', 'map', 'coverage'];
RENDERERS.recommend = (d) => {
  const ev = d.evaluation;
  const evalTable = makeTable(
    'eval-table',
    [{ label: S.measure }, { label: S.model, num: true }, { label: S.popularity, num: true }],
    METRICS.map((m) => [
      el('th', { scope: 'row', dataset: { metric: m } }, m === 'coverage' ? S[m] : `${S[m]}@${ev.k}`),
      numTd(F.pct(ev.model[m]), ev.model[m]),
      numTd(F.pct(ev.popularity[m]), ev.popularity[m]),
    ]),
  );
  const togetherTable = makeTable(
    'together-table',
    [
      { label: S.antecedent }, { label: S.consequent }, { label: S.orders, num: true }, { label: S.support, num: true },
      { label: S.confidence, num: true }, { label: S.lift, num: true },
    ],
    d.together.rules.map((r) => [
      td(`${r.antecedent} ${r.antecedentName}`),
      td(`${r.consequent} ${r.consequentName}`),
      numTd(F.int(r.orders), r.orders),
      numTd(F.pct(r.support), r.support),
      numTd(F.pct(r.confidence), r.confidence),
      numTd(F.dec2(r.lift), r.lift),
    ]),
  );
  els.productList.replaceChildren(...d.products.map((p) => el('option', { value: p.id }, p.name)));
  if (!els.productId.value && d.products.length) els.productId.value = d.products[0].id;
  if (!els.customerId.value && d.exampleCustomer) els.customerId.value = d.exampleCustomer;
  panelBody('recommend').replaceChildren(
    el('section', { className: 'panel' }, tableBlock(S.evalTitle, evalTable, el('p', { className: 'muted' }, S.evalNote(F.int(ev.customersEvaluated), ev.k)))),
    el('section', { className: 'panel' }, tableBlock(S.togetherTitle, togetherTable)),
  );
};

// Lookups on the Recommendations tab: similar products of a product, recommendations for a
// customer. The last result of each is kept and re-rendered on a language change.
const LOOKUPS = {
  similar: {
    input: () => els.productId,
    body: () => $('#similar-body'),
    request: (id) => ['similar', { productId: id, k: 10 }],
    items: (result) => result,
    empty: () => S.noSimilar,
    render: (id, items) =>
      tableBlock(
        `${S.similarTitle}: ${id}`,
        makeTable(
          'similar-table',
          [{ label: S.productId }, { label: S.product }, { label: S.similarity, num: true }, { label: S.together, num: true }],
          items.map((x) => [td(x.productId), td(x.name), numTd(F.dec4(x.similarity), x.similarity), numTd(F.int(x.together), x.together)]),
        ),
      ),
  },
  customer: {
    input: () => els.customerId,
    body: () => $('#customer-rec-body'),
    request: (id) => ['recommend-customer', { customerId: id, k: 10 }],
    items: (result) => result.rows,
    empty: () => S.noRecs,
    render: (id, r) =>
      tableBlock(
        `${S.recsFor}: ${id}${r.coldStart ? ` (${S.coldStart})` : ''}`,
        makeTable(
          'customer-rec-table',
          [{ label: S.rank, num: true }, { label: S.productId }, { label: S.product }, { label: S.score, num: true }, { label: S.source }],
          r.rows.map((x) => [
            numTd(String(x.rank), x.rank),
            td(x.productId),
            td(x.name),
            numTd(F.dec4(x.score), x.score),
            td(x.popularity ? S.fromPopularity : S.fromItems),
          ]),
        ),
      ),
  },
};
const lookupShown = { similar: null, customer: null }; // { id, result | error }

function renderLookup(name) {
  const spec = LOOKUPS[name];
  const shown = lookupShown[name];
  const body = spec.body();
  if (!shown) return body.replaceChildren();
  if (shown.error) {
    const details = errorDetails(shown.error);
    return body.replaceChildren(el('p', { className: 'error', role: 'alert' }, shown.error.message, details ? ` (${details})` : ''));
  }
  if (spec.items(shown.result).length === 0) return body.replaceChildren(el('p', { className: 'muted' }, spec.empty()));
  body.replaceChildren(spec.render(shown.id, shown.result));
}
function renderLookups() {
  for (const name of Object.keys(LOOKUPS)) renderLookup(name);
}
function clearLookups() {
  for (const name of Object.keys(LOOKUPS)) lookupShown[name] = null;
  renderLookups();
}
async function runLookup(name) {
  const spec = LOOKUPS[name];
  const id = spec.input().value.trim();
  if (!id || !current || loading) return;
  const body = spec.body();
  body.dataset.state = 'loading';
  const myGen = gen;
  try {
    const result = await call(...spec.request(id));
    if (myGen !== gen) return;
    lookupShown[name] = { id, result };
  } catch (err) {
    if (err.cancelled) return;
    lookupShown[name] = { id, error: err };
  }
  renderLookup(name);
  body.dataset.state = 'ready';
}

// CLV
RENDERERS.clv = (d) => {
  const params = [
    ['BG/NBD r', d.bgnbd.r], ['BG/NBD α', d.bgnbd.alpha], ['BG/NBD a', d.bgnbd.a], ['BG/NBD b', d.bgnbd.b],
    ['Gamma-Gamma p', d.gammaGamma.p], ['Gamma-Gamma q', d.gammaGamma.q], ['Gamma-Gamma v', d.gammaGamma.v],
  ];
  const paramTable = makeTable(
    'clv-params',
    [{ label: S.parameter }, { label: S.value, num: true }],
    params.map(([name, v]) => [el('th', { scope: 'row' }, name), numTd(F.dec4(v), v)]),
  );
  const bandTable = (id, bands) =>
    makeTable(
      id,
      [{ label: S.band }, { label: S.customers, num: true }, { label: S.clv, num: true }, { label: S.pastRevenue, num: true }],
      bands.map((b) => [
        el('th', { scope: 'row', dataset: { band: b.band } }, S.bands[b.band] ?? b.band),
        numTd(F.int(b.customers), b.customers),
        numTd(F.yen(b.clv), b.clv),
        numTd(F.yen(b.pastRevenue), b.pastRevenue),
      ]),
    );
  // Display binning of P(alive) in tenths.
  const counts = new Array(10).fill(0);
  for (const p of d.pAlive) if (Number.isFinite(p)) counts[Math.min(9, Math.max(0, Math.floor(p * 10)))]++;
  const hist = barChart({
    title: S.histTitle,
    bars: counts.map((n, i) => ({ label: (i / 10).toFixed(1), parts: [n], title: `${S.histAxis} ${(i / 10).toFixed(1)}–${((i + 1) / 10).toFixed(1)}: ${F.int(n)}` })),
    colors: ['#0b6e69'],
    legend: [S.customers],
    format: F.int,
    width: 440,
    height: 240,
  });
  // Display order: the 20 largest CLVs.
  const idx = [];
  for (let i = 0; i < d.clv.length; i++) if (Number.isFinite(d.clv[i])) idx.push(i);
  idx.sort((a, b) => d.clv[b] - d.clv[a]);
  const top = idx.slice(0, 20);
  const topTable = makeTable(
    'clv-top',
    [{ label: S.rank, num: true }, { label: S.customerId }, { label: S.clv, num: true }, { label: S.pAlive, num: true }, { label: S.expectedPurchases(d.predictDays), num: true }],
    top.map((i, r) => [
      numTd(String(r + 1), r + 1),
      td(d.customerIds[i]),
      numTd(F.yen(d.clv[i]), d.clv[i]),
      numTd(F.pct(d.pAlive[i]), d.pAlive[i]),
      numTd(F.dec2(d.expectedPurchases[i]), d.expectedPurchases[i]),
    ]),
  );
  panelBody('clv').replaceChildren(
    el(
      'section',
      { className: 'panel' },
      el('h2', {}, S.clvTitle),
      el('p', { className: 'muted' }, `${S.calibrationEnd}: ${d.calibrationEnd} · ${S.customers}: ${F.int(d.customers)} · ${S.horizon(d.horizonDays)}`),
      el(
        'div',
        { className: 'two-col' },
        tableBlock(S.clvParams, paramTable),
        el('section', { className: 'block' }, el('div', { className: 'block-head' }, el('h3', {}, S.histTitle)), el('figure', { className: 'chart-box', id: 'palive-hist' }, hist)),
      ),
    ),
    el('section', { className: 'panel two-col' }, tableBlock(S.riskTitle, bandTable('clv-risk', d.riskBands)), tableBlock(S.aliveTitle, bandTable('clv-alive', d.aliveBands))),
    el('section', { className: 'panel' }, tableBlock(S.topTitle, topTable)),
    validationSection(d.validation),
  );
};

/** Calibration / holdout check of the CLV model (lifetimes' plot_calibration_purchases_vs_holdout_purchases). */
function validationSection(v) {
  const box = el('section', { className: 'panel', id: 'clv-validation' }, el('h2', {}, S.validationTitle));
  if (!v) return box.append(el('p', { className: 'muted' }, S.validationSkipped)), box;
  if (v.error) return box.append(el('p', { className: 'error', role: 'alert' }, v.error.message)), box;
  const labels = v.holdout.map((h) => h.frequency);
  box.append(
    el('p', { className: 'muted' }, S.validationNote(v.calibrationEnd, v.observationEnd, v.days, F.dec2(v.holdoutMae))),
    el(
      'figure',
      { className: 'chart-box', id: 'holdout-chart' },
      lineChart({
        title: S.validationTitle,
        xLabels: labels,
        format: F.dec2,
        series: [
          { label: S.predicted, values: v.holdout.map((h) => h.predicted), color: PALETTE[0], width: 2.5 },
          { label: S.actual, values: v.holdout.map((h) => h.actual), color: PALETTE[1], width: 2.5, dash: '6 4' },
        ],
      }),
    ),
    tableBlock(
      S.validationTable,
      makeTable(
        'clv-holdout',
        [{ label: S.calFrequency }, { label: S.customers, num: true }, { label: S.predicted, num: true }, { label: S.actual, num: true }],
        v.holdout.map((h) => [td(h.frequency), numTd(F.int(h.customers), h.customers), numTd(F.dec2(h.predicted), h.predicted), numTd(F.dec2(h.actual), h.actual)]),
      ),
    ),
  );
  return box;
}

// ---------- tabs ----------
function selectTab(tab, focus = false) {
  activeTab = tab;
  for (const t of TABS) {
    const btn = $(`#tab-${t}`);
    const on = t === tab;
    btn.setAttribute('aria-selected', String(on));
    btn.tabIndex = on ? 0 : -1;
    $(`#panel-${t}`).hidden = !on;
    if (on && focus) btn.focus();
  }
  openPanel(tab);
}
for (const t of TABS) {
  const btn = $(`#tab-${t}`);
  btn.addEventListener('click', () => selectTab(t));
  btn.addEventListener('keydown', (e) => {
    const i = TABS.indexOf(t);
    let j = null;
    if (e.key === 'ArrowRight') j = (i + 1) % TABS.length;
    else if (e.key === 'ArrowLeft') j = (i - 1 + TABS.length) % TABS.length;
    else if (e.key === 'Home') j = 0;
    else if (e.key === 'End') j = TABS.length - 1;
    if (j != null) {
      e.preventDefault();
      selectTab(TABS[j], true);
    }
  });
}

// ---------- customer attributes and crosstab (Segments tab) ----------
let attrReport = null; // addCustomers report for the current dataset, with the file name

function crosstabDims() {
  const dims = [];
  if (attrReport) for (const a of attrReport.attributes) dims.push([a.name, S.attrNames[a.name] ?? a.header ?? a.name]);
  dims.push(['rfmSegment', S.rfmSegmentDim], ['cpmGroup', S.cpmGroupDim], ['decile', S.decile]);
  return dims;
}
/** Rebuild the dimension choices; `showAttribute`: put the first attribute on the rows (after an upload). */
function fillCrosstabSelects(showAttribute = false) {
  const dims = crosstabDims();
  const firstAttr = attrReport && attrReport.attributes[0] ? attrReport.attributes[0].name : 'decile';
  for (const [sel, fallback] of [[els.ctRows, firstAttr], [els.ctCols, 'rfmSegment']]) {
    const prev = showAttribute && sel === els.ctRows ? firstAttr : sel.value;
    sel.replaceChildren(...dims.map(([v, l]) => el('option', { value: v }, l)));
    sel.value = dims.some(([v]) => v === prev) ? prev : fallback;
  }
}
function renderAttrReport() {
  const box = els.attrReport;
  box.hidden = !attrReport;
  if (!attrReport) return box.replaceChildren();
  if (attrReport.error) {
    const details = errorDetails(attrReport.error);
    return box.replaceChildren(el('p', { className: 'error', role: 'alert' }, S.couldNotLoad(attrReport.fileName), ' ', attrReport.error.message, details ? ` (${details})` : ''));
  }
  const r = attrReport;
  const names = r.attributes.map((a) => S.attrNames[a.name] ?? a.header ?? a.name).join(', ') || S.none;
  box.replaceChildren(
    el('p', {}, el('strong', {}, r.fileName), ' — ', S.attrSummary(F.int(r.rowsAccepted), F.int(r.rowsRejected), F.int(r.matched), F.int(r.missing), F.int(r.unmatched)), ' ', S.attrList(names)),
    ...r.rejected.slice(0, 5).map((x) => el('p', { className: 'muted', dataset: { line: String(x.line) } }, S.lineN(x.line), x.reason)),
    ...r.warnings.map((w) => el('p', { className: 'muted', dataset: { code: w.code } }, w.message)),
  );
}
async function addAttributes(file) {
  if (!current || loading) return;
  const myGen = gen;
  let report;
  try {
    report = await call('add-customers', { file });
  } catch (err) {
    if (err.cancelled) return;
    report = { error: err };
  }
  if (myGen !== gen) return;
  attrReport = { ...report, fileName: file.name };
  if (attrReport.error) attrReport = { error: report.error, fileName: file.name, attributes: [] };
  renderAttrReport();
  fillCrosstabSelects(true);
  if (activeTab === 'segments') runCrosstab();
}
let crosstabSeq = 0;
async function runCrosstab() {
  if (!current || loading) return;
  const body = $('#crosstab-body');
  body.dataset.state = 'loading';
  const seq = ++crosstabSeq;
  const myGen = gen;
  const options = { rows: els.ctRows.value, cols: els.ctCols.value, metric: els.ctMetric.value };
  try {
    const c = await call('crosstab', { options, lang });
    if (seq !== crosstabSeq || myGen !== gen) return;
    renderCrosstab(c);
  } catch (err) {
    if (err.cancelled || seq !== crosstabSeq) return;
    const details = errorDetails(err);
    body.replaceChildren(el('p', { className: 'error', role: 'alert' }, err.message, details ? ` (${details})` : ''));
  }
  body.dataset.state = 'ready';
}
function renderCrosstab(c) {
  const fmt = c.metric === 'customers' ? F.int : F.yen;
  const nC = c.cols.length;
  const finite = c.values.filter(Number.isFinite);
  const max = Math.max(0, ...finite);
  const cell = (v) => {
    const node = numTd(fmt(v), v);
    if (Number.isFinite(v)) {
      const h = heat(max > 0 ? v / max : 0);
      node.style.backgroundColor = h.bg;
      node.style.color = h.fg;
    }
    return node;
  };
  const label = (dim) => (crosstabDims().find(([v]) => v === dim) || [dim, dim])[1];
  // Segment and CPM group keys → the names of the Segments tab (same language).
  const seg = results.segments && results.segments.data;
  const names = new Map();
  if (seg) for (const g of [...seg.rfm.segments, ...seg.cpm.groups]) names.set(g.key, g.name);
  const show = (k) => names.get(k) ?? k;
  const table = makeTable(
    'crosstab-table',
    [{ label: `${label(els.ctRows.value)} \\ ${label(els.ctCols.value)}` }, ...c.cols.map((x) => ({ label: show(x), num: true })), { label: S.total, num: true }],
    c.rows.map((r, i) => [el('th', { scope: 'row', dataset: { key: r } }, show(r)), ...c.cols.map((_, j) => cell(c.values[i * nC + j])), numTd(fmt(c.rowTotals[i]), c.rowTotals[i])]),
    { className: 'heatmap', foot: [[el('th', { scope: 'row' }, S.total), ...c.colTotals.map((v) => numTd(fmt(v), v)), numTd(fmt(c.total), c.total)]] },
  );
  $('#crosstab-body').replaceChildren(tableBlock(S.crosstabTitle, table, el('p', { className: 'muted' }, `${S.asOf}: ${c.asOf}`)));
}

// ---------- column mapping step (inspectCsv in the worker; the page only renders it) ----------
// Field order in the editor: the required ones first.
const MAP_FIELDS = ['customerId', 'orderDate', 'amount', 'orderId', 'productId', 'productName', 'category', 'quantity', 'unitPrice'];
const REQUIRED = new Set(['customerId', 'orderDate', 'amount']);
const ENCODING_NAMES = { 'utf-8': 'UTF-8', 'utf-8-bom': 'UTF-8 (BOM)', shift_jis: 'Shift_JIS', 'utf-16le': 'UTF-16LE', 'utf-16be': 'UTF-16BE' };
const DELIMITER_NAMES = { ',': ',', '\t': 'TAB', ';': ';', '|': '|' };

/** Options for crmkit from the editor: encoding, delimiter and (once edited) every field. */
function mappingOptions(withColumns) {
  const options = {};
  if (els.mapEncoding.value !== 'auto') options.encoding = els.mapEncoding.value;
  if (els.mapDelimiter.value !== 'auto') options.delimiter = els.mapDelimiter.value;
  if (withColumns && mapState && mapState.inspection) {
    const headers = mapState.inspection.headers;
    options.columns = {};
    for (const sel of els.fieldMap.querySelectorAll('select')) {
      options.columns[sel.dataset.field] = sel.value === '' ? false : headers[Number(sel.value)];
    }
  }
  return options;
}

function renderMapping() {
  els.mappingStep.hidden = !mapState;
  if (!mapState) return;
  const { inspection: i, error } = mapState;
  const mappedBy = new Map(); // column index -> field
  if (i) for (const c of i.columns) mappedBy.set(c.index, c.field);
  const autoOption = (select, detected) => {
    select.options[0].textContent = detected ? S.autoDetected(detected) : S.auto;
  };
  autoOption(els.mapEncoding, i && ENCODING_NAMES[i.encoding]);
  autoOption(els.mapDelimiter, i && DELIMITER_NAMES[i.delimiter]);

  let problem = '';
  if (error) problem = `${S.mappingInvalid}: ${error.message}`;
  else if (i && i.missing.length) problem = S.mappingNeeded(i.missing.map((f) => S.fields[f]).join(', '));
  els.mappingProblem.textContent = problem;
  els.mappingProblem.hidden = !problem;
  updateBusy();
  if (mapState.applied) {
    els.mappingStepState.textContent = mapState.applied === 'auto' ? `— ${S.mappingAuto(i ? i.columns.length : 0)}` : `— ${S.mappingUser}`;
  } else {
    els.mappingStepState.textContent = '';
  }
  // After a refused edit the editor keeps the user's choices on screen (to correct them).
  if (error && els.fieldMap.children.length) return;
  if (!i) {
    els.fieldMap.replaceChildren();
    els.preview.tHead.replaceChildren();
    els.preview.tBodies[0].replaceChildren();
    els.previewCaption.textContent = '';
    return;
  }
  const first = i.rows[0];
  els.fieldMap.replaceChildren(
    ...MAP_FIELDS.map((field) => {
      const match = i.columns.find((c) => c.field === field);
      const select = el(
        'select',
        { dataset: { field }, 'aria-label': S.fields[field] },
        el('option', { value: '' }, S.notUsed),
        ...i.headers.map((h, idx) => el('option', { value: String(idx) }, h || `(${idx + 1})`)),
      );
      select.value = match ? String(match.index) : '';
      const label = field === 'amount' ? S.amountHint : S.fields[field];
      return el(
        'tr',
        { dataset: { field, state: match ? 'mapped' : REQUIRED.has(field) ? 'missing' : 'unused' } },
        el('th', { scope: 'row' }, REQUIRED.has(field) ? '★ ' : '', label, ' ', el('code', {}, field)),
        el('td', {}, select),
        td(match && first ? first.values[match.index] ?? '' : ''),
      );
    }),
  );
  els.preview.tHead.replaceChildren(
    el(
      'tr',
      {},
      el('th', { scope: 'col', className: 'num' }, S.line),
      ...i.headers.map((h, idx) =>
        el('th', { scope: 'col', className: mappedBy.has(idx) ? 'mapped' : 'unmapped' }, h, mappedBy.has(idx) ? el('span', { className: 'field-tag' }, S.fields[mappedBy.get(idx)]) : ''),
      ),
      el('th', { scope: 'col' }, S.verdict),
    ),
  );
  els.preview.tBodies[0].replaceChildren(
    ...i.rows.map((r) =>
      el(
        'tr',
        { dataset: { line: String(r.line), code: r.code || '' }, className: r.code ? 'rejected-row' : '' },
        numTd(F.int(r.line), r.line),
        ...i.headers.map((_, idx) => td(r.values[idx] ?? '')),
        // Rows are only checked once the required fields are mapped.
        el('td', {}, r.code ? el('span', { title: r.reason }, el('code', {}, r.code), ' ', r.reason) : i.missing.length ? '—' : S.rowOk),
      ),
    ),
  );
  els.previewCaption.textContent = S.previewCaption(F.int(i.rows.length), F.bytes(i.sampleBytes));
}

/** Re-inspect after an edit; a field edit sends the whole mapping, an encoding edit re-detects it. */
async function reinspect(withColumns) {
  if (!mapState || loading) return;
  const state = mapState;
  const options = mappingOptions(withColumns);
  els.mappingStep.dataset.busy = '1';
  try {
    state.inspection = await call('inspect-file', { file: state.file, options });
    state.error = null;
  } catch (err) {
    if (err.cancelled) return;
    state.error = err;
  } finally {
    delete els.mappingStep.dataset.busy;
  }
  state.options = options;
  state.applied = null;
  if (mapState === state) renderMapping();
}

/** A file was chosen: inspect it; load at once when the mapping is complete, else ask. */
async function openFile(file) {
  if (loading) return;
  clearError();
  els.mapEncoding.value = 'auto';
  els.mapDelimiter.value = 'auto';
  const state = { file, options: {}, inspection: null, error: null, applied: null };
  let inspection;
  try {
    inspection = await call('inspect-file', { file, options: {} });
  } catch (err) {
    if (!err.cancelled) showError(err, file.name);
    return;
  }
  state.inspection = inspection;
  mapState = state;
  if (inspection.missing.length === 0) {
    els.mappingStep.open = false;
    renderMapping();
    await load({ kind: 'file', file, options: {}, mapping: 'auto' });
  } else {
    els.mappingStep.open = true;
    renderMapping();
    setStatus(() => S.needMapping(file.name));
    setState('mapping');
    const missing = els.fieldMap.querySelector('tr[data-state="missing"] select');
    if (missing) missing.focus();
  }
}

// ---------- loading ----------
function setProgress(f) {
  els.progress.value = Math.max(0, Math.min(1, f));
}

async function load(source) {
  if (loading) return;
  loading = true;
  updateBusy();
  const label = () => (source.kind === 'sample' ? S.sampleData : source.file.name);
  setState('loading');
  clearError();
  setProgress(0);
  setStatus(() => S.reading(label()));
  if (activeTab !== 'overview') openPanel(activeTab);
  try {
    let summary;
    if (source.kind === 'sample') {
      summary = await call('load-sample');
    } else {
      summary = await call('load-file', { file: source.file, options: source.options || {} }, [], (f) => {
        setProgress(f);
        setStatus(() => S.readingPct(source.file.name, F.pct(f)));
      });
    }
    gen++;
    attrReport = null;
    renderAttrReport();
    fillCrosstabSelects();
    current = { summary, name: source.kind === 'sample' ? 'sample' : source.file.name, source };
    lastGood = source;
    if (source.kind === 'sample') mapState = null;
    else if (mapState && mapState.file === source.file) mapState.applied = source.mapping;
    renderMapping();
    clearLookups();
    setProgress(1);
    renderOverview();
    loading = false;
    setStatus(() => S.loaded(label()));
    setState('ready');
  } catch (err) {
    loading = false;
    if (err.cancelled) return;
    showError(err, label());
    // A file that did not load: open its mapping so the user can change it.
    if (source.kind === 'file' && mapState && mapState.file === source.file) {
      mapState.applied = null;
      els.mappingStep.open = true;
      renderMapping();
    }
  } finally {
    loading = false;
    updateBusy();
    if (activeTab !== 'overview') openPanel(activeTab);
  }
}

function cancel() {
  if (pending.size === 0 && !loading) return;
  worker.terminate();
  const err = Object.assign(new Error('cancelled'), { cancelled: true });
  for (const p of pending.values()) p.reject(err);
  pending.clear();
  loading = false;
  for (const k of Object.keys(results)) delete results[k];
  startWorker();
  const again = lastGood;
  const what = () => (again.kind === 'sample' ? S.sampleData : again.file.name);
  // The worker held the dataset: load the last good one again.
  Promise.resolve().then(() => {
    load(again);
    setStatus(() => S.cancelled(what()));
  });
}

async function downloadRejected() {
  if (!current) return;
  const bytes = await call('rejected-csv');
  download(new Blob([bytes], { type: 'text/csv;charset=utf-8' }), 'rejected_rows.csv');
}

// ---------- events ----------
els.fileInput.addEventListener('change', () => {
  const file = els.fileInput.files && els.fileInput.files[0];
  if (file) openFile(file).finally(() => (els.fileInput.value = ''));
});
els.attrInput.addEventListener('change', () => {
  const file = els.attrInput.files && els.attrInput.files[0];
  if (file) addAttributes(file).finally(() => (els.attrInput.value = ''));
});
els.crosstabForm.addEventListener('change', () => runCrosstab());
els.crosstabForm.addEventListener('submit', (e) => e.preventDefault());
els.mapEncoding.addEventListener('change', () => reinspect(false));
els.mapDelimiter.addEventListener('change', () => reinspect(false));
els.fieldMap.addEventListener('change', (e) => {
  if (e.target.matches('select')) reinspect(true);
});
els.applyMapping.addEventListener('click', () => {
  if (!mapState || !mapState.inspection) return;
  const edited = Object.keys(mapState.options).length > 0;
  load({ kind: 'file', file: mapState.file, options: mapState.options, mapping: edited ? 'user' : 'auto' });
});
els.dropZone.addEventListener('dragenter', (e) => {
  e.preventDefault();
  els.dropZone.classList.add('dragover');
});
els.dropZone.addEventListener('dragover', (e) => {
  e.preventDefault();
  if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
  els.dropZone.classList.add('dragover');
});
els.dropZone.addEventListener('dragleave', (e) => {
  if (!els.dropZone.contains(e.relatedTarget)) els.dropZone.classList.remove('dragover');
});
els.dropZone.addEventListener('drop', (e) => {
  e.preventDefault();
  els.dropZone.classList.remove('dragover');
  const file = e.dataTransfer && e.dataTransfer.files[0];
  if (file) openFile(file);
});
window.addEventListener('dragover', (e) => e.preventDefault());
window.addEventListener('drop', (e) => e.preventDefault());

els.sampleBtn.addEventListener('click', () => load({ kind: 'sample' }));
els.cancelBtn.addEventListener('click', cancel);
els.downloadRejected.addEventListener('click', downloadRejected);
els.cohortMetric.addEventListener('change', () => openPanel('cohorts'));
els.cohortMode.addEventListener('change', () => openPanel('cohorts'));
els.similarForm.addEventListener('submit', (e) => {
  e.preventDefault();
  runLookup('similar');
});
els.customerForm.addEventListener('submit', (e) => {
  e.preventDefault();
  runLookup('customer');
});
els.langToggle.addEventListener('click', () => {
  lang = lang === 'ja' ? 'en' : 'ja';
  S = STRINGS[lang];
  F = formatters(lang);
  applyStaticLabels();
  if (current) renderOverview();
  renderMapping();
  renderLookups();
  renderAttrReport();
  fillCrosstabSelects();
  if (statusFn) els.status.textContent = statusFn();
  if (activeTab !== 'overview') openPanel(activeTab);
});

// ---------- start ----------
applyStaticLabels();
fillCrosstabSelects();
for (const [id, titleKey] of [['by-month', 'monthTitle'], ['rejected-table', 'rejectedTitle'], ['mapping', 'mappingCaption']]) {
  const table = document.getElementById(id);
  table.closest('.table-wrap').before(tableTools(table, titleKey));
  table.classList.add('sortable');
  for (const th of table.tHead.rows[0].cells) th.tabIndex = 0;
}
setStatus(() => S.starting);
startWorker();
els.fileInput.disabled = false;
els.sampleBtn.disabled = false;
load({ kind: 'sample' });
