// The runbook's parameters as a form. Its values go with every execute and run-all, as strings,
// because that is how the server's sessions and the CLI's `-p k=v` carry them.

import { el } from '../lib/dom.js';

function inputFor(spec) {
  const type = spec.type || 'string';
  if (spec.allowed && spec.allowed.length > 0) {
    const select = el('select');
    if (spec.default === null || spec.default === undefined) select.append(new Option('— choose —', ''));
    for (const value of spec.allowed) select.append(new Option(value, value));
    if (spec.default !== null && spec.default !== undefined) select.value = spec.default;
    return select;
  }
  const input = el('input');
  if (type === 'boolean') {
    input.type = 'checkbox';
    input.checked = String(spec.default).toLowerCase() === 'true';
    return input;
  }
  input.type = spec.secret ? 'password' : type === 'integer' || type === 'number' ? 'number' : 'text';
  if (type === 'integer') input.step = '1';
  if (type === 'number') input.step = 'any';
  if (spec.default !== null && spec.default !== undefined) input.value = spec.default;
  else input.placeholder = 'required';
  if (spec.secret) input.autocomplete = 'off';
  return input;
}

export class ParamsForm {
  constructor(specs) {
    this.specs = specs || [];
    this.inputs = new Map();
    this.element = this.build();
  }

  build() {
    const form = el('form', 'params');
    form.id = 'params';
    form.hidden = this.specs.length === 0;
    form.addEventListener('submit', (e) => e.preventDefault());
    form.append(el('h2', 'params-title', 'Parameters'));
    for (const spec of this.specs) {
      const row = el('label', 'param');
      row.dataset.param = spec.name;
      const name = el('span', 'param-name', spec.name);
      const input = inputFor(spec);
      input.name = spec.name;
      input.id = `param-${spec.name}`;
      this.inputs.set(spec.name, { spec, input });
      row.append(name, input);
      if (spec.description) row.append(el('span', 'param-description', spec.description));
      if (spec.default === null || spec.default === undefined) row.classList.add('required');
      form.append(row);
    }
    return form;
  }

  /** Shows the values the server's session already holds (another tab may have run with them). */
  fill(values) {
    if (!values) return;
    for (const [name, value] of Object.entries(values)) {
      const entry = this.inputs.get(name);
      if (!entry || value === null || value === undefined || entry.spec.secret) continue;
      if (entry.input.type === 'checkbox') entry.input.checked = String(value).toLowerCase() === 'true';
      else entry.input.value = String(value);
    }
  }

  /** Values cannot change under a run that is using them. */
  setDisabled(disabled) {
    for (const { input } of this.inputs.values()) input.disabled = disabled;
  }

  /** Every parameter as a string; an empty required one is left out so the server names it. */
  values() {
    const values = {};
    for (const [name, { input }] of this.inputs) {
      if (input.type === 'checkbox') values[name] = input.checked ? 'true' : 'false';
      else if (input.value !== '') values[name] = input.value;
    }
    return values;
  }
}
