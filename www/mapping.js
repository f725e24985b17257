// The column-mapping step. inspectCsv (in the worker) decides everything: the table's fields in
// order, which are required and what satisfies each requirement, the detected mapping, which
// requirements are still unmet, and each preview row's verdict. This module only renders that and
// turns the user's choices back into `fromCsv` options.
import { exclusionsBrief } from './exclusions.js';
import { errorText, formatName, rejectText, wordsMessages } from './i18n.js';
import { currentDataset, format, isLoading, mapping, setMapping, strings, updateMapping } from './state.js';
import { setPageState, setStatus, updateBusy } from './status.js';
import { $, el, numTd, td } from './ui.js';
import { worker } from './worker-client.js';

const ENCODING_NAMES = { 'utf-8': 'UTF-8', 'utf-8-bom': 'UTF-8 (BOM)', shift_jis: 'Shift_JIS', 'utf-16le': 'UTF-16LE', 'utf-16be': 'UTF-16BE' };
const DELIMITER_NAMES = { ',': ',', '\t': 'TAB', ';': ';', '|': '|' };

const fieldLabel = (field) => strings().fields[field] ?? field;
/** "Amount or Unit price" for a requirement any of several fields meets; else the field's label. */
function requirementLabel(info) {
  return info.satisfiedBy.length > 1 ? strings().anyOf(info.satisfiedBy.map(fieldLabel)) : fieldLabel(info.field);
}

/** Options for crmkit from the editor: encoding, delimiter and (once edited) every field. */
function mappingOptions(withColumns) {
  const options = {};
  const encoding = $('#map-encoding').value;
  const delimiter = $('#map-delimiter').value;
  if (encoding !== 'auto') options.encoding = encoding;
  if (delimiter !== 'auto') options.delimiter = delimiter;
  const dateOrder = $('#map-date-order').value;
  const currency = $('#map-currency').value;
  if (dateOrder !== 'auto') options.dateOrder = dateOrder;
  if (currency !== 'auto') options.currency = currency;
  const m = mapping();
  if (withColumns && m && m.inspection) {
    const headers = m.inspection.headers;
    options.columns = {};
    for (const sel of $('#field-map tbody').querySelectorAll('select')) {
      options.columns[sel.dataset.field] = sel.value === '' ? false : headers[Number(sel.value)];
    }
  }
  return options;
}

/** The missing fields by name, then what else would meet each requirement (an e-mail for the id). */
function problemText(m) {
  const S = strings();
  const i = m.inspection;
  if (m.error) return `${S.mappingInvalid}: ${errorText(S, m.error)}`;
  if (!i || i.missing.length === 0) return '';
  const byField = new Map(i.fields.map((f) => [f.field, f]));
  const instead = i.missing
    .map((f) => [f, (byField.get(f)?.satisfiedBy ?? []).filter((other) => other !== f)])
    .filter(([, others]) => others.length > 0)
    .map(([f, others]) => S.insteadOf(fieldLabel(f), S.anyOf(others.map(fieldLabel))));
  return [S.mappingNeeded(i.missing.map(fieldLabel).join(', ')), ...instead].join(' ');
}

/** "— Shopify format · 9 columns mapped automatically": the layout recognised, then how it loaded. */
function stateText(m) {
  const S = strings();
  const parts = [];
  if (m.inspection) parts.push(S.formatOf(formatName(S, m.inspection.format)));
  if (m.applied === 'auto') parts.push(S.mappingAuto(m.inspection ? m.inspection.columns.length : 0));
  else if (m.applied) parts.push(S.mappingUser);
  return parts.length ? `— ${parts.join(' · ')}` : '';
}

/** After the file loaded: what the import rules left out, in one short sentence ('' if nothing). */
function loadedText(m) {
  const d = currentDataset();
  if (!m.applied || !d || d.source.kind !== 'file' || d.source.file !== m.file) return '';
  return exclusionsBrief(d.summary.exclusions);
}

/** One editor row: the field (★ when required), its column choice, the first row's value. */
function fieldRow(info, i) {
  const S = strings();
  const { field } = info;
  const match = i.columns.find((c) => c.field === field);
  const select = el(
    'select',
    { dataset: { field }, 'aria-label': fieldLabel(field) },
    el('option', { value: '' }, S.notUsed),
    ...i.headers.map((h, idx) => el('option', { value: String(idx) }, h || `(${idx + 1})`)),
  );
  select.value = match ? String(match.index) : '';
  // Other headers of the file that this field's names also match: a hint, the choice stays the package's.
  const alternatives = info.alternatives.length
    ? el('span', { className: 'muted alternatives', dataset: { count: String(info.alternatives.length) } }, ' ', S.alternatives(info.alternatives.join(', ')))
    : '';
  const byField = new Map(i.fields.map((f) => [f.field, f]));
  // A requirement met by another field (unit price for the amount) is not missing.
  const metBy = info.satisfiedBy.filter((f) => f !== field && byField.get(f)?.column != null);
  let state = 'unused';
  if (match) state = 'mapped';
  else if (i.missing.includes(field)) state = 'missing';
  else if (info.required) state = 'satisfied';
  const first = i.rows[0];
  return el(
    'tr',
    { dataset: { field, state } },
    el(
      'th',
      { scope: 'row' },
      info.required ? '★ ' : '',
      requirementLabel(info),
      // The API name is for developers: not in the Japanese page.
      wordsMessages(S) ? '' : ' ',
      wordsMessages(S) ? '' : el('code', {}, field),
      state === 'satisfied' && metBy.length ? el('span', { className: 'muted satisfied-by' }, ' — ', S.satisfiedVia(metBy.map(fieldLabel))) : '',
    ),
    el('td', {}, select, alternatives),
    td(match && first ? first.values[match.index] ?? '' : ''),
  );
}

function renderPreview(i) {
  const S = strings();
  const F = format();
  const preview = $('#preview');
  const mappedBy = new Map(i.columns.map((c) => [c.index, c.field]));
  preview.tHead.replaceChildren(
    el(
      'tr',
      {},
      el('th', { scope: 'col', className: 'num' }, S.line),
      ...i.headers.map((h, idx) =>
        el('th', { scope: 'col', className: mappedBy.has(idx) ? 'mapped' : 'unmapped' }, h, mappedBy.has(idx) ? el('span', { className: 'field-tag' }, fieldLabel(mappedBy.get(idx))) : ''),
      ),
      i.dateOrder ? el('th', { scope: 'col', className: 'date-read' }, S.dateRead) : '',
      el('th', { scope: 'col' }, S.verdict),
    ),
  );
  preview.tBodies[0].replaceChildren(
    ...i.rows.map((r) =>
      el(
        'tr',
        { dataset: { line: String(r.line), code: r.code || '' }, className: r.code ? 'rejected-row' : '' },
        numTd(F.int(r.line), r.line),
        ...i.headers.map((_, idx) => td(r.values[idx] ?? '')),
        // The order date as the load reads it: what the date-order choice changes.
        i.dateOrder ? td(r.date ?? '—', 'date-read') : '',
        // Rows are only checked once the required fields are mapped.
        el('td', {}, r.code ? (wordsMessages(S) ? el('span', { title: r.reason }, rejectText(S, r)) : el('span', { title: r.reason }, el('code', {}, r.code), ' ', r.reason)) : i.missing.length ? '—' : S.rowOk),
      ),
    ),
  );
  $('#preview-caption').textContent = S.previewCaption(F.int(i.rows.length), F.bytes(i.sampleBytes));
}

function clearEditor() {
  const preview = $('#preview');
  $('#field-map tbody').replaceChildren();
  preview.tHead.replaceChildren();
  preview.tBodies[0].replaceChildren();
  $('#preview-caption').textContent = '';
}

export function renderMapping() {
  const S = strings();
  const m = mapping();
  const step = $('#mapping-step');
  step.hidden = !m;
  if (!m) return;
  const { inspection: i, error } = m;
  const autoOption = (select, detected) => {
    select.options[0].textContent = detected ? S.autoDetected(detected) : S.auto;
  };
  autoOption($('#map-encoding'), i && ENCODING_NAMES[i.encoding]);
  autoOption($('#map-delimiter'), i && DELIMITER_NAMES[i.delimiter]);
  autoOption($('#map-date-order'), i && i.dateOrder && S.dateOrderShort[i.dateOrder]);
  autoOption($('#map-currency'), i && i.currency);
  const problem = problemText(m);
  $('#mapping-problem').textContent = problem;
  $('#mapping-problem').hidden = !problem;
  updateBusy();
  $('#mapping-step-state').textContent = stateText(m);
  $('#mapping-step-state').dataset.format = m.inspection ? m.inspection.format : '';
  const loaded = loadedText(m);
  $('#mapping-exclusions').textContent = loaded;
  $('#mapping-exclusions').hidden = !loaded;
  const fieldMap = $('#field-map tbody');
  // After a refused edit the editor keeps the user's choices on screen (to correct them).
  if (error && fieldMap.children.length) return;
  if (!i) return clearEditor();
  fieldMap.replaceChildren(...i.fields.map((info) => fieldRow(info, i)));
  renderPreview(i);
}

/** Re-inspect after an edit; a field edit sends the whole mapping, an encoding edit re-detects it;
 *  `'keep'` (date order, currency) keeps the fields as they are (edited or detected). */
export async function reinspect(withColumns) {
  const m = mapping();
  if (!m || isLoading()) return;
  const { file } = m;
  const options = mappingOptions(withColumns === 'keep' ? Boolean(m.options.columns) : withColumns);
  const step = $('#mapping-step');
  step.dataset.busy = '1';
  let changes;
  try {
    changes = { inspection: await worker.call('inspect-file', { file, options }), error: null };
  } catch (err) {
    if (err.cancelled) return;
    changes = { error: err };
  } finally {
    delete step.dataset.busy;
  }
  if (updateMapping(file, { ...changes, options, applied: null })) renderMapping();
}

/** Inspect a newly chosen file with auto-detection; it becomes the file being mapped. */
export async function beginMapping(file) {
  for (const id of ['#map-encoding', '#map-delimiter', '#map-date-order', '#map-currency']) $(id).value = 'auto';
  const inspection = await worker.call('inspect-file', { file, options: {} });
  setMapping({ file, options: {}, inspection, error: null, applied: null });
  return inspection;
}

/** The file loads with the detected mapping: keep the step, closed. */
export function collapseMapping() {
  $('#mapping-step').open = false;
  renderMapping();
}

/** The mapping is incomplete: open the step on the first unmet requirement. */
export function askForMapping(file) {
  $('#mapping-step').open = true;
  renderMapping();
  setStatus(() => strings().needMapping(file.name));
  setPageState('mapping');
  const missing = $('#field-map tbody tr[data-state="missing"] select');
  if (missing) missing.focus();
}

/** A file failed to load: open its mapping so the user can change it. */
export function reopenMapping(file) {
  if (!updateMapping(file, { applied: null })) return;
  $('#mapping-step').open = true;
  renderMapping();
}

/** The options and how they were chosen, for loading the file being mapped (null when none). */
export function chosenMapping() {
  const m = mapping();
  if (!m || !m.inspection) return null;
  return { file: m.file, options: m.options, mapping: Object.keys(m.options).length > 0 ? 'user' : 'auto' };
}
