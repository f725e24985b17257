// Segments tab: RFM segments and the R × F grid, deciles, CPM groups and F2 conversion. The
// worker computes them without a language: segment and group names come from the page's i18n
// by each row's stable key, so a language switch only re-renders.
import { PALETTE, barChart, chartWidth, hbarChart, heat, paretoChart } from '../charts.js';
import { cpmGroupName, segmentName } from '../i18n.js';
import { format, strings } from '../state.js';
import { drillable } from '../drill.js';
import { $, chartBlock, el, makeTable, numTd, tableBlock } from '../ui.js';
import { showCrosstab } from './crosstab.js';

export const request = () => ({ key: '', options: {} });

/** "R 5 · FM 4–5": the rule's ranges that narrow anything (full ranges left out). */
function ruleText(rule, bins) {
  if (!rule) return strings().otherRule;
  const full = { r: bins, f: bins, m: bins, fm: 5 };
  return Object.entries(full)
    .filter(([axis, top]) => rule[axis][0] > 1 || rule[axis][1] < top)
    .map(([axis]) => `${axis.toUpperCase()} ${rule[axis][0] === rule[axis][1] ? rule[axis][0] : `${rule[axis][0]}–${rule[axis][1]}`}`)
    .join(' · ');
}

/** What each segment is, and what the scores mean (shown under the table, not only on hover). */
function definitions(rfm) {
  const S = strings();
  const collapsed = rfm.warnings.some((w) => w.code === 'quantile_edges_collapsed');
  return el(
    'details',
    { className: 'definitions', id: 'rfm-definitions' },
    el('summary', {}, S.segmentDefinitions),
    el('p', {}, S.scoreDefinition(rfm.bins)),
    collapsed ? el('p', { className: 'muted' }, S.collapsedScores) : '',
    el('dl', {}, ...rfm.segments.flatMap((s) => [el('dt', {}, segmentName(S, s.key)), el('dd', {}, ruleText(s.rule, rfm.bins))])),
  );
}

function segmentTable(rfm) {
  const S = strings();
  const F = format();
  return makeTable(
    'rfm-table',
    [{ label: S.segment }, { label: S.customers, num: true }, { label: S.share, num: true }, { label: S.revenue, num: true }, { label: S.revenueShare, num: true }],
    rfm.segments.map((s) => [
      el('th', { scope: 'row', dataset: { key: s.key }, title: ruleText(s.rule, rfm.bins) }, segmentName(S, s.key)),
      drillable(numTd(F.int(s.customers), s.customers), { kind: 'rfmSegment', segment: s.key }, segmentName(S, s.key)),
      numTd(F.pct(s.share), s.share),
      numTd(F.yen(s.revenue), s.revenue),
      numTd(F.pct(s.revenueShare), s.revenueShare),
    ]),
  );
}

// R from high (top) to low, F from low (left) to high.
function rfGrid(grid) {
  const F = format();
  const bins = grid.bins;
  const max = Math.max(1, ...grid.customers);
  const fCols = Array.from({ length: bins }, (_, i) => i + 1);
  const rows = [];
  for (let r = bins; r >= 1; r--) {
    rows.push([
      el('th', { scope: 'row' }, `R${r}`),
      ...fCols.map((f) => {
        const i = (r - 1) * bins + (f - 1);
        const n = grid.customers[i];
        const cell = numTd(F.int(n), n);
        const c = heat(n / max);
        cell.style.backgroundColor = c.bg;
        cell.style.color = c.fg;
        const label = `R${r} F${f}`;
        if (n > 0) {
          // The cell's customers: an RFM segment map with this one rule, on the same default scores.
          drillable(cell, { kind: 'rfmSegment', segment: `R${r}F${f}`, rfm: { segmentMap: [{ name: `R${r}F${f}`, r: [r, r], f: [f, f] }] } }, label);
        }
        cell.title = `${label}: ${F.int(n)} / ${F.yen(grid.revenue[i])}${n > 0 ? `\n${cell.title}` : ''}`;
        return cell;
      }),
    ]);
  }
  return makeTable('rf-grid', [{ label: 'R \\ F' }, ...fCols.map((f) => ({ label: `F${f}`, num: true }))], rows, { className: 'heatmap' });
}

function decileTable(deciles) {
  const S = strings();
  const F = format();
  return makeTable(
    'decile-table',
    [
      { label: S.decile }, { label: S.customers, num: true }, { label: S.revenue, num: true }, { label: S.share, num: true },
      { label: S.cumulativeShare, num: true }, { label: S.orders, num: true }, { label: S.aov, num: true },
      { label: S.minSpend, num: true }, { label: S.maxSpend, num: true },
    ],
    deciles.deciles.map((x) => [
      el('th', { scope: 'row', dataset: { value: String(x.decile) } }, String(x.decile)),
      drillable(numTd(F.int(x.customers), x.customers), { kind: 'decile', decile: x.decile }, `${S.decile} ${x.decile}`),
      numTd(F.yen(x.revenue), x.revenue),
      numTd(F.pct(x.share), x.share),
      numTd(F.pct(x.cumulativeShare), x.cumulativeShare),
      numTd(F.int(x.orders), x.orders),
      numTd(F.yen(x.aov), x.aov),
      numTd(F.yen(x.minSpend), x.minSpend),
      numTd(F.yen(x.maxSpend), x.maxSpend),
    ]),
  );
}

function cpmTable(cpm) {
  const S = strings();
  const F = format();
  return makeTable(
    'cpm-table',
    [
      { label: S.group }, { label: S.customers, num: true }, { label: S.share, num: true }, { label: S.revenue, num: true },
      { label: S.revenueShare, num: true }, { label: S.meanSpend, num: true }, { label: S.meanPurchases, num: true },
    ],
    cpm.groups.map((g) => [
      el('th', { scope: 'row', dataset: { key: g.key } }, cpmGroupName(S, g.key)),
      drillable(numTd(F.int(g.customers), g.customers), { kind: 'cpmGroup', group: g.key }, cpmGroupName(S, g.key)),
      numTd(F.pct(g.share), g.share),
      numTd(F.yen(g.revenue), g.revenue),
      numTd(F.pct(g.revenueShare), g.revenueShare),
      numTd(F.yen(g.meanSpend), g.meanSpend),
      numTd(F.dec2(g.meanPurchases), g.meanPurchases),
    ]),
  );
}

function f2Table(repeat) {
  const S = strings();
  const F = format();
  return makeTable(
    'f2-table',
    [{ label: S.windowDays }, { label: S.eligible, num: true }, { label: S.converted, num: true }, { label: S.rate, num: true }],
    repeat.f2Within.map((w) => [
      el('th', { scope: 'row', dataset: { value: String(w.days) } }, S.days(w.days)),
      numTd(F.int(w.eligible), w.eligible),
      numTd(F.int(w.converted), w.converted),
      numTd(w.rate == null ? '—' : F.pct(w.rate), w.rate),
    ]),
  );
}

/** Each segment's share of customers next to its share of revenue. */
function segmentChart(rfm) {
  const S = strings();
  const F = format();
  return hbarChart({
    title: S.segmentChart,
    rows: rfm.segments.map((s) => ({
      key: s.key,
      label: segmentName(S, s.key),
      values: [s.share, s.revenueShare],
      title: `${segmentName(S, s.key)}: ${S.customers} ${F.int(s.customers)} (${F.pct(s.share)}) · ${S.revenue} ${F.yen(s.revenue)} (${F.pct(s.revenueShare)})`,
    })),
    series: [{ label: S.customerShare, color: PALETTE[0] }, { label: S.revenueShare, color: PALETTE[1] }],
    format: F.pct,
  });
}

/** デシル: revenue per decile (bars) and the cumulative share (line), decile 1 first. */
function decileChart(deciles) {
  const S = strings();
  const F = format();
  return paretoChart({
    title: S.decileChart,
    bars: deciles.deciles.map((x) => ({
      key: String(x.decile),
      label: `D${x.decile}`,
      value: x.revenue,
      cumulative: x.cumulativeShare,
      cls: 'decile',
      title: `${S.decile} ${x.decile}: ${F.yen(x.revenue)} (${F.pct(x.share)}) · ${S.cumulativeShare} ${F.pct(x.cumulativeShare)}`,
    })),
    colors: { decile: PALETTE[0] },
    cutoffs: [],
    legend: { decile: S.revenue, cumulative: S.cumulativeShare },
    format: F.yen,
    formatShare: F.pct,
    height: 240,
  });
}

/** CPM groups month by month (customers in each group at the month's end), stacked. */
function cpmChart(cpm) {
  const S = strings();
  const F = format();
  const names = cpm.groups.map((g) => cpmGroupName(S, g.key));
  return barChart({
    title: S.cpmChart,
    bars: cpm.monthly.map((m) => ({
      label: m.month,
      parts: m.counts,
      title: `${m.month}: ${m.counts.map((n, i) => `${names[i]} ${F.int(n)}`).join(' / ')}`,
    })),
    colors: cpm.groups.map((_, i) => PALETTE[i % PALETTE.length]),
    legend: names,
    format: F.int,
    height: 300,
  });
}

/** Flows into each group in the last month: from which group its customers came (11 × 11). */
function cpmFlows(cpm) {
  const S = strings();
  const F = format();
  const last = cpm.monthly.at(-1);
  if (!last || !last.transitions) return '';
  const n = cpm.groups.length;
  const size = Math.round(Math.sqrt(last.transitions.length));
  const fromLabel = (i) => (i < n ? cpmGroupName(S, cpm.groups[i].key) : S.notYetCustomer);
  const fromRows = Array.from({ length: size }, (_, i) => i).filter((i) => i < n || last.transitions.slice(i * size, i * size + n).some((v) => v > 0));
  const max = Math.max(1, ...fromRows.flatMap((i) => last.transitions.slice(i * size, i * size + n).filter((_, j) => j !== i)));
  const rows = fromRows.map((i) => [
    el('th', { scope: 'row' }, fromLabel(i)),
    ...cpm.groups.map((_, j) => {
      const v = last.transitions[i * size + j];
      const cell = numTd(v ? F.int(v) : '·', v);
      if (i !== j && v) {
        const c = heat(v / max);
        cell.style.backgroundColor = c.bg;
        cell.style.color = c.fg;
      }
      cell.title = S.flowCell(fromLabel(i), cpmGroupName(S, cpm.groups[j].key), F.int(v));
      return cell;
    }),
  ]);
  return tableBlock(
    S.cpmFlows(last.month),
    makeTable('cpm-flows', [{ label: S.flowFromTo }, ...cpm.groups.map((g) => ({ label: cpmGroupName(S, g.key), num: true }))], rows, { className: 'heatmap' }),
    el('p', { className: 'muted' }, S.cpmFlowsNote),
  );
}

/** F2 conversion within each window (first-time buyers whose window is fully observed). */
function f2Chart(repeat) {
  const S = strings();
  const F = format();
  return barChart({
    title: S.f2Chart,
    bars: repeat.f2Within.map((w) => ({
      label: S.days(w.days),
      parts: [w.rate ?? 0],
      title: `${S.days(w.days)}: ${w.rate == null ? '—' : F.pct(w.rate)} (${F.int(w.converted)} / ${F.int(w.eligible)})`,
    })),
    colors: [PALETTE[2]],
    legend: [S.rate],
    format: F.pct,
    width: Math.min(560, chartWidth()),
    height: 200,
  });
}

export function render({ rfm, deciles, cpm, repeat }) {
  const S = strings();
  const F = format();
  $('#segments-body').replaceChildren(
    el(
      'section',
      { className: 'panel' },
      el('h2', {}, S.rfmTitle),
      el('p', { className: 'muted' }, `${S.asOf}: ${rfm.asOf} · ${S.customers}: ${F.int(rfm.customersScored)}`),
      chartBlock(S.segmentChart, 'segment-chart', segmentChart(rfm)),
      tableBlock(S.rfmTitle, segmentTable(rfm), definitions(rfm)),
      tableBlock(S.rfGrid, rfGrid(rfm.grid), el('p', { className: 'axis-note muted' }, `↓ ${S.rScore} · → ${S.fScore}`)),
    ),
    el('section', { className: 'panel' }, el('h2', {}, S.decilesTitle), chartBlock(S.decileChart, 'decile-chart', decileChart(deciles)), tableBlock(S.decilesTitle, decileTable(deciles))),
    el('section', { className: 'panel' }, el('h2', {}, S.cpmTitle), chartBlock(S.cpmChart, 'cpm-chart', cpmChart(cpm)), tableBlock(S.cpmTitle, cpmTable(cpm)), cpmFlows(cpm)),
    el(
      'section',
      { className: 'panel' },
      el('h2', {}, S.repeatTitle),
      chartBlock(S.f2Chart, 'f2-chart', f2Chart(repeat)),
      tableBlock(S.repeatTitle, f2Table(repeat), el('p', { className: 'muted' }, `${S.repeatRate}: ${F.pct(repeat.repeatRate)} (${F.int(repeat.repeatBuyers)} / ${F.int(repeat.buyers)})`)),
    ),
  );
  showCrosstab();
}
