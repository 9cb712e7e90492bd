// The header's navigation and the signed-in user, shared by every page after sign-in.
import { me, logout } from './api.js';

export async function showNav() {
  const header = document.querySelector('.site-header');
  if (!header || header.querySelector('.site-nav')) return;
  const nav = document.createElement('nav');
  nav.className = 'site-nav';
  for (const [href, label] of [['index.html', 'Runbooks'], ['evidence.html', 'Evidence'], ['audit.html', 'Audit'],
    ['tokens.html', 'Tokens'], ['users.html', 'Users']]) {
    const a = document.createElement('a');
    a.href = href;
    a.textContent = label;
    nav.append(a);
  }
  const who = document.createElement('span');
  who.id = 'signed-in-user';
  nav.append(who);
  const out = document.createElement('button');
  out.type = 'button';
  out.textContent = 'Sign out';
  out.addEventListener('click', async () => {
    await logout();
    location.assign('/login.html');
  });
  nav.append(out);
  header.append(nav);
  try {
    const user = await me();
    who.textContent = `${user.name} (${user.roles.join(', ')})`;
  } catch {
    who.textContent = '';
  }
}

showNav();
