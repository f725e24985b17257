// Campaigns tab, the sections with options of their own: the campaign table (campaigns()) and
// the step mails (stepMails()), plus what the test sections share: the section loader (each
// answer kept per dataset, message log and options; sections.js) and the target-list download
// (campaignMembers()).
import { format, messageVersion, strings } from '../state.js';
import { $, download, el, errorParagraph, makeTable, numTd, tableBlock, td } from '../ui.js';
import { worker } from '../worker-client.js';
import { dimValue, intTd, rateTd, warningList, yenTd } from './campaign-labels.js';
import { showSection as showSectionOf } from './sections.js';

/** A section of the Campaigns tab: its answer depends on the message log too. */
export const showSection = (name, analysis, options, render) => showSectionOf(name, analysis, options, render, String(messageVersion()));

// ---------- target lists ----------
/**
 * A cell with the "customer list CSV" button of one group: `selector` is campaignMembers()'s
 * without the status, which `statusOf()` gives when the button is pressed.
 */
export function membersTd(label, selector, statusOf) {
  const S = strings();
  const button = el('button', { type: 'button', className: 'small secondary', dataset: { action: 'members' }, 'aria-label': S.memberCsvOf(label) }, S.memberCsv);
  button.addEventListener('click', () => downloadMembers(button, { ...selector, status: statusOf() }));
  return el('td', { className: 'no-export' }, button);
}
async function downloadMembers(button, selector) {
  const note = button.closest('.panel-body').querySelector('.members-note');
  note.replaceChildren();
  try {
    const bytes = await worker.call('campaign-members', { selector });
    download(new Blob([bytes], { type: 'text/csv;charset=utf-8' }), `campaign_members_${selector.status}.csv`);
  } catch (err) {
    if (!err.cancelled) note.replaceChildren(errorParagraph(err));
  }
}
export const membersNote = () => el('div', { className: 'members-note', role: 'status' });

// ---------- the campaign table ----------
function tableOptions() {
  return {
    groupBy: $('#cmp-group-by').value.split(','),
    attribution: $('#cmp-attribution').value,
    attributionDays: Number($('#cmp-days').value),
  };
}
export const showCampaignTable = () => showSection('campaign-table', 'campaignTable', tableOptions(), renderCampaignTable);

const RATE_COLUMNS = [
  ['openRate', 'openRate'], ['clickRate', 'clickRate'], ['ctor', 'clickToOpenRate'], ['conversionRate', 'conversionRate'],
];
function campaignRow(c, row, header) {
  const S = strings();
  const statusOf = () => $('#cmp-list-status').value;
  const labels = header ? [header, ...c.groupBy.slice(1).map(() => td(''))] : row.group.map((g, i) => (i === 0 ? el('th', { scope: 'row', dataset: { key: g, value: g } }, dimValue(c.groupBy[0], g)) : td(dimValue(c.groupBy[i], g), null, g)));
  const group = header ? {} : Object.fromEntries(c.groupBy.map((d, i) => [d, row.group[i]]));
  const label = header ? S.total : row.group.map((g, i) => dimValue(c.groupBy[i], g)).join(' · ');
  return [
    ...labels,
    intTd(row.recipients),
    intTd(row.control),
    ...RATE_COLUMNS.map(([, field]) => rateTd(row[field])),
    intTd(row.orders),
    yenTd(row.revenue),
    yenTd(row.revenuePerRecipient),
    rateTd(row.unsubscribeRate),
    rateTd(row.blockRate),
    membersTd(label, { group, attribution: c.attribution, attributionDays: c.attributionDays }, statusOf),
  ];
}
function renderCampaignTable(c, body) {
  const S = strings();
  const table = makeTable(
    'campaign-table',
    [
      ...c.groupBy.map((d) => ({ label: S.dims[d] ?? d })),
      { label: S.recipients, num: true }, { label: S.controlCount, num: true },
      ...RATE_COLUMNS.map(([label]) => ({ label: S[label], num: true })),
      { label: S.orders, num: true }, { label: S.revenue, num: true }, { label: S.revenuePerRecipient, num: true },
      { label: S.unsubscribeRate, num: true }, { label: S.blockRate, num: true }, { label: S.list, className: 'no-export' },
    ],
    c.rows.map((row) => campaignRow(c, row)),
    { foot: [campaignRow(c, c.total, el('th', { scope: 'row' }, S.total))] },
  );
  const note = el('p', { className: 'muted' }, S.campaignTableNote(S.attrNamesInNote[c.attribution] ?? c.attribution, format().int(c.attributionDays)));
  body.replaceChildren(tableBlock(c.groupBy.map((d) => S.dims[d] ?? d).join(' × '), table, note), warningList(c.warnings), membersNote());
}

// ---------- step mails ----------
export function showSteps() {
  const campaign = $('#step-campaign').value;
  if (campaign) showSection('steps', 'stepMails', { campaign }, renderSteps);
}
function stepTable(s) {
  const S = strings();
  const F = format();
  return makeTable(
    'step-table',
    [
      { label: S.step }, { label: S.messagesCount, num: true }, { label: S.delivered, num: true }, { label: S.openRate, num: true },
      { label: S.clickRate, num: true }, { label: S.conversionRate, num: true }, { label: S.convertedCount, num: true },
      { label: S.revenue, num: true }, { label: S.medianDays, num: true },
    ],
    s.steps.map((x) => [
      el('th', { scope: 'row', dataset: { key: x.step } }, dimValue('step', x.step)),
      intTd(x.messages), intTd(x.delivered), rateTd(x.openRate), rateTd(x.clickRate), rateTd(x.conversionRate),
      intTd(x.converted), yenTd(x.revenue), numTd(F.dec1(x.medianDaysAfterFirstPurchase), F.isNum(x.medianDaysAfterFirstPurchase) ? x.medianDaysAfterFirstPurchase : null),
    ]),
  );
}
function f2Block(f2) {
  const S = strings();
  const F = format();
  if (!f2) return el('p', { className: 'muted' }, S.noF2);
  const table = makeTable(
    'f2-compare',
    [{ label: S.group }, { label: S.customers, num: true }, { label: S.f2Buyers, num: true }, { label: S.f2Rate, num: true }],
    [
      [el('th', { scope: 'row', dataset: { key: 'received' } }, S.received), intTd(f2.received), intTd(f2.receivedF2), rateTd(f2.receivedRate)],
      [el('th', { scope: 'row', dataset: { key: 'notReceived' } }, S.notReceived), intTd(f2.notReceived), intTd(f2.notReceivedF2), rateTd(f2.notReceivedRate)],
    ],
  );
  return el(
    'div',
    { id: 'f2-block' },
    tableBlock(S.f2Title(F.int(f2.f2Days)), table, el('p', { className: 'muted' }, S.f2Period(f2.from, f2.to))),
    el('p', { id: 'f2-diff' }, S.f2Diff(F.pt(f2.test.diff), F.pIs(f2.test.pValue))),
    el('p', { className: 'note' }, S.f2Note),
  );
}
function renderSteps(s, body) {
  body.replaceChildren(tableBlock(`${strings().stepsTitle}: ${s.campaign}`, stepTable(s)), f2Block(s.f2), warningList(s.warnings));
}
