// Drill to list: an aggregate cell (segment, decile, CPM group, cohort cell, crosstab cell, CLV
// band) → the customers behind it, from the package's `members(selector)`, in a dialog with the
// target-list CSV (`membersCsv(selector)`, the mail / LINE upload shape) and "copy ids". The
// selector is the package's own, so npm users get the very same list.
import { cpmGroupName, segmentName } from './i18n.js';
import { format, strings } from './state.js';
import { download, el, errorParagraph, makeTable, numTd, td } from './ui.js';
import { worker } from './worker-client.js';

/** Make `cell` open the list of `selector`; `label` names the cell in the dialog's title. */
export function drillable(cell, selector, label) {
  cell.classList.add('drill');
  cell.tabIndex = 0;
  cell.setAttribute('role', 'button');
  cell.dataset.selector = JSON.stringify(selector);
  cell.dataset.drillLabel = label;
  cell.title = strings().drillHint(label);
  return cell;
}

/** One delegated listener for every drillable cell: click, Enter or Space. */
export function enableDrill() {
  const open = (e) => {
    const cell = e.target.closest && e.target.closest('.drill');
    if (!cell) return false;
    openMembers(JSON.parse(cell.dataset.selector), cell.dataset.drillLabel);
    return true;
  };
  document.addEventListener('click', open);
  document.addEventListener('keydown', (e) => {
    if ((e.key === 'Enter' || e.key === ' ') && e.target.classList && e.target.classList.contains('drill') && open(e)) e.preventDefault();
  });
}

function dialog() {
  let d = document.getElementById('members-dialog');
  if (!d) {
    d = el('dialog', { id: 'members-dialog', 'aria-labelledby': 'members-title' });
    d.addEventListener('click', (e) => {
      if (e.target === d) d.close(); // a click on the backdrop
    });
    document.body.append(d);
  }
  return d;
}

let latest = 0;

/** Open the dialog on `selector`'s list (the previous one's answer, if late, is dropped). */
export async function openMembers(selector, label) {
  const S = strings();
  const d = dialog();
  const request = ++latest;
  d.dataset.state = 'loading';
  d.dataset.selector = JSON.stringify(selector);
  d.replaceChildren(header(label, null), el('p', { className: 'muted', role: 'status' }, S.membersLoading));
  if (!d.open) d.showModal();
  let list;
  try {
    list = await worker.call('members', { selector });
  } catch (err) {
    if (request !== latest || err.cancelled) return;
    d.replaceChildren(header(label, null), errorParagraph(err));
    d.dataset.state = 'error';
    return;
  }
  if (request !== latest) return;
  d.replaceChildren(header(label, list.count), ...body(list, selector, label));
  d.dataset.state = 'ready';
}

function header(label, count) {
  const S = strings();
  const close = el('button', { type: 'button', className: 'small secondary', dataset: { action: 'close' } }, S.close);
  close.addEventListener('click', () => dialog().close());
  return el('div', { className: 'block-head' }, el('h2', { id: 'members-title' }, count == null ? label : S.membersTitle(label, format().int(count))), close);
}

const fileName = (label) => `customers_${label.replace(/[\\/:*?"<>|\s]+/g, '_')}.csv`;

function body(list, selector, label) {
  const S = strings();
  const F = format();
  const note = el('span', { className: 'copy-note', role: 'status' });
  const csv = el('button', { type: 'button', className: 'small', dataset: { action: 'members-csv' } }, S.memberCsv);
  csv.addEventListener('click', async () => {
    try {
      const bytes = await worker.call('members-csv', { selector });
      download(new Blob([bytes], { type: 'text/csv;charset=utf-8' }), fileName(label));
    } catch (err) {
      if (!err.cancelled) note.replaceChildren(errorParagraph(err));
    }
  });
  const copy = el('button', { type: 'button', className: 'small secondary', dataset: { action: 'copy-ids' } }, S.copyIds);
  copy.addEventListener('click', async () => {
    try {
      if (!navigator.clipboard || !navigator.clipboard.writeText) throw new Error('no clipboard');
      await navigator.clipboard.writeText(list.customerIds.join('\n'));
      note.textContent = S.idsCopied(F.int(list.customerIds.length));
    } catch {
      note.textContent = S.copyUnavailable;
    }
  });
  if (list.count === 0) return [el('p', { className: 'muted' }, S.membersNone)];
  const yenOrBlank = (v) => (v == null ? td('—', 'num', '') : numTd(F.yen(v), v));
  const table = makeTable(
    'members-table',
    [
      { label: S.customerId }, { label: S.recencyDays, num: true }, { label: S.frequencyCount, num: true }, { label: S.monetaryTotal, num: true },
      { label: S.firstPurchase }, { label: S.lastPurchase }, { label: S.segment }, { label: S.cpmGroupDim }, { label: S.decile, num: true },
      { label: S.clv, num: true }, { label: S.pAlive, num: true },
    ],
    list.customers.map((c) => [
      el('th', { scope: 'row' }, c.customerId),
      c.recencyDays == null ? td('—', 'num', '') : numTd(F.int(c.recencyDays), c.recencyDays),
      numTd(F.int(c.frequency), c.frequency),
      numTd(F.yen(c.monetary), c.monetary),
      td(c.firstPurchase ?? '—'),
      td(c.lastPurchase ?? '—'),
      td(c.rfmSegment ? segmentName(S, c.rfmSegment) : '—', null, c.rfmSegment),
      td(c.cpmGroup ? cpmGroupName(S, c.cpmGroup) : '—', null, c.cpmGroup),
      c.decile == null ? td('—', 'num', '') : numTd(String(c.decile), c.decile),
      yenOrBlank(c.clv),
      c.pAlive == null ? td('—', 'num', '') : numTd(F.pct(c.pAlive), c.pAlive),
    ]),
  );
  return [
    el('div', { className: 'table-tools' }, csv, copy, note),
    el('p', { className: 'muted' }, list.count > list.customers.length ? S.membersShown(F.int(list.customers.length), F.int(list.count)) : S.membersAll, ` · ${S.asOf}: ${list.asOf}`),
    ...list.warnings.filter((w) => w.code === 'clv_unavailable').map(() => el('p', { className: 'muted', dataset: { code: 'clv_unavailable' } }, S.clvUnavailable)),
    el('div', { className: 'table-wrap' }, table),
  ];
}
