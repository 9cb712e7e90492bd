// The notebook page: loads one runbook, draws its cells, saves edits and runs cells through the
// session socket. What the server's events do to the page is in session-events.js.

import { early, socket as earlySocket } from './prefetch.js';
import { SessionSocket, execute, runAll, interrupt, isBusyRefusal, Status } from './protocol.js';
import { CodeCellView } from './cell-view.js';
import { ProseCellView } from './prose-view.js';
import { ParamsForm } from './params-form.js';
import { CellSaver } from './cell-saver.js';
import { bindSession } from './session-events.js';
import { $, el } from '../lib/dom.js';
import { currentUser, request } from '../lib/http.js';
import { missing, gate, needsText, holds } from './roles.js';
import { showWindows } from './window-banner.js';
import { Authoring } from './authoring.js';
import { SaveUndo } from './save-undo.js';
import { RunProgress } from './run-progress.js';
import { resumeButton } from './resume-button.js';
import { showOutline } from './outline.js';
import { watchKernelCells } from './kernel-restart.js';
import { t } from '../lib/i18n.js';

/** Code cells first in line for their CodeMirror once the page is drawn; the rest get it near the view (cell-view.js). */
const EAGER_EDITORS = 6;

const TEXT = {
  queueAnother: t('nb-queue-another'),
  busyTitle: t('nb-busy-title'),
  couldNotRun: (what, message) => t('nb-could-not-run', { what, error: message }),
  couldNotStop: (message) => t('nb-could-not-stop', { error: message }),
  times: (count) => `×${count}`,
  dismiss: t('nb-dismiss'),
};

/**
 * The list item or block quote `depth` levels down at the end of a prose cell's HTML: where a cell
 * nested that deep in the file goes, so it shows inside its step. Null when the prose has no such container.
 */
function containerAt(html, depth) {
  let box = null;
  let node = html.lastElementChild;
  for (let level = 0; node && level < depth; ) {
    if (node.tagName === 'OL' || node.tagName === 'UL') node = node.lastElementChild;
    if (!node || (node.tagName !== 'LI' && node.tagName !== 'BLOCKQUOTE')) break;
    box = node;
    level += 1;
    node = node.lastElementChild;
  }
  return box;
}

/** Moves each nested code cell (and the prose that continues its step) into its list item or quote. */
function placeNested(views) {
  let box = null;
  views.forEach((view, i) => {
    const before = views[i - 1];
    if (view instanceof CodeCellView && view.cell.depth > 0) {
      if (before instanceof ProseCellView) box = containerAt(before.html, view.cell.depth);
      else if (!(before instanceof CodeCellView && before.cell.depth > 0)) box = null;
      if (box) box.append(view.element);
    } else if (view instanceof ProseCellView && before instanceof CodeCellView && before.cell.depth > 0 && box) {
      // a prose view re-rendered on save has a new one; the one moved before is then stale
      const rest = view.html.querySelector(':scope > .nested-prose');
      if (rest) {
        view.movedRest?.remove();
        view.movedRest = rest;
      }
      if (view.movedRest) box.append(view.movedRest);
    }
  });
}

/** Two documents have the same shape when their cells line up one to one, so views can be kept. */
function sameShape(a, b) {
  return a.length === b.length && a.every((cell, i) => cell.kind === b[i].kind && cell.id === b[i].id);
}

export class Notebook {
  constructor(doc) {
    this.name = doc.name;
    this.doc = doc;
    this.codeViews = new Map();
    this.views = [];
    this.saver = new CellSaver(doc.name, doc.version, {
      document: (next, cellId) => {
        this.documentSaved(next);
        this.undo.record(next, cellId);
      },
      conflict: () => this.showConflict(),
      failed: (message) => this.notify(message, 'error'),
    });
    this.params = new ParamsForm(doc.params);
    this.socket = earlySocket || new SessionSocket(doc.name);
    // Runs of this session not yet finished, as far as this page has heard, and requests on their way: while
    // either is non-empty the session is busy and every run control is off (in every tab: all hear the events).
    this.activeRuns = new Set();
    this.finishedRuns = new Set();
    this.sending = 0;
    // Until /api/me answers nothing is gated: the server refuses what the roles do not allow either way.
    this.roles = null;
    this.authoring = new Authoring(this);
    this.undo = new SaveUndo(this);
    this.progress = new RunProgress();
  }

  /** The role the user lacks to run this runbook (operator, then each role its front matter requires), or null. */
  get runNeeds() {
    return this.roles === null ? null : missing(this.roles, ['operator', ...(this.doc.requires || [])]);
  }

  get editNeeds() {
    return this.roles === null ? null : missing(this.roles, ['editor']);
  }

  async loadRoles() {
    try {
      this.roles = (await currentUser()).roles || [];
    } catch {
      return;
    }
    gate($('stop'), this.runNeeds);
    showWindows($('windows-slot'), this.name, holds(this.roles, 'approver'));
    this.showBusy();
    for (const view of this.views) view.setEditable?.(this.editNeeds);
    this.authoring.regate(this.views);
    showOutline();
  }

  start() {
    document.title = `${this.doc.title || this.name} — Tejun 手順`;
    $('runbook-title').textContent = this.doc.title || this.name;
    $('runbook-name').textContent = this.name;
    $('params-slot').replaceChildren(this.params.element);
    this.showProblems(this.doc.problems || []);
    // the socket's handshake goes on while the cells are drawn: no message is handled before this task ends (the
    // socket opened early holds what it heard so far until the cells are there)
    bindSession(this.socket, this);
    if (!this.socket.held) this.socket.connect();
    this.renderCells(this.doc.cells);
    watchKernelCells($('cells'), this.socket, (message, kind) => this.notify(message, kind));
    $('run-all').addEventListener('click', () => this.runAll());
    $('stop').addEventListener('click', () => this.stop());
    $('preview').addEventListener('click', () => this.preview());
    $('reload').addEventListener('click', () => window.location.reload());
    window.addEventListener('beforeunload', (e) => {
      if (this.views.some((v) => v.dirty)) e.preventDefault();
    });
    this.authoring.start();
    this.undo.start();
    this.socket.release(); // every listener is bound: what the early socket heard is handled now
    this.loadRoles();
  }

  /**
   * Issue 23 §4: every cell as it would run with the form's params (substituted text, hosts, check/plan output, the
   * locks and windows that apply), run by the server as a preview that runs nothing else and is kept in evidence;
   * its run page opens beside the notebook.
   */
  async preview() {
    try {
      const body = { runbook: this.name, params: this.params.values(), preview: true };
      const started = await request('POST', '/api/runs', body);
      window.open(`run.html?id=${encodeURIComponent(started.runId)}`, '_blank', 'noopener');
    } catch (err) {
      this.notify(TEXT.couldNotRun(t('nb-the-preview'), err.message), 'error');
    }
  }

  showProblems(problems) {
    const list = $('problems');
    list.replaceChildren();
    list.hidden = problems.length === 0;
    for (const p of problems) {
      const item = el('li', 'problem', p.line ? `line ${p.line}: ${p.message}` : p.message);
      item.dataset.severity = p.severity || 'warning';
      list.append(item);
    }
  }

  /** Draws the cells; a code cell that was on the page before keeps its output and status. */
  renderCells(cells) {
    const previous = this.codeViews;
    this.codeViews = new Map();
    this.views = cells.map((cell) => {
      if (cell.kind !== 'code') return new ProseCellView(cell, { save: (view, source) => this.saveProse(view, source) });
      const view = new CodeCellView(cell, {
        run: (v) => this.runCell(v), save: (v) => this.saveCode(v), undo: () => this.undo.undo(),
      });
      const old = previous.get(cell.id);
      if (old) view.adopt(old);
      this.codeViews.set(cell.id, view);
      return view;
    });
    $('cells').replaceChildren(...this.views.map((v) => v.element));
    placeNested(this.views);
    let shown = 0; // the first cells get their editors at once, the rest as they come near the view
    for (const view of this.codeViews.values()) {
      view.mounted(shown++ < EAGER_EDITORS);
      view.setBusy(this.busy, this.runNeeds);
    }
    for (const view of this.views) view.setEditable?.(this.editNeeds);
    this.authoring.decorate(this.views);
    this.undo.show();
  }

  codeView(cellId) {
    return cellId == null ? undefined : this.codeViews.get(cellId);
  }

  // ---- saving ----

  documentSaved(doc) {
    const shapeKept = sameShape(this.doc.cells, doc.cells);
    this.doc = doc;
    if (shapeKept) {
      doc.cells.forEach((cell, i) => this.views[i].saved(cell));
      placeNested(this.views);
      showOutline();
    } else this.renderCells(doc.cells);
    this.showProblems(doc.problems || []);
  }

  async saveCode(view) {
    if (!view.dirty) return true;
    const ok = await this.saver.save(view.index, { code: view.code() }, view.id);
    if (ok) view.markSaved();
    return ok;
  }

  saveProse(view, source) {
    return this.saver.save(view.index, { source });
  }

  async saveAll() {
    for (const view of this.codeViews.values()) {
      if (!(await this.saveCode(view))) return false;
    }
    return true;
  }

  showConflict() {
    $('conflict').hidden = false;
  }

  // ---- running ----

  get busy() {
    return this.sending > 0 || this.activeRuns.size > 0;
  }

  /** The runs the server's snapshot says are under way. */
  sessionRuns(runIds) {
    this.activeRuns = new Set(runIds.filter((id) => !this.finishedRuns.has(id)));
    this.showBusy();
  }

  runStarted(runId) {
    if (runId && !this.finishedRuns.has(runId)) this.activeRuns.add(runId);
    this.showBusy();
  }

  runFinished(runId) {
    // an accepted reply may come after the run's own end: remember the end so it cannot make the page busy again
    this.finishedRuns.add(runId);
    this.activeRuns.delete(runId);
    this.showBusy();
  }

  showBusy() {
    const busy = this.busy;
    const needs = this.runNeeds;
    const runAllButton = $('run-all');
    runAllButton.disabled = busy || needs !== null;
    runAllButton.title = needs ? needsText(needs) : busy ? TEXT.busyTitle : '';
    if (needs) runAllButton.dataset.needs = needs;
    document.body.dataset.busy = String(busy);
    for (const view of this.codeViews.values()) view.setBusy(busy, needs);
    this.params.setDisabled(busy || needs !== null);
  }

  /**
   * Sends a run request made by `make(queue)`. On a busy session the user is asked before the run is queued
   * behind the other, whether this page knew it was busy or the server said so (another tab was quicker).
   */
  async requestRun(make, beforeSend) {
    const knownBusy = this.busy;
    if (knownBusy && !window.confirm(TEXT.queueAnother)) return null;
    this.sending += 1;
    this.showBusy();
    try {
      if (!(await beforeSend())) return null;
      let accepted;
      try {
        accepted = await this.socket.request(make(knownBusy));
      } catch (err) {
        if (!isBusyRefusal(err) || !window.confirm(TEXT.queueAnother)) throw err;
        accepted = await this.socket.request(make(true));
      }
      this.runStarted(accepted.runId);
      return accepted;
    } finally {
      this.sending -= 1;
      this.showBusy();
    }
  }

  async runCell(view) {
    const before = { status: view.status, info: view.statusInfo };
    try {
      const accepted = await this.requestRun(
        (queue) => execute(view.id, this.params.values(), queue),
        async () => {
          if (!(await this.saveCode(view))) return false;
          view.beforeQueued = before;
          view.setStatus(Status.QUEUED);
          return true;
        },
      );
      if (!accepted && view.status === Status.QUEUED) view.setStatus(before.status, before.info);
    } catch (err) {
      if (view.status === Status.QUEUED) view.setStatus(before.status, before.info);
      this.notify(TEXT.couldNotRun(view.id, err.message), 'error');
    }
  }

  async runAll() {
    try {
      await this.requestRun((queue) => runAll(this.params.values(), queue), () => this.saveAll());
    } catch (err) {
      this.notify(TEXT.couldNotRun(t('nb-the-runbook'), err.message), 'error');
    }
  }

  /** Runs the code cells under a heading (issue 17 §2), as Run all does: saved first, stops at the first failure. */
  async runSection(cellIds) {
    try {
      await this.requestRun((queue) => runAll(this.params.values(), queue, cellIds), () => this.saveAll());
    } catch (err) {
      this.notify(TEXT.couldNotRun(t('nb-the-section'), err.message), 'error');
    }
  }

  async stop() {
    try {
      await this.socket.request(interrupt());
    } catch (err) {
      this.notify(TEXT.couldNotStop(err.message), 'error');
    }
  }

  // ---- page furniture ----

  setConnection(state) {
    const indicator = $('connection');
    indicator.dataset.state = state;
    indicator.textContent = state === 'open' ? t('nb-connected') : t('nb-reconnecting');
    indicator.title = state === 'open' ? t('nb-connected-title') : t('nb-reconnecting-title');
  }

  /** The line under the toolbar that says what the latest run did. */
  showRun({ runId, status, text, evidence }) {
    const line = $('run-status');
    line.hidden = false;
    line.dataset.status = status;
    line.replaceChildren(el('span', 'run-label', text));
    if (status === Status.RUNNING) line.append(this.progress.element);
    if (evidence) {
      line.append(' · evidence ', el('code', 'run-evidence', evidence));
    }
    if (runId && status !== Status.RUNNING) {
      const link = el('a', 'run-json', 'run.json');
      link.href = `/api/runs/${encodeURIComponent(runId)}`;
      link.target = '_blank';
      line.append(' · ', link);
      const resume = this.runNeeds === null ? resumeButton(runId, status, (m, k) => this.notify(m, k)) : null;
      if (resume) line.append(' ', resume);
    }
  }

  /**
   * A notice in the corner. The same message again does not pile up: its count grows. An error stays until it is
   * dismissed (it may be what the user needs to read twice); other notices go after a few seconds.
   */
  notify(message, kind = 'info') {
    const box = $('notice');
    const same = [...box.children].find((n) => n.dataset.message === message && n.dataset.kind === kind);
    if (same) {
      const count = Number(same.dataset.count) + 1;
      same.dataset.count = String(count);
      same.querySelector('.notice-count').textContent = TEXT.times(count);
      return;
    }
    const item = el('div', `notice-item ${kind}`);
    item.dataset.message = message;
    item.dataset.kind = kind;
    item.dataset.count = '1';
    item.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    const close = el('button', 'notice-close', '×');
    close.type = 'button';
    close.setAttribute('aria-label', TEXT.dismiss);
    close.addEventListener('click', () => item.remove());
    item.append(el('span', 'notice-text', message), el('span', 'notice-count', ''), close);
    box.append(item);
    if (kind !== 'error') setTimeout(() => item.remove(), 4000);
  }
}

async function main() {
  const name = new URLSearchParams(window.location.search).get('runbook');
  if (!name) {
    $('load-error').textContent = t('nb-no-runbook-named');
    $('load-error').hidden = false;
    return;
  }
  $('variable-map').href = `variables.html?runbook=${encodeURIComponent(name)}`;
  const { doc, error } = await early;
  if (error) {
    earlySocket?.close();
    $('load-error').textContent = t('nb-could-not-open', { name, error: error.message });
    $('load-error').hidden = false;
    return;
  }
  new Notebook(doc).start();
}

main();
