// The runbook's history in the notebook: its commits on every branch (author, time, message, from
// GET /api/runbooks/NAME/history) and the cell-aware diff between any two versions or the file as it is now
// (GET …/diff?from=A&to=B): which cells were added, removed or changed, each with its line diff. Read-only; the
// panel is drawn when first opened; a runbook with no commit (no Git repository) says so.

import { el } from '../lib/dom.js';
import { request } from '../lib/http.js';
import { formatTime, t } from '../lib/i18n.js';

const DISK = 'disk';

function picker(name, commits, chosen) {
  return el('select', { name, ariaLabel: t(`history.${name}`) },
    el('option', { value: DISK, selected: chosen === DISK }, t('history.disk')),
    ...commits.map((c) => el('option', { value: c.id, selected: chosen === c.id },
      `${c.id.slice(0, 8)} · ${c.author} · ${c.message.split('\n')[0]}`)));
}

function commitRow(c) {
  return el('li', { className: 'history-commit', dataset: { commit: c.id } },
    el('code', null, c.id.slice(0, 8)), ' ', el('strong', null, c.author), ' ',
    el('time', { dateTime: c.time }, formatTime(c.time)), ' ', c.message.split('\n')[0]);
}

function diffView(diff) {
  if (diff.parts.length === 0) return el('p', 'muted', t('history.same'));
  return el('div', 'history-diff', ...diff.parts.map((p) => el('section', { className: 'diff-part', dataset: { key: p.key, kind: p.kind.toLowerCase() } },
    el('h3', null, `${p.key} — ${t(`history.${p.kind.toLowerCase()}`)}`),
    el('pre', null, ...p.lines.map((l) => el('span', { className: l[0] === '+' ? 'diff-add' : l[0] === '-' ? 'diff-del' : 'diff-same' }, `${l}\n`))))));
}

async function draw(name, body) {
  const commits = await request('GET', `/api/runbooks/${encodeURI(name)}/history`);
  const from = picker('from', commits, commits[0]?.id ?? DISK);
  const to = picker('to', commits, DISK);
  const out = el('div', 'history-out', '');
  const show = el('button', { type: 'button', className: 'history-show' }, t('history.show'));
  show.addEventListener('click', async () => {
    try {
      const q = new URLSearchParams({ from: from.value, to: to.value });
      out.replaceChildren(diffView(await request('GET', `/api/runbooks/${encodeURI(name)}/diff?${q}`)));
    } catch (err) {
      out.replaceChildren(el('p', { className: 'error', role: 'alert' }, err.message));
    }
  });
  body.replaceChildren(
    commits.length === 0 ? el('p', 'muted', t('history.none')) : el('ol', 'history-commits', ...commits.map(commitRow)),
    el('p', 'history-pick', from, ' → ', to, ' ', show), out);
}

function main() {
  const name = new URLSearchParams(window.location.search).get('runbook');
  const cells = document.getElementById('cells');
  if (!name || !cells) return;
  const body = el('div', 'history-body');
  const panel = el('details', { id: 'history', className: 'runbook-history' }, el('summary', null, t('history.title')), body);
  let drawn = false;
  panel.addEventListener('toggle', () => {
    if (!panel.open || drawn) return;
    drawn = true;
    draw(name, body).catch((err) => body.replaceChildren(el('p', { className: 'error', role: 'alert' }, err.message)));
  });
  cells.before(panel);
}

main();
