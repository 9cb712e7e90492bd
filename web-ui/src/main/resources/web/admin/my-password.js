// "My password" on the tokens page: a signed-in user changes their own password, giving the current one. The
// server ends every session of theirs and answers a new one for this browser, so the page keeps working.
import { currentUser, request } from '../lib/http.js';
import { t } from '../lib/i18n.js';

const form = document.getElementById('my-password');
const status = document.getElementById('password-status');

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const password = String(data.get('password'));
  if (password !== String(data.get('repeat'))) {
    status.textContent = t('passwords-differ');
    return;
  }
  try {
    await request('POST', '/api/me/password', { current: String(data.get('current')), password });
    form.reset();
    await currentUser({ again: true }); // the new session's CSRF token
    status.textContent = t('password-changed');
  } catch (e) {
    status.textContent = e.message;
  }
});
