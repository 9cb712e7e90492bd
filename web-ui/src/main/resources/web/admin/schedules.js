// The schedules and events page: lists from GET /api/schedules, GET /api/rules and GET /api/events, and the
// dry-run box (POST /api/events/dry-run). Everything is written with textContent, so labels from alerts cannot inject markup.

import { request } from '../lib/http.js';
import { el } from '../lib/dom.js';
import '../lib/i18n.js'; // translates the page's HTML before this script fills it
import { cronInWords } from './cron-words.js';

function cell(row, text, title) {
  return row.appendChild(el('td', { title: title || undefined }, text == null ? '' : String(text)));
}

function when(instant) {
  return instant ? new Date(instant).toLocaleString() : '—';
}

function evidenceLink(td, runId) {
  if (!runId) return;
  td.append(' ', el('a', { href: `run.html?id=${encodeURIComponent(runId)}` }, runId));
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
  const on = s.state !== 'active';
  const button = el('button', { type: 'button' }, on ? 'Activate' : 'Deactivate');
  button.addEventListener('click', async () => {
    try {
      const path = s.id.split('/').map(encodeURIComponent).join('/');
      await request('POST', `${kind.api}/${path}/${on ? 'activate' : 'deactivate'}`);
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
    const { schedules } = await request('GET', '/api/schedules');
    body.replaceChildren();
    for (const s of schedules) {
      const tr = el('tr');
      cell(tr, s.id, s.origin === 'file' ? 'declared in the file\'s front matter' : 'created through the API');
      cell(tr, s.target);
      const words = cronInWords(s.cron, s.timezone);
      const cron = cell(tr, s.cron, words);
      if (words) cron.append(el('div', 'cron-words', words));
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
    const { rules, ruleProblems } = await request('GET', '/api/rules');
    body.replaceChildren();
    for (const r of rules) {
      const tr = el('tr');
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
    const { events } = await request('GET', '/api/events');
    body.replaceChildren();
    for (const e of events) {
      const tr = el('tr');
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
  // the payload goes as the user typed it (JSON already), not as a JSON string of it
  const text = document.getElementById('dry-run-payload').value;
  try {
    const answer = await request('POST', '/api/events/dry-run', text, { contentType: 'application/json' });
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
