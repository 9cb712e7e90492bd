// The flow half of docs/protocol.md ("Flows"): REST calls and the /ws/flows push socket.
import { request } from '../lib/http.js';
import { LiveSocket, socketUrl } from '../lib/live-socket.js';

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
 * {type:'node', instanceId, node}); reconnects after a drop. `onSubscribed` is called when the server says the
 * connection gets every change from now on ({type:'subscribed'}, after each connect): the page re-reads REST then,
 * so nothing that changed before is missed (the flows socket has no sequence numbers to resume from).
 */
export function watchFlows(onChange, onState = () => {}, onSubscribed = () => {}) {
  const socket = new LiveSocket(socketUrl('/ws/flows'), {
    open() {
      socket.healthy();
      onState('open');
    },
    message(data) {
      let change;
      try {
        change = JSON.parse(data);
      } catch {
        return; // a malformed frame is dropped; the next REST read corrects the page
      }
      if (change.type === 'subscribed') onSubscribed();
      else onChange(change);
    },
    closed: () => onState('closed'),
  });
  socket.connect();
  return socket;
}

export function when(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}
