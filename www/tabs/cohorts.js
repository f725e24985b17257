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

function cohortTable(d, isRevenue) {
  const S = strings();
  const F = format();
  const fmt = isRevenue ? F.yen : F.pct;
  const nP = d.periods.length;
  const max = colourMax(d, isRevenue);
  const cell = (v, cohort, k) => {
    if (!Number.isFinite(v)) return td('', 'num nan', '');
    const c = numTd(fmt(v), v);
    const h = heat(max > 0 ? v / max : 0);
    c.style.backgroundColor = h.bg;
    c.style.color = h.fg;
    if (cohort == null) return c;
    // The options of the table's own call (worker.js: cohorts({ metric, mode })).
    return drillable(c, { kind: 'cohortCell', cohort, period: k, cohorts: { metric: d.metric, mode: d.mode } }, S.cohortCellLabel(cohort, k));
  };
  return makeTable(
    'cohort-table',
    [{ label: S.cohort }, { label: S.size, num: true }, ...d.periods.map((p) => ({ label: p, num: true }))],
    d.cohorts.map((c, i) => [
      el('th', { scope: 'row' }, c.label),
      numTd(F.int(c.size), c.size),
      ...d.periods.map((_, k) => cell(d.rates[i * nP + k], c.label, k)),
    ]),
    { className: 'heatmap cohort', foot: [[el('th', { scope: 'row' }, S.average), numTd(F.int(d.size), d.size), ...d.average.map((v) => cell(v))]] },
  );
}

// The size-weighted average (bold) and up to 8 cohorts spread over the range, newest last.
function curves(d, isRevenue, metricName) {
  const S = strings();
  const F = format();
  const nP = d.periods.length;
  const step = Math.max(1, Math.ceil(d.cohorts.length / 8));
  const picked = d.cohorts.map((c, i) => i).filter((i) => (d.cohorts.length - 1 - i) % step === 0).slice(-8);
  return lineChart({
    title: `${metricName} — ${S.curvesTitle}`,
    xLabels: d.periods,
    format: isRevenue ? F.yen : F.pct,
    labelEvery: Math.max(1, Math.ceil(nP / 12)),
    series: [
      ...picked.map((i, j) => ({ label: d.cohorts[i].label, values: d.periods.map((_, k) => d.rates[i * nP + k]), color: PALETTE[j % PALETTE.length] })),
      { label: S.average, values: d.average, color: '#1b2430', width: 3.5 },
    ],
  });
}

export function render(d) {
  const S = strings();
  const isRevenue = d.metric !== 'customers';
  const metricName = isRevenue ? S.metricCumRev : S.metricCustomers;
  $('#cohorts-body').replaceChildren(
    tableBlock(`${metricName} · ${d.mode === 'rolling' ? S.modeRolling : S.modePeriod}`, cohortTable(d, isRevenue), el('p', { className: 'muted' }, `→ ${S.monthsSince}`)),
    chartBlock(isRevenue ? S.ltvCurves : S.retentionCurves, 'cohort-curves', curves(d, isRevenue, metricName)),
  );
}
