// The page's chrome around the tabs: status line, error box, progress bar, body[data-state]
// (what the tests wait on) and which controls are usable while the worker is busy.
import { currentDataset, format, isLoading, mapping, setStatusText, statusText, strings } from './state.js';
import { errorText, wordsMessages } from './i18n.js';
import { $, el, errorDetails, errorTooltip } from './ui.js';
import { worker } from './worker-client.js';

export function setPageState(state) {
  document.body.dataset.state = state;
  // Loading, mapping or an error needs the whole panel; "ready" folds it (collapseLoadPanel).
  if (state !== 'ready') $('#load-panel').classList.remove('collapsed');
}

/** After a load: the panel becomes one line — file, rows, rejected rows, 「ファイルを変更」. */
export function collapseLoadPanel(summary) {
  const S = strings();
  const F = format();
  const line = $('#loaded-line');
  line.textContent = S.loadedLine(F.int(summary.rows), F.int(summary.rowsRejected));
  line.hidden = false;
  $('#load-panel').classList.add('collapsed');
}
export function relabelLoadedLine() {
  const ds = currentDataset();
  if (ds && $('#load-panel').classList.contains('collapsed')) collapseLoadPanel(ds.summary);
}
/** 「ファイルを変更」: open the panel on the drop zone. */
export function expandLoadPanel() {
  $('#load-panel').classList.remove('collapsed');
  $('#file-input').focus();
}

/** `text`: a string, or a function of the current language (re-run on a language change). */
export function setStatus(text) {
  setStatusText(typeof text === 'function' ? text : null);
  $('#status').textContent = typeof text === 'function' ? text() : text;
}
export function relabelStatus() {
  const fn = statusText();
  if (fn) $('#status').textContent = fn();
}

export function setProgress(fraction) {
  $('#progress').value = Math.max(0, Math.min(1, fraction));
}

export function clearError() {
  const box = $('#error');
  box.hidden = true;
  box.replaceChildren();
}
/** A file (or the sample) could not be loaded: say why, in the error box and the status line. */
export function showLoadError(err, what) {
  const S = strings();
  const details = errorDetails(err);
  const box = $('#error');
  box.replaceChildren(
    el('strong', {}, S.couldNotLoad(what)),
    el('p', { className: 'error-message', title: wordsMessages(S) ? errorTooltip(err) : null, dataset: { code: err && err.code ? err.code : '' } }, errorText(S, err)),
    details ? el('p', { className: 'error-code' }, details) : '',
  );
  box.hidden = false;
  setStatus(() => strings().loadFailed(what));
  setPageState('error');
}

// An analysis shows the progress row of a folded panel only once it has run for a moment, so
// quick ones do not make the page jump.
const BUSY_SHOWN_AFTER_MS = 400;
let busyTimer = 0;
export function updateBusy() {
  const loading = isLoading();
  const busy = worker.pendingCount > 0 || loading;
  $('#cancel').disabled = !busy;
  clearTimeout(busyTimer);
  if (!busy) $('#load-panel').classList.remove('busy');
  else busyTimer = setTimeout(() => $('#load-panel').classList.add('busy'), BUSY_SHOWN_AFTER_MS);
  $('#attr-input').disabled = loading || !currentDataset();
  $('#print-report').disabled = loading || !currentDataset();
  $('#messages-input').disabled = loading || !currentDataset();
  const m = mapping();
  const inspection = m && m.inspection;
  $('#apply-mapping').disabled = loading || !inspection || !!m.error || inspection.missing.length > 0;
}
