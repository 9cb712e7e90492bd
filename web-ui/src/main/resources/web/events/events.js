// The events page: a chart of events and actions over the last 24 hours with hits per rule and the outcome history's
// exports, the unhandled queue (acknowledge), events held for approval (approve), rule sets and their stage (view,
// replay on recorded events, Excel out and in, promote), and the recent events, filtered and refreshed live, each
// opening GET /api/events/ID. Buttons show only to the roles the server lets through; the server checks again.
// Everything from an event goes in as text, never as markup.

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
  const runbook = el('input', { type: 'text', className: 'run-runbook', placeholder: t('runbook'), size: 14 });
  cell(tr, ...(may('operator') ? [note, button(t('acknowledge'), 'acknowledge',
    () => request('POST', `/api/events/${e.id}/acknowledge`, { note: note.value || null })),
  ' ', runbook, button(t('run-now'), 'run-now',
    () => request('POST', `/api/events/${e.id}/run`, { runbook: runbook.value.trim() }))] : []));
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

function showText(heading, text) {
  $('detail-heading').textContent = heading;
  $('detail-body').textContent = text;
  $('detail').hidden = false;
}

async function ruleText(file) {
  return (await request('GET', `/api/rules/file?file=${encodeURIComponent(file)}`)).text;
}

function stageRow(s) {
  const tr = el('tr', { dataset: { file: s.file } });
  cell(tr, el('span', { translate: false }, s.file));
  cell(tr, t(`stage.${s.stage}`));
  cell(tr, s.changedAt ? timeElement(s.changedAt) : '', s.changedBy ? ` ${s.changedBy}` : '');
  const next = NEXT_STAGE[s.stage];
  const view = button(t('view'), 'view', async () => showText(s.file, await ruleText(s.file)));
  const excel = el('a', { href: `/api/rules/export?file=${encodeURIComponent(s.file)}`, download: '',
    className: 'action-excel' }, t('excel'));
  const actions = [view, ' ', excel];
  if (may('editor')) {
    actions.push(' ', button(t('edit-draft'), 'edit-draft', () => editDraft(s.file)));
    actions.push(' ', button(t('replay'), 'replay', async () => {
      const name = s.file.replace(/^rules\//, '');
      const report = await request('POST', '/api/rules/replay', { name, rules: await ruleText(s.file), days: 7 });
      showText(t('replay-of', { file: s.file }), JSON.stringify(report, null, 2));
    }));
  }
  if (next && may('approver')) {
    actions.push(' ', button(t(`promote.${next}`), 'promote',
      () => request('POST', '/api/rules/stage', { file: s.file, stage: next })));
  }
  cell(tr, ...actions);
  return tr;
}

/** Opens the draft of `file` (or its active text when it has none) with save, replay, promote and discard. */
async function editDraft(file) {
  const both = await request('GET', `/api/rules/draft?file=${encodeURIComponent(file)}`);
  $('draft-heading').textContent = t('draft-of', { file });
  $('draft-text').value = both.draft ?? both.active ?? '';
  const name = file.replace(/^rules\//, '');
  const text = () => $('draft-text').value;
  const actions = [
    button(t('save-draft'), 'save-draft', () => request('PUT', '/api/rules/draft', { file, text: text() })),
    ' ',
    button(t('replay-draft'), 'replay-draft', async () => {
      const report = await request('POST', '/api/rules/replay', { name, rules: text(), days: 7 });
      showText(t('replay-of', { file }), JSON.stringify(report, null, 2));
    }),
    ' ',
    button(t('discard-draft'), 'discard-draft', () => request('DELETE', `/api/rules/draft?file=${encodeURIComponent(file)}`)),
  ];
  if (may('approver')) {
    actions.push(' ', button(t('promote-draft'), 'promote-draft',
      () => request('POST', '/api/rules/draft/promote', { file })));
  }
  $('draft-actions').replaceChildren(...actions);
  $('draft').hidden = false;
}

function hitRow(r) {
  const tr = el('tr', { dataset: { rule: r.rule } });
  cell(tr, el('span', { translate: false }, r.rule));
  for (const n of [r.hits, r.runs, r.ok, r.failed]) cell(tr, String(n));
  return tr;
}

const SVG = 'http://www.w3.org/2000/svg';

function svg(name, attrs) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

/** Bars per hour: events (behind) and the actions among them (in front); the hour and counts in each bar's title. */
function chart(buckets) {
  const width = 720;
  const height = 120;
  const top = Math.max(1, ...buckets.map((b) => b.events));
  const step = width / Math.max(24, buckets.length);
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'activity',
    'aria-label': t('chart-label', { events: buckets.reduce((n, b) => n + b.events, 0),
      actions: buckets.reduce((n, b) => n + b.actions, 0) }) });
  buckets.forEach((b, i) => {
    for (const [kind, n] of [['events', b.events], ['actions', b.actions]]) {
      const h = Math.round((n / top) * (height - 4));
      const bar = svg('rect', { x: i * step + 1, y: height - h, width: Math.max(1, step - 2), height: h,
        class: `bar-${kind}` });
      const title = svg('title', {});
      title.textContent = t('bar', { at: b.at, events: b.events, actions: b.actions });
      bar.append(title);
      root.append(bar);
    }
  });
  $('activity-chart').replaceChildren(root);
}

function filters() {
  const form = $('filters');
  return Object.fromEntries(['source', 'status', 'decision', 'rule'].map((k) => [k, form.elements[k].value.trim()]));
}

function matches(e, f) {
  return (!f.source || e.source === f.source) && (!f.status || e.status === f.status)
    && (!f.decision || e.decision === f.decision) && (!f.rule || (e.rule || '').includes(f.rule));
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

let recentEvents = [];

function showRecent() {
  const f = filters();
  fill('recent', recentEvents.filter((e) => matches(e, f)), recentRow);
}

async function refreshRecent() {
  recentEvents = (await request('GET', '/api/events')).events;
  showRecent();
}

async function load() {
  try {
    const from = new Date(Date.now() - 24 * 3600 * 1000).toISOString();
    const [unhandled, recent, stages, rules, stats] = await Promise.all([
      request('GET', '/api/events/unhandled'), request('GET', '/api/events'),
      request('GET', '/api/rules/stages'), request('GET', '/api/rules'),
      request('GET', `/api/events/stats?bucket=hour&from=${encodeURIComponent(from)}`)]);
    fill('unhandled', unhandled.events, unhandledRow);
    fill('held', recent.events.filter((e) => e.decision === 'held'), heldRow);
    fill('stages', ruleSets(stages.stages, rules.rules), stageRow);
    fill('hits', stats.rules, hitRow);
    chart(stats.buckets);
    recentEvents = recent.events;
    showRecent();
  } catch (e) {
    showMessage($('events-message'), t('failed', { message: e.message }), 'error');
  }
}

$('filters').addEventListener('input', showRecent);
$('filters').addEventListener('submit', (e) => e.preventDefault());
setInterval(() => {
  if ($('filters').elements.live.checked && !document.hidden) refreshRecent().catch(() => {});
}, 5000);

$('import-file').addEventListener('change', async () => {
  const file = $('import-file').files[0];
  if (!file) return;
  try {
    const done = await request('POST', '/api/rules/import', await file.arrayBuffer(),
      { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    showMessage($('events-message'), t('imported', { files: Object.keys(done.files || {}).join(', ') }));
  } catch (e) {
    const problems = (e.body && e.body.problems) || [];
    showMessage($('events-message'), t('failed', { message: e.message }), 'error');
    if (problems.length) showText(t('problems'), problems.map((p) => JSON.stringify(p)).join('\n'));
  }
  $('import-file').value = '';
  await load();
});

currentUser().then((me) => {
  roles = me.roles || [];
  $('import-rules').hidden = !may('editor');
  return load();
});
