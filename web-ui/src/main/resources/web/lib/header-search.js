// The header's search box on every page: runbooks (title, path, tag, headings, cell text; the line found is shown),
// recent runs (id, runbook, user, params, output) and CMDB rows
// (host, values; secret columns are never searched) from GET /api/search, offered as links under the box. Typing
// waits a moment before asking, and an answer to an older query is dropped.
import { request } from './http.js';
import { el } from './dom.js';
import { t } from './i18n.js';

const WAIT_MS = 200;

function link(href, text, detail) {
  return el('li', { className: 'search-hit' }, el('a', { href, translate: false }, text),
    detail ? el('span', { className: 'muted', translate: false }, ` ${detail}`) : null);
}

function group(title, items) {
  if (!items.length) return null;
  return el('li', { className: 'search-group' }, el('div', 'search-group-title', title), el('ul', {}, ...items));
}

function hits(found) {
  const runbooks = found.runbooks.map((r) => link(`notebook.html?runbook=${encodeURIComponent(r.name)}`,
    r.title || r.name, [r.title ? r.name : null, r.tags.length ? `#${r.tags.join(' #')}` : null, r.where ? `“${r.where}”` : null]
      .filter(Boolean).join(' ')));
  const runs = found.runs.map((r) => link(`run.html?id=${encodeURIComponent(r.runId)}`, r.runId,
    `${r.runbook} · ${r.user} · ${r.status || ''}${r.where ? ` · “${r.where}”` : ''}`));
  const rows = found.rows.map((r) => link(`cmdb.html?sheet=${encodeURIComponent(r.sheet)}&row=${r.id}`,
    `${r.sheet} #${r.id}${r.host ? ` ${r.host}` : ''}`, r.column ? `${r.column}=${r.value}` : ''));
  return [group(t('common:search.runbooks'), runbooks), group(t('common:search.runs'), runs),
    group(t('common:search.rows'), rows)].filter(Boolean);
}

/** The box and its result list, for the header. */
export function searchBox() {
  const input = el('input', { type: 'search', id: 'header-search', className: 'header-search-input',
    placeholder: t('common:search.placeholder'), autocomplete: 'off' });
  input.setAttribute('aria-label', t('common:search.label'));
  input.setAttribute('aria-controls', 'header-search-results');
  const list = el('ul', { id: 'header-search-results', className: 'header-search-results', hidden: true });
  let timer = null;
  let asked = 0;
  const show = (items) => {
    list.replaceChildren(...items);
    list.hidden = items.length === 0;
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (!q) {
      show([]);
      return;
    }
    timer = setTimeout(async () => {
      const mine = ++asked;
      let items;
      try {
        const found = await request('GET', `/api/search?${new URLSearchParams({ q })}`);
        items = hits(found);
        if (!items.length) items = [el('li', 'search-none', t('common:search.none', { q }))];
      } catch (e) {
        items = [el('li', 'search-none error', t('common:search.failed', { error: e.message }))];
      }
      if (mine === asked) show(items);
    }, WAIT_MS);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') show([]);
    if (e.key === 'Enter') list.querySelector('a')?.click();
  });
  document.addEventListener('click', (e) => {
    if (!box.contains(e.target)) list.hidden = true;
  });
  const box = el('div', { className: 'header-search', role: 'search' }, input, list);
  return box;
}
