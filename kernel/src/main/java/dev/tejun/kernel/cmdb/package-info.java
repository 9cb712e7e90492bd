/**
 * The CMDB as the kernel sees it outside cells: {@link dev.tejun.kernel.cmdb.CmdbReferences} resolves
 * {@code ${cmdb.SHEET.HOST.COLUMN}} for substitution, and refuses SECRET columns so they never land in code or
 * evidence.
 */
package dev.tejun.kernel.cmdb;
