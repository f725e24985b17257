// crmkit demo page. Everything runs in this browser. The page's CSP has connect-src 'none':
// it cannot send anything anywhere, so the WebAssembly module arrives as a script
// (crmkit_bg_inline.js) instead of being fetched.
import init, { Dataset } from './pkg/crmkit.js';
import { wasmBytes } from './pkg/crmkit_bg_inline.js';

const SAMPLE = { customers: 5000, seed: 42 };

const $ = (sel) => document.querySelector(sel);
const els = {
  fileInput: $('#file-input'),
  dropZone: $('#drop-zone'),
  status: $('#status'),
  error: $('#error'),
  sampleBtn: $('#load-sample'),
  sourceName: $('#source-name'),
  byMonth: $('#by-month tbody'),
  mapping: $('#mapping tbody'),
  unmapped: $('#unmapped'),
  warningsPanel: $('#warnings-panel'),
  warnings: $('#warnings'),
  rejected: $('#rejected'),
  rejectedSummary: $('#rejected-summary'),
  rejectedBody: $('#rejected-table tbody'),
  downloadRejected: $('#download-rejected'),
  memory: $('#memory'),
};

// ---------- formatting (ja-JP) ----------
const intFmt = new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 0 });
const dec2Fmt = new Intl.NumberFormat('ja-JP', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const pctFmt = new Intl.NumberFormat('ja-JP', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

const isNum = (x) => typeof x === 'number' && Number.isFinite(x);
const fmtInt = (x) => (isNum(x) ? intFmt.format(x) : '—');
const fmtDec2 = (x) => (isNum(x) ? dec2Fmt.format(x) : '—');
const fmtPct = (x) => (isNum(x) ? pctFmt.format(x) : '—');
// '¥' (U+00A5) with grouping, rounded to whole yen. (Intl's JPY currency style in
// ja-JP gives the full-width '￥', so the sign is added by hand.)
function fmtYen(x) {
  if (!isNum(x)) return '—';
  const r = Math.round(x);
  return (r < 0 ? '-' : '') + '¥' + intFmt.format(Math.abs(r));
}
function fmtBytes(n) {
  if (!isNum(n)) return '—';
  if (n < 1024) return `${intFmt.format(n)} B`;
  if (n < 1024 * 1024) return `${dec2Fmt.format(n / 1024)} KB`;
  return `${dec2Fmt.format(n / (1024 * 1024))} MB`;
}
const DELIMITERS = {
  ',': ', (カンマ comma)', '\t': 'TAB', ';': '; (セミコロン semicolon)', '|': '| (パイプ pipe)',
};
const FIELD_LABELS = {
  orderId: '注文番号', customerId: '顧客ID', orderDate: '購入日', productId: '商品コード',
  productName: '商品名', category: 'カテゴリ', quantity: '数量', unitPrice: '単価', amount: '金額',
};
const AMOUNT_SOURCES = {
  amount: '金額列 amount column',
  'quantity*unitPrice': '数量 × 単価 quantity × unit price',
  unitPrice: '単価 unit price',
};

// ---------- small DOM helpers (textContent only: file contents are never parsed as HTML) ----------
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'className') node.className = v;
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c instanceof Node ? c : String(c));
  return node;
}
const td = (text, className) => el('td', className ? { className } : {}, text);

function setState(state) {
  document.body.dataset.state = state;
}
function setStatus(text) {
  els.status.textContent = text;
}
function clearError() {
  els.error.hidden = true;
  els.error.replaceChildren();
}
function showError(err, what) {
  const code = err && err.code ? String(err.code) : '';
  const message = err && err.message ? String(err.message) : String(err);
  const details = [];
  if (code) details.push(`code: ${code}`);
  if (err && err.line != null) details.push(`line ${err.line}`);
  if (err && err.option) details.push(`option: ${err.option}`);
  els.error.replaceChildren(
    el('strong', {}, `${what} を読み込めませんでした / Could not load ${what}`),
    el('p', { className: 'error-message' }, message),
    details.length ? el('p', { className: 'error-code' }, details.join(' · ')) : '',
  );
  els.error.hidden = false;
  setStatus(`Could not load ${what} — 読み込みに失敗しました`);
  setState('error');
}

// Let the browser paint the "Reading…" status before the (synchronous) parse starts.
// The timeout keeps this from stalling in a background tab, where rAF does not fire.
function nextPaint() {
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (!done) {
        done = true;
        resolve();
      }
    };
    requestAnimationFrame(() => setTimeout(finish, 0));
    setTimeout(finish, 100);
  });
}

// ---------- dataset lifecycle ----------
let current = null; // { ds, name }

function replaceDataset(ds, name) {
  if (current) current.ds.free();
  current = { ds, name };
}

// ---------- rendering ----------
function setKpi(name, value, text) {
  const node = document.querySelector(`[data-kpi="${name}"]`);
  node.dataset.value = value == null ? '' : String(value);
  node.textContent = text;
  node.title = text; // the full value, should a very large number be cut off
}

function renderKpis(s) {
  setKpi('rows', s.rows, fmtInt(s.rows));
  setKpi('rowsRejected', s.rowsRejected, fmtInt(s.rowsRejected));
  setKpi('customers', s.customers, fmtInt(s.customers));
  setKpi('orders', s.orders, fmtInt(s.orders));
  setKpi('revenue', s.revenue, fmtYen(s.revenue));
  setKpi('aov', s.aov, fmtYen(s.aov));
  setKpi('repeatRate', s.repeatRate, fmtPct(s.repeatRate));
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
        td(fmtInt(m.customers), 'num'),
        td(fmtInt(m.newCustomers), 'num'),
        td(fmtInt(m.repeatCustomers), 'num'),
        td(fmtInt(m.orders), 'num'),
        el('td', { className: 'num', dataset: { value: String(m.revenue) } }, fmtYen(m.revenue)),
        td(fmtYen(m.aov), 'num'),
        td(fmtDec2(m.ordersPerCustomer), 'num'),
      ),
    ),
  );
  if (s.byMonth.length === 0) {
    els.byMonth.replaceChildren(el('tr', {}, el('td', { colspan: '8', className: 'empty' }, 'データなし / No orders')));
  }
}

function renderSource(s, name) {
  const src = s.source;
  const set = (field, text) => {
    document.querySelector(`#source [data-field="${field}"]`).textContent = text;
  };
  set('kind', src.kind === 'synthetic' ? 'サンプルデータ Sample data' : `CSV: ${name}`);
  set('encoding', src.encoding || '— (サンプル sample)');
  set('delimiter', src.delimiter ? (DELIMITERS[src.delimiter] ?? src.delimiter) : '—');
  set('bytes', src.kind === 'synthetic' ? '—' : fmtBytes(src.bytes));
  set('amountSource', AMOUNT_SOURCES[src.amountSource] ?? src.amountSource ?? '—');

  if (src.columns.length === 0) {
    els.mapping.replaceChildren(el('tr', {}, el('td', { colspan: '4', className: 'empty' }, '— (サンプルデータ sample data)')));
  } else {
    els.mapping.replaceChildren(
      ...src.columns.map((c) =>
        el(
          'tr',
          { dataset: { field: c.field } },
          td(c.header, 'header'),
          el('td', { className: 'field' }, el('code', {}, c.field), ' ', el('span', { className: 'muted' }, FIELD_LABELS[c.field] ?? '')),
          td(String(c.index + 1), 'num'),
          td(c.matchedBy === 'option' ? '指定 option' : '自動 auto'),
        ),
      ),
    );
  }
  els.unmapped.textContent = src.unmappedHeaders.length ? src.unmappedHeaders.join(', ') : 'なし none';
}

function renderWarnings(s) {
  els.warnings.replaceChildren(
    ...s.warnings.map((w) =>
      el(
        'li',
        { dataset: { code: w.code } },
        w.line != null ? el('span', { className: 'line' }, `行 line ${w.line}: `) : '',
        w.message,
        ' ',
        el('code', {}, w.code),
      ),
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
  const byReason = s.rejectedByReason.map((r) => `${r.code} ${fmtInt(r.count)}`).join(', ');
  const shown = s.rejectedTruncated ? ` — 最初の ${fmtInt(s.rejected.length)} 行を表示 / showing the first ${fmtInt(s.rejected.length)}` : '';
  els.rejectedSummary.textContent = `${fmtInt(s.rowsRejected)} 行 rows (${byReason})${shown}`;
  els.rejectedBody.replaceChildren(
    ...s.rejected.map((r) =>
      el('tr', { dataset: { line: String(r.line) } }, td(fmtInt(r.line), 'num'), el('td', {}, el('code', {}, r.code)), td(r.reason)),
    ),
  );
}

function render(s, name) {
  renderKpis(s);
  renderByMonth(s);
  renderSource(s, name);
  renderWarnings(s);
  renderRejected(s);
  els.sourceName.textContent = s.source.kind === 'synthetic' ? '— サンプル Sample' : `— ${name}`;
  els.memory.textContent = `wasm memory ${fmtBytes(s.memoryBytes)}`;
}

// ---------- loading ----------
let busy = false;

async function load(name, makeDataset, label) {
  if (busy) return;
  busy = true;
  setState('loading');
  clearError();
  setStatus(`読み込み中 Reading ${label}…`);
  let ds = null;
  try {
    await nextPaint();
    ds = await makeDataset();
    const summary = ds.summary();
    replaceDataset(ds, name);
    ds = null;
    render(summary, name);
    setStatus(`Loaded ${label} — 読み込み完了`);
    setState('ready');
  } catch (err) {
    if (ds) ds.free();
    showError(err, label);
  } finally {
    busy = false;
  }
}

function loadSample() {
  return load('sample', () => Dataset.synthetic(SAMPLE), 'sample data');
}

function loadFile(file) {
  return load(file.name, async () => {
    const bytes = new Uint8Array(await file.arrayBuffer());
    return Dataset.fromCsv(bytes, {
      onProgress: (f) => setStatus(`読み込み中 Reading ${file.name}… ${fmtPct(f)}`),
    });
  }, file.name);
}

function downloadRejected() {
  if (!current) return;
  const bytes = current.ds.rejectedCsv();
  const url = URL.createObjectURL(new Blob([bytes], { type: 'text/csv;charset=utf-8' }));
  const a = el('a', { href: url, download: 'rejected_rows.csv', className: 'hidden-link' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

// ---------- events ----------
els.fileInput.addEventListener('change', () => {
  const file = els.fileInput.files && els.fileInput.files[0];
  if (file) loadFile(file).finally(() => (els.fileInput.value = ''));
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
  if (file) loadFile(file);
});
// A file dropped outside the zone must not make the browser navigate away to it.
window.addEventListener('dragover', (e) => e.preventDefault());
window.addEventListener('drop', (e) => e.preventDefault());

els.sampleBtn.addEventListener('click', () => loadSample());
els.downloadRejected.addEventListener('click', downloadRejected);

// ---------- start ----------
try {
  await init({ module_or_path: wasmBytes() });
  els.fileInput.disabled = false;
  els.sampleBtn.disabled = false;
  await loadSample();
} catch (err) {
  showError(err, 'crmkit (WebAssembly)');
}
