// The Excel upload preview: what each worksheet row would do, every refused cell, and an Apply button.

import { applyPlan } from './cmdb-api.js';
import { el } from '../lib/dom.js';
import { t } from '../lib/i18n.js';

const PROBLEM_HEADERS = () => [t('import.sheet'), t('import.row'), t('import.column'), t('import.problem')];

function table(headers, rows) {
  const head = el('tr', {}, ...headers.map((h) => el('th', { textContent: h })));
  const body = rows.map((cells) => el('tr', {}, ...cells.map((c) => el('td', { textContent: c == null ? '' : String(c) }))));
  return el('table', { className: 'cmdb-preview-table' }, el('thead', {}, head), el('tbody', {}, ...body));
}

/**
 * Shows `preview` (the server's answer to an upload) in `box`; `onApplied(changed)` runs after a successful
 * apply, `onError(message)` when apply is refused.
 */
export function showPreview(box, preview, onApplied, onError) {
  const counts = preview.counts || {};
  const summary = Object.entries(counts).filter(([, n]) => n > 0)
    .map(([action, n]) => `${n} ${action.toLowerCase()}`).join(', ');
  const title = el('h2', { textContent: preview.ok ? t('import.preview', { summary: summary || t('import.nothing') })
    : t('import.refused', { count: preview.errors.length }) });
  const parts = [title];
  if (preview.errors && preview.errors.length) {
    parts.push(el('div', { className: 'cmdb-preview-errors' }, table(PROBLEM_HEADERS(),
      preview.errors.map((e) => [e.sheet, e.rowRef, e.column, e.message]))));
  }
  const changing = (preview.rows || []).filter((r) => r.action !== 'UNCHANGED');
  if (changing.length) {
    parts.push(table([t('import.sheet'), t('import.excel-row'), t('import.action'), 'id'],
      changing.map((r) => [r.sheet, r.excelRow, r.action.toLowerCase(), r.rowId])));
  }
  const buttons = el('div', { className: 'cmdb-preview-buttons' });
  if (preview.ok && preview.planId) {
    const apply = el('button', { type: 'button', className: 'primary', id: 'apply-import', textContent: t('import.apply') });
    apply.disabled = changing.length === 0;
    apply.addEventListener('click', async () => {
      apply.disabled = true;
      try {
        const result = await applyPlan(preview.planId);
        box.hidden = true;
        onApplied(result.changed);
      } catch (err) {
        const errors = err.errors || [];
        box.replaceChildren(el('h2', { textContent: t('import.apply-refused', { error: err.message }) }),
          table(PROBLEM_HEADERS(), errors.map((e) => [e.sheet, e.rowRef, e.column, e.message])));
        onError(err.message);
      }
    });
    buttons.append(apply);
  }
  const close = el('button', { type: 'button', textContent: t('import.close') });
  close.addEventListener('click', () => { box.hidden = true; });
  buttons.append(close);
  parts.push(buttons);
  box.replaceChildren(...parts);
  box.hidden = false;
}
