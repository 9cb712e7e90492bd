// A run's legal hold on its page (issue 23 §6): whether the run is held (so no prune removes its output), by whom,
// when and why; an admin places a hold with a reason or lifts it here, through /api/evidence/holds, which audits both.
import { currentUser, getJson, request } from '../lib/http.js';
import { el } from '../lib/dom.js';
import { t, timeElement } from '../lib/i18n.js';

const $ = (id) => document.getElementById(id);

async function act(method, path, body, runId) {
  try {
    await request(method, path, body);
    await showHold(runId);
  } catch (e) {
    $('run-hold-result').textContent = e.message;
  }
}

function controls(hold, runId) {
  if (hold) {
    const lift = el('button', { type: 'button', id: 'run-hold-release' }, t('hold-release'));
    lift.addEventListener('click', () =>
      act('DELETE', `/api/evidence/holds/${encodeURIComponent(runId)}?kind=run`, undefined, runId));
    return [' ', lift];
  }
  const reason = el('input', { type: 'text', id: 'run-hold-reason', placeholder: t('hold-reason') });
  reason.setAttribute('aria-label', t('hold-reason'));
  const place = el('button', { type: 'button', id: 'run-hold-place' }, t('hold-place'));
  place.addEventListener('click', () =>
    act('POST', '/api/evidence/holds', { kind: 'run', id: runId, reason: reason.value.trim() }, runId));
  return [' ', reason, ' ', place];
}

/** Shows run `runId`'s legal hold, with the admin's controls. */
export async function showHold(runId) {
  const [answer, user] = await Promise.all([getJson('/api/evidence/holds'), currentUser()]);
  const hold = (answer.holds || []).find((h) => h.kind === 'run' && h.id === runId);
  const said = hold
    ? [el('span', { id: 'run-hold-state', className: 'held' }, t('held-by', { user: hold.heldBy || '—' })), ' ',
      timeElement(hold.heldAt), hold.reason ? ` — ${hold.reason}` : '']
    : [el('span', { id: 'run-hold-state' }, t('not-held'))];
  const admin = (user.roles || []).includes('admin');
  $('run-hold').replaceChildren(...said, ...(admin ? controls(hold, runId) : []));
  $('run-hold-result').textContent = '';
}
