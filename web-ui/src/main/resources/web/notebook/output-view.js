// The output area of one code cell. Output can arrive far faster than a page can draw it (a cell
// may print 100 MB), so text is queued and drawn in animation frames, paced so that drawing takes
// at most a fifth of the time, and only the last MAX_CHARS characters stay on the page: the evidence
// keeps everything, and a marker links to it. Output text only ever goes into text nodes.
//
// Text is kept in blocks of about BLOCK_CHARS that end on a line break. The browser can skip laying
// out blocks scrolled out of view (content-visibility in style.css), and trimming drops whole blocks.

import { AnsiParser } from './ansi.js';
import { renderResult } from './result-view.js';
import { el } from '../lib/dom.js';
import { t } from '../lib/i18n.js';

export const MAX_CHARS = 200_000;

/** How far past a cut we look for a line end, so dropped output ends on a whole line. */
const LINE_SEARCH = 2_000;

const BLOCK_CHARS = 16_000;

/** A line longer than this is split across blocks rather than make one block hold everything. */
const LONGEST_BLOCK = 4 * BLOCK_CHARS;

/** After a flush that took d ms, wait PACING × d before the next, so the page stays responsive. */
const PACING = 4;

/** When more than MAX_CHARS came in since the last frame, nobody can read it as it flies past: draw less. */
const FLOOD_KEEP = 64_000;
const MAX_PAUSE = 1_000;

export function fullOutputUrl(runId, cellId, stream) {
  // the paged viewer: a large output is read a page at a time, never in one answer
  const q = new URLSearchParams({ run: runId, cell: cellId, stream });
  return `output.html?${q}`;
}

/** "… earlier output left out — full output | stderr" with links when the run is known. */
function leftOutNotice(className, lead, runId, cellId) {
  const notice = el('div', className, lead);
  if (runId && cellId) {
    notice.append(' — ');
    const out = el('a', 'full-output', t('nb-full-output'));
    out.href = fullOutputUrl(runId, cellId, 'stdout');
    out.target = '_blank';
    const err = el('a', 'full-stderr', 'stderr');
    err.href = fullOutputUrl(runId, cellId, 'stderr');
    err.target = '_blank';
    notice.append(out, ' · ', err);
  }
  return notice;
}

/** Keeps the start of a cut on a line boundary when one is near. */
function cutPoint(text, at) {
  const nl = text.indexOf('\n', at);
  return nl !== -1 && nl - at < LINE_SEARCH ? nl + 1 : at;
}

export class OutputView {
  constructor(cellId) {
    this.cellId = cellId;
    this.element = el('div', 'cell-output empty');
    this.element.setAttribute('role', 'log');
    this.runId = null;
    this.frame = 0;
    this.timer = 0;
    this.nextFlushAt = 0;
    this.hostFilter = null;
    this.reset();
  }

  /** Empties the area for a new run of the cell. */
  clear(runId = this.runId) {
    this.runId = runId;
    this.element.replaceChildren();
    this.element.classList.add('empty');
    this.reset();
  }

  reset() {
    this.parsers = { stdout: new AnsiParser(), stderr: new AnsiParser() };
    this.pending = [];
    this.pendingChars = 0;
    this.domChars = 0;
    this.block = null;
    this.trimmedMarker = null;
    this.stale = false;
    this.openLines = new Map();
    this.line = null;
  }

  append(stream, text, host = null) {
    if (!text) return;
    const last = this.pending[this.pending.length - 1];
    if (last && last.kind === 'text' && last.stream === stream && last.host === host) last.text += text;
    else this.pending.push({ kind: 'text', stream, host, text });
    this.pendingChars += text.length;
    // Animation frames stop in a background tab; this keeps the queue bounded meanwhile.
    if (this.pendingChars > 2 * MAX_CHARS) this.dropPending(MAX_CHARS);
    this.schedule();
  }

  /** A structured result; `folded` puts it in a closed <details> (the JSON summary of a cell with a host strip). */
  result(mime, data, folded = false) {
    const node = renderResult(mime, data);
    this.queueNode(folded ? el('details', 'result-folded', el('summary', null, t('hosts.summary')), node) : node);
  }

  /** The server left out some of this cell's output (its in-memory tail is bounded). */
  gap(droppedBytes, runId = this.runId) {
    const lead = droppedBytes >= 0 ? t('nb-left-out-bytes', { bytes: droppedBytes }) : t('nb-left-out');
    this.queueNode(leftOutNotice('output-gap', lead, runId, this.cellId));
    this.pending.push({ kind: 'restart' });
  }

  /** A line of our own (e.g. why a cell failed before it ran), shown apart from the program's output. */
  note(text, className = 'output-note') {
    this.queueNode(el('div', className, text));
  }

  queueNode(node) {
    this.pending.push({ kind: 'node', node });
    this.schedule();
  }

  schedule() {
    if (this.frame || this.timer) return;
    const wait = this.nextFlushAt - performance.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = 0;
        this.schedule();
      }, wait);
    } else {
      this.frame = requestAnimationFrame(() => this.flush());
    }
  }

  /** Keeps only the newest `keep` characters of queued text; results and notices stay. */
  dropPending(keep) {
    let budget = keep;
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const item = this.pending[i];
      if (item.kind !== 'text') continue;
      if (budget <= 0) {
        item.text = '';
      } else if (item.text.length > budget) {
        item.text = item.text.slice(cutPoint(item.text, item.text.length - budget));
        budget = 0;
      } else {
        budget -= item.text.length;
      }
    }
    this.pending = this.pending.filter((item) => item.kind !== 'text' || item.text !== '');
    this.pendingChars = keep - Math.max(budget, 0);
    // What is left starts in the middle of the output: colours set earlier are unknown, and what the
    // page shows is older than what was just dropped, so it goes too and the page stays one tail.
    this.parsers.stdout.reset();
    this.parsers.stderr.reset();
    this.markTrimmed();
    this.stale = true;
  }

  flush() {
    const started = performance.now();
    this.frame = 0;
    if (this.pendingChars > MAX_CHARS) this.dropPending(FLOOD_KEEP);
    const box = this.element;
    const follow = box.scrollTop + box.clientHeight >= box.scrollHeight - 24;
    if (this.stale) {
      while (this.trimmedMarker.nextSibling) this.trimmedMarker.nextSibling.remove();
      this.domChars = 0;
      this.block = null;
      this.line = null;
      this.stale = false;
    }
    for (const item of this.pending) {
      if (item.kind === 'node') {
        box.append(item.node);
        this.domChars += item.node.textContent.length;
        this.block = null;
      } else if (item.kind === 'restart') {
        // What follows a gap starts somewhere in the middle: forget colours and half-read escapes.
        this.parsers.stdout.reset();
        this.parsers.stderr.reset();
      } else {
        this.render(item);
      }
    }
    this.pending = [];
    this.pendingChars = 0;
    if (box.childElementCount > 0) box.classList.remove('empty');
    this.trim();
    if (follow) box.scrollTop = box.scrollHeight;
    this.nextFlushAt = performance.now() + Math.min(MAX_PAUSE, PACING * (performance.now() - started));
  }

  render({ stream, host, text }) {
    for (const run of this.parsers[stream].feed(text)) {
      const cls = run.className ? `${stream} ${run.className}` : stream;
      if (host === null) this.appendTerminal(cls, run.text);
      else this.appendHostText(cls, run.text, host);
    }
  }

  /**
   * Text as a terminal shows it: a carriage return goes back to the start of the line and what follows overwrites
   * it, so a progress bar (apt, curl, rsync) stays one line showing its latest state, as in the report. Lines
   * without one take the fast path; a line that had one is kept as characters until its line break.
   */
  appendTerminal(cls, text) {
    let rest = text;
    while (rest !== '') {
      const cr = rest.indexOf('\r');
      if (cr === -1 && !this.line) {
        this.appendText(cls, rest);
        return;
      }
      const nl = rest.indexOf('\n');
      if (this.line && (cr === -1 || (nl !== -1 && nl < cr))) {
        const end = nl === -1 ? rest.length : nl;
        this.overwrite(cls, rest.slice(0, end));
        if (nl === -1) break;
        this.endLine();
        rest = rest.slice(nl);
        continue;
      }
      if (nl !== -1 && nl < cr) {
        this.appendText(cls, rest.slice(0, nl + 1));
        rest = rest.slice(nl + 1);
        continue;
      }
      if (this.line) this.overwrite(cls, rest.slice(0, cr));
      else this.appendText(cls, rest.slice(0, cr));
      rest = rest.slice(cr + 1);
      if (rest.startsWith('\n')) {
        if (this.line) this.endLine(); // CR LF ends a line as LF does
        continue;
      }
      if (!this.line) this.takeLine();
      this.line.column = 0;
    }
    // drawn once per chunk: a progress bar may send thousands of updates in one
    if (this.line) this.drawLine();
  }

  /** The line is done: it stays as last drawn, its spans put in the block as any other line's. */
  endLine() {
    this.drawLine();
    this.line.element.replaceWith(...this.line.element.childNodes);
    this.line = null;
  }

  /** Moves the unfinished last line out of the block into an editable model drawn in one element. */
  takeLine() {
    const chars = [];
    if (this.block) {
      const spans = [...this.block.childNodes];
      for (let i = spans.length - 1; i >= 0; i--) {
        const span = spans[i];
        const text = span.textContent;
        const nl = text.lastIndexOf('\n');
        const tail = text.slice(nl + 1);
        for (let k = tail.length - 1; k >= 0; k--) chars.unshift({ cls: span.className, ch: tail[k] });
        if (nl === -1) span.remove();
        else {
          span.firstChild.deleteData(nl + 1, tail.length);
          break;
        }
      }
      this.block.chars -= chars.length;
      this.domChars -= chars.length;
    }
    if (!this.block) this.openBlock();
    const element = el('span', 'output-line');
    this.block.append(element);
    this.line = { element, chars, column: 0, drawn: 0 };
  }

  /** Writes `text` (no line breaks) at the line's column, over what is there. */
  overwrite(cls, text) {
    const line = this.line;
    for (const ch of text) {
      if (line.column < line.chars.length) line.chars[line.column] = { cls, ch };
      else line.chars.push({ cls, ch });
      line.column++;
    }
  }

  drawLine() {
    const line = this.line;
    if (!line.element.isConnected) {
      // the block holding it was trimmed away: the line goes on in a new one
      this.openBlock();
      this.block.append(line.element);
      line.drawn = 0;
    }
    const spans = [];
    for (const { cls, ch } of line.chars) {
      const last = spans[spans.length - 1];
      if (last && last.cls === cls) last.text += ch;
      else spans.push({ cls, text: ch });
    }
    line.element.replaceChildren(...spans.map(({ cls, text }) => el('span', cls, text)));
    const grown = line.chars.length - line.drawn;
    line.drawn = line.chars.length;
    this.block.chars += grown;
    this.domChars += grown;
  }

  /**
   * Each line of a host's output goes into its own span, prefixed with the host's name, so the host strip can show
   * one host's lines alone; a host's line that is still open takes the rest of that line when it comes.
   */
  appendHostText(cls, text, host) {
    const parts = text.split('\n');
    parts.forEach((part, i) => {
      const ends = i < parts.length - 1;
      const piece = ends ? `${part}\n` : part;
      if (piece === '') return;
      let line = this.openLines.get(host);
      if (!line || !line.isConnected) line = this.openHostLine(host);
      line.append(el('span', cls, piece));
      this.count(line.block, piece.length);
      if (ends) this.openLines.delete(host);
      // a full block is closed between lines; a line still open goes on in the block it started in
      if (this.block && this.block.chars >= BLOCK_CHARS) this.block = null;
    });
  }

  openHostLine(host) {
    if (!this.block) this.openBlock();
    const prefix = `${host} | `;
    const line = el('span', { className: 'host-line', dataset: { host }, hidden: this.hidesHost(host) },
      el('span', 'output-host', prefix));
    this.block.append(line);
    line.block = this.block;
    this.count(line.block, prefix.length);
    this.openLines.set(host, line);
    return line;
  }

  /** Shows only `host`'s lines (null: every line); lines that come later follow the same choice. */
  showHost(host) {
    this.hostFilter = host;
    for (const line of this.element.querySelectorAll('.host-line')) line.hidden = this.hidesHost(line.dataset.host);
  }

  hidesHost(host) {
    return this.hostFilter !== null && this.hostFilter !== host;
  }

  count(block, chars) {
    block.chars += chars;
    this.domChars += chars;
  }

  /** Appends to the current block; a full block is closed at the next line break. */
  appendText(cls, text) {
    let rest = text;
    while (rest !== '') {
      if (!this.block) this.openBlock();
      let part = rest;
      if (this.block.chars + rest.length > BLOCK_CHARS) {
        const nl = rest.indexOf('\n', Math.max(0, BLOCK_CHARS - this.block.chars - 1));
        if (nl !== -1) part = rest.slice(0, nl + 1);
        else if (this.block.chars + rest.length > LONGEST_BLOCK) part = rest.slice(0, Math.max(1, LONGEST_BLOCK - this.block.chars));
      }
      this.appendToBlock(cls, part);
      rest = rest.slice(part.length);
      if (this.block.chars >= BLOCK_CHARS && (part.endsWith('\n') || this.block.chars >= LONGEST_BLOCK)) this.block = null;
    }
  }

  openBlock() {
    this.block = el('pre', 'output-text');
    this.block.chars = 0;
    this.element.append(this.block);
  }

  appendToBlock(cls, text) {
    const last = this.block.lastChild;
    if (last && last.className === cls) last.firstChild.appendData(text);
    else this.block.append(el('span', cls, text));
    this.block.chars += text.length;
    this.domChars += text.length;
  }

  /** Drops the oldest blocks until the page holds at most MAX_CHARS characters of output. */
  trim() {
    if (this.domChars <= MAX_CHARS) return;
    this.markTrimmed();
    while (this.domChars > MAX_CHARS) {
      const first = this.trimmedMarker.nextElementSibling;
      if (!first) break;
      const size = first.classList.contains('output-text') ? first.chars : first.textContent.length;
      if (first === this.block) this.block = null;
      first.remove();
      this.domChars -= size;
    }
  }

  markTrimmed() {
    if (this.trimmedMarker) return;
    this.trimmedMarker = leftOutNotice('output-trimmed', t('nb-left-out'), this.runId, this.cellId);
    this.element.prepend(this.trimmedMarker);
    this.element.classList.remove('empty');
  }
}
