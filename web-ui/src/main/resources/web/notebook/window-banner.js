// The runbook's maintenance windows above its cells (issue 23 §1): whether it may start now, the window active now
// and the next one, any override in force, and for approvers a button that grants one (with a reason, audited by the
// server). A runbook that names no windows or blackouts shows nothing.

import { getJson, request } from '../lib/http.js';
import { t, formatTime } from '../lib/i18n.js';
import { el } from '../lib/dom.js';

function describe(status) {
  const parts = [];
  for (const a of status.active || []) {
    parts.push(t('window-active', { calendar: a.calendar, type: a.type, until: a.until ? formatTime(a.until) : '—' }));
  }
  if (status.next) {
    parts.push(t('window-next', { calendar: status.next.calendar, type: status.next.type, start: formatTime(status.next.start) }));
  }
  if (status.override) {
    parts.push(t('window-override', { by: status.override.grantedBy, until: formatTime(status.override.expiresAt),
      reason: status.override.reason }));
  }
  return parts.join(' · ');
}

/** Fills `slot` with the windows of runbook `name`; `approver` says whether to offer the override button. */
export async function showWindows(slot, name, approver) {
  let status;
  try {
    status = await getJson('/api/windows', { target: name });
  } catch {
    return; // the windows are a hint here: the server still refuses a run outside them
  }
  if (!(status.windows || []).length && !(status.blackouts || []).length) {
    slot.replaceChildren();
    return;
  }
  const box = el('div', { className: 'window-banner', role: 'status' });
  box.dataset.open = String(status.open);
  const headline = status.open ? t('window-open') : t('window-closed', { reason: status.reason || '' });
  box.append(el('strong', 'window-state', headline), ' ', el('span', 'window-detail', describe(status)));
  if (!status.open && !status.override && approver) {
    const grant = el('button', { type: 'button', id: 'grant-override', textContent: t('window-grant') });
    grant.addEventListener('click', async () => {
      const reason = window.prompt(t('window-grant-reason'));
      if (!reason) return;
      try {
        await request('POST', '/api/windows/overrides', { target: name, reason, minutes: 60 });
      } catch (err) {
        window.alert(err.message);
      }
      showWindows(slot, name, approver);
    });
    box.append(' ', grant);
  }
  slot.replaceChildren(box);
}
