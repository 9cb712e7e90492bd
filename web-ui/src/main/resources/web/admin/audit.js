// The audit log page: filters, the list (every value shown as text), CSV export and a chain check.
import { getJson } from '../lib/http.js';
import { el } from '../lib/dom.js';
import { t, timeElement } from '../lib/i18n.js';

const form = document.getElementById('audit-filters');
const rows = document.getElementById('audit-rows');
const status = document.getElementById('audit-status');
const csv = document.getElementById('audit-csv');
const xlsx = document.getElementById('audit-xlsx');

function filters() {
  const data = new FormData(form);
  return Object.fromEntries([...data.entries()].map(([k, v]) => [k, String(v).trim()]));
}

/** Entries per page: ?limit=N in the address, else 100. */
const PAGE = Math.max(1, Math.min(1000, Number(new URLSearchParams(location.search).get('limit')) || 100));
/** The `before` of each page shown so far: the first is the newest (none), the last the one on screen. */
let pages = [null];
const older = document.getElementById('audit-older');
const newer = document.getElementById('audit-newer');

async function load() {
  const query = filters();
  const params = new URLSearchParams({ format: 'csv' });
  for (const [k, v] of Object.entries(query)) if (v) params.set(k, v);
  csv.href = `/api/audit?${params}`;
  params.delete('format');
  xlsx.href = `/api/audit.xlsx?${params}`;
  status.textContent = t('common:loading');
  try {
    const before = pages[pages.length - 1];
    const entries = await getJson('/api/audit', { ...query, limit: String(PAGE), before: before ? String(before) : '' });
    older.disabled = entries.length < PAGE;
    older.dataset.before = entries.length ? String(entries[entries.length - 1].id) : '';
    newer.disabled = pages.length === 1;
    rows.replaceChildren(...entries.map((e) => {
      // the entries are what was recorded (outcome ok, action names): data, not UI text to translate
      const tr = el('tr', { translate: false }, el('td', {}, e.id ?? ''), el('td', {}, timeElement(e.at)),
        ...[e.user, e.iface, e.action, e.target, e.outcome, e.address].map((value) => el('td', {}, value ?? '')));
      tr.append(el('td', 'detail', e.detail ?? ''));
      return tr;
    }));
    status.textContent = t('page', { page: pages.length, count: entries.length });
  } catch (e) {
    status.textContent = e.message;
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  pages = [null];
  load();
});
older.addEventListener('click', () => {
  pages.push(Number(older.dataset.before));
  load();
});
newer.addEventListener('click', () => {
  if (pages.length > 1) pages.pop();
  load();
});

document.getElementById('audit-verify').addEventListener('click', async () => {
  try {
    const v = await getJson('/api/audit/verify');
    status.textContent = v.ok ? t('intact', { count: v.entries, more: v.notKeyed ? `; ${v.notKeyed}` : '' })
      : t('broken', { problem: v.problem });
  } catch (e) {
    status.textContent = e.message;
  }
});

load();
