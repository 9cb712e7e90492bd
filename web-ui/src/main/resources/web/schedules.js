// The schedules and events page: lists from GET /api/schedules, GET /api/rules and GET /api/events, and the
// dry-run box (POST /api/events/dry-run). Everything is written with textContent, so labels from alerts cannot inject markup.

import { me } from './api.js';

let csrfToken = null;

async function call(method, path, body) {
  const init = { method, headers: { Accept: 'application/json' }, credentials: 'same-origin' };
  if (method !== 'GET') {
    // a signed-in browser's state change is refused without the session's CSRF token (GET /api/me has it)
    if (csrfToken === null) csrfToken = (await me()).csrfToken;
    init.headers['X-CSRF-Token'] = csrfToken;
  }
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = body;
  }
  const response = await fetch(path, init);
  const json = await response.json().catch(() => null);
  if (!response.ok) throw new Error((json && json.error) || `${response.status} ${response.statusText}`);
  return json;
}

function cell(row, text, title) {
  const td = document.createElement('td');
  td.textContent = text == null ? '' : String(text);
  if (title) td.title = title;
  row.appendChild(td);
  return td;
}

function when(instant) {
  return instant ? new Date(instant).toLocaleString() : '—';
}

function evidenceLink(td, runId) {
  if (!runId) return;
  const a = document.createElement('a');
  a.href = `/api/runs/${encodeURIComponent(runId)}`;
  a.textContent = runId;
  td.appendChild(document.createTextNode(' '));
  td.appendChild(a);
}

// A schedule or an alert rule runs only once a user allowed to run it activated it (a schedule made through the
// API, by its creator); a later change of its files suspends it until somebody activates it again.
const SCHEDULES = { api: '/api/schedules', status: 'schedules-status', reload: () => loadSchedules() };
const RULES = { api: '/api/rules', status: 'rules-status', reload: () => loadRules() };

function activation(td, s, kind) {
  const since = s.stateSince ? ` since ${when(s.stateSince)}` : '';
  if (s.state === 'active') td.textContent = `active by ${s.activatedBy}${since} `;
  else if (s.state === 'suspended') td.textContent = `suspended${since}: ${s.stateReason || ''} `;
  else td.textContent = `inactive: ${s.stateReason || ''} `;
  td.className = `activation-${s.state}`;
  const button = document.createElement('button');
  button.type = 'button';
  const on = s.state !== 'active';
  button.textContent = on ? 'Activate' : 'Deactivate';
  button.addEventListener('click', async () => {
    try {
      const path = s.id.split('/').map(encodeURIComponent).join('/');
      await call('POST', `${kind.api}/${path}/${on ? 'activate' : 'deactivate'}`);
    } catch (e) {
      document.getElementById(kind.status).textContent = `Cannot ${button.textContent.toLowerCase()} ${s.id}: ${e.message}`;
      return;
    }
    kind.reload();
  });
  td.appendChild(button);
}

async function loadSchedules() {
  const status = document.getElementById('schedules-status');
  const body = document.querySelector('#schedules tbody');
  try {
    const { schedules } = await call('GET', '/api/schedules');
    body.replaceChildren();
    for (const s of schedules) {
      const tr = document.createElement('tr');
      cell(tr, s.id, s.origin === 'file' ? 'declared in the file\'s front matter' : 'created through the API');
      cell(tr, s.target);
      cell(tr, s.cron);
      cell(tr, s.timezone);
      cell(tr, s.misfire);
      cell(tr, when(s.nextRun));
      cell(tr, s.lastRun ? when(s.lastRun.fireTime) : 'never');
      const st = cell(tr, s.running ? 'running' : s.lastRun ? s.lastRun.status : '', s.lastRun && s.lastRun.message);
      st.className = `status-${st.textContent}`;
      if (s.lastRun) evidenceLink(st, s.lastRun.runId);
      activation(cell(tr, ''), s, SCHEDULES);
      body.appendChild(tr);
    }
    status.textContent = schedules.length ? '' : 'No schedules. Add schedule: "0 3 * * MON" to a runbook\'s front matter.';
  } catch (e) {
    status.textContent = `Cannot load schedules: ${e.message}`;
  }
}

async function loadRules() {
  const status = document.getElementById('rules-status');
  const body = document.querySelector('#rules tbody');
  try {
    const { rules, ruleProblems } = await call('GET', '/api/rules');
    body.replaceChildren();
    for (const r of rules) {
      const tr = document.createElement('tr');
      cell(tr, r.id);
      cell(tr, r.target);
      activation(cell(tr, ''), r, RULES);
      body.appendChild(tr);
    }
    const none = rules.length ? '' : 'No rules. Add rules/*.yaml to the runbooks folder.';
    status.textContent = ruleProblems.length ? `Problems in the rules files: ${ruleProblems.join('; ')}` : none;
  } catch (e) {
    status.textContent = `Cannot load rules: ${e.message}`;
  }
}

async function loadEvents() {
  const status = document.getElementById('events-status');
  const body = document.querySelector('#events tbody');
  try {
    const { events } = await call('GET', '/api/events');
    body.replaceChildren();
    for (const e of events) {
      const tr = document.createElement('tr');
      cell(tr, e.id);
      cell(tr, when(e.receivedAt));
      cell(tr, e.status);
      cell(tr, Object.entries(e.labels || {}).map(([k, v]) => `${k}=${v}`).join(' '));
      cell(tr, e.decision, e.reason);
      cell(tr, e.rule ? `${e.rule} → ${e.target || ''}` : '');
      cell(tr, e.attempts);
      const result = cell(tr, e.runStatus || (e.decision === 'run' ? 'running' : e.reason), e.runMessage);
      evidenceLink(result, e.runId);
      body.appendChild(tr);
    }
    status.textContent = events.length ? '' : 'No events received yet.';
  } catch (e) {
    status.textContent = `Cannot load events: ${e.message}`;
  }
}

async function dryRun() {
  const out = document.getElementById('dry-run-result');
  const text = document.getElementById('dry-run-payload').value;
  try {
    const answer = await call('POST', '/api/events/dry-run', text);
    const lines = answer.events.map((e, i) => {
      const labels = Object.entries(e.labels || {}).map(([k, v]) => `${k}=${v}`).join(' ');
      const head = `event ${i + 1} (${e.status} ${labels}): ${e.decision}`;
      if (e.decision === 'run') return `${head}\n  rule ${e.rule}\n  would run ${e.target} with ${JSON.stringify(e.params)}`;
      return `${head}${e.rule ? `\n  rule ${e.rule}` : ''}\n  ${e.reason || ''}`;
    });
    if (answer.ruleProblems.length) lines.push('', 'problems in the rules files:', ...answer.ruleProblems);
    out.textContent = lines.join('\n');
  } catch (e) {
    out.textContent = `refused: ${e.message}`;
  }
}

document.getElementById('dry-run-button').addEventListener('click', dryRun);
loadSchedules();
loadRules();
loadEvents();
setInterval(() => { loadSchedules(); loadRules(); loadEvents(); }, 5000);
