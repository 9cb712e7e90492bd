// The schedules page: the schedules from GET /api/schedules with what a user may do to each (add, edit and delete
// for admins; activate, pause, resume and run now for operators allowed to run it; the server checks every one),
// then the alert rules and events (alert-rules.js). Everything is written with textContent, so names from files
// cannot inject markup.

import { currentUser, request } from '../lib/http.js';
import { el } from '../lib/dom.js';
import { statusText, t } from '../lib/i18n.js';
import { gate, holds } from '../notebook/roles.js';
import { cronInWords } from './cron-words.js';
import { activation } from './activation.js';
import { cell, runLink, when } from './table-cells.js';
import { openScheduleForm } from './schedule-form.js';
import { startRuleLists } from './alert-rules.js';

const me = await currentUser();
const roles = me.roles || [];

const status = document.getElementById('schedules-status');
const SCHEDULES = { api: '/api/schedules', status: 'schedules-status', reload: () => loadSchedules(), pause: true };

function button(label, className, role, onClick) {
  const b = el('button', { type: 'button', className }, label);
  if (!gate(b, holds(roles, role) ? null : role)) b.addEventListener('click', onClick);
  return b;
}

async function targets() {
  const names = [];
  for (const api of ['/api/runbooks', '/api/flows']) {
    try {
      const answer = await request('GET', api);
      for (const r of Array.isArray(answer) ? answer : answer.flows || []) names.push(r.name);
    } catch { /* the list is a help for typing; the server checks the name */ }
  }
  return names.filter(Boolean);
}

/** Run now, through the schedule's own route (audited as the schedule's run-now): a runbook's run or a flow's instance. */
async function runNow(s) {
  try {
    const started = await request('POST', `/api/schedules/${s.id.split('/').map(encodeURIComponent).join('/')}/run`);
    status.replaceChildren(t('run-now-started', { target: s.target }), ' ');
    if (started.runId) runLink(status, started.runId);
    else if (started.instanceId) {
      const href = `flow.html?name=${encodeURIComponent(s.target)}&instance=${encodeURIComponent(started.instanceId)}`;
      status.append(el('a', { href, translate: false }, started.instanceId));
    }
  } catch (e) {
    status.textContent = t('cannot-run', { id: s.id, error: e.message });
  }
  loadSchedules();
}

function actions(td, s) {
  const bar = el('span', 'schedule-actions');
  bar.append(button(t('run-now'), 'schedule-run-now', 'operator', () => runNow(s)));
  if (s.origin === 'api') {
    bar.append(button(t('edit'), 'schedule-edit', 'admin', async () => openScheduleForm(s, await targets(), loadSchedules)));
    bar.append(button(t('delete'), 'schedule-delete', 'admin', async () => {
      if (!window.confirm(t('delete-confirm', { id: s.id }))) return;
      try {
        await request('DELETE', `/api/schedules/${encodeURIComponent(s.id)}`);
      } catch (e) {
        status.textContent = t('cannot-change', { id: s.id, error: e.message });
      }
      loadSchedules();
    }));
  } else {
    // a schedule in a file is changed in the file (reviewed in Git): the notebook's front matter editor
    bar.append(el('a', { className: 'schedule-edit-file', href: `notebook.html?runbook=${encodeURIComponent(s.target)}` },
      t('edit-in-file')));
  }
  td.append(bar);
}

async function loadSchedules() {
  const body = document.querySelector('#schedules tbody');
  try {
    const { schedules } = await request('GET', '/api/schedules');
    body.replaceChildren();
    for (const s of schedules) {
      const tr = el('tr', { dataset: { id: s.id } });
      const id = cell(tr, s.id, s.origin === 'file' ? t('declared-in-file') : t('created-through-api'));
      id.translate = false;
      cell(tr, s.target).translate = false;
      const words = cronInWords(s.cron, s.timezone);
      const cron = cell(tr, s.cron, words);
      cron.translate = false;
      if (words) cron.append(el('div', 'cron-words', words));
      cell(tr, s.timezone).translate = false;
      cell(tr, s.misfire === 'run-once' ? t('form.misfire-run-once') : t('form.misfire-skip'));
      cell(tr, when(s.nextRun));
      cell(tr, s.lastRun ? when(s.lastRun.fireTime) : t('never'));
      const word = s.running ? 'running' : s.lastRun ? s.lastRun.status : '';
      const st = cell(tr, statusText(word), s.lastRun && s.lastRun.message);
      st.className = `status-${word}`;
      if (s.lastRun) runLink(st, s.lastRun.runId);
      activation(cell(tr, ''), s, SCHEDULES, roles);
      actions(cell(tr, ''), s);
      body.appendChild(tr);
    }
    if (!status.querySelector('a')) status.textContent = schedules.length ? '' : t('no-schedules');
  } catch (e) {
    status.textContent = t('cannot-load-schedules', { error: e.message });
  }
}

document.getElementById('schedules-toolbar').append(
  button(t('add-schedule'), 'schedule-add', 'admin', async () => openScheduleForm(null, await targets(), loadSchedules)));
loadSchedules();
startRuleLists(roles);
setInterval(loadSchedules, 5000);
