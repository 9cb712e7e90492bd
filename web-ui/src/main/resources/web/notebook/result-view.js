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

export function renderResult(mime, data) {
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
