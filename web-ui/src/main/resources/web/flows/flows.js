// The flows page: flow files, instances (live over /ws/flows), and everything that waits for an approver:
// paused flow nodes and pause cells of runbooks.

import {
  approveCell, approveNode, getInstance, listApprovals, listFlows, listInstances, rejectCell, rejectNode, watchFlows,
  when,
} from './flow-api.js';
import { $, el } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { cellContext, nodeContext, whyNotMe } from './approval-context.js';
const flowHref = (flow, id) => `flow.html?name=${encodeURIComponent(flow)}${id ? `&instance=${encodeURIComponent(id)}` : ''}`;

function fail(message) {
  $('flows-error').textContent = message;
  $('flows-error').hidden = !message;
}

async function loadFlows() {
  const flows = await listFlows();
  $('flows').replaceChildren(...flows.map((f) => el('li', { className: 'runbook', dataset: { flow: f.name } },
    el('a', { href: flowHref(f.name), className: 'runbook-title' }, f.title),
    el('span', { className: 'runbook-name' }, f.name),
    f.valid ? null : el('span', { className: 'error' }, ` invalid: ${f.problems.filter((p) => p.severity === 'error').map((p) => p.message).join('; ')}`))));
}

let instances = [];

async function loadInstances() {
  instances = await listInstances({ status: $('status-filter').value });
  $('instances').replaceChildren(...instances.map((fi) => el('tr', { dataset: { instance: fi.id } },
    el('td', {}, el('span', { className: 'flow-status', dataset: { status: fi.status } }, fi.status)),
    el('td', {}, fi.title), el('td', {}, el('a', { href: flowHref(fi.flow, fi.id) }, fi.id)),
    el('td', {}, fi.startedBy), el('td', {}, when(fi.startedAt)), el('td', {}, when(fi.endedAt)),
    el('td', { className: 'muted' }, fi.paused.length ? `waiting: ${fi.paused.join(', ')}` : ''))));
}

/**
 * One pause to decide: its label and detail, its context (message, params, starter, output before) and either the
 * comment with Approve / Reject or, when `notMe` says why this user may not decide it, that text instead.
 */
function decisionItem(label, detail, href, approve, reject, context = null, notMe = null) {
  const head = [href ? el('a', { href }, label) : el('strong', {}, label), ' ', el('span', {}, detail || '')];
  if (notMe) {
    return el('li', { className: 'approval' }, ...head, context, el('p', { className: 'approval-not-me' }, notMe));
  }
  const comment = el('input', { type: 'text', className: 'approval-comment', placeholder: t('approval.comment'),
    ariaLabel: t('approval.comment') });
  const yes = el('button', { type: 'button', className: 'primary approve' }, t('approval.approve'));
  const no = el('button', { type: 'button', className: 'danger reject' }, t('approval.reject'));
  const act = (fn) => async () => {
    yes.disabled = true;
    no.disabled = true;
    try {
      await fn(comment.value);
      await refreshApprovals();
    } catch (err) {
      fail(err.message);
      yes.disabled = false;
      no.disabled = false;
    }
  };
  yes.addEventListener('click', act(approve));
  no.addEventListener('click', act(reject));
  return el('li', { className: 'approval' }, ...head, context, el('div', 'approval-buttons', comment, ' ', yes, ' ', no));
}

async function refreshApprovals() {
  const [cells, paused] = await Promise.all([listApprovals(), listInstances({ status: 'paused' })]);
  const items = [];
  for (const fi of paused) {
    const full = await getInstance(fi.id).catch(() => fi);
    for (const nodeId of fi.paused) {
      const role = fi.approvers?.[nodeId];
      items.push(decisionItem(`${fi.title} · ${nodeId}`, t('approval.node-detail', { id: fi.id, role: role || 'approver' }),
        flowHref(fi.flow, fi.id), (c) => approveNode(fi.id, nodeId, c), (c) => rejectNode(fi.id, nodeId, c),
        await nodeContext(full, nodeId)));
    }
  }
  for (const a of cells) {
    items.push(decisionItem(`${a.session} · ${a.cellId}`, t('approval.cell-detail', { role: a.approver }), null,
      (c) => approveCell(a.id, c), (c) => rejectCell(a.id, c), await cellContext(a),
      await whyNotMe(a.approverNotStarter, a.startedBy, a.approver)));
  }
  $('approvals').replaceChildren(...items);
  $('approvals-empty').hidden = items.length > 0;
}

async function refreshAll() {
  try {
    await Promise.all([loadFlows(), loadInstances(), refreshApprovals()]);
    fail('');
  } catch (err) {
    fail(err.message);
  }
}

let pending = null;
function soon() {
  // Many pushes arrive together (every node of a parallel section); one REST read answers them all.
  if (pending) return;
  pending = setTimeout(() => {
    pending = null;
    Promise.all([loadInstances(), refreshApprovals()]).catch((err) => fail(err.message));
  }, 250);
}

$('status-filter').addEventListener('change', () => loadInstances().catch((err) => fail(err.message)));
watchFlows((change) => { if (change.type === 'instance') soon(); }, (state) => {
  $('connection').dataset.state = state;
  $('connection').textContent = state === 'open' ? 'live' : 'reconnecting…';
}, refreshAll);
// Pause cells of notebook runs are not flow changes: they are read every few seconds.
setInterval(() => refreshApprovals().catch(() => {}), 3000);
refreshAll();
