// Segments tab, lower half: the customer-attributes upload and the crosstab of any two
// dimensions. The crosstab on screen is kept (per dataset and choice of dimensions), so a
// language switch re-labels it instead of asking the worker again.
import { heat } from '../charts.js';
import { cpmGroupName, rejectText, segmentName } from '../i18n.js';
import {
  activeTab, attributeReport, currentDataset, format, generation, isCrosstabPending, isLatestCrosstab, isLoading,
  nextCrosstabRequest, setAttributeReport, setShownCrosstab, settleCrosstab, shownCrosstab, strings,
} from '../state.js';
import { drillable } from '../drill.js';
import { $, el, errorParagraph, makeTable, numTd, tableBlock, warningNode } from '../ui.js';
import { worker } from '../worker-client.js';

/** [value, label] of every dimension the crosstab offers now. */
function crosstabDims() {
  const S = strings();
  const report = attributeReport();
  const dims = [];
  if (report) for (const a of report.attributes) dims.push([a.name, S.attrNames[a.name] ?? a.header ?? a.name]);
  dims.push(['rfmSegment', S.rfmSegmentDim], ['cpmGroup', S.cpmGroupDim], ['decile', S.decile]);
  return dims;
}
const dimLabel = (dim) => (crosstabDims().find(([v]) => v === dim) || [dim, dim])[1];

/** A row or column value of dimension `dim`: segment and group keys get their names. */
function valueLabel(dim, value) {
  const S = strings();
  if (dim === 'rfmSegment') return segmentName(S, value);
  if (dim === 'cpmGroup') return cpmGroupName(S, value);
  return value;
}

/** Rebuild the dimension choices; `showAttribute`: put the first attribute on the rows (after an upload). */
export function fillCrosstabSelects(showAttribute = false) {
  const dims = crosstabDims();
  const report = attributeReport();
  const firstAttr = report && report.attributes[0] ? report.attributes[0].name : 'decile';
  const rows = $('#ct-rows');
  for (const [sel, fallback] of [[rows, firstAttr], [$('#ct-cols'), 'rfmSegment']]) {
    const prev = showAttribute && sel === rows ? firstAttr : sel.value;
    sel.replaceChildren(...dims.map(([v, l]) => el('option', { value: v }, l)));
    sel.value = dims.some(([v]) => v === prev) ? prev : fallback;
  }
  if (rows.value === $('#ct-cols').value) $('#ct-cols').value = rows.value === 'rfmSegment' ? 'decile' : 'rfmSegment';
  excludeSameAxis();
}

/** The dimension on one axis cannot be chosen on the other (a table of X by X says nothing). */
function excludeSameAxis() {
  const rows = $('#ct-rows');
  const cols = $('#ct-cols');
  for (const o of cols.options) o.disabled = o.value === rows.value;
  for (const o of rows.options) o.disabled = o.value === cols.value;
}

export function renderAttrReport() {
  const S = strings();
  const F = format();
  const box = $('#attr-report');
  const r = attributeReport();
  box.hidden = !r;
  if (!r) return box.replaceChildren();
  if (r.error) return box.replaceChildren(errorParagraph(r.error, S.couldNotLoad(r.fileName), ' '));
  const names = r.attributes.map((a) => S.attrNames[a.name] ?? a.header ?? a.name).join(', ') || S.none;
  box.replaceChildren(
    el('p', {}, el('strong', {}, r.fileName), ' — ', S.attrSummary(F.int(r.rowsAccepted), F.int(r.rowsRejected), F.int(r.matched), F.int(r.missing), F.int(r.unmatched)), ' ', S.attrList(names)),
    ...r.rejected.slice(0, 5).map((x) => el('p', { className: 'muted', dataset: { line: String(x.line) }, title: x.reason }, S.lineN(x.line), rejectText(S, x))),
    ...r.warnings.map((w) => warningNode('p', w, { className: 'muted' })),
  );
}

export async function addAttributes(file) {
  if (!currentDataset() || isLoading()) return;
  const forGeneration = generation();
  let report;
  try {
    report = { ...(await worker.call('add-customers', { file })), fileName: file.name };
  } catch (err) {
    if (err.cancelled) return;
    report = { error: err, fileName: file.name, attributes: [] };
  }
  if (forGeneration !== generation()) return;
  setAttributeReport(report);
  renderAttrReport();
  fillCrosstabSelects(true);
  if (activeTab() === 'segments') showCrosstab();
}

function chosenOptions() {
  return { rows: $('#ct-rows').value, cols: $('#ct-cols').value, metric: $('#ct-metric').value };
}
const optionsKey = (o) => `${o.rows}|${o.cols}|${o.metric}`;

/** Show the crosstab for the chosen dimensions: from what is on screen, else from the worker. */
export async function showCrosstab() {
  excludeSameAxis();
  if (!currentDataset() || isLoading()) return;
  const body = $('#crosstab-body');
  const options = chosenOptions();
  const key = optionsKey(options);
  const shown = shownCrosstab(key);
  if (shown) {
    renderOutcome(shown);
    body.dataset.state = 'ready';
    return;
  }
  if (isCrosstabPending(key)) return;
  body.dataset.state = 'loading';
  const request = nextCrosstabRequest(key);
  const forGeneration = generation();
  let outcome;
  try {
    outcome = { data: await worker.call('crosstab', { options }) };
  } catch (err) {
    outcome = { error: err };
  }
  settleCrosstab(request);
  if (outcome.error?.cancelled || !isLatestCrosstab(request) || forGeneration !== generation()) return;
  setShownCrosstab(forGeneration, key, outcome);
  renderOutcome(outcome);
  body.dataset.state = 'ready';
}

function renderOutcome(outcome) {
  if (outcome.error) $('#crosstab-body').replaceChildren(errorParagraph(outcome.error));
  else renderCrosstab(outcome.data);
}

function renderCrosstab(c) {
  const { rowDimension: rows, colDimension: cols } = c;
  const S = strings();
  const F = format();
  const fmt = c.metric === 'customers' ? F.int : F.yen;
  const nC = c.cols.length;
  const max = Math.max(0, ...c.values.filter(Number.isFinite));
  const options = { rows, cols, metric: c.metric };
  const cell = (v, row, col) => {
    const node = numTd(fmt(v), v);
    if (Number.isFinite(v)) {
      const h = heat(max > 0 ? v / max : 0);
      node.style.backgroundColor = h.bg;
      node.style.color = h.fg;
    }
    const label = `${valueLabel(rows, row)} × ${valueLabel(cols, col)}`;
    return drillable(node, { kind: 'crosstabCell', row, col, crosstab: options }, label);
  };
  const table = makeTable(
    'crosstab-table',
    [{ label: `${dimLabel(rows)} \\ ${dimLabel(cols)}` }, ...c.cols.map((x) => ({ label: valueLabel(cols, x), num: true })), { label: S.total, num: true }],
    c.rows.map((r, i) => [
      el('th', { scope: 'row', dataset: { key: r } }, valueLabel(rows, r)),
      ...c.cols.map((col, j) => cell(c.values[i * nC + j], r, col)),
      numTd(fmt(c.rowTotals[i]), c.rowTotals[i]),
    ]),
    { className: 'heatmap', foot: [[el('th', { scope: 'row' }, S.total), ...c.colTotals.map((v) => numTd(fmt(v), v)), numTd(fmt(c.total), c.total)]] },
  );
  $('#crosstab-body').replaceChildren(tableBlock(S.crosstabTitle, table, el('p', { className: 'muted' }, `${S.asOf}: ${c.asOf}`)));
}
