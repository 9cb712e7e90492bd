// The list of runbooks, each a link to its notebook with what its recent runs say (run-history.js), and a filter.

import { listRunbooks } from './runbooks-api.js';
import { historyOf, runsByRunbook } from './run-history.js';
import { el } from '../lib/dom.js';
import { request } from '../lib/http.js';
import { t } from '../lib/i18n.js';

function item(runbook, runs) {
  return el('li', { className: 'runbook', dataset: { runbook: runbook.name } },
    el('a', { href: `notebook.html?runbook=${encodeURIComponent(runbook.name)}`, className: 'runbook-title' },
      runbook.title || runbook.name),
    el('span', 'runbook-name', runbook.name),
    historyOf(runs));
}

/** Shows only the runbooks whose title or file name holds the filter's text (any case). */
function filterList(items, text, status) {
  const needle = text.trim().toLowerCase();
  let shown = 0;
  for (const entry of items) {
    const hide = needle !== '' && !entry.text.includes(needle);
    // only the rows whose state changes are touched: with thousands of runbooks each write costs layout
    if (entry.li.hidden !== hide) entry.li.hidden = hide;
    if (!hide) shown += 1;
  }
  status.textContent = shown === 0 && items.length > 0 ? t('no-match', { text: text.trim() }) : '';
  status.hidden = status.textContent === '';
}

async function main() {
  const status = document.getElementById('runbooks-status');
  try {
    // the runs are extra: a list without them is still the list
    const [runbooks, runs] = await Promise.all([listRunbooks(), runsByRunbook().catch(() => new Map())]);
    const items = runbooks.map((r) => ({
      li: item(r, runs.get(r.name)), text: `${r.title || ''}\n${r.name}`.toLowerCase(),
    }));
    document.getElementById('runbooks').replaceChildren(...items.map((i) => i.li));
    status.textContent = runbooks.length === 0 ? t('none') : '';
    status.hidden = runbooks.length > 0;
    const filter = document.getElementById('runbook-filter');
    filter.addEventListener('input', () => filterList(items, filter.value, status));
    if (filter.value) filterList(items, filter.value, status);
  } catch (err) {
    status.textContent = t('list-failed', { message: err.message });
    status.classList.add('error');
  }
}

/** A new runbook (editor role; the server refuses a name that is taken) opens in the notebook. */
function newRunbookForm() {
  const form = document.getElementById('new-runbook-form');
  const error = document.getElementById('new-runbook-error');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = Object.fromEntries(new FormData(form));
    try {
      const doc = await request('POST', '/api/runbooks', body);
      window.location.href = `notebook.html?runbook=${encodeURIComponent(doc.name)}`;
    } catch (err) {
      error.textContent = t('new-runbook-failed', { message: err.message });
      error.hidden = false;
    }
  });
}

newRunbookForm();
main();
