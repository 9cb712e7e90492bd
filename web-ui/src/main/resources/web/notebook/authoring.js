// Authoring in the notebook (issue 17 §2): add, move, duplicate and delete cells, edit a fence's attributes and the
// front matter. Each action is one REST edit naming the version the page shows; the server writes only that
// piece's bytes and answers the new document, which the page then draws. A save made in another tab arrives as a
// `runbook-saved` message on the session socket and is drawn here too, so two tabs do not drift apart.

import { request, ApiError } from '../lib/http.js';
import { t } from '../lib/i18n.js';
import { $, el } from '../lib/dom.js';
import { getRunbook } from './runbooks-api.js';
import { CodeCellView } from './cell-view.js';
import { needsText } from './roles.js';

const LANGUAGES = ['sh', 'bash', 'java', 'python', 'ssh', 'ansible', 'terraform', 'cmdb', 'dialog', 'flow', 'pause'];
/** The attributes a cell has a field for when its executor takes them; the rest are edited as key=value lines. */
const COMMON = ['hosts', 'timeout'];

/** `timeout (duration)`, `streams=merged|separate`: one attribute of the executor's list, as the editor shows it. */
function described(a) {
  if (a.allowed && a.allowed.length) return `${a.name}=${a.allowed.join('|')}`;
  return a.type === 'TEXT' ? a.name : `${a.name} (${t(`nb-attr-type-${a.type.toLowerCase()}`)})`;
}
const IMPLICIT_ID = /^cell-\d+$/;

function button(className, text, title, onClick) {
  const b = el('button', { className, type: 'button', title }, text);
  b.addEventListener('click', onClick);
  return b;
}

export class Authoring {
  constructor(notebook) {
    this.notebook = notebook;
    this.base = `/api/runbooks/${notebook.name.split('/').map(encodeURIComponent).join('/')}`;
  }

  start() {
    const slot = $('toolbar');
    this.frontMatterButton = button('edit-front-matter', t('nb-front-matter'), t('nb-front-matter-title'),
      () => this.editFrontMatter());
    slot.insertBefore(this.frontMatterButton, slot.querySelector('.toolbar-spacer'));
    this.notebook.socket.on('runbook-saved', (msg) => this.savedElsewhere(msg));
  }

  /** Adds the authoring controls to freshly drawn cells: a toolbar per top-level code cell, "+" bars between. */
  decorate(views) {
    const needs = this.notebook.editNeeds;
    const cells = $('cells');
    cells.querySelectorAll(':scope > .cell-insert').forEach((bar) => bar.remove());
    this.nearBars?.disconnect();
    // one bar is built, the others get copies of its controls when they come within a screen or so of the view (a
    // 500-cell runbook has 501 bars of 15 elements each, ~30 ms to copy at once; bench/ui): clicks are heard on #cells
    this.bar = this.insertBar(needs);
    this.nearBars = new IntersectionObserver((entries) => {
      for (const e of entries) {
        if (!e.isIntersecting) continue;
        this.nearBars.unobserve(e.target);
        e.target.replaceChildren(...this.bar.cloneNode(true).childNodes);
      }
    }, { rootMargin: '800px 0px' });
    const barAfter = (after) => {
      const slot = el('div', { className: 'cell-insert' });
      slot.dataset.after = String(after);
      this.nearBars.observe(slot);
      return slot;
    };
    cells.prepend(barAfter(-1));
    for (const view of views) {
      view.element.querySelector('.cell-authoring')?.remove();
      if (view instanceof CodeCellView && view.cell.depth === 0) {
        view.element.querySelector('.cell-header').append(this.cellTools(view, needs));
      }
      if (view.element.parentElement === cells) view.element.after(barAfter(view.index));
    }
    if (!this.barsHeard) {
      this.barsHeard = true;
      cells.addEventListener('click', (e) => this.insertClicked(e));
    }
    if (this.frontMatterButton) this.gate([this.frontMatterButton], needs);
    this.sectionButtons(views);
  }

  /** The user's roles are known now: the controls decorate() drew are gated anew rather than drawn again. */
  regate(views) {
    const needs = this.notebook.editNeeds;
    const cells = $('cells');
    for (const scope of [cells, this.bar].filter(Boolean)) {
      this.gate(scope.querySelectorAll('.cell-insert button, .cell-authoring button'), needs);
      for (const select of scope.querySelectorAll('.cell-insert select')) select.disabled = needs !== null;
    }
    if (this.frontMatterButton) this.gate([this.frontMatterButton], needs);
    this.sectionButtons(views);
  }

  /**
   * A ▶ on every heading runs the code cells under it: those after it in the page up to the next heading of the
   * same or a higher level.
   */
  sectionButtons(views) {
    const nb = this.notebook;
    const headings = [];
    const order = []; // headings and code cells in page order
    for (const view of views) {
      if (view instanceof CodeCellView) order.push({ cell: view.id });
      else {
        view.html.querySelectorAll('h1, h2, h3, h4, h5, h6').forEach((h) => {
          const item = { heading: h, level: Number(h.tagName[1]) };
          headings.push(item);
          order.push(item);
        });
      }
    }
    for (const item of headings) {
      item.heading.querySelector('.run-section')?.remove();
      const cells = [];
      for (let i = order.indexOf(item) + 1; i < order.length; i++) {
        if (order[i].heading && order[i].level <= item.level) break;
        if (order[i].cell) cells.push(order[i].cell);
      }
      if (cells.length === 0) continue;
      const run = button('run-section', '▶', t('nb-run-section', { count: cells.length }), () => nb.runSection(cells));
      run.dataset.cells = cells.join(' ');
      const runNeeds = nb.runNeeds;
      run.disabled = runNeeds !== null; // while busy, Run section asks to queue as Run all does
      if (runNeeds) run.title = needsText(runNeeds);
      item.heading.append(' ', run);
    }
  }

  gate(buttons, needs) {
    for (const b of buttons) {
      b.disabled = needs !== null;
      if (needs) b.title = needsText(needs);
    }
  }

  cellTools(view, needs) {
    const i = view.index;
    const tools = el('span', 'cell-authoring',
      button('cell-up', '↑', t('nb-move-up'), () => this.edit('POST', `/cells/${i}/move`, { by: -1 })),
      button('cell-down', '↓', t('nb-move-down'), () => this.edit('POST', `/cells/${i}/move`, { by: 1 })),
      button('cell-duplicate', '⧉', t('nb-duplicate'), () => this.edit('POST', `/cells/${i}/duplicate`, {})),
      button('cell-edit-attributes', '⚙', t('nb-attributes'), () => this.editAttributes(view)),
      button('cell-delete', '✕', t('nb-delete'), () => {
        if (window.confirm(t('nb-delete-confirm', { id: view.id }))) this.edit('DELETE', `/cells/${i}`, {});
      }));
    this.gate([...tools.children], needs);
    return tools;
  }

  /** A bar between cells: a language and "+ code", "+ text" (insertClicked hears them). */
  insertBar(needs) {
    const language = el('select', { className: 'insert-language', title: t('nb-language'), ariaLabel: t('nb-language') },
      ...LANGUAGES.map((l) => el('option', { value: l }, l)));
    const code = el('button', { className: 'insert-code', type: 'button', title: t('nb-add-code-title') }, t('nb-add-code'));
    const text = el('button', { className: 'insert-text', type: 'button', title: t('nb-add-text-title') }, t('nb-add-text'));
    this.gate([code, text], needs);
    language.disabled = needs !== null;
    return el('div', { className: 'cell-insert' }, language, code, text);
  }

  insertClicked(e) {
    const b = e.target.closest('.cell-insert > button');
    if (!b || b.disabled) return;
    const bar = b.parentElement;
    const after = Number(bar.dataset.after);
    if (b.classList.contains('insert-code')) {
      this.edit('POST', '/cells', { after, language: bar.querySelector('.insert-language').value, code: '' });
    } else if (b.classList.contains('insert-text')) {
      this.edit('POST', '/cells', { after, text: t('nb-new-text') });
    }
  }

  /**
   * One edit; unsaved code would be lost when the page redraws, so it has to be saved first. It names the version
   * the page shows unless `body` names one. Resolves to the new document, or false when not done (the page says why);
   * an `undoable` edit can be undone (save-undo.js).
   */
  async edit(method, path, body, { undoable = true } = {}) {
    const nb = this.notebook;
    if (nb.views.some((v) => v.dirty)) {
      nb.notify(t('nb-save-first'), 'error');
      return false;
    }
    // in the saver's chain: after the cell saves before it, and a socket notice of this very save waits for it
    const done = nb.saver.tail.then(async () => {
      try {
        const doc = await request(method, this.base + path, { version: nb.saver.version, ...body });
        this.show(doc);
        if (undoable) nb.undo.record(doc);
        return doc;
      } catch (err) {
        if (err instanceof ApiError && err.status === 409) nb.showConflict();
        else nb.notify(t('nb-edit-failed', { message: err.message }), 'error');
        return false;
      }
    });
    nb.saver.tail = done;
    return done;
  }

  show(doc) {
    this.notebook.saver.version = doc.version;
    this.notebook.documentSaved(doc);
  }

  async savedElsewhere(msg) {
    const nb = this.notebook;
    await nb.saver.tail; // the notice of this tab's own save may come before the answer to it
    if (!msg || msg.version === nb.saver.version) return; // this tab's own save
    if (nb.views.some((v) => v.dirty)) {
      nb.showConflict();
      return;
    }
    try {
      const doc = await getRunbook(nb.name);
      if (doc.version === nb.saver.version) return;
      this.show(doc);
      nb.notify(t('nb-saved-elsewhere', { by: msg.by || '?' }));
    } catch (err) {
      nb.showConflict();
    }
  }

  editAttributes(view) {
    const attrs = { ...(view.cell.attributes || {}) };
    // the document lists once per language what that language's executor takes
    const takes = this.notebook.doc?.takes?.[view.cell.language] || [];
    const fields = COMMON.filter((k) => takes.some((a) => a.name === k));
    const field = (name, label, value) => el('label', 'attr-field', label,
      el('input', { name, value: value ?? '', className: `attr-${name}` }));
    const onError = el('input', { type: 'checkbox', name: 'continue-on-error',
      checked: attrs['continue-on-error'] === 'true', className: 'attr-continue-on-error' });
    const rest = Object.entries(attrs).filter(([k]) => !fields.includes(k) && k !== 'continue-on-error');
    const other = el('textarea', { name: 'other', rows: 4, className: 'attr-other',
      value: rest.map(([k, v]) => `${k}=${v}`).join('\n') });
    const form = el('form', { method: 'dialog', className: 'attr-form' },
      el('h2', null, t('nb-attributes-of', { id: view.id, language: view.cell.language })),
      field('id', t('nb-attr-id'), IMPLICIT_ID.test(view.id) ? '' : view.id),
      ...fields.map((k) => field(k, k, attrs[k])),
      el('label', 'attr-field', onError, ' continue-on-error'),
      el('label', 'attr-field', t('nb-attr-other'), other),
      el('p', 'muted attr-takes', t('nb-attr-takes', { language: view.cell.language,
        list: takes.map(described).join(', ') })),
      el('p', 'muted', t('nb-attr-help')));
    this.dialog(form, async () => {
      const values = {};
      for (const k of fields) {
        const v = form.elements[k].value.trim();
        if (v) values[k] = v;
      }
      if (onError.checked) values['continue-on-error'] = 'true';
      for (const line of other.value.split('\n')) {
        const at = line.indexOf('=');
        if (at > 0) values[line.slice(0, at).trim()] = line.slice(at + 1).trim();
      }
      return this.edit('PUT', `/cells/${view.index}/attributes`, { id: form.elements.id.value.trim(), values });
    });
  }

  editFrontMatter() {
    const lines = (this.notebook.doc.frontMatter || '').split(/\r?\n/);
    const yaml = lines.length > 2 ? lines.slice(1, lines.length - 2).join('\n') : '';
    const text = el('textarea', { name: 'yaml', rows: 14, className: 'front-matter-yaml', value: yaml });
    const form = el('form', { method: 'dialog', className: 'front-matter-form' },
      el('h2', null, t('nb-front-matter')), text, el('p', 'muted', t('nb-front-matter-help')));
    this.dialog(form, () => this.edit('PUT', '/front-matter', { yaml: text.value }));
  }

  /** A modal dialog with the form and Save/Cancel; it stays open while the server refuses the change. */
  dialog(form, save) {
    const box = el('dialog', 'authoring-dialog');
    const ok = button('dialog-save primary', t('nb-save'), '', async () => {
      ok.disabled = true;
      if (await save()) box.close();
      ok.disabled = false;
    });
    form.append(el('div', 'dialog-buttons', ok, button('dialog-cancel', t('nb-cancel'), '', () => box.close())));
    box.append(form);
    box.addEventListener('close', () => box.remove());
    document.body.append(box);
    box.showModal();
  }
}
