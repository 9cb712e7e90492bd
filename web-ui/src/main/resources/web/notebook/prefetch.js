// Starts reading the page's runbook while the page is still loading: the notebook's own module waits for the
// message catalogues first (lib/i18n.js awaits them at the top level), and reading the runbook after them cost a
// round trip of its own before any cell could be drawn. This module imports nothing that waits. It opens the session's
// socket early too.

import { getRunbook } from './runbooks-api.js';
import { SessionSocket } from './protocol.js';

const name = new URLSearchParams(window.location.search).get('runbook');

/** The runbook named in the address, as {doc} or {error}; null when the address names none. */
export const early = name
  ? getRunbook(name).then((doc) => ({ doc }), (error) => ({ error }))
  : null;

/**
 * The session socket of that runbook, connecting already: the server opens the session (~as long as reading the
 * runbook) while the page loads. What it hears is held until the notebook has drawn its cells and releases it.
 */
export const socket = name ? new SessionSocket(name, { hold: true }) : null;
socket?.connect();
