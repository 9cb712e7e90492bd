// Starts reading the page's runbook while the page is still loading: the notebook's own module waits for the
// message catalogues first (lib/i18n.js awaits them at the top level), and reading the runbook after them cost a
// round trip of its own before any cell could be drawn. This module imports nothing that waits.

import { getRunbook } from './runbooks-api.js';

const name = new URLSearchParams(window.location.search).get('runbook');

/** The runbook named in the address, as {doc} or {error}; null when the address names none. */
export const early = name ? getRunbook(name).then((doc) => ({ doc }), (error) => ({ error })) : null;
