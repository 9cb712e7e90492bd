// The activation cell of a schedule or an alert rule: its state in words and the buttons that change it. A schedule
// or rule runs only once a user allowed to run it activated it (one made through the API, by its creator); a change
// of its files suspends it, a user may pause it, and activating it again (Resume) makes it run as that user.

import { request } from '../lib/http.js';
import { el } from '../lib/dom.js';
import { formatTime, t } from '../lib/i18n.js';
import { gate, holds } from '../notebook/roles.js';

/** The state in words. */
function stateText(s) {
  const since = s.stateSince ? formatTime(s.stateSince) : '';
  if (s.state === 'active') return t('state.active', { user: s.activatedBy, since });
  if (s.state === 'paused') return t('state.paused', { user: s.activatedBy, since });
  if (s.state === 'suspended') return t('state.suspended', { since });
  return t('state.inactive');
}

/**
 * Reasons the server records for a state (schedules/Activations.java words them; stored, so old ones read the same)
 * in the page's language; a reason of another form is shown as recorded.
 */
const REASONS = [
  [/^never activated$/, () => t('state.never-activated')],
  [/^paused by (.+)$/, (m) => t('state.reason-paused-by', { user: m[1] })],
  [/^file changed by (.+) at (\S+) \((.+)\); activate it again$/,
    (m) => t('state.reason-changed-by', { user: m[1], time: formatTime(m[2]), path: m[3] })],
  [/^file changed outside Tejun since it was activated; activate it again$/, () => t('state.reason-changed-outside')],
];

export function reasonText(s) {
  if (s.state === 'active' || s.state === 'paused' || !s.stateReason) return '';
  for (const [pattern, say] of REASONS) {
    const m = s.stateReason.match(pattern);
    if (m) return say(m);
  }
  return s.stateReason;
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
