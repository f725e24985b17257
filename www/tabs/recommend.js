// Recommendations tab: offline evaluation against popularity, bought-together rules, and two
// lookups (similar products of a product, recommendations for a customer) whose last answers
// are kept so a language switch re-renders them.
import { currentDataset, format, generation, isLoading, lookupShown, setLookupShown, strings } from '../state.js';
import { $, el, errorParagraph, makeTable, numTd, tableBlock, td } from '../ui.js';
import { worker } from '../worker-client.js';

export const request = () => ({ key: '', options: {} });

const METRICS = ['hit', 'precision', 'recall', 'ndcg', 'map', 'coverage'];

function evaluationTable(ev) {
  const S = strings();
  const F = format();
  return makeTable(
    'eval-table',
    [{ label: S.measure }, { label: S.model, num: true }, { label: S.popularity, num: true }],
    METRICS.map((m) => [
      el('th', { scope: 'row', dataset: { metric: m } }, m === 'coverage' ? S[m] : `${S[m]}@${ev.k}`),
      numTd(F.pct(ev.model[m]), ev.model[m]),
      numTd(F.pct(ev.popularity[m]), ev.popularity[m]),
    ]),
  );
}

function togetherTable(rules) {
  const S = strings();
  const F = format();
  return makeTable(
    'together-table',
    [
      { label: S.antecedent }, { label: S.consequent }, { label: S.orders, num: true }, { label: S.support, num: true },
      { label: S.confidence, num: true }, { label: S.lift, num: true },
    ],
    rules.map((r) => [
      td(`${r.antecedent} ${r.antecedentName}`),
      td(`${r.consequent} ${r.consequentName}`),
      numTd(F.int(r.orders), r.orders),
      numTd(F.pct(r.support), r.support),
      numTd(F.pct(r.confidence), r.confidence),
      numTd(F.dec2(r.lift), r.lift),
    ]),
  );
}

/** Offer the products in the lookup's list, and prefill both lookups once. */
function prefillLookups(d) {
  const productId = $('#product-id');
  const customerId = $('#customer-id');
  $('#product-list').replaceChildren(...d.products.map((p) => el('option', { value: p.id }, p.name)));
  if (!productId.value && d.products.length) productId.value = d.products[0].id;
  if (!customerId.value && d.exampleCustomer) customerId.value = d.exampleCustomer;
}

export function render(d) {
  const S = strings();
  const F = format();
  const ev = d.evaluation;
  prefillLookups(d);
  $('#recommend-body').replaceChildren(
    // The answer first (what is bought together); how well the model ranks, under 詳細.
    el('section', { className: 'panel' }, tableBlock(S.togetherTitle, togetherTable(d.together.rules))),
    el(
      'details',
      { className: 'panel details', id: 'recommend-details' },
      el('summary', {}, S.evalDetails),
      tableBlock(S.evalTitle, evaluationTable(ev), el('p', { className: 'muted' }, S.evalNote(F.int(ev.customersEvaluated), ev.k))),
    ),
  );
}

// ---------- lookups ----------
const LOOKUPS = {
  similar: {
    input: () => $('#product-id'),
    body: () => $('#similar-body'),
    request: (id) => ['similar', { productId: id, k: 10 }],
    items: (result) => result,
    empty: () => strings().noSimilar,
    render: (id, items) => {
      const S = strings();
      const F = format();
      return tableBlock(
        `${S.similarTitle}: ${id}`,
        makeTable(
          'similar-table',
          [{ label: S.productId }, { label: S.product }, { label: S.similarity, num: true }, { label: S.together, num: true }],
          items.map((x) => [td(x.productId), td(x.name), numTd(F.dec4(x.similarity), x.similarity), numTd(F.int(x.together), x.together)]),
        ),
      );
    },
  },
  customer: {
    input: () => $('#customer-id'),
    body: () => $('#customer-rec-body'),
    request: (id) => ['recommend-customer', { customerId: id, k: 10 }],
    items: (result) => result.rows,
    empty: () => strings().noRecs,
    render: (id, r) => {
      const S = strings();
      const F = format();
      return tableBlock(
        `${S.recsFor}: ${id}${r.coldStart ? ` (${S.coldStart})` : ''}`,
        makeTable(
          'customer-rec-table',
          [{ label: S.rank, num: true }, { label: S.productId }, { label: S.product }, { label: S.score, num: true }, { label: S.source }],
          r.rows.map((x) => [
            numTd(String(x.rank), x.rank),
            td(x.productId),
            td(x.name),
            numTd(F.dec4(x.score), x.score),
            td(x.popularity ? S.fromPopularity : S.fromItems),
          ]),
        ),
      );
    },
  },
};

function renderLookup(name) {
  const spec = LOOKUPS[name];
  const shown = lookupShown(name);
  const body = spec.body();
  if (!shown) return body.replaceChildren();
  if (shown.error) return body.replaceChildren(errorParagraph(shown.error));
  if (spec.items(shown.result).length === 0) return body.replaceChildren(el('p', { className: 'muted' }, spec.empty()));
  body.replaceChildren(spec.render(shown.id, shown.result));
}
export function renderLookups() {
  for (const name of Object.keys(LOOKUPS)) renderLookup(name);
}
/** name: 'similar' | 'customer'. */
export async function runLookup(name) {
  const spec = LOOKUPS[name];
  const id = spec.input().value.trim();
  if (!id || !currentDataset() || isLoading()) return;
  const body = spec.body();
  body.dataset.state = 'loading';
  const forGeneration = generation();
  try {
    const result = await worker.call(...spec.request(id));
    if (forGeneration !== generation()) return;
    setLookupShown(name, { id, result });
  } catch (err) {
    if (err.cancelled) return;
    setLookupShown(name, { id, error: err });
  }
  renderLookup(name);
  body.dataset.state = 'ready';
}
