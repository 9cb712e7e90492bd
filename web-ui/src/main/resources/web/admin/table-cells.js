// Table cells the schedules page's lists share: text cells, times in the user's zone, links to a run's page.

import { el } from '../lib/dom.js';
import { formatTime } from '../lib/i18n.js';

/** A cell of `row` holding `text` as text, with `title` as its tooltip. */
export function cell(row, text, title) {
  return row.appendChild(el('td', { title: title || undefined }, text == null ? '' : String(text)));
}

export function when(instant) {
  return instant ? formatTime(instant) : '—';
}

/** A link to run `runId`'s page after what `td` holds; nothing without a run. */
export function runLink(td, runId) {
  if (!runId) return;
  td.append(' ', el('a', { href: `run.html?id=${encodeURIComponent(runId)}`, translate: false }, runId));
}
