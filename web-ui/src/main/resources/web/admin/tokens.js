// "My API tokens": create (the token is shown once), list and revoke. With ?all=true an admin sees and revokes
// everybody's. Every user-supplied string goes into the page as textContent, never as HTML.
import { request } from '../lib/http.js';
import { el } from '../lib/dom.js';
import { t, timeElement } from '../lib/i18n.js';

const all = new URLSearchParams(location.search).get('all') === 'true';
const rows = document.getElementById('tokens-rows');
const status = document.getElementById('tokens-status');
const form = document.getElementById('new-token');
const once = document.getElementById('token-once');

const td = (text) => el('td', {}, text ?? '');

// when the token stops working: never, a time, and "expired" once that time has passed
function expires(token) {
  if (!token.expiresAt) return td(t('never'));
  const cell = el('td', {}, timeElement(token.expiresAt));
  if (Date.parse(token.expiresAt) <= Date.now()) cell.append(' ', el('strong', {}, t('expired')));
  return cell;
}

function row(token) {
  const tr = el('tr', { dataset: { token: token.id } },
    td(token.id), td(token.owner), td(token.label), el('td', {}, timeElement(token.createdAt)), expires(token),
    el('td', {}, timeElement(token.revokedAt)));
  const actions = el('td');
  if (!token.revokedAt) {
    const revoke = el('button', { type: 'button' }, t('revoke'));
    revoke.addEventListener('click', async () => {
      try {
        await request('DELETE', `/api/tokens/${encodeURIComponent(token.id)}`);
        status.textContent = t('revoked-done', { id: token.id });
        await load();
      } catch (e) {
        status.textContent = e.message;
      }
    });
    actions.append(revoke);
  }
  tr.append(actions);
  return tr;
}

async function load() {
  try {
    const tokens = await request('GET', all ? '/api/tokens?all=true' : '/api/tokens');
    rows.replaceChildren(...tokens.map(row));
  } catch (e) {
    status.textContent = e.message;
  }
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const label = String(data.get('label')).trim();
  const days = String(data.get('days') ?? '').trim();
  const body = {};
  if (label) body.label = label;
  if (days) body.days = Number(days);
  try {
    const created = await request('POST', '/api/tokens', body);
    document.getElementById('token-value').textContent = created.token;
    once.hidden = false;
    form.reset();
    await load();
  } catch (e) {
    status.textContent = e.message;
  }
});

if (all) document.getElementById('tokens-title').textContent = t('all-title');
load();
