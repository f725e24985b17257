// Cohorts tab: the retention / cumulative revenue heatmap and its curves, for the metric and
// mode chosen above the table.
import { PALETTE, heat, lineChart } from '../charts.js';
import { format, strings } from '../state.js';
import { drillable } from '../drill.js';
import { $, chartBlock, el, makeTable, numTd, tableBlock, td } from '../ui.js';

export function request() {
  const options = { metric: $('#cohort-metric').value, mode: $('#cohort-mode').value };
  return { key: `${options.metric}/${options.mode}`, options };
}

// Colour scale: revenue by the largest cell; retention by the largest cell after period 0
// (period 0 is 100% by definition and would wash out the rest).
function colourMax(d, isRevenue) {
  const nP = d.periods.length;
  let max = 0;
  for (let i = 0; i < d.cohorts.length; i++) {
    for (let k = isRevenue ? 0 : 1; k < nP; k++) {
      const v = d.rates[i * nP + k];
      if (Number.isFinite(v) && v > max) max = v;
    }
  }
  return max;
}

/** A cell's numbers in words: the rate with its count and cohort size (or revenue per customer and in all). */
function cellTip(d, i, k, isRevenue) {
  const S = strings();
  const F = format();
  const nP = d.periods.length;
  const { label, size } = d.cohorts[i];
  const value = d.values[i * nP + k];
  const rate = d.rates[i * nP + k];
  return isRevenue
    ? S.cohortRevTip(label, k, F.yen(rate), F.yen(value))
    : S.cohortCellTip(label, k, F.pct(rate), F.int(value), F.int(size));
}

/** The customers behind the average of period k: the cohorts observed there, counted together. */
function averageCounts(d, k) {
  const nP = d.periods.length;
  let n = 0;
  let size = 0;
  d.cohorts.forEach((c, i) => {
    const v = d.values[i * nP + k];
    if (Number.isFinite(v)) {
      n += v;
      size += c.size;
    }
  });
  return { n, size };
}

function averageTip(d, k) {
  const S = strings();
  const F = format();
  const { n, size } = averageCounts(d, k);
  return S.averageTip(k, F.pct(d.average[k]), F.int(n), F.int(size));
}

function cohortTable(d, isRevenue) {
  const S = strings();
  const F = format();
  const fmt = isRevenue ? F.yen : F.pct;
  const nP = d.periods.length;
  const max = colourMax(d, isRevenue);
  const cell = (v, i, k) => {
    if (!Number.isFinite(v)) return td('', 'num nan', '');
    const c = numTd(fmt(v), v);
    const h = heat(max > 0 ? v / max : 0);
    c.style.backgroundColor = h.bg;
    c.style.color = h.fg;
    if (i == null) {
      c.title = isRevenue ? `${S.average}: ${fmt(v)}` : averageTip(d, k);
      return c;
    }
    const cohort = d.cohorts[i].label;
    // The options of the table's own call (worker.js: cohorts({ metric, mode })).
    drillable(c, { kind: 'cohortCell', cohort, period: k, cohorts: { metric: d.metric, mode: d.mode } }, S.cohortCellLabel(cohort, k));
    c.title = `${cellTip(d, i, k, isRevenue)}\n${c.title}`;
    return c;
  };
  return makeTable(
    'cohort-table',
    [{ label: S.cohort }, { label: S.size, num: true }, ...d.periods.map((p) => ({ label: p, num: true }))],
    d.cohorts.map((c, i) => [
      el('th', { scope: 'row' }, c.label),
      numTd(F.int(c.size), c.size),
      ...d.periods.map((_, k) => cell(d.rates[i * nP + k], i, k)),
    ]),
    { className: 'heatmap cohort', foot: [[el('th', { scope: 'row' }, S.average), numTd(F.int(d.size), d.size), ...d.average.map((v, k) => cell(v, null, k))]] },
  );
}

// The size-weighted average (bold) and up to 8 cohorts spread over the range, newest last.
// Retention starts at period 1: period 0 is 100 % by definition and would squash every line; the
// y axis then runs to the largest rate shown. Each point tells its counts on hover.
function curves(d, isRevenue, metricName) {
  const S = strings();
  const F = format();
  const nP = d.periods.length;
  const from = isRevenue || nP < 2 ? 0 : 1;
  const ks = d.periods.map((_, k) => k).slice(from);
  // Cohorts with something to draw (the newest may have only period 0), black kept for the average.
  const drawn = d.cohorts.map((c, i) => i).filter((i) => Number.isFinite(d.rates[i * nP + from]));
  const step = Math.max(1, Math.ceil(drawn.length / 8));
  const picked = drawn.filter((i, j) => (drawn.length - 1 - j) % step === 0).slice(-8);
  const colours = PALETTE.filter((c) => c !== '#000000');
  return lineChart({
    title: `${metricName} — ${S.curvesTitle}`,
    xLabels: ks.map((k) => d.periods[k]),
    format: isRevenue ? F.yen : F.pct,
    labelEvery: Math.max(1, Math.ceil(ks.length / 12)),
    series: [
      ...picked.map((i, j) => ({
        label: d.cohorts[i].label,
        values: ks.map((k) => d.rates[i * nP + k]),
        points: ks.map((k) => cellTip(d, i, k, isRevenue)),
        color: colours[j % colours.length],
      })),
      {
        label: S.average,
        values: ks.map((k) => d.average[k]),
        points: ks.map((k) => (isRevenue ? `${S.average}: ${F.yen(d.average[k])}` : averageTip(d, k))),
        color: '#1b2430',
        width: 3.5,
      },
    ],
  });
}

/** What the modes, period 0, the metric and the empty cells mean. */
function definitions() {
  const S = strings();
  return el(
    'details',
    { className: 'definitions', id: 'cohort-definitions' },
    el('summary', {}, S.cohortDefsTitle),
    el('dl', {}, ...S.cohortDefs.flatMap(([term, text]) => [el('dt', {}, term), el('dd', {}, text)])),
  );
}

export function render(d) {
  const S = strings();
  const isRevenue = d.metric !== 'customers';
  const metricName = isRevenue ? S.metricCumRev : S.metricCustomers;
  $('#cohorts-body').replaceChildren(
    tableBlock(
      `${metricName} · ${d.mode === 'rolling' ? S.modeRolling : S.modePeriod}`,
      cohortTable(d, isRevenue),
      el('p', { className: 'muted' }, `→ ${S.monthsSince}`),
      definitions(),
    ),
    chartBlock(isRevenue ? S.ltvCurves : S.retentionCurves, 'cohort-curves', curves(d, isRevenue, metricName), isRevenue ? '' : el('p', { className: 'muted' }, S.curvesFrom1)),
  );
}
