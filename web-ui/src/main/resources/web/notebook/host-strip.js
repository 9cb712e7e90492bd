// The host strip of a cell that fans out over hosts (ssh, ansible, dialog): one chip per outcome with its count,
// as AWX shows a job's hosts, then one button per host in the colour of its state. A click on a host shows only
// that host's lines in the output; "all hosts" (or a second click) shows every host again. The strip stays hidden
// for a cell that reports no host.

import { el } from '../lib/dom.js';
import { formatNumber, t } from '../lib/i18n.js';
import { batchLines, batchOf } from './batch-strip.js';

/** The outcomes counted as chips, in the order they are shown; a host still running counts in none. */
export const OUTCOMES = ['ok', 'changed', 'failed', 'unreachable', 'timed_out'];

export class HostStrip {
  /** @param onFilter called with a host name, or null for every host */
  constructor(onFilter) {
    this.onFilter = onFilter;
    this.element = el('div', { className: 'host-strip', role: 'group', ariaLabel: t('hosts.label') });
    this.clear();
  }

  /** Forgets every host: a new run of the cell. */
  clear() {
    this.hosts = new Map();
    this.filter = null;
    this.element.replaceChildren();
    this.element.hidden = true;
  }

  /** The latest state of `host` (running, ok, changed, failed, unreachable, timed_out, skipped, stopped). */
  set(host, status, detail) {
    const batch = batchOf(detail) || this.hosts.get(host)?.batch || null;
    this.hosts.set(host, { status, detail: detail || '', batch });
    this.render();
  }

  /** How many hosts ended in each outcome (the chips' numbers). */
  counts() {
    const counts = Object.fromEntries(OUTCOMES.map((o) => [o, 0]));
    for (const { status } of this.hosts.values()) if (status in counts) counts[status] += 1;
    return counts;
  }

  choose(host) {
    this.filter = host === this.filter ? null : host;
    this.onFilter(this.filter);
    this.render();
  }

  render() {
    const chips = OUTCOMES.map((o) => [o, this.counts()[o]]).filter(([, n]) => n > 0)
      .map(([o, n]) => el('span', { className: `host-chip host-${o}`, dataset: { outcome: o, count: String(n) } },
        el('strong', null, formatNumber(n)), ' ', t(`hosts.${o}`)));
    const all = el('button', { type: 'button', className: 'host-all', ariaPressed: String(this.filter === null) },
      t('hosts.all', { count: this.hosts.size }));
    all.addEventListener('click', () => this.choose(null));
    const buttons = [...this.hosts].map(([host, { status, detail }]) => {
      const b = el('button', {
        type: 'button', className: `host-button host-${status}`, dataset: { host, status },
        ariaPressed: String(this.filter === host), title: detail ? `${t(`hosts.${status}`)} — ${detail}` : t(`hosts.${status}`),
      }, host);
      b.addEventListener('click', () => this.choose(host));
      return b;
    });
    this.element.replaceChildren(el('span', 'host-chips', ...chips), all, ...buttons, batchLines(this.hosts) || '');
    this.element.hidden = this.hosts.size === 0;
  }
}
