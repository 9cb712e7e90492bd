// What an operator does from a run's page (issue 23 §5 and §7, issue 15): resume a run that ended failed, stopped or
// timed out from the cell where it stopped; retry the failed hosts of its failed fan-out cell; and compare it with
// the previous run of the same runbook. Each goes through the same REST routes as the CLI; the server checks them
// (roles, a cell that is no fan-out cell, a changed runbook) and its refusal is shown as it says it.
import { getJson, request } from '../lib/http.js';
import { el } from '../lib/dom.js';
import { formatDuration, statusText, t } from '../lib/i18n.js';

const $ = (id) => document.getElementById(id);
const RESUMABLE = new Set(['FAILED', 'STOPPED', 'TIMED_OUT', 'INTERRUPTED']);
const page = (id) => `run.html?id=${encodeURIComponent(id)}`;

function goOn(button, runId, what) {
  button.hidden = false;
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const started = await request('POST', `/api/runs/${encodeURIComponent(runId)}/${what}`, {});
      $('run-action-result').replaceChildren(
        el('a', { className: 'started-run', href: page(started.runId) }, t('started-run', { run: started.runId })));
    } catch (e) {
      button.disabled = false;
      $('run-action-result').textContent = e.message;
    }
  });
}

/** Shows Resume and Retry failed hosts for a run that ended without succeeding. */
export function showActions(run) {
  const status = String(run.status || '').toUpperCase();
  if (!run.finishedAt) return;
  if (RESUMABLE.has(status)) goOn($('run-resume'), run.runId, 'resume');
  if (status === 'FAILED') goOn($('run-retry'), run.runId, 'retry-failed');
}

/** The run of the same runbook just before `run` (the index lists newest first), or null. */
async function previous(run) {
  const query = new URLSearchParams({ runbook: run.runbook, limit: '1000' });
  const rows = await getJson(`/api/runs?${query}`);
  const at = rows.findIndex((r) => r.runId === run.runId);
  if (at >= 0) return rows[at + 1] || null;
  return rows.find((r) => r.runId < run.runId) || null;
}

function side(status, millis) {
  return el('td', {}, statusText(status) || '—', millis != null ? ` · ${formatDuration(millis)}` : '');
}

function differences(streams) {
  const changed = Object.entries(streams || {}).filter(([, lines]) => lines.length > 0);
  if (changed.length === 0) return el('td', { className: 'muted' }, t('same-output'));
  return el('td', {}, ...changed.map(([file, lines]) =>
    el('div', 'run-diff', el('code', {}, file), el('pre', {}, lines.join('\n')))));
}

async function compare(before, run) {
  const c = await getJson(`/api/runs/${encodeURIComponent(before)}/compare?with=${encodeURIComponent(run.runId)}`);
  const other = $('compare-other');
  other.textContent = before;
  other.href = page(before);
  $('compare-params').replaceChildren(...Object.entries(c.params || {}).map(([name, [a, b]]) =>
    el('li', {}, el('code', {}, `${name}: ${a ?? '—'} → ${b ?? '—'}`))));
  $('compare-cells').replaceChildren(...(c.cells || []).map((cell) => el('tr', {},
    el('td', {}, el('code', {}, cell.cellId)),
    side(cell.statusA, cell.durationA),
    side(cell.statusB, cell.durationB),
    differences(cell.streams))));
  $('compare').hidden = false;
  $('compare').scrollIntoView();
}

/** Links "compare with previous run" when the runbook ran before; the comparison opens on the page. */
export async function linkPrevious(run) {
  const before = await previous(run);
  if (!before) return;
  const link = $('run-compare-link');
  link.hidden = false;
  link.addEventListener('click', (e) => {
    e.preventDefault();
    compare(before.runId, run).catch((err) => {
      $('run-action-result').textContent = err.message;
    });
  });
}
