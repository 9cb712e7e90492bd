// What changed in a sheet between two times (cmdb-diff.html?sheet=NAME&from=ISO[&to=ISO]): rows registered,
// updated (each changed column before → after), discarded and restored. Secrets come masked from the server.

import { listSheets, sheetDiff } from './cmdb-api.js';
import { $, el, showMessage } from '../lib/dom.js';
import { formatTime, t } from '../lib/i18n.js'; // translates the page's HTML before this script fills it

const KIND = { ADDED: t('kind.added'), CHANGED: t('kind.changed'), DISCARDED: t('kind.discarded'), RESTORED: t('kind.restored') };

// The instants asked for. Kept as ISO text, not only as the inputs' local time, so a link carries its precision.
const state = { from: null, to: null };

const say = (text, kind) => showMessage($('diff-message'), text, kind);

/** An ISO instant as the value of a datetime-local input, in the browser's time zone. */
function localValue(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

function isoOf(localText) {
  return localText ? new Date(localText).toISOString() : null;
}

function shown(value) {
  if (value === null || value === undefined) return '∅';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function rowKey(diff) {
  const row = diff.after || diff.before || {};
  const parts = [`#${diff.rowId}`];
  if (row.host) parts.push(row.host);
  if (row.operation) parts.push(`(${row.operation})`);
  return parts.join(' ');
}

function changeList(diff) {
  const ul = el('ul', 'diff-columns');
  for (const [column, change] of Object.entries(diff.columns || {})) {
    const li = el('li', { dataset: { column } }, el('span', 'diff-name', column), ': ');
    if (diff.kind !== 'ADDED') li.append(el('code', 'before', shown(change.before)), ' → ');
    li.append(el('code', 'after', shown(change.after)));
    ul.append(li);
  }
  return ul;
}

function render(sheet, diffs) {
  const body = $('diff').querySelector('tbody');
  body.replaceChildren(...diffs.map((d) => {
    const who = d.after ? `${d.after.updatedBy}, ${formatTime(d.after.updatedAt)}` : '';
    return el('tr', { dataset: { rowId: String(d.rowId), kind: d.kind } }, el('td', 'diff-row', rowKey(d)),
      el('td', 'diff-kind', KIND[d.kind] || d.kind), el('td', {}, changeList(d)), el('td', 'muted', who));
  }));
  $('diff').dataset.sheet = sheet;
  const span = `${formatTime(state.from)} → ${state.to ? formatTime(state.to) : t('now')}`;
  say(diffs.length ? t('rows-changed', { count: diffs.length, sheet, span }) : t('nothing-changed', { sheet, span }));
}

async function compare() {
  const sheet = $('diff-sheet').value;
  if (!sheet || !state.from) {
    say(t('choose-sheet-and-from'), 'error');
    return;
  }
  const url = new URL(window.location.href);
  url.search = new URLSearchParams({ sheet, from: state.from, ...(state.to ? { to: state.to } : {}) }).toString();
  window.history.replaceState(null, '', url);
  try {
    render(sheet, await sheetDiff(sheet, state.from, state.to));
  } catch (err) {
    $('diff').querySelector('tbody').replaceChildren();
    say(t('cannot-compare', { error: err.message }), 'error');
  }
}

async function main() {
  const params = new URLSearchParams(window.location.search);
  state.from = params.get('from');
  state.to = params.get('to');
  $('diff-from').value = localValue(state.from);
  $('diff-to').value = localValue(state.to);
  $('diff-from').addEventListener('change', (e) => { state.from = isoOf(e.target.value); });
  $('diff-to').addEventListener('change', (e) => { state.to = isoOf(e.target.value); });
  $('diff-form').addEventListener('submit', (e) => {
    e.preventDefault();
    compare();
  });
  try {
    const sheets = await listSheets();
    $('diff-sheet').replaceChildren(...sheets.map((s) => el('option', { value: s.name }, s.name)));
    if (params.get('sheet')) $('diff-sheet').value = params.get('sheet');
  } catch (err) {
    say(t('cannot-list-sheets', { error: err.message }), 'error');
    return;
  }
  if (state.from) await compare();
  else say(t('choose-from'));
}

main();
