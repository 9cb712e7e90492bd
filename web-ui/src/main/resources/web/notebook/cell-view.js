// One code cell on the page: a header (id, language, status, timing, Run), a CodeMirror editor and
// the output area. It knows nothing of sockets or saving; it calls back to the notebook for those.

import { Status } from './protocol.js';
import { OutputView } from './output-view.js';
import { HostStrip } from './host-strip.js';
import { CellProgress } from './run-progress.js';
import { el } from '../lib/dom.js';
import { needsText } from './roles.js';
import { statusText, t } from '../lib/i18n.js';
import { refusalText } from '../lib/http.js';

const LABELS = {
  [Status.IDLE]: t('nb-not-run'),
  [Status.QUEUED]: statusText(Status.QUEUED),
  [Status.RUNNING]: statusText(Status.RUNNING),
  [Status.OK]: statusText(Status.OK),
  [Status.FAILED]: statusText(Status.FAILED),
  [Status.STOPPED]: statusText(Status.STOPPED),
  [Status.TIMED_OUT]: statusText(Status.TIMED_OUT),
  [Status.SKIPPED]: statusText(Status.SKIPPED),
  [Status.FROZEN]: statusText(Status.FROZEN),
};

const TEXT = {
  unsaved: t('nb-unsaved'),
  savedAt: (time) => t('nb-saved-at', { time }),
  save: t('nb-save'),
  saveTitle: (id) => t('nb-save-title', { id }),
  undo: t('nb-undo'),
  undoTitle: t('nb-undo-title'),
  undone: t('nb-save-undone'),
};

/** Fenced code ends with a line break; the editor shows it without one, and it is put back on save. */
function shown(code) {
  return code.endsWith('\n') ? code.slice(0, -1) : code;
}

/** CodeMirror's mode for each cell language: shell for what runs in a shell (ssh too), YAML for Ansible playbooks, SQL for
 * CMDB queries; a language without one shows as plain text. */
const MODES = {
  sh: 'shell', bash: 'shell', shell: 'shell', ssh: 'shell', java: 'text/x-java', ansible: 'yaml', cmdb: 'text/x-sql',
  python: 'python',
};

/** Text coloured by CodeMirror's mode for `language` (runMode), as the editor would show it; plain without one. */
export function highlight(target, text, language) {
  const mode = MODES[language];
  if (mode && window.CodeMirror && window.CodeMirror.runMode) window.CodeMirror.runMode(text, mode, target);
  else target.textContent = text;
}

/**
 * Cells waiting for their CodeMirror, in the order they asked: made a few at a time when the page is idle, within a
 * small budget, so that opening a long runbook has no long task (each editor costs ~10 ms and a layout; bench/ui).
 * Clicking or focusing a cell's code makes its editor at once.
 */
const waiting = new Set();
const FRAME_BUDGET_MS = 8;
let pumping = false;

/** When the page has time: an idle moment (socket messages and input go first), or after a second at the latest. */
const later = (fn) => (window.requestIdleCallback ? requestIdleCallback(fn, { timeout: 1000 }) : setTimeout(fn, 50));

function pump(deadline) {
  const until = performance.now() + Math.min(FRAME_BUDGET_MS, deadline?.timeRemaining?.() || FRAME_BUDGET_MS);
  for (const view of waiting) {
    waiting.delete(view);
    if (view.element.isConnected) view.ensureEditor();
    if (performance.now() > until) break;
  }
  pumping = waiting.size > 0;
  if (pumping) later(pump);
}

function wantEditor(view) {
  waiting.add(view);
  if (!pumping) {
    pumping = true;
    later(pump);
  }
}

/** Which view a lazily edited cell element belongs to, and the observer that gives it its editor near the view. */
const viewOf = new WeakMap();
const lazy = new IntersectionObserver((entries) => {
  for (const e of entries) {
    const view = e.isIntersecting ? viewOf.get(e.target) : null;
    if (view && !view.cm) wantEditor(view);
  }
}, { rootMargin: '800px 0px' });

export function formatDuration(ms) {
  if (ms === null || ms === undefined) return '';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export class CodeCellView {
  /**
   * @param cell the code cell from the runbook document
   * @param actions `{ run(view), save(view), undo() }`, all called by the user's hand
   */
  constructor(cell, actions) {
    this.cell = cell;
    this.actions = actions;
    this.savedCode = cell.code;
    this.output = new OutputView(cell.id);
    this.hosts = new HostStrip((host) => this.output.showHost(host));
    this.element = this.build();
    this.setStatus(Status.IDLE);
  }

  get id() {
    return this.cell.id;
  }

  get index() {
    return this.cell.index;
  }

  build() {
    const cell = this.cell;
    const root = el('section', 'cell code-cell');
    root.dataset.cellId = cell.id;
    root.dataset.index = String(cell.index);

    const header = el('div', 'cell-header');
    this.runButton = el('button', 'run-cell', '▶ Run');
    this.runButton.type = 'button';
    this.runButton.title = t('nb-run-cell', { id: cell.id });
    this.runButton.addEventListener('click', () => this.actions.run(this));
    this.badge = el('span', 'cell-status');
    this.meta = el('span', 'cell-meta');
    this.progress = new CellProgress(this.meta);
    const id = el('span', 'cell-id', cell.id);
    const lang = el('span', 'cell-language', cell.language);
    const attrs = el('span', 'cell-attributes', this.attributeText());
    this.dirtyMark = el('span', 'cell-dirty', TEXT.unsaved);
    this.dirtyMark.hidden = true;
    this.dirtyMark.setAttribute('role', 'status');
    this.saveButton = el('button', 'save-cell', TEXT.save);
    this.saveButton.type = 'button';
    this.saveButton.title = TEXT.saveTitle(cell.id);
    this.saveButton.disabled = true;
    this.saveButton.addEventListener('click', () => this.actions.save(this));
    // on "saved 10:42 ✓" of the page's newest save: puts the file back as it was before it (save-undo.js)
    this.undoButton = el('button', { className: 'undo-save', type: 'button', title: TEXT.undoTitle }, TEXT.undo);
    this.undoButton.hidden = true;
    this.undoButton.addEventListener('click', () => this.actions.undo());
    header.append(this.runButton, this.badge, id, lang, attrs, this.saveButton, this.dirtyMark, this.undoButton,
      this.meta);

    this.editorHost = el('div', 'cell-editor');
    // The code as plain text until the cell comes near the screen or is clicked: a CodeMirror per cell costs
    // ~10 ms, too much for 500 cells at once (bench/ui). The text is highlighted in the same colours meanwhile.
    this.text = shown(cell.code);
    this.cm = null;
    this.readOnly = false;
    this.staticCode = el('pre', { className: 'cell-code-static cm-s-material-darker', tabIndex: 0 });
    // read as the editor it stands for: focusing it makes that editor
    this.staticCode.setAttribute('role', 'textbox');
    this.staticCode.setAttribute('aria-multiline', 'true');
    this.staticCode.setAttribute('aria-label', t('nb-code-of', { id: cell.id }));
    highlight(this.staticCode, this.text, cell.language);
    const open = () => {
      if (this.cm) return;
      this.ensureEditor().focus();
    };
    this.staticCode.addEventListener('focus', open);
    this.staticCode.addEventListener('mousedown', (e) => {
      e.preventDefault();
      open();
    });
    this.editorHost.append(this.staticCode);
    root.append(header, this.editorHost, this.hosts.element, this.output.element);
    return root;
  }

  attributeText() {
    const attrs = this.cell.attributes || {};
    return Object.entries(attrs).map(([k, v]) => `${k}=${v}`).join(' ');
  }

  /** The cell's CodeMirror, made now if the cell had only its text so far. */
  get editor() {
    return this.ensureEditor();
  }

  ensureEditor() {
    if (!this.cm) {
      lazy.unobserve(this.element);
      waiting.delete(this);
      this.cm = this.makeEditor(this.editorHost, this.cell);
      this.staticCode.remove();
      this.cm.refresh();
    }
    return this.cm;
  }

  makeEditor(host, cell) {
    const save = () => this.actions.save(this);
    const editor = window.CodeMirror(host, {
      value: this.text,
      readOnly: this.readOnly ? 'nocursor' : false,
      mode: MODES[cell.language] || 'text/plain',
      lineNumbers: true,
      theme: 'material-darker',
      viewportMargin: Infinity,
      indentUnit: 4,
      extraKeys: {
        'Ctrl-S': save,
        'Cmd-S': save,
        'Shift-Enter': () => this.actions.run(this),
      },
    });
    // Nothing is written on blur or as one types: only Save, Ctrl-S or Run (which saves the cell it runs) write
    // to the runbook file, so a stray keystroke never lands in Git.
    editor.on('changes', () => this.showDirty());
    editor.getInputField().setAttribute('aria-label', t('nb-code-of', { id: cell.id }));
    return editor;
  }

  /**
   * In the page now: an `eager` cell (one of the first on the page) is first in line for its editor, the others get
   * theirs when they come within a screen or so of the view; either way after the page is drawn, a few per frame.
   */
  mounted(eager = true) {
    if (this.cm) {
      this.cm.refresh();
      return;
    }
    if (eager) wantEditor(this);
    viewOf.set(this.element, this);
    lazy.observe(this.element);
  }

  get dirty() {
    return this.code() !== this.savedCode;
  }

  code() {
    const text = this.cm ? this.cm.getValue() : this.text;
    return this.savedCode.endsWith('\n') && !text.endsWith('\n') ? `${text}\n` : text;
  }

  /** Replaces the code shown, in the editor or in the text that stands for it. */
  setText(text) {
    this.text = text;
    if (this.cm) this.cm.setValue(text);
    else highlight(this.staticCode, text, this.cell.language);
  }

  /** The server has stored `code` (from our save, or a newer document). */
  saved(cell) {
    const typedMeanwhile = this.dirty;
    this.cell = cell;
    this.element.dataset.index = String(cell.index);
    this.savedCode = cell.code;
    if (!typedMeanwhile && this.code() !== cell.code) this.setText(shown(cell.code));
    this.showDirty();
  }

  showDirty() {
    const dirty = this.dirty;
    if (dirty) {
      this.dirtyMark.textContent = TEXT.unsaved;
      this.dirtyMark.dataset.state = 'unsaved';
    }
    const told = ['saved', 'undone'].includes(this.dirtyMark.dataset.state); // "saved 10:42 ✓", "save undone"
    this.dirtyMark.hidden = !dirty && !told;
    this.saveButton.disabled = !dirty || Boolean(this.editNeeds);
    this.undoButton.hidden = !this.undoOffered || dirty || !told;
  }

  /** Whether this cell's save is the one an Undo would take back now. */
  offerUndo(offered) {
    this.undoOffered = offered;
    this.showDirty();
  }

  /** The save shown here was undone: the file is as it was before it. */
  markUndone() {
    this.dirtyMark.textContent = TEXT.undone;
    this.dirtyMark.dataset.state = 'undone';
    this.dirtyMark.hidden = false;
    this.showDirty();
  }

  /** Says when this cell was last written by the user's own save. */
  markSaved(at = new Date()) {
    const time = at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hour12: false });
    this.dirtyMark.textContent = TEXT.savedAt(time);
    this.dirtyMark.dataset.state = 'saved';
    this.showDirty();
  }

  /** Takes over the output, status and unsaved text of the view this one replaces. */
  adopt(old) {
    this.output.element.replaceWith(old.output.element);
    this.output = old.output;
    this.hosts.element.replaceWith(old.hosts.element);
    this.hosts = old.hosts;
    this.progress.adopt(old.progress);
    this.setStatus(old.status, old.statusInfo);
    if (old.dirty) this.setText(shown(old.code()));
  }

  setStatus(status, { exitCode = null, durationMillis = null, message = null, codes = null } = {}) {
    this.status = status;
    this.statusInfo = { exitCode, durationMillis, message, codes };
    this.badge.dataset.status = status;
    this.badge.textContent = LABELS[status] || status;
    this.element.dataset.status = status;
    const parts = [];
    if (durationMillis !== null && durationMillis !== undefined) parts.push(formatDuration(durationMillis));
    if (exitCode !== null && exitCode !== undefined) parts.push(t('nb-exit', { code: String(exitCode) }));
    if (message) parts.push(refusalText(codes, message)); // "exit code 1", "timed out …" in the page's language
    this.meta.textContent = parts.join(' · ');
    this.progress.running(status === Status.RUNNING);
    this.showRunnable();
  }

  /**
   * While the session runs something, Run is off here too: a second click must not start a second run. `needs`
   * names a role the user lacks to run at all (then Run stays off and says so).
   */
  setBusy(busy, needs = null) {
    this.busy = busy;
    this.needs = needs;
    this.showRunnable();
  }

  showRunnable() {
    this.runButton.disabled = Boolean(this.busy) || Boolean(this.needs)
      || this.status === Status.RUNNING || this.status === Status.QUEUED;
    this.runButton.title = this.needs ? needsText(this.needs) : t('nb-run-cell', { id: this.cell.id });
  }

  /** A user without the editor role reads the code but cannot change it; `needs` is that role, or null. */
  setEditable(needs) {
    this.editNeeds = needs;
    this.showDirty();
    if (needs) this.saveButton.title = needsText(needs);
    this.readOnly = Boolean(needs);
    if (this.cm) this.cm.setOption('readOnly', needs ? 'nocursor' : false);
    this.editorHost.title = needs ? needsText(needs) : '';
    this.editorHost.dataset.needs = needs || '';
  }
}
