// Campaigns tab: the message log (the sample's, or one the user adds with addMessages()), and
// what the campaigns did — the campaign table, A/B and holdout tests, why it worked, send times,
// fatigue and step mails. Without a log it says which file to add instead of showing errors.
// The tab's own request brings what every section needs; sections with options ask on their own
// (campaign-results.js, campaign-tests.js).
import { heat } from '../charts.js';
import { messageFormatName, rejectText } from '../i18n.js';
import { currentDataset, format, generation, isLoading, messageReport, messageVersion, setMessageReport, strings } from '../state.js';
import { $, el, errorParagraph, makeTable, numTd, tableBlock, warningNode } from '../ui.js';
import { worker } from '../worker-client.js';
import { dimValue, intTd, rateTd } from './campaign-labels.js';
import { showCampaignTable, showSteps } from './campaign-results.js';
import { resetBaseline, showCompare, showFactors } from './campaign-tests.js';

export const request = () => ({ key: String(messageVersion()), options: {} });

// ---------- the message log ----------
function fact(field, label, text, value) {
  return el('div', {}, el('dt', {}, label), el('dd', { dataset: { field, value: String(value) } }, text));
}
export function renderMessagesReport() {
  const S = strings();
  const F = format();
  const box = $('#messages-report');
  const r = messageReport();
  if (!r) {
    const sample = currentDataset()?.source.kind === 'sample';
    box.hidden = !sample;
    return box.replaceChildren(sample ? el('p', {}, S.messagesSample) : '');
  }
  box.hidden = false;
  if (r.error) return box.replaceChildren(errorParagraph(r.error, S.couldNotLoad(r.fileName), ' '));
  const warnings = r.warnings.map((w) => warningNode('p', w, { className: 'muted' }));
  box.replaceChildren(
    el('p', {}, el('strong', {}, S.messagesLoaded(r.fileName))),
    el(
      'dl',
      { className: 'facts' },
      fact('format', S.reportFormat, `${messageFormatName(S, r.format)} (${S.modeNames[r.mode] ?? r.mode})`, r.format),
      fact('messages', S.reportMessages, F.int(r.messages), r.messages),
      fact('recipients', S.reportRecipients, F.int(r.recipients), r.recipients),
      fact('matched', S.reportMatched, F.int(r.matched), r.matched),
      fact('campaigns', S.reportCampaigns, F.int(r.campaigns), r.campaigns),
      fact('rowsRejected', S.reportRejected, F.int(r.rowsRejected), r.rowsRejected),
    ),
    ...r.rejected.slice(0, 5).map((x) => el('p', { className: 'muted', dataset: { line: String(x.line) }, title: x.reason }, S.lineN(x.line), rejectText(S, x))),
    ...warnings,
  );
}

/** Add a message log to the dataset; true when the tab's results changed (render it again). */
export async function addMessageLog(file) {
  if (!currentDataset() || isLoading()) return false;
  const forGeneration = generation();
  let report;
  try {
    report = { ...(await worker.call('add-messages', { file })), fileName: file.name };
  } catch (err) {
    if (err.cancelled) return false;
    report = { error: err, fileName: file.name };
  }
  if (forGeneration !== generation()) return false;
  setMessageReport(report);
  renderMessagesReport();
  return !report.error;
}

function emptyState() {
  const S = strings();
  return el(
    'section',
    { className: 'panel', id: 'campaigns-empty' },
    el('h2', {}, S.noMessagesTitle),
    el('p', {}, S.noMessagesText),
    el('p', {}, S.noMessagesColumns),
    el('ul', {}, ...S.messageColumns.map((c) => el('li', {}, c))),
    el('p', {}, `${S.messageExample}: `, el('code', {}, S.messageExampleHeader)),
    el('p', { className: 'muted' }, S.noMessagesTools),
  );
}

// ---------- selects filled from the log ----------
function fill(select, names, fallback) {
  const prev = select.value;
  select.replaceChildren(...names.map((n) => el('option', { value: n }, n)));
  select.value = names.includes(prev) ? prev : fallback;
}
function fillCampaignSelects(d) {
  const names = d.campaigns.map((c) => c.name);
  // The tests open on the first campaign with a control group, the steps on the first scenario.
  const withControl = d.campaigns.find((c) => c.control > 0);
  fill($('#cmp-campaign'), names, (withControl ?? d.campaigns[0])?.name ?? '');
  fill($('#step-campaign'), names, d.scenario || names[0] || '');
}

// ---------- send time × weekday ----------
function sendTimeGrid(t) {
  const S = strings();
  const F = format();
  // Colour by open rate; by conversion rate when the log has no opens.
  const key = t.cells.some((c) => F.isNum(c.openRate.value)) ? 'openRate' : 'conversionRate';
  const max = Math.max(0, ...t.cells.filter((c) => !c.sparse && F.isNum(c[key].value)).map((c) => c[key].value));
  const days = t.weekdays.map((w) => S.weekdayNames[w] ?? w);
  const cell = (c, day, hour, colour) => {
    const v = F.isNum(c[key].value) ? c[key].value : null;
    const node = numTd(c.units > 0 ? F.pct(v) : '', v);
    Object.assign(node.dataset, { hour: String(c.hour), weekday: String(c.weekday), units: String(c.units) });
    node.title = S.cellTitle(day, hour, F.int(c.units), F.pct(c.openRate.value), F.pct(c.conversionRate.value), c.sparse);
    if (colour && (c.sparse || v == null)) node.classList.add('sparse');
    else if (colour) {
      const h = heat(max > 0 ? v / max : 0);
      node.style.backgroundColor = h.bg;
      node.style.color = h.fg;
    }
    return node;
  };
  const rows = Array.from({ length: 24 }, (_, h) => [
    el('th', { scope: 'row' }, S.hourLabel(h)),
    ...days.map((day, w) => cell(t.cells[h * 7 + w], day, S.hourLabel(h), true)),
    cell(t.byHour[h], S.allWeekdays, S.hourLabel(h), false),
  ]);
  const foot = [el('th', { scope: 'row' }, S.allHours), ...days.map((day, w) => cell(t.byWeekday[w], day, S.allHours, false)), el('td', {})];
  const table = makeTable('sendtime-grid', [{ label: `${S.dims.sendHour} \\ ${S.dims.weekday}` }, ...days.map((d) => ({ label: d, num: true })), { label: S.allWeekdays, num: true }], rows, { className: 'heatmap sendtimes', foot: [foot] });
  const metric = key === 'openRate' ? S.openRate : S.conversionRate;
  const note = el('p', { className: 'muted' }, S.sendTimesNote(metric, F.int(t.minUnits)), t.untimed > 0 ? ` ${S.untimed(F.int(t.untimed))}` : '');
  return tableBlock(S.sendTimesGrid(metric), table, note);
}

// ---------- fatigue ----------
function fatigueTable(id, head, rows, label) {
  const S = strings();
  return makeTable(
    id,
    [
      { label: head }, { label: S.messagesCount, num: true }, { label: S.unsubscribedCount, num: true }, { label: S.unsubscribeRate, num: true },
      { label: S.blockedCount, num: true }, { label: S.blockRate, num: true }, { label: S.spamRate, num: true },
    ],
    rows.map((r) => [
      el('th', { scope: 'row', dataset: { key: r.label } }, label(r.label)),
      intTd(r.messages), intTd(r.unsubscribed), rateTd(r.unsubscribeRate), intTd(r.blocked), rateTd(r.blockRate), rateTd(r.spamRate),
    ]),
  );
}
function fatigueBlocks(f) {
  const S = strings();
  const recent = S.recentMessages(format().int(f.windowDays));
  return el(
    'div',
    { className: 'two-col' },
    tableBlock(recent, fatigueTable('fatigue-table', recent, f.byRecentMessages, S.recentLabel)),
    tableBlock(S.byChannelTitle, fatigueTable('fatigue-channel', S.channel, f.byChannel, (l) => dimValue('channel', l))),
  );
}

export function render(d) {
  const main = $('#campaigns-main');
  if (!d.log) {
    main.hidden = true;
    $('#campaigns-body').replaceChildren(emptyState());
    return;
  }
  $('#campaigns-body').replaceChildren();
  main.hidden = false;
  fillCampaignSelects(d);
  $('#sendtimes-body').replaceChildren(sendTimeGrid(d.sendTimes));
  $('#fatigue-body').replaceChildren(fatigueBlocks(d.fatigue));
  showCampaignTable();
  showCompare();
  showFactors();
  showSteps();
}

export function bindCampaignControls() {
  for (const form of ['#campaign-table-form', '#compare-form', '#factors-form', '#steps-form']) $(form).addEventListener('submit', (e) => e.preventDefault());
  $('#campaign-table-form').addEventListener('change', (e) => {
    if (e.target.id !== 'cmp-list-status') showCampaignTable();
  });
  $('#cmp-campaign').addEventListener('change', () => {
    resetBaseline();
    showCompare();
    showFactors();
  });
  $('#cmp-metric').addEventListener('change', showCompare);
  $('#cmp-baseline').addEventListener('change', showCompare);
  $('#factor-metric').addEventListener('change', showFactors);
  $('#step-campaign').addEventListener('change', showSteps);
}
