// Draws a cell's structured result (a `cell-result` event): a value line, a table or JSON.
// Built with textContent only: results come from programs and may contain anything.

import { Mime } from './protocol.js';
import { el } from '../lib/dom.js';

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

export function renderResult(mime, data) {
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
