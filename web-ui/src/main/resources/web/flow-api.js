// The flow half of docs/protocol.md ("Flows"): REST calls and the /ws/flows push socket.
import { request } from './api.js';

function flowPath(name) {
  return name.split('/').map(encodeURIComponent).join('/');
}

const call = request;

export const listFlows = () => call('GET', '/api/flows');
export const getFlow = (name) => call('GET', `/api/flows/${flowPath(name)}`);
export const startFlow = (name, params) => call('POST', `/api/flows/${flowPath(name)}/start`, { params });

export function listInstances(filters = {}) {
  const q = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
  return call('GET', `/api/flow-instances${q.toString() ? `?${q}` : ''}`);
}

const instancePath = (id) => `/api/flow-instances/${encodeURIComponent(id)}`;
export const getInstance = (id) => call('GET', instancePath(id));
export const approveNode = (id, nodeId, comment) => call('POST', `${instancePath(id)}/approve`, { nodeId, comment });
export const rejectNode = (id, nodeId, comment) => call('POST', `${instancePath(id)}/reject`, { nodeId, comment });
export const emergencyStop = (id) => call('POST', `${instancePath(id)}/emergency-stop`);
export const stopInstance = (id) => call('POST', `${instancePath(id)}/stop`);
export const resumeInstance = (id) => call('POST', `${instancePath(id)}/resume`);

export const listApprovals = () => call('GET', '/api/approvals');
export const approveCell = (id, comment) => call('POST', `/api/approvals/${encodeURIComponent(id)}/approve`, { comment });
export const rejectCell = (id, comment) => call('POST', `/api/approvals/${encodeURIComponent(id)}/reject`, { comment });

/**
 * Opens /ws/flows and calls `onChange` with every pushed change ({type:'instance', instance} or
 * {type:'node', instanceId, node}); reconnects after a drop and calls `onReconnect` so the page re-reads REST.
 */
export function watchFlows(onChange, onState = () => {}, onReconnect = () => {}) {
  let delay = 500;
  let first = true;
  const open = () => {
    const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws/flows`);
    ws.addEventListener('open', () => {
      delay = 500;
      onState('open');
      if (!first) onReconnect();
      first = false;
    });
    ws.addEventListener('message', (e) => {
      try {
        onChange(JSON.parse(e.data));
      } catch {
        // a malformed frame is dropped; the next REST read corrects the page
      }
    });
    ws.addEventListener('close', () => {
      onState('closed');
      setTimeout(open, delay);
      delay = Math.min(delay * 2, 10000);
    });
  };
  open();
}

/** `el('td', {className: 'x'}, 'text', child)`: elements with text as textContent only, never HTML. */
export function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'dataset') Object.assign(e.dataset, v);
    else if (v !== undefined && v !== null) e[k] = v;
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    e.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return e;
}

export function when(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}
