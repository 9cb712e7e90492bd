// The grid's fields, one per cell a user may change: an input, a textarea for a value that may span lines (TEXT,
// SECRET), a key-file picker beside a SECRET cell, and a TEXT cell's plain text until it is edited.

import { el } from '../lib/dom.js';
import { t } from '../lib/i18n.js';

/** Columns whose one value may span lines: a paste of several lines stays in the cell. */
export const MULTI_LINE = new Set(['TEXT', 'SECRET']);

/** The field for a cell of `col` holding `value`; `title` its tooltip; `disabled` when the user may not change it. */
export function cellField(col, value, title, disabled) {
  const secret = col.type === 'SECRET';
  const multi = MULTI_LINE.has(col.type);
  const input = multi ? el('textarea', { className: 'cell-input' }) : el('input', { type: 'text', className: 'cell-input' });
  if (multi) input.rows = 1;
  input.dataset.key = col.key;
  input.setAttribute('aria-label', col.label);
  if (secret) {
    // a textarea, so a private key keeps its lines; masked like a password field
    input.classList.add('secret-input');
    input.placeholder = value ? '****' : '';
    input.autocomplete = 'off';
    input.spellcheck = false;
  } else {
    input.value = value;
  }
  input.title = title;
  input.translate = false; // a value and the sheet's description of its column: recorded data
  input.disabled = disabled;
  return input;
}

/** A key-file picker beside a SECRET cell: the file's text becomes the cell's value. */
export function keyFilePicker(col, onText) {
  const label = el('label', { className: 'key-file', title: t('grid.key-file', { label: col.label }) });
  const picker = el('input', { type: 'file', className: 'key-file-input' });
  picker.setAttribute('aria-label', t('grid.key-file', { label: col.label }));
  picker.addEventListener('change', async () => {
    const file = picker.files[0];
    if (file) onText(await file.text());
    picker.value = '';
  });
  label.append(t('grid.key-file-button'), picker);
  return label;
}

/**
 * A cell as its text, one line high, until it gets the focus (a click, Tab): then the field `editor()` makes takes
 * its place, marked as the text was (invalid, stale). A field per cell costs the browser far more to lay out and
 * paint than text does, and a grid scrolled through 100,000 rows draws many rows a second (bench/ui).
 */
export function textCell(col, value, title, editor) {
  const text = el('div', { className: 'cell-input cell-text', tabIndex: 0, textContent: value, title,
    translate: false });
  text.dataset.key = col.key;
  text.setAttribute('role', 'textbox');
  text.setAttribute('aria-label', col.label);
  text.addEventListener('focus', () => {
    const input = editor();
    input.classList.add(...[...text.classList].filter((c) => c !== 'cell-text'));
    if (text.hasAttribute('aria-invalid')) input.setAttribute('aria-invalid', text.getAttribute('aria-invalid'));
    text.replaceWith(input);
    input.focus();
  });
  return text;
}
