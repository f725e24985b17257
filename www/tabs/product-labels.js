// Products tab: the labels and cells its sections share. Items come from the package as product
// ids with their names, or as categories (named by themselves; 'unknown' = products without
// one). Numbers are only formatted here.
import { format, strings } from '../state.js';
import { $, el, numTd, tableBlock, td } from '../ui.js';

/** The tab's axis: 'product' or 'category' (every section follows it). */
export const productAxis = () => $('#prod-by').value;

/** An item as people read it: a product's name (its id when it has none), or the category. */
export function itemLabel(by, item, name) {
  if (by === 'category') return item === 'unknown' ? strings().unknownCategory : item;
  return name || item;
}
/** The row header of an item: its label, the id as data-key and (for products) as the tooltip. */
export function itemTh(by, item, name) {
  const th = el('th', { scope: 'row', dataset: { key: item } }, itemLabel(by, item, name));
  if (by === 'product' && name) th.title = item;
  return th;
}
/** A cell of an item that is not the row header (e.g. the product bought next). */
export function itemTd(by, item, name) {
  const cell = td(itemLabel(by, item, name), 'label');
  cell.dataset.key = item;
  if (by === 'product' && name) cell.title = item;
  return cell;
}

/** Days (a median may be a half): '47日' / '46.5 d'. */
export const daysTd = (x) => numTd(format().isNum(x) ? strings().daysN(format().upTo1(x)) : '—', format().isNum(x) ? x : null);
export const pctTd = (x) => numTd(format().pct(x), format().isNum(x) ? x : null);

/** A rate with its Wilson 95 % interval written out: '35.8% (34.4%–37.2%)'; '—' when not observable. */
export function rateCiText(rate) {
  const F = format();
  if (!rate || !F.isNum(rate.value)) return '—';
  return strings().rateWithCi(F.pct(rate.value), F.pct(rate.low), F.pct(rate.high));
}

/** A row saying the list is empty, across `columns` cells. */
export const emptyRow = (columns, text) => [el('td', { colspan: String(columns), className: 'empty' }, text)];

/** The ABC class as a coloured badge. */
export const classTd = (cls) => el('td', { className: 'abc-class', dataset: { class: cls } }, el('span', { className: `badge abc-${cls}` }, cls));

/** tableBlock for a long list: the table scrolls inside a box of limited height. */
export function longTableBlock(title, table, ...extra) {
  const block = tableBlock(title, table, ...extra);
  block.querySelector('.table-wrap').classList.add('tall');
  return block;
}
