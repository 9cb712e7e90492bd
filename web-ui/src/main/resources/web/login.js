// The sign-in page: POST /api/login, then back to the page that sent us here (same site only).
// It is served before sign-in, with only the message catalogue and the theme beside it (lib/i18n.js, lib/theme.js).
import { t } from './lib/i18n.js';
import { refusalText } from './lib/http.js';
import './lib/theme.js';

const form = document.getElementById('login-form');
const error = document.getElementById('login-error');

function nextPage() {
  const next = new URLSearchParams(location.search).get('next') || '/index.html';
  // only a path on this server: never "//other.site" or "https://…"
  return /^\/(?!\/)[^\\]*$/.test(next) ? next : '/index.html';
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.hidden = true;
  const body = {
    name: document.getElementById('login-name').value,
    password: document.getElementById('login-password').value,
  };
  try {
    const response = await fetch('/api/login', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.ok) {
      location.assign(nextPage());
      return;
    }
    const json = await response.json().catch(() => null);
    // the server's codes in this page's language (a wrong password, a lock-out), else its English
    error.textContent = (json && json.error && refusalText(json.codes, json.error)) || t('failed', { status: response.status });
  } catch (e) {
    error.textContent = t('common:error.unreachable', { message: e.message });
  }
  error.hidden = false;
});

// Single sign-on (GET /api/sso): a button to the OpenID provider when one is configured; without local sign-in the
// password form goes.
fetch('/api/sso', { headers: { Accept: 'application/json' } })
  .then((r) => (r.ok ? r.json() : null))
  .then((sso) => {
    if (!sso) return;
    const link = document.getElementById('login-sso');
    link.hidden = !sso.oidc;
    // back to the page that sent the browser here once the provider signed it in (the server checks it is ours)
    link.querySelector('a').href = `/api/sso/oidc/start?next=${encodeURIComponent(nextPage())}`;
    if (sso.localSignIn === 'off') form.hidden = true;
  })
  .catch(() => {});
