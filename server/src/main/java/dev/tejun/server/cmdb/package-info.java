/**
 * The CMDB over REST: sheets, rows (register, update with versions, discard, restore), history, as-of and diff,
 * the inventory as JSON or Ansible YAML, and the Excel round trip (export, upload to a preview kept under a plan
 * id, apply all-or-nothing). Handlers parse, call {@code CmdbStore}, and answer JSON; {@link
 * dev.tejun.server.cmdb.CmdbErrors} maps the store's exceptions to statuses in one place. Who made a change comes
 * from {@link dev.tejun.server.cmdb.Actors#of}, the one line a sign-in layer replaces.
 */
package dev.tejun.server.cmdb;
