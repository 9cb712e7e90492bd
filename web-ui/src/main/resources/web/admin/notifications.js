// The notifications page (admins): the channels tejun.yaml configures, subscriptions to add and remove, and the
// newest deliveries with their outcome (sent, pending while retried, failed with the reason).
import { getJson, request } from '../lib/http.js';
import { el } from '../lib/dom.js';
import { t, timeElement } from '../lib/i18n.js';

const form = document.getElementById('notify-add');

// Each word the server answers with, in the page's language (an unknown one shows as it is); the wire word stays
// in the cell's title for whoever scripts against the API.
const DELIVERY = {
  pending: () => t('delivery-pending'),
  sending: () => t('delivery-sending'),
  sent: () => t('delivery-sent'),
  failed: () => t('delivery-failed'),
};
const EVENT = {
  'run.ok': () => t('event-run.ok'),
  'run.failed': () => t('event-run.failed'),
  'approval.waiting': () => t('event-approval.waiting'),
  'flow.ended': () => t('event-flow.ended'),
  'schedule.failed': () => t('event-schedule.failed'),
  'schedule.misfired': () => t('event-schedule.misfired'),
  'alert.suppressed': () => t('event-alert.suppressed'),
  'alert.failed': () => t('event-alert.failed'),
  'drift.found': () => t('event-drift.found'),
  'event.unhandled': () => t('event-event.unhandled'),
  'event.matched': () => t('event-event.matched'),
};
const SCOPE = {
  runbook: () => t('scope-runbook'),
  folder: () => t('scope-folder'),
  flow: () => t('scope-flow'),
  user: () => t('scope-user'),
  all: () => t('scope-all'),
};

function word(table, wire) {
  return el('td', { title: wire }, table[wire] ? table[wire]() : wire);
}

function emptyRow(columns, key) {
  return [el('tr', {}, el('td', { colSpan: columns, className: 'muted' }, t(key)))];
}
const status = document.getElementById('notify-status');
const channelSelect = document.getElementById('notify-channel');

async function load() {
  const [channels, subs, deliveries] = await Promise.all([
    getJson('/api/notifications/channels'),
    getJson('/api/notifications/subscriptions'),
    getJson('/api/notifications/deliveries'),
  ]);
  document.getElementById('notify-channels').textContent = channels.channels.length
    ? t('configured', { channels: channels.channels.map((c) => c.name).join(', ') })
    : t('none-configured');
  channelSelect.replaceChildren(...channels.channels.map((c) => el('option', { value: c.name }, c.name)));
  const subRows = subs.subscriptions.map((s) => {
    const remove = el('button', { type: 'button' }, t('remove'));
    remove.addEventListener('click', async () => {
      await request('DELETE', `/api/notifications/subscriptions/${encodeURIComponent(s.id)}`);
      load();
    });
    return el('tr', { translate: false }, word(SCOPE, s.scope), el('td', {}, s.target),
      el('td', { title: s.events.join(', ') }, s.events.map((e) => (EVENT[e] ? EVENT[e]() : e)).join(', ')),
      el('td', {}, s.channel), el('td', {}, s.address ?? ''), el('td', {}, s.createdBy), el('td', {}, remove));
  });
  document.getElementById('notify-subscriptions').replaceChildren(...(subRows.length ? subRows
    : emptyRow(7, 'no-subscriptions')));
  const deliveryRows = deliveries.deliveries.map((d) => el('tr',
    { translate: false, className: `delivery-${d.status}` }, el('td', {}, timeElement(d.createdAt)),
    word(EVENT, d.event), el('td', {}, d.channel), el('td', {}, d.subject), word(DELIVERY, d.status),
    el('td', {}, String(d.attempts)), el('td', {}, d.reason ?? '')));
  document.getElementById('notify-deliveries').replaceChildren(...(deliveryRows.length ? deliveryRows
    : emptyRow(7, 'no-deliveries')));
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const data = Object.fromEntries([...new FormData(form).entries()].map(([k, v]) => [k, String(v).trim()]));
  const body = { scope: data.scope, target: data.target, channel: data.channel, address: data.address || null,
    events: data.events ? data.events.split(',').map((x) => x.trim()).filter(Boolean) : [] };
  try {
    await request('POST', '/api/notifications/subscriptions', body);
    status.textContent = '';
    form.reset();
    load();
  } catch (err) {
    status.textContent = err.message;
  }
});

load().catch((err) => { status.textContent = err.message; });
