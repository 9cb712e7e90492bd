// The notifications page (admins): the channels tejun.yaml configures, subscriptions to add and remove, and the
// newest deliveries with their outcome (sent, pending while retried, failed with the reason).
import { getJson, request } from '../lib/http.js';
import { el } from '../lib/dom.js';
import { t, timeElement } from '../lib/i18n.js';

const form = document.getElementById('notify-add');
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
  document.getElementById('notify-subscriptions').replaceChildren(...subs.subscriptions.map((s) => {
    const remove = el('button', { type: 'button' }, t('remove'));
    remove.addEventListener('click', async () => {
      await request('DELETE', `/api/notifications/subscriptions/${encodeURIComponent(s.id)}`);
      load();
    });
    return el('tr', { translate: false }, el('td', {}, s.scope), el('td', {}, s.target),
      el('td', {}, s.events.join(', ')), el('td', {}, s.channel), el('td', {}, s.address ?? ''),
      el('td', {}, s.createdBy), el('td', {}, remove));
  }));
  document.getElementById('notify-deliveries').replaceChildren(...deliveries.deliveries.map((d) => el('tr',
    { translate: false, className: `delivery-${d.status}` }, el('td', {}, timeElement(d.createdAt)),
    el('td', {}, d.event), el('td', {}, d.channel), el('td', {}, d.subject), el('td', {}, d.status),
    el('td', {}, String(d.attempts)), el('td', {}, d.reason ?? ''))));
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
