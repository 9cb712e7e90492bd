// The list of runbooks as a tree of their folders, each a link to its notebook with its tags and what its recent runs
// say (run-history.js), and a filter by title, file name, #tag or heading (a click on a tag filters by it).

import { listRunbooks } from './runbooks-api.js';
import { historyOf, runsByRunbook } from './run-history.js';
import { el } from '../lib/dom.js';
import { request } from '../lib/http.js';
import { t } from '../lib/i18n.js';

function item(runbook, runs, filterBy) {
  const tags = (runbook.tags || []).map((tag) => {
    const chip = el('button', { type: 'button', className: 'runbook-tag', translate: false }, `#${tag}`);
    chip.addEventListener('click', () => filterBy(`#${tag}`));
    return chip;
  });
  return el('li', { className: 'runbook', dataset: { runbook: runbook.name } },
    el('a', { href: `notebook.html?runbook=${encodeURIComponent(runbook.name)}`, className: 'runbook-title' },
      runbook.title || runbook.name),
    el('span', 'runbook-name', runbook.name),
    tags.length ? el('span', 'runbook-tags', ...tags) : null,
    historyOf(runs));
}

/** The folder of a runbook ('' for the top). */
function folderOf(name) {
  return name.includes('/') ? name.slice(0, name.lastIndexOf('/')) : '';
}

/**
 * The items grouped by folder: the top folder's runbooks as they are, every other folder as an open
 * <details> with its path and its runbooks, folders in name order. Answers the nodes and each folder's box.
 */
function tree(items) {
  const byFolder = new Map();
  for (const entry of items) {
    const folder = folderOf(entry.name);
    if (!byFolder.has(folder)) byFolder.set(folder, []);
    byFolder.get(folder).push(entry);
  }
  const nodes = [];
  const folders = [];
  for (const folder of [...byFolder.keys()].sort()) {
    const entries = byFolder.get(folder);
    if (folder === '') {
      nodes.push(...entries.map((e) => e.li));
      continue;
    }
    const box = el('details', { className: 'runbook-folder', open: true, dataset: { folder } },
      el('summary', { translate: false }, `${folder}/`), el('ul', 'runbook-list', ...entries.map((e) => e.li)));
    folders.push({ box, entries });
    nodes.push(el('li', 'runbook-folder-item', box));
  }
  return { nodes, folders };
}

/** Shows only the runbooks whose title, file name, #tags or headings hold every word of the filter (any case). */
function filterList(items, folders, text, status) {
  const needles = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  let shown = 0;
  for (const entry of items) {
    const hide = needles.length > 0 && !needles.every((n) => entry.text.includes(n));
    // only the rows whose state changes are touched: with thousands of runbooks each write costs layout
    if (entry.li.hidden !== hide) entry.li.hidden = hide;
    if (!hide) shown += 1;
  }
  for (const { box, entries } of folders) {
    const empty = entries.every((e) => e.li.hidden);
    if (box.parentElement.hidden !== empty) box.parentElement.hidden = empty;
  }
  status.textContent = shown === 0 && items.length > 0 ? t('no-match', { text: text.trim() }) : '';
  status.hidden = status.textContent === '';
}

async function main() {
  const status = document.getElementById('runbooks-status');
  try {
    // the runs are extra: a list without them is still the list
    const [runbooks, runs] = await Promise.all([listRunbooks(), runsByRunbook().catch(() => new Map())]);
    const filter = document.getElementById('runbook-filter');
    const filterBy = (text) => {
      filter.value = text;
      filter.dispatchEvent(new Event('input'));
    };
    const items = runbooks.map((r) => ({
      name: r.name,
      li: item(r, runs.get(r.name), filterBy),
      text: `${r.title || ''}\n${r.name}\n${(r.tags || []).map((tag) => `#${tag}`).join(' ')}\n${
        (r.headings || []).join('\n')}`.toLowerCase(),
    }));
    const { nodes, folders } = tree(items);
    document.getElementById('runbooks').replaceChildren(...nodes);
    status.textContent = runbooks.length === 0 ? t('none') : '';
    status.hidden = runbooks.length > 0;
    filter.addEventListener('input', () => filterList(items, folders, filter.value, status));
    if (filter.value) filterList(items, folders, filter.value, status);
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
