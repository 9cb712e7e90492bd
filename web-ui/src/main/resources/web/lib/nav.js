// The header's navigation and the signed-in user, shared by every page after sign-in.
import { currentUser, logout } from './http.js';
import { el } from './dom.js';

export async function showNav() {
  const header = document.querySelector('.site-header');
  if (!header || header.querySelector('.site-nav')) return;
  const nav = el('nav', 'site-nav');
  for (const [href, label] of [['index.html', 'Runbooks'], ['evidence.html', 'Evidence'], ['audit.html', 'Audit'],
    ['tokens.html', 'Tokens'], ['users.html', 'Users']]) {
    nav.append(el('a', { href }, label));
  }
  const who = el('span', { id: 'signed-in-user' });
  const out = el('button', { type: 'button' }, 'Sign out');
  out.addEventListener('click', async () => {
    await logout();
    location.assign('/login.html');
  });
  nav.append(who, out);
  header.append(nav);
  try {
    const user = await currentUser();
    who.textContent = `${user.name} (${user.roles.join(', ')})`;
  } catch {
    who.textContent = '';
  }
}

showNav();
