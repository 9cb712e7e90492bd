// The admin's users page: list, create with roles, change roles, reset a password, disable, unlock, delete;
// and lift the sign-in lock of a client address.
// Every user-supplied string goes into the page as textContent, never as HTML.
import { request } from '../lib/http.js';
import { el } from '../lib/dom.js';
import { t, timeElement } from '../lib/i18n.js';

const ROLES = ['viewer', 'editor', 'operator', 'approver', 'cmdb-approver', 'admin'];
const rows = document.getElementById('users-rows');
const status = document.getElementById('users-status');
const form = document.getElementById('new-user');

function roleBoxes(container, held, prefix) {
  for (const role of ROLES) {
    const box = el('input', { type: 'checkbox', name: 'role', value: role, checked: held.includes(role) });
    box.dataset.role = role;
    container.append(el('label', { className: 'role', title: role }, box, ` ${role}`));
  }
  container.dataset.prefix = prefix;
}

function checkedRoles(container) {
  return [...container.querySelectorAll('input[name=role]:checked')].map((b) => b.value);
}

async function change(name, body, done) {
  status.textContent = '';
  try {
    await request('PUT', `/api/users/${encodeURIComponent(name)}`, body);
    status.textContent = `${name}: ${done}`;
    await load();
  } catch (e) {
    status.textContent = `${name}: ${e.message}`;
  }
}

function row(user) {
  const roles = el('span', { className: 'roles' });
  roleBoxes(roles, user.roles, user.name);
  const saveRoles = el('button', { type: 'button', textContent: t('save-roles') });
  saveRoles.addEventListener('click', () => change(user.name, { roles: checkedRoles(roles) }, t('roles-saved')));
  const reset = el('button', { type: 'button', textContent: t('reset-password') });
  reset.addEventListener('click', () => {
    const password = prompt(t('new-password-for', { name: user.name }));
    if (password) change(user.name, { password }, t('password-reset'));
  });
  const toggle = el('button', { type: 'button', textContent: user.disabled ? t('enable') : t('disable') });
  toggle.addEventListener('click', () => change(user.name, { disabled: !user.disabled },
    user.disabled ? t('enabled') : t('disabled')));
  const actions = el('td', { className: 'actions' }, saveRoles, reset, toggle);
  if (user.locked) {
    const unlock = el('button', { type: 'button', textContent: t('unlock') });
    unlock.addEventListener('click', () => change(user.name, { unlock: true }, t('unlocked')));
    actions.append(unlock);
  }
  const remove = el('button', { type: 'button', textContent: t('delete') });
  remove.addEventListener('click', async () => {
    if (!confirm(t('delete-confirm', { name: user.name }))) return;
    try {
      await request('DELETE', `/api/users/${encodeURIComponent(user.name)}`);
      await load();
    } catch (e) {
      status.textContent = `${user.name}: ${e.message}`;
    }
  });
  actions.append(remove);
  const state = [user.disabled ? t('disabled') : t('active'), user.locked ? t('locked') : ''].filter(Boolean).join(', ');
  const tr = el('tr', {}, el('td', { textContent: user.name }), el('td', {}, roles), el('td', { textContent: state }),
    el('td', {}, timeElement(user.createdAt)), actions);
  tr.dataset.user = user.name;
  return tr;
}

function lockRow(lock) {
  const lift = el('button', { type: 'button', textContent: 'Lift' });
  lift.addEventListener('click', async () => {
    try {
      await request('DELETE', `/api/sign-in-locks?address=${encodeURIComponent(lock.address)}`);
      status.textContent = `${lock.address}: ${t('lifted')}`;
      await load();
    } catch (e) {
      status.textContent = `${lock.address}: ${e.message}`;
    }
  });
  const tr = el('tr', {}, el('td', { textContent: lock.address }), el('td', { textContent: String(lock.failures) }),
    el('td', { textContent: lock.locked ? 'locked' : 'slowed' }), el('td', { textContent: lock.lastFailure }),
    el('td', { className: 'actions' }, lift));
  tr.dataset.address = lock.address;
  return tr;
}

async function load() {
  try {
    const users = await request('GET', '/api/users');
    rows.replaceChildren(...users.map(row));
    const locks = await request('GET', '/api/sign-in-locks');
    document.getElementById('address-locks').replaceChildren(...locks.map(lockRow));
  } catch (e) {
    status.textContent = e.status === 403 ? t('admin-only') : e.message;
  }
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const name = String(data.get('name')).trim();
  try {
    await request('POST', '/api/users', {
      name, password: String(data.get('password')), roles: checkedRoles(document.getElementById('new-user-roles')),
    });
    form.reset();
    status.textContent = `${name}: ${t('created-done')}`;
    await load();
  } catch (e) {
    status.textContent = `${name}: ${e.message}`;
  }
});

roleBoxes(document.getElementById('new-user-roles'), ['viewer'], 'new');
load();
