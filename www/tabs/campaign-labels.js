// Campaigns tab: the labels and cells its sections share. Group labels come from the package as
// keys ('email', 'Wed', 'champions', '9'); the page names them, and shows a key it has no
// words for as written. Numbers are only formatted here.
import { cpmGroupName, segmentName } from '../i18n.js';
import { currentLang, format, strings } from '../state.js';
import { el, numTd, warningNode } from '../ui.js';

/** A group label of dimension `dim` ('' = none, e.g. sends without a variant). */
export function dimValue(dim, value) {
  const S = strings();
  if (value === '') return S.noneLabel;
  switch (dim) {
    case 'channel': return S.channelNames[value] ?? value;
    case 'sendHour': return S.hourLabel(value);
    case 'weekday': return S.weekdayNames[value] ?? value;
    case 'rfmSegment': return segmentName(S, value);
    case 'cpmGroup': return cpmGroupName(S, value);
    case 'decile': return /^\d+$/.test(value) ? `${S.decile} ${value}` : segmentName(S, value);
    default: return value;
  }
}

/** A level of a campaignFactors factor (send hours come in named bands). */
export const levelName = (factor, level) => (factor === 'sendHour' ? strings().hourBands[level] ?? level : dimValue(factor, level));
export const factorName = (factor) => strings().factorNames[factor] ?? strings().dims[factor] ?? factor;

/** An arm of compareVariants: the control group, or its variant. */
export const armName = (arm) => (arm.control ? strings().controlArm : dimValue('variant', arm.name));

/** A rate cell: percent ('—' when the log cannot tell it), the Wilson 95 % interval as its tooltip. */
export function rateTd(rate) {
  const F = format();
  const v = rate && F.isNum(rate.value) ? rate.value : null;
  const cell = numTd(F.pct(v), v);
  if (v != null && F.isNum(rate.low) && F.isNum(rate.high)) cell.title = strings().ci(F.pct(rate.low), F.pct(rate.high));
  return cell;
}
const valueOf = (x) => (format().isNum(x) ? x : null);
export const intTd = (x) => numTd(format().int(x), valueOf(x));
export const yenTd = (x) => numTd(format().yen(x), valueOf(x));
/** A difference of rates in points, its interval as the tooltip. */
export function ptTd(diff, low, high) {
  const F = format();
  const cell = numTd(F.pt(diff), valueOf(diff));
  if (F.isNum(low) && F.isNum(high)) cell.title = strings().ci(F.pt(low), F.pt(high));
  return cell;
}
export const pTd = (p) => numTd(format().p(p), valueOf(p));
export const checkTd = (yes) => el('td', { className: 'check', dataset: { yes: String(!!yes) } }, yes ? '✓' : '');

/** A verdict of the package in the page's language. */
export const verdictText = (v) => (currentLang() === 'ja' ? v.ja : v.en);

/** A result's warnings: the page's headline for a known code, then the package's message. */
export function warningList(warnings) {
  if (!warnings || warnings.length === 0) return '';
  return el('ul', { className: 'warnings' }, ...warnings.map((w) => warningNode('li', w)));
}
