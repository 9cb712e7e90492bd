/**
 * The CMDB: parameter sheets with typed columns, rows keyed by host (and operation), a history journal,
 * point-in-time reads and the inventory view. Knows nothing of runbooks.
 */
package dev.tejun.cmdb;
