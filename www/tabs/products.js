// Products tab (商品): what sells (ABC / Pareto), seasonality, entry products (入口商品), what is
// bought next, purchase cycles and who is due to reorder — the definitions are docs/products.md.
// The tab's own request says whether the file has a product axis (and order times, for the
// seasonality by hour); each section asks for its analysis with its options (product-*.js).
// Without a product column the tab says which column to add instead of showing errors.
import { wordsMessages } from '../i18n.js';
import { strings } from '../state.js';
import { $, el } from '../ui.js';
import { showEntry, showNext } from './product-entry.js';
import { downloadDue, showDue, showReplenishment } from './product-repeat.js';
import { showAbc } from './product-sales.js';
import { showSeasonality } from './product-seasonality.js';

export const request = () => ({ key: '', options: {} });

function emptyState() {
  const S = strings();
  return el(
    'section',
    { className: 'panel', id: 'products-empty' },
    el('h2', {}, S.noProductsTitle),
    el('p', {}, S.noProductsText),
    el('p', {}, S.noProductsColumns),
    el('ul', {}, ...S.productColumns.map((c) => el('li', {}, c))),
    el('p', {}, `${S.messageExample}: `, el('code', {}, S.productExampleHeader)),
  );
}

/** By hour only for files with order times; otherwise the choice is off, with the package's reason. */
function offerHours(refusal) {
  const select = $('#season-period');
  const hour = select.querySelector('option[value="hour"]');
  hour.disabled = refusal != null;
  if (hour.disabled && select.value === 'hour') select.value = 'month';
  const note = $('#season-hour-note');
  note.hidden = refusal == null;
  // In Japanese the package's English reason is only a tooltip.
  const own = wordsMessages(strings());
  note.title = own && refusal != null ? refusal : '';
  note.replaceChildren(...(refusal == null ? [] : [strings().hourUnavailable, ...(own ? [] : [' ', el('span', { className: 'package-message' }, `(${refusal})`)])]));
}

function showAll() {
  showAbc();
  showSeasonality();
  showEntry();
  showNext();
  showReplenishment();
  showDue();
}

export function render(d) {
  const main = $('#products-main');
  if (!d.axis) {
    main.hidden = true;
    $('#products-body').replaceChildren(emptyState());
    return;
  }
  $('#products-body').replaceChildren();
  main.hidden = false;
  offerHours(d.hourRefusal);
  showAll();
}

export function bindProductControls() {
  for (const form of ['#products-form', '#abc-form', '#season-form', '#entry-form', '#next-form', '#due-form']) {
    $(form).addEventListener('submit', (e) => e.preventDefault());
  }
  $('#prod-by').addEventListener('change', showAll);
  $('#abc-cut').addEventListener('change', showAbc);
  $('#season-period').addEventListener('change', showSeasonality);
  $('#entry-min').addEventListener('change', showEntry);
  $('#next-from').addEventListener('change', showNext);
  $('#due-window').addEventListener('change', showDue);
  $('#due-overdue').addEventListener('change', showDue);
  $('#due-csv').addEventListener('click', downloadDue);
}
