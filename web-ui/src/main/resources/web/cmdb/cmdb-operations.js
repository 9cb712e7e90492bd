// The operation list (cmdb-operations.html): each operation with its planned time as planned (with its zone), status,
// owner, the runs and flow instances started for it (each a link to its page) and notes; a form to plan a new one,
// one to start a flow for an operation, and a cancel button. Everything shown goes in as text.

import { request } from '../lib/http.js';
import { getInstance, listFlows, startFlow } from '../flows/flow-api.js';
import { $, el, showMessage } from '../lib/dom.js';
import { t } from '../lib/i18n.js';

const enc = encodeURIComponent;

/** A flow link names its instance; the page of a flow wants the flow's name too, read once the row is drawn. */
function link(l) {
  const state = l.outcome || t('running');
  if (l.kind !== 'flow') {
    return el('a', { href: `run.html?id=${enc(l.ref)}`, title: state, dataset: { kind: 'run' } }, `${l.ref} (${state})`);
  }
  const a = el('a', { href: '#', title: state, dataset: { kind: 'flow' } }, `${t('flow')} ${l.ref} (${state})`);
  getInstance(l.ref)
    .then((fi) => { a.href = `flow.html?name=${enc(fi.flow)}&instance=${enc(l.ref)}`; })
    .catch(() => { a.removeAttribute('href'); });
  return a;
}

function runLinks(op) {
  return op.links.map(link);
}

function row(op) {
  const cancel = el('button', { type: 'button', disabled: op.status === 'cancelled' || op.status === 'running' },
    t('cancel'));
  cancel.addEventListener('click', () => act(() => request('POST', `/api/cmdb/operations/${enc(op.name)}/cancel`,
    { version: op.version }), t('cancelled', { name: op.name })));
  return el('tr', { dataset: { operation: op.name, status: op.status } },
    el('td', {}, op.name),
    el('td', {}, op.planned || '—'),
    el('td', {}, t(`status.${op.status}`)),
    el('td', {}, op.owner || '—'),
    el('td', {}, ...runLinks(op)),
    el('td', {}, op.notes),
    el('td', {}, cancel));
}

let again = null;

async function show() {
  clearTimeout(again);
  const ops = await request('GET', '/api/cmdb/operations');
  // while something runs for an operation its status and links move: look again until nothing runs
  if (ops.some((op) => op.status === 'running')) again = setTimeout(() => show().catch(() => {}), 2000);
  const open = ops.filter((op) => op.status !== 'cancelled');
  $('drive-operation').replaceChildren(...open.map((op) => el('option', { value: op.name }, op.name)));
  $('operations').querySelector('tbody').replaceChildren(...(ops.length ? ops.map(row)
    : [el('tr', {}, el('td', { colSpan: 7, className: 'muted' }, t('none')))]));
}

async function act(call, done) {
  try {
    await call();
    showMessage($('ops-message'), done);
  } catch (err) {
    showMessage($('ops-message'), t('failed', { message: err.message }), 'error');
  }
  await show();
}

$('new-operation').addEventListener('submit', (e) => {
  e.preventDefault();
  const form = new FormData(e.target);
  const body = Object.fromEntries(['name', 'planned', 'owner', 'notes'].map((k) => [k, form.get(k)]));
  act(() => request('POST', '/api/cmdb/operations', body), t('created', { name: body.name }))
    .then(() => e.target.reset());
});

async function showFlows() {
  const flows = await listFlows();
  $('drive-flow').replaceChildren(...flows.filter((f) => f.valid)
    .map((f) => el('option', { value: f.name }, f.title ? `${f.title} (${f.name})` : f.name)));
}

// a flow started for an operation hands it the param operation; the flow must declare it, as a runbook must
$('drive').addEventListener('submit', (e) => {
  e.preventDefault();
  const form = new FormData(e.target);
  const operation = form.get('operation');
  const flow = form.get('flow');
  act(() => startFlow(flow, { operation }), t('flow-started', { flow, name: operation }));
});

showFlows().catch((err) => showMessage($('ops-message'), t('failed', { message: err.message }), 'error'));
show().catch((err) => showMessage($('ops-message'), t('failed', { message: err.message }), 'error'));
