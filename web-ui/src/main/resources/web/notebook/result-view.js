// Draws a cell's structured result (a `cell-result` event): a value line, a table or JSON.
// Built with textContent only: results come from programs and may contain anything.

import { Mime } from './protocol.js';
import { el } from '../lib/dom.js';
import { t } from '../lib/i18n.js';

/** `data` is JSON text on the wire; tolerate a server that sends the value itself. */
function parsed(data) {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
}

function cellText(value) {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function table(value) {
  const columns = Array.isArray(value?.columns) ? value.columns : [];
  const rows = Array.isArray(value?.rows) ? value.rows : [];
  const tableEl = el('table', 'result-table');
  const head = tableEl.createTHead().insertRow();
  for (const column of columns) head.append(el('th', null, cellText(column)));
  const body = tableEl.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const value of Array.isArray(row) ? row : [row]) tr.append(el('td', null, cellText(value)));
  }
  const wrap = el('div', 'cell-result result-table-wrap');
  wrap.dataset.mime = Mime.TABLE;
  wrap.append(tableEl, el('div', 'result-caption', `${rows.length} row${rows.length === 1 ? '' : 's'}`));
  return wrap;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A kernel's PNG (base64): only base64 characters reach the data: URL. */
function image(data) {
  const img = el('img', 'cell-result result-image');
  img.dataset.mime = Mime.PNG;
  img.alt = t('nb-image-output');
  img.src = `data:image/png;base64,${data}`;
  return img;
}

/**
 * A kernel's HTML (a pandas table, a rich repr) in a frame with an empty sandbox: no scripts, no forms, an origin
 * of its own, so it can neither run code nor reach the page or its session.
 */
function html(data) {
  const frame = el('iframe', 'cell-result result-html');
  frame.dataset.mime = Mime.HTML;
  frame.setAttribute('sandbox', '');
  frame.setAttribute('referrerpolicy', 'no-referrer');
  frame.srcdoc = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">${data}`;
  return frame;
}

/**
 * A pasted terminal session as it ran: each command, the output pasted under it beside the output it wrote, and
 * whether they differ (a command with nothing pasted under it is not compared).
 */
function transcript(value) {
  const steps = Array.isArray(value?.steps) ? value.steps : [];
  const tableEl = el('table', 'result-table transcript-table');
  const head = tableEl.createTHead().insertRow();
  for (const key of ['transcript.command', 'transcript.expected', 'transcript.actual', 'transcript.verdict']) {
    head.append(el('th', null, t(key)));
  }
  const body = tableEl.createTBody();
  for (const step of steps) {
    const tr = body.insertRow();
    const verdict = step.same === true ? 'same' : step.same === false ? 'differs' : 'unchecked';
    tr.dataset.verdict = verdict;
    tr.append(
      el('td', null, el('code', null, `$ ${cellText(step.command)}`)),
      el('td', null, el('pre', 'transcript-expected', cellText(step.expected))),
      el('td', null, el('pre', 'transcript-actual', cellText(step.actual))),
      el('td', `transcript-verdict transcript-${verdict}`, t(`transcript.${verdict}`)),
    );
  }
  const wrap = el('div', 'cell-result result-table-wrap transcript');
  wrap.dataset.mime = Mime.TRANSCRIPT;
  const differ = Number(value?.differ) || 0;
  wrap.append(tableEl, el('div', 'result-caption', t('transcript.caption', { count: differ })));
  return wrap;
}

export function renderResult(mime, data) {
  if (mime === Mime.TRANSCRIPT) {
    const value = parsed(data);
    if (value !== undefined) return transcript(value);
  }
  if (mime === Mime.PNG && typeof data === 'string' && BASE64.test(data)) return image(data);
  if (mime === Mime.HTML && typeof data === 'string') return html(data);
  if (mime === Mime.TABLE) {
    const value = parsed(data);
    if (value !== undefined) return table(value);
  }
  if (mime === Mime.JSON) {
    const value = parsed(data);
    const text = value === undefined ? String(data) : JSON.stringify(value, null, 2);
    const pre = el('pre', 'cell-result result-json', text);
    pre.dataset.mime = mime;
    return pre;
  }
  const line = el('pre', 'cell-result result-value', typeof data === 'string' ? data : cellText(data));
  line.dataset.mime = mime || Mime.TEXT;
  return line;
}
