// The runbooks half of docs/protocol.md's REST, as small functions that return parsed JSON or throw (http.js).

import { ApiError, request } from '../lib/http.js';

/** The server answered 409: the file changed since we read it. `document` is the current one. */
export class ConflictError extends ApiError {
  constructor(document) {
    super(409, 'changed elsewhere', document);
    this.document = document;
  }
}

function runbookPath(name) {
  return name.split('/').map(encodeURIComponent).join('/');
}

async function call(method, path, body) {
  try {
    return await request(method, path, body);
  } catch (e) {
    if (e instanceof ApiError && e.status === 409) throw new ConflictError(e.body);
    throw e;
  }
}

export function listRunbooks() {
  return call('GET', '/api/runbooks');
}

export function getRunbook(name) {
  return call('GET', `/api/runbooks/${runbookPath(name)}`);
}

/** `change` is `{code}` for a code cell or `{source}` for prose; answers the new document. */
export function putCell(name, index, change, version) {
  return call('PUT', `/api/runbooks/${runbookPath(name)}/cells/${index}`, { ...change, version });
}
