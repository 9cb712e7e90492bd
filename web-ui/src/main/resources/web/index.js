// The list of runbooks, each a link to its notebook.

import { listRunbooks } from './api.js';

function item(runbook) {
  const li = document.createElement('li');
  li.className = 'runbook';
  li.dataset.runbook = runbook.name;
  const link = document.createElement('a');
  link.href = `notebook.html?runbook=${encodeURIComponent(runbook.name)}`;
  link.className = 'runbook-title';
  link.textContent = runbook.title || runbook.name;
  const name = document.createElement('span');
  name.className = 'runbook-name';
  name.textContent = runbook.name;
  li.append(link, name);
  return li;
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

main();
