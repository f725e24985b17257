// 「レポート」: the KPIs, charts and key tables of the main tabs laid out for A4 pages, printed
// (or saved as PDF) by the browser — nothing leaves the machine. The tabs not opened yet are
// computed first; the print stylesheet (style.css, @media print) shows every panel of the
// report one after the other, without the controls, with a header naming the data.
import { currentDataset, format, strings } from './state.js';
import { openPanel } from './tabs/panels.js';
import { $, el } from './ui.js';

/** The tabs of the report, in order (recommendations and campaigns stay on screen only). */
export const REPORT_TABS = ['overview', 'segments', 'cohorts', 'clv', 'products'];
const SETTLE_MS = 30_000;

/** Resolve once `tab`'s panel shows its results (or its error), rendering it from the cache. */
async function settled(tab) {
  const panel = $(`#panel-${tab}`);
  const done = () => /^(ready|error)$/.test(panel.dataset.state || '') && !panel.querySelector('[data-state="loading"]');
  const start = Date.now();
  while (!done()) {
    // The first call asks the worker; later ones render the stored result (or wait for it).
    await openPanel(tab);
    if (done()) break;
    if (Date.now() - start > SETTLE_MS) throw new Error(`report: the ${tab} tab did not finish`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function fillHeader() {
  const S = strings();
  const F = format();
  const ds = currentDataset();
  const s = ds.summary;
  $('#report-header').replaceChildren(
    el('h1', {}, S.reportTitle),
    el('p', {}, S.reportSource(ds.source.kind === 'sample' ? S.sampleData : ds.source.file.name, s.firstDate ?? '—', s.lastDate ?? '—', F.int(s.customers), F.int(s.orders))),
    el('p', { className: 'muted' }, S.reportPrinted(new Date().toISOString().slice(0, 10))),
  );
}

/** Compute what is missing, then open the browser's print dialog (A4; "Save as PDF" there). */
export async function printReport() {
  if (!currentDataset()) return;
  const button = $('#print-report');
  button.disabled = true;
  try {
    for (const tab of REPORT_TABS) {
      $(`#panel-${tab}`).dataset.report = tab;
      await settled(tab);
    }
    fillHeader();
    document.body.classList.add('printing');
    window.addEventListener('afterprint', () => document.body.classList.remove('printing'), { once: true });
    window.print();
  } finally {
    button.disabled = false;
  }
}
