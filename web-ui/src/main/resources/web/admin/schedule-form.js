// The add and edit dialog of a schedule made through the API (POST /api/schedules, PUT /api/schedules/ID): the
// runbook or flow, cron, time zone, params (name=value a line), misfire policy and failure webhook. The server
// checks every field as `tejun check` does and says why it refuses; the dialog stays open with its answer.

import { request } from '../lib/http.js';
import { el } from '../lib/dom.js';
import { t, timeZone } from '../lib/i18n.js';
import { cronInWords } from './cron-words.js';

function field(label, input, help) {
  return el('label', 'schedule-field', el('span', 'schedule-field-label', label), input,
    help ? el('small', 'muted', help) : null);
}

function paramsText(params) {
  return Object.entries(params || {}).map(([k, v]) => `${k}=${v}`).join('\n');
}

/** `name=value` lines as an object; a line without `=` is refused with its number. */
function parseParams(text) {
  const out = {};
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const at = line.indexOf('=');
    if (at <= 0) throw new Error(t('form.bad-param-line', { line: i + 1 }));
    out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  });
  return out;
}

/**
 * Opens the dialog; `schedule` is the row to edit (null to add). `targets` are the runbook and flow names to offer.
 * `done` is called after the server took it.
 */
export function openScheduleForm(schedule, targets, done) {
  const s = schedule || { target: '', cron: '0 3 * * *', timezone: timeZone, params: {}, misfire: 'skip' };
  const list = el('datalist', { id: 'schedule-targets' }, ...targets.map((name) => el('option', { value: name })));
  const target = el('input', { name: 'target', required: true, value: s.target, autocomplete: 'off' });
  target.setAttribute('list', 'schedule-targets');
  const cron = el('input', { name: 'cron', required: true, value: s.cron, spellcheck: false });
  const words = el('small', { className: 'cron-words', translate: false });
  const zone = el('input', { name: 'timezone', value: s.timezone || '', spellcheck: false });
  const sayCron = () => { words.textContent = cronInWords(cron.value.trim(), zone.value.trim() || 'UTC') || ''; };
  cron.addEventListener('input', sayCron);
  zone.addEventListener('input', sayCron);
  sayCron();
  const params = el('textarea', { name: 'params', rows: 3, value: paramsText(s.params), spellcheck: false });
  const misfire = el('select', { name: 'misfire' },
    el('option', { value: 'skip' }, t('form.misfire-skip')),
    el('option', { value: 'run-once' }, t('form.misfire-run-once')));
  misfire.value = s.misfire || 'skip';
  const webhook = el('input', { name: 'webhook', type: 'url', value: s.webhook || '', placeholder: 'https://…' });
  const error = el('p', { className: 'error schedule-form-error', role: 'alert', hidden: true });
  const save = el('button', { type: 'submit', className: 'primary schedule-save' }, t('form.save'));
  const cancel = el('button', { type: 'button', className: 'schedule-cancel' }, t('form.cancel'));
  const form = el('form', { method: 'dialog', className: 'schedule-form' },
    el('h2', null, schedule ? t('form.edit-title', { id: schedule.id }) : t('form.add-title')),
    el('p', 'muted', t('form.activation-note')),
    field(t('form.target'), target), list,
    field(t('form.cron'), cron, t('form.cron-help')), words,
    field(t('form.timezone'), zone),
    field(t('form.params'), params, t('form.params-help')),
    field(t('form.misfire'), misfire),
    field(t('form.webhook'), webhook),
    error,
    el('div', 'dialog-buttons', save, cancel));
  const box = el('dialog', 'authoring-dialog schedule-dialog', form);
  cancel.addEventListener('click', () => box.close());
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    save.disabled = true;
    try {
      const body = {
        target: target.value.trim(),
        cron: cron.value.trim(),
        timezone: zone.value.trim() || null,
        params: parseParams(params.value),
        misfire: misfire.value,
        webhook: webhook.value.trim() || null,
      };
      const path = schedule ? `/api/schedules/${encodeURIComponent(schedule.id)}` : '/api/schedules';
      await request(schedule ? 'PUT' : 'POST', path, body);
      box.close();
      done();
    } catch (err) {
      error.textContent = err.message;
      error.hidden = false;
    } finally {
      save.disabled = false;
    }
  });
  box.addEventListener('close', () => box.remove());
  document.body.append(box);
  box.showModal();
}
