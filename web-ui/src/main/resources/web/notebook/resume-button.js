// The Resume button beside a run that ended failed, stopped or timed out (issue 15): the run goes on from the cell
// where it stopped, through the same REST resume as `tejun run --resume` (POST /api/runs/ID/resume), keeping the
// outputs of the cells that succeeded. The new run is linked; its page follows it.
import { el } from '../lib/dom.js';
import { request } from '../lib/http.js';
import { t } from '../lib/i18n.js';
import { Status } from './protocol.js';

const RESUMABLE = new Set([Status.FAILED, Status.STOPPED, Status.TIMED_OUT]);

/** The button for run `runId` that ended with `status`, or null when it cannot be resumed. */
export function resumeButton(runId, status, notify) {
  if (!runId || !RESUMABLE.has(status)) return null;
  const button = el('button', { type: 'button', className: 'resume-run', title: t('nb-resume-title') }, t('nb-resume'));
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const started = await request('POST', `/api/runs/${encodeURIComponent(runId)}/resume`, {});
      const link = el('a', { className: 'resumed-run', href: `run.html?id=${encodeURIComponent(started.runId)}` },
        t('nb-resumed', { run: started.runId }));
      button.replaceWith(link);
    } catch (e) {
      button.disabled = false;
      notify(e.message, 'error');
    }
  });
  return button;
}
