// The schedules page's lower half: alert rules from GET /api/rules (activated as schedules are), the events from
// GET /api/events, and the dry-run box (POST /api/events/dry-run). Labels come from alerts: written as text, and
// marked translate="no" since they are recorded data, not UI text.

import { request } from '../lib/http.js';
import { el } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { activation } from './activation.js';
import { cell, runLink, when } from './table-cells.js';

let roles = [];
const RULES = { api: '/api/rules', status: 'rules-status', reload: () => loadRules(), pause: false };

function labelsOf(e) {
  return Object.entries(e.labels || {}).map(([k, v]) => `${k}=${v}`).join(' ');
}

async function loadRules() {
  const status = document.getElementById('rules-status');
  const body = document.querySelector('#rules tbody');
  try {
    const { rules, ruleProblems } = await request('GET', '/api/rules');
    body.replaceChildren();
    for (const r of rules) {
      const tr = el('tr');
      cell(tr, r.id).translate = false;
      cell(tr, r.target).translate = false;
      activation(cell(tr, ''), r, RULES, roles);
      body.appendChild(tr);
    }
    const none = rules.length ? '' : t('no-rules');
    status.textContent = ruleProblems.length ? t('rule-problems', { problems: ruleProblems.join('; ') }) : none;
  } catch (e) {
    status.textContent = t('cannot-load-rules', { error: e.message });
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
      cell(tr, e.status).translate = false;
      cell(tr, labelsOf(e)).translate = false;
      cell(tr, e.decision, e.reason).translate = false;
      cell(tr, e.rule ? `${e.rule} → ${e.target || ''}` : '').translate = false;
      cell(tr, e.attempts);
      const result = cell(tr, e.runStatus || (e.decision === 'run' ? 'running' : e.reason), e.runMessage);
      result.translate = false;
      runLink(result, e.runId);
      body.appendChild(tr);
    }
    status.textContent = events.length ? '' : t('no-events');
  } catch (e) {
    status.textContent = t('cannot-load-events', { error: e.message });
  }
}

async function dryRun() {
  const out = document.getElementById('dry-run-result');
  // the payload goes as the user typed it (JSON already), not as a JSON string of it
  const text = document.getElementById('dry-run-payload').value;
  try {
    const answer = await request('POST', '/api/events/dry-run', text, { contentType: 'application/json' });
    const lines = answer.events.map((e, i) => {
      const head = t('dry.event', { n: i + 1, status: e.status, labels: labelsOf(e), decision: e.decision });
      const rule = e.rule ? `\n  ${t('dry.rule', { rule: e.rule })}` : '';
      if (e.decision === 'run') {
        return `${head}${rule}\n  ${t('dry.would-run', { target: e.target, params: JSON.stringify(e.params) })}`;
      }
      return `${head}${rule}\n  ${e.reason || ''}`;
    });
    if (answer.ruleProblems.length) lines.push('', t('dry.problems'), ...answer.ruleProblems);
    out.textContent = lines.join('\n');
  } catch (e) {
    out.textContent = t('dry.refused', { error: e.message });
  }
}

/** Fills the rules and events and keeps them fresh; `userRoles` gate the buttons. */
export function startRuleLists(userRoles) {
  roles = userRoles;
  document.getElementById('dry-run-button').addEventListener('click', dryRun);
  loadRules();
  loadEvents();
  setInterval(() => { loadRules(); loadEvents(); }, 5000);
}
