// The tab strip and the lazy analysis tabs: a tab asks the worker once per dataset and options
// (its `request().key`), then renders from the cache — after a language switch too.
import {
  activeTab, cachedResult, currentDataset, generation, isInflight, isLoading, markInflight, setActiveTab,
  storeResult, strings,
} from '../state.js';
import { errorText, wordsMessages } from '../i18n.js';
import { $, el, errorDetails, errorTooltip } from '../ui.js';
import { worker } from '../worker-client.js';
import * as campaigns from './campaigns.js';
import * as clv from './clv.js';
import * as cohorts from './cohorts.js';
import { renderOverview } from './overview.js';
import * as products from './products.js';
import * as recommend from './recommend.js';
import * as segments from './segments.js';

export const TABS = ['overview', 'segments', 'cohorts', 'recommend', 'clv', 'campaigns', 'products'];
const ANALYSIS_TABS = { segments, cohorts, recommend, clv, campaigns, products };

const panelBody = (tab) => $(`#${tab}-body`);

function showComputing(tab) {
  $(`#panel-${tab}`).dataset.state = 'loading';
  panelBody(tab).replaceChildren(el('p', { className: 'muted' }, strings().computing));
}

function showPanelError(tab, err) {
  const S = strings();
  const details = errorDetails(err);
  panelBody(tab).replaceChildren(
    el(
      'div',
      { className: 'error', role: 'alert' },
      el('strong', {}, tab === 'clv' ? S.clvRefused : S.error),
      el('p', { className: 'error-message', title: wordsMessages(S) ? errorTooltip(err) : null, dataset: { code: err.code || '' } }, errorText(S, err)),
      details ? el('p', { className: 'error-code' }, details) : '',
      tab === 'clv' && err.code === 'INSUFFICIENT_DATA' ? el('p', {}, S.clvNeeds) : '',
    ),
  );
}

function renderCached(tab, cached) {
  const panel = $(`#panel-${tab}`);
  if (cached.error) {
    showPanelError(tab, cached.error);
    panel.dataset.state = 'error';
  } else {
    ANALYSIS_TABS[tab].render(cached.data);
    panel.dataset.state = 'ready';
  }
}

/** Render `tab` from the cache, or ask the worker (once per dataset and options). */
export async function openPanel(tab) {
  if (tab === 'overview') return renderOverview();
  if (!currentDataset() || isLoading()) return showComputing(tab);
  const { key, options } = ANALYSIS_TABS[tab].request();
  const cached = cachedResult(tab, key);
  if (cached) return renderCached(tab, cached);
  if (isInflight(tab, key)) return;
  markInflight(tab, key);
  showComputing(tab);
  const forGeneration = generation();
  try {
    storeResult(tab, forGeneration, key, { data: await worker.call('analyze', { name: tab, options }) });
  } catch (err) {
    if (err.cancelled) return;
    storeResult(tab, forGeneration, key, { error: err });
  }
  if (forGeneration === generation() && activeTab() === tab) openPanel(tab);
}

/** Show `tab` (focus its button when moving by keyboard) and render its panel. */
export function selectTab(tab, focus = false) {
  setActiveTab(tab);
  for (const t of TABS) {
    const btn = $(`#tab-${t}`);
    const on = t === tab;
    btn.setAttribute('aria-selected', String(on));
    btn.tabIndex = on ? 0 : -1;
    $(`#panel-${t}`).hidden = !on;
    if (on && focus) btn.focus();
    // On a phone the tabs scroll sideways: keep the chosen one in view (no page scroll).
    if (on && btn.parentElement.scrollWidth > btn.parentElement.clientWidth) {
      const bar = btn.parentElement;
      const left = btn.offsetLeft - bar.offsetLeft;
      if (left < bar.scrollLeft || left + btn.offsetWidth > bar.scrollLeft + bar.clientWidth) bar.scrollLeft = left - 16;
    }
  }
  openPanel(tab);
}

/** Arrow keys, Home and End move between tabs (WAI-ARIA tabs pattern). */
function tabKeyTarget(i, key) {
  if (key === 'ArrowRight') return (i + 1) % TABS.length;
  if (key === 'ArrowLeft') return (i - 1 + TABS.length) % TABS.length;
  if (key === 'Home') return 0;
  if (key === 'End') return TABS.length - 1;
  return null;
}
export function bindTabs() {
  for (const [i, t] of TABS.entries()) {
    const btn = $(`#tab-${t}`);
    btn.addEventListener('click', () => selectTab(t));
    btn.addEventListener('keydown', (e) => {
      const j = tabKeyTarget(i, e.key);
      if (j != null) {
        e.preventDefault();
        selectTab(TABS[j], true);
      }
    });
  }
}
