// The one HTTP client of every page (docs/protocol.md, REST): same-origin JSON calls that carry the session's CSRF
// token, send the browser to the sign-in page and back when the session is gone, and fail with one error type whose
// message is the server's own. No page calls fetch itself, so none of this is written twice.

/** Any refusal: `status` is the HTTP status (0: no answer at all), `body` the parsed JSON answer, if any. */
/** A run id, of either form: the second it was named in and six (before 2026-12) or twelve hex digits. */
export const RUN_ID = /^\d{8}-\d{6}-[0-9a-f]{6}(?:[0-9a-f]{6})?$/;

export class ApiError extends Error {
  constructor(status, message, body = null) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

/** Turns a refusal's codes (server ErrorCodes) into the page's language; lib/i18n.js sets it. Null: no text. */
let translator = () => null;

export function translateErrors(fn) {
  translator = fn;
}

/** What a refusal says to the reader: its codes in the page's language when they translate, else the server's English. */
export function refusalText(codes, english) {
  return translator(codes) || english;
}

/** The sign-in page, with this page as the way back. */
export function signInUrl(loc = window.location) {
  return `/login.html?next=${encodeURIComponent(loc.pathname + loc.search)}`;
}

async function send(method, path, body, { contentType = null, csrfToken = null } = {}) {
  // X-Tejun-Client tells the server (the CMDB journal) that a person did this in the web pages, not a script.
  const headers = { Accept: 'application/json', 'X-Tejun-Client': 'web' };
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const init = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) {
    headers['Content-Type'] = contentType || 'application/json';
    init.body = contentType ? body : JSON.stringify(body);
  }
  return answer((method === 'GET' && startedEarly(path)) || fetch(path, init));
}

/**
 * The answer to a GET the page's early classic script started before its modules loaded (notebook/early.js), taken
 * once: a later GET of the same path asks the server anew. A promise of the Response (of null when the early script
 * did not ask after all), or undefined.
 */
function startedEarly(path) {
  const started = window.tejunEarly;
  const answer = started && started.get(path);
  if (answer) started.delete(path);
  return answer;
}

/** The parsed JSON of `responding` (a fetch's promise of its Response), or an ApiError; a 401 goes to sign-in. */
async function answer(responding) {
  let response;
  try {
    response = await responding;
  } catch (e) {
    throw new ApiError(0, `cannot reach the server: ${e.message}`);
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (response.status === 401 && window.location.pathname !== '/login.html') window.location.assign(signInUrl());
  if (!response.ok) {
    // a refused CMDB write names each value: each shows in the page's language too
    if (json && Array.isArray(json.errors)) {
      for (const e of json.errors) if (e && e.codes) e.message = refusalText(e.codes, e.message);
    }
    const english = (json && json.error) || `${response.status} ${response.statusText}`;
    throw new ApiError(response.status, refusalText(json && json.codes, english), json);
  }
  return json;
}

let signedIn = null;

/**
 * The signed-in user `{name, roles, via, csrfToken}`, asked for once per page: its CSRF token goes with every call.
 * `again`: ask anew, e.g. after a password change gave this browser a new session.
 */
export function currentUser({ again = false } = {}) {
  if (signedIn === null || again) {
    const asking = send('GET', '/api/me');
    signedIn = asking;
    asking.catch(() => {
      if (signedIn === asking) signedIn = null; // the next call asks again
    });
  }
  return signedIn;
}

/**
 * Any REST call: answers the parsed JSON, throws ApiError otherwise. `body` goes as JSON, or as it is when
 * `options.contentType` names its type. Every call but a GET carries the CSRF token; the server needs it on state
 * changes.
 */
export async function request(method, path, body, options = {}) {
  // a read needs no token (the server checks it on state changes only): it goes at once, not after /api/me
  const csrfToken = method === 'GET' ? null : (await currentUser()).csrfToken;
  return send(method, path, body, { contentType: options.contentType, csrfToken });
}

/** GET with query parameters (nulls and empty strings left out). */
export function getJson(path, query = {}) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v) params.set(k, v);
  const q = params.toString();
  return request('GET', q ? `${path}?${q}` : path);
}

/** A text answer (an HTML report) of a GET, with the session's token like every call. */
export async function getText(path) {
  const { csrfToken } = await currentUser();
  let response;
  try {
    response = await fetch(path, { credentials: 'same-origin', headers: { 'X-CSRF-Token': csrfToken, 'X-Tejun-Client': 'web' } });
  } catch (e) {
    throw new ApiError(0, `cannot reach the server: ${e.message}`);
  }
  if (!response.ok) throw new ApiError(response.status, `${response.status} ${response.statusText}`);
  return response.text();
}

/**
 * Bytes `first`..`last` (inclusive) of a large download (a cell's full output): `{bytes, total}`, where `total` is
 * the whole file's size from the answer's Content-Range. A range past the end answers no bytes.
 */
export async function getRange(path, first, last) {
  const { csrfToken } = await currentUser();
  let response;
  try {
    response = await fetch(path, {
      credentials: 'same-origin',
      headers: { Range: `bytes=${first}-${last}`, 'X-CSRF-Token': csrfToken, 'X-Tejun-Client': 'web' },
    });
  } catch (e) {
    throw new ApiError(0, `cannot reach the server: ${e.message}`);
  }
  const range = /\/(\d+)$/.exec(response.headers.get('Content-Range') || '');
  if (response.status === 416) return { bytes: new Uint8Array(0), total: range ? Number(range[1]) : 0 };
  if (!response.ok) throw new ApiError(response.status, `${response.status} ${response.statusText}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { bytes, total: range ? Number(range[1]) : bytes.length };
}

/** A JSON file the server serves as it is (a message catalogue): null when there is none. No session needed. */
export async function staticJson(path) {
  const response = (await startedEarly(path))
    || (await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } }));
  return response.ok ? response.json() : null;
}

export function logout() {
  return request('POST', '/api/logout');
}
