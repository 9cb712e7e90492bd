// The editable grid of one CMDB sheet: a plain table, sort by header click, a filter box per column, paste of
// several cells from a spreadsheet, errors shown at the cell. Data only ever reaches the page as textContent or
// input values, never as HTML.

import { el } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { cellField, keyFilePicker, MULTI_LINE, textCell } from './cmdb-cells.js';
import { RowWindow } from './cmdb-window.js';

const TEXT = {
  pasteInto: (rows, cols, first, last) => (first === last
    ? t('grid.paste-into-row', { rows, cols, first })
    : t('grid.paste-into-rows', { rows, cols, first, last })),
  pasteShort: (wanted, found) => t('grid.paste-short', { wanted, found }),
  undo: t('grid.undo'),
  undoTitle: t('grid.undo-title'),
  changed: (count) => t('grid.changed', { count }),
  undone: (count) => t('grid.undone', { count }),
};


/** What the grid shows for a sheet: row keys, the typed columns, then bookkeeping. */
function gridColumns(sheet) {
  const cols = [{ key: 'id', label: 'id', editable: false }];
  if (sheet.kind === 'HOST') {
    cols.push({ key: 'host', label: 'host', editable: true, help: t('grid.host-help') });
    cols.push({ key: 'operation', label: 'operation', editable: true, help: t('grid.operation-help') });
  }
  for (const c of sheet.columns) {
    const constraints = [c.type.toLowerCase(), c.required ? t('grid.required') : '', c.unique ? t('grid.unique') : '',
      c.enumValues ? t('grid.one-of', { values: c.enumValues.join(', ') }) : ''].filter(Boolean).join(', ');
    // a locked value changes only by a cmdb-approver: the server refuses anyone else, the header says so first
    const locked = sheet.locked || c.locked;
    cols.push({ key: c.name, label: locked ? `🔒 ${c.name}` : c.name, editable: true, value: true, type: c.type,
      locked,
      help: `${locked ? t('grid.locked-help') : ''}${constraints}`
        + `${c.description ? ` — ${c.description}` : ''}`,
      enumValues: c.enumValues });
  }
  cols.push({ key: 'version', label: t('grid.version'), editable: false });
  cols.push({ key: 'updatedBy', label: t('grid.updated-by'), editable: false });
  return cols;
}

function cellValue(row, col) {
  const v = col.value ? row.values[col.key] : row[col.key];
  if (v === null || v === undefined) return '';
  // LIST and MAP columns: shown and edited as the JSON text the server parses back
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

const collator = new Intl.Collator();

function compare(a, b) {
  const na = Number(a);
  const nb = Number(b);
  if (a !== '' && b !== '' && !Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  return collator.compare(a, b);
}

/** Splits clipboard text from a spreadsheet into rows of cells. */
export function parseClipboard(text) {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  return lines.map((line) => line.split('\t'));
}

export class Grid {
  /**
   * `handlers`: onEdit(row, changes) and onRegister(draft) return promises; onDiscard(row), onRestore(row),
   * onHistory(row).
   */
  constructor(table, handlers) {
    this.table = table;
    this.handlers = handlers;
    this.sort = null;
    this.filters = {};
    // Each entry is one user action (an edit, a paste over rows): the versions it took each row from and to.
    this.undoStack = [];
    // only the rows in view are elements: a sheet of 100,000 rows draws as fast as one of 30
    this.window = new RowWindow(el('tbody'), table.parentElement, (row) => this.rowElement(row), (row) => row.id);
    this.undoBar = el('div', { className: 'undo-bar', hidden: true });
    this.undoBar.setAttribute('role', 'status');
    table.after(this.undoBar);
    window.addEventListener('resize', () => {
      if (this.resizing || !table.classList.contains('fixed-columns')) return;
      this.resizing = requestAnimationFrame(() => {
        this.resizing = 0;
        if (this.visible && this.visible.length > 0) this.fixColumns();
      });
    });
    document.addEventListener('keydown', (e) => {
      const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
      // in a field the browser's own undo takes back typing; elsewhere Ctrl-Z takes back the last saved change
      if ((e.ctrlKey || e.metaKey) && !e.shiftKey && e.key.toLowerCase() === 'z' && !typing) {
        e.preventDefault();
        this.undo();
      }
    });
  }

  /** `needs`: a tooltip for every cell saying which role changing it needs (null when the user may). */
  show(sheet, rows, readOnly, needs = null) {
    this.sheet = sheet;
    this.needs = needs;
    this.rows = rows;
    this.readOnly = readOnly;
    this.columns = gridColumns(sheet);
    this.sort = null;
    this.filters = {};
    if (this.table.dataset.sheet !== sheet.name) this.forgetUndo();
    this.table.dataset.sheet = sheet.name;
    this.table.classList.remove('fixed-columns');
    this.table.replaceChildren(this.head(), this.window.tbody, this.foot());
    this.renderBody();
  }

  /** More rows of the sheet shown (the next page read from the server), in id order after those shown. */
  append(rows) {
    const known = new Set(this.rows.map((r) => r.id)); // a row registered here meanwhile may come in a page too
    for (const row of rows) if (!known.has(row.id)) this.rows.push(row);
    this.renderBody();
  }

  head() {
    const labels = el('tr');
    const filters = el('tr', { className: 'filters' });
    for (const col of this.columns) {
      // the header is the column's name and its help the sheet's own description: recorded data, not UI text
      const button = el('button', { type: 'button', className: 'sort', textContent: col.label, title: col.help || '',
        translate: false });
      button.addEventListener('click', () => this.sortBy(col.key));
      const th = el('th', {}, button);
      th.dataset.key = col.key;
      if (col.locked) th.dataset.locked = 'true';
      labels.append(th);
      const filter = el('input', { type: 'search', className: 'filter', placeholder: t('grid.filter') });
      filter.dataset.key = col.key;
      filter.setAttribute('aria-label', t('grid.filter-column', { column: col.label }));
      filter.addEventListener('input', () => {
        this.filters[col.key] = filter.value.toLowerCase();
        this.renderBody();
      });
      filters.append(el('th', {}, filter));
    }
    labels.append(el('th', { textContent: '' }));
    filters.append(el('th'));
    return el('thead', {}, labels, filters);
  }

  foot() {
    const tr = el('tr', { className: 'new-row' });
    tr.dataset.rowId = 'new';
    tr.hidden = this.readOnly;
    for (const col of this.columns) {
      const td = el('td');
      if (col.editable) td.append(this.input(col, ''));
      tr.append(td);
    }
    const add = el('button', { type: 'button', className: 'primary add-row', textContent: t('grid.add-row') });
    add.addEventListener('click', () => this.register(tr));
    tr.append(el('td', {}, add));
    return el('tfoot', {}, tr);
  }

  sortBy(key) {
    const dir = this.sort && this.sort.key === key && this.sort.dir === 1 ? -1 : 1;
    this.sort = { key, dir };
    for (const th of this.table.querySelectorAll('thead th[data-key]')) {
      th.dataset.sorted = th.dataset.key === key ? (dir === 1 ? 'asc' : 'desc') : '';
    }
    this.renderBody();
  }

  visibleRows() {
    let rows = this.rows.filter((row) => this.columns.every((col) => {
      const f = this.filters[col.key];
      return !f || cellValue(row, col).toLowerCase().includes(f);
    }));
    if (this.sort) {
      const col = this.columns.find((c) => c.key === this.sort.key);
      rows = [...rows].sort((a, b) => this.sort.dir * compare(cellValue(a, col), cellValue(b, col)));
    }
    return rows;
  }

  renderBody() {
    this.visible = this.visibleRows();
    this.window.set(this.visible, this.columns.length + 1);
    this.table.dataset.rows = String(this.visible.length);
    if (!this.table.classList.contains('fixed-columns') && this.visible.length > 0) this.fixColumns();
  }

  /**
   * Once rows are drawn, the columns keep the widths the browser gave them (`table-layout: fixed`): a row scrolled
   * in is then laid out alone, instead of every drawn row being measured again for the columns' widths. A new
   * sheet or a resized window measures again.
   */
  fixColumns() {
    this.table.querySelector('colgroup')?.remove();
    this.table.classList.remove('fixed-columns');
    const widths = [...this.table.tHead.rows[0].cells].map((th) => th.getBoundingClientRect().width);
    const cols = widths.map((w) => {
      const col = el('col');
      col.style.width = `${w}px`;
      return col;
    });
    this.table.prepend(el('colgroup', {}, ...cols));
    this.table.classList.add('fixed-columns');
  }

  input(col, value) {
    return cellField(col, value, this.needs || col.help || '', this.readOnly);
  }

  rowElement(row) {
    const tr = el('tr');
    tr.dataset.rowId = String(row.id);
    tr.dataset.version = String(row.version);
    tr.classList.toggle('discarded', row.discarded);
    for (const col of this.columns) {
      const td = el('td');
      td.dataset.key = col.key;
      // every cell one may change is its text until it gets the focus: a row of fields costs Chromium far more to
      // style and lay out than a row of text, and scrolling 100,000 rows draws many rows a second (bench/ui);
      // SECRET cells keep their masked field and the key-file picker beside it
      if (col.editable && !row.discarded && col.type !== 'SECRET' && !this.readOnly) {
        td.append(textCell(col, cellValue(row, col), this.needs || col.help || '', () => this.editor(row, col)));
      } else if (col.editable && !row.discarded) {
        td.append(this.editor(row, col));
        if (col.type === 'SECRET' && !this.readOnly) {
          td.append(keyFilePicker(col, (text) => this.edit(row, { [col.key]: text })));
        }
      } else {
        td.textContent = col.type === 'SECRET' && cellValue(row, col) ? '****' : cellValue(row, col);
      }
      tr.append(td);
    }
    const actions = el('td', { className: 'row-actions' });
    if (!this.readOnly) {
      const flip = el('button', { type: 'button', className: row.discarded ? 'restore' : 'discard danger',
        textContent: row.discarded ? t('grid.restore') : t('grid.discard') });
      flip.addEventListener('click', () => (row.discarded ? this.handlers.onRestore(row) : this.handlers.onDiscard(row)));
      actions.append(flip);
    }
    const history = el('button', { type: 'button', className: 'history', textContent: t('grid.history') });
    history.addEventListener('click', () => this.handlers.onHistory(row));
    actions.append(history);
    tr.append(actions);
    return tr;
  }

  /** The field that edits one cell of a row: saved on change, Enter ends the edit, a paste may span rows. */
  editor(row, col) {
    const input = this.input(col, cellValue(row, col));
    input.addEventListener('change', () => this.edit(row, { [col.key]: input.value }));
    input.addEventListener('keydown', (e) => {
      // Enter ends an edit; in a multi-line cell it is a line break, and Ctrl-Enter ends the edit
      if (e.key === 'Enter' && (!MULTI_LINE.has(col.type) || e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        input.blur();
      }
    });
    input.addEventListener('paste', (e) => this.paste(e, row, col));
    return input;
  }

  /** Puts a changed row (from the server) in place of the old one and redraws it. */
  replaceRow(row) {
    const i = this.rows.findIndex((r) => r.id === row.id);
    if (i < 0) {
      this.rows.push(row);
      this.renderBody();
      return;
    }
    this.rows[i] = row;
    const shown = this.visible.findIndex((r) => r.id === row.id);
    if (shown >= 0) this.visible[shown] = row;
    const old = this.window.element(row.id);
    if (!old) return; // not in view: drawn from the new data when it scrolls in
    // Keep the caret where the user went next (Tab to the neighbour cell) when the saved row is redrawn.
    const focused = old.contains(document.activeElement) ? document.activeElement.dataset.key : null;
    const fresh = this.window.redraw(row.id, row);
    if (focused) {
      const input = fresh.querySelector(`.cell-input[data-key="${CSS.escape(focused)}"]`);
      if (input) input.focus();
    }
  }

  /** Saves one row's change; undoable unless `grouped` (a paste records its rows as one action). */
  async edit(row, changes, grouped = false) {
    this.clearErrors(String(row.id));
    const saved = await this.handlers.onEdit(row, changes);
    const step = saved && saved.version !== row.version ? { id: row.id, from: row.version, to: saved.version } : null;
    if (!grouped && step) this.recordUndo([step]);
    return step;
  }

  paste(event, row, col) {
    const text = event.clipboardData ? event.clipboardData.getData('text/plain') : '';
    if (!text.includes('\t') && !text.includes('\n')) return; // a single value: the input takes it itself
    event.preventDefault();
    // A multi-line value (a private key, a note) pasted into one TEXT or SECRET cell is that cell's value, saved
    // at once as a paste over rows is (a value set here would not fire the cell's change event).
    if (!text.includes('\t') && MULTI_LINE.has(col.type)) {
      const input = event.target;
      input.setRangeText(text, input.selectionStart, input.selectionEnd, 'end');
      this.edit(row, { [col.key]: input.value });
      return;
    }
    const grid = parseClipboard(text);
    const rows = this.visibleRows().filter((r) => !r.discarded);
    const editable = this.columns.filter((c) => c.editable);
    const r0 = rows.findIndex((r) => r.id === row.id);
    const c0 = editable.findIndex((c) => c.key === col.key);
    const targets = grid.map((_, dr) => rows[r0 + dr]).filter(Boolean);
    const width = Math.max(...grid.map((cells) => cells.length));
    // Spreading over rows changes data the user is not looking at: ask, showing where it goes.
    const question = TEXT.pasteInto(grid.length, width, targets[0].id, targets[targets.length - 1].id);
    const short = targets.length < grid.length ? ` (${TEXT.pasteShort(grid.length, targets.length)})` : '';
    if (!window.confirm(question + short)) return;
    const edits = targets.map((target, dr) => {
      const changes = {};
      grid[dr].forEach((value, dc) => {
        const c = editable[c0 + dc];
        if (c) changes[c.key] = value;
      });
      const tr = this.table.querySelector(`tbody tr[data-row-id="${target.id}"]`);
      for (const [key, value] of Object.entries(changes)) {
        const input = tr && tr.querySelector(`.cell-input[data-key="${key}"]`);
        if (input instanceof HTMLDivElement) input.textContent = value; else if (input) input.value = value;
      }
      return this.edit(target, changes, true);
    });
    Promise.all(edits).then((steps) => this.recordUndo(steps.filter(Boolean)));
  }

  // ---- undo: each step goes back through the journal (the server restores the row as it was at `from`)

  recordUndo(steps) {
    if (steps.length === 0) return;
    this.undoStack.push(steps);
    this.showUndo(TEXT.changed(steps.length));
  }

  showUndo(text) {
    const button = el('button', { type: 'button', className: 'undo', textContent: TEXT.undo, title: TEXT.undoTitle });
    button.addEventListener('click', () => this.undo());
    this.undoBar.replaceChildren(el('span', {}, text), ' ', button);
    button.hidden = this.undoStack.length === 0;
    this.undoBar.hidden = false;
  }

  forgetUndo() {
    this.undoStack = [];
    this.undoBar.hidden = true;
  }

  async undo() {
    const steps = this.undoStack.pop();
    if (!steps) return;
    const results = await Promise.all(steps.map((step) => this.handlers.onRevert(step)));
    const undone = results.filter(Boolean).length;
    if (undone < steps.length) this.undoStack.push(steps.filter((_, i) => !results[i]));
    this.showUndo(TEXT.undone(undone));
  }

  async register(tr) {
    const draft = { values: {} };
    for (const input of tr.querySelectorAll('.cell-input')) {
      const col = this.columns.find((c) => c.key === input.dataset.key);
      const value = input.value === '' ? null : input.value;
      if (col.value) draft.values[col.key] = value; else draft[col.key] = value;
    }
    this.clearErrors('new');
    if (await this.handlers.onRegister(draft)) {
      for (const input of tr.querySelectorAll('.cell-input')) input.value = '';
    }
  }

  clearErrors(rowId) {
    const tr = this.table.querySelector(`tr[data-row-id="${rowId}"]`);
    if (!tr) return;
    tr.querySelectorAll('.cell-error').forEach((n) => n.remove());
    tr.querySelectorAll('.invalid').forEach((n) => { n.classList.remove('invalid'); n.removeAttribute('aria-invalid'); });
  }

  /** Shows each refusal at its cell; refusals without a column go under the row's first cell. */
  showErrors(rowId, errors) {
    const tr = this.table.querySelector(`tr[data-row-id="${rowId}"]`);
    if (!tr) return;
    for (const error of errors) {
      const input = error.column && tr.querySelector(`.cell-input[data-key="${CSS.escape(error.column)}"]`);
      const td = input ? input.parentElement : tr.cells[0];
      if (input) {
        input.classList.add('invalid');
        input.setAttribute('aria-invalid', 'true');
      }
      td.append(el('span', { className: 'cell-error', textContent: error.message }));
    }
  }

  /** After a stale edit: the cell shows the current value and says what happened. */
  showStale(row, changes) {
    this.replaceRow(row);
    const tr = this.table.querySelector(`tbody tr[data-row-id="${row.id}"]`);
    for (const [key, mine] of Object.entries(changes)) {
      const input = tr.querySelector(`.cell-input[data-key="${CSS.escape(key)}"]`);
      if (!input) continue;
      input.classList.add('stale');
      input.parentElement.append(el('span', { className: 'cell-error stale-note',
        textContent: t('grid.stale', { value: mine }) }));
    }
  }
}
