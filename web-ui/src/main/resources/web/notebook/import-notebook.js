// The runbook list's Import button: a Jupyter notebook (.ipynb) chosen from disk becomes a runbook (editor role; the
// server refuses a name that is taken, or a file that is no notebook, saying why), its saved outputs a recorded run;
// the new runbook opens in the notebook, with those outputs beside its cells.

import { request } from '../lib/http.js';
import { t } from '../lib/i18n.js';

function importForm() {
  const form = document.getElementById('import-notebook-form');
  const error = document.getElementById('import-notebook-error');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const file = form.elements.file.files[0];
    if (!file) return;
    try {
      const answer = await request('POST', '/api/runbooks/import', {
        fileName: file.name, notebook: await file.text(), folder: form.elements.folder.value,
      });
      window.location.href = `notebook.html?runbook=${encodeURIComponent(answer.runbook.name)}`;
    } catch (err) {
      error.textContent = t('import-notebook-failed', { message: err.message });
      error.hidden = false;
    }
  });
}

importForm();
