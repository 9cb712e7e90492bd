// The sheet-definition editor (cmdb-sheet.html, ?sheet=NAME to edit, none to create). The server is the judge
// of a definition: its refusal names the field at fault ({error, field}), shown beside that field.

import {
  listSheets, getSheet, createSheet, updateSheet, DefinitionError, RefusedError,
} from './cmdb-api.js';
import { blankColumn, columnCard, toJson } from './cmdb-sheet-columns.js';
import { $, el, showMessage } from '../lib/dom.js';
import { t } from '../lib/i18n.js'; // translates the page's HTML before this script fills it
const HOSTS = 'hosts';

const state = { stored: null, columns: [], uniqueSets: [], sheets: [] };

const say = (text, kind) => showMessage($('editor-message'), text, kind);

function builtInHostsColumns(def) {
  // The hosts sheet's own columns are the ones it was created with; the store refuses any change to their types.
  return def.name === HOSTS ? new Set(['address', 'ssh_port', 'user', 'credential', 'groups']) : new Set();
}

function renderColumns() {
  const list = $('columns');
  list.replaceChildren(...state.columns.map((column, i) => columnCard(column, i, state.columns.length, {
    sheets: state.sheets,
    locked: column.builtIn,
    onChange: renderColumns,
    onMove(delta) {
      const j = i + delta;
      [state.columns[i], state.columns[j]] = [state.columns[j], state.columns[i]];
      renderColumns();
    },
    onRemove() {
      state.columns.splice(i, 1);
      renderColumns();
    },
  })));
}

function renderUniqueSets() {
  $('unique-sets').replaceChildren(...state.uniqueSets.map((set, i) => {
    const input = el('input', { value: set, placeholder: 'column_a, column_b', dataset: { field: `uniqueSets[${i}]` } });
    input.addEventListener('input', () => { state.uniqueSets[i] = input.value; });
    const remove = el('button', { type: 'button' }, t('col.remove'));
    remove.addEventListener('click', () => {
      state.uniqueSets.splice(i, 1);
      renderUniqueSets();
    });
    return el('li', {}, input, ' ', remove);
  }));
}

function definition() {
  return {
    name: $('sheet-name').value.trim(),
    kind: $('sheet-kind').value,
    description: $('sheet-description').value,
    columns: state.columns.map(toJson),
    uniqueSets: state.uniqueSets.map((s) => s.split(',').map((c) => c.trim()).filter((c) => c)),
  };
}

function clearErrors() {
  for (const e of document.querySelectorAll('#sheet-form .field-error')) e.remove();
  for (const e of document.querySelectorAll('#sheet-form .invalid')) e.classList.remove('invalid');
}

/** The element for `field` (columns[2].pattern), or the nearest enclosing one the form has (columns[2]). */
function fieldElement(field) {
  let path = field;
  while (path) {
    const found = document.querySelector(`#sheet-form [data-field="${CSS.escape(path)}"]`);
    if (found) return found;
    const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    path = cut > 0 ? path.slice(0, cut) : '';
  }
  return null;
}

function showFieldError(target, message) {
  target.classList.add('invalid');
  const note = el('span', 'field-error', message);
  note.setAttribute('role', 'alert');
  // Beside the input (after its label), or at the top of a card or list.
  const label = target.closest('label');
  if (label && target.tagName !== 'LI' && target.tagName !== 'OL') label.after(note);
  else target.prepend(note);
  target.scrollIntoView({ block: 'center' });
}

function showRefusal(err) {
  if (err instanceof DefinitionError) {
    const target = fieldElement(err.field);
    if (target) showFieldError(target, err.message);
    say(t('not-saved', { error: err.message }), 'error');
  } else if (err instanceof RefusedError) {
    // A new uniqueness rule that current rows break: each refusal names a column (or a unique set).
    for (const e of err.errors) {
      const i = state.columns.findIndex((c) => c.name === e.column);
      const target = i >= 0 ? fieldElement(`columns[${i}].unique`) : null;
      if (target) showFieldError(target, t('row-problem', { row: e.rowRef, error: e.message }));
    }
    say(t('not-saved', { error: err.errors.map((e) => t('row-problem', { row: `${e.rowRef} ${e.column || ''}`.trim(), error: e.message })).join('; ') }), 'error');
  } else {
    say(t('not-saved', { error: err.message }), 'error');
  }
}

async function save(ev) {
  ev.preventDefault();
  clearErrors();
  const def = definition();
  try {
    const saved = state.stored ? await updateSheet(def) : await createSheet(def);
    load(saved);
    const url = new URL(window.location.href);
    url.searchParams.set('sheet', saved.name);
    window.history.replaceState(null, '', url);
    say(t('saved-sheet', { name: saved.name }));
  } catch (err) {
    showRefusal(err);
  }
}

function load(def) {
  state.stored = def;
  const builtIn = builtInHostsColumns(def);
  state.columns = def.columns.map((c) => ({ ...c, stored: true, builtIn: builtIn.has(c.name) }));
  state.uniqueSets = (def.uniqueSets || []).map((s) => s.join(', '));
  $('editor-title').textContent = t('sheet-named', { name: def.name });
  document.title = `${def.name} — sheet definition — Tejun`;
  $('sheet-name').value = def.name;
  $('sheet-name').disabled = true; // a sheet cannot be renamed
  $('sheet-kind').value = def.kind;
  $('sheet-kind').disabled = def.name === HOSTS;
  $('sheet-description').value = def.description || '';
  $('builtin-note').hidden = def.name !== HOSTS;
  $('open-grid').href = `cmdb.html?sheet=${encodeURIComponent(def.name)}`;
  $('open-grid').hidden = false;
  if (!state.sheets.includes(def.name)) state.sheets.push(def.name);
  renderColumns();
  renderUniqueSets();
}

async function main() {
  $('add-column').addEventListener('click', () => {
    state.columns.push(blankColumn());
    renderColumns();
    const names = document.querySelectorAll('#columns input[data-field$=".name"]');
    names[names.length - 1].focus();
  });
  $('add-unique-set').addEventListener('click', () => {
    state.uniqueSets.push('');
    renderUniqueSets();
  });
  $('sheet-form').addEventListener('submit', save);
  try {
    state.sheets = (await listSheets()).map((s) => s.name);
  } catch (err) {
    say(t('cannot-list-sheets', { error: err.message }), 'error');
  }
  const wanted = new URLSearchParams(window.location.search).get('sheet');
  if (wanted) {
    try {
      load(await getSheet(wanted));
    } catch (err) {
      say(t('cannot-open-sheet', { name: wanted, error: err.message }), 'error');
    }
  } else {
    state.columns = [blankColumn()];
    renderColumns();
  }
  $('sheet-form').dataset.ready = 'true';
}

main();
