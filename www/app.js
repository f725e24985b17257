// crmkit demo page: a thin renderer. Every crmkit call runs in worker.js; this thread only
// renders results. The page's CSP has connect-src 'none': it cannot send anything anywhere.
// This entry point wires the page together: loading (sample, file, cancel), the language
// toggle and the controls' events. Each tab renders in tabs/, all mutable state is in state.js.
import { askForMapping, beginMapping, chosenMapping, collapseMapping, reinspect, renderMapping, reopenMapping } from './mapping.js';
import {
  activeTab, currentDataset, currentLang, format, forgetResults, isLoading, lastGoodSource, setDataset,
  setLoading, setMapping, strings, toggleLang, updateMapping,
} from './state.js';
import { clearError, collapseLoadPanel, expandLoadPanel, relabelLoadedLine, relabelStatus, setPageState, setProgress, setStatus, showLoadError, updateBusy } from './status.js';
import { addMessageLog, bindCampaignControls, renderMessagesReport } from './tabs/campaigns.js';
import { addAttributes, fillCrosstabSelects, renderAttrReport, showCrosstab } from './tabs/crosstab.js';
import { renderOverview } from './tabs/overview.js';
import { bindTabs, openPanel } from './tabs/panels.js';
import { bindProductControls } from './tabs/products.js';
import { renderLookups, runLookup } from './tabs/recommend.js';
import { enableDrill } from './drill.js';
import { $, download, el, enableHeaderSorting, enhanceStaticTable, labelTools } from './ui.js';
import { worker } from './worker-client.js';
import { registerServiceWorker } from './offline.js';
import { printReport } from './report.js';

// ---------- language ----------
function applyStaticLabels() {
  const S = strings();
  const lang = currentLang();
  document.documentElement.lang = lang;
  for (const node of document.querySelectorAll('[data-i18n]')) {
    const v = S[node.dataset.i18n];
    if (typeof v === 'string') node.textContent = v;
  }
  for (const node of document.querySelectorAll('[data-i18n-label]')) node.setAttribute('aria-label', S[node.dataset.i18nLabel]);
  const toggle = $('#lang-toggle');
  toggle.textContent = S.langToggle;
  toggle.lang = lang === 'ja' ? 'en' : 'ja';
  toggle.setAttribute('aria-label', S.langToggleLabel);
  for (const tool of document.querySelectorAll('.table-tools')) labelTools(tool);
  // Definitions of the static tables' column headers.
  for (const th of document.querySelectorAll('thead th[data-i18n]')) {
    const def = S.colDefs[th.dataset.i18n];
    if (def) th.title = def;
    else th.removeAttribute('title');
  }
  renderHelp();
  // Metric definitions as tooltips on the KPI labels.
  for (const dd of document.querySelectorAll('[data-kpi]')) {
    const def = S.defs[dd.dataset.kpi];
    const dt = dd.previousElementSibling;
    if (def && dt) dt.title = def;
    else if (dt) dt.removeAttribute('title');
  }
}

/** The help panel of the load step: the columns a file needs, and where each cart exports it. */
function renderHelp() {
  const S = strings();
  const list = (items) => el('dl', {}, ...items.flatMap(([term, text]) => [el('dt', {}, term), el('dd', {}, text)]));
  $('#help-body').replaceChildren(
    el('h3', {}, S.helpColumnsTitle),
    el('p', {}, S.helpColumnsNote),
    list(S.helpColumns),
    el('h3', {}, S.helpCartsTitle),
    el('p', {}, S.helpCartsNote),
    list(S.helpCarts),
    el('h3', {}, S.helpTipsTitle),
    el('ul', {}, ...S.helpTips.map((t) => el('li', {}, t))),
  );
}

/** Re-render everything in the other language from what is already on hand: nothing is recomputed. */
function switchLanguage() {
  toggleLang();
  applyStaticLabels();
  if (currentDataset()) renderOverview();
  renderMapping();
  renderLookups();
  renderAttrReport();
  renderMessagesReport();
  fillCrosstabSelects();
  relabelStatus();
  relabelLoadedLine();
  if (activeTab() !== 'overview') openPanel(activeTab());
}

// ---------- loading ----------
const sourceLabel = (source) => (source.kind === 'sample' ? strings().sampleData : source.file.name);

function readSource(source) {
  if (source.kind === 'sample') return worker.call('load-sample');
  const onProgress = (f) => {
    setProgress(f);
    setStatus(() => strings().readingPct(source.file.name, format().pct(f)));
  };
  return worker.call('load-file', { file: source.file, options: source.options || {} }, [], onProgress);
}

function showLoaded(summary, source) {
  setDataset({ summary, name: source.kind === 'sample' ? 'sample' : source.file.name, source });
  renderAttrReport();
  renderMessagesReport();
  fillCrosstabSelects();
  if (source.kind === 'sample') setMapping(null);
  else updateMapping(source.file, { applied: source.mapping });
  renderMapping();
  renderLookups();
  setProgress(1);
  renderOverview();
  setLoading(false);
  setStatus(() => strings().loaded(sourceLabel(source)));
  setPageState('ready');
  collapseLoadPanel(summary);
}

/** source: { kind: 'sample' } | { kind: 'file', file, options, mapping: 'auto' | 'user' }. */
async function load(source) {
  if (isLoading()) return;
  setLoading(true);
  updateBusy();
  setPageState('loading');
  clearError();
  setProgress(0);
  setStatus(() => strings().reading(sourceLabel(source)));
  if (activeTab() !== 'overview') openPanel(activeTab());
  try {
    showLoaded(await readSource(source), source);
  } catch (err) {
    setLoading(false);
    if (err.cancelled) return;
    showLoadError(err, sourceLabel(source));
    if (source.kind === 'file') reopenMapping(source.file);
  } finally {
    setLoading(false);
    updateBusy();
    if (activeTab() !== 'overview') openPanel(activeTab());
  }
}

/** A file was chosen: inspect it; load at once when the mapping is complete, else ask. */
async function openFile(file) {
  if (isLoading()) return;
  clearError();
  let inspection;
  try {
    inspection = await beginMapping(file);
  } catch (err) {
    if (!err.cancelled) showLoadError(err, file.name);
    return;
  }
  if (inspection.missing.length === 0) {
    collapseMapping();
    await load({ kind: 'file', file, options: {}, mapping: 'auto' });
  } else {
    askForMapping(file);
  }
}

function cancel() {
  if (worker.pendingCount === 0 && !isLoading()) return;
  worker.restart();
  setLoading(false);
  forgetResults();
  const again = lastGoodSource();
  // The worker held the dataset: load the last good one again.
  Promise.resolve().then(() => {
    load(again);
    setStatus(() => strings().cancelled(sourceLabel(again)));
  });
}

let auditMarkdown = '';
async function showAudit() {
  if (!currentDataset()) return;
  const { markdown } = await worker.call('audit-report');
  auditMarkdown = markdown;
  const pre = $('#audit-text');
  pre.textContent = markdown;
  pre.hidden = false;
  $('#download-audit').disabled = false;
}

function downloadAudit() {
  if (auditMarkdown) download(new Blob([auditMarkdown], { type: 'text/markdown;charset=utf-8' }), 'crmkit_audit_report.md');
}

async function downloadRejected() {
  if (!currentDataset()) return;
  const bytes = await worker.call('rejected-csv');
  download(new Blob([bytes], { type: 'text/csv;charset=utf-8' }), 'rejected_rows.csv');
}

// ---------- events ----------
/** The first file of an <input type=file>, handed to `use`; the input is cleared afterwards. */
function onFileChosen(input, use) {
  input.addEventListener('change', () => {
    const file = input.files && input.files[0];
    if (file) use(file).finally(() => (input.value = ''));
  });
}

/** Files dropped on `zone` go to `use`. */
function bindDropZone(zone, use) {
  zone.addEventListener('dragenter', (e) => {
    e.preventDefault();
    zone.classList.add('dragover');
  });
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    zone.classList.add('dragover');
  });
  zone.addEventListener('dragleave', (e) => {
    if (!zone.contains(e.relatedTarget)) zone.classList.remove('dragover');
  });
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('dragover');
    const file = e.dataTransfer && e.dataTransfer.files[0];
    if (file) use(file);
  });
}

/** A message log added on the Campaigns tab: the tab's results are recomputed with it. */
async function addMessages(file) {
  if ((await addMessageLog(file)) && activeTab() === 'campaigns') openPanel('campaigns');
}

function bindMappingStep() {
  $('#map-encoding').addEventListener('change', () => reinspect(false));
  $('#map-delimiter').addEventListener('change', () => reinspect(false));
  $('#map-date-order').addEventListener('change', () => reinspect('keep'));
  $('#map-currency').addEventListener('change', () => reinspect('keep'));
  $('#field-map tbody').addEventListener('change', (e) => {
    if (e.target.matches('select')) reinspect(true);
  });
  $('#apply-mapping').addEventListener('click', () => {
    const chosen = chosenMapping();
    if (chosen) load({ kind: 'file', ...chosen });
  });
}

function bindForms() {
  const submit = (form, run) =>
    $(form).addEventListener('submit', (e) => {
      e.preventDefault();
      run();
    });
  $('#crosstab-form').addEventListener('change', () => showCrosstab());
  submit('#crosstab-form', () => {});
  $('#cohort-metric').addEventListener('change', () => openPanel('cohorts'));
  $('#cohort-mode').addEventListener('change', () => openPanel('cohorts'));
  submit('#similar-form', () => runLookup('similar'));
  submit('#customer-form', () => runLookup('customer'));
}

function bindEvents() {
  onFileChosen($('#file-input'), openFile);
  onFileChosen($('#attr-input'), addAttributes);
  onFileChosen($('#messages-input'), addMessages);
  bindDropZone($('#drop-zone'), openFile);
  bindDropZone($('#messages-drop'), addMessages);
  // A file dropped next to a zone must not navigate away from the page.
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => e.preventDefault());
  bindMappingStep();
  bindForms();
  bindCampaignControls();
  bindProductControls();
  bindTabs();
  enableHeaderSorting();
  enableDrill();
  $('#load-sample').addEventListener('click', () => load({ kind: 'sample' }));
  $('#cancel').addEventListener('click', cancel);
  $('#change-file').addEventListener('click', expandLoadPanel);
  $('#print-report').addEventListener('click', () => printReport().catch((err) => setStatus(String(err.message || err))));
  $('#download-rejected').addEventListener('click', downloadRejected);
  $('#show-audit').addEventListener('click', showAudit);
  $('#download-audit').addEventListener('click', downloadAudit);
  $('#lang-toggle').addEventListener('click', switchLanguage);
  worker.addEventListener('busy', updateBusy);
}

// ---------- start ----------
applyStaticLabels();
fillCrosstabSelects();
for (const [id, titleKey] of [['by-month', 'monthTitle'], ['rejected-table', 'rejectedTitle'], ['mapping', 'mappingCaption']]) {
  enhanceStaticTable(document.getElementById(id), titleKey);
}
bindEvents();
setStatus(() => strings().starting);
worker.start();
$('#file-input').disabled = false;
$('#load-sample').disabled = false;
load({ kind: 'sample' });
registerServiceWorker();
