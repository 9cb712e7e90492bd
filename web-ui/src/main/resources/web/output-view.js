// The output area of one code cell. Output can arrive far faster than a page can draw it (a cell
// may print 100 MB), so text is queued and drawn once per animation frame, and only the last
// MAX_CHARS characters are kept on the page; the evidence keeps everything, and a marker links to it.
// Output text only ever goes into text nodes.

import { AnsiParser } from './ansi.js';
import { renderResult } from './result-view.js';

export const MAX_CHARS = 200_000;

/** How far past a cut we look for a line end, so dropped output ends on a whole line. */
const LINE_SEARCH = 2_000;

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function fullOutputUrl(runId, cellId, stream) {
  return `/api/runs/${encodeURIComponent(runId)}/cells/${encodeURIComponent(cellId)}/${stream}`;
}

/** "… earlier output left out — full output | stderr" with links when the run is known. */
function leftOutNotice(className, lead, runId, cellId) {
  const notice = el('div', className, lead);
  if (runId && cellId) {
    notice.append(' — ');
    const out = el('a', 'full-output', 'full output');
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
    this.frame = 0;
    this.domChars = 0;
    this.block = null;
    this.trimmedMarker = null;
    this.atLineStart = new Map();
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

  result(mime, data) {
    this.queueNode(renderResult(mime, data));
  }

  /** The server left out some of this cell's output (its in-memory tail is bounded). */
  gap(droppedBytes, runId = this.runId) {
    const size = droppedBytes >= 0 ? ` (${droppedBytes.toLocaleString()} characters)` : '';
    this.queueNode(leftOutNotice('output-gap', `… earlier output left out${size}`, runId, this.cellId));
    // What follows starts somewhere in the middle: forget colours and half-read escapes.
    this.parsers.stdout.reset();
    this.parsers.stderr.reset();
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
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => this.flush());
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
    this.markTrimmed();
  }

  flush() {
    this.frame = 0;
    if (this.pendingChars > MAX_CHARS) this.dropPending(MAX_CHARS);
    const box = this.element;
    const follow = box.scrollTop + box.clientHeight >= box.scrollHeight - 24;
    for (const item of this.pending) {
      if (item.kind === 'node') {
        box.append(item.node);
        this.domChars += item.node.textContent.length;
        this.block = null;
      } else {
        this.render(item);
      }
    }
    this.pending = [];
    this.pendingChars = 0;
    if (box.childElementCount > 0) box.classList.remove('empty');
    this.trim();
    if (follow) box.scrollTop = box.scrollHeight;
  }

  render({ stream, host, text }) {
    if (!this.block) {
      this.block = el('pre', 'output-text');
      this.element.append(this.block);
    }
    for (const run of this.parsers[stream].feed(text)) {
      const cls = run.className ? `${stream} ${run.className}` : stream;
      if (host === null) this.appendText(cls, run.text);
      else this.appendHostText(cls, run.text, host);
    }
  }

  /** Prefixes every line of a host's output with the host's name. */
  appendHostText(cls, text, host) {
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (i > 0) this.appendText(cls, '\n');
      if (line === '') return;
      if (this.atLineStart.get(host) !== false) this.appendText('output-host', `${host} | `);
      this.appendText(cls, line);
      this.atLineStart.set(host, false);
    });
    if (lines.length > 1) this.atLineStart.set(host, text.endsWith('\n'));
  }

  appendText(cls, text) {
    const last = this.block.lastChild;
    if (last && last.className === cls) last.firstChild.appendData(text);
    else this.block.append(el('span', cls, text));
    this.domChars += text.length;
  }

  /** Drops the oldest output until the page holds at most MAX_CHARS characters of it. */
  trim() {
    let excess = this.domChars - MAX_CHARS;
    if (excess <= 0) return;
    this.markTrimmed();
    while (excess > 0) {
      const first = this.trimmedMarker.nextElementSibling;
      if (!first) break;
      if (!first.classList.contains('output-text')) {
        const size = first.textContent.length;
        first.remove();
        excess -= size;
        this.domChars -= size;
        continue;
      }
      excess = this.trimBlock(first, excess);
      if (!first.firstChild) {
        if (this.block === first) this.block = null;
        first.remove();
      }
    }
  }

  trimBlock(block, excess) {
    while (excess > 0 && block.firstChild) {
      const text = block.firstChild.firstChild;
      const size = text.data.length;
      if (size <= excess) {
        block.firstChild.remove();
        excess -= size;
        this.domChars -= size;
      } else {
        const cut = cutPoint(text.data, excess);
        text.deleteData(0, cut);
        excess -= cut;
        this.domChars -= cut;
      }
    }
    return excess;
  }

  markTrimmed() {
    if (this.trimmedMarker) return;
    this.trimmedMarker = leftOutNotice('output-trimmed', '… earlier output left out', this.runId, this.cellId);
    this.element.prepend(this.trimmedMarker);
    this.element.classList.remove('empty');
  }
}
