// One run's page (run.html?id=RUN): who ran which runbook at which commit with which params, through what, when and
// how long, its status, its cells with links to their full output, the downloads, and the HTML report inline (in a
// sandboxed frame: no script of it runs). Everything is addressed by run id, never by a path on the server's disk.
import { getJson, getText, RUN_ID } from '../lib/http.js';
import { el } from '../lib/dom.js';
import { formatDuration, lang, statusText, t, timeElement } from '../lib/i18n.js';
import { linkPrevious, showActions } from './run-actions.js';
import { showHold } from './run-hold.js';

const $ = (id) => document.getElementById(id);
const runId = new URLSearchParams(location.search).get('id') || '';
const base = `/api/runs/${encodeURIComponent(runId)}`;

function fact(label, ...value) {
  return [el('dt', {}, label), el('dd', {}, ...value)];
}

function duration(run) {
  if (!run.startedAt || !run.finishedAt) return '';
  return formatDuration(new Date(run.finishedAt) - new Date(run.startedAt));
}

function outputLinks(c) {
  // the paged viewer: a large output is read a page at a time, never in one answer
  const page = (stream) => `output.html?${new URLSearchParams({ run: runId, cell: c.cellId, stream })}`;
  return el('td', {}, el('a', { href: page('stdout') }, 'stdout'), ' · ', el('a', { href: page('stderr') }, 'stderr'));
}

async function show() {
  if (!RUN_ID.test(runId)) throw new Error(t('no-run'));
  $('run-id').textContent = runId;
  $('run-report').href = `${base}/report.html?lang=${lang}`;
  $('run-report-md').href = `${base}/report.md?lang=${lang}`;
  $('run-report-pdf').href = `${base}/report.pdf`;
  $('run-notebook').href = `${base}/notebook.ipynb`;
  $('run-zip').href = `${base}/evidence.zip`;
  const run = await getJson(base);
  document.title = `${t('heading')} ${runId} — Tejun 手順`;
  $('run-status').textContent = statusText(run.status);
  $('run-status').dataset.status = String(run.status || '').toLowerCase();
  const params = Object.entries(run.params || {});
  $('run-facts').replaceChildren(
    ...fact(t('runbook'), el('a', { href: `notebook.html?runbook=${encodeURIComponent(run.runbook)}` }, run.runbook)),
    ...fact(t('commit'), el('code', {}, run.gitCommit ? run.gitCommit.slice(0, 12) : t('no-commit')),
      run.gitModified ? ` ${t('modified')}` : ''),
    ...fact(t('params'), params.length
      ? el('ul', 'run-params', ...params.map(([k, v]) => el('li', {}, el('code', {}, `${k}=${v}`)))) : '—'),
    ...fact(t('user'), run.user || '—'),
    ...fact(t('via'), run.via || '—'),
    ...fact(t('started'), timeElement(run.startedAt)),
    ...fact(t('finished'), run.finishedAt ? timeElement(run.finishedAt) : t('still-running')),
    ...fact(t('duration'), duration(run) || '—'));
  $('run-cells').replaceChildren(...(run.cells || []).map((c) => el('tr', {},
    el('td', {}, el('code', {}, c.cellId)), el('td', {}, statusText(c.status)), el('td', {}, c.exitCode ?? ''),
    el('td', {}, c.durationMillis != null ? formatDuration(c.durationMillis) : ''), outputLinks(c))));
  showActions(run);
  showHold(runId).catch((e) => {
    $('run-hold-result').textContent = e.message;
  });
  linkPrevious(run).catch(() => {}); // no earlier run to compare with, or the list cannot be read: no link
  $('run-report-frame').srcdoc = await getText(`${base}/report.html?lang=${lang}`); // in the page's language
}

$('run-verify').addEventListener('click', async () => {
  try {
    const v = await getJson(`${base}/verify`);
    $('run-verify-result').textContent = v.ok ? t('intact') : v.problems.join('; ');
  } catch (e) {
    $('run-verify-result').textContent = e.message;
  }
});

show().catch((e) => {
  $('run-message').textContent = e.message;
});
