// Rename, move and delete of the open runbook (editor role): each asks for confirmation first, names the version the
// page shows (a runbook changed meanwhile is refused), and shows the server's refusal as it is written, e.g. the
// schedules, flows and alert rules that still refer to the runbook. The runbook's earlier names are shown under its
// name: its runs kept the name they ran under.

import { $ } from '../lib/dom.js';
import { currentUser, request } from '../lib/http.js';
import { t } from '../lib/i18n.js';
import { gate, holds } from './roles.js';

const api = (name) => `/api/runbooks/${encodeURI(name)}`;

/** The version of `name` on disk now: what the confirmation was about. */
async function version(name) {
  return (await request('GET', api(name))).version;
}

function failed(err) {
  const box = $('runbook-actions-error');
  box.textContent = t('nb-file-action-failed', { error: err.message });
  box.hidden = false;
}

async function move(name) {
  let to = $('move-runbook-form').elements.to.value.trim().replace(/^\/+/, '');
  if (!to) return;
  if (!to.endsWith('.md')) to += '.md';
  if (to === name || !window.confirm(t('nb-move-confirm', { from: name, to }))) return;
  try {
    const doc = await request('POST', `${api(name)}/move`, { to, version: await version(name) });
    window.location.href = `notebook.html?runbook=${encodeURIComponent(doc.name)}`;
  } catch (err) {
    failed(err);
  }
}

async function remove(name) {
  if (!window.confirm(t('nb-delete-runbook-confirm', { name }))) return;
  try {
    await request('DELETE', api(name), { version: await version(name) });
    window.location.href = 'index.html';
  } catch (err) {
    failed(err);
  }
}

async function formerNames(name) {
  const names = await request('GET', `${api(name)}/former-names`);
  if (names.length === 0) return;
  const box = $('runbook-former');
  box.textContent = t('nb-formerly', { names: names.join(', ') });
  box.hidden = false;
}

async function main() {
  const name = new URLSearchParams(window.location.search).get('runbook');
  const form = $('move-runbook-form');
  if (!name || !form) return;
  form.elements.to.value = name;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    move(name);
  });
  $('delete-runbook').addEventListener('click', () => remove(name));
  formerNames(name).catch(() => {}); // extra: the page works without it
  const me = await currentUser().catch(() => null);
  if (!holds(me?.roles, 'editor')) {
    for (const control of form.querySelectorAll('button, input')) gate(control, 'editor');
  }
}

main();
