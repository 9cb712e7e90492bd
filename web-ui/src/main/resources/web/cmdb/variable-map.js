// The variable map (variables.html?runbook=PATH or ?file=PATH): for each file a runbook's cells run (or one
// playbook, role file, template or module), each variable it uses and where its value comes from — a sheet column,
// a param, a group or role default, the playbook, an Ansible fact, a registered result — or that nothing gives it
// (red). Everything shown goes in as text.

import { variables } from './cmdb-api.js';
import { $, el, showMessage } from '../lib/dom.js';
import { t } from '../lib/i18n.js'; // translates the page's HTML before this script fills it

const query = new URLSearchParams(window.location.search);
const runbook = query.get('runbook');
const file = query.get('file');

/** The label of a source kind (CMDB, FACT, REGISTERED …) in the page's language. */
const kindLabel = (kind) => t(`kind-${kind.toLowerCase()}`);

function table(f) {
  const rows = f.variables.map((v) => {
    const strongest = v.sources.length ? v.sources[v.sources.length - 1] : null;
    const from = v.sources.length
      ? v.sources.map((s) => `${kindLabel(s.kind)}: ${s.where}`).join(', ')
      : (f.note ? t('not-checked', { note: f.note }) : t('missing'));
    const tr = el('tr', { dataset: { variable: v.name, kind: strongest ? strongest.kind.toLowerCase() : 'missing' } },
      el('td', {}, el('code', {}, v.name)),
      el('td', 'kind', strongest ? kindLabel(strongest.kind) : t('kind-missing')),
      el('td', {}, from));
    if (!v.sources.length && !f.note) tr.className = 'drift-differs';
    return tr;
  });
  const head = el('tr', {}, el('th', {}, t('variable')), el('th', {}, t('kind')), el('th', {}, t('comes-from')));
  const title = el('h3', {}, `${f.path} (${f.kind}) `);
  if (!file && f.kind === 'playbook') {
    title.append(el('a', { href: `variables.html?file=${encodeURIComponent(f.path)}` }, t('only-this-file')));
  }
  return el('section', { dataset: { file: f.path } }, title,
    el('table', { className: 'cmdb-diff' }, el('thead', {}, head), el('tbody', {}, ...rows)));
}

async function show() {
  $('subject').textContent = runbook || file || '';
  if (runbook) $('back').href = `notebook.html?runbook=${encodeURIComponent(runbook)}`;
  if (runbook) $('back').textContent = t('back-to-runbook');
  try {
    const q = {};
    if (runbook) q.runbook = runbook;
    if (file) q.file = file;
    const harvest = await variables(q);
    $('files').replaceChildren(...harvest.files.map(table));
    if (!harvest.files.length) {
      showMessage($('vars-message'), t('no-files'));
    } else {
      showMessage($('vars-message'), harvest.ok ? t('all-defined') : t('some-undefined'),
        harvest.ok ? 'info' : 'error');
    }
  } catch (err) {
    showMessage($('vars-message'), t('cannot-read-variables', { error: err.message }), 'error');
  }
}

show();
