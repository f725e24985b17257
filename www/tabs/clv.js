// CLV tab: BG/NBD + Gamma-Gamma parameters, the P(alive) histogram, risk and P(alive) bands, the
// top customers by CLV, and the package's model check (a refit with the last days held out).
import { PALETTE, barChart, lineChart } from '../charts.js';
import { format, strings } from '../state.js';
import { drillable } from '../drill.js';
import { $, chartBlock, el, errorParagraph, makeTable, numTd, tableBlock, td } from '../ui.js';

// Days at the end of the history held out by the model check (lifetimes' calibration/holdout plot).
const MODEL_CHECK_DAYS = 180;

export const request = () => ({ key: '', options: { holdoutDays: MODEL_CHECK_DAYS } });

function parameterTable(d) {
  const S = strings();
  const F = format();
  const params = [
    ['BG/NBD r', d.bgnbd.r], ['BG/NBD α', d.bgnbd.alpha], ['BG/NBD a', d.bgnbd.a], ['BG/NBD b', d.bgnbd.b],
    ['Gamma-Gamma p', d.gammaGamma.p], ['Gamma-Gamma q', d.gammaGamma.q], ['Gamma-Gamma v', d.gammaGamma.v],
  ];
  return makeTable(
    'clv-params',
    [{ label: S.parameter }, { label: S.value, num: true }],
    params.map(([name, v]) => [el('th', { scope: 'row' }, name), numTd(F.dec4(v), v)]),
  );
}

function bandTable(id, bands, kind, title) {
  const S = strings();
  const F = format();
  return makeTable(
    id,
    [{ label: S.band }, { label: S.customers, num: true }, { label: S.clv, num: true }, { label: S.pastRevenue, num: true }],
    bands.map((b) => [
      el('th', { scope: 'row', dataset: { band: b.band } }, S.bands[b.band] ?? b.band),
      // The options of the tab's own call (request() above).
      drillable(numTd(F.int(b.customers), b.customers), { kind, band: b.band, clv: request().options }, `${title}: ${S.bands[b.band] ?? b.band}`),
      numTd(F.yen(b.clv), b.clv),
      numTd(F.yen(b.pastRevenue), b.pastRevenue),
    ]),
  );
}

// Display binning of P(alive) in tenths.
function pAliveHistogram(pAlive) {
  const S = strings();
  const F = format();
  const counts = new Array(10).fill(0);
  for (const p of pAlive) if (Number.isFinite(p)) counts[Math.min(9, Math.max(0, Math.floor(p * 10)))]++;
  return barChart({
    title: S.histTitle,
    bars: counts.map((n, i) => ({ label: (i / 10).toFixed(1), parts: [n], title: `${S.histAxis} ${(i / 10).toFixed(1)}–${((i + 1) / 10).toFixed(1)}: ${F.int(n)}` })),
    colors: ['#0b6e69'],
    legend: [S.customers],
    format: F.int,
    width: 440,
    height: 240,
  });
}

// Display order: the 20 largest CLVs.
function topTable(d) {
  const S = strings();
  const F = format();
  const idx = [];
  for (let i = 0; i < d.clv.length; i++) if (Number.isFinite(d.clv[i])) idx.push(i);
  idx.sort((a, b) => d.clv[b] - d.clv[a]);
  return makeTable(
    'clv-top',
    [{ label: S.rank, num: true }, { label: S.customerId }, { label: S.clv, num: true }, { label: S.pAlive, num: true }, { label: S.expectedPurchases(d.predictDays), num: true }],
    idx.slice(0, 20).map((i, r) => [
      numTd(String(r + 1), r + 1),
      td(d.customerIds[i]),
      numTd(F.yen(d.clv[i]), d.clv[i]),
      numTd(F.pct(d.pAlive[i]), d.pAlive[i]),
      numTd(F.dec2(d.expectedPurchases[i]), d.expectedPurchases[i]),
    ]),
  );
}

/** The model check as the package returned it: shown, skipped for a short history, or refused. */
function modelCheckSection(check) {
  const S = strings();
  const F = format();
  const box = el('section', { className: 'panel', id: 'clv-validation', dataset: { skipped: check.skipped ?? '' } }, el('h2', {}, S.validationTitle));
  if (check.skipped === 'short_history') box.append(el('p', { className: 'muted' }, S.validationSkipped(F.int(check.neededDays), F.int(check.historyDays))));
  else if (check.skipped) box.append(errorParagraph({ message: check.message, code: check.skipped }));
  else box.append(...modelCheck(check));
  return box;
}

function modelCheck(check) {
  const S = strings();
  const F = format();
  const chart = lineChart({
    title: S.validationTitle,
    xLabels: check.holdout.map((h) => h.frequency),
    format: F.dec2,
    series: [
      { label: S.predicted, values: check.holdout.map((h) => h.predicted), color: PALETTE[0], width: 2.5 },
      { label: S.actual, values: check.holdout.map((h) => h.actual), color: PALETTE[1], width: 2.5, dash: '6 4' },
    ],
  });
  const table = makeTable(
    'clv-holdout',
    [{ label: S.calFrequency }, { label: S.customers, num: true }, { label: S.predicted, num: true }, { label: S.actual, num: true }],
    check.holdout.map((h) => [td(h.frequency), numTd(F.int(h.customers), h.customers), numTd(F.dec2(h.predicted), h.predicted), numTd(F.dec2(h.actual), h.actual)]),
  );
  return [
    el('p', { className: 'muted' }, S.validationNote(check.calibrationEnd, check.observationEnd, check.days, F.dec2(check.holdoutMae))),
    el('figure', { className: 'chart-box', id: 'holdout-chart' }, chart),
    tableBlock(S.validationTable, table),
  ];
}

export function render(d) {
  const S = strings();
  const F = format();
  // Plain answers first — who is likely to buy, what they are worth, whom to contact — and the
  // model (its parameters, the P(alive) histogram, the holdout check) under 詳細.
  $('#clv-body').replaceChildren(
    el(
      'section',
      { className: 'panel' },
      el('h2', {}, S.clvTitle),
      el('p', { className: 'muted' }, `${S.calibrationEnd}: ${d.calibrationEnd} · ${S.customers}: ${F.int(d.customers)} · ${S.horizon(d.horizonDays)}`),
      el('p', { className: 'definition' }, S.churnDefinition),
      el('div', { className: 'two-col' }, tableBlock(S.riskTitle, bandTable('clv-risk', d.riskBands, 'riskBand', S.riskTitle)), tableBlock(S.aliveTitle, bandTable('clv-alive', d.aliveBands, 'aliveBand', S.aliveTitle))),
      el('p', { className: 'muted' }, S.aliveNote),
    ),
    el('section', { className: 'panel' }, tableBlock(S.topTitle, topTable(d))),
    el(
      'details',
      { className: 'panel details', id: 'clv-details' },
      el('summary', {}, S.modelDetails),
      el('div', { className: 'two-col' }, tableBlock(S.clvParams, parameterTable(d)), chartBlock(S.histTitle, 'palive-hist', pAliveHistogram(d.pAlive))),
      ...(d.holdoutCheck ? [modelCheckSection(d.holdoutCheck)] : []),
    ),
  );
}
