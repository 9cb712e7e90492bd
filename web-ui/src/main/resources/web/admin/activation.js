// The activation cell of a schedule or an alert rule: its state in words and the buttons that change it. A schedule
// or rule runs only once a user allowed to run it activated it (one made through the API, by its creator); a change
// of its files suspends it, a user may pause it, and activating it again (Resume) makes it run as that user.

import { request } from '../lib/http.js';
import { el } from '../lib/dom.js';
import { formatTime, t } from '../lib/i18n.js';
import { gate, holds } from '../notebook/roles.js';

/** The state in words; the server's reasons are recorded text, shown as they are. */
function stateText(s) {
  const since = s.stateSince ? formatTime(s.stateSince) : '';
  if (s.state === 'active') return t('state.active', { user: s.activatedBy, since });
  if (s.state === 'paused') return t('state.paused', { user: s.activatedBy, since });
  if (s.state === 'suspended') return t('state.suspended', { since });
  return t('state.inactive');
}

function reasonText(s) {
  if (s.state === 'active' || s.state === 'paused') return '';
  return s.stateReason === 'never activated' ? t('state.never-activated') : s.stateReason || '';
}

/**
 * Fills `td` with the state of `s` and its buttons: Activate (inactive), Pause and Deactivate (active), Resume
 * (paused or suspended). `kind` is {api, status, reload, pause}: where to post, where to say a refusal, what to
 * reload after, and whether this kind can be paused.
 */
export function activation(td, s, kind, roles) {
  td.replaceChildren(el('span', 'activation-state', stateText(s)));
  const reason = reasonText(s);
  if (reason) td.append(': ', el('span', { className: 'activation-reason', translate: false }, reason));
  td.className = `activation-${s.state}`;
  const path = s.id.split('/').map(encodeURIComponent).join('/');
  const act = (label, action) => {
    const button = el('button', { type: 'button', className: `schedule-${action}` }, label);
    gate(button, holds(roles, 'operator') ? null : 'operator');
    button.addEventListener('click', async () => {
      try {
        await request('POST', `${kind.api}/${path}/${action}`);
      } catch (e) {
        document.getElementById(kind.status).textContent = t('cannot-change', { id: s.id, error: e.message });
        return;
      }
      kind.reload();
    });
    return button;
  };
  const buttons = el('span', 'activation-buttons');
  if (s.state === 'active') {
    if (kind.pause) buttons.append(act(t('pause'), 'pause'));
    buttons.append(act(t('deactivate'), 'deactivate'));
  } else {
    buttons.append(act(s.state === 'inactive' ? t('activate') : t('resume'), 'activate'));
  }
  td.append(' ', buttons);
}
