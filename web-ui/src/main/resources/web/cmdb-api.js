// The CMDB half of docs/protocol.md ("CMDB REST"): small functions that return parsed JSON or throw.

import { me as fetchMe } from './api.js';

let signedIn = null;

/** The signed-in user, asked for once: its CSRF token goes with every write. */
function me() {
  if (signedIn === null) signedIn = fetchMe().catch((err) => { signedIn = null; throw err; });
  return signedIn;
}

/** 409: the row changed since it was read; `row` is the current one. */
export class StaleRowError extends Error {
  constructor(row) {
    super('changed elsewhere');
    this.row = row;
  }
}

/** 400 with per-cell refusals: `errors` is [{sheet, rowRef, column, message}]. */
export class RefusedError extends Error {
  constructor(message, errors, body) {
    super(message);
    this.errors = errors || [];
    this.body = body;
  }
}

/** 400 for a sheet definition: `field` is the path of the field at fault, e.g. `columns[2].pattern`. */
export class DefinitionError extends Error {
  constructor(message, field) {
    super(message);
    this.field = field;
  }
}

export class CmdbError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const enc = encodeURIComponent;

async function call(method, path, body, contentType) {
  // X-Tejun-Client tells the journal this edit came from the web grid, not a script.
  const init = { method, headers: { Accept: 'application/json', 'X-Tejun-Client': 'web' }, credentials: 'same-origin' };
  if (method !== 'GET') {
    // A signed-in browser's state change is refused without its CSRF token; me() fetches it once.
    init.headers['X-CSRF-Token'] = (await me()).csrfToken;
  }
  if (body !== undefined) {
    init.headers['Content-Type'] = contentType || 'application/json';
    init.body = contentType ? body : JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (response.status === 401) {
    location.assign(`/login.html?next=${encodeURIComponent(location.pathname + location.search)}`);
  }
  if (response.status === 409 && json && json.id !== undefined) throw new StaleRowError(json);
  if (response.status === 400 && json && Array.isArray(json.errors)) {
    throw new RefusedError(json.error || 'refused', json.errors, json);
  }
  if (response.status === 400 && json && typeof json.field === 'string') {
    throw new DefinitionError(json.error || 'refused', json.field);
  }
  if (!response.ok) {
    throw new CmdbError(response.status, (json && json.error) || `${response.status} ${response.statusText}`);
  }
  return json;
}

export const createSheet = (def) => call('POST', '/api/cmdb/sheets', def);
export const updateSheet = (def) => call('PUT', `/api/cmdb/sheets/${enc(def.name)}`, def);
/** Rows registered, updated, discarded or restored between two ISO instants (`to` null: now). */
export function sheetDiff(sheet, from, to) {
  const q = new URLSearchParams({ from });
  if (to) q.set('to', to);
  return call('GET', `/api/cmdb/sheets/${enc(sheet)}/diff?${q}`);
}
export const listSheets = () => call('GET', '/api/cmdb/sheets');
export const getSheet = (sheet) => call('GET', `/api/cmdb/sheets/${enc(sheet)}`);

/** `options`: {discarded: bool, asOf: ISO string or null}. */
export function listRows(sheet, options = {}) {
  const q = new URLSearchParams();
  if (options.discarded) q.set('discarded', 'true');
  if (options.asOf) q.set('asOf', options.asOf);
  const query = q.toString();
  return call('GET', `/api/cmdb/sheets/${enc(sheet)}/rows${query ? `?${query}` : ''}`);
}

export const registerRow = (sheet, row) => call('POST', `/api/cmdb/sheets/${enc(sheet)}/rows`, row);
export const updateRow = (sheet, id, row) => call('PUT', `/api/cmdb/sheets/${enc(sheet)}/rows/${id}`, row);
export const discardRow = (sheet, id, version) =>
  call('POST', `/api/cmdb/sheets/${enc(sheet)}/rows/${id}/discard`, { version });
export const restoreRow = (sheet, id, version) =>
  call('POST', `/api/cmdb/sheets/${enc(sheet)}/rows/${id}/restore`, { version });
export const rowHistory = (sheet, id) => call('GET', `/api/cmdb/sheets/${enc(sheet)}/rows/${id}/history`);
export const exportUrl = (sheet) => `/api/cmdb/sheets/${enc(sheet)}/export`;

/** Sends the workbook as the raw body; answers the preview (also for a 400: the file could not be read). */
export async function uploadWorkbook(file) {
  try {
    return await call('POST', '/api/cmdb/import', file,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  } catch (err) {
    if (err instanceof RefusedError && err.body) return err.body;
    throw err;
  }
}

export const applyPlan = (planId) => call('POST', `/api/cmdb/import/${enc(planId)}/apply`, {});
