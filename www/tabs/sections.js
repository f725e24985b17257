// The sections of a tab that have options of their own (Campaigns, Products): each asks the
// worker for its analysis and keeps the answer per dataset and options, so a language switch
// re-labels what is on screen without asking again. Only a section's latest request renders.
import {
  currentDataset, generation, isLatestSectionRequest, isLoading, isSectionPending, nextSectionRequest,
  setShownSection, settleSection, shownSection, strings,
} from '../state.js';
import { $, el, errorParagraph } from '../ui.js';
import { worker } from '../worker-client.js';

/**
 * Show section `name` (#name-body) for `options`: from what it showed, else from the worker's
 * analysis `analysis`; `render(data, body)` draws it. `version` names what else the answer
 * depends on (the message log of the Campaigns tab).
 */
export async function showSection(name, analysis, options, render, version = '') {
  if (!currentDataset() || isLoading()) return;
  const body = $(`#${name}-body`);
  const key = `${version}|${JSON.stringify(options)}`;
  const shown = shownSection(name, key);
  if (shown) return paint(body, shown, render);
  if (isSectionPending(name, key)) return;
  body.dataset.state = 'loading';
  body.replaceChildren(el('p', { className: 'muted' }, strings().computing));
  const request = nextSectionRequest(name, key);
  const forGeneration = generation();
  let outcome;
  try {
    outcome = { data: await worker.call('analyze', { name: analysis, options }) };
  } catch (err) {
    outcome = { error: err };
  }
  settleSection(name, request);
  if (outcome.error?.cancelled || !isLatestSectionRequest(name, request) || forGeneration !== generation()) return;
  setShownSection(name, forGeneration, key, outcome);
  paint(body, outcome, render);
}
function paint(body, outcome, render) {
  if (outcome.error) body.replaceChildren(errorParagraph(outcome.error));
  else render(outcome.data, body);
  body.dataset.state = outcome.error ? 'error' : 'ready';
}
