// Products tab, seasonality(): the top items by revenue (the rest as 'other') × month, weekday or
// hour, coloured by revenue per row, with units, buyers and the year-over-year change (months)
// in each cell's tooltip, and the total of all items per period.
import { heat } from '../charts.js';
import { format, strings } from '../state.js';
import { $, el, makeTable, numTd, tableBlock } from '../ui.js';
import { itemLabel, productAxis } from './product-labels.js';
import { showSection } from './sections.js';

// Rows of the grid: the first items by revenue; the package sums the rest as 'other'.
const SEASON_ITEMS = 10;

const seasonOptions = () => ({ by: productAxis(), period: $('#season-period').value, items: SEASON_ITEMS });
export const showSeasonality = () => showSection('seasonality', 'seasonality', seasonOptions(), renderSeasonality);

/** A period as people read it: '2025-03', '水' / 'Wed', '9時' / '9:00'. */
function periodLabel(period, p) {
  const S = strings();
  if (period === 'weekday') return S.weekdayNames[p] ?? p;
  if (period === 'hour') return S.hourLabel(p);
  return p;
}

/** The row of item i: the package's 'other' (the items beyond the top) comes last. */
function rowLabel(s, i) {
  const last = i === s.items.length - 1;
  if (last && s.items[i] === 'other' && s.names[i] === '') return strings().otherItems;
  return itemLabel(s.by, s.items[i], s.names[i]);
}

function cell(s, i, j, label, rowMax) {
  const S = strings();
  const F = format();
  const k = i * s.periods.length + j; // row-major: revenue[item * periods.length + period]
  const v = s.revenue[k];
  const node = numTd(F.yen(v), v);
  node.dataset.period = s.periods[j];
  const yoy = s.period === 'month' ? F.pctSigned(s.yoy[k]) : null;
  node.title = S.seasonCell(label, periodLabel(s.period, s.periods[j]), F.yen(v), F.int(s.units[k]), F.int(s.buyers[k]), yoy);
  // Colour only: each row on its own scale, so a small item's season shows as well as a big one's.
  const c = heat(rowMax > 0 ? Math.max(0, v) / rowMax : 0);
  node.style.backgroundColor = c.bg;
  node.style.color = c.fg;
  return node;
}

function grid(s) {
  const S = strings();
  const F = format();
  const n = s.periods.length;
  const rows = s.items.map((item, i) => {
    const label = rowLabel(s, i);
    const rowMax = Math.max(0, ...s.revenue.slice(i * n, (i + 1) * n));
    const th = el('th', { scope: 'row', dataset: { key: item } }, label);
    if (s.by === 'product' && s.names[i]) th.title = item;
    return [th, ...s.periods.map((_, j) => cell(s, i, j, label, rowMax))];
  });
  const foot = [el('th', { scope: 'row' }, S.total), ...s.totalRevenue.map((v) => numTd(F.yen(v), v))];
  const head = `${S.seasonAxis[s.by] ?? s.by} \\ ${S.seasonUnit[s.period] ?? s.period}`;
  return makeTable('season-grid', [{ label: head }, ...s.periods.map((p) => ({ label: periodLabel(s.period, p), num: true }))], rows, { className: 'heatmap seasonality', foot: [foot] });
}

function renderSeasonality(s, body) {
  const S = strings();
  const F = format();
  const title = S.seasonGrid(S.seasonAxis[s.by] ?? s.by, S.seasonUnit[s.period] ?? s.period);
  const note = el('p', { className: 'muted' }, S.seasonNote, s.period === 'hour' && s.untimed > 0 ? ` ${S.untimedOrders(F.int(s.untimed))}` : '');
  body.replaceChildren(tableBlock(title, grid(s), note));
}
