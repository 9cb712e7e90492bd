// One flow: its graph, live node colours of one instance, approvals, stops, and the start form.

import {
  approveNode, emergencyStop, getFlow, getInstance, listInstances, rejectNode, resumeInstance, startFlow,
  stopInstance, watchFlows, when,
} from './flow-api.js';
import { drawGraph, setStatus, setTime } from './flow-graph.js';
import { followsBlock } from './approval-context.js';
import { $, el } from '../lib/dom.js';
import { formatDuration, lang, statusText, t } from '../lib/i18n.js'; // translates the page's HTML before this script fills it

const params = new URLSearchParams(location.search);
const name = params.get('name');
const instanceId = params.get('instance');

let graph = null;
let svgRoot = null;
let instance = null;
let selected = null;
const nodes = new Map();

function fail(message) {
  $('flow-error').textContent = message;
  $('flow-error').hidden = false;
}

function definitionOf(nodeId) {
  return graph.nodes.find((n) => n.id === nodeId);
}

function showInstance() {
  if (!instance) return;
  const s = $('instance-status');
  s.dataset.status = instance.status;
  s.textContent = statusText(instance.status);
  $('instance-info').textContent = [instance.id,
    t('instance.started-by', { user: instance.startedBy, via: instance.via, time: when(instance.startedAt) }),
    instance.stoppedBy ? t('instance.stopped-by', { user: instance.stoppedBy }) : null,
    instance.message || null].filter(Boolean).join(' · ');
  const base = `/api/flow-instances/${encodeURIComponent(instance.id)}`;
  $('evidence-zip').href = `${base}/evidence.zip`;
  $('evidence-report').href = `${base}/report.html?lang=${lang}`; // in the page's language
  $('instance-evidence').hidden = false;
  const finished = ['ok', 'warning', 'failed', 'stopped'].includes(instance.status);
  $('emergency-stop').hidden = finished;
  $('stop').hidden = finished || instance.status === 'running';
  $('resume').hidden = instance.status !== 'interrupted';
  for (const n of nodes.values()) setStatus(svgRoot, n.nodeId, n.status);
  showTimes();
  showApprovals();
  if (selected) showNode(selected);
}

/** Under each node that started: how long it has run (ticking while it runs) or how long it took. */
function showTimes() {
  if (!svgRoot) return;
  for (const n of nodes.values()) {
    const start = Date.parse(n.startedAt);
    const end = n.endedAt ? Date.parse(n.endedAt) : n.status === 'running' ? Date.now() : NaN;
    setTime(svgRoot, n.nodeId, Number.isNaN(start) || Number.isNaN(end) ? '' : formatDuration(Math.max(0, end - start)));
  }
}

setInterval(showTimes, 1000);

function showApprovals() {
  const paused = [...nodes.values()].filter((n) => n.status === 'paused');
  $('approvals-panel').hidden = paused.length === 0;
  $('approvals').replaceChildren(...paused.map((n) => {
    const comment = el('input', { type: 'text', className: 'approval-comment', placeholder: t('common:approval.comment'), dataset: { nodeId: n.nodeId } });
    const approve = el('button', { type: 'button', className: 'primary approve', dataset: { nodeId: n.nodeId } }, t('common:approval.approve'));
    const reject = el('button', { type: 'button', className: 'danger reject', dataset: { nodeId: n.nodeId } }, t('common:approval.reject'));
    const act = (fn) => async () => {
      approve.disabled = true;
      reject.disabled = true;
      try {
        await fn(instance.id, n.nodeId, comment.value);
      } catch (err) {
        fail(err.message);
        approve.disabled = false;
        reject.disabled = false;
      }
    };
    approve.addEventListener('click', act(approveNode));
    reject.addEventListener('click', act(rejectNode));
    const def = definitionOf(n.nodeId);
    const follows = el('div', 'approval-follows');
    followsBlock(instance.id, n.nodeId).then((b) => follows.replaceChildren(b));
    return el('li', { className: 'approval', dataset: { nodeId: n.nodeId } },
      el('strong', {}, n.nodeId), ' ', el('span', {}, def?.detail || ''),
      def?.approver ? el('span', { className: 'muted approver-role' }, ` ${t('node.role', { role: def.approver })}`) : null,
      n.deadline ? el('span', { className: 'muted' }, ` ${t('node.until', { time: when(n.deadline) })}`) : null,
      ' ', comment, ' ', approve, ' ', reject, follows);
  }));
}

function showNode(nodeId) {
  selected = nodeId;
  const def = definitionOf(nodeId);
  const st = nodes.get(nodeId);
  $('node-panel').hidden = false;
  $('node-title').textContent = `${nodeId} (${def.type})`;
  const rows = [[t('node.status'), statusText(st?.status || 'pending')], [t('node.detail'), def.detail],
    [t('node.passes'), st?.passes], [t('node.chosen'), st?.chosen], [t('node.by'), st?.actor],
    [t('node.comment'), st?.comment], [t('node.message'), st?.message],
    [t('node.started'), when(st?.startedAt)], [t('node.ended'), when(st?.endedAt)]];
  $('node-details').replaceChildren(...rows.filter(([, v]) => v).flatMap(([k, v]) => [el('dt', {}, k), el('dd', { translate: false }, String(v))]));
  const links = [];
  if (def.type === 'runbook') {
    links.push(el('a', { href: `notebook.html?runbook=${encodeURIComponent(def.detail)}` }, t('node.open-runbook')));
  }
  if (st?.runId) links.push(' · ', el('a', { href: `run.html?id=${encodeURIComponent(st.runId)}`, className: 'evidence-link' }, t('node.run', { id: st.runId })));
  if (def.type === 'call') {
    const href = `flow.html?name=${encodeURIComponent(def.detail)}${st?.child ? `&instance=${encodeURIComponent(st.child)}` : ''}`;
    links.push(el('a', { href }, st?.child ? t('node.called-instance', { id: st.child }) : t('node.called-flow')));
  }
  $('node-links').replaceChildren(...links);
}

function startForm() {
  $('start-panel').hidden = false;
  const form = $('start-form');
  const inputs = graph.params.map((p) => {
    const input = p.allowed && p.allowed.length
      ? el('select', { name: p.name }, ...p.allowed.map((a) => el('option', { value: a, selected: a === p.defaultValue }, a)))
      : el('input', { name: p.name, type: 'text', value: p.defaultValue ?? '', placeholder: p.description || '' });
    return el('label', {}, el('span', {}, p.name), input);
  });
  const go = el('button', { type: 'submit', className: 'primary', disabled: !graph.valid }, t('start-flow'));
  form.replaceChildren(...inputs, go);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const values = {};
    for (const p of graph.params) values[p.name] = form.elements[p.name].value;
    try {
      const { id } = await startFlow(name, values);
      location.search = `?name=${encodeURIComponent(name)}&instance=${encodeURIComponent(id)}`;
    } catch (err) {
      fail(err.message);
    }
  });
}

async function loadInstances() {
  const list = await listInstances({ flow: name });
  $('instances').replaceChildren(...list.map((fi) => el('tr', { dataset: { instance: fi.id } },
    el('td', {}, el('span', { className: 'flow-status', dataset: { status: fi.status } }, statusText(fi.status))),
    el('td', {}, el('a', { href: `flow.html?name=${encodeURIComponent(name)}&instance=${encodeURIComponent(fi.id)}` }, fi.id)),
    el('td', {}, fi.startedBy), el('td', {}, when(fi.startedAt)),
    el('td', { className: 'muted' }, fi.paused.length ? t('waiting-nodes', { nodes: fi.paused.join(', ') }) : ''))));
}

async function reload() {
  if (instanceId) {
    instance = await getInstance(instanceId);
    instance.nodes.forEach((n) => nodes.set(n.nodeId, n));
    showInstance();
  }
  await loadInstances();
}

function pushed(change) {
  if (change.type === 'node' && change.instanceId === instanceId) {
    nodes.set(change.node.nodeId, change.node);
    setStatus(svgRoot, change.node.nodeId, change.node.status);
    showApprovals();
    if (selected === change.node.nodeId) showNode(selected);
  } else if (change.type === 'instance') {
    if (change.instance.id === instanceId) {
      instance = change.instance;
      instance.nodes.forEach((n) => nodes.set(n.nodeId, n));
      showInstance();
    }
    if (change.instance.flow === name) loadInstances().catch(() => {});
  }
}

function wireButtons() {
  $('emergency-stop').addEventListener('click', async () => {
    if (!confirm(t('confirm-emergency-stop', { id: instanceId }))) return;
    try { await emergencyStop(instanceId); } catch (err) { fail(err.message); }
  });
  $('stop').addEventListener('click', async () => {
    if (!confirm(t('confirm-stop', { id: instanceId }))) return;
    try { await stopInstance(instanceId); } catch (err) { fail(err.message); }
  });
  $('resume').addEventListener('click', async () => {
    try { await resumeInstance(instanceId); } catch (err) { fail(err.message); }
  });
}

async function main() {
  if (!name) {
    fail(t('no-flow-named'));
    return;
  }
  $('flow-name').textContent = name;
  try {
    graph = await getFlow(name);
  } catch (err) {
    fail(t('cannot-load', { name, error: err.message }));
    return;
  }
  $('flow-title').textContent = graph.title;
  document.title = `${graph.title} — Tejun 手順`;
  $('problems').replaceChildren(...graph.problems.map((p) => el('li', { className: p.severity }, `line ${p.line}: ${p.message}`)));
  svgRoot = drawGraph(graph, showNode);
  $('graph').replaceChildren(svgRoot);
  if (!instanceId) startForm();
  wireButtons();
  watchFlows(pushed, (state) => {
    $('connection').dataset.state = state;
    $('connection').textContent = state === 'open' ? 'live' : 'reconnecting…';
  }, () => reload().catch((err) => fail(err.message)));
  try {
    await reload();
  } catch (err) {
    fail(err.message);
  }
}

main();
