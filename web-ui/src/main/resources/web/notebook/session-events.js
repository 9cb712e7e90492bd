// What the session's messages do to the notebook page.
//
// The snapshot is the truth about cell statuses at the moment it was taken (`lastSeq`). Events up to
// that seq are replayed only for their output: their status changes are already in the snapshot, and
// after a long flood the server may no longer hold the events that finished a cell. Events after it
// are live and move statuses too. This is what lets a reloaded page or a second tab show the same.

import { EventType, Status } from './protocol.js';
import { statusText, t } from '../lib/i18n.js';
import { refusalText } from '../lib/http.js';

const RUN_LABELS = {
  [Status.OK]: t('nb-run-ok'),
  [Status.FAILED]: statusText(Status.FAILED),
  [Status.STOPPED]: statusText(Status.STOPPED),
  [Status.TIMED_OUT]: statusText(Status.TIMED_OUT),
  [Status.SKIPPED]: statusText(Status.SKIPPED),
  [Status.FROZEN]: statusText(Status.FROZEN),
};

export function bindSession(socket, notebook) {
  let snapshotSeq = 0;
  let firstSnapshot = true;

  socket.on('state', (state) => notebook.setConnection(state));

  // an error the server sends unasked, e.g. that the server holding this session went away (several servers)
  socket.on('error', (msg) => {
    if (msg.replyTo == null && msg.message) notebook.notify(refusalText(msg.codes, msg.message), 'error');
  });

  socket.on('snapshot', (snapshot) => {
    snapshotSeq = snapshot.lastSeq || 0;
    const states = snapshot.cells || {};
    for (const view of notebook.codeViews.values()) {
      const state = states[view.id];
      view.setStatus(state ? state.status : Status.IDLE, state || {});
    }
    if (firstSnapshot) notebook.params.fill(snapshot.params);
    firstSnapshot = false;
    notebook.sessionRuns(snapshot.activeRunId ? [snapshot.activeRunId] : []);
    if (snapshot.activeRunId) {
      notebook.showRun({ runId: snapshot.activeRunId, status: Status.RUNNING, text: `Run ${snapshot.activeRunId} running…` });
    }
  });

  socket.on('reset', () => {
    // The server's session is a new one: what the page shows belongs to a session that is gone.
    for (const view of notebook.codeViews.values()) {
      view.output.clear(null);
      view.hosts.clear();
      view.setStatus(Status.IDLE);
    }
  });

  socket.on('event', (event) => {
    const live = event.seq > snapshotSeq;
    const handler = HANDLERS[event.type];
    if (handler) handler(notebook, event, live);
  });
}

const HANDLERS = {
  [EventType.RUN_STARTED](notebook, event, live) {
    const who = event.user ? ` by ${event.user}` : '';
    notebook.progress.started(event);
    notebook.showRun({ runId: event.runId, status: Status.RUNNING, text: `Run ${event.runId} started${who}…` });
    if (!live) return;
    notebook.runStarted(event.runId);
    for (const cellId of event.cellIds || []) {
      const view = notebook.codeView(cellId);
      if (!view) continue;
      if (view.status !== Status.QUEUED) view.beforeQueued = { status: view.status, info: view.statusInfo };
      view.setStatus(Status.QUEUED);
      view.queuedBy = event.runId;
    }
  },

  [EventType.CELL_STARTED](notebook, event, live) {
    const view = notebook.codeView(event.cellId);
    if (!view) return;
    view.output.clear(event.runId);
    view.hosts.clear();
    view.output.showHost(null);
    view.progress.started(event.at);
    notebook.progress.cellStarted(event);
    if (live) view.setStatus(Status.RUNNING);
  },

  [EventType.CELL_OUTPUT](notebook, event) {
    const view = notebook.codeView(event.cellId);
    if (!view) return;
    view.output.append(event.stream, event.text, event.host ?? null);
    view.progress.output(event.text);
  },

  [EventType.CELL_RESULT](notebook, event) {
    const view = notebook.codeView(event.cellId);
    // beside a host strip the JSON summary is folded away: the strip says it at a glance
    if (view) view.output.result(event.mime, event.data, view.hosts.hosts.size > 0);
  },

  [EventType.HOST_STATUS](notebook, event) {
    const view = notebook.codeView(event.cellId);
    if (!view) return;
    view.hosts.set(event.host, event.status, event.detail);
  },

  [EventType.CELL_FINISHED](notebook, event, live) {
    const view = notebook.codeView(event.cellId);
    if (!view) return;
    if (live) view.setStatus(event.status, event);
    // A cell skipped in this run shows nothing of an earlier run's output, which would pass for this run's
    const notRun = event.status === Status.SKIPPED || event.status === Status.FROZEN;
    if (notRun && view.output.runId !== event.runId) view.output.clear(event.runId);
    // A cell that failed before it ran (an unresolved ${…}) has no output; say why where one looks.
    if (event.message && event.status !== Status.OK) {
      const text = refusalText(event.codes, event.message); // the server's codes in the page's language
      view.output.note(text, event.status === Status.FROZEN ? 'output-note' : 'output-note error');
    }
  },

  [EventType.RUN_FINISHED](notebook, event, live) {
    const label = RUN_LABELS[event.status] || event.status;
    const message = event.message ? ` — ${refusalText(event.codes, event.message)}` : '';
    notebook.progress.finished(event.runId);
    notebook.showRun({
      runId: event.runId, status: event.status, text: `${t('nb-run-line', { run: event.runId, status: label })}${message}`, evidence: event.evidence,
    });
    if (!live) return;
    notebook.runFinished(event.runId);
    // Cells that were waiting for this run and never started will not start now.
    for (const view of notebook.codeViews.values()) {
      if (view.status === Status.QUEUED && view.queuedBy === event.runId) {
        const before = view.beforeQueued || { status: Status.IDLE, info: {} };
        view.setStatus(before.status, before.info);
      }
    }
  },

  [EventType.OUTPUT_GAP](notebook, event) {
    const view = notebook.codeView(event.cellId);
    if (view && event.droppedBytes > 0) view.progress.bytes += event.droppedBytes;
    if (view) view.output.gap(event.droppedBytes, event.runId);
    else notebook.notify(t('nb-session-gap'));
  },
};
