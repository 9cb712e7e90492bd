// The runbook's history in the notebook: its commits on every branch (author, time, message, from
// GET /api/runbooks/NAME/history) and the cell-aware diff between any two versions or the file as it is now
// (GET …/diff?from=A&to=B): which cells were added, removed or changed, each with its line diff, and for a code cell
// its evidence lined up across versions (GET …/cell-versions?cell=ID: the code and output of the newest run of each
// version of the file); and, for approvers, the four-eyes merge of the reviewed branch tip into the release branch.
// The panel is drawn when first opened; a runbook with no commit says so.

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

/** One version of a cell as its newest run of that version recorded it: the code as it ran and its output. */
function versionRow(v) {
  const outputs = Object.entries(v.outputs || {});
  return el('tr', { className: 'cell-version', dataset: { sha: v.sha256, run: v.runId } },
    el('td', null, el('code', null, (v.gitCommit || '').slice(0, 8) || '—'), v.modified ? ` ${t('history.modified')}` : '',
      el('br'), el('small', 'muted', `sha256 ${v.sha256.slice(0, 12)}`)),
    el('td', null, el('a', { href: `run.html?run=${encodeURIComponent(v.runId)}` }, v.runId), el('br'),
      el('time', { dateTime: v.startedAt }, formatTime(v.startedAt)),
      v.runs > 1 ? el('small', 'muted', ` ${t('history.runs', { count: v.runs })}`) : ''),
    el('td', { className: `status-${String(v.status).toLowerCase()}` }, String(v.status)),
    el('td', null, el('pre', 'cell-version-input', v.input)),
    el('td', null, ...(v.pruned ? [el('em', 'muted', t('history.pruned'))]
      : outputs.length === 0 ? [el('em', 'muted', t('history.no-output'))]
        : outputs.map(([file, text]) => el('div', null, el('small', 'muted', file), el('pre', 'cell-version-output', text))))));
}

/** The cell's evidence lined up across the runbook's versions (GET …/cell-versions?cell=ID), newest first. */
async function versionsOf(name, cellId) {
  const q = new URLSearchParams({ cell: cellId });
  const lined = await request('GET', `/api/runbooks/${encodeURI(name)}/cell-versions?${q}`);
  if (lined.versions.length === 0) return el('p', 'muted', t('history.never-ran'));
  return el('table', 'result-table cell-versions',
    el('thead', null, el('tr', null, ...['version', 'run', 'status', 'input', 'output'].map((k) => el('th', null, t(`history.col-${k}`))))),
    el('tbody', null, ...lined.versions.map(versionRow)));
}

function versionsButton(name, cellId) {
  const out = el('div', 'cell-versions-out', '');
  const button = el('button', { type: 'button', className: 'cell-versions-show' }, t('history.versions'));
  button.addEventListener('click', async () => {
    try {
      out.replaceChildren(await versionsOf(name, cellId));
    } catch (err) {
      out.replaceChildren(el('p', { className: 'error', role: 'alert' }, err.message));
    }
  });
  return el('div', null, button, out);
}

function diffView(diff, name) {
  if (diff.parts.length === 0) return el('p', 'muted', t('history.same'));
  return el('div', 'history-diff', ...diff.parts.map((p) => el('section', { className: 'diff-part', dataset: { key: p.key, kind: p.kind.toLowerCase() } },
    el('h3', null, `${p.key} — ${t(`history.${p.kind.toLowerCase()}`)}`),
    el('pre', null, ...p.lines.map((l) => el('span', { className: l[0] === '+' ? 'diff-add' : l[0] === '-' ? 'diff-del' : 'diff-same' }, `${l}\n`))),
    p.language ? versionsButton(name, p.key) : '')));
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
      out.replaceChildren(diffView(await request('GET', `/api/runbooks/${encodeURI(name)}/diff?${q}`), name));
    } catch (err) {
      out.replaceChildren(el('p', { className: 'error', role: 'alert' }, err.message));
    }
  });
  body.replaceChildren(
    commits.length === 0 ? el('p', 'muted', t('history.none')) : el('ol', 'history-commits', ...commits.map(commitRow)),
    el('p', 'history-pick', from, ' → ', to, ' ', show), out, mergeForm(name, to));
}

/**
 * The four-eyes merge (approvers; POST …/merge): the commit chosen as the newer version is the branch tip the
 * approver reviewed in the diff above; the server refuses it when the branch moved since, when the approver wrote part
 * of the change, or when the file on disk has edits on neither branch, and says which.
 */
function mergeForm(name, to) {
  const branch = el('input', { name: 'branch', placeholder: 'tejun/alice', ariaLabel: t('history.merge-branch') });
  const said = el('p', { className: 'history-merge-said', role: 'status' }, '');
  const button = el('button', { type: 'submit', className: 'history-merge' }, t('history.merge'));
  const form = el('form', 'history-merge-form',
    el('label', null, t('history.merge-branch'), ' ', branch), ' ', button, said);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (to.value === DISK) {
      said.replaceChildren(el('span', 'error', t('history.merge-pick')));
      return;
    }
    try {
      const merged = await request('POST', `/api/runbooks/${encodeURI(name)}/merge`,
        { branch: branch.value.trim(), commit: to.value });
      said.replaceChildren(t('history.merged', { branch: merged.branch, commit: merged.commit.slice(0, 8) }));
    } catch (err) {
      said.replaceChildren(el('span', { className: 'error', role: 'alert' }, err.message));
    }
  });
  return el('details', 'history-merge-box', el('summary', null, t('history.merge-title')),
    el('p', 'muted', t('history.merge-help')), form);
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
