// The browser's side of docs/protocol.md: message names, client message constructors and the
// session socket. Everything else in the notebook talks to the server through this module, so a
// change to the protocol is a change here and in the document, nowhere else.

import { LiveSocket, socketUrl } from '../lib/live-socket.js';
import { refusalText } from '../lib/http.js';

/** Client → server message types. */
export const Client = Object.freeze({
  ATTACH: 'attach',
  EXECUTE: 'execute',
  RUN_ALL: 'run-all',
  INTERRUPT: 'interrupt',
  RESTART: 'restart',
});

/** Server → client message types. */
export const Server = Object.freeze({
  SNAPSHOT: 'snapshot',
  EVENTS: 'events',
  ACCEPTED: 'accepted',
  ERROR: 'error',
});

/** Event types carried inside an `events` message. */
export const EventType = Object.freeze({
  RUN_STARTED: 'run-started',
  CELL_STARTED: 'cell-started',
  CELL_OUTPUT: 'cell-output',
  CELL_RESULT: 'cell-result',
  HOST_STATUS: 'host-status',
  CELL_FINISHED: 'cell-finished',
  RUN_FINISHED: 'run-finished',
  OUTPUT_GAP: 'output-gap',
});

/** Cell and run statuses (snapshot and events use the same lower-case names). */
export const Status = Object.freeze({
  IDLE: 'idle',
  QUEUED: 'queued',
  RUNNING: 'running',
  OK: 'ok',
  FAILED: 'failed',
  STOPPED: 'stopped',
  TIMED_OUT: 'timed_out',
  SKIPPED: 'skipped',
  FROZEN: 'frozen',
});

export const Stream = Object.freeze({ STDOUT: 'stdout', STDERR: 'stderr' });

export const Mime = Object.freeze({
  TEXT: 'text/plain',
  JSON: 'application/json',
  TABLE: 'application/vnd.tejun.table+json',
  TRANSCRIPT: 'application/vnd.tejun.transcript+json',
  PNG: 'image/png',
  HTML: 'text/html',
});

export function attach(since) {
  return { type: Client.ATTACH, since };
}

/** `queue: true` asks the server to queue the run behind one that has not finished; without it a busy session refuses. */
export function execute(cellId, params, queue = false) {
  const message = params ? { type: Client.EXECUTE, cellId, params } : { type: Client.EXECUTE, cellId };
  return queue ? { ...message, queue: true } : message;
}

export function runAll(params, queue = false, cells = null) {
  let message = params ? { type: Client.RUN_ALL, params } : { type: Client.RUN_ALL };
  if (cells) message = { ...message, cells }; // a section: these cells in this order
  return queue ? { ...message, queue: true } : message;
}

/** True for the server's refusal of a run on a session that has one queued or running. */
export function isBusyRefusal(err) {
  return Boolean(err && err.codes && err.codes.some((c) => c.code === 'run.busy'))
    || String(err && (err.english || err.message)).startsWith('busy: ');
}

/** An `error` reply as an Error in the page's language (its codes translated), keeping the English and the codes. */
function refusal(msg) {
  const english = msg.message || 'refused';
  const err = new Error(refusalText(msg.codes, english));
  err.english = english;
  err.codes = msg.codes || [];
  return err;
}

export function interrupt() {
  return { type: Client.INTERRUPT };
}

/** Ends the kernel cell `cell` (of `language`: python, jupyter) runs in, only that one; its next cell starts afresh. */
export function restart(language, cell) {
  return { type: Client.RESTART, language, cell };
}

/** The socket URL for a runbook, on the page's own origin (the server refuses any other Origin). */
export function sessionUrl(runbook, loc = window.location) {
  return socketUrl(`/ws/session?runbook=${encodeURIComponent(runbook)}`, loc);
}

/**
 * One WebSocket to a runbook's session that survives network trouble: it reconnects as every live socket does
 * (live-socket.js), attaches with the last `seq` it saw, drops events it has already delivered, and starts over
 * from 0 when the server's session is a different one (a restarted server numbers from 1 again).
 *
 * Listeners: `on('snapshot' | 'accepted' | 'error', fn)`, `on(EVENT_TYPE, fn)` for each event,
 * `on('event', fn)` for every event, `on('state', fn)` with 'open' or 'closed', and `on('reset', fn)`
 * when earlier output no longer belongs to the server's session.
 */
export class SessionSocket {
  /**
   * `hold`: what arrives is kept until release(), so that the socket can be opened before the page that listens to
   * it is drawn (prefetch.js opens it while the page's modules load).
   */
  constructor(runbook, { url = sessionUrl(runbook), WebSocketImpl = WebSocket, hold = false } = {}) {
    this.holding = hold ? [] : null;
    this.lastSeq = 0;
    this.sessionId = null;
    this.listeners = new Map();
    this.pending = new Map();
    this.nextId = 1;
    // Between sending `attach` and receiving its snapshot, anything that arrives answers an older
    // attach; ignoring it keeps the seq bookkeeping simple and exact.
    this.awaitingSnapshot = true;
    this.link = new LiveSocket(url, {
      open: () => {
        this.sendAttach();
        this.later(() => this.emit('state', 'open'));
      },
      message: (data) => this.later(() => this.receive(data)),
      closed: () => this.later(() => {
        this.failPending('connection lost');
        this.emit('state', 'closed');
      }),
    }, { WebSocketImpl });
  }

  later(fn) {
    if (this.holding) this.holding.push(fn);
    else fn();
  }

  get held() {
    return this.holding !== null;
  }

  /** Hands what arrived while held to the listeners bound since, in order; from now on it is handed on as it comes. */
  release() {
    const held = this.holding || [];
    this.holding = null;
    for (const fn of held) fn();
  }

  on(type, fn) {
    if (!this.listeners.has(type)) this.listeners.set(type, []);
    this.listeners.get(type).push(fn);
    return this;
  }

  get isOpen() {
    return this.link.isOpen;
  }

  connect() {
    this.link.connect();
  }

  close() {
    this.link.close();
  }

  /** Sends a client message and resolves with the `accepted` answer, or rejects with the `error` one. */
  request(message) {
    if (!this.isOpen) return Promise.reject(new Error('not connected'));
    const id = String(this.nextId++);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.link.send(JSON.stringify({ ...message, id }));
    });
  }

  sendAttach() {
    this.awaitingSnapshot = true;
    this.link.send(JSON.stringify(attach(this.lastSeq)));
  }

  receive(raw) {
    let msg;
    try {
      msg = JSON.parse(raw);
    } catch {
      return;
    }
    switch (msg.type) {
      case Server.SNAPSHOT: return this.onSnapshot(msg);
      case Server.EVENTS: return this.onEvents(msg.events || []);
      case Server.ACCEPTED: return this.settle(msg, true);
      case Server.ERROR: return this.settle(msg, false);
      case 'runbook-saved': return this.emit('runbook-saved', msg);
      default: return undefined;
    }
  }

  onSnapshot(snapshot) {
    // A session's seq never goes back: a snapshot behind what we saw is a new session under the same id (the
    // runbook's), after a restart or on another server of a cluster once the one holding it went away.
    const behind = snapshot.lastSeq < this.lastSeq;
    if (this.sessionId !== null && (snapshot.sessionId !== this.sessionId || behind) && this.lastSeq > 0) {
      // A different session: our lastSeq means nothing there. Start over from its beginning.
      this.sessionId = snapshot.sessionId;
      this.lastSeq = 0;
      this.emit('reset', snapshot);
      this.sendAttach();
      return;
    }
    this.sessionId = snapshot.sessionId;
    this.awaitingSnapshot = false;
    this.link.healthy();
    this.emit(Server.SNAPSHOT, snapshot);
  }

  onEvents(events) {
    if (this.awaitingSnapshot) return;
    for (const event of events) {
      if (event.seq <= this.lastSeq) continue;
      this.lastSeq = event.seq;
      this.emit('event', event);
      this.emit(event.type, event);
    }
  }

  settle(msg, ok) {
    const waiting = msg.replyTo != null ? this.pending.get(msg.replyTo) : undefined;
    if (waiting) {
      this.pending.delete(msg.replyTo);
      if (ok) waiting.resolve(msg);
      else waiting.reject(refusal(msg));
    }
    this.emit(ok ? Server.ACCEPTED : Server.ERROR, msg);
  }

  failPending(reason) {
    for (const { reject } of this.pending.values()) reject(new Error(reason));
    this.pending.clear();
  }

  emit(type, payload) {
    for (const fn of this.listeners.get(type) || []) {
      try {
        fn(payload);
      } catch (err) {
        console.error(`listener for ${type} failed`, err);
      }
    }
  }
}
