// The events page: the unhandled queue (acknowledge), events held for approval (approve), rule sets and their stage
// (promote), and the recent events, each opening GET /api/events/ID. Buttons show only to the roles the server lets
// through; the server checks again. Everything from an event goes in as text, never as markup.

import { currentUser, request } from '../lib/http.js';
import { $, el, showMessage } from '../lib/dom.js';
import { t, timeElement } from '../lib/i18n.js';
import { holds } from '../notebook/roles.js';

const NEXT_STAGE = { draft: 'staging', staging: 'production' };
let roles = [];

const may = (role) => holds(roles, role);

function cell(tr, ...children) {
  return tr.appendChild(el('td', {}, ...children));
}

function labels(map) {
  return el('span', { translate: false }, Object.entries(map || {}).map(([k, v]) => `${k}=${v}`).join(' '));
}

function button(label, id, action) {
  const b = el('button', { type: 'button', className: `action-${id}` }, label);
  b.addEventListener('click', async () => {
    b.disabled = true;
    try {
      await action();
      showMessage($('events-message'), t('done'));
    } catch (e) {
      showMessage($('events-message'), t('failed', { message: e.message }), 'error');
    }
    await load();
  });
  return b;
}

function fill(id, rows, render) {
  const body = document.querySelector(`#${id} tbody`);
  body.replaceChildren(...rows.map(render));
  if (!rows.length) {
    const cols = document.querySelectorAll(`#${id} thead th`).length;
    body.append(el('tr', {}, el('td', { colSpan: cols, className: 'muted' }, t('none'))));
  }
}

function idLink(id) {
  const a = el('a', { href: `#event-${id}`, className: 'event-link' }, String(id));
  a.addEventListener('click', () => show(id));
  return a;
}

async function show(id) {
  try {
    const detail = await request('GET', `/api/events/${id}`);
    $('detail-heading').textContent = t('detail', { id });
    $('detail-body').textContent = JSON.stringify(detail, null, 2);
    $('detail').hidden = false;
  } catch (e) {
    showMessage($('events-message'), t('failed', { message: e.message }), 'error');
  }
}

function unhandledRow(e) {
  const tr = el('tr', { dataset: { event: e.id } });
  cell(tr, idLink(e.id));
  cell(tr, timeElement(e.receivedAt));
  cell(tr, el('span', { translate: false }, e.source));
  cell(tr, labels(e.labels));
  const note = el('input', { type: 'text', className: 'ack-note', placeholder: t('note') });
  cell(tr, ...(may('operator') ? [note, button(t('acknowledge'), 'acknowledge',
    () => request('POST', `/api/events/${e.id}/acknowledge`, { note: note.value || null }))] : []));
  return tr;
}

function heldRow(e) {
  const tr = el('tr', { dataset: { event: e.id } });
  cell(tr, idLink(e.id));
  cell(tr, timeElement(e.receivedAt));
  cell(tr, el('span', { translate: false }, e.rule));
  cell(tr, el('span', { translate: false }, e.target));
  cell(tr, labels(e.params));
  cell(tr, ...(may('approver') ? [button(t('approve'), 'approve',
    () => request('POST', `/api/events/${e.id}/approve`))] : []));
  return tr;
}

function stageRow(s) {
  const tr = el('tr', { dataset: { file: s.file } });
  cell(tr, el('span', { translate: false }, s.file));
  cell(tr, t(`stage.${s.stage}`));
  cell(tr, s.changedAt ? timeElement(s.changedAt) : '', s.changedBy ? ` ${s.changedBy}` : '');
  const next = NEXT_STAGE[s.stage];
  cell(tr, ...(next && may('approver') ? [button(t(`promote.${next}`), 'promote',
    () => request('POST', '/api/rules/stage', { file: s.file, stage: next }))] : []));
  return tr;
}

function recentRow(e) {
  const tr = el('tr', { dataset: { event: e.id } });
  cell(tr, idLink(e.id));
  cell(tr, timeElement(e.receivedAt));
  cell(tr, el('span', { translate: false }, e.source));
  cell(tr, el('span', { translate: false }, e.status));
  cell(tr, labels(e.labels));
  cell(tr, el('span', { translate: false, className: `decision-${e.decision}` }, e.decision || ''));
  cell(tr, el('span', { translate: false }, e.rule || ''));
  cell(tr, e.runId ? el('a', { href: `run.html?id=${encodeURIComponent(e.runId)}` }, e.runStatus || e.runId)
    : el('span', { translate: false }, e.reason || ''));
  return tr;
}

/** Rule files by stage: those the server has a stage for, and those only the rules list names (production). */
function ruleSets(stages, rules) {
  const byFile = new Map(stages.map((s) => [s.file, s]));
  for (const r of rules) {
    if (!byFile.has(r.file)) byFile.set(r.file, { file: r.file, stage: 'production' });
  }
  return [...byFile.values()].sort((a, b) => a.file.localeCompare(b.file));
}

async function load() {
  try {
    const [unhandled, recent, stages, rules] = await Promise.all([
      request('GET', '/api/events/unhandled'), request('GET', '/api/events'),
      request('GET', '/api/rules/stages'), request('GET', '/api/rules')]);
    fill('unhandled', unhandled.events, unhandledRow);
    fill('held', recent.events.filter((e) => e.decision === 'held'), heldRow);
    fill('stages', ruleSets(stages.stages, rules.rules), stageRow);
    fill('recent', recent.events, recentRow);
  } catch (e) {
    showMessage($('events-message'), t('failed', { message: e.message }), 'error');
  }
}

currentUser().then((me) => {
  roles = me.roles || [];
  return load();
});
