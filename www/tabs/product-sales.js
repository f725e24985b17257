// Products tab, what sells: products() — the Pareto chart (revenue per item, highest first, with
// the cumulative share and the class cut-offs), the summary by ABC class and the item table.
import { paretoChart } from '../charts.js';
import { format, strings } from '../state.js';
import { $, chartBlock, el, makeTable, tableBlock, td } from '../ui.js';
import { intTd, yenTd } from './campaign-labels.js';
import { classTd, itemLabel, longTableBlock, pctTd, productAxis } from './product-labels.js';
import { showSection } from './sections.js';

// Bars of the chart: the first items by revenue (the table lists them all).
const PARETO_BARS = 50;
// Okabe–Ito blue, orange and grey (as .abc-A/B/C in style.css).
const CLASS_COLORS = { A: '#0072B2', B: '#E69F00', C: '#999999' };

function abcOptions() {
  return { by: productAxis(), abc: $('#abc-cut').value.split(',').map(Number) };
}
export const showAbc = () => showSection('pareto', 'productAbc', abcOptions(), renderAbc);

function paretoBlock(r) {
  const S = strings();
  const F = format();
  const shown = r.items.slice(0, PARETO_BARS);
  const chart = paretoChart({
    title: S.paretoTitle,
    bars: shown.map((x) => ({
      key: x.item,
      label: r.by === 'product' ? x.item : itemLabel(r.by, x.item, x.name),
      value: x.revenue,
      cumulative: x.cumulativeShare,
      cls: x.class,
      title: S.paretoBar(r.by === 'product' && x.name ? `${x.item} ${x.name}` : itemLabel(r.by, x.item, x.name), F.yen(x.revenue), F.pct(x.cumulativeShare), x.class),
    })),
    colors: CLASS_COLORS,
    cutoffs: r.abc,
    legend: { A: S.rankName('A'), B: S.rankName('B'), C: S.rankName('C'), cumulative: S.cumulativeShare },
    format: F.yen,
    formatShare: F.pct,
  });
  const block = chartBlock(S.paretoTitle, 'pareto-chart', chart);
  if (r.items.length > shown.length) block.append(el('p', { className: 'muted', id: 'pareto-shown' }, S.paretoShown(F.int(shown.length), F.int(r.items.length))));
  return block;
}

function classTable(r) {
  const S = strings();
  return makeTable(
    'abc-classes',
    [{ label: S.abcClass }, { label: S.itemCount, num: true }, { label: S.revenue, num: true }, { label: S.share, num: true }],
    r.classes.map((c) => [
      el('th', { scope: 'row', dataset: { key: c.class } }, el('span', { className: `badge abc-${c.class}` }, c.class)),
      intTd(c.items), yenTd(c.revenue), pctTd(c.share),
    ]),
  );
}

function itemTable(r) {
  const S = strings();
  const product = r.by === 'product';
  const columns = [
    { label: product ? S.itemCode : S.categoryName }, ...(product ? [{ label: S.itemName }] : []),
    { label: S.revenue, num: true }, { label: S.unitsSold, num: true }, { label: S.orders, num: true },
    { label: S.buyerCount, num: true }, { label: S.repeatBuyerCount, num: true }, { label: S.repeatRate, num: true },
    { label: S.share, num: true }, { label: S.cumulativeShare, num: true }, { label: S.abcClass },
  ];
  return makeTable(
    'abc-table',
    columns,
    r.items.map((x) => [
      el('th', { scope: 'row', dataset: { key: x.item } }, product ? x.item : itemLabel(r.by, x.item, x.name)),
      ...(product ? [td(x.name, 'label')] : []),
      yenTd(x.revenue), intTd(x.units), intTd(x.orders), intTd(x.buyers), intTd(x.repeatBuyers), pctTd(x.repeatRate),
      pctTd(x.share), pctTd(x.cumulativeShare), classTd(x.class),
    ]),
  );
}

function renderAbc(r, body) {
  const S = strings();
  const F = format();
  const axis = r.by === 'product' ? S.axisProduct : S.axisCategory;
  body.replaceChildren(
    paretoBlock(r),
    tableBlock(S.classSummaryTitle, classTable(r)),
    el('p', { className: 'muted' }, S.abcNote(F.pct(r.abc[0]), F.pct(r.abc[1]))),
    longTableBlock(S.abcTableTitle(axis), itemTable(r)),
  );
}
