// The audit log page: filters, the list (every value shown as text), CSV export and a chain check.
import { getJson } from '../lib/http.js';
import { el } from '../lib/dom.js';

const form = document.getElementById('audit-filters');
const rows = document.getElementById('audit-rows');
const status = document.getElementById('audit-status');
const csv = document.getElementById('audit-csv');
const xlsx = document.getElementById('audit-xlsx');

function filters() {
  const data = new FormData(form);
  return Object.fromEntries([...data.entries()].map(([k, v]) => [k, String(v).trim()]));
}

async function load() {
  const query = filters();
  const params = new URLSearchParams({ format: 'csv' });
  for (const [k, v] of Object.entries(query)) if (v) params.set(k, v);
  csv.href = `/api/audit?${params}`;
  params.delete('format');
  xlsx.href = `/api/audit.xlsx?${params}`;
  status.textContent = 'Loading…';
  try {
    const entries = await getJson('/api/audit', query);
    rows.replaceChildren(...entries.map((e) => {
      const tr = el('tr', {}, ...[e.id, e.at, e.user, e.iface, e.action, e.target, e.outcome, e.address]
        .map((value) => el('td', {}, value ?? '')));
      tr.append(el('td', 'detail', e.detail ?? ''));
      return tr;
    }));
    status.textContent = `${entries.length} entries`;
  } catch (e) {
    status.textContent = e.message;
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  load();
});

document.getElementById('audit-verify').addEventListener('click', async () => {
  try {
    const v = await getJson('/api/audit/verify');
    status.textContent = v.ok ? `chain intact: ${v.entries} entries, keyed${v.notKeyed ? `; ${v.notKeyed}` : ''}`
      : `chain broken: ${v.problem}`;
  } catch (e) {
    status.textContent = e.message;
  }
});

load();
