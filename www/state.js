// Every piece of mutable page state lives here, behind named getters and setters, so that a
// render function can be read knowing where its inputs come from and who may change them.
// Results are cached per dataset *generation*: a new dataset makes older entries stale without
// having to find and clear them, and answers that arrive late for an old dataset are dropped.
import { STRINGS, defaultLang, formatters } from './i18n.js';

const page = {
  lang: defaultLang(),
  strings: null,
  format: null,
  loading: false,
  dataset: null, // { summary, name, source } of the dataset loaded in the worker
  lastGood: { kind: 'sample' }, // what to reload after a cancel (the worker held the dataset)
  generation: 0,
  activeTab: 'overview',
  results: new Map(), // tab -> { generation, key, data } | { generation, key, error } | { inflight }
  mapping: null, // { file, options, inspection, error, applied } while a file is mapped or after it loaded
  attributes: null, // addCustomers report (or { error }) for the current dataset, with fileName
  lookups: { similar: null, customer: null }, // last { id, result | error } of each lookup
  crosstab: { requests: 0, pending: null, shown: null }, // pending: 'generation|key'; shown: { generation, key, data | error }
  messages: null, // addMessages report (or { error }) for the current dataset, with fileName
  messageVersion: 0, // +1 per message log added: the Campaigns tab's results before it are stale
  sections: new Map(), // Campaigns and Products tab sections, like crosstab: name -> { requests, pending, shown }
  status: null, // () => text, re-run on a language change
};

/** The currency the loaded file's amounts are in ('' = not said: yen). */
const currencyOf = (dataset) => dataset?.summary?.source?.currency || 'JPY';
function applyLang(lang) {
  page.lang = lang;
  page.strings = STRINGS[lang];
  page.format = formatters(lang, currencyOf(page.dataset));
}
applyLang(page.lang);

// ---------- language ----------
export const currentLang = () => page.lang;
export const strings = () => page.strings;
export const format = () => page.format;
export function toggleLang() {
  applyLang(page.lang === 'ja' ? 'en' : 'ja');
}

// ---------- loading and the dataset ----------
export const isLoading = () => page.loading;
export function setLoading(loading) {
  page.loading = loading;
}
export const currentDataset = () => page.dataset;
export const generation = () => page.generation;
export const lastGoodSource = () => page.lastGood;
/** A new dataset is loaded: everything computed from the previous one is stale. */
export function setDataset(dataset) {
  page.generation++;
  page.dataset = dataset;
  page.lastGood = dataset.source;
  page.attributes = null;
  page.lookups = { similar: null, customer: null };
  page.crosstab.shown = null;
  page.messages = null;
  page.sections.clear();
  page.format = formatters(page.lang, currencyOf(dataset));
}
/** The worker was restarted: it holds no dataset and no result can be trusted to arrive. */
export function forgetResults() {
  page.results.clear();
  page.sections.clear();
}

// ---------- tabs and their results ----------
export const activeTab = () => page.activeTab;
export function setActiveTab(tab) {
  page.activeTab = tab;
}
/** The cached result of `tab` for the current dataset and `key`, or null. */
export function cachedResult(tab, key) {
  const entry = page.results.get(tab);
  return entry && entry.generation === page.generation && entry.key === key ? entry : null;
}
const inflightId = (key) => `${page.generation}|${key}`;
export function isInflight(tab, key) {
  const entry = page.results.get(tab);
  return !!entry && entry.inflight === inflightId(key);
}
export function markInflight(tab, key) {
  page.results.set(tab, { inflight: inflightId(key) });
}
/** outcome: { data } or { error }; ignored when the dataset changed meanwhile. */
export function storeResult(tab, forGeneration, key, outcome) {
  if (forGeneration !== page.generation) return;
  page.results.set(tab, { generation: forGeneration, key, ...outcome });
}

// ---------- column mapping step ----------
export const mapping = () => page.mapping;
export function setMapping(next) {
  page.mapping = next;
}
/** Changes fields of the mapping of `file`; returns false when another file is being mapped now. */
export function updateMapping(file, changes) {
  if (!page.mapping || page.mapping.file !== file) return false;
  Object.assign(page.mapping, changes);
  return true;
}

// ---------- customer attributes and crosstab (Segments tab) ----------
export const attributeReport = () => page.attributes;
export function setAttributeReport(report) {
  page.attributes = report;
  // The crosstab's dimensions changed with the attributes: what is shown or asked for is stale.
  page.crosstab.shown = null;
  page.crosstab.pending = null;
  page.crosstab.requests++;
}
/** A new crosstab request for `key`; only the latest one may render. */
export function nextCrosstabRequest(key) {
  page.crosstab.pending = `${page.generation}|${key}`;
  return ++page.crosstab.requests;
}
export const isLatestCrosstab = (request) => request === page.crosstab.requests;
/** The latest request is for `key` on the current dataset and has not been answered yet. */
export const isCrosstabPending = (key) => page.crosstab.pending === `${page.generation}|${key}`;
export function settleCrosstab(request) {
  if (isLatestCrosstab(request)) page.crosstab.pending = null;
}
/** The crosstab on screen for the current dataset and `key` ({ data } or { error }), or null. */
export function shownCrosstab(key) {
  const shown = page.crosstab.shown;
  return shown && shown.generation === page.generation && shown.key === key ? shown : null;
}
export function setShownCrosstab(forGeneration, key, outcome) {
  if (forGeneration === page.generation) page.crosstab.shown = { generation: forGeneration, key, ...outcome };
}

// ---------- message log, and the sections of the Campaigns and Products tabs ----------
export const messageReport = () => page.messages;
export const messageVersion = () => page.messageVersion;
export function setMessageReport(report) {
  page.messages = report;
  if (!report.error) page.messageVersion++;
}
function section(name) {
  if (!page.sections.has(name)) page.sections.set(name, { requests: 0, pending: null, shown: null });
  return page.sections.get(name);
}
/** A new request of section `name` for `key`; only its latest request may render. */
export function nextSectionRequest(name, key) {
  const s = section(name);
  s.pending = `${page.generation}|${key}`;
  return ++s.requests;
}
export const isLatestSectionRequest = (name, request) => request === section(name).requests;
export const isSectionPending = (name, key) => section(name).pending === `${page.generation}|${key}`;
export function settleSection(name, request) {
  if (isLatestSectionRequest(name, request)) section(name).pending = null;
}
/** What section `name` shows for the current dataset and `key` ({ data } or { error }), or null. */
export function shownSection(name, key) {
  const shown = section(name).shown;
  return shown && shown.generation === page.generation && shown.key === key ? shown : null;
}
export function setShownSection(name, forGeneration, key, outcome) {
  if (forGeneration === page.generation) section(name).shown = { generation: forGeneration, key, ...outcome };
}

// ---------- lookups (Recommendations tab) ----------
export const lookupShown = (name) => page.lookups[name];
export function setLookupShown(name, shown) {
  page.lookups[name] = shown;
}

// ---------- status line ----------
export const statusText = () => page.status;
export function setStatusText(fn) {
  page.status = fn;
}
