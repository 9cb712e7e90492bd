// The outputs a Jupyter notebook had saved when it was imported (its recorded run, interface "import") shown under
// each cell as the last known output, marked as recorded in that notebook and not run here, until the cell runs
// here: then the cell's own output replaces it. Read-only, and only for runbooks that came from a notebook.

import { el } from '../lib/dom.js';
import { request } from '../lib/http.js';
import { t } from '../lib/i18n.js';

const NOT_RUN = new Set(['idle', undefined, '']);

/** The recorded run of `runbook` (its newest import), or null. */
async function recordedRun(runbook) {
  const runs = await request('GET', `/api/runs?runbook=${encodeURIComponent(runbook)}&limit=500`);
  return runs.find((r) => r.via === 'import') || null;
}

/** A recorded result as text: text and JSON as they are, anything else (an image) named by its type. */
function resultText(e) {
  return /^text\/plain|json/.test(e.mime || '') ? `${e.data}\n` : `[${e.mime}]\n`;
}

/** Each cell's recorded text (its output chunks and results in order), by cell id. */
async function recordedTexts(runId) {
  const texts = new Map();
  let since = 0;
  for (;;) {
    const page = await request('GET', `/api/runs/${encodeURIComponent(runId)}/events?since=${since}`);
    for (const e of page.events) {
      const add = e.type === 'cell-output' ? e.text : e.type === 'cell-result' ? resultText(e) : null;
      if (add !== null && e.cellId) texts.set(e.cellId, (texts.get(e.cellId) || '') + add);
    }
    if (page.events.length === 0 || page.lastSeq <= since) return texts;
    since = page.lastSeq;
  }
}

/** Puts the recorded text under a cell that has not run here, and takes it away once the cell runs. */
function attach(cell, text, notebook) {
  if (!NOT_RUN.has(cell.dataset.status) || cell.querySelector('.recorded-output')) return;
  const box = el('details', { className: 'recorded-output', open: true },
    el('summary', null, t('recorded-output', { notebook })),
    el('pre', 'recorded-text', text));
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
  const texts = await recordedTexts(run.runId);
  const evidence = await request('GET', `/api/runs/${encodeURIComponent(run.runId)}`).catch(() => ({}));
  const notebook = evidence?.params?.notebook || run.runbook;
  const place = () => {
    for (const [id, text] of texts) {
      const cell = document.querySelector(`[data-cell-id="${CSS.escape(id)}"]`);
      if (cell) attach(cell, text, notebook);
    }
  };
  place();
  // the notebook draws its cells once the runbook is read, and again after a save: place the outputs each time
  new MutationObserver(place).observe(document.body, { childList: true, subtree: true });
}

main();
