// Campaigns tab, the tests of one campaign: A/B and holdout (compareVariants(): the verdicts
// first, then the arms and every test) and why it worked (campaignFactors(): the verdict, then
// each factor crude and with the others held fixed). The package decides; the page words it.
import { format, strings } from '../state.js';
import { $, el, makeTable, numTd, tableBlock, td } from '../ui.js';
import { armName, checkTd, factorName, intTd, levelName, pTd, ptTd, rateTd, verdictText, warningList, yenTd } from './campaign-labels.js';
import { membersNote, membersTd, showSection } from './campaign-results.js';

// ---------- A/B and holdout ----------
function compareOptions() {
  return { campaign: $('#cmp-campaign').value, metric: $('#cmp-metric').value, baseline: $('#cmp-baseline').value };
}
export function showCompare() {
  const options = compareOptions();
  if (options.campaign) showSection('compare', 'compareVariants', options, renderCompare);
}

/** The baseline choices are the arms of the campaign on screen (a variant without a name cannot be one). */
function fillBaselines(arms) {
  const select = $('#cmp-baseline');
  const prev = select.value;
  const auto = select.options[0];
  select.replaceChildren(auto, ...arms.filter((a) => a.name !== '').map((a) => el('option', { value: a.name }, armName(a))));
  select.value = [...select.options].some((o) => o.value === prev) ? prev : '';
}
export function resetBaseline() {
  $('#cmp-baseline').value = '';
}

function armsTable(r) {
  const S = strings();
  const statusOf = () => $('#cmp-arm-status').value;
  const incremental = new Map(r.incremental.map((x) => [x.arm, x]));
  return makeTable(
    'compare-arms',
    [
      { label: S.arm }, { label: S.recipients, num: true }, { label: S.openRate, num: true }, { label: S.clickRate, num: true },
      { label: S.conversionRate, num: true }, { label: S.revenuePerRecipient, num: true }, { label: S.incrementalConversions, num: true },
      { label: S.incrementalRevenue, num: true }, { label: S.list, className: 'no-export' },
    ],
    r.arms.map((a) => {
      const inc = incremental.get(a.name);
      // The control group's list is its customers; a sent arm's, those of the chosen status.
      const selector = a.control ? { campaigns: r.campaigns } : { campaigns: r.campaigns, group: { variant: a.name } };
      return [
        el('th', { scope: 'row', dataset: { key: a.name, control: String(a.control) } }, armName(a)),
        intTd(a.recipients), rateTd(a.openRate), rateTd(a.clickRate), rateTd(a.conversionRate), yenTd(a.revenuePerRecipient),
        inc ? numTd(format().dec1(inc.conversions), inc.conversions) : td('—', 'num'),
        inc ? yenTd(inc.revenue) : td('—', 'num'),
        membersTd(armName(a), selector, a.control ? () => 'control' : statusOf),
      ];
    }),
  );
}

function testsTable(r) {
  const S = strings();
  const F = format();
  const names = new Map(r.arms.map((a) => [a.name, armName(a)]));
  const vs = (x) => S.armVs(names.get(x.arm) ?? x.arm, names.get(x.baseline) ?? x.baseline);
  const rates = r.rates.map((x) => [
    el('th', { scope: 'row' }, vs(x)), td(S.metricNames[x.metric] ?? x.metric, null, x.metric),
    numTd(F.pct(x.rate), x.rate), numTd(F.pct(x.baselineRate), x.baselineRate), ptTd(x.diff, x.newcombeLow, x.newcombeHigh),
    numTd(F.pct(x.lift), F.isNum(x.lift) ? x.lift : null), pTd(x.pValue), pTd(x.pAdjusted), checkTd(x.significant),
  ]);
  const revenue = r.revenue.map((x) => {
    const diff = yenTd(x.diff);
    diff.title = S.ci(F.yen(x.low), F.yen(x.high));
    return [
      el('th', { scope: 'row' }, vs(x)), td(S.metricNames.revenue, null, 'revenue'), yenTd(x.mean), yenTd(x.baselineMean), diff,
      td('—', 'num'), pTd(x.pValue), pTd(x.pAdjusted), checkTd(x.significant),
    ];
  });
  return makeTable(
    'compare-tests',
    [
      { label: S.comparison }, { label: S.metric }, { label: S.armValue, num: true }, { label: S.baselineValue, num: true },
      { label: S.diff, num: true }, { label: S.lift, num: true }, { label: S.pValue, num: true }, { label: S.pAdjusted, num: true },
      { label: S.significant },
    ],
    [...rates, ...revenue],
  );
}

function renderCompare(r, body) {
  const S = strings();
  fillBaselines(r.arms);
  body.replaceChildren(
    el('ul', { className: 'verdicts', id: 'compare-verdicts' }, ...r.verdicts.map((v) => el('li', {}, verdictText(v)))),
    warningList(r.warnings),
    tableBlock(`${S.armsTitle}: ${r.campaigns.join(', ')}`, armsTable(r)),
    tableBlock(S.testsTitle, testsTable(r)),
    el('p', { className: 'muted' }, S.compareNote(format().int(r.attributionDays))),
    membersNote(),
  );
}

// ---------- why it worked ----------
export function showFactors() {
  const campaign = $('#cmp-campaign').value;
  if (campaign) showSection('factors', 'campaignFactors', { campaign, metric: $('#factor-metric').value }, renderFactors);
}

function summaryTable(f) {
  const S = strings();
  return makeTable(
    'factor-summary',
    [{ label: S.factor }, { label: S.survives }, { label: S.strongestLevel }, { label: S.riskDifference, num: true }],
    f.summary.map((x) => [
      el('th', { scope: 'row', dataset: { key: x.factor } }, factorName(x.factor)),
      checkTd(x.survives), td(levelName(x.factor, x.strongestLevel), null, x.strongestLevel), ptTd(x.riskDifference),
    ]),
  );
}

/** The plain reading of an effect's flags, the strongest warning first. */
function reading(e) {
  const R = strings().readings;
  if (e.simpson) return [R.simpson, 'simpson'];
  if (e.explainedByOthers) return [R.explained, 'explained'];
  return e.survives ? [R.survives, 'survives'] : [R.none, 'none'];
}

function effectsTable(f) {
  const S = strings();
  const rate = S.metricNames[f.metric] ?? f.metric;
  return makeTable(
    'factor-effects',
    [
      { label: S.factor }, { label: S.level }, { label: S.reference }, { label: S.units, num: true }, { label: rate, num: true },
      { label: `${S.reference}: ${S.units}`, num: true }, { label: `${S.reference}: ${rate}`, num: true }, { label: S.crude, num: true },
      { label: S.adjusted, num: true }, { label: S.pValue, num: true }, { label: S.readingColumn },
    ],
    f.effects.map((e) => {
      const [text, kind] = reading(e);
      return [
        el('th', { scope: 'row', dataset: { key: e.factor } }, factorName(e.factor)),
        td(levelName(e.factor, e.level), 'label', e.level), td(levelName(e.factor, e.reference), 'label', e.reference),
        intTd(e.exposed), rateTd(e.exposedRate), intTd(e.referenceUnits), rateTd(e.referenceRate),
        ptTd(e.crude.riskDifference, e.crude.riskDifferenceLow, e.crude.riskDifferenceHigh),
        ptTd(e.adjusted.riskDifference, e.adjusted.riskDifferenceLow, e.adjusted.riskDifferenceHigh),
        pTd(e.adjusted.pValue), el('td', { className: `reading ${kind}`, dataset: { reading: kind } }, text),
      ];
    }),
  );
}

function renderFactors(f, body) {
  const S = strings();
  body.replaceChildren(
    el('p', { className: 'verdict', id: 'factors-verdict' }, verdictText(f.verdict)),
    warningList(f.warnings),
    f.summary.length ? tableBlock(S.factorSummaryTitle, summaryTable(f)) : '',
    f.effects.length ? tableBlock(S.effectsTitle, effectsTable(f)) : '',
    el('p', { className: 'muted' }, S.factorsNote),
  );
}
