// One prose cell: the server's rendered HTML, and an "edit" toggle that shows its Markdown source.
// The only HTML this page inserts as markup is the server's `html` of prose, which the server has
// escaped (a <script> in a runbook shows as text); everything else is text.

import { el } from '../lib/dom.js';
import { gate } from './roles.js';
import { t } from '../lib/i18n.js';
import { enhanceProse } from './prose-links.js';

/** The runbook this page shows, which relative links and images in prose are relative to. */
const RUNBOOK = new URLSearchParams(window.location.search).get('runbook') || '';

export class ProseCellView {
  /** @param actions `{ save(view, source) }` returning a promise that settles when the save is done */
  constructor(cell, actions) {
    this.cell = cell;
    this.actions = actions;
    this.element = this.build();
  }

  get index() {
    return this.cell.index;
  }

  /** Without the editor role the Markdown cannot be opened for editing; `needs` is that role, or null. */
  setEditable(needs) {
    if (needs && this.editing) this.close();
    gate(this.toggle, needs);
  }

  build() {
    const root = el('section', 'cell prose-cell');
    root.dataset.index = String(this.cell.index);

    this.toggle = el('button', 'edit-prose', t('nb-edit'));
    this.toggle.type = 'button';
    this.toggle.title = t('nb-edit-markdown');
    this.toggle.addEventListener('click', () => (this.editing ? this.close() : this.open()));

    this.html = el('div', 'prose-html');
    this.html.innerHTML = this.cell.html;
    enhanceProse(this.html, RUNBOOK);

    this.editorBox = el('div', 'prose-editor');
    this.editorBox.hidden = true;
    this.textarea = el('textarea', 'prose-source');
    this.textarea.spellcheck = false;
    this.textarea.addEventListener('keydown', (e) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
        e.preventDefault();
        this.save();
      } else if (e.key === 'Escape') {
        this.close();
      }
    });
    const saveButton = el('button', 'save-prose', t('nb-save'));
    saveButton.type = 'button';
    saveButton.addEventListener('click', () => this.save());
    const cancelButton = el('button', 'cancel-prose', t('nb-cancel'));
    cancelButton.type = 'button';
    cancelButton.addEventListener('click', () => this.close());
    const buttons = el('div', 'prose-buttons');
    buttons.append(saveButton, cancelButton);
    this.editorBox.append(this.textarea, buttons);

    root.append(this.toggle, this.html, this.editorBox);
    return root;
  }

  get editing() {
    return !this.editorBox.hidden;
  }

  get dirty() {
    return this.editing && this.textarea.value !== this.cell.source;
  }

  open() {
    this.textarea.value = this.cell.source;
    this.textarea.rows = Math.min(30, Math.max(4, this.cell.source.split('\n').length + 1));
    this.editorBox.hidden = false;
    this.html.hidden = true;
    this.toggle.textContent = t('nb-close');
    this.element.classList.add('editing');
    this.textarea.focus();
  }

  close() {
    this.editorBox.hidden = true;
    this.html.hidden = false;
    this.toggle.textContent = t('nb-edit');
    this.element.classList.remove('editing');
  }

  async save() {
    if (!this.dirty) {
      this.close();
      return;
    }
    let source = this.textarea.value;
    // Markdown before a fence needs its line break; a textarea makes it easy to lose.
    if (this.cell.source.endsWith('\n') && !source.endsWith('\n')) source += '\n';
    const ok = await this.actions.save(this, source);
    if (ok) this.close();
  }

  /** The server has stored this cell (our save, or a newer document with the same shape). */
  saved(cell) {
    this.cell = cell;
    this.element.dataset.index = String(cell.index);
    this.html.innerHTML = cell.html;
    enhanceProse(this.html, RUNBOOK);
  }
}
