// The Git remote page: the runbooks repository's remote (GET /api/git), Pull and Push for admins (POST /api/git/pull,
// /api/git/push), each changed file's latest check and the recent pulls and pushes. A conflict lists its files; what
// the server sends is written with textContent.
import { currentUser, getJson, request } from '../lib/http.js';
import { el } from '../lib/dom.js';
import { t, timeElement } from '../lib/i18n.js';

const status = document.getElementById('git-status');
const conflicts = document.getElementById('git-conflicts');

async function load() {
  const state = await getJson('/api/git');
  document.getElementById('git-remote').textContent = state.configured
    ? t('remote', { url: state.url, branch: state.branch })
    : t('no-remote');
  document.getElementById('git-files').replaceChildren(...state.files.map((f) => el('tr',
    { translate: false, className: f.ok ? 'check-ok' : 'check-failed' },
    el('td', {}, f.path), el('td', {}, f.ok ? t('ok') : t('failed')), el('td', {}, f.problems.join('\n')),
    el('td', {}, (f.commit || '').slice(0, 10)), el('td', {}, timeElement(f.at)))));
  document.getElementById('git-recent').replaceChildren(...state.recent.map((r) => el('tr',
    { translate: false, className: `git-${r.outcome}` },
    el('td', {}, timeElement(r.at)), el('td', {}, r.action), el('td', {}, r.by), el('td', {}, r.outcome),
    el('td', {}, r.message))));
  const user = await currentUser();
  document.getElementById('git-actions').hidden = !state.configured || !user.roles.includes('admin');
}

async function act(action) {
  status.textContent = t(action === 'pull' ? 'pulling' : 'pushing');
  conflicts.replaceChildren();
  try {
    const r = await request('POST', `/api/git/${action}`);
    status.textContent = r.message;
  } catch (e) {
    status.textContent = e.message;
    const problems = e.body && Array.isArray(e.body.problems) ? e.body.problems : [];
    conflicts.replaceChildren(...problems.map((p) => el('li', {}, p)));
  }
  load().catch((err) => { status.textContent = err.message; });
}

document.getElementById('git-pull').addEventListener('click', () => act('pull'));
document.getElementById('git-push').addEventListener('click', () => act('push'));
load().catch((err) => { status.textContent = err.message; });
