// The evidence browser: the run index with filters, and one run's detail with its downloads.
import { getJson } from '../lib/http.js';
import { el } from '../lib/dom.js';
import { formatDuration, t, timeElement } from '../lib/i18n.js';

const form = document.getElementById('run-filters');
const rows = document.getElementById('run-rows');
const status = document.getElementById('runs-status');

const cell = (text) => el('td', {}, text ?? '');

async function load() {
  const query = Object.fromEntries([...new FormData(form).entries()].map(([k, v]) => [k, String(v).trim()]));
  status.textContent = t('common:loading');
  try {
    const runs = await getJson('/api/runs', query);
    rows.replaceChildren(...runs.map((r) => {
      const a = el('a', { href: `#${r.runId}`, className: 'run-link' }, r.runId);
      a.addEventListener('click', () => detail(r.runId));
      return el('tr', {}, el('td', {}, a), cell(r.runbook), cell(r.user), cell(t(`common:status.${r.status}`)),
        el('td', {}, timeElement(r.startedAt)), el('td', {}, timeElement(r.finishedAt)), cell(r.gitCommit ? r.gitCommit.slice(0, 12) : ''));
    }));
    status.textContent = t('runs', { count: runs.length });
  } catch (e) {
    status.textContent = e.message;
  }
}

async function detail(runId) {
  if (!/^\d{8}-\d{6}-[0-9a-f]{6}$/.test(runId)) return;
  const section = document.getElementById('run-detail');
  section.hidden = false;
  document.getElementById('run-detail-title').textContent = t('run-title', { id: runId });
  document.getElementById('run-report').href = `/api/runs/${runId}/report.html`;
  document.getElementById('run-report-md').href = `/api/runs/${runId}/report.md`;
  document.getElementById('run-zip').href = `/api/runs/${runId}/evidence.zip`;
  document.getElementById('run-verify-result').textContent = '';
  const body = document.getElementById('run-cells');
  try {
    const run = await getJson(`/api/runs/${runId}`);
    body.replaceChildren(...(run.cells || []).map((c) => {
      return el('tr', {}, cell(c.cellId), cell(t(`common:status.${c.status}`)), cell(c.exitCode),
        cell(c.durationMillis != null ? formatDuration(c.durationMillis) : ''));
    }));
  } catch (e) {
    body.replaceChildren();
    document.getElementById('run-verify-result').textContent = e.message;
  }
  document.getElementById('run-verify').onclick = async () => {
    const v = await getJson(`/api/runs/${runId}/verify`);
    document.getElementById('run-verify-result').textContent = v.ok ? t('intact') : v.problems.join('; ');
  };
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  load();
});

load().then(() => {
  if (location.hash.length > 1) detail(location.hash.slice(1));
});
