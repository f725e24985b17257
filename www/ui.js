// DOM and table helpers shared by every part of the page. Text goes in with textContent only:
// file contents are never parsed as HTML.
import { errorText, warningText, warningTitle, wordsMessages } from './i18n.js';
import { currentLang, format, strings } from './state.js';
import { chartPng, chartSvgText } from './charts.js';

export const $ = (sel) => document.querySelector(sel);

export function el(tag, props = {}, ...children) {
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
/** A cell; `value` (raw number or text) goes to data-value for sorting, CSV and the tests. */
export const td = (text, className, value) =>
  el('td', { className, dataset: value === undefined ? undefined : { value: value == null ? '' : String(value) } }, text);
export const numTd = (text, value) => td(text, 'num', value);

/**
 * "code: X · line N · option: Y" for an error from crmkit (empty when it has none of them); in
 * Japanese only the line (codes and option names are for developers: they go to the tooltip).
 */
export function errorDetails(err) {
  const S = strings();
  if (wordsMessages(S)) return err && err.line != null && err.code !== 'INVALID_ROW' ? S.atLine(err.line) : '';
  const details = [];
  if (err && err.code) details.push(`code: ${err.code}`);
  if (err && err.line != null) details.push(`line ${err.line}`);
  if (err && err.option) details.push(`option: ${err.option}`);
  return details.join(' · ');
}
/** The developer's view of an error (the package's message, code and option), for a tooltip. */
export function errorTooltip(err) {
  if (!err) return '';
  return [err.message, err.code && `code: ${err.code}`, err.option && `option: ${err.option}`].filter(Boolean).join(' · ');
}
/** An inline error paragraph: the message, then its details in parentheses. */
export function errorParagraph(err, ...before) {
  const details = errorDetails(err);
  return el('p', { className: 'error', role: 'alert', title: wordsMessages(strings()) ? errorTooltip(err) : null, dataset: { code: err && err.code ? err.code : '' } }, ...before, errorText(strings(), err), details ? ` (${details})` : '');
}
/** A warning from crmkit: its title, then (in English) the package's sentence. */
export function warningNode(tag, w, props = {}) {
  const S = strings();
  const title = warningTitle(S, w.code) || (wordsMessages(S) ? S.warningGeneric : '');
  const text = warningText(S, w);
  return el(tag, { ...props, dataset: { ...(props.dataset || {}), code: w.code }, title: wordsMessages(S) ? w.message : null },
    title ? el('strong', { className: 'warning-title' }, title, text ? ' ' : '') : '', text);
}

// ---------- tables: CSV / Copy ----------
// Cells marked .no-export (row buttons) are left out of CSV and Copy. Numbers go out as numbers
// (data-value), rounded as the screen shows them: money (a cell the page wrote with the money
// formatter) to the currency's minor unit (¥ whole, $ cents), other fractions (rates, averages)
// to 4 decimals, tiny ones (p-values) to 4 significant digits; whole numbers as they are.
function tableMatrix(table) {
  const F = format();
  return [...table.rows].map((tr) =>
    [...tr.cells].filter((c) => !c.classList.contains('no-export')).map((c) => {
      const v = c.dataset.value;
      const text = c.textContent.trim();
      if (v === undefined || v === '' || !Number.isFinite(Number(v))) return { num: false, s: text };
      return { num: true, s: exportNumber(Number(v), F.yen(Number(v)) === text, F.minorUnit) };
    }),
  );
}
/** A number as it goes into an exported table (see tableMatrix). */
export function exportNumber(n, isMoney, minorUnit) {
  if (Number.isInteger(n)) return String(n);
  if (isMoney) return String(Number(n.toFixed(minorUnit)));
  if (Math.abs(n) < 0.001) return String(Number(n.toPrecision(4)));
  return String(Number(n.toFixed(4)));
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
export function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: filename, className: 'hidden-link' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
/** (Re)labels a CSV + Copy toolbar in the current language. */
export function labelTools(tool) {
  const S = strings();
  const title = tool.dataset.title ? S[tool.dataset.title] || tool.dataset.title : '';
  const [csvBtn, copyBtn] = tool.querySelectorAll('button');
  csvBtn.textContent = S.csv;
  copyBtn.textContent = S.copy;
  csvBtn.setAttribute('aria-label', S.csvOf(title));
  copyBtn.setAttribute('aria-label', S.copyOf(title));
}
/** A CSV + Copy toolbar for `table`; titleKey names it (i18n key or literal). */
export function tableTools(table, titleKey) {
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
      note.textContent = strings().copied;
    } catch {
      note.textContent = strings().copyUnavailable;
    }
    setTimeout(() => (note.textContent = ''), 2500);
  });
  const tool = el('div', { className: 'table-tools', dataset: { title: titleKey, for: table.id } }, csvBtn, copyBtn, note);
  labelTools(tool);
  return tool;
}
/** <section> with a heading, the tools and the table (in a scroll wrapper). */
export function tableBlock(title, table, ...extra) {
  return el(
    'section',
    { className: 'block' },
    el('div', { className: 'block-head' }, el('h3', {}, title), tableTools(table, title)),
    ...extra,
    el('div', { className: 'table-wrap' }, table),
  );
}
/** PNG + SVG buttons that save the chart in `figure` as a file named after the figure. */
export function chartTools(figure, title) {
  const S = strings();
  const save = (kind) => async () => {
    const svg = figure.querySelector('svg.chart');
    if (!svg) return;
    const blob = kind === 'svg' ? new Blob([chartSvgText(svg).text], { type: 'image/svg+xml' }) : await chartPng(svg);
    download(blob, `${figure.id || 'chart'}.${kind}`);
  };
  const button = (kind) => {
    const b = el('button', { type: 'button', className: 'small secondary', dataset: { action: kind }, 'aria-label': S.saveChartAs(title, kind.toUpperCase()) }, kind.toUpperCase());
    b.addEventListener('click', save(kind));
    return b;
  };
  return el('div', { className: 'chart-tools' }, button('png'), button('svg'));
}
/** A <section> with a heading, PNG/SVG export and a chart <figure id=figureId>. */
export function chartBlock(title, figureId, chart, ...extra) {
  const figure = el('figure', { className: 'chart-box', id: figureId }, chart);
  return el('section', { className: 'block' }, el('div', { className: 'block-head' }, el('h3', {}, title), chartTools(figure, title)), ...extra, figure);
}
/** The definition of a column header, found by its text in the current language (colDefs). */
export function headerDefinition(label) {
  const S = strings();
  const key = Object.keys(S.colDefs).find((k) => S[k] === label);
  return key ? S.colDefs[key] : null;
}
/** columns: [{ label, num, className }]; rows: arrays of <td>/<th> nodes. */
export function makeTable(id, columns, rows, props = {}) {
  return el(
    'table',
    { id, dataset: { file: props.file || id }, className: props.className || 'sortable' },
    el('thead', {}, el('tr', {}, ...columns.map((c) => el('th', { scope: 'col', className: [c.num ? 'num' : '', c.className || ''].join(' ').trim() || null, tabindex: props.className ? null : '0', title: headerDefinition(c.label) }, c.label)))),
    el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r))),
    props.foot ? el('tfoot', {}, ...props.foot.map((r) => el('tr', {}, ...r))) : '',
  );
}
/** Tools and header sorting for a table written in index.html. */
export function enhanceStaticTable(table, titleKey) {
  table.closest('.table-wrap').before(tableTools(table, titleKey));
  table.classList.add('sortable');
  for (const th of table.tHead.rows[0].cells) th.tabIndex = 0;
}

// ---------- column sorting on header click (display order only; not on heatmaps) ----------
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
    return sign * String(x).localeCompare(String(y), currentLang());
  });
  body.append(...rows);
}
export function enableHeaderSorting() {
  const sortableHeader = (e) => e.target.closest && e.target.closest('table.sortable thead th');
  document.addEventListener('click', (e) => {
    const th = sortableHeader(e);
    if (th) sortBy(th);
  });
  document.addEventListener('keydown', (e) => {
    const th = sortableHeader(e);
    if (th && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      sortBy(th);
    }
  });
}
