// The CMDB page: the sheet list, the grid of the chosen sheet (current, with discarded, or as of a past time),
// a row's history, and the Excel round trip.

import {
  listSheets, getSheet, listRows, registerRow, updateRow, revertRow, discardRow, restoreRow, rowHistory, exportUrl,
  uploadWorkbook, StaleRowError, RefusedError,
} from './cmdb-api.js';
import { Grid } from './cmdb-grid.js';
import { showPreview } from './cmdb-import.js';
import { $, el, showMessage } from '../lib/dom.js';
import { currentUser } from '../lib/http.js';
import { formatTime, t } from '../lib/i18n.js';
import { missing, needsText } from '../notebook/roles.js';

// `needs`: the role the user lacks to change rows (null when they may, or until /api/me answers)
const state = { sheet: null, asOf: null, discarded: false, needs: null };

const say = (text, kind) => showMessage($('message'), text, kind);

function draftOf(row, changes) {
  const values = { ...row.values };
  const draft = { host: row.host, operation: row.operation, values, version: row.version };
  for (const [key, value] of Object.entries(changes)) {
    const v = value === '' ? null : value;
    if (key === 'host' || key === 'operation') draft[key] = v; else values[key] = v;
  }
  return draft;
}

const grid = new Grid($('grid'), {
  async onEdit(row, changes) {
    try {
      const saved = await updateRow(state.sheet.name, row.id, draftOf(row, changes));
      grid.replaceRow(saved);
      say(t('saved-row', { id: saved.id, version: saved.version }));
      if (!$('history').hidden && $('history').dataset.rowId === String(saved.id)) openHistory(saved);
      return saved;
    } catch (err) {
      if (err instanceof StaleRowError) {
        grid.showStale(err.row, changes);
        say(t('row-changed-meanwhile', { id: row.id, user: err.row.updatedBy }), 'error');
      } else if (err instanceof RefusedError) {
        grid.showErrors(String(row.id), err.errors);
        say(t('not-saved', { error: err.message }), 'error');
      } else {
        say(t('not-saved', { error: err.message }), 'error');
      }
      return null;
    }
  },
  async onRevert({ id, to, from }) {
    try {
      // expecting the version this change made: a row changed since by anyone is not silently rolled back
      const saved = await revertRow(state.sheet.name, id, to, from);
      grid.replaceRow(saved);
      return saved;
    } catch (err) {
      if (err instanceof StaleRowError) grid.replaceRow(err.row);
      say(t('undo-refused', { id, error: err.message }), 'error');
      return null;
    }
  },
  async onRegister(draft) {
    try {
      const saved = await registerRow(state.sheet.name, draft);
      grid.replaceRow(saved);
      say(t('registered-row', { id: saved.id }));
      return true;
    } catch (err) {
      if (err instanceof RefusedError) grid.showErrors('new', err.errors);
      say(t('not-registered', { error: err.message }), 'error');
      return false;
    }
  },
  onDiscard: (row) => flip(row, discardRow, 'discard'),
  onRestore: (row) => flip(row, restoreRow, 'restore'),
  onHistory: (row) => openHistory(row),
});

/** Discards or restores `row`; `action` is 'discard' or 'restore' (the catalogue's words for it). */
async function flip(row, call, action) {
  try {
    const saved = await call(state.sheet.name, row.id, row.version);
    say(t(`${action}-done`, { id: saved.id }));
    await loadRows();
  } catch (err) {
    if (err instanceof StaleRowError) grid.replaceRow(err.row);
    if (err instanceof RefusedError) grid.showErrors(String(row.id), err.errors);
    say(t(`${action}-refused`, { id: row.id, error: err.message }), 'error');
  }
}

function describeValues(row) {
  const parts = [];
  if (row.host) parts.push(`host=${row.host}`);
  if (row.operation) parts.push(`operation=${row.operation}`);
  for (const [k, v] of Object.entries(row.values || {})) parts.push(`${k}=${v === null ? '' : v}`);
  return parts.join('  ');
}

async function openHistory(row) {
  const panel = $('history');
  panel.dataset.rowId = String(row.id);
  $('history-title').textContent = t('history-of', { sheet: state.sheet.name, id: row.id });
  try {
    const changes = await rowHistory(state.sheet.name, row.id);
    $('history-list').replaceChildren(...changes.slice().reverse().map((c) => {
      const head = `${c.action.toLowerCase()} · ${formatTime(c.at)} · ${t('history-by', { user: c.user, via: c.channel.toLowerCase() })}`;
      const values = `v${c.after.version}${c.after.discarded ? ` ${t('discarded')}` : ''}  ${describeValues(c.after)}`;
      return el('li', { className: 'change', dataset: { action: c.action } },
        el('div', 'change-head', head), el('div', 'change-values', values));
    }));
  } catch (err) {
    $('history-list').replaceChildren();
    say(t('no-history', { error: err.message }), 'error');
  }
  panel.hidden = false;
}

/** The diff view from the as-of time shown (else from a day ago) to now. */
function diffLink() {
  const from = state.asOf || new Date(Date.now() - 86_400_000).toISOString();
  $('diff-sheet').href = `cmdb-diff.html?${new URLSearchParams({ sheet: state.sheet.name, from })}`;
  $('diff-sheet').hidden = false;
}

/** Rows read first (drawn at once), then per page after them until the sheet is read. */
const FIRST_PAGE = 200;
const PAGE = 20_000;
let reading = 0; // which read is current: a later sheet or filter ends an earlier read's pages

async function loadRows() {
  const read = ++reading;
  const options = { discarded: state.discarded, asOf: state.asOf };
  let rows = await listRows(state.sheet.name, { ...options, limit: FIRST_PAGE });
  if (read !== reading) return;
  const readOnly = !!state.asOf || state.needs !== null;
  grid.show(state.sheet, rows, readOnly, state.needs ? needsText(state.needs) : null);
  $('grid').dataset.mode = state.asOf ? 'as-of' : 'live';
  $('grid').dataset.loaded = 'false';
  let limit = FIRST_PAGE;
  // a large sheet comes in pages while its first rows are already on the screen
  while (rows.length === limit) {
    limit = PAGE;
    rows = await listRows(state.sheet.name, { ...options, after: rows[rows.length - 1].id, limit });
    if (read !== reading) return;
    grid.append(rows);
  }
  $('grid').dataset.loaded = 'true';
}

async function openSheet(name) {
  try {
    state.sheet = await getSheet(name);
  } catch (err) {
    say(t('cannot-open-sheet', { name, error: err.message }), 'error');
    return;
  }
  $('sheet-title').textContent = state.sheet.name;
  // the kind in the page's language; the description is the sheet's own text (recorded data)
  $('sheet-description').replaceChildren(state.sheet.kind === 'HOST' ? t('host-sheet') : t('data-sheet'),
    ...(state.sheet.description ? [' — ', el('span', { translate: false }, state.sheet.description)] : []));
  $('export-sheet').href = exportUrl(name);
  $('export-sheet').hidden = false;
  $('edit-sheet').href = `cmdb-sheet.html?sheet=${encodeURIComponent(name)}`;
  $('edit-sheet').hidden = false;
  diffLink();
  for (const a of document.querySelectorAll('#sheets a')) {
    a.setAttribute('aria-current', a.dataset.sheet === name ? 'page' : 'false');
  }
  $('history').hidden = true;
  const url = new URL(window.location.href);
  url.searchParams.set('sheet', name);
  window.history.replaceState(null, '', url);
  say('');
  await loadRows();
}

async function main() {
  try {
    state.needs = missing((await currentUser()).roles, ['editor']);
  } catch {
    state.needs = null; // the server refuses what the roles do not allow either way
  }
  $('show-discarded').addEventListener('change', (e) => {
    state.discarded = e.target.checked;
    if (state.sheet) loadRows();
  });
  $('as-of').addEventListener('change', (e) => {
    state.asOf = e.target.value ? new Date(e.target.value).toISOString() : null;
    say(state.asOf ? t('read-only-as-of', { time: formatTime(state.asOf) }) : '');
    if (state.sheet) {
      diffLink();
      loadRows();
    }
  });
  $('as-of-clear').addEventListener('click', () => {
    $('as-of').value = '';
    state.asOf = null;
    say('');
    if (state.sheet) {
      diffLink();
      loadRows();
    }
  });
  $('history-close').addEventListener('click', () => { $('history').hidden = true; });
  $('upload').addEventListener('change', async (e) => {
    const file = e.target.files[0];
    if (!file) return;
    try {
      const preview = await uploadWorkbook(file);
      showPreview($('import-preview'), preview, (changed) => {
        say(t('applied', { count: changed, file: file.name }));
        if (state.sheet) loadRows();
      }, (message) => say(t('import-refused', { error: message }), 'error'));
    } catch (err) {
      say(t('upload-failed', { error: err.message }), 'error');
    }
    e.target.value = '';
  });

  try {
    const sheets = await listSheets();
    $('sheets').replaceChildren(...sheets.map((s) => {
      const a = el('a', { href: `cmdb.html?sheet=${encodeURIComponent(s.name)}`, title: s.description || '',
        translate: false, dataset: { sheet: s.name } }, s.name);
      a.addEventListener('click', (ev) => {
        ev.preventDefault();
        openSheet(s.name);
      });
      return el('li', {}, a);
    }));
    const wanted = new URLSearchParams(window.location.search).get('sheet');
    const first = sheets.find((s) => s.name === wanted) || sheets[0];
    if (first) await openSheet(first.name);
  } catch (err) {
    say(t('cannot-list-sheets', { error: err.message }), 'error');
  }
}

main();
