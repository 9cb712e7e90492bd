// The operation list (cmdb-operations.html): each operation with its planned time as planned (with its zone), status,
// owner, the runs started for it (each a link to its run page) and notes; a form to plan a new one, and a cancel
// button. Everything shown goes in as text.

import { request } from '../lib/http.js';
import { $, el, showMessage } from '../lib/dom.js';
import { t } from '../lib/i18n.js';

const enc = encodeURIComponent;

function runLinks(op) {
  return op.links.map((l) => el('a', { href: `run.html?id=${enc(l.ref)}`, title: l.outcome || t('running') },
    `${l.ref} (${l.outcome || t('running')})`));
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

async function show() {
  const ops = await request('GET', '/api/cmdb/operations');
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

show().catch((err) => showMessage($('ops-message'), t('failed', { message: err.message }), 'error'));
