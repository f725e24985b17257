// Overview tab: the loaded dataset's summary (KPIs, months, how the file was read and in which
// export format, what the import rules left out, warnings, rejected rows). Rendered straight from
// the summary the load returned; nothing to compute.
import { PALETTE, barChart, chartWidth, lineChart } from '../charts.js';
import { exclusionItems } from '../exclusions.js';
import { formatName, rejectText, warningTitle, wordsMessages } from '../i18n.js';
import { currentDataset, format, strings } from '../state.js';
import { $, chartBlock, el, numTd, td, warningNode } from '../ui.js';

function setKpi(name, value, text) {
  const node = document.querySelector(`[data-kpi="${name}"]`);
  node.dataset.value = value == null ? '' : String(value);
  node.textContent = text;
  node.title = text;
}
function renderKpis(s) {
  const F = format();
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

function monthRow(m) {
  const F = format();
  return el(
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
  );
}
function monthChart(byMonth) {
  const S = strings();
  const F = format();
  return barChart({
    title: S.monthChart,
    bars: byMonth.map((m) => ({
      label: m.month,
      parts: [m.newRevenue, m.repeatRevenue],
      title: `${m.month}: ${S.newRevenue} ${F.yen(m.newRevenue)} / ${S.repeatRevenue} ${F.yen(m.repeatRevenue)}`,
    })),
    colors: [PALETTE[0], PALETTE[1]],
    legend: [S.newRevenue, S.repeatRevenue],
    format: F.yen,
  });
}

/** Revenue = customers × orders per customer × AOV: one small chart per factor, month by month,
 *  so a change in revenue shows where it came from (more buyers, more often, or bigger orders). */
function factorCharts(byMonth) {
  const S = strings();
  const F = format();
  const width = Math.max(320, Math.min(460, Math.floor((chartWidth() - 24) / 3)));
  const months = byMonth.map((m) => m.month);
  const customers = barChart({
    title: S.factorCustomers,
    bars: byMonth.map((m) => ({
      label: m.month,
      parts: [m.newCustomers, m.repeatCustomers],
      title: `${m.month}: ${S.customers} ${F.int(m.customers)} (${S.newCustomers} ${F.int(m.newCustomers)} / ${S.repeatCustomers} ${F.int(m.repeatCustomers)})`,
    })),
    colors: [PALETTE[0], PALETTE[1]],
    legend: [S.newCustomers, S.repeatCustomers],
    format: F.int,
    width,
    height: 220,
  });
  const line = (title, values, fmt, color) =>
    lineChart({
      title,
      xLabels: months,
      format: fmt,
      width,
      height: 220,
      series: [{ label: title, values, color, width: 2, points: byMonth.map((m, i) => `${m.month}: ${fmt(values[i])}`) }],
    });
  const figure = (id, title, chart) => el('figure', { id }, el('figcaption', {}, title), chart);
  return el(
    'section',
    { className: 'block' },
    el('div', { className: 'block-head' }, el('h3', {}, S.factorTitle)),
    el('p', { className: 'muted' }, S.factorNote),
    el(
      'div',
      { className: 'small-multiples' },
      figure('month-customers', S.factorCustomers, customers),
      figure('month-frequency', S.ordersPerCustomer, line(S.ordersPerCustomer, byMonth.map((m) => m.ordersPerCustomer), F.dec2, PALETTE[2])),
      figure('month-aov', S.aov, line(S.aov, byMonth.map((m) => m.aov), F.yen, PALETTE[3])),
    ),
  );
}

function renderByMonth(s) {
  const S = strings();
  const body = $('#by-month tbody');
  if (s.byMonth.length === 0) body.replaceChildren(el('tr', {}, el('td', { colspan: '8', className: 'empty' }, S.noOrders)));
  else body.replaceChildren(...s.byMonth.map(monthRow));
  const charts = $('#month-charts');
  charts.replaceChildren();
  if (s.byMonth.length) charts.append(chartBlock(S.monthChart, 'month-chart', monthChart(s.byMonth)), factorCharts(s.byMonth));
}

function matchedByLabel(S, matchedBy) {
  const labels = { auto: S.matchedAuto, option: S.matchedOption, profile: S.matchedProfile, data: S.matchedData };
  return labels[matchedBy] ?? matchedBy;
}
function mappingRow(c) {
  const S = strings();
  return el(
    'tr',
    { dataset: { field: c.field } },
    td(c.header, 'header'),
    wordsMessages(S)
      ? el('td', { className: 'field', title: c.field }, S.fields[c.field] ?? c.field)
      : el('td', { className: 'field' }, el('code', {}, c.field), ' ', el('span', { className: 'muted' }, S.fields[c.field] ?? '')),
    numTd(String(c.index + 1), c.index + 1),
    el('td', { dataset: { matchedBy: c.matchedBy } }, matchedByLabel(S, c.matchedBy)),
  );
}
function renderSource(s, name) {
  const S = strings();
  const F = format();
  const src = s.source;
  const set = (field, text, value) => {
    const node = document.querySelector(`#source [data-field="${field}"]`);
    node.textContent = text;
    if (value !== undefined) node.dataset.value = value;
  };
  const delims = { ',': `, (${S.comma})`, '\t': 'TAB', ';': `; (${S.semicolon})`, '|': `| (${S.pipe})` };
  const amounts = { amount: S.amountCol, 'quantity*unitPrice': S.qtyTimesPrice, unitPrice: S.unitPriceOnly, orderTotal: S.orderTotalOnce };
  set('kind', src.kind === 'synthetic' ? S.sampleSource : `CSV: ${name}`);
  set('format', src.format ? formatName(S, src.format) : '—', src.format || '');
  set('currency', src.currency || '—', src.currency || '');
  set('encoding', src.encoding || '—');
  set('delimiter', src.delimiter ? (delims[src.delimiter] ?? src.delimiter) : '—');
  set('bytes', src.kind === 'synthetic' ? '—' : F.bytes(src.bytes));
  set('amountSource', amounts[src.amountSource] ?? src.amountSource ?? '—');
  const body = $('#mapping tbody');
  if (src.columns.length === 0) body.replaceChildren(el('tr', {}, el('td', { colspan: '4', className: 'empty' }, `— (${S.sampleSource})`)));
  else body.replaceChildren(...src.columns.map(mappingRow));
  $('#unmapped').textContent = src.unmappedHeaders.length ? src.unmappedHeaders.join(', ') : S.none;
}

/** What the import rules left out (cancelled orders, shipping, …): hidden when nothing was. */
function renderExclusions(s) {
  const items = exclusionItems(s.exclusions);
  $('#exclusions').replaceChildren(...items.map((item) => el('li', { dataset: { kind: item.kind, ...item.values } }, item.text)));
  $('#exclusions-panel').hidden = items.length === 0;
}

function renderWarnings(s) {
  const S = strings();
  $('#warnings').replaceChildren(
    ...s.warnings.map((w) =>
      wordsMessages(S)
        ? warningNode('li', w)
        : el(
          'li',
          { dataset: { code: w.code } },
          warningTitle(S, w.code) ? el('strong', { className: 'warning-title' }, warningTitle(S, w.code), ' ') : '',
          w.line != null ? el('span', { className: 'line' }, S.lineN(w.line)) : '',
          w.message,
          ' ',
          el('code', {}, w.code),
        ),
    ),
  );
  $('#warnings-panel').hidden = s.warnings.length === 0;
  // A report shown for an earlier dataset is out of date.
  $('#audit-text').hidden = true;
  $('#download-audit').disabled = true;
}

/** The cell a rejection reason quotes ("…"), shown in Japanese instead of the English sentence. */
const quotedValue = (reason) => {
  const m = /"([^"]*)"/.exec(reason || '');
  return m ? `"${m[1]}"` : '';
};

function renderRejected(s) {
  const S = strings();
  const F = format();
  const body = $('#rejected-table tbody');
  const summary = $('#rejected-summary');
  $('#rejected').hidden = s.rowsRejected === 0;
  if (s.rowsRejected === 0) {
    body.replaceChildren();
    summary.textContent = '';
    return;
  }
  const byReason = s.rejectedByReason.map((r) => `${wordsMessages(S) ? rejectText(S, r) : r.code} ${F.int(r.count)}`).join(', ');
  summary.textContent = S.rejectedSummary(F.int(s.rowsRejected), byReason, s.rejectedTruncated ? F.int(s.rejected.length) : '');
  body.replaceChildren(
    ...s.rejected.map((r) =>
      wordsMessages(S)
        ? el('tr', { dataset: { line: String(r.line), code: r.code }, title: r.reason }, numTd(F.int(r.line), r.line), td(rejectText(S, r)), td(quotedValue(r.reason)))
        : el('tr', { dataset: { line: String(r.line) } }, numTd(F.int(r.line), r.line), el('td', {}, el('code', {}, r.code)), td(r.reason)),
    ),
  );
}

export function renderOverview() {
  const dataset = currentDataset();
  if (!dataset) return;
  const S = strings();
  const { summary: s, name } = dataset;
  renderKpis(s);
  renderByMonth(s);
  renderSource(s, name);
  renderExclusions(s);
  renderWarnings(s);
  renderRejected(s);
  $('#source-name').textContent = s.source.kind === 'synthetic' ? `— ${S.sample}` : `— ${name}`;
  $('#memory').textContent = `wasm memory ${format().bytes(s.memoryBytes)}`;
  $('#panel-overview').dataset.state = 'ready';
}
