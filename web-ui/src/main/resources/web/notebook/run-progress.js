// How far a run has come, ticking once a second while it goes: "cell 3/7 · 42 s" beside the run line for Run all and
// a section, and elapsed time and output size in the header of each running cell. Times count from the server's
// `at` of the start events, so a page reloaded in the middle of a run shows the same figures as the page that
// started it.

import { el } from '../lib/dom.js';
import { formatDuration, lang, t } from '../lib/i18n.js';

const TICK_MS = 1000;

/** A number of bytes as people read it: 512 byte, 3.4 kB, 12 MB (decimal units, formatted by Intl for the language). */
export function formatSize(bytes) {
  const units = [['byte', 1], ['kilobyte', 1e3], ['megabyte', 1e6], ['gigabyte', 1e9]];
  const [unit, size] = units.findLast(([, s]) => bytes >= s) || units[0];
  return new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 })
    .format(bytes / size);
}

function since(at) {
  const start = Date.parse(at);
  return Number.isNaN(start) ? Date.now() : start;
}

/** The progress of the session's current run: which of its cells is running, and for how long it has gone. */
export class RunProgress {
  constructor() {
    this.element = el('span', { className: 'run-progress', role: 'timer' });
    this.runId = null;
    this.timer = 0;
  }

  started(event) {
    this.runId = event.runId;
    this.cellIds = event.cellIds || [];
    this.startedAt = since(event.at);
    this.current = 0;
    this.tick();
  }

  cellStarted(event) {
    if (event.runId !== this.runId) return;
    this.current = this.cellIds.indexOf(event.cellId) + 1;
    this.tick();
  }

  finished(runId) {
    if (runId !== this.runId) return;
    clearInterval(this.timer);
    this.timer = 0;
    this.runId = null;
    this.element.textContent = '';
  }

  tick() {
    if (!this.timer) this.timer = setInterval(() => this.tick(), TICK_MS);
    const parts = [];
    if (this.cellIds.length > 1 && this.current > 0) {
      parts.push(t('progress.cell', { n: this.current, total: this.cellIds.length }));
    }
    parts.push(formatDuration(Math.max(0, Date.now() - this.startedAt)));
    this.element.textContent = ` — ${parts.join(' · ')}`;
  }
}

/** Elapsed time and output size in a running cell's header; `meta` is the element it writes to. */
export class CellProgress {
  constructor(meta) {
    this.meta = meta;
    this.timer = 0;
    this.bytes = 0;
    this.encoder = new TextEncoder();
  }

  started(at) {
    this.startedAt = since(at);
    this.bytes = 0;
  }

  output(text) {
    this.bytes += this.encoder.encode(text).length;
  }

  /** Ticks while `running`; stops (and leaves the header to the cell's final status) when not. */
  running(running) {
    if (running && !this.timer) {
      if (this.startedAt === undefined) this.startedAt = Date.now();
      this.timer = setInterval(() => this.show(), TICK_MS);
    }
    if (running) {
      this.show();
    } else if (!running && this.timer) {
      clearInterval(this.timer);
      this.timer = 0;
    }
  }

  /** Goes on counting for a view that replaces the one this progress belonged to. */
  adopt(old) {
    this.startedAt = old.startedAt;
    this.bytes = old.bytes;
    old.running(false);
  }

  show() {
    this.meta.textContent = t('progress.running', {
      time: formatDuration(Math.max(0, Date.now() - this.startedAt)), size: formatSize(this.bytes),
    });
  }
}
