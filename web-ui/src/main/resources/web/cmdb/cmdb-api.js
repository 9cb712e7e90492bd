// The CMDB half of docs/protocol.md ("CMDB REST"): small functions that return parsed JSON or throw.

import { ApiError, request } from '../lib/http.js';

// Each refusal below is an ApiError too, so a page that shows `err.message` shows every refusal the same way.

/** 409: the row changed since it was read; `row` is the current one. */
export class StaleRowError extends ApiError {
  constructor(row) {
    super(409, 'changed elsewhere', row);
    this.row = row;
  }
}

/** 400 with per-cell refusals: `errors` is [{sheet, rowRef, column, message}]. */
export class RefusedError extends ApiError {
  constructor(message, errors, body) {
    super(400, message, body);
    this.errors = errors || [];
  }
}

/** 400 for a sheet definition: `field` is the path of the field at fault, e.g. `columns[2].pattern`. */
export class DefinitionError extends ApiError {
  constructor(message, field, body) {
    super(400, message, body);
    this.field = field;
  }
}

const enc = encodeURIComponent;

/** Turns the CMDB's refusals into the errors above; any other stays the ApiError it is. */
async function call(method, path, body, contentType) {
  try {
    return await request(method, path, body, { contentType });
  } catch (err) {
    const json = err instanceof ApiError ? err.body : null;
    if (err.status === 409 && json && json.id !== undefined) throw new StaleRowError(json);
    if (err.status === 400 && json && Array.isArray(json.errors)) {
      throw new RefusedError(json.error || 'refused', json.errors, json);
    }
    if (err.status === 400 && json && typeof json.field === 'string') {
      throw new DefinitionError(json.error || 'refused', json.field, json);
    }
    throw err;
  }
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
/** Expected × actual per host and column, for every observed sheet or the one paired with `sheet`. */
export const drift = (sheet) => call('GET', `/api/cmdb/drift${sheet ? `?sheet=${enc(sheet)}` : ''}`);
export const driftXlsxUrl = (sheet) => `/api/cmdb/drift?format=xlsx${sheet ? `&sheet=${enc(sheet)}` : ''}`;
/** Each playbook's, role's, template's and Terraform module's variables with where each comes from. */
export const variables = (query = {}) => {
  const q = new URLSearchParams(query).toString();
  return call('GET', `/api/cmdb/variables${q ? `?${q}` : ''}`);
};
export const getSheet = (sheet) => call('GET', `/api/cmdb/sheets/${enc(sheet)}`);

/**
 * `options`: {discarded: bool, asOf: ISO string or null, after: a row id, limit: rows at most}; with `after` and
 * `limit` one page in id order.
 */
export function listRows(sheet, options = {}) {
  const q = new URLSearchParams();
  if (options.discarded) q.set('discarded', 'true');
  if (options.asOf) q.set('asOf', options.asOf);
  if (options.after) q.set('after', String(options.after));
  if (options.limit) q.set('limit', String(options.limit));
  const query = q.toString();
  return call('GET', `/api/cmdb/sheets/${enc(sheet)}/rows${query ? `?${query}` : ''}`);
}

export const registerRow = (sheet, row) => call('POST', `/api/cmdb/sheets/${enc(sheet)}/rows`, row);
export const updateRow = (sheet, id, row) => call('PUT', `/api/cmdb/sheets/${enc(sheet)}/rows/${id}`, row);
/** Undo: the row goes back to its values at `toVersion` (secrets too), as a new version; `version` is the one read. */
export const revertRow = (sheet, id, version, toVersion) =>
  call('POST', `/api/cmdb/sheets/${enc(sheet)}/rows/${id}/revert`, { version, toVersion });
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
