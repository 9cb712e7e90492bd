// What an approver needs to decide a pause without going elsewhere: the pause's message (its ${…} references were
// filled by the server when the pause began), the run's params, who started it, and the output of the step before
// it; and, under four eyes, to the one who started the run, who may approve instead of an Approve button.
import { currentUser, getJson, getText } from '../lib/http.js';
import { el } from '../lib/dom.js';
import { t, timeElement } from '../lib/i18n.js';

/** The last characters of an output are what an approver reads (the rest is on the run page). */
const TAIL = 2000;

function paramsList(params) {
  const entries = Object.entries(params || {});
  if (!entries.length) return el('span', 'muted', '—');
  return el('span', 'approval-params', ...entries.flatMap(([k, v], i) => [i ? ' ' : '', el('code', {}, `${k}=${v}`)]));
}

/** The stdout of the cell before `cellId` in run `runId` (the run's last cell when `cellId` is null), or null. */
async function outputBefore(runId, cellId) {
  const run = await getJson(`/api/runs/${encodeURIComponent(runId)}`);
  const cells = run.cells || [];
  // a cell still waiting may not be in the run's record yet: then the one before it is the record's last
  const found = cellId ? cells.findIndex((c) => c.cellId === cellId) : -1;
  const at = found >= 0 ? found : cells.length;
  const before = at > 0 ? cells[at - 1] : null;
  if (!before) return { run, cell: null, text: null };
  const text = await getText(`/api/runs/${encodeURIComponent(runId)}/cells/${encodeURIComponent(before.cellId)}/stdout`);
  return { run, cell: before.cellId, text: text.length > TAIL ? `…${text.slice(-TAIL)}` : text };
}

function outputBlock(runId, found) {
  if (!found.cell) return null;
  return el('div', 'approval-output',
    el('div', 'muted', t('approval.output-before', { cell: found.cell }), ' ',
      el('a', { href: `run.html?id=${encodeURIComponent(runId)}` }, t('approval.open-run'))),
    el('pre', { className: 'approval-output-text', translate: false }, found.text || t('approval.no-output')));
}

function facts(message, params, startedBy, since) {
  return [
    message ? el('p', { className: 'approval-message', translate: false }, message) : null,
    el('div', 'approval-facts',
      el('span', {}, `${t('approval.started-by')}: `, el('strong', {}, startedBy || '—')), ' · ',
      el('span', {}, `${t('approval.params')}: `, paramsList(params)),
      since ? el('span', {}, ' · ', `${t('approval.waiting-since')}: `, timeElement(since)) : null),
  ];
}

/** The context of a pause cell `a` (GET /api/approvals), built once its run's record was read. */
export async function cellContext(a) {
  let found = { run: { params: {} }, cell: null };
  try {
    if (a.runId) found = await outputBefore(a.runId, a.cellId);
  } catch {
    // a run without readable evidence yet still shows its message and starter
  }
  return el('div', 'approval-context', ...facts(a.message, found.run.params, a.startedBy, a.requestedAt),
    a.runId ? outputBlock(a.runId, found) : null,
    a.runId && a.preview ? await previewBlock(`/api/approvals/${encodeURIComponent(a.id)}/preview`, t('approval.after-cells')) : null);
}

function lockLine(l) {
  return el('li', {}, el('code', {}, l.name), ' ',
    l.held ? el('span', 'approval-lock-held', t('approval.lock-held', { scope: l.scope, holder: l.held }))
      : el('span', 'muted', t('approval.lock-free', { scope: l.scope })));
}

function windowLine(w) {
  return el('li', {}, el('code', {}, w.target), ' ',
    w.open ? el('span', 'muted', t('approval.window-open'))
      : el('span', 'approval-window-closed', t('approval.window-closed', { reason: w.reason || '' })));
}

function previewNode(n) {
  const params = Object.keys(n.params || {}).length ? paramsList(n.params) : null;
  const cells = (n.cells || []).map((c) => el('details', 'approval-preview-cell',
    el('summary', {}, `${c.cell} (${c.status || '—'})`),
    el('pre', { className: 'approval-output-text', translate: false }, c.output || t('approval.no-output'))));
  return el('li', { className: 'approval-preview-node', dataset: { nodeId: n.id } },
    el('strong', {}, n.id), ` (${n.type})`, n.target ? el('span', { translate: false }, ` ${n.target}`) : null,
    n.note ? el('span', 'muted', ` — ${n.note}`) : null,
    params ? el('div', {}, `${t('approval.params')}: `, params) : null,
    n.hosts && n.hosts.length ? el('div', 'muted', t('approval.hosts', { hosts: n.hosts.join(', ') })) : null,
    n.locks && n.locks.length ? el('ul', 'approval-locks', ...n.locks.map(lockLine)) : null,
    n.windows && n.windows.length ? el('ul', 'approval-windows', ...n.windows.map(windowLine)) : null,
    n.previewRun ? el('a', { href: `run.html?id=${encodeURIComponent(n.previewRun)}` }, t('approval.preview-run')) : null,
    ...cells);
}

/**
 * A hold point's kept preview (`url` answers it with its state): each node as it would run, its locks and windows.
 * Said so while it is still being made, and why when it failed or was never made, so nobody waits for it in vain.
 */
async function previewBlock(url, heading) {
  let preview = null;
  try {
    preview = await getJson(url);
  } catch {
    preview = null;
  }
  const head = el('div', 'muted', heading);
  const said = (key, vars) => el('div', 'approval-preview', head,
    el('p', { className: 'muted approval-preview-state', dataset: { state: preview ? preview.state : 'none' } }, t(key, vars)));
  if (!preview || preview.state === 'none') return said('approval.after-missing');
  if (preview.state === 'making') return said('approval.after-pending');
  if (preview.state === 'failed') return said('approval.after-failed', { reason: preview.reason || '' });
  if (!(preview.nodes || []).length) return said('approval.after-none');
  return el('div', 'approval-preview', head, el('ol', 'approval-preview-nodes', ...preview.nodes.map(previewNode)));
}

/** What follows paused node `nodeId` of instance `instanceId`, as the server previewed it when the pause began. */
export function followsBlock(instanceId, nodeId) {
  return previewBlock(
    `/api/flow-instances/${encodeURIComponent(instanceId)}/holds/${encodeURIComponent(nodeId)}/preview`,
    t('approval.after'));
}

/** The context of paused node `nodeId` of flow instance `fi` (GET /api/flow-instances/ID). */
export async function nodeContext(fi, nodeId) {
  const node = (fi.nodes || []).find((n) => n.nodeId === nodeId) || {};
  const before = (fi.nodes || []).filter((n) => n.runId && n.endedAt)
    .sort((x, y) => String(x.endedAt).localeCompare(String(y.endedAt))).pop();
  let output = null;
  if (before) {
    try {
      output = outputBlock(before.runId, await outputBefore(before.runId, null));
    } catch {
      output = null;
    }
  }
  return el('div', 'approval-context', ...facts(node.message, fi.params, fi.startedBy, node.startedAt), output,
    await followsBlock(fi.id, nodeId));
}

/**
 * Null when the signed-in user may press Approve; otherwise why not, as the text shown instead: four eyes keeps the
 * starter from approving their own run (the server refuses it too), and names who may.
 */
export async function whyNotMe(approverNotStarter, startedBy, role) {
  const me = await currentUser();
  if (approverNotStarter && startedBy && startedBy === me.name) {
    return t('approval.four-eyes', { role: role || 'approver', starter: startedBy });
  }
  return null;
}
