// The evidence browser: the run index with filters; each run links to its own page (run.html).
import { getJson, RUN_ID } from '../lib/http.js';
import { el } from '../lib/dom.js';
import { statusText, t, timeElement } from '../lib/i18n.js';

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
      const a = el('a', { href: `run.html?id=${encodeURIComponent(r.runId)}`, className: 'run-link' }, r.runId);
      return el('tr', {}, el('td', {}, a), cell(r.runbook), cell(r.user), cell(statusText(r.status)),
        el('td', {}, timeElement(r.startedAt)), el('td', {}, timeElement(r.finishedAt)), cell(r.gitCommit ? r.gitCommit.slice(0, 12) : ''));
    }));
    status.textContent = t('runs', { count: runs.length });
  } catch (e) {
    status.textContent = e.message;
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  load();
});

// evidence.html#RUN was a run's address before runs had their own page
if (RUN_ID.test(location.hash.slice(1))) location.replace(`run.html?id=${location.hash.slice(1)}`);
else load();
