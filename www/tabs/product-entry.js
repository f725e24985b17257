// Products tab, the first purchase and what follows: entryProducts() (入口商品: the F2 rate of
// each first-order item per window, with its interval, against all new customers) and
// nextProducts() (what the next order holds after an item, with share, base rate and lift).
import { format, strings } from '../state.js';
import { $, el, makeTable, numTd } from '../ui.js';
import { intTd, rateTd, yenTd } from './campaign-labels.js';
import { emptyRow, itemTd, itemTh, longTableBlock, pctTd, productAxis, rateCiText } from './product-labels.js';
import { showSection } from './sections.js';

// ---------- entry products ----------
function entryOptions() {
  const min = $('#entry-min').value;
  return { by: productAxis(), minCustomers: min === '' ? undefined : Number(min) };
}
export const showEntry = () => showSection('entry', 'entryProducts', entryOptions(), renderEntry);

/** F2 within one window: the rate and its interval as text, converted / eligible in the tooltip. */
function f2Td(f) {
  const S = strings();
  const F = format();
  const ok = f.rate && F.isNum(f.rate.value);
  const cell = numTd(rateCiText(f.rate), ok ? f.rate.value : null);
  cell.dataset.days = String(f.days);
  cell.title = S.f2CellTitle(F.int(f.days), F.int(f.converted), F.int(f.eligible), ok ? S.ci(F.pct(f.rate.low), F.pct(f.rate.high)) : '—');
  return cell;
}

function entryRow(e, row, overall) {
  const S = strings();
  const revenue = yenTd(row.revenue12m);
  revenue.title = S.revenue12mTitle(format().int(row.revenue12mCustomers));
  const head = overall ? el('th', { scope: 'row', dataset: { key: '' } }, S.overallRow) : itemTh(e.by, row.item, row.name);
  return [head, intTd(row.newCustomers), ...row.f2.map(f2Td), revenue, rateTd(row.topSegmentShare)];
}

function entryTable(e) {
  const S = strings();
  const F = format();
  const table = makeTable(
    'entry-table',
    [
      { label: S.entryItem }, { label: S.newCustomerCount, num: true },
      ...e.windows.map((d) => ({ label: S.f2Within(F.int(d)), num: true })),
      { label: S.revenue12m, num: true }, { label: S.topSegmentShare, num: true },
    ],
    [entryRow(e, e.overall, true), ...e.items.map((row) => entryRow(e, row, false))],
  );
  table.tBodies[0].rows[0].classList.add('overall');
  return table;
}

function renderEntry(e, body) {
  const S = strings();
  const F = format();
  const note = S.entryNote(F.int(e.rankWindow), F.int(e.minCustomers), F.int(e.belowMinimum), F.int(e.multiItemFirstOrders));
  body.replaceChildren(
    el('p', { className: 'muted' }, `${S.asOf}: ${e.asOf} · ${S.newCustomerCount}: ${F.int(e.newCustomers)}`),
    longTableBlock(S.entryTableTitle, entryTable(e)),
    el('p', { className: 'muted', id: 'entry-note' }, note),
  );
}

// ---------- what is bought next ----------
const nextOptions = () => ({ by: productAxis(), from: $('#next-from').value });
export const showNext = () => showSection('next-products', 'nextProducts', nextOptions(), renderNext);

function nextTable(n) {
  const S = strings();
  const F = format();
  const columns = [
    { label: S.fromItem }, { label: S.toItem }, { label: S.transitionCount, num: true }, { label: S.transitionShare, num: true },
    { label: S.baseRate, num: true }, { label: S.lift, num: true },
  ];
  const rows = n.transitions.map((t) => {
    const share = pctTd(t.share);
    share.title = `${F.int(t.count)} / ${F.int(t.fromPairs)}`;
    return [itemTh(n.by, t.from, t.fromName), itemTd(n.by, t.to, t.toName), intTd(t.count), share, pctTd(t.baseRate), numTd(F.dec2(t.lift), F.isNum(t.lift) ? t.lift : null)];
  });
  return makeTable('next-table', columns, rows.length ? rows : [emptyRow(columns.length, S.noTransitions)]);
}

function renderNext(n, body) {
  const S = strings();
  const title = n.from === 'any' ? S.fromAny : S.fromFirst;
  body.replaceChildren(longTableBlock(`${S.nextTitle}: ${title}`, nextTable(n)), el('p', { className: 'muted' }, S.nextNote(format().int(n.pairs))));
}
