// The REST half of docs/protocol.md, as small functions that return parsed JSON or throw.

/** The server answered 409: the file changed since we read it. `document` is the current one. */
export class ConflictError extends Error {
  constructor(document) {
    super('changed elsewhere');
    this.document = document;
  }
}

export class ApiError extends Error {
  constructor(status, message, body = null) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

function runbookPath(name) {
  return name.split('/').map(encodeURIComponent).join('/');
}

let csrfToken = null;

/** The signed-in user: `{name, roles, via, csrfToken}`; also keeps the CSRF token for state changes. */
export async function me() {
  const user = await call('GET', '/api/me');
  csrfToken = user.csrfToken;
  return user;
}

export function logout() {
  return call('POST', '/api/logout');
}

/** Any REST call: sends the CSRF token on state changes, answers parsed JSON, throws ApiError otherwise. */
export async function request(method, path, body) {
  const init = { method, headers: { Accept: 'application/json' }, credentials: 'same-origin' };
  if (method !== 'GET' && path !== '/api/logout') {
    if (csrfToken === null) await me();
    init.headers['X-CSRF-Token'] = csrfToken;
  }
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (response.status === 401 && path !== '/api/me') {
    location.assign(`/login.html?next=${encodeURIComponent(location.pathname + location.search)}`);
  }
  if (!response.ok) {
    throw new ApiError(response.status, (json && json.error) || `${response.status} ${response.statusText}`, json);
  }
  return json;
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

/** GET with query parameters (nulls and empty strings left out). */
export function getJson(path, query = {}) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v) params.set(k, v);
  const q = params.toString();
  return call('GET', q ? `${path}?${q}` : path);
}
