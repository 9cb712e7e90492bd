// "Restart kernel" on python and jupyter cells: ends the kernel that cell runs in (only that one: a session may hold
// several, by kernel=) through the session socket's `restart` message, so the next cell in it starts a fresh one with
// no variables left, as Jupyter's restart does. The server refuses it while a run goes on; the answer is shown as a notice either way.

import { el } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { restart } from './protocol.js';

const KERNEL_LANGUAGES = new Set(['python', 'jupyter']);

function decorate(root, socket, notify) {
  for (const cell of root.querySelectorAll('.code-cell')) {
    const language = cell.querySelector('.cell-language')?.textContent;
    const header = cell.querySelector('.cell-header');
    if (!KERNEL_LANGUAGES.has(language) || !header || header.querySelector('.restart-kernel')) continue;
    const button = el('button', { type: 'button', className: 'restart-kernel', title: t('kernel.restart-title') },
      t('kernel.restart'));
    button.addEventListener('click', async () => {
      try {
        await socket.request(restart(language, cell.dataset.cellId));
        notify(t('kernel.restarted', { language }), 'info');
      } catch (err) {
        notify(err.message, 'error');
      }
    });
    header.append(button);
  }
}

/** Adds the button to the kernel cells under `root`, now and whenever the notebook draws its cells again. */
export function watchKernelCells(root, socket, notify) {
  decorate(root, socket, notify);
  new MutationObserver(() => decorate(root, socket, notify)).observe(root, { childList: true });
}
