// The batches of a rolling change (batch=1,25%,100% on ssh and dialog cells) in the host strip: one line per batch,
// "batch 2 of 3", with its hosts counted by state, so an operator sees which batch is running, which one failed and
// which ones were held back. A host names its batch in its status detail ("ssh web1 · batch 2/3" when it starts,
// "not started: batch 3 of 3 held back" when skipped); the batch is kept when later details no longer name it.

import { el } from '../lib/dom.js';
import { formatNumber, t } from '../lib/i18n.js';

const BATCH = /\bbatch (\d+)(?:\/| of )(\d+)\b/;

/** The batch a host status detail names, as [n, total], or null. */
export function batchOf(detail) {
  const m = BATCH.exec(detail || '');
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** A list with a line per batch seen among `hosts` (a Map of host to {status, batch}); null when none named one. */
export function batchLines(hosts) {
  const batches = new Map();
  let total = 0;
  for (const { status, batch } of hosts.values()) {
    if (!batch) continue;
    total = Math.max(total, batch[1]);
    const counts = batches.get(batch[0]) || new Map();
    counts.set(status, (counts.get(status) || 0) + 1);
    batches.set(batch[0], counts);
  }
  if (batches.size === 0) return null;
  const lines = [...batches.keys()].sort((a, b) => a - b).map((n) => {
    const counts = [...batches.get(n)];
    return el('li', { className: 'host-batch', dataset: { batch: String(n), counts: counts.map(([s, c]) => `${s}:${c}`).join(',') } },
      el('strong', null, t('hosts.batch', { n: formatNumber(n), total: formatNumber(total) })), ' ',
      counts.map(([s, c]) => `${formatNumber(c)} ${t(`hosts.${s}`)}`).join(', '));
  });
  return el('ol', { className: 'host-batches', ariaLabel: t('hosts.batches') }, ...lines);
}
