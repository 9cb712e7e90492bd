// The list of runbooks, each a link to its notebook.

import { listRunbooks } from './runbooks-api.js';
import { el } from '../lib/dom.js';
import { request } from '../lib/http.js';
import { t } from '../lib/i18n.js';

function item(runbook) {
  return el('li', { className: 'runbook', dataset: { runbook: runbook.name } },
    el('a', { href: `notebook.html?runbook=${encodeURIComponent(runbook.name)}`, className: 'runbook-title' },
      runbook.title || runbook.name),
    el('span', 'runbook-name', runbook.name));
}

async function main() {
  const status = document.getElementById('runbooks-status');
  try {
    const runbooks = await listRunbooks();
    document.getElementById('runbooks').replaceChildren(...runbooks.map(item));
    status.textContent = runbooks.length === 0 ? 'No runbooks in the runbooks folder yet.' : '';
    status.hidden = runbooks.length > 0;
  } catch (err) {
    status.textContent = `Could not list runbooks: ${err.message}`;
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
