// What the signed-in user's roles allow, so controls they do not allow are shown disabled and say which role is
// needed. The same rule as the server's permission policy (kernel Policy): admin holds every role, any role grants
// viewer, every other role grants only itself. The server still checks everything; this only keeps the page honest.

import { t } from '../lib/i18n.js';

const TEXT = {
  needs: (role) => t('common:role.needs', { role }),
};

export function holds(roles, role) {
  const held = roles || [];
  return held.includes('admin') || held.includes(role) || (role === 'viewer' && held.length > 0);
}

/** The first of `needed` that `roles` lacks, or null when all are held. */
export function missing(roles, needed) {
  return needed.find((role) => !holds(roles, role)) || null;
}

/** Disables `control` with a tooltip naming the role when `role` is not null; returns whether it did. */
export function gate(control, role) {
  if (!role) return false;
  control.disabled = true;
  control.title = TEXT.needs(role);
  control.dataset.needs = role;
  return true;
}

export function needsText(role) {
  return TEXT.needs(role);
}
