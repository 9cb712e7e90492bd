// Undo of this page's own saves (issue 17 §1). The server answers each save with the text it replaced; Undo (on the
// cell's "saved 10:42 ✓", or Ctrl-Z when the focus is not in an editor) puts that text back through the ordinary
// whole-file save, naming the version the undone save made. So the undo is audited and committed like any save, and
// when the file changed since (another tab, another user) the server refuses it and the changed-elsewhere bar shows:
// nobody's later edit is overwritten. Several saves undo one after the other, newest first. The steps are kept in the
// tab's sessionStorage, so a reload of the same runbook in the same tab can still undo; they are dropped when the file
// is no longer what this tab's newest save made (changed elsewhere meanwhile).

import { t } from '../lib/i18n.js';
import { $, el } from '../lib/dom.js';

/** How many saves back the page can go. */
const DEPTH = 20;

/** The sessionStorage key of a runbook's steps. */
const KEPT = 'tejun.undo:';

/** Where Ctrl-Z belongs to what has the focus (the editor's own undo, a field's). */
function inEditor(target) {
  return target instanceof Element && target.closest('.CodeMirror, input, textarea, select, [contenteditable]') !== null;
}

export class SaveUndo {
  constructor(notebook) {
    this.notebook = notebook;
    /**
     * `{ text, version, cellId, at }`: the text a save replaced, the version it made, the code cell it saved (or
     * null), when (ms since the epoch).
     */
    this.steps = [];
  }

  start() {
    this.restore();
    document.addEventListener('keydown', (e) => {
      if (!(e.ctrlKey || e.metaKey) || e.shiftKey || e.altKey || e.key.toLowerCase() !== 'z') return;
      if (inEditor(e.target) || this.steps.length === 0) return;
      e.preventDefault();
      this.undo();
    });
  }

  /** This page saved and the server answered `doc` (with the `replaced` text); `cellId` names the code cell saved. */
  record(doc, cellId = null) {
    if (doc.replaced == null) return;
    this.steps.push({ text: doc.replaced, version: doc.version, cellId, at: Date.now() });
    if (this.steps.length > DEPTH) this.steps.shift();
    this.keep();
    this.show();
  }

  /** The steps this tab kept for this runbook before a reload, if the file is still what the newest of them made. */
  restore() {
    const key = KEPT + this.notebook.name;
    let kept = null;
    try {
      kept = JSON.parse(sessionStorage.getItem(key));
    } catch {
      kept = null;
    }
    const steps = Array.isArray(kept?.steps) ? kept.steps : [];
    if (steps.length === 0 || steps.at(-1).version !== this.notebook.doc.version) {
      sessionStorage.removeItem(key);
      return;
    }
    this.steps = steps;
    const top = steps.at(-1);
    this.notebook.codeView(top.cellId)?.markSaved(new Date(top.at));
    this.show();
  }

  keep() {
    const key = KEPT + this.notebook.name;
    try {
      if (this.steps.length > 0) sessionStorage.setItem(key, JSON.stringify({ steps: this.steps }));
      else sessionStorage.removeItem(key);
    } catch {
      sessionStorage.removeItem(key); // too big to keep: a reload forgets them, as before
    }
  }

  /**
   * The Undo button on the newest undoable save's cell, none elsewhere; a save of no code cell's (an authoring
   * edit, prose, the front matter) has it on a notice that stays until that save is undone or another is made.
   */
  show() {
    const top = this.steps.at(-1);
    for (const view of this.notebook.codeViews.values()) view.offerUndo(top != null && view.id === top.cellId);
    if (top && top.cellId == null) {
      if (this.notice?.step !== top) this.showNotice(top);
    } else this.hideNotice();
  }

  showNotice(step) {
    this.hideNotice();
    const time = new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hour12: false });
    const undo = el('button', { className: 'notice-undo', type: 'button', title: t('nb-undo-title') }, t('nb-undo'));
    undo.addEventListener('click', () => this.undo());
    const close = el('button', { className: 'notice-close', type: 'button', ariaLabel: t('nb-dismiss') }, '×');
    close.addEventListener('click', () => this.hideNotice());
    const item = el('div', 'notice-item info undo-notice', el('span', 'notice-text', t('nb-edit-saved', { time })), undo,
      close);
    item.setAttribute('role', 'status');
    item.step = step;
    this.notice = item;
    $('notice').append(item);
  }

  hideNotice() {
    this.notice?.remove();
    this.notice = null;
  }

  /** Puts the file back as it was before the newest save; resolves true when it was. */
  async undo() {
    const nb = this.notebook;
    const step = this.steps.at(-1);
    if (!step) return false;
    const doc = await nb.authoring.edit(
      'PUT',
      '',
      { text: step.text, version: step.version, message: `Undo a save of ${nb.name} in Tejun` },
      { undoable: false },
    );
    if (!doc) {
      if (!$('conflict').hidden) this.steps = []; // the file is no longer what these steps knew
      this.keep();
      this.show();
      return false;
    }
    this.steps.pop();
    this.keep();
    this.show();
    nb.codeView(step.cellId)?.markUndone();
    nb.notify(t('nb-save-undone'));
    return true;
  }
}
