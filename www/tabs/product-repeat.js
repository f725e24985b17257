// Products tab, purchase cycles: replenishment() (per item: rebuyers and the interval between
// purchase days of the same item) and dueToReorder() (買い替え時期: who is due to buy a consumable
// again, or overdue, with its customer-list CSV from dueToReorderCsv() for the same options).
import { format, strings } from '../state.js';
import { $, download, el, errorParagraph, makeTable, numTd, td } from '../ui.js';
import { worker } from '../worker-client.js';
import { checkTd, intTd } from './campaign-labels.js';
import { daysTd, emptyRow, itemTd, itemTh, longTableBlock, pctTd, productAxis } from './product-labels.js';
import { showSection } from './sections.js';

// ---------- purchase cycles ----------
export const showReplenishment = () => showSection('replenishment', 'replenishment', { by: productAxis() }, renderReplenishment);

function replenishmentTable(r) {
  const S = strings();
  const F = format();
  const columns = [
    { label: r.by === 'product' ? S.axisProduct : S.axisCategory }, { label: S.buyerCount, num: true }, { label: S.rebuyerCount, num: true },
    { label: S.rebuyRate, num: true }, { label: S.intervalCount, num: true }, { label: S.medianInterval, num: true },
    { label: S.intervalRange, num: true }, { label: S.reorderable },
  ];
  const rows = r.items.map((x) => [
    itemTh(r.by, x.item, x.name), intTd(x.buyers), intTd(x.rebuyers), pctTd(x.rebuyRate), intTd(x.intervals), daysTd(x.median),
    td(F.isNum(x.p25) ? S.dayRange(F.upTo1(x.p25), F.upTo1(x.p75)) : '—', 'num'), checkTd(x.reorderable),
  ]);
  return makeTable('replenishment-table', columns, rows);
}

function renderReplenishment(r, body) {
  const S = strings();
  body.replaceChildren(
    longTableBlock(S.replenTable, replenishmentTable(r)),
    el('p', { className: 'muted' }, `${S.asOf}: ${r.asOf} · ${S.replenNote(format().int(r.minIntervals))}`),
  );
}

// ---------- due to reorder ----------
/** A whole-day input; empty leaves the package's default. */
function daysInput(sel) {
  const v = $(sel).value;
  return v === '' ? undefined : Number(v);
}
const dueOptions = () => ({ by: productAxis(), window: daysInput('#due-window'), overdue: daysInput('#due-overdue') });
export const showDue = () => showSection('due', 'dueToReorder', dueOptions(), renderDue);

/** Days until due: 'あと 3日' / 'in 3 d', '今日' / 'today', or overdue ('14日超過') when negative. */
function untilTd(days) {
  const S = strings();
  const F = format();
  const text = days > 0 ? S.dueIn(F.int(days)) : days === 0 ? S.dueToday : S.overdueBy(F.int(-days));
  const cell = numTd(text, days);
  cell.classList.add('due-days');
  if (days < 0) cell.classList.add('overdue');
  return cell;
}

function dueTable(r) {
  const S = strings();
  const columns = [
    { label: S.customerId }, { label: r.by === 'product' ? S.axisProduct : S.axisCategory }, { label: S.purchaseCount, num: true },
    { label: S.lastPurchase }, { label: S.medianInterval, num: true }, { label: S.dueDate }, { label: S.daysUntilDue, num: true },
  ];
  const rows = r.rows.map((x) => [
    el('th', { scope: 'row' }, x.customerId), itemTd(r.by, x.item, x.name), intTd(x.purchases), td(x.lastPurchase, 'date'),
    daysTd(x.medianInterval), td(x.due, 'date'), untilTd(x.daysUntilDue),
  ]);
  return makeTable('due-table', columns, rows.length ? rows : [emptyRow(columns.length, S.noDue)]);
}

function renderDue(r, body) {
  const S = strings();
  const F = format();
  body.replaceChildren(
    el('p', { id: 'due-summary' }, S.dueSummary(r.asOf, F.int(r.customers), F.int(r.rowsInList))),
    el('p', { className: 'muted' }, S.dueRule(F.int(r.window), F.int(r.overdue))),
    r.rowsInList > r.rows.length ? el('p', { className: 'muted', id: 'due-shown' }, S.dueShown(F.int(r.rows.length), F.int(r.rowsInList))) : '',
    longTableBlock(S.dueListTitle, dueTable(r)),
  );
}

/** The whole list as the package writes it (dueToReorderCsv), for the options on screen. */
export async function downloadDue() {
  const note = $('#due-csv-note');
  note.replaceChildren();
  try {
    const bytes = await worker.call('due-csv', { options: dueOptions() });
    download(new Blob([bytes], { type: 'text/csv;charset=utf-8' }), 'due_to_reorder.csv');
  } catch (err) {
    if (!err.cancelled) note.replaceChildren(errorParagraph(err));
  }
}
