// Expected × actual (cmdb-drift.html): for each observed sheet a host × column matrix, red where the actual state
// differs from the design, with since-when and the last collection; below it, each IaC file's variables and where
// their values come from (red where nothing defines one). Everything shown goes in as text.

import { drift, variables } from './cmdb-api.js';
import { $, el, showMessage } from '../lib/dom.js';
import { formatTime, t } from '../lib/i18n.js'; // translates the page's HTML before this script fills it

const shown = (v) => (v === null || v === undefined ? '∅' : String(v));
const when = (iso) => (iso ? formatTime(iso) : t('never'));

function matrix(report) {
  const head = el('tr', {}, el('th', {}, t('host')), el('th', {}, t('collected')),
    ...report.columns.map((c) => el('th', {}, c)));
  const rows = report.hosts.map((h) => el('tr', { dataset: { host: h.host } },
    el('td', {}, h.host), el('td', 'muted', when(h.collectedAt)),
    ...h.cells.map((c) => {
      const td = el('td', { className: c.differs ? 'drift-differs' : '', dataset: { column: c.column } },
        el('code', 'expected', shown(c.expected)));
      if (c.differs) {
        td.append(' → ', el('code', 'actual', shown(c.actual)));
        td.title = t('actual-since', { actual: shown(c.actual), since: when(c.since) });
      }
      return td;
    })));
  const table = el('table', { className: 'cmdb-diff', dataset: { sheet: report.expectedSheet } },
    el('thead', {}, head), el('tbody', {}, ...rows));
  const summary = `${report.expectedSheet} × ${report.observedSheet}: ${t('differing', { count: report.drifted })}`
    + (report.uncollected ? `, ${t('never-collected', { count: report.uncollected })}` : '');
  return el('section', {}, el('h3', {}, summary), table);
}

async function showDrift() {
  try {
    const reports = await drift();
    $('drift').replaceChildren(...reports.map(matrix));
    if (!reports.length) showMessage($('drift-message'), t('no-observed-sheet'));
  } catch (err) {
    showMessage($('drift-message'), t('cannot-read-drift', { error: err.message }), 'error');
  }
}

async function showVariables() {
  try {
    const harvest = await variables();
    const rows = [];
    for (const file of harvest.files) {
      for (const v of file.variables) {
        const from = v.sources.length
          ? v.sources.map((s) => `${s.kind.toLowerCase().replace('_', ' ')} ${s.where}`).join(', ')
          : (file.note ? t('not-checked', { note: file.note }) : t('nothing-defines-it'));
        const tr = el('tr', { dataset: { file: file.path, variable: v.name } },
          el('td', {}, `${file.path} (${file.kind})`), el('td', {}, el('code', {}, v.name)), el('td', {}, from));
        if (!v.sources.length && !file.note) tr.className = 'drift-differs';
        rows.push(tr);
      }
    }
    $('vars').querySelector('tbody').replaceChildren(...rows);
    const unused = harvest.unused.length ? ` ${t('unused-variables', { names: harvest.unused.join(', ') })}` : '';
    showMessage($('vars-message'), (harvest.ok ? t('all-defined') : t('some-undefined')) + unused,
      harvest.ok ? 'info' : 'error');
  } catch (err) {
    showMessage($('vars-message'), t('cannot-read-variables', { error: err.message }), 'error');
  }
}

showDrift();
showVariables();
