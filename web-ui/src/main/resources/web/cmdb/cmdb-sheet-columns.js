// One column of the sheet editor: a card of inputs bound to a plain object, with the settings that apply to its
// type. Every input carries data-field="columns[i].…", the path the server names when it refuses a field.

import { el } from '../lib/dom.js';
import { t } from '../lib/i18n.js';

export const TYPES = ['STRING', 'TEXT', 'INTEGER', 'DECIMAL', 'BOOLEAN', 'DATE', 'DATETIME', 'ENUM', 'REFERENCE',
  'IP', 'CIDR', 'SECRET', 'LIST', 'MAP'];

/** The type-specific settings of each type, as the model (ColumnDef) has them. */
const SETTINGS = {
  STRING: ['maxLength', 'pattern'],
  TEXT: ['maxLength'],
  INTEGER: ['min', 'max'],
  DECIMAL: ['min', 'max'],
  ENUM: ['enumValues'],
  REFERENCE: ['referenceSheet'],
};

/** What a value of each type looks like, for the types whose name does not say it. */
const HELP = {
  BOOLEAN: t('help.boolean'),
  DATE: t('help.date'),
  DATETIME: t('help.datetime'),
  IP: t('help.ip'),
  CIDR: t('help.cidr'),
  SECRET: t('help.secret'),
  LIST: t('help.list'),
  MAP: t('help.map'),
};

/** A column as the editor holds it: the JSON of ColumnDef plus whether it is stored already or built in. */
export function blankColumn() {
  return {
    name: '', type: 'STRING', required: false, unique: false, description: '', maxLength: null, pattern: null,
    min: null, max: null, enumValues: null, referenceSheet: null, defaultValue: null, stored: false, builtIn: false,
  };
}

/** The JSON the server takes: settings that do not apply to the type are left out (null). */
export function toJson(column) {
  const applies = SETTINGS[column.type] || [];
  const setting = (key) => {
    if (!applies.includes(key)) return null;
    const v = column[key];
    return v === '' || v === undefined ? null : v;
  };
  return {
    name: column.name.trim(),
    type: column.type,
    required: !!column.required,
    unique: column.type === 'SECRET' ? false : !!column.unique,
    description: column.description || '',
    maxLength: setting('maxLength'),
    pattern: setting('pattern'),
    min: setting('min'),
    max: setting('max'),
    enumValues: applies.includes('enumValues') ? enumList(column.enumValues) : null,
    referenceSheet: setting('referenceSheet'),
    defaultValue: column.defaultValue === '' ? null : column.defaultValue,
  };
}

function enumList(values) {
  if (Array.isArray(values)) return values;
  return String(values || '').split('\n').map((v) => v.trim()).filter((v) => v);
}

/**
 * The card of column `index`. `ctx`: {sheets: names a reference may point at, locked: no change at all,
 * onChange(): the type changed (re-render), onMove(delta), onRemove()}.
 */
export function columnCard(column, index, count, ctx) {
  const path = (key) => `columns[${index}].${key}`;
  const locked = ctx.locked;
  const li = el('li', { className: 'column-card', dataset: { field: `columns[${index}]`, column: column.name } });

  function input(key, label, props = {}) {
    const value = column[key];
    const field = el('input', {
      value: value === null || value === undefined ? '' : String(value), disabled: locked,
      autocomplete: 'off', ...props, dataset: { field: path(key) },
    });
    field.addEventListener('input', () => { column[key] = field.value; });
    return el('label', {}, `${label} `, field);
  }

  function check(key, label, disabled = false) {
    const box = el('input', { type: 'checkbox', checked: !!column[key], disabled: locked || disabled,
      dataset: { field: path(key) } });
    box.addEventListener('change', () => { column[key] = box.checked; });
    return el('label', { className: 'check' }, box, ` ${label}`);
  }

  const type = el('select', { disabled: locked, dataset: { field: path('type') } },
    ...TYPES.map((t) => el('option', { value: t, textContent: t.toLowerCase(), selected: t === column.type })));
  type.addEventListener('change', () => {
    column.type = type.value;
    ctx.onChange();
  });

  const head = el('div', { className: 'column-head' },
    // A stored column keeps its name: renaming would leave its values under the old name.
    input('name', t('name'), { disabled: locked || column.stored, placeholder: t('lower-case-name'), maxLength: 63 }),
    el('label', {}, `${t('col.type')} `, type),
    check('required', t('col.required')),
    check('unique', t('col.unique'), column.type === 'SECRET'));
  const tools = el('span', { className: 'column-tools' });
  if (!locked) {
    const up = el('button', { type: 'button', textContent: '↑', title: t('col.move-up'), disabled: index === 0,
      className: 'move-up' });
    const down = el('button', { type: 'button', textContent: '↓', title: t('col.move-down'), disabled: index === count - 1,
      className: 'move-down' });
    const remove = el('button', { type: 'button', textContent: t('col.remove'), className: 'danger remove-column',
      title: t('col.remove-title') });
    up.addEventListener('click', () => ctx.onMove(-1));
    down.addEventListener('click', () => ctx.onMove(1));
    remove.addEventListener('click', () => ctx.onRemove());
    tools.append(up, down, remove);
  } else {
    tools.append(el('span', { className: 'muted', textContent: t('col.built-in') }));
  }
  head.append(tools);

  const settings = el('div', { className: 'column-settings' });
  const applies = SETTINGS[column.type] || [];
  if (applies.includes('maxLength')) settings.append(input('maxLength', t('col.max-length'), { inputMode: 'numeric' }));
  if (applies.includes('pattern')) settings.append(input('pattern', t('col.pattern'), { className: 'mono' }));
  if (applies.includes('min')) settings.append(input('min', t('col.min'), { inputMode: 'decimal' }));
  if (applies.includes('max')) settings.append(input('max', t('col.max'), { inputMode: 'decimal' }));
  if (applies.includes('enumValues')) {
    const values = el('textarea', { rows: 3, disabled: locked, dataset: { field: path('enumValues') },
      value: enumList(column.enumValues).join('\n') });
    values.addEventListener('input', () => { column.enumValues = values.value; });
    settings.append(el('label', {}, `${t('col.values')} `, values));
  }
  if (applies.includes('referenceSheet')) {
    const names = [...new Set([...ctx.sheets, column.referenceSheet].filter((n) => n))];
    const ref = el('select', { disabled: locked, dataset: { field: path('referenceSheet') } },
      el('option', { value: '', textContent: t('col.choose-sheet') }),
      ...names.map((n) => el('option', { value: n, textContent: n, selected: n === column.referenceSheet })));
    ref.addEventListener('change', () => { column.referenceSheet = ref.value; });
    settings.append(el('label', {}, `${t('col.refers-to')} `, ref));
  }
  if (HELP[column.type]) settings.append(el('span', { className: 'muted', textContent: HELP[column.type] }));
  if (column.type !== 'SECRET') settings.append(input('defaultValue', t('col.default')));

  const description = input('description', t('col.description'), { className: 'wide-input' });
  description.classList.add('wide');
  li.append(head, settings, description);
  return li;
}
