// One WebSocket that comes back after a drop, for every page that listens to the server: it reconnects with growing,
// jittered delays (0.5 s doubling to 10 s) and tells its owner when it opens and closes. Resuming is the owner's
// part, as far as its protocol allows: the session socket attaches with the last seq it saw and misses nothing; the
// flows socket has no seq, so its page re-reads the REST state after a reconnect.
//
// A browser does not say why a handshake failed. When one did, the socket asks the server who is signed in: if
// the session has ended, that call sends the browser to the sign-in page and back (http.js), as any REST call does.

import { currentUser } from './http.js';

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 10_000;

/** The socket URL of `path` on the page's own origin (the server refuses any other Origin). */
export function socketUrl(path, loc = window.location) {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}${path}`;
}

/**
 * The socket to `url` the page's early classic script opened before the modules loaded (notebook/early.js), taken
 * once: `{ws, handOver()}`, where handOver() replays to the socket's own handlers what it heard so far. Null if none.
 */
function earlySocket(url) {
  const started = window.tejunEarly;
  const early = started && started.get(url);
  if (!early || !early.ws) return null;
  started.delete(url);
  return early;
}

export class LiveSocket {
  /**
   * @param url the ws: or wss: URL
   * @param hooks `{ open(reconnected), message(data), closed() }`, each optional; `open` runs after every connect
   */
  constructor(url, hooks, { WebSocketImpl = WebSocket } = {}) {
    this.url = url;
    this.hooks = hooks;
    this.WebSocketImpl = WebSocketImpl;
    this.ws = null;
    this.timer = null;
    this.delay = FIRST_DELAY_MS;
    this.closedByUs = false;
    this.everOpened = false;
  }

  get isOpen() {
    return this.ws !== null && this.ws.readyState === 1;
  }

  connect() {
    this.closedByUs = false;
    clearTimeout(this.timer);
    const early = earlySocket(this.url);
    const ws = early ? early.ws : new this.WebSocketImpl(this.url);
    this.ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      const reconnected = this.everOpened;
      this.everOpened = true;
      this.call('open', reconnected);
    };
    ws.onmessage = (e) => this.call('message', e.data);
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.call('closed');
      if (!opened) currentUser({ again: true }).catch(() => { /* a 401 went to sign-in; else the server is away */ });
      if (!this.closedByUs) this.scheduleReconnect();
    };
    ws.onerror = () => { /* onclose follows and does the work */ };
    early?.handOver();
  }

  /** Closes for good: no reconnect. */
  close() {
    this.closedByUs = true;
    clearTimeout(this.timer);
    if (this.ws) this.ws.close();
  }

  send(text) {
    this.ws.send(text);
  }

  /** The server has accepted this connection: after the next drop, start again from the shortest delay. */
  healthy() {
    this.delay = FIRST_DELAY_MS;
  }

  scheduleReconnect() {
    const wait = this.delay * (0.75 + Math.random() / 2);
    this.delay = Math.min(this.delay * 2, MAX_DELAY_MS);
    this.timer = setTimeout(() => this.connect(), wait);
  }

  call(hook, arg) {
    const fn = this.hooks[hook];
    if (!fn) return;
    try {
      fn(arg);
    } catch (err) {
      console.error(`socket ${hook} hook failed`, err);
    }
  }
}
