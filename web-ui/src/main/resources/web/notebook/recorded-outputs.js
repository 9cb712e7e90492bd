// The outputs a Jupyter notebook had saved when it was imported (its recorded run, interface "import") shown under
// each cell as the last known output, marked as recorded in that notebook and not run here, until the cell runs
// here: then the cell's own output replaces it. Read-only, and only for runbooks that came from a notebook.

import { el } from '../lib/dom.js';
import { request } from '../lib/http.js';
import { t } from '../lib/i18n.js';
import { renderResult } from './result-view.js';

const NOT_RUN = new Set(['idle', undefined, '']);

/** The recorded run of `runbook` (its newest import), or null. */
async function recordedRun(runbook) {
  const runs = await request('GET', `/api/runs?runbook=${encodeURIComponent(runbook)}&limit=500`);
  return runs.find((r) => r.via === 'import') || null;
}

/**
 * Each cell's recorded output, by cell id, in order: runs of text (output chunks) and results, each result drawn as a
 * live one is (an image as an image, HTML in its sandboxed frame, a table, JSON).
 */
async function recordedParts(runId) {
  const parts = new Map();
  const add = (cellId, part) => {
    const list = parts.get(cellId) || [];
    const last = list[list.length - 1];
    if (part.text !== undefined && last?.text !== undefined) last.text += part.text;
    else list.push(part);
    parts.set(cellId, list);
  };
  let since = 0;
  for (;;) {
    const page = await request('GET', `/api/runs/${encodeURIComponent(runId)}/events?since=${since}`);
    for (const e of page.events) {
      if (!e.cellId) continue;
      if (e.type === 'cell-output') add(e.cellId, { text: e.text });
      else if (e.type === 'cell-result') add(e.cellId, { mime: e.mime, data: e.data });
    }
    if (page.events.length === 0 || page.lastSeq <= since) return parts;
    since = page.lastSeq;
  }
}

/** Puts the recorded output under a cell that has not run here, and takes it away once the cell runs. */
function attach(cell, parts, notebook) {
  if (!NOT_RUN.has(cell.dataset.status) || cell.querySelector('.recorded-output')) return;
  const box = el('details', { className: 'recorded-output', open: true },
    el('summary', null, t('recorded-output', { notebook })));
  for (const part of parts) {
    box.append(part.text !== undefined ? el('pre', 'recorded-text', part.text) : renderResult(part.mime, part.data));
  }
  cell.append(box);
  new MutationObserver((changes, observer) => {
    if (!NOT_RUN.has(cell.dataset.status)) {
      box.remove();
      observer.disconnect();
    }
  }).observe(cell, { attributes: true, attributeFilter: ['data-status'] });
}

async function main() {
  const runbook = new URLSearchParams(window.location.search).get('runbook');
  if (!runbook) return;
  const run = await recordedRun(runbook).catch(() => null);
  if (!run) return;
  const outputs = await recordedParts(run.runId);
  const evidence = await request('GET', `/api/runs/${encodeURIComponent(run.runId)}`).catch(() => ({}));
  const notebook = evidence?.params?.notebook || run.runbook;
  const place = () => {
    for (const [id, parts] of outputs) {
      const cell = document.querySelector(`[data-cell-id="${CSS.escape(id)}"]`);
      if (cell) attach(cell, parts, notebook);
    }
  };
  place();
  // the notebook draws its cells once the runbook is read, and again after a save: place the outputs each time
  new MutationObserver(place).observe(document.body, { childList: true, subtree: true });
}

main();
